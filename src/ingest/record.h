/*
 * record.h - one log record, typed: what ingest hands to the store.
 *
 * record_build() reads a parsed tree (JSON line or YAML document) against the contract
 * of INPUT.md: it checks the identity fields (a record without them is rejected), types
 * every field the rules use, and computes the record's identity and content hashes.
 * Text fields point into the tree or into strings the record owns; they live until
 * record_release().
 */
#ifndef TAITS_RECORD_H
#define TAITS_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "../util/sha256.h"
#include "../util/tree.h"

enum kind {
	KIND_UNKNOWN = 0,
	/* record kinds */
	KIND_DOCUMENT_LOCK,
	KIND_DEPLOYMENT,
	KIND_CHECKLIST,
	KIND_INCIDENT,
	KIND_CHANGE,
	KIND_FREEZE,
	/* event kinds */
	KIND_MODE_CHANGE,
	KIND_EXECUTION,
	KIND_RISK_CHECK,
	KIND_GATE_VERDICT,
	KIND_DECISION,
	KIND_ALERT,
	KIND_KILL_SWITCH,
	KIND_HEARTBEAT,
	KIND_COUNT
};

const char *kind_name(enum kind k);
enum kind kind_from_name(const char *name);
int kind_is_event(enum kind k);

/* A time field: set when present with a valid offset. */
struct tval {
	int set;
	int64_t us;
	int offset_min;
};

struct doc_ref {
	const char *doc_key, *version, *sha256;
};

struct module_ref {
	const char *name, *version;
	int enabled; /* 1, 0, or -1 when missing or not a boolean */
};

struct action_ref {
	const char *step, *by, *note;
	struct tval at;
};

struct review_ref {
	const char *result, *by; /* result pass|fail as written */
	struct tval at;
};

enum gate_item {
	GATE_DOC_VERSIONS,
	GATE_CORRELATION_ID,
	GATE_RISK_COMPLIANCE,
	GATE_EXECUTION_DISABLED,
	GATE_AUDIT_LOG,
	GATE_COUNT
};
extern const char *const gate_item_names[GATE_COUNT];

enum checklist_item {
	CHECK_ENVIRONMENT,
	CHECK_RUN_MODE,
	CHECK_RISK_COMPLIANCE,
	CHECK_GOVERNANCE_GATE,
	CHECK_KILL_SWITCH,
	CHECK_AUDIT_LOG,
	CHECK_COUNT
};
extern const char *const checklist_item_names[CHECK_COUNT];

struct record {
	enum kind kind;
	/* provenance, filled by the reader */
	long line;
	int64_t offset;
	unsigned char sha256[SHA256_LEN];  /* of the record's bytes */
	int64_t content;                   /* hash of its canonical content: record_content() */
	int64_t ident;                     /* hash of its identity: record_ident() */
	/* Set by the reader before record_build(): the two hashes may be left to
	 * whoever stores the record (a thread with time to spare). Cleared by
	 * record_build() when it computed them all the same. */
	int hash_later;
	const char *raw;
	size_t raw_len;

	/* identity */
	const char *rid; /* record kinds: the ID */
	struct tval ts;  /* events: ts; records: the main time */
	const char *source;
	int64_t seq;
	int has_prev_sha256;
	const char *prev_sha256; /* as written, NULL when absent or not a string */

	/* common governance fields (NULL when missing or of the wrong type) */
	const char *environment;
	const char *correlation_id;

	/* events */
	const char *deployment_id, *event, *order_id, *symbol, *side, *route;
	double qty, price, latency_ms, error_rate;
	int has_qty, has_price, has_latency_ms, has_error_rate;
	const char *verdict, *decision, *decided_by, *reason;
	const char *mode_from, *mode_to, *actor;
	const char *alert_id, *severity, *component, *message, *status;
	const char *action, *result, *trigger;

	/* document_lock, deployment */
	struct doc_ref *docs;
	size_t ndocs;
	int has_documents;
	/* deployment */
	const char *owner;
	struct module_ref *modules;
	size_t nmodules;
	int has_modules;
	const char *gate[GATE_COUNT];
	int has_verification, verified; /* verified: 1, 0, -1 */
	const char *verified_by;
	struct tval verified_at;
	/* checklist */
	const char *date, *run_mode, *operator_;
	const char *items[CHECK_COUNT];
	/* incident */
	const char *type, *grade, *scope;
	const char **cids;
	size_t ncids;
	int has_cids;
	struct action_ref *actions;
	size_t nactions;
	int has_actions;
	int has_review;
	struct tval review_completed_at;
	const char *reviewer, *summary;
	/* change */
	struct tval requested_at, completed_at;
	const char *requested_by, *description, *impact_assessment, *audit_ref;
	int repair, strategy_expansion; /* 0/1; -1 wrong type */
	/* freeze */
	struct tval ended_at;
	int has_unfreeze;
	const char **incident_reviews;
	size_t nincident_reviews;
	struct review_ref risk_review, governance_review;
	const char *unfreeze_lock, *redeployment;

	/* owned memory */
	cJSON *tree;
	char **owned;
	size_t nowned;
};

/* A rejection: why a record could not be used, and the place in its source's sequence
 * the line still shows (an event's `source` and `seq`, and its `ts` when readable), so
 * that LOG-SEQ-GAP does not count a rejected line as missing. */
struct rejection {
	char field[96];
	char reason[256];
	int has_seq;
	char source[256];
	int64_t seq;
	struct tval ts;
	/* An instant on the day the line is dated, when its time can be read at all (without
	 * a UTC offset: its date, in the configured zone): the days that cover its file. */
	int has_when;
	int64_t when;
	/* Its link in the file's hash chain, which holds through a rejected line too: whether
	 * it carries prev_sha256 (not null); when a string (prev_string), its first 64
	 * characters in prev_hex (prev_long: there are more); else what was written, in
	 * prev_shown; and whether its kind is an event's. */
	int has_prev, prev_string, prev_long, event;
	char prev_hex[65], prev_shown[72];
};

/* Reads `tree` (taking ownership) into `r`, whose provenance fields are already set.
 * Returns 0, or -1 with `why` filled when the record must be rejected (the tree is then
 * freed). A record's faults are all found here, hash_later or not. */
int record_build(struct record *r, cJSON *tree, int from_yaml, struct rejection *why);
/* For a line rejected before it was read as a record (not UTF-8) but that still parses
 * as JSON: its place, as record_build() gives a rejected record's (the day of its time,
 * an event's source, seq and ts). 0, or -1 when it does not parse. */
int record_place_of(const char *raw, size_t len, struct rejection *why);
/* The content hash record_build() gives the record whose bytes are raw[0, len) (a JSON
 * line, or a YAML document when from_yaml): 0, or -1 when they do not parse as one. */
int record_content_of(const char *raw, size_t len, int from_yaml, int64_t *out);

/* The record's content and identity hashes: computed now, from its tree, when
 * record_build() left them (hash_later). Any thread may ask, one at a time. */
int64_t record_content(const struct record *r);
int64_t record_ident(const struct record *r);

void record_release(struct record *r);

struct buf;
/* Replaces b's contents with how findings name the record: "<kind> <source>#<seq> <ts>"
 * for an event, "<kind> <id>" for the others. */
void record_subject(const struct record *r, struct buf *b);
/* The same for an event of kind k from source, numbered seq, at us written at offset_min. */
void event_subject(enum kind k, const char *source, int64_t seq, int64_t us, int offset_min,
		   struct buf *b);

/* Builds the tables record_build() reads; call once before records are read on more
 * than one thread. */
void record_init(void);
/* Frees what reading records kept for the calling thread (before it ends). */
void record_thread_release(void);

#endif
