/* apply/unbound.h: the "no name left unbound" check (issue 16, item 14): which uses of a name
 * nothing binds, in Python and TypeScript/JavaScript, and the before/after comparison. */
#include <stdlib.h>

#include "apply/unbound.h"
#include "check.h"
#include "parsed.h"
#include "syntax/lang.h"

/* The number of unbound uses of `name` in `code` (-1: the name is bound nowhere). */
static int unbound(dc_lang lang, const char *code, const char *name) {
    parsed p = parse(lang, code);
    uint32_t n, first;
    bool bound;
    bool ok = dc_unbound_count(p.src, p.tree, name, &n, &bound, &first);
    release(&p);
    if (!ok) return -2;
    return bound ? (int)n : -1;
}

#define PY DC_LANG_PYTHON
#define TS DC_LANG_TYPESCRIPT

DC_TEST(python_imports_and_order) {
    CHECK_EQ_INT(unbound(PY, "import os\nprint(os.getcwd())\n", "os"), 0);
    CHECK_EQ_INT(unbound(PY, "print(os.getcwd())\nimport os\n", "os"), 1);   /* an import after the use */
    CHECK_EQ_INT(unbound(PY, "def f():\n    return os.sep\nimport os\n", "os"), 0); /* runs later */
    CHECK_EQ_INT(unbound(PY, "import a.b\na.b.c()\n", "a"), 0);
    CHECK_EQ_INT(unbound(PY, "from m import x as y\ny()\nx()\n", "y"), 0);
    CHECK_EQ_INT(unbound(PY, "from m import x as y\ny()\nx()\n", "x"), -1); /* x is bound nowhere */
    CHECK_EQ_INT(unbound(PY, "from m import *\nprint(os)\nos = 1\n", "os"), -2); /* a wildcard: not checked */
    CHECK_EQ_INT(unbound(PY, "print(len([]))\n", "len"), -1);
}

DC_TEST(python_branches) {
    const char *branch = "def f(c, u):\n"
                         "    if c:\n"
                         "        session = make(u)\n"
                         "        a = session.tools()\n"
                         "    else:\n"
                         "        b = session.tools()\n";
    CHECK_EQ_INT(unbound(PY, branch, "session"), 1);
    const char *before = "def f(c, u):\n"
                         "    session = make(u)\n"
                         "    if c:\n"
                         "        a = session.tools()\n"
                         "    else:\n"
                         "        b = session.tools()\n";
    CHECK_EQ_INT(unbound(PY, before, "session"), 0);
    CHECK_EQ_INT(unbound(PY, "for x in xs:\n    print(x)\n", "x"), 0);
    CHECK_EQ_INT(unbound(PY, "with open(p) as fh:\n    fh.read()\n", "fh"), 0);
    CHECK_EQ_INT(unbound(PY, "try:\n    pass\nexcept E as err:\n    print(err)\n", "err"), 0);
    CHECK_EQ_INT(unbound(PY, "ys = [x * 2 for x in xs]\n", "x"), 0);
    CHECK_EQ_INT(unbound(PY, "if (n := f()):\n    print(n)\n", "n"), 0);
    CHECK_EQ_INT(unbound(PY, "a, (b, c) = t\nprint(a, b, c)\n", "c"), 0);
}

DC_TEST(python_scopes) {
    CHECK_EQ_INT(unbound(PY, "def f(user_id, *args, k=1, **kw):\n    return user_id, args, k, kw\n", "kw"), 0);
    CHECK_EQ_INT(unbound(PY, "def f():\n    x = 1\ndef g():\n    return x\n", "x"), 1); /* another function's local */
    CHECK_EQ_INT(unbound(PY, "class A:\n    x = 1\n    y = x\n    def m(self):\n        return x\n", "x"), 1);
    CHECK_EQ_INT(unbound(PY, "x = 0\ndef f():\n    global x\n    x = 1\n    return x\n", "x"), 0);
    CHECK_EQ_INT(unbound(PY, "f(key=1)\nkey = 2\n", "key"), 0); /* a keyword is not a use */
    CHECK_EQ_INT(unbound(PY, "o.attr\nattr = 1\n", "attr"), 0); /* nor is an attribute */
    CHECK_EQ_INT(unbound(PY, "g = lambda v: v + 1\n", "v"), 0);
}

DC_TEST(typescript_scopes) {
    CHECK_EQ_INT(unbound(TS, "const x = os.cpus();\nimport os from 'node:os';\n", "os"), 0); /* hoisted */
    CHECK_EQ_INT(unbound(TS, "import { a as b } from 'm';\nb();\n", "b"), 0);
    const char *branch = "async function f(c: boolean, u: string) {\n"
                         "  if (c) {\n"
                         "    const session = await make(u);\n"
                         "    await session.tools();\n"
                         "  } else {\n"
                         "    await session.tools();\n"
                         "  }\n"
                         "}\n";
    CHECK_EQ_INT(unbound(TS, branch, "session"), 1);
    CHECK_EQ_INT(unbound(TS, "console.log(s);\nconst s = 1;\n", "s"), 1); /* the temporal dead zone */
    CHECK_EQ_INT(unbound(TS, "function g() { return s; }\nconst s = 1;\n", "s"), 0);
    CHECK_EQ_INT(unbound(TS, "function f() { var v = 1; }\nf(); v;\n", "v"), 1);
    CHECK_EQ_INT(unbound(TS, "const { a, b: c } = o;\nuse(a, c);\n", "c"), 0);
    CHECK_EQ_INT(unbound(TS, "const { a, b: c } = o;\nuse(a, c);\n", "b"), -1);
    CHECK_EQ_INT(unbound(TS, "for (const item of items) { use(item); }\n", "item"), 0);
    CHECK_EQ_INT(unbound(TS, "try { x(); } catch (err) { log(err); }\n", "err"), 0);
    CHECK_EQ_INT(unbound(TS, "const f = (p: number) => p + 1;\nconst g = q => q;\n", "q"), 0);
    CHECK_EQ_INT(unbound(TS, "const tools = 1;\nconst o = { tools };\n", "tools"), 0);
    CHECK_EQ_INT(unbound(TS, "const o = { tools };\nconst tools = 1;\n", "tools"), 1);
    CHECK_EQ_INT(unbound(TS, "hoisted();\nfunction hoisted() {}\n", "hoisted"), 0);
    CHECK_EQ_INT(unbound(TS, "o.session = 1; let session = 2;\n", "session"), 0); /* a property */
}

DC_TEST(before_and_after) {
    parsed b = parse(PY, "import os\nimport json\nprint(os.getcwd())\n");
    parsed a = parse(PY, "pass\nimport json\nprint(os.getcwd())\n");
    dc_unbound_names names = {0};
    dc_unbound_names_add(&names, "import os", 9);
    CHECK_EQ_INT(names.v.len, 2);
    dc_unbound_hit hit = {0};
    dc_unbound_measure(&names, b.src, b.tree);
    CHECK(dc_unbound_new(&names, &names, a.src, a.tree, &hit));
    CHECK(hit.name && strcmp(hit.name, "os") == 0);
    CHECK_EQ_INT(hit.line, 3);
    /* the other way round a name gets bound: nothing to say */
    dc_unbound_measure(&names, a.src, a.tree);
    CHECK(!dc_unbound_new(&names, &names, b.src, b.tree, &hit));
    dc_unbound_names_free(&names);
    /* a member after `.` is not a name */
    dc_unbound_names_add(&names, "session.tools(x . y)", 20);
    CHECK_EQ_INT(names.v.len, 2);
    dc_unbound_names_free(&names);
    release(&a);
    release(&b);
}

DC_TEST_MAIN
