/*
 * model.c - gathering a report from the store and the findings tables.
 */
#include "model.h"
#include "message.h"

#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/timeutil.h"

const char *const integrity_rules[8] = {
	"LOG-REJECTED", "LOG-SEQ-GAP", "LOG-TS-ORDER", "LOG-CONFLICT",
	"LOG-MANIFEST", "LOG-HASH-CHAIN", "LINK-ORPHAN-EVENT", "LINK-CID-FORMAT",
};

static char *dup_col(sqlite3_stmt *s, int i)
{
	const unsigned char *v = sqlite3_column_text(s, i);

	return v ? xstrdup((const char *)v) : NULL;
}

static int fail(sqlite3 *db, struct error *e, const char *what)
{
	return error_set(e, EXIT_STORE, "report", "%s: %s", what, sqlite3_errmsg(db));
}

/* Prepares sql and binds ?1 start, ?2 end, ?3 env (NULL = all). */
static sqlite3_stmt *prep(const struct report *rep, const char *sql, int64_t ds, int64_t de,
			  struct error *e)
{
	sqlite3_stmt *s = NULL;

	if (sqlite3_prepare_v2(rep->db, sql, -1, &s, NULL) != SQLITE_OK) {
		fail(rep->db, e, "preparing the report");
		return NULL;
	}
	sqlite3_bind_int64(s, 1, ds);
	sqlite3_bind_int64(s, 2, de);
	if (strcmp(rep->environment, "all"))
		sqlite3_bind_text(s, 3, rep->environment, -1, SQLITE_STATIC);
	return s;
}

#define GROW(arr, n, cap)                                                                  \
	do {                                                                               \
		if ((n) == (cap)) {                                                        \
			(cap) = (cap) ? (cap) * 2 : 16;                                    \
			(arr) = xrealloc((arr), (cap) * sizeof(*(arr)));                   \
		}                                                                          \
	} while (0)

static int load_inputs(struct report *rep, struct error *e)
{
	static const char sql[] =
		"SELECT f.path, f.bundle, f.sha256, f.format, f.note, f.size, f.records, f.rejected"
		" FROM input_file f JOIN temp.rel_file r ON r.file_id = f.id"
		" ORDER BY f.path, f.sha256";
	sqlite3_stmt *s = prep(rep, sql, 0, 0, e);
	size_t cap = 0;
	int rc;

	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		GROW(rep->inputs, rep->ninputs, cap);
		struct rep_input *in = &rep->inputs[rep->ninputs++];
		in->path = dup_col(s, 0);
		in->bundle = dup_col(s, 1);
		in->sha256 = dup_col(s, 2);
		in->format = dup_col(s, 3);
		in->note = dup_col(s, 4);
		in->size = sqlite3_column_int64(s, 5);
		in->records = sqlite3_column_int64(s, 6);
		in->rejected = sqlite3_column_int64(s, 7);
		rep->input_records += in->records;
		rep->input_rejected += in->rejected;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : fail(rep->db, e, "listing inputs");
}

static int load_exec(struct report *rep, int64_t ds, int64_t de, struct error *e)
{
	static const char sql[] =
		"SELECT coalesce(environment, '(unlabelled)'),"
		"       coalesce(mode_at(environment, ts), 'undeclared') AS mode,"
		"       sum(kind = 'execution' AND event = 'submit'),"
		"       sum(kind = 'execution' AND event = 'ack'),"
		"       sum(kind = 'execution' AND event = 'fill'),"
		"       sum(kind = 'execution' AND event = 'partial_fill'),"
		"       sum(kind = 'execution' AND event = 'cancel'),"
		"       sum(kind = 'execution' AND event = 'reject'),"
		"       count(DISTINCT CASE WHEN kind = 'execution' THEN symbol END),"
		"       sum(kind = 'kill_switch' AND action = 'test'),"
		"       sum(kind = 'kill_switch' AND action = 'activate')"
		" FROM record"
		" WHERE kind IN ('execution', 'kill_switch') AND ts >= ?1 AND ts < ?2"
		"   AND (?3 IS NULL OR environment = ?3)"
		" GROUP BY 1, 2 ORDER BY 1, 2";
	sqlite3_stmt *s = prep(rep, sql, ds, de, e);
	size_t cap = 0;
	int rc;

	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		GROW(rep->exec, rep->nexec, cap);
		struct rep_exec *x = &rep->exec[rep->nexec++];
		x->environment = dup_col(s, 0);
		x->mode = dup_col(s, 1);
		x->submits = sqlite3_column_int(s, 2);
		x->acks = sqlite3_column_int(s, 3);
		x->fills = sqlite3_column_int(s, 4);
		x->partial_fills = sqlite3_column_int(s, 5);
		x->cancels = sqlite3_column_int(s, 6);
		x->rejects = sqlite3_column_int(s, 7);
		x->symbols = sqlite3_column_int(s, 8);
		x->ks_tests = sqlite3_column_int(s, 9);
		x->ks_activations = sqlite3_column_int(s, 10);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : fail(rep->db, e, "summarising executions");
}

static int load_spans(struct report *rep, int64_t ds, int64_t de, struct error *e)
{
	static const char sql[] =
		"SELECT s.environment, s.mode, max(s.start, ?1), min(s.end, ?2), f.path, r.line"
		" FROM temp.mode_span s JOIN record r ON r.id = s.record_id"
		" JOIN input_file f ON f.id = r.file_id"
		" WHERE s.start < ?2 AND s.end > ?1 AND (?3 IS NULL OR s.environment = ?3)"
		" ORDER BY s.environment, s.start";
	sqlite3_stmt *s = prep(rep, sql, ds, de, e);
	size_t cap = 0;
	int rc;

	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *env = (const char *)sqlite3_column_text(s, 0);
		int64_t from = sqlite3_column_int64(s, 2);
		/* An environment whose first declaration falls inside the day was undeclared
		 * before it. */
		if (from > ds && (!rep->nspans || strcmp(rep->spans[rep->nspans - 1].environment,
							   env))) {
			GROW(rep->spans, rep->nspans, cap);
			struct rep_span *u = &rep->spans[rep->nspans++];
			memset(u, 0, sizeof(*u));
			u->environment = xstrdup(env);
			u->from = ds;
			u->to = from;
		}
		GROW(rep->spans, rep->nspans, cap);
		struct rep_span *sp = &rep->spans[rep->nspans++];
		sp->environment = xstrdup(env);
		sp->mode = dup_col(s, 1);
		sp->from = from;
		sp->to = sqlite3_column_int64(s, 3);
		sp->file = dup_col(s, 4);
		sp->line = sqlite3_column_int(s, 5);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : fail(rep->db, e, "building the run-mode timeline");
}

static int load_incidents(struct report *rep, int64_t ds, int64_t de, struct error *e)
{
	static const char sql[] =
		"SELECT i.id, i.incident_id, i.environment, i.type, i.grade, i.scope, i.occurred_at,"
		"       f.path, i.line, i.has_review, i.review_completed_at, i.reviewer, i.summary,"
		"       (SELECT group_concat(correlation_id, ', ') FROM"
		"        (SELECT correlation_id FROM incident_correlation WHERE record_id = i.id"
		"         ORDER BY pos))"
		" FROM incident i JOIN input_file f ON f.id = i.file_id"
		" WHERE i.occurred_at >= ?1 AND i.occurred_at < ?2"
		"   AND (?3 IS NULL OR i.environment = ?3)"
		" ORDER BY i.occurred_at, i.incident_id, i.id";
	sqlite3_stmt *s = prep(rep, sql, ds, de, e), *a = NULL;
	size_t cap = 0;
	int rc;

	if (!s)
		return -1;
	if (sqlite3_prepare_v2(rep->db,
			       "SELECT step, at, by, note FROM incident_action WHERE record_id = ?1"
			       " ORDER BY pos",
			       -1, &a, NULL) != SQLITE_OK) {
		sqlite3_finalize(s);
		return fail(rep->db, e, "reading incident actions");
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		GROW(rep->incidents, rep->nincidents, cap);
		struct rep_incident *in = &rep->incidents[rep->nincidents++];
		size_t acap = 0;
		memset(in, 0, sizeof(*in));
		in->incident_id = dup_col(s, 1);
		in->environment = dup_col(s, 2);
		in->type = dup_col(s, 3);
		in->grade = dup_col(s, 4);
		in->scope = dup_col(s, 5);
		in->occurred_at = sqlite3_column_int64(s, 6);
		in->file = dup_col(s, 7);
		in->line = sqlite3_column_int(s, 8);
		in->has_review = sqlite3_column_int(s, 9);
		in->has_review_at = sqlite3_column_type(s, 10) != SQLITE_NULL;
		in->review_at = sqlite3_column_int64(s, 10);
		in->reviewer = dup_col(s, 11);
		in->summary = dup_col(s, 12);
		in->correlation_ids = dup_col(s, 13);
		sqlite3_reset(a);
		sqlite3_bind_int64(a, 1, sqlite3_column_int64(s, 0));
		while (sqlite3_step(a) == SQLITE_ROW) {
			GROW(in->actions, in->nactions, acap);
			struct rep_action *x = &in->actions[in->nactions++];
			x->step = dup_col(a, 0);
			x->has_at = sqlite3_column_type(a, 1) != SQLITE_NULL;
			x->at = sqlite3_column_int64(a, 1);
			x->by = dup_col(a, 2);
			x->note = dup_col(a, 3);
		}
	}
	sqlite3_finalize(a);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : fail(rep->db, e, "reading incidents");
}

/* Alerts whose latest record at or before the end of the day is not resolved. */
static int load_alerts(struct report *rep, int64_t de, struct error *e)
{
	static const char sql[] =
		"WITH latest AS ("
		" SELECT a.* FROM record a WHERE a.kind = 'alert' AND a.ts < ?2"
		"   AND a.alert_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM record b"
		"   WHERE b.kind = 'alert' AND b.alert_id = a.alert_id AND b.ts < ?2"
		"   AND (b.ts > a.ts OR (b.ts = a.ts AND (b.source > a.source OR"
		"        (b.source = a.source AND b.seq > a.seq))))))"
		"SELECT l.alert_id, l.environment, l.severity, l.component, l.message, l.status,"
		"       l.correlation_id, f.path, l.line,"
		"       (SELECT min(ts) FROM record WHERE kind = 'alert' AND alert_id = l.alert_id),"
		"       l.ts"
		" FROM latest l JOIN input_file f ON f.id = l.file_id"
		" WHERE l.status IS NOT 'resolved' AND (?3 IS NULL OR l.environment = ?3)"
		" ORDER BY l.ts, l.alert_id";
	sqlite3_stmt *s = prep(rep, sql, 0, de, e);
	size_t cap = 0;
	int rc;

	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		GROW(rep->alerts, rep->nalerts, cap);
		struct rep_alert *a = &rep->alerts[rep->nalerts++];
		a->alert_id = dup_col(s, 0);
		a->environment = dup_col(s, 1);
		a->severity = dup_col(s, 2);
		a->component = dup_col(s, 3);
		a->message = dup_col(s, 4);
		a->status = dup_col(s, 5);
		a->cid = dup_col(s, 6);
		a->file = dup_col(s, 7);
		a->line = sqlite3_column_int(s, 8);
		a->first_at = sqlite3_column_int64(s, 9);
		a->last_at = sqlite3_column_int64(s, 10);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : fail(rep->db, e, "listing unresolved alerts");
}

static int load_markers(struct report *rep, int64_t ds, int64_t de, struct error *e)
{
	static const char sql[] =
		"SELECT environment, 'critical_alert', alert_id, ts FROM record a"
		" WHERE kind = 'alert' AND ts >= ?1 AND ts < ?2 AND severity = 'CRITICAL'"
		"   AND NOT EXISTS (SELECT 1 FROM record b WHERE b.kind = 'alert'"
		"   AND b.severity = 'CRITICAL' AND b.alert_id = a.alert_id AND b.ts < a.ts)"
		" UNION ALL SELECT environment, 'kill_switch_' || action, correlation_id, ts"
		" FROM record WHERE kind = 'kill_switch' AND ts >= ?1 AND ts < ?2"
		"   AND action IN ('test', 'activate')"
		" UNION ALL SELECT environment, 'incident', incident_id, occurred_at FROM incident"
		" WHERE occurred_at >= ?1 AND occurred_at < ?2"
		" UNION ALL SELECT environment, 'change', change_id, applied_at FROM change"
		" WHERE applied_at >= ?1 AND applied_at < ?2";
	struct buf q = BUF_INIT;
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc;

	buf_addf(&q, "SELECT * FROM (%s) WHERE ?3 IS NULL OR environment = ?3"
		     " ORDER BY 4, 2, 3", sql);
	s = prep(rep, q.data, ds, de, e);
	buf_release(&q);
	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		GROW(rep->markers, rep->nmarkers, cap);
		struct rep_marker *m = &rep->markers[rep->nmarkers++];
		m->environment = dup_col(s, 0);
		m->what = dup_col(s, 1);
		m->label = dup_col(s, 2);
		m->at = sqlite3_column_int64(s, 3);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : fail(rep->db, e, "listing timeline markers");
}

static int load_counts(struct report *rep, struct error *e)
{
	sqlite3_stmt *s = NULL;
	int rc;

	rep->nwaivers = rep->t->nwaivers;
	rep->waivers = xcalloc(rep->nwaivers ? rep->nwaivers : 1, sizeof(*rep->waivers));
	for (size_t i = 0; i < rep->nwaivers; i++) {
		rep->waivers[i].w = &rep->t->waivers[i];
		rep->waivers[i].index = (int)i + 1;
		rep->waivers[i].expired = strcmp(rep->t->waivers[i].expires, rep->to) < 0;
	}
	if (sqlite3_prepare_v2(rep->db,
			       "SELECT rule, waiver, count(*) FROM temp.finding"
			       " WHERE day >= ?1 AND day <= ?2 GROUP BY 1, 2",
			       -1, &s, NULL) != SQLITE_OK)
		return fail(rep->db, e, "counting findings");
	sqlite3_bind_text(s, 1, rep->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, rep->to, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *rule = (const char *)sqlite3_column_text(s, 0);
		int w = sqlite3_column_int(s, 1);
		for (int i = 0; i < 8; i++)
			if (!strcmp(rule, integrity_rules[i]))
				rep->integrity_by_rule[i] += sqlite3_column_int(s, 2);
		if (w > 0 && (size_t)w <= rep->nwaivers)
			rep->waivers[w - 1].applied += sqlite3_column_int(s, 2);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : fail(rep->db, e, "counting findings");
}

int report_review(struct report *rep, sqlite3 *db, struct rules *rules,
		  const struct tailoring *t, int64_t day, const char *env, struct error *e)
{
	int64_t ds, de;

	memset(rep, 0, sizeof(*rep));
	rep->type = REPORT_REVIEW;
	rep->db = db;
	rep->t = t;
	day_format(day, rep->date);
	memcpy(rep->from, rep->date, sizeof(rep->from));
	memcpy(rep->to, rep->date, sizeof(rep->to));
	snprintf(rep->environment, sizeof(rep->environment), "%s", env ? env : "all");
	tz_day_bounds(day, &ds, &de);
	rep->day_start = ds;
	rep->day_end = de;
	tailoring_session(t, day, &rep->session_start, &rep->session_end);
	if (rules_evaluate_day(rules, day, env, &rep->counts, e) || load_inputs(rep, e) ||
	    load_exec(rep, ds, de, e) || load_spans(rep, ds, de, e) ||
	    load_incidents(rep, ds, de, e) || load_alerts(rep, de, e) ||
	    load_markers(rep, ds, de, e) || load_counts(rep, e))
		return -1;
	rep->compliant = 1;
	for (int s = t->fail_on; s <= SEV_CRITICAL; s++)
		if (rep->counts.by_severity[s])
			rep->compliant = 0;
	return 0;
}

void report_release(struct report *rep)
{
	for (size_t i = 0; i < rep->ninputs; i++) {
		struct rep_input *in = &rep->inputs[i];
		free(in->path), free(in->bundle), free(in->sha256), free(in->format), free(in->note);
	}
	free(rep->inputs);
	for (size_t i = 0; i < rep->nexec; i++)
		free(rep->exec[i].environment), free(rep->exec[i].mode);
	free(rep->exec);
	for (size_t i = 0; i < rep->nspans; i++)
		free(rep->spans[i].environment), free(rep->spans[i].mode), free(rep->spans[i].file);
	free(rep->spans);
	for (size_t i = 0; i < rep->nincidents; i++) {
		struct rep_incident *in = &rep->incidents[i];
		for (size_t k = 0; k < in->nactions; k++)
			free(in->actions[k].step), free(in->actions[k].by), free(in->actions[k].note);
		free(in->actions);
		free(in->incident_id), free(in->environment), free(in->type), free(in->grade);
		free(in->scope), free(in->file), free(in->reviewer), free(in->summary);
		free(in->correlation_ids);
	}
	free(rep->incidents);
	for (size_t i = 0; i < rep->nalerts; i++) {
		struct rep_alert *a = &rep->alerts[i];
		free(a->alert_id), free(a->environment), free(a->severity), free(a->component);
		free(a->message), free(a->status), free(a->cid), free(a->file);
	}
	free(rep->alerts);
	for (size_t i = 0; i < rep->nmarkers; i++) {
		struct rep_marker *m = &rep->markers[i];
		free(m->environment), free(m->what), free(m->label);
	}
	free(rep->markers);
	free(rep->waivers);
	memset(rep, 0, sizeof(*rep));
}

/* ---- findings ---- */

struct rep_findings {
	sqlite3 *db;
	sqlite3_stmt *list, *ev;
	struct rep_finding cur;
	struct buf strings; /* identities of the current evidence */
	char **owned;
	size_t nowned, capowned;
};

static const char *keep(struct rep_findings *it, const char *s)
{
	if (!s)
		return NULL;
	GROW(it->owned, it->nowned, it->capowned);
	it->owned[it->nowned] = xstrdup(s);
	return it->owned[it->nowned++];
}

static void clear_current(struct rep_findings *it)
{
	free(it->cur.message_en);
	free(it->cur.message_zh);
	free(it->cur.evidence);
	for (size_t i = 0; i < it->nowned; i++)
		free(it->owned[i]);
	it->nowned = 0;
	memset(&it->cur, 0, sizeof(it->cur));
}

int report_findings_open(const struct report *rep, struct rep_findings **out, struct error *e)
{
	static const char list[] =
		"SELECT f.id, f.rule, f.severity, f.day, f.environment, f.args, f.waiver,"
		"       f.expired_waiver"
		" FROM temp.finding f"
		" LEFT JOIN temp.evidence e0 ON e0.finding_id = f.id AND e0.pos = 0"
		" LEFT JOIN input_file p ON p.id = e0.file_id"
		" WHERE f.day >= ?1 AND f.day <= ?2"
		" ORDER BY f.severity DESC, f.rule, f.day, p.path, e0.line, f.args, f.id";
	static const char ev[] =
		"SELECT p.path, e.line, r.kind,"
		"       coalesce(r.kind || ' ' || r.rid, r.kind || ' ' || r.source || '#' || r.seq,"
		"                e.subject),"
		"       r.correlation_id, r.ts, r.ts_offset"
		" FROM temp.evidence e LEFT JOIN input_file p ON p.id = e.file_id"
		" LEFT JOIN record r ON r.id = e.record_id"
		" WHERE e.finding_id = ?1 ORDER BY e.pos";
	struct rep_findings *it = xcalloc(1, sizeof(*it));

	it->db = rep->db;
	if (sqlite3_prepare_v2(rep->db, list, -1, &it->list, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(rep->db, ev, -1, &it->ev, NULL) != SQLITE_OK) {
		fail(rep->db, e, "reading findings");
		report_findings_close(it);
		return -1;
	}
	sqlite3_bind_text(it->list, 1, rep->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(it->list, 2, rep->to, -1, SQLITE_STATIC);
	*out = it;
	return 0;
}

int report_findings_next(struct rep_findings *it, struct rep_finding *out, struct error *e)
{
	struct tree_error terr;
	cJSON *args;
	size_t cap = 0;
	int rc = sqlite3_step(it->list);

	clear_current(it);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return fail(it->db, e, "reading findings");
	struct rep_finding *f = &it->cur;
	f->rule = keep(it, (const char *)sqlite3_column_text(it->list, 1));
	f->def = rule_find(f->rule);
	f->severity = (enum severity)sqlite3_column_int(it->list, 2);
	f->day = keep(it, (const char *)sqlite3_column_text(it->list, 3));
	f->environment = keep(it, (const char *)sqlite3_column_text(it->list, 4));
	f->waiver = sqlite3_column_int(it->list, 6);
	f->expired_waiver = sqlite3_column_int(it->list, 7);
	sqlite3_reset(it->ev);
	sqlite3_bind_int64(it->ev, 1, sqlite3_column_int64(it->list, 0));
	while ((rc = sqlite3_step(it->ev)) == SQLITE_ROW) {
		GROW(f->evidence, f->nevidence, cap);
		struct rep_evidence *x = &f->evidence[f->nevidence++];
		memset(x, 0, sizeof(*x));
		x->file = keep(it, (const char *)sqlite3_column_text(it->ev, 0));
		x->line = sqlite3_column_int(it->ev, 1);
		x->kind = keep(it, (const char *)sqlite3_column_text(it->ev, 2));
		x->identity = keep(it, (const char *)sqlite3_column_text(it->ev, 3));
		x->correlation_id = keep(it, (const char *)sqlite3_column_text(it->ev, 4));
		if (sqlite3_column_type(it->ev, 5) != SQLITE_NULL)
			iso_format(sqlite3_column_int64(it->ev, 5), sqlite3_column_int(it->ev, 6),
				   x->time);
	}
	if (rc != SQLITE_DONE)
		return fail(it->db, e, "reading evidence");
	args = tree_parse_json((const char *)sqlite3_column_text(it->list, 5),
			       (size_t)sqlite3_column_bytes(it->list, 5), &terr);
	{
		const char *rec = f->nevidence && f->evidence[0].kind ? f->evidence[0].identity
								      : NULL;
		f->message_en = message_render(f->def ? f->def->message_en : f->rule, args, rec, 0);
		f->message_zh = message_render(f->def ? f->def->message_zh : f->rule, args, rec, 1);
	}
	cJSON_Delete(args);
	*out = *f;
	return 1;
}

void report_findings_close(struct rep_findings *it)
{
	if (!it)
		return;
	clear_current(it);
	free(it->owned);
	sqlite3_finalize(it->list);
	sqlite3_finalize(it->ev);
	buf_release(&it->strings);
	free(it);
}
