/*
 * sequence.c - an open-addressing table from source name to its last (seq, ts) and the
 * run of consecutive seqs it has shown so far.
 */
#include "sequence.h"

#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "../util/strhash.h"
#include "../util/timeutil.h"

/*
 * Besides the previous record, a source keeps the run [lo, hi] of consecutive seqs its
 * records have covered since the last finding, and the latest ts among them. A seq inside
 * the run is one already seen in this file, so a re-sent stretch of records is a repeat,
 * not a step back; a few numbers per source instead of every seq seen. A seq inside the
 * run but later than all of it, the previous seq included, is a reused seq: a record
 * that is neither a copy nor a conflict of an earlier one.
 *
 * The first SEQUENCE_RECENT_SOURCES sources of a file also keep the (seq, ts) of their
 * last RECENT records, which settle the common cases exactly: a record with the seq and
 * ts of one of them is a copy (a repeat, even after a gap), and one with the seq of one
 * of them but another ts is a reused seq (a step back), however its time compares.
 *
 * They also keep the last PAST runs a finding ended: a stretch re-sent after a gap
 * (records lost, then the shipper sending again from further back) is judged against the
 * run it repeats, as a stretch re-sent within the current run is. Without them the first
 * copy was a step back, and the next record, in order, a gap after it.
 */
#define RECENT 8
#define PAST 4
#define SEQUENCE_RECENT_SOURCES 4096

struct recent {
	int64_t seq, ts;
};

struct run {
	int64_t lo, hi, maxts;
};

/* What the first sources keep besides their current run. */
struct history {
	struct recent recent[RECENT];
	unsigned nrecent; /* how many were ever put there */
	struct run past[PAST];
	unsigned npast;   /* how many runs ended so far */
};

struct slot {
	char *source;
	int64_t seq, ts;
	int64_t lo, hi, maxts;
	int64_t untimed;     /* the seq of the run's last line without a readable time */
	int has_untimed;
	int offset_min;
	long line;    /* of the previous line, */
	int kind;     /* and its kind (0: rejected) */
	long ts_line; /* of the line whose time ts is, */
	int ts_kind;  /* its kind */
	int64_t ts_seq; /* and its seq */
	struct history *history; /* the last timed records and runs, or NULL */
};

struct sequence {
	struct slot *slots;
	size_t cap, used;
	long untracked;
};

struct sequence *sequence_new(void)
{
	struct sequence *s = xcalloc(1, sizeof(*s));

	s->cap = 64;
	s->slots = xcalloc(s->cap, sizeof(*s->slots));
	return s;
}

void sequence_free(struct sequence *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->cap; i++) {
		free(s->slots[i].source);
		free(s->slots[i].history);
	}
	free(s->slots);
	free(s);
}

static struct slot *find(struct slot *slots, size_t cap, const char *source)
{
	size_t i = (size_t)str_hash(source, 0) & (cap - 1);

	while (slots[i].source && strcmp(slots[i].source, source))
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

static void grow(struct sequence *s)
{
	size_t cap = s->cap * 2;
	struct slot *slots = xcalloc(cap, sizeof(*slots));

	for (size_t i = 0; i < s->cap; i++)
		if (s->slots[i].source)
			*find(slots, cap, s->slots[i].source) = s->slots[i];
	free(s->slots);
	s->slots = slots;
	s->cap = cap;
}

/* Among the source's last RECENT timed records: 2 when one has this seq and ts, 1 when
 * one has this seq (and none this ts too), 0 when none has it or none are kept. */
static int recent_seen(const struct slot *slot, int64_t seq, int64_t ts)
{
	const struct history *h = slot->history;
	int found = 0;

	for (unsigned i = 0; h && i < h->nrecent && i < RECENT; i++)
		if (h->recent[i].seq == seq) {
			if (h->recent[i].ts == ts)
				return 2;
			found = 1;
		}
	return found;
}

static void recent_put(struct slot *slot, int64_t seq, int64_t ts)
{
	struct history *h = slot->history;

	if (!h)
		return;
	h->recent[h->nrecent % RECENT] = (struct recent){ seq, ts };
	h->nrecent++;
}

/* Whether (seq, ts) may be a copy of a record of a run a gap ended: inside one of them,
 * and no later than all of it (a later time is a reused seq, as in the current run). */
static int past_seen(const struct slot *slot, int64_t seq, int64_t ts)
{
	const struct history *h = slot->history;

	for (unsigned i = 0; h && i < h->npast && i < PAST; i++)
		if (seq >= h->past[i].lo && seq <= h->past[i].hi && ts <= h->past[i].maxts)
			return 1;
	return 0;
}

/* Keeps the current run, which a finding ends, among the past ones. */
static void past_put(struct slot *slot)
{
	struct history *h = slot->history;

	if (!h)
		return;
	h->past[h->npast % PAST] = (struct run){ slot->lo, slot->hi, slot->maxts };
	h->npast++;
}

int sequence_observe(struct sequence *s, const char *source, int64_t seq, int64_t ts,
		     int offset_min, long line, int kind, struct seq_prev *prev)
{
	struct slot *slot = find(s->slots, s->cap, source);
	int flags = SEQ_OK, unknown = ts == SEQ_TS_UNKNOWN, seen, resent, next;

	/* A line without a readable time (a rejected one) is taken to be in order, and its
	 * seq is remembered: a later line with that seq may be the same line sent again,
	 * corrected, so it is a repeat whatever its time. */
	if (unknown && slot->source) {
		ts = slot->ts;
		offset_min = slot->offset_min;
	}

	if (!slot->source) {
		if (s->used >= SEQUENCE_MAX_SOURCES) {
			s->untracked++;
			return SEQ_OK;
		}
		if ((s->used + 1) * 2 > s->cap) {
			grow(s);
			slot = find(s->slots, s->cap, source);
		}
		slot->source = xstrdup(source);
		slot->seq = slot->lo = slot->hi = seq;
		slot->ts = slot->maxts = ts;
		slot->untimed = seq;
		slot->has_untimed = unknown;
		slot->offset_min = offset_min;
		slot->line = slot->ts_line = line;
		slot->kind = slot->ts_kind = kind;
		slot->ts_seq = seq;
		if (s->used < SEQUENCE_RECENT_SOURCES)
			slot->history = xcalloc(1, sizeof(*slot->history));
		if (!unknown)
			recent_put(slot, seq, ts);
		s->used++;
		return SEQ_OK;
	}
	prev->seq = slot->seq;
	prev->hi = slot->hi;
	prev->ts = slot->ts;
	prev->offset_min = slot->offset_min;
	prev->line = slot->line;
	prev->kind = slot->kind;
	prev->ts_line = slot->ts_line;
	prev->ts_kind = slot->ts_kind;
	prev->ts_seq = slot->ts_seq;
	resent = slot->has_untimed && seq == slot->untimed;
	/* nearly every record is the next one: the recent records are asked only off that
	 * path, and not of a line without a readable time (no identity to compare) */
	/* no seq follows INT64_MAX: what comes after it is a step back */
	next = slot->hi != INT64_MAX && seq == slot->hi + 1;
	seen = next || unknown ? 0 : recent_seen(slot, seq, ts);
	if (next) {
		slot->hi = seq;
	} else if (seen == 2) {
		/* a copy of a recent record, sent again: a repeat wherever it falls */
	} else if (!seen && !unknown && (seq < slot->lo || seq > slot->hi) &&
		   past_seen(slot, seq, ts)) {
		/* a stretch of a run a finding ended, sent again: a repeat too, and the
		 * current run goes on after it */
	} else if (seq < slot->lo || seq > slot->hi || (seen == 1 && !resent) ||
		   (ts > slot->maxts && !resent)) {
		/* A seq outside the run was never seen: a gap or a step back. One inside it
		 * but later than every record of the run, or with another time than the
		 * recent record of that seq, cannot be a copy of one of them: the seq was
		 * reused, a step back. A step back at a later time than the previous record
		 * may be the source numbering a new day afresh: whether its day is a later
		 * one is the review's to say, in its time zone. */
		flags |= SEQ_GAP;
		if (seq <= slot->seq && slot->ts != SEQ_TS_UNKNOWN && ts != SEQ_TS_UNKNOWN &&
		    ts > slot->ts)
			flags |= SEQ_RESTART;
		past_put(slot);
		slot->lo = slot->hi = seq;
		slot->maxts = ts;
		slot->has_untimed = 0;
	}
	if (ts > slot->maxts)
		slot->maxts = ts;
	if (unknown) {
		slot->untimed = seq;
		slot->has_untimed = 1;
	} else if (seen != 2) {
		recent_put(slot, seq, ts);
	}
	if (ts < slot->ts && ts != SEQ_TS_UNKNOWN)
		flags |= SEQ_TS_BACK;
	slot->seq = seq;
	slot->line = line;
	slot->kind = kind;
	if (!unknown) {
		slot->ts_line = line;
		slot->ts_kind = kind;
		slot->ts_seq = seq;
	}
	slot->ts = ts;
	slot->offset_min = offset_min;
	return flags;
}

long sequence_untracked(const struct sequence *s)
{
	return s->untracked;
}
