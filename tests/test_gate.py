#!/usr/bin/env python3
"""The CI lint gate (ctest: test_gate): .dcmigrate.yml discovery and precedence, suppression
comments and unused suppressions, --add-ignore, baselines that survive inserted lines."""
import json
import os
import sys
import unittest

import testlib
from testlib import Tree

BIN = None

PY = ('from devcaster import Devcaster\n\ndc = Devcaster()\n'
      'tools = dc.tools.get(user_id="u1", toolkits=["GITHUB"])\n'
      'dc.tools.execute("GITHUB_CREATE_ISSUE", {}, user_id="u1")\n')
TS = ('import { Devcaster } from "@devcaster/core";\nconst dc = new Devcaster();\n'
      'export async function f(u: string) {\n  return await dc.tools.get(u, { toolkits: ["GITHUB"] });\n}\n')


def dc(*args, cwd=None, stdin=None):
    return testlib.run(BIN, *args, cwd=cwd, input=stdin)


def findings(*args, cwd=None):
    code, out, err = dc("--format", "json", *args, cwd=cwd)
    return [(f["path"], f["rule"], f["line"], f["severity"]) for f in json.loads(out)["findings"]], code, err


class TestConfig(unittest.TestCase):
    def test_discovered_by_walking_up(self):
        cfg = "ignore: [tools-execute]\n"
        with Tree({"proj/.dcmigrate.yml": cfg, "proj/src/deep/app.py": PY}) as d:
            got, code, _ = findings("proj/src/deep", cwd=d)
            self.assertEqual([g[1] for g in got], ["tools-get"])
            got, _, _ = findings("--no-config", "proj/src", cwd=d)
            self.assertEqual(sorted(g[1] for g in got), ["tools-execute", "tools-get"])

    def test_flags_win_over_config(self):
        cfg = "select: [tools-execute]\nfail_on: error\nsdk: composio\n"
        with Tree({".dcmigrate.yml": cfg, "app.py": PY}) as d:
            got, code, _ = findings("app.py", cwd=d)
            self.assertEqual([g[1] for g in got], ["tools-execute"])
            self.assertEqual(code, 0)  # fail_on: error, findings are warnings
            got, code, _ = findings("--select", "tools-get", "--fail-on", "warning", "app.py", cwd=d)
            self.assertEqual([g[1] for g in got], ["tools-get"])
            self.assertEqual(code, 1)

    def test_severity_exclude_and_auth_configs(self):
        cfg = ("severity:\n  tools-execute: error\nexclude: [generated]\n"
               "auth_configs:\n  ac_zz9: github\n")
        link = ('from devcaster import Devcaster\ndc = Devcaster()\n\n\ndef go(u):\n'
                '    return dc.connected_accounts.link(u, "ac_zz9")\n')
        with Tree({".dcmigrate.yml": cfg, "app.py": PY, "generated/x.py": PY, "link.py": link}) as d:
            got, _, _ = findings(".", cwd=d)
            self.assertIn(("app.py", "tools-execute", 5, "error"), got)
            self.assertFalse(any(g[0].startswith("generated/") for g in got))
            code, out, _ = dc("--diff", "link.py", cwd=d)
            self.assertIn('+    return session.authorize("github")', out)  # the mapping made it safe

    def test_rules_dirs_relative_to_the_config(self):
        rule = ("id: no-print\nseverity: warning\nmessage: print\nnote: n\nmatch:\n  language: python\n"
                "  query: |\n    ((call function: (identifier) @f) @match (#eq? @f \"print\"))\n")
        with Tree({"p/.dcmigrate.yml": "rules: [ci/rules]\n", "p/ci/rules/r.yml": rule, "p/a.py": "print(1)\n"}) as d:
            got, _, err = findings("p", cwd=d)
            self.assertEqual([g[1] for g in got], ["no-print"], err)

    def test_unknown_key_and_bad_values_are_errors_with_location(self):
        with Tree({".dcmigrate.yml": "sdk: devcaster\nfail-on: error\n", "app.py": PY}) as d:
            code, out, err = dc("app.py", cwd=d)
            self.assertEqual(code, 2)
            self.assertIn(".dcmigrate.yml:2:1: unknown key `fail-on`", err)
            # issues 14 and 19: a config error stops the run before anything is scanned
            self.assertEqual(out, "")
            self.assertIn("stopped before scanning", err)
        with Tree({".dcmigrate.yml": "severity:\n  tools-get: loud\n", "app.py": PY}) as d:
            code, _, err = dc("app.py", cwd=d)
            self.assertEqual(code, 2)
            self.assertIn(".dcmigrate.yml:2:14: severity must be error, warning or info", err)
        with Tree({".dcmigrate.yml": "select: [tools-gte]\n", "app.py": PY}) as d:
            code, _, err = dc("app.py", cwd=d)
            self.assertEqual(code, 2)
            self.assertIn(".dcmigrate.yml:1:10: unknown rule id `tools-gte` in `select`", err)
            self.assertEqual(out, "")

    def test_config_that_is_a_directory(self):
        with Tree({".dcmigrate.yml/keep": "", "app.py": PY}) as d:
            code, out, err = dc("app.py", cwd=d)
            self.assertEqual(code, 2)
            self.assertIn(".dcmigrate.yml: cannot read config: it is a directory", err)
            self.assertEqual(out, "")  # stopped before scanning (issue 14)

    def test_two_paths_two_configs(self):
        with Tree({"a/.dcmigrate.yml": "ignore: [tools-get]\n", "a/x.py": PY,
                   "b/.dcmigrate.yml": "ignore: [tools-execute]\n", "b/y.py": PY}) as d:
            got, _, _ = findings("a", "b", cwd=d)
            self.assertEqual(sorted((g[0], g[1]) for g in got),
                             [("a/x.py", "tools-execute"), ("b/y.py", "tools-get")])


class TestSuppressions(unittest.TestCase):
    def test_line_line_above_and_file_level(self):
        src = ('from devcaster import Devcaster\ndc = Devcaster()\n'
               'a = dc.tools.get("u", toolkits=["X"])  # dcmigrate: ignore[tools-get]\n'
               '# dcmigrate: ignore[tools-get]\n'
               'b = dc.tools.get("u", toolkits=["X"])\n'
               'c = dc.tools.get("u", toolkits=["X"])\n'
               's = "# dcmigrate: ignore[tools-get]"; d = dc.tools.get("u", toolkits=["X"])\n')
        with Tree({"a.py": src, "t.ts": "// dcmigrate: ignore-file[tools-get]\n" + TS}) as d:
            got, _, _ = findings(".", cwd=d)
            self.assertEqual([(g[0], g[2]) for g in got], [("a.py", 6), ("a.py", 7)])

    def test_unused_suppressions_are_reported(self):
        src = ('from devcaster import Devcaster\ndc = Devcaster()\n'
               's = dc.create(user_id="u")  # dcmigrate: ignore[tools-get]\n'
               't = dc.tools.get("u", toolkits=["X"])  # dcmigrate: ignore[tools-get, tools-gte]\n')
        with Tree({"a.py": src}) as d:
            code, out, _ = dc("a.py", cwd=d)
            self.assertIn("a.py:3:29: warning[unused-suppression] unused suppression: `tools-get` suppresses nothing here", out)
            self.assertIn("a.py:4:40: warning[unused-suppression] unused suppression: `tools-gte` is not a dcmigrate rule id", out)
            # a rule that did not run this time cannot be judged
            code, out, _ = dc("--select", "unused-suppression,connect-link", "a.py", cwd=d)
            self.assertNotIn("`tools-get` suppresses nothing", out)

    def test_suppressed_sites_are_not_fixed(self):
        src = ('from devcaster import Devcaster\ndc = Devcaster(toolkit_versions="latest")  # dcmigrate: ignore\n')
        with Tree({"a.py": src}) as d:
            dc("--fix", "a.py", cwd=d)
            with open(os.path.join(d, "a.py")) as f:
                self.assertEqual(f.read(), src)

    def test_add_ignore(self):
        with Tree({"a.py": PY, "t.ts": TS}) as d:
            code, out, err = dc("--add-ignore", ".", cwd=d)
            self.assertEqual(code, 0, err)
            self.assertIn("Added 3 suppression comments in 2 files", out)
            with open(os.path.join(d, "a.py")) as f:
                text = f.read()
            self.assertIn('toolkits=["GITHUB"])  # dcmigrate: ignore[tools-get]\n', text)
            self.assertIn('user_id="u1")  # dcmigrate: ignore[tools-execute]\n', text)
            got, code, _ = findings(".", cwd=d)
            self.assertEqual((got, code), ([], 0))
            code, out, _ = dc("--add-ignore", ".", cwd=d)  # nothing left to add
            self.assertIn("Found 0 findings", out)

    def test_add_ignore_inside_a_multiline_string_goes_above(self):
        src = ('from devcaster import Devcaster\ndc = Devcaster()\n'
               'x = f"""{dc.tools.get("u",\ntoolkits=["A"])}"""\n')
        with Tree({"a.py": src}) as d:
            dc("--add-ignore", "a.py", cwd=d)
            with open(os.path.join(d, "a.py")) as f:
                self.assertEqual(f.read(), src.replace('x = f"""', '# dcmigrate: ignore[tools-get]\nx = f"""'))
            self.assertEqual(findings("a.py", cwd=d)[0], [])


class TestBaseline(unittest.TestCase):
    def test_baseline_survives_inserted_lines(self):
        with Tree({"a.py": PY}) as d:
            code, _, err = dc("--write-baseline", "base.json", "a.py", cwd=d)
            self.assertEqual(code, 0)
            with open(os.path.join(d, "base.json")) as f:
                base = json.load(f)
            self.assertEqual(base["version"], 1)
            self.assertEqual(len(base["findings"]), 2)
            # lines inserted above, re-indentation, plus one new finding
            with open(os.path.join(d, "a.py"), "w") as f:
                f.write("import os\n\n\n" + PY.replace("tools = ", "tools  =  ") +
                        'more = dc.tools.get(user_id="u2", toolkits=["SLACK"])\n')
            got, code, _ = findings("--baseline", "base.json", "a.py", cwd=d)
            self.assertEqual([(g[1], g[2]) for g in got], [("tools-get", 9)])
            self.assertEqual(code, 1)

    def test_identical_lines_are_counted(self):
        two = PY + 'tools = dc.tools.get(user_id="u1", toolkits=["GITHUB"])\n'
        with Tree({"a.py": two}) as d:
            dc("--write-baseline", "b.json", "a.py", cwd=d)
            with open(os.path.join(d, "a.py"), "a") as f:
                f.write('tools = dc.tools.get(user_id="u1", toolkits=["GITHUB"])\n')
            got, _, _ = findings("--baseline", "b.json", "a.py", cwd=d)
            self.assertEqual(len(got), 1)  # the third copy is new

    def test_bad_baseline_is_an_error(self):
        with Tree({"a.py": PY, "b.json": "{\"nope\": 1}"}) as d:
            code, _, err = dc("--baseline", "b.json", "a.py", cwd=d)
            self.assertEqual(code, 2)
            self.assertIn("not a dcmigrate baseline", err)


def main():
    return testlib.main(globals(), (TestConfig, TestSuppressions, TestBaseline))


if __name__ == "__main__":
    sys.exit(main())
