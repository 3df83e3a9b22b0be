-- The audit store (PRAGMA user_version: STORE_SCHEMA_VERSION in store.h; the tables are
-- version 1's, later versions changed only the content hashes). Every instant is INTEGER
-- microseconds since the Unix epoch (UTC), with the offset it was written in (minutes
-- east of UTC) in the *_offset column.
-- Text fields hold what the record said, valid or not: the rules judge the values.

CREATE TABLE ingest_run (
	id INTEGER PRIMARY KEY,
	started_at TEXT NOT NULL,          -- wall clock, UTC; informational only
	tool_version TEXT NOT NULL,
	arguments TEXT NOT NULL,           -- the PATH arguments, one per line
	files_read INTEGER NOT NULL DEFAULT 0,
	records_stored INTEGER NOT NULL DEFAULT 0,
	duplicates INTEGER NOT NULL DEFAULT 0,
	conflicts INTEGER NOT NULL DEFAULT 0,
	rejected INTEGER NOT NULL DEFAULT 0
);

-- Every file met in a bundle, read or not. A file is its path relative to the bundle root
-- and its content: the same path with new content is a new file.
CREATE TABLE input_file (
	id INTEGER PRIMARY KEY,
	path TEXT NOT NULL,
	sha256 TEXT NOT NULL,              -- lowercase hex; '' for what cannot be hashed
	size INTEGER NOT NULL,
	format TEXT NOT NULL CHECK (format IN ('jsonl', 'yaml', 'manifest', 'other')),
	note TEXT,                         -- why a file was not read
	bundle TEXT NOT NULL,              -- the bundle root as first given
	run_id INTEGER NOT NULL REFERENCES ingest_run(id),
	records INTEGER NOT NULL DEFAULT 0,  -- records read from it (stored or duplicate)
	rejected INTEGER NOT NULL DEFAULT 0,
	manifest_id INTEGER REFERENCES input_file(id),  -- the SHA256SUMS of its bundle
	UNIQUE (path, sha256)
);

-- Which 15-minute stretches of time a file holds records of: finds a day's files fast.
CREATE TABLE file_time (
	file_id INTEGER NOT NULL REFERENCES input_file(id),
	bucket INTEGER NOT NULL,           -- ts / 900 s
	PRIMARY KEY (file_id, bucket)
) WITHOUT ROWID;
CREATE INDEX file_time_bucket ON file_time(bucket);

-- One row per record: provenance, identity and the fields rules use. The bytes as read
-- are in record_raw: kept apart, the rows rules scan stay narrow.
CREATE TABLE record (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL,
	file_id INTEGER NOT NULL REFERENCES input_file(id),
	line INTEGER NOT NULL,             -- 1-based; a YAML document's first line
	byte_offset INTEGER NOT NULL,
	content INTEGER NOT NULL,          -- first 64 bits of the SHA-256 of its canonical
	                                   -- content (schemas/interpretation.md)
	ident INTEGER NOT NULL,            -- first 64 bits of the SHA-256 of its identity
	rid TEXT,                          -- record kinds: the ID
	ts INTEGER NOT NULL,               -- events: ts; records: the kind's main time
	ts_offset INTEGER NOT NULL,
	environment TEXT,
	source TEXT,
	seq INTEGER,
	correlation_id TEXT,
	deployment_id TEXT,                -- execution, mode_change
	event TEXT,
	order_id TEXT,
	symbol TEXT,
	side TEXT,
	qty REAL,
	price REAL,
	route TEXT,
	verdict TEXT,                      -- risk_check, gate_verdict; a decision's `decision`
	decided_by TEXT,
	reason TEXT,                       -- mode_change, risk_check, gate_verdict, freeze
	mode_from TEXT,
	mode_to TEXT,
	actor TEXT,
	alert_id TEXT,
	severity TEXT,
	component TEXT,                    -- alert, heartbeat
	message TEXT,
	status TEXT,                       -- alert, heartbeat, deployment
	action TEXT,
	result TEXT,
	trigger_ref TEXT,                  -- kill_switch trigger, freeze trigger_ref
	latency_ms REAL,
	error_rate REAL
);

-- Records whose identity is held by another record with other content (LOG-CONFLICT):
-- every version is listed. Few rows, so finding them never scans `record`.
CREATE TABLE conflict (
	record_id INTEGER PRIMARY KEY REFERENCES record(id) ON DELETE CASCADE
);

CREATE TABLE record_raw (
	id INTEGER PRIMARY KEY REFERENCES record(id) ON DELETE CASCADE,
	sha256 BLOB NOT NULL,              -- of the record's bytes
	raw BLOB NOT NULL                  -- the record's bytes (a YAML document, or a line
	                                   -- without its line ending)
);

CREATE TABLE lock_document (
	record_id INTEGER NOT NULL REFERENCES record(id) ON DELETE CASCADE,
	pos INTEGER NOT NULL,
	doc_key TEXT,
	version TEXT,
	sha256 TEXT,
	PRIMARY KEY (record_id, pos)
);

CREATE TABLE deployment_fields (
	record_id INTEGER PRIMARY KEY REFERENCES record(id) ON DELETE CASCADE,
	owner TEXT,
	has_documents INTEGER NOT NULL,
	has_modules INTEGER NOT NULL,
	gate_doc_versions_consistent TEXT,
	gate_correlation_id_ok TEXT,
	gate_risk_compliance_enabled TEXT,
	gate_execution_disabled_by_default TEXT,
	gate_audit_log_writable TEXT,
	has_verification INTEGER NOT NULL,
	verified INTEGER,                  -- 1, 0, NULL when missing or not a boolean
	verified_by TEXT,
	verified_at INTEGER,
	verified_at_offset INTEGER
);

CREATE TABLE deployment_document (
	record_id INTEGER NOT NULL REFERENCES record(id) ON DELETE CASCADE,
	pos INTEGER NOT NULL,
	doc_key TEXT,
	version TEXT,
	PRIMARY KEY (record_id, pos)
);

CREATE TABLE deployment_module (
	record_id INTEGER NOT NULL REFERENCES record(id) ON DELETE CASCADE,
	pos INTEGER NOT NULL,
	name TEXT,
	version TEXT,
	enabled INTEGER,
	PRIMARY KEY (record_id, pos)
);

CREATE TABLE checklist_fields (
	record_id INTEGER PRIMARY KEY REFERENCES record(id) ON DELETE CASCADE,
	date TEXT,
	run_mode TEXT,
	operator TEXT,
	environment_confirmed TEXT,
	run_mode_declared TEXT,
	risk_compliance_normal TEXT,
	governance_gate_available TEXT,
	kill_switch_test_passed TEXT,
	audit_log_writable TEXT
);

CREATE TABLE incident_fields (
	record_id INTEGER PRIMARY KEY REFERENCES record(id) ON DELETE CASCADE,
	type TEXT,
	grade TEXT,
	scope TEXT,
	has_actions INTEGER NOT NULL,
	has_correlation_ids INTEGER NOT NULL,
	has_review INTEGER NOT NULL,
	review_completed_at INTEGER,
	review_completed_at_offset INTEGER,
	reviewer TEXT,
	summary TEXT
);

CREATE TABLE incident_action (
	record_id INTEGER NOT NULL REFERENCES record(id) ON DELETE CASCADE,
	pos INTEGER NOT NULL,
	step TEXT,
	at INTEGER,
	at_offset INTEGER,
	by TEXT,
	note TEXT,
	PRIMARY KEY (record_id, pos)
);

CREATE TABLE incident_correlation (
	record_id INTEGER NOT NULL REFERENCES record(id) ON DELETE CASCADE,
	pos INTEGER NOT NULL,
	correlation_id TEXT,
	PRIMARY KEY (record_id, pos)
);
CREATE INDEX incident_correlation_cid ON incident_correlation(correlation_id);

CREATE TABLE change_fields (
	record_id INTEGER PRIMARY KEY REFERENCES record(id) ON DELETE CASCADE,
	type TEXT,
	requested_at INTEGER,
	requested_at_offset INTEGER,
	requested_by TEXT,
	description TEXT,
	impact_assessment TEXT,
	completed_at INTEGER,
	completed_at_offset INTEGER,
	repair INTEGER,                    -- 1, 0 (also when absent), NULL when not a boolean
	audit_ref TEXT,
	strategy_expansion INTEGER
);

CREATE TABLE freeze_fields (
	record_id INTEGER PRIMARY KEY REFERENCES record(id) ON DELETE CASCADE,
	ended_at INTEGER,
	ended_at_offset INTEGER,
	has_unfreeze INTEGER NOT NULL,
	risk_review_result TEXT,
	risk_review_by TEXT,
	risk_review_at INTEGER,
	risk_review_at_offset INTEGER,
	governance_review_result TEXT,
	governance_review_by TEXT,
	governance_review_at INTEGER,
	governance_review_at_offset INTEGER,
	document_lock TEXT,
	redeployment TEXT
);

CREATE TABLE freeze_incident_review (
	record_id INTEGER NOT NULL REFERENCES record(id) ON DELETE CASCADE,
	pos INTEGER NOT NULL,
	incident_id TEXT,
	PRIMARY KEY (record_id, pos)
);

-- Records that could not be used, kept verbatim (LOG-REJECTED).
CREATE TABLE rejected (
	id INTEGER PRIMARY KEY,
	file_id INTEGER NOT NULL REFERENCES input_file(id),
	line INTEGER NOT NULL,
	col INTEGER NOT NULL DEFAULT 0,
	byte_offset INTEGER NOT NULL,
	length INTEGER NOT NULL,           -- bytes of the record as read
	field TEXT,
	reason TEXT NOT NULL,
	sha256 BLOB NOT NULL,
	raw BLOB NOT NULL                  -- all of it, up to 1,000,000,000 bytes
);
CREATE INDEX rejected_file ON rejected(file_id, line);

-- Facts about a file found while reading it: LOG-SEQ-GAP, LOG-TS-ORDER, LOG-HASH-CHAIN,
-- LOG-MANIFEST. `args` is a JSON object of the values the finding's message names.
CREATE TABLE integrity (
	id INTEGER PRIMARY KEY,
	rule TEXT NOT NULL,
	file_id INTEGER NOT NULL REFERENCES input_file(id),
	line INTEGER NOT NULL,             -- 0: the file as a whole
	subject TEXT,                      -- the record's identity, when there is one
	args TEXT NOT NULL,
	manifest_id INTEGER REFERENCES input_file(id),
	manifest_line INTEGER,
	UNIQUE (rule, file_id, line, args)
);

-- One view per kind, with the contract's field names.
CREATE VIEW document_lock AS
	SELECT id, rid AS lock_id, ts AS effective_at, file_id, line
	FROM record WHERE kind = 'document_lock';
CREATE VIEW deployment AS
	SELECT r.id, r.rid AS deployment_id, r.environment, r.ts AS deployed_at,
	       r.status, d.*, r.file_id, r.line
	FROM record r JOIN deployment_fields d ON d.record_id = r.id
	WHERE r.kind = 'deployment';
CREATE VIEW checklist AS
	SELECT r.id, r.rid AS checklist_id, r.environment, r.ts AS completed_at, c.*,
	       r.file_id, r.line
	FROM record r JOIN checklist_fields c ON c.record_id = r.id
	WHERE r.kind = 'checklist';
CREATE VIEW incident AS
	SELECT r.id, r.rid AS incident_id, r.environment, r.ts AS occurred_at, i.*,
	       r.file_id, r.line
	FROM record r JOIN incident_fields i ON i.record_id = r.id
	WHERE r.kind = 'incident';
CREATE VIEW change AS
	SELECT r.id, r.rid AS change_id, r.environment, r.ts AS applied_at, c.*,
	       r.file_id, r.line
	FROM record r JOIN change_fields c ON c.record_id = r.id
	WHERE r.kind = 'change';
CREATE VIEW freeze AS
	SELECT r.id, r.rid AS freeze_id, r.environment, r.ts AS started_at, r.reason,
	       r.trigger_ref, f.*, r.file_id, r.line
	FROM record r JOIN freeze_fields f ON f.record_id = r.id
	WHERE r.kind = 'freeze';
CREATE VIEW mode_change AS
	SELECT id, ts, environment, source, seq, deployment_id, mode_from, mode_to, actor,
	       reason, file_id, line
	FROM record WHERE kind = 'mode_change';
CREATE VIEW execution AS
	SELECT id, ts, environment, source, seq, deployment_id, correlation_id, event,
	       order_id, symbol, side, qty, price, route, file_id, line
	FROM record WHERE kind = 'execution';
CREATE VIEW risk_check AS
	SELECT id, ts, environment, source, seq, correlation_id, verdict, reason, file_id, line
	FROM record WHERE kind = 'risk_check';
CREATE VIEW gate_verdict AS
	SELECT id, ts, environment, source, seq, correlation_id, verdict, reason, file_id, line
	FROM record WHERE kind = 'gate_verdict';
CREATE VIEW decision AS
	SELECT id, ts, environment, source, seq, correlation_id, verdict AS decision, decided_by,
	       file_id, line
	FROM record WHERE kind = 'decision';
CREATE VIEW alert AS
	SELECT id, ts, environment, source, seq, correlation_id, alert_id, severity,
	       component, message, status, file_id, line
	FROM record WHERE kind = 'alert';
CREATE VIEW kill_switch AS
	SELECT id, ts, environment, source, seq, correlation_id, action, result,
	       trigger_ref AS "trigger", file_id, line
	FROM record WHERE kind = 'kill_switch';
CREATE VIEW heartbeat AS
	SELECT id, ts, environment, source, seq, component, status, latency_ms, error_rate,
	       file_id, line
	FROM record WHERE kind = 'heartbeat';
