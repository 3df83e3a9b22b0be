/*
 * jsonw.c - JSON object writer.
 */
#include "jsonw.h"

void jsonw_string(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run = p;

	buf_addc(b, '"');
	for (; *p; p++) {
		if (*p != '"' && *p != '\\' && *p >= 0x20)
			continue;
		buf_add(b, run, (size_t)(p - run));
		if (*p < 0x20)
			buf_addf(b, "\\u%04x", *p);
		else {
			buf_addc(b, '\\');
			buf_addc(b, (char)*p);
		}
		run = p + 1;
	}
	buf_add(b, run, (size_t)(p - run));
	buf_addc(b, '"');
}

static void key(struct buf *b, const char *k)
{
	if (b->len && b->data[b->len - 1] != '{')
		buf_addc(b, ',');
	jsonw_string(b, k);
	buf_addc(b, ':');
}

void jsonw_begin(struct buf *b)
{
	buf_reset(b);
	buf_addc(b, '{');
}

void jsonw_str(struct buf *b, const char *k, const char *value)
{
	key(b, k);
	if (value)
		jsonw_string(b, value);
	else
		buf_adds(b, "null");
}

void jsonw_int(struct buf *b, const char *k, int64_t value)
{
	key(b, k);
	buf_addf(b, "%lld", (long long)value);
}

void jsonw_end(struct buf *b)
{
	buf_addc(b, '}');
}
