/*
 * engine.c - running the catalog for one day: SQL functions, findings and their evidence,
 * waivers. The mode timeline the rules read is timeline.c's.
 *
 * Given a second connection, a day's rules are shared between two threads, each on its
 * own connection: one takes rules from the front of the catalog, the other from the back
 * (where the costly linkage rules are), until they meet; the second connection's
 * findings are then moved to the first. A rule runs whole on one thread, and
 * reports order findings by rule, so the output is the same as on one thread.
 */
#include "engine.h"

#include <fnmatch.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../ingest/manifest.h"
#include "../ingest/record.h"
#include "../util/bucket.h"
#include "../util/buf.h"
#include "../util/timeutil.h"
#include "../util/threads.h"
#include "../util/timing.h"

/* At most this many rule queries are kept prepared per connection (about 60 are used). */
#define RULES_CACHE_MAX 128
#include "../util/tree.h"

static const char temp_schema[] =
	"CREATE TEMP TABLE IF NOT EXISTS finding ("
	" id INTEGER PRIMARY KEY, rule TEXT NOT NULL,"
	" severity INTEGER NOT NULL, day TEXT NOT NULL, environment TEXT,"
	" args TEXT NOT NULL, waiver INTEGER, expired_waiver INTEGER);"
	"CREATE TEMP TABLE IF NOT EXISTS evidence ("
	" finding_id INTEGER NOT NULL, pos INTEGER NOT NULL, record_id INTEGER,"
	" rejected_id INTEGER, file_id INTEGER, line INTEGER, subject TEXT,"
	" context INTEGER NOT NULL DEFAULT 0,"
	" PRIMARY KEY (finding_id, pos));"
	"CREATE TEMP TABLE IF NOT EXISTS mode_span ("
	" environment TEXT NOT NULL, mode TEXT, start INTEGER NOT NULL, end INTEGER NOT NULL,"
	" record_id INTEGER, mode_read TEXT);"
	"CREATE INDEX IF NOT EXISTS temp.mode_span_env ON mode_span(environment, start);"
	"CREATE INDEX IF NOT EXISTS temp.mode_span_end ON mode_span(environment, end);"
	"CREATE TEMP TABLE IF NOT EXISTS first_critical ("
	" id INTEGER PRIMARY KEY, alert_id TEXT, environment TEXT, ts INTEGER NOT NULL,"
	" source TEXT, seq INTEGER);"
	"CREATE INDEX IF NOT EXISTS temp.first_critical_alert ON first_critical(alert_id);"
	/* what halts an environment (§7.3) and what clears it, indexed by instant: a
	 * submit finds the latest before it in a seek, not a scan of the whole store */
	"CREATE TEMP TABLE IF NOT EXISTS halt_trigger ("
	" id INTEGER PRIMARY KEY, environment TEXT NOT NULL, ts INTEGER NOT NULL,"
	" content INTEGER NOT NULL, kill INTEGER NOT NULL);"
	"CREATE INDEX IF NOT EXISTS temp.halt_trigger_at"
	" ON halt_trigger(environment, ts, content, id);"
	"CREATE TEMP TABLE IF NOT EXISTS clean_checklist ("
	" environment TEXT NOT NULL, completed_at INTEGER NOT NULL);"
	"CREATE INDEX IF NOT EXISTS temp.clean_checklist_at"
	" ON clean_checklist(environment, completed_at);"
	/* the day each checklist falls on (CHECKLIST_DAY), which no index of the store gives */
	"CREATE TEMP TABLE IF NOT EXISTS checklist_day ("
	" id INTEGER PRIMARY KEY, day TEXT, environment TEXT);"
	"CREATE INDEX IF NOT EXISTS temp.checklist_day_day ON checklist_day(day, environment);"
	"CREATE TEMP TABLE IF NOT EXISTS rel_file (file_id INTEGER PRIMARY KEY);"
	/* a period report's placing of LOG-* facts (rules_begin_period()) */
	"CREATE TEMP TABLE IF NOT EXISTS period_file ("
	" file_id INTEGER PRIMARY KEY, day TEXT NOT NULL);"
	"CREATE TEMP TABLE IF NOT EXISTS period_fact ("
	" file_id INTEGER NOT NULL, line INTEGER NOT NULL, day TEXT NOT NULL,"
	" PRIMARY KEY (file_id, line));"
	/* every file any evaluated day covered: the inputs of a report */
	"CREATE TEMP TABLE IF NOT EXISTS seen_file (file_id INTEGER PRIMARY KEY);";

static int db_fail(sqlite3 *db, struct error *e, const char *what)
{
	return error_set(e, EXIT_STORE, "review", "%s: %s", what, sqlite3_errmsg(db));
}

/* Computed once per connection, as the store does not change under the rules: the first
 * CRITICAL record of each alert (three rules a day, the preflight gate and the report read
 * them), what halts an environment and what clears it (DO-7.3-HALT, preflight), and the
 * day of each checklist (every day of a period looks its checklists up). */
static int load_derived(struct rules *r, struct error *e)
{
	if (sqlite3_exec(r->db,
			 "DELETE FROM temp.checklist_day;"
			 "INSERT INTO temp.checklist_day SELECT c.id, " CHECKLIST_DAY("c") ","
			 " c.environment FROM checklist c",
			 NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(r->db, e, "placing the checklists on their days");
	if (sqlite3_exec(r->db,
			 "DELETE FROM temp.first_critical;"
			 "INSERT INTO temp.first_critical " FIRST_CRITICAL_ROWS,
			 NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(r->db, e, "finding the first CRITICAL record of each alert");
	if (sqlite3_exec(r->db,
			 "DELETE FROM temp.halt_trigger;"
			 "INSERT INTO temp.halt_trigger " HALT_TRIGGER_ROWS ";"
			 "DELETE FROM temp.clean_checklist;"
			 "INSERT INTO temp.clean_checklist " CLEAN_CHECKLIST_ROWS,
			 NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(r->db, e, "finding what halts an environment and what clears it");
	return 0;
}

/* ---- SQL functions ---- */

static void fn_mode_at(sqlite3_context *c, int argc, sqlite3_value **v)
{
	const struct rules *r = sqlite3_user_data(c);
	const char *env = (const char *)sqlite3_value_text(v[0]);
	const char *mode;

	(void)argc;
	mode = env ? rules_mode_at(r, env, sqlite3_value_int64(v[1])) : NULL;
	if (mode)
		sqlite3_result_text(c, mode, -1, SQLITE_TRANSIENT);
	else
		sqlite3_result_null(c);
}

/* mode_read_at(env, ts): the mode env has at ts as the rules that forbid something in it
 * read it (sql.h MODE_READ), read once per span, not per record. */
static void fn_mode_read_at(sqlite3_context *c, int argc, sqlite3_value **v)
{
	const struct rules *r = sqlite3_user_data(c);
	const char *env = (const char *)sqlite3_value_text(v[0]);
	const struct span *s = env ? timeline_at(r, env, sqlite3_value_int64(v[1])) : NULL;

	(void)argc;
	if (s && s->read)
		sqlite3_result_text(c, s->read, -1, SQLITE_STATIC);
	else
		sqlite3_result_null(c);
}

/* mode_read(text): the run mode text reads as (rules_mode_read()), or NULL. */
static void fn_mode_read(sqlite3_context *c, int argc, sqlite3_value **v)
{
	const char *mode = rules_mode_read((const char *)sqlite3_value_text(v[0]));

	(void)argc;
	if (mode)
		sqlite3_result_text(c, mode, -1, SQLITE_STATIC);
	else
		sqlite3_result_null(c);
}

/* mode_record_at(env, ts): the mode_change that put env in the mode it has at ts. */
static void fn_mode_record_at(sqlite3_context *c, int argc, sqlite3_value **v)
{
	const struct rules *r = sqlite3_user_data(c);
	const char *env = (const char *)sqlite3_value_text(v[0]);
	const struct span *s = env ? timeline_at(r, env, sqlite3_value_int64(v[1])) : NULL;

	(void)argc;
	if (s && s->record_id)
		sqlite3_result_int64(c, s->record_id);
	else
		sqlite3_result_null(c);
}

/* Rank for "lower mode" (DO-5.2-DEGRADE). An undeclared or unknown mode may be executing
 * for all anyone can tell: it ranks as live, so a change to any mode below live lowers
 * it, and a change to live does not. */
static int mode_rank(const char *mode)
{
	if (!mode)
		return 3;
	if (!strcmp(mode, "disabled"))
		return 0;
	if (!strcmp(mode, "observe_only"))
		return 1;
	if (!strcmp(mode, "simulated_execution"))
		return 2;
	return 3; /* live_execution, and what no mode of §4.2 is */
}

static void fn_mode_rank(sqlite3_context *c, int argc, sqlite3_value **v)
{
	(void)argc;
	sqlite3_result_int(c, mode_rank((const char *)sqlite3_value_text(v[0])));
}

/* cid_ok(text): the correlation-ID pattern; remembers the last ID it matched, since
 * callers read the records of one flow together. */
static void fn_cid_ok(sqlite3_context *c, int argc, sqlite3_value **v)
{
	struct rules *r = sqlite3_user_data(c);
	const char *cid = (const char *)sqlite3_value_text(v[0]);

	(void)argc;
	if (sqlite3_value_type(v[0]) != SQLITE_TEXT || !cid) {
		sqlite3_result_int(c, 0);
		return;
	}
	if (!r->last_cid || strcmp(r->last_cid, cid)) {
		free(r->last_cid);
		r->last_cid = xstrdup(cid);
		r->last_cid_ok = tailoring_cid_ok(r->t, cid);
	}
	sqlite3_result_int(c, r->last_cid_ok);
}

/* iso(ts [, offset]): an instant as ISO 8601 in the given offset, else the zone's. */
static void fn_iso(sqlite3_context *c, int argc, sqlite3_value **v)
{
	char out[ISO_MAX];

	if (sqlite3_value_type(v[0]) == SQLITE_NULL) {
		sqlite3_result_null(c);
		return;
	}
	if (argc > 1 && sqlite3_value_type(v[1]) != SQLITE_NULL)
		iso_format(sqlite3_value_int64(v[0]), sqlite3_value_int(v[1]), out);
	else
		tz_format(sqlite3_value_int64(v[0]), out);
	sqlite3_result_text(c, out, -1, SQLITE_TRANSIENT);
}

/* day_of(ts): the local operating day, YYYY-MM-DD. */
static void fn_day_of(sqlite3_context *c, int argc, sqlite3_value **v)
{
	char out[11];
	int64_t day;

	(void)argc;
	if (sqlite3_value_type(v[0]) == SQLITE_NULL) {
		sqlite3_result_null(c);
		return;
	}
	tz_local_day(sqlite3_value_int64(v[0]), &day, NULL);
	day_format(day, out);
	sqlite3_result_text(c, out, -1, SQLITE_TRANSIENT);
}

static int register_functions(struct rules *r, struct error *e)
{
	static const struct {
		const char *name;
		int nargs;
		void (*fn)(sqlite3_context *, int, sqlite3_value **);
	} fns[] = {
		{ "mode_at", 2, fn_mode_at },     { "mode_record_at", 2, fn_mode_record_at },
		{ "mode_read_at", 2, fn_mode_read_at },     { "mode_read", 1, fn_mode_read },
		{ "mode_rank", 1, fn_mode_rank },
		{ "cid_ok", 1, fn_cid_ok },       { "iso", 1, fn_iso },
		{ "iso", 2, fn_iso },             { "day_of", 1, fn_day_of },
	};

	for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++)
		if (sqlite3_create_function(r->db, fns[i].name, fns[i].nargs,
					    SQLITE_UTF8 | SQLITE_DETERMINISTIC, r, fns[i].fn, NULL,
					    NULL) != SQLITE_OK)
			return db_fail(r->db, e, "registering SQL functions");
	return 0;
}

/* ---- open / close ---- */

/* lender: the connection whose timeline this one reads, or NULL to read its own. */
static int open_connection(sqlite3 *db, const struct tailoring *t, const struct rules *lender,
			   struct rules **out, struct error *e)
{
	struct rules *r = xcalloc(1, sizeof(*r));

	*out = NULL;
	r->db = db;
	r->t = t;
	if (sqlite3_exec(db, temp_schema, NULL, NULL, NULL) != SQLITE_OK) {
		db_fail(db, e, "creating the findings tables");
		goto fail;
	}
	if (lender)
		timeline_borrow(r, lender);
	if (register_functions(r, e) || (!lender && timeline_read(r, e)) ||
	    timeline_store(r, e) || load_derived(r, e))
		goto fail;
	if (sqlite3_prepare_v2(db,
			       "INSERT INTO temp.finding (rule, severity, day, environment, args, waiver,"
			       " expired_waiver) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
			       -1, &r->ins_finding, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
			       "INSERT INTO temp.evidence SELECT ?1, ?2, id, NULL, file_id, line, NULL,"
			       " ?4 FROM record WHERE id = ?3",
			       -1, &r->ins_evidence, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO temp.evidence VALUES (?1, ?2, NULL, ?3, ?4, ?5, ?6, ?7)",
			       -1, &r->ins_evidence_file, NULL) != SQLITE_OK ||
	    /* A piece of evidence as waivers see it: a record's identity, correlation ID
	     * and file path, or a file (?1) and the subject of a rejected record. */
	    sqlite3_prepare_v2(db,
			       "SELECT coalesce(r.rid, r.source || '#' || r.seq), r.correlation_id,"
			       " f.path FROM input_file f LEFT JOIN record r ON r.id = ?2"
			       " WHERE f.id = coalesce(nullif(?1, 0),"
			       "                       (SELECT file_id FROM record WHERE id = ?2))",
			       -1, &r->waiver_evidence, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
			       "SELECT correlation_id FROM incident_correlation"
			       " WHERE record_id = ?1 AND correlation_id IS NOT NULL ORDER BY pos",
			       -1, &r->waiver_incident_cids, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
			       "SELECT value FROM json_each(?1)"
			       " WHERE type IN ('integer', 'real') AND value > 0",
			       -1, &r->json_ids, NULL) != SQLITE_OK) {
		db_fail(db, e, "preparing the findings tables");
		goto fail;
	}
	*out = r;
	return 0;
fail:
	rules_close(r);
	return -1;
}

int rules_open(sqlite3 *db, sqlite3 *peer_db, const struct tailoring *t, struct rules **out,
	       struct error *e)
{
	struct rules *peer = NULL;

	*out = NULL;
	if (open_connection(db, t, NULL, out, e)) {
		if (peer_db)
			sqlite3_close(peer_db);
		return -1;
	}
	if (peer_db && open_connection(peer_db, t, *out, &peer, e)) {
		sqlite3_close(peer_db);
		rules_close(*out);
		*out = NULL;
		return -1;
	}
	if (peer)
		peer->own_db = 1;
	(*out)->peer = peer;
	return 0;
}

void rules_close(struct rules *r)
{
	if (!r)
		return;
	rules_close(r->peer);
	for (size_t c = 0; c < r->ncache; c++) {
		sqlite3_finalize(r->cache[c].s);
		free(r->cache[c].sql);
	}
	free(r->cache);
	sqlite3_finalize(r->ins_finding);
	sqlite3_finalize(r->ins_evidence);
	sqlite3_finalize(r->ins_evidence_file);
	sqlite3_finalize(r->waiver_evidence);
	sqlite3_finalize(r->waiver_incident_cids);
	sqlite3_finalize(r->json_ids);
	timeline_free(r);
	free(r->run_files);
	free(r->last_cid);
	if (r->own_db)
		sqlite3_close(r->db);
	free(r);
}

void rules_set_run_files(struct rules *r, const int64_t *ids, size_t n)
{
	if (r->peer)
		rules_set_run_files(r->peer, ids, n);
	free(r->run_files);
	r->run_files = n ? xmalloc(n * sizeof(*ids)) : NULL;
	if (n)
		memcpy(r->run_files, ids, n * sizeof(*ids));
	r->nrun_files = n;
}

int rules_note_run_files(struct rules *r, struct error *e)
{
	sqlite3_stmt *s = NULL;

	if (sqlite3_prepare_v2(r->db, "INSERT OR IGNORE INTO temp.seen_file VALUES (?1)", -1, &s,
			       NULL) != SQLITE_OK)
		return db_fail(r->db, e, "noting input files");
	for (size_t i = 0; i < r->nrun_files; i++) {
		sqlite3_bind_int64(s, 1, r->run_files[i]);
		if (sqlite3_step(s) != SQLITE_DONE) {
			sqlite3_finalize(s);
			return db_fail(r->db, e, "noting input files");
		}
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	return 0;
}

/* ---- findings ---- */

/*
 * The ID a waiver's `record` sees in the subject of a log-integrity fact, written by
 * record_subject() as "kind source#seq ts" for an event and "kind id" for a record: the
 * same source#seq or ID as for the evidence of any other rule.
 */
static const char *subject_record_id(const char *subject, struct buf *b)
{
	const char *sp = strchr(subject, ' '), *last;
	enum kind k;

	if (!sp)
		return subject;
	buf_reset(b);
	buf_add(b, subject, (size_t)(sp - subject));
	k = kind_from_name(b->data);
	if (k == KIND_UNKNOWN)
		return subject;
	last = strrchr(sp + 1, ' ');
	buf_reset(b);
	if (kind_is_event(k) && last)
		buf_add(b, sp + 1, (size_t)(last - sp - 1));
	else
		buf_adds(b, sp + 1);
	return b->data;
}

/*
 * What a waiver's keys are matched against, for one piece of evidence: a record's ID (or
 * source#seq for an event), its correlation IDs (those the finding is about, the event's
 * own, or all an incident lists) and its file's path. Gathered once per finding, before
 * any waiver is tried: looked up again for each waiver, 200 waivers of a rule made
 * 20,000 of its findings take 4.2 s.
 */
struct ev_keys {
	int found;     /* the evidence has a file or a record to match */
	char *id;      /* or NULL */
	char **cids;   /* ncids of them */
	size_t ncids;
	int cids_at_fault; /* they are the IDs the finding is about: a waiver must name all */
	int cid_missing;   /* and one of those is missing, which no pattern names */
	char *path;    /* or NULL */
};

static void keys_release(struct ev_keys *k, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(k[i].id);
		for (size_t j = 0; j < k[i].ncids; j++)
			free(k[i].cids[j]);
		free(k[i].cids);
		free(k[i].path);
	}
	free(k);
}

static void add_cid(struct ev_keys *k, const char *cid)
{
	k->cids = xrealloc(k->cids, (k->ncids + 1) * sizeof(*k->cids));
	k->cids[k->ncids++] = xstrdup(cid);
}

/* The correlation IDs incident `id` lists, in order, into k: an incident's correlation
 * IDs are its own, as an event's one is. */
static int incident_cids(struct rules *r, int64_t id, struct ev_keys *k, struct error *e)
{
	sqlite3_stmt *s = r->waiver_incident_cids;
	int rc;

	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		add_cid(k, (const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : db_fail(r->db, e, "matching waivers");
}

/* The keys of each piece of evidence (none for context), or NULL with e set. */
static struct ev_keys *evidence_keys(struct rules *r, const struct evidence *ev, size_t nev,
				     struct error *e)
{
	sqlite3_stmt *s = r->waiver_evidence;
	struct ev_keys *keys = xcalloc(nev ? nev : 1, sizeof(*keys));
	struct buf idbuf = BUF_INIT;
	int rc;

	for (size_t i = 0; i < nev; i++) {
		struct ev_keys *k = &keys[i];
		if (ev[i].context)
			continue;
		sqlite3_reset(s);
		sqlite3_bind_int64(s, 1, ev[i].file_id);
		sqlite3_bind_int64(s, 2, ev[i].record_id);
		if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			const char *id = (const char *)sqlite3_column_text(s, 0);
			const char *cid = (const char *)sqlite3_column_text(s, 1);
			const char *path = (const char *)sqlite3_column_text(s, 2);
			k->found = 1;
			if (!id && ev[i].subject)
				id = subject_record_id(ev[i].subject, &idbuf);
			k->id = id ? xstrdup(id) : NULL;
			k->path = path ? xstrdup(path) : NULL;
			if (ev[i].cids) {
				/* the IDs the finding is about, of the several the record lists */
				cJSON *ids = tree_parse_stored(ev[i].cids), *x;
				cJSON_ArrayForEach(x, ids) {
					if (cJSON_IsString(x))
						add_cid(k, x->valuestring);
					else
						k->cid_missing = 1;
				}
				cJSON_Delete(ids);
				k->cids_at_fault = k->ncids > 0 || k->cid_missing;
			} else if (cid) {
				add_cid(k, cid);
			} else if (ev[i].record_id) {
				sqlite3_reset(s); /* before the next statement's step */
				if (incident_cids(r, ev[i].record_id, k, e))
					goto fail;
			}
		} else if (rc != SQLITE_DONE) {
			db_fail(r->db, e, "matching waivers");
			goto fail;
		}
	}
	sqlite3_reset(s);
	buf_release(&idbuf);
	return keys;
fail:
	sqlite3_reset(s);
	buf_release(&idbuf);
	keys_release(keys, nev);
	return NULL;
}

/*
 * Whether the `record`, `correlation_id` and `file` that waiver w gives all match a
 * finding whose evidence has keys k[0..n) (NULL when w gives none): each matches when it
 * does for any piece of evidence. A record's correlation IDs match when any does, but
 * the IDs a finding is about (the bad IDs of LINK-CID-FORMAT, the dangling ones of
 * DO-6.4-DANGLING-CID) only when every one does: a waiver approved for one bad ID must
 * not hide another of the same record.
 */
static int waiver_matches(const struct waiver *w, const struct ev_keys *k, size_t n,
			  const char *named_path)
{
	int rec_ok = !w->record, cid_ok = !w->correlation_id, file_ok = !w->file;

	if (!file_ok && named_path && !fnmatch(w->file, named_path, 0))
		file_ok = 1;

	for (size_t i = 0; i < n && !(rec_ok && cid_ok && file_ok); i++) {
		if (!k[i].found)
			continue;
		if (!rec_ok && k[i].id && !fnmatch(w->record, k[i].id, 0))
			rec_ok = 1;
		if (!cid_ok && k[i].cids_at_fault) {
			size_t j = 0;
			while (j < k[i].ncids && !fnmatch(w->correlation_id, k[i].cids[j], 0))
				j++;
			cid_ok = j == k[i].ncids && !k[i].cid_missing;
		}
		for (size_t j = 0; !cid_ok && !k[i].cids_at_fault && j < k[i].ncids; j++)
			cid_ok = !fnmatch(w->correlation_id, k[i].cids[j], 0);
		if (!file_ok && k[i].path && !fnmatch(w->file, k[i].path, 0))
			file_ok = 1;
	}
	return rec_ok && cid_ok && file_ok;
}

/* The path of a listed file that is missing (a LOG-MANIFEST finding's args' `path`),
 * malloc'd, or NULL: its finding has no evidence of its own but the manifest line, and a
 * waiver's `file` naming the file must reach it without reaching every finding of that
 * manifest. The other manifest findings cite the file they are about. */
static char *manifest_path(const char *rule_id, const char *args)
{
	cJSON *j, *path, *problem;
	char *out = NULL;

	if (!args || strcmp(rule_id, "LOG-MANIFEST") || !(j = tree_parse_stored(args)))
		return NULL;
	path = cJSON_GetObjectItemCaseSensitive(j, "path");
	problem = cJSON_GetObjectItemCaseSensitive(j, "problem");
	if (cJSON_IsString(path) && cJSON_IsString(problem) &&
	    !strcmp(problem->valuestring, MANIFEST_MISSING))
		out = xstrdup(path->valuestring);
	cJSON_Delete(j);
	return out;
}

/* The first waiver in force on `date` that covers a finding of rule `rule_id` with
 * arguments `args` (*waiver, 1-based, 0 for none), and failing that the first expired
 * one that would (*expired). */
static int find_waiver(struct rules *r, const char *rule_id, const char *env,
		       const char *date, const char *args, const struct evidence *ev, size_t nev,
		       int64_t *waiver, int64_t *expired, struct error *e)
{
	const struct tailoring *t = r->t;
	struct ev_keys *keys = NULL;
	char *named_path = NULL;
	int named_read = 0;

	*waiver = *expired = 0;
	for (size_t i = 0; i < t->nwaivers && !*waiver; i++) {
		const struct waiver *w = &t->waivers[i];
		if (strcmp(w->rule, rule_id) ||
		    (w->environment && (!env || fnmatch(w->environment, env, 0))))
			continue;
		/* the store is read only for a waiver that names what it holds */
		if (!keys && (w->record || w->correlation_id || w->file) &&
		    !(keys = evidence_keys(r, ev, nev, e))) {
			free(named_path);
			return -1;
		}
		if (w->file && !named_read)
			named_path = manifest_path(rule_id, args), named_read = 1;
		if (!waiver_matches(w, keys, nev, named_path))
			continue;
		if (strcmp(w->expires, date) >= 0)
			*waiver = (int64_t)i + 1;
		else if (!*expired)
			*expired = (int64_t)i + 1;
	}
	if (keys)
		keys_release(keys, nev);
	free(named_path);
	return 0;
}

int rules_waiver_for_records(struct rules *r, const char *rule_id, const char *env,
			     const char *date, const int64_t *ids, size_t n, int64_t *waiver,
			     int64_t *expired, struct error *e)
{
	struct evidence *ev = xcalloc(n ? n : 1, sizeof(*ev));
	int rc;

	for (size_t i = 0; i < n; i++)
		ev[i].record_id = ids[i];
	rc = find_waiver(r, rule_id, env, date, NULL, ev, n, waiver, expired, e);
	free(ev);
	return rc;
}

int rules_emit(struct rules_ctx *ctx, const struct rule_def *rule, enum severity sev,
	       const char *env, const char *args, const struct evidence *ev, size_t nev)
{
	struct rules *r = ctx->r;
	int64_t waiver = 0, expired = 0, fid;

	if (sev == SEV_NONE)
		sev = rule->severity;
	if (find_waiver(r, rule->id, env, ctx->date, args, ev, nev, &waiver, &expired, ctx->e))
		return -1;
	sqlite3_reset(r->ins_finding);
	sqlite3_bind_text(r->ins_finding, 1, rule->id, -1, SQLITE_STATIC);
	sqlite3_bind_int(r->ins_finding, 2, sev);
	sqlite3_bind_text(r->ins_finding, 3, ctx->date, -1, SQLITE_STATIC);
	if (env)
		sqlite3_bind_text(r->ins_finding, 4, env, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(r->ins_finding, 4);
	sqlite3_bind_text(r->ins_finding, 5, args ? args : "{}", -1, SQLITE_TRANSIENT);
	if (waiver)
		sqlite3_bind_int64(r->ins_finding, 6, waiver);
	else
		sqlite3_bind_null(r->ins_finding, 6);
	if (expired && !waiver)
		sqlite3_bind_int64(r->ins_finding, 7, expired);
	else
		sqlite3_bind_null(r->ins_finding, 7);
	if (sqlite3_step(r->ins_finding) != SQLITE_DONE)
		return db_fail(ctx->db, ctx->e, "recording a finding");
	fid = sqlite3_last_insert_rowid(ctx->db);
	for (size_t i = 0; i < nev; i++) {
		sqlite3_stmt *s = ev[i].record_id ? r->ins_evidence : r->ins_evidence_file;
		sqlite3_reset(s);
		sqlite3_bind_int64(s, 1, fid);
		sqlite3_bind_int64(s, 2, (int64_t)i);
		if (ev[i].record_id) {
			sqlite3_bind_int64(s, 3, ev[i].record_id);
			sqlite3_bind_int(s, 4, ev[i].context);
		} else {
			if (ev[i].rejected_id)
				sqlite3_bind_int64(s, 3, ev[i].rejected_id);
			else
				sqlite3_bind_null(s, 3);
			sqlite3_bind_int64(s, 4, ev[i].file_id);
			sqlite3_bind_int64(s, 5, ev[i].line);
			if (ev[i].subject)
				sqlite3_bind_text(s, 6, ev[i].subject, -1, SQLITE_TRANSIENT);
			else
				sqlite3_bind_null(s, 6);
			sqlite3_bind_int(s, 7, ev[i].context);
		}
		if (sqlite3_step(s) != SQLITE_DONE)
			return db_fail(ctx->db, ctx->e, "recording evidence");
	}
	ctx->counts->total++;
	if (waiver)
		ctx->counts->waived++;
	else
		ctx->counts->by_severity[sev]++;
	return 0;
}

/* TAITS_AUDIT_EXPLAIN=1: the query plan of every rule query, on stderr. */
static void explain(sqlite3 *db, const char *sql)
{
	const char *on = getenv("TAITS_AUDIT_EXPLAIN");
	struct buf b = BUF_INIT;
	sqlite3_stmt *s = NULL;

	if (!on || strcmp(on, "1"))
		return;
	buf_addf(&b, "EXPLAIN QUERY PLAN %s", sql);
	if (sqlite3_prepare_v2(db, b.data, -1, &s, NULL) == SQLITE_OK) {
		fprintf(stderr, "plan: %.80s...\n", sql);
		while (sqlite3_step(s) == SQLITE_ROW)
			fprintf(stderr, "plan:   %s\n", sqlite3_column_text(s, 3));
	}
	sqlite3_finalize(s);
	buf_release(&b);
}

sqlite3_stmt *rules_prepare(struct rules_ctx *ctx, const char *sql)
{
	const struct tailoring *t = ctx->t;
	sqlite3_stmt *s = NULL;
	const struct {
		const char *name;
		int64_t value;
	} ints[] = {
		{ ":ds", ctx->ds },
		{ ":de", ctx->de },
		{ ":session_start", ctx->session_start },
		{ ":session_end", ctx->session_end },
		{ ":monitor_max_gap", t->monitor_max_gap_s * US_PER_SEC },
		{ ":degrade_within", t->degrade_within_s * US_PER_SEC },
		{ ":kill_within", t->kill_within_s * US_PER_SEC },
		{ ":incident_stop_within", t->incident_stop_within_s * US_PER_SEC },
		{ ":freeze_within", t->freeze_within_h * 3600 * US_PER_SEC },
		{ ":period", ctx->r->period },
		{ ":period_start", ctx->r->period_start },
		{ ":period_end", ctx->r->period_end },
	};
	struct rules *r = ctx->r;
	size_t c;
	int i;

	for (c = 0; c < r->ncache; c++)
		if (!r->cache[c].busy && !strcmp(r->cache[c].sql, sql))
			break;
	if (c < r->ncache) {
		s = r->cache[c].s;
		sqlite3_clear_bindings(s);
	} else {
		explain(ctx->db, sql);
		if (sqlite3_prepare_v2(ctx->db, sql, -1, &s, NULL) != SQLITE_OK) {
			db_fail(ctx->db, ctx->e, "preparing a rule query");
			return NULL;
		}
		if (r->ncache < RULES_CACHE_MAX) {
			r->cache = xrealloc(r->cache, (r->ncache + 1) * sizeof(*r->cache));
			r->cache[c = r->ncache++] = (struct cached_stmt){ xstrdup(sql), s, 0 };
		}
	}
	if (c < r->ncache)
		r->cache[c].busy = 1;
	for (size_t k = 0; k < sizeof(ints) / sizeof(ints[0]); k++)
		if ((i = sqlite3_bind_parameter_index(s, ints[k].name)))
			sqlite3_bind_int64(s, i, ints[k].value);
	if ((i = sqlite3_bind_parameter_index(s, ":date")))
		sqlite3_bind_text(s, i, ctx->date, -1, SQLITE_STATIC);
	if ((i = sqlite3_bind_parameter_index(s, ":env")) && ctx->env)
		sqlite3_bind_text(s, i, ctx->env, -1, SQLITE_STATIC);
	return s;
}

void rules_finish(struct rules_ctx *ctx, sqlite3_stmt *s)
{
	struct rules *r = ctx->r;

	for (size_t c = 0; s && c < r->ncache; c++)
		if (r->cache[c].s == s) {
			sqlite3_reset(s);
			r->cache[c].busy = 0;
			return;
		}
	sqlite3_finalize(s);
}

static int column(sqlite3_stmt *s, const char *name)
{
	for (int i = 0; i < sqlite3_column_count(s); i++)
		if (!strcmp(sqlite3_column_name(s, i), name))
			return i;
	return -1;
}

/* A new, zeroed piece of evidence at the end of *ev. */
static struct evidence *ev_push(struct evidence **ev, size_t *n, size_t *cap)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*ev = xrealloc(*ev, *cap * sizeof(**ev));
	}
	memset(&(*ev)[*n], 0, sizeof(**ev));
	return &(*ev)[(*n)++];
}

/* Appends the record ids of the JSON array in column c of s's current row to *ev, read by
 * SQLite's json_each a row at a time: a finding may cite a hundred thousand records, and a
 * parsed tree of them cost more than the evidence itself. */
static int add_ids(struct rules_ctx *ctx, sqlite3_stmt *s, int c, int context,
		   struct evidence **ev, size_t *n, size_t *cap)
{
	sqlite3_stmt *each = ctx->r->json_ids;
	int rc;

	if (c < 0 || sqlite3_column_type(s, c) != SQLITE_TEXT)
		return 0;
	sqlite3_reset(each);
	sqlite3_bind_value(each, 1, sqlite3_column_value(s, c));
	while ((rc = sqlite3_step(each)) == SQLITE_ROW) {
		struct evidence *x = ev_push(ev, n, cap);
		x->context = context;
		x->record_id = sqlite3_column_int64(each, 0);
	}
	sqlite3_clear_bindings(each);
	return rc == SQLITE_DONE ? 0 : db_fail(ctx->db, ctx->e, "reading a finding's records");
}

int rules_query(struct rules_ctx *ctx, const struct rule_def *rule, const char *sql)
{
	sqlite3_stmt *s = rules_prepare(ctx, sql);
	struct evidence *ev = NULL;
	size_t cap = 0;
	int rc, ret = -1, c_subject, c_env, c_sev, c_args, c_more, c_context, c_cids;

	if (!s)
		return -1;
	c_subject = column(s, "subject");
	c_env = column(s, "env");
	c_sev = column(s, "sev");
	c_args = column(s, "args");
	c_more = column(s, "more");
	c_context = column(s, "context");
	c_cids = column(s, "cids");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		size_t n = 0;
		enum severity sev = SEV_NONE;

		if (c_subject >= 0 && sqlite3_column_type(s, c_subject) != SQLITE_NULL) {
			struct evidence *x = ev_push(&ev, &n, &cap);
			if (c_cids >= 0)
				x->cids = (const char *)sqlite3_column_text(s, c_cids);
			x->record_id = sqlite3_column_int64(s, c_subject);
		}
		if (add_ids(ctx, s, c_more, 0, &ev, &n, &cap) ||
		    add_ids(ctx, s, c_context, 1, &ev, &n, &cap))
			goto out;
		if (c_sev >= 0 && sqlite3_column_type(s, c_sev) != SQLITE_NULL)
			sev = (enum severity)sqlite3_column_int(s, c_sev);
		if (rules_emit(ctx, rule, sev,
			       c_env >= 0 ? (const char *)sqlite3_column_text(s, c_env) : NULL,
			       c_args >= 0 ? (const char *)sqlite3_column_text(s, c_args) : NULL,
			       ev, n))
			goto out;
	}
	if (rc != SQLITE_DONE) {
		db_fail(ctx->db, ctx->e, rule->id);
		goto out;
	}
	ret = 0;
out:
	free(ev);
	rules_finish(ctx, s);
	return ret;
}

/* ---- a day ---- */

/* The files the day covers, into temp.rel_file: those holding records of it, the files
 * the run ingested when with_run_files, the files that hold no record at all but have a
 * fault (every line rejected, a stray file the manifest does not list) of the bundle of
 * any of them, or of a bundle of the same run in which no file holds a record (a single
 * bad file given as a PATH), and the manifests of all of them. Without the third, a file
 * of rejected lines loaded by `ingest` alone would be reported by no review. */
static int relevant_files(struct rules_ctx *ctx, int with_run_files)
{
	static const char sql[] =
		"INSERT OR IGNORE INTO temp.rel_file"
		" SELECT DISTINCT file_id FROM file_time WHERE bucket >= ?1 AND bucket < ?2";
	static const char other_days[] =
		"INSERT OR IGNORE INTO temp.rel_file"
		" SELECT file_id FROM checklist WHERE date = ?1"
		" UNION SELECT file_id FROM freeze WHERE ended_at >= ?2 AND ended_at < ?3";
	sqlite3_stmt *s = NULL;
	int rc = -1;

	if (sqlite3_exec(ctx->db, "DELETE FROM temp.rel_file", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(ctx->db, sql, -1, &s, NULL) != SQLITE_OK)
		goto out;
	/* Buckets that overlap the day at all (a zone whose midnight is not on a quarter
	 * hour brings in a neighbour's file, never misses one). */
	sqlite3_bind_int64(s, 1, bucket_of(ctx->ds));
	sqlite3_bind_int64(s, 2, bucket_of(ctx->de - 1) + 1);
	if (sqlite3_step(s) != SQLITE_DONE)
		goto out;
	sqlite3_finalize(s);
	s = NULL;
	/* Records that fall on the day by another time than the one file_time dates them
	 * by (interpretation.md): a checklist by its `date`, a freeze by its `ended_at`. */
	if (sqlite3_prepare_v2(ctx->db, other_days, -1, &s, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_text(s, 1, ctx->date, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, ctx->ds);
	sqlite3_bind_int64(s, 3, ctx->de);
	if (sqlite3_step(s) != SQLITE_DONE)
		goto out;
	sqlite3_finalize(s);
	s = NULL;
	if (sqlite3_prepare_v2(ctx->db, "INSERT OR IGNORE INTO temp.rel_file VALUES (?1)", -1, &s,
			       NULL) != SQLITE_OK)
		goto out;
	for (size_t i = 0; with_run_files && i < ctx->r->nrun_files; i++) {
		sqlite3_bind_int64(s, 1, ctx->r->run_files[i]);
		if (sqlite3_step(s) != SQLITE_DONE)
			goto out;
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	s = NULL;
	/* The manifest of a relevant file is relevant: its findings are about the bundle. */
	if (sqlite3_exec(ctx->db,
			 "INSERT OR IGNORE INTO temp.rel_file SELECT f.id FROM input_file f"
			 " WHERE NOT EXISTS (SELECT 1 FROM file_time t WHERE t.file_id = f.id)"
			 "   AND (EXISTS (SELECT 1 FROM rejected j WHERE j.file_id = f.id)"
			 "     OR EXISTS (SELECT 1 FROM integrity i WHERE i.file_id = f.id))"
			 "   AND EXISTS (SELECT 1 FROM temp.rel_file r JOIN input_file g"
			 "     ON g.id = r.file_id WHERE g.run_id = f.run_id"
			 "     AND (g.bundle = f.bundle OR NOT EXISTS (SELECT 1 FROM input_file h"
			 "       JOIN file_time ht ON ht.file_id = h.id"
			 "       WHERE h.run_id = f.run_id AND h.bundle = f.bundle)));"
			 "INSERT OR IGNORE INTO temp.rel_file SELECT DISTINCT f.manifest_id"
			 " FROM input_file f JOIN temp.rel_file r ON r.file_id = f.id"
			 " WHERE f.manifest_id IS NOT NULL;"
			 "INSERT OR IGNORE INTO temp.seen_file SELECT file_id FROM temp.rel_file",
			 NULL, NULL, NULL) != SQLITE_OK)
		goto out;
	rc = 0;
out:
	if (rc)
		db_fail(ctx->db, ctx->e, "finding the day's files");
	sqlite3_finalize(s);
	return rc;
}

/* The catalog, shared by the threads evaluating one day: rules [front, back) are left. */
struct share {
	pthread_mutex_t lock;
	size_t front, back;
	int failed; /* a thread failed: the other stops */
};

struct worker {
	struct rules_ctx ctx;
	struct share *share;
	int rc;
};

static int take_rule(struct share *sh, int from_back, size_t *i)
{
	int more;

	pthread_mutex_lock(&sh->lock);
	more = !sh->failed && sh->front < sh->back;
	if (more)
		*i = from_back ? --sh->back : sh->front++;
	pthread_mutex_unlock(&sh->lock);
	return more;
}

/* Whatever is left of the catalog is not taken. */
static void share_stop(struct share *sh)
{
	pthread_mutex_lock(&sh->lock);
	sh->failed = 1;
	pthread_mutex_unlock(&sh->lock);
}

static int evaluate_rules(struct rules_ctx *ctx, struct share *sh, int from_back)
{
	size_t i;

	while (take_rule(sh, from_back, &i)) {
		double t0 = timing_now();
		if (rule_catalog[i].eval(ctx, &rule_catalog[i])) {
			share_stop(sh);
			return -1;
		}
		timing_add(rule_catalog[i].id, t0);
	}
	return 0;
}

static void *evaluate_on_peer(void *arg)
{
	struct worker *w = arg;
	double t0 = timing_now();

	w->rc = evaluate_rules(&w->ctx, w->share, 1);
	timing_add("rules.second-thread", t0); /* TAITS_AUDIT_TIMING: that it ran, and how long */
	return NULL;
}

/* Moves the peer's findings, with their evidence, to r's tables, in the order they were
 * found. */
static int take_peer_findings(struct rules *r, struct error *e)
{
	sqlite3 *pdb = r->peer->db;
	sqlite3_stmt *f = NULL, *ev = NULL, *put_ev = NULL;
	int rc, ret = -1;

	if (sqlite3_prepare_v2(pdb,
			       "SELECT rule, severity, day, environment, args, waiver, expired_waiver, id"
			       " FROM temp.finding ORDER BY id",
			       -1, &f, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(pdb,
			       "SELECT pos, record_id, rejected_id, file_id, line, subject, context"
			       " FROM temp.evidence WHERE finding_id = ?1 ORDER BY pos",
			       -1, &ev, NULL) != SQLITE_OK) {
		db_fail(pdb, e, "reading the second connection's findings");
		goto out;
	}
	if (sqlite3_prepare_v2(r->db,
			       "INSERT INTO temp.evidence VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
			       -1, &put_ev, NULL) != SQLITE_OK) {
		db_fail(r->db, e, "recording evidence");
		goto out;
	}
	while ((rc = sqlite3_step(f)) == SQLITE_ROW) {
		int64_t id;
		sqlite3_reset(r->ins_finding);
		for (int c = 0; c < 7; c++)
			sqlite3_bind_value(r->ins_finding, c + 1, sqlite3_column_value(f, c));
		if (sqlite3_step(r->ins_finding) != SQLITE_DONE) {
			db_fail(r->db, e, "recording a finding");
			goto out;
		}
		id = sqlite3_last_insert_rowid(r->db);
		sqlite3_bind_int64(ev, 1, sqlite3_column_int64(f, 7));
		while ((rc = sqlite3_step(ev)) == SQLITE_ROW) {
			sqlite3_reset(put_ev);
			sqlite3_bind_int64(put_ev, 1, id);
			for (int c = 0; c < 7; c++)
				sqlite3_bind_value(put_ev, c + 2, sqlite3_column_value(ev, c));
			if (sqlite3_step(put_ev) != SQLITE_DONE) {
				db_fail(r->db, e, "recording evidence");
				goto out;
			}
		}
		sqlite3_reset(ev);
		if (rc != SQLITE_DONE) {
			db_fail(pdb, e, "reading the second connection's findings");
			goto out;
		}
	}
	if (rc != SQLITE_DONE) {
		db_fail(pdb, e, "reading the second connection's findings");
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(f);
	sqlite3_finalize(ev);
	sqlite3_finalize(put_ev);
	if (sqlite3_exec(pdb, "DELETE FROM temp.finding; DELETE FROM temp.evidence", NULL, NULL,
			 NULL) != SQLITE_OK && !ret)
		ret = db_fail(pdb, e, "clearing the second connection's findings");
	return ret;
}

static void ctx_init(struct rules_ctx *ctx, struct rules *r, int64_t day, const char *env,
		     struct day_counts *counts, struct error *e)
{
	memset(ctx, 0, sizeof(*ctx));
	memset(counts, 0, sizeof(*counts));
	ctx->r = r;
	ctx->t = r->t;
	ctx->db = r->db;
	day_format(day, ctx->date);
	ctx->day = day;
	tz_day_bounds(day, &ctx->ds, &ctx->de);
	tailoring_session(r->t, day, &ctx->session_start, &ctx->session_end);
	ctx->env = env;
	ctx->counts = counts;
	ctx->e = e;
}

/*
 * Where a period report puts the facts about the files this day covers (temp.rel_file,
 * as the day's evaluation will find them). A fact on the line of a record that falls on
 * this day goes to it (temp.period_fact); a fact on no record of the period goes to the
 * first day that covers its file (temp.period_file), which is this one when no earlier
 * day did: days come in order, and a file keeps its first day.
 */
static int place_facts(struct rules_ctx *ctx)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *s;
	int rc = -1;

	if (!(s = rules_prepare(ctx, "INSERT OR IGNORE INTO temp.period_file"
				     " SELECT file_id, :date FROM temp.rel_file")))
		return -1;
	if (sqlite3_step(s) != SQLITE_DONE)
		goto out;
	rules_finish(ctx, s);
	/* Every kind, so that record_kind_ts reads the day's records only; whether the
	 * day's files have facts on lines is asked once, before the scan, so that a day
	 * without any reads no record. */
#define FACT_LINES                                                                         \
	" AND EXISTS (SELECT 1 FROM integrity i JOIN temp.rel_file f"                      \
	"   ON f.file_id = i.file_id WHERE i.line > 0)"                                    \
	" AND (r.file_id, r.line) IN (SELECT i.file_id, i.line FROM integrity i"           \
	"   JOIN temp.rel_file f ON f.file_id = i.file_id WHERE i.line > 0)"
	buf_adds(&sql, "INSERT OR IGNORE INTO temp.period_fact"
		       " SELECT r.file_id, r.line, :date FROM record r WHERE r.kind IN (");
	for (int k = KIND_UNKNOWN + 1, n = 0; k < KIND_COUNT; k++)
		if (k != KIND_CHECKLIST) /* on its date, below */
			buf_addf(&sql, "%s'%s'", n++ ? ", " : "", kind_name((enum kind)k));
	buf_adds(&sql, ") AND " DAY FACT_LINES
		       " UNION ALL SELECT r.file_id, r.line, :date FROM temp.checklist_day d"
		       " JOIN record r ON r.id = d.id WHERE d.day = :date" FACT_LINES);
#undef FACT_LINES
	s = rules_prepare(ctx, sql.data);
	buf_release(&sql);
	if (!s)
		return -1;
	if (sqlite3_step(s) != SQLITE_DONE)
		goto out;
	rc = 0;
out:
	if (rc)
		db_fail(ctx->db, ctx->e, "placing the period's integrity findings");
	rules_finish(ctx, s);
	return rc;
}

/* Each connection places the facts for itself, from the same store and run files, so
 * whichever runs a LOG-* rule on a day finds the same findings. */
int rules_begin_period(struct rules *r, int64_t from, int64_t to, struct error *e)
{
	struct rules_ctx ctx;
	struct day_counts unused;
	int64_t ds, de;

	/* the second connection places them for itself when it first shares a day
	 * (rules_evaluate_day()): a period of small days never asks it */
	r->period = r->peer_placed = 0;
	if (sqlite3_exec(r->db, "DELETE FROM temp.period_file; DELETE FROM temp.period_fact",
			 NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(r->db, e, "placing the period's integrity findings");
	/* First each file's first day with records of it, the run's files left out: a file
	 * given again holds copies of stored records, and the facts on those lines go
	 * where the stored record's do, its day. */
	for (int64_t day = from; day <= to; day++) {
		ctx_init(&ctx, r, day, NULL, &unused, e);
		if (relevant_files(&ctx, 0) || place_facts(&ctx))
			return -1;
	}
	/* Then a file of the run with no record in the period: the period's first day. */
	ctx_init(&ctx, r, from, NULL, &unused, e);
	if (relevant_files(&ctx, 1) || place_facts(&ctx))
		return -1;
	tz_day_bounds(from, &r->period_start, &de);
	tz_day_bounds(to, &ds, &r->period_end);
	r->period_from = from;
	r->period_to = to;
	r->period = 1;
	return 0;
}

void rules_end_period(struct rules *r)
{
	if (r->peer)
		rules_end_period(r->peer);
	r->period = 0;
}

/* Whether a day holds enough records for its rules to be worth sharing between two
 * threads: starting the second one and moving its findings back costs a few
 * milliseconds, which a period report of small days paid day after day (a three-year
 * report took twice as long on two threads as on one). */
#define RULES_SHARE_MIN_RECORDS 5000
static int day_is_busy(struct rules_ctx *ctx)
{
	sqlite3_stmt *s = rules_prepare(ctx,
		"SELECT count(*) FROM (SELECT 1 FROM record r WHERE r.kind IN ('document_lock',"
		" 'deployment', 'checklist', 'incident', 'change', 'freeze', 'mode_change',"
		" 'execution', 'risk_check', 'gate_verdict', 'decision', 'alert', 'kill_switch',"
		" 'heartbeat') AND " DAY " LIMIT :enough)");
	int busy;

	if (s)
		sqlite3_bind_int(s, sqlite3_bind_parameter_index(s, ":enough"),
				 RULES_SHARE_MIN_RECORDS);
	busy = s && sqlite3_step(s) == SQLITE_ROW &&
	       sqlite3_column_int(s, 0) >= RULES_SHARE_MIN_RECORDS;

	rules_finish(ctx, s);
	return busy;
}

int rules_evaluate_day(struct rules *r, int64_t day, const char *env, struct day_counts *counts,
		       int (*beside)(void *), void *arg, struct error *e)
{
	struct share sh = { .front = 0, .back = rule_catalog_len, .failed = 0 };
	struct rules_ctx ctx;
	struct worker w;
	struct day_counts peer_counts;
	struct error peer_error;
	pthread_t thread;
	/* The peer must see what this connection sees: nothing written and left uncommitted
	 * (a read transaction, the snapshot both hold, is fine). */
	int threaded = r->peer && sqlite3_txn_state(r->db, "main") != SQLITE_TXN_WRITE, rc;

	ctx_init(&ctx, r, day, env, counts, e);
	if (relevant_files(&ctx, 1))
		return -1;
	threaded = threaded && (threads_always() || day_is_busy(&ctx));
	if (threaded && r->period && !r->peer_placed) {
		/* a LOG-* rule may run on it: it places the period's facts as this one did */
		if (rules_begin_period(r->peer, r->period_from, r->period_to, e))
			return -1;
		r->peer_placed = 1;
	}
	if (threaded) {
		memset(&peer_error, 0, sizeof(peer_error));
		ctx_init(&w.ctx, r->peer, day, env, &peer_counts, &peer_error);
		w.share = &sh;
		w.rc = 0;
		if (relevant_files(&w.ctx, 1)) {
			*e = peer_error;
			return -1;
		}
	}
	pthread_mutex_init(&sh.lock, NULL);
	threaded = threaded && pthread_create(&thread, NULL, evaluate_on_peer, &w) == 0;
	if (beside && beside(arg)) {
		share_stop(&sh);
		rc = -1;
	} else {
		rc = evaluate_rules(&ctx, &sh, 0);
	}
	if (threaded) {
		pthread_join(thread, NULL);
		if (!rc && w.rc) {
			*e = peer_error;
			rc = -1;
		}
		if (take_peer_findings(r, rc ? &peer_error : e))
			rc = -1;
	}
	pthread_mutex_destroy(&sh.lock);
	if (rc)
		return -1;
	if (threaded) {
		counts->total += peer_counts.total;
		counts->waived += peer_counts.waived;
		for (size_t i = 0; i < sizeof(counts->by_severity) / sizeof(counts->by_severity[0]);
		     i++)
			counts->by_severity[i] += peer_counts.by_severity[i];
	}
	return 0;
}
