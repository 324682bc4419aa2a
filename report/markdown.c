/* markdown.c: a PR-comment-sized Markdown report for reviewers. (to be written) */
#include "report/report.h"

bool dc_report_write_markdown(const dc_report *r, FILE *out) {
    (void)r;
    fprintf(out, "format not implemented yet\n");
    return true;
}
