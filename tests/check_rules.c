/*
 * check_rules.c - every rule of the catalog against its fixtures in tests/rules/.
 *
 * Each fixture directory holds a bundle, an optional tailoring file and expect.yaml (see
 * tests/rules/README.md). The bundle is ingested into a fresh store and the day reviewed
 * (for the environment of `env:` when given) as a review does it, the rules shared by
 * two connections; the findings must be exactly the expected rules, counts and
 * severities, and each rule's evidence exactly the expected file:line pairs.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest.h"
#include "ingest/record.h"
#include "report/message.h"
#include "rules/catalog.h"
#include "rules/rules.h"
#include "rules/sql.h"
#include "store/store.h"
#include "tailoring.h"
#include "testutil.h"
#include "util/buf.h"
#include "util/timeutil.h"
#include "util/tree.h"

static char **cases;
static int ncases;

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
	qsort(cases, (size_t)ncases, sizeof(*cases), tu_cmpstr);
	free(dir);
}

/* What a review found, or what a case expects, as sorted lines: "rule count waived",
 * "rule severity count" and "rule file:line" (each distinct pair once). */
struct found {
	struct buf counts, evidence, severities;
	struct buf args; /* found: "rule args-JSON" lines; wanted: "rule text" lines */
	struct buf messages; /* found: "rule English message" lines; wanted: "rule text" */
};

/* Sorts the lines of b and drops repeated ones. */
static void sort_lines(struct buf *b)
{
	char **lines = NULL, *copy = strdup(buf_str(b));
	size_t n = 0;

	for (char *l = strtok(copy, "\n"); l; l = strtok(NULL, "\n")) {
		lines = realloc(lines, (n + 1) * sizeof(*lines));
		lines[n++] = l;
	}
	if (n)
		qsort(lines, n, sizeof(*lines), tu_cmpstr);
	buf_reset(b);
	for (size_t i = 0; i < n; i++)
		if (!i || strcmp(lines[i], lines[i - 1]))
			buf_addf(b, "%s\n", lines[i]);
	free(lines);
	free(copy);
}

/* Appends to out each line of a that b lacks, indented. */
static void lines_not_in(const char *a, const char *b, struct buf *out)
{
	char *copy = strdup(a);

	for (char *l = strtok(copy, "\n"); l; l = strtok(NULL, "\n")) {
		size_t n = strlen(l);
		const char *at = b;
		int found = 0;
		for (; !found && (at = strstr(at, l)); at++)
			found = (at == b || at[-1] == '\n') && at[n] == '\n';
		if (!found)
			buf_addf(out, "  %s\n", l);
	}
	free(copy);
}

/* Fails the test when the two sorted line lists differ, naming what is missing and what
 * was not expected. */
static void expect_lines(const char *name, const char *what, const struct buf *want,
			 const struct buf *got)
{
	struct buf missing = BUF_INIT, extra = BUF_INIT;

	if (!strcmp(buf_str(want), buf_str(got)))
		return;
	lines_not_in(buf_str(want), buf_str(got), &missing);
	lines_not_in(buf_str(got), buf_str(want), &extra);
	ck_abort_msg("%s: %s differ\nexpected but not found:\n%sfound but not expected:\n%s",
		     name, what, buf_str(&missing), buf_str(&extra));
}

static void review_case(const char *casedir, const cJSON *expect, struct found *out)
{
	struct error e = ERROR_INIT;
	struct tailoring t;
	struct store *st = NULL;
	struct rules *rules = NULL;
	struct ingest_result res;
	struct ingest_options opt = { INGEST_DEFAULT_MAX_RECORD, NULL, 0, NULL };
	struct day_counts counts;
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db");
	char *bundle = tu_path(casedir, "bundle"), *config = tu_path(casedir, "tailoring.yaml");
	char *paths[1] = { bundle };
	const cJSON *date = cJSON_GetObjectItem(expect, "date"), *env = cJSON_GetObjectItem(expect, "env");
	sqlite3_stmt *s;
	int y, m, d;

	/* a misspelt key (`environment:` for env:) would be ignored and the case judged as
	 * another: every top-level key is one of the three */
	for (const cJSON *k = expect->child; k; k = k->next)
		ck_assert_msg(!strcmp(k->string, "date") || !strcmp(k->string, "env") ||
				      !strcmp(k->string, "findings"),
			      "%s: expect.yaml: unknown key '%s'", casedir, k->string);
	ck_assert_msg(cJSON_IsString(date) && !date_parse(date->valuestring, &y, &m, &d),
		      "%s: expect.yaml needs date: YYYY-MM-DD", casedir);
	ck_assert_msg(!env || (cJSON_IsString(env) && (!strcmp(env->valuestring, "local") ||
						       !strcmp(env->valuestring, "sim") ||
						       !strcmp(env->valuestring, "live"))),
		      "%s: expect.yaml: env must be local, sim or live", casedir);
	ck_assert_msg(!tailoring_load(tu_exists(config) ? config : NULL, &t, &e), "%s: %s",
		      casedir, e.msg);
	opt.max_record_bytes = (size_t)t.max_record_bytes;
	ck_assert_msg(!store_open(db, STORE_WRITE, &st, &e), "%s", e.msg);
	ck_assert_msg(!ingest_run(st, paths, 1, &opt, &res, &e), "%s: ingest: %s", casedir, e.msg);
	/* as a review of a busy day runs them: on two connections, each taking rules from
	 * one end (a fixture's day is small: TAITS_AUDIT_THREADS=2, set in main()) */
	sqlite3 *peer = NULL;
	ck_assert_msg(!store_open_reader(st, &peer, &e), "%s", e.msg);
	ck_assert_msg(!rules_open(store_db(st), peer, &t, &rules, &e), "%s", e.msg);
	rules_set_run_files(rules, res.file_ids, res.nfile_ids);
	ck_assert_msg(!rules_evaluate_day(rules, days_from_civil(y, m, d),
					  cJSON_IsString(env) ? env->valuestring : NULL, &counts, NULL, NULL, &e),
		      "%s: review: %s", casedir, e.msg);

	ck_assert_int_eq(sqlite3_prepare_v2(store_db(st),
		"SELECT rule, count(*), count(waiver) FROM temp.finding GROUP BY rule ORDER BY rule",
		-1, &s, NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW)
		buf_addf(&out->counts, "%s %d %d\n", sqlite3_column_text(s, 0),
			 sqlite3_column_int(s, 1), sqlite3_column_int(s, 2));
	sqlite3_finalize(s);
	ck_assert_int_eq(sqlite3_prepare_v2(store_db(st),
		"SELECT rule, severity, count(*) FROM temp.finding GROUP BY rule, severity",
		-1, &s, NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW)
		buf_addf(&out->severities, "%s %s %d\n", sqlite3_column_text(s, 0),
			 severity_name((enum severity)sqlite3_column_int(s, 1)),
			 sqlite3_column_int(s, 2));
	sqlite3_finalize(s);
	/* evidence without a file would show as "?:line", and fail the comparison */
	ck_assert_int_eq(sqlite3_prepare_v2(store_db(st),
		"SELECT f.rule, coalesce(p.path, '?'), e.line FROM temp.finding f"
		" JOIN temp.evidence e ON e.finding_id = f.id LEFT JOIN input_file p ON p.id = e.file_id",
		-1, &s, NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW)
		buf_addf(&out->evidence, "%s %s:%d\n", sqlite3_column_text(s, 0),
			 sqlite3_column_text(s, 1), sqlite3_column_int(s, 2));
	sqlite3_finalize(s);
	ck_assert_int_eq(sqlite3_prepare_v2(store_db(st), "SELECT rule, args FROM temp.finding",
					    -1, &s, NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *args = (const char *)sqlite3_column_text(s, 1);
		cJSON *a = message_args(args, strlen(args));

		buf_addf(&out->args, "%s %s\n", sqlite3_column_text(s, 0), args);
		/* the English message as the report says it (a record named "(none)": the
		 * findings table holds no record names) */
		const struct rule_def *def = rule_find((const char *)sqlite3_column_text(s, 0));
		char *msg = def ? message_render(def->message_en, a, NULL, 0) : NULL;
		buf_addf(&out->messages, "%s %s\n", sqlite3_column_text(s, 0), msg ? msg : "");
		free(msg);
		/* the zh message says what is wrong in 繁體中文, not in an English phrase */
		for (int k = 0; k < 2; k++) {
			const cJSON *v = cJSON_GetObjectItem(a, k ? "still" : "problem");
			ck_assert_msg(!cJSON_IsString(v) || !*v->valuestring ||
					      strcmp(message_phrase_zh(v->valuestring), v->valuestring),
				      "%s: %s: no 繁體中文 for \"%s\" (src/report/message.c)",
				      casedir, sqlite3_column_text(s, 0), v->valuestring);
		}
		cJSON_Delete(a);
	}
	sqlite3_finalize(s);
	sort_lines(&out->counts);
	sort_lines(&out->severities);
	sort_lines(&out->evidence);

	rules_close(rules);
	ingest_result_release(&res);
	store_close(st);
	tailoring_release(&t);
	tu_rmrf(tmp);
	free(tmp), free(db), free(bundle), free(config);
}

/* Adds what one `findings:` entry of expect.yaml expects to want; fails on a malformed
 * entry (an unknown key is most likely a misspelt one). */
static void expect_entry(const char *name, const cJSON *f, struct found *want)
{
	static const char *const keys[] = { "rule", "count", "waived", "severity", "evidence",
					    "args", "message" };
	const cJSON *rule = cJSON_GetObjectItem(f, "rule");
	const cJSON *count = cJSON_GetObjectItem(f, "count");
	const cJSON *waived = cJSON_GetObjectItem(f, "waived");
	const cJSON *sev = cJSON_GetObjectItem(f, "severity");
	const cJSON *ev = cJSON_GetObjectItem(f, "evidence");
	const cJSON *args = cJSON_GetObjectItem(f, "args");
	const cJSON *message = cJSON_GetObjectItem(f, "message");
	int total = 0;

	for (const cJSON *k = f->child; k; k = k->next) {
		size_t i = 0;
		while (i < sizeof(keys) / sizeof(keys[0]) && strcmp(k->string, keys[i]))
			i++;
		ck_assert_msg(i < sizeof(keys) / sizeof(keys[0]), "%s: expect.yaml: unknown key '%s'",
			      name, k->string);
	}
	ck_assert_msg(cJSON_IsString(rule), "%s: expect.yaml: a finding needs rule:", name);
	ck_assert_msg(cJSON_IsNumber(count) && count->valuedouble >= 1,
		      "%s: %s: count: must be a number of findings", name, rule->valuestring);
	buf_addf(&want->counts, "%s %d %d\n", rule->valuestring, (int)count->valuedouble,
		 waived ? (int)waived->valuedouble : 0);
	/* severity: one name for all of the rule's findings, or a mapping name: count */
	ck_assert_msg(sev != NULL, "%s: %s: severity: is required", name, rule->valuestring);
	if (cJSON_IsString(sev)) {
		ck_assert_msg(severity_from_name(sev->valuestring) != SEV_NONE,
			      "%s: %s: unknown severity '%s'", name, rule->valuestring,
			      sev->valuestring);
		buf_addf(&want->severities, "%s %s %d\n", rule->valuestring, sev->valuestring,
			 (int)count->valuedouble);
	} else {
		ck_assert_msg(cJSON_IsObject(sev) && sev->child,
			      "%s: %s: severity: must be a severity or a mapping of severity to "
			      "count", name, rule->valuestring);
		for (const cJSON *s = sev->child; s; s = s->next) {
			ck_assert_msg(severity_from_name(s->string) != SEV_NONE && cJSON_IsNumber(s),
				      "%s: %s: severity: '%s' must be a severity with a count", name,
				      rule->valuestring, s->string);
			buf_addf(&want->severities, "%s %s %d\n", rule->valuestring, s->string,
				 (int)s->valuedouble);
			total += (int)s->valuedouble;
		}
		ck_assert_msg(total == (int)count->valuedouble,
			      "%s: %s: the severities add up to %d, not count %d", name,
			      rule->valuestring, total, (int)count->valuedouble);
	}
	for (const cJSON *x = ev ? ev->child : NULL; x; x = x->next) {
		ck_assert_msg(cJSON_IsString(x), "%s: %s: evidence is a list of file:line", name,
			      rule->valuestring);
		buf_addf(&want->evidence, "%s %s\n", rule->valuestring, x->valuestring);
	}
	/* args: texts that the arguments (JSON) of some finding of the rule contain */
	for (const cJSON *x = args ? args->child : NULL; x; x = x->next) {
		ck_assert_msg(cJSON_IsString(x), "%s: %s: args is a list of texts", name,
			      rule->valuestring);
		buf_addf(&want->args, "%s %s\n", rule->valuestring, x->valuestring);
	}
	/* message: texts that the English message of some finding of the rule contains */
	for (const cJSON *x = message ? message->child : NULL; x; x = x->next) {
		ck_assert_msg(cJSON_IsString(x), "%s: %s: message is a list of texts", name,
			      rule->valuestring);
		buf_addf(&want->messages, "%s %s\n", rule->valuestring, x->valuestring);
	}
}

/* Each wanted "rule text" line is within a found "rule args" (or "rule message") line of
 * the same rule. */
static void expect_args(const char *name, const char *what, const struct buf *want,
			const struct buf *found)
{
	char *copy = strdup(buf_str(want)), *save = NULL;

	for (char *w = strtok_r(copy, "\n", &save); w; w = strtok_r(NULL, "\n", &save)) {
		const char *text = strchr(w, ' ') + 1, *line = buf_str(found);
		size_t rule_len = (size_t)(text - w);
		int seen = 0;
		for (; *line && !seen; line = strchr(line, '\n') + 1) {
			const char *eol = strchr(line, '\n');
			char *in = strstr(line, text);
			seen = !strncmp(line, w, rule_len) && in && in < eol;
		}
		ck_assert_msg(seen, "%s: no finding of %.*s has %s with %s; found:\n%s", name,
			      (int)rule_len - 1, w, what, text, buf_str(found));
	}
	free(copy);
}

START_TEST(test_fixture)
{
	const char *name = cases[_i];
	char *dir = tu_path(tu_srcdir(), "tests/rules"), *casedir = tu_path(dir, name);
	char *expect_path = tu_path(casedir, "expect.yaml");
	size_t len;
	char *text = tu_read(expect_path, &len);
	struct tree_error terr = { 0 };
	cJSON *expect = NULL;
	struct found found = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	struct found want = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };

	ck_assert_msg(text != NULL, "%s: no expect.yaml", name);
	ck_assert_msg(!tree_parse_yaml_unique(text, len, &expect, &terr) && expect,
		      "%s: expect.yaml: %s%s%s", name, terr.msg, terr.field[0] ? ", field " : "",
		      terr.field);
	review_case(casedir, expect, &found);

	const cJSON *findings = cJSON_GetObjectItem(expect, "findings");
	for (const cJSON *f = findings ? findings->child : NULL; f; f = f->next)
		expect_entry(name, f, &want);
	/* The expect file lists rules and evidence in any order. */
	sort_lines(&want.counts);
	sort_lines(&want.severities);
	sort_lines(&want.evidence);
	expect_lines(name, "findings (rule count waived)", &want.counts, &found.counts);
	expect_lines(name, "severities (rule severity count)", &want.severities,
		     &found.severities);
	expect_lines(name, "evidence (rule file:line)", &want.evidence, &found.evidence);
	expect_args(name, "args", &want.args, &found.args);
	expect_args(name, "a message", &want.messages, &found.messages);

	cJSON_Delete(expect);
	buf_release(&want.counts), buf_release(&want.evidence), buf_release(&want.severities);
	buf_release(&found.counts), buf_release(&found.evidence), buf_release(&found.severities);
	buf_release(&want.args), buf_release(&found.args);
	buf_release(&want.messages), buf_release(&found.messages);
	free(text), free(expect_path), free(casedir), free(dir);
}
END_TEST

/* Every fixed phrase a rule puts in a finding's arguments has its 繁體中文, and a zh
 * message gives it in place of the English; in a note (`*_note`) the values it quotes
 * are filled in, elsewhere nothing is. */
START_TEST(test_rule_phrases_have_zh)
{
	static const char *const phrases[] = {
		PHRASE_STILL_OPEN,	PHRASE_ROUTE_MISSING,	  PHRASE_NOT_BOOLEAN,
		PHRASE_REQUEST_NOT_FIRST, PHRASE_APPROVE_BY_NO_ONE, PHRASE_DEPLOY_LACKS,
		PHRASE_DEPLOY_BAD_STATUS, PHRASE_DEPLOY_BOTH,
		PHRASE_EVENT_MISSING,	PHRASE_EVENT_WRITTEN,	  PHRASE_STATUS_FAILED,
		PHRASE_TRIGGER_ALERT,	PHRASE_TRIGGER_KILL,	  PHRASE_NO_TIME,
		PHRASE_UNTIMED,		PHRASE_LABEL_WRITTEN,	  PHRASE_SEQ_STEP_BACK,
	};
	for (size_t i = 0; i < sizeof(phrases) / sizeof(phrases[0]); i++) {
		const char *zh = message_phrase_zh(phrases[i]);
		cJSON *args = cJSON_CreateObject();
		struct buf want = BUF_INIT;
		char *text;
		ck_assert_msg(strcmp(zh, phrases[i]), "no 繁體中文 for \"%s\"", phrases[i]);
		cJSON_AddStringToObject(args, "detail_note", phrases[i]);
		cJSON_AddStringToObject(args, "detail", phrases[i]);
		/* a note quoting a value has it filled in; a value is not a note, and any other
		 * argument is copied as it is, a phrase (in 繁體中文) braces and all */
		cJSON_AddStringToObject(args, "event", "{status}");
		cJSON_AddStringToObject(args, "status", "Deployed");
		cJSON_AddStringToObject(args, "missing_zh", "owner、modules");
		cJSON_AddStringToObject(args, "trigger_id", "ALT-0001");
		cJSON_AddStringToObject(args, "untimed", "2");
		cJSON_AddStringToObject(args, "run_high", "5");
		/* a value a note quotes is as written, even one that reads as a phrase */
		cJSON_AddStringToObject(args, "value", PHRASE_ROUTE_MISSING);
		for (const char *p = zh; *p; p++) {
			const char *close = *p == '{' ? strchr(p, '}') : NULL;
			const cJSON *v = NULL;
			if (close) {
				char name[32];
				snprintf(name, sizeof(name), "%.*s", (int)(close - p - 1), p + 1);
				v = cJSON_GetObjectItem(args, name);
			}
			ck_assert_msg(!close || cJSON_IsString(v), "%s: no value for its {name}", zh);
			if (close)
				buf_adds(&want, v->valuestring), p = close;
			else
				buf_addc(&want, *p);
		}
		text = message_render("({detail_note})", args, NULL, 1);
		ck_assert_msg(strstr(text, want.data) && !strstr(text, phrases[i]), "%s", text);
		free(text);
		text = message_render("({detail})", args, NULL, 1);
		ck_assert_msg(strstr(text, zh), "%s", text);
		free(text);
		buf_release(&want);
		cJSON_Delete(args);
	}
}
END_TEST

/* Every rule of the catalog has a planted violation and a near miss. */
/* LOG-REJECTED's reason reads in 繁體中文 in the zh message, the values it quotes as
 * written: every reason ingest gives (src/ingest/, src/util/tree.c), and a YAML reason's
 * place; a reason of no known form is shown as written. */
START_TEST(test_rejected_reason_in_zh)
{
	static const struct {
		const char *args, *want;
	} reasons[] = {
		{ "{\"field\":\"ts\",\"reason\":\"no UTC offset in '2026-11-27T10:00'\",\"column\":3}",
		  "紀錄無法使用而被拒：欄位 ts：時間 '2026-11-27T10:00' 未帶 UTC 時差（第 3 欄）" },
		{ "{\"field\":null,\"reason\":\"not valid JSON\",\"column\":1}",
		  "紀錄無法使用而被拒：不是有效的 JSON（第 1 欄）" },
		{ "{\"field\":\"kind\",\"reason\":\"missing\",\"column\":0}",
		  "紀錄無法使用而被拒：欄位 kind：缺漏" },
		{ "{\"reason\":\"record larger than 1048576 bytes (2000000)\"}",
		  "紀錄無法使用而被拒：紀錄大於 1048576 位元組（為 2000000 位元組）" },
		{ "{\"field\":\"a\",\"reason\":\"duplicate key (line 6)\"}",
		  "紀錄無法使用而被拒：欄位 a：重複的鍵（第 6 行）" },
		{ "{\"reason\":\"not valid YAML: did not find expected key (line 3, column 1)\"}",
		  "紀錄無法使用而被拒：不是有效的 YAML：did not find expected key（第 3 行第 1 欄）" },
		{ "{\"field\":\"kind\",\"reason\":\"not a string (a list)\"}",
		  "紀錄無法使用而被拒：欄位 kind：不是字串（而是清單）" },
		{ "{\"reason\":\"something new\"}", "紀錄無法使用而被拒：something new" },
	};
	/* every reason ingest writes, as it writes them: none is left in English */
	static const char *const every[] = {
		"missing", "empty", "not a time string", "no UTC offset in 'x'",
		"not an ISO 8601 time: 'x'",
		"'x' falls outside the days a review can report (0001-01-01 to 9999-12-30)",
		"not a string or an integer", "not a string (a list)", "not a string (a mapping)",
		"not a string (a boolean)", "not a string (a number)", "not an integer",
		"out of range (beyond 2^53, and not written in digits)",
		"out of range (beyond 64 bits)", "out of range (beyond 2^53)",
		"a record must be an object",
		"nested deeper than 64 levels", "duplicate key", "duplicate key (line 4)",
		"unknown kind 'x'", "record larger than 10 bytes (11)", "not valid UTF-8",
		"NUL byte in the line", "not valid JSON", "malformed number",
		"text after the JSON value", "unterminated string",
		"control character inside a string", "invalid \\u escape in a string",
		"invalid escape in a string", "string holds a NUL character (\\u0000)",
		"key holds a NUL character", "scalar holds a NUL character",
		"record too complex to parse", "document too large to parse",
		"not valid YAML: x (line 2, column 3)", "tag not supported",
		"tag not supported or value does not match it (line 2)", "keys must be scalars",
		"merge keys are not allowed", "more than one YAML document",
		"more than 256 anchors", "alias of a collection from inside it",
		"alias of an anchor not defined before it", "aliases expand the document too far",
		"anchors on keys are not supported", "cannot initialise the YAML parser",
	};
	const struct rule_def *rule = rule_find("LOG-REJECTED");

	ck_assert_ptr_nonnull(rule);
	for (size_t i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++) {
		cJSON *args = cJSON_Parse(reasons[i].args);
		char *zh = message_render(rule->message_zh, args, NULL, 1);
		ck_assert_str_eq(zh, reasons[i].want);
		free(zh);
		cJSON_Delete(args);
	}
	for (size_t i = 0; i < sizeof(every) / sizeof(every[0]); i++) {
		cJSON *args = cJSON_CreateObject();
		cJSON_AddStringToObject(args, "reason", every[i]);
		char *zh = message_render(rule->message_zh, args, NULL, 1);
		/* translated: no English word of three letters or more is left (the values
		 * the reasons quote here are 'x' and numbers) */
		for (const char *w = every[i]; *w;) {
			char word[32];
			size_t n = strspn(w, "abcdefghijklmnopqrstuvwxyz");
			if (n >= 3 && n < sizeof(word)) {
				memcpy(word, w, n);
				word[n] = '\0';
				ck_assert_msg(!strstr(zh, word), "'%s' reads '%s' in zh: %s", every[i],
					      word, zh);
			}
			w += n ? n : 1;
		}
		free(zh);
		cJSON_Delete(args);
	}
}
END_TEST

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

/* `rules` lists every rule of the catalog once, with its section and severity; a rule
 * whose findings differ in severity says "varies", and how on the next line. */
START_TEST(test_rules_command_lists_the_catalog)
{
	const char *argv[] = { "taits-audit", "rules", NULL };
	struct tu_proc p;

	ck_assert_int_eq(tu_run(&p, argv), 0);
	for (size_t i = 0; i < rule_catalog_len; i++) {
		const struct rule_def *r = &rule_catalog[i];
		char want[256], note[512];
		const char *at;
		snprintf(want, sizeof(want), "\n%-24s §%-8s %-8s %s / ", r->id, r->section,
			 r->severity_note ? "varies" : severity_name(r->severity), r->title_en);
		at = strstr(p.out, want);
		ck_assert_msg(at, "%s: not listed as '%s' in\n%s", r->id, want + 1, p.out);
		ck_assert_msg(!strstr(at + 1, want), "%s listed twice", r->id);
		at = strchr(at + 1, '\n');
		snprintf(note, sizeof(note), "\n%44s(severity: %s)\n", "",
			 r->severity_note ? r->severity_note : "");
		ck_assert_msg(!strncmp(at, note, strlen(note)) == !!r->severity_note,
			      "%s: severity note", r->id);
	}
	tu_proc_free(&p);
}
END_TEST

/* ALL_KINDS_SQL (rules/sql.h) names every record kind, each once. */
START_TEST(test_all_kinds_listed)
{
	int n = 0;

	for (enum kind k = KIND_UNKNOWN + 1; k < KIND_COUNT; k++, n++) {
		char quoted[64];
		snprintf(quoted, sizeof(quoted), "'%s'", kind_name(k));
		ck_assert_msg(tu_count(ALL_KINDS_SQL, quoted) == 1, "%s", quoted);
	}
	ck_assert_int_eq(tu_count(ALL_KINDS_SQL, "'"), 2 * n);
}
END_TEST

/* `rules --config FILE` checks a tailoring file alone: a bad one is the configuration
 * error (exit 2, line and field) a review would meet, and nothing is listed; a good one
 * is listed after the catalog as the review's report holds it, with the same SHA-256. */
START_TEST(test_rules_command_checks_tailoring)
{
	char *tmp = tu_tmpdir(), *bad = tu_path(tmp, "bad.yaml"), *good = tu_path(tmp, "good.yaml");
	char *db = tu_path(tmp, "s.db"), *out = tu_path(tmp, "out");
	char *src = tu_src("tests/rules/LOG-TS-ORDER.violation/bundle"), *sha, *xml;
	const char *check_bad[] = { "taits-audit", "rules", "--config", bad, NULL };
	const char *check_good[] = { "taits-audit", "rules", "--config", good, "--fail-on", "major",
				     NULL };
	const char *extra[] = { "--config", good, "--fail-on", "major", NULL };
	struct tu_proc p;
	struct tu_xml *x;

	tu_write(tmp, "bad.yaml", "thresholds:\n  kill_within_s: -3\n", -1);
	tu_write(tmp, "good.yaml",
		 "thresholds:\n  kill_within_s: 30\nwaivers:\n  - rule: LOG-TS-ORDER\n"
		 "    match: {file: \"*.jsonl\"}\n    reason: clock skew\n    approved_by: ops.lee\n"
		 "    expires: 2026-12-31\n", -1);
	ck_assert_int_eq(tu_run(&p, check_bad), 2);
	ck_assert_msg(strstr(p.err, "bad.yaml':2: field 'thresholds.kill_within_s': must be a whole"),
		      "%s", p.err);
	ck_assert_msg(!*p.out, "listed despite the bad file: %s", p.out);
	tu_proc_free(&p);

	ck_assert_int_eq(tu_run(&p, check_good), 0);
	ck_assert_msg(strstr(p.out, "\nLINK-CID-FORMAT "), "no catalog: %s", p.out);
	ck_assert_msg(strstr(p.out, "\n#   kill_within_s: 30\n"), "%s", p.out);
	ck_assert_msg(strstr(p.out, "\n#   degrade_within_s: 60\n"), "%s", p.out);
	ck_assert_msg(strstr(p.out, "\n#   fail_on: major\n"), "%s", p.out);
	ck_assert_msg(strstr(p.out, "\n#   waiver: {\"rule\":\"LOG-TS-ORDER\",\"environment\":null,"
				    "\"record\":null,\"correlation_id\":null,\"file\":\"*.jsonl\","
				    "\"expires\":\"2026-12-31\",\"approved_by\":\"ops.lee\","
				    "\"reason\":\"clock skew\"}\n"), "%s", p.out);
	tu_proc_free(&p);
	/* the review of a day whose one finding the waiver waives: compliant */
	ck_assert_msg(tu_review(&p, db, out, "2026-11-28", src, extra) == 0, "exit %d\n%s",
		      p.status, p.err);
	tu_proc_free(&p);
	ck_assert_int_eq(tu_run(&p, check_good), 0);
	xml = tu_path(out, "review-all-2026-11-28.xml");
	x = tu_xml_open(xml);
	sha = tu_xml_get(x, "/review/tailoring/@sha256");
	ck_assert_ptr_nonnull(sha);
	ck_assert_msg(strstr(p.out, sha), "the review's tailoring %s is not the one listed: %s",
		      sha, p.out);
	tu_xml_close(x);
	tu_proc_free(&p);

	/* without a file, the catalog alone, as before */
	{
		const char *plain[] = { "taits-audit", "rules", NULL };
		ck_assert_int_eq(tu_run(&p, plain), 0);
		ck_assert_msg(!strstr(p.out, "# tailoring"), "%s", p.out);
		tu_proc_free(&p);
	}
	free(sha);
	free(xml);
	free(src);
	free(out);
	free(db);
	free(good);
	free(bad);
	tu_rmrf(tmp);
	free(tmp);
}
END_TEST

/* ---- DO-7.3-HALT against RULES.md, over a long history ----
 *
 * Ten days of two environments, written at random (a fixed seed) in time order: CRITICAL
 * alerts (some written `critical`, some repeated, some escalated from WARN), kill switch
 * records (activations, some written `ACTIVATE`, some failed; tests and deactivations),
 * checklists (some with an item failed) and submits. The test works out, as RULES.md
 * says, which submits of the last day come after an uncleared trigger, which trigger the
 * finding names (the latest) and which others it cites, and the review must find exactly
 * those. The store's rule reads indexed tables; this is the definition it must match. */

#define HALT_DAY "2026-11-27"
#define HALT_TRIGGERS_MAX 4096

struct halt_env {
	long trig_ts[HALT_TRIGGERS_MAX];
	char trig_at[HALT_TRIGGERS_MAX][32]; /* file:line */
	int ntrig, cleared;                 /* triggers [0, cleared) are cleared */
	int nalerts;
	unsigned char alert_critical[HALT_TRIGGERS_MAX]; /* an alert had a critical record */
};

static unsigned long halt_rand(unsigned long *state)
{
	*state = *state * 6364136223846793005UL + 1442695040888963407UL;
	return *state >> 33;
}

/* The local time (UTC+08:00) of `s` seconds after 2026-11-18T00:00+08:00. */
static void halt_iso(long s, char out[32])
{
	static const char *const days[] = { "2026-11-18", "2026-11-19", "2026-11-20",
					    "2026-11-21", "2026-11-22", "2026-11-23",
					    "2026-11-24", "2026-11-25", "2026-11-26", HALT_DAY };
	snprintf(out, 32, "%sT%02ld:%02ld:%02ld+08:00", days[s / 86400], s % 86400 / 3600,
		 s % 3600 / 60, s % 60);
}

static void halt_write_day(const char *dir, struct buf *want)
{
	static const char *const envs[] = { "live", "sim" };
	static const char *const actions[] = { "activate", "activate", "ACTIVATE", " Activate",
					       "test", "deactivate" };
	static const char *const items[] = { "environment_confirmed", "run_mode_declared",
					     "risk_compliance_normal", "governance_gate_available",
					     "kill_switch_test_passed", "audit_log_writable" };
	struct halt_env *env = xcalloc(2, sizeof(*env));
	struct buf alerts = BUF_INIT, kills = BUF_INIT, checks = BUF_INIT, execs = BUF_INIT;
	int nalert_lines = 0, nkill_lines = 0, nexec_lines = 0, nchecks = 0;
	unsigned long seed = 7;
	char at[32];

	for (long t = 0; t < 10 * 86400;) {
		int last_day = t >= 9 * 86400, e = (int)(halt_rand(&seed) % 2);
		struct halt_env *v = &env[e];
		unsigned long pick = halt_rand(&seed) % 100;

		t += 1 + (long)(halt_rand(&seed) % (last_day ? 120 : 1200));
		if (t >= 10 * 86400)
			break;
		halt_iso(t, at);
		if (pick < 20 && v->nalerts < HALT_TRIGGERS_MAX) {
			/* a new alert: CRITICAL (a trigger) or WARN (none, yet) */
			int critical = halt_rand(&seed) % 3 != 0;
			const char *sev = !critical ? "WARN" : halt_rand(&seed) % 4 ? "CRITICAL"
										  : "critical";
			int a = v->nalerts++;
			nalert_lines++;
			buf_addf(&alerts,
				 "{\"kind\": \"alert\", \"ts\": \"%s\", \"source\": \"monitor\","
				 " \"seq\": %d, \"environment\": \"%s\", \"alert_id\": \"ALT-%s-%04d\","
				 " \"severity\": \"%s\", \"component\": \"execution\", \"message\": \"m\","
				 " \"correlation_id\": \"TAITS-20261127-A%04d\", \"status\": \"open\"}\n",
				 at, nalert_lines, envs[e], envs[e], a, sev, nalert_lines);
			if (critical) {
				v->alert_critical[a] = 1;
				v->trig_ts[v->ntrig] = t;
				snprintf(v->trig_at[v->ntrig++], 32, "alerts.jsonl:%d", nalert_lines);
			}
		} else if (pick < 30 && v->nalerts > 0) {
			/* a later CRITICAL record of an earlier alert: a trigger only when it
			 * escalates a WARN one (its first critical record) */
			int a = (int)(halt_rand(&seed) % (unsigned long)v->nalerts);
			nalert_lines++;
			buf_addf(&alerts,
				 "{\"kind\": \"alert\", \"ts\": \"%s\", \"source\": \"monitor\","
				 " \"seq\": %d, \"environment\": \"%s\", \"alert_id\": \"ALT-%s-%04d\","
				 " \"severity\": \"CRITICAL\", \"component\": \"execution\","
				 " \"message\": \"m\", \"correlation_id\": \"TAITS-20261127-A%04d\","
				 " \"status\": \"acknowledged\"}\n",
				 at, nalert_lines, envs[e], envs[e], a, nalert_lines);
			if (!v->alert_critical[a] && v->ntrig < HALT_TRIGGERS_MAX) {
				v->alert_critical[a] = 1;
				v->trig_ts[v->ntrig] = t;
				snprintf(v->trig_at[v->ntrig++], 32, "alerts.jsonl:%d", nalert_lines);
			}
		} else if (pick < 37 && v->ntrig < HALT_TRIGGERS_MAX) {
			int act = (int)(halt_rand(&seed) % 6);
			const char *action = actions[act];
			nkill_lines++;
			buf_addf(&kills,
				 "{\"kind\": \"kill_switch\", \"ts\": \"%s\", \"source\": \"kill-switch\","
				 " \"seq\": %d, \"environment\": \"%s\", \"action\": \"%s\","
				 " \"result\": \"%s\", \"correlation_id\": \"TAITS-20261127-K%04d\","
				 " \"trigger\": \"manual\"}\n",
				 at, nkill_lines, envs[e], action,
				 halt_rand(&seed) % 4 ? "ok" : "failed", nkill_lines);
			if (act < 4) { /* activate, however written */
				v->trig_ts[v->ntrig] = t;
				snprintf(v->trig_at[v->ntrig++], 32, "killswitch.jsonl:%d",
					 nkill_lines);
			}
		} else if (pick < 42) {
			/* a checklist: all six pass, or one failed or missing */
			int bad = halt_rand(&seed) % 3 == 0 ? (int)(halt_rand(&seed) % 6) : -1;
			int missing = bad >= 0 && halt_rand(&seed) % 2;
			buf_addf(&checks,
				 "---\nkind: checklist\nchecklist_id: CL-%s-%04d\ndate: \"%.10s\"\n"
				 "environment: %s\nrun_mode: live_execution\noperator: ops.wang\n"
				 "completed_at: \"%s\"\nitems:\n",
				 envs[e], ++nchecks, at, envs[e], at);
			for (int i = 0; i < 6; i++)
				if (i != bad || !missing)
					buf_addf(&checks, "  %s: %s\n", items[i],
						 i == bad ? "fail" : "pass");
			if (bad < 0)
				v->cleared = v->ntrig;
		} else if (pick >= 42 && (last_day || pick >= 90)) {
			nexec_lines++;
			buf_addf(&execs,
				 "{\"kind\": \"execution\", \"ts\": \"%s\", \"source\": \"exec\","
				 " \"seq\": %d, \"environment\": \"%s\","
				 " \"deployment_id\": \"DEP-1\", \"correlation_id\": \"TAITS-20261127-%04d\","
				 " \"event\": \"submit\", \"order_id\": \"ORD-%06d\", \"symbol\": \"2330.TW\","
				 " \"side\": \"buy\", \"qty\": 1000, \"price\": 1005.0, \"route\": \"broker\"}\n",
				 at, nexec_lines, envs[e], nexec_lines, nexec_lines);
			if (last_day && v->ntrig > v->cleared) {
				/* the latest uncleared trigger, then the others in time order */
				buf_addf(want, "executions.jsonl:%d %s", nexec_lines,
					 v->trig_at[v->ntrig - 1]);
				for (int i = v->cleared; i < v->ntrig - 1; i++)
					buf_addf(want, " %s", v->trig_at[i]);
				buf_addc(want, '\n');
			}
		}
	}
	tu_write(dir, "alerts.jsonl", alerts.data, (long)alerts.len);
	tu_write(dir, "killswitch.jsonl", kills.data, (long)kills.len);
	tu_write(dir, "checklists.yaml", checks.data, (long)checks.len);
	tu_write(dir, "executions.jsonl", execs.data, (long)execs.len);
	buf_release(&alerts), buf_release(&kills), buf_release(&checks), buf_release(&execs);
	free(env);
}

START_TEST(test_halt_over_a_long_history)
{
	char *tmp = tu_tmpdir(), *bundle = tu_path(tmp, "bundle"), *db = tu_path(tmp, "s.db");
	char *out = tu_path(tmp, "out"), *xml = tu_path(out, "review-all-" HALT_DAY ".xml");
	const char *extra[] = { "--format", "xml", NULL };
	struct buf want = BUF_INIT, found = BUF_INIT;
	struct tu_proc p;
	struct tu_xml *x;
	int n, nwant;

	halt_write_day(bundle, &want);
	tu_review(&p, db, out, HALT_DAY, bundle, extra);
	ck_assert_msg(p.status == 1, "exit %d\n%s", p.status, p.err);
	tu_proc_free(&p);
	x = tu_xml_open(xml);
	n = tu_xml_count(x, "/review/findings/finding[@rule='DO-7.3-HALT']");
	for (int i = 1; i <= n; i++) {
		char **file, **line;
		size_t nev;

		file = tu_xml_all(x, &nev,
				  "/review/findings/finding[@rule='DO-7.3-HALT'][%d]/evidence/@file", i);
		line = tu_xml_all(x, NULL,
				  "/review/findings/finding[@rule='DO-7.3-HALT'][%d]/evidence/@line", i);
		for (size_t k = 0; k < nev; k++)
			buf_addf(&found, "%s%s:%s", k ? " " : "", file[k], line[k]);
		buf_addc(&found, '\n');
		tu_strv_free(file), tu_strv_free(line);
	}
	tu_xml_close(x);
	sort_lines(&want);
	sort_lines(&found);
	nwant = tu_count(buf_str(&want), "\n");
	/* the day is busy enough to say something: halted submits, and some cite several */
	ck_assert_msg(nwant >= 50, "only %d halted submits planted", nwant);
	ck_assert_msg(tu_count(buf_str(&want), ".jsonl:") >= 3 * nwant, "too few triggers cited");
	expect_lines("DO-7.3-HALT over ten days", "submit, trigger and cited triggers", &want,
		     &found);
	ck_assert_int_eq(n, nwant);
	buf_release(&want), buf_release(&found);
	free(xml), free(out), free(db), free(bundle);
	tu_rmrf(tmp);
	free(tmp);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("rules");
	TCase *tc = tcase_create("fixtures");

	find_cases();
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_every_rule_has_both_fixtures);
	tcase_add_test(tc, test_rule_phrases_have_zh);
	tcase_add_test(tc, test_rejected_reason_in_zh);
	tcase_add_test(tc, test_rules_command_lists_the_catalog);
	tcase_add_test(tc, test_rules_command_checks_tailoring);
	tcase_add_test(tc, test_all_kinds_listed);
	tcase_add_test(tc, test_halt_over_a_long_history);
	tcase_add_loop_test(tc, test_fixture, 0, ncases);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	/* a fixture's day is small: share its rules between the two threads all the same,
	 * as a busy day's are (unless the environment asks for one thread) */
	setenv("TAITS_AUDIT_THREADS", "2", 0);
	int rc = tu_main(suite());

	for (int i = 0; i < ncases; i++)
		free(cases[i]);
	free(cases);
	return rc;
}
