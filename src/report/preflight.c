/*
 * preflight.c - the gate before a day's run (seed §7.2, §3.2, §8.4, §2.4): may this
 * environment enter its declared mode today? Each check names the catalog rule it
 * enforces. The state judged is what the store holds before the day's first submit in
 * the environment, when it holds one (a run after the fact judges what the gate saw, as
 * DO-7.2 and DO-7.3-HALT do), else up to the end of the day (a run before the open: the
 * state at that moment).
 */
#include "model.h"
#include "message.h"
#include "model_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../rules/sql.h"
#include "../util/buf.h"
#include "../util/jsonw.h"
#include "../util/timeutil.h"

/* Adds a check, saying what was found in English (fmt) and 繁體中文 (fmt_zh), from the
 * same arguments; `status` is whether it passed (a truth value) or CHECK_NOT_JUDGED. Its
 * evidence is `record` (0: none), whose file joins the report's inputs. 0, or -1 with e
 * set. */

/* Deployment record d's documents, as a set of (doc_key, version), differ from those of
 * lock record l, or there is no lock (l NULL). */
#define DOCS_DIFFER(d, l)                                                                  \
	"(EXISTS (SELECT doc_key, version FROM deployment_document WHERE record_id = " d     \
	"         EXCEPT SELECT doc_key, version FROM lock_document WHERE record_id = " l ")" \
	" OR EXISTS (SELECT doc_key, version FROM lock_document WHERE record_id = " l          \
	"         EXCEPT SELECT doc_key, version FROM deployment_document"                     \
	"         WHERE record_id = " d ") OR " l " IS NULL OR NOT " DEPLOYMENT_HAS_DOCS(d) ")"

static int check(struct report *rep, size_t *cap, struct error *e, const char *rule,
		 enum check_status status, int64_t record, const char *fmt, const char *fmt_zh, ...)
	PRINTF_LIKE(7, 9)
	PRINTF_LIKE(8, 9);

static int check(struct report *rep, size_t *cap, struct error *e, const char *rule,
		 enum check_status status, int64_t record, const char *fmt, const char *fmt_zh, ...)
{
	/* as long as the records' own words make them: a fixed buffer cut a long ID short,
	 * in the middle of a character */
	struct buf text = BUF_INIT, text_zh = BUF_INIT;
	va_list ap, aq;

	va_start(ap, fmt_zh);
	va_copy(aq, ap);
	buf_vaddf(&text, fmt, ap);
	buf_vaddf(&text_zh, fmt_zh, aq);
	va_end(aq);
	va_end(ap);
	GROW(rep->checks, rep->nchecks, *cap);
	struct rep_check *c = &rep->checks[rep->nchecks++];
	memset(c, 0, sizeof(*c));
	c->rule = xstrdup(rule);
	c->status = status;
	c->text = buf_detach(&text);
	c->text_zh = buf_detach(&text_zh);
	c->record_id = record;
	if (!record)
		return 0;
	return model_record_ref(rep, record, &c->ref, e) ||
	       model_note_record_files(rep, &record, 1, e);
}

/* A check there is nothing to judge on (no checklist, no deployment): listed, so that every
 * day shows the same checks, neither passed nor failed. */
static int not_judged(struct report *rep, size_t *cap, struct error *e, const char *rule,
		      const char *why, const char *why_zh)
{
	return check(rep, cap, e, rule, CHECK_NOT_JUDGED, 0, "%s%.0s", "%.0s%s", why, why_zh);
}

/* The rule that bars Live from an environment other than live. */
static const char *no_real_rule(const char *env)
{
	return !strcmp(env, "local") ? "DO-2.2-LOCAL-NO-REAL" : "DO-2.3-SIM-NO-REAL";
}

static const char *col(sqlite3_stmt *s, int i)
{
	const char *v = (const char *)sqlite3_column_text(s, i);

	return v ? v : "(missing)";
}

/* Cites record `id` as well on the check just added (the record it was judged against). */
static int also(struct report *rep, int64_t id, struct error *e)
{
	struct rep_check *c = &rep->checks[rep->nchecks - 1];

	if (!id)
		return 0;
	c->also_id = id;
	return model_record_ref(rep, id, &c->also, e) || model_note_record_files(rep, &id, 1, e);
}

/* Cites record id for context beside check c's evidence. */
static int context_of(struct report *rep, struct rep_check *c, int64_t id, struct error *e)
{
	struct rep_record_ref *r;

	c->context = xrealloc(c->context, (c->ncontext + 1) * sizeof(*c->context));
	r = &c->context[c->ncontext];
	memset(r, 0, sizeof(*r));
	c->ncontext++;
	return model_record_ref(rep, id, r, e) || model_note_record_files(rep, &id, 1, e);
}

/* Cites record id for context beside the last check's evidence. */
static int context(struct report *rep, int64_t id, struct error *e)
{
	return context_of(rep, &rep->checks[rep->nchecks - 1], id, e);
}

/* The last instant a record may have to count "at or before" the first submit (the review
 * counts a clearing checklist or a deployment at the submit's very instant); without a
 * submit, the day's last instant. */
static int64_t last_instant(const struct report *rep)
{
	return rep->first_submit ? rep->as_of : rep->as_of - 1;
}

/* Whether live trading began on the day: env is live and the store holds its first
 * submit (what is judged is then what the gate saw before it). */
static int live_traded(const struct report *rep, const char *env)
{
	return rep->first_submit && !strcmp(env, "live");
}

/* The mode change that had `env` in live_execution first on the day before the moment
 * judged: the one in force as the day began (left in Live overnight), or else the day's
 * first into it; its time in *ts (when ts is not NULL). In live, Live entered, submit or
 * not (§7.2 bars entering Live, not only trading); in sim and local, a mode they may
 * never enter. Its record id, 0 for none, -1 on a store error. */
static int64_t live_mode_entered(struct report *rep, const char *env, int64_t *ts,
				 char **written, struct error *e)
{
	static const char sql[] =
		"SELECT id, ts, mode_to FROM ("
		/* the mode at the day's start: its latest mode change at or before it, as
		 * the timeline reads one (one at midnight lowering it is in force all day) */
		" SELECT * FROM (SELECT r.id, r.ts, r.content, r.mode_to FROM record r"
		"   WHERE r.kind = 'mode_change' AND r.ts <= ?1 AND r.environment = ?3"
		"   ORDER BY r.ts DESC, r.source DESC, r.seq DESC, r.content DESC, r.id DESC"
		"   LIMIT 1)"
		" UNION ALL"
		/* then the day's later ones (one at its first instant is the one above, or
		 * was overridden there and never in force) */
		" SELECT r.id, r.ts, r.content, r.mode_to FROM record r"
		" WHERE r.kind = 'mode_change' AND r.ts > ?1 AND r.ts < ?2 AND r.environment = ?3)"
		" WHERE " MODE_READ("mode_to") " = 'live_execution'"
		" ORDER BY ts, content, id LIMIT 1";
	sqlite3_stmt *s;
	int64_t id = 0;
	int rc;

	if (!(s = model_prep(rep, sql, rep->day_start, rep->as_of, e)))
		return -1;
	sqlite3_bind_text(s, 3, env, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(s, 0);
		if (ts)
			*ts = sqlite3_column_int64(s, 1);
		if (written)
			*written = xstrdup(col(s, 2));
	} else if (rc != SQLITE_DONE) {
		id = model_fail(rep->db, e, "mode changes");
	}
	sqlite3_finalize(s);
	return id;
}

/* The day's other failed checklists, completed before the latest one (`id`, at `at`) or
 * with it: §7.2 bars Live for the day once any item has not passed, a later checklist
 * passing or not, so each is a failed check of its own, as each is a finding of the
 * review (interpretation.md). */
static int other_failed(struct report *rep, size_t *cap, const char *env, int64_t at, int64_t id,
		       struct error *e)
{
	static const char sql[] =
		"SELECT c.checklist_id, " CHECKLIST_ITEMS_NOT_PASS("c") ", c.id FROM checklist c"
		" WHERE c.environment = ?3 AND c.date = ?4 AND c.completed_at <= ?5 AND c.id <> ?6"
		"   AND NOT " CHECKLIST_ALL_PASS("c")
		" ORDER BY c.completed_at, c.checklist_id, " CONTENT_OF("c.id") ", c.id";
	sqlite3_stmt *s = model_prep(rep, sql, 0, 0, e);
	int rc, ret = 0;

	if (!s)
		return -1;
	sqlite3_bind_text(s, 3, env, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, rep->date, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, at);
	sqlite3_bind_int64(s, 6, id);
	while (!ret && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		ret = check(rep, cap, e, "DO-7.2-CHECKLIST-FAILED", 0, sqlite3_column_int64(s, 2),
			    "checklist %s: not passed: %s", "每日檢查 %s 未通過項目：%s", col(s, 0),
			    col(s, 1));
		if (!ret && live_traded(rep, env))
			ret = also(rep, rep->first_submit_id, e);
	}
	if (!ret && rc != SQLITE_DONE)
		ret = model_fail(rep->db, e, "checklist");
	sqlite3_finalize(s);
	return ret;
}

/* The day's checklist: present, a whitelisted mode the environment may enter (never
 * live_execution outside live: §2.2, §2.3), and all six items pass when that mode is
 * live_execution or unknown, or when live trading began anyway (§7.2: any item not
 * passed, "當日不得進入 Live"; the review's DO-7.2-CHECKLIST-FAILED likewise: "live
 * entered anyway"). A live day's checks cite its first submit too, as the review does. */
static int checklist(struct report *rep, size_t *cap, const char *env, struct error *e)
{
	static const char sql[] =
		"SELECT c.checklist_id, c.completed_at, c.operator, c.run_mode,"
		"  " CHECKLIST_ITEMS_NOT_PASS("c") ", c.id, coalesce(c.run_mode IN " MODES ", 0)"
		" FROM checklist c"
		" WHERE c.environment = ?3 AND c.date = ?4 AND c.completed_at < ?2"
		/* of checklists tied at the latest instant, a failed one governs */
		" ORDER BY c.completed_at DESC, " CHECKLIST_ALL_PASS("c") ", c.checklist_id DESC"
		" LIMIT 1";
	sqlite3_stmt *s = model_prep(rep, sql, 0, rep->as_of, e);
	char at[ISO_MAX];
	int rc, ret;

	if (!s)
		return -1;
	sqlite3_bind_text(s, 3, env, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, rep->date, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const char *failed = col(s, 4);
		const char *mode = sqlite3_column_text(s, 3) ? col(s, 3) : NULL;
		int64_t id = sqlite3_column_int64(s, 5);
		int mode_ok = sqlite3_column_int(s, 6);
		int64_t entered = strcmp(env, "live") ? 0 : live_mode_entered(rep, env, NULL, NULL, e);
		if (entered < 0) {
			sqlite3_finalize(s);
			return -1;
		}
		tz_format(sqlite3_column_int64(s, 1), at);
		ret = check(rep, cap, e, "DO-7.2-CHECKLIST-MISSING", 1, id,
			    "checklist %s completed %s by %s", "每日檢查 %s 於 %s 由 %s 完成",
			    col(s, 0), at, col(s, 2));
		int live = !mode_ok || !strcmp(mode, "live_execution") || live_traded(rep, env) ||
			   entered;
		if (!ret && live_traded(rep, env))
			ret = also(rep, rep->first_submit_id, e);
		if (!ret && *failed && live) {
			ret = check(rep, cap, e, "DO-7.2-CHECKLIST-FAILED", 0, id,
				    "checklist %s: not passed: %s", "每日檢查 %s 未通過項目：%s",
				    col(s, 0), failed);
			/* live entered by a mode change, with no submit yet: it is cited */
			if (!ret && entered && !live_traded(rep, env))
				ret = also(rep, entered, e);
		} else if (!ret && *failed)
			ret = check(rep, cap, e, "DO-7.2-CHECKLIST-FAILED", 1, id,
				    "checklist %s: not passed: %s; the declared mode %s is not Live,"
				    " which is all §7.2 bars",
				    "每日檢查 %s 未通過項目：%s；宣告模式 %s 並非 Live，§7.2 僅禁止進入 Live",
				    col(s, 0), failed, mode);
		else if (!ret)
			ret = check(rep, cap, e, "DO-7.2-CHECKLIST-FAILED", 1, id,
				    "checklist %s: all six items pass", "每日檢查 %s 六項全部通過",
				    col(s, 0));
		if (!ret && live_traded(rep, env))
			ret = also(rep, rep->first_submit_id, e);
		if (!ret && live)
			ret = other_failed(rep, cap, env, sqlite3_column_int64(s, 1), id, e);
		if (!ret)
			ret = check(rep, cap, e, "DO-4.2-MODE-WHITELIST", mode_ok, id,
				    "declared run mode %s", "宣告的運行模式：%s",
				    mode ? mode : "(missing)");
		/* Local and sim never trade for real. */
		if (!ret && strcmp(env, "live")) {
			const char *rule = no_real_rule(env);
			/* as the review reads a mode change: LIVE_EXECUTION is live_execution */
			const char *read = rules_mode_read(mode);
			int real = read && !strcmp(read, "live_execution");
			ret = check(rep, cap, e, rule, !real, id,
				    real ? "%s may not enter the declared mode %s"
					 : "%s may enter the declared mode %s",
				    real ? "%s 環境不得進入宣告的模式 %s" : "%s 環境可進入宣告的模式 %s",
				    env, mode ? mode : "(missing)");
		}
	} else if (rc == SQLITE_DONE) {
		/* §7.2 bars Live, which local and sim never enter (DO-2.2, DO-2.3): their missing
		 * checklist is listed, as a failed item is when the mode is not Live */
		if (strcmp(env, "live") && rep->first_submit)
			ret = check(rep, cap, e, "DO-7.2-CHECKLIST-MISSING", 1, 0,
				    "no %s checklist for %s completed before the first submit; %s"
				    " never enters Live, which is all §7.2 bars",
				    "%s 環境無首筆送單前完成的 %s 每日檢查；%s 環境不進入 Live，"
				    "§7.2 僅禁止進入 Live",
				    env, rep->date, env);
		else if (strcmp(env, "live"))
			ret = check(rep, cap, e, "DO-7.2-CHECKLIST-MISSING", 1, 0,
				    "no %s checklist for %s; %s never enters Live, which is all §7.2"
				    " bars",
				    "%s 環境無 %s 的每日檢查；%s 環境不進入 Live，§7.2 僅禁止進入 Live",
				    env, rep->date, env);
		else if (rep->first_submit)
			ret = check(rep, cap, e, "DO-7.2-CHECKLIST-MISSING", 0, 0,
				    "no %s checklist for %s completed before the first submit",
				    "%s 環境無首筆送單前完成的 %s 每日檢查", env, rep->date);
		else
			ret = check(rep, cap, e, "DO-7.2-CHECKLIST-MISSING", 0, 0,
				    "no %s checklist for %s", "%s 環境無 %s 的每日檢查", env,
				    rep->date);
		if (!ret && live_traded(rep, env))
			ret = also(rep, rep->first_submit_id, e);
		if (!ret)
			ret = not_judged(rep, cap, e, "DO-7.2-CHECKLIST-FAILED",
					 "no checklist: no items to judge", "無每日檢查：無項目可判定");
		if (!ret)
			ret = not_judged(rep, cap, e, "DO-4.2-MODE-WHITELIST",
					 "no checklist: no declared run mode to judge",
					 "無每日檢查：無宣告的運行模式可判定");
		if (!ret && strcmp(env, "live"))
			ret = not_judged(rep, cap, e, no_real_rule(env),
					 "no checklist: no declared run mode to judge",
					 "無每日檢查：無宣告的運行模式可判定");
	} else {
		ret = model_fail(rep->db, e, "checklist");
	}
	sqlite3_finalize(s);
	return ret;
}

/* Local and sim never trade for real (§2.2, §2.3): besides the mode the checklist
 * declares, a mode change of the day that put the environment into live_execution
 * before the moment judged is a no-go, as the review's DO-2.2/DO-2.3 reports it. */
static int no_real_mode(struct report *rep, size_t *cap, const char *env, struct error *e)
{
	char at[ISO_MAX], *written = NULL, *note = NULL, *note_zh = NULL;
	int64_t ts, id;
	int ret;

	if (!strcmp(env, "live"))
		return 0;
	if ((id = live_mode_entered(rep, env, &ts, &written, e)) <= 0)
		return (int)id;
	tz_format(ts, at);
	/* a mode written otherwise is read as the contract writes it, and quoted as written
	 * (interpretation.md), in the review's own phrase */
	if (strcmp(written, "live_execution")) {
		struct buf json = BUF_INIT;
		cJSON *args;
		jsonw_begin(&json);
		jsonw_str(&json, "mode_written", written);
		jsonw_end(&json);
		args = message_args(json.data, json.len);
		note = message_render(PHRASE_MODE_WRITTEN, args, NULL, 0);
		note_zh = message_render(message_phrase_zh(PHRASE_MODE_WRITTEN), args, NULL, 1);
		cJSON_Delete(args);
		buf_release(&json);
	}
	ret = check(rep, cap, e, no_real_rule(env), 0, id,
		    "a mode change at %s put %s into live_execution%s%.0s",
		    "%s 的模式變更使 %s 環境進入 live_execution%.0s%s", at, env,
		    note ? note : "", note_zh ? note_zh : "");
	free(written), free(note), free(note_zh);
	return ret;
}

/* The first submit names a deployment deployed in the environment at or before it, as the
 * review's DO-3.3-UNDEPLOYED asks of every submit. */
static int submit_deployed(struct report *rep, size_t *cap, const char *env, struct error *e)
{
	static const char sql[] =
		"SELECT s.deployment_id, EXISTS (SELECT 1 FROM record d WHERE d.kind = 'deployment'"
		"   AND d.status = 'deployed' AND d.rid = s.deployment_id AND d.environment = ?3"
		"   AND d.ts <= s.ts)"
		" FROM record s WHERE s.id = ?5";
	sqlite3_stmt *s;
	int rc, ret = 0;

	if (!rep->first_submit || !(s = model_prep(rep, sql, 0, 0, e)))
		return rep->first_submit ? -1 : 0;
	sqlite3_bind_text(s, 3, env, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, rep->first_submit_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && !sqlite3_column_int(s, 1))
		ret = check(rep, cap, e, "DO-3.3-UNDEPLOYED", 0, rep->first_submit_id,
			    "the first submit names deployment %s, not deployed in %s by then",
			    "首筆送單所屬部署 %s 當時未在 %s 環境部署", col(s, 0), env);
	else if (rc != SQLITE_ROW)
		ret = model_fail(rep->db, e, "the first submit's deployment");
	sqlite3_finalize(s);
	return ret;
}

/* The day's mode changes before the moment judged each name a deployment deployed in the
 * environment at or before them, as the review's DO-3.3-UNDEPLOYED asks of them: a run
 * started on a deployment with no log is no-go before its first submit. The first that
 * does not is cited. */
static int modes_deployed(struct report *rep, size_t *cap, const char *env, struct error *e)
{
	static const char sql[] =
		"SELECT m.id, coalesce(m.deployment_id, '(missing)') FROM record m"
		" WHERE m.kind = 'mode_change' AND m.environment = ?3 AND m.ts >= ?1 AND m.ts < ?2"
		"   AND NOT EXISTS (SELECT 1 FROM record d WHERE d.kind = 'deployment'"
		"       AND d.status = 'deployed' AND d.rid = m.deployment_id"
		"       AND d.environment = ?3 AND d.ts <= m.ts)"
		" ORDER BY m.ts, m.content, m.id LIMIT 1";
	sqlite3_stmt *s;
	int rc, ret = 0;

	if (!(s = model_prep(rep, sql, rep->day_start, rep->as_of, e)))
		return -1;
	sqlite3_bind_text(s, 3, env, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);
		ret = check(rep, cap, e, "DO-3.3-UNDEPLOYED", 0, id,
			    "a mode change names deployment %s, not deployed in %s by then",
			    "模式變更所屬部署 %s 當時未在 %s 環境部署", col(s, 1), env);
	} else if (rc != SQLITE_DONE) {
		ret = model_fail(rep->db, e, "the mode changes' deployments");
	}
	sqlite3_finalize(s);
	return ret;
}

/* The lock in force for deployment d as the day's run began: the latest effective before
 * the moment judged (?2), one taking effect at the first submit's very instant having
 * come after the gate, or at d's own deployment, whichever is later: a deployment and the
 * lock it was made to match, both effective at that instant, go together. */
#define LOCK_NOW(d)                                                                        \
	"(SELECT ln.id FROM document_lock ln"                                              \
	"  WHERE ln.effective_at < ?2 OR ln.effective_at <= " d ".deployed_at"             \
	"  ORDER BY ln.effective_at DESC, ln.lock_id DESC, " CONTENT_OF("ln.id") " DESC,"  \
	"    ln.id DESC LIMIT 1)"

/* Column i of s, or "(none)" in English (zh 0) or 繁體中文 (zh 1) when NULL (a set of
 * documents that is empty), as a review's message says it. */
static const char *or_none(sqlite3_stmt *s, int i, int zh)
{
	if (sqlite3_column_type(s, i) != SQLITE_NULL)
		return col(s, i);
	return zh ? "（無）" : "(none)";
}

/* The deployment in force: logged, through the gate, documents equal to the lock. */
static int deployment(struct report *rep, size_t *cap, const char *env, struct error *e)
{
	static const char sql[] =
		/* the deployment in force at the first submit: deployed at or before it, as the
		 * review's DO-3.3-UNDEPLOYED has it (?4: its last instant) */
		"WITH d0 AS (SELECT deployment_id FROM deployment WHERE status = 'deployed'"
		"            AND environment = ?3 AND deployed_at <= ?4"
		"            ORDER BY deployed_at DESC, deployment_id DESC LIMIT 1),"
		/* of its versions (a LOG-CONFLICT), the one the gate would stop: evidence that
		 * contradicts itself is no ground for a go */
		" d AS (SELECT v.* FROM deployment v WHERE v.deployment_id = (SELECT * FROM d0)"
		"       AND v.status = 'deployed' AND v.environment = ?3 AND v.deployed_at <= ?4"
		"       ORDER BY " GATE_ITEMS_NOT_PASS("v") " = '',"
		"         NOT " DOCS_DIFFER("v.id", "(SELECT l1.id FROM document_lock l1"
		"             WHERE l1.effective_at <= v.deployed_at ORDER BY l1.effective_at DESC,"
		"             l1.lock_id DESC, " CONTENT_OF("l1.id") " DESC, l1.id DESC LIMIT 1)") ","
		"         NOT " DOCS_DIFFER("v.id", LOCK_NOW("v")) ","
		"         v.deployed_at DESC, " CONTENT_OF("v.id") " DESC LIMIT 1),"
		" l AS (SELECT id, lock_id FROM document_lock WHERE id = (SELECT " LOCK_NOW("d")
		"       FROM d)),"
		/* and the lock in force when it was deployed, as the review's DO-3.2-DOC-LOCK
		 * judges it: a deployment that broke the rule then is no-go whatever came since */
		" l0 AS (SELECT l.id, l.lock_id FROM document_lock l, d"
		"        WHERE l.effective_at <= d.deployed_at"
		"        ORDER BY l.effective_at DESC, l.lock_id DESC, " CONTENT_OF("l.id") " DESC,"
		"          l.id DESC LIMIT 1)"
		"SELECT d.deployment_id, d.deployed_at, " GATE_ITEMS_NOT_PASS("d") ","
		"       (SELECT lock_id FROM l), " DOCS_DIFFER("d.id", "(SELECT id FROM l)") ","
		"       d.id, (SELECT id FROM l),"
		"       (SELECT lock_id FROM l0), " DOCS_DIFFER("d.id", "(SELECT id FROM l0)") ","
		"       (SELECT id FROM l0),"
		/* a version of it that says it is no deployment of the environment: rejected,
		 * or of another environment label (deployed ones failing the gate come first
		 * in d) */
		"       o.id, coalesce(o.status, '(missing)'), coalesce(o.environment, '(missing)'),"
		/* what differs, as the review's DO-3.2-DOC-LOCK says it: from the lock at the
		 * deployment, then from the lock in force now */
		"       " DOCS_ONLY_IN("deployment_document", "d.id", "lock_document",
				       "(SELECT id FROM l0)") ","
		"       " DOCS_ONLY_IN("lock_document", "(SELECT id FROM l0)", "deployment_document",
				       "d.id") ","
		"       " DOCS_ONLY_IN("deployment_document", "d.id", "lock_document",
				       "(SELECT id FROM l)") ","
		"       " DOCS_ONLY_IN("lock_document", "(SELECT id FROM l)", "deployment_document",
				       "d.id")
		" FROM d LEFT JOIN record o ON o.id ="
		"   (SELECT x.id FROM deployment x WHERE x.deployment_id = d.deployment_id"
		"    AND x.id <> d.id AND (x.status IS NOT 'deployed' OR x.environment IS NOT ?3)"
		"    ORDER BY " CONTENT_OF("x.id") ", x.id LIMIT 1)";
	sqlite3_stmt *s = model_prep(rep, sql, 0, rep->as_of, e);
	char at[ISO_MAX];
	int rc, ret;

	if (!s)
		return -1;
	sqlite3_bind_text(s, 3, env, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, last_instant(rep));
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const char *failed = col(s, 2);
		int differ = sqlite3_column_int(s, 4);
		int64_t id = sqlite3_column_int64(s, 5);
		tz_format(sqlite3_column_int64(s, 1), at);
		ret = check(rep, cap, e, "DO-3.3-UNDEPLOYED", 1, id,
			    "deployment %s in force since %s", "部署 %s 自 %s 起生效", col(s, 0), at);
		if (!ret && !*failed && sqlite3_column_type(s, 10) != SQLITE_NULL) {
			ret = check(rep, cap, e, "DO-3.2-DEPLOY-GATE", 0, id,
				    "deployment %s: another version of it records status %s in %s",
				    "部署 %s：其另一版本記錄狀態 %s、環境 %s", col(s, 0), col(s, 11),
				    col(s, 12));
			if (!ret)
				ret = also(rep, sqlite3_column_int64(s, 10), e);
		} else if (!ret)
			ret = check(rep, cap, e, "DO-3.2-DEPLOY-GATE", !*failed, id,
				    *failed ? "deployment %s: gate items not passed: %s"
					    : "deployment %s: gate passed%s",
				    *failed ? "部署 %s 的 Gate 項目未通過：%s"
					    : "部署 %s 的 Gate 全部通過%s",
				    col(s, 0), failed);
		/* the lock's ID, or that there is none, in each language (%.0s skips the other) */
		const char *lock = sqlite3_column_text(s, 3) ? col(s, 3) : NULL;
		const char *lock0 = sqlite3_column_text(s, 7) ? col(s, 7) : NULL;
		int differ0 = sqlite3_column_int(s, 8);
		if (!ret && differ0 && !lock0) {
			/* deployed against the rule: §3.2 barred the deployment itself */
			ret = check(rep, cap, e, "DO-3.2-DOC-LOCK", 0, id,
				    "deployment %s: no document lock in force at deployment",
				    "部署 %s 部署當時無生效中的文件鎖定", col(s, 0));
		} else if (!ret && (differ0 || differ)) {
			/* against the lock at deployment first (columns 13, 14), else the
			 * lock in force now (15, 16) */
			const char *which = differ0 ? lock0 : lock;
			int c = differ0 ? 13 : 15;
			ret = check(rep, cap, e, "DO-3.2-DOC-LOCK", 0, id,
				    "deployment %s: documents differ from lock %s%.0s%s%.0s"
				    " (only deployed: %s%.0s; only locked: %s%.0s)",
				    "部署 %s 的文件版本與文件鎖定 %.0s%s%.0s%s不一致"
				    "（僅部署：%.0s%s；僅鎖定：%.0s%s）",
				    col(s, 0), which ? which : "(none in force)",
				    which ? which : "（無生效中的鎖定）",
				    differ0 ? " in force at deployment" : "",
				    differ0 ? "（部署當時生效）" : " ", or_none(s, c, 0), or_none(s, c, 1),
				    or_none(s, c + 1, 0), or_none(s, c + 1, 1));
		} else if (!ret) {
			ret = check(rep, cap, e, "DO-3.2-DOC-LOCK", 1, id,
				    "deployment %s: documents equal lock %s%.0s",
				    "部署 %s 的文件版本與文件鎖定 %.0s%s 一致", col(s, 0), lock, lock);
		}
		if (!ret)
			ret = also(rep, sqlite3_column_int64(s, differ0 ? 9 : 6), e);
	} else if (rc == SQLITE_DONE) {
		ret = check(rep, cap, e, "DO-3.3-UNDEPLOYED", 0, 0,
			    "no deployed deployment of %s in force", "%s 環境無生效中的已部署部署紀錄",
			    env);
		if (!ret)
			ret = not_judged(rep, cap, e, "DO-3.2-DEPLOY-GATE",
					 "no deployment in force: no gate items to judge",
					 "無生效中的部署：無 Gate 項目可判定");
		if (!ret)
			ret = not_judged(rep, cap, e, "DO-3.2-DOC-LOCK",
					 "no deployment in force: no documents to judge against"
					 " the lock",
					 "無生效中的部署：無文件版本可與鎖定比對");
	} else {
		ret = model_fail(rep->db, e, "deployment");
	}
	sqlite3_finalize(s);
	return ret;
}

/* The triggers of environment ?3 before ?2 that no passing checklist completed after them
 * and at or before ?4 cleared (the first submit's last instant: interpretation.md, as the
 * review's DO-7.3-HALT reads them), as a CTE `trig`: each with its ID and, for a value
 * written in another case, the review's note on it (AS_CRITICAL, AS_ACTIVATE) and the
 * value it quotes. */
#define HALT_UNCLEARED                                                                     \
	"WITH trig AS ("                                                                   \
	" SELECT t.id, t.ts, t.kill, t.content,"                                           \
	"        coalesce(CASE WHEN t.kill THEN a.correlation_id ELSE a.alert_id END, '?')" \
	"        AS label,"                                                                \
	"        CASE WHEN t.kill THEN " AS_ACTIVATE("a") " ELSE " AS_CRITICAL("a") " END" \
	"        AS note,"                                                                 \
	"        CASE WHEN t.kill THEN json_object('action', a.action)"                    \
	"             ELSE json_object('severity', a.severity) END AS args"                \
	" FROM temp.halt_trigger t JOIN record a ON a.id = t.id"                          \
	" WHERE t.environment = ?3 AND t.ts < ?2"                                         \
	"   AND t.ts >= " LAST_CLEAN("?3", "?4") ")"

/* At most this many of a halt's other uncleared triggers are cited, the latest. */
#define HALT_CONTEXT_MAX 100

/* The halt's other uncleared triggers, cited for context (query `sql`: HALT_UNCLEARED,
 * then their ids in time order). */
static int halt_others(struct report *rep, const char *env, struct error *e, const char *sql)
{
	sqlite3_stmt *s = model_prep(rep, sql, 0, rep->as_of, e);
	int rc, ret = 0;

	if (!s)
		return -1;
	sqlite3_bind_text(s, 3, env, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, last_instant(rep));
	sqlite3_bind_int(s, 5, HALT_CONTEXT_MAX);
	while (!ret && (rc = sqlite3_step(s)) == SQLITE_ROW)
		ret = context(rep, sqlite3_column_int64(s, 0), e);
	if (!ret && rc != SQLITE_DONE)
		ret = model_fail(rep->db, e, "halt");
	sqlite3_finalize(s);
	return ret;
}

/* A CRITICAL alert or kill switch activation not cleared by a passing checklist since. */
static int halt(struct report *rep, size_t *cap, const char *env, struct error *e)
{
	static const char sql[] =
		HALT_UNCLEARED
		"SELECT t.kill, t.ts, t.id, t.label, count(*) OVER (), t.note, t.args FROM trig t"
		/* the latest, ties to the greater content hash: the trigger the review judges a
		 * submit by; how many are uncleared in all, the latest among them */
		" ORDER BY t.ts DESC, t.content DESC, t.id DESC LIMIT 1";
	/* the others, in time order, as the review cites them for context: the latest
	 * HALT_CONTEXT_MAX of them (the message says how many there are) */
	static const char others[] =
		HALT_UNCLEARED
		"SELECT id FROM (SELECT t.id, t.ts, t.content FROM trig t"
		"  ORDER BY t.ts DESC, t.content DESC, t.id DESC LIMIT ?5 OFFSET 1)"
		" ORDER BY ts, content, id";
	sqlite3_stmt *s = model_prep(rep, sql, 0, rep->as_of, e);
	char at[ISO_MAX];
	int rc, ret;

	if (!s)
		return -1;
	sqlite3_bind_text(s, 3, env, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, last_instant(rep));
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		/* the others are uncleared too: said, as the review cites them for context */
		long more = (long)sqlite3_column_int64(s, 4) - 1;
		char more_en[64] = "", more_zh[96] = "";
		if (more > 0) {
			snprintf(more_en, sizeof(more_en), " (%ld other trigger%s uncleared too)",
				 more, more == 1 ? "" : "s");
			snprintf(more_zh, sizeof(more_zh), "（另有 %ld 個觸發亦未解除）", more);
		}
		/* the note is the review's phrase, filled in with the value as written */
		const char *note = col(s, 5);
		const char *json = col(s, 6);
		cJSON *args = message_args(json, json ? strlen(json) : 0);
		char *note_en = message_render(note, args, NULL, 0);
		char *note_zh = message_render(message_phrase_zh(note), args, NULL, 1);
		int kill = sqlite3_column_int(s, 0);
		tz_format(sqlite3_column_int64(s, 1), at);
		ret = check(rep, cap, e, "DO-7.3-HALT", 0, sqlite3_column_int64(s, 2),
			    "halted by the %s %s%s%.0s%.0s%.0s at %s: no passing checklist completed"
			    " since%s%.0s",
			    "%.0s%.0s%.0s%s %s%s 於 %s 觸發停機：其後未完成全數通過的每日檢查%.0s%s",
			    kill ? "kill switch activation" : "CRITICAL alert", col(s, 3), note_en,
			    kill ? "Kill Switch 啟動" : "CRITICAL 告警", col(s, 3), note_zh, at,
			    more_en, more_zh);
		free(note_en), free(note_zh);
		cJSON_Delete(args);
		if (!ret && rep->first_submit) /* the submit that went past it, as the review */
			ret = also(rep, rep->first_submit_id, e);
		if (!ret && more > 0)
			ret = halt_others(rep, env, e, others);
	} else if (rc == SQLITE_DONE) {
		ret = check(rep, cap, e, "DO-7.3-HALT", 1, 0,
			    "no CRITICAL alert or kill switch activation left uncleared",
			    "無未解除的 CRITICAL 告警或 Kill Switch 啟動");
	} else {
		ret = model_fail(rep->db, e, "halt");
	}
	sqlite3_finalize(s);
	return ret;
}

/* Critical incidents of the environment with no completed review that names its reviewer
 * and is not dated before the incident (as the unfreeze condition counts one): CLI.md
 * names "unresolved critical incidents"; a major one is the review's business (DO-8.4). */
static int incidents(struct report *rep, size_t *cap, const char *env, struct error *e)
{
	static const char sql[] =
		/* the incidents reviewed by then, gathered once: looked up per incident, a long
		 * history of incidents cost the gate seconds */
		/* (at or before the moment judged, as a clearing checklist is: last_instant()) */
		"WITH reviewed AS (SELECT DISTINCT incident_id FROM incident"
		"                  WHERE review_completed_at <= ?4 AND trim(coalesce(reviewer, '')) <> ''"
		"                    AND review_completed_at >= occurred_at AND incident_id IS NOT NULL)"
		"SELECT i.incident_id, i.grade, i.occurred_at, i.id FROM incident i"
		" WHERE i.environment = ?3 AND i.grade = 'critical' AND i.occurred_at <= ?4"
		"   AND i.incident_id NOT IN (SELECT incident_id FROM reviewed)"
		" ORDER BY i.occurred_at, i.incident_id, " CONTENT_OF("i.id") ", i.id";
	sqlite3_stmt *s = model_prep(rep, sql, 0, rep->as_of, e);
	char at[ISO_MAX];
	int rc, ret = 0, any = 0;

	if (!s)
		return -1;
	sqlite3_bind_text(s, 3, env, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, last_instant(rep));
	while (!ret && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		any = 1;
		tz_format(sqlite3_column_int64(s, 2), at);
		ret = check(rep, cap, e, "DO-8.5-UNFREEZE", 0, sqlite3_column_int64(s, 3),
			    "%s incident %s of %s has no review", "%s 事件 %s（%s）尚無事後檢討",
			    col(s, 1), col(s, 0), at);
	}
	if (!ret && rc != SQLITE_DONE)
		ret = model_fail(rep->db, e, "incidents");
	else if (!ret && !any)
		ret = check(rep, cap, e, "DO-8.5-UNFREEZE", 1, 0,
			    "no critical incident without a review", "無尚未完成事後檢討的 critical 事件");
	sqlite3_finalize(s);
	return ret;
}

/* The instant judged: the day's first submit in the environment (as DO-7.2 reads one,
 * MAY_BE_SUBMIT), else the day's end. */
static int as_of(struct report *rep, const char *env, struct error *e)
{
	static const char sql[] =
		"SELECT r.ts, r.id, json_object('submit_note', " AS_SUBMIT("r") ", 'event', r.event)"
		" FROM record r WHERE kind = 'execution' AND " MAY_BE_SUBMIT("r")
		" AND ts >= ?1 AND ts < ?2 AND environment = ?3"
		" ORDER BY ts, source, seq, content, id LIMIT 1";
	sqlite3_stmt *s = model_prep(rep, sql, rep->day_start, rep->day_end, e);
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_text(s, 3, env, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	rep->as_of = rep->day_end;
	if (rc == SQLITE_ROW) {
		const char *json = (const char *)sqlite3_column_text(s, 2);
		cJSON *args = message_args(json, json ? strlen(json) : 0);
		rep->as_of = sqlite3_column_int64(s, 0);
		rep->first_submit = 1;
		rep->first_submit_id = sqlite3_column_int64(s, 1);
		/* a record read as a submit says so wherever the first submit is named */
		for (int zh = 0; zh < 2; zh++)
			rep->first_submit_note[!zh] = message_render("{submit_note}", args, NULL, zh);
		cJSON_Delete(args);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : model_fail(rep->db, e, "the first submit");
}

/* The record of the first check of `rule` with `status` that cites one, 0 for none. */
static int64_t cited_by_check(const struct report *rep, const char *rule,
			      enum check_status status)
{
	for (size_t i = 0; i < rep->nchecks; i++)
		if (rep->checks[i].status == status && rep->checks[i].record_id &&
		    !strcmp(rep->checks[i].rule, rule))
			return rep->checks[i].record_id;
	return 0;
}

/* The latest record of `sql` (?2 the moment judged, ?3 the environment, ?4 the last
 * instant that counts), 0 for none, -1 on a store error. */
static int64_t latest_record(struct report *rep, const char *sql, const char *env,
			     const char *what, struct error *e)
{
	sqlite3_stmt *s = model_prep(rep, sql, 0, rep->as_of, e);
	int64_t id = -1;
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_text(s, 3, env, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, last_instant(rep));
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	else if (rc == SQLITE_DONE)
		id = 0;
	else
		model_fail(rep->db, e, what);
	sqlite3_finalize(s);
	return id;
}

/* What is missing has no record of its own, yet CLI.md has every finding rest on
 * evidence. A failed check that cites no record cites for context (no waiver matches on
 * it) the records that show what the environment stood to run: for no checklist, the
 * deployment in force, or without one the environment's latest earlier checklist; for no
 * deployment in force, the environment's latest deployment before the moment judged (a
 * rejected one, say), or without one the day's checklist. A store holding none of these
 * for the environment has nothing to cite. */
static int cite_absences(struct report *rep, const char *env, struct error *e)
{
	static const char checklist_sql[] =
		"SELECT c.id FROM checklist c WHERE c.environment = ?3 AND c.completed_at <= ?4"
		" ORDER BY c.completed_at DESC, c.checklist_id DESC, " CONTENT_OF("c.id") " DESC,"
		"   c.id DESC LIMIT 1";
	static const char deployment_sql[] =
		"SELECT d.id FROM deployment d WHERE d.environment = ?3 AND d.deployed_at <= ?4"
		" ORDER BY d.deployed_at DESC, d.deployment_id DESC, " CONTENT_OF("d.id") " DESC,"
		"   d.id DESC LIMIT 1";

	for (size_t i = 0; i < rep->nchecks; i++) {
		struct rep_check *c = &rep->checks[i];
		int64_t id = 0;
		if (c->status != CHECK_FAIL || c->record_id || c->also_id || c->ncontext)
			continue;
		if (!strcmp(c->rule, "DO-7.2-CHECKLIST-MISSING")) {
			id = cited_by_check(rep, "DO-3.3-UNDEPLOYED", CHECK_PASS);
			if (!id)
				id = latest_record(rep, checklist_sql, env, "the latest checklist", e);
		} else if (!strcmp(c->rule, "DO-3.3-UNDEPLOYED")) {
			id = latest_record(rep, deployment_sql, env, "the latest deployment", e);
			if (!id)
				id = cited_by_check(rep, "DO-7.2-CHECKLIST-MISSING", CHECK_PASS);
		}
		if (id < 0 || (id > 0 && context_of(rep, c, id, e)))
			return -1;
	}
	return 0;
}

/* The verdict: a failed check makes a no-go as a review's finding makes a day
 * non-compliant, when it is at or above the fail level and no waiver in force covers it
 * (matched as a review's findings are, on the check's records). */
static int judge(struct report *rep, struct rules *rules, struct error *e)
{
	rep->compliant = 1;
	for (size_t i = 0; i < rep->nchecks; i++) {
		struct rep_check *c = &rep->checks[i];
		if (c->status != CHECK_FAIL)
			continue;
		int64_t ids[2];
		size_t n = 0;
		if (c->record_id)
			ids[n++] = c->record_id;
		if (c->also_id)
			ids[n++] = c->also_id;
		if (rules_waiver_for_records(rules, c->rule, rep->environment, rep->date, ids, n,
					     &c->waiver, &c->expired_waiver, e))
			return -1;
		if (!c->waiver && report_check_severity(rep, c) >= rep->t->fail_on)
			rep->compliant = 0;
	}
	return 0;
}

int report_preflight(struct report *rep, sqlite3 *db, struct rules *rules,
		     const struct tailoring *t, int64_t day, const char *env, struct error *e)
{
	size_t cap = 0;

	model_init(rep, REPORT_PREFLIGHT, db, t, day, day, env);
	if (as_of(rep, env, e))
		return -1;
	if (checklist(rep, &cap, env, e) || no_real_mode(rep, &cap, env, e) ||
	    deployment(rep, &cap, env, e) ||
	    submit_deployed(rep, &cap, env, e) || modes_deployed(rep, &cap, env, e) ||
	    halt(rep, &cap, env, e) ||
	    incidents(rep, &cap, env, e) || cite_absences(rep, env, e) || judge(rep, rules, e))
		return -1;
	/* Active freezes are listed with their limits; they do not stop a run by themselves. */
	if (model_load_freezes(rep, rep->as_of - 1, rep->as_of, e) ||
	    rules_note_run_files(rules, e) ||
	    model_load_inputs(rep, e) || model_load_counts(rep, e))
		return -1;
	for (size_t i = 0; i < rep->nchecks; i++)
		if (rep->checks[i].waiver && (size_t)rep->checks[i].waiver <= rep->nwaivers)
			rep->waivers[rep->checks[i].waiver - 1].applied++;
	return 0;
}

enum severity report_check_severity(const struct report *rep, const struct rep_check *c)
{
	const struct rule_def *def = rule_find(c->rule);

	if (!strcmp(c->rule, "DO-3.2-DOC-LOCK") && strcmp(rep->environment, "live"))
		return SEV_MAJOR;
	return def ? def->severity : SEV_CRITICAL;
}
