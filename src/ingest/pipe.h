/*
 * pipe.h - reading a file on one thread while the store writes on another.
 *
 * Parsing a record (JSON or YAML, canonical hash, checks) and storing it take about
 * the same time, and a machine has two cores: pipe_run() runs the file's reader on a
 * worker thread, which hands records, rejections and integrity facts through a bounded
 * queue to the calling thread, which alone talks to SQLite. The queue keeps memory
 * constant; items keep their order, so the store sees exactly what a single thread
 * would have written. Without threads (util/threads.h) the calling thread reads.
 * Which side is the slower depends on the records: a record's content and identity
 * hashes, when they need only its tree (record.h, hash_later), are computed by the
 * store side while it would otherwise wait for the reader (pipe_store_has_time()), and
 * by the reader while the store side is busy.
 */
#ifndef TAITS_PIPE_H
#define TAITS_PIPE_H

#include "ingest_internal.h"

struct pipe;

/* Runs reader(fc) on a worker thread with fc->pipe set; stores what it hands over.
 * Returns 0, or -1 with *e set from whichever side failed first. */
int pipe_run(struct filectx *fc, int (*reader)(struct filectx *, struct error *),
	     struct error *e);

/* The worker's side; each returns 0, or -1 when the store side has stopped.
 * pipe_next() comes before reading each record: it waits for a free arena and lends it
 * to the thread, so the record's tree can travel to the store side intact. */
int pipe_next(struct pipe *p, struct error *e);
/* Whether the store side is short of work: a record read now may leave its hashes to
 * it (record.h, hash_later). */
int pipe_store_has_time(struct pipe *p);
int pipe_record(struct pipe *p, struct record *r, struct error *e);
int pipe_reject(struct pipe *p, const struct reject_row *row, struct error *e);
int pipe_fact(struct pipe *p, const char *rule, long line, const char *subject,
	      const char *args, struct error *e);

#endif
