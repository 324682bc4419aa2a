#!/usr/bin/env python3
"""Auth configs carried into sessions (ctest: test_auth_configs; issue 15 item 4): where each
carried id came from in the finding's message (a file:line, the config file's line, or
--auth-config), precedence (the command line above the config above the code), and the unsafe
fix's reason naming both ids of an ambiguous toolkit with their places. The fixed text itself is
in the golden fixtures (tests/fixtures/*/pos_fix_auth_*); this checks what the goldens' text
report does not show."""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

BIN = None

PY = ('from devcaster import Devcaster\n'
      'dc = Devcaster()\n'
      'GITHUB_AUTH_CONFIG_ID = "ac_code_gh"\n'
      'def f(uid):\n'
      '    return dc.tools.get(uid, toolkits=["GITHUB"])\n')


def run(*args, cwd):
    p = subprocess.run([BIN, "--format", "json", "--select", "tools-get", *args], cwd=cwd, capture_output=True,
                       env=dict(os.environ, NO_COLOR="1"))
    return json.loads(p.stdout.decode())["findings"]


class Tree:
    def __init__(self, files):
        self.dir = tempfile.mkdtemp(prefix="dc-auth-")
        for name, content in files.items():
            with open(os.path.join(self.dir, name), "w") as f:
                f.write(content)

    def __enter__(self):
        return self.dir

    def __exit__(self, *a):
        shutil.rmtree(self.dir)


def edits(f):
    return "".join(e["content"] for e in f["fix"]["edits"])


class TestProvenance(unittest.TestCase):
    def test_code_fact_names_its_line(self):
        with Tree({"app.py": PY}) as d:
            (f,) = run("app.py", cwd=d)
            self.assertIn("auth configs carried into the session: github=ac_code_gh (app.py:3)", f["message"])
            self.assertEqual(f["fix"]["applicability"], "safe")
            self.assertIn('"github": "ac_code_gh"', edits(f))

    def test_config_file_wins_over_code_and_names_its_line(self):
        cfg = "sdk: devcaster\nauth_configs:\n  ac_cfg_gh: github\n"
        with Tree({".dcmigrate.yml": cfg, "app.py": PY}) as d:
            (f,) = run("app.py", cwd=d)
            self.assertIn("github=ac_cfg_gh (", f["message"])
            self.assertIn(".dcmigrate.yml:3)", f["message"])
            self.assertEqual(f["fix"]["applicability"], "safe")  # explicit wins: not ambiguous
            self.assertNotIn("ac_code_gh", edits(f))

    def test_command_line_wins_over_config(self):
        cfg = "auth_configs: {ac_cfg_gh: github}\n"
        with Tree({".dcmigrate.yml": cfg, "app.py": PY}) as d:
            (f,) = run("--auth-config", "ac_flag_gh=GITHUB", "app.py", cwd=d)
            self.assertIn("github=ac_flag_gh (--auth-config)", f["message"])
            self.assertIn('"github": "ac_flag_gh"', edits(f))

    def test_two_explicit_ids_for_one_toolkit_are_ambiguous(self):
        with Tree({"app.py": PY}) as d:
            (f,) = run("--auth-config", "ac_a=github", "--auth-config", "ac_b=github", "app.py", cwd=d)
            self.assertEqual(f["fix"]["applicability"], "unsafe")
            self.assertIn("github has two auth configs, ac_a (--auth-config) and ac_b (--auth-config)",
                          f["fix"]["message"])


class TestAmbiguity(unittest.TestCase):
    def test_reason_names_both_ids_and_places(self):
        src = PY + 'AUTH_CONFIGS = {"github": "ac_other_gh"}\n'
        with Tree({"app.py": src}) as d:
            (f,) = run("app.py", cwd=d)
            self.assertEqual(f["fix"]["applicability"], "unsafe")
            self.assertEqual(f["fix"]["message"],
                             "github has two auth configs, ac_code_gh (app.py:3) and ac_other_gh (app.py:6): "
                             "the session leaves it out; add the right one to auth_configs")
            self.assertNotIn("ac_code_gh", edits(f))
            self.assertNotIn("ac_other_gh", edits(f))
            # without --unsafe-fixes nothing is applied
            p = subprocess.run([BIN, "--fix", "--select", "tools-get", "app.py"], cwd=d, capture_output=True)
            self.assertIn(b"tools.get", open(os.path.join(d, "app.py"), "rb").read())
            self.assertEqual(p.returncode, 1)

    def test_the_same_id_twice_is_not_ambiguous(self):
        src = PY + 'AUTH_CONFIGS = {"github": "ac_code_gh"}\n'
        with Tree({"app.py": src}) as d:
            (f,) = run("app.py", cwd=d)
            self.assertEqual(f["fix"]["applicability"], "safe")
            self.assertIn("github=ac_code_gh (app.py:3)", f["message"])  # the first place


def main():
    global BIN
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    a, _ = ap.parse_known_args()
    BIN = os.path.abspath(a.bin)
    suite = unittest.TestSuite()
    for case in (TestProvenance, TestAmbiguity):
        suite.addTests(unittest.defaultTestLoader.loadTestsFromTestCase(case))
    res = unittest.TextTestRunner(verbosity=1).run(suite)
    failed = len(res.failures) + len(res.errors)
    print(f"{res.testsRun - failed} passed, {failed} failed")
    return 0 if res.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
