/* options.c: the auth config map the fixers read (options.h), from the explicit entries and a
 * project's facts; authmap.c gives a file's fixers the run's map or their own. */
#include "fixes/options.h"

#include <stdio.h>
#include <stdlib.h>


void dc_fix_authmap(dc_authmap *out, const dc_auth_map_entry *auth, uint32_t nauth, const dc_authfacts *facts,
                    bool project) {
    dc_authfacts all = {0};
    for (uint32_t i = 0; i < nauth; i++) {
        /* toolkits are lower case in sessions; users write GITHUB as often as github */
        char *tk = dc_xstrdup(auth[i].toolkit);
        for (char *p = tk; *p; p++)
            if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
        dc_authfact f = {tk, (char *)auth[i].auth_config, (char *)auth[i].path, NULL, auth[i].line, 0,
                         auth[i].path ? DC_AUTHFACT_CONFIG : DC_AUTHFACT_FLAG};
        dc_authfacts_add(&all, &f);
        free(tk);
    }
    for (uint32_t i = 0; facts && i < facts->len; i++) dc_authfacts_add(&all, &facts->v[i]);
    dc_authmap_build(out, &all, project);
    dc_authfacts_free(&all);
}
