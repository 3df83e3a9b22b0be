/*
 * ingest.c - the ingest run: walk, hash, manifest, read, store.
 *
 * Each file is hashed first (one pass), looked up by path and SHA-256, and read only when
 * the store does not hold it yet; that makes a second ingest of a bundle a no-op. A log
 * file at a path the store has never seen cannot be held already: it is hashed as it is
 * read instead, in the same pass. The run is one store transaction; any read or store
 * error abandons all of it.
 */
#include "ingest_internal.h"
#include "linereader.h"
#include "manifest.h"
#include "pipe.h"
#include "walk.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/bucket.h"
#include "../util/buf.h"
#include "../util/fault.h"
#include "../util/io.h"
#include "../util/jsonw.h"
#include "../util/sha256.h"
#include "../util/timeutil.h"
#include "../util/timing.h"
#include "../util/tree.h"
#include "../util/utf8.h"

#define MAX_BUCKETS 100000 /* distinct quarter-hours of one file: over 1,000 days */

struct ingest_state {
	struct store *st;
	const struct ingest_options *opt;
	struct ingest_result *res;
	size_t capids;
	int64_t *seen; /* file_ids as a set */
	size_t capseen;
	int logged;
};

/* The slot of `id` in the open-addressing set, or the free slot where it belongs. */
static size_t seen_slot(const int64_t *seen, size_t cap, int64_t id)
{
	size_t i = (size_t)(((uint64_t)id * UINT64_C(0x9E3779B97F4A7C15)) >> 32) & (cap - 1);

	while (seen[i] && seen[i] != id)
		i = (i + 1) & (cap - 1);
	return i;
}

/* Adds a file to the run's list once, in order of first sight. Store ids are rowids,
 * never 0, which marks a free slot of the set. */
static void note_file(struct ingest_state *run, int64_t id)
{
	struct ingest_result *r = run->res;
	size_t i;

	if ((r->nfile_ids + 1) * 2 > run->capseen) {
		size_t cap = run->capseen ? run->capseen * 2 : 128;
		int64_t *seen = xcalloc(cap, sizeof(*seen));
		for (size_t k = 0; k < r->nfile_ids; k++)
			seen[seen_slot(seen, cap, r->file_ids[k])] = r->file_ids[k];
		free(run->seen);
		run->seen = seen;
		run->capseen = cap;
	}
	i = seen_slot(run->seen, run->capseen, id);
	if (run->seen[i])
		return;
	run->seen[i] = id;
	if (r->nfile_ids == run->capids) {
		run->capids = run->capids ? run->capids * 2 : 64;
		r->file_ids = xrealloc(r->file_ids, run->capids * sizeof(*r->file_ids));
	}
	r->file_ids[r->nfile_ids++] = id;
}

static const char *format_of(const char *path)
{
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');

	if (!dot || (slash && dot < slash))
		return NULL;
	/* in any case: a bundle written on a system that folds case (OPS.JSONL) */
	if (!strcasecmp(dot, ".jsonl") || !strcasecmp(dot, ".ndjson"))
		return "jsonl";
	if (!strcasecmp(dot, ".yaml") || !strcasecmp(dot, ".yml"))
		return "yaml";
	return NULL;
}

/* ---- what the readers hand over ---- */

static int cmp_bucket(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Notes the quarter-hour of instant `us`, a record's (line `line`). Records mostly arrive
 * in time order, so a repeat of one of the last few is dropped at once; when the list
 * fills it is sorted and de-duplicated, and later repeats are found in its sorted part. A
 * file whose records fall in more than MAX_BUCKETS quarter-hours is refused: leaving one
 * out would hide the file from the review of that day. A rejected line's time
 * (`rejected`) only adds days that cover the file: past the limit it is left out. */
static int add_bucket(struct filectx *fc, int64_t us, long line, int rejected,
		      struct error *e)
{
	int64_t b = bucket_of(us);

	for (size_t i = fc->nbuckets > 4 ? fc->nbuckets - 4 : 0; i < fc->nbuckets; i++)
		if (fc->buckets[i] == b)
			return 0;
	if (fc->nsorted && bsearch(&b, fc->buckets, fc->nsorted, sizeof(b), cmp_bucket))
		return 0;
	if (fc->nbuckets == MAX_BUCKETS && fc->nsorted < fc->nbuckets) {
		size_t n = 0;
		qsort(fc->buckets, fc->nbuckets, sizeof(*fc->buckets), cmp_bucket);
		for (size_t i = 0; i < fc->nbuckets; i++)
			if (!n || fc->buckets[i] != fc->buckets[n - 1])
				fc->buckets[n++] = fc->buckets[i];
		fc->nbuckets = fc->nsorted = n;
		if (bsearch(&b, fc->buckets, fc->nsorted, sizeof(b), cmp_bucket))
			return 0;
	}
	if (fc->nbuckets == MAX_BUCKETS && rejected)
		return 0;
	if (fc->nbuckets == MAX_BUCKETS)
		return error_at(e, EXIT_IO, "ingest", fc->path, line, 0, NULL,
				"records fall in more than %d quarter-hours: split the file "
				"(by day, as it is written)", MAX_BUCKETS);
	if (fc->nbuckets == fc->capbuckets) {
		fc->capbuckets = fc->capbuckets ? fc->capbuckets * 2 : 64;
		fc->buckets = xrealloc(fc->buckets, fc->capbuckets * sizeof(*fc->buckets));
	}
	fc->buckets[fc->nbuckets++] = b;
	return 0;
}

int filectx_next(struct filectx *fc, struct error *e)
{
	if (fc->pipe)
		return pipe_next(fc->pipe, e);
	tree_arena_reset(); /* the previous record is stored and released */
	return 0;
}

void filectx_arena(struct filectx *fc, int on)
{
	if (!fc->pipe)
		tree_arena(on);
}

int filectx_fact(struct filectx *fc, const char *rule, long line, const char *subject,
		 const char *args, struct error *e)
{
	struct integrity_row row = { rule, line, subject, args, 0, 0 };

	if (fc->pipe)
		return pipe_fact(fc->pipe, rule, line, subject, args, e);
	return store_integrity_add(fc->st, fc->file_id, &row, e);
}

/* The line a sequence fact was judged against, for its evidence: previous_line, and
 * previous_record, its identity as record_subject() writes it (none for a rejected line). */
static void previous_place(struct buf *args, const char *source, long line, int kind,
			   int64_t seq, int64_t ts, int offset_min)
{
	struct buf subj = BUF_INIT;

	jsonw_int(args, "previous_line", line);
	if (kind != KIND_UNKNOWN && ts != SEQ_TS_UNKNOWN) {
		event_subject((enum kind)kind, source, seq, ts, offset_min, &subj);
		jsonw_str(args, "previous_record", subj.data);
	}
	buf_release(&subj);
}

/* The LOG-SEQ-GAP and LOG-TS-ORDER facts of a line of `source` with `seq` at `ts` (ts.set
 * 0: not known): of record r, or of a rejected line when r is NULL. Each names the line it
 * was judged against, which the finding cites too. */
static int sequence_facts(struct filectx *fc, long line, const char *source, int64_t seq,
			  const struct tval *ts, const struct record *r, struct error *e)
{
	struct seq_prev prev = { 0 };
	int flags = sequence_observe(fc->seq, source, seq, ts->set ? ts->us : SEQ_TS_UNKNOWN,
				     ts->offset_min, line, r ? (int)r->kind : KIND_UNKNOWN,
				     &prev);
	struct buf args = BUF_INIT, subj = BUF_INIT;
	const char *subject = NULL;
	char when[ISO_MAX], pts[ISO_MAX];
	int rc = 0;

	if (!flags)
		return 0; /* nearly every record: no subject to format */
	if (r) {
		record_subject(r, &subj);
		subject = subj.data;
	}
	if (flags & SEQ_GAP) {
		jsonw_begin(&args);
		jsonw_str(&args, "source", source);
		jsonw_int(&args, "seq", seq);
		jsonw_int(&args, "previous", prev.seq);
		jsonw_int(&args, "run_high", prev.hi);
		previous_place(&args, source, prev.line, prev.kind, prev.seq,
			       prev.line == prev.ts_line ? prev.ts : SEQ_TS_UNKNOWN,
			       prev.offset_min);
		if (flags & SEQ_RESTART) {
			/* the two instants whose operating days a review compares */
			jsonw_int(&args, "restart_from", prev.ts);
			jsonw_int(&args, "restart_to", ts->us);
		}
		if (r) /* tells a version of the record from a copy of it (integrity.c) */
			jsonw_int(&args, "content", record_content(r));
		jsonw_end(&args);
		rc = filectx_fact(fc, "LOG-SEQ-GAP", line, subject, args.data, e);
	}
	if (!rc && (flags & SEQ_TS_BACK)) {
		iso_format(ts->us, ts->offset_min, when);
		iso_format(prev.ts, prev.offset_min, pts);
		jsonw_begin(&args);
		jsonw_str(&args, "source", source);
		jsonw_str(&args, "ts", when);
		jsonw_str(&args, "previous", pts);
		previous_place(&args, source, prev.ts_line, prev.ts_kind, prev.ts_seq, prev.ts,
			       prev.offset_min);
		if (r)
			jsonw_int(&args, "content", record_content(r));
		jsonw_end(&args);
		rc = filectx_fact(fc, "LOG-TS-ORDER", line, subject, args.data, e);
	}
	buf_release(&args);
	buf_release(&subj);
	return rc;
}

int filectx_record(struct filectx *fc, struct record *r, struct error *e)
{
	int rc = 0;

	fc->records++;
	fc->stats->records_read++;
	rc = add_bucket(fc, r->ts.us, r->line, 0, e);
	if (!rc && kind_is_event(r->kind))
		rc = sequence_facts(fc, r->line, r->source, r->seq, &r->ts, r, e);
	if (!rc && fc->pipe)
		return pipe_record(fc->pipe, r, e); /* the store side releases it */
	if (!rc)
		rc = store_record_add(fc->st, fc->file_id, r, e);
	record_release(r);
	return rc;
}

int filectx_reject_record(struct filectx *fc, const struct reject_row *row,
			  const struct rejection *why, struct error *e)
{
	if (filectx_reject(fc, row, e) ||
	    (why->has_when && add_bucket(fc, why->when, row->line, 1, e)))
		return -1;
	return why->has_seq ? sequence_facts(fc, row->line, why->source, why->seq, &why->ts,
					     NULL, e)
			    : 0;
}

int filectx_reject(struct filectx *fc, const struct reject_row *row, struct error *e)
{
	const struct ingest_options *opt = fc->opt;

	fc->rejected++;
	fc->stats->rejected++;
	if (opt->log && fc->run->logged < opt->log_limit) {
		char col[32] = "";
		if (row->column > 0)
			snprintf(col, sizeof(col), ":%ld", row->column);
		line_print(opt->log, "ingest: '%s':%ld%s: %s%s%s%s", fc->shown_full, row->line,
			col, row->field && *row->field ? "field '" : "",
			row->field && *row->field ? row->field : "",
			row->field && *row->field ? "': " : "", row->reason);
		fc->run->logged++;
	}
	if (fc->pipe)
		return pipe_reject(fc->pipe, row, e);
	return store_reject_add(fc->st, fc->file_id, row, e);
}

/* ---- files ---- */

static int open_file(const char *full, int *fd, struct stat *sb, struct error *e)
{
	*fd = open(full, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (*fd < 0)
		return error_at(e, error_io_status(errno), "ingest", full, 0, 0, NULL, "cannot open: %s",
				strerror(errno));
	if (fstat(*fd, sb) != 0 || !S_ISREG(sb->st_mode)) {
		close(*fd);
		*fd = -1;
		return error_at(e, EXIT_IO, "ingest", full, 0, 0, NULL, "not a regular file");
	}
	return 0;
}

/* SHA-256 of the first `size` bytes of fd, as hex. */
static int hash_file(int fd, int64_t size, char hex[65], const char *full, struct error *e)
{
	unsigned char d[SHA256_LEN];

	if (sha256_fd(fd, 0, size, d))
		return error_at(e, EXIT_IO, "ingest", full, 0, 0, NULL, "read error: %s",
				io_read_error(errno));
	sha256_hex(d, hex);
	return 0;
}

static int unchanged(int fd, const struct stat *before, const char *full, struct error *e)
{
	struct stat after;

	if (fstat(fd, &after) != 0 || after.st_size != before->st_size ||
	    after.st_mtim.tv_sec != before->st_mtim.tv_sec ||
	    after.st_mtim.tv_nsec != before->st_mtim.tv_nsec)
		return error_at(e, EXIT_IO, "ingest", full, 0, 0, NULL,
				"file changed while being read: ingest it once it is complete");
	return 0;
}

struct bundle_file {
	int64_t id;
	char sha256[65];
	int present; /* a regular file we hashed */
	int added;   /* stored by this run */
};

/* Reads one entry of the walk. Fills bf; the store's id for it is noted for the run. */
static int ingest_entry(struct ingest_state *run, const struct walk *w, const struct entry *en,
			struct bundle_file *bf, struct error *e)
{
	struct input_file f;
	struct filectx fc;
	struct stat sb;
	struct sha256 whole = { NULL };
	char *full = walk_join(w->root, en->path), *shown = utf8_escape_name(en->path);
	/* stderr names the file as it can be opened: bundles often share their paths */
	char *shown_full = utf8_escape_name(full);
	const char *fmt = format_of(en->path);
	/* A manifest given alone as a PATH lists files the walk did not see: not checked. */
	int manifest = !strcmp(en->path, MANIFEST_NAME) && !w->single;
	int fd = -1, rc = -1, known = 0, stream = 0;

	memset(&f, 0, sizeof(f));
	memset(&fc, 0, sizeof(fc));
	/* stored, and so reported, as reports show a name (utf8_escape_name()) */
	f.path = shown;
	f.bundle = w->shown;
	if (en->type != ENTRY_FILE) {
		f.format = "other";
		f.note = en->type == ENTRY_SYMLINK   ? "symbolic link: not followed"
			 : en->type == ENTRY_TOO_DEEP ? "directory nested too deep: not read"
						      : "not a regular file: not read";
		known = store_file_find(run->st, f.path, "", &bf->id, e);
		if (known < 0 || (!known && store_file_add(run->st, &f, &bf->id, e)))
			goto out;
		bf->added = !known;
		note_file(run, bf->id);
		run->res->stats.files_not_read++;
		rc = 0;
		goto out;
	}
	if (open_file(full, &fd, &sb, e))
		goto out;
	if (fmt && !manifest) {
		int seen = store_path_seen(run->st, f.path, e);
		if (seen < 0)
			goto out;
		stream = !seen;
	}
	double t0 = timing_now();
	if (!stream) {
		if (hash_file(fd, sb.st_size, f.sha256, full, e))
			goto out;
		timing_add("ingest.hash", t0);
		known = store_file_find(run->st, f.path, f.sha256, &bf->id, e);
		if (known < 0)
			goto out;
	}
	memcpy(bf->sha256, f.sha256, sizeof(bf->sha256));
	bf->present = 1;
	f.size = sb.st_size;
	if (manifest)
		f.format = "manifest";
	else if (fmt)
		f.format = fmt;
	else if (!strcmp(en->path, MANIFEST_NAME)) {
		f.format = "other";
		f.note = "a manifest given alone: not checked (give its bundle's directory)";
	} else {
		f.format = "other";
		f.note = "not a log file (.jsonl, .ndjson, .yaml, .yml): not read";
	}
	if (known) {
		if (manifest && store_file_is_manifest(run->st, bf->id, w->shown, e))
			goto out;
		note_file(run, bf->id);
		/* a manifest is checked again each run, stored before or not */
		if (manifest)
			run->res->stats.files_manifest++;
		else
			run->res->stats.files_known++;
		rc = 0;
		goto out;
	}
	if (store_file_add(run->st, &f, &bf->id, e))
		goto out;
	bf->added = 1;
	note_file(run, bf->id);
	if (manifest) { /* checked once the whole bundle is hashed */
		run->res->stats.files_manifest++;
		rc = 0;
		goto out;
	}
	if (!fmt) {
		run->res->stats.files_not_read++;
		rc = 0;
		goto out;
	}
	run->res->stats.files_read++;
	fc.run = run;
	fc.st = run->st;
	fc.opt = run->opt;
	fc.stats = &run->res->stats;
	fc.path = en->path;
	fc.shown_full = shown_full;
	fc.file_id = bf->id;
	fc.fd = fd;
	fc.size = sb.st_size;
	fc.seq = sequence_new();
	if (stream) {
		sha256_init(&whole);
		fc.whole = &whole;
	}
	t0 = timing_now();
	int read_rc = pipe_run(&fc, !strcmp(fmt, "jsonl") ? jsonl_read : yamlfile_read, e);
	timing_add("ingest.read+parse+insert", t0);
	if (!read_rc && sequence_untracked(fc.seq) && run->opt->log)
		line_print(run->opt->log, "ingest: '%s': more than %d sources: %ld records of "
			"further sources were not checked for sequence gaps or time order",
			shown_full, SEQUENCE_MAX_SOURCES, sequence_untracked(fc.seq));
	if (read_rc || unchanged(fd, &sb, full, e))
		goto out;
	if (stream) {
		unsigned char d[SHA256_LEN];
		sha256_final(&whole, d);
		sha256_hex(d, f.sha256);
		/* A reader that stopped short of the end (it never does unless it failed)
		 * leaves the digest to a pass of its own. */
		if (fc.whole_n != sb.st_size && hash_file(fd, sb.st_size, f.sha256, full, e))
			goto out;
		memcpy(bf->sha256, f.sha256, sizeof(bf->sha256));
	}
	if (store_file_finish(run->st, bf->id, stream ? f.sha256 : NULL, fc.records, fc.rejected,
			      fc.buckets, fc.nbuckets, e))
		goto out;
	rc = 0;
out:
	if (e->set && !e->file[0])
		snprintf(e->file, sizeof(e->file), "%s", full);
	sequence_free(fc.seq);
	free(fc.buckets);
	if (stream)
		sha256_release(&whole);
	if (fd >= 0)
		close(fd);
	free(full);
	free(shown);
	free(shown_full);
	return rc;
}

static int manifest_fact(struct ingest_state *run, int64_t file_id, long line, const char *problem,
			 const char *path, const char *listed, const char *actual,
			 int64_t manifest_id, long manifest_line, struct error *e)
{
	struct buf args = BUF_INIT;
	struct integrity_row row;
	char *shown = path ? utf8_escape_name(path) : NULL;
	int rc;

	jsonw_begin(&args);
	jsonw_str(&args, "problem", problem);
	jsonw_str(&args, "path", shown);
	jsonw_str(&args, "listed", listed);
	jsonw_str(&args, "actual", actual);
	jsonw_end(&args);
	row.rule = "LOG-MANIFEST";
	row.line = line;
	row.subject = NULL;
	row.args = args.data;
	row.manifest_id = manifest_id;
	row.manifest_line = manifest_line;
	rc = store_integrity_add(run->st, file_id, &row, e);
	buf_release(&args);
	free(shown);
	return rc;
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp((*(const struct entry *const *)a)->path,
		      (*(const struct entry *const *)b)->path);
}

/* The entry of `path` in `sorted` (the walk's entries by path), or NULL. */
static const struct entry *find_entry(const struct entry *const *sorted, size_t n,
				      const char *path)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(sorted[mid]->path, path);
		if (!c)
			return sorted[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

struct manifest_ctx {
	struct ingest_state *run;
	const struct walk *w;
	const struct bundle_file *bf;
	const struct entry **sorted; /* the walk's entries by path */
	char *listed;                /* per entry of the walk: a line lists it */
	int64_t mid;                 /* the manifest's input file */
	struct error *e;
};

/* Reads the manifest's lines into the store: each unusable one is a fact of its own, as
 * it is met; the others are checked once all are in (check_listing). */
static int read_manifest(struct manifest_ctx *c, const char *full)
{
	struct linereader lr;
	struct line ln;
	struct stat sb;
	int fd, rc;

	if (open_file(full, &fd, &sb, c->e))
		return -1;
	/* one byte more than the limit, for a CR that is not part of the line */
	linereader_init(&lr, fd, full, sb.st_size, MANIFEST_LINE_MAX + 1, 0);
	while ((rc = linereader_next(&lr, &ln, c->e)) == 1) {
		struct manifest_line ml;
		const char *why;
		char *listed = NULL;
		/* the bytes before LF, less one CR: the reader drops a CR before LF */
		size_t n = ln.too_long ? 0 : ln.n - (ln.eol != 2 && ln.n && ln.p[ln.n - 1] == '\r');

		if (ln.too_long || n > MANIFEST_LINE_MAX)
			why = MANIFEST_LINE_TOO_LONG;
		else if (!n && ln.n + (ln.eol == 2) <= 1)
			continue; /* blank, or a CR alone: it lists nothing */
		else
			why = manifest_parse_line(ln.p, n, &ml, &listed);
		if (why)
			rc = manifest_fact(c->run, c->mid, ln.lineno, why, listed, NULL, NULL,
					   c->mid, ln.lineno, c->e);
		else
			rc = store_manifest_add(c->run->st, ln.lineno, ml.path, ml.sha256, c->e);
		free(why ? listed : ml.path);
		if (rc)
			break;
	}
	linereader_release(&lr);
	close(fd);
	return rc ? -1 : 0;
}

/* The SHA-256 of what the symbolic link `path` of the bundle points to, as sha256sum
 * reads it, when that is a regular file: 0 and hex filled, else -1 (dangling, a
 * directory, a device or FIFO, unreadable). The link is still not read for records. */
static int link_target_sha256(const struct walk *w, const char *path, char hex[65])
{
	char *full = walk_join(w->root, path);
	unsigned char d[SHA256_LEN];
	struct stat sb;
	int fd = open(full, O_RDONLY | O_CLOEXEC | O_NONBLOCK), rc = -1;

	free(full);
	if (fd < 0)
		return -1;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && !sha256_fd(fd, 0, sb.st_size, d)) {
		sha256_hex(d, hex);
		rc = 0;
	}
	close(fd);
	return rc;
}

/* One kept line of the manifest against the bundle. A path listed again with the same
 * SHA-256 claims nothing new and is never kept: no fault (the spec's faults are a
 * differing SHA-256, a missing file and an unlisted one). Listed again with another
 * SHA-256, the file cannot match both: each listing it does not match is a difference.
 * Its absence is one fault, reported on its first listing. */
static int check_listing(void *arg, long line, const char *path, const char *sha256, int first)
{
	struct manifest_ctx *c = arg;
	const struct entry *en;
	size_t j;

	/* A manifest listing itself (`sha256sum * > SHA256SUMS`) cannot hold its own
	 * SHA-256: RULES.md excepts it. */
	if (!strcmp(path, MANIFEST_NAME))
		return 0;
	if (!(en = find_entry(c->sorted, c->w->n, path))) {
		/* a report of this command's, in its --out: no file of the bundle */
		if (walk_dropped(c->w, path))
			return 0;
		return first ? manifest_fact(c->run, c->mid, line, MANIFEST_MISSING, path,
					     sha256, NULL, c->mid, line, c->e)
			     : 0;
	}
	j = (size_t)(en - c->w->entries);
	c->listed[j] = 1;
	if (!c->bf[j].present && en->type == ENTRY_SYMLINK) {
		/* sha256sum follows a link: one to a regular file is checked as that file */
		char hex[65];
		if (!link_target_sha256(c->w, en->path, hex))
			return strcmp(hex, sha256)
				       ? manifest_fact(c->run, c->bf[j].id, 0, "SHA-256 differs",
						       path, sha256, hex, c->mid, line, c->e)
				       : 0;
	}
	if (!c->bf[j].present)
		return first ? manifest_fact(c->run, c->bf[j].id, 0,
					     "listed entry is not a regular file", path, sha256,
					     NULL, c->mid, line, c->e)
			     : 0;
	if (strcmp(c->bf[j].sha256, sha256))
		return manifest_fact(c->run, c->bf[j].id, 0, "SHA-256 differs", path, sha256,
				     c->bf[j].sha256, c->mid, line, c->e);
	return 0;
}

/* Compares the bundle with its SHA256SUMS (entry `mi`). Facts come in manifest order
 * (its unusable lines as it is read, then the others), then in walk order for the files
 * it does not list. */
static int check_manifest(struct ingest_state *run, const struct walk *w,
			  const struct bundle_file *bf, size_t mi, struct error *e)
{
	char *full = walk_join(w->root, MANIFEST_NAME);
	struct manifest_ctx c = { run, w, bf, NULL, NULL, bf[mi].id, e };
	double t0 = timing_now();
	int rc = -1;

	/* The walk lists a directory's files before its subdirectories: not in strcmp order. */
	c.sorted = xcalloc(w->n ? w->n : 1, sizeof(*c.sorted));
	c.listed = xcalloc(w->n ? w->n : 1, 1);
	for (size_t j = 0; j < w->n; j++)
		c.sorted[j] = &w->entries[j];
	if (w->n)
		qsort(c.sorted, w->n, sizeof(*c.sorted), cmp_entry);
	if (store_manifest_begin(run->st, e) || read_manifest(&c, full))
		goto out;
	timing_add("ingest.manifest.read", t0);
	t0 = timing_now();
	if (store_manifest_each(run->st, check_listing, &c, e))
		goto out;
	for (size_t j = 0; j < w->n; j++) {
		enum entry_type type = w->entries[j].type;
		/* Only a regular file can be unlisted: a symbolic link or a special file is
		 * never followed or read, so no record of the audit can come from it (the
		 * report lists it as not read). A directory nested too deep may hold files
		 * the walk never saw, and stays a finding. */
		if (j == mi || type == ENTRY_SYMLINK || type == ENTRY_SPECIAL || c.listed[j])
			continue;
		if (manifest_fact(run, bf[j].id, 0, "file not listed", w->entries[j].path, NULL,
				  bf[j].present ? bf[j].sha256 : NULL, c.mid, 0, e))
			goto out;
	}
	rc = 0;
	timing_add("ingest.manifest.check", t0);
out:
	store_manifest_end(run->st);
	free(c.sorted);
	free(c.listed);
	free(full);
	return rc;
}

static int ingest_bundle(struct ingest_state *run, const struct walk *w, struct error *e)
{
	struct bundle_file *bf = xcalloc(w->n ? w->n : 1, sizeof(*bf));
	size_t mi = w->n;
	int rc = -1;

	run->res->stats.files_seen += (long)w->n;
	for (size_t i = 0; i < w->n; i++) {
		if (ingest_entry(run, w, &w->entries[i], &bf[i], e))
			goto out;
		if (!strcmp(w->entries[i].path, MANIFEST_NAME) && bf[i].present && !w->single)
			mi = i;
	}
	if (mi < w->n) {
		if (check_manifest(run, w, bf, mi, e))
			goto out;
		/* Files first stored now belong to this manifest's bundle. */
		for (size_t i = 0; i < w->n; i++)
			if (i != mi && bf[i].added &&
			    store_file_set_manifest(run->st, bf[i].id, bf[mi].id, e))
				goto out;
	}
	rc = 0;
out:
	free(bf);
	return rc;
}

/* The store and its journal are not files of a bundle that holds them (a review run from
 * inside the bundle, with the default ./taits-audit.db): written while the walk hashes
 * them, they would be unlisted files of its manifest. */
static void drop_store_files(struct store *st, struct walk *w)
{
	static const char *const suffixes[] = { "", "-journal", "-wal", "-shm" };
	const char *db = sqlite3_db_filename(store_db(st), "main");
	struct buf b = BUF_INIT;

	if (!db || !*db)
		return; /* in memory */
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		buf_reset(&b);
		buf_addf(&b, "%s%s", db, suffixes[i]);
		walk_drop(w, b.data);
	}
	buf_release(&b);
}

int ingest_check_paths(char *const *paths, int npaths, struct error *e)
{
	for (int i = 0; i < npaths; i++)
		if (walk_check(paths[i], e))
			return -1;
	return 0;
}

int ingest_run(struct store *st, char *const *paths, int npaths,
	       const struct ingest_options *opt, struct ingest_result *out, struct error *e)
{
	struct walk *walks = xcalloc((size_t)(npaths ? npaths : 1), sizeof(*walks));
	struct ingest_state run;
	struct buf args = BUF_INIT;
	int64_t bytes = 0;
	int rc = -1, nwalks = 0;

	memset(out, 0, sizeof(*out));
	memset(&run, 0, sizeof(run));
	record_init();
	fault_reload();
	run.st = st;
	run.opt = opt;
	run.res = out;
	for (int i = 0; i < npaths; i++) {
		if (walk_bundle(paths[i], &walks[i], e))
			goto out;
		nwalks = i + 1;
		drop_store_files(st, &walks[i]);
		/* nor are the reports this command writes into a bundle (a review run from
		 * inside it, with the default --out .): read, the next run would audit the
		 * reports of the last one, unlisted files of its manifest */
		if (opt->report_dir)
			walk_drop_reports(&walks[i], opt->report_dir);
		for (size_t j = 0; j < walks[i].n; j++)
			bytes += walks[i].entries[j].size;
		buf_addf(&args, "%s%s", i ? "\n" : "", walks[i].shown);
	}
	if (store_ingest_begin(st, buf_str(&args), bytes, e))
		goto out;
	for (int i = 0; i < npaths; i++)
		if (ingest_bundle(&run, &walks[i], e)) {
			store_ingest_rollback(st);
			goto out;
		}
	double t0 = timing_now();
	if (store_ingest_commit(st, &out->stats, e))
		goto out;
	timing_add("ingest.commit", t0);
	rc = 0;
out:
	for (int i = 0; i < nwalks; i++)
		walk_release(&walks[i]);
	free(walks);
	free(run.seen);
	buf_release(&args);
	return rc;
}

void ingest_result_release(struct ingest_result *r)
{
	free(r->file_ids);
	r->file_ids = NULL;
	r->nfile_ids = 0;
}
