/*
 * cmd_ingest.c - taits-audit ingest: load bundles into the audit store.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "run.h"

static void print_stats(const char *db, const struct ingest_stats *s)
{
	int first = 1;

	printf("ingest: %ld file%s: %ld read, %ld already in the store, %ld manifest%s checked,"
	       " %ld not read\n",
	       s->files_seen, s->files_seen == 1 ? "" : "s", s->files_read, s->files_known,
	       s->files_manifest, s->files_manifest == 1 ? "" : "s", s->files_not_read);
	printf("  records read       %ld\n", s->records_read);
	printf("  records stored     %ld", s->stored);
	for (int k = 1; k < KIND_COUNT; k++) {
		if (!s->stored_by_kind[k])
			continue;
		printf("%s%s %ld", first ? " (" : ", ", kind_name((enum kind)k),
		       s->stored_by_kind[k]);
		first = 0;
	}
	printf("%s\n", first ? "" : ")");
	printf("  duplicates skipped %ld\n", s->duplicates);
	printf("  conflicts          %ld%s\n", s->conflicts,
	       s->conflicts ? " (LOG-CONFLICT: same identity, different content; both kept)" : "");
	printf("  rejected records   %ld%s\n", s->rejected,
	       s->rejected ? " (LOG-REJECTED: see the log integrity section of a review, or"
			     " the table 'rejected')" : "");
	printf("  store              %s\n", db);
}

static int run(struct cli *cli)
{
	struct error e = ERROR_INIT;
	struct store *st = NULL;
	struct ingest_result res;
	struct tailoring t;
	int64_t max_record_bytes;
	const char *db = store_default_path(cli->db);
	int rc;

	if (cli->npaths == 0) {
		fprintf(stderr, "taits-audit ingest: no PATH given\n");
		cli_usage(&cmd_ingest, stderr);
		return EXIT_USAGE;
	}
	/* Of the tailoring, max_record_bytes applies, and the time zone (process-wide once
	 * loaded) dates a rejected line whose time has no offset; the rest of it, the days a
	 * sequence may restart on included, is for the reviews. */
	if (tailoring_load(cli->config, &t, &e)) {
		error_print(&e, stderr);
		tailoring_release(&t);
		return e.status ? e.status : EXIT_USAGE;
	}
	max_record_bytes = t.max_record_bytes;
	tailoring_release(&t);
	memset(&res, 0, sizeof(res));
	if (ingest_check_paths(cli->paths, cli->npaths, &e) ||
	    store_open(db, STORE_WRITE, &st, &e) ||
	    run_ingest(st, cli, max_record_bytes, NULL, &res, &e)) {
		error_print(&e, stderr);
		ingest_result_release(&res); /* the files a failed run had listed */
		store_close(st);
		return e.status ? e.status : EXIT_STORE;
	}
	if (!cli->quiet)
		print_stats(db, &res.stats);
	ingest_result_release(&res);
	store_close(st);
	rc = EXIT_COMPLIANT;
	return rc;
}

const struct command cmd_ingest = {
	"ingest", run, OPT_COMMON,
	"taits-audit ingest [--db FILE] [--config FILE] [--quiet] PATH...",
	"load log bundles into the audit store",
	"\nLoads each PATH (a bundle directory or a single .jsonl/.yaml file) into the\n"
	"audit store in one transaction. Files already stored (same path and SHA-256) are\n"
	"not read again, so ingesting a bundle twice changes nothing. Records that cannot\n"
	"be used are kept as rejected, with file, line and reason.\n\n"
	"  --db FILE       the audit store (default $TAITS_AUDIT_DB, else ./taits-audit.db)\n"
	"  --config FILE   the tailoring file: its max_record_bytes applies, and its\n"
	"                  timezone dates a rejected line whose time has no offset\n"
	"  --quiet         print nothing but errors\n"
	"  (--format and --fail-on are accepted, as by every command, and have no effect)\n\n"
	"exit status: 0 stored, 2 usage or configuration error, 3 a PATH or the --config\n"
	"file could not be read, 4 store error\n",
	"the run is stored, but its summary is lost",
};
