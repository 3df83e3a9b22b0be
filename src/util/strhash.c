/*
 * strhash.c - a keyed text hash for in-memory tables (strhash.h).
 */
#define _GNU_SOURCE
#include "strhash.h"

#include <pthread.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

static uint64_t key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

static void key_draw(void)
{
	uint64_t k = 0;

	if (getrandom(&k, sizeof(k), GRND_NONBLOCK) != (ssize_t)sizeof(k)) {
		/* no entropy yet (early boot): the clock and the process, still unknown to
		 * whoever wrote the input */
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		k = (uint64_t)ts.tv_nsec * 0x9E3779B97F4A7C15ULL ^ (uint64_t)ts.tv_sec << 32 ^
		    (uint64_t)getpid();
	}
	key = k | 1;
}

/* MurmurHash3's 64-bit finalizer: every bit of the state reaches every bit of the hash,
 * the low ones a table's slot is taken from included. */
static uint64_t mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

uint64_t str_hash(const char *s, uint64_t tweak)
{
	uint64_t h;

	pthread_once(&key_once, key_draw);
	h = mix(key ^ tweak);
	/* FNV-1a over the bytes from a keyed start, and the end mixed with the key: which
	 * texts share a slot depends on a key the input's writer cannot know. A table's
	 * spread, not a keyed PRF. */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return mix(h ^ key);
}
