-- Indexes on `record`. A large load drops them first and builds them again after it:
-- maintaining them row by row makes a bulk load several times slower.
CREATE INDEX IF NOT EXISTS record_ident ON record(ident);
-- A day's records of a kind, with the environment: the rules that filter on it (--env,
-- labels, the mode at a record's instant) read no row they do not report.
CREATE INDEX IF NOT EXISTS record_kind_ts ON record(kind, ts, environment);
-- A flow's records: the content hash last, so that of records alike in all else the
-- order does not follow the storing (DO-4.6-* cite the first failing one).
CREATE INDEX IF NOT EXISTS record_cid
	ON record(correlation_id, kind, ts, verdict, environment, content)
	WHERE correlation_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS record_submit ON record(order_id, correlation_id)
	WHERE kind = 'execution' AND event = 'submit';
-- A component's heartbeats (DO-5.2-MONITOR-GAP): a seek per environment and component.
-- Without it each environment's query ranged over the day's heartbeats of all of them,
-- and a store holding thousands of environment labels made the rule labels x heartbeats.
-- Partial: on a busy day heartbeats are a small part of the records (2,905 of 608,869
-- at 100,000 orders), so the index costs a load little.
CREATE INDEX IF NOT EXISTS record_heartbeat ON record(kind, environment, component, ts)
	WHERE kind = 'heartbeat';
