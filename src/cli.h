/*
 * cli.h - what every subcommand shares: the options of CLI.md and their parsing.
 */
#ifndef TAITS_CLI_H
#define TAITS_CLI_H

#include <stdint.h>
#include <stdio.h>

/* Options a command accepts (bit set). */
enum {
	OPT_DB = 1 << 0,
	OPT_DATE = 1 << 1,
	OPT_ENV = 1 << 2,
	OPT_OUT = 1 << 3,
	OPT_FREEZE = 1 << 4,
	OPT_AT = 1 << 5,
	OPT_FROM = 1 << 6,
	OPT_TO = 1 << 7,
	OPT_CONFIG = 1 << 8,
	OPT_FORMAT = 1 << 9,
	OPT_FAIL_ON = 1 << 10,
	OPT_QUIET = 1 << 11,
	OPT_COMMON = OPT_DB | OPT_CONFIG | OPT_FORMAT | OPT_FAIL_ON | OPT_QUIET
};

struct cli {
	const char *db, *date, *env, *out, *freeze, *at, *from, *to, *config, *format,
		*fail_on;
	int quiet;
	int want_xml, want_pdf; /* from --format; both by default */
	char **paths;           /* operands */
	int npaths;
};

struct command {
	const char *name;
	int (*run)(struct cli *cli);
	unsigned options;
	const char *usage;   /* the synopsis line */
	const char *summary; /* one line for `taits-audit --help` */
	const char *help;    /* the rest of --help */
	/* What a run that succeeded has kept when its standard output is then lost (an
	 * ingest's summary comes after its commit), said with the error; NULL: nothing. */
	const char *kept;
};

/* Parses argv (after the command name). Returns -1 to go on, or an exit status (0 after
 * --help, 2 on a usage error, with the message printed). */
int cli_parse(const struct command *cmd, int argc, char **argv, struct cli *out);
void cli_usage(const struct command *cmd, FILE *fp);
/* The day (days since 1970-01-01) of a date option cli_parse() has checked. */
int64_t cli_day(const char *date);

#endif
