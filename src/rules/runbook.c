/*
 * runbook.c - §7.2 the daily pre-run checklist and §7.3 no structural change in session.
 */
#include "engine.h"

/* The first live submit of the day. */
#define FIRST_LIVE_SUBMIT                                                                  \
	"first AS (SELECT r.id, r.ts, r.event, " AS_SUBMIT("r") " AS submit_note FROM record r"\
	" WHERE r.kind = 'execution' AND r.ts >= :ds AND r.ts < :de"                       \
	" AND " MAY_BE_SUBMIT("r") " AND r.environment = 'live'"                           \
	" ORDER BY r.ts, r.source, r.seq, r.content, r.id LIMIT 1)"

int rule_checklist_missing(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule,
		"WITH " FIRST_LIVE_SUBMIT
		"SELECT f.id AS subject, 'live' AS env,"
		"       json_object('date', :date, 'first_submit', iso(f.ts),"
		"                   'submit_note', f.submit_note, 'event', f.event) AS args,"
		/* the day's live checklists, which came too late, and one completed in time
		 * but dated for another day */
		"       " IDS_IN_ORDER("SELECT c.id FROM checklist c"
		"         WHERE c.environment = 'live'"
		"           AND (c.date = :date OR (c.completed_at >= :ds AND c.completed_at < f.ts))")
		"       AS context"
		" FROM first f"
		" WHERE (:env IS NULL OR :env = 'live')"
		"   AND NOT EXISTS (SELECT 1 FROM checklist c WHERE c.environment = 'live'"
		"                   AND c.date = :date AND c.completed_at < f.ts)");
}

/* Every live checklist of the day completed before the first live submit is "such a
 * checklist" (RULES.md), and §7.2 bars Live for the day once any item has not passed
 * ("任一未通過 → 當日不得進入 Live"): a failed one is a finding even when a later one
 * passed, and cites those later ones as context. */
int rule_checklist_failed(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule,
		"WITH " FIRST_LIVE_SUBMIT ","
		" before AS (SELECT c.* FROM checklist c, first f"
		"   WHERE c.environment = 'live' AND c.date = :date AND c.completed_at < f.ts)"
		"SELECT g.id AS subject, 'live' AS env,"
		"       json_object('checklist_id', g.checklist_id,"
		"                   'failed', " CHECKLIST_ITEMS_NOT_PASS("g") ","
		"                   'first_submit', iso(f.ts), 'submit_note', f.submit_note,"
		"                   'event', f.event) AS args,"
		"       json_array(f.id) AS more,"
		"       " IDS_IN_ORDER("SELECT l.id FROM before l WHERE l.completed_at > g.completed_at")
		"       AS context"
		" FROM before g, first f"
		" WHERE (:env IS NULL OR :env = 'live')"
		"   AND NOT " CHECKLIST_ALL_PASS("g"));
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
