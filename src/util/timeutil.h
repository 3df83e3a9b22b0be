/*
 * timeutil.h - instants, ISO 8601 text, calendar days and the configured time zone.
 *
 * An instant is int64 microseconds since 1970-01-01T00:00:00Z. Records keep the UTC
 * offset they were written with (minutes east of UTC) beside the instant.
 *
 * The time zone is process-wide (it is one setting of a run): tz_use() selects it, and
 * the tz_* functions answer in it.
 */
#ifndef TAITS_TIMEUTIL_H
#define TAITS_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define US_PER_SEC INT64_C(1000000)
#define US_PER_DAY (INT64_C(86400) * US_PER_SEC)
#define ISO_MAX 80

enum iso_status { ISO_OK = 0, ISO_MALFORMED = -1, ISO_NO_OFFSET = -2 };

/* Parses an ISO 8601 date-time with offset (see schemas/interpretation.md). Returns an
 * enum iso_status; on ISO_OK sets *us and *offset_min. */
int iso_parse(const char *s, size_t n, int64_t *us, int *offset_min);

/* A time iso_parse() finds ISO_NO_OFFSET, read as a wall-clock time of the configured
 * zone: its instant in *us. Returns 0, or -1 when it is no such time. */
int iso_parse_local(const char *s, size_t n, int64_t *us);

/* Formats an instant in the given offset: 2026-11-27T09:00:03.120+08:00. The fraction is
 * omitted when zero, three digits when whole milliseconds, six otherwise. */
void iso_format(int64_t us, int offset_min, char out[ISO_MAX]);

/* Parses YYYY-MM-DD strictly; returns 0 or -1. */
int date_parse(const char *s, int *y, int *m, int *d);

int64_t days_from_civil(int64_t y, int m, int d);
void civil_from_days(int64_t days, int64_t *y, int *m, int *d);
/* 0 = Sunday .. 6 = Saturday */
int weekday_from_days(int64_t days);

/* Selects the time zone: an IANA name (Asia/Taipei), "UTC", or a fixed offset "+08:00". */
int tz_use(const char *name, struct error *e);
/* Offset of the selected zone at an instant, minutes east of UTC. */
int tz_offset_at(int64_t us);
/* Local wall time to instant; a time skipped by a DST change is the first instant after
 * the gap (its end: 02:30 on New York's spring-forward day is 03:00 EDT), one that
 * happens twice (clocks going back) is its first instant. */
int64_t tz_local_to_utc(int64_t y, int m, int d, int hh, int mm, int ss);
/* The same, for a wall time that happens twice (the hour repeated when clocks go back):
 * its first instant, or its last when `last`. */
int64_t tz_local_to_utc_edge(int64_t y, int m, int d, int hh, int mm, int ss, int last);
/* Local calendar day (days since 1970-01-01) and seconds since local midnight. */
void tz_local_day(int64_t us, int64_t *days, int *sec_of_day);
/* [start, end) of the operating day `days` (days since 1970-01-01, local). */
void tz_day_bounds(int64_t days, int64_t *start, int64_t *end);
/* Formats an instant in the selected zone. */
void tz_format(int64_t us, char out[ISO_MAX]);
/* Formats a local day as YYYY-MM-DD. */
void day_format(int64_t days, char out[11]);

#endif
