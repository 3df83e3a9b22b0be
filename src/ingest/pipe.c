/*
 * pipe.c - a bounded single-producer, single-consumer queue and the two threads around
 * it.
 */
#include "pipe.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../util/fault.h"
#include "../util/threads.h"
#include "../util/tree.h"

#define QUEUE_SLOTS 512
/* The store side wakes for BATCH items at a time (or when the reader waits or is done):
 * woken for each item, the two threads spent more time switching than working. */
#define BATCH 64
/* Each record's tree lives in one of NARENAS blocks until the store side is done with
 * it; the reader waits rather than reuse a block still in use. A tree larger than its
 * block is allocated apart. Several batches' worth keep the reader busy while the store
 * side writes. */
#define NARENAS 512
#define ARENA_BYTES (8u << 10)
/* The worker hands items over LOCAL at a time, in one lock: taking the lock for each
 * one, it met the store side holding it often enough that every handover of the lock
 * became a futex system call on both threads. */
#define LOCAL 32
/* Trees too large for their block, and rejected lines, are malloc'd: past SPILL_MAX
 * bytes of them handed over and not yet stored, the worker waits. Counting records alone,
 * a file of lines of 200,000 numbers held a gigabyte in flight. */
#define SPILL_MAX ((size_t)8 << 20)
/* Records read and not yet stored (those still in the worker's local batch too), under
 * which the store side is taken to be waiting for the reader: the reader then leaves a
 * record's two hashes to it. Above it the reader hashes, and the two sides settle where
 * neither waits long. */
#define HASH_LATER_BELOW (NARENAS / 4)

enum item_type { ITEM_RECORD, ITEM_REJECT, ITEM_FACT };

struct item {
	enum item_type type;
	struct record rec;     /* ITEM_RECORD: owns its tree; raw points into `bytes` */
	struct reject_row rej; /* ITEM_REJECT: strings and raw point into `bytes` */
	char *rule;            /* ITEM_FACT: a string literal */
	long line;
	char *bytes;           /* owned copies (a record's: in its arena) */
	char *subject, *args;
	size_t spill;          /* bytes it holds outside the arenas (a record: its tree and
				* bytes are wholly in its arena when 0) */
};

struct pipe {
	struct filectx *fc;
	int (*reader)(struct filectx *, struct error *);
	pthread_mutex_t lock;
	pthread_cond_t not_empty, not_full;
	struct item slots[QUEUE_SLOTS];
	size_t head, tail, count;
	int done;      /* the worker has finished */
	int waiting;   /* the worker waits for a free slot, arena or memory */
	int stopped;   /* the store side failed: the worker must stop (atomic) */
	char *arenas;  /* NARENAS blocks of ARENA_BYTES */
	long sent;     /* records read (worker only) */
	long stored;   /* records the store side has finished with (atomic) */
	size_t spill;  /* bytes items handed over hold outside the arenas (atomic) */
	struct item local[LOCAL]; /* the worker's items not yet in the queue */
	size_t nlocal;
	int worker_rc;
	struct error worker_error;
	/* The store side's batch, taken in one lock. Here, not on its stack: 290 KB there
	 * is a stack growth that, with the address space short, ends in SIGSEGV where an
	 * allocation would have said "out of memory". Last, away from the queue's counts,
	 * which the reader writes while the store side works on it. (Not _Alignas: calloc
	 * aligns to 16 bytes only, and the struct would then be misaligned.) */
	struct item batch[QUEUE_SLOTS / 2];
};

/* The worker's wait, the lock held: the store side is told to take what there is. */
static void wait_for_room(struct pipe *p)
{
	p->waiting = 1;
	pthread_cond_signal(&p->not_empty);
	pthread_cond_wait(&p->not_full, &p->lock);
	p->waiting = 0;
}

static void item_release(struct item *it)
{
	if (it->type == ITEM_RECORD) {
		/* A tree wholly in its arena is released with the arena: walking it here
		 * only pulled the reader's memory over to this core. */
		if (!it->spill)
			it->rec.tree = NULL;
		record_release(&it->rec);
		tree_free(it->bytes);
	} else {
		free(it->bytes);
	}
	free(it->subject);
	free(it->args);
}

/* Moves the worker's items into the queue, waiting for room; when the store side has
 * stopped, releases them and fails. */
static int flush(struct pipe *p, struct error *e)
{
	size_t i;

	if (!p->nlocal)
		return 0;
	pthread_mutex_lock(&p->lock);
	while (QUEUE_SLOTS - p->count < p->nlocal && !p->stopped)
		wait_for_room(p);
	if (p->stopped) {
		pthread_mutex_unlock(&p->lock);
		for (i = 0; i < p->nlocal; i++)
			item_release(&p->local[i]);
		p->nlocal = 0;
		return error_set(e, EXIT_STORE, "ingest", "stopped: the store failed");
	}
	for (i = 0; i < p->nlocal; i++) {
		p->slots[p->tail] = p->local[i];
		p->tail = (p->tail + 1) % QUEUE_SLOTS;
	}
	p->count += p->nlocal;
	p->nlocal = 0;
	if (p->count >= BATCH)
		pthread_cond_signal(&p->not_empty);
	pthread_mutex_unlock(&p->lock);
	return 0;
}

/* Puts an item (taking ownership of what it points to). */
static int put(struct pipe *p, const struct item *it, struct error *e)
{
	if (__atomic_load_n(&p->stopped, __ATOMIC_ACQUIRE)) {
		struct item own = *it;

		item_release(&own);
		return error_set(e, EXIT_STORE, "ingest", "stopped: the store failed");
	}
	if (it->spill)
		__atomic_add_fetch(&p->spill, it->spill, __ATOMIC_RELAXED);
	p->local[p->nlocal++] = *it;
	return p->nlocal == LOCAL ? flush(p, e) : 0;
}

int pipe_next(struct pipe *p, struct error *e)
{
	int stopped;

	if (p->sent - __atomic_load_n(&p->stored, __ATOMIC_ACQUIRE) >= NARENAS ||
	    __atomic_load_n(&p->spill, __ATOMIC_ACQUIRE) >= SPILL_MAX) {
		/* the items that hold the arenas or the memory may still be here */
		if (flush(p, e))
			return -1;
		pthread_mutex_lock(&p->lock);
		while ((p->sent - p->stored >= NARENAS ||
			__atomic_load_n(&p->spill, __ATOMIC_ACQUIRE) >= SPILL_MAX) &&
		       !p->stopped)
			wait_for_room(p);
		pthread_mutex_unlock(&p->lock);
	}
	stopped = __atomic_load_n(&p->stopped, __ATOMIC_ACQUIRE);
	if (stopped)
		return error_set(e, EXIT_STORE, "ingest", "stopped: the store failed");
	tree_arena_block(p->arenas + (size_t)(p->sent % NARENAS) * ARENA_BYTES, ARENA_BYTES);
	return 0;
}

int pipe_store_has_time(struct pipe *p)
{
	return p->sent - __atomic_load_n(&p->stored, __ATOMIC_ACQUIRE) < HASH_LATER_BELOW;
}

int pipe_record(struct pipe *p, struct record *r, struct error *e)
{
	struct item it;

	memset(&it, 0, sizeof(it));
	it.type = ITEM_RECORD;
	if (fault_hit("pipe.oom")) /* tests: memory running out on the reading thread */
		error_out_of_memory(r->raw_len + 1);
	it.bytes = tree_alloc(r->raw_len + 1); /* the reader's buffer moves on */
	memcpy(it.bytes, r->raw, r->raw_len);
	it.bytes[r->raw_len] = '\0';
	it.rec = *r;
	it.rec.raw = it.bytes;
	it.spill = tree_arena_spilled_bytes();
	p->sent++;
	return put(p, &it, e);
}

int pipe_reject(struct pipe *p, const struct reject_row *row, struct error *e)
{
	struct item it;
	size_t f = row->field ? strlen(row->field) : 0, r = strlen(row->reason);
	size_t raw = row->raw ? (size_t)row->length : 0;

	memset(&it, 0, sizeof(it));
	it.type = ITEM_REJECT;
	it.rej = *row;
	it.bytes = xmalloc(f + r + raw + 2);
	it.spill = f + r + raw + 2;
	memcpy(it.bytes, row->reason, r + 1);
	it.rej.reason = it.bytes;
	if (row->field) {
		memcpy(it.bytes + r + 1, row->field, f + 1);
		it.rej.field = it.bytes + r + 1;
	}
	if (row->raw) {
		memcpy(it.bytes + r + f + 2, row->raw, raw);
		it.rej.raw = it.bytes + r + f + 2;
	}
	return put(p, &it, e);
}

int pipe_fact(struct pipe *p, const char *rule, long line, const char *subject,
	      const char *args, struct error *e)
{
	struct item it;

	memset(&it, 0, sizeof(it));
	it.type = ITEM_FACT;
	it.rule = (char *)rule;
	it.line = line;
	it.subject = subject ? xstrdup(subject) : NULL;
	it.args = xstrdup(args);
	return put(p, &it, e);
}

static void *worker(void *arg)
{
	struct pipe *p = arg;
	int rc = p->reader(p->fc, &p->worker_error);
	struct error flush_error;

	if (flush(p, rc ? &flush_error : &p->worker_error))
		rc = -1;
	tree_arena_block(NULL, 0);
	record_thread_release();
	pthread_mutex_lock(&p->lock);
	p->worker_rc = rc;
	p->done = 1;
	pthread_cond_signal(&p->not_empty);
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

/* Applies one item to the store. */
static int apply(struct filectx *fc, struct item *it, struct error *e)
{
	struct integrity_row row;

	switch (it->type) {
	case ITEM_RECORD:
		return store_record_add(fc->st, fc->file_id, &it->rec, e);
	case ITEM_REJECT:
		return store_reject_add(fc->st, fc->file_id, &it->rej, e);
	case ITEM_FACT:
		row = (struct integrity_row){ it->rule, it->line, it->subject, it->args, 0, 0 };
		return store_integrity_add(fc->st, fc->file_id, &row, e);
	}
	return 0;
}

int pipe_run(struct filectx *fc, int (*reader)(struct filectx *, struct error *),
	     struct error *e)
{
	struct pipe *p = xcalloc(1, sizeof(*p));
	pthread_t thread;
	int failed = 0;

	p->fc = fc;
	p->reader = reader;
	p->arenas = xmalloc((size_t)NARENAS * ARENA_BYTES);
	tree_arena_pool(p->arenas, (size_t)NARENAS * ARENA_BYTES);
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->not_empty, NULL);
	pthread_cond_init(&p->not_full, NULL);
	fc->pipe = p;
	if (!threads_enabled() || pthread_create(&thread, NULL, worker, p) != 0) {
		fc->pipe = NULL;
		failed = reader(fc, e) ? 1 : 0; /* read on this thread */
		goto out;
	}
	for (;;) {
		struct item *batch = p->batch;
		size_t n = 0, spill = 0;
		long records = 0;

		/* Take what is there (up to half the queue) in one lock, once there is a
		 * batch or the worker waits or is done. While this thread waits, the worker
		 * may run out of memory and undo the store's transaction. */
		pthread_mutex_lock(&p->lock);
		store_write_pause();
		while ((!p->count || (p->count < BATCH && !p->waiting)) && !p->done)
			pthread_cond_wait(&p->not_empty, &p->lock);
		pthread_mutex_unlock(&p->lock);
		store_write_resume();
		pthread_mutex_lock(&p->lock);
		if (!p->count && p->done) {
			pthread_mutex_unlock(&p->lock);
			break;
		}
		while (p->count && n < QUEUE_SLOTS / 2) {
			batch[n++] = p->slots[p->head];
			p->head = (p->head + 1) % QUEUE_SLOTS;
			p->count--;
		}
		pthread_cond_signal(&p->not_full);
		pthread_mutex_unlock(&p->lock);
		for (size_t i = 0; i < n; i++) {
			if (!failed && apply(fc, &batch[i], e)) {
				failed = 1;
				pthread_mutex_lock(&p->lock);
				__atomic_store_n(&p->stopped, 1, __ATOMIC_RELEASE);
				pthread_cond_signal(&p->not_full);
				pthread_mutex_unlock(&p->lock);
			}
			records += batch[i].type == ITEM_RECORD;
			spill += batch[i].spill;
			item_release(&batch[i]);
		}
		if (records || spill) {
			/* their arenas and memory may be reused now */
			pthread_mutex_lock(&p->lock);
			__atomic_add_fetch(&p->stored, records, __ATOMIC_RELEASE);
			__atomic_sub_fetch(&p->spill, spill, __ATOMIC_RELEASE);
			pthread_cond_signal(&p->not_full);
			pthread_mutex_unlock(&p->lock);
		}
	}
	store_write_pause();
	pthread_join(thread, NULL);
	store_write_resume();
	fc->pipe = NULL;
	if (!failed && p->worker_rc) {
		*e = p->worker_error;
		failed = 1;
	}
out:
	record_thread_release(); /* what hashing records left to this side kept */
	tree_arena_pool(NULL, 0);
	free(p->arenas);
	pthread_cond_destroy(&p->not_full);
	pthread_cond_destroy(&p->not_empty);
	pthread_mutex_destroy(&p->lock);
	free(p);
	return failed ? -1 : 0;
}
