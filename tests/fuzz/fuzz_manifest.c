/*
 * fuzz_manifest.c - libFuzzer target: a bundle's SHA256SUMS, a line at a time
 * (manifest_parse_line), split as the line reader splits it. A usable line's path must
 * never be absolute or leave the bundle, and its SHA-256 is lowercase hex: that is
 * asserted here, so the fuzzer treats anything else as a crash.
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;

	/* split as ingest does: at LF, one CR before it dropped */
	for (size_t i = 0; i < size;) {
		const char *nl = memchr(text + i, '\n', size - i);
		size_t n = nl ? (size_t)(nl - (text + i)) : size - i;
		size_t body = n && text[i + n - 1] == '\r' ? n - 1 : n;
		struct manifest_line ml;
		char *listed = NULL;
		const char *why;

		memset(&ml, 0, sizeof(ml));
		if (body && body <= MANIFEST_LINE_MAX) {
			why = manifest_parse_line(text + i, body, &ml, &listed);
			if (why) {
				/* an unusable line has a reason, and no path */
				if (!*why || ml.path)
					abort();
				free(listed);
			} else {
				if (!ml.path || manifest_path_escapes(ml.path) ||
				    strlen(ml.sha256) != 64 ||
				    strspn(ml.sha256, "0123456789abcdef") != 64 || listed)
					abort();
				free(ml.path);
			}
		}
		i += n + 1;
	}
	return 0;
}
