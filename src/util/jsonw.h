/*
 * jsonw.h - writing small JSON objects into a buffer (finding and fact arguments).
 *
 *   struct buf b = BUF_INIT;
 *   jsonw_begin(&b); jsonw_str(&b, "source", s); jsonw_int(&b, "seq", 17); jsonw_end(&b);
 */
#ifndef TAITS_JSONW_H
#define TAITS_JSONW_H

#include <stdint.h>

#include "buf.h"

void jsonw_string(struct buf *b, const char *s);
void jsonw_begin(struct buf *b);
void jsonw_str(struct buf *b, const char *key, const char *value); /* NULL -> null */
void jsonw_int(struct buf *b, const char *key, int64_t value);
void jsonw_end(struct buf *b);

#endif
