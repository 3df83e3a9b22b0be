/*
 * pdf_front.c - page one of the PDF: the verdict, the tiles of counts, and what to read
 * first, for each report type (an unfreeze audit's conditions, a preflight's checks).
 */
#include "pdf_internal.h"

#include <stdlib.h>
#include <string.h>

#include "../tailoring.h"
#include "../util/timeutil.h"

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

enum tpl_string title_id(const struct report *rep)
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

const char *day_text(struct pdf *p)
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
void fact(struct pdf *p, struct table *tb, enum tpl_string label, const char *v1,
	  const struct style *s1, const char *v2, const struct style *s2)
{
	struct cell cells[2];

	memset(cells, 0, sizeof(cells));
	cell_add(&cells[0], &p->small_bold, S(p, label, TPL_ZH));
	cell_add(&cells[0], &p->muted, S(p, label, TPL_EN));
	cell_add(&cells[1], s1, v1);
	cell_add(&cells[1], s2, v2);
	table_row(p, tb, cells);
}

/* A bullet in both languages: template string id filled from kv, zh then en. */
void bullet_bi(struct pdf *p, enum tpl_string id, const char *const *kv)
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
const char *day_label(const struct pdf *p, const char *date)
{
	return strncmp(p->rep->from, p->rep->to, 4) ? date : date + 5;
}

/* Adds the n-th date (0-based) of a list page one names: the first ten, then "...". */
static void list_date(struct pdf *p, struct buf *dates, long n, const char *date)
{
	if (n < 10)
		buf_addf(dates, "%s%s", n ? ", " : "", day_label(p, date));
	else if (n == 10)
		buf_adds(dates, ", ...");
}

/* Whether the review's day, or each day of the period, had no record stored with its
 * time: a verdict of compliant then says only that nothing was there to judge. */
static int nothing_shipped(const struct report *r)
{
	if (r->type == REPORT_REVIEW)
		return !r->day_records;
	if (r->type != REPORT_PERIOD)
		return 0;
	for (size_t i = 0; i < r->ndays; i++)
		if (r->days[i].records)
			return 0;
	return 1;
}

/* The trading days of the period (tailoring: session days, not holidays) with no record
 * and no finding, their dates listed in dates when p is given: days to look at, as logs
 * not shipped read as clean days. None when the whole period had none (said once). */
static long list_quiet_days(struct pdf *p, const struct report *r, struct buf *dates)
{
	long n = 0;
	int y, m, d;

	if (r->type != REPORT_PERIOD || nothing_shipped(r))
		return 0;
	for (size_t i = 0; i < r->ndays; i++) {
		const struct rep_day *day = &r->days[i];
		if (day->records || day->counts.total || date_parse(day->date, &y, &m, &d) ||
		    !tailoring_trading_day(r->t, days_from_civil(y, m, d)))
			continue;
		if (p)
			list_date(p, dates, n, day->date);
		n++;
	}
	return n;
}

static void quiet_trading_days(struct pdf *p)
{
	struct buf dates = BUF_INIT;
	long n = list_quiet_days(p, p->rep, &dates);

	if (n) {
		const char *kv[] = { "count", num(p, n), "dates", tmp_keep(p, buf_detach(&dates)),
				     NULL };
		bullet_bi(p, S_READ_FIRST_QUIET_DAYS, kv);
	}
	buf_release(&dates);
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
		list_date(p, &dates, bad++, r->days[i].date);
	}
	if (bad) {
		const char *kv[] = { "count", num(p, bad), "days", num(p, (long long)r->ndays),
				     "dates", tmp_keep(p, buf_detach(&dates)), NULL };
		bullet_bi(p, S_READ_FIRST_DAYS, kv);
	}
	buf_release(&dates);
	quiet_trading_days(p);
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
	if (!r->counts.total && nothing_shipped(r)) {
		/* compliant for want of anything to judge: not an all-clear */
		struct style warn = style_of(FACE_BOLD, p->body.size, C(p, COLOR_MAJOR));
		para(p, &warn, bi(p, r->type == REPORT_PERIOD ? S_READ_FIRST_NO_RECORDS_PERIOD
							     : S_READ_FIRST_NO_RECORDS));
	} else if (r->type == REPORT_REVIEW && nothing_shipped(r)) {
		/* findings of other records (a freeze lifted, a file's faults): the day's own
		 * logs are still missing, as the command's summary says */
		struct style warn = style_of(FACE_BOLD, p->body.size, C(p, COLOR_MAJOR));
		para(p, &warn, bi(p, S_READ_FIRST_NO_RECORDS_FINDINGS));
	} else if (!r->counts.total && list_quiet_days(NULL, r, NULL)) {
		/* clean where there were records, but not every trading day had any */
		struct style warn = style_of(FACE_BOLD, p->body.size, C(p, COLOR_MAJOR));
		para(p, &warn, bi(p, S_READ_FIRST_NONE_QUIET));
	} else if (!r->counts.total) {
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
			cell_add(&cells[0], &sev, S(p, severity_str(f.severity), TPL_ZH));
			cell_add(&cells[0], &p->muted, S(p, severity_str(f.severity), TPL_EN));
			cell_add(&cells[1], &p->mono, f.rule);
			cell_add(&cells[1], &p->muted,
			    tmpf(p, "%s %s %s", f.def ? fill(p, S_SECTION_REF, TPL_EN, kv) : "",
				 f.environment ? f.environment : "",
				 r->type == REPORT_PERIOD ? f.day : ""));
			cell_add(&cells[2], &p->body, f.message_zh);
			cell_add(&cells[2], &p->muted, f.message_en);
			if (f.nevidence)
				cell_add(&cells[2], &p->mono_muted,
				    file_line(p, f.first.bundle, f.first.file, f.first.line));
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
	/* and that the Findings section stops short of them all */
	if (r->counts.total > p->t->max_findings) {
		const char *kv[] = { "shown", num(p, p->t->max_findings), "count",
				     num(p, r->counts.total - p->t->max_findings), NULL };
		bullet_bi(p, S_READ_FIRST_CUT, kv);
	}
	if (r->type == REPORT_PERIOD)
		period_bullets(p);
	if (r->nalerts) {
		const char *kv[] = { "count", num(p, (long long)r->nalert_ids), "critical",
				     num(p, (long long)r->nalerts_critical), NULL };
		int period = r->type == REPORT_PERIOD, crit = r->nalerts_critical > 0;
		bullet_bi(p, period ? crit ? S_READ_FIRST_ALERTS_PERIOD_CRITICAL
					   : S_READ_FIRST_ALERTS_PERIOD
			  : crit    ? S_READ_FIRST_ALERTS_CRITICAL
				    : S_READ_FIRST_ALERTS,
			  kv);
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
void add_item(struct pdf *p, struct cell *c, struct style *st, const struct uf_item *it)
{
	cell_add(c, st, tmpf(p, "%s %s", it->ok ? MARK_OK : MARK_NOT_OK, it->text_zh));
	cell_add(c, &p->muted, it->text);
}

/* The status of a condition (or check): bold in the verdict colours, zh then en. */
void status_cell(struct pdf *p, struct cell *c, struct style *st, int ok,
		 enum tpl_string yes, enum tpl_string no)
{
	*st = style_of(FACE_BOLD, p->body.size, C(p, ok ? COLOR_OK : COLOR_BAD));
	cell_add(c, st, S(p, ok ? yes : no, TPL_ZH));
	cell_add(c, &p->muted, S(p, ok ? yes : no, TPL_EN));
}

/* A condition's names in both languages and its key, in one cell; numbered or not. */
void condition_cell(struct pdf *p, struct cell *c, int k, int numbered)
{
	cell_add(c, &p->bold, numbered ? tmpf(p, "%d  %s", k + 1, S(p, condition_str[k], TPL_ZH))
				  : S(p, condition_str[k], TPL_ZH));
	cell_add(c, &p->muted, S(p, condition_str[k], TPL_EN));
	cell_add(c, &p->mono_muted, unfreeze_condition_names[k]);
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
				cell_add(&cells[2], &p->muted, tmpf(p, "+%ld", rest));
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
			cell_add(&cells[1], &p->mono, c->rule);
			cell_add(&cells[1], &sev_st, bi(p, severity_str(sev))); /* as the XML finding */
			if (c->waiver)
				cell_add(&cells[1], &waived, bi(p, S_SEV_WAIVED));
			if (d) {
				cell_add(&cells[1], &p->muted, d->title_zh);
				cell_add(&cells[1], &p->muted, d->title_en);
			}
			cell_add(&cells[2], &p->body, c->text_zh);
			cell_add(&cells[2], &p->muted, c->text);
			waiver_lines(p, &cells[2], (long)c->waiver, (long)c->expired_waiver, &waived);
			cell_add(&cells[2], &p->mono_muted,
			    file_line(p, c->ref.bundle, c->ref.file, c->ref.line));
			cell_add(&cells[2], &p->mono_muted,
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

int sec_summary(struct pdf *p, struct error *e)
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
