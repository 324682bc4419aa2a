/* imports.h: import management for fixes (GritQL's ensure_import_from, done properly).
 *
 * dc_import_ensure adds `name` from `module` to the file unless it is already imported:
 *   - merged into an existing `from module import a, b` (Python) / `import { a } from "module"`
 *     (TS/JS, also a `const { a } = require("module")` in CommonJS files) when there is one;
 *   - else a new statement after the last top-level import, never before a `from __future__`
 *     import or a module docstring (Python), never before "use strict" / a shebang (JS), and at
 *     the top (after those) when the file has no imports. CommonJS files (require, no ES
 *     import) get a `const { name } = require("module");`.
 *   - never duplicated: asking twice in one fix, or in two fixes of one pass, yields identical
 *     edits, which the applier deduplicates.
 * dc_import_remove_if_unused removes `name` from its import when no other reference to it is
 * left in the file, given the byte ranges the fix deletes or replaces (references inside those
 * do not count). The whole statement goes when it imported only that name.
 *
 * Both add their edits to `fix` and never touch an ERROR region (they return false instead,
 * and the caller makes the fix manual). Edits use the file's newline and quote style.
 * `name` may be NULL for a module import (`import module`), which ensure/remove handle too. */
#ifndef DC_IMPORTS_H
#define DC_IMPORTS_H

#include <stdbool.h>
#include <tree_sitter/api.h>

#include "analysis/finding.h"
#include "syntax/source.h"
#include "common/base.h"

struct dc_node_index;
struct dc_name_cache;

typedef struct dc_import_ctx {
    dc_arena *arena;
    const dc_source *src;
    TSTree *tree;
    /* optional (NULL: cursor walks): the tree's node index (nodeindex.h), which turns the
     * whole-tree scans (references per removed name, bindings) into array scans */
    const struct dc_node_index *index;
    /* optional (NULL: detected per call): the file's dc_style_detect, which the caller may
     * have already */
    const struct dc_style *style;
    /* optional (NULL: read per call): the names of the scopes dc_fresh_name looked in, kept
     * for the file's later calls (a module of 100,000 statements was walked once per session) */
    struct dc_name_cache *names;
} dc_import_ctx;

bool dc_import_ensure(const dc_import_ctx *ctx, dc_fix *fix, const char *module, const char *name);
bool dc_import_remove_if_unused(const dc_import_ctx *ctx, dc_fix *fix, const char *module, const char *name,
                                const dc_range *deleted, uint32_t ndeleted);

/* A name not bound anywhere in the scope that contains `at` (the enclosing function, or the
 * module), trying `base`, then `prefix_base` (when prefix is not NULL, e.g. devcaster_session),
 * then base_2, base_3, ... Arena-allocated. `taken` lists names the caller already picked for
 * this scope in the same fix pass (may be NULL). */
const char *dc_fresh_name(const dc_import_ctx *ctx, uint32_t at, const char *base, const char *prefix,
                          const char *const *taken, uint32_t ntaken);
/* An empty cache of scope names for dc_import_ctx.names, in `arena` (valid while the tree is). */
struct dc_name_cache *dc_name_cache_new(dc_arena *arena);

#endif
