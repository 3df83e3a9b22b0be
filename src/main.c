/*
 * main.c - argv to a subcommand, and its exit status. Only main() exits.
 */
#include <malloc.h>
#include <sqlite3.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "util/error.h"
#include "util/timing.h"
#include "util/tree.h"
#include "version.h"

static const struct command *const commands[] = {
	&cmd_ingest, &cmd_preflight, &cmd_review, &cmd_unfreeze, &cmd_report, &cmd_rules, NULL,
};

static void usage(FILE *fp)
{
	fprintf(fp, "usage: taits-audit <command> [options] [PATH...]\n\n"
		    "Audits TAITS operations logs against DEPLOY_OPS 251219.\n\ncommands:\n");
	for (int i = 0; commands[i]; i++)
		fprintf(fp, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
	fprintf(fp, "\n'taits-audit <command> --help' (or 'taits-audit help <command>')"
		    " describes a command.\n"
		    "exit status: 0 compliant/go/ready, 1 findings/no-go/not ready, 2 usage or\n"
		    "configuration error, 3 input or output path error, 4 audit store error\n");
}

/* 0 once what was printed on stdout has reached it, else EXIT_IO with the reason on
 * stderr (a closed stdout, a full disk, a reader gone), `what_stays` added when the
 * command's work is done all the same. */
static int stdout_written(const char *what_stays)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return EXIT_COMPLIANT;
	fprintf(stderr, "taits-audit: cannot write to standard output%s%s\n",
		what_stays ? ": " : "", what_stays ? what_stays : "");
	return EXIT_IO;
}

int main(int argc, char **argv)
{
	struct cli cli;
	int rc;

	/* A reader that goes away (`review ... | head -1` in a cron job) makes a write to the
	 * pipe fail, not the run stop between two steps of it. */
	signal(SIGPIPE, SIG_IGN);
	/* A file size limit (ulimit -f) reached while writing the store or a report makes
	 * the write fail with EFBIG, told and rolled back like a full disk, instead of
	 * killing the run without a word between a store write and its journal's play
	 * back. */
	signal(SIGXFSZ, SIG_IGN);
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		/* `help help` (or `help --help`): help's own help is the general usage */
		if (argc == 2 || (argc == 3 && !strcmp(argv[1], "help") &&
				  (!strcmp(argv[2], "help") || !strcmp(argv[2], "--help") ||
				   !strcmp(argv[2], "-h")))) {
			usage(stdout);
			return stdout_written(NULL);
		}
		/* `help review`: what `review --help` says */
		for (int i = 0; commands[i] && argc == 3; i++) {
			char *help[] = { argv[2], "--help", NULL };
			if (strcmp(argv[2], commands[i]->name))
				continue;
			rc = cli_parse(commands[i], 2, help, &cli);
			return rc == EXIT_COMPLIANT ? stdout_written(NULL) : rc;
		}
		line_print(stderr, argc == 3 ? "taits-audit: '%s' is not a command" :
					       "taits-audit: %s takes at most one command",
			   argc == 3 ? argv[2] : argv[1]);
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--version")) {
		if (argc > 2) {
			line_print(stderr, "taits-audit: --version takes no arguments");
			return EXIT_USAGE;
		}
		printf("taits-audit %s (rule catalog v%s)\n", TAITS_VERSION, TAITS_CATALOG_VERSION);
		return stdout_written(NULL);
	}
	tree_init();
	/* Ingest reads on a second thread; one malloc arena keeps the footprint as it is
	 * with one thread. */
	mallopt(M_ARENA_MAX, 1);
	/* SQLite counts its memory under a global mutex on every allocation; nothing here
	 * reads the counts, and the ingest and review threads would contend for it. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	for (int i = 0; commands[i]; i++) {
		if (strcmp(argv[1], commands[i]->name))
			continue;
		rc = cli_parse(commands[i], argc - 1, argv + 1, &cli);
		if (rc >= 0) /* --help printed, or a usage error */
			return rc == EXIT_COMPLIANT ? stdout_written(NULL) : rc;
		rc = commands[i]->run(&cli);
		timing_report();
		if (stdout_written(rc == EXIT_COMPLIANT ? commands[i]->kept : NULL))
			return EXIT_IO;
		return rc;
	}
	line_print(stderr, "taits-audit: '%s' is not a command", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
