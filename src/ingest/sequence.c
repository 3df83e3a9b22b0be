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
 */
#define RECENT 8
#define SEQUENCE_RECENT_SOURCES 4096

struct recent {
	int64_t seq, ts;
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
	struct recent *recent; /* the last RECENT timed records, or NULL */
	unsigned nrecent;      /* how many were ever put there */
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
		free(s->slots[i].recent);
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
	unsigned n = slot->nrecent < RECENT ? slot->nrecent : RECENT;
	int found = 0;

	for (unsigned i = 0; slot->recent && i < n; i++)
		if (slot->recent[i].seq == seq) {
			if (slot->recent[i].ts == ts)
				return 2;
			found = 1;
		}
	return found;
}

static void recent_put(struct slot *slot, int64_t seq, int64_t ts)
{
	if (!slot->recent)
		return;
	slot->recent[slot->nrecent % RECENT] = (struct recent){ seq, ts };
	slot->nrecent++;
}

int sequence_observe(struct sequence *s, const char *source, int64_t seq, int64_t ts,
		     int offset_min, long line, int kind, struct seq_prev *prev)
{
	struct slot *slot = find(s->slots, s->cap, source);
	int flags = SEQ_OK, unknown = ts == SEQ_TS_UNKNOWN, seen, resent;

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
			slot->recent = xcalloc(RECENT, sizeof(*slot->recent));
		if (!unknown)
			recent_put(slot, seq, ts);
		s->used++;
		return SEQ_OK;
	}
	prev->seq = slot->seq;
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
	seen = seq == slot->hi + 1 || unknown ? 0 : recent_seen(slot, seq, ts);
	if (seq == slot->hi + 1) {
		slot->hi = seq;
	} else if (seen == 2) {
		/* a copy of a recent record, sent again: a repeat wherever it falls */
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
