/*
 * threads.c - whether work may be shared with a second thread.
 */
#include "threads.h"

#include <stdlib.h>
#include <string.h>

int threads_enabled(void)
{
	const char *v = getenv("TAITS_AUDIT_THREADS");

	return !v || strcmp(v, "1") != 0;
}

int threads_always(void)
{
	const char *v = getenv("TAITS_AUDIT_THREADS");

	return v && !strcmp(v, "2");
}
