/*
 * rusage.c - runs a command and reports its wall time and peak memory, for the
 * benchmark (tools/bench.sh), which must not depend on GNU time being installed.
 *
 *   rusage [-o FILE] COMMAND [ARG...]
 *
 * Writes one line "wall_s 1.234567 maxrss_kib 12345 status 0" to FILE (default
 * stderr, which the command shares) after the command ends. ru_maxrss comes from
 * wait4() on the child alone, in KiB as Linux reports it. The command's stdin, stdout
 * and stderr are left alone. Exits with the command's exit status, or 128 + the
 * signal that ended it; 127 when it could not be run.
 */
#define _DEFAULT_SOURCE

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	const char *out_path = NULL;
	FILE *out = stderr;
	struct rusage ru;
	int argi = 1, status = 0, code;
	double start, wall;
	pid_t pid;

	if (argi + 1 < argc && !strcmp(argv[argi], "-o")) {
		out_path = argv[argi + 1];
		argi += 2;
	}
	if (argi < argc && !strcmp(argv[argi], "--"))
		argi++;
	if (argi >= argc) {
		fputs("usage: rusage [-o FILE] COMMAND [ARG...]\n", stderr);
		return 2;
	}

	start = now_s();
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "rusage: fork: %s\n", strerror(errno));
		return 127;
	}
	if (pid == 0) {
		execvp(argv[argi], argv + argi);
		fprintf(stderr, "rusage: cannot run '%s': %s\n", argv[argi], strerror(errno));
		_exit(127);
	}
	memset(&ru, 0, sizeof(ru));
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "rusage: wait4: %s\n", strerror(errno));
			return 127;
		}
	}
	wall = now_s() - start;

	if (WIFEXITED(status))
		code = WEXITSTATUS(status);
	else if (WIFSIGNALED(status))
		code = 128 + WTERMSIG(status);
	else
		code = 127;

	if (out_path && !(out = fopen(out_path, "w"))) {
		fprintf(stderr, "rusage: cannot create '%s': %s\n", out_path, strerror(errno));
		return code ? code : 127;
	}
	fprintf(out, "wall_s %.6f maxrss_kib %ld status %d\n", wall, ru.ru_maxrss, code);
	if (out_path && fclose(out)) {
		fprintf(stderr, "rusage: write '%s': %s\n", out_path, strerror(errno));
		return code ? code : 127;
	}
	return code;
}
