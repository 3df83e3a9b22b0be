/*
 * catalog.c - the rules of RULES.md v1: identity, section, severity, titles and finding
 * messages in English and 繁體中文, and the function that evaluates each.
 *
 * {record} in a message is the identity of the finding's first record; every other
 * {name} is the finding's argument of that name (see the rule's query).
 */
#include "catalog.h"
#include "engine.h"

#include <string.h>

const struct rule_def rule_catalog[] = {
	/* §2 environments, §3 deployment */
	{ "DO-2.1-ENV-LABEL", "2.1", SEV_CRITICAL, NULL,
	  "Every record names its environment", "紀錄須標示環境",
	  "{record}: environment {label_note} is not local, sim or live (unlabelled = illegal deployment)",
	  "{record}：環境標示{label_note}不是 local、sim 或 live（未標示環境視為違規部署）",
	  rule_env_label },
	{ "DO-2.2-LOCAL-NO-REAL", "2.2", SEV_CRITICAL, NULL,
	  "No real trading from local", "本地環境不得實盤",
	  "{record} in local ({detail}): local never has live permission",
	  "{record} 位於本地環境（{detail}）：Local 永遠不具備任何實盤權限",
	  rule_local_no_real },
	{ "DO-2.3-SIM-NO-REAL", "2.3", SEV_CRITICAL, NULL,
	  "No real trading from simulation", "模擬環境不得實盤",
	  "{record} in sim ({detail}): simulation must not affect real funds",
	  "{record} 位於模擬環境（{detail}）：模擬不得影響真實資金",
	  rule_sim_no_real },
	{ "DO-2.3-SIM-NO-BYPASS", "2.3", SEV_MAJOR, NULL,
	  "Simulation does not bypass risk or gate", "模擬不得繞過風控或 Gate",
	  "sim submit {record}{submit_note}, order {order_id} ({cid}): latest gate verdict {gate_verdict} and latest risk check {risk_check} at or before it; both must pass (a gate verdict PASS, a risk check pass)",
	  "模擬送單 {record}{submit_note}（委託 {order_id}，{cid}）：送單前最近的 Gate 判定為 {gate_verdict}、風控檢核為 {risk_check}；兩者皆須通過（Gate 判定 PASS、風控檢核 pass）",
	  rule_sim_no_bypass },
	{ "DO-3.2-DEPLOY-GATE", "3.2", SEV_CRITICAL, NULL,
	  "Deployed only through the pre-deployment gate", "部署前 Gate 全數通過",
	  "deployment {deployment_id} was deployed with gate items not passed: {failed}",
	  "部署 {deployment_id} 在 Gate 未全數通過時部署：{failed}",
	  rule_deploy_gate },
	{ "DO-3.2-DOC-LOCK", "3.2, 2.4", SEV_CRITICAL, "critical in live, else major",
	  "Deployed documents match the lock in force", "部署文件版本與鎖定一致",
	  "deployment {deployment_id}: {lock_note}",
	  "部署 {deployment_id}：{lock_note}",
	  rule_doc_lock },
	{ "DO-3.3-DEPLOY-FIELDS", "3.3", SEV_MAJOR, NULL,
	  "Deployment log complete", "部署紀錄完整",
	  "deployment {deployment_id}: {fault_note}",
	  "部署 {deployment_id}：{fault_note}",
	  rule_deploy_fields },
	{ "DO-3.3-UNDEPLOYED", "3.3", SEV_CRITICAL, NULL,
	  "Activity only from logged deployments", "無部署紀錄視為未部署",
	  "{record} names deployment {deployment_id}, which has no deployed log in its environment by then (no deployment log = not deployed)",
	  "{record} 引用的部署 {deployment_id} 在該環境當時並無已部署紀錄（無 Deployment Log 視為未部署）",
	  rule_undeployed },

	/* §4 run modes */
	{ "DO-4.1-MODE-UNDECLARED", "4.1", SEV_MAJOR, NULL,
	  "Run mode declared", "Run Mode 明確宣告",
	  "{record} at {ts} while its environment has no declared run mode{mode_note}",
	  "{record} 於 {ts} 發生時，其環境未宣告 Run Mode（不可營運狀態）{mode_note}",
	  rule_mode_undeclared },
	{ "DO-4.2-MODE-WHITELIST", "4.2", SEV_MAJOR, NULL,
	  "Run mode on the whitelist", "Run Mode 白名單",
	  "{record} names run mode {mode}, not disabled, observe_only, simulated_execution or live_execution",
	  "{record} 標示的 Run Mode {mode} 不在白名單（disabled、observe_only、simulated_execution、live_execution）",
	  rule_mode_whitelist },
	{ "DO-4.3-DISABLED-NO-EXEC", "4.3", SEV_CRITICAL, NULL,
	  "Nothing executed or decided while disabled", "Disabled 不產生 Execution 與決策",
	  "{record} ({event}) at {ts} while its environment is disabled{mode_note}",
	  "{record}（{event}）於 {ts} 發生時環境為 Disabled{mode_note}",
	  rule_disabled_no_exec },
	{ "DO-4.4-OBSERVE-NO-EXEC", "4.4", SEV_CRITICAL, NULL,
	  "No execution while observe-only", "Observe-only 不允許 Execution",
	  "{record} ({event}, order {order_id}) at {ts} while observe-only{mode_note}",
	  "{record}（{event}，委託 {order_id}）於 {ts} 發生時為 Observe-only{mode_note}",
	  rule_observe_no_exec },
	{ "DO-4.5-SIM-ROUTE", "4.5", SEV_CRITICAL, NULL,
	  "Simulated execution stays simulated", "模擬執行不影響真實市場",
	  "{record} ({event}, order {order_id}, {detail}) in simulated execution{mode_note}: a real order route, an unknown one, or none",
	  "{record}（{event}，委託 {order_id}，{detail}）處於模擬執行模式{mode_note}：送往真實券商、路由不明或未載明路由",
	  rule_sim_route },
	{ "DO-4.5-FAILURE-DRILL", "4.5", SEV_MINOR, NULL,
	  "Simulation exercises failure and stop", "模擬須演練錯誤與中止",
	  "{environment} ran in simulated execution without a kill switch test or activation that day",
	  "{environment} 當日處於模擬執行，卻未進行 Kill Switch 測試或觸發",
	  rule_failure_drill },
	{ "DO-4.6-GATE-LINK", "4.6", SEV_CRITICAL, NULL,
	  "Live order passed the governance gate", "實盤委託經 Governance Gate 放行",
	  "live submit {record}{submit_note}, order {order_id} ({cid}): the latest gate verdict at or before it is {gate_verdict}, not PASS",
	  "實盤送單 {record}{submit_note}（委託 {order_id}，{cid}）：送單前最近的 Governance Gate 判定為 {gate_verdict}，不是 PASS",
	  rule_live_links },
	{ "DO-4.6-RISK-LINK", "4.6", SEV_CRITICAL, NULL,
	  "Live order passed the risk check", "實盤委託經風控檢核通過",
	  "live submit {record}{submit_note}, order {order_id} ({cid}): the latest risk check at or before it is {risk_check}, not pass",
	  "實盤送單 {record}{submit_note}（委託 {order_id}，{cid}）：送單前最近的風控檢核為 {risk_check}，不是 pass",
	  rule_risk_link },
	{ "DO-4.6-HUMAN-DECISION", "4.6", SEV_CRITICAL, NULL,
	  "Live order approved by a person", "實盤委託經人類裁決核准",
	  "live submit {record}{submit_note}, order {order_id} ({cid}): the latest human decision at or before it is {decision}, not approve",
	  "實盤送單 {record}{submit_note}（委託 {order_id}，{cid}）：送單前最近的人類裁決為 {decision}，不是 approve",
	  rule_human_decision },

	/* §5 monitoring and alerts */
	{ "DO-5.2-MONITOR-GAP", "5.2", SEV_MAJOR, NULL,
	  "Mandatory monitoring without gaps", "強制監控不中斷",
	  "{component} heartbeats of {environment} stopped for {seconds} s, from {from} to {to}, in the session{still}",
	  "{environment} 的 {component} 心跳於盤中中斷 {seconds} 秒（{from} 至 {to}）{still}",
	  rule_monitor_gap },
	{ "DO-5.2-DEGRADE", "5.2", SEV_CRITICAL, NULL,
	  "Monitoring failure degrades or stops", "監控失效即降級或停機",
	  "{record} ({component}{failed_note}) failed at {ts} in mode {mode}; no lower mode or kill switch activation followed within {within} s{open_note}",
	  "{record}（{component}{failed_note}）於 {ts} 失效（模式 {mode}），{within} 秒內未降級或觸發 Kill Switch{open_note}",
	  rule_degrade },
	{ "DO-5.3-SEVERITY", "5.3", SEV_MAJOR, NULL,
	  "Alerts graded INFO, WARN or CRITICAL", "告警分級",
	  "alert {alert_id} ({record}) has severity {severity}, not INFO, WARN or CRITICAL",
	  "告警 {alert_id}（{record}）的等級 {severity} 不是 INFO、WARN 或 CRITICAL",
	  rule_severity },
	{ "DO-5.3-CRITICAL-KILL", "5.3, 7.3", SEV_CRITICAL, NULL,
	  "CRITICAL alert triggers the kill switch", "CRITICAL 告警立即觸發 Kill Switch",
	  "CRITICAL alert {alert_id}{severity_note} at {ts} was not followed within {within} s by a successful kill switch activation{open_note}",
	  "CRITICAL 告警 {alert_id}{severity_note}（{ts}）後 {within} 秒內未成功觸發 Kill Switch{open_note}",
	  rule_critical_kill },
	{ "DO-5.3-NO-DOWNGRADE", "5.3", SEV_CRITICAL, NULL,
	  "CRITICAL never downgraded", "不得將 CRITICAL 降級",
	  "alert {alert_id} re-recorded as {severity} ({record}) after being CRITICAL at {critical_at}",
	  "告警 {alert_id} 於 {critical_at} 為 CRITICAL 後，被降級記錄為 {severity}（{record}）",
	  rule_no_downgrade },
	{ "DO-7.3-HALT", "7.3", SEV_CRITICAL, NULL,
	  "Execution halted after CRITICAL or kill", "CRITICAL 後立即中止所有 Execution",
	  "submit {record}{submit_note}, order {order_id}, after {trigger_note} at {trigger_at}, with no passing checklist completed in between",
	  "送單 {record}{submit_note}（委託 {order_id}）發生於 {trigger_at} 的 {trigger_note} 之後，其間未完成全數通過的每日檢查",
	  rule_halt },

	/* §6 incidents */
	{ "DO-6.4-INCIDENT-FIELDS", "6.4", SEV_MAJOR, NULL,
	  "Incident log complete", "事件紀錄完整",
	  "incident {incident_id}: the log lacks {missing}",
	  "事件 {incident_id}：紀錄缺少 {missing_zh}",
	  rule_incident_fields },
	{ "DO-6.2-GRADE", "6.2", SEV_MAJOR, NULL,
	  "Incident graded", "事件分級",
	  "incident {incident_id} has grade {grade}, not minor, major or critical",
	  "事件 {incident_id} 的等級 {grade} 不是 minor、major 或 critical",
	  rule_grade },
	{ "DO-6.3-STEPS", "6.3", SEV_MAJOR, NULL,
	  "Stop, Stabilize, Record; repair after", "Stop → Stabilize → Record，修復在後",
	  "incident {incident_id} not handled Stop, Stabilize, Record, then repair: first stop {stop}, stabilize {stabilize}, record {record_at}, first repair {repair}{untimed_note}",
	  "事件 {incident_id} 未依 Stop → Stabilize → Record、修復在後處理：首次 stop {stop}、stabilize {stabilize}、record {record_at}、首次 repair {repair}{untimed_note}",
	  rule_steps },
	{ "DO-6.2-RESPONSE", "6.2", SEV_CRITICAL, NULL,
	  "Incident response in time", "事件即時停機或 Kill",
	  "{grade} incident {incident_id} at {occurred_at}: not disabled (major) or killed (critical) within {within} s{open_note}",
	  "{grade} 事件 {incident_id}（{occurred_at}）：{within} 秒內未停機（major）或未觸發 Kill Switch（critical）{open_note}",
	  rule_response },
	{ "DO-6.4-UNRECORDED", "6.4", SEV_MAJOR, NULL,
	  "Every CRITICAL alert and kill has an incident", "無 Incident Log 視為未處理事件",
	  "{record}{written_note} ({cid}) at {ts} is listed by no incident (no incident log = unhandled incident)",
	  "{record}{written_note}（{cid}，{ts}）未列於任何事件紀錄（無 Incident Log 視為未處理事件）",
	  rule_unrecorded },
	{ "DO-6.4-DANGLING-CID", "6.4", SEV_MINOR, NULL,
	  "Incident correlation IDs traceable", "事件 Correlation ID 可追溯",
	  "correlation ID {cid} of incident {incident_id} appears in no other record",
	  "事件 {incident_id} 的 Correlation ID {cid} 未出現在任何其他紀錄",
	  rule_dangling_cid },

	/* §7 daily runbook */
	{ "DO-7.2-CHECKLIST-MISSING", "7.2", SEV_CRITICAL, NULL,
	  "Pre-run checklist before live", "實盤前完成每日檢查",
	  "live trading on {date} began at {first_submit} ({record}{submit_note}) with no live checklist for the day completed before it",
	  "{date} 實盤於 {first_submit}（{record}{submit_note}）開始，之前未完成當日實盤每日檢查",
	  rule_checklist_missing },
	{ "DO-7.2-CHECKLIST-FAILED", "7.2", SEV_CRITICAL, NULL,
	  "Live entered only after a passed checklist", "每日檢查全數通過方可實盤",
	  "live checklist {checklist_id} did not pass ({failed}), and live trading began anyway, at {first_submit}{submit_note}",
	  "實盤每日檢查 {checklist_id} 未通過（{failed}），仍於 {first_submit} 進入實盤{submit_note}",
	  rule_checklist_failed },
	{ "DO-7.3-INTRADAY-CHANGE", "7.3", SEV_MAJOR, NULL,
	  "No structural change in the session", "盤中不處理結構性變更",
	  "change {change_id} applied at {applied_at}, inside the trading session",
	  "變更 {change_id} 於盤中 {applied_at} 套用",
	  rule_intraday_change },

	/* §8 changes and freezes */
	{ "DO-8.2-CHANGE-TYPE", "8.2", SEV_MAJOR, NULL,
	  "Change classified", "變更分類",
	  "change {change_id} has type {type}, not document, config, module_upgrade or governance_rule",
	  "變更 {change_id} 的類型 {type} 不在四種分類（document、config、module_upgrade、governance_rule）",
	  rule_change_type },
	{ "DO-8.3-CHANGE-RECORD", "8.3", SEV_MAJOR, NULL,
	  "Change request recorded before the change", "變更說明、影響評估與申請在先",
	  "change {change_id}:{missing_note} requested {requested_at}, applied {applied_at}{order}",
	  "變更 {change_id}：{missing_note}申請 {requested_at}，套用 {applied_at}{order}",
	  rule_change_record },
	{ "DO-8.3-CHANGE-MODE", "8.3", SEV_MAJOR,
	  "critical when live_execution at some moment of the window, else major",
	  "Changes only while live execution is stopped", "變更前停止 Live Execution",
	  "change {change_id} from {from} to {to} while its environment was {modes}, not disabled or observe-only",
	  "變更 {change_id}（{from} 至 {to}）期間環境處於 {modes}，並非 Disabled 或 Observe-only",
	  rule_change_mode },
	{ "DO-8.4-FREEZE-REQUIRED", "8.4", SEV_MAJOR, NULL,
	  "Freeze after a major incident", "重大事件後啟動治理凍結",
	  "{grade} incident {incident_id} at {occurred_at} with no freeze active or started within {within} h{open_note}",
	  "{grade} 事件 {incident_id}（{occurred_at}）發生時無治理凍結，{within} 小時內亦未啟動{open_note}",
	  rule_freeze_required },
	{ "DO-8.4-FREEZE-CHANGE", "8.4", SEV_CRITICAL, NULL,
	  "Only audited repairs during a freeze", "凍結期間僅允許經審計的修復",
	  "change {change_id} applied during freeze {freeze_id} is not an audited repair (repair {repair}, audit_ref {audit_ref}, strategy_expansion {strategy_expansion})",
	  "變更 {change_id} 於凍結 {freeze_id} 期間套用，並非經審計的修復型變更（repair {repair}、audit_ref {audit_ref}、strategy_expansion {strategy_expansion}）",
	  rule_freeze_change },
	{ "DO-8.5-UNFREEZE", "8.5", SEV_CRITICAL, NULL,
	  "Freeze lifted only when its conditions hold", "解除凍結條件成立",
	  "freeze {freeze_id} was lifted at {ended_at} with conditions not met: {failed}",
	  "凍結 {freeze_id} 於 {ended_at} 解除，但條件未滿足：{failed_zh}",
	  rule_unfreeze },

	/* §7.4 log integrity and linkage */
	{ "LOG-REJECTED", "7.4", SEV_MAJOR, NULL,
	  "Every record readable", "紀錄皆可讀取",
	  "record rejected: {why}",
	  "紀錄無法使用而被拒：{why}",
	  rule_log_rejected },
	{ "LOG-SEQ-GAP", "7.4", SEV_MAJOR, NULL,
	  "Sequence numbers without gaps", "序號連續",
	  "{source} seq {seq} follows seq {previous} in this file{step_note}",
	  "{source} 的序號 {seq} 接在 {previous} 之後（不連續）{step_note}",
	  rule_log_seq_gap },
	{ "LOG-TS-ORDER", "7.4", SEV_MINOR, NULL,
	  "Timestamps in order", "時間戳記順序",
	  "{source} time {ts} is earlier than its previous record's {previous}",
	  "{source} 的時間 {ts} 早於前一筆 {previous}",
	  rule_log_ts_order },
	{ "LOG-CONFLICT", "7.4", SEV_CRITICAL, NULL,
	  "One content per identity", "同一識別僅一種內容",
	  "{identity} is held by {versions} records with different content",
	  "識別 {identity} 對應 {versions} 筆內容不同的紀錄",
	  rule_log_conflict },
	{ "LOG-MANIFEST", "7.4", SEV_CRITICAL, NULL,
	  "Bundle matches its SHA256SUMS", "檔案與 SHA256SUMS 一致",
	  "{path}: {problem} (SHA256SUMS {listed}, file {actual})",
	  "{path}：{problem}（SHA256SUMS {listed}，檔案 {actual}）",
	  rule_log_manifest },
	{ "LOG-HASH-CHAIN", "7.4", SEV_CRITICAL, NULL,
	  "Hash chain unbroken", "雜湊鏈完整",
	  "prev_sha256 {problem}: the previous line's SHA-256 is {expected}, the record's prev_sha256 is {found}",
	  "prev_sha256 {problem}：前一行的 SHA-256 為 {expected}，本筆的 prev_sha256 為 {found}",
	  rule_log_hash_chain },
	{ "LINK-ORPHAN-EVENT", "7.4", SEV_MAJOR, NULL,
	  "Order events linked to their submit", "委託事件連結至送單",
	  "{record} ({event}, order {order_id}, {cid}) has no submit with that order and correlation ID (the order's submits: {submit_cids})",
	  "{record}（{event}，委託 {order_id}，{cid}）找不到相同委託與 Correlation ID 的送單（該委託的送單：{submit_cids}）",
	  rule_link_orphan },
	{ "LINK-CID-FORMAT", "3.2", SEV_MINOR, NULL,
	  "Correlation IDs well-formed", "Correlation ID 格式正確",
	  "{record}: correlation ID {cid} is missing or does not match the pattern",
	  "{record}：Correlation ID {cid} 缺漏或格式不符",
	  rule_link_cid_format },
};

const size_t rule_catalog_len = sizeof(rule_catalog) / sizeof(rule_catalog[0]);

const struct rule_def *rule_find(const char *id)
{
	for (size_t i = 0; i < rule_catalog_len; i++)
		if (!strcmp(rule_catalog[i].id, id))
			return &rule_catalog[i];
	return NULL;
}

const char *severity_name(enum severity s)
{
	switch (s) {
	case SEV_CRITICAL:
		return "critical";
	case SEV_MAJOR:
		return "major";
	case SEV_MINOR:
		return "minor";
	default:
		return "none";
	}
}

enum severity severity_from_name(const char *s)
{
	if (!strcmp(s, "critical"))
		return SEV_CRITICAL;
	if (!strcmp(s, "major"))
		return SEV_MAJOR;
	if (!strcmp(s, "minor"))
		return SEV_MINOR;
	return SEV_NONE;
}
