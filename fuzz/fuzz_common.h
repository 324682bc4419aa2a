/* fuzz_common.h: shared helpers of the libFuzzer targets in fuzz/ (see fuzz/README.md).
 *
 * Input convention of fuzz_analyze and fuzz_fix: the first byte picks the language and mode,
 * the rest is the file's contents:
 *
 *   byte & 7:    0 python (.py)   1 typescript (.ts)   2 tsx (.tsx)    3 javascript (.js)
 *                4 dotenv (.env)  5 python (.pyi)      6 typescript (.mts) 7 javascript (.mjs)
 *   byte & 0x08: apply unsafe fixes too (--unsafe-fixes)
 *   byte & 0x40: --sdk composio (else --sdk auto, which decides from the file's imports)
 *
 * The digits keep seeds readable: a file starting with '0' is Python, '1' TypeScript, '2' TSX,
 * '3' JavaScript, '4' .env; '8'..';' are the same four with unsafe fixes ('8' Python, '9'
 * TypeScript, ':' TSX, ';' JavaScript). scripts/fuzz builds the seed corpora that way.
 */
#ifndef DC_FUZZ_COMMON_H
#define DC_FUZZ_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/engine.h"
#include "fixes/plan.h"

typedef struct dcf_mode {
    dc_lang lang;
    const char *name; /* display name: decides nothing but shows in messages */
    bool unsafe;
    dc_profile profile;
} dcf_mode;

/* Picks language and options from the first byte (see above). */
dcf_mode dcf_mode_from_byte(uint8_t b);

/* Silences dcmigrate's diagnostics (set DCF_VERBOSE=1 to see them when reproducing). */
void dcf_quiet(void);

/* The built-in rule set, loaded once; aborts if it does not load cleanly. */
dc_ruleset *dcf_builtin_rules(void);

/* A worker for one input, freed with dc_worker_free before the input returns. Not one per
 * process: a worker keeps state sized by the inputs it has seen (tree-sitter's subtree pool and
 * external scanner, the arena's chunks, the limit warnings given), so with a shared worker about a
 * quarter of the inputs ended with more mallocs than frees, and libFuzzer answers that by running
 * the input again and then a full LeakSanitizer scan of the heap (up to 1000 times a run): a
 * third of fuzz_analyze's time. A fresh worker costs 1-3% and also makes each input
 * independent of the ones before it, so a crash reproduces from its file alone. */
dc_worker *dcf_worker_new(void);

/* Analysis options the CLI would use. */
dc_analyze_opts dcf_opts(dc_profile profile);
/* Fix options the CLI would use, with an --auth-config mapping so connect-link fixes are
 * exercised too. */
const dc_fix_opts *dcf_fix_opts(void);
/* dc_analyze, then dc_fixes_plan with dcf_fix_opts(): the analysis the CLI reports. `tree`: a
 * tree dc_parse made of `src`'s bytes, owned by the analysis from now on (callers that analyse the
 * same bytes several times pass ts_tree_copy of one parse: parsing is a third to a half of an
 * input's time); NULL parses here. */
void dcf_analyze(dc_worker *w, dc_ruleset *rs, dc_source *src, const dc_analyze_opts *opts, TSTree *tree,
                 dc_analysis *out);

/* ERROR + MISSING nodes of an analysis's tree (a BOM left out as dc_parse does); 0 without a
 * tree (.env). */
uint32_t dcf_tree_error_count(const dc_analysis *an);

/* Checks what every consumer of an analysis relies on: finding ranges and fix edits lie inside
 * the source, edits are ordered (start <= end), messages are non-NULL; a fix that may be applied
 * (safe/unsafe) has no edit in an ERROR/MISSING region and, with the built-in rules (`builtin`),
 * none inside a trigger call reported by trigger-unsupported / legacy-trigger-listener. Aborts
 * with a message otherwise. Also feeds every position through dc_source_pos. */
void dcf_check_analysis(const dc_analysis *an, bool builtin);

/* A path named `name` in a directory of this process's own under TMPDIR (default /dev/shm, else
 * /tmp), made on first use and removed with the files named so far at exit; for loaders that take
 * a path. Write it with dcf_write_file. */
const char *dcf_temp_file(const char *name);

/* Replaces the file at `path` with `size` bytes (a new file each time: truncating one in place
 * makes ext4 flush it to disk on close). */
void dcf_write_file(const char *path, const void *data, size_t size);

/* The checkers' own loops over output bytes are left out of coverage: their branches say
 * nothing about dcmigrate, and counting them per byte cost a sixth of fuzz_report's time. */
#if defined(__clang__)
#define DCF_NO_COVERAGE __attribute__((no_sanitize("coverage")))
#else
#define DCF_NO_COVERAGE /* the replay builds (gcc) have no coverage to leave out */
#endif

/* The well-formed UTF-8 sequence (RFC 3629: no overlong forms, no surrogates, at most U+10FFFF)
 * at s[i] of a len-byte buffer: its length with the code point in *cp, or 0. Written here rather
 * than taken from common/text.h, so the checks do not share a bug with what they check. */
size_t dcf_utf8_next(const char *s, size_t len, size_t i, uint32_t *cp);
/* Whether `s` (len bytes) is well-formed UTF-8 (NUL bytes included as characters). */
bool dcf_utf8_valid(const char *s, size_t len);

/* Prints a message and aborts (so libFuzzer records the input as a crash). */
void dcf_fail(const char *what, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));

#endif
