/*
 * model.c - gathering a report from the store and the findings tables.
 */
#include "model.h"
#include "message.h"
#include "model_internal.h"

#include <stdlib.h>
#include <string.h>

#include "../rules/sql.h"
#include "../util/buf.h"
#include "../util/timeutil.h"
#include "../util/tree.h"

const char *const integrity_rules[] = {
	"LOG-REJECTED", "LOG-SEQ-GAP", "LOG-TS-ORDER", "LOG-CONFLICT",
	"LOG-MANIFEST", "LOG-HASH-CHAIN", "LINK-ORPHAN-EVENT", "LINK-CID-FORMAT",
};
_Static_assert(sizeof(integrity_rules) / sizeof(integrity_rules[0]) == INTEGRITY_RULES,
	       "INTEGRITY_RULES (model.h) is the number of integrity_rules");

char *model_dup(sqlite3_stmt *s, int i)
{
	const unsigned char *v = sqlite3_column_text(s, i);

	return v ? xstrdup((const char *)v) : NULL;
}

int model_fail(sqlite3 *db, struct error *e, const char *what)
{
	return error_set(e, EXIT_STORE, "report", "%s: %s", what, sqlite3_errmsg(db));
}

/* Prepares sql and binds ?1 start, ?2 end, ?3 env (NULL = all). */
sqlite3_stmt *model_prep(const struct report *rep, const char *sql, int64_t ds, int64_t de,
			  struct error *e)
{
	sqlite3_stmt *s = NULL;

	if (sqlite3_prepare_v2(rep->db, sql, -1, &s, NULL) != SQLITE_OK) {
		model_fail(rep->db, e, "preparing the report");
		return NULL;
	}
	sqlite3_bind_int64(s, 1, ds);
	sqlite3_bind_int64(s, 2, de);
	if (strcmp(rep->environment, "all"))
		sqlite3_bind_text(s, 3, rep->environment, -1, SQLITE_STATIC);
	return s;
}

/* Every file a finding cites is an input of the report, with its SHA-256: the run's
 * files and the day's are, but a review of a stored day also cites records of other
 * days (the document lock in force, a deployment). */
static int note_evidence_files(struct report *rep, struct error *e)
{
	if (sqlite3_exec(rep->db,
			 "INSERT OR IGNORE INTO temp.seen_file"
			 " SELECT coalesce(v.file_id, r.file_id, j.file_id) FROM temp.evidence v"
			 " LEFT JOIN record r ON r.id = v.record_id"
			 " LEFT JOIN rejected j ON j.id = v.rejected_id"
			 " WHERE coalesce(v.file_id, r.file_id, j.file_id) IS NOT NULL",
			 NULL, NULL, NULL) != SQLITE_OK)
		return model_fail(rep->db, e, "noting the files findings cite");
	return 0;
}

/* The bundle of the file the row s is on: the column before cited_file. */
static char *cited_bundle(sqlite3_stmt *s)
{
	return model_dup(s, sqlite3_column_count(s) - 2);
}

/* Notes the file of the row s is on: its last column (cited_file) is its input_file id. */
static void cite(struct report *rep, sqlite3_stmt *s)
{
	if (rep->ncited == rep->capcited) {
		rep->capcited = rep->capcited ? rep->capcited * 2 : 32;
		rep->cited = xrealloc(rep->cited, rep->capcited * sizeof(*rep->cited));
	}
	rep->cited[rep->ncited++] = sqlite3_column_int64(s, sqlite3_column_count(s) - 1);
}

/* Runs `insert` (an INSERT into temp.seen_file taking ?1) once for each id that is not 0. */
static int note_files(struct report *rep, const char *insert, const int64_t *ids, size_t n,
		      struct error *e)
{
	sqlite3_stmt *s = NULL;

	if (sqlite3_prepare_v2(rep->db, insert, -1, &s, NULL) != SQLITE_OK)
		return model_fail(rep->db, e, "noting input files");
	for (size_t i = 0; i < n; i++) {
		if (!ids[i])
			continue;
		sqlite3_bind_int64(s, 1, ids[i]);
		if (sqlite3_step(s) != SQLITE_DONE) {
			sqlite3_finalize(s);
			return model_fail(rep->db, e, "noting input files");
		}
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	return 0;
}

/* The files the sections cite (a mode set on an earlier day, the lock in force) are
 * inputs of the report as those the findings cite are. */
static int note_cited_files(struct report *rep, struct error *e)
{
	return note_files(rep, "INSERT OR IGNORE INTO temp.seen_file VALUES (?1)", rep->cited,
			  rep->ncited, e);
}

int model_load_inputs(struct report *rep, struct error *e)
{
	static const char sql[] =
		"SELECT f.path, f.bundle, f.sha256, f.format, f.note, f.size, f.records, f.rejected"
		" FROM input_file f JOIN temp.seen_file r ON r.file_id = f.id"
		" ORDER BY f.bundle, f.path, f.sha256"; /* each bundle's files together */
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc;

	if (note_cited_files(rep, e))
		return -1;
	/* The files not read that the run storing one of the inputs first met in the same
	 * bundle: "listed in the report as not read, never silently used" (INPUT.md) holds for
	 * a report of a store filled by earlier runs too. The run keeps apart bundles given
	 * by one name (a nightly `ingest .`). The store keeps the first run to meet a file,
	 * not every run: a file not read that an earlier delivery of the bundle brought is
	 * listed by that delivery's reports (and by any run given the bundle again). */
	if (sqlite3_exec(rep->db,
			 "INSERT OR IGNORE INTO temp.seen_file SELECT o.id FROM input_file o"
			 " WHERE o.note IS NOT NULL AND (o.run_id, o.bundle) IN (SELECT"
			 "  f.run_id, f.bundle FROM temp.seen_file r"
			 "  JOIN input_file f ON f.id = r.file_id)",
			 NULL, NULL, NULL) != SQLITE_OK)
		return model_fail(rep->db, e, "listing the files not read");
	if (!(s = model_prep(rep, sql, 0, 0, e)))
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		GROW(rep->inputs, rep->ninputs, cap);
		struct rep_input *in = &rep->inputs[rep->ninputs++];
		in->path = model_dup(s, 0);
		in->bundle = model_dup(s, 1);
		in->sha256 = model_dup(s, 2);
		in->format = model_dup(s, 3);
		in->note = model_dup(s, 4);
		in->size = sqlite3_column_int64(s, 5);
		in->records = sqlite3_column_int64(s, 6);
		in->rejected = sqlite3_column_int64(s, 7);
		rep->input_records += in->records;
		rep->input_rejected += in->rejected;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : model_fail(rep->db, e, "listing inputs");
}

/* The run-mode timeline of [?1, ?2): the spans of temp.mode_span cut to the day, then, for
 * an environment whose first declaration falls inside the day, the stretch before it, which
 * was undeclared. (environment, start) is unique: no span is empty. */
static const char spans_sql[] =
	"DROP TABLE IF EXISTS temp.rep_span;"
	"CREATE TEMP TABLE rep_span (environment TEXT NOT NULL, mode TEXT, start INTEGER,"
	" end INTEGER, path TEXT, line INTEGER, cited_bundle TEXT, cited_file INTEGER);"
	"CREATE INDEX temp.rep_span_env ON rep_span(environment, start);";
#define SPAN_COLUMNS "environment, mode, start, end, path, line, cited_bundle"

static int exec_bound(struct report *rep, const char *sql, int64_t ds, int64_t de,
		      struct error *e)
{
	sqlite3_stmt *s = model_prep(rep, sql, ds, de, e);
	int rc;

	if (!s)
		return -1;
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : model_fail(rep->db, e, "building the run-mode timeline");
}

int model_load_spans(struct report *rep, int64_t ds, int64_t de, struct error *e)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc;

	if (sqlite3_exec(rep->db, spans_sql, NULL, NULL, NULL) != SQLITE_OK)
		return model_fail(rep->db, e, "building the run-mode timeline");
	if (exec_bound(rep,
		       "INSERT INTO temp.rep_span"
		       /* each mode as the rules read it: a mode change to no run mode leaves
			* the environment undeclared (NULL) */
		       " SELECT s.environment, s.mode_read, max(s.start, ?1), min(s.end, ?2), f.path,"
		       "        r.line, f.bundle, f.id"
		       " FROM temp.mode_span s JOIN record r ON r.id = s.record_id"
		       " JOIN input_file f ON f.id = r.file_id"
		       " WHERE s.start < ?2 AND s.end > ?1 AND (?3 IS NULL OR s.environment = ?3)",
		       ds, de, e) ||
	    /* an environment whose first declaration falls inside the day was undeclared
	     * before it */
	    exec_bound(rep,
		       "INSERT INTO temp.rep_span (environment, start, end)"
		       " SELECT environment, ?1, min(start) FROM temp.rep_span"
		       " GROUP BY environment HAVING min(start) > ?1",
		       ds, de, e))
		return -1;
	/* An environment (local, sim or live: a record without one, or with another label,
	 * has no modes at all) with records of the day but no mode ever declared was
	 * undeclared all day: an execution, as the execution summary has its row, and any
	 * other record (a decision, an alert, a heartbeat, a checklist, a mode change to no
	 * mode...). */
	if (exec_bound(rep,
		       "INSERT INTO temp.rep_span (environment, start, end)"
		       " SELECT v.column1, ?1, ?2 FROM (VALUES ('local'), ('sim'), ('live')) v"
		       " WHERE (?3 IS NULL OR v.column1 = ?3)"
		       "   AND NOT EXISTS (SELECT 1 FROM temp.rep_span WHERE environment = v.column1)"
		       "   AND (EXISTS (SELECT 1 FROM record r"
		       "     WHERE r.kind IN ('deployment', 'incident', 'change',"
		       "                      'freeze', 'mode_change', 'execution', 'decision',"
		       "                      'risk_check', 'gate_verdict', 'alert', 'kill_switch',"
		       "                      'heartbeat')"
		       "       AND r.ts >= ?1 AND r.ts < ?2 AND r.environment = v.column1)"
		       /* a checklist on its date */
		       "    OR EXISTS (SELECT 1 FROM temp.checklist_day d"
		       "       WHERE d.day = day_of(?1) AND d.environment = v.column1))",
		       ds, de, e))
		return -1;
	if (sqlite3_exec(rep->db,
			 "INSERT OR IGNORE INTO temp.seen_file SELECT DISTINCT cited_file"
			 " FROM temp.rep_span WHERE cited_file IS NOT NULL",
			 NULL, NULL, NULL) != SQLITE_OK)
		return model_fail(rep->db, e, "building the run-mode timeline");
	/* how many, where the day's changes lie (the picture's window), which environments */
	s = model_prep(rep,
		       "SELECT (SELECT count(*) FROM temp.rep_span), min(v), max(v) FROM ("
		       " SELECT start AS v FROM temp.rep_span UNION ALL"
		       " SELECT end FROM temp.rep_span) WHERE v > ?1 AND v < ?2",
		       ds, de, e);
	if (!s)
		return -1;
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return model_fail(rep->db, e, "building the run-mode timeline");
	}
	rep->nspans = (size_t)sqlite3_column_int64(s, 0);
	rep->spans_lo = sqlite3_column_type(s, 1) == SQLITE_NULL ? INT64_MAX
								   : sqlite3_column_int64(s, 1);
	rep->spans_hi = sqlite3_column_type(s, 2) == SQLITE_NULL ? INT64_MIN
								   : sqlite3_column_int64(s, 2);
	sqlite3_finalize(s);
	if (sqlite3_prepare_v2(rep->db, "SELECT DISTINCT environment FROM temp.rep_span", -1, &s,
			       NULL) != SQLITE_OK)
		return model_fail(rep->db, e, "building the run-mode timeline");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		GROW(rep->span_envs, rep->nspan_envs, cap);
		rep->span_envs[rep->nspan_envs++] = model_dup(s, 0);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : model_fail(rep->db, e, "building the run-mode timeline");
}

int model_load_incidents(struct report *rep, int64_t ds, int64_t de, struct error *e)
{
	static const char sql[] =
		"SELECT i.id, i.incident_id, i.environment, i.type, i.grade, i.scope, i.occurred_at,"
		"       f.path, i.line, i.has_review, i.review_completed_at, i.reviewer, i.summary,"
		"       (SELECT group_concat(correlation_id, ', ') FROM"
		"        (SELECT correlation_id FROM incident_correlation WHERE record_id = i.id"
		"         ORDER BY pos))"
		", f.bundle AS cited_bundle, f.id AS cited_file"
		" FROM incident i JOIN input_file f ON f.id = i.file_id"
		/* those that occurred in the range, and those handled in it: an action
		 * taken or the review completed then (an incident of Monday reviewed on
		 * Wednesday is part of Wednesday's review) */
		" WHERE ((i.occurred_at >= ?1 AND i.occurred_at < ?2)"
		"        OR (i.review_completed_at >= ?1 AND i.review_completed_at < ?2)"
		"        OR EXISTS (SELECT 1 FROM incident_action a WHERE a.record_id = i.id"
		"                   AND a.at >= ?1 AND a.at < ?2))"
		"   AND (?3 IS NULL OR i.environment = ?3)"
		" ORDER BY i.occurred_at, i.incident_id, " CONTENT_OF("i.id") ", i.id";
	sqlite3_stmt *s = model_prep(rep, sql, ds, de, e), *a = NULL;
	size_t cap = 0;
	int rc, arc = SQLITE_DONE;

	if (!s)
		return -1;
	if (sqlite3_prepare_v2(rep->db,
			       "SELECT step, at, by, note FROM incident_action WHERE record_id = ?1"
			       " ORDER BY pos",
			       -1, &a, NULL) != SQLITE_OK) {
		sqlite3_finalize(s);
		return model_fail(rep->db, e, "reading incident actions");
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		GROW(rep->incidents, rep->nincidents, cap);
		cite(rep, s);
		struct rep_incident *in = &rep->incidents[rep->nincidents++];
		size_t acap = 0;
		memset(in, 0, sizeof(*in));
		in->incident_id = model_dup(s, 1);
		in->environment = model_dup(s, 2);
		in->type = model_dup(s, 3);
		in->grade = model_dup(s, 4);
		in->scope = model_dup(s, 5);
		in->occurred_at = sqlite3_column_int64(s, 6);
		in->file = model_dup(s, 7);
		in->bundle = cited_bundle(s);
		in->line = sqlite3_column_int(s, 8);
		in->has_review = sqlite3_column_int(s, 9);
		in->has_review_at = sqlite3_column_type(s, 10) != SQLITE_NULL;
		in->review_at = sqlite3_column_int64(s, 10);
		in->reviewer = model_dup(s, 11);
		in->summary = model_dup(s, 12);
		in->correlation_ids = model_dup(s, 13);
		sqlite3_reset(a);
		sqlite3_bind_int64(a, 1, sqlite3_column_int64(s, 0));
		while ((arc = sqlite3_step(a)) == SQLITE_ROW) {
			GROW(in->actions, in->nactions, acap);
			struct rep_action *x = &in->actions[in->nactions++];
			x->step = model_dup(a, 0);
			x->has_at = sqlite3_column_type(a, 1) != SQLITE_NULL;
			x->at = sqlite3_column_int64(a, 1);
			x->by = model_dup(a, 2);
			x->note = model_dup(a, 3);
		}
		if (arc != SQLITE_DONE) /* a store error: fail rather than list fewer actions */
			break;
	}
	if (arc != SQLITE_DONE)
		model_fail(rep->db, e, "reading incident actions");
	else if (rc != SQLITE_DONE)
		model_fail(rep->db, e, "reading incidents");
	sqlite3_finalize(a);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE && arc == SQLITE_DONE ? 0 : -1;
}

/* Alerts whose latest record at or before the end of the day is not resolved. An alert is
 * its alert_id in its environment (interpretation.md), or a record with no alert_id. Its latest records are those of
 * its latest instant, each source's highest seq there: two sources at one instant have no
 * order between them, and one's `resolved` does not hide the other's open alert. One
 * whose latest record is below CRITICAL, after its first CRITICAL one or its own source's
 * CRITICAL one at that instant, is marked so, as DO-5.3-NO-DOWNGRADE reads a downgrade:
 * its latest record alone would hide it. ?2 is the
 * end of the report's days. */
static const char alerts_sql[] =
	/* one pass over the alerts before the day's end, each alert's records ranked latest
	 * first (versions of one identity tie, and are both listed): a lookup per record
	 * made a year of alert history cost a review minutes. The ranking sorts narrow
	 * rows, and only the alerts listed bring their texts: every alert record's message
	 * sorted along (near the record size limit, each) made the sorter hold them all */
	"WITH ranked AS ("
	" SELECT a.id, a.alert_id, a.environment, a.ts, a.source, a.seq, a.status,"
	"        a.severity, a.content, a.file_id, rank() OVER latest AS latest_rank,"
	"        min(a.ts) OVER alert AS first_ts,"
	"        max(a.seq) OVER (PARTITION BY a.alert_id, a.environment,"
	"                                   CASE WHEN a.alert_id IS NULL THEN a.id END,"
	"                                   a.ts, a.source)"
	"        AS top_seq"
	" FROM record a WHERE a.kind = 'alert' AND a.ts < ?2"
	/* an alert with no alert_id is an alert of its own, as the rules read it */
	" WINDOW alert AS (PARTITION BY a.alert_id, a.environment,"
	"                               CASE WHEN a.alert_id IS NULL THEN a.id END),"
	"        latest AS (alert ORDER BY a.ts DESC))"
	"SELECT row_number() OVER (ORDER BY l.ts, l.alert_id, l.environment, l.source, l.seq,"
	"                                   l.content, l.id),"
	"       l.alert_id, l.environment, l.severity, r.component, r.message, l.status,"
	"       r.correlation_id, f.path, r.line, l.first_ts, l.ts,"
	/* was CRITICAL: its latest record says anything else (WARN, ERROR, nothing) */
	"       coalesce(upper(trim(l.severity)), '') <> 'CRITICAL'"
	"       AND (EXISTS (SELECT 1 FROM temp.first_critical c"
	"         WHERE c.alert_id = l.alert_id AND c.environment IS l.environment"
	"           AND " AFTER_FIRST_CRITICAL("c", "l") ")"
	"         OR EXISTS (SELECT 1 FROM record s WHERE " SOURCE_CRITICAL_BEFORE("s", "l") ")),"
	"       f.bundle, f.id,"
	/* an alert with no alert_id is named by its record */
	"       CASE WHEN l.alert_id IS NULL THEN l.source || '#' || l.seq END"
	" FROM ranked l JOIN record r ON r.id = l.id JOIN input_file f ON f.id = l.file_id"
	" WHERE l.latest_rank = 1 AND l.seq IS l.top_seq AND l.status IS NOT 'resolved'"
	"   AND (?3 IS NULL OR l.environment = ?3)";
#define ALERT_COLUMNS                                                                      \
	"alert_id, environment, severity, component, message, status, correlation_id, path," \
	" line, first_ts, ts, was_critical, cited_bundle, cited_file, record"
/* A row of temp.rep_alert is of an alert CRITICAL at its latest record (in any case:
 * interpretation.md) or before it. */
#define ALERT_CRITICAL "(upper(trim(severity)) = 'CRITICAL' OR was_critical)"

#define MARKERS_BY_TIME " m.ts, m.what, m.label, f.bundle, f.path, r.line, f.sha256, r.id"

/* What the day's picture marks: what, its ID, when, its record, and a kill switch's result
 * as written, in [?1, ?2), numbered by time. */
#define MARKERS_SQL                                                                        \
	"SELECT row_number() OVER (ORDER BY" MARKERS_BY_TIME "),"                           \
	"       m.environment, m.what, m.label, m.ts, m.result, f.path, r.line, f.bundle, f.id"\
	" FROM ("                                                                          \
	"  SELECT environment, 'critical_alert' AS what, alert_id AS label, ts,"           \
	"         id AS record_id, NULL AS result FROM temp.first_critical"                 \
	"  WHERE ts >= ?1 AND ts < ?2"                                                     \
	"  UNION ALL SELECT environment, 'kill_switch_' || CASE WHEN action = 'test'"     \
	"         THEN 'test' ELSE 'activate' END, correlation_id, ts, id,"                \
	"         result FROM record WHERE kind = 'kill_switch' AND ts >= ?1 AND ts < ?2"   \
	"   AND (action = 'test' OR " MAY_BE_ACTIVATE("record") ")"                          \
	"  UNION ALL SELECT environment, 'incident', incident_id, occurred_at, id, NULL"    \
	"  FROM incident WHERE occurred_at >= ?1 AND occurred_at < ?2"                     \
	"  UNION ALL SELECT environment, 'change', change_id, applied_at, id, NULL FROM change" \
	"  WHERE applied_at >= ?1 AND applied_at < ?2) m"                                  \
	" JOIN record r ON r.id = m.record_id JOIN input_file f ON f.id = r.file_id"       \
	" WHERE ?3 IS NULL OR m.environment = ?3"
#define MARKER_COLUMNS                                                                     \
	"environment, what, label, ts, result, path, line, cited_bundle, cited_file"
/* The environments in column c as the PDF's lanes order them: local, sim and live, then
 * the other labels, by name (BINARY, as strcmp()), none last. env_cmp() in
 * pdf_timeline.c is the same order: the picture reads the rows lane by lane. */
#define LANE_ORDER(c) " " c " IS NULL, " c " NOT IN ('local', 'sim', 'live'), " c
/* The order in which markers claim room on a crowded track, and a cut table keeps them */
#define MARKER_WEIGHT                                                                      \
	" CASE m.what WHEN 'kill_switch_activate' THEN 0 WHEN 'incident'"                  \
	" THEN 1 WHEN 'critical_alert' THEN 2 WHEN 'change' THEN 3 WHEN 'kill_switch_test'" \
	" THEN 4 ELSE 5 END,"

/* Sets the connection's sorter threads to n; returns what they were. */
static int sorter_threads(sqlite3 *db, int n)
{
	return sqlite3_limit(db, SQLITE_LIMIT_WORKER_THREADS, n);
}

/* Stores the rows of sql (?1 start, ?2 end and ?3 the environment bound; each row its
 * position, then `columns`) in temp.<table> by position, counts them into *n and adds
 * their files (cited_file) to the report's inputs. A section can hold hundreds of
 * thousands of rows: the store's temporary file holds them, not the heap. Its sorts run
 * without worker threads, each of which would hold a buffer the size of the page cache
 * (the alerts' two sorts held 48 MiB). */
static int materialize(struct report *rep, const char *table, const char *columns,
		       const char *sql, int64_t ds, int64_t de, size_t *n, struct error *e)
{
	struct buf q = BUF_INIT;
	sqlite3_stmt *s;
	int rc, threads;

	buf_addf(&q, "DROP TABLE IF EXISTS temp.%s; CREATE TEMP TABLE %s (pos INTEGER PRIMARY KEY,"
		     " %s)", table, table, columns);
	rc = sqlite3_exec(rep->db, q.data, NULL, NULL, NULL);
	buf_reset(&q);
	buf_addf(&q, "INSERT INTO temp.%s %s", table, sql);
	if (rc != SQLITE_OK || !(s = model_prep(rep, q.data, ds, de, e))) {
		buf_release(&q);
		return rc != SQLITE_OK ? model_fail(rep->db, e, table) : -1;
	}
	threads = sorter_threads(rep->db, 0);
	rc = sqlite3_step(s);
	sorter_threads(rep->db, threads);
	sqlite3_finalize(s);
	buf_reset(&q);
	buf_addf(&q, "INSERT OR IGNORE INTO temp.seen_file SELECT DISTINCT cited_file FROM temp.%s",
		 table);
	if (rc != SQLITE_DONE || sqlite3_exec(rep->db, q.data, NULL, NULL, NULL) != SQLITE_OK) {
		buf_release(&q);
		return model_fail(rep->db, e, table);
	}
	buf_reset(&q);
	buf_addf(&q, "SELECT count(*) FROM temp.%s", table);
	if (sqlite3_prepare_v2(rep->db, q.data, -1, &s, NULL) != SQLITE_OK ||
	    sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_finalize(s);
		buf_release(&q);
		return model_fail(rep->db, e, table);
	}
	*n = (size_t)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	buf_release(&q);
	return 0;
}

/* The unresolved alerts, in temp.rep_alert in their order (rowid), counted, their files
 * noted; report_alerts_*() reads them. */
int model_load_alerts(struct report *rep, int64_t de, struct error *e)
{
	sqlite3_stmt *s;
	int rc;

	if (materialize(rep, "rep_alert", ALERT_COLUMNS, alerts_sql, 0, de, &rep->nalerts, e))
		return -1;
	rep->nalert_ids = rep->nalerts_critical = 0;
	if (!rep->nalerts)
		return 0;
	if (sqlite3_prepare_v2(rep->db,
			       "SELECT count(*), sum(critical) FROM (SELECT max(" ALERT_CRITICAL ")"
			       " AS critical FROM temp.rep_alert"
			       " GROUP BY alert_id, environment, CASE WHEN alert_id IS NULL THEN pos END)",
			       -1, &s, NULL) != SQLITE_OK)
		return model_fail(rep->db, e, "counting the unresolved alerts");
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		rep->nalert_ids = (size_t)sqlite3_column_int64(s, 0);
		rep->nalerts_critical = (size_t)sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : model_fail(rep->db, e, "counting the unresolved alerts");
}

/* The markers of [ds, de), in temp.rep_marker by time (rowid), counted, their files noted,
 * with their first and last time, whether a kill switch among them did not report ok, and
 * their environments; report_markers_*() reads them. */
int model_load_markers(struct report *rep, int64_t ds, int64_t de, struct error *e)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc;

	if (materialize(rep, "rep_marker", MARKER_COLUMNS, MARKERS_SQL, ds, de, &rep->nmarkers,
			e))
		return -1;
	if (!rep->nmarkers)
		return 0;
	if (sqlite3_prepare_v2(rep->db,
			       "SELECT min(ts), max(ts), coalesce(max(what LIKE 'kill^_switch^_%'"
			       " ESCAPE '^' AND result IS NOT 'ok'), 0) FROM temp.rep_marker",
			       -1, &s, NULL) != SQLITE_OK ||
	    sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return model_fail(rep->db, e, "listing timeline markers");
	}
	rep->markers_from = sqlite3_column_int64(s, 0);
	rep->markers_to = sqlite3_column_int64(s, 1);
	rep->markers_not_ok = sqlite3_column_int(s, 2);
	sqlite3_finalize(s);
	if (sqlite3_prepare_v2(rep->db, "SELECT DISTINCT environment FROM temp.rep_marker", -1,
			       &s, NULL) != SQLITE_OK)
		return model_fail(rep->db, e, "listing timeline markers");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		GROW(rep->marker_envs, rep->nmarker_envs, cap);
		rep->marker_envs[rep->nmarker_envs++] = model_dup(s, 0);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : model_fail(rep->db, e, "listing timeline markers");
}

struct rep_rows {
	sqlite3 *db;
	sqlite3_stmt *s;
	int started;
};

static const char *col(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

static int rows_open(const struct report *rep, const char *sql, int64_t ds, int64_t de,
		     struct rep_rows **out, struct error *e)
{
	struct rep_rows *it = xcalloc(1, sizeof(*it));

	it->db = rep->db;
	if (!(it->s = model_prep(rep, sql, ds, de, e))) {
		free(it);
		return -1;
	}
	*out = it;
	return 0;
}

/* Steps s; its first step, which sorts, runs without worker threads (materialize()). */
static int step_sorted(sqlite3 *db, sqlite3_stmt *s, int *started)
{
	int threads = *started ? 0 : sorter_threads(db, 0), rc = sqlite3_step(s);

	if (!*started)
		sorter_threads(db, threads);
	*started = 1;
	return rc;
}

/* 1 at a row, 0 at the end, -1 with e set. */
static int rows_step(struct rep_rows *it, const char *what, struct error *e)
{
	int rc = step_sorted(it->db, it->s, &it->started);

	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : model_fail(it->db, e, what);
}

int report_alerts_open(const struct report *rep, int critical_first, struct rep_rows **out,
		       struct error *e)
{
	return rows_open(rep,
			 critical_first ? "SELECT " ALERT_COLUMNS " FROM temp.rep_alert"
					  " ORDER BY NOT " ALERT_CRITICAL ", pos"
					: "SELECT " ALERT_COLUMNS " FROM temp.rep_alert ORDER BY pos",
			 0, 0, out, e);
}

int report_alerts_next(struct rep_rows *it, struct rep_alert *a, struct error *e)
{
	int rc = rows_step(it, "listing unresolved alerts", e);
	sqlite3_stmt *s = it->s;

	if (rc != 1)
		return rc;
	a->alert_id = col(s, 0);
	a->environment = col(s, 1);
	a->severity = col(s, 2);
	a->component = col(s, 3);
	a->message = col(s, 4);
	a->status = col(s, 5);
	a->cid = col(s, 6);
	a->file = col(s, 7);
	a->line = sqlite3_column_int(s, 8);
	a->first_at = sqlite3_column_int64(s, 9);
	a->last_at = sqlite3_column_int64(s, 10);
	a->was_critical = sqlite3_column_int(s, 11);
	a->bundle = col(s, 12);
	a->record = col(s, 14);
	return 1;
}

int report_spans_open(const struct report *rep, int valid_first, struct rep_rows **out,
		      struct error *e)
{
	return rows_open(rep,
			 valid_first ? "SELECT " SPAN_COLUMNS " FROM temp.rep_span ORDER BY"
				       LANE_ORDER("environment") ", start"
				     : "SELECT " SPAN_COLUMNS " FROM temp.rep_span"
				       " ORDER BY environment, start",
			 0, 0, out, e);
}

int report_spans_next(struct rep_rows *it, struct rep_span *sp, struct error *e)
{
	int rc = rows_step(it, "reading the run-mode timeline", e);
	sqlite3_stmt *s = it->s;

	if (rc != 1)
		return rc;
	sp->environment = col(s, 0);
	sp->mode = col(s, 1);
	sp->from = sqlite3_column_int64(s, 2);
	sp->to = sqlite3_column_int64(s, 3);
	sp->file = col(s, 4);
	sp->line = sqlite3_column_int(s, 5);
	sp->bundle = col(s, 6);
	return 1;
}

int report_markers_open(const struct report *rep, enum marker_order order,
			struct rep_rows **out, struct error *e)
{
	static const char *const sql[] = {
		[MARKER_ORDER_TIME] = "SELECT " MARKER_COLUMNS " FROM temp.rep_marker ORDER BY pos",
		[MARKER_ORDER_LANE] = "SELECT " MARKER_COLUMNS " FROM temp.rep_marker m ORDER BY"
				    LANE_ORDER("m.environment") "," MARKER_WEIGHT " m.pos",
		[MARKER_ORDER_WEIGHT] = "SELECT " MARKER_COLUMNS " FROM temp.rep_marker m ORDER BY"
				      MARKER_WEIGHT " m.pos",
	};

	return rows_open(rep, sql[order], 0, 0, out, e);
}

int report_markers_next(struct rep_rows *it, struct rep_marker *m, struct error *e)
{
	int rc = rows_step(it, "listing timeline markers", e);
	sqlite3_stmt *s = it->s;

	if (rc != 1)
		return rc;
	m->environment = col(s, 0);
	m->what = col(s, 1);
	m->label = col(s, 2);
	m->at = sqlite3_column_int64(s, 3);
	m->result = col(s, 4);
	m->file = col(s, 5);
	m->line = sqlite3_column_int(s, 6);
	m->bundle = col(s, 7);
	return 1;
}

void report_rows_close(struct rep_rows *it)
{
	if (!it)
		return;
	sqlite3_finalize(it->s);
	free(it);
}

/* One pass over the findings of the report's days, by rule, day and waiver: the counts of
 * the integrity rules, the findings each waiver covered, and for a period report the
 * findings per rule and day (its chart and rule table). */
int model_load_counts(struct report *rep, struct error *e)
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
			       "SELECT rule, day, waiver, count(*) FROM temp.finding"
			       " WHERE day >= ?1 AND day <= ?2 GROUP BY 1, 2, 3",
			       -1, &s, NULL) != SQLITE_OK)
		return model_fail(rep->db, e, "counting findings");
	sqlite3_bind_text(s, 1, rep->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, rep->to, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *rule = (const char *)sqlite3_column_text(s, 0);
		const char *day = (const char *)sqlite3_column_text(s, 1);
		int w = sqlite3_column_int(s, 2);
		long n = sqlite3_column_int(s, 3);
		for (int i = 0; i < INTEGRITY_RULES; i++)
			if (!strcmp(rule, integrity_rules[i]))
				rep->integrity_by_rule[i] += n;
		if (w > 0 && (size_t)w <= rep->nwaivers)
			rep->waivers[w - 1].applied += n;
		for (size_t r = 0; rep->rule_day_counts && r < rule_catalog_len; r++) {
			if (strcmp(rule_catalog[r].id, rule))
				continue;
			for (size_t d = 0; d < rep->ndays; d++)
				if (!strcmp(rep->days[d].date, day))
					rep->rule_day_counts[r * rep->ndays + d] += n;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : model_fail(rep->db, e, "counting findings");
}

void model_init(struct report *rep, enum report_type type, sqlite3 *db,
		const struct tailoring *t, int64_t from, int64_t to, const char *env)
{
	memset(rep, 0, sizeof(*rep));
	rep->spans_lo = INT64_MAX; /* no change of mode inside the days */
	rep->spans_hi = INT64_MIN;
	rep->type = type;
	rep->db = db;
	rep->t = t;
	day_format(from, rep->from);
	day_format(to, rep->to);
	memcpy(rep->date, rep->from, sizeof(rep->date));
	rep->environment = xstrdup(env ? env : "all");
	tz_day_bounds(from, &rep->day_start, &rep->day_end);
	if (to != from) {
		int64_t s, e;
		tz_day_bounds(to, &s, &e);
		rep->day_end = e;
	}
	if (from == to)
		tailoring_session(t, from, &rep->session_start, &rep->session_end);
}

long report_failing(const struct day_counts *c, enum severity fail_on)
{
	long n = 0;

	for (int s = fail_on; s <= SEV_CRITICAL; s++)
		n += c->by_severity[s];
	return n;
}

/* model_load_exec() as work beside the rules: it reads records, not findings. */
struct exec_task {
	struct report *rep;
	const struct rules *rules;
	int64_t ds, de;
	struct error *e;
};

static int load_exec_task(void *arg)
{
	struct exec_task *x = arg;

	return model_load_exec(x->rep, x->rules, x->ds, x->de, x->e);
}

static int count_day_records(struct report *rep, int64_t from, size_t n, long *out,
			     struct error *e);

int report_review(struct report *rep, sqlite3 *db, struct rules *rules,
		  const struct tailoring *t, int64_t day, const char *env, struct error *e)
{
	int64_t ds, de;

	model_init(rep, REPORT_REVIEW, db, t, day, day, env);
	ds = rep->day_start;
	de = rep->day_end;
	struct exec_task x = { rep, rules, ds, de, e };
	if (rules_evaluate_day(rules, day, env, &rep->counts, load_exec_task, &x, e) ||
	    note_evidence_files(rep, e) || model_load_spans(rep, ds, de, e) ||
	    model_load_incidents(rep, ds, de, e) || model_load_alerts(rep, de, e) ||
	    model_load_markers(rep, ds, de, e) || model_load_inputs(rep, e) ||
	    model_load_counts(rep, e) || count_day_records(rep, day, 1, &rep->day_records, e))
		return -1;
	rep->compliant = !report_failing(&rep->counts, t->fail_on);
	return 0;
}

/* The records stored with the time of each of the n days from `from` (a record kind's
 * main time, an event's ts; a checklist's date) into out[0..n), a day at a time from record_kind_ts alone (a
 * kind at a time, the day's range of it). With an environment, a document lock (of none),
 * a freeze of all and a record of no valid environment count too: every environment's
 * review judges it (DO-2.1-ENV-LABEL). */
static int count_day_records(struct report *rep, int64_t from, size_t n, long *out,
			     struct error *e)
{
	static const char sql[] =
		"SELECT (SELECT count(*) FROM record"
		" WHERE kind IN ('document_lock', 'deployment', 'incident', 'change',"
		"               'freeze', 'mode_change', 'execution', 'risk_check', 'gate_verdict',"
		"               'decision', 'alert', 'kill_switch', 'heartbeat')"
		"   AND ts >= ?1 AND ts < ?2"
		"   AND (?3 IS NULL OR environment = ?3 OR kind = 'document_lock'"
		"        OR (kind = 'freeze' AND environment = 'all') OR " NO_ENVIRONMENT("environment") "))"
		/* a checklist falls on its date */
		" + (SELECT count(*) FROM temp.checklist_day d WHERE d.day = day_of(?1)"
		"   AND (?3 IS NULL OR d.environment = ?3 OR " NO_ENVIRONMENT("d.environment") "))";
	sqlite3_stmt *s = model_prep(rep, sql, 0, 0, e);
	int rc = SQLITE_DONE;

	if (!s)
		return -1;
	for (size_t i = 0; i < n && rc == SQLITE_DONE; i++) {
		int64_t ds, de;
		tz_day_bounds(from + (int64_t)i, &ds, &de);
		sqlite3_reset(s);
		sqlite3_bind_int64(s, 1, ds);
		sqlite3_bind_int64(s, 2, de);
		if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			out[i] = sqlite3_column_int64(s, 0);
			rc = SQLITE_DONE;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : model_fail(rep->db, e, "counting the days' records");
}

static int load_day_records(struct report *rep, int64_t from, struct error *e)
{
	long *n = xcalloc(rep->ndays ? rep->ndays : 1, sizeof(*n));
	int rc = count_day_records(rep, from, rep->ndays, n, e);

	for (size_t i = 0; !rc && i < rep->ndays; i++)
		rep->days[i].records = n[i];
	free(n);
	return rc;
}

int report_period(struct report *rep, sqlite3 *db, struct rules *rules,
		  const struct tailoring *t, int64_t from, int64_t to, const char *env,
		  struct error *e)
{
	int64_t ds, de;

	model_init(rep, REPORT_PERIOD, db, t, from, to, env);
	ds = rep->day_start;
	de = rep->day_end;
	rep->ndays = (size_t)(to - from + 1);
	rep->days = xcalloc(rep->ndays, sizeof(*rep->days));
	rep->rule_day_counts = xcalloc(rep->ndays * rule_catalog_len, sizeof(long));
	/* A file's integrity findings are the period's once, not once per day covering it. */
	if (rules_begin_period(rules, from, to, e)) {
		rules_end_period(rules);
		return -1;
	}
	for (size_t i = 0; i < rep->ndays; i++) {
		struct rep_day *d = &rep->days[i];
		if (rules_evaluate_day(rules, from + (int64_t)i, env, &d->counts, NULL, NULL, e)) {
			rules_end_period(rules);
			return -1;
		}
		day_format(from + (int64_t)i, d->date);
		d->compliant = !report_failing(&d->counts, t->fail_on);
		rep->counts.total += d->counts.total;
		rep->counts.waived += d->counts.waived;
		for (int s = 0; s < 4; s++)
			rep->counts.by_severity[s] += d->counts.by_severity[s];
	}
	rules_end_period(rules);
	if (load_day_records(rep, from, e) ||
	    note_evidence_files(rep, e) || model_load_exec(rep, rules, ds, de, e) ||
	    model_load_incidents(rep, ds, de, e) || model_load_alerts(rep, de, e) ||
	    model_load_changes(rep, ds, de, e) || model_load_freezes(rep, ds, de, e) ||
	    model_load_deployments(rep, ds, de, e) || model_load_locks(rep, ds, de, e) ||
	    model_load_inputs(rep, e) || model_load_counts(rep, e))
		return -1;
	rep->compliant = !report_failing(&rep->counts, t->fail_on);
	return 0;
}

void report_release(struct report *rep)
{
	free(rep->environment);
	for (size_t i = 0; i < rep->ninputs; i++) {
		struct rep_input *in = &rep->inputs[i];
		free(in->path), free(in->bundle), free(in->sha256), free(in->format), free(in->note);
	}
	free(rep->inputs);
	for (size_t i = 0; i < rep->nexec; i++)
		free(rep->exec[i].environment), free(rep->exec[i].mode);
	free(rep->exec);
	for (size_t i = 0; i < rep->nspan_envs; i++)
		free(rep->span_envs[i]);
	free(rep->span_envs);
	for (size_t i = 0; i < rep->nincidents; i++) {
		struct rep_incident *in = &rep->incidents[i];
		for (size_t k = 0; k < in->nactions; k++)
			free(in->actions[k].step), free(in->actions[k].by), free(in->actions[k].note);
		free(in->actions);
		free(in->incident_id), free(in->environment), free(in->type), free(in->grade);
		free(in->scope), free(in->file), free(in->bundle), free(in->reviewer), free(in->summary);
		free(in->correlation_ids);
	}
	free(rep->incidents);
	for (size_t i = 0; i < rep->nmarker_envs; i++)
		free(rep->marker_envs[i]);
	free(rep->marker_envs);
	free(rep->waivers);
	free(rep->cited);
	free(rep->days);
	free(rep->rule_day_counts);
	for (size_t i = 0; i < rep->nchanges; i++) {
		struct rep_change *c = &rep->changes[i];
		free(c->change_id), free(c->environment), free(c->type), free(c->audit_ref);
		free(c->file), free(c->bundle), free(c->freeze_id);
	}
	free(rep->changes);
	for (size_t i = 0; i < rep->nfreezes; i++) {
		struct rep_freeze *f = &rep->freezes[i];
		free(f->freeze_id), free(f->environment), free(f->reason), free(f->trigger);
		free(f->file), free(f->bundle);
	}
	free(rep->freezes);
	for (size_t i = 0; i < rep->ndeployments; i++) {
		struct rep_deployment *d = &rep->deployments[i];
		free(d->deployment_id), free(d->environment), free(d->status), free(d->owner);
		free(d->file), free(d->bundle);
	}
	free(rep->deployments);
	for (size_t i = 0; i < rep->nlocks; i++) {
		free(rep->locks[i].lock_id), free(rep->locks[i].documents), free(rep->locks[i].file);
		free(rep->locks[i].bundle);
	}
	free(rep->locks);
	if (rep->unfreeze) {
		for (int c = 0; c < UNFREEZE_CONDITIONS; c++) {
			for (size_t i = 0; rep->item_refs[c] && i < rep->unfreeze->cond[c].nitems; i++)
				model_record_ref_release(&rep->item_refs[c][i]);
			free(rep->item_refs[c]);
		}
		unfreeze_release(rep->unfreeze);
		free(rep->unfreeze);
	}
	model_record_ref_release(&rep->freeze_ref);
	for (size_t i = 0; i < rep->nchecks; i++) {
		free(rep->checks[i].rule), free(rep->checks[i].text), free(rep->checks[i].text_zh);
		model_record_ref_release(&rep->checks[i].ref);
		model_record_ref_release(&rep->checks[i].also);
		for (size_t k = 0; k < rep->checks[i].ncontext; k++)
			model_record_ref_release(&rep->checks[i].context[k]);
		free(rep->checks[i].context);
	}
	free(rep->checks);
	free(rep->first_submit_note[0]), free(rep->first_submit_note[1]);
	memset(rep, 0, sizeof(*rep));
}

int model_load_changes(struct report *rep, int64_t ds, int64_t de, struct error *e)
{
	static const char sql[] =
		"SELECT c.change_id, c.environment, c.type, c.applied_at, c.repair, c.audit_ref,"
		"       c.strategy_expansion, p.path, c.line,"
		"       (SELECT f.freeze_id FROM freeze f"
		"        WHERE (f.environment = c.environment OR f.environment = 'all')"
		"          AND f.started_at <= c.applied_at"
		"          AND " FREEZE_END("f") " > c.applied_at"
		"        ORDER BY f.started_at, f.freeze_id LIMIT 1), c.id"
		", p.bundle AS cited_bundle, p.id AS cited_file"
		" FROM change c JOIN input_file p ON p.id = c.file_id"
		" WHERE c.applied_at >= ?1 AND c.applied_at < ?2"
		"   AND (?3 IS NULL OR c.environment = ?3 OR ?3 = 'all')"
		" ORDER BY c.applied_at, c.change_id, " CONTENT_OF("c.id") ", c.id";
	sqlite3_stmt *s = model_prep(rep, sql, ds, de, e);
	size_t cap = 0;
	int rc;

	if (!s)
		return -1;
	/* An unfreeze audit passes its freeze's environment, which may be "all". */
	if (rep->type == REPORT_UNFREEZE && rep->unfreeze && rep->unfreeze->environment)
		sqlite3_bind_text(s, 3, rep->unfreeze->environment, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		GROW(rep->changes, rep->nchanges, cap);
		cite(rep, s);
		struct rep_change *c = &rep->changes[rep->nchanges++];
		c->change_id = model_dup(s, 0);
		c->environment = model_dup(s, 1);
		c->type = model_dup(s, 2);
		c->applied_at = sqlite3_column_int64(s, 3);
		c->repair = sqlite3_column_type(s, 4) == SQLITE_NULL ? -1 : sqlite3_column_int(s, 4);
		c->audit_ref = model_dup(s, 5);
		c->strategy_expansion =
			sqlite3_column_type(s, 6) == SQLITE_NULL ? -1 : sqlite3_column_int(s, 6);
		c->file = model_dup(s, 7);
		c->bundle = cited_bundle(s);
		c->line = sqlite3_column_int(s, 8);
		c->freeze_id = model_dup(s, 9);
		c->record_id = sqlite3_column_int64(s, 10);
		c->audited_repair = c->repair == 1 && c->audit_ref && c->strategy_expansion == 0;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : model_fail(rep->db, e, "listing changes");
}

int model_load_freezes(struct report *rep, int64_t ds, int64_t de, struct error *e)
{
	static const char sql[] =
		"SELECT f.id, f.freeze_id, f.environment, f.reason, f.trigger_ref, f.started_at,"
		"       f.ended_at, p.path, f.line"
		", p.bundle AS cited_bundle, p.id AS cited_file"
		" FROM freeze f JOIN input_file p ON p.id = f.file_id"
		" WHERE f.started_at < ?2 AND (f.ended_at IS NULL OR f.ended_at >= ?1)"
		"   AND NOT " FREEZE_SUPERSEDED("f")
		"   AND (?3 IS NULL OR f.environment = ?3 OR f.environment = 'all')"
		" ORDER BY f.started_at, f.freeze_id, " CONTENT_OF("f.id") ", f.id";
	sqlite3_stmt *s = model_prep(rep, sql, ds, de, e);
	size_t cap = 0;
	int rc;

	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		GROW(rep->freezes, rep->nfreezes, cap);
		cite(rep, s);
		struct rep_freeze *f = &rep->freezes[rep->nfreezes++];
		memset(f, 0, sizeof(*f));
		f->freeze_id = model_dup(s, 1);
		f->environment = model_dup(s, 2);
		f->reason = model_dup(s, 3);
		f->trigger = model_dup(s, 4);
		f->started_at = sqlite3_column_int64(s, 5);
		f->ended_at = sqlite3_column_int64(s, 6);
		f->file = model_dup(s, 7);
		f->bundle = cited_bundle(s);
		f->line = sqlite3_column_int(s, 8);
		f->ready = -1;
		/* As of the report's end: a freeze lifted later was still active then. */
		if (f->ended_at >= de)
			f->ended_at = 0;
		if (f->ended_at) {
			struct unfreeze u;
			if (unfreeze_evaluate(rep->db, sqlite3_column_int64(s, 0), f->ended_at, &u, e)) {
				sqlite3_finalize(s);
				return -1;
			}
			f->ready = u.ready;
			unfreeze_release(&u);
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : model_fail(rep->db, e, "listing freezes");
}

extern const char rules_gate_items_sql[];

int model_load_deployments(struct report *rep, int64_t ds, int64_t de, struct error *e)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc;

	/* In force at the start: the latest deployed one per environment before it. */
	buf_addf(&sql,
		 "SELECT d.deployment_id, d.environment, d.status, d.owner, d.deployed_at,"
		 "       %s = '' AS gate_passed, coalesce(d.verified, 0), p.path, d.line"
		 ", p.bundle AS cited_bundle, p.id AS cited_file"
		 " FROM deployment d JOIN input_file p ON p.id = d.file_id"
		 " WHERE (?3 IS NULL OR d.environment = ?3)"
		 "   AND ((d.deployed_at >= ?1 AND d.deployed_at < ?2)"
		 "     OR d.id = (SELECT d2.id FROM deployment d2 WHERE d2.status = 'deployed'"
		 "                AND d2.environment IS d.environment AND d2.deployed_at < ?1"
		 "                ORDER BY d2.deployed_at DESC, d2.deployment_id DESC,"
		 "                  " CONTENT_OF("d2.id") " DESC, d2.id DESC LIMIT 1))"
		 " ORDER BY d.deployed_at, d.deployment_id, " CONTENT_OF("d.id") ", d.id",
		 rules_gate_items_sql);
	s = model_prep(rep, sql.data, ds, de, e);
	buf_release(&sql);
	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		GROW(rep->deployments, rep->ndeployments, cap);
		cite(rep, s);
		struct rep_deployment *d = &rep->deployments[rep->ndeployments++];
		d->deployment_id = model_dup(s, 0);
		d->environment = model_dup(s, 1);
		d->status = model_dup(s, 2);
		d->owner = model_dup(s, 3);
		d->deployed_at = sqlite3_column_int64(s, 4);
		d->gate_passed = sqlite3_column_int(s, 5);
		d->verified = sqlite3_column_int(s, 6);
		d->file = model_dup(s, 7);
		d->bundle = cited_bundle(s);
		d->line = sqlite3_column_int(s, 8);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : model_fail(rep->db, e, "listing deployments");
}

int model_load_locks(struct report *rep, int64_t ds, int64_t de, struct error *e)
{
	static const char sql[] =
		"SELECT l.lock_id, l.effective_at, p.path, l.line,"
		"       (SELECT group_concat(k, ', ') FROM (SELECT coalesce(doc_key, '?') || ' '"
		"        || coalesce(version, '?') AS k FROM lock_document WHERE record_id = l.id"
		"        ORDER BY pos))"
		", p.bundle AS cited_bundle, p.id AS cited_file"
		" FROM document_lock l JOIN input_file p ON p.id = l.file_id"
		" WHERE (l.effective_at >= ?1 AND l.effective_at < ?2)"
		"    OR l.id = (SELECT id FROM document_lock WHERE effective_at < ?1"
		"               ORDER BY effective_at DESC, lock_id DESC,"
		"                 " CONTENT_OF("document_lock.id") " DESC, id DESC LIMIT 1)"
		" ORDER BY l.effective_at, l.lock_id, " CONTENT_OF("l.id") ", l.id";
	sqlite3_stmt *s = model_prep(rep, sql, ds, de, e);
	size_t cap = 0;
	int rc;

	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		GROW(rep->locks, rep->nlocks, cap);
		cite(rep, s);
		struct rep_lock *l = &rep->locks[rep->nlocks++];
		l->lock_id = model_dup(s, 0);
		l->effective_at = sqlite3_column_int64(s, 1);
		l->file = model_dup(s, 2);
		l->bundle = cited_bundle(s);
		l->line = sqlite3_column_int(s, 3);
		l->documents = model_dup(s, 4);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : model_fail(rep->db, e, "listing document locks");
}

int model_record_ref(struct report *rep, int64_t id, struct rep_record_ref *out,
		     struct error *e)
{
	static const char sql[] =
		"SELECT p.path, r.line, p.bundle,"
		"       r.kind || ' ' || coalesce(r.rid, r.source || '#' || r.seq),"
		"       r.kind, r.correlation_id, r.ts, r.ts_offset"
		" FROM record r JOIN input_file p ON p.id = r.file_id WHERE r.id = ?1";
	sqlite3_stmt *s = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if (sqlite3_prepare_v2(rep->db, sql, -1, &s, NULL) != SQLITE_OK)
		return model_fail(rep->db, e, "finding a record");
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->file = model_dup(s, 0);
		out->line = sqlite3_column_int(s, 1);
		out->bundle = model_dup(s, 2);
		out->identity = model_dup(s, 3);
		out->kind = model_dup(s, 4);
		out->correlation_id = model_dup(s, 5);
		iso_format(sqlite3_column_int64(s, 6), sqlite3_column_int(s, 7), out->time);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : model_fail(rep->db, e, "finding a record");
}

void model_record_ref_release(struct rep_record_ref *ref)
{
	free(ref->file), free(ref->bundle), free(ref->identity);
	free(ref->kind), free(ref->correlation_id);
	memset(ref, 0, sizeof(*ref));
}

int model_note_record_files(struct report *rep, const int64_t *ids, size_t n, struct error *e)
{
	return note_files(rep,
			  "INSERT OR IGNORE INTO temp.seen_file SELECT file_id FROM record"
			  " WHERE id = ?1",
			  ids, n, e);
}

/* ---- findings ---- */

struct rep_findings {
	sqlite3 *db;
	sqlite3_stmt *list, *ev;
	int started;
	struct rep_finding cur;
	char **owned; /* the current finding's strings */
	size_t nowned, capowned;
	int64_t finding_id;
	size_t ev_next; /* the current finding's next piece of evidence: 0 is cur.first */
	int ev_failed;
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
	for (size_t i = 0; i < it->nowned; i++)
		free(it->owned[i]);
	it->nowned = 0;
	memset(&it->cur, 0, sizeof(it->cur));
}

/* The evidence statement's current row; its strings are the statement's. */
static void evidence_row(sqlite3_stmt *ev, struct rep_evidence *x)
{
	memset(x, 0, sizeof(*x));
	x->file = (const char *)sqlite3_column_text(ev, 0);
	x->line = sqlite3_column_int(ev, 1);
	x->kind = (const char *)sqlite3_column_text(ev, 2);
	x->identity = (const char *)sqlite3_column_text(ev, 3);
	x->correlation_id = (const char *)sqlite3_column_text(ev, 4);
	x->bundle = (const char *)sqlite3_column_text(ev, 7);
	x->context = sqlite3_column_int(ev, 8);
	x->file_sha256 = (const char *)sqlite3_column_text(ev, 9);
	if (sqlite3_column_type(ev, 5) != SQLITE_NULL)
		iso_format(sqlite3_column_int64(ev, 5), sqlite3_column_int(ev, 6), x->time);
}

/* Positions the evidence statement on the current finding's first piece. */
static int evidence_first(struct rep_findings *it)
{
	int rc;

	sqlite3_reset(it->ev);
	sqlite3_bind_int64(it->ev, 1, it->finding_id);
	rc = sqlite3_step(it->ev);
	it->ev_next = 0;
	it->ev_failed = rc != SQLITE_ROW && rc != SQLITE_DONE;
	return rc;
}

int report_findings_open(const struct report *rep, struct rep_findings **out, struct error *e)
{
	static const char list[] =
		"SELECT f.id, f.rule, f.severity, f.day, f.environment, f.args, f.waiver,"
		"       f.expired_waiver,"
		"       (SELECT count(*) FROM temp.evidence c WHERE c.finding_id = f.id)"
		" FROM temp.finding f"
		" LEFT JOIN temp.evidence e0 ON e0.finding_id = f.id AND e0.pos = 0"
		" LEFT JOIN input_file p ON p.id = e0.file_id"
		" WHERE f.day >= ?1 AND f.day <= ?2"
		" ORDER BY f.severity DESC, f.rule, f.day, p.path, p.bundle, e0.line, f.args, f.id";
	static const char ev[] =
		"SELECT p.path, e.line, r.kind,"
		"       coalesce(r.kind || ' ' || r.rid, r.kind || ' ' || r.source || '#' || r.seq,"
		"                e.subject),"
		"       r.correlation_id, r.ts, r.ts_offset, p.bundle, e.context,"
		/* a file whose path the report's inputs hold with other content too */
		"       CASE WHEN p.sha256 <> '' AND EXISTS (SELECT 1 FROM temp.seen_file s"
		"         JOIN input_file q ON q.id = s.file_id WHERE q.path = p.path"
		"         AND q.bundle = p.bundle AND q.id <> p.id) THEN p.sha256 END"
		" FROM temp.evidence e LEFT JOIN input_file p ON p.id = e.file_id"
		" LEFT JOIN record r ON r.id = e.record_id"
		" WHERE e.finding_id = ?1 ORDER BY e.pos";
	struct rep_findings *it = xcalloc(1, sizeof(*it));

	it->db = rep->db;
	if (sqlite3_prepare_v2(rep->db, list, -1, &it->list, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(rep->db, ev, -1, &it->ev, NULL) != SQLITE_OK) {
		model_fail(rep->db, e, "reading findings");
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
	cJSON *args;
	int rc = step_sorted(it->db, it->list, &it->started);

	clear_current(it);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return model_fail(it->db, e, "reading findings");
	struct rep_finding *f = &it->cur;
	f->rule = keep(it, (const char *)sqlite3_column_text(it->list, 1));
	f->def = rule_find(f->rule);
	f->severity = (enum severity)sqlite3_column_int(it->list, 2);
	f->day = keep(it, (const char *)sqlite3_column_text(it->list, 3));
	f->environment = keep(it, (const char *)sqlite3_column_text(it->list, 4));
	f->waiver = sqlite3_column_int(it->list, 6);
	f->expired_waiver = sqlite3_column_int(it->list, 7);
	f->nevidence = (size_t)sqlite3_column_int64(it->list, 8);
	it->finding_id = sqlite3_column_int64(it->list, 0);
	rc = evidence_first(it);
	if (rc == SQLITE_ROW) {
		struct rep_evidence *x = &f->first;
		evidence_row(it->ev, x);
		x->file = keep(it, x->file);
		x->kind = keep(it, x->kind);
		x->identity = keep(it, x->identity);
		x->correlation_id = keep(it, x->correlation_id);
		x->bundle = keep(it, x->bundle);
		x->file_sha256 = keep(it, x->file_sha256);
	} else if (rc != SQLITE_DONE) {
		return model_fail(it->db, e, "reading evidence");
	}
	args = message_args((const char *)sqlite3_column_text(it->list, 5),
			    (size_t)sqlite3_column_bytes(it->list, 5));
	{
		const char *rec = f->first.kind ? f->first.identity : NULL;
		f->message_en = message_render(f->def ? f->def->message_en : f->rule, args, rec, 0);
		f->message_zh = message_render(f->def ? f->def->message_zh : f->rule, args, rec, 1);
	}
	cJSON_Delete(args);
	*out = *f;
	return 1;
}

int report_evidence_next(struct rep_findings *it, struct rep_evidence *out, struct error *e)
{
	int rc;

	if (it->ev_failed)
		return model_fail(it->db, e, "reading evidence");
	if (it->ev_next >= it->cur.nevidence)
		return 0;
	if (it->ev_next++ == 0) {
		*out = it->cur.first; /* the statement is on it already */
		return 1;
	}
	rc = sqlite3_step(it->ev);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW) {
		it->ev_failed = 1;
		return model_fail(it->db, e, "reading evidence");
	}
	evidence_row(it->ev, out);
	return 1;
}

void report_evidence_rewind(struct rep_findings *it)
{
	if (it->ev_next > 1)
		(void)evidence_first(it);
	it->ev_next = 0;
}

void report_findings_close(struct rep_findings *it)
{
	if (!it)
		return;
	clear_current(it);
	free(it->owned);
	sqlite3_finalize(it->list);
	sqlite3_finalize(it->ev);
	free(it);
}
