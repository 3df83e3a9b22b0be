/*
 * modes.c - §4 run modes, and the linkage of live orders to gate, risk and decision.
 */
#include "engine.h"

#include <string.h>

#include "../util/jsonw.h"

#define DAY "r.ts >= :ds AND r.ts < :de"
#define ENV "(:env IS NULL OR r.environment = :env)"
#define MODES "('disabled', 'observe_only', 'simulated_execution', 'live_execution')"

int rule_mode_undeclared(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule,
		"SELECT r.id AS subject, r.environment AS env,"
		"       json_object('kind', r.kind, 'ts', iso(r.ts, r.ts_offset)) AS args"
		" FROM record r"
		" WHERE r.kind IN ('execution', 'decision', 'risk_check', 'gate_verdict')"
		"   AND " DAY " AND " ENV " AND mode_at(r.environment, r.ts) IS NULL");
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
		" FROM checklist c"
		" WHERE coalesce(CASE WHEN date(c.date) = c.date THEN c.date END,"
		"                day_of(c.completed_at)) = :date"
		"   AND (:env IS NULL OR c.environment = :env)"
		"   AND (c.run_mode IS NULL OR c.run_mode NOT IN " MODES ")");
}

int rule_disabled_no_exec(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule,
		"SELECT r.id AS subject, r.environment AS env,"
		"       json_object('kind', r.kind, 'event', coalesce(r.event, r.decision),"
		"                   'ts', iso(r.ts, r.ts_offset)) AS args"
		" FROM record r"
		" WHERE r.kind IN ('execution', 'decision') AND " DAY " AND " ENV
		"   AND mode_at(r.environment, r.ts) = 'disabled'");
}

int rule_observe_no_exec(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule,
		"SELECT r.id AS subject, r.environment AS env,"
		"       json_object('event', r.event, 'order_id', r.order_id,"
		"                   'ts', iso(r.ts, r.ts_offset)) AS args"
		" FROM record r"
		" WHERE r.kind = 'execution' AND " DAY " AND " ENV
		"   AND mode_at(r.environment, r.ts) = 'observe_only'");
}

int rule_sim_route(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule,
		"SELECT r.id AS subject, r.environment AS env,"
		"       json_object('event', r.event, 'order_id', r.order_id) AS args"
		" FROM record r"
		" WHERE r.kind = 'execution' AND " DAY " AND " ENV " AND r.route = 'broker'"
		"   AND mode_at(r.environment, r.ts) = 'simulated_execution'");
}

int rule_failure_drill(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule,
		"SELECT (SELECT s2.record_id FROM temp.mode_span s2"
		"        WHERE s2.environment = s.environment AND s2.mode = 'simulated_execution'"
		"          AND s2.start < :de AND s2.end > :ds ORDER BY s2.start LIMIT 1) AS subject,"
		"       s.environment AS env, json_object('environment', s.environment) AS args"
		" FROM (SELECT DISTINCT environment FROM temp.mode_span"
		"       WHERE mode = 'simulated_execution' AND start < :de AND end > :ds) s"
		" WHERE (:env IS NULL OR s.environment = :env)"
		"   AND NOT EXISTS (SELECT 1 FROM record k WHERE k.kind = 'kill_switch'"
		"                   AND k.ts >= :ds AND k.ts < :de"
		"                   AND k.environment = s.environment"
		"                   AND k.action IN ('test', 'activate'))");
}

/* ---- linkage: the latest verdict at or before a submit ---- */

struct verdict {
	int found;          /* any verdict at or before the submit */
	int pass;           /* all verdicts at the latest instant pass */
	int64_t id;         /* the deciding record (a failing one when there is) */
	char value[64];
};

/*
 * The latest `kind` record for the correlation ID at or before ts. When several share the
 * latest instant, it passes only if all pass, and the first failing one is the evidence.
 */
static int latest_verdict(struct rules_ctx *ctx, sqlite3_stmt *q, const char *cid, int64_t ts,
			  const char *pass_value, struct verdict *out)
{
	int64_t at = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!cid)
		return 0;
	sqlite3_reset(q);
	sqlite3_bind_text(q, 1, cid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 2, ts);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t t = sqlite3_column_int64(q, 0);
		const char *v = (const char *)sqlite3_column_text(q, 1);
		int ok = v && !strcmp(v, pass_value);
		if (out->found && t != at)
			break;
		if (!out->found) {
			out->found = 1;
			out->pass = 1;
			at = t;
		}
		if (!ok && out->pass) {
			out->pass = 0;
			out->id = sqlite3_column_int64(q, 2);
			snprintf(out->value, sizeof(out->value), "%s", v ? v : "(missing)");
		} else if (out->pass && !out->id) {
			out->id = sqlite3_column_int64(q, 2);
			snprintf(out->value, sizeof(out->value), "%s", v);
		}
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return error_set(ctx->e, EXIT_STORE, "review", "reading verdicts: %s",
				 sqlite3_errmsg(ctx->db));
	return 0;
}

struct link {
	const char *kind;       /* gate_verdict | risk_check | decision */
	const char *column;     /* verdict | decision */
	const char *pass_value; /* PASS | pass | approve */
};

static const struct link gate = { "gate_verdict", "verdict", "PASS" };
static const struct link risk = { "risk_check", "verdict", "pass" };
static const struct link human = { "decision", "decision", "approve" };

static sqlite3_stmt *verdict_query(struct rules_ctx *ctx, const struct link *l)
{
	char sql[256];
	sqlite3_stmt *q = NULL;

	snprintf(sql, sizeof(sql),
		 "SELECT ts, %s, id FROM record WHERE correlation_id = ?1 AND ts <= ?2"
		 " AND kind = '%s' ORDER BY ts DESC, id",
		 l->column, l->kind);
	if (sqlite3_prepare_v2(ctx->db, sql, -1, &q, NULL) != SQLITE_OK)
		error_set(ctx->e, EXIT_STORE, "review", "preparing %s lookups: %s", l->kind,
			  sqlite3_errmsg(ctx->db));
	return q;
}

/*
 * Submits in `env` whose latest verdict of each link is missing or not passing: one
 * finding per submit, naming every link that failed.
 */
static int check_links(struct rules_ctx *ctx, const struct rule_def *rule, const char *env,
		       const struct link *const *links, size_t nlinks)
{
	sqlite3_stmt *s = NULL, *q[3] = { NULL, NULL, NULL };
	struct buf args = BUF_INIT;
	int rc, ret = -1;

	if (ctx->env && strcmp(ctx->env, env))
		return 0;
	for (size_t i = 0; i < nlinks; i++)
		if (!(q[i] = verdict_query(ctx, links[i])))
			goto out;
	s = rules_prepare(ctx,
		"SELECT id, correlation_id, ts, order_id FROM record"
		" WHERE kind = 'execution' AND ts >= :ds AND ts < :de AND event = 'submit'"
		"   AND environment = :link_env ORDER BY ts, id");
	if (!s)
		goto out;
	sqlite3_bind_text(s, sqlite3_bind_parameter_index(s, ":link_env"), env, -1,
			  SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct evidence ev[4];
		size_t nev = 1;
		int bad = 0;
		const char *cid = (const char *)sqlite3_column_text(s, 1);

		memset(ev, 0, sizeof(ev));
		ev[0].record_id = sqlite3_column_int64(s, 0);
		jsonw_begin(&args);
		jsonw_str(&args, "order_id", (const char *)sqlite3_column_text(s, 3));
		jsonw_str(&args, "cid", cid);
		for (size_t i = 0; i < nlinks; i++) {
			struct verdict v;
			if (latest_verdict(ctx, q[i], cid, sqlite3_column_int64(s, 2),
					   links[i]->pass_value, &v))
				goto out;
			jsonw_str(&args, links[i]->kind, v.found ? v.value : NULL);
			if (v.found && v.pass)
				continue;
			bad = 1;
			if (v.found)
				ev[nev++].record_id = v.id;
		}
		jsonw_end(&args);
		if (bad && rules_emit(ctx, rule, SEV_NONE, env, args.data, ev, nev))
			goto out;
	}
	if (rc != SQLITE_DONE) {
		error_set(ctx->e, EXIT_STORE, "review", "%s: %s", rule->id, sqlite3_errmsg(ctx->db));
		goto out;
	}
	ret = 0;
out:
	buf_release(&args);
	sqlite3_finalize(s);
	for (size_t i = 0; i < 3; i++)
		sqlite3_finalize(q[i]);
	return ret;
}

int rule_sim_no_bypass(struct rules_ctx *ctx, const struct rule_def *rule)
{
	const struct link *links[] = { &gate, &risk };

	return check_links(ctx, rule, "sim", links, 2);
}

int rule_gate_link(struct rules_ctx *ctx, const struct rule_def *rule)
{
	const struct link *links[] = { &gate };

	return check_links(ctx, rule, "live", links, 1);
}

int rule_risk_link(struct rules_ctx *ctx, const struct rule_def *rule)
{
	const struct link *links[] = { &risk };

	return check_links(ctx, rule, "live", links, 1);
}

int rule_human_decision(struct rules_ctx *ctx, const struct rule_def *rule)
{
	const struct link *links[] = { &human };

	return check_links(ctx, rule, "live", links, 1);
}
