/* providers.c: rules/providers.yml -> the provider table, and the resolver (see providers.h). */
#include <stdlib.h>
#include <string.h>

#include "common/yamlschema.h"
#include "ruleset/providers.h"

typedef struct entry_reader {
    dc_provider *p;
    int lang; /* the language being read by lang_fields */
} entry_reader;

static void read_pkg(dc_yaml *y, yaml_node_t *k, yaml_node_t *v, void *o) {
    entry_reader *er = o;
    free(er->p->pkg[er->lang]);
    er->p->pkg[er->lang] = dc_yaml_strdup(v);
}

static void read_cls(dc_yaml *y, yaml_node_t *k, yaml_node_t *v, void *o) {
    entry_reader *er = o;
    free(er->p->cls[er->lang]);
    er->p->cls[er->lang] = dc_yaml_strdup(v);
}

static const dc_yaml_field lang_fields[] = {{"package", read_pkg}, {"class", read_cls}, {NULL, NULL}};
static const dc_yaml_schema lang_schema = {lang_fields, "unknown key `%s` in a provider's language", "", false};

static void read_lang(dc_yaml *y, yaml_node_t *v, entry_reader *er, int lang) {
    if (!dc_yaml_expect(y, v, YAML_MAPPING_NODE, "`%s` must be a mapping (package, class)", lang ? "typescript" : "python"))
        return;
    er->lang = lang;
    int before = y->errors;
    dc_yaml_walk(y, v, &lang_schema, er);
    if (y->errors == before && (!er->p->pkg[lang] || !er->p->cls[lang]))
        dc_yaml_error(y, v, "a provider's language needs both `package` and `class`");
}

static void read_py(dc_yaml *y, yaml_node_t *k, yaml_node_t *v, void *o) { read_lang(y, v, o, 0); }
static void read_ts(dc_yaml *y, yaml_node_t *k, yaml_node_t *v, void *o) { read_lang(y, v, o, 1); }

static void read_fw(dc_yaml *y, yaml_node_t *k, yaml_node_t *v, void *o) {
    entry_reader *er = o;
    const char *s = dc_yaml_str(y, v, "framework");
    if (!s) return;
    free(er->p->framework);
    er->p->framework = dc_xstrdup(s);
}

static void read_aliases(dc_yaml *y, yaml_node_t *k, yaml_node_t *v, void *o) {
    entry_reader *er = o;
    dc_yaml_strs out = {0};
    dc_yaml_strings(y, v, "alias", "`%s` must be a list of strings", 0, &out);
    for (uint32_t i = 0; i < out.len; i++) dc_vec_push(&er->p->aliases, out.v[i]);
    dc_vec_free(&out);
}

static const dc_yaml_field entry_fields[] = {
    {"framework", read_fw}, {"aliases", read_aliases}, {"python", read_py}, {"typescript", read_ts}, {NULL, NULL}};
static const dc_yaml_schema entry_schema = {entry_fields, "unknown key `%s` in a provider", NULL, false};

static void provider_free(dc_provider *p) {
    free(p->framework);
    for (uint32_t i = 0; i < p->aliases.len; i++) free(p->aliases.v[i]);
    dc_vec_free(&p->aliases);
    for (int l = 0; l < 2; l++) free(p->pkg[l]), free(p->cls[l]);
}

static void read_providers(dc_yaml *y, yaml_node_t *k, yaml_node_t *v, void *o) {
    dc_provider_table *t = o;
    if (!dc_yaml_expect(y, v, YAML_SEQUENCE_NODE, "`%s` must be a list", "providers")) return;
    yaml_node_t *item;
    for (uint32_t i = 0; (item = dc_yaml_item(y, v, i)); i++) {
        if (!dc_yaml_expect(y, item, YAML_MAPPING_NODE, "a `%s` item must be a mapping", "providers")) continue;
        dc_provider p = {0};
        entry_reader er = {&p, 0};
        int before = y->errors;
        dc_yaml_walk(y, item, &entry_schema, &er);
        if (y->errors == before && !p.framework) dc_yaml_error(y, item, "a provider needs a `framework`");
        if (y->errors == before && !p.pkg[0] && !p.pkg[1])
            dc_yaml_error(y, item, "a provider needs `python` or `typescript`");
        if (y->errors != before) {
            provider_free(&p);
            continue;
        }
        dc_vec_push(&t->current, p);
    }
}

static void read_legacy_lang(dc_yaml *y, yaml_node_t *v, dc_provider_table *t, int lang) {
    dc_yaml_strs out = {0};
    dc_yaml_strings(y, v, "framework", "`%s` must be a list of strings", 0, &out);
    for (uint32_t i = 0; i < out.len; i++) dc_vec_push(&t->legacy_only[lang], out.v[i]);
    dc_vec_free(&out);
}
static void read_legacy_py(dc_yaml *y, yaml_node_t *k, yaml_node_t *v, void *o) { read_legacy_lang(y, v, o, 0); }
static void read_legacy_ts(dc_yaml *y, yaml_node_t *k, yaml_node_t *v, void *o) { read_legacy_lang(y, v, o, 1); }

static const dc_yaml_field legacy_fields[] = {{"python", read_legacy_py}, {"typescript", read_legacy_ts}, {NULL, NULL}};
static const dc_yaml_schema legacy_schema = {legacy_fields, "unknown key `%s` in `legacy_only`", NULL, false};

static void read_legacy(dc_yaml *y, yaml_node_t *k, yaml_node_t *v, void *o) {
    if (dc_yaml_expect(y, v, YAML_MAPPING_NODE, "`%s` must be a mapping (python, typescript)", "legacy_only"))
        dc_yaml_walk(y, v, &legacy_schema, o);
}

static const dc_yaml_field top_fields[] = {{"providers", read_providers}, {"legacy_only", read_legacy}, {NULL, NULL}};
static const dc_yaml_schema top_schema = {top_fields, "unknown key `%s` in the provider table", NULL, false};

int dc_providers_load(dc_provider_table *t, const char *origin, const char *data, size_t len) {
    dc_yaml y;
    int errors = dc_yaml_load(&y, origin, data, len, true);
    yaml_node_t *root = errors ? NULL : dc_yaml_root(&y);
    if (!errors && (!root || root->type != YAML_MAPPING_NODE)) {
        dc_yaml_error(&y, root, "the provider table must be a mapping (providers, legacy_only)");
    } else if (!errors) {
        dc_yaml_walk(&y, root, &top_schema, t);
    }
    errors += y.errors;
    dc_yaml_free(&y);
    return errors;
}

void dc_providers_free(dc_provider_table *t) {
    if (!t) return;
    for (uint32_t i = 0; i < t->current.len; i++) provider_free(&t->current.v[i]);
    dc_vec_free(&t->current);
    for (int l = 0; l < 2; l++) {
        for (uint32_t i = 0; i < t->legacy_only[l].len; i++) free(t->legacy_only[l].v[i]);
        dc_vec_free(&t->legacy_only[l]);
    }
}

static bool names(const dc_provider *p, const char *fw) {
    if (strcmp(p->framework, fw) == 0) return true;
    for (uint32_t i = 0; i < p->aliases.len; i++)
        if (strcmp(p->aliases.v[i], fw) == 0) return true;
    return false;
}

dc_provider_status dc_providers_resolve(const dc_provider_table *t, const char *fw, bool ts, const dc_provider **out) {
    *out = NULL;
    /* first: a framework current in one language may have had a legacy package in the other */
    for (uint32_t i = 0; t && i < t->legacy_only[ts].len; i++)
        if (strcmp(t->legacy_only[ts].v[i], fw) == 0) return DC_PROVIDER_LEGACY_ONLY;
    for (uint32_t i = 0; t && i < t->current.len; i++) {
        if (!names(&t->current.v[i], fw)) continue;
        *out = &t->current.v[i];
        return t->current.v[i].pkg[ts] ? DC_PROVIDER_CURRENT : DC_PROVIDER_OTHER_LANG;
    }
    return DC_PROVIDER_UNKNOWN;
}
