/*
 * env.c - §2 environments and §3 deployment.
 */
#include "engine.h"

#include <string.h>

int rules_env_valid(const char *env)
{
	return env && (!strcmp(env, "local") || !strcmp(env, "sim") || !strcmp(env, "live"));
}

/* DO-2.1. A record without a valid environment label belongs to no environment, so a
 * review of any one environment (--env) reports it too: no such finding could ever match
 * the filter otherwise. A checklist falls on its `date` (on its completion's day when the
 * date is unreadable). */
#define LABEL_NOTE(r)                                                                      \
	"CASE WHEN " r ".environment IS NOT NULL THEN '" PHRASE_LABEL_WRITTEN "' END"

int rule_env_label(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule,
		"SELECT r.id AS subject, r.environment AS env,"
		"       json_object('kind', r.kind, 'value', r.environment, 'label_note', " LABEL_NOTE("r")
		") AS args"
		" FROM record r"
		" WHERE r.kind IN ('deployment', 'incident', 'change', 'freeze', 'mode_change',"
		"                  'execution', 'risk_check', 'gate_verdict', 'decision', 'alert',"
		"                  'kill_switch', 'heartbeat')"
		"   AND " DAY
		"   AND " NO_ENVIRONMENT("r.environment")
		"   AND NOT (r.kind = 'freeze' AND r.environment IS 'all')"
		" UNION ALL "
		"SELECT c.id, c.environment, json_object('kind', 'checklist', 'value', c.environment,"
		"         'label_note', " LABEL_NOTE("c") ")"
		" FROM temp.checklist_day d JOIN checklist c ON c.id = d.id"
		" WHERE d.day = :date"
		"   AND " NO_ENVIRONMENT("c.environment"));
}

/* DO-2.2 and DO-2.3: a real-order route or a live mode in a non-live environment. An
 * execution with no route, or a route that is neither of the contract's two, may have
 * been a real order: the route is the governance field the rule requires (INPUT.md), and
 * only `simulated` declares it was not. */
#define NO_REAL(envname)                                                                   \
	"SELECT r.id AS subject, r.environment AS env,"                                    \
	"       json_object('detail', CASE WHEN r.kind = 'mode_change' THEN 'to=' || r.mode_to" \
	"                   WHEN r.route IS NULL THEN '" PHRASE_ROUTE_MISSING "'"                 \
	"                   ELSE 'route=' || r.route END) AS args"                          \
	" FROM record r"                                                                   \
	" WHERE r.kind IN ('execution', 'mode_change') AND " DAY " AND " ENV               \
	"   AND r.environment = '" envname "'"                                             \
	"   AND ((r.kind = 'execution' AND r.route IS NOT 'simulated')"                     \
	"     OR (r.kind = 'mode_change' AND " MODE_READ("r.mode_to") " = 'live_execution'))"

int rule_local_no_real(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule, NO_REAL("local"));
}

int rule_sim_no_real(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule, NO_REAL("sim"));
}

const char rules_gate_items_sql[] = GATE_ITEMS_NOT_PASS("d");

int rule_deploy_gate(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule,
		"SELECT subject, env, json_object('deployment_id', deployment_id,"
		"                                 'failed', failed) AS args"
		" FROM (SELECT d.id AS subject, d.environment AS env, d.deployment_id,"
		"              " GATE_ITEMS_NOT_PASS("d") " AS failed"
		"       FROM deployment d"
		"       WHERE d.deployed_at >= :ds AND d.deployed_at < :de"
		"         AND (:env IS NULL OR d.environment = :env) AND d.status = 'deployed')"
		" WHERE failed <> ''");
}

int rule_doc_lock(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule,
		"WITH dl AS ("
		" SELECT d.id, d.environment, d.deployment_id,"
		"        (SELECT l.id FROM document_lock l WHERE l.effective_at <= d.deployed_at"
		"         ORDER BY l.effective_at DESC, l.lock_id DESC, " CONTENT_OF("l.id") " DESC,"
		"           l.id DESC LIMIT 1) AS lock"
		" FROM deployment d"
		" WHERE d.deployed_at >= :ds AND d.deployed_at < :de"
		"   AND (:env IS NULL OR d.environment = :env))"
		"SELECT dl.id AS subject, dl.environment AS env,"
		"       CASE WHEN dl.environment = 'live' THEN 3 ELSE 2 END AS sev,"
		"       json_object('deployment_id', dl.deployment_id,"
		"         'lock_id', (SELECT lock_id FROM document_lock WHERE id = dl.lock),"
		"         'only_deployed', " DOCS_ONLY_IN("deployment_document", "dl.id",
						  "lock_document", "dl.lock") ","
		"         'only_locked', " DOCS_ONLY_IN("lock_document", "dl.lock",
						"deployment_document", "dl.id") ","
		"         'lock_note', CASE WHEN dl.lock IS NULL THEN '" PHRASE_LOCK_NONE "'"
		"                      WHEN NOT " DEPLOYMENT_HAS_DOCS("dl.id")
		"                      THEN '" PHRASE_LOCK_NO_DOCS "' ELSE '" PHRASE_LOCK_DIFFER "' END)"
		"       AS args,"
		"       json_array(dl.lock) AS more"
		" FROM dl"
		" WHERE dl.lock IS NULL"
		/* no document listed: the empty set, which no lock can vouch for */
		"    OR NOT " DEPLOYMENT_HAS_DOCS("dl.id")
		"    OR EXISTS (SELECT doc_key, version FROM deployment_document WHERE record_id = dl.id"
		"               EXCEPT SELECT doc_key, version FROM lock_document WHERE record_id = dl.lock)"
		"    OR EXISTS (SELECT doc_key, version FROM lock_document WHERE record_id = dl.lock"
		"               EXCEPT SELECT doc_key, version FROM deployment_document WHERE record_id = dl.id)");
}

int rule_deploy_fields(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule,
		"SELECT d.id AS subject, d.environment AS env,"
		"       json_object('deployment_id', d.deployment_id, 'status', d.status,"
		"         'missing', rtrim(m, ', '), 'missing_zh', rtrim(replace(m, ', ', '、'), '、'),"
		"         'fault_note', CASE WHEN NOT bad THEN '" PHRASE_DEPLOY_LACKS "'"
		"                            WHEN m = '' THEN '" PHRASE_DEPLOY_BAD_STATUS "'"
		"                            ELSE '" PHRASE_DEPLOY_BOTH "' END) AS args"
		/* m: the fields missing; bad: a status there but neither of the two */
		" FROM (SELECT d.*,"
		"         CASE WHEN d.owner IS NULL THEN 'owner, ' ELSE '' END ||"
		"         CASE WHEN NOT " DEPLOYMENT_HAS_DOCS("d.id") " THEN 'documents, ' ELSE '' END ||"
		"         CASE WHEN NOT " DEPLOYMENT_HAS_MODULES("d.id") " THEN 'modules, ' ELSE '' END ||"
		"         CASE WHEN d.status IS NULL THEN 'status' ELSE '' END AS m,"
		"         coalesce(d.status NOT IN ('deployed', 'rejected'), 0) AS bad"
		"       FROM deployment d"
		"       WHERE d.deployed_at >= :ds AND d.deployed_at < :de"
		"         AND (:env IS NULL OR d.environment = :env)) d"
		" WHERE m <> '' OR bad");
}

int rule_undeployed(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule,
		"WITH deployed AS MATERIALIZED ("
		" SELECT rid AS deployment_id, environment, min(ts) AS first_at FROM record"
		" WHERE kind = 'deployment' AND status = 'deployed' AND rid IS NOT NULL"
		" GROUP BY rid, environment)"
		"SELECT r.id AS subject, r.environment AS env,"
		"       json_object('kind', r.kind, 'deployment_id', r.deployment_id) AS args,"
		/* the deployments of that ID that do not count: another environment, rejected,
		 * or deployed after it */
		"       (SELECT json_group_array(id) FROM (SELECT d.id FROM record d"
		"        WHERE d.kind = 'deployment' AND d.rid = r.deployment_id"
		"        ORDER BY d.ts, d.content, d.id)) AS more"
		" FROM record r"
		" WHERE r.kind IN ('execution', 'mode_change') AND " DAY " AND " ENV
		"   AND NOT EXISTS (SELECT 1 FROM deployed d WHERE d.deployment_id = r.deployment_id"
		"                   AND d.environment = r.environment AND d.first_at <= r.ts)");
}
