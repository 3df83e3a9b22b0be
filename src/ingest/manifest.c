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

/* Parses one line into *ml; NULL, or why it cannot be used (*listed then holds the
 * name as written, or NULL when the line names none: the caller frees it). */
static const char *parse_line(const char *p, size_t n, struct manifest_line *ml,
			      char **listed)
{
	int escaped = 0;
	struct buf name = BUF_INIT;
	const char *problem = NULL;

	*listed = NULL;
	if (n && p[n - 1] == '\r')
		n--;
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
		if (escaped && p[i] == '\\' && i + 1 < n) {
			i++;
			buf_addc(&name, p[i] == 'n' ? '\n' : p[i]);
		} else {
			buf_addc(&name, p[i]);
		}
	}
	if (!(ml->path = safe_path(buf_str(&name), name.len, &problem)))
		*listed = xstrdup(buf_str(&name));
	buf_release(&name);
	return problem;
}

static int cmp_line(const void *a, const void *b)
{
	const struct manifest_line *x = *(const struct manifest_line *const *)a;
	const struct manifest_line *y = *(const struct manifest_line *const *)b;
	int c = strcmp(x->path, y->path);

	return c ? c : (x > y) - (x < y); /* lines[] is in file order */
}

static int cmp_line_hash(const void *a, const void *b)
{
	const struct manifest_line *x = *(const struct manifest_line *const *)a;
	const struct manifest_line *y = *(const struct manifest_line *const *)b;
	int c = strcmp(x->path, y->path);

	if (!c)
		c = strcmp(x->sha256, y->sha256);
	return c ? c : (x > y) - (x < y);
}

int manifest_parse(const char *text, size_t len, struct manifest *out,
		   manifest_problem_fn problem, void *arg)
{
	size_t cap = 0, i = 0;
	long lineno = 0;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		i = 3; /* a UTF-8 byte-order mark, as a JSON-lines file may start with */
	/* One allocation of as many lines as can be usable, those of 66 bytes or more:
	 * doubling an array of 700,000 lines held it twice over while it moved. */
	for (size_t k = i; k < len;) {
		const char *nl = memchr(text + k, '\n', len - k);
		size_t n = nl ? (size_t)(nl - (text + k)) : len - k;
		cap += n >= 66;
		k += n + 1;
	}
	out->lines = xmalloc((cap ? cap : 1) * sizeof(*out->lines));
	while (i < len && !rc) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (text + i)) : len - i;
		lineno++;
		if (n && !(n == 1 && text[i] == '\r')) {
			struct manifest_line ml;
			const char *why;
			char *listed;
			memset(&ml, 0, sizeof(ml));
			ml.line = lineno;
			if ((why = parse_line(text + i, n, &ml, &listed)))
				rc = problem(arg, lineno, why, listed);
			else if (out->n < cap) /* always: a usable line is counted */
				out->lines[out->n++] = ml;
			else
				free(ml.path);
			free(listed);
		}
		i += n + 1;
	}
	out->index = xcalloc(out->n ? out->n : 1, sizeof(*out->index));
	for (size_t k = 0; k < out->n; k++)
		out->index[out->nindex++] = &out->lines[k];
	if (rc || !out->nindex)
		return rc;
	/* A line repeats when an earlier one lists its path with its SHA-256: sorted by
	 * path, SHA-256 and line, it follows such a line. Once, not a scan per line: a
	 * manifest may list one path a million times. */
	qsort(out->index, out->nindex, sizeof(*out->index), cmp_line_hash);
	for (size_t k = 1; k < out->nindex; k++)
		if (!strcmp(out->index[k]->path, out->index[k - 1]->path) &&
		    !strcmp(out->index[k]->sha256, out->index[k - 1]->sha256))
			out->lines[out->index[k] - out->lines].repeat = 1;
	qsort(out->index, out->nindex, sizeof(*out->index), cmp_line);
	return 0;
}

void manifest_release(struct manifest *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->lines[i].path);
	free(m->lines);
	free(m->index);
	memset(m, 0, sizeof(*m));
}

const struct manifest_line *manifest_find(const struct manifest *m, const char *path)
{
	size_t lo = 0, hi = m->nindex;

	/* the first entry whose path is not below `path` */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(m->index[mid]->path, path) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < m->nindex && !strcmp(m->index[lo]->path, path) ? m->index[lo] : NULL;
}
