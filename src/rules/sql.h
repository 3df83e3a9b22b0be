/*
 * sql.h - SQL fragments that state a predicate of the catalog once: for the rules, and
 * for the reports that test the same thing (the preflight gate repeats DO-7.2, DO-7.3,
 * DO-4.2 and DO-3.2 for the coming day).
 *
 * A fragment that takes an argument is given the table alias it tests, as a string
 * literal: CHECKLIST_ALL_PASS("c"). DAY and ENV use the named parameters that
 * rules_prepare() binds, so they are for rule queries only.
 */
#ifndef TAITS_RULES_SQL_H
#define TAITS_RULES_SQL_H

/* Records (alias r) of the reviewed day, and of the review's environment if any. */
#define DAY "r.ts >= :ds AND r.ts < :de"
#define ENV "(:env IS NULL OR r.environment = :env)"

/* Whether deployment d lists a document, or a module: an entry that names one (its key
 * or name, or a version). A list of nulls or empty entries (a form's blank `-`) lists
 * none, as an incident's `correlation_ids` of nulls lists no ID. */
#define DEPLOYMENT_HAS_DOCS(d)                                                             \
	"EXISTS (SELECT 1 FROM deployment_document x WHERE x.record_id = " d                 \
	"        AND (x.doc_key IS NOT NULL OR x.version IS NOT NULL))"
/* Whether document_lock l locks a document, as DEPLOYMENT_HAS_DOCS reads a deployment's. */
#define LOCK_HAS_DOCS(l)                                                                   \
	"EXISTS (SELECT 1 FROM lock_document x WHERE x.record_id = " l                       \
	"        AND (x.doc_key IS NOT NULL OR x.version IS NOT NULL))"
/* The documents (`doc_key@version`, in order, comma-separated; NULL for none) that
 * record a lists in table ta and record b does not list in tb: a deployment's against a
 * lock, DOCS_ONLY_IN("deployment_document", d, "lock_document", l), or the reverse. */
#define DOCS_ONLY_IN(ta, a, tb, b)                                                         \
	"(SELECT group_concat(k, ', ') FROM"                                               \
	"   (SELECT DISTINCT coalesce(doc_key, '?') || '@' || coalesce(version, '?') AS k"  \
	"    FROM " ta " WHERE record_id = " a                                                \
	"    EXCEPT SELECT coalesce(doc_key, '?') || '@' || coalesce(version, '?')"          \
	"    FROM " tb " WHERE record_id = " b " ORDER BY 1))"
#define DEPLOYMENT_HAS_MODULES(d)                                                          \
	"EXISTS (SELECT 1 FROM deployment_module x WHERE x.record_id = " d                   \
	"        AND (x.name IS NOT NULL OR x.version IS NOT NULL))"

/* The day (YYYY-MM-DD) a checklist c falls on: its `date`, or its completion's day when
 * the date is unreadable. Each connection keeps it in temp.checklist_day. Only where a
 * checklist is placed (a finding on it, a fact on its line, a day's records): DO-7.2
 * and the preflight count as the day's checklist only one dated that day. */
#define CHECKLIST_DAY(c)                                                                   \
	"coalesce(CASE WHEN date(" c ".date) = " c ".date THEN " c ".date END,"            \
	" day_of(" c ".completed_at))"

/* A label of no environment: missing, or not one of the three of §2 (rules_env_valid()).
 * DO-2.1 reports such a record in every environment's review. */
#define NO_ENVIRONMENT(col) "(" col " IS NULL OR " col " NOT IN ('local', 'sim', 'live'))"

/* The four run modes of §4.2. */
#define MODES "('disabled', 'observe_only', 'simulated_execution', 'live_execution')"

/*
 * A run mode x as the rules that forbid something in it read it: one of the four written
 * in another case or with spaces around it (`Disabled`, `LIVE_EXECUTION`) is that mode, as
 * `Critical` is CRITICAL; any other text is no mode, so an environment whose mode change
 * names one has no declared mode (DO-4.1, §4.1: not operable). DO-4.2-MODE-WHITELIST
 * reports the spelling. A rule that a mode exempts from a duty (already disabled:
 * DO-5.2-DEGRADE, DO-5.3-CRITICAL-KILL, DO-6.2-RESPONSE; disabled or observe-only:
 * DO-8.3-CHANGE-MODE) compares it as written: a misspelt `disabled` proves nothing.
 * It is rules_mode_read(), registered as the SQL function mode_read(); a rule reading
 * the mode at a record's instant asks mode_read_at(), read once per span.
 */
#define MODE_READ(x) "mode_read(" x ")"
/* What a finding on a record in mode x (as written) adds: how the mode was written, when
 * not as the contract writes it (its `mode_note`, with `mode_written`). */
#define PHRASE_MODE_WRITTEN " (its mode change wrote \"{mode_written}\")"
#define PHRASE_MODE_UNREADABLE " (its mode change declares \"{mode_written}\", not a run mode)"
#define PHRASE_MODE_NO_TO " (its mode change has no `to`: it declares no run mode)"
#define MODE_NOTE(x)                                                                       \
	"CASE WHEN " x " IS NULL OR " x " IN " MODES " THEN ''"                               \
	" WHEN " MODE_READ(x) " IS NULL THEN '" PHRASE_MODE_UNREADABLE "'"                    \
	" ELSE '" PHRASE_MODE_WRITTEN "' END"

/*
 * Alert a says CRITICAL: `CRITICAL`, or written in another case or with spaces around it
 * (`critical`, ` Critical`). A CRITICAL alert miswritten so still says the desk faced
 * one, so the rules about what must follow one (the kill switch, the halt, the incident)
 * read it so, and the finding says how it was written; DO-5.3-SEVERITY reports the
 * spelling. Below it, `INFO` and `WARN` are read the same way by DO-5.3-NO-DOWNGRADE.
 * AS_CRITICAL(a) is what the finding adds (its `severity_note`, `written_note`,
 * `trigger_note`).
 */
#define IS_CRITICAL(a) "(upper(trim(" a ".severity)) = 'CRITICAL')"
#define IS_BELOW_CRITICAL(a) "(upper(trim(" a ".severity)) IN ('INFO', 'WARN'))"
#define PHRASE_SEVERITY_WRITTEN " (severity written \"{severity}\", read as CRITICAL)"
#define AS_CRITICAL(a)                                                                     \
	"CASE WHEN " a ".severity = 'CRITICAL' THEN '' ELSE '" PHRASE_SEVERITY_WRITTEN "' END"

/*
 * The first record of each alert_id of an environment with severity CRITICAL ("later
 * updates are not new alerts"; an alert of another environment with the same ID is
 * another alert), as rows (id, alert_id, environment, ts, source, seq). Ties at one
 * instant go to the lower source, then seq; records that tie on all three (versions of
 * one identity) are each first; an alert without alert_id is its own. rules_open() keeps
 * these rows in temp.first_critical, which the rules and reports read.
 */
#define FIRST_CRITICAL_ROWS                                                                \
	"SELECT id, alert_id, environment, ts, source, seq FROM ("                         \
	" SELECT id, alert_id, environment, ts, source, seq,"                              \
	"  rank() OVER (PARTITION BY alert_id, environment ORDER BY ts, source, seq) AS k" \
	" FROM record WHERE kind = 'alert' AND " IS_CRITICAL("record") ")"                 \
	" WHERE k = 1 OR alert_id IS NULL"

/* Record r (of the alert of first_critical row f) came after f: at a later instant, or
 * at the same instant from the same source with a higher seq, the source's own order
 * (LOG-SEQ-GAP). Records of two sources at one instant have no order between them. */
#define AFTER_FIRST_CRITICAL(f, r)                                                         \
	"(" f ".ts < " r ".ts OR (" f ".ts = " r ".ts AND " f ".source = " r ".source"      \
	" AND " f ".seq < " r ".seq))"

/* Record s is a CRITICAL record of alert record r's alert before r from r's own source,
 * at r's instant: when two sources record the alert CRITICAL at its first instant, the
 * one that sorts first is the first_critical row, and a record of the other source
 * there follows its own source's CRITICAL record all the same. */
#define SOURCE_CRITICAL_BEFORE(s, r)                                                       \
	"(" s ".kind = 'alert' AND " s ".ts = " r ".ts AND " s ".environment IS "           \
	r ".environment AND " s ".alert_id = " r ".alert_id AND " s ".source = " r          \
	".source AND " s ".seq < " r ".seq AND " IS_CRITICAL(s) ")"

/*
 * Kill switch k may be an activation: `activate`, or written in another case or with
 * spaces around it (`ACTIVATE`). Such a record may have stopped trading, so it halts the
 * environment until a passing checklist (DO-7.3-HALT) and needs an incident
 * (DO-6.4-UNRECORDED), and the finding says how it was written. It does not prove the
 * kill a rule requires (DO-5.3-CRITICAL-KILL, DO-5.2-DEGRADE, DO-6.2-RESPONSE: `activate`
 * with result `ok`), as a record read as a submit is not the submit its order's events
 * need. AS_ACTIVATE(k) is what the finding adds (its `written_note`, `trigger_note`).
 */
#define MAY_BE_ACTIVATE(k) "(lower(trim(" k ".action)) = 'activate')"
#define PHRASE_ACTION_WRITTEN " (action written \"{action}\", read as activate)"
#define AS_ACTIVATE(k)                                                                     \
	"CASE WHEN " k ".action = 'activate' THEN '' ELSE '" PHRASE_ACTION_WRITTEN "' END"

/* When version f of a freeze ends: its ended_at or, for a version filed while the freeze
 * was open and a later version records its lifting, the latest ended_at of those. A
 * freeze is filed open and then again lifted (INPUT.md's `ended_at?`): two versions of
 * one ID, a LOG-CONFLICT, of which the open one would otherwise stay active for ever. A
 * lifting recorded before the open version began lifted an earlier freeze of that ID,
 * not this one: a freeze filed again under its ID after it was lifted stays open. The
 * largest instant while no version records an end. */
#define FREEZE_END(f)                                                                      \
	"coalesce(" f ".ended_at, (SELECT max(fe.ended_at) FROM freeze fe"                \
	" WHERE fe.freeze_id = " f ".freeze_id AND fe.ended_at > " f ".started_at),"        \
	" 9223372036854775807)"
/* Version f is an open one superseded so (the report lists the lifted one). */
#define FREEZE_SUPERSEDED(f)                                                               \
	"(" f ".ended_at IS NULL AND EXISTS (SELECT 1 FROM freeze fs"                      \
	" WHERE fs.freeze_id = " f ".freeze_id AND fs.ended_at > " f ".started_at))"
/* The content hash of record `id` (an SQL expression): the last tie-break between two
 * versions of one record (LOG-CONFLICT), which share every other key. By it, which version
 * governs does not depend on which was stored first. */
#define CONTENT_OF(id) "(SELECT cv.content FROM record cv WHERE cv.id = " id ")"

/* The fixed English phrases rules put in a finding's arguments; src/report/message.c has
 * their 繁體中文 (check_rules fails on one without). A phrase that quotes a value of the
 * finding ({event}) goes in an argument whose name ends in `_note`: only there are its
 * {names} filled in, so a value from a bundle is never expanded. */
/* `still` of a heartbeat gap the store shows no end of (DO-5.2-MONITOR-GAP) */
#define PHRASE_STILL_OPEN                                                                  \
	"; still open at the end of the day: no heartbeat after it in the store"
/* `open_note` of DO-8.4-FREEZE-REQUIRED when the incident's window runs past the day
 * and the store holds nothing from after it: the finding stands as of what the store
 * holds, and a freeze started by {deadline} would still meet the rule */
#define PHRASE_FREEZE_WINDOW_OPEN                                                          \
	"; the window is still open at the end of the day: a freeze started by {deadline}"  \
	" would meet it, and the store holds nothing from after that"
/* Every record kind of INPUT.md (ingest/record.c's kind_names; check_rules compares the
 * two), for a lookup by time across kinds on the index record_kind_ts */
#define ALL_KINDS_SQL                                                                      \
	"('document_lock', 'deployment', 'checklist', 'incident', 'change', 'freeze',"     \
	" 'mode_change', 'execution', 'risk_check', 'gate_verdict', 'decision', 'alert',"  \
	" 'kill_switch', 'heartbeat')"
/*
 * A window that a record of the day opened and that closes at `end`, after the reviewed
 * day (:de), of which the store holds nothing from after its close: the nightly review
 * cannot yet know whether a record of the next day answered it. The finding stands, and
 * says so (its `open_note`, with `deadline`), as DO-8.4-FREEZE-REQUIRED's does;
 * DO-5.2-DEGRADE, DO-5.3-CRITICAL-KILL and DO-6.2-RESPONSE add it.
 */
#define PHRASE_WINDOW_OPEN                                                                 \
	"; its window closes after the day, at {deadline}, and the store holds nothing from" \
	" after that yet"
#define WINDOW_OPEN_NOTE(end) WINDOW_OPEN_SAYING(end, PHRASE_WINDOW_OPEN)
/* The same test, saying `phrase` (FREEZE-REQUIRED says what would meet its window). */
#define WINDOW_OPEN_SAYING(end, phrase)                                                    \
	"CASE WHEN " end " >= :de AND NOT EXISTS (SELECT 1 FROM record r2"                  \
	" WHERE r2.kind IN " ALL_KINDS_SQL " AND r2.ts > " end ")"                          \
	" THEN '" phrase "' ELSE '' END"
/* `detail` of an execution with no route: it may have been a real order */
#define PHRASE_ROUTE_MISSING "route missing"
/* a change's `repair` or `strategy_expansion` that is there but not a boolean
 * (DO-8.4-FREEZE-CHANGE) */
#define PHRASE_NOT_BOOLEAN "not a boolean"
/* `order` of a change requested at or after it was applied (DO-8.3-CHANGE-RECORD) */
#define PHRASE_REQUEST_NOT_FIRST ": the request did not come before the change"
/* DO-8.3-CHANGE-RECORD: the fields missing, said only when some are */
#define PHRASE_CHANGE_MISSING " missing {missing};"
/* `decision` of an approval that names no person (DO-4.6-HUMAN-DECISION) */
#define PHRASE_APPROVE_BY_NO_ONE "approve, by no one (decided_by missing)"

/* `step_note` of LOG-SEQ-GAP when the seq is not above the highest of its run
 * ({run_high}): a step back, which "follows seq 7" alone (a seq 7 sent again at another
 * time) did not say */
#define PHRASE_SEQ_STEP_BACK "; a step back: not above seq {run_high}, the highest before it"

/* `label_note` of DO-2.1-ENV-LABEL: the label as written, quoted so that a space or a
 * case in it shows ("live ", "LIVE"); a missing label is (none) */
#define PHRASE_LABEL_WRITTEN "\"{value}\""

/* `lock_note` of DO-3.2-DOC-LOCK: the documents differ from the lock in force, no lock
 * was in force, or the deployment lists no document for a lock to vouch for */
#define PHRASE_LOCK_DIFFER                                                                 \
	"documents differ from lock {lock_id} in force at deployment (only deployed: "      \
	"{only_deployed}; only locked: {only_locked})"
#define PHRASE_LOCK_NONE "no document lock was in force at deployment (documents: {only_deployed})"
#define PHRASE_LOCK_NO_DOCS                                                                \
	"lists no document, so lock {lock_id} in force at deployment vouches for none "     \
	"(locked: {only_locked})"

/* `fault_note` of a deployment log that is incomplete (DO-3.3-DEPLOY-FIELDS): fields
 * missing ({missing}), a status neither of the contract's two ({status}), or both */
#define PHRASE_DEPLOY_LACKS "the log lacks {missing}"
#define PHRASE_DEPLOY_BAD_STATUS "its status \"{status}\" is neither deployed nor rejected"
#define PHRASE_DEPLOY_BOTH                                                                 \
	"the log lacks {missing}, and its status \"{status}\" is neither deployed nor rejected"

/* DO-6.3-STEPS: a step written without a usable `at` (the value of its time), and the
 * `untimed_note` that counts them ({untimed}) when there are any */
#define PHRASE_NO_TIME "no time"
#define PHRASE_UNTIMED "; actions without a time: {untimed}"

/* `trigger_note` of a halt (DO-7.3-HALT): what stopped the environment, {trigger_id} being
 * the alert's ID or the kill switch's correlation ID */
#define PHRASE_TRIGGER_ALERT "the CRITICAL alert {trigger_id}"
#define PHRASE_TRIGGER_KILL "the kill switch activation {trigger_id}"

/* `submit_note` of an execution judged as a submit though its event does not say so:
 * missing, or `submit` written in another case or with spaces ({event} is the value) */
#define PHRASE_EVENT_MISSING " — event missing, read as a submit"
#define PHRASE_EVENT_WRITTEN " — event written \"{event}\", read as a submit"

/*
 * Execution a may be a submit: its event is `submit`, missing, or `submit` in another
 * case or with spaces around it (`Submit`, ` SUBMIT`). An order event left out or
 * miswritten so may have opened an order, so the rules about submits, and the execution
 * summary, take it for one, as a missing route is taken for a possible real order
 * (schemas/interpretation.md). Any other value (`cancelled`, `new`) is not a submit.
 * AS_SUBMIT(a) is the `submit_note` that says why; src/report/exec_summary.c has the same
 * test in C.
 */
#define MAY_BE_SUBMIT(a) "(" a ".event IS NULL OR lower(trim(" a ".event)) = 'submit')"
#define AS_SUBMIT(a)                                                                       \
	"CASE WHEN " a ".event = 'submit' THEN ''"                                         \
	"     WHEN " a ".event IS NULL THEN '" PHRASE_EVENT_MISSING "'"                      \
	"     ELSE '" PHRASE_EVENT_WRITTEN "' END"

/* `failed_note` of a heartbeat whose status is `failed` written in another case or with
 * spaces around it (DO-5.2-DEGRADE, the one rule that reads the status): it says it
 * failed, and is read so ({status} is the value). A heartbeat with no status says
 * nothing, and `degraded` or any other value is not a failure. */
#define PHRASE_STATUS_FAILED " — status written \"{status}\", read as failed"
#define IS_FAILED(a) "(lower(trim(" a ".status)) = 'failed')"
#define AS_FAILED(a)                                                                       \
	"CASE WHEN " a ".status = 'failed' THEN '' ELSE '" PHRASE_STATUS_FAILED "' END"

/* Record a is one of those. */
#define FIRST_CRITICAL(a)                                                                  \
	"(" a ".kind = 'alert' AND " a ".id IN (SELECT id FROM temp.first_critical))"

/* All six items of checklist c pass (§7.2). */
#define CHECKLIST_ALL_PASS(c)                                                              \
	"(" c ".environment_confirmed IS 'pass' AND " c ".run_mode_declared IS 'pass'"     \
	" AND " c ".risk_compliance_normal IS 'pass'"                                      \
	" AND " c ".governance_gate_available IS 'pass'"                                   \
	" AND " c ".kill_switch_test_passed IS 'pass' AND " c ".audit_log_writable IS 'pass')"

/*
 * What halts an environment until a passing checklist completes after it (§7.3,
 * DO-7.3-HALT): the first CRITICAL record of each alert and each kill switch record that
 * may be an activation, as rows (id, environment, ts, content, kill). A record of no
 * environment halts none. rules_open() keeps them in temp.halt_trigger, and the passing
 * checklists (environment, completed_at) in temp.clean_checklist, both indexed by
 * instant: the rule and preflight read them once per submit or environment.
 */
#define HALT_TRIGGER_ROWS                                                                  \
	"SELECT a.id, a.environment, a.ts, a.content, 0 FROM temp.first_critical f"        \
	" JOIN record a ON a.id = f.id WHERE a.environment IS NOT NULL"                    \
	" UNION ALL SELECT k.id, k.environment, k.ts, k.content, 1 FROM record k"          \
	" WHERE k.kind = 'kill_switch' AND " MAY_BE_ACTIVATE("k")                          \
	" AND k.environment IS NOT NULL"
#define CLEAN_CHECKLIST_ROWS                                                               \
	"SELECT c.environment, c.completed_at FROM checklist c"                            \
	" WHERE c.environment IS NOT NULL AND " CHECKLIST_ALL_PASS("c")

/* The instant of the latest passing checklist of environment env at or before instant
 * at, or the least instant when there is none: a trigger at or after it is uncleared at
 * `at` (no passing checklist completed after the trigger and by `at`). */
#define LAST_CLEAN(env, at)                                                                \
	"coalesce((SELECT max(lc.completed_at) FROM temp.clean_checklist lc"               \
	" WHERE lc.environment = " env " AND lc.completed_at <= " at "),"                  \
	" -9223372036854775807 - 1)"

#define CHECKLIST_ITEM_NOT_PASS_(c, item)                                                  \
	" CASE WHEN " c "." item " IS NOT 'pass'"                                          \
	"  THEN '" item "=' || coalesce(" c "." item ", 'missing') || ' ' ELSE '' END"

/* The items of checklist c that do not pass, as "item=value ..." ("" when all pass). */
#define CHECKLIST_ITEMS_NOT_PASS(c)                                                        \
	"rtrim("                                                                           \
	CHECKLIST_ITEM_NOT_PASS_(c, "environment_confirmed") " ||"                         \
	CHECKLIST_ITEM_NOT_PASS_(c, "run_mode_declared") " ||"                             \
	CHECKLIST_ITEM_NOT_PASS_(c, "risk_compliance_normal") " ||"                        \
	CHECKLIST_ITEM_NOT_PASS_(c, "governance_gate_available") " ||"                     \
	CHECKLIST_ITEM_NOT_PASS_(c, "kill_switch_test_passed") " ||"                       \
	CHECKLIST_ITEM_NOT_PASS_(c, "audit_log_writable") ")"

/* The five gate items of deployment d that do not pass, as "item=value ..." ("" when all
 * pass); execution_disabled_by_default may be n/a in live (§3.2). This is also
 * rules_gate_items_sql, for "d". */
#define GATE_ITEMS_NOT_PASS(d)                                                             \
	"rtrim("                                                                           \
	" CASE WHEN " d ".gate_doc_versions_consistent IS NOT 'pass'"                      \
	"  THEN 'doc_versions_consistent=' || coalesce(" d ".gate_doc_versions_consistent, 'missing') || ' ' ELSE '' END ||" \
	" CASE WHEN " d ".gate_correlation_id_ok IS NOT 'pass'"                            \
	"  THEN 'correlation_id_ok=' || coalesce(" d ".gate_correlation_id_ok, 'missing') || ' ' ELSE '' END ||" \
	" CASE WHEN " d ".gate_risk_compliance_enabled IS NOT 'pass'"                      \
	"  THEN 'risk_compliance_enabled=' || coalesce(" d ".gate_risk_compliance_enabled, 'missing') || ' ' ELSE '' END ||" \
	" CASE WHEN NOT (" d ".gate_execution_disabled_by_default IS 'pass'"               \
	"             OR (" d ".gate_execution_disabled_by_default IS 'n/a' AND " d ".environment IS 'live'))" \
	"  THEN 'execution_disabled_by_default=' || coalesce(" d ".gate_execution_disabled_by_default, 'missing') || ' ' ELSE '' END ||" \
	" CASE WHEN " d ".gate_audit_log_writable IS NOT 'pass'"                           \
	"  THEN 'audit_log_writable=' || coalesce(" d ".gate_audit_log_writable, 'missing') || ' ' ELSE '' END)"

/*
 * The records `ids` (a SELECT of one column of record ids) as a JSON array, by time, then
 * content hash. A record's id is the order it was stored in, which depends on how a
 * bundle was ingested (in one run or two, a file delivered late); the evidence of a
 * finding must not.
 */
#define IDS_IN_ORDER(ids)                                                                  \
	"(SELECT json_group_array(oid) FROM (SELECT ro.id AS oid FROM record ro"           \
	" WHERE ro.id IN (" ids ") ORDER BY ro.ts, ro.content, ro.id))"

/*
 * The kill switch records of environment `env` that bear on an event at instant `t0` that
 * a kill switch `activate` `ok` had to answer within `within`: each one in [t0, t0 +
 * within], whatever its action and result (a test, a failed activation), and the first
 * `activate` `ok` after, however late. A JSON array of their ids, in time order: the
 * evidence besides the event itself ("every record involved").
 */
#define KILLS_AROUND(env, t0, within) IDS_IN_ORDER(KILLS_AROUND_IDS(env, t0, within))
/* The same ids as a SELECT, for a union with other records of a finding. */
#define KILLS_AROUND_IDS(env, t0, within)                                                  \
	" SELECT k.id FROM record k WHERE k.kind = 'kill_switch' AND k.environment = " env \
	"  AND k.ts >= " t0 " AND k.ts <= " t0 " + " within                                \
	" UNION SELECT id FROM (SELECT k.id FROM record k WHERE k.kind = 'kill_switch'"    \
	"  AND k.environment = " env " AND k.action = 'activate' AND k.result = 'ok'"      \
	"  AND k.ts > " t0 " + " within " ORDER BY k.ts, k.content, k.id LIMIT 1)"

#endif
