/* session_p.h: private to rewriter/: reading call shapes the session fixers need, shared by
 * fix_session.c and the legacy fixers. Python and TS/JS nodes are handled by the same helpers
 * (the node kinds differ, the questions do not). All strings are arena-allocated. */
#ifndef DC_SESSION_P_H
#define DC_SESSION_P_H

#include "rewriter/fixers_p.h"

typedef struct dc_args {
    TSNode pos[8];      /* positional arguments (Python), or call arguments (TS) */
    uint32_t npos;
    TSNode kw_name[16]; /* Python keyword arguments */
    TSNode kw_value[16];
    uint32_t nkw;
    bool splat;         /* *args / **kwargs / ...spread: the shape is not fully known */
} dc_args;

bool dc_node_is(TSNode n, const char *type);
TSNode dc_field(TSNode n, const char *field);

/* The arguments of a call node (Python `call` or TS `call_expression` / `new_expression`). */
void dc_args_read(const dc_source *src, TSNode call, dc_args *out);
/* Python keyword argument value by name; null node when absent. */
TSNode dc_args_kw(const dc_source *src, const dc_args *a, const char *name);
/* TS object literal property value by key (`key: v`, shorthand `key` returns the identifier);
 * null node when absent or when the object has a spread. */
TSNode dc_object_get(const dc_source *src, TSNode obj, const char *key, bool *has_other_keys_out);
/* Names of all keys of a TS object literal, comma-separated into `out`; false on spread or
 * computed keys. */
bool dc_object_keys(const dc_source *src, TSNode obj, dc_buf *out);

/* Value of a plain string literal (no interpolation, no escapes, no prefix other than r/u/b).
 * Returns false when the node is not such a literal. */
bool dc_string_value(dc_arena *a, const dc_source *src, TSNode n, const char **out);
/* The quote character a string literal node uses ('"' or '\''), or 0. */
char dc_string_quote(const dc_source *src, TSNode n);

/* The known toolkit a tool slug belongs to: the longest known slug t with SLUG starting with
 * upper(t) + "_". NULL when none. */
const char *dc_toolkit_of_tool(dc_fix_ctx *ctx, const char *tool_slug);
/* The one known toolkit an identifier or string names ("ac_github_config",
 * "GITHUB_AUTH_CONFIG_ID", "googleCalendarAuth"): exactly one known slug among its words (and
 * adjacent word pairs). NULL when none or several. */
const char *dc_toolkit_named_by(dc_fix_ctx *ctx, dc_sv text);

#endif
