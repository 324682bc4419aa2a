/* callshape.c: the shape of a call as the fixers read it (see fixers_p.h): its positional and
 * keyword arguments, and the keys of a TS options object. Python and TS/JS nodes go through the
 * same helpers (the node kinds differ, the questions do not). */
#include <stdlib.h>

#include "fixes/fixers_p.h"
#include "syntax/tree.h"

void dc_args_read(dc_fix_ctx *ctx, TSNode call, dc_args *out) {
    out->npos = out->nkw = 0;
    out->splat = false;
    out->pos = out->kw_name = out->kw_value = out->inline_nodes;
    TSNode args = dc_field(call, "arguments");
    if (ts_node_is_null(args)) return;
    uint32_t k = ts_node_named_child_count(args);
    if (!k) return;
    TSNode *mem = k <= DC_ARGS_INLINE ? out->inline_nodes : dc_arena_alloc(ctx->arena, 3 * (size_t)k * sizeof *mem);
    out->pos = mem;
    out->kw_name = mem + k;
    out->kw_value = mem + 2 * k;
    for (uint32_t i = 0; i < k; i++) {
        TSNode c = ts_node_named_child(args, i);
        const char *t = ts_node_type(c);
        if (dc_node_is_comment(c)) continue;
        if (strcmp(t, "keyword_argument") == 0) {
            out->kw_name[out->nkw] = dc_field(c, "name");
            out->kw_value[out->nkw] = dc_field(c, "value");
            out->nkw++;
        } else if (strcmp(t, "list_splat") == 0 || strcmp(t, "dictionary_splat") == 0 ||
                   strcmp(t, "spread_element") == 0) {
            out->splat = true;
        } else {
            out->pos[out->npos++] = c;
        }
    }
}

TSNode dc_args_kw(const dc_source *src, const dc_args *a, const char *name) {
    for (uint32_t i = 0; i < a->nkw; i++)
        if (dc_sv_eq_cstr(dc_node_sv(src, a->kw_name[i]), name)) return a->kw_value[i];
    TSNode none = {0};
    return none;
}

static dc_sv key_text(const dc_source *src, TSNode key) {
    dc_sv s = dc_node_sv(src, key);
    if (dc_node_is(key, "string") && s.len >= 2) return dc_sv_from(s.p + 1, s.len - 2);
    return s;
}

TSNode dc_object_get(const dc_source *src, TSNode obj, const char *key, bool *has_other_keys_out) {
    TSNode found = {0};
    bool other = false;
    uint32_t k = ts_node_named_child_count(obj);
    for (uint32_t i = 0; i < k; i++) {
        TSNode c = ts_node_named_child(obj, i);
        if (dc_node_is_comment(c)) continue;
        if (dc_node_is(c, "pair")) {
            if (dc_sv_eq_cstr(key_text(src, dc_field(c, "key")), key))
                found = dc_field(c, "value");
            else
                other = true;
        } else if (dc_node_is(c, "shorthand_property_identifier")) {
            if (dc_sv_eq_cstr(dc_node_sv(src, c), key))
                found = c;
            else
                other = true;
        } else {
            other = true; /* spread, method, computed key */
        }
    }
    if (has_other_keys_out) *has_other_keys_out = other;
    return found;
}

bool dc_object_keys(const dc_source *src, TSNode obj, dc_buf *out) {
    uint32_t k = ts_node_named_child_count(obj);
    for (uint32_t i = 0; i < k; i++) {
        TSNode c = ts_node_named_child(obj, i);
        if (dc_node_is_comment(c)) continue;
        dc_sv name;
        if (dc_node_is(c, "pair"))
            name = key_text(src, dc_field(c, "key"));
        else if (dc_node_is(c, "shorthand_property_identifier"))
            name = dc_node_sv(src, c);
        else
            return false;
        if (out->len) dc_buf_addc(out, ',');
        dc_buf_addsv(out, name);
    }
    return true;
}
