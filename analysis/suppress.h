/* suppress.h: `dcmigrate: ignore[...]` comments.
 *
 *   x = dc.tools.get(...)  # dcmigrate: ignore[tools-get]        this line
 *   # dcmigrate: ignore[tools-get, connect-link]                   a comment alone on its line:
 *   x = dc.tools.get(...)                                          ... also the line below it
 *   # dcmigrate: ignore                                            every rule, that line / below
 *   # dcmigrate: ignore-file[tools-execute]                        the whole file (anywhere in it)
 *   // dcmigrate: ignore[...]                                      the same in TS/JS
 *
 * Only real comments count (a tree-sitter comment node; in .env files a line starting with #),
 * so the marker inside a string does nothing. Suppressed findings are removed by the analysis,
 * before any fix is planned, so a suppressed site is never rewritten. A suppression that
 * suppresses nothing is reported as a finding of the `unused-suppression` rule (ruff RUF100): for
 * each listed rule id that is enabled in this run and matched nothing on its lines, or that no
 * rule has at all. */
#ifndef DC_SUPPRESS_H
#define DC_SUPPRESS_H

#include "analysis/analysis.h"
#include "ruleset/rules.h"

/* Applies the file's suppressions to `an->findings` (removing suppressed ones) and appends
 * unused-suppression findings, their messages in `arena` (the analysis' own). `rs` tells which
 * rule ids exist and are enabled. The engine calls it before it returns the analysis. */
void dc_suppress_apply(dc_analysis *an, const dc_ruleset *rs, dc_arena *arena);

#endif
