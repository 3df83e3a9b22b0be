/*
 * fault.c - the TAITS_AUDIT_FAULT switch.
 */
#include "fault.h"

#include <stdlib.h>
#include <string.h>

static struct {
	int read;         /* the variable has been read */
	char point[64];   /* the point it names; "" when unset or unusable */
	long at, calls;
} fault;

void fault_reload(void)
{
	const char *spec = getenv("TAITS_AUDIT_FAULT");
	const char *colon = spec ? strchr(spec, ':') : NULL;

	fault.read = 1;
	fault.point[0] = '\0';
	fault.calls = 0;
	if (!colon || (size_t)(colon - spec) >= sizeof(fault.point))
		return;
	memcpy(fault.point, spec, (size_t)(colon - spec));
	fault.point[colon - spec] = '\0';
	fault.at = strtol(colon + 1, NULL, 10);
}

int fault_hit(const char *point)
{
	if (!fault.read)
		fault_reload();
	if (!fault.point[0] || strcmp(point, fault.point))
		return 0;
	return ++fault.calls >= fault.at;
}
