/* fixers.c: the fixer registry and template fixes. The run over a file's findings, and the checks
 * every fix goes through, are fixes/plan.c's. */
#include <stdlib.h>

#include "common/text.h"
#include "fixes/fixers_p.h"
#include "fixes/render.h"

static const dc_fixer fixers[] = {
    {"toolkit-versions", dc_fixer_toolkit_versions},
    {"toolkit-version-env", dc_fixer_toolkit_version_env},
    {"tools-execute", dc_fixer_tools_execute},
    {"openai-agents-provider", dc_fixer_openai_agents_provider},
    {"tools-get", dc_fixer_tools_get},
    {"connect-link", dc_fixer_connect_link},
    {"legacy-toolset", dc_fixer_legacy_toolset},
    {"legacy-get-tools", dc_fixer_legacy_get_tools},
    {"legacy-handle-tool-calls", dc_fixer_legacy_handle_tool_calls},
    {"legacy-connection", dc_fixer_legacy_connection},
    {"legacy-terms", dc_fixer_legacy_terms},
    {"legacy-execute-action", dc_fixer_legacy_execute_action},
    {"dcaf", dc_fixer_dcaf},
};

const dc_fixer *dc_fixer_find(const char *name) {
    for (size_t i = 0; i < sizeof fixers / sizeof fixers[0]; i++)
        if (strcmp(fixers[i].name, name) == 0) return &fixers[i];
    return NULL;
}

/* Renders `template` with {{capture}} and {{sdk_*}} placeholders. A template line break
 * becomes the file's newline followed by the indentation of the replaced node's line; a
 * multi-line capture is re-indented from its own line's indentation to the column it lands on,
 * so nested blocks keep their shape (dc_render_reindent). */
bool dc_finding_fixer_is(const dc_finding *f, const char *name) {
    return f->rule->fixer && strcmp(f->rule->fixer, name) == 0;
}

/* Literal template text: a line break becomes the file's newline and the target's indentation. */
static void add_literal(dc_buf *out, dc_sv lit, const dc_style *st, dc_sv base) {
    for (uint32_t i = 0; i < lit.len; i++) {
        if (lit.p[i] == '\n') {
            dc_buf_adds(out, st->newline);
            dc_buf_addsv(out, base);
        } else {
            dc_buf_addc(out, lit.p[i]);
        }
    }
}

/* A capture's text, its continuation lines re-indented to the column it lands on. */
static void add_capture(dc_fix_ctx *ctx, dc_buf *out, TSNode n, const dc_style *st, dc_sv base) {
    const dc_source *src = ctx->an->src;
    dc_sv text = dc_node_sv(src, n);
    size_t line_at = out->len;
    while (line_at > 0 && out->p[line_at - 1] != '\n') line_at--;
    dc_sv to = base;
    size_t k = 0;
    while (line_at + k < out->len && (out->p[line_at + k] == ' ' || out->p[line_at + k] == '\t')) k++;
    if (line_at > 0) to = dc_sv_from(dc_arena_strndup(ctx->arena, out->p + line_at, k), (uint32_t)k);
    dc_render_reindent(out, text, dc_line_indent(src, ts_node_start_byte(n)), to, st);
}

void dc_fix_template(dc_fix_ctx *ctx, dc_finding *f) {
    TSNode target;
    if (!dc_finding_capture(f, f->rule->fix_replace, &target)) return;
    dc_style st = *dc_fix_style(ctx);
    dc_sv base = dc_line_indent(ctx->an->src, ts_node_start_byte(target));
    dc_buf exp = DC_BUF_INIT, out = DC_BUF_INIT;
    dc_expand_profile(&exp, f->rule->fix_template, ctx->an->profile);
    const char *p = exp.p;
    dc_sv lit, name;
    for (;;) {
        bool more = dc_tmpl_next(&p, "", &lit, &name);
        add_literal(&out, lit, &st, base);
        if (!more) break;
        char *cname = dc_xstrndup(name.p, name.len);
        TSNode n;
        if (dc_finding_capture(f, cname, &n)) {
            add_capture(ctx, &out, n, &st, base);
        } else {
            dc_buf_adds(&out, "{{");
            dc_buf_addsv(&out, name);
            dc_buf_adds(&out, "}}");
        }
        free(cname);
    }
    f->fix = dc_fix_new(ctx->arena, f->rule->fix_app);
    dc_fix_add_edit(ctx->arena, f->fix, ts_node_start_byte(target), ts_node_end_byte(target), dc_buf_cstr(&out),
                    out.len);
    dc_buf_free(&exp);
    dc_buf_free(&out);
}
