/*
 * model.h - the report model: everything a report says, gathered once from the store and
 * the findings tables, so the XML and the PDF writers render the same facts.
 *
 * Small parts (inputs, summaries, incidents, changes) are held in memory. Findings,
 * run-mode spans, unresolved alerts and timeline markers can be many: they are read in
 * their defined order through report_findings_*(), report_spans_*(), report_alerts_*()
 * and report_markers_*().
 */
#ifndef TAITS_REPORT_MODEL_H
#define TAITS_REPORT_MODEL_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "../rules/rules.h"
#include "../rules/unfreeze.h"
#include "../tailoring.h"
#include "../util/error.h"

enum report_type { REPORT_REVIEW, REPORT_PERIOD, REPORT_UNFREEZE, REPORT_PREFLIGHT };

/* The log integrity and linkage rules (LOG-*, LINK-*), counted apart in a report's log
 * integrity check. */
#define INTEGRITY_RULES 8

struct rep_input {
	char *path, *bundle, *sha256, *format, *note;
	int64_t size, records, rejected;
};

struct rep_exec {
	char *environment, *mode;
	long submits, acks, fills, partial_fills, cancels, rejects, symbols, ks_tests,
		ks_activations;
	long ks_tests_not_ok, ks_activations_not_ok; /* of those, a `result` other than ok */
};

/* A stretch of one mode, as report_spans_next() reads it: its texts live until the next. */
struct rep_span {
	const char *environment, *mode; /* mode NULL: undeclared */
	int64_t from, to;
	const char *file, *bundle; /* NULL for an undeclared stretch */
	long line;
};

struct rep_action {
	char *step, *by, *note;
	int64_t at;
	int has_at;
};

struct rep_incident {
	char *incident_id, *environment, *type, *grade, *scope, *file, *bundle;
	long line;
	int64_t occurred_at;
	struct rep_action *actions;
	size_t nactions;
	int has_review;
	int64_t review_at;
	int has_review_at;
	char *reviewer, *summary;
	char *correlation_ids; /* comma separated */
};

/* An unresolved alert, as report_alerts_next() reads it: its texts live until the next. */
struct rep_alert {
	const char *alert_id, *environment, *severity, *component, *message, *status, *cid;
	const char *record; /* an alert with no alert_id (NULL): its record, source#seq */
	const char *file, *bundle;
	long line;
	int64_t first_at, last_at;
	int was_critical; /* downgraded: its latest record is INFO or WARN, an earlier CRITICAL */
};

/* Something to mark on the day's timeline, as report_markers_next() reads it: its texts
 * live until the next. */
struct rep_marker {
	const char *environment;
	const char *what;  /* critical_alert | kill_switch_test | kill_switch_activate | incident
			    * | change */
	const char *label; /* the alert, incident or change ID, or the kill switch's
			    * correlation ID */
	int64_t at;
	const char *result; /* a kill switch's result, as written */
	const char *file, *bundle;
	int line;
};

struct rep_waiver {
	const struct waiver *w;
	int index; /* 1-based, as in finding.waiver */
	int expired;
	long applied;
};

/* Period report: one operating day. */
struct rep_day {
	char date[11];
	int compliant;
	struct day_counts counts;
	long records; /* stored records of the day (of the environment): 0 tells a day with
		       * nothing shipped from a clean one */
};

struct rep_change {
	int64_t record_id;
	char *change_id, *environment, *type, *audit_ref, *file, *bundle, *freeze_id;
	int64_t applied_at;
	long line;
	int repair, strategy_expansion; /* 1, 0, -1 unknown */
	int audited_repair;             /* repair with audit_ref, no strategy expansion */
};

struct rep_freeze {
	char *freeze_id, *environment, *reason, *trigger, *file, *bundle;
	int64_t started_at, ended_at; /* ended_at 0 when still active */
	long line;
	int ready; /* unfreeze conditions held at the end; -1 when still active */
};

struct rep_deployment {
	char *deployment_id, *environment, *status, *owner, *file, *bundle;
	int64_t deployed_at;
	long line;
	int gate_passed, verified;
};

struct rep_lock {
	char *lock_id, *documents, *file, *bundle;
	int64_t effective_at;
	long line;
};

/* The stored record a preflight check or an unfreeze item rests on ("incident INC-...");
 * all NULL when it names none. */
struct rep_record_ref {
	char *file, *bundle, *identity;
	long line;
	char *kind, *correlation_id; /* NULL when the record has none */
	char time[80]; /* the record's time, as it was written */
};

/* Preflight: one check and its outcome. A truth value reads as CHECK_FAIL (0) or
 * CHECK_PASS (1). */
enum check_status { CHECK_FAIL, CHECK_PASS, CHECK_NOT_JUDGED /* nothing to judge it on */ };

struct rep_check {
	char *rule;  /* the catalog rule the check enforces */
	enum check_status status;
	char *text;  /* what was found, in identifiers and times */
	char *text_zh; /* the same in 繁體中文 */
	struct rep_record_ref ref; /* evidence, all NULL when none */
	struct rep_record_ref also; /* a record it is judged against (the lock in force) */
	int64_t record_id;         /* the evidence's record, 0 when none */
	int64_t also_id;           /* also's record, 0 when none */
	struct rep_record_ref *context; /* records cited for context (the other uncleared
					 * triggers of a halt), as the review cites them */
	size_t ncontext;
	int64_t waiver;            /* a failed check: the waiver covering it (1-based), 0 */
	int64_t expired_waiver;    /* one that would, had it not expired, 0 */
};

struct report {
	enum report_type type;
	sqlite3 *db;
	const struct tailoring *t;
	char date[11], from[11], to[11];
	char *environment; /* "all" or the environment (a freeze's, as written) */
	int64_t day_start, day_end;         /* the audited day (review) or period, instants */
	int64_t session_start, session_end; /* of the day's trading session; 0 when none */
	int compliant;
	struct day_counts counts;
	struct rep_input *inputs;
	size_t ninputs;
	int64_t input_records, input_rejected;
	struct rep_exec *exec;
	size_t nexec;
	size_t nspans; /* the run-mode timeline of a review's day: read with report_spans_*() */
	int64_t spans_lo, spans_hi; /* the first and the last change inside the day; lo > hi
				     * when none */
	char **span_envs; /* the spans' environments, each once */
	size_t nspan_envs;
	struct rep_incident *incidents;
	size_t nincidents;
	size_t nalerts;  /* unresolved alerts: read with report_alerts_*() */
	size_t nalert_ids;       /* the alerts they are of (two sources' latest records of
				  * one alert are two rows, one alert) */
	size_t nalerts_critical; /* of those, CRITICAL at a latest record or before it */
	size_t nmarkers; /* the timeline's markers: read with report_markers_*() */
	int64_t markers_from, markers_to; /* the first and the last marker's time */
	int markers_not_ok; /* a kill switch marker whose result is not ok */
	char **marker_envs; /* the markers' environments, each once (NULL: none) */
	size_t nmarker_envs;
	struct rep_waiver *waivers;
	size_t nwaivers;
	int64_t *cited; /* input_file ids the sections cite: inputs of the report too */
	size_t ncited, capcited;
	long integrity_by_rule[INTEGRITY_RULES]; /* findings, in integrity_rules order */

	/* period report */
	struct rep_day *days;
	size_t ndays;
	long day_records; /* a review: the records stored with the day's time (as a period's
			   * rep_day.records), 0 for a day nothing was shipped for */
	long *rule_day_counts; /* [rule index * ndays + day], rules in catalog order */
	struct rep_change *changes; /* also: the changes during a freeze (unfreeze audit) */
	size_t nchanges;
	struct rep_freeze *freezes; /* also: active freezes (preflight) */
	size_t nfreezes;
	struct rep_deployment *deployments;
	size_t ndeployments;
	struct rep_lock *locks;
	size_t nlocks;

	/* unfreeze audit */
	struct unfreeze *unfreeze;
	struct rep_record_ref *item_refs[UNFREEZE_CONDITIONS]; /* one per unfreeze->cond[c] item */
	struct rep_record_ref freeze_ref;
	/* the waiver in force that covers the DO-8.5-UNFREEZE finding of a freeze not ready,
	 * and one expired that would have: 1-based indexes, 0 for none */
	int64_t unfreeze_waiver, unfreeze_expired_waiver;

	/* preflight */
	struct rep_check *checks;
	size_t nchecks;
	int64_t as_of;     /* what is judged: the records before this instant */
	int first_submit;  /* as_of is the day's first submit (else the day's end) */
	int64_t first_submit_id; /* that submit's record, 0 when none */
	char *first_submit_note[2]; /* zh, en: how its event was read ("" for `submit`) */
};

extern const char *const integrity_rules[]; /* INTEGRITY_RULES of them */

/* The nightly review of one day: evaluates the rules and gathers the report. */
int report_review(struct report *rep, sqlite3 *db, struct rules *rules,
		  const struct tailoring *t, int64_t day, const char *env, struct error *e);

/* The auditor's report over the days [from, to]: each day evaluated as its review would. */
int report_period(struct report *rep, sqlite3 *db, struct rules *rules,
		  const struct tailoring *t, int64_t from, int64_t to, const char *env,
		  struct error *e);

/* The pre-unfreeze audit of freeze `freeze_id` as of *at (NULL: its end, or now; any
 * instant may be given, 1970-01-01T00:00:00Z too). Returns 1 when no such freeze is stored
 * (with *e set). */
int report_unfreeze(struct report *rep, sqlite3 *db, struct rules *rules,
		    const struct tailoring *t, const char *freeze_id, const int64_t *at,
		    struct error *e);

/* The severity of a failed preflight check: its rule's, graded as RULES.md grades it
 * (DO-3.2-DOC-LOCK: critical in live, else major). */
enum severity report_check_severity(const struct report *rep, const struct rep_check *c);

/* The preflight gate of `env` for day `day`. */
int report_preflight(struct report *rep, sqlite3 *db, struct rules *rules,
		     const struct tailoring *t, int64_t day, const char *env, struct error *e);
void report_release(struct report *rep);

/* The findings that decide a verdict: not waived, at or above `fail_on`. A day or a report
 * is compliant when there are none. */
long report_failing(const struct day_counts *c, enum severity fail_on);

/* ---- run-mode spans, unresolved alerts and timeline markers, in order ----
 *
 * A noisy day can hold hundreds of thousands of each, so the model counts them and the
 * writers read them from the store a row at a time. next() returns 1 with the next row,
 * 0 at the end, -1 on error with *e set. */

struct rep_rows; /* iterator */

/* The unresolved alerts, by time; critical_first: those CRITICAL at their latest record
 * or before it first (a table cut short leaves out what matters least). */
int report_alerts_open(const struct report *rep, int critical_first, struct rep_rows **out,
		       struct error *e);
int report_alerts_next(struct rep_rows *it, struct rep_alert *out, struct error *e);
/* The markers of a review's day, by time (MARKER_ORDER_TIME); MARKER_ORDER_LANE: by
 * environment (local, sim, live, the other labels by name, none last), then in the order
 * they claim room on a crowded track (a kill switch activation, an incident, a CRITICAL
 * alert, a change, a kill switch test, anything else), then by time; MARKER_ORDER_WEIGHT:
 * in that order of kinds alone, then by time (a table cut short leaves out the tests). */
enum marker_order { MARKER_ORDER_TIME, MARKER_ORDER_LANE, MARKER_ORDER_WEIGHT };
int report_markers_open(const struct report *rep, enum marker_order order,
			struct rep_rows **out, struct error *e);
int report_markers_next(struct rep_rows *it, struct rep_marker *out, struct error *e);
/* The run-mode timeline of a review's day, by environment then time; valid_first: local,
 * sim and live, then the other labels, by name (as the PDF's lanes order them). */
int report_spans_open(const struct report *rep, int valid_first, struct rep_rows **out,
		      struct error *e);
int report_spans_next(struct rep_rows *it, struct rep_span *out, struct error *e);
void report_rows_close(struct rep_rows *it);

/* ---- findings, in order ---- */

struct rep_evidence {
	const char *file; /* path relative to the bundle root */
	const char *bundle; /* the bundle root the file was first ingested from */
	long line;
	const char *kind; /* NULL for a rejected record or a place in a file */
	const char *identity;
	const char *correlation_id;
	char time[80]; /* "" when none */
	int context;   /* cited for context only: no waiver matches on it */
	/* the file's SHA-256 when the report's inputs hold the bundle's path with other
	 * content too (the version a LOG-CONFLICT cites), else NULL */
	const char *file_sha256;
};

struct rep_finding {
	const char *rule;
	const struct rule_def *def;
	enum severity severity;
	const char *day, *environment;
	int waiver, expired_waiver; /* 1-based indexes into the tailoring's waivers, or 0 */
	char *message_en, *message_zh;
	/* The first piece of evidence (all NULL and "" when none) and how many there are.
	 * All of them, the first too, come from report_evidence_next(): a finding may cite
	 * a hundred thousand records, and none is held but the one being written. */
	struct rep_evidence first;
	size_t nevidence;
};

struct rep_findings; /* iterator */

int report_findings_open(const struct report *rep, struct rep_findings **out, struct error *e);
/* Returns 1 with the next finding, 0 at the end, -1 on error. */
int report_findings_next(struct rep_findings *it, struct rep_finding *out, struct error *e);
/* The current finding's evidence in order, from its first: 1 with the next piece, 0 after
 * the last, -1 on error. The piece's strings last until the next call. */
int report_evidence_next(struct rep_findings *it, struct rep_evidence *out, struct error *e);
/* Starts the current finding's evidence again at its first piece. */
void report_evidence_rewind(struct rep_findings *it);
void report_findings_close(struct rep_findings *it);

#endif
