/*
 * cmd_pending.c - commands whose implementation has not landed yet: they say so.
 */
#include <stdio.h>

#include "commands.h"

static int pending(const char *name)
{
	fprintf(stderr, "taits-audit %s: not available in this version yet\n", name);
	return 2;
}

static int run_preflight(struct cli *cli)
{
	(void)cli;
	return pending("preflight");
}

static int run_unfreeze(struct cli *cli)
{
	(void)cli;
	return pending("unfreeze");
}

static int run_report(struct cli *cli)
{
	(void)cli;
	return pending("report");
}

const struct command cmd_preflight = {
	"preflight", run_preflight, OPT_COMMON | OPT_DATE | OPT_ENV,
	"taits-audit preflight [--db FILE] --date YYYY-MM-DD --env ENV [PATH...]",
	"the gate before a day's run (seed §7.2)", "\n(not available yet)\n",
};

const struct command cmd_unfreeze = {
	"unfreeze", run_unfreeze, OPT_COMMON | OPT_FREEZE | OPT_AT | OPT_OUT,
	"taits-audit unfreeze [--db FILE] --freeze ID [--at TIME] [--out DIR] [PATH...]",
	"the pre-unfreeze audit of one freeze (seed §8.5)", "\n(not available yet)\n",
};

const struct command cmd_report = {
	"report", run_report, OPT_COMMON | OPT_FROM | OPT_TO | OPT_ENV | OPT_OUT,
	"taits-audit report [--db FILE] --from YYYY-MM-DD --to YYYY-MM-DD [--env ENV] [--out DIR] [PATH...]",
	"the auditor's report over a period", "\n(not available yet)\n",
};
