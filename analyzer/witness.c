/* witness.c: see witness.h for what a witness is and why the narrowing is sound. */
#include "analyzer/witness.h"

#include <stdlib.h>
#include <string.h>

struct dc_witness {
    pcre2_code *re[DC_PROFILE_COUNT]; /* alternation of the literal witnesses; NULL: none */
    bool clients, classes;            /* some pattern's witness is a client / class name */
    TSSymbol split[16];               /* container kinds the ranges may descend through */
    uint32_t nsplit;
};

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

typedef DC_VEC(const char *) cstr_vec;

static void add_unique(cstr_vec *v, const char *s) {
    if (!s || !*s) return;
    for (uint32_t i = 0; i < v->len; i++)
        if (strcmp(v->v[i], s) == 0) return;
    dc_vec_push(v, s);
}

static bool always_captured(const TSQuery *q, uint32_t pattern, uint32_t capture) {
    TSQuantifier k = ts_query_capture_quantifier_for_id(q, pattern, capture);
    return k == TSQuantifierOne || k == TSQuantifierOneOrMore;
}

static bool ident_byte(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }

/* A literal every match of the regex contains: the longest run of letters, digits and `_`
 * (at least 3) outside any group, class or alternation, none of it optional. Length 0 when
 * there is none or the regex is beyond this simple reading (inline flags such as (?i), \Q,
 * a top-level |): then the predicate is no witness. */
size_t dc_witness_regex_literal(const char *re, const char **at) {
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
            size_t r = dc_witness_regex_literal(p->literal.v[f], &at);
            if (r < m) m = r;
        }
    }
    return m;
}

/* Adds the required run of a regex as a literal (kept alive in `runs`). */
static void add_run(cstr_vec *runs, cstr_vec *v, const char *re) {
    const char *at = NULL;
    size_t n = dc_witness_regex_literal(re, &at);
    if (!n) return;
    char *s = dc_xstrndup(at, n);
    dc_vec_push(runs, s);
    add_unique(v, s);
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
                size_t r = dc_witness_regex_literal(p->literal.v[f], &at);
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
static pcre2_code *compile_literals(const cstr_vec *toks, const cstr_vec *runs) {
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
    cstr_vec lits[DC_PROFILE_COUNT] = {{0}}, toks[DC_PROFILE_COUNT] = {{0}}, runs = {0};
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
                if (p->op == DC_PRED_EQ) add_unique(&toks[f], p->literal.v[f]);
                else if (p->op == DC_PRED_MATCH) add_run(&runs, &lits[f], p->literal.v[f]);
                else
                    for (uint32_t k = 0; k < p->nany; k++) add_unique(&toks[f], p->any[k].v[f]);
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
        dc_vec_free(&lits[f]);
        dc_vec_free(&toks[f]);
    }
    for (uint32_t i = 0; i < runs.len; i++) free((char *)runs.v[i]);
    dc_vec_free(&runs);
    return w;
}

void dc_witness_free(dc_witness *w) {
    if (!w) return;
    for (int f = DC_PROFILE_DEVCASTER; f < DC_PROFILE_COUNT; f++) pcre2_code_free(w->re[f]);
    free(w);
}

static bool word_char(unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || c >= 0x80;
}

/* The identifier run of a normalised name to search for: the longest one that is not
 * self/this/cls (those are everywhere), else the longest. Empty when the name has none. */
static dc_sv name_run(dc_sv name) {
    dc_sv best = {0}, any = {0};
    for (uint32_t i = 0; i < name.len;) {
        if (!word_char((unsigned char)name.p[i])) {
            i++;
            continue;
        }
        uint32_t j = i;
        while (j < name.len && word_char((unsigned char)name.p[j])) j++;
        dc_sv r = dc_sv_from(name.p + i, j - i);
        if (r.len > any.len) any = r;
        bool common = dc_sv_eq_cstr(r, "self") || dc_sv_eq_cstr(r, "this") || dc_sv_eq_cstr(r, "cls");
        if (!common && r.len > best.len) best = r;
        i = j;
    }
    return best.len ? best : any;
}

typedef DC_VEC(uint32_t) u32_vec;

static int cmp_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Where the identifier run `needle` occurs as a token: a run is maximal, so where the name is
 * used, the bytes around it are no ASCII word bytes (`client` is not in `clients` nor in
 * `http_client`); only ASCII ones count, the conservative side, as in compile_literals. */
static void find_text(u32_vec *occ, const char *data, uint32_t len, dc_sv needle) {
    const char *p = data, *end = data + len;
    while ((size_t)(end - p) >= needle.len) {
        const char *q = memmem(p, (size_t)(end - p), needle.p, needle.len);
        if (!q) break;
        bool glued = (q > data && ascii_word((unsigned char)q[-1])) ||
                     (q + needle.len < end && ascii_word((unsigned char)q[needle.len]));
        if (!glued) dc_vec_push(occ, (uint32_t)(q - data));
        p = q + 1;
    }
}

/* True when some occurrence lies in [start, end). */
static bool has_occ(const u32_vec *occ, uint32_t start, uint32_t end) {
    uint32_t lo = 0, hi = occ->len;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (occ->v[mid] < start) lo = mid + 1;
        else hi = mid;
    }
    return lo < occ->len && occ->v[lo] < end;
}

static bool is_split(const dc_witness *w, TSSymbol s) {
    for (uint32_t i = 0; i < w->nsplit; i++)
        if (w->split[i] == s) return true;
    return false;
}

typedef DC_VEC(dc_byte_range) range_vec;

/* Each range costs a cursor run from the root, which steps over the root's children before it:
 * ranges closer than this are merged, and more than DC_WITNESS_MAX_RANGES of them are not worth
 * it (lib.dom.d.ts: thousands of declarations, "create" in hundreds). */
#define DC_WITNESS_GAP 1024u
#define DC_WITNESS_MAX_RANGES 32u

static void add_range(range_vec *v, uint32_t start, uint32_t end) {
    /* one past the end: a zero-width (MISSING) node at the very end stays inside */
    end = end + 1 > end ? end + 1 : end;
    if (v->len && start <= v->v[v->len - 1].end + DC_WITNESS_GAP) {
        if (end > v->v[v->len - 1].end) v->v[v->len - 1].end = end;
        return;
    }
    dc_byte_range r = {start, end};
    dc_vec_push(v, r);
}

/* Containers smaller than this are matched whole: descending would save nothing. */
#define DC_WITNESS_SPLIT_MIN 512u

bool dc_witness_ranges(const dc_witness *w, dc_arena *arena, const char *data, uint32_t len, TSNode root,
                       const dc_bindings *b, dc_profile profile, pcre2_match_data *md, dc_byte_range **out,
                       uint32_t *n) {
    *out = NULL;
    *n = 0;
    if (!w || !b) return false;
    if (ts_node_child_count(root) < 4 && ts_node_end_byte(root) - ts_node_start_byte(root) < 4096) return false;
    u32_vec occ = {0};
    bool ok = true, sorted = true;
    int f = profile == DC_PROFILE_AUTO ? DC_PROFILE_DEVCASTER : (int)profile;
    const pcre2_code *re = w->re[f];
    if (re) {
        PCRE2_SIZE off = 0;
        while (off <= len) {
            int rc = pcre2_match(re, (PCRE2_SPTR)data, len, off, 0, md, NULL);
            if (rc == PCRE2_ERROR_NOMATCH) break;
            if (rc < 0) { /* a limit or another error: match everything */
                ok = false;
                break;
            }
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
            dc_vec_push(&occ, (uint32_t)ov[0]);
            off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
        }
    }
    for (int pass = 0; pass < 2 && ok; pass++) {
        if (pass == 0 ? !w->clients : !w->classes) continue;
        const dc_sv *names = pass == 0 ? b->clients.v : b->class_names.v;
        uint32_t nn = pass == 0 ? b->clients.len : b->class_names.len;
        for (uint32_t i = 0; i < nn && ok; i++) {
            dc_sv r = name_run(names[i]);
            if (!r.len) ok = false;
            else find_text(&occ, data, len, r);
            sorted = false;
        }
    }
    if (!ok) {
        dc_vec_free(&occ);
        return false;
    }
    if (!sorted && occ.len > 1) qsort(occ.v, occ.len, sizeof *occ.v, cmp_u32);
    /* Preorder over the nodes holding an occurrence: a container is entered, anything else is
     * a range. Iterative, with the cursor's own path: nesting can be 10,000 deep. */
    range_vec v = {0};
    TSTreeCursor c = ts_tree_cursor_new(root);
    uint32_t depth = 0;
    if (occ.len && ts_tree_cursor_goto_first_child(&c)) {
        depth = 1;
        for (;;) {
            TSNode nd = ts_tree_cursor_current_node(&c);
            uint32_t s0 = ts_node_start_byte(nd), e0 = ts_node_end_byte(nd);
            bool descended = false;
            if (has_occ(&occ, s0, e0)) {
                if (e0 - s0 >= DC_WITNESS_SPLIT_MIN && is_split(w, ts_node_symbol(nd)) &&
                    ts_tree_cursor_goto_first_child(&c)) {
                    depth++;
                    descended = true;
                } else {
                    add_range(&v, s0, e0);
                }
            }
            if (descended) continue;
            bool done = false;
            while (!ts_tree_cursor_goto_next_sibling(&c)) {
                if (depth <= 1 || !ts_tree_cursor_goto_parent(&c)) {
                    done = true;
                    break;
                }
                depth--;
            }
            if (done) break;
        }
    }
    ts_tree_cursor_delete(&c);
    if (v.len > DC_WITNESS_MAX_RANGES) {
        dc_vec_free(&v);
        dc_vec_free(&occ);
        return false;
    }
    dc_byte_range *res = dc_arena_alloc(arena, (v.len + 1) * sizeof *res);
    if (v.len) memcpy(res, v.v, v.len * sizeof *res);
    *out = res;
    *n = v.len;
    dc_vec_free(&v);
    dc_vec_free(&occ);
    return true;
}
