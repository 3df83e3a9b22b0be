/*
 * manifest.h - a bundle's SHA256SUMS, as written by sha256sum.
 */
#ifndef TAITS_MANIFEST_H
#define TAITS_MANIFEST_H

#include <stddef.h>

#define MANIFEST_NAME "SHA256SUMS"
#define MANIFEST_MAX_BYTES (64u << 20)

struct manifest_line {
	long line;
	char *path;      /* normalised relative path */
	char sha256[65]; /* lowercase */
	int repeat;      /* an earlier line lists its path with its SHA-256 */
};

struct manifest {
	struct manifest_line *lines; /* the usable lines, in file order */
	size_t n;
	/* The lines sorted by path, then in file order: a path listed twice has equal
	 * neighbours, the first of them the line manifest_find() returns. */
	const struct manifest_line **index;
	size_t nindex;
};

/* Called for each line that cannot be used, in file order: why, and the name as written
 * (NULL when the line names none). A nonzero return stops the parse and is returned. */
typedef int (*manifest_problem_fn)(void *arg, long line, const char *problem,
				   const char *listed);

/* Parses the text of a SHA256SUMS file: the usable lines into *out, each other one to
 * `problem` as it is met, so that a file of unusable lines costs no memory. */
int manifest_parse(const char *text, size_t len, struct manifest *out,
		   manifest_problem_fn problem, void *arg);
void manifest_release(struct manifest *m);
/* The first line listing `path`, or NULL; a binary search of the index. */
const struct manifest_line *manifest_find(const struct manifest *m, const char *path);

#endif
