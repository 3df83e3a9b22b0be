/*
 * record.c - a parsed tree read as one record of INPUT.md.
 *
 * Identity fields decide whether the record is usable at all; every other field is typed
 * or left NULL (missing or of the wrong type) for the rules to judge.
 */
#include "record.h"
#include "canon.h"

#include <math.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/error.h"
#include "../util/timeutil.h"
#include "../util/utf8.h"

static const char *const kind_names[KIND_COUNT] = {
	[KIND_UNKNOWN] = "unknown",
	[KIND_DOCUMENT_LOCK] = "document_lock",
	[KIND_DEPLOYMENT] = "deployment",
	[KIND_CHECKLIST] = "checklist",
	[KIND_INCIDENT] = "incident",
	[KIND_CHANGE] = "change",
	[KIND_FREEZE] = "freeze",
	[KIND_MODE_CHANGE] = "mode_change",
	[KIND_EXECUTION] = "execution",
	[KIND_RISK_CHECK] = "risk_check",
	[KIND_GATE_VERDICT] = "gate_verdict",
	[KIND_DECISION] = "decision",
	[KIND_ALERT] = "alert",
	[KIND_KILL_SWITCH] = "kill_switch",
	[KIND_HEARTBEAT] = "heartbeat",
};

/* The ID field and the main time field of each record kind. */
static const struct {
	const char *id, *time;
} record_keys[KIND_COUNT] = {
	[KIND_DOCUMENT_LOCK] = { "lock_id", "effective_at" },
	[KIND_DEPLOYMENT] = { "deployment_id", "deployed_at" },
	[KIND_CHECKLIST] = { "checklist_id", "completed_at" },
	[KIND_INCIDENT] = { "incident_id", "occurred_at" },
	[KIND_CHANGE] = { "change_id", "applied_at" },
	[KIND_FREEZE] = { "freeze_id", "started_at" },
};

const char *const gate_item_names[GATE_COUNT] = {
	"doc_versions_consistent", "correlation_id_ok", "risk_compliance_enabled",
	"execution_disabled_by_default", "audit_log_writable",
};

const char *const checklist_item_names[CHECK_COUNT] = {
	"environment_confirmed", "run_mode_declared", "risk_compliance_normal",
	"governance_gate_available", "kill_switch_test_passed", "audit_log_writable",
};

const char *kind_name(enum kind k)
{
	return k > KIND_UNKNOWN && k < KIND_COUNT ? kind_names[k] : "unknown";
}

enum kind kind_from_name(const char *name)
{
	for (int k = 1; k < KIND_COUNT; k++)
		if (name[0] == kind_names[k][0] && !strcmp(name, kind_names[k]))
			return (enum kind)k;
	return KIND_UNKNOWN;
}

int kind_is_event(enum kind k)
{
	return k >= KIND_MODE_CHANGE && k < KIND_COUNT;
}

/* ---- the top-level fields, gathered in one pass ---- */

/* Every top-level key a kind reads directly; nested ones are read from their object. */
#define TOP_FIELDS(X)                                                                      \
	X(KIND, "kind") X(TS, "ts") X(SOURCE, "source") X(SEQ, "seq")                    \
	X(ENVIRONMENT, "environment") X(CORRELATION_ID, "correlation_id")                 \
	X(PREV_SHA256, "prev_sha256") X(DEPLOYMENT_ID, "deployment_id") X(EVENT, "event") \
	X(ORDER_ID, "order_id") X(SYMBOL, "symbol") X(SIDE, "side") X(QTY, "qty")          \
	X(PRICE, "price") X(ROUTE, "route") X(VERDICT, "verdict") X(REASON, "reason")     \
	X(DECISION, "decision") X(DECIDED_BY, "decided_by") X(FROM, "from") X(TO, "to")   \
	X(ACTOR, "actor") X(ALERT_ID, "alert_id") X(SEVERITY, "severity")                 \
	X(COMPONENT, "component") X(MESSAGE, "message") X(STATUS, "status")               \
	X(ACTION, "action") X(RESULT, "result") X(TRIGGER, "trigger")                     \
	X(LATENCY_MS, "latency_ms") X(ERROR_RATE, "error_rate")

enum top {
#define X(name, key) T_##name,
	TOP_FIELDS(X)
#undef X
	T_COUNT
};

static const char *const top_names[T_COUNT] = {
#define X(name, key) key,
	TOP_FIELDS(X)
#undef X
};

#define TOP_SLOTS 128 /* a power of two, more than twice T_COUNT */

static uint32_t key_hash(const char *s)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* Slot -> enum top + 1 (0: empty); built once. */
static unsigned char top_slots[TOP_SLOTS];

static void top_init(void)
{
	if (top_slots[key_hash(top_names[0]) & (TOP_SLOTS - 1)])
		return;
	for (int t = 0; t < T_COUNT; t++) {
		uint32_t i = key_hash(top_names[t]) & (TOP_SLOTS - 1);
		while (top_slots[i])
			i = (i + 1) & (TOP_SLOTS - 1);
		top_slots[i] = (unsigned char)(t + 1);
	}
}

/* The object's members by top-level key, in one pass. The first of duplicate keys is
 * kept here; duplicates reject the record anyway. */
static void gather(const cJSON *obj, const cJSON *top[T_COUNT])
{
	memset(top, 0, T_COUNT * sizeof(*top));
	for (const cJSON *c = obj->child; c; c = c->next) {
		uint32_t i = key_hash(c->string) & (TOP_SLOTS - 1);
		for (; top_slots[i]; i = (i + 1) & (TOP_SLOTS - 1)) {
			int t = top_slots[i] - 1;
			if (!strcmp(top_names[t], c->string)) {
				if (!top[t])
					top[t] = c;
				break;
			}
		}
	}
}

/* ---- field readers ---- */

static const char *own(struct record *r, char *s)
{
	r->owned = xrealloc(r->owned, (r->nowned + 1) * sizeof(*r->owned));
	r->owned[r->nowned++] = s;
	return s;
}

/* Text of a scalar: a string, a number as written, or a boolean's name. NULL when missing,
 * null, blank or not a scalar. */
static const char *text_of(struct record *r, const cJSON *n)
{
	char tmp[64];

	if (!n)
		return NULL;
	if (cJSON_IsString(n))
		return utf8_is_blank(n->valuestring) ? NULL : n->valuestring;
	if (cJSON_IsBool(n))
		return cJSON_IsTrue(n) ? "true" : "false";
	if (!cJSON_IsNumber(n))
		return NULL;
	if (tree_scalar_text(n)) /* YAML, and JSON past tree_json_number_texts() */
		return tree_scalar_text(n);
	canon_number(n->valuedouble, tmp, sizeof(tmp));
	return own(r, xstrdup(tmp));
}

static const char *text(struct record *r, const cJSON *obj, const char *key)
{
	return text_of(r, cJSON_GetObjectItemCaseSensitive(obj, key));
}

static struct tval time_of(const cJSON *n)
{
	struct tval t = { 0, 0, 0 };

	if (cJSON_IsString(n) &&
	    iso_parse(n->valuestring, strlen(n->valuestring), &t.us, &t.offset_min) == ISO_OK)
		t.set = 1;
	return t;
}

static struct tval time_field(const cJSON *obj, const char *key)
{
	return time_of(cJSON_GetObjectItemCaseSensitive(obj, key));
}

static int number_of(const cJSON *n, double *out)
{
	if (!cJSON_IsNumber(n) || !isfinite(n->valuedouble))
		return 0;
	*out = n->valuedouble;
	return 1;
}

/* 1/0 for a boolean, `dflt` when missing or null, -1 for any other type. */
static int boolean(const cJSON *obj, const char *key, int dflt)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!n || cJSON_IsNull(n))
		return dflt;
	if (cJSON_IsBool(n))
		return cJSON_IsTrue(n);
	return -1;
}

static const cJSON *object(const cJSON *obj, const char *key)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsObject(n) ? n : NULL;
}

/* A non-empty list, or NULL. */
static const cJSON *list(const cJSON *obj, const char *key)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsArray(n) && n->child ? n : NULL;
}

static size_t count(const cJSON *arr)
{
	size_t n = 0;

	for (const cJSON *c = arr ? arr->child : NULL; c; c = c->next)
		n++;
	return n;
}

static void read_docs(struct record *r, const cJSON *obj)
{
	const cJSON *docs = list(obj, "documents");
	size_t i = 0;

	r->has_documents = docs != NULL;
	if (!docs)
		return;
	r->ndocs = count(docs);
	r->docs = xcalloc(r->ndocs, sizeof(*r->docs));
	for (const cJSON *d = docs->child; d; d = d->next, i++) {
		r->docs[i].doc_key = text(r, d, "doc_key");
		r->docs[i].version = text(r, d, "version");
		r->docs[i].sha256 = text(r, d, "sha256");
	}
}

static const char **read_text_list(struct record *r, const cJSON *arr, size_t *n)
{
	const char **v;
	size_t i = 0;

	*n = count(arr);
	if (!*n)
		return NULL;
	v = xcalloc(*n, sizeof(*v));
	for (const cJSON *c = arr->child; c; c = c->next)
		v[i++] = text_of(r, c);
	return v;
}

static void read_review(struct record *r, const cJSON *obj, const char *key,
			struct review_ref *out)
{
	const cJSON *o = object(obj, key);

	out->result = text(r, o, "result");
	out->by = text(r, o, "by");
	out->at = time_field(o, "at");
}

static void read_deployment(struct record *r, const cJSON *t)
{
	const cJSON *mods = list(t, "modules"), *gate = object(t, "gate");
	const cJSON *ver = object(t, "verification");
	size_t i = 0;

	r->owner = text(r, t, "owner");
	r->status = text(r, t, "status");
	read_docs(r, t);
	r->has_modules = mods != NULL;
	if (mods) {
		r->nmodules = count(mods);
		r->modules = xcalloc(r->nmodules, sizeof(*r->modules));
		for (const cJSON *m = mods->child; m; m = m->next, i++) {
			r->modules[i].name = text(r, m, "name");
			r->modules[i].version = text(r, m, "version");
			r->modules[i].enabled = boolean(m, "enabled", -1);
		}
	}
	for (int g = 0; g < GATE_COUNT; g++)
		r->gate[g] = text(r, gate, gate_item_names[g]);
	r->has_verification = ver != NULL;
	r->verified = boolean(ver, "verified", -1);
	r->verified_by = text(r, ver, "verified_by");
	r->verified_at = time_field(ver, "verified_at");
}

static void read_incident(struct record *r, const cJSON *t)
{
	const cJSON *acts = list(t, "actions"), *cids = list(t, "correlation_ids");
	const cJSON *rev = object(t, "review");
	size_t i = 0;

	r->type = text(r, t, "type");
	r->grade = text(r, t, "grade");
	r->scope = text(r, t, "scope");
	r->cids = read_text_list(r, cids, &r->ncids);
	/* "at least one": a list of nulls or blanks holds none */
	for (size_t k = 0; k < r->ncids && !r->has_cids; k++)
		r->has_cids = r->cids[k] != NULL;
	r->has_actions = acts != NULL;
	if (acts) {
		r->nactions = count(acts);
		r->actions = xcalloc(r->nactions, sizeof(*r->actions));
		for (const cJSON *a = acts->child; a; a = a->next, i++) {
			r->actions[i].step = text(r, a, "step");
			r->actions[i].at = time_field(a, "at");
			r->actions[i].by = text(r, a, "by");
			r->actions[i].note = text(r, a, "note");
		}
	}
	r->has_review = rev != NULL;
	r->review_completed_at = time_field(rev, "completed_at");
	r->reviewer = text(r, rev, "reviewer");
	r->summary = text(r, rev, "summary");
}

static void read_freeze(struct record *r, const cJSON *t)
{
	const cJSON *u = object(t, "unfreeze");

	r->reason = text(r, t, "reason");
	r->trigger = text(r, t, "trigger_ref");
	r->ended_at = time_field(t, "ended_at");
	r->has_unfreeze = u != NULL;
	r->incident_reviews =
		read_text_list(r, list(u, "incident_reviews"), &r->nincident_reviews);
	read_review(r, u, "risk_review", &r->risk_review);
	read_review(r, u, "governance_review", &r->governance_review);
	r->unfreeze_lock = text(r, u, "document_lock");
	r->redeployment = text(r, u, "redeployment");
}

static void read_fields(struct record *r, const cJSON *t, const cJSON *const *top)
{
	const cJSON *items;

	r->environment = text_of(r, top[T_ENVIRONMENT]);
	/* an ID: an integer is its decimal text, as in the incident's list */
	if (r->kind != KIND_INCIDENT)
		r->correlation_id = text_of(r, top[T_CORRELATION_ID]);
	switch (r->kind) {
	case KIND_DOCUMENT_LOCK:
		read_docs(r, t);
		break;
	case KIND_DEPLOYMENT:
		read_deployment(r, t);
		break;
	case KIND_CHECKLIST:
		r->date = text(r, t, "date");
		r->run_mode = text(r, t, "run_mode");
		r->operator_ = text(r, t, "operator");
		items = object(t, "items");
		for (int i = 0; i < CHECK_COUNT; i++)
			r->items[i] = text(r, items, checklist_item_names[i]);
		break;
	case KIND_INCIDENT:
		read_incident(r, t);
		break;
	case KIND_CHANGE:
		r->type = text(r, t, "type");
		r->requested_at = time_field(t, "requested_at");
		r->requested_by = text(r, t, "requested_by");
		r->description = text(r, t, "description");
		r->impact_assessment = text(r, t, "impact_assessment");
		r->completed_at = time_field(t, "completed_at");
		r->repair = boolean(t, "repair", 0);
		r->audit_ref = text(r, t, "audit_ref");
		r->strategy_expansion = boolean(t, "strategy_expansion", 0);
		break;
	case KIND_FREEZE:
		read_freeze(r, t);
		break;
	case KIND_MODE_CHANGE:
		r->deployment_id = text_of(r, top[T_DEPLOYMENT_ID]);
		r->mode_from = text_of(r, top[T_FROM]);
		r->mode_to = text_of(r, top[T_TO]);
		r->actor = text_of(r, top[T_ACTOR]);
		r->reason = text_of(r, top[T_REASON]);
		break;
	case KIND_EXECUTION:
		r->deployment_id = text_of(r, top[T_DEPLOYMENT_ID]);
		r->event = text_of(r, top[T_EVENT]);
		r->order_id = text_of(r, top[T_ORDER_ID]);
		r->symbol = text_of(r, top[T_SYMBOL]);
		r->side = text_of(r, top[T_SIDE]);
		r->has_qty = number_of(top[T_QTY], &r->qty);
		r->has_price = number_of(top[T_PRICE], &r->price);
		r->route = text_of(r, top[T_ROUTE]);
		break;
	case KIND_RISK_CHECK:
	case KIND_GATE_VERDICT:
		r->verdict = text_of(r, top[T_VERDICT]);
		r->reason = text_of(r, top[T_REASON]);
		break;
	case KIND_DECISION:
		r->decision = text_of(r, top[T_DECISION]);
		r->decided_by = text_of(r, top[T_DECIDED_BY]);
		break;
	case KIND_ALERT:
		r->alert_id = text_of(r, top[T_ALERT_ID]);
		r->severity = text_of(r, top[T_SEVERITY]);
		r->component = text_of(r, top[T_COMPONENT]);
		r->message = text_of(r, top[T_MESSAGE]);
		r->status = text_of(r, top[T_STATUS]);
		break;
	case KIND_KILL_SWITCH:
		r->action = text_of(r, top[T_ACTION]);
		r->result = text_of(r, top[T_RESULT]);
		r->trigger = text_of(r, top[T_TRIGGER]);
		break;
	case KIND_HEARTBEAT:
		r->component = text_of(r, top[T_COMPONENT]);
		r->status = text_of(r, top[T_STATUS]);
		r->has_latency_ms = number_of(top[T_LATENCY_MS], &r->latency_ms);
		r->has_error_rate = number_of(top[T_ERROR_RATE], &r->error_rate);
		break;
	default:
		break;
	}
}

/* ---- identity ---- */

static int reject(struct rejection *why, const char *field, const char *fmt, ...)
	PRINTF_LIKE(3, 4);

static int reject(struct rejection *why, const char *field, const char *fmt, ...)
{
	va_list ap;

	snprintf(why->field, sizeof(why->field), "%s", field ? field : "");
	va_start(ap, fmt);
	vsnprintf(why->reason, sizeof(why->reason), fmt, ap);
	va_end(ap);
	return -1;
}

/* A value a reason quotes, whole up to QUOTE_MAX bytes, else cut there on a character's
 * start and ended "…": the reason (struct rejection) keeps its closing quote and stays
 * UTF-8, whatever the value's length. */
#define QUOTE_MAX 120

static const char *quoted(const char *s, char out[QUOTE_MAX + sizeof("…")])
{
	size_t n = strlen(s);

	if (n <= QUOTE_MAX)
		return s;
	n = utf8_floor(s, QUOTE_MAX);
	memcpy(out, s, n);
	memcpy(out + n, "…", sizeof("…"));
	return out;
}

static int identity_time(const cJSON *n, const char *key, struct tval *out,
			 struct rejection *why)
{
	char q[QUOTE_MAX + sizeof("…")];

	if (!n || cJSON_IsNull(n))
		return reject(why, key, "missing");
	if (!cJSON_IsString(n))
		return reject(why, key, "not a time string");
	switch (iso_parse(n->valuestring, strlen(n->valuestring), &out->us, &out->offset_min)) {
	case ISO_OK:
		/* A record's day, in any zone (offsets are under a day), must be one a
		 * review can be asked for (0001-01-01 to 9999-12-30): its UTC date from
		 * 0001-01-02 to 9999-12-29. Beyond, it would be stored and never reported. */
		if (out->us < days_from_civil(1, 1, 2) * US_PER_DAY ||
		    out->us >= days_from_civil(9999, 12, 30) * US_PER_DAY)
			return reject(why, key, "'%s' falls outside the days a review can report"
				      " (0001-01-01 to 9999-12-30)", quoted(n->valuestring, q));
		out->set = 1;
		return 0;
	case ISO_NO_OFFSET:
		return reject(why, key, "no UTC offset in '%s'", quoted(n->valuestring, q));
	default:
		return reject(why, key, "not an ISO 8601 time: '%s'", quoted(n->valuestring, q));
	}
}

static int identity_text(struct record *r, const cJSON *n, const char *key, const char **out,
			 struct rejection *why)
{
	if (!n || cJSON_IsNull(n))
		return reject(why, key, "missing");
	if (cJSON_IsNumber(n) && (n->valuedouble != floor(n->valuedouble) ||
				  fabs(n->valuedouble) >= CANON_EXACT_LIMIT))
		return reject(why, key, "not a string or an integer");
	if (!cJSON_IsString(n) && !cJSON_IsNumber(n))
		return reject(why, key, "not a string or an integer");
	if (!(*out = text_of(r, n)))
		return reject(why, key, "empty");
	return 0;
}

/* A seq past 2^53 (a 64-bit counter) is read from its text, which a double cannot hold
 * to the last digit: a whole number written in digits alone (else -1), within 64 bits,
 * INT64_MIN to INT64_MAX (else -2). */
static int seq_from_text(const char *t, int64_t *out)
{
	const char *p = t + (*t == '-' || *t == '+');
	int neg = *t == '-';
	uint64_t v = 0, limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;

	if (!*p || strspn(p, "0123456789") != strlen(p))
		return -1;
	for (; *p; p++) {
		if (v > (limit - (uint64_t)(*p - '0')) / 10)
			return -2;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (neg && v == (uint64_t)INT64_MAX + 1)
		*out = INT64_MIN;
	else
		*out = neg ? -(int64_t)v : (int64_t)v;
	return 0;
}

static int identity_seq(const cJSON *n, int64_t *out, struct rejection *why)
{
	const char *text;

	if (!n || cJSON_IsNull(n))
		return reject(why, "seq", "missing");
	if (!cJSON_IsNumber(n) || !isfinite(n->valuedouble) ||
	    n->valuedouble != floor(n->valuedouble))
		return reject(why, "seq", "not an integer");
	if (fabs(n->valuedouble) < CANON_EXACT_LIMIT) {
		*out = (int64_t)n->valuedouble;
		return 0;
	}
	switch (!(text = tree_scalar_text(n)) ? -1 : seq_from_text(text, out)) {
	case 0:
		return 0;
	case -1:
		return reject(why, "seq", "out of range (beyond 2^53, and not written in digits)");
	default:
		return reject(why, "seq", "out of range (beyond 64 bits)");
	}
}

/* Whether a JSON record has a number read as text (an ID or a version, not a quantity),
 * at the top or within a list or mapping: only then is the text of its numbers looked up
 * in the line. The events of a busy day have numbers in their quantities only. */
static int number_texts_needed(const cJSON *tree)
{
	for (const cJSON *c = tree->child; c; c = c->next)
		if (cJSON_IsObject(c) || cJSON_IsArray(c) ||
		    (cJSON_IsNumber(c) &&
		     (!canon_is_quantity(c->string) || fabs(c->valuedouble) >= CANON_EXACT_LIMIT)))
			return 1; /* a seq past 2^53 too: identity_seq() reads its text */
	return 0;
}

static _Thread_local struct buf ident_buf; /* identity_hash()'s, reused */

static int64_t identity_hash(const struct record *r)
{
	struct buf *bp = &ident_buf;
	unsigned char d[SHA256_LEN];
	int64_t ident;

	buf_reset(bp);
	if (kind_is_event(r->kind)) {
		buf_add(bp, "event", 6);
		buf_add(bp, r->source, strlen(r->source) + 1);
		buf_add(bp, &r->seq, sizeof(r->seq));
		buf_add(bp, &r->ts.us, sizeof(r->ts.us));
	} else {
		buf_add(bp, kind_name(r->kind), strlen(kind_name(r->kind)) + 1);
		buf_adds(bp, r->rid);
	}
	sha256_once(bp->data, bp->len, d);
	memcpy(&ident, d, sizeof(ident));
	return ident;
}

/* The content hash of a record's tree, whose bytes are raw[0, len); as canon_write()
 * returns. A number is read, and compared, as the text written, in JSON as in YAML. */
static const char *content_hash(cJSON *tree, const char *raw, size_t len, int from_yaml,
				unsigned char out[SHA256_LEN])
{
	if (!from_yaml && raw && number_texts_needed(tree))
		tree_json_number_texts(tree, raw, len);
	return canon_content_hash(tree, out);
}

int64_t record_content(const struct record *r)
{
	unsigned char d[SHA256_LEN];
	int64_t content;

	if (!r->hash_later)
		return r->content;
	canon_content_hash(r->tree, d); /* record_build() found no fault in it */
	memcpy(&content, d, sizeof(content));
	return content;
}

int64_t record_ident(const struct record *r)
{
	return r->hash_later ? identity_hash(r) : r->ident;
}

int record_content_of(const char *raw, size_t len, int from_yaml, int64_t *out)
{
	unsigned char d[SHA256_LEN];
	struct tree_error terr;
	cJSON *tree = NULL;
	int rc = -1;

	if (from_yaml ? tree_parse_yaml(raw, len, &tree, &terr) < 0
		      : !(tree = tree_parse_json(raw, len, &terr)))
		return -1;
	if (cJSON_IsObject(tree)) {
		if (!content_hash(tree, raw, len, from_yaml, d)) {
			memcpy(out, d, sizeof(*out));
			rc = 0;
		}
	}
	cJSON_Delete(tree);
	return rc;
}

/* The day a rejected line is dated by its time, as an instant on it (see struct
 * rejection): 0, or -1 when the time cannot be read. */
static int rejected_when(const cJSON *t, int64_t *when)
{
	int64_t us, day, start, end;
	int off;

	if (!cJSON_IsString(t))
		return -1;
	switch (iso_parse(t->valuestring, strlen(t->valuestring), &us, &off)) {
	case ISO_OK:
		*when = us;
		return 0;
	case ISO_NO_OFFSET:
		if (iso_parse_local(t->valuestring, strlen(t->valuestring), &us))
			return -1;
		tz_local_day(us, &day, NULL);
		tz_day_bounds(day, &start, &end);
		*when = start + (end - start) / 2;
		return 0;
	default:
		return -1;
	}
}

/* The prev_sha256 of a rejected line, kept past its tree for the hash chain. */
static void rejected_link(const cJSON *prev, enum kind k, struct rejection *why)
{
	size_t n;

	why->event = k != KIND_UNKNOWN && kind_is_event(k);
	why->has_prev = prev && !cJSON_IsNull(prev);
	if (!why->has_prev)
		return;
	if (!cJSON_IsString(prev)) {
		tree_value_shown(prev, why->prev_shown, sizeof(why->prev_shown));
		return;
	}
	why->prev_string = 1;
	n = strlen(prev->valuestring);
	why->prev_long = n >= sizeof(why->prev_hex);
	/* what a message quotes: whole characters, as a stored record's link is quoted */
	n = why->prev_long ? utf8_floor(prev->valuestring, sizeof(why->prev_hex) - 1) : n;
	memcpy(why->prev_hex, prev->valuestring, n);
	why->prev_hex[n] = '\0';
}

/* For a rejected tree: the day its time dates it to, and an event's source and seq and
 * its ts, when they can be read as record_build() reads them (a kind that is not an
 * event's has no sequence). */
static void rejected_place(struct record *r, const cJSON *tree, struct rejection *why)
{
	const cJSON *top[T_COUNT];
	struct rejection ignored;
	const char *source;
	enum kind k;

	if (!cJSON_IsObject(tree))
		return;
	top_init();
	gather(tree, top);
	k = cJSON_IsString(top[T_KIND]) ? kind_from_name(top[T_KIND]->valuestring) : KIND_UNKNOWN;
	rejected_link(top[T_PREV_SHA256], k, why);
	why->has_when = !rejected_when(k != KIND_UNKNOWN && !kind_is_event(k)
					       ? cJSON_GetObjectItemCaseSensitive(
							 tree, record_keys[k].time)
					       : top[T_TS],
				       &why->when);
	if (k != KIND_UNKNOWN && !kind_is_event(k))
		return;
	if (identity_text(r, top[T_SOURCE], "source", &source, &ignored) ||
	    identity_seq(top[T_SEQ], &why->seq, &ignored) ||
	    strlen(source) >= sizeof(why->source))
		return;
	memcpy(why->source, source, strlen(source) + 1);
	why->ts = time_of(top[T_TS]);
	why->has_seq = 1;
}

int record_place_of(const char *raw, size_t len, struct rejection *why)
{
	struct tree_error terr;
	struct record r;
	cJSON *tree = tree_parse_json(raw, len, &terr);
	size_t bad;

	if (!tree)
		return -1;
	if (cJSON_IsObject(tree) && number_texts_needed(tree))
		tree_json_number_texts(tree, raw, len);
	memset(&r, 0, sizeof(r));
	rejected_place(&r, tree, why);
	cJSON_Delete(tree);
	record_release(&r);
	/* a source is quoted in findings and the XML: only as UTF-8 */
	if (why->has_seq && !utf8_valid((const unsigned char *)why->source,
					strlen(why->source), &bad))
		why->has_seq = 0;
	return 0;
}

/* How deep containers nest under n (0 for a scalar), counted no further than cap. */
static int nesting(const cJSON *n, int cap)
{
	int deepest = 0;

	if (!cJSON_IsObject(n) && !cJSON_IsArray(n))
		return 0;
	if (cap <= 1)
		return 1;
	for (const cJSON *c = n->child; c && deepest < cap - 1; c = c->next) {
		int d = nesting(c, cap - 1);
		if (d > deepest)
			deepest = d;
	}
	return 1 + deepest;
}

/* The top-level member of a record nested too deep that nests deepest (the first such):
 * the field a rejection names. */
static const char *deepest_member(const cJSON *tree)
{
	const char *name = NULL;
	int deepest = 0;

	for (const cJSON *c = tree->child; c; c = c->next) {
		int d = nesting(c, TREE_MAX_DEPTH + 1);
		if (d > deepest)
			deepest = d, name = c->string;
	}
	return name;
}

int record_build(struct record *r, cJSON *tree, int from_yaml, struct rejection *why)
{
	const cJSON *top[T_COUNT], *k, *prev;
	unsigned char content[SHA256_LEN];
	const char *dup;
	int rc = -1;

	memset(why, 0, sizeof(*why));
	r->tree = tree;
	if (!cJSON_IsObject(tree)) {
		reject(why, NULL, "a record must be an object");
		goto out;
	}
	/* Hashing waits only when the tree needs nothing more from the line (the text of
	 * its numbers): whoever hashes the record later has the tree, not the reader's
	 * buffer. */
	if (r->hash_later && (from_yaml || number_texts_needed(tree)))
		r->hash_later = 0;
	if ((dup = r->hash_later ? canon_check(tree)
				    : content_hash(tree, r->raw, r->raw_len, from_yaml, content))) {
		if (dup == CANON_TOO_DEEP)
			reject(why, deepest_member(tree), "nested deeper than %d levels",
			       TREE_MAX_DEPTH);
		else
			reject(why, dup, "duplicate key");
		goto out;
	}
	if (!r->hash_later)
		memcpy(&r->content, content, sizeof(r->content));
	top_init();
	gather(tree, top);
	k = top[T_KIND];
	if (!k || cJSON_IsNull(k)) {
		reject(why, "kind", "missing");
		goto out;
	}
	if (!cJSON_IsString(k)) {
		reject(why, "kind", "not a string (%s)", cJSON_IsArray(k)    ? "a list"
							 : cJSON_IsObject(k) ? "a mapping"
							 : cJSON_IsBool(k)   ? "a boolean"
									     : "a number");
		goto out;
	}
	if ((r->kind = kind_from_name(k->valuestring)) == KIND_UNKNOWN) {
		char q[QUOTE_MAX + sizeof("…")];
		reject(why, "kind", "unknown kind '%s'", quoted(k->valuestring, q));
		goto out;
	}
	if (kind_is_event(r->kind)) {
		if (identity_time(top[T_TS], "ts", &r->ts, why) ||
		    identity_text(r, top[T_SOURCE], "source", &r->source, why) ||
		    identity_seq(top[T_SEQ], &r->seq, why))
			goto out;
	} else {
		const char *idk = record_keys[r->kind].id, *tk = record_keys[r->kind].time;
		if (identity_text(r, cJSON_GetObjectItemCaseSensitive(tree, idk), idk, &r->rid,
				  why) ||
		    identity_time(cJSON_GetObjectItemCaseSensitive(tree, tk), tk, &r->ts, why))
			goto out;
	}
	prev = top[T_PREV_SHA256];
	r->has_prev_sha256 = prev && !cJSON_IsNull(prev); /* null: missing */
	r->prev_sha256 = cJSON_IsString(prev) ? prev->valuestring : NULL;
	read_fields(r, tree, top);
	if (!r->hash_later)
		r->ident = identity_hash(r);
	rc = 0;
out:
	if (rc) {
		rejected_place(r, tree, why);
		record_release(r);
	}
	return rc;
}

void event_subject(enum kind k, const char *source, int64_t seq, int64_t us, int offset_min,
		   struct buf *b)
{
	char ts[ISO_MAX];

	buf_reset(b);
	iso_format(us, offset_min, ts);
	buf_addf(b, "%s %s#%lld %s", kind_name(k), source, (long long)seq, ts);
}

void record_subject(const struct record *r, struct buf *b)
{
	if (kind_is_event(r->kind)) {
		event_subject(r->kind, r->source, r->seq, r->ts.us, r->ts.offset_min, b);
	} else {
		buf_reset(b);
		buf_addf(b, "%s %s", kind_name(r->kind), r->rid);
	}
}

void record_thread_release(void)
{
	buf_release(&ident_buf);
	canon_thread_release();
	sha256_thread_release();
}

void record_init(void)
{
	unsigned char d[SHA256_LEN];

	top_init();
	sha256_once("", 0, d); /* fetches the digest */
}

void record_release(struct record *r)
{
	for (size_t i = 0; i < r->nowned; i++)
		free(r->owned[i]);
	free(r->owned);
	free(r->docs);
	free(r->modules);
	free(r->cids);
	free(r->actions);
	free(r->incident_reviews);
	cJSON_Delete(r->tree);
	r->owned = NULL;
	r->nowned = 0;
	r->docs = NULL;
	r->modules = NULL;
	r->cids = NULL;
	r->actions = NULL;
	r->incident_reviews = NULL;
	r->tree = NULL;
}
