/*
 * xml.h - the report as XML (schemas/report.xsd), the only code that uses libxml2's
 * writer. Written to `path`.tmp and renamed, so a reader never sees half a report.
 */
#ifndef TAITS_REPORT_XML_H
#define TAITS_REPORT_XML_H

#include "../util/error.h"
#include "model.h"

int report_xml_write(const struct report *rep, const char *path, struct error *e);

#endif
