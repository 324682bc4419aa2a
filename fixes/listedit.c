/* listedit.c: removing an item from a comma-separated list (arguments, an object, a list) with
 * its comma, in the list's own layout; a list's items: the first, the last, how many (see
 * fixers_p.h). */
#include <stdlib.h>

#include "fixes/fixers_p.h"

static bool is_item(TSNode n) { return ts_node_is_named(n) && !dc_node_is_comment(n); }

TSNode dc_list_first(TSNode list) {
    uint32_t k = ts_node_named_child_count(list);
    for (uint32_t i = 0; i < k; i++) {
        TSNode c = ts_node_named_child(list, i);
        if (!dc_node_is_comment(c)) return c;
    }
    return (TSNode){0};
}

TSNode dc_list_last(TSNode list) {
    TSNode last = {0};
    uint32_t k = ts_node_named_child_count(list);
    for (uint32_t i = 0; i < k; i++) {
        TSNode c = ts_node_named_child(list, i);
        if (!dc_node_is_comment(c)) last = c;
    }
    return last;
}

uint32_t dc_list_count(TSNode list) {
    uint32_t c = 0, k = ts_node_child_count(list);
    for (uint32_t i = 0; i < k; i++)
        if (is_item(ts_node_child(list, i))) c++;
    return c;
}

/* If `item` sits on lines of its own (only whitespace before it on its first line; after it
 * only an optional comma, whitespace and a comment before the line ends) and does not share a
 * line with its neighbours, returns true and the byte range of those whole lines including the
 * final line ending: deleting whole lines leaves no blank line or stray comma behind. */
static bool own_lines(const dc_source *src, TSNode item, bool have_prev, TSNode prev, uint32_t *start,
                      uint32_t *end) {
    uint32_t s = ts_node_start_byte(item), e = ts_node_end_byte(item);
    uint32_t ls = s;
    while (ls > 0 && src->data[ls - 1] != '\n') {
        if (src->data[ls - 1] != ' ' && src->data[ls - 1] != '\t') return false;
        ls--;
    }
    if (have_prev && ts_node_end_byte(prev) > ls) return false;
    uint32_t p = e;
    while (p < src->len && (src->data[p] == ' ' || src->data[p] == '\t')) p++;
    if (p < src->len && src->data[p] == ',') p++;
    while (p < src->len && (src->data[p] == ' ' || src->data[p] == '\t')) p++;
    if (p < src->len && (src->data[p] == '#' || (src->data[p] == '/' && p + 1 < src->len && src->data[p + 1] == '/')))
        while (p < src->len && src->data[p] != '\n') p++;
    if (p < src->len && src->data[p] == '\r') p++;
    if (p >= src->len || src->data[p] != '\n') return false;
    *start = ls;
    *end = p + 1;
    return true;
}

void dc_list_remove_item(dc_arena *arena, const dc_source *src, dc_fix *fix, TSNode list, TSNode item) {
    uint32_t k = ts_node_child_count(list);
    TSNode prev = {0}, next = {0};
    bool have_prev = false, have_next = false, seen = false;
    for (uint32_t i = 0; i < k; i++) {
        TSNode c = ts_node_child(list, i);
        if (!is_item(c)) continue;
        if (ts_node_eq(c, item)) {
            seen = true;
            continue;
        }
        if (!seen) {
            prev = c;
            have_prev = true;
        } else if (!have_next) {
            next = c;
            have_next = true;
        }
    }
    uint32_t start, end;
    if ((have_prev || have_next) && own_lines(src, item, have_prev, prev, &start, &end)) {
        /* a multi-line list: the item's lines go, whole */
    } else if (have_next) {
        /* `a, X, b` -> `a, b`: X and everything up to the next item (its comma, the newline
         * and the next item's indentation, which X's own indentation replaces). */
        start = ts_node_start_byte(item);
        end = ts_node_start_byte(next);
    } else if (have_prev) {
        /* last item: from the end of the previous one, which keeps a trailing comma */
        start = ts_node_end_byte(prev);
        end = ts_node_end_byte(item);
    } else {
        /* sole item: everything between the brackets */
        TSNode open = ts_node_child(list, 0), close = ts_node_child(list, k - 1);
        start = k >= 2 ? ts_node_end_byte(open) : ts_node_start_byte(item);
        end = k >= 2 ? ts_node_start_byte(close) : ts_node_end_byte(item);
    }
    dc_fix_add_edit(arena, fix, start, end, "", 0);
}
