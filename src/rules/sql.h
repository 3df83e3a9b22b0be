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

/* The four run modes of §4.2. */
#define MODES "('disabled', 'observe_only', 'simulated_execution', 'live_execution')"

/* Alert record a is the first record of its alert_id with severity CRITICAL ("later
 * updates are not new alerts"); ties at one instant go to the lower source, then seq. */
#define FIRST_CRITICAL(a)                                                                  \
	a ".kind = 'alert' AND " a ".severity = 'CRITICAL' AND NOT EXISTS ("              \
	" SELECT 1 FROM record b WHERE b.kind = 'alert' AND b.severity = 'CRITICAL'"       \
	" AND b.alert_id = " a ".alert_id AND (b.ts < " a ".ts OR (b.ts = " a ".ts AND"    \
	" (b.source < " a ".source OR (b.source = " a ".source AND b.seq < " a ".seq)))))"

/* All six items of checklist c pass (§7.2). */
#define CHECKLIST_ALL_PASS(c)                                                              \
	"(" c ".environment_confirmed IS 'pass' AND " c ".run_mode_declared IS 'pass'"     \
	" AND " c ".risk_compliance_normal IS 'pass'"                                      \
	" AND " c ".governance_gate_available IS 'pass'"                                   \
	" AND " c ".kill_switch_test_passed IS 'pass' AND " c ".audit_log_writable IS 'pass')"

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

#endif
