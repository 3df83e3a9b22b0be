/*
 * fault.h - deliberate failures for tests of what a failure leaves behind.
 *
 * TAITS_AUDIT_FAULT=<point>:<n> makes fault_hit(point) return nonzero on its n-th call
 * (and after). Points: store.record (adding a record).
 * Without the variable fault_hit() is always 0.
 */
#ifndef TAITS_FAULT_H
#define TAITS_FAULT_H

int fault_hit(const char *point);

#endif
