/* test_resolve.c: module resolution (project/resolve.h), one test per rule.
 *
 * The checked-in trees under tests/projects/resolve/ are scanned with the real discovery
 * (so the resolver sees exactly what the project phase will hand it) and queried by path.
 * What cannot be checked in (symbolic-link loops, a FIFO, node_modules, an extends chain of 70,
 * 10,000 files) is built in a mkdtemp directory under /tmp and removed after. */
#include "project/resolve.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "discover/discover.h"
#include "common/diag.h"
#include "project/jsonc.h"
#include "tests/unit/check.h"

/* ---- harness ------------------------------------------------------------------------------ */

static dc_buf diag_out = DC_BUF_INIT;
static int diag_warnings, diag_errors; /* messages captured, by level (diag itself only prints) */

static void capture_printer(dc_diag_level level, const char *location, const char *message, void *ctx) {
    (void)ctx;
    diag_warnings += level == DC_DIAG_WARNING;
    diag_errors += level == DC_DIAG_ERROR;
    dc_buf_printf(&diag_out, "%s%s%s\n", level == DC_DIAG_WARNING ? "warning: " : "", location, message);
}

typedef struct proj {
    char *root;
    dc_file_list files;
    const char **paths;
    dc_resolver *r;
} proj;

/* Discovers `root` like the CLI does and builds a resolver; warnings go to diag_out. */
static proj proj_open(const char *root) {
    proj p = {dc_xstrdup(root), {0}, NULL, NULL};
    dc_notice_list notices = {0};
    dc_walk_opts opts = {.no_ignore = true};
    const char *roots[] = {root};
    dc_discover(roots, 1, &opts, &p.files, &notices);
    dc_notice_list_free(&notices);
    p.paths = dc_xcalloc(p.files.len + 1, sizeof *p.paths);
    for (uint32_t i = 0; i < p.files.len; i++) p.paths[i] = p.files.v[i].path;
    dc_buf_reset(&diag_out);
    dc_diag_set_printer(capture_printer, NULL);
    dc_project_input in = {roots, 1, p.paths, p.files.len};
    p.r = dc_resolver_new(&in);
    dc_diag_set_printer(NULL, NULL);
    return p;
}

static void proj_close(proj *p) {
    dc_resolver_free(p->r);
    dc_file_list_free(&p->files);
    free(p->paths);
    free(p->root);
}

/* The id of root/rel; aborts the test binary when the fixture lacks it (a broken fixture). */
static uint32_t id_of(const proj *p, const char *rel) {
    size_t rl = strlen(p->root);
    for (uint32_t i = 0; i < p->files.len; i++) {
        const char *d = p->files.v[i].display;
        if (strncmp(d, p->root, rl) == 0 && d[rl] == '/' && strcmp(d + rl + 1, rel) == 0) return i;
    }
    fprintf(stderr, "fixture file missing: %s/%s\n", p->root, rel);
    exit(2);
}

/* A resolution as text: the target relative to the root, or "PACKAGE" / "NOT_FOUND". */
static char answer[4096];
static const char *show(const proj *p, dc_resolution res) {
    if (res.status == DC_RESOLVE_PACKAGE) return "PACKAGE";
    if (res.status == DC_RESOLVE_NOT_FOUND) return "NOT_FOUND";
    const char *d = p->files.v[res.file].display;
    snprintf(answer, sizeof answer, "%s", d + strlen(p->root) + 1);
    return answer;
}

static const char *ts(const proj *p, const char *from, const char *spec) {
    return show(p, dc_resolve_ts(p->r, id_of(p, from), spec));
}

static const char *py(const proj *p, const char *from, const char *module) {
    return show(p, dc_resolve_py(p->r, id_of(p, from), module));
}

static bool diag_has(const char *needle) { return strstr(dc_buf_cstr(&diag_out), needle) != NULL; }

/* ---- temporary trees ----------------------------------------------------------------------- */

static char *tmp_make(void) {
    char t[] = "/tmp/dc-resolve-XXXXXX";
    if (!mkdtemp(t)) {
        perror("mkdtemp");
        exit(1);
    }
    return dc_xstrdup(t);
}

static void rm_rf(const char *path) {
    struct stat st;
    if (lstat(path, &st) != 0) return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *e;
        while (d && (e = readdir(d))) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
            dc_buf c = DC_BUF_INIT;
            dc_buf_printf(&c, "%s/%s", path, e->d_name);
            rm_rf(c.p);
            dc_buf_free(&c);
        }
        if (d) closedir(d);
        rmdir(path);
    } else {
        unlink(path);
    }
}

/* Writes dir/rel (creating its directories). */
static void put(const char *dir, const char *rel, const char *text) {
    dc_buf p = DC_BUF_INIT;
    dc_buf_printf(&p, "%s/%s", dir, rel);
    for (char *s = strchr(p.p + strlen(dir) + 1, '/'); s; s = strchr(s + 1, '/')) {
        *s = 0;
        mkdir(p.p, 0755);
        *s = '/';
    }
    FILE *f = fopen(p.p, "w");
    if (!f) {
        perror(p.p);
        exit(1);
    }
    fputs(text, f);
    fclose(f);
    dc_buf_free(&p);
}

/* ---- JSONC --------------------------------------------------------------------------------- */

DC_TEST(jsonc_blanks_comments_and_trailing_commas_keeping_offsets) {
    char s[] = "\xEF\xBB\xBF{ // c\n \"a\": \"//not/*\", /* x\n y */ \"b\": [1, 2,], }";
    size_t n = strlen(s);
    dc_jsonc_blank(s, n);
    CHECK_EQ_INT(strlen(s), n);
    CHECK_EQ_STR(s, "   {     \n \"a\": \"//not/*\",     \n      \"b\": [1, 2 ]  }");
    json_t *j = dc_jsonc_load("t.json", "{\"a\": 1,} // end", 16, false, "ignored");
    CHECK(j && json_integer_value(json_object_get(j, "a")) == 1);
    json_decref(j);
    CHECK_EQ_INT(dc_jsonc_key_line("{\n // \"extends\": 1\n \"extends\" : \"x\"}", 35, "extends"), 3);
}

/* Any input (unterminated strings and comments, lone slashes): same length, newlines kept, and
 * every changed byte became a space. */
DC_TEST(jsonc_blank_never_moves_bytes) {
    static const char alphabet[] = "/*\"\\,}]\na \r";
    unsigned seed = 12345;
    int bad = 0;
    for (int round = 0; round < 5000; round++) {
        char in[65], out[65];
        size_t n = (size_t)(round % 65);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            in[i] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
        }
        memcpy(out, in, n);
        dc_jsonc_blank(out, n);
        for (size_t i = 0; i < n; i++)
            bad += out[i] != in[i] && (out[i] != ' ' || in[i] == '\n');
    }
    CHECK_EQ_INT(bad, 0);
}

DC_TEST(jsonc_errors_keep_file_line_column) {
    dc_buf_reset(&diag_out);
    dc_diag_set_printer(capture_printer, NULL);
    const char *t = "{\n  /* a comment */ \"x\": 1,\n  \"y\": \n}\n";
    json_t *j = dc_jsonc_load("cfg.json", t, strlen(t), false, "what follows");
    CHECK(j == NULL);
    CHECK(diag_has("warning: cfg.json:4:1: not valid JSON: "));
    CHECK(diag_has("; what follows"));
    j = dc_jsonc_load("e.json", "  // only a comment\n", 20, true, "x");
    CHECK(json_is_object(j) && json_object_size(j) == 0);
    json_decref(j);
    j = dc_jsonc_load("e.json", "  // only a comment\n", 20, false, "x");
    CHECK(j == NULL);
    CHECK(diag_has("warning: e.json:2: not valid JSON: '[' or '{' expected near end of file; x"));
    dc_diag_set_printer(NULL, NULL);
}

/* ---- TypeScript: relative specifiers (rule 1) --------------------------------------------------- */

DC_TEST(ts_relative_extensions_and_index) {
    proj p = proj_open("projects/resolve/ts-paths");
    const char *from = "src/esm/importer.ts";
    CHECK_EQ_STR(ts(&p, from, "./a"), "src/esm/a.ts");
    CHECK_EQ_STR(ts(&p, from, "./a.js"), "src/esm/a.ts");     /* node16/bundler: .js names the .ts */
    CHECK_EQ_STR(ts(&p, from, "./a.ts"), "src/esm/a.ts");
    CHECK_EQ_STR(ts(&p, from, "./b.mjs"), "src/esm/b.mts");
    CHECK_EQ_STR(ts(&p, from, "./b"), "src/esm/b.mts");
    CHECK_EQ_STR(ts(&p, from, "./c.cjs"), "src/esm/c.cts");
    CHECK_EQ_STR(ts(&p, from, "./d.jsx"), "src/esm/d.tsx");
    CHECK_EQ_STR(ts(&p, from, "./d.js"), "src/esm/d.tsx");
    CHECK_EQ_STR(ts(&p, from, "./e"), "src/esm/e.js");
    CHECK_EQ_STR(ts(&p, from, "./e.js"), "src/esm/e.js");
    CHECK_EQ_STR(ts(&p, from, "./f"), "src/esm/f.jsx");
    CHECK_EQ_STR(ts(&p, from, "./g"), "src/esm/g.mjs");
    CHECK_EQ_STR(ts(&p, from, "./h.cjs"), "src/esm/h.cjs");
    CHECK_EQ_STR(ts(&p, from, "./user.service"), "src/esm/user.service.ts");
    CHECK_EQ_STR(ts(&p, from, "../dirmod"), "src/dirmod/index.tsx");
    CHECK_EQ_STR(ts(&p, from, "../dirmod/"), "src/dirmod/index.tsx");
    CHECK_EQ_STR(ts(&p, from, ".."), "src/index.ts");
    CHECK_EQ_STR(ts(&p, "src/index.ts", "."), "src/index.ts");
    CHECK_EQ_STR(ts(&p, from, "../both"), "src/both.ts");   /* .ts before .js */
    CHECK_EQ_STR(ts(&p, from, "../both.js"), "src/both.ts");
    CHECK_EQ_STR(ts(&p, from, "../types"), "NOT_FOUND");     /* declaration files are no target */
    CHECK_EQ_STR(ts(&p, from, "../localpkg"), "src/localpkg/lib/main.ts"); /* directory package.json */
    CHECK_EQ_STR(ts(&p, from, "./.././esm//a"), "src/esm/a.ts");
    CHECK_EQ_STR(ts(&p, from, "./nope"), "NOT_FOUND");
    CHECK_EQ_STR(ts(&p, from, "../../../../outside"), "NOT_FOUND"); /* leaves the tree */
    CHECK_EQ_STR(ts(&p, from, "../../../../../../../../x"), "NOT_FOUND");
    dc_resolution res = dc_resolve_ts(p.r, id_of(&p, from), "./a");
    CHECK_EQ_INT(res.via, DC_VIA_RELATIVE);
    CHECK(res.config == NULL);
    proj_close(&p);
}

/* ---- TypeScript: paths, baseUrl, extends (rule 2) ----------------------------------------------- */

DC_TEST(ts_paths_with_comments_trailing_commas_and_extends_without_json) {
    proj p = proj_open("projects/resolve/ts-paths");
    const char *from = "src/app/api/tools/route.ts";
    CHECK_EQ_STR(dc_buf_cstr(&diag_out), "");
    CHECK_EQ_STR(ts(&p, from, "@/lib/composio"), "src/lib/composio.ts");
    dc_resolution res = dc_resolve_ts(p.r, id_of(&p, from), "@/lib/composio");
    CHECK_EQ_INT(res.via, DC_VIA_PATHS);
    CHECK_EQ_STR(res.config, "projects/resolve/ts-paths/tsconfig.json");
    CHECK_EQ_STR(ts(&p, from, "@/lib/composio.js"), "src/lib/composio.ts");
    CHECK_EQ_STR(ts(&p, from, "@lib"), "src/lib/index.ts");          /* an exact key */
    CHECK_EQ_STR(ts(&p, from, "@lib/x"), "src/lib/deep/x.ts");
    CHECK_EQ_STR(ts(&p, from, "@/esm/thing"), "src/alt/thing.ts");    /* "@/esm/" is longer than "@/" */
    CHECK_EQ_STR(ts(&p, from, "@/esm/a"), "NOT_FOUND");               /* ...and the shorter key is not tried after it */
    CHECK_EQ_STR(ts(&p, from, "@/lib"), "src/lib/index.ts");          /* a directory's index */
    CHECK_EQ_STR(ts(&p, from, "@multi/thing"), "src/alt/thing.ts");   /* second target */
    CHECK_EQ_STR(ts(&p, from, "@/nope"), "NOT_FOUND");                /* mapped, but no file */
    CHECK_EQ_STR(ts(&p, from, "@out/x"), "NOT_FOUND");                /* target leaves the tree */
    CHECK_EQ_STR(ts(&p, from, "@/../../../x"), "NOT_FOUND");
    /* baseUrl "." from the extended config: bare paths below the root. */
    CHECK_EQ_STR(ts(&p, from, "src/lib/composio"), "src/lib/composio.ts");
    res = dc_resolve_ts(p.r, id_of(&p, from), "src/lib/composio");
    CHECK_EQ_INT(res.via, DC_VIA_BASEURL);
    CHECK_EQ_STR(ts(&p, from, "@composio/core"), "PACKAGE");
    CHECK_EQ_STR(ts(&p, from, "node:fs"), "PACKAGE");
    CHECK_EQ_STR(ts(&p, from, "/etc/passwd"), "NOT_FOUND");
    CHECK_EQ_STR(ts(&p, from, ""), "NOT_FOUND");
    proj_close(&p);
}

DC_TEST(ts_extends_arrays_relative_bases_and_config_dir) {
    proj p = proj_open("projects/resolve/ts-extends");
    CHECK_EQ_STR(dc_buf_cstr(&diag_out), "");
    /* ["./configs/a.json", "./configs/b"]: b's paths replace a's; targets relative to configs/. */
    CHECK_EQ_STR(ts(&p, "apps/web/page.ts", "@b/b"), "src/b/b.ts");
    CHECK_EQ_STR(ts(&p, "apps/web/page.ts", "@a/a"), "PACKAGE");
    /* ${configDir}: the directory of the config in use, not of the one declaring paths. */
    CHECK_EQ_STR(ts(&p, "packages/p/src/main.ts", "#/util"), "packages/p/src/util.ts");
    /* paths without baseUrl stay relative to the config declaring them (the root's). */
    CHECK_EQ_STR(ts(&p, "packages/q/main.ts", "~/a/a"), "src/a/a.ts");
    proj_close(&p);
}

DC_TEST(ts_solution_style_references_and_jsconfig) {
    proj p = proj_open("projects/resolve/ts-solution");
    CHECK_EQ_STR(ts(&p, "src/App.tsx", "@/lib/composio"), "src/lib/composio.ts");
    dc_resolution res = dc_resolve_ts(p.r, id_of(&p, "src/App.tsx"), "@/lib/composio");
    CHECK_EQ_STR(res.config, "projects/resolve/ts-solution/tsconfig.app.json");
    proj_close(&p);
    p = proj_open("projects/resolve/jsconfig");
    CHECK_EQ_STR(ts(&p, "src/pages/index.jsx", "@/lib/composio"), "src/lib/composio.js");
    CHECK_EQ_STR(ts(&p, "src/pages/index.jsx", "lib/composio"), "src/lib/composio.js"); /* baseUrl "src" */
    proj_close(&p);
}

/* ---- TypeScript: workspaces and package entries (rules 3, 4) ------------------------------------- */

DC_TEST(ts_npm_workspaces_entries_and_subpaths) {
    proj p = proj_open("projects/resolve/ws-npm");
    const char *from = "apps/web/src/page.ts";
    CHECK_EQ_STR(dc_buf_cstr(&diag_out), "");
    CHECK_EQ_STR(ts(&p, from, "@acme/shared"), "packages/shared/src/index.ts"); /* "default" condition */
    dc_resolution res = dc_resolve_ts(p.r, id_of(&p, from), "@acme/shared");
    CHECK_EQ_INT(res.via, DC_VIA_WORKSPACE);
    CHECK_EQ_STR(res.config, "projects/resolve/ws-npm/package.json");
    CHECK_EQ_STR(ts(&p, from, "@acme/shared/lib/client"), "packages/shared/src/lib/client.ts"); /* the "./lib/" pattern */
    CHECK_EQ_STR(ts(&p, from, "@acme/shared/exact"), "packages/shared/src/exact-impl.ts");     /* "require" */
    CHECK_EQ_STR(ts(&p, from, "@acme/util"), "packages/util/src/index.ts");      /* dist/ absent: src/index */
    CHECK_EQ_STR(ts(&p, from, "@acme/util/helpers/h"), "packages/util/src/helpers/h.ts");
    CHECK_EQ_STR(ts(&p, from, "plain-pkg"), "packages/plain/index.js");
    CHECK_EQ_STR(ts(&p, from, "plain-pkg/lib/x"), "packages/plain/lib/x.js");
    CHECK_EQ_STR(ts(&p, from, "main-field"), "packages/main-field/cjs/entry.cjs"); /* module absent: main */
    CHECK_EQ_STR(ts(&p, from, "@acme/ignored"), "PACKAGE");                     /* "!packages/ignored" */
    CHECK_EQ_STR(ts(&p, from, "@acme/shared/nope"), "NOT_FOUND");
    CHECK_EQ_STR(ts(&p, "packages/shared/src/index.ts", "web"), "NOT_FOUND");   /* a member, no entry */
    CHECK_EQ_STR(ts(&p, from, "react"), "PACKAGE");
    proj_close(&p);
}

DC_TEST(ts_yarn_and_pnpm_workspaces) {
    proj p = proj_open("projects/resolve/ws-yarn");
    CHECK_EQ_STR(ts(&p, "app/index.ts", "@y/core"), "libs/group/core/src/main.ts"); /* a "**" glob, "module" */
    proj_close(&p);
    p = proj_open("projects/resolve/ws-pnpm");
    const char *from = "apps/server/src/index.ts";
    CHECK_EQ_STR(ts(&p, from, "@mono/shared"), "packages/shared/src/index.ts");
    CHECK_EQ_STR(ts(&p, from, "@mono/shared/schemas"), "packages/shared/src/schemas/index.ts");
    CHECK_EQ_STR(ts(&p, from, "./services/tools/composio"), "apps/server/src/services/tools/composio/index.ts");
    CHECK_EQ_STR(ts(&p, from, "@mono/dup"), "packages/dup-a/index.ts");     /* first in path order */
    CHECK(diag_has("warning: projects/resolve/ws-pnpm/packages/dup-b/package.json: workspace package name "
                   "\"@mono/dup\" is also used by projects/resolve/ws-pnpm/packages/dup-a/package.json"));
    dc_resolution res = dc_resolve_ts(p.r, id_of(&p, from), "@mono/shared");
    CHECK_EQ_STR(res.config, "projects/resolve/ws-pnpm/pnpm-workspace.yaml");
    dc_resolver_stats st = dc_resolver_get_stats(p.r);
    CHECK_EQ_INT(st.workspace_packages, 2); /* @mono/shared and one @mono/dup */
    proj_close(&p);
}

/* ---- bad input -------------------------------------------------------------------------------- */

DC_TEST(broken_configs_warn_with_location_and_resolve_nothing) {
    proj p = proj_open("projects/resolve/broken");
    if (getenv("DC_TEST_VERBOSE")) fputs(dc_buf_cstr(&diag_out), stderr);
    CHECK(diag_has("warning: projects/resolve/broken/tsconfig.json:4:13: not valid JSON: "));
    CHECK(diag_has("its paths and baseUrl are not used to resolve imports"));
    CHECK(diag_has("warning: projects/resolve/broken/pkgs/bad/package.json:1:4: not valid JSON: "));
    CHECK(diag_has("warning: projects/resolve/broken/loop/a.json:3: extends \"./tsconfig.json\": the extends chain loops"));
    CHECK(diag_has("warning: projects/resolve/broken/missing/tsconfig.json:1: extends \"./nope.json\": no such file"));
    CHECK(diag_has("warning: projects/resolve/broken/notobj/jsconfig.json:1: the top level is not a JSON object"));
    CHECK_EQ_STR(ts(&p, "src/app.ts", "@/lib/x"), "PACKAGE");      /* broken tsconfig: no paths */
    CHECK_EQ_STR(ts(&p, "src/app.ts", "./lib/x"), "src/lib/x.ts");  /* relative imports unaffected */
    CHECK_EQ_STR(ts(&p, "src/app.ts", "good"), "pkgs/good/index.ts");
    CHECK_EQ_STR(ts(&p, "src/app.ts", "bad"), "PACKAGE");
    CHECK_EQ_STR(ts(&p, "loop/m.ts", "@/n"), "PACKAGE");           /* loop: no result */
    CHECK_EQ_STR(ts(&p, "missing/m.ts", "@/n"), "missing/n.ts");    /* missing base: own paths stay */
    CHECK_EQ_STR(ts(&p, "notobj/m.js", "./m"), "notobj/m.js");
    CHECK_EQ_INT(diag_warnings > 0, 1);
    CHECK_EQ_INT(diag_errors, 0); /* bad config never makes the run fail */
    proj_close(&p);
    p = proj_open("projects/resolve/broken-yaml");
    if (getenv("DC_TEST_VERBOSE")) fputs(dc_buf_cstr(&diag_out), stderr);
    CHECK(diag_has("warning: projects/resolve/broken-yaml/pnpm-workspace.yaml:4:1: not valid YAML: found unexpected end of stream"));
    CHECK(diag_has("not valid YAML"));
    CHECK_EQ_STR(ts(&p, "main.ts", "p"), "PACKAGE");
    proj_close(&p);
}

/* ---- Python (rules 5 to 8) --------------------------------------------------------------------- */

DC_TEST(py_absolute_relative_and_package_precedence) {
    proj p = proj_open("projects/resolve/python");
    const char *from = "app/api/routes.py";
    CHECK_EQ_STR(dc_buf_cstr(&diag_out), "");
    CHECK_EQ_STR(py(&p, from, "app.core.clients"), "app/core/clients.py");
    CHECK_EQ_STR(py(&p, from, "app.core"), "app/core/__init__.py");
    CHECK_EQ_STR(py(&p, from, "app.core.pkgmod"), "app/core/pkgmod/__init__.py"); /* package over module */
    CHECK_EQ_STR(py(&p, from, "..core"), "app/core/__init__.py");
    CHECK_EQ_STR(py(&p, from, "..core.deps"), "app/core/deps.py");
    CHECK_EQ_STR(py(&p, "app/core/deps.py", ".clients"), "app/core/clients.py");
    CHECK_EQ_STR(py(&p, "app/core/__init__.py", ".clients"), "app/core/clients.py"); /* __init__: own dir */
    CHECK_EQ_STR(py(&p, "app/core/deps.py", "."), "app/core/__init__.py");
    CHECK_EQ_STR(py(&p, from, "...."), "NOT_FOUND");            /* above the root */
    CHECK_EQ_STR(py(&p, from, "..nope"), "NOT_FOUND");
    CHECK_EQ_STR(py(&p, from, "composio"), "PACKAGE");
    CHECK_EQ_STR(py(&p, from, "app.ns.sub"), "app/ns/sub.py");  /* through a namespace package */
    CHECK_EQ_STR(py(&p, from, "app.ns"), "NOT_FOUND");          /* a namespace package has no file */
    CHECK_EQ_STR(py(&p, from, "app..core"), "PACKAGE");
    dc_resolution res = dc_resolve_py(p.r, id_of(&p, from), "..core");
    CHECK_EQ_INT(res.via, DC_VIA_PY_RELATIVE);
    res = dc_resolve_py(p.r, id_of(&p, from), "app.core");
    CHECK_EQ_INT(res.via, DC_VIA_PY_ABSOLUTE);
    proj_close(&p);
}

DC_TEST(py_project_roots_src_layout_package_root_and_script_dir) {
    proj p = proj_open("projects/resolve/python");
    /* services/svc/pyproject.toml + src/ layout */
    CHECK_EQ_STR(py(&p, "services/svc/tests/test_client.py", "svcpkg.client"), "services/svc/src/svcpkg/client.py");
    /* backend/setup.cfg: `core...` is below backend/ (the suna shape) */
    CHECK_EQ_STR(py(&p, "backend/api.py", "core.composio_integration"),
                 "backend/core/composio_integration/__init__.py");
    /* another project's package, from the root's file */
    CHECK_EQ_STR(py(&p, "app/api/routes.py", "svcpkg"), "services/svc/src/svcpkg/__init__.py");
    /* no marker: the package root (fastapi-server/, first directory up without __init__.py) */
    CHECK_EQ_STR(py(&p, "fastapi-server/src/main.py", "src.app.core.config"), "fastapi-server/src/app/core/config.py");
    /* the importing file's own directory, last */
    CHECK_EQ_STR(py(&p, "scripts/run.py", "helper"), "scripts/helper.py");
    proj_close(&p);
}

DC_TEST(py_from_import_submodule_or_attribute) {
    proj p = proj_open("projects/resolve/python");
    uint32_t from = id_of(&p, "app/api/routes.py");
    dc_py_name n = dc_resolve_py_name(p.r, from, "..core", "deps");
    CHECK_EQ_INT(n.kind, DC_PY_NAME_SUBMODULE);
    CHECK_EQ_INT(n.file, id_of(&p, "app/core/deps.py"));
    CHECK_EQ_INT(n.package, id_of(&p, "app/core/__init__.py"));
    n = dc_resolve_py_name(p.r, from, "app.core", "composio"); /* bound in __init__.py */
    CHECK_EQ_INT(n.kind, DC_PY_NAME_ATTRIBUTE);
    CHECK_EQ_INT(n.file, id_of(&p, "app/core/__init__.py"));
    n = dc_resolve_py_name(p.r, from, "app.core.clients", "composio");
    CHECK_EQ_INT(n.kind, DC_PY_NAME_ATTRIBUTE);
    CHECK_EQ_INT(n.file, id_of(&p, "app/core/clients.py"));
    n = dc_resolve_py_name(p.r, from, "app.ns", "sub"); /* namespace package: no __init__ */
    CHECK_EQ_INT(n.kind, DC_PY_NAME_SUBMODULE);
    CHECK_EQ_INT(n.file, id_of(&p, "app/ns/sub.py"));
    CHECK_EQ_INT(n.package, -1);
    n = dc_resolve_py_name(p.r, id_of(&p, "app/core/deps.py"), ".", "clients");
    CHECK_EQ_INT(n.kind, DC_PY_NAME_SUBMODULE);
    CHECK_EQ_INT(n.file, id_of(&p, "app/core/clients.py"));
    n = dc_resolve_py_name(p.r, from, "composio", "Composio");
    CHECK_EQ_INT(n.kind, DC_PY_NAME_NONE);
    proj_close(&p);
}

/* ---- temporary trees: links, FIFOs, node_modules, deep chains ----------------------------------- */

static dc_resolver *build(const char *root, const char *const *rels, size_t n) {
    const char **paths = dc_xcalloc(n + 1, sizeof *paths);
    for (size_t i = 0; i < n; i++) {
        dc_buf b = DC_BUF_INIT;
        dc_buf_printf(&b, "%s/%s", root, rels[i]);
        paths[i] = dc_buf_detach(&b);
    }
    const char *roots[] = {root};
    dc_project_input in = {roots, 1, paths, n};
    dc_buf_reset(&diag_out);
    dc_diag_set_printer(capture_printer, NULL);
    dc_resolver *r = dc_resolver_new(&in);
    dc_diag_set_printer(NULL, NULL);
    for (size_t i = 0; i < n; i++) free((char *)paths[i]);
    free(paths);
    return r;
}

DC_TEST(symlink_loops_links_outside_and_fifos_are_refused) {
    char *t = tmp_make(), *out = tmp_make();
    dc_buf b = DC_BUF_INIT;
    put(t, "a/m.ts", "");
    put(t, "a/lib/x.ts", "");
    dc_buf_printf(&b, "%s/a/tsconfig.json", t);
    CHECK(symlink("tsconfig.json", b.p) == 0); /* a link to itself */
    put(out, "tsconfig.json", "{\"compilerOptions\": {\"paths\": {\"@/*\": [\"./*\"]}}}");
    put(t, "b/m.ts", "");
    dc_buf_reset(&b);
    dc_buf_printf(&b, "%s/b/tsconfig.json", t);
    dc_buf c = DC_BUF_INIT;
    dc_buf_printf(&c, "%s/tsconfig.json", out);
    CHECK(symlink(c.p, b.p) == 0); /* leads outside the tree */
    put(t, "c/m.ts", "");
    dc_buf_reset(&b);
    dc_buf_printf(&b, "%s/c/package.json", t);
    CHECK(mkfifo(b.p, 0644) == 0); /* reading it would block */
    put(t, "d/packages/p/index.ts", "");
    put(t, "d/packages/p/package.json", "{\"name\": \"p\"}");
    put(t, "d/package.json", "{\"workspaces\": [\"packages/**\"]}");
    dc_buf_reset(&b);
    dc_buf_printf(&b, "%s/d/packages/p/loop", t);
    CHECK(symlink("..", b.p) == 0); /* a directory loop inside a workspace */
    /* the file list as discovery makes it (it never descends directory links) */
    dc_file_list fl = {0};
    dc_notice_list notices = {0};
    dc_walk_opts opts = {.no_ignore = true};
    const char *roots[] = {t};
    dc_discover(roots, 1, &opts, &fl, &notices);
    const char **paths = dc_xcalloc(fl.len + 1, sizeof *paths);
    for (uint32_t i = 0; i < fl.len; i++) paths[i] = fl.v[i].path;
    dc_buf_reset(&diag_out);
    dc_diag_set_printer(capture_printer, NULL);
    dc_project_input in = {roots, 1, paths, fl.len};
    dc_resolver *r = dc_resolver_new(&in);
    dc_diag_set_printer(NULL, NULL);
    CHECK(diag_has("a/tsconfig.json: symbolic link loop; ignored for import resolution"));
    CHECK(diag_has("b/tsconfig.json: leads outside the scanned tree; not read"));
    CHECK(diag_has("c/package.json: not a regular file; ignored for import resolution"));
    CHECK_EQ_INT(fl.len, 5);
    int32_t am = -1, bm = -1, dp = -1;
    for (uint32_t i = 0; i < fl.len; i++) {
        if (dc_str_ends_with(fl.v[i].path, "/a/m.ts")) am = (int32_t)i;
        if (dc_str_ends_with(fl.v[i].path, "/b/m.ts")) bm = (int32_t)i;
        if (dc_str_ends_with(fl.v[i].path, "/d/packages/p/index.ts")) dp = (int32_t)i;
    }
    CHECK(am >= 0 && bm >= 0 && dp >= 0);
    if (am >= 0) CHECK_EQ_INT(dc_resolve_ts(r, (uint32_t)am, "@/lib/x").status, DC_RESOLVE_PACKAGE);
    if (bm >= 0) CHECK_EQ_INT(dc_resolve_ts(r, (uint32_t)bm, "@/m").status, DC_RESOLVE_PACKAGE);
    if (dp >= 0) CHECK_EQ_INT(dc_resolve_ts(r, (uint32_t)dp, "p").file, dp);
    dc_resolver_free(r);
    free(paths);
    dc_file_list_free(&fl);
    dc_notice_list_free(&notices);
    dc_buf_free(&b);
    dc_buf_free(&c);
    rm_rf(t);
    rm_rf(out);
    free(t);
    free(out);
}

DC_TEST(extends_through_node_modules_and_chains_too_deep) {
    char *t = tmp_make();
    put(t, "node_modules/@tsconfig/paths/tsconfig.json", "{\"compilerOptions\": {\"baseUrl\": \"${configDir}/src\"}}");
    put(t, "node_modules/shared-cfg/base.json", "{\"compilerOptions\": {\"paths\": {\"$/*\": [\"${configDir}/lib/*\"]}}}");
    put(t, "a/tsconfig.json", "{\"extends\": [\"@tsconfig/paths\", \"shared-cfg/base\"]}");
    put(t, "b/tsconfig.json", "{\"extends\": \"not-installed/tsconfig.json\", \"compilerOptions\": {\"baseUrl\": \".\"}}");
    /* 70 configs, each extending the next */
    for (int i = 0; i < 70; i++) {
        char rel[64], text[128];
        snprintf(rel, sizeof rel, "c/%s%d.json", i ? "t" : "tsconfig", i);
        if (i == 0) snprintf(rel, sizeof rel, "c/tsconfig.json");
        snprintf(text, sizeof text, "{\"extends\": \"./t%d\", \"compilerOptions\": {\"baseUrl\": \".\"}}", i + 1);
        put(t, rel, text);
    }
    const char *rels[] = {"a/m.ts", "a/src/x.ts", "a/lib/y.ts", "b/m.ts", "b/z.ts", "c/m.ts", "c/z.ts"};
    dc_resolver *r = build(t, rels, 7);
    CHECK_EQ_INT(dc_resolve_ts(r, 0, "x").file, 1);   /* baseUrl from a package, ${configDir} = a/ */
    CHECK_EQ_INT(dc_resolve_ts(r, 0, "$/y").file, 2); /* paths from a package subpath without .json */
    CHECK_EQ_INT(dc_resolve_ts(r, 3, "z").file, 4);   /* a package not installed: silently skipped */
    CHECK(!diag_has("not-installed"));
    CHECK(diag_has("the extends chain is longer than 64"));
    CHECK_EQ_INT(dc_resolve_ts(r, 5, "z").status, DC_RESOLVE_PACKAGE);
    dc_resolver_free(r);
    rm_rf(t);
    free(t);
}

DC_TEST(roots_files_outside_and_several_roots) {
    char *t = tmp_make();
    put(t, "one/a.ts", "");
    put(t, "two/b.ts", "");
    dc_buf r1 = DC_BUF_INIT, r2 = DC_BUF_INIT, f1 = DC_BUF_INIT, f2 = DC_BUF_INIT, f3 = DC_BUF_INIT;
    dc_buf_printf(&r1, "%s/one/", t);
    dc_buf_printf(&r2, "%s/two", t);
    dc_buf_printf(&f1, "%s/one/a.ts", t);
    dc_buf_printf(&f2, "%s/two/./b.ts", t);
    dc_buf_printf(&f3, "%s/loose.ts", t); /* named on the command line, outside both roots */
    const char *roots[] = {r1.p, r2.p, f3.p};
    const char *files[] = {f1.p, f2.p, f3.p};
    dc_project_input in = {roots, 3, files, 3};
    dc_resolver *r = dc_resolver_new(&in);
    CHECK_EQ_INT(dc_resolver_nfiles(r), 3);
    CHECK_EQ_STR(dc_resolver_path(r, 1), f2.p);
    CHECK_EQ_INT(dc_resolve_ts(r, 0, "./a").file, 0);
    CHECK_EQ_INT(dc_resolve_ts(r, 0, "../two/b").status, DC_RESOLVE_NOT_FOUND); /* another root: outside */
    CHECK_EQ_INT(dc_resolve_ts(r, 1, "./b").file, 1);
    CHECK_EQ_INT(dc_resolve_ts(r, 2, "./one/a").status, DC_RESOLVE_NOT_FOUND);
    CHECK_EQ_INT(dc_resolve_ts(r, 2, "react").status, DC_RESOLVE_PACKAGE);
    CHECK_EQ_INT(dc_resolve_py(r, 2, "one.a").status, DC_RESOLVE_PACKAGE);
    CHECK_EQ_INT(dc_resolve_ts(r, 99, "./a").status, DC_RESOLVE_NOT_FOUND);
    dc_resolver_free(r);
    /* "." as the root, paths as discovery gives them ("./x") */
    char cwd[4096];
    CHECK(getcwd(cwd, sizeof cwd) != NULL);
    CHECK(chdir(t) == 0);
    const char *dot[] = {"."}, *dfiles[] = {"./one/a.ts", "./two/b.ts"};
    dc_project_input in2 = {dot, 1, dfiles, 2};
    r = dc_resolver_new(&in2);
    CHECK_EQ_INT(dc_resolve_ts(r, 0, "../two/b").file, 1);
    CHECK_EQ_INT(dc_resolve_ts(r, 0, "../../x").status, DC_RESOLVE_NOT_FOUND);
    dc_resolver_free(r);
    CHECK(chdir(cwd) == 0);
    dc_buf_free(&r1), dc_buf_free(&r2), dc_buf_free(&f1), dc_buf_free(&f2), dc_buf_free(&f3);
    rm_rf(t);
    free(t);
}

/* ---- scale and threads ------------------------------------------------------------------------- */

enum { SCALE_DIRS = 1000, SCALE_PER_DIR = 10, SCALE_FILES = SCALE_DIRS * SCALE_PER_DIR };

typedef struct scale_job {
    const dc_resolver *r;
    int32_t *got;
} scale_job;

/* Every file imports the next one (file 9,999 imports file 0): a 10,000-file import cycle, in
 * both languages, through relative specifiers, tsconfig paths and absolute Python names. */
static void *scale_queries(void *arg) {
    scale_job *j = arg;
    char spec[128];
    for (uint32_t i = 0; i < SCALE_FILES; i++) {
        uint32_t next = (i + 1) % SCALE_FILES, d = next / SCALE_PER_DIR, k = next % SCALE_PER_DIR;
        if (i % 2 == 0) snprintf(spec, sizeof spec, "@/d%u/f%u", d, k);
        else snprintf(spec, sizeof spec, "../d%u/f%u.js", d, k);
        j->got[i] = dc_resolve_ts(j->r, i, spec).file;
        snprintf(spec, sizeof spec, "pkg.d%u.m%u", d, k);
        j->got[SCALE_FILES + i] = dc_resolve_py(j->r, SCALE_FILES + i, spec).file;
    }
    return NULL;
}

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

DC_TEST(ten_thousand_files_cost_little_and_queries_are_thread_safe) {
    char *t = tmp_make();
    put(t, "tsconfig.json", "{\"compilerOptions\": {\"paths\": {\"@/*\": [\"./src/*\"]}}}");
    put(t, "pyproject.toml", "");
    const char **rels = dc_xcalloc(2 * SCALE_FILES, sizeof *rels);
    for (uint32_t i = 0; i < SCALE_FILES; i++) {
        dc_buf b = DC_BUF_INIT;
        dc_buf_printf(&b, "src/d%u/f%u.ts", i / SCALE_PER_DIR, i % SCALE_PER_DIR);
        rels[i] = dc_buf_detach(&b);
        dc_buf_printf(&b, "pkg/d%u/m%u.py", i / SCALE_PER_DIR, i % SCALE_PER_DIR);
        rels[SCALE_FILES + i] = dc_buf_detach(&b);
    }
    double t0 = now_ms();
    dc_resolver *r = build(t, rels, 2 * SCALE_FILES);
    double t1 = now_ms();
    int32_t *single = dc_xcalloc(2 * SCALE_FILES, sizeof *single), *a = dc_xcalloc(2 * SCALE_FILES, sizeof *a),
            *b = dc_xcalloc(2 * SCALE_FILES, sizeof *b);
    scale_job js = {r, single};
    scale_queries(&js);
    double t2 = now_ms();
    scale_job ja = {r, a}, jb = {r, b};
    pthread_t ta, tb;
    pthread_create(&ta, NULL, scale_queries, &ja);
    pthread_create(&tb, NULL, scale_queries, &jb);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    dc_resolver_stats st = dc_resolver_get_stats(r);
    printf("resolve scale: %u files, %u dirs: build %.1f ms (%u config probes, %u configs read), "
           "%u queries %.1f ms\n",
           st.files, st.dirs, t1 - t0, st.stat_calls, st.configs_read, 2 * SCALE_FILES, t2 - t1);
    int wrong = 0;
    for (uint32_t i = 0; i < SCALE_FILES; i++) {
        uint32_t next = (i + 1) % SCALE_FILES;
        wrong += single[i] != (int32_t)next || single[SCALE_FILES + i] != (int32_t)(SCALE_FILES + next);
    }
    CHECK_EQ_INT(wrong, 0);
    CHECK(memcmp(single, a, 2 * SCALE_FILES * sizeof *a) == 0);
    CHECK(memcmp(single, b, 2 * SCALE_FILES * sizeof *b) == 0);
    CHECK_EQ_INT(st.dirs, 2 * SCALE_DIRS + 3);
    CHECK(st.stat_calls <= 6 * st.dirs);          /* a few probes per directory, none per file */
    /* Generous (~40 ms and ~10 ms in a release build on the 2-core box); DC_TEST_NO_TIMING=1
     * for valgrind, which runs this 50 times slower. */
    if (!getenv("DC_TEST_NO_TIMING")) CHECK(t1 - t0 < 2000 && t2 - t1 < 2000);
    dc_resolver_free(r);
    for (uint32_t i = 0; i < 2 * SCALE_FILES; i++) free((char *)rels[i]);
    free(rels), free(single), free(a), free(b);
    rm_rf(t);
    free(t);
}

DC_TEST(deterministic_warnings_and_answers) {
    proj p = proj_open("projects/resolve/broken");
    char *first = dc_xstrdup(dc_buf_cstr(&diag_out));
    proj_close(&p);
    p = proj_open("projects/resolve/broken");
    CHECK_EQ_STR(dc_buf_cstr(&diag_out), first);
    proj_close(&p);
    free(first);
}

DC_TEST_MAIN
