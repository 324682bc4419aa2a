/* lang.h: languages dcmigrate reads, how a path maps to one, and its tree-sitter grammar.
 *
 * JavaScript (.js .mjs .cjs .jsx) is parsed with tree-sitter-javascript 0.23.1 rather than the
 * tsx grammar: the tsx grammar misreads some plain-JS generics/casts, and rule queries written
 * for TypeScript only use node kinds the two grammars share, so one query serves both.
 * .env files (.env, .env.*, *.env) have no grammar; rules reach them through `regex:` match entries. */
#ifndef DC_LANG_H
#define DC_LANG_H

#include <stdbool.h>
#include <tree_sitter/api.h>

typedef enum dc_lang {
    DC_LANG_NONE = 0,
    DC_LANG_PYTHON,
    DC_LANG_TYPESCRIPT,
    DC_LANG_TSX,
    DC_LANG_JAVASCRIPT,
    DC_LANG_DOTENV,
    DC_LANG_COUNT
} dc_lang;

/* Which rule section applies: python rules, or the typescript rules shared by ts/tsx/js. */
typedef enum dc_family { DC_FAMILY_NONE = 0, DC_FAMILY_PYTHON, DC_FAMILY_TS, DC_FAMILY_DOTENV } dc_family;

dc_lang dc_lang_from_path(const char *path); /* DC_LANG_NONE when not a language we read */
dc_family dc_lang_family(dc_lang lang);
const char *dc_lang_name(dc_lang lang);       /* "python", "typescript", "tsx", "javascript", "dotenv" */
dc_lang dc_lang_from_name(const char *name);  /* inverse of dc_lang_name; DC_LANG_NONE if unknown */
const TSLanguage *dc_lang_grammar(dc_lang lang); /* NULL for DC_LANG_DOTENV / NONE; static */

/* The symbol tree-sitter gives an ERROR node (ts_builtin_sym_error, 0.20.7 and 0.25 alike), for
 * code that compares symbols; dc_node_is_error is 0.25's ts_node_is_error (the same test). */
#define DC_TS_ERROR_SYMBOL ((TSSymbol)-1)
bool dc_node_is_error(TSNode n);

#endif
