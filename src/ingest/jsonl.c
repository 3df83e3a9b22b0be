/*
 * jsonl.c - a JSON-lines file: one record per non-blank line, and its hash chain.
 *
 * Each line is checked in order of cost: size, NUL bytes, UTF-8, JSON (cJSON), then the
 * record contract. The `prev_sha256` chain is checked against the SHA-256 of the previous
 * non-blank line, whatever became of that line.
 */
#include "ingest_internal.h"

#include <stdio.h>
#include <string.h>

#include "pipe.h"
#include "../util/buf.h"
#include "../util/jsonw.h"
#include "../util/tree.h"
#include "../util/utf8.h"

/* Whether a line starts with a UTF-8 byte-order mark (a file joined to the end of another
 * keeps its own: skipped, as at the start of a file). */
static int starts_with_bom(const struct line *l)
{
	return l->n >= 3 && !memcmp(l->p, "\xEF\xBB\xBF", 3);
}

static int is_blank(const struct line *l)
{
	for (size_t i = starts_with_bom(l) ? 3 : 0; i < l->n; i++)
		if (l->p[i] != ' ' && l->p[i] != '\t' && l->p[i] != '\r')
			return 0;
	return 1;
}

/* Keeps line l as rejected; `why`, when record_build() rejected it, also places it in its
 * source's sequence. */
static int reject_why(struct filectx *fc, const struct line *l, long col, const char *field,
		      const char *reason, const struct rejection *why, struct error *e)
{
	struct reject_row row;

	memset(&row, 0, sizeof(row));
	row.line = l->lineno;
	row.column = col;
	row.offset = l->offset;
	row.length = l->length;
	row.field = field;
	row.reason = reason;
	memcpy(row.sha256, l->sha256, SHA256_LEN);
	row.raw = l->too_long ? NULL : l->p;
	row.fd = fc->fd;
	return why ? filectx_reject_record(fc, &row, why, e) : filectx_reject(fc, &row, e);
}

static int reject(struct filectx *fc, const struct line *l, long col, const char *field,
		  const char *reason, struct error *e)
{
	return reject_why(fc, l, col, field, reason, NULL, e);
}

struct chain {
	int have_prev;      /* a non-blank line came before */
	int started;        /* an event record carried prev_sha256 */
	unsigned char prev[SHA256_LEN];
	/* that line began with a byte-order mark: its digest with the mark too, as the file
	 * holds it, which a writer hashing the bytes it wrote may have linked to */
	int prev_bom;
	unsigned char prev_with_bom[SHA256_LEN];
	/* a blank line came right before: "the previous line" (INPUT.md) may be read as
	 * that line, though it holds no record, and a link to it holds the chain too */
	int blank_before;
	unsigned char blank[SHA256_LEN];
	/* that line, which a broken link cites: its number and, for an event record, its
	 * identity (kind KIND_UNKNOWN: none to cite, a rejected line or another kind) */
	long prev_line;
	enum kind prev_kind;
	int64_t prev_seq, prev_us;
	int prev_offset;
	char prev_source[128];
};

/* Remembers line l, of record r (NULL: rejected), as the one the next link names. */
static void chain_remember(struct chain *ch, const struct line *l, const struct record *r)
{
	ch->prev_line = l->lineno;
	ch->prev_kind = KIND_UNKNOWN;
	if (r && kind_is_event(r->kind) && strlen(r->source) < sizeof(ch->prev_source)) {
		ch->prev_kind = r->kind;
		ch->prev_seq = r->seq;
		ch->prev_us = r->ts.us;
		ch->prev_offset = r->ts.offset_min;
		memcpy(ch->prev_source, r->source, strlen(r->source) + 1);
	}
}

/* prev_sha256 of record r as a message quotes it: the string, or what was written in
 * its place (a number, a boolean, a list, a mapping). */
static const char *prev_written(const struct record *r, char *buf, size_t n)
{
	return r->prev_sha256 ? r->prev_sha256
			      : tree_value_shown(cJSON_GetObjectItemCaseSensitive(r->tree,
										  "prev_sha256"),
						 buf, n);
}

/* A line's link, as check_chain() judges it: present (prev_sha256 not null), the value
 * when a string (NULL otherwise), what a message quotes, and whether the line is an
 * event's, which starts the chain and must carry it once started. */
struct link {
	int present, event;
	const char *value, *shown;
};

/* Judges line l's link against the line before, a LOG-HASH-CHAIN fact on record r's
 * identity (r NULL: a rejected line, which has none) when it breaks. */
static int judge_link(struct filectx *fc, struct chain *ch, const struct line *l,
		      const struct link *k, const struct record *r, struct error *e)
{
	char want[SHA256_HEX_LEN + 1];
	struct buf args = BUF_INIT, previous = BUF_INIT, subject = BUF_INIT;
	const char *problem = NULL;
	int rc = 0;

	if (k->present) {
		int first = !ch->have_prev;
		if (k->event)
			ch->started = 1;
		sha256_hex(ch->prev, want);
		if (!k->value)
			problem = "not a string";
		else if (!first && strcmp(k->value, want)) { /* INPUT.md: lowercase hex */
			char blank[SHA256_HEX_LEN + 1], bom[SHA256_HEX_LEN + 1];
			sha256_hex(ch->blank, blank);
			sha256_hex(ch->prev_with_bom, bom);
			if ((!ch->blank_before || strcmp(k->value, blank)) &&
			    (!ch->prev_bom || strcmp(k->value, bom)))
				problem = "does not match the previous line";
		}
	} else if (ch->started && k->event) {
		sha256_hex(ch->prev, want);
		problem = "missing after the chain started";
	}
	if (problem) {
		jsonw_begin(&args);
		jsonw_str(&args, "problem", problem);
		jsonw_str(&args, "expected", want);
		jsonw_str(&args, "found", k->present ? k->shown : NULL);
		if (ch->have_prev) {
			/* the line whose digest was expected: the one changed, perhaps */
			jsonw_int(&args, "previous_line", ch->prev_line);
			if (ch->prev_kind != KIND_UNKNOWN) {
				event_subject(ch->prev_kind, ch->prev_source, ch->prev_seq,
					      ch->prev_us, ch->prev_offset, &previous);
				jsonw_str(&args, "previous_record", previous.data);
			}
		}
		if (r) /* tells a version of the record from a copy of it (integrity.c) */
			jsonw_int(&args, "content", record_content(r));
		jsonw_end(&args);
		if (r)
			record_subject(r, &subject);
		rc = filectx_fact(fc, "LOG-HASH-CHAIN", l->lineno, r ? subject.data : NULL,
				  args.data, e);
	}
	buf_release(&args);
	buf_release(&previous);
	buf_release(&subject);
	return rc;
}

static int check_chain(struct filectx *fc, struct chain *ch, const struct line *l,
		       const struct record *r, struct error *e)
{
	char written[64];
	struct link k = { r->has_prev_sha256, kind_is_event(r->kind), r->prev_sha256, NULL };

	if (k.present)
		k.shown = prev_written(r, written, sizeof(written));
	return judge_link(fc, ch, l, &k, r, e);
}

/* The link of a line rejected once it parsed (`why`): a record's bytes altered are shown
 * by the link after them, whether that line is stored or not. */
static int check_rejected_chain(struct filectx *fc, struct chain *ch, const struct line *l,
				const struct rejection *why, struct error *e)
{
	char shown[sizeof(why->prev_hex) + sizeof("…")];
	struct link k = { why->has_prev, why->event, NULL, why->prev_shown };

	if (why->prev_string) {
		/* a longer string matches no digest: its first 64 characters and a mark */
		snprintf(shown, sizeof(shown), "%s%s", why->prev_hex, why->prev_long ? "…" : "");
		k.value = k.shown = shown;
	}
	return judge_link(fc, ch, l, &k, NULL, e);
}

int jsonl_read(struct filectx *fc, struct error *e)
{
	struct linereader lr;
	struct line l;
	struct chain ch;
	int rc;

	memset(&ch, 0, sizeof(ch));
	linereader_init(&lr, fc->fd, fc->path, fc->size, fc->opt->max_record_bytes, 1);
	lr.whole = fc->whole;
	filectx_arena(fc, 1);
	while ((rc = linereader_next(&lr, &l, e)) == 1) {
		struct tree_error terr;
		struct rejection why;
		struct record r;
		cJSON *tree;
		size_t bad;
		char reason[300], field[sizeof(((struct tree_error *)0)->field)];
		const void *nul;
		int remembered = 0;

		if (!l.too_long && is_blank(&l)) {
			ch.blank_before = 1;
			if (starts_with_bom(&l))
				sha256_once(l.p + 3, l.n - 3, ch.blank);
			else
				memcpy(ch.blank, l.sha256, SHA256_LEN);
			continue;
		}
		if ((rc = filectx_next(fc, e)) < 0)
			break;
		if (l.too_long) {
			snprintf(reason, sizeof(reason), "record larger than %zu bytes (%lld)",
				 fc->opt->max_record_bytes, (long long)l.length);
			rc = reject(fc, &l, 0, NULL, reason, e);
		} else if ((nul = memchr(l.p, '\0', l.n))) {
			size_t upto = (size_t)((const char *)nul - l.p);
			field[0] = '\0';
			/* the field's name is quoted in messages and the XML: only from UTF-8 */
			if (utf8_valid((const unsigned char *)l.p, upto, &bad))
				tree_json_field_at(l.p, l.n, upto, field, sizeof(field));
			bad = upto;
			rc = reject(fc, &l, (long)bad + 1, field, "NUL byte in the line", e);
		} else if (!utf8_valid((const unsigned char *)l.p, l.n, &bad)) {
			/* a byte of another encoding in a message: the line keeps its place
			 * in its source's sequence, when the rest of it can be read */
			tree_json_field_at(l.p, l.n, bad, field, sizeof(field));
			memset(&why, 0, sizeof(why));
			int parsed = !record_place_of(l.p, l.n, &why);
			rc = reject_why(fc, &l, (long)bad + 1, field, "not valid UTF-8",
					parsed ? &why : NULL, e);
			if (!rc && parsed)
				rc = check_rejected_chain(fc, &ch, &l, &why, e);
		} else if (!(tree = tree_parse_json(l.p, l.n, &terr))) {
			rc = reject(fc, &l, terr.column, terr.field, terr.msg, e);
		} else {
			memset(&r, 0, sizeof(r));
			r.line = l.lineno;
			r.offset = l.offset;
			r.raw = l.p;
			r.raw_len = l.n;
			memcpy(r.sha256, l.sha256, SHA256_LEN);
			r.hash_later = fc->pipe && pipe_store_has_time(fc->pipe);
			if (record_build(&r, tree, 0, &why) < 0) {
				rc = reject_why(fc, &l, 0, why.field, why.reason, &why, e);
				if (!rc)
					rc = check_rejected_chain(fc, &ch, &l, &why, e);
			} else {
				rc = check_chain(fc, &ch, &l, &r, e);
				if (!rc) {
					chain_remember(&ch, &l, &r);
					rc = filectx_record(fc, &r, e);
					remembered = 1;
				} else {
					record_release(&r);
				}
			}
		}
		if (rc < 0)
			break;
		if (!remembered)
			chain_remember(&ch, &l, NULL);
		ch.have_prev = 1;
		ch.blank_before = 0;
		/* the chain hashes a line without its byte-order mark, as the file's first
		 * (which the line reader has skipped); a link may also name it with the mark */
		ch.prev_bom = 0;
		if (!l.too_long && starts_with_bom(&l)) {
			ch.prev_bom = 1;
			sha256_once(l.p + 3, l.n - 3, ch.prev);
			memcpy(ch.prev_with_bom, l.sha256, SHA256_LEN);
		} else {
			memcpy(ch.prev, l.sha256, SHA256_LEN);
			if (!l.too_long && lr.bom && l.lineno == 1) {
				struct sha256 with;
				ch.prev_bom = 1;
				sha256_init(&with);
				sha256_update(&with, "\xEF\xBB\xBF", 3);
				sha256_update(&with, l.p, l.n);
				sha256_final(&with, ch.prev_with_bom);
				sha256_release(&with);
			}
		}
	}
	filectx_arena(fc, 0);
	fc->whole_n = lr.whole_n;
	linereader_release(&lr);
	return rc < 0 ? -1 : 0;
}
