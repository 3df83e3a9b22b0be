/*
 * version.h - the tool's version and the version of the rule catalog it implements.
 */
#ifndef TAITS_VERSION_H
#define TAITS_VERSION_H

#define TAITS_VERSION "0.1.0"
#define TAITS_CATALOG_VERSION "1"

#endif
