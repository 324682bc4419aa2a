/* resolve.h: module resolution for the project phase (issue 15, item 1): which scanned file an
 * import names, the way TypeScript, Node's package managers and Python find it.
 *
 * The resolver is built once from the scanned roots and the sorted file list discovery found,
 * then queried read-only by the per-file analysis threads. It never reads outside the tree:
 * module targets are files of that list (a file discovery skipped, or one outside every root,
 * is never a target), and the configuration files it reads (tsconfig.json, jsconfig.json,
 * package.json, pnpm-workspace.yaml, and the existence of pyproject.toml / setup.cfg) are read
 * only in directories of the file's own root and only when their real path lies inside it.
 *
 * Rules (the README's "How imports are followed" states them in these words; a star in a
 * glob is written \* here only because a C comment cannot hold a slash before a star):
 *
 * TypeScript / JavaScript (dc_resolve_ts)
 *  1. A relative specifier ("./x", "../x", ".", "..") is joined to the importing file's directory.
 *     A path that climbs above the root resolves to nothing. The path is then tried as a file,
 *     then as a directory:
 *     - file: a specifier ending in .js/.jsx/.mjs/.cjs first names the TypeScript source of that
 *       output (.js -> .ts, .tsx; .jsx -> .tsx; .mjs -> .mts; .cjs -> .cts), as node16/nodenext
 *       and bundler resolution do, then the file itself; otherwise the exact file, then the path
 *       with each extension appended in the order .ts .tsx .mts .cts .js .jsx .mjs .cjs.
 *       Declaration files (.d.ts) are never targets: they hold no runtime value.
 *     - directory: a package.json there gives its entry (rule 4), else index.<ext> in the same
 *       extension order.
 *  2. A bare specifier is first matched against compilerOptions.paths of the tsconfig.json (or,
 *     when a directory has none, jsconfig.json) nearest to the importing file, walking up to the
 *     root. Only the nearest config counts; if it has neither paths nor baseUrl and lists
 *     project "references" (a solution-style config), the first referenced config, in order,
 *     that has paths or baseUrl is used instead. An exact key wins over wildcard keys; among
 *     "prefix*suffix" keys the longest prefix wins. Its targets are tried in order, "*" replaced
 *     by the matched text, each resolved as in rule 1. Targets are relative to baseUrl when one
 *     is set, else to the directory of the config that declares "paths". "${configDir}" in
 *     paths or baseUrl is the directory of the nearest config. Then, when baseUrl is set,
 *     <baseUrl>/<specifier> is tried as in rule 1.
 *     "extends" (a string or, as in TypeScript 5, an array whose later entries override
 *     earlier ones) is followed: a relative or absolute path is tried as written, then with
 *     ".json" appended; a package name is looked up in node_modules directories from the
 *     config's directory up to the root (a bare package name means its tsconfig.json;
 *     a subpath is tried as written, then with ".json"); one not installed is skipped
 *     silently, a missing relative one with a warning. baseUrl and paths are taken from
 *     the most derived config that sets them and stay relative to the config that set them.
 *     Comments, trailing commas and a byte-order mark are accepted as TypeScript accepts them.
 *  3. Then, workspace packages: the nearest directory at or above the importing file whose
 *     package.json has "workspaces" (an array, or {"packages": [...]}) or that holds a
 *     pnpm-workspace.yaml ("packages:" list) is a workspace root; its globs ("packages/\*",
 *     "apps/\*\*", "!excluded") are matched against the scanned directories under it, and each
 *     match with a package.json "name" is a workspace package. "@acme/shared" resolves to that
 *     package's entry (rule 4); "@acme/shared/lib/x" to the package's "exports" subpath ("./lib/x"
 *     or a "./lib/\*" pattern, longest prefix first) if any, else <package>/lib/x, else
 *     <package>/src/lib/x, each as in rule 1. A name not found there is looked up in the next
 *     workspace root further up. Two workspace packages with one name: the first in path order
 *     is used (a warning names both).
 *  4. A package's entry: "exports" "." (a string, an array of fallbacks, or conditions of which
 *     import, require, node, module, default, types and source are followed in the order the
 *     object lists them), then "module", "main", "types", "typings"; each candidate resolved as in
 *     rule 1 and skipped when it is absent (built output such as dist/ is usually not in the
 *     tree) or a declaration file; then src/index.<ext>, then index.<ext>.
 *  Anything else (e.g. "@composio/core", "node:fs") is an installed package: DC_RESOLVE_PACKAGE.
 *
 * Python (dc_resolve_py, dc_resolve_py_name)
 *  5. A module name with leading dots is relative: one dot is the importing file's package (its
 *     directory, for __init__.py too), each further dot one directory up; climbing above the
 *     root resolves to nothing. The rest of the name is then looked up below that directory.
 *  6. An absolute name a.b.c is looked up under these bases, in order, first hit wins: the
 *     nearest directory at or above the importing file holding pyproject.toml, setup.cfg or
 *     setup.py, then its src/; the scanned root, then its src/; the package root of the
 *     importing file (the first directory upward without __init__.py, as pytest's prepend
 *     import mode finds it); every other project directory in path order, then its src/; last
 *     the importing file's own directory (sys.path[0] when that file is run as a script).
 *  7. Under a base, a/b/c/__init__.py (a regular package) wins over a/b/c.py (a module), as in
 *     Python's path finder; a directory without __init__.py is a namespace package, used only
 *     when no base has a regular package or module of that name (it has no file of its own).
 *  8. `from M import n` (dc_resolve_py_name): when M is a package (regular or namespace) and
 *     M/n.py or M/n/__init__.py exists, n is the submodule; otherwise n is an attribute of M's
 *     file. Python prefers an attribute that M/__init__.py binds over the submodule, so the
 *     caller checks that file's bindings first (dc_py_name.package) when it has one.
 *
 * Bad input never stops the run: an unreadable or invalid config (file:line:col from the JSON
 * or YAML parser), an extends loop or a chain deeper than 64, a config that is a symbolic-link
 * loop or points outside the tree, two workspace packages with one name: a warning through
 * common/diag.h while the resolver is built, and no resolution through that config. Warnings
 * come in a fixed order (package files, then tsconfigs, each in path order; the line:column
 * is where the JSON or YAML parser stopped), so the output does not depend on timing.
 *
 * Ownership (common/base.h's rule): dc_resolver_new copies what it needs from its input; the
 * resolver owns everything it returns (file paths, config paths in dc_resolution) until
 * dc_resolver_free. After construction every query is read-only: any number of threads may
 * query one resolver at once. */
#ifndef DC_PROJECT_RESOLVE_H
#define DC_PROJECT_RESOLVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/base.h"

/* What the project phase hands over: the roots as given on the command line and every file
 * discovery listed, as dc_file_entry.path (root-joined, e.g. "./src/a.ts" for the root ".").
 * A file's index in `files` is its id in every answer. Files outside every directory root
 * (files named on the command line) get an id but resolve nothing and are never targets. */
typedef struct dc_project_input {
    const char *const *roots;
    size_t nroots;
    const char *const *files;
    size_t nfiles;
} dc_project_input;

typedef struct dc_resolver dc_resolver;

typedef enum dc_resolve_status {
    DC_RESOLVE_FOUND = 0,   /* file holds the target's id */
    DC_RESOLVE_PACKAGE,     /* a bare name the project does not map: an installed package or builtin */
    DC_RESOLVE_NOT_FOUND,   /* a project path that names no scanned file: relative, matched by a
                             * paths key other than a lone "*", a workspace package's name; a path
                             * leaving the tree; a relative import from outside every root; a
                             * Python namespace package (a directory, no file of its own) */
} dc_resolve_status;

typedef enum dc_resolve_via {
    DC_VIA_NONE = 0,
    DC_VIA_RELATIVE,    /* TS rule 1 */
    DC_VIA_PATHS,       /* TS rule 2, compilerOptions.paths */
    DC_VIA_BASEURL,     /* TS rule 2, baseUrl */
    DC_VIA_WORKSPACE,   /* TS rule 3 */
    DC_VIA_PY_RELATIVE, /* Python rule 5 */
    DC_VIA_PY_ABSOLUTE, /* Python rule 6 */
} dc_resolve_via;

typedef struct dc_resolution {
    dc_resolve_status status;
    int32_t file;       /* id of the target, -1 unless FOUND */
    dc_resolve_via via;
    const char *config; /* the tsconfig/jsconfig/package.json whose rule applied (display path),
                         * or NULL; owned by the resolver */
} dc_resolution;

/* Builds the resolver; reads the configuration files (warnings through dc_diag). Never NULL. */
dc_resolver *dc_resolver_new(const dc_project_input *in);
void dc_resolver_free(dc_resolver *r);

size_t dc_resolver_nfiles(const dc_resolver *r);
/* The file's path as it was handed in (a copy owned by the resolver). */
const char *dc_resolver_path(const dc_resolver *r, uint32_t file);

/* TypeScript/JavaScript: `spec` as written in import/export ... from, require(), import(). */
dc_resolution dc_resolve_ts(const dc_resolver *r, uint32_t from, const char *spec);

/* Python: `module` as written after `from` or `import`: "app.core.clients", ".clients", "..",
 * "." (the importing file's own package). */
dc_resolution dc_resolve_py(const dc_resolver *r, uint32_t from, const char *module);

typedef enum dc_py_name_kind {
    DC_PY_NAME_NONE = 0,   /* module not found in the project */
    DC_PY_NAME_SUBMODULE,  /* `name` is a module of package `module` */
    DC_PY_NAME_ATTRIBUTE,  /* `name` can only be an attribute of the module's file */
} dc_py_name_kind;

typedef struct dc_py_name {
    dc_py_name_kind kind;
    int32_t file;    /* SUBMODULE: the submodule's file (its __init__.py for a package, -1 for a
                      * namespace package); ATTRIBUTE: the file whose attribute it is */
    int32_t package; /* SUBMODULE: the package's own __init__.py, -1 for a namespace package:
                      * when it binds `name`, Python gives that binding (rule 8) */
    dc_resolve_via via;
} dc_py_name;

/* `from module import name` (rule 8). */
dc_py_name dc_resolve_py_name(const dc_resolver *r, uint32_t from, const char *module, const char *name);

/* What construction cost, for bench/run's project-phase line and the scale test. */
typedef struct dc_resolver_stats {
    uint32_t files, dirs, roots;
    uint32_t configs_read;      /* tsconfig/jsconfig/package.json/pnpm-workspace.yaml files parsed */
    uint32_t stat_calls;        /* file-system probes for config files (a few per directory) */
    uint32_t workspace_packages;
} dc_resolver_stats;
dc_resolver_stats dc_resolver_get_stats(const dc_resolver *r);

#endif
