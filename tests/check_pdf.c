/*
 * check_pdf.c - the PDF report end to end, read back with poppler's tools: what
 * pdftotext finds in the reports of the samples (verdict, headings in both languages,
 * every finding's rule, every input's SHA-256, the XML's SHA-256 and "page X of Y" on
 * every page), the embedded CJK font (pdffonts), every page rendering (pdftoppm), a day
 * of 2,000 findings paginating under repeated table headers, long text wrapping inside
 * the page without splitting a character, identical bytes from identical inputs, the
 * template (override, limits, errors) and failures that must leave no file behind. And the
 * freeze story's unfreeze audit (ready and not), preflight (go and no-go) and period
 * report, each checked against its XML: every condition, item, check, day and record the
 * XML names is in the PDF, in its table row.
 */
#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "report/template.h"
#include "rules/catalog.h"
#include "testutil.h"
#include "util/buf.h"
#include "util/sha256.h"
#include "util/utf8.h"

/* ---- running things ---- */

/* Runs a program found in PATH; returns its exit status (128 + signal), with its stdout
 * and stderr in *out and *err when not NULL (caller frees). */
static int tool(const char *const *argv, char **out, char **err)
{
	struct tu_proc p;
	int rc = tu_run_bin(&p, argv[0], argv);

	if (out)
		*out = p.out, p.out = NULL;
	if (err)
		*err = p.err, p.err = NULL;
	tu_proc_free(&p);
	return rc;
}

/* `review --date date bundle` into tmp/<name>/ with its own store; returns the exit
 * status, the PDF's path in *pdf and the XML's in *xml (caller frees; either may be NULL). */
static int review(const char *tmp, const char *name, const char *bundle, const char *date,
		  char **pdf, char **xml, struct tu_proc *p)
{
	struct buf db = BUF_INIT, out = BUF_INIT, f = BUF_INIT;
	const char *quiet[] = { "--quiet", NULL };
	int rc;

	buf_addf(&db, "%s/%s.db", tmp, name);
	buf_addf(&out, "%s/%s", tmp, name);
	rc = tu_review(p, db.data, out.data, date, bundle, quiet);
	if (pdf) {
		buf_addf(&f, "%s/review-all-%s.pdf", out.data, date);
		*pdf = buf_detach(&f);
	}
	if (xml) {
		buf_addf(&f, "%s/review-all-%s.xml", out.data, date);
		*xml = buf_detach(&f);
	}
	buf_release(&db);
	buf_release(&out);
	return rc;
}

static char *pdftotext(const char *pdf)
{
	const char *argv[] = { "pdftotext", "-enc", "UTF-8", pdf, "-", NULL };
	char *text = NULL;

	ck_assert_int_eq(tool(argv, &text, NULL), 0);
	return text;
}

static long pdf_pages(const char *pdf)
{
	const char *argv[] = { "pdfinfo", pdf, NULL };
	char *out = NULL, *p;
	long n = -1;

	ck_assert_int_eq(tool(argv, &out, NULL), 0);
	if ((p = strstr(out, "\nPages:")))
		n = strtol(p + 7, NULL, 10);
	free(out);
	ck_assert_int_gt(n, 0);
	return n;
}

/* The text of each page (pdftotext ends each with a form feed); NULL-terminated,
 * pointing into `text`, which it modifies. */
static char **split_pages(char *text, long *n)
{
	char **pages = NULL;
	long k = 0;

	for (char *p = text, *ff; (ff = strchr(p, '\f')); p = ff + 1) {
		*ff = '\0';
		pages = realloc(pages, (size_t)(k + 2) * sizeof(*pages));
		pages[k++] = p;
	}
	if (!pages)
		pages = malloc(sizeof(*pages));
	pages[k] = NULL;
	*n = k;
	return pages;
}

/* The string values of the nodes an XPath expression selects in the XML file. */
static char **xml_values(const char *xml, const char *xpath, size_t *n)
{
	struct tu_xml *x = tu_xml_open(xml);
	char **v = tu_xml_all(x, n, "%s", xpath);

	tu_xml_close(x);
	return v;
}

static void free_values(char **v, size_t n)
{
	(void)n;
	tu_strv_free(v);
}

/* The lines of s made only of [0-9a-z], joined: a long token wrapped over lines (and
 * pages, whose other lines all hold something else) read back whole. */
static char *token_lines(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;

	while (*s) {
		size_t n = strcspn(s, "\n\f"), i;
		for (i = 0; i < n && ((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'z'));
		     i++)
			;
		if (i == n) {
			memcpy(o, s, n);
			o += n;
		}
		s += n + (s[n] != '\0');
	}
	*o = '\0';
	return out;
}

/* Files in dir whose names end with suffix. */
static int count_files(const char *dir, const char *suffix)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	if (!d)
		return 0;
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name), s = strlen(suffix);
		if (l >= s && !strcmp(de->d_name + l - s, suffix))
			n++;
	}
	closedir(d);
	return n;
}

/* Every page says "page k of N" with the right N, and carries the XML's SHA-256. */
static void check_footers(char *text, long npages, const char *xml)
{
	char hex[SHA256_HEX_LEN + 1], want[64];
	long n;
	char **pages = split_pages(text, &n);

	ck_assert_int_eq(n, npages);
	tu_file_sha256(xml, hex);
	for (long k = 0; k < n; k++) {
		snprintf(want, sizeof(want), "page %ld of %ld", k + 1, npages);
		ck_assert_msg(strstr(pages[k], want), "page %ld lacks '%s'", k + 1, want);
		snprintf(want, sizeof(want), "第 %ld 頁，共 %ld 頁", k + 1, npages);
		ck_assert_msg(strstr(pages[k], want), "page %ld lacks '%s'", k + 1, want);
		ck_assert_msg(strstr(pages[k], hex), "page %ld lacks the XML's SHA-256", k + 1);
		ck_assert_msg(strstr(pages[k], "Rule catalog version"), "page %ld: no catalog",
			      k + 1);
	}
	free(pages);
}

/* A word as pdftotext -bbox finds it: its page (1-based), its box in points from the
 * page's top left, and its text (cut at 79 bytes). */
struct word {
	int page;
	double x0, y0, x1, y1;
	char text[80];
};

/* Every word of page `page` of pdf, or of every page when it is 0; *n of them. */
static struct word *pdf_words(const char *pdf, int page, size_t *n)
{
	char pg[16], *html = NULL;
	const char *all[] = { "pdftotext", "-bbox", pdf, "-", NULL };
	const char *one[] = { "pdftotext", "-bbox", "-f", pg, "-l", pg, pdf, "-", NULL };
	struct word *v = NULL;
	size_t cap = 0;
	int at = page ? page - 1 : 0;

	snprintf(pg, sizeof(pg), "%d", page);
	ck_assert_int_eq(tool(page ? one : all, &html, NULL), 0);
	*n = 0;
	for (char *t = strchr(html, '<'); t; t = strchr(t + 1, '<')) {
		if (!strncmp(t, "<page ", 6)) {
			at++;
		} else if (!strncmp(t, "<word ", 6)) {
			const char *a = strchr(t, '>') + 1, *b = strstr(a, "</word>");
			if (*n == cap)
				v = realloc(v, (cap = cap ? 2 * cap : 256) * sizeof(*v));
			ck_assert_ptr_nonnull(v);
			v[*n].page = at;
			ck_assert_int_eq(sscanf(t, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\""
						" yMax=\"%lf\"",
						&v[*n].x0, &v[*n].y0, &v[*n].x1, &v[*n].y1),
					 4);
			snprintf(v[*n].text, sizeof(v[*n].text), "%.*s",
				 (int)(b - a < 79 ? b - a : 79), a);
			(*n)++;
		}
	}
	free(html);
	return v;
}

/* Every word of every page lies inside the page's left and right margins. */
static void check_inside_margins(const char *pdf)
{
	struct template *t = NULL;
	struct error e = ERROR_INIT;
	size_t n;
	struct word *w = pdf_words(pdf, 0, &n);

	ck_assert_int_eq(template_load(&t, &e), 0);
	for (size_t i = 0; i < n; i++) {
		ck_assert_msg(w[i].x0 >= t->margin_left - 0.5, "'%s' starts left of the margin (%g)",
			      w[i].text, w[i].x0);
		ck_assert_msg(w[i].x1 <= t->page_width - t->margin_right + 0.5,
			      "'%s' runs past the right margin (%g)", w[i].text, w[i].x1);
		ck_assert_msg(w[i].y1 <= t->page_height, "'%s' is below the page", w[i].text);
		/* nor in the bottom margin, above the footer's rule (10 points into it) */
		ck_assert_msg(w[i].y1 <= t->page_height - t->margin_bottom + 0.5 ||
				      w[i].y0 >= t->page_height - t->margin_bottom + 10,
			      "'%s' is drawn in the bottom margin (page %d, %g)", w[i].text,
			      w[i].page, w[i].y1);
	}
	ck_assert_uint_gt(n, 100);
	free(w);
	template_free(t);
}

/* ---- the samples ---- */

static const char *const headings[][2] = {
	{ "營運日時間軸", "Timeline of the operating day" },
	{ "執行摘要", "Execution summary" },
	{ "事件檢討", "Incident review" },
	{ "未解決告警", "Unresolved alerts" },
	{ "日誌完整性檢查", "Log integrity check" },
	{ "稽核發現", "Findings" },
	{ "豁免", "Waivers" },
};

static char *drawn_text(const char *pdf, int first, int last);
static char *template_file(const char *tmp, const char *name, const char *from,
			   const char *to);
static int holds(const char *flat, const char *s);
static char *squeeze(const char *s);
#define ck_holds(flat, s, what)                                                            \
	ck_assert_msg(holds((flat), (s)), "%s: the PDF lacks '%s'", (what), (s))

START_TEST(test_bad_day_says_what_the_xml_says)
{
	char *tmp = tu_tmpdir(), *src = tu_src("samples/bad-day"), *pdf, *xml, *text;
	struct tu_proc p;
	char **rules, **shas;
	size_t nrules, nshas;

	ck_assert_int_eq(review(tmp, "bad", src, "2026-11-27", &pdf, &xml, &p), 1);
	ck_assert_msg(tu_exists(pdf), "no PDF: %s", p.err);
	text = pdftotext(pdf);
	ck_assert_ptr_nonnull(strstr(text, "不合規"));
	ck_assert_ptr_nonnull(strstr(text, "NON-COMPLIANT"));
	ck_assert_ptr_nonnull(strstr(text, "2026-11-27"));
	for (size_t i = 0; i < sizeof(headings) / sizeof(headings[0]); i++) {
		ck_assert_msg(strstr(text, headings[i][0]), "no heading %s", headings[i][0]);
		ck_assert_msg(strstr(text, headings[i][1]), "no heading %s", headings[i][1]);
	}
	/* Every finding's rule, and every input file's SHA-256, as the XML has them. */
	rules = xml_values(xml, "/review/findings/finding/@rule", &nrules);
	ck_assert_int_eq(nrules, 23);
	for (size_t i = 0; i < nrules; i++)
		ck_assert_msg(strstr(text, rules[i]), "finding %s is not in the PDF", rules[i]);
	shas = xml_values(xml, "/review/inputs/input/@sha256", &nshas);
	ck_assert_int_eq(nshas, 24);
	for (size_t i = 0; i < nshas; i++)
		ck_assert_msg(strstr(text, shas[i]), "input %s is not in the PDF", shas[i]);
	check_footers(text, pdf_pages(pdf), xml);
	{ /* on A4 the XML's SHA-256 is beside its label, on the label's line, at the right */
		char hex[SHA256_HEX_LEN + 1];
		size_t nw;
		struct word *w = pdf_words(pdf, 1, &nw);
		double label = -1, digest = -1, right = 0;
		tu_file_sha256(xml, hex);
		for (size_t i = 0; i < nw; i++) {
			if (!strcmp(w[i].text, "SHA-256") && w[i].y0 > 780)
				label = w[i].y1;
			if (!strcmp(w[i].text, hex))
				digest = w[i].y1, right = w[i].x1;
		}
		ck_assert_msg(label > 0 && digest > 0, "the footer's digest or its label is missing");
		ck_assert_msg(fabs(label - digest) < 1.5, "the digest is not beside its label (%g, %g)",
			      label, digest);
		ck_assert_msg(right > 550, "the digest is not at the right (%g)", right);
		free(w);
	}
	ck_assert_int_eq(count_files(tmp, ".tmp"), 0);
	{
		/* each record the XML marks context="true" is marked so in the PDF too */
		char **ctx;
		size_t nctx, marks = 0;
		char *all = drawn_text(pdf, 1, 0);
		ctx = xml_values(xml, "//evidence[@context='true']/@line", &nctx);
		ck_assert_uint_gt(nctx, 0);
		for (const char *q = all; (q = strstr(q, "參考紀錄context")); q++)
			marks++;
		ck_assert_uint_eq(marks, nctx);
		free_values(ctx, nctx);
		free(all);
	}
	{
		/* EXPECTED.md is not read, and the PDF says so once */
		char *all = drawn_text(pdf, 1, 0);
		ck_assert_msg(holds(all, "未讀取notread:notalogfile(.jsonl,.ndjson,.yaml,.yml)"),
			      "EXPECTED.md is not said not read");
		ck_assert_msg(!holds(all, "notalogfile(.jsonl,.ndjson,.yaml,.yml):notread"),
			      "\"not read\" twice");
		free(all);
	}
	free_values(rules, nrules);
	free_values(shas, nshas);
	free(text);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(src), free(pdf), free(xml);
}
END_TEST

START_TEST(test_live_day_is_compliant)
{
	char *tmp = tu_tmpdir(), *src = tu_src("samples/live-day"), *pdf, *xml, *text;
	struct tu_proc p;

	ck_assert_int_eq(review(tmp, "live", src, "2026-11-26", &pdf, &xml, &p), 0);
	text = pdftotext(pdf);
	ck_assert_ptr_nonnull(strstr(text, "合規"));
	ck_assert_ptr_nonnull(strstr(text, "COMPLIANT"));
	ck_assert_ptr_null(strstr(text, "不合規"));
	ck_assert_ptr_null(strstr(text, "NON-COMPLIANT"));
	ck_assert_ptr_nonnull(strstr(text, "2026-11-26"));
	ck_assert_ptr_null(strstr(text, "Rows not shown in this PDF"));
	ck_assert_ptr_null(strstr(text, "Markers not drawn"));
	check_footers(text, pdf_pages(pdf), xml);
	check_inside_margins(pdf);
	free(text);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(src), free(pdf), free(xml);
}
END_TEST

START_TEST(test_cjk_font_is_embedded)
{
	char *tmp = tu_tmpdir(), *src = tu_src("samples/bad-day"), *pdf, *out = NULL;
	const char *argv[] = { "pdffonts", NULL, NULL };
	struct tu_proc p;
	int found = 0;

	review(tmp, "bad", src, "2026-11-27", &pdf, NULL, &p);
	argv[1] = pdf;
	ck_assert_int_eq(tool(argv, &out, NULL), 0);
	for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
		char name[128], t1[32], t2[32], enc[32], emb[8];
		if (!strstr(line, "UMing"))
			continue;
		ck_assert_int_eq(sscanf(line, "%127s %31s %31s %31s %7s", name, t1, t2, enc, emb),
				 5);
		ck_assert_str_eq(t1, "CID");
		ck_assert_str_eq(t2, "TrueType");
		ck_assert_msg(!strcmp(emb, "yes"), "the CJK font is not embedded: %s", line);
		found = 1;
	}
	ck_assert_msg(found, "pdffonts lists no UMing font");
	free(out);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(src), free(pdf);
}
END_TEST

START_TEST(test_every_page_renders)
{
	char *tmp = tu_tmpdir(), *src = tu_src("samples/bad-day"), *pdf, *err = NULL, *root;
	const char *argv[] = { "pdftoppm", "-r", "20", "-png", NULL, NULL, NULL };
	struct tu_proc p;
	long pages;

	review(tmp, "bad", src, "2026-11-27", &pdf, NULL, &p);
	pages = pdf_pages(pdf);
	root = tu_path(tmp, "page");
	argv[4] = pdf;
	argv[5] = root;
	ck_assert_int_eq(tool(argv, NULL, &err), 0);
	/* libharu 2.3's ToUnicode map draws a known, harmless syntax warning; nothing else. */
	for (char *line = strtok(err, "\n"); line; line = strtok(NULL, "\n"))
		ck_assert_msg(strstr(line, "Syntax Warning: Invalid 'begincidrange'"),
			      "pdftoppm: %s", line);
	ck_assert_int_eq(count_files(tmp, ".png"), pages);
	free(err);
	free(root);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(src), free(pdf);
}
END_TEST

/* The PDF's creation date (check_report's test_same_inputs_same_bytes compares the bytes
 * of two runs, XML and PDF). */
START_TEST(test_same_inputs_same_bytes)
{
	char *tmp = tu_tmpdir(), *src = tu_src("samples/bad-day"), *a, *b, *c, *da, *db, *dc;
	size_t na, nb, nc;
	struct tu_proc p;
	const char *argv[] = { "pdfinfo", "-isodates", NULL, NULL };
	char *info = NULL;

	review(tmp, "one", src, "2026-11-27", &a, NULL, &p);
	tu_proc_free(&p);
	da = tu_read(a, &na);
	ck_assert_ptr_nonnull(da);
	/* The same inputs into another store: the same bytes. */
	review(tmp, "two", src, "2026-11-27", &b, NULL, &p);
	tu_proc_free(&p);
	db = tu_read(b, &nb);
	ck_assert_msg(db && nb == na && !memcmp(db, da, na), "two runs, two PDFs");
	/* The creation date is the audited day's local midnight... */
	argv[2] = a;
	ck_assert_int_eq(tool(argv, &info, NULL), 0);
	ck_assert_ptr_nonnull(strstr(info, "2026-11-27T00:00:00+08"));
	free(info);
	/* ... or SOURCE_DATE_EPOCH when set. */
	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	review(tmp, "three", src, "2026-11-27", &c, NULL, &p);
	tu_proc_free(&p);
	argv[2] = c;
	ck_assert_int_eq(tool(argv, &info, NULL), 0);
	ck_assert_ptr_nonnull(strstr(info, "2023-11-14T22:13:20Z"));
	dc = tu_read(c, &nc);
	ck_assert(dc && !(nc == na && !memcmp(dc, da, na)));
	/* digits alone: no word, no blank or sign before them */
	static const char *const not_seconds[] = { " 5", "+5", "soon", "253402300800" };
	for (size_t i = 0; i < sizeof(not_seconds) / sizeof(not_seconds[0]); i++) {
		tu_proc_free(&p);
		setenv("SOURCE_DATE_EPOCH", not_seconds[i], 1);
		ck_assert_int_eq(review(tmp, "four", src, "2026-11-27", NULL, NULL, &p), 2);
		/* the range said too: a number past 9999 is still a number */
		ck_assert_msg(strstr(p.err, "SOURCE_DATE_EPOCH") &&
				      strstr(p.err, "from 0 to 253402300799 (1970 to 9999)"),
			      "%s", p.err);
	}
	unsetenv("SOURCE_DATE_EPOCH");
	/* found before anything is written: no store, no verdict, no report directory */
	{
		char *four_db = tu_path(tmp, "four.db"), *four = tu_path(tmp, "four");
		ck_assert_msg(!tu_exists(four_db) && !tu_exists(four), "written: %s", p.err);
		ck_assert_msg(!strstr(p.err, "COMPLIANT"), "%s", p.err);
		free(four_db), free(four);
	}
	tu_proc_free(&p);
	/* so is a template that is not one */
	{
		char *tpl = tu_path(tmp, "bad-template.yaml"), *five_db = tu_path(tmp, "five.db");
		tu_write(tmp, "bad-template.yaml", "version: 1\n", -1);
		setenv("TAITS_AUDIT_TEMPLATE", tpl, 1);
		ck_assert_int_eq(review(tmp, "five", src, "2026-11-27", NULL, NULL, &p), 2);
		unsetenv("TAITS_AUDIT_TEMPLATE");
		ck_assert_msg(strstr(p.err, "bad-template.yaml") && !tu_exists(five_db), "%s",
			      p.err);
		free(tpl), free(five_db);
	}
	free(info);
	free(da), free(db), free(dc);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(src), free(a), free(b), free(c);
}
END_TEST

/* ---- a generated day of 2,000 findings ---- */

/* 2,000 resolved INFO alerts whose correlation IDs are too short (one LINK-CID-FORMAT
 * finding each) and one open alert with a long message: CJK without spaces, then a long
 * unbroken Latin token. Saturday 2026-11-28: no session, nothing else to find. */
static const char long_zh_unit[] = "甲乙丙丁戊己庚辛壬癸";
static const char long_token[] =
	"x0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123456789"
	"abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghij";

static char *make_bundle(const char *tmp)
{
	struct buf b = BUF_INIT;
	char *dir = tu_path(tmp, "bundle");

	for (int i = 1; i <= 2000; i++)
		buf_addf(&b,
			 "{\"kind\": \"alert\", \"ts\": \"2026-11-28T10:%02d:%02d+08:00\","
			 " \"source\": \"monitor\", \"seq\": %d, \"environment\": \"live\","
			 " \"alert_id\": \"ALR-20261128-%04d\", \"severity\": \"INFO\","
			 " \"component\": \"execution\", \"message\": \"quote feed stale\","
			 " \"correlation_id\": \"FLOW-%d\", \"status\": \"resolved\"}\n",
			 i / 60 % 60, i % 60, i, i, i % 100);
	buf_addf(&b,
		 "{\"kind\": \"alert\", \"ts\": \"2026-11-28T11:00:00+08:00\","
		 " \"source\": \"monitor\", \"seq\": 2001, \"environment\": \"live\","
		 " \"alert_id\": \"ALR-20261128-LONG\", \"severity\": \"WARN\","
		 " \"component\": \"execution\", \"message\": \"");
	for (int i = 0; i < 40; i++)
		buf_adds(&b, long_zh_unit);
	buf_addf(&b, " %s\", \"correlation_id\": \"FLOW-20261128-LONG\", \"status\": \"open\"}\n",
		 long_token);
	tu_write(dir, "events.jsonl", b.data, (long)b.len);
	buf_release(&b);
	return dir;
}

START_TEST(test_two_thousand_findings_paginate)
{
	char *tmp = tu_tmpdir(), *src = make_bundle(tmp), *pdf, *xml, *text, *flat, **pages;
	struct tu_proc p;
	long npages, n, with_rows = 0, headers = 0;
	size_t nrules;
	char **rules;

	ck_assert_int_eq(review(tmp, "big", src, "2026-11-28", &pdf, &xml, &p), 1);
	rules = xml_values(xml, "/review/findings/finding/@rule", &nrules);
	ck_assert_int_eq(nrules, 2000);
	npages = pdf_pages(pdf);
	ck_assert_int_gt(npages, 60);
	text = pdftotext(pdf);
	ck_assert_ptr_nonnull(strstr(text, "events.jsonl:2000"));
	ck_assert_int_ge(tu_count(text, "LINK-CID-FORMAT"), 2000);
	/* The long message wraps without losing or splitting a character: each of its
	 * characters, found nowhere else, is there 40 times, and nothing was replaced. */
	ck_assert_msg(utf8_valid((const unsigned char *)text, strlen(text), NULL), "not UTF-8");
	ck_assert_ptr_null(strstr(text, "\xEF\xBF\xBD"));
	for (const char *c = long_zh_unit; *c;) {
		char one[8] = "";
		memcpy(one, c, 3); /* every character of the unit takes 3 bytes */
		ck_assert_msg(tu_count(text, one) == 40, "'%s' appears %d times, not 40", one,
			      tu_count(text, one));
		c += 3;
	}
	flat = token_lines(text);
	ck_assert_msg(strstr(flat, long_token), "the long token is not intact");
	free(flat);
	/* A finding's number is on one line, beside its rule: "1500" broken after "150"
	 * reads as finding 150. */
	for (int k = 1000; k <= 2000; k++) {
		char no[32];
		snprintf(no, sizeof(no), "%d LINK-CID-FORMAT", k);
		ck_assert_msg(tu_count(text, no) == 1, "finding %d: '%s' found %d times", k, no,
			      tu_count(text, no));
	}

	/* Each page of findings repeats the table header, once; no other page has it. */
	{
		char *copy = strdup(text);
		pages = split_pages(copy, &n);
		ck_assert_int_eq(n, npages);
		for (long k = 1; k < n; k++) { /* page 1 lists what to read first, headerless */
			int rows = strstr(pages[k], "§3.2") != NULL; /* rule LINK-CID-FORMAT's */
			int head = tu_count(pages[k], "證據");
			ck_assert_msg(head == rows, "page %ld: %d header(s), %s", k + 1, head,
				      rows ? "findings" : "no findings");
			ck_assert_int_eq(tu_count(pages[k], "Evidence"), rows);
			with_rows += rows;
			headers += head;
		}
		free(pages);
		free(copy);
	}
	ck_assert_int_gt(with_rows, 60);
	ck_assert_int_eq(headers, with_rows);
	check_footers(text, npages, xml);
	free_values(rules, nrules);
	free(text);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(src), free(pdf), free(xml);
}
END_TEST

START_TEST(test_long_text_stays_inside_the_margins)
{
	char *tmp = tu_tmpdir(), *src = make_bundle(tmp), *pdf;
	char *tpl = template_file(tmp, "short.yaml", "max_findings: 5000", "max_findings: 10");
	struct tu_proc p;

	/* A short report of the same day, through a template that renders 10 findings. */
	setenv("TAITS_AUDIT_TEMPLATE", tpl, 1);
	ck_assert_int_eq(review(tmp, "short", src, "2026-11-28", &pdf, NULL, &p), 1);
	unsetenv("TAITS_AUDIT_TEMPLATE");
	{
		char *text = pdftotext(pdf);
		ck_assert_ptr_nonnull(strstr(text, "Findings not shown in this PDF: 1,990"));
		ck_assert_ptr_null(strstr(text, "events.jsonl:11\n"));
		ck_assert_int_lt(pdf_pages(pdf), 8);
		free(text);
		/* by severity, as a cut may leave out a whole one */
		text = drawn_text(pdf, 1, 0);
		ck_holds(text, "Findings not shown in this PDF: 1,990 (critical 0, major 0, minor"
			       " 1,990, waived 0)", "the cut's severities");
		free(text);
	}
	check_inside_margins(pdf);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(src), free(tpl), free(pdf);
}
END_TEST

/* Five alerts graded SEVERE: ten findings, five major (DO-5.3-SEVERITY) and five minor.
 * Under max_findings 10 the Findings section is whole and nothing says it was cut; with
 * the major ones waived and max_findings 4, the line under the cut counts what is left
 * out by severity, the waived ones apart from the four drawn. */
START_TEST(test_findings_cut_at_max_findings_exactly)
{
	char *tmp = tu_tmpdir(), *src = tu_path(tmp, "b"), *day = tu_path(src, "2026-11-28");
	char *t10 = template_file(tmp, "f10.yaml", "max_findings: 5000", "max_findings: 10");
	char *t4 = template_file(tmp, "f4.yaml", "max_findings: 5000", "max_findings: 4");
	char *conf = tu_path(tmp, "w.yaml"), *pdf, *flat;
	const char *extra[] = { "--quiet", "--config", conf, NULL };
	struct tu_proc p;

	tu_write_bad_alerts(src, "2026-11-28", 5);
	tu_write_waiver(tmp, "w.yaml", "DO-5.3-SEVERITY", "{environment: \"*\"}", "regraded",
			"2099-12-31");
	setenv("TAITS_AUDIT_TEMPLATE", t10, 1);
	ck_assert_int_eq(review(tmp, "ten", day, "2026-11-28", &pdf, NULL, &p), 1);
	unsetenv("TAITS_AUDIT_TEMPLATE");
	flat = drawn_text(pdf, 0, 0);
	ck_assert_msg(!holds(flat, "This PDF lists"), "page 1 says 10 findings of 10 were cut");
	ck_assert_msg(!holds(flat, "Findings not shown in this PDF"), "a cut of none is said");
	free(flat), free(pdf);
	tu_proc_free(&p);

	setenv("TAITS_AUDIT_TEMPLATE", t4, 1);
	{
		char *db = tu_path(tmp, "four.db"), *out = tu_path(tmp, "four");
		ck_assert_int_eq(tu_review(&p, db, out, "2026-11-28", day, extra), 1);
		pdf = tu_path(out, "review-all-2026-11-28.pdf");
		free(db), free(out);
	}
	unsetenv("TAITS_AUDIT_TEMPLATE");
	flat = drawn_text(pdf, 0, 0);
	ck_holds(flat, "This PDF lists 4 of the findings, by severity; the other 6 are in the XML",
		 "page 1");
	ck_holds(flat, "Findings not shown in this PDF: 6 (critical 0, major 0, minor 5, waived 1)",
		 "the cut's severities");
	free(flat);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(src), free(day), free(t10), free(t4), free(conf), free(pdf);
}
END_TEST

/* What to read first lists findings that need action: the waived ones are left to the
 * Findings section, however severe. Five alerts graded SEVERE, their five major findings
 * waived: page one lists the five minor ones. */
START_TEST(test_read_first_skips_waived)
{
	char *tmp = tu_tmpdir(), *src = tu_path(tmp, "b"), *day = tu_path(src, "2026-11-28");
	char *conf = tu_path(tmp, "w.yaml"), *db = tu_path(tmp, "s.db"), *out = tu_path(tmp, "o");
	char *pdf = tu_path(out, "review-all-2026-11-28.pdf"), *first;
	const char *extra[] = { "--quiet", "--config", conf, NULL };
	struct tu_proc p;

	tu_write_bad_alerts(src, "2026-11-28", 5);
	tu_write_waiver(tmp, "w.yaml", "DO-5.3-SEVERITY", "{environment: \"*\"}", "regraded",
			"2099-12-31");
	ck_assert_int_eq(tu_review(&p, db, out, "2026-11-28", day, extra), 1);
	tu_proc_free(&p);
	first = drawn_text(pdf, 1, 1);
	ck_assert_int_eq(tu_count(first, "LINK-CID-FORMAT"), 5);
	ck_assert_msg(!holds(first, "DO-5.3-SEVERITY"), "page 1 lists a waived finding to read first");
	free(first);
	tu_rmrf(tmp);
	free(tmp), free(src), free(day), free(conf), free(db), free(out), free(pdf);
}
END_TEST

/* The PDF carries the settings in force, as the XML does (tailoring.md: the effective
 * tailoring is written into every report): a threshold loosened and a session shortened
 * show beside the defaults left as they are. */
START_TEST(test_provenance_lists_the_settings)
{
	char *tmp = tu_tmpdir(), *conf = tu_path(tmp, "g.yaml"), *db = tu_path(tmp, "s.db");
	char *out = tu_path(tmp, "o"), *pdf = tu_path(out, "review-all-2026-11-27.pdf"), *text;
	char *bundle = tu_src("tests/rules/DO-5.2-MONITOR-GAP.violation/bundle");
	const char *extra[] = { "--quiet", "--config", conf, NULL };
	struct tu_proc p;

	tu_write(tmp, "g.yaml",
		 "monitor_max_gap_s: 89\ntrading_session: {open: \"09:00\", close: \"09:05\"}\n", -1);
	tu_review(&p, db, out, "2026-11-27", bundle, extra);
	tu_proc_free(&p);
	text = pdftotext(pdf);
	ck_assert_ptr_nonnull(text);
	/* each row is its name, then its value, then the next row's name */
	size_t n = 0;
	for (const char *c = text; *c; c++)
		if (!strchr(" \t\n\f", *c))
			text[n++] = *c;
	text[n] = '\0';
	ck_assert_msg(strstr(text, "monitor_max_gap_s89degrade_within_s60"), "%s", text);
	ck_assert_msg(strstr(text, "trading_session.open09:00trading_session.close09:05"), "%s",
		      text);
	ck_assert_msg(strstr(text, "kill_within_s10incident_stop_within_s300"), "%s", text);
	ck_assert_msg(strstr(text, "trading_session.holidays-monitor_max_gap_s"), "%s", text);
	free(text);
	tu_rmrf(tmp);
	free(tmp), free(conf), free(db), free(out), free(pdf), free(bundle);
}
END_TEST

/* A table other than the findings stops at the template's max_rows and says how many rows
 * more the XML lists; markers with no room left in the picture are counted, not drawn past
 * its edge. 60 kill switch tests in one minute and 30 open alerts, under max_rows 25. */
START_TEST(test_long_tables_say_how_many_more)
{
	char *tmp = tu_tmpdir(), *src = tu_path(tmp, "b"), *tpl, *pdf, *xml, *text, *at;
	struct buf b = BUF_INIT;
	struct tu_proc p;
	size_t nmarkers, nalerts;
	char **v;
	long undrawn;

	for (int i = 1; i <= 60; i++)
		buf_addf(&b, "{\"kind\":\"kill_switch\",\"ts\":\"2026-11-28T09:10:%02d+08:00\","
			     "\"source\":\"killswitch\",\"seq\":%d,\"environment\":\"sim\","
			     "\"action\":\"test\",\"result\":\"ok\","
			     "\"correlation_id\":\"KS-TEST-SIM-20261128-%04d\",\"trigger\":\"manual\"}\n",
			 i - 1, i, i);
	tu_write(src, "killswitch.jsonl", b.data, (long)b.len);
	buf_reset(&b);
	for (int i = 1; i <= 30; i++)
		buf_addf(&b, "{\"kind\":\"alert\",\"ts\":\"2026-11-28T10:%02d:00+08:00\","
			     "\"source\":\"monitor\",\"seq\":%d,\"environment\":\"sim\","
			     "\"alert_id\":\"ALR-20261128-%04d\",\"severity\":\"WARN\","
			     "\"component\":\"execution\",\"message\":\"slow\","
			     "\"correlation_id\":\"FLOW-20261128-%04d\",\"status\":\"open\"}\n",
			 i, i, i, i);
	tu_write(src, "monitor.jsonl", b.data, (long)b.len);
	buf_release(&b);

	tpl = template_file(tmp, "rows.yaml", "max_rows: 1000", "max_rows: 25");
	setenv("TAITS_AUDIT_TEMPLATE", tpl, 1);
	ck_assert_int_le(review(tmp, "rows", src, "2026-11-28", &pdf, &xml, &p), 1);
	unsetenv("TAITS_AUDIT_TEMPLATE");

	/* The XML lists every one. */
	v = xml_values(xml, "//marker/@at", &nmarkers);
	ck_assert_int_eq(nmarkers, 60);
	free_values(v, nmarkers);
	v = xml_values(xml, "//alert/@id", &nalerts);
	ck_assert_int_eq(nalerts, 30);
	free_values(v, nalerts);

	text = pdftotext(pdf);
	ck_assert_ptr_nonnull(strstr(text, "Rows not shown in this PDF: 35; see the XML report"));
	ck_assert_ptr_nonnull(strstr(text, "另有 35 列未列於本 PDF"));
	ck_assert_ptr_nonnull(strstr(text, "Rows not shown in this PDF: 5; see the XML report"));
	ck_assert_ptr_nonnull(strstr(text, "KS-TEST-SIM-20261128-0025"));
	ck_assert_ptr_null(strstr(text, "KS-TEST-SIM-20261128-0026"));
	ck_assert_ptr_nonnull(strstr(text, "ALR-20261128-0025"));
	ck_assert_ptr_null(strstr(text, "ALR-20261128-0026"));
	/* 60 markers within a minute fill the track: the rest are counted. */
	at = strstr(text, "Markers not drawn for lack of room: ");
	ck_assert_ptr_nonnull(at);
	undrawn = strtol(at + strlen("Markers not drawn for lack of room: "), NULL, 10);
	ck_assert_int_gt(undrawn, 0);
	ck_assert_int_lt(undrawn, 60);
	free(text);
	check_inside_margins(pdf);
	tu_proc_free(&p);
	free(pdf), free(xml);

	/* Under the built-in template, nothing of this day is cut but the picture. */
	ck_assert_int_le(review(tmp, "full", src, "2026-11-28", &pdf, NULL, &p), 1);
	text = pdftotext(pdf);
	ck_assert_ptr_null(strstr(text, "Rows not shown in this PDF"));
	ck_assert_ptr_nonnull(strstr(text, "KS-TEST-SIM-20261128-0060"));
	ck_assert_ptr_nonnull(strstr(text, "ALR-20261128-0030"));
	ck_assert_ptr_nonnull(strstr(text, "Markers not drawn for lack of room: "));
	free(text);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(src), free(tpl), free(pdf);
}
END_TEST

/* max_rows is the most rows a table draws: one row over it is cut, and the note says 1
 * (a table of max_rows rows exactly is whole, with no note). 26, then 25, open alerts
 * under max_rows 25. */
START_TEST(test_one_row_over_max_rows_is_cut)
{
	char *tmp = tu_tmpdir(), *tpl = template_file(tmp, "rows.yaml", "max_rows: 1000",
						      "max_rows: 25");

	for (int nalerts = 26; nalerts >= 25; nalerts--) {
		char name[16], *src, *pdf, *flat;
		struct buf b = BUF_INIT;
		struct tu_proc p;
		snprintf(name, sizeof(name), "b%d", nalerts);
		src = tu_path(tmp, name);
		for (int i = 1; i <= nalerts; i++)
			buf_addf(&b, "{\"kind\":\"alert\",\"ts\":\"2026-11-28T10:%02d:00+08:00\","
				     "\"source\":\"monitor\",\"seq\":%d,\"environment\":\"sim\","
				     "\"alert_id\":\"ALR-20261128-%04d\",\"severity\":\"WARN\","
				     "\"component\":\"execution\",\"message\":\"slow\","
				     "\"correlation_id\":\"FLOW-20261128-%04d\",\"status\":\"open\"}\n",
				 i, i, i, i);
		tu_write(src, "monitor.jsonl", b.data, (long)b.len);
		buf_release(&b);
		setenv("TAITS_AUDIT_TEMPLATE", tpl, 1);
		snprintf(name, sizeof(name), "r%d", nalerts);
		ck_assert_int_le(review(tmp, name, src, "2026-11-28", &pdf, NULL, &p), 1);
		unsetenv("TAITS_AUDIT_TEMPLATE");
		flat = drawn_text(pdf, 0, 0);
		ck_holds(flat, "ALR-20261128-0025", "the 25th alert");
		if (nalerts == 26) {
			ck_assert_msg(!holds(flat, "ALR-20261128-0026"),
				      "26 rows drawn under max_rows 25");
			ck_holds(flat, "Rows not shown in this PDF: 1; see the XML report",
				 "the one row cut");
			ck_holds(flat, "另有 1 列未列於本 PDF", "the one row cut");
		} else {
			ck_assert_msg(!holds(flat, "Rows not shown in this PDF"),
				      "a whole table of max_rows rows says it was cut");
		}
		free(flat);
		tu_proc_free(&p);
		free(src), free(pdf);
	}
	tu_rmrf(tmp);
	free(tmp), free(tpl);
}
END_TEST

/* The x (points from the left) of the centre of the word `word` on the first page that
 * holds both `word` and `also`; its page number and top in *page and *top. Returns -1
 * when no page holds both. */
static float word_x(const char *pdf, const char *word, const char *also, int *page, float *top)
{
	size_t n;
	struct word *w = pdf_words(pdf, 0, &n);
	float x = -1;

	for (size_t i = 0; i < n && x < 0; i++) {
		if (strcmp(w[i].text, word))
			continue;
		for (size_t k = 0; k < n; k++)
			if (w[k].page == w[i].page && !strcmp(w[k].text, also)) {
				x = (float)(w[i].x0 + w[i].x1) / 2;
				*top = (float)w[i].y0;
				*page = w[i].page;
				break;
			}
	}
	free(w);
	return x;
}

/* The x range, in points, of the pixels of colour rgb on page `page` rendered at 144 dpi,
 * between y0 and y1 points from the top. Returns how many there are. */
static long colour_span(const char *tmp, const char *pdf, int page, const unsigned char rgb[3],
			float y0, float y1, float *xmin, float *xmax)
{
	char pg[16], *prefix = tu_path(tmp, "page"), *ppm, *img;
	const char *argv[] = { "pdftoppm", "-r", "144", "-f", pg, "-l", pg, "-singlefile",
			       pdf, prefix, NULL };
	size_t len;
	int w, h, max, off = 0;
	long n = 0;

	snprintf(pg, sizeof(pg), "%d", page);
	ck_assert_int_eq(tool(argv, NULL, NULL), 0);
	ppm = tu_path(tmp, "page.ppm");
	img = tu_read(ppm, &len);
	ck_assert_ptr_nonnull(img);
	ck_assert_int_eq(sscanf(img, "P6 %d %d %d%n", &w, &h, &max, &off), 3);
	off++; /* the one whitespace after the maximum */
	ck_assert_uint_ge(len, (size_t)off + (size_t)w * (size_t)h * 3);
	*xmin = 1e9f, *xmax = -1;
	for (int y = (int)(y0 * 2); y < (int)(y1 * 2) && y < h; y++)
		for (int x = 0; x < w; x++) {
			const unsigned char *px = (const unsigned char *)img + off +
						  ((size_t)y * (size_t)w + (size_t)x) * 3;
			if (abs(px[0] - rgb[0]) + abs(px[1] - rgb[1]) + abs(px[2] - rgb[2]) < 40) {
				n++;
				*xmin = (float)x / 2 < *xmin ? (float)x / 2 : *xmin;
				*xmax = (float)x / 2 > *xmax ? (float)x / 2 : *xmax;
			}
		}
	free(prefix), free(ppm), free(img);
	return n;
}

/* Pixels of colour rgb in the square of 2 points around (x, y) points from the page's top
 * left, rendered at 1152 dpi (16 pixels a point): a band a quarter point wide is 4 pixels. */
static long colour_near(const char *tmp, const char *pdf, int page, const unsigned char rgb[3],
			float x, float y)
{
	char pg[16], cx[16], cy[16], *prefix = tu_path(tmp, "zoom"), *ppm, *img;
	const char *argv[] = { "pdftoppm", "-r", "1152", "-f", pg, "-l", pg, "-x", cx, "-y", cy,
			       "-W", "32", "-H", "32", "-singlefile", pdf, prefix, NULL };
	size_t len;
	int w, h, max, off = 0;
	long n = 0;

	snprintf(pg, sizeof(pg), "%d", page);
	snprintf(cx, sizeof(cx), "%d", (int)((x - 1) * 16));
	snprintf(cy, sizeof(cy), "%d", (int)((y - 1) * 16));
	ck_assert_int_eq(tool(argv, NULL, NULL), 0);
	ppm = tu_path(tmp, "zoom.ppm");
	img = tu_read(ppm, &len);
	ck_assert_ptr_nonnull(img);
	ck_assert_int_eq(sscanf(img, "P6 %d %d %d%n", &w, &h, &max, &off), 3);
	off++;
	ck_assert_uint_ge(len, (size_t)off + (size_t)w * (size_t)h * 3);
	for (long i = 0; i < (long)w * h; i++) {
		const unsigned char *px = (const unsigned char *)img + off + (size_t)i * 3;
		n += abs(px[0] - rgb[0]) + abs(px[1] - rgb[1]) + abs(px[2] - rgb[2]) < 40;
	}
	free(prefix), free(ppm), free(img);
	return n;
}

/* A run mode held for a millisecond on a day's picture is drawn a quarter point wide, so
 * that it shows; and the band after it keeps its name, drawn where its own time puts it. */
START_TEST(test_brief_mode_shows)
{
	static const unsigned char magenta[3] = { 255, 0, 255 };
	/* two days of live: a millisecond of live_execution at noon of a whole-day picture;
	 * and one whose observe_only band after such a millisecond has just room for its name */
	static const char *const days[][5] = {
		{ "2026-12-01", "00:30:00.000", "12:00:00.000", "12:00:00.001", "23:30:00.000" },
		{ "2026-12-02", "08:00:00.000", "10:00:00.000", "10:00:00.001", "10:21:57.001" },
	};
	static const char *const to[] = { "disabled", "live_execution", "observe_only", "disabled" };
	char *tmp = tu_tmpdir(), *src = tu_path(tmp, "b"), *tpl, *pdf[2];
	struct buf b = BUF_INIT;
	struct tu_proc p;
	float x12, top;
	int page;

	for (int d = 0; d < 2; d++)
		for (int k = 0; k < 4; k++)
			buf_addf(&b, "{\"kind\":\"mode_change\",\"ts\":\"%sT%s+08:00\","
				     "\"source\":\"ops\",\"seq\":%d,\"environment\":\"live\","
				     "\"deployment_id\":\"DEP-20261201-01\",\"from\":null,"
				     "\"to\":\"%s\",\"actor\":\"ops.lin\"}\n",
				 days[d][0], days[d][k + 1], d * 4 + k + 1, to[k]);
	tu_write(src, "ops.jsonl", b.data, (long)b.len);
	buf_release(&b);
	tpl = template_file(tmp, "t.yaml", "mode_live_execution: \"#2e7d32\"",
			    "mode_live_execution: \"#ff00ff\"");
	setenv("TAITS_AUDIT_TEMPLATE", tpl, 1);
	for (int d = 0; d < 2; d++) {
		ck_assert_int_le(review(tmp, d ? "named" : "brief", src, days[d][0], &pdf[d], NULL,
					&p), 1);
		tu_proc_free(&p);
	}
	unsetenv("TAITS_AUDIT_TEMPLATE");
	/* the band lies in the 22 points above the hour labels */
	x12 = word_x(pdf[0], "12:00", "06:00", &page, &top);
	ck_assert_msg(x12 > 0, "no 12:00 hour label");
	{
		long found = 0;
		for (float y = top - 22; y < top - 2 && !found; y += 1)
			found = colour_near(tmp, pdf[0], page, magenta, x12, y);
		ck_assert_msg(found > 0, "the millisecond of live_execution at 12:00 is not drawn");
	}
	/* the second day's observe_only band, 10:00:00.001 to 10:21:57, is named in the
	 * picture: above its hour labels */
	x12 = word_x(pdf[1], "10:00", "09:00", &page, &top);
	ck_assert_msg(x12 > 0, "no 10:00 hour label");
	{
		size_t n;
		struct word *w = pdf_words(pdf[1], page, &n);
		int named = 0;
		for (size_t i = 0; i < n; i++)
			named += !strcmp(w[i].text, "僅觀察") && w[i].y1 < top && w[i].y0 > top - 40;
		free(w);
		ck_assert_msg(named == 1, "the observe_only band is named %d times", named);
	}
	tu_rmrf(tmp);
	free(tmp), free(src), free(tpl), free(pdf[0]), free(pdf[1]);
}
END_TEST

/* A crowded track never moves a marker far from its time, and draws the kinds that call
 * for action before the others: 40 kill switch tests from 09:00 to 10:57 and 30 CRITICAL
 * alerts from 13:10 to 13:15, in colours of their own. Where they land is read off the
 * rendered page against the hour labels' positions. */
START_TEST(test_timeline_keeps_markers_at_their_time)
{
	static const unsigned char magenta[3] = { 255, 0, 255 }, cyan[3] = { 0, 255, 255 };
	char *tmp = tu_tmpdir(), *src = tu_path(tmp, "b"), *tpl, *pdf, *text;
	struct buf b = BUF_INIT;
	struct tu_proc p;
	float x10, x13, top, per_min, lo, hi, y, slack;
	int page, page13;

	for (int i = 0; i < 40; i++)
		buf_addf(&b, "{\"kind\":\"kill_switch\",\"ts\":\"2026-11-26T%02d:%02d:00+08:00\","
			     "\"source\":\"killswitch\",\"seq\":%d,\"environment\":\"live\","
			     "\"action\":\"test\",\"result\":\"ok\","
			     "\"correlation_id\":\"KS-TEST-LIVE-20261126-%04d\"}\n",
			 9 + i * 3 / 60, i * 3 % 60, i + 1, i + 1);
	for (int i = 0; i < 30; i++)
		buf_addf(&b, "{\"kind\":\"alert\",\"ts\":\"2026-11-26T13:%02d:%02d+08:00\","
			     "\"source\":\"monitor\",\"seq\":%d,\"environment\":\"live\","
			     "\"alert_id\":\"ALR-20261126-%04d\",\"severity\":\"CRITICAL\","
			     "\"component\":\"execution\",\"message\":\"feed down\","
			     "\"correlation_id\":\"FLOW-20261126-%04d\",\"status\":\"open\"}\n",
			 10 + i * 10 / 60, i * 10 % 60, i + 1, i + 1, i + 1);
	tu_write(src, "events.jsonl", b.data, (long)b.len);
	buf_release(&b);
	tpl = template_file(tmp, "t1.yaml", "marker_critical_alert: \"#d50000\"",
			    "marker_critical_alert: \"#ff00ff\"");
	{
		char *yaml = tu_read(tpl, NULL), *at = strstr(yaml, "\"#ef6c00\"");
		ck_assert_ptr_nonnull(at);
		memcpy(at, "\"#00ffff\"", 9);
		tu_write(tmp, "t2.yaml", yaml, -1);
		free(yaml), free(tpl);
		tpl = tu_path(tmp, "t2.yaml");
	}
	setenv("TAITS_AUDIT_TEMPLATE", tpl, 1);
	ck_assert_int_eq(review(tmp, "crowd", src, "2026-11-26", &pdf, NULL, &p), 1);
	unsetenv("TAITS_AUDIT_TEMPLATE");
	text = pdftotext(pdf);
	ck_assert_ptr_nonnull(strstr(text, "Markers not drawn for lack of room: "));
	free(text);

	/* the picture's scale, from the hour labels under its track */
	x10 = word_x(pdf, "10:00", "13:00", &page, &top);
	x13 = word_x(pdf, "13:00", "10:00", &page13, &y);
	ck_assert_msg(x10 > 0 && x13 > x10 && page == page13, "no hour labels found");
	per_min = (x13 - x10) / 180;
	/* a marker is drawn within one and a half widths (9.4 points) of its time, and is
	 * itself 8.4 points wide */
	slack = 1.5f * 9.4f + 4.2f + 1;
	/* the track and band lie within 40 points above the labels */
	ck_assert_int_gt(colour_span(tmp, pdf, page, magenta, top - 40, top, &lo, &hi), 0);
	ck_assert_msg(lo >= x13 + 10 * per_min - slack && hi <= x13 + 15 * per_min + slack,
		      "CRITICAL alerts of 13:10-13:15 drawn from x %.1f to %.1f, their times at"
		      " %.1f to %.1f",
		      lo, hi, x13 + 10 * per_min, x13 + 15 * per_min);
	ck_assert_int_gt(colour_span(tmp, pdf, page, cyan, top - 40, top, &lo, &hi), 0);
	ck_assert_msg(lo >= x10 - 60 * per_min - slack && hi <= x10 + 57 * per_min + slack,
		      "tests of 09:00-10:57 drawn from x %.1f to %.1f, their times at %.1f to %.1f",
		      lo, hi, x10 - 60 * per_min, x10 + 57 * per_min);
	tu_proc_free(&p);
	free(pdf);

	/* At the track's ends, where markers can move one way only, three of one instant
	 * fit too: two activations and a CRITICAL alert at 08:00 and at 15:00. */
	{
		struct buf e = BUF_INIT;
		float x08, x15, top15;
		int page15;
		for (int end = 0; end < 2; end++) {
			const char *at = end ? "15:00:00" : "08:00:00";
			for (int k = 0; k < 2; k++)
				buf_addf(&e, "{\"kind\":\"kill_switch\",\"ts\":\"2026-11-26T%s+08:00\","
					     "\"source\":\"ks%d\",\"seq\":%d,\"environment\":\"live\","
					     "\"action\":\"activate\",\"result\":\"ok\","
					     "\"correlation_id\":\"KS-LIVE-20261126-%d%d\"}\n",
					 at, k, end + 1, end, k);
			for (int k = 0; k < 3; k++)
				buf_addf(&e, "{\"kind\":\"alert\",\"ts\":\"2026-11-26T%s+08:00\","
					     "\"source\":\"mon%d\",\"seq\":%d,\"environment\":\"live\","
					     "\"alert_id\":\"ALR-E-%d%d\",\"severity\":\"CRITICAL\","
					     "\"component\":\"execution\",\"message\":\"down\","
					     "\"correlation_id\":\"FLOW-20261126-E%d%d\",\"status\":\"open\"}\n",
					 at, k, end + 1, end, k, end, k);
		}
		tu_write(tmp, "ends/events.jsonl", e.data, (long)e.len);
		buf_release(&e);
		free(src);
		src = tu_path(tmp, "ends");
		setenv("TAITS_AUDIT_TEMPLATE", tpl, 1);
		ck_assert_int_eq(review(tmp, "ends", src, "2026-11-26", &pdf, NULL, &p), 1);
		unsetenv("TAITS_AUDIT_TEMPLATE");
		x08 = word_x(pdf, "08:00", "15:00", &page, &top);
		x15 = word_x(pdf, "15:00", "08:00", &page15, &top15);
		ck_assert_msg(x08 > 0 && x15 > x08 && page == page15, "no hour labels found");
		ck_assert_int_gt(colour_span(tmp, pdf, page, magenta, top - 40, top, &lo, &hi), 0);
		ck_assert_msg(lo <= x08 + 3 * 9.4f, "no CRITICAL alert at the start (first at %.1f,"
			      " 08:00 at %.1f)", lo, x08);
		ck_assert_msg(hi >= x15 - 3 * 9.4f, "no CRITICAL alert at the end (last at %.1f,"
			      " 15:00 at %.1f)", hi, x15);
		tu_proc_free(&p);
	}
	tu_rmrf(tmp);
	free(tmp), free(src), free(tpl), free(pdf);
}
END_TEST

/* The picture holds as many lanes as a page does: a day of 32 environments (30 of them
 * invalid labels) draws live and sim first, then as many others as fit, says how many it
 * left out, and draws nothing in the bottom margin, where the footer is. */
START_TEST(test_many_environments_fit_the_page)
{
	char *tmp = tu_tmpdir(), *src = tu_path(tmp, "b"), *pdf, *text, *at;
	struct template *t = NULL;
	struct error e = ERROR_INIT;
	struct buf b = BUF_INIT;
	struct tu_proc p;
	struct word *words;
	size_t nwords;
	long out, labels = 0;

	/* capitals sort before lower case: Desk00 before live and sim */
	for (int i = 0; i < 32; i++) {
		char env[16];
		snprintf(env, sizeof(env), "Desk%02d", i);
		buf_addf(&b, "{\"kind\":\"mode_change\",\"ts\":\"2026-11-28T09:%02d:00+08:00\","
			     "\"source\":\"ops\",\"seq\":%d,\"environment\":\"%s\","
			     "\"deployment_id\":\"D\",\"from\":\"disabled\",\"to\":\"observe_only\","
			     "\"actor\":\"a\"}\n",
			 i, i + 1, i < 30 ? env : i == 30 ? "live" : "sim");
	}
	tu_write(src, "modes.jsonl", b.data, (long)b.len);
	buf_release(&b);
	ck_assert_int_eq(review(tmp, "envs", src, "2026-11-28", &pdf, NULL, &p), 1);
	text = pdftotext(pdf);
	at = strstr(text, "Environments not drawn for lack of room: ");
	ck_assert_ptr_nonnull(at);
	out = strtol(at + strlen("Environments not drawn for lack of room: "), NULL, 10);
	ck_assert_int_gt(out, 0);
	ck_assert_int_lt(out, 32);
	/* A4 holds 18 lanes (README) with the legend and the notes under them on their page */
	ck_assert_int_eq(out, 32 - 18);
	free(text);
	/* the valid environments keep their lanes: the picture's first two */
	text = drawn_text(pdf, 1, 0);
	at = strstr(text, "Timelineoftheoperatingday");
	ck_assert_ptr_nonnull(at);
	ck_assert_ptr_nonnull(strstr(at, "live未宣告"));
	ck_assert_ptr_nonnull(strstr(at, "sim未宣告"));
	ck_assert_ptr_nonnull(strstr(at, "Desk00未宣告"));
	ck_assert(strstr(at, "sim未宣告") < strstr(at, "Desk00未宣告"));
	free(text);
	{ /* the lanes' names, down the left edge under the heading: live, sim, then Desk00 */
		size_t nw, k = 0, lane = 0;
		struct word *w = pdf_words(pdf, 0, &nw);
		const char *want[] = { "live", "sim", "Desk00" };
		while (k < nw && strcmp(w[k].text, "營運日時間軸"))
			k++;
		ck_assert_uint_lt(k, nw);
		for (size_t i = k + 1; i < nw && lane < 3; i++)
			if (w[i].page == w[k].page && w[i].x0 < w[k].x0 + 1)
				ck_assert_msg(!strcmp(w[i].text, want[lane++]), "lane %zu is '%s', not '%s'",
					      lane, w[i].text, want[lane - 1]);
		ck_assert_uint_eq(lane, 3);
		free(w);
	}
	check_inside_margins(pdf);
	tu_proc_free(&p);
	free(pdf);
	/* and the run-mode table, cut to four rows, keeps them too: each is undeclared, then
	 * observe_only */
	{
		char *tpl = template_file(tmp, "four.yaml", "max_rows: 1000", "max_rows: 4");
		setenv("TAITS_AUDIT_TEMPLATE", tpl, 1);
		ck_assert_int_eq(review(tmp, "envs2", src, "2026-11-28", &pdf, NULL, &p), 1);
		unsetenv("TAITS_AUDIT_TEMPLATE");
		text = drawn_text(pdf, 1, 0);
		at = strstr(text, "運行模式Runmodes");
		ck_assert_ptr_nonnull(at);
		ck_assert_ptr_nonnull(strstr(at, "live僅觀察observe_only"));
		ck_assert_ptr_nonnull(strstr(at, "sim僅觀察observe_only"));
		ck_assert_ptr_null(strstr(at, "Desk00未宣告"));
		ck_assert_msg(holds(at, "RowsnotshowninthisPDF:60"), "the run modes cut");
		free(text), free(tpl);
	}

	ck_assert_int_eq(template_load(&t, &e), 0);
	words = pdf_words(pdf, 0, &nwords);
	for (size_t i = 0; i < nwords; i++) {
		if (strncmp(words[i].text, "Desk", 4))
			continue;
		labels++;
		ck_assert_msg(words[i].y1 <= t->page_height - t->margin_bottom + 0.5,
			      "'%s' is drawn in the bottom margin (%g)", words[i].text, words[i].y1);
	}
	ck_assert_int_gt(labels, 30);
	free(words);
	template_free(t);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(src), free(pdf);
}
END_TEST

/* A table cut short leaves out what matters least: the open alerts list those CRITICAL
 * first, the markers list activations, incidents and CRITICAL alerts before the tests,
 * and each says so above it; page 1 counts the CRITICAL alerts among the unresolved, and
 * says when the Findings section stops short. 60 kill switch tests and 30 open WARN
 * alerts, then one CRITICAL alert at the day's last instant, under max_rows 25 and
 * max_findings 1. Under the built-in template nothing is cut, and nothing said. */
START_TEST(test_cut_tables_keep_what_matters)
{
	char *tmp = tu_tmpdir(), *src = tu_path(tmp, "b"), *tpl, *pdf, *xml, *flat, *first;
	struct buf b = BUF_INIT;
	struct tu_proc p;
	struct tu_xml *x;
	char other[160];
	int nfindings;

	for (int i = 1; i <= 60; i++)
		buf_addf(&b, "{\"kind\":\"kill_switch\",\"ts\":\"2026-11-28T09:10:%02d+08:00\","
			     "\"source\":\"killswitch\",\"seq\":%d,\"environment\":\"sim\","
			     "\"action\":\"test\",\"result\":\"ok\","
			     "\"correlation_id\":\"KS-TEST-SIM-20261128-%04d\",\"trigger\":\"manual\"}\n",
			 i - 1, i, i);
	tu_write(src, "killswitch.jsonl", b.data, (long)b.len);
	buf_reset(&b);
	for (int i = 1; i <= 31; i++) {
		char at[16];
		snprintf(at, sizeof(at), i < 31 ? "10:%02d:00" : "23:59:59", i);
		buf_addf(&b, "{\"kind\":\"alert\",\"ts\":\"2026-11-28T%s+08:00\","
			     "\"source\":\"monitor\",\"seq\":%d,\"environment\":\"sim\","
			     "\"alert_id\":\"ALR-20261128-%04d\",\"severity\":\"%s\","
			     "\"component\":\"execution\",\"message\":\"slow\","
			     "\"correlation_id\":\"FLOW-20261128-%04d\",\"status\":\"open\"}\n",
			 at, i, i, i < 31 ? "WARN" : "CRITICAL", i);
	}
	tu_write(src, "monitor.jsonl", b.data, (long)b.len);
	buf_release(&b);

	tpl = template_file(tmp, "rows.yaml", "max_rows: 1000", "max_rows: 25");
	{
		char *yaml = tu_read(tpl, NULL), *at = strstr(yaml, "max_findings: 5000");
		ck_assert_ptr_nonnull(at);
		memcpy(at, "max_findings:    1", 18);
		tu_write(tmp, "rows.yaml", yaml, -1);
		free(yaml);
	}
	setenv("TAITS_AUDIT_TEMPLATE", tpl, 1);
	ck_assert_int_eq(review(tmp, "rows", src, "2026-11-28", &pdf, &xml, &p), 1);
	unsetenv("TAITS_AUDIT_TEMPLATE");
	x = tu_xml_open(xml);
	nfindings = tu_xml_count(x, "//finding");
	ck_assert_int_ge(nfindings, 2);
	ck_assert_int_eq(tu_xml_count(x, "//unresolved-alerts/alert"), 31);
	tu_xml_close(x);

	flat = drawn_text(pdf, 0, 0);
	first = drawn_text(pdf, 1, 1);
	ck_holds(first, "Alerts unresolved at the end of the day: 31, 1 of them CRITICAL now or before",
		 "page 1");
	ck_holds(first, "其中 1 則為或曾為 CRITICAL", "page 1");
	snprintf(other, sizeof(other), "This PDF lists 1 of the findings, by severity; the other %d"
		 " are in the XML report", nfindings - 1);
	ck_holds(first, other, "page 1");
	/* the CRITICAL alert, last by time, is drawn; the last WARN ones are not */
	ck_holds(flat, "CRITICAL alerts (downgraded ones too) first, then the others by time",
		 "the alerts' order");
	ck_holds(flat, "ALR-20261128-0031", "the CRITICAL alert");
	ck_holds(flat, "ALR-20261128-0024", "the 24th WARN alert");
	ck_assert_msg(!holds(flat, "ALR-20261128-0025"), "the 25th WARN alert is drawn");
	/* the CRITICAL alert's marker before the tests */
	ck_holds(flat, "by kind (kill switch activations, incidents, CRITICAL alerts, changes, kill"
		       " switch tests), each by time", "the markers' order");
	ck_holds(flat, "KS-TEST-SIM-20261128-0024", "the 24th test");
	ck_assert_msg(!holds(flat, "KS-TEST-SIM-20261128-0025"), "the 25th test is drawn");
	ck_holds(flat, "Rows not shown in this PDF: 36; see the XML report", "markers cut");
	ck_holds(flat, "Rows not shown in this PDF: 6; see the XML report", "alerts cut");
	free(flat), free(first);
	check_inside_margins(pdf);
	tu_proc_free(&p);
	free(pdf), free(xml);

	ck_assert_int_eq(review(tmp, "full", src, "2026-11-28", &pdf, NULL, &p), 1);
	flat = drawn_text(pdf, 0, 0);
	ck_assert_msg(!holds(flat, "Rows not shown in this PDF"), "cut");
	ck_assert_msg(!holds(flat, "first, then the others by time"), "an order said");
	ck_assert_msg(!holds(flat, "each by time"), "an order said");
	ck_assert_msg(!holds(flat, "This PDF lists"), "a cut said");
	ck_holds(flat, "ALR-20261128-0030", "the last WARN alert");
	ck_holds(flat, "KS-TEST-SIM-20261128-0060", "the last test");
	free(flat);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(src), free(tpl), free(pdf);
}
END_TEST

/* Page 1 counts unresolved alerts, not their rows: two sources recording one alert at its
 * latest instant are two rows of the table and one alert. */
START_TEST(test_read_first_counts_alerts_once)
{
	char *tmp = tu_tmpdir(), *pdf, *first;
	char *src = tu_src("tests/rules/DO-5.3-NO-DOWNGRADE.near-miss-same-instant-other-source/bundle");
	struct tu_proc p;

	ck_assert_int_le(review(tmp, "two", src, "2026-11-28", &pdf, NULL, &p), 1);
	first = drawn_text(pdf, 1, 1);
	ck_holds(first, "Alerts unresolved at the end of the day: 1, 1 of them CRITICAL now or before",
		 "page 1");
	free(first);
	tu_proc_free(&p);
	free(pdf);

	/* An alert is its alert_id in its environment, and a record with no alert_id is an
	 * alert of its own (interpretation.md): one ID open in two environments and two
	 * records without an ID are four alerts. */
	free(src);
	src = tu_path(tmp, "ids");
	{
		static const struct {
			const char *env, *id;
		} alerts[] = { { "sim", "ALT-0001" }, { "local", "ALT-0001" }, { "sim", NULL },
			       { "sim", NULL } };
		struct buf b = BUF_INIT;
		for (int i = 0; i < 4; i++)
			buf_addf(&b,
				 "{\"kind\":\"alert\",\"ts\":\"2026-11-28T10:0%d:00+08:00\","
				 "\"source\":\"monitor\",\"seq\":%d,\"environment\":\"%s\",%s%s%s"
				 "\"severity\":\"WARN\",\"component\":\"market_data\","
				 "\"message\":\"feed lag\",\"correlation_id\":\"TAITS-20261128-A00%d\","
				 "\"status\":\"open\"}\n",
				 i, i + 1, alerts[i].env, alerts[i].id ? "\"alert_id\":\"" : "",
				 alerts[i].id ? alerts[i].id : "", alerts[i].id ? "\"," : "", i + 1);
		tu_write(src, "alerts.jsonl", b.data, (long)b.len);
		buf_release(&b);
	}
	ck_assert_int_le(review(tmp, "ids", src, "2026-11-28", &pdf, NULL, &p), 1);
	first = drawn_text(pdf, 1, 1);
	ck_holds(first, "Alerts unresolved at the end of the day: 4; see Unresolved alerts",
		 "page 1, alerts by ID and environment");
	free(first);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(src), free(pdf);
}
END_TEST

/* A value longer than the PDF draws (4,096 bytes) is drawn up to there, then a note says
 * the XML report holds it whole: an alert message of a megabyte drawn whole ran over 600
 * pages, and libharu held them all in memory. */
START_TEST(test_long_value_is_cut_in_the_pdf)
{
	char *tmp = tu_tmpdir(), *src = tu_path(tmp, "b"), *pdf, *xml, *text, *flat, *msg;
	struct buf b = BUF_INIT, m = BUF_INIT;
	struct tu_proc p;
	struct tu_xml *x;

	/* 7,000 times the ten characters of long_zh_unit, found nowhere else: 210,000 bytes */
	for (int i = 0; i < 7000; i++)
		buf_adds(&m, long_zh_unit);
	buf_addf(&b, "{\"kind\":\"alert\",\"ts\":\"2026-11-28T10:00:00+08:00\","
		     "\"source\":\"monitor\",\"seq\":1,\"environment\":\"sim\","
		     "\"alert_id\":\"ALR-LONG\",\"severity\":\"WARN\",\"component\":\"execution\","
		     "\"message\":\"%s\",\"correlation_id\":\"FLOW-20261128-0001\","
		     "\"status\":\"open\"}\n", m.data);
	tu_write(src, "monitor.jsonl", b.data, (long)b.len);
	ck_assert_int_le(review(tmp, "long", src, "2026-11-28", &pdf, &xml, &p), 1);
	ck_assert_int_lt(pdf_pages(pdf), 12);
	x = tu_xml_open(xml);
	msg = tu_xml_get(x, "//unresolved-alerts/alert[@id='ALR-LONG']");
	ck_assert_ptr_nonnull(msg);
	ck_assert_str_eq(msg, m.data);
	tu_xml_close(x);
	flat = drawn_text(pdf, 0, 0);
	ck_holds(flat, "(cut here; the whole value is in the XML report)", "the note");
	ck_holds(flat, "（以下省略；完整內容見 XML 報告）", "the note");
	free(flat);
	/* drawn up to the 4,096th byte and no further: 1,365 whole characters of 3 bytes */
	text = pdftotext(pdf);
	{
		int drawn = 0;
		for (const char *c = long_zh_unit; *c; c += 3) {
			char one[4] = "";
			memcpy(one, c, 3);
			drawn += tu_count(text, one);
		}
		ck_assert_int_eq(drawn, 4096 / 3);
	}
	/* cut at a character: the 4,096th byte begins one, which is not drawn in part */
	ck_assert_msg(!strstr(text, "\xEF\xBF\xBD") && !strstr(text, "drawn as ?"),
		      "the cut splits a character");
	free(text);
	check_inside_margins(pdf);
	tu_proc_free(&p);
	free(pdf), free(xml);

	/* A site's note longer than the cut is drawn whole, once: cut in turn, it was cut
	 * again for ever (the review grew to gigabytes) */
	{
		struct buf note = BUF_INIT, line = BUF_INIT;
		char *tpl;
		for (int i = 0; i < 2000; i++) /* 6,000 bytes of a character found nowhere else */
			buf_adds(&note, "乾");
		buf_addf(&line, "en: \"%s\"", note.data);
		tpl = template_file(tmp, "note.yaml",
				    "en: \"… (cut here; the whole value is in the XML report)\"",
				    line.data);
		setenv("TAITS_AUDIT_TEMPLATE", tpl, 1);
		ck_assert_int_le(review(tmp, "note", src, "2026-11-28", &pdf, &xml, &p), 1);
		unsetenv("TAITS_AUDIT_TEMPLATE");
		text = pdftotext(pdf);
		ck_assert_int_eq(tu_count(text, "乾"), 2000);
		free(text);
		tu_proc_free(&p);
		buf_release(&note), buf_release(&line);
		free(tpl);
	}
	buf_release(&b), buf_release(&m);
	tu_rmrf(tmp);
	free(tmp), free(src), free(pdf), free(xml), free(msg);
}
END_TEST

/* A value of exactly 4,096 bytes is drawn whole, with no note; one byte more is cut. */
START_TEST(test_value_of_the_limit_is_not_cut)
{
	char *tmp = tu_tmpdir(), *flat;

	for (int len = 4096; len <= 4097; len++) {
		char name[16], *src, *pdf, *text;
		struct buf b = BUF_INIT, m = BUF_INIT;
		struct tu_proc p;
		/* "w0001 w0002 ..." (6 bytes each), then 'z's up to len bytes */
		for (int i = 1; m.len + 6 <= (size_t)len - 8; i++)
			buf_addf(&m, "w%04d ", i);
		while (m.len < (size_t)len - 1)
			buf_addc(&m, 'z');
		buf_addc(&m, 'Q');
		ck_assert_uint_eq(m.len, (size_t)len);
		buf_addf(&b, "{\"kind\":\"alert\",\"ts\":\"2026-11-28T10:00:00+08:00\","
			     "\"source\":\"monitor\",\"seq\":1,\"environment\":\"sim\","
			     "\"alert_id\":\"ALR-EDGE\",\"severity\":\"WARN\",\"component\":\"execution\","
			     "\"message\":\"%s\",\"correlation_id\":\"FLOW-20261128-0001\","
			     "\"status\":\"open\"}\n", m.data);
		snprintf(name, sizeof(name), "b%d", len);
		src = tu_path(tmp, name);
		tu_write(src, "monitor.jsonl", b.data, (long)b.len);
		ck_assert_int_le(review(tmp, name + 1, src, "2026-11-28", &pdf, NULL, &p), 1);
		text = pdftotext(pdf);
		flat = squeeze(text);
		if (len == 4096) {
			ck_assert_msg(!strstr(text, "cut here"), "a value of 4,096 bytes is cut");
			ck_assert_msg(strstr(flat, "zQ"), "its last byte is not drawn");
		} else {
			ck_assert_msg(strstr(text, "cut here"), "a value of 4,097 bytes is not cut");
			ck_assert_msg(!strstr(flat, "zQ"), "its 4,097th byte is drawn");
		}
		free(flat), free(text);
		tu_proc_free(&p);
		buf_release(&b), buf_release(&m);
		free(src), free(pdf);
	}
	tu_rmrf(tmp);
	free(tmp);
}
END_TEST

/* A record may hold a field of up to a megabyte. libharu draws no string over 65,535
 * bytes: an environment label of 66,000 characters, drawn whole as a timeline lane's
 * name, made the review write no report at all (exit 3). And a label of 300 characters
 * ran across the lane and off the page; it is cut to its column, with "…". */
START_TEST(test_long_values_keep_the_pdf)
{
	char *tmp = tu_tmpdir(), *src = tu_path(tmp, "b"), *src2 = tu_path(tmp, "b2"), *pdf, *text;
	struct buf b = BUF_INIT, label = BUF_INIT;
	struct tu_proc p;

	for (int i = 0; i < 66000; i++)
		buf_addc(&label, 'E');
	buf_addf(&b, "{\"kind\":\"mode_change\",\"ts\":\"2026-11-28T09:00:00+08:00\","
		     "\"source\":\"ops\",\"seq\":1,\"environment\":\"%s\",\"deployment_id\":\"D\","
		     "\"from\":null,\"to\":\"observe_only\",\"actor\":\"a\"}\n", label.data);
	tu_write(src, "modes.jsonl", b.data, (long)b.len);
	ck_assert_msg(review(tmp, "huge", src, "2026-11-28", &pdf, NULL, &p) == 1, "exit %d\n%s",
		      p.status, p.err);
	ck_assert_int_gt(pdf_pages(pdf), 0);
	tu_proc_free(&p);
	free(pdf);

	buf_reset(&b);
	buf_reset(&label);
	for (int i = 0; i < 300; i++)
		buf_addc(&label, 'L');
	buf_addf(&b, "{\"kind\":\"mode_change\",\"ts\":\"2026-11-28T09:00:00+08:00\","
		     "\"source\":\"ops\",\"seq\":1,\"environment\":\"%s\",\"deployment_id\":\"D\","
		     "\"from\":null,\"to\":\"observe_only\",\"actor\":\"a\"}\n", label.data);
	tu_write(src2, "modes.jsonl", b.data, (long)b.len);
	ck_assert_int_eq(review(tmp, "long", src2, "2026-11-28", &pdf, NULL, &p), 1);
	check_inside_margins(pdf);
	text = pdftotext(pdf);
	ck_assert_msg(strstr(text, "LLL…"), "the lane's name is not cut");
	free(text);
	{ /* cut to its column, "…" and all: the track begins 62 points into the page's width */
		struct template *t = NULL;
		struct error e = ERROR_INIT;
		size_t nw, lanes = 0;
		struct word *w = pdf_words(pdf, 0, &nw);
		ck_assert_int_eq(template_load(&t, &e), 0);
		for (size_t i = 0; i < nw; i++)
			if (!strncmp(w[i].text, "LLL", 3) && strstr(w[i].text, "…") && w[i].x0 < t->margin_left + 1) {
				lanes++;
				ck_assert_msg(w[i].x1 <= t->margin_left + 62, "the lane's name runs into the track (%g)",
					      w[i].x1);
			}
		ck_assert_uint_gt(lanes, 0);
		free(w);
		template_free(t);
	}
	tu_proc_free(&p);
	buf_release(&b), buf_release(&label);
	tu_rmrf(tmp);
	free(tmp), free(src), free(src2), free(pdf);
}
END_TEST

/* A finding citing more records than its evidence cell holds says how many more the XML
 * has: an ack contradicting an order submitted 30 times cites all 30 submits. */
START_TEST(test_long_evidence_lists_say_how_many_more)
{
	char *tmp = tu_tmpdir(), *src = tu_path(tmp, "b"), *pdf, *xml, *text;
	struct buf b = BUF_INIT;
	struct tu_proc p;

	for (int i = 1; i <= 30; i++)
		buf_addf(&b, "{\"kind\":\"execution\",\"ts\":\"2026-11-28T10:00:%02d+08:00\","
			     "\"source\":\"oms\",\"seq\":%d,\"environment\":\"sim\","
			     "\"deployment_id\":\"DEP-S\",\"correlation_id\":\"FLOW-20261128-%04d\","
			     "\"event\":\"submit\",\"order_id\":\"O1\",\"symbol\":\"2330\","
			     "\"side\":\"buy\",\"qty\":1,\"route\":\"simulated\"}\n", i, i, i);
	buf_adds(&b, "{\"kind\":\"execution\",\"ts\":\"2026-11-28T10:01:00+08:00\","
		     "\"source\":\"broker\",\"seq\":1,\"environment\":\"sim\","
		     "\"deployment_id\":\"DEP-S\",\"correlation_id\":\"FLOW-20261128-9999\","
		     "\"event\":\"ack\",\"order_id\":\"O1\",\"symbol\":\"2330\","
		     "\"side\":\"buy\",\"qty\":1,\"route\":\"simulated\"}\n");
	tu_write(src, "orders.jsonl", b.data, -1);
	ck_assert_int_eq(review(tmp, "out", src, "2026-11-28", &pdf, &xml, &p), 1);
	struct tu_xml *x = tu_xml_open(xml);
	ck_assert_int_eq(tu_xml_count(x, "//finding[@rule='LINK-ORPHAN-EVENT']/evidence"), 31);
	tu_xml_close(x);
	text = pdftotext(pdf);
	ck_assert_msg(strstr(text, "more in the XML report") && strstr(text, "筆證據見 XML 報告"),
		      "the PDF cuts the evidence list without saying so");
	free(text);
	tu_proc_free(&p);
	buf_release(&b);
	tu_rmrf(tmp);
	free(tmp), free(src), free(pdf), free(xml);
}
END_TEST

/* ---- the template and failures ---- */

/* Runs the bad day's review with the built-in template edited by replacing `from` with
 * `to` ("" deletes the line holding `from`); returns the status, stderr in *err. */
/* A copy of the built-in template at tmp/name with `from` replaced by `to` (its line
 * deleted when `to` is ""); returns its path. */
static char *template_file(const char *tmp, const char *name, const char *from, const char *to)
{
	char *path = tu_src("templates/report.yaml"), *yaml = tu_read(path, NULL), *at;
	struct buf b = BUF_INIT;

	ck_assert_ptr_nonnull(yaml);
	at = strstr(yaml, from);
	ck_assert_msg(at != NULL, "the template has no '%s'", from);
	if (*to) {
		buf_add(&b, yaml, (size_t)(at - yaml));
		buf_adds(&b, to);
		buf_adds(&b, at + strlen(from));
	} else {
		char *bol = at, *eol = strchr(at, '\n');
		while (bol > yaml && bol[-1] != '\n')
			bol--;
		buf_add(&b, yaml, (size_t)(bol - yaml));
		buf_adds(&b, eol ? eol + 1 : "");
	}
	tu_write(tmp, name, b.data, (long)b.len);
	buf_release(&b);
	free(path), free(yaml);
	return tu_path(tmp, name);
}

static int with_template(const char *tmp, const char *from, const char *to, char **err)
{
	char *src = tu_src("samples/bad-day"), *tpl = template_file(tmp, "t.yaml", from, to);
	struct tu_proc p;
	int rc;

	setenv("TAITS_AUDIT_TEMPLATE", tpl, 1);
	rc = review(tmp, "out", src, "2026-11-27", NULL, NULL, &p);
	unsetenv("TAITS_AUDIT_TEMPLATE");
	*err = strdup(p.err);
	tu_proc_free(&p);
	free(src), free(tpl);
	return rc;
}

/* The PDF failed: the pair is not written, so neither file, and no temporary, was left. */
static void no_pdf_left(const char *tmp)
{
	char *out = tu_path(tmp, "out");

	ck_assert_int_eq(count_files(out, ".xml"), 0);
	ck_assert_int_eq(count_files(out, ".pdf"), 0);
	ck_assert_int_eq(count_files(out, ".tmp"), 0);
	free(out);
}

START_TEST(test_template_errors_name_the_key)
{
	/* an edit of the built-in template, and what the error must name */
	static const struct {
		const char *find, *replace, *want, *want2; /* want2: NULL, or also wanted */
	} cases[] = {
		{ "version: 1\n", "version: 1\nbogus_key: 1\n", "bogus_key", "unknown key" },
		/* a key written twice: one of them would be used silently */
		{ "version: 1\n", "version: 1\nversion: 1\n", "field 'version': duplicate key",
		  NULL },
		{ "  section_findings:", "", "strings.section_findings", "missing" },
		{ "    text: \"#1f2328\"", "    text: \"black\"", "layout.colors.text", NULL },
		{ "review: [summary,", "review: [summary, charts,", "unknown section 'charts'",
		  NULL },
		/* a table of no rows would lose even an unfreeze condition's name */
		{ "max_rows: 1000", "max_rows: 0", "layout.max_rows", "outside 1..1e+07" },
		{ "max_rows: 1000", "max_rows: 2.5", "layout.max_rows", "not a whole number" },
	};
	char *tmp, *err;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tmp = tu_tmpdir();
		ck_assert_int_eq(with_template(tmp, cases[i].find, cases[i].replace, &err), 2);
		ck_assert_msg(strstr(err, cases[i].want) &&
				      (!cases[i].want2 || strstr(err, cases[i].want2)),
			      "%s", err);
		no_pdf_left(tmp);
		free(err);
		tu_rmrf(tmp);
		free(tmp);
	}

	/* A template file that is not there. */
	tmp = tu_tmpdir();
	{
		char *src = tu_src("samples/bad-day"), *none = tu_path(tmp, "none.yaml");
		struct tu_proc p;
		setenv("TAITS_AUDIT_TEMPLATE", none, 1);
		ck_assert_int_eq(review(tmp, "out", src, "2026-11-27", NULL, NULL, &p), 3);
		unsetenv("TAITS_AUDIT_TEMPLATE");
		ck_assert_msg(strstr(p.err, "none.yaml") && strstr(p.err, "cannot read"), "%s",
			      p.err);
		no_pdf_left(tmp);
		tu_proc_free(&p);
		free(src), free(none);
	}
	tu_rmrf(tmp);
	free(tmp);
}
END_TEST

START_TEST(test_failures_leave_no_file)
{
	char *tmp, *err, *dir, *src = tu_src("samples/bad-day");
	struct tu_proc p;

	/* A missing font: a clear error naming it and the package. */
	tmp = tu_tmpdir();
	ck_assert_int_eq(with_template(tmp, "file: /usr/share/fonts/truetype/arphic/uming.ttc",
				       "file: /nonexistent/uming.ttc", &err),
			 3);
	ck_assert_msg(strstr(err, "/nonexistent/uming.ttc") && strstr(err, "fonts-arphic-uming"),
		      "%s", err);
	no_pdf_left(tmp);
	free(err);
	tu_rmrf(tmp);
	free(tmp);

	/* A libharu error (no face 9 in the collection): its number, and no file. */
	tmp = tu_tmpdir();
	ck_assert_int_eq(with_template(tmp, "index: 2", "index: 9", &err), 3);
	ck_assert_msg(strstr(err, "libharu error 0x1040"), "%s", err);
	no_pdf_left(tmp);
	free(err);
	tu_rmrf(tmp);
	free(tmp);

	/* The PDF cannot take its name (a directory is in the way): exit 3, nothing left
	 * behind, the directory untouched. */
	tmp = tu_tmpdir();
	dir = tu_path(tmp, "out/review-all-2026-11-27.pdf");
	tu_write(tmp, "out/review-all-2026-11-27.pdf/x", "", 0);
	ck_assert_int_eq(review(tmp, "out", src, "2026-11-27", NULL, NULL, &p), 3);
	ck_assert_msg(strstr(p.err, "review-all-2026-11-27.pdf") && strstr(p.err, "cannot write"),
		      "%s", p.err);
	ck_assert_int_eq(count_files(dir, ""), 3); /* ., .. and x: left alone */
	{
		char *out = tu_path(tmp, "out");
		ck_assert_int_eq(count_files(out, ".tmp"), 0);
		free(out);
	}
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(dir), free(src);
}
END_TEST

/* ---- the freeze story: the unfreeze audit, the preflight and the period report ---- */

/* The five bundles of samples/freeze-story ingested into tmp/week.db; returns its path. */
static char *story_store(const char *tmp)
{
	char *db = tu_path(tmp, "week.db");

	tu_ingest_story(db);
	return db;
}

/* `taits-audit <args> --db db --out tmp/out`; returns the exit status. */
static int story_run(const char *tmp, const char *db, const char *out,
		     const char *const *args, struct tu_proc *p)
{
	char *dir = tu_path(tmp, out);
	int rc = tu_run_cmd(p, db, dir, args);

	free(dir);
	return rc;
}

/* s without spaces and line breaks. */
static char *squeeze(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;

	for (; *s; s++)
		if (!strchr(" \t\r\n\f", *s))
			*o++ = *s;
	*o = '\0';
	return out;
}

/* The text of pages first..last (0: to the end) in the order it was drawn (pdftotext
 * -raw), squeezed: the lines of a table cell follow one another, so a text wrapped over
 * lines reads whole, and a row's cells follow in column order. */
static char *drawn_text(const char *pdf, int first, int last)
{
	char f[16], l[16], *text = NULL, *flat;
	const char *argv[] = { "pdftotext", "-raw", "-enc", "UTF-8", "-f", f, "-l", l, pdf, "-",
			       NULL };

	snprintf(f, sizeof(f), "%d", first);
	snprintf(l, sizeof(l), "%d", last ? last : 100000);
	ck_assert_int_eq(tool(argv, &text, NULL), 0);
	flat = squeeze(text);
	free(text);
	return flat;
}

/* Whether flat (squeezed) holds s, spaces and line breaks aside. */
static int holds(const char *flat, const char *s)
{
	char *q = squeeze(s);
	int found = strstr(flat, q) != NULL;

	free(q);
	return found;
}

/* file:line of the node an XPath expression selects, as the PDF writes evidence: led by
 * the last name of its bundle's directory when the report's inputs come from more than
 * one bundle. NULL when it has no file. */
static char *file_line(struct tu_xml *x, const char *node)
{
	char *f = tu_xml_get(x, "%s/@file", node), *l = tu_xml_get(x, "%s/@line", node), *out = NULL;
	char *bundle = tu_xml_get(x, "%s/@bundle", node);
	int several = tu_xml_count(x, "//inputs/input[@bundle != (//inputs/input/@bundle)[1]]") > 0;
	struct buf b = BUF_INIT;

	if (f) {
		if (several && bundle && *bundle) {
			const char *name = strrchr(bundle, '/');
			buf_addf(&b, "%s/", name ? name + 1 : bundle);
		}
		buf_addf(&b, "%s:%s", f, l ? l : "");
		out = buf_detach(&b);
	}
	free(f), free(l), free(bundle);
	return out;
}

/* Every pdftoppm page renders: one PNG per page, and nothing on stderr but libharu 2.3's
 * known, harmless ToUnicode warning. */
static void check_renders(const char *tmp, const char *pdf)
{
	char *dir = tu_path(tmp, "render"), *prefix = tu_path(dir, "page"), *err = NULL;
	const char *argv[] = { "pdftoppm", "-r", "20", "-png", pdf, prefix, NULL };
	long pages = pdf_pages(pdf);

	tu_write(dir, ".keep", "", 0); /* creates the directory */
	ck_assert_int_eq(tool(argv, NULL, &err), 0);
	for (char *line = strtok(err, "\n"); line; line = strtok(NULL, "\n"))
		ck_assert_msg(strstr(line, "Syntax Warning: Invalid 'begincidrange'"),
			      "pdftoppm: %s", line);
	ck_assert_int_eq(count_files(dir, ".png"), pages);
	tu_rmrf(dir);
	free(err), free(prefix), free(dir);
}

/* The verdict on page one, in both languages, and its opposite nowhere (NULL: not
 * checked, when the opposite's words are part of the verdict's). */
static void check_verdict(const char *pdf, const char *yes_zh, const char *yes_en,
			  const char *no_zh, const char *no_en)
{
	char *one = drawn_text(pdf, 1, 1), *all = drawn_text(pdf, 1, 0), *want;
	struct buf b = BUF_INIT;

	buf_addf(&b, "%s%s", yes_zh, yes_en);
	want = buf_detach(&b);
	ck_holds(one, want, "page one's verdict");
	ck_assert_msg(!no_zh || !holds(all, no_zh), "the PDF also says %s", no_zh);
	ck_assert_msg(!no_en || !holds(all, no_en), "the PDF also says %s", no_en);
	free(want), free(one), free(all);
}

static const char *const condition_words[][3] = {
	{ "incident_review", "事件檢討完成", "Incident reviews complete" },
	{ "risk_review", "風險審查通過", "Risk review pass" },
	{ "governance_review", "治理審查通過", "Governance review pass" },
	{ "document_lock", "文件版本已更新", "Document version updated" },
	{ "redeployment", "已重新部署並驗證", "Redeployed and verified" },
};

/* The unfreeze audit's PDF says what its XML says: each condition with its names and
 * status, each item with its record (file:line and identity), each change and whether it
 * is an audited repair; page one lists what each NOT READY condition lacks. */
static void check_unfreeze(const char *pdf, const char *xml_path)
{
	struct tu_xml *x = tu_xml_open(xml_path);
	char *all = drawn_text(pdf, 1, 0), *one = drawn_text(pdf, 1, 1);
	int k, nitems, nchanges;

	ck_assert_int_eq(tu_xml_count(x, "//conditions/condition"), 5);
	for (k = 0; k < 5; k++) {
		char cond[64];
		snprintf(cond, sizeof(cond), "(//conditions/condition)[%d]", k + 1);
		char *name = tu_xml_get(x, "%s/@name", cond), *status = tu_xml_get(x, "%s/@status", cond);
		int ready = !strcmp(status, "ready");
		struct buf row = BUF_INIT;
		ck_assert_str_eq(name, condition_words[k][0]);
		/* the condition's cell (zh, en, key), then its status */
		buf_addf(&row, "%s%s%s%s", condition_words[k][1], condition_words[k][2],
			 condition_words[k][0], ready ? "已符合READY" : "未符合NOTREADY");
		ck_holds(all, row.data, name);
		nitems = tu_xml_count(x, "%s/item", cond);
		for (int i = 1; i <= nitems; i++) {
			char it[96];
			snprintf(it, sizeof(it), "%s/item[%d]", cond, i);
			char *ok = tu_xml_get(x, "%s/@ok", it), *text = tu_xml_get(x, "%s", it);
			char *fl = file_line(x, it), *rec = tu_xml_get(x, "%s/@record", it);
			char *zh = tu_xml_get(x, "%s/@text-zh", it);
			struct buf item = BUF_INIT;
			/* the mark, the item in 繁體中文, then in English */
			buf_addf(&item, "%s %s%s", strcmp(ok, "true") ? "╳" : "○", zh, text);
			ck_holds(all, item.data, name);
			if (fl) {
				buf_addf(&item, "%s%s", fl, rec);
				ck_holds(all, item.data, name); /* item, file:line, identity */
			}
			if (!ready && strcmp(ok, "true")) {
				ck_holds(one, zh, "page one: what to read first");
				ck_holds(one, text, "page one: what to read first");
			}
			buf_release(&item);
			free(ok), free(text), free(fl), free(rec), free(zh);
		}
		buf_release(&row);
		free(name), free(status);
	}
	nchanges = tu_xml_count(x, "//changes/change");
	for (int i = 1; i <= nchanges; i++) {
		char c[64];
		snprintf(c, sizeof(c), "(//changes/change)[%d]", i);
		char *id = tu_xml_get(x, "%s/@id", c), *fl = file_line(x, c);
		char *ref = tu_xml_get(x, "%s/@audit-ref", c);
		char *se = tu_xml_get(x, "%s/@strategy-expansion", c);
		char *fr = tu_xml_get(x, "%s/@during-freeze", c);
		char *ar = tu_xml_get(x, "%s/@audited-repair", c);
		struct buf tail = BUF_INIT;
		ck_holds(all, id, "change");
		ck_holds(all, fl, id);
		/* audit ref, strategy expansion, during freeze, audited repair: in a row */
		buf_addf(&tail, "%s%s%s%s", ref ? ref : "未記載not recorded",
			 !se ? "未記載not recorded" : !strcmp(se, "true") ? "是yes" : "否no",
			 fr ? fr : "否no", !strcmp(ar, "true") ? "是yes" : "否no");
		ck_holds(all, tail.data, id);
		buf_release(&tail);
		free(id), free(fl), free(ref), free(se), free(fr), free(ar);
	}
	tu_xml_close(x);
	free(all), free(one);
}

/* The words of page `page` that overlap another word of their line: text drawn over
 * text. Returns how many; the first in *what. */
static int overlapping_words(const char *pdf, int page, char *what, size_t n)
{
	size_t nb;
	struct word *b = pdf_words(pdf, page, &nb);
	int found = 0;

	for (size_t i = 0; i < nb; i++)
		for (size_t k = i + 1; k < nb; k++) {
			double v = fmin(b[i].y1, b[k].y1) - fmax(b[i].y0, b[k].y0);
			double h = fmin(b[i].y1 - b[i].y0, b[k].y1 - b[k].y0);
			double o = fmin(b[i].x1, b[k].x1) - fmax(b[i].x0, b[k].x0);
			if (v > h / 2 && o > 1 && !found++)
				snprintf(what, n, "'%.30s' and '%.30s'", b[i].text, b[k].text);
		}
	free(b);
	return found;
}

/* A site's wording longer than the built-in one, of the kind a template would hold:
 * the verdict is drawn whole (over two lines), and no text on page one runs over other
 * text or past the margin (the tiles' labels, the running header and footer shrink). */
START_TEST(test_longer_wording_fits)
{
	static const char *const edits[][2] = {
		{ "title_review: {zh: 盤後檢查, en: Post-Run Review}",
		  "title_review: {zh: 盤後合規檢查報告, en: Nightly Post-Run Compliance Review}" },
		{ "verdict_non_compliant: {zh: 不合規, en: NON-COMPLIANT}",
		  "verdict_non_compliant: {zh: 不符合營運規範, en: NOT COMPLIANT WITH DEPLOY_OPS}" },
		{ "label_day: {zh: 營運日, en: Operating day}",
		  "label_day: {zh: 營運日期, en: Operating (trading) day}" },
		{ "label_environment: {zh: 環境, en: Environment}",
		  "label_environment: {zh: 部署環境, en: Deployment environment}" },
		{ "label_catalog: {zh: 規則目錄版本, en: Rule catalog version}",
		  "label_catalog: {zh: 規則目錄版本, en: DEPLOY_OPS rule catalog version}" },
		{ "severity_critical: {zh: 嚴重, en: CRITICAL}",
		  "severity_critical: {zh: 嚴重（立即處理）, en: CRITICAL - act immediately}" },
		{ "severity_major: {zh: 重大, en: MAJOR}",
		  "severity_major: {zh: 重大（當日處理）, en: MAJOR - act today}" },
		{ "severity_waived: {zh: 已豁免, en: WAIVED}",
		  "severity_waived: {zh: 已核准豁免, en: WAIVED by approval}" },
	};
	char *tmp = tu_tmpdir(), *src = tu_src("samples/bad-day"), *path, *yaml, *tpl, *pdf, *one;
	char what[128] = "";
	struct tu_proc p;
	int n;

	path = tu_src("templates/report.yaml");
	yaml = tu_read(path, NULL);
	for (size_t i = 0; i < sizeof(edits) / sizeof(edits[0]); i++) {
		char *at = strstr(yaml, edits[i][0]);
		struct buf b = BUF_INIT;
		ck_assert_msg(at != NULL, "the template has no '%s'", edits[i][0]);
		buf_add(&b, yaml, (size_t)(at - yaml));
		buf_adds(&b, edits[i][1]);
		buf_adds(&b, at + strlen(edits[i][0]));
		free(yaml);
		yaml = buf_detach(&b);
	}
	tu_write(tmp, "long.yaml", yaml, -1);
	tpl = tu_path(tmp, "long.yaml");
	setenv("TAITS_AUDIT_TEMPLATE", tpl, 1);
	ck_assert_int_eq(review(tmp, "long", src, "2026-11-27", &pdf, NULL, &p), 1);
	unsetenv("TAITS_AUDIT_TEMPLATE");
	one = drawn_text(pdf, 1, 1);
	ck_holds(one, "不符合營運規範NOTCOMPLIANTWITHDEPLOY_OPS", "the verdict");
	ck_holds(one, "重大（當日處理）MAJOR-acttoday", "a tile's label");
	n = overlapping_words(pdf, 1, what, sizeof(what));
	ck_assert_msg(n == 0, "%d words on page one overlap others, first %s", n, what);
	check_inside_margins(pdf);
	free(one), free(yaml), free(path);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(src), free(tpl), free(pdf);
}
END_TEST

/* An incident whose record and actions run over pages: every page showing its rows names
 * it, in the caption of the table that continues there or begins there. */
START_TEST(test_incident_tables_name_their_incident)
{
	char *tmp = tu_tmpdir(), *src = tu_path(tmp, "b"), *pdf, *text, **pages;
	struct buf y = BUF_INIT;
	struct tu_proc p;
	long npages, n, with_rows = 0;

	buf_adds(&y, "kind: incident\nincident_id: INC-20261128-77\nenvironment: live\n"
		     "type: execution_anomaly\ngrade: major\n"
		     "occurred_at: 2026-11-28T10:00:00+08:00\ncorrelation_ids: [FLOW-20261128-0001]\n"
		     "scope: \"");
	for (int i = 0; i < 150; i++)
		buf_addf(&y, "scopeword%03d affected the route and its orders. ", i);
	buf_adds(&y, "\"\nactions:\n");
	for (int i = 0; i < 80; i++)
		buf_addf(&y, "  - {step: %s, at: \"2026-11-28T10:%02d:00+08:00\", by: ops.lin,"
			     " note: actionnote%03d}\n",
			 i == 0 ? "stop" : i == 1 ? "stabilize" : i == 2 ? "record" : "repair",
			 i % 60, i);
	tu_write(src, "incident.yaml", y.data, (long)y.len);
	buf_release(&y);
	ck_assert_int_le(review(tmp, "inc", src, "2026-11-28", &pdf, NULL, &p), 1);
	text = pdftotext(pdf);
	npages = pdf_pages(pdf);
	pages = split_pages(text, &n);
	ck_assert_int_eq(n, npages);
	for (long k = 0; k < n; k++) {
		if (!strstr(pages[k], "scopeword") && !strstr(pages[k], "actionnote"))
			continue;
		with_rows++;
		ck_assert_msg(strstr(pages[k], "INC-20261128-77"),
			      "page %ld shows the incident's rows without naming it", k + 1);
	}
	ck_assert_int_gt(with_rows, 2);
	free(pages), free(text);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(src), free(pdf);
}
END_TEST

/* A table's first row stays under its header: one taller than the rest of the page starts
 * there and continues on the next, rather than leave the heading and the header alone at
 * the page's foot. One open alert whose message runs some 40 lines. */
START_TEST(test_first_row_stays_with_its_header)
{
	char *tmp = tu_tmpdir(), *src = tu_path(tmp, "b"), *pdf, *text, **pages;
	struct buf b = BUF_INIT;
	struct tu_proc p;
	long n, heading = -1;

	buf_adds(&b, "{\"kind\":\"alert\",\"ts\":\"2026-11-28T10:00:00+08:00\","
		     "\"source\":\"monitor\",\"seq\":1,\"environment\":\"sim\","
		     "\"alert_id\":\"ALR-20261128-TALL\",\"severity\":\"WARN\","
		     "\"component\":\"execution\",\"message\":\"");
	for (int i = 0; i < 160; i++)
		buf_addf(&b, "stale%03d ", i);
	buf_adds(&b, "\",\"correlation_id\":\"FLOW-20261128-0001\",\"status\":\"open\"}\n");
	tu_write(src, "monitor.jsonl", b.data, (long)b.len);
	buf_release(&b);
	ck_assert_int_le(review(tmp, "tall", src, "2026-11-28", &pdf, NULL, &p), 1);
	text = pdftotext(pdf);
	pages = split_pages(text, &n);
	for (long k = 0; k < n && heading < 0; k++)
		if (strstr(pages[k], "未解決告警") && strstr(pages[k], "Unresolved alerts") &&
		    strstr(pages[k], "stale"))
			heading = k;
	ck_assert_msg(heading >= 0, "no page holds the alerts' heading with the alert");
	/* the first page holding the heading holds the row's start, its ID, too */
	for (long k = 0; k < n; k++)
		if (strstr(pages[k], "Unresolved alerts")) {
			ck_assert_msg(strstr(pages[k], "ALR-20261128-TALL") && strstr(pages[k], "stale000"),
				      "page %ld: the alerts' header without its first row", k + 1);
			break;
		}
	ck_assert_msg(!strstr(pages[heading], "stale159"), "the row did not need to break");
	free(pages), free(text);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(src), free(pdf);
}
END_TEST

/* An incident's actions table names its incident above its header only where it begins
 * on a page of its own: under the incident's facts it needs no caption. */
START_TEST(test_actions_caption_only_on_a_new_page)
{
	char *tmp = tu_tmpdir(), *src = tu_path(tmp, "b"), *pdf, *flat;
	struct tu_proc p;

	tu_write(src, "incident.yaml",
		 "kind: incident\nincident_id: INC-20261128-78\nenvironment: live\n"
		 "type: execution_anomaly\ngrade: major\n"
		 "occurred_at: 2026-11-28T10:00:00+08:00\ncorrelation_ids: [FLOW-20261128-0001]\n"
		 "scope: one route\nactions:\n"
		 "  - {step: stop, at: \"2026-11-28T10:01:00+08:00\", by: ops.lin, note: n1}\n"
		 "  - {step: stabilize, at: \"2026-11-28T10:02:00+08:00\", by: ops.lin, note: n2}\n",
		 -1);
	ck_assert_int_le(review(tmp, "inc", src, "2026-11-28", &pdf, NULL, &p), 1);
	flat = drawn_text(pdf, 0, 0);
	ck_holds(flat, "INC-20261128-78", "the incident");
	ck_holds(flat, "stabilize", "its actions");
	ck_assert_msg(!holds(flat, "INC-20261128-78 處置 Actions"),
		      "the actions table, under its incident, is captioned");
	free(flat);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(src), free(pdf);
}
END_TEST

/* An incident ID too long for one line: where it stands alone it wraps, and where its
 * actions table continues on the next page, the caption repeating it is one line cut
 * with "…" inside the margins (it ran 5 points past the page's edge). */
START_TEST(test_long_incident_id_in_a_continued_caption)
{
	char *tmp = tu_tmpdir(), *src = tu_path(tmp, "b"), *pdf, *text;
	struct tu_proc p;
	struct buf y = BUF_INIT;
	struct buf id = BUF_INIT;

	buf_adds(&id, "INC-");
	for (int i = 0; i < 60; i++)
		buf_adds(&id, "事件");
	buf_addf(&y, "kind: incident\nincident_id: %s\nenvironment: live\n"
		     "type: execution_anomaly\ngrade: major\n"
		     "occurred_at: 2026-11-28T10:00:00+08:00\n"
		     "correlation_ids: [FLOW-20261128-0001]\nscope: one route\nactions:\n",
		 id.data);
	for (int i = 0; i < 90; i++)
		buf_addf(&y, "  - {step: %s, at: \"2026-11-28T10:%02d:00+08:00\", by: ops.lin,"
			     " note: n%d}\n",
			 i == 0 ? "stop" : i == 1 ? "stabilize" : "record", 1 + i % 58, i);
	tu_write(src, "incident.yaml", y.data, -1);
	ck_assert_int_le(review(tmp, "longid", src, "2026-11-28", &pdf, NULL, &p), 1);
	check_inside_margins(pdf);
	text = pdftotext(pdf);
	/* cut at a character: after either of the two */
	ck_assert_msg(strstr(text, "事…") || strstr(text, "件…"),
		      "the continued caption is not cut with an ellipsis");
	free(text);
	buf_release(&y), buf_release(&id);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(src), free(pdf);
}
END_TEST

/* A '?' written in a record is text, not a character the font lacks: it is drawn as it
 * is and counted nowhere. */
START_TEST(test_question_marks_are_not_missing_glyphs)
{
	char *tmp = tu_tmpdir(), *src = tu_path(tmp, "b"), *pdf, *text;
	struct tu_proc p;

	tu_write(src, "monitor.jsonl",
		 "{\"kind\":\"alert\",\"ts\":\"2026-11-28T10:00:00+08:00\",\"source\":\"monitor\","
		 "\"seq\":1,\"environment\":\"sim\",\"alert_id\":\"ALR-Q\",\"severity\":\"WARN\","
		 "\"component\":\"execution\",\"message\":\"feed stale??? why?\","
		 "\"correlation_id\":\"FLOW-20261128-0001\",\"status\":\"open\"}\n", -1);
	ck_assert_int_le(review(tmp, "q", src, "2026-11-28", &pdf, NULL, &p), 1);
	text = pdftotext(pdf);
	ck_assert_ptr_nonnull(strstr(text, "feed stale??? why?"));
	ck_assert_msg(!strstr(text, "drawn as ?"), "literal question marks counted as missing glyphs");
	free(text);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(src), free(pdf);
}
END_TEST

/* The incident review draws at most max_rows incidents and counts the rest; when none is
 * left out it says nothing of the kind. Three incidents, under max_rows 2, then 1000. */
START_TEST(test_incidents_cut_at_max_rows)
{
	char *tmp = tu_tmpdir(), *src = tu_path(tmp, "b"), *pdf, *flat;
	char *tpl = template_file(tmp, "rows.yaml", "max_rows: 1000", "max_rows: 2");
	struct tu_proc p;

	for (int i = 1; i <= 3; i++) {
		char name[32];
		struct buf y = BUF_INIT;
		buf_addf(&y, "kind: incident\nincident_id: INC-20261128-9%d\nenvironment: live\n"
			     "type: execution_anomaly\ngrade: major\n"
			     "occurred_at: 2026-11-28T10:0%d:00+08:00\n"
			     "correlation_ids: [FLOW-20261128-000%d]\nscope: scope%d\n", i, i, i, i);
		snprintf(name, sizeof(name), "incident%d.yaml", i);
		tu_write(src, name, y.data, (long)y.len);
		buf_release(&y);
	}
	setenv("TAITS_AUDIT_TEMPLATE", tpl, 1);
	ck_assert_int_le(review(tmp, "cut", src, "2026-11-28", &pdf, NULL, &p), 1);
	unsetenv("TAITS_AUDIT_TEMPLATE");
	flat = drawn_text(pdf, 0, 0);
	ck_holds(flat, "Incidents not shown in this PDF: 1; see the XML report", "the incidents cut");
	ck_holds(flat, "scope2", "the second incident");
	ck_assert_msg(!holds(flat, "scope3"), "the third incident is drawn");
	free(flat), free(pdf);
	tu_proc_free(&p);

	ck_assert_int_le(review(tmp, "whole", src, "2026-11-28", &pdf, NULL, &p), 1);
	flat = drawn_text(pdf, 0, 0);
	ck_holds(flat, "scope3", "the third incident");
	ck_assert_msg(!holds(flat, "Incidents not shown"), "a cut of no incident is said");
	ck_assert_msg(!holds(flat, "件事件未列於本 PDF"), "a cut of no incident is said");
	free(flat), free(pdf);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(src), free(tpl);
}
END_TEST

/* Page one of a not-ready unfreeze audit lists a condition's first seven shortfalls, then
 * how many more ("+3"): ten major incidents of the frozen environment, none reviewed. */
START_TEST(test_unfreeze_read_first_counts_the_rest)
{
	char *tmp = tu_tmpdir(), *src = tu_path(tmp, "b"), *db = tu_path(tmp, "s.db"), *first;
	char *pdf = tu_path(tmp, "out/unfreeze-FRZ-20261128-01.pdf");
	const char *args[] = { "unfreeze", "--freeze", "FRZ-20261128-01", "--at",
			       "2026-11-28T02:00:00+08:00", src, NULL };
	struct tu_proc p;

	tu_write(src, "f.yaml", "kind: freeze\nfreeze_id: FRZ-20261128-01\nenvironment: sim\n"
				"reason: market_event\nstarted_at: \"2026-11-28T01:00:00+08:00\"\n", -1);
	for (int i = 10; i <= 19; i++) {
		char name[32], doc[512];
		snprintf(name, sizeof(name), "inc%d.yaml", i);
		snprintf(doc, sizeof(doc), "kind: incident\nincident_id: INC-20261128-%d\n"
			 "environment: sim\ntype: broker_latency\ngrade: major\n"
			 "occurred_at: 2026-11-28T01:%d:00+08:00\nscope: s\n"
			 "correlation_ids: [FLOW-20261128-00%d]\n", i, i, i);
		tu_write(src, name, doc, -1);
	}
	ck_assert_int_eq(story_run(tmp, db, "out", args, &p), 1);
	tu_proc_free(&p);
	first = drawn_text(pdf, 1, 1);
	ck_holds(first, "INC-20261128-16 not reviewed", "the seventh shortfall");
	ck_assert_msg(!holds(first, "INC-20261128-17 not reviewed"), "an eighth shortfall on page 1");
	ck_holds(first, "INC-20261128-16 not reviewed +3", "the count of the rest");
	free(first);
	tu_rmrf(tmp);
	free(tmp), free(src), free(db), free(pdf);
}
END_TEST

/* Characters the CJK font has no glyph for (Hangul, emoji, symbols, one beyond the BMP),
 * and those of no width it cannot draw as written (a combining accent, drawn beside its
 * letter; U+200D, drawn as a labelled box), are drawn as '?', and a note at the end
 * counts them; accented Latin and rare characters the font holds are drawn as they are,
 * and a sign the Latin fonts hold (™) in them. */
START_TEST(test_missing_glyphs_are_counted)
{
	char *tmp = tu_tmpdir(), *src = tu_path(tmp, "b"), *pdf, *all, *text;
	struct tu_proc p;

	tu_write(src, "e.jsonl",
		 "{\"kind\":\"alert\",\"ts\":\"2026-11-28T10:00:00+08:00\",\"source\":\"monitor\","
		 "\"seq\":1,\"environment\":\"live\",\"alert_id\":\"ALR-20261128-0001\","
		 "\"severity\":\"WARN\",\"component\":\"execution\","
		 "\"message\":\"한국어 🚨 ✅ ✓ ✗ ™ 𠮷 é 堃 e\u0301 A\u200dB\","
		 "\"correlation_id\":\"FLOW-20261128-0001\",\"status\":\"open\"}\n",
		 -1);
	ck_assert_int_le(review(tmp, "glyphs", src, "2026-11-28", &pdf, NULL, &p), 1);
	all = drawn_text(pdf, 1, 0);
	/* ™, which the CJK font lacks, is the Latin font's (WinAnsi) */
	ck_holds(all, "??? ? ? ? ? ™ ? é 堃 e? A?B", "the message");
	ck_holds(all, "本 PDF 字型缺少或無法如實繪製的 10 個字元以 ? 表示", "the note");
	ck_holds(all, "Characters the PDF's font lacks or cannot draw as written, drawn as ?: 10",
		 "the note");
	text = pdftotext(pdf);
	ck_assert_ptr_null(strstr(text, "\xEF\xBF\xBD")); /* no U+FFFD */
	free(text), free(all);
	tu_proc_free(&p);
	free(pdf);
	/* a day whose text the font holds has no note */
	free(src);
	src = tu_src("samples/bad-day");
	ck_assert_int_le(review(tmp, "plain", src, "2026-11-27", &pdf, NULL, &p), 1);
	all = drawn_text(pdf, 1, 0);
	ck_assert_msg(!holds(all, "drawn as ?"), "a note on a day without such characters");
	free(all);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(src), free(pdf);
}
END_TEST

/* A finding's row is not split after the headings above it at a page's foot: the story's
 * second night, reviewed into the store of the first as the nightly job does, once put
 * "Findings", "MAJOR", the table's header and three lines of finding 1 at the foot of a
 * page, and the rest of its message on the next page with no number or rule. Each
 * finding's number and rule are on the page that ends its English message. */
START_TEST(test_finding_rows_stay_whole)
{
	char *tmp = tu_tmpdir(), *day1 = tu_src("samples/freeze-story/2026-11-16");
	char *day2 = tu_src("samples/freeze-story/2026-11-17"), *pdf, *xml;
	char **rules, **messages;
	size_t nrules, nmessages;
	struct tu_proc p;
	long npages;

	ck_assert_int_le(review(tmp, "week", day1, "2026-11-16", NULL, NULL, &p), 1);
	tu_proc_free(&p);
	ck_assert_int_le(review(tmp, "week", day2, "2026-11-17", &pdf, &xml, &p), 1);
	rules = xml_values(xml, "/review/findings/finding/@rule", &nrules);
	messages = xml_values(xml, "/review/findings/finding/message[@lang='en']", &nmessages);
	ck_assert_uint_gt(nrules, 0);
	ck_assert_uint_eq(nrules, nmessages);
	npages = pdf_pages(pdf);
	for (size_t i = 0; i < nrules; i++) {
		char head[128], *tail = squeeze(messages[i]);
		long at_head = 0, at_tail = 0;
		size_t len = strlen(tail);
		snprintf(head, sizeof(head), "%zu%s", i + 1, rules[i]);
		for (long pg = 2; pg <= npages && (!at_head || !at_tail); pg++) {
			char *text = drawn_text(pdf, (int)pg, (int)pg);
			if (!at_head && strstr(text, head))
				at_head = pg;
			if (!at_tail && strstr(text, tail + (len > 40 ? len - 40 : 0)))
				at_tail = pg;
			free(text);
		}
		ck_assert_msg(at_head && at_head == at_tail,
			      "finding %zu (%s) starts on page %ld, its message ends on page %ld", i + 1,
			      rules[i], at_head, at_tail);
		free(tail);
	}
	free_values(rules, nrules), free_values(messages, nmessages);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(day1), free(day2), free(pdf), free(xml);
}
END_TEST

START_TEST(test_unfreeze_not_ready)
{
	char *tmp = tu_tmpdir(), *db = story_store(tmp);
	char *pdf = tu_path(tmp, "out/unfreeze-FRZ-20261117-01.pdf");
	char *xml = tu_path(tmp, "out/unfreeze-FRZ-20261117-01.xml"), *one, *all, *text;
	const char *args[] = { "unfreeze", "--freeze", "FRZ-20261117-01", "--at",
			       "2026-11-18T20:00+08:00", NULL };
	static const char *const page_one[] = {
		"不可解除凍結 NOT READY",
		"凍結 Freeze FRZ-20261117-01 環境 Environment live",
		"開始 Started 2026-11-17 11:05:00 結束 Ended 2026-11-20 08:30:00 "
		"(晚於評估時點，評估時仍生效 after the audit time: in force then)",
		"評估時點 As of 2026-11-18 20:00:00",
		"五項解除凍結條件中有 5 項未符合",
		"5 of 5 unfreeze conditions not met",
		"INC-20261117-01 not reviewed",
		"no document_lock effective after the freeze started, by 2026-11-18T20:00:00+08:00",
		"no deployment of live with status deployed after the freeze started, by"
		" 2026-11-18T20:00:00+08:00",
	};
	struct tu_proc p;

	ck_assert_int_eq(story_run(tmp, db, "out", args, &p), 1);
	ck_assert_msg(tu_exists(pdf), "no PDF: %s", p.err);
	one = drawn_text(pdf, 1, 1);
	for (size_t i = 0; i < sizeof(page_one) / sizeof(page_one[0]); i++)
		ck_holds(one, page_one[i], "page one");
	check_unfreeze(pdf, xml);
	/* the change of 11-19 comes after the audit's moment */
	all = drawn_text(pdf, 1, 0);
	ck_holds(all, "CHG-20261118-01", "changes");
	ck_assert_ptr_null(strstr(all, "CHG-20261119-01"));
	text = pdftotext(pdf);
	check_footers(text, pdf_pages(pdf), xml);
	check_renders(tmp, pdf);
	free(one), free(all), free(text);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(db), free(pdf), free(xml);
}
END_TEST

/* A waiver of DO-8.5-UNFREEZE, audited as of the freeze's end: ready, and page one says
 * why with a condition open. */
START_TEST(test_unfreeze_waived)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *conf = tu_path(tmp, "w.yaml");
	char *bundle = tu_src("tests/rules/DO-8.5-UNFREEZE.violation-risk-review/bundle");
	char *pdf = tu_path(tmp, "out/unfreeze-FRZ-20261128-01.pdf"), *one;
	const char *args[] = { "unfreeze", "--freeze", "FRZ-20261128-01", "--config", conf,
			       bundle, NULL };
	static const char *const page_one[] = {
		"可解除凍結 READY",
		"五項解除凍結條件中有 1 項未符合，其發現已由豁免 #1 豁免",
		"1 of 5 unfreeze conditions not met; the finding is waived by waiver #1",
		"DO-8.5-UNFREEZE 嚴重 CRITICAL 已豁免 WAIVED #1",
		"result fail",
	};
	struct tu_proc p;

	tu_write_waiver(tmp, "w.yaml", "DO-8.5-UNFREEZE", "{record: FRZ-20261128-01}",
			"risk review signed on paper", "2026-12-31");
	ck_assert_int_eq(story_run(tmp, db, "out", args, &p), 0);
	/* the condition still reads NOT READY: the verdict's opposite is not checked */
	check_verdict(pdf, "可解除凍結", "READY", NULL, NULL);
	one = drawn_text(pdf, 1, 1);
	ck_assert_msg(!holds(one, "不可解除凍結NOTREADY"), "page one's verdict is NOT READY");
	for (size_t i = 0; i < sizeof(page_one) / sizeof(page_one[0]); i++)
		ck_holds(one, page_one[i], "page one");
	free(one);
	/* the waiver itself, with its reason and approver (INPUT.md) */
	one = drawn_text(pdf, 1, 0);
	ck_holds(one, "risk review signed on paper", "the waivers section");
	ck_holds(one, "approved by gov.lee, expires 2026-12-31, applied to 1", "the waivers section");
	free(one);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(db), free(conf), free(bundle), free(pdf);
}
END_TEST

/* Each condition's items stop at max_rows too, with a row saying how many more the XML
 * lists, under the condition's number, name and status. A freeze in the story's week
 * during which three major incidents happened, under max_rows 1. */
START_TEST(test_unfreeze_items_cut)
{
	char *tmp = tu_tmpdir(), *db = story_store(tmp), *src = tu_path(tmp, "extra");
	char *pdf = tu_path(tmp, "out/unfreeze-FRZ-20261118-09.pdf"), *tpl, *text;
	char *xml = tu_path(tmp, "out/unfreeze-FRZ-20261118-09.xml");
	const char *ingest[] = { "ingest", src, NULL };
	const char *args[] = { "unfreeze", "--freeze", "FRZ-20261118-09", "--at",
			       "2026-11-20T12:00+08:00", NULL };
	struct tu_proc p;
	size_t nitems;
	char **v;

	for (int i = 2; i <= 4; i++) {
		char name[64], doc[1024];
		snprintf(name, sizeof(name), "INC-20261118-0%d.yaml", i);
		snprintf(doc, sizeof(doc),
			 "kind: incident\nincident_id: INC-20261118-0%d\nenvironment: live\n"
			 "type: broker_latency\ngrade: major\n"
			 "occurred_at: 2026-11-18T10:0%d:00+08:00\nscope: live broker gateway\n"
			 "correlation_ids: [KS-LIVE-20261118-0%d]\nactions:\n"
			 "  - {step: stop, at: 2026-11-18T10:1%d:00+08:00, by: lin.zhiming}\n"
			 "  - {step: stabilize, at: 2026-11-18T10:2%d:00+08:00, by: lin.zhiming}\n"
			 "  - {step: record, at: 2026-11-18T10:3%d:00+08:00, by: lin.zhiming}\n"
			 "review: {completed_at: 2026-11-19T10:00:00+08:00, reviewer: wang.shufen,"
			 " summary: ok}\n",
			 i, i, i, i, i, i);
		tu_write(src, name, doc, -1);
	}
	tu_write(src, "FRZ-20261118-09.yaml",
		 "kind: freeze\nfreeze_id: FRZ-20261118-09\nenvironment: live\nreason: incident\n"
		 "trigger_ref: INC-20261118-02\nstarted_at: 2026-11-18T10:00:00+08:00\n"
		 "ended_at: 2026-11-20T08:30:00+08:00\nunfreeze:\n"
		 "  incident_reviews: [INC-20261118-02, INC-20261118-03, INC-20261118-04]\n"
		 "  risk_review: {result: pass, by: wang.shufen, at: 2026-11-20T08:00:00+08:00}\n"
		 "  governance_review: {result: pass, by: zhang.jiahao,"
		 " at: 2026-11-20T08:15:00+08:00}\n"
		 "  document_lock: DL-20261119-01\n  redeployment: DEP-LIVE-20261119-01\n",
		 -1);
	ck_assert_msg(tu_run_cmd(&p, db, NULL, ingest) == 0, "ingest: %s", p.err);
	tu_proc_free(&p);

	tpl = template_file(tmp, "one.yaml", "max_rows: 1000", "max_rows: 1");
	setenv("TAITS_AUDIT_TEMPLATE", tpl, 1);
	ck_assert_msg(story_run(tmp, db, "out", args, &p) == 0, "unfreeze: %s", p.err);
	unsetenv("TAITS_AUDIT_TEMPLATE");
	v = xml_values(xml, "//condition[@number='1']/item/@record", &nitems);
	ck_assert_int_eq(nitems, 3);
	free_values(v, nitems);
	text = drawn_text(pdf, 1, 0);
	/* (text without its spaces) condition 1 shows its first item, then the count */
	ck_holds(text, "INC-20261118-02 reviewed", "condition 1's first item");
	ck_assert(!holds(text, "INC-20261118-03 reviewed"));
	ck_assert(!holds(text, "INC-20261118-04 reviewed"));
	ck_assert_int_eq(tu_count(text, "RowsnotshowninthisPDF:2;"), 1);
	ck_holds(text, "pass by wang.shufen", "condition 2's item");
	free(text);
	tu_proc_free(&p);

	/* the built-in template shows them all */
	ck_assert_int_eq(story_run(tmp, db, "out", args, &p), 0);
	text = drawn_text(pdf, 1, 0);
	ck_holds(text, "INC-20261118-03 reviewed", "condition 1's second item");
	ck_holds(text, "INC-20261118-04 reviewed", "condition 1's third item");
	ck_assert(!holds(text, "Rows not shown in this PDF"));
	free(text);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(db), free(src), free(tpl), free(pdf), free(xml);
}
END_TEST

/* A note under a cut table is never alone at the top of a page: where the table ends at
 * the foot of one, the note follows on the next under the table's caption and header.
 * 89 open alerts under every max_rows from 20 to 48, so that some cut falls at a page's
 * foot. */
START_TEST(test_cut_note_stays_with_its_table)
{
	char *tmp = tu_tmpdir(), *src = tu_path(tmp, "b"), *pdf;
	struct buf b = BUF_INIT;
	int moved = 0;

	for (int i = 1; i <= 89; i++)
		buf_addf(&b, "{\"kind\":\"alert\",\"ts\":\"2026-11-28T10:%02d:%02d+08:00\","
			     "\"source\":\"monitor\",\"seq\":%d,\"environment\":\"sim\","
			     "\"alert_id\":\"ALR-20261128-%04d\",\"severity\":\"WARN\","
			     "\"component\":\"execution\",\"message\":\"slow\","
			     "\"correlation_id\":\"FLOW-20261128-%04d\",\"status\":\"open\"}\n",
			 i / 60, i % 60, i, i, i);
	tu_write(src, "monitor.jsonl", b.data, (long)b.len);
	buf_release(&b);
	for (int rows = 20; rows <= 48; rows++) {
		char name[16], value[32], *raw = NULL, *page, *tpl;
		const char *argv[] = { "pdftotext", "-raw", "-enc", "UTF-8", NULL, "-", NULL };
		struct tu_proc p;
		snprintf(value, sizeof(value), "max_rows: %d", rows);
		tpl = template_file(tmp, "rows.yaml", "max_rows: 1000", value);
		snprintf(name, sizeof(name), "r%d", rows);
		setenv("TAITS_AUDIT_TEMPLATE", tpl, 1);
		ck_assert_int_eq(review(tmp, name, src, "2026-11-28", &pdf, NULL, &p), 0);
		unsetenv("TAITS_AUDIT_TEMPLATE");
		argv[4] = pdf;
		ck_assert_int_eq(tool(argv, &raw, NULL), 0);
		/* the first line of each page (its running header is drawn last) */
		for (page = raw; page && *page; page = strchr(page, '\f'), page = page ? page + 1 : NULL) {
			ck_assert_msg(strncmp(page, "另有", strlen("另有")),
				      "max_rows %d: a page begins with the note", rows);
			if (!strncmp(page, "未解決告警 Unresolved alerts",
				     strlen("未解決告警 Unresolved alerts")) &&
			    strstr(page, "另有") && !strstr(page, "ALR-"))
				moved++; /* only the note went over, under the caption */
		}
		free(raw);
		tu_proc_free(&p);
		free(pdf), free(tpl);
	}
	ck_assert_int_gt(moved, 0);
	tu_rmrf(tmp);
	free(tmp), free(src);
}
END_TEST

/* The two lines of a cut table's note stay together: where only the first would fit at
 * the page's foot, both go to the next page (rows of open alerts whose message takes two
 * lines, under max_rows 24 to 28: 26 ends its table there). */
START_TEST(test_cut_note_lines_stay_together)
{
	char *tmp = tu_tmpdir(), *src = tu_path(tmp, "b"), *pdf;
	struct buf b = BUF_INIT;

	for (int i = 1; i <= 89; i++)
		buf_addf(&b, "{\"kind\":\"alert\",\"ts\":\"2026-11-28T10:%02d:%02d+08:00\","
			     "\"source\":\"monitor\",\"seq\":%d,\"environment\":\"sim\","
			     "\"alert_id\":\"ALR-20261128-%04d\",\"severity\":\"WARN\","
			     "\"component\":\"execution\",\"message\":\"slow feedstale feedstale"
			     " feedstale feedstale feedstale feedstale feedstale feedstale feedstale"
			     " feedstale feedstale feedstale\","
			     "\"correlation_id\":\"FLOW-20261128-%04d\",\"status\":\"open\"}\n",
			 i / 60, i % 60, i, i, i);
	tu_write(src, "monitor.jsonl", b.data, (long)b.len);
	buf_release(&b);
	for (int rows = 24; rows <= 28; rows++) {
		char name[16], value[32], *text, **pages, *tpl;
		long n;
		struct tu_proc p;
		snprintf(value, sizeof(value), "max_rows: %d", rows);
		tpl = template_file(tmp, "rows.yaml", "max_rows: 1000", value);
		snprintf(name, sizeof(name), "r%d", rows);
		setenv("TAITS_AUDIT_TEMPLATE", tpl, 1);
		ck_assert_int_eq(review(tmp, name, src, "2026-11-28", &pdf, NULL, &p), 0);
		unsetenv("TAITS_AUDIT_TEMPLATE");
		text = pdftotext(pdf);
		pages = split_pages(text, &n);
		for (long k = 0; k < n; k++)
			ck_assert_msg(!strstr(pages[k], "另有") == !strstr(pages[k], "Rows not shown in this PDF"),
				      "max_rows %d: the note's two lines are split by page %ld's end", rows,
				      k + 1);
		free(pages), free(text);
		tu_proc_free(&p);
		free(pdf), free(tpl);
	}
	tu_rmrf(tmp);
	free(tmp), free(src);
}
END_TEST

/* The bundle the input files came from is named under the inputs heading, before the table:
 * at the table's end it could fall alone onto the next page. Each count of files ends the
 * table at another height of a page. */
START_TEST(test_bundle_legend_stays_with_its_heading)
{
	char *tmp = tu_tmpdir(), *src = tu_path(tmp, "b"), *pdf;
	const char *heading = "輸入檔與 SHA-256", *legend = "日誌包 Bundle: ";
	int later = 0;

	for (int files = 1; files <= 40; files++) {
		char name[32], line[512], *raw = NULL, *page, *head, *at;
		const char *argv[] = { "pdftotext", "-raw", "-enc", "UTF-8", NULL, "-", NULL };
		struct tu_proc p;
		snprintf(name, sizeof(name), "f%02d.jsonl", files);
		snprintf(line, sizeof(line),
			 "{\"kind\":\"alert\",\"ts\":\"2026-11-28T10:00:%02d+08:00\","
			 "\"source\":\"monitor%02d\",\"seq\":1,\"environment\":\"sim\","
			 "\"alert_id\":\"ALR-20261128-%04d\",\"severity\":\"WARN\","
			 "\"component\":\"execution\",\"message\":\"slow\","
			 "\"correlation_id\":\"FLOW-20261128-%04d\",\"status\":\"open\"}\n",
			 files, files, files, files);
		tu_write(src, name, line, (long)strlen(line));
		snprintf(name, sizeof(name), "r%d", files);
		ck_assert_int_eq(review(tmp, name, src, "2026-11-28", &pdf, NULL, &p), 0);
		argv[4] = pdf;
		ck_assert_int_eq(tool(argv, &raw, NULL), 0);
		/* the first line of each page (its running header is drawn last) */
		for (page = raw; page && *page; page = strchr(page, '\f'), page = page ? page + 1 : NULL)
			ck_assert_msg(strncmp(page, legend, strlen(legend)),
				      "%d files: a page begins with the bundle legend", files);
		ck_assert_ptr_nonnull(head = strstr(raw, heading));
		page = strchr(head, '\f');
		at = strstr(head, legend);
		ck_assert_msg(at && (!page || at < page),
			      "%d files: the legend is not on the heading's page", files);
		ck_assert_msg(at < strstr(head, "f01.jsonl"),
			      "%d files: the legend follows the table", files);
		if (strstr(raw, heading) > strchr(raw, '\f'))
			later = 1;
		free(raw);
		tu_proc_free(&p);
		free(pdf);
	}
	ck_assert_int_eq(later, 1); /* some counts put the section past page one */
	tu_rmrf(tmp);
	free(tmp), free(src);
}
END_TEST

START_TEST(test_unfreeze_ready)
{
	char *tmp = tu_tmpdir(), *db = story_store(tmp);
	char *pdf = tu_path(tmp, "out/unfreeze-FRZ-20261117-01.pdf");
	char *xml = tu_path(tmp, "out/unfreeze-FRZ-20261117-01.xml"), *one, *all, *text;
	const char *args[] = { "unfreeze", "--freeze", "FRZ-20261117-01", NULL };
	struct tu_proc p;

	ck_assert_int_eq(story_run(tmp, db, "out", args, &p), 0);
	check_verdict(pdf, "可解除凍結", "READY", "不可解除凍結", "NOT READY");
	one = drawn_text(pdf, 1, 1);
	ck_holds(one, "評估時點 As of 2026-11-20 08:30:00", "page one");
	ck_holds(one, "All five conditions hold", "page one");
	check_unfreeze(pdf, xml);
	all = drawn_text(pdf, 1, 0);
	ck_holds(all, "CHG-20261119-01", "changes");
	ck_holds(all, "凍結期間僅允許經稽核的修復", "the limits of a freeze");
	text = pdftotext(pdf);
	check_footers(text, pdf_pages(pdf), xml);
	check_renders(tmp, pdf);
	check_inside_margins(pdf);
	free(one), free(all), free(text);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(db), free(pdf), free(xml);
}
END_TEST

/* The width pdftotext -bbox gives the first word `word` drawn in bbox (its HTML). */
static double word_width(const char *bbox, const char *word)
{
	char key[64];
	const char *at, *x0, *x1;

	snprintf(key, sizeof(key), ">%s</word>", word);
	at = strstr(bbox, key);
	ck_assert_msg(at != NULL, "no word %s", word);
	for (x0 = at; x0 > bbox && strncmp(x0, "xMin=\"", 6); x0--)
		;
	x1 = strstr(x0, "xMax=\"");
	ck_assert_ptr_nonnull(x1);
	return atof(x1 + 6) - atof(x0 + 6);
}

/* Latin letters and signs beyond ASCII that the Latin fonts' encoding (WinAnsi) holds
 * are drawn in those fonts, in the word's face and at its width: drawn in the CJK font
 * they came out in another face, smaller ("caf é"), and the curly quotes full width. So
 * the quotes add a third of the word's width at most, and "café" is as wide as "cafe" (é
 * and e are one width in Helvetica), and the text reads as written. */
START_TEST(test_latin_beyond_ascii_in_the_latin_font)
{
	char *tmp = tu_tmpdir(), *src = tu_path(tmp, "b"), *pdf, *text = NULL, *bbox = NULL;
	struct tu_proc p;

	tu_write(src, "e.jsonl",
		 "{\"kind\":\"alert\",\"ts\":\"2026-11-28T10:00:00+08:00\",\"source\":\"monitor\","
		 "\"seq\":1,\"environment\":\"live\",\"alert_id\":\"ALR-20261128-0001\","
		 "\"severity\":\"WARN\",\"component\":\"execution\","
		 "\"message\":\"café naïve Müller \u201cquoted\u201d 5\u20ac \u2013 ±1 cafe quoted\","
		 "\"correlation_id\":\"FLOW-20261128-0001\",\"status\":\"open\"}\n",
		 -1);
	ck_assert_int_le(review(tmp, "latin", src, "2026-11-28", &pdf, NULL, &p), 1);
	tu_proc_free(&p);
	const char *argv[] = { "pdftotext", "-raw", "-enc", "UTF-8", pdf, "-", NULL };
	ck_assert_int_eq(tool(argv, &text, NULL), 0);
	/* whole words: a switch of font inside a word left a gap pdftotext splits at */
	ck_assert_msg(strstr(text, "café naïve Müller \u201cquoted\u201d 5\u20ac \u2013 ±1 cafe quoted"),
		      "not drawn as written, in words: %s", text);
	ck_assert_msg(!strstr(text, "drawn as ?"), "counted as missing");
	const char *bb[] = { "pdftotext", "-bbox", "-enc", "UTF-8", pdf, "-", NULL };
	ck_assert_int_eq(tool(bb, &bbox, NULL), 0);
	double accented = word_width(bbox, "café"), plain = word_width(bbox, "cafe");
	ck_assert_msg(accented < plain + 0.5 && accented > plain - 0.5,
		      "café %.2f pt wide, cafe %.2f", accented, plain);
	double quoted = word_width(bbox, "\u201cquoted\u201d"), bare = word_width(bbox, "quoted");
	ck_assert_msg(quoted < bare * 4 / 3, "the quotes %.2f pt wide, the word %.2f",
		      quoted - bare, bare);
	free(text), free(bbox);
	tu_rmrf(tmp);
	free(tmp), free(src), free(pdf);
}
END_TEST

/* A time too long for the rest of its line is broken before its offset, never inside its
 * clock or its offset: the pre-flight's evidence column, which holds the instants of the
 * records cited, had "…T10:42:13.046+08:" on one line and "00" on the next. */
START_TEST(test_times_wrap_before_their_offset)
{
	char *tmp = tu_tmpdir(), *db = story_store(tmp), *text = NULL;
	char *pdf = tu_path(tmp, "out/preflight-live-2026-11-18.pdf");
	const char *args[] = { "preflight", "--date", "2026-11-18", "--env", "live",
			       "--format", "xml,pdf", NULL };
	const char *argv[] = { "pdftotext", "-raw", "-enc", "UTF-8", pdf, "-", NULL };
	struct tu_proc p;
	long offsets = 0;

	ck_assert_int_eq(story_run(tmp, db, "out", args, &p), 1);
	tu_proc_free(&p);
	ck_assert_int_eq(tool(argv, &text, NULL), 0);
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		size_t n = strlen(line);
		while (n && line[n - 1] == ' ')
			n--;
		ck_assert_msg(!(n >= 4 && !strncmp(line + n - 4, "+08:", 4)) &&
				      !(n >= 3 && line[n - 1] == ':' && line[n - 2] >= '0' &&
					line[n - 2] <= '9' && strstr(line, "2026-")),
			      "a time broken inside its clock or offset: \"%s\"", line);
		offsets += !strncmp(line, "+08:00", 6);
	}
	/* the evidence column is narrow enough that some time is broken, before its offset */
	ck_assert_int_gt(offsets, 0);
	free(text);
	tu_rmrf(tmp);
	free(tmp), free(db), free(pdf);
}
END_TEST

/* A day or a period with no record stored is compliant for want of anything to judge:
 * page one says so, and asks whether the logs were delivered, instead of the all-clear
 * of a day whose records were judged clean. A period's trading days without records are
 * listed there too; its weekend days without records are not. */
START_TEST(test_nothing_shipped_is_not_an_all_clear)
{
	char *tmp = tu_tmpdir(), *db = story_store(tmp);
	struct tu_proc p;
	char *pdf, *one;

	const char *empty[] = { "review", "--date", "2025-01-02", NULL };
	ck_assert_int_eq(story_run(tmp, db, "out", empty, &p), 0);
	/* the nightly job's log and the XML say it too: the verdict judged nothing */
	ck_assert_msg(strstr(p.err, "\n  day      no record of 2025-01-02: nothing to judge"),
		      "%s", p.err);
	tu_proc_free(&p);
	char *xp = tu_path(tmp, "out/review-all-2025-01-02.xml");
	struct tu_xml *x = tu_xml_open(xp);
	ck_assert_int_eq(tu_xml_count(x, "/review/summary[@day-records='0']"), 1);
	tu_xml_close(x);
	free(xp);
	pdf = tu_path(tmp, "out/review-all-2025-01-02.pdf");
	one = drawn_text(pdf, 1, 1);
	ck_holds(one, "No records on this day: nothing was there to judge, so nothing was"
		      " found; check that the day's logs were delivered", "an empty day");
	ck_assert_msg(!holds(one, "nothing requires action"), "an empty day reads all clear");
	free(one), free(pdf);

	/* a day of the story: its records counted, as the period report's row counts them */
	const char *day[] = { "review", "--date", "2026-11-17", "--format", "xml", NULL };
	const char *period[] = { "report", "--from", "2026-11-17", "--to", "2026-11-17",
				 "--format", "xml", NULL };
	ck_assert_int_le(story_run(tmp, db, "out", day, &p), 1);
	tu_proc_free(&p);
	ck_assert_int_le(story_run(tmp, db, "out", period, &p), 1);
	tu_proc_free(&p);
	xp = tu_path(tmp, "out/review-all-2026-11-17.xml");
	x = tu_xml_open(xp);
	char *records = tu_xml_get(x, "/review/summary/@day-records");
	tu_xml_close(x);
	free(xp);
	xp = tu_path(tmp, "out/report-all-2026-11-17_2026-11-17.xml");
	x = tu_xml_open(xp);
	char *row = tu_xml_get(x, "//day[@date='2026-11-17']/@records");
	tu_xml_close(x);
	free(xp);
	ck_assert_ptr_nonnull(records);
	ck_assert_ptr_nonnull(row);
	ck_assert_int_gt(atoi(records), 0);
	ck_assert_str_eq(records, row);
	free(records), free(row);

	const char *none[] = { "report", "--from", "2025-01-01", "--to", "2025-01-31", NULL };
	ck_assert_int_eq(story_run(tmp, db, "out", none, &p), 0);
	tu_proc_free(&p);
	pdf = tu_path(tmp, "out/report-all-2025-01-01_2025-01-31.pdf");
	one = drawn_text(pdf, 1, 1);
	ck_holds(one, "No records in this period: nothing was there to judge", "an empty period");
	ck_assert_msg(!holds(one, "nothing requires action"), "an empty period reads all clear");
	free(one), free(pdf);

	/* the story's week, with the Thursday before it and the Monday after: those two
	 * trading days hold no record; the weekends are no trading days */
	const char *week[] = { "report", "--from", "2026-11-12", "--to", "2026-11-23", NULL };
	ck_assert_int_eq(story_run(tmp, db, "out", week, &p), 0);
	tu_proc_free(&p);
	pdf = tu_path(tmp, "out/report-all-2026-11-12_2026-11-23.pdf");
	one = drawn_text(pdf, 1, 1);
	ck_holds(one, "Trading days without records: 2 (11-12, 11-23); nothing was judged on"
		      " them", "the trading days without records");
	/* clean where it had records, which not every trading day had: no all-clear */
	ck_holds(one, "No findings in the records delivered; but some trading days hold no"
		      " record (below)", "a period with days without records");
	ck_assert_msg(!holds(one, "nothing requires action"),
		      "a period with trading days without records reads all clear");
	free(one), free(pdf);
	/* the story's week alone: every trading day has records, all clear */
	const char *story_week[] = { "report", "--from", "2026-11-16", "--to", "2026-11-20", NULL };
	ck_assert_int_le(story_run(tmp, db, "out", story_week, &p), 1);
	tu_proc_free(&p);
	pdf = tu_path(tmp, "out/report-all-2026-11-16_2026-11-20.pdf");
	one = drawn_text(pdf, 1, 1);
	ck_assert_msg(!holds(one, "hold no record"), "a period of days with records");
	free(one), free(pdf);
	tu_rmrf(tmp);
	free(tmp), free(db);
}
END_TEST

/* The preflight's PDF says what its XML says: each check's rule, result, text and
 * evidence in a row, and each active freeze with the limits of a freeze. */
static void check_preflight(const char *pdf, const char *xml_path)
{
	struct tu_xml *x = tu_xml_open(xml_path);
	char *all = drawn_text(pdf, 1, 0), *one = drawn_text(pdf, 1, 1);
	int n = tu_xml_count(x, "//checks/check"), nfreezes;

	for (int i = 1; i <= n; i++) {
		char c[48];
		snprintf(c, sizeof(c), "(//checks/check)[%d]", i);
		char *rule = tu_xml_get(x, "%s/@rule", c), *status = tu_xml_get(x, "%s/@status", c);
		char *text = tu_xml_get(x, "%s", c), *fl = file_line(x, c);
		char *zh = tu_xml_get(x, "%s/@text-zh", c);
		int pass = !strcmp(status, "pass"), judged = strcmp(status, "not_judged");
		struct buf row = BUF_INIT;
		ck_holds(all, rule, "check");
		/* what was found in 繁體中文, then in English */
		buf_addf(&row, "%s%s%s%s", pass ? "通過PASS" : judged ? "未通過FAIL" : "未判定NOT JUDGED",
			 zh, text, fl ? fl : "");
		/* then the records its finding cites for context (a halt's other uncleared
		 * triggers), each marked so, as the findings table draws them */
		char f[96];
		snprintf(f, sizeof(f), "//findings/finding[@rule='%s']/evidence[@context='true']",
			 rule);
		int ncontext = tu_xml_count(x, "%s", f);
		for (int k = 1; k <= ncontext; k++) {
			char v[160];
			snprintf(v, sizeof(v), "(%s)[%d]", f, k);
			char *vfl = file_line(x, v), *cid = tu_xml_get(x, "%s/@correlation-id", v);
			char *at = tu_xml_get(x, "%s/@time", v);
			/* a record with no correlation ID (a deployment) is cited by its time */
			buf_addf(&row, "%s參考紀錄 context · %s%s%s", vfl, cid ? cid : "", cid ? " " : "",
				 at);
			free(vfl), free(cid), free(at);
		}
		ck_holds(all, row.data, rule);
		if (!judged) /* neither a finding nor a reason to read first */
			ck_assert_int_eq(tu_xml_count(x, "//findings/finding[@rule='%s']", rule), 0);
		if (!pass && judged) {
			ck_holds(one, rule, "page one: what to read first");
			ck_holds(one, zh, "page one: what to read first");
			ck_holds(one, text, "page one: what to read first");
			/* the finding of the failed check says it in both languages */
			ck_assert_int_eq(tu_xml_count(x, "//findings/finding[@rule='%s']"
						      "/message[@lang='zh-TW'][contains(., '%s')]",
						      rule, zh), 1);
		}
		buf_release(&row);
		free(rule), free(status), free(text), free(fl), free(zh);
	}
	ck_assert_int_gt(n, 0);
	nfreezes = tu_xml_count(x, "//active-freezes/freeze");
	if (!nfreezes) {
		ck_holds(all, "生效中的凍結 Active freezes 無 none", "no active freeze");
	} else {
		for (int i = 1; i <= nfreezes; i++) {
			char f[48];
			snprintf(f, sizeof(f), "(//active-freezes/freeze)[%d]", i);
			char *id = tu_xml_get(x, "%s/@id", f), *fl = file_line(x, f);
			ck_holds(all, id, "active freeze");
			ck_holds(all, fl, id);
			free(id), free(fl);
		}
		ck_holds(all, "凍結期間僅允許經稽核的修復（repair 為 true 並有 audit_ref），"
			      "不得擴張策略（§8.4）", "limits");
		ck_holds(all, "only audited repairs are allowed (repair: true with an "
			      "audit_ref), and no strategy expansion (§8.4)", "limits");
		ck_holds(one, "Active freezes: 1; only audited repairs", "page one");
	}
	tu_xml_close(x);
	free(all), free(one);
}

START_TEST(test_preflight_go_and_no_go)
{
	char *tmp = tu_tmpdir(), *db = story_store(tmp);
	struct tu_proc p;

	for (int go = 0; go <= 1; go++) {
		const char *date = go ? "2026-11-20" : "2026-11-18";
		const char *args[] = { "preflight", "--date", date, "--env", "live", "--format",
				       "xml,pdf", NULL };
		struct buf b = BUF_INIT;
		char *pdf, *xml, *text;
		buf_addf(&b, "out/preflight-live-%s.pdf", date);
		pdf = tu_path(tmp, b.data);
		memcpy(strstr(b.data, ".pdf"), ".xml", 4);
		xml = tu_path(tmp, b.data);
		ck_assert_int_eq(story_run(tmp, db, "out", args, &p), go ? 0 : 1);
		ck_assert_msg(tu_exists(pdf), "no PDF: %s", p.err);
		if (go)
			check_verdict(pdf, "可啟動", "GO", "不可啟動", "NO-GO");
		else
			check_verdict(pdf, "不可啟動", "NO-GO", NULL, NULL);
		check_preflight(pdf, xml);
		if (!go) { /* the halt's other uncleared trigger is drawn beside its check */
			struct tu_xml *x = tu_xml_open(xml);
			ck_assert_int_eq(tu_xml_count(x, "//finding[@rule='DO-7.3-HALT']"
						      "/evidence[@context='true']"), 1);
			tu_xml_close(x);
		}
		text = pdftotext(pdf);
		check_footers(text, pdf_pages(pdf), xml);
		check_renders(tmp, pdf);
		if (!go) { /* no submit that day: the moment judged is the day's end, said */
			char *all = drawn_text(pdf, 1, 1);
			ck_holds(all, "no submit that day: judged on the records before the day's"
				      " end, 2026-11-19 00:00:00", "the moment judged");
			/* no checklist: its items and mode are listed, not judged, and counted
			 * apart from the checks judged */
			struct tu_xml *x = tu_xml_open(xml);
			ck_assert_int_eq(tu_xml_count(x, "//check[@status='not_judged']"), 2);
			ck_assert_int_eq(tu_xml_count(x, "//check[@rule='DO-7.2-CHECKLIST-FAILED']"
						      "[@status='not_judged']"), 1);
			ck_assert_int_eq(tu_xml_count(x, "//check[@rule='DO-4.2-MODE-WHITELIST']"
						      "[@status='not_judged']"), 1);
			tu_xml_close(x);
			ck_holds(all, "3 of 6 checks failed; 2 more checks not judged: no checklist"
				      " or no deployment to judge them on", "the checks not judged");
			ck_assert_msg(strstr(p.err, "preflight live 2026-11-18 as of the day's end,"
						    " 2026-11-19T00:00:00+08:00 (no submit): NO-GO"),
				      "%s", p.err);
			free(all);
		}
		free(text), free(pdf), free(xml);
		buf_release(&b);
		tu_proc_free(&p);
	}
	tu_rmrf(tmp);
	free(tmp), free(db);
}
END_TEST

/* A freeze ID longer than the page header's room is cut there with "…", and no text of
 * any page leaves the margins (it ran off the left edge of every page). */
START_TEST(test_long_freeze_id_header)
{
	char *tmp = tu_tmpdir(), *bundle = tu_path(tmp, "b"), *db = tu_path(tmp, "s.db");
	char *out = tu_path(tmp, "out"), *pdf, *text;
	char id[161];
	struct buf rec = BUF_INIT, name = BUF_INIT;
	struct tu_proc p;

	memset(id, 'F', 160);
	id[160] = '\0';
	buf_addf(&rec, "kind: freeze\nfreeze_id: %s\nenvironment: sim\nreason: market_event\n"
		       "started_at: \"2026-11-28T01:05:00+08:00\"\n", id);
	tu_write(bundle, "f.yaml", rec.data, -1);
	const char *args[] = { "taits-audit", "unfreeze", "--db", db, "--out", out, "--freeze", id,
			       "--at", "2026-11-28T02:00:00+08:00", bundle, NULL };
	ck_assert_msg(tu_run(&p, args) == 1, "exit %d\n%s", p.status, p.err);
	buf_addf(&name, "out/unfreeze-%s.pdf", id);
	pdf = tu_path(tmp, name.data);
	check_inside_margins(pdf);
	text = pdftotext(pdf);
	ck_assert_msg(strstr(text, "F…"), "the header does not cut the ID");
	free(text);
	tu_proc_free(&p);
	free(pdf);
	/* an ID in 繁體中文 is cut at a character, not inside one, wherever the cut falls */
	for (int shift = 0; shift < 3; shift++) {
		char dbn[16], outn[16];
		struct buf zid = BUF_INIT;
		snprintf(dbn, sizeof(dbn), "s%d.db", shift);
		snprintf(outn, sizeof(outn), "out%d", shift + 2);
		char *db2 = tu_path(tmp, dbn), *out2 = tu_path(tmp, outn);
		buf_add(&zid, "AB", (size_t)shift);
		for (int i = 0; i < 60; i++)
			buf_adds(&zid, "凍");
		buf_reset(&rec);
		buf_addf(&rec, "kind: freeze\nfreeze_id: %s\nenvironment: sim\nreason: market_event\n"
			       "started_at: \"2026-11-28T01:05:00+08:00\"\n", zid.data);
		tu_write(bundle, "f.yaml", rec.data, -1);
		const char *args2[] = { "taits-audit", "unfreeze", "--db", db2, "--out", out2,
					"--freeze", zid.data, "--at", "2026-11-28T02:00:00+08:00", bundle,
					NULL };
		ck_assert_msg(tu_run(&p, args2) == 1, "exit %d\n%s", p.status, p.err);
		buf_reset(&name);
		buf_addf(&name, "%s/unfreeze-%s.pdf", outn, zid.data);
		pdf = tu_path(tmp, name.data);
		text = pdftotext(pdf);
		ck_assert_msg(strstr(text, "凍…"), "the header does not cut the ID");
		ck_assert_msg(!strstr(text, "\xEF\xBF\xBD") && !strstr(text, "drawn as ?") &&
				      !strstr(text, "?…"),
			      "the header cuts the ID inside a character");
		free(text);
		tu_proc_free(&p);
		buf_release(&zid);
		free(db2), free(out2);
		if (shift < 2)
			free(pdf);
	}
	buf_release(&rec), buf_release(&name);
	tu_rmrf(tmp);
	free(tmp), free(bundle), free(db), free(out), free(pdf);
}
END_TEST

/* Page one's count of the findings it does not show counts the waived ones too, as the
 * Findings section lists them, and says how many are waived (the bad day's 23 findings,
 * 1 of them waived by a LINK-CID-FORMAT waiver; 5 shown, 18 more). */
START_TEST(test_read_first_counts_waived)
{
	char *tmp = tu_tmpdir(), *conf = tu_path(tmp, "w.yaml"), *bad = tu_src("samples/bad-day");
	char *db = tu_path(tmp, "s.db"), *out = tu_path(tmp, "out"), *pdf, *one;
	struct tu_proc p;

	tu_write(tmp, "w.yaml",
		 "waivers:\n  - rule: LINK-CID-FORMAT\n    match: {}\n"
		 "    reason: r\n    approved_by: gov.lee\n    expires: 2026-12-31\n", -1);
	const char *args[] = { "taits-audit", "review", "--db", db, "--out", out, "--date",
			       "2026-11-27", "--config", conf, bad, NULL };
	ck_assert_msg(tu_run(&p, args) == 1, "exit %d\n%s", p.status, p.err);
	ck_assert_msg(strstr(p.err, "waived 1"), "%s", p.err);
	pdf = tu_path(tmp, "out/review-all-2026-11-27.pdf");
	one = drawn_text(pdf, 1, 0);
	ck_holds(one, "More findings: 18, 1 of them waived; see Findings", "what to read first");
	ck_holds(one, "另有 18 項發現（其中 1 項已豁免），見「稽核發現」", "what to read first");
	/* a waiver of the whole rule (match: {}) says so where its scope goes */
	ck_holds(one, "#1LINK-CID-FORMAT有效active該規則的所有發現 every finding of the rule",
		 "the waiver's scope");
	free(one);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(conf), free(bad), free(db), free(out), free(pdf);
}
END_TEST

/* A go with a failed check under a waiver (the bad day's sim deployment and its lock):
 * the verdict box says the failed check was waived, gives the first submit in each
 * language, the checks table marks the check waived, and the check cites the deployment
 * and the lock as the XML does. */
START_TEST(test_preflight_waived_go)
{
	char *tmp = tu_tmpdir(), *conf = tu_path(tmp, "w.yaml"), *bad = tu_src("samples/bad-day");
	char *db = tu_path(tmp, "s.db"), *out = tu_path(tmp, "out"), *pdf, *xml, *all, *one;
	struct tu_proc p;

	tu_write(tmp, "w.yaml",
		 "waivers:\n  - rule: DO-3.2-DOC-LOCK\n    match: {record: \"DEP-SIM-*\"}\n"
		 "    reason: r\n    approved_by: gov.lee\n    expires: 2026-12-31\n", -1);
	const char *args[] = { "taits-audit", "preflight", "--db", db, "--out", out, "--date",
			       "2026-11-27", "--env", "sim", "--format", "xml,pdf", "--config", conf,
			       bad, NULL };
	ck_assert_msg(tu_run(&p, args) == 0, "exit %d\n%s", p.status, p.err);
	pdf = tu_path(tmp, "out/preflight-sim-2026-11-27.pdf");
	xml = tu_path(tmp, "out/preflight-sim-2026-11-27.xml");
	check_verdict(pdf, "可啟動", "GO", "不可啟動", "NO-GO");
	one = drawn_text(pdf, 1, 1);
	all = drawn_text(pdf, 1, 0);
	ck_holds(one, "1 of 9 checks failed, each waived or below the fail level", "verdict");
	ck_holds(one, "9 項檢查中有 1 項未通過，皆已豁免或低於失敗門檻", "verdict");
	ck_holds(one, "judged on the records before the day's first submit, 2026-11-27", "verdict");
	ck_holds(one, "依當日首筆送單（2026-11-27", "verdict");
	/* the checks table says the failed check is waived, and by which waiver: a red FAIL
	 * alone read as a standing failure beside a GO */
	{
		char *key = squeeze("Pre-flight checks");
		const char *checks = strstr(all, key);
		ck_assert_ptr_nonnull(checks);
		ck_holds(checks, "未通過 FAIL", "the failed check");
		ck_holds(checks, "已豁免 WAIVED", "the failed check");
		ck_holds(checks, "Waived by waiver #1 (DO-3.2-DOC-LOCK)", "the failed check");
		free(key);
	}
	struct tu_xml *x = tu_xml_open(xml);
	for (int i = 1; i <= 2; i++) {
		char node[96];
		snprintf(node, sizeof(node), "(//finding[@rule='DO-3.2-DOC-LOCK']/evidence)[%d]", i);
		char *fl = file_line(x, node);
		ck_assert_ptr_nonnull(fl);
		ck_holds(all, fl, "the check's evidence");
		free(fl);
	}
	tu_xml_close(x);
	free(all), free(one);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(conf), free(bad), free(db), free(out), free(pdf), free(xml);
}
END_TEST

/* A subheading stands on the page of its table, not alone at a page's foot: in this rule
 * case's review, "Run modes" falls where the execution summary leaves too little of page
 * one for the start of its table. */
START_TEST(test_subheading_keeps_with_its_table)
{
	char *tmp = tu_tmpdir(), *pdf;
	char *bundle = tu_src("tests/rules/DO-4.6-GATE-LINK.violation-event-unknown/bundle");
	struct tu_proc p;
	int seen = 0;

	review(tmp, "day", bundle, "2026-11-28", &pdf, NULL, &p);
	ck_assert_msg(tu_exists(pdf), "no PDF: %s", p.err);
	for (long pg = 1, npg = pdf_pages(pdf); pg <= npg; pg++) {
		char *t = drawn_text(pdf, (int)pg, (int)pg);
		if (holds(t, "運行模式 Run modes")) {
			seen++;
			ck_assert_msg(holds(t, "迄To") && holds(t, "來源Source"),
				      "page %ld: 'Run modes' without its table's header", pg);
		}
		free(t);
	}
	ck_assert_int_eq(seen, 1);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(pdf), free(bundle);
}
END_TEST

/* The freeze story's week (no finding of its own) with two bad alerts of
 * tu_write_bad_alerts on 2026-11-18: four findings of two rules, all on one day. */
START_TEST(test_period_report)
{
	char *tmp = tu_tmpdir(), *db = story_store(tmp), *all, *text, *a, *b;
	char *extra = tu_path(tmp, "extra");
	char *pdf = tu_path(tmp, "out/report-all-2026-11-16_2026-11-20.pdf");
	char *pdf2 = tu_path(tmp, "again/report-all-2026-11-16_2026-11-20.pdf");
	char *xml = tu_path(tmp, "out/report-all-2026-11-16_2026-11-20.xml"), *verdict;
	const char *args[] = { "report", "--from", "2026-11-16", "--to", "2026-11-20", NULL };
	const char *more[] = { "ingest", extra, NULL };
	static const char *const headings_p[] = {
		"每日發現數 Findings per day", "每日判定 Day by day", "各規則發現數 Findings per rule",
		"變更 Changes", "凍結與解除 Freezes and unfreezes",
		"部署與文件鎖定 Deployments and document locks", "執行摘要 Execution summary",
		"事件檢討 Incident review", "未解決告警 Unresolved alerts",
		"日誌完整性檢查 Log integrity check", "稽核發現 Findings",
	};
	size_t n, len_a, len_b;
	char **shas;
	struct tu_proc p;
	struct tu_xml *x;
	int rc, days, rules, count;

	tu_write_bad_alerts(extra, "2026-11-18", 2);
	ck_assert_int_eq(tu_run_cmd(&p, db, NULL, more), 0);
	tu_proc_free(&p);
	rc = story_run(tmp, db, "out", args, &p);
	ck_assert_msg(tu_exists(pdf), "no PDF: %s", p.err);
	x = tu_xml_open(xml);
	verdict = tu_xml_get(x, "/period-report/@verdict");
	ck_assert_str_eq(verdict, "non_compliant");
	ck_assert_int_eq(rc, 1);
	check_verdict(pdf, "不合規", "NON-COMPLIANT", NULL, NULL);
	all = drawn_text(pdf, 1, 0);
	/* the days are judged again on today's store, and it says so */
	ck_holds(all, "eachdayjudgedagainonthestoreandsettingsofnow,andalog-integrityfactcounted"
		      "onceintheperiod", "page one");
	for (size_t i = 0; i < sizeof(headings_p) / sizeof(headings_p[0]); i++)
		ck_holds(all, headings_p[i], "heading");
	ck_assert_msg(!holds(all, "each bar adds up"), "five days, and not a bar each");
	/* the alerts still open are those at the end of the period */
	ck_holds(all, "Alertsunresolvedattheendoftheperiod", "page one");
	/* a section's heading stands on the page of its table, not alone at a foot */
	for (int pg = 1, npg = pdf_pages(pdf); pg <= npg; pg++) {
		char *t = drawn_text(pdf, pg, pg);
		if (holds(t, "執行摘要 Execution summary"))
			ck_holds(t, "送單Submits", "the execution summary's page");
		free(t);
	}

	/* Each day's row: date, verdict, findings, critical, major, minor, waived. */
	days = tu_xml_count(x, "/period-report/days/day");
	ck_assert_int_eq(days, 5);
	/* every day of the story has records, counted as the store holds them; the table
	 * says they are the day's, and page one that its count is the input files' */
	ck_assert_int_eq(tu_xml_count(x, "/period-report/days/day[@records > 0]"), 5);
	ck_holds(all, "當日紀錄Records of the day", "the day table's count");
	{
		char *one = drawn_text(pdf, 1, 1);
		ck_holds(one, "input file(s) holding", "page one's count");
		free(one);
	}
	/* an incident's review line parts its two languages */
	ck_holds(all, "檢討人 tsai.mingde，完成於 2026-11-19 20:30:00 / by tsai.mingde",
		 "the review line");
	for (int i = 1; i <= days; i++) {
		static const char *const keys[] = { "findings", "critical", "major", "minor",
						    "waived" };
		char *date = tu_xml_get(x, "/period-report/days/day[%d]/@date", i);
		char *v = tu_xml_get(x, "/period-report/days/day[%d]/@verdict", i);
		struct buf row = BUF_INIT;
		buf_addf(&row, "%s%s", date,
			 strcmp(v, "compliant") ? "不合規 NON-COMPLIANT" : "合規 COMPLIANT");
		for (int k = 0; k < 5; k++) {
			char *c = tu_xml_get(x, "/period-report/days/day[%d]/@%s", i, keys[k]);
			buf_adds(&row, c);
			free(c);
		}
		ck_holds(all, row.data, "day");
		buf_release(&row);
		free(date), free(v);
	}
	/* Each rule with findings: its row, section, total, days and the day with its count. */
	rules = tu_xml_count(x, "/period-report/rule-counts/rule");
	ck_assert_int_eq(rules, 2);
	for (int i = 1; i <= rules; i++) {
		char *id = tu_xml_get(x, "/period-report/rule-counts/rule[%d]/@id", i);
		char *total = tu_xml_get(x, "/period-report/rule-counts/rule[%d]/@findings", i);
		char *day = tu_xml_get(x, "/period-report/rule-counts/rule[%d]/day/@date", i);
		char *on_day = tu_xml_get(x, "/period-report/rule-counts/rule[%d]/day/@findings", i);
		struct buf row = BUF_INIT;
		ck_assert_int_eq(tu_xml_count(x, "/period-report/rule-counts/rule[%d]/day", i), 1);
		ck_assert_str_eq(total, "2");
		ck_holds(all, id, "rule");
		buf_addf(&row, "§%s %s 1 %s (%s)", rule_find(id)->section, total, day + 5, on_day);
		ck_holds(all, row.data, id);
		buf_release(&row);
		free(id), free(total), free(day), free(on_day);
	}
	/* Changes, freezes with their lifting, deployments and locks, inputs. */
	count = tu_xml_count(x, "//changes/change");
	ck_assert_int_gt(count, 0);
	for (int i = 1; i <= count; i++) {
		char c[48];
		snprintf(c, sizeof(c), "(//changes/change)[%d]", i);
		char *id = tu_xml_get(x, "%s/@id", c), *fl = file_line(x, c);
		ck_holds(all, id, "change");
		ck_holds(all, fl, id);
		free(id), free(fl);
	}
	count = tu_xml_count(x, "//freezes/freeze");
	ck_assert_int_gt(count, 0);
	for (int i = 1; i <= count; i++) {
		char *id = tu_xml_get(x, "(//freezes/freeze)[%d]/@id", i);
		char *lifted = tu_xml_get(x, "(//freezes/freeze)[%d]/@lifted", i);
		ck_holds(all, id, "freeze");
		const char *how = !strcmp(lifted, "conditions-met") ? "解除時條件已符合 conditions met"
				  : !strcmp(lifted, "conditions-not-met")
					  ? "解除時條件未符合 conditions not met"
					  : "仍生效中 still active";
		ck_holds(all, how, id);
		free(id), free(lifted);
	}
	ck_holds(all, "FRZ-20261117-01", "the story's freeze");
	count = tu_xml_count(x, "//deployments/deployment");
	ck_assert_int_gt(count, 0);
	for (int i = 1; i <= count; i++) {
		char *id = tu_xml_get(x, "(//deployments/deployment)[%d]/@id", i);
		ck_holds(all, id, "deployment");
		free(id);
	}
	count = tu_xml_count(x, "//document-locks/lock");
	ck_assert_int_gt(count, 0);
	for (int i = 1; i <= count; i++) {
		char *id = tu_xml_get(x, "(//document-locks/lock)[%d]/@id", i);
		char *docs = tu_xml_get(x, "(//document-locks/lock)[%d]/@documents", i);
		ck_holds(all, id, "lock");
		ck_holds(all, docs, id);
		free(id), free(docs);
	}
	ck_holds(all, "DL-20261119-01", "the story's new lock");
	ck_holds(all, "DEP-LIVE-20261119-01", "the story's redeployment");
	shas = tu_xml_all(x, &n, "/period-report/inputs/input/@sha256");
	ck_assert_int_gt(n, 0);
	for (size_t i = 0; i < n; i++)
		ck_holds(all, shas[i], "input");
	tu_strv_free(shas);
	text = pdftotext(pdf);
	check_footers(text, pdf_pages(pdf), xml);
	check_renders(tmp, pdf);
	check_inside_margins(pdf);
	/* The same report again: the same bytes. */
	tu_proc_free(&p);
	story_run(tmp, db, "again", args, &p);
	a = tu_read(pdf, &len_a);
	b = tu_read(pdf2, &len_b);
	ck_assert_msg(a && b && len_a == len_b && !memcmp(a, b, len_a), "two runs differ");
	tu_xml_close(x);
	free(a), free(b), free(text), free(all), free(verdict), free(extra);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(db), free(pdf), free(pdf2), free(xml);
}
END_TEST

/* max_rows holds for every table: the execution summary, an incident's actions and the
 * changes stop there too, each saying how many more rows the XML lists. 30 environments
 * with one submit each, an incident of 30 actions and 30 changes, under max_rows 25: in
 * the review (execution summary, actions) and in the period report (changes too). */
START_TEST(test_every_table_stops_at_max_rows)
{
	char *tmp = tu_tmpdir(), *src = tu_path(tmp, "b"), *db = tu_path(tmp, "s.db"), *pdf;
	char *tpl = template_file(tmp, "rows.yaml", "max_rows: 1000", "max_rows: 25"), *text;
	char *ppdf = tu_path(tmp, "out/report-all-2026-11-28_2026-11-28.pdf");
	const char *args[] = { "report", "--from", "2026-11-28", "--to", "2026-11-28", src, NULL };
	struct buf b = BUF_INIT;
	struct tu_proc p;

	for (int i = 1; i <= 30; i++)
		buf_addf(&b, "{\"kind\":\"execution\",\"ts\":\"2026-11-28T10:00:%02d+08:00\","
			     "\"source\":\"oms\",\"seq\":%d,\"environment\":\"Desk%02d\","
			     "\"deployment_id\":\"DEP-S\",\"correlation_id\":\"FLOW-20261128-%04d\","
			     "\"event\":\"submit\",\"order_id\":\"O%d\",\"symbol\":\"2330\","
			     "\"side\":\"buy\",\"qty\":1,\"route\":\"simulated\"}\n", i, i, i, i, i);
	tu_write(src, "orders.jsonl", b.data, (long)b.len);
	buf_reset(&b);
	buf_adds(&b, "kind: incident\nincident_id: INC-20261128-79\nenvironment: live\n"
		     "type: execution_anomaly\ngrade: major\n"
		     "occurred_at: 2026-11-28T10:00:00+08:00\ncorrelation_ids: [FLOW-20261128-0001]\n"
		     "scope: one route\nactions:\n");
	for (int i = 1; i <= 30; i++)
		buf_addf(&b, "  - {step: %s, at: \"2026-11-28T10:%02d:00+08:00\", by: ops.lin,"
			     " note: actionnote%03d}\n", i == 1 ? "stop" : "repair", i, i);
	tu_write(src, "incident.yaml", b.data, (long)b.len);
	for (int i = 1; i <= 30; i++) {
		char name[48];
		buf_reset(&b);
		buf_addf(&b, "kind: change\nchange_id: CHG-20261128-%02d\ntype: document\n"
			     "environment: live\nrequested_at: 2026-11-28T09:00:00+08:00\n"
			     "requested_by: a.b\ndescription: d\nimpact_assessment: i\n"
			     "applied_at: 2026-11-28T11:%02d:00+08:00\n"
			     "completed_at: 2026-11-28T11:%02d:30+08:00\n"
			     "repair: false\nstrategy_expansion: false\n", i, i, i);
		snprintf(name, sizeof(name), "changes/CHG-20261128-%02d.yaml", i);
		tu_write(src, name, b.data, (long)b.len);
	}
	buf_release(&b);

	setenv("TAITS_AUDIT_TEMPLATE", tpl, 1);
	ck_assert_int_le(review(tmp, "rev", src, "2026-11-28", &pdf, NULL, &p), 1);
	tu_proc_free(&p);
	ck_assert_int_le(story_run(tmp, db, "out", args, &p), 1);
	unsetenv("TAITS_AUDIT_TEMPLATE");
	tu_proc_free(&p);

	/* the review: execution summary 5, actions 5 (markers 6, input files 7) */
	text = pdftotext(pdf);
	ck_assert_ptr_nonnull(strstr(text, "actionnote025"));
	ck_assert_ptr_null(strstr(text, "actionnote026"));
	ck_assert_int_eq(tu_count(text, "Rows not shown in this PDF: 5; see the XML report"), 2);
	ck_assert_int_eq(tu_count(text, "另有 5 列未列於本 PDF"), 2);
	free(text);
	text = drawn_text(pdf, 1, 0);
	ck_holds(text, "Desk25未宣告undeclared", "the 25th row of the execution summary");
	ck_assert_msg(!holds(text, "Desk26未宣告undeclared"), "the execution summary is not cut");
	free(text);
	/* the period report: changes 5, execution summary 5, actions 5 (input files 7) */
	text = pdftotext(ppdf);
	ck_assert_int_eq(tu_count(text, "Rows not shown in this PDF: 5; see the XML report"), 3);
	ck_assert_int_eq(tu_count(text, "另有 5 列未列於本 PDF"), 3);
	free(text);
	text = drawn_text(ppdf, 1, 0);
	ck_holds(text, "CHG-20261128-25環境Environmentlive", "the 25th change");
	ck_assert_msg(!holds(text, "CHG-20261128-26環境Environmentlive"), "the changes are not cut");
	free(text);
	tu_rmrf(tmp);
	free(tmp), free(src), free(db), free(tpl), free(pdf), free(ppdf);
}
END_TEST

/* Page one names the first ten non-compliant days of a period, then "...": twelve days,
 * each with a finding. */
START_TEST(test_period_names_ten_days_then_more)
{
	char *tmp = tu_tmpdir(), *src = tu_path(tmp, "b"), *db = tu_path(tmp, "s.db"), *first;
	char *pdf = tu_path(tmp, "out/report-all-2026-11-01_2026-11-12.pdf");
	const char *args[] = { "report", "--from", "2026-11-01", "--to", "2026-11-12", src, NULL };
	struct tu_proc p;

	for (int d = 1; d <= 12; d++) {
		char date[16];
		snprintf(date, sizeof(date), "2026-11-%02d", d);
		tu_write_bad_alerts(src, date, 1);
	}
	ck_assert_int_eq(story_run(tmp, db, "out", args, &p), 1);
	tu_proc_free(&p);
	first = drawn_text(pdf, 1, 1);
	ck_holds(first, "12 of 12 days non-compliant: 11-01, 11-02, 11-03, 11-04, 11-05, 11-06,"
			" 11-07, 11-08, 11-09, 11-10, ...", "page 1");
	ck_holds(first, "12 個營運日中有 12 日不合規：11-01, 11-02, 11-03, 11-04, 11-05, 11-06,"
			" 11-07, 11-08, 11-09, 11-10, ...", "page 1");
	ck_assert_msg(!holds(first, "11-10, 11-11"), "page 1 names an 11th day");
	free(first);
	tu_rmrf(tmp);
	free(tmp), free(src), free(db), free(pdf);
}
END_TEST

/* A bullet of up to three lines is not split by a page: the freezes' note of what a freeze
 * allows (two lines) ends a page of the period report whose days table holds ten days. */
START_TEST(test_bullet_lines_stay_together)
{
	char *tmp = tu_tmpdir(), *src = tu_path(tmp, "b"), *db = tu_path(tmp, "s.db"), *text;
	char *pdf = tu_path(tmp, "out/report-all-2026-10-01_2026-10-10.pdf"), **pages;
	const char *args[] = { "report", "--from", "2026-10-01", "--to", "2026-10-10", src, NULL };
	struct tu_proc p;
	long n;
	int seen = 0;

	tu_write(src, "f.yaml", "kind: freeze\nfreeze_id: FRZ-20261001-01\nenvironment: sim\n"
				"reason: market_event\nstarted_at: \"2026-10-01T01:00:00+08:00\"\n", -1);
	for (int d = 1; d <= 10; d++) {
		char date[16];
		snprintf(date, sizeof(date), "2026-10-%02d", d);
		tu_write_bad_alerts(src, date, 1);
	}
	ck_assert_int_eq(story_run(tmp, db, "out", args, &p), 1);
	tu_proc_free(&p);
	text = pdftotext(pdf);
	pages = split_pages(text, &n);
	for (long k = 0; k < n; k++) {
		int a = strstr(pages[k], "凍結期間僅允許") != NULL;
		int b = strstr(pages[k], "no strategy expansion (§8.4)") != NULL;
		ck_assert_msg(a == b, "page %ld holds part of the freezes' note", k + 1);
		seen += a;
	}
	ck_assert_int_gt(seen, 0);
	free(pages), free(text);
	tu_rmrf(tmp);
	free(tmp), free(src), free(db), free(pdf);
}
END_TEST

/* A waiver that expires inside the period waived the findings of its first days: the
 * table says it was in force until then, not merely that it is expired. */
START_TEST(test_period_waiver_expired_within)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *conf = tu_path(tmp, "w.yaml");
	char *src = tu_src("tests/rules/DO-8.2-CHANGE-TYPE.violation/bundle");
	char *pdf = tu_path(tmp, "out/report-all-2026-11-28_2026-11-29.pdf");
	char *xml = tu_path(tmp, "out/report-all-2026-11-28_2026-11-29.xml"), *all;
	const char *args[] = { "report", "--from", "2026-11-28", "--to", "2026-11-29",
			       "--config", conf, src, NULL };
	struct tu_proc p;

	tu_write_waiver(tmp, "w.yaml", "DO-8.2-CHANGE-TYPE", "{environment: \"*\"}",
			"the type list was being revised", "2026-11-28");
	story_run(tmp, db, "out", args, &p);
	tu_proc_free(&p);
	struct tu_xml *x = tu_xml_open(xml);
	ck_assert_int_eq(tu_xml_count(x, "//waiver[@index='1'][@status='expired'][@applied='1']"), 1);
	tu_xml_close(x);
	all = drawn_text(pdf, 1, 0);
	ck_holds(all, "期間內到期：至2026-11-28止有效", "the waivers table");
	ck_holds(all, "expiredwithintheperiod:inforceto2026-11-28", "the waivers table");
	free(all);
	tu_rmrf(tmp);
	free(tmp), free(db), free(conf), free(src), free(pdf), free(xml);
}
END_TEST

/* Two bundles whose directories share their last name (a/day, b/day): citations name as
 * much of each as tells them apart. */
START_TEST(test_citations_tell_bundles_apart)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *all;
	char *src = tu_src("tests/rules/DO-8.2-CHANGE-TYPE.violation/bundle/records.yaml");
	char *a = tu_path(tmp, "a/day"), *b = tu_path(tmp, "b/day");
	char *pdf = tu_path(tmp, "out/review-all-2026-11-28.pdf");
	char *yaml = tu_read(src, NULL);
	const char *args[] = { "review", "--date", "2026-11-28", a, b, NULL };
	struct buf other = BUF_INIT;
	struct tu_proc p;

	tu_write(tmp, "a/day/records.yaml", yaml, -1);
	/* the same change under another ID: a second finding, in b */
	for (const char *q = yaml; *q; q++) {
		if (!strncmp(q, "CHG-", 4)) {
			buf_adds(&other, "CHG-B");
			q += 3;
		} else {
			buf_addc(&other, *q);
		}
	}
	tu_write(tmp, "b/day/records.yaml", other.data, -1);
	story_run(tmp, db, "out", args, &p);
	tu_proc_free(&p);
	all = drawn_text(pdf, 1, 0);
	ck_holds(all, "a/day/records.yaml:", "a citation in a");
	ck_holds(all, "b/day/records.yaml:", "a citation in b");
	free(all);
	/* the input files of two bundles share their path: each row names its bundle, as
	 * the legend above the table does */
	all = drawn_text(pdf, 1, 0);
	{
		struct buf na = BUF_INIT, nb = BUF_INIT;
		char *qa, *qb;
		buf_addf(&na, "日誌包 Bundle: %s", a);
		buf_addf(&nb, "日誌包 Bundle: %s", b);
		qa = squeeze(na.data), qb = squeeze(nb.data);
		ck_assert_msg(tu_count(all, qa) == 2, "a named %d times, not twice (legend, row)",
			      tu_count(all, qa));
		ck_assert_msg(tu_count(all, qb) == 2, "b named %d times, not twice (legend, row)",
			      tu_count(all, qb));
		free(qa), free(qb);
		buf_release(&na), buf_release(&nb);
	}
	free(all);
	buf_release(&other);
	tu_rmrf(tmp);
	free(tmp), free(db), free(src), free(a), free(b), free(pdf), free(yaml);
}
END_TEST

/* A day with no record of its own but a finding (a freeze that ends on it, its
 * conditions unmet): non-compliant, and not marked "no records". */
START_TEST(test_period_day_without_records_but_a_finding)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *b = tu_path(tmp, "b");
	char *src = tu_src("tests/rules/DO-8.5-UNFREEZE.violation-risk-review/bundle");
	char *rec = tu_path(src, "records.yaml"), *ev = tu_path(src, "events.jsonl");
	char *records = tu_read(rec, NULL), *events = tu_read(ev, NULL), *at, *all;
	char *pdf = tu_path(tmp, "out/report-all-2026-11-28_2026-11-30.pdf");
	char *xml = tu_path(tmp, "out/report-all-2026-11-28_2026-11-30.xml");
	const char *args[] = { "report", "--from", "2026-11-28", "--to", "2026-11-30", b, NULL };
	struct tu_proc p;

	at = strstr(records, "ended_at: \"2026-11-28T06:00:00+08:00\"");
	ck_assert_ptr_nonnull(at);
	memcpy(at + strlen("ended_at: \"2026-11-"), "30", 2);
	tu_write(tmp, "b/records.yaml", records, -1);
	tu_write(tmp, "b/events.jsonl", events, -1);
	story_run(tmp, db, "out", args, &p);
	tu_proc_free(&p);
	struct tu_xml *x = tu_xml_open(xml);
	ck_assert_int_eq(tu_xml_count(x, "//day[@date='2026-11-30'][@verdict='non_compliant']"
					 "[@records='0']"), 1);
	ck_assert_int_eq(tu_xml_count(x, "//day[@date='2026-11-29'][@verdict='compliant']"
					 "[@records='0'][@findings='0']"), 1);
	tu_xml_close(x);
	all = drawn_text(pdf, 1, 0);
	ck_holds(all, "2026-11-29合規COMPLIANT無紀錄norecords", "the day with nothing");
	ck_holds(all, "2026-11-30不合規NON-COMPLIANT", "the day of the lifting");
	ck_assert_msg(!holds(all, "2026-11-30不合規NON-COMPLIANT無紀錄"),
		      "a day with a finding marked no records");
	free(all);
	/* nor named on page one among the trading days without records (11-29 is a Sunday) */
	all = drawn_text(pdf, 1, 1);
	ck_assert_msg(!holds(all, "Trading days without records"),
		      "page 1 counts a day with a finding among the days without records");
	free(all);
	/* the review of that day: its finding, and that the day itself had no record */
	const char *review[] = { "review", "--date", "2026-11-30", NULL };
	story_run(tmp, db, "out", review, &p);
	tu_proc_free(&p);
	char *rpdf = tu_path(tmp, "out/review-all-2026-11-30.pdf");
	all = drawn_text(rpdf, 1, 1);
	ck_holds(all, "No records on this day: the findings below are about other records or"
		      " files; check that the day's logs were delivered", "a day of a finding alone");
	ck_assert_msg(!holds(all, "nothing was there to judge"), "a day with a finding");
	free(all), free(rpdf);
	tu_rmrf(tmp);
	free(tmp), free(db), free(b), free(src), free(rec), free(ev), free(records);
	free(events), free(pdf), free(xml);
}
END_TEST

/* Three years of a store holding two weeks: the days with nothing run together into one
 * row each, so that the table's rows go to the days that hold records or findings (a
 * thousand empty rows once took the cut and left out every day of the story). */
START_TEST(test_period_quiet_days_run_together)
{
	char *tmp = tu_tmpdir(), *db = story_store(tmp), *all, *row;
	char *xml = tu_path(tmp, "out/report-all-2024-01-01_2026-12-31.xml");
	char *pdf = tu_path(tmp, "out/report-all-2024-01-01_2026-12-31.pdf");
	const char *args[] = { "report", "--from", "2024-01-01", "--to", "2026-12-31", NULL };
	struct tu_proc p;
	struct tu_xml *x;
	int days, busy = 0;

	ck_assert_int_le(story_run(tmp, db, "out", args, &p), 1);
	x = tu_xml_open(xml);
	days = tu_xml_count(x, "/period-report/days/day");
	ck_assert_int_eq(days, 1096);
	all = drawn_text(pdf, 1, 0);
	ck_assert_ptr_null(strstr(all, "RowsnotshowninthisPDF"));
	for (int i = 1; i <= days; i++) {
		char *date = tu_xml_get(x, "/period-report/days/day[%d]/@date", i);
		char *rec = tu_xml_get(x, "/period-report/days/day[%d]/@records", i);
		char *fin = tu_xml_get(x, "/period-report/days/day[%d]/@findings", i);
		if (strcmp(rec, "0") || strcmp(fin, "0")) {
			/* its own row: the date, then the verdict */
			row = malloc(strlen(date) + 8);
			sprintf(row, "%s合規", date);
			if (!holds(all, row))
				sprintf(row, "%s不合規", date);
			ck_holds(all, row, "a day with records");
			free(row);
			busy++;
		}
		free(date), free(rec), free(fin);
	}
	ck_assert_int_gt(busy, 4);
	tu_xml_close(x);
	ck_holds(all, "2024-01-01–2026-11-08合規COMPLIANT連續1,043天無紀錄1,043days,norecords",
		 "the quiet days before the story");
	ck_holds(all, "2026-11-21–2026-12-31合規COMPLIANT連續41天無紀錄41days,norecords",
		 "the quiet days after it");
	free(all);
	tu_proc_free(&p);
	/* cut to two rows (the first quiet run, then 2026-11-09), the note counts the days
	 * the XML lists and the table leaves out: 1,096 less 1,044 */
	{
		char *tpl = template_file(tmp, "two.yaml", "max_rows: 1000", "max_rows: 2");
		setenv("TAITS_AUDIT_TEMPLATE", tpl, 1);
		ck_assert_int_le(story_run(tmp, db, "out2", args, &p), 1);
		unsetenv("TAITS_AUDIT_TEMPLATE");
		free(pdf);
		pdf = tu_path(tmp, "out2/report-all-2024-01-01_2026-12-31.pdf");
		all = drawn_text(pdf, 1, 0);
		ck_holds(all, "2026-11-09合規", "the second row");
		ck_holds(all, "Rows not shown in this PDF: 52", "the days cut");
		free(all), free(tpl);
		tu_proc_free(&p);
	}
	tu_rmrf(tmp);
	free(tmp), free(db), free(xml), free(pdf);
}
END_TEST

/* Four months: too many days for a bar each, so a bar adds up a week; still every day in
 * the day-by-day table, and everything inside the page. */
START_TEST(test_period_chart_bins_weeks)
{
	char *tmp = tu_tmpdir(), *db = story_store(tmp), *all;
	char *pdf = tu_path(tmp, "out/report-all-2026-08-01_2026-11-30.pdf");
	const char *args[] = { "report", "--from", "2026-08-01", "--to", "2026-11-30",
			       "--format", "pdf", NULL };
	struct tu_proc p;

	story_run(tmp, db, "out", args, &p);
	ck_assert_msg(tu_exists(pdf), "no PDF: %s", p.err);
	all = drawn_text(pdf, 1, 0);
	ck_holds(all, "每根長條為 7 天的合計，自 2026-08-01 起", "the chart's bins");
	ck_holds(all, "each bar adds up 7 days, from 2026-08-01", "the chart's bins");
	/* every day has its row, or is in a row of days the store holds nothing of: they
	 * are compliant for want of anything to judge, and say so; the story's days are not */
	for (int m = 8; m <= 11; m++)
		for (int d = 1; d <= (m == 8 || m == 10 ? 31 : 30); d++) {
			char row[40], date[11];
			int in_run = 0;
			snprintf(date, sizeof(date), "2026-%02d-%02d", m, d);
			snprintf(row, sizeof(row), "%s合規COMPLIANT", date);
			for (const char *r = strstr(all, "–"); r && !in_run; r = strstr(r + 1, "–"))
				in_run = r - all >= 10 && strncmp(r - 10, date, 10) <= 0 &&
					 strncmp(r + 3, date, 10) >= 0 &&
					 !strncmp(r + 13, "合規COMPLIANT連續", 17);
			ck_assert_msg(in_run || holds(all, row), "no row holds %s", date);
		}
	ck_holds(all, "2026-08-01–2026-11-08合規COMPLIANT連續100天無紀錄100days,norecords",
		 "the empty days");
	ck_assert_msg(!holds(all, "2026-11-17合規COMPLIANT無紀錄"), "a day with records");
	check_renders(tmp, pdf);
	check_inside_margins(pdf);
	free(all);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(db), free(pdf);
}
END_TEST

/* A period without findings has a chart of one line: an axis at 0 and no gridline to
 * scale bars it has not got, with its note. */
START_TEST(test_period_chart_without_findings)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *out = tu_path(tmp, "out");
	char *src = tu_src("samples/live-day"), *all;
	char *pdf = tu_path(out, "report-all-2026-11-20_2026-11-26.pdf");
	const char *ingest[] = { "taits-audit", "ingest", "--quiet", "--db", db, src, NULL };
	const char *report[] = { "taits-audit", "report", "--quiet", "--db", db, "--out", out,
				 "--from", "2026-11-20", "--to", "2026-11-26", NULL };
	struct tu_proc p;

	ck_assert_int_eq(tu_run(&p, ingest), 0);
	tu_proc_free(&p);
	ck_assert_int_eq(tu_run(&p, report), 0);
	tu_proc_free(&p);
	all = drawn_text(pdf, 1, 1);
	ck_holds(all, "每日發現數 Findings per day 0 11-20 11-21 11-22 11-23 11-24 11-25 11-26"
		      "此期間沒有稽核發現 no findings in the period", "the empty chart");
	free(all);
	tu_rmrf(tmp);
	free(tmp), free(db), free(out), free(src), free(pdf);
}
END_TEST

/* Whether a line of pdftotext's output is one identifier: "KS-LIVE-20261127-1320". */
static int id_line(const char *s, size_t n)
{
	int dash = 0, digit = 0;

	if (!n || s[0] < 'A' || s[0] > 'Z')
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '-')
			dash = 1;
		else if (s[i] >= '0' && s[i] <= '9')
			digit = 1;
		else if (s[i] < 'A' || s[i] > 'Z')
			return 0;
	}
	return dash && digit;
}

/* The PDF says nothing the XML does not: every identifier in the PDF's table of timeline
 * markers is a <marker> of the XML, and every marker of the XML is in that table, with
 * its record and, for a kill switch that did not report ok, its result. */
START_TEST(test_timeline_markers_are_in_the_xml)
{
	static const char *const want[] = {
		"KS-TEST-LIVE-20261127-0815", "KS-TEST-SIM-20261127-0838", "CHG-20261127-01",
		"ALR-SIM-20261127-0001", "INC-20261127-01", "INC-20261127-02",
		"KS-LIVE-20261127-1320", "CHG-20261127-02",
	};
	char *tmp = tu_tmpdir(), *src = tu_src("samples/bad-day"), *pdf, *xml, *text;
	struct tu_xml *x;
	const char *from, *to;
	struct tu_proc p;
	char **ids;
	size_t nids, seen = 0;

	ck_assert_int_eq(review(tmp, "bad", src, "2026-11-27", &pdf, &xml, &p), 1);
	ck_assert_msg(tu_report_validates(xml), "the review does not validate");
	x = tu_xml_open(xml);
	ids = tu_xml_all(x, &nids, "//marker/@id");
	tu_xml_close(x);
	ck_assert_int_eq(nids, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < nids; i++)
		ck_assert_str_eq(ids[i], want[i]);
	text = pdftotext(pdf);
	from = strstr(text, "Timeline markers");
	ck_assert_ptr_nonnull(from);
	to = strstr(from, "Execution summary");
	ck_assert_ptr_nonnull(to);
	for (const char *l = from; l < to;) {
		size_t n = strcspn(l, "\n\f");
		if (id_line(l, n)) {
			size_t k;
			for (k = 0; k < nids && (strlen(ids[k]) != n || strncmp(ids[k], l, n)); k++)
				;
			ck_assert_msg(k < nids, "the PDF marks %.*s, which the XML does not", (int)n, l);
			seen++;
		}
		l += n + (l[n] != '\0');
	}
	ck_assert_int_eq(seen, nids);
	{
		/* the kill-switch test that failed says so, as its marker's result does, and
		 * each marker names its record */
		char *all = drawn_text(pdf, 1, 0), **failed, **files, **lines;
		size_t nfailed, nfiles, nlines;
		x = tu_xml_open(xml);
		failed = tu_xml_all(x, &nfailed, "//marker[@result!='ok']/@id");
		files = tu_xml_all(x, &nfiles, "//marker/@file");
		lines = tu_xml_all(x, &nlines, "//marker/@line");
		tu_xml_close(x);
		ck_assert_int_eq(nfailed, 1);
		ck_assert_str_eq(failed[0], "KS-TEST-LIVE-20261127-0815");
		ck_holds(all, "kill-switch test結果：failed result: failedKS-TEST-LIVE-20261127-0815"
			      "events/live/killswitch.jsonl:1", "the failed test");
		ck_assert_msg(!holds(all, "result: ok"), "a kill switch that did report ok");
		/* the picture crosses out its marker, and the legend says what the cross is */
		ck_holds(all, "Kill Switch 結果非 ok kill switch result not ok", "the legend's cross");
		/* the unresolved alert downgraded from CRITICAL says so */
		ck_holds(all, "ALR-SIM-20261127-0001WARN曾為 CRITICAL was CRITICAL", "the downgrade");
		ck_assert_int_eq(nfiles, nids);
		ck_assert_int_eq(nlines, nids);
		for (size_t i = 0; i < nids; i++) {
			char at[512];
			snprintf(at, sizeof(at), "%s%s:%s", ids[i], files[i], lines[i]);
			ck_holds(all, at, "a marker's record");
		}
		tu_strv_free(failed), tu_strv_free(files), tu_strv_free(lines);
		free(all);
	}
	tu_strv_free(ids);
	free(text);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(src), free(pdf), free(xml);
}
END_TEST

/* A day whose kill switches all reported ok has no cross in its picture's legend. */
START_TEST(test_timeline_crosses_only_a_kill_switch_not_ok)
{
	char *tmp = tu_tmpdir(), *src = tu_src("samples/bad-day"), *all;
	const char *args[] = { "--quiet", "--env", "sim", NULL };
	struct buf db = BUF_INIT, out = BUF_INIT, pdf = BUF_INIT, xml = BUF_INIT;
	struct tu_xml *x;
	struct tu_proc p;
	char **ok, **not_ok;
	size_t nok, nnot_ok;

	buf_addf(&db, "%s/sim.db", tmp);
	buf_addf(&out, "%s/sim", tmp);
	buf_addf(&pdf, "%s/review-sim-2026-11-27.pdf", out.data);
	buf_addf(&xml, "%s/review-sim-2026-11-27.xml", out.data);
	ck_assert_int_eq(tu_review(&p, db.data, out.data, "2026-11-27", src, args), 1);
	x = tu_xml_open(xml.data);
	ok = tu_xml_all(x, &nok, "//marker[starts-with(@kind, 'kill_switch_')][@result='ok']/@id");
	not_ok = tu_xml_all(x, &nnot_ok, "//marker[starts-with(@kind, 'kill_switch_')]"
					 "[not(@result) or @result!='ok']/@id");
	tu_xml_close(x);
	ck_assert_int_eq(nok, 1);
	ck_assert_int_eq(nnot_ok, 0);
	all = drawn_text(pdf.data, 1, 0);
	ck_holds(all, "Kill Switch 測試 kill-switch test", "the legend");
	ck_assert_msg(!holds(all, "result not ok"), "a cross in the legend of a day without one");
	tu_strv_free(ok), tu_strv_free(not_ok);
	free(all);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	buf_release(&db), buf_release(&out), buf_release(&pdf), buf_release(&xml);
	free(tmp), free(src);
}
END_TEST

/* A kill switch test that did not report ok is crossed out in red on the picture, and the
 * legend says what the cross means. */
START_TEST(test_timeline_crosses_a_failed_kill_switch)
{
	static const unsigned char bad[3] = { 0xc6, 0x28, 0x28 }; /* colors.non_compliant */
	char *tmp = tu_tmpdir(), *src = tu_path(tmp, "b"), *pdf, *all;
	struct tu_proc p;
	size_t nw, k;
	struct word *w;
	float xmin, xmax;
	long red;

	tu_write(src, "killswitch.jsonl",
		 "{\"kind\":\"kill_switch\",\"ts\":\"2026-11-28T10:00:00+08:00\","
		 "\"source\":\"killswitch\",\"seq\":1,\"environment\":\"sim\",\"action\":\"test\","
		 "\"result\":\"fail\",\"correlation_id\":\"KS-TEST-SIM-20261128-0001\","
		 "\"trigger\":\"manual\"}\n", -1);
	ck_assert_int_le(review(tmp, "ks", src, "2026-11-28", &pdf, NULL, &p), 1);
	all = drawn_text(pdf, 1, 0);
	ck_holds(all, "result not ok", "the legend's cross");
	free(all);
	/* the lane of sim: its name at the left edge under the picture's heading */
	w = pdf_words(pdf, 0, &nw);
	for (k = 0; k < nw && strcmp(w[k].text, "營運日時間軸"); k++)
		;
	ck_assert_uint_lt(k, nw);
	for (k++; k < nw && !(!strcmp(w[k].text, "sim") && w[k].x0 < 41); k++)
		;
	ck_assert_uint_lt(k, nw);
	/* the track of markers lies above the band the name is beside */
	red = colour_span(tmp, pdf, w[k].page, bad, (float)w[k].y0 - 20, (float)w[k].y1, &xmin,
			  &xmax);
	ck_assert_msg(red > 0, "no red cross on the lane of sim");
	ck_assert_msg(xmin > 100, "red left of the track (%g)", xmin);
	free(w);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(src), free(pdf);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("pdf");
	TCase *tc = tcase_create("pdf");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_bad_day_says_what_the_xml_says);
	tcase_add_test(tc, test_live_day_is_compliant);
	tcase_add_test(tc, test_cjk_font_is_embedded);
	tcase_add_test(tc, test_every_page_renders);
	tcase_add_test(tc, test_same_inputs_same_bytes);
	tcase_add_test(tc, test_two_thousand_findings_paginate);
	tcase_add_test(tc, test_long_text_stays_inside_the_margins);
	tcase_add_test(tc, test_findings_cut_at_max_findings_exactly);
	tcase_add_test(tc, test_long_evidence_lists_say_how_many_more);
	tcase_add_test(tc, test_long_tables_say_how_many_more);
	tcase_add_test(tc, test_one_row_over_max_rows_is_cut);
	tcase_add_test(tc, test_many_environments_fit_the_page);
	tcase_add_test(tc, test_long_values_keep_the_pdf);
	tcase_add_test(tc, test_cut_tables_keep_what_matters);
	tcase_add_test(tc, test_long_value_is_cut_in_the_pdf);
	tcase_add_test(tc, test_value_of_the_limit_is_not_cut);
	tcase_add_test(tc, test_read_first_counts_alerts_once);
	tcase_add_test(tc, test_preflight_waived_go);
	tcase_add_test(tc, test_read_first_counts_waived);
	tcase_add_test(tc, test_long_freeze_id_header);
	tcase_add_test(tc, test_template_errors_name_the_key);
	tcase_add_test(tc, test_failures_leave_no_file);
	tcase_add_test(tc, test_unfreeze_not_ready);
	tcase_add_test(tc, test_unfreeze_ready);
	tcase_add_test(tc, test_unfreeze_items_cut);
	tcase_add_test(tc, test_unfreeze_read_first_counts_the_rest);
	tcase_add_test(tc, test_cut_note_stays_with_its_table);
	tcase_add_test(tc, test_cut_note_lines_stay_together);
	tcase_add_test(tc, test_unfreeze_waived);
	tcase_add_test(tc, test_period_waiver_expired_within);
	tcase_add_test(tc, test_every_table_stops_at_max_rows);
	tcase_add_test(tc, test_citations_tell_bundles_apart);
	tcase_add_test(tc, test_period_day_without_records_but_a_finding);
	tcase_add_test(tc, test_preflight_go_and_no_go);
	tcase_add_test(tc, test_nothing_shipped_is_not_an_all_clear);
	tcase_add_test(tc, test_times_wrap_before_their_offset);
	tcase_add_test(tc, test_period_report);
	tcase_add_test(tc, test_subheading_keeps_with_its_table);
	tcase_add_test(tc, test_period_chart_bins_weeks);
	tcase_add_test(tc, test_period_chart_without_findings);
	tcase_add_test(tc, test_timeline_markers_are_in_the_xml);
	tcase_add_test(tc, test_timeline_keeps_markers_at_their_time);
	tcase_add_test(tc, test_finding_rows_stay_whole);
	tcase_add_test(tc, test_missing_glyphs_are_counted);
	tcase_add_test(tc, test_latin_beyond_ascii_in_the_latin_font);
	tcase_add_test(tc, test_question_marks_are_not_missing_glyphs);
	tcase_add_test(tc, test_bundle_legend_stays_with_its_heading);
	tcase_add_test(tc, test_brief_mode_shows);
	tcase_add_test(tc, test_incident_tables_name_their_incident);
	tcase_add_test(tc, test_first_row_stays_with_its_header);
	tcase_add_test(tc, test_longer_wording_fits);
	tcase_add_test(tc, test_period_quiet_days_run_together);
	tcase_add_test(tc, test_timeline_crosses_only_a_kill_switch_not_ok);
	tcase_add_test(tc, test_timeline_crosses_a_failed_kill_switch);
	tcase_add_test(tc, test_actions_caption_only_on_a_new_page);
	tcase_add_test(tc, test_long_incident_id_in_a_continued_caption);
	tcase_add_test(tc, test_incidents_cut_at_max_rows);
	tcase_add_test(tc, test_period_names_ten_days_then_more);
	tcase_add_test(tc, test_read_first_skips_waived);
	tcase_add_test(tc, test_provenance_lists_the_settings);
	tcase_add_test(tc, test_bullet_lines_stay_together);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_main(suite());
}
