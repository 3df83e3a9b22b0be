/*
 * check_ingest.c - bundles into the store: every record kind in both formats, every
 * rejection reason, idempotency, conflicts, manifest and chain checks, line endings,
 * and a run that fails midway.
 */
#include <check.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ingest/ingest.h"
#include "ingest/record.h"
#include "store/store.h"
#include "testutil.h"
#include "util/buf.h"
#include "util/utf8.h"
#include "util/tree.h"

/* One record of each kind, as JSON lines (they also read as YAML flow mappings). */
static const char *const kinds_jsonl[] = {
	"{\"kind\":\"document_lock\",\"lock_id\":\"L1\",\"effective_at\":\"2026-11-01T00:00:00+08:00\",\"documents\":[{\"doc_key\":\"DEPLOY_OPS\",\"version\":\"251219\"}]}",
	"{\"kind\":\"deployment\",\"deployment_id\":\"D1\",\"environment\":\"sim\",\"deployed_at\":\"2026-11-02T08:00:00+08:00\",\"owner\":\"ops\",\"documents\":[{\"doc_key\":\"DEPLOY_OPS\",\"version\":\"251219\"}],\"modules\":[{\"name\":\"oms\",\"version\":\"1.0\",\"enabled\":true}],\"gate\":{\"doc_versions_consistent\":\"pass\",\"correlation_id_ok\":\"pass\",\"risk_compliance_enabled\":\"pass\",\"execution_disabled_by_default\":\"pass\",\"audit_log_writable\":\"pass\"},\"status\":\"deployed\"}",
	"{\"kind\":\"checklist\",\"checklist_id\":\"C1\",\"date\":\"2026-11-02\",\"environment\":\"sim\",\"run_mode\":\"observe_only\",\"operator\":\"amy\",\"completed_at\":\"2026-11-02T08:10:00+08:00\",\"items\":{\"environment_confirmed\":\"pass\",\"run_mode_declared\":\"pass\",\"risk_compliance_normal\":\"pass\",\"governance_gate_available\":\"pass\",\"kill_switch_test_passed\":\"pass\",\"audit_log_writable\":\"pass\"}}",
	"{\"kind\":\"incident\",\"incident_id\":\"I1\",\"environment\":\"sim\",\"type\":\"feed\",\"grade\":\"minor\",\"occurred_at\":\"2026-11-02T10:00:00+08:00\",\"scope\":\"quotes\",\"correlation_ids\":[\"CID-00000001\"],\"actions\":[{\"step\":\"stop\",\"at\":\"2026-11-02T10:01:00+08:00\",\"by\":\"amy\"}]}",
	"{\"kind\":\"change\",\"change_id\":\"G1\",\"type\":\"config\",\"environment\":\"sim\",\"requested_at\":\"2026-11-02T07:00:00+08:00\",\"requested_by\":\"amy\",\"description\":\"d\",\"impact_assessment\":\"i\",\"applied_at\":\"2026-11-02T07:30:00+08:00\",\"completed_at\":\"2026-11-02T07:40:00+08:00\"}",
	"{\"kind\":\"freeze\",\"freeze_id\":\"F1\",\"environment\":\"all\",\"reason\":\"regulatory\",\"started_at\":\"2026-11-02T12:00:00+08:00\"}",
	"{\"kind\":\"mode_change\",\"ts\":\"2026-11-02T08:20:00+08:00\",\"source\":\"ops\",\"seq\":1,\"environment\":\"sim\",\"deployment_id\":\"D1\",\"from\":null,\"to\":\"observe_only\",\"actor\":\"amy\"}",
	"{\"kind\":\"execution\",\"ts\":\"2026-11-02T09:00:00+08:00\",\"source\":\"oms\",\"seq\":1,\"environment\":\"sim\",\"deployment_id\":\"D1\",\"correlation_id\":\"CID-00000001\",\"event\":\"submit\",\"order_id\":\"O1\",\"symbol\":\"2330\",\"side\":\"buy\",\"qty\":1000,\"route\":\"simulated\"}",
	"{\"kind\":\"risk_check\",\"ts\":\"2026-11-02T08:59:00+08:00\",\"source\":\"risk\",\"seq\":1,\"environment\":\"sim\",\"correlation_id\":\"CID-00000001\",\"verdict\":\"pass\"}",
	"{\"kind\":\"gate_verdict\",\"ts\":\"2026-11-02T08:59:01+08:00\",\"source\":\"gate\",\"seq\":1,\"environment\":\"sim\",\"correlation_id\":\"CID-00000001\",\"verdict\":\"PASS\"}",
	"{\"kind\":\"decision\",\"ts\":\"2026-11-02T08:59:02+08:00\",\"source\":\"desk\",\"seq\":1,\"environment\":\"sim\",\"correlation_id\":\"CID-00000001\",\"decision\":\"approve\",\"decided_by\":\"amy\"}",
	"{\"kind\":\"alert\",\"ts\":\"2026-11-02T09:10:00+08:00\",\"source\":\"mon\",\"seq\":1,\"environment\":\"sim\",\"alert_id\":\"A1\",\"severity\":\"WARN\",\"component\":\"feed\",\"message\":\"slow\",\"correlation_id\":\"CID-00000002\",\"status\":\"open\"}",
	"{\"kind\":\"kill_switch\",\"ts\":\"2026-11-02T08:05:00+08:00\",\"source\":\"ks\",\"seq\":1,\"environment\":\"sim\",\"action\":\"test\",\"result\":\"ok\",\"correlation_id\":\"CID-00000003\"}",
	"{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T09:00:00+08:00\",\"source\":\"hb\",\"seq\":1,\"environment\":\"sim\",\"component\":\"audit_log\",\"status\":\"ok\"}",
};
#define NKINDS (sizeof(kinds_jsonl) / sizeof(kinds_jsonl[0]))

struct env {
	char *tmp, *db, *bundle;
	struct store *st;
	struct ingest_result res;
	struct error e;
};

static void env_init(struct env *v)
{
	memset(v, 0, sizeof(*v));
	v->tmp = tu_tmpdir();
	v->db = tu_path(v->tmp, "s.db");
	v->bundle = tu_path(v->tmp, "bundle");
}

static void env_free(struct env *v)
{
	ingest_result_release(&v->res);
	store_close(v->st);
	tu_rmrf(v->tmp);
	free(v->tmp), free(v->db), free(v->bundle);
}

/* Ingests the bundle into the store; returns what ingest_run returned. */
static int ingest(struct env *v, size_t max_record)
{
	struct ingest_options opt = { max_record ? max_record : INGEST_DEFAULT_MAX_RECORD, NULL, 0,
				      NULL };
	char *paths[1] = { v->bundle };

	ingest_result_release(&v->res);
	error_clear(&v->e);
	if (!v->st)
		ck_assert_msg(!store_open(v->db, STORE_WRITE, &v->st, &v->e), "%s", v->e.msg);
	return ingest_run(v->st, paths, 1, &opt, &v->res, &v->e);
}

static long q_int(struct env *v, const char *sql)
{
	return tu_sql_int(store_db(v->st), sql, NULL);
}

static char *q_text(struct env *v, const char *sql)
{
	sqlite3_stmt *s;
	char *t = NULL;

	ck_assert_int_eq(sqlite3_prepare_v2(store_db(v->st), sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		t = strdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return t;
}

START_TEST(test_every_kind_jsonl)
{
	struct env v;
	char buf[8192] = "";

	env_init(&v);
	/* events first: a record kind after an event has its own (empty) seq */
	for (size_t i = NKINDS; i-- > 0;) {
		strcat(buf, kinds_jsonl[i]);
		strcat(buf, "\n");
	}
	tu_write(v.bundle, "all.jsonl", buf, -1);
	ck_assert_msg(!ingest(&v, 0), "%s", v.e.msg);
	ck_assert_int_eq(v.res.stats.stored, NKINDS);
	for (int k = 1; k < KIND_COUNT; k++) {
		ck_assert_msg(v.res.stats.stored_by_kind[k] == 1, "%s stored %ld", kind_name(k),
			      v.res.stats.stored_by_kind[k]);
		/* an event's seq is stored; a record kind has none, whatever came before it */
		long seq = tu_sql_int(store_db(v.st), "SELECT coalesce(seq, -1) FROM record"
				      " WHERE kind = ?1", kind_name(k), NULL);
		if (kind_is_event(k))
			ck_assert_msg(seq > 0, "%s stored seq %ld", kind_name(k), seq);
		else
			ck_assert_msg(seq == -1, "%s stored seq %ld", kind_name(k), seq);
	}
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM rejected"), 0);
	env_free(&v);
}
END_TEST

/* The same records as YAML block documents (flow mappings are YAML too, but people write
 * blocks: spell a few out) and the rest as flow documents. */
START_TEST(test_every_kind_yaml)
{
	struct env v;
	char buf[16384] = "";

	env_init(&v);
	strcat(buf, "# human-written records\n---\nkind: deployment\ndeployment_id: D9\n"
		    "environment: live\ndeployed_at: 2026-11-02T08:00:00+08:00\nowner: 陳怡君\n"
		    "documents:\n  - {doc_key: DEPLOY_OPS, version: 251219}\nmodules:\n"
		    "  - name: oms\n    version: 1.10\n    enabled: true\ngate:\n"
		    "  doc_versions_consistent: pass\n  correlation_id_ok: pass\n"
		    "  risk_compliance_enabled: pass\n  execution_disabled_by_default: n/a\n"
		    "  audit_log_writable: pass\nstatus: deployed\n");
	for (size_t i = 0; i < NKINDS; i++) {
		if (strstr(kinds_jsonl[i], "\"deployment\""))
			continue;
		strcat(buf, "---\n");
		strcat(buf, kinds_jsonl[i]);
		strcat(buf, "\n");
	}
	strcat(buf, "...\n");
	tu_write(v.bundle, "records.yaml", buf, -1);
	ck_assert_msg(!ingest(&v, 0), "%s", v.e.msg);
	for (int k = 1; k < KIND_COUNT; k++)
		ck_assert_msg(v.res.stats.stored_by_kind[k] == 1, "%s stored %ld", kind_name(k),
			      v.res.stats.stored_by_kind[k]);
	/* A version written as a YAML number keeps its text. */
	char *ver = q_text(&v, "SELECT version FROM deployment_module");
	ck_assert_str_eq(ver, "1.10");
	free(ver);
	/* The first document starts at its --- line, after the comment. */
	ck_assert_int_eq(q_int(&v, "SELECT line FROM record WHERE kind = 'deployment'"), 2);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM rejected"), 0);
	env_free(&v);
}
END_TEST

/* Each rejection reason, with its line and field. */
static const struct {
	const char *line;
	const char *field;
	const char *reason;
} rejections[] = {
	{ "{\"kind\":\"heartbeat\",", "", "not valid JSON" },
	{ "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T09:00:00+08:00\",\"source\":\"hb\",\"seq\":1} trailing", "", "text after the JSON value" },
	{ "[1,2,3]", "", "a record must be an object" },
	{ "{\"ts\":\"2026-11-02T09:00:00+08:00\",\"source\":\"hb\",\"seq\":2}", "kind", "missing" },
	{ "{\"kind\":\"telemetry\",\"ts\":\"2026-11-02T09:00:00+08:00\"}", "kind", "unknown kind 'telemetry'" },
	{ "{\"kind\":\"heartbeat\",\"source\":\"hb\",\"seq\":3}", "ts", "missing" },
	{ "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T09:00:00\",\"source\":\"hb\",\"seq\":4}", "ts", "no UTC offset" },
	{ "{\"kind\":\"heartbeat\",\"ts\":\"2026-02-30T09:00:00Z\",\"source\":\"hb\",\"seq\":5}", "ts", "not an ISO 8601 time" },
	{ "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T09:00:00Z\",\"seq\":6}", "source", "missing" },
	{ "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T09:00:00Z\",\"source\":\"hb\"}", "seq", "missing" },
	{ "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T09:00:00Z\",\"source\":\"hb\",\"seq\":7.5}", "seq", "not an integer" },
	{ "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T09:00:00Z\",\"source\":\"hb\",\"seq\":\"8\"}", "seq", "not an integer" },
	{ "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T09:00:00Z\",\"source\":\"hb\",\"seq\":1e300}", "seq", "out of range" },
	{ "{\"kind\":\"change\",\"applied_at\":\"2026-11-02T09:00:00Z\"}", "change_id", "missing" },
	{ "{\"kind\":\"change\",\"change_id\":\"G9\",\"applied_at\":\"2026-11-02 09:00\"}", "applied_at", "no UTC offset" },
	{ "{\"kind\":\"freeze\",\"freeze_id\":\"F9\"}", "started_at", "missing" },
	/* a fault in a member's value names the member, the innermost one (as YAML's do); a
	 * line cut off names the member only when it ends inside its string */
	{ "{\"kind\":\"heartbeat\",\"source\":\"hb\",\"status\":\"ok\"", "", "not valid JSON" },
	{ "{\"kind\":\"heartbeat\",\"m\":{\"a\":1}", "", "not valid JSON" },
	{ "{\"kind\":\"heartbeat\",\"correlation_id\":\"TW-2", "correlation_id", "not valid JSON" },
	{ "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T09:00:00Z\",\"latency_ms\":01}", "latency_ms", "malformed number" },
	{ "{\"kind\":\"heartbeat\",\"x\":{\"y\":[1,{\"z\":\"a\\u0000\"}]},\"q\":1}", "z", "string holds a NUL character" },
	{ "{\"kind\":\"heartbeat\",\"x\":{\"y\":[1,tru]},\"q\":1}", "y", "not valid JSON" },
	{ "{\"kind\":\"heartbeat\",\"x\":{\"y\":[1]},\"q\":\"a\\u0000\"}", "q", "string holds a NUL character" },
	{ "{\"kind\":\"heartbeat\",\"kind\":\"alert\",\"ts\":\"2026-11-02T09:00:00Z\",\"source\":\"hb\",\"seq\":9}", "kind", "duplicate key" },
};
#define NREJ (sizeof(rejections) / sizeof(rejections[0]))

/* A store written by an earlier version lacks the indexes added since: an ingest into it,
 * even a small one that keeps the indexes in place (not a bulk load), adds them. */
START_TEST(test_ingest_adds_missing_indexes)
{
	struct env v;
	struct buf text = BUF_INIT;
	const char *has = "SELECT count(*) FROM sqlite_master WHERE type = 'index'"
			  " AND name = 'record_heartbeat'";

	env_init(&v);
	for (int i = 1; i <= 2000; i++)
		buf_addf(&text, "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T09:%02d:%02d+08:00\","
			 "\"source\":\"hb\",\"seq\":%d,\"environment\":\"sim\","
			 "\"component\":\"audit_log\",\"status\":\"ok\"}\n", i / 60 % 60, i % 60, i);
	tu_write(v.bundle, "day1.jsonl", text.data, -1);
	ck_assert_msg(!ingest(&v, 0), "%s", v.e.msg);
	ck_assert_int_eq(q_int(&v, has), 1);
	/* as an earlier version left it */
	ck_assert_int_eq(sqlite3_exec(store_db(v.st), "DROP INDEX record_heartbeat", NULL, NULL,
				      NULL), SQLITE_OK);
	ck_assert_int_eq(q_int(&v, has), 0);
	tu_write(v.bundle, "day2.jsonl",
		 "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-03T09:00:00+08:00\",\"source\":\"hb\","
		 "\"seq\":1,\"environment\":\"sim\",\"component\":\"audit_log\",\"status\":\"ok\"}\n",
		 -1);
	ck_assert_msg(!ingest(&v, 0), "%s", v.e.msg);
	ck_assert_int_eq(v.res.stats.stored, 1);
	ck_assert_int_eq(q_int(&v, has), 1);
	buf_release(&text);
	env_free(&v);
}
END_TEST

START_TEST(test_rejection_reasons)
{
	struct env v;
	struct buf text = BUF_INIT;

	env_init(&v);
	for (size_t i = 0; i < NREJ; i++)
		buf_addf(&text, "%s\n", rejections[i].line);
	tu_write(v.bundle, "bad.jsonl", text.data, -1);
	ck_assert_msg(!ingest(&v, 0), "%s", v.e.msg);
	ck_assert_int_eq(v.res.stats.rejected, NREJ);
	ck_assert_int_eq(v.res.stats.stored, 0);
	/* the file's own counts, which the report's inputs list */
	ck_assert_int_eq(q_int(&v, "SELECT rejected FROM input_file WHERE path = 'bad.jsonl'"),
			 NREJ);
	ck_assert_int_eq(q_int(&v, "SELECT records FROM input_file WHERE path = 'bad.jsonl'"), 0);
	for (size_t i = 0; i < NREJ; i++) {
		char sql[256];
		snprintf(sql, sizeof(sql),
			 "SELECT coalesce(field, '') || '|' || reason FROM rejected WHERE line = %zu",
			 i + 1);
		char *got = q_text(&v, sql), *bar = got ? strchr(got, '|') : NULL;
		/* the field exactly ("" for none), then the reason */
		ck_assert_msg(bar && (size_t)(bar - got) == strlen(rejections[i].field) &&
				      !strncmp(got, rejections[i].field, (size_t)(bar - got)) &&
				      strstr(bar + 1, rejections[i].reason),
			      "line %zu: got '%s', want field '%s' reason '%s'", i + 1,
			      got ? got : "(none)", rejections[i].field, rejections[i].reason);
		free(got);
	}
	/* Kept verbatim. */
	char *raw = q_text(&v, "SELECT raw FROM rejected WHERE line = 1");
	ck_assert_str_eq(raw, rejections[0].line);
	free(raw);
	buf_release(&text);
	env_free(&v);
}
END_TEST

/* A reason quoting a long value cuts it on a character's start and says so with "…",
 * keeping its closing quote: the reason stays UTF-8 and reads as its pattern, in any
 * language (the zh message matches the whole reason). */
START_TEST(test_rejection_reason_quotes_long_values)
{
	struct env v;
	struct buf text = BUF_INIT, many = BUF_INIT;

	env_init(&v);
	for (int i = 0; i < 100; i++)
		buf_adds(&many, "中"); /* 300 bytes: a reason of 256 would cut one in two */
	buf_addf(&text, "{\"kind\":\"%s\",\"ts\":\"2026-11-02T09:00:00Z\",\"source\":\"a\",\"seq\":1}\n",
		 many.data);
	buf_addf(&text, "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T09:00:00%s\",\"source\":\"a\","
		 "\"seq\":2}\n", many.data);
	tu_write(v.bundle, "long.jsonl", text.data, -1);
	ck_assert_msg(!ingest(&v, 0), "%s", v.e.msg);
	ck_assert_int_eq(v.res.stats.rejected, 2);
	for (int line = 1; line <= 2; line++) {
		char sql[64];
		snprintf(sql, sizeof(sql), "SELECT reason FROM rejected WHERE line = %d", line);
		char *r = q_text(&v, sql);
		size_t bad, n = strlen(r);
		ck_assert_msg(utf8_valid((const unsigned char *)r, n, &bad), "line %d: %s", line, r);
		ck_assert_msg(n > strlen("中…'") && !strcmp(r + n - strlen("中…'"), "中…'"), "line %d: %s",
			      line, r);
		const char *start = line == 1 ? "unknown kind '中中"
					      : "not an ISO 8601 time: '2026-11-02T09:00:00中";
		ck_assert_msg(!strncmp(r, start, strlen(start)), "line %d: %s", line, r);
		free(r);
	}
	buf_release(&text), buf_release(&many);
	env_free(&v);
}
END_TEST

START_TEST(test_rejection_bytes)
{
	struct env v;
	const char good[] = "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T09:00:00Z\",\"source\":\"hb\",\"seq\":1}";
	struct buf text = BUF_INIT;

	env_init(&v);
	/* invalid UTF-8, a NUL byte, an over-long line, and a good line after them */
	buf_add(&text, "{\"kind\":\"heartbeat\",\"x\":\"\xff\xfe\"}\n", 30);
	buf_add(&text, "{\"kind\":\0\"heartbeat\"}\n", 22);
	buf_adds(&text, "{\"kind\":\"heartbeat\",\"pad\":\"");
	for (int i = 0; i < 300; i++)
		buf_addc(&text, 'x');
	buf_adds(&text, "\"}\n");
	buf_adds(&text, good);
	tu_write(v.bundle, "bytes.jsonl", text.data, (long)text.len);
	ck_assert_msg(!ingest(&v, 200), "%s", v.e.msg);
	ck_assert_int_eq(v.res.stats.rejected, 3);
	ck_assert_int_eq(v.res.stats.stored, 1);
	char *r1 = q_text(&v, "SELECT reason FROM rejected WHERE line = 1");
	char *r2 = q_text(&v, "SELECT reason FROM rejected WHERE line = 2");
	char *r3 = q_text(&v, "SELECT reason FROM rejected WHERE line = 3");
	ck_assert_str_eq(r1, "not valid UTF-8");
	ck_assert_str_eq(r2, "NUL byte in the line");
	ck_assert_msg(strstr(r3, "larger than 200 bytes"), "%s", r3);
	/* The over-long record is kept whole, from the file. */
	ck_assert_int_eq(q_int(&v, "SELECT length(raw) FROM rejected WHERE line = 3"), 329);
	ck_assert_int_eq(q_int(&v, "SELECT col FROM rejected WHERE line = 1"), 26);
	free(r1), free(r2), free(r3);
	buf_release(&text);
	env_free(&v);
}
END_TEST

START_TEST(test_yaml_rejections)
{
	struct env v;

	env_init(&v);
	tu_write(v.bundle, "r.yaml",
		 "---\nkind: change\nchange_id: G1\n  bad: indent\n"      /* 1: syntax */
		 "---\nbase: &b {x: 1}\nkind: change\nother: *c\n"        /* 5: alias */
		 "---\nkind: change\nkind: freeze\n"                       /* 9: duplicate */
		 "---\nkind: change\nchange_id: G2\napplied_at: 2026-11-02T09:00:00Z\n" /* 12: ok */
		 "---\nkind: change\nzz: 1\nzz: 2\naa: 1\naa: 2\n",   /* 16: two duplicates */
		 -1);
	ck_assert_msg(!ingest(&v, 0), "%s", v.e.msg);
	ck_assert_int_eq(v.res.stats.rejected, 4);
	{
		/* the key named is the first written again, and the line is that key's */
		char *d = q_text(&v, "SELECT field || ': ' || reason FROM rejected WHERE line = 16");
		ck_assert_msg(d && !strcmp(d, "zz: duplicate key (line 19)"), "%s", d);
		free(d);
	}
	ck_assert_int_eq(v.res.stats.stored, 1);
	char *a = q_text(&v, "SELECT reason FROM rejected WHERE line = 1");
	char *b = q_text(&v, "SELECT reason FROM rejected WHERE line = 5");
	char *c = q_text(&v, "SELECT field || ': ' || reason FROM rejected WHERE line = 9");
	ck_assert_msg(a && strstr(a, "not valid YAML") && strstr(a, "line 4"), "%s", a);
	ck_assert_msg(b && strstr(b, "alias of an anchor not defined before it"), "%s", b);
	/* placed at the second `kind`, line 11 of the file */
	ck_assert_msg(c && !strcmp(c, "kind: duplicate key (line 11)"), "%s", c);
	ck_assert_int_eq(q_int(&v, "SELECT line FROM record"), 12);
	free(a), free(b), free(c);
	env_free(&v);
}
END_TEST

START_TEST(test_idempotent)
{
	struct env v;
	size_t n1, n2;
	char *before, *after;

	env_init(&v);
	tu_write(v.bundle, "a.jsonl", kinds_jsonl[13], -1);
	tu_write(v.bundle, "b.yaml", kinds_jsonl[0], -1);
	ck_assert_msg(!ingest(&v, 0), "%s", v.e.msg);
	ck_assert_int_eq(v.res.stats.stored, 2);
	store_close(v.st);
	v.st = NULL;
	before = tu_read(v.db, &n1);
	ck_assert_msg(!ingest(&v, 0), "%s", v.e.msg);
	ck_assert_int_eq(v.res.stats.stored, 0);
	ck_assert_int_eq(v.res.stats.files_known, 2);
	ck_assert_int_eq(v.res.nfile_ids, 2); /* still the run's inputs, for its review */
	store_close(v.st);
	v.st = NULL;
	after = tu_read(v.db, &n2);
	ck_assert_msg(n1 == n2 && !memcmp(before, after, n1), "the second ingest changed the store");
	free(before), free(after);
	env_free(&v);
}
END_TEST

/* Writes file `name` of v's bundle: the heartbeat `prefix` (cut before its status) with
 * status "failed", one line. */
static void put_failed(struct env *v, const char *name, const char *prefix)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "%s\"failed\"}\n", prefix);
	tu_write(v->bundle, name, b.data, -1);
	buf_release(&b);
}

START_TEST(test_duplicates_and_conflicts)
{
	struct env v;
	char *other;

	env_init(&v);
	/* a copy in another file (reformatted, other key order, a chain field): one record */
	tu_write(v.bundle, "a.jsonl", kinds_jsonl[13], -1);
	tu_write(v.bundle, "b.jsonl",
		 "{\"seq\":1,\"source\":\"hb\",\"status\":\"ok\",\"component\":\"audit_log\","
		 "\"environment\":\"sim\",\"ts\":\"2026-11-02T01:00:00Z\",\"kind\":\"heartbeat\","
		 "\"prev_sha256\":\"00\"}\n", -1);
	ck_assert_msg(!ingest(&v, 0), "%s", v.e.msg);
	ck_assert_int_eq(v.res.stats.stored, 1);
	ck_assert_int_eq(v.res.stats.duplicates, 1);
	ck_assert_int_eq(v.res.stats.conflicts, 0);
	/* the same identity with other content: both kept, marked */
	other = strdup(kinds_jsonl[13]);
	*strstr(other, "\"ok\"") = '\0';
	put_failed(&v, "c.jsonl", other);
	ck_assert_msg(!ingest(&v, 0), "%s", v.e.msg);
	ck_assert_int_eq(v.res.stats.stored, 1);
	ck_assert_int_eq(v.res.stats.conflicts, 1);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM conflict"), 2);
	/* alert updates share an alert_id but are separate events: no conflict */
	tu_write(v.bundle, "d.jsonl",
		 "{\"kind\":\"alert\",\"ts\":\"2026-11-02T09:10:00+08:00\",\"source\":\"mon\",\"seq\":1,\"environment\":\"sim\",\"alert_id\":\"A1\",\"severity\":\"WARN\",\"component\":\"feed\",\"message\":\"slow\",\"correlation_id\":\"CID-00000002\",\"status\":\"open\"}\n"
		 "{\"kind\":\"alert\",\"ts\":\"2026-11-02T09:20:00+08:00\",\"source\":\"mon\",\"seq\":2,\"environment\":\"sim\",\"alert_id\":\"A1\",\"severity\":\"WARN\",\"component\":\"feed\",\"message\":\"ok\",\"correlation_id\":\"CID-00000002\",\"status\":\"resolved\"}\n",
		 -1);
	ck_assert_msg(!ingest(&v, 0), "%s", v.e.msg);
	ck_assert_int_eq(v.res.stats.conflicts, 0);
	ck_assert_int_eq(v.res.stats.stored, 2);
	/* a later run shipping one of the two versions again: a duplicate, and no new
	 * conflict (the one it belongs to was counted when it was found) */
	put_failed(&v, "e.jsonl", other);
	ck_assert_msg(!ingest(&v, 0), "%s", v.e.msg);
	ck_assert_int_eq(v.res.stats.stored, 0);
	ck_assert_int_eq(v.res.stats.duplicates, 1);
	ck_assert_int_eq(v.res.stats.conflicts, 0);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM conflict"), 2);
	free(other);
	env_free(&v);
}
END_TEST

/* The content of a record, as interpretation.md compares it ("Same content"): pairs of
 * JSON lines that are one record, and pairs that are not. */
START_TEST(test_same_content)
{
	static const struct {
		const char *a, *b;
		int same;
	} pairs[] = {
		/* a time member `at` (an incident's action) is compared as an instant */
		{ "{\"kind\":\"incident\",\"actions\":[{\"step\":\"stop\",\"at\":\"2026-11-02T09:00:00+08:00\"}]}",
		  "{\"kind\":\"incident\",\"actions\":[{\"step\":\"stop\",\"at\":\"2026-11-02T01:00:00Z\"}]}", 1 },
		{ "{\"kind\":\"freeze\",\"unfreeze\":{\"risk_review\":{\"at\":\"2026-11-02T09:00:00+08:00\"}}}",
		  "{\"kind\":\"freeze\",\"unfreeze\":{\"risk_review\":{\"at\":\"2026-11-02T09:00:01+08:00\"}}}", 0 },
		/* the basic format, as short as it comes with an hour offset */
		{ "{\"kind\":\"heartbeat\",\"ts\":\"20261102T0900+08\"}",
		  "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T01:00:00Z\"}", 1 },
		/* every form a time is read in: a space for the T, no seconds */
		{ "{\"kind\":\"heartbeat\",\"ts\":\"20261102 010000Z\"}",
		  "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T01:00:00Z\"}", 1 },
		{ "{\"kind\":\"heartbeat\",\"ts\":\"20261102T0100Z\"}",
		  "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T01:00:00Z\"}", 1 },
		{ "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02 09:00+08:00\"}",
		  "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T01:00:00Z\"}", 1 },
		/* quantities are numbers: -0 is 0, 12.0 is 12 */
		{ "{\"kind\":\"execution\",\"qty\":-0,\"price\":-0.0}",
		  "{\"kind\":\"execution\",\"qty\":0,\"price\":0}", 1 },
		{ "{\"kind\":\"execution\",\"qty\":12.0}", "{\"kind\":\"execution\",\"qty\":12}", 1 },
		{ "{\"kind\":\"execution\",\"qty\":12}", "{\"kind\":\"execution\",\"qty\":13}", 0 },
		/* any other number is its text */
		{ "{\"kind\":\"deployment\",\"v\":1.10}", "{\"kind\":\"deployment\",\"v\":1.1}", 0 },
		/* a time elsewhere is its text */
		{ "{\"kind\":\"alert\",\"message\":\"2026-11-02T09:00:00+08:00\"}",
		  "{\"kind\":\"alert\",\"message\":\"2026-11-02T01:00:00Z\"}", 0 },
		/* missing is missing: null, a blank string, an empty list and no member */
		{ "{\"kind\":\"mode_change\",\"reason\":\"\"}", "{\"kind\":\"mode_change\"}", 1 },
		{ "{\"kind\":\"mode_change\",\"reason\":\" \\u3000\"}",
		  "{\"kind\":\"mode_change\",\"reason\":null}", 1 },
		{ "{\"kind\":\"deployment\",\"modules\":[]}", "{\"kind\":\"deployment\"}", 1 },
		{ "{\"kind\":\"deployment\",\"documents\":[{\"doc_key\":\"A\",\"version\":\"\"}]}",
		  "{\"kind\":\"deployment\",\"documents\":[{\"doc_key\":\"A\"}]}", 1 },
		{ "{\"kind\":\"mode_change\",\"reason\":\"x\"}", "{\"kind\":\"mode_change\"}", 0 },
		{ "{\"kind\":\"deployment\",\"modules\":[{}]}", "{\"kind\":\"deployment\"}", 0 },
		/* a change's repair and strategy_expansion default to false */
		{ "{\"kind\":\"change\",\"repair\":false,\"strategy_expansion\":false}",
		  "{\"kind\":\"change\"}", 1 },
		{ "{\"kind\":\"change\",\"repair\":true}", "{\"kind\":\"change\"}", 0 },
		{ "{\"kind\":\"change\",\"repair\":\"false\"}", "{\"kind\":\"change\"}", 0 },
		/* only a change's, and only at its top */
		{ "{\"kind\":\"freeze\",\"repair\":false}", "{\"kind\":\"freeze\"}", 0 },
		{ "{\"kind\":\"change\",\"x\":{\"repair\":false}}", "{\"kind\":\"change\",\"x\":{}}", 0 },
	};

	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		int64_t a, b;
		ck_assert_int_eq(record_content_of(pairs[i].a, strlen(pairs[i].a), 0, &a), 0);
		ck_assert_int_eq(record_content_of(pairs[i].b, strlen(pairs[i].b), 0, &b), 0);
		ck_assert_msg((a == b) == pairs[i].same, "pair %zu: %s and %s are %s", i,
			      pairs[i].a, pairs[i].b, pairs[i].same ? "one record" : "two");
	}
}
END_TEST

START_TEST(test_manifest)
{
	struct env v;
	char a[65], b[65];
	struct buf m = BUF_INIT;

	env_init(&v);
	tu_write(v.bundle, "a.jsonl", kinds_jsonl[13], -1);
	tu_write(v.bundle, "b.yaml", kinds_jsonl[0], -1);
	tu_write(v.bundle, "notes.txt", "not a log\n", -1);
	tu_sha256_hex(kinds_jsonl[13], strlen(kinds_jsonl[13]), a);
	tu_sha256_hex("something else", 14, b);
	/* a byte-order mark before the first line is skipped: a.jsonl is listed, matching */
	buf_addf(&m, "\xEF\xBB\xBF%s  a.jsonl\n%s *b.yaml\n%s  gone.jsonl\n%s  ../outside.jsonl\nnonsense\n",
		 a, b, a, a);
	tu_write(v.bundle, "SHA256SUMS", m.data, -1);
	ck_assert_msg(!ingest(&v, 0), "%s", v.e.msg);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM integrity WHERE rule = 'LOG-MANIFEST'"), 5);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM integrity i JOIN input_file f ON f.id = i.file_id"
				   " WHERE f.path = 'b.yaml' AND i.args LIKE '%SHA-256 differs%'"
				   " AND i.manifest_line = 2"), 1);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM integrity i JOIN input_file f ON f.id = i.file_id"
				   " WHERE f.path = 'SHA256SUMS' AND i.line = 3"
				   " AND i.args LIKE '%listed file missing%'"), 1);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM integrity WHERE line = 4"
				   " AND args LIKE '%leaves the bundle%'"), 1);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM integrity WHERE line = 5"
				   " AND args LIKE '%not a sha256sum line%'"), 1);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM integrity i JOIN input_file f ON f.id = i.file_id"
				   " WHERE f.path = 'notes.txt' AND i.args LIKE '%not listed%'"), 1);
	/* files of the bundle point at their manifest; the text file is listed, not read */
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM input_file WHERE manifest_id IS NOT NULL"), 3);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM input_file WHERE path = 'notes.txt'"
				   " AND format = 'other' AND note IS NOT NULL"), 1);
	buf_release(&m);
	env_free(&v);
}
END_TEST

/* A bundle of one record file, a.jsonl, and a SHA256SUMS that lists it. */
static void write_listed_bundle(struct env *v)
{
	char a[65];
	struct buf m = BUF_INIT;

	tu_write(v->bundle, "a.jsonl", kinds_jsonl[13], -1);
	tu_sha256_hex(kinds_jsonl[13], strlen(kinds_jsonl[13]), a);
	buf_addf(&m, "%s  a.jsonl\n", a);
	tu_write(v->bundle, "SHA256SUMS", m.data, -1);
	buf_release(&m);
}

/* A SHA256SUMS given alone as the PATH lists files the walk never saw: it is listed as not
 * checked, with no finding that its files are missing; met again in its bundle, it is
 * that bundle's manifest. */
START_TEST(test_manifest_given_alone)
{
	struct env v;

	env_init(&v);
	write_listed_bundle(&v);
	free(v.bundle);
	v.bundle = tu_path(v.tmp, "bundle/SHA256SUMS");
	ck_assert_msg(!ingest(&v, 0), "%s", v.e.msg);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM integrity"), 0);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM input_file WHERE path = 'SHA256SUMS'"
				   " AND format = 'other' AND note LIKE '%manifest given alone%'"), 1);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM record"), 0);
	/* its bundle ingested next: the same file is that bundle's manifest, and checked */
	free(v.bundle);
	v.bundle = tu_path(v.tmp, "bundle");
	ck_assert_msg(!ingest(&v, 0), "%s", v.e.msg);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM input_file WHERE path = 'SHA256SUMS'"
				   " AND format = 'manifest' AND note IS NULL"
				   " AND bundle NOT LIKE '%SHA256SUMS'"), 1);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM input_file f JOIN input_file m"
				   " ON m.id = f.manifest_id WHERE f.path = 'a.jsonl'"
				   " AND m.path = 'SHA256SUMS'"), 1);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM integrity"), 0);
	env_free(&v);
}
END_TEST

/* A file already stored with its bundle's manifest, met again in another bundle whose
 * SHA256SUMS lists a missing file too: it stays its first bundle's, so the second
 * manifest's finding is not tied to a file the first bundle vouches for. */
START_TEST(test_manifest_of_a_file_stored_before)
{
	struct env v;
	char *second;
	struct buf m = BUF_INIT;
	char a[65];

	env_init(&v);
	write_listed_bundle(&v);
	ck_assert_msg(!ingest(&v, 0), "%s", v.e.msg);
	second = tu_path(v.tmp, "second");
	tu_write(second, "a.jsonl", kinds_jsonl[13], -1);
	tu_sha256_hex(kinds_jsonl[13], strlen(kinds_jsonl[13]), a);
	buf_addf(&m, "%s  a.jsonl\n%s  gone.jsonl\n", a, a);
	tu_write(second, "SHA256SUMS", m.data, -1);
	free(v.bundle);
	v.bundle = second;
	ck_assert_msg(!ingest(&v, 0), "%s", v.e.msg);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM input_file WHERE path = 'SHA256SUMS'"), 2);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM input_file f JOIN input_file m"
				   " ON m.id = f.manifest_id WHERE f.path = 'a.jsonl'"
				   " AND m.bundle LIKE '%/bundle'"), 1);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM integrity WHERE args LIKE '%missing%'"), 1);
	buf_release(&m);
	env_free(&v);
}
END_TEST

/* The same, when every file of the bundle was stored before (given alone, as an ingest
 * of each file of a flat bundle gives them): the run adds no file, no record and no
 * finding, and its one change, the marking of the manifest, is still committed. */
START_TEST(test_manifest_given_alone_then_bundle_adding_nothing)
{
	struct env v;
	char *dir;

	env_init(&v);
	write_listed_bundle(&v);
	dir = v.bundle;
	v.bundle = tu_path(dir, "SHA256SUMS");
	ck_assert_msg(!ingest(&v, 0), "%s", v.e.msg);
	free(v.bundle);
	v.bundle = tu_path(dir, "a.jsonl");
	ck_assert_msg(!ingest(&v, 0), "%s", v.e.msg);
	free(v.bundle);
	v.bundle = dir;
	ck_assert_msg(!ingest(&v, 0), "%s", v.e.msg);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM input_file WHERE path = 'SHA256SUMS'"
				   " AND format = 'manifest' AND note IS NULL"), 1);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM integrity"), 0);
	env_free(&v);
}
END_TEST

/* A store inside the bundle it ingests (a review run from the bundle, with the default
 * ./taits-audit.db) is not a file of the bundle: not listed, not an unlisted file of its
 * SHA256SUMS, on the first run or the next. */
START_TEST(test_store_inside_bundle)
{
	struct env v;

	env_init(&v);
	write_listed_bundle(&v);
	free(v.db);
	v.db = tu_path(v.bundle, "taits-audit.db");
	for (int run = 0; run < 2; run++) {
		ck_assert_msg(!ingest(&v, 0), "%s", v.e.msg);
		ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM integrity"), 0);
		ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM input_file"
					   " WHERE path LIKE 'taits-audit.db%'"), 0);
		ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM input_file"), 2);
	}
	env_free(&v);
}
END_TEST

START_TEST(test_hash_chain_and_sequence)
{
	struct env v;
	const char *l1 = "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T09:00:00Z\",\"source\":\"hb\",\"seq\":1,\"prev_sha256\":\"0000000000000000000000000000000000000000000000000000000000000000\"}";
	char h1[65];
	struct buf text = BUF_INIT;

	env_init(&v);
	tu_sha256_hex(l1, strlen(l1), h1);
	buf_addf(&text, "%s\r\n", l1); /* CRLF: the CR is not hashed */
	/* 09:00:30Z written at +08:00: LOG-TS-ORDER quotes it as written */
	buf_addf(&text, "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T17:00:30+08:00\",\"source\":\"hb\",\"seq\":2,\"prev_sha256\":\"%s\"}\n", h1);
	buf_addf(&text, "\n"); /* a blank line is skipped, also by the chain */
	buf_addf(&text, "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T09:00:20Z\",\"source\":\"hb\",\"seq\":4,\"prev_sha256\":\"%s\"}\n", h1);
	buf_addf(&text, "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T09:01:00Z\",\"source\":\"hb\",\"seq\":5}\n");
	tu_write(v.bundle, "hb.jsonl", text.data, -1);
	ck_assert_msg(!ingest(&v, 0), "%s", v.e.msg);
	ck_assert_int_eq(v.res.stats.stored, 4);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM integrity WHERE rule = 'LOG-HASH-CHAIN'"), 2);
	ck_assert_int_eq(q_int(&v, "SELECT line FROM integrity WHERE rule = 'LOG-HASH-CHAIN'"
				   " AND args LIKE '%does not match%'"), 4);
	ck_assert_int_eq(q_int(&v, "SELECT line FROM integrity WHERE rule = 'LOG-HASH-CHAIN'"
				   " AND args LIKE '%missing after%'"), 5);
	ck_assert_int_eq(q_int(&v, "SELECT line FROM integrity WHERE rule = 'LOG-SEQ-GAP'"), 4);
	ck_assert_int_eq(q_int(&v, "SELECT line FROM integrity WHERE rule = 'LOG-TS-ORDER'"), 4);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM integrity WHERE rule = 'LOG-TS-ORDER'"
				   " AND args LIKE '%\"previous\":\"2026-11-02T17:00:30+08:00\"%'"
				   " AND args LIKE '%\"ts\":\"2026-11-02T09:00:20Z\"%'"), 1);
	buf_release(&text);
	env_free(&v);
}
END_TEST

START_TEST(test_bom_crlf_no_final_newline)
{
	struct env v;
	struct buf text = BUF_INIT;

	env_init(&v);
	buf_adds(&text, "\xEF\xBB\xBF");
	buf_addf(&text, "%s\r\n%s", kinds_jsonl[12], kinds_jsonl[13]); /* no final newline */
	tu_write(v.bundle, "k.jsonl", text.data, -1);
	tu_write(v.bundle, "y.yml", "\xEF\xBB\xBF---\r\nkind: document_lock\r\nlock_id: L7\r\n"
				    "effective_at: 2026-11-01T00:00:00Z\r\ndocuments: []", -1);
	ck_assert_msg(!ingest(&v, 0), "%s", v.e.msg);
	ck_assert_int_eq(v.res.stats.rejected, 0);
	ck_assert_int_eq(v.res.stats.stored, 3);
	ck_assert_int_eq(q_int(&v, "SELECT byte_offset FROM record WHERE kind = 'kill_switch'"), 3);
	/* the stored bytes are the line without BOM or CR */
	ck_assert_int_eq(q_int(&v, "SELECT length(x.raw) FROM record r JOIN record_raw x ON x.id = r.id WHERE r.kind = 'kill_switch'"),
			 (long)strlen(kinds_jsonl[12]));
	char *id = q_text(&v, "SELECT rid FROM record WHERE kind = 'document_lock'");
	ck_assert_str_eq(id, "L7");
	free(id);
	buf_release(&text);
	env_free(&v);
}
END_TEST

/* A log file at a path the store has never seen is hashed as it is read. Its SHA-256 is
 * that of every byte of the file (byte-order mark, CRLF, an over-long line, no final
 * newline), as a file hashed first gets; the same path again is looked up by content. */
START_TEST(test_files_hashed_as_read)
{
	struct env v;
	struct buf text = BUF_INIT;
	const char *yaml = "---\nkind: document_lock\nlock_id: L7\neffective_at: 2026-11-01T00:00:00Z\n"
			   "documents: []\n";
	char want[65], *got, *again = NULL;

	env_init(&v);
	buf_adds(&text, "\xEF\xBB\xBF");
	buf_addf(&text, "%s\r\n{\"kind\":\"heartbeat\",\"pad\":\"", kinds_jsonl[12]);
	for (int i = 0; i < 3000; i++)
		buf_addc(&text, 'x');
	buf_addf(&text, "\"}\r\n%s", kinds_jsonl[13]);
	tu_write(v.bundle, "a.jsonl", text.data, (long)text.len);
	tu_write(v.bundle, "b.yaml", yaml, -1);
	ck_assert_msg(!ingest(&v, 400), "%s", v.e.msg);
	ck_assert_int_eq(v.res.stats.stored, 3);
	ck_assert_int_eq(v.res.stats.rejected, 1);
	tu_sha256_hex(text.data, text.len, want);
	got = q_text(&v, "SELECT sha256 FROM input_file WHERE path = 'a.jsonl'");
	ck_assert_str_eq(got, want);
	free(got);
	tu_sha256_hex(yaml, strlen(yaml), want);
	got = q_text(&v, "SELECT sha256 FROM input_file WHERE path = 'b.yaml'");
	ck_assert_str_eq(got, want);
	free(got);
	/* The same bytes at the same path: known. New bytes at that path: a new file. */
	ck_assert_msg(!ingest(&v, 400), "%s", v.e.msg);
	ck_assert_int_eq(v.res.stats.files_known, 2);
	ck_assert_int_eq(v.res.stats.stored, 0);
	buf_adds(&text, "\n");
	buf_adds(&text, kinds_jsonl[11]);
	tu_write(v.bundle, "a.jsonl", text.data, (long)text.len);
	ck_assert_msg(!ingest(&v, 400), "%s", v.e.msg);
	ck_assert_int_eq(v.res.stats.files_known, 1);
	ck_assert_int_eq(v.res.stats.stored, 1); /* the alert; the rest are duplicates */
	tu_sha256_hex(text.data, text.len, want);
	again = q_text(&v, "SELECT sha256 FROM input_file WHERE path = 'a.jsonl' ORDER BY id DESC");
	ck_assert_str_eq(again, want);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM input_file WHERE sha256 = ''"), 0);
	free(again);
	buf_release(&text);
	env_free(&v);
}
END_TEST

/* A store switched to WAL keeps the lock SQLite holds on it while the connection is open:
 * the bulk load's write-back, whose descriptor is closed after the commit, would drop it,
 * so it does not run there. */
START_TEST(test_wal_store_keeps_its_lock)
{
	struct env v;

	struct buf text = BUF_INIT;

	env_init(&v);
	for (size_t i = 0; i < NKINDS; i++) /* more bytes than the store holds: a bulk load */
		buf_addf(&text, "%s\n", kinds_jsonl[i]);
	tu_write(v.bundle, "a.jsonl", text.data, -1);
	buf_release(&text);
	ck_assert_msg(!store_open(v.db, STORE_WRITE, &v.st, &v.e), "%s", v.e.msg);
	ck_assert_int_eq(sqlite3_exec(store_db(v.st), "PRAGMA journal_mode = WAL", NULL, NULL,
				      NULL), SQLITE_OK);
	ck_assert_msg(!ingest(&v, 0), "%s", v.e.msg);
	ck_assert_int_eq(v.res.stats.stored, (long)NKINDS);
	ck_assert_msg(tu_locked_elsewhere(v.db), "the store's lock was dropped");
	env_free(&v);
}
END_TEST

/*
 * An older store (schema `version`) whose content hashes differ from this version's for
 * the record of bundle a: it is made so by ingesting a and changing the stored hash, as
 * the old version would have computed another. The rules read the hashes too, so the
 * first command that may write it, a review from the store alone, rehashes its records;
 * bundle b, which ships the same record written otherwise, then adds a duplicate and no
 * conflict. (A store that may not be written is read as it is: check_faults.)
 */
static void older_store_rehashed(int version, const char *a_name, const char *a_text,
				 const char *b_name, const char *b_text)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *a = tu_path(tmp, "a"),
	     *b = tu_path(tmp, "b");
	struct tu_proc p;
	char sql[320];
	sqlite3 *h;

	tu_write(a, a_name, a_text, -1);
	tu_write(b, b_name, b_text, -1);
	const char *ing_a[] = { "ingest", a, NULL }, *ing_b[] = { "ingest", b, NULL };
	ck_assert_msg(tu_run_cmd(&p, db, NULL, ing_a) == 0, "%s", p.err);
	tu_proc_free(&p);
	ck_assert_int_eq(tu_db_int(db, "PRAGMA user_version", NULL), STORE_SCHEMA_VERSION);
	/* with the index of the older versions, which did not end with the content hash */
	snprintf(sql, sizeof(sql), "UPDATE record SET content = content + 1;"
				   " DROP INDEX record_cid; CREATE INDEX record_cid ON"
				   " record(correlation_id, kind, ts, verdict, environment)"
				   " WHERE correlation_id IS NOT NULL; PRAGMA user_version = %d",
		 version);
	ck_assert_int_eq(sqlite3_open(db, &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	const char *review[] = { "review", "--date", "2026-11-28", NULL };
	tu_run_cmd(&p, db, tmp, review);
	ck_assert_msg(p.status == 0 || p.status == 1, "version %d: %s", version, p.err);
	tu_proc_free(&p);
	ck_assert_int_eq(tu_db_int(db, "PRAGMA user_version", NULL), STORE_SCHEMA_VERSION);
	ck_assert_int_eq(tu_db_int(db, "SELECT count(*) FROM sqlite_master WHERE name = 'record_cid'"
				       " AND sql LIKE '%environment, content)%'", NULL), 1);
	ck_assert_msg(tu_run_cmd(&p, db, NULL, ing_b) == 0, "%s", p.err);
	ck_assert_msg(strstr(p.out, "duplicates skipped 1") && strstr(p.out, "conflicts          0"),
		      "version %d: %s", version, p.out);
	tu_proc_free(&p);
	ck_assert_int_eq(tu_db_int(db, "PRAGMA user_version", NULL), STORE_SCHEMA_VERSION);
	ck_assert_int_eq(tu_db_int(db, "SELECT count(*) FROM conflict", NULL), 0);
	tu_rmrf(tmp);
	free(tmp), free(db), free(a), free(b);
}

/* Version 1 hashed numbers outside the quantities as numbers ("build": 7). */
START_TEST(test_version_1_store_rehashed)
{
	static const char line[] =
		"{\"kind\": \"heartbeat\", \"ts\": \"2026-11-28T10:00:00+08:00\", \"source\":"
		" \"hb\", \"seq\": 1, \"environment\": \"sim\", \"component\": \"execution\","
		" \"status\": \"ok\", \"build\": 7}\n";
	struct buf two = BUF_INIT;

	buf_addf(&two, "%s{\"kind\": \"heartbeat\", \"ts\": \"2026-11-28T10:00:10+08:00\","
		       " \"source\": \"hb\", \"seq\": 2, \"environment\": \"sim\","
		       " \"component\": \"execution\", \"status\": \"ok\", \"build\": 7}\n", line);
	older_store_rehashed(1, "hb.jsonl", line, "hb.jsonl", two.data);
	buf_release(&two);
}
END_TEST

/* Version 2 hashed a member that is null as a value: the record shipped again without
 * that member is a duplicate. */
START_TEST(test_version_2_store_rehashed)
{
	older_store_rehashed(2, "hb.jsonl",
			     "{\"kind\": \"heartbeat\", \"ts\": \"2026-11-28T10:00:00+08:00\","
			     " \"source\": \"hb\", \"seq\": 1, \"environment\": \"sim\","
			     " \"component\": \"execution\", \"status\": \"ok\","
			     " \"latency_ms\": null}\n",
			     "hb.yaml",
			     "kind: heartbeat\nts: \"2026-11-28T10:00:00+08:00\"\nsource: hb\n"
			     "seq: 1\nenvironment: sim\ncomponent: execution\nstatus: ok\n");
}
END_TEST

/* Version 3 compared a time as its instant in any member; the record shipped again with
 * its ts in another offset is still a duplicate once rehashed. */
START_TEST(test_version_3_store_rehashed)
{
	older_store_rehashed(3, "hb.jsonl",
			     "{\"kind\": \"heartbeat\", \"ts\": \"2026-11-28T10:00:00+08:00\","
			     " \"source\": \"hb\", \"seq\": 1, \"environment\": \"sim\","
			     " \"component\": \"execution\", \"status\": \"ok\"}\n",
			     "hb.yaml",
			     "kind: heartbeat\nts: 2026-11-28T02:00:00Z\nsource: hb\n"
			     "seq: 1\nenvironment: sim\ncomponent: execution\nstatus: ok\n");
}
END_TEST

/* Version 4 read a time in ISO 8601's basic format as text. */
START_TEST(test_version_4_store_rehashed)
{
	older_store_rehashed(4, "dep.yaml",
			     "kind: deployment\ndeployment_id: D1\nenvironment: sim\n"
			     "deployed_at: 2026-11-28T09:00:00+08:00\n"
			     "verification: {verified: true, verified_by: amy,"
			     " verified_at: 20261128T093000+0800}\n",
			     "dep.jsonl",
			     "{\"kind\": \"deployment\", \"deployment_id\": \"D1\","
			     " \"environment\": \"sim\", \"deployed_at\": \"2026-11-28T01:00:00Z\","
			     " \"verification\": {\"verified\": true, \"verified_by\": \"amy\","
			     " \"verified_at\": \"2026-11-28T09:30:00+08:00\"}}\n");
}
END_TEST

/* Version 6 read an ordinal date, a week date and a time to the hour as text. */
START_TEST(test_version_6_store_rehashed)
{
	older_store_rehashed(6, "dep.yaml",
			     "kind: deployment\ndeployment_id: D1\nenvironment: sim\n"
			     "deployed_at: 2026-11-28T09:00:00+08:00\n"
			     "verification: {verified: true, verified_by: amy,"
			     " verified_at: 2026-332T09:30+08:00}\n"
			     "gate: {checked_at: 2026-W48-6T09+08:00}\n",
			     "dep.jsonl",
			     "{\"kind\": \"deployment\", \"deployment_id\": \"D1\","
			     " \"environment\": \"sim\", \"deployed_at\": \"2026-11-28T01:00:00Z\","
			     " \"verification\": {\"verified\": true, \"verified_by\": \"amy\","
			     " \"verified_at\": \"2026-11-28T09:30:00+08:00\"},"
			     " \"gate\": {\"checked_at\": \"2026-11-28T01:00:00.000000000Z\"}}\n");
}
END_TEST

/* Version 7 hashed a blank string, an empty list and a change's default false as
 * values. */
START_TEST(test_version_7_store_rehashed)
{
	older_store_rehashed(7, "c.jsonl",
			     "{\"kind\": \"change\", \"change_id\": \"C1\", \"type\": \"config\","
			     " \"environment\": \"sim\", \"applied_at\": \"2026-11-28T20:00:00+08:00\","
			     " \"description\": \"d\", \"audit_ref\": \"\", \"repair\": false}\n",
			     "c.yaml",
			     "kind: change\nchange_id: C1\ntype: config\nenvironment: sim\n"
			     "applied_at: 2026-11-28T12:00:00Z\ndescription: d\nreviewers: []\n"
			     "strategy_expansion: false\n");
}
END_TEST

/* A bundle `src` of one heartbeat. */
static void one_heartbeat(const char *src)
{
	tu_write(src, "hb.jsonl",
		 "{\"kind\": \"heartbeat\", \"ts\": \"2026-11-28T10:00:00+08:00\", \"source\":"
		 " \"hb\", \"seq\": 1, \"environment\": \"sim\", \"component\": \"execution\","
		 " \"status\": \"ok\"}\n", -1);
}

/* The store db holding that bundle, ingested. */
static void store_one_heartbeat(const char *db, const char *src)
{
	const char *ing[] = { "ingest", src, NULL };
	struct tu_proc p;

	one_heartbeat(src);
	ck_assert_int_eq(tu_run_cmd(&p, db, NULL, ing), 0);
	tu_proc_free(&p);
}

/* An SQLite file of another program is not taken over: one with tables, and one with
 * none yet that the program has marked as its own (an application_id, a user_version).
 * Each is refused (exit 4) and left as it was; the file that was taken over had its
 * application_id overwritten and the store's schema created in it. */
START_TEST(test_foreign_sqlite_files_are_left_alone)
{
	static const char *const setups[] = {
		"CREATE TABLE t (x); PRAGMA application_id = 1234567",
		"PRAGMA application_id = 1234567",
		"PRAGMA user_version = 2",
	};
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "other.db"), *src = tu_path(tmp, "b");
	struct tu_proc p;

	one_heartbeat(src);
	for (size_t i = 0; i < sizeof(setups) / sizeof(setups[0]); i++) {
		sqlite3 *h;
		long app, version, tables;
		const char *ing[] = { "ingest", src, NULL };

		unlink(db);
		ck_assert_int_eq(sqlite3_open(db, &h), SQLITE_OK);
		ck_assert_int_eq(sqlite3_exec(h, setups[i], NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(h);
		app = tu_db_int(db, "PRAGMA application_id", NULL);
		version = tu_db_int(db, "PRAGMA user_version", NULL);
		tables = tu_db_int(db, "SELECT count(*) FROM sqlite_master", NULL);
		ck_assert_int_eq(tu_run_cmd(&p, db, NULL, ing), 4);
		ck_assert_msg(strstr(p.err, "not a taits-audit store (an SQLite file of something"
					    " else"), "%s: %s", setups[i], p.err);
		tu_proc_free(&p);
		ck_assert_int_eq(tu_db_int(db, "PRAGMA application_id", NULL), app);
		ck_assert_int_eq(tu_db_int(db, "PRAGMA user_version", NULL), version);
		ck_assert_int_eq(tu_db_int(db, "SELECT count(*) FROM sqlite_master", NULL), tables);
	}
	tu_rmrf(tmp);
	free(tmp), free(db), free(src);
}
END_TEST

/* A store damaged where SQLite keeps its schema: exit 4, SQLite's word for it said once. */
START_TEST(test_damaged_store_said_once)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *src = tu_path(tmp, "b");
	const char *rev[] = { "review", "--date", "2026-11-28", "--format", "xml", NULL };
	struct tu_proc p;
	char junk[3000];
	FILE *fp;

	store_one_heartbeat(db, src);
	memset(junk, 7, sizeof(junk));
	ck_assert_ptr_nonnull(fp = fopen(db, "r+b"));
	ck_assert_int_eq(fseek(fp, 100, SEEK_SET), 0); /* past the header: the schema's page */
	ck_assert_int_eq(fwrite(junk, 1, sizeof(junk), fp), sizeof(junk));
	fclose(fp);
	ck_assert_int_eq(tu_run_cmd(&p, db, tmp, rev), 4);
	ck_assert_msg(strstr(p.err, "database disk image is malformed\n"), "%s", p.err);
	ck_assert_msg(!strstr(p.err, "malformed: database"), "said twice: %s", p.err);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(db), free(src);
}
END_TEST

/* A page found damaged mid-run, not on opening the store (a table's page zeroed): exit 4,
 * and the message names the store, as one about opening it does (CLI.md: messages name
 * the file at fault). */
START_TEST(test_damage_found_mid_run_names_the_store)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *src = tu_path(tmp, "b");
	const char *rev[] = { "review", "--date", "2026-11-28", "--format", "xml", NULL };
	struct tu_proc p;
	char zeros[16384], *named;
	long page, size;
	FILE *fp;

	store_one_heartbeat(db, src);
	page = tu_db_int(db, "SELECT rootpage FROM sqlite_master WHERE name = 'file_time'", NULL);
	size = tu_db_int(db, "PRAGMA page_size", NULL);
	ck_assert_int_gt(page, 1);
	ck_assert_int_le(size, (long)sizeof(zeros));
	memset(zeros, 0, sizeof(zeros));
	ck_assert_ptr_nonnull(fp = fopen(db, "r+b"));
	ck_assert_int_eq(fseek(fp, (page - 1) * size, SEEK_SET), 0);
	ck_assert_int_eq(fwrite(zeros, 1, (size_t)size, fp), (size_t)size);
	fclose(fp);
	ck_assert_int_eq(tu_run_cmd(&p, db, tmp, rev), 4);
	struct buf b = BUF_INIT;
	buf_addf(&b, "taits-audit: review: '%s': ", db);
	named = buf_detach(&b);
	ck_assert_msg(strstr(p.err, named) && strstr(p.err, "malformed"), "%s", p.err);
	free(named);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(db), free(src);
}
END_TEST

/* A run that fails midway leaves the store exactly as it was. */
START_TEST(test_failed_run_changes_nothing)
{
	struct env v;
	size_t n1, n2;
	char *before, *after;
	struct buf text = BUF_INIT;

	env_init(&v);
	tu_write(v.bundle, "first.jsonl", kinds_jsonl[13], -1);
	ck_assert_msg(!ingest(&v, 0), "%s", v.e.msg);
	store_close(v.st);
	v.st = NULL;
	before = tu_read(v.db, &n1);

	for (int i = 0; i < 50; i++)
		buf_addf(&text, "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-03T09:00:%02dZ\",\"source\":\"hb\",\"seq\":%d}\n",
			 i, i + 1);
	tu_write(v.bundle, "second.jsonl", text.data, -1);
	setenv("TAITS_AUDIT_FAULT", "store.record:30", 1);
	ck_assert_int_eq(ingest(&v, 0), -1);
	ck_assert_int_eq(v.e.status, EXIT_STORE);
	ck_assert_msg(strstr(v.e.msg, "injected fault"), "%s", v.e.msg);
	unsetenv("TAITS_AUDIT_FAULT");
	store_close(v.st);
	v.st = NULL;
	after = tu_read(v.db, &n2);
	ck_assert_msg(n1 == n2 && !memcmp(before, after, n1), "a failed run changed the store");
	{
		char *journal = tu_path(v.tmp, "s.db-journal");
		ck_assert_msg(!tu_exists(journal), "a journal was left behind");
		free(journal);
	}
	/* and the next run succeeds */
	ck_assert_msg(!ingest(&v, 0), "%s", v.e.msg);
	ck_assert_int_eq(v.res.stats.stored, 50);
	free(before), free(after);
	buf_release(&text);
	env_free(&v);
}
END_TEST

/* A rejection on stderr names the file as it can be opened: two nights' bundles given to
 * one run share their paths (events/flow.jsonl), and a file given alone is named as
 * given, not by its base name. */
START_TEST(test_rejection_names_the_file_as_given)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *d1 = tu_path(tmp, "d1"),
	     *d2 = tu_path(tmp, "d2"), *alone = tu_path(tmp, "d1/events/flow.jsonl");
	struct buf want = BUF_INIT;
	struct tu_proc p;

	tu_write(d1, "events/flow.jsonl", "{\"kind\":\"x\"}\n", -1);
	tu_write(d2, "events/flow.jsonl", "{\"kind\":\"y\"}\n", -1);
	const char *both[] = { "taits-audit", "ingest", "--db", db, d1, d2, NULL };
	ck_assert_int_eq(tu_run(&p, both), 0);
	for (int k = 1; k <= 2; k++) {
		buf_reset(&want);
		buf_addf(&want, "ingest: '%s/events/flow.jsonl':1: field 'kind': unknown kind '%c'",
			 k == 1 ? d1 : d2, k == 1 ? 'x' : 'y');
		ck_assert_msg(strstr(p.err, want.data), "no \"%s\" in:\n%s", want.data, p.err);
	}
	tu_proc_free(&p);
	tu_write(d1, "events/flow.jsonl", "{\"kind\":\"z\"}\n", -1);
	const char *one[] = { "taits-audit", "ingest", "--db", db, alone, NULL };
	ck_assert_int_eq(tu_run(&p, one), 0);
	buf_reset(&want);
	buf_addf(&want, "ingest: '%s':1: field 'kind'", alone);
	ck_assert_msg(strstr(p.err, want.data), "no \"%s\" in:\n%s", want.data, p.err);
	tu_proc_free(&p);
	buf_release(&want);
	tu_rmrf(tmp);
	free(tmp), free(db), free(d1), free(d2), free(alone);
}
END_TEST

/* --quiet prints nothing but errors, and a rejected record is one: the nightly job that
 * runs quiet still learns which line of which file was not read, and why. */
START_TEST(test_quiet_still_names_rejections)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *bundle = tu_path(tmp, "b");
	struct tu_proc p;

	tu_write(bundle, "flow.jsonl",
		 "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T09:00:00+08:00\",\"source\":\"s\","
		 "\"seq\":1,\"environment\":\"sim\",\"component\":\"execution\",\"status\":\"ok\"}\n"
		 "{\"kind\":\"x\"}\n", -1);
	const char *ingest[] = { "taits-audit", "ingest", "--quiet", "--db", db, bundle, NULL };
	ck_assert_int_eq(tu_run(&p, ingest), 0);
	ck_assert_str_eq(p.out, "");
	ck_assert_msg(strstr(p.err, "/flow.jsonl':2: field 'kind': unknown kind 'x'") &&
			      !strstr(p.err, "records stored"),
		      "%s", p.err);
	tu_proc_free(&p);
	tu_rmrf(tmp);
	free(tmp), free(db), free(bundle);
}
END_TEST

/* What the command prints: counts per kind, duplicates, conflicts, rejections with file,
 * line, field and reason. */
START_TEST(test_cli_output)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *bundle = tu_path(tmp, "b");
	struct tu_proc p;
	struct buf text = BUF_INIT;

	buf_addf(&text, "%s\n%s\n{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T09:00:00\",\"source\":\"x\",\"seq\":1}\n",
		 kinds_jsonl[13], kinds_jsonl[12]);
	tu_write(bundle, "day/events.jsonl", text.data, -1);
	const char *argv[] = { "taits-audit", "ingest", "--db", db, bundle, NULL };
	ck_assert_int_eq(tu_run(&p, argv), 0);
	ck_assert_msg(strstr(p.out, "heartbeat 1") && strstr(p.out, "kill_switch 1"), "%s", p.out);
	ck_assert_msg(strstr(p.out, "rejected records   1"), "%s", p.out);
	ck_assert_msg(strstr(p.err, "/day/events.jsonl':3: field 'ts': no UTC offset"), "%s",
		      p.err);
	tu_proc_free(&p);
	ck_assert_int_eq(tu_run(&p, argv), 0);
	ck_assert_msg(strstr(p.out, "records stored     0") && strstr(p.out, "1 already in the store"),
		      "%s", p.out);
	tu_proc_free(&p);
	const char *bad[] = { "taits-audit", "ingest", "--db", db, "--bogus", bundle, NULL };
	ck_assert_int_eq(tu_run(&p, bad), 2);
	tu_proc_free(&p);
	const char *missing[] = { "taits-audit", "ingest", "--db", db, "/nonexistent/bundle", NULL };
	ck_assert_int_eq(tu_run(&p, missing), 3);
	ck_assert_msg(strstr(p.err, "/nonexistent/bundle"), "%s", p.err);
	tu_proc_free(&p);
	buf_release(&text);
	tu_rmrf(tmp);
	free(tmp), free(db), free(bundle);
}
END_TEST

/* The files ingest counts add up to the files it saw, manifest and files not read
 * included, on a first run and on a second that finds them all stored. */
START_TEST(test_file_counts_add_up)
{
	static const long want[2][5] = { { 24, 22, 0, 1, 1 }, { 24, 0, 23, 1, 0 } };
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *src = tu_src("samples/bad-day");
	const char *argv[] = { "taits-audit", "ingest", "--db", db, src, NULL };
	struct tu_proc p;

	for (int run = 0; run < 2; run++) {
		long n[5];
		ck_assert_int_eq(tu_run(&p, argv), 0);
		ck_assert_msg(sscanf(p.out, "ingest: %ld files: %ld read, %ld already in the store,"
					    " %ld manifest%*[s ]checked, %ld not read", &n[0], &n[1],
				     &n[2], &n[3], &n[4]) == 5, "%s", p.out);
		for (int k = 0; k < 5; k++)
			ck_assert_msg(n[k] == want[run][k], "run %d, count %d: %ld, want %ld\n%s",
				      run, k, n[k], want[run][k], p.out);
		ck_assert_int_eq(n[1] + n[2] + n[3] + n[4], n[0]);
		tu_proc_free(&p);
	}
	tu_rmrf(tmp);
	free(tmp), free(db), free(src);
}
END_TEST

/* The manifest is looked up by path through sorted indexes: a name the walk lists in
 * another order than strcmp ("a.b" after "a/..."), a path listed twice (the same: no
 * fault; another SHA-256: a difference), and the facts still in manifest order. */
START_TEST(test_manifest_lookup_order)
{
	struct env v;
	char h[65], other[65];
	struct buf m = BUF_INIT;

	env_init(&v);
	tu_write(v.bundle, "a.b.jsonl", kinds_jsonl[13], -1);
	tu_write(v.bundle, "a/x.jsonl", kinds_jsonl[13], -1);
	tu_write(v.bundle, "z.txt", "unlisted\n", -1);
	tu_sha256_hex(kinds_jsonl[13], strlen(kinds_jsonl[13]), h);
	buf_addf(&m, "%s  a/x.jsonl\n%s  a.b.jsonl\n%s  ./a//x.jsonl\n%s  a/gone.jsonl\n", h, h, h,
		 h);
	memcpy(other, h, sizeof(other));
	other[63] = h[63] == '0' ? '1' : '0';
	buf_addf(&m, "%s  a.b.jsonl\n%s  a/x.jsonl\n%s  a/gone.jsonl\n", h, other, h);
	tu_write(v.bundle, "SHA256SUMS", m.data, -1);
	ck_assert_msg(!ingest(&v, 0), "%s", v.e.msg);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM integrity WHERE rule = 'LOG-MANIFEST'"), 3);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM integrity WHERE manifest_line IN (3, 5, 7)"),
			 0);
	ck_assert_int_eq(q_int(&v, "SELECT manifest_line FROM integrity"
				   " WHERE args LIKE '%SHA-256 differs%' AND args LIKE '%a/x.jsonl%'"), 6);
	ck_assert_int_eq(q_int(&v, "SELECT manifest_line FROM integrity"
				   " WHERE args LIKE '%listed file missing%'"), 4);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM integrity i JOIN input_file f"
				   " ON f.id = i.file_id WHERE f.path = 'z.txt'"
				   " AND i.args LIKE '%file not listed%'"), 1);
	/* in manifest order, then the unlisted file */
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM integrity a JOIN integrity b"
				   " ON a.id < b.id WHERE a.manifest_line > b.manifest_line"
				   " AND b.manifest_line > 0"), 0);
	buf_release(&m);
	env_free(&v);
}
END_TEST

/* More records than the bucket list holds, rotating over six days (too many to be caught
 * as repeats of the last few), then one record on another day: that day still finds the
 * file. */
START_TEST(test_time_buckets_repeat_past_the_limit)
{
	struct env v;
	struct buf text = BUF_INIT;
	long seq[6] = { 0 };

	env_init(&v);
	for (int i = 0; i < 100002; i++)
		buf_addf(&text, "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-0%dT09:00:00Z\","
			 "\"source\":\"hb%d\",\"seq\":%ld}\n", 1 + i % 6, i % 6, ++seq[i % 6]);
	buf_addf(&text, "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-20T09:00:00Z\","
		 "\"source\":\"late\",\"seq\":1}\n");
	tu_write(v.bundle, "hb.jsonl", text.data, -1);
	ck_assert_msg(!ingest(&v, 0), "%s", v.e.msg);
	ck_assert_int_eq(v.res.stats.stored, 100003);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM file_time"), 7);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM file_time WHERE bucket ="
				   " CAST(strftime('%s', '2026-11-20T09:00:00') AS INTEGER) / 900"), 1);
	buf_release(&text);
	env_free(&v);
}
END_TEST

/* Writes years.jsonl in dir: 100,001 events of `kind`, one a quarter-hour from
 * 2026-01-01, each in a quarter-hour of its own (one more than a file's list holds). */
static void write_quarter_hours(const char *dir, const char *kind)
{
	struct buf text = BUF_INIT;
	char ts[64];

	for (long i = 0; i <= 100000; i++) {
		time_t t = (time_t)1767225600 + (time_t)i * 900;
		strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
		buf_addf(&text, "{\"kind\":\"%s\",\"ts\":\"%s\",\"source\":\"hb\","
			 "\"seq\":%ld}\n", kind, ts, i + 1);
	}
	tu_write(dir, "years.jsonl", text.data, -1);
	buf_release(&text);
}

/* Records in more distinct quarter-hours than the list holds: the ingest fails and says
 * why, rather than leave the file out of some day's review. */
START_TEST(test_time_buckets_over_the_limit)
{
	struct env v;

	env_init(&v);
	write_quarter_hours(v.bundle, "heartbeat");
	ck_assert_int_eq(ingest(&v, 0), -1);
	ck_assert_int_eq(v.e.status, EXIT_IO);
	ck_assert_msg(strstr(v.e.msg, "more than 100000 quarter-hours"), "%s", v.e.msg);
	ck_assert_int_eq(v.e.line, 100001);
	env_free(&v);
}
END_TEST

/* Rejected lines date the days that cover their file, but never refuse it: past the
 * limit of quarter-hours, a rejected line's time is left out. */
START_TEST(test_time_buckets_of_rejected_lines)
{
	struct env v;

	env_init(&v);
	write_quarter_hours(v.bundle, "heartbeet"); /* an unknown kind: each line rejected */
	ck_assert_msg(!ingest(&v, 0), "%s", v.e.msg);
	ck_assert_int_eq(v.res.stats.rejected, 100001);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM file_time"), 100000);
	env_free(&v);
}
END_TEST

/* A log file's extension is read in any case (a bundle written where case folds): OPS.JSONL
 * and a checklist .YML are read, an .Ndjson too; a .json file is still not a log file. */
START_TEST(test_extensions_in_any_case)
{
	struct env v;

	env_init(&v);
	tu_write(v.bundle, "OPS.JSONL",
		 "{\"kind\": \"heartbeat\", \"ts\": \"2026-11-28T10:00:00+08:00\", \"source\":"
		 " \"hb\", \"seq\": 1, \"environment\": \"sim\", \"component\": \"execution\","
		 " \"status\": \"ok\"}\n", -1);
	tu_write(v.bundle, "more.Ndjson",
		 "{\"kind\": \"heartbeat\", \"ts\": \"2026-11-28T10:00:10+08:00\", \"source\":"
		 " \"hb2\", \"seq\": 1, \"environment\": \"sim\", \"component\": \"execution\","
		 " \"status\": \"ok\"}\n", -1);
	tu_write(v.bundle, "CHECKLIST.YML",
		 "kind: checklist\nchecklist_id: CHK-SIM-20261128\ndate: 2026-11-28\n"
		 "environment: sim\nrun_mode: observe_only\noperator: a\n"
		 "completed_at: 2026-11-28T08:00:00+08:00\n", -1);
	tu_write(v.bundle, "notes.json", "{}\n", -1);
	ck_assert_msg(!ingest(&v, 0), "%s", v.e.msg);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM record"), 3);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM input_file WHERE format = 'jsonl'"), 2);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM input_file WHERE format = 'yaml'"), 1);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM input_file WHERE format = 'other'"
				   " AND path = 'notes.json'"), 1);
	env_free(&v);
}
END_TEST

/* A symbolic link named as PATH is followed (the file is stored under its target's
 * name); a link inside a bundle still is not. */
START_TEST(test_symlinked_path_argument)
{
	struct env v;
	char *target, *link;

	env_init(&v);
	tu_write(v.bundle, "day/real.jsonl", kinds_jsonl[13], -1);
	target = tu_path(v.bundle, "day/real.jsonl");
	link = tu_path(v.tmp, "link.jsonl");
	ck_assert_int_eq(symlink(target, link), 0);
	{
		char *inner = tu_path(v.bundle, "day/inner.jsonl");
		ck_assert_int_eq(symlink("real.jsonl", inner), 0);
		free(inner);
	}
	free(v.bundle);
	v.bundle = link;
	ck_assert_msg(!ingest(&v, 0), "%s", v.e.msg);
	ck_assert_int_eq(v.res.stats.stored, 1);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM input_file WHERE path = 'real.jsonl'"
				   " AND format = 'jsonl'"), 1);
	v.bundle = tu_path(v.tmp, "bundle");
	ck_assert_msg(!ingest(&v, 0), "%s", v.e.msg);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM input_file WHERE path = 'day/inner.jsonl'"
				   " AND format = 'other' AND note LIKE 'symbolic link%'"), 1);
	free(link);
	free(target);
	env_free(&v);
}
END_TEST

/* SHA256SUMS need not list a symbolic link or a special file: neither is followed or
 * read, so no record comes from them. An unlisted regular file still is a finding. */
START_TEST(test_manifest_skips_links_and_special_files)
{
	struct env v;
	char h[65], *path;
	struct buf m = BUF_INIT;

	env_init(&v);
	tu_write(v.bundle, "a.jsonl", kinds_jsonl[13], -1);
	tu_sha256_hex(kinds_jsonl[13], strlen(kinds_jsonl[13]), h);
	buf_addf(&m, "%s  a.jsonl\n", h);
	tu_write(v.bundle, "SHA256SUMS", m.data, -1);
	path = tu_path(v.bundle, "link.jsonl");
	ck_assert_int_eq(symlink("a.jsonl", path), 0);
	free(path);
	path = tu_path(v.bundle, "dangling.yaml");
	ck_assert_int_eq(symlink("missing.yaml", path), 0);
	free(path);
	path = tu_path(v.bundle, "pipe.jsonl");
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	free(path);
	ck_assert_msg(!ingest(&v, 0), "%s", v.e.msg);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM input_file WHERE note IS NOT NULL"
				   " AND format = 'other'"), 3);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM integrity WHERE rule = 'LOG-MANIFEST'"), 0);
	/* the same with a regular file left out */
	tu_write(v.bundle, "notes.txt", "unlisted\n", -1);
	ck_assert_msg(!ingest(&v, 0), "%s", v.e.msg);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM integrity WHERE rule = 'LOG-MANIFEST'"), 1);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM integrity i JOIN input_file f"
				   " ON f.id = i.file_id WHERE f.path = 'notes.txt'"
				   " AND i.args LIKE '%file not listed%'"), 1);
	buf_release(&m);
	env_free(&v);
}
END_TEST

/* A symbolic link listed in SHA256SUMS is checked as sha256sum checks it, against the
 * bytes of the regular file it points to: the right SHA-256 is no finding, another one
 * differs; a link to nothing or to a FIFO is not a regular file (and the FIFO is never
 * waited on). The links are still not read for records. */
START_TEST(test_manifest_checks_a_listed_link_by_its_target)
{
	struct env v;
	char h[65], *path;
	struct buf m = BUF_INIT;

	env_init(&v);
	tu_write(v.bundle, "a.jsonl", kinds_jsonl[13], -1);
	tu_sha256_hex(kinds_jsonl[13], strlen(kinds_jsonl[13]), h);
	buf_addf(&m, "%s  a.jsonl\n%s  link.jsonl\n", h, h);
	char wrong[65];
	memcpy(wrong, h, sizeof(wrong));
	wrong[63] = wrong[63] == '0' ? '1' : '0';
	buf_addf(&m, "%s  wrong.jsonl\n", wrong);
	buf_addf(&m, "%s  dangling.jsonl\n%s  tofifo.jsonl\n", h, h);
	tu_write(v.bundle, "SHA256SUMS", m.data, -1);
	static const char *const links[][2] = {
		{ "a.jsonl", "link.jsonl" },
		{ "a.jsonl", "wrong.jsonl" },
		{ "missing.jsonl", "dangling.jsonl" },
		{ "pipe", "tofifo.jsonl" },
	};
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		path = tu_path(v.bundle, links[i][1]);
		ck_assert_int_eq(symlink(links[i][0], path), 0);
		free(path);
	}
	path = tu_path(v.bundle, "pipe");
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	free(path);
	ck_assert_msg(!ingest(&v, 0), "%s", v.e.msg);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM record"), 1);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM integrity WHERE rule = 'LOG-MANIFEST'"), 3);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM integrity i JOIN input_file f"
				   " ON f.id = i.file_id WHERE f.path = 'link.jsonl'"), 0);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM integrity i JOIN input_file f"
				   " ON f.id = i.file_id WHERE f.path = 'wrong.jsonl'"
				   " AND i.args LIKE '%SHA-256 differs%'"), 1);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM integrity i JOIN input_file f"
				   " ON f.id = i.file_id WHERE f.path IN ('dangling.jsonl', 'tofifo.jsonl')"
				   " AND i.args LIKE '%not a regular file%'"), 2);
	/* the FIFO itself, unlisted, is no regular file: no finding */
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM integrity i JOIN input_file f"
				   " ON f.id = i.file_id WHERE f.path = 'pipe'"), 0);
	buf_release(&m);
	env_free(&v);
}
END_TEST

/* Past the number of sources one file tracks, the records left unchecked for gaps and
 * time order are counted and said. */
START_TEST(test_untracked_sources_said)
{
	char *tmp = tu_tmpdir(), *db = tu_path(tmp, "s.db"), *bundle = tu_path(tmp, "b");
	struct tu_proc p;
	struct buf text = BUF_INIT;

	for (int i = 0; i < 65538; i++)
		buf_addf(&text, "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T09:00:00Z\","
			 "\"source\":\"s%d\",\"seq\":1}\n", i);
	buf_addf(&text, "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T09:00:00Z\","
		 "\"source\":\"s65537\",\"seq\":5}\n");
	tu_write(bundle, "many.jsonl", text.data, -1);
	const char *argv[] = { "taits-audit", "ingest", "--db", db, bundle, NULL };
	ck_assert_int_eq(tu_run(&p, argv), 0);
	ck_assert_msg(strstr(p.err, "/many.jsonl': more than 65536 sources: 3 records"),
		      "%s", p.err);
	tu_proc_free(&p);
	buf_release(&text);
	tu_rmrf(tmp);
	free(tmp), free(db), free(bundle);
}
END_TEST

/* prev_sha256 is lowercase hex (INPUT.md): the right digest in upper case breaks the
 * chain. */
START_TEST(test_hash_chain_lowercase)
{
	struct env v;
	const char *l1 = "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T09:00:00Z\",\"source\":\"hb\",\"seq\":1}";
	char h1[65];
	struct buf text = BUF_INIT;

	env_init(&v);
	tu_sha256_hex(l1, strlen(l1), h1);
	buf_addf(&text, "%s\n", l1);
	buf_addf(&text, "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T09:00:30Z\",\"source\":\"hb\",\"seq\":2,\"prev_sha256\":\"%s\"}\n", h1);
	for (char *c = h1; *c; c++)
		*c = (char)toupper((unsigned char)*c);
	buf_addf(&text, "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T09:01:00Z\",\"source\":\"hb\",\"seq\":3,\"prev_sha256\":\"%s\"}\n", h1);
	tu_write(v.bundle, "hb.jsonl", text.data, -1);
	ck_assert_msg(!ingest(&v, 0), "%s", v.e.msg);
	ck_assert_int_eq(q_int(&v, "SELECT count(*) FROM integrity WHERE rule = 'LOG-HASH-CHAIN'"), 1);
	ck_assert_int_eq(q_int(&v, "SELECT line FROM integrity WHERE rule = 'LOG-HASH-CHAIN'"
				   " AND args LIKE '%does not match%'"), 3);
	buf_release(&text);
	env_free(&v);
}
END_TEST

/* A source numbering a new day afresh (seq 41 at 07:00, then 1 at 09:00 Taipei time: one
 * Taipei day, two UTC days) is judged in the review's time zone, not the one the store was
 * ingested under: the same review of the same bundle says the same whatever the store's
 * history. */
START_TEST(test_restart_judged_by_the_review)
{
	char *tmp = tu_tmpdir(), *bundle = tu_path(tmp, "b"), *utc = tu_path(tmp, "utc.yaml");
	char *taipei_db = tu_path(tmp, "taipei.db"), *utc_db = tu_path(tmp, "utc.db");
	char *out = tu_path(tmp, "out");
	struct tu_proc p;

	tu_write(bundle, "hb.jsonl",
		 "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-27T07:00:00+08:00\",\"source\":\"mon\","
		 "\"seq\":41,\"environment\":\"live\",\"component\":\"audit_log\",\"status\":\"ok\"}\n"
		 "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-27T09:00:00+08:00\",\"source\":\"mon\","
		 "\"seq\":1,\"environment\":\"live\",\"component\":\"audit_log\",\"status\":\"ok\"}\n",
		 -1);
	tu_write(tmp, "utc.yaml", "timezone: UTC\n", -1);
	{
		const char *plain[] = { "ingest", bundle, NULL };
		const char *in_utc[] = { "ingest", "--config", utc, bundle, NULL };
		ck_assert_int_eq(tu_run_cmd(&p, taipei_db, NULL, plain), 0);
		tu_proc_free(&p);
		ck_assert_int_eq(tu_run_cmd(&p, utc_db, NULL, in_utc), 0);
		tu_proc_free(&p);
	}
	{
		/* a review in UTC: a restart, no finding, whichever zone the ingest had */
		const char *as_utc[] = { "--config", utc, "--format", "xml", NULL };
		const char *as_taipei[] = { "--format", "xml", NULL };
		ck_assert_msg(tu_review(&p, taipei_db, out, "2026-11-27", NULL, as_utc) == 0, "%s",
			      p.err);
		tu_proc_free(&p);
		ck_assert_msg(tu_review(&p, utc_db, out, "2026-11-27", NULL, as_utc) == 0, "%s",
			      p.err);
		tu_proc_free(&p);
		/* in Taipei time: one day, a step back, whichever zone the ingest had */
		ck_assert_int_eq(tu_review(&p, utc_db, out, "2026-11-27", NULL, as_taipei), 1);
		ck_assert_msg(strstr(p.err, "findings 1: critical 0, major 1"), "%s", p.err);
		tu_proc_free(&p);
		ck_assert_int_eq(tu_review(&p, taipei_db, out, "2026-11-27", NULL, as_taipei), 1);
		tu_proc_free(&p);
	}
	free(out), free(utc_db), free(taipei_db), free(utc), free(bundle);
	tu_rmrf(tmp);
	free(tmp);
}
END_TEST

/* Every command that ingests names the first 20 rejected records, then counts the rest. */
START_TEST(test_rejection_lines_limited)
{
	char *tmp = tu_tmpdir(), *bundle = tu_path(tmp, "b");
	struct buf text = BUF_INIT;
	static const char *const commands[] = { "ingest", "review", "unfreeze", "report" };
	struct tu_proc p;

	for (int i = 0; i < 25; i++)
		buf_addf(&text, "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T09:00:%02d\","
			 "\"source\":\"x\",\"seq\":%d}\n", i, i + 1);
	tu_write(bundle, "day/events.jsonl", text.data, -1);
	for (size_t c = 0; c < sizeof(commands) / sizeof(commands[0]); c++) {
		char name[32];
		snprintf(name, sizeof(name), "%s.db", commands[c]);
		char *db = tu_path(tmp, name);
		const char *argv[16] = { "taits-audit", commands[c], "--db", db };
		int n = 4;
		if (c > 0) {
			argv[n++] = "--out";
			argv[n++] = tmp;
			argv[n++] = "--format";
			argv[n++] = "xml";
		}
		if (c == 1) {
			argv[n++] = "--date";
			argv[n++] = "2026-11-02";
		} else if (c == 2) {
			argv[n++] = "--freeze";
			argv[n++] = "F-1";
		} else if (c == 3) {
			argv[n++] = "--from";
			argv[n++] = "2026-11-02";
			argv[n++] = "--to";
			argv[n++] = "2026-11-02";
		}
		argv[n++] = bundle;
		argv[n] = NULL;
		tu_run(&p, argv);
		ck_assert_msg(tu_count(p.err, "field 'ts': no UTC offset") == 20, "%s: %s", commands[c],
			      p.err);
		ck_assert_msg(tu_count(p.err, "ingest: ... and 5 more rejected records\n") == 1,
			      "%s: %s", commands[c], p.err);
		tu_proc_free(&p);
		free(db);
	}
	{
		/* exactly 20: each named, and no count of 0 more after them */
		char *twenty = tu_path(tmp, "twenty"), *db = tu_path(tmp, "twenty.db");
		const char *argv[] = { "taits-audit", "ingest", "--db", db, twenty, NULL };
		buf_reset(&text);
		for (int i = 0; i < 20; i++)
			buf_addf(&text, "{\"kind\":\"heartbeat\",\"ts\":\"2026-11-02T09:00:%02d\","
				 "\"source\":\"x\",\"seq\":%d}\n", i, i + 1);
		tu_write(twenty, "events.jsonl", text.data, -1);
		tu_run(&p, argv);
		ck_assert_int_eq(tu_count(p.err, "field 'ts': no UTC offset"), 20);
		ck_assert_msg(!strstr(p.err, "more rejected records"), "%s", p.err);
		tu_proc_free(&p);
		free(twenty), free(db);
	}
	buf_release(&text);
	tu_rmrf(tmp);
	free(tmp), free(bundle);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("ingest");
	TCase *tc = tcase_create("ingest");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_every_kind_jsonl);
	tcase_add_test(tc, test_every_kind_yaml);
	tcase_add_test(tc, test_rejection_reasons);
	tcase_add_test(tc, test_rejection_names_the_file_as_given);
	tcase_add_test(tc, test_quiet_still_names_rejections);
	tcase_add_test(tc, test_ingest_adds_missing_indexes);
	tcase_add_test(tc, test_rejection_reason_quotes_long_values);
	tcase_add_test(tc, test_rejection_bytes);
	tcase_add_test(tc, test_yaml_rejections);
	tcase_add_test(tc, test_idempotent);
	tcase_add_test(tc, test_duplicates_and_conflicts);
	tcase_add_test(tc, test_same_content);
	tcase_add_test(tc, test_manifest);
	tcase_add_test(tc, test_manifest_given_alone);
	tcase_add_test(tc, test_manifest_of_a_file_stored_before);
	tcase_add_test(tc, test_manifest_given_alone_then_bundle_adding_nothing);
	tcase_add_test(tc, test_store_inside_bundle);
	tcase_add_test(tc, test_hash_chain_and_sequence);
	tcase_add_test(tc, test_bom_crlf_no_final_newline);
	tcase_add_test(tc, test_files_hashed_as_read);
	tcase_add_test(tc, test_wal_store_keeps_its_lock);
	tcase_add_test(tc, test_version_1_store_rehashed);
	tcase_add_test(tc, test_version_2_store_rehashed);
	tcase_add_test(tc, test_version_3_store_rehashed);
	tcase_add_test(tc, test_version_4_store_rehashed);
	tcase_add_test(tc, test_version_6_store_rehashed);
	tcase_add_test(tc, test_version_7_store_rehashed);
	tcase_add_test(tc, test_file_counts_add_up);
	tcase_add_test(tc, test_failed_run_changes_nothing);
	tcase_add_test(tc, test_foreign_sqlite_files_are_left_alone);
	tcase_add_test(tc, test_damaged_store_said_once);
	tcase_add_test(tc, test_damage_found_mid_run_names_the_store);
	tcase_add_test(tc, test_cli_output);
	tcase_add_test(tc, test_manifest_lookup_order);
	tcase_add_test(tc, test_time_buckets_repeat_past_the_limit);
	tcase_add_test(tc, test_time_buckets_over_the_limit);
	tcase_add_test(tc, test_time_buckets_of_rejected_lines);
	tcase_add_test(tc, test_extensions_in_any_case);
	tcase_add_test(tc, test_symlinked_path_argument);
	tcase_add_test(tc, test_manifest_skips_links_and_special_files);
	tcase_add_test(tc, test_manifest_checks_a_listed_link_by_its_target);
	tcase_add_test(tc, test_untracked_sources_said);
	tcase_add_test(tc, test_hash_chain_lowercase);
	tcase_add_test(tc, test_rejection_lines_limited);
	tcase_add_test(tc, test_restart_judged_by_the_review);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_main(suite());
}
