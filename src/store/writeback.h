/*
 * writeback.h - writing a store file's pages to disk while a bulk load goes on.
 *
 * A bulk load leaves hundreds of megabytes in the page cache, and the commit's fsync
 * then waits for all of them at once. A thread of its own syncs the file's data every
 * WRITEBACK_PERIOD_MS meanwhile, so the disk works beside the CPU and the commit waits
 * only for the last stretch. No byte and no guarantee changes: the commit still syncs,
 * and a failure seen here is seen again, and reported, by the commit's own sync.
 */
#ifndef TAITS_WRITEBACK_H
#define TAITS_WRITEBACK_H

struct writeback;

/* Starts the thread on a descriptor of its own for `path`. NULL when it cannot (no
 * file, no thread, TAITS_AUDIT_THREADS=1): it only saves time. */
struct writeback *writeback_start(const char *path);

/* Stops and joins the thread (an fsync under way is waited for). The descriptor is
 * kept: closing any descriptor of a file drops every POSIX lock the process holds on
 * it, SQLite's included. */
void writeback_stop(struct writeback *w);

/* How many syncs the thread has done (tests see that it works). */
unsigned writeback_syncs(struct writeback *w);

/* Stops the thread if needed, closes the descriptor and frees. Call it only while no
 * connection of this process holds a lock on the file: after the transaction ended,
 * or after the connection closed. NULL is a no-op. */
void writeback_free(struct writeback *w);

#endif
