/* authfacts.c: the auth config facts of one file, and the merged map (authfacts.h).
 *
 * The extractor starts from the ids, not from the names: every fact's id is an `ac_...` string
 * literal (or .env value), so it looks only at the places where "ac_" follows a quote and asks
 * what that literal is bound to, climbing a few parents. A file without such a literal costs one
 * byte scan, and no walk of the tree is needed. */
#include "analysis/authfacts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/text.h"
#include "syntax/tree.h"

/* ---- what an id and a name look like --------------------------------------------------------- */

static bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }

static bool starts_with_ci(dc_sv s, const char *prefix) {
    size_t n = strlen(prefix);
    if (s.len < n) return false;
    for (size_t i = 0; i < n; i++)
        if (lower(s.p[i]) != prefix[i]) return false;
    return true;
}

static bool contains_ci(dc_sv s, const char *needle) {
    for (uint32_t i = 0; i < s.len; i++)
        if (starts_with_ci(dc_sv_from(s.p + i, s.len - i), needle)) return true;
    return false;
}

/* `ac_` + [A-Za-z0-9_-]+, and not a documentation placeholder (`ac_xxx`, `ac_your_github_config`,
 * `ac_example`): a placeholder copied into a session would replace the default auth config with
 * one that does not exist. */
static bool is_auth_config_id(dc_sv v) {
    if (v.len < 4 || v.len > 128 || memcmp(v.p, "ac_", 3) != 0) return false;
    dc_sv rest = dc_sv_from(v.p + 3, v.len - 3);
    bool all_x = true;
    for (uint32_t i = 0; i < rest.len; i++) {
        char c = rest.p[i];
        if (!is_alnum(c) && c != '_' && c != '-') return false;
        if (lower(c) != 'x') all_x = false;
    }
    return !all_x && !starts_with_ci(rest, "your") && !contains_ci(rest, "placeholder") &&
           !contains_ci(rest, "example");
}

/* Does a name say it holds auth configs? Its words contain "auth config(s)", "authconfig(s)",
 * "integration(s)" (the legacy SDK's word for an auth config) or "ac" (GITHUB_AC_ID). */
static bool says_auth_config(char *const *w, uint32_t n) {
    for (uint32_t i = 0; i < n; i++) {
        if (!strcmp(w[i], "ac") || !strcmp(w[i], "authconfig") || !strcmp(w[i], "authconfigs") ||
            !strcmp(w[i], "integration") || !strcmp(w[i], "integrations"))
            return true;
        if (!strcmp(w[i], "auth") && i + 1 < n && (!strcmp(w[i + 1], "config") || !strcmp(w[i + 1], "configs")))
            return true;
    }
    return false;
}

typedef struct ex {
    const dc_ruleset *rs;
    dc_source *src;
    dc_arena a; /* scratch: words, copies */
    dc_authfacts *out;
} ex;

static bool name_says_auth(ex *e, dc_sv name) {
    char **w;
    uint32_t n = dc_text_words(&e->a, name, &w);
    return says_auth_config(w, n);
}

/* The toolkit a name proves: it says auth config and names exactly one known toolkit. */
static const char *name_toolkit(ex *e, dc_sv name) {
    char **w;
    uint32_t n = dc_text_words(&e->a, name, &w);
    return says_auth_config(w, n) ? dc_toolkit_in_words(e->rs, &e->a, w, n) : NULL;
}

/* A toolkit slug as written where the API or a map key says it is one: lower-cased, letters,
 * digits and `_` only. `known`: it must also be in rules/toolkits.txt (a map key: `default` or
 * `primary` are keys too, and are no toolkit). */
static const char *slug_of(ex *e, dc_sv s, bool known) {
    if (s.len < 2 || s.len > 64) return NULL;
    char *l = dc_arena_strndup(&e->a, s.p, s.len);
    for (char *p = l; *p; p++) {
        *p = lower(*p);
        if (!is_alnum(*p) && *p != '_') return NULL;
    }
    return !known || dc_toolkit_known(e->rs, l, s.len) ? l : NULL;
}

/* ---- what a literal is bound to ---------------------------------------------------------------- */

/* A node's outermost wrapper that changes nothing about the value: parentheses, TS `as` /
 * `satisfies` / `!`. */
static TSNode unwrap_up(TSNode n) {
    static const char *const wrappers[] = {"parenthesized_expression", "as_expression", "satisfies_expression",
                                           "non_null_expression", NULL};
    for (TSNode p = ts_node_parent(n); dc_node_is_any(p, wrappers); p = ts_node_parent(p)) n = p;
    return n;
}

/* The text a key, name or property node spells: a plain string's value, else the node's text. */
static dc_sv key_text(ex *e, TSNode k) {
    dc_sv v;
    if (dc_node_string(e->src, k, &v)) return v;
    return dc_node_sv(e->src, k);
}

/* Where a value sits: the name it is bound to (a variable, attribute, key, keyword or environment
 * variable) and, when that name is a key, what holds it (a dict / object / argument list, or the
 * object of `X["github"] = v` / `x.github = v`); for a positional argument, its call and index. */
typedef struct slot {
    dc_sv name;
    bool keyed;
    TSNode holder;
    TSNode call;
    int argi;
} slot;

static bool eq_node(TSNode a, TSNode b) { return !ts_node_is_null(a) && !ts_node_is_null(b) && ts_node_eq(a, b); }

/* The target of an assignment: `NAME`, `x.NAME`, `X["key"]`, `x.key` (TS). */
static void slot_target(ex *e, TSNode t, slot *s) {
    if (dc_node_is(t, "identifier")) {
        s->name = dc_node_sv(e->src, t);
    } else if (dc_node_is(t, "attribute") || dc_node_is(t, "member_expression")) {
        s->name = dc_node_sv(e->src, dc_field(t, dc_node_is(t, "attribute") ? "attribute" : "property"));
        s->holder = dc_field(t, "object");
        s->keyed = true;
    } else if (dc_node_is(t, "subscript") || dc_node_is(t, "subscript_expression")) {
        bool py = dc_node_is(t, "subscript");
        TSNode k = dc_field(t, py ? "subscript" : "index");
        if (!dc_node_string(e->src, k, &s->name)) return;
        s->holder = dc_field(t, py ? "value" : "object");
        s->keyed = true;
    }
}

/* `os.getenv("X", v)`, `os.environ.get("X", v)`, `os.environ.setdefault("X", v)`: X. */
static dc_sv env_call_name(ex *e, TSNode call) {
    dc_sv fn = dc_node_sv(e->src, dc_field(call, "function"));
    static const char *const tails[] = {"getenv", "environ.get", "environ.setdefault", NULL};
    bool env = false;
    for (int i = 0; tails[i] && !env; i++) {
        size_t n = strlen(tails[i]);
        env = fn.len >= n && memcmp(fn.p + fn.len - n, tails[i], n) == 0 &&
              (fn.len == n || fn.p[fn.len - n - 1] == '.');
    }
    TSNode args = dc_field(call, "arguments");
    dc_sv name = {0};
    if (env && !ts_node_is_null(args) && ts_node_named_child_count(args) > 0) dc_node_string(e->src, ts_node_named_child(args, 0), &name);
    return name;
}

/* `process.env.X ?? v`, `process.env["X"] || v`, Python `os.getenv("X") or v`: X. */
static dc_sv env_default_name(ex *e, TSNode left) {
    dc_sv name = {0};
    if (dc_node_is(left, "call")) return env_call_name(e, left);
    if (!dc_node_is(left, "member_expression") && !dc_node_is(left, "subscript_expression")) return name;
    if (!dc_sv_eq_cstr(dc_node_sv(e->src, dc_field(left, "object")), "process.env")) return name;
    if (dc_node_is(left, "member_expression")) return dc_node_sv(e->src, dc_field(left, "property"));
    dc_node_string(e->src, dc_field(left, "index"), &name);
    return name;
}

static void slot_argument(ex *e, TSNode v, TSNode args, slot *s) {
    s->holder = args;
    s->call = ts_node_parent(args);
    uint32_t k = ts_node_named_child_count(args);
    int pos = 0;
    for (uint32_t i = 0; i < k; i++) {
        TSNode c = ts_node_named_child(args, i);
        if (dc_node_is_comment(c) || dc_node_is(c, "keyword_argument")) continue;
        if (eq_node(c, v)) {
            s->argi = pos;
            break;
        }
        pos++;
    }
    if (s->argi == 1) s->name = env_call_name(e, s->call);
}

/* straight-line code: one case per kind of parent a bound value can have */
static slot slot_of(ex *e, TSNode v) {
    slot s = {.argi = -1};
    v = unwrap_up(v);
    TSNode p = ts_node_parent(v);
    const char *t = ts_node_is_null(p) ? "" : ts_node_type(p);
    if (!strcmp(t, "assignment") || !strcmp(t, "assignment_expression")) {
        if (eq_node(dc_field(p, "right"), v)) slot_target(e, dc_field(p, "left"), &s);
    } else if (!strcmp(t, "variable_declarator")) {
        if (eq_node(dc_field(p, "value"), v) && dc_node_is(dc_field(p, "name"), "identifier"))
            s.name = dc_node_sv(e->src, dc_field(p, "name"));
    } else if (!strcmp(t, "public_field_definition") || !strcmp(t, "field_definition")) {
        TSNode n = dc_field(p, "name");
        if (ts_node_is_null(n)) n = dc_field(p, "property");
        if (eq_node(dc_field(p, "value"), v)) s.name = key_text(e, n);
    } else if (!strcmp(t, "pair")) {
        if (eq_node(dc_field(p, "value"), v)) {
            s.name = key_text(e, dc_field(p, "key"));
            s.holder = ts_node_parent(p);
            s.keyed = true;
        }
    } else if (!strcmp(t, "keyword_argument")) {
        s.name = dc_node_sv(e->src, dc_field(p, "name"));
        s.holder = ts_node_parent(p);
        s.call = ts_node_parent(s.holder);
        s.keyed = true;
    } else if (!strcmp(t, "argument_list") || !strcmp(t, "arguments")) {
        slot_argument(e, v, p, &s);
    } else if (!strcmp(t, "binary_expression") || !strcmp(t, "boolean_operator")) {
        dc_sv op = dc_node_sv(e->src, dc_field(p, "operator"));
        if (eq_node(dc_field(p, "right"), v) &&
            (dc_sv_eq_cstr(op, "??") || dc_sv_eq_cstr(op, "||") || dc_sv_eq_cstr(op, "or")))
            s.name = env_default_name(e, dc_field(p, "left"));
    }
    return s;
}

/* The name of what holds a keyed value: `AUTH_CONFIGS` of `AUTH_CONFIGS = {...}` or of
 * `AUTH_CONFIGS["github"] = v`, `auth_configs` of `create(..., auth_configs={...})`. */
static dc_sv holder_name(ex *e, TSNode h) {
    if (dc_node_is(h, "identifier")) return dc_node_sv(e->src, h);
    if (dc_node_is(h, "attribute")) return dc_node_sv(e->src, dc_field(h, "attribute"));
    if (dc_node_is(h, "member_expression")) return dc_node_sv(e->src, dc_field(h, "property"));
    if (dc_node_is(h, "dictionary") || dc_node_is(h, "object")) return slot_of(e, h).name;
    return (dc_sv){0};
}

/* ---- the toolkit named next to an id ---------------------------------------------------------- */

/* A toolkit value: a plain string, or the legacy enum's `App.GITHUB`. */
static const char *toolkit_value(ex *e, TSNode v) {
    dc_sv s;
    if (dc_node_string(e->src, v, &s)) return slug_of(e, s, false);
    if (!dc_node_is(v, "attribute") && !dc_node_is(v, "member_expression")) return NULL;
    if (!dc_sv_eq_cstr(dc_node_sv(e->src, dc_field(v, "object")), "App")) return NULL;
    return slug_of(e, dc_node_sv(e->src, dc_field(v, dc_node_is(v, "attribute") ? "attribute" : "property")), false);
}

static bool is_toolkit_key(dc_sv k) {
    static const char *const keys[] = {"toolkit", "toolkit_slug", "toolkitSlug", "app", "app_name", "appName", NULL};
    for (int i = 0; keys[i]; i++)
        if (dc_sv_eq_cstr(k, keys[i])) return true;
    return false;
}

/* `{ toolkit: "github", authConfigId: v }`, `initiate_connection(app_name="github",
 * integration_id=v)`, `entity.initiate_connection("github", integration_id=v)`. */
static const char *sibling_toolkit(ex *e, const slot *s) {
    TSNode h = s->holder;
    if (ts_node_is_null(h)) return NULL;
    uint32_t k = ts_node_named_child_count(h);
    for (uint32_t i = 0; i < k; i++) {
        TSNode c = ts_node_named_child(h, i);
        TSNode key = dc_field(c, dc_node_is(c, "keyword_argument") ? "name" : "key");
        if ((dc_node_is(c, "pair") || dc_node_is(c, "keyword_argument")) && is_toolkit_key(key_text(e, key)))
            return toolkit_value(e, dc_field(c, "value"));
    }
    if (!dc_node_is(h, "argument_list") || k == 0) return NULL;
    TSNode fn = dc_field(s->call, "function");
    if (!dc_sv_eq_cstr(dc_node_sv(e->src, dc_field(fn, "attribute")), "initiate_connection")) return NULL;
    TSNode first = ts_node_named_child(h, 0);
    return dc_node_is(first, "keyword_argument") ? NULL : toolkit_value(e, first);
}

/* TS `<client>.toolkits.authorize(userId, "github", v)`: the toolkit argument. */
static const char *authorize_toolkit(ex *e, const slot *s) {
    if (s->argi != 2) return NULL;
    TSNode fn = dc_field(s->call, "function");
    if (!dc_node_is(fn, "member_expression") || !dc_sv_eq_cstr(dc_node_sv(e->src, dc_field(fn, "property")), "authorize"))
        return NULL;
    TSNode ns = dc_field(fn, "object");
    if (!dc_node_is(ns, "member_expression") || !dc_sv_eq_cstr(dc_node_sv(e->src, dc_field(ns, "property")), "toolkits"))
        return NULL;
    return toolkit_value(e, ts_node_named_child(s->holder, 1));
}

/* ---- facts ------------------------------------------------------------------------------------ */

static void emit(ex *e, const char *toolkit, dc_sv id, dc_sv name, uint32_t at, dc_authfact_kind kind) {
    dc_pos pos = dc_source_pos(e->src, at);
    dc_authfact f = {
        .toolkit = (char *)toolkit,
        .auth_config = dc_arena_strndup(&e->a, id.p, id.len),
        .path = e->src->path,
        .name = name.len ? dc_arena_strndup(&e->a, name.p, name.len) : NULL,
        .line = pos.line,
        .column = pos.column,
        .kind = kind,
    };
    dc_authfacts_add(e->out, &f);
}

/* What proves the toolkit of the id literal `lit`, in the order of authfacts.h: its name, the
 * key of an auth config map, the toolkit named next to it. */
static void classify(ex *e, TSNode lit, dc_sv id) {
    slot s = slot_of(e, lit);
    uint32_t at = ts_node_start_byte(lit);
    const char *tk = s.name.len ? name_toolkit(e, s.name) : NULL;
    if (tk) {
        emit(e, tk, id, s.name, at, DC_AUTHFACT_NAME);
        return;
    }
    if (s.keyed && (tk = slug_of(e, s.name, true))) {
        dc_sv map = holder_name(e, s.holder);
        if (map.len && name_says_auth(e, map)) emit(e, tk, id, map, at, DC_AUTHFACT_MAP_KEY);
        return;
    }
    if (s.name.len && name_says_auth(e, s.name)) {
        if ((tk = sibling_toolkit(e, &s))) {
            emit(e, tk, id, s.name, at, DC_AUTHFACT_TOOLKIT);
            return;
        }
        /* `{ github: { authConfigId: v } }`: the record's own key names the toolkit */
        if (dc_node_is(s.holder, "dictionary") || dc_node_is(s.holder, "object")) {
            slot hs = slot_of(e, s.holder);
            if (hs.keyed && (tk = slug_of(e, hs.name, true))) emit(e, tk, id, s.name, at, DC_AUTHFACT_MAP_KEY);
        }
        return;
    }
    if (!ts_node_is_null(s.call) && (tk = authorize_toolkit(e, &s))) emit(e, tk, id, (dc_sv){0}, at, DC_AUTHFACT_TOOLKIT);
}

static void extract_code(ex *e, TSTree *tree) {
    const char *d = e->src->data;
    TSNode root = ts_tree_root_node(tree);
    for (const char *p = d; (p = memmem(p, e->src->len - (size_t)(p - d), "ac_", 3)) != NULL; p += 3) {
        /* a literal that is an id starts with it, right after its quote */
        if (p == d || (p[-1] != '"' && p[-1] != '\'' && p[-1] != '`')) continue;
        uint32_t at = (uint32_t)(p - d);
        TSNode n = ts_node_descendant_for_byte_range(root, at, at + 3);
        for (int up = 0; up < 2 && !ts_node_is_null(n) && !dc_node_is(n, "string"); up++) n = ts_node_parent(n);
        dc_sv v;
        if (!dc_node_string(e->src, n, &v) || v.p != p || !is_auth_config_id(v)) continue;
        classify(e, n, v);
        p = d + ts_node_end_byte(n) - 3; /* on past the literal */
    }
}

/* `.env`: `[export ]NAME=value`, the value quoted or not (an unquoted one ends at ` #`). */
static void extract_env(ex *e) {
    const char *d = e->src->data, *end = d + e->src->len;
    for (const char *line = d; line < end;) {
        const char *eol = memchr(line, '\n', (size_t)(end - line));
        if (!eol) eol = end;
        const char *p = line;
        while (p < eol && (*p == ' ' || *p == '\t')) p++;
        if (eol - p > 7 && !memcmp(p, "export ", 7)) p += 7;
        const char *name = p;
        while (p < eol && (is_alnum(*p) || *p == '_' || *p == '.')) p++;
        dc_sv nm = dc_sv_from(name, (size_t)(p - name));
        while (p < eol && (*p == ' ' || *p == '\t')) p++;
        if (nm.len && p < eol && *p == '=') {
            p++;
            while (p < eol && (*p == ' ' || *p == '\t')) p++;
            const char *v = p;
            if (p < eol && (*p == '"' || *p == '\'')) v = ++p;
            while (p < eol && (is_alnum(*p) || *p == '_' || *p == '-')) p++;
            dc_sv id = dc_sv_from(v, (size_t)(p - v));
            const char *tk;
            if (is_auth_config_id(id) && (tk = name_toolkit(e, nm)))
                emit(e, tk, id, nm, (uint32_t)(v - d), DC_AUTHFACT_ENV);
        }
        line = eol + 1;
    }
}

/* ---- the text-only candidate test --------------------------------------------------------------
 *
 * A superset of what the extractor accepts, read from the bytes before each id literal: the
 * `=`, `:`, `,`, `??` / `||` / `or` that binds it and the name or key before that. Where the text
 * cannot tell (a subscript, a generic type, a computed key) it says yes. */

static bool is_ident(char c) { return is_alnum(c) || c == '_' || c == '$'; }
static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
static bool is_quote(char c) { return c == '"' || c == '\'' || c == '`'; }

typedef struct cand {
    ex e;
    const char *d;
    size_t n;
    int keys; /* has_toolkit_keys, once known (-1: not yet) */
} cand;

static long back_space(const char *d, long i) {
    while (i >= 0 && is_space(d[i])) i--;
    return i;
}

/* The identifier, or the quoted string's content, that ends at d[i]; *start: its first byte
 * (the opening quote of a string). */
static bool back_token(const char *d, long i, dc_sv *tok, long *start) {
    if (i < 0) return false;
    long j = i - 1;
    if (is_quote(d[i])) {
        while (j >= 0 && d[j] != d[i] && d[j] != '\n') j--;
        if (j < 0 || d[j] != d[i]) return false;
        *tok = dc_sv_from(d + j + 1, (size_t)(i - j - 1));
        *start = j;
        return true;
    }
    if (!is_ident(d[i])) return false;
    while (j >= 0 && is_ident(d[j])) j--;
    *tok = dc_sv_from(d + j + 1, (size_t)(i - j));
    *start = j + 1;
    return true;
}

/* Does the file name a toolkit next to something (`toolkit:`, `app_name=`, `"appName":`, ...,
 * `initiate_connection`, or `<known toolkit>: {`)? What a record's auth config needs. */
static bool has_toolkit_keys(cand *c) {
    static const char *const keys[] = {"toolkit", "toolkit_slug", "toolkitSlug", "app", "app_name", "appName", NULL};
    if (c->keys >= 0) return c->keys;
    c->keys = memmem(c->d, c->n, "initiate_connection", 19) != NULL;
    for (size_t i = 0; i < c->n && !c->keys; i++) {
        if (c->d[i] == '{') {
            long j = back_space(c->d, (long)i - 1), st;
            dc_sv tok;
            if (j >= 0 && c->d[j] == ':' && back_token(c->d, back_space(c->d, j - 1), &tok, &st) &&
                slug_of(&c->e, tok, true))
                c->keys = 1;
            continue;
        }
        if (!is_ident(c->d[i]) || (i > 0 && is_ident(c->d[i - 1]))) continue;
        size_t k = i;
        while (k < c->n && is_ident(c->d[k])) k++;
        dc_sv tok = dc_sv_from(c->d + i, k - i);
        if (k < c->n && is_quote(c->d[k])) k++;
        while (k < c->n && is_space(c->d[k])) k++;
        for (int t = 0; keys[t] && k < c->n && (c->d[k] == ':' || c->d[k] == '='); t++)
            if (dc_sv_eq_cstr(tok, keys[t])) c->keys = 1;
        i = k - 1 > i ? k - 1 : i;
    }
    return c->keys;
}

/* Could a value bound to `key` (a name, a key) be a fact? */
static bool key_could_prove(cand *c, dc_sv key) {
    if (name_toolkit(&c->e, key) || slug_of(&c->e, key, true)) return true;
    return name_says_auth(&c->e, key) && has_toolkit_keys(c);
}

/* `=` before the literal: `NAME = v`, `NAME: T = v`, `x.NAME = v`, `name=v`. */
static bool assigned_could_prove(cand *c, long i) {
    const char *d = c->d;
    if (i > 0 && strchr("=!<>+-*/%&|^:~@", d[i - 1])) return false; /* comparison, augmented, walrus */
    long j = back_space(d, i - 1), st;
    if (j < 0) return false;
    if (d[j] == ']' || d[j] == '>' || d[j] == ')') return true; /* a subscript or a type: cannot tell */
    dc_sv tok;
    if (!back_token(d, j, &tok, &st)) return false;
    long k = back_space(d, st - 1);
    if (k >= 0 && (d[k] == '|' || d[k] == '&')) return true; /* a union type */
    if (k >= 0 && d[k] == ':' && !back_token(d, back_space(d, k - 1), &tok, &st)) return true;
    return key_could_prove(c, tok);
}

static bool literal_could_be_fact(cand *c, long i) {
    const char *d = c->d;
    i = back_space(d, i);
    while (i >= 0 && d[i] == '(') i = back_space(d, i - 1); /* parentheses change nothing */
    if (i < 0) return false;
    dc_sv tok;
    long j, st;
    switch (d[i]) {
    case ':':
        j = back_space(d, i - 1);
        if (j >= 0 && d[j] == ']') return true; /* a computed key */
        return back_token(d, j, &tok, &st) && key_could_prove(c, tok);
    case '=':
        return assigned_could_prove(c, i);
    case ',':
        /* getenv("X", v); authorize(u, "github" | App.GITHUB, v) */
        j = back_space(d, i - 1);
        if (!back_token(d, j, &tok, &st)) return false;
        if (is_quote(d[j]) && name_toolkit(&c->e, tok)) return true;
        return (is_quote(d[j]) || (st > 0 && d[st - 1] == '.')) && memmem(d, c->n, "authorize", 9) != NULL;
    default:
        break;
    }
    bool env_default = (d[i] == '?' && i > 0 && d[i - 1] == '?') || (d[i] == '|' && i > 0 && d[i - 1] == '|') ||
                       (d[i] == 'r' && i > 0 && d[i - 1] == 'o' && (i < 2 || !is_ident(d[i - 2])));
    return env_default && (memmem(d, c->n, "process.env", 11) || memmem(d, c->n, "getenv", 6) ||
                           memmem(d, c->n, "environ", 7));
}

bool dc_authfacts_candidate(const dc_ruleset *rs, const char *data, size_t len, dc_lang lang) {
    if (lang == DC_LANG_NONE || !dc_authfacts_may_have(data, len)) return false;
    if (lang == DC_LANG_DOTENV) return true; /* read as text anyway: no parse to save */
    cand c = {.e = {.rs = rs}, .d = data, .n = len, .keys = -1};
    dc_arena_init(&c.e.a, 4096);
    bool hit = false;
    for (const char *p = data; !hit && (p = memmem(p, len - (size_t)(p - data), "ac_", 3)) != NULL; p += 3) {
        if (p == data || !is_quote(p[-1])) continue;
        size_t k = (size_t)(p - data);
        while (k < len && (is_alnum(data[k]) || data[k] == '_' || data[k] == '-')) k++;
        if (k >= len || data[k] != p[-1] || !is_auth_config_id(dc_sv_from(p, k - (size_t)(p - data)))) continue;
        hit = literal_could_be_fact(&c, (long)(p - data) - 2);
    }
    dc_arena_free(&c.e.a);
    return hit;
}

bool dc_authfacts_may_have(const char *data, size_t len) { return memmem(data, len, "ac_", 3) != NULL; }

void dc_authfacts_extract(const dc_ruleset *rs, dc_source *src, TSTree *tree, dc_authfacts *out) {
    if (!dc_authfacts_may_have(src->data, src->len)) return;
    if (!tree && src->lang != DC_LANG_DOTENV) return;
    ex e = {.rs = rs, .src = src, .out = out};
    dc_arena_init(&e.a, 4096);
    if (tree)
        extract_code(&e, tree);
    else
        extract_env(&e);
    dc_arena_free(&e.a);
}

/* ---- fact lists ------------------------------------------------------------------------------- */

static char *dup_or_null(const char *s) { return s ? dc_xstrdup(s) : NULL; }

void dc_authfacts_add(dc_authfacts *out, const dc_authfact *f) {
    dc_authfact c = *f;
    c.toolkit = dc_xstrdup(f->toolkit);
    c.auth_config = dc_xstrdup(f->auth_config);
    c.path = dup_or_null(f->path);
    c.name = dup_or_null(f->name);
    dc_vec_push(out, c);
}

void dc_authfacts_free(dc_authfacts *fs) {
    for (uint32_t i = 0; i < fs->len; i++) {
        free(fs->v[i].toolkit);
        free(fs->v[i].auth_config);
        free(fs->v[i].path);
        free(fs->v[i].name);
    }
    dc_vec_free(fs);
}

static const char *const kind_names[DC_AUTHFACT_KIND_COUNT] = {"FLAG", "CONFIG", "NAME", "MAP_KEY", "TOOLKIT", "ENV"};

const char *dc_authfact_kind_name(dc_authfact_kind k) { return k < DC_AUTHFACT_KIND_COUNT ? kind_names[k] : "?"; }

int dc_authfact_kind_from_name(const char *name) {
    for (int i = 0; i < DC_AUTHFACT_KIND_COUNT; i++)
        if (!strcmp(kind_names[i], name)) return i;
    return -1;
}

const char *dc_authfact_where(const dc_authfact *f, char *buf, size_t n) {
    dc_buf b = DC_BUF_INIT;
    if (!f->path) {
        dc_buf_adds(&b, "--auth-config");
    } else {
        dc_text_quote_path(&b, f->path); /* as every path shown to a person (common/text.h) */
        dc_buf_printf(&b, ":%u", f->line);
    }
    snprintf(buf, n, "%s", b.p);
    dc_buf_free(&b);
    return buf;
}

/* ---- the merged map ----------------------------------------------------------------------------- */

/* Explicit entries first (the command line's above the config's), then the code's facts as
 * equals. */
static int rank(const dc_authfact *f) { return f->kind == DC_AUTHFACT_FLAG ? 0 : f->kind == DC_AUTHFACT_CONFIG ? 1 : 2; }

static int cmp_str(const char *a, const char *b) { return a == b ? 0 : !a ? -1 : !b ? 1 : strcmp(a, b); }

static int cmp_fact(const void *pa, const void *pb) {
    const dc_authfact *a = pa, *b = pb;
    int c;
    if ((c = rank(a) - rank(b))) return c;
    if ((c = cmp_str(a->path, b->path))) return c;
    if (a->line != b->line) return a->line < b->line ? -1 : 1;
    if (a->column != b->column) return a->column < b->column ? -1 : 1;
    if ((c = strcmp(a->toolkit, b->toolkit))) return c;
    if ((c = strcmp(a->auth_config, b->auth_config))) return c;
    return (int)a->kind - (int)b->kind;
}

static int cmp_toolkit(const void *pa, const void *pb) {
    return strcmp(((const dc_authmap_toolkit *)pa)->toolkit, ((const dc_authmap_toolkit *)pb)->toolkit);
}

void dc_authmap_build(dc_authmap *m, const dc_authfacts *facts, bool project) {
    memset(m, 0, sizeof *m);
    m->project = project;
    for (uint32_t i = 0; i < facts->len; i++) dc_authfacts_add(&m->facts, &facts->v[i]);
    if (m->facts.len) qsort(m->facts.v, m->facts.len, sizeof *m->facts.v, cmp_fact);
    for (uint32_t i = 0; i < m->facts.len; i++) {
        const dc_authfact *f = &m->facts.v[i];
        if (!is_auth_config_id(dc_sv_cstr(f->auth_config))) continue; /* an expression's text: no session value */
        dc_authmap_toolkit *t = NULL;
        for (uint32_t j = 0; j < m->toolkits.len && !t; j++)
            if (!strcmp(m->toolkits.v[j].toolkit, f->toolkit)) t = &m->toolkits.v[j];
        if (!t) {
            dc_authmap_toolkit nt = {f->toolkit, f, NULL};
            dc_vec_push(&m->toolkits, nt);
        } else if (!t->other && rank(t->fact) == rank(f) && strcmp(t->fact->auth_config, f->auth_config) != 0) {
            t->other = f;
        }
    }
    if (m->toolkits.len) qsort(m->toolkits.v, m->toolkits.len, sizeof *m->toolkits.v, cmp_toolkit);
}

const dc_authmap_toolkit *dc_authmap_find(const dc_authmap *m, const char *toolkit) {
    dc_authmap_toolkit key = {toolkit, NULL, NULL};
    return m->toolkits.len ? bsearch(&key, m->toolkits.v, m->toolkits.len, sizeof key, cmp_toolkit) : NULL;
}

const dc_authfact *dc_authmap_toolkit_of(const dc_authmap *m, const char *auth_config) {
    const dc_authfact *first = NULL;
    for (uint32_t i = 0; i < m->facts.len; i++) {
        const dc_authfact *f = &m->facts.v[i];
        if (strcmp(f->auth_config, auth_config) != 0) continue;
        if (!first)
            first = f;
        else if (rank(f) != rank(first))
            break; /* a better rank already answered */
        else if (strcmp(f->toolkit, first->toolkit) != 0)
            return NULL; /* one id, two toolkits: the code contradicts itself */
    }
    return first;
}

bool dc_authmap_beyond(const dc_authmap *m, const char *path) {
    for (uint32_t i = 0; i < m->facts.len; i++)
        if (rank(&m->facts.v[i]) == 2 && strcmp(m->facts.v[i].path, path) != 0) return true;
    return false;
}

void dc_authmap_free(dc_authmap *m) {
    dc_authfacts_free(&m->facts);
    dc_vec_free(&m->toolkits);
}
