/*
 * fuzz_jsonl.c - libFuzzer target: one JSON-lines record as jsonl.c reads it: the byte
 * checks (NUL, UTF-8), tree_parse_json (limits, duplicate keys), then record_build
 * against the contract of INPUT.md. Built by tools/fuzz.sh; check_hostile.c replays the
 * corpus and every regression input through the same function.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ingest/record.h"
#include "util/tree.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	const char *text = (const char *)data;
	struct tree_error terr;
	struct rejection why;
	struct record r;
	size_t bad;
	cJSON *tree;

	if (!ready) {
		tree_init();
		ready = 1;
	}
	/* The parser must survive anything; record_build only sees what passed the checks
	 * jsonl.c makes first, as in the program. */
	tree = tree_parse_json(text, size, &terr);
	if (!tree)
		return 0;
	if (memchr(text, '\0', size) || !utf8_valid(data, size, &bad)) {
		cJSON_Delete(tree);
		return 0;
	}
	memset(&r, 0, sizeof(r));
	r.line = 1;
	r.raw = text;
	r.raw_len = size;
	if (record_build(&r, tree, 0, &why) == 0)
		record_release(&r);
	return 0;
}
