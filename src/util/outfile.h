/*
 * outfile.h - a report file that appears whole or not at all.
 *
 * outfile_open() makes an unnamed file in the target's directory (O_TMPFILE), so a
 * process killed while writing leaves nothing behind; outfile_commit() syncs it and gives
 * it its name, replacing any previous report, and syncs the directory. Where the file
 * system has no unnamed files it falls back to writing `path`.tmp and renaming it (two
 * writers of one name must take turns: run.c locks the directory).
 */
#ifndef TAITS_OUTFILE_H
#define TAITS_OUTFILE_H

#include "error.h"

struct outfile {
	int fd;
	int anonymous;  /* an O_TMPFILE file, no name yet */
	char *path;     /* the final name */
	char *tmp;      /* `path`.tmp */
	char *name;     /* a name writers can open: /proc/self/fd/N, or tmp */
};

int outfile_open(struct outfile *o, const char *path, struct error *e);
/* Syncs the file (before a pair of files takes its names). */
int outfile_sync(struct outfile *o, struct error *e);
/* Syncs the file and moves it to its final name. Closes the file either way. */
int outfile_commit(struct outfile *o, struct error *e);
/* Drops the file (after a failure). Safe after commit or on a zeroed outfile. */
void outfile_abort(struct outfile *o);

#endif
