/* engine.c: one file through parse -> bindings -> single-pass matching -> findings (fixes are
 * the fixes layer's business, fixes/plan.h).
 *
 * Matching runs the merged query of every rule for the file's language with one
 * TSQueryCursor over the whole tree (not a cursor per rule). tree-sitter's C library (0.25 as 0.20.7) leaves
 * text predicates to the client, so each match is checked here against its pattern's dc_pred list
 * (PCRE2 for #match? and `where`), then against the binding facts when the entry names a
 * receiver. PCRE2 runs with match and depth limits so a catastrophic user regex fails that
 * one match instead of hanging the run; since that budget is per match, a regex that hits it
 * once in a file is given up for the rest of the file (a file of 20,000 identifiers would
 * otherwise pay the full budget, ~3 ms, 20,000 times). Matches that needed it are skipped, so
 * that rule's findings in that file may be incomplete: a warning naming the rule and the file
 * says so (a rule problem, not bad input: it does not change the exit code). The same holds for
 * a dotenv `regex:`, whose search of the file stops at the limit. */
#include "analysis/engine.h"

#include <stdio.h>
#include <stdlib.h>

#include "analysis/dcaf.h"
#include "analysis/suppress.h"
#include "analysis/witness.h"
#include "common/diag.h"
#include "common/recover.h"
#include "common/text.h"
#include "syntax/errors.h"
#include "syntax/nodeindex.h"
#include "syntax/tree.h"
#include "syntax/tsalloc.h"

/* Backtracking budget per regex match; a rule that needs more is wrong, and we say so. */
#define DC_PCRE2_MATCH_LIMIT 1000000u
#define DC_PCRE2_DEPTH_LIMIT 10000u
/* In-progress matches a query cursor may hold (tree-sitter's capture-list pool). Unlimited, every
 * open call of `f(f(f(...)))` keeps states of the call patterns alive and tree-sitter compares
 * them pairwise at each node: 3,000 nested calls took a minute. With a limit the cost is linear
 * in the file (10,000 nested calls: 1 s). Every fixture and the whole bench `dense` corpus (4,000
 * real files) stay under 128; 64 is exceeded by 69 of them. When the limit is exceeded, the
 * earliest in-progress match is dropped, so we warn that the file's findings may be incomplete
 * (a warning like a PCRE2 limit hit: the rest of the file is reported, the exit code unchanged). */
#define DC_QUERY_MATCH_LIMIT 256u

struct dc_worker {
    TSParser *parser;
    TSQueryCursor *cursor;
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit;
    dc_arena arena;
    /* Regexes that hit the PCRE2 limit in the current analysis: skipped until the next one. */
    DC_VEC(const pcre2_code *) gave_up;
    /* Limit warnings already given for the file `warned_path` (keyed by regex or query): --fix
     * analyses a file again after editing it, and the user needs to hear it once. */
    dc_buf warned_path;
    DC_VEC(const void *) warned;
    /* The trees dc_parse made that are not deleted yet (a file's analysis and the fix loop's
     * verification parse: two at a time), so that a file abandoned half way (common/recover.h)
     * does not leave its trees behind: dc_worker_recover deletes them. */
    TSTree *trees[8];
    uint32_t ntrees;
};

dc_worker *dc_worker_new(void) {
    dc_worker *w = dc_xcalloc(1, sizeof *w);
    w->parser = ts_parser_new();
    w->cursor = ts_query_cursor_new();
    ts_query_cursor_set_match_limit(w->cursor, DC_QUERY_MATCH_LIMIT);
    w->md = pcre2_match_data_create(16, NULL);
    w->mctx = pcre2_match_context_create(NULL);
    pcre2_set_match_limit(w->mctx, DC_PCRE2_MATCH_LIMIT);
    pcre2_set_depth_limit(w->mctx, DC_PCRE2_DEPTH_LIMIT);
    /* PCRE2 documents that a JIT stack may only be used by one thread at a time: one per worker. */
    w->jit = pcre2_jit_stack_create(32 * 1024, 512 * 1024, NULL);
    if (w->jit) pcre2_jit_stack_assign(w->mctx, NULL, w->jit);
    dc_arena_init(&w->arena, 256 * 1024);
    return w;
}

void dc_worker_free(dc_worker *w) {
    if (!w) return;
    ts_parser_delete(w->parser);
    ts_query_cursor_delete(w->cursor);
    pcre2_match_data_free(w->md);
    pcre2_match_context_free(w->mctx);
    if (w->jit) pcre2_jit_stack_free(w->jit);
    dc_arena_free(&w->arena);
    dc_vec_free(&w->gave_up);
    dc_buf_free(&w->warned_path);
    dc_vec_free(&w->warned);
    free(w);
}

dc_arena *dc_worker_arena(dc_worker *w) { return &w->arena; }
pcre2_match_data *dc_worker_match_data(dc_worker *w) { return w->md; }

TSParser *dc_worker_parser(dc_worker *w, dc_lang lang) {
    ts_parser_set_language(w->parser, dc_lang_grammar(lang));
    return w->parser;
}

/* ---- parsing ----------------------------------------------------------------------------- */

void dc_worker_tree_delete(dc_worker *w, TSTree *t) {
    if (!t) return;
    for (uint32_t i = 0; w && i < w->ntrees; i++)
        if (w->trees[i] == t) w->trees[i] = w->trees[--w->ntrees];
    ts_tree_delete(t);
}

void dc_worker_recover(dc_worker *w, bool unsafe) {
    if (unsafe) {
        /* the parser, the cursor or the arena may be half changed: new ones, the old ones
         * leaked rather than handed to code that might trip over them */
        dc_worker *fresh = dc_worker_new();
        *w = *fresh;
        free(fresh);
        return;
    }
    for (uint32_t i = 0; i < w->ntrees; i++) ts_tree_delete(w->trees[i]);
    w->ntrees = 0;
    ts_parser_reset(w->parser);
    dc_arena_reset(&w->arena);
    w->gave_up.len = 0;
}

TSTree *dc_parse(dc_worker *w, const dc_source *src) {
    const TSLanguage *g = dc_lang_grammar(src->lang);
    if (!g) return NULL;
    ts_parser_set_language(w->parser, g);
    /* A UTF-8 BOM is not part of any grammar: leave it out of the parse but keep offsets
     * absolute by excluding it through the included ranges. */
    if (src->has_bom) {
        TSRange r = {{0, 3}, {UINT32_MAX, UINT32_MAX}, 3, UINT32_MAX};
        ts_parser_set_included_ranges(w->parser, &r, 1);
    } else {
        ts_parser_set_included_ranges(w->parser, NULL, 0);
    }
    /* stopped by the run being interrupted or the file's memory budget (syntax/tsalloc.h) */
    ts_parser_set_cancellation_flag(w->parser, dc_tsalloc_cancel_flag());
    TSTree *t = ts_parser_parse_string(w->parser, NULL, src->data, src->len);
    ts_parser_set_included_ranges(w->parser, NULL, 0);
    if (!t) {
        ts_parser_reset(w->parser); /* a cancelled parse keeps its state for a resumption */
        dc_recover_poll();          /* escapes: the reason it was cancelled */
        return NULL;
    }
    if (w->ntrees < sizeof w->trees / sizeof *w->trees) w->trees[w->ntrees++] = t;
    return t;
}

/* ---- predicates --------------------------------------------------------------------------- */

static bool pcre2_limit_hit(int rc) {
    return rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT;
}

static bool gave_up(const dc_worker *w, const pcre2_code *re) {
    for (uint32_t i = 0; i < w->gave_up.len; i++)
        if (w->gave_up.v[i] == re) return true;
    return false;
}

/* True the first time (`key`, file) is seen by this worker since it moved to that file. */
static bool first_warning(dc_worker *w, const char *path, const void *key) {
    if (strcmp(dc_buf_cstr(&w->warned_path), path) != 0) {
        dc_buf_reset(&w->warned_path);
        dc_buf_adds(&w->warned_path, path);
        dc_vec_clear(&w->warned);
    }
    for (uint32_t i = 0; i < w->warned.len; i++)
        if (w->warned.v[i] == key) return false;
    dc_vec_push(&w->warned, key);
    return true;
}

/* Records the first limit hit of `re` in this analysis; warns once per (regex, file). */
static void give_up(dc_worker *w, const dc_source *src, const dc_rule *r, const pcre2_code *re) {
    dc_vec_push(&w->gave_up, re);
    if (!first_warning(w, src->path, re)) return;
    dc_diag(DC_DIAG_WARNING, src->path, 0, 0,
            "a rule's regular expression hit the PCRE2 backtracking limit (rule %s); it is not tried again in "
            "this file, so the rule's findings here may be incomplete",
            r->id);
}

/* 1: matches, 0: does not, -1: over the backtracking budget (now or earlier in this file). */
static int regex_test(dc_worker *w, const dc_source *src, const dc_rule *r, const pcre2_code *re, dc_sv text) {
    if (w->gave_up.len && gave_up(w, re)) return -1;
    int rc = pcre2_match(re, (PCRE2_SPTR)text.p, text.len, 0, 0, w->md, w->mctx);
    if (pcre2_limit_hit(rc)) {
        give_up(w, src, r, re);
        return -1;
    }
    return rc >= 0;
}

static int pred_holds_one(dc_worker *w, const dc_source *src, const dc_rule *r, const dc_pred *p,
                          const TSQueryMatch *m, dc_sv text, dc_profile prof) {
    switch (p->op) {
    case DC_PRED_EQ:
        if (p->capture2 >= 0) {
            for (uint16_t i = 0; i < m->capture_count; i++)
                if (m->captures[i].index == (uint32_t)p->capture2)
                    return dc_sv_eq(text, dc_node_sv(src, m->captures[i].node));
            return 0;
        }
        return dc_sv_eq_cstr(text, p->literal.v[prof]);
    case DC_PRED_MATCH: return regex_test(w, src, r, p->re[prof], text);
    case DC_PRED_ANY_OF:
        for (uint32_t i = 0; i < p->nany; i++)
            if (dc_sv_eq_cstr(text, p->any[i].v[prof])) return 1;
        return 0;
    }
    return 0;
}

/* The node kinds the relaxed query left to us (ruleset/qrelax.h). */
static bool kinds_hold(const dc_cquery *cq, const TSQueryMatch *m) {
    for (uint16_t i = 0; i < m->capture_count; i++) {
        TSSymbol k = cq->capture_kind[m->captures[i].index];
        if (k && ts_node_symbol(m->captures[i].node) != k) return false;
    }
    return true;
}

static bool preds_hold(dc_worker *w, const dc_source *src, const dc_cpattern *cp, const TSQueryMatch *m,
                       dc_profile prof) {
    for (uint32_t k = 0; k < cp->npreds; k++) {
        const dc_pred *p = &cp->preds[k];
        for (uint16_t i = 0; i < m->capture_count; i++) {
            if (m->captures[i].index != p->capture) continue;
            int ok = pred_holds_one(w, src, cp->rule, p, m, dc_node_sv(src, m->captures[i].node), prof);
            /* An undecided regex skips the match, negated or not: no finding on a guess. */
            if (ok < 0 || (ok == 1) == p->negate) return false;
        }
    }
    return true;
}

/* ---- messages ----------------------------------------------------------------------------- */

/* Capture text for a message: whitespace runs folded to one space, cut after 60 bytes. */
static void add_capture_text(dc_buf *out, dc_sv t) { dc_text_fold(out, t, 60, DC_FOLD_TRIM); }

typedef struct capture_lookup {
    const dc_source *src;
    const TSQuery *q;
    const TSQueryMatch *m;
} capture_lookup;

/* {{name}} of a message: the text of the match's capture of that name (dc_tmpl_lookup). */
static bool lookup_capture(dc_buf *out, dc_sv name, void *vctx) {
    const capture_lookup *c = vctx;
    for (uint16_t i = 0; c->m && c->q && i < c->m->capture_count; i++) {
        uint32_t l;
        const char *cn = ts_query_capture_name_for_id(c->q, c->m->captures[i].index, &l);
        if (l == name.len && memcmp(cn, name.p, l) == 0) {
            add_capture_text(out, dc_node_sv(c->src, c->m->captures[i].node));
            return true;
        }
    }
    return false;
}

/* The rule's message in the file's language: TypeScript/JavaScript files get `message_typescript`. */
static const char *message_of(const dc_rule *r, const dc_source *src) {
    return r->message_ts && dc_lang_family(src->lang) == DC_FAMILY_TS ? r->message_ts : r->message;
}

static const char *render_message(dc_arena *a, const dc_source *src, const char *tmpl, const TSQuery *q,
                                  const TSQueryMatch *m, dc_profile profile) {
    dc_buf expanded = DC_BUF_INIT, out = DC_BUF_INIT;
    dc_expand_profile(&expanded, tmpl, profile);
    capture_lookup cl = {src, q, m};
    dc_tmpl_expand(&out, expanded.p, "", lookup_capture, &cl);
    const char *res = dc_arena_strndup(a, out.p, out.len);
    dc_buf_free(&expanded);
    dc_buf_free(&out);
    return res;
}

/* ---- analysis ----------------------------------------------------------------------------- */

static void add_finding(dc_analysis *an, const dc_rule *r, dc_range range, const char *msg, bool low,
                        const TSQuery *q, const TSQueryMatch *m) {
    dc_finding f = {0};
    f.rule = r;
    f.severity = r->severity;
    f.range = range;
    f.message = msg;
    f.low_confidence = low;
    f.order = an->findings.len;
    if (m) {
        f.query = q;
        f.ncaps = m->capture_count;
        f.caps = dc_arena_alloc(&an->worker->arena, (m->capture_count ? m->capture_count : 1) * sizeof *f.caps);
        memcpy(f.caps, m->captures, m->capture_count * sizeof *f.caps);
    }
    dc_vec_push(&an->findings, f);
}

/* `class:` a client class of the SDK (current or legacy toolset); `legacy_class:` a legacy
 * toolset class only, by its binding, so `ComposioToolSet as TS` counts under the name TS. */
static bool is_client_class(dc_worker *w, const dc_bindings *b, dc_sv text, bool legacy) {
    dc_sv n = dc_bindings_normalize(&w->arena, text);
    const dc_sv *v = legacy ? b->legacy_classes.v : b->class_names.v;
    uint32_t len = legacy ? b->legacy_classes.len : b->class_names.len;
    for (uint32_t i = 0; i < len; i++)
        if (dc_sv_eq(n, v[i])) return true;
    return false;
}

static bool rule_on(const dc_analyze_opts *o, const dc_rule *r) {
    return !o->rule_enabled || o->rule_enabled[r->index];
}

static dc_sv capture_text(const dc_source *src, const TSQueryMatch *m, int32_t capture, bool *have) {
    dc_sv t = {0};
    *have = false;
    for (uint16_t i = 0; capture >= 0 && i < m->capture_count; i++) {
        if (m->captures[i].index == (uint32_t)capture) {
            t = dc_node_sv(src, m->captures[i].node);
            *have = true;
        }
    }
    return t;
}

/* The entry's `class:` constraint. (A class imported from a project module is decided after the
 * first pass, from the file's recorded imports: cli/project.c.) */
static bool class_ok(dc_worker *w, dc_analysis *an, const dc_cpattern *cp, const TSQueryMatch *m) {
    if (cp->class_capture < 0) return true;
    bool have;
    dc_sv cls = capture_text(an->src, m, cp->class_capture, &have);
    return have && is_client_class(w, an->bindings, cls, cp->entry->class_legacy);
}

/* The entry's receiver constraint: a client (or a legacy enum), else, for a `likely` entry, the
 * call-shape fallback (*low) when the file imports the SDK or the receiver comes from a module
 * that does. */
static bool receiver_ok(dc_analysis *an, const dc_cpattern *cp, const TSQueryMatch *m, dc_sv *recv, bool *low) {
    if (cp->recv_capture < 0) return true;
    bool have;
    *recv = capture_text(an->src, m, cp->recv_capture, &have);
    if (!have) return false;
    const dc_bindings *b = an->bindings;
    if (cp->entry->client == DC_CLIENT_LEGACY_ENUM) {
        for (uint32_t k = 0; k < b->legacy_enums.len; k++)
            if (dc_sv_eq(*recv, b->legacy_enums.v[k])) return true;
        return false;
    }
    if (dc_bindings_is_client(b, *recv)) return true;
    if (cp->entry->client == DC_CLIENT_REQUIRED) return false;
    /* The fallback in a file that does not import the SDK: only for a receiver from a module that
     * does, which, while the facts are gathered, is not known yet (the analysis is pending). A
     * receiver the project proves a client is found again after the first pass, from the file's
     * recorded imports (cli/project.c), as are classes and enums. */
    dc_project_use use = b->imports_sdk ? DC_PROJECT_USE_NONE : dc_bindings_project_use(b, *recv);
    an->project_pending |= use == DC_PROJECT_USE_PENDING;
    if (!(b->imports_sdk || use == DC_PROJECT_USE_WEAK)) return false;
    *low = true;
    return true;
}

/* Is `n` above the depth cap (syntax/nodeindex.h)? Below it the bindings saw nothing and the
 * fixers could not walk from it in bounded time, so a match there is not reported (the file is
 * warned about as a whole, deep_warning). */
static bool indexed(const dc_analysis *an, TSNode n) {
    const dc_node_index *ix = an->bindings->nodes;
    uint32_t at;
    return !ix || !ix->truncated || dc_node_index_find(ix, n, &at);
}

/* Once per file: code deeper than the cap is not analysed. Not an error (the exit code stays):
 * the rest of the file is reported and fixed as usual. */
static void deep_warning(dc_worker *w, const dc_analysis *an) {
    static const char key = 0; /* first_warning's key for this warning */
    const dc_node_index *ix = an->bindings->nodes;
    if (!ix || !ix->truncated || !first_warning(w, an->src->path, &key)) return;
    dc_diag(DC_DIAG_WARNING, an->src->path, dc_source_pos(an->src, ix->truncated_at).line, 0,
            "the code nests deeper than %u levels here; what lies deeper is not analysed, so findings in this file "
            "may be incomplete",
            DC_NIX_MAX_DEPTH);
}

/* Runs `cq` over the ranges, adding findings; true when the cursor's match limit dropped some
 * in-progress matches. */
static bool run_query(dc_worker *w, const dc_cquery *cq, dc_analysis *an, const dc_analyze_opts *opts,
                      const dc_byte_range *ranges, uint32_t nranges) {
    const dc_source *src = an->src;
    const dc_profile_names *pn = dc_profile_names_get(an->profile);
    TSNode root = ts_tree_root_node(an->tree);
    bool exceeded = false;
    for (uint32_t ri = 0; ri < nranges; ri++) {
        ts_query_cursor_set_byte_range(w->cursor, ranges[ri].start, ranges[ri].end);
        ts_query_cursor_exec(w->cursor, cq->query, root);
        TSQueryMatch m;
        for (uint32_t polled = 0; ts_query_cursor_next_match(w->cursor, &m); polled++) {
            if ((polled & 255u) == 255u) dc_recover_poll(); /* a stop signal abandons the file */
            if (m.pattern_index >= cq->npatterns) continue;
            const dc_cpattern *cp = &cq->patterns[m.pattern_index];
            if (cq->capture_kind && !kinds_hold(cq, &m)) continue;
            if (!rule_on(opts, cp->rule) || !preds_hold(w, src, cp, &m, an->profile)) continue;
            bool low = false;
            dc_sv recv = {0};
            if (!class_ok(w, an, cp, &m) || !receiver_ok(an, cp, &m, &recv, &low)) continue;
            TSNode mn = {0};
            bool have_match = false;
            for (uint16_t i = 0; i < m.capture_count; i++) {
                if (m.captures[i].index == cp->match_capture) {
                    mn = m.captures[i].node;
                    have_match = true;
                    break;
                }
            }
            if (!have_match || !indexed(an, mn)) continue;
            if (cp->rule->progress) {
                an->migrated++;
                continue;
            }
            const char *msg = render_message(&w->arena, src, message_of(cp->rule, src), cq->query, &m, an->profile);
            if (low) {
                dc_buf b = DC_BUF_INIT;
                dc_buf_adds(&b, msg);
                dc_buf_adds(&b, " (lower confidence: `");
                add_capture_text(&b, recv);
                dc_buf_printf(&b, "` is not provably a %s client)", pn->cls);
                msg = dc_arena_strndup(&w->arena, b.p, b.len);
                dc_buf_free(&b);
            }
            add_finding(an, cp->rule, (dc_range){ts_node_start_byte(mn), ts_node_end_byte(mn)}, msg, low, cq->query,
                        &m);
        }
        exceeded = exceeded || ts_query_cursor_did_exceed_match_limit(w->cursor);
    }
    ts_query_cursor_set_byte_range(w->cursor, 0, UINT32_MAX);
    return exceeded;
}

static void match_tree(dc_worker *w, dc_ruleset *rs, dc_analysis *an, const dc_analyze_opts *opts) {
    const dc_cquery *cq = dc_ruleset_query(rs, an->src->lang);
    if (!cq) return;
    const dc_source *src = an->src;
    TSNode root = ts_tree_root_node(an->tree);
    dc_byte_range whole = {0, UINT32_MAX}, *ranges = &whole;
    uint32_t nranges = 1;
    if (opts->whole_tree || !dc_witness_ranges(cq->witness, &w->arena, src->data, (uint32_t)src->len, root,
                                               an->bindings, an->profile, w->md, &ranges, &nranges)) {
        ranges = &whole;
        nranges = 1;
    }
    const dc_node_index *ix = an->bindings->nodes;
    if (ix && ix->truncated) dc_witness_exclude_deep(ix, &w->arena, ranges, nranges, &ranges, &nranges);
    uint32_t nfind = an->findings.len, migrated = an->migrated;
    bool exceeded = run_query(w, cq, an, opts, ranges, nranges);
    if (exceeded && cq->capture_kind) {
        /* The relaxed query (ruleset/qrelax.h) keeps more matches in progress, so on code nested
         * deeply enough to reach the cursor's limit it can drop a match the query as written
         * keeps. Such files are rare: they get the query as written, compiled on first need. */
        const dc_cquery *exact = dc_ruleset_query_exact(rs, src->lang);
        if (exact && exact != cq) {
            an->findings.len = nfind;
            an->migrated = migrated;
            cq = exact;
            exceeded = run_query(w, cq, an, opts, ranges, nranges);
        }
    }
    if (exceeded && first_warning(w, src->path, cq))
        dc_diag(DC_DIAG_WARNING, src->path, 0, 0,
                "too many rule matches in progress at once (the code nests too deeply); some were dropped, so "
                "findings in this file may be incomplete");
}

/* The `kind: analyser` rules (analysis/dcaf.h), Python only. */
static void run_analysers(dc_worker *w, dc_ruleset *rs, dc_analysis *an, const dc_analyze_opts *opts) {
    if (an->src->lang != DC_LANG_PYTHON) return;
    const dc_rule *on[64];
    uint32_t n = 0;
    for (uint32_t i = 0; i < dc_ruleset_count(rs) && n < 64; i++) {
        const dc_rule *r = dc_ruleset_get(rs, i);
        if (r->analyser && rule_on(opts, r)) on[n++] = r;
    }
    if (n) dc_dcaf_analyze(an, &w->arena, opts->project, on, n);
}

static void match_dotenv(dc_worker *w, dc_ruleset *rs, dc_analysis *an, const dc_analyze_opts *opts) {
    const dc_source *src = an->src;
    int prof = an->profile == DC_PROFILE_AUTO ? DC_PROFILE_DEVCASTER : an->profile;
    for (uint32_t i = 0; i < dc_ruleset_count(rs); i++) {
        const dc_rule *r = dc_ruleset_get(rs, i);
        if (!rule_on(opts, r)) continue;
        for (uint32_t k = 0; k < r->nentries; k++) {
            const dc_match_entry *e = &r->entries[k];
            if (!e->langs[DC_LANG_DOTENV] || !e->regex_re[prof]) continue;
            size_t off = 0;
            while (off <= src->len) {
                int rc = pcre2_match(e->regex_re[prof], (PCRE2_SPTR)src->data, src->len, off, 0, w->md, w->mctx);
                if (pcre2_limit_hit(rc)) give_up(w, src, r, e->regex_re[prof]);
                if (rc < 0) break;
                PCRE2_SIZE *ov = pcre2_get_ovector_pointer(w->md);
                const char *msg = render_message(&w->arena, src, r->message, NULL, NULL, an->profile);
                add_finding(an, r, (dc_range){(uint32_t)ov[0], (uint32_t)ov[1]}, msg, false, NULL, NULL);
                off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
            }
        }
    }
}

static int cmp_finding(const void *pa, const void *pb) {
    const dc_finding *a = pa, *b = pb;
    if (a->range.start != b->range.start) return a->range.start < b->range.start ? -1 : 1;
    if (a->rule->index != b->rule->index) return a->rule->index < b->rule->index ? -1 : 1;
    if (a->range.end != b->range.end) return a->range.end < b->range.end ? -1 : 1;
    if (a->low_confidence != b->low_confidence) return a->low_confidence ? 1 : -1;
    return a->order < b->order ? -1 : a->order > b->order;
}

/* Does a finding of another rule that owns `f`'s rule (`owns:`) start where `f` does? The
 * findings are sorted by start: the ones at f's start are next to it. */
static bool owned(const dc_analysis *an, uint32_t i) {
    const dc_finding *f = &an->findings.v[i];
    for (uint32_t k = i; k-- > 0 && an->findings.v[k].range.start == f->range.start;)
        for (uint32_t o = 0; o < an->findings.v[k].rule->nowns; o++)
            if (strcmp(an->findings.v[k].rule->owns[o], f->rule->id) == 0) return true;
    for (uint32_t k = i + 1; k < an->findings.len && an->findings.v[k].range.start == f->range.start; k++)
        for (uint32_t o = 0; o < an->findings.v[k].rule->nowns; o++)
            if (strcmp(an->findings.v[k].rule->owns[o], f->rule->id) == 0) return true;
    return false;
}

/* Two entries of one rule (say a `required` and a `likely` pattern) can match the same node:
 * report it once, with the better confidence (sorted first). One finding per call (issue 16
 * item 15): a call two rules match belongs to the rule that `owns:` the other. */
static void dedupe(dc_analysis *an) {
    if (an->findings.len > 1) qsort(an->findings.v, an->findings.len, sizeof *an->findings.v, cmp_finding);
    uint8_t *drop = an->findings.len > 1 ? dc_xcalloc(an->findings.len, 1) : NULL;
    for (uint32_t i = 0; drop && i < an->findings.len; i++) drop[i] = owned(an, i);
    uint32_t j = 0;
    for (uint32_t i = 0; i < an->findings.len; i++) {
        if (drop && drop[i]) continue;
        if (j > 0) {
            dc_finding *prev = &an->findings.v[j - 1], *cur = &an->findings.v[i];
            if (prev->rule == cur->rule && prev->range.start == cur->range.start && prev->range.end == cur->range.end)
                continue;
        }
        an->findings.v[j++] = an->findings.v[i];
    }
    an->findings.len = j;
    free(drop);
}

static void apply_severity(dc_analysis *an, const dc_analyze_opts *opts) {
    if (!opts->severity) return;
    for (uint32_t i = 0; i < an->findings.len; i++) {
        int8_t s = opts->severity[an->findings.v[i].rule->index];
        if (s >= 0) an->findings.v[i].severity = (dc_severity)s;
    }
}

void dc_analyze(dc_worker *w, dc_ruleset *rs, dc_source *src, const dc_analyze_opts *opts, dc_analysis *out) {
    dc_analyze_parsed(w, rs, src, opts, NULL, out);
}

void dc_analyze_parsed(dc_worker *w, dc_ruleset *rs, dc_source *src, const dc_analyze_opts *opts, TSTree *tree,
                       dc_analysis *out) {
    memset(out, 0, sizeof *out);
    w->gave_up.len = 0;
    out->src = src;
    out->worker = w;
    out->profile = opts->profile;
    out->project = opts->project;
    if (src->lang == DC_LANG_DOTENV) {
        dc_worker_tree_delete(w, tree); /* cannot happen: .env has no grammar */
        if (out->profile == DC_PROFILE_AUTO) {
            /* A .env file says which SDK it configures by its variable prefix. */
            bool comp = strstr(src->data, "COMPOSIO_") != NULL, dev = strstr(src->data, "DEVCASTER_") != NULL;
            out->profile = comp && !dev ? DC_PROFILE_COMPOSIO : DC_PROFILE_DEVCASTER;
        }
        match_dotenv(w, rs, out, opts);
        dedupe(out);
        dc_suppress_apply(out, rs, &w->arena);
        dedupe(out);
        apply_severity(out, opts);
        return;
    }
    const TSLanguage *g = dc_lang_grammar(src->lang);
    if (!g) {
        dc_worker_tree_delete(w, tree);
        return;
    }
    out->tree = tree ? tree : dc_parse(w, src);
    if (!out->tree) return;
    out->error_nodes = dc_tree_error_count(out->tree);
    out->has_syntax_errors = out->error_nodes > 0;
    dc_file_facts ff = {0};
    bool collect = opts->collect && opts->project && !dc_facts_has(opts->collect, opts->project->file);
    dc_file_facts *ex = collect ? &ff : opts->exports ? &out->exports : NULL;
    out->bindings = dc_bindings_compute_in(&w->arena, src, out->tree, opts->profile, opts->project, ex);
    if (collect) dc_facts_put(opts->collect, opts->project->file, &ff);
    out->profile = out->bindings->profile;
    deep_warning(w, out);
    match_tree(w, rs, out, opts);
    run_analysers(w, rs, out, opts);
    dedupe(out);
    dc_suppress_apply(out, rs, &w->arena);
    dedupe(out);
    apply_severity(out, opts);
}

void dc_analysis_release(dc_analysis *a) {
    dc_worker_tree_delete(a->worker, a->tree);
    dc_vec_free(&a->findings);
    if (a->worker) dc_arena_reset(&a->worker->arena);
    memset(a, 0, sizeof *a);
}
