/* options.h: what the fixers need from the command line and the config, beyond the rules: the
 * auth configs, explicit (--auth-config, the config file's auth_configs) and proven by the
 * project's code (analysis/authfacts.h), merged into one map. Its own header (fixes/plan.h
 * includes it) because every fixer reads it through the fix context (context_p.h), which
 * plan.c, the layer's entry, builds. */
#ifndef DC_FIXES_OPTIONS_H
#define DC_FIXES_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "analysis/authfacts.h"

typedef struct dc_auth_map_entry {
    const char *auth_config; /* "ac_123" (or an expression's text: what a call's argument is for) */
    const char *toolkit;     /* "github" */
    const char *path;        /* the config file that gave it; NULL: --auth-config */
    uint32_t line;           /* its line in that file; 0 for the command line */
} dc_auth_map_entry;

/* What the fixers need from the command line and the config, beyond the rules. */
typedef struct dc_fix_opts {
    const dc_auth_map_entry *auth; /* --auth-config then config auth_configs, in that order */
    uint32_t nauth;
    /* The merged map (dc_fix_authmap) the run built from `auth` and the whole project's facts,
     * or NULL: each file's fixers merge `auth` with that file's own facts (single files, tests). */
    const dc_authmap *map;
    /* Set to true when a file's fixes consulted the auth configs (may be NULL): a per-job flag,
     * for a project phase that planned the file's fixes before the project's map was final. */
    bool *auth_used;
} dc_fix_opts;

/* Builds `out` from the explicit entries (the command line's rank above the config's) and
 * `facts` (a project's code facts; NULL: none), `project` saying whether those are the whole
 * project's. Free with dc_authmap_free. */
void dc_fix_authmap(dc_authmap *out, const dc_auth_map_entry *auth, uint32_t nauth, const dc_authfacts *facts,
                    bool project);

#endif
