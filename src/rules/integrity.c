/*
 * integrity.c - §7.4 log integrity (LOG-*) and linkage (LINK-*).
 *
 * LOG-* findings are about files, not environments: they are reported for every file the
 * review covers (temp.rel_file), whatever --env says; a period report, which covers a
 * file on several days, reports each once (PLACED).
 */
#include "engine.h"

#include <stdlib.h>
#include <string.h>

/*
 * Whether the fact on line l of file f is reported on the day evaluated. In a review,
 * always. A period covers most files on several days, and reports each fact once: on the
 * day of the record on that line when it falls in the period, else (the file as a whole,
 * a rejected line, a record outside the period) on the first day of the period that
 * covers the file. rules_begin_period() fills the two tables.
 */
#define PLACED(f, l)                                                                       \
	"(NOT :period OR coalesce((SELECT p.day FROM temp.period_fact p"                   \
	"   WHERE p.file_id = " f " AND p.line = " l "),"                                  \
	"  (SELECT q.day FROM temp.period_file q WHERE q.file_id = " f ")) = :date)"

/* The findings of one record's facts, gathered while the rows of its group come. */
struct fact_group {
	int64_t id;          /* the group's first fact; 0 for none yet */
	char *subject, *args;
	struct evidence *ev;
	char **owned; /* subjects of the places cited for context, one per evidence */
	size_t nev, cap;
};

static void group_add(struct fact_group *g, int64_t file_id, long line, const char *subject)
{
	if (g->nev == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 4;
		g->ev = xrealloc(g->ev, g->cap * sizeof(*g->ev));
		g->owned = xrealloc(g->owned, g->cap * sizeof(*g->owned));
	}
	memset(&g->ev[g->nev], 0, sizeof(*g->ev));
	g->ev[g->nev].file_id = file_id;
	g->ev[g->nev].line = line;
	g->ev[g->nev].subject = subject;
	g->owned[g->nev] = NULL;
	g->nev++;
}

/* The line a sequence fact was judged against (previous_line in its args), cited for
 * context: the evidence of every record involved, and no waiver matches on it. */
static void group_add_previous(struct fact_group *g, int64_t file_id, long line,
			       const char *subject)
{
	char *own = subject ? xstrdup(subject) : NULL;

	group_add(g, file_id, line, own);
	g->owned[g->nev - 1] = own;
	g->ev[g->nev - 1].context = 1;
}

static void group_clear(struct fact_group *g)
{
	for (size_t i = 0; i < g->nev; i++)
		free(g->owned[i]);
	free(g->subject);
	free(g->args);
	g->subject = g->args = NULL;
	g->nev = 0;
	g->id = 0;
}

static int group_flush(struct rules_ctx *ctx, const struct rule_def *rule, struct fact_group *g)
{
	int rc = g->nev ? rules_emit(ctx, rule, SEV_NONE, NULL, g->args, g->ev, g->nev) : 0;

	group_clear(g);
	return rc;
}

/*
 * Facts stored at ingest (table integrity) for a covered file. A fact about a record is
 * computed per file, so a record shipped in two files (a file re-sent with lines appended,
 * a copy under another name) has one fact in each; the same record ingested twice is one
 * record, and gets one finding: the facts of a rule that share a subject (and content:
 * two versions of one identity are two records, a LOG-CONFLICT) are grouped, in
 * the order of their first (the earliest ingested, where the record is stored), which
 * gives the arguments, and every place is evidence. A fact with no subject (a manifest
 * line, a file) is its own finding, with the manifest line when it is another place.
 */
/* The facts query, its arguments column written as `args` (an expression of f.args). */
#define FACTS_SQL(args)                                                                    \
	"SELECT f.grp, f.file_id, f.line, f.subject, " args ", f.manifest_id, f.manifest_line," \
	"       json_extract(f.args, '$.previous_line'),"                                   \
	"       json_extract(f.args, '$.previous_record')"                                  \
	" FROM (SELECT i.*, first_value(i.file_id) OVER w AS gfile,"                       \
	"         first_value(i.line) OVER w AS gline, first_value(i.id) OVER w AS grp"     \
	"  FROM integrity i"                                                                \
	"  WHERE i.rule = ?1 AND (i.file_id IN (SELECT file_id FROM temp.rel_file)"        \
	/* in a period, a group is the same on every day: its facts in all the period's    \
	 * files, so that its first, and the day it goes to, are too */                    \
	"        OR (:period AND i.file_id IN (SELECT file_id FROM temp.period_file)))"     \
	/* a source numbering a later operating day afresh, in this review's time zone:    \
	 * no gap (the ingest stored the step back with both instants) */                  \
	"    AND NOT coalesce(day_of(json_extract(i.args, '$.restart_to'))"                 \
	"                     > day_of(json_extract(i.args, '$.restart_from')), 0)"         \
	/* copies of a record share its content, versions of it (LOG-CONFLICT) do not:     \
	 * each version is a record of its own, with its own finding */                    \
	"  WINDOW w AS (PARTITION BY coalesce(i.subject, i.id),"                            \
	"               json_extract(i.args, '$.content')"                                  \
	"               ORDER BY i.file_id, i.line, i.id)) f"                               \
	/* in a period, a group goes where its first fact does: the stored record */       \
	" WHERE " PLACED("f.gfile", "f.gline")                                              \
	" ORDER BY f.gfile, f.gline, f.grp, f.file_id, f.line, f.id"

/* LOG-SEQ-GAP's seq to compare with: the highest of the run before it, or, in a fact
 * stored before the ingest kept that, the previous seq */
#define SEQ_RUN_HIGH                                                                       \
	"coalesce(json_extract(f.args, '$.run_high'), json_extract(f.args, '$.previous'))"

/*
 * LOG-SEQ-GAP's arguments: a seq at or below the highest of its run is a step back, and
 * the message says so (`step_note`): "seq 7 follows seq 7" alone reads like a slip of the
 * tool, and "seq 4 follows seq 2" (after 1 to 5 and 2 sent again) like a gap.
 */
#define SEQ_GAP_ARGS                                                                       \
	"json_set(f.args, '$.run_high', " SEQ_RUN_HIGH ", '$.step_note',"                   \
	"         CASE WHEN json_extract(f.args, '$.seq') <= " SEQ_RUN_HIGH                 \
	"              THEN '" PHRASE_SEQ_STEP_BACK "' ELSE '' END)"

static int facts_by(struct rules_ctx *ctx, const struct rule_def *rule, const char *sql)
{
	/* coalesce(subject, id) keys a fact with no subject by its own id: an integer never
	 * equals a text in SQLite, so it is a group of one. */
	sqlite3_stmt *s = rules_prepare(ctx, sql);
	struct fact_group g = { 0 };
	int rc, ret = -1;

	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, rule->id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t grp = sqlite3_column_int64(s, 0), file_id = sqlite3_column_int64(s, 1);
		long line = sqlite3_column_int(s, 2);

		if (grp != g.id) {
			if (group_flush(ctx, rule, &g))
				goto out;
			const char *subject = (const char *)sqlite3_column_text(s, 3);
			g.id = grp;
			g.subject = subject ? xstrdup(subject) : NULL;
			g.args = xstrdup((const char *)sqlite3_column_text(s, 4));
		}
		group_add(&g, file_id, line, g.subject);
		if (sqlite3_column_type(s, 7) == SQLITE_INTEGER)
			group_add_previous(&g, file_id, sqlite3_column_int(s, 7),
					   (const char *)sqlite3_column_text(s, 8));
		if (sqlite3_column_type(s, 5) != SQLITE_NULL &&
		    (sqlite3_column_int64(s, 5) != file_id || sqlite3_column_int(s, 6) != line))
			group_add(&g, sqlite3_column_int64(s, 5), sqlite3_column_int(s, 6), NULL);
	}
	if (rc != SQLITE_DONE) {
		error_set(ctx->e, EXIT_STORE, "review", "%s: %s", rule->id, sqlite3_errmsg(ctx->db));
		goto out;
	}
	if (group_flush(ctx, rule, &g))
		goto out;
	ret = 0;
out:
	group_clear(&g);
	free(g.ev);
	free(g.owned);
	rules_finish(ctx, s);
	return ret;
}

static int facts(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return facts_by(ctx, rule, FACTS_SQL("f.args"));
}

int rule_log_seq_gap(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return facts_by(ctx, rule, FACTS_SQL(SEQ_GAP_ARGS));
}

int rule_log_ts_order(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return facts(ctx, rule);
}

int rule_log_manifest(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return facts(ctx, rule);
}

int rule_log_hash_chain(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return facts(ctx, rule);
}

/*
 * LOG-REJECTED: one finding per rejected line. A file re-sent with lines appended holds
 * its rejected lines again; the same line (the same bytes, on the same line of a file of
 * the same path) is one rejected record, as a record shipped twice is one record, and
 * gets one finding, every place as evidence, its first (the earliest ingested) giving
 * the arguments and, in a period, the day (a period's group is the same on every day:
 * its places in all the period's files). The first of each is found in the order of the
 * rejected_file index, its places by an indexed lookup, and only for a path that more
 * than one file has: nothing is sorted or held but one finding's places, however many
 * lines a file of garbage holds.
 */
#define REJECTED_COVERED(file_id)                                                          \
	"(" file_id " IN (SELECT file_id FROM temp.rel_file)"                               \
	" OR (:period AND " file_id " IN (SELECT file_id FROM temp.period_file)))"
/* Rejected rows j2 of the same line as j (of file f). */
#define REJECTED_SAME_LINE                                                                 \
	" FROM input_file f2 JOIN rejected j2 ON j2.file_id = f2.id AND j2.line = j.line"   \
	" WHERE f2.path = f.path AND j2.sha256 = j.sha256 AND " REJECTED_COVERED("j2.file_id")

/* Appends a rejected line's place to a finding's evidence. */
static void add_rejected(struct evidence **ev, size_t *n, size_t *cap, sqlite3_stmt *s, int col)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 4;
		*ev = xrealloc(*ev, *cap * sizeof(**ev));
	}
	memset(&(*ev)[*n], 0, sizeof(**ev));
	(*ev)[*n].rejected_id = sqlite3_column_int64(s, col);
	(*ev)[*n].file_id = sqlite3_column_int64(s, col + 1);
	(*ev)[*n].line = sqlite3_column_int(s, col + 2);
	(*n)++;
}

int rule_log_rejected(struct rules_ctx *ctx, const struct rule_def *rule)
{
	sqlite3_stmt *s = rules_prepare(ctx,
		/* the paths of more than one covered file: only their lines can repeat */
		"WITH multi(path) AS MATERIALIZED (SELECT f.path FROM input_file f"
		"  WHERE " REJECTED_COVERED("f.id") " GROUP BY f.path HAVING count(*) > 1)"
		"SELECT j.id, j.file_id, j.line, json_object('field', j.field, 'reason', j.reason,"
		"       'why', CASE WHEN j.field IS NULL THEN j.reason"
		"              ELSE 'field ' || j.field || ': ' || j.reason END"
		"              || CASE WHEN j.col > 0 THEN ' (column ' || j.col || ')' ELSE '' END,"
		"       'column', j.col, 'bytes', j.length),"
		"       f.path IN multi AND EXISTS (SELECT 1 " REJECTED_SAME_LINE " AND j2.id <> j.id)"
		" FROM temp.rel_file r JOIN rejected j ON j.file_id = r.file_id"
		" JOIN input_file f ON f.id = j.file_id"
		" WHERE (f.path NOT IN multi OR NOT EXISTS (SELECT 1 " REJECTED_SAME_LINE
		"        AND (j2.file_id < j.file_id OR (j2.file_id = j.file_id AND j2.id < j.id))))"
		"   AND " PLACED("j.file_id", "j.line")
		" ORDER BY j.file_id, j.line, j.id");
	sqlite3_stmt *more = NULL;
	struct evidence *ev = NULL;
	size_t nev, cap = 0;
	int rc, ret = -1;

	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		nev = 0;
		if (!sqlite3_column_int(s, 4)) {
			add_rejected(&ev, &nev, &cap, s, 0);
		} else {
			/* the line's every place, this first one included */
			if (!more && !(more = rules_prepare(ctx,
				"SELECT j2.id, j2.file_id, j2.line FROM rejected j"
				" JOIN input_file f ON f.id = j.file_id"
				" JOIN input_file f2 ON f2.path = f.path"
				" JOIN rejected j2 ON j2.file_id = f2.id AND j2.line = j.line"
				" WHERE j.id = ?1 AND j2.sha256 = j.sha256"
				"   AND " REJECTED_COVERED("j2.file_id") " ORDER BY j2.file_id, j2.id")))
				goto out;
			sqlite3_reset(more);
			sqlite3_bind_int64(more, 1, sqlite3_column_int64(s, 0));
			while ((rc = sqlite3_step(more)) == SQLITE_ROW)
				add_rejected(&ev, &nev, &cap, more, 0);
			if (rc != SQLITE_DONE)
				break;
		}
		if (rules_emit(ctx, rule, SEV_NONE, NULL, (const char *)sqlite3_column_text(s, 3),
			       ev, nev))
			goto out;
	}
	if (rc != SQLITE_DONE) {
		error_set(ctx->e, EXIT_STORE, "review", "%s: %s", rule->id, sqlite3_errmsg(ctx->db));
		goto out;
	}
	ret = 0;
out:
	free(ev);
	if (more)
		rules_finish(ctx, more);
	rules_finish(ctx, s);
	return ret;
}

int rule_log_conflict(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule,
		"WITH v AS (SELECT r.*, CASE WHEN r.kind = 'checklist'"
		"  THEN (SELECT d.day FROM temp.checklist_day d WHERE d.id = r.id) END AS date"
		" FROM conflict c JOIN record r ON r.id = c.record_id)"
		"SELECT (SELECT w1.id FROM v w1 WHERE w1.ident = v.ident"
		"        ORDER BY w1.content, w1.id LIMIT 1) AS subject,"
		"       json_object('identity', min(CASE WHEN v.rid IS NOT NULL THEN v.kind || ' ' || v.rid"
		"         ELSE v.source || '#' || v.seq || ' ' || iso(v.ts) END),"
		"         'versions', count(*)) AS args,"
		"       (SELECT json_group_array(w.id) FROM (SELECT id FROM v w2"
		"        WHERE w2.ident = v.ident ORDER BY content, id LIMIT -1 OFFSET 1) w) AS more"
		" FROM v GROUP BY v.ident"
		" HAVING max(v.file_id IN (SELECT file_id FROM temp.rel_file))"
		/* In a period, once: on the day of its earliest version when that falls in
		 * the period, else on the first day of the period covering a version's file.
		 * A checklist's version falls on its date, as the checklist does. */
		"   AND (NOT :period OR CASE"
		"     WHEN min(v.date) IS NOT NULL THEN CASE"
		"       WHEN min(v.date) BETWEEN day_of(:period_start) AND day_of(:period_end - 1)"
		"         THEN min(v.date) = :date"
		"       ELSE (SELECT min(q.day) FROM temp.period_file q WHERE q.file_id IN"
		"         (SELECT w.file_id FROM v w WHERE w.ident = v.ident)) = :date END"
		"     WHEN min(v.ts) >= :period_start AND min(v.ts) < :period_end"
		"       THEN min(v.ts) >= :ds AND min(v.ts) < :de"
		"     ELSE (SELECT min(q.day) FROM temp.period_file q WHERE q.file_id IN"
		"       (SELECT w.file_id FROM v w WHERE w.ident = v.ident)) = :date END)"
		" ORDER BY 2");
}

/* What a LINK-ORPHAN-EVENT finding lists of its order's submits (SQL literals). */
#define ORPHAN_CIDS "20"     /* correlation IDs in the message */
#define ORPHAN_SUBMITS "100" /* submits in the evidence */

/*
 * Order events with no submit of their order and correlation ID. What a finding says of
 * its order's submits is worked out once per order (an order ID reused by thousands of
 * submits, each contradicted by thousands of acks, made each ack's message and evidence
 * list them all: 1.9 GB of XML and 105 s from 6,000 lines), on the order's first event,
 * and handed to its others by a window over the order: joined from a table of orders,
 * SQLite built no index on it and took each event through every order (20,000 orphan
 * fills of 20,000 orders: 16 s). It names the first ORPHAN_CIDS correlation IDs of the
 * submits, then how many more, and cites the first ORPHAN_SUBMITS submits. Events with
 * no order_id are one order, keyed by a blob, which no order_id equals.
 */
int rule_link_orphan(struct rules_ctx *ctx, const struct rule_def *rule)
{
	return rules_query(ctx, rule,
		"WITH ev AS MATERIALIZED (SELECT e.id, e.environment, e.event, e.order_id,"
		"       e.correlation_id, coalesce(e.order_id, x'00') AS okey FROM record e"
		" WHERE e.kind = 'execution' AND e.ts >= :ds AND e.ts < :de"
		/* every order event but a submit: ack, fill, partial_fill, cancel, reject,
		 * and those written otherwise (`Fill`, `partial-fill`), which an order
		 * placed outside the gate would show as well */
		/* (the contract's five first: the string work only for the rare others) */
		"   AND (e.event IN ('ack', 'fill', 'partial_fill', 'cancel', 'reject')"
		"        OR (e.event <> 'submit' AND NOT " MAY_BE_SUBMIT("e") "))"
		"   AND (:env IS NULL OR e.environment = :env)"
		"   AND NOT EXISTS (SELECT 1 FROM record s WHERE s.kind = 'execution'"
		"        AND s.event = 'submit' AND s.order_id = e.order_id"
		"        AND s.correlation_id IS e.correlation_id)),"
		" o AS (SELECT ev.*, row_number() OVER (PARTITION BY okey ORDER BY id) = 1"
		"       AS first FROM ev),"
		" x AS (SELECT o.*,"
		/* the correlation IDs of the order's submits, each once, earliest first */
		"       CASE WHEN first THEN"
		"       (SELECT group_concat(CASE WHEN k <= " ORPHAN_CIDS " THEN cid END, ', ')"
		"            || CASE WHEN count(*) > " ORPHAN_CIDS
		"               THEN ', … (+' || (count(*) - " ORPHAN_CIDS ") || ')' ELSE '' END"
		"        FROM (SELECT cid, row_number() OVER (ORDER BY t, i) AS k FROM ("
		"          SELECT coalesce(s.correlation_id, '(missing)') AS cid,"
		"                 min(s.ts) AS t, min(s.content) AS i"
		"          FROM record s INDEXED BY record_submit"
		"          WHERE s.kind = 'execution' AND s.event = 'submit'"
		"            AND s.order_id = o.okey GROUP BY cid) ORDER BY k)) END AS cids,"
		/* its submits, earliest first: the event contradicts each (looked up by the
		 * order, not walked in time order: that walked the store's executions) */
		"       CASE WHEN first THEN"
		"       (SELECT json_group_array(id) FROM (SELECT s.id"
		"        FROM record s INDEXED BY record_submit"
		"        WHERE s.kind = 'execution' AND s.event = 'submit'"
		"          AND s.order_id = o.okey ORDER BY s.ts, s.content, s.id"
		"        LIMIT " ORPHAN_SUBMITS ")) END AS submits"
		"  FROM o)"
		"SELECT id AS subject, environment AS env,"
		"       json_object('event', event, 'order_id', order_id,"
		"         'cid', correlation_id, 'submit_cids', max(cids) OVER w) AS args,"
		"       max(submits) OVER w AS more"
		" FROM x WINDOW w AS (PARTITION BY okey) ORDER BY id");
}

/* The kinds that carry a correlation ID (INPUT.md). */
#define CID_KINDS                                                                          \
	"('mode_change', 'execution', 'risk_check', 'gate_verdict', 'decision', 'alert',"  \
	" 'kill_switch', 'heartbeat')"

/*
 * LINK-CID-FORMAT matches each distinct correlation ID once, found one of two ways: every
 * entry of record_cid with a day filter, in the index's order so that the records of one
 * flow come together (cid_ok() remembers the last ID), or the day's records with their
 * IDs sorted out. The first costs little per entry but visits the whole store's; the
 * second costs about twice as much per record but reads only the day. The index is taken
 * while the store holds at most CID_WHOLE_INDEX times the day's records. Either way finds
 * the same records (check_report runs both).
 */
#define CID_WHOLE_INDEX 3

#define CID_FROM_INDEX                                                                     \
	"SELECT r.id AS subject, r.environment AS env,"                                    \
	"       json_object('kind', r.kind, 'cid', r.correlation_id) AS args, NULL AS cids" \
	" FROM record r INDEXED BY record_cid"                                             \
	" WHERE r.correlation_id IS NOT NULL AND r.kind IN " CID_KINDS                     \
	"   AND " DAY " AND " ENV " AND NOT cid_ok(r.correlation_id)"

/* LIMIT keeps the filter out of the DISTINCT: pushed into it, cid_ok() would run for
 * every record, in an order where remembering the last ID does not help. */
#define CID_FROM_DAY                                                                       \
	"WITH bad(cid) AS MATERIALIZED ("                                                  \
	"  SELECT cid FROM (SELECT DISTINCT r.correlation_id AS cid FROM record r"         \
	"    WHERE r.kind IN " CID_KINDS " AND " DAY " AND " ENV                           \
	"      AND r.correlation_id IS NOT NULL LIMIT -1)"                                 \
	"  WHERE NOT cid_ok(cid))"                                                         \
	"SELECT r.id AS subject, r.environment AS env,"                                    \
	"       json_object('kind', r.kind, 'cid', r.correlation_id) AS args, NULL AS cids" \
	" FROM bad JOIN record r INDEXED BY record_cid ON r.correlation_id = bad.cid"      \
	" WHERE r.kind IN " CID_KINDS " AND " DAY " AND " ENV

/* Records that need an ID and have none, and incidents whose IDs are missing or bad: a
 * waiver's correlation_id matches the incident's bad IDs, not its sound ones. */
#define CID_MISSING                                                                        \
	"SELECT r.id, r.environment, json_object('kind', r.kind, 'cid', NULL), NULL"       \
	" FROM record r"                                                                   \
	" WHERE r.kind IN ('execution', 'risk_check', 'gate_verdict', 'decision', 'alert',"\
	"                  'kill_switch')"                                                 \
	"   AND " DAY " AND " ENV " AND r.correlation_id IS NULL"                          \
	" UNION ALL "                                                                      \
	"SELECT i.id, i.environment, json_object('kind', 'incident', 'cid',"               \
	"         (SELECT group_concat(c, ', ') FROM (SELECT"                               \
	"            coalesce(correlation_id, '(missing)') AS c"                            \
	"          FROM incident_correlation ic WHERE ic.record_id = i.id"                 \
	"          AND (ic.correlation_id IS NULL OR NOT cid_ok(ic.correlation_id))"       \
	"          ORDER BY ic.pos))),"                                                     \
	/* the IDs at fault, a missing one as null: no waiver's pattern matches it */      \
	"       (SELECT json_group_array(c) FROM (SELECT correlation_id AS c"               \
	"          FROM incident_correlation ic WHERE ic.record_id = i.id"                 \
	"            AND (ic.correlation_id IS NULL OR NOT cid_ok(ic.correlation_id))"     \
	"          ORDER BY ic.pos))"                                                       \
	" FROM incident i"                                                                 \
	" WHERE i.occurred_at >= :ds AND i.occurred_at < :de"                              \
	"   AND (:env IS NULL OR i.environment = :env)"                                    \
	"   AND (NOT i.has_correlation_ids OR EXISTS (SELECT 1 FROM incident_correlation ic"\
	"        WHERE ic.record_id = i.id"                                                \
	"          AND (ic.correlation_id IS NULL OR NOT cid_ok(ic.correlation_id))))"

/* Whether the whole index is the cheaper way: the store's size (its largest id) against
 * the day's records in record_kind_ts, counted no further than the answer needs. */
static int cid_whole_index(struct rules_ctx *ctx, int *whole)
{
	sqlite3_stmt *s = rules_prepare(ctx,
		"SELECT (SELECT coalesce(max(id), 0) FROM record) <= :k * (SELECT count(*) FROM"
		"  (SELECT 1 FROM record r WHERE r.kind IN " CID_KINDS " AND " DAY
		"   LIMIT (SELECT coalesce(max(id), 0) FROM record) / :k + 1))");
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int(s, sqlite3_bind_parameter_index(s, ":k"), CID_WHOLE_INDEX);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		*whole = sqlite3_column_int(s, 0);
	rules_finish(ctx, s);
	if (rc != SQLITE_ROW)
		return error_set(ctx->e, EXIT_STORE, "review", "LINK-CID-FORMAT: %s",
				 sqlite3_errmsg(ctx->db));
	return 0;
}

int rule_link_cid_format(struct rules_ctx *ctx, const struct rule_def *rule)
{
	int whole = 1;

	if (cid_whole_index(ctx, &whole))
		return -1;
	return rules_query(ctx, rule, whole ? CID_FROM_INDEX " UNION ALL " CID_MISSING
					    : CID_FROM_DAY " UNION ALL " CID_MISSING);
}
