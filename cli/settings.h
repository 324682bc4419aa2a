/* settings.h: what one group of command-line paths runs with: the command line merged with the
 * .dcmigrate.yml that applies to those paths (cli/config.h says which file applies and which
 * side wins), and the lookup of that file.
 *
 * Ownership: dc_settings_init fills a dc_root_settings that borrows strings from the options and
 * the config (both must outlive it); dc_settings_free releases what it allocated. */
#ifndef DC_SETTINGS_H
#define DC_SETTINGS_H

#include <stdbool.h>
#include <stdint.h>

#include "analysis/engine.h"
#include "cli/config.h"
#include "cli/options.h"
#include "fixes/plan.h"

typedef struct dc_root_settings {
    dc_analyze_opts aopts;
    dc_fix_opts fopts;
    DC_VEC(const char *) excludes;
    DC_VEC(dc_auth_map_entry) auth;
    bool *enabled;    /* by rule index, or NULL */
    int8_t *severity; /* by rule index (-1: the rule's own), or NULL */
} dc_root_settings;

/* The config file that applies to a command-line path: --config, else the nearest one at or
 * above it, unless --no-config. Heap path or NULL. */
char *dc_settings_config_path(const dc_options *o, const char *root);
/* Merges the options with `c` (NULL: none, or a broken one). Flags win: --sdk, --select/--ignore
 * replace the file's; --exclude and --auth-config add to it (the command line's auth mappings
 * are looked up first). An unknown rule id in the file is reported and counted in *errors. */
void dc_settings_init(dc_root_settings *st, const dc_options *o, const dc_config *c, const dc_ruleset *rs,
                      uint32_t *errors);
void dc_settings_free(dc_root_settings *st);

#endif
