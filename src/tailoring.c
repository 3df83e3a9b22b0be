/*
 * tailoring.c - reading the tailoring file (YAML, through util/tree) into struct
 * tailoring, with a clear message for every key that is unknown or of the wrong value.
 */
#include "tailoring.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/io.h"
#include "util/jsonw.h"
#include "util/sha256.h"
#include "util/timeutil.h"
#include "util/tree.h"
#include "util/utf8.h"

#define DEFAULT_CID_PATTERN "^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$"
#define MAX_FILE (1u << 20)

static const char *const day_names[7] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };

static int fail(struct error *e, const char *file, const cJSON *at, const char *key,
		const char *fmt, ...) PRINTF_LIKE(5, 6);

/* A configuration error about `key`, at the line of node `at` (NULL: no line). */
static int fail(struct error *e, const char *file, const cJSON *at, const char *key,
		const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return error_at(e, EXIT_USAGE, "config", file ? file : "", tree_line(at), 0, key, "%s",
			msg);
}

static void defaults(struct tailoring *t)
{
	memset(t, 0, sizeof(*t));
	t->timezone = xstrdup("Asia/Taipei");
	t->session_days = 0x3E; /* Mon-Fri */
	t->session_open = 9 * 3600;
	t->session_close = 13 * 3600 + 30 * 60;
	t->monitor_max_gap_s = 60;
	t->degrade_within_s = 60;
	t->kill_within_s = 10;
	t->incident_stop_within_s = 300;
	t->freeze_within_h = 24;
	t->max_record_bytes = 1 << 20;
	t->correlation_id_pattern = xstrdup(DEFAULT_CID_PATTERN);
	t->fail_on = SEV_MINOR;
}

/* A file that cannot be read is a path error (3); one too large to be a tailoring file
 * is a configuration error (2), as is anything wrong inside it. */
static int read_file(const char *path, char **out, size_t *len, struct error *e)
{
	if (!io_read_small(path, MAX_FILE, out, len))
		return 0;
	if (errno == EFBIG)
		return error_at(e, EXIT_USAGE, "config", path, 0, 0, NULL, "larger than 1 MiB");
	return error_at(e, EXIT_IO, "config", path, 0, 0, NULL, "cannot read: %s",
			io_small_error(errno));
}

/* "HH:MM" -> seconds after midnight. */
/* "HH:MM", two digits each (sscanf's %d would take " 9", "+9" or "-0"), 00:00 to 24:00. */
static int clock_time(const cJSON *n, int *out)
{
	const char *v;
	int h, m;

	if (!cJSON_IsString(n) || strlen(v = n->valuestring) != 5 || v[2] != ':')
		return -1;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (v[i] < '0' || v[i] > '9'))
			return -1;
	h = (v[0] - '0') * 10 + (v[1] - '0');
	m = (v[3] - '0') * 10 + (v[4] - '0');
	if (h > 24 || m > 59 || (h == 24 && m != 0))
		return -1;
	*out = h * 3600 + m * 60;
	return 0;
}

static int text(const cJSON *n, char **out)
{
	if (!cJSON_IsString(n) || !*n->valuestring)
		return -1;
	free(*out);
	*out = xstrdup(n->valuestring);
	return 0;
}

/* A field's name for a message, in buf: "prefix.name", or "name" without a prefix. */
static const char *field_of(char *buf, size_t n, const char *prefix, const char *name)
{
	snprintf(buf, n, "%s%s%s", prefix ? prefix : "", prefix ? "." : "", name);
	return buf;
}

/* A waiver's required text member `name` into *out: missing, not text, or only blanks
 * is an error at its line (a blank approver approves nothing). */
static int waiver_text(const cJSON *c, const char *name, char **out, const char *file,
		       const char *key, struct error *e)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(c, name);
	char field[80];

	field_of(field, sizeof(field), key, name);
	if (!n || cJSON_IsNull(n))
		return fail(e, file, n ? n : c, field, "'%s' is required", name);
	if (!cJSON_IsString(n))
		return fail(e, file, n, field, "'%s' must be text", name);
	if (utf8_is_blank(n->valuestring))
		return fail(e, file, n, field, "'%s' is blank", name);
	free(*out);
	*out = xstrdup(n->valuestring);
	return 0;
}

static int positive(const cJSON *n, int64_t *out, int64_t max)
{
	/* The range first: converting a double beyond int64_t (1e49, inf, NaN) to it is
	 * undefined behaviour. */
	if (!cJSON_IsNumber(n) || !(n->valuedouble >= 1 && n->valuedouble <= (double)max) ||
	    n->valuedouble != (double)(int64_t)n->valuedouble)
		return -1;
	*out = (int64_t)n->valuedouble;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int read_session(struct tailoring *t, const cJSON *s, const char *file, struct error *e)
{
	if (cJSON_IsNull(s))
		return 0; /* an empty section: the defaults, as for waivers */
	if (!cJSON_IsObject(s))
		return fail(e, file, s, "trading_session", "must be a mapping%s", "");
	for (const cJSON *c = s->child; c; c = c->next) {
		if (!strcmp(c->string, "days")) {
			if (!cJSON_IsArray(c))
				return fail(e, file, c, "trading_session.days",
					    "must be a list of mon..sun%s", "");
			t->session_days = 0;
			for (const cJSON *d = c->child; d; d = d->next) {
				int k = -1;
				for (int i = 0; i < 7 && cJSON_IsString(d); i++)
					if (!strcmp(d->valuestring, day_names[i]))
						k = i;
				if (k < 0)
					return fail(e, file, d, "trading_session.days",
						    "'%s' is not one of mon..sun",
						    cJSON_IsString(d) ? d->valuestring : "?");
				t->session_days |= 1u << k;
			}
			/* no trading day would silently switch off the session's rules */
			if (!t->session_days)
				return fail(e, file, c, "trading_session.days",
					    "must name at least one day of mon..sun%s", "");
		} else if (!strcmp(c->string, "open")) {
			if (clock_time(c, &t->session_open))
				return fail(e, file, c, "trading_session.open",
					    "must be a time \"HH:MM\"%s", "");
		} else if (!strcmp(c->string, "close")) {
			if (clock_time(c, &t->session_close))
				return fail(e, file, c, "trading_session.close",
					    "must be a time \"HH:MM\"%s", "");
		} else if (!strcmp(c->string, "holidays")) {
			if (!cJSON_IsArray(c) && !cJSON_IsNull(c))
				return fail(e, file, c, "trading_session.holidays",
					    "must be a list of dates%s", "");
			for (const cJSON *d = c->child; d; d = d->next) {
				int y, m, dd;
				if (!cJSON_IsString(d) || date_parse(d->valuestring, &y, &m, &dd)) {
					char shown[64];
					return fail(e, file, d, "trading_session.holidays",
						    "'%s' is not a date (YYYY-MM-DD)",
						    tree_value_shown(d, shown, sizeof(shown)));
				}
				t->holidays = xrealloc(t->holidays,
						       (t->nholidays + 1) * sizeof(*t->holidays));
				t->holidays[t->nholidays++] = xstrdup(d->valuestring);
			}
		} else {
			return fail(e, file, c, "trading_session",
				    "unknown key '%s' (days, open, close, holidays)", c->string);
		}
	}
	if (t->session_open >= t->session_close)
		return fail(e, file, s, "trading_session", "open must be before close%s", "");
	if (t->nholidays)
		qsort(t->holidays, t->nholidays, sizeof(*t->holidays), cmp_str);
	return 0;
}

/* Returns 1 when `c` was a threshold key (and read), 0 when not one, -1 on error; a
 * message names it under `section` ("thresholds") when it is there. */
static int read_threshold(struct tailoring *t, const cJSON *c, const char *section,
			  const char *file, struct error *e)
{
	static const struct {
		const char *key;
		size_t off;
		int64_t max;
	} keys[] = {
		{ "monitor_max_gap_s", offsetof(struct tailoring, monitor_max_gap_s), 86400 },
		{ "degrade_within_s", offsetof(struct tailoring, degrade_within_s), 86400 },
		{ "kill_within_s", offsetof(struct tailoring, kill_within_s), 86400 },
		{ "incident_stop_within_s", offsetof(struct tailoring, incident_stop_within_s),
		  86400 },
		{ "freeze_within_h", offsetof(struct tailoring, freeze_within_h), 24 * 366 },
		{ "max_record_bytes", offsetof(struct tailoring, max_record_bytes), 64 << 20 },
	};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (strcmp(c->string, keys[i].key))
			continue;
		if (positive(c, (int64_t *)((char *)t + keys[i].off), keys[i].max)) {
			char why[96], field[64];
			snprintf(why, sizeof(why), "must be a whole number from 1 to %lld",
				 (long long)keys[i].max);
			return fail(e, file, c, field_of(field, sizeof(field), section, keys[i].key),
				    "%s", why);
		}
		return 1;
	}
	return 0;
}


static int read_waivers(struct tailoring *t, const cJSON *w, const char *file, struct error *e)
{
	size_t i = 0;

	if (cJSON_IsNull(w))
		return 0;
	if (!cJSON_IsArray(w))
		return fail(e, file, w, "waivers", "must be a list%s", "");
	for (const cJSON *c = w->child; c; c = c->next)
		i++;
	t->waivers = xcalloc(i ? i : 1, sizeof(*t->waivers));
	for (const cJSON *c = w->child; c; c = c->next) {
		struct waiver *wv = &t->waivers[t->nwaivers++];
		const cJSON *m;
		char key[48], sub[64];
		int y, mo, d;

		snprintf(key, sizeof(key), "waivers[%zu]", t->nwaivers - 1);
		if (!cJSON_IsObject(c))
			return fail(e, file, c, key, "must be a mapping%s", "");
		for (const cJSON *f = c->child; f; f = f->next)
			if (strcmp(f->string, "rule") && strcmp(f->string, "match") &&
			    strcmp(f->string, "reason") && strcmp(f->string, "approved_by") &&
			    strcmp(f->string, "expires"))
				return fail(e, file, f, key,
					    "unknown key '%s' (rule, match, reason, approved_by, "
					    "expires)",
					    f->string);
		m = cJSON_GetObjectItemCaseSensitive(c, "rule");
		if (text(m, &wv->rule))
			return fail(e, file, m ? m : c, field_of(sub, sizeof(sub), key, "rule"),
				    "'rule' must name a rule of the catalog%s", "");
		if (!rule_find(wv->rule))
			return fail(e, file, m, field_of(sub, sizeof(sub), key, "rule"),
				    "'%s' is not a rule of the catalog (taits-audit rules lists them)",
				    wv->rule);
		if (waiver_text(c, "reason", &wv->reason, file, key, e) ||
		    waiver_text(c, "approved_by", &wv->approved_by, file, key, e))
			return -1;
		m = cJSON_GetObjectItemCaseSensitive(c, "expires");
		if (!cJSON_IsString(m) || date_parse(m->valuestring, &y, &mo, &d))
			return fail(e, file, m ? m : c, field_of(sub, sizeof(sub), key, "expires"),
				    "'expires' must be a date (YYYY-MM-DD)%s", "");
		snprintf(wv->expires, sizeof(wv->expires), "%s", m->valuestring);
		m = cJSON_GetObjectItemCaseSensitive(c, "match");
		if (!cJSON_IsObject(m))
			return fail(e, file, m ? m : c, field_of(sub, sizeof(sub), key, "match"),
				    "'match' must be a mapping (environment, record, "
				    "correlation_id, file; {} for every finding of the rule)%s",
				    "");
		for (const cJSON *f = m->child; f; f = f->next) {
			char **slot = !strcmp(f->string, "environment")      ? &wv->environment
				      : !strcmp(f->string, "record")         ? &wv->record
				      : !strcmp(f->string, "correlation_id") ? &wv->correlation_id
				      : !strcmp(f->string, "file")           ? &wv->file
									     : NULL;
			if (!slot)
				return fail(e, file, f, field_of(sub, sizeof(sub), key, "match"),
					    "unknown match key '%s' (environment, record, "
					    "correlation_id, file)",
					    f->string);
			if (text(f, slot))
				return fail(e, file, f, field_of(sub, sizeof(sub), key, "match"),
					    "match '%s' must be a text pattern", f->string);
		}
	}
	return 0;
}

static int read_tree(struct tailoring *t, const cJSON *root, const char *file, struct error *e)
{
	if (!root)
		return 0;
	if (!cJSON_IsObject(root))
		return fail(e, file, root, NULL, "the tailoring must be a mapping%s", "");
	for (const cJSON *c = root->child; c; c = c->next) {
		int r;
		if (!strcmp(c->string, "timezone")) {
			if (text(c, &t->timezone))
				return fail(e, file, c, "timezone", "must be a time zone name%s", "");
		} else if (!strcmp(c->string, "trading_session")) {
			if (read_session(t, c, file, e))
				return -1;
		} else if (!strcmp(c->string, "thresholds")) {
			if (cJSON_IsNull(c))
				continue; /* an empty section: the defaults */
			if (!cJSON_IsObject(c))
				return fail(e, file, c, "thresholds", "must be a mapping%s", "");
			for (const cJSON *k = c->child; k; k = k->next) {
				if ((r = read_threshold(t, k, "thresholds", file, e)) < 0)
					return -1;
				if (!r)
					return fail(e, file, k, "thresholds", "unknown threshold '%s'",
						    k->string);
				/* one value, not two that a reader must know the order of */
				if (cJSON_GetObjectItemCaseSensitive(root, k->string))
					return fail(e, file, k, "thresholds",
						    "'%s' is also given at the top level",
						    k->string);
			}
		} else if (!strcmp(c->string, "correlation_id_pattern")) {
			if (text(c, &t->correlation_id_pattern))
				return fail(e, file, c, "correlation_id_pattern",
					    "must be a regular expression%s", "");
		} else if (!strcmp(c->string, "fail_on")) {
			if (!cJSON_IsString(c) ||
			    (t->fail_on = severity_from_name(c->valuestring)) == SEV_NONE)
				return fail(e, file, c, "fail_on",
					    "must be critical, major or minor%s", "");
		} else if (!strcmp(c->string, "waivers")) {
			if (read_waivers(t, c, file, e))
				return -1;
		} else if ((r = read_threshold(t, c, NULL, file, e)) < 0) {
			return -1;
		} else if (!r) {
			return fail(e, file, c, c->string,
				    "unknown key '%s' (timezone, trading_session, thresholds, "
				    "correlation_id_pattern, fail_on, waivers)",
				    c->string);
		}
	}
	return 0;
}

/* The SHA-256 of the effective tailoring, after any change to it. */
static void rehash(struct tailoring *t)
{
	unsigned char d[SHA256_LEN];
	char *desc = tailoring_describe(t);

	sha256_once(desc, strlen(desc), d);
	sha256_hex(d, t->sha256);
	free(desc);
}

void tailoring_set_fail_on(struct tailoring *t, enum severity fail_on)
{
	t->fail_on = fail_on;
	rehash(t);
}

/* How many atoms a POSIX extended regular expression holds once its bounded repetitions
 * are written out, as glibc's regcomp() writes them: '{,7721}' on a bracket expression
 * made it build a gigabyte, and '{,2000}' takes 74 MB, '{,1000}' 27 MB (a correlation ID
 * is at most 128 characters by default). A bound multiplies the atom or group before it,
 * and so does '+' by two (it is written out as the atom and the atom starred: 25 of them
 * in a row ask for 2^25 copies); '*' and '?' cost nothing more. An estimate to refuse a hostile pattern before compiling it; a
 * malformed one is left for regcomp() to refuse. *refused says why a pattern is refused
 * whatever its size (NULL: it is not), for what POSIX EREs do not define and glibc takes
 * too long over: a back-reference ('\1' to '\9', outside a bracket expression), which
 * glibc matches by backtracking ('^(.*)(.*)(.*)\3\2\1$' against an ID of 240 characters:
 * more than a minute), and a repetition of a repetition ('a**', 'a+*'), whose epsilon
 * closures glibc's regcomp() computes in time growing as a power of their number ('$n+'
 * and 160 stars: 24 s). */
#define CID_PATTERN_MAX_ATOMS 1024.0
#define CID_PATTERN_MAX_DEPTH 32

static double pattern_atoms(const char *re, const char **refused)
{
	double cost[CID_PATTERN_MAX_DEPTH + 1] = { 0 }, last = 0;
	int depth = 0, repeated = 0; /* the token before was a repetition */

	*refused = NULL;
	for (const char *c = re; *c; c++) {
		int repetition = *c == '*' || *c == '+' || *c == '?' || *c == '{';
		if (repetition && repeated)
			*refused = "repeats a repetition ('a**', 'a+*', 'a{2}?'), which POSIX"
				   " leaves undefined and glibc compiles in time growing as a power"
				   " of their number";
		repeated = repetition;
		if (*c == '\\' && c[1]) {
			c++;
			if (*c >= '1' && *c <= '9')
				*refused = "holds a back-reference (\\1 to \\9), which POSIX extended"
					   " regular expressions do not have and glibc matches by"
					   " backtracking, in time exponential in an ID's length";
			cost[depth] += last = 1;
		} else if (*c == '[') {
			c++;
			if (*c == '^')
				c++;
			if (*c == ']')
				c++;
			while (*c && *c != ']') {
				if (*c == '[' && (c[1] == ':' || c[1] == '.' || c[1] == '=')) {
					const char *end = strchr(c + 2, c[1]);
					c = end && end[1] == ']' ? end + 1 : c;
				}
				c++;
			}
			if (!*c)
				return 0; /* unterminated: regcomp() says so */
			cost[depth] += last = 1;
		} else if (*c == '(') {
			if (depth == CID_PATTERN_MAX_DEPTH)
				return CID_PATTERN_MAX_ATOMS + 1;
			cost[++depth] = 0;
			last = 0;
		} else if (*c == ')' && depth > 0) {
			/* a group is a node of its own, empty or not: '((){150}){150}' took 8 GB */
			last = cost[depth--] + 1;
			cost[depth] += last;
		} else if (*c == '{') {
			char *end;
			double lo = strtod(c + 1, &end), hi = lo;
			if (*end == ',')
				hi = end[1] == '}' ? lo + 1 : strtod(end + 1, &end);
			if (*end == ',')
				end++;
			while (*end && *end != '}')
				end++;
			if (!*end)
				return 0;
			if (hi < lo)
				hi = lo;
			cost[depth] += last * (hi > 1 ? hi - 1 : 0);
			last *= hi > 1 ? hi : 1;
			c = end;
		} else if (*c == '+') {
			cost[depth] += last;
			last *= 2;
		} else if (*c != '*' && *c != '?') {
			cost[depth] += last = 1; /* an anchor or '|' is a node too */
		}
		if (cost[depth] > CID_PATTERN_MAX_ATOMS)
			return cost[depth];
	}
	return cost[0];
}

static int all_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

/* regcomp()'s result: REG_ESPACE is memory running out, not a pattern at fault. */
static int compiled(int rc)
{
	if (rc == REG_ESPACE)
		error_out_of_memory_in("regcomp: correlation_id_pattern");
	return rc;
}

/* correlation_id_pattern compiled byte by byte, and in C.UTF-8 as well when the system
 * has it (else the byte reading serves alone). 0, or -1 when either reading refuses it. */
static int compile_cid(struct tailoring *t)
{
	locale_t old;
	int rc;

	if (compiled(regcomp(&t->cid_re, t->correlation_id_pattern,
			     REG_EXTENDED | REG_NOSUB)) != 0)
		return -1;
	t->cid_re_ok = 1;
	t->cid_pattern_ascii = all_ascii(t->correlation_id_pattern);
	t->cid_default = !strcmp(t->correlation_id_pattern, DEFAULT_CID_PATTERN);
	if (!(t->utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0))) {
		if (errno == ENOMEM) /* not a system without the locale */
			error_out_of_memory_in("newlocale: C.UTF-8");
		return 0;
	}
	old = uselocale(t->utf8);
	rc = regcomp(&t->cid_re_utf8, t->correlation_id_pattern, REG_EXTENDED | REG_NOSUB);
	uselocale(old);
	if (compiled(rc) != 0)
		return -1;
	t->cid_re_utf8_ok = 1;
	return 0;
}

/* Reads the text of a tailoring file over the defaults, then checks and applies what
 * needs the whole of it: the time zone and the correlation-ID pattern. */
static int load(struct tailoring *t, const char *name, const char *data, size_t len,
		struct error *e)
{
	cJSON *root = NULL;
	struct tree_error terr;
	unsigned char d[SHA256_LEN];
	int rc = -1;
	const char *refused;

	if (name) {
		sha256_once(data, len, d);
		sha256_hex(d, t->file_sha256);
		if (tree_parse_yaml_unique(data, len, &root, &terr) < 0) {
			error_at(e, EXIT_USAGE, "config", name, terr.line, terr.column, terr.field,
				 "%s", terr.msg);
			goto out;
		}
		if (read_tree(t, root, name, e))
			goto out;
	}
	if (tz_use(t->timezone, e)) {
		if (name) {
			snprintf(e->file, sizeof(e->file), "%s", name);
			snprintf(e->field, sizeof(e->field), "timezone");
			e->line = tree_line(cJSON_GetObjectItemCaseSensitive(root, "timezone"));
		}
		goto out;
	}
	for (const char *c = t->correlation_id_pattern; *c; c++) {
		const unsigned char *u = (const unsigned char *)c;
		/* a C0 or C1 control, DEL, or U+2028/U+2029: NEL and those two break a line
		 * for some readers as LF does */
		int c1 = u[0] == 0xc2 && u[1] >= 0x80 && u[1] <= 0x9f;
		int sep = u[0] == 0xe2 && u[1] == 0x80 && (u[2] == 0xa8 || u[2] == 0xa9);
		if (u[0] < 0x20 || u[0] == 0x7f || c1 || sep) {
			/* an ID is one line of text; and the effective tailoring is written one
			 * setting a line (tailoring_describe()) */
			fail(e, name, cJSON_GetObjectItemCaseSensitive(root, "correlation_id_pattern"),
			     "correlation_id_pattern", "'%.200s' holds a control character (%s)",
			     t->correlation_id_pattern,
			     *c == '\n' || sep || (c1 && u[1] == 0x85) ? "a line break" : "not text");
			goto out;
		}
	}
	if (pattern_atoms(t->correlation_id_pattern, &refused) > CID_PATTERN_MAX_ATOMS) {
		fail(e, name, cJSON_GetObjectItemCaseSensitive(root, "correlation_id_pattern"),
		     "correlation_id_pattern",
		     "'%.200s' is too large: its repetitions written out hold more than %.0f atoms",
		     t->correlation_id_pattern, CID_PATTERN_MAX_ATOMS);
		goto out;
	}
	if (refused) {
		fail(e, name, cJSON_GetObjectItemCaseSensitive(root, "correlation_id_pattern"),
		     "correlation_id_pattern", "'%.200s' %s", t->correlation_id_pattern, refused);
		goto out;
	}
	if (compile_cid(t) < 0) {
		fail(e, name, cJSON_GetObjectItemCaseSensitive(root, "correlation_id_pattern"),
		     "correlation_id_pattern",
		     "'%s' is not a valid POSIX extended regular expression",
		     t->correlation_id_pattern);
		goto out;
	}
	rehash(t);
	rc = 0;
out:
	cJSON_Delete(root);
	return rc;
}

int tailoring_load(const char *path, struct tailoring *t, struct error *e)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	defaults(t);
	if (path) {
		t->file = xstrdup(path);
		if (read_file(path, &data, &len, e))
			return -1;
	}
	rc = load(t, path, data, len, e);
	free(data);
	return rc;
}

int tailoring_load_buffer(const char *name, const char *data, size_t len, struct tailoring *t,
			  struct error *e)
{
	defaults(t);
	t->file = xstrdup(name);
	if (len > MAX_FILE)
		return error_at(e, EXIT_USAGE, "config", name, 0, 0, NULL, "larger than 1 MiB");
	return load(t, name, data, len, e);
}

void tailoring_release(struct tailoring *t)
{
	if (t->cid_re_utf8_ok)
		regfree(&t->cid_re_utf8);
	if (t->utf8)
		freelocale(t->utf8);
	t->utf8 = (locale_t)0;
	t->cid_re_utf8_ok = 0;
	free(t->timezone);
	for (size_t i = 0; i < t->nholidays; i++)
		free(t->holidays[i]);
	free(t->holidays);
	free(t->correlation_id_pattern);
	if (t->cid_re_ok)
		regfree(&t->cid_re);
	for (size_t i = 0; i < t->nwaivers; i++) {
		struct waiver *w = &t->waivers[i];
		free(w->rule);
		free(w->environment);
		free(w->record);
		free(w->correlation_id);
		free(w->file);
		free(w->reason);
		free(w->approved_by);
	}
	free(t->waivers);
	free(t->file);
	memset(t, 0, sizeof(*t));
}

char *tailoring_describe(const struct tailoring *t)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "timezone: %s\n", t->timezone);
	buf_adds(&b, "trading_session.days:");
	for (int i = 0; i < 7; i++) {
		int k = (i + 1) % 7; /* mon first */
		if (t->session_days & (1u << k))
			buf_addf(&b, " %s", day_names[k]);
	}
	buf_addf(&b, "\ntrading_session.open: %02d:%02d\n", t->session_open / 3600,
		 t->session_open / 60 % 60);
	buf_addf(&b, "trading_session.close: %02d:%02d\n", t->session_close / 3600,
		 t->session_close / 60 % 60);
	buf_adds(&b, "trading_session.holidays:");
	for (size_t i = 0; i < t->nholidays; i++)
		buf_addf(&b, " %s", t->holidays[i]);
	buf_addf(&b, "\nmonitor_max_gap_s: %lld\ndegrade_within_s: %lld\nkill_within_s: %lld\n"
		     "incident_stop_within_s: %lld\nfreeze_within_h: %lld\n"
		     "max_record_bytes: %lld\ncorrelation_id_pattern: %s\nfail_on: %s\n",
		 (long long)t->monitor_max_gap_s, (long long)t->degrade_within_s,
		 (long long)t->kill_within_s, (long long)t->incident_stop_within_s,
		 (long long)t->freeze_within_h, (long long)t->max_record_bytes,
		 t->correlation_id_pattern, severity_name(t->fail_on));
	/* A waiver's fields are free text: as a JSON object, one waiver is one line and
	 * no value can pass for another field or another line (space-separated key=value
	 * let two different tailorings describe, and hash, alike). */
	for (size_t i = 0; i < t->nwaivers; i++) {
		const struct waiver *w = &t->waivers[i];
		struct buf o = BUF_INIT;
		jsonw_begin(&o);
		jsonw_str(&o, "rule", w->rule);
		jsonw_str(&o, "environment", w->environment);
		jsonw_str(&o, "record", w->record);
		jsonw_str(&o, "correlation_id", w->correlation_id);
		jsonw_str(&o, "file", w->file);
		jsonw_str(&o, "expires", w->expires);
		jsonw_str(&o, "approved_by", w->approved_by);
		jsonw_str(&o, "reason", w->reason);
		jsonw_end(&o);
		buf_addf(&b, "waiver: %s\n", buf_str(&o));
		buf_release(&o);
	}
	return buf_detach(&b);
}

void tailoring_each_setting(const struct tailoring *t,
			    void (*fn)(const char *name, const char *value, void *arg), void *arg)
{
	char *desc = tailoring_describe(t), *save = NULL;

	for (char *line = strtok_r(desc, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		/* "name: value", or "name:" for an empty list */
		char *colon = strchr(line, ':');
		if (!colon || !strncmp(line, "waiver:", 7))
			continue;
		*colon = '\0';
		fn(line, colon[1] == ' ' ? colon + 2 : colon + 1, arg);
	}
	free(desc);
}

int tailoring_trading_day(const struct tailoring *t, int64_t day)
{
	char date[11];

	if (!(t->session_days & (1u << weekday_from_days(day))))
		return 0;
	day_format(day, date);
	return !t->nholidays || !bsearch(&(const char *){ date }, t->holidays, t->nholidays, sizeof(char *),
			cmp_str);
}

static int cid_word(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* DEFAULT_CID_PATTERN, ^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$, on an ASCII ID: 1 or 0 as
 * regexec() answers, -1 when the ID is not ASCII (left to regexec()). A day holds one ID
 * per order, and regexec() took most of LINK-CID-FORMAT's time. */
static int cid_default_ok(const char *cid)
{
	const unsigned char *s = (const unsigned char *)cid;
	size_t n = 0;
	int ok = cid_word(s[0]);

	for (; s[n]; n++) {
		if (s[n] >= 0x80)
			return -1;
		if (n && !cid_word(s[n]) && s[n] != '.' && s[n] != '_' && s[n] != ':' &&
		    s[n] != '-')
			ok = 0;
	}
	return ok && n >= 8 && n <= 128;
}

int tailoring_cid_ok(const struct tailoring *t, const char *cid)
{
	locale_t old;
	int rc;

	if (!cid)
		return 0;
	if (t->cid_default && (rc = cid_default_ok(cid)) >= 0)
		return rc;
	/* an ASCII ID against an ASCII pattern reads alike either way, and fastest so */
	if (!t->cid_re_utf8_ok || (t->cid_pattern_ascii && all_ascii(cid)))
		return regexec(&t->cid_re, cid, 0, NULL, 0) == 0;
	old = uselocale(t->utf8);
	rc = regexec(&t->cid_re_utf8, cid, 0, NULL, 0);
	uselocale(old);
	return rc == 0;
}

int tailoring_session(const struct tailoring *t, int64_t day, int64_t *start, int64_t *end)
{
	int64_t y;
	int m, d;

	*start = *end = 0;
	if (!tailoring_trading_day(t, day))
		return 0;
	civil_from_days(day, &y, &m, &d);
	/* [open, close) local time: when clocks go back inside it, the hour that repeats is
	 * in the session both times, so it opens at the first open and closes at the last
	 * close. */
	*start = tz_local_to_utc_edge(y, m, d, t->session_open / 3600, t->session_open / 60 % 60,
				      0, 0);
	*end = tz_local_to_utc_edge(y, m, d, t->session_close / 3600,
				    t->session_close / 60 % 60, 0, 1);
	return 1;
}
