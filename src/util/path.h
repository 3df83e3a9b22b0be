/*
 * path.h - the directory a path names a file in, as written and as resolved; the names
 * temporary files are made under.
 */
#ifndef TAITS_PATH_H
#define TAITS_PATH_H

/* The directory part of path: "." for a bare name, "/" for a name in the root. A new
 * string. */
char *path_dir(const char *path);
/* The real path (realpath()) of path_dir(path), or NULL when it is not there; the file
 * itself need not exist. */
char *path_real_dir(const char *path);
/* path with its directory resolved as path_real_dir() resolves it, the same file however
 * it was named ("out", "./out", "/tmp/x/out"), or NULL when the directory is not there. */
char *path_resolved(const char *path);
/* Whether name is prefix and then six letters or digits: a name mkstemp(), mkostemp() or
 * mkdtemp() made from prefix "XXXXXX", told apart from a user's file beside it. */
int path_is_temp_name(const char *name, const char *prefix);

#endif
