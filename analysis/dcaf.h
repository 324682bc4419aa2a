/* dcaf.h: the DCAF session rule pack (issue 17): rules about github.com/duplocloud/dcaf's
 * `Session`, custom agent functions, interceptors and tools, checked against the framework's
 * source at ff5abc42ee161a754bc4826fed241232c55dc122 (docs/dcaf-facts.md).
 *
 * The rules are `kind: analyser` rules (rules/dcaf-*.yml: id, severity, message with
 * {{placeholders}}, note, fix): their findings are made here, in C, because what they need goes
 * beyond "this capture is that symbol" (docs/dcaf-rules-design.md). The engine calls
 * dc_dcaf_analyze once per Python file with the enabled analyser rules; a file without the text
 * "dcaf", or without a `dcaf` import, costs one memmem.
 *
 * A finding may carry a dc_dcaf_plan (dc_finding.detail): what its fix is (safe edits, an import
 * to ensure) or why there is none (manual). The fixes layer (fixes/fix_dcaf.c, fixer `dcaf`)
 * turns plans into dc_fix values; the analysis itself never edits.
 *
 * Ownership: everything is allocated from the analysis' arena. */
#ifndef DC_DCAF_H
#define DC_DCAF_H

#include <stdbool.h>
#include <stdint.h>

#include "analysis/analysis.h"
#include "ruleset/rules.h"

typedef struct dc_dcaf_edit {
    uint32_t start, end; /* of the analysed buffer; start == end inserts */
    const char *text;    /* arena, NUL-terminated */
} dc_dcaf_edit;

typedef struct dc_dcaf_plan {
    dc_applicability app;      /* SAFE: `edits` (+ the import); MANUAL: `why` says what to do */
    const char *why;           /* manual advice, or NULL */
    const char *title;         /* what a safe fix does, for the report */
    dc_dcaf_edit *edits;
    uint32_t nedits, cap;
    const char *import_module; /* dc_import_ensure(module, name) too (name NULL: `import module`) */
    const char *import_name;
} dc_dcaf_plan;

/* Adds the findings of the enabled analyser rules `rules[0..n)` for the Python analysis `an`.
 * `project` (may be NULL): the project's facts; once final, a file's imports of project modules
 * give it the DCAF names they prove (project/facts.h "DCAF names"), even in a file that never
 * spells `dcaf`. */
void dc_dcaf_analyze(dc_analysis *an, dc_arena *arena, const dc_facts_view *project, const dc_rule *const *rules,
                     uint32_t n);

/* The DCAF names a Python module binds at module level (imports from `dcaf`, aliases, `X =
 * <a DCAF name>`, not rebound by a top-level class or def), as proven project facts
 * (DC_FACT_DCAF); a pure function of the file. Returns how many (*out in `arena`). */
uint32_t dc_dcaf_exports(const dc_source *src, TSNode root, dc_arena *arena, const dc_fact_export **out);

#endif
