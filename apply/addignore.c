/* addignore.c: placing `dcmigrate: ignore[...]` comments (see addignore.h). The comments are one
 * fix of insertions applied like any other (apply.h), so the text is built the way --fix builds
 * it. */
#include "apply/addignore.h"

#include <string.h>

#include "common/diag.h"
#include "common/text.h"
#include "apply/apply.h"
#include "fixes/render.h"
#include "syntax/nodeindex.h"
#include "syntax/tree.h"

/* Inside text rather than code: a string, or JSX text (but not JS code inside JSX). */
static bool in_text_node(const dc_node_index *ix, TSNode n) {
    static const char *const text_kinds[] = {"string",   "template_string", "string_content", "jsx_text",
                                              "jsx_element", "jsx_fragment", NULL};
    for (; !ts_node_is_null(n); n = dc_node_index_parent(ix, n)) {
        if (dc_node_is(n, "jsx_expression")) return false; /* JS code inside JSX */
        if (dc_node_is_any(n, text_kinds)) return true;
    }
    return false;
}

/* Where a suppression comment for `line` can go: at the end of the line (returns true with
 * *at = its end), else alone on the line above (false, *at = the line's start); *ok is false
 * when neither place is code (inside a multi-line string or JSX text). */
static bool ignore_spot(const dc_analysis *an, uint32_t line, uint32_t *at, bool *ok) {
    dc_source *s = an->src;
    uint32_t ls = dc_source_line_start(s, line), le = dc_source_line_end(s, line);
    *ok = true;
    if (!an->tree) { /* .env: only whole-line comments exist */
        *at = ls;
        return false;
    }
    TSNode root = ts_tree_root_node(an->tree);
    const dc_node_index *ix = an->bindings ? an->bindings->nodes : NULL; /* parents without tree-sitter's descent */
    TSNode end = dc_node_index_descendant(ix, root, le > ls ? le - 1 : ls, le > ls ? le - 1 : ls);
    bool comment_here = dc_node_is(end, "comment") && dc_source_pos(s, ts_node_start_byte(end)).line == line;
    if (comment_here || !in_text_node(ix, end)) {
        *at = le;
        return true;
    }
    uint32_t first = ls;
    while (first < le && (s->data[first] == ' ' || s->data[first] == '\t')) first++;
    *ok = !in_text_node(ix, dc_node_index_descendant(ix, root, first, first));
    *at = ls;
    return false;
}

/* The comment for `line` with rule ids `ids`, as an insertion into `fx`; false when it has no
 * place (a warning says so). */
static bool add_comment(const dc_analysis *an, dc_fix *fx, uint32_t line, const char *ids) {
    dc_source *s = an->src;
    const char *mark = dc_lang_family(s->lang) == DC_FAMILY_TS ? "//" : "#";
    dc_arena *a = dc_worker_arena(an->worker);
    uint32_t at;
    bool ok;
    bool eol = ignore_spot(an, line, &at, &ok);
    if (!ok) {
        dc_diag(DC_DIAG_WARNING, s->path, line, 0, "cannot place a suppression here (inside a string or JSX text)");
        return false;
    }
    char *t;
    if (eol) {
        t = dc_arena_printf(a, "  %s dcmigrate: ignore[%s]", mark, ids);
    } else {
        dc_sv ind = dc_sv_from(s->data + at, 0); /* the line's indentation, for the line above */
        while (at + ind.len < s->len && (s->data[at + ind.len] == ' ' || s->data[at + ind.len] == '\t')) ind.len++;
        t = dc_arena_printf(a, "%.*s%s dcmigrate: ignore[%s]%s", (int)ind.len, ind.p, mark, ids, s->crlf ? "\r\n" : "\n");
    }
    dc_fix_add_edit(a, fx, at, at, t, strlen(t));
    return true;
}

/* Builds the file with a comment for every line that has findings, one per line. */
static bool place_comments(const dc_analysis *an, dc_buf *out, uint32_t *added) {
    dc_source *s = an->src;
    dc_fix *fx = dc_fix_new(dc_worker_arena(an->worker), DC_APP_SAFE);
    *added = 0;
    for (uint32_t i = 0; i < an->findings.len;) {
        uint32_t line = dc_source_pos(s, an->findings.v[i].range.start).line;
        dc_buf ids = DC_BUF_INIT;
        uint32_t j = i;
        for (; j < an->findings.len && dc_source_pos(s, an->findings.v[j].range.start).line == line; j++)
            dc_idlist_add(&ids, an->findings.v[j].rule->id);
        if (add_comment(an, fx, line, dc_buf_cstr(&ids))) (*added)++;
        dc_buf_free(&ids);
        i = j;
    }
    if (!*added) return false;
    dc_fix_line_endings(dc_worker_arena(an->worker), s, fx); /* each line's own ending (fixes/render.h) */
    dc_analysis one = *an;
    one.findings.v = &(dc_finding){.fix = fx};
    one.findings.len = 1;
    return dc_fixes_apply(&one, DC_APP_SAFE, out, NULL) == 1;
}

void dc_addignore_file(dc_worker *w, dc_ruleset *rs, dc_source *src, const dc_analyze_opts *opts, dc_addignore *out) {
    memset(out, 0, sizeof *out);
    out->text = (dc_buf)DC_BUF_INIT;
    dc_analysis an;
    dc_analyze(w, rs, src, opts, &an);
    if (an.project_pending) {
        out->pending = true;
        dc_analysis_release(&an);
        return;
    }
    out->changed = place_comments(&an, &out->text, &out->added);
    uint32_t base_errors = an.error_nodes;
    dc_analysis_release(&an);
    if (!out->changed) return;
    out->checked = dc_source_from_bytes(src->path, src->lang, out->text.p, (uint32_t)out->text.len);
    dc_analyze(w, rs, out->checked, opts, &out->check);
    out->have_check = true;
    out->worse = out->check.error_nodes > base_errors;
}

void dc_addignore_free(dc_addignore *a) {
    if (a->have_check) dc_analysis_release(&a->check);
    if (a->checked) dc_source_free(a->checked);
    dc_buf_free(&a->text);
    memset(a, 0, sizeof *a);
}
