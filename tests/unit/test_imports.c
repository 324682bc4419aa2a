/* Import management and fresh names: every edit is applied to the original text the way the
 * applier does (sorted by offset; self-conflicting edits are an error) and the WHOLE resulting
 * file is compared, so a stray blank line or a lost newline fails the test.
 *
 * Set DC_TEST_DUMP=DIR to also write every result to DIR (one file per result, with the
 * language's extension) and check by hand that they parse. */
#include <stdio.h>
#include <stdlib.h>

#include "fixes/imports.h"
#include "check.h"

#define PY DC_LANG_PYTHON
#define TS DC_LANG_TYPESCRIPT
#define TSX DC_LANG_TSX
#define JS DC_LANG_JAVASCRIPT

typedef struct fx {
    dc_source *src;
    TSParser *parser;
    TSTree *tree;
    dc_arena arena;
    dc_import_ctx ctx;
    dc_fix fix;
    dc_buf out;
} fx;

static const char *path_for(dc_lang lang) {
    switch (lang) {
    case DC_LANG_PYTHON: return "t.py";
    case DC_LANG_TSX: return "t.tsx";
    case DC_LANG_JAVASCRIPT: return "t.js";
    default: return "t.ts";
    }
}

static void fx_open_path(fx *f, dc_lang lang, const char *path, const char *text) {
    memset(f, 0, sizeof *f);
    f->src = dc_source_from_bytes(path, lang, text, (uint32_t)strlen(text));
    f->parser = ts_parser_new();
    ts_parser_set_language(f->parser, dc_lang_grammar(lang));
    if (f->src->has_bom) { /* as the engine parses: the BOM is not part of the program */
        TSRange r = {{0, 3}, {UINT32_MAX, UINT32_MAX}, 3, UINT32_MAX};
        ts_parser_set_included_ranges(f->parser, &r, 1);
    }
    f->tree = ts_parser_parse_string(f->parser, NULL, f->src->data, f->src->len);
    dc_arena_init(&f->arena, 4096);
    f->ctx = (dc_import_ctx){&f->arena, f->src, f->tree, NULL, NULL, NULL};
}

static void fx_open(fx *f, dc_lang lang, const char *text) { fx_open_path(f, lang, path_for(lang), text); }

static void fx_close(fx *f) {
    ts_tree_delete(f->tree);
    ts_parser_delete(f->parser);
    dc_arena_free(&f->arena);
    dc_source_free(f->src);
    dc_buf_free(&f->out);
}

typedef struct ord_edit {
    const dc_edit *e;
    uint32_t i;
} ord_edit;

static int cmp_ord(const void *pa, const void *pb) {
    const ord_edit *a = pa, *b = pb;
    if (a->e->start != b->e->start) return a->e->start < b->e->start ? -1 : 1;
    if (a->e->end != b->e->end) return a->e->end < b->e->end ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

static void dump(const fx *f) {
    const char *dir = getenv("DC_TEST_DUMP");
    static int seq;
    if (!dir) return;
    const char *ext = strrchr(f->src->path, '.');
    char path[4096];
    snprintf(path, sizeof path, "%s/r%04d%s", dir, seq++, ext ? ext : "");
    FILE *out = fopen(path, "wb");
    if (!out) return;
    fwrite(f->out.p, 1, f->out.len, out);
    fclose(out);
}

/* The fixed file, as the applier would produce it; "<conflict>" when the fix's own edits overlap
 * or insert different text at one offset (the applier would never apply such a fix). */
static const char *fx_apply(fx *f) {
    uint32_t n = f->fix.nedits;
    ord_edit *v = calloc(n ? n : 1, sizeof *v);
    for (uint32_t i = 0; i < n; i++) v[i] = (ord_edit){&f->fix.edits[i], i};
    qsort(v, n, sizeof *v, cmp_ord);
    dc_buf_reset(&f->out);
    uint32_t pos = 0;
    bool bad = false;
    for (uint32_t i = 0; i < n && !bad; i++) {
        const dc_edit *e = v[i].e;
        if (i && e->start == v[i - 1].e->start && e->end == v[i - 1].e->end && e->len == v[i - 1].e->len &&
            memcmp(e->text, v[i - 1].e->text, e->len) == 0)
            continue; /* identical edits are applied once */
        bool same_ins = i && e->start == e->end && v[i - 1].e->start == e->start && v[i - 1].e->end == e->start;
        if (e->start < pos || e->end < e->start || e->end > f->src->len || same_ins) bad = true;
        dc_buf_add(&f->out, f->src->data + pos, e->start - pos);
        dc_buf_add(&f->out, e->text, e->len);
        pos = e->end;
    }
    free(v);
    if (bad) return "<conflict>";
    dc_buf_add(&f->out, f->src->data + pos, f->src->len - pos);
    dump(f);
    return dc_buf_cstr(&f->out);
}

#define ENSURE(lang, in, mod, name, expect)                                                                  \
    do {                                                                                                     \
        fx f_;                                                                                               \
        fx_open(&f_, lang, in);                                                                              \
        CHECK(dc_import_ensure(&f_.ctx, &f_.fix, mod, name));                                                \
        CHECK_EQ_STR(fx_apply(&f_), expect);                                                                 \
        fx_close(&f_);                                                                                       \
    } while (0)

/* ensure succeeds and adds nothing */
#define ENSURE_NOOP(lang, in, mod, name)                                                                     \
    do {                                                                                                     \
        fx f_;                                                                                               \
        fx_open(&f_, lang, in);                                                                              \
        CHECK(dc_import_ensure(&f_.ctx, &f_.fix, mod, name));                                                \
        CHECK_EQ_INT(f_.fix.nedits, 0);                                                                      \
        fx_close(&f_);                                                                                       \
    } while (0)

/* ensure refuses (the caller makes the fix manual) and adds nothing */
#define ENSURE_REFUSED(lang, in, mod, name)                                                                  \
    do {                                                                                                     \
        fx f_;                                                                                               \
        fx_open(&f_, lang, in);                                                                              \
        CHECK(!dc_import_ensure(&f_.ctx, &f_.fix, mod, name));                                               \
        CHECK_EQ_INT(f_.fix.nedits, 0);                                                                      \
        fx_close(&f_);                                                                                       \
    } while (0)

#define REMOVE(lang, in, mod, name, expect)                                                                  \
    do {                                                                                                     \
        fx f_;                                                                                               \
        fx_open(&f_, lang, in);                                                                              \
        CHECK(dc_import_remove_if_unused(&f_.ctx, &f_.fix, mod, name, NULL, 0));                             \
        CHECK_EQ_STR(fx_apply(&f_), expect);                                                                 \
        fx_close(&f_);                                                                                       \
    } while (0)

/* the name is still used: remove succeeds and removes nothing */
#define REMOVE_KEPT(lang, in, mod, name) REMOVE(lang, in, mod, name, in)

/* ==== Python: merging into an existing from-import ===================================== */

DC_TEST(py_merge_appends_after_last_name) {
    ENSURE(PY, "from m import a, b\n", "m", "c", "from m import a, b, c\n");
    ENSURE(PY, "from m import a as x\n", "m", "c", "from m import a as x, c\n");
    ENSURE(PY, "from .pkg import a\n", ".pkg", "b", "from .pkg import a, b\n");
    ENSURE(PY, "from m.sub import a\nx = 1\n", "m.sub", "b", "from m.sub import a, b\nx = 1\n");
}

DC_TEST(py_merge_parenthesized_one_line) {
    ENSURE(PY, "from m import (a, b)\n", "m", "c", "from m import (a, b, c)\n");
    ENSURE(PY, "from m import (a, b,)\n", "m", "c", "from m import (a, b, c,)\n");
}

DC_TEST(py_merge_vertical_keeps_layout) {
    ENSURE(PY, "from m import (\n    a,\n    b,\n)\nx = 1\n", "m", "c",
           "from m import (\n    a,\n    b,\n    c,\n)\nx = 1\n");
    ENSURE(PY, "from m import (\n    a,\n    b\n)\n", "m", "c", "from m import (\n    a,\n    b,\n    c\n)\n");
    /* a comment after the last name stays with that name */
    ENSURE(PY, "from m import (\n    a,\n    b,  # why\n)\n", "m", "c",
           "from m import (\n    a,\n    b,  # why\n    c,\n)\n");
    ENSURE(PY, "from m import (\n    a,\n    b  # why\n)\n", "m", "c",
           "from m import (\n    a,\n    b,  # why\n    c\n)\n");
    /* names aligned under the parenthesis are not one-per-line: append on the same line */
    ENSURE(PY, "from m import (a,\n               b)\n", "m", "c", "from m import (a,\n               b, c)\n");
}

DC_TEST(py_merge_tabs_and_crlf) {
    ENSURE(PY, "from m import (\n\ta,\n)\n", "m", "c", "from m import (\n\ta,\n\tc,\n)\n");
    ENSURE(PY, "from m import (\r\n    a,\r\n)\r\n", "m", "c", "from m import (\r\n    a,\r\n    c,\r\n)\r\n");
    ENSURE(PY, "from m import (\r\n    a\r\n)\r\n", "m", "c", "from m import (\r\n    a,\r\n    c\r\n)\r\n");
}

DC_TEST(py_two_names_in_one_fix_share_one_edit) {
    fx f;
    fx_open(&f, PY, "from m import a\n");
    CHECK(dc_import_ensure(&f.ctx, &f.fix, "m", "b"));
    CHECK(dc_import_ensure(&f.ctx, &f.fix, "m", "c"));
    CHECK(dc_import_ensure(&f.ctx, &f.fix, "m", "b"));
    CHECK_EQ_INT(f.fix.nedits, 1);
    CHECK_EQ_STR(fx_apply(&f), "from m import a, b, c\n");
    fx_close(&f);

    fx_open(&f, PY, "from m import (\n    a,\n)\n");
    CHECK(dc_import_ensure(&f.ctx, &f.fix, "m", "b"));
    CHECK(dc_import_ensure(&f.ctx, &f.fix, "m", "c"));
    CHECK_EQ_STR(fx_apply(&f), "from m import (\n    a,\n    b,\n    c,\n)\n");
    fx_close(&f);

    fx_open(&f, PY, "from m import (\n    a  # x\n)\n");
    CHECK(dc_import_ensure(&f.ctx, &f.fix, "m", "b"));
    CHECK(dc_import_ensure(&f.ctx, &f.fix, "m", "c"));
    CHECK_EQ_STR(fx_apply(&f), "from m import (\n    a,  # x\n    b,\n    c\n)\n");
    fx_close(&f);
}

DC_TEST(py_new_statements_in_one_fix_combine) {
    fx f;
    fx_open(&f, PY, "import os\n\nx = 1\n");
    CHECK(dc_import_ensure(&f.ctx, &f.fix, "n", "a"));
    CHECK(dc_import_ensure(&f.ctx, &f.fix, "p", "z"));
    CHECK(dc_import_ensure(&f.ctx, &f.fix, "n", "b"));
    CHECK(dc_import_ensure(&f.ctx, &f.fix, "n", "a"));
    CHECK_EQ_INT(f.fix.nedits, 1);
    CHECK_EQ_STR(fx_apply(&f), "import os\nfrom n import a, b\nfrom p import z\n\nx = 1\n");
    fx_close(&f);

    /* the first import of a file, with the blank line that separates it from the code */
    fx_open(&f, PY, "x = 1\n");
    CHECK(dc_import_ensure(&f.ctx, &f.fix, "n", "a"));
    CHECK(dc_import_ensure(&f.ctx, &f.fix, "os", NULL));
    CHECK_EQ_STR(fx_apply(&f), "from n import a\nimport os\n\nx = 1\n");
    fx_close(&f);
}

/* A last line without a newline: the end of `a` is also where a new statement goes. */
DC_TEST(py_merge_and_new_statement_at_end_of_file) {
    fx f;
    fx_open(&f, PY, "from m import a");
    CHECK(dc_import_ensure(&f.ctx, &f.fix, "n", "x"));
    CHECK(dc_import_ensure(&f.ctx, &f.fix, "m", "b"));
    CHECK(dc_import_ensure(&f.ctx, &f.fix, "n", "y"));
    CHECK_EQ_STR(fx_apply(&f), "from m import a, b\nfrom n import x, y");
    fx_close(&f);
    fx_open(&f, PY, "from m import a");
    CHECK(dc_import_ensure(&f.ctx, &f.fix, "m", "b"));
    CHECK(dc_import_ensure(&f.ctx, &f.fix, "n", "x"));
    CHECK(dc_import_ensure(&f.ctx, &f.fix, "m", "c"));
    CHECK_EQ_STR(fx_apply(&f), "from m import a, b, c\nfrom n import x");
    fx_close(&f);
    /* the new statement is not a list continuation for removal either */
    fx_open(&f, PY, "from m import a, Old");
    CHECK(dc_import_ensure(&f.ctx, &f.fix, "n", "x"));
    CHECK(dc_import_remove_if_unused(&f.ctx, &f.fix, "m", "Old", NULL, 0));
    CHECK_EQ_STR(fx_apply(&f), "from m import a\nfrom n import x");
    fx_close(&f);
}

DC_TEST(py_same_request_in_two_fixes_gives_identical_edits) {
    fx f;
    fx_open(&f, PY, "import os\n");
    dc_fix other = {0};
    CHECK(dc_import_ensure(&f.ctx, &f.fix, "m", "a"));
    CHECK(dc_import_ensure(&f.ctx, &other, "m", "a"));
    CHECK_EQ_INT(f.fix.nedits, 1);
    CHECK_EQ_INT(other.nedits, 1);
    CHECK_EQ_INT(f.fix.edits[0].start, other.edits[0].start);
    CHECK_EQ_STR(f.fix.edits[0].text, other.edits[0].text);
    fx_close(&f);
}

DC_TEST(py_already_imported_is_a_noop) {
    ENSURE_NOOP(PY, "from m import a, c\n", "m", "c");
    ENSURE_NOOP(PY, "from m import c as c\n", "m", "c");
    ENSURE_NOOP(PY, "from m import (\n    a,\n    c,\n)\n", "m", "c");
    /* the optional-import idiom binds the name at module scope too */
    ENSURE_NOOP(PY, "try:\n    from m import c\nexcept ImportError:\n    c = None\n", "m", "c");
    ENSURE_NOOP(PY, "import os\n", "os", NULL);
    ENSURE_NOOP(PY, "import os.path\n", "os.path", NULL);
}

DC_TEST(py_module_import_does_not_import_a_name) {
    ENSURE(PY, "import m\n\nx = 1\n", "m", "c", "import m\nfrom m import c\n\nx = 1\n");
    /* `import numpy as np` does not bind `numpy` */
    ENSURE(PY, "import numpy as np\n", "numpy", NULL, "import numpy as np\nimport numpy\n");
    ENSURE(PY, "import sys\n", "os", NULL, "import sys\nimport os\n");
    /* a wildcard import is not merged into: the explicit import is added */
    ENSURE(PY, "from m import *\n", "m", "a", "from m import *\nfrom m import a\n");
}

DC_TEST(py_type_checking_import_is_not_a_runtime_import) {
    ENSURE(PY, "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from m import a\n", "m", "a",
           "from typing import TYPE_CHECKING\nfrom m import a\nif TYPE_CHECKING:\n    from m import a\n");
}

DC_TEST(py_other_binding_of_the_name_refuses) {
    ENSURE_REFUSED(PY, "from other import c\n", "m", "c");
    ENSURE_REFUSED(PY, "from m import x as c\n", "m", "c");
    ENSURE_REFUSED(PY, "def c():\n    pass\n", "m", "c");
    ENSURE_REFUSED(PY, "@decorate\nclass c:\n    pass\n", "m", "c");
    ENSURE_REFUSED(PY, "a, c = 1, 2\n", "m", "c");
    ENSURE_REFUSED(PY, "from x import os\n", "os", NULL);
}

/* ==== Python: placing a new statement ================================================== */

DC_TEST(py_new_statement_after_last_import) {
    ENSURE(PY, "import os\nimport sys\n\ndef f():\n    pass\n", "m", "a",
           "import os\nimport sys\nfrom m import a\n\ndef f():\n    pass\n");
    ENSURE(PY, "import os\nx = 1\nimport late  # noqa: E402\n\ny = 2\n", "m", "a",
           "import os\nx = 1\nimport late  # noqa: E402\nfrom m import a\n\ny = 2\n");
    ENSURE(PY, "from m import (\n    b,\n)\nfrom n import c\n", "o", "a",
           "from m import (\n    b,\n)\nfrom n import c\nfrom o import a\n");
    ENSURE(PY, "import os", "m", "a", "import os\nfrom m import a");
}

DC_TEST(py_new_statement_after_docstring_and_future) {
    ENSURE(PY, "\"\"\"Doc.\"\"\"\n\nx = 1\n", "m", "a", "\"\"\"Doc.\"\"\"\n\nfrom m import a\n\nx = 1\n");
    ENSURE(PY, "\"\"\"Doc.\"\"\"\nx = 1\n", "m", "a", "\"\"\"Doc.\"\"\"\nfrom m import a\n\nx = 1\n");
    ENSURE(PY, "\"\"\"Doc.\"\"\"\nfrom __future__ import annotations\n\nx = 1\n", "m", "a",
           "\"\"\"Doc.\"\"\"\nfrom __future__ import annotations\nfrom m import a\n\nx = 1\n");
    ENSURE(PY, "from __future__ import annotations\nx = 1\n", "m", "a",
           "from __future__ import annotations\nfrom m import a\nx = 1\n");
    ENSURE(PY, "\"\"\"Only a docstring.\"\"\"", "m", "a", "\"\"\"Only a docstring.\"\"\"\nfrom m import a");
}

DC_TEST(py_new_statement_in_a_file_without_imports) {
    ENSURE(PY, "x = 1\n", "m", "a", "from m import a\n\nx = 1\n");
    ENSURE(PY, "", "m", "a", "from m import a\n");
    ENSURE(PY, "\n\nx = 1\n", "m", "a", "from m import a\n\n\nx = 1\n");
}

DC_TEST(py_new_statement_after_bom_shebang_encoding_and_header) {
    ENSURE(PY, "\xEF\xBB\xBF#!/usr/bin/env python\nx = 1\n", "m", "a",
           "\xEF\xBB\xBF#!/usr/bin/env python\nfrom m import a\n\nx = 1\n");
    ENSURE(PY, "\xEF\xBB\xBFx = 1\n", "m", "a", "\xEF\xBB\xBF" "from m import a\n\nx = 1\n");
    ENSURE(PY, "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\nx = 1\n", "m", "a",
           "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\nfrom m import a\n\nx = 1\n");
    /* a comment right above code belongs to the code */
    ENSURE(PY, "# vim: set fileencoding=utf-8 :\n# the answer\nx = 42\n", "m", "a",
           "# vim: set fileencoding=utf-8 :\nfrom m import a\n\n# the answer\nx = 42\n");
    ENSURE(PY, "# the answer\nx = 42\n", "m", "a", "from m import a\n\n# the answer\nx = 42\n");
    /* a header block separated by a blank line stays on top */
    ENSURE(PY, "# Copyright 2024\n# License: MIT\n\nx = 1\n", "m", "a",
           "# Copyright 2024\n# License: MIT\n\nfrom m import a\n\nx = 1\n");
}

DC_TEST(py_new_statement_uses_crlf) {
    ENSURE(PY, "import os\r\n\r\nx = 1\r\n", "m", "a", "import os\r\nfrom m import a\r\n\r\nx = 1\r\n");
    ENSURE(PY, "x = 1\r\n", "m", "a", "from m import a\r\n\r\nx = 1\r\n");
    ENSURE(PY, "import os", "m", "a", "import os\nfrom m import a");
}

DC_TEST(py_ensure_refuses_error_regions) {
    /* the module's own import is broken: what it imports is unknown */
    ENSURE_REFUSED(PY, "from m import a b\n", "m", "c");
    /* the only place for a new statement is inside an ERROR region */
    ENSURE_REFUSED(PY, "import os\nx = (\n", "m", "a");
    /* an error elsewhere does not matter */
    ENSURE(PY, "from m import a\n\ndef f(:\n    pass\n", "m", "b", "from m import a, b\n\ndef f(:\n    pass\n");
}

/* ==== Python: removing ================================================================== */

DC_TEST(py_remove_first_middle_last) {
    REMOVE(PY, "from m import a, b, c\n\na(); c()\n", "m", "b", "from m import a, c\n\na(); c()\n");
    REMOVE(PY, "from m import a, b, c\n\na(); b()\n", "m", "c", "from m import a, b\n\na(); b()\n");
    REMOVE(PY, "from m import a, b, c\n\nb(); c()\n", "m", "a", "from m import b, c\n\nb(); c()\n");
    REMOVE(PY, "from m import (a, b,)\na()\n", "m", "b", "from m import (a,)\na()\n");
}

DC_TEST(py_remove_only_name_removes_the_line) {
    REMOVE(PY, "import os\nfrom m import a\n\nx = 1\n", "m", "a", "import os\n\nx = 1\n");
    REMOVE(PY, "import os\nfrom m import a  # noqa\nx = 1\n", "m", "a", "import os\nx = 1\n");
    REMOVE(PY, "import os\r\nfrom m import a\r\nx = 1\r\n", "m", "a", "import os\r\nx = 1\r\n");
    REMOVE(PY, "from m import (\n    a,\n)\nx = 1\n", "m", "a", "x = 1\n");
    REMOVE(PY, "x = 1\nfrom m import a", "m", "a", "x = 1\n");
}

DC_TEST(py_remove_from_vertical_list) {
    REMOVE(PY, "from m import (\n    a,\n    b,\n    c,\n)\n\na(); c()\n", "m", "b",
           "from m import (\n    a,\n    c,\n)\n\na(); c()\n");
    REMOVE(PY, "from m import (\n    a,\n    b,\n    c,\n)\n\na(); b()\n", "m", "c",
           "from m import (\n    a,\n    b,\n)\n\na(); b()\n");
    REMOVE(PY, "from m import (\n    a,\n    b,\n    c,\n)\n\nb(); c()\n", "m", "a",
           "from m import (\n    b,\n    c,\n)\n\nb(); c()\n");
    /* no trailing comma: the new last name gets none either */
    REMOVE(PY, "from m import (\n    a,\n    b\n)\n\na()\n", "m", "b", "from m import (\n    a\n)\n\na()\n");
    REMOVE(PY, "from m import (\n    a,  # keep me\n    b\n)\n\na()\n", "m", "b",
           "from m import (\n    a  # keep me\n)\n\na()\n");
    REMOVE(PY, "from m import (\n    a,\n    b,  # why b\n    c,\n)\n\na(); c()\n", "m", "b",
           "from m import (\n    a,\n    c,\n)\n\na(); c()\n");
}

DC_TEST(py_remove_keeps_used_names) {
    REMOVE_KEPT(PY, "from m import a\na()\n", "m", "a");
    REMOVE_KEPT(PY, "from m import a\nclass K(a):\n    pass\n", "m", "a");
    REMOVE_KEPT(PY, "from m import a\nprint(f\"{a}\")\n", "m", "a");
    /* re-exported, or used in a quoted annotation */
    REMOVE_KEPT(PY, "from m import a\n__all__ = [\"a\"]\n", "m", "a");
    REMOVE_KEPT(PY, "from m import a\ndef f(x: \"a\"):\n    pass\n", "m", "a");
    REMOVE_KEPT(PY, "from m import a\ndef f(x: \"list[a]\"):\n    pass\n", "m", "a");
    REMOVE_KEPT(PY, "from m import a as b\nb()\n", "m", "a");
    REMOVE_KEPT(PY, "import os.path\nos.getcwd()\n", "os.path", NULL);
}

DC_TEST(py_remove_ignores_attribute_and_keyword_names) {
    REMOVE(PY, "from m import a\nobj.a\nf(a=1)\n", "m", "a", "obj.a\nf(a=1)\n");
    REMOVE(PY, "from m import a as b, c\nc()\na = 1\n", "m", "a", "from m import c\nc()\na = 1\n");
}

DC_TEST(py_remove_module_imports) {
    REMOVE(PY, "import os, sys\nsys.exit()\n", "os", NULL, "import sys\nsys.exit()\n");
    REMOVE(PY, "import os; import sys\nsys.exit()\n", "os", NULL, "import sys\nsys.exit()\n");
    REMOVE(PY, "import sys; import os\nsys.exit()\n", "os", NULL, "import sys\nsys.exit()\n");
    REMOVE(PY, "import os.path\nx = 1\n", "os.path", NULL, "x = 1\n");
}

DC_TEST(py_remove_counts_no_references_in_deleted_ranges) {
    const char *src = "from m import a\nx = a()\n";
    fx f;
    fx_open(&f, PY, src);
    dc_range del = {(uint32_t)(strstr(src, "a()") - src), (uint32_t)(strstr(src, "a()") - src) + 3};
    CHECK(dc_import_remove_if_unused(&f.ctx, &f.fix, "m", "a", &del, 1));
    CHECK_EQ_STR(fx_apply(&f), "x = a()\n");
    fx_close(&f);
    /* without the range the reference counts */
    REMOVE_KEPT(PY, src, "m", "a");
}

DC_TEST(py_remove_several_names_in_one_fix) {
    fx f;
    fx_open(&f, PY, "from m import a, b, c\nc()\n");
    CHECK(dc_import_remove_if_unused(&f.ctx, &f.fix, "m", "a", NULL, 0));
    CHECK(dc_import_remove_if_unused(&f.ctx, &f.fix, "m", "b", NULL, 0));
    CHECK_EQ_STR(fx_apply(&f), "from m import c\nc()\n");
    fx_close(&f);

    fx_open(&f, PY, "from m import a, b, c\na()\n");
    CHECK(dc_import_remove_if_unused(&f.ctx, &f.fix, "m", "c", NULL, 0));
    CHECK(dc_import_remove_if_unused(&f.ctx, &f.fix, "m", "b", NULL, 0));
    CHECK(dc_import_remove_if_unused(&f.ctx, &f.fix, "m", "c", NULL, 0));
    CHECK_EQ_STR(fx_apply(&f), "from m import a\na()\n");
    fx_close(&f);

    fx_open(&f, PY, "import os\nfrom m import a, b, c\nx = 1\n");
    CHECK(dc_import_remove_if_unused(&f.ctx, &f.fix, "m", "c", NULL, 0));
    CHECK(dc_import_remove_if_unused(&f.ctx, &f.fix, "m", "a", NULL, 0));
    CHECK(dc_import_remove_if_unused(&f.ctx, &f.fix, "m", "b", NULL, 0));
    CHECK_EQ_STR(fx_apply(&f), "import os\nx = 1\n");
    fx_close(&f);
}

/* A fixer replacing Old with New from the same module calls both; either order must work. */
DC_TEST(py_replace_a_name_from_the_same_module) {
    static const char *const cases[][2] = {
        {"from m import Old\nNew()\n", "from m import New\nNew()\n"},
        {"from m import x, Old\nx(); New()\n", "from m import x, New\nx(); New()\n"},
        {"from m import (x, Old,)\nx(); New()\n", "from m import (x, New,)\nx(); New()\n"},
        {"from m import (\n    Old,\n)\nNew()\n", "from m import (\n    New,\n)\nNew()\n"},
        {"from m import (\n    Old\n)\nNew()\n", "from m import (\n    New\n)\nNew()\n"},
        {"from m import (\n    x,\n    Old\n)\nx(); New()\n", "from m import (\n    x,\n    New\n)\nx(); New()\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        fx f;
        fx_open(&f, PY, cases[i][0]);
        CHECK(dc_import_ensure(&f.ctx, &f.fix, "m", "New"));
        CHECK(dc_import_remove_if_unused(&f.ctx, &f.fix, "m", "Old", NULL, 0));
        CHECK_EQ_STR(fx_apply(&f), cases[i][1]);
        fx_close(&f);
    }
    /* removal first: the emptied statement goes and a new one takes its place */
    fx f;
    fx_open(&f, PY, "import os\nfrom m import Old\nNew()\n");
    CHECK(dc_import_remove_if_unused(&f.ctx, &f.fix, "m", "Old", NULL, 0));
    CHECK(dc_import_ensure(&f.ctx, &f.fix, "m", "New"));
    CHECK_EQ_STR(fx_apply(&f), "import os\nfrom m import New\nNew()\n");
    fx_close(&f);
    fx_open(&f, PY, "from m import x, Old\nx(); New()\n");
    CHECK(dc_import_remove_if_unused(&f.ctx, &f.fix, "m", "Old", NULL, 0));
    CHECK(dc_import_ensure(&f.ctx, &f.fix, "m", "New"));
    CHECK_EQ_STR(fx_apply(&f), "from m import x, New\nx(); New()\n");
    fx_close(&f);
}

DC_TEST(py_remove_refuses_error_regions) {
    fx f;
    fx_open(&f, PY, "from m import a b\n");
    CHECK(!dc_import_remove_if_unused(&f.ctx, &f.fix, "m", "a", NULL, 0));
    CHECK_EQ_INT(f.fix.nedits, 0);
    fx_close(&f);
    /* a possible use inside an ERROR node keeps the import */
    REMOVE_KEPT(PY, "from m import a\ndef f(:\n    a\n", "m", "a");
    REMOVE(PY, "from m import a, b\ndef f(:\n    a\n", "m", "b", "from m import a\ndef f(:\n    a\n");
}

/* ==== TypeScript / JavaScript: ensure ==================================================== */

DC_TEST(ts_merge_named_imports) {
    ENSURE(TS, "import { a } from \"m\";\n", "m", "b", "import { a, b } from \"m\";\n");
    ENSURE(TS, "import { a as x } from \"m\";\n", "m", "b", "import { a as x, b } from \"m\";\n");
    ENSURE(TS, "import { a, } from \"m\";\n", "m", "b", "import { a, b, } from \"m\";\n");
    ENSURE(TS, "import {\n  a,\n  b,\n} from \"m\";\n", "m", "c", "import {\n  a,\n  b,\n  c,\n} from \"m\";\n");
    ENSURE(TS, "import {\n  a,\n  b\n} from \"m\";\n", "m", "c", "import {\n  a,\n  b,\n  c\n} from \"m\";\n");
    ENSURE(TS, "import {\r\n\ta,\r\n} from \"m\";\r\n", "m", "c", "import {\r\n\ta,\r\n\tc,\r\n} from \"m\";\r\n");
    ENSURE(JS, "import { a } from 'm'\n", "m", "b", "import { a, b } from 'm'\n");
}

DC_TEST(ts_merge_default_import_gets_braces) {
    ENSURE(TS, "import D from \"m\";\n", "m", "b", "import D, { b } from \"m\";\n");
    ENSURE(TS, "import D, { a } from \"m\";\n", "m", "b", "import D, { a, b } from \"m\";\n");
    fx f;
    fx_open(&f, TS, "import D from \"m\";\n");
    CHECK(dc_import_ensure(&f.ctx, &f.fix, "m", "b"));
    CHECK(dc_import_ensure(&f.ctx, &f.fix, "m", "c"));
    CHECK(dc_import_ensure(&f.ctx, &f.fix, "m", "b"));
    CHECK_EQ_STR(fx_apply(&f), "import D, { b, c } from \"m\";\n");
    fx_close(&f);
}

DC_TEST(ts_unmergeable_imports_get_a_new_one) {
    ENSURE(TS, "import * as ns from \"m\";\n", "m", "b", "import * as ns from \"m\";\nimport { b } from \"m\";\n");
    ENSURE(TS, "import D, * as ns from \"m\";\n", "m", "b", "import D, * as ns from \"m\";\nimport { b } from \"m\";\n");
    ENSURE(TS, "import type { T } from \"m\";\n", "m", "b", "import type { T } from \"m\";\nimport { b } from \"m\";\n");
    ENSURE(TS, "import \"m\";\n", "m", "b", "import \"m\";\nimport { b } from \"m\";\n");
}

DC_TEST(ts_already_imported_or_bound) {
    ENSURE_NOOP(TS, "import { b } from \"m\";\n", "m", "b");
    ENSURE_NOOP(TS, "import { a, b as b } from \"m\";\n", "m", "b");
    ENSURE_NOOP(TS, "import \"side\";\n", "side", NULL);
    ENSURE_NOOP(TS, "import x from \"side\";\n", "side", NULL);
    ENSURE_REFUSED(TS, "import { b } from \"other\";\n", "m", "b");
    ENSURE_REFUSED(TS, "import { x as b } from \"m\";\n", "m", "b");
    ENSURE_REFUSED(TS, "import { type b } from \"m\";\n", "m", "b");
    ENSURE_REFUSED(TS, "import b from \"m\";\n", "m", "b");
    ENSURE_REFUSED(TS, "export const b = 1;\n", "m", "b");
    ENSURE_REFUSED(TS, "function b() {}\n", "m", "b");
    ENSURE_REFUSED(TS, "class b {}\n", "m", "b");
    ENSURE_REFUSED(TS, "const { x: b } = o;\n", "m", "b");
    /* a property named b binds nothing */
    ENSURE(TS, "const o = { b: 1 };\n", "m", "b", "import { b } from \"m\";\n\nconst o = { b: 1 };\n");
}

DC_TEST(ts_new_import_follows_file_style) {
    ENSURE(TS, "import x from 'x'\n\nconst y = 1\n", "m", "b", "import x from 'x'\nimport { b } from 'm'\n\nconst y = 1\n");
    ENSURE(TS, "import {a} from \"a\";\nimport x from \"x\";\n", "n", "b",
           "import {a} from \"a\";\nimport x from \"x\";\nimport {b} from \"n\";\n");
    ENSURE(TS, "import x from \"x\";\r\n\r\nx();\r\n", "m", "b", "import x from \"x\";\r\nimport { b } from \"m\";\r\n\r\nx();\r\n");
    ENSURE(TS, "import {\n  a,\n} from \"a\";\nx();\n", "m", "b", "import {\n  a,\n} from \"a\";\nimport { b } from \"m\";\nx();\n");
    /* no imports: the file's other statements decide semicolons, its strings the quotes */
    ENSURE(TS, "const s = 'x'\n", "m", "b", "import { b } from 'm'\n\nconst s = 'x'\n");
    ENSURE(TS, "", "m", "b", "import { b } from \"m\";\n");
}

DC_TEST(ts_new_import_after_shebang_directives_and_header) {
    ENSURE(TS, "#!/usr/bin/env node\n\"use strict\";\nconsole.log(1);\n", "m", "b",
           "#!/usr/bin/env node\n\"use strict\";\nimport { b } from \"m\";\n\nconsole.log(1);\n");
    ENSURE(TSX, "\"use client\";\n\nexport const A = () => <div />;\n", "m", "b",
           "\"use client\";\n\nimport { b } from \"m\";\n\nexport const A = () => <div />;\n");
    ENSURE(TS, "// Copyright 2024\n\nconsole.log(1);\n", "m", "b",
           "// Copyright 2024\n\nimport { b } from \"m\";\n\nconsole.log(1);\n");
    ENSURE(TS, "/* header\n * more\n */\n\nconsole.log(1);\n", "m", "b",
           "/* header\n * more\n */\n\nimport { b } from \"m\";\n\nconsole.log(1);\n");
    ENSURE(TS, "// explains the call\nconsole.log(1);\n", "m", "b",
           "import { b } from \"m\";\n\n// explains the call\nconsole.log(1);\n");
    ENSURE(TS, "\xEF\xBB\xBF" "console.log(1);\n", "m", "b", "\xEF\xBB\xBFimport { b } from \"m\";\n\nconsole.log(1);\n");
}

DC_TEST(ts_two_names_and_modules_in_one_fix) {
    fx f;
    fx_open(&f, TS, "import { a } from \"m\";\n");
    CHECK(dc_import_ensure(&f.ctx, &f.fix, "m", "b"));
    CHECK(dc_import_ensure(&f.ctx, &f.fix, "m", "c"));
    CHECK_EQ_STR(fx_apply(&f), "import { a, b, c } from \"m\";\n");
    fx_close(&f);
    fx_open(&f, TS, "import x from \"x\";\n");
    CHECK(dc_import_ensure(&f.ctx, &f.fix, "m", "b"));
    CHECK(dc_import_ensure(&f.ctx, &f.fix, "n", "c"));
    CHECK(dc_import_ensure(&f.ctx, &f.fix, "m", "d"));
    CHECK(dc_import_ensure(&f.ctx, &f.fix, "m", "b"));
    CHECK_EQ_STR(fx_apply(&f), "import x from \"x\";\nimport { b, d } from \"m\";\nimport { c } from \"n\";\n");
    fx_close(&f);
}

DC_TEST(ts_side_effect_import) {
    ENSURE(TS, "import x from \"x\";\n", "polyfill", NULL, "import x from \"x\";\nimport \"polyfill\";\n");
    ENSURE(JS, "const x = require(\"x\");\n", "polyfill", NULL, "const x = require(\"x\");\nrequire(\"polyfill\");\n");
}

DC_TEST(js_commonjs_uses_require) {
    ENSURE(JS, "const x = require(\"x\");\n\nx();\n", "m", "b",
           "const x = require(\"x\");\nconst { b } = require(\"m\");\n\nx();\n");
    ENSURE(JS, "const { a } = require(\"m\");\n", "m", "b", "const { a, b } = require(\"m\");\n");
    ENSURE(JS, "const {\n  a,\n} = require(\"m\");\n", "m", "b", "const {\n  a,\n  b,\n} = require(\"m\");\n");
    ENSURE(JS, "var x = require('x')\n", "m", "b", "var x = require('x')\nvar { b } = require('m')\n");
    ENSURE(JS, "\"use strict\";\nmodule.exports = 1;\n", "m", "b",
           "\"use strict\";\nconst { b } = require(\"m\");\n\nmodule.exports = 1;\n");
    /* `const m = require("m")` cannot take a name */
    ENSURE(JS, "const m = require(\"m\");\n", "m", "b", "const m = require(\"m\");\nconst { b } = require(\"m\");\n");
    ENSURE_NOOP(JS, "const { b } = require(\"m\");\n", "m", "b");
    ENSURE_REFUSED(JS, "const { b } = require(\"other\");\n", "m", "b");
    /* a .cjs file with nothing to go by yet */
    fx f;
    fx_open_path(&f, JS, "t.cjs", "console.log(1);\n");
    CHECK(dc_import_ensure(&f.ctx, &f.fix, "m", "b"));
    CHECK_EQ_STR(fx_apply(&f), "const { b } = require(\"m\");\n\nconsole.log(1);\n");
    fx_close(&f);
    /* an ES module that also requires something stays ES */
    ENSURE(JS, "import x from \"x\";\nconst y = require(\"y\");\n", "m", "b",
           "import x from \"x\";\nimport { b } from \"m\";\nconst y = require(\"y\");\n");
}

DC_TEST(ts_ensure_refuses_error_regions) {
    ENSURE_REFUSED(TS, "import { a b } from \"m\";\n", "m", "c");
    ENSURE(TS, "import { a } from \"m\";\nfunction f( {\n", "m", "c", "import { a, c } from \"m\";\nfunction f( {\n");
}

/* ==== TypeScript / JavaScript: remove ==================================================== */

DC_TEST(ts_remove_from_named_imports) {
    REMOVE(TS, "import { a, b, c } from \"m\";\na(); c();\n", "m", "b", "import { a, c } from \"m\";\na(); c();\n");
    REMOVE(TS, "import { a, b, c } from \"m\";\na(); b();\n", "m", "c", "import { a, b } from \"m\";\na(); b();\n");
    REMOVE(TS, "import { a, b, c } from \"m\";\nb(); c();\n", "m", "a", "import { b, c } from \"m\";\nb(); c();\n");
    REMOVE(TS, "import { a as z, b } from \"m\";\nb();\n", "m", "a", "import { b } from \"m\";\nb();\n");
    REMOVE(TS, "import {\n  a,\n  b,\n} from \"m\";\nb();\n", "m", "a", "import {\n  b,\n} from \"m\";\nb();\n");
    REMOVE(TS, "import {\n  a,\n  b\n} from \"m\";\na();\n", "m", "b", "import {\n  a\n} from \"m\";\na();\n");
}

DC_TEST(ts_remove_only_name_or_keep_default) {
    REMOVE(TS, "import { a } from \"m\";\nimport x from \"x\";\nx();\n", "m", "a", "import x from \"x\";\nx();\n");
    REMOVE(TS, "import D, { a } from \"m\";\nD();\n", "m", "a", "import D from \"m\";\nD();\n");
    REMOVE(TS, "import D, { a, b } from \"m\";\nD(b);\n", "m", "a", "import D, { b } from \"m\";\nD(b);\n");
    REMOVE(TS, "import { a } from \"m\"; import x from \"x\";\nx();\n", "m", "a", "import x from \"x\";\nx();\n");
    REMOVE(TS, "import \"polyfill\";\nx();\n", "polyfill", NULL, "x();\n");
}

DC_TEST(ts_remove_counts_the_right_references) {
    /* property names and object keys are not references */
    REMOVE(TS, "import { a } from \"m\";\nobj.a; ({ a: 1 });\n", "m", "a", "obj.a; ({ a: 1 });\n");
    /* re-exporting another module's `a` does not use ours */
    REMOVE(TS, "import { a } from \"m\";\nexport { a } from \"other\";\n", "m", "a", "export { a } from \"other\";\n");
    REMOVE_KEPT(TS, "import { a } from \"m\";\n({ a });\n", "m", "a");
    REMOVE_KEPT(TS, "import { T } from \"m\";\nlet x: T;\n", "m", "T");
    REMOVE_KEPT(TS, "import { a } from \"m\";\nexport { a };\n", "m", "a");
    REMOVE_KEPT(TS, "import { ns } from \"m\";\nlet x: ns.T;\n", "m", "ns");
    REMOVE_KEPT(TSX, "import { Foo } from \"m\";\nconst A = () => <Foo />;\n", "m", "Foo");
    REMOVE_KEPT(TS, "import { a as z } from \"m\";\nz();\n", "m", "a");
}

DC_TEST(ts_remove_deleted_ranges_and_errors) {
    const char *src = "import { a } from \"m\";\nconst x = a();\n";
    fx f;
    fx_open(&f, TS, src);
    dc_range del = {(uint32_t)(strstr(src, "a()") - src), (uint32_t)(strstr(src, "a()") - src) + 3};
    CHECK(dc_import_remove_if_unused(&f.ctx, &f.fix, "m", "a", &del, 1));
    CHECK_EQ_STR(fx_apply(&f), "const x = a();\n");
    fx_close(&f);

    fx_open(&f, TS, "import { a b } from \"m\";\n");
    CHECK(!dc_import_remove_if_unused(&f.ctx, &f.fix, "m", "b", NULL, 0));
    CHECK_EQ_INT(f.fix.nedits, 0);
    fx_close(&f);
}

DC_TEST(js_remove_from_require) {
    REMOVE(JS, "const { a, b } = require(\"m\");\nb();\n", "m", "a", "const { b } = require(\"m\");\nb();\n");
    REMOVE(JS, "const { a } = require(\"m\");\nconst x = 1;\n", "m", "a", "const x = 1;\n");
    REMOVE(JS, "const { a: z, b } = require(\"m\");\nb();\n", "m", "a", "const { b } = require(\"m\");\nb();\n");
    REMOVE_KEPT(JS, "const { a } = require(\"m\");\na();\n", "m", "a");
}

DC_TEST(ts_replace_a_name_from_the_same_module) {
    fx f;
    fx_open(&f, TS, "import { Old } from \"m\";\nNew();\n");
    CHECK(dc_import_ensure(&f.ctx, &f.fix, "m", "New"));
    CHECK(dc_import_remove_if_unused(&f.ctx, &f.fix, "m", "Old", NULL, 0));
    CHECK_EQ_STR(fx_apply(&f), "import { New } from \"m\";\nNew();\n");
    fx_close(&f);
    fx_open(&f, JS, "const { Old } = require(\"m\");\nNew();\n");
    CHECK(dc_import_ensure(&f.ctx, &f.fix, "m", "New"));
    CHECK(dc_import_remove_if_unused(&f.ctx, &f.fix, "m", "Old", NULL, 0));
    CHECK_EQ_STR(fx_apply(&f), "const { New } = require(\"m\");\nNew();\n");
    fx_close(&f);
}

/* ==== fresh names ========================================================================= */

static const char *fresh(fx *f, const char *marker, const char *base, const char *prefix, const char *const *taken,
                         uint32_t ntaken) {
    const char *at = strstr(f->src->data, marker);
    return dc_fresh_name(&f->ctx, at ? (uint32_t)(at - f->src->data) : 0, base, prefix, taken, ntaken);
}

DC_TEST(fresh_name_python) {
    fx f;
    fx_open(&f, PY, "def f():\n    x = 1\n    HERE = 2\n");
    CHECK_EQ_STR(fresh(&f, "HERE", "session", "devcaster", NULL, 0), "session");
    fx_close(&f);

    fx_open(&f, PY, "def f():\n    session = 1\n    HERE = 2\n");
    CHECK_EQ_STR(fresh(&f, "HERE", "session", "devcaster", NULL, 0), "devcaster_session");
    CHECK_EQ_STR(fresh(&f, "HERE", "session", NULL, NULL, 0), "session_2");
    fx_close(&f);

    fx_open(&f, PY, "def f(session):\n    devcaster_session = 1\n    HERE = 2\n");
    CHECK_EQ_STR(fresh(&f, "HERE", "session", "devcaster", NULL, 0), "session_2");
    const char *taken[] = {"session_2", "session_3"};
    CHECK_EQ_STR(fresh(&f, "HERE", "session", "devcaster", taken, 2), "session_4");
    fx_close(&f);

    /* a name only read in the scope may be a global the new binding would shadow */
    fx_open(&f, PY, "def f():\n    print(session)\n    HERE = 2\n");
    CHECK_EQ_STR(fresh(&f, "HERE", "session", NULL, NULL, 0), "session_2");
    fx_close(&f);

    /* ... also when only a nested function reads it */
    fx_open(&f, PY, "def f():\n    HERE = 2\n    def g():\n        return session\n");
    CHECK_EQ_STR(fresh(&f, "HERE", "session", NULL, NULL, 0), "session_2");
    fx_close(&f);

    /* another function's locals, attributes and keyword names do not count */
    fx_open(&f, PY, "def g():\n    session = 1\n\ndef f():\n    self.session = 1\n    h(session=2)\n    HERE = 3\n");
    CHECK_EQ_STR(fresh(&f, "HERE", "session", "devcaster", NULL, 0), "session");
    CHECK_EQ_STR(fresh(&f, "session = 1", "session", "devcaster", NULL, 0), "devcaster_session");
    fx_close(&f);

    /* module scope sees the whole file */
    fx_open(&f, PY, "HERE = 1\ndef g():\n    session = 1\n");
    CHECK_EQ_STR(fresh(&f, "HERE", "session", NULL, NULL, 0), "session_2");
    fx_close(&f);

    fx_open(&f, PY, "class K:\n    session = 1\n    def m(self):\n        HERE = 1\n");
    CHECK_EQ_STR(fresh(&f, "HERE", "session", NULL, NULL, 0), "session");
    fx_close(&f);
}

DC_TEST(fresh_name_typescript) {
    fx f;
    fx_open(&f, TS, "function f() {\n  const session = 1;\n}\nfunction g() {\n  HERE();\n}\n");
    CHECK_EQ_STR(fresh(&f, "HERE", "session", "devcaster", NULL, 0), "session");
    CHECK_EQ_STR(fresh(&f, "const session", "session", "devcaster", NULL, 0), "devcaster_session");
    fx_close(&f);

    fx_open(&f, TS, "const g = async (session: S) => {\n  HERE();\n};\nclass K { session = 1; m() { HERE2(); } }\n");
    CHECK_EQ_STR(fresh(&f, "HERE()", "session", NULL, NULL, 0), "session_2");
    /* a class field is a property, not a binding */
    CHECK_EQ_STR(fresh(&f, "HERE2", "session", NULL, NULL, 0), "session");
    fx_close(&f);

    fx_open(&f, TS, "function f({ session }: Opts) {\n  try { HERE(); } catch (session_2) {}\n}\n");
    CHECK_EQ_STR(fresh(&f, "HERE", "session", NULL, NULL, 0), "session_3");
    fx_close(&f);
}

DC_TEST_MAIN
