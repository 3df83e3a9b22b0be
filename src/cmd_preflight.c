/*
 * cmd_preflight.c - taits-audit preflight: the gate the scheduler runs before enabling a
 * day's run (seed §7.2, §3.2, §8.4, §2.4).
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "run.h"
#include "util/timeutil.h"

static int build(struct run *run, struct report *rep)
{
	return report_preflight(rep, store_db(run->st), run->rules, &run->t,
				cli_day(run->cli->date), run->cli->env, &run->e);
}

static void summary(const struct run *run, const struct report *rep)
{
	/* The reasons, one per line, rule ID first: what a scheduler logs, even --quiet. A
	 * failed check that stops nothing says why. */
	for (size_t i = 0; i < rep->nchecks; i++) {
		const struct rep_check *c = &rep->checks[i];
		enum severity sev = report_check_severity(rep, c);
		if (c->status != CHECK_FAIL)
			continue;
		if (c->waiver)
			line_print(stderr, "%s %s (waived by waiver #%lld)", c->rule, c->text,
				(long long)c->waiver);
		else if (sev < run->t.fail_on)
			line_print(stderr, "%s %s (%s, below the fail level %s)", c->rule, c->text,
				severity_name(sev), severity_name(run->t.fail_on));
		else
			line_print(stderr, "%s %s", c->rule, c->text);
	}
	if (run->cli->quiet)
		return;
	for (size_t i = 0; i < rep->nfreezes; i++) {
		const struct rep_freeze *f = &rep->freezes[i];
		char t[ISO_MAX];
		tz_format(f->started_at, t);
		line_print(stderr, "freeze %s active since %s (%s): only audited repairs, no"
			" strategy expansion (seed §8.4)", f->freeze_id, t,
			f->reason ? f->reason : "?");
	}
	if (rep->first_submit) {
		char t[ISO_MAX];
		tz_format(rep->as_of, t);
		/* the note quotes the submit's event as written */
		line_print(stderr, "preflight %s %s as of its first submit, %s%s: %s",
			   rep->environment, rep->date, t, rep->first_submit_note[1],
			   rep->compliant ? "GO" : "NO-GO");
	} else {
		char t[ISO_MAX];
		tz_format(rep->as_of, t);
		fprintf(stderr, "preflight %s %s as of the day's end, %s (no submit): %s\n",
			rep->environment, rep->date, t, rep->compliant ? "GO" : "NO-GO");
	}
}

static void stem(const struct report *rep, struct buf *out)
{
	buf_addf(out, "preflight-%s-%s", rep->environment, rep->date);
}

static int run_preflight(struct cli *cli)
{
	static const struct report_command preflight = { "preflight", build, summary, stem, 1, 0, NULL };

	if (!cli->date || !cli->env) {
		fprintf(stderr, "taits-audit preflight: --date and --env are required\n");
		cli_usage(&cmd_preflight, stderr);
		return EXIT_USAGE;
	}
	return run_report_command(cli, &preflight);
}

const struct command cmd_preflight = {
	"preflight", run_preflight, OPT_COMMON | OPT_DATE | OPT_ENV | OPT_OUT,
	"taits-audit preflight [--db FILE] --date YYYY-MM-DD --env ENV [--format xml,pdf]\n"
	"                             [--out DIR] [--config FILE] [--fail-on LEVEL] [--quiet]\n"
	"                             [PATH...]",
	"the gate before a day's run (seed §7.2)",
	"\nMay this environment enter its declared mode today? Checks, on the records from\n"
	"before the day's first submit in the environment (or all the store holds for the\n"
	"day when it has none): the day's checklist exists, was completed and names a\n"
	"whitelisted mode the environment may enter, with all six items passed when that mode\n"
	"is live_execution or live traded; the deployment in force passed its five gate items\n"
	"and matches the document lock in force, and the first submit names a deployment\n"
	"deployed by then; no CRITICAL alert or kill switch activation is left uncleared; no\n"
	"critical incident lacks its review. Active freezes are listed with their limits. A\n"
	"failed check is a no-go at or above --fail-on and unwaived; each prints one line on\n"
	"stderr, rule ID first.\n"
	"With --format, also writes preflight-<env>-<date>.xml/.pdf to --out.\n\n"
	"exit status: 0 go, 1 no-go, 2 usage error, 3 path error, 4 store error\n",
	NULL,
};
