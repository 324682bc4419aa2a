/* finding.h: what analysis produces for one file: findings, each with an optional fix.
 *
 * A fix is a group of edits applied together or not at all (ruff's Fix = Vec<Edit>,
 * clang-tidy's Replacements). Edits are byte ranges of the *analysed* buffer plus replacement
 * text. Everything here lives in the per-file arena of the analysis that produced it. */
#ifndef DC_FINDING_H
#define DC_FINDING_H

#include <stdbool.h>
#include <stdint.h>

#include <tree_sitter/api.h>

#include "common/base.h"
#include "ruleset/severity.h"

typedef struct dc_edit {
    uint32_t start, end; /* replaced range of the analysed buffer; start == end is an insertion */
    const char *text;    /* replacement (arena), may be "" for a deletion */
    uint32_t len;
} dc_edit;

typedef struct dc_fix {
    dc_applicability app;
    dc_edit *edits; /* arena array */
    uint32_t nedits, cap;
    const char *why; /* why the fix is unsafe or manual (arena), or NULL */
    const char *title; /* short description of what the fix does, e.g. "remove toolkit_versions" */
} dc_fix;

struct dc_rule;

typedef struct dc_finding {
    const struct dc_rule *rule;
    dc_severity severity;
    dc_range range;       /* what the finding points at */
    const char *message;  /* rendered (arena) */
    dc_fix *fix;          /* NULL: the rule offers no fix */
    bool low_confidence;  /* receiver not provably a client; shape unmistakable */
    uint32_t order;       /* match order, for stable sorting of equal ranges */
    /* the match behind the finding, for fixers (dc_finding_capture) */
    const TSQuery *query;
    TSQueryCapture *caps; /* arena copy */
    uint32_t ncaps;
    const void *detail;   /* `kind: analyser` rules: what the analyser found for the fixer (analysis/dcaf.h) */
} dc_finding;

typedef DC_VEC(dc_finding) dc_finding_list;

/* Appends an edit to `fix` (text copied into `arena`). */
void dc_fix_add_edit(dc_arena *arena, dc_fix *fix, uint32_t start, uint32_t end, const char *text, size_t len);
dc_fix *dc_fix_new(dc_arena *arena, dc_applicability app);
/* dc_fix_add_edit unless `fix` already has that very edit (same range, same text). */
void dc_fix_add_edit_once(dc_arena *arena, dc_fix *fix, uint32_t start, uint32_t end, const char *text, size_t len);
/* Adds every edit of `from` to `to` (dc_fix_add_edit_once, text up to a NUL). */
void dc_fix_copy_edits(dc_arena *arena, dc_fix *to, const dc_fix *from);

/* Whether two edits cannot both be applied (the fix loop skips the later fix for the pass):
 * overlapping replacements, two different insertions at one offset, an insertion strictly
 * inside a replaced range. Identical edits never conflict: the applier applies them once. */
bool dc_edits_conflict(const dc_edit *a, const dc_edit *b);
/* Whether an edit of `more` conflicts with an edit of `fix`. */
bool dc_fix_conflicts_with(const dc_fix *fix, const dc_fix *more);

/* The node the finding's match captured as `name` (what a fixer reads the matched code by);
 * false when the match has no such capture, or the finding has no match (dotenv). */
bool dc_finding_capture(const dc_finding *f, const char *name, TSNode *out);

#endif
