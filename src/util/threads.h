/*
 * threads.h - whether work may be shared with a second thread.
 *
 * Ingest reads a file on a worker thread while the store writes, and a review evaluates
 * the rules of a busy day on two connections at once. TAITS_AUDIT_THREADS=1 in the
 * environment does everything on the calling thread instead (for comparison and
 * debugging), =2 shares every day's rules however small; the results are the same
 * either way.
 */
#ifndef TAITS_THREADS_H
#define TAITS_THREADS_H

int threads_enabled(void);
/* Whether a day's rules are shared with the second thread however few its records
 * (TAITS_AUDIT_THREADS=2: the tests, which would otherwise run small days on one). */
int threads_always(void);

#endif
