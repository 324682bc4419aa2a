/* rules.c: the rule set: loading rule files (built-in, --rules DIR, a buffer) into it, looking
 * rules up, --select/--ignore filtering, the known toolkits, and the merged query per language,
 * compiled on first use.
 *
 * The work is split by stage: ruleset/ruleload.c reads a rule file's YAML into a dc_rule,
 * ruleset/compile.c turns rules into merged tree-sitter queries with their dc_pred predicates and
 * witnesses; this file owns the container and says when each stage runs.
 *
 * Start-up cost: ts_query_new of a merged query is tree-sitter's pattern analysis, 0.1-0.2 s of
 * CPU per language, far more than anything else a run does on a small tree. Hence one query per
 * language rather than per (language, profile) (placeholders live only in predicate values, see
 * rules.h), built lazily under a lock per language so two workers compile two languages at once
 * (ruleset/compile.c has the measurements).
 */
#include "ruleset/rules.h"
#include "ruleset/qrelax.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ruleset/embedded.h"
#include "common/diag.h"
#include "common/fileio.h"
#include "common/recover.h"
#include "common/text.h"
#include "ruleset/rules_p.h"

struct dc_ruleset {
    DC_VEC(dc_rule *) rules;
    DC_VEC(char *) removed_ids; /* ids filtered out by --select/--ignore */
    DC_VEC(char *) toolkits; /* sorted */
    dc_provider_table providers; /* rules/providers.yml */
    struct {
        pthread_mutex_t lock; /* per language: compiling python does not block typescript */
        bool compiled, exact_compiled;
        dc_cquery *query;
        dc_cquery *exact; /* as written, for the files the relaxed one cannot do (engine.c) */
        uint32_t errors;  /* reported while compiling (dc_ruleset_compile_errors) */
    } slots[DC_LANG_COUNT];
};

dc_ruleset *dc_ruleset_new(void) {
    dc_ruleset *rs = dc_xcalloc(1, sizeof *rs);
    for (int l = 0; l < DC_LANG_COUNT; l++) pthread_mutex_init(&rs->slots[l].lock, NULL);
    return rs;
}

void dc_ruleset_free(dc_ruleset *rs) {
    if (!rs) return;
    for (uint32_t i = 0; i < rs->rules.len; i++) dc_rule_free(rs->rules.v[i]);
    dc_vec_free(&rs->rules);
    for (uint32_t i = 0; i < rs->toolkits.len; i++) free(rs->toolkits.v[i]);
    dc_vec_free(&rs->toolkits);
    dc_providers_free(&rs->providers);
    for (uint32_t i = 0; i < rs->removed_ids.len; i++) free(rs->removed_ids.v[i]);
    dc_vec_free(&rs->removed_ids);
    for (int l = 0; l < DC_LANG_COUNT; l++) {
        dc_cquery_free(rs->slots[l].query);
        dc_cquery_free(rs->slots[l].exact);
        pthread_mutex_destroy(&rs->slots[l].lock);
    }
    free(rs);
}

static void ruleset_add(dc_ruleset *rs, dc_rule *r) {
    for (uint32_t i = 0; i < rs->rules.len; i++) {
        if (strcmp(rs->rules.v[i]->id, r->id) == 0) {
            /* Said on every run, not once: a rule file in a cloned tree (through its
             * .dcmigrate.yml) can change what a built-in rule finds and how --fix rewrites, and
             * the person running dcmigrate must see that it happened. */
            if (rs->rules.v[i]->builtin && !r->builtin)
                dc_diag(DC_DIAG_WARNING, r->origin, 0, 0,
                        "rule `%s` replaces the built-in rule of that id; this run uses this file's version", r->id);
            dc_rule_free(rs->rules.v[i]);
            rs->rules.v[i] = r;
            return;
        }
    }
    dc_vec_push(&rs->rules, r);
}

static int cmp_rule(const void *a, const void *b) {
    return strcmp((*(dc_rule *const *)a)->id, (*(dc_rule *const *)b)->id);
}

static void ruleset_sort(dc_ruleset *rs) {
    if (rs->rules.len > 1) qsort(rs->rules.v, rs->rules.len, sizeof *rs->rules.v, cmp_rule);
    for (uint32_t i = 0; i < rs->rules.len; i++) rs->rules.v[i]->index = i;
}

int dc_ruleset_load_buffer(dc_ruleset *rs, const char *origin, const char *data, size_t len, bool builtin) {
    dc_yaml y;
    int errors = dc_yaml_load(&y, origin, data, len, true);
    dc_rule *r = errors ? NULL : dc_rule_parse(&y, data, len);
    errors = y.errors;
    dc_yaml_free(&y);
    if (r) {
        r->builtin = builtin;
        /* Built-in queries are checked by the test suite and compiled lazily, per language, when
         * a file needs them; user rules are checked in full now so a mistake is reported even
         * when no file of that language is scanned. */
        int errs = dc_rule_check(origin, r, !builtin);
        if (errs) {
            dc_rule_free(r);
            return errs;
        }
        ruleset_add(rs, r);
        ruleset_sort(rs);
    }
    return errors;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void load_toolkits(dc_ruleset *rs, const char *data, size_t len) {
    const char *p = data, *end = data + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        const char *s = p;
        while (s < le && (*s == ' ' || *s == '\t')) s++;
        const char *e = le;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) e--;
        if (e > s && *s != '#') dc_vec_push(&rs->toolkits, dc_xstrndup(s, (size_t)(e - s)));
        p = le + 1;
    }
    if (rs->toolkits.len > 1) qsort(rs->toolkits.v, rs->toolkits.len, sizeof *rs->toolkits.v, cmp_str);
}

int dc_ruleset_load_builtin(dc_ruleset *rs) {
    int errors = 0;
    for (const dc_embedded_file *f = dc_embedded_files; f->name; f++) {
        if (strcmp(f->name, DC_PROVIDERS_FILE) == 0) errors += dc_providers_load(&rs->providers, f->name, f->data, f->len);
        else if (dc_str_ends_with(f->name, ".yml")) errors += dc_ruleset_load_buffer(rs, f->name, f->data, f->len, true);
        else if (strcmp(f->name, "rules/toolkits.txt") == 0) load_toolkits(rs, f->data, f->len);
    }
    return errors;
}

/* Reads one rule file of a directory: refused when it resolves out of `confine` (a symbolic link
 * in a config's rule directory must not read a file from elsewhere), else read as a regular file
 * (common/fileio.h: a FIFO named x.yml must not block the run until a writer comes). */
static int load_dir_file(dc_ruleset *rs, const char *path, const char *confine) {
    /* a dangling link does not resolve: the read below says so */
    if (confine && access(path, F_OK) == 0 && !dc_file_within(confine, path)) {
        dc_buf shown = DC_BUF_INIT;
        dc_text_quote_path(&shown, confine);
        dc_diag(DC_DIAG_ERROR, path, 0, 0, "a symbolic link out of the repository (%s); rule file not loaded", shown.p);
        dc_buf_free(&shown);
        return 1;
    }
    dc_buf data = DC_BUF_INIT;
    int err, errors;
    dc_file_status st = dc_file_read_regular(path, &data, &err);
    if (st != DC_FILE_OK) {
        dc_diag(DC_DIAG_ERROR, path, 0, 0, "cannot read rule file: %s", dc_file_strerror(st, err));
        errors = 1;
    } else {
        errors = dc_ruleset_load_buffer(rs, path, data.p, data.len, false);
    }
    dc_buf_free(&data);
    return errors;
}

int dc_ruleset_load_dir(dc_ruleset *rs, const char *dir, const char *confine) {
    DIR *d = opendir(dir);
    if (!d) {
        dc_diag(DC_DIAG_ERROR, dir, 0, 0, "cannot read rules directory: %s", strerror(errno));
        return 1;
    }
    DC_VEC(char *) names = {0};
    struct dirent *de;
    while ((de = readdir(d)))
        if (de->d_name[0] != '.' && (dc_str_ends_with(de->d_name, ".yml") || dc_str_ends_with(de->d_name, ".yaml")))
            dc_vec_push(&names, dc_xstrdup(de->d_name));
    closedir(d);
    if (names.len > 1) qsort(names.v, names.len, sizeof *names.v, cmp_str);
    int errors = 0;
    for (uint32_t i = 0; i < names.len; i++) {
        dc_buf path = DC_BUF_INIT;
        dc_buf_printf(&path, "%s%s%s", dir, dc_str_ends_with(dir, "/") ? "" : "/", names.v[i]);
        errors += load_dir_file(rs, path.p, confine);
        dc_buf_free(&path);
        free(names.v[i]);
    }
    dc_vec_free(&names);
    return errors;
}

uint32_t dc_ruleset_count(const dc_ruleset *rs) { return rs->rules.len; }
const dc_rule *dc_ruleset_get(const dc_ruleset *rs, uint32_t i) { return i < rs->rules.len ? rs->rules.v[i] : NULL; }

const dc_provider_table *dc_ruleset_providers(const dc_ruleset *rs) { return &rs->providers; }

const dc_rule *dc_ruleset_find(const dc_ruleset *rs, const char *id) {
    for (uint32_t i = 0; i < rs->rules.len; i++)
        if (strcmp(rs->rules.v[i]->id, id) == 0) return rs->rules.v[i];
    return NULL;
}

bool dc_ruleset_knows(const dc_ruleset *rs, const char *id) {
    if (dc_ruleset_find(rs, id)) return true;
    for (uint32_t i = 0; i < rs->removed_ids.len; i++)
        if (strcmp(rs->removed_ids.v[i], id) == 0) return true;
    return false;
}

void dc_ruleset_filter(dc_ruleset *rs, bool (*keep)(const dc_rule *, void *), void *ctx) {
    uint32_t j = 0;
    for (uint32_t i = 0; i < rs->rules.len; i++) {
        if (keep(rs->rules.v[i], ctx)) {
            rs->rules.v[j++] = rs->rules.v[i];
        } else {
            dc_vec_push(&rs->removed_ids, dc_xstrdup(rs->rules.v[i]->id));
            dc_rule_free(rs->rules.v[i]);
        }
    }
    rs->rules.len = j;
    ruleset_sort(rs);
}

bool dc_toolkit_known(const dc_ruleset *rs, const char *slug, size_t len) {
    uint32_t lo = 0, hi = rs->toolkits.len;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        const char *t = rs->toolkits.v[mid];
        int c = strncmp(t, slug, len);
        if (c == 0) c = t[len] ? 1 : 0;
        if (c == 0) return true;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return false;
}

const char *dc_toolkit_in_words(const dc_ruleset *rs, dc_arena *a, char *const *words, uint32_t n) {
    const char *found = NULL;
    dc_buf cand = DC_BUF_INIT, under = DC_BUF_INIT;
    for (uint32_t i = 0; i < n; i++) {
        for (uint32_t span = 1; span <= 3 && i + span <= n; span++) {
            dc_buf_reset(&cand);
            dc_buf_reset(&under);
            for (uint32_t j = i; j < i + span; j++) {
                dc_buf_adds(&cand, words[j]);
                if (j > i) dc_buf_addc(&under, '_');
                dc_buf_adds(&under, words[j]);
            }
            const char *hit = NULL;
            if (dc_toolkit_known(rs, cand.p, cand.len))
                hit = cand.p;
            else if (span > 1 && dc_toolkit_known(rs, under.p, under.len))
                hit = under.p;
            if (!hit) continue;
            if (found && strcmp(found, hit) != 0) {
                found = NULL; /* names two toolkits: ambiguous */
                goto out;
            }
            if (!found) found = dc_arena_strdup(a, hit);
        }
    }
out:
    dc_buf_free(&cand);
    dc_buf_free(&under);
    return found;
}

int dc_ruleset_validate(dc_ruleset *rs) {
    int errors = 0;
    for (uint32_t i = 0; i < rs->rules.len; i++) errors += dc_rule_check(rs->rules.v[i]->origin, rs->rules.v[i], true);
    return errors;
}

const dc_cquery *dc_ruleset_query(dc_ruleset *rs, dc_lang lang) {
    if ((unsigned)lang >= DC_LANG_COUNT || !dc_lang_grammar(lang)) return NULL;
    dc_recover_hold(); /* no escape while the lock is held: it would stay taken (common/recover.h) */
    pthread_mutex_lock(&rs->slots[lang].lock);
    if (!rs->slots[lang].compiled) {
        rs->slots[lang].query =
            dc_cquery_merge(rs->rules.v, rs->rules.len, lang, dc_query_relax_enabled(), &rs->slots[lang].errors);
        rs->slots[lang].compiled = true;
    }
    const dc_cquery *q = rs->slots[lang].query;
    pthread_mutex_unlock(&rs->slots[lang].lock);
    dc_recover_release();
    return q;
}

uint32_t dc_ruleset_compile_errors(dc_ruleset *rs) {
    uint32_t n = 0;
    for (int l = 0; l < DC_LANG_COUNT; l++) {
        pthread_mutex_lock(&rs->slots[l].lock);
        n += rs->slots[l].errors;
        pthread_mutex_unlock(&rs->slots[l].lock);
    }
    return n;
}

const dc_cquery *dc_ruleset_query_exact(dc_ruleset *rs, dc_lang lang) {
    const dc_cquery *q = dc_ruleset_query(rs, lang);
    if (!q || !q->capture_kind) return q; /* nothing was relaxed */
    dc_recover_hold();
    pthread_mutex_lock(&rs->slots[lang].lock);
    if (!rs->slots[lang].exact_compiled) {
        /* The same entries as the relaxed query, which compiled: nothing left to report. */
        uint32_t none;
        rs->slots[lang].exact = dc_cquery_merge(rs->rules.v, rs->rules.len, lang, false, &none);
        rs->slots[lang].exact_compiled = true;
    }
    q = rs->slots[lang].exact;
    pthread_mutex_unlock(&rs->slots[lang].lock);
    dc_recover_release();
    return q;
}
