/*
 * canon.c - canonical serialisation of a cJSON tree.
 */
#include "canon.h"
#include "../util/jsonw.h"
#include "../util/timeutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void canon_number(double v, char *out, size_t size)
{
	if (isnan(v)) {
		snprintf(out, size, "nan");
		return;
	}
	if (isinf(v)) {
		snprintf(out, size, v < 0 ? "-inf" : "inf");
		return;
	}
	if (v == floor(v) && fabs(v) < 9007199254740992.0) {
		snprintf(out, size, "%lld", (long long)v);
		return;
	}
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(out, size, "%.*g", prec, v);
		if (strtod(out, NULL) == v)
			return;
	}
}

static int cmp_key(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;

	return strcmp(x->string, y->string);
}

static void write_node(const cJSON *n, struct buf *out, int top)
{
	char num[64];

	if (cJSON_IsObject(n)) {
		const cJSON *stackv[32], **v = stackv;
		size_t cnt = 0, i = 0;
		for (const cJSON *c = n->child; c; c = c->next)
			cnt++;
		if (cnt > 32)
			v = xmalloc(cnt * sizeof(*v));
		for (const cJSON *c = n->child; c; c = c->next)
			v[i++] = c;
		qsort(v, cnt, sizeof(*v), cmp_key);
		buf_addc(out, '{');
		int first = 1;
		for (i = 0; i < cnt; i++) {
			if (top && !strcmp(v[i]->string, "prev_sha256"))
				continue;
			if (!first)
				buf_addc(out, ',');
			first = 0;
			jsonw_string(out, v[i]->string);
			buf_addc(out, ':');
			write_node(v[i], out, 0);
		}
		buf_addc(out, '}');
		if (v != stackv)
			free(v);
	} else if (cJSON_IsArray(n)) {
		buf_addc(out, '[');
		for (const cJSON *c = n->child; c; c = c->next) {
			if (c != n->child)
				buf_addc(out, ',');
			write_node(c, out, 0);
		}
		buf_addc(out, ']');
	} else if (cJSON_IsString(n)) {
		const char *v = n->valuestring;
		int64_t us;
		int off;
		/* A time is its instant: the same moment written in two offsets is one value. */
		if (strlen(v) >= 16 && v[0] >= '0' && v[0] <= '9' && v[4] == '-' &&
		    iso_parse(v, strlen(v), &us, &off) == ISO_OK)
			buf_addf(out, "@%lld", (long long)us);
		else
			jsonw_string(out, v);
	} else if (cJSON_IsNumber(n)) {
		canon_number(n->valuedouble, num, sizeof(num));
		buf_adds(out, num);
	} else if (cJSON_IsTrue(n)) {
		buf_adds(out, "true");
	} else if (cJSON_IsFalse(n)) {
		buf_adds(out, "false");
	} else {
		buf_adds(out, "null");
	}
}

void canon_write(const cJSON *node, struct buf *out)
{
	write_node(node, out, 1);
}

void canon_content_hash(const cJSON *record, unsigned char out[SHA256_LEN])
{
	static _Thread_local struct buf b;

	buf_reset(&b);
	canon_write(record, &b);
	sha256_once(b.data, b.len, out);
}
