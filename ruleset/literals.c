/* literals.c: see literals.h. */
#include "ruleset/literals.h"

#include <stdlib.h>
#include <string.h>

/* ---- literal sets ----------------------------------------------------------------------------- */

void dc_lits_add(dc_lits *l, const char *s, size_t n) {
    if (!n) return;
    for (uint32_t i = 0; i < l->len; i++)
        if (strlen(l->v[i]) == n && memcmp(l->v[i], s, n) == 0) return;
    dc_vec_push(l, dc_xstrndup(s, n));
}

void dc_lits_free(dc_lits *l) {
    for (uint32_t i = 0; i < l->len; i++) free(l->v[i]);
    dc_vec_free(l);
}

void dc_lits_add_sdk_names(dc_lits *l) {
    for (int p = DC_PROFILE_DEVCASTER; p < DC_PROFILE_COUNT; p++) {
        const char *n = dc_profile_names_get((dc_profile)p)->name;
        dc_lits_add(l, n, strlen(n)); /* matched caselessly: devcaster, Devcaster, DEVCASTER_ */
    }
}

pcre2_code *dc_lits_compile(const dc_lits *lits) {
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

/* ---- before compiling: the prefilter's reading -------------------------------------------------- */

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
    dc_lits *lits;
    bool unfilterable;
} pat_ctx;

/* One pattern: the literals of its #eq? / #any-of? predicates (a match needs one of them
 * verbatim in the file). A pattern without such a predicate could match anything. */
static void pattern_literals(const char *p, size_t n, void *vctx) {
    pat_ctx *c = vctx;
    dc_lits mine = {0};
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
                dc_lits_add(&mine, s, (size_t)(r - s));
                if (eq) break; /* #eq? @a "x": one literal */
            } else if (*r == '@' && eq) {
                break; /* #eq? @a @b: no literal */
            }
            r++;
        }
        if (eq && mine.len) break; /* the first #eq? literal is enough */
    }
    if (!mine.len) c->unfilterable = true;
    for (uint32_t i = 0; i < mine.len; i++) dc_lits_add(c->lits, mine.v[i], strlen(mine.v[i]));
    dc_lits_free(&mine);
}

/* Literal requirements of one match entry, for both profiles' expansions. */
static bool query_literals(const dc_match_entry *e, dc_lits *lits) {
    if (e->receiver || e->class_capture) {
        dc_lits_add_sdk_names(lits);
        return true;
    }
    if (e->regex) {
        if (!strstr(e->regex, "{{sdk_")) return false;
        dc_lits_add_sdk_names(lits);
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

bool dc_lits_of_entry(const dc_rule *r, const dc_match_entry *e, dc_lits *out) {
    if (!r->nprefilter) return query_literals(e, out);
    for (uint32_t j = 0; j < r->nprefilter; j++) /* the rule says which literals it needs */
        for (int p = DC_PROFILE_DEVCASTER; p < DC_PROFILE_COUNT; p++) {
            dc_buf x = DC_BUF_INIT;
            dc_expand_profile(&x, r->prefilter[j], (dc_profile)p);
            dc_lits_add(out, x.p, x.len);
            dc_buf_free(&x);
        }
    return true;
}

/* ---- compiled queries: the witness -------------------------------------------------------------- */

/* Containers worth descending into: big, and made of statements. Only those that are the root
 * kind of no pattern are used (see witness.h). */
static const char *const split_py[] = {"class_definition", "function_definition", "decorated_definition", "block", NULL};
static const char *const split_ts[] = {"class_declaration", "abstract_class_declaration", "class_body",
                                       "function_declaration", "generator_function_declaration", "statement_block",
                                       "export_statement", "method_definition",
                                       /* `declare namespace ts { ... }` (all of typescript.d.ts),
                                        * `namespace n { ... }` (an expression statement) */
                                       "ambient_declaration", "internal_module", "module",
                                       "expression_statement", NULL};

/* The node kind a pattern's text starts with: `((call ...) @x (#eq? ...))` -> "call"; empty
 * when it is not a plain node (a wildcard, an alternation, a string). */
static dc_sv root_kind(const char *text) {
    const char *p = text;
    while (*p == '(' || *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    const char *q = p;
    while ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9') || *q == '_') q++;
    dc_sv k = dc_sv_from(p, (size_t)(q - p));
    if (q == p || dc_sv_eq_cstr(k, "_") || p == text) return (dc_sv){0};
    return k;
}

static void add_value(dc_lits *v, const char *s) {
    if (s) dc_lits_add(v, s, strlen(s));
}

static bool always_captured(const TSQuery *q, uint32_t pattern, uint32_t capture) {
    TSQuantifier k = ts_query_capture_quantifier_for_id(q, pattern, capture);
    return k == TSQuantifierOne || k == TSQuantifierOneOrMore;
}

static bool ident_byte(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }

/* The longest run of letters, digits and `_` (see literals.h); length 0 makes the predicate no
 * witness. */
size_t dc_regex_literal(const char *re, const char **at) {
    if (strstr(re, "\\Q")) return 0;
    for (const char *p = strstr(re, "(?"); p; p = strstr(p + 1, "(?"))
        if (p[2] != ':') return 0;
    int depth = 0;
    bool in_class = false;
    size_t best = 0;
    const char *run = NULL;
    size_t len = 0;
    for (const char *p = re; *p; p++) {
        char ch = *p;
        bool lit = false;
        if (ch == '\\') {
            if (!p[1]) return 0;
            p++;
        } else if (in_class) {
            if (ch == ']') in_class = false;
        } else if (ch == '[') {
            in_class = true;
        } else if (ch == '{') { /* a quantifier's bounds are no literal */
            while (p[1] && p[1] != '}') p++;
        } else if (ch == '(') {
            depth++;
        } else if (ch == ')') {
            depth--;
        } else if (ch == '|' && depth == 0) {
            return 0;
        } else if (depth == 0 && ident_byte(ch)) {
            char q = p[1];
            lit = q != '?' && q != '*' && q != '{';
            if (lit && !run) run = p;
            if (lit) len++;
            if (lit && q == '+') { /* required once, then repeated: the run ends here */
                if (len > best) best = len, *at = run;
                run = NULL, len = 0;
                continue;
            }
        }
        if (!lit) {
            if (len > best) best = len, *at = run;
            run = NULL, len = 0;
        }
    }
    if (len > best) best = len, *at = run;
    return best >= 3 ? best : 0;
}

/* The shortest value of a literal predicate (its regex's required run for #match?). */
static size_t literal_min(const dc_pred *p) {
    size_t m = SIZE_MAX;
    for (int f = DC_PROFILE_DEVCASTER; f < DC_PROFILE_COUNT; f++) {
        if (p->op == DC_PRED_EQ) {
            if (strlen(p->literal.v[f]) < m) m = strlen(p->literal.v[f]);
        } else if (p->op == DC_PRED_ANY_OF) {
            for (uint32_t i = 0; i < p->nany; i++)
                if (strlen(p->any[i].v[f]) < m) m = strlen(p->any[i].v[f]);
        } else {
            const char *at = NULL;
            size_t r = dc_regex_literal(p->literal.v[f], &at);
            if (r < m) m = r;
        }
    }
    return m;
}

/* Adds the required run of a regex as a literal. */
static void add_run(dc_lits *v, const char *re) {
    const char *at = NULL;
    size_t n = dc_regex_literal(re, &at);
    if (n) dc_lits_add(v, at, n);
}

/* The literal predicate to use as the pattern's witness, or NULL. */
static const dc_pred *best_literal(const TSQuery *q, uint32_t pattern, const dc_cpattern *cp) {
    const dc_pred *best = NULL;
    size_t best_min = 0;
    uint32_t best_n = 0;
    for (uint32_t k = 0; k < cp->npreds; k++) {
        const dc_pred *p = &cp->preds[k];
        if (p->negate || !always_captured(q, pattern, p->capture)) continue;
        uint32_t n;
        size_t minlen = SIZE_MAX;
        if (p->op == DC_PRED_EQ && p->capture2 < 0 && p->literal.v[DC_PROFILE_DEVCASTER]) {
            n = 1;
            for (int f = DC_PROFILE_DEVCASTER; f < DC_PROFILE_COUNT; f++)
                if (strlen(p->literal.v[f]) < minlen) minlen = strlen(p->literal.v[f]);
        } else if (p->op == DC_PRED_MATCH && p->literal.v[DC_PROFILE_DEVCASTER]) {
            n = 1;
            for (int f = DC_PROFILE_DEVCASTER; f < DC_PROFILE_COUNT; f++) {
                const char *at = NULL;
                size_t r = dc_regex_literal(p->literal.v[f], &at);
                if (r < minlen) minlen = r;
            }
        } else if (p->op == DC_PRED_ANY_OF && p->nany) {
            n = p->nany;
            for (uint32_t i = 0; i < p->nany; i++)
                for (int f = DC_PROFILE_DEVCASTER; f < DC_PROFILE_COUNT; f++)
                    if (strlen(p->any[i].v[f]) < minlen) minlen = strlen(p->any[i].v[f]);
        } else {
            continue;
        }
        if (!minlen) continue; /* "" is in every text: no witness */
        if (!best || n < best_n || (n == best_n && minlen > best_min)) {
            best = p;
            best_n = n;
            best_min = minlen;
        }
    }
    return best;
}

static bool ascii_word(unsigned char u) {
    return (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u == '_';
}

static void add_escaped(dc_buf *pat, const char *lit) {
    /* escape every non-alphanumeric byte (\Q..\E would break on a literal holding \E) */
    for (const char *c = lit; *c; c++) {
        unsigned char u = (unsigned char)*c;
        if (!ascii_word(u) && u < 0x80) dc_buf_addc(pat, '\\');
        dc_buf_addc(pat, *c);
    }
}

/* One regex for all witnesses. `toks` are values of #eq? / #any-of?: the whole text of a node,
 * so where a match is, the value is not glued to more word characters (a token ends where the
 * next byte could not continue it): "create" witnesses `x.create(` but not `createNode`, which
 * in TypeScript sources is most of the text a bare substring search found. Only ASCII word
 * bytes count as glue, the conservative side (a `$` or a non-ASCII byte next to it still
 * counts as an occurrence). `runs` (required runs of #match? regexes) are plain substrings. */
static pcre2_code *compile_literals(const dc_lits *toks, const dc_lits *runs) {
    if (!toks->len && !runs->len) return NULL;
    dc_buf pat = DC_BUF_INIT;
    for (uint32_t i = 0; i < toks->len; i++) {
        const char *t = toks->v[i];
        size_t n = strlen(t);
        if (pat.len) dc_buf_addc(&pat, '|');
        if (n && ascii_word((unsigned char)t[0])) dc_buf_adds(&pat, "(?<![0-9A-Za-z_])");
        add_escaped(&pat, t);
        if (n && ascii_word((unsigned char)t[n - 1])) dc_buf_adds(&pat, "(?![0-9A-Za-z_])");
    }
    for (uint32_t i = 0; i < runs->len; i++) {
        if (pat.len) dc_buf_addc(&pat, '|');
        add_escaped(&pat, runs->v[i]);
    }
    int errcode;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat.p, pat.len, 0, &errcode, &off, NULL);
    if (re) pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    dc_buf_free(&pat);
    return re;
}

/* True when `text` has `(kind` followed by a non-identifier byte. */
static bool names_kind(const char *text, const char *kind) {
    size_t n = strlen(kind);
    for (const char *p = strchr(text, '('); p; p = strchr(p + 1, '(')) {
        const char *q = p + 1;
        while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r') q++;
        if (strncmp(q, kind, n) != 0) continue; /* first: q[n] is only readable when q holds kind */
        char after = q[n];
        bool ident = (after >= 'a' && after <= 'z') || (after >= 'A' && after <= 'Z') || (after >= '0' && after <= '9') || after == '_';
        if (!ident) return true;
    }
    return false;
}

dc_witness *dc_witness_build(const dc_cquery *cq, const char *text, const char *written, dc_lang lang) {
    if (!cq || !cq->query) return NULL;
    dc_lits lits[DC_PROFILE_COUNT] = {{0}}, toks[DC_PROFILE_COUNT] = {{0}};
    bool clients = false, classes = false, ok = true;
    for (uint32_t i = 0; i < cq->npatterns && ok; i++) {
        const dc_cpattern *cp = &cq->patterns[i];
        if (!cp->rule) continue; /* a pattern the engine never reports */
        const dc_pred *p = best_literal(cq->query, i, cp);
        /* (a legacy enum is a client binding too: its name is among the clients) */
        bool must_bind = cp->entry && (cp->entry->client == DC_CLIENT_REQUIRED || cp->entry->client == DC_CLIENT_LEGACY_ENUM);
        bool by_client = cp->recv_capture >= 0 && must_bind &&
                         always_captured(cq->query, i, (uint32_t)cp->recv_capture);
        /* A short word ("create", "execute", "tools") is in much ordinary code; the file's client
         * names are rarer, so a pattern that has both uses the client. */
        if (p && by_client && literal_min(p) < 10) p = NULL;
        if (p) {
            for (int f = DC_PROFILE_DEVCASTER; f < DC_PROFILE_COUNT; f++) {
                if (p->op == DC_PRED_EQ) add_value(&toks[f], p->literal.v[f]);
                else if (p->op == DC_PRED_MATCH) add_run(&lits[f], p->literal.v[f]);
                else
                    for (uint32_t k = 0; k < p->nany; k++) add_value(&toks[f], p->any[k].v[f]);
            }
        } else if (cp->recv_capture >= 0 && must_bind &&
                   always_captured(cq->query, i, (uint32_t)cp->recv_capture)) {
            clients = true;
        } else if (cp->class_capture >= 0 && always_captured(cq->query, i, (uint32_t)cp->class_capture)) {
            classes = true;
        } else {
            ok = false;
        }
    }
    dc_witness *w = NULL;
    if (ok) {
        w = dc_xcalloc(1, sizeof *w);
        w->clients = clients;
        w->classes = classes;
        const TSLanguage *g = dc_lang_grammar(lang);
        bool known = g != NULL;
        for (uint32_t i = 0; i < cq->npatterns && known; i++)
            if (!root_kind(text + ts_query_start_byte_for_pattern(cq->query, i)).len) known = false;
        const char *const *cand = lang == DC_LANG_PYTHON ? split_py : split_ts;
        for (uint32_t c = 0; known && cand[c] && w->nsplit < sizeof w->split / sizeof w->split[0]; c++) {
            /* Conservative: a kind named anywhere in the query (as a root, or as a child a
             * pattern rooted at the file's root node needs whole) is not descended through. */
            bool root = names_kind(written, cand[c]);
            TSSymbol sym = ts_language_symbol_for_name(g, cand[c], (uint32_t)strlen(cand[c]), true);
            if (!root && sym) w->split[w->nsplit++] = sym;
        }
        for (int f = DC_PROFILE_DEVCASTER; f < DC_PROFILE_COUNT; f++) {
            w->re[f] = compile_literals(&toks[f], &lits[f]);
            if ((toks[f].len || lits[f].len) && !w->re[f]) ok = false;
        }
        if (!ok) {
            dc_witness_free(w);
            w = NULL;
        }
    }
    for (int f = DC_PROFILE_DEVCASTER; f < DC_PROFILE_COUNT; f++) {
        dc_lits_free(&lits[f]);
        dc_lits_free(&toks[f]);
    }
    return w;
}

void dc_witness_free(dc_witness *w) {
    if (!w) return;
    for (int f = DC_PROFILE_DEVCASTER; f < DC_PROFILE_COUNT; f++) pcre2_code_free(w->re[f]);
    free(w);
}

