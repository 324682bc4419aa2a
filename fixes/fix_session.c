/* fix_session.c: direct tools -> sessions, the fixers of `tools-get` and `connect-link`. They
 * share one plan per file with the legacy session calls (GritQL-style file-level state, built
 * on the first call and kept in the fix context), made in three steps (session_p.h):
 *
 *   1. read (session_read.c, session_read_legacy.c): each finding becomes a "use": which
 *      client, which user, what it contributes to a session (toolkits, auth configs, connected
 *      accounts) and what its call becomes (`session.tools()`, `session.authorize("github",
 *      ...)`). A use the code does not determine is manual, with the reason.
 *   2. plan (session_plan.c): uses with the same client and user expression in the same scope
 *      (function, or module) form a group that shares ONE session: `session =
 *      client.create(user_id=..., ...)`, inserted before the statement holding the group's first
 *      use, in the innermost block that holds all of them, with the union of toolkits, auth
 *      configs and accounts. A session the scope already creates for that user is reused (and
 *      completed) instead.
 *   3. emit (session_emit.c): every fix of a group carries the same statement edit (the applier
 *      deduplicates identical edits) plus its own call rewrite, so any subset of the group can
 *      apply alone and a later pass still finds and reuses the session. A group is as safe as
 *      its least safe use, so nothing is half-applied.
 *
 * Sharing is refused (each use gets its own session) when the user expression is assigned
 * between the first and last use, since one session would then serve two users. In TypeScript
 * `create` returns a Promise: the session statement is awaited, which needs an async function
 * or an ES module's top level; elsewhere the use is manual. */
#include "fixes/session_p.h"

void dc_fixer_tools_get(dc_fix_ctx *ctx, dc_finding **f, uint32_t n) { dc_session_attach(ctx, f, n); }
void dc_fixer_connect_link(dc_fix_ctx *ctx, dc_finding **f, uint32_t n) { dc_session_attach(ctx, f, n); }
