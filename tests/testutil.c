/*
 * testutil.c - helpers for the Check suites.
 */
#define _XOPEN_SOURCE 700
#include "testutil.h"

#include <check.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

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
		execv(bin, (char *const *)args);
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
	int rc;

	ck_assert_msg(schema != NULL, "schemas/report.xsd does not compile");
	vc = xmlSchemaNewValidCtxt(schema);
	xmlSchemaSetValidErrors(vc, quiet, quiet, NULL);
	rc = xmlSchemaValidateFile(vc, xml, 0);
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
