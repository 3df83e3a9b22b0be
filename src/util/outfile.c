/*
 * outfile.c - unnamed temporary files linked into place.
 */
#define _GNU_SOURCE
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

int outfile_open(struct outfile *o, const char *path, struct error *e)
{
	struct buf b = BUF_INIT;
	char *dir = dir_of(path);

	memset(o, 0, sizeof(*o));
	o->path = xstrdup(path);
	buf_addf(&b, "%s.tmp", path);
	o->tmp = buf_detach(&b);
	o->fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0644);
	free(dir);
	if (o->fd >= 0) {
		o->anonymous = 1;
		buf_addf(&b, "/proc/self/fd/%d", o->fd);
		o->name = buf_detach(&b);
		/* Writers open the file by name: check that /proc lets them. */
		int probe = open(o->name, O_WRONLY | O_CLOEXEC);
		if (probe >= 0) {
			close(probe);
			return 0;
		}
		close(o->fd);
		free(o->name);
		o->name = NULL;
		o->anonymous = 0;
	}
	o->fd = open(o->tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (o->fd < 0) {
		int err = errno;
		outfile_abort(o);
		return error_at(e, EXIT_IO, "report", path, 0, 0, NULL, "cannot write: %s",
				strerror(err));
	}
	o->name = xstrdup(o->tmp);
	return 0;
}

int outfile_sync(struct outfile *o, struct error *e)
{
	if (fsync(o->fd) == 0)
		return 0;
	return error_at(e, EXIT_IO, "report", o->path, 0, 0, NULL, "cannot write: %s",
			strerror(errno));
}

int outfile_commit(struct outfile *o, struct error *e)
{
	int rc = -1;

	if (fsync(o->fd) != 0) {
		error_at(e, EXIT_IO, "report", o->path, 0, 0, NULL, "cannot write: %s",
			 strerror(errno));
		if (!o->anonymous)
			unlink(o->tmp); /* `path`.tmp: nobody else will remove it */
		goto out;
	}
	if (o->anonymous) {
		/* A new report takes its name at once; a report that replaces one goes
		 * through `path`.tmp, for the instant it takes to rename. */
		if (linkat(AT_FDCWD, o->name, AT_FDCWD, o->path, AT_SYMLINK_FOLLOW) == 0) {
			rc = 0;
			goto out;
		}
		int err = errno;
		unlink(o->tmp);
		if (err != EEXIST ||
		    linkat(AT_FDCWD, o->name, AT_FDCWD, o->tmp, AT_SYMLINK_FOLLOW) != 0) {
			if (err != EEXIST)
				errno = err;
			error_at(e, EXIT_IO, "report", o->path, 0, 0, NULL, "cannot write: %s",
				 strerror(errno));
			goto out;
		}
	}
	if (rename(o->tmp, o->path) != 0) {
		error_at(e, EXIT_IO, "report", o->path, 0, 0, NULL, "cannot write: %s",
			 strerror(errno));
		unlink(o->tmp);
		goto out;
	}
	rc = 0;
out:
	if (!rc) { /* the new name itself survives a crash */
		char *dir = dir_of(o->path);
		int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd); /* best effort: not every file system syncs a directory */
			close(dfd);
		}
		free(dir);
	}
	close(o->fd);
	o->fd = -1;
	free(o->path), free(o->tmp), free(o->name);
	o->path = o->tmp = o->name = NULL;
	return rc;
}

void outfile_abort(struct outfile *o)
{
	if (o->fd > 0)
		close(o->fd);
	if (o->tmp && !o->anonymous)
		unlink(o->tmp);
	free(o->path), free(o->tmp), free(o->name);
	memset(o, 0, sizeof(*o));
	o->fd = -1;
}
