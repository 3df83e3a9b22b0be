/*
 * changes.c - §8 changes and governance freezes.
 */
#include "engine.h"
#include "unfreeze.h"

#include <stdlib.h>
#include <string.h>

#include "../util/jsonw.h"
#include "../util/timeutil.h"

#define CDAY "c.applied_at >= :ds AND c.applied_at < :de"
#define CENV "(:env IS NULL OR c.environment = :env)"

/* Freeze f is of environment env (or of all), and active at instant at. */
#define FREEZE_OF(f, env) "(" f ".environment = " env " OR " f ".environment = 'all')"
#define ACTIVE_FREEZE(f, env, at)                                                          \
	FREEZE_OF(f, env) " AND " f ".started_at <= " at                                   \
	" AND " FREEZE_END(f) " > " at

int rule_change_type(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule,
		"SELECT c.id AS subject, c.environment AS env,"
		"       json_object('change_id', c.change_id, 'type', c.type) AS args"
		" FROM change c"
		" WHERE " CDAY " AND " CENV
		"   AND (c.type IS NULL"
		"        OR c.type NOT IN ('document', 'config', 'module_upgrade', 'governance_rule'))");
}

int rule_change_record(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule,
		"SELECT c.id AS subject, c.environment AS env,"
		"       json_object('change_id', c.change_id, 'missing', c.missing,"
		"         'missing_zh', replace(c.missing, ', ', '、'),"
		"         'missing_note', CASE WHEN c.missing IS NULL THEN ''"
		"                         ELSE '" PHRASE_CHANGE_MISSING "' END,"
		"         'requested_at', iso(c.requested_at),"
		"         'applied_at', iso(c.applied_at),"
		"         'order', CASE WHEN c.requested_at IS NULL OR c.requested_at >= c.applied_at"
		"                  THEN '" PHRASE_REQUEST_NOT_FIRST "' ELSE '' END) AS args"
		" FROM (SELECT c.*, nullif(rtrim("
		"         CASE WHEN c.description IS NULL THEN 'description, ' ELSE '' END ||"
		"         CASE WHEN c.impact_assessment IS NULL THEN 'impact_assessment, ' ELSE '' END ||"
		"         CASE WHEN c.requested_at IS NULL THEN 'requested_at, ' ELSE '' END ||"
		"         CASE WHEN c.requested_by IS NULL THEN 'requested_by, ' ELSE '' END ||"
		"         CASE WHEN c.completed_at IS NULL THEN 'completed_at, ' ELSE '' END, ', '), '')"
		"       AS missing"
		"       FROM change c WHERE " CDAY " AND " CENV ") c"
		" WHERE c.missing IS NOT NULL OR c.requested_at >= c.applied_at");
}

/* Span s of the mode timeline holds a mode that is not stopped, as written (a misspelt
 * `disabled` proves nothing): any other mode, or none declared (a mode change without
 * `to`), as the environment undeclared when the change was applied counts. */
#define NOT_STOPPED(s) "coalesce(" s ".mode NOT IN ('disabled', 'observe_only'), 1)"

int rule_change_mode(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule,
		"WITH w AS ("
		" SELECT c.id, c.environment, c.change_id, c.applied_at AS a,"
		"        max(c.applied_at, coalesce(c.completed_at, c.applied_at)) AS b"
		" FROM change c WHERE " CDAY " AND " CENV ")"
		"SELECT w.id AS subject, w.environment AS env,"
		"       CASE WHEN EXISTS (SELECT 1 FROM temp.mode_span s"
		"             WHERE s.environment = w.environment"
		"               AND s.mode_read = 'live_execution'"
		"               AND s.start <= w.b AND s.end > w.a) THEN 3 ELSE 2 END AS sev,"
		"       json_object('change_id', w.change_id, 'from', iso(w.a), 'to', iso(w.b),"
		"         'modes', coalesce((SELECT group_concat(mode, ', ') FROM"
		"           (SELECT DISTINCT coalesce(s.mode, 'undeclared') AS mode"
		"            FROM temp.mode_span s"
		"            WHERE s.environment = w.environment AND s.start <= w.b AND s.end > w.a"
		"              AND " NOT_STOPPED("s") " ORDER BY 1)),"
		"           'undeclared')) AS args,"
		/* the mode change in force when the change was applied, the change judged
		 * against; then, for context, those that put the environment in such a mode
		 * during it */
		"       " IDS_IN_ORDER("SELECT s.record_id"
		"          FROM temp.mode_span s WHERE s.environment = w.environment"
		"          AND s.start <= w.a AND s.end > w.a AND s.record_id"
		"          AND " NOT_STOPPED("s")) " AS more,"
		"       " IDS_IN_ORDER("SELECT s.record_id"
		"          FROM temp.mode_span s WHERE s.environment = w.environment"
		"          AND s.start > w.a AND s.start <= w.b AND s.record_id"
		"          AND " NOT_STOPPED("s")) " AS context"
		" FROM w"
		" WHERE mode_at(w.environment, w.a) IS NULL"
		"    OR EXISTS (SELECT 1 FROM temp.mode_span s WHERE s.environment = w.environment"
		"               AND s.start <= w.b AND s.end > w.a"
		"               AND " NOT_STOPPED("s") ")");
}

int rule_freeze_required(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule,
		"SELECT i.id AS subject, i.environment AS env,"
		"       json_object('incident_id', i.incident_id, 'grade', i.grade,"
		"                   'occurred_at', iso(i.occurred_at),"
		"                   'within', :freeze_within / 3600000000,"
		/* the window runs past the day, and the store holds no record from after it: a
		 * freeze may yet start */
		"                   'deadline', iso(i.occurred_at + :freeze_within),"
		"                   'open_note', "
		WINDOW_OPEN_SAYING("i.occurred_at + :freeze_within", PHRASE_FREEZE_WINDOW_OPEN)
		") AS args"
		" FROM incident i"
		" WHERE i.occurred_at >= :ds AND i.occurred_at < :de"
		"   AND (:env IS NULL OR i.environment = :env) AND i.grade IN ('major', 'critical')"
		"   AND NOT EXISTS (SELECT 1 FROM freeze f"
		"        WHERE (" ACTIVE_FREEZE("f", "i.environment", "i.occurred_at") ")"
		"           OR (" FREEZE_OF("f", "i.environment") " AND f.started_at >= i.occurred_at"
		"               AND f.started_at <= i.occurred_at + :freeze_within))");
}

int rule_freeze_change(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule,
		"SELECT c.id AS subject, c.environment AS env,"
		"       json_object('change_id', c.change_id, 'freeze_id', f.freeze_id,"
		"                   'repair', CASE c.repair WHEN 1 THEN 'true' WHEN 0 THEN 'false'"
		"                     ELSE '" PHRASE_NOT_BOOLEAN "' END,"
		"                   'audit_ref', c.audit_ref,"
		"                   'strategy_expansion', CASE c.strategy_expansion WHEN 1 THEN 'true'"
		"                     WHEN 0 THEN 'false' ELSE '" PHRASE_NOT_BOOLEAN "' END) AS args,"
		"       json_array(f.id) AS more,"
		/* the other freezes it broke; the message names the earliest */
		"       (SELECT json_group_array(id) FROM (SELECT f3.id FROM freeze f3"
		"          WHERE " ACTIVE_FREEZE("f3", "c.environment", "c.applied_at")
		"          AND f3.id <> f.id ORDER BY f3.started_at, f3.freeze_id,"
		"          " CONTENT_OF("f3.id") ", f3.id)) AS context"
		" FROM change c JOIN freeze f ON f.id = ("
		"   SELECT f2.id FROM freeze f2"
		"   WHERE " ACTIVE_FREEZE("f2", "c.environment", "c.applied_at")
		/* of two versions of one freeze, the lifted one (the open one ends where it
		 * does), then by content: not by which was stored first */
		"   ORDER BY f2.started_at, f2.freeze_id, f2.ended_at IS NULL,"
		"     " CONTENT_OF("f2.id") ", f2.id LIMIT 1)"
		" WHERE " CDAY " AND " CENV
		/* a strategy_expansion that is not a boolean does not say it is not one */
		"   AND (c.repair IS NOT 1 OR c.audit_ref IS NULL OR c.strategy_expansion IS NOT 0)");
}

/* DO-8.5. A freeze of `all` is lifted for every environment: each review reports it. */
int rule_unfreeze(struct rules_ctx *ctx, const struct rule_def *rule)
{
	sqlite3_stmt *s = rules_prepare(ctx,
		"SELECT f.id, f.environment, f.freeze_id, f.ended_at FROM freeze f"
		" WHERE f.ended_at >= :ds AND f.ended_at < :de"
		"   AND (:env IS NULL OR f.environment IN (:env, 'all'))"
		" ORDER BY f.ended_at, f.freeze_id");
	struct buf args = BUF_INIT, failed = BUF_INIT;
	struct evidence *ev = NULL;
	int rc, ret = -1;

	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct unfreeze u;
		int64_t freeze = sqlite3_column_int64(s, 0), *ids;
		size_t nev = 0;
		char at[ISO_MAX];

		if (unfreeze_evaluate(ctx->db, freeze, sqlite3_column_int64(s, 3), &u, ctx->e))
			goto out;
		/* The evidence: the freeze, then each record that falls short, as the
		 * `unfreeze` audit cites them. */
		ids = unfreeze_finding_records(&u, &nev);
		free(ev);
		ev = xcalloc(nev, sizeof(*ev));
		for (size_t k = 0; k < nev; k++)
			ev[k].record_id = ids[k];
		free(ids);
		if (!u.ready) {
			tz_format(u.at, at);
			jsonw_begin(&args);
			jsonw_str(&args, "freeze_id", (const char *)sqlite3_column_text(s, 2));
			jsonw_str(&args, "ended_at", at);
			buf_reset(&failed);
			unfreeze_describe_failed(&u, 0, &failed);
			jsonw_str(&args, "failed", failed.data);
			buf_reset(&failed);
			unfreeze_describe_failed(&u, 1, &failed);
			jsonw_str(&args, "failed_zh", failed.data);
			jsonw_end(&args);
			if (rules_emit(ctx, rule, SEV_NONE, (const char *)sqlite3_column_text(s, 1),
				       args.data, ev, nev)) {
				unfreeze_release(&u);
				goto out;
			}
		}
		unfreeze_release(&u);
	}
	if (rc != SQLITE_DONE) {
		error_set(ctx->e, EXIT_STORE, "review", "%s: %s", rule->id, sqlite3_errmsg(ctx->db));
		goto out;
	}
	ret = 0;
out:
	buf_release(&args);
	buf_release(&failed);
	free(ev);
	rules_finish(ctx, s);
	return ret;
}
