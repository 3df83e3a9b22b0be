/*
 * manifest.c - parsing SHA256SUMS: "<64 hex><space><space or *><path>" per line, or
 * "SHA256 (<path>) = <64 hex>" (sha256sum --tag), with sha256sum's escaping (a leading
 * backslash, then \\ and \n in the name).
 */
#include "manifest.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"

/* Normalises a listed path; NULL with *why when it must not be opened. */
static char *safe_path(const char *p, size_t n, const char **why)
{
	struct buf b = BUF_INIT;
	size_t i = 0;

	if (n == 0) {
		*why = "empty path";
		return NULL;
	}
	if (p[0] == '/') {
		*why = "absolute path";
		return NULL;
	}
	while (i < n) {
		size_t j = i;
		while (j < n && p[j] != '/')
			j++;
		size_t len = j - i;
		if (len == 2 && p[i] == '.' && p[i + 1] == '.') {
			buf_release(&b);
			*why = "path leaves the bundle ('..')";
			return NULL;
		}
		if (len && !(len == 1 && p[i] == '.')) {
			if (b.len)
				buf_addc(&b, '/');
			buf_add(&b, p + i, len);
		}
		i = j + 1;
	}
	if (!b.len) {
		*why = "empty path";
		return NULL;
	}
	if (memchr(b.data, '\0', b.len)) {
		buf_release(&b);
		*why = "NUL byte in the path";
		return NULL;
	}
	return buf_detach(&b);
}

const char *manifest_parse_line(const char *p, size_t n, struct manifest_line *ml,
				char **listed)
{
	int escaped = 0;
	struct buf name = BUF_INIT;
	const char *problem = NULL;

	*listed = NULL;
	ml->path = NULL;
	if (n && p[0] == '\\') {
		escaped = 1;
		p++;
		n--;
	}
	/* `sha256sum --tag` writes "SHA256 (<path>) = <64 hex>" */
	const char *hex = p;
	size_t from = 66, to = n;
	if (n >= 8 + 4 + 64 && !memcmp(p, "SHA256 (", 8) && !memcmp(p + n - 68, ") = ", 4)) {
		hex = p + n - 64;
		from = 8;
		to = n - 68;
	} else if (n < 66 || p[64] != ' ' || (p[65] != ' ' && p[65] != '*')) {
		return "not a sha256sum line";
	}
	for (int i = 0; i < 64; i++) {
		if (!isxdigit((unsigned char)hex[i]))
			return "not a sha256sum line";
		ml->sha256[i] = (char)tolower((unsigned char)hex[i]);
	}
	ml->sha256[64] = '\0';
	for (size_t i = from; i < to; i++) {
		if (escaped && p[i] == '\\') {
			/* sha256sum writes \\, \n and \r, inside the name; any other escape,
			 * or one cut by the name's end, is not its line (sha256sum -c: "improperly
			 * formatted") */
			if (i + 1 >= to || !p[i + 1] || !strchr("\\nr", p[i + 1])) {
				buf_release(&name);
				return "not a sha256sum line";
			}
			i++;
			buf_addc(&name, p[i] == 'n' ? '\n' : p[i] == 'r' ? '\r' : p[i]);
		} else {
			buf_addc(&name, p[i]);
		}
	}
	if (!(ml->path = safe_path(buf_str(&name), name.len, &problem)))
		*listed = xstrdup(buf_str(&name));
	buf_release(&name);
	return problem;
}
