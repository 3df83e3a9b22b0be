/*
 * rules.h - evaluating the rule catalog over the audit store.
 *
 * rules_open() prepares a connection: SQL functions the rules use (mode_at, cid_ok, ...)
 * and the temporary tables that receive findings. rules_evaluate_day() runs every rule of
 * the catalog for one operating day and adds its findings to temp.finding and
 * temp.evidence; waivers are applied as findings are added. The report model reads those
 * tables.
 */
#ifndef TAITS_RULES_H
#define TAITS_RULES_H

#include <sqlite3.h>
#include <stdint.h>

#include "../tailoring.h"
#include "../util/error.h"
#include "catalog.h"

struct rules;

/* Whether env is one of the environments INPUT.md names (§2.1): local, sim or live. */
int rules_env_valid(const char *env);

struct day_counts {
	long by_severity[4]; /* not waived, indexed by enum severity */
	long waived;
	long total;
};

/* peer_db: NULL, or a second connection to the same store (store_open_reader()) on which
 * half the rules run, on a second thread; rules_close() closes it (and so does a failed
 * rules_open()). */
int rules_open(sqlite3 *db, sqlite3 *peer_db, const struct tailoring *t, struct rules **out,
	       struct error *e);
void rules_close(struct rules *r);

/* Files that a review covers besides those holding records of the day: the files the
 * run ingested (LOG-* findings of them are reported whatever their day; in a period,
 * once). */
void rules_set_run_files(struct rules *r, const int64_t *ids, size_t n);

/* Adds the run's files to the inputs a report lists (temp.seen_file). */
int rules_note_run_files(struct rules *r, struct error *e);

/*
 * A period report: until rules_end_period(), the days evaluated are days of the period
 * [from, to], and each log-integrity fact (LOG-*) is reported on one of them only: the day
 * of the record on its line when that record falls in the period, else the first day of
 * the period that covers its file. Without a period, a day reports every fact of the
 * files it covers, as a review does. Run files must be set before.
 */
int rules_begin_period(struct rules *r, int64_t from, int64_t to, struct error *e);
void rules_end_period(struct rules *r);

/* Evaluates every rule for local day `day` (days since 1970-01-01), environment `env`
 * (NULL for all); fills *counts. `beside(arg)`, when given, is other work for the calling
 * thread and its connection: it runs while the second connection starts on the rules (or
 * before the rules, without one), and its failure (-1, with e set) fails the call. */
int rules_evaluate_day(struct rules *r, int64_t day, const char *env, struct day_counts *counts,
		       int (*beside)(void *), void *arg, struct error *e);

/* The waiver of the tailoring that covers a finding of rule `rule_id` in `env` on `date`
 * (YYYY-MM-DD) resting on the n (at most 4) records `ids`, as a review's findings are
 * matched: *waiver is its 1-based index (0: none); *expired, when no waiver is in force,
 * the first expired one that would cover it. For a gate's checks (preflight). */
int rules_waiver_for_records(struct rules *r, const char *rule_id, const char *env,
			     const char *date, const int64_t *ids, size_t n, int64_t *waiver,
			     int64_t *expired, struct error *e);

/* The gate items of deployment alias d that do not pass, "item=value ..." ("" when all
 * pass): GATE_ITEMS_NOT_PASS("d") of sql.h, for code that builds its SQL at run time. */
extern const char rules_gate_items_sql[];

/* The mode timeline, for reports: mode of env at ts, NULL when undeclared. */
const char *rules_mode_at(const struct rules *r, const char *env, int64_t ts);
/* The run mode `mode` (as written) reads as, one of the four, or NULL (sql.h MODE_READ). */
const char *rules_mode_read(const char *mode);
/* The mode env has at ts as it reads (rules_mode_read()), or NULL: undeclared, or a mode
 * change to no run mode. */
const char *rules_mode_read_at(const struct rules *r, const char *env, int64_t ts);

#endif
