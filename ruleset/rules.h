/* rules.h: rules as data. One YAML file per rule (rules/<id>.yml), embedded at build time;
 * users add their own with --rules DIR. The schema is documented in README "Writing a rule"
 * and checked strictly: an unknown key, a bad query or a bad regex is an error with the rule
 * file's path, line and column.
 *
 *   id: tools-get                      # public; [a-z0-9-]+
 *   kind: engine                       # optional: findings produced by dcmigrate itself
 *                                      # (unused-suppression); such a rule has no `match`
 *   kind: analyser                     # optional: findings produced by a C analyser named by
 *                                      # the rule's id (Python only; analysis/dcaf.h): no
 *                                      # `match`, and `prefilter` is required
 *   prefilter: ["TOOLKIT_VERSION_"]    # optional: literals one of which every match contains, for
 *                                      # rules whose patterns have no #eq?/#any-of? literal
 *                                      # (see ruleset/prefilter.h)
 *   progress: true                     # optional: count matches as already-migrated sites
 *                                      # (report progress), never report them
 *   severity: warning                  # error | warning | info
 *   summary: one line for --list-rules
 *   message: "... {{recv}} ... {{sdk_class}} ..."   # {{capture}} and {{sdk_*}} placeholders
 *   note: |                            # how to migrate by hand (--explain)
 *   fix:                               # optional
 *     fixer: tools-get                 # a named fixer in fixes/ (program state), or
 *     replace: capture                 # a template replacing a capture
 *     template: "..."
 *     applicability: safe | unsafe | manual
 *   examples:                          # shown by --explain
 *     - language: python
 *       before: |
 *       after: |
 *   match:                             # one entry or more
 *     - language: python | typescript | dotenv   (typescript = .ts .tsx .js .jsx .mjs .cjs ...)
 *       only: [tsx, javascript]        # optional narrowing of `typescript`
 *       query: |                       # tree-sitter query; must capture @match (the reported node)
 *       receiver: recv                 # optional capture that must be an SDK client
 *       class: cls                     # optional capture that must name the SDK client class
 *       client: required | likely      # likely (default): also report, with lower confidence,
 *                                      # when the file imports the SDK but the receiver is unproven
 *       where: {capture: "pcre2"}      # PCRE2 constraints on capture text; key "!capture" negates
 *       regex: '...'                   # dotenv only: PCRE2 (multiline) over the file, group 0 reported
 *
 * Profile placeholders, expanded before compiling: {{sdk_name}} (devcaster|composio),
 * {{sdk_class}} (Devcaster|Composio), {{sdk_scope}} (@devcaster|@composio), {{sdk_env}}
 * (DEVCASTER|COMPOSIO). Query predicates supported (tree-sitter's C library leaves them
 * to the client): #eq? #not-eq? #any-of? #not-any-of? #match? #not-match? (PCRE2).
 *
 * Placeholders can only matter in a query's predicate strings (#eq?/#any-of? values, #match?
 * regexes): a node type, field or capture name cannot contain `{`, and no grammar has an anonymous
 * node spelled like an SDK name. So a query is compiled once per language with its placeholders
 * left in, and each predicate value and `where` regex is expanded for both profiles (compiled
 * twice only when the two expansions differ; detected by expanding and comparing, not by rule).
 *
 * Ownership: a dc_ruleset owns its rules and compiled queries; free with dc_ruleset_free.
 * Compiled queries are built lazily, once, under a lock per language, then shared read-only by
 * workers. */
#ifndef DC_RULES_H
#define DC_RULES_H

#include <stdbool.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "syntax/lang.h"
#include "ruleset/profile.h"
#include "common/base.h"
#include "ruleset/severity.h"
#include "ruleset/providers.h"

/* `client:` of an entry with a receiver: a proven client (required), also unproven ones in files
 * that import the SDK (likely), or one of the SDK's legacy Action / App enums under whatever name
 * it was imported as (legacy_enum). */
typedef enum dc_client_mode { DC_CLIENT_ANY = 0, DC_CLIENT_REQUIRED, DC_CLIENT_LIKELY, DC_CLIENT_LEGACY_ENUM } dc_client_mode;

typedef struct dc_where {
    char *capture;
    char *regex; /* with placeholders */
    bool negate;
    uint32_t line, col;
} dc_where;

typedef struct dc_match_entry {
    dc_family family;
    bool langs[DC_LANG_COUNT]; /* concrete languages this entry applies to */
    char *query;               /* with placeholders; NULL for regex entries */
    char *regex;               /* dotenv entries */
    char *receiver;
    char *class_capture;
    bool class_legacy;         /* `legacy_class:` (a legacy toolset class) rather than `class:` */
    dc_client_mode client;
    dc_where *where;
    uint32_t nwhere;
    uint32_t line, col;        /* of the query/regex scalar in the rule file */
    pcre2_code *regex_re[DC_PROFILE_COUNT]; /* compiled `regex`, per profile */
} dc_match_entry;

typedef struct dc_example {
    dc_family family;
    char *before, *after;
} dc_example;

typedef struct dc_rule {
    char *id;
    dc_severity severity;
    char *summary, *message, *note;
    char *fixer;        /* named fixer, or NULL */
    char *fix_replace;  /* template fix: capture to replace */
    char *fix_template;
    dc_applicability fix_app; /* NONE when the rule has no fix */
    dc_example *examples;
    uint32_t nexamples;
    dc_match_entry *entries;
    uint32_t nentries;
    bool families[4];   /* indexed by dc_family */
    char *origin;       /* "rules/tools-get.yml" or the user's path */
    bool builtin;
    bool progress;      /* `progress: true`: matches count migrated sites, never findings */
    bool engine;        /* `kind: engine`: findings made by dcmigrate itself (no match entries) */
    bool analyser;      /* `kind: analyser`: findings made by the C analyser of that id (no match entries) */
    char **prefilter;   /* `prefilter: [...]`: literals one of which any match needs (placeholders allowed) */
    uint32_t nprefilter;
    uint32_t index;     /* position in the rule set */
} dc_rule;

/* A predicate value in each SDK spelling, indexed by dc_profile. The merged query is compiled
 * once per language for both profiles, with {{sdk_*}} placeholders of predicate strings left in
 * it; the values are expanded here instead. v[DC_PROFILE_AUTO] is v[DC_PROFILE_DEVCASTER], and
 * v[DC_PROFILE_COMPOSIO] is that same pointer too unless the two expansions differ. */
typedef struct dc_pstr {
    char *v[DC_PROFILE_COUNT];
} dc_pstr;

/* A predicate of a compiled pattern, evaluated by the engine. */
typedef enum dc_pred_op { DC_PRED_EQ, DC_PRED_MATCH, DC_PRED_ANY_OF } dc_pred_op;
typedef struct dc_pred {
    dc_pred_op op;
    bool negate;
    uint32_t capture;
    int32_t capture2;   /* #eq? @a @b: second capture, else -1 */
    dc_pstr literal;    /* #eq? @a "x"; for DC_PRED_MATCH the regex source */
    dc_pstr *any;       /* #any-of? values */
    uint32_t nany;
    pcre2_code *re[DC_PROFILE_COUNT]; /* shared like dc_pstr when the pattern has no placeholder */
} dc_pred;

typedef struct dc_cpattern {
    const dc_rule *rule;
    const dc_match_entry *entry;
    uint32_t match_capture;
    int32_t recv_capture;    /* -1 when the entry has no receiver */
    int32_t class_capture;   /* -1 when the entry has no class constraint */
    dc_pred *preds;
    uint32_t npreds;
} dc_cpattern;

typedef struct dc_cquery {
    TSQuery *query;
    dc_cpattern *patterns; /* indexed by tree-sitter pattern index */
    uint32_t npatterns;
    struct dc_witness *witness; /* ruleset/literals.h; NULL: always match the whole tree */
    /* By capture id: the node kind a capture must have (ruleset/qrelax.h), 0 for none; NULL
     * when the query has no such capture. A match breaking one is not a match. */
    TSSymbol *capture_kind;
} dc_cquery;

typedef struct dc_ruleset dc_ruleset;

dc_ruleset *dc_ruleset_new(void);
void dc_ruleset_free(dc_ruleset *rs);
/* Loads the embedded rules. Returns the number of errors (reported through diag). */
int dc_ruleset_load_builtin(dc_ruleset *rs);
/* Loads every *.yml / *.yaml in `dir` (sorted). A rule whose id already exists replaces it (a
 * user can override a built-in rule; that is said on stderr, as a warning, every time). With
 * `confine` (a resolved absolute directory: the repository of the .dcmigrate.yml that named
 * `dir`), a rule file that resolves out of it is refused with an error; NULL (--rules on the
 * command line) reads them wherever they lead. Returns the number of errors. */
int dc_ruleset_load_dir(dc_ruleset *rs, const char *dir, const char *confine);
/* Parses one rule file from memory; `origin` names it in messages. Returns errors. */
int dc_ruleset_load_buffer(dc_ruleset *rs, const char *origin, const char *data, size_t len, bool builtin);
/* Compiles every entry of every rule against each of its grammars (predicate values and `where`
 * regexes in both profiles' spellings), reporting each failure with its location. Returns the
 * number of errors. (The lazy path below does the same work on demand; this is for --rules,
 * --check-rules and the tests.) */
int dc_ruleset_validate(dc_ruleset *rs);

uint32_t dc_ruleset_count(const dc_ruleset *rs);
const dc_rule *dc_ruleset_get(const dc_ruleset *rs, uint32_t i);   /* sorted by id */
const dc_rule *dc_ruleset_find(const dc_ruleset *rs, const char *id);
/* True when a rule with this id was loaded, even if --select/--ignore later removed it. */
bool dc_ruleset_knows(const dc_ruleset *rs, const char *id);
/* Keeps only rules for which keep(rule, ctx) is true (for --select / --ignore). */
void dc_ruleset_filter(dc_ruleset *rs, bool (*keep)(const dc_rule *, void *), void *ctx);

/* The merged query for a language, for both profiles (NULL when no rule has an entry for it):
 * the profile only selects predicate values (dc_pred). Built on first use, under a lock per
 * language so workers needing different languages compile them in parallel; owned by the rule
 * set. */
const dc_cquery *dc_ruleset_query(dc_ruleset *rs, dc_lang lang);
/* Errors reported while building the merged queries on first use (an entry that does not compile
 * for a language its rule file named is printed and left out): the run counts them, once, so
 * they make the exit code 2 like the errors found when the rules were loaded. */
uint32_t dc_ruleset_compile_errors(dc_ruleset *rs);
/* The same merged query compiled as written (no ruleset/qrelax.h), built on first call; the
 * query above when that one is not relaxed. For files where the relaxed query reached the
 * cursor's match limit (engine.c). */
const dc_cquery *dc_ruleset_query_exact(dc_ruleset *rs, dc_lang lang);

/* The built-in provider table (rules/providers.yml, ruleset/providers.h): not a rule file. */
#define DC_PROVIDERS_FILE "rules/providers.yml"
const dc_provider_table *dc_ruleset_providers(const dc_ruleset *rs);
/* Known toolkit slugs from rules/toolkits.txt (lower case, sorted). */
bool dc_toolkit_known(const dc_ruleset *rs, const char *slug, size_t len);
/* The one known toolkit that the words of a name (common/text.h: dc_text_words) name: a word,
 * or two or three adjacent words joined as the slug spells them (google calendar ->
 * googlecalendar, microsoft teams -> microsoft_teams). An arena copy, or NULL when the words
 * name none or two different toolkits. */
const char *dc_toolkit_in_words(const dc_ruleset *rs, dc_arena *a, char *const *words, uint32_t n);

#endif
