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
	char *path;      /* normalised relative path; NULL when the line is unusable */
	char *listed;    /* the name as written when the line is unusable, else NULL */
	char sha256[65]; /* lowercase */
	const char *problem; /* why the line is unusable, or NULL */
	int repeat;      /* an earlier line lists its path with its SHA-256 */
};

struct manifest {
	struct manifest_line *lines;
	size_t n;
	/* The usable lines sorted by path, then in file order: a path listed twice has equal
	 * neighbours, the first of them the line manifest_find() returns. */
	const struct manifest_line **index;
	size_t nindex;
};

/* Parses the text of a SHA256SUMS file. Never fails: bad lines carry a problem. */
void manifest_parse(const char *text, size_t len, struct manifest *out);
void manifest_release(struct manifest *m);
/* The first usable line listing `path`, or NULL; a binary search of the index. */
const struct manifest_line *manifest_find(const struct manifest *m, const char *path);

#endif
