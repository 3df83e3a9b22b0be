/*
 * io.c - reading a range of a file in full.
 */
#include "io.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

int io_pread_all(int fd, void *buf, size_t n, int64_t offset)
{
	size_t done = 0;

	while (done < n) {
		ssize_t got = pread(fd, (char *)buf + done, n - done, (off_t)(offset + (int64_t)done));
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			if (got == 0)
				errno = 0;
			return -1;
		}
		done += (size_t)got;
	}
	return 0;
}

const char *io_read_error(int err)
{
	return err ? strerror(err) : "file shrank";
}
