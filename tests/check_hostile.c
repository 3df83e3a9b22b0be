/*
 * check_hostile.c - hostile input against the real binary: YAML alias bombs, deep
 * nesting, a 64 MiB line, invalid UTF-8, NUL bytes, byte-order marks, CRLF, a truncated
 * last line, empty files, binary junk, symlink loops and special files, escaping paths in
 * SHA256SUMS, duplicate keys, numbers and timestamps out of range, fields of the wrong
 * type, and tailoring files with unknown keys or bad values.
 *
 * Each test writes a bundle into a scratch directory, runs `taits-audit ingest` (or
 * `review`) on it and asserts: no crash and the exit status of CLI.md; a message naming
 * file, line and field; the record kept in the store's `rejected` table when it is a
 * record; and the child's peak memory under RSS_CEILING_KB. The last test replays the
 * fuzzers' seed corpora and every input they crashed on (tests/fuzz/).
 */
#define _XOPEN_SOURCE 700
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"
#include "util/buf.h"
#include "util/sha256.h"
#include "util/tree.h"

/* Peak resident memory allowed to one run of the binary on any hostile input. The 64 MiB
 * line must be streamed, never held whole. Under AddressSanitizer the shadow memory and
 * the quarantine of freed blocks add their own share. */
#if defined(__SANITIZE_ADDRESS__)
#define RSS_CEILING_KB (192L * 1024)
#else
#define RSS_CEILING_KB (64L * 1024)
#endif

#define MIB (1L << 20)

/* ---- scratch bundles and runs ---- */

struct hx {
	char *tmp, *db, *bundle;
	struct tu_proc p;
};

static void hx_init(struct hx *h)
{
	memset(h, 0, sizeof(*h));
	h->tmp = tu_tmpdir();
	h->db = tu_path(h->tmp, "s.db");
	h->bundle = tu_path(h->tmp, "bundle");
	ck_assert_int_eq(mkdir(h->bundle, 0777), 0);
}

static void hx_free(struct hx *h)
{
	tu_proc_free(&h->p);
	tu_rmrf(h->tmp);
	free(h->tmp), free(h->db), free(h->bundle);
}

/* The ceiling check_rss() asserts when not RSS_CEILING_KB (0). */
static long rss_ceiling_kb;

/* Returns 1 when the peak was measured (and asserted), 0 when it cannot be. */
static int check_rss(const struct tu_proc *p)
{
	const long ceiling = rss_ceiling_kb ? rss_ceiling_kb : RSS_CEILING_KB;
	struct rusage self;

	/* Linux carries a process's high-water mark across exec, so a child's peak starts
	 * from its parent's size at fork. Under valgrind this test process alone is near the
	 * ceiling and the figure would say nothing about the binary: it is asserted in the
	 * plain and the sanitizer runs instead. */
	getrusage(RUSAGE_SELF, &self);
	if (self.ru_maxrss > RSS_CEILING_KB / 2)
		return 0;
	ck_assert_msg(p->max_rss_kb > 0 && p->max_rss_kb < ceiling,
		      "peak memory %ld KiB, ceiling %ld KiB", p->max_rss_kb, ceiling);
	return 1;
}

/* Runs argv (argv[0] ignored); the run must not crash and stays under the ceiling. */
static int hx_run(struct hx *h, const char *const *argv)
{
	tu_proc_free(&h->p);
	tu_run(&h->p, argv);
	ck_assert_msg(h->p.status < 128, "killed by signal %d; stderr:\n%s", h->p.status - 128,
		      h->p.err);
	check_rss(&h->p);
	return h->p.status;
}

/* `taits-audit ingest --db DB BUNDLE`, expected to succeed. */
static void hx_ingest(struct hx *h)
{
	const char *argv[] = { "taits-audit", "ingest", "--db", h->db, h->bundle, NULL };

	ck_assert_msg(hx_run(h, argv) == 0, "ingest exited %d:\n%s", h->p.status, h->p.err);
}

/* hx_run() of an input that makes and frees many large blocks. ASan keeps 256 MB of
 * freed blocks by default, which a stream of them fills; what is measured is the tool's
 * memory, so under ASan the quarantine is kept small for this run. */
static int hx_run_measured(struct hx *h, const char *const *argv)
{
	int rc;
#if defined(__SANITIZE_ADDRESS__)
	const char *asan = getenv("ASAN_OPTIONS");
	struct buf opts = BUF_INIT;
	char *saved = asan ? strdup(asan) : NULL;
	buf_addf(&opts, "%s%squarantine_size_mb=16", asan ? asan : "", asan && *asan ? ":" : "");
	setenv("ASAN_OPTIONS", opts.data, 1);
	buf_release(&opts);
#endif
	rc = hx_run(h, argv);
#if defined(__SANITIZE_ADDRESS__)
	if (saved)
		setenv("ASAN_OPTIONS", saved, 1);
	else
		unsetenv("ASAN_OPTIONS");
	free(saved);
#endif
	return rc;
}

/* hx_ingest(), measured as hx_run_measured() measures. */
static void hx_ingest_measured(struct hx *h)
{
	const char *argv[] = { "taits-audit", "ingest", "--db", h->db, h->bundle, NULL };

	ck_assert_msg(hx_run_measured(h, argv) == 0, "ingest exited %d:\n%s", h->p.status,
		      h->p.err);
}

static void put(struct hx *h, const char *rel, const char *text)
{
	tu_write(h->bundle, rel, text, -1);
}

static void put_n(struct hx *h, const char *rel, const void *data, size_t n)
{
	tu_write(h->bundle, rel, data, (long)n);
}

/* ---- reading the store (read-only, with SQL parameters as text) ---- */

static long count_rejected(struct hx *h, const char *file)
{
	return tu_db_int(h->db, "SELECT count(*) FROM rejected j JOIN input_file f ON f.id = j.file_id"
			        " WHERE f.path = ?1", file, NULL);
}

static long count_records(struct hx *h, const char *file)
{
	return tu_db_int(h->db, "SELECT count(*) FROM record r JOIN input_file f ON f.id = r.file_id"
			        " WHERE f.path = ?1", file, NULL);
}

/*
 * The record at file:line was rejected: stderr says so as
 * "ingest: 'bundle/file':line[:column]: field 'f': reason..." (field NULL: no field part:
 * the file as it can be opened, whichever bundle it is in), and the
 * store keeps it in `rejected` with that field and a reason containing `reason`.
 */
static void expect_rejected(struct hx *h, const char *file, long line, const char *field,
			    const char *reason)
{
	struct buf at = BUF_INIT, want = BUF_INIT;
	char ln[24];
	int seen = 0;

	buf_addf(&at, "ingest: '%s/%s':%ld", h->bundle, file, line);
	if (field)
		buf_addf(&want, "field '%s': ", field);
	buf_adds(&want, reason);
	for (const char *p = h->p.err; !seen && (p = strstr(p, at.data)); p++) {
		const char *q = p + at.len;
		if (*q == ':' && q[1] >= '0' && q[1] <= '9') /* the column, when known */
			for (q++; *q >= '0' && *q <= '9'; q++)
				;
		seen = !strncmp(q, ": ", 2) && !strncmp(q + 2, want.data, want.len);
	}
	ck_assert_msg(seen, "stderr lacks \"%s[:column]: %s\":\n%s", at.data, want.data,
		      h->p.err);
	buf_release(&at);
	snprintf(ln, sizeof(ln), "%ld", line);
	ck_assert_msg(tu_db_int(h->db,
			        "SELECT count(*) FROM rejected j JOIN input_file f ON f.id = j.file_id"
			        " WHERE f.path = ?1 AND j.line = ?2 AND coalesce(j.field, '') = ?3"
			        " AND instr(j.reason, ?4) > 0",
			        file, ln, field ? field : "", reason, NULL) == 1,
		      "no rejected row %s:%ld field '%s' reason '%s'", file, line,
		      field ? field : "", reason);
	buf_release(&want);
}

/* The rejected record at file:line is kept byte for byte. */
static void expect_raw(struct hx *h, const char *file, long line, const void *bytes, size_t n)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s;
	char ln[24];

	snprintf(ln, sizeof(ln), "%ld", line);
	ck_assert_int_eq(sqlite3_open_v2(h->db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db,
					    "SELECT raw FROM rejected j JOIN input_file f"
					    " ON f.id = j.file_id WHERE f.path = ?1 AND j.line = ?2",
					    -1, &s, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(s, 1, file, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, ln, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
	ck_assert_msg((size_t)sqlite3_column_bytes(s, 0) == n &&
			      !memcmp(sqlite3_column_blob(s, 0), bytes, n),
		      "%s:%ld: raw bytes differ (%d stored, %zu expected)", file, line,
		      sqlite3_column_bytes(s, 0), n);
	sqlite3_finalize(s);
	sqlite3_close(db);
}

/* A heartbeat event with the given seq, valid in every respect. */
static void heartbeat(struct buf *b, int seq)
{
	buf_addf(b, "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T09:00:%02dZ\",\"source\":\"hb\","
		    "\"seq\":%d,\"environment\":\"sim\",\"component\":\"audit_log\","
		    "\"status\":\"ok\"}",
		 seq % 60, seq);
}

/* Writes file rel of the bundle: one heartbeat record, seq 1, and gives its SHA-256 (hex),
 * as a SHA256SUMS line lists it. */
static void put_heartbeat_file(struct hx *h, const char *rel, char hex[SHA256_HEX_LEN + 1])
{
	struct buf rec = BUF_INIT;
	unsigned char d[SHA256_LEN];

	heartbeat(&rec, 1);
	put(h, rel, rec.data);
	sha256_once(rec.data, rec.len, d);
	sha256_hex(d, hex);
	buf_release(&rec);
}

#define HB_YAML "kind: heartbeat\nts: 2026-11-02T09:00:00Z\nsource: hb\nseq: 1\n"

/* Lines of the file at path holding needle, read a line at a time (a report of a big day
 * read whole would count in this process's size, and so in its children's peaks). */
static long lines_with(const char *path, const char *needle)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	long n = 0;

	ck_assert_ptr_nonnull(fp);
	while (getline(&line, &cap, fp) > 0)
		n += strstr(line, needle) != NULL;
	free(line);
	fclose(fp);
	return n;
}

/* Ingests h's bundle and reviews the day `date`, both measured; the review must exit
 * `status`. Its peak memory goes into *peak, and *measured stays 1 while the peaks could
 * be measured (check_rss()). Returns the output directory, a new string. */
static char *hx_review_measured(struct hx *h, const char *date, int status, long *peak,
				int *measured)
{
	const char *argv[] = { "taits-audit", "review", "--quiet", "--db", h->db, "--date", date,
			       "--out", NULL, NULL };
	char *out = tu_path(h->tmp, "out");

	hx_ingest_measured(h);
	argv[8] = out;
	hx_run_measured(h, argv);
	ck_assert_msg(h->p.status == status, "review exited %d, not %d:\n%s", h->p.status,
		      status, h->p.err);
	*peak = h->p.max_rss_kb;
	*measured = *measured && check_rss(&h->p);
	return out;
}

/* A day of many unresolved alerts and kill switch tests: the review lists every one in the
 * XML and draws the first of them in the PDF, and its memory does not grow with them. It
 * held each in memory once (40,000 of each took 65 MiB, 300,000 alerts 215 MiB); the rows
 * now wait in the store's temporary file and are read as they are written. Both sizes
 * are past where SQLite's caches fill (about 60,000 of each): below it a smaller day
 * takes less, and the two peaks would differ by the caches, not by the alerts. */
START_TEST(test_many_alerts_and_markers_stay_flat)
{
	static const long sizes[] = { 80000, 320000 };
	long peak[2] = { 0, 0 };
	int measured = 1;

#if defined(__SANITIZE_ADDRESS__)
	/* SQLite's many small blocks, each with its redzones, take the review to about
	 * 205 MiB under ASan (53 MiB without), at either size */
	rss_ceiling_kb = 256L * 1024;
#endif
	for (int k = 0; k < 2; k++) {
		struct hx h;
		struct buf b = BUF_INIT;
		char *xml, *out;
		FILE *fp;

		hx_init(&h);
		for (int kind = 0; kind < 2; kind++) {
			char *path = tu_path(h.bundle, kind ? "ks.jsonl" : "alerts.jsonl");
			fp = fopen(path, "wb"); /* written as it goes: the test holds none of it */
			ck_assert_ptr_nonnull(fp);
			for (long i = 0; i < sizes[k]; i++) {
				long us = i * (80000000000L / sizes[k]); /* over 22 hours */
				buf_reset(&b);
				buf_addf(&b, "{\"ts\":\"2026-11-28T%02ld:%02ld:%02ld.%06ld+08:00\","
					     "\"seq\":%ld,\"environment\":\"sim\",",
					 us / 3600000000L, us / 60000000L % 60, us / 1000000L % 60,
					 us % 1000000L, i + 1);
				if (kind)
					buf_addf(&b, "\"kind\":\"kill_switch\",\"source\":\"ks\","
						     "\"action\":\"test\",\"result\":\"ok\","
						     "\"correlation_id\":\"KS-TEST-%08ld\"}\n", i);
				else
					buf_addf(&b, "\"kind\":\"alert\",\"source\":\"mon\","
						     "\"alert_id\":\"ALR-%08ld\",\"severity\":\"WARN\","
						     "\"component\":\"execution\",\"message\":\"slow\","
						     "\"correlation_id\":\"FLOW-20261128-%08ld\","
						     "\"status\":\"open\"}\n", i, i);
				ck_assert_uint_eq(fwrite(b.data, 1, b.len, fp), b.len);
			}
			ck_assert_int_eq(fclose(fp), 0);
			free(path);
		}
		buf_release(&b);
		out = hx_review_measured(&h, "2026-11-28", 0, &peak[k], &measured);
		xml = tu_path(out, "review-all-2026-11-28.xml");
		ck_assert_int_eq(lines_with(xml, "<alert "), sizes[k]);
		ck_assert_int_eq(lines_with(xml, "<marker kind=\"kill_switch_test\""), sizes[k]);
		free(xml);
		free(out);
		hx_free(&h);
	}
	printf("hostile: %ld and %ld unresolved alerts and kill switch tests: peak memory %ld and"
	       " %ld KiB\n", sizes[0], sizes[1], peak[0], peak[1]);
	rss_ceiling_kb = 0;
	if (measured)
		ck_assert_msg(peak[1] - peak[0] < 8 * 1024,
			      "the review grew %ld KiB for %ld more alerts and markers",
			      peak[1] - peak[0], 2 * (sizes[1] - sizes[0]));
}
END_TEST

/* A day of many mode changes: sim flaps between observe_only and simulated_execution, and
 * with no kill switch test that day one DO-4.5-FAILURE-DRILL finding cites every stretch
 * in simulated_execution. The report held that finding's evidence whole, and each of the
 * rules' two connections its own copy of the mode timeline with a copy of each mode's
 * name: 120,000 changes took 75 MiB. Now the report reads the evidence a piece at a time
 * as it writes it, and the timeline is held once, naming its modes without copies. What
 * still grows is that timeline (40 bytes a change), the finding's list of records while
 * its rule runs, and the page caches until they are full: 36 and 51 MiB. */
START_TEST(test_many_mode_changes_stay_flat)
{
	static const long sizes[] = { 30000, 120000 };
	long peak[2] = { 0, 0 };
	int measured = 1;

#if defined(__SANITIZE_ADDRESS__)
	rss_ceiling_kb = 256L * 1024; /* as test_many_alerts_and_markers_stay_flat */
#endif
	for (int k = 0; k < 2; k++) {
		struct hx h;
		struct buf b = BUF_INIT;
		char *xml, *out, *path;
		FILE *fp;

		hx_init(&h);
		{ /* the deployment the changes name, from the sample */
			size_t n;
			char *src = tu_src("samples/sim-day/records/deployments/"
					   "DEP-SIM-20261124-01.yaml");
			char *dep = tu_read(src, &n);
			tu_write(h.bundle, "deployment.yaml", dep, (long)n);
			free(dep);
			free(src);
		}
		path = tu_path(h.bundle, "modes.jsonl");
		fp = fopen(path, "wb");
		ck_assert_ptr_nonnull(fp);
		for (long i = 0; i < sizes[k]; i++) {
			long us = i * (80000000000L / sizes[k]); /* over 22 hours */
			buf_reset(&b);
			buf_addf(&b, "{\"kind\":\"mode_change\",\"ts\":\"2026-11-28T%02ld:%02ld:%02ld."
				     "%06ld+08:00\",\"source\":\"ops\",\"seq\":%ld,"
				     "\"environment\":\"sim\","
				     "\"deployment_id\":\"DEP-SIM-20261124-01\","
				     "\"from\":%s,\"to\":\"%s\",\"actor\":\"amy\"}\n",
				 us / 3600000000L, us / 60000000L % 60, us / 1000000L % 60,
				 us % 1000000L, i + 1,
				 i == 0 ? "null" : i % 2 ? "\"observe_only\"" : "\"simulated_execution\"",
				 i % 2 ? "simulated_execution" : "observe_only");
			ck_assert_uint_eq(fwrite(b.data, 1, b.len, fp), b.len);
		}
		ck_assert_int_eq(fclose(fp), 0);
		free(path);
		buf_release(&b);
		out = hx_review_measured(&h, "2026-11-28", 1, &peak[k], &measured);
		xml = tu_path(out, "review-all-2026-11-28.xml");
		ck_assert_int_eq(lines_with(xml, "<finding "), 1);
		ck_assert_int_eq(lines_with(xml, "<finding rule=\"DO-4.5-FAILURE-DRILL\""), 1);
		/* each stretch in simulated_execution is cited once, by the change opening it */
		ck_assert_int_eq(lines_with(xml, "<evidence file=\"modes.jsonl\""), sizes[k] / 2);
		free(xml);
		free(out);
		hx_free(&h);
	}
	printf("hostile: %ld and %ld mode changes: peak memory %ld and %ld KiB\n", sizes[0],
	       sizes[1], peak[0], peak[1]);
	rss_ceiling_kb = 0;
	if (measured)
		ck_assert_msg(peak[1] - peak[0] < 24 * 1024,
			      "the review grew %ld KiB for %ld more mode changes",
			      peak[1] - peak[0], sizes[1] - sizes[0]);
}
END_TEST

/* A day of many order events whose orders have no submit (a day whose OMS log lost its
 * submits, say): each is a LINK-ORPHAN-EVENT finding. The rule joined each event to a
 * table of the day's orders that SQLite did not index, so a day of n such orders took
 * n^2 steps (20,000: 16 s; 100,000: 437 s); now what it says of an order is handed to
 * the order's events by a window over them. */
START_TEST(test_many_orphan_events_each_reported)
{
	static const long n = 30000;
	struct hx h;
	struct buf b = BUF_INIT;
	char *xml, *out, *path;
	long peak = 0;
	int measured = 1;
	FILE *fp;

#if defined(__SANITIZE_ADDRESS__)
	rss_ceiling_kb = 256L * 1024; /* as test_many_alerts_and_markers_stay_flat */
#endif
	hx_init(&h);
	path = tu_path(h.bundle, "oms.jsonl");
	fp = fopen(path, "wb");
	ck_assert_ptr_nonnull(fp);
	for (long i = 0; i < n; i++) {
		long us = i * (80000000000L / n); /* over 22 hours */
		buf_reset(&b);
		buf_addf(&b, "{\"kind\":\"execution\",\"ts\":\"2026-11-28T%02ld:%02ld:%02ld."
			     "%06ld+08:00\",\"source\":\"oms\",\"seq\":%ld,"
			     "\"environment\":\"sim\",\"deployment_id\":\"DEP-SIM-1\","
			     "\"correlation_id\":\"FLOW-20261128-%08ld\",\"event\":\"%s\","
			     "\"order_id\":\"ORD-%08ld\",\"symbol\":\"2330\",\"side\":\"buy\","
			     "\"qty\":1,\"route\":\"simulated\"}\n",
			 us / 3600000000L, us / 60000000L % 60, us / 1000000L % 60, us % 1000000L,
			 i + 1, i, i % 3 ? "fill" : "cancel", i);
		ck_assert_uint_eq(fwrite(b.data, 1, b.len, fp), b.len);
	}
	ck_assert_int_eq(fclose(fp), 0);
	free(path);
	buf_release(&b);
	out = hx_review_measured(&h, "2026-11-28", 1, &peak, &measured);
	xml = tu_path(out, "review-all-2026-11-28.xml");
	ck_assert_int_eq(lines_with(xml, "<finding rule=\"LINK-ORPHAN-EVENT\""), n);
	printf("hostile: %ld order events of orders with no submit, each a finding: peak"
	       " memory %ld KiB\n", n, peak);
	rss_ceiling_kb = 0;
	free(xml);
	free(out);
	hx_free(&h);
}
END_TEST

/* One identity (source, seq and ts) in many records: each content once is a version of
 * it, and each again a copy. The versions are one LOG-CONFLICT, every one kept and
 * marked, and the copies are duplicates. They were compared pairwise at the commit
 * (100,000 versions: 8 s, 400,000: a minute); now sorted. */
START_TEST(test_many_versions_of_one_identity)
{
	static const long versions = 20000;
	struct hx h;
	struct buf b = BUF_INIT;
	char *path;
	FILE *fp;

	hx_init(&h);
	path = tu_path(h.bundle, "hb.jsonl");
	fp = fopen(path, "wb");
	ck_assert_ptr_nonnull(fp);
	for (long i = 0; i < 2 * versions; i++) {
		buf_reset(&b);
		buf_addf(&b, "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-28T10:00:00+08:00\","
			     "\"source\":\"hb\",\"seq\":1,\"environment\":\"sim\","
			     "\"component\":\"execution\",\"status\":\"ok\",\"latency_ms\":%ld}\n",
			 i % versions);
		ck_assert_uint_eq(fwrite(b.data, 1, b.len, fp), b.len);
	}
	ck_assert_int_eq(fclose(fp), 0);
	free(path);
	buf_release(&b);
	hx_ingest(&h);
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM record", NULL), versions);
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM conflict", NULL), versions);
	ck_assert_int_eq(tu_db_int(h.db, "SELECT duplicates FROM ingest_run", NULL), versions);
	ck_assert_int_eq(tu_db_int(h.db, "SELECT conflicts FROM ingest_run", NULL), 1);
	hx_free(&h);
}
END_TEST

/* ---- YAML alias bombs ---- */

START_TEST(test_yaml_alias_bomb)
{
	struct hx h;
	struct buf y = BUF_INIT;

	hx_init(&h);
	/* "billion laughs": nine levels of nine aliases each, 9^9 strings if expanded; an
	 * alias is a copy, and copies may take only so much (64 times the document) */
	buf_adds(&y, "---\n" HB_YAML "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
	for (int i = 1; i <= 9; i++) {
		buf_addf(&y, "l%d: &l%d [", i, i);
		for (int j = 0; j < 9; j++)
			buf_addf(&y, "%s*l%d", j ? ", " : "", i - 1);
		buf_adds(&y, "]\n");
	}
	buf_adds(&y, "--- # a merge key pulling an anchored mapping in\n"
		     "base: &b {kind: heartbeat, source: hb}\n<<: *b\nts: 2026-11-02T09:00:02Z\n"
		     "seq: 2\n");
	buf_adds(&y, "---\n*x : an alias as a key\n");
	buf_adds(&y, "---\nkind: heartbeat\nts: 2026-11-02T09:00:03Z\nsource: hb\nseq: 3\n");
	put(&h, "bomb.yaml", y.data);
	hx_ingest(&h);
	expect_rejected(&h, "bomb.yaml", 1, "l3", "aliases expand the document too far");
	expect_rejected(&h, "bomb.yaml", 16, NULL, "merge keys are not allowed (line 18,");
	expect_rejected(&h, "bomb.yaml", 21, NULL,
			"alias of an anchor not defined before it (line 22,");
	ck_assert_int_eq(count_rejected(&h, "bomb.yaml"), 3);
	/* the stream goes on after a rejected document */
	ck_assert_int_eq(tu_db_int(h.db, "SELECT line FROM record WHERE seq = 3", NULL), 23);
	ck_assert_int_eq(count_records(&h, "bomb.yaml"), 1);
	buf_release(&y);
	hx_free(&h);
}
END_TEST

/* ---- 10,000-deep nesting ---- */

static void nest(struct buf *b, const char *open, const char *inner, const char *close, int n)
{
	for (int i = 0; i < n; i++)
		buf_adds(b, open);
	buf_adds(b, inner);
	for (int i = 0; i < n; i++)
		buf_adds(b, close);
}

START_TEST(test_deep_nesting)
{
	struct hx h;
	struct buf j = BUF_INIT, y = BUF_INIT, line = BUF_INIT;

	hx_init(&h);
	nest(&j, "[", "", "]", 10000);
	buf_addc(&j, '\n');
	nest(&j, "{\"a\":", "1", "}", 10000);
	buf_addc(&j, '\n');
	/* 64 levels is the limit: a record nesting exactly 64 is stored, 65 is not */
	for (int depth = 64; depth <= 65; depth++) {
		buf_reset(&line);
		heartbeat(&line, depth);
		line.len--; /* drop the closing brace */
		buf_adds(&line, ",\"x\":");
		nest(&line, "[", "", "]", depth - 1);
		buf_adds(&line, "}\n");
		buf_add(&j, line.data, line.len);
	}
	put(&h, "deep.jsonl", j.data);
	nest(&y, "[", "", "]", 10000);               /* flow sequences, line 1 */
	buf_adds(&y, "\n---\n");
	nest(&y, "{a: ", "1", "}", 10000);           /* flow mappings, document at line 2 */
	buf_adds(&y, "\n---\n");
	nest(&y, "- ", "x", "", 10000);              /* block sequences on one line, at 4 */
	buf_adds(&y, "\n---\n");
	for (int i = 0; i < 10000 && y.len < 900000; i++) /* block mappings, at 6 */
		buf_addf(&y, "%*sk%d:\n", i % 200, "", i);
	put(&h, "deep.yaml", y.data);
	hx_ingest(&h);
	expect_rejected(&h, "deep.jsonl", 1, NULL, "nested deeper than 64 levels");
	expect_rejected(&h, "deep.jsonl", 2, "a", "nested deeper than 64 levels");
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM record WHERE seq = 64", NULL), 1);
	/* cJSON reads 65 levels (its own limit is 1,000): the record's check names the
	 * member nested too deep, as the parser's own message names its field */
	expect_rejected(&h, "deep.jsonl", 4, "x", "nested deeper than 64 levels");
	expect_rejected(&h, "deep.yaml", 1, NULL, "nested deeper than 64 levels (line 1,");
	expect_rejected(&h, "deep.yaml", 2, "a", "nested deeper than 64 levels (line 3,");
	expect_rejected(&h, "deep.yaml", 4, NULL, "nested deeper than 64 levels (line 5,");
	expect_rejected(&h, "deep.yaml", 6, "k63", "nested deeper than 64 levels (line 71,");
	buf_release(&j), buf_release(&y), buf_release(&line);
	hx_free(&h);
}
END_TEST

/* ---- a 64 MiB single line ---- */

/* Writes head, `pad` bytes of 'x', tail, then `after` into dir/rel, in blocks, so the
 * test itself never holds the line (its memory would count in the child's peak). Returns
 * the SHA-256 of head+pad+tail. */
static void write_long(const char *dir, const char *rel, const char *head, long pad,
		       const char *tail, const char *after, unsigned char sha[SHA256_LEN])
{
	char *path = tu_path(dir, rel);
	FILE *fp = fopen(path, "wb");
	static char block[65536];
	struct sha256 s;

	ck_assert_ptr_nonnull(fp);
	memset(block, 'x', sizeof(block));
	sha256_init(&s);
	fputs(head, fp);
	sha256_update(&s, head, strlen(head));
	for (long done = 0; done < pad;) {
		size_t n = pad - done > (long)sizeof(block) ? sizeof(block) : (size_t)(pad - done);
		ck_assert_uint_eq(fwrite(block, 1, n, fp), n);
		sha256_update(&s, block, n);
		done += (long)n;
	}
	fputs(tail, fp);
	sha256_update(&s, tail, strlen(tail));
	fputs(after, fp);
	ck_assert_int_eq(fclose(fp), 0);
	sha256_final(&s, sha);
	sha256_release(&s);
	free(path);
}

static void expect_long_kept(struct hx *h, const char *file, long length,
			     const unsigned char sha[SHA256_LEN], const char *head)
{
	char len[24], hex[SHA256_HEX_LEN + 1], *got;

	snprintf(len, sizeof(len), "%ld", length);
	sha256_hex(sha, hex);
	/* kept whole, copied into SQLite from the file in chunks */
	ck_assert_int_eq(tu_db_int(h->db,
			           "SELECT count(*) FROM rejected j JOIN input_file f ON f.id = j.file_id"
			           " WHERE f.path = ?1 AND j.line = 1 AND j.length = ?2"
			           " AND length(j.raw) = CAST(?2 AS INTEGER) AND hex(j.sha256) = upper(?3)",
			           file, len, hex, NULL),
			 1);
	/* its first bytes, read without loading the whole value */
	{
		sqlite3 *db = NULL;
		sqlite3_blob *blob = NULL;
		long id = tu_db_int(h->db, "SELECT j.id FROM rejected j JOIN input_file f"
				           " ON f.id = j.file_id WHERE f.path = ?1", file, NULL);
		got = calloc(1, strlen(head) + 1);
		ck_assert_int_eq(sqlite3_open_v2(h->db, &db, SQLITE_OPEN_READONLY, NULL),
				 SQLITE_OK);
		ck_assert_int_eq(sqlite3_blob_open(db, "main", "rejected", "raw", id, 0, &blob),
				 SQLITE_OK);
		ck_assert_int_eq(sqlite3_blob_read(blob, got, (int)strlen(head), 0), SQLITE_OK);
		sqlite3_blob_close(blob);
		sqlite3_close(db);
		ck_assert_str_eq(got, head);
		free(got);
	}
}

START_TEST(test_long_line_jsonl)
{
	struct hx h;
	unsigned char sha[SHA256_LEN];
	const char *head = "{\"kind\":\"heartbeat\",\"pad\":\"", *tail = "\"}";
	struct buf after = BUF_INIT;
	char want[80];

	hx_init(&h);
	buf_addc(&after, '\n');
	heartbeat(&after, 1);
	buf_addc(&after, '\n');
	write_long(h.bundle, "long.jsonl", head, 64 * MIB, tail, after.data, sha);
	hx_ingest(&h);
	snprintf(want, sizeof(want), "record larger than 1048576 bytes (%ld)",
		 64 * MIB + (long)strlen(head) + (long)strlen(tail));
	expect_rejected(&h, "long.jsonl", 1, NULL, want);
	expect_long_kept(&h, "long.jsonl", 64 * MIB + (long)strlen(head) + (long)strlen(tail),
			 sha, head);
	ck_assert_int_eq(tu_db_int(h.db, "SELECT line FROM record", NULL), 2);
	if (check_rss(&h.p))
		printf("hostile: a 64 MiB JSON line: rejected, kept whole, peak memory %ld KiB"
		       " (ceiling %ld)\n", h.p.max_rss_kb, RSS_CEILING_KB);
	buf_release(&after);
	hx_free(&h);
}
END_TEST

START_TEST(test_long_line_yaml)
{
	struct hx h;
	unsigned char sha[SHA256_LEN];
	const char *head = "---\nkind: heartbeat\npad: ", *tail = "\n";
	char want[80];

	hx_init(&h);
	write_long(h.bundle, "long.yaml", head, 64 * MIB, tail, "---\n" HB_YAML, sha);
	hx_ingest(&h);
	snprintf(want, sizeof(want), "record larger than 1048576 bytes (%ld)",
		 64 * MIB + (long)strlen(head) + (long)strlen(tail));
	expect_rejected(&h, "long.yaml", 1, NULL, want);
	expect_long_kept(&h, "long.yaml", 64 * MIB + (long)strlen(head) + (long)strlen(tail), sha,
			 head);
	ck_assert_int_eq(tu_db_int(h.db, "SELECT line FROM record", NULL), 4);
	if (check_rss(&h.p))
		printf("hostile: a 64 MiB YAML line: rejected, kept whole, peak memory %ld KiB"
		       " (ceiling %ld)\n", h.p.max_rss_kb, RSS_CEILING_KB);
	hx_free(&h);
}
END_TEST

/* ---- invalid UTF-8 and NUL bytes ---- */

START_TEST(test_invalid_utf8)
{
	static const struct {
		const char *bytes; /* put into a string value */
		const char *what;
	} bad[] = {
		{ "\xC0\xAF", "overlong '/'" },
		{ "\xED\xA0\x80", "UTF-16 surrogate" },
		{ "\xF4\x90\x80\x80", "beyond U+10FFFF" },
		{ "\x80", "lone continuation byte" },
		{ "\xFF\xFE", "bytes that never occur" },
		{ "\xE2\x82", "sequence cut short" },
	};
	const char *prefix = "{\"kind\":\"heartbeat\",\"source\":\"";
	struct hx h;
	struct buf j = BUF_INIT;

	hx_init(&h);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		buf_addf(&j, "%s%s\"}\n", prefix, bad[i].bytes);
	buf_adds(&j, "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T09:00:00Z\",\"source\":"
		     "\"\xE7\xB9\x81\xE9\xAB\x94\",\"seq\":1}\n"); /* valid: 繁體 */
	put(&h, "utf8.jsonl", j.data);
	put(&h, "utf8.yaml", "---\n" HB_YAML "---\nkind: heartbeat\nsource: \"hb\xC0\xAF\"\n");
	hx_ingest(&h);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char ln[24];
		expect_rejected(&h, "utf8.jsonl", (long)i + 1, "source", "not valid UTF-8");
		snprintf(ln, sizeof(ln), "%zu", i + 1);
		ck_assert_msg(tu_db_int(h.db, "SELECT col FROM rejected WHERE line = ?1", ln, NULL) ==
				      (long)strlen(prefix) + 1,
			      "%s: wrong column", bad[i].what);
	}
	{
		static const char line5[] = "{\"kind\":\"heartbeat\",\"source\":\"\xFF\xFE\"}";
		expect_raw(&h, "utf8.jsonl", 5, line5, sizeof(line5) - 1);
	}
	ck_assert_int_eq(count_records(&h, "utf8.jsonl"), 1);
	expect_rejected(&h, "utf8.yaml", 6, NULL, "not valid YAML");
	/* placed at the bad byte, not at the document's first line */
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM rejected"
				         " WHERE line = 6 AND reason LIKE '%(line 8, column 12)'", NULL),
			 1);
	ck_assert_int_eq(count_records(&h, "utf8.yaml"), 1);
	buf_release(&j);
	hx_free(&h);
}
END_TEST

START_TEST(test_nul_bytes)
{
	static const char raw_nul[] = "{\"kind\":\"heart\0beat\",\"seq\":1}\n";
	static const char yaml_nul[] = "---\nkind: heartbeat\nsource: h\0b\n";
	struct hx h;
	struct buf j = BUF_INIT, y = BUF_INIT;

	hx_init(&h);
	buf_add(&j, raw_nul, sizeof(raw_nul) - 1);
	/* an escaped NUL: cJSON would cut the string there, "heartbeat\u0000x" reading as
	 * "heartbeat" */
	buf_adds(&j, "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T09:00:00Z\",\"source\":"
		     "\"hb\\u0000evil\",\"seq\":1}\n");
	buf_adds(&j, "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T09:00:00Z\",\"source\":"
		     "\"back\\\\u0000slash\",\"seq\":1}\n"); /* \\ then u0000: no NUL */
	put_n(&h, "nul.jsonl", j.data, j.len);
	buf_add(&y, yaml_nul, sizeof(yaml_nul) - 1);
	buf_adds(&y, "---\nkind: heartbeat\nsource: \"h\\0b\"\n"); /* escaped */
	buf_adds(&y, "---\n" HB_YAML);
	put_n(&h, "nul.yaml", y.data, y.len);
	hx_ingest(&h);
	expect_rejected(&h, "nul.jsonl", 1, "kind", "NUL byte in the line");
	ck_assert_int_eq(tu_db_int(h.db, "SELECT col FROM rejected WHERE line = 1 AND field = 'kind'"
				         " AND reason LIKE 'NUL%'", NULL),
			 15);
	expect_raw(&h, "nul.jsonl", 1, raw_nul, sizeof(raw_nul) - 2);
	expect_rejected(&h, "nul.jsonl", 2, "source", "string holds a NUL character");
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM record WHERE source = 'back\\u0000slash'",
			           NULL),
			 1);
	expect_rejected(&h, "nul.yaml", 1, NULL, "not valid YAML");
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM rejected"
				         " WHERE line = 1 AND reason LIKE '%(line 3, column 10)'", NULL),
			 1);
	expect_rejected(&h, "nul.yaml", 4, "source", "scalar holds a NUL character");
	ck_assert_int_eq(count_records(&h, "nul.yaml"), 1);
	buf_release(&j), buf_release(&y);
	hx_free(&h);
}
END_TEST

/* ---- byte-order marks, CRLF, a truncated last line, empty files ---- */

START_TEST(test_bom)
{
	struct hx h;
	struct buf j = BUF_INIT, y = BUF_INIT, twice = BUF_INIT;

	hx_init(&h);
	buf_adds(&j, "\xEF\xBB\xBF");
	heartbeat(&j, 1);
	buf_adds(&j, "\n\xEF\xBB\xBF"); /* a mark starting a later line: tolerated, kept */
	heartbeat(&j, 2);
	buf_addc(&j, '\n');
	put(&h, "bom.jsonl", j.data);
	buf_adds(&y, "\xEF\xBB\xBF---\n" HB_YAML);
	put(&h, "bom.yaml", y.data);
	/* files joined end to end: the second document's mark before its `---` (YAML allows
	 * one at the start of each document) still starts a document */
	buf_adds(&y, "\xEF\xBB\xBF---\n" "kind: heartbeat\nts: 2026-11-02T09:00:01Z\nsource: hb\n"
		     "seq: 7\n");
	put(&h, "joined.yaml", y.data);
	buf_adds(&twice, "\xEF\xBB\xBF\xEF\xBB\xBF");
	heartbeat(&twice, 3);
	put(&h, "twice.jsonl", twice.data);
	/* UTF-16: the contract says UTF-8 */
	put_n(&h, "utf16.jsonl", "\xFF\xFE{\0\"\0k\0\"\0:\0" "1\0}\0\n\0", 18);
	hx_ingest(&h);
	/* skipped at the start of the file: the record starts after it */
	ck_assert_int_eq(tu_db_int(h.db, "SELECT byte_offset FROM record WHERE seq = 1", NULL), 3);
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM record r JOIN record_raw w"
				         " ON w.id = r.id WHERE r.seq = 2"
				         " AND hex(substr(w.raw, 1, 3)) = 'EFBBBF'", NULL),
			 1);
	ck_assert_int_eq(count_records(&h, "bom.yaml"), 1);
	/* its first document is bom.yaml's, stored once; its second is stored from it */
	ck_assert_int_eq(count_records(&h, "joined.yaml"), 1);
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM record WHERE seq = 7", NULL), 1);
	ck_assert_int_eq(count_rejected(&h, "joined.yaml"), 0);
	ck_assert_int_eq(count_records(&h, "twice.jsonl"), 1);
	/* UTF-16 is not UTF-8: its zero bytes are NUL bytes */
	expect_rejected(&h, "utf16.jsonl", 1, NULL, "NUL byte in the line");
	buf_release(&j), buf_release(&y), buf_release(&twice);
	hx_free(&h);
}
END_TEST

START_TEST(test_crlf)
{
	struct hx h;
	struct buf j = BUF_INIT, one = BUF_INIT;

	hx_init(&h);
	for (int i = 1; i <= 3; i++) {
		heartbeat(&j, i);
		buf_adds(&j, i == 2 ? "\r\r\n" : "\r\n"); /* a CR before CRLF is JSON space */
	}
	heartbeat(&one, 1);
	put(&h, "crlf.jsonl", j.data);
	put(&h, "crlf.yaml", "---\r\nkind: heartbeat\r\nts: 2026-11-02T09:00:09Z\r\nsource: y\r\n"
			     "seq: 1\r\n---\r\nkind: heartbeat\r\nts: 2026-11-02T09:00:10Z\r\n"
			     "source: y\r\nseq: 2\r\n");
	/* CR alone does not end a line: two records on one line are not one JSON value */
	put(&h, "cr.jsonl", "{\"kind\":\"heartbeat\"}\r{\"kind\":\"heartbeat\"}\r\n");
	hx_ingest(&h);
	ck_assert_int_eq(count_records(&h, "crlf.jsonl"), 3);
	ck_assert_int_eq(count_rejected(&h, "crlf.jsonl"), 0);
	/* the stored bytes are the line without its ending */
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM record r JOIN record_raw w"
				         " ON w.id = r.id WHERE r.source = 'hb' AND r.seq = 1"
				         " AND w.raw = CAST(?1 AS BLOB)", one.data, NULL),
			 1);
	ck_assert_int_eq(count_records(&h, "crlf.yaml"), 2);
	expect_rejected(&h, "cr.jsonl", 1, NULL, "text after the JSON value");
	buf_release(&j), buf_release(&one);
	hx_free(&h);
}
END_TEST

START_TEST(test_truncated_last_line)
{
	struct hx h;
	struct buf j = BUF_INIT, cut = BUF_INIT;

	hx_init(&h);
	for (int i = 1; i <= 3; i++) {
		heartbeat(&j, i);
		buf_addc(&j, '\n');
	}
	heartbeat(&cut, 4);
	buf_add(&j, cut.data, cut.len / 2); /* the writer died mid-line: no newline */
	put(&h, "cut.jsonl", j.data);
	put(&h, "cut-utf8.jsonl", "{\"kind\":\"heartbeat\",\"source\":\"\xE7\xB9"); /* mid-char */
	put(&h, "cut.yaml", "---\n" HB_YAML "---\nkind: heartbeat\nts: {a: [1, 2");
	put(&h, "cut-key.yaml", "---\nkind: heartbeat\nts: 2026-11-02T09:00:00Z\nsource: k\n"
				"seq: 1\n---\nkind: heartbeat\nsou");
	hx_ingest(&h);
	ck_assert_int_eq(count_records(&h, "cut.jsonl"), 3);
	expect_rejected(&h, "cut.jsonl", 4, NULL, "not valid JSON");
	expect_raw(&h, "cut.jsonl", 4, cut.data, cut.len / 2);
	expect_rejected(&h, "cut-utf8.jsonl", 1, "source", "not valid UTF-8");
	expect_rejected(&h, "cut.yaml", 6, "a", "not valid YAML");
	expect_rejected(&h, "cut-key.yaml", 6, NULL, "not valid YAML");
	ck_assert_int_eq(count_records(&h, "cut.yaml"), 1);
	ck_assert_int_eq(count_records(&h, "cut-key.yaml"), 1);
	buf_release(&j), buf_release(&cut);
	hx_free(&h);
}
END_TEST

START_TEST(test_empty_files)
{
	static const struct {
		const char *name, *text;
	} empty[] = {
		{ "empty.jsonl", "" },	     { "empty.ndjson", "" },
		{ "empty.yaml", "" },	     { "empty.yml", "" },
		{ "blank.jsonl", "\n\n  \t\n\r\n" },
		{ "bom-only.jsonl", "\xEF\xBB\xBF" },
		{ "markers.yaml", "---\n---\n...\n--- # nothing\n" },
		{ "comment.yaml", "# only a comment\n\n" },
		{ "directive.yaml", "%YAML 1.2\n---\n" },
	};
	const size_t n = sizeof(empty) / sizeof(empty[0]);
	struct hx h;
	char *emptydir;
	char want[64];

	hx_init(&h);
	for (size_t i = 0; i < n; i++)
		put(&h, empty[i].name, empty[i].text);
	hx_ingest(&h);
	snprintf(want, sizeof(want), "ingest: %zu files: %zu read,", n, n);
	ck_assert_msg(strstr(h.p.out, want), "%s", h.p.out);
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM record", NULL), 0);
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM rejected", NULL), 0);
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM input_file WHERE records = 0"
				         " AND rejected = 0 AND note IS NULL", NULL),
			 (long)n);
	/* an empty bundle directory is an empty bundle */
	emptydir = tu_path(h.tmp, "nothing");
	ck_assert_int_eq(mkdir(emptydir, 0777), 0);
	{
		const char *argv[] = { "taits-audit", "ingest", "--db", h.db, emptydir, NULL };
		ck_assert_int_eq(hx_run(&h, argv), 0);
		ck_assert_msg(strstr(h.p.out, "ingest: 0 files"), "%s", h.p.out);
	}
	free(emptydir);
	hx_free(&h);
}
END_TEST

/* ---- binary junk ---- */

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

START_TEST(test_binary_junk)
{
	const size_t n = 256 * 1024;
	unsigned char *junk = malloc(n);
	uint64_t seed = 0x5EED1234ABCDULL;
	struct hx h;

	hx_init(&h);
	for (size_t i = 0; i < n; i++)
		junk[i] = (unsigned char)xorshift(&seed);
	put_n(&h, "junk.jsonl", junk, n);
	put_n(&h, "junk.yaml", junk, n);
	put_n(&h, "junk.bin", junk, n);
	put_n(&h, "SHA256SUMS", junk, 4096);
	/* junk made of lines that look almost right */
	for (size_t i = 0; i < n; i++)
		junk[i] = (unsigned char)"{}[]\":,\n\\u0a1e9-+.tfn \xEF\xBB\xBF\r\t---&*!|>"[xorshift(&seed) % 36];
	put_n(&h, "near.jsonl", junk, n);
	put_n(&h, "near.yaml", junk, n);
	hx_ingest(&h);
	ck_assert_int_gt(count_rejected(&h, "junk.jsonl"), 100);
	ck_assert_int_gt(count_rejected(&h, "junk.yaml"), 0);
	ck_assert_int_gt(count_rejected(&h, "near.jsonl"), 100);
	ck_assert_int_gt(count_rejected(&h, "near.yaml"), 0);
	/* every rejected record is kept whole */
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM rejected WHERE length(raw) <> length",
			           NULL),
			 0);
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM input_file WHERE path = 'junk.bin'"
				         " AND format = 'other' AND note IS NOT NULL", NULL),
			 1);
	ck_assert_int_gt(tu_db_int(h.db, "SELECT count(*) FROM integrity WHERE rule = 'LOG-MANIFEST'"
				         " AND args LIKE '%not a sha256sum line%'", NULL),
			 0);
	free(junk);
	hx_free(&h);
}
END_TEST

/* ---- symlink loops and special files ---- */

/* dir/name -> target */
static void link_in(const char *dir, const char *name, const char *target)
{
	char *path = tu_path(dir, name);

	ck_assert_msg(symlink(target, path) == 0, "symlink %s: %s", path, strerror(errno));
	free(path);
}

START_TEST(test_symlink_loops)
{
	struct hx h;
	char *outside = NULL, *loopdir = NULL, *xml = NULL, *xmlpath = NULL;
	struct buf rec = BUF_INIT;

	hx_init(&h);
	heartbeat(&rec, 1);
	outside = tu_path(h.tmp, "outside.jsonl");
	tu_write(h.tmp, "outside.jsonl", rec.data, -1);
	put(&h, "events.jsonl", rec.data);
	link_in(h.bundle, "loop1", "loop2");
	link_in(h.bundle, "loop2", "loop1");
	link_in(h.bundle, "self", ".");
	link_in(h.bundle, "up", "..");
	link_in(h.bundle, "escape.jsonl", "../outside.jsonl");
	link_in(h.bundle, "absolute.jsonl", outside);
	link_in(h.bundle, "dangling.yaml", "missing");
	hx_ingest(&h);
	/* listed as not read, never followed: the outside record is not stored */
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM input_file"
				         " WHERE note = 'symbolic link: not followed'", NULL),
			 7);
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM record", NULL), 1);
	ck_assert_int_eq(count_records(&h, "events.jsonl"), 1);
	/* the review lists them, with a valid (empty) sha256 */
	{
		char *out = tu_path(h.tmp, "out");
		const char *argv[] = { "taits-audit", "review", "--db", h.db, "--out", out,
				       "--date", "2026-11-02", "--format", "xml", h.bundle, NULL };
		ck_assert_int_le(hx_run(&h, argv), 1);
		xmlpath = tu_path(out, "review-all-2026-11-02.xml");
		xml = tu_read(xmlpath, NULL);
		ck_assert_ptr_nonnull(xml);
		{
			/* <input path="loop1" ... sha256="" ... read="false" ... note=".."/> */
			char *in = strstr(xml, "<input path=\"loop1\" "), *end;
			ck_assert_msg(in && (end = strstr(in, "/>")), "no <input> for loop1:\n%s", xml);
			*end = '\0';
			ck_assert_msg(strstr(in, " sha256=\"\" ") && strstr(in, " read=\"false\" ") &&
					      strstr(in, " note=\"symbolic link: not followed\""),
				      "%s", in);
		}
		ck_assert_msg(tu_report_validates(xmlpath), "%s does not validate", xmlpath);
		free(out);
	}
	/* a PATH that is itself a loop is an input error naming it */
	loopdir = tu_path(h.tmp, "loopdir");
	ck_assert_int_eq(symlink("loopdir", loopdir), 0);
	{
		const char *argv[] = { "taits-audit", "ingest", "--db", h.db, loopdir, NULL };
		ck_assert_int_eq(hx_run(&h, argv), 3);
		ck_assert_msg(strstr(h.p.err, loopdir) &&
				      strstr(h.p.err, "Too many levels of symbolic links"),
			      "%s", h.p.err);
	}
	free(outside), free(loopdir), free(xml), free(xmlpath);
	buf_release(&rec);
	hx_free(&h);
}
END_TEST

/* Waits (up to 20 s) until process pid sleeps in open() or openat(), as
 * /proc/PID/syscall shows; where that file cannot be read, until it sleeps at all
 * (/proc/PID/stat). Returns whether it did. */
static int blocked_in_open(pid_t pid)
{
	char path[64], buf[256];

	for (int tries = 0; tries < 20000; tries++) {
		FILE *fp;
		long nr = -1;
		char state = 0;
		int have_syscall = 0;

		snprintf(path, sizeof(path), "/proc/%d/syscall", (int)pid);
		if ((fp = fopen(path, "r"))) {
			have_syscall = fgets(buf, sizeof(buf), fp) && sscanf(buf, "%ld", &nr) == 1;
			fclose(fp);
		}
		snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
		if ((fp = fopen(path, "r"))) {
			/* pid (comm) state ...: the state follows the last ')' */
			if (fgets(buf, sizeof(buf), fp) && strrchr(buf, ')'))
				state = strrchr(buf, ')')[2];
			fclose(fp);
		}
		if (state == 'S' && (!have_syscall || nr == SYS_openat
#ifdef SYS_open
				     || nr == SYS_open
#endif
				     ))
			return 1;
		usleep(1000);
	}
	return 0;
}

/* A bundle nested a hundred directories deep is read, with fewer descriptors than levels;
 * past WALK_MAX_DEPTH (256), or where a path could pass PATH_MAX (directories of long
 * names), the directory is listed as not read, and the rest of the bundle is read. */
START_TEST(test_deep_directories)
{
	struct hx h;
	struct buf rec = BUF_INIT, path = BUF_INIT;
	struct rlimit old, low;

	hx_init(&h);
	heartbeat(&rec, 1);
	for (int i = 0; i < 100; i++)
		buf_adds(&path, "d/");
	buf_adds(&path, "deep.jsonl");
	put(&h, path.data, rec.data);
	buf_reset(&path);
	for (int i = 0; i < 300; i++)
		buf_adds(&path, "e/");
	buf_adds(&path, "deeper.jsonl");
	put(&h, path.data, rec.data);
	ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &old), 0);
	low = old;
	low.rlim_cur = 64; /* inherited by the ingest */
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &low), 0);
	hx_ingest(&h);
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &old), 0);
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM record r JOIN input_file f"
				         " ON f.id = r.file_id WHERE f.path LIKE '%/deep.jsonl'", NULL),
			 1);
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM input_file WHERE"
				         " note = 'directory nested too deep: not read'"
				         " AND length(path) = 2 * 257 - 1", NULL),
			 1);
	hx_free(&h);

	/* 150 levels of 40-character names: some 6,000 bytes of path, made (and removed)
	 * a level at a time, as no path to it can be opened */
	hx_init(&h);
	put(&h, "ops.jsonl", rec.data);
	int fd = open(h.bundle, O_RDONLY | O_DIRECTORY);
	for (int i = 0; i < 150 && fd >= 0; i++) {
		static const char name[] = "dddddddddddddddddddddddddddddddddddddddd";
		ck_assert_int_eq(mkdirat(fd, name, 0777), 0);
		int next = openat(fd, name, O_RDONLY | O_DIRECTORY);
		close(fd);
		fd = next;
	}
	ck_assert_int_ge(fd, 0);
	int out = openat(fd, "far.jsonl", O_WRONLY | O_CREAT, 0666);
	ck_assert_int_ge(out, 0);
	ck_assert_int_eq(write(out, rec.data, rec.len), (ssize_t)rec.len);
	close(out);
	close(fd);
	hx_ingest(&h);
	ck_assert_int_eq(count_records(&h, "ops.jsonl"), 1);
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM input_file WHERE"
				         " note = 'directory nested too deep: not read'", NULL),
			 1);
	buf_reset(&path);
	buf_addf(&path, "rm -rf '%s'", h.tmp);
	ck_assert_int_eq(system(path.data), 0);
	buf_release(&rec), buf_release(&path);
	hx_free(&h);
}
END_TEST

START_TEST(test_special_files)
{
	struct hx h;
	char *fifo, *fifo2, *sock;
	struct sockaddr_un sa;
	struct buf m = BUF_INIT;
	pid_t writer;
	int fd, status = 0;

	hx_init(&h);
	fifo = tu_path(h.bundle, "events.jsonl");
	fifo2 = tu_path(h.bundle, "more.yaml");
	ck_assert_int_eq(mkfifo(fifo, 0666), 0);
	ck_assert_int_eq(mkfifo(fifo2, 0666), 0);
	/* a socket named like a log file */
	sock = tu_path(h.bundle, "sock.jsonl");
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	ck_assert_uint_lt(strlen(sock), sizeof(sa.sun_path));
	strcpy(sa.sun_path, sock);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	buf_addf(&m, "%064d  events.jsonl\n", 0);
	put(&h, "SHA256SUMS", m.data);
	/* A writer blocks in open() until someone opens the FIFO for reading: if ingest
	 * ever did, the writer would finish. Ingest runs once the writer is blocked there
	 * (else a late writer would prove nothing). */
	writer = fork();
	if (writer == 0) {
		alarm(60); /* never left behind, whatever happens to the test */
		int w = open(fifo, O_WRONLY);
		_exit(w >= 0 ? 0 : 1);
	}
	ck_assert_msg(blocked_in_open(writer), "the FIFO's writer never blocked in open()");
	hx_ingest(&h);
	ck_assert_msg(waitpid(writer, &status, WNOHANG) == 0, "ingest opened the FIFO");
	/* nor is a FIFO given as the tailoring file: a path error, not a wait for a writer */
	{
		const char *argv[] = { "taits-audit", "rules", "--config", fifo, NULL };
		ck_assert_int_eq(hx_run(&h, argv), 3);
		ck_assert_msg(strstr(h.p.err, "cannot read: not a regular file"), "%s", h.p.err);
		ck_assert_msg(waitpid(writer, &status, WNOHANG) == 0, "rules opened the FIFO");
	}
	kill(writer, SIGKILL);
	waitpid(writer, &status, 0);
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM input_file"
				         " WHERE note = 'not a regular file: not read'", NULL),
			 3);
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM integrity i JOIN input_file f"
				         " ON f.id = i.file_id WHERE f.path = 'events.jsonl'"
				         " AND i.args LIKE '%listed entry is not a regular file%'", NULL),
			 1);
	/* a special file as PATH is an input error, and is not opened either */
	{
		const char *argv[] = { "taits-audit", "ingest", "--db", h.db, fifo, NULL };
		ck_assert_int_eq(hx_run(&h, argv), 3);
		ck_assert_msg(strstr(h.p.err, "not a regular file or directory") &&
				      strstr(h.p.err, fifo),
			      "%s", h.p.err);
	}
	close(fd);
	free(fifo), free(fifo2), free(sock);
	buf_release(&m);
	hx_free(&h);
}
END_TEST

/* ---- SHA256SUMS that point outside the bundle ---- */

START_TEST(test_manifest_escapes)
{
	struct hx h;
	struct buf rec = BUF_INIT, m = BUF_INIT;
	unsigned char d[SHA256_LEN];
	char hex[SHA256_HEX_LEN + 1], *outside, *xml, *out, *xmlpath;

	hx_init(&h);
	heartbeat(&rec, 1);
	put(&h, "a.jsonl", rec.data);
	buf_reset(&rec);
	heartbeat(&rec, 99);
	tu_write(h.tmp, "outside/evil.jsonl", rec.data, -1);
	outside = tu_path(h.tmp, "outside/evil.jsonl");
	sha256_once(rec.data, rec.len, d);
	sha256_hex(d, hex);
	buf_addf(&m, "%s  ../outside/evil.jsonl\n", hex);         /* 1 */
	buf_addf(&m, "%s  %s\n", hex, outside);                   /* 2: absolute */
	buf_addf(&m, "%s  sub/../../outside/evil.jsonl\n", hex);  /* 3 */
	buf_addf(&m, "\\%s  ../we\\\\ird\\nname\n", hex);        /* 4: escaped, still '..' */
	buf_addf(&m, "%s *./a.jsonl\n", hex);                     /* 5: wrong hash */
	buf_addf(&m, "%s  a.jsonl\n", hex);                       /* 6: line 5 again */
	put(&h, "SHA256SUMS", m.data);
	hx_ingest(&h);
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM record", NULL), 1);
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM input_file WHERE path LIKE '%evil%'",
			           NULL),
			 0);
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM integrity WHERE manifest_line IN (1, 3)"
				         " AND args LIKE '%leaves the bundle%'", NULL),
			 2);
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM integrity WHERE manifest_line = 2"
				         " AND args LIKE '%absolute path%'", NULL),
			 1);
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM integrity WHERE manifest_line = 4"
				         " AND args LIKE '%leaves the bundle%'", NULL),
			 1);
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM integrity WHERE manifest_line = 5"
				         " AND args LIKE '%SHA-256 differs%'", NULL),
			 1);
	/* the same listing again is no new fault */
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM integrity WHERE manifest_line = 6",
				   NULL),
			 0);
	/* the review names SHA256SUMS and the line of each */
	out = tu_path(h.tmp, "out");
	{
		const char *argv[] = { "taits-audit", "review", "--db", h.db, "--out", out,
				       "--date", "2026-11-02", "--format", "xml", NULL };
		ck_assert_int_eq(hx_run(&h, argv), 1);
	}
	xmlpath = tu_path(out, "review-all-2026-11-02.xml");
	xml = tu_read(xmlpath, NULL);
	ck_assert_ptr_nonnull(xml);
	for (int line = 1; line <= 4; line++) {
		char ev[64];
		snprintf(ev, sizeof(ev), "<evidence file=\"SHA256SUMS\" line=\"%d\"", line);
		ck_assert_msg(strstr(xml, ev), "no LOG-MANIFEST evidence %s", ev);
	}
	free(outside), free(xml), free(out), free(xmlpath);
	buf_release(&rec), buf_release(&m);
	hx_free(&h);
}
END_TEST

/* sha256sum (coreutils 9) escapes a carriage return in a name as "\r", as it does a
 * newline ("\n") and a backslash, and marks the line with a leading backslash. */
START_TEST(test_manifest_carriage_return_in_a_name)
{
	struct hx h;
	struct buf m = BUF_INIT;
	char hex[SHA256_HEX_LEN + 1];

	hx_init(&h);
	put_heartbeat_file(&h, "cr\rname.jsonl", hex);
	buf_addf(&m, "\\%s  cr\\rname.jsonl\n", hex);
	put(&h, "SHA256SUMS", m.data);
	hx_ingest(&h);
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM record", NULL), 1);
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM integrity", NULL), 0);
	buf_release(&m);
	hx_free(&h);
}
END_TEST

/* sha256sum escapes a name's backslash, line feed and carriage return, inside the name;
 * an escape cut by the name's end or of another letter is not its line ("improperly
 * formatted" to sha256sum -c): the escape at the end of "x\\" took the ')' after the name,
 * and "\\t" read as 't'. An escaped backslash stays one. */
START_TEST(test_manifest_bad_escapes)
{
	struct hx h;
	struct buf m = BUF_INIT;
	char hex[SHA256_HEX_LEN + 1];

	hx_init(&h);
	put_heartbeat_file(&h, "a\\b.jsonl", hex);
	buf_addf(&m, "\\SHA256 (x\\) = %s\n", hex);
	buf_addf(&m, "\\%s  a.jsonl\\\n", hex);
	buf_addf(&m, "\\%s  a\\tb.jsonl\n", hex);
	buf_addf(&m, "\\%s  a\\\\b.jsonl\n", hex);
	put(&h, "SHA256SUMS", m.data);
	hx_ingest(&h);
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM integrity WHERE rule = 'LOG-MANIFEST'"
				   " AND args LIKE '%not a sha256sum line%'", NULL), 3);
	/* the fourth line lists the file, which matches */
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM integrity", NULL), 3);
	buf_release(&m);
	hx_free(&h);
}
END_TEST

/* File names that differ only in bytes a report cannot show (not UTF-8, or control
 * characters) are stored, and so reported, escaped as \xhh: replaced by U+FFFD, two files
 * of one bundle read alike in the XML, and a LOG-CONFLICT between them cited one name
 * twice. A name that holds "\xfe" itself is told from them; a URL-encoded name is
 * itself. */
START_TEST(test_file_names_stay_apart)
{
	struct hx h;
	struct buf a = BUF_INIT, b = BUF_INIT;
	char *out, *xml;
	const char *argv[] = { "taits-audit", "review", "--db", NULL, "--out", NULL, "--date",
			       "2026-11-02", "--format", "xml", NULL, NULL };
	struct tu_xml *x;

	hx_init(&h);
	heartbeat(&a, 1);
	buf_add(&b, a.data, a.len - 1); /* the same record less its closing brace */
	buf_adds(&b, ",\"latency_ms\":5}\n");
	buf_addc(&a, '\n');
	put(&h, "x\xfe.jsonl", a.data);
	put(&h, "x\xff.jsonl", b.data);
	put(&h, "\\xfe.jsonl", a.data);
	put(&h, "report%20v2.jsonl", a.data);
	out = tu_path(h.tmp, "out");
	argv[3] = h.db;
	argv[5] = out;
	argv[10] = h.bundle;
	ck_assert_int_eq(hx_run(&h, argv), 1);
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM input_file WHERE path IN"
				   " ('x\\xfe.jsonl', 'x\\xff.jsonl', '\\x5cxfe.jsonl',"
				   " 'report%20v2.jsonl')", NULL), 4);
	xml = tu_path(out, "review-all-2026-11-02.xml");
	x = tu_xml_open(xml);
	ck_assert_ptr_nonnull(x);
	ck_assert_int_eq(tu_xml_count(x, "//inputs/input[@path='x\\xfe.jsonl']"), 1);
	ck_assert_int_eq(tu_xml_count(x, "//inputs/input[@path='x\\xff.jsonl']"), 1);
	ck_assert_int_eq(tu_xml_count(x, "//inputs/input[@path='\\x5cxfe.jsonl']"), 1);
	ck_assert_int_eq(tu_xml_count(x, "//finding[@rule='LOG-CONFLICT']"), 1);
	ck_assert_int_eq(tu_xml_count(x, "//finding[@rule='LOG-CONFLICT']/evidence[@file='x\\xff.jsonl']"), 1);
	ck_assert_int_eq(tu_xml_count(x, "//finding[@rule='LOG-CONFLICT']/evidence"), 2);
	tu_xml_close(x);
	buf_release(&a), buf_release(&b);
	free(out), free(xml);
	hx_free(&h);
}
END_TEST

/* stderr names a file as the reports do: a byte that is not UTF-8 and a control character
 * as \\xhh, and a backslash that would read as such an escape as \\x5c, so the file of a
 * rejected line is told apart from another whose name spells the escape. */
START_TEST(test_file_names_on_stderr_as_in_reports)
{
	struct hx h;
	const char *argv[] = { "taits-audit", "ingest", "--db", NULL, NULL, NULL };

	hx_init(&h);
	put(&h, "x\xfe.jsonl", "{\"kind\":\n");
	put(&h, "\\xfe.jsonl", "{\"kind\":\n");
	put(&h, "a\nb.jsonl", "{\"kind\":\n");
	argv[3] = h.db;
	argv[4] = h.bundle;
	hx_run(&h, argv);
	ck_assert_msg(strstr(h.p.err, "/x\\xfe.jsonl':1"), "%s", h.p.err);
	ck_assert_msg(strstr(h.p.err, "/\\x5cxfe.jsonl':1"), "%s", h.p.err);
	ck_assert_msg(strstr(h.p.err, "/a\\x0ab.jsonl':1"), "%s", h.p.err);
	hx_free(&h);
}
END_TEST

/* A message about input is one line, whatever the input holds: a rejected record's kind
 * with an escape sequence, a line break and a C1 control is shown escaped on stderr, not
 * obeyed. */
START_TEST(test_messages_escape_control_characters)
{
	struct hx h;
	const char *argv[] = { "taits-audit", "ingest", "--db", NULL, NULL, NULL };

	hx_init(&h);
	put(&h, "a.jsonl", "{\"kind\":\"evil\\u001b[31m\\nGO\\u009b2J\","
			   "\"ts\":\"2026-11-02T09:00:00Z\",\"source\":\"hb\",\"seq\":1,"
			   "\"environment\":\"sim\"}\n");
	argv[3] = h.db;
	argv[4] = h.bundle;
	hx_run(&h, argv);
	/* a C1 control (U+009B, CSI to a terminal) too */
	ck_assert_msg(strstr(h.p.err, "evil\\x1b[31m\\nGO\\xc2\\x9b2J"), "%s", h.p.err);
	ck_assert_msg(!strchr(h.p.err, '\033'), "an escape character reached stderr");
	ck_assert_msg(!strstr(h.p.err, "\nGO"), "a line break from the input reached stderr");
	hx_free(&h);
}
END_TEST

/* ---- a SHA256SUMS of many lines ---- */

/* A manifest is checked a line at a time: its lines are kept in the store, not in memory.
 * 300,000 listings of one file (each line after the first repeats it), 60,000 files that
 * are missing, one line too long to name a file, about 30 MB in all: read whole and held,
 * as it once was, this took over 80 MiB. */
START_TEST(test_manifest_of_many_lines)
{
	enum { REPEATS = 300000, MISSING = 60000 };
	struct hx h;
	struct buf line = BUF_INIT;
	char hex[SHA256_HEX_LEN + 1], *path;
	FILE *fp;
	long lineno = 0, too_long = 0;

	hx_init(&h);
	put_heartbeat_file(&h, "a.jsonl", hex);
	path = tu_path(h.bundle, "SHA256SUMS");
	fp = fopen(path, "wb"); /* written as it goes: the test holds none of it */
	ck_assert_ptr_nonnull(fp);
	for (long i = 0; i < REPEATS; i++) {
		buf_reset(&line);
		buf_addf(&line, "%s  a.jsonl\n", hex);
		if (i % 5 == 0) /* a missing file every fifth line */
			buf_addf(&line, "%064ld  missing/%06ld.jsonl\n", i / 5, i / 5);
		lineno += i % 5 == 0 ? 2 : 1;
		if (i == REPEATS / 2) {
			buf_adds(&line, "0");
			for (long k = 0; k < 70000; k++)
				buf_addc(&line, 'f');
			buf_adds(&line, "  a.jsonl\n");
			too_long = ++lineno;
		}
		ck_assert_uint_eq(fwrite(line.data, 1, line.len, fp), line.len);
	}
	ck_assert_int_eq(fclose(fp), 0);
	hx_ingest_measured(&h); /* the peak memory is asserted in each run */
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM integrity"
				         " WHERE args LIKE '%listed file missing%'", NULL),
			 MISSING);
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(DISTINCT args) FROM integrity"
				         " WHERE args LIKE '%listed file missing%'", NULL),
			 MISSING);
	{
		char want[24];
		snprintf(want, sizeof(want), "%ld", too_long);
		ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM integrity"
					         " WHERE manifest_line = CAST(?1 AS INTEGER)"
					         " AND args LIKE '%line longer than 65536 bytes%'",
					   want, NULL),
				 1);
	}
	/* a.jsonl is listed and matches; nothing else is a fault */
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM integrity", NULL), MISSING + 1);
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM record", NULL), 1);
	if (check_rss(&h.p))
		printf("hostile: a SHA256SUMS of %ld lines: checked, peak memory %ld KiB"
		       " (ceiling %ld)\n", lineno, h.p.max_rss_kb, RSS_CEILING_KB);
	free(path);
	buf_release(&line);
	hx_free(&h);
}
END_TEST

/* ---- duplicate keys, numbers and timestamps out of range, wrong types ---- */

START_TEST(test_duplicate_keys)
{
	struct hx h;

	hx_init(&h);
	put(&h, "dup.jsonl",
	    "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T09:00:00Z\",\"source\":\"hb\",\"seq\":1,"
	    "\"seq\":2}\n"
	    "{\"kind\":\"deployment\",\"deployment_id\":\"D1\",\"deployed_at\":"
	    "\"2026-11-02T08:00:00Z\",\"gate\":{\"audit_log_writable\":\"fail\","
	    "\"audit_log_writable\":\"pass\"}}\n"
	    "{\"kind\":\"heartbeat\",\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T09:00:00Z\","
	    "\"source\":\"hb\",\"seq\":3}\n");
	put(&h, "dup.yaml",
	    "---\n" HB_YAML "seq: 2\n"
	    "---\nkind: deployment\ndeployment_id: D2\ndeployed_at: 2026-11-02T08:00:00Z\n"
	    "gate:\n  audit_log_writable: fail\n  audit_log_writable: pass\n"
	    "---\n" HB_YAML);
	hx_ingest(&h);
	expect_rejected(&h, "dup.jsonl", 1, "seq", "duplicate key");
	expect_rejected(&h, "dup.jsonl", 2, "audit_log_writable", "duplicate key");
	expect_rejected(&h, "dup.jsonl", 3, "kind", "duplicate key");
	expect_rejected(&h, "dup.yaml", 1, "seq", "duplicate key");
	expect_rejected(&h, "dup.yaml", 7, "audit_log_writable", "duplicate key");
	ck_assert_int_eq(count_records(&h, "dup.jsonl"), 0);
	ck_assert_int_eq(count_records(&h, "dup.yaml"), 1);
	hx_free(&h);
}
END_TEST

START_TEST(test_numbers_out_of_range)
{
	static const struct {
		const char *seq, *why;
	} seqs[] = {
		{ "1e300", "out of range" },
		{ "-1e20", "out of range" },
		{ "9007199254740993e3", "out of range" },
		{ "1e400", "not an integer" }, /* infinite */
		{ "3.5", "not an integer" },
		{ "\"1\"", "not an integer" },
	};
	const size_t n = sizeof(seqs) / sizeof(seqs[0]);
	struct hx h;
	struct buf j = BUF_INIT;

	hx_init(&h);
	for (size_t i = 0; i < n; i++)
		buf_addf(&j, "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T09:00:00Z\","
			     "\"source\":\"hb\",\"seq\":%s}\n",
			 seqs[i].seq);
	/* an ID given as a number too large to be an integer exactly */
	buf_adds(&j, "{\"kind\":\"change\",\"change_id\":1e300,\"applied_at\":"
		     "\"2026-11-02T09:00:00Z\"}\n");
	/* governance numbers out of range: stored, the number missing */
	buf_adds(&j, "{\"kind\":\"execution\",\"ts\":\"2026-11-02T09:00:00Z\",\"source\":\"oms\","
		     "\"seq\":1,\"qty\":1e999,\"price\":-1e999}\n");
	buf_adds(&j, "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T09:00:00Z\",\"source\":\"hb\","
		     "\"seq\":9007199254740991,\"latency_ms\":1e308,\"error_rate\":-0.0}\n");
	put(&h, "num.jsonl", j.data);
	put(&h, "num.yaml", "---\nkind: heartbeat\nts: 2026-11-02T09:00:00Z\nsource: y\n"
			    "seq: 0x1FFFFFFFFFFFFFFFFFFFFFFFF\n"
			    "---\nkind: heartbeat\nts: 2026-11-02T09:00:00Z\nsource: y\nseq: .inf\n"
			    "---\nkind: heartbeat\nts: 2026-11-02T09:00:00Z\nsource: y\n"
			    "seq: 99999999999999999999999\n"
			    "---\nkind: heartbeat\nts: 2026-11-02T09:00:00Z\nsource: y\n"
			    "seq: -0o777\n");
	hx_ingest(&h);
	for (size_t i = 0; i < n; i++)
		expect_rejected(&h, "num.jsonl", (long)i + 1, "seq", seqs[i].why);
	expect_rejected(&h, "num.jsonl", (long)n + 1, "change_id", "not a string or an integer");
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM record WHERE kind = 'execution'"
				         " AND qty IS NULL AND price IS NULL", NULL),
			 1);
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM record WHERE seq = 9007199254740991"
				         " AND latency_ms > 1e307", NULL),
			 1);
	expect_rejected(&h, "num.yaml", 1, "seq", "not an integer");
	expect_rejected(&h, "num.yaml", 6, "seq", "not an integer");
	expect_rejected(&h, "num.yaml", 11, "seq", "out of range");
	expect_rejected(&h, "num.yaml", 16, "seq", "not an integer");
	buf_release(&j);
	hx_free(&h);
}
END_TEST

START_TEST(test_timestamps_out_of_range)
{
	static const char *const bad[] = {
		"0000-11-02T09:00:00Z",	       /* year 0 */
		"99999-11-02T09:00:00Z",       /* five-digit year */
		"-2026-11-02T09:00:00Z",       /* before the era */
		"2026-13-02T09:00:00Z",	       /* month 13 */
		"2026-00-10T09:00:00Z",	       /* month 0 */
		"2026-02-29T09:00:00Z",	       /* not a leap year */
		"2026-11-31T09:00:00Z",	       /* November has 30 days */
		"2026-11-02T24:00:01Z",	       /* past the end of the day (24:00:00) */
		"2026-11-02T25:00:00Z",	       /* hour 25 */
		"9999-12-31T24:00:00Z",	       /* the end of the last day: year 10000 */
		"2026-11-02T09:60:00Z",	       /* minute 60 */
		"2026-11-02T09:00:61Z",	       /* second 61 */
		"2026-11-02T09:00:60Z",	       /* a leap second outside a UTC day's last minute */
		"2026-11-02T09:00:00+24:00",   /* offset out of range */
		"2025-W53-1T09:00:00Z",	       /* 2025 has 52 ISO weeks */
		"2026-11-02",		       /* a date alone */
		"",			       /* empty */
	};
	const size_t n = sizeof(bad) / sizeof(bad[0]);
	struct hx h;
	struct buf j = BUF_INIT;

	hx_init(&h);
	for (size_t i = 0; i < n; i++)
		buf_addf(&j, "{\"kind\":\"heartbeat\",\"ts\":\"%s\",\"source\":\"hb\",\"seq\":%zu}\n",
			 bad[i], i + 1);
	/* no offset: its own reason */
	buf_adds(&j, "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T09:00:00\",\"source\":\"hb\","
		     "\"seq\":99}\n");
	/* the edges of the range are valid: a day from 0001-01-01 to 9999-12-30 anywhere */
	buf_adds(&j, "{\"kind\":\"heartbeat\",\"ts\":\"0001-01-02T00:00:00Z\",\"source\":"
		     "\"edge\",\"seq\":1}\n");
	buf_adds(&j, "{\"kind\":\"heartbeat\",\"ts\":\"9999-12-29T23:59:59.999999999Z\","
		     "\"source\":\"edge\",\"seq\":2}\n");
	/* a time that is not the identity: without an offset it counts as missing */
	buf_adds(&j, "{\"kind\":\"deployment\",\"deployment_id\":\"D1\",\"deployed_at\":"
		     "\"2026-11-02T08:00:00+08:00\",\"verification\":{\"verified\":true,"
		     "\"verified_by\":\"amy\",\"verified_at\":\"2026-11-02T08:30:00\"}}\n");
	put(&h, "ts.jsonl", j.data);
	put(&h, "ts.yaml", "---\nkind: freeze\nfreeze_id: F1\nstarted_at: 2026-13-02T09:00:00Z\n"
			   "---\nkind: freeze\nfreeze_id: F2\nstarted_at: 2026-11-02 09:00:00\n");
	hx_ingest(&h);
	for (size_t i = 0; i < n; i++)
		expect_rejected(&h, "ts.jsonl", (long)i + 1, "ts", "not an ISO 8601 time");
	expect_rejected(&h, "ts.jsonl", (long)n + 1, "ts", "no UTC offset in '2026-11-02T09:00:00'");
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM record WHERE source = 'edge'", NULL), 2);
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM record r JOIN deployment_fields d"
				         " ON d.record_id = r.id WHERE r.rid = 'D1'"
				         " AND d.verified_at IS NULL", NULL),
			 1);
	expect_rejected(&h, "ts.yaml", 1, "started_at", "not an ISO 8601 time");
	expect_rejected(&h, "ts.yaml", 5, "started_at", "no UTC offset");
	buf_release(&j);
		/* times that parse but whose day, in some zone, no review can be asked for: kept
	 * as rejected, not stored where no review would ever report them */
	{
		struct hx far;
		hx_init(&far);
		put(&far, "far.jsonl",
		    "{\"kind\":\"heartbeat\",\"ts\":\"0001-01-01T00:00:00+23:59\",\"source\":"
		    "\"far\",\"seq\":1}\n"
		    "{\"kind\":\"heartbeat\",\"ts\":\"9999-12-31T23:59:59.999999999-23:59\","
		    "\"source\":\"far\",\"seq\":2}\n"
		    /* just outside the edges, in UTC: 0001-01-01 and 9999-12-30 */
		    "{\"kind\":\"heartbeat\",\"ts\":\"0001-01-01T12:00:00Z\",\"source\":"
		    "\"far\",\"seq\":3}\n"
		    "{\"kind\":\"heartbeat\",\"ts\":\"9999-12-30T00:00:00Z\",\"source\":"
		    "\"far\",\"seq\":4}\n"
		    /* offset minutes out of range; a leap second a minute early */
		    "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T09:00:00+08:60\",\"source\":"
		    "\"far\",\"seq\":5}\n"
		    "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T23:58:60Z\",\"source\":"
		    "\"far\",\"seq\":6}\n");
		hx_ingest(&far);
		expect_rejected(&far, "far.jsonl", 1, "ts",
				"'0001-01-01T00:00:00+23:59' falls outside the days a review can");
		expect_rejected(&far, "far.jsonl", 2, "ts",
				"'9999-12-31T23:59:59.999999999-23:59' falls outside the days");
		expect_rejected(&far, "far.jsonl", 3, "ts",
				"'0001-01-01T12:00:00Z' falls outside the days a review can");
		expect_rejected(&far, "far.jsonl", 4, "ts",
				"'9999-12-30T00:00:00Z' falls outside the days a review can");
		expect_rejected(&far, "far.jsonl", 5, "ts", "not an ISO 8601 time");
		expect_rejected(&far, "far.jsonl", 6, "ts", "not an ISO 8601 time");
		hx_free(&far);
	}
	hx_free(&h);
}
END_TEST

/* Valid records whose trees outgrow their 8 KiB arena blocks (50,000 numbers each, a
 * 3 MiB tree): the queue to the store thread is bounded in bytes as well as in records,
 * so the memory of a hundred of them stays under the ceiling (counted in records, about
 * a hundred trees were in flight at once). Every record is stored. */
START_TEST(test_big_trees_in_flight)
{
	struct hx h;
	struct buf j = BUF_INIT;

	hx_init(&h);
	for (int i = 1; i <= 100; i++) {
		buf_addf(&j, "{\"kind\":\"risk_check\",\"ts\":\"2026-11-02T09:00:00Z\","
			     "\"source\":\"risk\",\"seq\":%d,\"environment\":\"live\","
			     "\"correlation_id\":\"FLOW-20261102-0001\",\"verdict\":\"pass\","
			     "\"extra\":[1", i);
		for (int k = 1; k < 50000; k++)
			buf_adds(&j, ",1");
		buf_adds(&j, "]}\n");
	}
	/* one of 250,000: its numbers' written texts come on top of the parse's budget, not
	 * out of it (they are no longer than the line) */
	buf_adds(&j, "{\"kind\":\"risk_check\",\"ts\":\"2026-11-02T09:00:00Z\","
		     "\"source\":\"risk\",\"seq\":101,\"environment\":\"live\","
		     "\"correlation_id\":\"FLOW-20261102-0001\",\"verdict\":\"pass\",\"extra\":[1");
	for (int k = 1; k < 250000; k++)
		buf_adds(&j, ",1");
	buf_adds(&j, "]}\n");
	put(&h, "big.jsonl", j.data);
	buf_release(&j);
	hx_ingest_measured(&h);
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM record", NULL), 101);
	hx_free(&h);
}
END_TEST

START_TEST(test_wrong_types)
{
	static const struct {
		const char *line, *field, *why;
	} bad[] = {
		{ "{\"kind\":\"heartbeat\",\"ts\":5,\"source\":\"hb\",\"seq\":1}", "ts",
		  "not a time string" },
		{ "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T09:00:00Z\",\"source\":{\"a\":1},"
		  "\"seq\":1}", "source", "not a string or an integer" },
		{ "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T09:00:00Z\",\"source\":[\"hb\"],"
		  "\"seq\":1}", "source", "not a string or an integer" },
		{ "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T09:00:00Z\",\"source\":\"hb\","
		  "\"seq\":true}", "seq", "not an integer" },
		{ "{\"kind\":5}", "kind", "not a string (a number)" },
		{ "{\"kind\":[\"heartbeat\"]}", "kind", "not a string (a list)" },
		{ "{\"kind\":{\"a\":1}}", "kind", "not a string (a mapping)" },
		{ "{\"kind\":true}", "kind", "not a string (a boolean)" },
		{ "{\"kind\":\"HEARTBEAT\"}", "kind", "unknown kind 'HEARTBEAT'" },
		{ "{\"kind\":\"deployment\",\"deployment_id\":true,\"deployed_at\":"
		  "\"2026-11-02T08:00:00Z\"}", "deployment_id", "not a string or an integer" },
		{ "{\"kind\":\"deployment\",\"deployment_id\":\"  \",\"deployed_at\":"
		  "\"2026-11-02T08:00:00Z\"}", "deployment_id", "empty" },
		{ "[1,2,3]", NULL, "a record must be an object" },
		{ "42", NULL, "a record must be an object" },
		{ "\"heartbeat\"", NULL, "a record must be an object" },
		{ "null", NULL, "a record must be an object" },
	};
	const size_t n = sizeof(bad) / sizeof(bad[0]);
	struct hx h;
	struct buf j = BUF_INIT;

	hx_init(&h);
	for (size_t i = 0; i < n; i++)
		buf_addf(&j, "%s\n", bad[i].line);
	/* governance fields of the wrong type: the record is stored, the field missing */
	buf_adds(&j, "{\"kind\":\"execution\",\"ts\":\"2026-11-02T09:00:00Z\",\"source\":\"oms\","
		     "\"seq\":1,\"qty\":\"ten\",\"price\":{},\"side\":[\"buy\"],\"route\":null,"
		     "\"correlation_id\":[7]}\n");
	/* a number read as text is the text as written (a double would round the ID past
	 * 2^53 and drop the version's 0); a quantity is a number (compared by range: under
	 * valgrind, SQLite's long double reading of a literal 1e300 is one ulp off) */
	buf_adds(&j, "{\"kind\":\"execution\",\"ts\":\"2026-11-02T09:00:00Z\",\"source\":\"oms\","
		     "\"seq\":3,\"qty\":1e300,\"correlation_id\":20261102001,"
		     "\"order_id\":9007199254740993,\"symbol\":-0.50e+1,\"route\":\"x\\\"1.5\"}\n");
	buf_adds(&j, "{\"kind\":\"incident\",\"incident_id\":\"INC-1\",\"occurred_at\":"
		     "\"2026-11-02T08:00:00Z\",\"a\":[1,{\"b\":2}],\"correlation_ids\":[\"A\",1.10]}\n");
	put(&h, "types.jsonl", j.data);
	put(&h, "types.yaml", "---\n- kind: heartbeat\n---\nkind: heartbeat\nts: [2026]\n"
			      "source: hb\nseq: 1\n---\njust text\n--- null\n--- ~\n---\n"
			      "# a comment, no content\n");
	hx_ingest(&h);
	for (size_t i = 0; i < n; i++)
		expect_rejected(&h, "types.jsonl", (long)i + 1, bad[i].field, bad[i].why);
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM record WHERE kind = 'execution'"
				         " AND qty IS NULL AND price IS NULL AND side IS NULL"
				         " AND route IS NULL AND correlation_id IS NULL", NULL),
			 1);
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM record WHERE kind = 'execution'"
				         " AND correlation_id = '20261102001' AND qty > 9e299"
				         " AND order_id = '9007199254740993' AND symbol = '-0.50e+1'", NULL),
			 1);
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM incident_correlation"
				         " WHERE correlation_id = '1.10'", NULL),
			 1);
	expect_rejected(&h, "types.yaml", 1, NULL, "a record must be an object");
	expect_rejected(&h, "types.yaml", 3, "ts", "not a time string");
	expect_rejected(&h, "types.yaml", 8, NULL, "a record must be an object");
	/* a document that says null is content and rejected, as a JSON line `null` is; one
	 * with no content (a marker, a comment) is skipped, as a blank line is */
	expect_rejected(&h, "types.yaml", 10, NULL, "a record must be an object");
	expect_rejected(&h, "types.yaml", 11, NULL, "a record must be an object");
	ck_assert_int_eq(tu_db_int(h.db, "SELECT count(*) FROM rejected r JOIN input_file f"
					 " ON f.id = r.file_id WHERE f.path = 'types.yaml'", NULL),
			 5);
	buf_release(&j);
	hx_free(&h);
}
END_TEST

/* ---- tailoring files ---- */

struct bad_config {
	const char *text;
	const char *want; /* after "config: 'site.yaml'" */
};

/* Each bad tailoring file stops the review with exit status 2 and a message naming the
 * file, the line and the field, before anything is written. */
static void expect_config_errors(const struct bad_config *bad, size_t n)
{
	struct hx h;

	hx_init(&h);
	for (size_t i = 0; i < n; i++) {
		char *site = tu_path(h.tmp, "site.yaml"), *out = tu_path(h.tmp, "out");
		const char *argv[] = { "taits-audit", "review", "--db", h.db, "--out", out,
				       "--date", "2026-11-02", "--config", site, h.bundle, NULL };
		struct buf want = BUF_INIT;

		tu_write(h.tmp, "site.yaml", bad[i].text, -1);
		buf_addf(&want, "taits-audit: config: '%s'%s", site, bad[i].want);
		ck_assert_msg(hx_run(&h, argv) == 2, "config %zu: exit %d:\n%s", i, h.p.status,
			      h.p.err);
		ck_assert_msg(strstr(h.p.err, want.data), "config %zu: want \"%s\" in:\n%s", i,
			      want.data, h.p.err);
		ck_assert_msg(!tu_exists(out) && !tu_exists(h.db),
			      "config %zu: something was written", i);
		buf_release(&want);
		free(site), free(out);
	}
	hx_free(&h);
}

START_TEST(test_tailoring_unknown_keys)
{
	static const struct bad_config bad[] = {
		{ "timezone: UTC\nfail_on: major\nthreshold:\n  kill_within_s: 5\n",
		  ":3: field 'threshold': unknown key 'threshold'" },
		{ "thresholds:\n  kill_within_s: 5\n  gap: 60\n",
		  ":3: field 'thresholds': unknown threshold 'gap'" },
		{ "trading_session:\n  open: \"09:00\"\n  lunch: \"12:00\"\n",
		  ":3: field 'trading_session': unknown key 'lunch'" },
		{ "waivers:\n  - rule: LOG-TS-ORDER\n    match: {}\n    reason: r\n"
		  "    approved_by: a\n    expires: 2026-12-31\n    scope: all\n",
		  ":7: field 'waivers[0]': unknown key 'scope'" },
		{ "waivers:\n  - rule: LOG-TS-ORDER\n    match:\n      env: live\n    reason: r\n"
		  "    approved_by: a\n    expires: 2026-12-31\n",
		  ":4: field 'waivers[0].match': unknown match key 'env'" },
		{ "fail_on: minor\nfail_on: major\n", ":2: field 'fail_on': duplicate key" },
		{ "thresholds:\n  kill_within_s: 5\n  degrade_within_s: 9\n  kill_within_s: 7\n",
		  ":4: field 'kill_within_s': duplicate key" },
		{ "kill_within_s: 5\nthresholds:\n  kill_within_s: 7\n",
		  ":3: field 'thresholds': 'kill_within_s' is also given at the top level" },
	};

	expect_config_errors(bad, sizeof(bad) / sizeof(bad[0]));
}
END_TEST

/* A zone file the system cannot read whole (a damaged tzdata package): glibc would take
 * the zone as UTC without a word, and every day would begin at another instant. The
 * default zone and a configured one are both refused, with nothing written. */
START_TEST(test_tailoring_damaged_zone_file)
{
	struct hx h;
	char *zones, *asia, *site, *out, *whole;
	size_t n = 0;

	hx_init(&h);
	zones = tu_path(h.tmp, "zoneinfo");
	asia = tu_path(zones, "Asia");
	ck_assert_int_eq(mkdir(zones, 0777), 0);
	ck_assert_int_eq(mkdir(asia, 0777), 0);
	whole = tu_read("/usr/share/zoneinfo/Asia/Taipei", &n);
	ck_assert_msg(whole && n > 44 && !memcmp(whole, "TZif", 4), "no Asia/Taipei zone file");
	tu_write(asia, "Taipei", whole, 44); /* its header and no more */
	site = tu_path(h.tmp, "site.yaml");
	out = tu_path(h.tmp, "out");
	tu_write(h.tmp, "site.yaml", "timezone: Asia/Taipei\n", -1);
	setenv("TZDIR", zones, 1);
	{
		const char *dflt[] = { "taits-audit", "review", "--db", h.db, "--out", out,
				       "--date", "2026-11-02", h.bundle, NULL };
		const char *conf[] = { "taits-audit", "review", "--db", h.db, "--out", out,
				       "--date", "2026-11-02", "--config", site, h.bundle, NULL };
		int rd = hx_run(&h, dflt);
		ck_assert_msg(rd == 2 && strstr(h.p.err, "taits-audit: config: time zone"
						" 'Asia/Taipei': the tz database's file of it"
						" cannot be read"),
			      "default zone: exit %d:\n%s", rd, h.p.err);
		int rc = hx_run(&h, conf);
		ck_assert_msg(rc == 2 && strstr(h.p.err, ":1: field 'timezone': time zone"
						" 'Asia/Taipei': the tz database's file of it"
						" cannot be read"),
			      "configured zone: exit %d:\n%s", rc, h.p.err);
	}
	unsetenv("TZDIR");
	ck_assert_msg(!tu_exists(out) && !tu_exists(h.db), "something was written");
	free(zones), free(asia), free(site), free(out), free(whole);
	hx_free(&h);
}
END_TEST

START_TEST(test_tailoring_bad_values)
{
	static const struct bad_config bad[] = {
		{ "thresholds:\n  kill_within_s: -1\n",
		  ":2: field 'thresholds.kill_within_s': must be a whole number from 1 to 86400" },
		{ "kill_within_s: 1e309\n", ":1: field 'kill_within_s': must be a whole number" },
		{ "kill_within_s: ten\n", ":1: field 'kill_within_s': must be a whole number" },
		{ "max_record_bytes: 1e12\n", ":1: field 'max_record_bytes': must be a whole number" },
		{ "trading_session:\n  days: [mon, funday]\n",
		  ":2: field 'trading_session.days': 'funday' is not one of mon..sun" },
		{ "trading_session:\n  days: []\n",
		  ":2: field 'trading_session.days': must name at least one day of mon..sun" },
		{ "trading_session:\n  open: \"25:00\"\n",
		  ":2: field 'trading_session.open': must be a time \"HH:MM\"" },
		/* two digits each, as documented: no space, sign or one-digit field */
		{ "trading_session:\n  open: \" 9:00\"\n",
		  ":2: field 'trading_session.open': must be a time \"HH:MM\"" },
		{ "trading_session:\n  open: \"+9:00\"\n",
		  ":2: field 'trading_session.open': must be a time \"HH:MM\"" },
		{ "trading_session:\n  close: \"13:+5\"\n",
		  ":2: field 'trading_session.close': must be a time \"HH:MM\"" },
		{ "trading_session:\n  open: \"14:00\"\n",
		  ":1: field 'trading_session': open must be before close" },
		{ "trading_session:\n  holidays: [2026-13-01]\n",
		  ":2: field 'trading_session.holidays': '2026-13-01' is not a date" },
		/* a value that is no string is quoted as written */
		{ "trading_session:\n  holidays: [20261127]\n",
		  ":2: field 'trading_session.holidays': '20261127' is not a date" },
		{ "trading_session:\n  holidays: [1.10]\n",
		  ":2: field 'trading_session.holidays': '1.10' is not a date" },
		/* NEL, U+2028 and U+2029 break a line for some readers; C1 controls are no text */
		{ "correlation_id_pattern: \"^a\\u0085b$\"\n",
		  ":1: field 'correlation_id_pattern': '^a\\xc2\\x85b$' holds a control character"
		  " (a line break)" },
		{ "correlation_id_pattern: \"^a\\u2029b$\"\n",
		  ":1: field 'correlation_id_pattern': '^a\xe2\x80\xa9" "b$' holds a control"
		  " character (a line break)" },
		{ "correlation_id_pattern: \"^a\\u009bb$\"\n",
		  ":1: field 'correlation_id_pattern': '^a\\xc2\\x9bb$' holds a control character"
		  " (not text)" },
		{ "fail_on: sometimes\n", ":1: field 'fail_on': must be critical, major or minor" },
		{ "timezone: ../../etc/passwd\n",
		  ":1: field 'timezone': time zone '../../etc/passwd' is not in the system's tz" },
		{ "timezone: \"+08:60\"\n", ":1: field 'timezone': time zone '+08:60'" },
		/* files of the tz directory that are not zones: glibc would read them as UTC */
		{ "timezone: zone.tab\n",
		  ":1: field 'timezone': time zone 'zone.tab' is not in the system's tz" },
		{ "timezone: tzdata.zi\n",
		  ":1: field 'timezone': time zone 'tzdata.zi' is not in the system's tz" },
		/* in the tz directory, but no zone to read days in: leap seconds counted in
		 * the clock, the host's own setting, a template, a placeholder */
		{ "timezone: right/Asia/Taipei\n",
		  ":1: field 'timezone': time zone 'right/Asia/Taipei' counts leap seconds" },
		{ "timezone: localtime\n", ":1: field 'timezone': time zone 'localtime' names no place" },
		{ "timezone: posixrules\n", ":1: field 'timezone': time zone 'posixrules' names no place" },
		{ "timezone: Factory\n", ":1: field 'timezone': time zone 'Factory' names no place" },
		{ "correlation_id_pattern: \"(\"\n",
		  ":1: field 'correlation_id_pattern': '(' is not a valid POSIX extended" },
		/* written out by regcomp(), these took a gigabyte: refused before it runs */
		{ "correlation_id_pattern: '^[A-Za-z0-9._:-]{,7721}$'\n",
		  ":1: field 'correlation_id_pattern': '^[A-Za-z0-9._:-]{,7721}$' is too large" },
		{ "correlation_id_pattern: '((a{100}){100})'\n",
		  ":1: field 'correlation_id_pattern': '((a{100}){100})' is too large" },
		{ "correlation_id_pattern: 'a++++++++++++++++++++++++'\n",
		  ":1: field 'correlation_id_pattern': 'a++++++++++++++++++++++++' is too large" },
		/* empty and anchor-only groups are written out too: 8 GB */
		{ "correlation_id_pattern: '((){150}){150}'\n",
		  ":1: field 'correlation_id_pattern': '((){150}){150}' is too large" },
		{ "correlation_id_pattern: '((^){100}){100}'\n",
		  ":1: field 'correlation_id_pattern': '((^){100}){100}' is too large" },
		{ "waivers:\n  - rule: LOG-TS-ORDER\n    match: {}\n    reason: r\n"
		  "    approved_by: a\n    expires: 2026-13-01\n",
		  ":6: field 'waivers[0].expires': 'expires' must be a date" },
		{ "waivers:\n  - rule: NO-SUCH-RULE\n",
		  ":2: field 'waivers[0].rule': 'NO-SUCH-RULE' is not a rule of the catalog" },
		{ "waivers:\n  - match: {}\n", ":2: field 'waivers[0].rule': 'rule' must name" },
		/* a waiver's reason and approver: present, text, and not blank */
		{ "waivers:\n  - rule: LOG-TS-ORDER\n    match: {}\n    approved_by: a\n"
		  "    expires: 2026-12-31\n", ":2: field 'waivers[0].reason': 'reason' is required" },
		{ "waivers:\n  - rule: LOG-TS-ORDER\n    match: {}\n    reason: r\n"
		  "    approved_by: \" \"\n    expires: 2026-12-31\n",
		  ":5: field 'waivers[0].approved_by': 'approved_by' is blank" },
		{ "waivers:\n  - rule: LOG-TS-ORDER\n    match: {}\n    reason: \"\\t \"\n"
		  "    approved_by: a\n    expires: 2026-12-31\n",
		  ":4: field 'waivers[0].reason': 'reason' is blank" },
		{ "waivers:\n  - rule: LOG-TS-ORDER\n    match: {}\n    reason: r\n"
		  "    approved_by: 5\n    expires: 2026-12-31\n",
		  ":5: field 'waivers[0].approved_by': 'approved_by' must be text" },
		/* Unicode spaces are blanks too: ideographic, no-break */
		{ "waivers:\n  - rule: LOG-TS-ORDER\n    match: {}\n    reason: \"\\u3000\"\n"
		  "    approved_by: a\n    expires: 2026-12-31\n",
		  ":4: field 'waivers[0].reason': 'reason' is blank" },
		{ "waivers:\n  - rule: LOG-TS-ORDER\n    match: {}\n    reason: r\n"
		  "    approved_by: \"\\u00a0 \"\n    expires: 2026-12-31\n",
		  ":5: field 'waivers[0].approved_by': 'approved_by' is blank" },
		{ "waivers:\n  - rule: LOG-TS-ORDER\n    match: {}\n    reason:\n"
		  "    approved_by: a\n    expires: 2026-12-31\n",
		  ":4: field 'waivers[0].reason': 'reason' is required" },
		{ "waivers: {rule: LOG-TS-ORDER}\n", ":1: field 'waivers': must be a list" },
		{ "- timezone\n- UTC\n", ":1: the tailoring must be a mapping" },
		{ "a: [x]\nb: *a\n", ":2:4: field 'b': alias of an anchor not defined before it" },
		{ "timezone: [UTC\n", ":2:1: field 'timezone': not valid YAML" },
	};

	expect_config_errors(bad, sizeof(bad) / sizeof(bad[0]));
}
END_TEST

START_TEST(test_tailoring_too_large)
{
	struct hx h;
	char *site;
	struct buf big = BUF_INIT;

	hx_init(&h);
	site = tu_path(h.tmp, "site.yaml");
	buf_adds(&big, "timezone: UTC\n");
	while (big.len <= MIB)
		buf_adds(&big, "# padding padding padding padding padding padding padding\n");
	tu_write(h.tmp, "site.yaml", big.data, (long)big.len);
	{
		const char *argv[] = { "taits-audit", "review", "--db", h.db, "--date",
				       "2026-11-02", "--config", site, NULL };
		ck_assert_int_eq(hx_run(&h, argv), 2);
		ck_assert_msg(strstr(h.p.err, "larger than 1 MiB") && strstr(h.p.err, site), "%s",
			      h.p.err);
	}
	/* A directory given as the file cannot be read (3), and the message says why. */
	{
		const char *argv[] = { "taits-audit", "review", "--db", h.db, "--date",
				       "2026-11-02", "--config", h.tmp, NULL };
		ck_assert_int_eq(hx_run(&h, argv), 3);
		ck_assert_msg(strstr(h.p.err, "cannot read: Is a directory"), "%s", h.p.err);
	}
	free(site);
	buf_release(&big);
	hx_free(&h);
}
END_TEST

/* ---- the fuzzers' corpora and crashes, replayed ---- */

/* Each target's LLVMFuzzerTestOneInput, under its own name. */
#define LLVMFuzzerTestOneInput fuzz_jsonl_one
#include "fuzz/fuzz_jsonl.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_yaml_one
#include "fuzz/fuzz_yaml.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_tailoring_one
#include "fuzz/fuzz_tailoring.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_manifest_one
#include "fuzz/fuzz_manifest.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_ingest_one
#include "fuzz/fuzz_ingest.c"
#undef LLVMFuzzerTestOneInput

/* Feeds every file of srcdir/dir to fn; returns how many there were (0 without dir). */
static int replay(const char *dir, int (*fn)(const uint8_t *, size_t))
{
	char *path = tu_src(dir);
	DIR *d = opendir(path);
	struct dirent *de;
	int n = 0;

	if (!d) {
		ck_assert_msg(errno == ENOENT, "%s: %s", path, strerror(errno));
		free(path);
		return 0;
	}
	while ((de = readdir(d))) {
		char *file;
		size_t len = 0;
		char *data;
		if (de->d_name[0] == '.')
			continue;
		file = tu_path(path, de->d_name);
		data = tu_read(file, &len);
		ck_assert_msg(data != NULL, "cannot read %s", file);
		/* an exact-size copy, so a read past the end is caught under ASan */
		uint8_t *exact = malloc(len ? len : 1);
		memcpy(exact, data, len);
		fn(exact, len);
		free(exact);
		free(data);
		free(file);
		n++;
	}
	closedir(d);
	free(path);
	return n;
}

START_TEST(test_fuzz_corpus_and_regressions)
{
	static const struct {
		const char *name;
		int (*fn)(const uint8_t *, size_t);
	} targets[] = {
		{ "jsonl", fuzz_jsonl_one },	     { "yaml", fuzz_yaml_one },
		{ "tailoring", fuzz_tailoring_one }, { "manifest", fuzz_manifest_one },
		{ "ingest", fuzz_ingest_one },
	};
	char dir[96];
	int regressions = 0;

	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		snprintf(dir, sizeof(dir), "tests/fuzz/corpus/%s", targets[i].name);
		ck_assert_msg(replay(dir, targets[i].fn) >= 4, "%s: seed corpus missing", dir);
		snprintf(dir, sizeof(dir), "tests/fuzz/regressions/%s", targets[i].name);
		regressions += replay(dir, targets[i].fn);
	}
	/* the crash inputs kept (README, "Fuzzing"): one of the manifest's, three of the
	 * tailoring file's; none may go unreplayed by a misnamed directory */
	ck_assert_int_ge(regressions, 4);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("hostile");
	TCase *tc = tcase_create("hostile");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_yaml_alias_bomb);
	tcase_add_test(tc, test_deep_nesting);
	tcase_add_test(tc, test_long_line_jsonl);
	tcase_add_test(tc, test_long_line_yaml);
	tcase_add_test(tc, test_invalid_utf8);
	tcase_add_test(tc, test_nul_bytes);
	tcase_add_test(tc, test_bom);
	tcase_add_test(tc, test_crlf);
	tcase_add_test(tc, test_truncated_last_line);
	tcase_add_test(tc, test_empty_files);
	tcase_add_test(tc, test_binary_junk);
	tcase_add_test(tc, test_symlink_loops);
	tcase_add_test(tc, test_special_files);
	tcase_add_test(tc, test_deep_directories);
	tcase_add_test(tc, test_manifest_escapes);
	tcase_add_test(tc, test_manifest_carriage_return_in_a_name);
	tcase_add_test(tc, test_file_names_stay_apart);
	tcase_add_test(tc, test_file_names_on_stderr_as_in_reports);
	tcase_add_test(tc, test_manifest_bad_escapes);
	tcase_add_test(tc, test_messages_escape_control_characters);
	tcase_add_test(tc, test_manifest_of_many_lines);
	tcase_add_test(tc, test_duplicate_keys);
	tcase_add_test(tc, test_numbers_out_of_range);
	tcase_add_test(tc, test_timestamps_out_of_range);
	tcase_add_test(tc, test_wrong_types);
	tcase_add_test(tc, test_tailoring_unknown_keys);
	tcase_add_test(tc, test_tailoring_bad_values);
	tcase_add_test(tc, test_tailoring_damaged_zone_file);
	tcase_add_test(tc, test_tailoring_too_large);
	tcase_add_test(tc, test_big_trees_in_flight);
	tcase_add_test(tc, test_many_alerts_and_markers_stay_flat);
	tcase_add_test(tc, test_many_mode_changes_stay_flat);
	tcase_add_test(tc, test_many_orphan_events_each_reported);
	tcase_add_test(tc, test_many_versions_of_one_identity);
	tcase_add_test(tc, test_fuzz_corpus_and_regressions);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_main(suite());
}
