/* render.h: making inserted text look like the file it goes into.
 *
 * Fixers build replacement text from templates and captured source. These helpers keep the
 * file's own conventions: its line ending (CRLF or LF, from the first line ending), its
 * indentation unit (tabs or N spaces, guessed from the file), and, where a template allows it,
 * its quote style. Multi-line captured text moved to another column is re-indented so its
 * inner lines keep their indentation relative to its first line.
 *
 * Ownership: results are written into a caller's dc_buf, or allocated from the given arena. */
#ifndef DC_RENDER_H
#define DC_RENDER_H

#include <stdbool.h>
#include <stdint.h>

#include "syntax/source.h"
#include "common/base.h"

struct dc_fix;

typedef struct dc_style {
    const char *newline;  /* "\n" or "\r\n" */
    const char *indent;   /* one indentation level: "\t", "    ", "  " ... */
    char quote;           /* '"' or '\'' : the quote most strings in the file use */
} dc_style;

/* Guesses the file's conventions (static strings; no allocation). Defaults: LF, 4 spaces for
 * Python / 2 for TS, double quotes. */
dc_style dc_style_detect(const dc_source *src);

/* The whitespace before the first non-blank character of the line containing `offset`, as a
 * view into the source. */
dc_sv dc_line_indent(const dc_source *src, uint32_t offset);

/* Byte offset of the start of the line containing `offset`. */
uint32_t dc_line_start(const dc_source *src, uint32_t offset);

/* Appends `text` (which starts at a column whose line has indentation `from_indent` in the
 * source) so that every line after the first is re-based from `from_indent` to `to_indent`;
 * line endings inside `text` are converted to style->newline. Lines that are less indented than
 * `from_indent` (possible inside multi-line strings) are left as they are: changing them could
 * change a string's value. */
void dc_render_reindent(dc_buf *out, dc_sv text, dc_sv from_indent, dc_sv to_indent, const dc_style *style);

/* Appends a template, replacing "\n" with style->newline and, after each newline, prefixing the
 * given indentation. Used to render multi-line inserted statements. */
void dc_render_lines(dc_buf *out, const char *tmpl, dc_sv indent, const dc_style *style);

/* Appends a string literal with the file's quote style, escaping as needed (Python and JS share
 * the escapes used here: backslash, the quote, newline). */
void dc_render_string(dc_buf *out, const char *value, const dc_style *style);

/* The fixers write the file's newline (style->newline: its first line's). In a file that mixes
 * line endings, each edit of `fix` whose text goes into a line that ends the other way gets that
 * line's ending instead (syntax/source.h dc_source_crlf_at; the text is copied into `arena`), so
 * every line keeps its own ending and inserted lines end like the line they go into or after
 * (issue 14). Nothing changes in a file with one kind of line ending. */
void dc_fix_line_endings(dc_arena *arena, dc_source *src, struct dc_fix *fix);

#endif
