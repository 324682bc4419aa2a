/* common/yamlschema.h: loading, duplicate keys, typed readers and the keyed walk, with the
 * file:line:col messages they report (captured through diag's printer). */
#include <stdlib.h>

#include "check.h"
#include "common/diag.h"
#include "common/yamlschema.h"

static dc_buf messages = DC_BUF_INIT;

static void capture(dc_diag_level level, const char *location, const char *message, void *ctx) {
    (void)ctx;
    dc_buf_printf(&messages, "%s%s: %s\n", location, level == DC_DIAG_ERROR ? "error" : "note", message);
}

static int load(dc_yaml *y, const char *text, bool ctx) {
    dc_buf_reset(&messages);
    dc_diag_set_printer(capture, NULL);
    return dc_yaml_load(y, "t.yml", text, strlen(text), ctx);
}

DC_TEST(load_reports_syntax_errors) {
    dc_yaml y;
    CHECK_EQ_INT(load(&y, "a: [1, 2\n", true), 1);
    CHECK(strstr(messages.p, "t.yml:2:1: error: invalid YAML: did not find expected ',' or ']' while parsing a flow sequence") != NULL);
    dc_yaml_free(&y);
    CHECK_EQ_INT(load(&y, "a: [1, 2\n", false), 1);
    CHECK(strstr(messages.p, "invalid YAML: did not find expected ',' or ']'\n") != NULL);
    dc_yaml_free(&y);
    CHECK_EQ_INT(load(&y, "", true), 0);
    CHECK(dc_yaml_root(&y) == NULL); /* an empty document has no root */
    dc_yaml_free(&y);
}

DC_TEST(load_reports_duplicate_keys) {
    dc_yaml y;
    CHECK_EQ_INT(load(&y, "a: 1\nb: {x: 1, x: 2}\n\"a\": 3\n", true), 2);
    CHECK_EQ_STR(messages.p, "t.yml:2:11: error: duplicate key `x` (first given on line 2)\n"
                             "t.yml:3:1: error: duplicate key `a` (first given on line 1)\n");
    dc_yaml_free(&y);
}

typedef struct obj {
    char *name;
    dc_yaml_strs tags;
    int seen_x;
} obj;

static void read_name(dc_yaml *y, yaml_node_t *k, yaml_node_t *v, void *o) {
    (void)k;
    if (dc_yaml_str(y, v, "name")) ((obj *)o)->name = dc_yaml_strdup(v);
}
static void read_tags(dc_yaml *y, yaml_node_t *k, yaml_node_t *v, void *o) {
    (void)k;
    dc_yaml_strings(y, v, "tags", "`%s` must be a list of strings", DC_YAML_ONE_IS_LIST | DC_YAML_SKIP_EMPTY,
                    &((obj *)o)->tags);
}
static void read_x(dc_yaml *y, yaml_node_t *k, yaml_node_t *v, void *o) {
    (void)y, (void)k, (void)v;
    ((obj *)o)->seen_x++;
}

static const dc_yaml_field fields[] = {{"name", read_name}, {"tags", read_tags}, {"x", read_x}, {NULL, NULL}};

static void obj_free(obj *o) {
    free(o->name);
    for (uint32_t i = 0; i < o->tags.len; i++) free(o->tags.v[i]);
    dc_vec_free(&o->tags);
}

DC_TEST(walk_dispatches_and_reports) {
    dc_yaml y;
    const char *text = "name: n\ntags: [a, '', [b], c]\nx: [1]\nbogus: 1\n[k]: 2\n\"x\\0y\": 3\n";
    CHECK_EQ_INT(load(&y, text, true), 0);
    obj o = {0};
    dc_yaml_schema s = {fields, "unknown key `%s`", NULL, false};
    dc_yaml_walk(&y, dc_yaml_root(&y), &s, &o);
    CHECK_EQ_STR(o.name, "n");
    CHECK_EQ_INT(o.tags.len, 2);
    CHECK_EQ_STR(o.tags.v[0], "a");
    CHECK_EQ_STR(o.tags.v[1], "c");
    CHECK_EQ_INT(o.seen_x, 1); /* "x\0y" is another key when the whole scalar counts */
    CHECK_EQ_INT(y.errors, 4);
    CHECK_EQ_STR(messages.p, "t.yml:2:15: error: `tags` must be a string\n"
                             "t.yml:4:1: error: unknown key `bogus`\n"
                             "t.yml:5:1: error: `key` must be a string\n"
                             "t.yml:6:1: error: unknown key `x`\n");
    obj_free(&o);
    dc_yaml_free(&y);

    /* C-string keys (the rule file's top level, the config): "x\0y" reads as x */
    CHECK_EQ_INT(load(&y, "\"x\\0y\": 3\ntags: one\n", true), 0);
    obj o2 = {0};
    dc_yaml_schema s2 = {fields, "unknown key `%s`", NULL, true};
    dc_yaml_walk(&y, dc_yaml_root(&y), &s2, &o2);
    CHECK_EQ_INT(o2.seen_x, 1);
    CHECK_EQ_INT(o2.tags.len, 1); /* one string is a list of one */
    CHECK_EQ_INT(y.errors, 0);
    obj_free(&o2);
    dc_yaml_free(&y);
}

DC_TEST(walk_with_string_values) {
    dc_yaml y;
    CHECK_EQ_INT(load(&y, "name: [a]\nx: {}\n", true), 0);
    obj o = {0};
    dc_yaml_schema named_by_key = {fields, "unknown key `%s`", "", false};
    dc_yaml_walk(&y, dc_yaml_root(&y), &named_by_key, &o);
    dc_yaml_schema named = {fields, "unknown key `%s`", "field", false};
    dc_yaml_walk(&y, dc_yaml_root(&y), &named, &o);
    CHECK(o.name == NULL && o.seen_x == 0);
    CHECK_EQ_STR(messages.p, "t.yml:1:7: error: `name` must be a string\n"
                             "t.yml:2:4: error: `x` must be a string\n"
                             "t.yml:1:7: error: `field` must be a string\n"
                             "t.yml:2:4: error: `field` must be a string\n");
    obj_free(&o);
    dc_yaml_free(&y);
}

DC_TEST(typed_readers) {
    dc_yaml y;
    CHECK_EQ_INT(load(&y, "- a\n- [b]\n- {c: d}\n", true), 0);
    yaml_node_t *root = dc_yaml_root(&y);
    CHECK(dc_yaml_item(&y, root, 3) == NULL);
    CHECK(dc_yaml_is(dc_yaml_item(&y, root, 0), "a"));
    CHECK(!dc_yaml_is(dc_yaml_item(&y, root, 1), "b"));
    CHECK(dc_yaml_expect(&y, dc_yaml_item(&y, root, 2), YAML_MAPPING_NODE, "`%s` must be a mapping", "m"));
    CHECK(!dc_yaml_expect(&y, dc_yaml_item(&y, root, 1), YAML_MAPPING_NODE, "`%s` must be a mapping", "m"));
    CHECK(dc_yaml_str(&y, NULL, "gone") == NULL); /* a missing node is reported without a place */
    yaml_node_t *k, *v;
    CHECK(dc_yaml_pair(&y, dc_yaml_item(&y, root, 2), 0, &k, &v) && dc_yaml_is(k, "c") && dc_yaml_is(v, "d"));
    CHECK(!dc_yaml_pair(&y, dc_yaml_item(&y, root, 2), 1, &k, &v));
    CHECK(!dc_yaml_pair(&y, root, 0, &k, &v)); /* not a mapping */
    dc_yaml_strs list = {0};
    dc_yaml_strings(&y, dc_yaml_item(&y, root, 0), "l", "`%s` must be a list", 0, &list);
    CHECK_EQ_INT(list.len, 0);
    CHECK_EQ_INT(y.errors, 3);
    CHECK_EQ_STR(messages.p, "t.yml:2:3: error: `m` must be a mapping\n"
                             "t.yml: error: `gone` must be a string\n"
                             "t.yml:1:3: error: `l` must be a list\n");
    dc_yaml_free(&y);
    dc_diag_set_printer(NULL, NULL);
    dc_buf_free(&messages);
}

DC_TEST(strings_at_records_where_each_kept_string_was) {
    dc_yaml y;
    CHECK_EQ_INT(load(&y, "a: [x, {no: 1}, '', \"y\"]\nb: solo\n", true), 0);
    yaml_node_t *root = dc_yaml_root(&y), *k, *v;
    dc_yaml_strs out = {0};
    dc_yaml_marks at = {0};
    CHECK(dc_yaml_pair(&y, root, 0, &k, &v));
    dc_yaml_strings_at(&y, v, "a", "`%s` must be a list of strings", DC_YAML_SKIP_EMPTY, &out, &at);
    CHECK(dc_yaml_pair(&y, root, 1, &k, &v));
    dc_yaml_strings_at(&y, v, "b", "`%s` must be a list of strings", DC_YAML_ONE_IS_LIST, &out, &at);
    CHECK_EQ_INT(y.errors, 1); /* the mapping item, reported and skipped */
    CHECK_EQ_INT(out.len, 3);
    CHECK_EQ_INT(at.len, 3);
    if (out.len == 3 && at.len == 3) {
        CHECK_EQ_STR(out.v[0], "x");
        CHECK(at.v[0].line == 1 && at.v[0].col == 5);
        CHECK_EQ_STR(out.v[1], "y");
        CHECK(at.v[1].line == 1 && at.v[1].col == 21);
        CHECK_EQ_STR(out.v[2], "solo");
        CHECK(at.v[2].line == 2 && at.v[2].col == 4);
    }
    for (uint32_t i = 0; i < out.len; i++) free(out.v[i]);
    dc_vec_free(&out);
    dc_vec_free(&at);
    dc_yaml_free(&y);
    dc_diag_set_printer(NULL, NULL);
}

DC_TEST_MAIN
