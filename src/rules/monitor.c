/*
 * monitor.c - §5 monitoring and alerts, and the §7.3 halt after a CRITICAL alert or kill.
 */
#include "engine.h"

#include <stdio.h>
#include <string.h>

#include "../tailoring.h"
#include "../util/buf.h"
#include "../util/jsonw.h"
#include "../util/timeutil.h"

static const char *const components[] = {
	"risk_compliance", "governance_gate", "execution", "system_health", "audit_log",
};

/* Watched in any mode but disabled, as the span's mode reads (span.read): a misspelt
 * live_execution is watched as live. */
static int monitored(const char *read)
{
	return read && strcmp(read, "disabled");
}

/*
 * The watched window is the session of each trading day while the mode is watched. When a
 * session closes at midnight and the next day's opens at it (a session of 00:00-24:00),
 * the window runs on across days: a gap across midnight is one gap. A gap is reported by
 * the day on which it grew longer than the limit (the day holding its start plus the
 * limit), measured to its end wherever that falls; one that the store shows no end of
 * yet is measured to the end of that day and said to be still open.
 */

/* One stretch of the window, as the day sees it: [a, b) of the day. It began at `began`,
 * before a when it runs across midnight into the day, and runs on past b when `runs_on`.
 * `opener` is the mode change that opened it inside a session (0 when a session's open
 * did); `in_force`, the mode change in force when it began, cited by a gap only when the
 * stretch holds no heartbeat at all. */
struct stretch {
	int64_t a, b, began, opener, in_force;
	int runs_on;
};

static int gap(struct rules_ctx *ctx, const struct rule_def *rule, const char *env,
	       const char *component, int64_t from, int64_t to, int64_t before_id,
	       int64_t after_id, int still_open, const struct stretch *st)
{
	struct buf args = BUF_INIT;
	struct evidence ev[2];
	char a[ISO_MAX], b[ISO_MAX], secs[32];
	size_t n = 0;
	int rc;

	memset(ev, 0, sizeof(ev));
	if (before_id || st->opener)
		ev[n++].record_id = before_id ? before_id : st->opener;
	if (after_id)
		ev[n++].record_id = after_id;
	if (!n)
		ev[n++].record_id = st->in_force;
	tz_format(from, a);
	tz_format(to, b);
	jsonw_begin(&args);
	jsonw_str(&args, "environment", env);
	jsonw_str(&args, "component", component);
	jsonw_str(&args, "from", a);
	jsonw_str(&args, "to", b);
	/* to the microsecond: a gap of 60.001 s must not read as the 60 s allowed */
	if ((to - from) % US_PER_SEC) {
		int w = snprintf(secs, sizeof(secs), "%lld.%06lld",
				 (long long)((to - from) / US_PER_SEC),
				 (long long)((to - from) % US_PER_SEC));
		while (secs[w - 1] == '0')
			secs[--w] = '\0';
	} else {
		snprintf(secs, sizeof(secs), "%lld", (long long)((to - from) / US_PER_SEC));
	}
	jsonw_str(&args, "seconds", secs);
	jsonw_str(&args, "still", still_open ? PHRASE_STILL_OPEN : "");
	jsonw_end(&args);
	rc = rules_emit(ctx, rule, SEV_NONE, env, args.data, ev, n);
	buf_release(&args);
	return rc;
}

/* Fills in where st, open at the start of the day (midnight), began: going back a day at a
 * time while the day before's session closes at that midnight and the mode stays watched,
 * to the session's open or the mode change that opened it. */
static void stretch_began(const struct rules_ctx *ctx, const struct span *s, size_t n,
			  struct stretch *st)
{
	int64_t day = ctx->day, t = st->a;

	for (int k = 0; k < 366; k++) {
		int64_t s0, e0, d0, d1;
		size_t i = rules_span_at(s, n, t - 1);

		day--;
		if (!tailoring_session(ctx->t, day, &s0, &e0) || e0 != t || i == n ||
		    !monitored(s[i].read))
			break;
		while (i > 0 && monitored(s[i - 1].read) && s[i].start > s0)
			i--;
		tz_day_bounds(day, &d0, &d1);
		t = s[i].start > s0 ? s[i].start : s0;
		st->began = t;
		st->in_force = s[i].record_id;
		st->opener = s[i].start > s0 ? s[i].record_id : 0;
		if (t > d0)
			break; /* opened that day, by the session or by a mode change */
	}
}

/* Where st, running on past the end of the day, ends: walking on a day at a time while
 * each day's session opens where the last closed and the mode stays watched, to the
 * first session close or mode change that ends it. 0 when it runs on past a year. */
static int64_t stretch_end(const struct rules_ctx *ctx, const struct span *s, size_t n,
			   const struct stretch *st)
{
	int64_t day = ctx->day, t = st->b;

	for (int k = 0; k < 366; k++) {
		int64_t s1, e1;
		size_t i = rules_span_at(s, n, t);

		day++;
		if (!tailoring_session(ctx->t, day, &s1, &e1) || s1 != t || i == n ||
		    !monitored(s[i].read))
			return t;
		while (i + 1 < n && monitored(s[i + 1].read) && s[i + 1].start < e1)
			i++;
		if (s[i].end < e1)
			return s[i].end;
		t = e1;
	}
	return 0;
}

/* Whether st, open at the end of the day (midnight), runs on into the next day. */
static int stretch_runs_on(const struct rules_ctx *ctx, const struct span *s, size_t n,
			   const struct stretch *st)
{
	int64_t s1, e1;
	size_t i = rules_span_at(s, n, st->b);

	return tailoring_session(ctx->t, ctx->day + 1, &s1, &e1) && s1 == st->b && i < n &&
	       monitored(s[i].read);
}

static void bind_heartbeats(sqlite3_stmt *q, const char *env, const char *component,
			    int64_t from, int64_t to)
{
	sqlite3_reset(q);
	sqlite3_bind_text(q, 1, env, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, component, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, from);
	sqlite3_bind_int64(q, 4, to);
}

/* The last gap of a stretch that runs on past the day and grew too long within it: to the
 * component's next heartbeat, else to the stretch's end once the store holds a heartbeat
 * of the environment past it, else still open at the end of the day. `q` reads heartbeats
 * in [from, to) in order. */
static int open_gap(struct rules_ctx *ctx, const struct rule_def *rule, sqlite3_stmt *q,
		    const char *env, const char *component, int64_t prev, int64_t prev_id,
		    const struct stretch *st, int64_t end)
{
	static const char later[] =
		"SELECT 1 FROM record WHERE kind = 'heartbeat' AND ts >= ?1 AND environment = ?2"
		" LIMIT 1";
	sqlite3_stmt *s = NULL;
	int rc;

	bind_heartbeats(q, env, component, st->b, end ? end : INT64_MAX);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		return gap(ctx, rule, env, component, prev, sqlite3_column_int64(q, 1), prev_id,
			   sqlite3_column_int64(q, 0), 0, st);
	if (rc != SQLITE_DONE)
		goto fail;
	if (end) {
		if (sqlite3_prepare_v2(ctx->db, later, -1, &s, NULL) != SQLITE_OK)
			goto fail;
		sqlite3_bind_int64(s, 1, end);
		sqlite3_bind_text(s, 2, env, -1, SQLITE_STATIC);
		rc = sqlite3_step(s);
		sqlite3_finalize(s);
		if (rc == SQLITE_ROW)
			return gap(ctx, rule, env, component, prev, end, prev_id, 0, 0, st);
		if (rc != SQLITE_DONE)
			goto fail;
	}
	return gap(ctx, rule, env, component, prev, st->b, prev_id, 0, 1, st);
fail:
	return error_set(ctx->e, EXIT_STORE, "review", "reading heartbeats: %s",
			 sqlite3_errmsg(ctx->db));
}

/* Heartbeat gaps of one component within one stretch, those that grew longer than the
 * limit on this day. `q` reads heartbeats in [from, to) in order; `last`, the last of
 * them. */
static int stretch_gaps(struct rules_ctx *ctx, const struct rule_def *rule, sqlite3_stmt *q,
			sqlite3_stmt *last, const char *env, const char *component,
			const struct stretch *st, int64_t end)
{
	int64_t max = ctx->t->monitor_max_gap_s * US_PER_SEC, prev = st->began, prev_id = 0;
	int rc;

	if (st->began < st->a) { /* the stretch's last heartbeat before the day */
		bind_heartbeats(last, env, component, st->began, st->a);
		if ((rc = sqlite3_step(last)) == SQLITE_ROW) {
			prev_id = sqlite3_column_int64(last, 0);
			prev = sqlite3_column_int64(last, 1);
		} else if (rc != SQLITE_DONE) {
			return error_set(ctx->e, EXIT_STORE, "review", "reading heartbeats: %s",
					 sqlite3_errmsg(ctx->db));
		}
	}
	bind_heartbeats(q, env, component, st->a, st->b);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t ts = sqlite3_column_int64(q, 1), id = sqlite3_column_int64(q, 0);
		/* too long, and not already on the day before (its start plus the limit) */
		if (ts - prev > max && prev + max >= ctx->ds &&
		    gap(ctx, rule, env, component, prev, ts, prev_id, id, 0, st))
			return -1;
		prev = ts;
		prev_id = id;
	}
	if (rc != SQLITE_DONE)
		return error_set(ctx->e, EXIT_STORE, "review", "reading heartbeats: %s",
				 sqlite3_errmsg(ctx->db));
	if (prev + max < ctx->ds)
		return 0; /* the last gap grew too long on an earlier day: that day's */
	if (!st->runs_on)
		return st->b - prev > max &&
		       gap(ctx, rule, env, component, prev, st->b, prev_id, 0, 0, st) ? -1 : 0;
	/* running on: this day's only if it grew too long before the day's end */
	if (prev + max >= st->b)
		return 0;
	/* q is done with this stretch's heartbeats of the day: open_gap() reuses it */
	return open_gap(ctx, rule, q, env, component, prev, prev_id, st, end);
}

int rule_monitor_gap(struct rules_ctx *ctx, const struct rule_def *rule)
{
	static const char heartbeats[] =
		"SELECT id, ts FROM record WHERE kind = 'heartbeat'"
		" AND ts >= ?3 AND ts < ?4 AND environment = ?1 AND component = ?2";
	struct rules *r = ctx->r;
	sqlite3_stmt *q = NULL, *last = NULL;
	struct buf sql = BUF_INIT;
	int ret = -1;

	if (!ctx->session_end)
		return 0; /* not a trading day */
	buf_addf(&sql, "%s ORDER BY ts, content, id", heartbeats);
	if (sqlite3_prepare_v2(ctx->db, sql.data, -1, &q, NULL) != SQLITE_OK)
		goto fail;
	buf_reset(&sql);
	buf_addf(&sql, "%s ORDER BY ts DESC, content DESC, id DESC LIMIT 1", heartbeats);
	if (sqlite3_prepare_v2(ctx->db, sql.data, -1, &last, NULL) != SQLITE_OK)
		goto fail;
	for (size_t k = 0; k < r->nenvs; k++) {
		const char *env = r->envs[k];
		size_t n;
		const struct span *s = rules_spans(r, env, &n);

		if (ctx->env && strcmp(ctx->env, env))
			continue;
		/* Merge watched spans inside the session into stretches. */
		for (size_t i = 0; i < n; i++) {
			struct stretch st;
			if (!monitored(s[i].read) || s[i].end <= ctx->session_start ||
			    s[i].start >= ctx->session_end)
				continue;
			st.a = s[i].start > ctx->session_start ? s[i].start : ctx->session_start;
			st.began = st.a;
			st.in_force = s[i].record_id;
			st.opener = s[i].start > ctx->session_start ? s[i].record_id : 0;
			while (i + 1 < n && monitored(s[i + 1].read) &&
			       s[i + 1].start < ctx->session_end)
				i++;
			st.b = s[i].end < ctx->session_end ? s[i].end : ctx->session_end;
			if (st.a == ctx->ds)
				stretch_began(ctx, s, n, &st);
			st.runs_on = st.b == ctx->de && stretch_runs_on(ctx, s, n, &st);
			int64_t end = st.runs_on ? stretch_end(ctx, s, n, &st) : st.b;
			for (size_t c = 0; c < sizeof(components) / sizeof(components[0]); c++)
				if (stretch_gaps(ctx, rule, q, last, env, components[c], &st, end))
					goto out;
		}
	}
	ret = 0;
	goto out;
fail:
	error_set(ctx->e, EXIT_STORE, "review", "reading heartbeats: %s", sqlite3_errmsg(ctx->db));
out:
	buf_release(&sql);
	sqlite3_finalize(q);
	sqlite3_finalize(last);
	return ret;
}

/* "Lower" is against the higher of the mode at the heartbeat and the mode declared just
 * before it: a downgrade at the heartbeat's own instant counts, and a mode raised or first
 * declared at that instant is the one to go below. A change counts when it came in force
 * (temp.mode_span): one overridden at its own instant lowered nothing. The modes in force
 * are ranked as read, the mode changed to as written: a change to a mode written in
 * another case discharges no duty (interpretation.md). */
int rule_degrade(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule,
		"SELECT r.id AS subject, r.environment AS env,"
		"       json_object('component', r.component, 'mode', mode_at(r.environment, r.ts),"
		"                   'ts', iso(r.ts),"
		"                   'within', :degrade_within / 1000000,"
		"                   'failed_note', " AS_FAILED("r") ", 'status', r.status,"
		"                   'deadline', iso(r.ts + :degrade_within),"
		"                   'open_note', " WINDOW_OPEN_NOTE("r.ts + :degrade_within") ") AS args,"
		/* what answered, too little or too late: the kill switches around it, the mode
		 * changes of the window (one overridden at its instant too) and the first
		 * lowering of the mode after it */
		"       " IDS_IN_ORDER(
		KILLS_AROUND_IDS("r.environment", "r.ts", ":degrade_within")
		"         UNION SELECT m.id FROM record m WHERE m.kind = 'mode_change'"
		"            AND m.environment = r.environment AND m.ts >= r.ts"
		"            AND m.ts <= r.ts + :degrade_within"
		"         UNION SELECT id FROM (SELECT m.record_id AS id FROM temp.mode_span m"
		"          WHERE m.environment = r.environment AND m.start > r.ts + :degrade_within"
		"            AND mode_rank(m.mode) < mode_rank(mode_read_at(r.environment, r.ts))"
		"          ORDER BY m.start LIMIT 1)") " AS context"
		" FROM record r"
		" WHERE r.kind = 'heartbeat' AND " DAY " AND " ENV " AND " IS_FAILED("r")
		"   AND mode_at(r.environment, r.ts) IS NOT 'disabled'"
		"   AND NOT EXISTS (SELECT 1 FROM temp.mode_span m"
		"        WHERE m.start >= r.ts AND m.start <= r.ts + :degrade_within"
		"        AND m.environment = r.environment"
		"        AND mode_rank(m.mode) <"
		"            (SELECT CASE WHEN b IS NOT NULL AND mode_rank(b) > mode_rank(a)"
		"                         THEN mode_rank(b) ELSE mode_rank(a) END"
		"             FROM (SELECT mode_read_at(r.environment, r.ts) AS a,"
		"                          mode_read_at(r.environment, r.ts - 1) AS b)))"
		"   AND NOT EXISTS (SELECT 1 FROM record k WHERE k.kind = 'kill_switch'"
		"        AND k.ts >= r.ts AND k.ts <= r.ts + :degrade_within"
		"        AND k.environment = r.environment AND k.action = 'activate'"
		"        AND k.result = 'ok')");
}

int rule_severity(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule,
		"SELECT r.id AS subject, r.environment AS env,"
		"       json_object('alert_id', r.alert_id, 'severity', r.severity) AS args"
		" FROM record r"
		" WHERE r.kind = 'alert' AND " DAY " AND " ENV
		"   AND (r.severity IS NULL OR r.severity NOT IN ('INFO', 'WARN', 'CRITICAL'))");
}

int rule_critical_kill(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule,
		"SELECT r.id AS subject, r.environment AS env,"
		"       json_object('alert_id', r.alert_id, 'ts', iso(r.ts),"
		"                   'within', :kill_within / 1000000,"
		"                   'severity_note', " AS_CRITICAL("r") ", 'severity', r.severity,"
		"                   'deadline', iso(r.ts + :kill_within),"
		"                   'open_note', " WINDOW_OPEN_NOTE("r.ts + :kill_within") ")"
		"       AS args,"
		"       " KILLS_AROUND("r.environment", "r.ts", ":kill_within") " AS context"
		" FROM record r"
		" WHERE " FIRST_CRITICAL("r") " AND " DAY " AND " ENV
		"   AND mode_at(r.environment, r.ts) IS NOT 'disabled'"
		"   AND NOT EXISTS (SELECT 1 FROM record k WHERE k.kind = 'kill_switch'"
		"        AND k.ts >= r.ts AND k.ts <= r.ts + :kill_within"
		"        AND k.environment = r.environment AND k.action = 'activate'"
		"        AND k.result = 'ok')");
}

int rule_no_downgrade(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule,
		"SELECT r.id AS subject, r.environment AS env,"
		"       json_object('alert_id', r.alert_id, 'severity', r.severity,"
		"                   'critical_at', iso(c.ts)) AS args,"
		"       json_array(c.id) AS more"
		" FROM record r JOIN record c ON c.id = coalesce(("
		"   SELECT f.id FROM temp.first_critical f WHERE f.alert_id = r.alert_id"
		"   AND f.environment IS r.environment"
		"   AND " AFTER_FIRST_CRITICAL("f", "r")
		"   ORDER BY f.ts, " CONTENT_OF("f.id") ", f.id LIMIT 1),"
		"   (SELECT s.id FROM record s WHERE " SOURCE_CRITICAL_BEFORE("s", "r")
		"    ORDER BY s.seq, " CONTENT_OF("s.id") ", s.id LIMIT 1))"
		" WHERE r.kind = 'alert' AND " DAY " AND " ENV " AND " IS_BELOW_CRITICAL("r"));
}

int rule_halt(struct rules_ctx *ctx, const struct rule_def *rule)
{
	/* The latest trigger before each submit (ties to the greater content hash), and
	 * the others it went past uncleared: those at or after the last passing checklist. */
	return rules_query(ctx, rule,
		"SELECT s.id AS subject, s.environment AS env,"
		"       json_object('order_id', s.order_id,"
		"                   'trigger_note', CASE WHEN t.kill"
		"                     THEN '" PHRASE_TRIGGER_KILL "' || " AS_ACTIVATE("a")
		"                     ELSE '" PHRASE_TRIGGER_ALERT "' || " AS_CRITICAL("a") " END,"
		"                   'trigger_id', CASE WHEN t.kill THEN a.correlation_id"
		"                                 ELSE a.alert_id END,"
		"                   'trigger_at', iso(t.ts), 'submit_note', " AS_SUBMIT("s") ","
		"                   'event', s.event,"
		"                   'severity', CASE WHEN t.kill THEN NULL ELSE a.severity END,"
		"                   'action', CASE WHEN t.kill THEN a.action END) AS args,"
		"       json_array(t.id) AS more,"
		"       (SELECT json_group_array(id) FROM (SELECT t3.id FROM temp.halt_trigger t3"
		"          WHERE t3.environment = s.environment AND t3.ts < s.ts AND t3.id <> t.id"
		"          AND t3.ts >= " LAST_CLEAN("s.environment", "s.ts")
		"          ORDER BY t3.ts, t3.content, t3.id)) AS context"
		" FROM record s JOIN temp.halt_trigger t ON t.id = ("
		"   SELECT t2.id FROM temp.halt_trigger t2"
		"   WHERE t2.environment = s.environment AND t2.ts < s.ts"
		"   ORDER BY t2.ts DESC, t2.content DESC, t2.id DESC LIMIT 1)"
		" JOIN record a ON a.id = t.id"
		" WHERE s.kind = 'execution' AND s.ts >= :ds AND s.ts < :de AND " MAY_BE_SUBMIT("s")
		"   AND (:env IS NULL OR s.environment = :env)"
		"   AND t.ts >= " LAST_CLEAN("s.environment", "s.ts"));
}
