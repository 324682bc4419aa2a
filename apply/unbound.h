/* unbound.h: the "no name left unbound" check of a fix pass (issue 16, item 14).
 *
 * ruff stops at syntax; this goes one step further. A fix that inserts a session statement in
 * one branch and uses the session in another, places an import after the first use, or removes
 * an import that is still used leaves a name unbound where it is used: the fixed file parses and
 * then fails at run time with a NameError / ReferenceError. The check reads the tree-sitter
 * scopes of the text before and after the pass, for the names the pass's edits touch (every
 * identifier in inserted or replaced text), and finds a name that has more unbound uses after
 * than before.
 *
 * What "bound at a use" means (a lexical, flow-light approximation, the same for both texts so
 * that what it cannot see cancels out):
 *   Python: the enclosing scopes (function, lambda, comprehension, class body only when the use
 *   is directly in it, module) are searched innermost first; `global` / `nonlocal` skip to the
 *   outer ones. A binding (assignment target, walrus, for/with/except target, import, def,
 *   class, parameter, match capture) counts when the use is inside a nested function of its
 *   scope (it runs later), when it is a parameter or comprehension variable, or when it comes
 *   before the use in a statement list that contains the use (so a binding in the `if` branch
 *   does not bind a use in the `else` branch, and an import after a module-level use does not
 *   bind it). `from m import *` turns the check off for the file.
 *   TypeScript / JavaScript: block scopes (let, const, class, enum: before the use unless the
 *   use is in a nested function, the temporal dead zone), function scopes (var, parameters,
 *   function declarations: hoisted), imports (hoisted to the module, so an import after its use
 *   is fine, as in the language).
 * A name bound nowhere in either text (a builtin, a global) is not checked.
 *
 * Cost: a text search for each name, then a root-to-node cursor descent per occurrence (no
 * ts_node_parent, which is a walk from the root in tree-sitter 0.20.7). A name with more than
 * DC_UNBOUND_MAX_OCC occurrences, and names past the first DC_UNBOUND_MAX_NAMES, are not
 * checked (the check is a safety net, never a reason to take minutes on a generated file).
 *
 * Ownership: dc_unbound_names owns its strings (heap); free it with dc_unbound_names_free. */
#ifndef DC_APPLY_UNBOUND_H
#define DC_APPLY_UNBOUND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tree_sitter/api.h>

#include "common/base.h"
#include "syntax/source.h"

#define DC_UNBOUND_MAX_NAMES 256
#define DC_UNBOUND_MAX_OCC 1500

/* What the text before a pass says of one name (dc_unbound_measure). */
typedef struct dc_unbound_before {
    bool checked;     /* false: not checked (see Cost), or not measured */
    bool bound;       /* something binds it */
    uint32_t unbound; /* its uses nothing binds */
} dc_unbound_before;

typedef struct dc_unbound_names {
    DC_VEC(char *) v;                   /* distinct identifier tokens */
    DC_VEC(dc_unbound_before) before;   /* parallel to v once measured */
} dc_unbound_names;

/* Adds the identifier tokens of `p[0..n)` (a member after `.` is not a name) to `names`. */
void dc_unbound_names_add(dc_unbound_names *names, const char *p, size_t n);
void dc_unbound_names_free(dc_unbound_names *names);

/* A name the pass leaves unbound: the name and the first unbound use's line (1-based) in the
 * text after. */
typedef struct dc_unbound_hit {
    const char *name; /* one of the names' strings */
    uint32_t line;
} dc_unbound_hit;

/* Measures every name of `names` in the text before a pass (its tree `t`), so that the tree can
 * go before the pass's text is parsed (the fix loop keeps one tree at a time: a file's memory
 * budget holds one, not two). */
void dc_unbound_measure(dc_unbound_names *names, const dc_source *src, TSTree *t);
/* Does `after` (its tree `ta`) leave one of `touched` unbound at more uses than the measured text
 * before did (`measured`: names not measured there are not checked)? Then *hit says which. False
 * for a language without scopes here (not Python or TypeScript/JavaScript) or without a tree. */
bool dc_unbound_new(const dc_unbound_names *measured, const dc_unbound_names *touched, const dc_source *after,
                    TSTree *ta, dc_unbound_hit *hit);

/* The uses of `name` in `src` that nothing binds, and whether anything binds it at all: for the
 * tests (tests/unit/test_unbound.c) and the check above. The first unbound use's byte offset
 * goes to *first (UINT32_MAX when none). False when the name was not checked (see Cost). */
bool dc_unbound_count(const dc_source *src, TSTree *t, const char *name, uint32_t *unbound, bool *bound_somewhere,
                      uint32_t *first);

#endif
