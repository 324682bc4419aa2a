/* rules_p.h: private to the rule set (ruleset/rules.c, the container and loading entry points;
 * ruleset/ruleload.c, YAML -> dc_rule; ruleset/compile.c, dc_rule -> compiled queries). */
#ifndef DC_RULES_P_H
#define DC_RULES_P_H

#include "ruleset/rules.h"
#include "common/yamlschema.h"

/* The rule in a loaded document (`data`/`len`: the raw file, for a block scalar's column), or
 * NULL after reporting through `y` why not: every schema error of the file is reported. */
dc_rule *dc_rule_parse(dc_yaml *y, const char *data, size_t len);
void dc_rule_free(dc_rule *r);

/* Compiles the dotenv regexes and checks every query (when `queries`) and where-regex of one
 * rule, for each profile and grammar, so a broken rule is reported at load time with its
 * location. Returns the number of errors. */
int dc_rule_check(const char *origin, dc_rule *r, bool queries);
/* The merged query of every entry of `rules` for `lang` (relaxed by ruleset/qrelax.h when
 * `relax`), with its witness; an entry that does not compile is reported and left out. NULL
 * when no entry is for `lang`. */
/* *errors receives the number of errors reported (entries left out of the query). */
dc_cquery *dc_cquery_merge(dc_rule *const *rules, uint32_t nrules, dc_lang lang, bool relax, uint32_t *errors);
void dc_cquery_free(dc_cquery *q);

#endif
