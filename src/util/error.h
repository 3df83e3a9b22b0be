/*
 * error.h - one error value that travels up the call stack.
 *
 * A function that can fail takes a `struct error *` and returns 0 or -1. The first error
 * set wins: later calls to error_set() on the same value are ignored, so the innermost,
 * most specific message is the one the user sees. The `status` is the exit status class
 * of CLI.md the error maps to (2 usage, 3 input/output, 4 store).
 */
#ifndef TAITS_ERROR_H
#define TAITS_ERROR_H

#include <stdarg.h>
#include <stdio.h>

enum exit_status {
	EXIT_COMPLIANT = 0, /* compliant, go, ready, or a command that succeeded */
	EXIT_FINDINGS = 1,  /* findings at or above --fail-on, no-go, not ready */
	EXIT_USAGE = 2,     /* usage or configuration error */
	EXIT_IO = 3,        /* an input or output path could not be read or written */
	EXIT_STORE = 4      /* audit store error */
};

struct error {
	int set;
	int status;
	char phase[16];  /* "ingest", "config", "store", ... */
	char file[512];  /* "" when not about a file */
	long line;       /* 0 when unknown */
	long column;     /* 0 when unknown */
	char field[96];  /* "" when not about a field */
	char msg[512];
};

#define ERROR_INIT { 0, 0, "", "", 0, 0, "", "" }

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

/* Sets a plain error (no file position). Returns -1. */
int error_set(struct error *e, int status, const char *phase, const char *fmt, ...)
	PRINTF_LIKE(4, 5);

/* Sets an error about a place in a file; line, column and field may be 0/NULL. Returns -1. */
int error_at(struct error *e, int status, const char *phase, const char *file, long line,
	     long column, const char *field, const char *fmt, ...) PRINTF_LIKE(8, 9);

/* Formats the error as one line without a newline: phase: 'file':line:col: field 'f': msg */
void error_format(const struct error *e, char *out, size_t size);

/* Prints "taits-audit: <formatted>\n" to fp, as line_print() does. */
void error_print(const struct error *e, FILE *fp);

/* Prints one line to fp and a newline, each control character in it (a line break in a
 * record's value, an escape sequence) written as \n, \r, \t or \xNN: a message about
 * input is one line, and a terminal shows what the input held rather than obeying it. */
void line_print(FILE *fp, const char *fmt, ...) PRINTF_LIKE(2, 3);

/* Clears the error for reuse. */
void error_clear(struct error *e);

/* Allocation that cannot fail: when memory runs out, error_out_of_memory(). */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Out of memory, on any thread: says so, lets the hook undo what the run was writing (it
 * returns nonzero when it undid something, and never gives back what it locked: nothing
 * else may write after it), and ends the process with EXIT_STORE. */
void error_out_of_memory(size_t n) __attribute__((noreturn));
/* The same, when a library ran out and said so: `what` names what failed. */
void error_out_of_memory_in(const char *what) __attribute__((noreturn));
void error_on_out_of_memory(int (*hook)(void));

/* The exit status of a path that could not be read or written for errno `err`:
 * EXIT_IO, but EXIT_STORE when memory ran out (ENOMEM), as CLI.md has it. */
int error_io_status(int err);

#endif
