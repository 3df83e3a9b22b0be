/*
 * canon.c - canonical serialisation of a cJSON tree.
 */
#include "canon.h"
#include "../util/jsonw.h"
#include "../util/timeutil.h"
#include "../util/utf8.h"

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
	if (v == floor(v) && fabs(v) < CANON_EXACT_LIMIT) {
		/* The common case, without printf. */
		char tmp[24];
		long long n = (long long)v;
		unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
		size_t i = sizeof(tmp);
		do
			tmp[--i] = (char)('0' + u % 10);
		while ((u /= 10));
		if (n < 0)
			tmp[--i] = '-';
		snprintf(out, size, "%.*s", (int)(sizeof(tmp) - i), tmp + i);
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

/* Sorts a small array of members by key (insertion sort: records have a dozen keys). */
static void sort_members(const cJSON **v, size_t n)
{
	if (n > 24) {
		qsort(v, n, sizeof(*v), cmp_key);
		return;
	}
	for (size_t i = 1; i < n; i++) {
		const cJSON *x = v[i];
		size_t j = i;
		while (j > 0 && strcmp(v[j - 1]->string, x->string) > 0) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}

/* Numbers go in as the bytes of their double: the canonical form is only hashed. */
static void write_double(struct buf *out, double v)
{
	if (v == 0)
		v = 0; /* -0 is 0 */
	buf_addc(out, '#');
	buf_add(out, &v, sizeof(v));
}

/* Asked of a record's top-level numbers, and of every member, in turn: the first byte,
 * or the length, rules out most keys before a whole comparison. */
int canon_is_quantity(const char *key)
{
	switch (key[0]) {
	case 's':
		return !strcmp(key, "seq");
	case 'q':
		return !strcmp(key, "qty");
	case 'p':
		return !strcmp(key, "price");
	case 'l':
		return !strcmp(key, "latency_ms");
	case 'e':
		return !strcmp(key, "error_rate");
	default:
		return 0;
	}
}

int canon_is_time(const char *key)
{
	size_t n = strlen(key);

	if (n == 2)
		return (key[0] == 't' && key[1] == 's') || (key[0] == 'a' && key[1] == 't');
	return n > 3 && !memcmp(key + n - 3, "_at", 3);
}

static const char too_deep[] = "";

/* A missing value (interpretation.md: null, a blank string, an empty list) is no value:
 * `reason: null`, `reason: ""` and no `reason` at all are the same content. */
static int is_missing(const cJSON *v)
{
	return cJSON_IsNull(v) || (cJSON_IsString(v) && utf8_is_blank(v->valuestring)) ||
	       (cJSON_IsArray(v) && !v->child);
}

/* A member written with the value INPUT.md gives it by default: a change's `repair` and
 * `strategy_expansion` false are the same content as no such member. */
static int is_default(const cJSON *record, const cJSON *member)
{
	const cJSON *kind;

	if (!cJSON_IsFalse(member))
		return 0;
	kind = cJSON_GetObjectItemCaseSensitive(record, "kind");
	return cJSON_IsString(kind) &&
	       !strcmp(kind->valuestring, "change") &&
	       (!strcmp(member->string, "repair") || !strcmp(member->string, "strategy_expansion"));
}

/* `time`: n is the value of a time member (canon_is_time()). With `out` NULL nothing is
 * written: the walk only finds what canon_write() returns, the same way. */
static const char *write_node(const cJSON *n, struct buf *out, int top, int time, int depth)
{
	const char *dup = NULL;

	if (depth >= TREE_MAX_DEPTH && (cJSON_IsObject(n) || cJSON_IsArray(n)))
		return too_deep;
	if (cJSON_IsObject(n)) {
		const cJSON *stackv[32], **v = stackv;
		size_t cnt = 0, i = 0;
		for (const cJSON *c = n->child; c; c = c->next)
			cnt++;
		if (cnt > 32)
			v = xmalloc(cnt * sizeof(*v));
		for (const cJSON *c = n->child; c; c = c->next)
			v[i++] = c;
		sort_members(v, cnt);
		if (out)
			buf_addc(out, '{');
		int first = 1;
		for (i = 0; i < cnt; i++) {
			if (i && !strcmp(v[i - 1]->string, v[i]->string) && !dup)
				dup = v[i]->string;
			if (top && v[i]->string[0] == 'p' && !strcmp(v[i]->string, "prev_sha256"))
				continue;
			if (!out) { /* a scalar holds no key and no depth; nor does what
				     * is left out as missing (an empty list) */
				if ((cJSON_IsObject(v[i]) || cJSON_IsArray(v[i])) &&
				    !is_missing(v[i])) {
					const char *d = write_node(v[i], NULL, 0, 0, depth + 1);
					if (d && (!dup || d == too_deep))
						dup = d;
				}
				continue;
			}
			if (is_missing(v[i]) || (top && is_default(n, v[i])))
				continue;
			if (!first)
				buf_addc(out, ',');
			first = 0;
			jsonw_string(out, v[i]->string);
			buf_addc(out, ':');
			if (top && cJSON_IsNumber(v[i]) && canon_is_quantity(v[i]->string)) {
				write_double(out, v[i]->valuedouble);
				continue;
			}
			const char *d = write_node(v[i], out, 0, canon_is_time(v[i]->string),
						   depth + 1);
			if (d && (!dup || d == too_deep))
				dup = d;
		}
		if (out)
			buf_addc(out, '}');
		if (v != stackv)
			free(v);
	} else if (cJSON_IsArray(n)) {
		if (out)
			buf_addc(out, '[');
		for (const cJSON *c = n->child; c; c = c->next) {
			if (out && c != n->child)
				buf_addc(out, ',');
			const char *d = write_node(c, out, 0, 0, depth + 1);
			if (d && (!dup || d == too_deep))
				dup = d;
		}
		if (out)
			buf_addc(out, ']');
	} else if (!out) {
		/* a scalar: nothing to find */
	} else if (cJSON_IsString(n)) {
		const char *v = n->valuestring;
		size_t len = strlen(v);
		int64_t us;
		int off;
		/* A time is its instant: the same moment written in two offsets is one value.
		 * Only in a time member: elsewhere (a message) the text is what was said. */
		if (time && v[0] >= '0' && v[0] <= '9' && iso_parse(v, len, &us, &off) == ISO_OK) {
			buf_addc(out, '@');
			buf_add(out, &us, sizeof(us));
		} else {
			jsonw_string(out, v);
		}
	} else if (cJSON_IsNumber(n)) {
		/* Anywhere but a quantity, a number is read as the text written (an ID, a
		 * version): compared so, YAML's 1.10 and JSON's "1.10" are one value, and 1.1
		 * another. */
		if (tree_scalar_text(n))
			jsonw_string(out, tree_scalar_text(n));
		else
			write_double(out, n->valuedouble);
	} else if (cJSON_IsTrue(n)) {
		buf_adds(out, "true");
	} else if (cJSON_IsFalse(n)) {
		buf_adds(out, "false");
	} else {
		buf_adds(out, "null");
	}
	return dup;
}

const char *canon_write(const cJSON *node, struct buf *out)
{
	const char *r = write_node(node, out, 1, 0, 0);

	return r == too_deep ? CANON_TOO_DEEP : r;
}

const char *canon_check(const cJSON *node)
{
	return canon_write(node, NULL);
}

static _Thread_local struct buf b; /* canon_content_hash()'s, reused */

void canon_thread_release(void)
{
	buf_release(&b);
}

const char *canon_content_hash(const cJSON *record, unsigned char out[SHA256_LEN])
{
	const char *dup;

	buf_reset(&b);
	dup = canon_write(record, &b);
	sha256_once(b.data, b.len, out);
	return dup;
}
