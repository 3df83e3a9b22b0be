/*
 * modes.c - §4 run modes, and the linkage of live orders to gate, risk and decision.
 */
#include "engine.h"

#include <string.h>

#include "../util/jsonw.h"

/* No mode, or one that reads as none of the four (sql.h MODE_READ): the mode change
 * that declared it is cited then. The mode as read is the span's (mode_read_at), read
 * once when the timeline is; the mode as written only for what is reported. */
int rule_mode_undeclared(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule,
		"SELECT r.id AS subject, r.environment AS env,"
		"       json_object('kind', r.kind, 'ts', iso(r.ts),"
		"                   'mode_written', r.mode,"
		"                   'mode_note', CASE WHEN r.mode IS NULL AND r.mrec IS NOT NULL"
		"                     THEN '" PHRASE_MODE_NO_TO "' ELSE " MODE_NOTE("r.mode") " END)"
		"         AS args,"
		/* the mode change that left it undeclared, if one did */
		"       CASE WHEN r.mrec IS NOT NULL THEN json_array(r.mrec) END AS more"
		" FROM (SELECT r.id, r.environment, r.kind, r.ts, r.ts_offset,"
		"              mode_at(r.environment, r.ts) AS mode,"
		"              mode_record_at(r.environment, r.ts) AS mrec"
		"       FROM record r"
		"       WHERE r.kind IN ('execution', 'decision', 'risk_check', 'gate_verdict')"
		"         AND " DAY " AND " ENV " AND mode_read_at(r.environment, r.ts) IS NULL"
		"       LIMIT -1) r");
}

int rule_mode_whitelist(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule,
		"SELECT r.id AS subject, r.environment AS env,"
		"       json_object('kind', r.kind, 'mode', CASE WHEN r.mode_to IS NULL"
		"         OR r.mode_to NOT IN " MODES " THEN r.mode_to ELSE r.mode_from END) AS args"
		" FROM record r"
		" WHERE r.kind = 'mode_change' AND " DAY " AND " ENV
		"   AND (r.mode_to IS NULL OR r.mode_to NOT IN " MODES
		"        OR (r.mode_from IS NOT NULL AND r.mode_from NOT IN " MODES "))"
		" UNION ALL "
		"SELECT c.id, c.environment, json_object('kind', 'checklist', 'mode', c.run_mode)"
		" FROM temp.checklist_day d JOIN checklist c ON c.id = d.id"
		" WHERE d.day = :date"
		"   AND (:env IS NULL OR c.environment = :env)"
		"   AND (c.run_mode IS NULL OR c.run_mode NOT IN " MODES ")");
}

int rule_disabled_no_exec(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule,
		"SELECT r.id AS subject, r.environment AS env,"
		"       json_object('kind', r.kind, 'event', coalesce(r.event, r.verdict),"
		"                   'ts', iso(r.ts), 'mode_written', r.mode,"
		"                   'mode_note', " MODE_NOTE("r.mode") ") AS args,"
		"       json_array(mode_record_at(r.environment, r.ts)) AS more"
		" FROM (SELECT r.*, mode_at(r.environment, r.ts) AS mode FROM record r"
		"       WHERE r.kind IN ('execution', 'decision') AND " DAY " AND " ENV
		"         AND mode_read_at(r.environment, r.ts) = 'disabled' LIMIT -1) r");
}

int rule_observe_no_exec(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule,
		"SELECT r.id AS subject, r.environment AS env,"
		"       json_object('event', r.event, 'order_id', r.order_id,"
		"                   'ts', iso(r.ts), 'mode_written', r.mode,"
		"                   'mode_note', " MODE_NOTE("r.mode") ") AS args,"
		"       json_array(mode_record_at(r.environment, r.ts)) AS more"
		" FROM (SELECT r.*, mode_at(r.environment, r.ts) AS mode FROM record r"
		"       WHERE r.kind = 'execution' AND " DAY " AND " ENV
		"         AND mode_read_at(r.environment, r.ts) = 'observe_only' LIMIT -1) r");
}

int rule_sim_route(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule,
		"SELECT r.id AS subject, r.environment AS env,"
		"       json_object('event', r.event, 'order_id', r.order_id,"
		"         'detail', CASE WHEN r.route IS NULL THEN '" PHRASE_ROUTE_MISSING "'"
		"                   ELSE 'route=' || r.route END,"
		"         'mode_written', r.mode, 'mode_note', " MODE_NOTE("r.mode") ") AS args,"
		"       json_array(mode_record_at(r.environment, r.ts)) AS more"
		" FROM (SELECT r.*, mode_at(r.environment, r.ts) AS mode FROM record r"
		"       WHERE r.kind = 'execution' AND " DAY " AND " ENV
		/* no route, or one neither simulated nor broker: it may have been real */
		"         AND r.route IS NOT 'simulated'"
		"         AND mode_read_at(r.environment, r.ts) = 'simulated_execution' LIMIT -1) r");
}

/* The day's stretches in simulated_execution of each environment, each span that opens
 * one (its predecessor, the span ending where it starts, is in another mode) found by
 * mode_span_end: a day of thousands of mode changes costs a lookup each, not a scan. */
int rule_failure_drill(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule,
		"WITH sim AS MATERIALIZED ("
		"  SELECT s.environment, s.record_id, s.start,"
		"         NOT EXISTS (SELECT 1 FROM temp.mode_span p"
		"           WHERE p.environment = s.environment AND p.end = s.start"
		"             AND p.mode_read = 'simulated_execution') AS opens"
		"  FROM temp.mode_span s"
		"  WHERE s.mode_read = 'simulated_execution'"
		"    AND s.start < :de AND s.end > :ds"
		"    AND (:env IS NULL OR s.environment = :env)),"
		" first AS (SELECT environment, min(start) AS start FROM sim GROUP BY environment)"
		"SELECT (SELECT x.record_id FROM sim x WHERE x.environment = f.environment"
		"        ORDER BY x.start LIMIT 1) AS subject,"
		"       f.environment AS env, json_object('environment', f.environment) AS args,"
		/* the day's other stretches in simulated_execution */
		"       (SELECT json_group_array(record_id) FROM (SELECT x.record_id FROM sim x"
		"        WHERE x.environment = f.environment AND x.opens AND x.start > f.start"
		"        ORDER BY x.start)) AS more"
		" FROM first f"
		" WHERE NOT EXISTS (SELECT 1 FROM record k WHERE k.kind = 'kill_switch'"
		"                   AND k.ts >= :ds AND k.ts < :de"
		"                   AND k.environment = f.environment"
		"                   AND k.action IN ('test', 'activate'))");
}

/* ---- linkage: the latest verdict at or before a submit ---- */

struct verdict {
	int found;          /* any verdict at or before the submit */
	int pass;           /* all verdicts at the latest instant pass */
	int64_t at;         /* that instant */
	int64_t id;         /* the deciding record (a failing one when there is) */
	char value[64];
};

struct link {
	const char *rule;       /* the rule of a live link */
	const char *kind;       /* gate_verdict | risk_check | decision */
	const char *pass_value; /* PASS | pass | approve (a decision's value is its verdict) */
};

static const struct link gate = { "DO-4.6-GATE-LINK", "gate_verdict", "PASS" };
static const struct link risk = { "DO-4.6-RISK-LINK", "risk_check", "pass" };
static const struct link human = { "DO-4.6-HUMAN-DECISION", "decision", "approve" };

/*
 * A submit's links are read in one seek of record_cid: every record of its correlation
 * ID, newest first within each kind (the index's order, backwards: no sort). A flow holds
 * a handful of records. INPUT.md allows one ID for any number of submits, though, and
 * reading all of such an ID for each of n submits cost n^2 (8,000 submits of one ID: 56
 * s). Past FLOW_ROWS records the read stops, and each link is one seek of its kind at or
 * before the submit instead, read only as far as the latest instant: three seeks a submit
 * would cost a day of ordinary flows a third more than one.
 */
#define FLOW_ROWS 64

static const char flow_sql[] =
	"SELECT kind, ts, verdict, id FROM record INDEXED BY record_cid"
	" WHERE correlation_id = ?1"
	" ORDER BY kind DESC, ts DESC, verdict DESC, environment DESC, content DESC, id DESC";

static const char verdict_sql[] =
	"SELECT ts, verdict, id FROM record INDEXED BY record_cid"
	" WHERE correlation_id = ?1 AND kind = ?2 AND ts <= ?3"
	" ORDER BY ts DESC, verdict DESC, environment DESC, content DESC, id DESC";

/* Whether decision `id` names who decided: an approval by no one is no human adjudication
 * (INPUT.md: decided_by, a person, is the field DO-4.6-HUMAN-DECISION requires). */
static const char decided_sql[] = "SELECT decided_by IS NOT NULL FROM record WHERE id = ?1";

struct lookups {
	sqlite3_stmt *flow, *verdict, *who;
};

/*
 * One record of `link`'s kind at or before the submit, newest first, into *o. The latest
 * instant decides: when several records share it, the link passes only if all pass, and
 * the evidence is the first failing one in record_cid's order (or the first one when all
 * pass). The rows come in the reverse of that order, so each failing row replaces the
 * evidence, and a passing one does while none has failed. Returns 1 for a record of an
 * earlier instant (it and all after it decide nothing), -1 on a store error.
 */
static int consider(struct rules_ctx *ctx, sqlite3_stmt *who, const struct link *link,
		    struct verdict *o, int64_t t, const char *v, int64_t id)
{
	int ok;

	if (!o->found) {
		o->found = 1;
		o->pass = 1;
		o->at = t;
	} else if (t != o->at) {
		return 1;
	}
	ok = v && !strcmp(v, link->pass_value);
	if (ok && link == &human) {
		int step;
		sqlite3_reset(who);
		sqlite3_bind_int64(who, 1, id);
		step = sqlite3_step(who);
		/* the row exists: anything else is a store error */
		if (step != SQLITE_ROW) {
			sqlite3_reset(who);
			return error_set(ctx->e, EXIT_STORE, "review", "reading a decision: %s",
					 sqlite3_errmsg(ctx->db));
		}
		if (!sqlite3_column_int(who, 0)) {
			ok = 0;
			v = PHRASE_APPROVE_BY_NO_ONE;
		}
		sqlite3_reset(who);
	}
	if (!ok) {
		o->pass = 0;
		o->id = id;
		snprintf(o->value, sizeof(o->value), "%s", v ? v : "(missing)");
	} else if (o->pass) {
		o->id = id;
		snprintf(o->value, sizeof(o->value), "%s", v);
	}
	return 0;
}

/* All links from the flow's records in one read: 1 when the flow holds more than
 * FLOW_ROWS records (out[] is then not filled), -1 on a store error. */
static int flow_verdicts(struct rules_ctx *ctx, const struct lookups *lk, const char *cid,
			 int64_t ts, const struct link *const *links, size_t n, struct verdict *out)
{
	sqlite3_stmt *q = lk->flow;
	int done[3] = { 0, 0, 0 }, rows = 0, rc;

	sqlite3_reset(q);
	sqlite3_bind_text(q, 1, cid, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(q, 0);
		int64_t t = sqlite3_column_int64(q, 1);
		size_t i;
		if (++rows > FLOW_ROWS) {
			sqlite3_reset(q);
			return 1;
		}
		if (t > ts)
			continue;
		for (i = 0; i < n && strcmp(kind, links[i]->kind); i++)
			;
		if (i == n || done[i])
			continue;
		rc = consider(ctx, lk->who, links[i], &out[i], t,
			      (const char *)sqlite3_column_text(q, 2), sqlite3_column_int64(q, 3));
		if (rc < 0) {
			sqlite3_reset(q);
			return -1;
		}
		done[i] = rc;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return error_set(ctx->e, EXIT_STORE, "review", "reading verdicts: %s",
				 sqlite3_errmsg(ctx->db));
	return 0;
}

/* One link from a seek of its kind: for a flow of more than FLOW_ROWS records. */
static int kind_verdict(struct rules_ctx *ctx, const struct lookups *lk, const char *cid,
			int64_t ts, const struct link *link, struct verdict *o)
{
	sqlite3_stmt *q = lk->verdict;
	int rc, c = 0;

	sqlite3_reset(q);
	sqlite3_bind_text(q, 1, cid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, link->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, ts);
	while (!c && (rc = sqlite3_step(q)) == SQLITE_ROW)
		c = consider(ctx, lk->who, link, o, sqlite3_column_int64(q, 0),
			     (const char *)sqlite3_column_text(q, 1), sqlite3_column_int64(q, 2));
	sqlite3_reset(q);
	if (c < 0)
		return -1;
	if (!c && rc != SQLITE_DONE)
		return error_set(ctx->e, EXIT_STORE, "review", "reading verdicts: %s",
				 sqlite3_errmsg(ctx->db));
	return 0;
}

/* For each link, the latest record of its kind for the correlation ID at or before ts. */
static int latest_verdicts(struct rules_ctx *ctx, const struct lookups *lk, const char *cid,
			   int64_t ts, const struct link *const *links, size_t n,
			   struct verdict *out)
{
	int rc;

	memset(out, 0, n * sizeof(*out));
	if (!cid)
		return 0;
	if ((rc = flow_verdicts(ctx, lk, cid, ts, links, n, out)) <= 0)
		return rc;
	memset(out, 0, n * sizeof(*out));
	for (size_t i = 0; i < n; i++)
		if (kind_verdict(ctx, lk, cid, ts, links[i], &out[i]))
			return -1;
	return 0;
}

/*
 * Submits in `env` whose latest verdict of a link is missing or not passing. With
 * `combined`, one finding of that rule per submit, naming every link that failed
 * (DO-2.3-SIM-NO-BYPASS); without, one finding of each link's own rule (DO-4.6-*).
 */
static int check_links(struct rules_ctx *ctx, const struct rule_def *combined,
		       const char *env, const struct link *const *links, size_t nlinks)
{
	sqlite3_stmt *s = NULL;
	struct lookups lk = { NULL, NULL, NULL };
	struct buf args = BUF_INIT;
	int rc, ret = -1;

	if (ctx->env && strcmp(ctx->env, env))
		return 0;
	if (sqlite3_prepare_v2(ctx->db, flow_sql, -1, &lk.flow, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(ctx->db, verdict_sql, -1, &lk.verdict, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(ctx->db, decided_sql, -1, &lk.who, NULL) != SQLITE_OK) {
		error_set(ctx->e, EXIT_STORE, "review", "preparing verdict lookups: %s",
			  sqlite3_errmsg(ctx->db));
		goto out;
	}
	s = rules_prepare(ctx,
		"SELECT r.id, r.correlation_id, r.ts, r.order_id, " AS_SUBMIT("r") ", r.event"
		" FROM record r"
		" WHERE r.kind = 'execution' AND r.ts >= :ds AND r.ts < :de AND " MAY_BE_SUBMIT("r")
		"   AND r.environment = :link_env");
	if (!s)
		goto out;
	sqlite3_bind_text(s, sqlite3_bind_parameter_index(s, ":link_env"), env, -1,
			  SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct verdict v[3];
		struct evidence ev[4];
		size_t nev = 1;
		int bad = 0;
		const char *cid = (const char *)sqlite3_column_text(s, 1);

		memset(ev, 0, sizeof(ev));
		ev[0].record_id = sqlite3_column_int64(s, 0);
		if (latest_verdicts(ctx, &lk, cid, sqlite3_column_int64(s, 2), links, nlinks, v))
			goto out;
		for (size_t i = 0; i < nlinks; i++)
			bad |= !(v[i].found && v[i].pass);
		if (!bad)
			continue;
		jsonw_begin(&args);
		jsonw_str(&args, "order_id", (const char *)sqlite3_column_text(s, 3));
		jsonw_str(&args, "cid", cid);
		jsonw_str(&args, "submit_note", (const char *)sqlite3_column_text(s, 4));
		jsonw_str(&args, "event", (const char *)sqlite3_column_text(s, 5));
		for (size_t i = 0; i < nlinks; i++)
			jsonw_str(&args, links[i]->kind, v[i].found ? v[i].value : NULL);
		jsonw_end(&args);
		for (size_t i = 0; i < nlinks; i++) {
			if (v[i].found && v[i].pass)
				continue;
			if (!combined) {
				/* this link's own rule, with its deciding record */
				ev[1].record_id = v[i].id;
				if (rules_emit(ctx, rule_find(links[i]->rule), SEV_NONE, env,
					       args.data, ev, v[i].found ? 2 : 1))
					goto out;
			} else if (v[i].found) {
				ev[nev++].record_id = v[i].id;
			}
		}
		if (combined && rules_emit(ctx, combined, SEV_NONE, env, args.data, ev, nev))
			goto out;
	}
	if (rc != SQLITE_DONE) {
		error_set(ctx->e, EXIT_STORE, "review", "submits: %s", sqlite3_errmsg(ctx->db));
		goto out;
	}
	ret = 0;
out:
	buf_release(&args);
	rules_finish(ctx, s);
	sqlite3_finalize(lk.flow);
	sqlite3_finalize(lk.verdict);
	sqlite3_finalize(lk.who);
	return ret;
}

int rule_sim_no_bypass(struct rules_ctx *ctx, const struct rule_def *rule)
{
	const struct link *links[] = { &gate, &risk };

	return check_links(ctx, rule, "sim", links, 2);
}

/*
 * The three §4.6 links are checked in one pass over the day's live submits: each
 * submit is read once and its three verdicts looked up together. The pass runs under
 * DO-4.6-GATE-LINK and reports the findings of all three rules (so its time, with
 * TAITS_AUDIT_TIMING, is theirs); the catalog's functions of the other two do nothing.
 */
int rule_live_links(struct rules_ctx *ctx, const struct rule_def *rule)
{
	const struct link *links[] = { &gate, &risk, &human };

	(void)rule;
	return check_links(ctx, NULL, "live", links, 3);
}

int rule_risk_link(struct rules_ctx *ctx, const struct rule_def *rule)
{
	(void)ctx;
	(void)rule;
	return 0; /* reported by the pass of rule_live_links() */
}

int rule_human_decision(struct rules_ctx *ctx, const struct rule_def *rule)
{
	(void)ctx;
	(void)rule;
	return 0; /* reported by the pass of rule_live_links() */
}
