/* profile.c: the profile name table. */
#include "analyzer/profile.h"

#include <string.h>

static const dc_profile_names names[DC_PROFILE_COUNT] = {
    {"devcaster", "Devcaster", "@devcaster", "DEVCASTER"},
    {"devcaster", "Devcaster", "@devcaster", "DEVCASTER"},
    {"composio", "Composio", "@composio", "COMPOSIO"},
};

const dc_profile_names *dc_profile_names_get(dc_profile p) {
    return &names[(unsigned)p < DC_PROFILE_COUNT ? p : DC_PROFILE_DEVCASTER];
}

dc_profile dc_profile_from_name(const char *s) {
    if (strcmp(s, "auto") == 0) return DC_PROFILE_AUTO;
    if (strcmp(s, "devcaster") == 0) return DC_PROFILE_DEVCASTER;
    if (strcmp(s, "composio") == 0) return DC_PROFILE_COMPOSIO;
    return (dc_profile)-1;
}
