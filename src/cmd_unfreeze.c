/*
 * cmd_unfreeze.c - taits-audit unfreeze: may this freeze be lifted? (seed §8.5)
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "run.h"
#include "util/sha256.h"
#include "util/timeutil.h"

/* --at: ISO 8601 with an offset, a local time without one (in the configured zone), or a
 * date (the end of that day). Read once the tailoring has set the zone: a leap second
 * without an offset is one only in the zone's own last minute of a UTC day. -1 when it
 * is none of these, -2 when it is a time without an offset that the zone does not have. */
static int parse_at(const char *s, int64_t *out)
{
	int64_t us;
	int off, y, m, d;

	switch (iso_parse(s, strlen(s), &us, &off)) {
	case ISO_OK:
		if (out)
			*out = us;
		return 0;
	case ISO_NO_OFFSET:
		if (iso_parse_local(s, strlen(s), &us))
			return -2;
		if (out)
			*out = us;
		return 0;
	default:
		if (date_parse(s, &y, &m, &d))
			return -1;
		int64_t start, end;
		if (out) {
			tz_day_bounds(days_from_civil(y, m, d), &start, &end);
			*out = end - 1;
		}
		return 0;
	}
}

/* --at read in the configured zone, before anything is ingested (report_command.check) */
static int check_at(const struct run *run)
{
	const struct cli *cli = run->cli;
	int rc = cli->at ? parse_at(cli->at, NULL) : 0;

	if (rc == -2)
		fprintf(stderr, "taits-audit unfreeze: --at '%s' is not a time in %s\n", cli->at,
			run->t.timezone);
	else if (rc)
		fprintf(stderr,
			"taits-audit unfreeze: --at '%s' is not a time: ISO 8601 with an offset"
			" (2026-11-28T15:00:00+08:00), without one in %s, or a date\n",
			cli->at, run->t.timezone);
	return rc ? EXIT_USAGE : 0;
}

static int build(struct run *run, struct report *rep)
{
	int64_t at = 0;

	/* read as check_at() read it: the zone has not changed since */
	if (run->cli->at && parse_at(run->cli->at, &at))
		return error_set(&run->e, EXIT_USAGE, "unfreeze", "--at '%s' is not a time",
				 run->cli->at);
	return report_unfreeze(rep, store_db(run->st), run->rules, &run->t, run->cli->freeze,
			       run->cli->at ? &at : NULL, &run->e) ? -1 : 0;
}

static void summary(const struct run *run, const struct report *rep)
{
	const struct unfreeze *u = rep->unfreeze;
	char t[ISO_MAX];

	if (run->cli->quiet)
		return;
	tz_format(u->at, t);
	char waived[96] = "";
	if (!u->ready && rep->compliant)
		snprintf(waived, sizeof(waived),
			 " (conditions not met; DO-8.5-UNFREEZE waived by waiver #%lld)",
			 (long long)rep->unfreeze_waiver);
	line_print(stderr, "unfreeze %s (%s) as of %s: %s%s", u->freeze_id,
		   u->environment ? u->environment : "?", t,
		   rep->compliant ? "READY 可解除" : "NOT READY 不可解除", waived);
	for (int c = 0; c < UNFREEZE_CONDITIONS; c++) {
		fprintf(stderr, "  %d %-18s %s\n", c + 1, unfreeze_condition_names[c],
			u->cond[c].ready ? "ready" : "NOT READY");
		for (size_t i = 0; i < u->cond[c].nitems; i++) /* record text: line_print() */
			line_print(stderr, "      %s %s", u->cond[c].items[i].ok ? "+" : "-",
				   u->cond[c].items[i].text);
	}
	for (size_t i = 0; i < rep->nchanges; i++)
		line_print(stderr, "  change %s: %s", rep->changes[i].change_id,
			   rep->changes[i].audited_repair ? "audited repair"
							  : "NOT an audited repair");
}

/* Longest stem written whole: with ".xml" or ".pdf", within any file system's 255. */
#define STEM_MAX 200

/* unfreeze-<ID>, where a byte a file name cannot hold or should not (a slash, a control
 * byte), the escape itself and the truncation mark "~" are written %XX: two freezes never
 * share a file name. A stem too long for a file name keeps its first characters and ends
 * in "~" and 16 hex digits of the ID's SHA-256 (the XML holds the ID whole). */
static void stem(const struct report *rep, struct buf *out)
{
	const char *id = rep->unfreeze->freeze_id;
	size_t cut = 0;

	buf_adds(out, "unfreeze-");
	for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
		if (*p == '/' || *p == '%' || *p == '~' || *p < 0x20 || *p == 0x7f)
			buf_addf(out, "%%%02X", *p);
		else
			buf_add(out, p, 1);
		if (out->len <= STEM_MAX - 17 && (p[1] & 0xC0) != 0x80)
			cut = out->len; /* a whole character or escape ends here */
	}
	if (out->len > STEM_MAX) {
		unsigned char d[SHA256_LEN];
		char hex[SHA256_HEX_LEN + 1];
		sha256_once(id, strlen(id), d);
		sha256_thread_release();
		sha256_hex(d, hex);
		out->len = cut;
		out->data[cut] = '\0';
		buf_addf(out, "~%.16s", hex);
	}
}

static int run_unfreeze(struct cli *cli)
{
	static const struct report_command unfreeze = { "unfreeze", build, summary, stem, 0, 0,
							 check_at };

	if (!cli->freeze) {
		fprintf(stderr, "taits-audit unfreeze: --freeze is required\n");
		cli_usage(&cmd_unfreeze, stderr);
		return EXIT_USAGE;
	}
	return run_report_command(cli, &unfreeze);
}

const struct command cmd_unfreeze = {
	"unfreeze", run_unfreeze, OPT_COMMON | OPT_FREEZE | OPT_AT | OPT_OUT,
	"taits-audit unfreeze [--db FILE] --freeze ID [--at TIME] [--out DIR] [PATH...]",
	"the pre-unfreeze audit of one freeze (seed §8.5)",
	"\nFor one freeze, each of the five unfreeze conditions of the catalog as READY or\n"
	"NOT READY with the records that satisfy it or what is missing, and the changes\n"
	"made during the freeze with whether each was an audited repair (§8.4). Writes\n"
	"unfreeze-<ID>.xml and .pdf (a /, %, ~ or control byte of the ID written %XX).\n\n"
	"  --freeze ID   the freeze_id (required)\n"
	"  --at TIME     evaluate as of TIME: ISO 8601 (without an offset: the configured\n"
	"                time zone) or a date (its end); default the freeze's ended_at, or\n"
	"                now for an active freeze\n"
	"  --out DIR     where reports go (default .)\n"
	"  --config, --format, --db, --quiet as for review; --fail-on is accepted and changes\n"
	"                no verdict and no exit status (a freeze not ready is a critical\n"
	"                finding)\n\n"
	"A freeze not ready is a DO-8.5-UNFREEZE finding. As of the end of a freeze that has\n"
	"ended, a waiver of it in force (matched on the freeze or a record that falls short)\n"
	"makes the audit ready, the conditions still shown as they are; a freeze still active,\n"
	"or another --at, is not waived.\n\n"
	"exit status: 0 ready, 1 not ready, 2 usage error or no such freeze, 3 path error,\n"
	"4 store error\n",
	NULL,
};
