/* select.h: what a rule selector names (--select, --ignore, `select:` / `ignore:` in
 * .dcmigrate.yml), like ruff's rule selectors:
 *   ALL          every rule;
 *   an id        that rule (tools-get);
 *   a prefix     every rule whose id starts with it at a word boundary: it ends with `-`, or the
 *                id goes on with `-` (legacy- and legacy both select legacy-toolset,
 *                legacy-get-tools, ...; `legacy-g` selects nothing and is an error).
 * A selector that names no rule is an error everywhere it is written, with the closest id as a
 * suggestion (common/suggest.h). */
#ifndef DC_SELECT_H
#define DC_SELECT_H

#include <stdbool.h>

#include "common/base.h"
#include "ruleset/rules.h"

bool dc_selector_matches(const char *selector, const char *id);
/* True when `selector` names at least one rule of `rs` (call before --select / --ignore filter
 * the set). */
bool dc_selector_known(const dc_ruleset *rs, const char *selector);
/* Appends " (did you mean `ID`?)" with the closest rule id, or " (see --list-rules)". */
void dc_selector_hint(dc_buf *out, const dc_ruleset *rs, const char *selector);

#endif
