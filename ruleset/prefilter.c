/* prefilter.c: skip files that no rule can match, with one PCRE2 JIT scan per file.
 *
 * From the rule set we derive (ruleset/literals.h), per language, literals at least one of which
 * must occur in any file a rule can match (see prefilter.h). The literals are joined into one alternation,
 * compiled with PCRE2 JIT once, and each file is scanned once: PCRE2 builds a start-byte bitmap
 * for the alternation, so the scan mostly skips through bytes that cannot start a literal.
 * A hand-written Aho-Corasick would do the same job; PCRE2 is already a dependency and JIT
 * makes it as fast for a few dozen literals. */
#include "ruleset/prefilter.h"

#include <stdlib.h>
#include <string.h>

#include "ruleset/literals.h"

struct dc_prefilter {
    pcre2_code *re[DC_LANG_COUNT]; /* NULL: every file of that language is scanned */
    bool all[DC_LANG_COUNT];
};

dc_prefilter *dc_prefilter_build(const dc_ruleset *rs) {
    dc_prefilter *pf = dc_xcalloc(1, sizeof *pf);
    dc_lits lits[DC_LANG_COUNT] = {{0}};
    for (uint32_t i = 0; i < dc_ruleset_count(rs); i++) {
        const dc_rule *r = dc_ruleset_get(rs, i);
        if (r->engine) { /* unused-suppression: the marker itself */
            for (int l = 1; l < DC_LANG_COUNT; l++) dc_lits_add(&lits[l], "dcmigrate:", 10);
            continue;
        }
        if (r->analyser) { /* its own literals (required), Python only */
            for (uint32_t j = 0; j < r->nprefilter; j++)
                dc_lits_add(&lits[DC_LANG_PYTHON], r->prefilter[j], strlen(r->prefilter[j]));
            continue;
        }
        for (uint32_t k = 0; k < r->nentries; k++) {
            const dc_match_entry *e = &r->entries[k];
            dc_lits el = {0};
            bool ok = dc_lits_of_entry(r, e, &el);
            for (int l = 1; l < DC_LANG_COUNT; l++) {
                if (!e->langs[l]) continue;
                if (!ok) pf->all[l] = true;
                for (uint32_t j = 0; j < el.len; j++) dc_lits_add(&lits[l], el.v[j], strlen(el.v[j]));
            }
            dc_lits_free(&el);
        }
    }
    for (int l = 1; l < DC_LANG_COUNT; l++) {
        if (!pf->all[l] && lits[l].len) pf->re[l] = dc_lits_compile(&lits[l]);
        if (!pf->re[l] && lits[l].len) pf->all[l] = true; /* could not compile: be safe, scan */
        dc_lits_free(&lits[l]);
    }
    return pf;
}

bool dc_prefilter_pass(const dc_prefilter *pf, dc_lang lang, const char *data, size_t len, pcre2_match_data *md) {
    if (!pf || (unsigned)lang >= DC_LANG_COUNT || pf->all[lang]) return true;
    if (!pf->re[lang]) return false; /* no rule for this language at all */
    return pcre2_match(pf->re[lang], (PCRE2_SPTR)data, len, 0, 0, md, NULL) >= 0;
}

void dc_prefilter_free(dc_prefilter *pf) {
    if (!pf) return;
    for (int l = 0; l < DC_LANG_COUNT; l++) pcre2_code_free(pf->re[l]);
    free(pf);
}
