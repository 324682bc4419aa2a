/* parsed.h: a source text with its own parser and tree, for the unit tests that need a real
 * tree (test_tree.c, test_unbound.c). One copy of the helper, static inline: each test is its
 * own binary. */
#ifndef DC_TEST_PARSED_H
#define DC_TEST_PARSED_H

#include <string.h>

#include "syntax/lang.h"
#include "syntax/source.h"

typedef struct parsed {
    dc_source *src;
    TSParser *parser;
    TSTree *tree;
} parsed;

/* `code` as `lang`, named t.py or t.ts. */
static inline parsed parse(dc_lang lang, const char *code) {
    parsed p;
    p.src = dc_source_from_bytes(lang == DC_LANG_PYTHON ? "t.py" : "t.ts", lang, code, (uint32_t)strlen(code));
    p.parser = ts_parser_new();
    ts_parser_set_language(p.parser, dc_lang_grammar(lang));
    p.tree = ts_parser_parse_string(p.parser, NULL, p.src->data, p.src->len);
    return p;
}

static inline void release(parsed *p) {
    ts_tree_delete(p->tree);
    ts_parser_delete(p->parser);
    dc_source_free(p->src);
}

#endif
