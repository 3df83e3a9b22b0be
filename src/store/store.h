/*
 * store.h - the audit store: one SQLite file holding every input file, record,
 * rejection and integrity fact ever ingested.
 *
 * store/ is the only code that writes to the database. Readers (rules, report model)
 * query it with SQL through store_db(). Writing happens inside one ingest transaction:
 * store_ingest_begin() ... store_ingest_commit() or store_ingest_rollback(); until the
 * commit nothing is visible, and a crash leaves the store as it was.
 */
#ifndef TAITS_STORE_H
#define TAITS_STORE_H

#include <sqlite3.h>
#include <stdint.h>

#include "../ingest/record.h"
#include "../util/error.h"

/* The schema's version; versions 2 to 7 changed only how a record's content hash is
 * computed (src/ingest/canon.h): 2 reads a number outside the quantities as its written
 * text, 3 a null member as absent, 4 a time as its instant only in a time member, 5 a
 * time in ISO 8601's basic format too (and record_cid ends with the content hash), 6 a
 * time in every form a time is read in (a space for the T, no seconds), 7 an ordinal or
 * week date, a time to the hour, a fraction of a minute or an hour or of more than nine
 * digits, 8 a blank string or an empty list as absent, and a change's `repair` and
 * `strategy_expansion` false as absent (their default). A store of an older version is
 * rehashed, and that index made again, when it is next written. */
#define STORE_SCHEMA_VERSION 8
#define STORE_APPLICATION_ID 0x54414954 /* "TAIT" */

struct store;

enum store_mode {
	STORE_READ,   /* must exist */
	STORE_WRITE   /* created when missing */
};

/* Resolves the store path: --db, else $TAITS_AUDIT_DB, else ./taits-audit.db. */
const char *store_default_path(const char *option);

int store_open(const char *path, enum store_mode mode, struct store **out, struct error *e);
void store_close(struct store *st);
sqlite3 *store_db(struct store *st);
/* A second connection to the store, read-only and set up like the first, for reading on
 * another thread; the caller closes it with sqlite3_close(). Fails for a store that is
 * not a file (:memory:). */
int store_open_reader(struct store *st, sqlite3 **out, struct error *e);
/* Starts a read transaction on db and takes its shared lock, so that every later query
 * on db reads the store as it is now: a review or report reads one state of it, and an
 * ingest that would change it waits (up to its busy timeout) for the transaction to end.
 * store_snapshot_end() ends it. */
int store_snapshot(sqlite3 *db, const char *path, struct error *e);
/* Whether the store is in WAL mode (someone switched it; taits-audit does not). */
int store_is_wal(struct store *st);

/* 0 when some ingest has stored a file in the store; else -1 with e set (exit status 4):
 * a store holding nothing would review as a compliant day. */
int store_require_ingested(struct store *st, struct error *e);
void store_snapshot_end(sqlite3 *db);

/* ---- ingest ---- */

struct input_file {
	const char *path;   /* relative to the bundle root */
	const char *bundle; /* the root as given */
	char sha256[65];
	int64_t size;
	const char *format; /* jsonl | yaml | manifest | other */
	const char *note;   /* why not read, or NULL */
};

struct reject_row {
	long line, column;
	int64_t offset, length;
	const char *field, *reason;
	unsigned char sha256[32];
	const char *raw; /* the bytes, or NULL to copy `length` bytes at `offset` of `fd` */
	int fd;
};

struct integrity_row {
	const char *rule;
	long line;
	const char *subject; /* may be NULL */
	const char *args;    /* JSON object text */
	int64_t manifest_id; /* 0 when none */
	long manifest_line;
};

struct ingest_stats {
	/* every file seen is one of: read, known (stored before), a manifest (checked each
	 * run), not read (not a log file, a link, a device) */
	long files_seen, files_read, files_known, files_manifest, files_not_read;
	long records_read, stored, duplicates, conflicts, rejected;
	long stored_by_kind[KIND_COUNT];
};

/* Opens the ingest transaction. `arguments` describes the run; `input_bytes` sizes the
 * load, less the files store_file_find() finds stored (a load larger than the store
 * builds its indexes after the rows are in). */
int store_ingest_begin(struct store *st, const char *arguments, int64_t input_bytes,
		       struct error *e);
/* Looks a file up by path and content; returns 1 and its id when stored, 0 when not. */
int store_file_find(struct store *st, const char *path, const char *sha256, int64_t *id,
		    struct error *e);
int store_file_add(struct store *st, const struct input_file *f, int64_t *id, struct error *e);
int store_file_set_manifest(struct store *st, int64_t file_id, int64_t manifest_id,
			    struct error *e);
/* A SHA256SUMS first stored when given alone (not checked), met again in `bundle`, is
 * that bundle's manifest. */
int store_file_is_manifest(struct store *st, int64_t file_id, const char *bundle,
			   struct error *e);
/* `sha256` NULL keeps the file's SHA-256 as added; else it replaces it (a file hashed as
 * it was read is added with ""). */
int store_file_finish(struct store *st, int64_t file_id, const char *sha256, long records,
		      long rejected, const int64_t *buckets, size_t nbuckets, struct error *e);
/* Whether the store holds a file at `path`, whatever its content: 1, 0, or -1. */
int store_path_seen(struct store *st, const char *path, struct error *e);
int store_record_add(struct store *st, int64_t file_id, const struct record *r,
		     struct error *e);
int store_reject_add(struct store *st, int64_t file_id, const struct reject_row *row,
		     struct error *e);
int store_integrity_add(struct store *st, int64_t file_id, const struct integrity_row *row,
			struct error *e);
/* A bundle's SHA256SUMS, kept line by line in a temporary table so that its size costs
 * no memory: begin, add each usable line in file order, read them back, end. A line that
 * repeats an earlier one (its path with its SHA-256) claims nothing new and is not kept. */
int store_manifest_begin(struct store *st, struct error *e);
int store_manifest_add(struct store *st, long line, const char *path, const char *sha256,
		       struct error *e);
/* Calls fn for each kept line in file order; `first`: no earlier line lists its path.
 * A nonzero return stops the reading and is returned. */
typedef int (*store_manifest_fn)(void *arg, long line, const char *path, const char *sha256,
				 int first);
int store_manifest_each(struct store *st, store_manifest_fn fn, void *arg, struct error *e);
/* Drops the table; safe after any failure. */
void store_manifest_end(struct store *st);
/* Removes duplicate records, marks conflicts, builds indexes, and commits. Fills *stats
 * (stored, duplicates, conflicts). When the run added nothing at all the transaction is
 * rolled back, so the store file stays byte for byte as it was. */
int store_ingest_commit(struct store *st, struct ingest_stats *stats, struct error *e);
void store_ingest_rollback(struct store *st);

/* The writing thread, between its store_ingest_begin() and commit or rollback, while it
 * waits for another thread: that thread may run out of memory meanwhile, and then undoes
 * the transaction itself (store.c). */
void store_write_pause(void);
void store_write_resume(void);

#endif
