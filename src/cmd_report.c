/*
 * cmd_report.c - taits-audit report: the auditor's report over a period.
 */
#include <stdio.h>

#include "commands.h"
#include "run.h"

#define MAX_DAYS 3660

static int build(struct run *run, struct report *rep)
{
	return report_period(rep, store_db(run->st), run->rules, &run->t, cli_day(run->cli->from),
			     cli_day(run->cli->to), run->cli->env, &run->e);
}

static void summary(const struct run *run, const struct report *rep)
{
	if (run->cli->quiet)
		return;
	fprintf(stderr, "report %s..%s %s: %s\n", rep->from, rep->to, rep->environment,
		rep->compliant ? "COMPLIANT 合規" : "NON-COMPLIANT 不合規");
	for (size_t i = 0; i < rep->ndays; i++)
		fprintf(stderr, "  %s %-13s findings %ld (critical %ld, major %ld, minor %ld,"
			" waived %ld)\n", rep->days[i].date,
			rep->days[i].compliant ? "compliant" : "non_compliant",
			rep->days[i].counts.total, rep->days[i].counts.by_severity[SEV_CRITICAL],
			rep->days[i].counts.by_severity[SEV_MAJOR],
			rep->days[i].counts.by_severity[SEV_MINOR], rep->days[i].counts.waived);
}

static void stem(const struct report *rep, struct buf *out)
{
	buf_addf(out, "report-%s-%s_%s", rep->environment, rep->from, rep->to);
}

static int run_report(struct cli *cli)
{
	static const struct report_command report = { "report", build, summary, stem, 0, 1, NULL };

	if (!cli->from || !cli->to) {
		fprintf(stderr, "taits-audit report: --from and --to are required\n");
		cli_usage(&cmd_report, stderr);
		return EXIT_USAGE;
	}
	if (cli_day(cli->to) < cli_day(cli->from) ||
	    cli_day(cli->to) - cli_day(cli->from) >= MAX_DAYS) {
		fprintf(stderr, "taits-audit report: --to must be on or after --from, within %d days\n",
			MAX_DAYS);
		return EXIT_USAGE;
	}
	return run_report_command(cli, &report);
}

const struct command cmd_report = {
	"report", run_report, OPT_COMMON | OPT_FROM | OPT_TO | OPT_ENV | OPT_OUT,
	"taits-audit report [--db FILE] --from YYYY-MM-DD --to YYYY-MM-DD [--env ENV]\n"
	"                          [--out DIR] [--config FILE] [--format xml,pdf]\n"
	"                          [--fail-on LEVEL] [--quiet] [PATH...]",
	"the auditor's report over a period",
	"\nEvery operating day of the period reviewed as the nightly review would (its verdict\n"
	"and counts; a LOG-* fact counts once in the period, on the day of the record it is on,\n"
	"else on the first day that covers its file), all findings of the period, counts per\n"
	"rule and per day, incidents with their handling, changes, freezes and their lifting,\n"
	"deployments and document locks in force, and every input file with its SHA-256.\n"
	"Writes report-<env|all>-<from>_<to>.xml and .pdf.\n\n"
	"exit status: 0 every day compliant, 1 findings at or above --fail-on, 2 usage error,\n"
	"3 path error, 4 store error\n",
	NULL,
};
