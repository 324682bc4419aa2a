/* lang.c: extension table and grammar lookup. */
#include "syntax/lang.h"

#include <string.h>
#include <strings.h>

const TSLanguage *tree_sitter_python(void);
const TSLanguage *tree_sitter_typescript(void);
const TSLanguage *tree_sitter_tsx(void);
const TSLanguage *tree_sitter_javascript(void);

static const struct {
    const char *ext;
    dc_lang lang;
} ext_table[] = {
    {".py", DC_LANG_PYTHON},      {".pyi", DC_LANG_PYTHON},     {".ts", DC_LANG_TYPESCRIPT},
    {".mts", DC_LANG_TYPESCRIPT}, {".cts", DC_LANG_TYPESCRIPT}, {".tsx", DC_LANG_TSX},
    {".js", DC_LANG_JAVASCRIPT},  {".mjs", DC_LANG_JAVASCRIPT}, {".cjs", DC_LANG_JAVASCRIPT},
    {".jsx", DC_LANG_JAVASCRIPT},
};

static const char *lang_names[DC_LANG_COUNT] = {"none", "python", "typescript", "tsx", "javascript", "dotenv"};

dc_lang dc_lang_from_path(const char *path) {
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    /* .env, .env.local, .env.production, ... and production.env; but not "foo.env.py". */
    if (strcmp(base, ".env") == 0 || strncmp(base, ".env.", 5) == 0) return DC_LANG_DOTENV;
    size_t blen = strlen(base);
    if (blen > 4 && strcmp(base + blen - 4, ".env") == 0) return DC_LANG_DOTENV;
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base) return DC_LANG_NONE;
    /* TypeScript declaration files carry no calls worth migrating but parse fine; keep them. */
    for (size_t i = 0; i < sizeof ext_table / sizeof ext_table[0]; i++)
        if (strcmp(dot, ext_table[i].ext) == 0) return ext_table[i].lang;
    return DC_LANG_NONE;
}

dc_family dc_lang_family(dc_lang lang) {
    switch (lang) {
    case DC_LANG_PYTHON: return DC_FAMILY_PYTHON;
    case DC_LANG_TYPESCRIPT:
    case DC_LANG_TSX:
    case DC_LANG_JAVASCRIPT: return DC_FAMILY_TS;
    case DC_LANG_DOTENV: return DC_FAMILY_DOTENV;
    default: return DC_FAMILY_NONE;
    }
}

const char *dc_lang_name(dc_lang lang) { return (unsigned)lang < DC_LANG_COUNT ? lang_names[lang] : "none"; }

dc_lang dc_lang_from_name(const char *name) {
    for (int i = 1; i < DC_LANG_COUNT; i++)
        if (strcmp(name, lang_names[i]) == 0) return (dc_lang)i;
    return DC_LANG_NONE;
}

const TSLanguage *dc_lang_grammar(dc_lang lang) {
    switch (lang) {
    case DC_LANG_PYTHON: return tree_sitter_python();
    case DC_LANG_TYPESCRIPT: return tree_sitter_typescript();
    case DC_LANG_TSX: return tree_sitter_tsx();
    case DC_LANG_JAVASCRIPT: return tree_sitter_javascript();
    default: return NULL;
    }
}

bool dc_node_is_error(TSNode n) { return ts_node_is_error(n); }
