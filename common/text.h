/* text.h: the small text routines several layers need, kept here once so that a fix to one of
 * them (an overlong UTF-8 sequence, a placeholder at the end of a string) is a fix everywhere.
 *
 * Owns: UTF-8 well-formedness (Unicode table 3-7: no overlongs, no surrogates, nothing past
 * U+10FFFF) and the U+FFFD lossy copy built on it; `{{name}}` template expansion with a
 * caller-supplied lookup; whitespace fold-and-cut for one-line excerpts of code; the
 * ", "-separated id list that reports and messages join rule ids into.
 *
 * Strings passed as `const char *` are NUL-terminated; the UTF-8 readers rely on it (NUL is
 * never a continuation byte, so a check never reads past the terminator). Results go into a
 * caller's dc_buf or, where stated, a heap string the caller frees. */
#ifndef DC_TEXT_H
#define DC_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/base.h"

/* ---- UTF-8 --------------------------------------------------------------------------------- */

/* Length (1-4) of the well-formed UTF-8 sequence that starts at p, or 0 when the byte at p does
 * not start one. p is NUL-terminated (p[0] itself may be the NUL: length 1). */
size_t dc_utf8_len(const char *p);
/* dc_utf8_len, also decoding the code point into *cp (untouched when 0 is returned). */
size_t dc_utf8_decode(const char *p, uint32_t *cp);
/* A heap copy of `s` in which each byte that does not start a well-formed sequence becomes
 * U+FFFD and every valid character is kept (NULL is taken as ""). Well-formed input comes back
 * unchanged, so the copy is also a stable key (the baseline compares such copies). */
char *dc_utf8_lossy(const char *s);

/* ---- `{{name}}` templates ------------------------------------------------------------------ */

/* One step over a template: the literal text before the next placeholder, and that
 * placeholder's name (the bytes between `{{` and the first `}}` after it). A placeholder is a
 * `{{` followed by `prefix` ("" for any name; "sdk_" for the profile placeholders, which may
 * then sit next to other braces) and closed by a later `}}`. Returns false at the end: `*lit`
 * is the rest of the text (possibly empty) and `*name` is empty. *p advances past what was
 * returned. */
bool dc_tmpl_next(const char **p, const char *prefix, dc_sv *lit, dc_sv *name);

/* Appends the value of placeholder `name` to out and returns true, or returns false to keep the
 * placeholder as written. */
typedef bool (*dc_tmpl_lookup)(dc_buf *out, dc_sv name, void *ctx);
/* Appends `text` to out with every placeholder (see dc_tmpl_next) replaced through `lookup`;
 * unknown placeholders and unclosed `{{` stay as written. */
void dc_tmpl_expand(dc_buf *out, const char *text, const char *prefix, dc_tmpl_lookup lookup, void *ctx);

/* ---- one-line excerpts ----------------------------------------------------------------------- */

/* How dc_text_fold ends an excerpt that is too long. The two styles are both in reports that
 * the goldens hold, so both stay exactly as they were written:
 *   DC_FOLD_CHAR: stop before the first character (never inside one) that would start at or past
 *     `max` bytes; a pending space is dropped; "..." follows directly (fixers' `why` texts).
 *   DC_FOLD_TRIM: stop when a non-blank byte arrives with `max` or more bytes out (a pending
 *     space is written first), then drop trailing continuation bytes and one lead byte before
 *     "..." (rule messages' {{capture}} text). */
typedef enum dc_fold_cut { DC_FOLD_CHAR, DC_FOLD_TRIM } dc_fold_cut;
/* Appends `text` with each run of blanks (space, tab, CR, LF) folded to one space and leading
 * and trailing blanks dropped, cut with "..." per `cut` after about `max` bytes. */
void dc_text_fold(dc_buf *out, dc_sv text, size_t max, dc_fold_cut cut);

/* ---- words of a name ------------------------------------------------------------------------ */

/* The lower-case words of an identifier or string, split at every byte that is not an ASCII
 * letter or digit and at camelCase boundaries: "GITHUB_AUTH_CONFIG_ID" and "githubAuthConfigId"
 * are both github, auth, config, id. Returns their number; `*words` is an array in `a` (words
 * too). How names say what they hold (a toolkit, an auth config). */
uint32_t dc_text_words(dc_arena *a, dc_sv text, char ***words);

/* ---- id lists -------------------------------------------------------------------------------- */

/* Appends `id` to the ", "-separated list in `list` unless the list already holds exactly that
 * id (`tools` is not already in "tools-get"). */
void dc_idlist_add(dc_buf *list, const char *id);

#endif
