/*
 * template.h - the report template: the PDF's layout (page, margins, fonts, sizes, colours,
 * column widths, section order) and every user-facing string in 繁體中文 and English.
 *
 * The template is YAML (templates/report.yaml, compiled into the binary), read at run time
 * with tree_parse_yaml_unique(). When the environment variable TAITS_AUDIT_TEMPLATE names a file,
 * that file is read instead; it must be a whole template (copy templates/report.yaml and
 * edit it). Every key is checked: an unknown key, a missing or repeated key or a value of
 * the wrong type is an error naming the key.
 *
 * The C code names strings, sizes, colours and tables by the enums below; each enum is
 * generated from a list that also gives the key in the YAML, so the two cannot drift.
 */
#ifndef TAITS_REPORT_TEMPLATE_H
#define TAITS_REPORT_TEMPLATE_H

#include <stddef.h>

#include "../util/error.h"

#define TEMPLATE_ENV "TAITS_AUDIT_TEMPLATE"
/* The font used when the template does not name one (Debian package fonts-arphic-uming). */
#define TEMPLATE_DEFAULT_FONT "/usr/share/fonts/truetype/arphic/uming.ttc"
#define TEMPLATE_DEFAULT_FONT_INDEX 2 /* "AR PL UMing TW" in the collection */

/* layout.size: font sizes in points. */
#define TPL_SIZES(X)                                                                       \
	X(SIZE_VERDICT, "verdict")                                                         \
	X(SIZE_TITLE, "title")                                                             \
	X(SIZE_HEADING, "heading")                                                         \
	X(SIZE_SUBHEADING, "subheading")                                                   \
	X(SIZE_TILE, "tile")                                                               \
	X(SIZE_BODY, "body")                                                               \
	X(SIZE_SMALL, "small")                                                             \
	X(SIZE_MONO, "mono")                                                               \
	X(SIZE_HEADER, "header")

/* layout.colors: "#rrggbb". mode_* and marker_* colour the timeline. */
#define TPL_COLORS(X)                                                                      \
	X(COLOR_TEXT, "text")                                                              \
	X(COLOR_MUTED, "muted")                                                            \
	X(COLOR_RULE, "rule")                                                              \
	X(COLOR_HEADER_BG, "table_header")                                                 \
	X(COLOR_ZEBRA, "table_zebra")                                                      \
	X(COLOR_OK, "compliant")                                                           \
	X(COLOR_BAD, "non_compliant")                                                      \
	X(COLOR_ON_VERDICT, "on_verdict")                                                  \
	X(COLOR_CRITICAL, "critical")                                                      \
	X(COLOR_MAJOR, "major")                                                            \
	X(COLOR_MINOR, "minor")                                                            \
	X(COLOR_WAIVED, "waived")                                                          \
	X(COLOR_SESSION, "session")                                                        \
	X(COLOR_MODE_DISABLED, "mode_disabled")                                            \
	X(COLOR_MODE_OBSERVE, "mode_observe_only")                                         \
	X(COLOR_MODE_LIVE, "mode_live_execution")                                          \
	X(COLOR_MODE_SIM, "mode_simulated_execution")                                      \
	X(COLOR_MODE_UNDECLARED, "mode_undeclared")                                        \
	X(COLOR_MODE_OTHER, "mode_other")                                                  \
	X(COLOR_MARK_CRITICAL, "marker_critical_alert")                                    \
	X(COLOR_MARK_KS_TEST, "marker_kill_switch_test")                                   \
	X(COLOR_MARK_KS_ACTIVATE, "marker_kill_switch_activate")                           \
	X(COLOR_MARK_INCIDENT, "marker_incident")                                          \
	X(COLOR_MARK_CHANGE, "marker_change")

/* columns: relative column widths of each table (name, key, number of columns). */
#define TPL_TABLES(X)                                                                      \
	X(TABLE_FACTS, "facts", 2)                                                         \
	X(TABLE_READ_FIRST, "read_first", 3)                                               \
	X(TABLE_MARKERS, "markers", 4)                                                     \
	X(TABLE_EXECUTION, "execution", 11)                                                \
	X(TABLE_SPANS, "run_modes", 5)                                                     \
	X(TABLE_INCIDENT, "incident", 2)                                                   \
	X(TABLE_ACTIONS, "actions", 4)                                                     \
	X(TABLE_ALERTS, "alerts", 4)                                                       \
	X(TABLE_CHECKS, "checks", 3)                                                       \
	X(TABLE_INPUTS, "inputs", 5)                                                       \
	X(TABLE_FINDINGS, "findings", 4)                                                   \
	X(TABLE_WAIVERS, "waivers", 4)                                                     \
	X(TABLE_CONDITIONS, "conditions", 5)                                               \
	X(TABLE_CHANGES, "changes", 8)                                                     \
	X(TABLE_PREFLIGHT, "preflight_checks", 4)                                          \
	X(TABLE_FREEZES, "freezes", 5)                                                     \
	X(TABLE_DAYS, "days", 8)                                                           \
	X(TABLE_RULES, "rules", 5)                                                         \
	X(TABLE_DEPLOYMENTS, "deployments", 5)                                             \
	X(TABLE_LOCKS, "locks", 3)

/* strings: each {zh: ..., en: ...}. {name} placeholders are filled by the renderer. */
#define TPL_STRINGS(X)                                                                     \
	X(S_TITLE_REVIEW, "title_review")                                                  \
	X(S_TITLE_PERIOD, "title_period")                                                  \
	X(S_TITLE_UNFREEZE, "title_unfreeze")                                              \
	X(S_TITLE_PREFLIGHT, "title_preflight")                                            \
	X(S_VERDICT_COMPLIANT, "verdict_compliant")                                        \
	X(S_VERDICT_NON_COMPLIANT, "verdict_non_compliant")                                \
	X(S_VERDICT_READY, "verdict_ready")                                                \
	X(S_VERDICT_NOT_READY, "verdict_not_ready")                                        \
	X(S_VERDICT_GO, "verdict_go")                                                      \
	X(S_VERDICT_NO_GO, "verdict_no_go")                                                \
	X(S_REASON_FAIL, "verdict_reason_fail")                                            \
	X(S_REASON_PASS, "verdict_reason_pass")                                            \
	X(S_DAY, "label_day")                                                              \
	X(S_PERIOD, "label_period")                                                        \
	X(S_ENVIRONMENT, "label_environment")                                              \
	X(S_ENV_ALL, "environment_all")                                                    \
	X(S_TIMEZONE, "label_timezone")                                                    \
	X(S_INPUTS, "label_inputs")                                                        \
	X(S_INPUTS_LINE, "inputs_line")                                                    \
	X(S_TOOL, "label_tool")                                                            \
	X(S_CATALOG, "label_catalog")                                                      \
	X(S_FAIL_ON, "label_fail_on")                                                      \
	X(S_TAILORING, "label_tailoring")                                                  \
	X(S_TAILORING_FILE, "label_tailoring_file")                                        \
	X(S_TAILORING_BUILTIN, "tailoring_builtin")                                        \
	X(S_BUNDLE, "label_bundle")                                                        \
	X(S_XML_SHA, "label_xml_sha")                                                      \
	X(S_XML_NONE, "xml_not_written")                                                   \
	X(S_SEV_CRITICAL, "severity_critical")                                             \
	X(S_SEV_MAJOR, "severity_major")                                                   \
	X(S_SEV_MINOR, "severity_minor")                                                   \
	X(S_SEV_WAIVED, "severity_waived")                                                 \
	X(S_READ_FIRST, "read_first")                                                      \
	X(S_READ_FIRST_NONE, "read_first_none")                                            \
	X(S_READ_FIRST_NO_RECORDS, "read_first_no_records")                                \
	X(S_READ_FIRST_NO_RECORDS_PERIOD, "read_first_no_records_period")                  \
	X(S_READ_FIRST_NO_RECORDS_FINDINGS, "read_first_no_records_findings")              \
	X(S_READ_FIRST_NONE_QUIET, "read_first_none_quiet")                                \
	X(S_READ_FIRST_MORE, "read_first_more")                                            \
	X(S_READ_FIRST_MORE_WAIVED, "read_first_more_waived")                              \
	X(S_READ_FIRST_ALERTS, "read_first_alerts")                                        \
	X(S_READ_FIRST_ALERTS_CRITICAL, "read_first_alerts_critical")                      \
	X(S_READ_FIRST_ALERTS_PERIOD, "read_first_alerts_period")                          \
	X(S_READ_FIRST_ALERTS_PERIOD_CRITICAL, "read_first_alerts_period_critical")        \
	X(S_READ_FIRST_INCIDENTS, "read_first_incidents")                                  \
	X(S_SEC_TIMELINE, "section_timeline")                                              \
	X(S_SEC_EXECUTION, "section_execution")                                            \
	X(S_SEC_INCIDENTS, "section_incidents")                                            \
	X(S_SEC_ALERTS, "section_alerts")                                                  \
	X(S_SEC_INTEGRITY, "section_integrity")                                            \
	X(S_SEC_FINDINGS, "section_findings")                                              \
	X(S_SEC_WAIVERS, "section_waivers")                                                \
	X(S_SUB_RUN_MODES, "sub_run_modes")                                                \
	X(S_SUB_MARKERS, "sub_markers")                                                    \
	X(S_SUB_CHECKS, "sub_checks")                                                      \
	X(S_SUB_INPUTS, "sub_inputs")                                                      \
	X(S_SUB_PROVENANCE, "sub_provenance")                                              \
	X(S_SUB_ACTIONS, "sub_actions")                                                    \
	X(S_NONE, "none")                                                                  \
	X(S_CONTINUED, "continued")                                                        \
	X(S_FINDINGS_MORE, "findings_more")                                                \
	X(S_GLYPHS_MISSING, "glyphs_missing")                                              \
	X(S_EVIDENCE_MORE, "evidence_more")                                                \
	X(S_ROWS_MORE, "rows_more")                                                        \
	X(S_ROWS_CRITICAL_FIRST, "rows_critical_first")                                    \
	X(S_ROWS_BY_KIND, "rows_by_kind")                                                  \
	X(S_VALUE_CUT, "value_cut")                                                        \
	X(S_READ_FIRST_CUT, "read_first_cut")                                              \
	X(S_INCIDENTS_MORE, "incidents_more")                                              \
	X(S_EVIDENCE_CONTEXT, "evidence_context")                                          \
	X(S_PAGE_OF, "page_of")                                                            \
	X(S_SESSION, "session")                                                            \
	X(S_NO_SESSION, "no_session")                                                      \
	X(S_UNLABELLED, "unlabelled")                                                      \
	X(S_NOT_READ, "not_read")                                                          \
	X(S_MODE_DISABLED, "mode_disabled")                                                \
	X(S_MODE_OBSERVE, "mode_observe_only")                                             \
	X(S_MODE_LIVE, "mode_live_execution")                                              \
	X(S_MODE_SIM, "mode_simulated_execution")                                          \
	X(S_MODE_UNDECLARED, "mode_undeclared")                                            \
	X(S_MARK_CRITICAL, "marker_critical_alert")                                        \
	X(S_MARK_KS_TEST, "marker_kill_switch_test")                                       \
	X(S_MARK_KS_ACTIVATE, "marker_kill_switch_activate")                               \
	X(S_MARK_INCIDENT, "marker_incident")                                              \
	X(S_MARK_RESULT, "marker_result")                                                  \
	X(S_MARK_NO_RESULT, "marker_no_result")                                            \
	X(S_MARK_NOT_OK, "marker_not_ok")                                                  \
	X(S_MARKS_NOT_DRAWN, "markers_not_drawn")                                          \
	X(S_LANES_NOT_DRAWN, "lanes_not_drawn")                                            \
	X(S_ALERT_WAS_CRITICAL, "alert_was_critical")                                      \
	X(S_MARK_CHANGE, "marker_change")                                                  \
	X(S_COL_ENV, "col_environment")                                                    \
	X(S_COL_MODE, "col_mode")                                                          \
	X(S_COL_SUBMITS, "col_submits")                                                    \
	X(S_COL_ACKS, "col_acks")                                                          \
	X(S_COL_FILLS, "col_fills")                                                        \
	X(S_COL_PARTIAL, "col_partial_fills")                                              \
	X(S_COL_CANCELS, "col_cancels")                                                    \
	X(S_COL_REJECTS, "col_rejects")                                                    \
	X(S_COL_SYMBOLS, "col_symbols")                                                    \
	X(S_COL_KS_TESTS, "col_ks_tests")                                                  \
	X(S_COL_KS_ACTIVATIONS, "col_ks_activations")                                      \
	X(S_KS_NOT_OK, "ks_not_ok")                                                        \
	X(S_COL_FROM, "col_from")                                                          \
	X(S_COL_TO, "col_to")                                                              \
	X(S_COL_SOURCE, "col_source")                                                      \
	X(S_COL_TIME, "col_time")                                                          \
	X(S_COL_KIND, "col_kind")                                                          \
	X(S_COL_ID, "col_id")                                                              \
	X(S_COL_STEP, "col_step")                                                          \
	X(S_COL_BY, "col_by")                                                              \
	X(S_COL_NOTE, "col_note")                                                          \
	X(S_COL_ALERT, "col_alert")                                                        \
	X(S_COL_STATUS, "col_status")                                                      \
	X(S_COL_FIRST_LAST, "col_first_last")                                              \
	X(S_COL_MESSAGE, "col_message")                                                    \
	X(S_COL_RULE, "col_rule")                                                          \
	X(S_COL_CHECK, "col_check")                                                        \
	X(S_COL_FINDINGS, "col_findings")                                                  \
	X(S_COL_FILE, "col_file")                                                          \
	X(S_COL_FORMAT, "col_format")                                                      \
	X(S_COL_SIZE, "col_size")                                                          \
	X(S_COL_RECORDS, "col_records")                                                    \
	X(S_COL_DAY_RECORDS, "col_day_records")                                            \
	X(S_COL_REJECTED, "col_rejected")                                                  \
	X(S_COL_NO, "col_no")                                                              \
	X(S_COL_EVIDENCE, "col_evidence")                                                  \
	X(S_COL_WAIVER, "col_waiver")                                                      \
	X(S_COL_SCOPE, "col_scope")                                                        \
	X(S_COL_REASON, "col_reason")                                                      \
	X(S_SECTION_REF, "section_ref")                                                    \
	X(S_INC_OCCURRED, "incident_occurred")                                             \
	X(S_INC_SCOPE, "incident_scope")                                                   \
	X(S_INC_CIDS, "incident_correlation_ids")                                          \
	X(S_INC_SOURCE, "incident_source")                                                 \
	X(S_INC_REVIEW, "incident_review")                                                 \
	X(S_INC_NO_REVIEW, "incident_no_review")                                           \
	X(S_INC_REVIEWER, "incident_reviewer")                                             \
	X(S_WAIVED, "finding_waived")                                                      \
	X(S_WAIVER_EXPIRED, "finding_waiver_expired")                                      \
	X(S_WAIVER_ACTIVE, "waiver_active")                                                \
	X(S_WAIVER_ALL, "waiver_all")                                                      \
	X(S_WAIVER_EXPIRED_STATUS, "waiver_expired")                                       \
	X(S_WAIVER_EXPIRED_WITHIN, "waiver_expired_within")                                \
	X(S_WAIVER_APPROVAL, "waiver_approval")                                            \
	X(S_CID, "label_correlation_id")                                                   \
	X(S_SEC_CONDITIONS, "section_conditions")                                          \
	X(S_SEC_FREEZE_CHANGES, "section_freeze_changes")                                  \
	X(S_SEC_CHANGES, "section_changes")                                                \
	X(S_SEC_CHECKS, "section_checks")                                                  \
	X(S_SEC_ACTIVE_FREEZES, "section_active_freezes")                                  \
	X(S_SEC_FREEZES, "section_freezes")                                                \
	X(S_SEC_DEPLOYMENTS, "section_deployments")                                        \
	X(S_SEC_CHART, "section_chart")                                                    \
	X(S_SEC_DAYS, "section_days")                                                      \
	X(S_SEC_RULES, "section_rules")                                                    \
	X(S_SEC_INPUTS, "section_inputs")                                                  \
	X(S_SUB_DEPLOYMENTS, "sub_deployments")                                            \
	X(S_SUB_LOCKS, "sub_locks")                                                        \
	X(S_FREEZE, "label_freeze")                                                        \
	X(S_STARTED, "label_started")                                                      \
	X(S_ENDED, "label_ended")                                                          \
	X(S_AS_OF, "label_as_of")                                                          \
	X(S_UF_REASON_FAIL, "unfreeze_reason_fail")                                        \
	X(S_UF_REASON_PASS, "unfreeze_reason_pass")                                        \
	X(S_UF_REASON_WAIVED, "unfreeze_reason_waived")                                    \
	X(S_PERIOD_REJUDGED, "period_rejudged")                                            \
	X(S_NOT_BOOLEAN, "not_boolean")                                                    \
	X(S_NO_RECORDS, "no_records")                                                      \
	X(S_DAYS_NO_RECORDS, "days_no_records")                                            \
	X(S_PF_REASON_FAIL, "preflight_reason_fail")                                       \
	X(S_PF_REASON_PASS, "preflight_reason_pass")                                       \
	X(S_PF_FIRST_SUBMIT, "preflight_first_submit")                                     \
	X(S_PF_DAY_END, "preflight_day_end")                                               \
	X(S_PF_REASON_WAIVED, "preflight_reason_waived")                                   \
	X(S_PF_NOT_JUDGED, "preflight_not_judged")                                         \
	X(S_COND_INCIDENT_REVIEW, "condition_incident_review")                             \
	X(S_COND_RISK_REVIEW, "condition_risk_review")                                     \
	X(S_COND_GOVERNANCE_REVIEW, "condition_governance_review")                         \
	X(S_COND_DOCUMENT_LOCK, "condition_document_lock")                                 \
	X(S_COND_REDEPLOYMENT, "condition_redeployment")                                   \
	X(S_COND_READY, "condition_ready")                                                 \
	X(S_COND_NOT_READY, "condition_not_ready")                                         \
	X(S_CHECK_PASS, "check_pass")                                                      \
	X(S_CHECK_FAIL, "check_fail")                                                      \
	X(S_CHECK_NOT_JUDGED, "check_not_judged")                                          \
	X(S_READ_FIRST_READY, "read_first_ready")                                          \
	X(S_READ_FIRST_GO, "read_first_go")                                                \
	X(S_READ_FIRST_ACTIVE_FREEZES, "read_first_active_freezes")                        \
	X(S_READ_FIRST_NOT_AUDITED, "read_first_not_audited")                              \
	X(S_READ_FIRST_DAYS, "read_first_days")                                            \
	X(S_READ_FIRST_QUIET_DAYS, "read_first_quiet_days")                                \
	X(S_READ_FIRST_FREEZES_NOT_MET, "read_first_freezes_not_met")                      \
	X(S_READ_FIRST_FREEZES_ACTIVE, "read_first_freezes_active")                        \
	X(S_FREEZE_LIMITS, "freeze_limits")                                                \
	X(S_YES, "word_yes")                                                               \
	X(S_NO, "word_no")                                                                 \
	X(S_NOT_RECORDED, "not_recorded")                                                  \
	X(S_LIFTED_MET, "lifted_conditions_met")                                           \
	X(S_LIFTED_NOT_MET, "lifted_conditions_not_met")                                   \
	X(S_LIFTED_ACTIVE, "lifted_active")                                                \
	X(S_ENDED_LATER, "ended_after_as_of")                                              \
	X(S_CHART_BIN, "chart_bin")                                                        \
	X(S_CHART_EMPTY, "chart_empty")                                                    \
	X(S_CHART_STRIP, "chart_verdict_strip")                                            \
	X(S_COL_CONDITION, "col_condition")                                                \
	X(S_COL_RESULT, "col_result")                                                      \
	X(S_COL_ITEM, "col_item")                                                          \
	X(S_COL_CHANGE, "col_change")                                                      \
	X(S_COL_TYPE, "col_type")                                                          \
	X(S_COL_APPLIED, "col_applied_at")                                                 \
	X(S_COL_REPAIR, "col_repair")                                                      \
	X(S_COL_AUDIT_REF, "col_audit_ref")                                                \
	X(S_COL_STRATEGY, "col_strategy_expansion")                                        \
	X(S_COL_DURING_FREEZE, "col_during_freeze")                                        \
	X(S_COL_AUDITED_REPAIR, "col_audited_repair")                                      \
	X(S_COL_FREEZE, "col_freeze")                                                      \
	X(S_COL_REASON_TRIGGER, "col_reason_trigger")                                      \
	X(S_COL_STARTED, "col_started")                                                    \
	X(S_COL_ENDED, "col_ended")                                                        \
	X(S_COL_LIFTED, "col_lifted")                                                      \
	X(S_COL_DEPLOYMENT, "col_deployment")                                              \
	X(S_COL_STATUS_OWNER, "col_status_owner")                                          \
	X(S_COL_DEPLOYED, "col_deployed_at")                                               \
	X(S_COL_GATE, "col_gate_passed")                                                   \
	X(S_COL_VERIFIED, "col_verified")                                                  \
	X(S_COL_LOCK, "col_lock")                                                          \
	X(S_COL_EFFECTIVE, "col_effective_at")                                             \
	X(S_COL_DOCUMENTS, "col_documents")                                                \
	X(S_COL_DATE, "col_date")                                                          \
	X(S_COL_VERDICT, "col_verdict")                                                    \
	X(S_COL_SECTION, "col_section")                                                    \
	X(S_COL_TOTAL, "col_total")                                                        \
	X(S_COL_DAYS, "col_days")                                                          \
	X(S_COL_DATES, "col_dates")

#define TPL_ENUM_(name, ...) name,
enum tpl_size { TPL_SIZES(TPL_ENUM_) TPL_NSIZES };
enum tpl_color { TPL_COLORS(TPL_ENUM_) TPL_NCOLORS };
enum tpl_table { TPL_TABLES(TPL_ENUM_) TPL_NTABLES };
enum tpl_string { TPL_STRINGS(TPL_ENUM_) TPL_NSTRINGS };
#undef TPL_ENUM_

enum tpl_lang { TPL_ZH = 0, TPL_EN = 1 };

#define TPL_MAX_COLUMNS 12

struct tpl_rgb {
	float r, g, b;
};

struct template {
	void *tree;       /* the parsed YAML (cJSON); owns every string below */
	char *file;       /* the file read, or NULL for the built-in template */
	float page_width, page_height;          /* points */
	float margin_top, margin_right, margin_bottom, margin_left;
	const char *font_file;                  /* TrueType (collection) with CJK glyphs */
	int font_index;                         /* face in a collection */
	const char *latin, *latin_bold, *mono;  /* PDF base-14 names, or NULL: the CJK font */
	float size[TPL_NSIZES];
	float line_spacing;                     /* line height / font size */
	long max_findings;                      /* findings rendered in full */
	long max_rows;                          /* rows of any other table rendered */
	long read_first;                        /* findings listed on page one */
	struct tpl_rgb color[TPL_NCOLORS];
	float columns[TPL_NTABLES][TPL_MAX_COLUMNS]; /* fractions of the text width, sum 1 */
	const char *str[TPL_NSTRINGS][2];       /* by enum tpl_lang */
	struct tpl_sections {
		const char *type;               /* "review", "period", ... */
		const char **names;
		size_t n;
	} *sections;
	size_t nsections;
};

/* Loads the template: $TAITS_AUDIT_TEMPLATE when set, else the built-in one. Returns 0 and
 * a template the caller frees with template_free(), or -1 with *e set. */
int template_load(struct template **out, struct error *e);
void template_free(struct template *t);

/* The section names listed for a report type ("review", "period", ...), in order. *n is
 * set to their number; the array lives as long as the template. Returns NULL when the
 * template lists none for that type. */
const char *const *template_sections(const struct template *t, const char *type, size_t *n);

/* A string in one language; never NULL. */
static inline const char *template_str(const struct template *t, enum tpl_string id,
				       enum tpl_lang lang)
{
	return t->str[id][lang];
}

/* The file the template was read from, or a name for the built-in one (for messages). */
const char *template_name(const struct template *t);

/* Number of columns of a table. */
int template_table_columns(enum tpl_table id);

#endif
