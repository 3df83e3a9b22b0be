/*
 * walk.c - directory traversal with an explicit stack of pending directories.
 */
#include "walk.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/buf.h"
#include "../util/path.h"
#include "../util/utf8.h"

char *walk_join(const char *root, const char *rel)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, root);
	if (*rel) {
		if (b.len && b.data[b.len - 1] != '/')
			buf_addc(&b, '/');
		buf_adds(&b, rel);
	}
	return buf_detach(&b);
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add(struct walk *w, size_t *cap, char *path, enum entry_type type, int64_t size)
{
	if (w->n == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		w->entries = xrealloc(w->entries, *cap * sizeof(*w->entries));
	}
	w->entries[w->n].path = path;
	w->entries[w->n].type = type;
	w->entries[w->n].size = size;
	w->n++;
}

/* Visits directory `rel` (relative to root): its files, then its subdirectories, all in
 * name order. Recursion is bounded by WALK_MAX_DEPTH. */
static int visit(struct walk *w, size_t *cap, const char *rel, int depth, struct error *e)
{
	char *dirpath = walk_join(w->root, rel);
	DIR *d = opendir(dirpath);
	char **names = NULL;
	size_t n = 0, ncap = 0;
	struct dirent *de;
	int rc = -1;

	if (!d) {
		error_at(e, error_io_status(errno), "ingest", dirpath, 0, 0, NULL,
			 "cannot open directory: %s", strerror(errno));
		free(dirpath);
		return -1;
	}
	errno = 0;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (n == ncap) {
			ncap = ncap ? ncap * 2 : 32;
			names = xrealloc(names, ncap * sizeof(*names));
		}
		names[n++] = xstrdup(de->d_name);
	}
	if (errno) {
		error_at(e, error_io_status(errno), "ingest", dirpath, 0, 0, NULL,
			 "cannot read directory: %s", strerror(errno));
		goto out;
	}
	/* closed before going down: a deep tree holds no descriptor per level */
	closedir(d);
	d = NULL;
	if (n) /* an empty directory has no names: qsort(NULL, ...) is undefined */
		qsort(names, n, sizeof(*names), cmp_name);
	for (size_t i = 0; i < n; i++) {
		char *childrel = *rel ? walk_join(rel, names[i]) : xstrdup(names[i]);
		char *full = walk_join(w->root, childrel);
		struct stat sb;

		if (lstat(full, &sb) != 0) {
			error_at(e, error_io_status(errno), "ingest", full, 0, 0, NULL, "cannot stat: %s",
				 strerror(errno));
			free(full);
			free(childrel);
			goto out;
		}
		/* The entries of a directory entered must have paths the system can open. */
		size_t room = strlen(full) + 1 + NAME_MAX + 1;
		free(full);
		if (S_ISDIR(sb.st_mode)) {
			if (depth + 1 > WALK_MAX_DEPTH || room > PATH_MAX) {
				add(w, cap, childrel, ENTRY_TOO_DEEP, 0);
				continue;
			}
			rc = visit(w, cap, childrel, depth + 1, e);
			free(childrel);
			if (rc)
				goto out;
			rc = -1;
		} else if (S_ISREG(sb.st_mode)) {
			add(w, cap, childrel, ENTRY_FILE, (int64_t)sb.st_size);
		} else if (S_ISLNK(sb.st_mode)) {
			add(w, cap, childrel, ENTRY_SYMLINK, 0);
		} else {
			add(w, cap, childrel, ENTRY_SPECIAL, 0);
		}
	}
	rc = 0;
out:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (d)
		closedir(d);
	free(dirpath);
	return rc;
}

/* "./a//b/" -> "a/b"; "/" stays "/". */
static char *tidy(const char *path)
{
	struct buf b = BUF_INIT;
	const char *p = path;

	if (*p == '/')
		buf_addc(&b, '/');
	while (*p) {
		while (*p == '/')
			p++;
		const char *q = strchr(p, '/');
		size_t n = q ? (size_t)(q - p) : strlen(p);
		if (!(n == 1 && p[0] == '.') && n) {
			if (b.len && b.data[b.len - 1] != '/')
				buf_addc(&b, '/');
			buf_add(&b, p, n);
		}
		p += n;
	}
	if (!b.len)
		buf_addc(&b, '.');
	return buf_detach(&b);
}

/* Whether PATH is something walk_bundle() can walk, with sb its stat: a directory that
 * opens and may be searched, or a regular file that opens. */
static int check(const char *path, struct stat *sb, struct error *e)
{
	DIR *d;
	int fd;

	if (stat(path, sb) != 0)
		return error_at(e, error_io_status(errno), "ingest", path, 0, 0, NULL, "cannot read: %s",
				strerror(errno));
	if (S_ISDIR(sb->st_mode)) {
		/* searched too: read but not searched, its files could not be opened */
		if (!(d = opendir(path)) || faccessat(AT_FDCWD, path, X_OK, AT_EACCESS) != 0) {
			int err = errno;
			if (d)
				closedir(d);
			return error_at(e, error_io_status(err), "ingest", path, 0, 0, NULL,
					"cannot open directory: %s", strerror(err));
		}
		closedir(d);
		return 0;
	}
	if (!S_ISREG(sb->st_mode))
		return error_at(e, EXIT_IO, "ingest", path, 0, 0, NULL,
				"not a regular file or directory");
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return error_at(e, error_io_status(errno), "ingest", path, 0, 0, NULL, "cannot read: %s",
				strerror(errno));
	close(fd);
	return 0;
}

int walk_check(const char *path, struct error *e)
{
	struct stat sb;

	return check(path, &sb, e);
}

int walk_bundle(const char *path, struct walk *out, struct error *e)
{
	struct stat sb, lsb;
	size_t cap = 0;
	char *real = NULL;
	const char *name, *slash;

	memset(out, 0, sizeof(*out));
	if (check(path, &sb, e))
		return -1;
	out->bundle = tidy(path);
	out->shown = utf8_escape_name(out->bundle);
	if (S_ISDIR(sb.st_mode)) {
		out->root = xstrdup(out->bundle);
		if (visit(out, &cap, "", 0, e)) {
			walk_release(out);
			return -1;
		}
		return 0;
	}
	/* A file the user names is read through a symbolic link (files are opened without
	 * following one, as links inside a bundle must not be): the entry is its target. */
	name = out->bundle;
	if (lstat(path, &lsb) == 0 && S_ISLNK(lsb.st_mode)) {
		if (!(real = realpath(path, NULL))) {
			walk_release(out);
			return error_at(e, error_io_status(errno), "ingest", path, 0, 0, NULL,
					"cannot resolve: %s", strerror(errno));
		}
		name = real;
	}
	slash = strrchr(name, '/');
	if (slash) {
		out->root = slash == name ? xstrdup("/") : xstrndup(name, (size_t)(slash - name));
		add(out, &cap, xstrdup(slash + 1), ENTRY_FILE, (int64_t)sb.st_size);
	} else {
		out->root = xstrdup(".");
		add(out, &cap, xstrdup(name), ENTRY_FILE, (int64_t)sb.st_size);
	}
	free(real);
	out->single = 1;
	return 0;
}

void walk_drop(struct walk *w, const char *path)
{
	const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
	char *dir = path_real_dir(path);
	size_t k = 0;

	for (size_t i = 0; i < w->n; i++) {
		const char *eslash = strrchr(w->entries[i].path, '/');
		const char *ebase = eslash ? eslash + 1 : w->entries[i].path;
		int same = 0;
		if (dir && !strcmp(ebase, base)) {
			char *full = walk_join(w->root, w->entries[i].path);
			char *edir = path_real_dir(full);
			same = edir && !strcmp(edir, dir);
			free(edir);
			free(full);
		}
		if (same)
			free(w->entries[i].path);
		else
			w->entries[k++] = w->entries[i];
	}
	w->n = k;
	free(dir);
}

/* Whether p starts with a date as the reports' names write it (YYYY-MM-DD); its end. */
static const char *name_date(const char *p)
{
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? p[i] != '-' : !isdigit((unsigned char)p[i]))
			return NULL;
	return p + 10;
}

/* Whether p starts with an environment of the reports' names (all: every one); its end. */
static const char *name_env(const char *p, int all)
{
	static const char *const envs[] = { "local-", "sim-", "live-", "all-" };

	for (size_t i = 0; i < (all ? 4u : 3u); i++)
		if (!strncmp(p, envs[i], strlen(envs[i])))
			return p + strlen(envs[i]);
	return NULL;
}

/* Whether `ext` ends a report's name: .xml or .pdf, alone or staged (.tmp, or
 * .taits-XXXXXX of six letters or digits as outfile.c has mkostemp() make it). */
static int name_ext(const char *ext)
{
	static const char mark[] = ".taits-";

	if (strncmp(ext, ".xml", 4) && strncmp(ext, ".pdf", 4))
		return 0;
	ext += 4;
	if (!*ext || !strcmp(ext, ".tmp"))
		return 1;
	if (strlen(ext) != sizeof(mark) - 1 + 6 || strncmp(ext, mark, sizeof(mark) - 1))
		return 0;
	for (ext += sizeof(mark) - 1; *ext; ext++)
		if (!isalnum((unsigned char)*ext))
			return 0;
	return 1;
}

/* Whether a file's base name is one a report takes, or takes while it is written. */
static int report_name(const char *name)
{
	const char *p;

	if (!strncmp(name, "review-", 7))
		return (p = name_env(name + 7, 1)) && (p = name_date(p)) && name_ext(p);
	if (!strncmp(name, "report-", 7))
		return (p = name_env(name + 7, 1)) && (p = name_date(p)) && *p++ == '_' &&
		       (p = name_date(p)) && name_ext(p);
	if (!strncmp(name, "preflight-", 10))
		return (p = name_env(name + 10, 0)) && (p = name_date(p)) && name_ext(p);
	if (!strncmp(name, "unfreeze-", 9) && name[9]) {
		/* the freeze ID, any text: the extension is the last .xml or .pdf */
		const char *ext = NULL;
		for (p = name + 10; (p = strchr(p, '.')); p++)
			if (name_ext(p))
				ext = p;
		return ext != NULL;
	}
	return 0;
}

void walk_drop_reports(struct walk *w, const char *dir)
{
	char *real;
	size_t k = 0;

	if (w->single || !(real = realpath(dir, NULL)))
		return; /* a file named by the user; a directory not made yet holds no report */
	for (size_t i = 0; i < w->n; i++) {
		const char *slash = strrchr(w->entries[i].path, '/');
		int ours = 0;
		if (w->entries[i].type == ENTRY_FILE &&
		    report_name(slash ? slash + 1 : w->entries[i].path)) {
			char *full = walk_join(w->root, w->entries[i].path);
			char *edir = path_real_dir(full);
			ours = edir && !strcmp(edir, real);
			free(edir);
			free(full);
		}
		if (!ours) {
			w->entries[k++] = w->entries[i];
			continue;
		}
		w->dropped = xrealloc(w->dropped, (w->ndropped + 1) * sizeof(*w->dropped));
		w->dropped[w->ndropped++] = w->entries[i].path;
	}
	w->n = k;
	free(real);
}

int walk_dropped(const struct walk *w, const char *path)
{
	for (size_t i = 0; i < w->ndropped; i++)
		if (!strcmp(w->dropped[i], path))
			return 1;
	return 0;
}

void walk_release(struct walk *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->entries[i].path);
	free(w->entries);
	free(w->root);
	for (size_t i = 0; i < w->ndropped; i++)
		free(w->dropped[i]);
	free(w->dropped);
	free(w->bundle);
	free(w->shown);
	memset(w, 0, sizeof(*w));
}
