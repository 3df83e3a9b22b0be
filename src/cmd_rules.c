/*
 * cmd_rules.c - taits-audit rules: the rule catalog, and the site's tailoring of it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "rules/catalog.h"
#include "tailoring.h"
#include "util/error.h"
#include "version.h"

static void list_catalog(void)
{
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
}

/* The tailoring in force, as the reports' tailoring section holds it: one "key: value"
 * per line, each after "# ", so that a line of the catalog is never one of it. */
static void list_tailoring(const struct tailoring *t)
{
	char *desc = tailoring_describe(t);

	if (t->file)
		printf("# tailoring: %s (file sha256 %s), in force sha256 %s\n", t->file,
		       t->file_sha256, t->sha256);
	else
		printf("# tailoring: built-in defaults, in force sha256 %s\n", t->sha256);
	for (char *line = desc, *nl; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		printf("#   %.*s\n", (int)(nl - line), line);
	}
	free(desc);
}

static int run(struct cli *cli)
{
	struct tailoring t;
	struct error e = ERROR_INIT;
	int rc = 0;

	if (cli->npaths) {
		line_print(stderr, "taits-audit rules: takes no PATH ('%s')", cli->paths[0]);
		cli_usage(&cmd_rules, stderr);
		return EXIT_USAGE;
	}
	/* A tailoring file given is read as every other command reads it: a bad one is the
	 * same configuration error here, before any night's run meets it. */
	if (tailoring_load(cli->config, &t, &e)) {
		error_print(&e, stderr);
		rc = e.status ? e.status : EXIT_USAGE;
		goto out;
	}
	if (cli->fail_on)
		tailoring_set_fail_on(&t, severity_from_name(cli->fail_on));
	list_catalog();
	if (cli->config || cli->fail_on)
		list_tailoring(&t);
out:
	tailoring_release(&t);
	return rc;
}

const struct command cmd_rules = {
	"rules", run, OPT_COMMON,
	"taits-audit rules [--config FILE] [--fail-on LEVEL]",
	"list the rule catalog, and check a tailoring file",
	"\nLists every rule of the catalog: ID, seed section of DEPLOY_OPS, severity (\"varies\"\n"
	"for a rule whose findings differ, with a line saying how), and title in English and\n"
	"繁體中文.\n"
	"\n"
	"With --config (or --fail-on), the tailoring file is read as every other command reads\n"
	"it, and the tailoring in force follows the catalog, one \"# key: value\" line each, as\n"
	"the reports' tailoring section holds it: a bad file is the same configuration error\n"
	"(exit 2, naming its line and field) that a night's review would meet. --db and\n"
	"--format are accepted and have no effect.\n",
	NULL,
};
