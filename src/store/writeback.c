/*
 * writeback.c - writing a store file's pages to disk while a bulk load goes on.
 */
#include "writeback.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "../util/error.h"
#include "../util/threads.h"

#define WRITEBACK_PERIOD_MS 200

struct writeback {
	int fd;
	pthread_t thread;
	int running;
	int stop;
	unsigned syncs; /* done so far (tests) */
	pthread_mutex_t lock;
	pthread_cond_t cond;
};

static void *flusher(void *arg)
{
	struct writeback *w = arg;

	pthread_mutex_lock(&w->lock);
	while (!w->stop) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += WRITEBACK_PERIOD_MS * 1000000L;
		until.tv_sec += until.tv_nsec / 1000000000L;
		until.tv_nsec %= 1000000000L;
		while (!w->stop && pthread_cond_timedwait(&w->cond, &w->lock, &until) != ETIMEDOUT)
			;
		if (w->stop)
			break;
		pthread_mutex_unlock(&w->lock);
		(void)fdatasync(w->fd);
		pthread_mutex_lock(&w->lock);
		w->syncs++;
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

struct writeback *writeback_start(const char *path)
{
	struct writeback *w;
	int fd;

	if (!path || !*path || !threads_enabled())
		return NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return NULL;
	w = xcalloc(1, sizeof(*w));
	w->fd = fd;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->cond, NULL);
	if (pthread_create(&w->thread, NULL, flusher, w) == 0)
		w->running = 1;
	return w;
}

void writeback_stop(struct writeback *w)
{
	if (!w || !w->running)
		return;
	pthread_mutex_lock(&w->lock);
	w->stop = 1;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	w->running = 0;
}

unsigned writeback_syncs(struct writeback *w)
{
	unsigned n;

	pthread_mutex_lock(&w->lock);
	n = w->syncs;
	pthread_mutex_unlock(&w->lock);
	return n;
}

void writeback_free(struct writeback *w)
{
	if (!w)
		return;
	writeback_stop(w);
	close(w->fd);
	pthread_cond_destroy(&w->cond);
	pthread_mutex_destroy(&w->lock);
	free(w);
}
