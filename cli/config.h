/* config.h: `.dcmigrate.yml`, the per-project settings file.
 *
 *   sdk: composio                 # devcaster | composio | auto
 *   select: [tools-get, connect-link]
 *   ignore: [trigger-unsupported]
 *   severity: {tools-execute: error}
 *   exclude: ["generated", "*.min.js"]
 *   auth_configs: {ac_1234: github, ac_5678: slack}
 *   fail_on: error                # error | warning | info
 *   rules: [ci/dcmigrate-rules]   # extra rule directories, relative to this file
 *
 * Discovery: for each path on the command line, the nearest `.dcmigrate.yml` (or `.yaml`) in
 * its directory or a parent; it applies to the files found under that path. Command-line flags
 * win over the file (--sdk, --select/--ignore, --fail-on replace; --exclude and --auth-config
 * add to it). `fail_on` and `rules` are run-wide: they come from the first path's config.
 * Unknown keys and bad values are errors with file:line:col (exit 2).
 *
 * Ownership: dc_config_load returns a heap object freed with dc_config_free; its strings are
 * owned by it. */
#ifndef DC_CONFIG_H
#define DC_CONFIG_H

#include <stdbool.h>

#include "analysis/engine.h"
#include "fixes/plan.h"
#include "common/base.h"
#include "common/yamlschema.h"

typedef struct dc_severity_override {
    char *rule;
    dc_severity severity;
} dc_severity_override;

typedef struct dc_config {
    char *path; /* the file */
    char *dir;  /* its directory, for relative `rules` entries */
    bool has_sdk, has_select, has_ignore, has_fail_on;
    dc_profile sdk;
    dc_severity fail_on;
    dc_yaml_strs select;
    dc_yaml_strs ignore;
    dc_yaml_strs exclude;
    dc_yaml_strs rules; /* absolute or relative to dir, as written */
    DC_VEC(dc_severity_override) severity;
    DC_VEC(dc_auth_map_entry) auth; /* strings owned by the config */
} dc_config;

/* Finds the nearest config file at or above `path` (a file or directory). Returns a heap path
 * or NULL when there is none. */
char *dc_config_find(const char *path);
/* Parses a config file; NULL after reporting errors through diag. */
dc_config *dc_config_load(const char *file);
void dc_config_free(dc_config *c);

#endif
