/*
 * commands.h - the subcommands, one file each (cmd_<name>.c).
 */
#ifndef TAITS_COMMANDS_H
#define TAITS_COMMANDS_H

#include "cli.h"

extern const struct command cmd_ingest;
extern const struct command cmd_preflight;
extern const struct command cmd_review;
extern const struct command cmd_unfreeze;
extern const struct command cmd_report;
extern const struct command cmd_rules;

#endif
