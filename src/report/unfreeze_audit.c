/*
 * unfreeze_audit.c - the report of the pre-unfreeze audit (seed §8.5): one freeze, its
 * five conditions as of a time with their evidence, and the changes made during it.
 */
#include "model.h"
#include "model_internal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../rules/sql.h"
#include "../util/buf.h"
#include "../util/timeutil.h"

/* The file, line and identity of the record behind each item, for both writers. */
static int resolve_items(struct report *rep, struct error *e)
{
	const struct unfreeze *u = rep->unfreeze;

	for (int c = 0; c < UNFREEZE_CONDITIONS; c++) {
		rep->item_refs[c] = xcalloc(u->cond[c].nitems ? u->cond[c].nitems : 1,
					    sizeof(*rep->item_refs[c]));
		for (size_t i = 0; i < u->cond[c].nitems; i++)
			if (u->cond[c].items[i].record_id &&
			    model_record_ref(rep, u->cond[c].items[i].record_id,
					     &rep->item_refs[c][i], e))
				return -1;
	}
	return 0;
}

/* A freeze not ready is a DO-8.5-UNFREEZE finding. Audited as of its end, it is the
 * review's finding on that freeze: a waiver in force that matches it, on the records it
 * cites (the freeze and those that fall short), makes the audit ready, as a waived finding
 * counts toward no exit status (INPUT.md). A freeze still active, or audited as of another
 * time, asks whether it may be lifted then: a waiver granted for a lifting is no answer. */
static int judge(struct report *rep, struct rules *rules, struct error *e)
{
	const struct unfreeze *u = rep->unfreeze;
	int64_t *ids;
	size_t n;
	int rc;

	rep->compliant = u->ready;
	/* Another version's shortfalls are the review's findings on that version, each
	 * waived or not on its own records: one waiver does not answer for them all. */
	if (u->ready || !u->ended_at || u->at != u->ended_at || u->folded)
		return 0;
	ids = unfreeze_finding_records(u, &n);
	rc = rules_waiver_for_records(rules, "DO-8.5-UNFREEZE", rep->environment, rep->date,
				      ids, n, &rep->unfreeze_waiver, &rep->unfreeze_expired_waiver,
				      e);
	free(ids);
	if (!rc && rep->unfreeze_waiver)
		rep->compliant = 1;
	return rc;
}

/*
 * The freeze's other versions (records of its ID that disagree: a LOG-CONFLICT) are
 * judged too, each as of `at` when it was given, else as of its own end (as the review's
 * DO-8.5-UNFREEZE judges every lifted version), else as of the audit's time; what one
 * lacks is folded into the audit's conditions. An open version, when a version records
 * the lifting, is that freeze before its lifting was filed (FREEZE_END), not a freeze of
 * its own.
 */
static int fold_other_versions(sqlite3 *db, struct unfreeze *u, const int64_t *given_at,
			       struct error *e)
{
	static const char sql[] =
		"SELECT f.id, f.ended_at FROM freeze f"
		" WHERE f.freeze_id = ?1 AND f.id <> ?2"
		/* a version not yet begun at --at has nothing to lift then */
		"   AND (?3 IS NULL OR f.started_at <= ?3)"
		"   AND NOT " FREEZE_SUPERSEDED("f")
		" ORDER BY f.ended_at IS NULL, f.ended_at DESC, " CONTENT_OF("f.id") ", f.id";
	sqlite3_stmt *s = NULL;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return model_fail(db, e, "finding the freeze's versions");
	sqlite3_bind_text(s, 1, u->freeze_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, u->freeze);
	if (given_at)
		sqlite3_bind_int64(s, 3, *given_at);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct unfreeze other;
		int64_t at = given_at ? *given_at
			     : sqlite3_column_type(s, 1) != SQLITE_NULL ? sqlite3_column_int64(s, 1)
									 : u->at;
		if (unfreeze_evaluate(db, sqlite3_column_int64(s, 0), at, &other, e)) {
			sqlite3_finalize(s);
			return -1;
		}
		unfreeze_fold(u, &other);
		unfreeze_release(&other);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : model_fail(db, e, "finding the freeze's versions");
}

/* Whether c could be part of an ID written without quotes: a letter, a digit, one of
 * "._:-/", or a byte of a character past ASCII. */
static int id_goes_on(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       c >= 0x80 || (c && strchr("._:-/", c));
}

/* Whether raw[0, len) writes `freeze_id` with the value id, as JSON ("freeze_id": "id")
 * or YAML (freeze_id: id, quoted or not) does: the key, then only quotes, blanks and a
 * colon, then the ID, then no character an ID could go on with. */
static int writes_freeze_id(const char *raw, size_t len, const char *id)
{
	static const char key[] = "freeze_id";
	size_t klen = sizeof(key) - 1, ilen = strlen(id);

	for (const char *p = raw, *end = raw + len; (size_t)(end - p) > klen; p++) {
		const char *q = p + klen;
		if (memcmp(p, key, klen))
			continue;
		while (q < end && (*q == '"' || *q == '\'' || *q == ' ' || *q == '\t' || *q == ':'))
			q++;
		if ((size_t)(end - q) >= ilen && !memcmp(q, id, ilen) &&
		    (q + ilen == end || !id_goes_on((unsigned char)q[ilen])))
			return 1;
	}
	return 0;
}

/* No freeze of that ID: its record may have been rejected when it was read (a field
 * missing, a time that is not one), and a user who sees only "no freeze" would look for
 * it in the wrong place. The rejected records that give the ID as their freeze_id are
 * named. */
static int no_such_freeze(sqlite3 *db, const char *freeze_id, struct error *e)
{
	static const char sql[] =
		"SELECT f.path, r.line, r.field, r.reason, r.raw"
		" FROM rejected r JOIN input_file f ON f.id = r.file_id"
		" WHERE instr(r.raw, ?1) > 0 ORDER BY f.path, r.line, r.id";
	sqlite3_stmt *s = NULL;
	struct buf first = BUF_INIT;
	long long n = 0;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return model_fail(db, e, "looking for the freeze among the rejected records");
	sqlite3_bind_blob(s, 1, freeze_id, (int)strlen(freeze_id), SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *field = (const char *)sqlite3_column_text(s, 2);
		if (!writes_freeze_id(sqlite3_column_blob(s, 4),
				      (size_t)sqlite3_column_bytes(s, 4), freeze_id))
			continue;
		if (!n++)
			buf_addf(&first, "%s:%lld%s%s: %s", (const char *)sqlite3_column_text(s, 0),
				 (long long)sqlite3_column_int64(s, 1), field ? " field " : "",
				 field ? field : "", (const char *)sqlite3_column_text(s, 3));
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		buf_release(&first);
		return model_fail(db, e, "looking for the freeze among the rejected records");
	}
	if (n)
		error_set(e, EXIT_USAGE, "unfreeze",
			  "no freeze '%s' in the store, but %lld rejected record%s give%s it as"
			  " freeze_id, the first %s (correct it and ingest again)",
			  freeze_id, n, n == 1 ? "" : "s", n == 1 ? "s" : "", first.data);
	else
		error_set(e, EXIT_USAGE, "unfreeze", "no freeze '%s' in the store", freeze_id);
	buf_release(&first);
	return 1;
}

int report_unfreeze(struct report *rep, sqlite3 *db, struct rules *rules,
		    const struct tailoring *t, const char *freeze_id, const int64_t *given_at,
		    struct error *e)
{
	static const char sql[] =
		"SELECT f.id, f.environment, f.started_at, f.ended_at"
		" FROM freeze f WHERE f.freeze_id = ?1"
		/* the freeze as of --at (?2; without it, now): a version begun by then, not an open
		 * one its lifting supersedes; the latest begun (a freeze filed again under its
		 * ID after it was lifted is the one to lift now), then a lifted version, the
		 * latest end as FREEZE_END reads it, then by content */
		" ORDER BY f.started_at > ?2, " FREEZE_SUPERSEDED("f") ","
		"   f.started_at DESC, f.ended_at IS NULL, f.ended_at DESC,"
		"   " CONTENT_OF("f.id") ", f.id LIMIT 1";
	sqlite3_stmt *s = NULL;
	int64_t id, started, ended, day, *ids;
	int64_t now = (int64_t)time(NULL) * US_PER_SEC;
	size_t nids, k = 0;
	char *env = NULL;
	int rc;

	memset(rep, 0, sizeof(*rep));
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return model_fail(db, e, "finding the freeze");
	sqlite3_bind_text(s, 1, freeze_id, -1, SQLITE_STATIC);
	/* without --at, the versions begun by now come first, as with --at now */
	sqlite3_bind_int64(s, 2, given_at ? *given_at : now);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE)
			return model_fail(db, e, "finding the freeze");
		return no_such_freeze(db, freeze_id, e);
	}
	id = sqlite3_column_int64(s, 0);
	env = model_dup(s, 1);
	started = sqlite3_column_int64(s, 2);
	ended = sqlite3_column_type(s, 3) == SQLITE_NULL ? 0 : sqlite3_column_int64(s, 3);
	int64_t at = given_at ? *given_at : ended ? ended : now;
	/* Nothing to lift at `at`: --at before the freeze began, or, without --at, an open
	 * freeze recorded to start after now (a lifting is judged as recorded). */
	if (at < started && (given_at || !ended)) {
		char when[ISO_MAX], start[ISO_MAX];
		sqlite3_finalize(s);
		free(env);
		tz_format(at, when);
		tz_format(started, start);
		if (given_at)
			error_set(e, EXIT_USAGE, "unfreeze",
				  "--at %s is before freeze '%s' started (%s): there is no freeze"
				  " to lift then", when, freeze_id, start);
		else
			error_set(e, EXIT_USAGE, "unfreeze",
				  "freeze '%s' starts at %s, after now (%s): there is no freeze to"
				  " lift yet", freeze_id, start, when);
		return 1;
	}
	tz_local_day(at, &day, NULL);
	model_init(rep, REPORT_UNFREEZE, db, t, day, day, env);
	sqlite3_finalize(s);
	free(env);
	if (model_record_ref(rep, id, &rep->freeze_ref, e))
		return -1;

	rep->unfreeze = xcalloc(1, sizeof(*rep->unfreeze));
	if (unfreeze_evaluate(db, id, at, rep->unfreeze, e) ||
	    fold_other_versions(db, rep->unfreeze, given_at, e) || judge(rep, rules, e))
		return -1;
	/* The changes made while the freeze was active: up to its end, excluded, as
	 * DO-8.4-FREEZE-CHANGE judges them; for a freeze still active, up to `at`. */
	if (model_load_changes(rep, started,
			       ended && rep->unfreeze->during_end == ended ? ended
								 : rep->unfreeze->during_end + 1,
			       e) ||
	    rules_note_run_files(rules, e) ||
	    resolve_items(rep, e))
		return -1;
	/* The files of the freeze, its changes and the items' records join the inputs. */
	nids = 1 + rep->nchanges;
	for (int c = 0; c < UNFREEZE_CONDITIONS; c++)
		nids += rep->unfreeze->cond[c].nitems;
	ids = xmalloc(nids * sizeof(*ids));
	ids[k++] = id;
	for (size_t i = 0; i < rep->nchanges; i++)
		ids[k++] = rep->changes[i].record_id;
	for (int c = 0; c < UNFREEZE_CONDITIONS; c++)
		for (size_t i = 0; i < rep->unfreeze->cond[c].nitems; i++)
			ids[k++] = rep->unfreeze->cond[c].items[i].record_id;
	rc = model_note_record_files(rep, ids, nids, e);
	free(ids);
	if (rc || model_load_inputs(rep, e) || model_load_counts(rep, e))
		return -1;
	if (rep->unfreeze_waiver && (size_t)rep->unfreeze_waiver <= rep->nwaivers)
		rep->waivers[rep->unfreeze_waiver - 1].applied++;
	return 0;
}
