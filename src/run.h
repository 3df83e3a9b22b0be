/*
 * run.h - the steps every reporting command shares: tailoring, store, ingest of the
 * PATH operands, the output directory, and the summary on stderr.
 */
#ifndef TAITS_RUN_H
#define TAITS_RUN_H

#include "cli.h"
#include "ingest/ingest.h"
#include "report/model.h"
#include "rules/rules.h"
#include "store/store.h"
#include "tailoring.h"
#include "util/buf.h"

struct run {
	struct cli *cli;
	struct tailoring t;
	struct store *st;
	struct rules *rules;
	struct ingest_result ingested;
	struct error e;
};

/* Ingests the command's PATHs into the store: each rejected record named on stderr
 * (unless --quiet) up to a limit, then how many more there were. Reports of this tool
 * in `report_dir` (the command's --out; NULL: none) are not files of a bundle. */
int run_ingest(struct store *st, const struct cli *cli, int64_t max_record_bytes,
	       const char *report_dir, struct ingest_result *out, struct error *e);

/* Loads the tailoring (with --fail-on applied), runs the command's `check` (NULL: none),
 * makes sure of the output directory when
 * the command `writes` reports, opens the store, ingests the PATHs and prepares the
 * rules, on a second connection too when `review_days` (the rules of a day then share
 * two threads). Returns 0, or an exit status with the error printed. */
int run_start(struct run *run, struct cli *cli, const char *command, int review_days,
	      int writes, int (*check)(const struct run *run));
void run_finish(struct run *run);

/* Writes the requested formats of the report beside each other in --out (made like
 * mkdir -p when missing); returns 0 or -1. */
int run_write_report(struct run *run, const struct report *rep, const char *stem);

/* Prints an error and returns its exit status. */
int run_fail(struct run *run);

/* What a reporting command does once its options are checked. */
struct report_command {
	const char *name;
	/* Builds the report: 0, -1 with run->e set, or an exit status of its own. */
	int (*build)(struct run *run, struct report *rep);
	/* Tells stderr what the report says (each decides what --quiet keeps). */
	void (*summary)(const struct run *run, const struct report *rep);
	/* The reports' file name without extension. */
	void (*stem)(const struct report *rep, struct buf *out);
	int files_only_with_format; /* write files only when --format is given */
	int review_days;            /* evaluates the rules day by day (run_start) */
	/* Checks the options that need the configured zone, once the tailoring has set it
	 * and before anything is ingested: 0, or an exit status with the reason printed.
	 * NULL: none. */
	int (*check)(const struct run *run);
};

/* start, build, summary, write, finish: returns the command's exit status (0 compliant,
 * 1 not, or the error's). */
int run_report_command(struct cli *cli, const struct report_command *cmd);

#endif
