/*
 * xml.h - the report as XML (schemas/report.xsd), the only code that uses libxml2's
 * writer. Written into an opened outfile, which the caller commits: a reader never sees
 * half a report.
 */
#ifndef TAITS_REPORT_XML_H
#define TAITS_REPORT_XML_H

#include "../util/error.h"
#include "../util/outfile.h"
#include "model.h"

int report_xml_write(const struct report *rep, const struct outfile *of, struct error *e);

#endif
