/*
 * pdf.h - the report as PDF, the only code that uses libharu. Rendered from the same
 * report model as the XML; the footer of every page carries the SHA-256 of the XML
 * report it accompanies. Written to `path`.tmp and renamed.
 */
#ifndef TAITS_REPORT_PDF_H
#define TAITS_REPORT_PDF_H

#include "../util/error.h"
#include "model.h"

/* xml_sha256: hex SHA-256 of the accompanying XML report, or NULL when none was written. */
int report_pdf_write(const struct report *rep, const char *path, const char *xml_sha256,
		     struct error *e);

#endif
