/*
 * pdf.h - the report as PDF; pdf*.c are the only code that uses libharu. Rendered from
 * the same report model as the XML; the footer of every page carries the SHA-256 of the
 * XML report it accompanies. Written into an opened outfile, which the caller commits.
 *
 * Layout and words come from the report template (template.h: templates/report.yaml, or
 * the file named by $TAITS_AUDIT_TEMPLATE). The document's dates are the audited day's
 * local midnight, or $SOURCE_DATE_EPOCH when set: the same model gives the same bytes.
 */
#ifndef TAITS_REPORT_PDF_H
#define TAITS_REPORT_PDF_H

#include "../util/error.h"
#include "../util/outfile.h"
#include "model.h"

/* xml_sha256: hex SHA-256 of the accompanying XML report, or NULL when none was written.
 * Returns 0, or -1 with *e set (a template error, an unreadable font, a libharu error with
 * its number, an output error). */
int report_pdf_write(const struct report *rep, const struct outfile *of,
		     const char *xml_sha256, struct error *e);
/* What a PDF will need from the environment, checked before a run stores or writes
 * anything: $SOURCE_DATE_EPOCH a number of seconds, $TAITS_AUDIT_TEMPLATE a template. */
int report_pdf_check(struct error *e);

#endif
