/* options.h: what the fixers need from the command line and the config, beyond the rules: the
 * auth config -> toolkit map. Its own header (fixes/plan.h includes it) because every fixer reads
 * it through the fix context (context_p.h), which plan.c, the layer's entry, builds. */
#ifndef DC_FIXES_OPTIONS_H
#define DC_FIXES_OPTIONS_H

#include <stdint.h>

typedef struct dc_auth_map_entry {
    const char *auth_config; /* "ac_123" */
    const char *toolkit;     /* "github" */
} dc_auth_map_entry;

/* What the fixers need from the command line and the config, beyond the rules. */
typedef struct dc_fix_opts {
    const dc_auth_map_entry *auth; /* --auth-config / config auth_configs: which toolkit an auth
                                    * config id is for (connect-link, legacy-connection) */
    uint32_t nauth;
} dc_fix_opts;

#endif
