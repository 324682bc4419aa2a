#!/usr/bin/env python3
"""Issue 18 (ctest: test_gitignore_git): .gitignore through the git binary (discover/gitignore.h),
since the self-contained binary no longer links libgit2. What changed around it, as behaviour:

  - inside a git hook git sets GIT_DIR / GIT_INDEX_FILE (often relative paths); the rules are
    still those of the repository the scanned tree is in, not of the hook's repository;
  - a repository in which git cannot be run (git missing from PATH) is reported on standard
    error and scanned without ignore rules, not silently, and the run goes on;
  - a tree outside any repository costs no git process at all (its .gitignore means nothing);
  - a file git tracks is never ignored (git's own rule), even when a pattern matches it.

  tests/test_gitignore_git.py --bin build/dcmigrate
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
PY = 'from devcaster import Devcaster\n\ndc = Devcaster()\ntools = dc.tools.get(user_id="u1", toolkits=["GITHUB"])\n'


def dc(*args, cwd, env=None):
    e = dict(os.environ, NO_COLOR="1")
    if env is not None:
        e = dict(env, NO_COLOR="1")
    p = subprocess.run([BIN, "--format", "json", *args], cwd=cwd, capture_output=True, env=e)
    paths = sorted({f["path"] for f in json.loads(p.stdout)["findings"]}) if p.stdout else []
    return p.returncode, paths, p.stderr.decode("utf-8", "replace")


def git(*args, cwd):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=cwd, check=True,
                   capture_output=True)


class Tree:
    def __enter__(self):
        self.dir = tempfile.mkdtemp(prefix="dc-gi-")
        for name in ("keep.py", "ignored.py", "gen/x.py", "sub/deep/ignored.py", "sub/ok.py"):
            p = os.path.join(self.dir, name)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w") as f:
                f.write(PY)
        with open(os.path.join(self.dir, ".gitignore"), "w") as f:
            f.write("ignored.py\ngen/\n")
        return self.dir

    def __exit__(self, *a):
        shutil.rmtree(self.dir)


@unittest.skipUnless(shutil.which("git"), "git not installed")
class TestGitignoreThroughGit(unittest.TestCase):
    def test_rules_applied(self):
        with Tree() as d:
            git("init", "-q", cwd=d)
            self.assertEqual(dc(".", cwd=d)[1], ["keep.py", "sub/ok.py"])
            self.assertEqual(dc("sub", cwd=d)[1], ["sub/ok.py"])

    def test_hook_environment_does_not_redirect_git(self):
        with Tree() as d, tempfile.TemporaryDirectory() as other:
            git("init", "-q", cwd=d)
            git("init", "-q", cwd=other)  # a repository without any ignore rule
            env = dict(os.environ, GIT_DIR=os.path.join(other, ".git"), GIT_INDEX_FILE=".git/index",
                       GIT_WORK_TREE=other)
            self.assertEqual(dc(".", cwd=d, env=env)[1], ["keep.py", "sub/ok.py"])

    def test_git_missing_is_reported_and_scan_goes_on(self):
        with Tree() as d, tempfile.TemporaryDirectory() as empty_path:
            git("init", "-q", cwd=d)
            env = dict(os.environ, PATH=empty_path)
            code, paths, err = dc(".", cwd=d, env=env)
            self.assertEqual(code, 1)
            self.assertEqual(paths, ["gen/x.py", "ignored.py", "keep.py", "sub/deep/ignored.py", "sub/ok.py"])
            self.assertIn(".gitignore not applied", err)
            self.assertIn("git", err)

    def test_outside_a_repository_git_is_not_run(self):
        with Tree() as d, tempfile.TemporaryDirectory() as empty_path:
            probe = subprocess.run(["git", "-C", d, "rev-parse"], capture_output=True)
            if probe.returncode == 0:
                self.skipTest(f"{d} is inside a git work tree")
            # no git on PATH and no notice: git was never needed
            code, paths, err = dc(".", cwd=d, env=dict(os.environ, PATH=empty_path))
            self.assertEqual(len(paths), 5)
            self.assertNotIn(".gitignore", err)

    def test_tracked_file_is_not_ignored(self):
        with Tree() as d:
            git("init", "-q", cwd=d)
            git("add", "-f", "ignored.py", cwd=d)
            self.assertEqual(dc(".", cwd=d)[1], ["ignored.py", "keep.py", "sub/ok.py"])


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    a, rest = ap.parse_known_args()
    BIN = os.path.abspath(a.bin)
    unittest.main(argv=[sys.argv[0], *rest])
