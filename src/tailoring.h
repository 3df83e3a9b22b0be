/*
 * tailoring.h - the site configuration of INPUT.md: time zone, trading session,
 * thresholds, correlation-ID pattern, fail level and waivers. Every value has a default,
 * so a run needs no file. The format is documented in schemas/tailoring.md.
 */
#ifndef TAITS_TAILORING_H
#define TAITS_TAILORING_H

#include <locale.h>
#include <regex.h>
#include <stddef.h>
#include <stdint.h>

#include "rules/catalog.h"
#include "util/error.h"

struct waiver {
	char *rule;
	char *environment, *record, *correlation_id, *file; /* fnmatch patterns, or NULL */
	char *reason, *approved_by;
	char expires[11]; /* YYYY-MM-DD: waives findings of days up to and including it */
	long line;        /* in the tailoring file */
};

struct tailoring {
	char *timezone;
	unsigned session_days; /* bit d set: weekday d (0 = Sunday) trades */
	int session_open, session_close; /* seconds after local midnight */
	char **holidays;       /* YYYY-MM-DD, sorted */
	size_t nholidays;
	int64_t monitor_max_gap_s, degrade_within_s, kill_within_s, incident_stop_within_s,
		freeze_within_h, max_record_bytes;
	char *correlation_id_pattern;
	regex_t cid_re;        /* compiled byte by byte (the C locale) */
	int cid_re_ok;
	/* The same read character by character (C.UTF-8), for an ID or a pattern that is
	 * not all ASCII, when the system has that locale: `.` or `[北南]` is then one
	 * character, as the tailoring's author meant. */
	locale_t utf8;
	regex_t cid_re_utf8;
	int cid_re_utf8_ok, cid_pattern_ascii;
	int cid_default; /* the pattern is DEFAULT_CID_PATTERN: matched without regexec() */
	enum severity fail_on;
	struct waiver *waivers;
	size_t nwaivers;
	char *file;            /* the file read, or NULL for the built-in defaults */
	char file_sha256[65];  /* of the file's bytes, "" without a file */
	char sha256[65];       /* of the effective tailoring (tailoring_describe) */
};

/* Loads the defaults, then `path` when not NULL. Selects the time zone. */
int tailoring_load(const char *path, struct tailoring *t, struct error *e);
/* The same for the text of a tailoring file already in memory; `name` stands for the
 * file in messages and reports. Either way the caller releases *t, also on failure. */
int tailoring_load_buffer(const char *name, const char *data, size_t len, struct tailoring *t,
			  struct error *e);
void tailoring_release(struct tailoring *t);
/* The command line's --fail-on over the file's fail_on: the effective tailoring, and so
 * its SHA-256, change with it. */
void tailoring_set_fail_on(struct tailoring *t, enum severity fail_on);
/* The effective tailoring as canonical text, one "key: value" per line. */
char *tailoring_describe(const struct tailoring *t);
/* Calls fn once for each setting of that description, waivers apart, in its order: the
 * name, and the value ("" for an empty holiday list). The XML's <setting> elements and
 * the PDF's settings rows are these. */
void tailoring_each_setting(const struct tailoring *t,
			    void (*fn)(const char *name, const char *value, void *arg), void *arg);
/* Nonzero when the local day (days since 1970-01-01) is a trading day. */
int tailoring_trading_day(const struct tailoring *t, int64_t day);
/* The trading session of local day `day` as instants; returns 0 (and zeros) when the day
 * does not trade. */
int tailoring_session(const struct tailoring *t, int64_t day, int64_t *start, int64_t *end);
/* Nonzero when the correlation ID matches the configured pattern. */
int tailoring_cid_ok(const struct tailoring *t, const char *cid);

#endif
