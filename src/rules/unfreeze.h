/*
 * unfreeze.h - the five unfreeze conditions of RULES.md (seed §8.5) for one freeze, as of
 * a time, each with the records that satisfy it or what is missing. Used by the rule
 * DO-8.5-UNFREEZE and by the `unfreeze` command.
 */
#ifndef TAITS_UNFREEZE_H
#define TAITS_UNFREEZE_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/error.h"

enum {
	UF_INCIDENT_REVIEW,
	UF_RISK_REVIEW,
	UF_GOVERNANCE_REVIEW,
	UF_DOCUMENT_LOCK,
	UF_REDEPLOYMENT,
	UNFREEZE_CONDITIONS
};

extern const char *const unfreeze_condition_names[UNFREEZE_CONDITIONS];

/* One piece of a condition: a record that satisfies it (ok) or one that falls short, or
 * something missing altogether (record_id 0). `text` says which, in identifiers and
 * times; `text_zh` says the same in 繁體中文. */
struct uf_item {
	int ok;
	int64_t record_id;
	char *text;
	char *text_zh;
};

struct uf_condition {
	int ready;
	struct uf_item *items;
	size_t nitems;
};

struct unfreeze {
	int64_t freeze; /* record id */
	char *freeze_id, *environment;
	int64_t started_at, ended_at; /* ended_at 0 when still active */
	int64_t during_end;           /* "during F" ends here: ended_at, or `at` if earlier */
	int64_t at;                   /* evaluated as of */
	int ready;
	int folded;                   /* versions of the freeze unfreeze_fold() took in */
	struct uf_condition cond[UNFREEZE_CONDITIONS];
};

/* Evaluates freeze record `freeze` as of `at`. */
int unfreeze_evaluate(sqlite3 *db, int64_t freeze, int64_t at, struct unfreeze *out,
		      struct error *e);
void unfreeze_release(struct unfreeze *u);

/* Folds into u what another version of its freeze (a LOG-CONFLICT) lacks: each condition
 * `other` does not meet is not met by u either, with other's missing pieces as items,
 * each said to be of that version and citing its record (or, for what is missing, the
 * version itself). An unfreeze audit so never calls ready a freeze of which a version is
 * not: the review judges each lifted version. */
void unfreeze_fold(struct unfreeze *u, struct unfreeze *other);

/* Whether item i of condition c cites a record a DO-8.5-UNFREEZE finding on u rests on:
 * it falls short, its record is not the freeze, and no earlier item that falls short
 * cites that record. */
int unfreeze_item_cited(const struct unfreeze *u, int c, size_t i);

/* The records a DO-8.5-UNFREEZE finding on u rests on: the freeze, then each record that
 * falls short, once (the items unfreeze_item_cited() picks). Returns a malloc'd array of
 * *n ids. */
int64_t *unfreeze_finding_records(const struct unfreeze *u, size_t *n);

struct buf;
/* Appends the conditions not met, with what falls short of each, as DO-8.5-UNFREEZE
 * names them: "1 incident_review (INC-7 not reviewed); 3 governance_review (...)", or
 * in 繁體中文 when zh. */
void unfreeze_describe_failed(const struct unfreeze *u, int zh, struct buf *out);

#endif
