/*
 * message.c - message templates.
 */
#include "message.h"

#include <string.h>

#include "../ingest/canon.h"
#include "../util/buf.h"

/* The fixed phrases a finding's `problem` argument holds (the manifest check and the hash
 * chain, src/ingest/), a heartbeat gap's `still` (src/rules/monitor.c) and a finding's
 * `detail` on an execution with no route (src/rules/sql.h) and a `decision` approved by
 * no one (src/rules/modes.c), in 繁體中文:
 * a zh message quotes no English but IDs and values. */
static const struct {
	const char *en, *zh;
} problems_zh[] = {
	{ "listed file missing", "清單所列檔案不存在" },
	{ "listed entry is not a regular file", "清單所列項目不是一般檔案" },
	{ "SHA-256 differs", "SHA-256 不符" },
	{ "file not listed", "檔案未列入清單" },
	{ "not a sha256sum line", "不是 sha256sum 格式的行" },
	{ "empty path", "路徑為空" },
	{ "absolute path", "絕對路徑" },
	{ "path leaves the bundle ('..')", "路徑離開資料包（'..'）" },
	{ "NUL byte in the path", "路徑含 NUL 位元組" },
	{ "not a string", "不是字串" },
	{ "does not match the previous line", "與前一行不符" },
	{ "missing after the chain started", "雜湊鏈開始後缺漏" },
	{ "; still open at the end of the day: no heartbeat after it in the store",
	  "；至當日結束仍未恢復：資料中其後無心跳" },
	{ "route missing", "未載明 route" },
	{ "approve, by no one (decided_by missing)", "approve，但未載明裁決人（decided_by）" },
};

const char *message_problem_zh(const char *en)
{
	for (size_t i = 0; i < sizeof(problems_zh) / sizeof(problems_zh[0]); i++)
		if (!strcmp(en, problems_zh[i].en))
			return problems_zh[i].zh;
	return en;
}

char *message_render(const char *tmpl, const cJSON *args, const char *record, int zh)
{
	struct buf b = BUF_INIT;
	const char *none = zh ? "（無）" : "(none)";

	for (const char *p = tmpl; *p;) {
		const char *close;
		if (*p != '{' || !(close = strchr(p + 1, '}')) || close - p > 40) {
			buf_addc(&b, *p++);
			continue;
		}
		char name[48];
		const cJSON *v;
		snprintf(name, sizeof(name), "%.*s", (int)(close - p - 1), p + 1);
		if (!strcmp(name, "record")) {
			buf_adds(&b, record ? record : none);
		} else if ((v = cJSON_GetObjectItemCaseSensitive(args, name)) && cJSON_IsString(v)) {
			buf_adds(&b, zh && (!strcmp(name, "problem") || !strcmp(name, "still") ||
					    !strcmp(name, "detail") || !strcmp(name, "decision"))
					     ? message_problem_zh(v->valuestring)
					     : v->valuestring);
		} else if (v && cJSON_IsNumber(v)) {
			char num[64];
			canon_number(v->valuedouble, num, sizeof(num));
			buf_adds(&b, num);
		} else {
			buf_adds(&b, none);
		}
		p = close + 1;
	}
	return buf_detach(&b);
}
