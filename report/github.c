/* github.c: GitHub Actions workflow-command annotations (::error file=...,line=...::msg). (to be written) */
#include "report/report.h"

bool dc_report_write_github(const dc_report *r, FILE *out) {
    (void)r;
    fprintf(out, "format not implemented yet\n");
    return true;
}
