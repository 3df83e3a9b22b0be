/*
 * model_internal.h - what the report builders share (private to src/report/).
 */
#ifndef TAITS_REPORT_MODEL_INTERNAL_H
#define TAITS_REPORT_MODEL_INTERNAL_H

#include "model.h"

#define GROW(arr, n, cap)                                                                  \
	do {                                                                               \
		if ((n) == (cap)) {                                                        \
			(cap) = (cap) ? (cap) * 2 : 16;                                    \
			(arr) = xrealloc((arr), (cap) * sizeof(*(arr)));                   \
		}                                                                          \
	} while (0)

char *model_dup(sqlite3_stmt *s, int i);
int model_fail(sqlite3 *db, struct error *e, const char *what);
/* Prepares sql, binding ?1 start, ?2 end, ?3 the report's environment (NULL = all). */
sqlite3_stmt *model_prep(const struct report *rep, const char *sql, int64_t ds, int64_t de,
			 struct error *e);

/* Sections, each for [ds, de) of the report's environment. */
int model_load_inputs(struct report *rep, struct error *e);
/* The execution summary (exec_summary.c): in one pass over the records, with the mode
 * timeline of `rules`, or by the SQL alone (the reference it must equal). */
int model_load_exec(struct report *rep, const struct rules *rules, int64_t ds, int64_t de,
		    struct error *e);
int model_load_exec_sql(struct report *rep, int64_t ds, int64_t de, struct error *e);
int model_load_spans(struct report *rep, int64_t ds, int64_t de, struct error *e);
int model_load_incidents(struct report *rep, int64_t ds, int64_t de, struct error *e);
int model_load_alerts(struct report *rep, int64_t de, struct error *e);
int model_load_markers(struct report *rep, int64_t ds, int64_t de, struct error *e);
/* Findings of the report's days counted by integrity rule and by waiver; with
 * rep->rule_day_counts (a period report), by rule and day too. */
int model_load_counts(struct report *rep, struct error *e);
/* Changes applied in [ds, de), each with the freeze active at it and whether it is an
 * audited repair. */
int model_load_changes(struct report *rep, int64_t ds, int64_t de, struct error *e);
/* Freezes overlapping [ds, de), each ended before de with whether its conditions were met
 * when it ended. */
int model_load_freezes(struct report *rep, int64_t ds, int64_t de, struct error *e);
/* Deployments in force at ds or made in [ds, de), and locks likewise. */
int model_load_deployments(struct report *rep, int64_t ds, int64_t de, struct error *e);
int model_load_locks(struct report *rep, int64_t ds, int64_t de, struct error *e);
/* Adds the files of these records to the report's inputs. */
int model_note_record_files(struct report *rep, const int64_t *ids, size_t n, struct error *e);
/* Where record `id` is: file, line, bundle and identity ("incident INC-7"); all NULL when
 * the store holds no such record. 0, or -1 with e set. */
int model_record_ref(struct report *rep, int64_t id, struct rep_record_ref *out,
		     struct error *e);
void model_record_ref_release(struct rep_record_ref *ref);
/* Sets up a report of `type` for the days [from, to] of env. */
void model_init(struct report *rep, enum report_type type, sqlite3 *db,
		const struct tailoring *t, int64_t from, int64_t to, const char *env);

#endif
