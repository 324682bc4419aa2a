/* tree.c: see tree.h. */
#include "syntax/tree.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/recover.h"

/* ---- kinds ---------------------------------------------------------------------------------- */

bool dc_node_is(TSNode n, const char *kind) { return !ts_node_is_null(n) && strcmp(ts_node_type(n), kind) == 0; }

bool dc_node_is_any(TSNode n, const char *const *kinds) {
    if (ts_node_is_null(n)) return false;
    const char *t = ts_node_type(n);
    for (uint32_t i = 0; kinds[i]; i++)
        if (strcmp(t, kinds[i]) == 0) return true;
    return false;
}

bool dc_node_is_function(TSNode n) {
    static const char *const kinds[] = {"function_definition", "lambda", "function_declaration", "function_expression",
                                        "function", "arrow_function", "method_definition",
                                        "generator_function_declaration", "generator_function", NULL};
    return dc_node_is_any(n, kinds);
}

bool dc_node_is_block(TSNode n) {
    static const char *const kinds[] = {"block", "module", "statement_block", "program", NULL};
    return dc_node_is_any(n, kinds);
}

bool dc_node_is_call(TSNode n) { return dc_node_is(n, "call") || dc_node_is(n, "call_expression"); }
bool dc_node_is_member(TSNode n) { return dc_node_is(n, "attribute") || dc_node_is(n, "member_expression"); }
bool dc_node_is_comment(TSNode n) { return dc_node_is(n, "comment") || dc_node_is(n, "html_comment"); }

/* ---- fields and text ------------------------------------------------------------------------ */

/* Keyed by the name's address (the callers pass literals) and checked by content, so any string
 * works; per thread, so the workers never share a slot. */
typedef struct field_slot {
    const TSLanguage *lang;
    TSFieldId id;
    char name[24];
} field_slot;

static TSFieldId field_id(const TSLanguage *lang, const char *field) {
    static _Thread_local field_slot cache[64];
    size_t len = strlen(field);
    if (len >= sizeof cache[0].name) return ts_language_field_id_for_name(lang, field, (uint32_t)len);
    field_slot *s = &cache[(((uintptr_t)field >> 3) ^ ((uintptr_t)lang >> 6)) & 63];
    if (s->lang != lang || strcmp(s->name, field) != 0) {
        s->lang = lang;
        s->id = ts_language_field_id_for_name(lang, field, (uint32_t)len);
        memcpy(s->name, field, len + 1);
    }
    return s->id;
}

TSNode dc_field(TSNode n, const char *field) {
    if (ts_node_is_null(n)) return n;
    TSFieldId id = field_id(ts_tree_language(n.tree), field);
    if (!id) return (TSNode){0};
    return ts_node_child_by_field_id(n, id);
}

dc_sv dc_node_sv(const dc_source *src, TSNode n) {
    if (ts_node_is_null(n)) return (dc_sv){src->data, 0};
    uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
    if (e > src->len) e = src->len;
    if (s > e) s = e;
    return dc_sv_from(src->data + s, e - s);
}

bool dc_node_string(const dc_source *src, TSNode n, dc_sv *out) {
    if (!dc_node_is(n, "string")) return false;
    uint32_t k = ts_node_child_count(n);
    dc_sv content = {"", 0};
    for (uint32_t i = 0; i < k; i++) {
        TSNode c = ts_node_child(n, i);
        const char *t = ts_node_type(c);
        if (strcmp(t, "string_start") == 0) {
            dc_sv s = dc_node_sv(src, c);
            for (uint32_t j = 0; j < s.len; j++)
                if (s.p[j] != '"' && s.p[j] != '\'' && s.p[j] != 'r' && s.p[j] != 'R' && s.p[j] != 'u' && s.p[j] != 'U')
                    return false; /* f-strings and bytes are not plain names */
        } else if (strcmp(t, "string_content") == 0 || strcmp(t, "string_fragment") == 0) {
            if (ts_node_named_child_count(c) > 0) return false; /* escapes or interpolation */
            content = dc_node_sv(src, c);
        } else if (strcmp(t, "string_end") != 0 && strcmp(t, "\"") != 0 && strcmp(t, "'") != 0) {
            return false;
        }
    }
    *out = content;
    return true;
}

/* ---- cursor walks ----------------------------------------------------------------------------- */

void dc_tree_walk_kinds(TSNode root, const char *const *kinds, bool (*fn)(TSNode n, void *ctx), void *ctx) {
    TSTreeCursor c = ts_tree_cursor_new(root);
    for (uint32_t polled = 0;; polled++) {
        if ((polled & 4095u) == 4095u) dc_recover_poll(); /* a stop signal abandons the file (recover.h) */
        TSNode n = ts_tree_cursor_current_node(&c);
        bool wanted = !kinds;
        for (uint32_t k = 0; !wanted && kinds[k]; k++) wanted = strcmp(ts_node_type(n), kinds[k]) == 0;
        if (wanted && !fn(n, ctx)) break;
        if (!ts_tree_cursor_goto_first_child(&c) && !dc_cursor_skip(&c)) break;
    }
    ts_tree_cursor_delete(&c);
}

void dc_tree_walk(TSNode root, bool (*fn)(TSNode n, void *ctx), void *ctx) { dc_tree_walk_kinds(root, NULL, fn, ctx); }

void dc_tree_visit(TSNode top, dc_node_visit_fn visit, void *ud) {
    TSTreeCursor c = ts_tree_cursor_new(top);
    DC_VEC(const char *) parents = {0};
    dc_vec_push(&parents, "");
    for (uint32_t polled = 0;; polled++) {
        if ((polled & 4095u) == 4095u) dc_recover_poll(); /* as in dc_tree_walk_kinds */
        TSNode n = ts_tree_cursor_current_node(&c);
        bool down = visit(ud, n, parents.v[parents.len - 1], ts_tree_cursor_current_field_name(&c));
        if (down && ts_tree_cursor_goto_first_child(&c)) {
            dc_vec_push(&parents, ts_node_type(n));
            continue;
        }
        bool done = false;
        while (!ts_tree_cursor_goto_next_sibling(&c)) {
            if (!ts_tree_cursor_goto_parent(&c)) {
                done = true;
                break;
            }
            parents.len--;
        }
        if (done) break;
    }
    dc_vec_free(&parents);
    ts_tree_cursor_delete(&c);
}
