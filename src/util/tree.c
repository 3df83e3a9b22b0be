/*
 * tree.c - JSON and YAML into cJSON trees, with limits.
 *
 * YAML uses libyaml's event API with an explicit stack: no recursion, a nesting limit,
 * an alias read as a copy of its anchor's node within limits (so aliases cannot grow a
 * small document into a large tree), keys restricted to scalars, and scalars typed by
 * the YAML 1.2 core schema. Plain scalars that resolve to numbers or booleans keep their
 * original text in `valuestring`, so a field the contract defines as text (a version)
 * reads as written; tree_json_number_texts() gives a JSON tree's numbers theirs.
 */
#include "tree.h"
#include "buf.h"
#include "error.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* ---- the allocation budget ---- */

static _Thread_local size_t budget_used;
static _Thread_local int budget_over;
static _Thread_local int budget_off;  /* tree_parse_stored(): not an input's tree */

/* Arenas: while one is in use, small allocations come from its block, handed out in
 * order and all released at once by resetting it, so a record's tree costs no
 * malloc/free pair per node. What does not fit goes to malloc as usual.
 *
 * A thread either owns its arena (tree_arena) or is lent a block of a pool
 * (tree_arena_block), whose trees another thread may then delete: freeing inside the
 * pool is a no-op for every thread. */
#define ARENA_SIZE (256u << 10)
static _Thread_local char *arena;      /* the block in use */
static _Thread_local size_t arena_size, arena_used;
static _Thread_local int arena_owned;  /* arena is this thread's own allocation */
static _Thread_local size_t arena_spilled_bytes; /* malloc'd since the block was lent */
static char *pool;                     /* blocks lent out, for all threads */
static size_t pool_size;

static void *arena_alloc(size_t n)
{
	size_t need = (n + 15) & ~(size_t)15;

	if (arena && arena_used + need <= arena_size) {
		void *p = arena + arena_used;
		arena_used += need;
		return p;
	}
	arena_spilled_bytes += n ? n : 1; /* never 0 once anything spilled */
	return malloc(n);
}


/* cJSON's allocator: NULL past the document's budget, which rejects the document. Memory
 * running out within it is not the document's fault: the run ends (exit 4). */
static void *budget_malloc(size_t n)
{
	void *p;

	if (!budget_off && budget_used + n > TREE_MAX_ALLOC) {
		budget_over = 1;
		return NULL;
	}
	budget_used += n;
	if (!(p = arena_alloc(n)))
		error_out_of_memory(n);
	return p;
}

void tree_free(void *p)
{
	char *c = p;

	if (arena && c >= arena && c < arena + arena_size)
		return;
	if (pool && c >= pool && c < pool + pool_size)
		return;
	free(p);
}

void *tree_alloc(size_t n)
{
	void *p = arena_alloc(n);

	if (!p)
		error_out_of_memory(n);
	return p;
}

void tree_arena(int on)
{
	if (arena_owned)
		free(arena);
	arena = on ? xmalloc(ARENA_SIZE) : NULL;
	arena_size = on ? ARENA_SIZE : 0;
	arena_used = 0;
	arena_owned = on;
}

void tree_arena_reset(void)
{
	arena_used = 0;
}

void tree_arena_pool(char *base, size_t size)
{
	pool = base;
	pool_size = size;
}

void tree_arena_block(char *block, size_t size)
{
	if (arena_owned)
		free(arena);
	arena_owned = 0;
	arena = block;
	arena_size = block ? size : 0;
	arena_used = 0;
	arena_spilled_bytes = 0;
}

size_t tree_arena_spilled_bytes(void)
{
	return arena_spilled_bytes;
}

void tree_init(void)
{
	cJSON_Hooks hooks = { budget_malloc, tree_free };

	cJSON_InitHooks(&hooks);
}

static void tree_budget_reset(void)
{
	budget_used = 0;
	budget_over = 0;
}

static int tree_budget_exceeded(void)
{
	return budget_over;
}

/* ---- shared checks ---- */

/* A member and its place among its object's members. */
struct member {
	const cJSON *node;
	size_t pos;
};

/* By key, then by place: members of one key come in the order they were written. */
static int cmp_member(const void *a, const void *b)
{
	const struct member *x = a, *y = b;
	int c = strcmp(x->node->string, y->node->string);

	return c ? c : (x->pos > y->pos) - (x->pos < y->pos);
}

const cJSON *tree_find_duplicate(const cJSON *node)
{
	const cJSON *dup = NULL;

	if (cJSON_IsObject(node)) {
		size_t n = 0, i = 0, best = 0;
		for (const cJSON *c = node->child; c; c = c->next)
			n++;
		if (n > 1) {
			struct member *v = xmalloc(n * sizeof(*v));
			for (const cJSON *c = node->child; c; c = c->next, i++)
				v[i] = (struct member){ c, i };
			qsort(v, n, sizeof(*v), cmp_member);
			/* the second member of a key, the one written first of those */
			for (i = 1; i < n; i++)
				if (!strcmp(v[i - 1].node->string, v[i].node->string) &&
				    (i < 2 || strcmp(v[i - 2].node->string, v[i].node->string)) &&
				    (!dup || v[i].pos < best)) {
					dup = v[i].node;
					best = v[i].pos;
				}
			free(v);
		}
	}
	/* a repetition nested earlier in the text comes first */
	if (cJSON_IsObject(node) || cJSON_IsArray(node))
		for (const cJSON *c = node->child; c; c = c->next) {
			const cJSON *d = tree_find_duplicate(c);
			if (d && (!dup || tree_line(d) < tree_line(dup)))
				dup = d;
		}
	return dup;
}

long tree_line(const cJSON *node)
{
	return node && node->valueint > 0 ? node->valueint : 0;
}

const char *tree_scalar_text(const cJSON *node)
{
	if (node && (cJSON_IsNumber(node) || cJSON_IsBool(node)))
		return node->valuestring;
	return NULL;
}

/* The next number token of JSON text at or after *p: outside strings, a token that starts
 * with '-' or a digit is a number. Sets *p to its start and *q past it; 0 when none. */
static int next_number(const char **p, const char *end, const char **q)
{
	for (const char *c = *p; c < end; c++) {
		if (*c == '"') {
			for (c++; c < end && *c != '"'; c++)
				if (*c == '\\')
					c++;
			continue;
		}
		if (*c != '-' && (*c < '0' || *c > '9'))
			continue;
		*p = c;
		for (*q = c; *q < end && **q && strchr("0123456789+-.eE", **q); ++*q)
			;
		return 1;
	}
	return 0;
}

void tree_json_number_texts(cJSON *root, const char *text, size_t len)
{
	cJSON *stack[TREE_MAX_DEPTH], *n = root;
	const char *p = text, *end = text + len, *q;
	int depth = 0;

	/* Pre-order, the order of the text, without recursion: the depth is the input's. */
	for (;;) {
		if (cJSON_IsNumber(n) && !n->valuestring) {
			char *copy;
			if (!next_number(&p, end, &q))
				return;
			/* Outside the parse's budget: the texts are no longer than the line,
			 * which max_record_bytes bounds. */
			copy = tree_alloc((size_t)(q - p) + 1);
			memcpy(copy, p, (size_t)(q - p));
			copy[q - p] = '\0';
			n->valuestring = copy;
			p = q;
		}
		if ((cJSON_IsObject(n) || cJSON_IsArray(n)) && n->child) {
			if (depth == TREE_MAX_DEPTH)
				return; /* too deep: the record is rejected as such */
			stack[depth++] = n;
			n = n->child;
			continue;
		}
		for (;;) {
			if (n == root)
				return;
			if (n->next) {
				n = n->next;
				break;
			}
			n = stack[--depth];
		}
	}
}

static void set_err(struct tree_error *err, long line, long col, const char *field,
		    const char *msg)
{
	err->line = line;
	err->column = col;
	snprintf(err->field, sizeof(err->field), "%s", field ? field : "");
	snprintf(err->msg, sizeof(err->msg), "%s", msg);
}

/* An error at byte `offset` of text: its line and column (in bytes), no field. */
static void reader_error_at(const char *text, size_t len, size_t offset,
			    struct tree_error *err, const char *msg)
{
	long line = 1;
	size_t start = 0;

	if (offset > len)
		offset = len;
	for (size_t i = 0; i < offset; i++)
		if (text[i] == '\n') {
			line++;
			start = i + 1;
		}
	set_err(err, line, (long)(offset - start) + 1, NULL, msg);
}

/* ---- JSON ---- */

/* Deepest bracket nesting in text[0, end), outside strings. cJSON gives up at its own
 * nesting limit with a plain parse error; this tells the user why. */
static int bracket_depth(const char *text, const char *end)
{
	int depth = 0, max = 0, in_string = 0;

	for (const char *p = text; p < end; p++) {
		if (in_string) {
			if (*p == '\\')
				p++;
			else if (*p == '"')
				in_string = 0;
		} else if (*p == '"') {
			in_string = 1;
		} else if (*p == '[' || *p == '{') {
			if (++depth > max)
				max = depth;
		} else if (*p == ']' || *p == '}') {
			depth--;
		}
	}
	return max;
}

static size_t digits_at(const char *p, const char *end)
{
	const char *q = p;

	while (q < end && *q >= '0' && *q <= '9')
		q++;
	return (size_t)(q - p);
}

static int hex4_at(const char *p, const char *end)
{
	if (end - p < 4)
		return 0;
	for (int i = 0; i < 4; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || ((p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'f')))
			return 0;
	return 1;
}

static int starts(const char *p, const char *end, const char *word)
{
	size_t n = strlen(word);

	return (size_t)(end - p) >= n && !memcmp(p, word, n);
}

/* The string that starts at the quote p: its end (past the closing quote), or NULL with
 * *bad and *why set. */
static const char *strict_string(const char *p, const char *end, const char **bad,
				 const char **why)
{
	for (p++; p < end; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '"')
			return p + 1;
		if (c < 0x20) {
			*why = "control character inside a string";
			break;
		}
		if (c != '\\')
			continue;
		if (end - p < 2 || !p[1] || !strchr("\"\\/bfnrtu", p[1])) {
			*why = "invalid escape in a string";
			break;
		}
		if (p[1] == 'u' && !hex4_at(p + 2, end)) {
			*why = "invalid \\u escape in a string";
			break;
		}
		if (p[1] == 'u' && !memcmp(p + 2, "0000", 4)) {
			*why = "string holds a NUL character (\\u0000)";
			break;
		}
		p++;
	}
	if (p >= end)
		*why = "unterminated string";
	*bad = p;
	return NULL;
}

/* The number that starts at p, -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?: its end,
 * or NULL. */
static const char *strict_number(const char *p, const char *end)
{
	const char *q = p + (*p == '-');
	size_t n = digits_at(q, end);

	if (!n || (n > 1 && *q == '0'))
		return NULL;
	q += n;
	if (q < end && *q == '.') {
		if (!(n = digits_at(q + 1, end)))
			return NULL;
		q += 1 + n;
	}
	if (q < end && (*q == 'e' || *q == 'E')) {
		q++;
		if (q < end && (*q == '+' || *q == '-'))
			q++;
		if (!(n = digits_at(q, end)))
			return NULL;
		q += n;
	}
	return q;
}

/* The first place where a text cJSON accepted is not RFC 8259 JSON, or NULL, with why.
 * cJSON checks the structure but is lenient with tokens: it reads `01`, `3.` and `1.e2`
 * as numbers, takes any byte up to space as white space and control characters inside
 * strings, and decodes a bad escape such as \uZZZZ, or \u0000, into a NUL that ends the
 * C string, so "live\uZZZZx" would silently read as "live". The structure being valid,
 * checking each token is enough. */
static const char *not_strict_json(const char *text, size_t len, const char **why)
{
	const char *p = text, *end = text + len, *bad = NULL;

	/* a byte-order mark starting a line, as cJSON skips it: files joined end to end */
	if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	while (p < end) {
		char c = *p;

		if (c == '"') {
			if (!(p = strict_string(p, end, &bad, why)))
				return bad;
		} else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '{' ||
			   c == '}' || c == '[' || c == ']' || c == ':' || c == ',') {
			p++;
		} else if (c == '-' || (c >= '0' && c <= '9')) {
			const char *q = strict_number(p, end);
			if (!q) {
				*why = "malformed number";
				return p;
			}
			p = q;
		} else if (starts(p, end, "true") || starts(p, end, "null")) {
			p += 4;
		} else if (starts(p, end, "false")) {
			p += 5;
		} else {
			*why = "not valid JSON";
			return p;
		}
	}
	return NULL;
}

/* The member an error at `at` of a JSON text[0, len) is in: the key of the innermost
 * object member that holds it (within the first TREE_MAX_DEPTH levels), as written
 * (escapes left as they are), or "" when the error is outside any member (at the top, or
 * in a key). A lenient scan of text[0, at): the text may be broken just there, and YAML's
 * errors name their field too. A text that ends too soon names the member only when it
 * ends inside that member's string: after a whole value, the fault is what is missing. */
static void json_field_at(const char *text, size_t len, const char *at, char *field,
			  size_t size)
{
	int in_string = 0;
	struct {
		const char *p;
		size_t n;
	} key[TREE_MAX_DEPTH];
	const char *str = NULL;
	size_t strn = 0;
	int depth = 0;

	for (const char *p = text; p < at; p++) {
		if (*p == '"') {
			const char *q = p + 1;
			while (q < at && *q != '"')
				q += *q == '\\' ? 2 : 1;
			if (q >= at) {
				in_string = 1;
				break;
			}
			str = p + 1;
			strn = (size_t)(q - str);
			p = q;
		} else if (*p == ':' && depth >= 1 && depth <= TREE_MAX_DEPTH) {
			key[depth - 1].p = str;
			key[depth - 1].n = strn;
		} else if (*p == '{' || *p == '[' || *p == ',') {
			if (*p != ',')
				depth++;
			if (depth >= 1 && depth <= TREE_MAX_DEPTH)
				key[depth - 1].p = NULL;
		} else if ((*p == '}' || *p == ']') && depth > 0) {
			depth--;
		}
	}
	field[0] = '\0';
	if (at >= text + len && !in_string)
		return;
	for (int d = depth < TREE_MAX_DEPTH ? depth : TREE_MAX_DEPTH; d > 0; d--)
		if (key[d - 1].p) {
			/* cut at a character's start: the field is quoted in messages and XML */
			size_t n = key[d - 1].n < size - 1 ? key[d - 1].n : size - 1;
			while (n && n < key[d - 1].n && (key[d - 1].p[n] & 0xC0) == 0x80)
				n--;
			memcpy(field, key[d - 1].p, n);
			field[n] = '\0';
			return;
		}
}

void tree_json_field_at(const char *text, size_t len, size_t offset, char *field, size_t size)
{
	json_field_at(text, len, text + (offset < len ? offset : len), field, size);
}

/* On a cache line of its own (the alignment rounds the struct's size up to a whole
 * line): the reader thread takes it for every record, and the store thread reads the
 * pool's bounds nearby for every record it frees. Sharing a line, each lock pulled it
 * back from the other core. */
static struct {
	_Alignas(64) pthread_mutex_t m;
} parse_lock = { PTHREAD_MUTEX_INITIALIZER };

cJSON *tree_parse_json(const char *text, size_t len, struct tree_error *err)
{
	const char *end = NULL, *bad, *not_strict, *at;
	cJSON *root;

	tree_budget_reset();
	/* cJSON records the place of its last error in a global of its own on every parse;
	 * a review parses on two threads. Nothing reads that global, but two threads must
	 * not write it at once. */
	pthread_mutex_lock(&parse_lock.m);
	root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	pthread_mutex_unlock(&parse_lock.m);
	if (!root) {
		long col = end && end >= text ? (long)(end - text) + 1 : 0;
		const char *upto = end && end >= text && end < text + len ? end + 1 : text + len;
		const char *why = "not valid JSON";
		char field[sizeof(err->field)];
		if (tree_budget_exceeded())
			why = "record too complex to parse";
		else if (bracket_depth(text, upto) > TREE_MAX_DEPTH)
			why = "nested deeper than 64 levels";
		/* cJSON stops at the ',' or bracket after a member when the text ends there
		 * (that member is whole, and the fault is not in it), and at the last byte
		 * when the text ends too soon (json_field_at() then reads it too) */
		at = end && end >= text && end <= text + len ? end : text;
		if ((at < text + len && (*at == ',' || *at == '}' || *at == ']')) ||
		    at + 1 == text + len)
			at++;
		json_field_at(text, len, at, field, sizeof(field));
		set_err(err, 1, col, field, why);
		return NULL;
	}
	/* Trailing non-space text after the value is not one JSON object. */
	while (end && end < text + len &&
	       (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n'))
		end++;
	if (end && end != text + len) {
		set_err(err, 1, (long)(end - text) + 1, NULL, "text after the JSON value");
		cJSON_Delete(root);
		return NULL;
	}
	if ((bad = not_strict_json(text, len, &not_strict))) {
		char field[sizeof(err->field)];
		json_field_at(text, len, bad, field, sizeof(field));
		set_err(err, 1, (long)(bad - text) + 1, field, not_strict);
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}

cJSON *tree_parse_stored(const char *json)
{
	cJSON *root;

	if (!json)
		return NULL;
	budget_off = 1;
	pthread_mutex_lock(&parse_lock.m); /* cJSON's global error place, as above */
	root = cJSON_Parse(json);
	pthread_mutex_unlock(&parse_lock.m);
	budget_off = 0;
	return root;
}

/* ---- YAML ---- */

#define TAG_PREFIX "tag:yaml.org,2002:"

static int match_any(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return 1;
	return 0;
}

/* The digits after a 0o or 0x prefix, as a number: digits of the base only (strtoull
 * alone would also take a sign, blanks or a second 0x). */
static int is_prefixed_int(const char *digits, int base, long double *v)
{
	const char *set = base == 8 ? "01234567" : "0123456789abcdefABCDEF";
	unsigned long long u;

	if (!*digits || digits[strspn(digits, set)])
		return 0;
	errno = 0;
	u = strtoull(digits, NULL, base);
	if (errno)
		return 0;
	*v = (long double)u;
	return 1;
}

static int is_int_text(const char *s, long double *v)
{
	const char *p = s;

	if (!strncmp(s, "0o", 2))
		return is_prefixed_int(s + 2, 8, v);
	if (!strncmp(s, "0x", 2))
		return is_prefixed_int(s + 2, 16, v);
	if (*p == '-' || *p == '+')
		p++;
	if (!*p)
		return 0;
	for (const char *q = p; *q; q++)
		if (*q < '0' || *q > '9')
			return 0;
	*v = strtold(s, NULL);
	return 1;
}

static int is_float_text(const char *s, double *v)
{
	static const char *const inf[] = { ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF",
					   NULL };
	static const char *const ninf[] = { "-.inf", "-.Inf", "-.INF", NULL };
	static const char *const nan_[] = { ".nan", ".NaN", ".NAN", NULL };
	const char *p = s;
	int digits = 0;

	if (match_any(s, inf)) {
		*v = INFINITY;
		return 1;
	}
	if (match_any(s, ninf)) {
		*v = -INFINITY;
		return 1;
	}
	if (match_any(s, nan_)) {
		*v = NAN;
		return 1;
	}
	/* [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )? */
	if (*p == '-' || *p == '+')
		p++;
	while (*p >= '0' && *p <= '9')
		p++, digits++;
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9')
			p++, digits++;
	}
	if (!digits)
		return 0;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '-' || *p == '+')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p)
		return 0;
	*v = strtod(s, NULL);
	return 1;
}

/* Builds the node for a scalar event; NULL with a message when it cannot. */
static cJSON *scalar_node(const yaml_event_t *ev, const char **why)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL", NULL };
	static const char *const trues[] = { "true", "True", "TRUE", NULL };
	static const char *const falses[] = { "false", "False", "FALSE", NULL };
	const char *text = (const char *)ev->data.scalar.value;
	const char *tag = (const char *)ev->data.scalar.tag;
	int plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	cJSON *node = NULL;
	long double iv;
	double fv;

	if (strlen(text) != ev->data.scalar.length) {
		*why = "scalar holds a NUL character";
		return NULL;
	}
	if (tag && strcmp(tag, "!")) {
		if (!strncmp(tag, TAG_PREFIX, strlen(TAG_PREFIX)))
			tag += strlen(TAG_PREFIX);
		else {
			*why = "tag not supported";
			return NULL;
		}
		/* a time tagged as one is read as written, as an untagged one is: the
		 * contract's times are text (ISO 8601), which the record reader parses */
		if (!strcmp(tag, "str") || !strcmp(tag, "timestamp"))
			return cJSON_CreateString(text);
		if (!strcmp(tag, "null"))
			return cJSON_CreateNull();
		if (!strcmp(tag, "bool") && (match_any(text, trues) || match_any(text, falses)))
			return cJSON_CreateBool(match_any(text, trues));
		if (!strcmp(tag, "int") && is_int_text(text, &iv))
			node = cJSON_CreateNumber((double)iv);
		else if (!strcmp(tag, "float") && is_float_text(text, &fv))
			node = cJSON_CreateNumber(fv);
		else {
			*why = "tag not supported or value does not match it";
			return NULL;
		}
	} else if (!plain || tag) {
		return cJSON_CreateString(text);
	} else if (match_any(text, nulls)) {
		return cJSON_CreateNull();
	} else if (match_any(text, trues) || match_any(text, falses)) {
		node = cJSON_CreateBool(match_any(text, trues));
	} else if (is_int_text(text, &iv)) {
		node = cJSON_CreateNumber((double)iv);
	} else if (is_float_text(text, &fv)) {
		node = cJSON_CreateNumber(fv);
	} else {
		return cJSON_CreateString(text);
	}
	if (node) {
		/* Keep the text as written; cJSON_Delete frees valuestring of any type. */
		size_t n = strlen(text) + 1;
		char *copy = budget_malloc(n);
		if (!copy) {
			cJSON_Delete(node);
			return NULL;
		}
		memcpy(copy, text, n);
		node->valuestring = copy;
	}
	return node;
}

struct frame {
	cJSON *node;
	char *key; /* pending key of a mapping, owned */
	long key_line;
	int height;  /* levels of collections in its subtree so far, its own included */
	int anchor;  /* its index in the anchors, or -1 */
};

/*
 * The anchors of a document. An alias is a copy of a node complete before it: an alias
 * of a collection still open (one inside itself) would be a tree without end. A copy
 * counts against the budget like the rest of the tree, and may not take the document
 * deeper than TREE_MAX_DEPTH. A record needs a few anchors; past MAX_ANCHORS the
 * document is refused, so that finding one stays cheap. The copies may take at most
 * ALIAS_BYTES_PER_BYTE times the document's own length (and ALIAS_BYTES_MIN): below the
 * budget, so that a file of small alias bombs costs time in proportion to its size, not
 * a full budget of copying for each.
 */
#define MAX_ANCHORS 256
#define ALIAS_BYTES_PER_BYTE 64
#define ALIAS_BYTES_MIN ((size_t)256 << 10)

struct anchor {
	char *name;
	const cJSON *node; /* NULL while its collection is open */
	int height;        /* levels of collections in its node: 0 for a scalar */
};

struct anchors {
	struct anchor a[MAX_ANCHORS];
	int n;
	size_t copied, limit; /* bytes of tree the aliases' copies took, and may take */
};

/* The latest anchor of that name (a name may be given again, and then means the new
 * node), or NULL. */
static struct anchor *anchor_find(struct anchors *as, const char *name)
{
	for (int i = as->n - 1; i >= 0; i--)
		if (!strcmp(as->a[i].name, name))
			return &as->a[i];
	return NULL;
}

/* Records an anchor; its index, or -1 with *why set when there are too many. */
static int anchor_add(struct anchors *as, const unsigned char *name, const cJSON *node,
		      int height, const char **why)
{
	if (!name)
		return -1;
	if (as->n == MAX_ANCHORS) {
		*why = "more than 256 anchors";
		return -1;
	}
	as->a[as->n].name = xstrdup((const char *)name);
	as->a[as->n].node = node;
	as->a[as->n].height = height;
	return as->n++;
}

static void anchors_release(struct anchors *as)
{
	for (int i = 0; i < as->n; i++)
		free(as->a[i].name);
	as->n = 0;
}

/* The node an alias stands for, at `depth`: a copy of its anchor's, or NULL with *why. */
static cJSON *alias_node(struct anchors *as, const yaml_event_t *ev, int depth,
			 int *height, const char **why)
{
	const struct anchor *a = anchor_find(as, (const char *)ev->data.alias.anchor);
	cJSON *copy;

	if (!a) {
		*why = "alias of an anchor not defined before it";
		return NULL;
	}
	if (!a->node) {
		*why = "alias of a collection from inside it";
		return NULL;
	}
	if (depth + a->height > TREE_MAX_DEPTH) {
		*why = "nested deeper than 64 levels";
		return NULL;
	}
	size_t before = budget_used;
	copy = cJSON_Duplicate(a->node, 1);
	as->copied += budget_used - before;
	if (!copy || as->copied > as->limit) {
		cJSON_Delete(copy);
		*why = "aliases expand the document too far";
		return NULL;
	}
	/* the anchor's key, if it had one, is not this node's */
	cJSON_free(copy->string);
	copy->string = NULL;
	*height = a->height;
	return copy;
}

/* The innermost open collection now holds a node of `height` levels of collections. */
static void holds(struct frame *stack, int depth, int height)
{
	if (depth && stack[depth - 1].height < height + 1)
		stack[depth - 1].height = height + 1;
}

/* The key a message about the current event names: the pending key of the innermost
 * mapping, else the key the innermost keyed collection was stored under. */
static const char *field_at(const struct frame *stack, int depth)
{
	if (depth && stack[depth - 1].key)
		return stack[depth - 1].key;
	for (int i = depth - 1; i >= 0; i--)
		if (stack[i].node->string)
			return stack[i].node->string;
	return NULL;
}

int tree_parse_yaml(const char *text, size_t len, cJSON **out, struct tree_error *err)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	struct frame stack[TREE_MAX_DEPTH + 1];
	struct anchors anchors;
	int depth = 0, docs = 0, done = 0, rc = -1;
	cJSON *root = NULL;

	*out = NULL;
	memset(err, 0, sizeof(*err));
	tree_budget_reset();
	/* A byte-order mark (as Notepad writes): libyaml, told the encoding below, would read
	 * it as a character before the first key. */
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
		text += 3;
		len -= 3;
	}
	anchors.n = 0;
	anchors.copied = 0;
	anchors.limit = len * ALIAS_BYTES_PER_BYTE + ALIAS_BYTES_MIN;
	if (!yaml_parser_initialize(&parser)) /* it fails only to allocate */
		error_out_of_memory_in("libyaml: yaml_parser_initialize");
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);

	while (!done) {
		const char *why = NULL;
		cJSON *node = NULL;
		int complete = 0;      /* node is a whole subtree (an alias's copy) ... */
		int height = 0;        /* ... with these levels of collections */
		const yaml_char_t *anchor = NULL;
		long line, col;

		if (!yaml_parser_parse(&parser, &ev)) {
			char msg[256];
			if (parser.error == YAML_MEMORY_ERROR)
				error_out_of_memory_in("libyaml: yaml_parser_parse");
			snprintf(msg, sizeof(msg), "not valid YAML: %s%s%s",
				 parser.problem ? parser.problem : "syntax error",
				 parser.context ? " " : "",
				 parser.context ? parser.context : "");
			if (parser.error == YAML_READER_ERROR)
				/* libyaml decodes ahead of the parser and places a bad byte by
				 * its offset alone, not by line: its field is not known yet */
				reader_error_at(text, len, parser.problem_offset, err, msg);
			else
				set_err(err, (long)parser.problem_mark.line + 1,
					(long)parser.problem_mark.column + 1,
					field_at(stack, depth), msg);
			goto out;
		}
		line = (long)ev.start_mark.line + 1;
		col = (long)ev.start_mark.column + 1;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1)
				why = "more than one YAML document";
			break;
		case YAML_ALIAS_EVENT:
			if (depth && cJSON_IsObject(stack[depth - 1].node) &&
			    !stack[depth - 1].key) {
				/* a key: the text of a scalar anchored before */
				const struct anchor *a =
					anchor_find(&anchors, (const char *)ev.data.alias.anchor);
				if (!a)
					why = "alias of an anchor not defined before it";
				else if (!a->node || a->height || !a->node->valuestring)
					why = "keys must be scalars";
				else {
					stack[depth - 1].key = xstrdup(a->node->valuestring);
					stack[depth - 1].key_line = line;
				}
				break;
			}
			node = alias_node(&anchors, &ev, depth, &height, &why);
			complete = 1;
			break;
		case YAML_SCALAR_EVENT:
			if (depth && cJSON_IsObject(stack[depth - 1].node) &&
			    !stack[depth - 1].key) {
				const char *k = (const char *)ev.data.scalar.value;
				if (strlen(k) != ev.data.scalar.length)
					why = "key holds a NUL character";
				else if (!strcmp(k, "<<") &&
					 ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
					why = "merge keys are not allowed";
				else if (ev.data.scalar.anchor)
					why = "anchors on keys are not supported";
				else {
					stack[depth - 1].key = xstrdup(k);
					stack[depth - 1].key_line = line;
				}
				break;
			}
			node = scalar_node(&ev, &why);
			if (!node && !why)
				why = "document too large to parse";
			anchor = ev.data.scalar.anchor;
			break;
		case YAML_MAPPING_START_EVENT:
		case YAML_SEQUENCE_START_EVENT: {
			const char *tag = ev.type == YAML_MAPPING_START_EVENT
						  ? (const char *)ev.data.mapping_start.tag
						  : (const char *)ev.data.sequence_start.tag;
			if (tag && strcmp(tag, "!") && strcmp(tag, TAG_PREFIX "map") &&
			    strcmp(tag, TAG_PREFIX "seq")) {
				why = "tag not supported";
				break;
			}
			if (depth && cJSON_IsObject(stack[depth - 1].node) &&
			    !stack[depth - 1].key) {
				why = "keys must be scalars";
				break;
			}
			if (depth >= TREE_MAX_DEPTH) {
				why = "nested deeper than 64 levels";
				break;
			}
			node = ev.type == YAML_MAPPING_START_EVENT ? cJSON_CreateObject()
								     : cJSON_CreateArray();
			if (!node)
				why = "document too large to parse";
			anchor = ev.type == YAML_MAPPING_START_EVENT ? ev.data.mapping_start.anchor
								     : ev.data.sequence_start.anchor;
			break;
		}
		case YAML_MAPPING_END_EVENT:
		case YAML_SEQUENCE_END_EVENT: {
			const struct frame *f = &stack[--depth];
			if (f->anchor >= 0) {
				anchors.a[f->anchor].node = f->node;
				anchors.a[f->anchor].height = f->height;
			}
			holds(stack, depth, f->height);
			break;
		}
		default:
			break;
		}
		if (why) {
			set_err(err, line, col,
				field_at(stack, depth), why);
			yaml_event_delete(&ev);
			goto out;
		}
		if (node) {
			/* Where the node was written (its key's line in a mapping): the
			 * line a message about it names. cJSON has no field for it, and
			 * valueint, its int copy of numbers, is read nowhere here. */
			node->valueint = depth && cJSON_IsObject(stack[depth - 1].node)
						 ? (int)stack[depth - 1].key_line
						 : (int)line;
			if (!depth) {
				root = node;
			} else if (cJSON_IsObject(stack[depth - 1].node)) {
				int ok = cJSON_AddItemToObject(stack[depth - 1].node,
							       stack[depth - 1].key, node);
				free(stack[depth - 1].key);
				stack[depth - 1].key = NULL;
				if (!ok) {
					cJSON_Delete(node);
					set_err(err, line, col, NULL, "document too large to parse");
					yaml_event_delete(&ev);
					goto out;
				}
			} else {
				cJSON_AddItemToArray(stack[depth - 1].node, node);
			}
			if (!complete && (cJSON_IsObject(node) || cJSON_IsArray(node))) {
				stack[depth].node = node;
				stack[depth].key = NULL;
				stack[depth].height = 1;
				stack[depth].anchor = anchor_add(&anchors, anchor, NULL, 0, &why);
				depth++;
			} else {
				if (!complete)
					anchor_add(&anchors, anchor, node, 0, &why);
				holds(stack, depth, height);
			}
			if (why) {
				set_err(err, line, col, field_at(stack, depth), why);
				yaml_event_delete(&ev);
				goto out;
			}
		}
		yaml_event_delete(&ev);
	}
	if (tree_budget_exceeded()) {
		set_err(err, 0, 0, NULL, "document too large to parse");
		goto out;
	}
	/* An empty document (or a bare null) holds nothing, like a blank line. */
	if (cJSON_IsNull(root)) {
		cJSON_Delete(root);
		root = NULL;
	}
	*out = root;
	root = NULL;
	rc = 0;
out:
	while (depth > 0) {
		free(stack[depth - 1].key);
		depth--;
	}
	anchors_release(&anchors);
	cJSON_Delete(root);
	yaml_parser_delete(&parser);
	return rc;
}

int tree_parse_yaml_unique(const char *text, size_t len, cJSON **out, struct tree_error *err)
{
	const cJSON *dup;

	if (tree_parse_yaml(text, len, out, err) < 0)
		return -1;
	if (!(dup = tree_find_duplicate(*out)))
		return 0;
	set_err(err, tree_line(dup), 0, dup->string, "duplicate key");
	cJSON_Delete(*out);
	*out = NULL;
	return -1;
}

/* A scalar as the file wrote it, for a message: a string's text, a number, or what
 * else the value is. */
const char *tree_value_shown(const cJSON *v, char *buf, size_t n)
{
	if (cJSON_IsString(v))
		return v->valuestring;
	if (tree_scalar_text(v)) /* a YAML scalar's own text: 1.10, 0x10 */
		return tree_scalar_text(v);
	if (cJSON_IsNumber(v))
		snprintf(buf, n, "%.17g", v->valuedouble);
	else
		snprintf(buf, n, "%s", cJSON_IsBool(v) ? (cJSON_IsTrue(v) ? "true" : "false")
				   : cJSON_IsNull(v)  ? "null"
				   : cJSON_IsArray(v) ? "a list"
						      : "a mapping");
	return buf;
}
