/*
 * outfile.h - a report file that appears whole or not at all.
 *
 * outfile_open() makes an unnamed file in the target's directory (O_TMPFILE), so a
 * process killed while writing leaves nothing behind; outfile_commit() syncs files,
 * names each `path`.tmp, renames them to their names one right after the other,
 * replacing any previous report, and syncs the directory. Where the file system has no
 * unnamed files they are written under a name of their own, `path`.taits-XXXXXX
 * (mkostemp), from the start (two writers of one name must take turns: run.c locks the
 * directory); what a killed run left under such a name is removed by the next run
 * writing `path` that holds the directory's lock (`locked`).
 */
#ifndef TAITS_OUTFILE_H
#define TAITS_OUTFILE_H

#include "error.h"

struct outfile {
	int fd;
	int anonymous;  /* an O_TMPFILE file, no name yet */
	char *path;     /* the final name */
	char *tmp;      /* `path`.tmp, or `path`.taits-XXXXXX made by mkostemp */
	char *name;     /* a name writers can open: /proc/self/fd/N, or tmp */
};

int outfile_open(struct outfile *o, const char *path, int locked, struct error *e);
/* Syncs the n files (those with fd < 0 are skipped) and moves them to their final names,
 * all renames after all the syncing, then closes them. On failure the caller aborts them:
 * a file not yet renamed leaves no trace, and one already renamed (only a rename failing
 * after another succeeded) stays. */
int outfile_commit(struct outfile *const *files, size_t n, struct error *e);
/* Drops the file (after a failure). Safe after commit, after a failed open, or on an
 * outfile zeroed with fd -1. */
void outfile_abort(struct outfile *o);

#endif
