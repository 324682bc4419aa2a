/* build.h: the report model built from analyses. A finished file's analysis becomes report
 * records (report.h: heap copies with 1-based positions) while its source and tree are still
 * alive, so they can be released right after; per-file fragments are then merged in input order.
 *
 * `keep` says which optional parts the records carry (DC_KEEP_*, report.h): the union of what
 * every report the run writes reads, so a text report does not hold every fix's edits. */
#ifndef DC_REPORT_BUILD_H
#define DC_REPORT_BUILD_H

#include <stdint.h>

#include "analysis/analysis.h"
#include "report/report.h"

/* Adds a record for every finding of `an` (its fixes planned, if the report shows them). */
void dc_report_add_analysis(dc_report *frag, const dc_analysis *an, unsigned keep);
/* Counts a scanned file and the sites in it already on sessions; lists the file itself only when
 * a report lists files (DC_KEEP_FILES), so a run over 100,000 files keeps no 100,000 paths. */
void dc_report_add_file(dc_report *frag, const char *path, uint32_t migrated, unsigned keep);
/* Moves everything of `src` (a file's fragment) to the end of `dst`; `src` is left empty. */
void dc_report_merge(dc_report *dst, dc_report *src);

#endif
