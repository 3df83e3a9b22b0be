/*
 * utf8.c - UTF-8 validation with an ASCII fast path.
 */
#include "utf8.h"
#include "buf.h"

#include <stdint.h>
#include <string.h>

/* Length of the valid sequence at p (1..4), or 0 when it is not valid UTF-8. */
static size_t seq_len(const unsigned char *p, size_t n)
{
	unsigned char c = p[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		if (n >= 2 && (p[1] & 0xC0) == 0x80)
			return 2;
		return 0;
	}
	if (c >= 0xE0 && c <= 0xEF) {
		if (n < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
			return 0;
		if (c == 0xE0 && p[1] < 0xA0)
			return 0; /* overlong */
		if (c == 0xED && p[1] > 0x9F)
			return 0; /* surrogate */
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (n < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
		    (p[3] & 0xC0) != 0x80)
			return 0;
		if (c == 0xF0 && p[1] < 0x90)
			return 0; /* overlong */
		if (c == 0xF4 && p[1] > 0x8F)
			return 0; /* > U+10FFFF */
		return 4;
	}
	return 0;
}

int utf8_valid(const unsigned char *p, size_t n, size_t *bad)
{
	size_t i = 0;

	while (i < n) {
		if (n - i >= 8) {
			uint64_t w;
			memcpy(&w, p + i, 8);
			if (!(w & 0x8080808080808080ULL)) {
				i += 8;
				continue;
			}
		}
		size_t k = seq_len(p + i, n - i);
		if (!k) {
			if (bad)
				*bad = i;
			return 0;
		}
		i += k;
	}
	return 1;
}

/* U+FFFE and U+FFFF: valid UTF-8, but not characters XML 1.0 allows. */
static int noncharacter(const unsigned char *p, size_t k)
{
	return k == 3 && p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF);
}

/* Length of the Unicode space or invisible character at p (UTF-8), or 0 when there is
 * none: White_Space, and the format and filler characters that show nothing. */
static size_t unicode_space(const unsigned char *p)
{
	if (p[0] == 0xC2 && (p[1] == 0x85 || p[1] == 0xA0 || p[1] == 0xAD))
		return 2; /* U+0085, U+00A0, U+00AD */
	if (p[0] == 0xE1 && ((p[1] == 0x9A && p[2] == 0x80) || (p[1] == 0xA0 && p[2] == 0x8E) ||
			     (p[1] == 0x85 && (p[2] == 0x9F || p[2] == 0xA0))))
		return 3; /* U+1680, U+180E, U+115F, U+1160 */
	if (p[0] == 0xE2 && p[1] == 0x80 &&
	    ((p[2] >= 0x80 && p[2] <= 0x8F) || p[2] == 0xA8 || p[2] == 0xA9 || p[2] == 0xAF))
		return 3; /* U+2000-U+200F, U+2028, U+2029, U+202F */
	if (p[0] == 0xE2 && p[1] == 0x81 && (p[2] == 0x9F || (p[2] >= 0xA0 && p[2] <= 0xA4)))
		return 3; /* U+205F, U+2060-U+2064 */
	if (p[0] == 0xE3 && ((p[1] == 0x80 && p[2] == 0x80) || (p[1] == 0x85 && p[2] == 0xA4)))
		return 3; /* U+3000, U+3164 */
	if (p[0] == 0xEF && ((p[1] == 0xBB && p[2] == 0xBF) || (p[1] == 0xBE && p[2] == 0xA0)))
		return 3; /* U+FEFF, U+FFA0 */
	return 0;
}

int utf8_is_blank(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t k;
		if (strchr(" \t\r\n\v\f", *p))
			p++;
		else if ((k = unicode_space(p)))
			p += k;
		else
			return 0;
	}
	return 1;
}

char *utf8_sanitize(const char *src, size_t n)
{
	const unsigned char *p = (const unsigned char *)src;
	struct buf b = BUF_INIT;
	size_t i = 0;

	buf_grow(&b, n);
	while (i < n) {
		size_t k = seq_len(p + i, n - i);
		if (!k || (p[i] < 0x20 && p[i] != '\t' && p[i] != '\n') || p[i] == 0x7F ||
		    noncharacter(p + i, k)) {
			buf_add(&b, "\xEF\xBF\xBD", 3);
			i += k ? k : 1;
			continue;
		}
		buf_add(&b, p + i, k);
		i += k;
	}
	return buf_detach(&b);
}

static int hex_digit(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

char *utf8_escape_name(const char *src)
{
	const unsigned char *p = (const unsigned char *)src;
	size_t n = strlen(src), i = 0;
	struct buf b = BUF_INIT;

	buf_grow(&b, n);
	while (i < n) {
		size_t k = seq_len(p + i, n - i);
		int c1 = k == 2 && p[i] == 0xC2 && p[i + 1] < 0xA0; /* U+0080..U+009F */
		if (!k || p[i] < 0x20 || p[i] == 0x7F || c1 || noncharacter(p + i, k) ||
		    (p[i] == '\\' && i + 3 < n && p[i + 1] == 'x' && hex_digit(p[i + 2]) &&
		     hex_digit(p[i + 3]))) {
			for (size_t j = 0; j < (k ? k : 1); j++)
				buf_addf(&b, "\\x%02x", p[i + j]);
			i += k ? k : 1;
			continue;
		}
		buf_add(&b, p + i, k);
		i += k;
	}
	return buf_detach(&b);
}

size_t utf8_floor(const char *s, size_t n)
{
	while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}
