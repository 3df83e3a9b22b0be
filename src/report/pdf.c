/*
 * pdf.c - placeholder until the PDF writer lands: says so.
 */
#include "pdf.h"

int report_pdf_write(const struct report *rep, const char *path, const char *xml_sha256,
		     struct error *e)
{
	(void)rep;
	(void)xml_sha256;
	return error_at(e, EXIT_USAGE, "report", path, 0, 0, NULL,
			"PDF reports are not available in this version yet (use --format xml)");
}
