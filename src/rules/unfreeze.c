/*
 * unfreeze.c - evaluating the unfreeze conditions.
 */
#include "unfreeze.h"

#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "sql.h"
#include "../util/timeutil.h"

const char *const unfreeze_condition_names[UNFREEZE_CONDITIONS] = {
	"incident_review", "risk_review", "governance_review", "document_lock", "redeployment",
};

/* Adds an item whose texts, malloc'd, it takes. */
static void item_text(struct uf_condition *c, int ok, int64_t record_id, char *en, char *zh)
{
	c->items = xrealloc(c->items, (c->nitems + 1) * sizeof(*c->items));
	c->items[c->nitems].ok = ok;
	c->items[c->nitems].record_id = record_id;
	c->items[c->nitems].text = en;
	c->items[c->nitems].text_zh = zh;
	c->nitems++;
}

/* Adds an item, in English (fmt) and 繁體中文 (fmt_zh), from the same arguments. */
static void item(struct uf_condition *c, int ok, int64_t record_id, const char *fmt,
		 const char *fmt_zh, ...) PRINTF_LIKE(4, 6) PRINTF_LIKE(5, 6);

static void item(struct uf_condition *c, int ok, int64_t record_id, const char *fmt,
		 const char *fmt_zh, ...)
{
	/* as long as the records' own words make them, never cut inside a character */
	struct buf en = BUF_INIT, zh = BUF_INIT;
	va_list ap, aq;

	va_start(ap, fmt_zh);
	va_copy(aq, ap);
	buf_vaddf(&en, fmt, ap);
	buf_vaddf(&zh, fmt_zh, aq);
	va_end(aq);
	va_end(ap);
	item_text(c, ok, record_id, buf_detach(&en), buf_detach(&zh));
}

static int fail(sqlite3 *db, struct error *e)
{
	return error_set(e, EXIT_STORE, "unfreeze", "reading the store: %s", sqlite3_errmsg(db));
}

static const char *col(sqlite3_stmt *s, int i)
{
	const char *v = (const char *)sqlite3_column_text(s, i);

	return v ? v : "";
}

static void fmt_time(int64_t us, char out[ISO_MAX])
{
	tz_format(us, out);
}

/* Incident version i is one condition 1 reads: the trigger (?1), or major or critical,
 * of the freeze's environment (?3), from its start (?2) to the end of "during" (?5,
 * excluded): a freeze lifted at `ended_at` is no longer active then (DO-8.4), so an
 * incident at that instant is after it, and needs a freeze of its own
 * (DO-8.4-FREEZE-REQUIRED) rather than a review before it occurred. */
#define UF_INCIDENT_OF(i)                                                                  \
	"(" i ".incident_id = ?1 OR (" i ".grade IN ('major', 'critical')"                 \
	" AND " i ".occurred_at >= ?2 AND " i ".occurred_at < ?5"                          \
	" AND (?3 = 'all' OR " i ".environment = ?3)))"

/* A review of incident version i that counts: signed, as INPUT.md's {completed_at,
 * reviewer, summary} is, and as a risk review counts with its `by` (review()). */
#define UF_SIGNED(i) "(trim(coalesce(" i ".reviewer, '')) <> '')"

/* A review of incident version i is of it only once it has occurred: one dated before
 * `occurred_at` reviews something else, as a risk review dated before the freeze is not
 * one of the freeze (review()). */
#define UF_AFTER(i) "(" i ".review_completed_at >= " i ".occurred_at)"

/* A review of incident version i by ?4 that counts, once signed. */
#define UF_BY_END(i) "(" i ".review_completed_at < ?4 AND " UF_AFTER(i) ")"

/* The version of incident `id` holding its first review before ?4 that is signed
 * (`signed` 1) or not (0), by time, then content: the one cited for it. */
#define UF_REVIEW_VERSION(id, signed)                                                      \
	"(SELECT j.id FROM incident j WHERE j.incident_id = " id                           \
	" AND " UF_BY_END("j") " AND " UF_SIGNED("j") " = " signed                         \
	" ORDER BY j.review_completed_at, " CONTENT_OF("j.id") ", j.id LIMIT 1)"

/* Condition 1's item for an incident whose only signed review by the end is dated
 * before it occurred: version `id` holds it. */
static int early_review(sqlite3 *db, struct uf_condition *c, int64_t id, struct error *e)
{
	sqlite3_stmt *s = NULL;
	char review[ISO_MAX], occurred[ISO_MAX];

	if (sqlite3_prepare_v2(db,
			       "SELECT incident_id, review_completed_at, occurred_at FROM incident"
			       " WHERE id = ?1",
			       -1, &s, NULL) != SQLITE_OK)
		return fail(db, e);
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return fail(db, e);
	}
	fmt_time(sqlite3_column_int64(s, 1), review);
	fmt_time(sqlite3_column_int64(s, 2), occurred);
	item(c, 0, id, "%s review dated %s, before the incident occurred at %s",
	     "%s 的檢討日期 %s 早於事件發生時間 %s", col(s, 0), review, occurred);
	c->ready = 0;
	sqlite3_finalize(s);
	return 0;
}

/* 1. The trigger incident and every major/critical incident during the freeze reviewed.
 * Which incidents: those with a version in scope (UF_INCIDENT_OF); whether reviewed: by
 * any version of each, as one filed again with its review added, or re-graded, is still
 * the incident the freeze waits on. */
static int incident_reviews(sqlite3 *db, struct unfreeze *u, const char *trigger,
			    struct error *e)
{
	static const char sql[] =
		"SELECT i.incident_id,"
		"       max(" UF_BY_END("i") " AND " UF_SIGNED("i") ") AS reviewed,"
		/* the version cited when no review is: by content, not the one stored first */
		"       (SELECT j.id FROM incident j WHERE j.incident_id = i.incident_id"
		"        AND " UF_INCIDENT_OF("j") " ORDER BY " CONTENT_OF("j.id") ", j.id LIMIT 1),"
		"       min(CASE WHEN " UF_BY_END("i") " AND " UF_SIGNED("i")
		"           THEN i.review_completed_at END),"
		"       max(" UF_BY_END("i") " AND NOT " UF_SIGNED("i") ") AS unsigned,"
		/* the first signed review, whenever it came */
		"       min(CASE WHEN " UF_SIGNED("i") " AND " UF_AFTER("i")
		"           THEN i.review_completed_at END),"
		"       " UF_REVIEW_VERSION("i.incident_id", "1") ","
		"       min(CASE WHEN " UF_BY_END("i") " AND NOT " UF_SIGNED("i")
		"           THEN i.review_completed_at END),"
		"       " UF_REVIEW_VERSION("i.incident_id", "0") ","
		"       (SELECT j.id FROM incident j WHERE j.incident_id = i.incident_id"
		"        AND " UF_SIGNED("j") " AND " UF_AFTER("j")
		"        ORDER BY j.review_completed_at, " CONTENT_OF("j.id") ", j.id LIMIT 1),"
		/* a signed review dated before its incident occurred, and its version */
		"       (SELECT j.id FROM incident j WHERE j.incident_id = i.incident_id"
		"        AND " UF_SIGNED("j") " AND j.review_completed_at < j.occurred_at"
		"        AND j.review_completed_at < ?4"
		"        ORDER BY j.review_completed_at, " CONTENT_OF("j.id") ", j.id LIMIT 1)"
		" FROM incident i WHERE i.incident_id IN"
		"   (SELECT k.incident_id FROM incident k WHERE " UF_INCIDENT_OF("k") ")"
		" GROUP BY i.incident_id"
		" ORDER BY min(CASE WHEN " UF_INCIDENT_OF("i") " THEN i.occurred_at END),"
		"   i.incident_id";
	struct uf_condition *c = &u->cond[UF_INCIDENT_REVIEW];
	sqlite3_stmt *s = NULL;
	int rc, trigger_seen = !trigger;
	char at[ISO_MAX];

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return fail(db, e);
	if (trigger)
		sqlite3_bind_text(s, 1, trigger, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, u->started_at);
	sqlite3_bind_text(s, 3, u->environment ? u->environment : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, u->at);
	/* ended by then: up to its end, excluded; still active at `at`: up to `at` */
	sqlite3_bind_int64(s, 5, u->ended_at && u->during_end == u->ended_at ? u->ended_at
									   : u->during_end + 1);
	c->ready = 1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int ok = sqlite3_column_int(s, 1) == 1;
		if (trigger && !strcmp(col(s, 0), trigger))
			trigger_seen = 1;
		if (ok) {
			fmt_time(sqlite3_column_int64(s, 3), at);
			item(c, 1, sqlite3_column_int64(s, 6), "%s reviewed %s", "%s 已於 %s 完成檢討",
			     col(s, 0), at);
		} else if (sqlite3_column_int(s, 4) == 1) {
			fmt_time(sqlite3_column_int64(s, 7), at);
			item(c, 0, sqlite3_column_int64(s, 8),
			     "%s review of %s names no reviewer (reviewer missing)",
			     "%s 於 %s 的檢討未記錄檢討人（reviewer）", col(s, 0), at);
			c->ready = 0;
		} else if (u->ended_at && u->at == u->ended_at &&
			   sqlite3_column_type(s, 5) != SQLITE_NULL) {
			/* judged at its lifting: a signed review there is, but it came at or
			 * after it (an audit as of an earlier moment says only what was then) */
			fmt_time(sqlite3_column_int64(s, 5), at);
			item(c, 0, sqlite3_column_int64(s, 9),
			     "%s reviewed only at %s, not before the lifting",
			     "%s 遲至 %s 才完成檢討，未早於解除凍結", col(s, 0), at);
			c->ready = 0;
		} else if (sqlite3_column_type(s, 10) != SQLITE_NULL) {
			if (early_review(db, c, sqlite3_column_int64(s, 10), e)) {
				sqlite3_finalize(s);
				return -1;
			}
		} else {
			item(c, 0, sqlite3_column_int64(s, 2), "%s not reviewed", "%s 尚未完成檢討",
			     col(s, 0));
			c->ready = 0;
		}
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return fail(db, e);
	if (!trigger_seen) {
		item(c, 0, 0, "trigger incident %s not in the store", "觸發事件 %s 不在稽核資料庫中",
		     trigger);
		c->ready = 0;
	}
	/* A freeze without a trigger and quiet since: the condition holds, and says why. */
	if (!c->nitems)
		item(c, 1, 0, "no major or critical incident since the freeze started",
		     "凍結開始後沒有重大或嚴重事件");
	return 0;
}

/* 2 and 3. A review recorded in the freeze's unfreeze block: pass, at or before the end. */
static void review(struct unfreeze *u, int which, const char *result, const char *by,
		   int has_at, int64_t at)
{
	struct uf_condition *c = &u->cond[which];
	char t[ISO_MAX];

	if (!result) {
		item(c, 0, 0, "no %s recorded", "未記錄 %s", unfreeze_condition_names[which]);
		return;
	}
	if (has_at)
		fmt_time(at, t);
	if (strcmp(result, "pass")) {
		item(c, 0, u->freeze, "result %s", "結果為 %s", result);
	} else if (!has_at) {
		item(c, 0, u->freeze, "pass without a time", "通過但未記錄時間");
	} else if (!by) {
		/* INPUT.md: {result, by, at}; a review no one made is none (as an approval
		 * that names no person adjudicates nothing, DO-4.6-HUMAN-DECISION) */
		item(c, 0, u->freeze, "pass at %s, by no one (by missing)",
		     "於 %s 通過，但未記錄審查人（by）", t);
	} else if (at > u->at) {
		item(c, 0, u->freeze, "pass only at %s", "遲至 %s 才通過", t);
	} else if (at < u->started_at) {
		/* a review of this freeze cannot predate it */
		item(c, 0, u->freeze, "pass at %s, before the freeze started", "於 %s 通過，早於凍結開始",
		     t);
	} else {
		item(c, 1, u->freeze, "pass by %s at %s", "由 %s 於 %s 通過", by, t);
		c->ready = 1;
	}
}

/* 4. A lock effective after the start, in force from then (DO-3.2-DOC-LOCK's reading of
 * locks at one instant), that locks documents and differs from the one in force at the
 * start. */
static int document_lock(sqlite3 *db, struct unfreeze *u, struct error *e)
{
	static const char sql[] =
		"WITH l0 AS (SELECT id FROM document_lock WHERE effective_at <= ?1"
		"            ORDER BY effective_at DESC, lock_id DESC,"
		"              " CONTENT_OF("document_lock.id") " DESC, id DESC LIMIT 1)"
		"SELECT l.id, l.lock_id, l.effective_at,"
		"       EXISTS (SELECT doc_key, version FROM lock_document WHERE record_id = l.id"
		"               EXCEPT SELECT doc_key, version FROM lock_document"
		"               WHERE record_id = (SELECT id FROM l0))"
		"    OR EXISTS (SELECT doc_key, version FROM lock_document"
		"               WHERE record_id = (SELECT id FROM l0)"
		"               EXCEPT SELECT doc_key, version FROM lock_document WHERE record_id = l.id)"
		"    OR (SELECT id FROM l0) IS NULL,"
		"       (SELECT lock_id FROM document_lock WHERE id = (SELECT id FROM l0)),"
		"       " LOCK_HAS_DOCS("l.id") ""
		" FROM document_lock l WHERE l.effective_at > ?1 AND l.effective_at <= ?2"
		/* of locks effective at one instant, the greater lock_id is in force: the
		 * others never were, and update nothing */
		"   AND NOT EXISTS (SELECT 1 FROM document_lock m"
		"                   WHERE m.effective_at = l.effective_at AND m.lock_id > l.lock_id)"
		" ORDER BY l.effective_at, l.lock_id";
	struct uf_condition *c = &u->cond[UF_DOCUMENT_LOCK];
	sqlite3_stmt *s = NULL;
	int rc, any = 0;
	char t[ISO_MAX];

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return fail(db, e);
	sqlite3_bind_int64(s, 1, u->started_at);
	sqlite3_bind_int64(s, 2, u->at);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		any = 1;
		fmt_time(sqlite3_column_int64(s, 2), t);
		if (!sqlite3_column_int(s, 5)) {
			/* a lock of no documents updates no version (a missing `documents`, or
			 * an empty list, is no list: interpretation.md) */
			item(c, 0, sqlite3_column_int64(s, 0), "%s effective %s locks no document",
			     "%s 於 %s 生效，但未鎖定任何文件", col(s, 1), t);
		} else if (sqlite3_column_int(s, 3)) {
			item(c, 1, sqlite3_column_int64(s, 0), "%s effective %s replaces %s",
			     "%s 於 %s 生效，取代 %s", col(s, 1), t,
			     sqlite3_column_type(s, 4) == SQLITE_NULL ? "no lock" : col(s, 4));
			c->ready = 1;
			break;
		} else {
			item(c, 0, sqlite3_column_int64(s, 0),
			     "%s effective %s has the same documents", "%s 於 %s 生效，但文件版本相同",
			     col(s, 1), t);
		}
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return fail(db, e);
	if (!any) { /* a later one is no evidence as of u->at: the item says when it asks */
		fmt_time(u->at, t);
		item(c, 0, 0, "no document_lock effective after the freeze started, by %s",
		     "凍結開始後至 %s 止沒有新生效的文件鎖定", t);
	}
	return 0;
}

/* 5. A deployed, gate-passing, verified deployment after the start: of the freeze's
 * environment, or of any (labelled: an unlabelled deployment is of none, DO-2.1) for an
 * `all` freeze. A deployment filed again with its verification added is one deployment,
 * and a version verified meets the condition; but one whose other version records it
 * rejected or failing the gate does not: the gate's evidence contradicts itself. */
static int redeployment(sqlite3 *db, struct unfreeze *u, struct error *e)
{
	static const char sql[] =
		"SELECT d.id, d.deployment_id, d.deployed_at, " GATE_ITEMS_NOT_PASS("d") " AS failed,"
		"       d.verified, d.verified_at, trim(coalesce(d.verified_by, '')) <> '',"
		"       o.id, coalesce(o.status, '(missing)'), " GATE_ITEMS_NOT_PASS("o") ","
		"       coalesce(o.environment, '(missing)')"
		" FROM deployment d LEFT JOIN deployment o ON o.id ="
		"   (SELECT x.id FROM deployment x WHERE x.deployment_id = d.deployment_id"
		"    AND x.id <> d.id AND (x.status IS NOT 'deployed' OR "
		GATE_ITEMS_NOT_PASS("x") " <> '' OR x.environment IS NOT d.environment)"
		"    ORDER BY " CONTENT_OF("x.id") ", x.id LIMIT 1)"
		" WHERE d.status = 'deployed' AND d.deployed_at > ?1 AND d.deployed_at <= ?2"
		"   AND (d.environment = ?3"
		"        OR (?3 = 'all' AND d.environment IN ('local', 'sim', 'live')))"
		" ORDER BY d.deployed_at, d.deployment_id, " CONTENT_OF("d.id") ", d.id";
	struct uf_condition *c = &u->cond[UF_REDEPLOYMENT];
	sqlite3_stmt *s = NULL;
	int rc, any = 0;
	char t[ISO_MAX];

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return fail(db, e);
	sqlite3_bind_int64(s, 1, u->started_at);
	sqlite3_bind_int64(s, 2, u->at);
	sqlite3_bind_text(s, 3, u->environment ? u->environment : "", -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);
		any = 1;
		fmt_time(sqlite3_column_int64(s, 2), t);
		if (*col(s, 3)) {
			item(c, 0, id, "%s deployed %s: gate %s", "%s 於 %s 部署：Gate %s", col(s, 1), t,
			     col(s, 3));
		} else if (sqlite3_column_type(s, 7) != SQLITE_NULL) {
			item(c, 0, sqlite3_column_int64(s, 7),
			     "%s deployed %s: another version of it records status %s in %s, gate %s",
			     "%s 於 %s 部署：其另一版本記錄狀態 %s、環境 %s、Gate %s", col(s, 1), t,
			     col(s, 8), col(s, 10), *col(s, 9) ? col(s, 9) : "passed");
		} else if (sqlite3_column_type(s, 4) == SQLITE_NULL || !sqlite3_column_int(s, 4)) {
			item(c, 0, id, "%s deployed %s: not verified", "%s 於 %s 部署：未經驗證", col(s, 1), t);
		} else if (!sqlite3_column_int(s, 6)) {
			/* a verification no one made is none, as a review without its reviewer */
			item(c, 0, id, "%s deployed %s: verified by no one (verified_by missing)",
			     "%s 於 %s 部署：未記錄驗證人（verified_by）", col(s, 1), t);
		} else if (sqlite3_column_type(s, 5) == SQLITE_NULL ||
			   sqlite3_column_int64(s, 5) > u->at) {
			item(c, 0, id, "%s deployed %s: verified only later or without a time",
			     "%s 於 %s 部署：驗證晚於評估時間或未記錄時間", col(s, 1), t);
		} else if (sqlite3_column_int64(s, 5) < sqlite3_column_int64(s, 2)) {
			/* a verification of this deployment cannot predate it, as a review of
			 * the freeze cannot predate the freeze (review()) */
			char v[ISO_MAX];
			fmt_time(sqlite3_column_int64(s, 5), v);
			item(c, 0, id, "%s deployed %s: verified at %s, before it was deployed",
			     "%s 於 %s 部署：驗證時間 %s 早於部署", col(s, 1), t, v);
		} else {
			item(c, 1, id, "%s deployed %s, gate passed, verified", "%s 於 %s 部署，Gate 通過且已驗證",
			     col(s, 1), t);
			c->ready = 1;
			break;
		}
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return fail(db, e);
	if (!any) {
		/* what counts, said: a rejected deployment, or one of another environment,
		 * is there and still is none */
		const char *env = u->environment;
		int all = env && !strcmp(env, "all");
		struct buf en = BUF_INIT, zh = BUF_INIT;
		fmt_time(u->at, t);
		if (all)
			buf_adds(&en, "no deployment in any environment");
		else
			buf_addf(&en, "no deployment of %s", env ? env : "(no environment)");
		buf_addf(&en, " with status deployed after the freeze started, by %s", t);
		buf_addf(&zh, "凍結開始後至 %s 止沒有", t);
		if (all)
			buf_adds(&zh, "任何環境");
		else
			buf_addf(&zh, " %s 環境", env ? env : "（無環境）");
		buf_adds(&zh, "狀態為 deployed 的新部署");
		item_text(c, 0, 0, buf_detach(&en), buf_detach(&zh));
	}
	return 0;
}

int unfreeze_evaluate(sqlite3 *db, int64_t freeze, int64_t at, struct unfreeze *u,
		      struct error *e)
{
	static const char sql[] =
		"SELECT freeze_id, environment, started_at, ended_at, trigger_ref,"
		"       risk_review_result, risk_review_by, risk_review_at,"
		"       governance_review_result, governance_review_by, governance_review_at"
		" FROM freeze WHERE id = ?1";
	sqlite3_stmt *s = NULL;
	char *trigger = NULL;
	int rc = -1;

	memset(u, 0, sizeof(*u));
	u->freeze = freeze;
	u->at = at;
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return fail(db, e);
	sqlite3_bind_int64(s, 1, freeze);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return error_set(e, EXIT_STORE, "unfreeze", "freeze record %lld not found",
				 (long long)freeze);
	}
	u->freeze_id = xstrdup(col(s, 0));
	u->environment = sqlite3_column_type(s, 1) == SQLITE_NULL ? NULL : xstrdup(col(s, 1));
	u->started_at = sqlite3_column_int64(s, 2);
	u->ended_at = sqlite3_column_int64(s, 3);
	/* "during F": up to its end, even when asked as of a later time */
	u->during_end = u->ended_at && u->ended_at < at ? u->ended_at : at;
	if (sqlite3_column_type(s, 4) != SQLITE_NULL)
		trigger = xstrdup(col(s, 4));
	review(u, UF_RISK_REVIEW,
	       sqlite3_column_type(s, 5) == SQLITE_NULL ? NULL : col(s, 5),
	       sqlite3_column_type(s, 6) == SQLITE_NULL ? NULL : col(s, 6),
	       sqlite3_column_type(s, 7) != SQLITE_NULL, sqlite3_column_int64(s, 7));
	review(u, UF_GOVERNANCE_REVIEW,
	       sqlite3_column_type(s, 8) == SQLITE_NULL ? NULL : col(s, 8),
	       sqlite3_column_type(s, 9) == SQLITE_NULL ? NULL : col(s, 9),
	       sqlite3_column_type(s, 10) != SQLITE_NULL, sqlite3_column_int64(s, 10));
	sqlite3_finalize(s);
	if (incident_reviews(db, u, trigger, e) || document_lock(db, u, e) ||
	    redeployment(db, u, e))
		goto out;
	u->ready = 1;
	for (int c = 0; c < UNFREEZE_CONDITIONS; c++)
		u->ready &= u->cond[c].ready;
	rc = 0;
out:
	free(trigger);
	if (rc)
		unfreeze_release(u);
	return rc;
}

void unfreeze_release(struct unfreeze *u)
{
	for (int c = 0; c < UNFREEZE_CONDITIONS; c++) {
		for (size_t i = 0; i < u->cond[c].nitems; i++) {
			free(u->cond[c].items[i].text);
			free(u->cond[c].items[i].text_zh);
		}
		free(u->cond[c].items);
	}
	free(u->freeze_id);
	free(u->environment);
	memset(u, 0, sizeof(*u));
}

void unfreeze_fold(struct unfreeze *u, struct unfreeze *other)
{
	struct buf en = BUF_INIT, zh = BUF_INIT;
	char started[ISO_MAX], ended[ISO_MAX];
	const char *env = other->environment;

	if (other->ready)
		return;
	u->folded++;
	fmt_time(other->started_at, started);
	buf_addf(&en, "%s, started %s", env ? env : "(no environment)", started);
	buf_addf(&zh, "%s，%s 開始", env ? env : "（無環境）", started);
	if (other->ended_at) {
		fmt_time(other->ended_at, ended);
		buf_addf(&en, ", lifted %s", ended);
		buf_addf(&zh, "，%s 解除", ended);
	}
	u->ready = 0;
	for (int c = 0; c < UNFREEZE_CONDITIONS; c++) {
		const struct uf_condition *oc = &other->cond[c];
		if (oc->ready)
			continue;
		u->cond[c].ready = 0;
		for (size_t i = 0; i < oc->nitems; i++) {
			struct buf t = BUF_INIT, t_zh = BUF_INIT;
			if (oc->items[i].ok)
				continue;
			buf_addf(&t, "another version of the freeze (%s): %s", en.data,
				 oc->items[i].text);
			buf_addf(&t_zh, "本凍結的另一版本（%s）：%s", zh.data, oc->items[i].text_zh);
			/* what is missing is cited at the version that lacks it */
			item_text(&u->cond[c], 0,
				  oc->items[i].record_id ? oc->items[i].record_id : other->freeze,
				  buf_detach(&t), buf_detach(&t_zh));
		}
	}
	buf_release(&en);
	buf_release(&zh);
}

int unfreeze_item_cited(const struct unfreeze *u, int c, size_t i)
{
	int64_t id = u->cond[c].items[i].record_id;

	if (u->cond[c].items[i].ok || !id || id == u->freeze)
		return 0;
	for (int c2 = 0; c2 <= c; c2++)
		for (size_t i2 = 0; i2 < (c2 < c ? u->cond[c2].nitems : i); i2++)
			if (!u->cond[c2].items[i2].ok && u->cond[c2].items[i2].record_id == id)
				return 0;
	return 1;
}

int64_t *unfreeze_finding_records(const struct unfreeze *u, size_t *n)
{
	size_t cap = 1;
	int64_t *ids;

	for (int c = 0; c < UNFREEZE_CONDITIONS; c++)
		cap += u->cond[c].nitems;
	ids = xmalloc(cap * sizeof(*ids));
	*n = 0;
	ids[(*n)++] = u->freeze;
	for (int c = 0; c < UNFREEZE_CONDITIONS; c++)
		for (size_t i = 0; i < u->cond[c].nitems; i++)
			if (unfreeze_item_cited(u, c, i))
				ids[(*n)++] = u->cond[c].items[i].record_id;
	return ids;
}

void unfreeze_describe_failed(const struct unfreeze *u, int zh, struct buf *out)
{
	size_t start = out->len;

	for (int c = 0; c < UNFREEZE_CONDITIONS; c++) {
		if (u->cond[c].ready)
			continue;
		buf_addf(out, "%s%d %s", out->len > start ? (zh ? "；" : "; ") : "", c + 1,
			 unfreeze_condition_names[c]);
		for (size_t k = 0; k < u->cond[c].nitems; k++)
			if (!u->cond[c].items[k].ok)
				buf_addf(out, zh ? "（%s）" : " (%s)",
					 zh ? u->cond[c].items[k].text_zh : u->cond[c].items[k].text);
	}
}
