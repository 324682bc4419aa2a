#!/usr/bin/env python3
"""--fix and --diff from the user's side (ctest: test_fix): atomic writes that keep permissions
and leave no temp files, read-only and changed-on-disk files refused, write errors reported,
--diff as an applicable patch, the fixed-point cap, rejected passes, stdin, symlinks,
idempotence on the example project."""
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time
import unittest

import testlib
from testlib import Tree

BIN = None
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PINNED = 'from devcaster import Devcaster\n\ndc = Devcaster(api_key="k", toolkit_versions="latest")\n'
UNPINNED = 'from devcaster import Devcaster\n\ndc = Devcaster(api_key="k")\n'


# a rule whose fix always verifies: `fo` -> `foo`, once
GROW_ONCE = ('id: grow-once\nseverity: warning\nmessage: m\nnote: n\nfix:\n  replace: match\n  template: "foo"\n'
             'match:\n  language: python\n  query: |\n    ((identifier) @match (#eq? @match "fo"))\n')


def dc(*args, cwd=None, stdin=None, env=None):
    return testlib.run(BIN, *args, cwd=cwd, input=stdin, env=env)


def read(d, name):
    with open(os.path.join(d, name)) as f:
        return f.read()


class TestFix(unittest.TestCase):
    def test_fix_writes_keeps_mode_and_leaves_no_temp_files(self):
        with Tree({"app.py": PINNED}) as d:
            os.chmod(os.path.join(d, "app.py"), 0o640)
            code, out, err = dc("--fix", "app.py", cwd=d)
            self.assertEqual(code, 0, out + err)
            self.assertEqual(read(d, "app.py"), UNPINNED)
            self.assertIn("fixed app.py: toolkit-versions (1)", out)
            self.assertIn("Fixed 1 finding in 1 file; 0 remaining.", out)
            self.assertEqual(stat.S_IMODE(os.stat(os.path.join(d, "app.py")).st_mode), 0o640)
            self.assertEqual(sorted(os.listdir(d)), ["app.py"])

    def test_second_fix_changes_nothing(self):
        with Tree({"app.py": PINNED}) as d:
            dc("--fix", "app.py", cwd=d)
            before = os.stat(os.path.join(d, "app.py"))
            code, out, _ = dc("--fix", "app.py", cwd=d)
            self.assertIn("Fixed 0 findings", out)
            after = os.stat(os.path.join(d, "app.py"))
            self.assertEqual(before.st_ino, after.st_ino)  # not even rewritten

    def test_remaining_findings_listed_and_exit_1(self):
        src = PINNED + 'r = dc.tools.execute("GITHUB_CREATE_ISSUE", {}, user_id="u")\n'
        with Tree({"app.py": src}) as d:
            # (the pin is unsafe to remove: the direct execution relies on it; issue 16 item 8)
            code, out, _ = dc("--fix", "--unsafe-fixes", "--select", "toolkit-versions", "app.py", cwd=d)
            self.assertEqual(code, 0)
            code, out, _ = dc("--fix", "app.py", cwd=d)
            self.assertEqual(code, 1)
            self.assertIn("app.py:4:5: warning[tools-execute]", out)
            self.assertIn("1 remaining", out)

    def test_read_only_file_is_reported_not_forced(self):
        with Tree({"app.py": PINNED}) as d:
            p = os.path.join(d, "app.py")
            os.chmod(p, 0o444)
            code, out, err = dc("--fix", "app.py", cwd=d)
            self.assertEqual(code, 2)
            self.assertIn("app.py: file is read-only; not written", err)
            self.assertEqual(read(d, "app.py"), PINNED)
            self.assertEqual(stat.S_IMODE(os.stat(p).st_mode), 0o444)

    def test_changed_on_disk_is_not_overwritten(self):
        with Tree({"app.py": PINNED}) as d:
            p = os.path.join(d, "app.py")
            edited = PINNED + "# edited by the user meanwhile\n"

            def edit_meanwhile():
                time.sleep(0.5)
                with open(p, "w") as f:
                    f.write(edited)

            t = threading.Thread(target=edit_meanwhile)
            t.start()
            code, out, err = dc("--fix", "app.py", cwd=d, env={"DC_TEST_BEFORE_WRITE_SLEEP_MS": "1500"})
            t.join()
            self.assertEqual(code, 2)
            self.assertIn("changed on disk since it was read; not written", err)
            self.assertEqual(read(d, "app.py"), edited)

    def test_write_errors_leave_the_original(self):
        for step in ("write", "fsync", "rename"):
            with Tree({"app.py": PINNED}) as d:
                code, out, err = dc("--fix", "app.py", cwd=d, env={"DC_TEST_FAIL_WRITE": step})
                self.assertEqual(code, 2, step)
                self.assertIn("write failed", err)
                self.assertEqual(read(d, "app.py"), PINNED)
                self.assertEqual(os.listdir(d), ["app.py"])

    def test_diff_is_a_patch_and_writes_nothing(self):
        with Tree({"a/app.py": PINNED, "b.py": UNPINNED}) as d:
            code, out, err = dc("--diff", ".", cwd=d)
            self.assertEqual(code, 1)
            self.assertEqual(read(d, "a/app.py"), PINNED)
            self.assertTrue(out.startswith("--- a/a/app.py\n+++ b/a/app.py\n@@ -1,3 +1,3 @@\n"), out)
            self.assertIn('-dc = Devcaster(api_key="k", toolkit_versions="latest")\n+dc = Devcaster(api_key="k")\n', out)
            self.assertIn("1 file would change", err)
            # the patch applies and gives what --fix gives
            subprocess.run(["git", "init", "-q"], cwd=d, check=True)
            p = subprocess.run(["git", "apply", "-"], cwd=d, input=out.encode(), capture_output=True)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(read(d, "a/app.py"), UNPINNED)
            code, out, _ = dc("--diff", ".", cwd=d)
            self.assertEqual((code, out), (0, ""))

    def test_unsafe_fixes_only_with_the_flag(self):
        src = PINNED + 'dc.triggers.enable("ti_1")\n'
        with Tree({"app.py": src}) as d:
            code, out, _ = dc("--fix", "app.py", cwd=d)
            self.assertEqual(read(d, "app.py"), src)
            self.assertIn("[unsafe fix]", out)
            self.assertIn("1 more with --fix --unsafe-fixes", out)
            code, out, _ = dc("--fix", "--unsafe-fixes", "app.py", cwd=d)
            self.assertEqual(read(d, "app.py"), UNPINNED + 'dc.triggers.enable("ti_1")\n')

    def test_fix_loop_cap(self):
        grow = ('id: grow\nseverity: warning\nmessage: m\nnote: n\nfix:\n  replace: match\n  template: "{{match}}o"\n'
                'match:\n  language: python\n  query: |\n    ((identifier) @match (#match? @match "^fo+$"))\n')
        with Tree({"rules/grow.yml": grow, "a.py": "foo = 1\n"}) as d:
            code, out, err = dc("--fix", "--rules", "rules", "--select", "grow", "a.py", cwd=d)
            self.assertIn("a.py: fixes did not converge after 10 passes (rules: grow)", err)
            self.assertEqual(read(d, "a.py"), "f" + "o" * 12 + " = 1\n")

    def test_pass_with_new_syntax_errors_is_rejected(self):
        # issue 16 item 7: the fix that breaks the file is rejected, the file's other fixes land,
        # and the summary says which and why (no "--fix" advice a rerun cannot follow)
        breaker = ('id: breaker\nseverity: warning\nmessage: m\nnote: n\nfix:\n  replace: match\n  template: "print("\n'
                   'match:\n  language: python\n  query: |\n    ((call function: (identifier) @f) @match (#eq? @f "print"))\n')
        with Tree({"rules/b.yml": breaker, "rules/g.yml": GROW_ONCE, "a.py": "print(1)\nfo = 2\n"}) as d:
            code, out, err = dc("--fix", "--rules", "rules", "--select", "breaker,grow-once", "a.py", cwd=d)
            self.assertIn("a.py:1:1: fix of breaker rejected: it would introduce syntax errors; "
                          "the file's other fixes still apply", err)
            self.assertEqual(read(d, "a.py"), "print(1)\nfoo = 2\n")
            self.assertIn("a.py:1:1: warning[breaker] m (manual: verification rejected the fix: it would introduce "
                          "syntax errors; migrate by hand) [manual]", out)
            self.assertIn("Fixed 1 finding in 1 file; 1 remaining.", out)
            self.assertNotIn("fixable", out)
            self.assertEqual(code, 1)  # the finding remains
            code, out2, err2 = dc("--fix", "--rules", "rules", "--select", "breaker,grow-once", "a.py", cwd=d)
            self.assertEqual(read(d, "a.py"), "print(1)\nfoo = 2\n")  # a second run changes nothing

    def test_fix_leaving_a_name_unbound_is_rejected(self):
        # issue 16 item 14: a removed import still used, in both languages; the other removal lands
        drop = ('id: drop-import\nseverity: warning\nmessage: m\nnote: n\nfix:\n  replace: match\n  template: ""\n'
                'match:\n  - language: python\n    query: |\n'
                '      ((import_statement) @match (#match? @match "^import (os|json)$"))\n'
                '  - language: typescript\n    query: |\n      ((import_statement) @match (#match? @match "node:(os|fs)"))\n')
        py = "import os\nimport json\n\nprint(os.getcwd())\n"
        ts = 'import os from "node:os";\nimport fs from "node:fs";\nexport const x = os.cpus();\n'
        with Tree({"rules/d.yml": drop, "a.py": py, "b.ts": ts}) as d:
            code, out, err = dc("--fix", "--rules", "rules", "--select", "drop-import", "a.py", "b.ts", cwd=d)
            self.assertEqual(read(d, "a.py"), "import os\n\n\nprint(os.getcwd())\n")
            self.assertEqual(read(d, "b.ts"), 'import os from "node:os";\n\nexport const x = os.cpus();\n')
            self.assertIn("a.py:1:1: fix of drop-import rejected: it would leave `os` unbound where it is used "
                          "(line 4); the file's other fixes still apply", err)
            self.assertIn("b.ts:1:1: fix of drop-import rejected: it would leave `os` unbound where it is used "
                          "(line 3)", err)
            self.assertIn("Fixed 2 findings in 2 files; 2 remaining.", out)
        # negative: nothing uses the names, both removals land, nothing is rejected
        with Tree({"rules/d.yml": drop, "a.py": "import os\nimport json\nx = 1\n"}) as d:
            code, out, err = dc("--fix", "--rules", "rules", "--select", "drop-import", "a.py", cwd=d)
            self.assertEqual(read(d, "a.py"), "\n\nx = 1\n")
            self.assertNotIn("rejected", err)

    def test_unsafe_fix_that_would_be_rejected_is_not_offered(self):
        # issue 16 item 7: a --fix run verifies the unsafe fixes it does not apply, so the summary
        # never says "N more with --fix --unsafe-fixes" for one a rerun could not apply
        moved = ('id: moved-use\nseverity: warning\nmessage: m\nnote: n\nfix:\n  applicability: unsafe\n'
                 '  replace: match\n  template: "print(later)"\nmatch:\n  language: python\n  query: |\n'
                 '    ((call function: (identifier) @f) @match (#eq? @f "show"))\n')
        src = "show()\nlater = 1\n"
        with Tree({"rules/m.yml": moved, "a.py": src}) as d:
            code, out, err = dc("--fix", "--rules", "rules", "--select", "moved-use", "a.py", cwd=d)
            self.assertEqual(read(d, "a.py"), src)
            self.assertIn("a.py:1:1: unsafe fix of moved-use rejected: it would leave `later` unbound where it is "
                          "used (line 1); --unsafe-fixes would not apply it", err)
            self.assertNotIn("--unsafe-fixes", out)
            self.assertIn("[manual]", out)
            code, out, err = dc("--fix", "--unsafe-fixes", "--rules", "rules", "--select", "moved-use", "a.py", cwd=d)
            self.assertEqual(read(d, "a.py"), src)

    def test_template_rendering_reindents(self):
        # a template line break takes the file's newline and the target's indentation; a
        # multi-line capture keeps its inner shape at its new column
        wrap = ('id: wrap\nseverity: warning\nmessage: m\nnote: n\nfix:\n  replace: match\n'
                '  template: "wrap(\\n    {{match}},\\n)"\n'
                'match:\n  language: python\n  query: |\n    ((assignment right: (dictionary) @match))\n')
        src = "def f():\r\n\tx = {\r\n\t\t'a': 1,\r\n\t}\r\n"
        with Tree({"rules/w.yml": wrap, "a.py": src.encode()}) as d:
            code, out, err = dc("--fix", "--rules", "rules", "--select", "wrap", "a.py", cwd=d)
            with open(os.path.join(d, "a.py"), "rb") as f:
                got = f.read().decode()
            self.assertEqual(got, "def f():\r\n\tx = wrap(\r\n\t    {\r\n\t    \t'a': 1,\r\n\t    },\r\n\t)\r\n")

    def test_stdin_fix_prints_fixed_source(self):
        code, out, err = dc("--fix", "--stdin-filename", "app.py", stdin=PINNED.encode())
        self.assertEqual(out, UNPINNED)
        self.assertIn("Fixed 1 finding", err)
        code, out, err = dc("--fix", "--stdin-filename", "app.py", stdin=UNPINNED.encode())
        self.assertEqual(out, UNPINNED)

    def test_symlink_written_through(self):
        with Tree({"real/app.py": PINNED}) as d:
            os.symlink("real/app.py", os.path.join(d, "link.py"))
            code, out, err = dc("--fix", "link.py", cwd=d)
            self.assertTrue(os.path.islink(os.path.join(d, "link.py")))
            self.assertEqual(read(d, "real/app.py"), UNPINNED)

    def test_crlf_and_bom_preserved(self):
        src = ("\ufeff" + PINNED).replace("\n", "\r\n").encode()
        with Tree({"app.py": src}) as d:
            dc("--fix", "app.py", cwd=d)
            with open(os.path.join(d, "app.py"), "rb") as f:
                self.assertEqual(f.read(), ("\ufeff" + UNPINNED).replace("\n", "\r\n").encode())

    def test_example_project_client_imported_and_auth_configs_carried(self):
        """Issue 15: the example's backend client is created once (backend/clients.py) and imported
        by backend/app.py; the project phase proves it a client there (without the phase the same
        calls are only the call-shape fallback), and --fix --unsafe-fixes carries the auth configs
        the project defines (.env.example) into the sessions it creates."""
        ex_root = os.path.join(ROOT, "examples", "devcaster-app")
        with open(os.path.join(ex_root, "backend", "app.py")) as f:
            self.assertIn("from backend.clients import devcaster", f.read())
        for env, proven in (({}, True), ({"DCMIGRATE_NO_PROJECT": "1"}, False)):
            p = subprocess.run([BIN, "--format", "json", "."], cwd=ex_root, capture_output=True,
                               env=dict(os.environ, **env))
            got = [f for f in json.loads(p.stdout)["findings"]
                   if f["path"] == "backend/app.py" and f["rule"] == "tools-get"]
            self.assertTrue(got, env)
            low = any("lower confidence" in f["message"] for f in got)
            self.assertEqual(low, not proven, (env, [f["message"] for f in got]))
        with tempfile.TemporaryDirectory(prefix="dc-example-") as d:
            ex = os.path.join(d, "app")
            shutil.copytree(ex_root, ex)
            code, out, err = dc("--fix", "--unsafe-fixes", ".", cwd=ex)
            self.assertNotEqual(code, 2, err)
            with open(os.path.join(ex, "backend", "app.py")) as f:
                self.assertIn('auth_configs={"github": "ac_github_config", "slack": "ac_slack_config"}', f.read())
            with open(os.path.join(ex, "web", "src", "server.ts")) as f:
                self.assertIn('authConfigs: { github: "ac_github_config" }', f.read())

    def test_example_project_fix_is_idempotent(self):
        with tempfile.TemporaryDirectory(prefix="dc-example-") as d:
            ex = os.path.join(d, "app")
            shutil.copytree(os.path.join(ROOT, "examples", "devcaster-app"), ex)
            code, out, err = dc("--fix", "--unsafe-fixes", ".", cwd=ex)
            self.assertNotEqual(code, 2, err)
            # the example migrates cleanly: only manual work and information remain
            code, out, err = dc("--format", "json", ".", cwd=ex)
            left = json.loads(out)["findings"]
            self.assertTrue(left)
            for f in left:
                self.assertTrue(f["severity"] == "info" or (f["fix"] and f["fix"]["applicability"] == "manual"), f)
            snapshot = {}
            for root, _, files in os.walk(ex):
                for n in files:
                    with open(os.path.join(root, n), "rb") as f:
                        snapshot[os.path.join(root, n)] = f.read()
            code, out, err = dc("--fix", "--unsafe-fixes", ".", cwd=ex)
            self.assertIn("Fixed 0 findings", out)
            for path, data in snapshot.items():
                with open(path, "rb") as f:
                    self.assertEqual(f.read(), data, path)


def main():
    return testlib.main(globals(), (TestFix,))


if __name__ == "__main__":
    sys.exit(main())
