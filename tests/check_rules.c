/*
 * check_rules.c - every rule of the catalog against its fixtures in tests/rules/.
 *
 * Each fixture directory holds a bundle, an optional tailoring file and expect.yaml (see
 * tests/rules/README.md). The bundle is ingested into a fresh store and the day reviewed;
 * the findings must be exactly the expected rules and counts, with the expected evidence.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest.h"
#include "rules/rules.h"
#include "store/store.h"
#include "tailoring.h"
#include "testutil.h"
#include "util/buf.h"
#include "util/timeutil.h"
#include "util/tree.h"

static char **cases;
static int ncases;

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int opendir_ok(const char *path)
{
	DIR *d = opendir(path);

	if (d)
		closedir(d);
	return d != NULL;
}

static void find_cases(void)
{
	char *dir = tu_src("tests/rules");
	DIR *d = opendir(dir);
	struct dirent *de;

	while (d && (de = readdir(d))) {
		char *sub = tu_path(dir, de->d_name);
		int is_case = de->d_name[0] != '.' && strchr(de->d_name, '.') &&
			      tu_exists(sub) && opendir_ok(sub);
		free(sub);
		if (!is_case)
			continue;
		cases = realloc(cases, (size_t)(ncases + 1) * sizeof(*cases));
		cases[ncases++] = strdup(de->d_name);
	}
	if (d)
		closedir(d);
	qsort(cases, (size_t)ncases, sizeof(*cases), cmp);
	free(dir);
}

/* "rule count waived" lines of what the review found, and "rule file:line" evidence. */
struct found {
	struct buf counts, evidence;
};

static void review_case(const char *casedir, const cJSON *expect, struct found *out)
{
	struct error e = ERROR_INIT;
	struct tailoring t;
	struct store *st = NULL;
	struct rules *rules = NULL;
	struct ingest_result res;
	struct ingest_options opt = { INGEST_DEFAULT_MAX_RECORD, NULL, 0 };
	struct day_counts counts;
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db");
	char *bundle = tu_path(casedir, "bundle"), *config = tu_path(casedir, "tailoring.yaml");
	char *paths[1] = { bundle };
	const cJSON *date = cJSON_GetObjectItem(expect, "date"), *env = cJSON_GetObjectItem(expect, "env");
	sqlite3_stmt *s;
	int y, m, d;

	ck_assert_msg(cJSON_IsString(date) && !date_parse(date->valuestring, &y, &m, &d),
		      "%s: expect.yaml needs date: YYYY-MM-DD", casedir);
	ck_assert_msg(!tailoring_load(tu_exists(config) ? config : NULL, &t, &e), "%s: %s",
		      casedir, e.msg);
	opt.max_record_bytes = (size_t)t.max_record_bytes;
	ck_assert_msg(!store_open(db, STORE_WRITE, &st, &e), "%s", e.msg);
	ck_assert_msg(!ingest_run(st, paths, 1, &opt, &res, &e), "%s: ingest: %s", casedir, e.msg);
	ck_assert_msg(!rules_open(store_db(st), &t, &rules, &e), "%s", e.msg);
	rules_set_run_files(rules, res.file_ids, res.nfile_ids);
	ck_assert_msg(!rules_evaluate_day(rules, days_from_civil(y, m, d),
					  cJSON_IsString(env) ? env->valuestring : NULL, &counts, &e),
		      "%s: review: %s", casedir, e.msg);

	ck_assert_int_eq(sqlite3_prepare_v2(store_db(st),
		"SELECT rule, count(*), count(waiver) FROM temp.finding GROUP BY rule ORDER BY rule",
		-1, &s, NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW)
		buf_addf(&out->counts, "%s %d %d\n", sqlite3_column_text(s, 0),
			 sqlite3_column_int(s, 1), sqlite3_column_int(s, 2));
	sqlite3_finalize(s);
	ck_assert_int_eq(sqlite3_prepare_v2(store_db(st),
		"SELECT f.rule, p.path, e.line FROM temp.finding f"
		" JOIN temp.evidence e ON e.finding_id = f.id JOIN input_file p ON p.id = e.file_id",
		-1, &s, NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW)
		buf_addf(&out->evidence, "%s %s:%d\n", sqlite3_column_text(s, 0),
			 sqlite3_column_text(s, 1), sqlite3_column_int(s, 2));
	sqlite3_finalize(s);

	rules_close(rules);
	ingest_result_release(&res);
	store_close(st);
	tailoring_release(&t);
	tu_rmrf(tmp);
	free(tmp), free(db), free(bundle), free(config);
}

START_TEST(test_fixture)
{
	const char *name = cases[_i];
	char *dir = tu_path(tu_srcdir(), "tests/rules"), *casedir = tu_path(dir, name);
	char *expect_path = tu_path(casedir, "expect.yaml");
	size_t len;
	char *text = tu_read(expect_path, &len);
	struct tree_error terr;
	cJSON *expect = NULL;
	struct found found = { BUF_INIT, BUF_INIT };
	struct buf want = BUF_INIT;

	ck_assert_msg(text != NULL, "%s: no expect.yaml", name);
	ck_assert_msg(!tree_parse_yaml(text, len, &expect, &terr) && expect,
		      "%s: expect.yaml: %s", name, terr.msg);
	review_case(casedir, expect, &found);

	const cJSON *findings = cJSON_GetObjectItem(expect, "findings");
	for (const cJSON *f = findings ? findings->child : NULL; f; f = f->next) {
		const cJSON *rule = cJSON_GetObjectItem(f, "rule");
		const cJSON *count = cJSON_GetObjectItem(f, "count");
		const cJSON *waived = cJSON_GetObjectItem(f, "waived");
		buf_addf(&want, "%s %d %d\n", rule->valuestring, (int)count->valuedouble,
			 waived ? (int)waived->valuedouble : 0);
		const cJSON *ev = cJSON_GetObjectItem(f, "evidence");
		for (const cJSON *x = ev ? ev->child : NULL; x; x = x->next) {
			struct buf line = BUF_INIT;
			buf_addf(&line, "%s %s\n", rule->valuestring, x->valuestring);
			ck_assert_msg(strstr(buf_str(&found.evidence), line.data) != NULL,
				      "%s: %s is not evidence of a finding; evidence found:\n%s", name,
				      x->valuestring, buf_str(&found.evidence));
			buf_release(&line);
		}
	}
	/* Both lists are sorted by rule: the expect file lists rules in any order. */
	{
		char *lines[256];
		int n = 0;
		char *copy = strdup(buf_str(&want));
		for (char *l = strtok(copy, "\n"); l && n < 256; l = strtok(NULL, "\n"))
			lines[n++] = l;
		qsort(lines, (size_t)n, sizeof(*lines), cmp);
		buf_reset(&want);
		for (int i = 0; i < n; i++)
			buf_addf(&want, "%s\n", lines[i]);
		free(copy);
	}
	ck_assert_msg(!strcmp(buf_str(&want), buf_str(&found.counts)),
		      "%s: findings differ\nexpected (rule count waived):\n%sfound:\n%s", name,
		      buf_str(&want), buf_str(&found.counts));

	cJSON_Delete(expect);
	buf_release(&want);
	buf_release(&found.counts);
	buf_release(&found.evidence);
	free(text), free(expect_path), free(casedir), free(dir);
}
END_TEST

/* Every rule of the catalog has a planted violation and a near miss. */
START_TEST(test_every_rule_has_both_fixtures)
{
	for (size_t i = 0; i < rule_catalog_len; i++) {
		const char *id = rule_catalog[i].id;
		int violation = 0, near = 0;
		size_t n = strlen(id);
		for (int k = 0; k < ncases; k++) {
			if (strncmp(cases[k], id, n) || cases[k][n] != '.')
				continue;
			violation |= !strncmp(cases[k] + n + 1, "violation", 9);
			near |= !strncmp(cases[k] + n + 1, "near-miss", 9);
		}
		ck_assert_msg(violation, "%s has no violation fixture", id);
		ck_assert_msg(near, "%s has no near-miss fixture", id);
	}
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("rules");
	TCase *tc = tcase_create("fixtures");

	find_cases();
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_every_rule_has_both_fixtures);
	tcase_add_loop_test(tc, test_fixture, 0, ncases);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	int rc = tu_main(suite());

	for (int i = 0; i < ncases; i++)
		free(cases[i]);
	free(cases);
	return rc;
}
