/* occ.h: where a text occurs in a source, so a tree walk can skip what cannot contain it.
 *
 * Owns dc_occ. A tree walk that looks for nodes whose text contains some word need not descend
 * into a subtree whose byte range holds no occurrence of it: the fixers' whole-file walks
 * (references to an import, trigger calls) visit only the occurrences' ancestors this way. It
 * belongs with the tree helpers, not in common/: it exists only to prune walks over a syntax
 * tree's byte ranges. */
#ifndef DC_OCC_H
#define DC_OCC_H

#include <stdbool.h>
#include <stdint.h>

#include "common/base.h"

typedef DC_VEC(uint32_t) dc_occ;
/* Every offset where `needle` (non-empty) starts in `hay`, overlapping ones too, ascending. */
void dc_occ_find(dc_occ *o, dc_sv hay, dc_sv needle);
/* Does an occurrence of a needle of `nlen` bytes lie wholly inside [start, end)? */
bool dc_occ_within(const dc_occ *o, uint32_t nlen, uint32_t start, uint32_t end);

#endif
