/*
 * fuzz_manifest.c - libFuzzer target: a bundle's SHA256SUMS (manifest_parse), with the
 * lookup ingest makes for every listed path. A usable line's path must never be absolute
 * or leave the bundle: that is asserted here, so the fuzzer treats it as a crash.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Nonzero when a normalised path is absolute, empty or has a "." or ".." component. */
static int manifest_path_escapes(const char *p)
{
	if (!*p || *p == '/')
		return 1;
	while (*p) {
		const char *q = strchr(p, '/');
		size_t n = q ? (size_t)(q - p) : strlen(p);
		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return 1;
		p += n + (q ? 1 : 0);
	}
	return 0;
}

/* An unusable line: it has a reason, and a line number in order. */
static int problem(void *arg, long line, const char *why, const char *listed)
{
	long *last = arg;

	(void)listed;
	if (!why || !*why || line <= *last)
		abort();
	*last = line;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct manifest m;
	long last = 0;

	if (manifest_parse((const char *)data, size, &m, problem, &last))
		abort();
	for (size_t i = 0; i < m.n; i++) {
		const struct manifest_line *ml = &m.lines[i];
		if (!ml->path || manifest_path_escapes(ml->path) || strlen(ml->sha256) != 64)
			abort();
		if (!manifest_find(&m, ml->path))
			abort();
	}
	manifest_release(&m);
	return 0;
}
