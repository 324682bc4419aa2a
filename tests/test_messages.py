#!/usr/bin/env python3
"""Messages people can trust (ctest: test_messages; issue 16 item 15): one finding per call, in
the file's language, and explanations that say what the rules do.

Over every fixture input (tests/fixtures/ as one tree), every project fixture (tests/projects/*/tree)
and the example project, with every rule on (as users run it, not --select):
  one-per-call    no two findings share a call node: the same file and start byte (two rules that
                  match one shape: the rule that `owns:` the other reports it, rules/*.yml);
  ts-language     no finding on a .ts/.tsx/.js/.mjs/.cjs/.mts file shows Python-only forms in its
                  message or its fix's message (`user_id=`, `def `, `None`, `True`, `False`,
                  snake_case SDK names such as `handle_tool_calls`, `auth_config_id`, `entity_id`);
  py-language     no finding on a .py file carries a "(TypeScript: ...)" aside.
And the ownership itself: a legacy `toolset.triggers.subscribe(fn, { appName })` is reported once,
by legacy-trigger-listener, whose --explain says so; with that rule off, trigger-unsupported
reports the call (ownership only removes a duplicate, never a finding); `message_typescript`
is the message in TypeScript files and `message` in Python ones.

  tests/test_messages.py --bin build/dcmigrate

Cost: four report runs over the trees (about 1 s of CPU in all) and a few small runs.
"""
import collections
import json
import os
import re
import sys
import unittest

from testlib import Tree, main, run

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BIN = None
TS_EXT = (".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts")
PY_ONLY = re.compile(r"\buser_id\s*=|\bdef |\bNone\b|\bTrue\b|\bFalse\b|\bhandle_tool_calls\b|\bauth_config_id\b|"
                     r"\bentity_id\b|\bintegration_id\b|\btoolkit_versions\b|\bfrom [\w.]+ import\b")


def dc(*args, cwd=None):
    return run(BIN, *args, cwd=cwd, env={"DCMIGRATE_NO_PROJECT": ""})


def findings(tree):
    _, out, err = dc("--format", "json", "--no-config", ".", cwd=tree)
    try:
        return json.loads(out)["findings"]
    except (ValueError, KeyError):
        raise AssertionError(f"no JSON report for {tree}: {err[-2000:]}")


def trees():
    yield os.path.join(HERE, "fixtures")
    yield os.path.join(ROOT, "examples")
    projects = os.path.join(HERE, "projects")
    for name in sorted(os.listdir(projects)):
        t = os.path.join(projects, name, "tree")
        if os.path.isdir(t):
            yield t


def texts(f):
    fix = f.get("fix") or {}
    return [f.get("message") or "", fix.get("message") or ""]


class TestEveryFixture(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.results = [(t, findings(t)) for t in trees()]

    def test_one_finding_per_call(self):
        bad = []
        for tree, fs in self.results:
            at = collections.defaultdict(list)
            for f in fs:
                at[(f["path"], f["start_byte"])].append(f["rule"])
            bad += [f"{os.path.relpath(tree, ROOT)}/{p}:{b} {rules}" for (p, b), rules in at.items() if len(rules) > 1]
        self.assertEqual(bad, [], "calls reported by more than one rule")

    def test_typescript_findings_show_no_python(self):
        bad = []
        for tree, fs in self.results:
            for f in fs:
                if not f["path"].endswith(TS_EXT):
                    continue
                for t in texts(f):
                    m = PY_ONLY.search(t)
                    if m:
                        bad.append(f"{os.path.relpath(tree, ROOT)}/{f['path']}:{f['line']} [{f['rule']}] `{m.group(0)}` in: {t}")
        self.assertEqual(bad, [], "Python forms in findings on TypeScript/JavaScript files")

    def test_python_findings_have_no_typescript_aside(self):
        bad = []
        for tree, fs in self.results:
            for f in fs:
                if f["path"].endswith((".py", ".pyi")) and any("(TypeScript:" in t for t in texts(f)):
                    bad.append(f"{f['path']}:{f['line']} [{f['rule']}]")
        self.assertEqual(bad, [])

    def test_the_trees_have_findings(self):  # (the checks above must see something to check)
        total = sum(len(fs) for _, fs in self.results)
        ts = sum(1 for _, fs in self.results for f in fs if f["path"].endswith(TS_EXT))
        self.assertGreater(total, 500)
        self.assertGreater(ts, 100)


SUBSCRIBE = ('import { OpenAIToolSet } from "composio-core";\n\n'
             'const toolset = new OpenAIToolSet();\n\n'
             'toolset.triggers.subscribe((data) => console.log(data), { appName: "github", triggerName: "X" });\n'
             'toolset.handleToolCall(response);\n')
HANDLE_PY = ('from composio_openai import ComposioToolSet\n\n'
             'toolset = ComposioToolSet()\n'
             'toolset.handle_tool_calls(response)\n')


class TestOwnership(unittest.TestCase):
    def setUp(self):
        self.tree = Tree({"sub.js": SUBSCRIBE, "handle.py": HANDLE_PY}, prefix="dc-messages-")
        self.dir = self.tree.dir

    def tearDown(self):
        self.tree.__exit__()

    def rules_at(self, name, *extra):
        _, out, err = dc("--format", "json", "--no-config", *extra, name, cwd=self.dir)
        return [(f["rule"], f["line"], f["message"]) for f in json.loads(out)["findings"]]

    def test_owner_reports_once(self):
        got = [r for r, line, _ in self.rules_at("sub.js") if line == 5]
        self.assertEqual(got, ["legacy-trigger-listener"])

    def test_the_owned_rule_reports_when_the_owner_is_off(self):
        got = [r for r, line, _ in self.rules_at("sub.js", "--ignore", "legacy-trigger-listener") if line == 5]
        self.assertEqual(got, ["trigger-unsupported"])

    def test_explain_says_who_reports(self):
        _, owner, _ = dc("--explain", "legacy-trigger-listener")
        _, owned, _ = dc("--explain", "trigger-unsupported")
        self.assertIn("Where `trigger-unsupported` matches the same call, only this rule reports it.", owner)
        self.assertIn("Where `legacy-trigger-listener` matches the same call, only that rule reports it", owned)
        self.assertIn("legacy-trigger-listener instead", owned)  # the note says it too

    def test_message_in_the_files_language(self):
        js = [m for r, _, m in self.rules_at("sub.js") if r == "legacy-handle-tool-calls"]
        py = [m for r, _, m in self.rules_at("handle.py") if r == "legacy-handle-tool-calls"]
        self.assertEqual(len(js), 1)
        self.assertEqual(len(py), 1)
        self.assertIn("handleToolCalls(userId, response)", js[0])
        self.assertNotIn("user_id", js[0])
        self.assertIn("handle_tool_calls(user_id=..., response=...)", py[0])
        self.assertNotIn("TypeScript", py[0])


if __name__ == "__main__":
    sys.exit(main(globals(), [TestEveryFixture, TestOwnership]))
