/*
 * check_report.c - the review command end to end: verdicts of the samples, the XML
 * report against its schema and its golden copy, determinism, exit statuses, waivers and
 * the environment filter; a generated day of 10,000 orders is clean and stored whole.
 */
#define _XOPEN_SOURCE 700 /* nftw() */
#include <check.h>
#include <ftw.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingest/ingest.h"
#include "report/model_internal.h"
#include "rules/catalog.h"
#include "rules/rules.h"
#include "store/store.h"
#include "testutil.h"
#include "util/buf.h"

/* Runs `review` of `bundle` (relative to the source tree) for `date` into a fresh store;
 * returns the exit status and leaves the XML report's path in *xml (caller frees). */
static int review(const char *tmp, const char *bundle, const char *date, const char *extra1,
		  const char *extra2, char **xml, struct tu_proc *p)
{
	char *db = tu_path(tmp, "s.db"), *src = bundle ? tu_src(bundle) : NULL;
	const char *extra[] = { "--format", "xml", extra1, extra2, NULL };
	int rc = tu_review(p, db, tmp, date, src, extra);

	if (xml) {
		struct buf name = BUF_INIT;
		buf_addf(&name, "review-%s-%s.xml",
			 extra1 && !strcmp(extra1, "--env") ? extra2 : "all", date);
		*xml = tu_path(tmp, name.data);
		buf_release(&name);
	}
	free(db), free(src);
	return rc;
}

/* "rule file:line" of each finding's first evidence, one per line, sorted. */
static char *finding_list(const char *xml)
{
	struct tu_xml *x = tu_xml_open(xml);
	int n = tu_xml_count(x, "/*/findings/finding");
	char **lines = calloc((size_t)n + 1, sizeof(*lines));
	struct buf b = BUF_INIT;

	for (int i = 0; i < n; i++) {
		char *rule = tu_xml_get(x, "(/*/findings/finding)[%d]/@rule", i + 1);
		char *file = tu_xml_get(x, "(/*/findings/finding)[%d]/evidence[1]/@file", i + 1);
		char *line = tu_xml_get(x, "(/*/findings/finding)[%d]/evidence[1]/@line", i + 1);
		buf_addf(&b, "%s %s:%s", rule, file ? file : "?", line ? line : "?");
		lines[i] = buf_detach(&b);
		free(rule), free(file), free(line);
	}
	tu_xml_close(x);
	qsort(lines, (size_t)n, sizeof(*lines), tu_cmpstr);
	for (int i = 0; i < n; i++)
		buf_addf(&b, "%s\n", lines[i]);
	tu_strv_free(lines);
	return buf_detach(&b);
}

START_TEST(test_compliant_samples_are_clean)
{
	static const char *const days[][2] = { { "samples/live-day", "2026-11-26" },
					       { "samples/sim-day", "2026-11-25" } };
	for (int i = 0; i < 2; i++) {
		char *tmp = tu_tmpdir(), *xml;
		struct tu_proc p;
		ck_assert_msg(review(tmp, days[i][0], days[i][1], NULL, NULL, &xml, &p) == 0,
			      "%s: exit %d\n%s", days[i][0], p.status, p.err);
		ck_assert_msg(strstr(p.err, ": COMPLIANT 合規") && !strstr(p.err, "NON-COMPLIANT") &&
				      strstr(p.err, "findings 0:"),
			      "%s", p.err);
		ck_assert_msg(tu_report_validates(xml), "%s does not validate", xml);
		{
			struct tu_xml *x = tu_xml_open(xml);
			char *verdict = tu_xml_get(x, "/review/@verdict");
			ck_assert_str_eq(verdict, "compliant");
			free(verdict);
			tu_xml_close(x);
		}
		char *list = finding_list(xml);
		ck_assert_str_eq(list, "");
		free(list);
		tu_proc_free(&p);
		tu_rmrf(tmp);
		free(tmp), free(xml);
	}
}
END_TEST

/* The planted violations of samples/bad-day, as its EXPECTED.md lists them. */
START_TEST(test_bad_day_finds_what_was_planted)
{
	char *tmp = tu_tmpdir(), *xml, *md_path = tu_src("samples/bad-day/EXPECTED.md");
	char *md = tu_read(md_path, NULL), *want[64];
	struct buf w = BUF_INIT;
	struct tu_proc p;
	int n = 0;

	ck_assert_int_eq(review(tmp, "samples/bad-day", "2026-11-27", NULL, NULL, &xml, &p), 1);
	ck_assert_msg(tu_report_validates(xml), "the bad-day report does not validate");
	/* Table rows: | `RULE` | severity | `file:line`... */
	for (char *l = strtok(md, "\n"); l; l = strtok(NULL, "\n")) {
		char rule[64], loc[256];
		if (sscanf(l, "| `%63[^`]` | %*s | `%255[^`]`", rule, loc) == 2) {
			struct buf b = BUF_INIT;
			buf_addf(&b, "%s %s", rule, loc);
			want[n++] = buf_detach(&b);
		}
	}
	ck_assert_int_eq(n, 23);
	qsort(want, (size_t)n, sizeof(*want), tu_cmpstr);
	for (int i = 0; i < n; i++) {
		buf_addf(&w, "%s\n", want[i]);
		free(want[i]);
	}
	char *got = finding_list(xml);
	ck_assert_str_eq(got, w.data);
	free(got);
	buf_release(&w);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(xml), free(md), free(md_path);
}
END_TEST

START_TEST(test_golden_report)
{
	char *tmp = tu_tmpdir(), *golden = tu_src("tests/golden/review-all-2026-11-27.xml");
	char *db = tu_path(tmp, "s.db"), *xml = tu_path(tmp, "review-all-2026-11-27.xml");
	struct tu_proc p;
	size_t n1, n2;

	/* Relative paths, as the golden file was made: the report records them. */
	ck_assert_int_eq(chdir(tu_srcdir()), 0);
	const char *argv[] = { "taits-audit", "review", "--db", db, "--out", tmp, "--format", "xml",
			       "--date", "2026-11-27", "samples/bad-day", NULL };
	ck_assert_int_eq(tu_run(&p, argv), 1);
	char *a = tu_read(golden, &n1), *b = tu_read(xml, &n2);
	ck_assert_msg(a != NULL, "missing %s", golden);
	ck_assert_msg(n1 == n2 && !memcmp(a, b, n1),
		      "the report differs from tests/golden (tools/update-golden.sh after an "
		      "intended change)");
	free(a), free(b);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(golden), free(db), free(xml);
}
END_TEST

/* Whether `name` in dir is byte for byte tests/golden/name. */
static void expect_golden(const char *dir, const char *name)
{
	struct buf rel = BUF_INIT;
	buf_addf(&rel, "tests/golden/%s", name);
	char *golden = tu_src(rel.data), *made = tu_path(dir, name);
	size_t n1 = 0, n2 = 0;
	buf_release(&rel);
	char *a = tu_read(golden, &n1), *b = tu_read(made, &n2);

	ck_assert_msg(a != NULL, "missing %s", golden);
	ck_assert_msg(b != NULL, "%s was not written", made);
	ck_assert_msg(n1 == n2 && !memcmp(a, b, n1),
		      "%s differs from tests/golden (tools/update-golden.sh after an intended"
		      " change)", name);
	free(a), free(b), free(golden), free(made);
}

/* The period report, the preflight and the unfreeze audit, each against its golden copy
 * (made by tools/update-golden.sh the same way): every fact they state, in its order. The
 * period holds findings of two days and a waiver applied on both; its stderr gives the
 * verdict and each day's counts as the XML does. */
START_TEST(test_golden_reports)
{
	char *tmp = tu_tmpdir(), *p = tu_path(tmp, "p.db"), *f = tu_path(tmp, "f.db");
	struct tu_proc pr;

	ck_assert_int_eq(chdir(tu_srcdir()), 0); /* relative paths, as the goldens were made */
	{
		const char *argv[] = { "taits-audit", "report", "--db", p, "--out", tmp,
				       "--format", "xml", "--config", "tests/golden/period.yaml",
				       "--from", "2026-11-26", "--to", "2026-11-28",
				       "samples/live-day", "samples/bad-day",
				       "tests/rules/DO-4.5-SIM-ROUTE.violation/bundle",
				       "tests/rules/DO-3.2-DEPLOY-GATE.violation/bundle", NULL };
		ck_assert_int_eq(tu_run(&pr, argv), 1);
		expect_golden(tmp, "report-all-2026-11-26_2026-11-28.xml");
		/* stderr says what the XML says: the period's verdict, and each day's */
		char *xml = tu_path(tmp, "report-all-2026-11-26_2026-11-28.xml");
		struct tu_xml *x = tu_xml_open(xml);
		struct buf want = BUF_INIT;
		char *verdict = tu_xml_get(x, "/period-report/@verdict");
		buf_addf(&want, "report 2026-11-26..2026-11-28 all: %s\n",
			 !strcmp(verdict, "compliant") ? "COMPLIANT 合規" : "NON-COMPLIANT 不合規");
		ck_assert_msg(strstr(pr.err, want.data), "no \"%s\" in:\n%s", want.data, pr.err);
		ck_assert_int_eq(tu_xml_count(x, "/period-report/days/day"), 3);
		for (int d = 1; d <= 3; d++) {
			static const char *const attrs[] = { "date", "verdict", "findings", "critical",
							     "major", "minor", "waived" };
			char *v[7];
			for (int k = 0; k < 7; k++)
				v[k] = tu_xml_get(x, "/period-report/days/day[%d]/@%s", d, attrs[k]);
			buf_reset(&want);
			buf_addf(&want, "  %s %-13s findings %s (critical %s, major %s, minor %s,"
				 " waived %s)\n", v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
			ck_assert_msg(strstr(pr.err, want.data), "no \"%s\" in:\n%s", want.data,
				      pr.err);
			for (int k = 0; k < 7; k++)
				free(v[k]);
		}
		/* the days differ, so that a day's line cannot pass for another's */
		ck_assert_int_eq(tu_xml_count(x, "/period-report/days/day[@verdict='compliant']"), 1);
		ck_assert_int_gt(tu_xml_count(x, "/period-report/days/day[@major != @minor]"), 0);
		tu_xml_close(x);
		buf_release(&want);
		free(xml), free(verdict);
		tu_proc_free(&pr);
	}
	{
		const char *ing[] = { "taits-audit", "ingest", "--quiet", "--db", f,
				      "samples/freeze-story/2026-11-16", "samples/freeze-story/2026-11-17",
				      "samples/freeze-story/2026-11-18", "samples/freeze-story/2026-11-19",
				      "samples/freeze-story/2026-11-20", NULL };
		const char *pre[] = { "taits-audit", "preflight", "--quiet", "--db", f, "--out", tmp,
				      "--format", "xml", "--date", "2026-11-20", "--env", "live",
				      NULL };
		const char *unf[] = { "taits-audit", "unfreeze", "--quiet", "--db", f, "--out", tmp,
				      "--format", "xml", "--freeze", "FRZ-20261117-01", NULL };
		ck_assert_int_eq(tu_run(&pr, ing), 0);
		tu_proc_free(&pr);
		ck_assert_int_eq(tu_run(&pr, pre), 0);
		tu_proc_free(&pr);
		expect_golden(tmp, "preflight-live-2026-11-20.xml");
		ck_assert_int_eq(tu_run(&pr, unf), 0);
		tu_proc_free(&pr);
		expect_golden(tmp, "unfreeze-FRZ-20261117-01.xml");
	}
	tu_rmrf(tmp);
	free(tmp), free(p), free(f);
}
END_TEST

/* dir1/name and dir2/name hold the same bytes. */
static void same_file(const char *dir1, const char *dir2, const char *name, const char *what)
{
	char *p1 = tu_path(dir1, name), *p2 = tu_path(dir2, name);
	size_t n1 = 0, n2 = 0;
	char *a = tu_read(p1, &n1), *b = tu_read(p2, &n2);

	ck_assert_msg(a && b, "%s: missing %s", what, a ? p2 : p1);
	ck_assert_msg(n1 == n2 && !memcmp(a, b, n1), "%s: %s differs", what, name);
	free(a), free(b), free(p1), free(p2);
}

/* Two runs on the same inputs write the same XML and PDF bytes. No clock reaches a report:
 * the store records each ingest run's wall-clock time, and a review from a store whose run
 * is dated years earlier is byte for byte the review from one dated now. */
START_TEST(test_same_inputs_same_bytes)
{
	char *t1 = tu_tmpdir(), *t2 = tu_tmpdir(), *src = tu_src("samples/bad-day");
	char *db1 = tu_path(t1, "s.db"), *db2 = tu_path(t2, "s.db");
	char *again1 = tu_path(t1, "again"), *again2 = tu_path(t2, "again");
	char *x1 = tu_path(t1, "review-all-2026-11-27.xml");
	char *xa = tu_path(again1, "review-all-2026-11-27.xml");
	const char *both[] = { "--format", "xml,pdf", NULL };
	struct tu_proc p;
	sqlite3 *h;

	ck_assert_int_eq(tu_review(&p, db1, t1, "2026-11-27", src, both), 1);
	tu_proc_free(&p);
	ck_assert_int_eq(tu_review(&p, db2, t2, "2026-11-27", src, both), 1);
	tu_proc_free(&p);
	same_file(t1, t2, "review-all-2026-11-27.xml", "two runs");
	same_file(t1, t2, "review-all-2026-11-27.pdf", "two runs");

	ck_assert_int_eq(sqlite3_open(db1, &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h, "UPDATE ingest_run SET started_at = '2001-02-03T04:05:06Z'",
				      NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_changes(h), 1);
	sqlite3_close(h);
	/* reviews from the loaded stores, without PATH */
	ck_assert_int_eq(tu_review(&p, db1, again1, "2026-11-27", NULL, both), 1);
	tu_proc_free(&p);
	ck_assert_int_eq(tu_review(&p, db2, again2, "2026-11-27", NULL, both), 1);
	tu_proc_free(&p);
	same_file(again1, again2, "review-all-2026-11-27.xml", "stores of other ingest times");
	same_file(again1, again2, "review-all-2026-11-27.pdf", "stores of other ingest times");
	/* and a review from the store finds what the review that loaded it found */
	char *l1 = finding_list(x1), *l2 = finding_list(xa);
	ck_assert_str_eq(l1, l2);
	free(l1), free(l2);
	tu_rmrf(t1), tu_rmrf(t2);
	free(t1), free(t2), free(src), free(db1), free(db2), free(again1), free(again2);
	free(x1), free(xa);
}
END_TEST

/* The rules of a day run on two connections at once, and ingest reads on a second thread;
 * TAITS_AUDIT_THREADS=1 does all on one thread. Both give the same bytes: the one-command
 * review of bad-day (findings of most rules, from both connections), a review from the
 * store, and a period report of twelve days with findings on several of them. */
START_TEST(test_one_thread_same_bytes)
{
	char *t[2], *db[2], *bad = tu_src("samples/bad-day"), *live = tu_src("samples/live-day");
	const char *both[] = { "--format", "xml,pdf", NULL };
	static const char *const files[] = {
		"review-all-2026-11-27.xml", "review-all-2026-11-27.pdf",
		"again/review-all-2026-11-27.xml", "again/review-all-2026-11-27.pdf",
		"report-all-2026-11-16_2026-11-27.xml", "report-all-2026-11-16_2026-11-27.pdf",
	};
	struct tu_proc p;

	for (int k = 0; k < 2; k++) {
		t[k] = tu_tmpdir();
		db[k] = tu_path(t[k], "s.db");
		/* 2: every day's rules on both threads, small as these days are */
		setenv("TAITS_AUDIT_THREADS", k ? "1" : "2", 1);
		ck_assert_int_eq(tu_review(&p, db[k], t[k], "2026-11-27", bad, both), 1);
		tu_proc_free(&p);
		char *again = tu_path(t[k], "again");
		/* from the store, in its snapshot: the second thread takes its share of the
		 * rules, unless told not to (TAITS_AUDIT_TIMING says so on stderr) */
		setenv("TAITS_AUDIT_TIMING", "1", 1);
		ck_assert_int_eq(tu_review(&p, db[k], again, "2026-11-27", NULL, both), 1);
		unsetenv("TAITS_AUDIT_TIMING");
		ck_assert_msg((strstr(p.err, "timing rules.second-thread") != NULL) == !k,
			      "the second thread %s: %s", k ? "ran" : "did not run", p.err);
		tu_proc_free(&p);
		free(again);
		tu_ingest_story(db[k]);
		const char *more[] = { "ingest", live, NULL };
		ck_assert_int_eq(tu_run_cmd(&p, db[k], NULL, more), 0);
		tu_proc_free(&p);
		const char *period[] = { "report", "--from", "2026-11-16", "--to", "2026-11-27",
					 NULL };
		ck_assert_int_eq(tu_run_cmd(&p, db[k], t[k], period), 1);
		tu_proc_free(&p);
	}
	unsetenv("TAITS_AUDIT_THREADS");
	ck_assert_int_gt(tu_db_int(db[0], "SELECT count(*) FROM record"), 0);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		same_file(t[0], t[1], files[i], "two threads and one");
	for (int k = 0; k < 2; k++) {
		tu_rmrf(t[k]);
		free(t[k]), free(db[k]);
	}
	free(bad), free(live);
}
END_TEST

/* A line of events for the execution-summary bundle: `env` NULL leaves the field out. */
static void exec_line(struct buf *b, const char *kind, const char *env, const char *hhmm,
		      int seq, const char *rest)
{
	buf_addf(b, "{\"kind\":\"%s\",\"ts\":\"2026-11-02T%s:00+08:00\",\"source\":\"s\",\"seq\":%d",
		 kind, hhmm, seq);
	if (env)
		buf_addf(b, ",\"environment\":\"%s\"", env);
	buf_addf(b, ",%s}\n", rest);
}

/* Ingests `text` as one JSON-lines file and sums it up both ways: in one pass with the
 * rules' timeline, and by the reference SQL. The two must agree row for row. */
static size_t exec_both_ways(const char *text, struct report *fast)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *bundle = tu_path(tmp, "b");
	struct ingest_options opt = { INGEST_DEFAULT_MAX_RECORD, NULL, 0, NULL };
	struct ingest_result res;
	struct tailoring t;
	struct store *st = NULL;
	struct rules *rules = NULL;
	struct report slow;
	struct error e;

	memset(&res, 0, sizeof(res));
	memset(&e, 0, sizeof(e));
	tu_write(bundle, "events.jsonl", text, -1);
	ck_assert_msg(!tailoring_load(NULL, &t, &e), "%s", e.msg);
	ck_assert_msg(!store_open(db, STORE_WRITE, &st, &e), "%s", e.msg);
	ck_assert_msg(!ingest_run(st, &bundle, 1, &opt, &res, &e), "%s", e.msg);
	ck_assert_int_gt(res.stats.stored, 0);
	ck_assert_msg(!rules_open(store_db(st), NULL, &t, &rules, &e), "%s", e.msg);
	model_init(fast, REPORT_REVIEW, store_db(st), &t, 0, 0, NULL);
	model_init(&slow, REPORT_REVIEW, store_db(st), &t, 0, 0, NULL);
	ck_assert_msg(!model_load_exec(fast, rules, INT64_MIN, INT64_MAX, &e), "%s", e.msg);
	ck_assert_msg(!model_load_exec_sql(&slow, INT64_MIN, INT64_MAX, &e), "%s", e.msg);
	ck_assert_uint_eq(fast->nexec, slow.nexec);
	for (size_t i = 0; i < slow.nexec; i++) {
		const struct rep_exec *a = &fast->exec[i], *b = &slow.exec[i];
		ck_assert_str_eq(a->environment, b->environment);
		ck_assert_str_eq(a->mode, b->mode);
		ck_assert_msg(a->submits == b->submits && a->acks == b->acks &&
			      a->fills == b->fills && a->partial_fills == b->partial_fills &&
			      a->cancels == b->cancels && a->rejects == b->rejects &&
			      a->symbols == b->symbols && a->ks_tests == b->ks_tests &&
			      a->ks_activations == b->ks_activations &&
			      a->ks_tests_not_ok == b->ks_tests_not_ok &&
			      a->ks_activations_not_ok == b->ks_activations_not_ok,
			      "row %zu (%s, %s) differs", i, b->environment, b->mode);
	}
	report_release(&slow);
	rules_close(rules);
	ingest_result_release(&res);
	store_close(st);
	tailoring_release(&t);
	tu_rmrf(tmp);
	free(tmp), free(db), free(bundle);
	return fast->nexec;
}

static const struct rep_exec *exec_row(const struct report *rep, const char *env,
				       const char *mode)
{
	for (size_t i = 0; i < rep->nexec; i++)
		if (!strcmp(rep->exec[i].environment, env) && !strcmp(rep->exec[i].mode, mode))
			return &rep->exec[i];
	ck_abort_msg("no execution summary row (%s, %s)", env, mode);
	return NULL;
}

/* The execution summary made in one pass equals the SQL's, and counts a record held in
 * conflicting versions once (in each environment its versions name): records before any mode and
 * without an environment, labels that read like the placeholders ("(unlabelled)", a mode
 * "undeclared"), a mode in force twice (distinct symbols over both), every event, unknown
 * events, events written in other cases (`Submit`, `Fill`: counted as what they say, as the
 * rules read them),
 * records without a symbol, kill-switch tests and activations. More groups than
 * the pass keeps falls back to the SQL, to the same rows. */
START_TEST(test_exec_summary_one_pass)
{
	static const char *const events[] = { "submit", "ack",	   "fill",     "partial_fill",
					       "cancel", "reject", "amend",    "Submit",
					       " SUBMIT ", "submits", "Fill", " CANCEL ",
					       "Reject", "ACK", "Partial_Fill" };
	struct buf b = BUF_INIT;
	struct report rep;
	int seq = 0;

	exec_line(&b, "mode_change", "sim", "08:00", ++seq, "\"from\":null,\"to\":\"observe_only\"");
	exec_line(&b, "mode_change", "sim", "09:00", ++seq, "\"from\":\"observe_only\",\"to\":\"simulated_execution\"");
	exec_line(&b, "mode_change", "sim", "12:00", ++seq, "\"from\":\"simulated_execution\",\"to\":\"observe_only\"");
	exec_line(&b, "mode_change", "sim", "13:00", ++seq, "\"from\":\"observe_only\",\"to\":\"simulated_execution\"");
	exec_line(&b, "mode_change", "live", "10:00", ++seq, "\"from\":null,\"to\":\"undeclared\"");
	for (int i = 0; i < (int)(sizeof(events) / sizeof(events[0])); i++) {
		struct buf rest = BUF_INIT;
		buf_addf(&rest, "\"correlation_id\":\"CID-0000%04d\",\"event\":\"%s\",\"order_id\":\"O%d\","
			 "\"symbol\":\"S%d\",\"side\":\"buy\",\"qty\":1,\"route\":\"simulated\"",
			 i, events[i], i, i % 3);
		exec_line(&b, "execution", "sim", "07:30", ++seq, rest.data);  /* undeclared */
		exec_line(&b, "execution", "sim", "10:00", ++seq, rest.data);
		exec_line(&b, "execution", "sim", i < 4 ? "11:00" : "14:00", ++seq, rest.data);
		exec_line(&b, "execution", NULL, "10:00", ++seq, rest.data);
		exec_line(&b, "execution", "(unlabelled)", "10:00", ++seq, rest.data);
		exec_line(&b, "execution", "live", i % 2 ? "09:00" : "11:00", ++seq, rest.data);
		buf_release(&rest);
	}
	/* S9 only in the second simulated span; no symbol at all */
	exec_line(&b, "execution", "sim", "15:00", ++seq,
		  "\"correlation_id\":\"CID-00009999\",\"event\":\"fill\",\"order_id\":\"O9\","
		  "\"symbol\":\"S9\",\"side\":\"buy\",\"qty\":1,\"route\":\"simulated\"");
	exec_line(&b, "execution", "sim", "15:01", ++seq,
		  "\"correlation_id\":\"CID-00009998\",\"event\":\"fill\",\"order_id\":\"O8\"");
	exec_line(&b, "kill_switch", "sim", "08:30", ++seq, "\"action\":\"test\",\"result\":\"ok\"");
	exec_line(&b, "kill_switch", "sim", "13:30", ++seq, "\"action\":\"activate\",\"result\":\"ok\"");
	exec_line(&b, "kill_switch", NULL, "13:30", ++seq, "\"action\":\"test\",\"result\":\"ok\"");
	/* tests and activations that did not report ok: failed, missing, written otherwise */
	exec_line(&b, "kill_switch", "sim", "08:40", ++seq, "\"action\":\"test\",\"result\":\"failed\"");
	exec_line(&b, "kill_switch", "sim", "08:50", ++seq, "\"action\":\"test\"");
	exec_line(&b, "kill_switch", "sim", "13:40", ++seq, "\"action\":\"ACTIVATE\",\"result\":\"OK\"");
	/* a test written in another case is no test (interpretation.md: only an activation's
	 * spelling is forgiven), nor an activation */
	exec_line(&b, "kill_switch", "sim", "08:55", ++seq, "\"action\":\"TEST\",\"result\":\"ok\"");
	ck_assert_uint_eq(exec_both_ways(b.data, &rep), 5); /* "(unlabelled)" merges */
	ck_assert_int_eq(exec_row(&rep, "sim", "simulated_execution")->symbols, 4); /* S0-S2, S9 */
	/* each event written in another case counts as what it says, as a submit does */
	ck_assert_int_eq(exec_row(&rep, "sim", "simulated_execution")->fills, 6);
	ck_assert_int_eq(exec_row(&rep, "sim", "simulated_execution")->acks, 4);
	ck_assert_int_eq(exec_row(&rep, "sim", "simulated_execution")->partial_fills, 4);
	ck_assert_int_eq(exec_row(&rep, "sim", "simulated_execution")->cancels, 4);
	ck_assert_int_eq(exec_row(&rep, "sim", "simulated_execution")->rejects, 4);
	ck_assert_int_eq(exec_row(&rep, "sim", "observe_only")->ks_tests, 3);
	ck_assert_int_eq(exec_row(&rep, "sim", "observe_only")->ks_tests_not_ok, 2);
	ck_assert_int_eq(exec_row(&rep, "(unlabelled)", "undeclared")->ks_tests_not_ok, 0);
	ck_assert_int_eq(exec_row(&rep, "sim", "simulated_execution")->ks_activations, 2);
	ck_assert_int_eq(exec_row(&rep, "sim", "simulated_execution")->ks_activations_not_ok, 1);
	ck_assert_int_eq(exec_row(&rep, "(unlabelled)", "undeclared")->submits, 6);
	ck_assert_int_eq(exec_row(&rep, "(unlabelled)", "undeclared")->ks_tests, 1);
	ck_assert_int_eq(exec_row(&rep, "live", "undeclared")->symbols, 3);
	report_release(&rep);

	buf_reset(&b);
	for (int i = 0; i < 70; i++) {
		struct buf env = BUF_INIT;
		buf_addf(&env, "env%02d", i);
		exec_line(&b, "execution", env.data, "10:00", i + 1,
			  "\"correlation_id\":\"CID-00000001\",\"event\":\"submit\",\"order_id\":\"O1\","
			  "\"symbol\":\"S1\",\"side\":\"buy\",\"qty\":1,\"route\":\"simulated\"");
		buf_release(&env);
	}
	ck_assert_uint_eq(exec_both_ways(b.data, &rep), 70);
	report_release(&rep);

	/* One submit in three conflicting versions (and a copy of one), a kill-switch test
	 * in two, a second submit with the same seq at another time: two submits, one test,
	 * and the symbol of the first version only. */
	buf_reset(&b);
	exec_line(&b, "mode_change", "sim", "08:00", 1, "\"from\":null,\"to\":\"simulated_execution\"");
	for (int v = 0; v < 4; v++) {
		struct buf rest = BUF_INIT;
		buf_addf(&rest, "\"correlation_id\":\"CID-00000001\",\"event\":\"submit\","
			 "\"order_id\":\"O1\",\"symbol\":\"S%d\",\"side\":\"buy\",\"qty\":%d,"
			 "\"route\":\"simulated\"", v % 3, v % 3 + 1);
		exec_line(&b, "execution", "sim", "10:00", 2, rest.data);
		buf_release(&rest);
	}
	exec_line(&b, "execution", "sim", "10:01", 2,
		  "\"correlation_id\":\"CID-00000002\",\"event\":\"submit\",\"order_id\":\"O2\","
		  "\"symbol\":\"S0\",\"side\":\"buy\",\"qty\":1,\"route\":\"simulated\"");
	exec_line(&b, "kill_switch", "sim", "11:00", 3, "\"action\":\"test\",\"result\":\"ok\"");
	exec_line(&b, "kill_switch", "sim", "11:00", 3, "\"action\":\"test\",\"result\":\"failed\"");
	ck_assert_uint_eq(exec_both_ways(b.data, &rep), 1);
	ck_assert_int_eq(exec_row(&rep, "sim", "simulated_execution")->submits, 2);
	ck_assert_int_eq(exec_row(&rep, "sim", "simulated_execution")->symbols, 1);
	ck_assert_int_eq(exec_row(&rep, "sim", "simulated_execution")->ks_tests, 1);
	report_release(&rep);

	/* A submit whose versions differ in environment: each version is judged in its own
	 * environment, and counted there, whichever was stored first. The sim version was
	 * left out of the summary when the live one came first. */
	for (int order = 0; order < 2; order++) {
		static const char rest[] =
			"\"correlation_id\":\"CID-00000001\",\"event\":\"submit\",\"order_id\":\"O1\","
			"\"symbol\":\"S0\",\"side\":\"buy\",\"qty\":1,\"route\":\"broker\"";
		buf_reset(&b);
		exec_line(&b, "execution", order ? "sim" : "live", "10:00", 1, rest);
		exec_line(&b, "execution", order ? "live" : "sim", "10:00", 1, rest);
		exec_line(&b, "execution", order ? "live" : "sim", "10:00", 1, rest);
		ck_assert_uint_eq(exec_both_ways(b.data, &rep), 2);
		ck_assert_int_eq(exec_row(&rep, "live", "undeclared")->submits, 1);
		ck_assert_int_eq(exec_row(&rep, "sim", "undeclared")->submits, 1);
		report_release(&rep);
	}
	buf_release(&b);
}
END_TEST

/* LINK-CID-FORMAT finds each day's correlation IDs by the whole index in a store not much
 * larger than the day, and by the day's records in a larger one. Both ways must report
 * the same records: the store of one day is reviewed, then grown with other days' records
 * until the other way is taken, and reviewed again. */
START_TEST(test_cid_format_both_ways)
{
	char *t = tu_tmpdir(), *db = tu_path(t, "s.db"), *day = tu_path(t, "day"),
	     *more = tu_path(t, "more"), *xml = tu_path(t, "review-all-2026-11-02.xml");
	const char *extra[] = { "--format", "xml", NULL };
	static const char *const cids[] = { "CID-00000001", "bad/cid/1", "short", "CID-00000002",
					    "_CID-0000003" };
	struct buf b = BUF_INIT;
	struct tu_proc p;
	char *first, *second;
	int seq = 0;

	for (int k = 0; k < 3; k++)
		for (size_t i = 0; i < sizeof(cids) / sizeof(cids[0]); i++) {
			struct buf rest = BUF_INIT;
			buf_addf(&rest, "\"correlation_id\":\"%s\",\"verdict\":\"pass\"", cids[i]);
			exec_line(&b, k ? "risk_check" : "gate_verdict", "sim", "10:00", ++seq,
				  rest.data);
			buf_release(&rest);
		}
	tu_write(day, "events.jsonl", b.data, -1);
	buf_reset(&b);
	for (int i = 0; i < 200; i++)
		buf_addf(&b, "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-03T10:%02d:%02d+08:00\","
			 "\"source\":\"hb\",\"seq\":%d,\"environment\":\"sim\",\"component\":\"oms\","
			 "\"status\":\"ok\"}\n", i / 60, i % 60, i + 1);
	tu_write(more, "heartbeats.jsonl", b.data, -1);
	buf_release(&b);

	setenv("TAITS_AUDIT_EXPLAIN", "1", 1);
	ck_assert_int_eq(tu_review(&p, db, t, "2026-11-02", day, extra), 1);
	ck_assert_msg(!strstr(p.err, "MATERIALIZE bad"), "a store of one day read the day");
	tu_proc_free(&p);
	first = finding_list(xml);
	const char *ingest_more[] = { "ingest", more, NULL };
	ck_assert_int_eq(tu_run_cmd(&p, db, NULL, ingest_more), 0);
	tu_proc_free(&p);
	ck_assert_int_eq(tu_review(&p, db, t, "2026-11-02", NULL, extra), 1);
	ck_assert_msg(strstr(p.err, "MATERIALIZE bad"), "a larger store read the whole index");
	tu_proc_free(&p);
	unsetenv("TAITS_AUDIT_EXPLAIN");
	second = finding_list(xml);
	ck_assert_str_eq(second, first);
	/* three records of each of the three bad IDs */
	ck_assert_int_eq(tu_count(first, "LINK-CID-FORMAT "), 9);
	free(first), free(second);
	tu_rmrf(t);
	free(t), free(db), free(day), free(more), free(xml);
}
END_TEST

/* A store in memory has no file a second connection could open: the rules run on one
 * thread there, and find what they find in a store on disk. */
START_TEST(test_memory_store_review)
{
	char *t = tu_tmpdir(), *disk = tu_tmpdir(), *bad = tu_src("samples/bad-day");
	char *xml = tu_path(t, "review-all-2026-11-27.xml"), *disk_xml, *mem_list, *disk_list;
	const char *xml_only[] = { "--format", "xml", NULL };
	struct tu_proc p;

	setenv("TAITS_AUDIT_TIMING", "1", 1);
	ck_assert_msg(tu_review(&p, ":memory:", t, "2026-11-27", bad, xml_only) == 1, "%s",
		      p.err);
	unsetenv("TAITS_AUDIT_TIMING");
	ck_assert_ptr_null(strstr(p.err, "no such table"));
	ck_assert_msg(strstr(p.err, "rules.second-thread") == NULL,
		      "the rules of a store in memory ran on a second thread:\n%s", p.err);
	tu_proc_free(&p);
	ck_assert_int_eq(review(disk, "samples/bad-day", "2026-11-27", NULL, NULL, &disk_xml, &p), 1);
	tu_proc_free(&p);
	mem_list = finding_list(xml);
	disk_list = finding_list(disk_xml);
	ck_assert_msg(*mem_list, "no findings in memory");
	ck_assert_str_eq(mem_list, disk_list);
	tu_rmrf(t), tu_rmrf(disk);
	free(t), free(disk), free(bad), free(xml), free(disk_xml), free(mem_list), free(disk_list);
}
END_TEST

static char *replace_once(const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from);
	struct buf b = BUF_INIT;

	ck_assert_ptr_nonnull(at);
	buf_add(&b, s, (size_t)(at - s));
	buf_adds(&b, to);
	buf_adds(&b, at + strlen(from));
	return buf_detach(&b);
}

/* s without the line holding the first occurrence of `in` (the line ending too). */
static char *without_line(const char *s, const char *in)
{
	const char *at = strstr(s, in), *bol, *eol;
	struct buf b = BUF_INIT;

	ck_assert_ptr_nonnull(at);
	for (bol = at; bol > s && bol[-1] != '\n'; bol--)
		;
	eol = strchr(at, '\n');
	buf_add(&b, s, (size_t)(bol - s));
	buf_adds(&b, eol ? eol + 1 : "");
	return buf_detach(&b);
}

START_TEST(test_schema_rejects_bad_findings)
{
	char *golden = tu_src("tests/golden/review-all-2026-11-27.xml");
	char *text = tu_read(golden, NULL), *tmp = tu_tmpdir(), *f = tu_path(tmp, "r.xml");
	char *no_rule = replace_once(text, "<finding rule=\"DO-2.3-SIM-NO-REAL\"", "<finding");
	char *bad_rule = replace_once(text, "rule=\"DO-2.3-SIM-NO-REAL\"", "rule=\"DO-9.9-MADE-UP\"");
	char *no_evidence = without_line(text, "<evidence file=\"events/sim/oms.jsonl\" line=\"15\"");

	tu_write(tmp, "r.xml", text, -1);
	ck_assert_msg(tu_report_validates(f), "the golden report itself must validate");
	tu_write(tmp, "r.xml", no_rule, -1);
	ck_assert_msg(!tu_report_validates(f), "a finding without rule validated");
	tu_write(tmp, "r.xml", bad_rule, -1);
	ck_assert_msg(!tu_report_validates(f), "a finding with an unknown rule validated");
	tu_write(tmp, "r.xml", no_evidence, -1);
	{
		/* the first finding is left with no evidence at all, and the rest is intact */
		struct tu_xml *x = tu_xml_open(f);
		ck_assert_int_eq(tu_xml_count(x, "//finding[not(evidence)]"), 1);
		ck_assert_int_eq(tu_xml_count(x, "(//finding)[1][@rule='DO-2.3-SIM-NO-REAL']"
						 "[not(evidence)]"), 1);
		tu_xml_close(x);
	}
	ck_assert_msg(!tu_report_validates(f), "a finding without evidence validated");
	free(text), free(no_rule), free(bad_rule), free(no_evidence), free(golden), free(f);
	tu_rmrf(tmp);
	free(tmp);
}
END_TEST

/* A LOG-SEQ-GAP or LOG-TS-ORDER finding cites the line it was judged against too: the
 * source's previous line (for a step back in time, the line whose time that was), with its
 * identity, for context, so that a waiver naming it waives nothing; a rejected line is
 * cited by its place. Sources are interleaved, so the line is not simply the one before. */
START_TEST(test_sequence_findings_cite_the_line_before)
{
	static const char lines[] =
		"{\"kind\":\"heartbeat\",\"ts\":\"2026-11-26T15:00:01+08:00\",\"source\":\"oms\",\"seq\":1,\"environment\":\"sim\",\"component\":\"audit_log\",\"status\":\"ok\"}\n"
		"{\"kind\":\"heartbeat\",\"ts\":\"2026-11-26T15:00:02+08:00\",\"source\":\"other\",\"seq\":1,\"environment\":\"sim\",\"component\":\"audit_log\",\"status\":\"ok\"}\n"
		"{\"kind\":\"heartbeat\",\"ts\":\"2026-11-26T15:00:09+08:00\",\"source\":\"oms\",\"seq\":2,\"environment\":\"sim\",\"component\":\"audit_log\",\"status\":\"ok\"}\n"
		"{\"kind\":\"heartbeat\",\"ts\":\"2026-11-26T15:00:03+08:00\",\"source\":\"other\",\"seq\":2,\"environment\":\"sim\",\"component\":\"audit_log\",\"status\":\"ok\"}\n"
		"{\"kind\":\"heartbeat\",\"ts\":\"2026-11-26T15:00:05+08:00\",\"source\":\"oms\",\"seq\":3,\"environment\":\"sim\",\"component\":\"audit_log\",\"status\":\"ok\"}\n"
		"{\"kind\":\"heartbeat\",\"ts\":\"2026-11-26T15:00:10+08:00\",\"source\":\"oms\",\"seq\":5,\"environment\":\"sim\",\"component\":\"audit_log\",\"status\":\"ok\"}\n"
		"{\"kind\":\"heartbeat\",\"ts\":\"2026-11-26T15:00:11\",\"source\":\"oms\",\"seq\":6,\"environment\":\"sim\",\"component\":\"audit_log\",\"status\":\"ok\"}\n"
		"{\"kind\":\"heartbeat\",\"ts\":\"2026-11-26T15:00:20+08:00\",\"source\":\"oms\",\"seq\":8,\"environment\":\"sim\",\"component\":\"audit_log\",\"status\":\"ok\"}\n";
	char *tmp = tu_tmpdir(), *src = tu_path(tmp, "b"), *db = tu_path(tmp, "s.db");
	char *conf = tu_path(tmp, "w.yaml"), *xml = tu_path(tmp, "review-all-2026-11-26.xml");
	const char *extra[] = { "--format", "xml", "--config", conf, NULL };
	const char *gap = "//finding[@rule='LOG-SEQ-GAP']", *back = "//finding[@rule='LOG-TS-ORDER']";
	struct tu_proc p;
	struct tu_xml *x;

	tu_write(src, "m.jsonl", lines, -1);
	/* names the record before the first gap, oms#3 */
	tu_write_waiver(tmp, "w.yaml", "LOG-SEQ-GAP", "{record: \"oms#3\"}", "names the line before",
			"2026-12-31");
	ck_assert_int_eq(tu_review(&p, db, tmp, "2026-11-26", src, extra), 1);
	x = tu_xml_open(xml);
	ck_assert_int_eq(tu_xml_count(x, "%s", gap), 2);
	ck_assert_int_eq(tu_xml_count(x, "%s[@waived='true']", gap), 0);
	/* seq 5 on line 6 against seq 3 on line 5 */
	ck_assert_int_eq(tu_xml_count(x, "%s[evidence[1][@line='6'][not(@context)]]"
				      "[evidence[2][@line='5'][@context='true']"
				      "[@record='heartbeat oms#3 2026-11-26T15:00:05+08:00']]", gap), 1);
	/* seq 8 on line 8 against the rejected line 7: its place, no identity */
	ck_assert_int_eq(tu_xml_count(x, "%s[evidence[1][@line='8']]"
				      "[evidence[2][@line='7'][@context='true'][not(@record)]]", gap), 1);
	/* 15:00:05 on line 5 against 15:00:09 on line 3, not line 4 (another source) */
	ck_assert_int_eq(tu_xml_count(x, "%s", back), 1);
	ck_assert_int_eq(tu_xml_count(x, "%s[count(evidence)=2][evidence[1][@line='5']]"
				      "[evidence[2][@line='3'][@context='true']"
				      "[@record='heartbeat oms#2 2026-11-26T15:00:09+08:00']]", back), 1);
	tu_xml_close(x);
	ck_assert(tu_report_validates(xml));
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(src), free(db), free(conf), free(xml);
}
END_TEST

START_TEST(test_schema_knows_every_rule)
{
	char *xsd_path = tu_src("schemas/report.xsd"), *xsd = tu_read(xsd_path, NULL);

	for (size_t i = 0; i < rule_catalog_len; i++) {
		struct buf b = BUF_INIT;
		buf_addf(&b, "<xs:enumeration value=\"%s\"/>", rule_catalog[i].id);
		ck_assert_msg(strstr(xsd, b.data), "schemas/report.xsd lacks rule %s",
			      rule_catalog[i].id);
		buf_release(&b);
	}
	free(xsd), free(xsd_path);
}
END_TEST

START_TEST(test_exit_statuses)
{
	char *tmp = tu_tmpdir(), *conf = tu_path(tmp, "t.yaml"), *file = tu_path(tmp, "afile");
	char *db = tu_path(tmp, "none.db");
	const char *minor_only = "tests/rules/LOG-TS-ORDER.violation/bundle";
	struct tu_proc p;

	/* findings at or above --fail-on: 1; below: 0 */
	ck_assert_int_eq(review(tmp, minor_only, "2026-11-28", NULL, NULL, NULL, &p), 1);
	tu_proc_free(&p);
	ck_assert_int_eq(review(tmp, minor_only, "2026-11-28", "--fail-on", "major", NULL, &p), 0);
	ck_assert_msg(strstr(p.err, "minor 1"), "%s", p.err);
	tu_proc_free(&p);
	tu_write(tmp, "t.yaml", "fail_on: major\n", -1);
	ck_assert_int_eq(review(tmp, minor_only, "2026-11-28", "--config", conf, NULL, &p), 0);
	tu_proc_free(&p);
	/* usage and configuration errors: 2 */
	ck_assert_int_eq(review(tmp, minor_only, "2026-13-01", NULL, NULL, NULL, &p), 2);
	tu_proc_free(&p);
	tu_write(tmp, "t.yaml", "thresholds:\n  kill_within_s: soon\n", -1);
	ck_assert_int_eq(review(tmp, minor_only, "2026-11-28", "--config", conf, NULL, &p), 2);
	ck_assert_msg(strstr(p.err, "kill_within_s"), "%s", p.err);
	tu_proc_free(&p);
	/* an output path that cannot be written: 3 */
	tu_write(tmp, "afile", "x", -1);
	{
		char *dbp = tu_path(tmp, "s.db"), *src = tu_src(minor_only);
		const char *argv[] = { "taits-audit", "review", "--db", dbp, "--out", file,
				       "--format", "xml", "--date", "2026-11-28", src, NULL };
		ck_assert_int_eq(tu_run(&p, argv), 3);
		tu_proc_free(&p);
		free(dbp), free(src);
	}
	/* no store and nothing to ingest: 4 */
	{
		const char *argv[] = { "taits-audit", "review", "--db", db, "--out", tmp,
				       "--date", "2026-11-28", NULL };
		ck_assert_int_eq(tu_run(&p, argv), 4);
		ck_assert_msg(strstr(p.err, "no audit store"), "%s", p.err);
		tu_proc_free(&p);
		/* an empty (truncated, touched) store file is an error, and stays empty: not
		 * an empty store that reviews as compliant */
		tu_write(tmp, "none.db", "", 0);
		ck_assert_int_eq(tu_run(&p, argv), 4);
		ck_assert_msg(strstr(p.err, "not a taits-audit store (an empty file)"), "%s", p.err);
		ck_assert_msg(!strstr(p.err, "COMPLIANT"), "%s", p.err);
		tu_proc_free(&p);
		size_t len = 1;
		char *left = tu_read(db, &len);
		ck_assert_msg(left && len == 0, "the empty store file was written to");
		free(left);
		/* a first ingest that fails for its PATH (3) creates no store; one of an
		 * empty bundle stores no file: reviewing either is an error, not a compliant
		 * day */
		char *fresh = tu_path(tmp, "fresh.db"), *gone = tu_path(tmp, "gone");
		char *empty = tu_path(tmp, "empty"), *fresh2 = tu_path(tmp, "fresh2.db");
		const char *ingest[] = { "taits-audit", "ingest", "--db", fresh, gone, NULL };
		const char *again[] = { "taits-audit", "review", "--db", fresh, "--out", tmp,
					"--date", "2026-11-28", NULL };
		ck_assert_int_eq(mkdir(empty, 0777), 0);
		ck_assert_int_eq(tu_run(&p, ingest), 3);
		tu_proc_free(&p);
		ck_assert_int_eq(tu_run(&p, again), 4);
		ck_assert_msg(strstr(p.err, "no audit store here"), "%s", p.err);
		tu_proc_free(&p);
		ingest[4] = empty;
		ck_assert_int_eq(tu_run(&p, ingest), 0);
		tu_proc_free(&p);
		ck_assert_int_eq(tu_run(&p, again), 4);
		ck_assert_msg(strstr(p.err, "holds nothing ingested yet"), "%s", p.err);
		tu_proc_free(&p);
		/* so is a nightly run whose bundle came empty, into a fresh store: no report */
		char *out = tu_path(tmp, "out-empty");
		const char *nightly[] = { "taits-audit", "review", "--db", fresh2, "--out", out,
					  "--date", "2026-11-28", empty, NULL };
		ck_assert_int_eq(tu_run(&p, nightly), 4);
		ck_assert_msg(strstr(p.err, "holds nothing ingested yet"), "%s", p.err);
		ck_assert_msg(!strstr(p.err, "COMPLIANT"), "%s", p.err);
		ck_assert_msg(!tu_exists(out), "a report (or its directory) was written");
		tu_proc_free(&p);
		free(fresh), free(gone), free(empty), free(fresh2), free(out);
	}
	tu_rmrf(tmp);
	free(tmp), free(conf), free(file), free(db);
}
END_TEST

START_TEST(test_waivers)
{
	char *tmp = tu_tmpdir(), *conf = tu_path(tmp, "t.yaml"), *xml;
	const char *minor_only = "tests/rules/LOG-TS-ORDER.violation/bundle";
	struct tu_proc p;

	tu_write(tmp, "t.yaml",
		 "waivers:\n"
		 "  - rule: LOG-TS-ORDER\n    match: {file: '*.jsonl'}\n"
		 "    reason: exchange timestamps on fills\n    approved_by: 王淑芬\n"
		 "    expires: 2026-11-28\n", -1);
	ck_assert_int_eq(review(tmp, minor_only, "2026-11-28", "--config", conf, &xml, &p), 0);
	ck_assert_msg(strstr(p.err, "waived 1"), "%s", p.err);
	char *x = tu_read(xml, NULL);
	ck_assert_msg(strstr(x, "waived=\"true\" waiver=\"1\""), "the finding is not marked waived");
	ck_assert_msg(strstr(x, "status=\"active\""), "the waiver is not listed as active");
	ck_assert_msg(tu_report_validates(xml), "report with a waiver does not validate");
	free(x), free(xml);
	tu_proc_free(&p);
	/* expired the day before the audited day: waives nothing, is listed as expired */
	tu_write(tmp, "t.yaml",
		 "waivers:\n"
		 "  - rule: LOG-TS-ORDER\n    match: {}\n    reason: r\n    approved_by: a\n"
		 "    expires: 2026-11-27\n", -1);
	ck_assert_int_eq(review(tmp, minor_only, "2026-11-28", "--config", conf, &xml, &p), 1);
	x = tu_read(xml, NULL);
	ck_assert_msg(strstr(x, "status=\"expired\""), "the expired waiver is not listed");
	ck_assert_msg(strstr(x, "waived=\"false\" expired-waiver=\"1\""), "%s", "not marked");
	free(x), free(xml);
	tu_proc_free(&p);
	/* a waiver for a rule that does not exist is a configuration error */
	tu_write(tmp, "t.yaml",
		 "waivers:\n  - rule: DO-9.9-X\n    match: {}\n    reason: r\n"
		 "    approved_by: a\n    expires: 2026-12-31\n", -1);
	ck_assert_int_eq(review(tmp, minor_only, "2026-11-28", "--config", conf, NULL, &p), 2);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(conf);
}
END_TEST

/* A live review reports the live findings of the day and the LOG-* ones, nothing else:
 * every other finding names environment live, and the review of all environments has
 * exactly these live and LOG-* findings beside those of sim. */
START_TEST(test_env_filter)
{
	char *tmp = tu_tmpdir(), *tmp_all = tu_tmpdir(), *xml, *xml_all;
	struct tu_proc p;
	struct tu_xml *live, *all;
	const char *not_log = "/review/findings/finding[not(starts-with(@rule, 'LOG-'))]";

	ck_assert_int_eq(review(tmp, "samples/bad-day", "2026-11-27", "--env", "live", &xml, &p), 1);
	tu_proc_free(&p);
	ck_assert_int_eq(review(tmp_all, "samples/bad-day", "2026-11-27", NULL, NULL, &xml_all, &p),
			 1);
	tu_proc_free(&p);
	ck_assert_msg(tu_report_validates(xml), "the live review does not validate");
	live = tu_xml_open(xml);
	all = tu_xml_open(xml_all);
	ck_assert_int_gt(tu_xml_count(live, "%s", not_log), 0);
	ck_assert_msg(tu_xml_count(live, "%s[not(@environment = 'live')]", not_log) == 0,
		      "a finding of another environment in a live review:\n%s", xml);
	ck_assert_int_eq(tu_xml_count(live, "%s", not_log),
			 tu_xml_count(all, "%s[@environment = 'live']", not_log));
	ck_assert_int_gt(tu_xml_count(all, "%s[@environment = 'sim']", not_log), 0);
	/* LOG-* findings are not filtered */
	ck_assert_int_gt(tu_xml_count(live, "//finding[@rule = 'LOG-SEQ-GAP']"), 0);
	ck_assert_int_eq(tu_xml_count(live, "//finding[starts-with(@rule, 'LOG-')]"),
			 tu_xml_count(all, "//finding[starts-with(@rule, 'LOG-')]"));
	ck_assert_int_eq(tu_xml_count(live, "//finding[@rule = 'DO-4.6-HUMAN-DECISION']"), 1);
	tu_xml_close(live), tu_xml_close(all);
	free(xml), free(xml_all);
	tu_rmrf(tmp), tu_rmrf(tmp_all);
	free(tmp), free(tmp_all);
}
END_TEST

/* A record of no valid environment is judged by every environment's review (DO-2.1), so
 * a scoped review counts it among the day's records: a day of such records only was
 * reported as "no record ... nothing to judge" beside the findings on them. */
START_TEST(test_env_filter_counts_records_of_no_environment)
{
	static const char hb[] =
		"{\"kind\":\"heartbeat\",\"ts\":\"2026-11-26T10:00:00+08:00\",\"source\":\"mon\","
		"\"seq\":1,\"environment\":\"Live\",\"component\":\"execution\",\"status\":\"ok\"}\n"
		"{\"kind\":\"heartbeat\",\"ts\":\"2026-11-26T10:00:01+08:00\",\"source\":\"mon\","
		"\"seq\":2,\"component\":\"execution\",\"status\":\"ok\"}\n"
		"{\"kind\":\"heartbeat\",\"ts\":\"2026-11-26T10:00:02+08:00\",\"source\":\"mon\","
		"\"seq\":3,\"environment\":\"sim\",\"component\":\"execution\",\"status\":\"ok\"}\n";
	static const char *const env[] = { "live", NULL };
	static const char *const records[] = { "2", "3" };

	for (int k = 0; k < 2; k++) {
		char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *bundle = tu_path(tmp, "b");
		char *xml, *value;
		struct buf name = BUF_INIT;
		struct tu_proc p;
		const char *extra[] = { "--format", "xml", env[k] ? "--env" : NULL, env[k], NULL };
		tu_write(bundle, "hb.jsonl", hb, -1);
		ck_assert_int_eq(tu_review(&p, db, tmp, "2026-11-26", bundle, extra), 1);
		ck_assert_msg(!strstr(p.err, "nothing to judge"), "%s", p.err);
		buf_addf(&name, "day      %s records of 2026-11-26", records[k]);
		ck_assert_msg(strstr(p.err, name.data), "%s", p.err);
		buf_reset(&name);
		buf_addf(&name, "review-%s-2026-11-26.xml", env[k] ? env[k] : "all");
		xml = tu_path(tmp, name.data);
		struct tu_xml *x = tu_xml_open(xml);
		ck_assert_ptr_nonnull(x);
		value = tu_xml_get(x, "/review/summary/@day-records");
		ck_assert_str_eq(value, records[k]);
		ck_assert_int_eq(tu_xml_count(x, "//finding[@rule = 'DO-2.1-ENV-LABEL']"), 2);
		tu_xml_close(x);
		tu_proc_free(&p);
		buf_release(&name);
		tu_rmrf(tmp);
		free(tmp), free(db), free(bundle), free(xml), free(value);
	}
}
END_TEST

/* A file not read is listed by a report of its bundle, also when an earlier run met it;
 * another bundle's are not. */
START_TEST(test_files_not_read_listed_after_a_separate_ingest)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db");
	char *xml = tu_path(tmp, "review-all-2026-11-27.xml");
	char *bad = tu_src("samples/bad-day"), *other = tu_path(tmp, "other");
	char *src = tu_src("tests/rules/LOG-TS-ORDER.violation/bundle/heartbeats.jsonl");
	char *events = tu_read(src, NULL);
	struct tu_proc p;
	const char *ingest[] = { "taits-audit", "ingest", "--db", db, bad, other, NULL };
	const char *rev[] = { "taits-audit", "review", "--db", db, "--out", tmp, "--format", "xml",
			      "--date", "2026-11-27", NULL };

	/* another bundle, of the next day, with a file not read of its own */
	tu_write(tmp, "other/heartbeats.jsonl", events, -1);
	tu_write(tmp, "other/NOTES.txt", "not a log\n", -1);
	ck_assert_int_eq(tu_run(&p, ingest), 0);
	tu_proc_free(&p);
	ck_assert_int_eq(tu_run(&p, rev), 1);
	tu_proc_free(&p);
	ck_assert_msg(tu_report_validates(xml), "the review does not validate");
	struct tu_xml *x = tu_xml_open(xml);
	ck_assert_int_eq(tu_xml_count(x, "//input[@path='EXPECTED.md'][@read='false']"), 1);
	ck_assert_int_eq(tu_xml_count(x, "//input[@path='NOTES.txt']"), 0);
	tu_xml_close(x);
	tu_rmrf(tmp);
	free(tmp), free(db), free(xml), free(bad), free(other), free(src), free(events);
}
END_TEST

/* --fail-on is part of the effective tailoring the report records, and of its SHA-256:
 * the same settings, however given, hash alike; other settings hash otherwise. */
START_TEST(test_fail_on_is_in_the_tailoring_hash)
{
	static const char *const runs[][2] = {
		{ NULL, NULL }, { "--fail-on", "minor" }, { "--fail-on", "critical" },
	};
	char *sha[3], *set[3];

	for (int i = 0; i < 3; i++) {
		char *tmp = tu_tmpdir(), *xml;
		struct tu_proc p;
		review(tmp, "tests/rules/LOG-TS-ORDER.violation/bundle", "2026-11-28", runs[i][0],
		       runs[i][1], &xml, &p);
		tu_proc_free(&p);
		struct tu_xml *x = tu_xml_open(xml);
		sha[i] = tu_xml_get(x, "/review/tailoring/@sha256");
		set[i] = tu_xml_get(x, "/review/tailoring/setting[@name='fail_on']/@value");
		tu_xml_close(x);
		tu_rmrf(tmp);
		free(tmp), free(xml);
	}
	ck_assert_str_eq(set[1], "minor");
	ck_assert_str_eq(set[2], "critical");
	ck_assert_str_eq(sha[0], sha[1]);
	ck_assert_str_ne(sha[1], sha[2]);
	for (int i = 0; i < 3; i++)
		free(sha[i]), free(set[i]);
}
END_TEST

/* `report` of 2026-11-28 alone into tmp (store tmp/s.db), of `bundle` when not NULL and
 * with `config` when not NULL; asserts it ran (exit 0 or 1) and validates, and returns
 * the XML opened. */
static struct tu_xml *report_of_1128(const char *tmp, const char *bundle, const char *config)
{
	char *db = tu_path(tmp, "s.db"), *xml = tu_path(tmp, "report-all-2026-11-28_2026-11-28.xml");
	const char *args[12] = { "report", "--from", "2026-11-28", "--to", "2026-11-28",
				 "--format", "xml" };
	int n = 7;
	struct tu_proc p;
	struct tu_xml *x;

	if (config) {
		args[n++] = "--config";
		args[n++] = config;
	}
	args[n++] = bundle;
	args[n] = NULL;
	ck_assert_msg(tu_run_cmd(&p, db, tmp, args) <= 1, "exit %d: %s", p.status, p.err);
	tu_proc_free(&p);
	ck_assert_msg(tu_report_validates(xml), "%s does not validate", xml);
	x = tu_xml_open(xml);
	ck_assert_ptr_nonnull(x);
	free(db), free(xml);
	return x;
}

/* A waiver's `applied` counts the findings it waived, and a period's rule counts count
 * every finding, waived or not, however the waiver groups them: three LINK-CID-FORMAT
 * findings under one waiver were once counted as one. */
START_TEST(test_waiver_counts_each_finding)
{
	static const char *const waiver[2] = { "{}", "{record: \"mon#1\"}" };
	struct buf alerts = BUF_INIT;

	for (int i = 1; i <= 3; i++)
		buf_addf(&alerts, "{\"kind\": \"alert\", \"ts\": \"2026-11-28T10:0%d:00+08:00\","
			 " \"source\": \"mon\", \"seq\": %d, \"environment\": \"sim\","
			 " \"alert_id\": \"ALR-%d\", \"severity\": \"INFO\", \"component\":"
			 " \"execution\", \"message\": \"m\", \"correlation_id\": \"bad\","
			 " \"status\": \"resolved\"}\n", i, i, i);
	for (int k = 0; k < 2; k++) {
		char *tmp = tu_tmpdir(), *b = tu_path(tmp, "b"), *cfg = tu_path(tmp, "w.yaml");
		struct buf w = BUF_INIT;
		buf_addf(&w, "waivers:\n  - rule: LINK-CID-FORMAT\n    match: %s\n"
			     "    reason: r\n    approved_by: a\n    expires: 2026-12-31\n", waiver[k]);
		tu_write(tmp, "w.yaml", w.data, -1);
		tu_write(b, "alerts.jsonl", alerts.data, -1);
		struct tu_xml *x = report_of_1128(tmp, b, cfg);
		ck_assert_int_eq(tu_xml_count(x, "//finding[@rule='LINK-CID-FORMAT']"), 3);
		ck_assert_int_eq(tu_xml_count(x, "//finding[@rule='LINK-CID-FORMAT'][@waived='true']"),
				 k ? 1 : 3);
		ck_assert_int_eq(tu_xml_count(x, "//waiver[@index='1'][@applied='%d']", k ? 1 : 3), 1);
		ck_assert_int_eq(tu_xml_count(x, "//rule-counts/rule[@id='LINK-CID-FORMAT']"
					      "[@findings='3']/day[@date='2026-11-28'][@findings='3']"),
				 1);
		tu_xml_close(x);
		buf_release(&w);
		tu_rmrf(tmp);
		free(tmp), free(b), free(cfg);
	}
	buf_release(&alerts);
}
END_TEST

/* What a one-day period lists at its edges: a freeze lifted at the period's first instant
 * is listed lifted; one lifted at the instant after its last is still active through it;
 * and the deployment in force is the latest deployed, not a later rejected one. */
START_TEST(test_period_edges)
{
	static const char freeze[] =
		"kind: freeze\nfreeze_id: FRZ-1\nenvironment: sim\nreason: regulatory\n"
		"started_at: \"%s\"\nended_at: \"%s\"\n";
	static const char deployment[] =
		"---\nkind: deployment\ndeployment_id: %s\nenvironment: sim\n"
		"deployed_at: \"%s\"\nowner: ops.chen\n"
		"documents: [{doc_key: DEPLOY_OPS, version: \"251219\"}]\n"
		"modules: [{name: execution, version: \"1\", enabled: false}]\n"
		"gate: {doc_versions_consistent: pass, correlation_id_ok: pass,"
		" risk_compliance_enabled: pass, execution_disabled_by_default: pass,"
		" audit_log_writable: pass}\nstatus: %s\n";
	static const char *const want[] = {
		"//freeze[@id='FRZ-1'][@ended-at='2026-11-28T00:00:00+08:00']"
		"[@lifted='conditions-not-met']",
		"//freeze[@id='FRZ-1'][not(@ended-at)][@lifted='active']",
		"//deployment[@id='DEP-A'][@status='deployed'][not(../deployment[@id='DEP-B'])]",
	};
	for (int k = 0; k < 3; k++) {
		char *tmp = tu_tmpdir(), *b = tu_path(tmp, "b");
		struct buf text = BUF_INIT;
		if (k == 0)
			buf_addf(&text, freeze, "2026-11-25T10:00:00+08:00", "2026-11-28T00:00:00+08:00");
		else if (k == 1)
			buf_addf(&text, freeze, "2026-11-28T10:00:00+08:00", "2026-11-29T00:00:00+08:00");
		else {
			buf_addf(&text, deployment, "DEP-A", "2026-11-20T08:00:00+08:00", "deployed");
			buf_addf(&text, deployment, "DEP-B", "2026-11-25T08:00:00+08:00", "rejected");
		}
		tu_write(b, "records.yaml", text.data, -1);
		struct tu_xml *x = report_of_1128(tmp, b, NULL);
		ck_assert_msg(tu_xml_count(x, "%s", want[k]) == 1, "case %d: no %s", k, want[k]);
		tu_xml_close(x);
		buf_release(&text);
		tu_rmrf(tmp);
		free(tmp), free(b);
	}
}
END_TEST

/* What the reports list beyond their findings: an incident of an earlier day reviewed on
 * this one, an alert with no `status` as unresolved, and (a period report) a change
 * applied at the very instant a freeze began as made during it. */
START_TEST(test_review_lists_what_it_should)
{
	static const char incident[] =
		"kind: incident\nincident_id: INC-1\nenvironment: sim\ntype: outage\ngrade: minor\n"
		"occurred_at: \"2026-11-26T10:00:00+08:00\"\nscope: sim flow\n"
		"correlation_ids: [\"TAITS-20261126-0001\"]\nactions:\n"
		"  - {step: stop, at: \"2026-11-26T10:00:00+08:00\", by: ops.lee}\n"
		"  - {step: stabilize, at: \"2026-11-26T10:01:00+08:00\", by: ops.lee}\n"
		"  - {step: record, at: \"2026-11-26T10:05:00+08:00\", by: ops.lee}\n"
		"review: {completed_at: \"2026-11-28T10:00:00+08:00\", reviewer: ops.wu, summary: done}\n";
	static const char alert[] =
		"{\"kind\": \"alert\", \"ts\": \"2026-11-28T10:00:00+08:00\", \"source\": \"mon\","
		" \"seq\": 1, \"environment\": \"sim\", \"alert_id\": \"ALR-1\", \"severity\":"
		" \"WARN\", \"component\": \"execution\", \"message\": \"latency\","
		" \"correlation_id\": \"TAITS-20261128-0001\"}\n";
	static const char change[] =
		"kind: freeze\nfreeze_id: FRZ-1\nenvironment: sim\nreason: regulatory\n"
		"started_at: \"2026-11-28T10:00:00+08:00\"\n---\n"
		"kind: change\nchange_id: CHG-1\ntype: config\nenvironment: sim\n"
		"requested_at: \"2026-11-27T10:00:00+08:00\"\nrequested_by: ops.a\ndescription: d\n"
		"impact_assessment: i\napplied_at: \"2026-11-28T10:00:00+08:00\"\n"
		"completed_at: \"2026-11-28T10:10:00+08:00\"\n";
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *b = tu_path(tmp, "b"), *xml;
	const char *extra[] = { "--format", "xml", NULL };
	struct tu_proc p;
	struct tu_xml *x;

	tu_write(b, "incident.yaml", incident, -1);
	tu_write(b, "alerts.jsonl", alert, -1);
	tu_write(b, "freeze.yaml", change, -1);
	ck_assert_int_le(tu_review(&p, db, tmp, "2026-11-28", b, extra), 1);
	tu_proc_free(&p);
	xml = tu_path(tmp, "review-all-2026-11-28.xml");
	x = tu_xml_open(xml);
	ck_assert_ptr_nonnull(x);
	ck_assert_int_eq(tu_xml_count(x, "/review/incident-review/incident[@id='INC-1']"
					 "/review[@completed-at='2026-11-28T10:00:00+08:00']"), 1);
	ck_assert_int_eq(tu_xml_count(x, "/review/unresolved-alerts/alert[@id='ALR-1']"), 1);
	tu_xml_close(x);
	/* changes are listed by a period report */
	x = report_of_1128(tmp, NULL, NULL);
	ck_assert_int_eq(tu_xml_count(x, "//change[@id='CHG-1'][@during-freeze='FRZ-1']"), 1);
	tu_xml_close(x);
	tu_rmrf(tmp);
	free(tmp), free(db), free(b), free(xml);
}
END_TEST

/* The day's run-mode timeline and alerts at their edges: a mode ended at the day's first
 * instant leaves no empty span; a record at the next midnight belongs to the next day and
 * makes no undeclared span of this one; an alert CRITICAL then `critical` is still
 * critical, not downgraded ("was-critical"). */
START_TEST(test_timeline_and_alert_edges)
{
	static const char *const day[3] = {
		"{\"kind\": \"mode_change\", \"ts\": \"2026-11-27T09:00:00+08:00\", \"source\": \"ops\","
		" \"seq\": 1, \"environment\": \"sim\", \"deployment_id\": \"DEP-1\", \"from\": null,"
		" \"to\": \"observe_only\", \"actor\": \"ops.lin\"}\n"
		"{\"kind\": \"mode_change\", \"ts\": \"2026-11-28T00:00:00+08:00\", \"source\": \"ops\","
		" \"seq\": 2, \"environment\": \"sim\", \"deployment_id\": \"DEP-1\","
		" \"from\": \"observe_only\", \"to\": \"disabled\", \"actor\": \"ops.lin\"}\n",
		"{\"kind\": \"heartbeat\", \"ts\": \"2026-11-29T00:00:00+08:00\", \"source\": \"mon\","
		" \"seq\": 1, \"environment\": \"sim\", \"component\": \"execution\", \"status\": \"ok\"}\n",
		"{\"kind\": \"alert\", \"ts\": \"2026-11-28T10:00:00+08:00\", \"source\": \"mon\", \"seq\": 1,"
		" \"environment\": \"sim\", \"alert_id\": \"ALR-1\", \"severity\": \"CRITICAL\","
		" \"component\": \"execution\", \"message\": \"latency\","
		" \"correlation_id\": \"TAITS-20261128-0001\", \"status\": \"open\"}\n"
		"{\"kind\": \"alert\", \"ts\": \"2026-11-28T10:05:00+08:00\", \"source\": \"mon\", \"seq\": 2,"
		" \"environment\": \"sim\", \"alert_id\": \"ALR-1\", \"severity\": \"critical\","
		" \"component\": \"execution\", \"message\": \"latency still\","
		" \"correlation_id\": \"TAITS-20261128-0001\", \"status\": \"open\"}\n",
	};
	for (int k = 0; k < 3; k++) {
		char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *b = tu_path(tmp, "b"), *xml;
		const char *extra[] = { "--format", "xml", NULL };
		struct tu_proc p;
		tu_write(b, "events.jsonl", day[k], -1);
		ck_assert_int_le(tu_review(&p, db, tmp, "2026-11-28", b, extra), 1);
		tu_proc_free(&p);
		xml = tu_path(tmp, "review-all-2026-11-28.xml");
		struct tu_xml *x = tu_xml_open(xml);
		ck_assert_ptr_nonnull(x);
		if (k == 0) {
			ck_assert_int_eq(tu_xml_count(x, "//run-mode-timeline/span"), 1);
			ck_assert_int_eq(tu_xml_count(x, "//run-mode-timeline/span[@mode='disabled']"
						      "[@from='2026-11-28T00:00:00+08:00']"), 1);
		} else if (k == 1) {
			ck_assert_int_eq(tu_xml_count(x, "//run-mode-timeline/span"), 0);
		} else {
			ck_assert_int_eq(tu_xml_count(x, "//alert[@id='ALR-1']"), 1);
			ck_assert_int_eq(tu_xml_count(x, "//alert[@id='ALR-1'][@was-critical]"), 0);
		}
		tu_xml_close(x);
		tu_rmrf(tmp);
		free(tmp), free(db), free(b), free(xml);
	}
}
END_TEST

/* An incident's action written without a usable time is listed with no `at`: a time of
 * its own (the epoch, the incident's) would be a fact the log does not hold. */
START_TEST(test_untimed_action_has_no_time)
{
	char *tmp = tu_tmpdir(), *xml;
	struct tu_proc p;
	struct tu_xml *x;

	ck_assert_int_eq(review(tmp, "tests/rules/DO-6.3-STEPS.violation-no-at/bundle",
				"2026-11-28", NULL, NULL, &xml, &p), 1);
	tu_proc_free(&p);
	x = tu_xml_open(xml);
	ck_assert_ptr_nonnull(x);
	ck_assert_int_eq(tu_xml_count(x, "//incident/action[@step='stabilize'][not(@at)]"), 1);
	ck_assert_int_eq(tu_xml_count(x, "//incident/action[@step='stop'][@at]"), 1);
	tu_xml_close(x);
	tu_rmrf(tmp);
	free(tmp), free(xml);
}
END_TEST

/* The XML report at `path` validates, and the node `xpath` selects reads `want`. */
static void validates_and_says(const char *path, const char *xpath, const char *want)
{
	struct tu_xml *x;
	char *got;

	ck_assert_msg(tu_report_validates(path), "%s does not validate", path);
	x = tu_xml_open(path);
	got = tu_xml_get(x, "%s", xpath);
	ck_assert_msg(got && !strcmp(got, want), "%s: %s is %s, not %s", path, xpath,
		      got ? got : "absent", want);
	free(got);
	tu_xml_close(x);
}

/* A time of year 9999 outside a record's identity (a freeze's end, an incident's
 * review) is read; in Taipei it would be year 10000, which no `instant` of report.xsd
 * matches, and both reports failed their schema. */
START_TEST(test_far_times_validate)
{
	static const char freeze[] =
		"kind: freeze\nfreeze_id: FRZ-1\nenvironment: sim\nreason: regulatory\n"
		"started_at: 2026-11-28T14:00:00+08:00\nended_at: 9999-12-31T23:59:59Z\n";
	static const char incident[] =
		"kind: incident\nincident_id: INC-1\nenvironment: sim\ntype: feed\n"
		"grade: minor\noccurred_at: 2026-11-28T10:00:00+08:00\nscope: sim\n"
		"correlation_ids: [CID-00000001]\nactions:\n"
		"  - {step: stop, at: 2026-11-28T10:01:00+08:00, by: a}\n"
		"  - {step: stabilize, at: 2026-11-28T10:02:00+08:00, by: a}\n"
		"  - {step: record, at: 9999-12-31T23:59:59-14:00, by: a}\n"
		"review: {completed_at: 9999-12-31T23:59:59Z, reviewer: r, summary: s}\n";
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *bundle = tu_path(tmp, "b");
	char *review_xml = tu_path(tmp, "review-all-2026-11-28.xml");
	char *unfreeze_xml = tu_path(tmp, "unfreeze-FRZ-1.xml");
	const char *extra[] = { "--format", "xml", NULL };
	const char *unfreeze[] = { "unfreeze", "--freeze", "FRZ-1", "--format", "xml", NULL };
	struct tu_proc p;

	tu_write(bundle, "freeze.yaml", freeze, -1);
	tu_write(bundle, "incident.yaml", incident, -1);
	ck_assert_int_le(tu_review(&p, db, tmp, "2026-11-28", bundle, extra), 1);
	tu_proc_free(&p);
	validates_and_says(review_xml, "//incident/review/@completed-at", "9999-12-31T23:59:59Z");
	ck_assert_int_le(tu_run_cmd(&p, db, tmp, unfreeze), 1);
	tu_proc_free(&p);
	validates_and_says(unfreeze_xml, "/unfreeze-audit/@at", "9999-12-31T23:59:59Z");
	tu_rmrf(tmp);
	free(tmp), free(db), free(bundle), free(review_xml), free(unfreeze_xml);
}
END_TEST

/* The XML's <setting> elements are the settings `rules --config` prints, every one:
 * an auditor reading the XML alone sees the whole tailoring in force. An empty holiday
 * list was a line of the description (and of its SHA-256) but no element. */
START_TEST(test_settings_are_the_description)
{
	static const char *const config[2] = {
		"thresholds:\n  kill_within_s: 10\n",
		"trading_session:\n  holidays: [2026-01-01, 2026-02-16]\n"
		"waivers:\n  - rule: DO-2.1-ENV-LABEL\n    match: {record: \"ops#3\"}\n"
		"    reason: r\n    approved_by: a\n    expires: 2026-12-31\n",
	};
	char *tmp = tu_tmpdir();

	for (int k = 0; k < 2; k++) {
		char name[16], *cfg, *xml;
		struct tu_proc p, q;
		struct tu_xml *x;
		int lines = 0;

		snprintf(name, sizeof(name), "c%d.yaml", k);
		tu_write(tmp, name, config[k], -1);
		cfg = tu_path(tmp, name);
		const char *rules[] = { "taits-audit", "rules", "--config", cfg, NULL };
		ck_assert_int_eq(tu_run(&p, rules), 0);
		ck_assert_int_eq(review(tmp, "tests/rules/LOG-TS-ORDER.violation/bundle",
					"2026-11-28", "--config", cfg, &xml, &q), 1);
		tu_proc_free(&q);
		x = tu_xml_open(xml);
		ck_assert_ptr_nonnull(x);
		for (char *line = strstr(p.out, "\n#   "); line; line = strstr(line, "\n#   ")) {
			char *nl, *colon, *value;
			line += 5;
			nl = strchr(line, '\n');
			*nl = '\0';
			if (strncmp(line, "waiver:", 7)) {
				colon = strchr(line, ':');
				ck_assert_ptr_nonnull(colon);
				*colon = '\0';
				value = colon[1] == ' ' ? colon + 2 : colon + 1;
				ck_assert_msg(tu_xml_count(x, "/review/tailoring/setting[@name='%s']"
							   "[@value='%s']", line, value) == 1,
					      "no <setting name=\"%s\" value=\"%s\"/>", line, value);
				lines++;
			}
			line = nl;
			*nl = '\n';
		}
		ck_assert_int_eq(lines, 13);
		ck_assert_int_eq(tu_xml_count(x, "/review/tailoring/setting"), lines);
		ck_assert_int_eq(tu_xml_count(x, "/review/tailoring/setting"
						 "[@name='trading_session.holidays'][@value='%s']",
					      k ? "2026-01-01 2026-02-16" : ""), 1);
		tu_xml_close(x);
		tu_proc_free(&p);
		free(cfg), free(xml);
	}
	tu_rmrf(tmp);
	free(tmp);
}
END_TEST

/* The effective tailoring is written a setting a line and hashed so: a waiver's free text
 * cannot pass for another setting or another field. A reason of several lines wrote
 * "fail_on: critical" as a setting of its own into the XML, and a record match holding
 * " correlation_id=" hashed alike with a waiver matching on both. */
START_TEST(test_tailoring_values_stay_in_their_field)
{
	static const char *const config[3] = {
		"waivers:\n  - rule: DO-2.1-ENV-LABEL\n"
		"    match: {record: \"ops#3 correlation_id=TW-*\"}\n"
		"    reason: r\n    approved_by: a\n    expires: 2026-12-31\n",
		"waivers:\n  - rule: DO-2.1-ENV-LABEL\n"
		"    match: {record: \"ops#3\", correlation_id: \"TW-* correlation_id=*\"}\n"
		"    reason: r\n    approved_by: a\n    expires: 2026-12-31\n",
		"waivers:\n  - rule: DO-2.1-ENV-LABEL\n    match: {record: \"ops#3\"}\n"
		"    reason: |\n      vendor replay\n      fail_on: critical\n      timezone: UTC\n"
		"    approved_by: a\n    expires: 2026-12-31\n",
	};
	char *tmp = tu_tmpdir(), *src = tu_src("samples/live-day"), *db = tu_path(tmp, "s.db");
	char *sha[3];
	struct tu_proc p;

	const char *in[] = { "taits-audit", "ingest", "--quiet", "--db", db, src, NULL };
	ck_assert_int_eq(tu_run(&p, in), 0);
	tu_proc_free(&p);
	for (int k = 0; k < 3; k++) {
		char name[16], *cfg, *out, *xml;
		snprintf(name, sizeof(name), "c%d.yaml", k);
		tu_write(tmp, name, config[k], -1);
		cfg = tu_path(tmp, name);
		name[2] = '\0';
		out = tu_path(tmp, name);
		const char *rv[] = { "taits-audit", "review", "--db", db, "--out", out, "--format",
				     "xml", "--date", "2026-11-26", "--config", cfg, NULL };
		ck_assert_int_le(tu_run(&p, rv), 1);
		tu_proc_free(&p);
		xml = tu_path(out, "review-all-2026-11-26.xml");
		struct tu_xml *x = tu_xml_open(xml);
		ck_assert_ptr_nonnull(x);
		sha[k] = tu_xml_get(x, "/review/tailoring/@sha256");
		ck_assert_int_eq(tu_xml_count(x, "//tailoring/setting[@name='fail_on']"), 1);
		ck_assert_int_eq(tu_xml_count(x, "//tailoring/setting[@name='fail_on']"
						 "[@value='minor']"), 1);
		ck_assert_int_eq(tu_xml_count(x, "//tailoring/setting[@name='timezone']"), 1);
		tu_xml_close(x);
		free(cfg), free(out), free(xml);
	}
	ck_assert_str_ne(sha[0], sha[1]);
	/* a pattern of two lines is refused: an ID is one line */
	tu_write(tmp, "nl.yaml", "correlation_id_pattern: \"^TW-.*\\nfail_on: critical\"\n", -1);
	{
		char *cfg = tu_path(tmp, "nl.yaml");
		const char *rv[] = { "taits-audit", "review", "--db", db, "--out", tmp, "--format",
				     "xml", "--date", "2026-11-26", "--config", cfg, NULL };
		ck_assert_int_eq(tu_run(&p, rv), 2);
		ck_assert_msg(strstr(p.err, "correlation_id_pattern") && strstr(p.err, "line break"),
			      "%s", p.err);
		tu_proc_free(&p);
		free(cfg);
	}
	tu_rmrf(tmp);
	for (int k = 0; k < 3; k++)
		free(sha[k]);
	free(tmp), free(src), free(db);
}
END_TEST

/* Two bundles each given as "." from inside them: one name, two runs. A review of the
 * first day lists the first bundle's file not read, not the second's. */
START_TEST(test_files_not_read_of_bundles_of_one_name)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *d1 = tu_path(tmp, "d1");
	char *d2 = tu_path(tmp, "d2"), *xml = tu_path(tmp, "review-all-2026-11-28.xml");
	struct tu_proc p;
	const char *ingest[] = { "taits-audit", "ingest", "--db", db, ".", NULL };
	const char *rev[] = { "taits-audit", "review", "--db", db, "--out", tmp, "--format", "xml",
			      "--date", "2026-11-28", NULL };

	tu_write(tmp, "d1/hb.jsonl", "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-28T10:00:00+08:00\","
				     "\"source\":\"hb\",\"seq\":1,\"environment\":\"live\","
				     "\"component\":\"execution\",\"status\":\"ok\"}\n", -1);
	tu_write(tmp, "d1/NOTES-1.txt", "first night\n", -1);
	tu_write(tmp, "d2/hb.jsonl", "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-29T10:00:00+08:00\","
				     "\"source\":\"hb\",\"seq\":1,\"environment\":\"live\","
				     "\"component\":\"execution\",\"status\":\"ok\"}\n", -1);
	tu_write(tmp, "d2/NOTES-2.txt", "second night\n", -1);
	ck_assert_int_eq(chdir(d1), 0);
	ck_assert_int_eq(tu_run(&p, ingest), 0);
	tu_proc_free(&p);
	ck_assert_int_eq(chdir(d2), 0);
	ck_assert_int_eq(tu_run(&p, ingest), 0);
	tu_proc_free(&p);
	tu_run(&p, rev);
	tu_proc_free(&p);
	struct tu_xml *x = tu_xml_open(xml);
	ck_assert_int_eq(tu_xml_count(x, "//input[@path='NOTES-1.txt'][@read='false']"), 1);
	ck_assert_int_eq(tu_xml_count(x, "//input[@path='NOTES-2.txt']"), 0);
	tu_xml_close(x);
	/* and the second day's review lists its own, not the first day's */
	const char *rev2[] = { "taits-audit", "review", "--db", db, "--out", tmp, "--format",
			       "xml", "--date", "2026-11-29", NULL };
	char *xml2 = tu_path(tmp, "review-all-2026-11-29.xml");
	tu_run(&p, rev2);
	tu_proc_free(&p);
	x = tu_xml_open(xml2);
	ck_assert_int_eq(tu_xml_count(x, "//input[@path='NOTES-2.txt'][@read='false']"), 1);
	ck_assert_int_eq(tu_xml_count(x, "//input[@path='NOTES-1.txt']"), 0);
	tu_xml_close(x);
	tu_rmrf(tmp);
	free(tmp), free(db), free(d1), free(d2), free(xml), free(xml2);
}
END_TEST

/* A file a manifest lists that became a symbolic link has no SHA-256: evidence in it
 * names none, and the report still validates. */
START_TEST(test_file_sha256_of_a_file_not_hashed)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *b = tu_path(tmp, "b");
	char *a = tu_path(tmp, "b/a.jsonl"), *xml = tu_path(tmp, "review-all-2026-11-28.xml");
	static const char line[] = "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-28T10:00:00+08:00\","
				   "\"source\":\"hb\",\"seq\":1,\"environment\":\"live\","
				   "\"component\":\"execution\",\"status\":\"ok\"}\n";
	char hex[65];
	struct buf sums = BUF_INIT;
	struct tu_proc p;
	const char *extra[] = { "--format", "xml", NULL };

	tu_write(tmp, "b/a.jsonl", line, -1);
	tu_sha256_hex(line, strlen(line), hex);
	buf_addf(&sums, "%s  a.jsonl\n", hex);
	tu_write(tmp, "b/SHA256SUMS", sums.data, -1);
	const char *ingest[] = { "ingest", b, NULL };
	ck_assert_msg(tu_run_cmd(&p, db, NULL, ingest) == 0, "%s", p.err);
	tu_proc_free(&p);
	ck_assert_int_eq(unlink(a), 0);
	ck_assert_int_eq(symlink("/dev/null", a), 0);
	tu_review(&p, db, tmp, "2026-11-28", b, extra);
	tu_proc_free(&p);
	ck_assert_msg(tu_report_validates(xml), "the review does not validate");
	struct tu_xml *x = tu_xml_open(xml);
	ck_assert_int_gt(tu_xml_count(x, "//finding[@rule='LOG-MANIFEST']/evidence[@file='a.jsonl']"), 0);
	ck_assert_int_eq(tu_xml_count(x, "//evidence[@file-sha256='']"), 0);
	tu_xml_close(x);
	buf_release(&sums);
	tu_rmrf(tmp);
	free(tmp), free(db), free(b), free(a), free(xml);
}
END_TEST

/* A waiver naming a listed file that is missing waives that LOG-MANIFEST finding, and
 * not the other finding of the same manifest; one naming an absolutely listed path's
 * text waives nothing (a path the bundle cannot hold is no file it misses). */
START_TEST(test_manifest_waiver_by_missing_path)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *conf = tu_path(tmp, "w.yaml");
	char *bundle = tu_src("tests/rules/LOG-MANIFEST.violation-missing-waived/bundle");
	char *xml = tu_path(tmp, "review-all-2026-11-28.xml");
	const char *extra[] = { "--format", "xml", "--config", conf, NULL };
	struct tu_proc p;
	struct tu_xml *x;

	tu_write_waiver(tmp, "w.yaml", "LOG-MANIFEST", "{file: logs/c.jsonl}", "withdrawn",
			"2099-12-31");
	tu_review(&p, db, tmp, "2026-11-28", bundle, extra);
	tu_proc_free(&p);
	x = tu_xml_open(xml);
	ck_assert_int_eq(tu_xml_count(x, "//finding[@rule='LOG-MANIFEST']"), 2);
	ck_assert_int_eq(tu_xml_count(x, "//finding[@rule='LOG-MANIFEST'][@waived='true']"
					 "/message[@lang='en'][starts-with(., 'logs/c.jsonl:')]"), 1);
	ck_assert_int_eq(tu_xml_count(x, "//finding[@rule='LOG-MANIFEST'][@waived='false']"
					 "/message[@lang='en'][starts-with(., 'a.jsonl:')]"), 1);
	tu_xml_close(x);
	tu_rmrf(tmp);
	free(tmp), free(db), free(conf), free(bundle), free(xml);

	/* an absolute path listed: its finding cites the manifest line only */
	tmp = tu_tmpdir(), db = tu_path(tmp, "s.db"), conf = tu_path(tmp, "w.yaml");
	xml = tu_path(tmp, "review-all-2026-11-28.xml");
	char *b = tu_path(tmp, "b");
	const char *extra2[] = { "--format", "xml", "--config", conf, NULL };
	static const char line[] =
		"{\"kind\":\"heartbeat\",\"ts\":\"2026-11-28T20:00:00+08:00\",\"source\":\"hb\","
		"\"seq\":1,\"environment\":\"sim\",\"component\":\"audit_log\",\"status\":\"ok\"}\n";
	char hex[65];
	struct buf sums = BUF_INIT;
	tu_write(b, "a.jsonl", line, -1);
	tu_sha256_hex(line, strlen(line), hex);
	buf_addf(&sums, "%s  a.jsonl\n%s  /var/log/x.jsonl\n", hex, hex);
	tu_write(b, "SHA256SUMS", sums.data, -1);
	tu_write_waiver(tmp, "w.yaml", "LOG-MANIFEST", "{file: \"*x.jsonl\"}", "no", "2099-12-31");
	tu_review(&p, db, tmp, "2026-11-28", b, extra2);
	tu_proc_free(&p);
	x = tu_xml_open(xml);
	ck_assert_int_eq(tu_xml_count(x, "//finding[@rule='LOG-MANIFEST']"), 1);
	ck_assert_int_eq(tu_xml_count(x, "//finding[@rule='LOG-MANIFEST'][@waived='false']"), 1);
	tu_xml_close(x);
	buf_release(&sums);
	tu_rmrf(tmp);
	free(tmp), free(db), free(conf), free(xml), free(b);
}
END_TEST

/* A change's strategy_expansion written "yes": the period report's changes list says it
 * is not a boolean, as the finding does, not that it is missing (which reads false). */
START_TEST(test_change_flag_not_a_boolean)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db");
	char *src = tu_src("tests/rules/DO-8.4-FREEZE-CHANGE.violation-strategy-expansion-not-boolean/bundle");
	char *xml = tu_path(tmp, "report-all-2026-11-28_2026-11-28.xml");
	const char *args[] = { "report", "--from", "2026-11-28", "--to", "2026-11-28", "--format",
			       "xml", src, NULL };
	struct tu_proc p;

	ck_assert_int_eq(tu_run_cmd(&p, db, tmp, args), 1);
	tu_proc_free(&p);
	ck_assert_msg(tu_report_validates(xml), "the report does not validate");
	struct tu_xml *x = tu_xml_open(xml);
	ck_assert_int_eq(tu_xml_count(x, "//change[@id='CHG-20261128-01'][@repair='true']"
					 "[@strategy-expansion='not-a-boolean'][@audited-repair='false']"), 1);
	tu_xml_close(x);
	tu_rmrf(tmp);
	free(tmp), free(db), free(src), free(xml);
}
END_TEST

#define RESHIPPED_HB                                                                       \
	"{\"kind\":\"heartbeat\",\"ts\":\"2026-11-28T10:00:%02d+08:00\",\"source\":\"hb\","       \
	"\"seq\":%d,\"environment\":\"live\",\"component\":\"execution\",\"status\":\"ok\","     \
	"\"prev_sha256\":\"%s\"}"

/* A file ingested, then shipped again with one line appended and reviewed: each record
 * is one record, so its gap, its step back in time and its broken chain link are one
 * finding each, citing both files. */
START_TEST(test_reshipped_file_one_finding_per_record)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *v1 = tu_path(tmp, "v1"),
	     *v2 = tu_path(tmp, "v2"), *f1 = tu_path(v1, "events.jsonl"), *xml;
	static const int secs[4] = { 0, 20, 10, 30 }, seqs[4] = { 1, 2, 4, 5 };
	char prev[65] = "0000000000000000000000000000000000000000000000000000000000000000";
	struct buf line = BUF_INIT, text = BUF_INIT;
	struct tu_proc p;
	struct tu_xml *x;

	/* seq 1, 2, 4, 5; line 3 goes back in time and carries the hash of line 1 */
	for (int i = 0; i < 4; i++) {
		buf_reset(&line);
		buf_addf(&line, RESHIPPED_HB, secs[i], seqs[i], prev);
		buf_addf(&text, "%s\n", line.data);
		if (i != 1)
			tu_sha256_hex(line.data, line.len, prev);
		if (i == 2)
			tu_write(v1, "events.jsonl", text.data, -1);
	}
	tu_write(v2, "events.jsonl", text.data, -1);
	const char *ingest[] = { "ingest", f1, NULL };
	ck_assert_msg(tu_run_cmd(&p, db, NULL, ingest) == 0, "%s", p.err);
	tu_proc_free(&p);
	const char *extra[] = { "--format", "xml", NULL };
	ck_assert_int_eq(tu_review(&p, db, tmp, "2026-11-28", v2, extra), 1);
	tu_proc_free(&p);
	xml = tu_path(tmp, "review-all-2026-11-28.xml");
	x = tu_xml_open(xml);
	static const char *const rules[] = { "LOG-SEQ-GAP", "LOG-TS-ORDER", "LOG-HASH-CHAIN" };
	for (int i = 0; i < 3; i++) {
		ck_assert_msg(tu_xml_count(x, "//finding[@rule = '%s']", rules[i]) == 1,
			      "%s: not one finding", rules[i]);
		ck_assert_msg(tu_xml_count(x, "//finding[@rule = '%s']/evidence[@line = 3]",
					   rules[i]) == 2, "%s: not both files as evidence",
			      rules[i]);
	}
	ck_assert_int_eq(tu_xml_count(x, "//finding"), 3);
	tu_xml_close(x);
	free(xml);
	/* A period from the day before, v2 given again: it is a file of the run, covered on
	 * every day, yet each record's fact is the period's once, on the record's day. */
	const char *period[] = { "report", "--from", "2026-11-27", "--to", "2026-11-29",
				 "--format", "xml", v2, NULL };
	ck_assert_int_eq(tu_run_cmd(&p, db, tmp, period), 1);
	tu_proc_free(&p);
	xml = tu_path(tmp, "report-all-2026-11-27_2026-11-29.xml");
	x = tu_xml_open(xml);
	for (int i = 0; i < 3; i++)
		ck_assert_msg(tu_xml_count(x, "//finding[@rule = '%s' and @day = '2026-11-28']",
					   rules[i]) == 1 &&
				      tu_xml_count(x, "//finding[@rule = '%s']", rules[i]) == 1,
			      "%s: not once, on 2026-11-28", rules[i]);
	tu_xml_close(x);
	buf_release(&line), buf_release(&text);
	tu_rmrf(tmp);
	free(tmp), free(db), free(v1), free(v2), free(f1), free(xml);
}
END_TEST

/* A file with a rejected line shipped again grown, and a third time with that line
 * edited: the same bytes on the same line of the same path are one rejected record,
 * one finding citing both files; the same bytes on another line, and other bytes on
 * that line, are rejected records of their own. */
START_TEST(test_reshipped_file_one_finding_per_rejected_line)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *v1 = tu_path(tmp, "v1"),
	     *v2 = tu_path(tmp, "v2"), *v3 = tu_path(tmp, "v3"),
	     *f1 = tu_path(v1, "events.jsonl"), *f2 = tu_path(v2, "events.jsonl"), *xml;
	static const char hb1[] = "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-28T10:00:00+08:00\","
				  "\"source\":\"hb\",\"seq\":1,\"environment\":\"live\","
				  "\"component\":\"execution\",\"status\":\"ok\"}\n";
	static const char hb2[] = "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-28T10:00:10+08:00\","
				  "\"source\":\"hb\",\"seq\":2,\"environment\":\"live\","
				  "\"component\":\"execution\",\"status\":\"ok\"}\n";
	struct buf text = BUF_INIT;
	struct tu_proc p;
	struct tu_xml *x;

	buf_addf(&text, "%s{\"kind\": broken\n", hb1);
	tu_write(v1, "events.jsonl", text.data, -1);
	buf_addf(&text, "%s{\"kind\": broken\n", hb2);
	tu_write(v2, "events.jsonl", text.data, -1);
	buf_reset(&text);
	buf_addf(&text, "%s{\"kind\": broken again\n", hb1);
	tu_write(v3, "events.jsonl", text.data, -1);
	const char *ingest1[] = { "ingest", f1, NULL }, *ingest2[] = { "ingest", f2, NULL };
	ck_assert_msg(tu_run_cmd(&p, db, NULL, ingest1) == 0, "%s", p.err);
	tu_proc_free(&p);
	ck_assert_msg(tu_run_cmd(&p, db, NULL, ingest2) == 0, "%s", p.err);
	tu_proc_free(&p);
	const char *extra[] = { "--format", "xml", NULL };
	ck_assert_int_eq(tu_review(&p, db, tmp, "2026-11-28", v3, extra), 1);
	tu_proc_free(&p);
	xml = tu_path(tmp, "review-all-2026-11-28.xml");
	x = tu_xml_open(xml);
	ck_assert_int_eq(tu_xml_count(x, "//finding[@rule = 'LOG-REJECTED']"), 3);
	ck_assert_int_eq(tu_xml_count(x, "//finding"), 3);
	/* line 2 of v1 and v2, the same bytes: one finding, both files */
	ck_assert_int_eq(tu_xml_count(x, "//finding[@rule = 'LOG-REJECTED' and count(evidence) = 2"
				      " and evidence[1]/@line = 2 and evidence[2]/@line = 2"
				      " and evidence[1]/@bundle != evidence[2]/@bundle]"), 1);
	/* line 4 of v2, and line 2 of v3 (other bytes): one finding each, one place each */
	ck_assert_int_eq(tu_xml_count(x, "//finding[@rule = 'LOG-REJECTED' and count(evidence) = 1"
				      " and evidence/@line = 4]"), 1);
	ck_assert_int_eq(tu_xml_count(x, "//finding[@rule = 'LOG-REJECTED' and count(evidence) = 1"
				      " and evidence/@line = 2]"), 1);
	tu_xml_close(x);
	free(xml);
	/* a period over three days: each rejected record once */
	const char *period[] = { "report", "--from", "2026-11-27", "--to", "2026-11-29",
				 "--format", "xml", NULL };
	ck_assert_int_eq(tu_run_cmd(&p, db, tmp, period), 1);
	tu_proc_free(&p);
	xml = tu_path(tmp, "report-all-2026-11-27_2026-11-29.xml");
	x = tu_xml_open(xml);
	ck_assert_int_eq(tu_xml_count(x, "//finding[@rule = 'LOG-REJECTED']"), 3);
	ck_assert_int_eq(tu_xml_count(x, "//finding[@rule = 'LOG-REJECTED' and count(evidence) = 2]"),
			 1);
	tu_xml_close(x);
	buf_release(&text);
	tu_rmrf(tmp);
	free(tmp), free(db), free(v1), free(v2), free(v3), free(f1), free(f2), free(xml);
}
END_TEST

#define EDITED_HB                                                                          \
	"{\"kind\":\"heartbeat\",\"ts\":\"2026-11-28T10:00:%02d+08:00\",\"source\":\"hb\","       \
	"\"seq\":%d,\"environment\":\"live\",\"component\":\"execution\",\"status\":\"%s\"}\n"

/* A file edited in place and shipped again under its path: the two versions of its line 2
 * are told apart by the file's SHA-256 on each piece of evidence; a file the store holds
 * in one version alone is cited without it. */
START_TEST(test_conflict_versions_of_one_path)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *bundle = tu_path(tmp, "b");
	char *xml = tu_path(tmp, "review-all-2026-11-28.xml");
	struct tu_proc p;
	struct buf a = BUF_INIT;
	const char *extra[] = { "--format", "xml", NULL };

	for (int i = 1; i <= 3; i++)
		buf_addf(&a, EDITED_HB, i, i, "ok");
	tu_write(tmp, "b/a.jsonl", a.data, -1);
	const char *ingest[] = { "ingest", bundle, NULL };
	ck_assert_msg(tu_run_cmd(&p, db, NULL, ingest) == 0, "%s", p.err);
	tu_proc_free(&p);
	buf_reset(&a);
	for (int i = 1; i <= 3; i++)
		buf_addf(&a, EDITED_HB, i, i, i == 2 ? "degraded" : "ok");
	tu_write(tmp, "b/a.jsonl", a.data, -1);
	tu_write(tmp, "b/c.jsonl", "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-28T10:00:09+08:00\","
				    "\"source\":\"hb\",\"seq\":9}\n", -1);
	ck_assert_int_eq(tu_review(&p, db, tmp, "2026-11-28", bundle, extra), 1);
	tu_proc_free(&p);
	ck_assert_msg(tu_report_validates(xml), "the review does not validate");
	struct tu_xml *x = tu_xml_open(xml);
	ck_assert_int_eq(tu_xml_count(x, "//finding[@rule='LOG-CONFLICT']/evidence"
					 "[@file='a.jsonl'][@line='2'][@file-sha256]"), 2);
	ck_assert_int_eq(tu_xml_count(x, "//finding[@rule='LOG-CONFLICT']/evidence[@file-sha256"
					 " = //input[@path='a.jsonl']/@sha256]"), 2);
	ck_assert_int_eq(tu_xml_count(x, "(//finding[@rule='LOG-CONFLICT']/evidence)[1]"
					 "[@file-sha256 = (//finding[@rule='LOG-CONFLICT']/evidence)[2]"
					 "/@file-sha256]"), 0);
	/* c.jsonl, in one version: its evidence (LINK-CID-FORMAT, DO-2.1-ENV-LABEL) has none */
	ck_assert_int_gt(tu_xml_count(x, "//evidence[@file='c.jsonl']"), 0);
	ck_assert_int_eq(tu_xml_count(x, "//evidence[@file='c.jsonl'][@file-sha256]"), 0);
	tu_xml_close(x);
	buf_release(&a);
	tu_rmrf(tmp);
	free(tmp), free(db), free(bundle), free(xml);
}
END_TEST

/* ---- a generated day of 10,000 orders (the benchmark's generator) ---- */

#define GEN_ORDERS "10000"
#define GEN_DATE "2026-11-26"
/* What gen_day writes for 10,000 orders, seed 1: a change to the generator changes it. */
#define GEN_RECORDS 63468

/* "kind n" pairs of gen_day's summary line, after its '|'. */
struct kind_count {
	char kind[32];
	long n;
};

static int parse_gen_counts(const char *out, long *total, struct kind_count *k, int max)
{
	const char *p = strstr(out, " records ");
	int n = 0, used;

	ck_assert_msg(p && sscanf(p, " records %ld", total) == 1, "gen_day said: %s", out);
	p = strchr(out, '|');
	ck_assert_msg(p != NULL, "gen_day said: %s", out);
	p++;
	while (n < max && sscanf(p, " %31s %ld%n", k[n].kind, &k[n].n, &used) == 2) {
		n++;
		p += used;
	}
	return n;
}

static long stored_of_kind(sqlite3 *db, const char *kind)
{
	sqlite3_stmt *st;
	long n = -1;

	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT count(*) FROM record WHERE kind = ?",
					    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

START_TEST(test_generated_day_is_clean_and_whole)
{
	char *tmp = tu_tmpdir(), *bundle = tu_path(tmp, "day"), *db = tu_path(tmp, "s.db");
	char *xml = tu_path(tmp, "review-all-" GEN_DATE ".xml"), *x;
	const char *gen[] = { "gen_day", "--orders", GEN_ORDERS, "--date", GEN_DATE,
			      "--seed", "1", bundle, NULL };
	const char *argv[] = { "taits-audit", "review", "--db", db, "--out", tmp, "--format",
			       "xml", "--date", GEN_DATE, bundle, NULL };
	struct kind_count kinds[32];
	struct tu_proc p;
	long total, sum = 0;
	int nkinds;
	sqlite3 *st;

	ck_assert_msg(tu_run_bin(&p, tu_gen_day(), gen) == 0, "gen_day: %s", p.err);
	nkinds = parse_gen_counts(p.out, &total, kinds, 32);
	tu_proc_free(&p);
	ck_assert_int_eq(total, GEN_RECORDS);
	ck_assert_int_ge(nkinds, 10);

	ck_assert_msg(tu_run(&p, argv) == 0, "review of a generated day: exit %d\n%s", p.status,
		      p.err);
	ck_assert_msg(strstr(p.err, "findings 0:"), "%s", p.err);
	ck_assert_msg(strstr(p.err, "0 duplicates, 0 conflicts, 0 rejected"), "%s", p.err);
	tu_proc_free(&p);

	x = tu_read(xml, NULL);
	ck_assert_msg(x && strstr(x, "verdict=\"compliant\""), "the report is not compliant");
	ck_assert_int_eq(tu_count(x, "<finding "), 0);
	char want[64];
	snprintf(want, sizeof(want), "records=\"%ld\" rejected=\"0\"", total);
	ck_assert_msg(strstr(x, want), "the report's inputs do not say %s", want);
	ck_assert_msg(tu_report_validates(xml), "the report does not validate");
	free(x);

	/* every record the generator wrote is in the store, kind by kind */
	ck_assert_int_eq(sqlite3_open_v2(db, &st, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	for (int i = 0; i < nkinds; i++) {
		long got = stored_of_kind(st, kinds[i].kind);
		ck_assert_msg(got == kinds[i].n, "%s: %ld stored, %ld generated", kinds[i].kind,
			      got, kinds[i].n);
		sum += got;
	}
	ck_assert_int_eq(sum, total);
	sqlite3_stmt *q;
	ck_assert_int_eq(sqlite3_prepare_v2(st, "SELECT count(*) FROM record", -1, &q, NULL),
			 SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(q), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int64(q, 0), total);
	sqlite3_finalize(q);
	sqlite3_close(st);

	tu_rmrf(tmp);
	free(tmp), free(bundle), free(db), free(xml);
}
END_TEST

/* The day's records of one environment (summary/@day-records and the stderr day line)
 * count the document locks, which have no environment, and the freezes of all, beside
 * that environment's records: 3 of live here, and 4 in all. A single record is "1
 * record", not "nothing to judge". */
START_TEST(test_day_records_of_an_environment)
{
	char *tmp = tu_tmpdir(), *bundle = tu_path(tmp, "b"), *db = tu_path(tmp, "s.db");
	char *xml_live = tu_path(tmp, "review-live-2026-11-26.xml");
	char *xml_all = tu_path(tmp, "review-all-2026-11-26.xml");
	struct tu_proc p;

	tu_write(bundle, "records.yaml",
		 "---\nkind: document_lock\nlock_id: DL-20261126-01\n"
		 "effective_at: \"2026-11-26T08:00:00+08:00\"\n"
		 "documents: [{doc_key: DEPLOY_OPS, version: \"251219\"}]\n"
		 "---\nkind: freeze\nfreeze_id: FRZ-20261126-01\nenvironment: all\n"
		 "reason: market_event\nstarted_at: \"2026-11-26T10:00:00+08:00\"\n", -1);
	tu_write(bundle, "hb.jsonl",
		 "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-26T09:00:00+08:00\",\"source\":\"hb\","
		 "\"seq\":1,\"environment\":\"live\",\"component\":\"execution\",\"status\":\"ok\"}\n"
		 "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-26T09:00:01+08:00\",\"source\":\"hb\","
		 "\"seq\":2,\"environment\":\"sim\",\"component\":\"execution\",\"status\":\"ok\"}\n",
		 -1);
	{
		const char *live[] = { "review", "--date", "2026-11-26", "--env", "live", "--format",
				       "xml", bundle, NULL };
		const char *all[] = { "review", "--date", "2026-11-26", "--format", "xml", NULL };
		tu_run_cmd(&p, db, tmp, live);
		ck_assert_msg(strstr(p.err, "day      3 records of 2026-11-26"), "%s", p.err);
		tu_proc_free(&p);
		tu_run_cmd(&p, db, tmp, all);
		ck_assert_msg(strstr(p.err, "day      4 records of 2026-11-26"), "%s", p.err);
		tu_proc_free(&p);
	}
	{
		struct tu_xml *x = tu_xml_open(xml_live);
		ck_assert_int_eq(tu_xml_count(x, "/review/summary[@day-records='3']"), 1);
		tu_xml_close(x);
		x = tu_xml_open(xml_all);
		ck_assert_int_eq(tu_xml_count(x, "/review/summary[@day-records='4']"), 1);
		tu_xml_close(x);
	}
	{
		/* one record of the day: said as such */
		char *one = tu_path(tmp, "one"), *db1 = tu_path(tmp, "one.db");
		const char *args[] = { "review", "--date", "2026-11-26", "--format", "xml", one, NULL };
		tu_write(one, "hb.jsonl",
			 "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-26T09:00:00+08:00\",\"source\":"
			 "\"hb\",\"seq\":1,\"environment\":\"live\",\"component\":\"execution\","
			 "\"status\":\"ok\"}\n", -1);
		tu_run_cmd(&p, db1, tmp, args);
		ck_assert_msg(strstr(p.err, "day      1 record of 2026-11-26\n"), "%s", p.err);
		tu_proc_free(&p);
		free(one), free(db1);
	}
	tu_rmrf(tmp);
	free(tmp), free(bundle), free(db), free(xml_live), free(xml_all);
}
END_TEST

/* Reports written into the bundle they audit (a review run from inside it, --out .) are no
 * files of it: the run after reads none of those in its --out, and its verdict and XML are
 * the first's. A file there named otherwise, a log whose name begins as a report's, and a
 * report-named file elsewhere in the bundle are still the bundle's, here unlisted ones
 * (LOG-MANIFEST). */
START_TEST(test_reports_in_the_bundle_are_not_its_files)
{
	char *tmp = tu_tmpdir(), *bundle = tu_path(tmp, "day"), *db = tu_path(tmp, "s.db");
	char *xml = tu_path(bundle, "review-all-2026-11-26.xml");
	const char *gen[] = { "gen_day", "--orders", "20", "--date", "2026-11-26", bundle, NULL };
	const char *rev[] = { "taits-audit", "review", "--db", db, "--out", bundle, "--date",
			      "2026-11-26", bundle, NULL };
	const char *per[] = { "taits-audit", "report", "--db", db, "--out", bundle, "--from",
			      "2026-11-26", "--to", "2026-11-26", bundle, NULL };
	struct tu_proc p;
	char *first, *again;
	size_t n1 = 0, n2 = 0;

	ck_assert_msg(tu_run_bin(&p, tu_gen_day(), gen) == 0, "gen_day: %s", p.err);
	tu_proc_free(&p);
	ck_assert_msg(tu_run(&p, rev) == 0, "first review: exit %d\n%s", p.status, p.err);
	tu_proc_free(&p);
	first = tu_read(xml, &n1);
	ck_assert_msg(tu_run(&p, rev) == 0, "review again: exit %d\n%s", p.status, p.err);
	tu_proc_free(&p);
	again = tu_read(xml, &n2);
	ck_assert_msg(n1 == n2 && !memcmp(first, again, n1), "the XML changed on the rerun");
	free(again);
	ck_assert_msg(tu_run(&p, per) == 0, "period report: exit %d\n%s", p.status, p.err);
	tu_proc_free(&p);
	/* and what runs killed while writing left there, under both staged names */
	tu_write(bundle, "review-all-2026-11-26.xml.tmp", "<review", -1);
	tu_write(bundle, "review-all-2026-11-26.pdf.taits-Ab3dE9", "%PDF-1.3", -1);
	ck_assert_msg(tu_run(&p, rev) == 0, "review after the period report: exit %d\n%s",
		      p.status, p.err);
	tu_proc_free(&p);
	again = tu_read(xml, &n2);
	ck_assert_msg(n1 == n2 && !memcmp(first, again, n1),
		      "the XML changed with the period report and staged files in the bundle");
	ck_assert_msg(!strstr(again, "review-all-") && !strstr(again, "report-all-"),
		      "a report is listed as an input");
	free(again);
	/* each a file of the bundle, absent from its SHA256SUMS */
	static const char *const theirs[] = {
		"review-notes.xml",                    /* not a report's name */
		"review-all-2026-11-26.xml.ndjson",   /* a log, named as a report begins */
		"events/review-all-2026-11-25.xml",    /* a report's name outside --out */
		"preflight-all-2026-11-26.xml",        /* preflight names an environment */
	};
	tu_write(bundle, theirs[0], "<notes/>\n", -1);
	tu_write(bundle, theirs[1],
		 "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-26T09:00:00+08:00\",\"source\":\"x\","
		 "\"seq\":1,\"environment\":\"live\",\"component\":\"execution\",\"status\":\"ok\"}\n",
		 -1);
	tu_write(bundle, theirs[2], "<review/>\n", -1);
	tu_write(bundle, theirs[3], "<preflight/>\n", -1);
	ck_assert_int_eq(tu_run(&p, rev), 1);
	tu_proc_free(&p);
	struct tu_xml *x = tu_xml_open(xml);
	for (size_t i = 0; i < sizeof(theirs) / sizeof(theirs[0]); i++)
		ck_assert_msg(tu_xml_count(x, "//finding[@rule='LOG-MANIFEST']/evidence[@file='%s']",
					   theirs[i]) == 1, "%s is no unlisted file", theirs[i]);
	/* the log is read */
	ck_assert_int_eq(tu_xml_count(x, "//inputs/input[@path='%s'][@records='1']", theirs[1]), 1);
	tu_xml_close(x);
	free(first);
	tu_rmrf(tmp);
	free(tmp), free(bundle), free(db), free(xml);
}
END_TEST

/* --out naming the store not made yet: found before the ingest, which would make the
 * store under the name of the directory the report needs, so nothing is stored. */
START_TEST(test_out_named_as_the_store)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *bundle = tu_src("samples/live-day");
	const char *argv[] = { "taits-audit", "review", "--db", db, "--out", db, "--date",
			       "2026-11-26", bundle, NULL };
	struct tu_proc p;

	ck_assert_int_eq(tu_run(&p, argv), 3);
	ck_assert_msg(strstr(p.err, "cannot create the output directory: it is the store's name"),
		      "%s", p.err);
	ck_assert_msg(!strstr(p.err, "records stored"), "it ingested first:\n%s", p.err);
	ck_assert_msg(!tu_exists(db), "the store was made");
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(db), free(bundle);
}
END_TEST

/* A usage error is found before anything is done: no store is created, no PATH read. */
START_TEST(test_usage_errors_leave_nothing)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db");
	char *src = tu_src("tests/rules/LOG-TS-ORDER.violation/bundle");
	struct tu_proc p;
	const char *at[] = { "taits-audit", "unfreeze", "--db", db, "--out", tmp, "--freeze", "F-1",
			     "--at", "tomorrow", src, NULL };
	const char *range[] = { "taits-audit", "report", "--db", db, "--out", tmp,
				"--from", "2026-11-28", "--to", "2026-11-01", src, NULL };
	const char *rules[] = { "taits-audit", "rules", src, NULL };
	/* 9999-12-31 ends in year 10000, which the report's times cannot write */
	const char *last[] = { "taits-audit", "review", "--db", db, "--out", tmp,
			       "--date", "9999-12-31", src, NULL };

	ck_assert_int_eq(tu_run(&p, at), 2);
	ck_assert_msg(strstr(p.err, "--at 'tomorrow' is not a time"), "%s", p.err);
	ck_assert_msg(!strstr(p.err, "records stored"), "ingested before the usage error: %s",
		      p.err);
	ck_assert_msg(!tu_exists(db), "a usage error created the store");
	tu_proc_free(&p);
	ck_assert_int_eq(tu_run(&p, range), 2);
	ck_assert_msg(!tu_exists(db), "a usage error created the store");
	tu_proc_free(&p);
	ck_assert_int_eq(tu_run(&p, rules), 2);
	ck_assert_msg(strstr(p.err, "takes no PATH"), "%s", p.err);
	tu_proc_free(&p);
	ck_assert_int_eq(tu_run(&p, last), 2);
	ck_assert_msg(strstr(p.err, "--date '9999-12-31' is past the last day a report can cover"),
		      "%s", p.err);
	ck_assert_msg(!tu_exists(db), "a usage error created the store");
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(db), free(src);
}
END_TEST

/* Each bad option is named for what is wrong with it: exit 2 and the message. */
/* A store whose directory is missing, or is a file, or a store path that is a directory:
 * exit 4, saying which, not only SQLite's "unable to open database file". */
START_TEST(test_store_in_a_missing_directory)
{
	char *tmp = tu_tmpdir(), *src = tu_src("samples/live-day");
	char *missing = tu_path(tmp, "no/such/dir/s.db"), *file = tu_path(tmp, "afile");
	char *under_file = tu_path(tmp, "afile/s.db");
	struct tu_proc p;

	tu_write(tmp, "afile", "x", -1);
	{
		const char *argv[] = { "taits-audit", "ingest", "--db", missing, src, NULL };
		ck_assert_int_eq(tu_run(&p, argv), 4);
		ck_assert_msg(strstr(p.err, "its directory: no such directory"), "%s", p.err);
		tu_proc_free(&p);
	}
	{
		const char *argv[] = { "taits-audit", "ingest", "--db", under_file, src, NULL };
		ck_assert_int_eq(tu_run(&p, argv), 4);
		ck_assert_msg(strstr(p.err, "its directory: not a directory"), "%s", p.err);
		tu_proc_free(&p);
	}
	ck_assert(!tu_exists(missing));
	/* a directory, or a name ending in '/': refused by every command, and no file of
	 * the directory's name is created (SQLite would make one of "new/") */
	{
		char *slashed = tu_path(tmp, "new/");
		const char *dirs[] = { tmp, slashed };
		for (int i = 0; i < 2; i++) {
			const char *ing[] = { "taits-audit", "ingest", "--db", dirs[i], src, NULL };
			const char *rev[] = { "taits-audit", "review", "--db", dirs[i], "--out",
					      tmp, "--date", "2026-11-26", NULL };
			const char *const *argvs[] = { ing, rev };
			for (int j = 0; j < 2; j++) {
				ck_assert_int_eq(tu_run(&p, argvs[j]), 4);
				ck_assert_msg(strstr(p.err, dirs[i]) &&
						      strstr(p.err, i ? "ends in '/', as a directory's"
								      " name does: the audit store"
								      " is a file"
								    : "names a directory: the audit"
								      " store is a file"),
					      "%s", p.err);
				tu_proc_free(&p);
			}
		}
		char *made = tu_path(tmp, "new");
		ck_assert(!tu_exists(made));
		free(made), free(slashed);
	}
	tu_rmrf(tmp);
	free(tmp), free(src), free(missing), free(file), free(under_file);
}
END_TEST

/* A new store in a directory this user may not write: the directory is there, and the
 * message says what is wrong with it (SQLite's last errno said "no such directory").
 * Run as nobody when the suite runs as root, whom no mode stops. */
START_TEST(test_store_in_a_directory_not_writable)
{
	char *tmp = tu_tmpdir(), *ro = tu_path(tmp, "ro"), *db = tu_path(tmp, "ro/s.db");
	char *bin = tu_path(tmp, "taits-audit"), *bundle = tu_path(tmp, "b");
	size_t n;
	char *image = tu_read(tu_bin(), &n);
	struct tu_proc p;
	const char *as_nobody[] = { "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
				    bin, "ingest", "--db", db, bundle, NULL };
	const char *const *argv = geteuid() == 0 ? as_nobody : as_nobody + 4;

	ck_assert_ptr_nonnull(image);
	tu_write(tmp, "taits-audit", image, (long)n);
	ck_assert_int_eq(chmod(bin, 0755), 0);
	tu_write(bundle, "events.jsonl", "", 0);
	ck_assert_int_eq(mkdir(ro, 0555), 0);
	ck_assert_int_eq(chmod(ro, 0555), 0);
	ck_assert_int_eq(chmod(bundle, 0755), 0);
	ck_assert_int_eq(chmod(tmp, 0755), 0);
	ck_assert_int_eq(tu_run_bin(&p, argv[0][0] == 's' ? "/usr/bin/setpriv" : bin, argv), 4);
	ck_assert_msg(strstr(p.err, "its directory: not writable, so a new store cannot be created"
				    " there") && !strstr(p.err, "no such directory"),
		      "%s", p.err);
	tu_proc_free(&p);
	ck_assert(!tu_exists(db));
	tu_rmrf(tmp);
	free(tmp), free(ro), free(db), free(bin), free(bundle), free(image);
}
END_TEST

START_TEST(test_option_errors)
{
	static const struct {
		const char *argv[8];
		const char *want;
	} cases[] = {
		{ { "taits-audit", "review", "--date" }, "option '--date' needs a value" },
		{ { "taits-audit", "review", "--date", "2026-11-28", "-xh" },
		  "unknown option '-x'" },
		/* an empty value names nothing: --db "" does not fall back to a default */
		{ { "taits-audit", "review", "--date", "2026-11-28", "--db", "" },
		  "option '--db' needs a value, not an empty one" },
		{ { "taits-audit", "review", "--date", "2026-11-28", "--out", "" },
		  "option '--out' needs a value, not an empty one" },
		{ { "taits-audit", "review", "--date", "2026-11-28", "--config", "" },
		  "option '--config' needs a value, not an empty one" },
		{ { "taits-audit", "review", "--date", "2026-11-28", "--db=" },
		  "option '--db' needs a value, not an empty one" },
		/* an option that takes no value, given one, is named as written; an unknown
		 * short option after it is that option, not the word before */
		{ { "taits-audit", "review", "--date", "2026-11-28", "--quiet=yes" },
		  "option '--quiet' takes no value" },
		{ { "taits-audit", "review", "--date", "2026-11-28", "--quiet", "-xy" },
		  "unknown option '-x'" },
		{ { "taits-audit", "review", "--date", "2026-11-28", "--f", "xml" },
		  "option '--f' is ambiguous: --format, --fail-on" },
		{ { "taits-audit", "ingest", "--db", "x.db", "" }, "a PATH argument is empty" },
		/* an option is written whole, however unambiguous a prefix of it */
		{ { "taits-audit", "review", "--dat", "2026-11-28" },
		  "unknown option '--dat' (did you mean '--date'?)" },
		{ { "taits-audit", "review", "--date", "2026-11-28", "--qui" },
		  "unknown option '--qui' (did you mean '--quiet'?)" },
		{ { "taits-audit", "review", "--date", "2026-11-28", "--form=xml" },
		  "unknown option '--form' (did you mean '--format'?)" },
		{ { "taits-audit", "rules", "--d", "x.db" }, "unknown option '--d' (did you mean" },
		/* a long option written with one dash is named whole, not by its first letter
		 * getopt_long does not know (the 'e' of -help, whose 'h' is -h) */
		{ { "taits-audit", "review", "--date", "2026-11-28", "-quiet" },
		  "unknown option '-quiet' (did you mean '--quiet'?)" },
		{ { "taits-audit", "review", "-date=2026-11-28" },
		  "unknown option '-date' (did you mean '--date'?)" },
		{ { "taits-audit", "review", "--date", "2026-11-28", "-help" },
		  "unknown option '-help' (did you mean '--help'?)" },
		/* an option's value is no option: the word at fault is named */
		{ { "taits-audit", "review", "--date", "2026-11-28", "--out", "-quiet", "-quux" },
		  "unknown option '-q' (a path" },
		/* values outside their sets (CLI.md: usage errors) */
		{ { "taits-audit", "review", "--date", "2026-11-28", "--fail-on", "bogus" },
		  "--fail-on 'bogus' is not critical, major or minor" },
		{ { "taits-audit", "review", "--date", "2026-11-28", "--env", "prod" },
		  "--env 'prod' is not local, sim or live" },
		/* a period of 3,661 days: one more than a period may hold */
		{ { "taits-audit", "report", "--from", "2016-11-19", "--to", "2026-11-27" },
		  "--to must be on or after --from, within 3660 days" },
		/* --help with an unknown option is still a usage error (CLI.md) */
		{ { "taits-audit", "review", "--help", "--bogus" }, "unknown option '--bogus'" },
		{ { "taits-audit", "review", "-hx" }, "unknown option '-x'" },
		/* help names one command, --version takes nothing: a stray word is not ignored */
		{ { "taits-audit", "help", "nope" }, "'nope' is not a command" },
		{ { "taits-audit", "help", "review", "ingest" }, "help takes at most one command" },
		{ { "taits-audit", "--version", "extra" }, "--version takes no arguments" },
		/* a value quoted back is one line: a line break and an escape sequence shown */
		{ { "taits-audit", "review", "--date", "x\ny\x1b[31m" },
		  "review: --date 'x\\ny\\x1b[31m' is not a date" },
	};
	struct tu_proc p;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_msg(tu_run(&p, cases[i].argv) == 2, "case %zu: exit %d", i, p.status);
		ck_assert_msg(strstr(p.err, cases[i].want), "case %zu: %s", i, p.err);
		tu_proc_free(&p);
	}
	ck_assert_msg(!tu_exists("x.db"), "an empty PATH made a store");
}
END_TEST

/* The report's messages quote a seq past 2^53 to its last digit, in both languages (the
 * PDF's come from the same model): a double would say 2^53 + 4 for 2^53 + 3. */
START_TEST(test_report_quotes_a_big_seq_whole)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db");
	char *src = tu_src("tests/rules/LOG-SEQ-GAP.violation-seq-beyond-2-53/bundle");
	char *xml = tu_path(tmp, "review-all-2026-11-28.xml");
	const char *fmt[] = { "--format", "xml", NULL };
	struct tu_proc p;
	size_t n;

	ck_assert_int_eq(tu_review(&p, db, tmp, "2026-11-28", src, fmt), 1);
	tu_proc_free(&p);
	char *text = tu_read(xml, &n);
	ck_assert_ptr_nonnull(text);
	ck_assert_msg(strstr(text, "hb seq 9007199254740995 follows seq 9007199254740993 in this"
				   " file</message>") &&
			      strstr(text, "的序號 9007199254740995 接在 9007199254740993 之後") &&
			      strstr(text, "not above seq 9007199254740995, the highest before it"),
		      "%s", text);
	free(text);
	tu_rmrf(tmp);
	free(tmp), free(db), free(src), free(xml);
}
END_TEST

/* `help COMMAND` says what `COMMAND --help` says, on stdout, exit 0; `help help` says what
 * `--help` says. */
START_TEST(test_help_names_a_command)
{
	static const char *const names[] = { "ingest", "review", "report", "unfreeze" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *help[] = { "taits-audit", "help", names[i], NULL };
		const char *flag[] = { "taits-audit", names[i], "--help", NULL };
		struct tu_proc a, b;
		char want[64];

		ck_assert_int_eq(tu_run(&a, help), 0);
		ck_assert_int_eq(tu_run(&b, flag), 0);
		snprintf(want, sizeof(want), "usage: taits-audit %s ", names[i]);
		ck_assert_msg(strstr(a.out, want) == a.out, "%s", a.out);
		ck_assert_str_eq(a.out, b.out);
		tu_proc_free(&a), tu_proc_free(&b);
	}
	/* help's own help is the general usage, as `taits-audit --help` prints it */
	static const char *const selves[] = { "help", "--help", "-h" };
	for (size_t i = 0; i < sizeof(selves) / sizeof(selves[0]); i++) {
		const char *help[] = { "taits-audit", "help", selves[i], NULL };
		const char *flag[] = { "taits-audit", "--help", NULL };
		struct tu_proc a, b;

		ck_assert_int_eq(tu_run(&a, help), 0);
		ck_assert_int_eq(tu_run(&b, flag), 0);
		ck_assert_msg(strstr(a.out, "usage: taits-audit <command>") == a.out, "%s", a.out);
		ck_assert_str_eq(a.out, b.out);
		tu_proc_free(&a), tu_proc_free(&b);
	}
}
END_TEST

/* "--" ends the options: a bundle whose name begins with '-' can be given after it, also
 * after another path (getopt_long moves the "--"), and before it such a word is still an
 * unknown option. A "--" that is an option's value ends nothing, even where getopt stops
 * at the first path (POSIXLY_CORRECT). */
START_TEST(test_double_dash_ends_options)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *bundle = tu_path(tmp, "-day");
	const char *no_dash[] = { "taits-audit", "ingest", "--db", db, "-day", NULL };
	const char *dash[] = { "taits-audit", "ingest", "--db", db, "--", "-day", NULL };
	struct tu_proc p;

	ck_assert_int_eq(chdir(tmp), 0);
	tu_write(bundle, "a.jsonl",
		 "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-28T01:00:00Z\",\"source\":\"s\","
		 "\"seq\":1,\"environment\":\"sim\",\"component\":\"gate\","
		 "\"correlation_id\":\"HB-0000001\",\"status\":\"ok\"}\n", -1);
	ck_assert_int_eq(tu_run(&p, no_dash), 2);
	ck_assert_msg(strstr(p.err, "unknown option '-d' (a path that begins with '-' goes after --)"), "%s", p.err);
	tu_proc_free(&p);
	ck_assert_msg(tu_run(&p, dash) == 0, "exit %d: %s", p.status, p.err);
	tu_proc_free(&p);
	ck_assert_int_eq(tu_db_int(db, "SELECT count(*) FROM record"), 1);
	{
		const char *after_path[] = { "taits-audit", "ingest", "--db", db, "empty", "--",
					     "-day", NULL };
		const char *value[] = { "taits-audit", "ingest", "--db", "--", "empty", "-day",
					NULL };

		ck_assert_int_eq(mkdir("empty", 0755), 0);
		ck_assert_msg(tu_run(&p, after_path) == 0, "exit %d: %s", p.status, p.err);
		tu_proc_free(&p);
		ck_assert_int_eq(setenv("POSIXLY_CORRECT", "1", 1), 0);
		ck_assert_int_eq(tu_run(&p, value), 2);
		ck_assert_msg(strstr(p.err, "unknown option '-day'"), "%s", p.err);
		ck_assert_msg(!tu_exists("--"), "a store named '--' was made");
		tu_proc_free(&p);
		unsetenv("POSIXLY_CORRECT");
	}
	tu_rmrf(tmp);
	free(tmp), free(db), free(bundle);
}
END_TEST

/* --format names each of xml and pdf at most once, with nothing else: "" or "," would
 * write nothing and exit 0, and "xml," or "xml,xml" say something the user did not mean. */
START_TEST(test_format_names_a_format)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db");
	char *src = tu_src("tests/rules/LOG-TS-ORDER.violation/bundle");
	static const char *const bad[] = { "", ",", ",,", "xml,bogus", "xmlx", "xml,",
					   ",pdf", "xml,xml" };
	struct tu_proc p;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *argv[] = { "taits-audit", "review", "--db", db, "--out", tmp,
				       "--date", "2026-11-28", "--format", bad[i], src, NULL };
		ck_assert_msg(tu_run(&p, argv) == 2, "--format '%s': exit %d", bad[i], p.status);
		ck_assert_msg(strstr(p.err, *bad[i] ? "is not xml, pdf or xml,pdf"
					  : "option '--format' needs a value, not an empty one"),
			      "%s", p.err);
		ck_assert_msg(!tu_exists(db), "--format '%s' created the store", bad[i]);
		tu_proc_free(&p);
	}
	{
		char *xml = tu_path(tmp, "review-all-2026-11-28.xml");
		const char *argv[] = { "taits-audit", "review", "--db", db, "--out", tmp,
				       "--date", "2026-11-28", "--format", "pdf,xml", src, NULL };
		ck_assert_int_eq(tu_run(&p, argv), 1);
		ck_assert_msg(tu_exists(xml), "%s", p.err);
		tu_proc_free(&p);
		free(xml);
	}
	tu_rmrf(tmp);
	free(tmp), free(db), free(src);
}
END_TEST

/* An --out given with a trailing '/' names the reports with one '/', on stderr too. */
START_TEST(test_out_with_a_trailing_slash)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db");
	char *src = tu_src("tests/rules/LOG-TS-ORDER.violation/bundle");
	struct buf out = BUF_INIT, want = BUF_INIT;
	struct tu_proc p;

	buf_addf(&out, "%s/reports/", tmp);
	buf_addf(&want, "  report   %sreview-all-2026-11-28.xml\n  report   %s"
			"review-all-2026-11-28.pdf\n", out.data, out.data);
	const char *argv[] = { "taits-audit", "review", "--db", db, "--out", out.data,
			       "--date", "2026-11-28", src, NULL };
	ck_assert_int_eq(tu_run(&p, argv), 1);
	ck_assert_msg(strstr(p.err, want.data), "%s", p.err);
	ck_assert_msg(!strstr(p.err, "//"), "%s", p.err);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	buf_release(&out), buf_release(&want);
	free(tmp), free(db), free(src);
}
END_TEST

/* A --config that cannot be read is a path error (3); a bad one, a configuration error
 * (2); the same for ingest as for the reporting commands. */
START_TEST(test_config_exit_statuses)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *none = tu_path(tmp, "none.yaml");
	char *bad = tu_path(tmp, "bad.yaml");
	char *src = tu_src("tests/rules/LOG-TS-ORDER.violation/bundle");
	const char *configs[] = { none, tmp, bad };
	const int want[] = { 3, 3, 2 };
	struct tu_proc p;

	tu_write(tmp, "bad.yaml", "thresholds: [\n", -1);
	for (int i = 0; i < 3; i++) {
		const char *ingest[] = { "taits-audit", "ingest", "--db", db, "--config", configs[i],
					 src, NULL };
		const char *review[] = { "taits-audit", "review", "--db", db, "--out", tmp,
					 "--date", "2026-11-28", "--config", configs[i], src, NULL };
		ck_assert_msg(tu_run(&p, ingest) == want[i], "ingest --config %s: exit %d: %s",
			      configs[i], p.status, p.err);
		ck_assert_msg(strstr(p.err, "config"), "%s", p.err);
		tu_proc_free(&p);
		ck_assert_msg(tu_run(&p, review) == want[i], "review --config %s: exit %d: %s",
			      configs[i], p.status, p.err);
		tu_proc_free(&p);
		ck_assert_msg(!tu_exists(db), "--config %s: the store was created", configs[i]);
	}
	tu_rmrf(tmp);
	free(tmp), free(db), free(none), free(bad), free(src);
}
END_TEST

/* ---- a period report states each integrity fact once ---- */

/* Two heartbeats of 2026-11-28 with seq 1 and 3: one LOG-SEQ-GAP, on line 2. */
static const char one_day_gap[] =
	"{\"kind\": \"heartbeat\", \"ts\": \"2026-11-28T08:00:00+08:00\", \"source\": \"hb\","
	" \"seq\": 1, \"environment\": \"sim\", \"component\": \"execution\", \"status\": \"ok\"}\n"
	"{\"kind\": \"heartbeat\", \"ts\": \"2026-11-28T08:00:10+08:00\", \"source\": \"hb\","
	" \"seq\": 3, \"environment\": \"sim\", \"component\": \"execution\", \"status\": \"ok\"}\n";

/* The same file spread over two days, the gap on the record of 2026-11-29, and a line that
 * is rejected (line 3): a fact of the file, tied to no record. */
static const char two_day_gap[] =
	"{\"kind\": \"heartbeat\", \"ts\": \"2026-11-28T08:00:00+08:00\", \"source\": \"hb\","
	" \"seq\": 1, \"environment\": \"sim\", \"component\": \"execution\", \"status\": \"ok\"}\n"
	"{\"kind\": \"heartbeat\", \"ts\": \"2026-11-29T08:00:10+08:00\", \"source\": \"hb\","
	" \"seq\": 3, \"environment\": \"sim\", \"component\": \"execution\", \"status\": \"ok\"}\n"
	"not json\n";

/* Beside two_day_gap: another version of its first record (LOG-CONFLICT, the identity of
 * 2026-11-28), and a record of 2026-11-30 that makes this file one of that day too. */
static const char two_day_conflict[] =
	"{\"kind\": \"heartbeat\", \"ts\": \"2026-11-28T08:00:00+08:00\", \"source\": \"hb\","
	" \"seq\": 1, \"environment\": \"sim\", \"component\": \"risk\", \"status\": \"ok\"}\n"
	"{\"kind\": \"heartbeat\", \"ts\": \"2026-11-30T08:00:00+08:00\", \"source\": \"hb2\","
	" \"seq\": 1, \"environment\": \"sim\", \"component\": \"execution\", \"status\": \"ok\"}\n";

/* `report --from 2026-11-28 --to 2026-11-30` into dir (with `bundle` as PATH unless
 * NULL); asserts it exits 1 and validates, and returns the XML opened. */
static struct tu_xml *period_28_30(const char *db, const char *dir, const char *bundle)
{
	const char *args[] = { "report", "--from", "2026-11-28", "--to", "2026-11-30",
			       "--format", "xml", bundle, NULL };
	char *xml = tu_path(dir, "report-all-2026-11-28_2026-11-30.xml");
	struct tu_proc p;
	struct tu_xml *x;

	ck_assert_msg(tu_run_cmd(&p, db, dir, args) == 1, "exit %d: %s", p.status, p.err);
	tu_proc_free(&p);
	ck_assert_msg(tu_report_validates(xml), "%s does not validate", xml);
	x = tu_xml_open(xml);
	free(xml);
	return x;
}

/* The day's row in the period report: "verdict findings". */
static char *day_row(struct tu_xml *x, const char *date)
{
	char *v = tu_xml_get(x, "/period-report/days/day[@date='%s']/@verdict", date);
	char *n = tu_xml_get(x, "/period-report/days/day[@date='%s']/@findings", date);
	struct buf b = BUF_INIT;

	buf_addf(&b, "%s %s", v ? v : "?", n ? n : "?");
	free(v), free(n);
	return buf_detach(&b);
}

static void assert_day(struct tu_xml *x, const char *date, const char *want)
{
	char *got = day_row(x, date);
	ck_assert_msg(!strcmp(got, want), "%s: %s, not %s", date, got, want);
	free(got);
}

/* "day line" of each finding of `rule`, in document order, one per line. */
static char *placed(struct tu_xml *x, const char *rule)
{
	int n = tu_xml_count(x, "/*/findings/finding[@rule='%s']", rule);
	struct buf b = BUF_INIT;

	for (int i = 1; i <= n; i++) {
		char *day = tu_xml_get(x, "(/*/findings/finding[@rule='%s'])[%d]/@day", rule, i);
		char *line = tu_xml_get(x, "(/*/findings/finding[@rule='%s'])[%d]/evidence[1]/@line",
					rule, i);
		buf_addf(&b, "%s %s\n", day ? day : "?", line ? line : "?");
		free(day), free(line);
	}
	return buf_detach(&b);
}

static void assert_placed(struct tu_xml *x, const char *rule, const char *want)
{
	char *got = placed(x, rule);
	ck_assert_msg(!strcmp(got, want), "%s placed at\n%swant\n%s", rule, got, want);
	free(got);
}

/* A file the run ingests is covered by every day of the period, but its gap is one fact:
 * reported once, on the day of its record, and the days without records stay compliant.
 * On one thread, the same bytes. */
START_TEST(test_period_run_file_once)
{
	char *tmp = tu_tmpdir(), *bundle = tu_path(tmp, "b");
	char *out[2] = { tu_path(tmp, "o1"), tu_path(tmp, "o2") };
	char *db[2] = { tu_path(tmp, "s1.db"), tu_path(tmp, "s2.db") };

	tu_write(bundle, "events.jsonl", one_day_gap, -1);
	for (int k = 0; k < 2; k++) {
		setenv("TAITS_AUDIT_THREADS", k ? "1" : "2", 1);
		struct tu_xml *x = period_28_30(db[k], out[k], bundle);
		assert_placed(x, "LOG-SEQ-GAP", "2026-11-28 2\n");
		ck_assert_int_eq(tu_xml_count(x, "/period-report/findings/finding"), 1);
		assert_day(x, "2026-11-28", "non_compliant 1");
		assert_day(x, "2026-11-29", "compliant 0");
		assert_day(x, "2026-11-30", "compliant 0");
		ck_assert_int_eq(tu_xml_count(x, "/period-report/rule-counts/rule[@id='LOG-SEQ-GAP']"
					      "/day[@findings > 0]"), 1);
		tu_xml_close(x);
	}
	unsetenv("TAITS_AUDIT_THREADS");
	same_file(out[0], out[1], "report-all-2026-11-28_2026-11-30.xml", "two threads and one");
	tu_rmrf(tmp);
	free(tmp), free(bundle), free(out[0]), free(out[1]), free(db[0]), free(db[1]);
}
END_TEST

/* A record found in two files, one of which also holds a record of the day before: its
 * fact is one finding of the period, on its own day, whichever day covers which file. */
START_TEST(test_period_copy_in_another_days_file)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *a = tu_path(tmp, "a"),
	     *b = tu_path(tmp, "b"), *xml;
	struct tu_proc p;
	struct tu_xml *x;

	tu_write(a, "a.jsonl", one_day_gap, -1);
	struct buf archive = BUF_INIT;
	buf_adds(&archive,
		 "{\"kind\": \"heartbeat\", \"ts\": \"2026-11-27T08:00:00+08:00\", \"source\":"
		 " \"hby\", \"seq\": 1, \"environment\": \"sim\", \"component\": \"execution\","
		 " \"status\": \"ok\"}\n");
	buf_adds(&archive, one_day_gap);
	tu_write(b, "b.jsonl", archive.data, -1);
	buf_release(&archive);
	const char *ing_a[] = { "ingest", a, NULL }, *ing_b[] = { "ingest", b, NULL };
	ck_assert_msg(tu_run_cmd(&p, db, NULL, ing_a) == 0, "%s", p.err);
	tu_proc_free(&p);
	ck_assert_msg(tu_run_cmd(&p, db, NULL, ing_b) == 0, "%s", p.err);
	tu_proc_free(&p);
	const char *period[] = { "report", "--from", "2026-11-27", "--to", "2026-11-28",
				 "--format", "xml", NULL };
	ck_assert_int_eq(tu_run_cmd(&p, db, tmp, period), 1);
	tu_proc_free(&p);
	xml = tu_path(tmp, "report-all-2026-11-27_2026-11-28.xml");
	x = tu_xml_open(xml);
	ck_assert_int_eq(tu_xml_count(x, "//finding[@rule = 'LOG-SEQ-GAP']"), 1);
	/* the record in both files, and in each the line before it, for context */
	ck_assert_int_eq(tu_xml_count(x, "//finding[@rule = 'LOG-SEQ-GAP' and @day = '2026-11-28']"
					 "/evidence[not(@context)]"), 2);
	ck_assert_int_eq(tu_xml_count(x, "//finding[@rule = 'LOG-SEQ-GAP' and @day = '2026-11-28']"
					 "/evidence[@context = 'true']"), 2);
	tu_xml_close(x);
	tu_rmrf(tmp);
	free(tmp), free(db), free(a), free(b), free(xml);
}
END_TEST

/* A file with records of two days: its gap goes to the day of the record it is on, its
 * rejected line to the first day that covers the file, and a conflict with a file of
 * 2026-11-28 and 2026-11-30 to the day of its identity, each once, whether the report
 * ingests the files or reads them from the store. */
START_TEST(test_period_fact_on_its_record_day)
{
	char *tmp = tu_tmpdir(), *bundle = tu_path(tmp, "b");
	char *out[2] = { tu_path(tmp, "o1"), tu_path(tmp, "o2") };
	char *db[2] = { tu_path(tmp, "s1.db"), tu_path(tmp, "s2.db") };
	struct tu_proc p;

	tu_write(bundle, "events.jsonl", two_day_gap, -1);
	tu_write(bundle, "more.jsonl", two_day_conflict, -1);
	const char *ingest[] = { "ingest", bundle, NULL };
	ck_assert_int_eq(tu_run_cmd(&p, db[1], NULL, ingest), 0);
	tu_proc_free(&p);
	for (int k = 0; k < 2; k++) {
		/* k 0: the report ingests the bundle; k 1: the report of the store */
		struct tu_xml *x = period_28_30(db[k], out[k], k ? NULL : bundle);
		assert_placed(x, "LOG-SEQ-GAP", "2026-11-29 2\n");
		assert_placed(x, "LOG-REJECTED", "2026-11-28 3\n");
		assert_placed(x, "LOG-CONFLICT", "2026-11-28 1\n");
		ck_assert_int_eq(tu_xml_count(x, "/period-report/findings/finding"), 3);
		assert_day(x, "2026-11-28", "non_compliant 2");
		assert_day(x, "2026-11-29", "non_compliant 1");
		assert_day(x, "2026-11-30", "compliant 0");
		tu_xml_close(x);
	}
	tu_rmrf(tmp);
	free(tmp), free(bundle), free(out[0]), free(out[1]), free(db[0]), free(db[1]);
}
END_TEST

/* A period of small days and one busy one (a generated day of 1,000 orders, 6,000 records
 * and more): the busy day's rules go to both threads, the second connection placing the
 * period's facts only then, and the report is the bytes of one thread's. */
START_TEST(test_period_busy_day_same_bytes)
{
	char *tmp = tu_tmpdir(), *gen_dir = tu_path(tmp, "g"), *bad = tu_src("samples/bad-day");
	const char *gen[] = { "gen_day", "--orders", "1000", "--date", "2026-11-26",
			      "--seed", "2", gen_dir, NULL };
	char *db = tu_path(tmp, "s.db"), *xml[2];
	struct tu_proc p;

	ck_assert_msg(tu_run_bin(&p, tu_gen_day(), gen) == 0, "gen_day: %s", p.err);
	tu_proc_free(&p);
	/* a file of the busy day and the next, its gap on the next: reported there alone */
	char *two = tu_path(tmp, "two");
	tu_write(two, "hb.jsonl",
		 "{\"kind\": \"heartbeat\", \"ts\": \"2026-11-26T08:00:00+08:00\", \"source\":"
		 " \"hb-x\", \"seq\": 1, \"environment\": \"sim\", \"component\": \"risk\","
		 " \"status\": \"ok\"}\n"
		 "{\"kind\": \"heartbeat\", \"ts\": \"2026-11-27T08:00:10+08:00\", \"source\":"
		 " \"hb-x\", \"seq\": 3, \"environment\": \"sim\", \"component\": \"risk\","
		 " \"status\": \"ok\"}\n", -1);
	const char *ingest[] = { "ingest", gen_dir, bad, two, NULL };
	ck_assert_int_eq(tu_run_cmd(&p, db, NULL, ingest), 0);
	tu_proc_free(&p);
	for (int k = 0; k < 2; k++) {
		char out[16];
		snprintf(out, sizeof(out), "o%d", k);
		char *dir = tu_path(tmp, out);
		const char *args[] = { "report", "--from", "2026-11-25", "--to", "2026-11-28",
				       "--format", "xml", NULL };
		if (k)
			setenv("TAITS_AUDIT_THREADS", "1", 1);
		else
			setenv("TAITS_AUDIT_TIMING", "1", 1);
		ck_assert_int_eq(tu_run_cmd(&p, db, dir, args), 1);
		unsetenv("TAITS_AUDIT_THREADS");
		unsetenv("TAITS_AUDIT_TIMING");
		/* the second thread ran, on the busy day alone */
		if (!k)
			ck_assert_msg(strstr(p.err, "rules.second-thread") &&
					      strstr(p.err, "s (1)"),
				      "%s", p.err);
		tu_proc_free(&p);
		xml[k] = tu_path(dir, "report-all-2026-11-25_2026-11-28.xml");
		free(dir);
	}
	size_t n[2];
	char *a = tu_read(xml[0], &n[0]), *b = tu_read(xml[1], &n[1]);
	ck_assert_msg(a && b && n[0] == n[1] && !memcmp(a, b, n[0]),
		      "two threads and one give other bytes");
	struct tu_xml *x = tu_xml_open(xml[0]);
	ck_assert_int_eq(tu_xml_count(x, "//finding[@rule='LOG-SEQ-GAP'][@day='2026-11-27']"
					 "/evidence[@file='hb.jsonl']"),
			 2);
	ck_assert_int_eq(tu_xml_count(x, "//finding[@day='2026-11-26']/evidence[@file='hb.jsonl']"),
			 0);
	tu_xml_close(x);
	free(a), free(b), free(xml[0]), free(xml[1]);
	tu_rmrf(tmp);
	free(tmp), free(gen_dir), free(bad), free(db), free(two);
}
END_TEST

/* A fact on a checklist's line, and a conflict of its versions, go to the day of its
 * `date`, as the checklist does (a waiver's expiry is judged against that day), not to
 * the day it was completed on. */
START_TEST(test_period_checklist_fact_on_its_date)
{
	char *tmp = tu_tmpdir(), *bundle = tu_path(tmp, "b"), *out = tu_path(tmp, "o");
	char *db = tu_path(tmp, "s.db");
	static const char items[] =
		"\"items\": {\"environment_confirmed\": \"pass\", \"run_mode_declared\": \"pass\","
		" \"risk_compliance_normal\": \"pass\", \"governance_gate_available\": \"pass\","
		" \"kill_switch_test_passed\": \"pass\", \"audit_log_writable\": \"pass\"}";
	struct buf lines = BUF_INIT;

	buf_addf(&lines,
		 "{\"kind\": \"checklist\", \"checklist_id\": \"CHK-SIM-1128\", \"date\":"
		 " \"2026-11-28\", \"environment\": \"sim\", \"run_mode\": \"observe_only\","
		 " \"operator\": \"a\", \"completed_at\": \"2026-11-28T07:00:00+08:00\", %s,"
		 " \"prev_sha256\": \"%064d\"}\n",
		 items, 0);
	/* dated the 30th, completed the evening before; its link is broken */
	buf_addf(&lines,
		 "{\"kind\": \"checklist\", \"checklist_id\": \"CHK-SIM-1130\", \"date\":"
		 " \"2026-11-30\", \"environment\": \"sim\", \"run_mode\": \"observe_only\","
		 " \"operator\": \"a\", \"completed_at\": \"2026-11-29T20:00:00+08:00\", %s,"
		 " \"prev_sha256\": \"%064d\"}\n",
		 items, 1);
	tu_write(bundle, "checklists.jsonl", lines.data, -1);
	/* and filed again by another operator: the conflict falls on its date too */
	buf_reset(&lines);
	buf_addf(&lines,
		 "{\"kind\": \"checklist\", \"checklist_id\": \"CHK-SIM-1130\", \"date\":"
		 " \"2026-11-30\", \"environment\": \"sim\", \"run_mode\": \"observe_only\","
		 " \"operator\": \"b\", \"completed_at\": \"2026-11-29T20:00:00+08:00\", %s}\n",
		 items);
	tu_write(bundle, "refiled.jsonl", lines.data, -1);
	struct tu_xml *x = period_28_30(db, out, bundle);
	assert_placed(x, "LOG-HASH-CHAIN", "2026-11-30 2\n");
	ck_assert_int_eq(tu_xml_count(x, "//finding[@rule = 'LOG-CONFLICT' and @day = '2026-11-30']"),
			 1);
	ck_assert_int_eq(tu_xml_count(x, "/period-report/findings/finding"), 2);
	assert_day(x, "2026-11-29", "compliant 0");
	assert_day(x, "2026-11-30", "non_compliant 2");
	tu_xml_close(x);
	buf_release(&lines);
	tu_rmrf(tmp);
	free(tmp), free(bundle), free(out), free(db);
}
END_TEST

/* The nightly review is not a period: a review of day D reports the LOG-* findings of
 * every file that the run ingested or that holds a record of D (RULES.md), whatever day
 * the record they are on falls on. */
/* A review of a stored day (ingest first, review later) cites records of other days,
 * the document lock in force among them: every file a finding cites is listed as an
 * input with its SHA-256, in the review as in a period report. */
/* local trades without ever declaring a mode; sim declares one at 08:00; live only
 * decides. The timeline shows local and live undeclared all day, as the execution summary
 * shows local's row. */
START_TEST(test_timeline_undeclared_environment)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *b = tu_path(tmp, "b"), *xml;
	struct tu_proc p;
	struct tu_xml *x;

	tu_write(b, "local.jsonl",
		 "{\"kind\": \"execution\", \"ts\": \"2026-12-08T10:00:00+08:00\", \"source\":"
		 " \"exec-local\", \"seq\": 1, \"environment\": \"local\", \"deployment_id\":"
		 " \"DEP-L\", \"correlation_id\": \"FLOW-20261208-0001\", \"event\": \"submit\","
		 " \"order_id\": \"O1\", \"symbol\": \"2330\", \"side\": \"buy\", \"qty\": 1,"
		 " \"route\": \"simulated\"}\n", -1);
	/* and one without an environment: no timeline of its own (DO-2.1 reports it) */
	tu_write(b, "nolabel.jsonl",
		 "{\"kind\": \"execution\", \"ts\": \"2026-12-08T10:05:00+08:00\", \"source\":"
		 " \"exec-x\", \"seq\": 1, \"deployment_id\": \"DEP-L\", \"correlation_id\":"
		 " \"FLOW-20261208-0002\", \"event\": \"submit\", \"order_id\": \"O2\","
		 " \"symbol\": \"2330\", \"side\": \"buy\", \"qty\": 1, \"route\": \"simulated\"}\n",
		 -1);
	tu_write(b, "sim.jsonl",
		 "{\"kind\": \"mode_change\", \"ts\": \"2026-12-08T08:00:00+08:00\", \"source\":"
		 " \"ops\", \"seq\": 1, \"environment\": \"sim\", \"deployment_id\": \"DEP-S\","
		 " \"from\": null, \"to\": \"observe_only\", \"actor\": \"a\"}\n", -1);
	/* live never declared a mode, and only decided: undeclared all day too */
	tu_write(b, "live.jsonl",
		 "{\"kind\": \"decision\", \"ts\": \"2026-12-08T09:00:00+08:00\", \"source\":"
		 " \"desk\", \"seq\": 1, \"environment\": \"live\", \"correlation_id\":"
		 " \"FLOW-20261208-0003\", \"decision\": \"approve\", \"decided_by\": \"p\"}\n", -1);
	const char *extra[] = { "--format", "xml", NULL };
	ck_assert_int_eq(tu_review(&p, db, tmp, "2026-12-08", b, extra), 1);
	tu_proc_free(&p);
	xml = tu_path(tmp, "review-all-2026-12-08.xml");
	x = tu_xml_open(xml);
	ck_assert_int_eq(tu_xml_count(x, "//execution-summary/row[@environment = 'local']"), 1);
	ck_assert_int_eq(tu_xml_count(x, "//run-mode-timeline/span[@environment = 'local' and"
					 " @mode = 'undeclared' and @from = '2026-12-08T00:00:00+08:00'"
					 " and @to = '2026-12-09T00:00:00+08:00']"), 1);
	ck_assert_int_eq(tu_xml_count(x, "//run-mode-timeline/span[@environment = 'live' and"
					 " @mode = 'undeclared' and @from = '2026-12-08T00:00:00+08:00'"
					 " and @to = '2026-12-09T00:00:00+08:00']"), 1);
	ck_assert_int_eq(tu_xml_count(x, "//run-mode-timeline/span"), 4);
	/* by environment: live, local, sim */
	char *first = tu_xml_get(x, "string(//run-mode-timeline/span[1]/@environment)");
	char *second = tu_xml_get(x, "string(//run-mode-timeline/span[2]/@environment)");
	ck_assert_str_eq(first, "live");
	ck_assert_str_eq(second, "local");
	free(first), free(second);
	tu_xml_close(x);
	ck_assert_msg(tu_report_validates(xml), "the review does not validate");
	tu_rmrf(tmp);
	free(tmp), free(db), free(b), free(xml);
}
END_TEST

/* The timeline and the execution summary show each mode as the rules read it: one
 * written in another case as the mode it names, a mode change to no run mode as
 * undeclared from then on. */
START_TEST(test_timeline_shows_modes_as_read)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *b = tu_path(tmp, "b"), *xml;
	struct tu_proc p;
	struct tu_xml *x;

	tu_write(b, "sim.jsonl",
		 "{\"kind\": \"mode_change\", \"ts\": \"2026-12-08T08:00:00+08:00\", \"source\":"
		 " \"ops\", \"seq\": 1, \"environment\": \"sim\", \"deployment_id\": \"DEP-S\","
		 " \"from\": null, \"to\": \"Disabled\", \"actor\": \"a\"}\n"
		 "{\"kind\": \"mode_change\", \"ts\": \"2026-12-08T10:00:00+08:00\", \"source\":"
		 " \"ops\", \"seq\": 2, \"environment\": \"sim\", \"deployment_id\": \"DEP-S\","
		 " \"from\": \"disabled\", \"to\": \"paused\", \"actor\": \"a\"}\n"
		 "{\"kind\": \"execution\", \"ts\": \"2026-12-08T11:00:00+08:00\", \"source\":"
		 " \"exec-sim\", \"seq\": 1, \"environment\": \"sim\", \"deployment_id\":"
		 " \"DEP-S\", \"correlation_id\": \"FLOW-20261208-0001\", \"event\": \"fill\","
		 " \"order_id\": \"O1\", \"symbol\": \"2330\", \"side\": \"buy\", \"qty\": 1,"
		 " \"route\": \"simulated\"}\n", -1);
	const char *extra[] = { "--format", "xml", NULL };
	ck_assert_int_eq(tu_review(&p, db, tmp, "2026-12-08", b, extra), 1);
	tu_proc_free(&p);
	xml = tu_path(tmp, "review-all-2026-12-08.xml");
	x = tu_xml_open(xml);
	ck_assert_int_eq(tu_xml_count(x, "//run-mode-timeline/span[@environment = 'sim' and"
					 " @mode = 'disabled' and @from = '2026-12-08T08:00:00+08:00'"
					 " and @to = '2026-12-08T10:00:00+08:00']"), 1);
	ck_assert_int_eq(tu_xml_count(x, "//run-mode-timeline/span[@environment = 'sim' and"
					 " @mode = 'undeclared' and @from = '2026-12-08T10:00:00+08:00']"),
			 1);
	ck_assert_int_eq(tu_xml_count(x, "//run-mode-timeline/span[@mode = 'paused' or"
					 " @mode = 'Disabled']"), 0);
	ck_assert_int_eq(tu_xml_count(x, "//execution-summary/row[@environment = 'sim' and"
					 " @mode = 'undeclared']"), 1);
	ck_assert_int_eq(tu_xml_count(x, "//execution-summary/row[@mode = 'paused']"), 0);
	tu_xml_close(x);
	ck_assert_msg(tu_report_validates(xml), "the review does not validate");
	tu_rmrf(tmp);
	free(tmp), free(db), free(b), free(xml);
}
END_TEST

/* U+FFFE and U+FFFF are valid UTF-8 but no XML 1.0 characters: from a record (escaped
 * or as bytes) or from the tailoring file, they must not make the report ill-formed. */
START_TEST(test_noncharacters_keep_the_xml_well_formed)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *b = tu_path(tmp, "b"), *xml, *x;
	char *cfg = tu_path(tmp, "t.yaml");
	struct tu_proc p;

	tu_write(b, "inc.jsonl",
		 "{\"kind\":\"incident\",\"incident_id\":\"INC-U\",\"environment\":\"live\","
		 "\"type\":\"t \xEF\xBF\xBE\",\"grade\":\"minor\","
		 "\"occurred_at\":\"2026-05-04T10:00:00+08:00\",\"scope\":\"x \\uffff y\","
		 "\"correlation_ids\":[\"CID-U-000001\"],\"actions\":["
		 "{\"step\":\"stop\",\"at\":\"2026-05-04T10:00:00+08:00\",\"by\":\"a\"},"
		 "{\"step\":\"stabilize\",\"at\":\"2026-05-04T10:00:00+08:00\",\"by\":\"a\"},"
		 "{\"step\":\"record\",\"at\":\"2026-05-04T10:00:00+08:00\",\"by\":\"a\"}]}\n",
		 -1);
	tu_write(tmp, "t.yaml",
		 "waivers:\n  - rule: DO-6.4-DANGLING-CID\n    match: {}\n"
		 "    reason: \"a\\uFFFEb\"\n    approved_by: gov.lee\n    expires: 2026-12-31\n", -1);
	const char *extra[] = { "--format", "xml", "--config", cfg, NULL };
	tu_review(&p, db, tmp, "2026-05-04", b, extra);
	ck_assert_msg(p.status == 0 || p.status == 1, "exit %d\n%s", p.status, p.err);
	tu_proc_free(&p);
	xml = tu_path(tmp, "review-all-2026-05-04.xml");
	ck_assert_msg(tu_report_validates(xml), "the review does not validate");
	x = tu_read(xml, NULL);
	ck_assert_msg(!strstr(x, "\xEF\xBF\xBE") && !strstr(x, "\xEF\xBF\xBF"), "%s", x);
	ck_assert_msg(strstr(x, "x \xEF\xBF\xBD y") && strstr(x, "a\xEF\xBF\xBD" "b"), "%s", x);
	free(x);
	tu_rmrf(tmp);
	free(tmp), free(db), free(b), free(xml), free(cfg);
}
END_TEST

/* Local and sim number their alerts alike: local resolving its ALT-0001 leaves sim's
 * ALT-0001, CRITICAL and open, in the day's unresolved alerts, with its own first time. */
START_TEST(test_unresolved_alerts_per_environment)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *xml, *extra = tu_path(tmp, "extra");
	char *b = tu_src("tests/rules/DO-5.3-CRITICAL-KILL.violation-same-id-other-env/bundle");
	struct tu_proc p;

	tu_write(extra, "resolved.jsonl",
		 "{\"kind\": \"alert\", \"ts\": \"2026-11-28T11:00:00+08:00\", \"source\":"
		 " \"monitor-local\", \"seq\": 2, \"environment\": \"local\", \"alert_id\":"
		 " \"ALT-0001\", \"severity\": \"CRITICAL\", \"component\": \"execution\","
		 " \"message\": \"local order loop stalled\", \"correlation_id\":"
		 " \"KS-LOCAL-20261128\", \"status\": \"resolved\"}\n", -1);
	const char *args[] = { "taits-audit", "review", "--db", db, "--out", tmp, "--format", "xml",
			       "--date", "2026-11-28", b, extra, NULL };
	ck_assert_int_eq(tu_run(&p, args), 1);
	tu_proc_free(&p);
	xml = tu_path(tmp, "review-all-2026-11-28.xml");
	struct tu_xml *x = tu_xml_open(xml);
	ck_assert_int_eq(tu_xml_count(x, "//unresolved-alerts/alert"), 1);
	ck_assert_int_eq(tu_xml_count(x, "//unresolved-alerts/alert[@id='ALT-0001']"
				      "[@environment='sim'][@first-at='2026-11-28T10:00:00+08:00']"), 1);
	tu_xml_close(x);
	tu_rmrf(tmp);
	free(tmp), free(db), free(xml), free(extra), free(b);
}
END_TEST

/* A checklist falls on its date (interpretation.md): one for the 27th completed the
 * evening before is a record of the 27th, counted in its day-records and giving live its
 * lane in that day's picture, and no record of the 26th. */
START_TEST(test_checklist_counts_on_its_date)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *b = tu_path(tmp, "b");
	static const char *const days[] = { "2026-11-26", "2026-11-27" };
	struct tu_proc p;

	tu_write(b, "checklist.yaml",
		 "kind: checklist\nchecklist_id: CHK-LIVE-20261127\ndate: 2026-11-27\n"
		 "environment: live\nrun_mode: observe_only\noperator: ops.lin\n"
		 "completed_at: 2026-11-26T21:00:00+08:00\nitems:\n"
		 "  environment_confirmed: pass\n  run_mode_declared: pass\n"
		 "  risk_compliance_normal: pass\n  governance_gate_available: pass\n"
		 "  kill_switch_test_passed: pass\n  audit_log_writable: pass\n",
		 -1);
	const char *ingest[] = { "ingest", b, NULL };
	ck_assert_int_eq(tu_run_cmd(&p, db, NULL, ingest), 0);
	tu_proc_free(&p);
	for (int k = 0; k < 2; k++) {
		const char *extra[] = { "--format", "xml", NULL };
		struct buf name = BUF_INIT;
		ck_assert_int_eq(tu_review(&p, db, tmp, days[k], NULL, extra), 0);
		tu_proc_free(&p);
		buf_addf(&name, "review-all-%s.xml", days[k]);
		char *xml = tu_path(tmp, name.data);
		struct tu_xml *x = tu_xml_open(xml);
		ck_assert_int_eq(tu_xml_count(x, "//summary[@day-records='%d']", k), 1);
		ck_assert_int_eq(tu_xml_count(x, "//run-mode-timeline/span[@environment='live']"), k);
		tu_xml_close(x);
		free(xml);
		buf_release(&name);
	}
	tu_rmrf(tmp);
	free(tmp), free(db), free(b);
}
END_TEST

/* An alert with no alert_id is an alert of its own (interpretation.md), as the rules judge
 * it: open at the day's end, it is listed as unresolved, by its record; two of them are two
 * alerts, and one whose record says resolved is not listed. */
START_TEST(test_unresolved_alert_without_id)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *xml, *b = tu_path(tmp, "b");
	struct tu_proc p;

	tu_write(b, "alerts.jsonl",
		 "{\"kind\": \"alert\", \"ts\": \"2026-11-28T11:00:00+08:00\", \"source\":"
		 " \"mon\", \"seq\": 1, \"environment\": \"sim\", \"severity\": \"CRITICAL\","
		 " \"component\": \"execution\", \"message\": \"stalled\", \"correlation_id\":"
		 " \"MON-20261128-1\", \"status\": \"open\"}\n"
		 "{\"kind\": \"alert\", \"ts\": \"2026-11-28T11:05:00+08:00\", \"source\":"
		 " \"mon\", \"seq\": 2, \"environment\": \"sim\", \"severity\": \"WARN\","
		 " \"component\": \"risk\", \"message\": \"slow\", \"correlation_id\":"
		 " \"MON-20261128-2\", \"status\": \"open\"}\n"
		 "{\"kind\": \"alert\", \"ts\": \"2026-11-28T11:10:00+08:00\", \"source\":"
		 " \"mon\", \"seq\": 3, \"environment\": \"sim\", \"severity\": \"WARN\","
		 " \"component\": \"risk\", \"message\": \"back\", \"correlation_id\":"
		 " \"MON-20261128-3\", \"status\": \"resolved\"}\n"
		 /* an alert whose ID reads as the first one's record: another alert */
		 "{\"kind\": \"alert\", \"ts\": \"2026-11-28T11:15:00+08:00\", \"source\":"
		 " \"other\", \"seq\": 1, \"environment\": \"sim\", \"alert_id\": \"mon#1\","
		 " \"severity\": \"WARN\", \"component\": \"risk\", \"message\": \"named\","
		 " \"correlation_id\": \"MON-20261128-4\", \"status\": \"open\"}\n",
		 -1);
	const char *args[] = { "taits-audit", "review", "--db", db, "--out", tmp, "--format", "xml",
			       "--date", "2026-11-28", b, NULL };
	ck_assert_int_eq(tu_run(&p, args), 1);
	tu_proc_free(&p);
	xml = tu_path(tmp, "review-all-2026-11-28.xml");
	ck_assert_msg(tu_report_validates(xml), "%s does not validate", xml);
	struct tu_xml *x = tu_xml_open(xml);
	ck_assert_int_eq(tu_xml_count(x, "//unresolved-alerts/alert"), 3);
	ck_assert_int_eq(tu_xml_count(x, "//unresolved-alerts/alert[@id='mon#1'][not(@record)]"), 1);
	ck_assert_int_eq(tu_xml_count(x, "//unresolved-alerts/alert[@record='mon#1'][not(@id)]"
				      "[@severity='CRITICAL'][@file='alerts.jsonl'][@line='1']"), 1);
	ck_assert_int_eq(tu_xml_count(x, "//unresolved-alerts/alert[@record='mon#2'][not(@id)]"
				      "[@severity='WARN'][@line='2']"), 1);
	tu_xml_close(x);
	tu_rmrf(tmp);
	free(tmp), free(db), free(xml), free(b);
}
END_TEST

/* An order event contradicting an order ID reused by 130 submits (each its own correlation
 * ID) cites the first 100 submits, earliest first, and names the first 20 of their IDs,
 * then how many more; an event of an order of 3 submits cites and names them all. */
START_TEST(test_orphan_event_of_a_reused_order)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *src = tu_path(tmp, "b"), *xml;
	struct buf b = BUF_INIT;
	struct tu_proc p;
	struct tu_xml *x;
	char *msg, *first, *last;

	for (int i = 0; i < 133; i++)
		buf_addf(&b, "{\"kind\":\"execution\",\"ts\":\"2026-11-28T10:%02d:%02d+08:00\","
			     "\"source\":\"oms\",\"seq\":%d,\"environment\":\"sim\","
			     "\"deployment_id\":\"D\",\"correlation_id\":\"FLOW-20261128-%04d\","
			     "\"event\":\"submit\",\"order_id\":\"%s\",\"symbol\":\"2330\","
			     "\"side\":\"buy\",\"qty\":1,\"route\":\"simulated\"}\n",
			 i / 60, i % 60, i + 1, i, i < 130 ? "O-REUSED" : "O-SMALL");
	tu_write(src, "oms.jsonl", b.data, (long)b.len);
	buf_reset(&b);
	buf_adds(&b, "{\"kind\":\"execution\",\"ts\":\"2026-11-28T11:00:00+08:00\","
		     "\"source\":\"broker\",\"seq\":1,\"environment\":\"sim\",\"deployment_id\":\"D\","
		     "\"correlation_id\":\"FLOW-20261128-9999\",\"event\":\"ack\","
		     "\"order_id\":\"O-REUSED\",\"symbol\":\"2330\",\"side\":\"buy\",\"qty\":1,"
		     "\"route\":\"simulated\"}\n"
		     "{\"kind\":\"execution\",\"ts\":\"2026-11-28T11:00:01+08:00\","
		     "\"source\":\"broker\",\"seq\":2,\"environment\":\"sim\",\"deployment_id\":\"D\","
		     "\"correlation_id\":\"FLOW-20261128-9998\",\"event\":\"ack\","
		     "\"order_id\":\"O-SMALL\",\"symbol\":\"2330\",\"side\":\"buy\",\"qty\":1,"
		     "\"route\":\"simulated\"}\n");
	tu_write(src, "broker.jsonl", b.data, (long)b.len);
	buf_release(&b);
	const char *args[] = { "taits-audit", "review", "--db", db, "--out", tmp, "--format", "xml",
			       "--date", "2026-11-28", src, NULL };
	ck_assert_int_eq(tu_run(&p, args), 1);
	tu_proc_free(&p);
	xml = tu_path(tmp, "review-all-2026-11-28.xml");
	x = tu_xml_open(xml);
	ck_assert_int_eq(tu_xml_count(x, "//finding[@rule='LINK-ORPHAN-EVENT']"), 2);
	/* the ack, then the submits */
	ck_assert_int_eq(tu_xml_count(x, "//finding[@rule='LINK-ORPHAN-EVENT']"
				      "[evidence[1][@file='broker.jsonl'][@line='1']]/evidence"), 101);
	first = tu_xml_get(x, "//finding[@rule='LINK-ORPHAN-EVENT'][evidence[1][@file='broker.jsonl'][@line='1']]"
			      "/evidence[2]/@line");
	last = tu_xml_get(x, "//finding[@rule='LINK-ORPHAN-EVENT'][evidence[1][@file='broker.jsonl'][@line='1']]"
			     "/evidence[101]/@line");
	ck_assert_str_eq(first, "1");
	ck_assert_str_eq(last, "100");
	msg = tu_xml_get(x, "//finding[@rule='LINK-ORPHAN-EVENT'][evidence[1][@file='broker.jsonl'][@line='1']]"
			    "/message[@lang='en']");
	ck_assert_msg(strstr(msg, "submits: FLOW-20261128-0000, FLOW-20261128-0001,") &&
			      strstr(msg, "FLOW-20261128-0019, … (+110))") &&
			      !strstr(msg, "FLOW-20261128-0020"),
		      "%s", msg);
	free(msg), free(first), free(last);
	ck_assert_int_eq(tu_xml_count(x, "//finding[@rule='LINK-ORPHAN-EVENT']"
				      "[evidence[1][@file='broker.jsonl'][@line='2']]/evidence"), 4);
	msg = tu_xml_get(x, "//finding[@rule='LINK-ORPHAN-EVENT'][evidence[1][@file='broker.jsonl'][@line='2']]"
			    "/message[@lang='en']");
	ck_assert_msg(strstr(msg, "submits: FLOW-20261128-0130, FLOW-20261128-0131, "
				  "FLOW-20261128-0132)"),
		      "%s", msg);
	free(msg);
	tu_xml_close(x);
	ck_assert(tu_report_validates(xml));
	tu_rmrf(tmp);
	free(tmp), free(db), free(src), free(xml);
}
END_TEST

/* A kill switch whose action is `activate` in another case is read as an activation by
 * the rules (it halts, and needs an incident), and so by the day's picture and its
 * execution summary: the report said 0 activations and drew no marker for the record a
 * DO-7.3-HALT finding cited. */
START_TEST(test_activation_written_otherwise_is_shown)
{
	char *tmp = tu_tmpdir(), *xml;
	struct tu_proc p;
	struct tu_xml *x;

	review(tmp, "tests/rules/DO-7.3-HALT.violation-activate-written/bundle", "2026-11-28", NULL,
	       NULL, &xml, &p);
	tu_proc_free(&p);
	x = tu_xml_open(xml);
	ck_assert_int_eq(tu_xml_count(x, "//finding[@rule='DO-7.3-HALT']"), 1);
	ck_assert_int_eq(tu_xml_count(x, "//marker[@kind='kill_switch_activate']"
					 "[@file='killswitch.jsonl']"), 1);
	ck_assert_int_eq(tu_xml_count(x, "//row[@environment='live']"
					 "[@kill-switch-activations='1']"), 1);
	tu_xml_close(x);
	tu_rmrf(tmp);
	free(tmp), free(xml);
}
END_TEST

/* An unresolved alert whose latest record is below CRITICAL after a CRITICAL one (at an
 * earlier instant, or at the same one from the same source with the next seq) says it
 * was CRITICAL, as DO-5.3-NO-DOWNGRADE reads a downgrade; one re-recorded at the same
 * instant by another source, or CRITICAL in another environment only, does not. Two
 * sources at the alert's latest instant are both its latest: one's `resolved` does not
 * hide the other's open CRITICAL record. */
/* An alert CRITICAL before and re-recorded with a severity that is no severity of the
 * contract (ERROR), or with none, was CRITICAL all the same: the list marks it so, and
 * page one counts it among those CRITICAL now or before. */
START_TEST(test_unresolved_alerts_was_critical_whatever_follows)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *b = tu_path(tmp, "b"), *xml;
	struct tu_proc p;
	struct tu_xml *x;

	tu_write(b, "alerts.jsonl",
		 "{\"kind\":\"alert\",\"ts\":\"2026-11-28T10:00:00+08:00\",\"source\":\"mon\","
		 "\"seq\":1,\"environment\":\"sim\",\"alert_id\":\"ALR-1\",\"severity\":\"CRITICAL\","
		 "\"component\":\"execution\",\"message\":\"m\",\"correlation_id\":\"FLOW-00000001\","
		 "\"status\":\"open\"}\n"
		 "{\"kind\":\"alert\",\"ts\":\"2026-11-28T10:00:00+08:00\",\"source\":\"mon\","
		 "\"seq\":2,\"environment\":\"sim\",\"alert_id\":\"ALR-2\",\"severity\":\"CRITICAL\","
		 "\"component\":\"execution\",\"message\":\"m\",\"correlation_id\":\"FLOW-00000002\","
		 "\"status\":\"open\"}\n"
		 "{\"kind\":\"alert\",\"ts\":\"2026-11-28T10:05:00+08:00\",\"source\":\"mon\","
		 "\"seq\":3,\"environment\":\"sim\",\"alert_id\":\"ALR-1\",\"severity\":\"ERROR\","
		 "\"component\":\"execution\",\"message\":\"m\",\"correlation_id\":\"FLOW-00000001\","
		 "\"status\":\"open\"}\n"
		 "{\"kind\":\"alert\",\"ts\":\"2026-11-28T10:05:00+08:00\",\"source\":\"mon\","
		 "\"seq\":4,\"environment\":\"sim\",\"alert_id\":\"ALR-2\","
		 "\"component\":\"execution\",\"message\":\"m\",\"correlation_id\":\"FLOW-00000002\","
		 "\"status\":\"open\"}\n", -1);
	const char *extra[] = { "--format", "xml", NULL };
	ck_assert_int_eq(tu_review(&p, db, tmp, "2026-11-28", b, extra), 1);
	tu_proc_free(&p);
	xml = tu_path(tmp, "review-all-2026-11-28.xml");
	x = tu_xml_open(xml);
	ck_assert_int_eq(tu_xml_count(x, "//unresolved-alerts/alert"), 2);
	ck_assert_int_eq(tu_xml_count(x, "//unresolved-alerts/alert[@id='ALR-1']"
					 "[@severity='ERROR'][@was-critical='true']"), 1);
	ck_assert_int_eq(tu_xml_count(x, "//unresolved-alerts/alert[@id='ALR-2']"
					 "[not(@severity)][@was-critical='true']"), 1);
	tu_xml_close(x);
	ck_assert_msg(tu_report_validates(xml), "the review does not validate");
	tu_rmrf(tmp);
	free(tmp), free(db), free(b), free(xml);
}
END_TEST

/* The log-integrity list keeps each bundle's files together, in path order, whatever
 * order the bundles were given in: two nightly bundles with the same paths are not
 * interleaved file by file. */
START_TEST(test_inputs_grouped_by_bundle)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *xml;
	char *b1 = tu_path(tmp, "2026-11-27"), *b2 = tu_path(tmp, "2026-11-28");
	struct tu_proc p;
	struct tu_xml *x;

	for (int k = 0; k < 2; k++) {
		const char *day = k ? "2026-11-28" : "2026-11-27";
		struct buf line = BUF_INIT;
		buf_addf(&line, "{\"kind\":\"heartbeat\",\"ts\":\"%sT09:00:00+08:00\","
			 "\"source\":\"hb\",\"seq\":1,\"environment\":\"sim\","
			 "\"component\":\"audit_log\",\"status\":\"ok\"}\n", day);
		tu_write(k ? b2 : b1, "events/a.jsonl", line.data, -1);
		tu_write(k ? b2 : b1, "events/b.jsonl", line.data, -1);
		buf_release(&line);
	}
	/* the later bundle given first */
	const char *args[] = { "report", "--from", "2026-11-27", "--to", "2026-11-28", "--format",
			       "xml", b2, b1, NULL };
	ck_assert_int_le(tu_run_cmd(&p, db, tmp, args), 1);
	tu_proc_free(&p);
	xml = tu_path(tmp, "report-all-2026-11-27_2026-11-28.xml");
	x = tu_xml_open(xml);
	ck_assert_int_eq(tu_xml_count(x, "//inputs/input"), 4);
	for (int i = 1; i <= 4; i++) {
		char *bundle = tu_xml_get(x, "string((//inputs/input)[%d]/@bundle)", i);
		char *path = tu_xml_get(x, "string((//inputs/input)[%d]/@path)", i);
		ck_assert_str_eq(bundle, i <= 2 ? b1 : b2);
		ck_assert_str_eq(path, i % 2 ? "events/a.jsonl" : "events/b.jsonl");
		free(bundle), free(path);
	}
	tu_xml_close(x);
	tu_rmrf(tmp);
	free(tmp), free(db), free(xml), free(b1), free(b2);
}
END_TEST

/* Bundles whose names are not UTF-8 show as file names do (\\xhh), not as U+FFFD: two
 * bundles differing in such a byte stay apart in the XML, and each name can be read
 * back. */
START_TEST(test_bundle_names_not_utf8_stay_apart)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *xml;
	char *b1 = tu_path(tmp, "bad\xff"), *b2 = tu_path(tmp, "bad\xfe");
	struct tu_proc p;
	struct tu_xml *x;
	const char *line = "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-27T09:00:00+08:00\","
			   "\"source\":\"hb\",\"seq\":1,\"environment\":\"sim\","
			   "\"component\":\"audit_log\",\"status\":\"ok\"}\n";

	tu_write(b1, "a.jsonl", line, -1);
	tu_write(b2, "b.jsonl", line, -1);
	const char *args[] = { "review", "--date", "2026-11-27", "--format", "xml", b1, b2, NULL };
	ck_assert_int_le(tu_run_cmd(&p, db, tmp, args), 1);
	tu_proc_free(&p);
	xml = tu_path(tmp, "review-all-2026-11-27.xml");
	ck_assert(tu_report_validates(xml));
	x = tu_xml_open(xml);
	ck_assert_int_eq(tu_xml_count(x, "//inputs/input"), 2);
	for (int i = 1; i <= 2; i++) {
		struct buf want = BUF_INIT;
		char *bundle = tu_xml_get(x, "string((//inputs/input)[%d]/@bundle)", i);
		buf_addf(&want, "%s/bad\\x%s", tmp, i == 1 ? "fe" : "ff");
		ck_assert_str_eq(bundle, want.data);
		buf_release(&want);
		free(bundle);
	}
	tu_xml_close(x);
	tu_rmrf(tmp);
	free(tmp), free(db), free(xml), free(b1), free(b2);
}
END_TEST

START_TEST(test_unresolved_alerts_mark_a_downgrade)
{
	static const struct {
		const char *fixture;
		int alerts, was_critical, downgrade_findings, critical_listed;
	} cases[] = {
		{ "DO-5.3-NO-DOWNGRADE.violation", 1, 1, 1, 0 },
		{ "DO-5.3-NO-DOWNGRADE.violation-same-instant-next-seq", 1, 1, 1, 0 },
		/* each of two sources CRITICAL then WARN at one instant: both marked */
		{ "DO-5.3-NO-DOWNGRADE.violation-two-sources-one-instant", 2, 2, 2, 0 },
		{ "DO-5.3-NO-DOWNGRADE.near-miss-same-instant-other-source", 2, 0, 0, 1 },
		{ "DO-5.3-NO-DOWNGRADE.near-miss-resolved-elsewhere", 1, 0, 0, 1 },
		{ "DO-5.3-NO-DOWNGRADE.near-miss-other-env", 2, 0, 0, 1 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *tmp = tu_tmpdir(), *xml;
		struct buf b = BUF_INIT;
		struct tu_proc p;
		struct tu_xml *x;

		buf_addf(&b, "tests/rules/%s/bundle", cases[i].fixture);
		review(tmp, b.data, "2026-11-28", NULL, NULL, &xml, &p);
		tu_proc_free(&p);
		x = tu_xml_open(xml);
		ck_assert_msg(tu_xml_count(x, "//unresolved-alerts/alert") == cases[i].alerts,
			      "%s: unresolved alerts", cases[i].fixture);
		ck_assert_msg(tu_xml_count(x, "//unresolved-alerts/alert[@was-critical='true']"
					      "[@id='ALT-0001'][@severity='WARN']") ==
				      cases[i].was_critical,
			      "%s: was-critical", cases[i].fixture);
		ck_assert_msg(tu_xml_count(x, "//unresolved-alerts/alert[@was-critical]") ==
				      cases[i].was_critical,
			      "%s: another alert marked", cases[i].fixture);
		ck_assert_msg(tu_xml_count(x, "//finding[@rule='DO-5.3-NO-DOWNGRADE']") ==
				      cases[i].downgrade_findings,
			      "%s: the rule's findings", cases[i].fixture);
		ck_assert_msg(tu_xml_count(x, "//unresolved-alerts/alert[@severity='CRITICAL']") ==
				      cases[i].critical_listed,
			      "%s: open CRITICAL records listed", cases[i].fixture);
		tu_xml_close(x);
		ck_assert_msg(tu_report_validates(xml), "%s: does not validate", cases[i].fixture);
		tu_rmrf(tmp);
		buf_release(&b);
		free(tmp), free(xml);
	}
}
END_TEST

/* Two versions of one mode_change (same source, seq and time; one to live_execution, one
 * to disabled) and of one document lock: which governs must not depend on the order they
 * were written or ingested in. Both orders give the same findings, rule by rule. */
START_TEST(test_conflicting_versions_order_independent)
{
	static const char recs[] =
		"kind: document_lock\nlock_id: DL-1\neffective_at: 2026-11-01T00:00:00+08:00\n"
		"documents: [{doc_key: DEPLOY_OPS, version: \"251219\"}]\n"
		"---\nkind: deployment\ndeployment_id: DEP-L\nenvironment: live\n"
		"deployed_at: 2026-11-28T07:00:00+08:00\nowner: huang\nstatus: deployed\n"
		"documents: [{doc_key: DEPLOY_OPS, version: \"251219\"}]\n"
		"modules: [{name: core, version: 1.0.0, enabled: true}]\n"
		"gate: {doc_versions_consistent: pass, correlation_id_ok: pass,"
		" risk_compliance_enabled: pass, execution_disabled_by_default: pass,"
		" audit_log_writable: pass}\n";
	static const char lock2[] =
		"kind: document_lock\nlock_id: DL-1\neffective_at: 2026-11-01T00:00:00+08:00\n"
		"documents: [{doc_key: DEPLOY_OPS, version: \"999\"}]\n";
	static const char flow[] =
		"{\"kind\":\"risk_check\",\"ts\":\"2026-11-28T08:10:01+08:00\",\"source\":\"risk\",\"seq\":1,\"environment\":\"live\",\"correlation_id\":\"TW-20261128-0001\",\"verdict\":\"pass\"}\n"
		"{\"kind\":\"gate_verdict\",\"ts\":\"2026-11-28T08:10:02+08:00\",\"source\":\"gate\",\"seq\":1,\"environment\":\"live\",\"correlation_id\":\"TW-20261128-0001\",\"verdict\":\"PASS\"}\n"
		"{\"kind\":\"decision\",\"ts\":\"2026-11-28T08:10:03+08:00\",\"source\":\"dec\",\"seq\":1,\"environment\":\"live\",\"correlation_id\":\"TW-20261128-0001\",\"decision\":\"approve\",\"decided_by\":\"chen\"}\n"
		"{\"kind\":\"execution\",\"ts\":\"2026-11-28T08:10:04+08:00\",\"source\":\"oms\",\"seq\":1,\"environment\":\"live\",\"deployment_id\":\"DEP-L\",\"correlation_id\":\"TW-20261128-0001\",\"event\":\"submit\",\"order_id\":\"O1\",\"symbol\":\"2330\",\"side\":\"buy\",\"qty\":1000,\"route\":\"broker\"}\n";
	static const char *const mode[2] = {
		"{\"kind\":\"mode_change\",\"ts\":\"2026-11-28T08:00:00+08:00\",\"source\":\"ops\",\"seq\":1,\"environment\":\"live\",\"deployment_id\":\"DEP-L\",\"from\":null,\"to\":\"live_execution\",\"actor\":\"lin\"}\n",
		"{\"kind\":\"mode_change\",\"ts\":\"2026-11-28T08:00:00+08:00\",\"source\":\"ops\",\"seq\":1,\"environment\":\"live\",\"deployment_id\":\"DEP-L\",\"from\":null,\"to\":\"disabled\",\"actor\":\"lin\"}\n",
	};
	static const char *const rules[] = { "LOG-CONFLICT", "DO-4.3-DISABLED-NO-EXEC",
					      "DO-3.2-DOC-LOCK", "DO-4.1-MODE-UNDECLARED" };
	int counts[2][4];
	char *tmp = tu_tmpdir();

	for (int k = 0; k < 2; k++) {
		char *dir = tu_path(tmp, k ? "b" : "a"), *db = tu_path(dir, "s.db");
		char *first = tu_path(dir, "first"), *second = tu_path(dir, "second"), *xml;
		struct buf ops = BUF_INIT;
		struct tu_proc p;

		buf_adds(&ops, mode[k]);
		buf_adds(&ops, mode[!k]);
		tu_write(dir, "first/recs.yaml", recs, -1);
		tu_write(dir, "first/flow.jsonl", flow, -1);
		tu_write(dir, "first/ops.jsonl", ops.data, -1);
		tu_write(dir, "second/recs.yaml", lock2, -1);
		/* ingested in two runs, in the other order each time */
		const char *in1[] = { "taits-audit", "ingest", "--db", db, k ? second : first, NULL };
		const char *in2[] = { "taits-audit", "ingest", "--db", db, k ? first : second, NULL };
		const char *rv[] = { "taits-audit", "review", "--db", db, "--out", dir, "--format",
				     "xml", "--date", "2026-11-28", NULL };
		ck_assert_int_eq(tu_run(&p, in1), 0);
		tu_proc_free(&p);
		ck_assert_int_eq(tu_run(&p, in2), 0);
		tu_proc_free(&p);
		tu_run(&p, rv);
		tu_proc_free(&p);
		xml = tu_path(dir, "review-all-2026-11-28.xml");
		struct tu_xml *x = tu_xml_open(xml);
		ck_assert_ptr_nonnull(x);
		for (int i = 0; i < 4; i++)
			counts[k][i] = tu_xml_count(x, "//finding[@rule='%s']", rules[i]);
		tu_xml_close(x);
		buf_release(&ops);
		free(dir), free(db), free(first), free(second), free(xml);
	}
	ck_assert_int_ge(counts[0][0], 1); /* the mode change's conflict is there */
	for (int i = 0; i < 4; i++)
		ck_assert_msg(counts[0][i] == counts[1][i], "%s: %d in one order, %d in the other",
			      rules[i], counts[0][i], counts[1][i]);
	tu_rmrf(tmp);
	free(tmp);
}
END_TEST

/* The files of a sample, relative to its root, for copying it a file at a time. */
static const char *walk_root;
static char **walk_files;
static size_t nwalk_files;

static int walk_collect(const char *path, const struct stat *st, int type, struct FTW *f)
{
	(void)st, (void)f;
	if (type == FTW_F) {
		walk_files = realloc(walk_files, (nwalk_files + 1) * sizeof(*walk_files));
		ck_assert_ptr_nonnull(walk_files);
		walk_files[nwalk_files++] = strdup(path + strlen(walk_root) + 1);
	}
	return 0;
}

static int path_cmp_desc(const void *a, const void *b)
{
	return strcmp(*(char *const *)b, *(char *const *)a);
}

/* Reviews of the bundle at src (a path in the source tree) on date, ingested in one run
 * and a file at a time in reverse order of their paths, into XML files *xml[0] and
 * *xml[1] under tmp. With conflict, a second version of bad-day's sim checklist is added
 * beside it. */
/* Writes src/rel with `from` changed to `to` (as long) under the bundle's records/zz/. */
static void other_version(const char *src, const char *bundle, const char *rel,
			  const char *from, const char *to)
{
	char *path = tu_path(src, rel), *data, *at, zz[80];
	size_t n;

	data = tu_read(path, &n);
	ck_assert_ptr_nonnull(data);
	at = strstr(data, from);
	ck_assert_ptr_nonnull(at);
	ck_assert_uint_eq(strlen(from), strlen(to));
	memcpy(at, to, strlen(to));
	snprintf(zz, sizeof(zz), "records/zz/%s", strrchr(rel, '/') + 1);
	tu_write(bundle, zz, data, (long)n);
	free(data), free(path);
}

static void review_both_ways(const char *tmp, const char *src_rel, const char *date,
			     int conflict, char *xml[2])
{
	char *src = tu_src(src_rel), *bundle = tu_path(tmp, "bundle"), name[40];

	walk_root = src;
	ck_assert_int_eq(nftw(src, walk_collect, 16, FTW_PHYS), 0);
	qsort(walk_files, nwalk_files, sizeof(*walk_files), path_cmp_desc);
	for (int k = 0; k < 2; k++) {
		char *dir = tu_path(tmp, k ? "by-file" : "one-run"), *db = tu_path(dir, "s.db");
		const char *in[] = { "taits-audit", "ingest", "--quiet", "--db", db, bundle, NULL };
		const char *rv[] = { "taits-audit", "review", "--db", db, "--out", dir, "--format",
				     "xml", "--date", date, NULL };
		struct tu_proc p;

		ck_assert_int_eq(mkdir(dir, 0700), 0);
		tu_rmrf(bundle);
		/* other versions of a checklist and of an incident (which the report lists),
		 * stored after the first versions in one run, before them a file at a time */
		if (conflict) {
			other_version(src, bundle, "records/checklists/CHK-SIM-20261127.yaml",
				      "li.peishan", "li.peishaN");
			other_version(src, bundle, "records/incidents/INC-20261127-01.yaml",
				      "sim matching engine", "Sim matching engine");
		}
		for (size_t i = 0; i < nwalk_files; i++) {
			const char *rel = walk_files[i];
			size_t n;
			char *from, *data;
			if (!strcmp(rel, "SHA256SUMS") || !strcmp(rel, "EXPECTED.md"))
				continue; /* the manifest would list files not yet there */
			from = tu_path(src, rel);
			data = tu_read(from, &n);
			tu_write(bundle, rel, data, (long)n);
			free(data), free(from);
			if (k) { /* a file at a time */
				tu_run(&p, in);
				tu_proc_free(&p);
			}
		}
		if (!k) {
			tu_run(&p, in);
			tu_proc_free(&p);
		}
		ck_assert_int_eq(tu_run(&p, rv), 1);
		tu_proc_free(&p);
		snprintf(name, sizeof(name), "review-all-%s.xml", date);
		xml[k] = tu_path(dir, name);
		free(dir), free(db);
	}
	for (size_t i = 0; i < nwalk_files; i++)
		free(walk_files[i]);
	free(walk_files);
	walk_files = NULL;
	nwalk_files = 0;
	free(src), free(bundle);
}

static void same_bytes(char *xml[2])
{
	size_t n0, n1;
	char *a = tu_read(xml[0], &n0), *b = tu_read(xml[1], &n1);

	ck_assert_msg(n0 == n1 && !memcmp(a, b, n0),
		      "the review differs between a store loaded in one run and one loaded a"
		      " file at a time (diff %s %s)", xml[0], xml[1]);
	free(a), free(b);
}

/* A finding's evidence is listed in an order of its own, not in the order its records
 * were stored: bad-day (findings of most rules, with kill switches, mode changes and
 * checklists cited for context) and a second version of a checklist (a LOG-CONFLICT),
 * ingested in one run, and a file at a time in reverse order of their paths, give the
 * same bytes; so does a freeze filed open and then lifted, broken by a change (which
 * version is the freeze and which the context). Record ids, which follow the storing,
 * once ordered context evidence and chose among versions. */
START_TEST(test_evidence_order_independent_of_ingest_order)
{
	/* each case's XML holds what shows the order, checked before the two are compared:
	 * `count` matches of xpath, or at least -count when it is negative */
	static const struct {
		const char *name, *src, *date;
		int conflict;
		struct { const char *xpath; int count; } holds[3];
	} cases[] = {
		{ "bad", "samples/bad-day", "2026-11-27", 1,
		  { { "//finding[@rule='LOG-CONFLICT']", 2 },
		    { "//incident[@id='INC-20261127-01']", 2 },
		    { "//finding/evidence[@context='true']", -3 } } },
		{ "freeze", "tests/rules/DO-8.4-FREEZE-CHANGE.violation-open-then-lifted/bundle",
		  "2026-11-28", 0,
		  { { "//finding[@rule='DO-8.4-FREEZE-CHANGE']/evidence[@kind='freeze']", 2 } } },
		/* two failing decisions alike at the submit's latest instant, one in each file */
		{ "tie", "tests/rules/DO-4.6-HUMAN-DECISION.violation-same-instant-tie/bundle",
		  "2026-11-28", 0,
		  { { "//finding[@rule='DO-4.6-HUMAN-DECISION']/evidence[@kind='decision']", 1 } } },
	};
	char *tmp = tu_tmpdir();

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *dir = tu_path(tmp, cases[i].name), *xml[2];
		ck_assert_int_eq(mkdir(dir, 0700), 0);
		review_both_ways(dir, cases[i].src, cases[i].date, cases[i].conflict, xml);
		struct tu_xml *x = tu_xml_open(xml[0]);
		ck_assert_ptr_nonnull(x);
		for (int k = 0; k < 3 && cases[i].holds[k].xpath; k++) {
			int n = tu_xml_count(x, "%s", cases[i].holds[k].xpath);
			int want = cases[i].holds[k].count;
			ck_assert_msg(want < 0 ? n >= -want : n == want, "%s: %d of %s",
				      cases[i].name, n, cases[i].holds[k].xpath);
		}
		tu_xml_close(x);
		same_bytes(xml);
		free(xml[0]), free(xml[1]), free(dir);
	}
	tu_rmrf(tmp);
	free(tmp);
}
END_TEST

/* Messages write times in the configured zone (interpretation.md), whatever offset the
 * record was written in: a CRITICAL alert written in UTC is quoted alike by the rule on
 * it and by the halt it causes, and the same alert shipped again in +08:00 (one record:
 * the same instant) reads the same whichever copy was stored first. Only the evidence's
 * `time` keeps the record's own offset. */
START_TEST(test_message_times_in_the_configured_zone)
{
	static const char utc[] =
		"{\"kind\":\"alert\",\"ts\":\"2026-11-26T02:00:00Z\",\"source\":\"mon\",\"seq\":1,\"environment\":\"sim\",\"alert_id\":\"ALR-1\",\"severity\":\"CRITICAL\",\"component\":\"execution\",\"message\":\"m\",\"correlation_id\":\"MON-00000001\",\"status\":\"open\"}\n"
		"{\"kind\":\"heartbeat\",\"ts\":\"2026-11-26T01:00:00Z\",\"source\":\"hb\",\"seq\":1,\"environment\":\"sim\",\"component\":\"audit_log\",\"status\":\"failed\"}\n"
		"{\"kind\":\"execution\",\"ts\":\"2026-11-26T10:05:00+08:00\",\"source\":\"oms\",\"seq\":1,\"environment\":\"sim\",\"deployment_id\":\"D1\",\"correlation_id\":\"SIM-00000001\",\"event\":\"submit\",\"order_id\":\"O1\",\"symbol\":\"2330\",\"side\":\"buy\",\"qty\":1,\"route\":\"simulated\"}\n";
	static const char local[] =
		"{\"kind\":\"alert\",\"ts\":\"2026-11-26T10:00:00+08:00\",\"source\":\"mon\",\"seq\":1,\"environment\":\"sim\",\"alert_id\":\"ALR-1\",\"severity\":\"CRITICAL\",\"component\":\"execution\",\"message\":\"m\",\"correlation_id\":\"MON-00000001\",\"status\":\"open\"}\n"
		"{\"kind\":\"heartbeat\",\"ts\":\"2026-11-26T09:00:00+08:00\",\"source\":\"hb\",\"seq\":1,\"environment\":\"sim\",\"component\":\"audit_log\",\"status\":\"failed\"}\n";
	static const struct {
		const char *rule, *text;
	} quoted[] = {
		{ "DO-5.3-CRITICAL-KILL", "CRITICAL alert ALR-1 at 2026-11-26T10:00:00+08:00 " },
		{ "DO-7.3-HALT", "after the CRITICAL alert ALR-1 at 2026-11-26T10:00:00+08:00," },
		{ "DO-5.2-DEGRADE", "failed at 2026-11-26T09:00:00+08:00 " },
		{ "DO-6.4-UNRECORDED", "(MON-00000001) at 2026-11-26T10:00:00+08:00 " },
	};
	char *tmp = tu_tmpdir(), *a = tu_path(tmp, "utc"), *b = tu_path(tmp, "local");

	tu_write(a, "events.jsonl", utc, -1);
	tu_write(b, "events.jsonl", local, -1);
	for (int order = 0; order < 2; order++) {
		char *dir = tu_path(tmp, order ? "local-first" : "utc-first");
		char *db = tu_path(dir, "s.db"), *xml = tu_path(dir, "review-all-2026-11-26.xml");
		const char *in[] = { "taits-audit", "ingest", "--quiet", "--db", db,
				     order ? b : a, order ? a : b, NULL };
		const char *extra[] = { "--format", "xml", NULL };
		struct tu_proc p;

		ck_assert_int_eq(mkdir(dir, 0700), 0);
		ck_assert_msg(tu_run(&p, in) == 0, "%s", p.err);
		tu_proc_free(&p);
		ck_assert_int_eq(tu_review(&p, db, dir, "2026-11-26", NULL, extra), 1);
		tu_proc_free(&p);
		struct tu_xml *x = tu_xml_open(xml);
		ck_assert_ptr_nonnull(x);
		for (size_t i = 0; i < sizeof(quoted) / sizeof(quoted[0]); i++)
			ck_assert_msg(tu_xml_count(x, "//finding[@rule='%s']/message[@lang='en']"
						      "[contains(., '%s')]",
						   quoted[i].rule, quoted[i].text) == 1,
				      "%s: %s does not say \"%s\"", dir, quoted[i].rule,
				      quoted[i].text);
		ck_assert_int_eq(tu_xml_count(x, "//finding/message[contains(., ':00Z')]"), 0);
		/* the evidence of the copy stored first keeps its own offset */
		ck_assert_int_eq(tu_xml_count(x, "//finding[@rule='DO-5.3-CRITICAL-KILL']/evidence"
						 "[@time='%s']",
					      order ? "2026-11-26T10:00:00+08:00"
						    : "2026-11-26T02:00:00Z"),
				 1);
		tu_xml_close(x);
		free(dir), free(db), free(xml);
	}
	tu_rmrf(tmp);
	free(tmp), free(a), free(b);
}
END_TEST

START_TEST(test_evidence_files_are_inputs)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *bad = tu_src("samples/bad-day");
	struct tu_proc p;
	struct tu_xml *x;
	char *xml;

	const char *ingest[] = { "ingest", bad, NULL };
	ck_assert_msg(tu_run_cmd(&p, db, NULL, ingest) == 0, "%s", p.err);
	tu_proc_free(&p);
	const char *review[] = { "review", "--date", "2026-11-27", "--format", "xml", NULL };
	ck_assert_int_eq(tu_run_cmd(&p, db, tmp, review), 1);
	tu_proc_free(&p);
	const char *period[] = { "report", "--from", "2026-11-26", "--to", "2026-11-27",
				 "--format", "xml", NULL };
	ck_assert_int_eq(tu_run_cmd(&p, db, tmp, period), 1);
	tu_proc_free(&p);
	const char *preflight[] = { "preflight", "--date", "2026-11-27", "--env", "live",
				    "--format", "xml", NULL };
	tu_run_cmd(&p, db, tmp, preflight); /* go or no-go: its citations are the point */
	tu_proc_free(&p);
	static const char *const names[] = { "review-all-2026-11-27.xml",
					     "report-all-2026-11-26_2026-11-27.xml",
					     "preflight-live-2026-11-27.xml" };
	for (int i = 0; i < 3; i++) {
		xml = tu_path(tmp, names[i]);
		x = tu_xml_open(xml);
		ck_assert_msg(i == 2 || tu_xml_count(x, "//finding/evidence[@file = 'records/document-locks.yaml']") > 0,
			      "%s: no finding cites the lock (the case is gone)", names[i]);
		/* a file and line name the bundle too: days' bundles share their paths */
		ck_assert_msg(tu_xml_count(x, "//*[@file and @line]") > 0, "%s: cites nothing",
			      names[i]);
		ck_assert_msg(tu_xml_count(x, "//*[@file and @line][not(self::input)]"
					      "[not(@bundle = //input/@bundle)]") == 0,
			      "%s: a citation names no bundle of the inputs", names[i]);
		ck_assert_msg(tu_xml_count(x, "//finding/evidence[not(@file = //input/@path)]") == 0,
			      "%s: a finding cites a file not listed as an input", names[i]);
		/* and so do the sections: the lock in force, a deployment, a mode span */
		ck_assert_msg(tu_xml_count(x, "//*[@file][not(self::input)]"
					      "[not(@file = //input/@path)]") == 0,
			      "%s: a section cites a file not listed as an input", names[i]);
		tu_xml_close(x);
		free(xml);
	}
	tu_rmrf(tmp);
	free(tmp), free(db), free(bad);
}
END_TEST

START_TEST(test_review_keeps_file_findings)
{
	char *tmp = tu_tmpdir(), *one = tu_path(tmp, "one"), *two = tu_path(tmp, "two");
	char *db = tu_path(tmp, "s.db"), *xml = tu_path(tmp, "review-all-2026-11-29.xml");
	const char *xml_only[] = { "--format", "xml", NULL };
	struct tu_proc p;
	struct tu_xml *x;

	tu_write(one, "events.jsonl", one_day_gap, -1);
	tu_write(two, "events.jsonl", two_day_gap, -1);
	const char *ingest[] = { "ingest", one, two, NULL };
	ck_assert_int_eq(tu_run_cmd(&p, db, NULL, ingest), 0);
	tu_proc_free(&p);

	/* From the store, 2026-11-29: `two` holds a record of the day, `one` does not. */
	ck_assert_int_eq(tu_review(&p, db, tmp, "2026-11-29", NULL, xml_only), 1);
	tu_proc_free(&p);
	ck_assert_msg(tu_report_validates(xml), "the review does not validate");
	x = tu_xml_open(xml);
	assert_placed(x, "LOG-SEQ-GAP", "2026-11-29 2\n");
	assert_placed(x, "LOG-REJECTED", "2026-11-29 3\n");
	ck_assert_int_eq(tu_xml_count(x, "/review/findings/finding/evidence[@bundle='%s'][not(@context)]",
				      two), 2);
	ck_assert_int_eq(tu_xml_count(x, "/review/findings/finding"), 2);
	tu_xml_close(x);

	/* 2026-11-28 holds the first record of `two`: its gap on a record of the 29th and
	 * its rejected line are reported there too, beside `one`'s gap. */
	free(xml);
	xml = tu_path(tmp, "review-all-2026-11-28.xml");
	ck_assert_int_eq(tu_review(&p, db, tmp, "2026-11-28", NULL, xml_only), 1);
	tu_proc_free(&p);
	x = tu_xml_open(xml);
	assert_placed(x, "LOG-SEQ-GAP", "2026-11-28 2\n2026-11-28 2\n");
	assert_placed(x, "LOG-REJECTED", "2026-11-28 3\n");
	ck_assert_int_eq(tu_xml_count(x, "/review/findings/finding/evidence[@bundle='%s'][not(@context)]",
				      two), 2);
	tu_xml_close(x);

	/* `one` given again as PATH is a file of the run: the 29th reports its gap too. */
	free(xml);
	xml = tu_path(tmp, "review-all-2026-11-29.xml");
	ck_assert_int_eq(tu_review(&p, db, tmp, "2026-11-29", one, xml_only), 1);
	tu_proc_free(&p);
	x = tu_xml_open(xml);
	ck_assert_int_eq(tu_xml_count(x, "/review/findings/finding[@rule='LOG-SEQ-GAP']"
				      "/evidence[@bundle='%s'][not(@context)]", one), 1);
	ck_assert_int_eq(tu_xml_count(x, "/review/findings/finding"), 3);
	tu_xml_close(x);
	tu_rmrf(tmp);
	free(tmp), free(one), free(two), free(db), free(xml);
}
END_TEST

/* A file that holds no record (every line rejected) has the days its rejected lines are
 * dated to; one whose lines show no time has none, and a review of a day of a file
 * ingested in the same run reports it, after an `ingest` alone as in one command; a file
 * of another run, or a day without the run's files, does not. */
START_TEST(test_review_reports_files_without_records)
{
	char *tmp = tu_tmpdir(), *day = tu_path(tmp, "day"), *other = tu_path(tmp, "other");
	char *db = tu_path(tmp, "s.db"), *xml = tu_path(tmp, "review-all-2026-11-29.xml");
	const char *xml_only[] = { "--format", "xml", NULL };
	struct tu_proc p;
	struct tu_xml *x;

	tu_write(day, "events.jsonl",
		 "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-29T10:00:00+08:00\",\"source\":\"hb\","
		 "\"seq\":1,\"environment\":\"sim\",\"component\":\"oms\",\"status\":\"ok\"}\n", -1);
	tu_write(day, "bad.jsonl", "{not json\n{\"kind\":\"teleport\"}\n", -1);
	tu_write(other, "bad.jsonl", "also not json\n", -1);
	/* a bundle, ingested on its own, of lines rejected but dated: a time without an
	 * offset, a kind unknown */
	char *dated = tu_path(tmp, "dated");
	tu_write(dated, "bad.jsonl",
		 "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-29T10:00:00\",\"source\":\"hb2\","
		 "\"seq\":1,\"environment\":\"sim\",\"component\":\"oms\",\"status\":\"ok\"}\n"
		 "{\"kind\":\"heartbeet\",\"ts\":\"2026-11-29T10:00:10+08:00\",\"source\":\"hb2\","
		 "\"seq\":2}\n", -1);
	const char *ingest_dated[] = { "ingest", dated, NULL };
	/* a single file given beside the bundle is a bundle of its own, of the same run */
	tu_write(tmp, "lone/x.jsonl", "{not json either\n", -1);
	char *lone = tu_path(tmp, "lone/x.jsonl");
	/* a bundle of the same run with a record of another day keeps its faults there */
	char *prev = tu_path(tmp, "prev");
	tu_write(prev, "events.jsonl",
		 "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-27T10:00:00+08:00\",\"source\":\"hb\","
		 "\"seq\":1,\"environment\":\"sim\",\"component\":\"oms\",\"status\":\"ok\"}\n", -1);
	tu_write(prev, "bad.jsonl", "{not json\n", -1);
	const char *ingest_day[] = { "ingest", day, lone, prev, NULL };
	const char *ingest_other[] = { "ingest", other, NULL };
	ck_assert_int_eq(tu_run_cmd(&p, db, NULL, ingest_day), 0);
	tu_proc_free(&p);
	ck_assert_int_eq(tu_run_cmd(&p, db, NULL, ingest_other), 0);
	tu_proc_free(&p);
	ck_assert_int_eq(tu_run_cmd(&p, db, NULL, ingest_dated), 0);
	tu_proc_free(&p);

	ck_assert_int_eq(tu_review(&p, db, tmp, "2026-11-29", NULL, xml_only), 1);
	tu_proc_free(&p);
	ck_assert_msg(tu_report_validates(xml), "the review does not validate");
	x = tu_xml_open(xml);
	ck_assert_int_eq(tu_xml_count(x, "/review/findings/finding[@rule='LOG-REJECTED']"
				      "/evidence[@bundle='%s']", day), 2);
	ck_assert_int_eq(tu_xml_count(x, "/review/findings/finding[@rule='LOG-REJECTED']"
				      "/evidence[@file='x.jsonl']"), 1);
	ck_assert_int_eq(tu_xml_count(x, "/review/findings/finding[@rule='LOG-REJECTED']"
				      "/evidence[@bundle='%s']", dated), 2);
	ck_assert_int_eq(tu_xml_count(x, "/review/findings/finding"), 5);
	tu_xml_close(x);

	free(xml);
	xml = tu_path(tmp, "review-all-2026-11-28.xml");
	ck_assert_int_eq(tu_review(&p, db, tmp, "2026-11-28", NULL, xml_only), 0);
	tu_proc_free(&p);
	x = tu_xml_open(xml);
	ck_assert_int_eq(tu_xml_count(x, "/review/findings/finding"), 0);
	tu_xml_close(x);
	free(xml);
	xml = tu_path(tmp, "review-all-2026-11-27.xml");
	ck_assert_int_eq(tu_review(&p, db, tmp, "2026-11-27", NULL, xml_only), 1);
	tu_proc_free(&p);
	x = tu_xml_open(xml);
	ck_assert_int_eq(tu_xml_count(x, "/review/findings/finding[@rule='LOG-REJECTED']"
				      "/evidence[@bundle='%s']", prev), 1);
	ck_assert_int_eq(tu_xml_count(x, "/review/findings/finding"
				      "/evidence[@bundle='%s']", day), 0);
	tu_xml_close(x);
	tu_rmrf(tmp);
	free(tmp), free(day), free(other), free(db), free(xml), free(lone), free(prev);
	free(dated);
}
END_TEST

/* A checklist falls on its `date` and a freeze, for DO-8.5, on its `ended_at`
 * (interpretation.md), not on the time a file is dated by: a review of that day, from
 * the store, covers their files and reports a rejected line beside them. */
START_TEST(test_review_covers_checklist_date_and_freeze_end)
{
	char *tmp = tu_tmpdir(), *cl = tu_path(tmp, "cl"), *fr = tu_path(tmp, "fr");
	char *db = tu_path(tmp, "s.db"), *xml = tu_path(tmp, "review-all-2026-11-27.xml");
	const char *xml_only[] = { "--format", "xml", NULL };
	struct tu_proc p;
	struct tu_xml *x;

	/* completed the evening before the day it is for */
	tu_write(cl, "checklists.jsonl",
		 "{\"kind\":\"checklist\",\"checklist_id\":\"CL-1\",\"date\":\"2026-11-27\","
		 "\"environment\":\"sim\",\"run_mode\":\"observe_only\",\"operator\":\"ops\","
		 "\"completed_at\":\"2026-11-26T22:00:00+08:00\",\"items\":{"
		 "\"environment_confirmed\":\"pass\",\"run_mode_declared\":\"pass\","
		 "\"risk_compliance_normal\":\"pass\",\"governance_gate_available\":\"pass\","
		 "\"kill_switch_test_passed\":\"pass\",\"audit_log_writable\":\"pass\"}}\n"
		 "{not json\n", -1);
	/* started weeks before, lifted on the day */
	tu_write(fr, "freezes.jsonl",
		 "{\"kind\":\"freeze\",\"freeze_id\":\"FZ-1\",\"environment\":\"sim\","
		 "\"reason\":\"regulatory\",\"started_at\":\"2026-11-02T10:00:00+08:00\"}\n"
		 "{not json\n", -1);
	const char *ingest_cl[] = { "ingest", cl, NULL }, *ingest_fr[] = { "ingest", fr, NULL };
	ck_assert_int_eq(tu_run_cmd(&p, db, NULL, ingest_cl), 0);
	tu_proc_free(&p);
	ck_assert_int_eq(tu_run_cmd(&p, db, NULL, ingest_fr), 0);
	tu_proc_free(&p);

	/* the freeze has not ended: its file holds no record of the 27th */
	ck_assert_int_eq(tu_review(&p, db, tmp, "2026-11-27", NULL, xml_only), 1);
	tu_proc_free(&p);
	x = tu_xml_open(xml);
	ck_assert_int_eq(tu_xml_count(x, "/review/findings/finding[@rule='LOG-REJECTED']"
				      "/evidence[@bundle='%s']", cl), 1);
	ck_assert_int_eq(tu_xml_count(x, "/review/findings/finding"), 1);
	tu_xml_close(x);

	/* the same freeze shipped again, ended on the 27th, with another rejected line */
	tu_write(fr, "freezes.jsonl",
		 "{\"kind\":\"freeze\",\"freeze_id\":\"FZ-1\",\"environment\":\"sim\","
		 "\"reason\":\"regulatory\",\"started_at\":\"2026-11-02T10:00:00+08:00\","
		 "\"ended_at\":\"2026-11-27T10:00:00+08:00\"}\n"
		 "{still not json\n", -1);
	ck_assert_int_eq(tu_run_cmd(&p, db, NULL, ingest_fr), 0);
	tu_proc_free(&p);
	ck_assert_int_eq(tu_review(&p, db, tmp, "2026-11-27", NULL, xml_only), 1);
	tu_proc_free(&p);
	ck_assert_msg(tu_report_validates(xml), "the review does not validate");
	x = tu_xml_open(xml);
	ck_assert_int_eq(tu_xml_count(x, "/review/findings/finding[@rule='LOG-REJECTED']"
				      "/evidence[@bundle='%s']", cl), 1);
	ck_assert_int_eq(tu_xml_count(x, "/review/findings/finding[@rule='LOG-REJECTED']"
				      "/evidence[@bundle='%s']", fr), 1);
	ck_assert_int_eq(tu_xml_count(x, "/review/findings/finding[@rule='DO-8.5-UNFREEZE']"), 1);
	tu_xml_close(x);
	tu_rmrf(tmp);
	free(tmp), free(cl), free(fr), free(db), free(xml);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("review");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_compliant_samples_are_clean);
	tcase_add_test(tc, test_bad_day_finds_what_was_planted);
	tcase_add_test(tc, test_golden_report);
	tcase_add_test(tc, test_golden_reports);
	tcase_add_test(tc, test_manifest_waiver_by_missing_path);
	tcase_add_test(tc, test_review_reports_files_without_records);
	tcase_add_test(tc, test_review_covers_checklist_date_and_freeze_end);
	tcase_add_test(tc, test_same_inputs_same_bytes);
	tcase_add_test(tc, test_one_thread_same_bytes);
	tcase_add_test(tc, test_exec_summary_one_pass);
	tcase_add_test(tc, test_cid_format_both_ways);
	tcase_add_test(tc, test_memory_store_review);
	tcase_add_test(tc, test_schema_rejects_bad_findings);
	tcase_add_test(tc, test_schema_knows_every_rule);
	tcase_add_test(tc, test_exit_statuses);
	tcase_add_test(tc, test_waivers);
	tcase_add_test(tc, test_env_filter);
	tcase_add_test(tc, test_env_filter_counts_records_of_no_environment);
	tcase_add_test(tc, test_change_flag_not_a_boolean);
	tcase_add_test(tc, test_files_not_read_of_bundles_of_one_name);
	tcase_add_test(tc, test_file_sha256_of_a_file_not_hashed);
	tcase_add_test(tc, test_fail_on_is_in_the_tailoring_hash);
	tcase_add_test(tc, test_tailoring_values_stay_in_their_field);
	tcase_add_test(tc, test_settings_are_the_description);
	tcase_add_test(tc, test_far_times_validate);
	tcase_add_test(tc, test_untimed_action_has_no_time);
	tcase_add_test(tc, test_waiver_counts_each_finding);
	tcase_add_test(tc, test_period_edges);
	tcase_add_test(tc, test_review_lists_what_it_should);
	tcase_add_test(tc, test_timeline_and_alert_edges);
	tcase_add_test(tc, test_conflict_versions_of_one_path);
	tcase_add_test(tc, test_files_not_read_listed_after_a_separate_ingest);
	tcase_add_test(tc, test_reshipped_file_one_finding_per_record);
	tcase_add_test(tc, test_reshipped_file_one_finding_per_rejected_line);
	tcase_add_test(tc, test_generated_day_is_clean_and_whole);
	tcase_add_test(tc, test_reports_in_the_bundle_are_not_its_files);
	tcase_add_test(tc, test_out_named_as_the_store);
	tcase_add_test(tc, test_day_records_of_an_environment);
	tcase_add_test(tc, test_usage_errors_leave_nothing);
	tcase_add_test(tc, test_option_errors);
	tcase_add_test(tc, test_help_names_a_command);
	tcase_add_test(tc, test_report_quotes_a_big_seq_whole);
	tcase_add_test(tc, test_store_in_a_missing_directory);
	tcase_add_test(tc, test_store_in_a_directory_not_writable);
	tcase_add_test(tc, test_double_dash_ends_options);
	tcase_add_test(tc, test_format_names_a_format);
	tcase_add_test(tc, test_out_with_a_trailing_slash);
	tcase_add_test(tc, test_config_exit_statuses);
	tcase_add_test(tc, test_period_run_file_once);
	tcase_add_test(tc, test_period_fact_on_its_record_day);
	tcase_add_test(tc, test_period_checklist_fact_on_its_date);
	tcase_add_test(tc, test_period_busy_day_same_bytes);
	tcase_add_test(tc, test_period_copy_in_another_days_file);
	tcase_add_test(tc, test_review_keeps_file_findings);
	tcase_add_test(tc, test_evidence_files_are_inputs);
	tcase_add_test(tc, test_timeline_undeclared_environment);
	tcase_add_test(tc, test_timeline_shows_modes_as_read);
	tcase_add_test(tc, test_noncharacters_keep_the_xml_well_formed);
	tcase_add_test(tc, test_unresolved_alerts_per_environment);
	tcase_add_test(tc, test_unresolved_alert_without_id);
	tcase_add_test(tc, test_checklist_counts_on_its_date);
	tcase_add_test(tc, test_orphan_event_of_a_reused_order);
	tcase_add_test(tc, test_unresolved_alerts_mark_a_downgrade);
	tcase_add_test(tc, test_inputs_grouped_by_bundle);
	tcase_add_test(tc, test_bundle_names_not_utf8_stay_apart);
	tcase_add_test(tc, test_unresolved_alerts_was_critical_whatever_follows);
	tcase_add_test(tc, test_activation_written_otherwise_is_shown);
	tcase_add_test(tc, test_conflicting_versions_order_independent);
	tcase_add_test(tc, test_evidence_order_independent_of_ingest_order);
	tcase_add_test(tc, test_message_times_in_the_configured_zone);
	tcase_add_test(tc, test_sequence_findings_cite_the_line_before);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_main(suite());
}
