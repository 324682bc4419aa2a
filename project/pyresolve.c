/* pyresolve.c: Python imports (rules 5 to 8 in resolve.h). Per directory, construction records
 * whether it is a package (__init__.py), whether it holds a project marker, the nearest such
 * project and the package root, so a query walks no directories: it tries a handful of bases. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "project/resolve_p.h"

void rs_python_build(dc_resolver *r) {
    char p[RS_PATH_MAX];
    r->pyprojects = dc_xmalloc((r->dirs.len ? r->dirs.len : 1) * sizeof *r->pyprojects);
    for (uint32_t i = 0; i < r->dirs.len; i++) {
        rs_dir *d = &r->dirs.v[i];
        const rs_dir *up = d->parent >= 0 ? &r->dirs.v[d->parent] : NULL;
        d->pyroot = (int32_t)i;
        if (!r->roots[d->root].has_py) continue;
        const char *sep = *d->rel ? "/" : "";
        snprintf(p, sizeof p, "%s%s__init__.py", d->rel, sep);
        d->has_init = rs_find_file(r, d->root, p) >= 0;
        snprintf(p, sizeof p, "%s%ssetup.py", d->rel, sep);
        d->py_marker = rs_find_file(r, d->root, p) >= 0;
        static const char *const markers[] = {"pyproject.toml", "setup.cfg"};
        for (int k = 0; k < 2 && !d->py_marker; k++) {
            snprintf(p, sizeof p, "%s%s%s", d->rel, sep, markers[k]);
            d->py_marker = rs_probe(r, d->root, p) == RS_PRESENT;
        }
        d->pyproj = d->py_marker ? (int32_t)i : up ? up->pyproj : -1;
        if (d->has_init && up) d->pyroot = up->pyroot;
        if (d->py_marker) r->pyprojects[r->npyprojects++] = (int32_t)i;
    }
}

/* A module found under one base: its file (__init__.py or mod.py) and, for a package, its
 * directory. A namespace package has a directory and no file. */
typedef struct rs_pymod {
    int32_t file, dir;
} rs_pymod;

static const rs_pymod rs_pymod_none = {-1, -1};

/* `dotted` ("a.b.c", or "" for the base itself as a package) below the rel directory `base`. */
static rs_pymod rs_py_under(const dc_resolver *r, uint32_t root, const char *base, const char *dotted) {
    char p[RS_PATH_MAX], f[RS_PATH_MAX + 16]; /* p has room checked below; f = p + a suffix */
    size_t bl = strlen(base), n = bl;
    if (bl + strlen(dotted) + 16 > sizeof p) return rs_pymod_none;
    memcpy(p, base, bl);
    for (const char *s = dotted; *s;) {
        const char *e = strchr(s, '.');
        size_t cl = e ? (size_t)(e - s) : strlen(s);
        if (!cl || memchr(s, '/', cl) || (e && !e[1])) return rs_pymod_none; /* "a..b", "a.", "a/b" */
        if (n) p[n++] = '/';
        memcpy(p + n, s, cl);
        n += cl;
        s += cl + (e ? 1 : 0);
    }
    p[n] = 0;
    rs_pymod m = rs_pymod_none;
    snprintf(f, sizeof f, "%s%s__init__.py", p, n ? "/" : "");
    if ((m.file = rs_find_file(r, root, f)) >= 0) {
        m.dir = rs_find_dir(r, root, p);
        return m;
    }
    if (n) {
        snprintf(f, sizeof f, "%s.py", p);
        if ((m.file = rs_find_file(r, root, f)) >= 0) return m;
    }
    m.dir = rs_find_dir(r, root, p);
    return m;
}

/* One base of rule 6: true when it has a regular package or a module; the first namespace
 * package seen is kept in *ns for when no base has one. */
static bool rs_py_base(const dc_resolver *r, uint32_t root, const char *base, const char *sub, const char *dotted,
                       rs_pymod *out, rs_pymod *ns) {
    char b[RS_PATH_MAX];
    if (sub) {
        if (snprintf(b, sizeof b, "%s%s%s", base, *base ? "/" : "", sub) >= (int)sizeof b) return false;
        if (rs_find_dir(r, root, b) < 0) return false;
        base = b;
    }
    rs_pymod m = rs_py_under(r, root, base, dotted);
    if (m.file >= 0) {
        *out = m;
        return true;
    }
    if (m.dir >= 0 && ns->dir < 0) *ns = m;
    return false;
}

static rs_pymod rs_py_absolute(const dc_resolver *r, const rs_file *f, const char *dotted) {
    const rs_dir *d = &r->dirs.v[f->dir];
    rs_pymod out = rs_pymod_none, ns = rs_pymod_none;
    const char *proj = d->pyproj >= 0 ? r->dirs.v[d->pyproj].rel : NULL;
#define RS_TRY(base, sub)                                                          \
    do {                                                                           \
        if (rs_py_base(r, f->root, (base), (sub), dotted, &out, &ns)) return out; \
    } while (0)
    if (proj) {
        RS_TRY(proj, NULL);
        RS_TRY(proj, "src");
    }
    RS_TRY("", NULL);
    RS_TRY("", "src");
    RS_TRY(r->dirs.v[d->pyroot].rel, NULL);
    for (uint32_t i = 0; i < r->npyprojects; i++) {
        const rs_dir *pd = &r->dirs.v[r->pyprojects[i]];
        if (pd->root != f->root || r->pyprojects[i] == d->pyproj) continue;
        RS_TRY(pd->rel, NULL);
        RS_TRY(pd->rel, "src");
    }
    RS_TRY(d->rel, NULL);
#undef RS_TRY
    return ns;
}

/* Rule 5: "..core.deps" from the importing file's package. */
static rs_pymod rs_py_relative(const dc_resolver *r, const rs_file *f, const char *module) {
    char base[RS_PATH_MAX];
    size_t level = strspn(module, ".");
    snprintf(base, sizeof base, "%s", r->dirs.v[f->dir].rel);
    for (size_t i = 1; i < level; i++) {
        char up[RS_PATH_MAX];
        if (!*base || !rs_join(up, base, "..")) return rs_pymod_none; /* above the root */
        memcpy(base, up, strlen(up) + 1);
    }
    return rs_py_under(r, f->root, base, module + level);
}

static rs_pymod rs_py_module(const dc_resolver *r, uint32_t from, const char *module, dc_resolve_via *via) {
    *via = DC_VIA_NONE;
    if (from >= r->files.len || !module || !*module) return rs_pymod_none;
    const rs_file *f = &r->files.v[from];
    if (f->dir < 0) return rs_pymod_none;
    *via = module[0] == '.' ? DC_VIA_PY_RELATIVE : DC_VIA_PY_ABSOLUTE;
    return module[0] == '.' ? rs_py_relative(r, f, module) : rs_py_absolute(r, f, module);
}

dc_resolution dc_resolve_py(const dc_resolver *r, uint32_t from, const char *module) {
    dc_resolution res = {DC_RESOLVE_NOT_FOUND, -1, DC_VIA_NONE, NULL};
    rs_pymod m = rs_py_module(r, from, module, &res.via);
    if (m.file >= 0) res.status = DC_RESOLVE_FOUND, res.file = m.file;
    else if (res.via == DC_VIA_PY_ABSOLUTE && m.dir < 0) res.status = DC_RESOLVE_PACKAGE;
    else if (res.via == DC_VIA_NONE && module && module[0] && module[0] != '.') res.status = DC_RESOLVE_PACKAGE;
    return res;
}

dc_py_name dc_resolve_py_name(const dc_resolver *r, uint32_t from, const char *module, const char *name) {
    dc_py_name out = {DC_PY_NAME_NONE, -1, -1, DC_VIA_NONE};
    rs_pymod m = rs_py_module(r, from, module, &out.via);
    if (m.dir >= 0 && name && *name && !strchr(name, '.')) {
        rs_pymod sub = rs_py_under(r, r->dirs.v[m.dir].root, r->dirs.v[m.dir].rel, name);
        if (sub.file >= 0 || sub.dir >= 0) {
            out.kind = DC_PY_NAME_SUBMODULE, out.file = sub.file, out.package = m.file;
            return out;
        }
    }
    if (m.file >= 0) out.kind = DC_PY_NAME_ATTRIBUTE, out.file = m.file;
    return out;
}
