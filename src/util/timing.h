/*
 * timing.h - where a run spends its time, for the benchmark.
 *
 * With TAITS_AUDIT_TIMING=1 in the environment, timing_report() prints to stderr the
 * wall time of each named stage (summed over calls); otherwise it is silent and the marks
 * cost a clock read. timing_add() may be called from any thread.
 *
 *   double t = timing_now(); ...; timing_add("ingest.parse+insert", t);
 */
#ifndef TAITS_TIMING_H
#define TAITS_TIMING_H

double timing_now(void);
/* Adds the time since `since` to stage `name` (a string literal). */
void timing_add(const char *name, double since);
void timing_report(void);

#endif
