/*
 * io.c - reading a range of a file, or a small file, in full.
 */
#include "io.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"

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

int io_read_small(const char *path, size_t max, char **out, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *data;
	size_t n;
	int err;

	if (!fp)
		return -1;
	data = xmalloc(max + 1);
	errno = 0;
	n = fread(data, 1, max + 1, fp);
	err = ferror(fp) ? (errno ? errno : EIO) : n > max ? EFBIG : 0;
	fclose(fp);
	if (err) { /* a directory, say: EISDIR */
		free(data);
		errno = err;
		return -1;
	}
	data[n] = '\0';
	*out = data;
	*len = n;
	return 0;
}
