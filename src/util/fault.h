/*
 * fault.h - deliberate failures for tests of what a failure leaves behind.
 *
 * TAITS_AUDIT_FAULT=<point>:<n> makes fault_hit(point) return nonzero on its n-th call
 * (and after). Points: store.record (adding a record fails); store.oom and pipe.oom
 * (memory runs out adding a record, or reading one on the reading thread of a file read
 * on two); run.snapshot (a reporting
 * command, its snapshot of the store taken, says so on stderr and holds it for 2 s);
 * outfile.tmpfile (reports are written as on a file system without O_TMPFILE).
 * Without the variable fault_hit() is always 0. The variable is read once, at the first
 * fault_hit(), and again by fault_reload(), which also restarts the count: ingest_run()
 * calls it, so each run sees the variable as it is when the run starts.
 */
#ifndef TAITS_FAULT_H
#define TAITS_FAULT_H

int fault_hit(const char *point);
void fault_reload(void);

#endif
