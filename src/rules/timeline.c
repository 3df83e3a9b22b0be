/*
 * timeline.c - each environment's run-mode timeline (§4): the spans between its
 * mode_changes, read once from the store when the rules open, searched by instant
 * (mode_at() in SQL, the rules in C) and copied into temp.mode_span for SQL rules to
 * join. At an instant shared by several mode_changes only the last in source, seq order
 * opens a span, so no span is empty; of two versions of one mode_change, the order of
 * their contents decides, not the order they were stored in.
 */
#include "engine.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/error.h"

static int db_fail(const struct rules *r, struct error *e, const char *what)
{
	return error_set(e, EXIT_STORE, "review", "%s: %s", what, sqlite3_errmsg(r->db));
}

/* The first environment of that name, or NULL: a binary search, as each mode_at() of a
 * store holding thousands of (invalid) environment labels asks for one. */
static const struct env_key *find_env(const struct rules *r, const char *env)
{
	size_t lo = 0, hi = r->nenvs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(r->env_order[mid].name, env) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->nenvs && !strcmp(r->env_order[lo].name, env) ? &r->env_order[lo] : NULL;
}

static int env_key_cmp(const void *a, const void *b)
{
	const struct env_key *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : (x->index > y->index) - (x->index < y->index);
}

const struct span *rules_spans(const struct rules *r, const char *env, size_t *n)
{
	const struct env_key *k = env ? find_env(r, env) : NULL;

	*n = k ? k->n : 0;
	return k ? r->spans + k->first : NULL;
}

size_t rules_span_at(const struct span *s, size_t n, int64_t t)
{
	size_t lo = 0, hi = n;

	/* The last span with start <= t. */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (s[mid].start <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? lo - 1 : n;
}

const struct span *timeline_at(const struct rules *r, const char *env, int64_t ts)
{
	size_t n, i;
	const struct span *s = rules_spans(r, env, &n);

	if (!s)
		return NULL;
	i = rules_span_at(s, n, ts);
	return i < n ? &s[i] : NULL;
}

const char *rules_mode_at(const struct rules *r, const char *env, int64_t ts)
{
	const struct span *s = timeline_at(r, env, ts);

	return s ? s->mode : NULL;
}

const char *rules_mode_read_at(const struct rules *r, const char *env, int64_t ts)
{
	const struct span *s = timeline_at(r, env, ts);

	return s ? s->read : NULL;
}

/* The four modes of §4 are shared text; a mode_change to any other label keeps a copy. A
 * day of many mode changes holds one span each, and each string would cost more than
 * its span. */
static const char *const known_modes[] = { "disabled", "observe_only", "simulated_execution",
					   "live_execution" };

const char *rules_mode_read(const char *mode)
{
	size_t a = 0, b;

	if (!mode)
		return NULL;
	b = strlen(mode);
	/* as SQLite's trim() and lower() would: spaces, ASCII letters */
	while (a < b && mode[a] == ' ')
		a++;
	while (b > a && mode[b - 1] == ' ')
		b--;
	for (size_t i = 0; i < sizeof(known_modes) / sizeof(known_modes[0]); i++)
		if (strlen(known_modes[i]) == b - a && !strncasecmp(mode + a, known_modes[i], b - a))
			return known_modes[i];
	return NULL;
}

static const char *mode_keep(const char *mode)
{
	if (!mode) /* a mode change without `to`: no run mode declared */
		return NULL;
	for (size_t i = 0; i < sizeof(known_modes) / sizeof(known_modes[0]); i++)
		if (!strcmp(mode, known_modes[i]))
			return known_modes[i];
	return xstrdup(mode);
}

static void mode_free(const char *mode)
{
	if (!mode)
		return;
	for (size_t i = 0; i < sizeof(known_modes) / sizeof(known_modes[0]); i++)
		if (mode == known_modes[i])
			return;
	free((char *)mode);
}

int timeline_read(struct rules *r, struct error *e)
{
	static const char sql[] =
		"SELECT environment, ts, mode_to, id FROM record"
		" WHERE kind = 'mode_change' AND environment IS NOT NULL"
		" ORDER BY environment, ts, source, seq, content, id";
	sqlite3_stmt *s = NULL;
	size_t cap = 0;
	int rc;

	if (sqlite3_prepare_v2(r->db, sql, -1, &s, NULL) != SQLITE_OK)
		return db_fail(r, e, "reading mode changes");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *env = (const char *)sqlite3_column_text(s, 0);
		/* rows come by environment: one not the last one's is new */
		int k = r->nenvs && !strcmp(r->envs[r->nenvs - 1], env) ? (int)r->nenvs - 1 : -1;
		if (k < 0) {
			r->envs = xrealloc(r->envs, (r->nenvs + 1) * sizeof(*r->envs));
			r->envs[r->nenvs] = xstrdup(env);
			k = (int)r->nenvs++;
		}
		int64_t start = sqlite3_column_int64(s, 1);
		struct span *sp = r->nspans ? &r->spans[r->nspans - 1] : NULL;
		if (sp && sp->env == k && sp->start == start) {
			/* Rows come in source, seq order: a later one at the same instant
			 * overrides, and the one it replaces was never in force. */
			mode_free(sp->mode);
		} else {
			if (r->nspans == cap) {
				cap = cap ? cap * 2 : 64;
				r->spans = xrealloc(r->spans, cap * sizeof(*r->spans));
			}
			if (r->nspans && r->spans[r->nspans - 1].env == k)
				r->spans[r->nspans - 1].end = start;
			sp = &r->spans[r->nspans++];
			sp->env = k;
			sp->start = start;
			sp->end = INT64_MAX;
		}
		sp->mode = mode_keep((const char *)sqlite3_column_text(s, 2));
		sp->read = rules_mode_read(sp->mode);
		sp->record_id = sqlite3_column_int64(s, 3);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return db_fail(r, e, "reading mode changes");
	if (r->nspans && r->nspans < cap) /* held for the whole run: give back the slack */
		r->spans = xrealloc(r->spans, r->nspans * sizeof(*r->spans));
	/* Each environment's spans are together, in the order of envs. */
	r->env_order = xcalloc(r->nenvs ? r->nenvs : 1, sizeof(*r->env_order));
	for (size_t i = 0; i < r->nenvs; i++)
		r->env_order[i].name = r->envs[i], r->env_order[i].index = i;
	for (size_t i = r->nspans; i-- > 0;) {
		struct env_key *k = &r->env_order[r->spans[i].env];
		k->first = i;
		k->n++;
	}
	qsort(r->env_order, r->nenvs, sizeof(*r->env_order), env_key_cmp);
	return 0;
}

int timeline_store(struct rules *r, struct error *e)
{
	sqlite3_stmt *ins = NULL;

	if (sqlite3_exec(r->db, "DELETE FROM temp.mode_span", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(r->db, "INSERT INTO temp.mode_span VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
			       -1, &ins, NULL) != SQLITE_OK)
		return db_fail(r, e, "building the mode timeline");
	for (size_t i = 0; i < r->nspans; i++) {
		const struct span *sp = &r->spans[i];
		sqlite3_bind_text(ins, 1, r->envs[sp->env], -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 2, sp->mode, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 3, sp->start);
		sqlite3_bind_int64(ins, 4, sp->end);
		sqlite3_bind_int64(ins, 5, sp->record_id);
		sqlite3_bind_text(ins, 6, sp->read, -1, SQLITE_STATIC);
		if (sqlite3_step(ins) != SQLITE_DONE) {
			sqlite3_finalize(ins);
			return db_fail(r, e, "building the mode timeline");
		}
		sqlite3_reset(ins);
	}
	sqlite3_finalize(ins);
	return 0;
}

void timeline_borrow(struct rules *r, const struct rules *lender)
{
	r->envs = lender->envs;
	r->nenvs = lender->nenvs;
	r->env_order = lender->env_order;
	r->spans = lender->spans;
	r->nspans = lender->nspans;
	r->borrowed_timeline = 1;
}

void timeline_free(struct rules *r)
{
	if (r->borrowed_timeline)
		return;
	for (size_t i = 0; i < r->nspans; i++)
		mode_free(r->spans[i].mode);
	free(r->spans);
	for (size_t i = 0; i < r->nenvs; i++)
		free(r->envs[i]);
	free(r->envs);
	free(r->env_order);
}
