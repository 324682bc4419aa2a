/* compile.c: rules -> compiled queries: the merged tree-sitter query per language, the dc_pred
 * predicates the engine evaluates (tree-sitter's C library leaves predicates to the client), the node
 * kinds ruleset/qrelax.h moved out of the query text, and the query's witness
 * (ruleset/literals.h). Also the load-time check of a user rule, which compiles each entry alone
 * so an error points into the rule file.
 *
 * Measured with 0.20.7: ts_query_new's analysis costs about 1 ms per node pattern that has
 * children when the node is an expression (attribute, member_expression, call, arguments, list:
 * parse states where it can start are many), and the same whether alternatives are one
 * alternation or separate patterns; merging alternatives that share a parent (`keyword_argument
 * value: [...]`) saved nothing measurable. legacy-terms costs most (~50 ms per language) only
 * because it spells out ~20 contexts of `Action.X`; fewer such nodes would need a context check
 * outside the query. */
#include <stdlib.h>
#include <string.h>

#include "ruleset/qrelax.h"
#include "common/diag.h"
#include "ruleset/literals.h"
#include "ruleset/rules_p.h"

static void pstr_free(dc_pstr *s) {
    if (s->v[DC_PROFILE_COMPOSIO] != s->v[DC_PROFILE_DEVCASTER]) free(s->v[DC_PROFILE_COMPOSIO]);
    free(s->v[DC_PROFILE_DEVCASTER]);
    memset(s, 0, sizeof *s);
}

static void pred_free(dc_pred *p) {
    pstr_free(&p->literal);
    for (uint32_t j = 0; j < p->nany; j++) pstr_free(&p->any[j]);
    free(p->any);
    if (p->re[DC_PROFILE_COMPOSIO] != p->re[DC_PROFILE_DEVCASTER]) pcre2_code_free(p->re[DC_PROFILE_COMPOSIO]);
    pcre2_code_free(p->re[DC_PROFILE_DEVCASTER]);
}

void dc_cquery_free(dc_cquery *q) {
    if (!q) return;
    for (uint32_t i = 0; i < q->npatterns; i++) {
        dc_cpattern *p = &q->patterns[i];
        for (uint32_t k = 0; k < p->npreds; k++) pred_free(&p->preds[k]);
        free(p->preds);
    }
    free(q->patterns);
    free(q->capture_kind);
    dc_witness_free(q->witness);
    if (q->query) ts_query_delete(q->query);
    free(q);
}

/* ts_query_new's error kinds: the same six in 0.25 as in 0.20.7 (TSQueryErrorLanguage: the
 * grammar's ABI is outside what the runtime loads, 13-15 for 0.25). */
static const char *query_error_name(TSQueryError e) {
    switch (e) {
    case TSQueryErrorSyntax: return "syntax error";
    case TSQueryErrorNodeType: return "unknown node type";
    case TSQueryErrorField: return "unknown field";
    case TSQueryErrorCapture: return "unknown capture";
    case TSQueryErrorStructure: return "impossible pattern structure";
    case TSQueryErrorLanguage: return "grammar version mismatch";
    default: return "error";
    }
}

/* Maps an offset of an expanded query back to a line/column of the rule file. Placeholders
 * change lengths only within a line, so the line is exact and the column approximate. */
static void offset_to_loc(const char *text, uint32_t off, uint32_t base_line, uint32_t base_col, uint32_t *line,
                          uint32_t *col) {
    uint32_t l = 0, c = base_col;
    for (uint32_t i = 0; i < off && text[i]; i++) {
        if (text[i] == '\n') {
            l++;
            c = base_col;
        } else {
            c++;
        }
    }
    *line = base_line + l;
    *col = c;
}

static pcre2_code *compile_re(const char *origin, uint32_t line, uint32_t col, const char *pattern, uint32_t flags,
                              int *errors) {
    int errcode;
    PCRE2_SIZE erroff;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, flags | PCRE2_UTF | PCRE2_MATCH_INVALID_UTF,
                                   &errcode, &erroff, NULL);
    if (!re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(errcode, msg, sizeof msg);
        if (origin)
            dc_diag(DC_DIAG_ERROR, origin, line, col, "invalid regular expression `%s`: %s at offset %zu", pattern,
                (const char *)msg, (size_t)erroff);
        (*errors)++;
        return NULL;
    }
    /* JIT is an optimisation: if it is unavailable the interpreter gives the same answers. */
    pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    return re;
}

/* Expands `text` for both profiles; shares one copy when they agree (see dc_pstr). */
static void pstr_expand(dc_pstr *out, const char *text) {
    dc_buf d = DC_BUF_INIT, c = DC_BUF_INIT;
    dc_expand_profile(&d, text, DC_PROFILE_DEVCASTER);
    dc_expand_profile(&c, text, DC_PROFILE_COMPOSIO);
    out->v[DC_PROFILE_DEVCASTER] = dc_xstrdup(dc_buf_cstr(&d));
    out->v[DC_PROFILE_COMPOSIO] = strcmp(dc_buf_cstr(&d), dc_buf_cstr(&c)) == 0 ? out->v[DC_PROFILE_DEVCASTER]
                                                                              : dc_xstrdup(dc_buf_cstr(&c));
    out->v[DC_PROFILE_AUTO] = out->v[DC_PROFILE_DEVCASTER];
    dc_buf_free(&d);
    dc_buf_free(&c);
}

/* Compiles `pattern` for both profiles into out[] (once, shared, when the expansions agree). An
 * error is reported once. False on error. */
static bool compile_re_both(pcre2_code *out[DC_PROFILE_COUNT], const char *origin, uint32_t line, uint32_t col,
                            const char *pattern, uint32_t flags, int *errors) {
    dc_pstr s;
    pstr_expand(&s, pattern);
    pcre2_code *d = compile_re(origin, line, col, s.v[DC_PROFILE_DEVCASTER], flags, errors), *c = d;
    if (d && s.v[DC_PROFILE_COMPOSIO] != s.v[DC_PROFILE_DEVCASTER])
        c = compile_re(origin, line, col, s.v[DC_PROFILE_COMPOSIO], flags, errors);
    pstr_free(&s);
    if (!d || !c) {
        if (c != d) pcre2_code_free(c);
        pcre2_code_free(d);
        return false;
    }
    out[DC_PROFILE_AUTO] = out[DC_PROFILE_DEVCASTER] = d;
    out[DC_PROFILE_COMPOSIO] = c;
    return true;
}

static bool capture_index(const TSQuery *q, const char *name, uint32_t *out) {
    uint32_t n = ts_query_capture_count(q);
    size_t len = strlen(name);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t l;
        const char *s = ts_query_capture_name_for_id(q, i, &l);
        if (l == len && memcmp(s, name, len) == 0) {
            *out = i;
            return true;
        }
    }
    return false;
}

/* Turns the predicate steps of pattern `pi` into dc_pred. */
static int build_preds(const char *origin, uint32_t line, const TSQuery *q, uint32_t pi, dc_cpattern *cp,
                       bool report) {
    int errors = 0;
    uint32_t nsteps;
    const TSQueryPredicateStep *st = ts_query_predicates_for_pattern(q, pi, &nsteps);
    uint32_t i = 0;
    while (i < nsteps) {
        uint32_t j = i;
        while (j < nsteps && st[j].type != TSQueryPredicateStepTypeDone) j++;
        /* steps [i, j) form one predicate */
        uint32_t l;
        const char *op = st[i].type == TSQueryPredicateStepTypeString ? ts_query_string_value_for_id(q, st[i].value_id, &l)
                                                                        : NULL;
        if (!op) {
            if (report) dc_diag(DC_DIAG_ERROR, origin, line, 0, "query predicate must start with a name like #eq?");
            errors++;
        } else if (j - i < 3 || st[i + 1].type != TSQueryPredicateStepTypeCapture) {
            if (report) dc_diag(DC_DIAG_ERROR, origin, line, 0, "predicate #%s needs a capture and a value", op);
            errors++;
        } else {
            dc_pred p = {0};
            p.capture = st[i + 1].value_id;
            p.capture2 = -1;
            bool ok = true;
            if (strcmp(op, "eq?") == 0 || strcmp(op, "not-eq?") == 0) {
                p.op = DC_PRED_EQ;
                p.negate = op[0] == 'n';
                if (st[i + 2].type == TSQueryPredicateStepTypeCapture) p.capture2 = (int32_t)st[i + 2].value_id;
                else pstr_expand(&p.literal, ts_query_string_value_for_id(q, st[i + 2].value_id, &l));
            } else if (strcmp(op, "match?") == 0 || strcmp(op, "not-match?") == 0) {
                p.op = DC_PRED_MATCH;
                p.negate = op[0] == 'n';
                if (st[i + 2].type != TSQueryPredicateStepTypeString) {
                    ok = false;
                } else {
                    ok = compile_re_both(p.re, origin, line, 0, ts_query_string_value_for_id(q, st[i + 2].value_id, &l),
                                         0, &errors);
                    /* the source too, for the witness (ruleset/literals.c dc_regex_literal) */
                    if (ok) pstr_expand(&p.literal, ts_query_string_value_for_id(q, st[i + 2].value_id, &l));
                }
            } else if (strcmp(op, "any-of?") == 0 || strcmp(op, "not-any-of?") == 0) {
                p.op = DC_PRED_ANY_OF;
                p.negate = op[0] == 'n';
                p.any = dc_xcalloc(j - i, sizeof *p.any);
                for (uint32_t k = i + 2; k < j; k++) {
                    if (st[k].type != TSQueryPredicateStepTypeString) {
                        ok = false;
                        continue;
                    }
                    pstr_expand(&p.any[p.nany++], ts_query_string_value_for_id(q, st[k].value_id, &l));
                }
            } else {
                if (report) dc_diag(DC_DIAG_ERROR, origin, line, 0,
                        "unsupported predicate #%s (supported: eq?, not-eq?, match?, not-match?, any-of?, not-any-of?)", op);
                errors++;
                ok = false;
            }
            if (ok) {
                cp->preds = dc_xrealloc(cp->preds, (cp->npreds + 1) * sizeof *cp->preds);
                cp->preds[cp->npreds++] = p;
            } else {
                pred_free(&p);
            }
        }
        i = j + 1;
    }
    return errors;
}

/* Adds an entry's `where` constraints as MATCH predicates. */
static int build_where(const char *origin, const TSQuery *q, const dc_match_entry *e, dc_cpattern *cp,
                       bool report) {
    int errors = 0;
    for (uint32_t k = 0; k < e->nwhere; k++) {
        const dc_where *w = &e->where[k];
        uint32_t cap;
        if (!capture_index(q, w->capture, &cap)) {
            if (report) dc_diag(DC_DIAG_ERROR, origin, w->line, w->col, "`where` names capture @%s, which the query does not have",
                    w->capture);
            errors++;
            continue;
        }
        dc_pred p = {.op = DC_PRED_MATCH, .negate = w->negate, .capture = cap, .capture2 = -1};
        if (!compile_re_both(p.re, origin, w->line, w->col, w->regex, 0, &errors)) continue;
        pstr_expand(&p.literal, w->regex); /* the source, for the witness (ruleset/literals.c) */
        cp->preds = dc_xrealloc(cp->preds, (cp->npreds + 1) * sizeof *cp->preds);
        cp->preds[cp->npreds++] = p;
    }
    return errors;
}

/* The node kinds qrelax.h dropped from the text, by capture id (0: no check). */
static void kind_checks(dc_cquery *cq, const TSLanguage *g) {
    uint32_t n = ts_query_capture_count(cq->query);
    size_t plen = strlen(DC_KIND_CAPTURE_PREFIX);
    for (uint32_t c = 0; c < n; c++) {
        uint32_t len;
        const char *name = ts_query_capture_name_for_id(cq->query, c, &len);
        if (len <= plen || memcmp(name, DC_KIND_CAPTURE_PREFIX, plen) != 0) continue;
        TSSymbol sym = ts_language_symbol_for_name(g, name + plen, len - (uint32_t)plen, true);
        if (!sym) continue; /* cannot happen: qrelax only writes kinds the grammar has */
        if (!cq->capture_kind) cq->capture_kind = dc_xcalloc(n, sizeof *cq->capture_kind);
        cq->capture_kind[c] = sym;
    }
}

typedef struct span {
    const dc_rule *rule;
    const dc_match_entry *entry;
    uint32_t start, end;
} span;

/* Compiles `text` (one or more entries concatenated) and fills a dc_cquery. With report=true,
 * errors are printed against the single entry in spans[0]. */
/* ---- stacked quantifiers ---------------------------------------------------------------
 * tree-sitter 0.20.7 (Debian's libtree-sitter) spun for 10-30 s of CPU in ts_query_new on a
 * quantifier applied to a pattern that is already quantified (`(x)**`, `(x)?*`, `(x)* @c *`,
 * `((x)*)*`) and crashed on others (`(x)*?`, `(x)??`): found by fuzz_rules (fuzz/regressions/
 * fuzz_rules/). A second quantifier adds nothing a single one cannot say, and a rule file can
 * come from the repository being scanned, so such a query is refused before it is compiled.
 * Re-checked with the vendored 0.25 runtime: all six compile in ~20 ms under ASan and match
 * 3,000 siblings in 3 ms, no crash; the refusal stays (a clear message for a query that says
 * nothing more, and no dependence on the runtime's pattern analysis for a hostile rule file).
 * The scan knows the query syntax only as far as this needs: comments, strings, captures,
 * predicates' names, nodes `(name ...)`, groups `( ... )` and alternations `[ ... ]`. */
typedef struct qs_frame {
    bool group;       /* a group or an alternation (not a node) */
    uint32_t items;   /* patterns directly inside */
    bool last_quant;  /* the last of them is quantified */
} qs_frame;

static size_t qs_skip_space(const char *q, size_t i) {
    for (;;) {
        if (q[i] == ';') {
            while (q[i] && q[i] != '\n') i++;
        } else if (q[i] == ' ' || q[i] == '\t' || q[i] == '\n' || q[i] == '\r') {
            i++;
        } else {
            return i;
        }
    }
}

static bool qs_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.' || c == '?' || c == '!';
}

/* A pattern ended (`quant`: it is a quantified group of one quantified pattern): the quantifier
 * state after it. */
static void qs_item(qs_frame *top, bool quant, bool *after, bool *quantified) {
    top->items++;
    top->last_quant = quant;
    *after = true;
    *quantified = quant;
}

/* Offset of a quantifier on an already quantified pattern in `q`, or -1 (also when the query
 * nests deeper than the scan follows: tree-sitter judges it then). */
static long stacked_quantifier(const char *q) {
    enum { MAXD = 128 };
    qs_frame st[MAXD] = {{true, 0, false}};
    int depth = 0;
    bool after = false, quantified = false; /* a quantifier here would apply to the last pattern */
    for (size_t i = qs_skip_space(q, 0); q[i]; i = qs_skip_space(q, i)) {
        char c = q[i];
        if (c == '"') {
            for (i++; q[i] && q[i] != '"'; i++)
                if (q[i] == '\\' && q[i + 1]) i++;
            if (q[i]) i++;
            qs_item(&st[depth], false, &after, &quantified);
        } else if (c == '@') {
            for (i++; qs_name_char(q[i]); i++) {} /* as tree-sitter reads names: `@a?` is a capture named `a?` */
        } else if (c == '*' || c == '+' || c == '?') {
            if (after && quantified) return (long)i;
            quantified = after;
            st[depth].last_quant = after;
            i++;
        } else if (c == '(' || c == '[') {
            if (depth + 1 >= MAXD) return -1;
            size_t n = qs_skip_space(q, i + 1);
            bool node = c == '(' && (qs_name_char(q[n]) || q[n] == '#') && q[n] != '.';
            st[++depth] = (qs_frame){!node, 0, false};
            after = false;
            i++;
        } else if (c == ')' || c == ']') {
            if (depth == 0) return -1;
            qs_frame f = st[depth--];
            qs_item(&st[depth], f.group && f.items == 1 && f.last_quant, &after, &quantified);
            i++;
        } else if (c == '_' && !qs_name_char(q[i + 1])) {
            qs_item(&st[depth], false, &after, &quantified);
            i++;
        } else {
            for (i += c == '#' || c == '!' ? 1 : 0; qs_name_char(q[i]); i++) {}
            if (q[i] == ':') i++;
            else if (!qs_name_char(c) && c != '#' && c != '!') i++; /* `.` anchors, stray bytes */
            after = false;
        }
    }
    return -1;
}

static dc_cquery *compile_query(const char *text, span *spans, uint32_t nspans, dc_lang lang, bool report,
                                int *errors) {
    uint32_t off;
    TSQueryError err = TSQueryErrorNone;
    long stacked = stacked_quantifier(text);
    TSQuery *q = stacked < 0 ? ts_query_new(dc_lang_grammar(lang), text, (uint32_t)strlen(text), &off, &err) : NULL;
    if (stacked >= 0) off = (uint32_t)stacked;
    if (!q) {
        if (report) {
            uint32_t line, col;
            offset_to_loc(text + spans[0].start, off - spans[0].start, spans[0].entry->line, spans[0].entry->col, &line,
                          &col);
            dc_diag(DC_DIAG_ERROR, spans[0].rule->origin, line, col, "invalid query for %s: %s", dc_lang_name(lang),
                    stacked >= 0 ? "a quantifier on a pattern that is already quantified (one is enough)"
                                 : query_error_name(err));
        }
        (*errors)++;
        return NULL;
    }
    dc_cquery *cq = dc_xcalloc(1, sizeof *cq);
    cq->query = q;
    kind_checks(cq, dc_lang_grammar(lang));
    cq->npatterns = ts_query_pattern_count(q);
    cq->patterns = dc_xcalloc(cq->npatterns ? cq->npatterns : 1, sizeof *cq->patterns);
    for (uint32_t pi = 0; pi < cq->npatterns; pi++) {
        uint32_t at = ts_query_start_byte_for_pattern(q, pi);
        const span *sp = &spans[0];
        for (uint32_t s = 0; s < nspans; s++)
            if (at >= spans[s].start && at < spans[s].end) sp = &spans[s];
        dc_cpattern *cp = &cq->patterns[pi];
        cp->rule = sp->rule;
        cp->entry = sp->entry;
        const char *origin = sp->rule->origin;
        cp->recv_capture = -1;
        cp->class_capture = -1;
        if (sp->entry->class_capture) {
            uint32_t cc;
            if (capture_index(q, sp->entry->class_capture, &cc)) {
                cp->class_capture = (int32_t)cc;
            } else {
                if (report)
                    dc_diag(DC_DIAG_ERROR, origin, sp->entry->line, sp->entry->col,
                            "`class` names capture @%s, which the query does not have", sp->entry->class_capture);
                (*errors)++;
            }
        }
        if (!capture_index(q, "match", &cp->match_capture)) {
            if (report)
                dc_diag(DC_DIAG_ERROR, origin, sp->entry->line, sp->entry->col,
                        "the query must capture the reported node as @match");
            (*errors)++;
        }
        if (sp->entry->receiver) {
            uint32_t rc;
            if (capture_index(q, sp->entry->receiver, &rc)) {
                cp->recv_capture = (int32_t)rc;
            } else {
                if (report)
                    dc_diag(DC_DIAG_ERROR, origin, sp->entry->line, sp->entry->col,
                            "`receiver` names capture @%s, which the query does not have", sp->entry->receiver);
                (*errors)++;
            }
        }
        int e = build_preds(report ? origin : NULL, sp->entry->line, q, pi, cp, report) +
                build_where(report ? origin : NULL, q, sp->entry, cp, report);
        *errors += e;
    }
    return cq;
}

int dc_rule_check(const char *origin, dc_rule *r, bool queries) {
    int errors = 0;
    for (uint32_t i = 0; i < r->nentries; i++) {
        dc_match_entry *e = &r->entries[i];
        if (e->regex) {
            for (int p = DC_PROFILE_DEVCASTER; p < DC_PROFILE_COUNT; p++) {
                dc_buf text = DC_BUF_INIT;
                dc_expand_profile(&text, e->regex, (dc_profile)p);
                if (!e->regex_re[p]) e->regex_re[p] = compile_re(origin, e->line, e->col, text.p, PCRE2_MULTILINE, &errors);
                dc_buf_free(&text);
                if (errors) return errors;
            }
        } else if (queries) {
            /* Placeholders stay in the query (compile_query expands predicate values for both
             * profiles), so one compilation per grammar checks both spellings. */
            for (int l = 1; l < DC_LANG_COUNT; l++) {
                if (!e->langs[l] || !dc_lang_grammar((dc_lang)l)) continue;
                span sp = {r, e, 0, (uint32_t)strlen(e->query)};
                int before = errors;
                dc_cquery *cq = compile_query(e->query, &sp, 1, (dc_lang)l, true, &errors);
                dc_cquery_free(cq);
                if (errors != before) break;
            }
            if (errors) return errors;
        }
    }
    return errors;
}


typedef DC_VEC(span) span_vec;

/* Appends one entry's query to `text` (relaxed when asked; as written when the relaxed text does
 * not compile on its own, so that never costs the entry its matches) and its span to `spans`,
 * and the query as written to `exact`. */
static void add_entry(span_vec *spans, dc_buf *text, dc_buf *exact, const dc_rule *r, const dc_match_entry *e,
                      dc_lang lang, bool relax, bool check_relaxed) {
    const char *q = e->query;
    span sp = {r, e, (uint32_t)text->len, 0};
    size_t at = text->len;
    if (!relax) {
        dc_buf_adds(text, q);
    } else if (dc_query_relax(dc_lang_grammar(lang), q, strlen(q), text) && check_relaxed) {
        char *piece = dc_xstrndup(text->p + at, text->len - at);
        span alone = {r, e, 0, (uint32_t)(text->len - at)};
        int errors = 0;
        dc_cquery_free(compile_query(piece, &alone, 1, lang, false, &errors));
        free(piece);
        if (errors) {
            text->len = at;
            text->p[at] = '\0';
            dc_buf_adds(text, q);
        }
    }
    dc_buf_addc(text, '\n');
    sp.end = (uint32_t)text->len;
    dc_vec_push(spans, sp);
    dc_buf_adds(exact, q);
    dc_buf_addc(exact, '\n');
}

/* The merged query failed: finds the culprits one by one (as written, so messages point into the
 * rule file), reports them, and rebuilds the query without them. */
static dc_cquery *merge_without_culprits(const span_vec *spans, dc_lang lang, bool relax, uint32_t *reported) {
    dc_buf good = DC_BUF_INIT, good_exact = DC_BUF_INIT;
    span_vec kept = {0};
    for (uint32_t s = 0; s < spans->len; s++) {
        const span *one = &spans->v[s];
        span local = {one->rule, one->entry, 0, (uint32_t)strlen(one->entry->query)};
        int errors = 0;
        dc_cquery_free(compile_query(one->entry->query, &local, 1, lang, true, &errors));
        *reported += (uint32_t)errors;
        if (!errors) add_entry(&kept, &good, &good_exact, one->rule, one->entry, lang, relax, true);
    }
    dc_cquery *cq = NULL;
    if (kept.len) {
        int errors = 0;
        cq = compile_query(good.p, kept.v, kept.len, lang, false, &errors);
        if (cq) cq->witness = dc_witness_build(cq, good.p, good_exact.p, lang);
    }
    dc_buf_free(&good);
    dc_buf_free(&good_exact);
    dc_vec_free(&kept);
    return cq;
}

/* Every entry for `lang`, as written (placeholders in), concatenated. A rule whose entry does not
 * compile is reported and left out, so one bad rule cannot silence the others. */
dc_cquery *dc_cquery_merge(dc_rule *const *rules, uint32_t nrules, dc_lang lang, bool relax, uint32_t *reported) {
    *reported = 0;
    dc_buf text = DC_BUF_INIT, exact = DC_BUF_INIT; /* as compiled; as written (for the witness) */
    span_vec spans = {0};
    for (uint32_t i = 0; i < nrules; i++)
        for (uint32_t k = 0; k < rules[i]->nentries; k++) {
            const dc_match_entry *e = &rules[i]->entries[k];
            /* each entry is checked alone only when the merged query fails (below) */
            if (e->langs[lang] && e->query) add_entry(&spans, &text, &exact, rules[i], e, lang, relax, false);
        }
    dc_cquery *cq = NULL;
    if (spans.len) {
        int errors = 0;
        cq = compile_query(text.p, spans.v, spans.len, lang, false, &errors);
        if (cq && !errors) cq->witness = dc_witness_build(cq, text.p, exact.p, lang);
        if (!cq || errors) {
            dc_cquery_free(cq);
            cq = merge_without_culprits(&spans, lang, relax, reported);
        }
    }
    dc_buf_free(&text);
    dc_buf_free(&exact);
    dc_vec_free(&spans);
    return cq;
}
