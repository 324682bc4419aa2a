/* profile.h: the two SDK spellings dcmigrate migrates. Devcaster and Composio are the same SDK
 * under two names; rules are written once with {{sdk_*}} placeholders and expanded per profile. */
#ifndef DC_PROFILE_H
#define DC_PROFILE_H

#include "common/base.h"

typedef enum dc_profile { DC_PROFILE_AUTO = 0, DC_PROFILE_DEVCASTER, DC_PROFILE_COMPOSIO, DC_PROFILE_COUNT } dc_profile;

typedef struct dc_profile_names {
    const char *name;   /* "devcaster"    -- also the Python module and the --sdk value */
    const char *cls;    /* "Devcaster"    -- the client class */
    const char *scope;  /* "@devcaster"   -- npm scope; core package is <scope>/core */
    const char *env;    /* "DEVCASTER"    -- environment variable prefix */
} dc_profile_names;

/* Static table entry; AUTO yields the devcaster names (the default when a file imports neither). */
const dc_profile_names *dc_profile_names_get(dc_profile p);
dc_profile dc_profile_from_name(const char *s); /* "devcaster" | "composio" | "auto"; -1 if unknown */

/* Appends `text` to `out` with its {{sdk_name}}, {{sdk_class}}, {{sdk_scope}} and {{sdk_env}}
 * placeholders spelled for `profile`; any other `{{...}}` (a rule message's {{capture}}) is left
 * as written for a later expansion. */
void dc_expand_profile(dc_buf *out, const char *text, dc_profile profile);

#endif
