/* resolve_p.h: the resolver's internals, shared by resolve.c (files, directories, file-system
 * probes, TypeScript queries), tsconfig.c, workspace.c and pyresolve.c. Not for other modules.
 *
 * Everything is built by dc_resolver_new and never changed afterwards, which is what makes the
 * queries thread-safe without a lock: there is no lazily filled cache. What a query needs per
 * directory (its tsconfig's paths, its workspace root, its Python bases) is computed once per
 * directory at construction, so 10,000 files in 1,000 directories cost 1,000 directory
 * records, not 10,000 walks up the tree.
 *
 * Paths inside are "rel" paths: relative to their root, lexically normalised ('/'-separated, no
 * "." or ".." or empty components, "" for the root itself). Lookups are binary searches over
 * arrays sorted by (root, rel) (libc bsearch; no hash table is needed for read-only sets). */
#ifndef DC_PROJECT_RESOLVE_P_H
#define DC_PROJECT_RESOLVE_P_H

#include <stdbool.h>
#include <stdint.h>

#include "common/base.h"
#include "project/resolve.h"

/* Longest rel path a query builds; a longer one resolves to nothing (no real project nears it). */
#define RS_PATH_MAX 4096
/* Longest extends chain followed (TypeScript has no limit, but loops are caught separately). */
#define RS_EXTENDS_MAX 64
/* Config files larger than this are not read (a 1 MB tsconfig is not a config). */
#define RS_CONFIG_MAX (1u << 20)

typedef struct rs_strs {
    const char **v;
    uint32_t n;
} rs_strs;

typedef struct rs_root {
    const char *norm;    /* normalised as given ("" for "."): the prefix of its files' paths */
    const char *fs;      /* how to reach it on disk: as given, without trailing '/' */
    const char *display; /* prefix of display paths: "" for ".", else norm + "/" */
    char *real;          /* realpath (heap), NULL when it cannot be resolved: nothing is read */
    bool has_ts, has_py; /* any file of that family below it: only then are its configs probed */
} rs_root;

typedef struct rs_file {
    const char *path; /* as handed in */
    const char *rel;
    uint32_t root;
    int32_t dir;      /* -1: outside every directory root */
} rs_file;

typedef struct rs_dir {
    uint32_t root;
    const char *rel;
    int32_t parent;    /* -1 for a root */
    int32_t pkg;       /* package.json / pnpm-workspace.yaml read here: index into r->pkgs, or -1 */
    int32_t ws;        /* nearest workspace root at or above: a pkg index, or -1 */
    int32_t ts;        /* tsconfig node used by files here (already followed to a usable one), -1 */
    int32_t pyproj;    /* nearest directory at or above with a Python project marker, or -1 */
    int32_t pyroot;    /* package root: first directory upward without __init__.py */
    bool has_init;     /* rel/__init__.py is a scanned file */
    bool py_marker;    /* holds pyproject.toml, setup.cfg or setup.py */
} rs_dir;

/* A "./lib/\*"-style key of package.json "exports", or a compilerOptions.paths key. */
typedef struct rs_pat {
    const char *prefix, *suffix; /* key split at its '*' (suffix NULL when the key has none) */
    rs_strs targets;             /* as written; for finalised tsconfig paths: rel paths */
} rs_pat;

typedef struct rs_member {
    const char *name;
    int32_t pkg;
} rs_member;

typedef struct rs_pkg {
    int32_t dir;
    const char *display; /* package.json's display path */
    const char *name;    /* NULL when unnamed (or no package.json, only pnpm-workspace.yaml) */
    rs_strs entry;       /* "." candidates in order, relative to the package directory */
    rs_pat *subpaths;    /* exports subpath keys ("./x", "./lib/\*"), "./" removed */
    uint32_t nsubpaths;
    bool is_ws;
    rs_strs globs;                /* workspace globs, when is_ws */
    const char *ws_display;       /* file that declared the workspaces */
    DC_VEC(rs_member) members;    /* sorted by name, when is_ws */
} rs_pkg;

/* A tsconfig's paths/baseUrl ready for queries: targets and baseUrl as rel paths. */
typedef struct rs_tsfinal {
    const char *base_url; /* rel dir, or NULL */
    rs_pat *pats;
    uint32_t npats;
    const char *display;  /* the config used (the nearest one, or the referenced one) */
} rs_tsfinal;

typedef struct rs_tsnode rs_tsnode; /* tsconfig.c */

typedef DC_VEC(rs_file) rs_file_vec;
typedef DC_VEC(rs_dir) rs_dir_vec;
typedef DC_VEC(rs_pkg) rs_pkg_vec;
typedef DC_VEC(rs_tsnode *) rs_tsnode_vec;

struct dc_resolver {
    dc_arena arena;        /* every string and small array below */
    rs_root *roots;
    uint32_t nroots;
    rs_file_vec files;     /* in the caller's order: index = file id */
    int32_t *byname;       /* file ids sorted by (root, rel) of the files inside a root */
    uint32_t nbyname;
    rs_dir_vec dirs;       /* sorted by (root, rel): a parent precedes its children */
    rs_pkg_vec pkgs;
    rs_tsnode_vec ts;      /* every tsconfig read */
    void *ts_index;        /* tsearch tree over ts, by (root, rel): construction only */
    int32_t *pyprojects;   /* dirs with a Python project marker, in path order */
    uint32_t npyprojects;
    dc_resolver_stats stats;
};

/* ---- resolve.c -------------------------------------------------------------------------- */
int32_t rs_find_file(const dc_resolver *r, uint32_t root, const char *rel);
int32_t rs_find_dir(const dc_resolver *r, uint32_t root, const char *rel);
/* out = normalise(base + "/" + path); false when ".." climbs above the root or it is too long.
 * `base` is already a rel path; `path` may hold ".", "..", "//". out has RS_PATH_MAX bytes. */
bool rs_join(char *out, const char *base, const char *path);
const char *rs_display(dc_resolver *r, uint32_t root, const char *rel);

typedef enum rs_probe_result { RS_ABSENT = 0, RS_PRESENT, RS_REFUSED } rs_probe_result;
/* Is root/rel a regular file inside the root? RS_REFUSED (with a warning) for a symbolic-link
 * loop, a link leading out of the tree, or something that is not a regular file. */
rs_probe_result rs_probe(dc_resolver *r, uint32_t root, const char *rel);
/* Reads root/rel into *out (heap, NUL-terminated; free it); false after a warning. */
bool rs_read(dc_resolver *r, uint32_t root, const char *rel, char **out, size_t *len);
rs_strs rs_strs_dup(dc_arena *a, const char *const *v, uint32_t n);
/* Resolves a rel path as TS rule 1 (file, then directory): a file id or -1. */
int32_t rs_ts_path(const dc_resolver *r, uint32_t root, const char *rel);
/* Splits a "prefix*suffix" key; returns false when it holds more than one '*'. */
bool rs_pat_split(dc_arena *a, const char *key, rs_pat *out);
/* Does `spec` match the pattern? *star gets the text the '*' stands for. */
bool rs_pat_match(const rs_pat *p, const char *spec, const char **star, size_t *star_len);
/* target with its '*' replaced by star[0..star_len), into out (RS_PATH_MAX); false if too long. */
bool rs_pat_subst(char *out, const char *target, const char *star, size_t star_len);

/* ---- tsconfig.c --------------------------------------------------------------------------- */
/* Reads the tsconfig.json / jsconfig.json of every directory of TS roots and sets dir->ts. */
void rs_tsconfig_build(dc_resolver *r);
const rs_tsfinal *rs_tsconfig_final(const dc_resolver *r, int32_t node);
void rs_tsconfig_free(dc_resolver *r);

/* ---- workspace.c -------------------------------------------------------------------------- */
/* Reads package.json and pnpm-workspace.yaml of every directory of TS roots, builds workspace
 * member tables and sets dir->pkg, dir->ws. */
void rs_workspace_build(dc_resolver *r);
/* A package directory's entry (TS rule 4): a file id or -1. */
int32_t rs_pkg_entry(const dc_resolver *r, const rs_pkg *pkg);
/* TS rule 3 for a bare specifier imported from `dir`; fills res when found. */
bool rs_workspace_resolve(const dc_resolver *r, int32_t dir, const char *spec, dc_resolution *res);

/* ---- pyresolve.c -------------------------------------------------------------------------- */
void rs_python_build(dc_resolver *r);

#endif
