/*
 * timing.c - stage timings.
 */
#include "timing.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_STAGES 96

static struct {
	const char *name;
	double seconds;
	long calls;
} stages[MAX_STAGES];
static int nstages;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER; /* rules run on two threads */

double timing_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void timing_add(const char *name, double since)
{
	double d = timing_now() - since;
	int i;

	pthread_mutex_lock(&lock);
	for (i = 0; i < nstages; i++)
		if (!strcmp(stages[i].name, name))
			break;
	if (i == nstages && nstages < MAX_STAGES)
		stages[nstages++].name = name;
	if (i < nstages) {
		stages[i].seconds += d;
		stages[i].calls++;
	}
	pthread_mutex_unlock(&lock);
}

void timing_report(void)
{
	const char *on = getenv("TAITS_AUDIT_TIMING");

	if (!on || strcmp(on, "1"))
		return;
	for (int i = 0; i < nstages; i++)
		fprintf(stderr, "timing %-32s %8.3f s (%ld)\n", stages[i].name, stages[i].seconds,
			stages[i].calls);
}
