/*
 * incidents.c - §6 incident handling.
 */
#include "engine.h"

#define IDAY "i.occurred_at >= :ds AND i.occurred_at < :de"
#define IENV "(:env IS NULL OR i.environment = :env)"

int rule_incident_fields(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule,
		"SELECT i.id AS subject, i.environment AS env,"
		"       json_object('incident_id', i.incident_id, 'missing', rtrim(m, ', '),"
		"         'missing_zh', rtrim(replace(m, ', ', '、'), '、')) AS args"
		/* m: the fields missing, each followed by ", " */
		" FROM (SELECT i.*,"
		"         CASE WHEN i.type IS NULL THEN 'type, ' ELSE '' END ||"
		"         CASE WHEN i.grade IS NULL THEN 'grade, ' ELSE '' END ||"
		"         CASE WHEN i.scope IS NULL THEN 'scope, ' ELSE '' END ||"
		"         CASE WHEN NOT i.has_actions THEN 'actions, ' ELSE '' END ||"
		"         CASE WHEN NOT i.has_correlation_ids THEN 'correlation_ids, ' ELSE '' END"
		"       AS m"
		"       FROM incident i WHERE " IDAY " AND " IENV ") i"
		" WHERE m <> ''");
}

int rule_grade(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule,
		"SELECT i.id AS subject, i.environment AS env,"
		"       json_object('incident_id', i.incident_id, 'grade', i.grade) AS args"
		" FROM incident i"
		" WHERE " IDAY " AND " IENV
		"   AND (i.grade IS NULL OR i.grade NOT IN ('minor', 'major', 'critical'))");
}

int rule_steps(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule,
		"WITH steps AS ("
		" SELECT i.id, i.environment, i.incident_id,"
		"  (SELECT count(*) FROM incident_action WHERE record_id = i.id AND step = 'stop') AS n_stop,"
		"  (SELECT count(*) FROM incident_action WHERE record_id = i.id AND step = 'stabilize') AS n_stab,"
		"  (SELECT count(*) FROM incident_action WHERE record_id = i.id AND step = 'record') AS n_rec,"
		"  (SELECT count(*) FROM incident_action WHERE record_id = i.id"
		"    AND step IN ('stop', 'stabilize', 'record', 'repair') AND at IS NULL) AS untimed,"
		"  (SELECT min(at) FROM incident_action WHERE record_id = i.id AND step = 'stop') AS stop_at,"
		"  (SELECT min(at) FROM incident_action WHERE record_id = i.id AND step = 'stabilize') AS stab_at,"
		"  (SELECT min(at) FROM incident_action WHERE record_id = i.id AND step = 'record') AS rec_at,"
		"  (SELECT min(at) FROM incident_action WHERE record_id = i.id AND step = 'repair') AS rep_at"
		" FROM incident i WHERE " IDAY " AND " IENV ")"
		"SELECT id AS subject, environment AS env,"
		"       json_object('incident_id', incident_id,"
		"         'stop', CASE WHEN n_stop THEN coalesce(iso(stop_at), '" PHRASE_NO_TIME "') END,"
		"         'stabilize', CASE WHEN n_stab THEN coalesce(iso(stab_at), '" PHRASE_NO_TIME "') END,"
		"         'record_at', CASE WHEN n_rec THEN coalesce(iso(rec_at), '" PHRASE_NO_TIME "') END,"
		"         'repair', iso(rep_at), 'untimed', untimed,"
		"         'untimed_note', CASE WHEN untimed > 0 THEN '" PHRASE_UNTIMED "' ELSE '' END)"
		"       AS args"
		" FROM steps"
		" WHERE n_stop = 0 OR n_stab = 0 OR n_rec = 0 OR untimed > 0"
		"    OR stop_at > stab_at OR stab_at > rec_at OR rep_at < rec_at");
}

int rule_response(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule,
		"SELECT i.id AS subject, i.environment AS env,"
		"       json_object('incident_id', i.incident_id, 'grade', i.grade,"
		"                   'occurred_at', iso(i.occurred_at),"
		"                   'within', :incident_stop_within / 1000000,"
		"                   'deadline', iso(i.occurred_at + :incident_stop_within),"
		"                   'open_note', "
		WINDOW_OPEN_NOTE("i.occurred_at + :incident_stop_within") ") AS args,"
		/* what answered, too little or too late: for a major incident the mode in force
		 * and the first disabling after the window; for a critical one the kill switches */
		"       CASE WHEN i.grade = 'major' THEN json_array("
		"         mode_record_at(i.environment, i.occurred_at),"
		"         (SELECT s.record_id FROM temp.mode_span s WHERE s.environment = i.environment"
		"          AND s.mode = 'disabled' AND s.start > i.occurred_at + :incident_stop_within"
		"          ORDER BY s.start LIMIT 1))"
		"       ELSE " KILLS_AROUND("i.environment", "i.occurred_at", ":incident_stop_within")
		"       END AS context"
		" FROM incident i"
		" WHERE " IDAY " AND " IENV
		/* disabled at some moment of the window, in the timeline of the modes in force:
		 * a mode_change overridden at its own instant never disabled anything */
		"   AND ((i.grade = 'major'"
		"         AND NOT EXISTS (SELECT 1 FROM temp.mode_span s"
		"             WHERE s.environment = i.environment AND s.mode = 'disabled'"
		"               AND s.start <= i.occurred_at + :incident_stop_within"
		"               AND s.end > i.occurred_at))"
		"     OR (i.grade = 'critical'"
		"         AND NOT EXISTS (SELECT 1 FROM record k WHERE k.kind = 'kill_switch'"
		"             AND k.ts >= i.occurred_at AND k.ts <= i.occurred_at + :incident_stop_within"
		"             AND k.environment = i.environment AND k.action = 'activate'"
		"             AND k.result = 'ok')))");
}

int rule_unrecorded(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule,
		"SELECT r.id AS subject, r.environment AS env,"
		"       json_object('kind', r.kind, 'cid', r.correlation_id,"
		"                   'ts', iso(r.ts),"
		"                   'written_note', CASE r.kind WHEN 'alert' THEN " AS_CRITICAL("r")
		"                                   ELSE " AS_ACTIVATE("r") " END,"
		"                   'severity', r.severity, 'action', r.action) AS args"
		" FROM record r"
		" WHERE ((" FIRST_CRITICAL("r") ")"
		"        OR (r.kind = 'kill_switch' AND " MAY_BE_ACTIVATE("r") "))"
		"   AND r.ts >= :ds AND r.ts < :de AND (:env IS NULL OR r.environment = :env)"
		"   AND NOT EXISTS (SELECT 1 FROM incident_correlation ic"
		"                   WHERE ic.correlation_id = r.correlation_id)");
}

int rule_dangling_cid(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule,
		"SELECT i.id AS subject, i.environment AS env,"
		"       json_object('incident_id', i.incident_id, 'cid', ic.correlation_id) AS args,"
		/* a waiver's correlation_id matches the ID the finding is about */
		"       json_array(ic.correlation_id) AS cids"
		" FROM incident i JOIN incident_correlation ic ON ic.record_id = i.id"
		" WHERE " IDAY " AND " IENV " AND ic.correlation_id IS NOT NULL"
		"   AND NOT EXISTS (SELECT 1 FROM record r WHERE r.correlation_id = ic.correlation_id)"
		"   AND NOT EXISTS (SELECT 1 FROM incident_correlation o JOIN record oi ON oi.id = o.record_id"
		"                   WHERE o.correlation_id = ic.correlation_id"
		"                     AND oi.rid IS NOT i.incident_id)"
		/* an ID the incident lists twice is one ID: one finding, at its first place
		 * (found by the ID: by the incident, each of 20,000 IDs read those before it) */
		"   AND NOT EXISTS (SELECT 1 FROM incident_correlation d"
		"                   INDEXED BY incident_correlation_cid"
		"                   WHERE d.correlation_id = ic.correlation_id"
		"                     AND d.record_id = i.id AND d.pos < ic.pos)"
		" ORDER BY ic.pos");
}
