/*
 * yamlfile.c - a YAML stream: one record per document.
 *
 * The stream is cut into documents at lines that begin with a `---` or `...` marker:
 * the YAML specification forbids those at the start of a line inside a document, so the
 * cut is exact. Each document is then parsed on its own by libyaml (tree_parse_yaml), which
 * bounds the memory one document can take and lets a broken document be rejected while
 * the documents after it are still read.
 */
#include "ingest_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/io.h"

struct chunk {
	struct buf bytes;  /* the document's bytes, unless oversize */
	long doc_line;     /* line of its `---`, else of its first content line */
	long first_line;
	int64_t offset;    /* of its first byte */
	int64_t length;
	int oversize;
	int has_marker, has_content, ended;
};

/* The length of marker m at the start of line l, 0 when it has none. A byte-order mark
 * may come before it: YAML allows one at the start of each document, and files joined end
 * to end carry theirs (the JSON-lines reader skips one at a line's start too). */
static size_t marker(const struct line *l, const char *m)
{
	size_t b = l->p && l->n >= 3 && !memcmp(l->p, "\xEF\xBB\xBF", 3) ? 3 : 0;

	return l->p && l->n >= b + 3 && !memcmp(l->p + b, m, 3) &&
			       (l->n == b + 3 || l->p[b + 3] == ' ' || l->p[b + 3] == '\t')
		       ? b + 3
		       : 0;
}

/* Nonzero when the text after `from` holds more than blanks and a comment. */
static int has_text(const struct line *l, size_t from)
{
	if (!l->p)
		return 1; /* a too-long line certainly has text */
	for (size_t i = from; i < l->n; i++) {
		if (l->p[i] == '#')
			return 0;
		if (l->p[i] != ' ' && l->p[i] != '\t')
			return 1;
	}
	return 0;
}

static void chunk_start(struct chunk *c, const struct line *l)
{
	buf_reset(&c->bytes);
	c->doc_line = 0;
	c->first_line = l->lineno;
	c->offset = l->offset;
	c->length = 0;
	c->oversize = 0;
	c->has_marker = c->has_content = c->ended = 0;
}

static void chunk_add(struct chunk *c, const struct line *l, size_t max)
{
	int64_t n = l->length + (int64_t)l->eol;

	if (!c->oversize && (l->too_long || c->length + n > (int64_t)max)) {
		c->oversize = 1;
		buf_release(&c->bytes);
	}
	if (!c->oversize)
		buf_add(&c->bytes, l->p, (size_t)n);
	c->length += n;
}

static int flush(struct filectx *fc, struct chunk *c, struct error *e)
{
	struct reject_row row;
	struct tree_error terr;
	struct rejection why;
	struct record r;
	cJSON *tree = NULL;
	char reason[400];
	long line = c->doc_line ? c->doc_line : c->first_line;

	if (!c->has_marker && !c->has_content)
		return 0; /* blank lines, comments, directives only */
	memset(&row, 0, sizeof(row));
	row.line = line;
	row.offset = c->offset;
	row.length = c->length;
	row.fd = fc->fd;
	if (c->oversize) {
		if (sha256_fd(fc->fd, c->offset, c->length, row.sha256))
			return error_at(e, EXIT_IO, "ingest", fc->path, 0, 0, NULL,
					"read error: %s", io_read_error(errno));
		snprintf(reason, sizeof(reason), "record larger than %zu bytes (%lld)",
			 fc->opt->max_record_bytes, (long long)c->length);
		row.reason = reason;
		return filectx_reject(fc, &row, e);
	}
	row.raw = c->bytes.data ? c->bytes.data : "";
	sha256_once(row.raw, (size_t)c->length, row.sha256);
	if (filectx_next(fc, e))
		return -1;
	if (tree_parse_yaml(row.raw, (size_t)c->length, &tree, &terr) < 0) {
		if (terr.line > 0 && terr.column > 0)
			snprintf(reason, sizeof(reason), "%s (line %ld, column %ld)", terr.msg,
				 c->first_line + terr.line - 1, terr.column);
		else if (terr.line > 0)
			snprintf(reason, sizeof(reason), "%s (line %ld)", terr.msg,
				 c->first_line + terr.line - 1);
		else
			snprintf(reason, sizeof(reason), "%s", terr.msg);
		row.column = 0;
		row.field = terr.field;
		row.reason = reason;
		return filectx_reject(fc, &row, e);
	}
	if (!tree && !c->has_content)
		return 0; /* an empty document, like a blank line */
	if (!tree) {
		/* a document that says null (`--- null`, `~`): content, but no record, as a
		 * JSON line `null` is none */
		row.reason = "a record must be an object";
		return filectx_reject(fc, &row, e);
	}
	memset(&r, 0, sizeof(r));
	r.line = line;
	r.offset = c->offset;
	r.raw = row.raw;
	r.raw_len = (size_t)c->length;
	memcpy(r.sha256, row.sha256, SHA256_LEN);
	/* record_build() rejects a duplicate key, as in JSON, and still reads the record's
	 * place in its sequence; YAML can also say where: the first key written again */
	const cJSON *dup = tree_find_duplicate(tree);
	char dup_field[sizeof(why.field)];
	long dup_line = dup ? tree_line(dup) : 0;
	if (dup)
		snprintf(dup_field, sizeof(dup_field), "%s", dup->string);
	if (record_build(&r, tree, 1, &why) < 0) {
		row.field = why.field;
		row.reason = why.reason;
		if (dup && !strcmp(why.reason, "duplicate key")) {
			snprintf(reason, sizeof(reason), "duplicate key (line %ld)",
				 c->first_line + dup_line - 1);
			row.field = dup_field;
			row.reason = reason;
		}
		return filectx_reject_record(fc, &row, &why, e);
	}
	return filectx_record(fc, &r, e);
}

int yamlfile_read(struct filectx *fc, struct error *e)
{
	struct linereader lr;
	struct line l;
	struct chunk c;
	int rc, started = 0;

	memset(&c, 0, sizeof(c));
	linereader_init(&lr, fc->fd, fc->path, fc->size, fc->opt->max_record_bytes, 0);
	lr.whole = fc->whole;
	filectx_arena(fc, 1);
	while ((rc = linereader_next(&lr, &l, e)) == 1) {
		size_t start = marker(&l, "---"), end = marker(&l, "...");

		if (!started) {
			chunk_start(&c, &l);
			started = 1;
		} else if ((start && (c.has_marker || c.has_content)) || c.ended) {
			if ((rc = flush(fc, &c, e)) < 0)
				break;
			chunk_start(&c, &l);
		}
		chunk_add(&c, &l, fc->opt->max_record_bytes);
		if (start) {
			c.has_marker = 1;
			c.doc_line = l.lineno;
			if (has_text(&l, start))
				c.has_content = 1;
		} else if (end) {
			c.ended = 1;
		} else if (l.p && l.n && l.p[0] == '%' && !c.has_marker && !c.has_content) {
			/* a directive: belongs to the document that follows */
		} else if (has_text(&l, 0)) {
			if (!c.has_content && !c.doc_line)
				c.doc_line = l.lineno;
			c.has_content = 1;
		}
	}
	if (rc == 0 && started)
		rc = flush(fc, &c, e);
	filectx_arena(fc, 0);
	fc->whole_n = lr.whole_n;
	buf_release(&c.bytes);
	linereader_release(&lr);
	return rc < 0 ? -1 : 0;
}
