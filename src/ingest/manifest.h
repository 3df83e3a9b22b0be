/*
 * manifest.h - a bundle's SHA256SUMS, as written by sha256sum, one line at a time.
 */
#ifndef TAITS_MANIFEST_H
#define TAITS_MANIFEST_H

#include <stddef.h>

#define MANIFEST_NAME "SHA256SUMS"
/* A line longer than this cannot name a file (a path is at most 4,096 bytes, twice that
 * escaped): it is reported unusable without being held. */
#define MANIFEST_LINE_MAX (64u << 10)
#define MANIFEST_LINE_TOO_LONG "line longer than 65536 bytes"
/* The problem of a listed file the bundle lacks (a LOG-MANIFEST fact's `problem`): waivers
 * match its finding by the path it names (rules/engine.c). */
#define MANIFEST_MISSING "listed file missing"

struct manifest_line {
	long line;
	char *path;      /* normalised relative path, malloc'd */
	char sha256[65]; /* lowercase */
};

/* Parses one line (without its line ending: LF, and one CR before it) into *ml: NULL, or why it cannot be used.
 * On success ml->path is the caller's to free. On failure *listed holds the name as
 * written, or NULL when the line names none, and is the caller's to free. */
const char *manifest_parse_line(const char *p, size_t n, struct manifest_line *ml,
				char **listed);

#endif
