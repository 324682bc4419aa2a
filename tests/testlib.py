"""What the end-to-end test scripts share: running dcmigrate, temp trees, files, the command line.

Each tests/test_*.py is run by ctest as `python3 tests/test_x.py --bin build/dcmigrate [...]`, so
its own directory is on sys.path and `import testlib` finds this file. One copy of each helper:
a test script keeps only what is particular to it.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

# The writer's temp files (apply/write.c): `.<name>.dcmigrate-XXXXXX` next to the target.
TEMP_RE = re.compile(r"^\..+\.dcmigrate-[A-Za-z0-9]{6}$")

_sanitized = {}


def is_sanitized(binary):
    """ASan/UBSan builds are several times slower: size-heavy tests scale down there."""
    if binary not in _sanitized:
        with open(binary, "rb") as f:
            _sanitized[binary] = b"__asan_init" in f.read()
    return _sanitized[binary]


def slow_factor(binary):
    return 4 if is_sanitized(binary) else 1


def env_for(extra=None):
    """The caller's environment without colour and without any test hook (DC_TEST_*) it may carry."""
    e = dict(os.environ, NO_COLOR="1")
    for k in list(e):
        if k.startswith("DC_TEST_"):
            del e[k]
    if extra:
        e.update(extra)
    return e


def run(binary, *args, cwd=None, env=None, stdin=subprocess.DEVNULL, input=None, timeout=None, preexec=None):
    """Runs dcmigrate; returns (exit code, stdout, stderr) as text (invalid UTF-8 replaced)."""
    kw = {"input": input} if input is not None else {"stdin": stdin}
    p = subprocess.run([binary, *args], cwd=cwd, env=env_for(env), capture_output=True, timeout=timeout,
                       preexec_fn=preexec, **kw)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def write(path, content, mode=None):
    """Writes bytes, or text as UTF-8 whatever the locale; creates the directories. The path may be
    bytes (a file name that is not UTF-8)."""
    os.makedirs(os.path.dirname(path) or (b"." if isinstance(path, bytes) else "."), exist_ok=True)
    with open(path, "wb") as f:
        f.write(content.encode() if isinstance(content, str) else content)
    if mode is not None:
        os.chmod(path, mode)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def read_text(path):
    return read(path).decode()


def temp_files(d):
    """The writer's temp files left anywhere below d (there must never be any)."""
    found = []
    for root, dirs, files in os.walk(d):
        found += [os.path.join(root, n) for n in files if TEMP_RE.match(n)]
    return found


def rmtree(d):
    """Removes d even where a test took permissions away (links are left as they are)."""
    for root, dirs, files in os.walk(d):
        for n in dirs + files:
            p = os.path.join(root, n)
            if not os.path.islink(p):
                try:
                    os.chmod(p, 0o755)
                except OSError:
                    pass
    shutil.rmtree(d, ignore_errors=True)


class Tree:
    """A temp directory holding `files` ({relative path (str, or bytes for names that are not UTF-8):
    text or bytes}); with `git`, an empty .git directory makes it a repository root (all that
    discovery looks for). Removed on exit, permissions restored first."""

    def __init__(self, files=None, prefix="dc-test-", base=None, git=False):
        self.dir = tempfile.mkdtemp(prefix=prefix, dir=base)
        os.chmod(self.dir, 0o755)
        if git:
            os.mkdir(os.path.join(self.dir, ".git"))
        for name, content in (files or {}).items():
            if isinstance(name, bytes):
                write(os.path.join(self.dir.encode(), name), content)
            else:
                write(os.path.join(self.dir, name), content)

    def __enter__(self):
        return self.dir

    def __exit__(self, *a):
        rmtree(self.dir)


def parse_args(module_globals, configure=None):
    """The scripts' shared command line: --bin (sets the script's BIN), -k PATTERN (test names that
    contain it), any further words select tests whose id contains one of them."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("-k", dest="pattern", action="append", help="only tests whose name contains this")
    if configure:
        configure(ap)
    a, rest = ap.parse_known_args()
    module_globals["BIN"] = os.path.abspath(a.bin)
    a.rest = [r for r in rest if not r.startswith("-")]
    return a


def run_cases(cases, a, verbosity=1, summary=None):
    """Runs the unittest classes `cases` as selected by parse_args' result `a`; returns the exit code.
    A selection that runs no test fails: a filter that matches nothing must not look like a pass."""
    loader = unittest.TestLoader()
    if a.pattern:
        loader.testNamePatterns = [f"*{p}*" for p in a.pattern]
    suite = unittest.TestSuite(loader.loadTestsFromTestCase(c) for c in cases)
    if a.rest:
        suite = unittest.TestSuite(t for s in suite for t in s if any(r in t.id() for r in a.rest))
    res = unittest.TextTestRunner(verbosity=verbosity).run(suite)
    failed = len(res.failures) + len(res.errors) + len(res.unexpectedSuccesses)
    skipped = len(res.skipped)
    if summary:
        summary(res)
    print(f"{res.testsRun - failed - skipped} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
    return 0 if failed == 0 and res.testsRun > 0 else 1


def main(module_globals, cases, verbosity=1, configure=None):
    """parse_args + run_cases, for a script with nothing particular in its main."""
    return run_cases(cases, parse_args(module_globals, configure), verbosity)


if __name__ == "__main__":
    sys.exit("testlib.py is a library for tests/test_*.py")
