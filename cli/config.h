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
 * its directory or a parent, up to the repository root: the nearest directory holding `.git`
 * (a directory, or the file of a worktree or submodule). Outside a git repository the walk
 * stops at the current directory when the path is under it, else at the path itself. A config
 * above the repository belongs to someone else's project (or to anyone who could write there),
 * not to the tree being changed. It applies to the files found under that path. Command-line
 * flags win over the file (--sdk, --select/--ignore, --fail-on replace; --exclude and
 * --auth-config add to it). `fail_on` and `rules` are run-wide: they come from the first path's
 * config.
 *
 * Trust: a discovered config owned by another user (not the current user, not root) is refused
 * (dc_settings_load_configs): whoever can write it decides what --fix rewrites. `--config FILE`
 * is the user's own choice and is not checked. The `rules` directories a config names must
 * resolve inside the config's repository (`root` below; outside git, the config's directory),
 * symbolic links included; only --rules on the command line may name rules from elsewhere.
 *
 * Errors: unknown keys, bad values, unknown rule ids, refused or missing rule directories are
 * errors with file:line:col, and any of them stops the run before anything is scanned (exit 2;
 * cli/main.c): a config that fails open would let --fix rewrite excluded directories with
 * ignored rules.
 *
 * Ownership: dc_config_load returns a heap object freed with dc_config_free; its strings are
 * owned by it. */
#ifndef DC_CONFIG_H
#define DC_CONFIG_H

#include <stdbool.h>
#include <sys/types.h>

#include "analysis/engine.h"
#include "fixes/plan.h"
#include "ruleset/rules.h"
#include "common/base.h"
#include "common/yamlschema.h"

typedef struct dc_severity_override {
    char *rule;
    dc_severity severity;
    dc_yaml_mark at; /* the rule id's place in the file */
} dc_severity_override;

typedef struct dc_config {
    char *path; /* the file */
    char *shown; /* the file as auth configs' provenance shows it (relative below the working directory) */
    char *dir;  /* its directory, for relative `rules` entries */
    char *root; /* the resolved repository root the `rules` entries must stay in (see above) */
    uid_t owner;
    bool has_sdk, has_select, has_ignore, has_fail_on;
    dc_profile sdk;
    dc_severity fail_on;
    dc_yaml_strs select;
    dc_yaml_strs ignore;
    dc_yaml_strs exclude;
    dc_yaml_strs rules;                         /* absolute or relative to dir, as written */
    dc_yaml_marks select_at, ignore_at, rules_at; /* where each entry of those was written */
    DC_VEC(dc_severity_override) severity;
    DC_VEC(dc_auth_map_entry) auth; /* strings owned by the config */
} dc_config;

/* Finds the nearest config file at or above `path` (a file or directory), no higher than the
 * repository root (see above). Returns a heap path or NULL when there is none. */
char *dc_config_find(const char *path);
/* For a config that was discovered (not named with --config) from the command-line path
 * `scanned`: false, after reporting why, when it is owned by another user (not the current
 * one, not root) or is a symbolic link that resolves out of the repository root of `scanned`. */
bool dc_config_trusted(const dc_config *c, const char *scanned);
/* Parses a config file; NULL after reporting errors through diag. */
dc_config *dc_config_load(const char *file);
/* Parses a config from memory (`origin` names it in messages and is its path: `dir` and `root`
 * come from it; `owner` is left 0); NULL after reporting errors. What the fuzz target calls. */
dc_config *dc_config_parse(const char *origin, const char *data, size_t len);
/* Reports (located) every rule id in `select`, `ignore` and `severity` that `rs` does not know;
 * returns how many. Run once every rule is loaded. */
uint32_t dc_config_check_ids(const dc_config *c, const dc_ruleset *rs);
/* Loads the config's `rules` directories into `rs`. An entry that does not resolve inside
 * c->root, or is not a readable directory, is a config error (located, counted in
 * *config_errors); errors in the rule files themselves are returned. */
uint32_t dc_config_load_rules(const dc_config *c, dc_ruleset *rs, uint32_t *config_errors);
void dc_config_free(dc_config *c);

#endif
