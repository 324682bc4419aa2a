/* suggest.h: "did you mean" for a mistyped name (a flag, a rule id): the closest of a list of
 * candidates by edit distance (Damerau-Levenshtein, optimal string alignment: a swap of two
 * neighbouring characters counts 1, as the most common typo), like git's "did you mean" and
 * clap's suggestions. A candidate is offered only when it is close enough to be the intended one:
 * at most a third of the typed name's length, and at most 3 edits. */
#ifndef DC_SUGGEST_H
#define DC_SUGGEST_H

#include <stddef.h>

/* The edit distance between a and b (bytes; both NUL-terminated). */
size_t dc_edit_distance(const char *a, const char *b);

/* Keeps the best candidate seen so far: start with {typed, NULL, 0}, offer each candidate, then
 * read `best` (NULL: none close enough). Ties keep the first offered. */
typedef struct dc_suggest {
    const char *typed;
    const char *best;
    size_t dist;
} dc_suggest;

void dc_suggest_offer(dc_suggest *s, const char *candidate);

#endif
