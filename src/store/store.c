/*
 * store.c - opening the audit store, its schema migrations, and the ingest transaction.
 */
#include "store.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../embed.h"
#include "../util/buf.h"
#include "../util/fault.h"
#include "../util/io.h"
#include "../util/path.h"
#include "../util/timing.h"
#include "../version.h"
#include "writeback.h"

/* Prepared statements of the ingest transaction. */
enum stmt {
	S_FILE_FIND,
	S_FILE_PATH,
	S_FILE_ADD,
	S_FILE_MANIFEST,
	S_FILE_IS_MANIFEST,
	S_FILE_FINISH,
	S_FILE_TIME,
	S_RECORD,
	S_RAW,
	S_LOCK_DOC,
	S_DEP_FIELDS,
	S_DEP_DOC,
	S_DEP_MODULE,
	S_CHECKLIST,
	S_INCIDENT,
	S_INC_ACTION,
	S_INC_CID,
	S_CHANGE,
	S_FREEZE,
	S_FREEZE_REVIEW,
	S_REJECT,
	S_INTEGRITY,
	S_MF_SEEN,
	S_MF_ADD,
	S_MF_EACH,
	S_COUNT
};

static const char *const stmt_sql[S_COUNT] = {
	[S_FILE_FIND] = "SELECT id, size FROM input_file WHERE path = ?1 AND sha256 = ?2",
	[S_FILE_ADD] = "INSERT INTO input_file (path, sha256, size, format, note, bundle, run_id)"
		       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[S_FILE_MANIFEST] = "UPDATE input_file SET manifest_id = ?2 WHERE id = ?1",
	[S_FILE_IS_MANIFEST] = "UPDATE input_file SET format = 'manifest', note = NULL,"
			       " bundle = ?2 WHERE id = ?1 AND format <> 'manifest'",
	[S_FILE_PATH] = "SELECT 1 FROM input_file WHERE path = ?1 LIMIT 1",
	[S_FILE_FINISH] = "UPDATE input_file SET records = ?2, rejected = ?3,"
			  " sha256 = coalesce(?4, sha256) WHERE id = ?1",
	[S_FILE_TIME] = "INSERT OR IGNORE INTO file_time (file_id, bucket) VALUES (?1, ?2)",
	[S_RECORD] =
		"INSERT INTO record (kind, file_id, line, byte_offset, content, ident,"
		" rid, ts, ts_offset, environment, source, seq, correlation_id, deployment_id,"
		" event, order_id, symbol, side, qty, price, route, verdict,"
		" decided_by, reason, mode_from, mode_to, actor, alert_id, severity, component,"
		" message, status, action, result, trigger_ref, latency_ms, error_rate)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
		" ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28,"
		" ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37)",
	[S_RAW] = "INSERT INTO record_raw (id, sha256, raw) VALUES (?1, ?2, ?3)",
	[S_LOCK_DOC] = "INSERT INTO lock_document VALUES (?1, ?2, ?3, ?4, ?5)",
	[S_DEP_FIELDS] = "INSERT INTO deployment_fields VALUES"
			 " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
	[S_DEP_DOC] = "INSERT INTO deployment_document VALUES (?1, ?2, ?3, ?4)",
	[S_DEP_MODULE] = "INSERT INTO deployment_module VALUES (?1, ?2, ?3, ?4, ?5)",
	[S_CHECKLIST] = "INSERT INTO checklist_fields VALUES"
			" (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[S_INCIDENT] = "INSERT INTO incident_fields VALUES"
		       " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[S_INC_ACTION] = "INSERT INTO incident_action VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[S_INC_CID] = "INSERT INTO incident_correlation VALUES (?1, ?2, ?3)",
	[S_CHANGE] = "INSERT INTO change_fields VALUES"
		     " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	[S_FREEZE] = "INSERT INTO freeze_fields VALUES"
		     " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
	[S_FREEZE_REVIEW] = "INSERT INTO freeze_incident_review VALUES (?1, ?2, ?3)",
	[S_REJECT] = "INSERT INTO rejected (file_id, line, col, byte_offset, length, field,"
		     " reason, sha256, raw) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[S_INTEGRITY] = "INSERT OR IGNORE INTO integrity (rule, file_id, line, subject, args,"
			" manifest_id, manifest_line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	/* the temporary table of store_manifest_begin(): two seeks of its index */
	[S_MF_SEEN] = "SELECT EXISTS (SELECT 1 FROM temp.manifest_listing WHERE path = ?1),"
		      " EXISTS (SELECT 1 FROM temp.manifest_listing"
		      " WHERE path = ?1 AND sha256 = ?2)",
	[S_MF_ADD] = "INSERT INTO temp.manifest_listing (line, path, sha256, first)"
		     " VALUES (?1, ?2, ?3, ?4)",
	[S_MF_EACH] = "SELECT line, path, sha256, first FROM temp.manifest_listing ORDER BY line",
};

struct store {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *stmt[S_COUNT];
	int in_ingest;
	int64_t run_id;
	int64_t first_id;    /* records with id >= first_id were added by this run */
	int fresh;           /* the record table was empty when the run began */
	int64_t load_bytes;  /* input of the run not found stored already */
	int load_started;    /* the first record is in: bulk is decided */
	int bulk;            /* indexes were dropped for the load */
	int io_error;        /* a write failed: the file needs its journal played back */
	struct writeback *wb; /* a bulk load: its pages go to disk as it goes */
	long added_files, added_records, added_rejects, added_integrity;
	long marked_manifests; /* a stored file now read as its bundle's manifest */
	long stored_by_kind[KIND_COUNT];
};

/*
 * Out of memory in the middle of a write. xmalloc() cannot fail back to its caller, so the
 * process ends where memory ran out, on whatever thread; left so, the store file would
 * hold half a run, whole only with the hot journal beside it. The thread that writes
 * holds write_lock from its BEGIN to its COMMIT or ROLLBACK, letting go of it only while
 * it waits for the thread reading the input (store_write_pause()). The out-of-memory hook
 * takes it, so that no statement is half done, rolls the transaction back, and keeps it
 * until the process is gone.
 */
static pthread_mutex_t write_lock;
static pthread_once_t write_lock_once = PTHREAD_ONCE_INIT;
static sqlite3 *writing; /* the connection in a write transaction */

static void write_lock_init(void)
{
	pthread_mutexattr_t a;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE); /* out of memory while writing */
	pthread_mutex_init(&write_lock, &a);
	pthread_mutexattr_destroy(&a);
}

static int undo_on_out_of_memory(void)
{
	pthread_once(&write_lock_once, write_lock_init);
	pthread_mutex_lock(&write_lock);
	return writing && sqlite3_exec(writing, "ROLLBACK", NULL, NULL, NULL) == SQLITE_OK;
}

/* After a BEGIN: the transaction is the one to undo on running out of memory. */
static void write_guard(struct store *st)
{
	pthread_once(&write_lock_once, write_lock_init);
	pthread_mutex_lock(&write_lock);
	writing = st->db;
	error_on_out_of_memory(undo_on_out_of_memory);
}

/* After its COMMIT or ROLLBACK. */
static void write_unguard(void)
{
	writing = NULL;
	pthread_mutex_unlock(&write_lock);
}

void store_write_pause(void)
{
	if (writing)
		pthread_mutex_unlock(&write_lock);
}

void store_write_resume(void)
{
	if (writing)
		pthread_mutex_lock(&write_lock);
}

/* Index names of indexes.sql, dropped for a bulk load. */
static const char *const record_indexes[] = {
	"record_ident", "record_kind_ts", "record_cid", "record_submit", "record_heartbeat", NULL,
};

#define TEMP_FILES "(on the store's disk, or that of SQLite's temporary files: SQLITE_TMPDIR," \
		   " else TMPDIR, else /var/tmp or /tmp)"

static int db_error(struct store *st, struct error *e, const char *what)
{
	int code = sqlite3_errcode(st->db), sys = sqlite3_system_errno(st->db);

	if (code == SQLITE_IOERR || code == SQLITE_FULL)
		st->io_error = 1;
	/* SQLite's temporary files (sorts, the index builds) are written to TMPDIR: a full
	 * disk there reads as the store's */
	if (code == SQLITE_IOERR && (sys == ENOSPC || sys == EFBIG || sys == EDQUOT))
		return error_at(e, EXIT_STORE, "store", st->path, 0, 0, NULL,
				"disk full (%s): %s " TEMP_FILES, strerror(sys), what);
	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		return error_at(e, EXIT_STORE, "store", st->path, 0, 0, NULL,
				"store busy: another process holds it (%s)", what);
	if (code == SQLITE_READONLY) {
		/* A journal beside the store: an interrupted write that only a user who may
		 * write the store can roll back, by running any command on it. */
		struct buf journal = BUF_INIT;
		buf_addf(&journal, "%s-journal", st->path);
		int hot = access(journal.data, F_OK) == 0;
		buf_release(&journal);
		/* The file may be writable and its directory not: SQLite writes its journal
		 * beside the store, so the write is refused all the same. */
		if (!hot && sqlite3_extended_errcode(st->db) == SQLITE_READONLY_DIRECTORY)
			return error_at(e, EXIT_STORE, "store", st->path, 0, 0, NULL,
					"the store's directory is not writable, and a write"
					" needs its journal there (%s)", what);
		return error_at(e, EXIT_STORE, "store", st->path, 0, 0, NULL,
				hot ? "store is read-only to this user, and an interrupted ingest"
				      " (or a command bringing an older store to this version)"
				      " left its journal beside it: run any taits-audit command on"
				      " the store as a user who may write it, to roll that write"
				      " back (%s)"
				    : "store is read-only (%s)",
				what);
	}
	if (code == SQLITE_FULL)
		return error_at(e, EXIT_STORE, "store", st->path, 0, 0, NULL,
				"disk full while %s " TEMP_FILES, what);
	/* sqlite3_exec()'s message is SQLite's own: said once */
	if (!strcmp(what, sqlite3_errmsg(st->db)))
		return error_at(e, EXIT_STORE, "store", st->path, 0, 0, NULL, "%s", what);
	return error_at(e, EXIT_STORE, "store", st->path, 0, 0, NULL, "%s: %s", what,
			sqlite3_errmsg(st->db));
}

static int exec(struct store *st, const char *sql, struct error *e)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		int code = sqlite3_errcode(st->db);
		/* a full disk or an I/O error is told as such; SQLite's text would say it twice */
		int rc = db_error(st, e, code == SQLITE_FULL || code == SQLITE_IOERR
						 ? "writing the store"
						 : msg ? msg : "statement failed");
		sqlite3_free(msg);
		return rc;
	}
	return 0;
}

static int query_int(struct store *st, const char *sql, int64_t *out, struct error *e)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return db_error(st, e, "reading the store");
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	else if (rc == SQLITE_DONE)
		*out = 0;
	else {
		sqlite3_finalize(s);
		return db_error(st, e, "reading the store");
	}
	sqlite3_finalize(s);
	return 0;
}

const char *store_default_path(const char *option)
{
	const char *env = getenv("TAITS_AUDIT_DB");

	if (option && *option)
		return option;
	if (env && *env)
		return env;
	return "taits-audit.db";
}

static int step_done(struct store *st, sqlite3_stmt *s, const char *what, struct error *e)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_error(st, e, what);
	return 0;
}

/* Versions 1 to 3 to 4: each stored record's content hash again, from its bytes, as
 * record_build() now gives it (store.h says how each version differs). In the migration's
 * transaction: a kill leaves the old version whole. */
static int rehash_contents(struct store *st, struct error *e)
{
	sqlite3_stmt *q = NULL, *u = NULL;
	int rc = -1, step;

	if (sqlite3_prepare_v2(st->db,
			       "SELECT r.id, x.raw, f.format = 'yaml', r.content FROM record r"
			       " JOIN record_raw x ON x.id = r.id JOIN input_file f ON f.id = r.file_id",
			       -1, &q, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, "UPDATE record SET content = ?2 WHERE id = ?1", -1, &u,
			       NULL) != SQLITE_OK) {
		db_error(st, e, "rehashing the records of an older store");
		goto out;
	}
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		const char *raw = sqlite3_column_blob(q, 1);
		int64_t content;
		if (!raw ||
		    record_content_of(raw, (size_t)sqlite3_column_bytes(q, 1),
				      sqlite3_column_int(q, 2), &content) ||
		    content == sqlite3_column_int64(q, 3))
			continue;
		sqlite3_bind_int64(u, 1, sqlite3_column_int64(q, 0));
		sqlite3_bind_int64(u, 2, content);
		if (step_done(st, u, "rehashing a record", e))
			goto out;
	}
	if (step != SQLITE_DONE) {
		db_error(st, e, "rehashing the records of an older store");
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(q);
	sqlite3_finalize(u);
	return rc;
}

static int upgrade(struct store *st, int64_t tables, struct error *e);
static int busy_timeout_ms(void);

/* Brings the schema to STORE_SCHEMA_VERSION. Forward only. Only a store opened to write
 * is created: a read finding no schema (an empty or truncated file) is a store error, not
 * an empty store that would review as compliant. */
static int migrate(struct store *st, enum store_mode mode, struct error *e)
{
	int64_t version = 0, app = 0, tables = 0;

	/* One read transaction: read one by one, another process creating the store could
	 * commit between the reads, and a fresh store would look like someone else's file. */
	if (exec(st, "BEGIN", e))
		return -1;
	if (query_int(st, "PRAGMA user_version", &version, e) ||
	    query_int(st, "PRAGMA application_id", &app, e) ||
	    query_int(st, "SELECT count(*) FROM sqlite_master", &tables, e)) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	if (exec(st, "COMMIT", e))
		return -1;
	if (version > STORE_SCHEMA_VERSION)
		return error_at(e, EXIT_STORE, "store", st->path, 0, 0, NULL,
				"written by a newer taits-audit (schema version %lld; this "
				"version reads up to %d): refusing to touch it",
				(long long)version, STORE_SCHEMA_VERSION);
	if (tables && app != STORE_APPLICATION_ID)
		return error_at(e, EXIT_STORE, "store", st->path, 0, 0, NULL,
				"not a taits-audit store (an SQLite file of something else)");
	/* An SQLite file with no tables yet that another program has marked as its own (its
	 * application_id, or a user_version with no schema behind it) is not taken over. */
	if (!tables && ((app && app != STORE_APPLICATION_ID) || version))
		return error_at(e, EXIT_STORE, "store", st->path, 0, 0, NULL,
				"not a taits-audit store (an SQLite file of something else, with no "
				"tables: application_id %lld, user_version %lld)",
				(long long)app, (long long)version);
	if (!tables && mode == STORE_READ)
		return error_at(e, EXIT_STORE, "store", st->path, 0, 0, NULL,
				"not a taits-audit store (an empty file): ingest a bundle into it "
				"first");
	/* A store that no ingest ever committed to (its first ingest failed, was killed
	 * after creating it, or found nothing to store) holds nothing to review: it would
	 * read as a compliant day. */
	if (mode == STORE_READ && store_require_ingested(st, e))
		return -1;
	if (version == STORE_SCHEMA_VERSION)
		return 0;
	/* Versions 1 to 3 differ only in the content hashes. The rules read them too (which
	 * of two conflicting versions governs), so a command that only reads brings the store
	 * to this version when it can at once; when it cannot (the file or its directory is
	 * not this user's to write, a disk is full, another process holds the store) it reads
	 * the store as it is, and the next ingest migrates it (README). */
	if (mode == STORE_READ) {
		struct error ignored = ERROR_INIT;
		if (sqlite3_db_readonly(st->db, "main") == 1)
			return 0;
		sqlite3_busy_timeout(st->db, 0);
		upgrade(st, tables, &ignored);
		sqlite3_busy_timeout(st->db, busy_timeout_ms());
		return 0;
	}
	return upgrade(st, tables, e);
}

/*
 * A write may begin only when it can be undone: a failed one is rolled back by writing
 * the store's original pages back where they were, and under a file size limit (ulimit
 * -f) smaller than the store those past the limit cannot be. The store file would be
 * left changed, whole only with its journal beside it until the next open played it
 * back. Such a run is refused before it writes anything.
 */
static int within_size_limit(struct store *st, struct error *e)
{
	struct rlimit rl;
	struct stat sb;

	if (getrlimit(RLIMIT_FSIZE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY ||
	    stat(st->path, &sb) != 0 || (rlim_t)sb.st_size <= rl.rlim_cur)
		return 0;
	return error_at(e, EXIT_STORE, "store", st->path, 0, 0, NULL,
			"larger (%lld bytes) than the file size limit (ulimit -f: %llu bytes): "
			"a failed write could not be undone within it, so nothing is written",
			(long long)sb.st_size, (unsigned long long)rl.rlim_cur);
}

/* Creates the schema of a store that has none, or brings an older one to this version, in
 * one transaction. */
static int upgrade(struct store *st, int64_t tables, struct error *e)
{
	int64_t version;

	if (within_size_limit(st, e))
		return -1;

	/* A new store gets larger pages: fewer to write, read and balance in a bulk load.
	 * SQLite takes this only before the first write, outside a transaction. */
	if (!tables && exec(st, "PRAGMA page_size = 16384", e))
		return -1;
	if (exec(st, "BEGIN IMMEDIATE", e))
		return -1;
	write_guard(st);
	/* Re-read under the write lock: another process may have migrated meanwhile. */
	if (query_int(st, "PRAGMA user_version", &version, e))
		goto fail;
	if (version == 0) {
		char pragma[96];
		snprintf(pragma, sizeof(pragma), "PRAGMA application_id = %d; PRAGMA user_version = %d",
			 STORE_APPLICATION_ID, STORE_SCHEMA_VERSION);
		if (exec(st, embedded_schema_sql, e) || exec(st, embedded_indexes_sql, e) ||
		    exec(st, pragma, e))
			goto fail;
		version = STORE_SCHEMA_VERSION;
	}
	if (version >= 1 && version < STORE_SCHEMA_VERSION) {
		char pragma[48];
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", STORE_SCHEMA_VERSION);
		/* record_cid as indexes.sql has it now: with the content hash */
		if (rehash_contents(st, e) || exec(st, "DROP INDEX IF EXISTS record_cid", e) ||
		    exec(st, embedded_indexes_sql, e) || exec(st, pragma, e))
			goto fail;
		version = STORE_SCHEMA_VERSION;
	}
	if (exec(st, "COMMIT", e))
		goto fail;
	write_unguard();
	return 0;
fail:
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	write_unguard();
	return -1;
}

/* TAITS_AUDIT_BUSY_TIMEOUT_MS: a number of milliseconds, 0 to 3600000; anything else
 * (unset, empty, not a number) is the default, 30000. */
static int busy_timeout_ms(void)
{
	const char *s = getenv("TAITS_AUDIT_BUSY_TIMEOUT_MS");
	char *end = NULL;
	long v = s && *s ? strtol(s, &end, 10) : -1;

	if (!end || *end || v < 0)
		return 30000;
	return v > 3600000 ? 3600000 : (int)v;
}

/* Why a store could not be opened at path for its directory: missing, not a directory,
 * or, for a store not there yet, one this user may not create files in; "" otherwise.
 * Read from the directory itself: the errno SQLite leaves is that of its last try (a
 * read-only open after a refused create fails with ENOENT). */
static const char *directory_problem(const char *path)
{
	char *dir = path_dir(path);
	struct stat sb;
	const char *why = "";

	if (stat(dir, &sb) != 0)
		why = errno == ENOTDIR ? "not a directory" : errno == ENOENT ? "no such directory" : "";
	else if (!S_ISDIR(sb.st_mode))
		why = "not a directory";
	else if (access(path, F_OK) != 0 && access(dir, W_OK | X_OK) != 0)
		why = "not writable, so a new store cannot be created there";
	free(dir);
	return why;
}

int store_open(const char *path, enum store_mode mode, struct store **out, struct error *e)
{
	struct store *st;
	struct stat sb;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;

	*out = NULL;
	/* A directory, or a name ending in '/' as a directory's does: SQLite would say only
	 * "unable to open database file", or create a file of the name without its '/'. */
	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
		return error_at(e, EXIT_STORE, "store", path, 0, 0, NULL,
				"names a directory: the audit store is a file (such as %s%s"
				"taits-audit.db)",
				path, path[strlen(path) - 1] == '/' ? "" : "/");
	if (*path && path[strlen(path) - 1] == '/')
		return error_at(e, EXIT_STORE, "store", path, 0, 0, NULL,
				"ends in '/', as a directory's name does: the audit store is a"
				" file, named without it");
	if (mode == STORE_READ && stat(path, &sb) != 0)
		return error_at(e, EXIT_STORE, "store", path, 0, 0, NULL,
				"no audit store here (ingest a bundle first, or give --db)");
	if (mode == STORE_WRITE)
		flags |= SQLITE_OPEN_CREATE;
	st = xcalloc(1, sizeof(*st));
	st->path = xstrdup(path);
	if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK) {
		/* SQLite says only "unable to open database file": say why when the reason is
		 * the directory */
		const char *why = directory_problem(path);
		int sys = st->db ? sqlite3_system_errno(st->db) : 0;
		/* a link to a file in a missing directory: its own directory is there */
		if (!*why && (sys == ENOENT || sys == ENOTDIR))
			why = sys == ENOENT ? "no such directory" : "not a directory";
		error_at(e, EXIT_STORE, "store", path, 0, 0, NULL, "cannot open: %s%s%s",
			 st->db ? sqlite3_errmsg(st->db) : "out of memory",
			 *why ? ": its directory: " : "", why);
		store_close(st);
		return -1;
	}
	sqlite3_extended_result_codes(st->db, 0);
	sqlite3_busy_timeout(st->db, busy_timeout_ms());
	if (exec(st, "PRAGMA foreign_keys = ON; PRAGMA cache_size = -8192;"
		     " PRAGMA temp_store = FILE; PRAGMA threads = 2", e) ||
	    migrate(st, mode, e)) {
		store_close(st);
		return -1;
	}
	*out = st;
	return 0;
}

/* After a failed write (a full disk) SQLite leaves the rollback to the next connection:
 * the store file is modified and its journal holds the original pages. Opening it once
 * more plays the journal back now, so the file is whole before the command exits, and a
 * copy of the store file alone is never half-written. */
static void recover(const char *path)
{
	sqlite3 *db = NULL;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK)
		sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
	sqlite3_close(db);
}

void store_close(struct store *st)
{
	if (!st)
		return;
	if (st->in_ingest)
		store_ingest_rollback(st);
	for (int i = 0; i < S_COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	sqlite3_close(st->db);
	writeback_free(st->wb);
	if (st->io_error)
		recover(st->path);
	free(st->path);
	free(st);
}

sqlite3 *store_db(struct store *st)
{
	return st->db;
}

int store_snapshot(sqlite3 *db, const char *path, struct error *e)
{
	sqlite3_stmt *s = NULL;
	int rc = SQLITE_ERROR;

	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master", -1, &s, NULL) ==
		    SQLITE_OK)
		rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc == SQLITE_ROW)
		return 0;
	error_at(e, EXIT_STORE, "store", path, 0, 0, NULL, "%s: %s",
		 rc == SQLITE_BUSY ? "store busy" : "cannot read the store", sqlite3_errmsg(db));
	if (!sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

int store_require_ingested(struct store *st, struct error *e)
{
	int64_t runs = 0;

	if (query_int(st, "SELECT EXISTS (SELECT 1 FROM ingest_run)", &runs, e))
		return -1;
	if (!runs)
		return error_at(e, EXIT_STORE, "store", st->path, 0, 0, NULL,
				"holds nothing ingested yet (no ingest has stored a file): "
				"ingest a bundle into it first");
	return 0;
}

int store_is_wal(struct store *st)
{
	struct error ignored = ERROR_INIT;
	int64_t wal = 0;

	if (query_int(st, "SELECT journal_mode = 'wal' FROM pragma_journal_mode", &wal,
		      &ignored))
		return 0;
	return wal != 0;
}

void store_snapshot_end(sqlite3 *db)
{
	if (db && !sqlite3_get_autocommit(db))
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
}

int store_open_reader(struct store *st, sqlite3 **out, struct error *e)
{
	sqlite3 *db = NULL;
	const char *file = sqlite3_db_filename(st->db, "main");

	*out = NULL;
	/* An in-memory store (--db :memory:) has no file: a second open would be another,
	 * empty database. */
	if (!file || !*file)
		return error_at(e, EXIT_STORE, "store", st->path, 0, 0, NULL,
				"cannot open a second connection: the store is not a file");
	if (sqlite3_open_v2(st->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) !=
		    SQLITE_OK ||
	    sqlite3_busy_timeout(db, busy_timeout_ms()) != SQLITE_OK ||
	    sqlite3_exec(db, "PRAGMA cache_size = -8192; PRAGMA temp_store = FILE", NULL, NULL,
			 NULL) != SQLITE_OK) {
		error_at(e, EXIT_STORE, "store", st->path, 0, 0, NULL,
			 "cannot open a second connection: %s",
			 db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return -1;
	}
	sqlite3_extended_result_codes(db, 0);
	*out = db;
	return 0;
}

/* ---- ingest ---- */

/* The statement, reset. Unless `all_bound` (the caller binds every parameter, as the
 * per-record statements do), its old bindings are cleared too. */
static sqlite3_stmt *stmt_for(struct store *st, enum stmt which, int all_bound,
			      struct error *e)
{
	if (!st->stmt[which] &&
	    sqlite3_prepare_v3(st->db, stmt_sql[which], -1, SQLITE_PREPARE_PERSISTENT,
			       &st->stmt[which], NULL) != SQLITE_OK) {
		db_error(st, e, "preparing a statement");
		return NULL;
	}
	sqlite3_reset(st->stmt[which]);
	if (!all_bound)
		sqlite3_clear_bindings(st->stmt[which]);
	return st->stmt[which];
}

static sqlite3_stmt *stmt(struct store *st, enum stmt which, struct error *e)
{
	return stmt_for(st, which, 0, e);
}

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

static void bind_time(sqlite3_stmt *s, int i, const struct tval *t)
{
	if (t->set) {
		sqlite3_bind_int64(s, i, t->us);
		sqlite3_bind_int(s, i + 1, t->offset_min);
	}
}

static void bind_tristate(sqlite3_stmt *s, int i, int v)
{
	if (v >= 0)
		sqlite3_bind_int(s, i, v);
}

int store_ingest_begin(struct store *st, const char *arguments, int64_t input_bytes,
		       struct error *e)
{
	sqlite3_stmt *s = NULL;
	char now[32];
	time_t t = time(NULL);
	struct tm tm;
	int64_t max_id;

	if (within_size_limit(st, e) || exec(st, "BEGIN IMMEDIATE", e))
		return -1;
	write_guard(st);
	st->in_ingest = 1;
	memset(st->stored_by_kind, 0, sizeof(st->stored_by_kind));
	st->added_files = st->added_records = st->added_rejects = st->added_integrity = 0;
	st->marked_manifests = 0;
	if (query_int(st, "SELECT coalesce(max(id), 0) FROM record", &max_id, e))
		goto fail;
	st->first_id = max_id + 1;
	st->fresh = max_id == 0;
	st->load_bytes = input_bytes;
	st->load_started = st->bulk = 0;
	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (sqlite3_prepare_v2(st->db,
			       "INSERT INTO ingest_run (started_at, tool_version, arguments)"
			       " VALUES (?1, ?2, ?3)",
			       -1, &s, NULL) != SQLITE_OK)
		goto dberr;
	sqlite3_bind_text(s, 1, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, TAITS_VERSION, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, arguments, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		goto dberr;
	sqlite3_finalize(s);
	st->run_id = sqlite3_last_insert_rowid(st->db);
	return 0;
dberr:
	db_error(st, e, "starting the ingest run");
	sqlite3_finalize(s);
fail:
	store_ingest_rollback(st);
	return -1;
}

/* Called before the run's first record: rows of ~300 bytes, so when the files still to
 * read will outgrow what is stored, the indexes are dropped, to be built once at the
 * commit, which is cheaper than maintaining them row by row. Deciding here, not when the
 * run begins, leaves out the files found already stored: a run that reads nothing new
 * neither drops nor rebuilds anything. */
static int load_start(struct store *st, struct error *e)
{
	st->load_started = 1;
	st->bulk = st->first_id - 1 < st->load_bytes / 300;
	for (int i = 0; st->bulk && record_indexes[i]; i++) {
		char sql[96];
		snprintf(sql, sizeof(sql), "DROP INDEX IF EXISTS %s", record_indexes[i]);
		if (exec(st, sql, e))
			return -1;
	}
	/* In WAL mode (a store someone switched) SQLite holds a lock on the file for as long
	 * as the connection is open, which closing the write-back's descriptor would drop. */
	if (st->bulk && !st->wb && !store_is_wal(st))
		st->wb = writeback_start(sqlite3_db_filename(st->db, "main"));
	return 0;
}

void store_ingest_rollback(struct store *st)
{
	if (!st->in_ingest)
		return;
	for (int i = 0; i < S_COUNT; i++)
		if (st->stmt[i])
			sqlite3_reset(st->stmt[i]);
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	writeback_stop(st->wb);
	if (sqlite3_get_autocommit(st->db)) { /* the transaction's locks are gone */
		writeback_free(st->wb);
		st->wb = NULL;
	}
	st->in_ingest = 0;
	write_unguard();
}

int store_file_find(struct store *st, const char *path, const char *sha256, int64_t *id,
		    struct error *e)
{
	sqlite3_stmt *s = stmt(st, S_FILE_FIND, e);
	int rc;

	if (!s)
		return -1;
	bind_text(s, 1, path);
	bind_text(s, 2, sha256);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		st->load_bytes -= sqlite3_column_int64(s, 1);
		sqlite3_reset(s);
		return 1;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return db_error(st, e, "looking up a file");
	return 0;
}

int store_file_add(struct store *st, const struct input_file *f, int64_t *id, struct error *e)
{
	sqlite3_stmt *s = stmt(st, S_FILE_ADD, e);

	if (!s)
		return -1;
	bind_text(s, 1, f->path);
	bind_text(s, 2, f->sha256);
	sqlite3_bind_int64(s, 3, f->size);
	bind_text(s, 4, f->format);
	bind_text(s, 5, f->note);
	bind_text(s, 6, f->bundle);
	sqlite3_bind_int64(s, 7, st->run_id);
	if (step_done(st, s, "adding a file", e))
		return -1;
	*id = sqlite3_last_insert_rowid(st->db);
	st->added_files++;
	return 0;
}

int store_file_set_manifest(struct store *st, int64_t file_id, int64_t manifest_id,
			    struct error *e)
{
	sqlite3_stmt *s = stmt(st, S_FILE_MANIFEST, e);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, file_id);
	sqlite3_bind_int64(s, 2, manifest_id);
	return step_done(st, s, "linking a file to its manifest", e);
}

int store_file_is_manifest(struct store *st, int64_t file_id, const char *bundle,
			   struct error *e)
{
	sqlite3_stmt *s = stmt(st, S_FILE_IS_MANIFEST, e);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, file_id);
	sqlite3_bind_text(s, 2, bundle, -1, SQLITE_STATIC);
	if (step_done(st, s, "marking a file as its bundle's manifest", e))
		return -1;
	st->marked_manifests += sqlite3_changes(st->db);
	return 0;
}

int store_path_seen(struct store *st, const char *path, struct error *e)
{
	sqlite3_stmt *s = stmt(st, S_FILE_PATH, e);
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, path, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(st, e, "looking up a file");
	return rc == SQLITE_ROW;
}

/* The manifest's usable lines, less those that repeat an earlier one, in a temporary
 * table: SQLite's temporary file, not the heap, holds a manifest of a million lines. */
int store_manifest_begin(struct store *st, struct error *e)
{
	return exec(st, "CREATE TEMP TABLE manifest_listing (line INTEGER PRIMARY KEY,"
			" path TEXT NOT NULL, sha256 TEXT NOT NULL, first INTEGER NOT NULL);"
			" CREATE INDEX temp.manifest_listing_path"
			" ON manifest_listing (path, sha256)",
		    e);
}

int store_manifest_add(struct store *st, long line, const char *path, const char *sha256,
		       struct error *e)
{
	sqlite3_stmt *s = stmt(st, S_MF_SEEN, e);
	int listed, repeat;

	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, path, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, sha256, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return db_error(st, e, "looking up a manifest line");
	}
	listed = sqlite3_column_int(s, 0);
	repeat = sqlite3_column_int(s, 1);
	sqlite3_reset(s);
	if (repeat) /* claims nothing an earlier line did not */
		return 0;
	if (!(s = stmt(st, S_MF_ADD, e)))
		return -1;
	sqlite3_bind_int64(s, 1, line);
	sqlite3_bind_text(s, 2, path, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, !listed);
	return step_done(st, s, "keeping a manifest line", e);
}

int store_manifest_each(struct store *st, store_manifest_fn fn, void *arg, struct error *e)
{
	sqlite3_stmt *s = stmt(st, S_MF_EACH, e);
	int rc;

	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int stop = fn(arg, (long)sqlite3_column_int64(s, 0),
			      (const char *)sqlite3_column_text(s, 1),
			      (const char *)sqlite3_column_text(s, 2), sqlite3_column_int(s, 3));
		if (stop) {
			sqlite3_reset(s);
			return stop;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : db_error(st, e, "reading the manifest's lines");
}

void store_manifest_end(struct store *st)
{
	static const enum stmt uses[] = { S_MF_SEEN, S_MF_ADD, S_MF_EACH };

	for (size_t i = 0; i < sizeof(uses) / sizeof(uses[0]); i++) {
		sqlite3_finalize(st->stmt[uses[i]]);
		st->stmt[uses[i]] = NULL;
	}
	sqlite3_exec(st->db, "DROP TABLE IF EXISTS temp.manifest_listing", NULL, NULL, NULL);
}

int store_file_finish(struct store *st, int64_t file_id, const char *sha256, long records,
		      long rejected, const int64_t *buckets, size_t nbuckets, struct error *e)
{
	sqlite3_stmt *s = stmt(st, S_FILE_FINISH, e);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, file_id);
	sqlite3_bind_int64(s, 2, records);
	sqlite3_bind_int64(s, 3, rejected);
	bind_text(s, 4, sha256);
	if (step_done(st, s, "counting a file's records", e))
		return -1;
	for (size_t i = 0; i < nbuckets; i++) {
		if (!(s = stmt(st, S_FILE_TIME, e)))
			return -1;
		sqlite3_bind_int64(s, 1, file_id);
		sqlite3_bind_int64(s, 2, buckets[i]);
		if (step_done(st, s, "indexing a file's times", e))
			return -1;
	}
	return 0;
}

static int add_details(struct store *st, int64_t id, const struct record *r, struct error *e)
{
	sqlite3_stmt *s;
	size_t i;

	switch (r->kind) {
	case KIND_DOCUMENT_LOCK:
		for (i = 0; i < r->ndocs; i++) {
			if (!(s = stmt(st, S_LOCK_DOC, e)))
				return -1;
			sqlite3_bind_int64(s, 1, id);
			sqlite3_bind_int64(s, 2, (int64_t)i);
			bind_text(s, 3, r->docs[i].doc_key);
			bind_text(s, 4, r->docs[i].version);
			bind_text(s, 5, r->docs[i].sha256);
			if (step_done(st, s, "adding a lock document", e))
				return -1;
		}
		return 0;
	case KIND_DEPLOYMENT:
		if (!(s = stmt(st, S_DEP_FIELDS, e)))
			return -1;
		sqlite3_bind_int64(s, 1, id);
		bind_text(s, 2, r->owner);
		sqlite3_bind_int(s, 3, r->has_documents);
		sqlite3_bind_int(s, 4, r->has_modules);
		for (int g = 0; g < GATE_COUNT; g++)
			bind_text(s, 5 + g, r->gate[g]);
		sqlite3_bind_int(s, 10, r->has_verification);
		bind_tristate(s, 11, r->verified);
		bind_text(s, 12, r->verified_by);
		bind_time(s, 13, &r->verified_at);
		if (step_done(st, s, "adding a deployment", e))
			return -1;
		for (i = 0; i < r->ndocs; i++) {
			if (!(s = stmt(st, S_DEP_DOC, e)))
				return -1;
			sqlite3_bind_int64(s, 1, id);
			sqlite3_bind_int64(s, 2, (int64_t)i);
			bind_text(s, 3, r->docs[i].doc_key);
			bind_text(s, 4, r->docs[i].version);
			if (step_done(st, s, "adding a deployment document", e))
				return -1;
		}
		for (i = 0; i < r->nmodules; i++) {
			if (!(s = stmt(st, S_DEP_MODULE, e)))
				return -1;
			sqlite3_bind_int64(s, 1, id);
			sqlite3_bind_int64(s, 2, (int64_t)i);
			bind_text(s, 3, r->modules[i].name);
			bind_text(s, 4, r->modules[i].version);
			bind_tristate(s, 5, r->modules[i].enabled);
			if (step_done(st, s, "adding a deployment module", e))
				return -1;
		}
		return 0;
	case KIND_CHECKLIST:
		if (!(s = stmt(st, S_CHECKLIST, e)))
			return -1;
		sqlite3_bind_int64(s, 1, id);
		bind_text(s, 2, r->date);
		bind_text(s, 3, r->run_mode);
		bind_text(s, 4, r->operator_);
		for (int c = 0; c < CHECK_COUNT; c++)
			bind_text(s, 5 + c, r->items[c]);
		return step_done(st, s, "adding a checklist", e);
	case KIND_INCIDENT:
		if (!(s = stmt(st, S_INCIDENT, e)))
			return -1;
		sqlite3_bind_int64(s, 1, id);
		bind_text(s, 2, r->type);
		bind_text(s, 3, r->grade);
		bind_text(s, 4, r->scope);
		sqlite3_bind_int(s, 5, r->has_actions);
		sqlite3_bind_int(s, 6, r->has_cids);
		sqlite3_bind_int(s, 7, r->has_review);
		bind_time(s, 8, &r->review_completed_at);
		bind_text(s, 10, r->reviewer);
		bind_text(s, 11, r->summary);
		if (step_done(st, s, "adding an incident", e))
			return -1;
		for (i = 0; i < r->nactions; i++) {
			if (!(s = stmt(st, S_INC_ACTION, e)))
				return -1;
			sqlite3_bind_int64(s, 1, id);
			sqlite3_bind_int64(s, 2, (int64_t)i);
			bind_text(s, 3, r->actions[i].step);
			bind_time(s, 4, &r->actions[i].at);
			bind_text(s, 6, r->actions[i].by);
			bind_text(s, 7, r->actions[i].note);
			if (step_done(st, s, "adding an incident action", e))
				return -1;
		}
		for (i = 0; i < r->ncids; i++) {
			if (!(s = stmt(st, S_INC_CID, e)))
				return -1;
			sqlite3_bind_int64(s, 1, id);
			sqlite3_bind_int64(s, 2, (int64_t)i);
			bind_text(s, 3, r->cids[i]);
			if (step_done(st, s, "adding an incident correlation ID", e))
				return -1;
		}
		return 0;
	case KIND_CHANGE:
		if (!(s = stmt(st, S_CHANGE, e)))
			return -1;
		sqlite3_bind_int64(s, 1, id);
		bind_text(s, 2, r->type);
		bind_time(s, 3, &r->requested_at);
		bind_text(s, 5, r->requested_by);
		bind_text(s, 6, r->description);
		bind_text(s, 7, r->impact_assessment);
		bind_time(s, 8, &r->completed_at);
		bind_tristate(s, 10, r->repair);
		bind_text(s, 11, r->audit_ref);
		bind_tristate(s, 12, r->strategy_expansion);
		return step_done(st, s, "adding a change", e);
	case KIND_FREEZE:
		if (!(s = stmt(st, S_FREEZE, e)))
			return -1;
		sqlite3_bind_int64(s, 1, id);
		bind_time(s, 2, &r->ended_at);
		sqlite3_bind_int(s, 4, r->has_unfreeze);
		bind_text(s, 5, r->risk_review.result);
		bind_text(s, 6, r->risk_review.by);
		bind_time(s, 7, &r->risk_review.at);
		bind_text(s, 9, r->governance_review.result);
		bind_text(s, 10, r->governance_review.by);
		bind_time(s, 11, &r->governance_review.at);
		bind_text(s, 13, r->unfreeze_lock);
		bind_text(s, 14, r->redeployment);
		if (step_done(st, s, "adding a freeze", e))
			return -1;
		for (i = 0; i < r->nincident_reviews; i++) {
			if (!(s = stmt(st, S_FREEZE_REVIEW, e)))
				return -1;
			sqlite3_bind_int64(s, 1, id);
			sqlite3_bind_int64(s, 2, (int64_t)i);
			bind_text(s, 3, r->incident_reviews[i]);
			if (step_done(st, s, "adding a freeze review", e))
				return -1;
		}
		return 0;
	default:
		return 0;
	}
}

static void bind_real(sqlite3_stmt *s, int i, int has, double v)
{
	if (has)
		sqlite3_bind_double(s, i, v);
	else
		sqlite3_bind_null(s, i);
}

int store_record_add(struct store *st, int64_t file_id, const struct record *r,
		     struct error *e)
{
	sqlite3_stmt *s;
	int64_t id;

	if (!st->load_started && load_start(st, e))
		return -1;
	if (!(s = stmt_for(st, S_RECORD, 1, e)))
		return -1;
	if (fault_hit("store.record"))
		return error_at(e, EXIT_STORE, "store", st->path, 0, 0, NULL,
				"adding a record: injected fault (TAITS_AUDIT_FAULT)");
	if (fault_hit("store.oom"))
		error_out_of_memory(sizeof(*r));
	bind_text(s, 1, kind_name(r->kind));
	sqlite3_bind_int64(s, 2, file_id);
	sqlite3_bind_int64(s, 3, r->line);
	sqlite3_bind_int64(s, 4, r->offset);
	sqlite3_bind_int64(s, 5, record_content(r));
	sqlite3_bind_int64(s, 6, record_ident(r));
	bind_text(s, 7, r->rid);
	sqlite3_bind_int64(s, 8, r->ts.us);
	sqlite3_bind_int(s, 9, r->ts.offset_min);
	bind_text(s, 10, r->environment);
	bind_text(s, 11, r->source);
	if (kind_is_event(r->kind))
		sqlite3_bind_int64(s, 12, r->seq);
	else
		sqlite3_bind_null(s, 12);
	bind_text(s, 13, r->correlation_id);
	bind_text(s, 14, r->deployment_id);
	bind_text(s, 15, r->event);
	bind_text(s, 16, r->order_id);
	bind_text(s, 17, r->symbol);
	bind_text(s, 18, r->side);
	bind_real(s, 19, r->has_qty, r->qty);
	bind_real(s, 20, r->has_price, r->price);
	bind_text(s, 21, r->route);
	/* A decision's value shares the verdict column: one covering index serves the
	 * lookups of gate, risk and human decision before a submit. */
	bind_text(s, 22, r->kind == KIND_DECISION ? r->decision : r->verdict);
	bind_text(s, 23, r->decided_by);
	bind_text(s, 24, r->reason);
	bind_text(s, 25, r->mode_from);
	bind_text(s, 26, r->mode_to);
	bind_text(s, 27, r->actor);
	bind_text(s, 28, r->alert_id);
	bind_text(s, 29, r->severity);
	bind_text(s, 30, r->component);
	bind_text(s, 31, r->message);
	bind_text(s, 32, r->status);
	bind_text(s, 33, r->action);
	bind_text(s, 34, r->result);
	bind_text(s, 35, r->trigger);
	bind_real(s, 36, r->has_latency_ms, r->latency_ms);
	bind_real(s, 37, r->has_error_rate, r->error_rate);
	if (step_done(st, s, "adding a record", e))
		return -1;
	id = sqlite3_last_insert_rowid(st->db);
	if (!(s = stmt_for(st, S_RAW, 1, e)))
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_blob(s, 2, r->sha256, SHA256_LEN, SQLITE_STATIC);
	sqlite3_bind_blob64(s, 3, r->raw, r->raw_len, SQLITE_STATIC);
	if (step_done(st, s, "adding a record's bytes", e))
		return -1;
	st->added_records++;
	st->stored_by_kind[r->kind]++;
	return add_details(st, id, r, e);
}

/* Copies `length` bytes at `offset` of fd into the blob of rejected row `id`. */
static int copy_raw(struct store *st, int64_t id, int fd, int64_t offset, int64_t length,
		    struct error *e)
{
	sqlite3_blob *blob = NULL;
	char *chunk = NULL;
	int64_t done = 0;
	int rc = -1;

	if (sqlite3_blob_open(st->db, "main", "rejected", "raw", id, 1, &blob) != SQLITE_OK)
		return db_error(st, e, "storing a rejected record");
	chunk = xmalloc(1 << 20);
	while (done < length) {
		int want = length - done > (1 << 20) ? (1 << 20) : (int)(length - done);
		if (io_pread_all(fd, chunk, (size_t)want, offset + done)) {
			error_set(e, EXIT_IO, "ingest", "cannot re-read a rejected record: %s",
				  io_read_error(errno));
			goto out;
		}
		if (sqlite3_blob_write(blob, chunk, want, (int)done) != SQLITE_OK) {
			db_error(st, e, "storing a rejected record");
			goto out;
		}
		done += want;
	}
	rc = 0;
out:
	free(chunk);
	sqlite3_blob_close(blob);
	return rc;
}

int store_reject_add(struct store *st, int64_t file_id, const struct reject_row *row,
		     struct error *e)
{
	sqlite3_stmt *s = stmt(st, S_REJECT, e);
	/* SQLite limits a value, and a whole row, to SQLITE_LIMIT_LENGTH bytes (10^9 by
	 * default): a longer line keeps its first bytes, the row's other columns beside
	 * them, and its length and SHA-256 as read (README). */
	int64_t limit = (int64_t)sqlite3_limit(st->db, SQLITE_LIMIT_LENGTH, -1) - (1 << 16);
	int64_t keep = row->length > limit ? limit : row->length;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, file_id);
	sqlite3_bind_int64(s, 2, row->line);
	sqlite3_bind_int64(s, 3, row->column);
	sqlite3_bind_int64(s, 4, row->offset);
	sqlite3_bind_int64(s, 5, row->length);
	bind_text(s, 6, row->field && *row->field ? row->field : NULL);
	bind_text(s, 7, row->reason);
	sqlite3_bind_blob(s, 8, row->sha256, SHA256_LEN, SQLITE_STATIC);
	if (row->raw)
		sqlite3_bind_blob64(s, 9, row->raw, (sqlite3_uint64)row->length, SQLITE_STATIC);
	else
		sqlite3_bind_zeroblob64(s, 9, (sqlite3_uint64)keep);
	if (step_done(st, s, "adding a rejected record", e))
		return -1;
	st->added_rejects++;
	if (!row->raw && keep > 0)
		return copy_raw(st, sqlite3_last_insert_rowid(st->db), row->fd, row->offset, keep,
				e);
	return 0;
}

int store_integrity_add(struct store *st, int64_t file_id, const struct integrity_row *row,
			struct error *e)
{
	sqlite3_stmt *s = stmt(st, S_INTEGRITY, e);

	if (!s)
		return -1;
	bind_text(s, 1, row->rule);
	sqlite3_bind_int64(s, 2, file_id);
	sqlite3_bind_int64(s, 3, row->line);
	bind_text(s, 4, row->subject);
	bind_text(s, 5, row->args);
	if (row->manifest_id) {
		sqlite3_bind_int64(s, 6, row->manifest_id);
		sqlite3_bind_int64(s, 7, row->manifest_line);
	}
	if (step_done(st, s, "adding an integrity fact", e))
		return -1;
	st->added_integrity += sqlite3_changes(st->db);
	return 0;
}

/* ---- commit: duplicates, conflicts, indexes ---- */

struct version {
	int64_t id;
	int64_t content;
	int kind;
	int old;
	int removed;     /* a copy of an earlier row of this run */
	const char *key; /* its exact identity, in the resolver's keys */
};

/* By exact identity, then content, then id. */
static int cmp_version(const void *a, const void *b)
{
	const struct version *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c)
		return c;
	if (x->content != y->content)
		return x->content < y->content ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* The statements and scratch space of duplicate resolution, reused for every identity. */
struct resolver {
	sqlite3_stmt *sel, *del, *mark;
	struct buf keys;     /* identity text of each row, NUL separated */
	struct version *v;
	size_t *koff;        /* where each row's identity text starts in keys */
	size_t cap;
	int64_t *dups;       /* ids of the duplicates found, removed at the end */
	size_t ndups, dupcap;
};

static int resolver_init(struct store *st, struct resolver *r, struct error *e)
{
	static const char *sel =
		"SELECT id, kind, rid, source, seq, ts, content,"
		"       id IN (SELECT record_id FROM conflict) FROM record"
		" WHERE ident = ?1 ORDER BY id";

	if (sqlite3_prepare_v2(st->db, sel, -1, &r->sel, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, "DELETE FROM record WHERE id = ?1", -1, &r->del,
			       NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, "INSERT OR IGNORE INTO conflict VALUES (?1)", -1,
			       &r->mark, NULL) != SQLITE_OK)
		return db_error(st, e, "resolving duplicates");
	return 0;
}

static void resolver_release(struct resolver *r)
{
	sqlite3_finalize(r->sel);
	sqlite3_finalize(r->del);
	sqlite3_finalize(r->mark);
	buf_release(&r->keys);
	free(r->v);
	free(r->koff);
	free(r->dups);
}

/*
 * Resolves one identity hash: rows sharing it are grouped by exact identity; within a
 * group, a row of this run whose content equals an earlier row's is a duplicate and
 * removed; a group left with two or more contents is a conflict, all its rows marked.
 */
static int resolve_ident(struct store *st, struct resolver *r, int64_t ident,
			 struct ingest_stats *stats, struct error *e)
{
	sqlite3_stmt *s = r->sel;
	struct version *v;
	size_t n = 0;
	int step;

	buf_reset(&r->keys);
	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, ident);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if (n == r->cap) {
			r->cap = r->cap ? r->cap * 2 : 8;
			r->v = xrealloc(r->v, r->cap * sizeof(*r->v));
			r->koff = xrealloc(r->koff, r->cap * sizeof(*r->koff));
		}
		const char *kind = (const char *)sqlite3_column_text(s, 1);
		v = &r->v[n];
		v->id = sqlite3_column_int64(s, 0);
		v->kind = kind_from_name(kind);
		v->old = sqlite3_column_int(s, 7);
		v->removed = 0;
		v->content = sqlite3_column_int64(s, 6);
		r->koff[n] = r->keys.len;
		if (kind_is_event(v->kind))
			buf_addf(&r->keys, "event|%s|%lld|%lld", sqlite3_column_text(s, 3),
				 (long long)sqlite3_column_int64(s, 4),
				 (long long)sqlite3_column_int64(s, 5));
		else
			buf_addf(&r->keys, "%s|%s", kind, sqlite3_column_text(s, 2));
		buf_addc(&r->keys, '\0');
		n++;
	}
	sqlite3_reset(s);
	if (step != SQLITE_DONE)
		return db_error(st, e, "resolving duplicates");
	/* Sorted by exact identity, content and id: each identity's rows, and among them
	 * those of one content, come together, earliest first. Compared pairwise, one
	 * identity in 100,000 versions took 8 s. */
	v = r->v;
	for (size_t i = 0; i < n; i++)
		v[i].key = r->keys.data + r->koff[i];
	qsort(v, n, sizeof(*v), cmp_version);
	for (size_t i = 0, end; i < n; i = end) {
		size_t contents = 0, already_marked = 1;
		for (end = i; end < n && !strcmp(v[end].key, v[i].key); end++) {
			/* a row of this run with the content of an earlier one is a copy */
			int dup = end > i && v[end].content == v[end - 1].content;
			if (dup && v[end].id >= st->first_id) {
				if (r->ndups == r->dupcap) {
					r->dupcap = r->dupcap ? r->dupcap * 2 : 256;
					r->dups = xrealloc(r->dups, r->dupcap * sizeof(*r->dups));
				}
				r->dups[r->ndups++] = v[end].id;
				stats->duplicates++;
				st->stored_by_kind[v[end].kind]--;
				st->added_records--;
				v[end].removed = 1;
				continue;
			}
			contents++;
			if (!v[end].old)
				already_marked = 0;
		}
		/* an identity left with two or more versions is a conflict, all marked */
		if (contents > 1 && !already_marked) {
			for (size_t j = i; j < end; j++) {
				if (v[j].removed)
					continue;
				sqlite3_bind_int64(r->mark, 1, v[j].id);
				if (step_done(st, r->mark, "marking a conflict", e))
					return -1;
			}
			stats->conflicts++;
		}
	}
	return 0;
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static int resolve_duplicates(struct store *st, struct ingest_stats *stats, struct error *e)
{
	/* A fresh store scans the ident index once; a store with history probes it for the
	 * run's rows only. */
	const char *sql =
		st->fresh ? "SELECT ident FROM record GROUP BY ident HAVING count(*) > 1"
			  : "SELECT DISTINCT n.ident FROM record n WHERE n.id >= ?1 AND EXISTS"
			    " (SELECT 1 FROM record o WHERE o.ident = n.ident AND o.id <> n.id)";
	sqlite3_stmt *s = NULL;
	struct resolver r;
	int64_t *idents = NULL;
	size_t n = 0, cap = 0;
	int rc, ret = -1;

	memset(&r, 0, sizeof(r));
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return db_error(st, e, "finding duplicates");
	if (!st->fresh)
		sqlite3_bind_int64(s, 1, st->first_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			idents = xrealloc(idents, cap * sizeof(*idents));
		}
		idents[n++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		db_error(st, e, "finding duplicates");
		goto out;
	}
	if (n && resolver_init(st, &r, e))
		goto out;
	for (size_t i = 0; i < n; i++)
		if (resolve_ident(st, &r, idents[i], stats, e))
			goto out;
	/* Removed in id order, the rows, their bytes and their details are visited front to
	 * back: in the order of the identities, every removal touched pages all over the
	 * store, and a re-ingest of a whole day spent its time moving pages in and out of
	 * the cache. */
	if (r.ndups)
		qsort(r.dups, r.ndups, sizeof(*r.dups), cmp_id);
	for (size_t i = 0; i < r.ndups; i++) {
		sqlite3_bind_int64(r.del, 1, r.dups[i]);
		if (step_done(st, r.del, "removing a duplicate", e))
			goto out;
	}
	ret = 0;
out:
	resolver_release(&r);
	free(idents);
	return ret;
}

int store_ingest_commit(struct store *st, struct ingest_stats *stats, struct error *e)
{
	sqlite3_stmt *s = NULL;

	if (!st->in_ingest)
		return error_set(e, EXIT_STORE, "store", "no ingest transaction open");
	if (!st->added_files && !st->added_records && !st->added_rejects &&
	    !st->added_integrity && !st->marked_manifests) {
		/* Nothing new: leave the file untouched, not even a run row. A manifest
		 * stored when given alone and now met in its bundle is something new: its
		 * marking is the run's one change. */
		stats->stored = 0;
		memset(stats->stored_by_kind, 0, sizeof(stats->stored_by_kind));
		store_ingest_rollback(st);
		return 0;
	}
	double t0 = timing_now();
	/* Index builds sort with the page cache as their budget; a small cache keeps the
	 * sort runs small and measured faster than a large one. Sorting on a helper thread
	 * as well took half again the CPU time and more wall time: runs this small are
	 * cheaper sorted than handed over. */
	if (st->bulk &&
	    (exec(st, "PRAGMA cache_size = -2000; PRAGMA threads = 0", e) ||
	     exec(st, embedded_indexes_sql, e) ||
	     exec(st, "PRAGMA cache_size = -8192; PRAGMA threads = 2", e)))
		goto fail;
	/* Not a bulk load: the indexes are there, but a store written by an earlier version
	 * may lack one added since (IF NOT EXISTS: the others cost nothing). */
	if (!st->bulk && exec(st, embedded_indexes_sql, e))
		goto fail;
	timing_add("store.indexes", t0);
	t0 = timing_now();
	if (resolve_duplicates(st, stats, e))
		goto fail;
	timing_add("store.duplicates", t0);
	stats->stored = st->added_records;
	memcpy(stats->stored_by_kind, st->stored_by_kind, sizeof(st->stored_by_kind));
	if (sqlite3_prepare_v2(st->db,
			       "UPDATE ingest_run SET files_read = ?2, records_stored = ?3,"
			       " duplicates = ?4, conflicts = ?5, rejected = ?6 WHERE id = ?1",
			       -1, &s, NULL) != SQLITE_OK)
		goto dberr;
	sqlite3_bind_int64(s, 1, st->run_id);
	sqlite3_bind_int64(s, 2, stats->files_read);
	sqlite3_bind_int64(s, 3, stats->stored);
	sqlite3_bind_int64(s, 4, stats->duplicates);
	sqlite3_bind_int64(s, 5, stats->conflicts);
	sqlite3_bind_int64(s, 6, stats->rejected);
	if (sqlite3_step(s) != SQLITE_DONE)
		goto dberr;
	sqlite3_finalize(s);
	s = NULL;
	for (int i = 0; i < S_COUNT; i++)
		if (st->stmt[i])
			sqlite3_reset(st->stmt[i]);
	t0 = timing_now();
	writeback_stop(st->wb);
	if (exec(st, "COMMIT", e))
		goto fail;
	timing_add("store.commit", t0);
	writeback_free(st->wb); /* the transaction's locks are gone */
	st->wb = NULL;
	st->in_ingest = 0;
	write_unguard();
	return 0;
dberr:
	db_error(st, e, "finishing the ingest run");
fail:
	sqlite3_finalize(s);
	store_ingest_rollback(st);
	return -1;
}
