/*
 * cli.c - option parsing shared by the subcommands (getopt_long, one table).
 */
#include "cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <string.h>

#include "rules/rules.h"
#include "util/error.h"
#include "util/timeutil.h"

static const struct {
	unsigned bit;
	struct option opt;
	const char *arg;
} table[] = {
	{ OPT_DB, { "db", required_argument, NULL, 'd' }, "FILE" },
	{ OPT_DATE, { "date", required_argument, NULL, 'D' }, "YYYY-MM-DD" },
	{ OPT_ENV, { "env", required_argument, NULL, 'e' }, "ENV" },
	{ OPT_OUT, { "out", required_argument, NULL, 'o' }, "DIR" },
	{ OPT_FREEZE, { "freeze", required_argument, NULL, 'z' }, "ID" },
	{ OPT_AT, { "at", required_argument, NULL, 'a' }, "TIME" },
	{ OPT_FROM, { "from", required_argument, NULL, 'f' }, "YYYY-MM-DD" },
	{ OPT_TO, { "to", required_argument, NULL, 't' }, "YYYY-MM-DD" },
	{ OPT_CONFIG, { "config", required_argument, NULL, 'c' }, "FILE" },
	{ OPT_FORMAT, { "format", required_argument, NULL, 'F' }, "xml,pdf" },
	{ OPT_FAIL_ON, { "fail-on", required_argument, NULL, 'L' }, "critical|major|minor" },
	{ OPT_QUIET, { "quiet", no_argument, NULL, 'q' }, NULL },
};

#define NOPTS (sizeof(table) / sizeof(table[0]))

void cli_usage(const struct command *cmd, FILE *fp)
{
	fprintf(fp, "usage: %s\n", cmd->usage);
}

static int usage_error(const struct command *cmd, const char *fmt, ...) PRINTF_LIKE(2, 3);

static int usage_error(const struct command *cmd, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* one line, whatever the words quoted hold (a line break, an escape sequence) */
	line_print(stderr, "taits-audit %s: %s", cmd->name, msg);
	cli_usage(cmd, stderr);
	fprintf(stderr, "Try 'taits-audit %s --help'.\n", cmd->name);
	return 2;
}

/* What is wrong with a date option, or NULL. The last day is 9999-12-30: 9999-12-31 ends
 * in year 10000, which ISO 8601's four-digit years (and the report's schema) cannot
 * write. */
static const char *date_problem(const char *s)
{
	int y, m, d;

	if (date_parse(s, &y, &m, &d))
		return "is not a date (YYYY-MM-DD)";
	if (y == 9999 && m == 12 && d == 31)
		return "is past the last day a report can cover (9999-12-30)";
	return NULL;
}

int64_t cli_day(const char *date)
{
	int y = 1970, m = 1, d = 1;

	date_parse(date, &y, &m, &d);
	return days_from_civil(y, m, d);
}

/* Whether word (an element of argv) is the value of an option. */
static int is_value(const struct cli *c, const char *word)
{
	const char *const values[] = { c->db,	  c->date, c->env,    c->out,
				       c->freeze, c->at,   c->from,   c->to,
				       c->config, c->format, c->fail_on };

	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++)
		if (values[i] == word)
			return 1;
	return 0;
}

/* The long option that takes no value that word ("--quiet=x", or an abbreviation of it)
 * gave one, when getopt_long reported it as `code`; else NULL. */
static const char *no_value_option(const struct option *opts, const char *word, int code)
{
	size_t n = strcspn(word, "=");

	if (!code || strncmp(word, "--", 2) || word[n] != '=')
		return NULL;
	for (; opts->name; opts++)
		if (opts->val == code && opts->has_arg == no_argument &&
		    !strncmp(opts->name, word + 2, n - 2))
			return opts->name;
	return NULL;
}

/* The long options "--fo" could abbreviate, when more than one ("--from, --format");
 * else NULL. */
static const char *ambiguous(const struct option *opts, const char *word)
{
	static char names[256];
	size_t n = strcspn(word, "="), used = 0;
	int count = 0;

	if (strncmp(word, "--", 2) || n <= 2)
		return NULL;
	for (; opts->name; opts++)
		if (!strncmp(opts->name, word + 2, n - 2)) {
			int w = snprintf(names + used, sizeof(names) - used, "%s--%s",
					 count ? ", " : "", opts->name);
			if (w > 0 && (size_t)w < sizeof(names) - used)
				used += (size_t)w;
			count++;
		}
	return count > 1 ? names : NULL;
}

/* A word of argv (before "--") that is a long option written with one dash ("-quiet",
 * "-date=…") and holds the unknown short option code; else NULL. getopt_long reads
 * such a word as short options and stops at its first unknown letter (the 'e' of
 * "-help", whose 'h' is -h). */
static const char *one_dash(const struct option *opts, int argc, char **argv, int code)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		const char *w = argv[i];
		size_t n = strcspn(w, "=");
		if (!strncmp(w, "--", 2) && !w[n]) {
			/* the value of a long option given as the next word is no option */
			for (const struct option *o = opts; o->name; o++)
				if (o->has_arg == required_argument && !strcmp(w + 2, o->name)) {
					i++;
					break;
				}
			continue;
		}
		if (w[0] != '-' || w[1] == '-' || !memchr(w + 1, code, n - 1))
			continue;
		for (const struct option *o = opts; o->name; o++)
			if (n - 1 == strlen(o->name) && !strncmp(w + 1, o->name, n - 1))
				return o->name;
	}
	return NULL;
}

/* The word that named long option o, just parsed (getopt_long has moved it before
 * optind, and its value after it when given as the next word), when it abbreviates the
 * option's name; else NULL. */
static const char *abbreviated(const struct option *o, int argc, char **argv, int next)
{
	const char *word;
	size_t n;

	if (next < 1 || next > argc)
		return NULL;
	word = argv[next - 1];
	if (o->has_arg == required_argument && optarg == argv[next - 1] && next >= 2)
		word = argv[next - 2];
	if (strncmp(word, "--", 2))
		return NULL;
	n = strcspn(word + 2, "=");
	return n == strlen(o->name) && !strncmp(word + 2, o->name, n) ? NULL : word;
}

int cli_parse(const struct command *cmd, int argc, char **argv, struct cli *out)
{
	struct option longopts[NOPTS + 2];
	size_t n = 0;
	const char *why;
	int c, li, help = 0;

	memset(out, 0, sizeof(*out));
	out->want_xml = out->want_pdf = 1;
	for (size_t i = 0; i < NOPTS; i++)
		if (cmd->options & table[i].bit)
			longopts[n++] = table[i].opt;
	longopts[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	longopts[n] = (struct option){ NULL, 0, NULL, 0 };

	optind = 1;
	opterr = 0;
	/* The leading ':' makes a missing value ':', told apart from an unknown option. */
	while ((li = -1, c = getopt_long(argc, argv, ":h", longopts, &li)) != -1) {
		/* An option is written whole: getopt_long would take --dat for --date, a
		 * spelling no document gives (CLI.md: unknown options are usage errors). */
		if (li >= 0 && (why = abbreviated(&longopts[li], argc, argv, optind)))
			return usage_error(cmd, "unknown option '%.*s' (did you mean '--%s'?)",
					   (int)strcspn(why, "="), why, longopts[li].name);
		/* An empty value (--out "") names nothing: no silent fallback to a default. */
		if (li >= 0 && longopts[li].has_arg == required_argument && optarg && !*optarg)
			return usage_error(cmd, "option '--%s' needs a value, not an empty one",
					   longopts[li].name);
		switch (c) {
		case 'h':
			help = 1; /* once every option is known good */
			break;
		case 'd': out->db = optarg; break;
		case 'D': out->date = optarg; break;
		case 'e': out->env = optarg; break;
		case 'o': out->out = optarg; break;
		case 'z': out->freeze = optarg; break;
		case 'a': out->at = optarg; break;
		case 'f': out->from = optarg; break;
		case 't': out->to = optarg; break;
		case 'c': out->config = optarg; break;
		case 'F': out->format = optarg; break;
		case 'L': out->fail_on = optarg; break;
		case 'q': out->quiet = 1; break;
		case ':':
			return usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
		default:
			/* A long option that takes no value given one (--quiet=x): getopt_long
			 * sets optopt to the option's own code. (After an unknown short option
			 * inside a word, argv[optind - 1] is still the word before.) */
			if ((why = no_value_option(longopts, argv[optind - 1], optopt)))
				return usage_error(cmd, "option '--%s' takes no value", why);
			if (!optopt && (why = ambiguous(longopts, argv[optind - 1])))
				return usage_error(cmd, "option '%.*s' is ambiguous: %s",
						   (int)strcspn(argv[optind - 1], "="),
						   argv[optind - 1], why);
			/* An unknown short option may share its word with others: name it alone.
			 * There are no short options: the word may be a path. */
			if (optopt && (why = one_dash(longopts, argc, argv, optopt)))
				return usage_error(cmd, "unknown option '-%s' (did you mean '--%s'?)",
						   why, why);
			if (optopt)
				return usage_error(cmd, "unknown option '-%c' (a path that begins"
						   " with '-' goes after --)", optopt);
			return usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (help) {
		cli_usage(cmd, stdout);
		fputs(cmd->help, stdout);
		return 0;
	}
	out->paths = argv + optind;
	out->npaths = argc - optind;
	for (int i = 0; i < out->npaths; i++)
		if (!out->paths[i][0])
			return usage_error(cmd, "a PATH argument is empty");

	/* After "--" every word is a path, even one that begins with '-'. getopt_long moves
	 * the "--" it met to just before the operands; a "--" there may also be the value of
	 * the option before it (--db --), which ends nothing. Otherwise such a word is an
	 * option getopt_long did not take, after a lone "-" say. */
	if (!(optind > 1 && !strcmp(argv[optind - 1], "--") && !is_value(out, argv[optind - 1])))
		for (int i = 0; i < out->npaths; i++)
			if (out->paths[i][0] == '-' && out->paths[i][1])
				return usage_error(cmd, "unknown option '%s'", out->paths[i]);
	if (out->date && (why = date_problem(out->date)))
		return usage_error(cmd, "--date '%s' %s", out->date, why);
	if (out->from && (why = date_problem(out->from)))
		return usage_error(cmd, "--from '%s' %s", out->from, why);
	if (out->to && (why = date_problem(out->to)))
		return usage_error(cmd, "--to '%s' %s", out->to, why);
	if (out->env && !rules_env_valid(out->env))
		return usage_error(cmd, "--env '%s' is not local, sim or live", out->env);
	if (out->fail_on && strcmp(out->fail_on, "critical") && strcmp(out->fail_on, "major") &&
	    strcmp(out->fail_on, "minor"))
		return usage_error(cmd, "--fail-on '%s' is not critical, major or minor",
				   out->fail_on);
	if (out->format) {
		const char *p = out->format;
		int bad = 0;

		out->want_xml = out->want_pdf = 0;
		for (;;) {
			size_t len = strcspn(p, ",");
			/* each of the two at most once, nothing empty between commas */
			if (len == 3 && !strncmp(p, "xml", 3) && !out->want_xml)
				out->want_xml = 1;
			else if (len == 3 && !strncmp(p, "pdf", 3) && !out->want_pdf)
				out->want_pdf = 1;
			else
				bad = 1;
			if (!p[len])
				break;
			p += len + 1;
		}
		if (bad)
			return usage_error(cmd, "--format '%s' is not xml, pdf or xml,pdf",
					   out->format);
	}
	return -1;
}
