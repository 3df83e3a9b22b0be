/*
 * message.h - filling a catalog message template with a finding's arguments.
 */
#ifndef TAITS_MESSAGE_H
#define TAITS_MESSAGE_H

#include "../util/tree.h"

/* Replaces {name} with the argument of that name (a missing or null argument reads
 * "(none)" or "（無）"), and {record} with `record`. Returns a new string. */
char *message_render(const char *tmpl, const cJSON *args, const char *record, int zh);

#endif
