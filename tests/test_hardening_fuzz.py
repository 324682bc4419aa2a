#!/usr/bin/env python3
"""Issue 14, item 11 (ctest: test_hardening_fuzz): what the fuzzers found, as behaviour of dcmigrate.

  - A rule query with a quantifier on a pattern that is already quantified (`(x)**`, `(x)* @c *`,
    `((x)*)*`, `(x)?*`, `(x)??`, `(x)*?`) made tree-sitter 0.20.7's ts_query_new spin for 10-30 s
    of CPU or crash (fuzz_rules, fuzz/regressions/fuzz_rules/*stacked-quantifiers.yml). A rule
    file can come from the scanned repository, so such a query is refused before it is compiled:
    exit 2, the rule file's line and column, quickly; a single quantifier still works. The
    vendored 0.25 runtime compiles them quickly (ruleset/compile.c); the refusal is kept.
  (The report writers' findings are replayed by ctest's fuzz_replay_fuzz_report.)

  tests/test_hardening_fuzz.py --bin build/dcmigrate [-k PATTERN]
"""
import os
import resource
import sys
import tempfile
import unittest

import testlib

BIN = None
PY = "x = 1\n"
RULE = ("id: stacked\nseverity: warning\nsummary: s\nmessage: m\nnote: n\nmatch:\n  - language: python\n"
        "    query: |\n      {query}\n")


def cpu_guard():
    # hang guard, not a timing: the unfixed build spends 10-30 s of CPU per such query
    resource.setrlimit(resource.RLIMIT_CPU, (20, 20))


def dct(*args, cwd=None):
    return testlib.run(BIN, *args, cwd=cwd, timeout=300, preexec=cpu_guard)


class TestStackedQuantifiers(unittest.TestCase):
    def run_rule(self, query):
        with tempfile.TemporaryDirectory() as d:
            os.mkdir(os.path.join(d, "rules"))
            with open(os.path.join(d, "rules", "x.yml"), "w") as f:
                f.write(RULE.format(query=query))
            with open(os.path.join(d, "a.py"), "w") as f:
                f.write(PY)
            return dct("--rules", "rules", "--select", "stacked", "a.py", cwd=d)

    def test_refused_with_location(self):
        cases = {  # query -> column of the second quantifier (the query starts at column 7)
            "((identifier)** @match)": 21,
            "((identifier) @match * *)": 30,
            "(((identifier)*)* @match)": 23,
            "((identifier)?* @match)": 21,
            "(module (identifier)??) @match": 28,
            "(module (identifier)*?) @match": 28,
        }
        for query, col in cases.items():
            with self.subTest(query=query):
                code, out, err = self.run_rule(query)
                self.assertEqual(code, 2, err)
                self.assertIn(f"rules/x.yml:9:{col}: invalid query for python: a quantifier on a pattern "
                              "that is already quantified", err)
                self.assertNotIn("AddressSanitizer", err)

    def test_single_quantifiers_still_work(self):
        for query in ("((identifier)* @match)", "(module (_)* . (_)? @match)", "(module _ * @match)",
                      "((identifier) @match (#eq? @match \"x\"))", "((identifier)* @match @a?)"):
            with self.subTest(query=query):
                code, out, err = self.run_rule(query)
                self.assertEqual(code, 1, err)
                self.assertIn("a.py:1:1: warning[stacked] m", out)


def main():
    return testlib.main(globals(), (TestStackedQuantifiers,), verbosity=2)


if __name__ == "__main__":
    sys.exit(main())
