/* authfacts.h: auth config ids by toolkit, as the code proves them (issue 15, items 2 and 4).
 *
 * The migration guides' first step is "pass your existing auth configs to the session", so a
 * session a fix creates must carry them, and where they come from must be shown. Two parts:
 *
 * 1. The extractor (dc_authfacts_extract): a pure function of one file (a parsed Python /
 *    TypeScript / JavaScript file, or a .env file), thread-safe, no global state. A fact is a
 *    fact only when the code proves the toolkit; a name that merely looks related is not one.
 *    Every fact's id is an auth config id literal, `ac_` + [A-Za-z0-9_-]+ (placeholders such as
 *    `ac_xxx`, `ac_your_github_config`, `ac_...` are not ids). The toolkit is proven by:
 *      NAME      the name the literal is bound to names exactly one known toolkit
 *                (rules/toolkits.txt) and says "auth config": `GITHUB_AUTH_CONFIG_ID = "ac_1"`,
 *                `const slackAuthConfigId = "ac_2"`, `GMAIL_AC_ID`, `os.getenv("X", "ac_1")`,
 *                `process.env.X ?? "ac_1"`, `os.environ.setdefault("X", "ac_1")`, a dict / object
 *                key or keyword argument so named (a settings object);
 *      MAP_KEY   a key (a known toolkit) of a dict / object whose name says auth configs:
 *                `AUTH_CONFIGS = {"github": "ac_1"}`, `auth_configs={...}` / `authConfigs:
 *                {...}` / `authConfigIds: {...}`, `AUTH_CONFIGS["github"] = "ac_1"`;
 *      TOOLKIT   the toolkit named next to it in the same call or record: TS
 *                `toolkits.authorize(userId, "github", "ac_1")`, legacy
 *                `initiate_connection(app_name="github" | App.GITHUB, integration_id="ac_1")`,
 *                `{ appName: "github", integrationId: "ac_1" }`, `{ toolkit: "github",
 *                authConfigId: "ac_1" }`;
 *      ENV       a .env / .env.* line `<NAME>=ac_...` whose NAME passes the NAME test
 *                (`GITHUB_AUTH_CONFIG_ID=ac_1`).
 *    Not facts: an `ac_` string bound to a name that names no toolkit or does not say auth
 *    config (`HVAC_MODE = "ac_cool"`, `GITHUB_CACHE_KEY = "ac_github"`), a map key that is not
 *    a known toolkit, text in comments and docstrings (only string literals are read), an id
 *    passed to `link` / `initiate` alone (the call does not say the toolkit), and a toolkit
 *    guessed from the id's own text (`"ac_github_config"`).
 *
 * 2. The merged map (dc_authmap_build) of everything known for a run: the explicit entries
 *    (--auth-config, then the config file's auth_configs) and the facts of every file the
 *    project phase read. Explicit entries win over facts; within one rank, two different ids
 *    for one toolkit make that toolkit ambiguous (both are kept, with their provenance, for the
 *    fix's reason). The fixers read it through dc_fix_opts (fixes/options.h).
 *
 * Who calls what: the project phase calls dc_authfacts_extract on every file it reads (code
 * files once parsed, .env files as text; dc_authfacts_may_have is the cheap test of whether a
 * file can hold a fact at all, and a file that passes it must be read even when it mentions no
 * SDK name: constants modules and .env files do not), appends the files' facts in sorted path
 * order, and builds the map once per group of settings with the explicit entries
 * (fixes/options.h: dc_fix_authmap), which dc_fix_opts then points to.
 *
 * Ownership: a dc_authfacts owns its facts and their strings (heap); dc_authfacts_free releases
 * them. A dc_authmap owns a copy of the facts it was built from; its entries point into it. */
#ifndef DC_AUTHFACTS_H
#define DC_AUTHFACTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tree_sitter/api.h>

#include "common/base.h"
#include "ruleset/rules.h"
#include "syntax/source.h"

/* How the toolkit of a fact is proven, or who gave it. The order is the rank: explicit entries
 * (FLAG, CONFIG) win over what the code says. */
typedef enum dc_authfact_kind {
    DC_AUTHFACT_FLAG = 0, /* --auth-config AC=TOOLKIT (path NULL, line 0) */
    DC_AUTHFACT_CONFIG,   /* auth_configs in a .dcmigrate.yml (path: that file) */
    DC_AUTHFACT_NAME,     /* see above */
    DC_AUTHFACT_MAP_KEY,
    DC_AUTHFACT_TOOLKIT,
    DC_AUTHFACT_ENV,
    DC_AUTHFACT_KIND_COUNT
} dc_authfact_kind;

typedef struct dc_authfact {
    char *toolkit;     /* lower-case slug: "github" */
    char *auth_config; /* the id: "ac_1" */
    char *path;        /* display path of the file (or the config file); NULL for the command line */
    char *name;        /* what the id is bound to ("GITHUB_AUTH_CONFIG_ID", "AUTH_CONFIGS"), or NULL */
    uint32_t line;     /* 1-based line and column (code points) of the id; 0 for the command line */
    uint32_t column;
    dc_authfact_kind kind;
} dc_authfact;

typedef DC_VEC(dc_authfact) dc_authfacts;

/* Could the file hold a fact? (It contains "ac_".) A fast byte scan for the project phase. */
bool dc_authfacts_may_have(const char *data, size_t len);

/* Could dc_authfacts_extract find a fact in these bytes? A text-only test that never says no to
 * a file that has one (it says yes to some that have none), for a caller that must know every
 * fact before it parses the files for anything else (the project phase under --fix): only the
 * candidates need a parse. `.env` files are always candidates (they are read as text). */
bool dc_authfacts_candidate(const dc_ruleset *rs, const char *data, size_t len, dc_lang lang);

/* Appends the facts of one file to `out`, in source order. `tree` is the file's parse tree
 * (NULL for a .env file, read as text; NULL for code: nothing). `rs` supplies the known
 * toolkits. Never fails; a file without facts appends nothing. */
void dc_authfacts_extract(const dc_ruleset *rs, dc_source *src, TSTree *tree, dc_authfacts *out);

/* Appends a copy of `f` (its strings are copied; NULL path / name stay NULL). For the
 * explicit entries and for facts read back from a facts file. */
void dc_authfacts_add(dc_authfacts *out, const dc_authfact *f);
void dc_authfacts_free(dc_authfacts *fs);

/* "ENV", "NAME", ...: the kind's name in a facts file; dc_authfact_kind_from_name is its
 * inverse (-1 for an unknown name). */
const char *dc_authfact_kind_name(dc_authfact_kind k);
int dc_authfact_kind_from_name(const char *name);

/* Where a fact comes from, for messages: "src/config.py:3", ".dcmigrate.yml:4",
 * "--auth-config". Written into `buf` (truncated to `n`), which is returned. */
const char *dc_authfact_where(const dc_authfact *f, char *buf, size_t n);

/* ---- the merged map ------------------------------------------------------------------------ */

/* One toolkit's auth config. */
typedef struct dc_authmap_toolkit {
    const char *toolkit;
    const dc_authfact *fact;  /* the id to carry: the first fact of the best rank */
    const dc_authfact *other; /* NULL, or a different id of the same rank: the toolkit is ambiguous */
} dc_authmap_toolkit;

typedef struct dc_authmap {
    dc_authfacts facts;                  /* the map's own copy, sorted: rank, path, line, column */
    DC_VEC(dc_authmap_toolkit) toolkits; /* sorted by toolkit */
    bool project; /* built from the whole project's facts (else: explicit entries and one file's) */
} dc_authmap;

/* Builds `m` from `facts` (explicit entries and code facts together; their kinds say which is
 * which). Identical (toolkit, id) pairs count once, with the provenance that sorts first.
 * Deterministic: the result does not depend on the order of `facts`. */
void dc_authmap_build(dc_authmap *m, const dc_authfacts *facts, bool project);
/* The toolkit's entry, or NULL when nothing is known about it. Only facts whose id is an
 * auth config id count here (an explicit entry may map an expression's text, `--auth-config
 * PRIMARY_AUTH_CONFIG_ID=github`, which says what a call's argument is for but is nothing a
 * session could be given). */
const dc_authmap_toolkit *dc_authmap_find(const dc_authmap *m, const char *toolkit);
/* The fact that says which toolkit `auth_config` (an id, or for explicit entries also an
 * expression's text) is for: the first of the best rank; NULL when none, or when facts of that
 * rank name two different toolkits for it. */
const dc_authfact *dc_authmap_toolkit_of(const dc_authmap *m, const char *auth_config);
/* Does the map hold a fact of the code that comes from another file than `path`? Then a file
 * whose fixes were planned with only the explicit entries and its own facts may have planned
 * them differently from what the whole project's map says. */
bool dc_authmap_beyond(const dc_authmap *m, const char *path);
void dc_authmap_free(dc_authmap *m);

#endif
