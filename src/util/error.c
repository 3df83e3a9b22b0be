/*
 * error.c - the error value and the allocation wrappers.
 */
#include "error.h"
#include "utf8.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void copy(char *dst, size_t size, const char *src)
{
	if (!src)
		src = "";
	snprintf(dst, size, "%s", src);
}

static int error_vset(struct error *e, int status, const char *phase, const char *file,
		      long line, long column, const char *field, const char *fmt, va_list ap)
{
	if (!e || e->set)
		return -1;
	e->set = 1;
	e->status = status;
	copy(e->phase, sizeof(e->phase), phase);
	copy(e->file, sizeof(e->file), file);
	e->line = line;
	e->column = column;
	copy(e->field, sizeof(e->field), field);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	return -1;
}

int error_set(struct error *e, int status, const char *phase, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_vset(e, status, phase, NULL, 0, 0, NULL, fmt, ap);
	va_end(ap);
	return -1;
}

int error_at(struct error *e, int status, const char *phase, const char *file, long line,
	     long column, const char *field, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_vset(e, status, phase, file, line, column, field, fmt, ap);
	va_end(ap);
	return -1;
}

void error_format(const struct error *e, char *out, size_t size)
{
	size_t n = 0;

#define ADD(...)                                                                       \
	do {                                                                           \
		int k_ = snprintf(out + n, n < size ? size - n : 0, __VA_ARGS__);       \
		if (k_ > 0)                                                            \
			n += (size_t)k_;                                               \
	} while (0)

	if (!size)
		return;
	out[0] = '\0';
	if (e->phase[0])
		ADD("%s: ", e->phase);
	if (e->file[0]) {
		/* as the reports show a file name: two names never show alike */
		char *shown = utf8_escape_name(e->file);
		ADD("'%s'", shown);
		free(shown);
		if (e->line > 0)
			ADD(":%ld", e->line);
		if (e->line > 0 && e->column > 0)
			ADD(":%ld", e->column);
		ADD(": ");
	}
	if (e->field[0])
		ADD("field '%s': ", e->field);
	ADD("%s", e->msg);
#undef ADD
}

void error_print(const struct error *e, FILE *fp)
{
	char buf[1400];

	error_format(e, buf, sizeof(buf));
	line_print(fp, "taits-audit: %s", buf);
}

void line_print(FILE *fp, const char *fmt, ...)
{
	char small[512], *text = small;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(small)) {
		text = xmalloc((size_t)n + 1);
		va_start(ap, fmt);
		vsnprintf(text, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
		size_t bad = 0, k = 1;
		while (k < 4 && c[k] && (c[k] & 0xC0) == 0x80)
			k++;
		if (*c >= 0x80 && utf8_valid(c, k, &bad) && !(*c == 0xC2 && c[1] < 0xA0)) {
			fwrite(c, 1, k, fp); /* a character, not a C1 control (U+0080..U+009F) */
			c += k - 1;
		} else if (*c >= 0x80)
			fprintf(fp, "\\x%02x", *c); /* not UTF-8: an 8-bit control to a terminal */
		else if (*c >= 0x20 && *c != 0x7f)
			fputc(*c, fp);
		else if (*c == '\n')
			fputs("\\n", fp);
		else if (*c == '\r')
			fputs("\\r", fp);
		else if (*c == '\t')
			fputs("\\t", fp);
		else
			fprintf(fp, "\\x%02x", *c);
	}
	fputc('\n', fp);
	if (text != small)
		free(text);
}

void error_clear(struct error *e)
{
	memset(e, 0, sizeof(*e));
}

static int (*oom_hook)(void);

void error_on_out_of_memory(int (*hook)(void))
{
	oom_hook = hook;
}

void error_out_of_memory_in(const char *what)
{
	fprintf(stderr, "taits-audit: out of memory (%s)\n", what);
	if (oom_hook && oom_hook())
		fputs("taits-audit: the run's changes to the store are undone: it is as before\n",
		      stderr);
	fflush(stderr);
	_exit(EXIT_STORE); /* not exit(): other threads may be mid-way through anything */
}

void error_out_of_memory(size_t n)
{
	char detail[48];

	snprintf(detail, sizeof(detail), "%zu bytes", n);
	error_out_of_memory_in(detail);
}

int error_io_status(int err)
{
	return err == ENOMEM ? EXIT_STORE : EXIT_IO;
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		error_out_of_memory(n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		error_out_of_memory(n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		error_out_of_memory(n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
