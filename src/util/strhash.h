/*
 * strhash.h - the hash of a text for the in-memory tables keyed by input (a source's
 * name, a symbol).
 *
 * Keyed with a number drawn at random once per process: names chosen to share a slot
 * under a hash anyone can compute (FNV-1a's low bits) would make every probe of such a
 * table walk one long run, and an ingest quadratic. No output depends on the key: the
 * tables are looked up, never walked for the order of a report.
 */
#ifndef TAITS_STRHASH_H
#define TAITS_STRHASH_H

#include <stdint.h>

/* The hash of the NUL-terminated text s, and of `tweak` (a number the key also holds,
 * such as a group), under this process's key. Thread-safe. */
uint64_t str_hash(const char *s, uint64_t tweak);

#endif
