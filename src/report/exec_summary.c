/*
 * exec_summary.c - the execution summary of a report: per environment and run mode, the
 * order events, distinct symbols and kill-switch tests and activations (RULES.md, "Report
 * contents", seed §7.4).
 *
 * The summary is one GROUP BY (model_load_exec_sql), but grouping by a computed mode makes
 * SQLite sort every execution of the period: 0.45 s of a 100k-order day. model_load_exec
 * makes the same sums in one pass over the index, looking each record's mode up in the
 * timeline the rules built. Rows come in time order, so consecutive rows nearly always
 * fall in the same group. Groups and distinct symbols are kept within fixed bounds; a
 * period with more of either is summarised by the SQL instead, so the result is the same
 * either way (check_report compares the two).
 *
 * A record held in conflicting versions (LOG-CONFLICT) is one event: the summary counts
 * the version stored first and leaves out the others (SHADOWED), in each environment its
 * versions name (a version of another environment is judged there, and counted there).
 */
#include "model_internal.h"

#include <stdlib.h>
#include <string.h>

#include "../rules/rules.h"
#include "../rules/sql.h"
#include "../util/strhash.h"

#define MAX_GROUPS 64
#define MAX_SYMBOLS 65536             /* distinct (group, symbol) pairs */
#define MAX_SYMBOL_BYTES (4u << 20)   /* their bytes */

#define UNLABELLED "(unlabelled)"
#define UNDECLARED "undeclared"

/* The later versions of an identity held in conflicting versions, among the period's
 * executions and kill-switch events: the identity is source, seq and ts (the ident hash
 * only finds the candidates), and the version with the lowest id stands for it among
 * those of its environment. CROSS
 * JOIN reads the conflicts (few) first: the planner would otherwise walk every execution
 * of the period by record_kind_ts and look each up (0.3 s of a 100k-order day). */
#define SHADOWED                                                                           \
	"SELECT v.id FROM conflict c CROSS JOIN record v ON v.id = c.record_id"            \
	" WHERE v.kind IN ('execution', 'kill_switch') AND v.ts >= ?1 AND v.ts < ?2"      \
	"   AND EXISTS (SELECT 1 FROM conflict c2 JOIN record w ON w.id = c2.record_id"    \
	"        WHERE w.ident = v.ident AND w.id < v.id AND w.source IS v.source"         \
	"          AND w.seq IS v.seq AND w.ts = v.ts AND w.environment IS v.environment)"

int model_load_exec_sql(struct report *rep, int64_t ds, int64_t de, struct error *e)
{
	static const char sql[] =
		"SELECT coalesce(environment, '" UNLABELLED "'),"
		"       coalesce(mode_read_at(environment, ts), '" UNDECLARED "') AS mode,"
		"       sum(kind = 'execution' AND " MAY_BE_SUBMIT("record") "),"
		"       sum(kind = 'execution' AND lower(trim(event)) = 'ack'),"
		"       sum(kind = 'execution' AND lower(trim(event)) = 'fill'),"
		"       sum(kind = 'execution' AND lower(trim(event)) = 'partial_fill'),"
		"       sum(kind = 'execution' AND lower(trim(event)) = 'cancel'),"
		"       sum(kind = 'execution' AND lower(trim(event)) = 'reject'),"
		"       count(DISTINCT CASE WHEN kind = 'execution' THEN symbol END),"
		"       sum(kind = 'kill_switch' AND action = 'test'),"
		"       sum(kind = 'kill_switch' AND " MAY_BE_ACTIVATE("record") "),"
		"       sum(kind = 'kill_switch' AND action = 'test' AND result IS NOT 'ok'),"
		"       sum(kind = 'kill_switch' AND " MAY_BE_ACTIVATE("record")
		"           AND result IS NOT 'ok')"
		" FROM record"
		" WHERE kind IN ('execution', 'kill_switch') AND ts >= ?1 AND ts < ?2"
		"   AND (?3 IS NULL OR environment = ?3) AND id NOT IN (" SHADOWED ")"
		" GROUP BY 1, 2 ORDER BY 1, 2";
	sqlite3_stmt *s = model_prep(rep, sql, ds, de, e);
	size_t cap = 0;
	int rc;

	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		GROW(rep->exec, rep->nexec, cap);
		struct rep_exec *x = &rep->exec[rep->nexec++];
		x->environment = model_dup(s, 0);
		x->mode = model_dup(s, 1);
		x->submits = sqlite3_column_int64(s, 2);
		x->acks = sqlite3_column_int64(s, 3);
		x->fills = sqlite3_column_int64(s, 4);
		x->partial_fills = sqlite3_column_int64(s, 5);
		x->cancels = sqlite3_column_int64(s, 6);
		x->rejects = sqlite3_column_int64(s, 7);
		x->symbols = sqlite3_column_int64(s, 8);
		x->ks_tests = sqlite3_column_int64(s, 9);
		x->ks_activations = sqlite3_column_int64(s, 10);
		x->ks_tests_not_ok = sqlite3_column_int64(s, 11);
		x->ks_activations_not_ok = sqlite3_column_int64(s, 12);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : model_fail(rep->db, e, "summarising executions");
}

/* A set of (group, symbol) pairs, open addressing; slots hold copies of the symbols. */
struct symbol_set {
	struct slot {
		uint64_t hash;
		char *symbol; /* NULL: free */
		int group;
	} *slots;
	size_t cap, n, bytes;
};

static uint64_t symbol_hash(int group, const char *s)
{
	return str_hash(s, (uint64_t)group);
}

static struct slot *symbol_slot(struct slot *slots, size_t cap, uint64_t h, int group,
				const char *s)
{
	size_t i = (size_t)h & (cap - 1);

	while (slots[i].symbol &&
	       (slots[i].hash != h || slots[i].group != group || strcmp(slots[i].symbol, s)))
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

/* Returns 1 when the pair is new, 0 when it was there, -1 when the set is full. */
static int symbol_add(struct symbol_set *set, int group, const char *s)
{
	uint64_t h = symbol_hash(group, s);
	struct slot *sl;
	size_t len;

	if (set->cap && (sl = symbol_slot(set->slots, set->cap, h, group, s))->symbol)
		return 0;
	len = strlen(s) + 1;
	if (set->n == MAX_SYMBOLS || set->bytes + len > MAX_SYMBOL_BYTES)
		return -1;
	if ((set->n + 1) * 2 > set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 256;
		struct slot *slots = xcalloc(cap, sizeof(*slots));
		for (size_t i = 0; i < set->cap; i++)
			if (set->slots[i].symbol)
				*symbol_slot(slots, cap, set->slots[i].hash, set->slots[i].group,
					     set->slots[i].symbol) = set->slots[i];
		free(set->slots);
		set->slots = slots;
		set->cap = cap;
	}
	sl = symbol_slot(set->slots, set->cap, h, group, s);
	sl->hash = h;
	sl->group = group;
	sl->symbol = xstrdup(s);
	set->n++;
	set->bytes += len;
	return 1;
}

static void symbol_set_release(struct symbol_set *set)
{
	for (size_t i = 0; i < set->cap; i++)
		free(set->slots[i].symbol);
	free(set->slots);
}

static int group_cmp(const void *a, const void *b)
{
	const struct rep_exec *x = a, *y = b;
	int c = strcmp(x->environment, y->environment);

	return c ? c : strcmp(x->mode, y->mode);
}

static int is(const unsigned char *v, const char *s)
{
	return v && !strcmp((const char *)v, s);
}

/* v is `word` (lower case) in any case with spaces around it, as SQLite's lower() and
 * trim() read it: ASCII letters, the space only. */
static int says(const unsigned char *v, const char *word)
{
	size_t n, len = strlen(word);

	if (!v)
		return 0;
	while (*v == ' ')
		v++;
	for (n = 0; n < len && v[n] && ((v[n] >= 'A' && v[n] <= 'Z') ? v[n] | 0x20 : v[n]) ==
					   (unsigned char)word[n];
	     n++)
		;
	if (n < len)
		return 0;
	for (v += len; *v == ' '; v++)
		;
	return !*v;
}

/* MAY_BE_SUBMIT in C: no event, or `submit` in any case with spaces around it. */
static int may_be_submit(const unsigned char *v)
{
	return !v || says(v, "submit");
}

static int id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* The SHADOWED ids in order, into *ids (NULL when there are none). */
static int load_shadowed(struct report *rep, int64_t ds, int64_t de, int64_t **ids,
			 size_t *n, struct error *e)
{
	sqlite3_stmt *s = model_prep(rep, SHADOWED " ORDER BY v.id", ds, de, e);
	size_t cap = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*ids = xrealloc(*ids, cap * sizeof(**ids));
		}
		(*ids)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		free(*ids);
		*ids = NULL;
		return model_fail(rep->db, e, "summarising executions");
	}
	return 0;
}

/* The one pass: 1 with rep->exec filled, 0 when a bound was reached (nothing filled),
 * -1 on a store error. */
static int exec_in_one_pass(struct report *rep, const struct rules *rules, int64_t ds,
			    int64_t de, struct error *e)
{
	static const char sql[] =
		"SELECT environment, ts, kind = 'execution', event, symbol, action, id, result"
		" FROM record"
		" WHERE kind IN ('execution', 'kill_switch') AND ts >= ?1 AND ts < ?2"
		"   AND (?3 IS NULL OR environment = ?3)";
	sqlite3_stmt *s;
	struct rep_exec groups[MAX_GROUPS];
	struct symbol_set symbols = { NULL, 0, 0, 0 };
	int64_t *shadowed;
	size_t ngroups = 0, last = 0, nshadowed;
	int rc, ret = -1;

	if (load_shadowed(rep, ds, de, &shadowed, &nshadowed, e))
		return -1;
	if (!(s = model_prep(rep, sql, ds, de, e))) {
		free(shadowed);
		return -1;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (nshadowed) {
			int64_t id = sqlite3_column_int64(s, 6);
			if (bsearch(&id, shadowed, nshadowed, sizeof(id), id_cmp))
				continue;
		}
		const unsigned char *env = sqlite3_column_text(s, 0);
		/* the mode as the rules read it: "Disabled" is disabled, "paused" none */
		const char *mode = env ? rules_mode_read_at(rules, (const char *)env,
							    sqlite3_column_int64(s, 1))
				       : NULL;
		const char *envl = env ? (const char *)env : UNLABELLED;
		const char *model = mode ? mode : UNDECLARED;
		struct rep_exec *g;

		if (!ngroups || strcmp(groups[last].environment, envl) ||
		    strcmp(groups[last].mode, model)) {
			for (last = 0; last < ngroups; last++)
				if (!strcmp(groups[last].environment, envl) &&
				    !strcmp(groups[last].mode, model))
					break;
			if (last == ngroups) {
				if (ngroups == MAX_GROUPS) {
					ret = 0;
					goto out;
				}
				memset(&groups[ngroups], 0, sizeof(groups[0]));
				groups[ngroups].environment = xstrdup(envl);
				groups[ngroups].mode = xstrdup(model);
				ngroups++;
			}
		}
		g = &groups[last];
		if (sqlite3_column_int(s, 2)) {
			const unsigned char *event = sqlite3_column_text(s, 3);
			const unsigned char *symbol = sqlite3_column_text(s, 4);
			g->submits += may_be_submit(event);
			/* an event written in another case (`Fill`) is counted as what it says,
			 * as a submit is and as LINK-ORPHAN-EVENT reads it */
			g->acks += says(event, "ack");
			g->fills += says(event, "fill");
			g->partial_fills += says(event, "partial_fill");
			g->cancels += says(event, "cancel");
			g->rejects += says(event, "reject");
			if (symbol) {
				int added = symbol_add(&symbols, (int)last, (const char *)symbol);
				if (added < 0) {
					ret = 0;
					goto out;
				}
				g->symbols += added;
			}
		} else {
			const unsigned char *action = sqlite3_column_text(s, 5);
			int test = is(action, "test"), activate = says(action, "activate");
			int not_ok = !is(sqlite3_column_text(s, 7), "ok");
			g->ks_tests += test;
			g->ks_activations += activate; /* MAY_BE_ACTIVATE */
			g->ks_tests_not_ok += test && not_ok;
			g->ks_activations_not_ok += activate && not_ok;
		}
	}
	if (rc != SQLITE_DONE) {
		model_fail(rep->db, e, "summarising executions");
		goto out;
	}
	qsort(groups, ngroups, sizeof(groups[0]), group_cmp);
	rep->exec = xcalloc(ngroups ? ngroups : 1, sizeof(*rep->exec));
	memcpy(rep->exec, groups, ngroups * sizeof(*rep->exec));
	rep->nexec = ngroups;
	ngroups = 0; /* owned by rep now */
	ret = 1;
out:
	for (size_t i = 0; i < ngroups; i++)
		free(groups[i].environment), free(groups[i].mode);
	symbol_set_release(&symbols);
	sqlite3_finalize(s);
	free(shadowed);
	return ret;
}

int model_load_exec(struct report *rep, const struct rules *rules, int64_t ds, int64_t de,
		    struct error *e)
{
	int rc = exec_in_one_pass(rep, rules, ds, de, e);

	if (rc < 0)
		return -1;
	return rc ? 0 : model_load_exec_sql(rep, ds, de, e);
}
