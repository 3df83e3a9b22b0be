/*
 * threads.h - whether work may be shared with a second thread.
 *
 * Ingest reads a file on a worker thread while the store writes, and a review evaluates
 * the rules on two connections at once. TAITS_AUDIT_THREADS=1 in the environment does
 * everything on the calling thread instead (for comparison and debugging); the results
 * are the same either way.
 */
#ifndef TAITS_THREADS_H
#define TAITS_THREADS_H

int threads_enabled(void);

#endif
