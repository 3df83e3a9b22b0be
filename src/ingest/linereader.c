/*
 * linereader.c - bounded line splitting with memchr over 1 MiB blocks.
 */
#include "linereader.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BLOCK (1u << 20)

void linereader_init(struct linereader *lr, int fd, const char *path, int64_t limit,
		     size_t max, int hash)
{
	memset(lr, 0, sizeof(*lr));
	lr->fd = fd;
	lr->path = path;
	lr->limit = limit;
	lr->max = max;
	lr->hash = hash;
	/* Room for a whole line of `max` bytes, its CRLF, and one more block. */
	lr->cap = max + 2 + BLOCK;
	lr->buf = xmalloc(lr->cap);
	if (hash)
		sha256_init(&lr->sha);
}

void linereader_release(struct linereader *lr)
{
	free(lr->buf);
	lr->buf = NULL;
	if (lr->hash)
		sha256_release(&lr->sha);
}

/* Reads more bytes after buf[len]. Returns bytes read, 0 at the limit, -1 on error. */
static ssize_t fill(struct linereader *lr, struct error *e)
{
	int64_t left = lr->limit - (lr->base + (int64_t)lr->len);
	size_t room = lr->cap - lr->len;
	ssize_t got;

	if (left <= 0)
		return 0;
	if ((int64_t)room > left)
		room = (size_t)left;
	if (room == 0)
		return 0;
	do
		got = read(lr->fd, lr->buf + lr->len, room);
	while (got < 0 && errno == EINTR);
	if (got < 0) {
		error_at(e, error_io_status(errno), "ingest", lr->path, lr->lineno + 1, 0, NULL,
			 "read error: %s", strerror(errno));
		return -1;
	}
	if (got == 0) {
		error_at(e, EXIT_IO, "ingest", lr->path, lr->lineno + 1, 0, NULL,
			 "file shrank while being read");
		return -1;
	}
	if (lr->whole) {
		sha256_update(lr->whole, lr->buf + lr->len, (size_t)got);
		lr->whole_n += got;
	}
	lr->len += (size_t)got;
	if (lr->base == 0 && !lr->bom && lr->len >= 3 && lr->off == 0 &&
	    !memcmp(lr->buf, "\xEF\xBB\xBF", 3)) {
		lr->bom = 1;
		lr->off = 3;
	}
	return got;
}

static void compact(struct linereader *lr)
{
	if (lr->off == 0)
		return;
	memmove(lr->buf, lr->buf + lr->off, lr->len - lr->off);
	lr->base += (int64_t)lr->off;
	lr->len -= lr->off;
	lr->off = 0;
}

/* Streams the rest of a too-long line through SHA-256 until its newline (or the end). */
static int skip_long(struct linereader *lr, struct line *out, struct error *e)
{
	int64_t start = lr->base + (int64_t)lr->off;
	int64_t length = 0;
	int pending_cr = 0; /* a CR held back: it may be the CR of CRLF */

	for (;;) {
		char *p = lr->buf + lr->off;
		size_t avail = lr->len - lr->off;
		char *nl = memchr(p, '\n', avail);
		size_t take = nl ? (size_t)(nl - p) : avail;

		if (take > 0) {
			if (pending_cr) {
				if (lr->hash)
					sha256_update(&lr->sha, "\r", 1);
				length++;
				pending_cr = 0;
			}
			size_t body = take;
			if (p[take - 1] == '\r') {
				body--;
				pending_cr = 1;
			}
			if (lr->hash)
				sha256_update(&lr->sha, p, body);
			length += (int64_t)body;
		}
		if (nl) {
			out->eol = pending_cr ? 2 : 1;
			lr->off += take + 1;
			break;
		}
		lr->off = lr->len;
		compact(lr);
		ssize_t got = fill(lr, e);
		if (got < 0)
			return -1;
		if (got == 0) {
			if (pending_cr) { /* a final CR without LF is part of the line */
				if (lr->hash)
					sha256_update(&lr->sha, "\r", 1);
				length++;
			}
			out->eol = 0;
			break;
		}
	}
	out->p = NULL;
	out->n = 0;
	out->offset = start;
	out->length = length;
	out->too_long = 1;
	if (lr->hash)
		sha256_final(&lr->sha, out->sha256);
	return 1;
}

int linereader_next(struct linereader *lr, struct line *out, struct error *e)
{
	memset(out, 0, sizeof(*out));
	for (;;) {
		char *p = lr->buf + lr->off;
		size_t avail = lr->len - lr->off;
		char *nl = avail ? memchr(p, '\n', avail) : NULL;

		if (nl || (avail && lr->base + (int64_t)lr->len >= lr->limit)) {
			size_t n = nl ? (size_t)(nl - p) : avail;
			size_t eol = nl ? 1 : 0;
			if (n > lr->max + (nl && n && p[n - 1] == '\r')) {
				lr->lineno++;
				out->lineno = lr->lineno;
				return skip_long(lr, out, e);
			}
			if (nl && n && p[n - 1] == '\r') {
				n--;
				eol = 2;
			}
			lr->lineno++;
			out->p = p;
			out->n = n;
			out->eol = eol;
			out->lineno = lr->lineno;
			out->offset = lr->base + (int64_t)lr->off;
			out->length = (int64_t)n;
			if (lr->hash)
				sha256_once(p, n, out->sha256);
			lr->off += n + eol;
			return 1;
		}
		if (avail > lr->max + 1) {
			lr->lineno++;
			out->lineno = lr->lineno;
			return skip_long(lr, out, e);
		}
		compact(lr);
		ssize_t got = fill(lr, e);
		if (got < 0)
			return -1;
		if (got == 0 && lr->len == lr->off)
			return 0;
	}
}
