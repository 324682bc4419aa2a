#!/usr/bin/env python3
"""pre-commit channel (ctest: test_channel_precommit; issue 18): a project adds the four lines
(repo, rev, hooks, id) to .pre-commit-config.yaml and nothing else; Debian's `pre-commit` clones
the hook repository (here a local git repository holding this checkout's hook files, tagged
vVERSION), pip-installs it into the hook's virtualenv the way it does for every `language: python`
hook, and that installs the dcmigrate wheel (pyproject.toml/setup.py at the root depend on it).
Offline: PIP_NO_INDEX + PIP_FIND_LINKS point pip at the wheel packaging/pack.py just built, and
the build runs without isolation on the virtualenv's own setuptools (a user's pip fetches both from
PyPI). Checked: findings fail the commit, files excluded by .dcmigrate.yml are not reported
although pre-commit names them (--force-exclude), .env files reach the env rule, dcmigrate-fix
rewrites the staged files, and the hooks' `files` pattern matches exactly what dcmigrate scans."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import yaml

import channels
import testlib

BIN = None
TMP = HOOKS = WHEELS = None
HOOK_FILES = [".pre-commit-hooks.yaml", "pyproject.toml", "setup.py", "VERSION", "LICENSE"]
GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "init.defaultBranch=main",
       "-c", "commit.gpgsign=false"]


def git(cwd, *args):
    subprocess.run(GIT + list(args), cwd=cwd, check=True, capture_output=True)


def setUpModule():
    global TMP, HOOKS, WHEELS
    TMP = tempfile.mkdtemp(prefix="dc-pre-commit-")
    WHEELS = os.path.join(TMP, "wheels")
    channels.pack("wheel", BIN, WHEELS)
    HOOKS = os.path.join(TMP, "hook-repo")
    os.makedirs(HOOKS)
    for f in HOOK_FILES:
        shutil.copy(os.path.join(channels.ROOT, f), HOOKS)
    git(HOOKS, "init", "-q")
    git(HOOKS, "add", "-A")
    git(HOOKS, "commit", "-qm", "hooks")
    git(HOOKS, "tag", "v" + channels.VERSION)


def tearDownModule():
    shutil.rmtree(TMP)


def project(name, hook_id):
    config = (f"repos:\n  - repo: {HOOKS}\n    rev: v{channels.VERSION}\n    hooks:\n      - id: {hook_id}\n")
    files = dict(channels.SAMPLE, **{".pre-commit-config.yaml": config, "web/client.ts": "export const x = 1;\n"})
    where = channels.write_tree(os.path.join(TMP, name), files)
    git(where, "init", "-q")
    git(where, "add", "-A")
    git(where, "commit", "-qm", "init")
    return where, config


def pre_commit(where, *args):
    exe = shutil.which("pre-commit")
    assert exe, "pre-commit is not installed (Debian: apt install pre-commit; scripts/bootstrap does)"
    env = dict(os.environ, PRE_COMMIT_HOME=os.path.join(TMP, "cache"), PIP_NO_INDEX="1", PIP_FIND_LINKS=WHEELS,
               PIP_NO_BUILD_ISOLATION="0",  # sic: pip reads this variable inverted; it turns isolation off
               PIP_DISABLE_PIP_VERSION_CHECK="1", NO_COLOR="1", HOME=os.path.join(TMP, "home"),
               VIRTUALENV_NO_PERIODIC_UPDATE="1", VIRTUALENV_NO_DOWNLOAD="1")  # seed from the local wheels only
    return subprocess.run([exe, "run", "--color", "never", *args], cwd=where, env=env, capture_output=True,
                          text=True)


class TestHooks(unittest.TestCase):
    def test_four_lines(self):
        _, config = project("four-lines", "dcmigrate")
        self.assertEqual(len(config.splitlines()[1:]), 4)

    def test_check_hook(self):
        where, _ = project("check", "dcmigrate")
        p = pre_commit(where, "--all-files")
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assertRegex(p.stdout, r"dcmigrate \(direct tools -> sessions\)\.+Failed")
        reported = sorted(set(re.findall(r"^(\S+?):\d+:\d+: \w+\[([\w-]+)\]", p.stdout, re.M)))
        self.assertEqual(reported, channels.SAMPLE_FINDINGS)
        self.assertNotIn("legacy/old.py", p.stdout)  # named by pre-commit, excluded by .dcmigrate.yml

    def test_excluded_file_alone_passes(self):
        where, _ = project("excluded-only", "dcmigrate")
        p = pre_commit(where, "--files", "legacy/old.py")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertRegex(p.stdout, r"dcmigrate \(direct tools -> sessions\)\.+Passed")

    def test_fix_hook(self):
        where, _ = project("fix", "dcmigrate-fix")
        p = pre_commit(where, "--all-files")
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assertIn("files were modified by this hook", p.stdout)
        with open(os.path.join(where, "src", "app.py")) as f:
            self.assertIn("session.tools()", f.read())
        with open(os.path.join(where, ".env")) as f:
            self.assertNotIn("DEVCASTER_TOOLKIT_VERSION_GITHUB", f.read())
        with open(os.path.join(where, "legacy", "old.py")) as f:
            self.assertEqual(f.read(), channels.PY)


class TestFilesPattern(unittest.TestCase):
    def test_pattern_matches_what_dcmigrate_scans(self):
        with open(os.path.join(channels.ROOT, ".pre-commit-hooks.yaml")) as f:
            hooks = yaml.safe_load(f)
        names = ["a.py", "a.pyi", "b.ts", "b.mts", "b.cts", "c.tsx", "d.js", "d.mjs", "d.cjs", "e.jsx", ".env",
                 "conf/.env.local", "production.env", "x.env.py", "README.md", "a.env.txt", "py", "env", "setup.cfg",
                 "app.py.orig", "my.envrc", "deep/dir/.env.production"]
        where = channels.write_tree(os.path.join(TMP, "pattern"), {n: "" for n in names})
        # named on the command line, a file dcmigrate does not scan is listed as skipped
        p = subprocess.run([BIN, "--format", "json", *names], cwd=where, capture_output=True, text=True)
        skipped = {s["path"] for s in json.loads(p.stdout)["summary"]["skipped"]}
        scanned = set(names) - skipped
        self.assertIn("x.env.py", scanned)
        self.assertIn("README.md", skipped)
        for hook in hooks:
            matched = {n for n in names if re.search(hook["files"], n)}
            self.assertEqual(matched, scanned, hook["id"])
            self.assertEqual(hook["language"], "python")
            self.assertTrue(hook["require_serial"])
            self.assertIn("--force-exclude", hook["entry"].split())


if __name__ == "__main__":
    sys.exit(testlib.main(globals(), [TestHooks, TestFilesPattern]))
