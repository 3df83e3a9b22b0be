/*
 * bucket.h - the quarter-hours that say which days a file holds records of.
 *
 * Ingest stores, for each file, the 15-minute buckets its records fall in (table
 * file_time); a review finds a day's files by the buckets that overlap the day. Both sides
 * must round the same way, so the rounding lives here.
 */
#ifndef TAITS_BUCKET_H
#define TAITS_BUCKET_H

#include <stdint.h>

#define BUCKET_US (INT64_C(900) * 1000000) /* 15 minutes */

/* The bucket holding time `us` (microseconds since the epoch): rounded down, also before
 * 1970. The first bucket at or after a time t is bucket_of(t - 1) + 1. */
static inline int64_t bucket_of(int64_t us)
{
	return us >= 0 ? us / BUCKET_US : -((-us + BUCKET_US - 1) / BUCKET_US);
}

#endif
