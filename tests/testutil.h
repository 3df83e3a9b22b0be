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
/* Writes dir/rel: a tailoring file of one waiver of `rule`, matching `match` (a YAML flow
 * mapping such as "{record: FRZ-1}"), for `reason`, approved by gov.lee, expiring
 * `expires`. */
void tu_write_waiver(const char *dir, const char *rel, const char *rule, const char *match,
		     const char *reason, const char *expires);
/* Reads a whole file; NULL when it cannot. *len may be NULL. */
char *tu_read(const char *path, size_t *len);
/* dir/rel as a new string. */
char *tu_path(const char *dir, const char *rel);
int tu_exists(const char *path);
/* Whether another process sees a lock on any byte of `path` (it asks for a write lock
 * with F_GETLK). */
int tu_locked_elsewhere(const char *path);

/* Runs the binary with argv (argv[0] is ignored, replaced by the binary), capturing
 * stdout and stderr. Returns the exit status, or 128 + signal. */
struct tu_proc {
	int status;
	char *out, *err;
	long max_rss_kb; /* peak resident memory of the child */
};
int tu_run(struct tu_proc *p, const char *const *argv);
/* The same with another program than taits-audit; a name without '/' is looked up in
 * PATH (pdftotext). */
int tu_run_bin(struct tu_proc *p, const char *bin, const char *const *argv);
void tu_proc_free(struct tu_proc *p);
/* `taits-audit <args[0]> --db db [--out out] <args[1]>...` (args NULL-ended; out NULL: no
 * --out); returns the exit status. */
int tu_run_cmd(struct tu_proc *p, const char *db, const char *out, const char *const *args);
/* `taits-audit review --db db --out out --date date [extra...] [bundle]` (extra NULL-ended,
 * or NULL; bundle NULL: none); returns the exit status. */
int tu_review(struct tu_proc *p, const char *db, const char *out, const char *date,
	      const char *bundle, const char *const *extra);

/* samples/freeze-story: five days of one live environment (a critical incident, a freeze,
 * an audited repair, a new lock, a redeployment and the unfreeze). */
#define TU_STORY_DAYS 5
extern const char *const tu_story_days[TU_STORY_DAYS]; /* "2026-11-16"... */
/* The bundle of day i (0-4) in the source tree; a new string. */
char *tu_story_day(int i);
/* One `ingest` of the five days into the store db (asserts it succeeds). */
void tu_ingest_story(const char *db);

/* Writes dir/<date>/alerts.jsonl: n open alerts of `local` on that day, each graded
 * "SEVERE" and with a correlation ID too short, so each is one DO-5.3-SEVERITY (major) and
 * one LINK-CID-FORMAT (minor) finding and nothing else. */
void tu_write_bad_alerts(const char *dir, const char *date, int n);

/* The first column of the first row of sql as an integer, -1 without a row; the SQL
 * parameters ?1... are strings, the list ended by NULL. tu_sql_int queries an open
 * connection, tu_db_int opens the store at path read-only. */
struct sqlite3;
long tu_sql_int(struct sqlite3 *db, const char *sql, ...);
long tu_db_int(const char *path, const char *sql, ...);

/* Lowercase hex SHA-256 of n bytes, and of a file's contents (asserts it can be read). */
void tu_sha256_hex(const void *data, size_t n, char hex[65]);
void tu_file_sha256(const char *path, char hex[65]);

/* strcmp for qsort over an array of char *. */
int tu_cmpstr(const void *a, const void *b);

/* An XML report read back with libxml2 and queried with XPath 1.0; expressions are
 * printf formats. tu_xml_open asserts the file is well-formed. */
struct tu_xml;
struct tu_xml *tu_xml_open(const char *path);
void tu_xml_close(struct tu_xml *x);
/* Number of nodes the expression selects. */
int tu_xml_count(struct tu_xml *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The string value of the first node selected (an attribute's value, an element's text),
 * or of a non-node expression; NULL when it selects no node. A new string. */
char *tu_xml_get(struct tu_xml *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The string values of every node selected, in document order: a NULL-ended array of new
 * strings (free with tu_strv_free), their number in *n when n is not NULL. */
char **tu_xml_all(struct tu_xml *x, size_t *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void tu_strv_free(char **v);

/* Number of occurrences of needle in haystack. */
int tu_count(const char *haystack, const char *needle);

/* Nonzero when the XML file validates against schemas/report.xsd (libxml2's validator). */
int tu_report_validates(const char *xml);

/* Runs a suite the way `make check` wants (Check's default fork mode) and returns the
 * process's exit status. */
struct Suite;
int tu_main(struct Suite *s);

#endif
