/*
 * pdf_period.c - the sections of a period report in the PDF: deployments and document
 * locks, day by day, findings per rule, and the chart of findings per day.
 */
#include "pdf_internal.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

int sec_deployments(struct pdf *p, struct error *e)
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
			cell_add(&cells[1], &p->body, d->status);
			cell_add(&cells[1], &p->muted, d->owner);
			cell_add(&cells[2], &p->body, stamp(p, d->deployed_at));
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
		cell_add(&cells[1], &p->body, stamp(p, l->effective_at));
		cell_add(&cells[2], &p->body, l->documents);
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

int sec_days(struct pdf *p, struct error *e)
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
		cell_add(&cells[0], &p->bold, n > 1 ? tmpf(p, "%s –", d->date) : d->date);
		if (n > 1)
			cell_add(&cells[0], &p->bold, r->days[i + n - 1].date);
		cell_add(&cells[1], &verdict,
		    bi(p, d->compliant ? S_VERDICT_COMPLIANT : S_VERDICT_NON_COMPLIANT));
		if (n > 1) {
			const char *kv[] = { "count", num(p, (long long)n), NULL };
			cell_add(&cells[1], &p->muted, fill(p, S_DAYS_NO_RECORDS, TPL_ZH, kv));
			cell_add(&cells[1], &p->muted, fill(p, S_DAYS_NO_RECORDS, TPL_EN, kv));
		} else if (quiet_day(d)) {
			cell_add(&cells[1], &p->muted, bi(p, S_NO_RECORDS));
		}
		cell_add(&cells[7], d->records ? &p->body : &p->body_muted, num(p, d->records));
		cell_add(&cells[2], d->counts.total ? &p->bold : &p->body_muted,
		    num(p, d->counts.total));
		for (int k = 0; k < 4; k++) {
			cnt[k] = style_of(FACE_BOLD, p->body.size, C(p, col[k]));
			cell_add(&cells[3 + k], v[k] ? &cnt[k] : &p->body_muted, num(p, v[k]));
		}
		table_row(p, &tb, cells);
	}
	table_end_more(p, r->ndays - i); /* days, as the XML lists them */
	return 0;
}

/* ---- section: findings per rule (period) ---- */

int sec_rules(struct pdf *p, struct error *e)
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
		cell_add(&cells[0], &p->mono, d->id);
		cell_add(&cells[0], &p->small, d->title_zh);
		cell_add(&cells[0], &p->muted, d->title_en);
		cell_add(&cells[1], &p->body, fill(p, S_SECTION_REF, TPL_EN, kv));
		cell_add(&cells[2], &p->bold, num(p, total));
		cell_add(&cells[3], &p->body, num(p, days));
		cell_add(&cells[4], &p->small, tmp_keep(p, buf_detach(&dates)));
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

int sec_chart(struct pdf *p, struct error *e)
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
