/*
 * cmd_rules.c - taits-audit rules: the rule catalog.
 */
#include <stdio.h>

#include "commands.h"
#include "rules/catalog.h"
#include "util/error.h"
#include "version.h"

static int run(struct cli *cli)
{
	if (cli->npaths) {
		fprintf(stderr, "taits-audit rules: takes no PATH ('%s')\n", cli->paths[0]);
		cli_usage(&cmd_rules, stderr);
		return EXIT_USAGE;
	}
	printf("# rule catalog v%s (DEPLOY_OPS 251219): %zu rules\n", TAITS_CATALOG_VERSION,
	       rule_catalog_len);
	printf("%-24s %-9s %-8s %s\n", "ID", "SECTION", "SEVERITY", "TITLE");
	for (size_t i = 0; i < rule_catalog_len; i++) {
		const struct rule_def *r = &rule_catalog[i];
		/* a rule whose findings differ in severity names none: the note says how */
		printf("%-24s §%-8s %-8s %s / %s\n", r->id, r->section,
		       r->severity_note ? "varies" : severity_name(r->severity), r->title_en,
		       r->title_zh);
		if (r->severity_note)
			printf("%-24s %-9s %-8s (severity: %s)\n", "", "", "", r->severity_note);
	}
	return 0;
}

const struct command cmd_rules = {
	"rules", run, OPT_COMMON,
	"taits-audit rules",
	"list the rule catalog",
	"\nLists every rule of the catalog: ID, seed section of DEPLOY_OPS, severity (\"varies\"\n"
	"for a rule whose findings differ, with a line saying how), and title in English and\n"
	"繁體中文. The common options are accepted and have no effect.\n",
};
