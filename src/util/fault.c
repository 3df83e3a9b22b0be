/*
 * fault.c - the TAITS_AUDIT_FAULT switch.
 */
#include "fault.h"

#include <stdlib.h>
#include <string.h>

int fault_hit(const char *point)
{
	static long calls;
	const char *spec = getenv("TAITS_AUDIT_FAULT");
	size_t n = strlen(point);

	if (!spec || strncmp(spec, point, n) || spec[n] != ':')
		return 0;
	return ++calls >= strtol(spec + n + 1, NULL, 10);
}
