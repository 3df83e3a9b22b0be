/*
 * utf8.h - UTF-8 validation (RFC 3629: no overlongs, no surrogates, <= U+10FFFF).
 */
#ifndef TAITS_UTF8_H
#define TAITS_UTF8_H

#include <stddef.h>

/* Returns 1 when p[0..n) is valid UTF-8; otherwise 0 and the offset of the first bad byte. */
int utf8_valid(const unsigned char *p, size_t n, size_t *bad);

/* The largest character start at or before n in s (which holds at least n bytes, s[n]
 * readable): where a text may be cut without splitting a character. */
size_t utf8_floor(const char *s, size_t n);

/* Copies src to a new string, replacing each invalid sequence, each control character
 * other than tab and newline, and U+FFFE and U+FFFF with U+FFFD, so the result can go into
 * XML or a PDF. */
char *utf8_sanitize(const char *src, size_t n);

/* A file name as reports show it: each byte of an invalid sequence, of a control
 * character (C0, DEL, C1) and of U+FFFE or U+FFFF as \xhh (as messages on stderr show
 * them), and a backslash that would read as such an escape as \x5c; any other name is
 * itself. So two names that differ only in such bytes never show alike in the XML
 * (replaced by U+FFFD, they did), and the name can be read back. A new string. */
char *utf8_escape_name(const char *src);

/* Nonzero when s (UTF-8) holds nothing but white space, ASCII or Unicode (no-break,
 * ideographic, the U+2000 spaces, next line), or characters that show nothing (zero-width
 * and joiners, word joiner, soft hyphen, Hangul fillers, byte-order mark): a text that
 * says nothing. */
int utf8_is_blank(const char *s);

#endif
