/* jsonc.h: JSON with comments (tsconfig.json, jsconfig.json; package.json is read the same way)
 * through jansson, the project's JSON library.
 *
 * jansson has no JSONC mode: it rejects comments and trailing commas, which TypeScript accepts
 * in its config files (and which every `tsc --init` config carries). Rather than a second JSON
 * parser, a pre-pass blanks `//` and block comments and trailing commas with spaces, keeping
 * every newline and every other byte where it was, so jansson's error line and column still
 * point into the file the user wrote. Strings (with their escapes) are left alone.
 *
 * Ownership: dc_jsonc_load returns a new reference (json_decref it) or NULL after a warning. */
#ifndef DC_PROJECT_JSONC_H
#define DC_PROJECT_JSONC_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* Blanks comments, trailing commas and a leading UTF-8 byte-order mark in place; `s` keeps its
 * length and its line structure. An unterminated block comment is blanked to the end. */
void dc_jsonc_blank(char *s, size_t len);

/* Parses `text` (not modified) as JSONC. A document holding only whitespace and comments is {}
 * when empty_is_object, else an error. On error: a warning "display:line:col: what: jansson's
 * message; consequence" through dc_diag, and NULL. `what` names the file's role ("tsconfig"),
 * `consequence` what the run does without it. The top level must be an object. */
json_t *dc_jsonc_load(const char *display, const char *text, size_t len, bool empty_is_object, const char *consequence);

/* The 1-based line of the first `"key"` followed by ':' in `text` (comments blanked or not),
 * 0 when absent: jansson keeps no positions for values, and a warning about a key's value
 * (an extends loop) should still point at its line. */
unsigned dc_jsonc_key_line(const char *text, size_t len, const char *key);

#endif
