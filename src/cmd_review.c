/*
 * cmd_review.c - taits-audit review: the nightly post-run review of one day (seed §7.4).
 */
#include <stdio.h>

#include "commands.h"
#include "run.h"

static int build(struct run *run, struct report *rep)
{
	return report_review(rep, store_db(run->st), run->rules, &run->t,
			     cli_day(run->cli->date), run->cli->env, &run->e);
}

static void summary(const struct run *run, const struct report *rep)
{
	if (run->cli->quiet)
		return;
	fprintf(stderr, "review %s %s: %s\n", rep->date, rep->environment,
		rep->compliant ? "COMPLIANT 合規" : "NON-COMPLIANT 不合規");
	fprintf(stderr, "  findings %ld: critical %ld, major %ld, minor %ld, waived %ld"
		" (fail on %s)\n", rep->counts.total, rep->counts.by_severity[SEV_CRITICAL],
		rep->counts.by_severity[SEV_MAJOR], rep->counts.by_severity[SEV_MINOR],
		rep->counts.waived, severity_name(rep->t->fail_on));
	fprintf(stderr, "  inputs   %zu files, %lld records, %lld rejected\n", rep->ninputs,
		(long long)rep->input_records, (long long)rep->input_rejected);
	/* the inputs are the run's files: a bundle of another day, or none, shows here */
	if (rep->day_records)
		fprintf(stderr, "  day      %ld record%s of %s\n", rep->day_records,
			rep->day_records == 1 ? "" : "s", rep->date);
	else
		fprintf(stderr, "  day      no record of %s: nothing to judge (were its logs"
			" delivered?)\n", rep->date);
}

static void stem(const struct report *rep, struct buf *out)
{
	buf_addf(out, "review-%s-%s", rep->environment, rep->date);
}

static int run_review(struct cli *cli)
{
	static const struct report_command review = { "review", build, summary, stem, 0, 1, NULL };

	if (!cli->date) {
		fprintf(stderr, "taits-audit review: --date is required\n");
		cli_usage(&cmd_review, stderr);
		return EXIT_USAGE;
	}
	return run_report_command(cli, &review);
}

const struct command cmd_review = {
	"review", run_review, OPT_COMMON | OPT_DATE | OPT_ENV | OPT_OUT,
	"taits-audit review [--db FILE] --date YYYY-MM-DD [--env ENV] [--out DIR] [--config FILE]\n"
	"                          [--format xml,pdf] [--fail-on LEVEL] [--quiet] [PATH...]",
	"the nightly post-run review of one day (seed §7.4)",
	"\nIngests each PATH, evaluates every rule of the catalog for the operating day D in\n"
	"the configured time zone, and writes review-<env|all>-<D>.xml (and .pdf) to --out.\n"
	"A summary goes to stderr: the verdict, findings by severity, the report's path.\n\n"
	"  --date D        the operating day (required)\n"
	"  --env ENV       only findings of local, sim or live (LOG-* findings, and\n"
	"                  DO-2.1-ENV-LABEL's records without a valid label, always show)\n"
	"  --out DIR       where reports go (default .; created when missing)\n"
	"  --config FILE   the tailoring file (schemas/tailoring.md)\n"
	"  --format LIST   xml, pdf or xml,pdf (default both)\n"
	"  --fail-on L     critical, major or minor (default: the tailoring's, else minor)\n"
	"  --db FILE       the audit store (default $TAITS_AUDIT_DB, else ./taits-audit.db)\n"
	"  --quiet         print nothing but errors\n\n"
	"exit status: 0 compliant, 1 findings at or above --fail-on, 2 usage or configuration\n"
	"error, 3 an input or output path could not be read or written, 4 store error\n",
	NULL,
};
