/*
 * pdf_timeline.c - the picture of the day in the PDF: a lane per environment with its
 * run modes, the trading session shaded, markers at their time, hours below, a legend;
 * then the markers' table.
 */
#include "pdf_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../util/timeutil.h"

#define MIN_BAND 0.25f /* the narrowest stretch of a run mode drawn, in points */

/* The environments INPUT.md names (local, sim, live) first, then the others (invalid
 * labels), each by name; none last. The model reads markers and spans in this order
 * (LANE_ORDER in model.c), and the picture takes them lane by lane. */
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

int same_env(const char *a, const char *b)
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
float legend_item(struct pdf *p, float x, float y, const struct tpl_rgb *swatch,
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
	const size_t nm = MODE_INFOS, nk = MARK_INFOS;
	float x = p->left, row = lh(p, &p->small) + 3;
	size_t n = nm + nk;

	if (p->rep->markers_not_ok)
		n++;
	need(p, 2 * row);
	for (size_t i = 0; i < n; i++) {
		const int crossed = i == nm + nk;
		const struct mark_info *m = i < nm ? NULL : crossed ? mark_info("kill_switch_test")
								      : &mark_infos[i - nm];
		const struct tpl_rgb *c = m ? C(p, m->color) : C(p, mode_infos[i].color);
		enum tpl_string label = crossed ? S_MARK_NOT_OK : m ? m->label : mode_infos[i].label;
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

static int marker_table(struct pdf *p, struct error *e)
{
	static const enum tpl_string cols[] = { S_COL_TIME, S_COL_ENV, S_COL_KIND, S_COL_ID };
	const struct report *r = p->rep;
	const struct style bad = style_of(FACE_BOLD, p->muted.size, C(p, COLOR_BAD));
	struct table tb;
	struct rep_rows *it;
	struct rep_marker mk, *m = &mk;
	int rc = 0;

	if (!r->nmarkers)
		return 0;
	/* a table cut short leaves out what matters least, and says so above it */
	int cut = r->nmarkers > rows_shown(p, r->nmarkers);
	if (report_markers_open(r, cut ? MARKER_ORDER_WEIGHT : MARKER_ORDER_TIME, &it, e))
		return -1;
	subheading(p, S_SUB_MARKERS);
	if (cut)
		pair(p, &p->muted, S(p, S_ROWS_BY_KIND, TPL_ZH), &p->muted,
		     S(p, S_ROWS_BY_KIND, TPL_EN));
	table_open(p, &tb, TABLE_MARKERS, S_SUB_MARKERS, cols, 4);
	table_begin(p, &tb);
	for (size_t i = 0; i < rows_shown(p, r->nmarkers); i++) {
		if ((rc = report_markers_next(it, m, e)) != 1)
			break;
		const struct mark_info *mi = mark_info(m->what);
		struct cell cells[4];
		memset(cells, 0, sizeof(cells));
		cell_add(&cells[0], &p->body, when(p, m->at));
		cell_add(&cells[1], &p->body, env_label(p, m->environment, TPL_ZH));
		if (mi) {
			cell_add(&cells[2], &p->body, S(p, mi->label, TPL_ZH));
			cell_add(&cells[2], &p->muted, S(p, mi->label, TPL_EN));
		} else {
			cell_add(&cells[2], &p->body, m->what);
		}
		if (mark_not_ok(m)) {
			const char *kv[] = { "result", m->result, NULL };
			cell_add(&cells[2], &bad,
			    m->result ? tmpf(p, "%s %s", fill(p, S_MARK_RESULT, TPL_ZH, kv),
					     fill(p, S_MARK_RESULT, TPL_EN, kv))
				      : bi(p, S_MARK_NO_RESULT));
		}
		cell_add(&cells[3], &p->mono, m->label ? m->label : "");
		cell_add(&cells[3], &p->mono_muted, file_line(p, m->bundle, m->file, m->line));
		table_row(p, &tb, cells);
	}
	report_rows_close(it);
	if (rc < 0)
		return -1;
	table_end_cut(p, r->nmarkers);
	return 0;
}

/* The window of the picture: the session and everything on it, in whole hours (from the
 * day's local midnight), at least four of them, within the day. */
static void window(const struct report *r, int64_t *plo, int64_t *phi)
{
	const int64_t hour = 3600 * US_PER_SEC, ds = r->day_start, de = r->day_end;
	int64_t lo = INT64_MAX, hi = INT64_MIN;

	if (r->session_start < r->session_end)
		lo = r->session_start, hi = r->session_end;
	if (r->spans_lo <= r->spans_hi) { /* the changes inside the day */
		lo = r->spans_lo < lo ? r->spans_lo : lo;
		hi = r->spans_hi > hi ? r->spans_hi : hi;
	}
	if (r->nmarkers) {
		lo = r->markers_from < lo ? r->markers_from : lo;
		hi = r->markers_to > hi ? r->markers_to : hi;
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
int sec_timeline(struct pdf *p, struct error *e)
{
	const struct report *r = p->rep;
	const int64_t hour = 3600 * US_PER_SEC, ds = r->day_start;
	const float track = 11, band = 13, gap = 8, label_w = 62, mr = 4.2f;
	const char **env = NULL;
	float *placed = NULL;
	size_t nenv = 0, undrawn = 0, lanes_out = 0, fit, nplaced, cap;
	int64_t lo, hi, step;
	float x0, x1, ytop, ybot, top_pad = lh(p, &p->small) + 3, row = lh(p, &p->small) + 3;
	struct rep_rows *it = NULL, *sit = NULL;
	struct rep_marker mk, *m = &mk;
	struct rep_span sp;
	int more = 0, smore = 0;

	/* The environments, each once, in order. */
	if (r->nspan_envs + r->nmarker_envs) {
		size_t n = r->nspan_envs + r->nmarker_envs;
		env = xmalloc(n * sizeof(*env));
		for (size_t i = 0; i < n; i++)
			env[i] = i < r->nspan_envs ? r->span_envs[i]
						   : r->marker_envs[i - r->nspan_envs];
		qsort(env, n, sizeof(*env), env_cmp);
		for (size_t i = 0; i < n; i++)
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
	if ((r->nmarkers && report_markers_open(r, MARKER_ORDER_LANE, &it, e)) ||
	    (r->nspans && report_spans_open(r, 1, &sit, e))) {
		report_rows_close(it);
		free(env);
		free(placed);
		return -1;
	}
	more = it ? report_markers_next(it, m, e) : 0;
	smore = sit ? report_spans_next(sit, &sp, e) : 0;
	for (size_t i = 0; i < nenv; i++) {
		float ly = ytop - (float)i * (track + band + gap), bt = ly - track;
		show_str(p, p->left, bt - band / 2 - p->bold.size * 0.35f, &p->bold,
			 fit_width(p, &p->bold, env_label(p, env[i], TPL_ZH), label_w - 4));
		/* Run-mode bands, each named inside when the name fits, light on dark. A
		 * stretch is at least MIN_BAND wide, so that a brief one shows; one hidden
		 * under the stretch drawn before it is not drawn again (a day of thousands of
		 * mode changes draws no more bands than the track has room for). The spans
		 * come in the lanes' order, as the markers do. */
		float drawn_to = -1;
		for (; smore == 1 && env_cmp(&sp.environment, &env[i]) <= 0;
		     smore = report_spans_next(sit, &sp, e)) {
			const struct mode_info *mi = mode_info(sp.mode);
			int64_t a = sp.from > lo ? sp.from : lo, b = sp.to < hi ? sp.to : hi;
			const struct tpl_rgb *c = C(p, mi ? mi->color : COLOR_MODE_OTHER);
			const char *text = mi ? S(p, mi->label, TPL_ZH) : sp.mode;
			const float at = X(a), to = X(b);
			float xa = at, xb = to;
			struct style on;
			if (!same_env(sp.environment, env[i]) || b <= a || xb < drawn_to ||
			    (xb == drawn_to && xa < drawn_to))
				continue;
			xa = xa < drawn_to ? drawn_to : xa;
			xb = xb - xa < MIN_BAND ? xa + MIN_BAND : xb;
			xb = xb > x1 ? x1 : xb;
			if (xb <= xa)
				continue;
			rect(p, xa, bt - band, xb - xa, band, c);
			drawn_to = xb;
			on = style_of(FACE_REGULAR, p->small.size,
				      0.299f * c->r + 0.587f * c->g + 0.114f * c->b < 0.6f
					      ? C(p, COLOR_ON_VERDICT)
					      : C(p, COLOR_TEXT));
			/* named where its own time puts it, whatever a brief band before took */
			if (text && measure(p, &on, text, strlen(text)) + 6 < to - at)
				show_str(p, at + 3, bt - band / 2 - on.size * 0.35f, &on, text);
		}
		stroke_color(p, C(p, COLOR_RULE));
		HPDF_Page_SetLineWidth(p->page, 0.6f);
		HPDF_Page_Rectangle(p->page, x0, bt - band, x1 - x0, band);
		HPDF_Page_Stroke(p->page);
		/* Markers in the track, in the order they claim room (the model's lane order:
		 * what was done about trouble, a kill switch activation or an incident, then
		 * the trouble, a CRITICAL alert, then the rest), each at or near its time
		 * (place_marker()). The lanes come in the same order as the rows: those of
		 * an environment before this lane's belong to none drawn. */
		nplaced = 0;
		for (; more == 1 && env_cmp(&m->environment, &env[i]) <= 0;
		     more = report_markers_next(it, m, e)) {
			const struct mark_info *mi = mark_info(m->what);
			const struct tpl_rgb *c = C(p, mi ? mi->color : COLOR_MODE_OTHER);
			float x = X(m->at), at;
			if (!same_env(m->environment, env[i]) || m->at < lo || m->at > hi)
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
	report_rows_close(it);
	report_rows_close(sit);
#undef X
	p->y = ybot - 6 - row;
	free(env);
	free(placed);
	tmp_clear(p);
	if (more < 0 || smore < 0)
		return -1;
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
	return marker_table(p, e);
}
