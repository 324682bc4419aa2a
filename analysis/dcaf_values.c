/* dcaf_values.c: the DCAF pack's rules about what is stored in a Session: dcaf-non-json-value
 * (set() checks nothing, session.py:87-105; the value fails or changes type when the reply is
 * encoded) and dcaf-session-secret (session data travels to the client, primitives.py:243-249). */
#include <ctype.h>
#include <string.h>

#include "analysis/dcaf_p.h"

/* One store: S.set(K, V), S[K] = V, or a pair of S.update({...}); `at` is where a secret is
 * reported (the receiver, the subscript, the pair). */
typedef void (*store_fn)(dcaf_ctx *c, const dc_rule *r, TSNode key, TSNode value, TSNode at);

static void each_store(dcaf_ctx *c, const dc_rule *r, store_fn fn) {
    for (uint32_t i = 0; i < c->calls.len; i++) {
        TSNode call = c->calls.v[i], f = dc_field(call, "function");
        if (!dc_node_is(f, "attribute")) continue;
        TSNode obj = dc_field(f, "object");
        dc_sv m = dcaf_text(c, dc_field(f, "attribute"));
        bool set = dc_sv_eq_cstr(m, "set"), upd = dc_sv_eq_cstr(m, "update");
        if ((!set && !upd) || !(dcaf_value_kind(c, obj) & V_SESSION)) continue;
        TSNode args = dc_field(call, "arguments");
        if (set && dcaf_nkids(args) >= 2) {
            TSNode k = dcaf_kid(args, 0), v = dcaf_kid(args, 1);
            if (!dc_node_is(k, "keyword_argument") && !dc_node_is(v, "keyword_argument")) fn(c, r, k, v, obj);
        }
        TSNode d = dcaf_kid(args, 0);
        for (uint32_t j = 0; upd && dc_node_is(d, "dictionary") && j < dcaf_nkids(d); j++) {
            TSNode pr = dcaf_kid(d, j);
            if (dc_node_is(pr, "pair")) fn(c, r, dc_field(pr, "key"), dc_field(pr, "value"), pr);
        }
    }
    for (uint32_t i = 0; i < c->assigns.len; i++) {
        TSNode as = c->assigns.v[i], l = dc_field(as, "left");
        if (dc_node_is(as, "assignment") && dc_node_is(l, "subscript") &&
            (dcaf_value_kind(c, dc_field(l, "value")) & V_SESSION))
            fn(c, r, dc_field(l, "subscript"), dc_field(as, "right"), l);
    }
}

/* ---- dcaf-non-json-value ---- */

static const char *canon_in(dcaf_ctx *c, TSNode n, const char *const *paths) {
    const char *k = dcaf_canon(c, n);
    for (int i = 0; k && paths[i]; i++)
        if (strcmp(k, paths[i]) == 0) return paths[i];
    return NULL;
}

static const char *const dt_types[] = {"datetime.datetime", "datetime.date", "datetime.time", NULL};
static const char *const dt_methods[] = {"now", "utcnow", "today", "fromtimestamp", "fromisoformat", "strptime", "combine", NULL};

/* A type name that does not survive JSON (annotation tokens of model fields). */
static bool unsafe_type_name(dcaf_ctx *c, dc_sv tok) {
    if (dc_sv_eq_cstr(tok, "bytes") || dc_sv_eq_cstr(tok, "set") || dc_sv_eq_cstr(tok, "frozenset")) return true;
    static const char *const types[] = {"datetime.datetime", "datetime.date", "datetime.time", "datetime.timedelta",
                                        "uuid.UUID", "decimal.Decimal", NULL};
    const char *k = dcaf_canon_text(c, tok);
    for (int i = 0; k && types[i]; i++)
        if (strcmp(k, types[i]) == 0) return true;
    TSNode cls = dcaf_find_class(c, tok);
    return !ts_node_is_null(cls) && dcaf_class_kind(c, cls) == CLS_ENUM;
}

typedef struct field_scan {
    dcaf_ctx *c;
    bool unsafe;
} field_scan;

static void on_field(void *ud, TSNode name, TSNode type) {
    field_scan *s = ud;
    dc_sv t = dcaf_text(s->c, type);
    for (uint32_t i = 0; i < t.len && !s->unsafe;) {
        if (!(isalpha((unsigned char)t.p[i]) || t.p[i] == '_')) {
            i++;
            continue;
        }
        uint32_t st = i;
        while (i < t.len && (isalnum((unsigned char)t.p[i]) || t.p[i] == '_' || t.p[i] == '.')) i++;
        s->unsafe = unsafe_type_name(s->c, dc_sv_from(t.p + st, i - st));
    }
}

static const char *call_unsafe(dcaf_ctx *c, TSNode v) {
    TSNode fn = dc_field(v, "function");
    if (canon_in(c, fn, dt_types)) return "a date/time object|store .isoformat() and read it back with fromisoformat()";
    if (dc_node_is(fn, "attribute") && canon_in(c, dc_field(fn, "object"), dt_types)) {
        dc_sv m = dcaf_text(c, dc_field(fn, "attribute"));
        for (int i = 0; dt_methods[i]; i++)
            if (dc_sv_eq_cstr(m, dt_methods[i])) return "a date/time object|store .isoformat() and read it back with fromisoformat()";
    }
    static const char *const td[] = {"datetime.timedelta", NULL};
    if (canon_in(c, fn, td)) return "a timedelta|store .total_seconds()";
    static const char *const ids[] = {"uuid.uuid1", "uuid.uuid3", "uuid.uuid4", "uuid.uuid5", "uuid.UUID", NULL};
    if (canon_in(c, fn, ids)) return "a UUID|store str(...) of it";
    static const char *const dec[] = {"decimal.Decimal", NULL};
    if (canon_in(c, fn, dec)) return "a Decimal|store str(...) of it";
    dc_sv name = dc_node_is(fn, "identifier") ? dcaf_text(c, fn) : (dc_sv){0};
    if (dc_sv_eq_cstr(name, "set") || dc_sv_eq_cstr(name, "frozenset")) return "a set|store sorted(...) or list(...) of it";
    if (dc_sv_eq_cstr(name, "bytes") || dc_sv_eq_cstr(name, "bytearray"))
        return "bytes|store base64.b64encode(value).decode(\"ascii\")";
    if (dc_sv_eq_cstr(name, "open")) return "an open file|do not store it; store its path";
    if (dc_node_is(fn, "attribute") && dc_sv_eq_cstr(dcaf_text(c, dc_field(fn, "attribute")), "encode"))
        return "bytes|store the text itself, or base64.b64encode(value).decode(\"ascii\")";
    TSNode cls = name.len ? dcaf_find_class(c, name) : (TSNode){0};
    int kind = ts_node_is_null(cls) ? CLS_OTHER : dcaf_class_kind(c, cls);
    if (kind == CLS_MODEL || kind == CLS_DATACLASS) {
        field_scan s = {c, false};
        dcaf_class_fields(cls, on_field, &s);
        if (s.unsafe)
            return kind == CLS_MODEL ? "a model with non-JSON fields (stored with model_dump() in Python mode)|store "
                                       ".model_dump(mode=\"json\")"
                                     : "a dataclass with non-JSON fields (stored with asdict())|convert those fields "
                                       "to JSON types before storing it";
    }
    return NULL;
}

/* "what|advice" for an unsafe value, or NULL. */
static const char *unsafe_value(dcaf_ctx *c, TSNode v, int depth) {
    if (dc_node_is(v, "call")) return call_unsafe(c, v);
    if (dc_node_is(v, "set") || dc_node_is(v, "set_comprehension")) return "a set|store sorted(...) or list(...) of it";
    if (dc_node_is(v, "lambda")) return "a function|do not store it; store a name that selects it";
    if (dc_node_is(v, "string")) {
        dc_sv t = dcaf_text(c, v);
        for (uint32_t i = 0; i < t.len && i < 3 && t.p[i] != '"' && t.p[i] != '\''; i++)
            if (t.p[i] == 'b' || t.p[i] == 'B') return "bytes|store base64.b64encode(value).decode(\"ascii\")";
        return NULL;
    }
    if (dc_node_is(v, "attribute")) {
        TSNode obj = dc_field(v, "object");
        TSNode cls = dc_node_is(obj, "identifier") ? dcaf_find_class(c, dcaf_text(c, obj)) : (TSNode){0};
        if (!ts_node_is_null(cls) && dcaf_class_kind(c, cls) == CLS_ENUM) return "an Enum member|store its .value";
        return NULL;
    }
    if (dc_node_is(v, "identifier") && depth == 0) {
        /* a name assigned exactly once in the same function */
        TSNode only = {0};
        uint32_t n = 0, scope = dcaf_scope_id(c, v);
        for (uint32_t i = 0; i < c->assigns.len; i++) {
            TSNode as = c->assigns.v[i], l = dc_field(as, "left");
            if (dc_node_is(l, "identifier") && dc_sv_eq(dcaf_text(c, l), dcaf_text(c, v)) && dcaf_scope_id(c, as) == scope) {
                n++;
                only = as;
            }
        }
        if (n == 1 && dc_node_is(only, "assignment")) return unsafe_value(c, dc_field(only, "right"), 1);
    }
    return NULL;
}

static void non_json_store(dcaf_ctx *c, const dc_rule *r, TSNode key, TSNode value, TSNode at) {
    const char *u = unsafe_value(c, value, 0);
    if (!u) return;
    const char *bar = strchr(u, '|');
    const char *kv[] = {"value", dcaf_cstr(c, value), "what", dc_arena_strndup(c->arena, u, (size_t)(bar - u)), NULL};
    dc_finding *f = dcaf_report(c, r, value, kv);
    dcaf_plan_new(c, f, DC_APP_MANUAL, bar + 1);
}

void dcaf_rule_non_json_value(dcaf_ctx *c, const dc_rule *r) { each_store(c, r, non_json_store); }

/* ---- dcaf-session-secret ---- */

static bool secret_key_text(const char *k) {
    static const char *const words[] = {"api_key", "apikey", "secret", "secret_key", "client_secret", "password", "passwd",
                                        "passphrase", "pwd", "token", "access_token", "refresh_token", "id_token",
                                        "auth_token", "bearer", "bearer_token", "authorization", "private_key",
                                        "credential", "credentials", "cookie", NULL};
    size_t l = strlen(k);
    for (int i = 0; words[i]; i++) {
        size_t w = strlen(words[i]);
        if (l == w && strcmp(k, words[i]) == 0) return true;
        if (l > w && strcmp(k + l - w, words[i]) == 0 && k[l - w - 1] == '_') return true;
    }
    return false;
}

/* The plain string literal's value, lower-cased with '-' -> '_' when `fold`; NULL if not one. */
static char *literal(dcaf_ctx *c, TSNode n, bool fold) {
    if (!dc_node_is(n, "string")) return NULL;
    dc_sv t = dcaf_text(c, n);
    if (t.len < 2 || (t.p[0] != '"' && t.p[0] != '\'')) return NULL;
    char *s = dc_arena_strndup(c->arena, t.p + 1, t.len - 2);
    for (char *p = s; fold && *p; p++) *p = *p == '-' ? '_' : (char)tolower((unsigned char)*p);
    return s;
}

static bool secret_env_name(const char *n) {
    static const char *const segs[] = {"KEY", "APIKEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "PWD", "CREDENTIAL",
                                       "CREDENTIALS", NULL};
    char buf[128];
    size_t l = strlen(n);
    if (l >= sizeof buf) return false;
    for (size_t i = 0; i <= l; i++) buf[i] = (char)toupper((unsigned char)n[i]);
    for (char *tok = strtok(buf, "_"); tok; tok = strtok(NULL, "_"))
        for (int i = 0; segs[i]; i++)
            if (strcmp(tok, segs[i]) == 0) return true;
    return false;
}

static size_t run_of(const char *s, const char *extra) {
    size_t i = 0;
    while (s[i] && (isalnum((unsigned char)s[i]) || strchr(extra, s[i]))) i++;
    return i;
}

static bool token_literal(const char *s) {
    if (!strncmp(s, "sk-", 3)) return run_of(s + 3, "_-") >= 16;
    if (!strncmp(s, "ghp_", 4)) return run_of(s + 4, "") >= 20;
    if (!strncmp(s, "github_pat_", 11)) return run_of(s + 11, "_") >= 20;
    if (!strncmp(s, "xox", 3) && s[3] && strchr("abpr", s[3]) && s[4] == '-') return run_of(s + 5, "-") >= 10;
    if (!strncmp(s, "AKIA", 4)) return strlen(s) == 20 && run_of(s + 4, "") == 16;
    if (!strncmp(s, "eyJ", 3)) return run_of(s + 3, "_-") >= 10 && strchr(s, '.');
    return false;
}

/* V reads a secret: os.environ[N] / os.environ.get(N) / os.getenv(N), X[K] / X.get(K) with a
 * secret-looking K, or a token literal. */
static bool secret_value(dcaf_ctx *c, TSNode v) {
    TSNode key = {0};
    bool env = false;
    if (dc_node_is(v, "subscript")) {
        key = dc_field(v, "subscript");
        const char *k = dcaf_canon(c, dc_field(v, "value"));
        env = k && !strcmp(k, "os.environ");
    } else if (dc_node_is(v, "call")) {
        TSNode fn = dc_field(v, "function");
        key = dcaf_kid(dc_field(v, "arguments"), 0);
        const char *k = dcaf_canon(c, fn);
        env = k && (!strcmp(k, "os.environ.get") || !strcmp(k, "os.getenv"));
        if (!env && !(dc_node_is(fn, "attribute") && dc_sv_eq_cstr(dcaf_text(c, dc_field(fn, "attribute")), "get")))
            return false;
    } else if (dc_node_is(v, "string")) {
        const char *s = literal(c, v, false);
        return s && token_literal(s);
    }
    const char *name = literal(c, key, !env);
    if (!name) return false;
    return env ? secret_env_name(name) : secret_key_text(name);
}

static void secret_store(dcaf_ctx *c, const dc_rule *r, TSNode key, TSNode value, TSNode at) {
    static const char *const plain[] = {"true", "false", "none", "integer", "float", NULL};
    if (dc_node_is_any(value, plain)) return;
    const char *k = literal(c, key, true);
    if (!(k && secret_key_text(k)) && !secret_value(c, value)) return;
    const char *kv[] = {"key", dcaf_cstr(c, key), NULL};
    dc_finding *f = dcaf_report_range(c, r, ts_node_start_byte(at), dcaf_end(value), kv);
    dcaf_plan_new(c, f, DC_APP_MANUAL,
                  "keep the secret server-side (a store keyed by user or conversation) and put only a reference in "
                  "the session");
}

void dcaf_rule_session_secret(dcaf_ctx *c, const dc_rule *r) { each_store(c, r, secret_store); }
