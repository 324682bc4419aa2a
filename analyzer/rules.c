/* rules.c: loading rule files (libyaml document API, strict schema), compiling their queries
 * into one merged tree-sitter query per language so a file is matched in a single cursor pass,
 * and turning query predicates into dc_pred for the engine.
 *
 * Start-up cost: ts_query_new of a merged query is tree-sitter's pattern analysis, 0.1-0.2 s of
 * CPU per language, far more than anything else a run does on a small tree. Hence one query per
 * language rather than per (language, profile) (placeholders live only in predicate values, see
 * rules.h), built lazily under a lock per language so two workers compile two languages at once.
 * Measured with 0.20.7: the analysis costs about 1 ms per node pattern that has children when the
 * node is an expression (attribute, member_expression, call, arguments, list: parse states where
 * it can start are many), and the same whether alternatives are one alternation or separate
 * patterns; merging alternatives that share a parent (`keyword_argument value: [...]`) saved
 * nothing measurable. legacy-terms costs most (~50 ms per language) only because it spells out
 * ~20 contexts of `Action.X`; fewer such nodes would need a context check outside the query.
 */
#include "analyzer/rules.h"
#include "analyzer/qrelax.h"
#include "analyzer/witness.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "analyzer/embedded.h"
#include "common/diag.h"
#include "common/yamlschema.h"

struct dc_ruleset {
    DC_VEC(dc_rule *) rules;
    DC_VEC(char *) removed_ids; /* ids filtered out by --select/--ignore */
    DC_VEC(char *) toolkits; /* sorted */
    struct {
        pthread_mutex_t lock; /* per language: compiling python does not block typescript */
        bool compiled, exact_compiled;
        dc_cquery *query;
        dc_cquery *exact; /* as written, for the files the relaxed one cannot do (engine.c) */
    } slots[DC_LANG_COUNT];
};

static void rule_free(dc_rule *r) {
    if (!r) return;
    free(r->id);
    free(r->summary);
    free(r->message);
    free(r->note);
    free(r->fixer);
    free(r->fix_replace);
    free(r->fix_template);
    free(r->origin);
    for (uint32_t i = 0; i < r->nexamples; i++) {
        free(r->examples[i].before);
        free(r->examples[i].after);
    }
    free(r->examples);
    for (uint32_t i = 0; i < r->nprefilter; i++) free(r->prefilter[i]);
    free(r->prefilter);
    for (uint32_t i = 0; i < r->nentries; i++) {
        dc_match_entry *e = &r->entries[i];
        free(e->query);
        free(e->regex);
        free(e->receiver);
        free(e->class_capture);
        for (uint32_t k = 0; k < e->nwhere; k++) {
            free(e->where[k].capture);
            free(e->where[k].regex);
        }
        free(e->where);
        for (int p = 0; p < DC_PROFILE_COUNT; p++) pcre2_code_free(e->regex_re[p]);
    }
    free(r->entries);
    free(r);
}

static void pstr_free(dc_pstr *s) {
    if (s->v[DC_PROFILE_COMPOSIO] != s->v[DC_PROFILE_DEVCASTER]) free(s->v[DC_PROFILE_COMPOSIO]);
    free(s->v[DC_PROFILE_DEVCASTER]);
    memset(s, 0, sizeof *s);
}

static void pred_free(dc_pred *p) {
    pstr_free(&p->literal);
    for (uint32_t j = 0; j < p->nany; j++) pstr_free(&p->any[j]);
    free(p->any);
    if (p->re[DC_PROFILE_COMPOSIO] != p->re[DC_PROFILE_DEVCASTER]) pcre2_code_free(p->re[DC_PROFILE_COMPOSIO]);
    pcre2_code_free(p->re[DC_PROFILE_DEVCASTER]);
}

static void cquery_free(dc_cquery *q) {
    if (!q) return;
    for (uint32_t i = 0; i < q->npatterns; i++) {
        dc_cpattern *p = &q->patterns[i];
        for (uint32_t k = 0; k < p->npreds; k++) pred_free(&p->preds[k]);
        free(p->preds);
    }
    free(q->patterns);
    free(q->capture_kind);
    dc_witness_free(q->witness);
    if (q->query) ts_query_delete(q->query);
    free(q);
}

dc_ruleset *dc_ruleset_new(void) {
    dc_ruleset *rs = dc_xcalloc(1, sizeof *rs);
    for (int l = 0; l < DC_LANG_COUNT; l++) pthread_mutex_init(&rs->slots[l].lock, NULL);
    return rs;
}

void dc_ruleset_free(dc_ruleset *rs) {
    if (!rs) return;
    for (uint32_t i = 0; i < rs->rules.len; i++) rule_free(rs->rules.v[i]);
    dc_vec_free(&rs->rules);
    for (uint32_t i = 0; i < rs->toolkits.len; i++) free(rs->toolkits.v[i]);
    dc_vec_free(&rs->toolkits);
    for (uint32_t i = 0; i < rs->removed_ids.len; i++) free(rs->removed_ids.v[i]);
    dc_vec_free(&rs->removed_ids);
    for (int l = 0; l < DC_LANG_COUNT; l++) {
        cquery_free(rs->slots[l].query);
        cquery_free(rs->slots[l].exact);
        pthread_mutex_destroy(&rs->slots[l].lock);
    }
    free(rs);
}

/* ---- YAML parsing ----------------------------------------------------------------------- */

typedef struct loader {
    yaml_document_t *doc;
    const char *origin;
    int errors;
    const char *data; /* raw file, to find a block scalar's indentation */
    size_t len;
} loader;

/* Indentation of 1-based `line` of the raw file: the column offset of a block scalar's text. */
static uint32_t line_indent(const loader *L, uint32_t line) {
    const char *p = L->data, *end = L->data + L->len;
    for (uint32_t l = 1; l < line && p < end; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) return 0;
        p = nl + 1;
    }
    uint32_t n = 0;
    while (p < end && *p == ' ') p++, n++;
    return n;
}

#define LOC(n) (uint32_t)((n)->start_mark.line + 1), (uint32_t)((n)->start_mark.column + 1)

static yaml_node_t *node_at(loader *L, int idx) { return yaml_document_get_node(L->doc, idx); }

static bool is_scalar(loader *L, yaml_node_t *n, const char *what) {
    if (n && n->type == YAML_SCALAR_NODE) return true;
    if (n)
        dc_diag(DC_DIAG_ERROR, L->origin, LOC(n), "`%s` must be a string", what);
    else
        dc_diag(DC_DIAG_ERROR, L->origin, 0, 0, "`%s` must be a string", what);
    L->errors++;
    return false;
}

static char *scalar_dup(yaml_node_t *n) {
    return dc_xstrndup((const char *)n->data.scalar.value, n->data.scalar.length);
}

static bool scalar_is(yaml_node_t *n, const char *s) {
    return n->type == YAML_SCALAR_NODE && n->data.scalar.length == strlen(s) &&
           memcmp(n->data.scalar.value, s, n->data.scalar.length) == 0;
}

/* The line a block scalar's text starts on: `query: |` puts the text on the next line. */
static uint32_t scalar_text_line(yaml_node_t *n) {
    uint32_t line = (uint32_t)n->start_mark.line + 1;
    if (n->data.scalar.style == YAML_LITERAL_SCALAR_STYLE || n->data.scalar.style == YAML_FOLDED_SCALAR_STYLE)
        line++;
    return line;
}

static bool valid_id(const char *id) {
    if (!*id) return false;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')) return false;
    return true;
}

static bool set_lang_key(loader *L, yaml_node_t *v, dc_match_entry *e, dc_family *fam) {
    if (!is_scalar(L, v, "language")) return false;
    const char *s = (const char *)v->data.scalar.value;
    memset(e->langs, 0, sizeof e->langs);
    if (strcmp(s, "python") == 0) {
        *fam = DC_FAMILY_PYTHON;
        e->langs[DC_LANG_PYTHON] = true;
    } else if (strcmp(s, "typescript") == 0) {
        *fam = DC_FAMILY_TS;
        e->langs[DC_LANG_TYPESCRIPT] = e->langs[DC_LANG_TSX] = e->langs[DC_LANG_JAVASCRIPT] = true;
    } else if (strcmp(s, "dotenv") == 0) {
        *fam = DC_FAMILY_DOTENV;
        e->langs[DC_LANG_DOTENV] = true;
    } else {
        dc_diag(DC_DIAG_ERROR, L->origin, LOC(v), "unknown language `%s` (expected python, typescript or dotenv)",
                s);
        L->errors++;
        return false;
    }
    return true;
}

static void parse_where(loader *L, yaml_node_t *m, dc_match_entry *e) {
    if (m->type != YAML_MAPPING_NODE) {
        dc_diag(DC_DIAG_ERROR, L->origin, LOC(m), "`where` must map capture names to regular expressions");
        L->errors++;
        return;
    }
    size_t n = (size_t)(m->data.mapping.pairs.top - m->data.mapping.pairs.start);
    e->where = dc_xcalloc(n ? n : 1, sizeof *e->where);
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node_at(L, p->key), *v = node_at(L, p->value);
        if (!is_scalar(L, k, "where key") || !is_scalar(L, v, "where value")) continue;
        dc_where *w = &e->where[e->nwhere++];
        const char *key = (const char *)k->data.scalar.value;
        w->negate = key[0] == '!';
        w->capture = dc_xstrdup(key + (w->negate ? 1 : 0));
        w->regex = scalar_dup(v);
        w->line = (uint32_t)v->start_mark.line + 1;
        w->col = (uint32_t)v->start_mark.column + 1;
    }
}

static void parse_entry(loader *L, yaml_node_t *m, dc_rule *r) {
    if (m->type != YAML_MAPPING_NODE) {
        dc_diag(DC_DIAG_ERROR, L->origin, LOC(m), "each `match` entry must be a mapping");
        L->errors++;
        return;
    }
    r->entries = dc_xrealloc(r->entries, (r->nentries + 1) * sizeof *r->entries);
    dc_match_entry *e = &r->entries[r->nentries++];
    memset(e, 0, sizeof *e);
    e->line = (uint32_t)m->start_mark.line + 1;
    e->col = (uint32_t)m->start_mark.column + 1;
    yaml_node_t *only = NULL;
    bool have_lang = false, have_client = false;
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node_at(L, p->key), *v = node_at(L, p->value);
        if (!is_scalar(L, k, "key")) continue;
        if (scalar_is(k, "language")) {
            have_lang = set_lang_key(L, v, e, &e->family);
        } else if (scalar_is(k, "only")) {
            only = v;
        } else if (scalar_is(k, "query")) {
            if (!is_scalar(L, v, "query")) continue;
            e->query = scalar_dup(v);
            e->line = scalar_text_line(v);
            if (v->data.scalar.style == YAML_LITERAL_SCALAR_STYLE || v->data.scalar.style == YAML_FOLDED_SCALAR_STYLE)
                e->col = line_indent(L, e->line) + 1;
            else
                e->col = (uint32_t)v->start_mark.column + 1 +
                         (v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE ? 0 : 1);
        } else if (scalar_is(k, "regex")) {
            if (!is_scalar(L, v, "regex")) continue;
            e->regex = scalar_dup(v);
            e->line = (uint32_t)v->start_mark.line + 1;
            e->col = (uint32_t)v->start_mark.column + 1;
        } else if (scalar_is(k, "receiver")) {
            if (is_scalar(L, v, "receiver")) e->receiver = scalar_dup(v);
        } else if (scalar_is(k, "class") || scalar_is(k, "legacy_class")) {
            bool legacy = scalar_is(k, "legacy_class");
            if (e->class_capture) {
                dc_diag(DC_DIAG_ERROR, L->origin, LOC(k), "a match entry has one of `class` and `legacy_class`");
                L->errors++;
            } else if (is_scalar(L, v, legacy ? "legacy_class" : "class")) {
                e->class_capture = scalar_dup(v);
                e->class_legacy = legacy;
            }
        } else if (scalar_is(k, "client")) {
            if (!is_scalar(L, v, "client")) continue;
            have_client = true;
            if (scalar_is(v, "required")) e->client = DC_CLIENT_REQUIRED;
            else if (scalar_is(v, "likely")) e->client = DC_CLIENT_LIKELY;
            else if (scalar_is(v, "legacy_enum")) e->client = DC_CLIENT_LEGACY_ENUM;
            else {
                dc_diag(DC_DIAG_ERROR, L->origin, LOC(v), "`client` must be `required`, `likely` or `legacy_enum`");
                L->errors++;
            }
        } else if (scalar_is(k, "where")) {
            parse_where(L, v, e);
        } else {
            dc_diag(DC_DIAG_ERROR, L->origin, LOC(k), "unknown key `%s` in a match entry",
                    (const char *)k->data.scalar.value);
            L->errors++;
        }
    }
    if (!have_lang) {
        dc_diag(DC_DIAG_ERROR, L->origin, LOC(m), "match entry needs `language`");
        L->errors++;
        return;
    }
    if (only) {
        if (only->type != YAML_SEQUENCE_NODE || e->family != DC_FAMILY_TS) {
            dc_diag(DC_DIAG_ERROR, L->origin, LOC(only),
                    "`only` must be a list of typescript, tsx, javascript and needs `language: typescript`");
            L->errors++;
        } else {
            bool keep[DC_LANG_COUNT] = {0};
            for (yaml_node_item_t *it = only->data.sequence.items.start; it < only->data.sequence.items.top; it++) {
                yaml_node_t *v = node_at(L, *it);
                if (!is_scalar(L, v, "only")) continue;
                dc_lang lg = dc_lang_from_name((const char *)v->data.scalar.value);
                if (dc_lang_family(lg) != DC_FAMILY_TS) {
                    dc_diag(DC_DIAG_ERROR, L->origin, LOC(v), "`only` accepts typescript, tsx, javascript");
                    L->errors++;
                } else {
                    keep[lg] = true;
                }
            }
            memcpy(e->langs, keep, sizeof keep);
        }
    }
    if (e->family == DC_FAMILY_DOTENV) {
        if (!e->regex || e->query) {
            dc_diag(DC_DIAG_ERROR, L->origin, e->line, e->col, "a dotenv entry needs `regex` (and no `query`)");
            L->errors++;
        }
    } else if (!e->query || e->regex) {
        dc_diag(DC_DIAG_ERROR, L->origin, e->line, e->col, "a %s entry needs `query` (and no `regex`)",
                e->family == DC_FAMILY_PYTHON ? "python" : "typescript");
        L->errors++;
    }
    if (e->receiver && !have_client) e->client = DC_CLIENT_LIKELY;
    if (!e->receiver && have_client) {
        dc_diag(DC_DIAG_ERROR, L->origin, e->line, e->col, "`client` needs `receiver`");
        L->errors++;
    }
    r->families[e->family] = true;
}

static void parse_fix(loader *L, yaml_node_t *m, dc_rule *r) {
    if (m->type != YAML_MAPPING_NODE) {
        dc_diag(DC_DIAG_ERROR, L->origin, LOC(m), "`fix` must be a mapping");
        L->errors++;
        return;
    }
    r->fix_app = DC_APP_SAFE;
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node_at(L, p->key), *v = node_at(L, p->value);
        if (!is_scalar(L, k, "key") || !is_scalar(L, v, (const char *)k->data.scalar.value)) continue;
        if (scalar_is(k, "fixer")) r->fixer = scalar_dup(v);
        else if (scalar_is(k, "replace")) r->fix_replace = scalar_dup(v);
        else if (scalar_is(k, "template")) r->fix_template = scalar_dup(v);
        else if (scalar_is(k, "applicability")) {
            int a = dc_applicability_from_name((const char *)v->data.scalar.value);
            if (a < DC_APP_MANUAL) {
                dc_diag(DC_DIAG_ERROR, L->origin, LOC(v), "`applicability` must be safe, unsafe or manual");
                L->errors++;
            } else {
                r->fix_app = (dc_applicability)a;
            }
        } else {
            dc_diag(DC_DIAG_ERROR, L->origin, LOC(k), "unknown key `%s` in `fix`", (const char *)k->data.scalar.value);
            L->errors++;
        }
    }
    if (!r->fixer && !(r->fix_replace && r->fix_template) && r->fix_app != DC_APP_MANUAL) {
        dc_diag(DC_DIAG_ERROR, L->origin, LOC(m), "`fix` needs `fixer`, or `replace` + `template`");
        L->errors++;
    }
}

static void parse_examples(loader *L, yaml_node_t *s, dc_rule *r) {
    if (s->type != YAML_SEQUENCE_NODE) {
        dc_diag(DC_DIAG_ERROR, L->origin, LOC(s), "`examples` must be a list");
        L->errors++;
        return;
    }
    for (yaml_node_item_t *it = s->data.sequence.items.start; it < s->data.sequence.items.top; it++) {
        yaml_node_t *m = node_at(L, *it);
        if (m->type != YAML_MAPPING_NODE) {
            dc_diag(DC_DIAG_ERROR, L->origin, LOC(m), "each example must be a mapping");
            L->errors++;
            continue;
        }
        r->examples = dc_xrealloc(r->examples, (r->nexamples + 1) * sizeof *r->examples);
        dc_example *ex = &r->examples[r->nexamples++];
        memset(ex, 0, sizeof *ex);
        for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
            yaml_node_t *k = node_at(L, p->key), *v = node_at(L, p->value);
            if (!is_scalar(L, k, "key") || !is_scalar(L, v, "example field")) continue;
            if (scalar_is(k, "language")) {
                dc_match_entry tmp;
                set_lang_key(L, v, &tmp, &ex->family);
            } else if (scalar_is(k, "before")) {
                free(ex->before);
                ex->before = scalar_dup(v);
            } else if (scalar_is(k, "after")) {
                free(ex->after);
                ex->after = scalar_dup(v);
            } else {
                dc_diag(DC_DIAG_ERROR, L->origin, LOC(k), "unknown key `%s` in an example",
                        (const char *)k->data.scalar.value);
                L->errors++;
            }
        }
    }
}

static dc_rule *parse_rule(loader *L, yaml_node_t *root) {
    if (!root || root->type != YAML_MAPPING_NODE) {
        if (root)
            dc_diag(DC_DIAG_ERROR, L->origin, LOC(root), "a rule file must be a YAML mapping");
        else
            dc_diag(DC_DIAG_ERROR, L->origin, 1, 1, "a rule file must be a YAML mapping (the file is empty)");
        L->errors++;
        return NULL;
    }
    dc_rule *r = dc_xcalloc(1, sizeof *r);
    r->origin = dc_xstrdup(L->origin);
    r->severity = DC_SEV_WARNING;
    int errors_before = L->errors;
    bool have_sev = false;
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node_at(L, p->key), *v = node_at(L, p->value);
        if (!is_scalar(L, k, "key")) continue;
        const char *key = (const char *)k->data.scalar.value;
        if (strcmp(key, "id") == 0) {
            if (!is_scalar(L, v, key)) continue;
            r->id = scalar_dup(v);
            if (!valid_id(r->id)) {
                dc_diag(DC_DIAG_ERROR, L->origin, LOC(v), "rule id `%s` must match [a-z0-9-]+", r->id);
                L->errors++;
            }
        } else if (strcmp(key, "severity") == 0) {
            if (!is_scalar(L, v, key)) continue;
            int s = dc_severity_from_name((const char *)v->data.scalar.value);
            have_sev = true;
            if (s < 0) {
                dc_diag(DC_DIAG_ERROR, L->origin, LOC(v), "severity must be error, warning or info");
                L->errors++;
            } else {
                r->severity = (dc_severity)s;
            }
        } else if (strcmp(key, "prefilter") == 0) {
            if (v->type != YAML_SEQUENCE_NODE) {
                dc_diag(DC_DIAG_ERROR, L->origin, LOC(v), "`prefilter` must be a list of literals");
                L->errors++;
                continue;
            }
            for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
                yaml_node_t *lit = node_at(L, *it);
                if (!is_scalar(L, lit, "prefilter") || !lit->data.scalar.length) continue;
                r->prefilter = dc_xrealloc(r->prefilter, (r->nprefilter + 1) * sizeof *r->prefilter);
                r->prefilter[r->nprefilter++] = scalar_dup(lit);
            }
        } else if (strcmp(key, "kind") == 0) {
            if (!is_scalar(L, v, key)) continue;
            if (scalar_is(v, "engine")) r->engine = true;
            else if (!scalar_is(v, "query")) {
                dc_diag(DC_DIAG_ERROR, L->origin, LOC(v), "`kind` must be query or engine");
                L->errors++;
            }
        } else if (strcmp(key, "progress") == 0) {
            if (!is_scalar(L, v, key)) continue;
            if (scalar_is(v, "true")) r->progress = true;
            else if (!scalar_is(v, "false")) {
                dc_diag(DC_DIAG_ERROR, L->origin, LOC(v), "`progress` must be true or false");
                L->errors++;
            }
        } else if (strcmp(key, "summary") == 0) {
            if (is_scalar(L, v, key)) r->summary = scalar_dup(v);
        } else if (strcmp(key, "message") == 0) {
            if (is_scalar(L, v, key)) r->message = scalar_dup(v);
        } else if (strcmp(key, "note") == 0) {
            if (is_scalar(L, v, key)) r->note = scalar_dup(v);
        } else if (strcmp(key, "fix") == 0) {
            parse_fix(L, v, r);
        } else if (strcmp(key, "examples") == 0) {
            parse_examples(L, v, r);
        } else if (strcmp(key, "match") == 0) {
            if (v->type == YAML_SEQUENCE_NODE) {
                for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++)
                    parse_entry(L, node_at(L, *it), r);
            } else {
                parse_entry(L, v, r);
            }
        } else {
            dc_diag(DC_DIAG_ERROR, L->origin, LOC(k),
                    "unknown key `%s` (expected id, severity, summary, message, note, fix, examples, match, kind, progress, prefilter)", key);
            L->errors++;
        }
    }
    const char *missing = !r->id ? "id" : !have_sev ? "severity" : !r->message ? "message" : !r->note ? "note"
                          : (!r->nentries && !r->engine) ? "match" : NULL;
    if (r->engine) r->families[DC_FAMILY_PYTHON] = r->families[DC_FAMILY_TS] = r->families[DC_FAMILY_DOTENV] = true;
    if (missing) {
        dc_diag(DC_DIAG_ERROR, L->origin, LOC(root), "rule is missing `%s`", missing);
        L->errors++;
    }
    if (L->errors != errors_before) {
        rule_free(r);
        return NULL;
    }
    if (!r->summary) {
        const char *dot = strstr(r->message, ". ");
        r->summary = dot ? dc_xstrndup(r->message, (size_t)(dot - r->message)) : dc_xstrdup(r->message);
    }
    return r;
}

/* Compiles the dotenv regexes and checks every query and where-regex of one rule, for each
 * profile and grammar, so a broken rule is reported at load time with its location. */
static int rule_check(const char *origin, dc_rule *r, bool queries);

static void ruleset_add(dc_ruleset *rs, dc_rule *r) {
    for (uint32_t i = 0; i < rs->rules.len; i++) {
        if (strcmp(rs->rules.v[i]->id, r->id) == 0) {
            rule_free(rs->rules.v[i]);
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
    yaml_parser_t parser;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&parser)) dc_die("libyaml: cannot initialise parser");
    yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
    if (!yaml_parser_load(&parser, &doc)) {
        dc_diag(DC_DIAG_ERROR, origin, (uint32_t)parser.problem_mark.line + 1,
                (uint32_t)parser.problem_mark.column + 1, "invalid YAML: %s%s%s", parser.problem ? parser.problem : "error",
                parser.context ? " " : "", parser.context ? parser.context : "");
        yaml_parser_delete(&parser);
        return 1;
    }
    /* Checked on the whole document before the schema walk, so no part of it ever sees a key
     * twice (parse_where and friends may assume one value per key). Other schema errors of such
     * a file show up once the duplicate is fixed. */
    int dups = dc_yaml_duplicate_keys(&doc, origin);
    if (dups) {
        yaml_document_delete(&doc);
        yaml_parser_delete(&parser);
        return dups;
    }
    loader L = {&doc, origin, 0, data, len};
    dc_rule *r = parse_rule(&L, yaml_document_get_root_node(&doc));
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    if (r) {
        r->builtin = builtin;
        /* Built-in queries are checked by the test suite and compiled lazily, per language, when
         * a file needs them; user rules are checked in full now so a mistake is reported even
         * when no file of that language is scanned. */
        int errs = rule_check(origin, r, !builtin);
        if (errs) {
            rule_free(r);
            return errs;
        }
        ruleset_add(rs, r);
        ruleset_sort(rs);
    }
    return L.errors;
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
        if (dc_str_ends_with(f->name, ".yml")) errors += dc_ruleset_load_buffer(rs, f->name, f->data, f->len, true);
        else if (strcmp(f->name, "rules/toolkits.txt") == 0) load_toolkits(rs, f->data, f->len);
    }
    return errors;
}

int dc_ruleset_load_dir(dc_ruleset *rs, const char *dir) {
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
        dc_buf path = DC_BUF_INIT, data = DC_BUF_INIT;
        dc_buf_printf(&path, "%s%s%s", dir, dc_str_ends_with(dir, "/") ? "" : "/", names.v[i]);
        /* O_NONBLOCK and a type check: a FIFO named x.yml would block fopen until a writer came. */
        int fd = open(path.p, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
        struct stat st;
        FILE *f = NULL;
        if (fd < 0 || fstat(fd, &st) != 0) {
            dc_diag(DC_DIAG_ERROR, path.p, 0, 0, "cannot read rule file: %s", strerror(errno));
            errors++;
        } else if (!S_ISREG(st.st_mode)) {
            dc_diag(DC_DIAG_ERROR, path.p, 0, 0, "cannot read rule file: %s",
                    S_ISDIR(st.st_mode) ? "it is a directory" : "not a regular file");
            errors++;
        } else if (!(f = fdopen(fd, "rb"))) {
            dc_diag(DC_DIAG_ERROR, path.p, 0, 0, "cannot read rule file: %s", strerror(errno));
            errors++;
        } else {
            fd = -1; /* f owns it now */
            char chunk[8192];
            size_t n;
            while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) dc_buf_add(&data, chunk, n);
            bool bad = ferror(f);
            fclose(f);
            if (bad) {
                dc_diag(DC_DIAG_ERROR, path.p, 0, 0, "cannot read rule file: %s", strerror(errno));
                errors++;
            } else {
                errors += dc_ruleset_load_buffer(rs, path.p, dc_buf_cstr(&data), data.len, false);
            }
        }
        if (fd >= 0) close(fd);
        dc_buf_free(&path);
        dc_buf_free(&data);
        free(names.v[i]);
    }
    dc_vec_free(&names);
    return errors;
}

uint32_t dc_ruleset_count(const dc_ruleset *rs) { return rs->rules.len; }
const dc_rule *dc_ruleset_get(const dc_ruleset *rs, uint32_t i) { return i < rs->rules.len ? rs->rules.v[i] : NULL; }

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
            rule_free(rs->rules.v[i]);
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

/* ---- compiling ---------------------------------------------------------------------------- */

static const char *query_error_name(TSQueryError e) {
    switch (e) {
    case TSQueryErrorSyntax: return "syntax error";
    case TSQueryErrorNodeType: return "unknown node type";
    case TSQueryErrorField: return "unknown field";
    case TSQueryErrorCapture: return "unknown capture";
    case TSQueryErrorStructure: return "impossible pattern structure";
    case TSQueryErrorLanguage: return "grammar version mismatch";
    default: return "error";
    }
}

/* Maps an offset of an expanded query back to a line/column of the rule file. Placeholders
 * change lengths only within a line, so the line is exact and the column approximate. */
static void offset_to_loc(const char *text, uint32_t off, uint32_t base_line, uint32_t base_col, uint32_t *line,
                          uint32_t *col) {
    uint32_t l = 0, c = base_col;
    for (uint32_t i = 0; i < off && text[i]; i++) {
        if (text[i] == '\n') {
            l++;
            c = base_col;
        } else {
            c++;
        }
    }
    *line = base_line + l;
    *col = c;
}

static pcre2_code *compile_re(const char *origin, uint32_t line, uint32_t col, const char *pattern, uint32_t flags,
                              int *errors) {
    int errcode;
    PCRE2_SIZE erroff;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, flags | PCRE2_UTF | PCRE2_MATCH_INVALID_UTF,
                                   &errcode, &erroff, NULL);
    if (!re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(errcode, msg, sizeof msg);
        if (origin)
            dc_diag(DC_DIAG_ERROR, origin, line, col, "invalid regular expression `%s`: %s at offset %zu", pattern,
                (const char *)msg, (size_t)erroff);
        (*errors)++;
        return NULL;
    }
    /* JIT is an optimisation: if it is unavailable the interpreter gives the same answers. */
    pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    return re;
}

/* Expands `text` for both profiles; shares one copy when they agree (see dc_pstr). */
static void pstr_expand(dc_pstr *out, const char *text) {
    dc_buf d = DC_BUF_INIT, c = DC_BUF_INIT;
    dc_expand_profile(&d, text, DC_PROFILE_DEVCASTER);
    dc_expand_profile(&c, text, DC_PROFILE_COMPOSIO);
    out->v[DC_PROFILE_DEVCASTER] = dc_xstrdup(dc_buf_cstr(&d));
    out->v[DC_PROFILE_COMPOSIO] = strcmp(dc_buf_cstr(&d), dc_buf_cstr(&c)) == 0 ? out->v[DC_PROFILE_DEVCASTER]
                                                                              : dc_xstrdup(dc_buf_cstr(&c));
    out->v[DC_PROFILE_AUTO] = out->v[DC_PROFILE_DEVCASTER];
    dc_buf_free(&d);
    dc_buf_free(&c);
}

/* Compiles `pattern` for both profiles into out[] (once, shared, when the expansions agree). An
 * error is reported once. False on error. */
static bool compile_re_both(pcre2_code *out[DC_PROFILE_COUNT], const char *origin, uint32_t line, uint32_t col,
                            const char *pattern, uint32_t flags, int *errors) {
    dc_pstr s;
    pstr_expand(&s, pattern);
    pcre2_code *d = compile_re(origin, line, col, s.v[DC_PROFILE_DEVCASTER], flags, errors), *c = d;
    if (d && s.v[DC_PROFILE_COMPOSIO] != s.v[DC_PROFILE_DEVCASTER])
        c = compile_re(origin, line, col, s.v[DC_PROFILE_COMPOSIO], flags, errors);
    pstr_free(&s);
    if (!d || !c) {
        if (c != d) pcre2_code_free(c);
        pcre2_code_free(d);
        return false;
    }
    out[DC_PROFILE_AUTO] = out[DC_PROFILE_DEVCASTER] = d;
    out[DC_PROFILE_COMPOSIO] = c;
    return true;
}

static bool capture_index(const TSQuery *q, const char *name, uint32_t *out) {
    uint32_t n = ts_query_capture_count(q);
    size_t len = strlen(name);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t l;
        const char *s = ts_query_capture_name_for_id(q, i, &l);
        if (l == len && memcmp(s, name, len) == 0) {
            *out = i;
            return true;
        }
    }
    return false;
}

/* Turns the predicate steps of pattern `pi` into dc_pred. */
static int build_preds(const char *origin, uint32_t line, const TSQuery *q, uint32_t pi, dc_cpattern *cp,
                       bool report) {
    int errors = 0;
    uint32_t nsteps;
    const TSQueryPredicateStep *st = ts_query_predicates_for_pattern(q, pi, &nsteps);
    uint32_t i = 0;
    while (i < nsteps) {
        uint32_t j = i;
        while (j < nsteps && st[j].type != TSQueryPredicateStepTypeDone) j++;
        /* steps [i, j) form one predicate */
        uint32_t l;
        const char *op = st[i].type == TSQueryPredicateStepTypeString ? ts_query_string_value_for_id(q, st[i].value_id, &l)
                                                                        : NULL;
        if (!op) {
            if (report) dc_diag(DC_DIAG_ERROR, origin, line, 0, "query predicate must start with a name like #eq?");
            errors++;
        } else if (j - i < 3 || st[i + 1].type != TSQueryPredicateStepTypeCapture) {
            if (report) dc_diag(DC_DIAG_ERROR, origin, line, 0, "predicate #%s needs a capture and a value", op);
            errors++;
        } else {
            dc_pred p = {0};
            p.capture = st[i + 1].value_id;
            p.capture2 = -1;
            bool ok = true;
            if (strcmp(op, "eq?") == 0 || strcmp(op, "not-eq?") == 0) {
                p.op = DC_PRED_EQ;
                p.negate = op[0] == 'n';
                if (st[i + 2].type == TSQueryPredicateStepTypeCapture) p.capture2 = (int32_t)st[i + 2].value_id;
                else pstr_expand(&p.literal, ts_query_string_value_for_id(q, st[i + 2].value_id, &l));
            } else if (strcmp(op, "match?") == 0 || strcmp(op, "not-match?") == 0) {
                p.op = DC_PRED_MATCH;
                p.negate = op[0] == 'n';
                if (st[i + 2].type != TSQueryPredicateStepTypeString) {
                    ok = false;
                } else {
                    ok = compile_re_both(p.re, origin, line, 0, ts_query_string_value_for_id(q, st[i + 2].value_id, &l),
                                         0, &errors);
                    /* the source too, for the witness (analyzer/witness.c dc_witness_regex_literal) */
                    if (ok) pstr_expand(&p.literal, ts_query_string_value_for_id(q, st[i + 2].value_id, &l));
                }
            } else if (strcmp(op, "any-of?") == 0 || strcmp(op, "not-any-of?") == 0) {
                p.op = DC_PRED_ANY_OF;
                p.negate = op[0] == 'n';
                p.any = dc_xcalloc(j - i, sizeof *p.any);
                for (uint32_t k = i + 2; k < j; k++) {
                    if (st[k].type != TSQueryPredicateStepTypeString) {
                        ok = false;
                        continue;
                    }
                    pstr_expand(&p.any[p.nany++], ts_query_string_value_for_id(q, st[k].value_id, &l));
                }
            } else {
                if (report) dc_diag(DC_DIAG_ERROR, origin, line, 0,
                        "unsupported predicate #%s (supported: eq?, not-eq?, match?, not-match?, any-of?, not-any-of?)", op);
                errors++;
                ok = false;
            }
            if (ok) {
                cp->preds = dc_xrealloc(cp->preds, (cp->npreds + 1) * sizeof *cp->preds);
                cp->preds[cp->npreds++] = p;
            } else {
                pred_free(&p);
            }
        }
        i = j + 1;
    }
    return errors;
}

/* Adds an entry's `where` constraints as MATCH predicates. */
static int build_where(const char *origin, const TSQuery *q, const dc_match_entry *e, dc_cpattern *cp,
                       bool report) {
    int errors = 0;
    for (uint32_t k = 0; k < e->nwhere; k++) {
        const dc_where *w = &e->where[k];
        uint32_t cap;
        if (!capture_index(q, w->capture, &cap)) {
            if (report) dc_diag(DC_DIAG_ERROR, origin, w->line, w->col, "`where` names capture @%s, which the query does not have",
                    w->capture);
            errors++;
            continue;
        }
        dc_pred p = {.op = DC_PRED_MATCH, .negate = w->negate, .capture = cap, .capture2 = -1};
        if (!compile_re_both(p.re, origin, w->line, w->col, w->regex, 0, &errors)) continue;
        pstr_expand(&p.literal, w->regex); /* the source, for the witness (analyzer/witness.c) */
        cp->preds = dc_xrealloc(cp->preds, (cp->npreds + 1) * sizeof *cp->preds);
        cp->preds[cp->npreds++] = p;
    }
    return errors;
}

/* The node kinds qrelax.h dropped from the text, by capture id (0: no check). */
static void kind_checks(dc_cquery *cq, const TSLanguage *g) {
    uint32_t n = ts_query_capture_count(cq->query);
    size_t plen = strlen(DC_KIND_CAPTURE_PREFIX);
    for (uint32_t c = 0; c < n; c++) {
        uint32_t len;
        const char *name = ts_query_capture_name_for_id(cq->query, c, &len);
        if (len <= plen || memcmp(name, DC_KIND_CAPTURE_PREFIX, plen) != 0) continue;
        TSSymbol sym = ts_language_symbol_for_name(g, name + plen, len - (uint32_t)plen, true);
        if (!sym) continue; /* cannot happen: qrelax only writes kinds the grammar has */
        if (!cq->capture_kind) cq->capture_kind = dc_xcalloc(n, sizeof *cq->capture_kind);
        cq->capture_kind[c] = sym;
    }
}

typedef struct span {
    const dc_rule *rule;
    const dc_match_entry *entry;
    uint32_t start, end;
} span;

/* Compiles `text` (one or more entries concatenated) and fills a dc_cquery. With report=true,
 * errors are printed against the single entry in spans[0]. */
static dc_cquery *compile_query(const char *text, span *spans, uint32_t nspans, dc_lang lang, bool report,
                                int *errors) {
    uint32_t off;
    TSQueryError err;
    TSQuery *q = ts_query_new(dc_lang_grammar(lang), text, (uint32_t)strlen(text), &off, &err);
    if (!q) {
        if (report) {
            uint32_t line, col;
            offset_to_loc(text + spans[0].start, off - spans[0].start, spans[0].entry->line, spans[0].entry->col, &line,
                          &col);
            dc_diag(DC_DIAG_ERROR, spans[0].rule->origin, line, col, "invalid query for %s: %s", dc_lang_name(lang),
                    query_error_name(err));
        }
        (*errors)++;
        return NULL;
    }
    dc_cquery *cq = dc_xcalloc(1, sizeof *cq);
    cq->query = q;
    kind_checks(cq, dc_lang_grammar(lang));
    cq->npatterns = ts_query_pattern_count(q);
    cq->patterns = dc_xcalloc(cq->npatterns ? cq->npatterns : 1, sizeof *cq->patterns);
    for (uint32_t pi = 0; pi < cq->npatterns; pi++) {
        uint32_t at = ts_query_start_byte_for_pattern(q, pi);
        const span *sp = &spans[0];
        for (uint32_t s = 0; s < nspans; s++)
            if (at >= spans[s].start && at < spans[s].end) sp = &spans[s];
        dc_cpattern *cp = &cq->patterns[pi];
        cp->rule = sp->rule;
        cp->entry = sp->entry;
        const char *origin = sp->rule->origin;
        cp->recv_capture = -1;
        cp->class_capture = -1;
        if (sp->entry->class_capture) {
            uint32_t cc;
            if (capture_index(q, sp->entry->class_capture, &cc)) {
                cp->class_capture = (int32_t)cc;
            } else {
                if (report)
                    dc_diag(DC_DIAG_ERROR, origin, sp->entry->line, sp->entry->col,
                            "`class` names capture @%s, which the query does not have", sp->entry->class_capture);
                (*errors)++;
            }
        }
        if (!capture_index(q, "match", &cp->match_capture)) {
            if (report)
                dc_diag(DC_DIAG_ERROR, origin, sp->entry->line, sp->entry->col,
                        "the query must capture the reported node as @match");
            (*errors)++;
        }
        if (sp->entry->receiver) {
            uint32_t rc;
            if (capture_index(q, sp->entry->receiver, &rc)) {
                cp->recv_capture = (int32_t)rc;
            } else {
                if (report)
                    dc_diag(DC_DIAG_ERROR, origin, sp->entry->line, sp->entry->col,
                            "`receiver` names capture @%s, which the query does not have", sp->entry->receiver);
                (*errors)++;
            }
        }
        int e = build_preds(report ? origin : NULL, sp->entry->line, q, pi, cp, report) +
                build_where(report ? origin : NULL, q, sp->entry, cp, report);
        *errors += e;
    }
    return cq;
}

static int rule_check(const char *origin, dc_rule *r, bool queries) {
    int errors = 0;
    for (uint32_t i = 0; i < r->nentries; i++) {
        dc_match_entry *e = &r->entries[i];
        if (e->regex) {
            for (int p = DC_PROFILE_DEVCASTER; p < DC_PROFILE_COUNT; p++) {
                dc_buf text = DC_BUF_INIT;
                dc_expand_profile(&text, e->regex, (dc_profile)p);
                if (!e->regex_re[p]) e->regex_re[p] = compile_re(origin, e->line, e->col, text.p, PCRE2_MULTILINE, &errors);
                dc_buf_free(&text);
                if (errors) return errors;
            }
        } else if (queries) {
            /* Placeholders stay in the query (compile_query expands predicate values for both
             * profiles), so one compilation per grammar checks both spellings. */
            for (int l = 1; l < DC_LANG_COUNT; l++) {
                if (!e->langs[l] || !dc_lang_grammar((dc_lang)l)) continue;
                span sp = {r, e, 0, (uint32_t)strlen(e->query)};
                int before = errors;
                dc_cquery *cq = compile_query(e->query, &sp, 1, (dc_lang)l, true, &errors);
                cquery_free(cq);
                if (errors != before) break;
            }
            if (errors) return errors;
        }
    }
    return errors;
}

int dc_ruleset_validate(dc_ruleset *rs) {
    int errors = 0;
    for (uint32_t i = 0; i < rs->rules.len; i++) errors += rule_check(rs->rules.v[i]->origin, rs->rules.v[i], true);
    return errors;
}

/* Builds the merged query: every entry for `lang`, as written (placeholders in), concatenated. A
 * rule whose entry does not compile is reported and left out, so one bad rule cannot silence the
 * others. */
static dc_cquery *build_merged(dc_ruleset *rs, dc_lang lang, bool relax) {
    const TSLanguage *g = dc_lang_grammar(lang);
    dc_buf text = DC_BUF_INIT, exact = DC_BUF_INIT; /* as compiled; as written (for the witness) */
    DC_VEC(span) spans = {0};
    for (uint32_t i = 0; i < rs->rules.len; i++) {
        dc_rule *r = rs->rules.v[i];
        for (uint32_t k = 0; k < r->nentries; k++) {
            dc_match_entry *e = &r->entries[k];
            if (!e->langs[lang] || !e->query) continue;
            /* Check each entry alone only when the merged query fails (below). */
            span sp = {r, e, (uint32_t)text.len, 0};
            if (relax)
                dc_query_relax(g, e->query, strlen(e->query), &text);
            else
                dc_buf_adds(&text, e->query);
            dc_buf_addc(&text, '\n');
            sp.end = (uint32_t)text.len;
            dc_vec_push(&spans, sp);
            dc_buf_adds(&exact, e->query);
            dc_buf_addc(&exact, '\n');
        }
    }
    dc_cquery *cq = NULL;
    if (spans.len) {
        int errors = 0;
        cq = compile_query(text.p, spans.v, spans.len, lang, false, &errors);
        if (cq && !errors) cq->witness = dc_witness_build(cq, text.p, exact.p, lang);
        if (!cq || errors) {
            cquery_free(cq);
            cq = NULL;
            /* Find the culprits one by one (as written, so messages point into the rule file),
             * report them, and rebuild without them. */
            dc_buf good = DC_BUF_INIT, good_exact = DC_BUF_INIT;
            DC_VEC(span) kept = {0};
            for (uint32_t s = 0; s < spans.len; s++) {
                int e1 = 0;
                span one = spans.v[s];
                const char *q = one.entry->query;
                span local = {one.rule, one.entry, 0, (uint32_t)strlen(q)};
                dc_cquery *t = compile_query(q, &local, 1, lang, true, &e1);
                cquery_free(t);
                if (e1) continue;
                span k2 = {one.rule, one.entry, (uint32_t)good.len, 0};
                size_t at = good.len;
                if (relax && dc_query_relax(g, q, strlen(q), &good)) {
                    /* never let a relaxed text that does not compile cost the entry its matches */
                    char *piece = dc_xstrndup(good.p + at, good.len - at);
                    span l2 = {one.rule, one.entry, 0, (uint32_t)(good.len - at)};
                    int e3 = 0;
                    t = compile_query(piece, &l2, 1, lang, false, &e3);
                    cquery_free(t);
                    free(piece);
                    if (e3) {
                        good.len = at;
                        good.p[at] = '\0';
                        dc_buf_adds(&good, q);
                    }
                } else if (!relax) {
                    dc_buf_adds(&good, q);
                }
                dc_buf_addc(&good, '\n');
                k2.end = (uint32_t)good.len;
                dc_vec_push(&kept, k2);
                dc_buf_adds(&good_exact, q);
                dc_buf_addc(&good_exact, '\n');
            }
            if (kept.len) {
                int e2 = 0;
                cq = compile_query(good.p, kept.v, kept.len, lang, false, &e2);
                if (cq) cq->witness = dc_witness_build(cq, good.p, good_exact.p, lang);
            }
            dc_buf_free(&good);
            dc_buf_free(&good_exact);
            dc_vec_free(&kept);
        }
    }
    dc_buf_free(&text);
    dc_buf_free(&exact);
    dc_vec_free(&spans);
    return cq;
}

const dc_cquery *dc_ruleset_query(dc_ruleset *rs, dc_lang lang) {
    if ((unsigned)lang >= DC_LANG_COUNT || !dc_lang_grammar(lang)) return NULL;
    pthread_mutex_lock(&rs->slots[lang].lock);
    if (!rs->slots[lang].compiled) {
        rs->slots[lang].query = build_merged(rs, lang, dc_query_relax_enabled());
        rs->slots[lang].compiled = true;
    }
    const dc_cquery *q = rs->slots[lang].query;
    pthread_mutex_unlock(&rs->slots[lang].lock);
    return q;
}

const dc_cquery *dc_ruleset_query_exact(dc_ruleset *rs, dc_lang lang) {
    const dc_cquery *q = dc_ruleset_query(rs, lang);
    if (!q || !q->capture_kind) return q; /* nothing was relaxed */
    pthread_mutex_lock(&rs->slots[lang].lock);
    if (!rs->slots[lang].exact_compiled) {
        /* The same entries as the relaxed query, which compiled: nothing left to report. */
        rs->slots[lang].exact = build_merged(rs, lang, false);
        rs->slots[lang].exact_compiled = true;
    }
    q = rs->slots[lang].exact;
    pthread_mutex_unlock(&rs->slots[lang].lock);
    return q;
}
