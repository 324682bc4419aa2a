/* dcaf_handlers.c: dcaf-agent-signature: a custom agent function given to DCAF serve() /
 * create_app() that the server calls wrongly (dcaf/core/server.py:896-936: the session is passed
 * as a third positional argument when the function has 3+ parameters or one named `session`). */
#include <string.h>

#include "analysis/dcaf_p.h"

typedef struct sig {
    TSNode pos[32];  /* positional parameters, in order */
    uint32_t npos, nreq_pos;
    TSNode kwonly[32];
    uint32_t nkwonly;
    TSNode kwsep;    /* the bare `*`, or null */
    bool star_args, star_kwargs, has_session;
    uint32_t nall;   /* every parameter but the separators */
} sig;

static bool is_splat(TSNode p, const char *kind) {
    return dc_node_is(p, kind) || (dc_node_is(p, "typed_parameter") && !ts_node_is_null(dcaf_child_of_kind(p, kind)));
}

static void read_sig(dcaf_ctx *c, TSNode def, sig *s) {
    memset(s, 0, sizeof *s);
    TSNode ps[32];
    uint32_t n = dcaf_params(def, ps, 32);
    bool kw = false;
    for (uint32_t i = 0; i < n; i++) {
        TSNode p = ps[i];
        if (dc_node_is(p, "positional_separator")) continue;
        if (dc_node_is(p, "keyword_separator")) {
            s->kwsep = p;
            kw = true;
            continue;
        }
        s->nall++;
        if (is_splat(p, "list_splat_pattern")) {
            s->star_args = kw = true;
            continue;
        }
        if (is_splat(p, "dictionary_splat_pattern")) {
            s->star_kwargs = true;
            continue;
        }
        if (dc_sv_eq_cstr(dcaf_param_name(c, p), "session")) s->has_session = true;
        if (kw) {
            if (s->nkwonly < 32) s->kwonly[s->nkwonly++] = p;
        } else if (s->npos < 32) {
            s->pos[s->npos++] = p;
            if (ts_node_is_null(dcaf_param_default(p))) s->nreq_pos++;
        }
    }
}

/* The keyword-only `session` fix: `(m, c, *, session...)` -> `(m, c, session...)`, keeping a `*`
 * before any keyword-only parameters that follow it. NULL when the shape is not that one. */
static bool plan_kwonly_fix(dcaf_ctx *c, dc_finding *f, const sig *s) {
    if (s->npos != 2 || s->star_args || ts_node_is_null(s->kwsep) || !s->nkwonly ||
        !dc_sv_eq_cstr(dcaf_param_name(c, s->kwonly[0]), "session"))
        return false;
    TSNode sp = s->kwonly[0];
    for (TSNode n = dcaf_next(s->kwsep); !ts_node_is_null(n) && !dcaf_same(n, sp); n = dcaf_next(n))
        if (dc_node_is(n, "comment")) return false;
    dc_dcaf_plan *p = dcaf_plan_new(c, f, DC_APP_SAFE, NULL);
    p->title = "make `session` the third positional parameter";
    dcaf_plan_edit(c, p, ts_node_start_byte(s->kwsep), ts_node_start_byte(sp), "");
    if (s->nkwonly > 1) dcaf_plan_edit(c, p, ts_node_start_byte(s->kwonly[1]), ts_node_start_byte(s->kwonly[1]), "*, ");
    return true;
}

static const char *num(dcaf_ctx *c, uint32_t n) { return dc_arena_printf(c->arena, "%u", n); }

/* The first reason the server's call goes wrong (design 2.2), its message part and advice. */
static bool diagnose(dcaf_ctx *c, const sig *s, const char **why, const char **todo, bool *fixable) {
    bool accepts = s->nall >= 3 || s->has_session;
    uint32_t k = accepts ? 3 : 2;
    const char *args = accepts ? "3 positional arguments (messages, context, session)" : "2 positional arguments (messages, context)";
    *fixable = false;
    if (s->npos < k && !s->star_args) {
        bool kwsession = false;
        for (uint32_t i = 0; i < s->nkwonly; i++) kwsession |= dc_sv_eq_cstr(dcaf_param_name(c, s->kwonly[i]), "session");
        *why = dc_arena_printf(c->arena, "with %s but it takes %s%s", args, num(c, s->npos),
                               kwsession ? " (`session` is keyword-only)" : "");
        *todo = "declare (messages, context, session) as the first three positional parameters";
        *fixable = kwsession;
        return true;
    }
    if (s->nreq_pos > k) {
        *why = dc_arena_printf(c->arena, "with %s but it requires %u: every request fails with a missing argument", args,
                               s->nreq_pos);
        *todo = "give the parameters after the third a default, or remove them";
        return true;
    }
    for (uint32_t i = 0; i < s->nkwonly; i++) {
        if (ts_node_is_null(dcaf_param_default(s->kwonly[i]))) {
            dc_sv n = dcaf_param_name(c, s->kwonly[i]);
            *why = dc_arena_printf(c->arena, "without its required keyword-only argument `%.*s`", (int)n.len, n.p);
            *todo = dc_arena_printf(c->arena, "give `%.*s` a default, or remove it", (int)n.len, n.p);
            return true;
        }
    }
    if (!accepts) return false;
    for (uint32_t i = 0; i < s->npos && i < 2; i++) {
        if (dc_sv_eq_cstr(dcaf_param_name(c, s->pos[i]), "session")) {
            *why = i == 0 ? "with (messages, context, session): `session` receives the messages list"
                          : "with (messages, context, session): `session` receives the context";
            *todo = "reorder the parameters to (messages, context, session)";
            return true;
        }
    }
    if (s->npos < 3) return false;
    TSNode third = s->pos[2];
    dc_sv n = dcaf_param_name(c, third);
    TSNode ty = dcaf_param_type(third);
    if (dc_sv_eq_cstr(n, "session") || dcaf_is_session_annotation(c, ty)) return false;
    if (ts_node_is_null(ty) && ts_node_is_null(dcaf_param_default(third))) return false;
    *why = dc_arena_printf(c->arena, "with (messages, context, session): `%.*s` receives the Session", (int)n.len, n.p);
    *todo = dc_arena_printf(c->arena, "insert a `session` parameter third and move `%.*s` after it", (int)n.len, n.p);
    return true;
}

void dcaf_rule_agent_signature(dcaf_ctx *c, const dc_rule *r) {
    for (uint32_t i = 0; i < c->fns.len; i++) {
        TSNode def = c->fns.v[i].def;
        if (!(c->fns.v[i].role & F_HANDLER) || !dc_node_is(def, "function_definition")) continue;
        sig s;
        read_sig(c, def, &s);
        const char *why, *todo;
        bool fixable;
        if (!diagnose(c, &s, &why, &todo, &fixable)) continue;
        const char *kv[] = {"name", dcaf_cstr(c, dc_field(def, "name")), "why", why, NULL};
        dc_finding *f = dcaf_report_range(c, r, ts_node_start_byte(def), dcaf_head_end(def), kv);
        if (!fixable || !plan_kwonly_fix(c, f, &s)) dcaf_plan_new(c, f, DC_APP_MANUAL, todo);
    }
}
