/* providers.h: the current provider packages (rules/providers.yml), which a legacy toolset's
 * framework becomes: loading the table and resolving a framework spelling against it.
 *
 * Owns: the table (heap strings, freed by dc_providers_free; the ruleset owns the built-in one,
 * dc_ruleset_providers) and the one resolver every fixer asks, so a framework is never guessed
 * (no default provider) and a package that only exists in the legacy line is named as such. */
#ifndef DC_PROVIDERS_H
#define DC_PROVIDERS_H

#include <stdbool.h>
#include <stddef.h>

#include "common/base.h"

typedef struct dc_provider {
    char *framework;        /* the key: "langchain", "openai_agents" */
    DC_VEC(char *) aliases; /* legacy spellings of the key (package suffixes, class prefixes) */
    char *pkg[2];           /* [0] Python package suffix, [1] TypeScript; NULL: none current */
    char *cls[2];           /* the provider class, per language */
} dc_provider;

typedef struct dc_provider_table {
    DC_VEC(dc_provider) current;
    DC_VEC(char *) legacy_only[2]; /* [0] Python, [1] TypeScript framework keys */
} dc_provider_table;

/* Reads a providers document into `t` (appending). Returns the number of errors reported
 * through diag (file:line:col in `origin`); the table keeps what was read before the first. */
int dc_providers_load(dc_provider_table *t, const char *origin, const char *data, size_t len);
void dc_providers_free(dc_provider_table *t);

typedef enum dc_provider_status {
    DC_PROVIDER_CURRENT,     /* *out is the entry, with a package in that language */
    DC_PROVIDER_OTHER_LANG,  /* the framework has a current provider only in the other language */
    DC_PROVIDER_LEGACY_ONLY, /* the framework's package exists only in the legacy line */
    DC_PROVIDER_UNKNOWN      /* not in the table */
} dc_provider_status;

/* The provider of framework spelling `fw` (lower case: a package suffix or a class prefix, its
 * key or an alias) for TypeScript when `ts`, else Python. *out is set for CURRENT and OTHER_LANG. */
dc_provider_status dc_providers_resolve(const dc_provider_table *t, const char *fw, bool ts, const dc_provider **out);

#endif
