/*
 * linereader.h - a file as lines, in bounded memory.
 *
 * Reads in blocks of 1 MiB and hands out lines without their line ending (LF or CRLF).
 * A UTF-8 byte-order mark at the start is skipped. A line longer than `max` bytes is not
 * buffered: it is streamed through SHA-256 and handed out with `too_long` set, its
 * offset and length, so the caller can copy it from the file if it wants the bytes.
 */
#ifndef TAITS_LINEREADER_H
#define TAITS_LINEREADER_H

#include <stddef.h>
#include <stdint.h>

#include "../util/error.h"
#include "../util/sha256.h"

struct line {
	const char *p;  /* the bytes, valid until the next call; NULL when too_long */
	size_t n;       /* length without the line ending */
	size_t eol;     /* bytes of the line ending that follow p[n]: 0, 1 or 2 */
	long lineno;    /* 1-based */
	int64_t offset; /* of the first byte in the file */
	int64_t length; /* of the line without its ending (also when too_long) */
	int too_long;
	unsigned char sha256[SHA256_LEN]; /* of the line's bytes, when hashing */
};

struct linereader {
	int fd;
	const char *path;
	int64_t limit;    /* bytes of the file to read */
	int64_t base;     /* file offset of buf[0] */
	char *buf;
	size_t cap, len, off;
	size_t max;
	long lineno;
	int hash;
	int bom;          /* a byte-order mark was skipped */
	struct sha256 sha;
	struct sha256 *whole; /* when set, every byte read goes through it too */
	int64_t whole_n;      /* bytes that did */
};

/* Starts reading `limit` bytes of fd. With `hash`, every line's SHA-256 is computed.
 * Setting `whole` afterwards also streams every byte read, in file order, through it. */
void linereader_init(struct linereader *lr, int fd, const char *path, int64_t limit,
		     size_t max, int hash);
/* Returns 1 with a line, 0 at the end, -1 on a read error. */
int linereader_next(struct linereader *lr, struct line *out, struct error *e);
void linereader_release(struct linereader *lr);

#endif
