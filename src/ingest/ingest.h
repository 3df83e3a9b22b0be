/*
 * ingest.h - bundles into the audit store.
 *
 * ingest_run() walks each PATH (a bundle directory or a single file), checks the
 * bundle's SHA256SUMS, reads every JSON-lines and YAML file not already in the store, and
 * stores records, rejections and integrity facts in one transaction: either the whole run
 * lands or nothing does.
 */
#ifndef TAITS_INGEST_H
#define TAITS_INGEST_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../store/store.h"
#include "../util/error.h"

#define INGEST_DEFAULT_MAX_RECORD (1u << 20)

struct ingest_options {
	size_t max_record_bytes;
	FILE *log; /* per-rejection lines are written here; NULL for none */
	int log_limit; /* at most this many rejection lines (the rest are counted) */
	const char *report_dir; /* the command's --out: its reports are no bundle's files */
};

struct ingest_result {
	struct ingest_stats stats;
	int64_t *file_ids; /* every input file of this run, read now or before */
	size_t nfile_ids;
};

int ingest_run(struct store *st, char *const *paths, int npaths,
	       const struct ingest_options *opt, struct ingest_result *out, struct error *e);
/* Whether every PATH is there to walk (a directory or a regular file): checked before the
 * store is opened, so that a run failing for a PATH creates no store. */
int ingest_check_paths(char *const *paths, int npaths, struct error *e);
void ingest_result_release(struct ingest_result *r);

#endif
