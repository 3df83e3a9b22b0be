/*
 * check_util.c - the small modules: ISO 8601 times, the time zone and operating days,
 * UTF-8, YAML and JSON trees with their limits, canonical content, the tailoring file.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ingest/canon.h"
#include "ingest/record.h"
#include "store/writeback.h"
#include "tailoring.h"
#include "testutil.h"
#include "util/buf.h"
#include "util/io.h"
#include "util/sha256.h"
#include "util/strhash.h"
#include "util/path.h"
#include "util/timeutil.h"
#include "util/tree.h"
#include "util/utf8.h"

START_TEST(test_iso_parse)
{
	int64_t us, us2;
	int off;

	ck_assert_int_eq(iso_parse("2026-11-27T09:00:03.120+08:00", 29, &us, &off), ISO_OK);
	ck_assert_int_eq(off, 480);
	ck_assert_int_eq(iso_parse("2026-11-27T01:00:03.12Z", 23, &us2, &off), ISO_OK);
	ck_assert_int_eq(us, us2);
	ck_assert_int_eq(off, 0);
	ck_assert_int_eq(iso_parse("2026-11-27 09:00+0800", 21, &us2, &off), ISO_OK);
	ck_assert_int_eq(us2 + 3120000, us);
	ck_assert_int_eq(iso_parse("2026-11-27T09:00:03.123456789-05:30", 35, &us, &off), ISO_OK);
	ck_assert_int_eq(off, -330);
	ck_assert_int_eq(us % 1000000, 123456);
	/* an offset in whole hours, ±hh */
	ck_assert_int_eq(iso_parse("2026-11-27T09:00:03.12+08", 25, &us2, &off), ISO_OK);
	ck_assert_int_eq(off, 480);
	ck_assert_int_eq(iso_parse("2026-11-27T01:00:03.12Z", 23, &us, &off), ISO_OK);
	ck_assert_int_eq(us, us2);
	ck_assert_int_eq(iso_parse("2026-11-27T09:00:00+8", 21, &us, &off), ISO_MALFORMED);
	ck_assert_int_eq(iso_parse("2026-11-27T09:00:00+08:", 23, &us, &off), ISO_MALFORMED);
	/* the contract's rejections */
	ck_assert_int_eq(iso_parse("2026-11-27T09:00:00", 19, &us, &off), ISO_NO_OFFSET);
	ck_assert_int_eq(iso_parse("2026-02-29T09:00:00Z", 20, &us, &off), ISO_MALFORMED);
	ck_assert_int_eq(iso_parse("2028-02-29T09:00:00Z", 20, &us, &off), ISO_OK);
	/* the end of a day is the next one's start; nothing past it */
	ck_assert_int_eq(iso_parse("2026-11-27T24:00:00Z", 20, &us, &off), ISO_OK);
	ck_assert_int_eq(iso_parse("2026-11-28T00:00Z", 17, &us2, &off), ISO_OK);
	ck_assert_int_eq(us, us2);
	ck_assert_int_eq(iso_parse("2026-11-27T24:00:01Z", 20, &us, &off), ISO_MALFORMED);
	ck_assert_int_eq(iso_parse("2026-11-27T24:00:00.1Z", 22, &us, &off), ISO_MALFORMED);
	ck_assert_int_eq(iso_parse("2026-11-27T25:00:00Z", 20, &us, &off), ISO_MALFORMED);
	/* the basic format, without separators, reads as the extended one */
	ck_assert_int_eq(iso_parse("20261127T090003.12+0800", 23, &us, &off), ISO_OK);
	ck_assert_int_eq(iso_parse("2026-11-27T01:00:03.12Z", 23, &us2, &off), ISO_OK);
	ck_assert_int_eq(us, us2);
	ck_assert_int_eq(iso_parse("20261127T0900+08", 16, &us, &off), ISO_OK);
	ck_assert_int_eq(off, 480);
	ck_assert_int_eq(iso_parse("20261127T090003", 15, &us, &off), ISO_NO_OFFSET);
	ck_assert_int_eq(iso_parse("2026-1127T09:00:03Z", 19, &us, &off), ISO_MALFORMED);
	ck_assert_int_eq(iso_parse("202611-27T09:00:03Z", 19, &us, &off), ISO_MALFORMED);
	ck_assert_int_eq(iso_parse("20261127T09:00:03Z", 18, &us, &off), ISO_MALFORMED);
	ck_assert_int_eq(iso_parse("2026-11-27T0900:03Z", 19, &us, &off), ISO_MALFORMED);
	ck_assert_int_eq(iso_parse("20261131T090003Z", 16, &us, &off), ISO_MALFORMED);
	ck_assert_int_eq(iso_parse("2026-11-27T09:00:00+25:00", 25, &us, &off), ISO_MALFORMED);
	/* an offset's hours are 00-23 and its minutes 00-59 */
	ck_assert_int_eq(iso_parse("2026-11-27T09:00:00+24:00", 25, &us, &off), ISO_MALFORMED);
	ck_assert_int_eq(iso_parse("2026-11-27T09:00:00-23:59", 25, &us, &off), ISO_OK);
	ck_assert_int_eq(off, -(23 * 60 + 59));
	ck_assert_int_eq(iso_parse("2026-11-27T09:00:00+08:60", 25, &us, &off), ISO_MALFORMED);
	ck_assert_int_eq(iso_parse("2026-11-27T09:00:00+0860", 24, &us, &off), ISO_MALFORMED);
	ck_assert_int_eq(iso_parse("2026-11-27T09:00:00.Z", 21, &us, &off), ISO_MALFORMED);
	ck_assert_int_eq(iso_parse("0000-01-01T00:00:00Z", 20, &us, &off), ISO_MALFORMED);
	ck_assert_int_eq(iso_parse("2026-11-27T09:00:00Zjunk", 24, &us, &off), ISO_MALFORMED);
	ck_assert_int_eq(iso_parse("", 0, &us, &off), ISO_MALFORMED);
	/* a leap second is the last minute of a UTC day's 61st second, and nowhere else; it
	 * comes after every time of the second before it, before the next minute */
	ck_assert_int_eq(iso_parse("2026-11-27T10:00:60+08:00", 25, &us, &off), ISO_MALFORMED);
	ck_assert_int_eq(iso_parse("2016-12-31T23:58:60Z", 20, &us, &off), ISO_MALFORMED);
	ck_assert_int_eq(iso_parse("2017-01-01T00:00:60Z", 20, &us, &off), ISO_MALFORMED);
	ck_assert_int_eq(iso_parse("2016-12-31T23:59:60Z", 20, &us, &off), ISO_OK);
	ck_assert_int_eq(iso_parse("2016-12-31T23:59:59.999Z", 24, &us2, &off), ISO_OK);
	ck_assert(us > us2);
	ck_assert_int_eq(iso_parse("2017-01-01T00:00:00Z", 20, &us2, &off), ISO_OK);
	ck_assert(us < us2);
	ck_assert_int_eq(iso_parse("2017-01-01T07:59:60.5+08:00", 27, &us2, &off), ISO_OK);
	ck_assert_int_eq(us, us2);
	ck_assert_int_eq(iso_parse("2016-12-31T18:29:60-05:30", 25, &us2, &off), ISO_OK);
	ck_assert_int_eq(us, us2);
}
END_TEST

/* ISO 8601's other ways to write a date and time (INPUT.md asks for ISO 8601, not one
 * profile of it): an ordinal or a week date, a time to the hour or the minute, a
 * fraction of its last part, a fraction of more than nine digits. Each reads as the
 * instant it names; what ISO 8601 does not have stays no time. */
START_TEST(test_iso_parse_other_forms)
{
	static const struct {
		const char *text, *same_as;
	} same[] = {
		{ "2026-331T09:00:00+08:00", "2026-11-27T09:00:00+08:00" },
		{ "2026331T090000+0800", "2026-11-27T09:00:00+08:00" },
		{ "2026-W48-5T09:00:00+08:00", "2026-11-27T09:00:00+08:00" },
		{ "2026W485T090000+0800", "2026-11-27T09:00:00+08:00" },
		/* week 1 holds the year's first Thursday: 2026 begins on one */
		{ "2026-W01-1T00:00Z", "2025-12-29T00:00:00Z" },
		{ "2026-W53-7T00:00Z", "2027-01-03T00:00:00Z" },
		{ "2021-W01-1T00:00Z", "2021-01-04T00:00:00Z" },
		{ "2028-366T12:00Z", "2028-12-31T12:00:00Z" },
		/* a leap year by the 400-year rule; 53 weeks in a leap year begun on a
		 * Wednesday */
		{ "2000-02-29T00:00Z", "2000-060T00:00Z" },
		{ "2020-W53-1T00:00Z", "2020-12-28T00:00:00Z" },
		{ "2026-11-27T09+08:00", "2026-11-27T09:00:00+08:00" },
		{ "20261127T09+08", "2026-11-27T09:00:00+08:00" },
		{ "2026-11-27T24Z", "2026-11-28T00:00:00Z" },
		{ "2026-11-27T09:00,5+08:00", "2026-11-27T09:00:30+08:00" },
		{ "2026-11-27T09.25+08:00", "2026-11-27T09:15:00+08:00" },
		{ "2026-11-27T09:00:03.123456789012+08:00", "2026-11-27T09:00:03.123456+08:00" },
		{ "2026-11-27T09:00:03.1234567+08:00", "2026-11-27T09:00:03.123456+08:00" },
		/* the digits of a fraction of an hour past the ninth still reach a microsecond
		 * (3.5964 here), and a fraction of a minute's seventh */
		{ "2026-11-27T09,000000000999+08:00", "2026-11-27T09:00:00.000003+08:00" },
		{ "2026-11-27T09,99999999999+08:00", "2026-11-27T09:59:59.999999+08:00" },
		{ "2026-11-27T09:00,00000005+08:00", "2026-11-27T09:00:00.000003+08:00" },
	};
	static const char *const no_time[] = {
		"2026-366T00:00Z",	 /* 2026 has 365 days */
		"2026-000T00:00Z",	 "2025-W53-1T00:00Z", /* 2025 has 52 weeks */
		"2026-W00-1T00:00Z", "2026-W10-8T00:00Z", "2026-W10-0T00:00Z",
		"2026-331T090000Z", /* the time written otherwise than the date */
		"2026W48-5T00:00Z",	 "2026-W485T00:00Z", "2026-33T00:00Z", "20261T00:00Z",
		"2026-11-27T09:00.Z", "2026-11-27T24:00,5Z", "2026-11-27T24.5Z",
		"9999-W52-7T00:00Z", /* 10000-01-02 */
		"1900-02-29T00:00Z", "2100-366T00:00Z", "2021-W53-1T00:00Z",
	};
	int64_t us, us2;
	int off;

	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		ck_assert_msg(iso_parse(same[i].text, strlen(same[i].text), &us, &off) == ISO_OK,
			      "%s", same[i].text);
		ck_assert_int_eq(iso_parse(same[i].same_as, strlen(same[i].same_as), &us2, &off),
				 ISO_OK);
		ck_assert_msg(us == us2, "%s is not %s", same[i].text, same[i].same_as);
	}
	for (size_t i = 0; i < sizeof(no_time) / sizeof(no_time[0]); i++)
		ck_assert_msg(iso_parse(no_time[i], strlen(no_time[i]), &us, &off) == ISO_MALFORMED,
			      "%s read as a time", no_time[i]);
}
END_TEST

START_TEST(test_iso_format)
{
	char out[ISO_MAX];
	int64_t us;
	int off;

	iso_parse("2026-11-27T09:00:03.120+08:00", 29, &us, &off);
	iso_format(us, off, out);
	ck_assert_str_eq(out, "2026-11-27T09:00:03.120+08:00");
	iso_format(us, 0, out);
	ck_assert_str_eq(out, "2026-11-27T01:00:03.120Z");
	iso_format(us + 1, -330, out);
	ck_assert_str_eq(out, "2026-11-26T19:30:03.120001-05:30");
	iso_format(-1000000, 0, out);
	ck_assert_str_eq(out, "1969-12-31T23:59:59Z");
	/* whole milliseconds in three digits, anything finer in six */
	iso_format(100, 0, out);
	ck_assert_str_eq(out, "1970-01-01T00:00:00.000100Z");
	iso_format(120000, 0, out);
	ck_assert_str_eq(out, "1970-01-01T00:00:00.120Z");
}
END_TEST

START_TEST(test_operating_day)
{
	struct error e = ERROR_INIT;
	int64_t s, t, day = days_from_civil(2026, 11, 27);
	char out[ISO_MAX];

	ck_assert_int_eq(tz_use("Asia/Taipei", &e), 0);
	tz_day_bounds(day, &s, &t);
	tz_format(s, out);
	ck_assert_str_eq(out, "2026-11-27T00:00:00+08:00");
	/* a wall-clock time without an offset is read in the zone, a leap second too: in
	 * Taipei it falls at 07:59:60, not at 23:59:60 */
	{
		int64_t leap, utc;
		int off;
		ck_assert_int_eq(iso_parse_local("2017-01-01T07:59:60", 19, &leap), 0);
		ck_assert_int_eq(iso_parse("2016-12-31T23:59:60Z", 20, &utc, &off), ISO_OK);
		ck_assert_int_eq(leap, utc);
		ck_assert_int_eq(iso_parse_local("2016-12-31T23:59:60", 19, &leap), -1);
		/* a fraction of any length, as with an offset (80 bytes was the limit) */
		char longer[160];
		snprintf(longer, sizeof(longer), "2026-11-27T09:00:03.%0100dZ", 5);
		ck_assert_int_eq(iso_parse(longer, strlen(longer), &utc, &off), ISO_OK);
		longer[strlen(longer) - 1] = '\0';
		ck_assert_int_eq(iso_parse_local(longer, strlen(longer), &leap), 0);
		ck_assert_int_eq(leap, utc - 8 * 3600 * US_PER_SEC);
		ck_assert_int_eq(iso_parse_local("2026-11-27T09:00:03+08:00", 25, &leap), -1);
	}
	ck_assert_int_eq(t - s, US_PER_DAY);
	/* a zone with daylight saving: the day it ends has 25 hours */
	ck_assert_int_eq(tz_use("America/New_York", &e), 0);
	tz_day_bounds(days_from_civil(2026, 11, 1), &s, &t);
	ck_assert_int_eq(t - s, 25 * 3600 * US_PER_SEC);
	/* a session edge the clocks skip is the first instant after it: the gap's end */
	ck_assert_int_eq(tz_local_to_utc_edge(2026, 3, 8, 2, 30, 0, 0),
			 tz_local_to_utc_edge(2026, 3, 8, 3, 0, 0, 0));
	tz_format(tz_local_to_utc_edge(2026, 3, 8, 2, 30, 0, 1), out);
	ck_assert_str_eq(out, "2026-03-08T03:00:00-04:00");
	/* so is a time given without an offset (unfreeze --at), not an hour past it; one
	 * the clocks go through twice is its first instant */
	static const char *const local[][2] = {
		{ "2026-03-08T02:30:00", "2026-03-08T03:00:00-04:00" },
		{ "2026-03-08T02:30:00.250", "2026-03-08T03:00:00-04:00" },
		{ "2026-11-01T01:30:00", "2026-11-01T01:30:00-04:00" },
		{ "1969-12-31T18:59:59.250", "1969-12-31T18:59:59.250-05:00" },
	};
	for (size_t i = 0; i < sizeof(local) / sizeof(local[0]); i++) {
		ck_assert_int_eq(iso_parse_local(local[i][0], strlen(local[i][0]), &s), 0);
		tz_format(s, out);
		ck_assert_str_eq(out, local[i][1]);
	}
	ck_assert_int_eq(tz_use("America/Santiago", &e), 0);
	tz_format(tz_local_to_utc_edge(2026, 9, 6, 0, 30, 0, 0), out);
	ck_assert_str_eq(out, "2026-09-06T01:00:00-03:00");
	/* a midnight that happens twice (Havana, 2026-11-01: 01:00 back to 00:00) begins
	 * the day at its first instant, whatever instant mktime() last met; so does a wall
	 * time in the hour that repeats */
	ck_assert_int_eq(tz_use("America/Havana", &e), 0);
	for (int k = 0; k < 2; k++) {
		int64_t bounds[2][2];
		ck_assert_int_eq(tz_local_to_utc(2026, k ? 12 : 7, 1, 12, 0, 0) != 0, 1);
		tz_day_bounds(days_from_civil(2026, 11, 1), &bounds[0][0], &bounds[0][1]);
		tz_day_bounds(days_from_civil(2026, 10, 31), &bounds[1][0], &bounds[1][1]);
		tz_format(bounds[0][0], out);
		ck_assert_msg(!strcmp(out, "2026-11-01T00:00:00-04:00"), "%d: %s", k, out);
		ck_assert_int_eq(bounds[1][1], bounds[0][0]);
		ck_assert_int_eq(bounds[0][1] - bounds[0][0], 25 * 3600 * US_PER_SEC);
		ck_assert_int_eq(tz_local_to_utc(2026, k ? 7 : 12, 1, 12, 0, 0) != 0, 1);
		tz_format(tz_local_to_utc(2026, 11, 1, 0, 30, 0), out);
		ck_assert_msg(!strcmp(out, "2026-11-01T00:30:00-04:00"), "%d: %s", k, out);
	}
	/* a day the clocks skipped whole (Apia moved across the date line after
	 * 2011-12-29) has no instant, whatever mktime() met before; its neighbours have 24
	 * hours each */
	ck_assert_int_eq(tz_use("Pacific/Apia", &e), 0);
	for (int k = 0; k < 2; k++) {
		int64_t b[3][2];
		for (int i = 0; i < 3; i++) {
			int j = k ? 2 - i : i;
			tz_day_bounds(days_from_civil(2011, 12, 29 + j), &b[j][0], &b[j][1]);
		}
		ck_assert_msg(b[1][0] == b[1][1], "%d: 2011-12-30 lasts %lld s", k,
			      (long long)((b[1][1] - b[1][0]) / US_PER_SEC));
		ck_assert_int_eq(b[0][1], b[1][0]);
		ck_assert_int_eq(b[1][1], b[2][0]);
		ck_assert_int_eq(b[0][1] - b[0][0], US_PER_DAY);
		ck_assert_int_eq(b[2][1] - b[2][0], US_PER_DAY);
		tz_format(b[2][0], out);
		ck_assert_str_eq(out, "2011-12-31T00:00:00+14:00");
	}
	/* a time the zone would put outside years 0001-9999 is written at an offset that
	 * keeps the year four digits (report.xsd's `instant`), the same instant */
	{
		static const char *const edge[][3] = {
			{ "Asia/Taipei", "9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z" },
			{ "Asia/Taipei", "9999-12-31T10:00:00-13:30", "9999-12-31T23:30:00Z" },
			{ "Asia/Taipei", "9999-12-31T20:00:00-10:00", "9999-12-31T23:59:00-06:01" },
			{ "America/New_York", "0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z" },
			{ "America/New_York", "0001-01-01T05:00:00+14:00", "0001-01-01T00:00:00+09:00" },
			/* 30 s before year 1 in UTC: the offset of a whole minute that keeps it */
			{ "America/New_York", "0001-01-01T00:00:30+00:01", "0001-01-01T00:00:30+00:01" },
			{ "Asia/Taipei", "2026-11-27T09:00:00+08:00", "2026-11-27T09:00:00+08:00" },
		};
		for (size_t i = 0; i < sizeof(edge) / sizeof(edge[0]); i++) {
			int64_t us, back;
			int off;
			ck_assert_int_eq(tz_use(edge[i][0], &e), 0);
			ck_assert_int_eq(iso_parse(edge[i][1], strlen(edge[i][1]), &us, &off), ISO_OK);
			tz_format(us, out);
			ck_assert_msg(!strcmp(out, edge[i][2]), "%s in %s: %s", edge[i][1], edge[i][0],
				      out);
			ck_assert_int_eq(iso_parse(out, strlen(out), &back, &off), ISO_OK);
			ck_assert_int_eq(back, us);
		}
	}
	ck_assert_int_eq(tz_use("+05:45", &e), 0);
	tz_day_bounds(day, &s, &t);
	tz_format(s, out);
	ck_assert_str_eq(out, "2026-11-27T00:00:00+05:45");
	/* a fixed offset's hours go up to 23 (tailoring.md) */
	ck_assert_int_eq(tz_use("-23:59", &e), 0);
	ck_assert_int_eq(tz_use("+24:00", &e), -1);
	ck_assert_int_eq(e.status, EXIT_USAGE);
	ck_assert_int_eq(tz_use("Mars/Olympus_Mons", &e), -1);
	ck_assert_int_eq(e.status, EXIT_USAGE);
	/* a zone is named inside the tz database, not by a path through it */
	ck_assert_int_eq(tz_use("Asia/../Asia/Taipei", &e), -1);
	ck_assert_int_eq(e.status, EXIT_USAGE);
	ck_assert_int_eq(weekday_from_days(day), 5); /* a Friday */
}
END_TEST

/* UTF-8 at the edges of each length: the shortest form only, no surrogate, nothing past
 * U+10FFFF, and a bad byte found wherever it falls in the 8-byte ASCII stride. */
START_TEST(test_utf8_edges)
{
	static const char *const valid[] = {
		"\xc2\x80", "\xdf\xbf", "\xe0\xa0\x80", "\xed\x9f\xbf", "\xee\x80\x80",
		"\xef\xbf\xbd", "\xf0\x90\x80\x80", "\xf4\x8f\xbf\xbf",
	};
	static const char *const invalid[] = {
		"\x80", "\xbf", "\xc0\x80", "\xc1\xbf",	/* stray, overlong */
		"\xe0\x9f\xbf", "\xe0\x80\x80",		/* overlong */
		"\xed\xa0\x80", "\xed\xbf\xbf",		/* surrogates */
		"\xf0\x8f\xbf\xbf", "\xf0\x80\x80\x80",	/* overlong */
		"\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xf7\xbf\xbf\xbf", /* > U+10FFFF */
		"\xf8\x88\x80\x80\x80", "\xfe", "\xff",
		"\xc2", "\xe4\xb8", "\xf0\x90\x80",		/* cut short */
	};
	char line[32];
	size_t bad;

	for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); i++)
		for (int at = 0; at < 9; at++) {
			snprintf(line, sizeof(line), "%.*s%s%s", at, "abcdefghi", valid[i], "tail1234");
			ck_assert_msg(utf8_valid((const unsigned char *)line, strlen(line), &bad),
				      "valid %zu at %d", i, at);
		}
	for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++)
		for (int at = 0; at < 9; at++) {
			snprintf(line, sizeof(line), "%.*s%s%s", at, "abcdefghi", invalid[i],
				 "tail1234");
			bad = 99;
			ck_assert_msg(!utf8_valid((const unsigned char *)line, strlen(line), &bad),
				      "invalid %zu at %d", i, at);
			ck_assert_int_eq(bad, at);
		}
	/* a sanitized text keeps its tabs and line ends, not DEL or other controls */
	char *s = utf8_sanitize("a\tb\nc\x7f" "d\re", 9);
	ck_assert_str_eq(s, "a\tb\nc\xEF\xBF\xBD" "d\xEF\xBF\xBD" "e");
	free(s);
	/* a name escapes the C1 controls (U+0080-U+009F), not U+00A0 after them */
	s = utf8_escape_name("\xc2\x80|\xc2\x9f|\xc2\xa0");
	ck_assert_str_eq(s, "\\xc2\\x80|\\xc2\\x9f|\xc2\xa0");
	free(s);
	/* the line and paragraph separators are blank */
	ck_assert(utf8_is_blank("\xe2\x80\xa8\xe2\x80\xa9"));
}
END_TEST

/* The directory of a path, as written: "." for a bare name, "/" for one in the root,
 * never the slash itself; resolved, one slash between. */
START_TEST(test_path_dir)
{
	static const struct {
		const char *path, *dir;
	} cases[] = {
		{ "s.db", "." }, { "/s.db", "/" }, { "a/s.db", "a" }, { "/a/b/s.db", "/a/b" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *d = path_dir(cases[i].path);
		ck_assert_str_eq(d, cases[i].dir);
		free(d);
	}
	char *r = path_resolved("/x.db");
	ck_assert_str_eq(r, "/x.db");
	free(r);
	r = path_resolved("/tmp/x.db");
	char *real = realpath("/tmp", NULL);
	struct buf want = BUF_INIT;
	buf_addf(&want, "%s/x.db", real);
	ck_assert_str_eq(r, want.data);
	free(r), free(real);
	buf_release(&want);
	ck_assert_ptr_null(path_resolved("/no/such/dir/x.db"));
}
END_TEST

START_TEST(test_utf8)
{
	size_t bad;

	ck_assert(utf8_valid((const unsigned char *)"台積電 2330", 14, &bad));
	ck_assert(!utf8_valid((const unsigned char *)"ab\xc0\xaf", 4, &bad)); /* overlong */
	ck_assert_int_eq(bad, 2);
	ck_assert(!utf8_valid((const unsigned char *)"\xed\xa0\x80", 3, &bad)); /* surrogate */
	ck_assert(!utf8_valid((const unsigned char *)"\xf4\x90\x80\x80", 4, &bad));
	ck_assert(!utf8_valid((const unsigned char *)"12345678\xe5\x8f", 10, &bad)); /* cut */
	ck_assert_int_eq(bad, 8);
	char *s = utf8_sanitize("a\x01\xffz", 4);
	ck_assert_str_eq(s, "a\xEF\xBF\xBD\xEF\xBF\xBDz");
	free(s);
	ck_assert(utf8_is_blank(""));
	ck_assert(utf8_is_blank(" \t\xE3\x80\x80\xC2\xA0\xE2\x80\x8B\xEF\xBB\xBF\v"));
	ck_assert(utf8_is_blank("\xC2\x85\xE2\x81\xA0\xE3\x85\xA4\xE2\x80\x8D\xE1\xA0\x8E\xC2\xAD"));
	ck_assert(!utf8_is_blank(" \xE3\x80\x80x"));
	ck_assert(!utf8_is_blank("\xE5\x87\x8D")); /* 凍 */
	ck_assert(!utf8_is_blank("\xE2\x80")); /* cut short: not a space */
	/* U+FFFE, U+FFFF: valid UTF-8 that XML 1.0 refuses; U+FFFD itself stays */
	s = utf8_sanitize("\xEF\xBF\xBE-\xEF\xBF\xBF-\xEF\xBF\xBD", 11);
	ck_assert_str_eq(s, "\xEF\xBF\xBD-\xEF\xBF\xBD-\xEF\xBF\xBD");
	free(s);
	/* a file name as reports show it: what cannot be shown as \xhh, and a backslash that
	 * would read as such an escape; any other name (a URL-encoded one too) is itself */
	static const char *const names[][2] = {
		{ "events/日誌 (1).jsonl", "events/日誌 (1).jsonl" },
		{ "x\xfe.jsonl", "x\\xfe.jsonl" },
		{ "x\xff.jsonl", "x\\xff.jsonl" },
		{ "y\a\r\x7f.jsonl", "y\\x07\\x0d\\x7f.jsonl" },
		{ "c1\xC2\x9B.jsonl", "c1\\xc2\\x9b.jsonl" },     /* U+009B */
		{ "nb\xC2\xA0.jsonl", "nb\xC2\xA0.jsonl" },         /* U+00A0 is shown */
		{ "ov\xC0\xAF.jsonl", "ov\\xc0\\xaf.jsonl" },     /* overlong */
		{ "nc\xEF\xBF\xBE.jsonl", "nc\\xef\\xbf\\xbe.jsonl" }, /* U+FFFE */
		{ "\\xfe.jsonl", "\\x5cxfe.jsonl" },
		{ "a\\b.jsonl", "a\\b.jsonl" },
		{ "end\\x4", "end\\x4" },
		{ "report%20v2.jsonl", "report%20v2.jsonl" },
		{ "cut\xE5\x8F", "cut\\xe5\\x8f" },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		s = utf8_escape_name(names[i][0]);
		ck_assert_str_eq(s, names[i][1]);
		free(s);
	}
}
END_TEST

/* Appends s to b n times: the brackets of a deep nesting. */
static void repeat(struct buf *b, const char *s, int n)
{
	while (n-- > 0)
		buf_adds(b, s);
}

static int yaml_error(const char *text, const char *expect)
{
	struct tree_error err;
	cJSON *t = NULL;
	int rc = tree_parse_yaml(text, strlen(text), &t, &err);

	cJSON_Delete(t);
	return rc < 0 && strstr(err.msg, expect) != NULL;
}

/* An alias reads as its anchor's node written out again, within the same limits. */
START_TEST(test_yaml_aliases)
{
	struct tree_error err;
	cJSON *a = NULL, *b = NULL;
	static const char anchored[] =
		"t: &t0 \"2026-11-27T10:00:00+08:00\"\nv: &v 1.10\n"
		"acts:\n  - &step {step: stop, at: *t0, by: &op Lin}\n  - {by: *op, v: *v}\n"
		"again: *step\n*op : key\nu: &t0 x\nlast: *t0\n"; /* t0 again: the new one */
	static const char written[] =
		"t: \"2026-11-27T10:00:00+08:00\"\nv: 1.10\n"
		"acts:\n  - {step: stop, at: \"2026-11-27T10:00:00+08:00\", by: Lin}\n"
		"  - {by: Lin, v: 1.10}\n"
		"again: {step: stop, at: \"2026-11-27T10:00:00+08:00\", by: Lin}\nLin: key\n"
		"u: x\nlast: x\n";

	ck_assert_int_eq(tree_parse_yaml(anchored, strlen(anchored), &a, &err), 0);
	ck_assert_int_eq(tree_parse_yaml(written, strlen(written), &b, &err), 0);
	ck_assert(cJSON_Compare(a, b, 1));
	/* a copy: the text of a number as written, and a node of its own */
	const cJSON *acts = cJSON_GetObjectItem(a, "acts");
	ck_assert_str_eq(tree_scalar_text(cJSON_GetObjectItem(cJSON_GetArrayItem(acts, 1), "v")),
			 "1.10");
	ck_assert_ptr_ne(cJSON_GetObjectItem(a, "again"), cJSON_GetArrayItem(acts, 0));
	cJSON_Delete(a), cJSON_Delete(b);

	ck_assert(yaml_error("a: *x\n", "alias of an anchor not defined before it"));
	ck_assert(yaml_error("a: &x [1, *x]\n", "alias of a collection from inside it"));
	ck_assert(yaml_error("a: &m {b: 1}\n*m : 2\n", "keys must be scalars"));
	ck_assert(yaml_error("&k a: 1\n", "anchors on keys are not supported"));
	{
		/* depth: 40 levels, then the same 40 again under 30 */
		struct buf y = BUF_INIT;
		buf_adds(&y, "a: &deep ");
		repeat(&y, "[", 40);
		repeat(&y, "]", 40);
		buf_adds(&y, "\nb: ");
		repeat(&y, "[", 30);
		buf_adds(&y, "*deep");
		repeat(&y, "]", 30);
		buf_adds(&y, "\n");
		ck_assert(yaml_error(y.data, "nested deeper than 64"));
		/* 256 anchors, then one more */
		buf_reset(&y);
		for (int i = 0; i < 256; i++)
			buf_addf(&y, "k%d: &a%d %d\n", i, i, i);
		ck_assert_int_eq(tree_parse_yaml(y.data, y.len, &a, &err), 0);
		cJSON_Delete(a);
		buf_adds(&y, "k256: &a256 256\n");
		ck_assert(yaml_error(y.data, "more than 256 anchors"));
		/* copies may take 64 times the document's length (and 256 KiB): nine levels
		 * of nine would take gigabytes */
		buf_reset(&y);
		buf_adds(&y, "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
		for (int i = 1; i <= 9; i++) {
			buf_addf(&y, "l%d: &l%d [", i, i);
			for (int j = 0; j < 9; j++)
				buf_addf(&y, "%s*l%d", j ? ", " : "", i - 1);
			buf_adds(&y, "]\n");
		}
		ck_assert(yaml_error(y.data, "aliases expand the document too far"));
		/* and a large node copied a few times is fine: 40 KiB, three copies */
		buf_reset(&y);
		buf_adds(&y, "a: &big [");
		for (int i = 0; i < 4000; i++)
			buf_addf(&y, "%sx%04d", i ? ", " : "", i);
		buf_adds(&y, "]\nb: *big\nc: *big\nd: *big\n");
		ck_assert_int_eq(tree_parse_yaml(y.data, y.len, &a, &err), 0);
		ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(a, "d")), 4000);
		cJSON_Delete(a);
		buf_release(&y);
	}
}
END_TEST

START_TEST(test_yaml_tree)
{
	struct tree_error err;
	cJSON *t = NULL;
	const char *doc = "a: 1.10\nb: yes\nc: true\nd: ~\ne: 0x1F\nf: '12'\ng: 2026-11-27\n";

	ck_assert_int_eq(tree_parse_yaml(doc, strlen(doc), &t, &err), 0);
	ck_assert(cJSON_IsNumber(cJSON_GetObjectItem(t, "a")));
	ck_assert_str_eq(tree_scalar_text(cJSON_GetObjectItem(t, "a")), "1.10");
	ck_assert(cJSON_IsString(cJSON_GetObjectItem(t, "b"))); /* YAML 1.2: yes is text */
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(t, "c")));
	ck_assert(cJSON_IsNull(cJSON_GetObjectItem(t, "d")));
	ck_assert(cJSON_GetObjectItem(t, "e")->valuedouble == 31);
	ck_assert(cJSON_IsString(cJSON_GetObjectItem(t, "f")));
	ck_assert_str_eq(cJSON_GetObjectItem(t, "g")->valuestring, "2026-11-27");
	cJSON_Delete(t);

	/* a duplicate key is the caller's to judge (a record's is rejected by record_build());
	 * tree_parse_yaml_unique() refuses it, naming it */
	static const char twice[] = "a: 1\nb: 1\na: 2\n", nested[] = "a:\n  b: 1\n  b: 2\n";
	ck_assert_int_eq(tree_parse_yaml_unique(twice, strlen(twice), &t, &err), -1);
	ck_assert_ptr_null(t);
	ck_assert_str_eq(err.msg, "duplicate key");
	ck_assert_str_eq(err.field, "a");
	ck_assert_int_eq(err.line, 3);
	ck_assert_int_eq(tree_parse_yaml(twice, strlen(twice), &t, &err), 0);
	ck_assert(cJSON_GetArraySize(t) == 3); /* both a's, the second one read whole */
	cJSON_Delete(t);
	t = NULL;
	ck_assert_int_eq(tree_parse_yaml_unique(nested, strlen(nested), &t, &err), -1);
	ck_assert_str_eq(err.field, "b");
	ck_assert_int_eq(err.line, 3);
	ck_assert_int_eq(tree_parse_yaml_unique("", 0, &t, &err), 0); /* empty: no tree */
	ck_assert_ptr_null(t);
	/* and a duplicate is placed: its first repetition's name and line, nested or not */
	{
		static const struct {
			const char *text, *field;
			long line;
		} dups[] = {
			{ "a: 1\nb:\n  c: 1\n  d: 2\n  c: 3\ne: 4\n", "c", 5 },
			{ "a: 1\nb: 2\na: 3\nc: 4\na: 5\n", "a", 3 },  /* three: the second */
			{ "a:\n  b: 1\n  b: 2\nc: 1\nc: 2\n", "b", 3 }, /* nested, earlier */
			{ "x: 1\ny: 1\ny: 2\nx: 3\n", "y", 3 },        /* two keys: the earlier */
		};
		for (size_t i = 0; i < sizeof(dups) / sizeof(dups[0]); i++) {
			const cJSON *dup;
			ck_assert_int_eq(tree_parse_yaml(dups[i].text, strlen(dups[i].text), &t, &err),
					 0);
			ck_assert_ptr_nonnull(dup = tree_find_duplicate(t));
			ck_assert_str_eq(dup->string, dups[i].field);
			ck_assert_int_eq(tree_line(dup), dups[i].line);
			cJSON_Delete(t);
			t = NULL;
		}
	}
	ck_assert(yaml_error("? [1]\n: 2\n", "keys must be scalars"));
	ck_assert(yaml_error("<<: {a: 1}\n", "merge keys"));
	ck_assert(yaml_error("a: !!binary aGk=\n", "tag not supported"));
	/* a time tagged as one is its text, as an untagged one is */
	ck_assert_int_eq(tree_parse_yaml("at: !!timestamp 2026-11-26T08:42:00+08:00\n", 42, &t,
					 &err),
			 0);
	ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(t, "at")->valuestring,
			 "2026-11-26T08:42:00+08:00");
	cJSON_Delete(t);
	t = NULL;
	ck_assert(yaml_error("--- 1\n--- 2\n", "more than one"));
	ck_assert(yaml_error("a: [1, 2\n", "not valid YAML"));
	{
		struct buf deep = BUF_INIT;
		repeat(&deep, "[", 100);
		ck_assert(yaml_error(deep.data, "nested deeper than 64"));
		buf_release(&deep);
	}
	/* an empty document is nothing */
	ck_assert_int_eq(tree_parse_yaml("---\n", 4, &t, &err), 0);
	ck_assert_ptr_null(t);
}
END_TEST

START_TEST(test_json_tree)
{
	struct tree_error err;
	cJSON *t;
	struct buf deep = BUF_INIT;

	struct buf out = BUF_INIT;

	/* duplicate keys and nesting beyond 64 are found while canonicalising a record */
	t = tree_parse_json("{\"a\":{\"b\":1,\"b\":2}}", 19, &err);
	ck_assert_ptr_nonnull(t);
	ck_assert_str_eq(canon_write(t, &out), "b");
	cJSON_Delete(t);
	repeat(&deep, "[", 65);
	repeat(&deep, "]", 65);
	t = tree_parse_json(deep.data, deep.len, &err);
	ck_assert_ptr_nonnull(t);
	buf_reset(&out);
	ck_assert_ptr_eq(canon_write(t, &out), CANON_TOO_DEEP);
	cJSON_Delete(t);
	buf_release(&out);
	buf_release(&deep);
	/* a value too big for the budget fails cleanly */
	{
		struct buf big = BUF_INIT;
		buf_adds(&big, "[");
		repeat(&big, "1,", 400000);
		buf_adds(&big, "1]");
		ck_assert_ptr_null(tree_parse_json(big.data, big.len, &err));
		ck_assert_msg(strstr(err.msg, "too complex"), "%s", err.msg);
		/* the program's own JSON (a finding's args) has no budget: not one parse
		 * past it, nor many on one thread whose sum would be */
		t = tree_parse_stored(big.data);
		ck_assert_ptr_nonnull(t);
		ck_assert_int_eq(cJSON_GetArraySize(t), 400001);
		cJSON_Delete(t);
		buf_reset(&big);
		buf_adds(&big, "[");
		repeat(&big, "1,", 20000);
		buf_adds(&big, "1]");
		for (int i = 0; i < 20; i++) { /* 20 x 1.3 MB of tree: past 16 MiB in all */
			t = tree_parse_stored(big.data);
			ck_assert_ptr_nonnull(t);
			cJSON_Delete(t);
		}
		ck_assert_ptr_null(tree_parse_stored("[1,"));
		ck_assert_ptr_null(tree_parse_stored(NULL));
		buf_release(&big);
	}
}
END_TEST

/* RFC 8259 exactly: what cJSON alone would take but is not JSON is refused, at its column;
 * every form JSON allows is accepted. The texts are not NUL-terminated where they end. */
START_TEST(test_json_strict_tokens)
{
	static const char *const good[] = {
		"{\"a\":-0,\"b\":0.5,\"c\":1e2,\"d\":1E+2,\"e\":-1.25e-3,\"f\":10}",
		"{\"a\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00\"}",
		" {\"a\" : [ true , false , null , {} , [] ] }\r",
		"{\"a\":\"\xe5\x8f\xb0\xe5\x8c\x97\"}",
	};
	static const struct {
		const char *text;
		long column;
	} bad[] = {
		{ "{\"a\":\"live\\uZZZZx\"}", 11 },
		{ "{\"a\\u00zz\":1}", 4 },
		{ "{\"a\":\"\\u0000\"}", 7 },
		{ "{\"a\":\"\\q\"}", 7 },
		{ "{\"a\":01}", 6 },
		{ "{\"a\":-01}", 6 },
		{ "{\"a\":3.}", 6 },
		{ "{\"a\":1.e2}", 6 },
		{ "{\"a\":1e}", 7 }, /* cJSON refuses it itself, at the e */
		{ "{\"a\":\"x\ty\"}", 8 },
		{ "{\"a\":\v1}", 6 },
		{ "{\"a\":\"\\u12\"}", 7 },
	};
	struct tree_error err;
	char copy[128];
	cJSON *t;

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		size_t n = strlen(good[i]);
		memcpy(copy, good[i], n);
		copy[n] = '9'; /* past the end: must not be read */
		t = tree_parse_json(copy, n, &err);
		ck_assert_msg(t != NULL, "refused %s: %s", good[i], t ? "" : err.msg);
		cJSON_Delete(t);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		t = tree_parse_json(bad[i].text, strlen(bad[i].text), &err);
		ck_assert_msg(t == NULL, "accepted %s", bad[i].text);
		ck_assert_msg(err.column == bad[i].column, "%s: column %ld, not %ld (%s)",
			      bad[i].text, err.column, bad[i].column, err.msg);
	}
	/* a number that ends the text ends there, whatever byte follows it in memory */
	memcpy(copy, "129", 3);
	t = tree_parse_json(copy, 2, &err);
	ck_assert_ptr_nonnull(t);
	ck_assert(cJSON_IsNumber(t) && t->valuedouble == 12);
	cJSON_Delete(t);
}
END_TEST

static void canon_of(const char *json, struct buf *out)
{
	struct tree_error err;
	cJSON *t = tree_parse_json(json, strlen(json), &err);

	ck_assert_ptr_nonnull(t);
	buf_reset(out);
	canon_write(t, out);
	cJSON_Delete(t);
}

START_TEST(test_canonical_content)
{
	struct buf a = BUF_INIT, b = BUF_INIT;

	canon_of("{\"b\":12.0,\"a\":\"x\",\"prev_sha256\":\"00\",\"ts\":\"2026-11-27T09:00:00+08:00\"}", &a);
	canon_of("{\"a\":\"x\",\"ts\":\"2026-11-27T01:00:00Z\",\"b\":12}", &b);
	ck_assert(a.len == b.len && !memcmp(a.data, b.data, a.len));
	canon_of("{\"a\":\"x\",\"b\":12.5,\"ts\":\"2026-11-27T09:00:00+08:00\"}", &b);
	ck_assert(a.len != b.len || memcmp(a.data, b.data, a.len));
	/* a time member at any depth (ts, at, *_at) is its instant ... */
	canon_of("{\"actions\":[{\"at\":\"2026-11-27T09:00:00+08:00\"}],"
		 "\"review\":{\"completed_at\":\"2026-11-27T10:00:00+08:00\"}}", &a);
	canon_of("{\"actions\":[{\"at\":\"2026-11-27T01:00:00Z\"}],"
		 "\"review\":{\"completed_at\":\"2026-11-27T02:00:00.000Z\"}}", &b);
	ck_assert(a.len == b.len && !memcmp(a.data, b.data, a.len));
	/* ... and a time written anywhere else is the text written */
	canon_of("{\"message\":\"2026-11-27T09:00:00+08:00\",\"notes\":[\"2026-11-27T09:00:00+08:00\"]}", &a);
	canon_of("{\"message\":\"2026-11-27T01:00:00Z\",\"notes\":[\"2026-11-27T09:00:00+08:00\"]}", &b);
	ck_assert(a.len != b.len || memcmp(a.data, b.data, a.len));
	canon_of("{\"message\":\"2026-11-27T09:00:00+08:00\",\"notes\":[\"2026-11-27T01:00:00Z\"]}", &b);
	ck_assert(a.len != b.len || memcmp(a.data, b.data, a.len));
	ck_assert(canon_is_time("ts") && canon_is_time("at") && canon_is_time("verified_at"));
	ck_assert(!canon_is_time("_at") && !canon_is_time("tss") && !canon_is_time("date") &&
		  !canon_is_time("status") && !canon_is_time("message"));
	buf_release(&a);
	buf_release(&b);
}
END_TEST

/* Builds the record of a JSON line, its hashes now or left for later: its content and
 * identity hashes, or, rejected, the reason and field; *left whether record_build() kept
 * them for later. */
static void build_line(const char *line, int later, int *rc, int64_t hash[2], char *why,
		       size_t size, int *left)
{
	struct tree_error err;
	struct rejection rej;
	struct record r;
	cJSON *t = tree_parse_json(line, strlen(line), &err);

	ck_assert_msg(t != NULL, "%s: %s", line, t ? "" : err.msg);
	memset(&r, 0, sizeof(r));
	r.raw = line;
	r.raw_len = strlen(line);
	r.hash_later = later;
	*rc = record_build(&r, t, 0, &rej);
	*left = r.hash_later;
	hash[0] = hash[1] = 0;
	snprintf(why, size, "%s|%s", rej.reason, rej.field);
	if (*rc == 0) {
		hash[0] = record_content(&r);
		hash[1] = record_ident(&r);
		record_release(&r);
	}
}

/* A record whose hashes are left to the store side (record.h, hash_later) has the
 * hashes it would have had, and a record at fault is refused for the same reason. Only a
 * flat record is left so (a nested one, or one with a number read as its text, is hashed
 * by the reader all the same); on every line the walk that only looks for faults
 * (canon_check()) finds what the writing one finds. */
START_TEST(test_hashes_left_for_later_are_the_same)
{
	static const char *const lines[] = {
		/* kept, flat: left for later */
		"{\"kind\":\"execution\",\"ts\":\"2026-11-26T09:00:03.422+08:00\",\"source\":\"oms\","
		"\"seq\":1,\"environment\":\"live\",\"correlation_id\":\"TW-1\",\"event\":\"submit\","
		"\"qty\":2000,\"price\":87.3,\"prev_sha256\":\"00\"}",
		"{\"kind\":\"execution\",\"ts\":\"2026-11-26T01:00:03.422Z\",\"source\":\"oms\","
		"\"seq\":1,\"environment\":\"live\",\"correlation_id\":\"TW-1\",\"event\":\"submit\","
		"\"qty\":2000.0,\"price\":87.30}",
		/* kept, nested: every kind of member the canonical form treats apart */
		"{\"kind\":\"alert\",\"ts\":\"2026-11-26T09:00:00+08:00\",\"source\":\"mon\",\"seq\":2,"
		"\"severity\":\"WARN\",\"message\":\"q\\\"\\u00e9\\n\",\"reason\":null,\"tags\":[],"
		"\"extra\":{\"b\":[1,{\"at\":\"2026-11-26T09:00:00+08:00\"}],\"a\":false}}",
		/* a number past the quantities is read as its text: hashed on the reader's side */
		"{\"kind\":\"heartbeat\",\"ts\":\"2026-11-26T09:00:00+08:00\",\"source\":\"mon\","
		"\"seq\":3,\"component\":\"oms\",\"status\":\"OK\",\"build\":1.10}",
		/* refused, nested: hashed (and refused) on the reader's side */
		"{\"kind\":\"alert\",\"ts\":\"2026-11-26T09:00:00+08:00\",\"source\":\"mon\",\"seq\":4,"
		"\"extra\":{\"b\":1,\"b\":2},\"kind\":\"alert\"}",
		"{\"kind\":\"alert\",\"ts\":\"2026-11-26T09:00:00+08:00\",\"source\":\"mon\",\"seq\":5,"
		"\"x\":{\"y\":{\"z\":1,\"z\":2}},\"w\":[{\"v\":1,\"v\":1}]}",
		/* flat, as nearly every event is: the one left to the store side */
		"{\"kind\":\"alert\",\"ts\":\"2026-11-26T09:00:00+08:00\",\"source\":\"mon\",\"seq\":6,"
		"\"severity\":\"WARN\",\"prev_sha256\":\"00\",\"severity\":\"CRITICAL\"}",
	};
	struct buf deep = BUF_INIT, empty = BUF_INIT;
	char why_now[400], why_later[400];
	int64_t now[2], later[2];
	int rc_now, rc_later, left;

	/* nesting past the limit is refused; an empty list that deep is no value at all */
	buf_adds(&deep, "{\"kind\":\"alert\",\"ts\":\"2026-11-26T09:00:00+08:00\",\"source\":\"m\","
			"\"seq\":6,\"x\":");
	buf_adds(&empty, deep.data);
	repeat(&deep, "[", 70);
	repeat(&deep, "]", 70);
	buf_adds(&deep, "}");
	repeat(&empty, "[", 62);
	buf_adds(&empty, "{\"e\":[]}");
	repeat(&empty, "]", 62);
	buf_adds(&empty, "}");
	const char *all[sizeof(lines) / sizeof(lines[0]) + 2];
	memcpy(all, lines, sizeof(lines));
	all[sizeof(lines) / sizeof(lines[0])] = deep.data;
	all[sizeof(lines) / sizeof(lines[0]) + 1] = empty.data;
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		const char *line = all[i];
		struct tree_error err;
		struct buf out = BUF_INIT;
		cJSON *t = tree_parse_json(line, strlen(line), &err);
		const char *written, *checked;
		ck_assert_ptr_nonnull(t);
		written = canon_write(t, &out);
		checked = canon_check(t);
		ck_assert_msg(written == checked ||
				      (written && checked && written != CANON_TOO_DEEP &&
				       checked != CANON_TOO_DEEP && !strcmp(written, checked)),
			      "line %zu: canon_check() finds otherwise", i);
		cJSON_Delete(t);
		buf_release(&out);
		build_line(line, 0, &rc_now, now, why_now, sizeof(why_now), &left);
		ck_assert(!left);
		build_line(line, 1, &rc_later, later, why_later, sizeof(why_later), &left);
		/* left for later: the flat lines only (the first two and the last) */
		ck_assert_msg(left == (i < 2 || i == 6), "line %zu: left %d", i, left);
		ck_assert_msg(rc_now == rc_later, "line %zu: %d, later %d", i, rc_now, rc_later);
		ck_assert_msg(now[0] == later[0], "line %zu: content differs", i);
		ck_assert_msg(now[1] == later[1], "line %zu: identity differs", i);
		ck_assert_msg(!strcmp(why_now, why_later), "line %zu: '%s', later '%s'", i, why_now,
			      why_later);
		/* the expected outcome, so that the two can't agree by both failing */
		ck_assert_msg(rc_now == (i < 4 || i == 8 ? 0 : -1), "line %zu: %d (%s)", i, rc_now,
			      why_now);
	}
	/* the first two are one record written two ways */
	build_line(lines[0], 1, &rc_now, now, why_now, sizeof(why_now), &left);
	build_line(lines[1], 1, &rc_later, later, why_later, sizeof(why_later), &left);
	ck_assert(now[0] == later[0] && now[0] != 0 && now[1] == later[1] && now[1] != 0);
	build_line(lines[5], 1, &rc_now, now, why_now, sizeof(why_now), &left);
	ck_assert_str_eq(why_now, "duplicate key|v");
	build_line(lines[6], 1, &rc_now, now, why_now, sizeof(why_now), &left);
	ck_assert_str_eq(why_now, "duplicate key|severity");
	buf_release(&deep);
	buf_release(&empty);
}
END_TEST

/* An error names its file as the reports name it (utf8_escape_name()): a line break, a
 * byte that is not UTF-8 and a backslash spelling an escape each show as \\xhh. */
START_TEST(test_error_names_file_as_reports_do)
{
	struct error e = ERROR_INIT;
	char msg[256];

	error_at(&e, EXIT_IO, "ingest", "a\nb\xff\\x41.jsonl", 7, 0, NULL, "file shrank");
	error_format(&e, msg, sizeof(msg));
	ck_assert_str_eq(msg, "ingest: 'a\\x0ab\\xff\\x5cx41.jsonl':7: file shrank");
}
END_TEST

static int tailoring_error(const char *yaml, const char *expect)
{
	char *tmp = tu_tmpdir(), *f = tu_path(tmp, "t.yaml");
	struct tailoring t;
	struct error e = ERROR_INIT;
	char msg[1400];
	int rc;

	tu_write(tmp, "t.yaml", yaml, -1);
	rc = tailoring_load(f, &t, &e);
	tailoring_release(&t);
	error_format(&e, msg, sizeof(msg));
	tu_rmrf(tmp);
	free(tmp), free(f);
	if (rc == 0 || e.status != EXIT_USAGE || !strstr(msg, expect)) {
		fprintf(stderr, "tailoring %s: got '%s'\n", yaml, msg);
		return 0;
	}
	return 1;
}

/* Whether a tailoring file of correlation_id_pattern `pattern` (YAML single-quoted) loads
 * and the pattern matches `cid`. */
static int pattern_matches(const char *pattern, const char *cid)
{
	char *tmp = tu_tmpdir(), *f = tu_path(tmp, "t.yaml"), yaml[256];
	struct tailoring t;
	struct error e = ERROR_INIT;
	int ok;

	snprintf(yaml, sizeof(yaml), "correlation_id_pattern: '%s'\n", pattern);
	tu_write(tmp, "t.yaml", yaml, -1);
	ok = tailoring_load(f, &t, &e) == 0 && tailoring_cid_ok(&t, cid);
	if (!ok)
		fprintf(stderr, "pattern %s, id %s: %s\n", pattern, cid, e.msg);
	tailoring_release(&t);
	tu_rmrf(tmp);
	free(tmp), free(f);
	return ok;
}

/* The default correlation-ID pattern is matched without regexec(): each ID reads as the
 * same pattern written otherwise (its class in another order) reads it through
 * regexec(), at the edges of length and class and on many random strings. */
START_TEST(test_default_cid_pattern_as_regexec_reads_it)
{
	static const char *const ids[] = {
		"", "A", "Abcdefg", "Abcdefgh", "0bcdefgh", "-bcdefgh", ".bcdefgh", "_bcdefgh",
		"A.b_c:d-e", "A b_c:d-e", "Ab\ncdefgh", "Abcdefgh\n", "Abcdefg/", "Abcdefgh~",
		"TAITS-20261128-0001", "\xC3\x84" "bcdefgh", "Abcdefg\xC3\xA9", "Ab\x7F" "cdefgh",
	};
	struct tailoring def, other;
	struct error e = ERROR_INIT;
	char *tmp = tu_tmpdir(), *f = tu_path(tmp, "t.yaml");
	char id[140];
	unsigned seed = 1;

	ck_assert_int_eq(tailoring_load(NULL, &def, &e), 0);
	tu_write(tmp, "t.yaml", "correlation_id_pattern: '^[A-Za-z0-9][-A-Za-z0-9._:]{7,127}$'\n", -1);
	ck_assert_msg(tailoring_load(f, &other, &e) == 0, "%s", e.msg);
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		ck_assert_msg(tailoring_cid_ok(&def, ids[i]) == tailoring_cid_ok(&other, ids[i]),
			      "'%s'", ids[i]);
	for (int len = 126; len <= 130; len++) {
		memset(id, 'a', (size_t)len);
		id[len] = '\0';
		ck_assert_int_eq(tailoring_cid_ok(&def, id), len <= 128);
		ck_assert_int_eq(tailoring_cid_ok(&other, id), len <= 128);
	}
	static const char alphabet[] = "aZ09._:-/ ~@\x7F";
	for (int n = 0; n < 20000; n++) {
		int len = (int)(rand_r(&seed) % 132);
		for (int k = 0; k < len; k++)
			id[k] = alphabet[rand_r(&seed) % (sizeof(alphabet) - 1)];
		id[len] = '\0';
		ck_assert_msg(tailoring_cid_ok(&def, id) == tailoring_cid_ok(&other, id), "'%s'", id);
	}
	tailoring_release(&def);
	tailoring_release(&other);
	tu_rmrf(tmp);
	free(tmp), free(f);
}
END_TEST

START_TEST(test_tailoring)
{
	struct tailoring t;
	struct error e = ERROR_INIT;
	char *tmp = tu_tmpdir(), *f = tu_path(tmp, "t.yaml");

	/* a byte-order mark before two keys (libyaml alone reads it as a character) */
	tu_write(tmp, "t.yaml", "\xEF\xBB\xBFtimezone: UTC\nfail_on: major\n", -1);
	ck_assert_msg(tailoring_load(f, &t, &e) == 0, "%s", e.msg);
	ck_assert_str_eq(t.timezone, "UTC");
	ck_assert_int_eq(t.fail_on, SEV_MAJOR);
	tailoring_release(&t);
	/* the defaults of INPUT.md and RULES.md */
	ck_assert_int_eq(tailoring_load(NULL, &t, &e), 0);
	ck_assert_str_eq(t.timezone, "Asia/Taipei");
	ck_assert_int_eq(t.session_open, 9 * 3600);
	ck_assert_int_eq(t.session_close, 13 * 3600 + 1800);
	ck_assert_int_eq(t.monitor_max_gap_s, 60);
	ck_assert_int_eq(t.kill_within_s, 10);
	ck_assert_int_eq(t.freeze_within_h, 24);
	ck_assert_int_eq(t.fail_on, SEV_MINOR);
	ck_assert(tailoring_cid_ok(&t, "TW-20261127-2330-0001"));
	ck_assert(!tailoring_cid_ok(&t, "x1"));
	ck_assert(!tailoring_cid_ok(&t, "-startsbad"));
	ck_assert(tailoring_trading_day(&t, days_from_civil(2026, 11, 27)));
	ck_assert(!tailoring_trading_day(&t, days_from_civil(2026, 11, 28)));
	char default_sha[65];
	memcpy(default_sha, t.sha256, 65);
	tailoring_release(&t);
	/* sections left empty are left out: the defaults, whichever the section */
	tu_write(tmp, "t.yaml", "trading_session:\nthresholds:\nwaivers:\n", -1);
	ck_assert_msg(tailoring_load(f, &t, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(t.session_open, 9 * 3600);
	ck_assert_int_eq(t.monitor_max_gap_s, 60);
	ck_assert_int_eq((int)t.nwaivers, 0);
	tailoring_release(&t);

	tu_write(tmp, "t.yaml",
		 "timezone: UTC\ntrading_session:\n  days: [mon, tue]\n  open: \"08:00\"\n"
		 "  close: \"12:00\"\n  holidays: [2026-11-30]\nthresholds:\n  monitor_max_gap_s: 90\n"
		 "kill_within_s: 5\nfail_on: major\ncorrelation_id_pattern: '^[A-Z]+$'\n", -1);
	ck_assert_msg(tailoring_load(f, &t, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(t.monitor_max_gap_s, 90);
	ck_assert_int_eq(t.kill_within_s, 5);
	ck_assert_int_eq(t.fail_on, SEV_MAJOR);
	ck_assert(!tailoring_trading_day(&t, days_from_civil(2026, 11, 30))); /* holiday */
	ck_assert(tailoring_trading_day(&t, days_from_civil(2026, 12, 1)));
	ck_assert(tailoring_cid_ok(&t, "ABC"));
	ck_assert_str_ne(t.sha256, default_sha);
	tailoring_release(&t);

	/* the edges of the ranges tailoring.md gives: thresholds from 1 to 86400 s, 8784 h
	 * and 64 MiB; a session from "00:00" up to "24:00" */
	tu_write(tmp, "t.yaml",
		 "thresholds:\n  monitor_max_gap_s: 86400\n  degrade_within_s: 1\n"
		 "  freeze_within_h: 8784\n  max_record_bytes: 67108864\n"
		 "trading_session:\n  open: \"00:00\"\n  close: \"24:00\"\n", -1);
	ck_assert_msg(tailoring_load(f, &t, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(t.monitor_max_gap_s, 86400);
	ck_assert_int_eq(t.degrade_within_s, 1);
	ck_assert_int_eq(t.freeze_within_h, 8784);
	ck_assert_int_eq(t.max_record_bytes, 67108864);
	ck_assert_int_eq(t.session_close, 24 * 3600);
	tailoring_release(&t);
	/* one past each edge */
	ck_assert(tailoring_error("monitor_max_gap_s: 86401\n", "from 1 to 86400"));
	ck_assert(tailoring_error("thresholds:\n  degrade_within_s: 0\n", "from 1 to 86400"));
	ck_assert(tailoring_error("freeze_within_h: 8785\n", "from 1 to 8784"));
	ck_assert(tailoring_error("max_record_bytes: 67108865\n", "from 1 to 67108864"));
	/* a correlation_id_pattern whose repetitions written out pass 1,024 atoms (33 x 32
	 * and the anchors here) is refused before regcomp() builds it; 31 x 32 is not */
	ck_assert(tailoring_error("correlation_id_pattern: '^(a{32}){32}$'\n",
				  "is too large: its repetitions written out hold more than 1024"));
	tu_write(tmp, "t.yaml", "correlation_id_pattern: '^(a{30}){32}$'\n", -1);
	ck_assert_msg(tailoring_load(f, &t, &e) == 0, "%s", e.msg);
	tailoring_release(&t);
	/* a back-reference (glibc matches it by backtracking: a minute for an ID of 240
	 * characters) is refused; a backslash and a digit in a bracket expression, or an
	 * escaped backslash before a digit, are none */
	ck_assert(tailoring_error("correlation_id_pattern: '^(.*)(.*)(.*)\\3\\2\\1$'\n",
				  "holds a back-reference"));
	ck_assert(pattern_matches("^[\\1a-z]{8,}$", "abc\\1defg"));
	ck_assert(pattern_matches("^a\\\\1b$", "a\\1b"));
	/* a repetition of a repetition (undefined in POSIX; glibc's regcomp() took 24 s over
	 * '$n+' and 160 stars) is refused; a starred group, or escaped stars, are not */
	ck_assert(tailoring_error("correlation_id_pattern: '^a+*$'\n", "repeats a repetition"));
	ck_assert(tailoring_error("correlation_id_pattern: '^a{2}?$'\n", "repeats a repetition"));
	ck_assert(pattern_matches("^(a*)*\\*\\*$", "aaaa**"));
	ck_assert(tailoring_error("trading_session:\n  close: \"24:01\"\n", "\"HH:MM\""));
	ck_assert(tailoring_error("trading_session:\n  open: \"09:60\"\n", "\"HH:MM\""));
	/* [open, close) is empty when they are equal */
	ck_assert(tailoring_error("trading_session:\n  open: \"13:30\"\n",
				  "open must be before close"));
	ck_assert(tailoring_error("timezone: \"+24:00\"\n", "a fixed offset is written"));

	/* Bad keys and values, each with its file, line and field, are check_hostile's
	 * test_tailoring_unknown_keys and test_tailoring_bad_values; not those: */
	ck_assert(tailoring_error("waivers:\n  - rule: LOG-SEQ-GAP\n    match: {}\n", "reason"));
	tu_rmrf(tmp);
	free(tmp), free(f);
}
END_TEST

/* The one read-and-hash loop: a range of a file across several blocks, the whole file,
 * an empty range, and a range past the end (the file "shrank"). */
START_TEST(test_sha256_fd)
{
	char *tmp = tu_tmpdir(), *path = tu_path(tmp, "f"), *missing = tu_path(tmp, "none");
	size_t n = (3u << 20) + 7;
	char *data = malloc(n), part[16];
	unsigned char want[SHA256_LEN], got[SHA256_LEN];
	int fd;

	for (size_t i = 0; i < n; i++)
		data[i] = (char)(i * 7 + i / 251);
	tu_write(tmp, "f", data, (long)n);
	fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	sha256_once(data + 5, (5u << 19) + 1, want);
	ck_assert_int_eq(sha256_fd(fd, 5, (5 << 19) + 1, got), 0);
	ck_assert_mem_eq(got, want, SHA256_LEN);
	sha256_once(data, n, want);
	ck_assert_int_eq(sha256_file(path, got), 0);
	ck_assert_mem_eq(got, want, SHA256_LEN);
	sha256_once("", 0, want);
	ck_assert_int_eq(sha256_fd(fd, 0, 0, got), 0);
	ck_assert_mem_eq(got, want, SHA256_LEN);
	ck_assert_int_eq(sha256_fd(fd, 10, (int64_t)n, got), -1);
	ck_assert_int_eq(errno, 0);
	ck_assert_str_eq(io_read_error(errno), "file shrank");
	ck_assert_int_eq(io_pread_all(fd, part, sizeof(part), 100), 0);
	ck_assert_mem_eq(part, data + 100, sizeof(part));
	ck_assert_int_eq(io_pread_all(fd, part, sizeof(part), (int64_t)n - 3), -1);
	ck_assert_int_eq(sha256_file(missing, got), -1);
	ck_assert_int_eq(errno, ENOENT);
	close(fd);
	free(data);
	tu_rmrf(tmp);
	free(tmp), free(path), free(missing);
}
END_TEST

static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

/* The write-back thread syncs (twice, counted) with a descriptor of its own and keeps it
 * until freed: closed earlier, it would drop the process's POSIX locks on the store,
 * SQLite's among them, while a transaction is open. Freed, it leaves no descriptor. */
START_TEST(test_writeback_keeps_locks)
{
	char *tmp = tu_tmpdir(), *path = tu_path(tmp, "store"), *missing = tu_path(tmp, "none");
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	struct timespec pause = { 0, 10 * 1000000L };
	struct writeback *w;
	int fd, before, waited;

	tu_write(tmp, "store", "pages", 5);
	fd = open(path, O_RDWR);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(fcntl(fd, F_SETLK, &fl), 0);
	ck_assert(tu_locked_elsewhere(path));
	before = open_fds();
	ck_assert_ptr_null(writeback_start(missing));
	ck_assert_ptr_null(writeback_start(""));
	writeback_free(NULL);
	w = writeback_start(path);
	ck_assert_ptr_nonnull(w);
	ck_assert_int_eq(open_fds(), before + 1);
	ck_assert_int_eq(write(fd, "more", 4), 4);
	/* it syncs (every 200 ms): waited for, up to 10 s on a busy machine */
	for (waited = 0; writeback_syncs(w) < 2 && waited < 1000; waited++)
		nanosleep(&pause, NULL);
	ck_assert_uint_ge(writeback_syncs(w), 2);
	writeback_stop(w);
	writeback_stop(w);
	ck_assert(tu_locked_elsewhere(path));
	close(fd); /* the lock goes with the first descriptor closed, as it would */
	writeback_free(w);
	ck_assert_int_eq(open_fds(), before - 1);
	tu_rmrf(tmp);
	free(tmp), free(path), free(missing);
}
END_TEST

/* A buffer is a string as soon as it has memory; an empty text sanitizes to "". */
START_TEST(test_buf_grow_terminates)
{
	struct buf b = BUF_INIT;
	char *t;

	buf_grow(&b, 100);
	ck_assert_ptr_nonnull(b.data);
	ck_assert_str_eq(b.data, "");
	buf_release(&b);
	t = utf8_sanitize("junk", 0);
	ck_assert_str_eq(t, "");
	free(t);
}
END_TEST

/* A 0x/0o scalar is a number only when digits of its base follow the prefix: a sign,
 * a blank or a second prefix leave it text (strtoull would have read 0x-1 as 2^64 - 1). */
START_TEST(test_yaml_prefixed_ints)
{
	struct tree_error err;
	cJSON *t = NULL;
	const char *doc = "a: 0x-1\nb: 0x 1\nc: 0x0x1\nd: 0o+7\ne: 0o17\nf: 0x\ng: 0xfF\n"
			  "h: 0x1FFFFFFFFFFFFFFFFFFFFFFFF\n";

	ck_assert_int_eq(tree_parse_yaml(doc, strlen(doc), &t, &err), 0);
	ck_assert_str_eq(cJSON_GetObjectItem(t, "a")->valuestring, "0x-1");
	ck_assert_str_eq(cJSON_GetObjectItem(t, "b")->valuestring, "0x 1");
	ck_assert_str_eq(cJSON_GetObjectItem(t, "c")->valuestring, "0x0x1");
	ck_assert_str_eq(cJSON_GetObjectItem(t, "d")->valuestring, "0o+7");
	ck_assert(cJSON_GetObjectItem(t, "e")->valuedouble == 15);
	ck_assert(cJSON_IsString(cJSON_GetObjectItem(t, "f")));
	ck_assert(cJSON_GetObjectItem(t, "g")->valuedouble == 255);
	ck_assert(cJSON_IsString(cJSON_GetObjectItem(t, "h"))); /* out of range */
	cJSON_Delete(t);
}
END_TEST

/* Names a writer chose to share a slot under plain FNV-1a (its low 17 bits under 256: a
 * table of 131,072 slots would probe one run of 256) spread over the slots under
 * str_hash(), as random names do: about 4,030 of 4,096 slots distinct; under FNV-1a, at
 * most 256. */
START_TEST(test_str_hash_spreads_chosen_names)
{
	enum { NAMES = 4096, MASK = 0x1FFFF };
	static unsigned char used[MASK + 1];
	int got = 0, distinct = 0;
	char name[32];

	memset(used, 0, sizeof(used));
	for (uint64_t i = 0; got < NAMES; i++) {
		uint64_t fnv = 1469598103934665603ULL;
		snprintf(name, sizeof(name), "s%011llx", (unsigned long long)i);
		for (const char *c = name; *c; c++)
			fnv = (fnv ^ (unsigned char)*c) * 1099511628211ULL;
		if ((fnv & MASK) >= 256)
			continue;
		got++;
		uint64_t slot = str_hash(name, 0) & MASK;
		distinct += !used[slot];
		used[slot] = 1;
	}
	ck_assert_msg(distinct > 3900, "%d of %d names in distinct slots", distinct, NAMES);
	/* the tweak is part of what is hashed: one name in two groups, two slots */
	ck_assert_uint_ne(str_hash("2330", 1), str_hash("2330", 2));
	ck_assert_uint_eq(str_hash("2330", 1), str_hash("2330", 1));
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("util");

	tcase_add_test(tc, test_iso_parse);
	tcase_add_test(tc, test_iso_parse_other_forms);
	tcase_add_test(tc, test_yaml_aliases);
	tcase_add_test(tc, test_iso_format);
	tcase_add_test(tc, test_operating_day);
	tcase_add_test(tc, test_utf8);
	tcase_add_test(tc, test_utf8_edges);
	tcase_add_test(tc, test_path_dir);
	tcase_add_test(tc, test_yaml_tree);
	tcase_add_test(tc, test_json_tree);
	tcase_add_test(tc, test_json_strict_tokens);
	tcase_add_test(tc, test_canonical_content);
	tcase_add_test(tc, test_hashes_left_for_later_are_the_same);
	tcase_add_test(tc, test_tailoring);
	tcase_add_test(tc, test_default_cid_pattern_as_regexec_reads_it);
	tcase_add_test(tc, test_error_names_file_as_reports_do);
	tcase_add_test(tc, test_sha256_fd);
	tcase_add_test(tc, test_writeback_keeps_locks);
	tcase_add_test(tc, test_buf_grow_terminates);
	tcase_add_test(tc, test_yaml_prefixed_ints);
	tcase_add_test(tc, test_str_hash_spreads_chosen_names);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_main(suite());
}
