/*
 * canon.h - the canonical form of a record's content, for "same record" decisions.
 *
 * Keys sorted byte-wise at every level; the quantities (top-level seq, qty, price,
 * latency_ms, error_rate) as their value, any other number as the text written (as it is
 * read: an ID, a version; tree_scalar_text()); strings JSON-escaped (the value of a time
 * member, canon_is_time(), holding an ISO 8601 time with offset becomes its instant); no
 * whitespace. The top-level transport
 * field `prev_sha256` is left out (it depends on the file a record travels in, not on the
 * record). Sorting the keys is also where duplicate keys are found.
 */
#ifndef TAITS_CANON_H
#define TAITS_CANON_H

#include <stddef.h>

#include "../util/buf.h"
#include "../util/sha256.h"
#include "../util/tree.h"

/* Returned instead of a key name when the tree nests deeper than TREE_MAX_DEPTH. */
#define CANON_TOO_DEEP ((const char *)1)

/* Writes the canonical form; returns NULL, the first duplicate key found, or
 * CANON_TOO_DEEP. The form is for hashing: numbers and times are written as bytes. */
const char *canon_write(const cJSON *node, struct buf *out);
/* Returns what canon_write() would, writing nothing: a record's faults found now, its
 * hash computed later (record_content()). */
const char *canon_check(const cJSON *node);
/* Hashes the canonical form; returns as canon_write(). */
const char *canon_content_hash(const cJSON *record, unsigned char out[SHA256_LEN]);
/* Frees what canon_content_hash() keeps for the calling thread. */
void canon_thread_release(void);
/* Whether a top-level member `key` is a quantity, read and compared as a number. */
int canon_is_quantity(const char *key);
/* Whether a member `key`, at any depth, is a time (`ts`, `at`, `*_at`: INPUT.md's), whose
 * ISO 8601 value is compared as its instant. */
int canon_is_time(const char *key);
/* Shortest decimal text that reads back as the same double (integers without a point). */
void canon_number(double v, char *out, size_t size);
/* 2^53: from it on a double no longer holds every integer (2^53 + 1 reads as 2^53) */
#define CANON_EXACT_LIMIT 9007199254740992.0

#endif
