#!/usr/bin/env python3
"""The auth-config projects' own checks (ctest: test_auth_projects; issue 15 item 4 and the auth
part of item 2): ids proven in one module or .env file and carried into the sessions a fix
creates in another.

The cases are tests/projects/auth-*/ in tests/test_projects.py's layout, and that runner checks
them like every project (the report `expected`, the markers, `fixed/` and `unsafe/`, -j1 = -j2,
--no-prefilter, --write-facts + --facts, --shard unions). What it does not see, checked here:

  tests/projects/auth-*/fixes.txt   each fix of the report run as the JSON report has it:
                                    `path:line:column rule applicability: message`, the message
                                    saying why a fix is unsafe (an ambiguous toolkit names both
                                    ids and where each came from) or manual; the text report
                                    shows only `[unsafe fix]`. The same bytes at -j1 and -j2.
  --diff / --diff --unsafe-fixes    the patch applies to the tree and gives exactly what --fix /
                                    --fix --unsafe-fixes write (`fixed/`, `unsafe/`): a dry run is
                                    planned with the whole project's auth configs too, although
                                    it is interleaved with the scan (cli/authphase.h).

  tests/test_auth_projects.py --bin build/dcmigrate [--update] [FILTER...]

Cost: 6 dcmigrate runs per case on a few small files.
"""
import argparse
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.abspath(__file__))
PROJECTS = os.path.join(ROOT, "projects")


def run(binary, args, cwd):
    p = subprocess.run([binary, *args], cwd=cwd, capture_output=True, env=dict(os.environ, NO_COLOR="1"))
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def files_of(top):
    out = {}
    for d, _, names in os.walk(top):
        for n in names:
            full = os.path.join(d, n)
            with open(full, "rb") as f:
                out[os.path.relpath(full, top)] = f.read()
    return out


def show_diff(want, got, name):
    return "".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True), f"{name} (golden)",
                                        f"{name} (got)"))


class Case:
    def __init__(self, binary, name, update):
        self.bin, self.name, self.update = binary, name, update
        self.dir = os.path.join(PROJECTS, name)
        args = os.path.join(self.dir, "args")
        self.args = [a for a in (open(args).read().split("\n") if os.path.exists(args) else []) if a]
        self.errors = []

    def fail(self, msg):
        self.errors.append(f"{self.name}: {msg}")

    def copy(self):
        tmp = tempfile.mkdtemp(prefix="dc-authproj-")
        dst = os.path.join(tmp, "p")
        shutil.copytree(os.path.join(self.dir, "tree"), dst, symlinks=True)
        return tmp, dst

    def fixes(self, jobs):
        tmp, d = self.copy()
        try:
            js = os.path.join(tmp, "report.json")
            code, _, err = run(self.bin, ["--no-color", "-j", str(jobs), "--output-format", f"json:{js}",
                                          *self.args, "."], d)
            if code not in (0, 1):
                self.fail(f"report at -j{jobs} exited {code}: {err[-2000:]}")
                return ""
            lines = []
            for f in json.load(open(js))["findings"]:
                fix = f.get("fix")
                if fix:
                    lines.append(f"{f['path']}:{f['line']}:{f['column']} {f['rule']} {fix['applicability']}: "
                                 f"{fix.get('message') or '-'}\n")
            return "".join(lines)
        finally:
            shutil.rmtree(tmp)

    def expected_after(self, unsafe):
        """The tree's files as --fix (or --fix --unsafe-fixes) leaves them: the goldens of
        tests/test_projects.py over the input."""
        want = files_of(os.path.join(self.dir, "tree"))
        layers = ["fixed", "unsafe"] if unsafe else ["fixed"]
        for layer in layers:
            top = os.path.join(self.dir, layer)
            if os.path.isdir(top):
                want.update(files_of(top))
        return want

    def diff_applies(self, unsafe):
        flag = ["--unsafe-fixes"] if unsafe else []
        label = "--diff --unsafe-fixes" if unsafe else "--diff"
        tmp, d = self.copy()
        try:
            _, out, _ = run(self.bin, ["--diff", *flag, *self.args, "."], d)
            if out:
                p = subprocess.run(["patch", "-s", "-p1"], cwd=d, input=out.encode(), capture_output=True)
                if p.returncode != 0:
                    self.fail(f"{label} does not apply: {p.stdout.decode()} {p.stderr.decode()}")
                    return
            got, want = files_of(d), self.expected_after(unsafe)
            for r in sorted(set(got) | set(want)):
                if got.get(r) != want.get(r):
                    self.fail(f"{label} applied gives {r} unlike the --fix golden:\n" +
                              show_diff((want.get(r) or b"").decode(), (got.get(r) or b"").decode(), r))
        finally:
            shutil.rmtree(tmp)

    def check(self):
        x1, x2 = self.fixes(1), self.fixes(2)
        if x1 != x2:
            self.fail("the fixes at -j1 and -j2 differ:\n" + show_diff(x1, x2, "fixes"))
        golden = os.path.join(self.dir, "fixes.txt")
        if self.update:
            with open(golden, "w") as f:
                f.write(x1)
        want = open(golden).read() if os.path.exists(golden) else ""
        if x1 != want:
            self.fail("fixes differ:\n" + show_diff(want, x1, "fixes.txt"))
        self.diff_applies(False)
        self.diff_applies(True)
        return self.errors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--update", action="store_true")
    ap.add_argument("filters", nargs="*")
    a = ap.parse_args()
    if not shutil.which("patch"):
        print("test_auth_projects: needs patch(1)", file=sys.stderr)
        return 1
    binary = os.path.abspath(a.bin)
    names = sorted(n for n in os.listdir(PROJECTS)
                   if n.startswith("auth-") and os.path.isdir(os.path.join(PROJECTS, n, "tree")))
    names = [n for n in names if not a.filters or any(f in n for f in a.filters)]
    if not names:
        print("no auth-* projects", file=sys.stderr)
        return 1
    failed = 0
    for n in names:
        errs = Case(binary, n, a.update).check()
        print(("FAIL " if errs else "ok   ") + n)
        for e in errs:
            print("  " + e.replace("\n", "\n  "))
        failed += bool(errs)
    print(f"{len(names) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
