/*
 * message.c - message templates.
 */
#include "message.h"

#include <string.h>

#include "../ingest/canon.h"
#include "../util/buf.h"

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
			buf_adds(&b, v->valuestring);
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
