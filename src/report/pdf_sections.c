/*
 * pdf_sections.c - the sections of a day's review, an unfreeze audit and a preflight in
 * the PDF: execution summary, incidents, unresolved alerts, log integrity, findings,
 * waivers, the unfreeze conditions, changes, the preflight checks, freezes.
 */
#include "pdf_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../version.h"

static void mode_cell(struct pdf *p, struct cell *c, const char *mode)
{
	const struct mode_info *mi = mode_info(mode);

	if (mi) {
		cell_add(c, &p->body, S(p, mi->label, TPL_ZH));
		cell_add(c, &p->muted, mode ? mode : S(p, mi->label, TPL_EN));
	} else {
		cell_add(c, &p->body, mode);
	}
}

int sec_execution(struct pdf *p, struct error *e)
{
	const struct report *r = p->rep;
	static const enum tpl_string cols[] = { S_COL_ENV,     S_COL_MODE,     S_COL_SUBMITS,
						S_COL_ACKS,    S_COL_FILLS,    S_COL_PARTIAL,
						S_COL_CANCELS, S_COL_REJECTS,  S_COL_SYMBOLS,
						S_COL_KS_TESTS, S_COL_KS_ACTIVATIONS };
	static const enum tpl_string span_cols[] = { S_COL_ENV, S_COL_MODE, S_COL_FROM, S_COL_TO,
						     S_COL_SOURCE };
	struct table tb;
	struct rep_rows *it;
	struct rep_span sp, *s = &sp;
	int rc = 0;

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
			cell_add(&cells[0], &p->bold, x->environment);
			mode_cell(p, &cells[1], x->mode);
			for (int c = 0; c < 9; c++)
				cell_add(&cells[c + 2], v[c] ? &p->body : &p->body_muted, num(p, v[c]));
			/* a kill switch test or activation that did not report ok is said */
			const long not_ok[2] = { x->ks_tests_not_ok, x->ks_activations_not_ok };
			struct style bad = style_of(FACE_BOLD, p->small.size, C(p, COLOR_BAD));
			for (int c = 0; c < 2; c++)
				if (not_ok[c]) {
					const char *kv[] = { "count", num(p, not_ok[c]), NULL };
					cell_add(&cells[9 + c], &bad, fill(p, S_KS_NOT_OK, TPL_ZH, kv));
					cell_add(&cells[9 + c], &bad, fill(p, S_KS_NOT_OK, TPL_EN, kv));
				}
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
	if (report_spans_open(r, 1, &it, e))
		return -1;
	table_open(p, &tb, TABLE_SPANS, S_SUB_RUN_MODES, span_cols, 5);
	table_begin(p, &tb);
	/* local, sim and live first, as in the picture: a cut leaves out invalid labels */
	for (size_t i = 0; i < rows_shown(p, r->nspans); i++) {
		struct cell cells[5];
		if ((rc = report_spans_next(it, s, e)) != 1)
			break;
		memset(cells, 0, sizeof(cells));
		cell_add(&cells[0], &p->bold, s->environment);
		mode_cell(p, &cells[1], s->mode);
		cell_add(&cells[2], &p->body, when(p, s->from));
		cell_add(&cells[3], &p->body, when(p, s->to));
		cell_add(&cells[4], &p->mono, file_line(p, s->bundle, s->file, s->line));
		table_row(p, &tb, cells);
	}
	report_rows_close(it);
	if (rc < 0)
		return -1;
	table_end_cut(p, r->nspans);
	return 0;
}

/* ---- section: incident review ---- */

int sec_incidents(struct pdf *p, struct error *e)
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
			cell_add(&cells[0], &p->bold, a->step);
			cell_add(&cells[1], &p->body, a->has_at ? when(p, a->at) : NULL);
			cell_add(&cells[2], &p->body, a->by);
			cell_add(&cells[3], &p->body, a->note);
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

/* A severity that says CRITICAL in any case, with spaces around it: IS_CRITICAL of
 * rules/sql.h, which the rules and the report's counts read. */
static int is_critical(const char *sev)
{
	size_t n;

	if (!sev)
		return 0;
	while (*sev == ' ')
		sev++;
	for (n = strlen(sev); n && sev[n - 1] == ' '; n--)
		;
	return n == 8 && !strncasecmp(sev, "CRITICAL", 8);
}

int sec_alerts(struct pdf *p, struct error *e)
{
	static const enum tpl_string cols[] = { S_COL_ALERT, S_COL_STATUS, S_COL_FIRST_LAST,
						S_COL_MESSAGE };
	const struct report *r = p->rep;
	const struct style crit_style = style_of(FACE_BOLD, p->muted.size, C(p, COLOR_CRITICAL));
	struct table tb;
	struct rep_rows *it;
	struct rep_alert al, *a = &al;
	int rc = 0;

	if (!heading_or_none(p, S_SEC_ALERTS, r->nalerts, table_start(p)))
		return 0;
	/* a table cut short leaves out what matters least, and says so above it */
	int cut = r->nalerts > rows_shown(p, r->nalerts);
	if (report_alerts_open(r, cut, &it, e))
		return -1;
	if (cut)
		pair(p, &p->muted, S(p, S_ROWS_CRITICAL_FIRST, TPL_ZH), &p->muted,
		     S(p, S_ROWS_CRITICAL_FIRST, TPL_EN));
	table_open(p, &tb, TABLE_ALERTS, S_SEC_ALERTS, cols, 4);
	table_begin(p, &tb);
	for (size_t i = 0; i < rows_shown(p, r->nalerts); i++) {
		if ((rc = report_alerts_next(it, a, e)) != 1)
			break;
		int crit = is_critical(a->severity);
		struct style sev = style_of(FACE_BOLD, p->body.size,
					    C(p, crit ? COLOR_CRITICAL : COLOR_MAJOR));
		struct cell cells[4];
		memset(cells, 0, sizeof(cells));
		cell_add(&cells[0], &p->mono, a->alert_id ? a->alert_id : a->record);
		cell_add(&cells[0], &sev, a->severity);
		if (a->was_critical) /* downgraded: its latest record alone hides it */
			cell_add(&cells[0], &crit_style, bi(p, S_ALERT_WAS_CRITICAL));
		cell_add(&cells[0], &p->muted, env_label(p, a->environment, TPL_ZH));
		cell_add(&cells[1], &p->body, a->component);
		cell_add(&cells[1], &p->bold, a->status);
		cell_add(&cells[2], &p->body, when(p, a->first_at));
		cell_add(&cells[2], &p->body, when(p, a->last_at));
		cell_add(&cells[3], &p->body, a->message);
		cell_add(&cells[3], &p->mono_muted,
		    a->cid ? tmpf(p, "%s %s", S(p, S_CID, TPL_EN), a->cid) : NULL);
		cell_add(&cells[3], &p->mono_muted, file_line(p, a->bundle, a->file, a->line));
		table_row(p, &tb, cells);
	}
	report_rows_close(it);
	if (rc < 0)
		return -1;
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

	float legend_h = bundle_legend(p, 1), few = 4 * lh(p, &p->muted);

	/* kept with the heading: a legend of a few lines with the table's start; of a longer
	 * one, which runs over pages anyway, its first lines */
	subheading_keep(p, &p->sub, S(p, S_SUB_INPUTS, TPL_ZH), &p->sub_en,
			S(p, S_SUB_INPUTS, TPL_EN),
			legend_h <= few ? legend_h + 3 + table_start(p) : few);
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
			cell_add(&cells[0], &p->bold, in->path);
			if (bundles && in->bundle)
				cell_add(&cells[0], &p->muted,
				    tmpf(p, "%s %s: %s", S(p, S_BUNDLE, TPL_ZH),
					 S(p, S_BUNDLE, TPL_EN), in->bundle));
			cell_add(&cells[0], &p->mono_muted, in->sha256);
			if (in->note) {
				/* the note's own ": not read" would say it twice */
				size_t n = strlen(in->note);
				if (n > 10 && !strcmp(in->note + n - 10, ": not read"))
					n -= 10;
				cell_add(&cells[0], &p->muted,
				    tmpf(p, "%s %s: %.*s", S(p, S_NOT_READ, TPL_ZH),
					 S(p, S_NOT_READ, TPL_EN), (int)n, in->note));
			}
			cell_add(&cells[1], &p->body, in->format);
			cell_add(&cells[2], &p->body, num(p, in->size));
			cell_add(&cells[3], &p->body, num(p, in->records));
			cell_add(&cells[4], in->rejected ? &rej : &p->body_muted, num(p, in->rejected));
			table_row(p, &tb, cells);
		}
		table_end_cut(p, r->ninputs);
	}
}

/* The settings in force, one row each, as the XML's <setting> elements and
 * `rules --config` give them: a threshold loosened shows in the PDF too. The time zone
 * and fail level have rows of their own above; waivers show where they apply. */
struct settings_table {
	struct pdf *p;
	struct table *tb;
};

static void setting_row(const char *name, const char *value, void *arg)
{
	struct settings_table *st = arg;
	struct cell cells[2];

	if (!strcmp(name, "timezone") || !strcmp(name, "fail_on"))
		return;
	memset(cells, 0, sizeof(cells));
	cell_add(&cells[0], &st->p->mono_muted, name);
	cell_add(&cells[1], &st->p->mono, *value ? value : "-");
	table_row(st->p, st->tb, cells);
}

static void settings(struct pdf *p, struct table *tb)
{
	struct settings_table st = { p, tb };

	tailoring_each_setting(p->rep->t, setting_row, &st);
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
	settings(p, &tb);
	fact(p, &tb, S_TAILORING, t->sha256, &p->mono, NULL, NULL);
	if (t->file)
		fact(p, &tb, S_TAILORING_FILE, t->file, &p->body, t->file_sha256, &p->mono);
	else
		fact(p, &tb, S_TAILORING_FILE, bi(p, S_TAILORING_BUILTIN), &p->body, NULL, NULL);
	fact(p, &tb, S_XML_SHA, p->xml_sha256 ? p->xml_sha256 : bi(p, S_XML_NONE),
	     p->xml_sha256 ? &p->mono : &p->body, NULL, NULL);
	table_end(p);
}

int sec_integrity(struct pdf *p, struct error *e)
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
		cell_add(&cells[0], &p->mono, integrity_rules[i]);
		if (d) {
			cell_add(&cells[1], &p->body, d->title_zh);
			cell_add(&cells[1], &p->muted, d->title_en);
		}
		cell_add(&cells[2], &cnt, num(p, n));
		table_row(p, &tb, cells);
	}
	table_end(p);
	inputs_table(p);
	provenance(p);
	return 0;
}

/* The inputs line, the input files and the provenance, without the integrity checks (the
 * reports that evaluate no integrity rule). */
int sec_inputs(struct pdf *p, struct error *e)
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
void waiver_lines(struct pdf *p, struct cell *c, long waiver, long expired_waiver,
		  const struct style *st)
{
	const struct report *r = p->rep;

	if (waiver > 0 && (size_t)waiver <= r->nwaivers) {
		const struct waiver *w = r->waivers[waiver - 1].w;
		const char *kv[] = { "index", tmpf(p, "%ld", waiver), "rule", w->rule,
				     "approved", w->approved_by, "expires", w->expires,
				     "reason", w->reason, NULL };
		cell_add(c, st, fill(p, S_WAIVED, TPL_ZH, kv));
		cell_add(c, st, fill(p, S_WAIVED, TPL_EN, kv));
	}
	if (expired_waiver > 0 && (size_t)expired_waiver <= r->nwaivers) {
		const struct waiver *w = r->waivers[expired_waiver - 1].w;
		const char *kv[] = { "index", tmpf(p, "%ld", expired_waiver), "expires",
				     w->expires, NULL };
		cell_add(c, st, fill(p, S_WAIVER_EXPIRED, TPL_ZH, kv));
		cell_add(c, st, fill(p, S_WAIVER_EXPIRED, TPL_EN, kv));
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

/* The cells of finding number n, the current finding of it. Their texts live until the
 * next tmp_clear(). */
static int finding_cells(struct pdf *p, struct rep_findings *it, const struct rep_finding *f,
			 long n, const struct style *waived, struct cell cells[4], struct error *e)
{
	const struct report *r = p->rep;
	const char *kv[] = { "section", f->def ? f->def->section : "", NULL };
	struct rep_evidence v;
	size_t shown = 0;
	int rc = 1;

	memset(cells, 0, 4 * sizeof(*cells));
	cell_add(&cells[0], &p->muted, tmpf(p, "%ld", n));
	cell_add(&cells[1], &p->mono, f->rule);
	cell_add(&cells[1], &p->muted,
	    tmpf(p, "%s %s %s", f->def ? fill(p, S_SECTION_REF, TPL_EN, kv) : "",
		 f->environment ? f->environment : "", r->type == REPORT_PERIOD ? f->day : ""));
	if (f->waiver)
		cell_add(&cells[1], waived, bi(p, S_SEV_WAIVED));
	cell_add(&cells[2], f->waiver ? &p->muted : &p->body, f->message_zh);
	cell_add(&cells[2], &p->muted, f->message_en);
	waiver_lines(p, &cells[2], f->waiver, f->expired_waiver, waived);
	/* as many records as the cell holds, then how many more the XML has */
	report_evidence_rewind(it);
	for (; shown < f->nevidence && (rc = report_evidence_next(it, &v, e)) == 1; shown++) {
		int parts = 1 + (v.correlation_id || v.time[0] || v.context);
		if (cells[3].n + parts > MAX_PARTS - (shown + 1 < f->nevidence ? 2 : 0))
			break;
		cell_add(&cells[3], &p->mono, file_line(p, v.bundle, v.file ? v.file : "", v.line));
		/* a record cited for context (the kill switch around an alert) is not the
		 * offending record, and says so as the XML does */
		if (parts > 1)
			cell_add(&cells[3], &p->mono_muted,
			    tmpf(p, "%s%s%s%s%s", v.context ? bi(p, S_EVIDENCE_CONTEXT) : "",
				 v.context && (v.correlation_id || v.time[0]) ? " · " : "",
				 v.correlation_id ? v.correlation_id : "",
				 v.correlation_id && v.time[0] ? " " : "", v.time));
	}
	if (shown < f->nevidence) {
		const char *more[] = { "count", num(p, (long long)(f->nevidence - shown)), NULL };
		cell_add(&cells[3], &p->muted, fill(p, S_EVIDENCE_MORE, TPL_ZH, more));
		cell_add(&cells[3], &p->muted, fill(p, S_EVIDENCE_MORE, TPL_EN, more));
	}
	return rc < 0 ? -1 : 0;
}

/* Starts the table of a severity under its subheading (and the section's heading, for
 * the first), all kept with the group's first row: a row split after a heading at a
 * page's foot left its second half on the next page without its number or rule. */
static int findings_group(struct pdf *p, struct table *tb, struct rep_findings *it,
			  const struct rep_finding *f, long n, int first,
			  const struct style *waived, struct style *sev_style, struct error *e)
{
	struct cell cells[4];
	float fresh, keep;

	*sev_style = style_of(FACE_BOLD, p->t->size[SIZE_SUBHEADING],
			      C(p, severity_color(f->severity)));
	findings_table(p, tb);
	tb->head_h = head_height(p, tb);
	if (finding_cells(p, it, f, n, waived, cells, e))
		return -1;
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
	return 0;
}

int sec_findings(struct pdf *p, struct error *e)
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
			if (findings_group(p, &tb, it, &f, n + 1, !n, &waived, &sev_style, e)) {
				rc = -1;
				break;
			}
		}
		n++;
		if (f.waiver)
			drawn_waived++;
		else if (f.severity >= 0 && f.severity < 4)
			drawn[f.severity]++;
		if (finding_cells(p, it, &f, n, &waived, cells, e)) {
			rc = -1;
			break;
		}
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

int sec_waivers(struct pdf *p, struct error *e)
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
		cell_add(&cells[0], &p->bold, tmpf(p, "#%d", rw->index));
		cell_add(&cells[1], &p->mono, w->rule);
		if (within) {
			cell_add(&cells[1], &st, fill(p, S_WAIVER_EXPIRED_WITHIN, TPL_ZH, kv));
			cell_add(&cells[1], &st, fill(p, S_WAIVER_EXPIRED_WITHIN, TPL_EN, kv));
		} else {
			cell_add(&cells[1], &st,
			    bi(p, rw->expired ? S_WAIVER_EXPIRED_STATUS : S_WAIVER_ACTIVE));
		}
		/* The match patterns, by their keys in the tailoring file. */
		if (w->environment)
			cell_add(&cells[2], &p->mono, tmpf(p, "environment=%s", w->environment));
		if (w->record)
			cell_add(&cells[2], &p->mono, tmpf(p, "record=%s", w->record));
		if (w->correlation_id)
			cell_add(&cells[2], &p->mono, tmpf(p, "correlation_id=%s", w->correlation_id));
		if (w->file)
			cell_add(&cells[2], &p->mono, tmpf(p, "file=%s", w->file));
		if (!cells[2].n) /* match: {} */
			cell_add(&cells[2], &p->body, bi(p, S_WAIVER_ALL));
		cell_add(&cells[3], &p->body, w->reason);
		cell_add(&cells[3], &p->muted, fill(p, S_WAIVER_APPROVAL, TPL_ZH, kv));
		cell_add(&cells[3], &p->muted, fill(p, S_WAIVER_APPROVAL, TPL_EN, kv));
		table_row(p, &tb, cells);
	}
	table_end_cut(p, r->nwaivers);
	return 0;
}

/* yes / no / not recorded (-1), in both languages on one line. */
void tri_cell(struct pdf *p, struct cell *c, int v, const struct style *st)
{
	if (v < 0)
		cell_add(c, &p->muted, bi(p, S_NOT_RECORDED));
	else
		cell_add(c, st ? st : &p->body, bi(p, v ? S_YES : S_NO));
}

/* A change's repair or strategy_expansion: absent reads false (INPUT.md's default), so
 * unknown (v < 0) is a value that is not a boolean, shown with `unknown` (muted if NULL). */
static void flag_cell(struct pdf *p, struct cell *c, int v, const struct style *st,
		      const struct style *unknown)
{
	if (v < 0)
		cell_add(c, unknown ? unknown : &p->muted, bi(p, S_NOT_BOOLEAN));
	else
		tri_cell(p, c, v, st);
}

/* Label and source of a record in the first cell of a row: ID, what it belongs to, file. */
void id_cell(struct pdf *p, struct cell *c, const char *id, const char *env,
	     const char *bundle, const char *file, long line)
{
	cell_add(c, &p->bold, id);
	if (env)
		cell_add(c, &p->muted, tmpf(p, "%s %s %s", S(p, S_ENVIRONMENT, TPL_ZH),
				       S(p, S_ENVIRONMENT, TPL_EN), env_label(p, env, TPL_EN)));
	cell_add(c, &p->mono_muted, file_line(p, bundle, file, line));
}

/* ---- section: the unfreeze conditions ---- */

/* Each condition with its items, one row per item: what satisfies it or what is missing,
 * and the record it rests on. */
int sec_conditions(struct pdf *p, struct error *e)
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
				cell_add(&cells[0], &p->bold, tmpf(p, "%d", k + 1));
				condition_cell(p, &cells[1], k, 0);
				status_cell(p, &cells[2], &st, c->ready, S_COND_READY,
					    S_COND_NOT_READY);
			} else {
				tb.cont = 1;
			}
			ist = style_of(FACE_REGULAR, p->body.size,
				       C(p, it->ok ? COLOR_TEXT : COLOR_BAD));
			add_item(p, &cells[3], &ist, it);
			cell_add(&cells[4], &p->mono, file_line(p, ref->bundle, ref->file, ref->line));
			cell_add(&cells[4], &p->mono_muted, ref->identity);
			table_row(p, &tb, cells);
		}
		if (shown < c->nitems) { /* a row of its own, under the condition's items */
			const char *kv[] = { "count", num(p, (long long)(c->nitems - shown)), NULL };
			struct cell cells[5];
			memset(cells, 0, sizeof(cells));
			cell_add(&cells[3], &p->muted, fill(p, S_ROWS_MORE, TPL_ZH, kv));
			cell_add(&cells[3], &p->muted, fill(p, S_ROWS_MORE, TPL_EN, kv));
			tb.cont = 1;
			table_row(p, &tb, cells);
		}
	}
	table_end(p);
	return 0;
}

/* ---- section: changes ---- */

int sec_changes(struct pdf *p, struct error *e)
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
		cell_add(&cells[1], &p->body, c->type);
		cell_add(&cells[2], &p->body, stamp(p, c->applied_at));
		flag_cell(p, &cells[3], c->repair, NULL, c->freeze_id ? &bad : NULL);
		if (c->audit_ref)
			cell_add(&cells[4], &p->mono, c->audit_ref);
		else
			cell_add(&cells[4], &p->muted, bi(p, S_NOT_RECORDED));
		flag_cell(p, &cells[5], c->strategy_expansion,
			  c->strategy_expansion == 1 && c->freeze_id ? &bad : NULL,
			  c->freeze_id ? &bad : NULL);
		if (c->freeze_id)
			cell_add(&cells[6], &p->mono, c->freeze_id);
		else
			cell_add(&cells[6], &p->muted, bi(p, S_NO));
		/* Not an audited repair is a fault only during a freeze. */
		tri_cell(p, &cells[7], c->audited_repair,
			 c->audited_repair ? &ok : c->freeze_id ? &bad : NULL);
		table_row(p, &tb, cells);
	}
	table_end_cut(p, r->nchanges);
	return 0;
}

/* ---- section: the preflight checks ---- */

/* The records a check cites for context (a halt's other uncleared triggers), as the
 * findings table draws them: marked, as many as the cell holds, then how many more the
 * XML has. */
static void context_lines(struct pdf *p, struct cell *cell, const struct rep_check *c)
{
	size_t shown = 0;

	for (; shown < c->ncontext; shown++) {
		const struct rep_record_ref *v = &c->context[shown];
		if (cell->n + 2 > MAX_PARTS - (shown + 1 < c->ncontext ? 2 : 0))
			break;
		cell_add(cell, &p->mono, file_line(p, v->bundle, v->file ? v->file : "", v->line));
		cell_add(cell, &p->mono_muted,
		    tmpf(p, "%s%s%s%s%s", bi(p, S_EVIDENCE_CONTEXT),
			 v->correlation_id || v->time[0] ? " · " : "",
			 v->correlation_id ? v->correlation_id : "",
			 v->correlation_id && v->time[0] ? " " : "", v->time));
	}
	if (shown < c->ncontext) {
		const char *more[] = { "count", num(p, (long long)(c->ncontext - shown)), NULL };
		cell_add(cell, &p->muted, fill(p, S_EVIDENCE_MORE, TPL_ZH, more));
		cell_add(cell, &p->muted, fill(p, S_EVIDENCE_MORE, TPL_EN, more));
	}
}

int sec_checks(struct pdf *p, struct error *e)
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
		cell_add(&cells[0], &p->mono, c->rule);
		if (d) {
			cell_add(&cells[0], &p->small, d->title_zh);
			cell_add(&cells[0], &p->muted, d->title_en);
		}
		if (c->status == CHECK_NOT_JUDGED) {
			st = style_of(FACE_BOLD, p->body.size, C(p, COLOR_WAIVED));
			cell_add(&cells[1], &st, S(p, S_CHECK_NOT_JUDGED, TPL_ZH));
			cell_add(&cells[1], &p->muted, S(p, S_CHECK_NOT_JUDGED, TPL_EN));
		} else {
			status_cell(p, &cells[1], &st, c->status == CHECK_PASS, S_CHECK_PASS,
				    S_CHECK_FAIL);
		}
		/* a failed check a waiver covers stops nothing: said where it is listed */
		struct style waived = style_of(FACE_REGULAR, p->small.size, C(p, COLOR_WAIVED));
		if (c->status == CHECK_FAIL && c->waiver)
			cell_add(&cells[1], &waived, bi(p, S_SEV_WAIVED));
		cell_add(&cells[2], &p->body, c->text_zh);
		cell_add(&cells[2], &p->muted, c->text);
		if (c->status == CHECK_FAIL)
			waiver_lines(p, &cells[2], (long)c->waiver, (long)c->expired_waiver,
				     &waived);
		cell_add(&cells[3], &p->mono, file_line(p, c->ref.bundle, c->ref.file, c->ref.line));
		cell_add(&cells[3], &p->mono, file_line(p, c->also.bundle, c->also.file, c->also.line));
		context_lines(p, &cells[3], c);
		table_row(p, &tb, cells);
	}
	table_end(p);
	return 0;
}

/* ---- section: freezes (the active ones, for a preflight) ---- */

int sec_freezes(struct pdf *p, struct error *e)
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
		cell_add(&cells[1], &p->body, f->reason);
		cell_add(&cells[1], &p->mono, f->trigger);
		cell_add(&cells[2], &p->body, stamp(p, f->started_at));
		if (f->ended_at)
			cell_add(&cells[3], &p->body, stamp(p, f->ended_at));
		else
			cell_add(&cells[3], &p->muted, bi(p, S_LIFTED_ACTIVE));
		cell_add(&cells[4], &st, S(p, lifted, TPL_ZH));
		cell_add(&cells[4], &p->muted, S(p, lifted, TPL_EN));
		table_row(p, &tb, cells);
	}
	table_end_cut(p, r->nfreezes);
	/* What a freeze allows (seed §8.4). */
	bullet_bi(p, S_FREEZE_LIMITS, NULL);
	return 0;
}
