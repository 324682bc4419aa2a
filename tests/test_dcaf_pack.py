#!/usr/bin/env python3
"""The DCAF session pack as a whole (ctest: test_dcaf_pack, issue 17): every dcaf-* rule is listed
and explained with the framework commit it was checked at; `kind: analyser` rules are validated
like the others; suppressions, --select and the JSON report work for them; the fixes are verified
like any other; files without DCAF produce nothing. Rule behaviour
itself is in tests/fixtures/dcaf-*/ and tests/fixtures/e2e-dcaf/."""
import json
import os
import sys
import unittest

import testlib
from testlib import Tree

BIN = None
COMMIT = "ff5abc42ee161a754bc4826fed241232c55dc122"
RULES = ["dcaf-tool-session-param", "dcaf-agent-signature", "dcaf-async-misuse", "dcaf-result-session-object",
         "dcaf-session-dropped", "dcaf-typed-copy-not-stored", "dcaf-nested-dataclass", "dcaf-non-json-value",
         "dcaf-session-secret", "dcaf-request-session-reassigned", "dcaf-interceptor-no-return",
         "dcaf-session-iteration", "dcaf-session-ctor-args", "dcaf-response-session-dict", "dcaf-v1-tool-decorator"]

HANDLER = ('from dcaf.core import AgentResult, Session, serve\n\n\n'
           'def agent(messages, context, session: Session) -> AgentResult:\n'
           '    for key in session:\n'
           '        print(key)\n'
           '    return AgentResult(text="ok", session=session)\n\n\n'
           'serve(agent)\n')


def dc(*args, cwd=None):
    return testlib.run(BIN, *args, cwd=cwd)


def rules_of(out):
    return sorted(f["rule"] for f in json.loads(out)["findings"])


class TestPack(unittest.TestCase):
    def test_listed_and_explained_with_the_commit(self):
        _, out, _ = dc("--list-rules")
        listed = {line.split()[0] for line in out.splitlines()[1:] if line.strip()}
        for rid in RULES:
            self.assertIn(rid, listed)
            code, text, err = dc("--explain", rid)
            self.assertEqual(code, 0, err)
            self.assertIn(COMMIT, text, rid)

    def test_findings_and_fixes_in_json(self):
        with Tree({"app.py": HANDLER}) as d:
            code, out, _ = dc("--format", "json", "--no-config", "app.py", cwd=d)
            self.assertEqual(rules_of(out), ["dcaf-result-session-object", "dcaf-session-iteration"])
            fixes = [f.get("fix") for f in json.loads(out)["findings"]]
            self.assertTrue(all(fx and fx["applicability"] == "safe" for fx in fixes), fixes)
            dc("--fix", "--no-config", "app.py", cwd=d)
            with open(os.path.join(d, "app.py")) as f:
                fixed = f.read()
            self.assertIn("for key in session.keys():", fixed)
            self.assertIn('session=session.to_dict())', fixed)
            _, out, _ = dc("--format", "json", "--no-config", "app.py", cwd=d)
            self.assertEqual(rules_of(out), [])

    def test_suppression_and_select(self):
        src = HANDLER.replace("    for key in session:\n", "    for key in session:  # dcmigrate: ignore[dcaf-session-iteration]\n")
        with Tree({"app.py": src}) as d:
            _, out, _ = dc("--format", "json", "--no-config", "app.py", cwd=d)
            self.assertEqual(rules_of(out), ["dcaf-result-session-object"])
            _, out, _ = dc("--format", "json", "--no-config", "--ignore", "dcaf-result-session-object", "app.py", cwd=d)
            self.assertEqual(rules_of(out), [])

    def test_no_dcaf_no_findings(self):
        # the same code with a home-made Session and serve: nothing is a DCAF symbol
        src = HANDLER.replace("from dcaf.core import AgentResult, Session, serve",
                              "from myapp.agents import AgentResult, Session, serve")
        with Tree({"app.py": src}) as d:
            _, out, _ = dc("--format", "json", "--no-config", "app.py", cwd=d)
            self.assertEqual(rules_of(out), [])
            _, out, _ = dc("--format", "json", "--no-config", "--no-prefilter", "app.py", cwd=d)
            self.assertEqual(rules_of(out), [])

    def test_syntax_error_nearby(self):
        # the finding is still made; the fix edits only outside the broken region and is kept
        src = HANDLER.replace('session=session)\n', 'session=session, @)\n')
        with Tree({"app.py": src}) as d:
            _, out, err = dc("--format", "json", "--no-config", "--select", "dcaf-result-session-object", "app.py", cwd=d)
            self.assertIn("syntax error", err)
            self.assertEqual(rules_of(out), ["dcaf-result-session-object"])
            dc("--fix", "--no-config", "--select", "dcaf-result-session-object", "app.py", cwd=d)
            with open(os.path.join(d, "app.py")) as f:
                self.assertEqual(f.read(), src.replace("session=session, @)", "session=session.to_dict(), @)"))

    def test_deep_nesting_stays_linear(self):
        # ts_node_parent walks down from the root in tree-sitter (0.20.7 and 0.25): the pack never walks up
        # to find a scope (a 40,000-deep expression took minutes that way); a hang guard, not a timing
        n = 40000
        src = ("from dcaf.core import Session, serve\n\n\ndef h(messages, context, session: Session):\n"
               "    session.set('a', 1)\n    for k in " + "(" * n + "session" + ")" * n + ":\n"
               "        print(k)\n    return 'done'\n\n\nserve(h)\n")
        with Tree({"deep.py": src}) as d:
            _, out, _ = testlib.run(BIN, "--format", "json", "--no-config", "deep.py", cwd=d, timeout=120)
            self.assertEqual(rules_of(out), ["dcaf-session-dropped", "dcaf-session-iteration"])

    def test_analyser_rule_needs_prefilter(self):
        rule = ("id: my-analyser\nkind: analyser\nseverity: warning\nmessage: m\nnote: n\n")
        with Tree({"rules/my-analyser.yml": rule, "app.py": "x = 1\n"}) as d:
            code, _, err = dc("--rules", "rules", "--no-config", "app.py", cwd=d)
            self.assertEqual(code, 2)
            self.assertIn("prefilter", err)


def main():
    return testlib.main(globals(), (TestPack,))


if __name__ == "__main__":
    sys.exit(main())
