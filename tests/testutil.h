/*
 * testutil.h - what the Check suites share: scratch directories, files, and running the
 * taits-audit binary as a user would.
 */
#ifndef TAITS_TESTUTIL_H
#define TAITS_TESTUTIL_H

#include <stddef.h>

/* The source tree (TAITS_AUDIT_SRCDIR, else "."), and the binary under test. */
const char *tu_srcdir(void);
const char *tu_bin(void);
/* The generator of compliant operating days (tests/bench/gen_day.c). */
const char *tu_gen_day(void);
/* srcdir joined with a relative path; a new string. */
char *tu_src(const char *rel);

/* A new empty directory under $TMPDIR (else /tmp); removed with tu_rmrf. */
char *tu_tmpdir(void);
void tu_rmrf(const char *path);

/* Writes `content` (n bytes; n = -1 for a C string) to dir/rel, creating directories. */
void tu_write(const char *dir, const char *rel, const char *content, long n);
/* Reads a whole file; NULL when it cannot. *len may be NULL. */
char *tu_read(const char *path, size_t *len);
/* dir/rel as a new string. */
char *tu_path(const char *dir, const char *rel);
int tu_exists(const char *path);

/* Runs the binary with argv (argv[0] is ignored, replaced by the binary), capturing
 * stdout and stderr. Returns the exit status, or 128 + signal. */
struct tu_proc {
	int status;
	char *out, *err;
	long max_rss_kb; /* peak resident memory of the child */
};
int tu_run(struct tu_proc *p, const char *const *argv);
/* The same with another program than taits-audit. */
int tu_run_bin(struct tu_proc *p, const char *bin, const char *const *argv);
void tu_proc_free(struct tu_proc *p);

/* Number of occurrences of needle in haystack. */
int tu_count(const char *haystack, const char *needle);

/* Nonzero when the XML file validates against schemas/report.xsd (libxml2's validator). */
int tu_report_validates(const char *xml);

/* Runs a suite the way `make check` wants (Check's default fork mode) and returns the
 * process's exit status. */
struct Suite;
int tu_main(struct Suite *s);

#endif
