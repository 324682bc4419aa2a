#!/usr/bin/env python3
"""Multi-file golden projects for the auth configs (ctest: test_auth_projects; issue 15 item 4
and the auth part of item 2): ids proven in one module or .env file and carried into the
sessions a fix creates in another.

Layout (tests/projects/auth-<case>/):
  tree/...     the project, scanned as `.` from a copy of it; `expect: <rule-id>` markers on
               every line where a finding starts (and only there: decoys have none)
  args         extra arguments, one per line (optional)
  report.txt   exact text report of `dcmigrate --no-color [args] .`
  fixes.txt    each fix of that run as the JSON report has it: `path:line:column rule
               applicability: message` (the message says why a fix is unsafe or manual: the text
               report does not show it)
  fixed/...    exact text, after `--fix --unsafe-fixes`, of every file that run changes (a file
               not under fixed/ must stay as it is)

Checks per case:
  - the report equals report.txt and fixes.txt, at -j1 and at -j2 (the same bytes: the auth results do not
    depend on which worker reads which file first);
  - the markers name exactly the lines where findings start;
  - --fix --unsafe-fixes gives fixed/ (and leaves every other file alone), at -j1 and at -j2;
  - --diff --unsafe-fixes says exactly what that --fix does (the diff applies to the tree's files:
    planned with the whole project's auth configs either way);
  - a second --fix --unsafe-fixes changes nothing; fixed .py files still parse.

  tests/test_auth_projects.py --bin build/dcmigrate [--update] [FILTER...]

Cost: 8 dcmigrate runs per case on a few small files (about a second in all).
"""
import argparse
import ast
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.abspath(__file__))
PROJECTS = os.path.join(ROOT, "projects")
MARK = re.compile(r"(?:#|//)\s*expect:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)")
FINDING = re.compile(r"^(\S+?):(\d+):\d+: \w+\[([a-z0-9-]+)\]")


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
        self.tree = os.path.join(self.dir, "tree")
        args = os.path.join(self.dir, "args")
        self.args = open(args).read().split("\n") if os.path.exists(args) else []
        self.args = [a for a in self.args if a]
        self.errors = []

    def fail(self, msg):
        self.errors.append(f"{self.name}: {msg}")

    def copy(self):
        tmp = tempfile.mkdtemp(prefix="dc-authproj-")
        dst = os.path.join(tmp, "p")
        shutil.copytree(self.tree, dst, symlinks=True)
        return tmp, dst

    def report(self, jobs):
        """The text report and the fixes' lines (fixes.txt) of one run."""
        tmp, d = self.copy()
        try:
            js = os.path.join(tmp, "report.json")
            code, out, err = run(self.bin, ["--no-color", "-j", str(jobs), "--output-format", f"json:{js}",
                                            *self.args, "."], d)
            if code not in (0, 1):
                self.fail(f"report at -j{jobs} exited {code}: {err[-2000:]}")
                return out, ""
            lines = []
            for f in json.load(open(js))["findings"]:
                fix = f.get("fix")
                if fix:
                    lines.append(f"{f['path']}:{f['line']}:{f['column']} {f['rule']} {fix['applicability']}: "
                                 f"{fix.get('message') or '-'}\n")
            return out, "".join(lines)
        finally:
            shutil.rmtree(tmp)

    def markers(self, report):
        want = set()
        for rel, data in files_of(self.tree).items():
            for i, line in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
                m = MARK.search(line)
                if m:
                    want |= {(rel, i, r.strip()) for r in m.group(1).split(",")}
        got = set()
        for line in report.splitlines():
            m = FINDING.match(line)
            if m:
                got.add((m.group(1), int(m.group(2)), m.group(3)))
        for x in sorted(want - got):
            self.fail("marked but not reported: %s:%d %s" % x)
        for x in sorted(got - want):
            self.fail("reported but not marked: %s:%d %s" % x)

    def fix(self, jobs):
        """The changed files after --fix --unsafe-fixes, and what a second run still changes."""
        tmp, d = self.copy()
        try:
            before = files_of(d)
            code, _, err = run(self.bin, ["--fix", "--unsafe-fixes", "-j", str(jobs), *self.args, "."], d)
            if code not in (0, 1):
                self.fail(f"--fix at -j{jobs} exited {code}: {err[-2000:]}")
            after = files_of(d)
            changed = {r: after[r] for r in after if before.get(r) != after[r]}
            run(self.bin, ["--fix", "--unsafe-fixes", *self.args, "."], d)
            again = [r for r, v in files_of(d).items() if after.get(r) != v]
            if again:
                self.fail(f"a second --fix changed {again}")
            for r, v in changed.items():
                if r.endswith(".py"):
                    try:
                        ast.parse(v)
                    except SyntaxError as e:
                        self.fail(f"{r} does not parse after --fix: {e}")
            return changed
        finally:
            shutil.rmtree(tmp)

    def diff_matches_fix(self, changed):
        tmp, d = self.copy()
        try:
            _, out, _ = run(self.bin, ["--diff", "--unsafe-fixes", *self.args, "."], d)
            shown = set(re.findall(r"^\+\+\+ b/(\S+)", out, re.M))
            if shown != set(changed):
                self.fail(f"--diff names {sorted(shown)}, --fix changed {sorted(changed)}")
            patch = shutil.which("patch")
            if patch and out:
                p = subprocess.run([patch, "-s", "-p1"], cwd=d, input=out.encode(), capture_output=True)
                if p.returncode != 0:
                    self.fail(f"--diff does not apply: {p.stdout.decode()} {p.stderr.decode()}")
                for r, v in changed.items():
                    if open(os.path.join(d, r), "rb").read() != v:
                        self.fail(f"--diff applied to {r} differs from what --fix wrote")
        finally:
            shutil.rmtree(tmp)

    def check(self):
        (r1, x1), (r2, x2) = self.report(1), self.report(2)
        if (r1, x1) != (r2, x2):
            self.fail("the report at -j1 and at -j2 differ:\n" + show_diff(r1 + x1, r2 + x2, "report"))
        golden = os.path.join(self.dir, "report.txt")
        golden_fixes = os.path.join(self.dir, "fixes.txt")
        fixed_dir = os.path.join(self.dir, "fixed")
        f1, f2 = self.fix(1), self.fix(2)
        if f1 != f2:
            self.fail(f"--fix at -j1 and -j2 differ in {sorted(set(f1) ^ set(f2) | {r for r in f1 if f2.get(r) != f1[r]})}")
        if self.update:
            with open(golden, "w") as f:
                f.write(r1)
            with open(golden_fixes, "w") as f:
                f.write(x1)
            shutil.rmtree(fixed_dir, ignore_errors=True)
            for r, v in f1.items():
                os.makedirs(os.path.dirname(os.path.join(fixed_dir, r)), exist_ok=True)
                with open(os.path.join(fixed_dir, r), "wb") as f:
                    f.write(v)
        want = open(golden).read() if os.path.exists(golden) else ""
        if r1 != want:
            self.fail("report differs:\n" + show_diff(want, r1, "report.txt"))
        want = open(golden_fixes).read() if os.path.exists(golden_fixes) else ""
        if x1 != want:
            self.fail("fixes differ:\n" + show_diff(want, x1, "fixes.txt"))
        self.markers(r1)
        want_fixed = files_of(fixed_dir) if os.path.isdir(fixed_dir) else {}
        for r in sorted(set(want_fixed) | set(f1)):
            if want_fixed.get(r) != f1.get(r):
                if r not in f1:
                    self.fail(f"--fix left {r} as it was; fixed/{r} says otherwise")
                elif r not in want_fixed:
                    self.fail(f"--fix changed {r}, which has no fixed/{r}")
                else:
                    self.fail(show_diff(want_fixed[r].decode(), f1[r].decode(), r))
        self.diff_matches_fix(f1)
        return self.errors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--update", action="store_true")
    ap.add_argument("filters", nargs="*")
    a = ap.parse_args()
    binary = os.path.abspath(a.bin)
    names = sorted(n for n in os.listdir(PROJECTS) if n.startswith("auth-"))
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
