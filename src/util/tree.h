/*
 * tree.h - the parsed form of one record, configuration or template: a cJSON tree,
 * whichever format it was written in.
 *
 * JSON is parsed by cJSON; YAML by libyaml's event API (tree_parse_yaml) into the same
 * cJSON types, so everything downstream reads one structure. Both parsers run under a
 * per-document allocation budget, so a hostile document fails cleanly instead of
 * exhausting memory.
 */
#ifndef TAITS_TREE_H
#define TAITS_TREE_H

#include <cjson/cJSON.h>
#include <stddef.h>

#define TREE_MAX_DEPTH 64
#define TREE_MAX_ALLOC (16u << 20) /* bytes of tree per document */

struct tree_error {
	long line;       /* 1-based, relative to the parsed text; 0 when unknown */
	long column;     /* 1-based; 0 when unknown */
	char field[96];  /* the key at fault, when known */
	char msg[256];
};

/* Installs the budgeted allocator as cJSON's hooks. Call once at start-up. */
void tree_init(void);
/* Arena mode for a stream of short-lived trees (one record at a time): tree_arena(1)
 * gives the thread an arena of its own, tree_arena_reset() releases every tree allocated
 * since (call it only when none of them is in use any more), tree_arena(0) frees it.
 *
 * Between threads: tree_arena_pool() registers a region of blocks (frees inside it do
 * nothing, on any thread), and tree_arena_block() makes the calling thread allocate from
 * one block of it, from its start (NULL: back to malloc). */
void tree_arena(int on);
void tree_arena_reset(void);
void tree_arena_pool(char *base, size_t size);
void tree_arena_block(char *block, size_t size);
/* What was allocated outside the block since tree_arena_block(), in bytes: when 0, the
 * trees in it need no tree_free() at all. */
size_t tree_arena_spilled_bytes(void);
/* Allocates from the thread's arena (or malloc); tree_free() releases either kind. */
void *tree_alloc(size_t n);
void tree_free(void *p);

/* Parses one JSON text. Returns the tree, or NULL with *err filled. cJSON bounds the
 * nesting (1000 levels); the stricter TREE_MAX_DEPTH and duplicate keys are left to the
 * caller: for records, canon_write() finds both while it walks the tree anyway, and
 * canon_check() when the hash is left for later. */
cJSON *tree_parse_json(const char *text, size_t len, struct tree_error *err);

/* Parses JSON this program wrote (a finding's args as the store holds them), on any
 * thread: no budget, since it is no input; NULL for NULL or for text that is not JSON. */
cJSON *tree_parse_stored(const char *json);

/* The member of a JSON text[0, len) that byte `offset` is in, as tree_parse_json() names
 * the field of an error: "" when outside any member. For a fault found before parsing (a
 * byte that is not UTF-8, a NUL). */
void tree_json_field_at(const char *text, size_t len, size_t offset, char *field, size_t size);

/* Parses a YAML text holding at most one document. Returns 0 and sets *out (NULL for an
 * empty stream or an empty document), or -1 with *err filled. Duplicate keys are left to
 * the caller, as for JSON: a record so written is rejected by record_build(), which still
 * reads its place in its source's sequence from the tree; tree_parse_yaml_unique()
 * refuses them. */
int tree_parse_yaml(const char *text, size_t len, cJSON **out, struct tree_error *err);

/* tree_parse_yaml() for a file read whole, not record by record (the tailoring file, a
 * report template, a test's expectations): a key written twice anywhere is an error too,
 * naming the key and its line. */
int tree_parse_yaml_unique(const char *text, size_t len, cJSON **out, struct tree_error *err);

/* Finds a duplicate key anywhere in the tree: the member written second (its name is
 * ->string, its line tree_line()), or NULL. */
const cJSON *tree_find_duplicate(const cJSON *node);

/* For a node of a tree_parse_yaml() tree, the 1-based line it was written on (for a
 * mapping's value, the line of its key), relative to the parsed text; 0 when unknown.
 * Meaningless for JSON trees, whose valueint cJSON keeps for numbers. */
long tree_line(const cJSON *node);

/* For a YAML scalar resolved to a number or boolean, or a JSON number given its text by
 * tree_json_number_texts(), the text as written; else NULL. */
const char *tree_scalar_text(const cJSON *node);

/* Gives each number of a tree_parse_json() tree of text[0, len) the text it was written
 * as, which tree_scalar_text() then returns, as for YAML: cJSON keeps only the double, and
 * that is not the text of a version such as 1.10 or of an ID past 2^53. Numbers come in
 * the same order in the text and in the tree. A tree deeper than TREE_MAX_DEPTH is left
 * partly done (canon_write() rejects it). */
void tree_json_number_texts(cJSON *root, const char *text, size_t len);

/* A value as it was written, for a message: a string's text, a number (its text as
 * written when known), true or false, null, or "a list" / "a mapping"; in buf (size n)
 * unless it is the string itself. */
const char *tree_value_shown(const cJSON *v, char *buf, size_t n);

#endif
