/*
 * io.c - reading a range of a file, or a small file, in full.
 */
#include "io.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

const char *io_small_error(int err)
{
	return err == EINVAL ? "not a regular file (a FIFO, a device or a socket)" : strerror(err);
}

int io_read_small(const char *path, size_t max, char **out, size_t *len)
{
	struct stat sb;
	char *data;
	size_t n = 0;
	int err = 0, fd;

	/* what is not a regular file is not opened: a FIFO's writer is not let through */
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		errno = S_ISDIR(sb.st_mode) ? EISDIR : EINVAL;
		return -1;
	}
	/* O_NONBLOCK: one put there since is refused below, not waited on for a writer */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0)
		return -1;
	if (fstat(fd, &sb) != 0)
		err = errno;
	else if (!S_ISREG(sb.st_mode))
		err = S_ISDIR(sb.st_mode) ? EISDIR : EINVAL;
	if (err) {
		close(fd);
		errno = err;
		return -1;
	}
	data = xmalloc(max + 1);
	while (n <= max) {
		ssize_t r = read(fd, data + n, max + 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err = errno ? errno : EIO;
			break;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (!err && n > max)
		err = EFBIG;
	close(fd);
	if (err) {
		free(data);
		errno = err;
		return -1;
	}
	data[n] = '\0';
	*out = data;
	*len = n;
	return 0;
}
