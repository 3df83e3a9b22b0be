/*
 * message.h - filling a catalog message template with a finding's arguments.
 */
#ifndef TAITS_MESSAGE_H
#define TAITS_MESSAGE_H

#include "../util/tree.h"

/* A finding's arguments, JSON text[0, len), read so that a number keeps the text it was
 * written as (a seq past 2^53 is quoted to its last digit); NULL when it is no JSON
 * (or json is NULL). */
cJSON *message_args(const char *json, size_t len);

/* Replaces {name} with the argument of that name (a missing or null argument reads
 * "(none)" or "（無）"), and {record} with `record`. Returns a new string. In a zh
 * message, an argument that is one of the known English phrases is given in 繁體中文. */
char *message_render(const char *tmpl, const cJSON *args, const char *record, int zh);

/* The 繁體中文 of a known phrase; the phrase itself when it is not one. */
const char *message_phrase_zh(const char *en);

#endif
