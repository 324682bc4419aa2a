/* prefilter.h: the literal prefilter that lets dcmigrate skip parsing files no rule can match.
 *
 * Derived from the rule set (ruleset/literals.h): an entry with a `receiver` or `class`
 * constraint can only match in a file that spells the SDK's name (an import, a class name or an
 * annotation), so its literals are "devcaster" and "composio" (caselessly); a dotenv entry using
 * {{sdk_env}} likewise; any other query pattern needs the literal of its first #eq? (or one of
 * its #any-of? values) verbatim; the unused-suppression rule needs "dcmigrate:". A pattern with
 * none of these (a user rule with only #match?, say) turns the prefilter off for its languages:
 * never unsound, at worst slower. tests/test_perf_invariants.py proves prefiltered and
 * unfiltered runs agree.
 *
 * Ownership: built once per run, shared read-only by the workers (each passes its own match
 * data); free with dc_prefilter_free. */
#ifndef DC_PREFILTER_H
#define DC_PREFILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "ruleset/rules.h"

typedef struct dc_prefilter dc_prefilter;

dc_prefilter *dc_prefilter_build(const dc_ruleset *rs);
/* True when a file of `lang` with these bytes may produce a finding and must be analysed. */
bool dc_prefilter_pass(const dc_prefilter *pf, dc_lang lang, const char *data, size_t len, pcre2_match_data *md);
void dc_prefilter_free(dc_prefilter *pf);

#endif
