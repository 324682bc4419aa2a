/* test_discover.c: file discovery against real temporary trees (symlinks, FIFOs, git
 * repositories and permissions cannot be faked), one tree per test under /tmp, removed after. */
#include "discover/discover.h"
#include "tests/unit/check.h"

#include <dirent.h>
#include <errno.h>
#include <git2.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- helpers -------------------------------------------------------------------------- */

static char *tmp_make(void) {
    char t[] = "/tmp/dc-discover-XXXXXX";
    if (!mkdtemp(t)) {
        perror("mkdtemp");
        exit(1);
    }
    return dc_xstrdup(t);
}

static char *pjoin(const char *a, const char *b) {
    dc_buf buf = DC_BUF_INIT;
    dc_buf_printf(&buf, "%s/%s", a, b);
    return dc_buf_detach(&buf);
}

static void rm_rf(const char *path) {
    struct stat st;
    if (lstat(path, &st) != 0) return;
    if (S_ISDIR(st.st_mode)) {
        chmod(path, 0700); /* the unreadable-directory test leaves a 000 directory behind */
        DIR *d = opendir(path);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d))) {
                if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
                char *c = pjoin(path, e->d_name);
                rm_rf(c);
                free(c);
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

static void tmp_free(char *dir) {
    rm_rf(dir);
    free(dir);
}

/* mkdir -p for every parent of root/rel (and rel itself when `self`). */
static void mkparents(const char *root, const char *rel, int self) {
    char *p = pjoin(root, rel);
    size_t start = strlen(root) + 1;
    for (size_t i = start; p[i]; i++) {
        if (p[i] != '/') continue;
        p[i] = 0;
        mkdir(p, 0755);
        p[i] = '/';
    }
    if (self) mkdir(p, 0755);
    free(p);
}

static void put(const char *root, const char *rel, const char *content) {
    mkparents(root, rel, 0);
    char *p = pjoin(root, rel);
    FILE *f = fopen(p, "w");
    if (!f) {
        perror(p);
        exit(1);
    }
    fputs(content, f);
    fclose(f);
    free(p);
}

static void link_at(const char *root, const char *rel, const char *target) {
    mkparents(root, rel, 0);
    char *p = pjoin(root, rel);
    if (symlink(target, p) != 0) {
        perror(p);
        exit(1);
    }
    free(p);
}

typedef struct run_result {
    dc_file_list files;
    dc_notice_list notices;
    int ret;
} run_result;

static run_result run(const char *const *roots, size_t n, const dc_walk_opts *opts) {
    run_result r = {{0}, {0}, 0};
    r.ret = dc_discover(roots, n, opts, &r.files, &r.notices);
    return r;
}

static void run_free(run_result *r) {
    dc_file_list_free(&r->files);
    dc_notice_list_free(&r->notices);
}

/* Strips "<prefix>/" so expectations do not depend on the random temp directory name. */
static const char *unprefix(const char *s, const char *prefix) {
    size_t n = prefix ? strlen(prefix) : 0;
    if (n && strncmp(s, prefix, n) == 0 && s[n] == '/') return s + n + 1;
    return s;
}

/* The listing as one space-separated string: a failed CHECK_EQ_STR then shows the whole list. */
static char *listing(const run_result *r, const char *prefix) {
    dc_buf b = DC_BUF_INIT;
    for (uint32_t i = 0; i < r->files.len; i++) {
        if (i) dc_buf_addc(&b, ' ');
        dc_buf_adds(&b, unprefix(r->files.v[i].display, prefix));
    }
    return dc_buf_detach(&b);
}

#define CHECK_LISTING(r, prefix, expected)                                                       \
    do {                                                                                         \
        char *got_ = listing((r), (prefix));                                                     \
        CHECK_EQ_STR(got_, (expected));                                                          \
        free(got_);                                                                              \
    } while (0)

static const dc_file_entry *find_file(const run_result *r, const char *prefix, const char *rel) {
    for (uint32_t i = 0; i < r->files.len; i++)
        if (strcmp(unprefix(r->files.v[i].display, prefix), rel) == 0) return &r->files.v[i];
    return NULL;
}

static int count_notices(const run_result *r, int level, const char *prefix, const char *rel, const char *msg_part) {
    int n = 0;
    for (uint32_t i = 0; i < r->notices.len; i++) {
        const dc_notice *no = &r->notices.v[i];
        if (level >= 0 && (int)no->level != level) continue;
        if (rel && strcmp(unprefix(no->path, prefix), rel) != 0) continue;
        if (msg_part && !strstr(no->message, msg_part)) continue;
        n++;
    }
    return n;
}

static void dump_notices(const run_result *r) {
    for (uint32_t i = 0; i < r->notices.len; i++)
        fprintf(stderr, "  notice %s %s: %s\n", r->notices.v[i].level == DC_NOTICE_ERROR ? "ERROR" : "INFO",
                r->notices.v[i].path, r->notices.v[i].message);
}

/* Invariants every run must keep, whatever the tree: sorted, unique, return = ERROR count. */
static int run_invariants_ok(const run_result *r) {
    int ok = 1;
    for (uint32_t i = 1; i < r->files.len; i++)
        if (strcmp(r->files.v[i - 1].display, r->files.v[i].display) >= 0) ok = 0;
    if (count_notices(r, DC_NOTICE_ERROR, NULL, NULL, NULL) != r->ret) ok = 0;
    if (!ok) dump_notices(r);
    return ok;
}

/* ---- dc_glob_match -------------------------------------------------------------------- */

DC_TEST(glob_without_slash_matches_any_component) {
    CHECK(dc_glob_match("generated", "src/generated/x.py"));
    CHECK(dc_glob_match("generated", "generated"));
    CHECK(!dc_glob_match("generated", "src/generated_x.py"));
    CHECK(dc_glob_match("*.min.js", "a/b/c.min.js"));
    CHECK(dc_glob_match("*.min.js", "c.min.js"));
    CHECK(!dc_glob_match("*.min.js", "a/c.js"));
    CHECK(dc_glob_match("generated/", "src/generated"));
}

DC_TEST(glob_with_slash_is_anchored_and_star_crosses_slash) {
    CHECK(dc_glob_match("src/*.py", "src/a.py"));
    CHECK(dc_glob_match("src/*.py", "src/a/b.py")); /* no FNM_PATHNAME */
    CHECK(!dc_glob_match("src/*.py", "lib/src/a.py"));
    CHECK(!dc_glob_match("src/gen", "lib/src/gen"));
    CHECK(dc_glob_match("./src/a.py", "src/a.py"));
    CHECK(dc_glob_match("src/a.py", "./src/a.py"));
    CHECK(dc_glob_match("**/test_*.py", "test_a.py"));
    CHECK(dc_glob_match("**/test_*.py", "pkg/test_a.py"));
    CHECK(!dc_glob_match("**/test_*.py", "pkg/a_test.py"));
}

DC_TEST(notice_add_formats_and_copies) {
    dc_notice_list l = {0};
    char path[] = "a.py";
    dc_notice_add(&l, DC_NOTICE_ERROR, path, "bad %d %s", 3, "x");
    path[0] = 'z';
    dc_notice_add(&l, DC_NOTICE_INFO, NULL, "%s", "");
    CHECK_EQ_INT(l.len, 2);
    CHECK_EQ_INT(l.v[0].level, DC_NOTICE_ERROR);
    CHECK_EQ_STR(l.v[0].path, "a.py");
    CHECK_EQ_STR(l.v[0].message, "bad 3 x");
    CHECK_EQ_STR(l.v[1].path, "");
    CHECK_EQ_STR(l.v[1].message, "");
    dc_notice_list_free(&l);
    CHECK(l.v == NULL && l.len == 0);
}

DC_TEST(no_roots_and_null_opts) {
    run_result r = run(NULL, 0, NULL);
    CHECK_EQ_INT(r.ret, 0);
    CHECK_EQ_INT(r.files.len, 0);
    CHECK_EQ_INT(r.notices.len, 0);
    run_free(&r);
}

/* ---- walking -------------------------------------------------------------------------- */

DC_TEST(recursion_sorting_and_languages) {
    char *t = tmp_make();
    put(t, "b.py", "");
    put(t, "a.py", "");
    put(t, "A.js", "");
    put(t, "a/z.ts", "");
    put(t, "a/b/c.tsx", "");
    put(t, "a/b/d.mjs", "");
    put(t, "a/b/notes.txt", "");
    put(t, "z/y/x/w.cjs", "");
    put(t, "readme.md", "");
    put(t, "Makefile", "");
    put(t, "data.json", "");
    mkparents(t, "empty/dir", 1);
    const char *roots[] = {t};
    run_result r = run(roots, 1, &(dc_walk_opts){0});
    /* byte order: '.' sorts before '/', so a.py precedes a/... */
    CHECK_LISTING(&r, t, "A.js a.py a/b/c.tsx a/b/d.mjs a/z.ts b.py z/y/x/w.cjs");
    CHECK_EQ_INT(r.ret, 0);
    CHECK_EQ_INT(r.notices.len, 0);
    CHECK(run_invariants_ok(&r));
    const dc_file_entry *e = find_file(&r, t, "a/b/c.tsx");
    CHECK(e != NULL);
    if (e) {
        CHECK_EQ_INT(e->lang, DC_LANG_TSX);
        CHECK(!e->explicit_);
        CHECK_EQ_STR(e->path, e->display);
    }
    e = find_file(&r, t, "z/y/x/w.cjs");
    CHECK(e && e->lang == DC_LANG_JAVASCRIPT);
    run_free(&r);
    tmp_free(t);
}

DC_TEST(display_paths_for_dot_and_trailing_slash_roots) {
    char *t = tmp_make();
    put(t, "a.py", "");
    put(t, "src/b.py", "");
    char cwd[PATH_MAX];
    CHECK(getcwd(cwd, sizeof cwd) != NULL);
    CHECK_EQ_INT(chdir(t), 0);

    const char *dot[] = {"."};
    run_result r = run(dot, 1, NULL);
    CHECK_LISTING(&r, NULL, "a.py src/b.py");
    const dc_file_entry *e = find_file(&r, NULL, "src/b.py");
    CHECK(e && strcmp(e->path, "./src/b.py") == 0);
    run_free(&r);

    const char *slash[] = {"./src/"};
    r = run(slash, 1, NULL);
    CHECK_LISTING(&r, NULL, "src/b.py");
    e = find_file(&r, NULL, "src/b.py");
    CHECK(e && strcmp(e->path, "./src/b.py") == 0);
    run_free(&r);

    /* Overlapping roots and spellings of the same path: each file once. */
    const char *many[] = {".", "src", "./src", "src/", ".//src//", "./"};
    r = run(many, 6, NULL);
    CHECK_LISTING(&r, NULL, "a.py src/b.py");
    CHECK(run_invariants_ok(&r));
    run_free(&r);

    /* An explicit relative file keeps the given path for opening, the short one for display. */
    const char *expl[] = {"./src/b.py"};
    r = run(expl, 1, NULL);
    CHECK_LISTING(&r, NULL, "src/b.py");
    CHECK(r.files.len == 1 && strcmp(r.files.v[0].path, "./src/b.py") == 0 && r.files.v[0].explicit_);
    run_free(&r);

    CHECK_EQ_INT(chdir(cwd), 0);
    tmp_free(t);
}

DC_TEST(default_excludes_and_opt_out) {
    char *t = tmp_make();
    put(t, "src/ok.py", "");
    put(t, "build.py", ""); /* a file, not a build/ directory */
    put(t, "node_modules/x.js", "");
    put(t, ".git/hook.py", "");
    put(t, ".venv/lib.py", "");
    put(t, "venv/lib.py", "");
    put(t, "dist/out.js", "");
    put(t, "build/out.js", "");
    put(t, ".next/page.js", "");
    put(t, "__pycache__/m.py", "");
    put(t, "src/deep/node_modules/y.js", "");
    put(t, "src/build/z.py", "");
    const char *roots[] = {t};
    run_result r = run(roots, 1, NULL);
    CHECK_LISTING(&r, t, "build.py src/ok.py");
    CHECK_EQ_INT(r.ret, 0);
    run_free(&r);

    r = run(roots, 1, &(dc_walk_opts){.no_default_excludes = true});
    CHECK_EQ_INT(r.files.len, 12);
    CHECK(find_file(&r, t, "src/deep/node_modules/y.js") != NULL);
    CHECK(find_file(&r, t, ".git/hook.py") != NULL);
    CHECK(run_invariants_ok(&r));
    run_free(&r);

    /* A default-excluded directory named as the root is walked (its name is not relative to
     * itself), but nested ones below it are still skipped. */
    char *nm = pjoin(t, "node_modules");
    put(t, "node_modules/node_modules/inner.js", "");
    const char *nmroot[] = {nm};
    r = run(nmroot, 1, NULL);
    CHECK_LISTING(&r, nm, "x.js");
    run_free(&r);
    free(nm);
    tmp_free(t);
}

DC_TEST(exclude_globs_with_and_without_slash) {
    char *t = tmp_make();
    put(t, "app.py", "");
    put(t, "src/generated/g.py", "");
    put(t, "generated/h.py", "");
    put(t, "src/generated_not.py", "");
    put(t, "web/a.min.js", "");
    put(t, "c.min.js", "");
    put(t, "web/a.js", "");
    put(t, "src/legacy/old.py", "");
    put(t, "lib/src/legacy/old.py", "");
    put(t, "src/gen/a.py", "");
    put(t, "src/gen2/b.py", "");
    const char *roots[] = {t};
    const char *ex[] = {"generated", "*.min.js", "src/legacy/*", "src/gen"};
    run_result r = run(roots, 1, &(dc_walk_opts){.excludes = ex, .nexcludes = 4});
    /* src/gen/a.py does not match "src/gen" itself: it is gone only because the directory
     * src/gen matched and was pruned. */
    CHECK_LISTING(&r, t, "app.py lib/src/legacy/old.py src/gen2/b.py src/generated_not.py web/a.js");
    CHECK_EQ_INT(r.ret, 0);
    run_free(&r);

    const char *ex2[] = {"./src/gen"};
    r = run(roots, 1, &(dc_walk_opts){.excludes = ex2, .nexcludes = 1});
    CHECK(find_file(&r, t, "src/gen/a.py") == NULL);
    CHECK(find_file(&r, t, "src/gen2/b.py") != NULL);
    CHECK_EQ_INT(r.files.len, 10);
    run_free(&r);
    tmp_free(t);
}

DC_TEST(include_globs) {
    char *t = tmp_make();
    put(t, "a.py", "");
    put(t, "b.ts", "");
    put(t, "src/c.py", "");
    put(t, "src/d.tsx", "");
    put(t, "test/e.py", "");
    const char *roots[] = {t};
    const char *inc_py[] = {"*.py"};
    run_result r = run(roots, 1, &(dc_walk_opts){.includes = inc_py, .nincludes = 1});
    CHECK_LISTING(&r, t, "a.py src/c.py test/e.py");
    run_free(&r);

    const char *inc_src[] = {"src/*"};
    r = run(roots, 1, &(dc_walk_opts){.includes = inc_src, .nincludes = 1});
    CHECK_LISTING(&r, t, "src/c.py src/d.tsx");
    run_free(&r);

    const char *inc_two[] = {"*.ts", "test/*"};
    r = run(roots, 1, &(dc_walk_opts){.includes = inc_two, .nincludes = 2});
    CHECK_LISTING(&r, t, "b.ts test/e.py");
    run_free(&r);

    const char *ex[] = {"test"};
    r = run(roots, 1, &(dc_walk_opts){.includes = inc_py, .nincludes = 1, .excludes = ex, .nexcludes = 1});
    CHECK_LISTING(&r, t, "a.py src/c.py");
    run_free(&r);
    tmp_free(t);
}

DC_TEST(explicit_files_bypass_filters) {
    char *t = tmp_make();
    put(t, "gen/x.py", "");
    put(t, "node_modules/m.js", "");
    put(t, "notes.txt", "");
    put(t, "real.py", "");
    char *x = pjoin(t, "gen/x.py"), *m = pjoin(t, "node_modules/m.js"), *n = pjoin(t, "notes.txt");
    const char *roots[] = {x, m, n};
    const char *ex[] = {"gen", "x.py", "*.js", "*.txt"};
    const char *inc[] = {"*.ts"};
    run_result r = run(roots, 3, &(dc_walk_opts){.excludes = ex, .nexcludes = 4, .includes = inc, .nincludes = 1});
    CHECK_LISTING(&r, t, "gen/x.py node_modules/m.js notes.txt");
    CHECK_EQ_INT(r.ret, 0);
    for (uint32_t i = 0; i < r.files.len; i++) CHECK(r.files.v[i].explicit_);
    const dc_file_entry *e = find_file(&r, t, "notes.txt");
    CHECK(e && e->lang == DC_LANG_NONE);
    e = find_file(&r, t, "gen/x.py");
    CHECK(e && e->lang == DC_LANG_PYTHON);
    run_free(&r);

    /* Found by the walk and named explicitly: listed once, and it stays explicit. */
    char *rp = pjoin(t, "real.py");
    const char *both[] = {t, rp};
    r = run(both, 2, NULL);
    CHECK_LISTING(&r, t, "gen/x.py real.py");
    e = find_file(&r, t, "real.py");
    CHECK(e && e->explicit_);
    e = find_file(&r, t, "gen/x.py");
    CHECK(e && !e->explicit_);
    run_free(&r);
    free(rp);
    free(x);
    free(m);
    free(n);
    tmp_free(t);
}

DC_TEST(dotenv_and_unknown_extensions) {
    char *t = tmp_make();
    put(t, ".env", "A=1\n");
    put(t, ".env.local", "");
    put(t, ".env.production", "");
    put(t, "sub/.env", "");
    put(t, "foo.env.py", "");
    put(t, "config.env", "");
    put(t, ".envrc", "");
    put(t, "notes.txt", "");
    put(t, "Makefile", "");
    put(t, "style.css", "");
    put(t, "noext", "");
    const char *roots[] = {t};
    run_result r = run(roots, 1, NULL);
    CHECK_LISTING(&r, t, ".env .env.local .env.production config.env foo.env.py sub/.env");
    const dc_file_entry *e = find_file(&r, t, ".env.local");
    CHECK(e && e->lang == DC_LANG_DOTENV);
    e = find_file(&r, t, ".env");
    CHECK(e && e->lang == DC_LANG_DOTENV);
    e = find_file(&r, t, "foo.env.py");
    CHECK(e && e->lang == DC_LANG_PYTHON);
    CHECK_EQ_INT(r.notices.len, 0);
    run_free(&r);
    tmp_free(t);
}

/* ---- .gitignore ----------------------------------------------------------------------- */

static void make_repo(const char *dir) {
    git_libgit2_init();
    git_repository *repo = NULL;
    if (git_repository_init(&repo, dir, 0) != 0) {
        const git_error *e = git_error_last();
        fprintf(stderr, "git_repository_init(%s) failed: %s\n", dir, e && e->message ? e->message : "?");
        exit(1);
    }
    git_repository_free(repo);
    git_libgit2_shutdown();
}

static void make_ignore_tree(const char *t) {
    make_repo(t);
    put(t, ".gitignore", "ignored.py\nsecret/\n*.gen.ts\n");
    put(t, "kept.py", "");
    put(t, "ignored.py", "");
    put(t, "local.py", "");
    put(t, "secret/s.py", "");
    put(t, "sub/.gitignore", "local.py\n");
    put(t, "sub/ignored.py", "");
    put(t, "sub/local.py", "");
    put(t, "sub/x.gen.ts", "");
    put(t, "sub/ok.ts", "");
}

DC_TEST(gitignore_in_work_tree) {
    char *t = tmp_make();
    make_ignore_tree(t);
    const char *roots[] = {t};
    run_result r = run(roots, 1, NULL);
    /* ignored.py anywhere, the secret/ directory, *.gen.ts, and sub/.gitignore's local.py
     * (which does not apply to the top-level local.py). */
    CHECK_LISTING(&r, t, "kept.py local.py sub/ok.ts");
    CHECK_EQ_INT(r.ret, 0);
    CHECK(run_invariants_ok(&r));
    run_free(&r);

    r = run(roots, 1, &(dc_walk_opts){.no_ignore = true});
    CHECK_LISTING(&r, t,
                  "ignored.py kept.py local.py secret/s.py sub/ignored.py sub/local.py sub/ok.ts sub/x.gen.ts");
    run_free(&r);

    /* A root below the work dir: paths handed to libgit2 must be relative to the work dir. */
    char *sub = pjoin(t, "sub");
    const char *subroot[] = {sub};
    r = run(subroot, 1, NULL);
    CHECK_LISTING(&r, t, "sub/ok.ts");
    run_free(&r);
    free(sub);

    /* Named explicitly: listed although ignored. */
    char *ig = pjoin(t, "sub/x.gen.ts");
    const char *igroot[] = {t, ig};
    r = run(igroot, 2, NULL);
    CHECK_LISTING(&r, t, "kept.py local.py sub/ok.ts sub/x.gen.ts");
    run_free(&r);
    free(ig);

    /* An ignored directory named as the root is still scanned. */
    char *sec = pjoin(t, "secret");
    const char *secroot[] = {sec};
    r = run(secroot, 1, NULL);
    CHECK_LISTING(&r, t, "secret/s.py");
    run_free(&r);
    free(sec);
    tmp_free(t);
}

DC_TEST(gitignore_through_symlinked_root) {
    /* The root is reached through a symlink, so its spelled path is not under the work dir;
     * only the realpath comparison finds the relative path. */
    char *t = tmp_make(), *l = tmp_make();
    make_ignore_tree(t);
    link_at(l, "repo", t);
    char *lr = pjoin(l, "repo");
    char *lsub = pjoin(l, "repo/sub");
    const char *roots[] = {lr};
    run_result r = run(roots, 1, NULL);
    CHECK_LISTING(&r, lr, "kept.py local.py sub/ok.ts");
    run_free(&r);
    const char *subroots[] = {lsub};
    r = run(subroots, 1, NULL);
    CHECK_LISTING(&r, lsub, "ok.ts");
    run_free(&r);
    free(lr);
    free(lsub);
    tmp_free(l);
    tmp_free(t);
}

DC_TEST(gitignore_not_read_outside_git) {
    char *t = tmp_make();
    put(t, ".gitignore", "a.py\n");
    put(t, "a.py", "");
    put(t, "b.py", "");
    /* Only meaningful if /tmp itself is not inside some work tree. */
    git_libgit2_init();
    git_repository *repo = NULL;
    int rc = git_repository_open_ext(&repo, t, 0, NULL);
    git_repository_free(repo);
    git_libgit2_shutdown();
    if (rc == GIT_ENOTFOUND) {
        const char *roots[] = {t};
        run_result r = run(roots, 1, NULL);
        CHECK_LISTING(&r, t, "a.py b.py");
        run_free(&r);
    } else {
        fprintf(stderr, "note: %s is inside a git work tree; non-git check skipped\n", t);
    }
    tmp_free(t);
}

/* ---- symlinks, FIFOs, errors ---------------------------------------------------------- */

DC_TEST(symlinks_inside_outside_loops) {
    char *t = tmp_make(), *o = tmp_make();
    put(o, "o.py", "");
    char *oo = pjoin(o, "o.py");
    put(t, "real.py", "");
    link_at(t, "sub/link.py", "../real.py");
    put(t, "z_real.py", "");
    link_at(t, "a_link.py", "z_real.py");
    link_at(t, "out.py", oo);
    link_at(t, "loop.py", "loop.py");
    link_at(t, "dangling.py", "nowhere.py");
    link_at(t, "dirlink", o);      /* a directory outside: never followed */
    link_at(t, "self", ".");       /* a directory cycle: never followed, so no hang */
    link_at(t, "dir.py", "sub");   /* a directory link with a source-like name */
    link_at(t, "noext", "nowhere"); /* dangling, but not a name we would scan: no notice */
    const char *roots[] = {t};
    run_result r = run(roots, 1, NULL);
    /* sub/link.py and real.py are one file: the smaller display wins; likewise a_link.py
     * shadows z_real.py. */
    CHECK_LISTING(&r, t, "a_link.py real.py");
    CHECK_EQ_INT(r.ret, 0);
    CHECK_EQ_INT(count_notices(&r, DC_NOTICE_INFO, t, "out.py", "symbolic link points outside the scanned tree, skipped"), 1);
    CHECK_EQ_INT(count_notices(&r, DC_NOTICE_INFO, t, "loop.py", "too many levels of symbolic links"), 1);
    CHECK_EQ_INT(count_notices(&r, DC_NOTICE_INFO, t, "dangling.py", "no such file or directory"), 1);
    CHECK_EQ_INT(r.notices.len, 3);
    if (r.notices.len != 3) dump_notices(&r);
    const dc_file_entry *e = find_file(&r, t, "a_link.py");
    CHECK(e && e->lang == DC_LANG_PYTHON && !e->explicit_);
    run_free(&r);

    /* With the link's target directory as a second root the target is inside the scanned
     * tree: the file is listed once, under one of its names, with no notice. */
    const char *two[] = {t, o};
    r = run(two, 2, NULL);
    int hits = 0;
    for (uint32_t i = 0; i < r.files.len; i++)
        if (dc_str_ends_with(r.files.v[i].display, "/out.py") || dc_str_ends_with(r.files.v[i].display, "/o.py")) hits++;
    CHECK_EQ_INT(hits, 1);
    CHECK_EQ_INT(count_notices(&r, -1, NULL, NULL, "outside"), 0);
    CHECK_EQ_INT(r.files.len, 3);
    run_free(&r);

    free(oo);
    tmp_free(o);
    tmp_free(t);
}

DC_TEST(fifo_and_devices_are_not_opened) {
    /* Opening a FIFO for reading blocks until a writer appears: a regression would hang, so
     * let SIGALRM turn that into a failure instead. */
    alarm(30);
    char *t = tmp_make();
    put(t, "ok.py", "");
    char *fifo = pjoin(t, "pipe.py"), *fifo2 = pjoin(t, "pipe");
    CHECK_EQ_INT(mkfifo(fifo, 0644), 0);
    CHECK_EQ_INT(mkfifo(fifo2, 0644), 0);
    const char *roots[] = {t};
    run_result r = run(roots, 1, NULL);
    CHECK_LISTING(&r, t, "ok.py");
    CHECK_EQ_INT(r.ret, 0);
    CHECK_EQ_INT(count_notices(&r, DC_NOTICE_INFO, t, "pipe.py", "not a regular file, skipped"), 1);
    CHECK_EQ_INT(r.notices.len, 1);
    run_free(&r);

    /* Named on the command line, skipping them is an error (issue 14, item 10). */
    const char *expl[] = {fifo, "/dev/null"};
    r = run(expl, 2, NULL);
    CHECK_EQ_INT(r.files.len, 0);
    CHECK_EQ_INT(r.ret, 2);
    CHECK_EQ_INT(count_notices(&r, DC_NOTICE_ERROR, t, "pipe.py", "not a regular file"), 1);
    CHECK_EQ_INT(count_notices(&r, DC_NOTICE_ERROR, NULL, "/dev/null", "not a regular file"), 1);
    run_free(&r);
    alarm(0);
    free(fifo);
    free(fifo2);
    tmp_free(t);
}

DC_TEST(nonexistent_roots_are_errors) {
    char *t = tmp_make();
    put(t, "a.py", "");
    link_at(t, "broken.py", "missing.py");
    char *missing = pjoin(t, "missing"), *broken = pjoin(t, "broken.py");
    const char *roots[] = {missing, t};
    run_result r = run(roots, 2, NULL);
    CHECK_EQ_INT(r.ret, 1);
    CHECK_EQ_INT(count_notices(&r, DC_NOTICE_ERROR, t, "missing", NULL), 1);
    for (uint32_t i = 0; i < r.notices.len; i++)
        if (r.notices.v[i].level == DC_NOTICE_ERROR) CHECK_EQ_STR(r.notices.v[i].message, "no such file or directory");
    CHECK_LISTING(&r, t, "a.py"); /* the other root is still walked */
    run_free(&r);

    /* A dangling symlink named as a root is as missing as a missing file. */
    const char *two[] = {missing, broken};
    r = run(two, 2, NULL);
    CHECK_EQ_INT(r.ret, 2);
    CHECK_EQ_INT(count_notices(&r, DC_NOTICE_ERROR, t, "broken.py", "no such file or directory"), 1);
    CHECK_EQ_INT(r.files.len, 0);
    run_free(&r);
    free(missing);
    free(broken);
    tmp_free(t);
}

/* The checks of an unreadable directory when permissions are enforced; returns 0 when good. */
static int check_unreadable(const char *t) {
    int bad = 0;
    const char *roots[] = {t};
    run_result r = run(roots, 1, NULL);
    if (r.ret != 1) bad = 1;
    if (count_notices(&r, DC_NOTICE_ERROR, t, "locked", "permission denied") != 1) bad = 1;
    if (!find_file(&r, t, "other/ok.py") || find_file(&r, t, "locked/x.py")) bad = 1;
    if (!run_invariants_ok(&r)) bad = 1;
    if (bad) dump_notices(&r);
    run_free(&r);
    return bad;
}

DC_TEST(unreadable_directory_is_an_error_and_walk_goes_on) {
    char *t = tmp_make();
    put(t, "locked/x.py", "");
    put(t, "other/ok.py", "");
    char *locked = pjoin(t, "locked");
    CHECK_EQ_INT(chmod(locked, 0), 0);
    if (geteuid() != 0) {
        CHECK_EQ_INT(check_unreadable(t), 0);
    } else {
        /* Root bypasses permission bits (CAP_DAC_READ_SEARCH), so opendir succeeds and there
         * is no EACCES to observe here: only check the walk completes consistently... */
        const char *roots[] = {t};
        run_result r = run(roots, 1, NULL);
        CHECK(find_file(&r, t, "other/ok.py") != NULL);
        CHECK(run_invariants_ok(&r));
        run_free(&r);
        /* ...and, where the sandbox allows dropping privileges, repeat the real check in a
         * child running as nobody. */
        CHECK_EQ_INT(chmod(t, 0755), 0);
        pid_t pid = fork();
        if (pid == 0) {
            if (setgid(65534) != 0 || setuid(65534) != 0) _exit(77);
            _exit(check_unreadable(t) ? 1 : 0);
        }
        int st = 0;
        CHECK(pid > 0 && waitpid(pid, &st, 0) == pid);
        CHECK(WIFEXITED(st));
        if (WIFEXITED(st) && WEXITSTATUS(st) == 77)
            fprintf(stderr, "note: cannot drop privileges; EACCES check skipped\n");
        else
            CHECK_EQ_INT(WEXITSTATUS(st), 0);
    }
    chmod(locked, 0755);
    free(locked);
    tmp_free(t);
}

DC_TEST_MAIN
