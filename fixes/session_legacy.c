/* session_legacy.c: the legacy (v1/v2) SDK -> the current client and sessions. It reads legacy
 * calls as session uses for fix_session.c's planner (dc_session_read_legacy) and is the fixer of
 * the rules legacy-toolset, legacy-get-tools, legacy-handle-tool-calls, legacy-connection,
 * legacy-terms and legacy-execute-action.
 *
 * Every part answers the same questions about the same objects (which toolset a call is on, who
 * its user is, which toolkit an App names), and the fixes must agree on the answers byte for
 * byte: they all ask the file's one legacy model (legacy_model_p.h).
 *
 * Session calls (get_tools, initiate_connection) go through the planner, so one session per user
 * per scope also serves current tools.get / connect-link calls. Everything else is edited here.
 * get_tools is read as a DC_USE_TOOLS_GET use, not DC_USE_LEGACY: the planner restricts a session to
 * its toolkits only for that kind, and `get_tools(apps=[App.GITHUB])` means exactly what
 * `tools.get(toolkits=["GITHUB"])` means. Connections are DC_USE_LEGACY.
 *
 * A call whose rule is not selected (--select) is not rewritten in that run, so a toolset used
 * by it is manual: the finding says which rule to select.
 *
 * All or nothing (the scheme every legacy fix follows):
 *   1. A *member* is what must be migrated as one: a toolset *object* (a name in the scope where
 *      it is bound to a construction, dc_legacy_binding_scope: another function's toolset of the
 *      same name is another member) with its constructions, its calls (session calls,
 *      handle_tool_calls), its entities (whose get_entity statement goes when every use of the
 *      entity is rewritten) and the request results of its connections; or, on a current
 *      client, one receiver (the client or an entity) with its legacy calls; or one legacy-terms
 *      rename. A member is
 *        safe    when every use of the toolset object is rewritten here,
 *        unsafe  when a rewrite is itself a guess (a toolkit inferred from a tool slug, a user id
 *                evaluated elsewhere), or the toolset is not used in its file,
 *        manual  when a use stays that the client does not have (execute_action, a trigger
 *                listener, an entity method: swapping the toolset would break it) or that is
 *                not followed here (passed, returned, exported, an unknown method), naming the
 *                first such use; or when its provider is not a current one (rules/providers.yml).
 *   2. Imports cannot belong to one member: `from composio_openai import ComposioToolSet,
 *      Action, App` serves every toolset and every enum rename of the file, and may only lose a
 *      name when every use of it is gone. So members are applied in *tiers*: the safe tier is
 *      the union of the safe members' edits, the unsafe tier the union of the safe and unsafe
 *      members' edits, each with the import edits (client and provider imports added, legacy
 *      class and Action/App imports removed when unused) computed for exactly that union.
 *   3. Every finding of a member carries its tier's whole edit set (the applier applies
 *      identical edits once), with the member's own applicability and reason. Under --fix only
 *      the safe tier's fixes apply, all together; under --unsafe-fixes a finding of the unsafe
 *      tier carries every safe edit too, so whichever tier's fix the applier takes first, the
 *      file is consistent after the pass, and a fix that loses a conflict is recomputed in the
 *      next pass. Manual members get a fix without edits.
 * The members and tiers cover every legacy finding of the file and depend on nothing the fixers
 * change, so the first legacy fixer of a file builds them (the legacy plan, ctx->legacy) and the
 * others read them. */
#include <ctype.h>
#include <stdlib.h>

#include "common/text.h"
#include "fixes/legacy_p.h"
#include "fixes/imports.h"
#include "fixes/render.h"
#include "fixes/session_p.h"
#include "syntax/errors.h"

/* ---- members: what is migrated as one ----------------------------------------------------- */

/* The file's legacy plan, kept in the fix context (ctx->legacy) for the five legacy fixers. */
typedef struct dc_legacy_plan {
    dc_legacy_model *m; /* the context's */
    DC_VEC(dc_legacy_member) members;
    dc_fix tiers[2]; /* [0]: the safe members; [1]: the safe and unsafe ones */
} lplan;

void dc_legacy_lower(dc_legacy_member *mb, dc_applicability app, const char *why) {
    if (app >= mb->app) return;
    mb->app = app;
    mb->why = why;
}

/* ---- building the members ----------------------------------------------------------------- */

/* A toolset name: constructed from a legacy class here, or (in a file that imports a toolset
 * class) a name not constructed from the current client class either. */
static bool is_toolset_key(dc_legacy_model *m, dc_sv key) {
    if (dc_legacy_has_ctor(m, key)) return true;
    return m->b->legacy_classes.len && !dc_sv_listed(m->client_keys.v, m->client_keys.len, key);
}

static int member_get(lplan *pl, dc_legacy_member_kind kind, dc_sv key, TSNode scope, dc_finding *term,
                      bool create) {
    for (uint32_t i = 0; i < pl->members.len; i++) {
        const dc_legacy_member *mb = &pl->members.v[i];
        if (mb->kind == kind && dc_sv_eq(mb->key, key) && mb->term == term &&
            ts_node_is_null(mb->scope) == ts_node_is_null(scope) &&
            (ts_node_is_null(scope) || dc_node_same(mb->scope, scope)))
            return (int)i;
    }
    if (!create) return -1;
    dc_legacy_member mb = {0};
    mb.kind = kind;
    mb.key = key;
    mb.scope = scope;
    mb.term = term;
    mb.app = DC_APP_SAFE;
    dc_vec_push(&pl->members, mb);
    return (int)pl->members.len - 1;
}

/* The toolset object (name and binding scope) a use of `key` at `at` belongs to. */
static int toolset_member(lplan *pl, dc_sv key, TSNode at, bool create) {
    return member_get(pl, DC_MEMBER_TOOLSET, key, dc_legacy_binding_scope(pl->m, key, at), NULL, create);
}

/* The member a finding belongs to, or -1 with the reason. */
static int member_of(lplan *pl, dc_finding *f, const char **why, bool create) {
    dc_legacy_model *m = pl->m;
    TSNode match, recv;
    if (!dc_finding_capture(f, "match", &match)) return -1;
    if (dc_finding_fixer_is(f, "legacy-terms")) {
        /* get_entity / getEntity goes with what rewrites the entity: its toolset object, or the
         * entity's own calls on a client */
        if (dc_finding_capture(f, "recv", &recv) && dc_legacy_is_get_entity(m, match)) {
            dc_sv tkey = dc_fix_norm(m->ctx, recv), ekey = dc_bound_name(m->ctx, match);
            if (is_toolset_key(m, tkey)) return toolset_member(pl, tkey, match, create);
            if (ekey.len && dc_legacy_is_entity(m, ekey))
                return member_get(pl, DC_MEMBER_RECEIVER, ekey, (TSNode){0}, NULL, create);
        }
        return member_get(pl, DC_MEMBER_TERM, (dc_sv){0}, (TSNode){0}, f, create);
    }
    if (dc_finding_fixer_is(f, "legacy-toolset")) {
        for (uint32_t i = 0; i < m->ctors.len; i++) {
            if (!dc_node_same(m->ctors.v[i].call, match)) continue;
            if (m->ctors.v[i].key.len)
                return member_get(pl, DC_MEMBER_TOOLSET, m->ctors.v[i].key, m->ctors.v[i].bind_scope, NULL, create);
        }
        *why = "the toolset is not assigned to a name (`toolset = ...`), so its uses cannot be followed: assign it, "
               "or construct the client with its provider by hand";
        return -1;
    }
    if (!dc_finding_capture(f, "recv", &recv)) return -1;
    dc_sv key = dc_fix_norm(m->ctx, recv);
    if (dc_legacy_is_entity(m, key)) {
        const dc_legacy_entity *e = dc_legacy_entity_for(m, key, match);
        if (!e) {
            *why = "the entity is bound in several places: cannot tell which toolset and user this call is for";
            return -1;
        }
        if (is_toolset_key(m, e->toolset_key)) return toolset_member(pl, e->toolset_key, e->call, create);
        return member_get(pl, DC_MEMBER_RECEIVER, key, (TSNode){0}, NULL, create);
    }
    if (is_toolset_key(m, key)) return toolset_member(pl, key, match, create);
    return member_get(pl, DC_MEMBER_RECEIVER, key, (TSNode){0}, NULL, create);
}

typedef struct uses_left {
    const char *left;    /* the first use left for a person (reported elsewhere) */
    const char *unknown; /* the first use not followed */
} uses_left;

/* Does one of the member's edits replace or delete `n` (so the use is gone)? */
static bool covered(const dc_legacy_member *mb, TSNode n) {
    for (uint32_t i = 0; i < mb->edits.nedits; i++) {
        const dc_edit *e = &mb->edits.edits[i];
        if (e->end > e->start && e->start <= ts_node_start_byte(n) && ts_node_end_byte(n) <= e->end) return true;
    }
    return false;
}

/* The uses that stay, once the member's edits are known. */
static uses_left uses_staying(const dc_legacy_member *mb, const dc_legacy_refs *refs) {
    uses_left ul = {0};
    for (uint32_t i = 0; i < refs->len; i++) {
        const dc_legacy_ref *r = &refs->v[i];
        if ((r->kind != DC_REF_LEFT && r->kind != DC_REF_UNKNOWN) || covered(mb, r->node)) continue;
        if (r->kind == DC_REF_LEFT && !ul.left) ul.left = r->what;
        if (r->kind == DC_REF_UNKNOWN && !ul.unknown) ul.unknown = r->what;
    }
    return ul;
}

/* An entity's uses: its connection calls are rewritten; when that is all it is used for, its
 * get_entity statements go too. Returns what stays. */
/* Is the entity binding `e` one of the member's (its toolset object's)? A receiver member (a
 * current client) takes every binding of its name, as before. */
static bool entity_is_ours(dc_legacy_model *m, const dc_legacy_member *mb, const dc_legacy_entity *e) {
    if (mb->kind != DC_MEMBER_TOOLSET) return true;
    return dc_sv_eq(e->toolset_key, mb->key) && dc_node_same(dc_legacy_binding_scope(m, mb->key, e->call), mb->scope);
}

static uses_left entity_uses(dc_legacy_model *m, dc_legacy_member *mb, dc_sv key) {
    dc_legacy_refs refs = {0};
    dc_legacy_refs_of(m, key, true, &refs);
    /* an entity of the same name from another toolset object (another function's) is not ours */
    uint32_t k = 0;
    for (uint32_t i = 0; i < refs.len; i++) {
        const dc_legacy_entity *e = dc_legacy_entity_for(m, key, refs.v[i].node);
        if (!e || entity_is_ours(m, mb, e)) refs.v[k++] = refs.v[i];
    }
    refs.len = k;
    for (uint32_t i = 0; i < refs.len; i++)
        if (refs.v[i].kind == DC_REF_CALL) dc_legacy_add_call(m, mb, refs.v[i].f);
    uses_left ul = uses_staying(mb, &refs);
    dc_vec_free(&refs);
    if (ul.left || ul.unknown) return ul;
    for (uint32_t i = 0; i < m->entities.len; i++) {
        const dc_legacy_entity *e = &m->entities.v[i];
        if (dc_sv_eq(e->key, key) && entity_is_ours(m, mb, e) && !dc_legacy_delete_binding(m, mb, e->call))
            ul.unknown =
                dc_arena_printf(m->ctx->arena, "%s does more than bind the entity", dc_legacy_use_text(m, e->call));
    }
    return ul;
}

/* Is the construction `c` this member's (same name, same binding scope)? */
static bool own_ctor(const dc_legacy_member *mb, const dc_legacy_ctor *c) {
    return dc_sv_eq(c->key, mb->key) && dc_node_same(c->bind_scope, mb->scope);
}

/* Keeps the references of the member's own binding: a same-named toolset of another function is
 * another object, and what happens to it decides nothing here. */
static void own_refs(dc_legacy_model *m, const dc_legacy_member *mb, dc_legacy_refs *refs) {
    uint32_t k = 0;
    for (uint32_t i = 0; i < refs->len; i++)
        if (dc_node_same(dc_legacy_binding_scope(m, mb->key, refs->v[i].node), mb->scope)) refs->v[k++] = refs->v[i];
    refs->len = k;
}

/* A framework-less toolset (the core package's `ComposioToolSet`) names no provider, and the
 * client's default one is OpenAI's: fine for connections and entities, but tools fetched or tool
 * calls handled through it would take whatever format that default gives, a guess (issue 16,
 * item 11: never a default OpenAI). */
static void frameworkless(dc_legacy_model *m, dc_legacy_member *mb, const dc_legacy_refs *refs) {
    bool has_fw = true;
    for (uint32_t i = 0; i < m->ctors.len; i++)
        if (own_ctor(mb, &m->ctors.v[i]) && !m->ctors.v[i].fw) has_fw = false;
    for (uint32_t i = 0; !has_fw && i < refs->len; i++) {
        const dc_legacy_ref *r = &refs->v[i];
        if (r->kind != DC_REF_CALL ||
            !(dc_finding_fixer_is(r->f, "legacy-get-tools") || dc_finding_fixer_is(r->f, "legacy-handle-tool-calls")))
            continue;
        dc_legacy_lower(mb, DC_APP_MANUAL,
                        dc_arena_printf(m->ctx->arena,
                                        "%s needs a provider, and the toolset's class names no framework: construct "
                                        "the %s client with your framework's provider by hand (rules/providers.yml "
                                        "lists the current ones)",
                                        dc_legacy_use_text(m, r->call), dc_profile_names_get(m->ctx->an->profile)->cls));
        return;
    }
}

static void build_toolset(lplan *pl, dc_legacy_member *mb) {
    dc_legacy_model *m = pl->m;
    if (ts_node_is_null(mb->scope)) {
        dc_legacy_lower(mb, DC_APP_MANUAL,
                        dc_arena_printf(m->ctx->arena,
                                        "`%.*s` is not constructed %s (a parameter, an alias or a function's "
                                        "result): migrate it where it is constructed, then run dcmigrate again",
                                        (int)mb->key.len, mb->key.p,
                                        dc_legacy_has_ctor(m, mb->key) ? "in the scope of this use" : "in this file"));
        return;
    }
    mb->enums = true;
    for (uint32_t i = 0; i < m->ctors.len; i++)
        if (own_ctor(mb, &m->ctors.v[i])) dc_legacy_ctor_edits(m, mb, &m->ctors.v[i]);
    dc_legacy_refs refs = {0};
    dc_legacy_refs_of(m, mb->key, false, &refs);
    own_refs(m, mb, &refs);
    uses_left eul = {0};
    DC_VEC(dc_sv) done = {0}; /* entities whose uses are in already */
    for (uint32_t i = 0; i < refs.len; i++) {
        dc_legacy_ref *r = &refs.v[i];
        if (r->kind == DC_REF_CALL) dc_legacy_add_call(m, mb, r->f);
        if (r->kind != DC_REF_ENTITY) continue;
        dc_sv ekey = dc_bound_name(m->ctx, r->call);
        if (!ekey.len || !dc_legacy_is_entity(m, ekey)) {
            r->kind = DC_REF_UNKNOWN;
            r->what =
                dc_arena_printf(m->ctx->arena, "%s does not bind the entity to a name", dc_legacy_use_text(m, r->call));
            continue;
        }
        if (dc_sv_listed(done.v, done.len, ekey)) continue;
        dc_vec_push(&done, ekey);
        uses_left eu = entity_uses(m, mb, ekey);
        if (!eul.left) eul.left = eu.left;
        if (!eul.unknown) eul.unknown = eu.unknown;
    }
    dc_vec_free(&done);
    frameworkless(m, mb, &refs);
    uses_left ul = uses_staying(mb, &refs);
    if (!ul.left) ul.left = eul.left;
    if (!ul.unknown) ul.unknown = eul.unknown;
    bool used = false;
    for (uint32_t i = 0; i < refs.len; i++) used |= refs.v[i].kind != DC_REF_BIND;
    dc_vec_free(&refs);
    /* constructed and never used here: some other module imports it from this one */
    if (!used)
        dc_legacy_lower(mb, DC_APP_UNSAFE,
                        dc_arena_printf(m->ctx->arena,
                                        "`%.*s` is not used in this file: code that imports it from here must move to "
                                        "the %s client and sessions too",
                                        (int)mb->key.len, mb->key.p, dc_profile_names_get(m->ctx->an->profile)->cls));
    if (ul.unknown)
        dc_legacy_lower(mb, DC_APP_MANUAL,
                        dc_arena_printf(m->ctx->arena, "%s: migrate that use of the toolset first", ul.unknown));
    /* execute_action, a trigger listener, an entity method: the client has none of them, so a
     * toolset swapped for the client while one remains would break there (issue 16, item 10) */
    if (ul.left)
        dc_legacy_lower(mb, DC_APP_MANUAL,
                        dc_arena_printf(m->ctx->arena,
                                        "%s, and the %s client has no such method: the toolset stays until that use "
                                        "is migrated",
                                        ul.left, dc_profile_names_get(m->ctx->an->profile)->cls));
}

/* A current client's (or its entity's) legacy calls: all or nothing per receiver. */
static void build_receiver(lplan *pl, dc_legacy_member *mb) {
    dc_legacy_model *m = pl->m;
    dc_sv client = mb->key;
    for (uint32_t i = 0; i < m->entities.len; i++)
        if (dc_sv_eq(m->entities.v[i].key, mb->key) &&
            dc_sv_listed(m->legacy_core_keys.v, m->legacy_core_keys.len, m->entities.v[i].toolset_key))
            client = m->entities.v[i].toolset_key;
    if (dc_sv_listed(m->legacy_core_keys.v, m->legacy_core_keys.len, client)) {
        /* the legacy JS client has no sessions: `client.create(...)` would not exist there */
        const dc_profile_names *pn = dc_profile_names_get(m->ctx->an->profile);
        dc_legacy_lower(mb, DC_APP_MANUAL,
                        dc_arena_printf(m->ctx->arena,
                                        "`%.*s` is the legacy client from `%s-core`, which has no sessions: construct "
                                        "the %s client from `%s/core` (with its provider) first, then run dcmigrate "
                                        "again",
                                        (int)client.len, client.p, pn->name, pn->cls, pn->scope));
        return;
    }
    if (dc_legacy_is_entity(m, mb->key)) {
        entity_uses(m, mb, mb->key);
        return;
    }
    dc_finding_list *fl = &m->ctx->an->findings;
    for (uint32_t i = 0; i < fl->len; i++) {
        dc_finding *f = &fl->v[i];
        TSNode recv;
        if (!(dc_finding_fixer_is(f, "legacy-get-tools") || dc_finding_fixer_is(f, "legacy-connection") ||
              dc_finding_fixer_is(f, "legacy-handle-tool-calls")))
            continue;
        if (dc_finding_capture(f, "recv", &recv) && dc_sv_eq(dc_fix_norm(m->ctx, recv), mb->key))
            dc_legacy_add_call(m, mb, f);
    }
}

/* ---- tiers: the members' edits plus the imports they leave -------------------------------- */

static void lower_tier(lplan *pl, dc_applicability min, bool toolsets_only, const char *why) {
    for (uint32_t i = 0; i < pl->members.len; i++) {
        dc_legacy_member *mb = &pl->members.v[i];
        if (mb->app >= min && (!toolsets_only || mb->kind == DC_MEMBER_TOOLSET))
            dc_legacy_lower(mb, DC_APP_MANUAL, why);
    }
}

static const char *sv_str(dc_fix_ctx *ctx, dc_sv s) { return dc_arena_strndup(ctx->arena, s.p, s.len); }

/* Adds the client and provider imports the tier's constructions need and removes the legacy
 * class and Action / App imports its edits leave unused. False (with members lowered) when an
 * import cannot be planned. */
static bool tier_imports(lplan *pl, dc_applicability min, dc_fix *out, bool toolsets, bool enums) {
    dc_legacy_model *m = pl->m;
    dc_fix_ctx *ctx = m->ctx;
    const dc_profile_names *pn = dc_profile_names_get(ctx->an->profile);
    dc_import_ctx ic = {ctx->arena, ctx->an->src, ctx->an->tree, dc_fix_index(ctx), dc_fix_style(ctx), NULL};
    uint32_t ndel = 0;
    dc_range *del = dc_arena_alloc(ctx->arena, (out->nedits + 1) * sizeof *del);
    for (uint32_t i = 0; i < out->nedits; i++)
        if (out->edits[i].end > out->edits[i].start) del[ndel++] = (dc_range){out->edits[i].start, out->edits[i].end};
    if (toolsets) {
        const char *core = m->ts ? dc_arena_printf(ctx->arena, "%s/core", pn->scope) : pn->name;
        if (!dc_import_ensure(&ic, out, core, pn->cls)) {
            lower_tier(pl, min, true,
                       dc_arena_printf(ctx->arena,
                                       "cannot import `%s` from %s (the name is taken in this file): "
                                       "construct the client by hand",
                                       pn->cls, core));
            return false;
        }
        for (uint32_t i = 0; i < pl->members.len; i++) {
            const dc_legacy_member *mb = &pl->members.v[i];
            if (mb->app < min) continue;
            for (uint32_t k = 0; k < mb->nprovs; k++) {
                const dc_provider *p = mb->provs[k];
                const char *pkg = m->ts ? dc_arena_printf(ctx->arena, "%s/%s", pn->scope, p->pkg[1])
                                        : dc_arena_printf(ctx->arena, "%s_%s", pn->name, p->pkg[0]);
                if (!dc_import_ensure(&ic, out, pkg, p->cls[m->ts])) {
                    lower_tier(pl, min, true,
                               dc_arena_printf(ctx->arena,
                                               "cannot import `%s` from %s (the name is taken in "
                                               "this file): construct the client by hand",
                                               p->cls[m->ts], pkg));
                    return false;
                }
            }
        }
    }
    for (uint32_t i = 0; i < m->b->imports.len; i++) {
        const dc_import *imp = &m->b->imports.v[i];
        bool cls = toolsets && dc_sv_listed(m->b->legacy_classes.v, m->b->legacy_classes.len, imp->local);
        bool en = (toolsets || enums) && dc_sv_listed(m->b->legacy_enums.v, m->b->legacy_enums.len, imp->local);
        if ((cls || en) &&
            !dc_import_remove_if_unused(&ic, out, sv_str(ctx, imp->module), sv_str(ctx, imp->name), del, ndel)) {
            lower_tier(pl, min, false, "the legacy imports are next to syntax errors: fix those first");
            return false;
        }
    }
    return true;
}

static bool tier_build(lplan *pl, int t) {
    dc_applicability min = t == 0 ? DC_APP_SAFE : DC_APP_UNSAFE;
    dc_fix *out = &pl->tiers[t];
    memset(out, 0, sizeof *out);
    out->app = min;
    bool toolsets = false, enums = false;
    for (uint32_t i = 0; i < pl->members.len; i++) {
        dc_legacy_member *mb = &pl->members.v[i];
        if (mb->app < min || !mb->edits.nedits) continue;
        if (dc_fix_conflicts_with(out, &mb->edits)) {
            /* two rewrites meet at one place: this one waits for the next pass */
            dc_legacy_lower(mb, DC_APP_MANUAL,
                            "overlaps another legacy rewrite in this file: run dcmigrate --fix again after it");
            return false;
        }
        dc_fix_copy_edits(pl->m->ctx->arena, out, &mb->edits);
        toolsets |= mb->kind == DC_MEMBER_TOOLSET;
        enums |= mb->enums;
    }
    return !out->nedits || tier_imports(pl, min, out, toolsets, enums);
}

/* Every finding of a tier carries the tier's whole edit set, and each fix is checked edit by
 * edit (fixers.c's comment check walks the children of the statements an edit spans, which in
 * tree-sitter, 0.20.7 and 0.25 alike, costs the square of their number), so the work grows with findings x
 * edits x top-level statements squared. Past this budget (about a second) the members that do
 * not fit wait for the next pass of the fix loop, and a member too big on its own is left to a
 * person. Ordinary files stay far below it. */
#define DC_LEGACY_BUDGET (1ull << 26)

static void apply_budget(lplan *pl) {
    uint64_t findings = 0, edits = 0;
    uint64_t k = ts_node_named_child_count(ts_tree_root_node(pl->m->ctx->an->tree));
    uint64_t per = (k < 8 ? 8 : k) * (k < 8 ? 8 : k);
    for (uint32_t i = 0; i < pl->members.len; i++) {
        dc_legacy_member *mb = &pl->members.v[i];
        if (mb->app == DC_APP_MANUAL) continue;
        uint64_t f = findings + mb->nfindings, e = edits + mb->edits.nedits;
        if (f * e * per <= DC_LEGACY_BUDGET) {
            findings = f;
            edits = e;
        } else if (!findings) {
            dc_legacy_lower(mb, DC_APP_MANUAL,
                            dc_arena_printf(pl->m->ctx->arena,
                                            "too many rewrites (%u findings, %u edits) in this file for one "
                                            "all-or-nothing fix: migrate this by hand",
                                            mb->nfindings, mb->edits.nedits));
        } else {
            dc_legacy_lower(mb, DC_APP_MANUAL,
                            "waits for another pass: this file has more legacy rewrites than one fix pass takes "
                            "(dcmigrate --fix does them over several passes; run it again if some remain)");
        }
    }
}

static void plan_build(dc_fix_ctx *ctx, lplan *pl) {
    memset(pl, 0, sizeof *pl);
    pl->m = dc_legacy_model_of(ctx);
    dc_finding_list *fl = &ctx->an->findings;
    for (uint32_t i = 0; i < fl->len; i++) {
        const char *why = NULL;
        if (dc_finding_fixer_is(&fl->v[i], "legacy-execute-action") || !fl->v[i].rule->fixer ||
            strncmp(fl->v[i].rule->fixer, "legacy-", 7) != 0)
            continue;
        int mi = member_of(pl, &fl->v[i], &why, true);
        if (mi >= 0) pl->members.v[mi].nfindings++;
    }
    for (uint32_t i = 0; i < pl->members.len; i++) {
        dc_legacy_member *mb = &pl->members.v[i];
        if (mb->kind == DC_MEMBER_TOOLSET)
            build_toolset(pl, mb);
        else if (mb->kind == DC_MEMBER_RECEIVER)
            build_receiver(pl, mb);
        else
            dc_legacy_build_term(pl->m, mb);
        /* a fix whose own edits collide would never apply: say so instead of offering it */
        for (uint32_t k = 1; k < mb->edits.nedits; k++) {
            dc_fix one = {.edits = &mb->edits.edits[k], .nedits = 1};
            dc_fix before = {.edits = mb->edits.edits, .nedits = k};
            if (dc_fix_conflicts_with(&before, &one))
                dc_legacy_lower(mb, DC_APP_MANUAL, "the rewrites of this code overlap each other: migrate it by hand");
        }
        if (!mb->edits.nedits) dc_legacy_lower(mb, DC_APP_MANUAL, "dcmigrate has no rewrite for this");
    }
    apply_budget(pl);
    for (int guard = 0; guard < 16; guard++)
        if (tier_build(pl, 0) && tier_build(pl, 1)) break;
}

static void plan_free(lplan *pl) { dc_vec_free(&pl->members); }

static const char *const titles[] = {
    [DC_MEMBER_TOOLSET] = "migrate the toolset to the client and sessions",
    [DC_MEMBER_RECEIVER] = "migrate the legacy calls to sessions",
    [DC_MEMBER_TERM] = "use the current name",
};

static dc_fix *fix_for(lplan *pl, dc_finding *f) {
    dc_fix_ctx *ctx = pl->m->ctx;
    const char *why = "cannot be rewritten";
    int mi = member_of(pl, f, &why, false);
    if (mi < 0 || pl->members.v[mi].app == DC_APP_MANUAL) {
        dc_fix *fx = dc_fix_new(ctx->arena, DC_APP_MANUAL);
        fx->why = mi < 0 ? why : pl->members.v[mi].why;
        return fx;
    }
    const dc_legacy_member *mb = &pl->members.v[mi];
    dc_fix *fx = dc_fix_new(ctx->arena, mb->app);
    fx->why = mb->app == DC_APP_SAFE ? NULL : mb->why;
    fx->title = titles[mb->kind];
    /* the tier's edits are shared read-only by all its fixes (cap == nedits: an addition copies) */
    const dc_fix *tier = &pl->tiers[mb->app == DC_APP_SAFE ? 0 : 1];
    fx->edits = tier->edits;
    fx->nedits = fx->cap = tier->nedits;
    return fx;
}

void dc_legacy_plan_free(lplan *pl) {
    if (!pl) return;
    plan_free(pl);
    free(pl);
}

/* The plan covers every legacy finding of the file and depends on nothing the fixers change
 * (the findings, the model, the session plan; session_fix leaves the finding's own fix alone),
 * so the five legacy fixers share one plan per file instead of building it five times. */
static void legacy_fixer(dc_fix_ctx *ctx, dc_finding **fs, uint32_t n) {
    if (!ctx->an->tree || !ctx->an->bindings) return;
    if (!ctx->legacy) {
        ctx->legacy = dc_xmalloc(sizeof *ctx->legacy);
        plan_build(ctx, ctx->legacy);
    }
    lplan *pl = ctx->legacy;
    for (uint32_t i = 0; i < n; i++) fs[i]->fix = fix_for(pl, fs[i]);
}

void dc_fixer_legacy_toolset(dc_fix_ctx *ctx, dc_finding **f, uint32_t n) { legacy_fixer(ctx, f, n); }

void dc_fixer_legacy_get_tools(dc_fix_ctx *ctx, dc_finding **f, uint32_t n) { legacy_fixer(ctx, f, n); }

void dc_fixer_legacy_handle_tool_calls(dc_fix_ctx *ctx, dc_finding **f, uint32_t n) { legacy_fixer(ctx, f, n); }

void dc_fixer_legacy_connection(dc_fix_ctx *ctx, dc_finding **f, uint32_t n) { legacy_fixer(ctx, f, n); }

void dc_fixer_legacy_terms(dc_fix_ctx *ctx, dc_finding **f, uint32_t n) { legacy_fixer(ctx, f, n); }
