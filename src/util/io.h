/*
 * io.h - reading a range of a file, or a small file, in full.
 */
#ifndef TAITS_IO_H
#define TAITS_IO_H

#include <stddef.h>
#include <stdint.h>

/* Reads exactly n bytes at offset of fd, through short reads and EINTR. Returns 0, or -1
 * with errno set; errno is 0 when the file ended first. */
int io_pread_all(int fd, void *buf, size_t n, int64_t offset);
/* Says why io_pread_all() (or sha256_fd()) failed, from the errno it left. */
const char *io_read_error(int err);
/* Reads the whole regular file at path, of at most max bytes, into *out (NUL-terminated;
 * caller frees) and its length into *len. Returns 0, or -1 with errno set: EFBIG when the
 * file is larger than max, EISDIR for a directory, EINVAL for anything else that is not a
 * regular file (a FIFO is not waited on, /dev/zero not read); io_small_error() says it. */
int io_read_small(const char *path, size_t max, char **out, size_t *len);
const char *io_small_error(int err);

#endif
