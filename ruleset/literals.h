/* literals.h: the text a rule's match must contain, derived once from the rules for the two
 * places that skip work with it.
 *
 *   - The prefilter (ruleset/prefilter.h) decides per file whether to parse it at all. It is
 *     built at start-up, before any query is compiled (compiling costs 0.1-0.2 s per language,
 *     ruleset/compile.c), so it reads each entry's query text: dc_lits_of_entry.
 *   - The witness (analysis/witness.h) narrows a parsed file's query run to the statements that
 *     can hold a match. It is built with the merged query, whose compiled predicates and capture
 *     quantifiers it uses: dc_witness_build.
 *
 * Both read the same facts (an #eq? value, the values of #any-of?, the required run of a #match?
 * regex, the SDK's names for an entry that needs a client or its class) and compile their
 * literal sets into one PCRE2 JIT alternation each; both are sound: a literal is only ever one
 * that every match contains. What they choose differs on purpose and must stay as it is: which
 * files the prefilter passes is visible (only parsed files get syntax-error notes), and the
 * witness picks per pattern the rarest required text.
 *
 * Ownership: a dc_lits owns its strings (dc_lits_free). A dc_witness is built with its merged
 * query and freed with it (dc_witness_free); read-only afterwards, shared by the workers. */
#ifndef DC_LITERALS_H
#define DC_LITERALS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ruleset/rules.h"
#include "common/base.h"

/* ---- literal sets ----------------------------------------------------------------------------- */

/* Literals in the order first added, without repeats. */
typedef DC_VEC(char *) dc_lits;

/* Adds a copy of s[0..n) unless it is empty or already there. */
void dc_lits_add(dc_lits *l, const char *s, size_t n);
void dc_lits_free(dc_lits *l);
/* The SDK's name in both spellings (devcaster, composio): a file with a client or an SDK import
 * spells one of them, in some letter case. */
void dc_lits_add_sdk_names(dc_lits *l);
/* One alternation of `l`, matched exactly, except the SDK names of dc_lits_add_sdk_names, which
 * are matched caselessly (Devcaster, DEVCASTER_). NULL when it does not compile. */
pcre2_code *dc_lits_compile(const dc_lits *l);

/* ---- before compiling: the prefilter's reading -------------------------------------------------- */

/* The literals one of which every match of entry `e` of rule `r` contains, for both profiles:
 * the rule's own `prefilter:` list when it has one; the SDK names for an entry with a receiver
 * or class constraint, or a dotenv regex with an {{sdk_*}} placeholder; else, per top-level
 * pattern of the query, the first #eq? literal (or the values of #any-of?). False when some
 * pattern has none: then anything may match. */
bool dc_lits_of_entry(const dc_rule *r, const dc_match_entry *e, dc_lits *out);

/* ---- compiled queries: the witness -------------------------------------------------------------- */

/* A literal every match of the regex `re` contains (the longest plain run outside groups,
 * classes and alternations, none of it optional, at least 3 bytes): its length, with *at
 * pointing into `re`; 0 when there is none or the regex is beyond this reading ((?i), \\Q,
 * a top-level |). */
size_t dc_regex_literal(const char *re, const char **at);

/* What a merged query's matches must contain (see analysis/witness.h for how a file uses it). */
typedef struct dc_witness {
    pcre2_code *re[DC_PROFILE_COUNT]; /* alternation of the literal witnesses; NULL: none */
    bool clients, classes;            /* some pattern's witness is a client / class name */
    TSSymbol split[16];               /* container kinds the ranges may descend through */
    uint32_t nsplit;
} dc_witness;

/* NULL when some pattern has no witness (then the whole tree is matched). `text` is the query
 * text as compiled, `written` the same entries as written (before ruleset/qrelax.h), where the
 * node kinds the patterns need are looked up. */
dc_witness *dc_witness_build(const dc_cquery *cq, const char *text, const char *written, dc_lang lang);
void dc_witness_free(dc_witness *w);

#endif
