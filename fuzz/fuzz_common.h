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

/* One worker for the whole process (libFuzzer runs inputs one at a time). */
dc_worker *dcf_worker(void);

/* Analysis options the CLI would use. */
dc_analyze_opts dcf_opts(dc_profile profile);
/* Fix options the CLI would use, with an --auth-config mapping so connect-link fixes are
 * exercised too. */
const dc_fix_opts *dcf_fix_opts(void);
/* dc_analyze, then dc_fixes_plan with dcf_fix_opts(): the analysis the CLI reports. */
void dcf_analyze(dc_worker *w, dc_ruleset *rs, dc_source *src, const dc_analyze_opts *opts, dc_analysis *out);

/* ERROR + MISSING nodes of `data` parsed as `lang` (BOM excluded like dc_analyze does);
 * 0 for languages without a grammar. */
uint32_t dcf_error_count(dc_worker *w, dc_lang lang, const char *data, uint32_t len);

/* Checks what every consumer of an analysis relies on: finding ranges and fix edits lie inside
 * the source, edits are ordered (start <= end), messages are non-NULL; a fix that may be applied
 * (safe/unsafe) has no edit in an ERROR/MISSING region and, with the built-in rules (`builtin`),
 * none inside a trigger call reported by trigger-unsupported / legacy-trigger-listener. Aborts
 * with a message otherwise. Also feeds every position through dc_source_pos. */
void dcf_check_analysis(const dc_analysis *an, bool builtin);

/* Prints a message and aborts (so libFuzzer records the input as a crash). */
void dcf_fail(const char *what, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));

#endif
