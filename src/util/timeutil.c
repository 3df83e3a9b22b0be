/*
 * timeutil.c - ISO 8601 parsing and formatting, civil calendar arithmetic, and the time
 * zone through the C library (TZ and localtime_r/mktime), so zone rules come from the
 * system's tz database rather than from code of ours.
 */
#include "timeutil.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* Howard Hinnant's days_from_civil, proleptic Gregorian. */
int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

int weekday_from_days(int64_t z)
{
	return (int)(z >= -4 ? (z + 4) % 7 : (z + 5) % 7 + 6);
}

static int days_in_month(int64_t y, int m)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 ? 28 + leap : dim[m - 1];
}

/* Reads exactly n digits at *p, advancing it. Returns -1 when they are not all digits. */
static int digits(const char **p, const char *end, int n)
{
	int v = 0;

	if (end - *p < n)
		return -1;
	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return -1;
		v = v * 10 + (c - '0');
	}
	*p += n;
	return v;
}

static int64_t floordiv(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* Whether instant us falls in a UTC day's last minute, the only one with a leap second. */
static int in_last_utc_minute(int64_t us)
{
	int64_t minute = floordiv(us, 60 * US_PER_SEC);

	return minute - floordiv(minute, 1440) * 1440 == 1439;
}

/* Whether ISO year y has 53 weeks: it begins on a Thursday, or on a Wednesday in a leap
 * year. */
static int weeks_in_year(int y)
{
	int jan1 = weekday_from_days(days_from_civil(y, 1, 1)); /* 0 = Sunday */
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return jan1 == 4 || (leap && jan1 == 3) ? 53 : 52;
}

/* The date at *p of an ISO 8601 date and time, as days since 1970-01-01: a calendar date
 * (2026-11-27, 20261127), an ordinal date (2026-331, 2026331) or a week date (2026-W48-5,
 * 2026W485), of a year 0001-9999. *ext says whether it was written in the extended
 * format. -1 when it is none of these. */
static int parse_date(const char **pp, const char *end, int64_t *days, int *ext)
{
	const char *p = *pp;
	int y, a, b;
	size_t run = 0;

	if ((y = digits(&p, end, 4)) < 1 || p == end)
		return -1;
	*ext = *p == '-';
	p += *ext;
	if (p < end && *p == 'W') {
		p++;
		if ((a = digits(&p, end, 2)) < 1 || a > weeks_in_year(y) ||
		    (*ext && (p == end || *p++ != '-')) || (b = digits(&p, end, 1)) < 1 || b > 7)
			return -1;
		int64_t jan4 = days_from_civil(y, 1, 4);
		*days = jan4 - (weekday_from_days(jan4) + 6) % 7 + (a - 1) * 7 + (b - 1);
	} else {
		while (p + run < end && isdigit((unsigned char)p[run]))
			run++;
		if (run == 3) {
			int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
			if ((a = digits(&p, end, 3)) < 1 || a > 365 + leap)
				return -1;
			*days = days_from_civil(y, 1, 1) + a - 1;
		} else if (run == (*ext ? 2u : 4u)) {
			if ((a = digits(&p, end, 2)) < 1 || a > 12 || (*ext && (p == end || *p++ != '-')) ||
			    (b = digits(&p, end, 2)) < 1 || b > days_in_month(y, a))
				return -1;
			*days = days_from_civil(y, a, b);
		} else {
			return -1;
		}
	}
	/* a week date may fall in the year before or after the one it names */
	if (*days < days_from_civil(1, 1, 1) || *days > days_from_civil(9999, 12, 31))
		return -1;
	*pp = p;
	return 0;
}

/* iso_parse() without its leap-second check: *leap says whether the seconds were 60 (read
 * as the last microsecond of the second before). */
static int parse(const char *s, size_t n, int64_t *us, int *offset_min, int *leap)
{
	const char *p = s, *end = s + n;
	int ext, hh, mi = 0, ss = 0, off = 0;
	int64_t days, frac = 0, unit = 3600 * US_PER_SEC; /* of the time's last part */

	/* the date, then the time written as the date is: extended (09:00:03) or basic
	 * (090003), to the hour, the minute or the second, its last part with a fraction */
	if (parse_date(&p, end, &days, &ext))
		return ISO_MALFORMED;
	if (p == end || (*p != 'T' && *p != 't' && *p != ' '))
		return ISO_MALFORMED;
	p++;
	if ((hh = digits(&p, end, 2)) < 0 || hh > 24)
		return ISO_MALFORMED;
	if (p < end && (ext ? *p == ':' : isdigit((unsigned char)*p))) {
		p += ext;
		if ((mi = digits(&p, end, 2)) < 0 || mi > 59)
			return ISO_MALFORMED;
		unit = 60 * US_PER_SEC;
		if (p < end && (ext ? *p == ':' : isdigit((unsigned char)*p))) {
			p += ext;
			if ((ss = digits(&p, end, 2)) < 0 || ss > 60)
				return ISO_MALFORMED;
			unit = US_PER_SEC;
		}
	}
	if (p < end && (*p == '.' || *p == ',')) {
		/* as many digits as written, read to the seventeenth: the last part is
		 * c * 10^e microseconds (36e8 an hour, 6e7 a minute, 1e6 a second), so
		 * c * num stays below 2^63, and the digits past it are worth less than 1e-7
		 * of a microsecond */
		int c = unit == US_PER_SEC ? 1 : unit == 60 * US_PER_SEC ? 6 : 36;
		int exp = unit == US_PER_SEC ? 6 : unit == 60 * US_PER_SEC ? 7 : 8, nd = 0;
		int64_t num = 0;
		p++;
		for (; p < end && isdigit((unsigned char)*p); p++, nd++)
			if (nd < 17)
				num = num * 10 + (*p - '0');
		if (nd == 0)
			return ISO_MALFORMED;
		frac = c * num;
		for (int k = nd < 17 ? nd : 17; k < exp; k++)
			frac *= 10;
		for (int k = exp; k < (nd < 17 ? nd : 17); k++)
			frac /= 10;
	}
	/* 24:00:00 is the end of the day: the next day's 00:00:00 (of a year up to 9999) */
	if (hh == 24 && (mi || ss || frac || days == days_from_civil(9999, 12, 31)))
		return ISO_MALFORMED;
	/* The timeline has no room for a leap second: it compares as the last microsecond
	 * of the second before it, after any time of that second, before the next minute. */
	*leap = ss == 60;
	if (ss == 60) {
		ss = 59;
		frac = US_PER_SEC - 1;
	}
	int64_t wall = (days * 86400 + hh * 3600 + mi * 60 + ss) * US_PER_SEC + frac;
	if (p == end) {
		*us = wall; /* no offset: the wall time as if it were UTC, for iso_parse_local() */
		return ISO_NO_OFFSET;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p++ == '-' ? -1 : 1, oh, om;
		if ((oh = digits(&p, end, 2)) < 0 || oh > 23)
			return ISO_MALFORMED;
		if (p == end) {
			om = 0; /* ±hh: ISO 8601's offset in whole hours */
		} else {
			if (*p == ':')
				p++;
			if ((om = digits(&p, end, 2)) < 0 || om > 59)
				return ISO_MALFORMED;
		}
		off = sign * (oh * 60 + om);
	} else {
		return ISO_MALFORMED;
	}
	if (p != end)
		return ISO_MALFORMED;
	*us = wall - (int64_t)off * 60 * US_PER_SEC;
	*offset_min = off;
	return ISO_OK;
}

int iso_parse(const char *s, size_t n, int64_t *us, int *offset_min)
{
	int leap, rc = parse(s, n, us, offset_min, &leap);

	/* A leap second is the 61st second of a UTC day's last minute, nowhere else
	 * (10:00:60+08:00 is no time). */
	if (rc == ISO_OK && leap && !in_last_utc_minute(*us))
		return ISO_MALFORMED;
	return rc;
}



int iso_parse_local(const char *s, size_t n, int64_t *us)
{
	int64_t wall, days, y, rem;
	int off, m, d, leap;

	/* the wall time as if it were UTC, then each field of it read in the zone */
	if (parse(s, n, &wall, &off, &leap) != ISO_NO_OFFSET)
		return -1;
	days = floordiv(wall, US_PER_DAY);
	rem = wall - days * US_PER_DAY;
	civil_from_days(days, &y, &m, &d);
	*us = tz_local_to_utc(y, m, d, (int)(rem / (3600 * US_PER_SEC)),
			      (int)(rem / (60 * US_PER_SEC) % 60), (int)(rem / US_PER_SEC % 60));
	/* the fraction of a second the zone has; a skipped time is the gap's end itself */
	if (*us + (int64_t)tz_offset_at(*us) * 60 * US_PER_SEC == wall - rem % US_PER_SEC ||
	    leap)
		*us += rem % US_PER_SEC;
	/* a leap second, read in the zone: only in a UTC day's last minute */
	return leap && !in_last_utc_minute(*us) ? -1 : 0;
}

void iso_format(int64_t us, int offset_min, char out[ISO_MAX])
{
	int64_t local = us + (int64_t)offset_min * 60 * US_PER_SEC;
	int64_t days = floordiv(local, US_PER_DAY);
	int64_t rem = local - days * US_PER_DAY;
	int64_t y;
	int m, d;
	char frac[16] = "";
	char off[16];

	civil_from_days(days, &y, &m, &d);
	int64_t secs = rem / US_PER_SEC, f = rem % US_PER_SEC;
	if (f && f % 1000 == 0)
		snprintf(frac, sizeof(frac), ".%03d", (int)(f / 1000));
	else if (f)
		snprintf(frac, sizeof(frac), ".%06d", (int)f);
	if (offset_min == 0)
		snprintf(off, sizeof(off), "Z");
	else
		snprintf(off, sizeof(off), "%c%02d:%02d", offset_min < 0 ? '-' : '+',
			 abs(offset_min) / 60, abs(offset_min) % 60);
	snprintf(out, ISO_MAX, "%04d-%02d-%02dT%02d:%02d:%02d%s%s", (int)y, m, d,
		 (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60), frac, off);
}

int date_parse(const char *s, int *y, int *m, int *d)
{
	const char *p = s, *end = s + strlen(s);

	if (end - s != 10)
		return -1;
	if ((*y = digits(&p, end, 4)) < 1 || *p++ != '-' || (*m = digits(&p, end, 2)) < 1 ||
	    *m > 12 || *p++ != '-' || (*d = digits(&p, end, 2)) < 1 ||
	    *d > days_in_month(*y, *m))
		return -1;
	return 0;
}

void day_format(int64_t days, char out[11])
{
	int64_t y;
	int m, d;

	char tmp[40];

	civil_from_days(days, &y, &m, &d);
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", (int)(y % 10000), m, d);
	memcpy(out, tmp, 10);
	out[10] = '\0';
}

/* ---- time zone ---- */

/* A zone of the tz database: a regular file there that starts as every compiled zone
 * does (RFC 8536: "TZif"). The directory also holds tables such as zone.tab, which glibc
 * would take without a word and read as UTC. */
static int zone_file_exists(const char *name)
{
	const char *dir = getenv("TZDIR");
	char path[1024], magic[4];
	struct stat st;
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", name);
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || !(f = fopen(path, "rb")))
		return 0;
	ok = fread(magic, 1, sizeof(magic), f) == sizeof(magic) && !memcmp(magic, "TZif", 4);
	fclose(f);
	return ok;
}

int tz_use(const char *name, struct error *e)
{
	char spec[128];

	if (!name || !*name || strlen(name) > 64)
		return error_set(e, EXIT_USAGE, "config", "time zone '%s' is not valid",
				 name ? name : "");
	if (!strcmp(name, "UTC") || !strcmp(name, "Z")) {
		snprintf(spec, sizeof(spec), "UTC0");
	} else if (name[0] == '+' || name[0] == '-') {
		const char *p = name + 1, *end = name + strlen(name);
		int hh = digits(&p, end, 2), mm;
		if (hh < 0 || hh > 23 || p == end || *p++ != ':' ||
		    (mm = digits(&p, end, 2)) < 0 || mm > 59 || p != end)
			return error_set(e, EXIT_USAGE, "config",
					 "time zone '%s': a fixed offset is written +hh:mm", name);
		/* POSIX TZ offsets are west of UTC: "+08:00" is "<+0800>-08:00". */
		snprintf(spec, sizeof(spec), "<%c%02d%02d>%c%02d:%02d", name[0], hh, mm,
			 name[0] == '+' ? '-' : '+', hh, mm);
	} else if (!strncmp(name, "right/", 6)) {
		/* its clock counts leap seconds, the instants here do not (POSIX time): its
		 * days would begin 27 seconds away from midnight */
		return error_set(e, EXIT_USAGE, "config",
				 "time zone '%s' counts leap seconds, which instants here do not:"
				 " name the zone without right/ ('%s')", name, name + 6);
	} else if (!strcmp(name, "localtime") || !strcmp(name, "posixrules") ||
		   !strcmp(name, "Factory")) {
		/* files of the tz directory that are no place: the host's own setting, which
		 * would make a report depend on the machine, a template, and a placeholder */
		return error_set(e, EXIT_USAGE, "config",
				 "time zone '%s' names no place: name the zone (Asia/Taipei)", name);
	} else {
		if (name[0] == '/' || strstr(name, "..") || !zone_file_exists(name))
			return error_set(e, EXIT_USAGE, "config",
					 "time zone '%s' is not in the system's tz database",
					 name);
		snprintf(spec, sizeof(spec), ":%s", name);
	}
	if (setenv("TZ", spec, 1) != 0)
		return error_set(e, EXIT_USAGE, "config", "cannot set time zone '%s'", name);
	tzset();
	/* A zone file glibc cannot read whole (truncated, damaged) is taken without a word
	 * as the POSIX rule its name spells, "Asia" at UTC: every day would begin at the
	 * wrong instant. That rule has no daylight name, where a zone read from its file
	 * always has one (its standard name when it keeps no daylight time). */
	if (spec[0] == ':' && (!tzname[1] || !*tzname[1]))
		return error_set(e, EXIT_USAGE, "config",
				 "time zone '%s': the tz database's file of it cannot be read"
				 " (truncated or damaged)", name);
	return 0;
}

int tz_offset_at(int64_t us)
{
	time_t t = (time_t)floordiv(us, US_PER_SEC);
	struct tm tm;

	if (!localtime_r(&t, &tm))
		return 0;
	return (int)(tm.tm_gmtoff / 60);
}

/* mktime() of a local wall time; isdst as struct tm has it (-1: let the zone decide). */
static time_t local_mktime(int64_t y, int m, int d, int hh, int mm, int ss, int isdst)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = (int)(y - 1900);
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = hh;
	tm.tm_min = mm;
	tm.tm_sec = ss;
	tm.tm_isdst = isdst;
	return mktime(&tm);
}

/* The wall time as an instant with the DST flag forced, when it reads back as that wall
 * time (the flag is possible then); -1 otherwise. */
static int local_with_dst(int64_t y, int m, int d, int hh, int mm, int ss, int isdst,
			  time_t *out)
{
	struct tm back;

	*out = local_mktime(y, m, d, hh, mm, ss, isdst);
	if (!localtime_r(out, &back))
		return -1;
	return back.tm_year == (int)(y - 1900) && back.tm_mon == m - 1 && back.tm_mday == d &&
			       back.tm_hour == hh && back.tm_min == mm && back.tm_sec == ss
		       ? 0
		       : -1;
}

/* Every offset from UTC a zone has used, local mean times included, is within this. */
#define OFFSET_MAX_S (16 * 3600)

/* A wall time the clocks skipped (in the hour they go forward, or a whole day when a zone
 * moved across the date line): the first instant whose wall time is at or after it, the
 * gap's end. It is found between the instants the wall time would be at the largest
 * offsets either way; mktime() given a time that does not exist answers as its earlier
 * calls lead it (Pacific/Apia's 2011-12-30 was a day of 24 hours or none). */
static int64_t gap_end(int64_t y, int m, int d, int hh, int mm, int ss)
{
	int64_t wall = days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss;
	int64_t lo = wall - OFFSET_MAX_S, hi = wall + OFFSET_MAX_S;

	while (lo < hi) {
		int64_t mid = lo + (hi - lo) / 2;
		if (mid + (int64_t)tz_offset_at(mid * US_PER_SEC) * 60 >= wall)
			hi = mid;
		else
			lo = mid + 1;
	}
	return hi * US_PER_SEC;
}

int64_t tz_local_to_utc_edge(int64_t y, int m, int d, int hh, int mm, int ss, int last)
{
	time_t std, dst;
	int has_std = !local_with_dst(y, m, d, hh, mm, ss, 0, &std);
	int has_dst = !local_with_dst(y, m, d, hh, mm, ss, 1, &dst);

	if (has_std && has_dst && std != dst)
		return (int64_t)((std < dst) == !last ? std : dst) * US_PER_SEC;
	if (has_std)
		return (int64_t)std * US_PER_SEC;
	if (has_dst)
		return (int64_t)dst * US_PER_SEC;
	return gap_end(y, m, d, hh, mm, ss);
}

int64_t tz_local_to_utc(int64_t y, int m, int d, int hh, int mm, int ss)
{
	/* mktime() left to choose the flag reads a wall time that happens twice as either
	 * instant, and one that never happens as an hour later, as its earlier calls lead
	 * it: the first instant always, and a skipped one as the session's edges read it */
	return tz_local_to_utc_edge(y, m, d, hh, mm, ss, 0);
}

void tz_local_day(int64_t us, int64_t *days, int *sec_of_day)
{
	int off = tz_offset_at(us);
	int64_t local = us + (int64_t)off * 60 * US_PER_SEC;

	*days = floordiv(local, US_PER_DAY);
	if (sec_of_day)
		*sec_of_day = (int)((local - *days * US_PER_DAY) / US_PER_SEC);
}

void tz_day_bounds(int64_t days, int64_t *start, int64_t *end)
{
	int64_t y;
	int m, d;

	/* a midnight that happens twice begins the day at its first instant, as
	 * tz_local_day() reads the hour between the two */
	civil_from_days(days, &y, &m, &d);
	*start = tz_local_to_utc_edge(y, m, d, 0, 0, 0, 0);
	civil_from_days(days + 1, &y, &m, &d);
	*end = tz_local_to_utc_edge(y, m, d, 0, 0, 0, 0);
}

/* Whether a local time has a year of four digits, 0001 to 9999 (report.xsd's `instant`). */
static int four_digit_year(int64_t local)
{
	return local >= days_from_civil(1, 1, 1) * US_PER_DAY &&
	       local < days_from_civil(10000, 1, 1) * US_PER_DAY;
}

void tz_format(int64_t us, char out[ISO_MAX])
{
	int64_t per_min = 60 * US_PER_SEC;
	int off = tz_offset_at(us);

	/* A time the zone would put beyond 9999 or before 0001 (9999-12-31T23:59:59Z is
	 * 10000-01-01 in Taipei) is written in UTC, or else at the offset nearest to UTC
	 * that keeps its year: the same instant. Every time read has one, as it was written
	 * with a four-digit year and an offset under a day. */
	if (!four_digit_year(us + off * per_min)) {
		int64_t lo = days_from_civil(1, 1, 1) * US_PER_DAY,
			hi = days_from_civil(10000, 1, 1) * US_PER_DAY;
		if (four_digit_year(us))
			off = 0;
		else if (us < lo)
			off = (int)((lo - us + per_min - 1) / per_min);
		else
			off = -(int)((us - hi) / per_min + 1);
		if (off < -1439 || off > 1439)
			off = off < 0 ? -1439 : 1439;
	}
	iso_format(us, off, out);
}
