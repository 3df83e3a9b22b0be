/*
 * pdf_internal.h - what the files of the PDF writer share, and nothing outside them
 * includes: the drawing state (struct pdf), styles, wrapped lines, tables, and the
 * functions one file draws with for another.
 *
 *   pdf_layout.c    text measured, wrapped and drawn; pages and the cursor; tables
 *   pdf_words.c     the words and colours of the model's values (severities, modes, marks)
 *   pdf_front.c     page one: the verdict, the tiles, what to read first
 *   pdf_timeline.c  the day's picture: run modes, the session, the markers
 *   pdf_sections.c  the sections of a day's review, an unfreeze audit and a preflight
 *   pdf_period.c    the sections of a period report
 *   pdf.c           the document: set up, sections in the template's order, headers and
 *                   footers, saved
 */
#ifndef TAITS_REPORT_PDF_INTERNAL_H
#define TAITS_REPORT_PDF_INTERNAL_H

#include <hpdf.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/buf.h"
#include "../util/error.h"
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
	float latin_w[NFACES][256]; /* glyph widths by WinAnsi byte, 1/1000 em; < 0 not
				     * known yet */
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

/* Texts one after another, each kept whole, wrapping between them (a label and value
 * line). An item wider than the page is wrapped as a paragraph of its own. */
struct item {
	const struct style *st;
	const char *text; /* NULL or "": skipped */
	float after;      /* space after it */
};

/* How a run mode is named and coloured; mode NULL: undeclared. */
struct mode_info {
	const char *mode; /* NULL: undeclared */
	enum tpl_string label;
	enum tpl_color color;
};

#define MODE_INFOS 5
extern const struct mode_info mode_infos[MODE_INFOS];

enum shape { SHAPE_DOWN, SHAPE_RING, SHAPE_DIAMOND, SHAPE_SQUARE, SHAPE_UP };

/* How a timeline marker is named, coloured and drawn. */
struct mark_info {
	const char *what;
	enum tpl_string label;
	enum tpl_color color;
	enum shape shape;
};

#define MARK_INFOS 5
extern const struct mark_info mark_infos[MARK_INFOS];

static inline const char *S(const struct pdf *p, enum tpl_string id, enum tpl_lang lang)
{
	return template_str(p->t, id, lang);
}

static inline const struct tpl_rgb *C(const struct pdf *p, enum tpl_color id)
{
	return &p->t->color[id];
}

static inline struct style style_of(enum face face, float size, const struct tpl_rgb *color)
{
	struct style st = { face, size, *color };

	return st;
}

/* pdf_layout.c: strings that live until the row or paragraph is drawn, text, pages, tables */
const char *tmp_keep(struct pdf *p, char *s);
void tmp_clear(struct pdf *p);
const char *tmpf(struct pdf *p, const char *fmt, ...) PRINTF_LIKE(2, 3);
void fmt_num(char out[40], long long v);
const char *num(struct pdf *p, long long v);
const char *fill(struct pdf *p, enum tpl_string id, enum tpl_lang lang,
		 const char *const *kv);
const char *bi(struct pdf *p, enum tpl_string id);
const char *inputs_line(struct pdf *p, enum tpl_lang lang);
const char *when(struct pdf *p, int64_t us);
const char *stamp(struct pdf *p, int64_t us);
void label_bundles(struct pdf *p);
const char *file_line(struct pdf *p, const char *bundle, const char *file, long line);
float measure(struct pdf *p, const struct style *st, const char *s, size_t n);
const char *fit_width(struct pdf *p, const struct style *st, const char *s, float room);
float shrink(float w, float room, float least);
struct style scaled(const struct style *st, float k);
float lh(const struct pdf *p, const struct style *st);
float base(const struct pdf *p, const struct style *st);
void fill_color(struct pdf *p, const struct tpl_rgb *c);
void stroke_color(struct pdf *p, const struct tpl_rgb *c);
void show(struct pdf *p, float x, float y, const struct style *st, const char *s,
	  size_t n);
void show_str(struct pdf *p, float x, float y, const struct style *st, const char *s);
void wrap(struct pdf *p, const struct style *st, const char *s, float width,
	  struct lines *out);
void new_page(struct pdf *p);
void need(struct pdf *p, float h);
float table_start(const struct pdf *p);
void hline(struct pdf *p, float x0, float x1, float y, float width,
	   const struct tpl_rgb *c);
void rect(struct pdf *p, float x, float y, float w, float h, const struct tpl_rgb *c);
void para_at(struct pdf *p, const struct style *st, const char *text, float indent);
void para(struct pdf *p, const struct style *st, const char *text);
void bullet(struct pdf *p, const struct style *st, const char *text);
void pair(struct pdf *p, const struct style *a, const char *sa, const struct style *b,
	  const char *sb);
void heading(struct pdf *p, enum tpl_string id, float keep);
int heading_or_none(struct pdf *p, enum tpl_string id, size_t n, float keep);
void subheading_keep(struct pdf *p, const struct style *a, const char *zh,
		     const struct style *b, const char *en, float keep);
void subheading_styled(struct pdf *p, const struct style *a, const char *zh,
		       const struct style *b, const char *en);
void subheading(struct pdf *p, enum tpl_string id);
void flow(struct pdf *p, const struct item *it, size_t n);
void table_init(struct pdf *p, struct table *tb, enum tpl_table id);
void cell_add(struct cell *c, const struct style *st, const char *text);
void table_open(struct pdf *p, struct table *tb, enum tpl_table id,
		enum tpl_string caption, const enum tpl_string *heads, int n);
void free_lines(struct lines *ls, int n);
float lines_h(const struct pdf *p, const struct lines *l, size_t from, size_t to);
float head_height(struct pdf *p, struct table *tb);
void table_begin(struct pdf *p, struct table *tb);
float row_height(struct pdf *p, const struct table *tb, const struct cell *cells);
void table_end(struct pdf *p);
size_t rows_shown(const struct pdf *p, size_t n);
void table_end_more(struct pdf *p, size_t more);
void table_end_cut(struct pdf *p, size_t n);
void table_row(struct pdf *p, struct table *tb, const struct cell *cells);

/* pdf_words.c: the words and colours of the model's values */
enum tpl_string severity_str(enum severity s);
enum tpl_color severity_color(enum severity s);
const struct mode_info *mode_info(const char *mode);
const struct mark_info *mark_info(const char *what);
const char *env_label(struct pdf *p, const char *env, enum tpl_lang lang);

/* pdf_front.c: page one */
enum tpl_string title_id(const struct report *rep);
const char *day_text(struct pdf *p);
void fact(struct pdf *p, struct table *tb, enum tpl_string label, const char *v1,
	  const struct style *s1, const char *v2, const struct style *s2);
void bullet_bi(struct pdf *p, enum tpl_string id, const char *const *kv);
const char *day_label(const struct pdf *p, const char *date);
void add_item(struct pdf *p, struct cell *c, struct style *st, const struct uf_item *it);
void status_cell(struct pdf *p, struct cell *c, struct style *st, int ok,
		 enum tpl_string yes, enum tpl_string no);
void condition_cell(struct pdf *p, struct cell *c, int k, int numbered);
int sec_summary(struct pdf *p, struct error *e);

/* pdf_timeline.c: the day's picture */
int same_env(const char *a, const char *b);
float legend_item(struct pdf *p, float x, float y, const struct tpl_rgb *swatch,
		  const struct mark_info *m, int crossed, enum tpl_string label, int dry);
int sec_timeline(struct pdf *p, struct error *e);

/* pdf_sections.c: the sections of a day, a freeze and a preflight */
int sec_execution(struct pdf *p, struct error *e);
int sec_incidents(struct pdf *p, struct error *e);
int sec_alerts(struct pdf *p, struct error *e);
int sec_integrity(struct pdf *p, struct error *e);
int sec_inputs(struct pdf *p, struct error *e);
void waiver_lines(struct pdf *p, struct cell *c, long waiver, long expired_waiver,
		  const struct style *st);
int sec_findings(struct pdf *p, struct error *e);
int sec_waivers(struct pdf *p, struct error *e);
void tri_cell(struct pdf *p, struct cell *c, int v, const struct style *st);
void id_cell(struct pdf *p, struct cell *c, const char *id, const char *env,
	     const char *bundle, const char *file, long line);
int sec_conditions(struct pdf *p, struct error *e);
int sec_changes(struct pdf *p, struct error *e);
int sec_checks(struct pdf *p, struct error *e);
int sec_freezes(struct pdf *p, struct error *e);

/* pdf_period.c: the sections of a period report */
int sec_deployments(struct pdf *p, struct error *e);
int sec_days(struct pdf *p, struct error *e);
int sec_rules(struct pdf *p, struct error *e);
int sec_chart(struct pdf *p, struct error *e);

#endif
