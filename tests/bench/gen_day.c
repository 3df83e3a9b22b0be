/*
 * gen_day.c - writes a synthetic, compliant live operating day as a TAITS log bundle,
 * the input of the benchmark (tools/bench.sh).
 *
 *   gen_day [--orders N] [--date YYYY-MM-DD] [--seed S] [--history H] OUTDIR
 *
 * The bundle follows the input contract and the shape of samples/live-day:
 *
 *   records/document-locks.yaml           two locks, the later one in force
 *   records/deployments/DEP-LIVE-*.yaml   deployed a week earlier, gate all pass, verified
 *   records/checklists/CHK-LIVE-*.yaml    completed 08:42, six items pass
 *   events/killswitch.jsonl               kill switch test ok at 08:36
 *   events/ops.jsonl                      disabled > observe_only > live_execution before
 *                                         the open, back down after the close
 *   events/monitor.jsonl                  heartbeats of the five components every 30 s
 *                                         from 08:45 to 13:35, and a few INFO/WARN alerts,
 *                                         each opened and resolved
 *   events/risk-engine.jsonl              one risk_check pass per order
 *   events/gate.jsonl                     one gate_verdict PASS per order
 *   events/decisions.jsonl                one decision approve per order, by a person
 *   events/oms.jsonl                      submit, ack, then fill (some partial fills,
 *                                         cancels and broker rejects) per order
 *   events/history.jsonl                  with --history H only: H CRITICAL alerts over the
 *                                         364 days before, each followed by a kill switch
 *                                         activation (a store that has seen a year; the
 *                                         day's checklist clears them all)
 *   SHA256SUMS                            over every file above
 *
 * Every JSON-lines file carries a prev_sha256 chain, a seq +1 per record and
 * non-decreasing timestamps. A review of the day must report zero findings.
 *
 * Memory is constant in N: every file is written as it is generated. Flows start in
 * time order (their risk checks); the later records of the flows in flight (gate
 * verdict, decision, submit, ack, fills) wait in a fixed-size heap ordered by time, and
 * are written once no later flow can precede them. The heap stays bounded because on
 * dense days every lag is capped at a fixed number of order spacings.
 *
 * Output is deterministic for a given --orders, --date and --seed.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/evp.h>

#define MS_PER_S 1000LL
#define MS_PER_MIN (60 * MS_PER_S)
#define MS_PER_H (60 * MS_PER_MIN)

#define SESSION_OPEN (9 * MS_PER_H)
#define SESSION_CLOSE (13 * MS_PER_H + 30 * MS_PER_MIN)
#define HEARTBEAT_FIRST (8 * MS_PER_H + 45 * MS_PER_MIN)
#define HEARTBEAT_LAST (13 * MS_PER_H + 35 * MS_PER_MIN)
#define HEARTBEAT_EVERY (30 * MS_PER_S)

/*
 * On dense days each lag of a flow is capped at this many order spacings, so at most
 * about 32+64+32+8+256 flows of up to 6 pending records are in flight: the heap of
 * pending records has a fixed size whatever the number of orders.
 */
#define GATE_SPACINGS 32
#define DECIDE_SPACINGS 64
#define SUBMIT_SPACINGS 32
#define ACK_SPACINGS 8
#define FILL_SPACINGS 256
#define HEAP_CAP 8192

#define LINE_MAX_BYTES 1024
#define FILE_BUF (1 << 20)
#define MAX_ORDERS 100000000LL

/* ---------------------------------------------------------------- errors */

/* The generator's only error path: a message naming what failed, then exit 1. */
static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("gen_day: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* ---------------------------------------------------------------- random */

/* splitmix64: small, fast and good enough for synthetic data. */
static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n), n < 2^32. */
static uint32_t rnd_below(uint32_t n)
{
	return (uint32_t)(((rnd() >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [lo, hi]. */
static int64_t rnd_range(int64_t lo, int64_t hi)
{
	return lo + (int64_t)rnd_below((uint32_t)(hi - lo + 1));
}

/* ---------------------------------------------------------------- dates */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
static int64_t days_from_civil(int y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

struct day {
	int64_t days;		/* since 1970-01-01 */
	char iso[16];		/* 2026-11-26 */
	char compact[16];	/* 20261126 */
	char yymmdd[16];	/* 261126 */
	char ts_prefix[24];	/* 2026-11-26T */
};

static void day_set(struct day *out, int64_t days)
{
	int y, m, d;

	civil_from_days(days, &y, &m, &d);
	out->days = days;
	snprintf(out->iso, sizeof(out->iso), "%04d-%02d-%02d", y, m, d);
	snprintf(out->compact, sizeof(out->compact), "%04d%02d%02d", y, m, d);
	snprintf(out->yymmdd, sizeof(out->yymmdd), "%02d%02d%02d", y % 100, m, d);
	snprintf(out->ts_prefix, sizeof(out->ts_prefix), "%sT", out->iso);
}

static int day_parse(struct day *out, const char *s)
{
	int y, m, d, n = 0;
	int64_t days;
	struct day check;

	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10)
		return -1;
	if (y < 1971 || y > 9998 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	days = days_from_civil(y, m, d);
	day_set(&check, days);
	if (strcmp(check.iso, s))
		return -1;	/* 2026-02-30 */
	*out = check;
	return 0;
}

/* 0 = Sunday ... 6 = Saturday; 1970-01-01 was a Thursday. */
static int day_weekday(const struct day *d)
{
	return (int)(((d->days % 7) + 11) % 7);
}

/* ---------------------------------------------------------------- lines */

struct line {
	char buf[LINE_MAX_BYTES];
	size_t len;
};

static void put(struct line *l, const char *s, size_t n)
{
	if (l->len + n >= sizeof(l->buf))
		die("internal error: line too long");
	memcpy(l->buf + l->len, s, n);
	l->len += n;
}

static void puts_(struct line *l, const char *s)
{
	put(l, s, strlen(s));
}

static void put_u64(struct line *l, uint64_t v)
{
	char tmp[24];
	int i = sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put(l, tmp + i, sizeof(tmp) - (size_t)i);
}

/* v zero-padded to width digits. */
static void put_pad(struct line *l, uint64_t v, int width)
{
	char tmp[24];

	for (int i = width - 1; i >= 0; i--) {
		tmp[i] = (char)('0' + v % 10);
		v /= 10;
	}
	put(l, tmp, (size_t)width);
}

/* A price in hundredths as a JSON number without trailing zeros: 62.8, 1480, 20.35. */
static void put_price(struct line *l, uint64_t cents)
{
	put_u64(l, cents / 100);
	if (cents % 100) {
		put(l, ".", 1);
		if (cents % 10)
			put_pad(l, cents % 100, 2);
		else
			put_u64(l, cents % 100 / 10);
	}
}

static const struct day *g_day;

/* A time of the operating day, ms since local midnight, as 2026-11-26T09:06:37.447+08:00. */
static void put_ts(struct line *l, int64_t ms)
{
	puts_(l, g_day->ts_prefix);
	put_pad(l, (uint64_t)(ms / MS_PER_H), 2);
	put(l, ":", 1);
	put_pad(l, (uint64_t)(ms / MS_PER_MIN % 60), 2);
	put(l, ":", 1);
	put_pad(l, (uint64_t)(ms / MS_PER_S % 60), 2);
	put(l, ".", 1);
	put_pad(l, (uint64_t)(ms % MS_PER_S), 3);
	puts_(l, "+08:00");
}

/* Starts an event line: {"kind":K,"ts":T,"source":S,"seq":N,"environment":"live" */
static void event_begin(struct line *l, const char *kind, int64_t ts, const char *source,
			uint64_t seq)
{
	l->len = 0;
	puts_(l, "{\"kind\":\"");
	puts_(l, kind);
	puts_(l, "\",\"ts\":\"");
	put_ts(l, ts);
	puts_(l, "\",\"source\":\"");
	puts_(l, source);
	puts_(l, "\",\"seq\":");
	put_u64(l, seq);
	puts_(l, ",\"environment\":\"live\"");
}

/* ,"key":"value" (value is plain text: no quote or backslash) */
static void kv_str(struct line *l, const char *key, const char *value)
{
	puts_(l, ",\"");
	puts_(l, key);
	puts_(l, "\":\"");
	puts_(l, value);
	put(l, "\"", 1);
}

static void kv_u64(struct line *l, const char *key, uint64_t value)
{
	puts_(l, ",\"");
	puts_(l, key);
	puts_(l, "\":");
	put_u64(l, value);
}

/* ---------------------------------------------------------------- output files */

enum kind {
	K_DOCUMENT_LOCK, K_DEPLOYMENT, K_CHECKLIST, K_MODE_CHANGE, K_KILL_SWITCH,
	K_HEARTBEAT, K_ALERT, K_RISK_CHECK, K_GATE_VERDICT, K_DECISION, K_EXECUTION,
	K_COUNT
};

static const char *const kind_names[K_COUNT] = {
	"document_lock", "deployment", "checklist", "mode_change", "kill_switch",
	"heartbeat", "alert", "risk_check", "gate_verdict", "decision", "execution",
};

static uint64_t kind_count[K_COUNT];

/*
 * One output file: its bytes go through a large stdio buffer; each line is hashed for
 * the next line's prev_sha256 and the whole file for SHA256SUMS.
 */
struct out {
	char rel[128];		/* path inside the bundle */
	char path[4096];
	FILE *fp;
	char *vbuf;
	EVP_MD_CTX *file_sha;
	char prev_hex[65];
	uint64_t seq;		/* last seq written (one source per file) */
	uint64_t bytes;
	char file_hex[65];
};

static EVP_MD_CTX *g_line_sha;
static uint64_t g_total_bytes, g_total_records;

static void hex_encode(const unsigned char *d, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[2 * n] = '\0';
}

static void crypto_fail(const char *what) __attribute__((noreturn));

static void crypto_fail(const char *what)
{
	die("libcrypto: %s failed", what);
}

static void mkdir_p(const char *path)
{
	char tmp[4096];
	size_t n = strlen(path);

	if (n >= sizeof(tmp))
		die("path too long: '%s'", path);
	memcpy(tmp, path, n + 1);
	for (size_t i = 1; i <= n; i++) {
		if (tmp[i] != '/' && tmp[i] != '\0')
			continue;
		tmp[i] = '\0';
		if (mkdir(tmp, 0777) && errno != EEXIST)
			die("cannot create '%s': %s", tmp, strerror(errno));
		tmp[i] = path[i];
	}
}

static void out_open(struct out *o, const char *root, const char *rel)
{
	char dir[4096];
	char *slash;

	memset(o, 0, sizeof(*o));
	snprintf(o->rel, sizeof(o->rel), "%s", rel);
	if (snprintf(o->path, sizeof(o->path), "%s/%s", root, rel) >= (int)sizeof(o->path))
		die("path too long: '%s/%s'", root, rel);
	snprintf(dir, sizeof(dir), "%s", o->path);
	slash = strrchr(dir, '/');
	if (slash) {
		*slash = '\0';
		mkdir_p(dir);
	}
	o->fp = fopen(o->path, "wb");
	if (!o->fp)
		die("cannot create '%s': %s", o->path, strerror(errno));
	o->vbuf = malloc(FILE_BUF);
	if (!o->vbuf || setvbuf(o->fp, o->vbuf, _IOFBF, FILE_BUF))
		die("out of memory for '%s'", o->path);
	o->file_sha = EVP_MD_CTX_new();
	if (!o->file_sha || EVP_DigestInit_ex(o->file_sha, EVP_sha256(), NULL) != 1)
		crypto_fail("EVP_DigestInit_ex");
	/* Any value starts a chain; the samples start with zeros. */
	memset(o->prev_hex, '0', 64);
	o->prev_hex[64] = '\0';
}

static void out_write(struct out *o, const void *p, size_t n)
{
	if (n && fwrite(p, 1, n, o->fp) != n)
		die("write '%s': %s", o->path, strerror(errno));
	if (EVP_DigestUpdate(o->file_sha, p, n) != 1)
		crypto_fail("EVP_DigestUpdate");
	o->bytes += n;
	g_total_bytes += n;
}

static void out_text(struct out *o, const char *s)
{
	out_write(o, s, strlen(s));
}

/* Ends an event line with the file's chain, writes it, and counts one record of kind k. */
static void out_event(struct out *o, struct line *l, enum kind k)
{
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int dlen = 0;

	puts_(l, ",\"prev_sha256\":\"");
	put(l, o->prev_hex, 64);
	put(l, "\"}", 2);
	if (EVP_DigestInit_ex(g_line_sha, EVP_sha256(), NULL) != 1 ||
	    EVP_DigestUpdate(g_line_sha, l->buf, l->len) != 1 ||
	    EVP_DigestFinal_ex(g_line_sha, digest, &dlen) != 1 || dlen != 32)
		crypto_fail("line digest");
	hex_encode(digest, 32, o->prev_hex);
	put(l, "\n", 1);
	out_write(o, l->buf, l->len);
	kind_count[k]++;
	g_total_records++;
}

static void out_close(struct out *o)
{
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int dlen = 0;

	if (fflush(o->fp) || ferror(o->fp))
		die("write '%s': %s", o->path, strerror(errno));
	if (fclose(o->fp))
		die("close '%s': %s", o->path, strerror(errno));
	o->fp = NULL;
	free(o->vbuf);
	o->vbuf = NULL;
	if (EVP_DigestFinal_ex(o->file_sha, digest, &dlen) != 1 || dlen != 32)
		crypto_fail("EVP_DigestFinal_ex");
	EVP_MD_CTX_free(o->file_sha);
	o->file_sha = NULL;
	hex_encode(digest, 32, o->file_hex);
}

/* ---------------------------------------------------------------- reference data */

/* Listed TWSE issues with a plausible late-2026 reference price (TWD hundredths). */
struct symbol {
	const char *code;
	uint32_t ref_cents;
	uint8_t max_lots;
};

static const struct symbol symbols[] = {
	{"2330", 148000, 3}, {"2317", 21000, 10}, {"2454", 135000, 2}, {"2308", 97700, 3},
	{"2382", 29000, 5}, {"2303", 4710, 20}, {"2412", 12700, 10}, {"2881", 8830, 10},
	{"2882", 6620, 10}, {"2891", 4215, 20}, {"2886", 4005, 20}, {"2884", 2935, 20},
	{"1301", 4220, 10}, {"1303", 4510, 10}, {"2002", 2035, 30}, {"2603", 21050, 5},
	{"2609", 6240, 10}, {"2357", 60000, 3}, {"2379", 52000, 3}, {"3711", 16050, 5},
	{"3008", 230000, 1}, {"2395", 36000, 3}, {"3034", 47000, 3}, {"2345", 72000, 2},
	{"3231", 11050, 10}, {"2356", 4540, 20}, {"6669", 240000, 1}, {"3037", 13000, 5},
	{"2327", 52000, 3}, {"1216", 8000, 10}, {"2207", 56000, 2}, {"2912", 25000, 3},
	{"5880", 2815, 30}, {"2892", 2830, 30}, {"0050", 6280, 20}, {"0056", 3602, 30},
	{"00878", 2118, 30}, {"2301", 11800, 5}, {"2324", 3010, 20}, {"4938", 9850, 10},
};
#define NSYMBOLS (sizeof(symbols) / sizeof(symbols[0]))

static const char *const deciders[] = {
	"chen.yijun", "wu.junjie", "lin.peiling", "huang.weiting", "tsai.mingde",
};
#define NDECIDERS (sizeof(deciders) / sizeof(deciders[0]))

/* TWSE tick size for a price, in hundredths. */
static uint32_t tick_cents(uint32_t cents)
{
	if (cents < 1000)
		return 1;
	if (cents < 5000)
		return 5;
	if (cents < 10000)
		return 10;
	if (cents < 50000)
		return 50;
	if (cents < 100000)
		return 100;
	return 500;
}

/* ---------------------------------------------------------------- records */

struct bundle {
	const struct day *d;
	struct day lock_old, lock_new;	/* days the two locks took effect */
	char lock_old_id[32], lock_new_id[32];
	char deployment_id[40];
	char checklist_id[40];
};

static const char *const doc_keys[] = {
	"MASTER_ARCH", "MASTER_CANON", "ARCH_FLOW", "RISK_COMPLIANCE", "EXECUTION_CONTROL",
	"UI_SPEC", "DEPLOY_OPS",
};
static const char *const doc_versions_old[] = {
	"251210", "251210", "251212", "251215", "251216", "251205", "251219",
};
static const char *const doc_versions_new[] = {
	"251210", "251210", "251212", "251215", "261118", "251205", "251219",
};
static const char *const doc_sha[] = {
	"fe047c95fca068671dbba6bf308afc3a07a30f7562dcdb442857ff137f1422cc",
	"7a2c2e0d8e2042a6bdaaa06b44d37f1575684fd86c91e9b6f8164887a25a4b60",
	"b019cc667e7962dea365350b57dd2ee04b09520932103f0af23054df681c95e6",
	"084b3e58d4ecce2af6d1bf98322e83a8018fabcd0a39a76a50fd85a07b21807b",
	"b30fa40739bc92d52140c188e7b9080a1255b9532ec1dea48c700d848f1eecec",
	"ab69c5cd2ac8731bda6476caa004b22d55fc1fede1c4116f189a4faf13f4fe9f",
	"80a5e66e7f4c6b02232ae5b416d78f172a66f1e0539ecec78f65f4bd89889fe7",
};
static const char exec_control_new_sha[] =
	"97e83aa52cd87522275b6b6b9ec46684352b3ae5f4c57baf9462dfc61d74a721";
#define NDOCS (sizeof(doc_keys) / sizeof(doc_keys[0]))

static void write_locks(const struct bundle *b, struct out *o)
{
	char s[512];

	snprintf(s, sizeof(s),
		 "# TAITS document version locks (文件版本鎖定) - issued by governance\n"
		 "kind: document_lock\nlock_id: %s\neffective_at: %sT18:00:00+08:00\n"
		 "documents:\n", b->lock_old_id, b->lock_old.iso);
	out_text(o, s);
	for (size_t i = 0; i < NDOCS; i++) {
		snprintf(s, sizeof(s), "  - doc_key: %s\n    version: %s\n    sha256: %s\n",
			 doc_keys[i], doc_versions_old[i], doc_sha[i]);
		out_text(o, s);
	}
	snprintf(s, sizeof(s),
		 "---\n# EXECUTION_CONTROL 261118: 重複成交防護；其餘文件版本不變\n"
		 "kind: document_lock\nlock_id: %s\neffective_at: %sT14:30:00+08:00\n"
		 "documents:\n", b->lock_new_id, b->lock_new.iso);
	out_text(o, s);
	for (size_t i = 0; i < NDOCS; i++) {
		const char *sha = strcmp(doc_keys[i], "EXECUTION_CONTROL") ?
				  doc_sha[i] : exec_control_new_sha;

		snprintf(s, sizeof(s), "  - doc_key: %s\n    version: %s\n    sha256: %s\n",
			 doc_keys[i], doc_versions_new[i], sha);
		out_text(o, s);
	}
	kind_count[K_DOCUMENT_LOCK] += 2;
	g_total_records += 2;
}

static void write_deployment(const struct bundle *b, struct out *o)
{
	static const char *const modules[][3] = {
		{"taits-core", "2.8.0", "true"}, {"market-data-tw", "2.2.0", "true"},
		{"strategy-tw-swing", "0.9.4", "true"}, {"risk-compliance", "1.14.2", "true"},
		{"governance-gate", "1.9.0", "true"}, {"decision-console", "1.6.0", "true"},
		{"execution-control", "2.3.2", "true"}, {"broker-adapter-tw", "3.4.2", "true"},
		{"sim-broker", "1.2.0", "false"}, {"audit-logger", "1.4.3", "true"},
		{"health-monitor", "1.3.0", "true"}, {"kill-switch", "1.1.5", "true"},
	};
	char s[512];

	snprintf(s, sizeof(s),
		 "# 實盤部署 %s：依 %s，以 Disabled 啟動。\n"
		 "kind: deployment\ndeployment_id: %s\nenvironment: live\n"
		 "deployed_at: %sT18:00:00+08:00\nowner: huang.guanyu\nstatus: deployed\n"
		 "documents:\n", b->deployment_id, b->lock_new_id, b->deployment_id,
		 b->lock_new.iso);
	out_text(o, s);
	for (size_t i = 0; i < NDOCS; i++) {
		snprintf(s, sizeof(s), "  - doc_key: %s\n    version: %s\n", doc_keys[i],
			 doc_versions_new[i]);
		out_text(o, s);
	}
	out_text(o, "modules:\n");
	for (size_t i = 0; i < sizeof(modules) / sizeof(modules[0]); i++) {
		snprintf(s, sizeof(s), "  - name: %s\n    version: %s\n    enabled: %s\n",
			 modules[i][0], modules[i][1], modules[i][2]);
		out_text(o, s);
	}
	snprintf(s, sizeof(s),
		 "gate:\n  doc_versions_consistent: pass\n  correlation_id_ok: pass\n"
		 "  risk_compliance_enabled: pass\n  execution_disabled_by_default: pass\n"
		 "  audit_log_writable: pass\n"
		 "verification:\n  verified: true\n  verified_by: zhang.jiahao\n"
		 "  verified_at: %sT19:30:00+08:00\n", b->lock_new.iso);
	out_text(o, s);
	kind_count[K_DEPLOYMENT]++;
	g_total_records++;
}

static void write_checklist(const struct bundle *b, struct out *o)
{
	char s[1024];

	snprintf(s, sizeof(s),
		 "kind: checklist\nchecklist_id: %s\ndate: %s\nenvironment: live\n"
		 "run_mode: live_execution\noperator: lin.zhiming  # 林志明\n"
		 "completed_at: %sT08:42:00+08:00\nitems:\n"
		 "  environment_confirmed: pass\n  run_mode_declared: pass\n"
		 "  risk_compliance_normal: pass\n  governance_gate_available: pass\n"
		 "  kill_switch_test_passed: pass\n  audit_log_writable: pass\n",
		 b->checklist_id, b->d->iso, b->d->iso);
	out_text(o, s);
	kind_count[K_CHECKLIST]++;
	g_total_records++;
}

static void write_killswitch(const struct bundle *b, struct out *o)
{
	struct line l;
	char cid[64];

	snprintf(cid, sizeof(cid), "KS-TEST-LIVE-%s-0836", b->d->compact);
	event_begin(&l, "kill_switch", 8 * MS_PER_H + 36 * MS_PER_MIN + 10204, "killswitch",
		    ++o->seq);
	kv_str(&l, "action", "test");
	kv_str(&l, "result", "ok");
	kv_str(&l, "correlation_id", cid);
	kv_str(&l, "trigger", "manual");
	out_event(o, &l, K_KILL_SWITCH);
}

/*
 * A year of earlier CRITICAL alerts, each followed 2 s later by a kill switch activation:
 * n of each, in time order over the 364 days before the day, between 09:00 and 13:30.
 * They halt trading until a passing checklist (§7.3): the day's, at 08:42, clears them
 * all, so the day stays compliant while its review reads a store of a year's triggers.
 */
static void write_history(const struct day *today, struct out *o, uint64_t n)
{
	const struct day *saved = g_day;
	struct day d;
	struct line l;
	char id[48], cid[64];

	for (uint64_t i = 0; i < n; i++) {
		uint64_t day = i * 364 / n, first = (day * n + 363) / 364;
		uint64_t per_day = ((day + 1) * n + 363) / 364 - first;
		int64_t ts = SESSION_OPEN + (int64_t)((i - first) * (uint64_t)(SESSION_CLOSE -
			     SESSION_OPEN - 2 * MS_PER_S) / (per_day ? per_day : 1));

		day_set(&d, today->days - 364 + (int64_t)day);
		g_day = &d;
		snprintf(id, sizeof(id), "ALR-%s-H%06" PRIu64, d.compact, i + 1);
		snprintf(cid, sizeof(cid), "MON-HIST-%s-%06" PRIu64, d.compact, i + 1);
		event_begin(&l, "alert", ts, "monitor-archive", ++o->seq);
		kv_str(&l, "alert_id", id);
		kv_str(&l, "severity", "CRITICAL");
		kv_str(&l, "component", "execution");
		kv_str(&l, "message", "order reject rate above limit (拒單率超過上限)");
		kv_str(&l, "correlation_id", cid);
		kv_str(&l, "status", "open");
		out_event(o, &l, K_ALERT);
		event_begin(&l, "kill_switch", ts + 2 * MS_PER_S, "monitor-archive", ++o->seq);
		kv_str(&l, "action", "activate");
		kv_str(&l, "result", "ok");
		kv_str(&l, "correlation_id", cid);
		kv_str(&l, "trigger", id);
		out_event(o, &l, K_KILL_SWITCH);
	}
	g_day = saved;
}

static void write_modes(const struct bundle *b, struct out *o)
{
	static const struct {
		int64_t ts;
		const char *from, *to, *actor, *reason;
	} changes[] = {
		{8 * MS_PER_H + 50 * MS_PER_MIN, "disabled", "observe_only", "lin.zhiming",
		 "盤前觀察模式；每日檢查全數通過"},
		{8 * MS_PER_H + 58 * MS_PER_MIN + 30 * MS_PER_S, "observe_only", "live_execution",
		 "tsai.mingde", "進入實盤執行：Gate、Risk/Compliance、Kill Switch 狀態正常"},
		{13 * MS_PER_H + 31 * MS_PER_MIN, "live_execution", "observe_only", "lin.zhiming",
		 "收盤，停止下單"},
		{13 * MS_PER_H + 35 * MS_PER_MIN, "observe_only", "disabled", "lin.zhiming",
		 "盤後停用，進行盤後檢查"},
	};
	struct line l;

	for (size_t i = 0; i < sizeof(changes) / sizeof(changes[0]); i++) {
		event_begin(&l, "mode_change", changes[i].ts, "ops-console", ++o->seq);
		kv_str(&l, "deployment_id", b->deployment_id);
		kv_str(&l, "from", changes[i].from);
		kv_str(&l, "to", changes[i].to);
		kv_str(&l, "actor", changes[i].actor);
		kv_str(&l, "reason", changes[i].reason);
		out_event(o, &l, K_MODE_CHANGE);
	}
}

/* Heartbeats of the five components every 30 s, with the day's alerts merged in. */
static void write_monitor(const struct bundle *b, struct out *o)
{
	static const char *const components[] = {
		"risk_compliance", "governance_gate", "execution", "system_health", "audit_log",
	};
	static const struct {
		int64_t open, resolved;
		const char *severity, *component, *tag, *message;
	} alerts[] = {
		{9 * MS_PER_H + 31 * MS_PER_MIN + 7 * MS_PER_S + 512,
		 9 * MS_PER_H + 38 * MS_PER_MIN + 44 * MS_PER_S + 90, "INFO", "execution", "EX",
		 "order rate 41/s above 35/s advisory level (下單速率偏高)"},
		{10 * MS_PER_H + 12 * MS_PER_MIN + 31 * MS_PER_S + 418,
		 10 * MS_PER_H + 19 * MS_PER_MIN + 4 * MS_PER_S + 902, "WARN", "system_health", "SH",
		 "broker API p95 latency 412 ms above 300 ms threshold (券商 API 延遲偏高)"},
		{11 * MS_PER_H + 5 * MS_PER_MIN + 40 * MS_PER_S + 127,
		 11 * MS_PER_H + 51 * MS_PER_MIN + 12 * MS_PER_S + 660, "INFO", "risk_compliance",
		 "RC", "2330 intraday exposure at 82% of single-name limit (單一個股曝險達上限 82%)"},
		{12 * MS_PER_H + 3 * MS_PER_MIN + 10 * MS_PER_S + 35,
		 12 * MS_PER_H + 4 * MS_PER_MIN + 41 * MS_PER_S + 512, "WARN", "audit_log", "AL",
		 "audit log fsync latency 860 ms above 500 ms threshold"},
		{12 * MS_PER_H + 40 * MS_PER_MIN + 2 * MS_PER_S + 771,
		 12 * MS_PER_H + 47 * MS_PER_MIN + 55 * MS_PER_S + 303, "WARN", "governance_gate",
		 "GG", "gate verdict p95 latency 950 ms above 800 ms threshold (Gate 判定延遲)"},
		{13 * MS_PER_H + 10 * MS_PER_MIN + 18 * MS_PER_S + 640,
		 13 * MS_PER_H + 14 * MS_PER_MIN + 2 * MS_PER_S + 7, "INFO", "system_health", "SH",
		 "market data feed reconnected after 2.1 s (行情連線重建)"},
	};
	enum { NALERTS = sizeof(alerts) / sizeof(alerts[0]) };
	/* The open and resolved records in time order: alerts do not overlap. */
	size_t next = 0;
	struct line l;

	/* One tick past the last heartbeat writes the alerts left, if any. */
	for (int64_t t = HEARTBEAT_FIRST; t <= HEARTBEAT_LAST + HEARTBEAT_EVERY;
	     t += HEARTBEAT_EVERY) {
		while (next < 2 * NALERTS) {
			size_t a = next / 2;
			int resolved = (int)(next % 2);
			int64_t ts = resolved ? alerts[a].resolved : alerts[a].open;
			char id[40], cid[64];
			int64_t ots = alerts[a].open;

			if (ts >= t)
				break;
			snprintf(id, sizeof(id), "ALR-%s-%04zu", b->d->compact, a + 1);
			snprintf(cid, sizeof(cid), "MON-%s-%s-%02d%02d%02d", alerts[a].tag,
				 b->d->compact, (int)(ots / MS_PER_H), (int)(ots / MS_PER_MIN % 60),
				 (int)(ots / MS_PER_S % 60));
			event_begin(&l, "alert", ts, "monitor", ++o->seq);
			kv_str(&l, "alert_id", id);
			kv_str(&l, "severity", alerts[a].severity);
			kv_str(&l, "component", alerts[a].component);
			kv_str(&l, "message", alerts[a].message);
			kv_str(&l, "correlation_id", cid);
			kv_str(&l, "status", resolved ? "resolved" : "open");
			out_event(o, &l, K_ALERT);
			next++;
		}
		if (t > HEARTBEAT_LAST)
			break;
		for (size_t c = 0; c < 5; c++) {
			const char *status = "ok";

			/* The system_health heartbeat reads degraded while its WARN is open. */
			if (c == 3 && t > alerts[1].open && t < alerts[1].resolved)
				status = "degraded";
			event_begin(&l, "heartbeat", t, "monitor", ++o->seq);
			kv_str(&l, "component", components[c]);
			kv_str(&l, "status", status);
			if (c == 3) {
				kv_u64(&l, "latency_ms", (uint64_t)rnd_range(48, 95) +
					   (*status == 'd' ? 320 : 0));
				puts_(&l, ",\"error_rate\":0.00");
				put_pad(&l, (uint64_t)rnd_range(0, 30), 2);
			}
			out_event(o, &l, K_HEARTBEAT);
		}
	}
}

/* ---------------------------------------------------------------- orders */

enum order_event {
	EV_GATE, EV_DECISION, EV_SUBMIT, EV_ACK, EV_PARTIAL, EV_FILL, EV_CANCEL, EV_REJECT,
};

static const char *const oms_event_names[] = {
	[EV_SUBMIT] = "submit", [EV_ACK] = "ack", [EV_PARTIAL] = "partial_fill",
	[EV_FILL] = "fill", [EV_CANCEL] = "cancel", [EV_REJECT] = "reject",
};

/* One record of an order waiting for its time; its line is built when it is written. */
struct pending {
	int64_t ts;
	uint64_t order;		/* 1-based order number, also the tie-break */
	uint32_t price_cents;
	uint32_t qty;
	uint16_t symbol;
	uint8_t event;
	uint8_t sell;
	uint8_t decider;
};

/* A binary min-heap on (ts, order, event), of fixed size: see write_orders(). */
struct heap {
	struct pending v[HEAP_CAP];
	size_t n;
};

static int pending_before(const struct pending *a, const struct pending *b)
{
	if (a->ts != b->ts)
		return a->ts < b->ts;
	if (a->order != b->order)
		return a->order < b->order;
	return a->event < b->event;
}

static void heap_push(struct heap *h, const struct pending *p)
{
	size_t i;

	if (h->n == HEAP_CAP)
		die("internal error: order heap full");
	i = h->n++;
	while (i > 0) {
		size_t parent = (i - 1) / 2;

		if (!pending_before(p, &h->v[parent]))
			break;
		h->v[i] = h->v[parent];
		i = parent;
	}
	h->v[i] = *p;
}

static struct pending heap_pop(struct heap *h)
{
	struct pending top = h->v[0], last = h->v[--h->n];
	size_t i = 0;

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= h->n)
			break;
		if (c + 1 < h->n && pending_before(&h->v[c + 1], &h->v[c]))
			c++;
		if (!pending_before(&h->v[c], &last))
			break;
		h->v[i] = h->v[c];
		i = c;
	}
	if (h->n)
		h->v[i] = last;
	return top;
}

struct flow_ids {
	char cid[64];
	char order_id[32];
};

/* TW-20261126-2330-0000001 and LV2611260000001 for order 1 of 2330. */
static void flow_ids(struct flow_ids *out, const struct day *d, uint64_t order,
		     const char *symbol)
{
	struct line l;

	l.len = 0;
	puts_(&l, "TW-");
	puts_(&l, d->compact);
	put(&l, "-", 1);
	puts_(&l, symbol);
	put(&l, "-", 1);
	put_pad(&l, order, 7);
	memcpy(out->cid, l.buf, l.len);
	out->cid[l.len] = '\0';
	l.len = 0;
	puts_(&l, "LV");
	puts_(&l, d->yymmdd);
	put_pad(&l, order, 7);
	memcpy(out->order_id, l.buf, l.len);
	out->order_id[l.len] = '\0';
}

struct order_files {
	struct out *risk, *gate, *decisions, *oms;
	const struct bundle *b;
};

static void write_pending(struct order_files *f, const struct pending *p)
{
	const struct symbol *s = &symbols[p->symbol];
	struct flow_ids ids;
	struct line l;

	flow_ids(&ids, f->b->d, p->order, s->code);
	switch (p->event) {
	case EV_GATE:
		event_begin(&l, "gate_verdict", p->ts, "gov-gate", ++f->gate->seq);
		kv_str(&l, "correlation_id", ids.cid);
		kv_str(&l, "verdict", "PASS");
		kv_str(&l, "reason", "within governed scope");
		out_event(f->gate, &l, K_GATE_VERDICT);
		return;
	case EV_DECISION:
		event_begin(&l, "decision", p->ts, "decision-console", ++f->decisions->seq);
		kv_str(&l, "correlation_id", ids.cid);
		kv_str(&l, "decision", "approve");
		kv_str(&l, "decided_by", deciders[p->decider]);
		out_event(f->decisions, &l, K_DECISION);
		return;
	default:
		break;
	}
	event_begin(&l, "execution", p->ts, "oms", ++f->oms->seq);
	kv_str(&l, "deployment_id", f->b->deployment_id);
	kv_str(&l, "correlation_id", ids.cid);
	kv_str(&l, "event", oms_event_names[p->event]);
	kv_str(&l, "order_id", ids.order_id);
	kv_str(&l, "symbol", s->code);
	kv_str(&l, "side", p->sell ? "sell" : "buy");
	kv_u64(&l, "qty", p->event == EV_PARTIAL ? p->qty / 2 : p->qty);
	puts_(&l, ",\"price\":");
	put_price(&l, p->price_cents);
	kv_str(&l, "route", "broker");
	out_event(f->oms, &l, K_EXECUTION);
}

/* Writes every pending record at or before t, in time order; all of them when t < 0. */
static void drain(struct order_files *f, struct heap *h, int64_t t)
{
	while (h->n && (t < 0 || h->v[0].ts <= t)) {
		struct pending p = heap_pop(h);

		write_pending(f, &p);
	}
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static int64_t max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

/*
 * The orders. Flow i starts (its risk check) in the i-th slot of the session; its gate
 * verdict, decision, submit, ack and fill follow after random lags and wait in a heap
 * until no later flow can write an earlier record: every record of a later flow is at or
 * after that flow's risk check, so before each risk check the heap is drained up to it.
 *
 * The lags are realistic (a human decides in seconds, a fill may take minutes) unless
 * orders come faster: then each is capped at a fixed number of order spacings, which
 * bounds the number of flows in flight, so the heap has a fixed size whatever N.
 * (Nobody approves 60 orders a second, but the benchmark asks for it.)
 */
static void write_orders(struct order_files *f, uint64_t n)
{
	static struct heap heap;
	const struct day *d = f->b->d;
	double spacing = (double)(SESSION_CLOSE - SESSION_OPEN) / (double)n;
	int64_t gate_max, decide_max, submit_max, ack_max, fill_max, tail;

	gate_max = max64(2, min64(900, (int64_t)(spacing * GATE_SPACINGS)));
	decide_max = max64(4, min64(40 * MS_PER_S, (int64_t)(spacing * DECIDE_SPACINGS)));
	submit_max = max64(2, min64(1500, (int64_t)(spacing * SUBMIT_SPACINGS)));
	ack_max = max64(2, min64(250, (int64_t)(spacing * ACK_SPACINGS)));
	fill_max = max64(4, min64(120 * MS_PER_S, (int64_t)(spacing * FILL_SPACINGS)));
	/* The last flow ends before the close with a margin. */
	tail = gate_max + decide_max + submit_max + ack_max + fill_max + 2 * MS_PER_S;
	spacing = (double)(SESSION_CLOSE - SESSION_OPEN - 500 - tail) / (double)n;

	for (uint64_t i = 0; i < n; i++) {
		const struct symbol *s;
		struct flow_ids ids;
		struct pending p;
		struct line l;
		int64_t risk_ts, t, move;
		uint32_t tick, outcome;
		uint64_t notional;

		memset(&p, 0, sizeof(p));
		p.order = i + 1;
		p.symbol = (uint16_t)rnd_below(NSYMBOLS);
		s = &symbols[p.symbol];
		/* A limit price within 2% of the reference, on the tick grid; round lots. */
		tick = tick_cents(s->ref_cents);
		move = (int64_t)s->ref_cents * rnd_range(-200, 200) / 10000;
		p.price_cents = (uint32_t)(((int64_t)s->ref_cents + move) / tick * tick);
		p.qty = (1 + rnd_below(s->max_lots)) * 1000;
		p.sell = (uint8_t)rnd_below(2);
		p.decider = (uint8_t)rnd_below(NDECIDERS);
		notional = (uint64_t)p.qty * p.price_cents / 100;
		flow_ids(&ids, d, p.order, s->code);

		/* floor(spacing*i) + floor(spacing*u) <= floor(spacing*(i+1)): in order. */
		risk_ts = SESSION_OPEN + 500 + (int64_t)(spacing * (double)i) +
			  (int64_t)(spacing * (double)rnd_below(1000) / 1000.0);
		drain(f, &heap, risk_ts);
		event_begin(&l, "risk_check", risk_ts, "risk-engine", ++f->risk->seq);
		kv_str(&l, "correlation_id", ids.cid);
		kv_str(&l, "verdict", "pass");
		puts_(&l, ",\"reason\":\"pre-trade limits ok: notional ");
		put_u64(&l, notional);
		puts_(&l, " TWD, ");
		put_u64(&l, 3 + rnd_below(80));
		puts_(&l, "% of single-name cap\"");
		out_event(f->risk, &l, K_RISK_CHECK);

		t = risk_ts + rnd_range(1, gate_max);
		p.ts = t;
		p.event = EV_GATE;
		heap_push(&heap, &p);
		t += rnd_range(max64(1, decide_max / 8), decide_max);
		p.ts = t;
		p.event = EV_DECISION;
		heap_push(&heap, &p);
		t += rnd_range(1, submit_max);
		p.ts = t;
		p.event = EV_SUBMIT;
		heap_push(&heap, &p);

		/* 90% ack+fill, 5% ack+partial+fill, 3% ack+partial+cancel, 2% reject. */
		outcome = rnd_below(100);
		t += rnd_range(1, ack_max);
		p.ts = t;
		p.event = outcome >= 98 ? EV_REJECT : EV_ACK;
		heap_push(&heap, &p);
		if (outcome >= 98)
			continue;
		if (outcome >= 90) {
			t += rnd_range(1, fill_max / 2);
			p.ts = t;
			p.event = EV_PARTIAL;
			heap_push(&heap, &p);
		}
		/* Most orders fill within seconds; some rest on the book for a while. */
		if (rnd_below(10) < 7)
			t += rnd_range(1, max64(1, fill_max / 40));
		else
			t += rnd_range(1, fill_max / 2);
		p.ts = t;
		p.event = outcome >= 95 ? EV_CANCEL : EV_FILL;
		heap_push(&heap, &p);
	}
	drain(f, &heap, -1);
}

/* ---------------------------------------------------------------- main */

static void usage(FILE *fp)
{
	fputs("usage: gen_day [--orders N] [--date YYYY-MM-DD] [--seed S] [--history H] OUTDIR\n"
	      "\n"
	      "Writes a compliant live operating day of N orders (default 10000) as a TAITS\n"
	      "log bundle in OUTDIR (created; must be empty), deterministic for a seed\n"
	      "(default 1). The date (default 2026-11-26) should be a trading weekday.\n"
	      "--history H adds H CRITICAL alerts and kill switch activations over the\n"
	      "364 days before, which the day's checklist clears.\n",
	      fp);
}

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!*s || *s == '-')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

static int dir_is_empty(const char *path)
{
	DIR *dir = opendir(path);
	struct dirent *e;
	int empty = 1;

	if (!dir)
		return errno == ENOENT;
	while ((e = readdir(dir))) {
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			empty = 0;
			break;
		}
	}
	closedir(dir);
	return empty;
}

int main(int argc, char **argv)
{
	struct day day, lock_old, lock_new;
	struct bundle b;
	uint64_t orders = 10000, seed = 1, history = 0;
	const char *date = "2026-11-26", *root = NULL;
	struct out files[11];
	struct out *locks = &files[0], *deployment = &files[1], *checklist = &files[2];
	struct out *killswitch = &files[3], *ops = &files[4], *monitor = &files[5];
	struct out *risk = &files[6], *gate = &files[7], *decisions = &files[8];
	struct out *oms = &files[9], *past = &files[10];
	size_t nfiles = 10;
	struct order_files of;
	char rel[128];
	FILE *sums;
	char sums_path[4096];

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "--orders") && i + 1 < argc) {
			if (parse_u64(argv[++i], &orders) || !orders || orders > MAX_ORDERS)
				die("--orders: '%s' is not a number from 1 to 100000000", argv[i]);
		} else if (!strcmp(a, "--date") && i + 1 < argc) {
			date = argv[++i];
		} else if (!strcmp(a, "--seed") && i + 1 < argc) {
			if (parse_u64(argv[++i], &seed))
				die("--seed: '%s' is not a number", argv[i]);
		} else if (!strcmp(a, "--history") && i + 1 < argc) {
			if (parse_u64(argv[++i], &history) || history > MAX_ORDERS)
				die("--history: '%s' is not a number from 0 to 100000000", argv[i]);
		} else if (a[0] == '-' && a[1]) {
			usage(stderr);
			return 2;
		} else if (!root) {
			root = a;
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (!root) {
		usage(stderr);
		return 2;
	}
	if (day_parse(&day, date))
		die("--date: '%s' is not a date YYYY-MM-DD", date);
	if (day_weekday(&day) == 0 || day_weekday(&day) == 6)
		fprintf(stderr, "gen_day: warning: %s is a weekend day: no trading session\n",
			day.iso);
	if (!dir_is_empty(root))
		die("'%s' exists and is not empty", root);
	mkdir_p(root);

	g_day = &day;
	rng_state = seed * 0x2545f4914f6cdd1dULL + 0x1234567ULL;
	g_line_sha = EVP_MD_CTX_new();
	if (!g_line_sha)
		crypto_fail("EVP_MD_CTX_new");

	day_set(&lock_old, day.days - 17);
	day_set(&lock_new, day.days - 7);
	memset(&b, 0, sizeof(b));
	b.d = &day;
	b.lock_old = lock_old;
	b.lock_new = lock_new;
	snprintf(b.lock_old_id, sizeof(b.lock_old_id), "DL-%s-01", lock_old.compact);
	snprintf(b.lock_new_id, sizeof(b.lock_new_id), "DL-%s-01", lock_new.compact);
	snprintf(b.deployment_id, sizeof(b.deployment_id), "DEP-LIVE-%s-01", lock_new.compact);
	snprintf(b.checklist_id, sizeof(b.checklist_id), "CHK-LIVE-%s", day.compact);

	out_open(locks, root, "records/document-locks.yaml");
	write_locks(&b, locks);
	snprintf(rel, sizeof(rel), "records/deployments/%s.yaml", b.deployment_id);
	out_open(deployment, root, rel);
	write_deployment(&b, deployment);
	snprintf(rel, sizeof(rel), "records/checklists/%s.yaml", b.checklist_id);
	out_open(checklist, root, rel);
	write_checklist(&b, checklist);
	out_open(killswitch, root, "events/killswitch.jsonl");
	write_killswitch(&b, killswitch);
	if (history) {
		out_open(past, root, "events/history.jsonl");
		write_history(&day, past, history);
		nfiles = 11;
	}
	out_open(ops, root, "events/ops.jsonl");
	write_modes(&b, ops);
	out_open(monitor, root, "events/monitor.jsonl");
	write_monitor(&b, monitor);

	out_open(risk, root, "events/risk-engine.jsonl");
	out_open(gate, root, "events/gate.jsonl");
	out_open(decisions, root, "events/decisions.jsonl");
	out_open(oms, root, "events/oms.jsonl");
	of.risk = risk;
	of.gate = gate;
	of.decisions = decisions;
	of.oms = oms;
	of.b = &b;
	write_orders(&of, orders);

	/* The log shipper's manifest, in sha256sum's format, sorted by path. */
	for (size_t i = 0; i < nfiles; i++)
		out_close(&files[i]);
	snprintf(sums_path, sizeof(sums_path), "%s/SHA256SUMS", root);
	sums = fopen(sums_path, "w");
	if (!sums)
		die("cannot create '%s': %s", sums_path, strerror(errno));
	for (;;) {
		struct out *next = NULL;

		for (size_t i = 0; i < nfiles; i++)
			if (files[i].rel[0] && (!next || strcmp(files[i].rel, next->rel) < 0))
				next = &files[i];
		if (!next)
			break;
		fprintf(sums, "%s  %s\n", next->file_hex, next->rel);
		next->rel[0] = '\0';
	}
	if (fflush(sums) || ferror(sums) || fclose(sums))
		die("write '%s': %s", sums_path, strerror(errno));
	EVP_MD_CTX_free(g_line_sha);

	printf("orders %" PRIu64 " records %" PRIu64 " bytes %" PRIu64 " date %s seed %" PRIu64
	       " |", orders, g_total_records, g_total_bytes, day.iso, seed);
	for (int k = 0; k < K_COUNT; k++)
		printf(" %s %" PRIu64, kind_names[k], kind_count[k]);
	putchar('\n');
	if (fflush(stdout) || ferror(stdout))
		die("write stdout: %s", strerror(errno));
	return 0;
}
