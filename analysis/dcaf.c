/* dcaf.c: the DCAF pack's entry point (dcaf.h): the gate, the dispatch to each rule's analyser,
 * and the reporting helpers the rules share (dcaf_p.h). */
#include <string.h>

#include "analysis/dcaf_p.h"
#include "common/text.h"

static const struct {
    const char *id;
    dcaf_rule_fn fn;
} analysers[] = {
    {"dcaf-tool-session-param", dcaf_rule_tool_session_param},
    {"dcaf-agent-signature", dcaf_rule_agent_signature},
    {"dcaf-async-misuse", dcaf_rule_async_misuse},
    {"dcaf-result-session-object", dcaf_rule_result_session_object},
    {"dcaf-session-dropped", dcaf_rule_session_dropped},
    {"dcaf-typed-copy-not-stored", dcaf_rule_typed_copy_not_stored},
    {"dcaf-nested-dataclass", dcaf_rule_nested_dataclass},
    {"dcaf-non-json-value", dcaf_rule_non_json_value},
    {"dcaf-session-secret", dcaf_rule_session_secret},
    {"dcaf-request-session-reassigned", dcaf_rule_request_session_reassigned},
    {"dcaf-interceptor-no-return", dcaf_rule_interceptor_no_return},
    {"dcaf-session-iteration", dcaf_rule_session_iteration},
    {"dcaf-session-ctor-args", dcaf_rule_session_ctor_args},
    {"dcaf-response-session-dict", dcaf_rule_response_session_dict},
    {"dcaf-v1-tool-decorator", dcaf_rule_v1_tool_decorator},
};

static dcaf_rule_fn analyser_of(const char *id) {
    for (size_t i = 0; i < sizeof analysers / sizeof analysers[0]; i++)
        if (strcmp(analysers[i].id, id) == 0) return analysers[i].fn;
    return NULL;
}

void dc_dcaf_analyze(dc_analysis *an, dc_arena *arena, const dc_facts_view *project, const dc_rule *const *rules,
                     uint32_t n) {
    if (!an->tree) return;
    /* the project's DCAF names, once known (before: a file that uses one is analysed again then) */
    bool through = project && project->facts && !project->pending && dc_facts_any(project->facts, DC_FACT_DCAF);
    if (!through && !memmem(an->src->data, an->src->len, "dcaf", 4)) return;
    dcaf_ctx c = {.an = an, .src = an->src, .arena = arena, .root = ts_tree_root_node(an->tree)};
    c.view = through ? project : NULL;
    if (dcaf_facts_build(&c)) {
        for (uint32_t i = 0; i < n; i++) {
            dcaf_rule_fn fn = analyser_of(rules[i]->id);
            if (fn) fn(&c, rules[i]);
        }
    }
    dcaf_facts_free(&c);
}

/* ---- reporting ---- */

typedef struct kv_lookup {
    const char *const *kv;
} kv_lookup;

static bool lookup_kv(dc_buf *out, dc_sv name, void *vctx) {
    const kv_lookup *l = vctx;
    for (uint32_t i = 0; l->kv && l->kv[i]; i += 2) {
        if (dc_sv_eq_cstr(name, l->kv[i])) {
            dc_buf_adds(out, l->kv[i + 1]);
            return true;
        }
    }
    return false;
}

dc_finding *dcaf_report_range(dcaf_ctx *c, const dc_rule *r, uint32_t start, uint32_t end, const char *const *kv) {
    dc_buf out = DC_BUF_INIT;
    kv_lookup l = {kv};
    dc_tmpl_expand(&out, r->message, "", lookup_kv, &l);
    dc_finding f = {0};
    f.rule = r;
    f.severity = r->severity;
    f.range = (dc_range){start, end};
    f.message = dc_arena_strndup(c->arena, out.p, out.len);
    f.order = c->an->findings.len;
    dc_buf_free(&out);
    dc_vec_push(&c->an->findings, f);
    return &c->an->findings.v[c->an->findings.len - 1];
}

dc_finding *dcaf_report(dcaf_ctx *c, const dc_rule *r, TSNode at, const char *const *kv) {
    return dcaf_report_range(c, r, ts_node_start_byte(at), dcaf_end(at), kv); /* (callers report present nodes) */
}

dc_dcaf_plan *dcaf_plan_new(dcaf_ctx *c, dc_finding *f, dc_applicability app, const char *why) {
    dc_dcaf_plan *p = dc_arena_alloc(c->arena, sizeof *p);
    p->app = app;
    p->why = why;
    f->detail = p;
    return p;
}

void dcaf_plan_edit(dcaf_ctx *c, dc_dcaf_plan *p, uint32_t start, uint32_t end, const char *text) {
    if (p->nedits == p->cap) {
        uint32_t cap = p->cap ? p->cap * 2 : 4;
        dc_dcaf_edit *e = dc_arena_alloc(c->arena, cap * sizeof *e);
        if (p->nedits) memcpy(e, p->edits, p->nedits * sizeof *e);
        p->edits = e;
        p->cap = cap;
    }
    p->edits[p->nedits++] = (dc_dcaf_edit){start, end, dc_arena_strdup(c->arena, text)};
}

typedef struct body_walk {
    TSNode top;
    dc_node_visit_fn fn;
    void *ud;
} body_walk;

static bool body_visit(void *vctx, TSNode n, const char *parent, const char *field) {
    body_walk *b = vctx;
    if (!dcaf_same(n, b->top) &&
        (dc_node_is(n, "function_definition") || dc_node_is(n, "lambda") || dc_node_is(n, "class_definition")))
        return false;
    return b->fn(b->ud, n, parent, field);
}

void dcaf_walk_body(TSNode top, dc_node_visit_fn fn, void *ud) {
    if (ts_node_is_null(top)) return; /* a def without a body (an ERROR region) */
    body_walk b = {top, fn, ud};
    dc_tree_visit(top, body_visit, &b);
}
