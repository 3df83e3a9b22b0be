/*
 * testutil.c - helpers for the Check suites.
 */
#define _XOPEN_SOURCE 700
#include "testutil.h"

#include <check.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <sqlite3.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/sha256.h"
#include "util/tree.h"

const char *tu_srcdir(void)
{
	const char *s = getenv("TAITS_AUDIT_SRCDIR");

	return s && *s ? s : ".";
}

const char *tu_bin(void)
{
	const char *s = getenv("TAITS_AUDIT_BIN");

	return s && *s ? s : "./taits-audit";
}

const char *tu_gen_day(void)
{
	const char *s = getenv("TAITS_AUDIT_GEN_DAY");

	return s && *s ? s : "./build/tests/gen_day";
}

char *tu_path(const char *dir, const char *rel)
{
	size_t n = strlen(dir) + strlen(rel) + 2;
	char *p = malloc(n);

	snprintf(p, n, "%s/%s", dir, rel);
	return p;
}

char *tu_src(const char *rel)
{
	return tu_path(tu_srcdir(), rel);
}

char *tu_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *p = tu_path(base && *base ? base : "/tmp", "taits-test-XXXXXX");

	if (!mkdtemp(p)) {
		perror("mkdtemp");
		abort();
	}
	return p;
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void tu_rmrf(const char *path)
{
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void mkparents(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(path, 0777);
		*p = '/';
	}
}

void tu_write_waiver(const char *dir, const char *rel, const char *rule, const char *match,
		     const char *reason, const char *expires)
{
	struct buf w = BUF_INIT;

	buf_addf(&w, "waivers:\n  - rule: %s\n    match: %s\n    reason: %s\n"
		     "    approved_by: gov.lee\n    expires: %s\n", rule, match, reason, expires);
	tu_write(dir, rel, w.data, -1);
	buf_release(&w);
}

void tu_write(const char *dir, const char *rel, const char *content, long n)
{
	char *path = tu_path(dir, rel);
	FILE *fp;

	mkparents(path);
	fp = fopen(path, "wb");
	if (!fp) {
		perror(path);
		abort();
	}
	fwrite(content, 1, n < 0 ? strlen(content) : (size_t)n, fp);
	fclose(fp);
	free(path);
}

char *tu_read(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, got;

	if (!fp)
		return NULL;
	do {
		if (n + 65536 + 1 > cap) {
			cap = (n + 65536 + 1) * 2;
			buf = realloc(buf, cap);
		}
		got = fread(buf + n, 1, 65536, fp);
		n += got;
	} while (got > 0);
	fclose(fp);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

int tu_exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0;
}

/* Whether another process sees a write lock on `path`. The child answers through a pipe
 * and then becomes /bin/true: under valgrind, a child that exits is leak-checked for the
 * memory it shares with the parent, which fails its exit status. */
int tu_locked_elsewhere(const char *path)
{
	int fds[2], status;
	char answer = 0;
	pid_t pid;

	ck_assert_int_eq(pipe(fds), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
		int fd = open(path, O_RDWR);
		char c = fd >= 0 && fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK ? 'y' : 'n';
		if (write(fds[1], &c, 1) == 1)
			execl("/bin/true", "true", (char *)NULL);
		_exit(1);
	}
	close(fds[1]);
	ck_assert_int_eq(read(fds[0], &answer, 1), 1);
	close(fds[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return answer == 'y';
}

static char *slurp_fd(int fd)
{
	char *buf = NULL;
	size_t n = 0, cap = 0;
	ssize_t got;

	for (;;) {
		if (n + 4096 + 1 > cap) {
			cap = (n + 4096 + 1) * 2;
			buf = realloc(buf, cap);
		}
		got = read(fd, buf + n, 4096);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		n += (size_t)got;
	}
	buf[n] = '\0';
	return buf;
}

int tu_run(struct tu_proc *p, const char *const *argv)
{
	return tu_run_bin(p, tu_bin(), argv);
}

int tu_run_bin(struct tu_proc *p, const char *bin, const char *const *argv)
{
	char outp[] = "/tmp/taits-out-XXXXXX", errp[] = "/tmp/taits-err-XXXXXX";
	int out = mkstemp(outp), err = mkstemp(errp), status = 0;
	struct rusage ru;
	pid_t pid;

	memset(p, 0, sizeof(*p));
	unlink(outp);
	unlink(errp);
	pid = fork();
	if (pid == 0) {
		size_t n = 0;
		while (argv[n])
			n++;
		const char **args = calloc(n + 1, sizeof(*args));
		if (!args)
			_exit(127);
		args[0] = bin;
		for (size_t i = 1; i < n; i++)
			args[i] = argv[i];
		dup2(out, 1);
		dup2(err, 2);
		if (strchr(bin, '/'))
			execv(bin, (char *const *)args);
		else
			execvp(bin, (char *const *)args);
		fprintf(stderr, "cannot run %s: %s\n", bin, strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) < 0 && errno == EINTR)
		;
	p->max_rss_kb = ru.ru_maxrss;
	lseek(out, 0, SEEK_SET);
	lseek(err, 0, SEEK_SET);
	p->out = slurp_fd(out);
	p->err = slurp_fd(err);
	close(out);
	close(err);
	if (WIFSIGNALED(status))
		p->status = 128 + WTERMSIG(status);
	else
		p->status = WEXITSTATUS(status);
	return p->status;
}

void tu_proc_free(struct tu_proc *p)
{
	free(p->out);
	free(p->err);
	p->out = p->err = NULL;
}

int tu_run_cmd(struct tu_proc *p, const char *db, const char *out, const char *const *args)
{
	const char *argv[40] = { "taits-audit", args[0], "--db", db };
	int n = 4;

	if (out) {
		argv[n++] = "--out";
		argv[n++] = out;
	}
	for (int i = 1; args[i]; i++) {
		ck_assert_int_lt(n, 39);
		argv[n++] = args[i];
	}
	argv[n] = NULL;
	return tu_run(p, argv);
}

int tu_review(struct tu_proc *p, const char *db, const char *out, const char *date,
	      const char *bundle, const char *const *extra)
{
	const char *args[32] = { "review", "--date", date };
	int n = 3;

	for (int i = 0; extra && extra[i]; i++) {
		ck_assert_int_lt(n, 30);
		args[n++] = extra[i];
	}
	if (bundle)
		args[n++] = bundle;
	args[n] = NULL;
	return tu_run_cmd(p, db, out, args);
}

/* ---- the freeze story ---- */

const char *const tu_story_days[TU_STORY_DAYS] = { "2026-11-16", "2026-11-17", "2026-11-18",
						   "2026-11-19", "2026-11-20" };

char *tu_story_day(int i)
{
	struct buf b = BUF_INIT;
	char *path;

	buf_addf(&b, "samples/freeze-story/%s", tu_story_days[i]);
	path = tu_src(b.data);
	buf_release(&b);
	return path;
}

void tu_ingest_story(const char *db)
{
	const char *args[TU_STORY_DAYS + 2] = { "ingest" };
	char *days[TU_STORY_DAYS];
	struct tu_proc p;

	for (int i = 0; i < TU_STORY_DAYS; i++)
		args[i + 1] = days[i] = tu_story_day(i);
	args[TU_STORY_DAYS + 1] = NULL;
	ck_assert_msg(tu_run_cmd(&p, db, NULL, args) == 0, "ingest of the freeze story: %s", p.err);
	tu_proc_free(&p);
	for (int i = 0; i < TU_STORY_DAYS; i++)
		free(days[i]);
}

void tu_write_bad_alerts(const char *dir, const char *date, int n)
{
	struct buf b = BUF_INIT, name = BUF_INIT;

	for (int k = 1; k <= n; k++)
		buf_addf(&b,
			 "{\"kind\":\"alert\",\"ts\":\"%sT10:%02d:00+08:00\",\"source\":\"mon-local\","
			 "\"seq\":%d,\"environment\":\"local\",\"alert_id\":\"ALR-L-%s-%d\","
			 "\"severity\":\"SEVERE\",\"component\":\"execution\",\"message\":\"m\","
			 "\"correlation_id\":\"C%d\",\"status\":\"open\"}\n",
			 date, k % 60, k, date, k, k);
	buf_addf(&name, "%s/alerts.jsonl", date);
	tu_write(dir, name.data, b.data, -1);
	buf_release(&b), buf_release(&name);
}

/* ---- the store ---- */

static long sql_int(sqlite3 *db, const char *sql, va_list ap)
{
	sqlite3_stmt *s = NULL;
	const char *arg;
	long v = -1;
	int i = 1;

	ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK, "%s: %s", sql,
		      sqlite3_errmsg(db));
	while ((arg = va_arg(ap, const char *)))
		sqlite3_bind_text(s, i++, arg, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = (long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

long tu_sql_int(sqlite3 *db, const char *sql, ...)
{
	va_list ap;
	long v;

	va_start(ap, sql);
	v = sql_int(db, sql, ap);
	va_end(ap);
	return v;
}

static long db_vint(const char *path, const char *sql, va_list ap)
{
	sqlite3 *db = NULL;
	long v;

	ck_assert_msg(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK,
		      "cannot open %s", path);
	v = sql_int(db, sql, ap);
	sqlite3_close(db);
	return v;
}

long tu_db_int(const char *path, const char *sql, ...)
{
	va_list ap;
	long v;

	va_start(ap, sql);
	v = db_vint(path, sql, ap);
	va_end(ap);
	return v;
}

/* ---- digests, sorting ---- */

void tu_sha256_hex(const void *data, size_t n, char hex[65])
{
	unsigned char d[SHA256_LEN];

	sha256_once(data, n, d);
	sha256_hex(d, hex);
}

void tu_file_sha256(const char *path, char hex[65])
{
	size_t len;
	char *data = tu_read(path, &len);

	ck_assert_msg(data != NULL, "cannot read %s", path);
	tu_sha256_hex(data, len, hex);
	free(data);
}

int tu_cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- XML reports ---- */

struct tu_xml {
	xmlDocPtr doc;
	xmlXPathContextPtr ctx;
	char *path;
};

struct tu_xml *tu_xml_open(const char *path)
{
	struct tu_xml *x = calloc(1, sizeof(*x));
	size_t n = 0;
	/* read here, not by xmlReadFile(), which takes the name as a URI: it would open
	 * "a~1.xml" when asked for "a%7E1.xml" */
	char *text = tu_read(path, &n);

	ck_assert_msg(text != NULL, "%s is missing", path);
	x->doc = xmlReadMemory(text, (int)n, NULL, NULL,
			       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	free(text);
	ck_assert_msg(x->doc != NULL, "%s is not well-formed XML", path);
	x->ctx = xmlXPathNewContext(x->doc);
	x->path = strdup(path);
	return x;
}

void tu_xml_close(struct tu_xml *x)
{
	if (!x)
		return;
	xmlXPathFreeContext(x->ctx);
	xmlFreeDoc(x->doc);
	free(x->path);
	free(x);
}

static xmlXPathObjectPtr xml_eval(struct tu_xml *x, const char *fmt, va_list ap)
{
	char expr[1024];
	xmlXPathObjectPtr o;

	vsnprintf(expr, sizeof(expr), fmt, ap);
	o = xmlXPathEvalExpression(BAD_CAST expr, x->ctx);
	ck_assert_msg(o != NULL, "%s: XPath '%s' does not evaluate", x->path, expr);
	return o;
}

static int xml_nodes(xmlXPathObjectPtr o)
{
	return o->type == XPATH_NODESET && o->nodesetval ? o->nodesetval->nodeNr : 0;
}

static char *xml_node_text(xmlNodePtr node)
{
	xmlChar *c = xmlNodeGetContent(node);
	char *s = strdup(c ? (const char *)c : "");

	xmlFree(c);
	return s;
}

int tu_xml_count(struct tu_xml *x, const char *fmt, ...)
{
	va_list ap;
	xmlXPathObjectPtr o;
	int n;

	va_start(ap, fmt);
	o = xml_eval(x, fmt, ap);
	va_end(ap);
	n = xml_nodes(o);
	xmlXPathFreeObject(o);
	return n;
}

char *tu_xml_get(struct tu_xml *x, const char *fmt, ...)
{
	va_list ap;
	xmlXPathObjectPtr o;
	char *s = NULL;

	va_start(ap, fmt);
	o = xml_eval(x, fmt, ap);
	va_end(ap);
	if (o->type != XPATH_NODESET) {
		xmlChar *c = xmlXPathCastToString(o);
		s = strdup((const char *)c);
		xmlFree(c);
	} else if (xml_nodes(o)) {
		s = xml_node_text(o->nodesetval->nodeTab[0]);
	}
	xmlXPathFreeObject(o);
	return s;
}

char **tu_xml_all(struct tu_xml *x, size_t *n, const char *fmt, ...)
{
	va_list ap;
	xmlXPathObjectPtr o;
	char **v;
	int k;

	va_start(ap, fmt);
	o = xml_eval(x, fmt, ap);
	va_end(ap);
	k = xml_nodes(o);
	v = calloc((size_t)k + 1, sizeof(*v));
	for (int i = 0; i < k; i++)
		v[i] = xml_node_text(o->nodesetval->nodeTab[i]);
	xmlXPathFreeObject(o);
	if (n)
		*n = (size_t)k;
	return v;
}

void tu_strv_free(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

int tu_count(const char *h, const char *needle)
{
	int n = 0;
	size_t k = strlen(needle);

	if (!k)
		return 0;
	for (const char *p = strstr(h, needle); p; p = strstr(p + k, needle))
		n++;
	return n;
}

static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

int tu_report_validates(const char *xml)
{
	char *xsd = tu_src("schemas/report.xsd");
	xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(xsd);
	xmlSchemaPtr schema = xmlSchemaParse(pc);
	xmlSchemaValidCtxtPtr vc;
	size_t n = 0;
	char *text = tu_read(xml, &n); /* by name, not as a URI (tu_xml_open()) */
	xmlDocPtr doc;
	int rc;

	ck_assert_msg(schema != NULL, "schemas/report.xsd does not compile");
	ck_assert_msg(text != NULL, "%s is missing", xml);
	doc = xmlReadMemory(text, (int)n, NULL, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
						       XML_PARSE_NOWARNING);
	free(text);
	vc = xmlSchemaNewValidCtxt(schema);
	xmlSchemaSetValidErrors(vc, quiet, quiet, NULL);
	rc = doc ? xmlSchemaValidateDoc(vc, doc) : -1;
	xmlFreeDoc(doc);
	xmlSchemaFreeValidCtxt(vc);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pc);
	free(xsd);
	return rc == 0;
}

int tu_main(Suite *s)
{
	SRunner *sr;
	int failed;

	tree_init();
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	xmlCleanupParser();
	return failed ? 1 : 0;
}
