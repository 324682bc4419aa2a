/* ruleload.c: a rule file's YAML document -> dc_rule, checked strictly against the schema in
 * ruleset/rules.h (common/yamlschema.h walks it and reports with file:line:col).
 *
 * Every mistake of a file is reported, not just the first, so the walk goes on after an error
 * and the rule is dropped at the end if any was counted. Key comparison follows what each level
 * has always done: the top level compares keys as C strings (strcmp), the nested mappings compare
 * the whole scalar. */
#include <stdlib.h>
#include <string.h>

#include "ruleset/rules_p.h"

typedef struct rule_reader {
    const char *data; /* the raw file, to find a block scalar's indentation */
    size_t len;
    dc_rule *r;
    bool have_sev;
} rule_reader;

typedef struct entry_reader {
    const rule_reader *rr;
    dc_match_entry *e;
    const yaml_node_t *only;
    bool have_lang, have_client;
} entry_reader;

/* Indentation of 1-based `line` of the raw file: the column offset of a block scalar's text. */
static uint32_t line_indent(const rule_reader *rr, uint32_t line) {
    const char *p = rr->data, *end = rr->data + rr->len;
    for (uint32_t l = 1; l < line && p < end; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) return 0;
        p = nl + 1;
    }
    uint32_t n = 0;
    while (p < end && *p == ' ') p++, n++;
    return n;
}

static bool block_scalar(const yaml_node_t *n) {
    return n->data.scalar.style == YAML_LITERAL_SCALAR_STYLE || n->data.scalar.style == YAML_FOLDED_SCALAR_STYLE;
}

/* The line a block scalar's text starts on: `query: |` puts the text on the next line. */
static uint32_t scalar_text_line(const yaml_node_t *n) { return dc_yaml_line(n) + (block_scalar(n) ? 1 : 0); }

static bool valid_id(const char *id) {
    if (!*id) return false;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')) return false;
    return true;
}

static bool set_lang_key(dc_yaml *y, const yaml_node_t *v, dc_match_entry *e, dc_family *fam) {
    const char *s = dc_yaml_str(y, v, "language");
    if (!s) return false;
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
        dc_yaml_error(y, v, "unknown language `%s` (expected python, typescript or dotenv)", s);
        return false;
    }
    return true;
}

/* ---- a match entry ---------------------------------------------------------------------------- */

static void parse_where(dc_yaml *y, const yaml_node_t *m, dc_match_entry *e) {
    if (!dc_yaml_expect(y, m, YAML_MAPPING_NODE, "`where` must map capture names to regular expressions", NULL))
        return;
    size_t n = (size_t)(m->data.mapping.pairs.top - m->data.mapping.pairs.start);
    e->where = dc_xcalloc(n ? n : 1, sizeof *e->where);
    yaml_node_t *k, *v;
    for (uint32_t i = 0; dc_yaml_pair(y, m, i, &k, &v); i++) {
        if (!dc_yaml_str(y, k, "where key") || !dc_yaml_str(y, v, "where value")) continue;
        dc_where *w = &e->where[e->nwhere++];
        const char *key = (const char *)k->data.scalar.value;
        w->negate = key[0] == '!';
        w->capture = dc_xstrdup(key + (w->negate ? 1 : 0));
        w->regex = dc_yaml_strdup(v);
        w->line = dc_yaml_line(v);
        w->col = dc_yaml_col(v);
    }
}

static void entry_language(dc_yaml *y, yaml_node_t *k, yaml_node_t *v, void *o) {
    entry_reader *er = o;
    er->have_lang = set_lang_key(y, v, er->e, &er->e->family);
}

static void entry_only(dc_yaml *y, yaml_node_t *k, yaml_node_t *v, void *o) { ((entry_reader *)o)->only = v; }

static void entry_query(dc_yaml *y, yaml_node_t *k, yaml_node_t *v, void *o) {
    entry_reader *er = o;
    dc_match_entry *e = er->e;
    if (!dc_yaml_str(y, v, "query")) return;
    e->query = dc_yaml_strdup(v);
    e->line = scalar_text_line(v);
    /* where the query text starts, so a query error points into it: a block scalar's text at its
     * indentation, a quoted one after its quote */
    if (block_scalar(v))
        e->col = line_indent(er->rr, e->line) + 1;
    else
        e->col = dc_yaml_col(v) + (v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE ? 0 : 1);
}

static void entry_regex(dc_yaml *y, yaml_node_t *k, yaml_node_t *v, void *o) {
    dc_match_entry *e = ((entry_reader *)o)->e;
    if (!dc_yaml_str(y, v, "regex")) return;
    e->regex = dc_yaml_strdup(v);
    e->line = dc_yaml_line(v);
    e->col = dc_yaml_col(v);
}

static void entry_receiver(dc_yaml *y, yaml_node_t *k, yaml_node_t *v, void *o) {
    if (dc_yaml_str(y, v, "receiver")) ((entry_reader *)o)->e->receiver = dc_yaml_strdup(v);
}

static void entry_class(dc_yaml *y, yaml_node_t *k, yaml_node_t *v, void *o) {
    dc_match_entry *e = ((entry_reader *)o)->e;
    bool legacy = dc_yaml_is(k, "legacy_class");
    if (e->class_capture) {
        dc_yaml_error(y, k, "a match entry has one of `class` and `legacy_class`");
    } else if (dc_yaml_str(y, v, legacy ? "legacy_class" : "class")) {
        e->class_capture = dc_yaml_strdup(v);
        e->class_legacy = legacy;
    }
}

static void entry_client(dc_yaml *y, yaml_node_t *k, yaml_node_t *v, void *o) {
    entry_reader *er = o;
    if (!dc_yaml_str(y, v, "client")) return;
    er->have_client = true;
    if (dc_yaml_is(v, "required")) er->e->client = DC_CLIENT_REQUIRED;
    else if (dc_yaml_is(v, "likely")) er->e->client = DC_CLIENT_LIKELY;
    else if (dc_yaml_is(v, "legacy_enum")) er->e->client = DC_CLIENT_LEGACY_ENUM;
    else dc_yaml_error(y, v, "`client` must be `required`, `likely` or `legacy_enum`");
}

static void entry_where(dc_yaml *y, yaml_node_t *k, yaml_node_t *v, void *o) { parse_where(y, v, ((entry_reader *)o)->e); }

static const dc_yaml_field entry_fields[] = {
    {"language", entry_language}, {"only", entry_only},         {"query", entry_query},
    {"regex", entry_regex},       {"receiver", entry_receiver}, {"class", entry_class},
    {"legacy_class", entry_class}, {"client", entry_client},    {"where", entry_where},
    {NULL, NULL},
};
static const dc_yaml_schema entry_schema = {entry_fields, "unknown key `%s` in a match entry", NULL, false};

/* `only: [tsx, javascript]` narrows a typescript entry's languages. */
static void entry_narrow(dc_yaml *y, dc_match_entry *e, const yaml_node_t *only) {
    if (only->type != YAML_SEQUENCE_NODE || e->family != DC_FAMILY_TS) {
        dc_yaml_error(y, only, "`only` must be a list of typescript, tsx, javascript and needs `language: typescript`");
        return;
    }
    bool keep[DC_LANG_COUNT] = {0};
    yaml_node_t *v;
    for (uint32_t i = 0; (v = dc_yaml_item(y, only, i)) != NULL; i++) {
        const char *name = dc_yaml_str(y, v, "only");
        if (!name) continue;
        dc_lang lg = dc_lang_from_name(name);
        if (dc_lang_family(lg) != DC_FAMILY_TS)
            dc_yaml_error(y, v, "`only` accepts typescript, tsx, javascript");
        else
            keep[lg] = true;
    }
    memcpy(e->langs, keep, sizeof keep);
}

/* The checks that need the whole entry. */
static void entry_finish(dc_yaml *y, const entry_reader *er) {
    dc_match_entry *e = er->e;
    if (e->family == DC_FAMILY_DOTENV) {
        if (!e->regex || e->query) dc_yaml_error_at(y, e->line, e->col, "a dotenv entry needs `regex` (and no `query`)");
    } else if (!e->query || e->regex) {
        dc_yaml_error_at(y, e->line, e->col, "a %s entry needs `query` (and no `regex`)",
                         e->family == DC_FAMILY_PYTHON ? "python" : "typescript");
    }
    if (e->receiver && !er->have_client) e->client = DC_CLIENT_LIKELY;
    if (!e->receiver && er->have_client) dc_yaml_error_at(y, e->line, e->col, "`client` needs `receiver`");
}

static void parse_entry(dc_yaml *y, const rule_reader *rr, const yaml_node_t *m) {
    dc_rule *r = rr->r;
    if (!dc_yaml_expect(y, m, YAML_MAPPING_NODE, "each `match` entry must be a mapping", NULL)) return;
    r->entries = dc_xrealloc(r->entries, (r->nentries + 1) * sizeof *r->entries);
    dc_match_entry *e = &r->entries[r->nentries++];
    memset(e, 0, sizeof *e);
    e->line = dc_yaml_line(m);
    e->col = dc_yaml_col(m);
    entry_reader er = {rr, e, NULL, false, false};
    dc_yaml_walk(y, m, &entry_schema, &er);
    if (!er.have_lang) {
        dc_yaml_error(y, m, "match entry needs `language`");
        return;
    }
    if (er.only) entry_narrow(y, e, er.only);
    entry_finish(y, &er);
    r->families[e->family] = true;
}

/* ---- fix and examples ------------------------------------------------------------------------- */

static void fix_string(dc_yaml *y, yaml_node_t *k, yaml_node_t *v, void *o) {
    dc_rule *r = o;
    char **to = dc_yaml_is(k, "fixer") ? &r->fixer : dc_yaml_is(k, "replace") ? &r->fix_replace : &r->fix_template;
    *to = dc_yaml_strdup(v);
}

static void fix_applicability(dc_yaml *y, yaml_node_t *k, yaml_node_t *v, void *o) {
    int a = dc_applicability_from_name((const char *)v->data.scalar.value);
    if (a < DC_APP_MANUAL)
        dc_yaml_error(y, v, "`applicability` must be safe, unsafe or manual");
    else
        ((dc_rule *)o)->fix_app = (dc_applicability)a;
}

static const dc_yaml_field fix_fields[] = {
    {"fixer", fix_string}, {"replace", fix_string}, {"template", fix_string}, {"applicability", fix_applicability},
    {NULL, NULL},
};
/* every value of `fix` is a string, reported under its key's name */
static const dc_yaml_schema fix_schema = {fix_fields, "unknown key `%s` in `fix`", "", false};

static void parse_fix(dc_yaml *y, const yaml_node_t *m, dc_rule *r) {
    if (!dc_yaml_expect(y, m, YAML_MAPPING_NODE, "`fix` must be a mapping", NULL)) return;
    r->fix_app = DC_APP_SAFE;
    dc_yaml_walk(y, m, &fix_schema, r);
    if (!r->fixer && !(r->fix_replace && r->fix_template) && r->fix_app != DC_APP_MANUAL)
        dc_yaml_error(y, m, "`fix` needs `fixer`, or `replace` + `template`");
}

static void example_language(dc_yaml *y, yaml_node_t *k, yaml_node_t *v, void *o) {
    dc_match_entry tmp;
    set_lang_key(y, v, &tmp, &((dc_example *)o)->family);
}

static void example_text(dc_yaml *y, yaml_node_t *k, yaml_node_t *v, void *o) {
    dc_example *ex = o;
    char **to = dc_yaml_is(k, "before") ? &ex->before : &ex->after;
    free(*to);
    *to = dc_yaml_strdup(v);
}

static const dc_yaml_field example_fields[] = {
    {"language", example_language}, {"before", example_text}, {"after", example_text}, {NULL, NULL},
};
static const dc_yaml_schema example_schema = {example_fields, "unknown key `%s` in an example", "example field", false};

static void parse_examples(dc_yaml *y, const yaml_node_t *s, dc_rule *r) {
    if (!dc_yaml_expect(y, s, YAML_SEQUENCE_NODE, "`examples` must be a list", NULL)) return;
    yaml_node_t *m;
    for (uint32_t i = 0; (m = dc_yaml_item(y, s, i)) != NULL; i++) {
        if (!dc_yaml_expect(y, m, YAML_MAPPING_NODE, "each example must be a mapping", NULL)) continue;
        r->examples = dc_xrealloc(r->examples, (r->nexamples + 1) * sizeof *r->examples);
        dc_example *ex = &r->examples[r->nexamples++];
        memset(ex, 0, sizeof *ex);
        dc_yaml_walk(y, m, &example_schema, ex);
    }
}

/* ---- the rule --------------------------------------------------------------------------------- */

static void rule_id(dc_yaml *y, yaml_node_t *k, yaml_node_t *v, void *o) {
    dc_rule *r = ((rule_reader *)o)->r;
    if (!dc_yaml_str(y, v, "id")) return;
    r->id = dc_yaml_strdup(v);
    if (!valid_id(r->id)) dc_yaml_error(y, v, "rule id `%s` must match [a-z0-9-]+", r->id);
}

static void rule_severity(dc_yaml *y, yaml_node_t *k, yaml_node_t *v, void *o) {
    rule_reader *rr = o;
    const char *name = dc_yaml_str(y, v, "severity");
    if (!name) return;
    int s = dc_severity_from_name(name);
    rr->have_sev = true;
    if (s < 0)
        dc_yaml_error(y, v, "severity must be error, warning or info");
    else
        rr->r->severity = (dc_severity)s;
}

static void rule_prefilter(dc_yaml *y, yaml_node_t *k, yaml_node_t *v, void *o) {
    dc_rule *r = ((rule_reader *)o)->r;
    dc_yaml_strs lits = {0};
    dc_yaml_strings(y, v, "prefilter", "`%s` must be a list of literals", DC_YAML_SKIP_EMPTY, &lits);
    r->prefilter = lits.v;
    r->nprefilter = lits.len;
}

static void rule_kind(dc_yaml *y, yaml_node_t *k, yaml_node_t *v, void *o) {
    if (!dc_yaml_str(y, v, "kind")) return;
    if (dc_yaml_is(v, "engine")) ((rule_reader *)o)->r->engine = true;
    else if (dc_yaml_is(v, "analyser")) ((rule_reader *)o)->r->analyser = true;
    else if (!dc_yaml_is(v, "query")) dc_yaml_error(y, v, "`kind` must be query, engine or analyser");
}

static void rule_progress(dc_yaml *y, yaml_node_t *k, yaml_node_t *v, void *o) {
    if (!dc_yaml_str(y, v, "progress")) return;
    if (dc_yaml_is(v, "true")) ((rule_reader *)o)->r->progress = true;
    else if (!dc_yaml_is(v, "false")) dc_yaml_error(y, v, "`progress` must be true or false");
}

static void rule_text(dc_yaml *y, yaml_node_t *k, yaml_node_t *v, void *o) {
    dc_rule *r = ((rule_reader *)o)->r;
    const char *key = (const char *)k->data.scalar.value;
    char **to = key[0] == 's' ? &r->summary : key[0] == 'm' ? &r->message : &r->note;
    if (dc_yaml_str(y, v, key)) *to = dc_yaml_strdup(v);
}

static void rule_message_ts(dc_yaml *y, yaml_node_t *k, yaml_node_t *v, void *o) {
    dc_rule *r = ((rule_reader *)o)->r;
    if (dc_yaml_str(y, v, "message_typescript")) r->message_ts = dc_yaml_strdup(v);
}

static void rule_owns(dc_yaml *y, yaml_node_t *k, yaml_node_t *v, void *o) {
    dc_rule *r = ((rule_reader *)o)->r;
    dc_yaml_strs ids = {0};
    dc_yaml_strings(y, v, "owns", "`%s` must be a list of rule ids", DC_YAML_SKIP_EMPTY, &ids);
    r->owns = ids.v;
    r->nowns = ids.len;
}

static void rule_fix(dc_yaml *y, yaml_node_t *k, yaml_node_t *v, void *o) { parse_fix(y, v, ((rule_reader *)o)->r); }
static void rule_examples(dc_yaml *y, yaml_node_t *k, yaml_node_t *v, void *o) {
    parse_examples(y, v, ((rule_reader *)o)->r);
}

static void rule_match(dc_yaml *y, yaml_node_t *k, yaml_node_t *v, void *o) {
    if (v->type != YAML_SEQUENCE_NODE) {
        parse_entry(y, o, v);
        return;
    }
    yaml_node_t *it;
    for (uint32_t i = 0; (it = dc_yaml_item(y, v, i)) != NULL; i++) parse_entry(y, o, it);
}

static const dc_yaml_field rule_fields[] = {
    {"id", rule_id},         {"severity", rule_severity}, {"prefilter", rule_prefilter}, {"kind", rule_kind},
    {"progress", rule_progress}, {"summary", rule_text},  {"message", rule_text},         {"note", rule_text},
    {"fix", rule_fix},       {"examples", rule_examples}, {"match", rule_match},         {"message_typescript", rule_message_ts},
    {"owns", rule_owns},     {NULL, NULL},
};
static const dc_yaml_schema rule_schema = {
    rule_fields,
    "unknown key `%s` (expected id, severity, summary, message, message_typescript, note, fix, examples, match, kind, "
    "progress, prefilter, owns)",
    NULL, true};

/* What a rule needs besides a valid schema; NULL when complete. */
static const char *rule_missing(const dc_rule *r, bool have_sev) {
    if (!r->id) return "id";
    if (!have_sev) return "severity";
    if (!r->message) return "message";
    if (!r->note) return "note";
    if (!r->nentries && !r->engine && !r->analyser) return "match";
    if (r->analyser && !r->nprefilter) return "prefilter";
    return NULL;
}

dc_rule *dc_rule_parse(dc_yaml *y, const char *data, size_t len) {
    const yaml_node_t *root = dc_yaml_root(y);
    if (!root) {
        dc_yaml_error_at(y, 1, 1, "a rule file must be a YAML mapping (the file is empty)");
        return NULL;
    }
    if (!dc_yaml_expect(y, root, YAML_MAPPING_NODE, "a rule file must be a YAML mapping", NULL)) return NULL;
    dc_rule *r = dc_xcalloc(1, sizeof *r);
    r->origin = dc_xstrdup(y->origin);
    r->severity = DC_SEV_WARNING;
    int errors_before = y->errors;
    rule_reader rr = {data, len, r, false};
    dc_yaml_walk(y, root, &rule_schema, &rr);
    const char *missing = rule_missing(r, rr.have_sev);
    if (r->engine) r->families[DC_FAMILY_PYTHON] = r->families[DC_FAMILY_TS] = r->families[DC_FAMILY_DOTENV] = true;
    if (r->analyser) r->families[DC_FAMILY_PYTHON] = true;
    if (missing) dc_yaml_error(y, root, "rule is missing `%s`", missing);
    if (y->errors != errors_before) {
        dc_rule_free(r);
        return NULL;
    }
    if (!r->summary) {
        const char *dot = strstr(r->message, ". ");
        r->summary = dot ? dc_xstrndup(r->message, (size_t)(dot - r->message)) : dc_xstrdup(r->message);
    }
    return r;
}

void dc_rule_free(dc_rule *r) {
    if (!r) return;
    free(r->id);
    free(r->summary);
    free(r->message);
    free(r->message_ts);
    for (uint32_t i = 0; i < r->nowns; i++) free(r->owns[i]);
    free(r->owns);
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
