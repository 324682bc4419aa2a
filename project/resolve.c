/* resolve.c: the resolver's file and directory tables, its guarded reads of config files, and
 * the TypeScript/JavaScript queries (resolve.h states the rules; resolve_p.h the layout). */
#include "project/resolve.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/diag.h"
#include "common/fileio.h"
#include "project/resolve_p.h"

/* TS rule 1's extension order. */
static const char *const rs_ts_exts[] = {".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"};
#define RS_NEXTS (sizeof rs_ts_exts / sizeof rs_ts_exts[0])

/* ---- paths ------------------------------------------------------------------------------ */

/* Appends one component to a normalised path in out[0..*len), applying "." and "..";
 * `floor` is how much of out may never be popped (a leading "/" or kept ".." run). */
static bool rs_push(char *out, size_t *len, size_t floor, const char *c, size_t n, bool keep_dotdot) {
    if (n == 0 || (n == 1 && c[0] == '.')) return true;
    if (n == 2 && c[0] == '.' && c[1] == '.') {
        if (*len > floor) {
            char *slash = memrchr(out + floor, '/', *len - floor);
            *len = slash ? (size_t)(slash - out) : floor;
            return true;
        }
        if (!keep_dotdot) return false;
    }
    size_t need = *len + (*len > 0 && out[*len - 1] != '/') + n;
    if (need + 1 > RS_PATH_MAX) return false;
    if (*len > 0 && out[*len - 1] != '/') out[(*len)++] = '/';
    memcpy(out + *len, c, n);
    *len += n;
    out[*len] = 0;
    return true;
}

/* Pushes every component of `p`; for a path as given, a leading run of ".." is kept and
 * becomes part of the floor (so "../x" stays "../x"). */
static bool rs_push_all(char *out, size_t *len, size_t *floor, const char *p, bool keep_dotdot) {
    while (*p) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        bool dotdot = n == 2 && p[0] == '.' && p[1] == '.';
        size_t before = *len;
        if (!rs_push(out, len, *floor, p, n, keep_dotdot)) return false;
        if (dotdot && *len > before) *floor = *len; /* a kept leading "..": never popped */
        p += n;
        while (*p == '/') p++;
    }
    out[*len] = 0;
    return true;
}

bool rs_join(char *out, const char *base, const char *path) {
    size_t len = strlen(base), floor = 0;
    if (len + 1 > RS_PATH_MAX) return false;
    memcpy(out, base, len + 1);
    return rs_push_all(out, &len, &floor, path, false);
}

/* A path as given on the command line or by discovery, normalised lexically ("" for "."). */
static char *rs_norm_given(dc_arena *a, const char *p) {
    char out[RS_PATH_MAX];
    size_t len = 0, floor = 0;
    if (*p == '/') {
        out[len++] = '/';
        floor = 1;
        while (*p == '/') p++;
    }
    out[len] = 0;
    if (!rs_push_all(out, &len, &floor, p, true)) return NULL;
    return dc_arena_strndup(a, out, len);
}

const char *rs_display(dc_resolver *r, uint32_t root, const char *rel) {
    const rs_root *rt = &r->roots[root];
    if (!*rel) return *rt->norm ? rt->norm : ".";
    return dc_arena_printf(&r->arena, "%s%s", rt->display, rel);
}

/* ---- lookups ---------------------------------------------------------------------------- */

typedef struct rs_key {
    uint32_t root;
    const char *rel;
} rs_key;

static int rs_key_cmp(uint32_t ra, const char *a, uint32_t rb, const char *b) {
    if (ra != rb) return ra < rb ? -1 : 1;
    return strcmp(a, b);
}

/* bsearch has no context argument: the key carries the resolver. */
typedef struct rs_fkey {
    rs_key k;
    const dc_resolver *r;
} rs_fkey;

static int rs_file_bcmp(const void *key, const void *elem) {
    const rs_fkey *k = key;
    const rs_file *f = &k->r->files.v[*(const int32_t *)elem];
    return rs_key_cmp(k->k.root, k->k.rel, f->root, f->rel);
}

int32_t rs_find_file(const dc_resolver *r, uint32_t root, const char *rel) {
    rs_fkey k = {{root, rel}, r};
    const int32_t *hit = r->nbyname ? bsearch(&k, r->byname, r->nbyname, sizeof *r->byname, rs_file_bcmp) : NULL;
    return hit ? *hit : -1;
}

static int rs_dir_bcmp(const void *key, const void *elem) {
    const rs_key *k = key;
    const rs_dir *d = elem;
    return rs_key_cmp(k->root, k->rel, d->root, d->rel);
}

int32_t rs_find_dir(const dc_resolver *r, uint32_t root, const char *rel) {
    rs_key k = {root, rel};
    const rs_dir *hit = r->dirs.len ? bsearch(&k, r->dirs.v, r->dirs.len, sizeof *r->dirs.v, rs_dir_bcmp) : NULL;
    return hit ? (int32_t)(hit - r->dirs.v) : -1;
}

rs_strs rs_strs_dup(dc_arena *a, const char *const *v, uint32_t n) {
    rs_strs s = {NULL, n};
    if (!n) return s;
    s.v = dc_arena_alloc(a, n * sizeof *s.v);
    for (uint32_t i = 0; i < n; i++) s.v[i] = dc_arena_strdup(a, v[i]);
    return s;
}

/* ---- guarded reads of config files ------------------------------------------------------ */

static bool rs_fs_path(const dc_resolver *r, uint32_t root, const char *rel, char *out, size_t cap) {
    int n = *rel ? snprintf(out, cap, "%s/%s", r->roots[root].fs, rel) : snprintf(out, cap, "%s", r->roots[root].fs);
    return n > 0 && (size_t)n < cap;
}

static bool rs_inside(const char *real, const char *root_real) {
    size_t n = strlen(root_real);
    if (n == 1 && root_real[0] == '/') return real[0] == '/';
    return strncmp(real, root_real, n) == 0 && (real[n] == '/' || real[n] == 0);
}

rs_probe_result rs_probe(dc_resolver *r, uint32_t root, const char *rel) {
    char fs[PATH_MAX];
    struct stat st;
    if (!r->roots[root].real || !rs_fs_path(r, root, rel, fs, sizeof fs)) return RS_ABSENT;
    r->stats.stat_calls++;
    if (stat(fs, &st) != 0) {
        if (errno != ELOOP) return RS_ABSENT;
        dc_diag(DC_DIAG_WARNING, rs_display(r, root, rel), 0, 0, "symbolic link loop; ignored for import resolution");
        return RS_REFUSED;
    }
    if (S_ISDIR(st.st_mode)) return RS_ABSENT;
    if (!S_ISREG(st.st_mode)) {
        dc_diag(DC_DIAG_WARNING, rs_display(r, root, rel), 0, 0, "not a regular file; ignored for import resolution");
        return RS_REFUSED;
    }
    char *real = realpath(fs, NULL);
    bool inside = real && rs_inside(real, r->roots[root].real);
    free(real);
    if (!inside) {
        dc_diag(DC_DIAG_WARNING, rs_display(r, root, rel), 0, 0,
                "leads outside the scanned tree; not read (only files inside the tree are read for import resolution)");
        return RS_REFUSED;
    }
    return RS_PRESENT;
}

/* A config file, opened below its root's directory with no symbolic link followed on the way
 * (common/fileio.h): the probe saw where it leads, but the tree may change since. */
bool rs_read(dc_resolver *r, uint32_t root, const char *rel, char **out, size_t *len) {
    struct stat st;
    /* O_NONBLOCK: a FIFO swapped in after the probe must not block the run. */
    int dirfd = open(r->roots[root].fs, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int fd = dirfd < 0 ? -1 : dc_file_open_nofollow(dirfd, rel, O_RDONLY | O_NONBLOCK | O_NOCTTY, 0, true);
    int err = errno;
    if (dirfd >= 0) close(dirfd);
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (off_t)RS_CONFIG_MAX) {
        const char *why = fd >= 0                          ? "not a regular file of at most 1 MB"
                          : err == ELOOP || err == EXDEV ? "reached through a symbolic link; not read"
                                                         : strerror(err);
        dc_diag(DC_DIAG_WARNING, rs_display(r, root, rel), 0, 0, "%s; ignored for import resolution", why);
        if (fd >= 0) close(fd);
        return false;
    }
    dc_buf b = DC_BUF_INIT;
    char tmp[16384];
    ssize_t n;
    while ((n = read(fd, tmp, sizeof tmp)) > 0 && b.len <= RS_CONFIG_MAX) dc_buf_add(&b, tmp, (size_t)n);
    close(fd);
    r->stats.configs_read++;
    *len = b.len;
    *out = dc_buf_detach(&b);
    return true;
}

/* ---- construction: roots, files, directories -------------------------------------------- */

static void rs_roots_init(dc_resolver *r, const dc_project_input *in) {
    r->nroots = (uint32_t)in->nroots;
    r->roots = dc_arena_alloc(&r->arena, (in->nroots ? in->nroots : 1) * sizeof *r->roots);
    for (uint32_t i = 0; i < r->nroots; i++) {
        rs_root *rt = &r->roots[i];
        const char *given = in->roots[i];
        struct stat st;
        rt->norm = rs_norm_given(&r->arena, given);
        if (!rt->norm || stat(given, &st) != 0 || !S_ISDIR(st.st_mode)) {
            rt->norm = NULL; /* not a directory: no file lies "inside" it */
            continue;
        }
        size_t n = strlen(given);
        while (n > 1 && given[n - 1] == '/') n--;
        rt->fs = n ? dc_arena_strndup(&r->arena, given, n) : ".";
        rt->display = !*rt->norm ? "" : strcmp(rt->norm, "/") == 0 ? "/" : dc_arena_printf(&r->arena, "%s/", rt->norm);
        rt->real = realpath(given, NULL);
    }
}

/* The outermost directory root holding `norm`; its rel part through *rel. */
static int32_t rs_root_of(const dc_resolver *r, const char *norm, const char **rel) {
    int32_t best = -1;
    size_t best_len = 0;
    for (uint32_t i = 0; i < r->nroots; i++) {
        const char *rn = r->roots[i].norm;
        if (!rn) continue;
        size_t n = strlen(rn);
        const char *rest;
        if (n == 0) {
            if (norm[0] == '/' || strcmp(norm, "..") == 0 || strncmp(norm, "../", 3) == 0 || !*norm) continue;
            rest = norm;
        } else if (strcmp(rn, "/") == 0) {
            if (norm[0] != '/' || !norm[1]) continue;
            rest = norm + 1;
        } else {
            if (strncmp(norm, rn, n) != 0 || norm[n] != '/' || !norm[n + 1]) continue;
            rest = norm + n + 1;
        }
        if (best < 0 || n < best_len) best = (int32_t)i, best_len = n, *rel = rest;
    }
    return best;
}

static int rs_byname_cmp(const void *a, const void *b, void *ctx) {
    const dc_resolver *r = ctx;
    const rs_file *x = &r->files.v[*(const int32_t *)a], *y = &r->files.v[*(const int32_t *)b];
    int c = rs_key_cmp(x->root, x->rel, y->root, y->rel);
    return c ? c : (*(const int32_t *)a < *(const int32_t *)b ? -1 : 1);
}

static bool rs_is_py(const char *rel) { return dc_str_ends_with(rel, ".py"); }
static bool rs_is_tsfam(const char *rel) {
    for (size_t i = 0; i < RS_NEXTS; i++)
        if (dc_str_ends_with(rel, rs_ts_exts[i])) return true;
    return false;
}

static void rs_files_init(dc_resolver *r, const dc_project_input *in) {
    dc_vec_reserve(&r->files, (uint32_t)in->nfiles);
    r->byname = dc_xmalloc((in->nfiles ? in->nfiles : 1) * sizeof *r->byname);
    for (size_t i = 0; i < in->nfiles; i++) {
        rs_file f = {dc_arena_strdup(&r->arena, in->files[i]), "", 0, -1};
        const char *norm = rs_norm_given(&r->arena, in->files[i]), *rel = NULL;
        int32_t root = norm ? rs_root_of(r, norm, &rel) : -1;
        if (root >= 0) {
            f.root = (uint32_t)root, f.rel = rel, f.dir = 0; /* inside a root: set by rs_dirs_init */
            r->byname[r->nbyname++] = (int32_t)i;
            r->roots[root].has_py |= rs_is_py(rel);
            r->roots[root].has_ts |= rs_is_tsfam(rel);
        }
        dc_vec_push(&r->files, f);
    }
    qsort_r(r->byname, r->nbyname, sizeof *r->byname, rs_byname_cmp, r);
    /* Two handed-in paths naming one rel (e.g. "a.ts" and "./a.ts"): the first id stays. */
    uint32_t k = 0;
    for (uint32_t i = 0; i < r->nbyname; i++) {
        const rs_file *f = &r->files.v[r->byname[i]];
        if (k && rs_key_cmp(f->root, f->rel, r->files.v[r->byname[k - 1]].root, r->files.v[r->byname[k - 1]].rel) == 0)
            continue;
        r->byname[k++] = r->byname[i];
    }
    r->nbyname = k;
}

/* A directory name as a view into a file's rel path (no copy until it is known unique). */
typedef struct rs_dview {
    uint32_t root, len;
    const char *p;
} rs_dview;

static int rs_dview_cmp(const void *a, const void *b) {
    const rs_dview *x = a, *y = b;
    if (x->root != y->root) return x->root < y->root ? -1 : 1;
    int c = memcmp(x->p, y->p, x->len < y->len ? x->len : y->len);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

static void rs_dirs_init(dc_resolver *r) {
    DC_VEC(rs_dview) views = {0};
    for (uint32_t i = 0; i < r->nroots; i++)
        if (r->roots[i].norm) dc_vec_push(&views, ((rs_dview){i, 0, ""}));
    for (uint32_t i = 0; i < r->nbyname; i++) {
        const rs_file *f = &r->files.v[r->byname[i]];
        for (const char *s = strchr(f->rel, '/'); s; s = strchr(s + 1, '/'))
            dc_vec_push(&views, ((rs_dview){f->root, (uint32_t)(s - f->rel), f->rel}));
    }
    if (views.len) qsort(views.v, views.len, sizeof *views.v, rs_dview_cmp);
    for (uint32_t i = 0; i < views.len; i++) {
        if (i && rs_dview_cmp(&views.v[i], &views.v[i - 1]) == 0) continue;
        rs_dir d = {views.v[i].root, dc_arena_strndup(&r->arena, views.v[i].p, views.v[i].len), -1, -1, -1, -1, -1, -1,
                    false, false};
        dc_vec_push(&r->dirs, d);
    }
    dc_vec_free(&views);
    char buf[RS_PATH_MAX];
    for (uint32_t i = 0; i < r->dirs.len; i++) {
        rs_dir *d = &r->dirs.v[i];
        const char *slash = strrchr(d->rel, '/');
        if (!*d->rel) continue;
        size_t n = slash ? (size_t)(slash - d->rel) : 0;
        memcpy(buf, d->rel, n);
        buf[n] = 0;
        d->parent = rs_find_dir(r, d->root, buf);
    }
    for (uint32_t i = 0; i < r->files.len; i++) {
        rs_file *f = &r->files.v[i];
        if (f->dir < 0) continue;
        const char *slash = strrchr(f->rel, '/');
        size_t n = slash ? (size_t)(slash - f->rel) : 0;
        memcpy(buf, f->rel, n);
        buf[n] = 0;
        f->dir = rs_find_dir(r, f->root, buf);
    }
}

dc_resolver *dc_resolver_new(const dc_project_input *in) {
    dc_resolver *r = dc_xcalloc(1, sizeof *r);
    dc_arena_init(&r->arena, 64 * 1024);
    rs_roots_init(r, in);
    rs_files_init(r, in);
    rs_dirs_init(r);
    /* Workspaces before tsconfigs: a relative directory import may read a package.json, and
     * both are per-directory tables filled in path order (warnings come out in that order). */
    rs_workspace_build(r);
    rs_tsconfig_build(r);
    rs_python_build(r);
    r->stats.files = (uint32_t)r->files.len;
    r->stats.dirs = r->dirs.len;
    r->stats.roots = r->nroots;
    return r;
}

void dc_resolver_free(dc_resolver *r) {
    if (!r) return;
    rs_tsconfig_free(r);
    for (uint32_t i = 0; i < r->pkgs.len; i++) dc_vec_free(&r->pkgs.v[i].members);
    dc_vec_free(&r->pkgs);
    for (uint32_t i = 0; i < r->nroots; i++) free(r->roots[i].real);
    dc_vec_free(&r->files);
    dc_vec_free(&r->dirs);
    free(r->byname);
    free(r->pyprojects);
    dc_arena_free(&r->arena);
    free(r);
}

size_t dc_resolver_nfiles(const dc_resolver *r) { return r->files.len; }
const char *dc_resolver_path(const dc_resolver *r, uint32_t file) {
    return file < r->files.len ? r->files.v[file].path : NULL;
}
dc_resolver_stats dc_resolver_get_stats(const dc_resolver *r) { return r->stats; }

/* ---- patterns (tsconfig paths keys, exports subpath keys) --------------------------------- */

bool rs_pat_split(dc_arena *a, const char *key, rs_pat *out) {
    const char *star = strchr(key, '*');
    memset(out, 0, sizeof *out);
    if (!star) {
        out->prefix = dc_arena_strdup(a, key);
        return true;
    }
    if (strchr(star + 1, '*')) return false;
    out->prefix = dc_arena_strndup(a, key, (size_t)(star - key));
    out->suffix = dc_arena_strdup(a, star + 1);
    return true;
}

bool rs_pat_match(const rs_pat *p, const char *spec, const char **star, size_t *star_len) {
    size_t n = strlen(spec), pl = strlen(p->prefix);
    if (!p->suffix) {
        *star = spec + n, *star_len = 0;
        return strcmp(spec, p->prefix) == 0;
    }
    size_t sl = strlen(p->suffix);
    if (n < pl + sl || strncmp(spec, p->prefix, pl) != 0 || strcmp(spec + n - sl, p->suffix) != 0) return false;
    *star = spec + pl, *star_len = n - pl - sl;
    return true;
}

bool rs_pat_subst(char *out, const char *target, const char *star, size_t star_len) {
    const char *s = strchr(target, '*');
    size_t tl = strlen(target);
    if (!s) {
        if (tl + 1 > RS_PATH_MAX) return false;
        memcpy(out, target, tl + 1);
        return true;
    }
    size_t head = (size_t)(s - target);
    if (tl - 1 + star_len + 1 > RS_PATH_MAX) return false;
    memcpy(out, target, head);
    memcpy(out + head, star, star_len);
    memcpy(out + head + star_len, s + 1, tl - head); /* includes the NUL */
    return true;
}

/* ---- TypeScript rule 1 ---------------------------------------------------------------------- */

static bool rs_is_declaration(const char *rel) {
    return dc_str_ends_with(rel, ".d.ts") || dc_str_ends_with(rel, ".d.mts") || dc_str_ends_with(rel, ".d.cts");
}

/* A scanned, non-declaration file named base+ext. */
static int32_t rs_try(const dc_resolver *r, uint32_t root, const char *base, size_t blen, const char *ext) {
    char p[RS_PATH_MAX];
    size_t el = strlen(ext);
    if (blen + el + 1 > sizeof p) return -1;
    memcpy(p, base, blen);
    memcpy(p + blen, ext, el + 1);
    return rs_is_declaration(p) ? -1 : rs_find_file(r, root, p);
}

static int32_t rs_ts_file(const dc_resolver *r, uint32_t root, const char *rel) {
    static const char *const subst[][3] = {
        {".js", ".ts", ".tsx"}, {".jsx", ".tsx", NULL}, {".mjs", ".mts", NULL}, {".cjs", ".cts", NULL}};
    size_t n = strlen(rel);
    int32_t id;
    if (!n) return -1;
    for (size_t i = 0; i < sizeof subst / sizeof subst[0]; i++) {
        if (!dc_str_ends_with(rel, subst[i][0])) continue;
        size_t blen = n - strlen(subst[i][0]);
        for (int k = 1; k < 3 && subst[i][k]; k++)
            if ((id = rs_try(r, root, rel, blen, subst[i][k])) >= 0) return id;
        return rs_try(r, root, rel, n, "");
    }
    if (rs_is_tsfam(rel) && (id = rs_try(r, root, rel, n, "")) >= 0) return id;
    for (size_t i = 0; i < RS_NEXTS; i++)
        if ((id = rs_try(r, root, rel, n, rs_ts_exts[i])) >= 0) return id;
    return -1;
}

/* index.<ext> in directory `rel` (prefix "src/" when src_too is the first try). */
static int32_t rs_ts_index(const dc_resolver *r, uint32_t root, const char *rel, const char *sub) {
    char p[RS_PATH_MAX];
    int n = snprintf(p, sizeof p, "%s%s%sindex", rel, *rel ? "/" : "", sub);
    if (n <= 0 || (size_t)n >= sizeof p) return -1;
    for (size_t i = 0; i < RS_NEXTS; i++) {
        int32_t id = rs_try(r, root, p, (size_t)n, rs_ts_exts[i]);
        if (id >= 0) return id;
    }
    return -1;
}

/* follow_pkg: read a package.json in the directory; false inside a package's own entry
 * candidates, so "main": "." cannot recurse. */
static int32_t rs_ts_path_ex(const dc_resolver *r, uint32_t root, const char *rel, bool follow_pkg) {
    int32_t id = rs_ts_file(r, root, rel);
    if (id >= 0) return id;
    int32_t d = rs_find_dir(r, root, rel);
    if (d < 0) return -1;
    if (follow_pkg && r->dirs.v[d].pkg >= 0) return rs_pkg_entry(r, &r->pkgs.v[r->dirs.v[d].pkg]);
    return rs_ts_index(r, root, rel, "");
}

int32_t rs_ts_path(const dc_resolver *r, uint32_t root, const char *rel) { return rs_ts_path_ex(r, root, rel, true); }

/* Package entry candidates (TS rule 4): each as a file or a directory's index, never another
 * package.json; then src/index.<ext>, index.<ext>. */
int32_t rs_pkg_entry(const dc_resolver *r, const rs_pkg *pkg) {
    const rs_dir *d = &r->dirs.v[pkg->dir];
    char p[RS_PATH_MAX];
    for (uint32_t i = 0; i < pkg->entry.n; i++) {
        if (!rs_join(p, d->rel, pkg->entry.v[i]) || rs_is_declaration(p)) continue;
        int32_t id = rs_ts_path_ex(r, d->root, p, false);
        if (id >= 0) return id;
    }
    int32_t id = rs_ts_index(r, d->root, d->rel, "src/");
    return id >= 0 ? id : rs_ts_index(r, d->root, d->rel, "");
}

/* ---- TypeScript queries --------------------------------------------------------------------- */

static bool rs_is_relative(const char *s) {
    return strcmp(s, ".") == 0 || strcmp(s, "..") == 0 || strncmp(s, "./", 2) == 0 || strncmp(s, "../", 3) == 0;
}

static const rs_pat *rs_best_pattern(const rs_tsfinal *fin, const char *spec, const char **star, size_t *star_len) {
    const rs_pat *best = NULL;
    for (uint32_t i = 0; i < fin->npats; i++) {
        const rs_pat *p = &fin->pats[i];
        const char *s;
        size_t sl;
        if (!rs_pat_match(p, spec, &s, &sl)) continue;
        if (!p->suffix) { /* an exact key wins over every pattern */
            *star = s, *star_len = sl;
            return p;
        }
        if (!best || strlen(p->prefix) > strlen(best->prefix)) best = p, *star = s, *star_len = sl;
    }
    return best;
}

/* compilerOptions.paths, then baseUrl (TS rule 2). */
static bool rs_ts_mapped(const dc_resolver *r, uint32_t root, const rs_tsfinal *fin, const char *spec, dc_resolution *res) {
    const char *star = NULL;
    size_t star_len = 0;
    char sub[RS_PATH_MAX], p[RS_PATH_MAX];
    const rs_pat *pat = rs_best_pattern(fin, spec, &star, &star_len);
    if (pat) {
        res->config = fin->display;
        /* A catch-all "*" key maps package names too: failing through it says nothing. */
        if (*pat->prefix || !pat->suffix) res->status = DC_RESOLVE_NOT_FOUND, res->via = DC_VIA_PATHS;
        for (uint32_t i = 0; i < pat->targets.n; i++) {
            if (!rs_pat_subst(sub, pat->targets.v[i], star, star_len) || !rs_join(p, "", sub)) continue;
            int32_t id = rs_ts_path(r, root, p);
            if (id >= 0) {
                *res = (dc_resolution){DC_RESOLVE_FOUND, id, DC_VIA_PATHS, fin->display};
                return true;
            }
        }
    }
    if (fin->base_url && rs_join(p, fin->base_url, spec)) {
        int32_t id = rs_ts_path(r, root, p);
        if (id >= 0) {
            *res = (dc_resolution){DC_RESOLVE_FOUND, id, DC_VIA_BASEURL, fin->display};
            return true;
        }
    }
    return false;
}

dc_resolution dc_resolve_ts(const dc_resolver *r, uint32_t from, const char *spec) {
    dc_resolution res = {DC_RESOLVE_NOT_FOUND, -1, DC_VIA_NONE, NULL};
    if (from >= r->files.len || !spec || !*spec) return res;
    const rs_file *f = &r->files.v[from];
    bool rel = rs_is_relative(spec);
    if (f->dir < 0 || spec[0] == '/') {
        if (!rel && spec[0] != '/') res.status = DC_RESOLVE_PACKAGE;
        return res;
    }
    const rs_dir *d = &r->dirs.v[f->dir];
    if (rel) {
        char p[RS_PATH_MAX];
        res.via = DC_VIA_RELATIVE;
        if (rs_join(p, d->rel, spec) && (res.file = rs_ts_path(r, f->root, p)) >= 0) res.status = DC_RESOLVE_FOUND;
        return res;
    }
    res.status = DC_RESOLVE_PACKAGE;
    if (d->ts >= 0 && rs_ts_mapped(r, f->root, rs_tsconfig_final(r, d->ts), spec, &res)) return res;
    if (rs_workspace_resolve(r, f->dir, spec, &res)) return res;
    return res;
}
