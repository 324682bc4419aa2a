#!/usr/bin/env python3
"""scripts/check-structure finds each kind of layout problem it promises to (ctest:
test_check_structure), on small synthetic trees, and passes a clean one."""
import argparse
import os
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = os.path.join(ROOT, "scripts", "check-structure")
SOURCES = "set(DC_LAYERS common syntax fixes)\n"


def body(name, n):
    lines = [f"int {name}(int x) {{"] + [f"    x += {i} * x;" for i in range(n)] + ["    return x;", "}", ""]
    return "\n".join(lines)


class CheckStructure(unittest.TestCase):
    def tree(self, files):
        d = tempfile.mkdtemp(prefix="dc-structure-")
        os.makedirs(os.path.join(d, "cmake"))
        with open(os.path.join(d, "cmake", "sources.cmake"), "w") as f:
            f.write(SOURCES)
        for rel, text in files.items():
            os.makedirs(os.path.join(d, os.path.dirname(rel)), exist_ok=True)
            with open(os.path.join(d, rel), "w") as f:
                f.write(text)
        r = subprocess.run([sys.executable, SCRIPT, "--root", d], capture_output=True, text=True)
        return r.returncode, r.stdout

    def test_clean_tree_passes(self):
        rc, out = self.tree({"common/a.h": "int a(void);\n", "common/a.c": '#include "common/a.h"\n' + body("a", 5),
                             "syntax/b.c": '#include "common/a.h"\n' + body("b", 5)})
        self.assertEqual((rc, out), (0, ""))

    def test_upward_include(self):
        rc, out = self.tree({"common/a.c": '#include "fixes/f.h"\n', "fixes/f.h": "\n"})
        self.assertEqual(rc, 1)
        self.assertIn("common/a.c:1: includes fixes/f.h: layer fixes/ is above common/", out)

    def test_cycle_between_modules(self):
        rc, out = self.tree({"fixes/a.h": '#include "fixes/b.h"\n', "fixes/b.c": '#include "fixes/a.h"\n',
                             "fixes/b.h": "\n"})
        self.assertIn("include cycle between modules: fixes/a -> fixes/b", out)

    def test_private_header_from_another_folder(self):
        rc, out = self.tree({"fixes/x.c": '#include "syntax/t_p.h"\n', "syntax/t_p.h": "\n"})
        self.assertIn("fixes/x.c:1: includes the private header syntax/t_p.h from another folder", out)

    def test_long_file_and_function(self):
        rc, out = self.tree({"fixes/big.c": body("big", 100) + "\n" * 850})
        self.assertIn("fixes/big.c: ", out)
        self.assertIn("lines (limit 900)", out)
        self.assertIn("fixes/big.c:1: function big is 103 lines", out)

    def test_straight_line_comment_allows_a_long_function(self):
        rc, out = self.tree({"fixes/t.c": "/* straight-line: one table entry per line */\n" + body("t", 100)})
        self.assertEqual((rc, out), (0, ""))

    def test_copied_run(self):
        run = body("c", 12)
        rc, out = self.tree({"fixes/one.c": run, "syntax/two.c": run.replace("int c(", "int d(")})
        self.assertIn("10 lines identical to", out)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin")  # ctest passes it to every tests/test_*.py; unused here
    args, rest = ap.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest)
