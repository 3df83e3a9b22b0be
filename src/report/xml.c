/*
 * xml.c - writing a report with xmlTextWriter. Every call that writes is checked; text goes through
 * utf8_sanitize() so nothing from an input can make the XML ill-formed.
 */
#include "xml.h"

#include <errno.h>
#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util/buf.h"
#include "../util/outfile.h"
#include "../util/timeutil.h"
#include "../util/utf8.h"
#include "../version.h"

struct xw {
	xmlTextWriterPtr w;
	int failed;
	struct error *e; /* where reading the model from the store fails */
	int unread;      /* it failed: *e says why */
};

/* The output file behind the writer: errors of write, flush and close are all kept. */
struct sink {
	FILE *fp;
	int err;
};

static int sink_write(void *ctx, const char *data, int len)
{
	struct sink *s = ctx;

	if (s->err || fwrite(data, 1, (size_t)len, s->fp) != (size_t)len) {
		s->err = s->err ? s->err : errno ? errno : EIO;
		return -1;
	}
	return len;
}

static int sink_close(void *ctx)
{
	struct sink *s = ctx;

	if (fflush(s->fp) != 0 && !s->err)
		s->err = errno ? errno : EIO;
	if (fsync(fileno(s->fp)) != 0 && !s->err && errno != EINVAL)
		s->err = errno;
	if (fclose(s->fp) != 0 && !s->err)
		s->err = errno ? errno : EIO;
	s->fp = NULL;
	return s->err ? -1 : 0;
}

static void start(struct xw *x, const char *name)
{
	if (!x->failed && xmlTextWriterStartElement(x->w, BAD_CAST name) < 0)
		x->failed = 1;
}

static void end(struct xw *x)
{
	if (!x->failed && xmlTextWriterEndElement(x->w) < 0)
		x->failed = 1;
}

static void attr(struct xw *x, const char *name, const char *value)
{
	char *clean;

	if (x->failed || !value)
		return;
	clean = utf8_sanitize(value, strlen(value));
	if (xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST clean) < 0)
		x->failed = 1;
	free(clean);
}

static void attr_int(struct xw *x, const char *name, long long v)
{
	char tmp[32];

	snprintf(tmp, sizeof(tmp), "%lld", v);
	attr(x, name, tmp);
}

static void attr_time(struct xw *x, const char *name, int64_t us)
{
	char tmp[ISO_MAX];

	tz_format(us, tmp);
	attr(x, name, tmp);
}

static void text(struct xw *x, const char *s)
{
	char *clean;

	if (x->failed || !s)
		return;
	clean = utf8_sanitize(s, strlen(s));
	if (xmlTextWriterWriteString(x->w, BAD_CAST clean) < 0)
		x->failed = 1;
	free(clean);
}

static void element_text(struct xw *x, const char *name, const char *lang, const char *s)
{
	start(x, name);
	if (lang)
		attr(x, "lang", lang);
	text(x, s);
	end(x);
}

static void write_setting(const char *name, const char *value, void *arg)
{
	struct xw *x = arg;

	start(x, "setting");
	attr(x, "name", name);
	attr(x, "value", value);
	end(x);
}

static void write_tailoring(struct xw *x, const struct report *rep)
{
	const struct tailoring *t = rep->t;

	start(x, "tailoring");
	attr(x, "sha256", t->sha256);
	if (t->file) {
		attr(x, "file", t->file);
		attr(x, "file-sha256", t->file_sha256);
	}
	tailoring_each_setting(t, write_setting, x);
	for (size_t i = 0; i < rep->nwaivers; i++) {
		const struct rep_waiver *rw = &rep->waivers[i];
		const struct waiver *w = rw->w;
		start(x, "waiver");
		attr_int(x, "index", rw->index);
		attr(x, "rule", w->rule);
		attr(x, "status", rw->expired ? "expired" : "active");
		attr(x, "expires", w->expires);
		attr(x, "approved-by", w->approved_by);
		attr_int(x, "applied", rw->applied);
		attr(x, "environment", w->environment);
		attr(x, "record", w->record);
		attr(x, "correlation-id", w->correlation_id);
		attr(x, "file", w->file);
		text(x, w->reason);
		end(x);
	}
	end(x);
}

static void write_inputs(struct xw *x, const struct report *rep)
{
	start(x, "inputs");
	attr_int(x, "files", (long long)rep->ninputs);
	attr_int(x, "records", rep->input_records);
	attr_int(x, "rejected", rep->input_rejected);
	for (size_t i = 0; i < rep->ninputs; i++) {
		const struct rep_input *in = &rep->inputs[i];
		start(x, "input");
		attr(x, "path", in->path);
		attr(x, "bundle", in->bundle);
		attr(x, "sha256", in->sha256);
		attr_int(x, "size", in->size);
		attr(x, "format", in->format);
		attr(x, "read", in->note ? "false" : "true");
		attr_int(x, "records", in->records);
		attr_int(x, "rejected", in->rejected);
		attr(x, "note", in->note);
		end(x);
	}
	end(x);
}

static void write_summary(struct xw *x, const struct report *rep)
{
	start(x, "summary");
	attr_int(x, "findings", rep->counts.total);
	attr_int(x, "critical", rep->counts.by_severity[SEV_CRITICAL]);
	attr_int(x, "major", rep->counts.by_severity[SEV_MAJOR]);
	attr_int(x, "minor", rep->counts.by_severity[SEV_MINOR]);
	attr_int(x, "waived", rep->counts.waived);
	/* a review: whether the day had anything to judge (0: nothing shipped for it) */
	if (rep->type == REPORT_REVIEW)
		attr_int(x, "day-records", rep->day_records);
	end(x);
}

static void write_exec(struct xw *x, const struct report *rep)
{
	start(x, "execution-summary");
	for (size_t i = 0; i < rep->nexec; i++) {
		const struct rep_exec *r = &rep->exec[i];
		start(x, "row");
		attr(x, "environment", r->environment);
		attr(x, "mode", r->mode);
		attr_int(x, "submits", r->submits);
		attr_int(x, "acks", r->acks);
		attr_int(x, "fills", r->fills);
		attr_int(x, "partial-fills", r->partial_fills);
		attr_int(x, "cancels", r->cancels);
		attr_int(x, "rejects", r->rejects);
		attr_int(x, "symbols", r->symbols);
		attr_int(x, "kill-switch-tests", r->ks_tests);
		attr_int(x, "kill-switch-activations", r->ks_activations);
		attr_int(x, "kill-switch-tests-not-ok", r->ks_tests_not_ok);
		attr_int(x, "kill-switch-activations-not-ok", r->ks_activations_not_ok);
		end(x);
	}
	end(x);
}

/* The spans of the day's run-mode timeline, read from the store a row at a time. */
static void write_spans(struct xw *x, const struct report *rep)
{
	struct rep_rows *it = NULL;
	struct rep_span sp, *s = &sp;
	int rc = rep->nspans && !x->unread ? report_spans_open(rep, 0, &it, x->e) : 0;

	while (it && !rc && !x->failed && (rc = report_spans_next(it, s, x->e)) == 1) {
		rc = 0;
		start(x, "span");
		attr(x, "environment", s->environment);
		attr(x, "mode", s->mode ? s->mode : "undeclared");
		attr_time(x, "from", s->from);
		attr_time(x, "to", s->to);
		attr(x, "file", s->file);
		if (s->file)
			attr_int(x, "line", s->line);
		attr(x, "bundle", s->bundle);
		end(x);
	}
	report_rows_close(it);
	if (rc < 0)
		x->unread = 1;
}

/* What the PDF marks on the day's picture and lists under it. */
static void write_markers(struct xw *x, const struct report *rep)
{
	struct rep_rows *it = NULL;
	struct rep_marker mk, *m = &mk;
	int rc = rep->nmarkers && !x->unread ? report_markers_open(rep, MARKER_ORDER_TIME, &it, x->e) : 0;

	while (it && !rc && !x->failed && (rc = report_markers_next(it, m, x->e)) == 1) {
		rc = 0;
		start(x, "marker");
		attr(x, "kind", m->what);
		attr(x, "id", m->label);
		attr(x, "environment", m->environment);
		attr_time(x, "at", m->at);
		attr(x, "result", m->result);
		attr(x, "file", m->file);
		attr_int(x, "line", m->line);
		attr(x, "bundle", m->bundle);
		end(x);
	}
	report_rows_close(it);
	if (rc < 0)
		x->unread = 1;
}

static void write_timeline(struct xw *x, const struct report *rep)
{
	start(x, "run-mode-timeline");
	write_spans(x, rep);
	write_markers(x, rep);
	end(x);
}

static void write_incidents(struct xw *x, const struct report *rep)
{
	start(x, "incident-review");
	for (size_t i = 0; i < rep->nincidents; i++) {
		const struct rep_incident *in = &rep->incidents[i];
		start(x, "incident");
		attr(x, "id", in->incident_id);
		attr(x, "environment", in->environment);
		attr(x, "grade", in->grade);
		attr(x, "type", in->type);
		attr_time(x, "occurred-at", in->occurred_at);
		attr(x, "scope", in->scope);
		attr(x, "correlation-ids", in->correlation_ids);
		attr(x, "file", in->file);
		attr_int(x, "line", in->line);
		attr(x, "bundle", in->bundle);
		for (size_t k = 0; k < in->nactions; k++) {
			const struct rep_action *a = &in->actions[k];
			start(x, "action");
			attr(x, "step", a->step);
			if (a->has_at)
				attr_time(x, "at", a->at);
			attr(x, "by", a->by);
			text(x, a->note);
			end(x);
		}
		if (in->has_review) {
			start(x, "review");
			if (in->has_review_at)
				attr_time(x, "completed-at", in->review_at);
			attr(x, "reviewer", in->reviewer);
			text(x, in->summary);
			end(x);
		}
		end(x);
	}
	end(x);
}

static void write_alerts(struct xw *x, const struct report *rep)
{
	struct rep_rows *it = NULL;
	struct rep_alert al, *a = &al;
	int rc = rep->nalerts && !x->unread ? report_alerts_open(rep, 0, &it, x->e) : 0;

	start(x, "unresolved-alerts");
	while (it && !rc && !x->failed && (rc = report_alerts_next(it, a, x->e)) == 1) {
		rc = 0;
		start(x, "alert");
		attr(x, "id", a->alert_id);
		attr(x, "record", a->record);
		attr(x, "environment", a->environment);
		attr(x, "severity", a->severity);
		if (a->was_critical)
			attr(x, "was-critical", "true");
		attr(x, "component", a->component);
		attr(x, "status", a->status);
		attr(x, "correlation-id", a->cid);
		attr_time(x, "first-at", a->first_at);
		attr_time(x, "last-at", a->last_at);
		attr(x, "file", a->file);
		attr_int(x, "line", a->line);
		attr(x, "bundle", a->bundle);
		text(x, a->message);
		end(x);
	}
	report_rows_close(it);
	if (rc < 0)
		x->unread = 1;
	end(x);
}

static void write_integrity(struct xw *x, const struct report *rep)
{
	start(x, "log-integrity");
	attr_int(x, "files", (long long)rep->ninputs);
	attr_int(x, "records", rep->input_records);
	attr_int(x, "rejected", rep->input_rejected);
	for (int i = 0; i < INTEGRITY_RULES; i++) {
		start(x, "check");
		attr(x, "rule", integrity_rules[i]);
		attr_int(x, "findings", rep->integrity_by_rule[i]);
		end(x);
	}
	end(x);
}

static void write_day_sections(struct xw *x, const struct report *rep)
{
	write_exec(x, rep);
	write_timeline(x, rep);
	write_incidents(x, rep);
	write_alerts(x, rep);
	write_integrity(x, rep);
}

static void write_changes(struct xw *x, const struct report *rep)
{
	start(x, "changes");
	for (size_t i = 0; i < rep->nchanges; i++) {
		const struct rep_change *c = &rep->changes[i];
		start(x, "change");
		attr(x, "id", c->change_id);
		attr(x, "environment", c->environment);
		attr(x, "type", c->type);
		attr_time(x, "applied-at", c->applied_at);
		attr(x, "repair", c->repair < 0 ? "not-a-boolean" : c->repair ? "true" : "false");
		attr(x, "audit-ref", c->audit_ref);
		attr(x, "strategy-expansion", c->strategy_expansion < 0 ? "not-a-boolean"
					      : c->strategy_expansion ? "true" : "false");
		attr(x, "during-freeze", c->freeze_id);
		attr(x, "audited-repair", c->audited_repair ? "true" : "false");
		attr(x, "file", c->file);
		attr_int(x, "line", c->line);
		attr(x, "bundle", c->bundle);
		end(x);
	}
	end(x);
}

static void write_freezes(struct xw *x, const struct report *rep, const char *name)
{
	start(x, name);
	for (size_t i = 0; i < rep->nfreezes; i++) {
		const struct rep_freeze *f = &rep->freezes[i];
		start(x, "freeze");
		attr(x, "id", f->freeze_id);
		attr(x, "environment", f->environment);
		attr(x, "reason", f->reason);
		attr(x, "trigger", f->trigger);
		attr_time(x, "started-at", f->started_at);
		if (f->ended_at)
			attr_time(x, "ended-at", f->ended_at);
		attr(x, "lifted", f->ready < 0 ? "active" : f->ready ? "conditions-met"
								     : "conditions-not-met");
		attr(x, "file", f->file);
		attr_int(x, "line", f->line);
		attr(x, "bundle", f->bundle);
		end(x);
	}
	end(x);
}

static void write_deployments(struct xw *x, const struct report *rep)
{
	start(x, "deployments");
	for (size_t i = 0; i < rep->ndeployments; i++) {
		const struct rep_deployment *d = &rep->deployments[i];
		start(x, "deployment");
		attr(x, "id", d->deployment_id);
		attr(x, "environment", d->environment);
		attr(x, "status", d->status);
		attr(x, "owner", d->owner);
		attr_time(x, "deployed-at", d->deployed_at);
		attr(x, "gate-passed", d->gate_passed ? "true" : "false");
		attr(x, "verified", d->verified ? "true" : "false");
		attr(x, "file", d->file);
		attr_int(x, "line", d->line);
		attr(x, "bundle", d->bundle);
		end(x);
	}
	end(x);
	start(x, "document-locks");
	for (size_t i = 0; i < rep->nlocks; i++) {
		const struct rep_lock *l = &rep->locks[i];
		start(x, "lock");
		attr(x, "id", l->lock_id);
		attr_time(x, "effective-at", l->effective_at);
		attr(x, "documents", l->documents);
		attr(x, "file", l->file);
		attr_int(x, "line", l->line);
		attr(x, "bundle", l->bundle);
		end(x);
	}
	end(x);
}

static void write_days(struct xw *x, const struct report *rep)
{
	start(x, "days");
	for (size_t i = 0; i < rep->ndays; i++) {
		const struct rep_day *d = &rep->days[i];
		start(x, "day");
		attr(x, "date", d->date);
		attr(x, "verdict", d->compliant ? "compliant" : "non_compliant");
		attr_int(x, "findings", d->counts.total);
		attr_int(x, "critical", d->counts.by_severity[SEV_CRITICAL]);
		attr_int(x, "major", d->counts.by_severity[SEV_MAJOR]);
		attr_int(x, "minor", d->counts.by_severity[SEV_MINOR]);
		attr_int(x, "waived", d->counts.waived);
		attr_int(x, "records", d->records);
		end(x);
	}
	end(x);
	start(x, "rule-counts");
	for (size_t r = 0; r < rule_catalog_len; r++) {
		long total = 0;
		for (size_t d = 0; d < rep->ndays; d++)
			total += rep->rule_day_counts[r * rep->ndays + d];
		if (!total)
			continue;
		start(x, "rule");
		attr(x, "id", rule_catalog[r].id);
		attr_int(x, "findings", total);
		for (size_t d = 0; d < rep->ndays; d++) {
			long n = rep->rule_day_counts[r * rep->ndays + d];
			if (!n)
				continue;
			start(x, "day");
			attr(x, "date", rep->days[d].date);
			attr_int(x, "findings", n);
			end(x);
		}
		end(x);
	}
	end(x);
}

static void write_unfreeze(struct xw *x, const struct report *rep)
{
	const struct unfreeze *u = rep->unfreeze;

	start(x, "freeze");
	attr(x, "id", u->freeze_id);
	attr(x, "environment", u->environment);
	attr_time(x, "started-at", u->started_at);
	if (u->ended_at)
		attr_time(x, "ended-at", u->ended_at);
	attr(x, "file", rep->freeze_ref.file);
	attr_int(x, "line", rep->freeze_ref.line);
	attr(x, "bundle", rep->freeze_ref.bundle);
	end(x);
	start(x, "conditions");
	for (int c = 0; c < UNFREEZE_CONDITIONS; c++) {
		start(x, "condition");
		attr_int(x, "number", c + 1);
		attr(x, "name", unfreeze_condition_names[c]);
		attr(x, "status", u->cond[c].ready ? "ready" : "not_ready");
		for (size_t i = 0; i < u->cond[c].nitems; i++) {
			const struct uf_item *it = &u->cond[c].items[i];
			const struct rep_record_ref *ref = &rep->item_refs[c][i];
			start(x, "item");
			attr(x, "ok", it->ok ? "true" : "false");
			if (ref->file) {
				attr(x, "file", ref->file);
				attr_int(x, "line", ref->line);
				attr(x, "bundle", ref->bundle);
				attr(x, "record", ref->identity);
			}
			attr(x, "text-zh", it->text_zh);
			text(x, it->text);
			end(x);
		}
		end(x);
	}
	end(x);
	write_changes(x, rep);
}

static void write_checks(struct xw *x, const struct report *rep)
{
	start(x, "checks");
	for (size_t i = 0; i < rep->nchecks; i++) {
		const struct rep_check *c = &rep->checks[i];
		start(x, "check");
		attr(x, "rule", c->rule);
		attr(x, "status", c->status == CHECK_NOT_JUDGED ? "not_judged"
				  : c->status == CHECK_PASS    ? "pass"
							       : "fail");
		attr(x, "file", c->ref.file);
		if (c->ref.file)
			attr_int(x, "line", c->ref.line);
		attr(x, "bundle", c->ref.bundle);
		/* the second record it rests on: the lock beside the deployment, the first
		 * submit beside the checklist */
		if (c->also.file) {
			attr(x, "also-file", c->also.file);
			attr_int(x, "also-line", c->also.line);
			attr(x, "also-bundle", c->also.bundle);
		}
		attr(x, "text-zh", c->text_zh);
		/* a failed check a waiver covers, as its finding says */
		if (c->status == CHECK_FAIL && c->waiver)
			attr_int(x, "waiver", c->waiver);
		text(x, c->text);
		end(x);
	}
	end(x);
	write_freezes(x, rep, "active-freezes");
}

/* A gate's finding (CLI.md: a failing report names what fails as findings): its head
 * and two messages; the caller adds the evidence and ends it. */
static void start_gate_finding(struct xw *x, const struct report *rep, const char *rule,
			       enum severity sev, int64_t waiver, int64_t expired_waiver,
			       const char *en, const char *zh)
{
	const struct rule_def *def = rule_find(rule);

	start(x, "finding");
	attr(x, "rule", rule);
	attr(x, "severity", severity_name(sev));
	attr(x, "section", def ? def->section : NULL);
	attr(x, "day", rep->date);
	attr(x, "environment", rep->environment);
	attr(x, "waived", waiver ? "true" : "false");
	if (waiver)
		attr_int(x, "waiver", waiver);
	if (expired_waiver && !waiver)
		attr_int(x, "expired-waiver", expired_waiver);
	element_text(x, "message", "en", en);
	element_text(x, "message", "zh-TW", zh);
}

/* One <evidence> element: a place in a file and, when it is a record, what the record
 * is (kind, identity, correlation ID, time); context marks one cited for context only. */
static void evidence(struct xw *x, const char *file, long line, const char *bundle,
		     const char *kind, const char *identity, const char *cid, const char *time,
		     int context, const char *file_sha256)
{
	start(x, "evidence");
	attr(x, "file", file ? file : "");
	attr_int(x, "line", line);
	attr(x, "bundle", bundle);
	attr(x, "kind", kind);
	attr(x, "record", identity);
	attr(x, "correlation-id", cid);
	if (time[0])
		attr(x, "time", time);
	if (context)
		attr(x, "context", "true");
	attr(x, "file-sha256", file_sha256);
	end(x);
}

/* A record a preflight check or an unfreeze item rests on, cited as a review cites its
 * evidence. */
static void gate_evidence(struct xw *x, const struct rep_record_ref *ref)
{
	evidence(x, ref->file, ref->line, ref->bundle, ref->kind, ref->identity,
		 ref->correlation_id, ref->time, 0, NULL);
}

/* Preflight: a finding for each failed check, with its severity. */
static void write_check_findings(struct xw *x, const struct report *rep)
{
	struct buf en = BUF_INIT, zh = BUF_INIT;

	start(x, "findings");
	for (size_t i = 0; i < rep->nchecks; i++) {
		const struct rep_check *c = &rep->checks[i];
		const struct rule_def *def = rule_find(c->rule);
		if (c->status != CHECK_FAIL)
			continue;
		enum severity sev = report_check_severity(rep, c);
		/* the check's title, then what was found, alike in both languages */
		buf_reset(&en);
		buf_addf(&en, "%s: not passed (%s)", def ? def->title_en : c->rule, c->text);
		buf_reset(&zh);
		buf_addf(&zh, "%s：未通過（%s）", def ? def->title_zh : c->rule, c->text_zh);
		start_gate_finding(x, rep, c->rule, sev, c->waiver, c->expired_waiver, en.data,
				   zh.data);
		if (c->ref.file)
			gate_evidence(x, &c->ref);
		if (c->also.file)
			gate_evidence(x, &c->also);
		for (size_t k = 0; k < c->ncontext; k++) {
			const struct rep_record_ref *r = &c->context[k];
			evidence(x, r->file, r->line, r->bundle, r->kind, r->identity,
				 r->correlation_id, r->time, 1, NULL);
		}
		end(x);
	}
	end(x);
	buf_release(&en);
	buf_release(&zh);
}

/* Unfreeze audit: one DO-8.5-UNFREEZE finding when a condition is not met, resting on the
 * freeze and on each record that falls short. */
static void write_unfreeze_findings(struct xw *x, const struct report *rep)
{
	const struct unfreeze *u = rep->unfreeze;
	struct buf failed = BUF_INIT, en = BUF_INIT, zh = BUF_INIT;
	char at[ISO_MAX];

	start(x, "findings");
	if (!u->ready) {
		tz_format(u->at, at);
		unfreeze_describe_failed(u, 0, &failed);
		buf_addf(&en, "freeze %s may not be lifted as of %s: conditions not met: %s",
			 u->freeze_id, at, failed.data);
		buf_reset(&failed);
		unfreeze_describe_failed(u, 1, &failed);
		buf_addf(&zh, "凍結 %s 截至 %s 尚不得解除，條件未滿足：%s", u->freeze_id, at,
			 failed.data);
		start_gate_finding(x, rep, "DO-8.5-UNFREEZE", SEV_CRITICAL, rep->unfreeze_waiver,
				   rep->unfreeze_expired_waiver, en.data, zh.data);
		gate_evidence(x, &rep->freeze_ref);
		/* each record once: another version of the freeze falls short in several
		 * conditions */
		for (int c = 0; c < UNFREEZE_CONDITIONS; c++)
			for (size_t i = 0; i < u->cond[c].nitems; i++)
				if (unfreeze_item_cited(u, c, i) && rep->item_refs[c][i].file)
					gate_evidence(x, &rep->item_refs[c][i]);
		end(x);
	}
	end(x);
	buf_release(&failed);
	buf_release(&en);
	buf_release(&zh);
}

static void write_period_sections(struct xw *x, const struct report *rep)
{
	write_exec(x, rep);
	write_incidents(x, rep);
	write_alerts(x, rep);
	write_changes(x, rep);
	write_freezes(x, rep, "freezes");
	write_deployments(x, rep);
	write_integrity(x, rep);
}

static int write_findings(struct xw *x, const struct report *rep, struct error *e)
{
	struct rep_findings *it = NULL;
	struct rep_finding f;
	struct rep_evidence v;
	int rc;

	if (report_findings_open(rep, &it, e))
		return -1;
	start(x, "findings");
	while ((rc = report_findings_next(it, &f, e)) == 1 && !x->failed) {
		start(x, "finding");
		attr(x, "rule", f.rule);
		attr(x, "severity", severity_name(f.severity));
		attr(x, "section", f.def ? f.def->section : NULL);
		attr(x, "day", f.day);
		attr(x, "environment", f.environment);
		attr(x, "waived", f.waiver ? "true" : "false");
		if (f.waiver)
			attr_int(x, "waiver", f.waiver);
		if (f.expired_waiver)
			attr_int(x, "expired-waiver", f.expired_waiver);
		element_text(x, "message", "en", f.message_en);
		element_text(x, "message", "zh-TW", f.message_zh);
		while ((rc = report_evidence_next(it, &v, e)) == 1 && !x->failed)
			evidence(x, v.file, v.line, v.bundle, v.kind, v.identity,
				 v.correlation_id, v.time, v.context, v.file_sha256);
		end(x);
		if (rc < 0)
			break;
	}
	end(x);
	report_findings_close(it);
	return rc < 0 ? -1 : 0;
}

static const char *root_name(enum report_type t)
{
	switch (t) {
	case REPORT_PERIOD:
		return "period-report";
	case REPORT_UNFREEZE:
		return "unfreeze-audit";
	case REPORT_PREFLIGHT:
		return "preflight";
	default:
		return "review";
	}
}

int report_xml_write(const struct report *rep, const struct outfile *of, struct error *e)
{
	struct xw x = { NULL, 0, e, 0 };
	struct sink sink = { NULL, 0 };
	const char *path = of->path;
	xmlOutputBufferPtr ob;
	int rc = -1, fd;

	if ((fd = dup(of->fd)) < 0 || !(sink.fp = fdopen(fd, "wb"))) {
		error_at(e, error_io_status(errno), "report", path, 0, 0, NULL, "cannot write: %s",
			 strerror(errno));
		if (fd >= 0)
			close(fd);
		goto out;
	}
	ob = xmlOutputBufferCreateIO(sink_write, sink_close, &sink, NULL);
	if (!ob || !(x.w = xmlNewTextWriter(ob))) {
		if (ob)
			xmlOutputBufferClose(ob);
		else
			sink_close(&sink);
		error_at(e, EXIT_IO, "report", path, 0, 0, NULL, "cannot start the XML writer");
		goto out;
	}
	xmlTextWriterSetIndent(x.w, 1);
	xmlTextWriterSetIndentString(x.w, BAD_CAST "  ");
	if (xmlTextWriterStartDocument(x.w, NULL, "UTF-8", NULL) < 0)
		x.failed = 1;
	start(&x, root_name(rep->type));
	attr(&x, "verdict", rep->compliant ? "compliant" : "non_compliant");
	if (rep->type == REPORT_PERIOD) {
		attr(&x, "from", rep->from);
		attr(&x, "to", rep->to);
	} else {
		attr(&x, "date", rep->date);
	}
	if (rep->type == REPORT_UNFREEZE) {
		attr(&x, "freeze", rep->unfreeze->freeze_id);
		attr_time(&x, "at", rep->unfreeze->at);
	}
	if (rep->type == REPORT_PREFLIGHT && rep->first_submit)
		attr_time(&x, "first-submit", rep->as_of);
	/* an unfreeze audit's is its freeze's, which may be none or not a label (the schema) */
	if (rep->type != REPORT_UNFREEZE || rules_env_valid(rep->unfreeze->environment) ||
	    (rep->unfreeze->environment && !strcmp(rep->unfreeze->environment, "all")))
		attr(&x, "environment", rep->environment);
	attr(&x, "tool-version", TAITS_VERSION);
	attr(&x, "catalog-version", TAITS_CATALOG_VERSION);
	attr(&x, "fail-on", severity_name(rep->t->fail_on));
	write_tailoring(&x, rep);
	write_inputs(&x, rep);
	switch (rep->type) {
	case REPORT_REVIEW:
		write_summary(&x, rep);
		write_day_sections(&x, rep);
		if (x.unread || write_findings(&x, rep, e))
			goto out;
		break;
	case REPORT_PERIOD:
		write_summary(&x, rep);
		write_days(&x, rep);
		write_period_sections(&x, rep);
		if (x.unread || write_findings(&x, rep, e))
			goto out;
		break;
	case REPORT_UNFREEZE:
		write_unfreeze(&x, rep);
		write_unfreeze_findings(&x, rep);
		break;
	case REPORT_PREFLIGHT:
		write_checks(&x, rep);
		write_check_findings(&x, rep);
		break;
	}
	end(&x);
	if (x.unread)
		goto out;
	if (!x.failed && xmlTextWriterEndDocument(x.w) < 0)
		x.failed = 1;
	xmlFreeTextWriter(x.w); /* closes the sink */
	x.w = NULL;
	if (x.failed || sink.err) {
		error_at(e, error_io_status(sink.err), "report", path, 0, 0, NULL, "cannot write: %s",
			 sink.err ? strerror(sink.err) : "XML writer error");
		goto out;
	}
	rc = 0;
out:
	if (x.w)
		xmlFreeTextWriter(x.w);
	return rc;
}
