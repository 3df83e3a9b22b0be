/*
 * outfile.c - unnamed temporary files linked into place.
 */
#define _GNU_SOURCE
#include "outfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "fault.h"
#include "path.h"

/* The name a report is written under where the file system has no unnamed files: its own
 * name, this mark, and mkostemp()'s six letters or digits. Marked, it is told apart from
 * a file of the user's beside the report (a `.sha256`, a `.signed`). */
#define STAGED_MARK ".taits-"

/* Removes what a run killed while writing `path` under a name of its own left: regular
 * files named `path`.taits-XXXXXX. Only under the directory's lock (run.c), so that none
 * is another run's file being written. */
static void remove_stale(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = path_dir(path), *prefix = NULL;
	struct buf b = BUF_INIT;
	DIR *d = opendir(dir);
	struct dirent *de;
	struct stat st;

	free(dir);
	if (!d)
		return;
	buf_addf(&b, "%s" STAGED_MARK, slash ? slash + 1 : path);
	prefix = buf_detach(&b);
	while ((de = readdir(d)))
		if (path_is_temp_name(de->d_name, prefix) &&
		    fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISREG(st.st_mode))
			unlinkat(dirfd(d), de->d_name, 0);
	free(prefix);
	closedir(d);
}

int outfile_open(struct outfile *o, const char *path, int locked, struct error *e)
{
	struct buf b = BUF_INIT;
	char *dir = path_dir(path);

	memset(o, 0, sizeof(*o));
	o->fd = -1;
	o->path = xstrdup(path);
	buf_addf(&b, "%s.tmp", path);
	o->tmp = buf_detach(&b);
	/* what a run killed on a file system without unnamed files left, whichever way this
	 * run writes (the directory may have been moved to one with them since) */
	if (locked)
		remove_stale(path);
	/* tests: fault outfile.tmpfile, a file system without unnamed files */
	o->fd = fault_hit("outfile.tmpfile") ? -1 : open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0644);
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
	/* A name of this run's own, made with O_EXCL: a name anyone can guess in a shared
	 * --out (`path`.tmp) may be a planted link, which O_TRUNC would follow to write
	 * over its target, and which the rename would then put in the report's place. */
	free(o->tmp);
	buf_addf(&b, "%s" STAGED_MARK "XXXXXX", path);
	o->tmp = buf_detach(&b);
	o->fd = mkostemp(o->tmp, O_CLOEXEC);
	if (o->fd < 0) {
		int err = errno;
		free(o->tmp);
		o->tmp = NULL; /* not made: nothing to remove */
		outfile_abort(o);
		return error_at(e, error_io_status(err), "report", path, 0, 0, NULL, "cannot write: %s",
				strerror(err));
	}
	/* mkostemp makes it 0600; a report is 0644 less the umask, as O_TMPFILE makes it.
	 * Reports are written by the main thread alone, so reading the umask by setting it
	 * races with nothing. */
	mode_t mask = umask(0);
	umask(mask);
	if (fchmod(o->fd, 0644 & ~mask) != 0) {
		int err = errno;
		outfile_abort(o);
		return error_at(e, error_io_status(err), "report", path, 0, 0, NULL, "cannot write: %s",
				strerror(err));
	}
	o->name = xstrdup(o->tmp);
	return 0;
}

static int sync_file(struct outfile *o, struct error *e)
{
	if (fsync(o->fd) == 0)
		return 0;
	return error_at(e, error_io_status(errno), "report", o->path, 0, 0, NULL, "cannot write: %s",
			strerror(errno));
}

/* Gives synced file o the name `path`.tmp, ready to take its own name. */
static int stage(struct outfile *o, struct error *e)
{
	if (!o->anonymous)
		return 0;
	unlink(o->tmp); /* left by a run killed between its stage and its rename */
	if (linkat(AT_FDCWD, o->name, AT_FDCWD, o->tmp, AT_SYMLINK_FOLLOW) != 0)
		return error_at(e, error_io_status(errno), "report", o->tmp, 0, 0, NULL, "cannot write: %s",
				strerror(errno));
	o->anonymous = 0; /* named now: outfile_abort() removes the name */
	return 0;
}

int outfile_commit(struct outfile *const *files, size_t n, struct error *e)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (files[i]->fd >= 0 && sync_file(files[i], e))
			return -1;
	/* Then only system calls that write no data, from the first .tmp name to the last
	 * rename: a kill can hardly fall between them. */
	for (i = 0; i < n; i++)
		if (files[i]->fd >= 0 && stage(files[i], e))
			return -1;
	for (i = 0; i < n; i++) {
		struct outfile *o = files[i];
		if (o->fd < 0)
			continue;
		if (rename(o->tmp, o->path) != 0)
			return error_at(e, error_io_status(errno), "report", o->path, 0, 0, NULL,
					"cannot write: %s", strerror(errno));
		free(o->tmp);
		o->tmp = NULL; /* nothing left to remove */
	}
	/* The new names themselves survive a crash. */
	for (i = 0; i < n; i++) {
		struct outfile *o = files[i];
		if (o->fd < 0)
			continue;
		char *dir = path_dir(o->path);
		int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd); /* best effort: not every file system syncs a directory */
			close(dfd);
		}
		free(dir);
		outfile_abort(o);
	}
	return 0;
}

void outfile_abort(struct outfile *o)
{
	if (o->fd >= 0)
		close(o->fd);
	if (o->tmp && !o->anonymous)
		unlink(o->tmp);
	free(o->path), free(o->tmp), free(o->name);
	memset(o, 0, sizeof(*o));
	o->fd = -1;
}
