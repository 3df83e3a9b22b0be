// duckdb_reference.mjs BUNDLE - the reference point of the performance target.
//
// Issue 7 sets the target of a one-command review against DuckDB 1.5.6 (the npm package
// @duckdb/node-api) loading the same JSON lines into memory and running a handful of
// the linkage checks in SQL. This is that reference, so that both can be timed on one
// machine in one sitting (see the README's performance section):
//
//   cd SCRATCH && npm install @duckdb/node-api@1.5.6-r.1
//   cp tools/duckdb_reference.mjs SCRATCH/ && node SCRATCH/duckdb_reference.mjs BUNDLE
//
// It is not part of the build or the tests: nothing in taits-audit depends on it. The
// checks are the SQL forms of DO-4.6-GATE-LINK, -RISK-LINK, -HUMAN-DECISION,
// LINK-ORPHAN-EVENT and a missing correlation ID; on a generated compliant day each
// prints 0. DuckDB keeps everything in memory and writes nothing to disk.
import { DuckDBInstance } from '@duckdb/node-api';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: duckdb_reference.mjs BUNDLE');
  process.exit(2);
}
const t0 = performance.now();
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
await c.run(`CREATE TABLE ev AS SELECT * FROM read_json('${dir}/events/*.jsonl',
  format = 'newline_delimited',
  columns = {kind: 'VARCHAR', ts: 'TIMESTAMPTZ', source: 'VARCHAR', seq: 'BIGINT',
    environment: 'VARCHAR', correlation_id: 'VARCHAR', deployment_id: 'VARCHAR',
    event: 'VARCHAR', order_id: 'VARCHAR', symbol: 'VARCHAR', side: 'VARCHAR',
    qty: 'DOUBLE', price: 'DOUBLE', route: 'VARCHAR', verdict: 'VARCHAR',
    decision: 'VARCHAR', decided_by: 'VARCHAR', reason: 'VARCHAR', alert_id: 'VARCHAR',
    severity: 'VARCHAR', component: 'VARCHAR', message: 'VARCHAR', status: 'VARCHAR',
    action: 'VARCHAR', result: 'VARCHAR', "trigger": 'VARCHAR', latency_ms: 'DOUBLE',
    error_rate: 'DOUBLE', prev_sha256: 'VARCHAR'})`);
const t1 = performance.now();

// The latest record of KIND for a submit's correlation ID at or before it is not VALUE.
const latest = (kind, col, value) => `
  SELECT count(*) FROM ev s
  WHERE s.kind = 'execution' AND s.event = 'submit' AND s.environment = 'live'
    AND coalesce((SELECT arg_max(g.${col}, g.ts) FROM ev g
                  WHERE g.kind = '${kind}' AND g.correlation_id = s.correlation_id
                    AND g.ts <= s.ts), '') <> '${value}'`;
const checks = {
  'DO-4.6-GATE-LINK': latest('gate_verdict', 'verdict', 'PASS'),
  'DO-4.6-RISK-LINK': latest('risk_check', 'verdict', 'pass'),
  'DO-4.6-HUMAN-DECISION': latest('decision', 'decision', 'approve'),
  'LINK-ORPHAN-EVENT': `
    SELECT count(*) FROM ev f
    WHERE f.kind = 'execution' AND f.event IN ('ack', 'fill', 'partial_fill', 'cancel', 'reject')
      AND NOT EXISTS (SELECT 1 FROM ev s WHERE s.kind = 'execution' AND s.event = 'submit'
                      AND s.order_id = f.order_id AND s.correlation_id = f.correlation_id)`,
  'missing correlation ID': `
    SELECT count(*) FROM ev
    WHERE kind IN ('execution', 'risk_check', 'gate_verdict', 'decision')
      AND coalesce(correlation_id, '') = ''`,
};
for (const [name, sql] of Object.entries(checks)) {
  const r = await c.runAndReadAll(sql);
  console.log(`${name} ${r.getRows()[0][0]}`);
}
const t2 = performance.now();
const rows = (await c.runAndReadAll('SELECT count(*) FROM ev')).getRows()[0][0];
const s = (ms) => (ms / 1000).toFixed(2);
console.log(`records ${rows} load ${s(t1 - t0)} s checks ${s(t2 - t1)} s total ${s(t2 - t0)} s`);
