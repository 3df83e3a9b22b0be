/*
 * catalog.h - the rule catalog of RULES.md v1, as data.
 *
 * Each entry names a rule, the seed section it enforces, its severity, its title and the
 * message of its findings in English and 繁體中文. Messages are templates: {name} is
 * replaced by the finding's argument of that name (see report/message.c).
 */
#ifndef TAITS_CATALOG_H
#define TAITS_CATALOG_H

#include <stddef.h>

enum severity { SEV_NONE = 0, SEV_MINOR = 1, SEV_MAJOR = 2, SEV_CRITICAL = 3 };

const char *severity_name(enum severity s);      /* "critical" */
enum severity severity_from_name(const char *s); /* SEV_NONE when unknown */

struct rules_ctx;

struct rule_def {
	const char *id;
	const char *section;
	enum severity severity;    /* the default */
	const char *severity_note; /* when a finding can differ: how, else NULL */
	const char *title_en, *title_zh;
	const char *message_en, *message_zh;
	int (*eval)(struct rules_ctx *ctx, const struct rule_def *rule);
};

extern const struct rule_def rule_catalog[];
extern const size_t rule_catalog_len;

const struct rule_def *rule_find(const char *id);

#endif
