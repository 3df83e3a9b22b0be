/*
 * engine.h - what rule implementations share (private to src/rules/).
 *
 * A rule is a function that finds its violations for the day in ctx and reports each with
 * rules_emit() or, for rules written as one SQL query, rules_query().
 */
#ifndef TAITS_RULES_ENGINE_H
#define TAITS_RULES_ENGINE_H

#include "rules.h"
#include "sql.h"

struct span {
	int env;          /* index into rules.envs */
	const char *mode; /* as written; NULL: undeclared */
	const char *read; /* the mode it reads as (rules_mode_read()), NULL: none */
	int64_t start, end;
	int64_t record_id; /* the mode_change that opened it, 0 for the undeclared start */
};

struct rules {
	sqlite3 *db;
	const struct tailoring *t;
	char **envs;      /* the environments of the timeline, in the order of their spans */
	size_t nenvs;
	struct env_key {
		const char *name;
		size_t index, first, n; /* envs[index]; its spans: spans[first .. first+n) */
	} *env_order; /* by name, then index */
	struct span *spans; /* by env, then start */
	size_t nspans;
	int borrowed_timeline; /* envs, env_order and spans are the opener's (rules_open()) */
	int64_t *run_files;
	size_t nrun_files;
	/* Set by rules_begin_period(): each LOG-* fact is reported on one day of the period,
	 * the one temp.period_fact or temp.period_file gives. */
	int period;
	int64_t period_start, period_end;
	int64_t period_from, period_to; /* its days */
	int peer_placed; /* the peer has placed the period's facts too */
	sqlite3_stmt *ins_finding, *ins_evidence, *ins_evidence_file;
	sqlite3_stmt *waiver_evidence; /* waiver_matches()'s lookup */
	sqlite3_stmt *waiver_incident_cids; /* and an incident's correlation IDs */
	sqlite3_stmt *json_ids; /* rules_query()'s reading of a JSON array of record ids */
	/* Rule queries prepared once, reused day after day (rules_prepare()): preparing
	 * each again each day was most of a long period report's time. */
	struct cached_stmt {
		char *sql;
		sqlite3_stmt *s;
		int busy; /* handed out, not yet rules_finish()ed */
	} *cache;
	size_t ncache;
	char *last_cid; /* cid_ok()'s memory */
	int last_cid_ok;
	struct rules *peer; /* the same on a second connection, or NULL */
	int own_db;         /* db is closed with this */
};

struct rules_ctx {
	struct rules *r;
	const struct tailoring *t;
	sqlite3 *db;
	char date[11];
	int64_t day;              /* days since 1970-01-01, local */
	int64_t ds, de;           /* [start, end) of the day, instants */
	int64_t session_start, session_end; /* 0, 0 when not a trading day */
	const char *env;          /* filter, or NULL */
	struct day_counts *counts;
	struct error *e;
};

/* One piece of evidence: a record, a rejected record, or a place in a file. */
struct evidence {
	int64_t record_id;
	int64_t rejected_id;
	int64_t file_id;
	long line;
	const char *subject; /* identity to show when there is no record */
	int context;         /* shown for context only: no waiver matches on it */
	const char *cids;    /* the correlation IDs a waiver matches for this record, when the
			      * finding is about some of those it lists (an incident's): a JSON
			      * array of strings */
};

/* Adds one finding. `sev` SEV_NONE means the rule's default; `args` is a JSON object. */
int rules_emit(struct rules_ctx *ctx, const struct rule_def *rule, enum severity sev,
	       const char *env, const char *args, const struct evidence *ev, size_t nev);

/*
 * Runs one query and emits a finding per row. Named parameters that the SQL uses are
 * bound: :ds :de :date :env :session_start :session_end, every threshold in
 * microseconds (:monitor_max_gap, :degrade_within, :kill_within, :incident_stop_within,
 * :freeze_within), and for a period report :period (1, else 0), :period_start and
 * :period_end. Result columns, by name: subject (record id), env, sev (NULL for the
 * default), args (JSON object), more (JSON array of further record ids, or NULL),
 * context (the same, of records cited for context only: a waiver's record, file and
 * correlation_id do not match them, so citing more never widens a waiver), cids (a JSON
 * array of the correlation IDs a waiver matches for the subject, when it lists several).
 */
int rules_query(struct rules_ctx *ctx, const struct rule_def *rule, const char *sql);

/* Prepares sql with the standard parameters bound; NULL on error (ctx->e set). */
sqlite3_stmt *rules_prepare(struct rules_ctx *ctx, const char *sql);
/* Done with a statement of rules_prepare(): reset for the next day, or finalized. */
void rules_finish(struct rules_ctx *ctx, sqlite3_stmt *s);

/* The mode timeline (timeline.c). timeline_read() reads the store's into r, or
 * timeline_borrow() shares lender's: both connections read one store, and the timeline
 * does not change once read. timeline_store() copies r's into its connection's
 * temp.mode_span, where SQL rules join it; timeline_free() frees what r owns. */
int timeline_read(struct rules *r, struct error *e);
void timeline_borrow(struct rules *r, const struct rules *lender);
int timeline_store(struct rules *r, struct error *e);
void timeline_free(struct rules *r);
/* The span of env's timeline in force at ts, or NULL. */
const struct span *timeline_at(const struct rules *r, const char *env, int64_t ts);
/* The spans of env's mode timeline, by start; NULL and *n 0 when env has none. */
const struct span *rules_spans(const struct rules *r, const char *env, size_t *n);
/* The index of the span of s[0..n) in force at t (spans sorted by start, each ending
 * where the next starts), or n when none is. */
size_t rules_span_at(const struct span *s, size_t n, int64_t t);

/* Rule implementations, by section. */
int rule_env_label(struct rules_ctx *, const struct rule_def *);
int rule_local_no_real(struct rules_ctx *, const struct rule_def *);
int rule_sim_no_real(struct rules_ctx *, const struct rule_def *);
int rule_sim_no_bypass(struct rules_ctx *, const struct rule_def *);
int rule_deploy_gate(struct rules_ctx *, const struct rule_def *);
int rule_doc_lock(struct rules_ctx *, const struct rule_def *);
int rule_deploy_fields(struct rules_ctx *, const struct rule_def *);
int rule_undeployed(struct rules_ctx *, const struct rule_def *);
int rule_mode_undeclared(struct rules_ctx *, const struct rule_def *);
int rule_mode_whitelist(struct rules_ctx *, const struct rule_def *);
int rule_disabled_no_exec(struct rules_ctx *, const struct rule_def *);
int rule_observe_no_exec(struct rules_ctx *, const struct rule_def *);
int rule_sim_route(struct rules_ctx *, const struct rule_def *);
int rule_failure_drill(struct rules_ctx *, const struct rule_def *);
int rule_live_links(struct rules_ctx *, const struct rule_def *);
int rule_risk_link(struct rules_ctx *, const struct rule_def *);
int rule_human_decision(struct rules_ctx *, const struct rule_def *);
int rule_monitor_gap(struct rules_ctx *, const struct rule_def *);
int rule_degrade(struct rules_ctx *, const struct rule_def *);
int rule_severity(struct rules_ctx *, const struct rule_def *);
int rule_critical_kill(struct rules_ctx *, const struct rule_def *);
int rule_no_downgrade(struct rules_ctx *, const struct rule_def *);
int rule_halt(struct rules_ctx *, const struct rule_def *);
int rule_incident_fields(struct rules_ctx *, const struct rule_def *);
int rule_grade(struct rules_ctx *, const struct rule_def *);
int rule_steps(struct rules_ctx *, const struct rule_def *);
int rule_response(struct rules_ctx *, const struct rule_def *);
int rule_unrecorded(struct rules_ctx *, const struct rule_def *);
int rule_dangling_cid(struct rules_ctx *, const struct rule_def *);
int rule_checklist_missing(struct rules_ctx *, const struct rule_def *);
int rule_checklist_failed(struct rules_ctx *, const struct rule_def *);
int rule_intraday_change(struct rules_ctx *, const struct rule_def *);
int rule_change_type(struct rules_ctx *, const struct rule_def *);
int rule_change_record(struct rules_ctx *, const struct rule_def *);
int rule_change_mode(struct rules_ctx *, const struct rule_def *);
int rule_freeze_required(struct rules_ctx *, const struct rule_def *);
int rule_freeze_change(struct rules_ctx *, const struct rule_def *);
int rule_unfreeze(struct rules_ctx *, const struct rule_def *);
int rule_log_rejected(struct rules_ctx *, const struct rule_def *);
int rule_log_seq_gap(struct rules_ctx *, const struct rule_def *);
int rule_log_ts_order(struct rules_ctx *, const struct rule_def *);
int rule_log_conflict(struct rules_ctx *, const struct rule_def *);
int rule_log_manifest(struct rules_ctx *, const struct rule_def *);
int rule_log_hash_chain(struct rules_ctx *, const struct rule_def *);
int rule_link_orphan(struct rules_ctx *, const struct rule_def *);
int rule_link_cid_format(struct rules_ctx *, const struct rule_def *);

#endif
