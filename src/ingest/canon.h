/*
 * canon.h - the canonical form of a record's content, for "same record" decisions.
 *
 * Keys sorted byte-wise at every level, numbers in their shortest exact decimal form,
 * strings JSON-escaped (a string holding an ISO 8601 time with offset becomes its
 * instant), no whitespace; the top-level transport field `prev_sha256` is left
 * out (it depends on the file a record travels in, not on the record).
 */
#ifndef TAITS_CANON_H
#define TAITS_CANON_H

#include <stddef.h>

#include "../util/buf.h"
#include "../util/sha256.h"
#include "../util/tree.h"

void canon_write(const cJSON *node, struct buf *out);
void canon_content_hash(const cJSON *record, unsigned char out[SHA256_LEN]);
/* Shortest decimal text that reads back as the same double (integers without a point). */
void canon_number(double v, char *out, size_t size);

#endif
