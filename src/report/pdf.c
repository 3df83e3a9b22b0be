/*
 * pdf.c - the report as PDF, drawn with libharu from the report model.
 *
 * Layout, fonts, colours, section order and every word of text come from the template
 * (template.h); this file only draws. It has three layers:
 *
 *   text      UTF-8 measured character by character and drawn in runs: Latin runs in a
 *             base-14 font, everything else in the embedded CJK TrueType font. Lines wrap
 *             at spaces and between CJK characters (never inside a UTF-8 sequence), at
 *             after '/' when nothing better exists (a path breaks between its directories),
 *             then after '-', '.', ... and anywhere as a last resort.
 *   layout    a cursor on the current page; need() breaks the page. Paragraphs, headings,
 *             and tables whose rows wrap and may continue on the next page under the
 *             table's header row, repeated. Headers and footers ("page X of Y", the rule
 *             catalog version, the XML's SHA-256) are drawn on every page handle at the
 *             end, when the page count is known.
 *   sections  one function per section, called in the order the template lists for the
 *             report type (sections[] at the end). A report type adds its sections there.
 *
 * libharu errors go to a handler that keeps the first one; drawing stops at the next
 * check, the document is freed and no file is left behind.
 *
 * Determinism: libharu 2.3 writes no /ID (only encrypted documents get one), numbers the
 * embedded font's subset tag from a per-document counter (always HPDFAA+...), and writes
 * dates only when asked. The creation and modification dates are set from the audited day
 * (or SOURCE_DATE_EPOCH), so the same report model gives the same bytes.
 */
#include "pdf.h"

#include <errno.h>
#include <hpdf.h>
#include <hpdf_doc.h>     /* HPDF_GetFontDef */
#include <hpdf_fontdef.h> /* HPDF_TTFontDef_GetGlyphid */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util/buf.h"
#include "../util/outfile.h"
#include "../util/timeutil.h"
#include "../util/utf8.h"
#include "../version.h"
#include "model_internal.h"
#include "template.h"

#define PAD_X 3.0f      /* cell padding */
#define PAD_Y 2.2f
#define GAP 9.0f        /* after a table or block */
#define MAX_PARTS 16    /* styled texts in one table cell */

enum face { FACE_REGULAR, FACE_BOLD, FACE_MONO, NFACES };

struct style {
	enum face face;
	float size;
	struct tpl_rgb color;
};

struct hpdf_error {
	HPDF_STATUS code, detail;
};

struct line {
	const char *s;
	size_t n;
	float w;
	const struct style *st;
};

struct lines {
	struct line *v;
	size_t n, cap;
};

struct part {
	const char *text;
	const struct style *st;
};

struct cell {
	struct part part[MAX_PARTS];
	int n;
};

struct table {
	int ncols;
	float x[TPL_MAX_COLUMNS], w[TPL_MAX_COLUMNS];
	unsigned right; /* bit c: column c is right-aligned */
	struct cell head[TPL_MAX_COLUMNS];
	int has_head;
	const char *caption[4]; /* shown on continuation pages, before "continued" */
	int caption_first;      /* shown too when the table begins on a new page */
	float head_h;           /* height of the header row */
	long rows;
	long groups; /* rows sharing a background count as one */
	int cont;    /* set by the caller: the next row continues the one before it */
};

/* How citations name a bundle: as many of its directory's last names as tell it from the
 * report's other bundles. */
struct bundle_label {
	const char *bundle, *start;
	size_t n;
};

struct pdf {
	HPDF_Doc doc;
	struct hpdf_error herr;
	const struct template *t;
	const struct report *rep;
	const char *xml_sha256;
	int64_t day; /* local day of a one-day report; INT64_MIN for a period */
	int bundles; /* the inputs come from more than one bundle: citations name theirs */
	struct bundle_label *labels; /* each distinct bundle of the inputs, as cited */
	size_t nlabels;
	HPDF_Font cjk, latin[NFACES];
	float latin_w[NFACES][128]; /* glyph widths, 1/1000 em; < 0 not known yet */
	uint16_t *cjk_w;            /* by BMP code point; UINT16_MAX not known yet */
	HPDF_FontDef cjk_def;       /* its glyph table: which code points it draws */
	unsigned char *cjk_has;     /* by BMP code point: 0 not known yet, 1 drawn, 2 not */
	long missing;               /* characters drawn as '?' for want of a glyph */
	HPDF_Page page;
	HPDF_Page *pages;
	size_t npages, cap_pages;
	float left, right, top, bottom, width;
	float y, fresh_y; /* cursor; where the first row of a new page starts */
	struct table *table; /* being drawn: its header repeats on a new page */
	char **tmp;          /* strings of the row or paragraph being drawn */
	size_t ntmp, cap_tmp;
	struct buf run;
	struct style body, body_muted, bold, small, small_bold, muted, mono, mono_muted, heading,
		heading_en, sub, sub_en, title, title_en, header, header_bold, verdict, on_verdict;
};

static const char *S(const struct pdf *p, enum tpl_string id, enum tpl_lang lang)
{
	return template_str(p->t, id, lang);
}

static const struct tpl_rgb *C(const struct pdf *p, enum tpl_color id)
{
	return &p->t->color[id];
}

static struct style style_of(enum face face, float size, const struct tpl_rgb *color)
{
	struct style st = { face, size, *color };

	return st;
}

/* ---- strings that live until the current row or paragraph is drawn ---- */

static const char *tmp_keep(struct pdf *p, char *s)
{
	GROW(p->tmp, p->ntmp, p->cap_tmp);
	p->tmp[p->ntmp++] = s;
	return s;
}

static void tmp_clear(struct pdf *p)
{
	for (size_t i = 0; i < p->ntmp; i++)
		free(p->tmp[i]);
	p->ntmp = 0;
}

static const char *tmpf(struct pdf *p, const char *fmt, ...) PRINTF_LIKE(2, 3);

static const char *tmpf(struct pdf *p, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *s;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	s = xmalloc((size_t)(n < 0 ? 0 : n) + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
	va_end(ap);
	return tmp_keep(p, s);
}

/* 4317 -> "4,317" */
static void fmt_num(char out[40], long long v)
{
	char d[32];
	int n = snprintf(d, sizeof(d), "%lld", v < 0 ? -v : v), k = 0;

	if (v < 0)
		out[k++] = '-';
	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			out[k++] = ',';
		out[k++] = d[i];
	}
	out[k] = '\0';
}

static const char *num(struct pdf *p, long long v)
{
	char out[40];

	fmt_num(out, v);
	return tmp_keep(p, xstrdup(out));
}

/* A template string with {name} replaced from kv (name, value, ..., NULL). */
static const char *fill(struct pdf *p, enum tpl_string id, enum tpl_lang lang,
			const char *const *kv)
{
	const char *s = S(p, id, lang);
	struct buf b = BUF_INIT;

	while (*s) {
		const char *end = *s == '{' ? strchr(s, '}') : NULL;
		size_t i, len = end ? (size_t)(end - s - 1) : 0;
		for (i = 0; end && kv && kv[i]; i += 2)
			if (strlen(kv[i]) == len && !strncmp(s + 1, kv[i], len))
				break;
		if (end && kv && kv[i]) {
			buf_adds(&b, kv[i + 1] ? kv[i + 1] : "");
			s = end + 1;
		} else {
			buf_addc(&b, *s++);
		}
	}
	return tmp_keep(p, buf_detach(&b));
}

/* "中文 English" */
static const char *bi(struct pdf *p, enum tpl_string id)
{
	return tmpf(p, "%s %s", S(p, id, TPL_ZH), S(p, id, TPL_EN));
}

/* "{files} input files holding {records} records, {rejected} rejected", in one language. */
static const char *inputs_line(struct pdf *p, enum tpl_lang lang)
{
	const struct report *r = p->rep;
	const char *kv[] = { "files", num(p, (long long)r->ninputs),
			     "records", num(p, r->input_records),
			     "rejected", num(p, r->input_rejected),
			     NULL };

	return fill(p, S_INPUTS_LINE, lang, kv);
}

/* Local time of an instant: "10:20:05.220", with the date before it when `date` is set. */
static const char *when_at(struct pdf *p, int64_t us, int date)
{
	int64_t day, frac = us % US_PER_SEC;
	int sec;
	char ymd[11], fr[8] = "";

	tz_local_day(us, &day, &sec);
	if (frac < 0)
		frac += US_PER_SEC;
	if (frac % 1000 == 0 && frac)
		snprintf(fr, sizeof(fr), ".%03d", (int)(frac / 1000));
	else if (frac)
		snprintf(fr, sizeof(fr), ".%06d", (int)frac);
	if (!date)
		return tmpf(p, "%02d:%02d:%02d%s", sec / 3600, sec / 60 % 60, sec % 60, fr);
	day_format(day, ymd);
	return tmpf(p, "%s %02d:%02d:%02d%s", ymd, sec / 3600, sec / 60 % 60, sec % 60, fr);
}

/* The time alone on the report's day, else with the date. */
static const char *when(struct pdf *p, int64_t us)
{
	int64_t day;
	int sec;

	tz_local_day(us, &day, &sec);
	return when_at(p, us, day != p->day);
}

/* Always with the date: for reports whose records span days. */
static const char *stamp(struct pdf *p, int64_t us)
{
	return when_at(p, us, 1);
}

/* path:line, as the XML cites a file and line; when the report's inputs come from more
 * than one bundle (daily bundles share paths such as events/ops.jsonl), led by the last
 * name of the bundle's directory, as the inputs list names it in full. */
/* The last k names of directory path s (trailing slashes aside): *start and the
 * length; fewer when s has fewer. */
static size_t path_tail(const char *s, int k, const char **start)
{
	size_t n = strlen(s);
	const char *b;

	while (n > 1 && s[n - 1] == '/')
		n--;
	b = s + n;
	for (int i = 0; i < k && b > s; i++) {
		if (i)
			b--; /* the slash between two names */
		while (b > s && b[-1] != '/')
			b--;
	}
	*start = b;
	return n - (size_t)(b - s);
}

/* The label of `bundle` among labels[0, n): as many of its last names as tell it from
 * the others (a/day and b/day both end in day). */
static void label_bundle(struct bundle_label *labels, size_t n, struct bundle_label *l)
{
	for (int k = 1; k <= 64; k++) {
		int clash = 0;
		l->n = path_tail(l->bundle, k, &l->start);
		for (size_t i = 0; i < n && !clash; i++) {
			const char *ob;
			size_t on;
			if (!strcmp(labels[i].bundle, l->bundle))
				continue;
			on = path_tail(labels[i].bundle, k, &ob);
			clash = on == l->n && !memcmp(ob, l->start, l->n);
		}
		if (!clash || l->start == l->bundle)
			return;
	}
}

/* Labels for the distinct bundles of the inputs, once per report. */
static void label_bundles(struct pdf *p)
{
	const struct report *r = p->rep;

	p->labels = xcalloc(r->ninputs ? r->ninputs : 1, sizeof(*p->labels));
	for (size_t i = 0; i < r->ninputs; i++) {
		const char *b = r->inputs[i].bundle;
		size_t k;
		if (!b || !*b)
			continue;
		for (k = 0; k < p->nlabels && strcmp(p->labels[k].bundle, b); k++)
			;
		if (k == p->nlabels)
			p->labels[p->nlabels++].bundle = b;
	}
	for (size_t i = 0; i < p->nlabels; i++)
		label_bundle(p->labels, p->nlabels, &p->labels[i]);
}

static const char *file_line(struct pdf *p, const char *bundle, const char *file, long line)
{
	const char *b = NULL;
	size_t n = 0;

	if (!file)
		return NULL;
	if (p->bundles && bundle && *bundle) {
		size_t k;
		for (k = 0; k < p->nlabels && strcmp(p->labels[k].bundle, bundle); k++)
			;
		if (k < p->nlabels) {
			b = p->labels[k].start;
			n = p->labels[k].n;
		} else { /* not among the inputs: told from those */
			struct bundle_label l = { bundle, NULL, 0 };
			label_bundle(p->labels, p->nlabels, &l);
			b = l.start;
			n = l.n;
		}
	}
	if (b && n)
		return line > 0 ? tmpf(p, "%.*s/%s:%ld", (int)n, b, file, line)
				: tmpf(p, "%.*s/%s", (int)n, b, file);
	return line > 0 ? tmpf(p, "%s:%ld", file, line) : file;
}

/* ---- text: measuring, wrapping, drawing ---- */

/* Decodes one character; an invalid sequence reads as U+FFFD of length 1. */
static size_t u8(const char *str, size_t n, unsigned *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t k;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	k = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : 2;
	if (k > n || !utf8_valid(s, k, NULL)) {
		*cp = 0xFFFD;
		return 1;
	}
	if (k == 2)
		*cp = (s[0] & 0x1Fu) << 6 | (s[1] & 0x3Fu);
	else if (k == 3)
		*cp = (s[0] & 0x0Fu) << 12 | (s[1] & 0x3Fu) << 6 | (s[2] & 0x3Fu);
	else
		*cp = (s[0] & 0x07u) << 18 | (s[1] & 0x3Fu) << 12 | (s[2] & 0x3Fu) << 6 |
		      (s[3] & 0x3Fu);
	return k;
}

/* What is drawn for a character: tabs and CRs as spaces, other controls and characters
 * beyond the BMP (which libharu's UTF-8 encoder cannot map) as U+FFFD. */
/* The character drawn for cp: a control character as U+FFFD, and one the CJK font has
 * no glyph for (Hangul, emoji, a character beyond the BMP) as '?', which the Latin font
 * draws: an empty box would say nothing, and the note at the end counts them. */
static unsigned shown(struct pdf *p, unsigned cp)
{
	if (cp == '\t' || cp == '\r')
		return ' ';
	if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
		cp = 0xFFFD;
	if (cp < 0x7F)
		return cp;
	if (cp > 0xFFFF)
		return '?';
	if (!p->cjk_has[cp])
		p->cjk_has[cp] = p->cjk_def && !HPDF_TTFontDef_GetGlyphid(p->cjk_def,
									   (HPDF_UINT16)cp) ? 2 : 1;
	return p->cjk_has[cp] == 2 ? '?' : cp;
}

static size_t encode(unsigned cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	out[0] = (char)(0xE0 | cp >> 12);
	out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
	out[2] = (char)(0x80 | (cp & 0x3F));
	return 3;
}

static int is_latin(const struct pdf *p, enum face f, unsigned c)
{
	return c >= 0x20 && c < 0x7F && p->latin[f];
}

/* Advance width of a shown character, in 1/1000 em. */
static float glyph_w(struct pdf *p, enum face f, unsigned c)
{
	char u[4];

	if (is_latin(p, f, c)) {
		if (p->latin_w[f][c] < 0) {
			HPDF_TextWidth tw;
			u[0] = (char)c;
			tw = HPDF_Font_TextWidth(p->latin[f], (const HPDF_BYTE *)u, 1);
			p->latin_w[f][c] = (float)tw.width;
		}
		return p->latin_w[f][c];
	}
	if (p->cjk_w[c] == UINT16_MAX) {
		HPDF_UINT w = HPDF_Font_TextWidth(p->cjk, (const HPDF_BYTE *)u,
						  (HPDF_UINT)encode(c, u)).width;
		p->cjk_w[c] = (uint16_t)(w < UINT16_MAX ? w : UINT16_MAX - 1);
	}
	return p->cjk_w[c];
}

static float measure(struct pdf *p, const struct style *st, const char *s, size_t n)
{
	float w = 0;
	unsigned cp;

	for (size_t i = 0, k; i < n; i += k) {
		k = u8(s + i, n - i, &cp);
		w += glyph_w(p, st->face, shown(p, cp));
	}
	return w * st->size / 1000;
}

/* How much smaller text of width w must be drawn to fit in room: a factor from 1 down to
 * `least`, no smaller (a site's template may hold long strings; a line that still does
 * not fit at that size runs on). */
static float shrink(float w, float room, float least)
{
	float k = w > room && w > 0 ? room / w : 1;

	return k < least ? least : k;
}

static struct style scaled(const struct style *st, float k)
{
	struct style s = *st;

	s.size *= k;
	return s;
}

static float lh(const struct pdf *p, const struct style *st)
{
	return st->size * p->t->line_spacing;
}

/* From the top of a line box to its baseline. */
static float base(const struct pdf *p, const struct style *st)
{
	return (lh(p, st) - st->size) / 2 + st->size * 0.84f;
}

static void fill_color(struct pdf *p, const struct tpl_rgb *c)
{
	HPDF_Page_SetRGBFill(p->page, c->r, c->g, c->b);
}

static void stroke_color(struct pdf *p, const struct tpl_rgb *c)
{
	HPDF_Page_SetRGBStroke(p->page, c->r, c->g, c->b);
}

/* Draws s[0..n) with its baseline at (x, y), switching fonts between Latin and CJK runs.
 * The CJK font has no bold face: bold CJK is filled and stroked. */
static void show(struct pdf *p, float x, float y, const struct style *st, const char *s,
		 size_t n)
{
	HPDF_Page pg = p->page;
	int mode = -1;

	if (!n)
		return;
	fill_color(p, &st->color);
	if (st->face == FACE_BOLD) {
		stroke_color(p, &st->color);
		HPDF_Page_SetLineWidth(pg, st->size * 0.035f);
	}
	HPDF_Page_BeginText(pg);
	for (size_t i = 0; i < n;) {
		unsigned cp;
		float w = 0;
		size_t j = i;
		int latin, m;

		u8(s + i, n - i, &cp);
		latin = is_latin(p, st->face, shown(p, cp));
		buf_reset(&p->run);
		while (j < n) {
			size_t k = u8(s + j, n - j, &cp);
			unsigned c = shown(p, cp);
			char u[4];
			if (is_latin(p, st->face, c) != latin)
				break;
			p->missing += c == '?' && cp != '?';
			w += glyph_w(p, st->face, c);
			if (c == cp)
				buf_add(&p->run, s + j, k);
			else
				buf_add(&p->run, u, encode(c, u));
			j += k;
		}
		HPDF_Page_SetFontAndSize(pg, latin ? p->latin[st->face] : p->cjk, st->size);
		m = st->face == FACE_BOLD && !latin ? HPDF_FILL_THEN_STROKE : HPDF_FILL;
		if (m != mode)
			HPDF_Page_SetTextRenderingMode(pg, (HPDF_TextRenderingMode)(mode = m));
		HPDF_Page_TextOut(pg, x, y, buf_str(&p->run));
		x += w * st->size / 1000;
		i = j;
	}
	HPDF_Page_EndText(pg);
}

static void show_str(struct pdf *p, float x, float y, const struct style *st, const char *s)
{
	if (s)
		show(p, x, y, st, s, strlen(s));
}

static int in_list(unsigned c, const unsigned *list)
{
	for (; *list; list++)
		if (c == *list)
			return 1;
	return 0;
}

/* Characters that should not begin a line (closing marks) or end one (opening marks). */
static int no_start(unsigned c)
{
	static const unsigned list[] = { ',', '.', ';', ':', '!', '?', ')', ']', '}', '%',
					 0x3001, 0x3002, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B,
					 0xFF01, 0xFF1F, 0xFF09, 0x300D, 0x300F, 0x3011,
					 0x3009, 0x300B, 0xFF3D, 0 };
	return in_list(c, list);
}

static int no_end(unsigned c)
{
	static const unsigned list[] = { '(', '[', '{', 0xFF08, 0x300C, 0x300E, 0x3010,
					 0x3008, 0x300A, 0xFF3B, 0 };
	return in_list(c, list);
}

/* Whether a line may break between prev and c: 3 a good place (after a space, beside a
 * CJK character), 2 after '/', 1 a last resort (after - _ . , : = ;), 0 not here. */
static int break_at(unsigned prev, unsigned c)
{
	if (c == ' ' || no_start(c) || no_end(prev))
		return 0;
	if (prev == ' ' || prev >= 0x2E80 || c >= 0x2E80)
		return 3;
	if (prev == '/')
		return 2;
	return prev && strchr("-_.,:=;", (int)prev) ? 1 : 0;
}

static void emit(struct pdf *p, struct lines *out, const struct style *st, const char *s,
		 size_t a, size_t b)
{
	while (b > a && s[b - 1] == ' ')
		b--;
	GROW(out->v, out->n, out->cap);
	out->v[out->n].s = s + a;
	out->v[out->n].n = b - a;
	out->v[out->n].w = measure(p, st, s + a, b - a);
	out->v[out->n].st = st;
	out->n++;
}

/* Appends the lines of s wrapped to `width` points. Breaks only between characters. */
static void wrap(struct pdf *p, const struct style *st, const char *s, float width,
		 struct lines *out)
{
	size_t n = s ? strlen(s) : 0, start = 0, i = 0, brk[4] = { 0, 0, 0, 0 };
	unsigned prev = 0;
	float w = 0;

	while (i < n) {
		unsigned cp, c;
		size_t k = u8(s + i, n - i, &cp);
		float cw;

		if (cp == '\n') {
			emit(p, out, st, s, start, i);
			start = i += k;
			w = 0;
			brk[1] = brk[2] = brk[3] = 0;
			prev = 0;
			continue;
		}
		c = shown(p, cp);
		if (i > start) {
			int b = break_at(prev, c);
			if (b)
				brk[b] = i;
		}
		cw = glyph_w(p, st->face, c) * st->size / 1000;
		if (w + cw > width && i > start) {
			size_t end = brk[3] > start   ? brk[3]
				     : brk[2] > start ? brk[2]
				     : brk[1] > start ? brk[1]
						      : i;
			emit(p, out, st, s, start, end);
			start = end;
			while (start < i && s[start] == ' ')
				start++;
			brk[1] = brk[2] = brk[3] = 0;
			if (start == i && c == ' ') { /* a space that would begin the line */
				start = i += k;
				w = 0;
				prev = c;
				continue;
			}
			w = measure(p, st, s + start, i - start);
			continue; /* place the character at i again */
		}
		w += cw;
		prev = c;
		i += k;
	}
	if (start < n)
		emit(p, out, st, s, start, n);
}

/* ---- pages and the cursor ---- */

static void draw_head(struct pdf *p, struct table *tb);

/* A table's caption at the top of a page, and "continued" when it is. */
static void draw_caption(struct pdf *p, const struct table *tb, int continued)
{
	float x = p->left;

	for (int i = 0; i < 4 && tb->caption[i]; i++) {
		const struct style *st = i % 2 ? &p->small : &p->small_bold;
		const char *c = tb->caption[i];
		show_str(p, x, p->y - base(p, st), st, c);
		x += measure(p, st, c, strlen(c)) + 4;
	}
	if (continued)
		show_str(p, x + 4, p->y - base(p, &p->small), &p->muted,
			 tmpf(p, "%s %s", S(p, S_CONTINUED, TPL_ZH), S(p, S_CONTINUED, TPL_EN)));
	p->y -= lh(p, &p->small) + 2;
}

static void new_page(struct pdf *p)
{
	HPDF_Page pg = HPDF_AddPage(p->doc);

	if (pg) {
		HPDF_Page_SetWidth(pg, p->t->page_width);
		HPDF_Page_SetHeight(pg, p->t->page_height);
		GROW(p->pages, p->npages, p->cap_pages);
		p->pages[p->npages++] = pg;
		p->page = pg;
	}
	p->y = p->top;
	if (p->table && p->table->caption[0])
		draw_caption(p, p->table, 1);
	if (p->table && p->table->has_head)
		draw_head(p, p->table);
	p->fresh_y = p->y;
}

/* Makes room for h points, on a new page if need be. */
static void need(struct pdf *p, float h)
{
	/* Nothing is gained by leaving a page that is still empty. */
	if (p->y - h < p->bottom && p->y < p->fresh_y)
		new_page(p);
}

/* The least of a row worth starting at the bottom of a page. */
static float min_chunk(const struct pdf *p)
{
	return 3 * lh(p, &p->body) + 2 * PAD_Y;
}

/* What a table needs to begin on a page (table_begin()): its header of two lines
 * (head()) and the start of a row. A heading above a table keeps at least this much. */
static float table_start(const struct pdf *p)
{
	return lh(p, &p->small_bold) + lh(p, &p->muted) + 2 * PAD_Y + min_chunk(p);
}

static void hline(struct pdf *p, float x0, float x1, float y, float width,
		  const struct tpl_rgb *c)
{
	stroke_color(p, c);
	HPDF_Page_SetLineWidth(p->page, width);
	HPDF_Page_MoveTo(p->page, x0, y);
	HPDF_Page_LineTo(p->page, x1, y);
	HPDF_Page_Stroke(p->page);
}

static void rect(struct pdf *p, float x, float y, float w, float h, const struct tpl_rgb *c)
{
	fill_color(p, c);
	HPDF_Page_Rectangle(p->page, x, y, w, h);
	HPDF_Page_Fill(p->page);
}

static void para_at(struct pdf *p, const struct style *st, const char *text, float indent)
{
	struct lines ls = { NULL, 0, 0 };

	wrap(p, st, text, p->width - indent, &ls);
	for (size_t i = 0; i < ls.n; i++) {
		need(p, lh(p, st));
		show(p, p->left + indent, p->y - base(p, st), st, ls.v[i].s, ls.v[i].n);
		p->y -= lh(p, st);
	}
	free(ls.v);
}

static void para(struct pdf *p, const struct style *st, const char *text)
{
	para_at(p, st, text, 0);
	tmp_clear(p);
}

/* A paragraph with a square bullet; one of up to three lines is not split by a page. */
static void bullet(struct pdf *p, const struct style *st, const char *text)
{
	struct lines ls = { NULL, 0, 0 };
	float s = st->size * 0.32f;

	wrap(p, st, text, p->width - 10, &ls);
	need(p, lh(p, st) * (float)(ls.n < 3 ? (ls.n ? ls.n : 1) : 3));
	free(ls.v);
	rect(p, p->left + 2, p->y - base(p, st) + st->size * 0.3f - s / 2, s, s, &st->color);
	para_at(p, st, text, 10);
	tmp_clear(p);
}

/* Two texts on one line when they fit (a bilingual heading), else one under the other. */
static void pair(struct pdf *p, const struct style *a, const char *sa, const struct style *b,
		 const char *sb)
{
	float wa = measure(p, a, sa, strlen(sa)), wb = measure(p, b, sb, strlen(sb));
	float h = lh(p, a) > lh(p, b) ? lh(p, a) : lh(p, b);

	if (wa + a->size * 0.6f + wb > p->width) {
		para_at(p, a, sa, 0);
		para_at(p, b, sb, 0);
		return;
	}
	need(p, h);
	show_str(p, p->left, p->y - base(p, a) - (h - lh(p, a)), a, sa);
	show_str(p, p->left + wa + a->size * 0.6f, p->y - base(p, b) - (h - lh(p, b)), b, sb);
	p->y -= h;
}

/* A section heading, zh then en, kept with the `keep` points that follow it. */
static void heading(struct pdf *p, enum tpl_string id, float keep)
{
	if (p->y < p->fresh_y)
		p->y -= 10;
	need(p, lh(p, &p->heading) + 8 + keep);
	pair(p, &p->heading, S(p, id, TPL_ZH), &p->heading_en, S(p, id, TPL_EN));
	hline(p, p->left, p->right, p->y - 1, 0.8f, C(p, COLOR_RULE));
	p->y -= 7;
	tmp_clear(p);
}

/* A section's heading kept with `keep` points when it has n rows, else the heading and
 * "none". Returns whether there is anything to draw under it. */
static int heading_or_none(struct pdf *p, enum tpl_string id, size_t n, float keep)
{
	heading(p, id, n ? keep : lh(p, &p->body));
	if (!n)
		para(p, &p->muted, bi(p, S_NONE));
	return n > 0;
}

/* A subheading kept with the `keep` points that follow it. */
static void subheading_keep(struct pdf *p, const struct style *a, const char *zh,
			    const struct style *b, const char *en, float keep)
{
	if (p->y < p->fresh_y)
		p->y -= 5;
	need(p, lh(p, a) + 2 + keep);
	pair(p, a, zh, b, en);
	p->y -= 2;
}

static void subheading_styled(struct pdf *p, const struct style *a, const char *zh,
			      const struct style *b, const char *en)
{
	/* with what a table below it needs to begin there; else the table would leave it at
	 * the page's foot */
	subheading_keep(p, a, zh, b, en, table_start(p));
}

static void subheading(struct pdf *p, enum tpl_string id)
{
	subheading_styled(p, &p->sub, S(p, id, TPL_ZH), &p->sub_en, S(p, id, TPL_EN));
	tmp_clear(p);
}

/* Texts one after another, each kept whole, wrapping between them (a label and value
 * line). An item wider than the page is wrapped as a paragraph of its own. */
struct item {
	const struct style *st;
	const char *text; /* NULL or "": skipped */
	float after;      /* space after it */
};

static void flow(struct pdf *p, const struct item *it, size_t n)
{
	float h = 0, b = 0, x = p->left;

	for (size_t i = 0; i < n; i++) {
		if (lh(p, it[i].st) > h)
			h = lh(p, it[i].st);
		if (base(p, it[i].st) > b)
			b = base(p, it[i].st);
	}
	need(p, h);
	for (size_t i = 0; i < n; i++) {
		float w;
		if (!it[i].text || !*it[i].text)
			continue;
		w = measure(p, it[i].st, it[i].text, strlen(it[i].text));
		if (x > p->left && x + w > p->right) {
			p->y -= h;
			need(p, h);
			x = p->left;
		}
		if (w > p->width) {
			para_at(p, it[i].st, it[i].text, 0);
			continue;
		}
		show_str(p, x, p->y - b, it[i].st, it[i].text);
		x += w + it[i].after;
	}
	if (x > p->left)
		p->y -= h;
}

/* ---- tables ---- */

static void table_init(struct pdf *p, struct table *tb, enum tpl_table id)
{
	float x = p->left;

	memset(tb, 0, sizeof(*tb));
	tb->ncols = template_table_columns(id);
	for (int c = 0; c < tb->ncols; c++) {
		tb->x[c] = x;
		tb->w[c] = p->t->columns[id][c] * p->width;
		x += tb->w[c];
	}
}

static void add(struct cell *c, const struct style *st, const char *text)
{
	if (text && *text && c->n < MAX_PARTS) {
		c->part[c->n].text = text;
		c->part[c->n].st = st;
		c->n++;
	}
}

static void head(struct pdf *p, struct table *tb, int col, enum tpl_string id)
{
	add(&tb->head[col], &p->small_bold, S(p, id, TPL_ZH));
	add(&tb->head[col], &p->muted, S(p, id, TPL_EN));
	tb->has_head = 1;
}

/* Sets up a table of the template's `id` columns headed by heads[0..n), continued on a new
 * page under `caption`, zh then en. The caller may right-align columns, then begins it. */
static void table_open(struct pdf *p, struct table *tb, enum tpl_table id,
		       enum tpl_string caption, const enum tpl_string *heads, int n)
{
	table_init(p, tb, id);
	for (int c = 0; c < n && c < tb->ncols; c++)
		head(p, tb, c, heads[c]);
	tb->caption[0] = S(p, caption, TPL_ZH);
	tb->caption[1] = S(p, caption, TPL_EN);
}

static void layout_row(struct pdf *p, const struct table *tb, const struct cell *cells,
		       struct lines *ls)
{
	for (int c = 0; c < tb->ncols; c++)
		for (int k = 0; k < cells[c].n; k++)
			wrap(p, cells[c].part[k].st, cells[c].part[k].text,
			     tb->w[c] - 2 * PAD_X, &ls[c]);
}

static void free_lines(struct lines *ls, int n)
{
	for (int c = 0; c < n; c++)
		free(ls[c].v);
}

/* Draws lines from[c]..to[c] of each column in a band of height h at the cursor. */
static void draw_band(struct pdf *p, const struct table *tb, const struct lines *ls,
		      const size_t *from, const size_t *to, float h, const struct tpl_rgb *bg)
{
	if (bg)
		rect(p, p->left, p->y - h, p->width, h, bg);
	for (int c = 0; c < tb->ncols; c++) {
		float y = p->y - PAD_Y;
		for (size_t k = from[c]; k < to[c]; k++) {
			const struct line *l = &ls[c].v[k];
			float x = tb->right >> c & 1 ? tb->x[c] + tb->w[c] - PAD_X - l->w
						     : tb->x[c] + PAD_X;
			show(p, x, y - base(p, l->st), l->st, l->s, l->n);
			y -= lh(p, l->st);
		}
	}
	hline(p, p->left, p->right, p->y - h, 0.4f, C(p, COLOR_RULE));
	p->y -= h;
}

static float lines_h(const struct pdf *p, const struct lines *l, size_t from, size_t to)
{
	float h = 0;

	for (size_t k = from; k < to; k++)
		h += lh(p, l->v[k].st);
	return h;
}

static float head_height(struct pdf *p, struct table *tb)
{
	struct lines ls[TPL_MAX_COLUMNS];
	float h = 0;

	memset(ls, 0, sizeof(ls));
	if (!tb->has_head)
		return 0;
	layout_row(p, tb, tb->head, ls);
	for (int c = 0; c < tb->ncols; c++)
		if (lines_h(p, &ls[c], 0, ls[c].n) > h)
			h = lines_h(p, &ls[c], 0, ls[c].n);
	free_lines(ls, tb->ncols);
	return h + 2 * PAD_Y;
}

static void draw_head(struct pdf *p, struct table *tb)
{
	struct lines ls[TPL_MAX_COLUMNS];
	size_t from[TPL_MAX_COLUMNS] = { 0 }, to[TPL_MAX_COLUMNS];
	float h = 0;

	memset(ls, 0, sizeof(ls));
	layout_row(p, tb, tb->head, ls);
	for (int c = 0; c < tb->ncols; c++) {
		to[c] = ls[c].n;
		if (lines_h(p, &ls[c], 0, ls[c].n) > h)
			h = lines_h(p, &ls[c], 0, ls[c].n);
	}
	hline(p, p->left, p->right, p->y, 0.6f, C(p, COLOR_RULE));
	draw_band(p, tb, ls, from, to, h + 2 * PAD_Y, C(p, COLOR_HEADER_BG));
	free_lines(ls, tb->ncols);
}

static void table_begin(struct pdf *p, struct table *tb)
{
	size_t page = p->npages;

	tb->head_h = head_height(p, tb);
	need(p, tb->head_h + min_chunk(p) + (tb->caption_first ? lh(p, &p->small) + 2 : 0));
	if (tb->caption_first && tb->caption[0] && p->npages != page)
		draw_caption(p, tb, 0); /* what it belongs to was on the page before */
	if (tb->has_head)
		draw_head(p, tb);
	p->table = tb;
}

/* The height of a row of cells in tb, as table_row() would draw it whole. */
static float row_height(struct pdf *p, const struct table *tb, const struct cell *cells)
{
	struct lines ls[TPL_MAX_COLUMNS];
	float h = 0;

	memset(ls, 0, sizeof(ls));
	layout_row(p, tb, cells, ls);
	for (int c = 0; c < tb->ncols; c++)
		if (lines_h(p, &ls[c], 0, ls[c].n) > h)
			h = lines_h(p, &ls[c], 0, ls[c].n);
	free_lines(ls, tb->ncols);
	return h + 2 * PAD_Y;
}

static void table_end(struct pdf *p)
{
	p->table = NULL;
	p->y -= GAP;
}

/* How many of n rows a table draws. Every table but the findings' stops at the template's
 * max_rows: libharu holds each page until the document is saved, so a day of 80,000 kill
 * switch tests drawn in full held 167 MiB. The XML report lists them all. */
static size_t rows_shown(const struct pdf *p, size_t n)
{
	return n > (size_t)p->t->max_rows ? (size_t)p->t->max_rows : n;
}

/* Ends a table, saying under it that `more` rows the XML lists are not drawn: both
 * lines together, on the next page under the table's caption and header when they do
 * not fit. */
static void table_end_more(struct pdf *p, size_t more)
{
	if (more) {
		const char *kv[] = { "count", num(p, (long long)more), NULL };
		need(p, 3 + 2 * lh(p, &p->muted));
		p->y -= 3;
		para_at(p, &p->muted, fill(p, S_ROWS_MORE, TPL_ZH, kv), 0);
		para(p, &p->muted, fill(p, S_ROWS_MORE, TPL_EN, kv));
	}
	table_end(p);
}

/* Ends a table of n rows cut at rows_shown(). */
static void table_end_cut(struct pdf *p, size_t n)
{
	table_end_more(p, n - rows_shown(p, n));
}

/* Draws one row. A row that does not fit the page continues on the next one, below the
 * repeated header; it moves whole to the next page when it would fit there, unless it is
 * the first row, which stays with the header above it. */
static void table_row(struct pdf *p, struct table *tb, const struct cell *cells)
{
	struct lines ls[TPL_MAX_COLUMNS];
	size_t next[TPL_MAX_COLUMNS] = { 0 }, to[TPL_MAX_COLUMNS];
	const struct tpl_rgb *bg;
	float total = 0, fresh, avail;

	if (!tb->cont || !tb->rows)
		tb->groups++;
	tb->cont = 0;
	bg = tb->groups % 2 ? NULL : C(p, COLOR_ZEBRA);
	memset(ls, 0, sizeof(ls));
	layout_row(p, tb, cells, ls);
	for (int c = 0; c < tb->ncols; c++)
		if (lines_h(p, &ls[c], 0, ls[c].n) > total)
			total = lines_h(p, &ls[c], 0, ls[c].n);
	total += 2 * PAD_Y;
	avail = p->y - p->bottom;
	fresh = p->top - p->bottom - tb->head_h - 2 * lh(p, &p->small);
	if (total > avail && (avail < min_chunk(p) || (tb->rows && total <= fresh)))
		new_page(p);
	for (;;) {
		float room = p->y - p->bottom - 2 * PAD_Y, h = 0;
		int more = 0, any = 0;
		for (int c = 0; c < tb->ncols; c++) {
			float hc = 0;
			size_t k = next[c];
			while (k < ls[c].n && hc + lh(p, ls[c].v[k].st) <= room + 0.01f)
				hc += lh(p, ls[c].v[k++].st);
			to[c] = k;
			any |= k > next[c];
			more |= k < ls[c].n;
			if (hc > h)
				h = hc;
		}
		if (!any && more) {
			if (p->y < p->fresh_y) {
				new_page(p);
				continue;
			}
			/* Not one line fits a fresh page: draw one anyway, so the row ends. */
			for (int c = 0; c < tb->ncols; c++)
				if (next[c] < ls[c].n) {
					to[c] = next[c] + 1;
					h = lh(p, ls[c].v[next[c]].st);
					break;
				}
		}
		draw_band(p, tb, ls, next, to, h + 2 * PAD_Y, bg);
		memcpy(next, to, sizeof(next));
		if (!more)
			break;
		new_page(p);
	}
	tb->rows++;
	free_lines(ls, tb->ncols);
	tmp_clear(p);
}

/* ---- vocabulary of the model ---- */

static enum tpl_string severity_str(enum severity s)
{
	return s == SEV_CRITICAL ? S_SEV_CRITICAL : s == SEV_MAJOR ? S_SEV_MAJOR : S_SEV_MINOR;
}

static enum tpl_color severity_color(enum severity s)
{
	return s == SEV_CRITICAL ? COLOR_CRITICAL : s == SEV_MAJOR ? COLOR_MAJOR : COLOR_MINOR;
}

static const struct mode_info {
	const char *mode; /* NULL: undeclared */
	enum tpl_string label;
	enum tpl_color color;
} modes[] = {
	{ "disabled", S_MODE_DISABLED, COLOR_MODE_DISABLED },
	{ "observe_only", S_MODE_OBSERVE, COLOR_MODE_OBSERVE },
	{ "live_execution", S_MODE_LIVE, COLOR_MODE_LIVE },
	{ "simulated_execution", S_MODE_SIM, COLOR_MODE_SIM },
	{ NULL, S_MODE_UNDECLARED, COLOR_MODE_UNDECLARED },
};

/* NULL for a mode the template has no words for. */
static const struct mode_info *mode_info(const char *mode)
{
	if (mode && !strcmp(mode, "undeclared"))
		mode = NULL;
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (mode ? modes[i].mode && !strcmp(modes[i].mode, mode) : !modes[i].mode)
			return &modes[i];
	return NULL;
}

enum shape { SHAPE_DOWN, SHAPE_RING, SHAPE_DIAMOND, SHAPE_SQUARE, SHAPE_UP };

static const struct mark_info {
	const char *what;
	enum tpl_string label;
	enum tpl_color color;
	enum shape shape;
} marks[] = {
	{ "critical_alert", S_MARK_CRITICAL, COLOR_MARK_CRITICAL, SHAPE_DOWN },
	{ "kill_switch_test", S_MARK_KS_TEST, COLOR_MARK_KS_TEST, SHAPE_RING },
	{ "kill_switch_activate", S_MARK_KS_ACTIVATE, COLOR_MARK_KS_ACTIVATE, SHAPE_DIAMOND },
	{ "incident", S_MARK_INCIDENT, COLOR_MARK_INCIDENT, SHAPE_SQUARE },
	{ "change", S_MARK_CHANGE, COLOR_MARK_CHANGE, SHAPE_UP },
};

static const struct mark_info *mark_info(const char *what)
{
	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (what && !strcmp(marks[i].what, what))
			return &marks[i];
	return NULL;
}

static const char *env_label(struct pdf *p, const char *env, enum tpl_lang lang)
{
	if (!env)
		return S(p, S_UNLABELLED, lang);
	if (!strcmp(env, "all"))
		return S(p, S_ENV_ALL, lang);
	return env;
}

/* ---- section: page one ---- */

static void waiver_lines(struct pdf *p, struct cell *c, long waiver, long expired_waiver,
			 const struct style *st);

static const char *verdict_text(struct pdf *p, enum tpl_lang lang)
{
	int ok = p->rep->compliant;

	switch (p->rep->type) {
	case REPORT_UNFREEZE:
		return S(p, ok ? S_VERDICT_READY : S_VERDICT_NOT_READY, lang);
	case REPORT_PREFLIGHT:
		return S(p, ok ? S_VERDICT_GO : S_VERDICT_NO_GO, lang);
	default:
		return S(p, ok ? S_VERDICT_COMPLIANT : S_VERDICT_NON_COMPLIANT, lang);
	}
}

static enum tpl_string title_id(const struct report *rep)
{
	switch (rep->type) {
	case REPORT_PERIOD:
		return S_TITLE_PERIOD;
	case REPORT_UNFREEZE:
		return S_TITLE_UNFREEZE;
	case REPORT_PREFLIGHT:
		return S_TITLE_PREFLIGHT;
	default:
		return S_TITLE_REVIEW;
	}
}

static const char *day_text(struct pdf *p)
{
	const struct report *r = p->rep;

	return r->type == REPORT_PERIOD ? tmpf(p, "%s - %s", r->from, r->to) : r->date;
}

/* The coloured box of page one: the verdict in both languages over lines of text. */
static void verdict_box(struct pdf *p, const char *const *text, size_t n)
{
	const struct tpl_rgb *bg = C(p, p->rep->compliant ? COLOR_OK : COLOR_BAD);
	struct lines ls = { NULL, 0, 0 }, vs = { NULL, 0, 0 };
	float vh = lh(p, &p->verdict), h, y;

	/* the verdict whole, over as many lines as a site's wording needs */
	wrap(p, &p->verdict, tmpf(p, "%s  %s", verdict_text(p, TPL_ZH), verdict_text(p, TPL_EN)),
	     p->width - 28, &vs);
	for (size_t i = 0; i < n; i++)
		if (text[i] && *text[i])
			wrap(p, &p->on_verdict, text[i], p->width - 28, &ls);
	h = (float)vs.n * vh + (float)ls.n * lh(p, &p->on_verdict) + 16;
	need(p, h);
	rect(p, p->left, p->y - h, p->width, h, bg);
	y = p->y - 8;
	for (size_t i = 0; i < vs.n; i++) {
		show(p, p->left + 14, y - base(p, &p->verdict), &p->verdict, vs.v[i].s, vs.v[i].n);
		y -= vh;
	}
	free(vs.v);
	y -= 2;
	for (size_t i = 0; i < ls.n; i++) {
		show(p, p->left + 14, y - base(p, &p->on_verdict), &p->on_verdict, ls.v[i].s,
		     ls.v[i].n);
		y -= lh(p, &p->on_verdict);
	}
	free(ls.v);
	p->y -= h + 10;
	tmp_clear(p);
}

/* Why the verdict is what it is, in both languages: what the box says under it. */
static size_t verdict_lines(struct pdf *p, const char *out[6])
{
	const struct report *r = p->rep;
	size_t n = 0;

	switch (r->type) {
	case REPORT_UNFREEZE: {
		const struct unfreeze *u = r->unfreeze;
		const char *kv[] = { "count", NULL, "waiver", num(p, (long long)r->unfreeze_waiver),
				     NULL };
		int open = 0;
		for (int c = 0; c < UNFREEZE_CONDITIONS; c++)
			open += !u->cond[c].ready;
		kv[1] = num(p, open);
		/* ready with conditions open: the finding is waived */
		enum tpl_string why = !open ? S_UF_REASON_PASS
				      : r->unfreeze_waiver ? S_UF_REASON_WAIVED : S_UF_REASON_FAIL;
		for (int l = TPL_ZH; l <= TPL_EN; l++)
			out[n++] = fill(p, why, (enum tpl_lang)l, kv);
		out[n++] = tmpf(p, "%s %s %s    %s %s %s", S(p, S_FREEZE, TPL_ZH),
				S(p, S_FREEZE, TPL_EN), u->freeze_id ? u->freeze_id : "",
				S(p, S_ENVIRONMENT, TPL_ZH), S(p, S_ENVIRONMENT, TPL_EN),
				env_label(p, u->environment, TPL_EN));
		out[n++] = tmpf(p, "%s %s %s    %s %s %s    %s %s %s", S(p, S_STARTED, TPL_ZH),
				S(p, S_STARTED, TPL_EN), stamp(p, u->started_at),
				S(p, S_ENDED, TPL_ZH), S(p, S_ENDED, TPL_EN),
				!u->ended_at	     ? bi(p, S_LIFTED_ACTIVE)
				: u->ended_at > u->at ? tmpf(p, "%s (%s)", stamp(p, u->ended_at),
							     bi(p, S_ENDED_LATER))
						      : stamp(p, u->ended_at),
				S(p, S_AS_OF, TPL_ZH), S(p, S_AS_OF, TPL_EN), stamp(p, u->at));
		break;
	}
	case REPORT_PREFLIGHT: {
		long failed = 0, unjudged = 0;
		const char *kv[] = { "count", NULL, "checks", NULL, NULL };
		for (size_t i = 0; i < r->nchecks; i++) {
			failed += r->checks[i].status == CHECK_FAIL;
			unjudged += r->checks[i].status == CHECK_NOT_JUDGED;
		}
		kv[1] = num(p, failed);
		kv[3] = num(p, (long long)r->nchecks - unjudged);
		/* a go with failed checks: each was waived or below the fail level */
		enum tpl_string why = !failed ? S_PF_REASON_PASS
				      : r->compliant ? S_PF_REASON_WAIVED : S_PF_REASON_FAIL;
		for (int l = TPL_ZH; l <= TPL_EN; l++) {
			const char *nj[] = { "count", num(p, unjudged), NULL };
			out[n++] = unjudged ? tmpf(p, l == TPL_ZH ? "%s；%s" : "%s; %s",
						   fill(p, why, (enum tpl_lang)l, kv),
						   fill(p, S_PF_NOT_JUDGED, (enum tpl_lang)l, nj))
					    : fill(p, why, (enum tpl_lang)l, kv);
		}
		/* the moment judged: the first submit, or the day's end on a day without */
		for (int l = TPL_ZH; l <= TPL_EN; l++) {
			const char *at[] = { "at", stamp(p, r->as_of), "note",
					     r->first_submit ? r->first_submit_note[l == TPL_EN] : "",
					     NULL };
			out[n++] = fill(p, r->first_submit ? S_PF_FIRST_SUBMIT : S_PF_DAY_END,
					(enum tpl_lang)l, at);
		}
		break;
	}
	default: {
		enum severity fail_on = r->t->fail_on;
		long over = report_failing(&r->counts, fail_on);
		const char *kv[] = { "count", num(p, over), "level", NULL, NULL };
		for (int l = TPL_ZH; l <= TPL_EN; l++) {
			kv[3] = S(p, severity_str(fail_on), (enum tpl_lang)l);
			out[n++] = fill(p, over ? S_REASON_FAIL : S_REASON_PASS, (enum tpl_lang)l,
					kv);
		}
		/* the days are judged again now: a record ingested since, or another
		 * tailoring, can make a day read otherwise than its nightly review did */
		if (r->type == REPORT_PERIOD)
			for (int l = TPL_ZH; l <= TPL_EN; l++)
				out[n++] = S(p, S_PERIOD_REJUDGED, (enum tpl_lang)l);
		break;
	}
	}
	return n;
}

static void tiles(struct pdf *p)
{
	const struct report *r = p->rep;
	const long count[4] = { r->counts.by_severity[SEV_CRITICAL],
				r->counts.by_severity[SEV_MAJOR],
				r->counts.by_severity[SEV_MINOR], r->counts.waived };
	const enum tpl_string label[4] = { S_SEV_CRITICAL, S_SEV_MAJOR, S_SEV_MINOR,
					   S_SEV_WAIVED };
	const enum tpl_color color[4] = { COLOR_CRITICAL, COLOR_MAJOR, COLOR_MINOR,
					  COLOR_WAIVED };
	float gap = 8, tw = (p->width - 3 * gap) / 4;
	float th = p->t->size[SIZE_TILE] * 1.2f + lh(p, &p->small) + 16;

	need(p, th);
	for (int i = 0; i < 4; i++) {
		float x = p->left + (float)i * (tw + gap);
		struct style n = style_of(FACE_BOLD, p->t->size[SIZE_TILE],
					  count[i] ? C(p, color[i]) : C(p, COLOR_MUTED));
		const char *zh = S(p, label[i], TPL_ZH);
		stroke_color(p, C(p, COLOR_RULE));
		HPDF_Page_SetLineWidth(p->page, 0.6f);
		HPDF_Page_Rectangle(p->page, x, p->y - th, tw, th);
		HPDF_Page_Stroke(p->page);
		rect(p, x, p->y - th, 4, th, C(p, color[i]));
		show_str(p, x + 12, p->y - 7 - n.size * 0.9f, &n, num(p, count[i]));
		const char *en = S(p, label[i], TPL_EN);
		float wz = measure(p, &p->small_bold, zh, strlen(zh));
		float k = shrink(wz + 4 + measure(p, &p->muted, en, strlen(en)), tw - 16, 0.5f);
		struct style sz = scaled(&p->small_bold, k), se = scaled(&p->muted, k);
		show_str(p, x + 12, p->y - th + 7, &sz, zh);
		show_str(p, x + 12 + wz * k + 4 * k, p->y - th + 7, &se, en);
	}
	p->y -= th + GAP;
	tmp_clear(p);
}

/* A row of a two-column label / value table. */
static void fact(struct pdf *p, struct table *tb, enum tpl_string label, const char *v1,
		 const struct style *s1, const char *v2, const struct style *s2)
{
	struct cell cells[2];

	memset(cells, 0, sizeof(cells));
	add(&cells[0], &p->small_bold, S(p, label, TPL_ZH));
	add(&cells[0], &p->muted, S(p, label, TPL_EN));
	add(&cells[1], s1, v1);
	add(&cells[1], s2, v2);
	table_row(p, tb, cells);
}

/* A bullet in both languages: template string id filled from kv, zh then en. */
static void bullet_bi(struct pdf *p, enum tpl_string id, const char *const *kv)
{
	bullet(p, &p->body, tmpf(p, "%s %s", fill(p, id, TPL_ZH, kv), fill(p, id, TPL_EN, kv)));
}

/* Changes made during a freeze that were not audited repairs (seed §8.4). */
static long not_audited(const struct report *r)
{
	long n = 0;

	for (size_t i = 0; i < r->nchanges; i++)
		n += r->changes[i].freeze_id && !r->changes[i].audited_repair;
	return n;
}

/* A date of the period as a label: "11-27" when the period lies in one year. */
static const char *day_label(const struct pdf *p, const char *date)
{
	return strncmp(p->rep->from, p->rep->to, 4) ? date : date + 5;
}

/* The period's days, freezes and changes an auditor should look at first. */
static void period_bullets(struct pdf *p)
{
	const struct report *r = p->rep;
	struct buf dates = BUF_INIT;
	long bad = 0, not_met = 0, active = 0, changes = not_audited(r);

	for (size_t i = 0; i < r->ndays; i++) {
		if (r->days[i].compliant)
			continue;
		if (bad < 10)
			buf_addf(&dates, "%s%s", bad ? ", " : "", day_label(p, r->days[i].date));
		else if (bad == 10)
			buf_adds(&dates, ", ...");
		bad++;
	}
	if (bad) {
		const char *kv[] = { "count", num(p, bad), "days", num(p, (long long)r->ndays),
				     "dates", tmp_keep(p, buf_detach(&dates)), NULL };
		bullet_bi(p, S_READ_FIRST_DAYS, kv);
	}
	buf_release(&dates);
	for (size_t i = 0; i < r->nfreezes; i++) {
		not_met += r->freezes[i].ready == 0;
		active += r->freezes[i].ready < 0;
	}
	if (not_met) {
		const char *kv[] = { "count", num(p, not_met), NULL };
		bullet_bi(p, S_READ_FIRST_FREEZES_NOT_MET, kv);
	}
	if (active) {
		const char *kv[] = { "count", num(p, active), NULL };
		bullet_bi(p, S_READ_FIRST_FREEZES_ACTIVE, kv);
	}
	if (changes) {
		const char *kv[] = { "count", num(p, changes), NULL };
		bullet_bi(p, S_READ_FIRST_NOT_AUDITED, kv);
	}
}

static int read_first(struct pdf *p, struct error *e)
{
	const struct report *r = p->rep;
	struct rep_findings *it = NULL;
	struct rep_finding f;
	struct table tb;
	long shown_n = 0, unwaived = r->counts.total - r->counts.waived;
	int rc = 0;

	subheading(p, S_READ_FIRST);
	if (!r->counts.total) {
		struct style ok = style_of(FACE_BOLD, p->body.size, C(p, COLOR_OK));
		para(p, &ok, bi(p, S_READ_FIRST_NONE));
	}
	table_init(p, &tb, TABLE_READ_FIRST);
	if (p->t->read_first > 0 && unwaived > 0) {
		if (report_findings_open(r, &it, e))
			return -1;
		table_begin(p, &tb);
		while (shown_n < p->t->read_first && (rc = report_findings_next(it, &f, e)) == 1) {
			struct cell cells[3];
			struct style sev = style_of(FACE_BOLD, p->body.size,
						    C(p, severity_color(f.severity)));
			const char *kv[] = { "section", f.def ? f.def->section : "", NULL };
			if (f.waiver)
				continue;
			memset(cells, 0, sizeof(cells));
			add(&cells[0], &sev, S(p, severity_str(f.severity), TPL_ZH));
			add(&cells[0], &p->muted, S(p, severity_str(f.severity), TPL_EN));
			add(&cells[1], &p->mono, f.rule);
			add(&cells[1], &p->muted,
			    tmpf(p, "%s %s %s", f.def ? fill(p, S_SECTION_REF, TPL_EN, kv) : "",
				 f.environment ? f.environment : "",
				 r->type == REPORT_PERIOD ? f.day : ""));
			add(&cells[2], &p->body, f.message_zh);
			add(&cells[2], &p->muted, f.message_en);
			if (f.nevidence)
				add(&cells[2], &p->mono_muted,
				    file_line(p, f.evidence[0].bundle, f.evidence[0].file,
					      f.evidence[0].line));
			table_row(p, &tb, cells);
			shown_n++;
		}
		report_findings_close(it);
		table_end(p);
		if (rc < 0)
			return -1;
	}
	/* the rest, as many as the Findings section lists: the waived ones too */
	if (r->counts.total > shown_n) {
		const char *kv[] = { "count", num(p, r->counts.total - shown_n), "waived",
				     num(p, r->counts.waived), NULL };
		bullet_bi(p, r->counts.waived ? S_READ_FIRST_MORE_WAIVED : S_READ_FIRST_MORE, kv);
	}
	if (r->type == REPORT_PERIOD)
		period_bullets(p);
	if (r->nalerts) {
		const char *kv[] = { "count", num(p, (long long)r->nalerts), NULL };
		bullet_bi(p, r->type == REPORT_PERIOD ? S_READ_FIRST_ALERTS_PERIOD
						      : S_READ_FIRST_ALERTS, kv);
	}
	if (r->nincidents) {
		const char *kv[] = { "count", num(p, (long long)r->nincidents), NULL };
		bullet_bi(p, S_READ_FIRST_INCIDENTS, kv);
	}
	return 0;
}

/* ---- the unfreeze audit's vocabulary ---- */

static const enum tpl_string condition_str[UNFREEZE_CONDITIONS] = {
	[UF_INCIDENT_REVIEW] = S_COND_INCIDENT_REVIEW,
	[UF_RISK_REVIEW] = S_COND_RISK_REVIEW,
	[UF_GOVERNANCE_REVIEW] = S_COND_GOVERNANCE_REVIEW,
	[UF_DOCUMENT_LOCK] = S_COND_DOCUMENT_LOCK,
	[UF_REDEPLOYMENT] = S_COND_REDEPLOYMENT,
};

/* The marks of what holds and what falls short: U+25CB and U+2573, both in the CJK font
 * (which has no check mark). */
#define MARK_OK "\xE2\x97\x8B"
#define MARK_NOT_OK "\xE2\x95\xB3"

/* An item of a condition as drawn, in a cell: "○ text" when it holds, "╳ text" when it
 * falls short, in 繁體中文 in `st`, then in English, muted. */
static void add_item(struct pdf *p, struct cell *c, struct style *st, const struct uf_item *it)
{
	add(c, st, tmpf(p, "%s %s", it->ok ? MARK_OK : MARK_NOT_OK, it->text_zh));
	add(c, &p->muted, it->text);
}

/* The status of a condition (or check): bold in the verdict colours, zh then en. */
static void status_cell(struct pdf *p, struct cell *c, struct style *st, int ok,
			enum tpl_string yes, enum tpl_string no)
{
	*st = style_of(FACE_BOLD, p->body.size, C(p, ok ? COLOR_OK : COLOR_BAD));
	add(c, st, S(p, ok ? yes : no, TPL_ZH));
	add(c, &p->muted, S(p, ok ? yes : no, TPL_EN));
}

/* A condition's names in both languages and its key, in one cell; numbered or not. */
static void condition_cell(struct pdf *p, struct cell *c, int k, int numbered)
{
	add(c, &p->bold, numbered ? tmpf(p, "%d  %s", k + 1, S(p, condition_str[k], TPL_ZH))
				  : S(p, condition_str[k], TPL_ZH));
	add(c, &p->muted, S(p, condition_str[k], TPL_EN));
	add(c, &p->mono_muted, unfreeze_condition_names[k]);
}

/* Page one of the unfreeze audit: the five conditions side by side. */
static void condition_tiles(struct pdf *p)
{
	const struct unfreeze *u = p->rep->unfreeze;
	const int n = UNFREEZE_CONDITIONS;
	struct lines ls[UNFREEZE_CONDITIONS];
	struct style st[UNFREEZE_CONDITIONS];
	float gap = 6, tw = (p->width - (float)(n - 1) * gap) / (float)n, th = 0;

	memset(ls, 0, sizeof(ls));
	for (int k = 0; k < n; k++) {
		float h;
		st[k] = style_of(FACE_BOLD, p->small.size,
				 C(p, u->cond[k].ready ? COLOR_OK : COLOR_BAD));
		wrap(p, &st[k],
		     tmpf(p, "%s %s %s", u->cond[k].ready ? MARK_OK : MARK_NOT_OK,
			  S(p, u->cond[k].ready ? S_COND_READY : S_COND_NOT_READY, TPL_ZH),
			  S(p, u->cond[k].ready ? S_COND_READY : S_COND_NOT_READY, TPL_EN)),
		     tw - 16, &ls[k]);
		wrap(p, &p->bold, tmpf(p, "%d  %s", k + 1, S(p, condition_str[k], TPL_ZH)),
		     tw - 16, &ls[k]);
		wrap(p, &p->muted, S(p, condition_str[k], TPL_EN), tw - 16, &ls[k]);
		h = lines_h(p, &ls[k], 0, ls[k].n);
		th = h > th ? h : th;
	}
	th += 14;
	need(p, th);
	for (int k = 0; k < n; k++) {
		float x = p->left + (float)k * (tw + gap), y = p->y - 7;
		stroke_color(p, C(p, COLOR_RULE));
		HPDF_Page_SetLineWidth(p->page, 0.6f);
		HPDF_Page_Rectangle(p->page, x, p->y - th, tw, th);
		HPDF_Page_Stroke(p->page);
		rect(p, x, p->y - th, 4, th, &st[k].color);
		for (size_t i = 0; i < ls[k].n; i++) {
			const struct line *l = &ls[k].v[i];
			show(p, x + 11, y - base(p, l->st), l->st, l->s, l->n);
			y -= lh(p, l->st);
		}
	}
	free_lines(ls, n);
	p->y -= th + GAP;
	tmp_clear(p);
}

/* What to read first in an unfreeze audit: each condition NOT READY and what it lacks. */
static int read_first_unfreeze(struct pdf *p)
{
	const struct report *r = p->rep;
	const struct unfreeze *u = r->unfreeze;
	struct style bad = style_of(FACE_REGULAR, p->body.size, C(p, COLOR_BAD));
	struct table tb;
	long changes = not_audited(r);

	subheading(p, S_READ_FIRST);
	if (u->ready) {
		struct style ok = style_of(FACE_BOLD, p->body.size, C(p, COLOR_OK));
		para(p, &ok, bi(p, S_READ_FIRST_READY));
	} else {
		/* the XML's one finding: the rule and its severity */
		struct style sev_st = style_of(FACE_BOLD, p->body.size,
					       C(p, severity_color(SEV_CRITICAL)));
		if (r->unfreeze_waiver)
			para(p, &sev_st, tmpf(p, "DO-8.5-UNFREEZE  %s  %s #%lld",
					      bi(p, severity_str(SEV_CRITICAL)), bi(p, S_SEV_WAIVED),
					      (long long)r->unfreeze_waiver));
		else
			para(p, &sev_st, tmpf(p, "DO-8.5-UNFREEZE  %s",
					      bi(p, severity_str(SEV_CRITICAL))));
		table_init(p, &tb, TABLE_READ_FIRST);
		table_begin(p, &tb);
		for (int k = 0; k < UNFREEZE_CONDITIONS; k++) {
			struct cell cells[3];
			struct style st;
			long rest = 0;
			if (u->cond[k].ready)
				continue;
			memset(cells, 0, sizeof(cells));
			status_cell(p, &cells[0], &st, 0, S_COND_READY, S_COND_NOT_READY);
			condition_cell(p, &cells[1], k, 1);
			for (size_t i = 0; i < u->cond[k].nitems; i++) {
				const struct uf_item *it = &u->cond[k].items[i];
				if (it->ok)
					continue;
				if (cells[2].n < MAX_PARTS - 2)
					add_item(p, &cells[2], &bad, it);
				else
					rest++;
			}
			if (rest)
				add(&cells[2], &p->muted, tmpf(p, "+%ld", rest));
			table_row(p, &tb, cells);
		}
		table_end(p);
	}
	if (changes) {
		const char *kv[] = { "count", num(p, changes), NULL };
		bullet_bi(p, S_READ_FIRST_NOT_AUDITED, kv);
	}
	return 0;
}

/* What to read first in a preflight: each failed check (also one waived or below the
 * fail level, of a go), then the active freezes. */
static int read_first_preflight(struct pdf *p)
{
	const struct report *r = p->rep;
	struct table tb;
	int failed = 0;

	for (size_t i = 0; i < r->nchecks; i++)
		failed |= r->checks[i].status == CHECK_FAIL;
	subheading(p, S_READ_FIRST);
	if (!failed) {
		struct style ok = style_of(FACE_BOLD, p->body.size, C(p, COLOR_OK));
		para(p, &ok, bi(p, S_READ_FIRST_GO));
	} else {
		table_init(p, &tb, TABLE_READ_FIRST);
		table_begin(p, &tb);
		for (size_t i = 0; i < r->nchecks; i++) {
			const struct rep_check *c = &r->checks[i];
			const struct rule_def *d = rule_find(c->rule);
			struct cell cells[3];
			struct style st;
			if (c->status != CHECK_FAIL)
				continue;
			enum severity sev = report_check_severity(r, c);
			struct style sev_st = style_of(FACE_BOLD, p->small.size,
						       C(p, severity_color(sev)));
			memset(cells, 0, sizeof(cells));
			struct style waived = style_of(FACE_REGULAR, p->small.size, C(p, COLOR_WAIVED));
			status_cell(p, &cells[0], &st, 0, S_CHECK_PASS, S_CHECK_FAIL);
			add(&cells[1], &p->mono, c->rule);
			add(&cells[1], &sev_st, bi(p, severity_str(sev))); /* as the XML finding */
			if (c->waiver)
				add(&cells[1], &waived, bi(p, S_SEV_WAIVED));
			if (d) {
				add(&cells[1], &p->muted, d->title_zh);
				add(&cells[1], &p->muted, d->title_en);
			}
			add(&cells[2], &p->body, c->text_zh);
			add(&cells[2], &p->muted, c->text);
			waiver_lines(p, &cells[2], (long)c->waiver, (long)c->expired_waiver, &waived);
			add(&cells[2], &p->mono_muted,
			    file_line(p, c->ref.bundle, c->ref.file, c->ref.line));
			add(&cells[2], &p->mono_muted,
			    file_line(p, c->also.bundle, c->also.file, c->also.line));
			table_row(p, &tb, cells);
		}
		table_end(p);
	}
	if (r->nfreezes) {
		const char *kv[] = { "count", num(p, (long long)r->nfreezes), NULL };
		bullet_bi(p, S_READ_FIRST_ACTIVE_FREEZES, kv);
	}
	return 0;
}

static int sec_summary(struct pdf *p, struct error *e)
{
	const struct report *r = p->rep;
	enum tpl_string title = title_id(r), day = r->type == REPORT_PERIOD ? S_PERIOD : S_DAY;
	const char *env_en = strcmp(r->environment, "all") ? NULL : S(p, S_ENV_ALL, TPL_EN);
	const char *when_v = day_text(p), *text[6];
	int counts = r->type == REPORT_REVIEW || r->type == REPORT_PERIOD;
	size_t n;

	if (r->type == REPORT_UNFREEZE) {
		day = S_AS_OF;
		when_v = stamp(p, r->unfreeze->at);
	}
	pair(p, &p->title, S(p, title, TPL_ZH), &p->title_en, S(p, title, TPL_EN));
	{
		const struct item line[] = {
			{ &p->muted, S(p, day, TPL_ZH), 3 },
			{ &p->muted, S(p, day, TPL_EN), 5 },
			{ &p->sub, when_v, 18 },
			{ &p->muted, S(p, S_ENVIRONMENT, TPL_ZH), 3 },
			{ &p->muted, S(p, S_ENVIRONMENT, TPL_EN), 5 },
			{ &p->sub, env_label(p, r->environment, TPL_ZH), 4 },
			{ &p->sub, env_en, 18 },
			{ &p->muted, S(p, S_TIMEZONE, TPL_ZH), 3 },
			{ &p->muted, S(p, S_TIMEZONE, TPL_EN), 5 },
			{ &p->sub_en, r->t->timezone, 0 },
		};
		flow(p, line, sizeof(line) / sizeof(line[0]));
	}
	p->y -= 8;
	n = verdict_lines(p, text);
	verdict_box(p, text, n);
	if (counts)
		tiles(p);
	else if (r->type == REPORT_UNFREEZE)
		condition_tiles(p);
	{
		/* The fail-on level decides only the verdicts that count findings. */
		const struct item line[] = {
			{ &p->small_bold, S(p, S_INPUTS, TPL_ZH), 3 },
			{ &p->muted, S(p, S_INPUTS, TPL_EN), 6 },
			{ &p->body, inputs_line(p, TPL_ZH), 6 },
			{ &p->muted, inputs_line(p, TPL_EN), 18 },
			{ &p->small_bold, counts ? S(p, S_FAIL_ON, TPL_ZH) : NULL, 3 },
			{ &p->muted, counts ? S(p, S_FAIL_ON, TPL_EN) : NULL, 6 },
			{ &p->body, counts ? S(p, severity_str(r->t->fail_on), TPL_ZH) : NULL, 4 },
			{ &p->muted, counts ? S(p, severity_str(r->t->fail_on), TPL_EN) : NULL, 0 },
		};
		flow(p, line, sizeof(line) / sizeof(line[0]));
	}
	p->y -= 8;
	tmp_clear(p);
	switch (r->type) {
	case REPORT_UNFREEZE:
		return read_first_unfreeze(p);
	case REPORT_PREFLIGHT:
		return read_first_preflight(p);
	default:
		return read_first(p, e);
	}
}

/* ---- section: the timeline picture ---- */

/* The environments INPUT.md names (local, sim, live) first, then the others (invalid
 * labels), each by name; none last. */
static int env_cmp(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	int vx, vy;

	if (!x || !y)
		return !x - !y;
	vx = rules_env_valid(x);
	vy = rules_env_valid(y);
	return vx != vy ? vy - vx : strcmp(x, y);
}

static int same_env(const char *a, const char *b)
{
	return a && b ? !strcmp(a, b) : a == b;
}

static void shape(struct pdf *p, enum shape sh, float x, float y, float r,
		  const struct tpl_rgb *c)
{
	HPDF_Page pg = p->page;
	const struct tpl_rgb white = { 1, 1, 1 };

	fill_color(p, sh == SHAPE_RING ? &white : c);
	stroke_color(p, sh == SHAPE_RING ? c : &white);
	HPDF_Page_SetLineWidth(pg, sh == SHAPE_RING ? 1.5f : 0.7f);
	switch (sh) {
	case SHAPE_RING:
		HPDF_Page_Circle(pg, x, y, r * 0.8f);
		break;
	case SHAPE_SQUARE:
		HPDF_Page_Rectangle(pg, x - r * 0.8f, y - r * 0.8f, r * 1.6f, r * 1.6f);
		break;
	case SHAPE_DIAMOND:
		HPDF_Page_MoveTo(pg, x, y + r * 1.1f);
		HPDF_Page_LineTo(pg, x + r * 1.1f, y);
		HPDF_Page_LineTo(pg, x, y - r * 1.1f);
		HPDF_Page_LineTo(pg, x - r * 1.1f, y);
		HPDF_Page_ClosePath(pg);
		break;
	case SHAPE_DOWN:
		HPDF_Page_MoveTo(pg, x - r, y + r * 0.8f);
		HPDF_Page_LineTo(pg, x + r, y + r * 0.8f);
		HPDF_Page_LineTo(pg, x, y - r);
		HPDF_Page_ClosePath(pg);
		break;
	case SHAPE_UP:
		HPDF_Page_MoveTo(pg, x - r, y - r * 0.8f);
		HPDF_Page_LineTo(pg, x + r, y - r * 0.8f);
		HPDF_Page_LineTo(pg, x, y + r);
		HPDF_Page_ClosePath(pg);
		break;
	}
	HPDF_Page_FillStroke(pg);
}

/* A kill switch that did not report ok: a failed test is no passed test. */
static int mark_not_ok(const struct rep_marker *m)
{
	return !strncmp(m->what, "kill_switch_", 12) && (!m->result || strcmp(m->result, "ok"));
}

/* The red cross drawn over the marker of a kill switch that did not report ok. */
static void cross(struct pdf *p, float x, float y, float r)
{
	HPDF_Page pg = p->page;

	stroke_color(p, C(p, COLOR_BAD));
	HPDF_Page_SetLineWidth(pg, 1.4f);
	HPDF_Page_MoveTo(pg, x - r, y - r);
	HPDF_Page_LineTo(pg, x + r, y + r);
	HPDF_Page_MoveTo(pg, x - r, y + r);
	HPDF_Page_LineTo(pg, x + r, y - r);
	HPDF_Page_Stroke(pg);
}

static const char *hhmm(struct pdf *p, int64_t us)
{
	int64_t day;
	int sec;

	tz_local_day(us, &day, &sec);
	if (day != p->day && us >= p->rep->day_end)
		sec += 86400; /* the end of the day reads 24:00 */
	return tmpf(p, "%02d:%02d", sec / 3600, sec / 60 % 60);
}

/* One legend entry; returns its width. Draws nothing when dry. */
static float legend_item(struct pdf *p, float x, float y, const struct tpl_rgb *swatch,
			 const struct mark_info *m, int crossed, enum tpl_string label, int dry)
{
	const char *t = bi(p, label);
	float tw = measure(p, &p->small, t, strlen(t)), k = shrink(tw, p->width - 14, 0.5f);
	struct style st = scaled(&p->small, k);
	float w = 14 + tw * k;

	if (dry)
		return w;
	if (m) {
		shape(p, m->shape, x + 5, y + p->small.size * 0.35f, 3.6f, swatch);
		if (crossed)
			cross(p, x + 5, y + p->small.size * 0.35f, 3.6f);
	} else {
		rect(p, x, y - 1, 10, p->small.size, swatch);
		stroke_color(p, C(p, COLOR_RULE));
		HPDF_Page_SetLineWidth(p->page, 0.4f);
		HPDF_Page_Rectangle(p->page, x, y - 1, 10, p->small.size);
		HPDF_Page_Stroke(p->page);
	}
	show_str(p, x + 14, y, &st, t);
	return w;
}

/* The legend: the run modes, then the markers, and the cross over a kill switch that did
 * not report ok when the picture has one. */
static void legend(struct pdf *p)
{
	const size_t nm = sizeof(modes) / sizeof(modes[0]), nk = sizeof(marks) / sizeof(marks[0]);
	float x = p->left, row = lh(p, &p->small) + 3;
	size_t n = nm + nk;

	for (size_t i = 0; i < p->rep->nmarkers; i++)
		if (mark_not_ok(&p->rep->markers[i])) {
			n++;
			break;
		}
	need(p, 2 * row);
	for (size_t i = 0; i < n; i++) {
		const int crossed = i == nm + nk;
		const struct mark_info *m = i < nm ? NULL : crossed ? mark_info("kill_switch_test")
								      : &marks[i - nm];
		const struct tpl_rgb *c = m ? C(p, m->color) : C(p, modes[i].color);
		enum tpl_string label = crossed ? S_MARK_NOT_OK : m ? m->label : modes[i].label;
		float w = legend_item(p, x, 0, c, m, crossed, label, 1);
		if (i == nm || x + w > p->right) { /* markers on their own line */
			p->y -= row;
			need(p, row);
			x = p->left;
		}
		legend_item(p, x, p->y - base(p, &p->small), c, m, crossed, label, 0);
		x += w + 12;
	}
	p->y -= row + 4;
	tmp_clear(p);
}

static void marker_table(struct pdf *p)
{
	static const enum tpl_string cols[] = { S_COL_TIME, S_COL_ENV, S_COL_KIND, S_COL_ID };
	const struct report *r = p->rep;
	const struct style bad = style_of(FACE_BOLD, p->muted.size, C(p, COLOR_BAD));
	struct table tb;

	if (!r->nmarkers)
		return;
	subheading(p, S_SUB_MARKERS);
	table_open(p, &tb, TABLE_MARKERS, S_SUB_MARKERS, cols, 4);
	table_begin(p, &tb);
	for (size_t i = 0; i < rows_shown(p, r->nmarkers); i++) {
		const struct rep_marker *m = &r->markers[i];
		const struct mark_info *mi = mark_info(m->what);
		struct cell cells[4];
		memset(cells, 0, sizeof(cells));
		add(&cells[0], &p->body, when(p, m->at));
		add(&cells[1], &p->body, env_label(p, m->environment, TPL_ZH));
		if (mi) {
			add(&cells[2], &p->body, S(p, mi->label, TPL_ZH));
			add(&cells[2], &p->muted, S(p, mi->label, TPL_EN));
		} else {
			add(&cells[2], &p->body, m->what);
		}
		if (mark_not_ok(m)) {
			const char *kv[] = { "result", m->result, NULL };
			add(&cells[2], &bad,
			    m->result ? tmpf(p, "%s %s", fill(p, S_MARK_RESULT, TPL_ZH, kv),
					     fill(p, S_MARK_RESULT, TPL_EN, kv))
				      : bi(p, S_MARK_NO_RESULT));
		}
		add(&cells[3], &p->mono, m->label ? m->label : "");
		add(&cells[3], &p->mono_muted, file_line(p, m->bundle, m->file, m->line));
		table_row(p, &tb, cells);
	}
	table_end_cut(p, r->nmarkers);
}

/* The window of the picture: the session and everything on it, in whole hours (from the
 * day's local midnight), at least four of them, within the day. */
static void window(const struct report *r, int64_t *plo, int64_t *phi)
{
	const int64_t hour = 3600 * US_PER_SEC, ds = r->day_start, de = r->day_end;
	int64_t lo = INT64_MAX, hi = INT64_MIN;

	if (r->session_start < r->session_end)
		lo = r->session_start, hi = r->session_end;
	for (size_t i = 0; i < r->nspans; i++) {
		const int64_t t[2] = { r->spans[i].from, r->spans[i].to };
		for (int k = 0; k < 2; k++)
			if (t[k] > ds && t[k] < de) {
				lo = t[k] < lo ? t[k] : lo;
				hi = t[k] > hi ? t[k] : hi;
			}
	}
	for (size_t i = 0; i < r->nmarkers; i++) {
		lo = r->markers[i].at < lo ? r->markers[i].at : lo;
		hi = r->markers[i].at > hi ? r->markers[i].at : hi;
	}
	if (lo > hi)
		lo = ds, hi = de;
	lo = ds + (lo - ds) / hour * hour;
	hi = ds + (hi - ds + hour - 1) / hour * hour;
	while (hi - lo < 4 * hour && (lo > ds || hi < de)) {
		if (lo > ds)
			lo -= hour;
		if (hi - lo < 4 * hour && hi < de)
			hi += hour;
	}
	*plo = lo < ds ? ds : lo;
	*phi = hi > de || hi <= *plo ? de : hi;
}

/* The order markers claim room in a crowded track: what was done about trouble (a kill
 * switch activation, an incident), then the trouble (a CRITICAL alert), then the rest. */
static int mark_rank(const struct rep_marker *m)
{
	static const char *const order[] = { "kill_switch_activate", "incident", "critical_alert",
					     "change", "kill_switch_test" };
	int k = 0;

	while (k < 5 && (!m->what || strcmp(m->what, order[k])))
		k++;
	return k; /* 5: a kind of its own, last */
}

/* Where a marker whose time is at x goes: x itself, or the nearest place at most one
 * and a half marker widths w away that covers none of the n placed so far and stays in
 * [x0, x1] (three markers of one instant fit side by side; at an end of the track, where
 * they can move one way only, they may move as far as the other way would have taken
 * them). Returns 0 when there is none: a marker is never drawn far from its time. */
static int place_marker(float *placed, size_t *n, size_t cap, float x, float w, float x0,
			float x1, float *at)
{
	float left = 1.5f * w, right = 1.5f * w, best = 0, cand[17] = { x };
	int nc = 1, found = 0;

	if (x - w < x0) /* the place left of it is off the track: one more to the right */
		right += x0 - (x - w);
	if (x + w > x1)
		left += x + w - x1;
	/* Placed markers are at least w apart: a few lie within reach of x, and a place
	 * beside one of them is the only other place that can be free. */
	for (size_t i = 0; i < *n && nc + 2 <= 17; i++)
		if (placed[i] > x - left - w && placed[i] < x + right + w) {
			cand[nc++] = placed[i] - w;
			cand[nc++] = placed[i] + w;
		}
	for (int c = 0; c < nc; c++) {
		int clear = cand[c] >= x0 - 0.01f && cand[c] <= x1 + 0.01f &&
			    cand[c] >= x - left - 0.01f && cand[c] <= x + right + 0.01f;
		for (size_t i = 0; clear && i < *n; i++)
			clear = fabsf(placed[i] - cand[c]) >= w - 0.01f;
		if (clear && (!found || fabsf(cand[c] - x) < fabsf(best - x)))
			best = cand[c], found = 1;
	}
	if (!found || *n >= cap)
		return 0;
	placed[(*n)++] = best;
	*at = best;
	return 1;
}

/* The picture of the day: one lane per environment, a track of markers over a band of
 * run modes, the trading session shaded behind them, hours below. */
static int sec_timeline(struct pdf *p, struct error *e)
{
	const struct report *r = p->rep;
	const int64_t hour = 3600 * US_PER_SEC, ds = r->day_start;
	const float track = 11, band = 13, gap = 8, label_w = 62, mr = 4.2f;
	const char **env = NULL;
	float *placed = NULL;
	size_t nenv = 0, undrawn = 0, lanes_out = 0, fit, nplaced, cap;
	int64_t lo, hi, step;
	float x0, x1, ytop, ybot, top_pad = lh(p, &p->small) + 3, row = lh(p, &p->small) + 3;

	(void)e;
	/* The environments, each once, in order. */
	if (r->nspans + r->nmarkers) {
		env = xmalloc((r->nspans + r->nmarkers) * sizeof(*env));
		for (size_t i = 0; i < r->nspans + r->nmarkers; i++)
			env[i] = i < r->nspans ? r->spans[i].environment
					       : r->markers[i - r->nspans].environment;
		qsort(env, r->nspans + r->nmarkers, sizeof(*env), env_cmp);
		for (size_t i = 0; i < r->nspans + r->nmarkers; i++)
			if (!nenv || !same_env(env[nenv - 1], env[i]))
				env[nenv++] = env[i];
	}
	if (!nenv || r->day_end <= ds) {
		heading(p, S_SEC_TIMELINE, lh(p, &p->body));
		para(p, &p->muted, bi(p, S_NONE));
		free(env);
		return 0;
	}
	/* As many lanes as a page holds under the heading, the hours, a legend of up to
	 * three lines and the two notes below it; the valid environments come first. */
	{
		float room = p->top - p->bottom - lh(p, &p->heading) - 15 - top_pad - row -
			     (3 * row + 4) - 4 * lh(p, &p->muted) - 4;
		fit = room >= track + band + gap ? (size_t)(room / (track + band + gap)) : 1;
	}
	if (nenv > fit)
		lanes_out = nenv - fit, nenv = fit;
	window(r, &lo, &hi);
	step = hi - lo <= 12 * hour ? hour : hi - lo <= 18 * hour ? 2 * hour : 3 * hour;

	heading(p, S_SEC_TIMELINE,
		top_pad + (float)nenv * (track + band + gap) + row + 3 * row);
	x0 = p->left + label_w;
	x1 = p->right - 8;
	cap = (size_t)((x1 - x0) / (2 * mr + 1)) + 2; /* markers a track holds side by side */
	placed = xmalloc(cap * sizeof(*placed));
	ytop = p->y - top_pad;
	ybot = ytop - (float)nenv * (track + band + gap) + gap;
#define X(t) (x0 + (float)((double)((t) - lo) / (double)(hi - lo)) * (x1 - x0))

	/* The trading session, shaded behind the lanes. */
	if (r->session_start < r->session_end && r->session_end > lo && r->session_start < hi) {
		int64_t a = r->session_start > lo ? r->session_start : lo;
		int64_t b = r->session_end < hi ? r->session_end : hi;
		rect(p, X(a), ybot - 3, X(b) - X(a), ytop - ybot + 3 + top_pad - 1,
		     C(p, COLOR_SESSION));
		show_str(p, X(a) + 3, ytop + 3, &p->small,
			 tmpf(p, "%s %s %s-%s", S(p, S_SESSION, TPL_ZH), S(p, S_SESSION, TPL_EN),
			      hhmm(p, r->session_start), hhmm(p, r->session_end)));
	} else {
		show_str(p, x0, ytop + 3, &p->muted, bi(p, S_NO_SESSION));
	}
	/* Hour lines and labels. */
	for (int64_t t = (lo - ds + step - 1) / step * step + ds; t <= hi; t += step) {
		const char *l = hhmm(p, t);
		float x = X(t), w = measure(p, &p->small, l, strlen(l));
		const HPDF_UINT16 dash[] = { 1, 2 };
		stroke_color(p, C(p, COLOR_RULE));
		HPDF_Page_SetLineWidth(p->page, 0.5f);
		HPDF_Page_SetDash(p->page, dash, 2, 0);
		HPDF_Page_MoveTo(p->page, x, ybot - 3);
		HPDF_Page_LineTo(p->page, x, ytop);
		HPDF_Page_Stroke(p->page);
		HPDF_Page_SetDash(p->page, NULL, 0, 0);
		x = x - w / 2 < p->left ? p->left : x + w / 2 > p->right ? p->right - w : x - w / 2;
		show_str(p, x, ybot - 4 - p->small.size, &p->muted, l);
	}
	for (size_t i = 0; i < nenv; i++) {
		float ly = ytop - (float)i * (track + band + gap), bt = ly - track;
		show_str(p, p->left, bt - band / 2 - p->bold.size * 0.35f, &p->bold,
			 env_label(p, env[i], TPL_ZH));
		/* Run-mode bands, each named inside when the name fits, light on dark. */
		for (size_t k = 0; k < r->nspans; k++) {
			const struct rep_span *s = &r->spans[k];
			const struct mode_info *mi = mode_info(s->mode);
			int64_t a = s->from > lo ? s->from : lo, b = s->to < hi ? s->to : hi;
			const struct tpl_rgb *c = C(p, mi ? mi->color : COLOR_MODE_OTHER);
			const char *text = mi ? S(p, mi->label, TPL_ZH) : s->mode;
			struct style on;
			if (!same_env(s->environment, env[i]) || b <= a)
				continue;
			rect(p, X(a), bt - band, X(b) - X(a), band, c);
			on = style_of(FACE_REGULAR, p->small.size,
				      0.299f * c->r + 0.587f * c->g + 0.114f * c->b < 0.6f
					      ? C(p, COLOR_ON_VERDICT)
					      : C(p, COLOR_TEXT));
			if (text && measure(p, &on, text, strlen(text)) + 6 < X(b) - X(a))
				show_str(p, X(a) + 3, bt - band / 2 - on.size * 0.35f, &on, text);
		}
		stroke_color(p, C(p, COLOR_RULE));
		HPDF_Page_SetLineWidth(p->page, 0.6f);
		HPDF_Page_Rectangle(p->page, x0, bt - band, x1 - x0, band);
		HPDF_Page_Stroke(p->page);
		/* Markers in the track, by rank (mark_rank()), each at or near its time
		 * (place_marker()). */
		nplaced = 0;
		for (int pass = 0; pass <= 5; pass++)
			for (size_t k = 0; k < r->nmarkers; k++) {
				const struct rep_marker *m = &r->markers[k];
				const struct mark_info *mi = mark_info(m->what);
				const struct tpl_rgb *c = C(p, mi ? mi->color : COLOR_MODE_OTHER);
				float x = X(m->at), at;
				if (!same_env(m->environment, env[i]) || m->at < lo || m->at > hi ||
				    mark_rank(m) != pass)
					continue;
				if (!place_marker(placed, &nplaced, cap, x, 2 * mr + 1, x0, x1, &at)) {
					undrawn++;
					continue;
				}
				stroke_color(p, c);
				HPDF_Page_SetLineWidth(p->page, 0.8f);
				HPDF_Page_MoveTo(p->page, x, bt);
				HPDF_Page_LineTo(p->page, x, bt - band);
				HPDF_Page_Stroke(p->page);
				shape(p, mi ? mi->shape : SHAPE_SQUARE, at, ly - track / 2 + 0.5f, mr, c);
				if (mark_not_ok(m))
					cross(p, at, ly - track / 2 + 0.5f, mr);
			}
	}
#undef X
	p->y = ybot - 6 - row;
	free(env);
	free(placed);
	tmp_clear(p);
	legend(p);
	if (lanes_out) {
		const char *kv[] = { "count", num(p, (long long)lanes_out), NULL };
		need(p, 2 * lh(p, &p->muted));
		para_at(p, &p->muted, fill(p, S_LANES_NOT_DRAWN, TPL_ZH, kv), 0);
		para(p, &p->muted, fill(p, S_LANES_NOT_DRAWN, TPL_EN, kv));
	}
	if (undrawn) {
		const char *kv[] = { "count", num(p, (long long)undrawn), NULL };
		need(p, 2 * lh(p, &p->muted));
		para_at(p, &p->muted, fill(p, S_MARKS_NOT_DRAWN, TPL_ZH, kv), 0);
		para(p, &p->muted, fill(p, S_MARKS_NOT_DRAWN, TPL_EN, kv));
	}
	p->y -= 4;
	marker_table(p);
	return 0;
}

/* ---- section: execution summary ---- */

static void mode_cell(struct pdf *p, struct cell *c, const char *mode)
{
	const struct mode_info *mi = mode_info(mode);

	if (mi) {
		add(c, &p->body, S(p, mi->label, TPL_ZH));
		add(c, &p->muted, mode ? mode : S(p, mi->label, TPL_EN));
	} else {
		add(c, &p->body, mode);
	}
}

static int sec_execution(struct pdf *p, struct error *e)
{
	const struct report *r = p->rep;
	static const enum tpl_string cols[] = { S_COL_ENV,     S_COL_MODE,     S_COL_SUBMITS,
						S_COL_ACKS,    S_COL_FILLS,    S_COL_PARTIAL,
						S_COL_CANCELS, S_COL_REJECTS,  S_COL_SYMBOLS,
						S_COL_KS_TESTS, S_COL_KS_ACTIVATIONS };
	static const enum tpl_string span_cols[] = { S_COL_ENV, S_COL_MODE, S_COL_FROM, S_COL_TO,
						     S_COL_SOURCE };
	struct table tb;

	(void)e;
	/* kept with the table's header of eleven two-language columns and a row */
	if (heading_or_none(p, S_SEC_EXECUTION, r->nexec, 120)) {
		table_open(p, &tb, TABLE_EXECUTION, S_SEC_EXECUTION, cols, 11);
		tb.right = 0x7FCu; /* the counts */
		table_begin(p, &tb);
		for (size_t i = 0; i < rows_shown(p, r->nexec); i++) {
			const struct rep_exec *x = &r->exec[i];
			const long v[] = { x->submits, x->acks, x->fills, x->partial_fills,
					   x->cancels, x->rejects, x->symbols, x->ks_tests,
					   x->ks_activations };
			struct cell cells[11];
			memset(cells, 0, sizeof(cells));
			add(&cells[0], &p->bold, x->environment);
			mode_cell(p, &cells[1], x->mode);
			for (int c = 0; c < 9; c++)
				add(&cells[c + 2], v[c] ? &p->body : &p->body_muted, num(p, v[c]));
			table_row(p, &tb, cells);
		}
		table_end_cut(p, r->nexec);
	}
	/* A period report has no timeline of run modes (see the days' reviews). */
	if (r->type == REPORT_PERIOD)
		return 0;
	subheading(p, S_SUB_RUN_MODES);
	if (!r->nspans) {
		para(p, &p->muted, bi(p, S_NONE));
		return 0;
	}
	table_open(p, &tb, TABLE_SPANS, S_SUB_RUN_MODES, span_cols, 5);
	table_begin(p, &tb);
	/* local, sim and live first, as in the picture: a cut leaves out invalid labels */
	for (size_t i = 0, drawn = 0; i < 2 * r->nspans && drawn < rows_shown(p, r->nspans);
	     i++) {
		const struct rep_span *s = &r->spans[i % r->nspans];
		struct cell cells[5];
		if (!rules_env_valid(s->environment) != (i >= r->nspans))
			continue;
		drawn++;
		memset(cells, 0, sizeof(cells));
		add(&cells[0], &p->bold, s->environment);
		mode_cell(p, &cells[1], s->mode);
		add(&cells[2], &p->body, when(p, s->from));
		add(&cells[3], &p->body, when(p, s->to));
		add(&cells[4], &p->mono, file_line(p, s->bundle, s->file, s->line));
		table_row(p, &tb, cells);
	}
	table_end_cut(p, r->nspans);
	return 0;
}

/* ---- section: incident review ---- */

static int sec_incidents(struct pdf *p, struct error *e)
{
	static const enum tpl_string action_cols[] = { S_COL_STEP, S_COL_TIME, S_COL_BY,
						       S_COL_NOTE };
	const struct report *r = p->rep;

	(void)e;
	if (!heading_or_none(p, S_SEC_INCIDENTS, r->nincidents, 80))
		return 0;
	for (size_t i = 0; i < rows_shown(p, r->nincidents); i++) {
		const struct rep_incident *in = &r->incidents[i];
		struct table tb;

		subheading_styled(p, &p->sub, in->incident_id ? in->incident_id : "", &p->sub_en,
				  tmpf(p, "%s  %s  %s", env_label(p, in->environment, TPL_ZH),
				       in->grade ? in->grade : "", in->type ? in->type : ""));
		tmp_clear(p);
		table_init(p, &tb, TABLE_INCIDENT);
		tb.caption[0] = in->incident_id;
		table_begin(p, &tb);
		fact(p, &tb, S_INC_OCCURRED, when(p, in->occurred_at), &p->body, NULL, NULL);
		fact(p, &tb, S_INC_SCOPE, in->scope, &p->body, NULL, NULL);
		fact(p, &tb, S_INC_CIDS, in->correlation_ids, &p->mono, NULL, NULL);
		fact(p, &tb, S_INC_SOURCE, file_line(p, in->bundle, in->file, in->line), &p->mono,
		     NULL, NULL);
		if (in->has_review) {
			const char *at = in->has_review_at ? when(p, in->review_at) : "";
			const char *kv[] = { "reviewer", in->reviewer ? in->reviewer : "", "at", at,
					     NULL };
			fact(p, &tb, S_INC_REVIEW,
			     tmpf(p, "%s / %s", fill(p, S_INC_REVIEWER, TPL_ZH, kv),
				  fill(p, S_INC_REVIEWER, TPL_EN, kv)),
			     &p->body, in->summary, &p->body);
		} else {
			fact(p, &tb, S_INC_REVIEW, bi(p, S_INC_NO_REVIEW), &p->muted, NULL, NULL);
		}
		table_end(p);
		if (!in->nactions)
			continue;
		table_open(p, &tb, TABLE_ACTIONS, S_SUB_ACTIONS, action_cols, 4);
		/* continued under the incident's ID first */
		memmove(&tb.caption[1], &tb.caption[0], 2 * sizeof(tb.caption[0]));
		tb.caption[0] = in->incident_id;
		tb.caption_first = 1;
		table_begin(p, &tb);
		for (size_t k = 0; k < rows_shown(p, in->nactions); k++) {
			const struct rep_action *a = &in->actions[k];
			struct cell cells[4];
			memset(cells, 0, sizeof(cells));
			add(&cells[0], &p->bold, a->step);
			add(&cells[1], &p->body, a->has_at ? when(p, a->at) : NULL);
			add(&cells[2], &p->body, a->by);
			add(&cells[3], &p->body, a->note);
			table_row(p, &tb, cells);
		}
		table_end_cut(p, in->nactions);
	}
	if (r->nincidents > rows_shown(p, r->nincidents)) {
		const char *kv[] = { "count",
				     num(p, (long long)(r->nincidents - rows_shown(p, r->nincidents))),
				     NULL };
		need(p, 2 * lh(p, &p->muted));
		para_at(p, &p->muted, fill(p, S_INCIDENTS_MORE, TPL_ZH, kv), 0);
		para(p, &p->muted, fill(p, S_INCIDENTS_MORE, TPL_EN, kv));
	}
	return 0;
}

/* ---- section: unresolved alerts ---- */

static int sec_alerts(struct pdf *p, struct error *e)
{
	static const enum tpl_string cols[] = { S_COL_ALERT, S_COL_STATUS, S_COL_FIRST_LAST,
						S_COL_MESSAGE };
	const struct report *r = p->rep;
	const struct style crit_style = style_of(FACE_BOLD, p->muted.size, C(p, COLOR_CRITICAL));
	struct table tb;

	(void)e;
	if (!heading_or_none(p, S_SEC_ALERTS, r->nalerts, table_start(p)))
		return 0;
	table_open(p, &tb, TABLE_ALERTS, S_SEC_ALERTS, cols, 4);
	table_begin(p, &tb);
	for (size_t i = 0; i < rows_shown(p, r->nalerts); i++) {
		const struct rep_alert *a = &r->alerts[i];
		int crit = a->severity && !strcmp(a->severity, "CRITICAL");
		struct style sev = style_of(FACE_BOLD, p->body.size,
					    C(p, crit ? COLOR_CRITICAL : COLOR_MAJOR));
		struct cell cells[4];
		memset(cells, 0, sizeof(cells));
		add(&cells[0], &p->mono, a->alert_id);
		add(&cells[0], &sev, a->severity);
		if (a->was_critical) /* downgraded: its latest record alone hides it */
			add(&cells[0], &crit_style, bi(p, S_ALERT_WAS_CRITICAL));
		add(&cells[0], &p->muted, env_label(p, a->environment, TPL_ZH));
		add(&cells[1], &p->body, a->component);
		add(&cells[1], &p->bold, a->status);
		add(&cells[2], &p->body, when(p, a->first_at));
		add(&cells[2], &p->body, when(p, a->last_at));
		add(&cells[3], &p->body, a->message);
		add(&cells[3], &p->mono_muted,
		    a->cid ? tmpf(p, "%s %s", S(p, S_CID, TPL_EN), a->cid) : NULL);
		add(&cells[3], &p->mono_muted, file_line(p, a->bundle, a->file, a->line));
		table_row(p, &tb, cells);
	}
	table_end_cut(p, r->nalerts);
	return 0;
}

/* ---- section: log integrity ---- */

/* The bundles the input files came from, each once: the legend of the inputs table. Returns
 * its height; draws it unless dry. */
static float bundle_legend(struct pdf *p, int dry)
{
	const struct report *r = p->rep;
	float h = 0;

	for (size_t i = 0; i < r->ninputs; i++) {
		const char *b = r->inputs[i].bundle, *text;
		size_t k;
		for (k = 0; k < i && !same_env(r->inputs[k].bundle, b); k++)
			;
		if (!b || k != i)
			continue;
		text = tmpf(p, "%s %s: %s", S(p, S_BUNDLE, TPL_ZH), S(p, S_BUNDLE, TPL_EN), b);
		if (dry) {
			struct lines ls = { NULL, 0, 0 };
			wrap(p, &p->muted, text, p->width, &ls);
			h += lh(p, &p->muted) * (float)ls.n;
			free(ls.v);
		} else {
			para(p, &p->muted, text);
		}
	}
	tmp_clear(p);
	return h;
}

/* The input files with their SHA-256, and the bundles they came from. The bundles come
 * first, kept with the heading: under the table they could fall alone onto the next page. */
static void inputs_table(struct pdf *p)
{
	static const enum tpl_string cols[] = { S_COL_FILE, S_COL_FORMAT, S_COL_SIZE,
						S_COL_RECORDS, S_COL_REJECTED };
	const struct report *r = p->rep;
	struct table tb;

	float legend_h = bundle_legend(p, 1);

	subheading_keep(p, &p->sub, S(p, S_SUB_INPUTS, TPL_ZH), &p->sub_en,
			S(p, S_SUB_INPUTS, TPL_EN), legend_h + 3 + table_start(p));
	tmp_clear(p);
	if (!r->ninputs) {
		para(p, &p->muted, bi(p, S_NONE));
	} else {
		bundle_legend(p, 0);
		if (legend_h > 0)
			p->y -= 3;
		/* Files of several bundles can share a path (each day's events/ops.jsonl):
		 * then each names its bundle. */
		int bundles = 0;
		for (size_t i = 1; i < r->ninputs && !bundles; i++)
			bundles = !same_env(r->inputs[i].bundle, r->inputs[0].bundle);
		table_open(p, &tb, TABLE_INPUTS, S_SUB_INPUTS, cols, 5);
		tb.right = 0x1Cu;
		table_begin(p, &tb);
		for (size_t i = 0; i < rows_shown(p, r->ninputs); i++) {
			const struct rep_input *in = &r->inputs[i];
			struct style rej = style_of(FACE_BOLD, p->body.size, C(p, COLOR_BAD));
			struct cell cells[5];
			memset(cells, 0, sizeof(cells));
			add(&cells[0], &p->bold, in->path);
			if (bundles && in->bundle)
				add(&cells[0], &p->muted,
				    tmpf(p, "%s %s: %s", S(p, S_BUNDLE, TPL_ZH),
					 S(p, S_BUNDLE, TPL_EN), in->bundle));
			add(&cells[0], &p->mono_muted, in->sha256);
			if (in->note) {
				/* the note's own ": not read" would say it twice */
				size_t n = strlen(in->note);
				if (n > 10 && !strcmp(in->note + n - 10, ": not read"))
					n -= 10;
				add(&cells[0], &p->muted,
				    tmpf(p, "%s %s: %.*s", S(p, S_NOT_READ, TPL_ZH),
					 S(p, S_NOT_READ, TPL_EN), (int)n, in->note));
			}
			add(&cells[1], &p->body, in->format);
			add(&cells[2], &p->body, num(p, in->size));
			add(&cells[3], &p->body, num(p, in->records));
			add(&cells[4], in->rejected ? &rej : &p->body_muted, num(p, in->rejected));
			table_row(p, &tb, cells);
		}
		table_end_cut(p, r->ninputs);
	}
}

/* What the report was made with: tool, catalog, tailoring, the XML's digest. */
static void provenance(struct pdf *p)
{
	const struct tailoring *t = p->rep->t;
	struct table tb;

	subheading(p, S_SUB_PROVENANCE);
	table_init(p, &tb, TABLE_FACTS);
	tb.caption[0] = S(p, S_SUB_PROVENANCE, TPL_ZH);
	tb.caption[1] = S(p, S_SUB_PROVENANCE, TPL_EN);
	table_begin(p, &tb);
	fact(p, &tb, S_TOOL, TAITS_VERSION, &p->body, NULL, NULL);
	fact(p, &tb, S_CATALOG, TAITS_CATALOG_VERSION, &p->body, NULL, NULL);
	fact(p, &tb, S_FAIL_ON, S(p, severity_str(t->fail_on), TPL_ZH), &p->body,
	     S(p, severity_str(t->fail_on), TPL_EN), &p->muted);
	fact(p, &tb, S_TIMEZONE, t->timezone, &p->body, NULL, NULL);
	fact(p, &tb, S_TAILORING, t->sha256, &p->mono, NULL, NULL);
	if (t->file)
		fact(p, &tb, S_TAILORING_FILE, t->file, &p->body, t->file_sha256, &p->mono);
	else
		fact(p, &tb, S_TAILORING_FILE, bi(p, S_TAILORING_BUILTIN), &p->body, NULL, NULL);
	fact(p, &tb, S_XML_SHA, p->xml_sha256 ? p->xml_sha256 : bi(p, S_XML_NONE),
	     p->xml_sha256 ? &p->mono : &p->body, NULL, NULL);
	table_end(p);
}

static int sec_integrity(struct pdf *p, struct error *e)
{
	static const enum tpl_string cols[] = { S_COL_RULE, S_COL_CHECK, S_COL_FINDINGS };
	const struct report *r = p->rep;
	struct table tb;

	(void)e;
	heading(p, S_SEC_INTEGRITY, 80);
	para_at(p, &p->body, inputs_line(p, TPL_ZH), 0);
	para(p, &p->muted, inputs_line(p, TPL_EN));
	p->y -= 4;

	subheading(p, S_SUB_CHECKS);
	table_open(p, &tb, TABLE_CHECKS, S_SUB_CHECKS, cols, 3);
	tb.right = 1u << 2;
	table_begin(p, &tb);
	for (int i = 0; i < INTEGRITY_RULES; i++) {
		const struct rule_def *d = rule_find(integrity_rules[i]);
		long n = r->integrity_by_rule[i];
		struct style cnt = style_of(FACE_BOLD, p->body.size,
					    C(p, n ? COLOR_BAD : COLOR_MUTED));
		struct cell cells[3];
		memset(cells, 0, sizeof(cells));
		add(&cells[0], &p->mono, integrity_rules[i]);
		if (d) {
			add(&cells[1], &p->body, d->title_zh);
			add(&cells[1], &p->muted, d->title_en);
		}
		add(&cells[2], &cnt, num(p, n));
		table_row(p, &tb, cells);
	}
	table_end(p);
	inputs_table(p);
	provenance(p);
	return 0;
}

/* The inputs line, the input files and the provenance, without the integrity checks (the
 * reports that evaluate no integrity rule). */
static int sec_inputs(struct pdf *p, struct error *e)
{
	(void)e;
	heading(p, S_SEC_INPUTS, 80);
	para_at(p, &p->body, inputs_line(p, TPL_ZH), 0);
	para(p, &p->muted, inputs_line(p, TPL_EN));
	p->y -= 4;
	inputs_table(p);
	provenance(p);
	return 0;
}

/* ---- section: findings ---- */

/* What waiver `waiver` (1-based; 0 none) or an expired one did to a finding or a failed
 * check. */
static void waiver_lines(struct pdf *p, struct cell *c, long waiver, long expired_waiver,
			 const struct style *st)
{
	const struct report *r = p->rep;

	if (waiver > 0 && (size_t)waiver <= r->nwaivers) {
		const struct waiver *w = r->waivers[waiver - 1].w;
		const char *kv[] = { "index", tmpf(p, "%ld", waiver), "rule", w->rule,
				     "approved", w->approved_by, "expires", w->expires,
				     "reason", w->reason, NULL };
		add(c, st, fill(p, S_WAIVED, TPL_ZH, kv));
		add(c, st, fill(p, S_WAIVED, TPL_EN, kv));
	}
	if (expired_waiver > 0 && (size_t)expired_waiver <= r->nwaivers) {
		const struct waiver *w = r->waivers[expired_waiver - 1].w;
		const char *kv[] = { "index", tmpf(p, "%ld", expired_waiver), "expires",
				     w->expires, NULL };
		add(c, st, fill(p, S_WAIVER_EXPIRED, TPL_ZH, kv));
		add(c, st, fill(p, S_WAIVER_EXPIRED, TPL_EN, kv));
	}
}

/* Widens column `col` to hold `text` in `st` on one line, taking the width from the
 * column after it: a number broken over two lines reads as another number. */
static void fit_column(struct pdf *p, struct table *tb, int col, const struct style *st,
		       const char *text)
{
	float need = measure(p, st, text, strlen(text)) + 2 * PAD_X + 0.5f;
	float more = need - tb->w[col];

	if (more <= 0 || col + 1 >= tb->ncols || tb->w[col + 1] - more < tb->w[col + 1] / 2)
		return;
	tb->w[col] += more;
	tb->w[col + 1] -= more;
	tb->x[col + 1] += more;
}

static void findings_table(struct pdf *p, struct table *tb)
{
	static const enum tpl_string cols[] = { S_COL_NO, S_COL_RULE, S_COL_MESSAGE,
						S_COL_EVIDENCE };
	long last = p->rep->counts.total < p->t->max_findings ? p->rep->counts.total
							       : p->t->max_findings;

	table_open(p, tb, TABLE_FINDINGS, S_SEC_FINDINGS, cols, 4);
	/* the largest finding number drawn, in the cell's style (finding_cells()) */
	fit_column(p, tb, 0, &p->muted, tmpf(p, "%ld", last));
	tb->right = 1u;
}

/* The cells of finding number n. Their texts live until the next tmp_clear(). */
static void finding_cells(struct pdf *p, const struct rep_finding *f, long n,
			  const struct style *waived, struct cell cells[4])
{
	const struct report *r = p->rep;
	const char *kv[] = { "section", f->def ? f->def->section : "", NULL };
	size_t shown = 0;

	memset(cells, 0, 4 * sizeof(*cells));
	add(&cells[0], &p->muted, tmpf(p, "%ld", n));
	add(&cells[1], &p->mono, f->rule);
	add(&cells[1], &p->muted,
	    tmpf(p, "%s %s %s", f->def ? fill(p, S_SECTION_REF, TPL_EN, kv) : "",
		 f->environment ? f->environment : "", r->type == REPORT_PERIOD ? f->day : ""));
	if (f->waiver)
		add(&cells[1], waived, bi(p, S_SEV_WAIVED));
	add(&cells[2], f->waiver ? &p->muted : &p->body, f->message_zh);
	add(&cells[2], &p->muted, f->message_en);
	waiver_lines(p, &cells[2], f->waiver, f->expired_waiver, waived);
	/* as many records as the cell holds, then how many more the XML has */
	for (; shown < f->nevidence; shown++) {
		const struct rep_evidence *v = &f->evidence[shown];
		int parts = 1 + (v->correlation_id || v->time[0] || v->context);
		if (cells[3].n + parts > MAX_PARTS - (shown + 1 < f->nevidence ? 2 : 0))
			break;
		add(&cells[3], &p->mono, file_line(p, v->bundle, v->file ? v->file : "", v->line));
		/* a record cited for context (the kill switch around an alert) is not the
		 * offending record, and says so as the XML does */
		if (parts > 1)
			add(&cells[3], &p->mono_muted,
			    tmpf(p, "%s%s%s%s%s", v->context ? bi(p, S_EVIDENCE_CONTEXT) : "",
				 v->context && (v->correlation_id || v->time[0]) ? " · " : "",
				 v->correlation_id ? v->correlation_id : "",
				 v->correlation_id && v->time[0] ? " " : "", v->time));
	}
	if (shown < f->nevidence) {
		const char *more[] = { "count", num(p, (long long)(f->nevidence - shown)), NULL };
		add(&cells[3], &p->muted, fill(p, S_EVIDENCE_MORE, TPL_ZH, more));
		add(&cells[3], &p->muted, fill(p, S_EVIDENCE_MORE, TPL_EN, more));
	}
}

/* Starts the table of a severity under its subheading (and the section's heading, for
 * the first), all kept with the group's first row: a row split after a heading at a
 * page's foot left its second half on the next page without its number or rule. */
static void findings_group(struct pdf *p, struct table *tb, const struct rep_finding *f,
			   long n, int first, const struct style *waived, struct style *sev_style)
{
	struct cell cells[4];
	float fresh, keep;

	*sev_style = style_of(FACE_BOLD, p->t->size[SIZE_SUBHEADING],
			      C(p, severity_color(f->severity)));
	findings_table(p, tb);
	tb->head_h = head_height(p, tb);
	finding_cells(p, f, n, waived, cells);
	/* the room of a fresh page under the headings, the caption and the header */
	fresh = p->top - p->bottom - tb->head_h - 2 * lh(p, &p->small) - lh(p, &p->heading) - 40;
	keep = row_height(p, tb, cells);
	/* a row taller than a page breaks wherever it starts: its number and rule are on its
	 * first piece, and the page above is not left empty for it */
	keep = keep > fresh ? table_start(p) : tb->head_h + keep;
	if (keep < table_start(p))
		keep = table_start(p);
	tmp_clear(p); /* the measured cells' texts; tb holds none */
	if (first)
		heading(p, S_SEC_FINDINGS, lh(p, sev_style) + 7 + keep);
	subheading_keep(p, sev_style, S(p, severity_str(f->severity), TPL_ZH), &p->sub_en,
			S(p, severity_str(f->severity), TPL_EN), keep);
	tb->caption[2] = S(p, severity_str(f->severity), TPL_ZH);
	tb->caption[3] = S(p, severity_str(f->severity), TPL_EN);
	table_begin(p, tb);
}

static int sec_findings(struct pdf *p, struct error *e)
{
	const struct report *r = p->rep;
	struct rep_findings *it = NULL;
	struct rep_finding f;
	struct table tb;
	struct style sev_style, waived;
	enum severity cur = SEV_NONE;
	long n = 0, drawn[4] = { 0 }, drawn_waived = 0;
	int rc = 0;

	if (report_findings_open(r, &it, e))
		return -1;
	waived = style_of(FACE_BOLD, p->small.size, C(p, COLOR_WAIVED));
	while (n < p->t->max_findings && !p->herr.code &&
	       (rc = report_findings_next(it, &f, e)) == 1) {
		struct cell cells[4];
		if (f.severity != cur || !n) {
			if (n)
				table_end(p);
			cur = f.severity;
			findings_group(p, &tb, &f, n + 1, !n, &waived, &sev_style);
		}
		n++;
		if (f.waiver)
			drawn_waived++;
		else if (f.severity >= 0 && f.severity < 4)
			drawn[f.severity]++;
		finding_cells(p, &f, n, &waived, cells);
		table_row(p, &tb, cells);
	}
	if (n)
		table_end(p);
	else
		heading(p, S_SEC_FINDINGS, lh(p, &p->body));
	report_findings_close(it);
	if (rc < 0)
		return -1;
	if (!n)
		para(p, &p->muted, bi(p, S_NONE));
	if (r->counts.total > n) {
		/* by severity: a cut can leave out a whole severity, heading and all */
		const char *kv[] = {
			"count", num(p, r->counts.total - n),
			"critical", num(p, r->counts.by_severity[SEV_CRITICAL] - drawn[SEV_CRITICAL]),
			"major", num(p, r->counts.by_severity[SEV_MAJOR] - drawn[SEV_MAJOR]),
			"minor", num(p, r->counts.by_severity[SEV_MINOR] - drawn[SEV_MINOR]),
			"waived", num(p, r->counts.waived - drawn_waived), NULL
		};
		struct style st = style_of(FACE_BOLD, p->body.size, C(p, COLOR_BAD));
		para_at(p, &st, fill(p, S_FINDINGS_MORE, TPL_ZH, kv), 0);
		para(p, &st, fill(p, S_FINDINGS_MORE, TPL_EN, kv));
	}
	return 0;
}

/* ---- section: waivers ---- */

static int sec_waivers(struct pdf *p, struct error *e)
{
	static const enum tpl_string cols[] = { S_COL_WAIVER, S_COL_RULE, S_COL_SCOPE,
						S_COL_REASON };
	const struct report *r = p->rep;
	struct table tb;

	(void)e;
	if (!heading_or_none(p, S_SEC_WAIVERS, r->nwaivers, table_start(p)))
		return 0;
	table_open(p, &tb, TABLE_WAIVERS, S_SEC_WAIVERS, cols, 4);
	table_begin(p, &tb);
	for (size_t i = 0; i < rows_shown(p, r->nwaivers); i++) {
		const struct rep_waiver *rw = &r->waivers[i];
		const struct waiver *w = rw->w;
		/* expired by the period's end, but in force on its first days */
		int within = rw->expired && strcmp(w->expires, r->from) >= 0;
		struct style st = style_of(FACE_BOLD, p->body.size,
					   C(p, within ? COLOR_MAJOR
						: rw->expired ? COLOR_BAD : COLOR_OK));
		const char *kv[] = { "approved", w->approved_by, "expires", w->expires,
				     "applied", num(p, rw->applied), NULL };
		struct cell cells[4];
		memset(cells, 0, sizeof(cells));
		add(&cells[0], &p->bold, tmpf(p, "#%d", rw->index));
		add(&cells[1], &p->mono, w->rule);
		if (within) {
			add(&cells[1], &st, fill(p, S_WAIVER_EXPIRED_WITHIN, TPL_ZH, kv));
			add(&cells[1], &st, fill(p, S_WAIVER_EXPIRED_WITHIN, TPL_EN, kv));
		} else {
			add(&cells[1], &st,
			    bi(p, rw->expired ? S_WAIVER_EXPIRED_STATUS : S_WAIVER_ACTIVE));
		}
		/* The match patterns, by their keys in the tailoring file. */
		if (w->environment)
			add(&cells[2], &p->mono, tmpf(p, "environment=%s", w->environment));
		if (w->record)
			add(&cells[2], &p->mono, tmpf(p, "record=%s", w->record));
		if (w->correlation_id)
			add(&cells[2], &p->mono, tmpf(p, "correlation_id=%s", w->correlation_id));
		if (w->file)
			add(&cells[2], &p->mono, tmpf(p, "file=%s", w->file));
		if (!cells[2].n) /* match: {} */
			add(&cells[2], &p->body, bi(p, S_WAIVER_ALL));
		add(&cells[3], &p->body, w->reason);
		add(&cells[3], &p->muted, fill(p, S_WAIVER_APPROVAL, TPL_ZH, kv));
		add(&cells[3], &p->muted, fill(p, S_WAIVER_APPROVAL, TPL_EN, kv));
		table_row(p, &tb, cells);
	}
	table_end_cut(p, r->nwaivers);
	return 0;
}

/* yes / no / not recorded (-1), in both languages on one line. */
static void tri_cell(struct pdf *p, struct cell *c, int v, const struct style *st)
{
	if (v < 0)
		add(c, &p->muted, bi(p, S_NOT_RECORDED));
	else
		add(c, st ? st : &p->body, bi(p, v ? S_YES : S_NO));
}

/* A change's repair or strategy_expansion: absent reads false (INPUT.md's default), so
 * unknown (v < 0) is a value that is not a boolean, shown with `unknown` (muted if NULL). */
static void flag_cell(struct pdf *p, struct cell *c, int v, const struct style *st,
		      const struct style *unknown)
{
	if (v < 0)
		add(c, unknown ? unknown : &p->muted, bi(p, S_NOT_BOOLEAN));
	else
		tri_cell(p, c, v, st);
}

/* Label and source of a record in the first cell of a row: ID, what it belongs to, file. */
static void id_cell(struct pdf *p, struct cell *c, const char *id, const char *env,
		    const char *bundle, const char *file, long line)
{
	add(c, &p->bold, id);
	if (env)
		add(c, &p->muted, tmpf(p, "%s %s %s", S(p, S_ENVIRONMENT, TPL_ZH),
				       S(p, S_ENVIRONMENT, TPL_EN), env_label(p, env, TPL_EN)));
	add(c, &p->mono_muted, file_line(p, bundle, file, line));
}

/* ---- section: the unfreeze conditions ---- */

/* Each condition with its items, one row per item: what satisfies it or what is missing,
 * and the record it rests on. */
static int sec_conditions(struct pdf *p, struct error *e)
{
	static const enum tpl_string cols[] = { S_COL_NO, S_COL_CONDITION, S_COL_RESULT,
						S_COL_ITEM, S_INC_SOURCE };
	const struct unfreeze *u = p->rep->unfreeze;
	struct table tb;

	(void)e;
	heading(p, S_SEC_CONDITIONS, 80);
	if (!u) { /* listed for a report that is not an unfreeze audit */
		para(p, &p->muted, bi(p, S_NONE));
		return 0;
	}
	table_open(p, &tb, TABLE_CONDITIONS, S_SEC_CONDITIONS, cols, 5);
	table_begin(p, &tb);
	for (int k = 0; k < UNFREEZE_CONDITIONS; k++) {
		const struct uf_condition *c = &u->cond[k];
		size_t shown = rows_shown(p, c->nitems);
		for (size_t i = 0; i < shown; i++) {
			const struct uf_item *it = &c->items[i];
			const struct rep_record_ref *ref = &p->rep->item_refs[k][i];
			struct cell cells[5];
			struct style st, ist;
			memset(cells, 0, sizeof(cells));
			if (!i) {
				add(&cells[0], &p->bold, tmpf(p, "%d", k + 1));
				condition_cell(p, &cells[1], k, 0);
				status_cell(p, &cells[2], &st, c->ready, S_COND_READY,
					    S_COND_NOT_READY);
			} else {
				tb.cont = 1;
			}
			ist = style_of(FACE_REGULAR, p->body.size,
				       C(p, it->ok ? COLOR_TEXT : COLOR_BAD));
			add_item(p, &cells[3], &ist, it);
			add(&cells[4], &p->mono, file_line(p, ref->bundle, ref->file, ref->line));
			add(&cells[4], &p->mono_muted, ref->identity);
			table_row(p, &tb, cells);
		}
		if (shown < c->nitems) { /* a row of its own, under the condition's items */
			const char *kv[] = { "count", num(p, (long long)(c->nitems - shown)), NULL };
			struct cell cells[5];
			memset(cells, 0, sizeof(cells));
			add(&cells[3], &p->muted, fill(p, S_ROWS_MORE, TPL_ZH, kv));
			add(&cells[3], &p->muted, fill(p, S_ROWS_MORE, TPL_EN, kv));
			tb.cont = 1;
			table_row(p, &tb, cells);
		}
	}
	table_end(p);
	return 0;
}

/* ---- section: changes ---- */

static int sec_changes(struct pdf *p, struct error *e)
{
	static const enum tpl_string cols[] = { S_COL_CHANGE, S_COL_TYPE, S_COL_APPLIED,
						S_COL_REPAIR, S_COL_AUDIT_REF, S_COL_STRATEGY,
						S_COL_DURING_FREEZE, S_COL_AUDITED_REPAIR };
	const struct report *r = p->rep;
	struct style ok = style_of(FACE_BOLD, p->body.size, C(p, COLOR_OK));
	struct style bad = style_of(FACE_BOLD, p->body.size, C(p, COLOR_BAD));
	enum tpl_string title = r->type == REPORT_UNFREEZE ? S_SEC_FREEZE_CHANGES : S_SEC_CHANGES;
	struct table tb;

	(void)e;
	heading(p, title, r->nchanges ? 80 : 2 * lh(p, &p->body));
	if (r->type == REPORT_UNFREEZE) {
		para_at(p, &p->body, S(p, S_FREEZE_LIMITS, TPL_ZH), 0);
		para(p, &p->muted, S(p, S_FREEZE_LIMITS, TPL_EN));
		p->y -= 4;
	}
	if (!r->nchanges) {
		para(p, &p->muted, bi(p, S_NONE));
		return 0;
	}
	table_open(p, &tb, TABLE_CHANGES, title, cols, 8);
	table_begin(p, &tb);
	for (size_t i = 0; i < rows_shown(p, r->nchanges); i++) {
		const struct rep_change *c = &r->changes[i];
		struct cell cells[8];
		memset(cells, 0, sizeof(cells));
		id_cell(p, &cells[0], c->change_id, c->environment, c->bundle, c->file, c->line);
		add(&cells[1], &p->body, c->type);
		add(&cells[2], &p->body, stamp(p, c->applied_at));
		flag_cell(p, &cells[3], c->repair, NULL, c->freeze_id ? &bad : NULL);
		if (c->audit_ref)
			add(&cells[4], &p->mono, c->audit_ref);
		else
			add(&cells[4], &p->muted, bi(p, S_NOT_RECORDED));
		flag_cell(p, &cells[5], c->strategy_expansion,
			  c->strategy_expansion == 1 && c->freeze_id ? &bad : NULL,
			  c->freeze_id ? &bad : NULL);
		if (c->freeze_id)
			add(&cells[6], &p->mono, c->freeze_id);
		else
			add(&cells[6], &p->muted, bi(p, S_NO));
		/* Not an audited repair is a fault only during a freeze. */
		tri_cell(p, &cells[7], c->audited_repair,
			 c->audited_repair ? &ok : c->freeze_id ? &bad : NULL);
		table_row(p, &tb, cells);
	}
	table_end_cut(p, r->nchanges);
	return 0;
}

/* ---- section: the preflight checks ---- */

static int sec_checks(struct pdf *p, struct error *e)
{
	static const enum tpl_string cols[] = { S_COL_RULE, S_COL_RESULT, S_COL_MESSAGE,
						S_COL_EVIDENCE };
	const struct report *r = p->rep;
	struct table tb;

	(void)e;
	if (!heading_or_none(p, S_SEC_CHECKS, r->nchecks, 80))
		return 0;
	table_open(p, &tb, TABLE_PREFLIGHT, S_SEC_CHECKS, cols, 4);
	table_begin(p, &tb);
	for (size_t i = 0; i < r->nchecks; i++) {
		const struct rep_check *c = &r->checks[i];
		const struct rule_def *d = rule_find(c->rule);
		struct cell cells[4];
		struct style st;
		memset(cells, 0, sizeof(cells));
		add(&cells[0], &p->mono, c->rule);
		if (d) {
			add(&cells[0], &p->small, d->title_zh);
			add(&cells[0], &p->muted, d->title_en);
		}
		if (c->status == CHECK_NOT_JUDGED) {
			st = style_of(FACE_BOLD, p->body.size, C(p, COLOR_WAIVED));
			add(&cells[1], &st, S(p, S_CHECK_NOT_JUDGED, TPL_ZH));
			add(&cells[1], &p->muted, S(p, S_CHECK_NOT_JUDGED, TPL_EN));
		} else {
			status_cell(p, &cells[1], &st, c->status == CHECK_PASS, S_CHECK_PASS,
				    S_CHECK_FAIL);
		}
		add(&cells[2], &p->body, c->text_zh);
		add(&cells[2], &p->muted, c->text);
		add(&cells[3], &p->mono, file_line(p, c->ref.bundle, c->ref.file, c->ref.line));
		add(&cells[3], &p->mono, file_line(p, c->also.bundle, c->also.file, c->also.line));
		table_row(p, &tb, cells);
	}
	table_end(p);
	return 0;
}

/* ---- section: freezes (the active ones, for a preflight) ---- */

static int sec_freezes(struct pdf *p, struct error *e)
{
	static const enum tpl_string cols[] = { S_COL_FREEZE, S_COL_REASON_TRIGGER, S_COL_STARTED,
						S_COL_ENDED, S_COL_LIFTED };
	const struct report *r = p->rep;
	enum tpl_string title = r->type == REPORT_PREFLIGHT ? S_SEC_ACTIVE_FREEZES : S_SEC_FREEZES;
	struct table tb;

	(void)e;
	if (!heading_or_none(p, title, r->nfreezes, 80))
		return 0;
	table_open(p, &tb, TABLE_FREEZES, title, cols, 5);
	table_begin(p, &tb);
	for (size_t i = 0; i < rows_shown(p, r->nfreezes); i++) {
		const struct rep_freeze *f = &r->freezes[i];
		enum tpl_string lifted = f->ready < 0 ? S_LIFTED_ACTIVE
				       : f->ready ? S_LIFTED_MET : S_LIFTED_NOT_MET;
		struct style st = style_of(FACE_BOLD, p->body.size,
					   C(p, f->ready < 0 ? COLOR_MAJOR
						: f->ready ? COLOR_OK : COLOR_BAD));
		struct cell cells[5];
		memset(cells, 0, sizeof(cells));
		id_cell(p, &cells[0], f->freeze_id, f->environment, f->bundle, f->file, f->line);
		add(&cells[1], &p->body, f->reason);
		add(&cells[1], &p->mono, f->trigger);
		add(&cells[2], &p->body, stamp(p, f->started_at));
		if (f->ended_at)
			add(&cells[3], &p->body, stamp(p, f->ended_at));
		else
			add(&cells[3], &p->muted, bi(p, S_LIFTED_ACTIVE));
		add(&cells[4], &st, S(p, lifted, TPL_ZH));
		add(&cells[4], &p->muted, S(p, lifted, TPL_EN));
		table_row(p, &tb, cells);
	}
	table_end_cut(p, r->nfreezes);
	/* What a freeze allows (seed §8.4). */
	bullet_bi(p, S_FREEZE_LIMITS, NULL);
	return 0;
}

/* ---- section: deployments and document locks (period) ---- */

static int sec_deployments(struct pdf *p, struct error *e)
{
	static const enum tpl_string deployment_cols[] = { S_COL_DEPLOYMENT, S_COL_STATUS_OWNER,
							   S_COL_DEPLOYED, S_COL_GATE,
							   S_COL_VERIFIED };
	static const enum tpl_string lock_cols[] = { S_COL_LOCK, S_COL_EFFECTIVE,
						     S_COL_DOCUMENTS };
	const struct report *r = p->rep;
	struct style ok = style_of(FACE_BOLD, p->body.size, C(p, COLOR_OK));
	struct style bad = style_of(FACE_BOLD, p->body.size, C(p, COLOR_BAD));
	struct table tb;

	(void)e;
	heading(p, S_SEC_DEPLOYMENTS, 80);
	subheading(p, S_SUB_DEPLOYMENTS);
	if (!r->ndeployments) {
		para(p, &p->muted, bi(p, S_NONE));
	} else {
		table_open(p, &tb, TABLE_DEPLOYMENTS, S_SUB_DEPLOYMENTS, deployment_cols, 5);
		table_begin(p, &tb);
		for (size_t i = 0; i < rows_shown(p, r->ndeployments); i++) {
			const struct rep_deployment *d = &r->deployments[i];
			struct cell cells[5];
			memset(cells, 0, sizeof(cells));
			id_cell(p, &cells[0], d->deployment_id, d->environment, d->bundle, d->file,
				d->line);
			add(&cells[1], &p->body, d->status);
			add(&cells[1], &p->muted, d->owner);
			add(&cells[2], &p->body, stamp(p, d->deployed_at));
			tri_cell(p, &cells[3], d->gate_passed, d->gate_passed ? &ok : &bad);
			tri_cell(p, &cells[4], d->verified, d->verified ? &ok : &bad);
			table_row(p, &tb, cells);
		}
		table_end_cut(p, r->ndeployments);
	}
	subheading(p, S_SUB_LOCKS);
	if (!r->nlocks) {
		para(p, &p->muted, bi(p, S_NONE));
		return 0;
	}
	table_open(p, &tb, TABLE_LOCKS, S_SUB_LOCKS, lock_cols, 3);
	table_begin(p, &tb);
	for (size_t i = 0; i < rows_shown(p, r->nlocks); i++) {
		const struct rep_lock *l = &r->locks[i];
		struct cell cells[3];
		memset(cells, 0, sizeof(cells));
		id_cell(p, &cells[0], l->lock_id, NULL, l->bundle, l->file, l->line);
		add(&cells[1], &p->body, stamp(p, l->effective_at));
		add(&cells[2], &p->body, l->documents);
		table_row(p, &tb, cells);
	}
	table_end_cut(p, r->nlocks);
	return 0;
}

/* ---- section: day by day (period) ---- */

/* A day with no records and no findings: compliant for want of anything to judge (a
 * day's findings can rest on records of other days: a freeze that ends that day). */
static int quiet_day(const struct rep_day *d)
{
	return !d->records && !d->counts.total;
}

/* The days from i that one row of the table shows: a run of quiet days is one row, so
 * that a year of them leaves room for the days that hold something. */
static size_t day_run(const struct report *r, size_t i)
{
	size_t k = i + 1;

	while (quiet_day(&r->days[i]) && k < r->ndays && quiet_day(&r->days[k]))
		k++;
	return k - i;
}

static int sec_days(struct pdf *p, struct error *e)
{
	const struct report *r = p->rep;
	static const enum tpl_string cols[] = { S_COL_DATE, S_COL_VERDICT, S_COL_FINDINGS,
						S_SEV_CRITICAL, S_SEV_MAJOR, S_SEV_MINOR,
						S_SEV_WAIVED, S_COL_DAY_RECORDS };
	static const enum tpl_color col[] = { COLOR_CRITICAL, COLOR_MAJOR, COLOR_MINOR,
					      COLOR_WAIVED };
	struct table tb;
	size_t rows = 0, drawn = 0, i = 0, n;

	(void)e;
	heading(p, S_SEC_DAYS, table_start(p));
	if (!r->ndays) {
		para(p, &p->muted, bi(p, S_NONE));
		return 0;
	}
	for (size_t k = 0; k < r->ndays; k += day_run(r, k))
		rows++;
	table_open(p, &tb, TABLE_DAYS, S_SEC_DAYS, cols, 8);
	tb.right = 0xFCu;
	table_begin(p, &tb);
	for (n = 0; i < r->ndays && drawn < rows_shown(p, rows); i += n, drawn++) {
		const struct rep_day *d = &r->days[i];
		const long v[] = { d->counts.by_severity[SEV_CRITICAL],
				   d->counts.by_severity[SEV_MAJOR],
				   d->counts.by_severity[SEV_MINOR], d->counts.waived };
		struct style verdict = style_of(FACE_BOLD, p->body.size,
						C(p, d->compliant ? COLOR_OK : COLOR_BAD));
		struct style cnt[4];
		struct cell cells[8];
		n = day_run(r, i);
		memset(cells, 0, sizeof(cells));
		add(&cells[0], &p->bold, n > 1 ? tmpf(p, "%s –", d->date) : d->date);
		if (n > 1)
			add(&cells[0], &p->bold, r->days[i + n - 1].date);
		add(&cells[1], &verdict,
		    bi(p, d->compliant ? S_VERDICT_COMPLIANT : S_VERDICT_NON_COMPLIANT));
		if (n > 1) {
			const char *kv[] = { "count", num(p, (long long)n), NULL };
			add(&cells[1], &p->muted, fill(p, S_DAYS_NO_RECORDS, TPL_ZH, kv));
			add(&cells[1], &p->muted, fill(p, S_DAYS_NO_RECORDS, TPL_EN, kv));
		} else if (quiet_day(d)) {
			add(&cells[1], &p->muted, bi(p, S_NO_RECORDS));
		}
		add(&cells[7], d->records ? &p->body : &p->body_muted, num(p, d->records));
		add(&cells[2], d->counts.total ? &p->bold : &p->body_muted,
		    num(p, d->counts.total));
		for (int k = 0; k < 4; k++) {
			cnt[k] = style_of(FACE_BOLD, p->body.size, C(p, col[k]));
			add(&cells[3 + k], v[k] ? &cnt[k] : &p->body_muted, num(p, v[k]));
		}
		table_row(p, &tb, cells);
	}
	table_end_more(p, r->ndays - i); /* days, as the XML lists them */
	return 0;
}

/* ---- section: findings per rule (period) ---- */

static int sec_rules(struct pdf *p, struct error *e)
{
	static const enum tpl_string cols[] = { S_COL_RULE, S_COL_SECTION, S_COL_TOTAL,
						S_COL_DAYS, S_COL_DATES };
	const struct report *r = p->rep;
	struct table tb;
	int any = 0;

	(void)e;
	heading(p, S_SEC_RULES, table_start(p));
	table_open(p, &tb, TABLE_RULES, S_SEC_RULES, cols, 5);
	tb.right = 0xCu;
	for (size_t k = 0; k < rule_catalog_len; k++) {
		const struct rule_def *d = &rule_catalog[k];
		const long *n = r->rule_day_counts + k * r->ndays;
		const char *kv[] = { "section", d->section, NULL };
		struct buf dates = BUF_INIT;
		long total = 0, days = 0;
		struct cell cells[5];
		for (size_t i = 0; i < r->ndays; i++) {
			if (!n[i])
				continue;
			buf_addf(&dates, "%s%s (%ld)", days ? ", " : "",
				 day_label(p, r->days[i].date), n[i]);
			total += n[i];
			days++;
		}
		if (!total) {
			buf_release(&dates);
			continue;
		}
		if (!any++)
			table_begin(p, &tb);
		memset(cells, 0, sizeof(cells));
		add(&cells[0], &p->mono, d->id);
		add(&cells[0], &p->small, d->title_zh);
		add(&cells[0], &p->muted, d->title_en);
		add(&cells[1], &p->body, fill(p, S_SECTION_REF, TPL_EN, kv));
		add(&cells[2], &p->bold, num(p, total));
		add(&cells[3], &p->body, num(p, days));
		add(&cells[4], &p->small, tmp_keep(p, buf_detach(&dates)));
		table_row(p, &tb, cells);
	}
	if (any)
		table_end(p);
	else
		para(p, &p->muted, bi(p, S_NONE));
	return 0;
}

/* ---- section: findings per day, the chart (period) ---- */

#define CHART_H 110.0f  /* height of the plot */
#define MIN_PITCH 5.0f  /* the narrowest slot of a bar before days are added up in bins */
#define MAX_PITCH 36.0f /* the widest */

/* One bar: the findings of `ndays` days from day `first`, by severity and waived (in the
 * order they are stacked from the axis up), and whether any of the days failed. */
struct bar {
	size_t first, ndays;
	long v[4], total;
	int bad;
};

/* A gridline step of 1, 2 or 5 times a power of ten, giving at most four lines. */
static long grid_step(long max)
{
	for (long m = 1;; m *= 10)
		for (int k = 0; k < 3; k++) {
			static const long f[] = { 1, 2, 5 };
			if (f[k] * m * 4 >= max || m > LONG_MAX / 50)
				return f[k] * m;
		}
}

static int sec_chart(struct pdf *p, struct error *e)
{
	const struct report *r = p->rep;
	static const enum tpl_color col[] = { COLOR_CRITICAL, COLOR_MAJOR, COLOR_MINOR,
					      COLOR_WAIVED };
	static const enum tpl_string sev[] = { S_SEV_CRITICAL, S_SEV_MAJOR, S_SEV_MINOR,
					       S_SEV_WAIVED };
	const float row = lh(p, &p->small) + 3, strip = 5;
	size_t bin = 1, nb, every;
	struct bar *bars;
	int good = 0, bad = 0;
	long max = 0, step, top;
	float axis_w, x0, pitch, ytop, ybase, ylab, x, plot_h;
	const char *l;

	(void)e;
	if (!r->ndays)
		return 0;
	/* Days, or bins of whole weeks when a day would get less than MIN_PITCH. */
	axis_w = measure(p, &p->small, "00000", 5) + 6;
	while ((float)((r->ndays + bin - 1) / bin) * MIN_PITCH > p->width - axis_w &&
	       bin < r->ndays)
		bin = bin == 1 ? 7 : bin + 7;
	nb = (r->ndays + bin - 1) / bin;
	bars = xcalloc(nb, sizeof(*bars));
	for (size_t i = 0; i < r->ndays; i++) {
		const struct rep_day *d = &r->days[i];
		struct bar *b = &bars[i / bin];
		if (!b->ndays++)
			b->first = i;
		b->v[0] += d->counts.by_severity[SEV_CRITICAL];
		b->v[1] += d->counts.by_severity[SEV_MAJOR];
		b->v[2] += d->counts.by_severity[SEV_MINOR];
		b->v[3] += d->counts.waived;
		b->bad |= !d->compliant;
	}
	for (size_t i = 0; i < nb; i++) {
		bars[i].total = bars[i].v[0] + bars[i].v[1] + bars[i].v[2] + bars[i].v[3];
		max = bars[i].total > max ? bars[i].total : max;
		good |= !bars[i].bad;
		bad |= bars[i].bad;
	}
	step = grid_step(max ? max : 1);
	top = ((max ? max : 1) + step - 1) / step * step;
	l = num(p, top);
	axis_w = measure(p, &p->small, l, strlen(l)) + 6;
	x0 = p->left + axis_w;
	pitch = (p->right - x0) / (float)nb;
	pitch = pitch > MAX_PITCH ? MAX_PITCH : pitch;

	/* A period without findings has no bars to scale: the plot is one line high, with
	 * its note in it and no gridline but 0. */
	plot_h = max ? CHART_H : row + 4;
	heading(p, S_SEC_CHART, (bin > 1 ? 2 * lh(p, &p->small) : 0) + row + plot_h + strip +
					4 * row + 8);
	if (bin > 1) {
		const char *kv[] = { "days", num(p, (long long)bin), "from", r->from, NULL };
		para_at(p, &p->small, fill(p, S_CHART_BIN, TPL_ZH, kv), 0);
		para(p, &p->muted, fill(p, S_CHART_BIN, TPL_EN, kv));
	}
	ytop = p->y - row;
	ybase = ytop - plot_h;
#define Y(v) (ybase + (float)((double)(v) / (double)top) * plot_h)

	/* Gridlines and their values. */
	for (long v = 0; v <= (max ? top : 0); v += step) {
		const HPDF_UINT16 dash[] = { 1, 2 };
		l = num(p, v);
		show_str(p, x0 - 4 - measure(p, &p->small, l, strlen(l)),
			 Y(v) - p->small.size * 0.35f, &p->muted, l);
		if (!v)
			continue;
		stroke_color(p, C(p, COLOR_RULE));
		HPDF_Page_SetLineWidth(p->page, 0.5f);
		HPDF_Page_SetDash(p->page, dash, 2, 0);
		HPDF_Page_MoveTo(p->page, x0, Y(v));
		HPDF_Page_LineTo(p->page, x0 + pitch * (float)nb, Y(v));
		HPDF_Page_Stroke(p->page);
		HPDF_Page_SetDash(p->page, NULL, 0, 0);
	}
	/* The bars, stacked from the axis up; the total above each when it fits. */
	for (size_t i = 0; i < nb; i++) {
		const struct bar *b = &bars[i];
		float bx = x0 + pitch * (float)i + pitch * 0.15f, bw = pitch * 0.7f;
		long acc = 0;
		for (int k = 0; k < 4; k++) {
			if (!b->v[k])
				continue;
			rect(p, bx, Y(acc), bw, Y(acc + b->v[k]) - Y(acc), C(p, col[k]));
			acc += b->v[k];
		}
		l = num(p, b->total);
		if (b->total && measure(p, &p->small, l, strlen(l)) + 1 < pitch)
			show_str(p, bx + bw / 2 - measure(p, &p->small, l, strlen(l)) / 2,
				 Y(b->total) + 2, &p->small, l);
		/* The verdict band under the axis. */
		rect(p, x0 + pitch * (float)i + (pitch > 3 ? 0.5f : 0), ybase - 2 - strip,
		     pitch > 3 ? pitch - 1 : pitch, strip, C(p, b->bad ? COLOR_BAD : COLOR_OK));
	}
	hline(p, x0, x0 + pitch * (float)nb, ybase, 0.8f, C(p, COLOR_TEXT));
	/* Dates under the band: every day, or every 2nd, 7th, 14th... (every 2nd, 4th... bin)
	 * so that they do not touch. */
	l = day_label(p, r->days[0].date);
	for (every = 1; (float)every * pitch < measure(p, &p->small, l, strlen(l)) + 6;)
		every = bin > 1 || every < 2 ? every * 2 : every == 2 ? 7 : every * 2;
	ylab = ybase - 2 - strip - 2 - p->small.size;
	for (size_t i = 0; i < nb; i += every) {
		float w;
		l = day_label(p, r->days[bars[i].first].date);
		w = measure(p, &p->small, l, strlen(l));
		x = x0 + pitch * ((float)i + 0.5f) - w / 2;
		x = x < p->left ? p->left : x + w > p->right ? p->right - w : x;
		show_str(p, x, ylab, &p->muted, l);
	}
	if (!max)
		show_str(p, x0 + 8, ybase + 4, &p->muted, bi(p, S_CHART_EMPTY));
#undef Y
	free(bars);

	/* The legend: the stacked severities, then the verdict band's colours that occur. */
	p->y = ylab - row;
	x = p->left;
	for (int k = 0; k < 4 + 3; k++) {
		const char *t;
		float w;
		if ((k == 5 && !good) || (k == 6 && !bad))
			continue;
		if (k == 4) {
			t = bi(p, S_CHART_STRIP);
			w = measure(p, &p->small, t, strlen(t));
			if (x + w > p->right) {
				p->y -= row;
				x = p->left;
			}
			show_str(p, x + 6, p->y, &p->muted, t);
			x += w + 6 + 8;
			continue;
		}
		w = legend_item(p, 0, 0, NULL, NULL, 0,
				k < 4 ? sev[k] : k == 5 ? S_VERDICT_COMPLIANT
							: S_VERDICT_NON_COMPLIANT, 1);
		if (x + w > p->right) {
			p->y -= row;
			x = p->left;
		}
		legend_item(p, x, p->y,
			    C(p, k < 4 ? col[k] : k == 5 ? COLOR_OK : COLOR_BAD), NULL, 0,
			    k < 4 ? sev[k] : k == 5 ? S_VERDICT_COMPLIANT
						: S_VERDICT_NON_COMPLIANT, 0);
		x += w + 12;
	}
	p->y -= row + 4;
	tmp_clear(p);
	return 0;
}

/* ---- the sections a template may list ---- */

static const struct section {
	const char *name;
	int (*render)(struct pdf *p, struct error *e);
} sections[] = {
	{ "summary", sec_summary },	    { "timeline", sec_timeline },
	{ "execution", sec_execution },	    { "incidents", sec_incidents },
	{ "alerts", sec_alerts },	    { "integrity", sec_integrity },
	{ "findings", sec_findings },	    { "waivers", sec_waivers },
	{ "conditions", sec_conditions },   { "changes", sec_changes },
	{ "checks", sec_checks },	    { "freezes", sec_freezes },
	{ "chart", sec_chart },		    { "days", sec_days },
	{ "rules", sec_rules },		    { "deployments", sec_deployments },
	{ "inputs", sec_inputs },
};

static const struct section *find_section(const char *name)
{
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
		if (!strcmp(sections[i].name, name))
			return &sections[i];
	return NULL;
}

static const char *type_key(enum report_type t)
{
	switch (t) {
	case REPORT_PERIOD:
		return "period";
	case REPORT_UNFREEZE:
		return "unfreeze";
	case REPORT_PREFLIGHT:
		return "preflight";
	default:
		return "review";
	}
}

/* ---- headers and footers, once every page exists ---- */

static void decorate(struct pdf *p)
{
	const struct report *r = p->rep;
	const struct template *t = p->t;
	enum tpl_string title = title_id(r), day = r->type == REPORT_PERIOD ? S_PERIOD
						   : r->type == REPORT_UNFREEZE ? S_FREEZE
										: S_DAY;
	float top = t->page_height - t->margin_top, bot = t->margin_bottom;
	char pages[40], page[40];

	fmt_num(pages, (long long)p->npages);
	for (size_t i = 0; i < p->npages; i++) {
		const char *kv[] = { "page", page, "pages", pages, NULL };
		const char *right, *pg, *cat, *sha_label;
		float y = top + 14, w;

		fmt_num(page, (long long)i + 1);
		p->page = p->pages[i];
		/* Header: the report type; its day, period or freeze, and environment. */
		float wz = measure(p, &p->header_bold, S(p, title, TPL_ZH),
				   strlen(S(p, title, TPL_ZH)));
		w = wz + 4 + measure(p, &p->header, S(p, title, TPL_EN), strlen(S(p, title, TPL_EN)));
		/* A freeze ID too long for the room beside the title is cut, with "…", at a
		 * character: the page one facts and the XML hold it whole. */
		const char *what = r->type != REPORT_UNFREEZE ? day_text(p)
				   : r->unfreeze->freeze_id   ? r->unfreeze->freeze_id
							      : "";
		size_t keep = strlen(what);
		for (;;) {
			right = tmpf(p, "%s %s %.*s%s    %s %s %s", S(p, day, TPL_ZH),
				     S(p, day, TPL_EN), (int)keep, what,
				     keep < strlen(what) ? "…" : "", S(p, S_ENVIRONMENT, TPL_ZH),
				     S(p, S_ENVIRONMENT, TPL_EN), env_label(p, r->environment, TPL_EN));
			if (!keep || w + 12 + measure(p, &p->header_bold, right, strlen(right)) <=
					     p->right - p->left)
				break;
			do
				keep--;
			while (keep && ((unsigned char)what[keep] & 0xC0) == 0x80);
		}
		{
			/* both sides smaller when a site's wording leaves no room between them */
			float wr = measure(p, &p->header_bold, right, strlen(right));
			float k = shrink(w + 12 + wr, p->right - p->left, 0.25f);
			struct style hb = scaled(&p->header_bold, k), hr = scaled(&p->header, k);
			show_str(p, p->left, y, &hb, S(p, title, TPL_ZH));
			show_str(p, p->left + (wz + 4) * k, y, &hr, S(p, title, TPL_EN));
			show_str(p, p->right - wr * k, y, &hb, right);
		}
		hline(p, p->left, p->right, y - 5, 0.6f, C(p, COLOR_RULE));

		/* Footer: page X of Y, the catalog version, the XML's SHA-256. */
		hline(p, p->left, p->right, bot - 10, 0.6f, C(p, COLOR_RULE));
		pg = tmpf(p, "%s    %s", fill(p, S_PAGE_OF, TPL_ZH, kv),
			  fill(p, S_PAGE_OF, TPL_EN, kv));
		cat = tmpf(p, "%s %s %s", S(p, S_CATALOG, TPL_ZH), S(p, S_CATALOG, TPL_EN),
			   TAITS_CATALOG_VERSION);
		{
			float wp = measure(p, &p->header_bold, pg, strlen(pg));
			float wc = measure(p, &p->header, cat, strlen(cat));
			float k = shrink(wp + 12 + wc, p->right - p->left, 0.25f);
			struct style fb = scaled(&p->header_bold, k), fr = scaled(&p->header, k);
			show_str(p, p->left, bot - 10 - 10, &fb, pg);
			show_str(p, p->right - wc * k, bot - 20, &fr, cat);
		}
		sha_label = tmpf(p, "%s %s", S(p, S_XML_SHA, TPL_ZH), S(p, S_XML_SHA, TPL_EN));
		show_str(p, p->left, bot - 30, &p->header, sha_label);
		{
			struct style mono = style_of(FACE_MONO, t->size[SIZE_HEADER],
						     C(p, COLOR_MUTED));
			const struct style *st = p->xml_sha256 ? &mono : &p->header;
			const char *v = p->xml_sha256 ? p->xml_sha256 : bi(p, S_XML_NONE);
			float lw = measure(p, &p->header, sha_label, strlen(sha_label));
			w = measure(p, st, v, strlen(v));
			/* Beside its label, or under it on a narrow page. */
			if (lw + 8 + w <= p->width)
				show_str(p, p->right - w, bot - 30, st, v);
			else
				show_str(p, p->left, bot - 39, st, v);
		}
		tmp_clear(p);
	}
}

/* ---- the document ---- */

static void on_error(HPDF_STATUS code, HPDF_STATUS detail, void *data)
{
	struct hpdf_error *h = data;

	if (!h->code) {
		h->code = code;
		h->detail = detail;
	}
}

static const char *hpdf_reason(HPDF_STATUS code)
{
	switch (code) {
	case HPDF_FAILD_TO_ALLOC_MEM:
		return ": out of memory";
	case HPDF_FILE_IO_ERROR:
		return ": write error";
	case HPDF_FILE_OPEN_ERROR:
		return ": cannot create the file";
	case HPDF_INVALID_TTC_INDEX:
		return ": no such face in the font collection (layout.font.index)";
	case HPDF_INVALID_TTC_FILE:
	case HPDF_TTF_INVALID_FOMAT:
	case HPDF_TTF_MISSING_TABLE:
		return ": the font is not a TrueType font libharu can read (layout.font.file)";
	case HPDF_TTF_CANNOT_EMBEDDING_FONT:
		return ": the font's licence forbids embedding";
	case HPDF_INVALID_FONT_NAME:
		return ": not a base-14 font name (layout.latin, latin_bold or mono)";
	default:
		return "";
	}
}

/* The creation date: the audited day's local midnight, or SOURCE_DATE_EPOCH (UTC). */
static int set_dates(struct pdf *p, struct error *e)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	HPDF_Date d;
	int64_t day, y;
	int sec, m, dd, off;

	memset(&d, 0, sizeof(d));
	if (sde && *sde) {
		char *end;
		long long v;
		errno = 0;
		v = strtoll(sde, &end, 10);
		if (errno || *end || v < 0 || v > 253402300799LL)
			return error_set(e, EXIT_USAGE, "report",
					 "SOURCE_DATE_EPOCH '%s' is not a number of seconds", sde);
		day = v / 86400;
		sec = (int)(v % 86400);
		d.ind = 'Z';
	} else {
		tz_local_day(p->rep->day_start, &day, &sec);
		off = tz_offset_at(p->rep->day_start);
		d.ind = off < 0 ? '-' : '+';
		d.off_hour = (off < 0 ? -off : off) / 60;
		d.off_minutes = (off < 0 ? -off : off) % 60;
	}
	civil_from_days(day, &y, &m, &dd);
	d.year = (HPDF_INT)y;
	d.month = m;
	d.day = dd;
	d.hour = sec / 3600;
	d.minutes = sec / 60 % 60;
	d.seconds = sec % 60;
	HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_CREATION_DATE, d);
	HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_MOD_DATE, d);
	return 0;
}

static void set_styles(struct pdf *p)
{
	const struct template *t = p->t;
	const struct tpl_rgb *text = C(p, COLOR_TEXT), *muted = C(p, COLOR_MUTED);

	p->body = style_of(FACE_REGULAR, t->size[SIZE_BODY], text);
	p->body_muted = style_of(FACE_REGULAR, t->size[SIZE_BODY], muted);
	p->bold = style_of(FACE_BOLD, t->size[SIZE_BODY], text);
	p->small = style_of(FACE_REGULAR, t->size[SIZE_SMALL], text);
	p->small_bold = style_of(FACE_BOLD, t->size[SIZE_SMALL], text);
	p->muted = style_of(FACE_REGULAR, t->size[SIZE_SMALL], muted);
	p->mono = style_of(FACE_MONO, t->size[SIZE_MONO], text);
	p->mono_muted = style_of(FACE_MONO, t->size[SIZE_MONO], muted);
	p->heading = style_of(FACE_BOLD, t->size[SIZE_HEADING], text);
	p->heading_en = style_of(FACE_REGULAR, t->size[SIZE_HEADING], muted);
	p->sub = style_of(FACE_BOLD, t->size[SIZE_SUBHEADING], text);
	p->sub_en = style_of(FACE_REGULAR, t->size[SIZE_SUBHEADING], muted);
	p->title = style_of(FACE_BOLD, t->size[SIZE_TITLE], text);
	p->title_en = style_of(FACE_REGULAR, t->size[SIZE_TITLE], muted);
	p->header = style_of(FACE_REGULAR, t->size[SIZE_HEADER], muted);
	p->header_bold = style_of(FACE_BOLD, t->size[SIZE_HEADER], muted);
	p->verdict = style_of(FACE_BOLD, t->size[SIZE_VERDICT], C(p, COLOR_ON_VERDICT));
	p->on_verdict = style_of(FACE_REGULAR, t->size[SIZE_BODY], C(p, COLOR_ON_VERDICT));
}

/* Sets up the document: compression, the UTF-8 encoder, the fonts, the metadata.
 * Returns -1 with *e set for an error of ours; libharu's errors are left in p->herr. */
static int setup(struct pdf *p, struct error *e)
{
	const struct template *t = p->t;
	const char *base[NFACES] = { t->latin, t->latin_bold, t->mono };
	const char *name;
	enum tpl_string title = title_id(p->rep);

	HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(p->doc);
	HPDF_SetCurrentEncoder(p->doc, "UTF-8");
	name = HPDF_LoadTTFontFromFile2(p->doc, t->font_file, (HPDF_UINT)t->font_index,
					HPDF_TRUE);
	if (!name || !(p->cjk = HPDF_GetFont(p->doc, name, "UTF-8")))
		return 0; /* the error handler has the reason */
	for (int f = 0; f < NFACES; f++)
		if (base[f] && !(p->latin[f] = HPDF_GetFont(p->doc, base[f], "WinAnsiEncoding")))
			return 0;
	for (int f = 0; f < NFACES; f++)
		for (int c = 0; c < 128; c++)
			p->latin_w[f][c] = -1;
	p->cjk_w = xmalloc(65536 * sizeof(*p->cjk_w));
	memset(p->cjk_w, 0xFF, 65536 * sizeof(*p->cjk_w));
	p->cjk_has = xcalloc(65536, 1);
	p->cjk_def = HPDF_GetFontDef(p->doc, name);
	HPDF_SetInfoAttr(p->doc, HPDF_INFO_TITLE,
			 tmpf(p, "%s %s %s %s", S(p, title, TPL_ZH), S(p, title, TPL_EN),
			      day_text(p), p->rep->environment));
	HPDF_SetInfoAttr(p->doc, HPDF_INFO_CREATOR, "taits-audit " TAITS_VERSION);
	tmp_clear(p);
	if (set_dates(p, e))
		return -1;
	p->left = t->margin_left;
	p->right = t->page_width - t->margin_right;
	p->width = p->right - p->left;
	p->top = t->page_height - t->margin_top;
	p->bottom = t->margin_bottom;
	set_styles(p);
	return 0;
}

int report_pdf_write(const struct report *rep, const struct outfile *of,
		     const char *xml_sha256, struct error *e)
{
	struct template *t = NULL;
	struct pdf p;
	const char *path = of->path;
	const char *const *names;
	size_t nnames;
	int rc = -1, err = 0;

	memset(&p, 0, sizeof(p));
	if (template_load(&t, e))
		goto out;
	if (!(names = template_sections(t, type_key(rep->type), &nnames))) {
		error_at(e, EXIT_USAGE, "template", template_name(t), 0, 0, "sections",
			 "no sections listed for %s reports", type_key(rep->type));
		goto out;
	}
	for (size_t i = 0; i < nnames; i++)
		if (!find_section(names[i])) {
			struct buf known = BUF_INIT;
			for (size_t k = 0; k < sizeof(sections) / sizeof(sections[0]); k++)
				buf_addf(&known, "%s%s", k ? ", " : "", sections[k].name);
			error_at(e, EXIT_USAGE, "template", template_name(t), 0, 0, "sections",
				 "unknown section '%s' (known: %s)", names[i], known.data);
			buf_release(&known);
			goto out;
		}
	if (access(t->font_file, R_OK) != 0) {
		error_at(e, EXIT_IO, "report", t->font_file, 0, 0, NULL,
			 "cannot read the report font: %s (install the Debian package"
			 " fonts-arphic-uming, or name a TrueType font in the template's"
			 " layout.font.file)",
			 strerror(errno));
		goto out;
	}
	p.t = t;
	p.rep = rep;
	p.xml_sha256 = xml_sha256;
	for (size_t i = 1; i < rep->ninputs && !p.bundles; i++)
		p.bundles = !same_env(rep->inputs[i].bundle, rep->inputs[0].bundle);
	if (p.bundles)
		label_bundles(&p);
	p.day = INT64_MIN;
	if (rep->type != REPORT_PERIOD) {
		int sec;
		tz_local_day(rep->day_start, &p.day, &sec);
	}
	if (!(p.doc = HPDF_New(on_error, &p.herr))) {
		error_at(e, EXIT_IO, "report", path, 0, 0, NULL,
			 "cannot write the PDF: libharu could not start");
		goto out;
	}
	if (setup(&p, e))
		goto out;
	if (!p.herr.code) {
		new_page(&p);
		for (size_t i = 0; i < nnames && !p.herr.code; i++)
			if (find_section(names[i])->render(&p, e))
				goto out;
		if (p.missing && !p.herr.code) {
			const char *kv[] = { "count", num(&p, p.missing), NULL };
			p.y -= GAP;
			need(&p, 2 * lh(&p, &p.muted));
			para_at(&p, &p.muted, fill(&p, S_GLYPHS_MISSING, TPL_ZH, kv), 0);
			para(&p, &p.muted, fill(&p, S_GLYPHS_MISSING, TPL_EN, kv));
		}
		if (!p.herr.code)
			decorate(&p);
		if (!p.herr.code) {
			errno = 0;
			HPDF_SaveToFile(p.doc, of->name);
			err = errno;
		}
	}
	if (p.herr.code) {
		/* a write that failed inside a compressed stream is a zlib error whose detail
		 * is the file error: say what the file said (a full disk) */
		HPDF_STATUS why = p.herr.code;
		if (why == HPDF_ZLIB_ERROR && (p.herr.detail == HPDF_FILE_IO_ERROR ||
					       p.herr.detail == HPDF_FILE_OPEN_ERROR))
			why = p.herr.detail;
		int file_error = (why == HPDF_FILE_OPEN_ERROR || why == HPDF_FILE_IO_ERROR) && err;
		error_at(e, EXIT_IO, "report", path, 0, 0, NULL,
			 "cannot write the PDF: libharu error 0x%04X (detail %u)%s%s%s",
			 (unsigned)p.herr.code, (unsigned)p.herr.detail, hpdf_reason(why),
			 file_error ? ": " : "", file_error ? strerror(err) : "");
		goto out;
	}
	rc = 0;
out:
	if (p.doc)
		HPDF_Free(p.doc);
	tmp_clear(&p);
	free(p.tmp);
	free(p.pages);
	free(p.cjk_w);
	free(p.cjk_has);
	free(p.labels);
	buf_release(&p.run);
	template_free(t);
	return rc;
}
