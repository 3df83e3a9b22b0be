/*
 * check_faults.c - what a bad day leaves behind: SIGKILL at random moments of `ingest`
 * and `review`, two ingests into one store at once, an unwritable --out, a full disk,
 * memory running out (injected, and under every address-space limit), a read-only store
 * and a missing bundle.
 *
 * The guarantee under test: the store is always either as it was before a run or as it
 * is after it (never in between, and PRAGMA integrity_check says ok); a report's name
 * only ever holds a complete report; a run that fails says why and exits with the status
 * of CLI.md. Kill delays come from a fixed seed, scaled to the measured length of an
 * uninterrupted run, so the same moments are tried on every machine.
 */
#define _GNU_SOURCE
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <libxml/parser.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"
#include "testutil.h"
#include "util/buf.h"

/* Lines of the generated day: enough for an ingest of a few tenths of a second. */
#if defined(__SANITIZE_ADDRESS__)
#define DAY_LINES 15000
#else
#define DAY_LINES 60000
#endif
#define KILLS 30         /* per command */
#define NOBODY 65534     /* the unprivileged user a root test runs a child as */

/* ---- processes ---- */

struct spawn {
	const char *const *argv;   /* argv[0] is replaced by the binary */
	const char *env[4];        /* "NAME=value" set in the child, NULL-ended */
	rlim_t fsize;              /* RLIMIT_FSIZE in bytes; 0: unlimited */
	int as_nobody;             /* drop root to NOBODY before exec */
	rlim_t as;                 /* nonzero: RLIMIT_AS, the address space, in bytes */
	const char *bin;           /* the binary, when not tu_bin() */
	const char *out, *err;     /* files for stdout and stderr; NULL: /dev/null */
};

static pid_t start(const struct spawn *sp)
{
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		const char *bin = sp->bin ? sp->bin : tu_bin();
		const char *args[32];
		size_t n = 0;
		int fd;

		args[0] = bin;
		while (sp->argv[++n] && n < 31)
			args[n] = sp->argv[n];
		args[n] = NULL;
		for (int i = 0; sp->env[i]; i++)
			putenv((char *)sp->env[i]);
		fd = open(sp->out ? sp->out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0666);
		dup2(fd, 1);
		fd = open(sp->err ? sp->err : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0666);
		dup2(fd, 2);
		if (sp->fsize) {
			struct rlimit rl = { sp->fsize, sp->fsize };
			/* SIGXFSZ as a shell's ulimit -f leaves it: the tool itself must keep a
			 * write past the limit from killing it */
			signal(SIGXFSZ, SIG_DFL);
			if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
				_exit(126);
		}
		if (sp->as) {
			struct rlimit rl = { sp->as, sp->as };
			if (setrlimit(RLIMIT_AS, &rl) != 0)
				_exit(126);
		}
		if (sp->as_nobody && (setgroups(0, NULL) != 0 || setgid(NOBODY) != 0 ||
				      setuid(NOBODY) != 0))
			_exit(125);
		execv(bin, (char *const *)args);
		_exit(127);
	}
	return pid;
}

/* Exit status, or 128 + signal. */
static int finish(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		ck_assert_int_eq(errno, EINTR);
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

static int run(const struct spawn *sp)
{
	return finish(start(sp));
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_s(double s)
{
	struct timespec ts = { (time_t)s, (long)((s - (double)(time_t)s) * 1e9) };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static uint64_t rng = 0x7A175EED2026ULL;

/* Uniform in [0, 1), from a fixed seed: the same sequence of moments on every run. */
static double uniform(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (double)(rng >> 11) / 9007199254740992.0;
}

/* ---- scratch space ---- */

struct fx {
	char *tmp, *db, *journal, *out, *log;
};

static void fx_init(struct fx *f)
{
	f->tmp = tu_tmpdir();
	f->db = tu_path(f->tmp, "s.db");
	f->journal = tu_path(f->tmp, "s.db-journal");
	f->out = tu_path(f->tmp, "out");
	f->log = tu_path(f->tmp, "stderr");
}

static void fx_free(struct fx *f)
{
	chmod(f->tmp, 0700); /* a test may have taken the write permission away */
	tu_rmrf(f->tmp);
	free(f->tmp), free(f->db), free(f->journal), free(f->out), free(f->log);
}

static char *slurp(const char *path)
{
	char *s = tu_read(path, NULL);

	return s ? s : strdup("");
}

/*
 * Writes a day of events to tmp/name/events.jsonl: `lines` heartbeats of sources
 * `prefix`0..4 on 2026-11-02, and every 997th line broken, so the run also stores
 * rejections. Written line by line: the test's own memory stays small.
 */
static char *make_day(const char *tmp, const char *name, const char *prefix, int lines)
{
	char *dir = tu_path(tmp, name), *path;
	FILE *fp;

	tu_write(dir, "events.jsonl", "", 0);
	path = tu_path(dir, "events.jsonl");
	fp = fopen(path, "wb");
	ck_assert_ptr_nonnull(fp);
	for (int i = 0; i < lines; i++) {
		if (i % 997 == 996) {
			fprintf(fp, "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T\n");
			continue;
		}
		fprintf(fp,
			"{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T%02d:%02d:%02d.%03dZ\","
			"\"source\":\"%s%d\",\"seq\":%d,\"environment\":\"sim\","
			"\"component\":\"audit_log\",\"status\":\"ok\",\"latency_ms\":%d}\n",
			1 + i / 36000 % 4, i / 600 % 60, i / 10 % 60, i % 10 * 100, prefix, i % 5,
			i / 5 + 1, i % 97);
	}
	ck_assert_int_eq(fclose(fp), 0);
	free(path);
	return dir;
}

/* ---- the store's state ---- */

struct state {
	long records, rejected, files, runs;
};

/*
 * Opens the store read-write, as the next taits-audit would (so a killed run's hot
 * journal is rolled back), and checks it: integrity_check ok, then the counts.
 */
static struct state inspect(const char *db)
{
	static const char *const counts[] = {
		"SELECT count(*) FROM record", "SELECT count(*) FROM rejected",
		"SELECT count(*) FROM input_file", "SELECT count(*) FROM ingest_run",
	};
	long v[4];
	sqlite3 *h = NULL;
	sqlite3_stmt *s;
	struct state st;

	ck_assert_int_eq(sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(h, 10000);
	ck_assert_int_eq(sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &s, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
	ck_assert_msg(!strcmp((const char *)sqlite3_column_text(s, 0), "ok"),
		      "integrity_check: %s", sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	for (int i = 0; i < 4; i++) {
		ck_assert_int_eq(sqlite3_prepare_v2(h, counts[i], -1, &s, NULL), SQLITE_OK);
		ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
		v[i] = (long)sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
	}
	sqlite3_close(h);
	st.records = v[0], st.rejected = v[1], st.files = v[2], st.runs = v[3];
	return st;
}

static int same(struct state a, struct state b)
{
	return a.records == b.records && a.rejected == b.rejected && a.files == b.files &&
	       a.runs == b.runs;
}

/* Puts the store back as `bytes`, with no journal beside it. */
static void restore(const struct fx *f, const char *bytes, size_t n)
{
	unlink(f->journal);
	tu_write(f->tmp, "s.db", bytes, (long)n);
}

static void expect_unchanged(const char *db, const char *before, size_t n)
{
	size_t m = 0;
	char *after = tu_read(db, &m);
	char *journal = NULL;

	ck_assert_msg(after && m == n && !memcmp(before, after, n), "the store changed");
	free(after);
	if (asprintf(&journal, "%s-journal", db) > 0) {
		ck_assert_msg(!tu_exists(journal), "a journal was left beside the store");
		free(journal);
	}
}

/* Stores `day` into the store with an ordinary ingest. */
static void ingest_ok(const struct fx *f, const char *day)
{
	const char *argv[] = { "taits-audit", "ingest", "--db", f->db, day, NULL };
	struct spawn sp = { .argv = argv, .err = f->log };

	ck_assert_msg(run(&sp) == 0, "ingest %s failed: %s", day, slurp(f->log));
}

/* The opening of a test of what a failed run leaves: a day of base_lines stored, and
 * another of day_lines (its path in *day) for the run to fail on; returns the store's
 * bytes (n of them) to compare the store with afterwards. */
static char *stored_before(const struct fx *f, int base_lines, int day_lines, char **day,
			   size_t *n)
{
	char *base = make_day(f->tmp, "base", "base", base_lines);

	*day = make_day(f->tmp, "day", "hb", day_lines);
	ingest_ok(f, base);
	free(base);
	return tu_read(f->db, n);
}

/* ---- SIGKILL at random moments ---- */

/* A complete report file: XML that parses with its root closed, or a PDF from its header
 * to its trailer. */
static void expect_complete(const char *path)
{
	size_t n = 0;
	char *data = tu_read(path, &n);
	size_t len = strlen(path);

	if (len > 4 && !strcmp(path + len - 4, ".tmp"))
		len -= 4; /* a report staged for its rename: whole all the same */

	ck_assert_ptr_nonnull(data);
	if (len > 4 && !strncmp(path + len - 4, ".xml", 4)) {
		xmlDocPtr doc = xmlReadMemory(data, (int)n, path, NULL, XML_PARSE_NONET |
							  XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
		ck_assert_msg(doc != NULL, "%s: a partial XML report", path);
		xmlFreeDoc(doc);
		ck_assert_msg(n > 10 && !strcmp(data + n - 10, "</review>\n"),
			      "%s: does not end with </review>", path);
	} else {
		ck_assert_msg(len > 4 && !strncmp(path + len - 4, ".pdf", 4), "%s: unexpected file",
			      path);
		ck_assert_msg(n > 16 && !memcmp(data, "%PDF-", 5) &&
				      memmem(data + n - 16, 16, "%%EOF", 5),
			      "%s: a partial PDF report", path);
	}
	free(data);
}

/* Checks every file in --out: complete reports, and .tmp files (a writer killed in the
 * instant between staging a pair and renaming it: whole, but never under a report's
 * name); returns how many .tmp files there were. */
static int check_out(const char *out)
{
	DIR *d = opendir(out);
	struct dirent *de;
	int tmps = 0;

	if (!d)
		return 0;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		char *path;
		if (de->d_name[0] == '.')
			continue;
		path = tu_path(out, de->d_name);
		if (len > 4 && !strcmp(de->d_name + len - 4, ".tmp"))
			tmps++;
		expect_complete(path);
		free(path);
	}
	closedir(d);
	return tmps;
}

/* Lets pid run for `delay` seconds, then kills it unless it has exited by then. Returns
 * its exit status (128 + SIGKILL when the kill landed); *ran is how long it ran when it
 * exited by itself, else -1. */
static int kill_after(pid_t pid, double delay, double *ran)
{
	double t0 = now(), left;
	int status;

	*ran = -1;
	while ((left = delay - (now() - t0)) > 0) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid) {
			*ran = now() - t0;
			return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
		}
		ck_assert_msg(r == 0 || errno == EINTR, "waitpid: %s", strerror(errno));
		sleep_s(left < 0.001 ? left : 0.001);
	}
	kill(pid, SIGKILL);
	return finish(pid);
}

/*
 * The kill loop: KILLS runs of argv from the store `before`, each killed after a delay
 * drawn in [0, 1.1 T) where T is the length of an uninterrupted run. After each, the
 * store must be exactly `before` or exactly `after` (the state the uninterrupted run
 * left); with `out`, every report there must be complete.
 *
 * T is measured before the loop, on a machine whose load changes (a parallel build ends):
 * a run that finishes before its kill re-times T to its own length, so the delays keep
 * falling inside the run and about 10 in 11 kills land whatever the first measure was.
 */
struct kills {
	int killed, as_before, as_after, finished, tmp_left;
	double t;
};

static struct kills kill_loop(const struct fx *f, const char *const *argv, const char *before,
			      size_t n, const char *out)
{
	struct spawn sp = { .argv = argv };
	struct state s0, s1, s;
	struct kills k;
	double t0;

	memset(&k, 0, sizeof(k));
	restore(f, before, n);
	s0 = inspect(f->db);
	/* T: the shorter of two uninterrupted runs (a busy machine makes one slow) */
	for (int i = 0; i < 2; i++) {
		double t;
		restore(f, before, n);
		if (out)
			tu_rmrf(out);
		t0 = now();
		sp.err = f->log;
		ck_assert_msg(run(&sp) <= 1, "the uninterrupted run failed: %s", slurp(f->log));
		t = now() - t0;
		k.t = i == 0 || t < k.t ? t : k.t;
	}
	sp.err = NULL;
	s1 = inspect(f->db);
	ck_assert_msg(!same(s0, s1), "the run changed nothing: no test");
	for (int i = 0; i < KILLS; i++) {
		double delay = uniform() * 1.1 * k.t, ran;
		pid_t pid;
		int status;

		restore(f, before, n);
		if (out)
			tu_rmrf(out);
		pid = start(&sp);
		status = kill_after(pid, delay, &ran);
		if (ran >= 0 && ran < k.t)
			k.t = ran;
		if (status == 128 + SIGKILL)
			k.killed++;
		else
			ck_assert_msg(status <= 1, "run %d exited %d", i, status);
		s = inspect(f->db);
		ck_assert_msg(same(s, s0) || same(s, s1),
			      "kill %d at %.3f s: records %ld rejected %ld files %ld runs %ld; before"
			      " %ld/%ld/%ld/%ld, after %ld/%ld/%ld/%ld",
			      i, delay, s.records, s.rejected, s.files, s.runs, s0.records,
			      s0.rejected, s0.files, s0.runs, s1.records, s1.rejected, s1.files,
			      s1.runs);
		if (same(s, s0) && !same(s0, s1))
			k.as_before++;
		else
			k.as_after++;
		if (status != 128 + SIGKILL)
			k.finished++;
		if (out)
			k.tmp_left += check_out(out) > 0;
	}
	/* Most moments fall inside the run (with T re-timed, all but the draws past 1.0 T
	 * and those before a re-timing), and some before its commit: otherwise this tested
	 * nothing. */
	ck_assert_msg(k.killed >= KILLS / 2 && k.as_before >= 3,
		      "only %d kills landed, %d before the commit (run of %.3f s)", k.killed,
		      k.as_before, k.t);
	return k;
}

START_TEST(test_kill_ingest)
{
	struct fx f;
	char *day, *before;
	size_t n = 0;
	struct kills k;

	fx_init(&f);
	before = stored_before(&f, 2000, DAY_LINES, &day, &n);
	{
		const char *argv[] = { "taits-audit", "ingest", "--db", f.db, day, NULL };
		k = kill_loop(&f, argv, before, n, NULL);
		/* and from the last state, a full run ends where an uninterrupted one does */
		ingest_ok(&f, day);
	}
	printf("faults: ingest of %d lines (%.2f s): %d runs, %d killed, store as before %d"
	       " times, as after %d times, integrity ok every time\n",
	       DAY_LINES, k.t, KILLS, k.killed, k.as_before, k.as_after);
	free(day), free(before);
	fx_free(&f);
}
END_TEST

START_TEST(test_kill_review)
{
	struct fx f;
	char *day, *before, *xml, *pdf;
	size_t n = 0;
	struct kills k;

	fx_init(&f);
	before = stored_before(&f, DAY_LINES, DAY_LINES / 4, &day, &n);
	{
		const char *argv[] = { "taits-audit", "review", "--db", f.db, "--out", f.out,
				       "--date", "2026-11-02", "--quiet", day, NULL };
		struct spawn sp = { .argv = argv, .err = f.log };

		k = kill_loop(&f, argv, before, n, f.out);
		/* Reports are unnamed files until complete (O_TMPFILE, then linked into
		 * place), so no kill leaves a partial file under any name: check_out() read
		 * every file after every kill, a .tmp one too (staged for its rename). */
		xml = tu_path(f.out, "review-all-2026-11-02.xml");
		pdf = tu_path(f.out, "review-all-2026-11-02.pdf");
		/* and a run over existing reports replaces them whole: over the halves of
		 * reports an older writer might have left, then over complete ones; and it
		 * removes the <report>.tmp a run killed between staging and renaming left */
		static const char *const left[] = { "", ".tmp" };
		for (size_t i = 0; i < sizeof(left) / sizeof(left[0]); i++) {
			char name[64];
			tu_rmrf(f.out);
			snprintf(name, sizeof(name), "review-all-2026-11-02.xml%s", left[i]);
			tu_write(f.out, name, "<?xml version=\"1.0\"?>\n<review", -1);
			snprintf(name, sizeof(name), "review-all-2026-11-02.pdf%s", left[i]);
			tu_write(f.out, name, "%PDF-1.4\n", -1);
			for (int again = 0; again < 2; again++) {
				ck_assert_int_le(run(&sp), 1);
				ck_assert(tu_exists(xml) && tu_exists(pdf));
				ck_assert_int_eq(check_out(f.out), 0);
			}
		}
	}
	printf("faults: review of %d + %d lines (%.2f s): %d runs, %d killed, store as before %d"
	       " times, as after %d times, %d kills left a .tmp, no partial report\n",
	       DAY_LINES, DAY_LINES / 4, k.t, KILLS, k.killed, k.as_before, k.as_after,
	       k.tmp_left);
	free(day), free(before), free(xml), free(pdf);
	fx_free(&f);
}
END_TEST

/* A reader of stderr gone before the run ends (`review ... 2>&1 | head -1`): the run
 * finishes with its own exit status, both reports written, not killed by SIGPIPE
 * between them. */
START_TEST(test_stderr_reader_gone)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *out = tu_path(tmp, "out");
	char *bad = tu_src("samples/bad-day");
	char *xml = tu_path(out, "review-all-2026-11-27.xml");
	char *pdf = tu_path(out, "review-all-2026-11-27.pdf");
	int fds[2], status;
	pid_t pid;

	ck_assert_int_eq(mkdir(out, 0755), 0);
	ck_assert_int_eq(pipe(fds), 0);
	close(fds[0]); /* nobody will read */
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		execl(tu_bin(), "taits-audit", "review", "--db", db, "--out", out, "--date",
		      "2026-11-27", bad, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status), "killed by signal %d", WTERMSIG(status));
	ck_assert_int_eq(WEXITSTATUS(status), 1);
	ck_assert_msg(tu_exists(xml) && tu_exists(pdf), "not both reports");
	ck_assert_int_eq(check_out(out), 0);
	tu_rmrf(tmp);
	free(tmp), free(db), free(out), free(bad), free(xml), free(pdf);
}
END_TEST

/* ---- two ingests into one store ---- */

START_TEST(test_concurrent_ingests_wait)
{
	struct fx f;
	char *a, *b, *ea, *eb;
	struct state s;
	pid_t pa, pb;
	int ra, rb;

	fx_init(&f);
	a = make_day(f.tmp, "a", "a", DAY_LINES);
	b = make_day(f.tmp, "b", "b", DAY_LINES);
	ea = tu_path(f.tmp, "a.err");
	eb = tu_path(f.tmp, "b.err");
	{
		/* both into a store that does not exist yet: its creation races too */
		const char *args_a[] = { "taits-audit", "ingest", "--db", f.db, a, NULL };
		const char *args_b[] = { "taits-audit", "ingest", "--db", f.db, b, NULL };
		struct spawn sa = { .argv = args_a, .err = ea,
				    .env = { "TAITS_AUDIT_BUSY_TIMEOUT_MS=60000" } };
		/* a timeout that is not a number is the default (30 s), not none */
		struct spawn sb = { .argv = args_b, .err = eb,
				    .env = { "TAITS_AUDIT_BUSY_TIMEOUT_MS=abc" } };
		double t0 = now();

		pa = start(&sa);
		pb = start(&sb);
		ra = finish(pa);
		rb = finish(pb);
		ck_assert_msg(ra == 0 && rb == 0, "exits %d and %d:\n%s\n%s", ra, rb, slurp(ea),
			      slurp(eb));
		s = inspect(f.db);
		ck_assert_int_eq(s.runs, 2);
		ck_assert_int_eq(s.files, 2);
		/* every line of both (a store of either alone holds half) */
		ck_assert_int_eq(s.records + s.rejected, 2L * DAY_LINES);
		printf("faults: two ingests of %d lines at once into a new store: both done in"
		       " %.2f s\n", DAY_LINES, now() - t0);
	}
	free(a), free(b), free(ea), free(eb);
	fx_free(&f);
}
END_TEST

START_TEST(test_concurrent_ingest_busy)
{
	struct fx f;
	char *seed, *a, *c, *ea, *ec, *err;
	struct state s;
	pid_t pa;
	int ra, rc;
	double t0;

	fx_init(&f);
	seed = make_day(f.tmp, "seed", "s", 10);
	a = make_day(f.tmp, "a", "a", DAY_LINES);
	c = make_day(f.tmp, "c", "c", 100);
	ea = tu_path(f.tmp, "a.err");
	ec = tu_path(f.tmp, "c.err");
	ingest_ok(&f, seed);
	{
		const char *args_a[] = { "taits-audit", "ingest", "--db", f.db, a, NULL };
		const char *args_c[] = { "taits-audit", "ingest", "--db", f.db, c, NULL };
		struct spawn sa = { .argv = args_a, .err = ea };
		struct spawn sc = { .argv = args_c, .err = ec,
				    .env = { "TAITS_AUDIT_BUSY_TIMEOUT_MS=50" } };

		pa = start(&sa);
		/* the first holds the write lock once its transaction has a journal */
		t0 = now();
		while (!tu_exists(f.journal) && now() - t0 < 20)
			sleep_s(0.001);
		ck_assert_msg(tu_exists(f.journal), "the first ingest never began writing");
		rc = run(&sc);
		ra = finish(pa);
		err = slurp(ec);
		ck_assert_msg(ra == 0, "the first ingest exited %d: %s", ra, slurp(ea));
		ck_assert_msg(rc == 4 && strstr(err, "store busy"),
			      "the second exited %d (want 4, store busy): %s", rc, err);
		printf("faults: an ingest while another writes (busy timeout 50 ms): exit 4,"
		       " \"%.*s\"\n", (int)strcspn(err, "\n"), err);
		free(err);
		/* the first run is stored whole, nothing of the second */
		s = inspect(f.db);
		ck_assert_int_eq(s.runs, 2);
		ck_assert_int_eq(s.files, 2);
		/* retried once the store is free, it completes */
		ck_assert_int_eq(run(&sc), 0);
		s = inspect(f.db);
		ck_assert_int_eq(s.runs, 3);
		ck_assert_int_eq(s.files, 3);
	}
	free(seed), free(a), free(c), free(ea), free(ec);
	fx_free(&f);
}
END_TEST

/* A review reads one state of the store: an ingest that would change it while the review
 * holds its snapshot waits, and with a short busy timeout gives up storing nothing; the
 * review reports the store as it was when it began. */
START_TEST(test_review_reads_one_snapshot)
{
	struct fx f;
	char *seed, *extra, *er, *ee, *xml, *err;
	struct state before, after;
	pid_t pr;
	int rr, re;
	double t0;

	fx_init(&f);
	seed = make_day(f.tmp, "seed", "s", 100);
	extra = make_day(f.tmp, "extra", "x", 100);
	er = tu_path(f.tmp, "review.err");
	ee = tu_path(f.tmp, "extra.err");
	xml = tu_path(f.out, "review-all-2026-11-02.xml");
	ingest_ok(&f, seed);
	before = inspect(f.db);
	{
		const char *args_r[] = { "taits-audit", "review", "--db", f.db, "--date",
					 "2026-11-02", "--out", f.out, "--format", "xml", NULL };
		const char *args_e[] = { "taits-audit", "ingest", "--db", f.db, extra, NULL };
		struct spawn sr = { .argv = args_r, .err = er,
				    .env = { "TAITS_AUDIT_FAULT=run.snapshot:1" } };
		struct spawn se = { .argv = args_e, .err = ee,
				    .env = { "TAITS_AUDIT_BUSY_TIMEOUT_MS=50" } };

		pr = start(&sr);
		/* the review says when it holds its snapshot (and holds it 2 s) */
		t0 = now();
		while (!strstr((err = slurp(er)), "fault: run.snapshot") && now() - t0 < 20) {
			free(err);
			sleep_s(0.01);
		}
		ck_assert_msg(strstr(err, "fault: run.snapshot"), "the review never took its"
			      " snapshot: %s", err);
		free(err);
		re = run(&se);
		rr = finish(pr);
		err = slurp(ee);
		ck_assert_msg(re == 4 && strstr(err, "store busy"),
			      "the ingest during the review exited %d (want 4, store busy): %s", re,
			      err);
		free(err);
		ck_assert_msg(rr == 0, "the review exited %d: %s", rr, slurp(er));
		after = inspect(f.db);
		ck_assert_msg(same(before, after), "the ingest stored something");
		/* the review reported the store as it began: the other bundle is not an input */
		err = slurp(xml);
		ck_assert_msg(strstr(err, "<input ") && !strstr(err, extra),
			      "the review lists the other bundle");
		free(err);
		/* once the review is done, the ingest goes through */
		ck_assert_int_eq(run(&se), 0);
	}
	free(seed), free(extra), free(er), free(ee), free(xml);
	fx_free(&f);
}
END_TEST

/* ---- unwritable --out, full disk, read-only store, missing bundle ---- */

/* As root, permissions do not stop a write: such a test runs the binary as NOBODY, from
 * a copy every user can execute, in directories every user can enter. */
static int as_nobody(const struct fx *f, char **bin)
{
	char *copy;
	size_t n = 0;
	char *data;

	*bin = NULL;
	if (geteuid() != 0)
		return 0;
	data = tu_read(tu_bin(), &n);
	ck_assert_ptr_nonnull(data);
	tu_write(f->tmp, "taits-audit", data, (long)n);
	free(data);
	copy = tu_path(f->tmp, "taits-audit");
	ck_assert_int_eq(chmod(copy, 0755), 0);
	ck_assert_int_eq(chmod(f->tmp, 0755), 0);
	*bin = copy;
	return 1;
}

/* Where the file system has no unnamed files, a report is written under a name of the
 * run's own: a link planted in a shared --out under the name a writer would guess
 * (<report>.tmp) is neither followed to write over its target nor renamed into the
 * report's place. */
START_TEST(test_out_without_tmpfile_ignores_planted_link)
{
	struct fx f;
	char *day, *victim, *link, *xml, *kept, *err;
	struct stat st;

	fx_init(&f);
	day = make_day(f.tmp, "day", "hb", 200);
	ingest_ok(&f, day);
	ck_assert_int_eq(mkdir(f.out, 0777), 0);
	tu_write(f.tmp, "victim", "keep me\n", -1);
	victim = tu_path(f.tmp, "victim");
	link = tu_path(f.out, "review-all-2026-11-02.xml.tmp");
	xml = tu_path(f.out, "review-all-2026-11-02.xml");
	ck_assert_int_eq(symlink(victim, link), 0);
	const char *argv[] = { "taits-audit", "review", "--db", f.db, "--out", f.out,
			       "--date", "2026-11-02", "--format", "xml", NULL };
	struct spawn sp = { .argv = argv, .err = f.log,
			    .env = { "TAITS_AUDIT_FAULT=outfile.tmpfile:1" } };
	mode_t mask = umask(002); /* a umask under which 0644 and 0666 differ */
	ck_assert_int_le(run(&sp), 1);
	umask(mask);
	err = slurp(f.log);
	kept = slurp(victim);
	ck_assert_msg(!strcmp(kept, "keep me\n"), "the link's target was written over\n%s", err);
	ck_assert_int_eq(lstat(xml, &st), 0);
	ck_assert_msg(S_ISREG(st.st_mode), "the report is not a regular file");
	/* with the mode a report written as an unnamed file has: 0644 less the umask */
	ck_assert_int_eq(st.st_mode & 0777, 0644 & ~002);
	expect_complete(xml);
	ck_assert_int_eq(lstat(link, &st), 0); /* left alone: not ours */
	ck_assert(S_ISLNK(st.st_mode));
	/* nothing else is left in --out: the report's own temporary name was renamed */
	DIR *d = opendir(f.out);
	int files = 0;
	for (struct dirent *de; (de = readdir(d));)
		files += de->d_name[0] != '.';
	closedir(d);
	ck_assert_int_eq(files, 2);
	free(err), free(kept), free(day), free(victim), free(link), free(xml);
	fx_free(&f);
}
END_TEST

/* Where the file system has no unnamed files, what a run killed while writing left under
 * its own name (<report>.taits-XXXXXX, made by mkostemp) is removed by the next run
 * writing that report; other names (a checksum or a signature kept beside the report),
 * and anything not a regular file, are left alone. */
START_TEST(test_out_without_tmpfile_removes_what_a_kill_left)
{
	struct fx f;
	char *day, *stale, *pdf_stale, *longer, *other, *sum, *link, *victim, *xml;

	fx_init(&f);
	day = make_day(f.tmp, "day", "hb", 200);
	ingest_ok(&f, day);
	ck_assert_int_eq(mkdir(f.out, 0777), 0);
	tu_write(f.out, "review-all-2026-11-02.xml.taits-Ab3dE9", "<partial", -1);
	tu_write(f.out, "review-all-2026-11-02.pdf.taits-x0X0x0", "%PDF-1.3 partial", -1);
	tu_write(f.out, "review-all-2026-11-02.xml.taits-Ab3dE9z", "not a name mkostemp makes", -1);
	tu_write(f.out, "review-all-2026-11-01.xml.taits-Ab3dE9", "another report's", -1);
	tu_write(f.out, "review-all-2026-11-02.xml.sha256", "a checksum kept beside it", -1);
	tu_write(f.out, "review-all-2026-11-02.xml.taits-Ab.dE9", "not a name mkostemp makes", -1);
	tu_write(f.tmp, "victim", "keep me\n", -1);
	stale = tu_path(f.out, "review-all-2026-11-02.xml.taits-Ab3dE9");
	pdf_stale = tu_path(f.out, "review-all-2026-11-02.pdf.taits-x0X0x0");
	longer = tu_path(f.out, "review-all-2026-11-02.xml.taits-Ab3dE9z");
	other = tu_path(f.out, "review-all-2026-11-01.xml.taits-Ab3dE9");
	sum = tu_path(f.out, "review-all-2026-11-02.xml.sha256");
	link = tu_path(f.out, "review-all-2026-11-02.xml.taits-LnK123");
	victim = tu_path(f.tmp, "victim");
	xml = tu_path(f.out, "review-all-2026-11-02.xml");
	ck_assert_int_eq(symlink(victim, link), 0);
	const char *argv[] = { "taits-audit", "review", "--db", f.db, "--out", f.out,
			       "--date", "2026-11-02", NULL };
	struct spawn sp = { .argv = argv, .err = f.log,
			    .env = { "TAITS_AUDIT_FAULT=outfile.tmpfile:1" } };
	ck_assert_int_le(run(&sp), 1);
	expect_complete(xml);
	ck_assert_msg(!tu_exists(stale), "the XML a killed run left is still there");
	ck_assert_msg(!tu_exists(pdf_stale), "the PDF a killed run left is still there");
	ck_assert(tu_exists(longer));
	ck_assert(tu_exists(other));
	ck_assert(tu_exists(sum));
	{
		char *dotted = tu_path(f.out, "review-all-2026-11-02.xml.taits-Ab.dE9");
		ck_assert_msg(tu_exists(dotted), "a name of six characters not all letters or"
						  " digits was removed");
		free(dotted);
	}
	{
		struct stat st;
		char *kept = slurp(victim);
		ck_assert_int_eq(lstat(link, &st), 0);
		ck_assert(S_ISLNK(st.st_mode));
		ck_assert_str_eq(kept, "keep me\n");
		free(kept);
	}
	/* and so does a run that writes with unnamed files: the directory may have moved
	 * to a file system that has them since the kill */
	tu_write(f.out, "review-all-2026-11-02.xml.taits-Ab3dE9", "<partial", -1);
	struct spawn again = { .argv = argv, .err = f.log };
	ck_assert_int_le(run(&again), 1);
	ck_assert_msg(!tu_exists(stale), "left by a run that wrote with O_TMPFILE");
	ck_assert(tu_exists(longer) && tu_exists(other) && tu_exists(sum));
	free(day), free(stale), free(pdf_stale), free(longer), free(other), free(sum), free(link);
	free(victim), free(xml);
	fx_free(&f);
}
END_TEST

/* The empty probe directory a run killed while checking that --out is writable left
 * behind is removed by a later run once it is a minute old; a newer one (another run's,
 * checking now), one that is not empty, and one under another name are left. */
START_TEST(test_stale_output_probe_removed)
{
	struct fx f;
	char *day, *old, *recent, *full, *other;
	struct timespec past[2] = { { .tv_sec = time(NULL) - 3600 }, { .tv_sec = time(NULL) - 3600 } };

	fx_init(&f);
	day = make_day(f.tmp, "day", "hb", 200);
	ingest_ok(&f, day);
	ck_assert_int_eq(mkdir(f.out, 0777), 0);
	old = tu_path(f.out, ".taits-audit-probe-Ab3dE9");
	recent = tu_path(f.out, ".taits-audit-probe-x0X0x0");
	full = tu_path(f.out, ".taits-audit-probe-Fu11zz");
	other = tu_path(f.out, ".taits-audit-probe-Ab3dE9z");
	ck_assert_int_eq(mkdir(old, 0700), 0);
	ck_assert_int_eq(mkdir(recent, 0700), 0);
	ck_assert_int_eq(mkdir(full, 0700), 0);
	ck_assert_int_eq(mkdir(other, 0700), 0);
	tu_write(full, "kept", "a file of someone's\n", -1);
	ck_assert_int_eq(utimensat(AT_FDCWD, old, past, 0), 0);
	ck_assert_int_eq(utimensat(AT_FDCWD, full, past, 0), 0);
	ck_assert_int_eq(utimensat(AT_FDCWD, other, past, 0), 0);
	const char *argv[] = { "taits-audit", "review", "--db", f.db, "--out", f.out,
			       "--date", "2026-11-02", "--format", "xml", NULL };
	struct spawn sp = { .argv = argv, .err = f.log };
	ck_assert_int_le(run(&sp), 1);
	ck_assert_msg(!tu_exists(old), "the probe a killed run left is still there");
	ck_assert_msg(tu_exists(recent), "a probe of now was removed");
	ck_assert_msg(tu_exists(full), "a probe holding a file was removed");
	ck_assert_msg(tu_exists(other), "a directory of another name was removed");
	free(day), free(old), free(recent), free(full), free(other);
	fx_free(&f);
}
END_TEST

/* Standard output that cannot be written (a full disk, a closed descriptor): exit 3 for
 * every command that prints there, its help included. An ingest's summary comes after
 * its commit: it says the run is stored, and it is. */
START_TEST(test_stdout_unwritable)
{
	struct fx f;
	char *day, *err;
	struct state s;

	fx_init(&f);
	day = make_day(f.tmp, "day", "hb", 200);
	{
		const char *argv[] = { "taits-audit", "ingest", "--db", f.db, day, NULL };
		struct spawn sp = { .argv = argv, .out = "/dev/full", .err = f.log };
		ck_assert_int_eq(run(&sp), 3);
		err = slurp(f.log);
		ck_assert_msg(strstr(err, "cannot write to standard output: the run is stored"),
			      "%s", err);
		free(err);
		s = inspect(f.db);
		ck_assert_int_eq(s.runs, 1);
		ck_assert_int_eq(s.records, 200);
	}
	{
		static const char *const helps[][3] = { { "taits-audit", "--help", NULL },
							{ "taits-audit", "--version", NULL },
							{ "taits-audit", "review", "--help" },
							{ "taits-audit", "rules", NULL } };
		for (size_t i = 0; i < sizeof(helps) / sizeof(helps[0]); i++) {
			const char *argv[] = { helps[i][0], helps[i][1], helps[i][2], NULL };
			struct spawn sp = { .argv = argv, .out = "/dev/full", .err = f.log };
			int rc = run(&sp);
			err = slurp(f.log);
			ck_assert_msg(rc == 3 && strstr(err, "cannot write to standard output"),
				      "%s %s: exit %d: %s", argv[1], argv[2] ? argv[2] : "", rc, err);
			free(err);
		}
	}
	free(day);
	fx_free(&f);
}
END_TEST

START_TEST(test_out_unwritable)
{
	struct fx f;
	char *day, *file, *under, *ro, *before, *scratch, *env_tmp = NULL, *bin = NULL;
	size_t n = 0;
	int nobody;

	fx_init(&f);
	day = make_day(f.tmp, "day", "hb", 1000);
	ingest_ok(&f, day);
	before = tu_read(f.db, &n);
	file = tu_path(f.tmp, "a-file");
	under = tu_path(f.tmp, "a-file/reports");
	ro = tu_path(f.tmp, "read-only");
	tu_write(f.tmp, "a-file", "not a directory\n", -1);
	{
		const char *argv[] = { "taits-audit", "review", "--db", f.db, "--out", file,
				       "--date", "2026-11-02", NULL };
		struct spawn sp = { .argv = argv, .err = f.log };
		char *err, *kept;

		ck_assert_int_eq(run(&sp), 3);
		err = slurp(f.log);
		ck_assert_msg(strstr(err, file) && strstr(err, "not a directory"), "%s", err);
		kept = slurp(file);
		ck_assert_str_eq(kept, "not a directory\n");
		free(err), free(kept);
		/* a review that also ingests stops before the ingest: nothing is stored
		 * that the report it cannot write would have shown */
		char *more = make_day(f.tmp, "more", "mo", 50);
		const char *one[] = { "taits-audit", "review", "--db", f.db, "--out", file,
				      "--date", "2026-11-02", more, NULL };
		sp.argv = one;
		ck_assert_int_eq(run(&sp), 3);
		err = slurp(f.log);
		ck_assert_msg(strstr(err, "not a directory") && !strstr(err, "records stored"),
			      "%s", err);
		free(err), free(more);
		expect_unchanged(f.db, before, n);
		sp.argv = argv;
		argv[5] = under;
		ck_assert_int_eq(run(&sp), 3);
		err = slurp(f.log);
		ck_assert_msg(strstr(err, "cannot create the output directory") &&
				      strstr(err, "Not a directory"),
			      "%s", err);
		free(err);
		/* a directory where the PDF would go: neither file of the pair is written */
		char *pdfdir = tu_path(f.out, "review-all-2026-11-02.pdf");
		char *xml = tu_path(f.out, "review-all-2026-11-02.xml");
		ck_assert_int_eq(mkdir(f.out, 0777), 0);
		ck_assert_int_eq(mkdir(pdfdir, 0777), 0);
		argv[5] = f.out;
		ck_assert_int_eq(run(&sp), 3);
		err = slurp(f.log);
		ck_assert_msg(strstr(err, pdfdir) && strstr(err, "Is a directory"), "%s", err);
		ck_assert_msg(!tu_exists(xml), "the XML was written without its PDF");
		/* and no verdict is said for a run whose reports were not written */
		ck_assert_msg(!strstr(err, "COMPLIANT") && !strstr(err, "findings "), "%s", err);
		free(err), free(pdfdir), free(xml);
		/* a symbolic link to a directory not there (a share not mounted): found
		 * before the ingest, as a file is */
		char *link = tu_path(f.tmp, "unmounted"), *gone = tu_path(f.tmp, "gone/reports");
		char *more2 = make_day(f.tmp, "more2", "m2", 50);
		ck_assert_int_eq(symlink(gone, link), 0);
		const char *linked[] = { "taits-audit", "review", "--db", f.db, "--out", link,
					 "--date", "2026-11-02", more2, NULL };
		sp.argv = linked;
		ck_assert_int_eq(run(&sp), 3);
		err = slurp(f.log);
		ck_assert_msg(strstr(err, "a symbolic link to a missing directory") &&
				      !strstr(err, "records stored"),
			      "%s", err);
		free(err);
		/* written with a trailing '/', the same */
		char *slashed = NULL;
		ck_assert_int_gt(asprintf(&slashed, "%s/", link), 0);
		linked[5] = slashed;
		ck_assert_int_eq(run(&sp), 3);
		err = slurp(f.log);
		ck_assert_msg(strstr(err, "a symbolic link to a missing directory") &&
				      !strstr(err, "records stored"),
			      "%s", err);
		free(err), free(slashed), free(link), free(gone), free(more2);
		sp.argv = argv;
	}
	/* a directory this user may not write to */
	nobody = as_nobody(&f, &bin);
	ck_assert_int_eq(mkdir(ro, 0555), 0);
	scratch = tu_path(f.tmp, "scratch");
	ck_assert_int_eq(mkdir(scratch, 0777), 0);
	ck_assert_int_eq(chmod(scratch, 01777), 0);
	ck_assert_int_gt(asprintf(&env_tmp, "TMPDIR=%s", scratch), 0);
	{
		const char *argv[] = { "taits-audit", "review", "--db", f.db, "--out", ro,
				       "--date", "2026-11-02", NULL };
		struct spawn sp = { .argv = argv, .env = { env_tmp }, .as_nobody = nobody,
				    .bin = bin, .err = f.log };
		char *err;
		DIR *d;
		struct dirent *de;
		int files = 0;

		ck_assert_int_eq(run(&sp), 3);
		err = slurp(f.log);
		ck_assert_msg(strstr(err, "cannot write") && strstr(err, "Permission denied"),
			      "%s", err);
		free(err);
		d = opendir(ro);
		while ((de = readdir(d)))
			files += de->d_name[0] != '.';
		closedir(d);
		ck_assert_int_eq(files, 0);
	}
	printf("faults: unwritable --out: a file, a path under a file, a directory without"
	       " write permission (%s)\n",
	       nobody ? "run as uid 65534, dropped from root" : "run as this user");
	expect_unchanged(f.db, before, n);
	free(day), free(file), free(under), free(ro), free(before), free(scratch), free(env_tmp);
	free(bin);
	fx_free(&f);
}
END_TEST

START_TEST(test_disk_full_reports)
{
	struct fx f;
	char *day, *more, *before, *xml, *pdf, *ref_xml;
	size_t n = 0, xml_n = 0, pdf_n = 0;

	fx_init(&f);
	day = make_day(f.tmp, "day", "hb", 5000);
	more = make_day(f.tmp, "more", "mo", 50);
	ingest_ok(&f, day);
	before = tu_read(f.db, &n);
	xml = tu_path(f.out, "review-all-2026-11-02.xml");
	pdf = tu_path(f.out, "review-all-2026-11-02.pdf");
	{
		const char *argv[] = { "taits-audit", "review", "--db", f.db, "--out", f.out,
				       "--date", "2026-11-02", NULL };
		struct spawn sp = { .argv = argv, .err = f.log };
		char *err, *got;

		ck_assert_int_le(run(&sp), 1);
		ref_xml = tu_read(xml, &xml_n);
		free(tu_read(pdf, &pdf_n));
		ck_assert_msg(pdf_n > xml_n + 4096, "the PDF (%zu) is not larger than the XML (%zu)",
			      pdf_n, xml_n);
		/* the disk fills while the XML is written: no report at all */
		tu_rmrf(f.out);
		sp.fsize = xml_n / 2;
		ck_assert_int_eq(run(&sp), 3);
		err = slurp(f.log);
		ck_assert_msg(strstr(err, "review-all-2026-11-02.xml") &&
				      strstr(err, "File too large"),
			      "%s", err);
		free(err);
		ck_assert_int_eq(check_out(f.out), 0);
		ck_assert(!tu_exists(xml) && !tu_exists(pdf));
		/* ... while the PDF is written: the pair is written whole or not at all, so
		 * neither file of the new pair appears, and the previous pair stays as it was:
		 * a whole run first, then another day's data that changes the report */
		tu_rmrf(f.out);
		sp.fsize = 0;
		ck_assert_int_le(run(&sp), 1);
		char *ref_pdf = tu_read(pdf, &pdf_n);
		ingest_ok(&f, more);
		free(before);
		before = tu_read(f.db, &n); /* what the failing review must leave */
		sp.fsize = xml_n + (pdf_n - xml_n) / 2;
		ck_assert_int_eq(run(&sp), 3);
		err = slurp(f.log);
		/* the file's own error, though libharu reports it as its compressor's */
		ck_assert_msg(strstr(err, "review-all-2026-11-02.pdf") &&
				      strstr(err, "write error: File too large"),
			      "%s", err);
		free(err);
		ck_assert_int_eq(check_out(f.out), 0);
		got = tu_read(xml, NULL);
		ck_assert_msg(got && !strcmp(got, ref_xml), "the XML is not the previous run's");
		free(got);
		size_t m = 0;
		got = tu_read(pdf, &m);
		ck_assert_msg(got && m == pdf_n && !memcmp(got, ref_pdf, m),
			      "the PDF is not the previous run's");
		free(got), free(ref_pdf);
		/* and the new pair differs: the XML kept is not the one the run made */
		sp.fsize = 0;
		ck_assert_int_le(run(&sp), 1);
		got = tu_read(xml, NULL);
		ck_assert_msg(got && strcmp(got, ref_xml), "the new data did not change the XML");
		free(got);
	}
	expect_unchanged(f.db, before, n);
	free(day), free(more), free(before), free(xml), free(pdf), free(ref_xml);
	fx_free(&f);
}
END_TEST

/*
 * A file size limit (ulimit -f) met while ingesting, in two cases (_i). 0: room for a
 * little more than the store holds, so the journal or the store outgrows it mid-run: a
 * full disk, rolled back. 1: a limit below the store's size, under which a failed write
 * could not be rolled back (the original pages past the limit cannot be written again):
 * the run is refused before it writes, and a review that only reads the store still
 * runs. Either way the store is left byte for byte as it was, with no journal beside it.
 */
START_TEST(test_file_size_limit)
{
	struct fx f;
	char *day, *before, *err;
	size_t n = 0;
	struct state s0, s;
	rlim_t fsize;

	fx_init(&f);
	before = stored_before(&f, 2000, DAY_LINES, &day, &n);
	s0 = inspect(f.db);
	fsize = _i == 0 ? (rlim_t)n + 64 * 1024 : (rlim_t)n - 32 * 1024;
	{
		const char *argv[] = { "taits-audit", "ingest", "--db", f.db, day, NULL };
		struct spawn sp = { .argv = argv, .err = f.log, .fsize = fsize };
		const char *msg;

		ck_assert_int_eq(run(&sp), 4);
		err = slurp(f.log);
		ck_assert_msg(strstr(err, "taits-audit: store: '") && strstr(err, f.db), "%s", err);
		if (_i == 0) {
			ck_assert_msg(strstr(err, "disk full"), "%s", err);
			/* SQLite's temporary files fill a disk too: the message says where
			 * else to look */
			ck_assert_msg(strstr(err, "or that of SQLite's temporary files:"
						  " SQLITE_TMPDIR, else TMPDIR"), "%s", err);
		} else {
			ck_assert_msg(strstr(err, "than the file size limit (ulimit -f: "), "%s",
				      err);
		}
		msg = strstr(err, "taits-audit: store");
		printf("faults: %s while ingesting: exit 4, \"%.*s\"\n",
		       _i == 0 ? "full disk" : "a file size limit below the store's size",
		       (int)strcspn(msg, "\n"), msg);
		free(err);
	}
	expect_unchanged(f.db, before, n);
	s = inspect(f.db);
	ck_assert(same(s, s0));
	if (_i == 1) {
		const char *argv[] = { "taits-audit", "review", "--db", f.db, "--date",
				       "2026-11-28", "--format", "xml", "--out", f.tmp, NULL };
		struct spawn sp = { .argv = argv, .err = f.log, .fsize = fsize };
		int rc = run(&sp);

		ck_assert_msg(rc == 0 || rc == 1, "review under the limit: exit %d: %s", rc,
			      slurp(f.log));
		expect_unchanged(f.db, before, n);
	}
	free(day), free(before);
	fx_free(&f);
}
END_TEST

/* Memory running out mid-ingest, on the thread that reads the input (while the other
 * writes the store) or on the one that writes: exit 4, said, and the run undone before
 * the process ends, so that the store file alone is as before, with no journal beside it
 * (a copy of the file alone is a whole store). */
START_TEST(test_out_of_memory_undoes_the_run)
{
	static const char *const faults[] = { "TAITS_AUDIT_FAULT=pipe.oom:3000",
					      "TAITS_AUDIT_FAULT=store.oom:3000" };
	struct fx f;
	char *day, *before, *err;
	size_t n = 0;
	struct state s0;

	fx_init(&f);
	before = stored_before(&f, 2000, DAY_LINES, &day, &n);
	s0 = inspect(f.db);
	{
		const char *argv[] = { "taits-audit", "ingest", "--db", f.db, day, NULL };
		struct spawn sp = { .argv = argv, .err = f.log, .env = { faults[_i] } };

		ck_assert_int_eq(run(&sp), 4);
		err = slurp(f.log);
		ck_assert_msg(strstr(err, "taits-audit: out of memory (") &&
				      strstr(err, "the run's changes to the store are undone"),
			      "%s", err);
		const char *msg = strstr(err, "taits-audit: out of memory (");
		printf("faults: out of memory on the %s thread: exit 4, \"%.*s\"\n",
		       _i == 0 ? "reading" : "writing", (int)strcspn(msg, "\n"), msg);
		free(err);
	}
	expect_unchanged(f.db, before, n);
	ck_assert(same(inspect(f.db), s0));
	ingest_ok(&f, day); /* the store takes the run again */
	ck_assert(!same(inspect(f.db), s0));
	free(day), free(before);
	fx_free(&f);
}
END_TEST

/*
 * Memory running out at any point of a one-command review (ingest, rules, XML, PDF), as
 * an address-space limit (ulimit -v) makes it run out: wherever it happens, in our code
 * or in a library's, the run ends with exit 4 and says "out of memory", never with a
 * signal or another status. Swept: every AS_STEP from the least limit `--version` runs
 * within (below it the dynamic loader may fail before the program starts: 127, or a
 * SIGSEGV in its own setup) to the least the review completes within, both found first.
 * A crash window once found was 100 KiB wide (a stack growing by 290 KB: SIGSEGV).
 */
#define AS_STEP ((rlim_t)64 << 10)

static int within(struct fx *f, const char *const *argv, rlim_t as)
{
	struct spawn sp = { .argv = argv, .err = f->log, .as = as };
	int rc = run(&sp);

	unlink(f->db);
	unlink(f->journal);
	tu_rmrf(f->out);
	return rc;
}

/* The least limit (to AS_STEP) within which argv exits with `status`, given that it
 * does at hi and not at lo. */
static rlim_t least_limit(struct fx *f, const char *const *argv, int status, rlim_t lo,
			  rlim_t hi)
{
	while (hi - lo > AS_STEP) {
		rlim_t mid = lo + (hi - lo) / 2;
		if (within(f, argv, mid) == status)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}

START_TEST(test_address_space_short_is_exit_4)
{
	struct fx f;
	char *bundle = tu_path(tu_srcdir(), "samples/bad-day");
	const char *version[] = { "taits-audit", "--version", NULL };
	const char *review[] = { "taits-audit", "review", "--db", NULL, "--date", "2026-11-27",
				 "--out", NULL, "--quiet", bundle, NULL };
	rlim_t lo = (rlim_t)1 << 20, hi = (rlim_t)1 << 30, start, done, as;
	int oom = 0, ran = 0, n = 0;

	fx_init(&f);
	review[3] = f.db;
	review[7] = f.out;
	ck_assert_int_eq(within(&f, review, hi), 1); /* bad-day has findings */
	ck_assert_int_ne(within(&f, review, lo), 1);
	ck_assert_int_eq(within(&f, version, hi), 0);
	done = least_limit(&f, review, 1, lo, hi);
	start = least_limit(&f, version, 0, lo, done) + AS_STEP;
	for (as = start; as < done; as += AS_STEP, n++) {
		int rc = within(&f, review, as);
		char *err = slurp(f.log);
		if (rc == 4) /* ours, or a system call's (ENOMEM) */
			ck_assert_msg(strstr(err, "out of memory") ||
					      strstr(err, strerror(ENOMEM)),
				      "limit %lu: exit 4: %s", (unsigned long)as, err);
		else
			ck_assert_msg(rc == 1, "limit %lu: exit %d: %s", (unsigned long)as, rc,
				      err);
		oom += rc == 4;
		ran += rc == 1;
		free(err);
	}
	/* the sweep met memory running out, often */
	ck_assert_int_ge(oom, 20);
	printf("faults: address space from %lu to %lu KiB for a review, %d limits: %d exit 4,"
	       " %d ran\n", (unsigned long)(start >> 10), (unsigned long)(done >> 10), n, oom,
	       ran);
	free(bundle);
	fx_free(&f);
}
END_TEST

START_TEST(test_read_only_store)
{
	struct fx f;
	char *day, *more, *before, *err, *scratch, *env_tmp = NULL, *bin = NULL;
	size_t n = 0;
	int nobody;

	fx_init(&f);
	day = make_day(f.tmp, "day", "hb", 1000);
	more = make_day(f.tmp, "more", "mo", 1000);
	ingest_ok(&f, day);
	{
		/* of an older version: a command that may not write it reads it as it is,
		 * where one that may would bring it to this version */
		sqlite3 *h = NULL;
		ck_assert_int_eq(sqlite3_open(f.db, &h), SQLITE_OK);
		ck_assert_int_eq(sqlite3_exec(h, "PRAGMA user_version = 3", NULL, NULL, NULL),
				 SQLITE_OK);
		sqlite3_close(h);
	}
	before = tu_read(f.db, &n);
	nobody = as_nobody(&f, &bin);
	ck_assert_int_eq(chmod(f.db, 0444), 0);
	scratch = tu_path(f.tmp, "scratch");
	ck_assert_int_eq(mkdir(scratch, 0777), 0);
	ck_assert_int_eq(chmod(scratch, 01777), 0);
	ck_assert_int_eq(mkdir(f.out, 0777), 0);
	ck_assert_int_eq(chmod(f.out, 0777), 0);
	ck_assert_int_gt(asprintf(&env_tmp, "TMPDIR=%s", scratch), 0);
	/* the directory too: not even a journal can be made beside the store */
	ck_assert_int_eq(chmod(f.tmp, 0555), 0);
	{
		const char *argv[] = { "taits-audit", "ingest", "--db", f.db, more, NULL };
		const char *review[] = { "taits-audit", "review", "--db", f.db, "--out", f.out,
					 "--date", "2026-11-02", NULL };
		struct spawn sp = { .argv = argv, .env = { env_tmp }, .as_nobody = nobody,
				    .bin = bin, .err = f.log };

		ck_assert_int_eq(run(&sp), 4);
		err = slurp(f.log);
		ck_assert_msg(strstr(err, f.db) && strstr(err, "read-only"), "%s", err);
		printf("faults: read-only store (%s): exit 4, \"%.*s\"\n",
		       nobody ? "run as uid 65534, dropped from root" : "run as this user",
		       (int)strcspn(err, "\n"), err);
		free(err);
		/* reading it is fine: an auditor can review from a read-only copy */
		char *xml = tu_path(f.out, "review-all-2026-11-02.xml");
		sp.argv = review;
		ck_assert_int_le(run(&sp), 1);
		ck_assert_msg(tu_exists(xml), "no report from the read-only store: %s",
			      slurp(f.log));
		ck_assert_int_eq(check_out(f.out), 0);
		/* the file this user's to write, its directory not: no journal can be made,
		 * so the older store is read as it is, not refused */
		ck_assert_int_eq(chmod(f.db, 0666), 0);
		ck_assert_msg(run(&sp) <= 1, "the older store in a read-only directory: %s",
			      slurp(f.log));
		ck_assert_int_eq(check_out(f.out), 0);
		/* and an ingest is refused for what stops it: the directory */
		sp.argv = argv;
		ck_assert_int_eq(run(&sp), 4);
		err = slurp(f.log);
		ck_assert_msg(strstr(err, f.db) && strstr(err, "directory is not writable"),
			      "%s", err);
		free(err);
		ck_assert_int_eq(chmod(f.db, 0444), 0);
		free(xml);
	}
	ck_assert_int_eq(chmod(f.tmp, 0755), 0);
	expect_unchanged(f.db, before, n);
	free(day), free(more), free(before), free(scratch), free(env_tmp), free(bin);
	fx_free(&f);
}
END_TEST

/* A review of a store of an older version brings it to this version when it can at once,
 * and reads it as it is when it cannot: another process holds the store (a reader's
 * snapshot), so that the review neither waits nor fails. */
START_TEST(test_older_store_read_while_held)
{
	struct fx f;
	char *day, *xml;
	sqlite3 *h = NULL, *reader = NULL;

	fx_init(&f);
	day = make_day(f.tmp, "day", "hb", 200);
	ingest_ok(&f, day);
	ck_assert_int_eq(sqlite3_open(f.db, &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h, "PRAGMA user_version = 3", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	ck_assert_int_eq(sqlite3_open(f.db, &reader), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(reader, "BEGIN; SELECT count(*) FROM record", NULL, NULL,
				      NULL), SQLITE_OK);
	xml = tu_path(f.out, "review-all-2026-11-02.xml");
	{
		const char *argv[] = { "taits-audit", "review", "--db", f.db, "--date",
				       "2026-11-02", "--out", f.out, "--format", "xml", NULL };
		struct spawn sp = { .argv = argv, .err = f.log,
				    .env = { "TAITS_AUDIT_BUSY_TIMEOUT_MS=100" } };
		double t0 = now();
		int rc = run(&sp);
		ck_assert_msg(rc <= 1, "the review of a held older store exited %d: %s", rc,
			      slurp(f.log));
		ck_assert_msg(now() - t0 < 20, "the review waited");
		ck_assert(tu_exists(xml));
		ck_assert_int_eq(tu_db_int(f.db, "PRAGMA user_version", NULL), 3);
		/* let go: the next review brings it to this version */
		ck_assert_int_eq(sqlite3_exec(reader, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(reader);
		ck_assert_int_le(run(&sp), 1);
		ck_assert_int_eq(tu_db_int(f.db, "PRAGMA user_version", NULL),
				 STORE_SCHEMA_VERSION);
	}
	free(day), free(xml);
	fx_free(&f);
}
END_TEST

/* A run killed mid-write leaves its journal beside the store; a reader who may not write
 * the store cannot roll it back, and is told so, and why; a writer's next command does. */
START_TEST(test_read_only_store_hot_journal)
{
	struct fx f;
	char *seed, *before, *err, *bin = NULL;
	size_t n = 0;
	pid_t pid;
	int nobody;

	fx_init(&f);
	seed = make_day(f.tmp, "seed", "s", 5000);
	ingest_ok(&f, seed);
	before = tu_read(f.db, &n);
	/* a writer that dies with its pages half written: a small cache spills the changed
	 * pages into the store, their old contents into the journal */
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		sqlite3 *h = NULL;
		if (sqlite3_open(f.db, &h) != SQLITE_OK ||
		    sqlite3_exec(h, "PRAGMA cache_size = 1; BEGIN;"
				 " UPDATE record SET line = line + 1;", NULL, NULL, NULL) != SQLITE_OK)
			_exit(1);
		raise(SIGKILL); /* killed before its commit (and before valgrind's leak check) */
		_exit(1);
	}
	ck_assert_int_eq(finish(pid), 128 + SIGKILL);
	ck_assert_msg(tu_exists(f.journal), "the dead writer left no journal");
	nobody = as_nobody(&f, &bin);
	ck_assert_int_eq(chmod(f.db, 0444), 0);
	ck_assert_int_eq(chmod(f.journal, 0444), 0);
	ck_assert_int_eq(mkdir(f.out, 0777), 0);
	ck_assert_int_eq(chmod(f.out, 0777), 0);
	ck_assert_int_eq(chmod(f.tmp, 0555), 0);
	{
		const char *review[] = { "taits-audit", "review", "--db", f.db, "--date",
					 "2026-11-02", "--format", "xml", "--out", f.out, NULL };
		struct spawn sp = { .argv = review, .as_nobody = nobody, .bin = bin, .err = f.log };

		int rc = run(&sp);
		err = slurp(f.log);
		ck_assert_msg(rc == 4 && strstr(err, "interrupted ingest") &&
				      strstr(err, "journal"), "exit %d: %s", rc, err);
		printf("faults: a dead writer's journal, read-only to the reader: exit 4, "
		       "\"%.*s\"\n", (int)strcspn(err, "\n"), err);
		free(err);
	}
	ck_assert_int_eq(chmod(f.tmp, 0755), 0);
	ck_assert_int_eq(chmod(f.db, 0644), 0);
	/* the next command that may write rolls the killed run back */
	ck_assert_int_eq(inspect(f.db).runs, 1);
	ck_assert_msg(!tu_exists(f.journal), "the journal is still there");
	expect_unchanged(f.db, before, n);
	free(seed), free(before), free(bin);
	fx_free(&f);
}
END_TEST

START_TEST(test_missing_bundle)
{
	struct fx f;
	char *day, *missing, *before, *err;
	size_t n = 0;

	fx_init(&f);
	day = make_day(f.tmp, "day", "hb", 100);
	ingest_ok(&f, day);
	before = tu_read(f.db, &n);
	missing = tu_path(f.tmp, "no-such-bundle");
	{
		const char *argv[] = { "taits-audit", "ingest", "--db", f.db, day, missing, NULL };
		const char *review[] = { "taits-audit", "review", "--db", f.db, "--out", f.out,
					 "--date", "2026-11-02", missing, NULL };
		struct spawn sp = { .argv = argv, .err = f.log };

		/* one missing PATH fails the run: the bundle given with it is not stored */
		ck_assert_int_eq(run(&sp), 3);
		err = slurp(f.log);
		ck_assert_msg(strstr(err, missing) && strstr(err, "No such file or directory"),
			      "%s", err);
		free(err);
		sp.argv = review;
		ck_assert_int_eq(run(&sp), 3);
		ck_assert(!tu_exists(f.out));
	}
	{
		/* into a store that is not there yet, it creates none: a store created empty
		 * would only fail the next command with "holds nothing ingested yet" */
		char *fresh = tu_path(f.tmp, "fresh.db");
		const char *argv[] = { "taits-audit", "ingest", "--db", fresh, missing, NULL };
		const char *review[] = { "taits-audit", "review", "--db", fresh, "--out", f.out,
					 "--date", "2026-11-02", day, "/dev/null", NULL };
		struct spawn sp = { .argv = argv, .err = f.log };
		ck_assert_int_eq(run(&sp), 3);
		ck_assert_msg(!tu_exists(fresh), "ingest of a missing PATH created the store");
		sp.argv = review;
		ck_assert_int_eq(run(&sp), 3);
		err = slurp(f.log);
		ck_assert_msg(strstr(err, "'/dev/null': not a regular file or directory"), "%s",
			      err);
		free(err);
		ck_assert_msg(!tu_exists(fresh), "review of a device created the store");
		free(fresh);
	}
	{
		/* nor does a PATH there that cannot be read (as root, run as NOBODY) */
		char *bin = NULL, *w = tu_path(f.tmp, "w"), *locked, *fresh;
		int nobody = as_nobody(&f, &bin);
		ck_assert_int_eq(mkdir(w, 0777), 0);
		ck_assert_int_eq(chmod(w, 01777), 0);
		locked = tu_path(w, "locked");
		fresh = tu_path(w, "fresh.db");
		ck_assert_int_eq(mkdir(locked, 0), 0);
		const char *argv[] = { "taits-audit", "ingest", "--db", fresh, locked, NULL };
		struct spawn sp = { .argv = argv, .err = f.log, .as_nobody = nobody, .bin = bin };
		if (nobody || geteuid() != 0) {
			ck_assert_int_eq(run(&sp), 3);
			err = slurp(f.log);
			ck_assert_msg(strstr(err, "cannot open directory: Permission denied"), "%s",
				      err);
			free(err);
			ck_assert_msg(!tu_exists(fresh),
				      "ingest of an unreadable PATH created the store");
			/* read but not searched: its files could not be opened */
			ck_assert_int_eq(chmod(locked, 0444), 0);
			ck_assert_int_eq(run(&sp), 3);
			ck_assert_msg(!tu_exists(fresh),
				      "ingest of an unsearchable PATH created the store");
		}
		ck_assert_int_eq(chmod(locked, 0755), 0);
		free(bin), free(w), free(locked), free(fresh);
	}
	expect_unchanged(f.db, before, n);
	free(day), free(missing), free(before);
	fx_free(&f);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("faults");
	TCase *tc = tcase_create("faults");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_kill_ingest);
	tcase_add_test(tc, test_kill_review);
	tcase_add_test(tc, test_stderr_reader_gone);
	tcase_add_test(tc, test_concurrent_ingests_wait);
	tcase_add_test(tc, test_concurrent_ingest_busy);
	tcase_add_test(tc, test_review_reads_one_snapshot);
	tcase_add_test(tc, test_out_unwritable);
	tcase_add_test(tc, test_out_without_tmpfile_ignores_planted_link);
	tcase_add_test(tc, test_out_without_tmpfile_removes_what_a_kill_left);
	tcase_add_test(tc, test_stale_output_probe_removed);
	tcase_add_test(tc, test_stdout_unwritable);
	tcase_add_test(tc, test_disk_full_reports);
	tcase_add_loop_test(tc, test_file_size_limit, 0, 2);
	tcase_add_loop_test(tc, test_out_of_memory_undoes_the_run, 0, 2);
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
	/* not in an AddressSanitizer (or ThreadSanitizer) build: it reserves far more
	 * address space than the limits leave, and cannot start under them */
	tcase_add_test(tc, test_address_space_short_is_exit_4);
#endif
	tcase_add_test(tc, test_read_only_store);
	tcase_add_test(tc, test_read_only_store_hot_journal);
	tcase_add_test(tc, test_older_store_read_while_held);
	tcase_add_test(tc, test_missing_bundle);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_main(suite());
}
