/* dcaf_typed.c: the DCAF pack's rules about `session.get(key, as_type=T)`:
 * dcaf-typed-copy-not-stored (a changed copy that is never stored back, session.py:126-140) and
 * dcaf-nested-dataclass (a stdlib dataclass whose dataclass fields come back as dicts,
 * session.py:130-133); and the class table both (and dcaf-non-json-value) read. */
#include <string.h>

#include "analysis/dcaf_p.h"

/* ---- classes of the file ---- */

TSNode dcaf_find_class(dcaf_ctx *c, dc_sv name) {
    for (uint32_t i = 0; i < c->classes.len; i++)
        if (dc_sv_eq(dcaf_text(c, dc_field(c->classes.v[i], "name")), name)) return c->classes.v[i];
    return (TSNode){0};
}

static bool canon_eq(dcaf_ctx *c, TSNode n, const char *path) {
    const char *k = dcaf_canon(c, n);
    return k && strcmp(k, path) == 0;
}

int dcaf_class_kind(dcaf_ctx *c, TSNode cls) {
    TSNode p = dcaf_parent(cls);
    if (dc_node_is(p, "decorated_definition")) {
        for (uint32_t i = 0; i < dcaf_nkids(p); i++) {
            TSNode d = dcaf_kid(p, i);
            if (!dc_node_is(d, "decorator")) continue;
            TSNode e = dcaf_kid(d, 0);
            if (dc_node_is(e, "call")) e = dc_field(e, "function");
            if (canon_eq(c, e, "dataclasses.dataclass")) return CLS_DATACLASS;
            if (canon_eq(c, e, "pydantic.dataclasses.dataclass")) return CLS_OTHER;
        }
    }
    TSNode sup = dc_field(cls, "superclasses");
    int kind = CLS_OTHER;
    bool mixin = false;
    uint32_t nsup = dcaf_nkids(sup); /* a class without bases has no `superclasses` */
    for (uint32_t i = 0; i < nsup; i++) {
        TSNode b = dcaf_kid(sup, i);
        if (canon_eq(c, b, "pydantic.BaseModel") || dc_sv_eq_cstr(dcaf_text(c, b), "BaseModel")) kind = CLS_MODEL;
        else if (canon_eq(c, b, "enum.Enum") || canon_eq(c, b, "enum.Flag")) kind = CLS_ENUM;
        else mixin = true;
    }
    return kind == CLS_ENUM && mixin ? CLS_OTHER : kind;
}

/* The fields (annotated names) of a class body: calls fn(field name node, annotation node). */
void dcaf_class_fields(TSNode cls, void (*fn)(void *ud, TSNode name, TSNode type), void *ud) {
    TSNode body = dc_field(cls, "body");
    uint32_t n = dcaf_nkids(body);
    for (uint32_t i = 0; i < n; i++) {
        TSNode st = dcaf_kid(body, i);
        if (!dc_node_is(st, "expression_statement")) continue;
        TSNode as = dcaf_kid(st, 0);
        if (!dc_node_is(as, "assignment")) continue;
        TSNode l = dc_field(as, "left"), t = dc_field(as, "type");
        if (dc_node_is(l, "identifier") && !ts_node_is_null(t)) fn(ud, l, t);
    }
}

/* `S.get(..., as_type=T)` with S a session: T's node, else null. */
static TSNode typed_get(dcaf_ctx *c, TSNode call) {
    if (!dc_node_is(call, "call")) return (TSNode){0};
    TSNode fn = dc_field(call, "function");
    if (!dc_node_is(fn, "attribute") || !dc_sv_eq_cstr(dcaf_text(c, dc_field(fn, "attribute")), "get") ||
        !(dcaf_value_kind(c, dc_field(fn, "object")) & V_SESSION))
        return (TSNode){0};
    TSNode args = dc_field(call, "arguments");
    for (uint32_t i = 0; i < dcaf_nkids(args); i++) {
        TSNode a = dcaf_kid(args, i);
        if (dc_node_is(a, "keyword_argument") && dc_sv_eq_cstr(dcaf_text(c, dc_field(a, "name")), "as_type"))
            return dc_field(a, "value");
    }
    return (TSNode){0};
}

/* ---- dcaf-nested-dataclass ---- */

typedef struct nested {
    dcaf_ctx *c;
    const char *field; /* the first dataclass-typed field */
} nested;

static bool names_dataclass(dcaf_ctx *c, dc_sv t) {
    for (uint32_t i = 0; i < t.len;) {
        if (!(t.p[i] == '_' || (t.p[i] | 32) >= 'a') || !((t.p[i] | 32) <= 'z' || t.p[i] == '_')) {
            i++;
            continue;
        }
        uint32_t s = i;
        while (i < t.len && (t.p[i] == '_' || (t.p[i] >= '0' && t.p[i] <= '9') || ((t.p[i] | 32) >= 'a' && (t.p[i] | 32) <= 'z')))
            i++;
        TSNode cls = dcaf_find_class(c, dc_sv_from(t.p + s, i - s));
        if (!ts_node_is_null(cls) && dcaf_class_kind(c, cls) == CLS_DATACLASS) return true;
    }
    return false;
}

static void on_field(void *ud, TSNode name, TSNode type) {
    nested *n = ud;
    if (!n->field && names_dataclass(n->c, dcaf_text(n->c, type))) n->field = dcaf_cstr(n->c, name);
}

void dcaf_rule_nested_dataclass(dcaf_ctx *c, const dc_rule *r) {
    for (uint32_t i = 0; i < c->calls.len; i++) {
        TSNode t = typed_get(c, c->calls.v[i]);
        if (!dc_node_is(t, "identifier")) continue;
        TSNode cls = dcaf_find_class(c, dcaf_text(c, t));
        if (ts_node_is_null(cls) || dcaf_class_kind(c, cls) != CLS_DATACLASS) continue;
        nested n = {c, NULL};
        dcaf_class_fields(cls, on_field, &n);
        if (!n.field) continue;
        const char *kv[] = {"type", dcaf_cstr(c, t), "field", n.field, NULL};
        dc_finding *f = dcaf_report(c, r, c->calls.v[i], kv);
        dcaf_plan_new(c, f, DC_APP_MANUAL,
                      dc_arena_printf(c->arena,
                                      "make `%s` a pydantic model, or rebuild `%s` yourself (__post_init__ or a from_dict "
                                      "classmethod)",
                                      dcaf_cstr(c, t), n.field));
    }
}

/* ---- dcaf-typed-copy-not-stored ---- */

typedef struct copy_scan {
    dcaf_ctx *c;
    dc_sv x, key;       /* the copy's name, the key's text */
    bool dataclass;     /* only attribute re-binding is lost */
    uint32_t after;     /* the assignment's end */
    uint32_t last_change, last_store; /* 0: none */
} copy_scan;

static bool is_x(copy_scan *s, TSNode n) { return dc_node_is(n, "identifier") && dc_sv_eq(dcaf_text(s->c, n), s->x); }

/* `x.a` (an attribute of the copy) */
static bool on_x(copy_scan *s, TSNode n) { return dc_node_is(n, "attribute") && is_x(s, dc_field(n, "object")); }

static bool key_is(copy_scan *s, TSNode k) { return !ts_node_is_null(k) && dc_sv_eq(dcaf_text(s->c, k), s->key); }

static void copy_node(copy_scan *s, TSNode n) {
    uint32_t at = ts_node_start_byte(n);
    if (at < s->after) return;
    dcaf_ctx *c = s->c;
    if (dc_node_is(n, "assignment") || dc_node_is(n, "augmented_assignment")) {
        TSNode l = dc_field(n, "left"), rv = dc_field(n, "right");
        if (on_x(s, l) || (!s->dataclass && dc_node_is(l, "subscript") && on_x(s, dc_field(l, "value")))) s->last_change = at;
        if (dc_node_is(l, "subscript") && (dcaf_value_kind(c, dc_field(l, "value")) & V_SESSION) &&
            key_is(s, dc_field(l, "subscript")) && is_x(s, rv))
            s->last_store = at;
    } else if (dc_node_is(n, "delete_statement") && !s->dataclass) {
        TSNode t = dcaf_kid(n, 0);
        if (dc_node_is(t, "subscript") && on_x(s, dc_field(t, "value"))) s->last_change = at;
    } else if (dc_node_is(n, "call")) {
        TSNode fn = dc_field(n, "function");
        if (!dc_node_is(fn, "attribute")) return;
        TSNode obj = dc_field(fn, "object");
        dc_sv m = dcaf_text(c, dc_field(fn, "attribute"));
        static const char *const mut[] = {"append", "extend", "insert", "remove", "pop", "clear", "update",
                                          "setdefault", "add", "discard", "sort", "reverse", NULL};
        for (int i = 0; !s->dataclass && mut[i]; i++)
            if (on_x(s, obj) && dc_sv_eq_cstr(m, mut[i])) s->last_change = at;
        if (!(dcaf_value_kind(c, obj) & V_SESSION)) return;
        TSNode args = dc_field(n, "arguments");
        if (dc_sv_eq_cstr(m, "set") && dcaf_nkids(args) >= 2 && key_is(s, dcaf_kid(args, 0)) &&
            is_x(s, dcaf_kid(args, 1)))
            s->last_store = at;
        if (dc_sv_eq_cstr(m, "update")) {
            TSNode d = dcaf_kid(args, 0);
            for (uint32_t i = 0; dc_node_is(d, "dictionary") && i < dcaf_nkids(d); i++) {
                TSNode pr = dcaf_kid(d, i);
                if (dc_node_is(pr, "pair") && key_is(s, dc_field(pr, "key")) && is_x(s, dc_field(pr, "value")))
                    s->last_store = at;
            }
        }
    }
}

static bool copy_walk(void *vctx, TSNode n, const char *parent, const char *field) {
    if (dcaf_is_named(n)) copy_node(vctx, n);
    return true;
}

static bool builtin_type(dc_sv t) {
    static const char *const b[] = {"list", "dict", "int", "str", "float", "bool", "set", "tuple", "bytes", "object", NULL};
    for (int i = 0; b[i]; i++)
        if (dc_sv_eq_cstr(t, b[i])) return true;
    return false;
}

static void check_copy(dcaf_ctx *c, const dc_rule *r, TSNode as) {
    TSNode l = dc_field(as, "left"), call = dc_field(as, "right");
    if (!dc_node_is(as, "assignment") || !dc_node_is(l, "identifier")) return;
    if (dc_node_is(call, "boolean_operator") && dc_sv_eq_cstr(dcaf_text(c, dc_field(call, "operator")), "or"))
        call = dc_field(call, "left");
    TSNode t = typed_get(c, call);
    if (ts_node_is_null(t) || builtin_type(dcaf_text(c, t))) return;
    TSNode cls = dc_node_is(t, "identifier") ? dcaf_find_class(c, dcaf_text(c, t)) : (TSNode){0};
    int kind = ts_node_is_null(cls) ? CLS_MODEL : dcaf_class_kind(c, cls);
    if (kind != CLS_MODEL && kind != CLS_DATACLASS) return;
    TSNode key = dcaf_kid(dc_field(call, "arguments"), 0);
    if (dc_node_is(key, "keyword_argument")) return;
    copy_scan s = {c, dcaf_text(c, l), dcaf_text(c, key), kind == CLS_DATACLASS, dcaf_end(as), 0, 0};
    TSNode def = dcaf_enclosing_def(c, as);
    dcaf_walk_body(ts_node_is_null(def) ? c->root : def, copy_walk, &s);
    if (!s.last_change || s.last_store > s.last_change) return;
    const char *kv[] = {"name", dcaf_cstr(c, l), "type", dcaf_cstr(c, t), "key", dcaf_cstr(c, key), NULL};
    dc_finding *f = dcaf_report(c, r, call, kv);
    dcaf_plan_new(c, f, DC_APP_MANUAL,
                  dc_arena_printf(c->arena, "store it back after the last change: session.set(%s, %s)", dcaf_cstr(c, key),
                                  dcaf_cstr(c, l)));
}

void dcaf_rule_typed_copy_not_stored(dcaf_ctx *c, const dc_rule *r) {
    for (uint32_t i = 0; i < c->assigns.len; i++) check_copy(c, r, c->assigns.v[i]);
}
