/*
 * walk.h - the files of a bundle, in a defined order.
 *
 * A bundle root is walked depth first with each directory's entries sorted byte-wise by
 * name; the result is every entry that is not a directory, with its path relative to the
 * root. Symbolic links are listed, never followed; so are FIFOs, devices and sockets.
 * Only PATH itself is followed when it is a link: the user named it.
 */
#ifndef TAITS_WALK_H
#define TAITS_WALK_H

#include <stddef.h>
#include <stdint.h>

#include "../util/error.h"

/* Directories deeper than this, or whose entries' paths could pass PATH_MAX, are listed,
 * not walked: a bound on the walk's recursion against a hostile tree, far beyond any log
 * layout. */
#define WALK_MAX_DEPTH 256

enum entry_type { ENTRY_FILE, ENTRY_SYMLINK, ENTRY_SPECIAL, ENTRY_TOO_DEEP };

struct entry {
	char *path; /* relative to the root */
	enum entry_type type;
	int64_t size;
};

struct walk {
	char *root;      /* the directory the paths are relative to */
	char *bundle;    /* the PATH argument, tidied */
	char *shown;     /* bundle as reports show a name (utf8_escape_name()) */
	char **dropped;  /* this tool's reports met in --out (walk_drop_reports()) */
	size_t ndropped;
	struct entry *entries;
	size_t n;
	int single;      /* PATH was a file, not a directory */
};

/* Walks PATH: a directory is a bundle root; a file is a bundle of one, named after the
 * file a symbolic link resolves to. */
int walk_bundle(const char *path, struct walk *out, struct error *e);
/* Whether PATH exists and is a directory or a regular file, as walk_bundle() would find:
 * checked before a store is opened, so that a PATH that is not there creates no store. */
int walk_check(const char *path, struct error *e);
void walk_release(struct walk *w);
/* Drops the entries that are the file `path` (an absolute path; it need not exist). */
void walk_drop(struct walk *w, const char *path);
/* Drops the regular files of directory `dir` (the command's --out) named as this tool
 * names its reports (review-<env>-<date>, report-<env>-<from>_<to>,
 * preflight-<env>-<date>, unfreeze-<ID>; .xml or .pdf), or as it names them while they
 * are written (.tmp, .taits-XXXXXX); never a PATH that is a file. */
void walk_drop_reports(struct walk *w, const char *dir);
/* Whether walk_drop_reports() dropped `path` (relative to the root). */
int walk_dropped(const struct walk *w, const char *path);
/* Joins root and a relative path into a new string. */
char *walk_join(const char *root, const char *rel);

#endif
