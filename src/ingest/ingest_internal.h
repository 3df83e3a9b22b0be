/*
 * ingest_internal.h - what the readers of one file share with the ingest driver.
 */
#ifndef TAITS_INGEST_INTERNAL_H
#define TAITS_INGEST_INTERNAL_H

#include "ingest.h"
#include "linereader.h"
#include "record.h"
#include "sequence.h"

struct ingest_state; /* one ingest run's, private to ingest.c */
struct pipe; /* pipe.h */

struct filectx {
	struct ingest_state *run;
	struct store *st;
	const struct ingest_options *opt;
	struct ingest_stats *stats;
	const char *path; /* relative to the bundle root */
	const char *shown_full; /* the path as given to open it, as messages name it */
	int64_t file_id;
	int fd;
	int64_t size;
	long records, rejected;
	struct sequence *seq;
	int64_t *buckets;  /* quarter-hours of its records (bucket.h) */
	size_t nbuckets, capbuckets;
	size_t nsorted;    /* buckets[0, nsorted) are sorted and distinct */
	struct pipe *pipe; /* set while a worker thread reads the file */
	struct sha256 *whole; /* set: the reader hashes the file as it reads it */
	int64_t whole_n;      /* bytes it hashed */
};

/* Reads a JSON-lines file (with its hash chain) / a YAML stream. */
int jsonl_read(struct filectx *fc, struct error *e);
int yamlfile_read(struct filectx *fc, struct error *e);

/* Before reading each record: its tree's memory is made ready (an arena the store side
 * can receive, or the previous record's, reset). */
int filectx_next(struct filectx *fc, struct error *e);
/* Around a file: sets up and frees what filectx_next() uses. */
void filectx_arena(struct filectx *fc, int on);

/* What the readers hand to the driver. The record is released by the callee. */
int filectx_record(struct filectx *fc, struct record *r, struct error *e);
int filectx_reject(struct filectx *fc, const struct reject_row *row, struct error *e);
/* A record that record_build() rejected: kept as filectx_reject() keeps it, and still
 * counted in its source's sequence when `why` shows where it stands. */
int filectx_reject_record(struct filectx *fc, const struct reject_row *row,
			  const struct rejection *why, struct error *e);
int filectx_fact(struct filectx *fc, const char *rule, long line, const char *subject,
		 const char *args, struct error *e);

#endif
