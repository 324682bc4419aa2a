#!/usr/bin/env python3
"""Command-line contract tests (ctest: test_cli): options, output formats, exit codes, file
discovery from the user's point of view, rule errors. Each test builds its own temp tree."""
import json
import os
import shutil
import subprocess
import sys
import unittest

import testlib
from testlib import Tree

BIN = None
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PY_CLIENT = """from devcaster import Devcaster

dc = Devcaster()
tools = dc.tools.get(user_id="u1", toolkits=["GITHUB"])
"""
TS_CLIENT = """import { Composio } from "@composio/core";
const composio = new Composio({ apiKey: "k" });
export async function f(userId: string) {
  return await composio.tools.get(userId, { toolkits: ["GITHUB"] });
}
"""


def dc(*args, cwd=None, stdin=None, env=None):
    e = dict(os.environ)
    e.pop("NO_COLOR", None)
    if env:
        e.update(env)
    p = subprocess.run([BIN, *args], cwd=cwd, input=stdin, capture_output=True, env=e)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


class TestCli(unittest.TestCase):
    def test_help_and_version(self):
        code, out, _ = dc("--help")
        self.assertEqual(code, 0)
        for flag in ("--fix", "--diff", "--format", "--sdk", "--rules", "--list-rules", "--explain", "--exclude",
                     "--include", "--max-file-size", "--stdin-filename", "--exit-zero", "--fail-on", "-o, --output"):
            self.assertIn(flag, out)
        code, out, _ = dc("--version")
        self.assertEqual(code, 0)
        self.assertRegex(out, r"^dcmigrate \d+\.\d+\.\d+\n$")

    def test_usage_error_exits_2(self):
        code, _, err = dc("--format", "xml")
        self.assertEqual(code, 2)
        self.assertIn("unknown --format `xml`", err)
        code, _, err = dc("--no-such-flag")
        self.assertEqual(code, 2)
        code, _, err = dc("--select", "no-such-rule", ".")
        self.assertEqual(code, 2)
        self.assertIn("unknown rule id `no-such-rule`", err)

    def test_list_rules(self):
        code, out, _ = dc("--list-rules")
        self.assertEqual(code, 0)
        lines = out.splitlines()
        self.assertTrue(lines[0].startswith("ID"))
        ids = [l.split()[0] for l in lines[1:]]
        for rid in ("tools-get", "tools-execute", "toolkit-versions", "connect-link", "trigger-unsupported"):
            self.assertIn(rid, ids)
        row = next(l for l in lines if l.startswith("trigger-unsupported"))
        self.assertIn("python,typescript", row)
        self.assertIn("info", row)

    def test_explain(self):
        code, out, _ = dc("--explain", "tools-get")
        self.assertEqual(code, 0)
        self.assertIn("session.tools()", out)
        self.assertIn("Example (Python), before:", out)
        self.assertIn("devcaster.create(", out)  # placeholders expanded
        self.assertNotIn("{{sdk_", out)
        code, _, err = dc("--explain", "nope")
        self.assertEqual(code, 2)

    def test_text_output_sorted_with_summary(self):
        with Tree({"b.py": PY_CLIENT, "a/z.ts": TS_CLIENT, "a/y.py": PY_CLIENT}) as d:
            code, out, _ = dc("--color=never", ".", cwd=d)
            self.assertEqual(code, 1)
            lines = out.splitlines()
            self.assertEqual(lines[0], "a/y.py:4:9: warning[tools-get] `dc.tools.get(...)` fetches tools directly; "
                                       "create a session for the user with `dc.create(...)` and use `session.tools()` [fix]")
            self.assertTrue(lines[1].startswith("a/z.ts:4:16: warning[tools-get] `composio.tools.get(...)`"))
            self.assertTrue(lines[2].startswith("b.py:4:9: warning[tools-get]"))
            self.assertEqual(lines[-1], "Found 3 findings in 3 files scanned; 3 fixable with --fix.")

    def test_json_document(self):
        with Tree({"app.py": PY_CLIENT, "bin.py": b"\x00\x01binary", "README.md": "tools.get"}) as d:
            code, out, _ = dc("--format", "json", ".", cwd=d)
            self.assertEqual(code, 1)
            doc = json.loads(out)
            self.assertEqual(doc["tool"], "dcmigrate")
            self.assertRegex(doc["version"], r"^\d+\.\d+\.\d+$")
            f = doc["findings"][0]
            self.assertEqual((f["rule"], f["severity"], f["path"], f["line"], f["column"]),
                             ("tools-get", "warning", "app.py", 4, 9))
            self.assertEqual((f["end_line"], f["end_column"]), (4, 56))
            self.assertEqual(PY_CLIENT.encode()[f["start_byte"]:f["end_byte"]],
                             b'dc.tools.get(user_id="u1", toolkits=["GITHUB"])')
            self.assertIn("fix", f)
            s = doc["summary"]
            self.assertEqual(s["files_scanned"], 1)
            self.assertEqual(s["files_skipped"], 1)
            self.assertEqual(s["skipped"][0]["path"], "bin.py")
            self.assertIn("binary", s["skipped"][0]["reason"])
            self.assertEqual(s["by_rule"], {"tools-get": 1})
            self.assertEqual(s["findings"], 1)

    def test_output_file(self):
        with Tree({"app.py": PY_CLIENT}) as d:
            code, out, _ = dc("-o", "report.json", "--format", "json", "app.py", cwd=d)
            self.assertEqual(code, 1)
            self.assertEqual(out, "")
            with open(os.path.join(d, "report.json")) as f:
                self.assertEqual(len(json.load(f)["findings"]), 1)

    def test_stdin_filename(self):
        code, out, _ = dc("--stdin-filename", "src/x.py", "--color=never", stdin=PY_CLIENT.encode())
        self.assertEqual(code, 1)
        self.assertTrue(out.startswith("src/x.py:4:9: warning[tools-get]"))
        code, out, _ = dc("--stdin-filename", "x.ts", stdin=TS_CLIENT.encode())
        self.assertIn("x.ts:4:16", out)
        code, _, err = dc("--stdin-filename", "notes.txt", stdin=b"hello")
        self.assertEqual(code, 2)

    def test_exit_codes(self):
        with Tree({"clean.py": "print('hi')\n", "app.py": PY_CLIENT}) as d:
            self.assertEqual(dc("clean.py", cwd=d)[0], 0)
            self.assertEqual(dc("app.py", cwd=d)[0], 1)
            self.assertEqual(dc("--exit-zero", "app.py", cwd=d)[0], 0)
            self.assertEqual(dc("--fail-on", "error", "app.py", cwd=d)[0], 0)
            # an error anywhere wins, and the rest is still reported
            code, out, err = dc("--color=never", "app.py", "missing.py", cwd=d)
            self.assertEqual(code, 2)
            self.assertIn("app.py:4:9", out)
            self.assertIn("missing.py", err)
            self.assertIn("no such file or directory", err)
            self.assertEqual(dc("--exit-zero", "missing.py", cwd=d)[0], 2)

    def test_fail_on_info_counts_info_findings(self):
        src = "from devcaster import Devcaster\ndc = Devcaster()\ndc.triggers.enable('ti_1')\n"
        with Tree({"t.py": src}) as d:
            self.assertEqual(dc("t.py", cwd=d)[0], 0)
            self.assertEqual(dc("--fail-on", "info", "t.py", cwd=d)[0], 1)

    def test_color(self):
        with Tree({"app.py": PY_CLIENT}) as d:
            _, out, _ = dc("--color=always", "app.py", cwd=d)
            self.assertIn("\033[", out)
            _, out, _ = dc("app.py", cwd=d)  # not a TTY
            self.assertNotIn("\033[", out)
            _, out, _ = dc("--color=never", "app.py", cwd=d)
            self.assertNotIn("\033[", out)

    def test_default_excludes_and_explicit_files(self):
        files = {"src/app.py": PY_CLIENT, "node_modules/pkg/index.py": PY_CLIENT, ".venv/lib/x.py": PY_CLIENT,
                 "dist/bundle.js": TS_CLIENT, "build/gen.py": PY_CLIENT, "__pycache__/m.py": PY_CLIENT}
        with Tree(files) as d:
            _, out, _ = dc("--format", "json", ".", cwd=d)
            self.assertEqual([f["path"] for f in json.loads(out)["findings"]], ["src/app.py"])
            _, out, _ = dc("--format", "json", "node_modules/pkg/index.py", cwd=d)
            self.assertEqual(len(json.loads(out)["findings"]), 1)
            _, out, _ = dc("--format", "json", "--no-default-excludes", ".", cwd=d)
            self.assertEqual(len(json.loads(out)["findings"]), 6)

    def test_exclude_include(self):
        with Tree({"a/app.py": PY_CLIENT, "b/app.py": PY_CLIENT, "b/gen/x.py": PY_CLIENT, "c.ts": TS_CLIENT}) as d:
            def paths(*args):
                return sorted(f["path"] for f in json.loads(dc("--format", "json", *args, ".", cwd=d)[1])["findings"])
            self.assertEqual(paths("--exclude", "gen"), ["a/app.py", "b/app.py", "c.ts"])
            self.assertEqual(paths("--exclude", "b/*"), ["a/app.py", "c.ts"])
            self.assertEqual(paths("--include", "*.ts"), ["c.ts"])

    def test_gitignore(self):
        if not shutil.which("git"):
            self.skipTest("git not installed")
        with Tree({"keep.py": PY_CLIENT, "ignored.py": PY_CLIENT, "gen/x.py": PY_CLIENT,
                   ".gitignore": "ignored.py\ngen/\n"}) as d:
            subprocess.run(["git", "init", "-q"], cwd=d, check=True)
            _, out, _ = dc("--format", "json", ".", cwd=d)
            self.assertEqual([f["path"] for f in json.loads(out)["findings"]], ["keep.py"])
            _, out, _ = dc("--format", "json", "--no-ignore", ".", cwd=d)
            self.assertEqual(len(json.loads(out)["findings"]), 3)

    def test_size_limit_and_binary(self):
        big = PY_CLIENT + "#" * 5000 + "\n"
        with Tree({"big.py": big, "bin.ts": b"const a = 1;\x00\x00"}) as d:
            code, out, err = dc("--max-file-size", "1K", "--color=never", ".", cwd=d)
            self.assertEqual(code, 0)
            self.assertIn("big.py: larger than --max-file-size, skipped", err)
            self.assertIn("bin.ts: binary file", err)
            self.assertIn("2 skipped", out)
            self.assertEqual(dc("--max-file-size", "0", ".", cwd=d)[0], 1)

    def test_sdk_profile(self):
        src = "from composio import Composio\nc = Composio(toolkit_versions='latest')\n"
        with Tree({"c.py": src}) as d:
            _, out, _ = dc("--color=never", "c.py", cwd=d)
            self.assertIn("on the Composio client", out)
            _, out, _ = dc("--color=never", "--sdk", "devcaster", "c.py", cwd=d)
            self.assertIn("on the Devcaster client", out)  # a forced profile names its own SDK
            code, _, _ = dc("--sdk", "other", "c.py", cwd=d)
            self.assertEqual(code, 2)

    def test_select_and_ignore(self):
        src = PY_CLIENT + "dc.triggers.enable('ti_1')\n"
        with Tree({"a.py": src}) as d:
            _, out, _ = dc("--format", "json", "--select", "trigger-unsupported", "a.py", cwd=d)
            self.assertEqual([f["rule"] for f in json.loads(out)["findings"]], ["trigger-unsupported"])
            _, out, _ = dc("--format", "json", "--ignore", "trigger-unsupported", "a.py", cwd=d)
            self.assertEqual([f["rule"] for f in json.loads(out)["findings"]], ["tools-get"])

    def test_user_rules_and_rule_errors(self):
        good = ("id: my-print\nseverity: info\nmessage: print call\nnote: use logging\nmatch:\n  language: python\n"
                "  query: |\n    ((call function: (identifier) @f) @match (#eq? @f \"print\"))\n")
        bad = ("id: broken\nseverity: info\nmessage: m\nnote: n\nmatch:\n  language: python\n"
               "  query: |\n    ((call) @match)\n    (not_a_node) @x\n")
        with Tree({"rules/good.yml": good, "rules/bad.yml": bad, "a.py": "print(1)\n"}) as d:
            code, out, err = dc("--color=never", "--rules", "rules", "--fail-on", "info", "a.py", cwd=d)
            self.assertEqual(code, 2)
            self.assertIn("rules/bad.yml:9:6: invalid query for python: unknown node type", err)
            self.assertIn("a.py:1:1: info[my-print] print call", out)
            os.remove(os.path.join(d, "rules/bad.yml"))
            code, out, err = dc("--color=never", "--rules", "rules", "--fail-on", "info", "a.py", cwd=d)
            self.assertEqual(code, 1)
            code, out, err = dc("--rules", "nowhere", "a.py", cwd=d)
            self.assertEqual(code, 2)
            self.assertIn("nowhere", err)

    def test_already_migrated_sites_are_counted_not_reported(self):
        src = ("from devcaster import Devcaster\ndc = Devcaster()\n"
               "s = dc.create(user_id='u')\nt = dc.tool_router.create(user_id='u')\nother.create(x=1)\n")
        with Tree({"a.py": src}) as d:
            code, out, _ = dc("--format", "json", "a.py", cwd=d)
            doc = json.loads(out)
            self.assertEqual(code, 0)
            self.assertEqual(doc["findings"], [])
            self.assertEqual(doc["summary"]["already_migrated"], 2)

    def test_parallel_output_is_identical_to_serial(self):
        roots = [os.path.join(ROOT, "tests", "fixtures", d) for d in ("tools-get", "connect-link", "e2e", "legacy-toolset")]
        roots.append(os.path.join(ROOT, "examples", "devcaster-app"))
        for fmt in ("text", "json"):
            serial = dc("-j", "1", "--format", fmt, "--color=never", *roots)
            for jobs in ("2", "4"):
                self.assertEqual(dc("-j", jobs, "--format", fmt, "--color=never", *roots), serial, (fmt, jobs))
        code, _, err = dc("-j", "0", ".")
        self.assertEqual(code, 2)

    def test_more_files_than_the_pool_window(self):
        # The pool's slots are a ring of 1024 (cli/pool.c DC_POOL_WINDOW): 2600 files go round it
        # twice, with findings and a syntax-error note in files on either side of each wrap, and
        # the report must still be in input order, complete, and the same for any -j.
        files = {f"d/f{i:04d}.py": "x = 1\n" for i in range(2600)}
        for i in (5, 1023, 1024, 1025, 2047, 2048, 2599):
            files[f"d/f{i:04d}.py"] = PY_CLIENT
        files["d/f1030.py"] = "from devcaster import Devcaster\ndef broken(:\n"
        with Tree(files) as d:
            runs = {jobs: dc("-j", jobs, "--format", "json", "d", cwd=d) for jobs in ("1", "2", "3")}
            code, out, err = runs["1"]
            doc = json.loads(out)
            self.assertEqual(doc["summary"]["files_scanned"], 2600)
            paths = [f["path"] for f in doc["findings"]]
            self.assertEqual(paths, [f"d/f{i:04d}.py" for i in (5, 1023, 1024, 1025, 2047, 2048, 2599)])
            self.assertIn("d/f1030.py", err)
            for jobs in ("2", "3"):
                self.assertEqual(runs[jobs], runs["1"], jobs)

    def test_statistics_and_quiet(self):
        src = PY_CLIENT + 'tools2 = dc.tools.get(user_id="u2", toolkits=["SLACK"])\ndc.triggers.enable("ti_1")\n'
        with Tree({"a.py": src}) as d:
            code, out, _ = dc("--statistics", "--color=never", "a.py", cwd=d)
            lines = out.splitlines()
            self.assertRegex(lines[0], r"^\s+2  tools-get\s+warning\s+\[fixable\]$")
            self.assertRegex(lines[1], r"^\s+1  trigger-unsupported\s+info\s*$")
            code, out, _ = dc("--quiet", "--color=never", "a.py", cwd=d)
            self.assertFalse(any(l.startswith("Found") for l in out.splitlines()))
            self.assertEqual(len(out.splitlines()), 3)

    def test_progress_line(self):
        with Tree({f"f{i}.py": PY_CLIENT for i in range(30)}) as d:
            env = {"DC_TEST_PROGRESS_AFTER_MS": "0"}
            _, _, err = dc("--progress", "-j", "1", ".", cwd=d, env=env)
            self.assertRegex(err, r"dcmigrate: \d+/30 files")
            self.assertTrue(err.endswith("\r\033[K") or "\r\033[K" in err)  # erased at the end
            _, _, err = dc(".", cwd=d, env=env)  # not a terminal: no progress line
            self.assertNotIn("files", err)

    def test_decoys_in_strings_and_comments(self):
        src = ('from devcaster import Devcaster\ndc = Devcaster()\n'
               '# dc.tools.get(user_id="u", toolkits=["GITHUB"])\n'
               'doc = """dc.tools.get(user_id=\'u\', toolkits=[\'GITHUB\'])"""\n'
               'tools = {}\nx = tools.get("a")\n')
        with Tree({"a.py": src}) as d:
            self.assertEqual(dc("a.py", cwd=d)[0], 0)

    def test_example_project(self):
        code, out, err = dc("--format", "json", os.path.join(ROOT, "examples", "devcaster-app"))
        self.assertEqual(code, 1, err)
        doc = json.loads(out)
        paths = {f["path"] for f in doc["findings"]}
        self.assertFalse(any("/dist/" in p for p in paths), "dist/ must be skipped")
        rules = set(doc["summary"]["by_rule"])
        for rid in ("tools-get", "tools-execute", "toolkit-versions", "connect-link", "trigger-unsupported"):
            self.assertIn(rid, rules)
        self.assertTrue(any(p.endswith(".py") for p in paths) and any(p.endswith(".ts") for p in paths))


def main():
    return testlib.main(globals(), (TestCli,))


if __name__ == "__main__":
    sys.exit(main())
