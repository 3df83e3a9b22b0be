/*
 * fuzz_ingest.c - libFuzzer target: one file through the whole ingest path into an
 * in-memory store: the line reader (BOM, CRLF, over-long lines), the cutting of a YAML
 * stream into documents, the JSON-lines hash chain and sequence checks, rejections copied
 * from the file, and the store's duplicate resolution.
 *
 * The first byte chooses the format (even: .jsonl, odd: .yaml) and max_record_bytes (32
 * to 4096, so short inputs reach the over-long paths); the rest is the file.
 */
#define _XOPEN_SOURCE 700
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest/ingest.h"
#include "store/store.h"
#include "util/tree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char ingest_dir[4096], ingest_files[3][4200];
static char *ingest_template; /* the bytes of an empty store: made once, copied per input */
static size_t ingest_template_len;

static void ingest_cleanup(void)
{
	for (int i = 0; i < 3; i++)
		unlink(ingest_files[i]);
	rmdir(ingest_dir);
	free(ingest_template);
}

static char *ingest_slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *data = NULL;
	long n;

	if (!fp || fseek(fp, 0, SEEK_END) || (n = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET) ||
	    !(data = malloc((size_t)n + 1)) || fread(data, 1, (size_t)n, fp) != (size_t)n)
		abort();
	fclose(fp);
	*len = (size_t)n;
	return data;
}

static void ingest_put(const char *path, const void *data, size_t len)
{
	FILE *fp = fopen(path, "wb");

	if (!fp || fwrite(data, 1, len, fp) != len || fclose(fp) != 0)
		abort();
}

static int ingest_setup(void)
{
	const char *base = getenv("TMPDIR");
	struct error e = ERROR_INIT;
	struct store *st = NULL;

	tree_init();
	snprintf(ingest_dir, sizeof(ingest_dir), "%s/taits-fuzz-XXXXXX",
		 base && *base ? base : P_tmpdir);
	if (!mkdtemp(ingest_dir))
		abort();
	snprintf(ingest_files[0], sizeof(ingest_files[0]), "%s/in.jsonl", ingest_dir);
	snprintf(ingest_files[1], sizeof(ingest_files[1]), "%s/in.yaml", ingest_dir);
	snprintf(ingest_files[2], sizeof(ingest_files[2]), "%s/store.db", ingest_dir);
	atexit(ingest_cleanup);
	/* Creating the schema costs far more than an ingest: do it once. */
	if (store_open(ingest_files[2], STORE_WRITE, &st, &e))
		abort();
	store_close(st);
	ingest_template = ingest_slurp(ingest_files[2], &ingest_template_len);
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct ingest_options opt = { 0, NULL, 0, NULL };
	struct ingest_result res;
	struct error e = ERROR_INIT;
	struct store *st = NULL;
	char *path;

	if (size < 1)
		return 0;
	if (!ready)
		ready = ingest_setup();
	path = ingest_files[data[0] & 1];
	opt.max_record_bytes = (size_t)32 << ((data[0] >> 1) % 8);
	unlink(ingest_files[0]);
	unlink(ingest_files[1]);
	ingest_put(path, data + 1, size - 1);
	ingest_put(ingest_files[2], ingest_template, ingest_template_len);
	if (store_open(ingest_files[2], STORE_WRITE, &st, &e))
		abort();
	/* Durability is not under test here; speed is. */
	sqlite3_exec(store_db(st), "PRAGMA synchronous = OFF; PRAGMA journal_mode = MEMORY",
		     NULL, NULL, NULL);
	/* Bad input is rejected record by record: the run itself must succeed. */
	if (ingest_run(st, &path, 1, &opt, &res, &e)) {
		fprintf(stderr, "ingest failed: %s: %s\n", e.file, e.msg);
		abort();
	}
	ingest_result_release(&res);
	store_close(st);
	return 0;
}
