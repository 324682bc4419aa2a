/* suppress.c: finding and applying `dcmigrate: ignore[...]` comments (see suppress.h). */
#include "analysis/suppress.h"
#include "syntax/tree.h"

#include <ctype.h>
#include <stdlib.h>

typedef struct suppression {
    dc_range range;     /* the comment */
    uint32_t line;      /* 1-based line of the comment */
    bool own_line;      /* nothing but whitespace before it: covers the next line too */
    bool file_level;    /* ignore-file */
    bool all_rules;     /* no [ids] */
    dc_sv *ids;         /* the listed rule ids (arena), as many as the comment lists */
    uint32_t nids;
    bool *used;         /* per id, or used[0] for all_rules (arena) */
} suppression;

typedef DC_VEC(suppression) supp_list;

/* The ids of `[a, b, ...]` from m (just past the `[`) to the first `]` between ids; into `out`
 * when not NULL. Returns how many. */
static uint32_t read_ids(const char *m, const char *end, dc_sv *out) {
    uint32_t n = 0;
    while (m < end && *m != ']') {
        while (m < end && (*m == ' ' || *m == ',')) m++;
        const char *id = m;
        while (m < end && (isalnum((unsigned char)*m) || *m == '-' || *m == '_')) m++;
        if (m > id) {
            if (out) out[n] = dc_sv_from(id, (size_t)(m - id));
            n++;
        }
        if (m == id) m++; /* skip a stray character */
    }
    return n;
}

/* Parses the marker inside one comment's text; false when the comment has none. */
static bool parse_marker(dc_arena *a, dc_sv text, suppression *s) {
    const char *end = text.p + text.len;
    const char *m = NULL;
    for (const char *p = text.p; p + 10 <= end; p++)
        if (memcmp(p, "dcmigrate:", 10) == 0) {
            m = p + 10;
            break;
        }
    if (!m) return false;
    while (m < end && (*m == ' ' || *m == '\t')) m++;
    if (end - m >= 11 && memcmp(m, "ignore-file", 11) == 0) {
        s->file_level = true;
        m += 11;
    } else if (end - m >= 6 && memcmp(m, "ignore", 6) == 0) {
        m += 6;
    } else {
        return false;
    }
    if (m < end && *m == '[') {
        m++;
        s->nids = read_ids(m, end, NULL);
        s->ids = dc_arena_alloc(a, (s->nids ? s->nids : 1) * sizeof *s->ids);
        read_ids(m, end, s->ids);
        s->all_rules = s->nids == 0;
    } else if (m < end && (isalnum((unsigned char)*m) || *m == '-' || *m == '_')) {
        return false; /* "ignored", "ignore-me": not our marker */
    } else {
        s->all_rules = true;
    }
    s->used = dc_arena_alloc(a, (s->nids ? s->nids : 1) * sizeof *s->used);
    return true;
}

static void add_comment(dc_analysis *an, dc_arena *a, supp_list *out, uint32_t start, uint32_t end) {
    suppression s = {0};
    if (!parse_marker(a, dc_sv_from(an->src->data + start, end - start), &s)) return;
    s.range = (dc_range){start, end};
    s.line = dc_source_pos(an->src, start).line;
    uint32_t ls = dc_source_line_start(an->src, s.line);
    s.own_line = true;
    for (uint32_t i = ls; i < start; i++)
        if (an->src->data[i] != ' ' && an->src->data[i] != '\t') s.own_line = false;
    if (s.line == 1 && an->src->has_bom && ls == 0) s.own_line = start == 3 || s.own_line;
    dc_vec_push(out, s);
}

typedef struct walk_ctx {
    dc_analysis *an;
    dc_arena *arena;
    supp_list *out;
} walk_ctx;

/* Only `comment` nodes: TS's html_comment (<!-- -->) is no place for a suppression. */
static bool visit_comment(TSNode n, void *vw) {
    walk_ctx *w = vw;
    add_comment(w->an, w->arena, w->out, ts_node_start_byte(n), ts_node_end_byte(n));
    return true;
}

static void collect(dc_analysis *an, dc_arena *a, supp_list *out) {
    const dc_source *src = an->src;
    if (!memmem(src->data, src->len, "dcmigrate:", 10)) return;
    if (an->tree) {
        static const char *const comments[] = {"comment", NULL};
        walk_ctx w = {an, a, out};
        dc_tree_walk_kinds(ts_tree_root_node(an->tree), comments, visit_comment, &w);
        return;
    }
    /* .env: a comment is a line whose first non-blank character is # */
    uint32_t n = dc_source_line_count(an->src);
    for (uint32_t l = 1; l <= n; l++) {
        uint32_t s = dc_source_line_start(an->src, l), e = dc_source_line_end(an->src, l);
        while (s < e && (src->data[s] == ' ' || src->data[s] == '\t')) s++;
        if (s < e && src->data[s] == '#') add_comment(an, a, out, s, e);
    }
}

/* Does suppression `s` cover a finding of `rule` starting on `line`? Marks it used. */
static bool covers(suppression *s, const char *rule, uint32_t line) {
    if (!s->file_level && line != s->line && !(s->own_line && line == s->line + 1)) return false;
    if (s->all_rules) {
        s->used[0] = true;
        return true;
    }
    for (uint32_t i = 0; i < s->nids; i++) {
        if (dc_sv_eq_cstr(s->ids[i], rule)) {
            s->used[i] = true;
            return true;
        }
    }
    return false;
}

static void report_unused(dc_analysis *an, const dc_ruleset *rs, dc_arena *a, suppression *s,
                          const dc_rule *unused_rule) {
    dc_buf msg = DC_BUF_INIT;
    if (s->all_rules) {
        if (!s->used[0]) dc_buf_adds(&msg, "this `dcmigrate: ignore` comment suppresses nothing");
    } else {
        for (uint32_t i = 0; i < s->nids; i++) {
            if (s->used[i]) continue;
            char *id = dc_arena_strndup(a, s->ids[i].p, s->ids[i].len);
            const dc_rule *r = dc_ruleset_find(rs, id);
            if (!r && dc_ruleset_knows(rs, id)) continue; /* a rule not run this time: cannot tell */
            dc_buf_printf(&msg, "%s`%s` %s", msg.len ? "; " : "", id,
                          r ? "suppresses nothing here" : "is not a dcmigrate rule id");
        }
    }
    if (msg.len) {
        dc_finding f = {0};
        f.rule = unused_rule;
        f.severity = unused_rule->severity;
        f.range = s->range;
        f.message = dc_arena_printf(a, "unused suppression: %s", msg.p);
        f.order = an->findings.len;
        dc_vec_push(&an->findings, f);
    }
    dc_buf_free(&msg);
}

void dc_suppress_apply(dc_analysis *an, const dc_ruleset *rs, dc_arena *arena) {
    supp_list sup = {0};
    collect(an, arena, &sup);
    if (!sup.len) return;
    uint32_t j = 0;
    for (uint32_t i = 0; i < an->findings.len; i++) {
        dc_finding *f = &an->findings.v[i];
        uint32_t line = dc_source_pos(an->src, f->range.start).line;
        bool hidden = false;
        for (uint32_t k = 0; k < sup.len && !hidden; k++) hidden = covers(&sup.v[k], f->rule->id, line);
        if (!hidden) an->findings.v[j++] = *f;
    }
    an->findings.len = j;
    const dc_rule *unused_rule = dc_ruleset_find(rs, "unused-suppression");
    if (unused_rule)
        for (uint32_t k = 0; k < sup.len; k++) report_unused(an, rs, arena, &sup.v[k], unused_rule);
    dc_vec_free(&sup);
}
