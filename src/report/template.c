/*
 * template.c - reading and checking the report template (see template.h).
 *
 * The YAML is parsed with tree_parse_yaml_unique() into a cJSON tree and checked key by key
 * against the lists of template.h. The template keeps the tree: its strings point into it.
 */
#include "template.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../embed.h"
#include "../util/buf.h"
#include "../util/io.h"
#include "../util/tree.h"
#include "../util/utf8.h"

#define TPL_FIRST_(a, ...) a
#define KEY_(name, ...) TPL_FIRST_(__VA_ARGS__, ),
#define NCOL_(name, key, n) n,
static const char *const size_keys[] = { TPL_SIZES(KEY_) };
static const char *const color_keys[] = { TPL_COLORS(KEY_) };
static const char *const table_keys[] = { TPL_TABLES(KEY_) };
static const int table_ncols[] = { TPL_TABLES(NCOL_) };
static const char *const string_keys[] = { TPL_STRINGS(KEY_) };
#undef KEY_
#undef NCOL_

static const char *const top_keys[] = { "version", "layout", "columns", "sections",
					 "strings" };
static const char *const layout_keys[] = { "page_size", "landscape", "margin", "font",
					   "latin", "latin_bold", "mono", "size",
					   "line_spacing", "max_findings", "max_rows",
					   "read_first",
					   "colors" };
static const char *const margin_keys[] = { "top", "right", "bottom", "left" };
static const char *const font_keys[] = { "file", "index" };
static const char *const report_types[] = { "review", "period", "unfreeze", "preflight" };
static const char *const lang_keys[] = { "zh", "en" }; /* in enum tpl_lang order */

static const struct page_size {
	const char *name;
	float w, h;
} page_sizes[] = {
	{ "A3", 841.89f, 1190.55f }, { "A4", 595.276f, 841.89f }, { "A5", 419.53f, 595.276f },
	{ "letter", 612, 792 },      { "legal", 612, 1008 },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define BUILTIN "templates/report.yaml (built-in)"

const char *template_name(const struct template *t)
{
	return t->file ? t->file : BUILTIN;
}

int template_table_columns(enum tpl_table id)
{
	return table_ncols[id];
}

struct ctx {
	struct error *e;
	const char *file;
};

/* Fails about key `key` under `path` ("" at the top). */
static int fail(struct ctx *c, const char *path, const char *key, const char *fmt, ...)
	PRINTF_LIKE(4, 5);

static int fail(struct ctx *c, const char *path, const char *key, const char *fmt, ...)
{
	char field[96], msg[256];
	va_list ap;

	snprintf(field, sizeof(field), "%s%s%s", path, *path && key ? "." : "", key ? key : "");
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return error_at(c->e, EXIT_USAGE, "template", c->file, 0, 0, field, "%s", msg);
}

static int known(const char *key, const char *const *keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(key, keys[i]))
			return 1;
	return 0;
}

/* The mapping at obj[key]: every key of it must be in keys[0..n); all of them are
 * required unless `optional`. */
static const cJSON *mapping(struct ctx *c, const cJSON *obj, const char *path, const char *key,
			    const char *const *keys, size_t n, int optional)
{
	const cJSON *m = key ? cJSON_GetObjectItemCaseSensitive(obj, key) : obj;
	char sub[96];

	snprintf(sub, sizeof(sub), "%s%s%s", path, *path && key ? "." : "", key ? key : "");
	if (!m) {
		fail(c, path, key, "missing");
		return NULL;
	}
	if (!cJSON_IsObject(m)) {
		fail(c, path, key, "not a mapping");
		return NULL;
	}
	for (const cJSON *k = m->child; k; k = k->next)
		if (!known(k->string, keys, n)) {
			fail(c, sub, k->string, "unknown key");
			return NULL;
		}
	for (size_t i = 0; i < n && !optional; i++)
		if (!cJSON_GetObjectItemCaseSensitive(m, keys[i])) {
			fail(c, sub, keys[i], "missing");
			return NULL;
		}
	return m;
}

static int number(struct ctx *c, const cJSON *obj, const char *path, const char *key,
		  double min, double max, double *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!v)
		return fail(c, path, key, "missing");
	if (!cJSON_IsNumber(v))
		return fail(c, path, key, "not a number");
	if (v->valuedouble < min || v->valuedouble > max)
		return fail(c, path, key, "%g is outside %g..%g", v->valuedouble, min, max);
	*out = v->valuedouble;
	return 0;
}

static int numberf(struct ctx *c, const cJSON *obj, const char *path, const char *key,
		   double min, double max, float *out)
{
	double d;

	if (number(c, obj, path, key, min, max, &d))
		return -1;
	*out = (float)d;
	return 0;
}

/* A string value (NULL when absent and optional). Empty strings are allowed. */
static int string(struct ctx *c, const cJSON *obj, const char *path, const char *key,
		  int optional, const char **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	*out = NULL;
	if (!v)
		return optional ? 0 : fail(c, path, key, "missing");
	if (!cJSON_IsString(v))
		return fail(c, path, key, "not a string");
	if (!utf8_valid((const unsigned char *)v->valuestring, strlen(v->valuestring), NULL))
		return fail(c, path, key, "not valid UTF-8");
	*out = v->valuestring;
	return 0;
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

static int color(struct ctx *c, const cJSON *obj, const char *path, const char *key,
		 struct tpl_rgb *out)
{
	const char *s;
	int v[6];

	if (string(c, obj, path, key, 0, &s))
		return -1;
	if (strlen(s) != 7 || s[0] != '#')
		return fail(c, path, key, "'%s' is not a colour #rrggbb", s);
	for (int i = 0; i < 6; i++)
		if ((v[i] = hexval(s[i + 1])) < 0)
			return fail(c, path, key, "'%s' is not a colour #rrggbb", s);
	out->r = (float)(v[0] * 16 + v[1]) / 255.0f;
	out->g = (float)(v[2] * 16 + v[3]) / 255.0f;
	out->b = (float)(v[4] * 16 + v[5]) / 255.0f;
	return 0;
}

static int read_page(struct ctx *c, const cJSON *layout, struct template *t)
{
	const cJSON *ps = cJSON_GetObjectItemCaseSensitive(layout, "page_size");
	const cJSON *ls = cJSON_GetObjectItemCaseSensitive(layout, "landscape");
	const cJSON *m;
	size_t i;

	if (cJSON_IsString(ps)) {
		for (i = 0; i < N(page_sizes) && strcmp(ps->valuestring, page_sizes[i].name); i++)
			;
		if (i == N(page_sizes))
			return fail(c, "layout", "page_size",
				    "'%s' is not A3, A4, A5, letter, legal or [width, height]",
				    ps->valuestring);
		t->page_width = page_sizes[i].w;
		t->page_height = page_sizes[i].h;
	} else if (cJSON_IsArray(ps) && cJSON_GetArraySize(ps) == 2 &&
		   cJSON_IsNumber(ps->child) && cJSON_IsNumber(ps->child->next)) {
		t->page_width = (float)ps->child->valuedouble;
		t->page_height = (float)ps->child->next->valuedouble;
		if (t->page_width < 144 || t->page_width > 14400 || t->page_height < 144 ||
		    t->page_height > 14400)
			return fail(c, "layout", "page_size",
				    "width and height must be 144..14400");
	} else {
		return fail(c, "layout", "page_size",
			    ps ? "not A3, A4, A5, letter, legal or [width, height]" : "missing");
	}
	if (!cJSON_IsBool(ls))
		return fail(c, "layout", "landscape", ls ? "not true or false" : "missing");
	if (cJSON_IsTrue(ls)) {
		float w = t->page_width;
		t->page_width = t->page_height;
		t->page_height = w;
	}
	if (!(m = mapping(c, layout, "layout", "margin", margin_keys, N(margin_keys), 0)) ||
	    numberf(c, m, "layout.margin", "top", 0, 1000, &t->margin_top) ||
	    numberf(c, m, "layout.margin", "right", 0, 1000, &t->margin_right) ||
	    numberf(c, m, "layout.margin", "bottom", 0, 1000, &t->margin_bottom) ||
	    numberf(c, m, "layout.margin", "left", 0, 1000, &t->margin_left))
		return -1;
	if (t->page_width - t->margin_left - t->margin_right < 200 ||
	    t->page_height - t->margin_top - t->margin_bottom < 300)
		return fail(c, "layout", "margin", "the margins leave less than 200 x 300 points");
	/* The header is drawn in the top margin, the footer's three lines in the bottom one. */
	if (t->margin_top < 30)
		return fail(c, "layout.margin", "top",
			    "less than 30 points: no room for the header");
	if (t->margin_bottom < 46)
		return fail(c, "layout.margin", "bottom",
			    "less than 46 points: no room for the footer");
	return 0;
}

/* A whole number within min..max. */
static int count(struct ctx *c, const cJSON *obj, const char *path, const char *key,
		 double min, double max, long *out)
{
	double v;

	if (number(c, obj, path, key, min, max, &v))
		return -1;
	if (v != (double)(long)v)
		return fail(c, path, key, "not a whole number");
	*out = (long)v;
	return 0;
}

static int read_fonts(struct ctx *c, const cJSON *layout, struct template *t)
{
	const cJSON *f = cJSON_GetObjectItemCaseSensitive(layout, "font");
	const char *const base[] = { "latin", "latin_bold", "mono" };
	const char **dst[] = { &t->latin, &t->latin_bold, &t->mono };
	long idx = TEMPLATE_DEFAULT_FONT_INDEX;

	t->font_file = TEMPLATE_DEFAULT_FONT;
	t->font_index = TEMPLATE_DEFAULT_FONT_INDEX;
	if (f) {
		const char *file;
		if (!mapping(c, layout, "layout", "font", font_keys, N(font_keys), 1) ||
		    string(c, f, "layout.font", "file", 1, &file))
			return -1;
		if (file && !*file)
			return fail(c, "layout.font", "file", "empty");
		if (file)
			t->font_file = file;
		if (cJSON_GetObjectItemCaseSensitive(f, "index") &&
		    count(c, f, "layout.font", "index", 0, 255, &idx))
			return -1;
		t->font_index = (int)idx;
	}
	for (size_t i = 0; i < N(base); i++) {
		if (string(c, layout, "layout", base[i], 0, dst[i]))
			return -1;
		if (!**dst[i])
			*dst[i] = NULL; /* "": the CJK font sets these too */
	}
	return 0;
}

static int read_layout(struct ctx *c, const cJSON *root, struct template *t)
{
	const cJSON *layout, *m;

	if (!(layout = mapping(c, root, "", "layout", layout_keys, N(layout_keys), 1)))
		return -1;
	for (size_t i = 0; i < N(layout_keys); i++)
		if (strcmp(layout_keys[i], "font") &&
		    !cJSON_GetObjectItemCaseSensitive(layout, layout_keys[i]))
			return fail(c, "layout", layout_keys[i], "missing");
	if (read_page(c, layout, t) || read_fonts(c, layout, t))
		return -1;
	if (!(m = mapping(c, layout, "layout", "size", size_keys, N(size_keys), 0)))
		return -1;
	for (size_t i = 0; i < N(size_keys); i++)
		if (numberf(c, m, "layout.size", size_keys[i], 3, 96, &t->size[i]))
			return -1;
	if (numberf(c, layout, "layout", "line_spacing", 1, 3, &t->line_spacing) ||
	    count(c, layout, "layout", "max_findings", 0, 1e7, &t->max_findings) ||
	    count(c, layout, "layout", "max_rows", 1, 1e7, &t->max_rows) ||
	    count(c, layout, "layout", "read_first", 0, 50, &t->read_first))
		return -1;
	if (!(m = mapping(c, layout, "layout", "colors", color_keys, N(color_keys), 0)))
		return -1;
	for (size_t i = 0; i < N(color_keys); i++)
		if (color(c, m, "layout.colors", color_keys[i], &t->color[i]))
			return -1;
	return 0;
}

static int read_columns(struct ctx *c, const cJSON *root, struct template *t)
{
	const cJSON *m = mapping(c, root, "", "columns", table_keys, N(table_keys), 0);

	if (!m)
		return -1;
	for (size_t i = 0; i < N(table_keys); i++) {
		const cJSON *a = cJSON_GetObjectItemCaseSensitive(m, table_keys[i]);
		double sum = 0;
		int k = 0;
		if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) != table_ncols[i])
			return fail(c, "columns", table_keys[i], "not a list of %d widths",
				    table_ncols[i]);
		for (const cJSON *w = a->child; w; w = w->next, k++) {
			if (!cJSON_IsNumber(w) || w->valuedouble <= 0 || w->valuedouble > 1000)
				return fail(c, "columns", table_keys[i],
					    "width %d is not a number in (0, 1000]", k + 1);
			sum += w->valuedouble;
		}
		k = 0;
		for (const cJSON *w = a->child; w; w = w->next, k++)
			t->columns[i][k] = (float)(w->valuedouble / sum);
	}
	return 0;
}

static int read_sections(struct ctx *c, const cJSON *root, struct template *t)
{
	const cJSON *m = mapping(c, root, "", "sections", report_types, N(report_types), 1);

	if (!m)
		return -1;
	t->sections = xcalloc(N(report_types), sizeof(*t->sections));
	for (const cJSON *k = m->child; k; k = k->next) {
		struct tpl_sections *s = &t->sections[t->nsections++];
		size_t n = 0;
		if (!cJSON_IsArray(k) || !k->child)
			return fail(c, "sections", k->string, "not a list of section names");
		s->type = k->string;
		s->names = xcalloc((size_t)cJSON_GetArraySize(k), sizeof(*s->names));
		for (const cJSON *v = k->child; v; v = v->next) {
			if (!cJSON_IsString(v) || !*v->valuestring)
				return fail(c, "sections", k->string, "item %zu is not a name",
					    n + 1);
			s->names[n++] = v->valuestring;
		}
		s->n = n;
	}
	return 0;
}

static int read_strings(struct ctx *c, const cJSON *root, struct template *t)
{
	const cJSON *m = mapping(c, root, "", "strings", string_keys, N(string_keys), 0);

	if (!m)
		return -1;
	for (size_t i = 0; i < N(string_keys); i++) {
		char path[96];
		const cJSON *s;
		snprintf(path, sizeof(path), "strings.%s", string_keys[i]);
		if (!(s = mapping(c, m, "strings", string_keys[i], lang_keys, N(lang_keys), 0)))
			return -1;
		for (size_t l = 0; l < N(lang_keys); l++)
			if (string(c, s, path, lang_keys[l], 0, &t->str[i][l]))
				return -1;
	}
	return 0;
}

/* As for the tailoring file: unreadable is a path error (3), too large a usage error (2). */
static char *read_file(const char *path, size_t *len, struct error *e)
{
	char *text;

	if (!io_read_small(path, 1u << 20, &text, len))
		return text;
	if (errno == EFBIG)
		error_at(e, EXIT_USAGE, "template", path, 0, 0, NULL,
			 "larger than 1 MiB: not a template");
	else
		error_at(e, EXIT_IO, "template", path, 0, 0, NULL, "cannot read: %s",
			 io_small_error(errno));
	return NULL;
}

int template_load(struct template **out, struct error *e)
{
	const char *env = getenv(TEMPLATE_ENV);
	struct template *t = xcalloc(1, sizeof(*t));
	struct ctx c = { e, BUILTIN };
	struct tree_error terr;
	char *text = NULL;
	cJSON *root = NULL;
	size_t len = embedded_report_yaml_len;
	double version;

	*out = NULL;
	if (env && *env) {
		t->file = xstrdup(env);
		c.file = t->file;
		if (!(text = read_file(env, &len, e)))
			goto fail;
	}
	if (tree_parse_yaml_unique(text ? text : embedded_report_yaml, len, &root, &terr)) {
		error_at(e, EXIT_USAGE, "template", c.file, terr.line, terr.column,
			 terr.field[0] ? terr.field : NULL, "%s", terr.msg);
		goto fail;
	}
	t->tree = root;
	if (!cJSON_IsObject(root)) {
		error_at(e, EXIT_USAGE, "template", c.file, 0, 0, NULL, "not a YAML mapping");
		goto fail;
	}
	if (!mapping(&c, root, "", NULL, top_keys, N(top_keys), 0) ||
	    number(&c, root, "", "version", 1, 1, &version) || read_layout(&c, root, t) ||
	    read_columns(&c, root, t) || read_sections(&c, root, t) || read_strings(&c, root, t))
		goto fail;
	free(text);
	*out = t;
	return 0;
fail:
	free(text);
	template_free(t);
	return -1;
}

void template_free(struct template *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nsections; i++)
		free(t->sections[i].names);
	free(t->sections);
	cJSON_Delete(t->tree);
	free(t->file);
	free(t);
}

const char *const *template_sections(const struct template *t, const char *type, size_t *n)
{
	for (size_t i = 0; i < t->nsections; i++)
		if (!strcmp(t->sections[i].type, type)) {
			*n = t->sections[i].n;
			return t->sections[i].names;
		}
	*n = 0;
	return NULL;
}
