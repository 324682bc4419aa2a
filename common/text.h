/* text.h: the small text routines several layers need, kept here once so that a fix to one of
 * them (an overlong UTF-8 sequence, a placeholder at the end of a string) is a fix everywhere.
 *
 * Owns: UTF-8 well-formedness (Unicode table 3-7: no overlongs, no surrogates, nothing past
 * U+10FFFF) and the U+FFFD lossy copy built on it; `{{name}}` template expansion with a
 * caller-supplied lookup; whitespace fold-and-cut for one-line excerpts of code; the
 * ", "-separated id list that reports and messages join rule ids into; paths and messages made
 * safe to print (git-style quoting, control escapes) and percent-encoded for URIs.
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

/* ---- paths and messages for people (terminals, CI logs) --------------------------------------- */

/* A file name comes from whoever made the tree, and a line printed with it may be read by a
 * terminal (ESC and OSC sequences, C1 controls) or by the GitHub runner (a newline followed by
 * `::error ...` is a workflow command). So every path shown to a person is quoted the way git
 * quotes paths (quote_c_style; core.quotePath=false, so readable UTF-8 stays as it is):
 *   - a path with nothing unusual is printed as it is (so ordinary output does not change);
 *   - otherwise it is put in double quotes, with \a \b \t \n \v \f \r \" \\ and a
 *     three-digit octal escape (\033) for any other C0 control, DEL, each byte of a C1 control
 *     (U+0080..U+009F: "\302\233") and each byte that is not part of well-formed UTF-8.
 * "Unusual" is exactly a byte that would be escaped, `"` or `\`: so a quoted path always starts
 * with `"`, an unquoted one never does, and the quoted form decodes (C escapes, as `git
 * apply` and git's own tools read them) back to the exact bytes. */
bool dc_text_path_needs_quote(const char *path);
/* Appends `path` quoted as above. */
void dc_text_quote_path(dc_buf *out, const char *path);
/* Appends `prefix` + `path` as one quoted name (git's diff headers: `--- "a/x\ny"`); `prefix`
 * is plain text chosen by the caller. */
void dc_text_quote_path_prefixed(dc_buf *out, const char *prefix, const char *path);
/* Running text that may carry bytes from a hostile tree (a message quoting source code, a value
 * from a config file): the same escapes for controls, C1 and bytes that are not UTF-8, without
 * quotes and with `"` and `\` kept as they are. Text without any of those is appended as it is. */
void dc_text_escape_controls(dc_buf *out, const char *s);
/* Percent-encoding of a path for a URI path (RFC 3986): unreserved characters, sub-delims, `@`
 * and `/` stay, every other byte becomes %XX (upper-case hex), `:` included (it would read as a
 * scheme in a first segment such as `c:x.py`). Decoding it gives the exact bytes back, whatever
 * they are (urllib.parse.unquote_to_bytes). */
void dc_text_percent_encode(dc_buf *out, const char *s);

/* ---- id lists -------------------------------------------------------------------------------- */

/* Appends `id` to the ", "-separated list in `list` unless the list already holds exactly that
 * id (`tools` is not already in "tools-get"). */
void dc_idlist_add(dc_buf *list, const char *id);

#endif
