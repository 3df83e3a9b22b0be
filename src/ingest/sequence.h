/*
 * sequence.h - per-source order within one file: LOG-SEQ-GAP and LOG-TS-ORDER facts.
 *
 * Remembers, for each source met in a file, the seq and ts of its previous record and the
 * run of consecutive seqs seen since its last gap (a seq inside it is a repeat), and the
 * (seq, ts) of its last few records (a copy of one is a repeat; its seq with another ts
 * is a reused seq, a step back). A step
 * back on a later operating day than the previous record is a restart (INPUT.md: "sequence
 * numbers may restart, for instance each day"), not a finding: SEQ_RESTART marks a step
 * back later in time, and the review judges its day in its own time zone.
 * Memory is bounded: past SEQUENCE_MAX_SOURCES sources in one file, new sources are not
 * tracked; sequence_untracked() says how many records went unchecked, and ingest prints
 * that count with the file's name.
 */
#ifndef TAITS_SEQUENCE_H
#define TAITS_SEQUENCE_H

#include <stdint.h>

#define SEQUENCE_MAX_SOURCES 65536

struct sequence;

enum {
	SEQ_OK = 0,
	SEQ_GAP = 1,     /* seq is a gap or a step back, not a repeat or the next one */
	SEQ_TS_BACK = 2, /* ts earlier than the previous record's */
	SEQ_RESTART = 4  /* with SEQ_GAP: a step back at a later time than the previous
			  * record, no finding when that is on a later operating day */
};

/* A ts that is not known (a rejected line without a readable one): no LOG-TS-ORDER. */
#define SEQ_TS_UNKNOWN INT64_MIN

struct sequence *sequence_new(void);
void sequence_free(struct sequence *s);
/* The previous record of a source, as sequence_observe() found it: the line whose seq a
 * gap is judged against, and the one whose time a step back in time is (they differ when
 * a line between them had no readable time). A kind of 0 is a rejected line. */
struct seq_prev {
	int64_t seq, ts;
	int64_t hi;     /* the highest seq of the source's run before this record: a seq
			 * at or below it is a step back, above it + 1 a gap */
	int offset_min; /* of ts, as written */
	long line;
	int kind;
	long ts_line;
	int ts_kind;
	int64_t ts_seq;
};

/* Records line `line` of the file, of `kind` (0: a rejected line), with (seq, ts written
 * at offset_min) for source; returns SEQ_* flags and the previous record in *prev. */
int sequence_observe(struct sequence *s, const char *source, int64_t seq, int64_t ts,
		     int offset_min, long line, int kind, struct seq_prev *prev);
long sequence_untracked(const struct sequence *s);

#endif
