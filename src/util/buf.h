/*
 * buf.h - a growable byte buffer, always NUL-terminated.
 *
 * struct buf b = BUF_INIT; buf_add(&b, ...); ... buf_release(&b);
 * The buffer owns its memory; buf_detach() hands it to the caller.
 */
#ifndef TAITS_BUF_H
#define TAITS_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include "error.h"

struct buf {
	char *data;
	size_t len;
	size_t cap;
};

#define BUF_INIT { NULL, 0, 0 }

void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *data, size_t n);
void buf_adds(struct buf *b, const char *s);
static inline void buf_addc(struct buf *b, char c)
{
	if (b->len + 2 > b->cap)
		buf_grow(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}
void buf_addf(struct buf *b, const char *fmt, ...) PRINTF_LIKE(2, 3);
void buf_vaddf(struct buf *b, const char *fmt, va_list ap) PRINTF_LIKE(2, 0);
void buf_reset(struct buf *b);
void buf_release(struct buf *b);
char *buf_detach(struct buf *b);
/* Returns the contents, "" for an empty buffer (never NULL). */
const char *buf_str(const struct buf *b);

#endif
