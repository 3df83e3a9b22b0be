/*
 * pdf.c - the report as PDF, drawn with libharu from the report model: the document.
 *
 * Layout, fonts, colours, section order and every word of text come from the template
 * (template.h); the PDF writer only draws. It has three layers, in these files (their
 * shared state and functions are in pdf_internal.h):
 *
 *   text      pdf_layout.c: UTF-8 measured character by character and drawn in runs:
 *             Latin runs in a base-14 font, everything else in the embedded CJK TrueType
 *             font. Lines wrap at spaces and between CJK characters (never inside a UTF-8
 *             sequence), after '/' when nothing better exists (a path breaks between its
 *             directories), then after '-', '.', ... and anywhere as a last resort.
 *   layout    pdf_layout.c: a cursor on the current page; need() breaks the page.
 *             Paragraphs, headings, and tables whose rows wrap and may continue on the
 *             next page under the table's header row, repeated.
 *   sections  one function per section: page one (pdf_front.c), the day's picture
 *             (pdf_timeline.c), the sections of a day, a freeze or a preflight
 *             (pdf_sections.c) and of a period (pdf_period.c), in the words of
 *             pdf_words.c. This file calls them in the order the template lists for the
 *             report type (sections[] below; a report type adds its sections there), then
 *             draws the headers and footers ("page X of Y", the rule catalog version, the
 *             XML's SHA-256) on every page, when the page count is known.
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

#include <ctype.h>
#include <errno.h>
#include <hpdf.h>
#include <hpdf_doc.h> /* HPDF_GetFontDef */
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
#include "pdf_internal.h"

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

/* The bytes of a freeze ID the running header tries at most (a page is about 500 points
 * wide, its header type 7 points, and no glyph narrower than a fifth of it). */
#define HEADER_ID_MAX 400

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
		/* more than the header could hold in its narrowest glyphs is not tried: each
		 * try measures the whole line */
		if (keep > HEADER_ID_MAX)
			keep = utf8_floor(what, HEADER_ID_MAX);
		for (;;) {
			right = tmpf(p, "%s %s %.*s%s    %s %s %s", S(p, day, TPL_ZH),
				     S(p, day, TPL_EN), (int)keep, what,
				     keep < strlen(what) ? "…" : "", S(p, S_ENVIRONMENT, TPL_ZH),
				     S(p, S_ENVIRONMENT, TPL_EN), env_label(p, r->environment, TPL_EN));
			if (!keep || w + 12 + measure(p, &p->header_bold, right, strlen(right)) <=
					     p->right - p->left)
				break;
			keep = utf8_floor(what, keep - 1);
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

/* SOURCE_DATE_EPOCH in *v (seconds, up to 9999-12-31), or -1 when it is unset or empty;
 * -1 with *e set when it is not a number of seconds. */
static int source_date_epoch(long long *v, struct error *e)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char *end;

	*v = -1;
	if (!sde || !*sde)
		return 0;
	errno = 0;
	*v = strtoll(sde, &end, 10);
	/* digits only: strtoll() would also take leading blanks and a sign */
	if (!isdigit((unsigned char)sde[0]) || errno || *end || *v < 0 || *v > 253402300799LL)
		return error_set(e, EXIT_USAGE, "report",
				 "SOURCE_DATE_EPOCH '%s' is not a number of seconds"
				 " from 0 to 253402300799 (1970 to 9999)", sde);
	return 0;
}

int report_pdf_check(struct error *e)
{
	struct template *t;
	long long v;

	if (source_date_epoch(&v, e) || template_load(&t, e))
		return -1;
	template_free(t);
	return 0;
}

/* The creation date: the audited day's local midnight, or SOURCE_DATE_EPOCH (UTC). */
static int set_dates(struct pdf *p, struct error *e)
{
	HPDF_Date d;
	int64_t day, y;
	int sec, m, dd, off;
	long long v;

	memset(&d, 0, sizeof(d));
	if (source_date_epoch(&v, e))
		return -1;
	if (v >= 0) {
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
		for (int c = 0; c < 256; c++)
			p->latin_w[f][c] = -1;
	p->cjk_w = xmalloc(65536 * sizeof(*p->cjk_w));
	memset(p->cjk_w, 0xFF, 65536 * sizeof(*p->cjk_w));
	p->cjk_has = xcalloc(65536, 1);
	p->cjk_def = HPDF_GetFontDef(p->doc, name);
	{
		/* a site's template may make the title long; libharu takes at most 65,535
		 * bytes, and a document title needs far fewer */
		/* an unfreeze audit is of a freeze: two audited on one day are told apart */
		const struct report *r = p->rep;
		const char *doc_title =
			r->type == REPORT_UNFREEZE && r->unfreeze->freeze_id
				? tmpf(p, "%s %s %s %s %s", S(p, title, TPL_ZH), S(p, title, TPL_EN),
				       r->unfreeze->freeze_id, day_text(p), r->environment)
				: tmpf(p, "%s %s %s %s", S(p, title, TPL_ZH), S(p, title, TPL_EN),
				       day_text(p), r->environment);
		HPDF_SetInfoAttr(p->doc, HPDF_INFO_TITLE,
				 strlen(doc_title) > 1024
					 ? tmpf(p, "%.*s", (int)utf8_floor(doc_title, 1024), doc_title)
					 : doc_title);
	}
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
		error_at(e, error_io_status(errno), "report", t->font_file, 0, 0, NULL,
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
		/* it fails only when it cannot allocate */
		error_at(e, EXIT_STORE, "report", path, 0, 0, NULL,
			 "cannot write the PDF: libharu could not start: out of memory");
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
		/* so is zlib's Z_MEM_ERROR (-4; zlib.h is not among libharu's headers) */
		if (why == HPDF_ZLIB_ERROR && p.herr.detail == (HPDF_STATUS)-4)
			why = HPDF_FAILD_TO_ALLOC_MEM;
		/* a file libharu could not open (the font, as it loads): its detail is errno */
		if (!err && p.herr.code == HPDF_FILE_OPEN_ERROR)
			err = (int)p.herr.detail;
		int file_error = (why == HPDF_FILE_OPEN_ERROR || why == HPDF_FILE_IO_ERROR) && err;
		/* memory running out is exit 4, as everywhere (CLI.md), not a path's fault */
		int status = why == HPDF_FAILD_TO_ALLOC_MEM ? EXIT_STORE
			     : file_error ? error_io_status(err) : EXIT_IO;
		error_at(e, status, "report", path, 0, 0, NULL,
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
