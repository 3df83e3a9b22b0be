/*
 * fuzz_yaml.c - libFuzzer target: one YAML document as yamlfile.c hands it over:
 * tree_parse_yaml (libyaml events, nesting limit, no aliases, duplicate keys, core-schema
 * typing), then record_build. The cutting of a stream into documents is fuzzed by
 * fuzz_ingest.c.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ingest/record.h"
#include "util/tree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct tree_error terr;
	struct rejection why;
	struct record r;
	cJSON *tree = NULL;

	if (!ready) {
		tree_init();
		ready = 1;
	}
	if (tree_parse_yaml((const char *)data, size, &tree, &terr) < 0 || !tree)
		return 0;
	memset(&r, 0, sizeof(r));
	r.line = 1;
	r.raw = (const char *)data;
	r.raw_len = size;
	if (record_build(&r, tree, 1, &why) == 0)
		record_release(&r);
	return 0;
}
