/*
 * fuzz_tailoring.c - libFuzzer target: a tailoring file (tailoring_load_buffer): YAML,
 * every key and value checked, the time zone selected, the correlation-ID pattern
 * compiled, the effective tailoring described.
 */
#include <stddef.h>
#include <stdint.h>

#include "tailoring.h"
#include "util/tree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct error e = ERROR_INIT;
	struct tailoring t;

	if (!ready) {
		tree_init();
		ready = 1;
	}
	if (tailoring_load_buffer("site.yaml", (const char *)data, size, &t, &e) == 0) {
		/* what a review does with it */
		tailoring_cid_ok(&t, "TW-20261127-000001");
		tailoring_trading_day(&t, 20000);
	}
	tailoring_release(&t);
	return 0;
}
