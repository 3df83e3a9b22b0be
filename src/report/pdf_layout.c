/*
 * pdf_layout.c - the drawing kit of the PDF writer: strings that live until their row is
 * drawn, numbers and times as the template writes them, citations of a file and line,
 * text measured, wrapped and drawn, the page cursor, headings and paragraphs, and tables
 * whose rows wrap and continue on the next page under their header.
 */
#define _XOPEN_SOURCE 700 /* wcwidth() */
#include "pdf_internal.h"

#include <hpdf_fontdef.h> /* HPDF_TTFontDef_GetGlyphid */
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "../util/timeutil.h"
#include "../util/utf8.h"

/* ---- strings that live until the current row or paragraph is drawn ---- */

const char *tmp_keep(struct pdf *p, char *s)
{
	GROW(p->tmp, p->ntmp, p->cap_tmp);
	p->tmp[p->ntmp++] = s;
	return s;
}

void tmp_clear(struct pdf *p)
{
	for (size_t i = 0; i < p->ntmp; i++)
		free(p->tmp[i]);
	p->ntmp = 0;
}

const char *tmpf(struct pdf *p, const char *fmt, ...) PRINTF_LIKE(2, 3);

const char *tmpf(struct pdf *p, const char *fmt, ...)
{
	struct buf s = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&s, fmt, ap);
	va_end(ap);
	return tmp_keep(p, buf_detach(&s));
}

/* 4317 -> "4,317" */
void fmt_num(char out[40], long long v)
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

const char *num(struct pdf *p, long long v)
{
	char out[40];

	fmt_num(out, v);
	return tmp_keep(p, xstrdup(out));
}

/* A template string with {name} replaced from kv (name, value, ..., NULL). */
const char *fill(struct pdf *p, enum tpl_string id, enum tpl_lang lang,
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
const char *bi(struct pdf *p, enum tpl_string id)
{
	return tmpf(p, "%s %s", S(p, id, TPL_ZH), S(p, id, TPL_EN));
}

/* "{files} input file(s) holding {records} record(s), {rejected} rejected", in one language. */
const char *inputs_line(struct pdf *p, enum tpl_lang lang)
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
const char *when(struct pdf *p, int64_t us)
{
	int64_t day;
	int sec;

	tz_local_day(us, &day, &sec);
	return when_at(p, us, day != p->day);
}

/* Always with the date: for reports whose records span days. */
const char *stamp(struct pdf *p, int64_t us)
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
void label_bundles(struct pdf *p)
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

const char *file_line(struct pdf *p, const char *bundle, const char *file, long line)
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
	/* a copy: the caller's text may be a row of a statement stepped before it is drawn */
	return line > 0 ? tmpf(p, "%s:%ld", file, line) : tmpf(p, "%s", file);
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

/* Whether cp takes no width of its own: a combining mark (drawn beside its letter, not
 * on it: "é" written e and U+0301 read "e´") or a format character (U+200D, a
 * bidirectional control: drawn as a labelled box), as the C library's Unicode tables
 * have it. */
static int zero_width(const struct pdf *p, unsigned cp)
{
	locale_t utf8 = p->rep->t->utf8, old;
	int w;

	if (!utf8)
		return 0;
	old = uselocale(utf8);
	w = wcwidth((wchar_t)cp);
	uselocale(old);
	return w == 0;
}

/* The byte of c in WinAnsiEncoding, the Latin fonts' encoding, or 0 when it has none:
 * ASCII, Latin-1's letters and signs (café, naïve, Müller), and the typographer's marks
 * of 0x80-0x9F (curly quotes, dashes, the euro sign). Drawn in the CJK font, such a
 * letter came out full width in the middle of a word: "caf é". */
static unsigned char winansi(unsigned c)
{
	static const unsigned short high[32] = {
		0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
		0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
		0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
		0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
	};

	if ((c >= 0x20 && c < 0x7F) || (c >= 0xA0 && c <= 0xFF))
		return (unsigned char)c;
	if (c > 0x2122) /* the highest of them: CJK text is not searched */
		return 0;
	for (unsigned i = 0; c > 0xFF && i < 32; i++)
		if (high[i] == c)
			return (unsigned char)(0x80 + i);
	return 0;
}

/* The character drawn for cp: tabs and CRs as spaces, another control character as
 * U+FFFD, and one the CJK font has no glyph for (Hangul, emoji, a character beyond the
 * BMP, which libharu's UTF-8 encoder cannot map) or cannot draw as written (a character
 * of no width) as '?', which the Latin font draws: an empty box would say nothing, and
 * the note at the end counts them. */
static unsigned shown(struct pdf *p, unsigned cp)
{
	if (cp == '\t' || cp == '\r')
		return ' ';
	if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
		cp = 0xFFFD;
	if (cp < 0x7F || winansi(cp))
		return cp; /* the Latin fonts have it */
	if (cp > 0xFFFF)
		return '?';
	if (!p->cjk_has[cp])
		p->cjk_has[cp] = zero_width(p, cp) ||
					 (p->cjk_def &&
					  !HPDF_TTFontDef_GetGlyphid(p->cjk_def, (HPDF_UINT16)cp))
				 ? 2
				 : 1;
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
	return p->latin[f] && winansi(c);
}

/* Advance width of a shown character, in 1/1000 em. */
static float glyph_w(struct pdf *p, enum face f, unsigned c)
{
	char u[4];

	if (is_latin(p, f, c)) {
		unsigned char b = winansi(c);
		if (p->latin_w[f][b] < 0) {
			HPDF_TextWidth tw;
			u[0] = (char)b;
			tw = HPDF_Font_TextWidth(p->latin[f], (const HPDF_BYTE *)u, 1);
			p->latin_w[f][b] = (float)tw.width;
		}
		return p->latin_w[f][b];
	}
	if (p->cjk_w[c] == UINT16_MAX) {
		HPDF_UINT w = HPDF_Font_TextWidth(p->cjk, (const HPDF_BYTE *)u,
						  (HPDF_UINT)encode(c, u)).width;
		p->cjk_w[c] = (uint16_t)(w < UINT16_MAX ? w : UINT16_MAX - 1);
	}
	return p->cjk_w[c];
}

float measure(struct pdf *p, const struct style *st, const char *s, size_t n)
{
	float w = 0;
	unsigned cp;

	for (size_t i = 0, k; i < n; i += k) {
		k = u8(s + i, n - i, &cp);
		w += glyph_w(p, st->face, shown(p, cp));
	}
	return w * st->size / 1000;
}

/* s, or as much of it as fits in room with "…" after it, cut at a character. A new
 * string lives until the next tmp_clear(). */
const char *fit_width(struct pdf *p, const struct style *st, const char *s, float room)
{
	size_t n = strlen(s), starts[1025], nstarts = 0, lo = 0, hi;
	float dots;

	if (measure(p, st, s, n) <= room)
		return s;
	dots = measure(p, st, "…", strlen("…")); /* only now: a glyph measured is embedded */
	/* the characters' starts in the first KB (no glyph is narrower than a page's
	 * 1/1024): prefixes are measured whole characters at a time */
	for (size_t i = 0; i <= n && i <= 1024 && nstarts < 1025; i++)
		if (i == n || ((unsigned char)s[i] & 0xC0) != 0x80)
			starts[nstarts++] = i;
	hi = nstarts - 1;
	while (lo < hi) { /* the most characters that fit beside the dots */
		size_t mid = lo + (hi - lo + 1) / 2;
		if (measure(p, st, s, starts[mid]) + dots <= room)
			lo = mid;
		else
			hi = mid - 1;
	}
	return tmpf(p, "%.*s…", (int)starts[lo], s);
}

/* How much smaller text of width w must be drawn to fit in room: a factor from 1 down to
 * `least`, no smaller (a site's template may hold long strings; a line that still does
 * not fit at that size runs on). */
float shrink(float w, float room, float least)
{
	float k = w > room && w > 0 ? room / w : 1;

	return k < least ? least : k;
}

struct style scaled(const struct style *st, float k)
{
	struct style s = *st;

	s.size *= k;
	return s;
}

float lh(const struct pdf *p, const struct style *st)
{
	return st->size * p->t->line_spacing;
}

/* From the top of a line box to its baseline. */
float base(const struct pdf *p, const struct style *st)
{
	return (lh(p, st) - st->size) / 2 + st->size * 0.84f;
}

void fill_color(struct pdf *p, const struct tpl_rgb *c)
{
	HPDF_Page_SetRGBFill(p->page, c->r, c->g, c->b);
}

void stroke_color(struct pdf *p, const struct tpl_rgb *c)
{
	HPDF_Page_SetRGBStroke(p->page, c->r, c->g, c->b);
}

/* libharu refuses a string of more than 65,535 bytes (error 0x105B), and a record may
 * hold a field of a megabyte: a run is drawn in pieces of at most RUN_BYTES. */
#define RUN_BYTES 4096

/* Draws s[0..n) with its baseline at (x, y), switching fonts between Latin and CJK runs.
 * The CJK font has no bold face: bold CJK is filled and stroked. What would fall past the
 * page's right edge is not drawn. */
void show(struct pdf *p, float x, float y, const struct style *st, const char *s,
	  size_t n)
{
	HPDF_Page pg = p->page;
	int mode = -1;

	if (!n || x > p->t->page_width)
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
			if (is_latin(p, st->face, c) != latin || p->run.len >= RUN_BYTES)
				break;
			p->missing += c == '?' && cp != '?';
			w += glyph_w(p, st->face, c);
			if (latin) /* the Latin fonts' encoding, a byte a character */
				buf_addc(&p->run, (char)winansi(c));
			else if (c == cp)
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
		if (x > p->t->page_width)
			break;
	}
	HPDF_Page_EndText(pg);
}

void show_str(struct pdf *p, float x, float y, const struct style *st, const char *s)
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

static int is_digit(unsigned c)
{
	return c >= '0' && c <= '9';
}

/* Whether a line may break between prev and c (before2 the character before prev): 3 a
 * good place (after a space, beside a CJK character), 2 after '/', 1 a last resort (after
 * - _ . , : = ;, but not a ':' or '.' between digits, and before the sign of a time's
 * offset), 0 not here. A time is so broken before its offset, never inside its clock or
 * its offset: "…09:10:05.001" then "+08:00", not "…+08:" then "00". */
static int break_at(unsigned before2, unsigned prev, unsigned c)
{
	if (c == ' ' || no_start(c) || no_end(prev))
		return 0;
	if (prev == ' ' || prev >= 0x2E80 || c >= 0x2E80)
		return 3;
	if (prev == '/')
		return 2;
	if ((c == '+' || c == '-') && is_digit(prev))
		return 1;
	if ((prev == ':' || prev == '.') && is_digit(before2) && is_digit(c))
		return 0;
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

/* The most bytes of one text a PDF draws: a record may hold a value of a megabyte, which
 * drawn whole ran over 600 pages (and libharu holds every page until the document is
 * saved). A longer text is drawn up to a character boundary there, then the value_cut
 * note; the XML report holds it whole. */
#define VALUE_MAX_BYTES 4096

/* Appends the lines of s wrapped to `width` points, cut at VALUE_MAX_BYTES when `may_cut`.
 * Breaks only between characters. */
static void wrap_text(struct pdf *p, const struct style *st, const char *s, float width,
		      struct lines *out, int may_cut)
{
	size_t n = s ? strlen(s) : 0, start = 0, i = 0, brk[4] = { 0, 0, 0, 0 };
	unsigned prev = 0, before2 = 0;
	float w = 0;
	int cut = may_cut && n > VALUE_MAX_BYTES;

	if (cut)
		for (n = VALUE_MAX_BYTES; n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80; n--)
			;

	while (i < n) {
		unsigned cp, c;
		size_t k = u8(s + i, n - i, &cp);
		float cw;

		if (cp == '\n') {
			emit(p, out, st, s, start, i);
			start = i += k;
			w = 0;
			brk[1] = brk[2] = brk[3] = 0;
			prev = before2 = 0;
			continue;
		}
		c = shown(p, cp);
		if (i > start) {
			int b = break_at(before2, prev, c);
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
				before2 = prev;
				prev = c;
				continue;
			}
			w = measure(p, st, s + start, i - start);
			continue; /* place the character at i again */
		}
		w += cw;
		before2 = prev;
		prev = c;
		i += k;
	}
	if (start < n)
		emit(p, out, st, s, start, n);
	if (cut) { /* the note is the template's: a site's may be long, and is not cut */
		wrap_text(p, st, S(p, S_VALUE_CUT, TPL_ZH), width, out, 0);
		wrap_text(p, st, S(p, S_VALUE_CUT, TPL_EN), width, out, 0);
	}
}

/* Appends the lines of s wrapped to `width` points: at most its first VALUE_MAX_BYTES,
 * then the value_cut note. Breaks only between characters. */
void wrap(struct pdf *p, const struct style *st, const char *s, float width,
	  struct lines *out)
{
	wrap_text(p, st, s, width, out, 1);
}

/* ---- pages and the cursor ---- */

static void draw_head(struct pdf *p, struct table *tb);

/* A table's caption at the top of a page, and "continued" when it is: one line, so a
 * part that would run past the margin (a long incident ID) is cut with "…", leaving
 * "continued" its room; the full value is where the table began. */
static void draw_caption(struct pdf *p, const struct table *tb, int continued)
{
	const char *more = continued ? tmpf(p, "%s %s", S(p, S_CONTINUED, TPL_ZH),
					    S(p, S_CONTINUED, TPL_EN))
				     : NULL;
	float x = p->left, end = p->right - (more ? measure(p, &p->muted, more,
							       strlen(more)) + 8 : 0);

	for (int i = 0; i < 4 && tb->caption[i]; i++) {
		const struct style *st = i % 2 ? &p->small : &p->small_bold;
		const char *c = fit_width(p, st, tb->caption[i], end - x);
		float w = measure(p, st, c, strlen(c));
		if (x + w > end)
			break; /* not even "…" fits: the rest is left out */
		show_str(p, x, p->y - base(p, st), st, c);
		x += w + 4;
	}
	if (more)
		show_str(p, x + 4, p->y - base(p, &p->small), &p->muted, more);
	p->y -= lh(p, &p->small) + 2;
}

void new_page(struct pdf *p)
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
void need(struct pdf *p, float h)
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
float table_start(const struct pdf *p)
{
	return lh(p, &p->small_bold) + lh(p, &p->muted) + 2 * PAD_Y + min_chunk(p);
}

void hline(struct pdf *p, float x0, float x1, float y, float width,
	   const struct tpl_rgb *c)
{
	stroke_color(p, c);
	HPDF_Page_SetLineWidth(p->page, width);
	HPDF_Page_MoveTo(p->page, x0, y);
	HPDF_Page_LineTo(p->page, x1, y);
	HPDF_Page_Stroke(p->page);
}

void rect(struct pdf *p, float x, float y, float w, float h, const struct tpl_rgb *c)
{
	fill_color(p, c);
	HPDF_Page_Rectangle(p->page, x, y, w, h);
	HPDF_Page_Fill(p->page);
}

void para_at(struct pdf *p, const struct style *st, const char *text, float indent)
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

void para(struct pdf *p, const struct style *st, const char *text)
{
	para_at(p, st, text, 0);
	tmp_clear(p);
}

/* A paragraph with a square bullet; one of up to three lines is not split by a page. */
void bullet(struct pdf *p, const struct style *st, const char *text)
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
void pair(struct pdf *p, const struct style *a, const char *sa, const struct style *b,
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
void heading(struct pdf *p, enum tpl_string id, float keep)
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
int heading_or_none(struct pdf *p, enum tpl_string id, size_t n, float keep)
{
	heading(p, id, n ? keep : lh(p, &p->body));
	if (!n)
		para(p, &p->muted, bi(p, S_NONE));
	return n > 0;
}

/* A subheading kept with the `keep` points that follow it. */
void subheading_keep(struct pdf *p, const struct style *a, const char *zh,
		     const struct style *b, const char *en, float keep)
{
	if (p->y < p->fresh_y)
		p->y -= 5;
	need(p, lh(p, a) + 2 + keep);
	pair(p, a, zh, b, en);
	p->y -= 2;
}

void subheading_styled(struct pdf *p, const struct style *a, const char *zh,
		       const struct style *b, const char *en)
{
	/* with what a table below it needs to begin there; else the table would leave it at
	 * the page's foot */
	subheading_keep(p, a, zh, b, en, table_start(p));
}

void subheading(struct pdf *p, enum tpl_string id)
{
	subheading_styled(p, &p->sub, S(p, id, TPL_ZH), &p->sub_en, S(p, id, TPL_EN));
	tmp_clear(p);
}

void flow(struct pdf *p, const struct item *it, size_t n)
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

void table_init(struct pdf *p, struct table *tb, enum tpl_table id)
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

void cell_add(struct cell *c, const struct style *st, const char *text)
{
	if (text && *text && c->n < MAX_PARTS) {
		c->part[c->n].text = text;
		c->part[c->n].st = st;
		c->n++;
	}
}

static void head(struct pdf *p, struct table *tb, int col, enum tpl_string id)
{
	cell_add(&tb->head[col], &p->small_bold, S(p, id, TPL_ZH));
	cell_add(&tb->head[col], &p->muted, S(p, id, TPL_EN));
	tb->has_head = 1;
}

/* Sets up a table of the template's `id` columns headed by heads[0..n), continued on a new
 * page under `caption`, zh then en. The caller may right-align columns, then begins it. */
void table_open(struct pdf *p, struct table *tb, enum tpl_table id,
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

void free_lines(struct lines *ls, int n)
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

float lines_h(const struct pdf *p, const struct lines *l, size_t from, size_t to)
{
	float h = 0;

	for (size_t k = from; k < to; k++)
		h += lh(p, l->v[k].st);
	return h;
}

float head_height(struct pdf *p, struct table *tb)
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

void table_begin(struct pdf *p, struct table *tb)
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
float row_height(struct pdf *p, const struct table *tb, const struct cell *cells)
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

void table_end(struct pdf *p)
{
	p->table = NULL;
	p->y -= GAP;
}

/* How many of n rows a table draws. Every table but the findings' stops at the template's
 * max_rows: libharu holds each page until the document is saved, so a day of 80,000 kill
 * switch tests drawn in full held 167 MiB. The XML report lists them all. */
size_t rows_shown(const struct pdf *p, size_t n)
{
	return n > (size_t)p->t->max_rows ? (size_t)p->t->max_rows : n;
}

/* Ends a table, saying under it that `more` rows the XML lists are not drawn: both
 * lines together, on the next page under the table's caption and header when they do
 * not fit. */
void table_end_more(struct pdf *p, size_t more)
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
void table_end_cut(struct pdf *p, size_t n)
{
	table_end_more(p, n - rows_shown(p, n));
}

/* Draws one row. A row that does not fit the page continues on the next one, below the
 * repeated header; it moves whole to the next page when it would fit there, unless it is
 * the first row, which stays with the header above it. */
void table_row(struct pdf *p, struct table *tb, const struct cell *cells)
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
