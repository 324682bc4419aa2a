/* prefilter.c: skip files that no rule can match, with one PCRE2 JIT scan per file.
 *
 * From the rule set we derive, per language, literals at least one of which must occur in any
 * file a rule can match (see prefilter.h). The literals are joined into one alternation,
 * compiled with PCRE2 JIT once, and each file is scanned once: PCRE2 builds a start-byte bitmap
 * for the alternation, so the scan mostly skips through bytes that cannot start a literal.
 * A hand-written Aho-Corasick would do the same job; PCRE2 is already a dependency and JIT
 * makes it as fast for a few dozen literals. */
#include "analyzer/prefilter.h"

#include <stdlib.h>
#include <string.h>

struct dc_prefilter {
    pcre2_code *re[DC_LANG_COUNT]; /* NULL: every file of that language is scanned */
    bool all[DC_LANG_COUNT];
};

typedef DC_VEC(char *) lit_vec;

static void add_lit(lit_vec *v, const char *s, size_t n) {
    if (!n) return;
    for (uint32_t i = 0; i < v->len; i++)
        if (strlen(v->v[i]) == n && memcmp(v->v[i], s, n) == 0) return;
    dc_vec_push(v, dc_xstrndup(s, n));
}

/* Adds the SDK's names for both profiles: a file with a client or an SDK import spells one. */
static void add_sdk_names(lit_vec *v) {
    for (int p = DC_PROFILE_DEVCASTER; p < DC_PROFILE_COUNT; p++) {
        const char *n = dc_profile_names_get((dc_profile)p)->name;
        add_lit(v, n, strlen(n)); /* matched caselessly: devcaster, Devcaster, DEVCASTER_ */
    }
}

/* Top-level patterns of a query text: balanced parentheses, skipping strings and ; comments.
 * Calls fn for each [start, end). */
static void each_pattern(const char *q, void (*fn)(const char *, size_t, void *), void *ctx) {
    int depth = 0;
    const char *start = NULL;
    for (const char *p = q; *p; p++) {
        if (*p == ';') {
            while (*p && *p != '\n') p++;
            if (!*p) break;
            continue;
        }
        if (*p == '"') {
            for (p++; *p && *p != '"'; p++)
                if (*p == '\\' && p[1]) p++;
            if (!*p) break;
            continue;
        }
        if (*p == '(' || *p == '[') {
            if (depth++ == 0) start = p;
        } else if ((*p == ')' || *p == ']') && depth > 0) {
            if (--depth == 0 && start) fn(start, (size_t)(p + 1 - start), ctx);
        }
    }
}

typedef struct pat_ctx {
    lit_vec *lits;
    bool unfilterable;
} pat_ctx;

/* One pattern: the literals of its #eq? / #any-of? predicates (a match needs one of them
 * verbatim in the file). A pattern without such a predicate could match anything. */
static void pattern_literals(const char *p, size_t n, void *vctx) {
    pat_ctx *c = vctx;
    lit_vec mine = {0};
    const char *end = p + n;
    for (const char *q = p; q < end; q++) {
        bool eq = (size_t)(end - q) > 4 && memcmp(q, "#eq?", 4) == 0;
        bool any = (size_t)(end - q) > 8 && memcmp(q, "#any-of?", 8) == 0;
        if (!eq && !any) continue;
        const char *r = q + (eq ? 4 : 8);
        while (r < end && *r != ')') {
            if (*r == '"') {
                const char *s = ++r;
                while (r < end && *r != '"') r++;
                add_lit(&mine, s, (size_t)(r - s));
                if (eq) break; /* #eq? @a "x": one literal */
            } else if (*r == '@' && eq) {
                break; /* #eq? @a @b: no literal */
            }
            r++;
        }
        if (eq && mine.len) break; /* the first #eq? literal is enough */
    }
    if (!mine.len) c->unfilterable = true;
    for (uint32_t i = 0; i < mine.len; i++) {
        add_lit(c->lits, mine.v[i], strlen(mine.v[i]));
        free(mine.v[i]);
    }
    dc_vec_free(&mine);
}

/* Literal requirements of one match entry, for one profile's expansion. */
static bool entry_literals(const dc_match_entry *e, lit_vec *lits) {
    if (e->receiver || e->class_capture) {
        add_sdk_names(lits);
        return true;
    }
    if (e->regex) {
        if (!strstr(e->regex, "{{sdk_")) return false;
        add_sdk_names(lits);
        return true;
    }
    pat_ctx c = {lits, false};
    for (int p = DC_PROFILE_DEVCASTER; p < DC_PROFILE_COUNT; p++) {
        dc_buf q = DC_BUF_INIT;
        dc_expand_profile(&q, e->query, (dc_profile)p);
        each_pattern(q.p, pattern_literals, &c);
        dc_buf_free(&q);
    }
    return !c.unfilterable;
}

static pcre2_code *compile_alternation(const lit_vec *lits) {
    dc_buf pat = DC_BUF_INIT;
    for (uint32_t i = 0; i < lits->len; i++) {
        if (i) dc_buf_addc(&pat, '|');
        /* SDK names caselessly; everything else exactly */
        bool sdk = false;
        for (int p = DC_PROFILE_DEVCASTER; p < DC_PROFILE_COUNT; p++)
            if (strcmp(lits->v[i], dc_profile_names_get((dc_profile)p)->name) == 0) sdk = true;
        dc_buf_adds(&pat, sdk ? "(?i:\\Q" : "\\Q");
        dc_buf_adds(&pat, lits->v[i]);
        dc_buf_adds(&pat, sdk ? "\\E)" : "\\E");
    }
    int errcode;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat.p, pat.len, 0, &errcode, &off, NULL);
    if (re) pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    dc_buf_free(&pat);
    return re;
}

dc_prefilter *dc_prefilter_build(const dc_ruleset *rs) {
    dc_prefilter *pf = dc_xcalloc(1, sizeof *pf);
    lit_vec lits[DC_LANG_COUNT] = {{0}};
    for (uint32_t i = 0; i < dc_ruleset_count(rs); i++) {
        const dc_rule *r = dc_ruleset_get(rs, i);
        if (r->engine) { /* unused-suppression: the marker itself */
            for (int l = 1; l < DC_LANG_COUNT; l++) add_lit(&lits[l], "dcmigrate:", 10);
            continue;
        }
        for (uint32_t k = 0; k < r->nentries; k++) {
            const dc_match_entry *e = &r->entries[k];
            lit_vec el = {0};
            bool ok;
            if (r->nprefilter) { /* the rule says which literals it needs */
                for (uint32_t j = 0; j < r->nprefilter; j++)
                    for (int p = DC_PROFILE_DEVCASTER; p < DC_PROFILE_COUNT; p++) {
                        dc_buf x = DC_BUF_INIT;
                        dc_expand_profile(&x, r->prefilter[j], (dc_profile)p);
                        add_lit(&el, x.p, x.len);
                        dc_buf_free(&x);
                    }
                ok = true;
            } else {
                ok = entry_literals(e, &el);
            }
            for (int l = 1; l < DC_LANG_COUNT; l++) {
                if (!e->langs[l]) continue;
                if (!ok) pf->all[l] = true;
                for (uint32_t j = 0; j < el.len; j++) add_lit(&lits[l], el.v[j], strlen(el.v[j]));
            }
            for (uint32_t j = 0; j < el.len; j++) free(el.v[j]);
            dc_vec_free(&el);
        }
    }
    for (int l = 1; l < DC_LANG_COUNT; l++) {
        if (!pf->all[l] && lits[l].len) pf->re[l] = compile_alternation(&lits[l]);
        if (!pf->re[l] && lits[l].len) pf->all[l] = true; /* could not compile: be safe, scan */
        for (uint32_t j = 0; j < lits[l].len; j++) free(lits[l].v[j]);
        dc_vec_free(&lits[l]);
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
