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
 * above it (cli/config.h: no higher than the repository root), unless --no-config. Heap path or
 * NULL. */
char *dc_settings_config_path(const dc_options *o, const char *root);

/* The configs of a run, each file loaded once, before anything is scanned. */
typedef struct dc_configs {
    DC_VEC(char *) files;        /* each config file named or found, once */
    DC_VEC(dc_config *) loaded;  /* loaded.v[i] is files.v[i]'s config, NULL when broken or refused */
    dc_config **by_root;         /* per command-line root: its config, or NULL (none, broken, refused) */
    size_t nroots;
} dc_configs;

/* Loads the config of every root (`roots`, as the run scans them). A file that cannot be read,
 * does not parse, or is refused (dc_config_trusted, for discovered ones) is reported and counted
 * once. Returns the errors; free with dc_settings_free_configs either way. */
uint32_t dc_settings_load_configs(dc_configs *cs, const dc_options *o, const char *const *roots, size_t nroots);
/* dc_config_check_ids for every loaded config, once every rule is loaded; returns the errors. */
uint32_t dc_settings_check_ids(const dc_configs *cs, const dc_ruleset *rs);
void dc_settings_free_configs(dc_configs *cs);

/* Merges the options with `c` (NULL: none). Flags win: --sdk, --select/--ignore replace the
 * file's; --exclude and --auth-config add to it (the command line's auth mappings are looked up
 * first). The config's rule ids were checked before (dc_settings_check_ids). */
void dc_settings_init(dc_root_settings *st, const dc_options *o, const dc_config *c, const dc_ruleset *rs);
void dc_settings_free(dc_root_settings *st);

#endif
