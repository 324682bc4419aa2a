/* profile.c: the profile name table. */
#include "ruleset/profile.h"

#include <string.h>

#include "common/text.h"

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

static bool profile_value(dc_buf *out, dc_sv key, void *ctx) {
    const dc_profile_names *n = ctx;
    const char *val = dc_sv_eq_cstr(key, "sdk_name")    ? n->name
                      : dc_sv_eq_cstr(key, "sdk_class") ? n->cls
                      : dc_sv_eq_cstr(key, "sdk_scope") ? n->scope
                      : dc_sv_eq_cstr(key, "sdk_env")   ? n->env
                                                        : NULL;
    if (val) dc_buf_adds(out, val);
    return val != NULL;
}

void dc_expand_profile(dc_buf *out, const char *text, dc_profile profile) {
    /* only `{{sdk_` opens a placeholder here: "{{{sdk_name}}" keeps its first brace */
    dc_tmpl_expand(out, text, "sdk_", profile_value, (void *)dc_profile_names_get(profile));
}
