/*
 * runbook.c - §7.2 the daily pre-run checklist and §7.3 no structural change in session.
 */
#include "engine.h"

/* The first live submit of the day. */
#define FIRST_LIVE_SUBMIT                                                                  \
	"first AS (SELECT id, ts FROM record WHERE kind = 'execution' AND ts >= :ds"      \
	" AND ts < :de AND event = 'submit' AND environment = 'live'"                     \
	" ORDER BY ts, source, seq LIMIT 1)"

int rule_checklist_missing(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule,
		"WITH " FIRST_LIVE_SUBMIT
		"SELECT f.id AS subject, 'live' AS env,"
		"       json_object('date', :date, 'first_submit', iso(f.ts)) AS args"
		" FROM first f"
		" WHERE (:env IS NULL OR :env = 'live')"
		"   AND NOT EXISTS (SELECT 1 FROM checklist c WHERE c.environment = 'live'"
		"                   AND c.date = :date AND c.completed_at < f.ts)");
}

int rule_checklist_failed(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule,
		"WITH " FIRST_LIVE_SUBMIT ","
		" governing AS (SELECT c.* FROM checklist c, first f"
		"   WHERE c.environment = 'live' AND c.date = :date AND c.completed_at < f.ts"
		"   ORDER BY c.completed_at DESC, c.checklist_id DESC LIMIT 1)"
		"SELECT g.id AS subject, 'live' AS env,"
		"       json_object('checklist_id', g.checklist_id, 'failed', rtrim("
		"  CASE WHEN g.environment_confirmed IS NOT 'pass' THEN 'environment_confirmed=' || coalesce(g.environment_confirmed, 'missing') || ' ' ELSE '' END ||"
		"  CASE WHEN g.run_mode_declared IS NOT 'pass' THEN 'run_mode_declared=' || coalesce(g.run_mode_declared, 'missing') || ' ' ELSE '' END ||"
		"  CASE WHEN g.risk_compliance_normal IS NOT 'pass' THEN 'risk_compliance_normal=' || coalesce(g.risk_compliance_normal, 'missing') || ' ' ELSE '' END ||"
		"  CASE WHEN g.governance_gate_available IS NOT 'pass' THEN 'governance_gate_available=' || coalesce(g.governance_gate_available, 'missing') || ' ' ELSE '' END ||"
		"  CASE WHEN g.kill_switch_test_passed IS NOT 'pass' THEN 'kill_switch_test_passed=' || coalesce(g.kill_switch_test_passed, 'missing') || ' ' ELSE '' END ||"
		"  CASE WHEN g.audit_log_writable IS NOT 'pass' THEN 'audit_log_writable=' || coalesce(g.audit_log_writable, 'missing') || ' ' ELSE '' END)) AS args,"
		"       json_array(f.id) AS more"
		" FROM governing g, first f"
		" WHERE (:env IS NULL OR :env = 'live')"
		"   AND (g.environment_confirmed IS NOT 'pass' OR g.run_mode_declared IS NOT 'pass'"
		"        OR g.risk_compliance_normal IS NOT 'pass'"
		"        OR g.governance_gate_available IS NOT 'pass'"
		"        OR g.kill_switch_test_passed IS NOT 'pass' OR g.audit_log_writable IS NOT 'pass')");
}

int rule_intraday_change(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule,
		"SELECT c.id AS subject, c.environment AS env,"
		"       json_object('change_id', c.change_id, 'applied_at', iso(c.applied_at)) AS args"
		" FROM change c"
		" WHERE c.applied_at >= :session_start AND c.applied_at < :session_end"
		"   AND (:env IS NULL OR c.environment = :env)");
}
