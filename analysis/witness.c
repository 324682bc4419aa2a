/* witness.c: a file's witness ranges (witness.h). The witness itself, what each pattern's
 * matches must contain, is derived with the rules (ruleset/literals.h dc_witness_build); this is
 * its per-file half, which needs the file's bindings for the client and class names. */
#include "analysis/witness.h"

#include <stdlib.h>
#include <string.h>

#include "syntax/nodeindex.h"

static bool ascii_word(unsigned char u) {
    return (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u == '_';
}

static bool word_char(unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || c >= 0x80;
}

/* The identifier run of a normalised name to search for: the longest one that is not
 * self/this/cls (those are everywhere), else the longest. Empty when the name has none. */
static dc_sv name_run(dc_sv name) {
    dc_sv best = {0}, any = {0};
    for (uint32_t i = 0; i < name.len;) {
        if (!word_char((unsigned char)name.p[i])) {
            i++;
            continue;
        }
        uint32_t j = i;
        while (j < name.len && word_char((unsigned char)name.p[j])) j++;
        dc_sv r = dc_sv_from(name.p + i, j - i);
        if (r.len > any.len) any = r;
        bool common = dc_sv_eq_cstr(r, "self") || dc_sv_eq_cstr(r, "this") || dc_sv_eq_cstr(r, "cls");
        if (!common && r.len > best.len) best = r;
        i = j;
    }
    return best.len ? best : any;
}

typedef DC_VEC(uint32_t) u32_vec;

static int cmp_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Where the identifier run `needle` occurs as a token: a run is maximal, so where the name is
 * used, the bytes around it are no ASCII word bytes (`client` is not in `clients` nor in
 * `http_client`); only ASCII ones count, the conservative side, as in compile_literals. */
static void find_text(u32_vec *occ, const char *data, uint32_t len, dc_sv needle) {
    const char *p = data, *end = data + len;
    while ((size_t)(end - p) >= needle.len) {
        const char *q = memmem(p, (size_t)(end - p), needle.p, needle.len);
        if (!q) break;
        bool glued = (q > data && ascii_word((unsigned char)q[-1])) ||
                     (q + needle.len < end && ascii_word((unsigned char)q[needle.len]));
        if (!glued) dc_vec_push(occ, (uint32_t)(q - data));
        p = q + 1;
    }
}

/* True when some occurrence lies in [start, end). */
static bool has_occ(const u32_vec *occ, uint32_t start, uint32_t end) {
    uint32_t lo = 0, hi = occ->len;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (occ->v[mid] < start) lo = mid + 1;
        else hi = mid;
    }
    return lo < occ->len && occ->v[lo] < end;
}

static bool is_split(const dc_witness *w, TSSymbol s) {
    for (uint32_t i = 0; i < w->nsplit; i++)
        if (w->split[i] == s) return true;
    return false;
}

typedef DC_VEC(dc_byte_range) range_vec;

/* Each range costs a cursor run from the root, which steps over the root's children before it:
 * ranges closer than this are merged, and more than DC_WITNESS_MAX_RANGES of them are not worth
 * it (lib.dom.d.ts: thousands of declarations, "create" in hundreds). */
#define DC_WITNESS_GAP 1024u
#define DC_WITNESS_MAX_RANGES 32u

static void add_range(range_vec *v, uint32_t start, uint32_t end) {
    /* one past the end: a zero-width (MISSING) node at the very end stays inside */
    end = end + 1 > end ? end + 1 : end;
    if (v->len && start <= v->v[v->len - 1].end + DC_WITNESS_GAP) {
        if (end > v->v[v->len - 1].end) v->v[v->len - 1].end = end;
        return;
    }
    dc_byte_range r = {start, end};
    dc_vec_push(v, r);
}

/* Containers smaller than this are matched whole: descending would save nothing. */
#define DC_WITNESS_SPLIT_MIN 512u

/* Where the file's witnesses occur, ascending: the literal alternation's matches, then the
 * token occurrences of the client and class names the patterns rely on. False when the file
 * cannot be narrowed (a PCRE2 limit, a name without an identifier run). */
static bool find_occurrences(const dc_witness *w, const char *data, uint32_t len, const dc_bindings *b,
                             dc_profile profile, pcre2_match_data *md, u32_vec *occ) {
    bool sorted = true;
    int f = profile == DC_PROFILE_AUTO ? DC_PROFILE_DEVCASTER : (int)profile;
    const pcre2_code *re = w->re[f];
    for (PCRE2_SIZE off = 0; re && off <= len;) {
        int rc = pcre2_match(re, (PCRE2_SPTR)data, len, off, 0, md, NULL);
        if (rc == PCRE2_ERROR_NOMATCH) break;
        if (rc < 0) return false; /* a limit or another error: match everything */
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        dc_vec_push(occ, (uint32_t)ov[0]);
        off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
    }
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 0 ? !w->clients : !w->classes) continue;
        const dc_sv *names = pass == 0 ? b->clients.v : b->class_names.v;
        uint32_t nn = pass == 0 ? b->clients.len : b->class_names.len;
        for (uint32_t i = 0; i < nn; i++) {
            dc_sv r = name_run(names[i]);
            if (!r.len) return false;
            find_text(occ, data, len, r);
            sorted = false;
        }
    }
    if (!sorted && occ->len > 1) qsort(occ->v, occ->len, sizeof *occ->v, cmp_u32);
    return true;
}

/* Preorder over the nodes holding an occurrence: a container is entered, anything else is a
 * range. Iterative, with the cursor's own path: nesting can be 10,000 deep. */
static void collect_ranges(const dc_witness *w, TSNode root, const u32_vec *occ, range_vec *v) {
    TSTreeCursor c = ts_tree_cursor_new(root);
    uint32_t depth = 0;
    if (occ->len && ts_tree_cursor_goto_first_child(&c)) {
        depth = 1;
        for (;;) {
            TSNode nd = ts_tree_cursor_current_node(&c);
            uint32_t s0 = ts_node_start_byte(nd), e0 = ts_node_end_byte(nd);
            bool descended = false;
            if (has_occ(occ, s0, e0)) {
                if (e0 - s0 >= DC_WITNESS_SPLIT_MIN && is_split(w, ts_node_symbol(nd)) &&
                    ts_tree_cursor_goto_first_child(&c)) {
                    depth++;
                    descended = true;
                } else {
                    add_range(v, s0, e0);
                }
            }
            if (descended) continue;
            bool done = false;
            while (!ts_tree_cursor_goto_next_sibling(&c)) {
                if (depth <= 1 || !ts_tree_cursor_goto_parent(&c)) {
                    done = true;
                    break;
                }
                depth--;
            }
            if (done) break;
        }
    }
    ts_tree_cursor_delete(&c);
}

#define DC_WITNESS_MAX_CUTS 32u

/* The cut subtrees as coalesced spans (see witness.h). */
static void cut_spans(const dc_node_index *ix, range_vec *spans) {
    for (uint32_t gap = DC_WITNESS_GAP;; gap *= 2) {
        dc_vec_clear(spans);
        for (uint32_t i = 0; i < ix->ncuts; i++) {
            TSNode n = dc_nix_node(ix, ix->cuts[i]);
            uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
            if (spans->len && s <= spans->v[spans->len - 1].end + gap) {
                if (e > spans->v[spans->len - 1].end) spans->v[spans->len - 1].end = e;
            } else {
                dc_vec_push(spans, ((dc_byte_range){s, e}));
            }
        }
        if (spans->len <= DC_WITNESS_MAX_CUTS || gap > UINT32_MAX / 4) return;
    }
}

void dc_witness_exclude_deep(const dc_node_index *ix, dc_arena *arena, const dc_byte_range *in, uint32_t nin,
                             dc_byte_range **out, uint32_t *nout) {
    range_vec spans = {0}, v = {0};
    cut_spans(ix, &spans);
    uint32_t k = 0;
    for (uint32_t i = 0; i < nin; i++) {
        uint32_t s = in[i].start, e = in[i].end;
        while (k < spans.len && spans.v[k].end <= s) k++;
        for (uint32_t j = k; j < spans.len && spans.v[j].start < e && s < e; j++) {
            if (spans.v[j].start > s) dc_vec_push(&v, ((dc_byte_range){s, spans.v[j].start}));
            if (spans.v[j].end > s) s = spans.v[j].end;
        }
        if (s < e) dc_vec_push(&v, ((dc_byte_range){s, e}));
    }
    *out = dc_arena_alloc(arena, (v.len ? v.len : 1) * sizeof **out);
    if (v.len) memcpy(*out, v.v, v.len * sizeof **out);
    *nout = v.len;
    dc_vec_free(&spans);
    dc_vec_free(&v);
}

bool dc_witness_ranges(const dc_witness *w, dc_arena *arena, const char *data, uint32_t len, TSNode root,
                       const dc_bindings *b, dc_profile profile, pcre2_match_data *md, dc_byte_range **out,
                       uint32_t *n) {
    *out = NULL;
    *n = 0;
    if (!w || !b) return false;
    if (ts_node_child_count(root) < 4 && ts_node_end_byte(root) - ts_node_start_byte(root) < 4096) return false;
    u32_vec occ = {0};
    range_vec v = {0};
    bool ok = find_occurrences(w, data, len, b, profile, md, &occ);
    if (ok) collect_ranges(w, root, &occ, &v);
    ok = ok && v.len <= DC_WITNESS_MAX_RANGES;
    if (ok) {
        dc_byte_range *res = dc_arena_alloc(arena, (v.len + 1) * sizeof *res);
        if (v.len) memcpy(res, v.v, v.len * sizeof *res);
        *out = res;
        *n = v.len;
    }
    dc_vec_free(&v);
    dc_vec_free(&occ);
    return ok;
}
