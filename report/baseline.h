/* baseline.h: adopt dcmigrate on a codebase that is not migrated yet.
 *
 * --write-baseline FILE records every current finding as {path, rule, line text} (the line text
 * with its whitespace collapsed, so re-indenting is not a change) and a count; --baseline FILE
 * then reports only findings that are not in it. Line numbers are deliberately not part of the
 * key: inserting code above an old finding must not make it "new". Two identical lines with the
 * same rule in one file are told apart by count: a third copy is new.
 *
 * The file is JSON written with jansson: {"tool": "dcmigrate", "version": 1, "findings": [...]}. */
#ifndef DC_BASELINE_H
#define DC_BASELINE_H

#include <stdbool.h>

#include "report/report.h"

bool dc_baseline_write(const dc_report *r, const char *path);
/* Removes the findings the baseline covers. Returns the number removed, or -1 when the file
 * cannot be read or is not a baseline (reported through diag). */
int dc_baseline_apply(dc_report *r, const char *path);

#endif
