/*
 * message.c - message templates.
 */
#include "message.h"

#include <math.h>
#include <string.h>

#include "../ingest/canon.h"
#include "../ingest/manifest.h"
#include "../rules/sql.h"
#include "../util/buf.h"
#include "../util/tree.h"

/* The fixed English phrases findings carry as arguments, in 繁體中文: the problems of the
 * manifest check and the hash chain (src/ingest/), and the phrases of the rules
 * (src/rules/sql.h). A zh message quotes no English but IDs and values. */
static const struct {
	const char *en, *zh;
} phrases_zh[] = {
	{ MANIFEST_MISSING, "清單所列檔案不存在" },
	{ "listed entry is not a regular file", "清單所列項目不是一般檔案" },
	{ "SHA-256 differs", "SHA-256 不符" },
	{ "file not listed", "檔案未列入清單" },
	{ "not a sha256sum line", "不是 sha256sum 格式的行" },
	{ MANIFEST_LINE_TOO_LONG, "行長超過 65536 位元組" },
	{ "empty path", "路徑為空" },
	{ "absolute path", "絕對路徑" },
	{ "path leaves the bundle ('..')", "路徑離開資料包（'..'）" },
	{ "NUL byte in the path", "路徑含 NUL 位元組" },
	{ "not a string", "不是字串" },
	{ "does not match the previous line", "與前一行不符" },
	{ "missing after the chain started", "雜湊鏈開始後缺漏" },
	{ PHRASE_FREEZE_WINDOW_OPEN,
	  "；當日結束時期限尚未屆滿：於 {deadline} 前啟動凍結即符合，資料中尚無該時點之後的紀錄" },
	{ PHRASE_STILL_OPEN, "；至當日結束仍未恢復：資料中其後無心跳" },
	{ PHRASE_WINDOW_OPEN, "；時限延至當日之後的 {deadline}，資料中尚無該時點之後的紀錄" },
	{ PHRASE_ROUTE_MISSING, "未載明 route" },
	{ PHRASE_NOT_BOOLEAN, "非布林值" },
	{ PHRASE_REQUEST_NOT_FIRST, "：變更前未先提出申請" },
	{ PHRASE_CHANGE_MISSING, "缺少 {missing_zh}；" },
	{ PHRASE_MODE_WRITTEN, "（其 mode_change 寫作「{mode_written}」）" },
	{ PHRASE_MODE_UNREADABLE, "（其 mode_change 宣告的「{mode_written}」不是 Run Mode）" },
	{ PHRASE_MODE_NO_TO, "（其 mode_change 缺少 to，未宣告 Run Mode）" },
	{ PHRASE_APPROVE_BY_NO_ONE, "approve，但未載明裁決人（decided_by）" },
	{ PHRASE_LABEL_WRITTEN, "「{value}」" },
	{ PHRASE_SEQ_STEP_BACK, "；序號倒退：不大於此前最高的序號 {run_high}" },
	{ PHRASE_LOCK_DIFFER,
	  "文件版本與部署時生效的鎖定 {lock_id} 不一致（僅部署：{only_deployed}；僅鎖定：{only_locked}）" },
	{ PHRASE_LOCK_NONE, "部署時並無生效的文件鎖定（部署文件：{only_deployed}）" },
	{ PHRASE_LOCK_NO_DOCS, "未列出任何文件，部署時生效的鎖定 {lock_id} 無從核對（鎖定：{only_locked}）" },
	{ PHRASE_DEPLOY_LACKS, "紀錄缺少 {missing_zh}" },
	{ PHRASE_DEPLOY_BAD_STATUS, "其 status「{status}」既非 deployed 也非 rejected" },
	{ PHRASE_DEPLOY_BOTH, "紀錄缺少 {missing_zh}，且其 status「{status}」既非 deployed 也非 rejected" },
	{ PHRASE_STATUS_FAILED, "，status 寫作「{status}」，視為失效" },
	{ PHRASE_NO_TIME, "無時間" },
	{ PHRASE_UNTIMED, "；無時間的行動：{untimed}" },
	{ PHRASE_TRIGGER_ALERT, "CRITICAL 告警 {trigger_id}" },
	{ PHRASE_TRIGGER_KILL, "Kill Switch 觸發 {trigger_id}" },
	{ PHRASE_EVENT_MISSING, "，event 缺漏，視為送單" },
	{ PHRASE_EVENT_WRITTEN, "，event 寫作「{event}」，視為送單" },
	{ PHRASE_SEVERITY_WRITTEN, "（severity 寫作「{severity}」，視為 CRITICAL）" },
	{ PHRASE_ACTION_WRITTEN, "（action 寫作「{action}」，視為 activate）" },
	{ PHRASE_TRIGGER_ALERT PHRASE_SEVERITY_WRITTEN,
	  "CRITICAL 告警 {trigger_id}（severity 寫作「{severity}」，視為 CRITICAL）" },
	{ PHRASE_TRIGGER_KILL PHRASE_ACTION_WRITTEN,
	  "Kill Switch 觸發 {trigger_id}（action 寫作「{action}」，視為 activate）" },
};

/* The fixed phrase en is, or -1. */
static int phrase_index(const char *en)
{
	for (size_t i = 0; i < sizeof(phrases_zh) / sizeof(phrases_zh[0]); i++)
		if (!strcmp(en, phrases_zh[i].en))
			return (int)i;
	return -1;
}

const char *message_phrase_zh(const char *en)
{
	int i = phrase_index(en);

	return i < 0 ? en : phrases_zh[i].zh;
}

/* Whether args[name] is a note: a fixed phrase a rule chose, which may hold {name}s of
 * its own (a value it quotes). No value from the input is ever put in a note. */
static int is_note(const char *name)
{
	size_t n = strlen(name);

	return n > 5 && !strcmp(name + n - 5, "_note");
}

/* The reasons ingest gives a rejected record (LOG-REJECTED's `reason`), whole, in
 * 繁體中文: each `%` of a pattern stands for a value the reason quotes ({1}, {2} in the
 * translation), kept as written. A YAML reason's own " (line N, column M)" is read apart.
 * A reason no pattern matches is shown as written: none should be (test_rejected_reason_in_zh
 * walks them), but the words of a parser in another version may be. */
static const struct {
	const char *en, *zh;
} reasons_zh[] = {
	{ "missing", "缺漏" },
	{ "empty", "為空" },
	{ "not a time string", "不是時間字串" },
	{ "no UTC offset in '%'", "時間 '{1}' 未帶 UTC 時差" },
	{ "not an ISO 8601 time: '%'", "'{1}' 不是 ISO 8601 時間" },
	{ "'%' falls outside the days a review can report (0001-01-01 to 9999-12-30)",
	  "'{1}' 落在可審查的日期（0001-01-01 至 9999-12-30）之外" },
	{ "not a string or an integer", "不是字串或整數" },
	{ "not a string (a list)", "不是字串（而是清單）" },
	{ "not a string (a mapping)", "不是字串（而是對應）" },
	{ "not a string (a boolean)", "不是字串（而是布林值）" },
	{ "not a string (a number)", "不是字串（而是數字）" },
	{ "not an integer", "不是整數" },
	{ "out of range (beyond 2^53, and not written in digits)",
	  "超出範圍（大於 2^53，且未以純數字書寫）" },
	{ "out of range (beyond 64 bits)", "超出範圍（超過 64 位元整數）" },
	/* a reason a store written before seqs past 2^53 were read still holds */
	{ "out of range (beyond 2^53)", "超出範圍（大於 2^53）" },
	{ "a record must be an object", "紀錄必須是物件（對應）" },
	{ "nested deeper than % levels", "巢狀超過 {1} 層" },
	{ "duplicate key", "重複的鍵" },
	{ "unknown kind '%'", "未知的紀錄種類 '{1}'" },
	{ "record larger than % bytes (%)", "紀錄大於 {1} 位元組（為 {2} 位元組）" },
	{ "not valid UTF-8", "不是有效的 UTF-8" },
	{ "NUL byte in the line", "此行含 NUL 位元組" },
	{ "not valid JSON", "不是有效的 JSON" },
	{ "malformed number", "數字格式錯誤" },
	{ "text after the JSON value", "JSON 值之後另有文字" },
	{ "unterminated string", "字串未結束" },
	{ "control character inside a string", "字串內含控制字元" },
	{ "invalid \\u escape in a string", "字串內的 \\u 跳脫序列無效" },
	{ "invalid escape in a string", "字串內的跳脫序列無效" },
	{ "string holds a NUL character (\\u0000)", "字串含 NUL 字元（\\u0000）" },
	{ "key holds a NUL character", "鍵含 NUL 字元" },
	{ "scalar holds a NUL character", "純量含 NUL 字元" },
	{ "record too complex to parse", "紀錄過於複雜，無法解析" },
	{ "document too large to parse", "文件過大，無法解析" },
	{ "not valid YAML: %", "不是有效的 YAML：{1}" },
	{ "tag not supported or value does not match it", "不支援的標籤，或值與標籤不符" },
	{ "tag not supported", "不支援的標籤" },
	{ "keys must be scalars", "鍵必須是純量" },
	{ "merge keys are not allowed", "不允許合併鍵（<<）" },
	{ "more than one YAML document", "多於一份 YAML 文件" },
	{ "more than % anchors", "錨點多於 {1} 個" },
	{ "alias of a collection from inside it", "別名指向包含它的集合" },
	{ "alias of an anchor not defined before it", "別名所指的錨點未先定義" },
	{ "aliases expand the document too far", "別名展開後文件過大" },
	{ "anchors on keys are not supported", "不支援鍵上的錨點" },
	{ "cannot initialise the YAML parser", "無法初始化 YAML 解析器" },
};

/* Whether text[0, n) is pattern pat whole, each '%' a run of one or more characters up to
 * the next literal part (the last one to the end); the runs into cap[], at most 2. */
static int reason_match(const char *pat, const char *text, size_t n, const char *cap[2],
			size_t caplen[2])
{
	const char *t = text, *end = text + n;
	int k = 0;

	while (*pat) {
		if (*pat != '%') {
			if (t == end || *t != *pat)
				return 0;
			pat++, t++;
			continue;
		}
		/* the literal that follows the %, up to the next % or the end */
		const char *lit = ++pat;
		size_t litn = strcspn(lit, "%");
		const char *at;
		if (k == 2)
			return 0;
		if (!litn) { /* the last: the rest */
			at = end;
		} else {
			at = NULL;
			for (const char *q = t + 1; q + litn <= end; q++)
				if (!memcmp(q, lit, litn) && (lit[litn] || q + litn == end)) {
					at = q;
					break;
				}
			if (!at)
				return 0;
		}
		if (at <= t)
			return 0;
		cap[k] = t, caplen[k] = (size_t)(at - t), k++;
		t = at;
	}
	return t == end;
}

/* reason in 繁體中文, appended to b. */
static void reason_text_zh(struct buf *b, const char *reason)
{
	size_t n = strlen(reason), m = n;
	long line = 0, col = 0;
	const char *open = strrchr(reason, '(');

	/* a YAML reason's place: " (line N)" or " (line N, column M)" at its end */
	if (open && open > reason && open[-1] == ' ' && n && reason[n - 1] == ')' &&
	    (sscanf(open, "(line %ld, column %ld)", &line, &col) == 2 ||
	     sscanf(open, "(line %ld)", &line) == 1) && line > 0)
		m = (size_t)(open - 1 - reason);
	else
		line = col = 0;
	for (size_t i = 0; i < sizeof(reasons_zh) / sizeof(reasons_zh[0]); i++) {
		const char *cap[2];
		size_t caplen[2];
		if (!reason_match(reasons_zh[i].en, reason, m, cap, caplen))
			continue;
		for (const char *z = reasons_zh[i].zh; *z; z++) {
			if (z[0] == '{' && (z[1] == '1' || z[1] == '2') && z[2] == '}') {
				int k = z[1] - '1';
				buf_add(b, cap[k], caplen[k]);
				z += 2;
			} else {
				buf_addc(b, *z);
			}
		}
		if (line && col)
			buf_addf(b, "（第 %ld 行第 %ld 欄）", line, col);
		else if (line)
			buf_addf(b, "（第 %ld 行）", line);
		return;
	}
	buf_adds(b, reason);
}

/* LOG-REJECTED's {why} in 繁體中文, from its field, reason and column. */
static void reason_zh(struct buf *b, const cJSON *args)
{
	const cJSON *field = cJSON_GetObjectItemCaseSensitive(args, "field");
	const cJSON *reason = cJSON_GetObjectItemCaseSensitive(args, "reason");
	const cJSON *col = cJSON_GetObjectItemCaseSensitive(args, "column");

	if (cJSON_IsString(field) && *field->valuestring)
		buf_addf(b, "欄位 %s：", field->valuestring);
	reason_text_zh(b, cJSON_IsString(reason) ? reason->valuestring : "");
	if (cJSON_IsNumber(col) && col->valuedouble > 0)
		buf_addf(b, "（第 %.0f 欄）", col->valuedouble);
}

/* tmpl with each {name} replaced from args, appended to b. A note's {name}s are filled
 * in at `depth` 1; any other value is copied as it is (a fixed phrase in 繁體中文 for a
 * zh message), braces and all. */
static void render(struct buf *b, const char *tmpl, const cJSON *args, const char *record,
		   int zh, int depth)
{
	const char *none = zh ? "（無）" : "(none)";

	for (const char *p = tmpl; *p;) {
		const char *close;
		if (*p != '{' || !(close = strchr(p + 1, '}')) || close - p > 40) {
			buf_addc(b, *p++);
			continue;
		}
		char name[48];
		const cJSON *v;
		snprintf(name, sizeof(name), "%.*s", (int)(close - p - 1), p + 1);
		if (!strcmp(name, "record")) {
			buf_adds(b, record ? record : none);
		} else if (zh && !strcmp(name, "why") &&
			   cJSON_IsString(cJSON_GetObjectItemCaseSensitive(args, "reason"))) {
			reason_zh(b, args);
		} else if ((v = cJSON_GetObjectItemCaseSensitive(args, name)) && cJSON_IsString(v)) {
			/* a note quotes values, never a phrase: a label written as a phrase's
			 * English stays as written */
			int i = depth ? -1 : phrase_index(v->valuestring);
			const char *text = i >= 0 && zh ? phrases_zh[i].zh : v->valuestring;
			if (i >= 0 && depth == 0 && is_note(name))
				render(b, text, args, record, zh, 1);
			else
				buf_adds(b, text);
		} else if (v && cJSON_IsNumber(v)) {
			/* past 2^53 a double has lost digits of the integer the rule wrote (a
			 * 64-bit seq): its text, when the arguments were read with theirs */
			const char *t = tree_scalar_text(v);
			char num[64];
			if (t && fabs(v->valuedouble) >= CANON_EXACT_LIMIT &&
			    strspn(t, "-0123456789") == strlen(t)) {
				buf_adds(b, t);
			} else {
				canon_number(v->valuedouble, num, sizeof(num));
				buf_adds(b, num);
			}
		} else {
			buf_adds(b, none);
		}
		p = close + 1;
	}
}

cJSON *message_args(const char *json, size_t len)
{
	struct tree_error terr;
	cJSON *args = json ? tree_parse_json(json, len, &terr) : NULL;

	if (args)
		tree_json_number_texts(args, json, len);
	return args;
}

char *message_render(const char *tmpl, const cJSON *args, const char *record, int zh)
{
	struct buf b = BUF_INIT;

	render(&b, tmpl, args, record, zh, 0);
	return buf_detach(&b);
}
