/*
 * io.h - reading a range of a file in full.
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

#endif
