#!/usr/bin/env python3
"""The safety contract's reasons (ctest: test_safety; issue 16 items 6, 8, 13; README "What
[fix], [unsafe fix] and [manual] promise"): an unsafe fix names every argument it drops, the same
way in Python and TypeScript; a version pin that direct executions still rely on is unsafe and
its reason lists them as file:line, in the same file and across modules; an auth config known
only at run time is never mapped to one toolkit. The goldens (tests/fixtures, tests/projects)
hold the exact --fix outputs; this reads the reasons, which the text report does not show for
unsafe fixes.

  tests/test_safety.py --bin build/dcmigrate
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

BIN = None
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "tests", "fixtures")


def report(*args, cwd=None):
    p = subprocess.run([BIN, "--no-config", "--format", "json", *args], cwd=cwd, capture_output=True,
                       env=dict(os.environ, NO_COLOR="1"))
    return {(f["path"], f["line"]): f for f in json.loads(p.stdout.decode())["findings"]}


def fix_of(findings, path, line):
    f = findings[(path, line)]
    return f["fix"]["applicability"], f["fix"]["message"]


class Tree:
    def __init__(self, files):
        self.dir = tempfile.mkdtemp(prefix="dc-safety-")
        for name, content in files.items():
            p = os.path.join(self.dir, name)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w") as f:
                f.write(content)

    def __enter__(self):
        return self.dir

    def __exit__(self, *a):
        shutil.rmtree(self.dir)


class TestDroppedArguments(unittest.TestCase):
    """Item 6: every dropped argument named, Python and TypeScript alike."""

    def test_python_and_typescript_name_the_same_arguments(self):
        d = os.path.join(FIXTURES, "tools-get")
        got = report("--select", "tools-get", "pos_fix_dropped_arguments.py", "pos_fix_dropped_arguments.ts", cwd=d)
        py = fix_of(got, "pos_fix_dropped_arguments.py", 9)
        ts = fix_of(got, "pos_fix_dropped_arguments.ts", 8)
        self.assertEqual(py, ("unsafe", "the session drops search, limit, modifiers (the migration guides give "
                                        "sessions no equivalent)"))
        self.assertEqual(ts, ("unsafe", "the session drops search, limit, provider options (modifiers) (the "
                                        "migration guides give sessions no equivalent)"))
        widened = ("unsafe", "the session drops scopes (the migration guides give sessions no equivalent); the "
                             "session gets the whole toolkits of GITHUB_CREATE_ISSUE, SLACK_SEND_MESSAGE, not just "
                             "those tools")
        self.assertEqual(fix_of(got, "pos_fix_dropped_arguments.py", 13), widened)
        self.assertEqual(fix_of(got, "pos_fix_dropped_arguments.ts", 12), widened)
        # negative: nothing dropped, nothing said
        self.assertEqual(fix_of(got, "pos_fix_dropped_arguments.py", 17), ("safe", None))
        self.assertEqual(fix_of(got, "pos_fix_dropped_arguments.ts", 16), ("safe", None))

    def test_no_invented_api_in_advice(self):
        d = os.path.join(FIXTURES, "tools-get")
        got = report("--select", "tools-get", "pos_fix_manual_arguments.py", cwd=d)
        for f in got.values():
            self.assertNotIn("session.tools(modifiers", f["fix"]["message"] or "")


class TestVersionPins(unittest.TestCase):
    """Item 8: a pin that direct executions rely on, in this file or another module."""

    def test_same_file_execution(self):
        src = ('from composio import Composio\n\ncomposio = Composio(toolkit_versions="latest")\n\n\n'
               'def star(u):\n    return composio.tools.execute("GITHUB_STAR_A_REPOSITORY", {}, user_id=u)\n')
        with Tree({"app.py": src}) as d:
            got = report("--select", "toolkit-versions", "app.py", cwd=d)
            self.assertEqual(fix_of(got, "app.py", 3),
                             ("unsafe", "direct tools.execute calls still run through this client (app.py:7): "
                                        "without the pin they move to the latest toolkit version"))

    def test_exported_client_executed_in_another_module(self):
        # the known bug: only same-file uses were checked, so this pin went as "safe"
        d = os.path.join(ROOT, "tests", "projects", "pins-direct-execute", "tree")
        got = report(".", cwd=d)
        self.assertEqual(fix_of(got, "app/client.py", 6),
                         ("unsafe", "direct tools.execute calls still run through this client (app/jobs.py:5): "
                                    "without the pin they move to the latest toolkit version"))
        self.assertEqual(fix_of(got, "web/lib/composio.ts", 4),
                         ("unsafe", "direct tools.execute calls still run through this client (web/jobs/star.ts:4): "
                                    "without the pin they move to the latest toolkit version"))
        self.assertEqual(fix_of(got, ".env", 4),
                         ("unsafe", "direct tools.execute calls still run through the SDK (app/jobs.py:5, "
                                    "web/jobs/star.ts:4): without the pin they move to the latest toolkit version"))
        # negative: a pinned client nothing executes through
        self.assertEqual(fix_of(got, "app/quiet.py", 4), ("safe", None))
        self.assertEqual(fix_of(got, "web/lib/quiet.ts", 4), ("safe", None))

    def test_no_execution_left_env_pin_is_safe(self):
        with Tree({".env": "COMPOSIO_TOOLKIT_VERSION_GITHUB=20251027_00\n",
                   "app.py": "from composio import Composio\n\ncomposio = Composio()\n"}) as d:
            got = report(".", cwd=d)
            self.assertEqual(fix_of(got, ".env", 1), ("safe", None))


class TestRunTimeAuthConfigs(unittest.TestCase):
    """Item 13: no --auth-config turns a run-time auth config into one toolkit's."""

    def test_reasons(self):
        d = os.path.join(FIXTURES, "connect-link")
        got = report("--select", "connect-link", "--auth-config", "auth_config_id=github", "--auth-config",
                     "AUTH_CONFIGS[toolkit]=github", "pos_fix_run_time_auth.py", cwd=d)
        app, why = fix_of(got, "pos_fix_run_time_auth.py", 12)
        self.assertEqual(app, "unsafe")
        self.assertIn("the toolkit is the run-time value `toolkit`: the session carries every auth config of "
                      "AUTH_CONFIGS", why)
        app, why = fix_of(got, "pos_fix_run_time_auth.py", 17)
        self.assertEqual(app, "manual")
        self.assertTrue(why.startswith("the auth config `auth_config_id` is known only at run time"), why)
        self.assertNotIn("pass --auth-config", why)
        edits = got[("pos_fix_run_time_auth.py", 12)]["fix"]["edits"]
        self.assertTrue(any("session.authorize(toolkit, callback_url=url)" in e["content"] for e in edits))
        self.assertFalse(any('authorize("github"' in e["content"] for e in edits))


def main():
    global BIN
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    a, _ = ap.parse_known_args()
    BIN = os.path.abspath(a.bin)
    suite = unittest.TestSuite()
    for case in (TestDroppedArguments, TestVersionPins, TestRunTimeAuthConfigs):
        suite.addTests(unittest.defaultTestLoader.loadTestsFromTestCase(case))
    res = unittest.TextTestRunner(verbosity=1).run(suite)
    failed = len(res.failures) + len(res.errors)
    print(f"{res.testsRun - failed} passed, {failed} failed")
    return 0 if res.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
