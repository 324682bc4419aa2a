#!/usr/bin/env python3
"""dcmigrate on a hostile tree: files and reports (ctest: test_hardening_fs; issue 14, items 1, 2, 3, 10).

  1. A path swapped for a symbolic link after discovery (a file, or a directory above it) is never
     read or written through: the swap happens at exactly the right moment through the test hooks
     DC_TEST_AFTER_DISCOVERY=FILE (between discovery and loading) and DC_TEST_BEFORE_WRITE=FILE
     (between reading and writing): the run creates FILE and waits until the test removes it.
     Each case runs with openat2 and with the per-component fallback (DC_TEST_NO_OPENAT2=1).
  2. Report files (-o, --output-format FMT:FILE, --write-baseline) never follow a symbolic link
     planted in the repository, never write to a FIFO or directory, and a write that fails leaves
     the old report as it was (temp file + rename), with no temp file behind; /dev paths are
     opened as named.
  3. An in-tree symbolic link into an excluded or ignored directory is not followed.
 10. --max-file-size refuses negative and overflowing sizes; a file named on the command line that
     is skipped makes the run exit 2.

  tests/test_hardening_fs.py --bin build/dcmigrate [-k PATTERN]
"""
import os
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import unittest

import testlib
from testlib import env_for, read, temp_files, write

BIN = None

# A file with a fixable finding on line 4 (tools-get), and a different one whose finding is on
# line 7: a report naming line 7 for the first file's path means the second was read instead.
FIXABLE = 'from devcaster import Devcaster\n\ndc = Devcaster()\ntools = dc.tools.get(user_id="u1", toolkits=["GITHUB"])\n'
VICTIM = ('from devcaster import Devcaster\n\n\n\n\ndc = Devcaster()\n'
          'tools = dc.tools.get(user_id="victim", toolkits=["GITHUB"])\n')
CLEAN = "x = 1\n"


def dc(*args, cwd=None, env=None, timeout=60, preexec=None):
    """Runs dcmigrate; returns (exit code, stdout, stderr) as text."""
    return testlib.run(BIN, *args, cwd=cwd, env=env, timeout=timeout, preexec=preexec)


def dc_paused(args, cwd, hook, change, env=None, timeout=60):
    """Runs dcmigrate with the test hook `hook` (a DC_TEST_* variable); when the run reaches it,
    calls change() and lets the run go on. Returns (exit code, stdout, stderr)."""
    flag_dir = tempfile.mkdtemp(prefix="dc-hook-")
    flag = os.path.join(flag_dir, "paused")
    e = env_for(env)
    e[hook] = flag
    p = subprocess.Popen([BIN, *args], cwd=cwd, env=e, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + timeout
        while not os.path.exists(flag):
            if p.poll() is not None:
                raise AssertionError("dcmigrate ended before the hook %s: %r" % (hook, p.stderr.read()))
            if time.monotonic() > deadline:
                raise AssertionError("dcmigrate never reached the hook " + hook)
            time.sleep(0.005)
        change()
        os.unlink(flag)
        out, err = p.communicate(timeout=timeout)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
        shutil.rmtree(flag_dir, ignore_errors=True)
    return p.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


class Tree:
    """top/proj (the scanned tree) and top/outside (what a planted link points to)."""

    def __init__(self, proj=None, outside=None):
        self.top = tempfile.mkdtemp(prefix="dc-hfs-")
        self.proj = os.path.join(self.top, "proj")
        self.outside = os.path.join(self.top, "outside")
        os.makedirs(self.proj)
        os.makedirs(self.outside)
        for name, content in (proj or {}).items():
            write(os.path.join(self.proj, name), content)
        for name, content in (outside or {}).items():
            write(os.path.join(self.outside, name), content)

    def p(self, rel):
        return os.path.join(self.proj, rel)

    def o(self, rel):
        return os.path.join(self.outside, rel)

    def __enter__(self):
        return self

    def __exit__(self, *a):
        shutil.rmtree(self.top, ignore_errors=True)


MODES = (("openat2", {}), ("fallback", {"DC_TEST_NO_OPENAT2": "1"}))


# ------------------------------------------------------------------------------------------------
# 1. A path swapped for a symbolic link between discovery and load, or between read and write
# ------------------------------------------------------------------------------------------------

class TestSwap(unittest.TestCase):
    def swap_file(self, t, rel, target):
        os.unlink(t.p(rel))
        os.symlink(target, t.p(rel))

    def swap_dir(self, t, rel, target):
        os.rename(t.p(rel), t.p(rel + ".moved"))
        os.symlink(target, t.p(rel))

    def check_refused(self, code, out, err, t, shown, victims):
        self.assertEqual(code, 2, err)
        self.assertRegex(err, r"dcmigrate: error: %s: .*symbolic link" % re.escape(shown))
        self.assertNotIn("victim", out)
        self.assertNotIn("%s:7:" % shown, out, "the file outside the tree was read")
        for v, content in victims.items():
            self.assertEqual(read(t.o(v)), content.encode(), "%s outside the tree was changed" % v)
        self.assertEqual(temp_files(t.top), [])

    def test_file_swapped_after_discovery(self):
        for mode, env in MODES:
            for fix in (True, False):
                with self.subTest(mode=mode, fix=fix), \
                        Tree({"a.py": FIXABLE, "good.py": FIXABLE}, {"victim.py": VICTIM}) as t:
                    args = (["--fix"] if fix else []) + ["--no-config", "."]
                    code, out, err = dc_paused(args, t.proj, "DC_TEST_AFTER_DISCOVERY",
                                               lambda: self.swap_file(t, "a.py", "../outside/victim.py"), env)
                    self.check_refused(code, out, err, t, "a.py", {"victim.py": VICTIM})
                    self.assertTrue(os.path.islink(t.p("a.py")))
                    # the rest of the run goes on
                    if fix:
                        self.assertIn("session", read(t.p("good.py")).decode())
                    else:
                        self.assertIn("good.py:4:", out)

    def test_directory_swapped_after_discovery(self):
        for mode, env in MODES:
            for fix in (True, False):
                with self.subTest(mode=mode, fix=fix), \
                        Tree({"src/deep/x.py": FIXABLE, "good.py": FIXABLE},
                             {"dir/deep/x.py": VICTIM}) as t:
                    args = (["--fix"] if fix else []) + ["--no-config", "."]
                    code, out, err = dc_paused(args, t.proj, "DC_TEST_AFTER_DISCOVERY",
                                               lambda: self.swap_dir(t, "src", "../outside/dir"), env)
                    self.check_refused(code, out, err, t, "src/deep/x.py", {"dir/deep/x.py": VICTIM})
                    self.assertEqual(read(t.p("src.moved/deep/x.py")), FIXABLE.encode())

    def test_named_file_swapped_after_discovery(self):
        """A file named on the command line: its directory swapped for a link."""
        for mode, env in MODES:
            with self.subTest(mode=mode), Tree({"src/a.py": FIXABLE}, {"dir/a.py": VICTIM}) as t:
                code, out, err = dc_paused(["--fix", "--no-config", "src/a.py"], t.proj, "DC_TEST_AFTER_DISCOVERY",
                                           lambda: self.swap_dir(t, "src", "../outside/dir"), env)
                self.check_refused(code, out, err, t, "src/a.py", {"dir/a.py": VICTIM})

    def test_swapped_between_read_and_write(self):
        """The file, or its directory, replaced by a link to an identical copy outside after it was
        read: the write is refused, the copy outside keeps its bytes."""
        for mode, env in MODES:
            for what in ("file", "dir"):
                with self.subTest(mode=mode, what=what), \
                        Tree({"src/a.py": FIXABLE}, {"src/a.py": FIXABLE}) as t:
                    if what == "file":
                        change = lambda: self.swap_file(t, "src/a.py", "../../outside/src/a.py")  # noqa: E731
                    else:
                        change = lambda: self.swap_dir(t, "src", "../outside/src")  # noqa: E731
                    code, out, err = dc_paused(["--fix", "--no-config", "-j", "1", "."], t.proj,
                                               "DC_TEST_BEFORE_WRITE", change, env)
                    self.assertEqual(code, 2, err)
                    self.assertIn("src/a.py: file changed on disk since it was read; not written", err)
                    self.assertEqual(read(t.o("src/a.py")), FIXABLE.encode())
                    self.assertEqual(temp_files(t.top), [])

    def test_in_tree_links_still_work(self):
        """Links inside the tree are read and fixed at their target; the link stays a link."""
        for mode, env in MODES:
            with self.subTest(mode=mode), Tree({"lib/real.py": FIXABLE}) as t:
                os.symlink("lib/real.py", t.p("link.py"))
                code, out, err = dc("--fix", "--no-config", ".", cwd=t.proj, env=env)
                self.assertEqual(code, 0, err)
                self.assertIn("session", read(t.p("lib/real.py")).decode())
                self.assertTrue(os.path.islink(t.p("link.py")))


# ------------------------------------------------------------------------------------------------
# 2. Report files
# ------------------------------------------------------------------------------------------------

REPORT_ARGS = {
    "output": lambda f: ["--format", "json", "-o", f],
    "output-format": lambda f: ["--output-format", "sarif:" + f],
    "write-baseline": lambda f: ["--write-baseline", f],
}


class TestReports(unittest.TestCase):
    def test_symlink_to_existing_file(self):
        for kind, args in REPORT_ARGS.items():
            with self.subTest(kind=kind), Tree({"a.py": FIXABLE}, {"victim": "precious\n"}) as t:
                os.symlink("../outside/victim", t.p("report.out"))
                code, out, err = dc(*args("report.out"), "--no-config", ".", cwd=t.proj)
                self.assertEqual(code, 2, err)
                self.assertRegex(err, r"error: report\.out: is a symbolic link; (\w+ )?(report|baseline) not written")
                self.assertEqual(read(t.o("victim")), b"precious\n")
                self.assertTrue(os.path.islink(t.p("report.out")))
                self.assertEqual(temp_files(t.top), [])

    def test_dangling_symlink(self):
        for kind, args in REPORT_ARGS.items():
            with self.subTest(kind=kind), Tree({"a.py": FIXABLE}) as t:
                os.symlink("../outside/created", t.p("report.out"))
                code, out, err = dc(*args("report.out"), "--no-config", ".", cwd=t.proj)
                self.assertEqual(code, 2, err)
                self.assertRegex(err, r"error: report\.out: is a symbolic link; (\w+ )?(report|baseline) not written")
                self.assertEqual(os.listdir(t.outside), [])

    def test_symlinked_directory_in_relative_path(self):
        for kind, args in REPORT_ARGS.items():
            with self.subTest(kind=kind), Tree({"a.py": FIXABLE}) as t:
                os.symlink("../outside", t.p("reports"))
                code, out, err = dc(*args("reports/r.out"), "--no-config", ".", cwd=t.proj)
                self.assertEqual(code, 2, err)
                self.assertRegex(err, r"error: reports/r\.out: a directory on its path is a symbolic link; (\w+ )?(report|baseline) not written")
                self.assertEqual(os.listdir(t.outside), [])
                # an absolute path is taken as written, up to its last component
                code, out, err = dc(*args(os.path.join(t.proj, "reports", "r.out")), "--no-config", ".", cwd=t.proj)
                self.assertIn(code, (0, 1), err)
                self.assertTrue(os.path.isfile(t.o("r.out")))

    def test_not_a_regular_file(self):
        for kind, args in REPORT_ARGS.items():
            with self.subTest(kind=kind), Tree({"a.py": FIXABLE}) as t:
                os.mkfifo(t.p("fifo.out"))
                os.mkdir(t.p("dir.out"))
                for name in ("fifo.out", "dir.out"):
                    code, out, err = dc(*args(name), "--no-config", ".", cwd=t.proj, timeout=20)
                    self.assertEqual(code, 2, err)
                    self.assertRegex(err, r"error: %s: not a regular file; (\w+ )?(report|baseline) not written" % re.escape(name))
                self.assertTrue(stat.S_ISFIFO(os.lstat(t.p("fifo.out")).st_mode))
                self.assertEqual(temp_files(t.top), [])

    def test_dev_paths_as_named(self):
        """/dev/null and /dev/stdout (a link) are what a user names on purpose: opened as named."""
        with Tree({"a.py": FIXABLE}) as t:
            code, out, err = dc("--output-format", "sarif:/dev/null", "-o", "/dev/stdout", "--format", "json",
                                "--write-baseline", "/dev/null", "--no-config", ".", cwd=t.proj)
            self.assertEqual(code, 0, err)
            self.assertIn('"tool": "dcmigrate"', out)

    def test_failed_write_keeps_the_old_report(self):
        """The file size limit makes the write fail half-way: the old report survives whole."""
        old = b"the old report\n" * 2

        def small_files():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (100, 100))

        for kind, args in REPORT_ARGS.items():
            with self.subTest(kind=kind), Tree({"a.py": FIXABLE}) as t:
                write(t.p("report.out"), old)
                os.chmod(t.p("report.out"), 0o640)
                code, out, err = dc(*args("report.out"), "--no-config", ".", cwd=t.proj, preexec=small_files)
                self.assertEqual(code, 2, err)
                self.assertRegex(err, r"error: report\.out: cannot write .*File too large")
                self.assertEqual(read(t.p("report.out")), old)
                self.assertEqual(temp_files(t.top), [])
                # and without the limit it is replaced, keeping its mode
                code, out, err = dc(*args("report.out"), "--no-config", ".", cwd=t.proj)
                self.assertIn(code, (0, 1), err)
                self.assertNotEqual(read(t.p("report.out")), old)
                self.assertEqual(stat.S_IMODE(os.stat(t.p("report.out")).st_mode), 0o640)
                self.assertEqual(temp_files(t.top), [])


# ------------------------------------------------------------------------------------------------
# 3. In-tree links into excluded directories
# ------------------------------------------------------------------------------------------------

class TestExcludedTargets(unittest.TestCase):
    NOTE = "symbolic link points to an excluded or ignored path, skipped"

    def check_not_followed(self, t, link, target, args=()):
        for fix in (False, True):
            code, out, err = dc(*(["--fix"] if fix else []), "--no-config", *args, ".", cwd=t.proj)
            self.assertEqual(code, 0, err)
            self.assertIn("%s: %s" % (link, self.NOTE), err)
            self.assertNotIn(link + ":", out)
            self.assertEqual(read(t.p(target)), FIXABLE.encode())

    def test_default_excludes(self):
        with Tree({"node_modules/pkg/index.py": FIXABLE, "lib/build/gen.py": FIXABLE}) as t:
            os.symlink("node_modules/pkg/index.py", t.p("a.py"))
            os.symlink("build/gen.py", t.p("lib/b.py"))
            self.check_not_followed(t, "a.py", "node_modules/pkg/index.py")
            self.check_not_followed(t, "lib/b.py", "lib/build/gen.py")
            # --no-default-excludes: followed again (the file once, under the smaller of its names)
            code, out, err = dc("--no-config", "--no-default-excludes", ".", cwd=t.proj)
            self.assertNotIn(self.NOTE, err)
            self.assertIn("a.py:4:", out)
            self.assertIn("lib/b.py:4:", out)

    def test_exclude_glob(self):
        for glob, target in (("vendor", "vendor/x/lib.py"), ("gen/*.py", "gen/out.py"), ("*/x/*", "vendor/x/lib.py")):
            with self.subTest(glob=glob), Tree({target: FIXABLE}) as t:
                os.symlink(target, t.p("a.py"))
                self.check_not_followed(t, "a.py", target, ("--exclude", glob))

    def test_gitignore(self):
        if not shutil.which("git"):
            self.skipTest("git not installed")
        with Tree({"generated/api.py": FIXABLE, "secret.py": FIXABLE, ".gitignore": "generated/\nsecret.py\n"}) as t:
            subprocess.run(["git", "init", "-q"], cwd=t.proj, check=True)
            os.symlink("generated/api.py", t.p("a.py"))
            os.symlink("secret.py", t.p("b.py"))
            self.check_not_followed(t, "a.py", "generated/api.py")
            self.check_not_followed(t, "b.py", "secret.py")

    def test_named_link_is_followed(self):
        """Excludes do not apply to a file named on the command line, a link included."""
        with Tree({"node_modules/pkg/index.py": FIXABLE}) as t:
            os.symlink("node_modules/pkg/index.py", t.p("a.py"))
            code, out, err = dc("--no-config", "a.py", cwd=t.proj)
            self.assertEqual(code, 1, err)
            self.assertIn("a.py:4:", out)


# ------------------------------------------------------------------------------------------------
# 10. --max-file-size, and named files that are skipped
# ------------------------------------------------------------------------------------------------

class TestSizesAndNamedSkips(unittest.TestCase):
    def test_max_file_size_refuses_negative_and_overflow(self):
        with Tree({"a.py": FIXABLE}) as t:
            for v, why in (("-1", "negative"), ("-5K", "negative"), ("+5", None), (" 5", None), ("", None),
                           ("1.5M", None), ("5KB", None),
                           ("18446744073709551616", "too large"), ("99999999999999999999", "too large"),
                           ("20000000000G", "too large"), ("17179869184G", "too large")):
                with self.subTest(value=v):
                    code, out, err = dc("--max-file-size", v, "--no-config", ".", cwd=t.proj)
                    self.assertEqual(code, 2, err)
                    self.assertIn("bad --max-file-size `%s`" % v, err)
                    if why:
                        self.assertIn(why, err)
                    self.assertEqual(out, "")
            for v in ("0", "100", "1K", "2m", "3G", "18446744073709551615", "17179869183G"):
                with self.subTest(value=v):
                    code, out, err = dc("--max-file-size", v, "--no-config", ".", cwd=t.proj)
                    self.assertIn(code, (0, 1), err)

    def test_named_file_skipped_exits_2(self):
        big = FIXABLE + "#" * 5000 + "\n"
        with Tree({"big.py": big, "bin.py": b"\x00\x01binary", "README.md": "hello\n", "a.py": FIXABLE}) as t:
            os.mkfifo(t.p("pipe.py"))
            cases = (("big.py", "larger than --max-file-size, skipped"),
                     ("bin.py", "binary file (NUL bytes), skipped"),
                     ("README.md", "not a Python, TypeScript, JavaScript or .env file, skipped"),
                     ("pipe.py", "not a regular file, skipped"))
            for name, why in cases:
                with self.subTest(name=name):
                    code, out, err = dc("--max-file-size", "1K", "--no-config", name, "a.py", cwd=t.proj, timeout=20)
                    self.assertEqual(code, 2, err)
                    self.assertIn("dcmigrate: error: %s: %s" % (name, why), err)
                    self.assertIn("a.py:4:", out)  # the rest of the run still happens
            # found by walking a directory, the same files are skipped with a note
            code, out, err = dc("--max-file-size", "1K", "--no-config", ".", cwd=t.proj, timeout=20)
            self.assertEqual(code, 1, err)
            self.assertIn("dcmigrate: note: big.py: larger than --max-file-size, skipped", err)
            self.assertIn("dcmigrate: note: bin.py: binary file (NUL bytes), skipped", err)
            self.assertNotIn("error", err)


def main():
    return testlib.main(globals(), (TestSwap, TestReports, TestExcludedTargets, TestSizesAndNamedSkips), verbosity=2)


if __name__ == "__main__":
    sys.exit(main())
