/* dcaf_p.h: private to the DCAF pack (analysis/dcaf*.c): the per-file facts the rules share and
 * the helpers they report through (docs/dcaf-rules-design.md sections 1.2-1.5).
 *
 * Symbols: a node "names" a DCAF symbol when its dotted text resolves, through the file's
 * imports (`from M import X as Y`, `import dcaf.core as dc`, `from dcaf import core`), to one of
 * the symbol's canonical paths; a name the file also binds with a top-level class or def is not.
 * Values (flow-insensitive, by scope: the innermost enclosing def, else the module; `self.x` is
 * file-wide): what a name holds, a Session, an Agent, a run()/chat() result, an AgentResult. */
#ifndef DC_DCAF_P_H
#define DC_DCAF_P_H

#include "analysis/dcaf.h"
#include "syntax/tree.h"

typedef enum dcaf_sym {
    SYM_SESSION,
    SYM_AGENT,
    SYM_AGENT_RESULT,
    SYM_FROM_AGENT_RESPONSE,
    SYM_LLM_REQUEST,
    SYM_LLM_RESPONSE,
    SYM_SERVE,
    SYM_CREATE_APP,
    SYM_TOOL,
    SYM_CREATE_TOOL,
    SYM_TOOL_V1,
    SYM_CREATE_TOOL_V1,
    SYM_COUNT
} dcaf_sym;

/* what a name holds (bits) */
enum {
    V_SESSION = 1,
    V_AGENT = 2,
    V_RUN_RESULT = 4,
    V_CHAT_RESULT = 8,
    V_AGENT_RESULT = 16,
    V_REQ_PARAM = 32,  /* the parameter of a request interceptor */
    V_RESP_PARAM = 64, /* the parameter of a response interceptor */
    V_SNAPSHOT = 128,  /* assigned S.to_dict() */
};

typedef struct dcaf_alias {
    dc_sv local;
    const char *canon; /* "dcaf.core.Session", "dcaf.core" (a module) */
} dcaf_alias;

typedef struct dcaf_val {
    uint32_t scope; /* dcaf_scope_id */
    dc_sv name;     /* normalised: "session", "self.agent" */
    uint32_t kind;  /* V_* bits; 0: bound to something else (shadows outer scopes) */
    TSNode node;    /* where it was bound (a parameter, an assignment's left side) */
} dcaf_val;

/* A function definition the pack knows a role of. */
enum { F_HANDLER = 1, F_TOOL = 2, F_REQ_INTERCEPTOR = 4, F_RESP_INTERCEPTOR = 8 };
typedef struct dcaf_fn {
    TSNode def;  /* function_definition, or a lambda (interceptors only) */
    uint32_t role;
    bool registered; /* interceptors: named in request_/response_interceptors= (not only annotated) */
} dcaf_fn;

typedef struct dcaf_ctx {
    dc_analysis *an;
    const dc_source *src;
    dc_arena *arena;
    TSNode root;
    DC_VEC(dcaf_alias) aliases;
    DC_VEC(dcaf_val) vals;
    DC_VEC(dcaf_fn) fns;
    DC_VEC(TSNode) calls;     /* every call of the file, in preorder */
    DC_VEC(TSNode) defs;      /* every function_definition, in preorder */
    DC_VEC(TSNode) assigns;   /* every assignment / augmented_assignment, in preorder */
    DC_VEC(TSNode) classes;   /* every class_definition */
    DC_VEC(TSNode) walls;     /* every lambda / comprehension / generator expression */
} dcaf_ctx;

/* ---- facts (dcaf_facts.c) ---- */
bool dcaf_facts_build(dcaf_ctx *c); /* false: the file does not import dcaf */
void dcaf_facts_free(dcaf_ctx *c);
/* The canonical dotted path `n` (identifier / attribute / string annotation) resolves to, or NULL. */
const char *dcaf_canon(dcaf_ctx *c, TSNode n);
/* The same for a dotted text ("datetime.now"), or NULL. */
const char *dcaf_canon_text(dcaf_ctx *c, dc_sv dotted);
bool dcaf_is_sym(dcaf_ctx *c, TSNode n, dcaf_sym s);
/* A call whose callee names `s`. */
bool dcaf_calls_sym(dcaf_ctx *c, TSNode call, dcaf_sym s);
/* The scope a node is evaluated in: the innermost enclosing function_definition's start + 1,
 * or 0 (module). Lambdas and comprehensions belong to their enclosing def. Found by byte range
 * in the file's list of defs, never by walking up: ts_node_parent costs a descent from the root
 * in tree-sitter (0.20.7 and 0.25), so a walk up deeply nested code would be quadratic. */
uint32_t dcaf_scope_id(dcaf_ctx *c, TSNode n);
TSNode dcaf_enclosing_def(dcaf_ctx *c, TSNode n);
/* Is there a lambda, comprehension or generator expression between `n` and `def` (null: the
 * module)? */
bool dcaf_inside_wall(dcaf_ctx *c, TSNode n, TSNode def);
/* The V_* kinds of the expression `n` (a name, `self.x`, `R.session`, a call). */
uint32_t dcaf_value_kind(dcaf_ctx *c, TSNode n);
/* Is the annotation `type` node a Session form (Session, Optional[Session], Session | None,
 * "Session", ...)? */
bool dcaf_is_session_annotation(dcaf_ctx *c, TSNode type);
/* The role bits of a function_definition (F_*), 0 when none. */
uint32_t dcaf_fn_role(dcaf_ctx *c, TSNode def, bool *registered);
/* Parameters of a function_definition: the idx-th parameter node, its name, its kind. */
uint32_t dcaf_params(TSNode def, TSNode *out, uint32_t max);
dc_sv dcaf_param_name(dcaf_ctx *c, TSNode p);
TSNode dcaf_param_type(TSNode p);
TSNode dcaf_param_default(TSNode p);
/* The served handler's session parameter (named `session`, else the third), or a null node. */
TSNode dcaf_handler_session_param(dcaf_ctx *c, TSNode def);
/* A function_definition named `name` visible in the file (not a method), or a null node. */
TSNode dcaf_find_def(dcaf_ctx *c, dc_sv name);

/* ---- classes of the file (dcaf_typed.c) ---- */
enum { CLS_OTHER, CLS_MODEL, CLS_DATACLASS, CLS_ENUM };
TSNode dcaf_find_class(dcaf_ctx *c, dc_sv name);
/* CLS_MODEL (pydantic BaseModel), CLS_DATACLASS (stdlib, not pydantic's), CLS_ENUM (Enum/Flag
 * without a str/int mixin), else CLS_OTHER. */
int dcaf_class_kind(dcaf_ctx *c, TSNode cls);
void dcaf_class_fields(TSNode cls, void (*fn)(void *ud, TSNode name, TSNode type), void *ud);

/* ---- reporting (dcaf.c) ---- */
/* Adds a finding of `r` at [start, end) with the rule's message, {{k}} filled from kv[] (pairs:
 * name, value; NULL-terminated); returns it so the caller can attach a plan. */
dc_finding *dcaf_report(dcaf_ctx *c, const dc_rule *r, TSNode at, const char *const *kv);
dc_finding *dcaf_report_range(dcaf_ctx *c, const dc_rule *r, uint32_t start, uint32_t end, const char *const *kv);
dc_dcaf_plan *dcaf_plan_new(dcaf_ctx *c, dc_finding *f, dc_applicability app, const char *why);
void dcaf_plan_edit(dcaf_ctx *c, dc_dcaf_plan *p, uint32_t start, uint32_t end, const char *text);
dc_sv dcaf_text(dcaf_ctx *c, TSNode n);
const char *dcaf_cstr(dcaf_ctx *c, TSNode n);
static inline bool dcaf_same(TSNode a, TSNode b) {
    return !ts_node_is_null(a) && !ts_node_is_null(b) && ts_node_start_byte(a) == ts_node_start_byte(b) &&
           ts_node_end_byte(a) == ts_node_end_byte(b) && ts_node_symbol(a) == ts_node_symbol(b);
}
/* Child by field / first named child of a kind; null node when absent. */
TSNode dcaf_child_of_kind(TSNode n, const char *kind);
/* Preorder over the subtree at `top` with a cursor (no recursion), calling fn(ud, n, parent kind,
 * field name) on every node but those of defs, lambdas and classes nested below `top`; fn returns
 * false to skip n's children. */
void dcaf_walk_body(TSNode top, dc_node_visit_fn fn, void *ud);
static inline bool dcaf_contains(TSNode outer, TSNode inner) {
    return ts_node_start_byte(outer) <= ts_node_start_byte(inner) && ts_node_end_byte(inner) <= ts_node_end_byte(outer);
}

/* ---- the rules (one function per rule id) ---- */
typedef void (*dcaf_rule_fn)(dcaf_ctx *c, const dc_rule *r);
void dcaf_rule_tool_session_param(dcaf_ctx *c, const dc_rule *r);     /* dcaf_tools.c */
void dcaf_rule_v1_tool_decorator(dcaf_ctx *c, const dc_rule *r);      /* dcaf_tools.c */
void dcaf_rule_agent_signature(dcaf_ctx *c, const dc_rule *r);        /* dcaf_handlers.c */
void dcaf_rule_async_misuse(dcaf_ctx *c, const dc_rule *r);           /* dcaf_async.c */
void dcaf_rule_result_session_object(dcaf_ctx *c, const dc_rule *r);  /* dcaf_results.c */
void dcaf_rule_session_dropped(dcaf_ctx *c, const dc_rule *r);        /* dcaf_dropped.c */
void dcaf_rule_typed_copy_not_stored(dcaf_ctx *c, const dc_rule *r);  /* dcaf_typed.c */
void dcaf_rule_nested_dataclass(dcaf_ctx *c, const dc_rule *r);       /* dcaf_typed.c */
void dcaf_rule_non_json_value(dcaf_ctx *c, const dc_rule *r);         /* dcaf_values.c */
void dcaf_rule_session_secret(dcaf_ctx *c, const dc_rule *r);         /* dcaf_values.c */
void dcaf_rule_request_session_reassigned(dcaf_ctx *c, const dc_rule *r); /* dcaf_intercept.c */
void dcaf_rule_interceptor_no_return(dcaf_ctx *c, const dc_rule *r);  /* dcaf_intercept.c */
void dcaf_rule_session_iteration(dcaf_ctx *c, const dc_rule *r);      /* dcaf_iter.c */
void dcaf_rule_session_ctor_args(dcaf_ctx *c, const dc_rule *r);      /* dcaf_results.c */
void dcaf_rule_response_session_dict(dcaf_ctx *c, const dc_rule *r);  /* dcaf_results.c */

/* Named children of `n`, 0 for a null node: tree-sitter's ts_node_named_child_count
 * dereferences a null node's subtree (0.20.7 and 0.25 alike), and a field the grammar leaves out (a class without bases,
 * a call inside an ERROR region) is a null node (fuzz_fix found the first). */
static inline uint32_t dcaf_nkids(TSNode n) { return ts_node_is_null(n) ? 0 : ts_node_named_child_count(n); }

#endif
