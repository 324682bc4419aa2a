#!/usr/bin/env python3
"""Multi-file project fixtures (ctest: test_projects): the project phase (issue 15).

Layout (tests/projects/README.md):
  tests/projects/<name>/tree/...      the project, scanned as `.` from inside a temporary copy
  tests/projects/<name>/expected      exact text report of `dcmigrate --no-color [args] .`
  tests/projects/<name>/args          extra arguments, one per line (optional)
  tests/projects/<name>/fixed/<path>  a file after `--fix` (absent: --fix leaves it alone)
  tests/projects/<name>/unsafe/<path> a file after `--fix --unsafe-fixes` (absent: as after --fix)
  tests/projects/<name>/consumers     files (one a line) that name no SDK (no `devcaster` /
                                      `composio` in any case) and must still have findings
  (tests/projects/resolve/ holds the resolver's unit-test trees: no `tree/`, not a case here.)

Checks per project:
  - the report equals `expected`;
  - `expect: <rule-id>` markers (hand-written) name exactly the lines where findings start, in
    every file: a decoy module (a database client named like the SDK's) has no marker, so a
    finding through it fails the case;
  - --fix and --fix --unsafe-fixes give `fixed/` and `unsafe/` (every other file unchanged), and a
    second --fix changes nothing;
  - determinism: the JSON report is the same bytes with -j1 and -j2;
  - --shard I/N for N = 2, 3: the shards' findings are disjoint and their union is the
    unsharded report's; the same with --facts from a --write-facts run (the round trip), whose
    whole-tree report equals the gathering run's;
  - --no-prefilter gives the same findings (the prefilter must pass consumer files that name no
    SDK literal), and each file listed in `consumers` names no SDK and has a finding.
Plus the bad-input cases (generated in temporary directories): a broken tsconfig.json, a
package.json that is not JSON, a symbolic-link loop in a workspace, a 10,000-file import cycle:
a warning with the file and line where one applies, the run goes on, the other files' results
are unchanged.

  tests/test_projects.py --bin build/dcmigrate [--update] [FILTER...]

Cost: per project about 14 dcmigrate runs on a handful of files (~0.05 s of CPU each); the
10,000-file cycle is the one heavy case (about 2 s of CPU, three times).
"""
import argparse
import concurrent.futures
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
MARK = re.compile(r"(?:#|//)\s*expect(-next)?:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)")
SDK_NAME = re.compile(r"devcaster|composio", re.I)
FIND = re.compile(r"^(.+?):(\d+):\d+: \w+\[([a-z0-9-]+)\]", re.M)


def run(binary, args, cwd, env_extra=None):
    env = dict(os.environ, NO_COLOR="1")
    env.pop("DCMIGRATE_NO_PROJECT", None)
    env.update(env_extra or {})
    p = subprocess.run([binary] + args, cwd=cwd, capture_output=True, env=env)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def read_args(case_dir):
    p = os.path.join(case_dir, "args")
    if not os.path.exists(p):
        return []
    with open(p) as f:
        return [line.rstrip("\n") for line in f if line.strip()]


def tree_files(top):
    out = {}
    for d, dirs, files in os.walk(top):
        dirs.sort()
        for name in sorted(files):
            p = os.path.join(d, name)
            if os.path.islink(p) or not os.path.isfile(p):
                continue
            with open(p, "rb") as f:
                out[os.path.relpath(p, top)] = f.read()
    return out


def copy_tree(src, dst):
    shutil.copytree(src, dst, symlinks=True)


def markers(files):
    """{(path, line): set(rules)} from the hand-written markers."""
    want = {}
    for rel, data in files.items():
        for i, line in enumerate(data.decode("utf-8", "replace").split("\n"), 1):
            m = MARK.search(line)
            if not m:
                continue
            at = i + 1 if m.group(1) else i
            for rule in re.split(r"\s*,\s*", m.group(2)):
                want.setdefault((rel, at), set()).add(rule)
    return want


def json_findings(out):
    d = json.loads(out)
    return sorted(json.dumps(f, sort_keys=True) for f in d["findings"])


def diff_text(a, b, an, bn):
    return "".join(difflib.unified_diff(a.splitlines(True), b.splitlines(True), an, bn))


class Case:
    def __init__(self, binary, name, update, tmp):
        self.binary, self.name, self.update, self.tmp = binary, name, update, tmp
        self.dir = os.path.join(PROJECTS, name)
        self.args = read_args(self.dir)
        self.errors = []

    def fresh(self, tag):
        d = os.path.join(self.tmp, self.name + "." + tag)
        if os.path.exists(d):
            shutil.rmtree(d)
        copy_tree(os.path.join(self.dir, "tree"), d)
        return d

    def fail(self, msg):
        self.errors.append(msg)

    def check_report(self, work):
        rc, out, err = run(self.binary, ["--no-color"] + self.args + ["."], work)
        if rc not in (0, 1):
            self.fail("exit %d: %s" % (rc, err))
        exp_path = os.path.join(self.dir, "expected")
        if self.update:
            with open(exp_path, "w") as f:
                f.write(out)
        else:
            exp = open(exp_path).read() if os.path.exists(exp_path) else ""
            if out != exp:
                self.fail("report differs:\n" + diff_text(exp, out, "expected", "actual"))
        got = {}
        for m in FIND.finditer(out):
            got.setdefault((m.group(1), int(m.group(2))), set()).add(m.group(3))
        files = tree_files(work)
        want = markers(files)
        cpath = os.path.join(self.dir, "consumers")
        for rel in (open(cpath).read().split() if os.path.exists(cpath) else []):
            if SDK_NAME.search(files.get(rel, b"").decode("utf-8", "replace")):
                self.fail("consumers: %s names the SDK (it must not, to test the prefilter)" % rel)
            if not any(k[0] == rel for k in got):
                self.fail("consumers: %s has no finding" % rel)
        if got != want:
            missing = {k: v for k, v in want.items() if got.get(k) != v}
            extra = {k: v for k, v in got.items() if want.get(k) != v}
            self.fail("markers: expected %s, reported %s" % (sorted(missing.items()), sorted(extra.items())))
        return out

    def check_fix(self, flags, golden, fallback):
        work = self.fresh("fix" + golden)
        before = tree_files(work)
        rc, out, err = run(self.binary, ["--no-color", "--quiet"] + flags + self.args + ["."], work)
        after = tree_files(work)
        gdir = os.path.join(self.dir, golden)
        if self.update:
            if os.path.exists(gdir):
                shutil.rmtree(gdir)
            base = dict(before)
            if fallback:
                base.update(tree_files(os.path.join(self.dir, fallback)) if os.path.isdir(os.path.join(self.dir, fallback)) else {})
            for rel, data in after.items():
                if base.get(rel) != data:
                    os.makedirs(os.path.dirname(os.path.join(gdir, rel)), exist_ok=True)
                    with open(os.path.join(gdir, rel), "wb") as f:
                        f.write(data)
        else:
            want = dict(before)
            if fallback and os.path.isdir(os.path.join(self.dir, fallback)):
                want.update(tree_files(os.path.join(self.dir, fallback)))
            if os.path.isdir(gdir):
                want.update(tree_files(gdir))
            for rel in sorted(set(want) | set(after)):
                if want.get(rel) != after.get(rel):
                    a = (want.get(rel) or b"").decode("utf-8", "replace")
                    b = (after.get(rel) or b"").decode("utf-8", "replace")
                    self.fail("%s: %s differs:\n%s" % (" ".join(flags), rel, diff_text(a, b, "want", "got")))
        run(self.binary, ["--no-color", "--quiet"] + flags + self.args + ["."], work)
        again = tree_files(work)
        if again != after:
            self.fail("%s: a second run changed %s" % (" ".join(flags), sorted(k for k in again if again[k] != after.get(k))))

    def check_invariants(self, work):
        base = ["--format", "json"] + self.args
        _, j1, _ = run(self.binary, base + ["-j", "1", "."], work)
        _, j2, _ = run(self.binary, base + ["-j", "2", "."], work)
        if j1 != j2:
            self.fail("-j1 and -j2 reports differ:\n" + diff_text(j1, j2, "-j1", "-j2"))
        whole = json_findings(j1)
        _, np, _ = run(self.binary, base + ["--no-prefilter", "."], work)
        if json_findings(np) != whole:
            self.fail("--no-prefilter findings differ:\n" + diff_text("\n".join(whole), "\n".join(json_findings(np)), "prefilter", "no-prefilter"))
        facts = os.path.join(self.tmp, self.name + ".facts.json")
        rc, _, err = run(self.binary, self.args + ["--write-facts", facts, "."], work)
        if rc != 0 or not os.path.exists(facts):
            self.fail("--write-facts: exit %d: %s" % (rc, err))
            return
        _, jf, _ = run(self.binary, base + ["--facts", facts, "."], work)
        if json_findings(jf) != whole:
            self.fail("--facts report differs:\n" + diff_text("\n".join(whole), "\n".join(json_findings(jf)), "gathered", "--facts"))
        for n in (2, 3):
            for extra in ([], ["--facts", facts]):
                union = []
                for i in range(1, n + 1):
                    _, js, _ = run(self.binary, base + extra + ["--shard", "%d/%d" % (i, n), "."], work)
                    union += json_findings(js)
                if sorted(union) != whole:
                    self.fail("--shard */%d %s: the union differs:\n%s" % (n, " ".join(extra), diff_text("\n".join(whole), "\n".join(sorted(union)), "whole", "union")))

    def run(self):
        work = self.fresh("report")
        self.check_report(work)
        if not self.update:
            self.check_invariants(work)
        self.check_fix(["--fix"], "fixed", None)
        self.check_fix(["--fix", "--unsafe-fixes"], "unsafe", "fixed")
        return self.errors


# ---- bad input ---------------------------------------------------------------------------------

def put(top, rel, text):
    p = os.path.join(top, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "w") as f:
        f.write(text)


CLIENT_TS = 'import { Composio } from "@composio/core";\nexport const composio = new Composio();\n'
USE_TS = 'import { composio } from "%s";\nexport const t = (u: string) => composio.tools.get(u, { toolkits: ["GITHUB"] });\n'
CLIENT_PY = "from composio import Composio\n\ncomposio = Composio()\n"
USE_PY = "from app.clients import composio\n\n\ndef tools(u):\n    return composio.tools.get(u, toolkits=[\"GITHUB\"])\n"


def findings_by_file(binary, work, args=()):
    rc, out, err = run(binary, ["--format", "json", "-j", "2"] + list(args) + ["."], work)
    d = json.loads(out)
    by = {}
    for f in d["findings"]:
        by.setdefault(f["path"], []).append((f["rule"], f["line"]))
    return rc, by, err


def bad_input(binary, tmp, name, build, breaker, expect_warning, errors):
    """`build` makes a good tree; `breaker` breaks one file; the other files' results must not
    change and `expect_warning` (a regex) must be on standard error."""
    good = os.path.join(tmp, name + ".good")
    build(good)
    _, want, _ = findings_by_file(binary, good)
    bad = os.path.join(tmp, name + ".bad")
    build(bad)
    lost = breaker(bad)
    rc, got, err = findings_by_file(binary, bad)
    if rc not in (0, 1):
        errors.append("%s: exit %d (the run must go on): %s" % (name, rc, err))
    if expect_warning and not re.search(expect_warning, err, re.M):
        errors.append("%s: no warning matching %r on standard error:\n%s" % (name, expect_warning, err))
    for path in lost:
        want.pop(path, None)
        got.pop(path, None)
    if got != want:
        errors.append("%s: other files' results changed:\n  good %s\n  bad  %s" % (name, want, got))
    if not want:
        errors.append("%s: the good tree has no findings (the case proves nothing)" % name)


def mixed_tree(top):
    put(top, "tsconfig.json", '{\n  "compilerOptions": {\n    "paths": { "@/*": ["./src/*"] },\n  },\n}\n')
    put(top, "package.json", '{ "name": "app", "workspaces": ["packages/*"] }\n')
    put(top, "src/lib/composio.ts", CLIENT_TS)
    put(top, "src/routes/a.ts", USE_TS % "../lib/composio")
    put(top, "src/routes/b.ts", USE_TS % "@/lib/composio")
    put(top, "packages/sdk/package.json", '{ "name": "@acme/sdk", "main": "index.ts" }\n')
    put(top, "packages/sdk/index.ts", 'export { composio } from "./client";\n')
    put(top, "packages/sdk/client.ts", CLIENT_TS)
    put(top, "apps/web/page.ts", USE_TS % "@acme/sdk")
    put(top, "pyproject.toml", "[project]\nname = 'app'\n")
    put(top, "app/__init__.py", "")
    put(top, "app/clients.py", CLIENT_PY)
    put(top, "app/routes.py", USE_PY)


def break_tsconfig(top):
    put(top, "tsconfig.json", '{\n  "compilerOptions": {\n    "paths": { "@/*": ["./src/*"] ]\n  }\n}\n')
    return ["src/routes/b.ts"]  # (its import went through the paths)


def break_package_json(top):
    put(top, "packages/sdk/package.json", "name: '@acme/sdk'\n")
    return ["apps/web/page.ts"]


def symlink_loop(top):
    os.symlink("..", os.path.join(top, "packages/sdk/loop"))
    os.symlink("loop2", os.path.join(top, "packages/loop1"))
    os.symlink("loop1", os.path.join(top, "packages/loop2"))
    return []


def cycle_tree(n):
    def build(top):
        mixed_tree(top)
        # f0 defines the client and imports f1; each f_i imports (and re-exports) the client from
        # f_{i+1}, the last from f0: one cycle of n files, every one of them a consumer
        put(top, "cyc/f0.ts", CLIENT_TS + 'import "./f1";\n')
        for i in range(1, n):
            nxt = "./f%d" % ((i + 1) % n)
            put(top, "cyc/f%d.ts" % i, 'import { composio } from "%s";\nexport { composio };\n'
                'export const t = (u: string) => composio.tools.get(u, { toolkits: ["GITHUB"] });\n' % nxt)
        # and a cycle of Python modules that import each other and nothing else
        for i in range(n // 10):
            put(top, "pcyc/m%d.py" % i, "from pcyc.m%d import x  # noqa\n\nx = 1\n" % ((i + 1) % (n // 10)))
    return build


def check_cycle(binary, tmp, n, errors):
    top = os.path.join(tmp, "cycle")
    cycle_tree(n)(top)
    rc, by, err = findings_by_file(binary, top)
    if rc != 1:
        errors.append("cycle: exit %d: %s" % (rc, err[-2000:]))
    missing = [i for i in range(1, n) if ("tools-get", 3) not in by.get("cyc/f%d.ts" % i, [])]
    if missing:
        errors.append("cycle: %d files of the cycle without their finding (first %s)" % (len(missing), missing[:5]))
    for p in ("src/routes/a.ts", "src/routes/b.ts", "apps/web/page.ts", "app/routes.py"):
        if p not in by:
            errors.append("cycle: %s lost its finding" % p)
    # determinism on a tree big enough for the pool to interleave: the same bytes for -j1 and -j2
    _, j1, _ = run(binary, ["--format", "json", "-j", "1", "."], top)
    _, j2, _ = run(binary, ["--format", "json", "-j", "2", "."], top)
    if j1 != j2:
        errors.append("cycle: -j1 and -j2 reports differ")


# --fix scans the tree again only when the fixes changed a fact that another file's analysis read
# (project/factsstale.c). clients.py's fixes always change its facts (`App` is no longer
# imported; with --unsafe-fixes the toolset is constructed from Composio and `ComposioToolSet` no
# longer imported). With plain --fix the importers below read `composio` and `toolset`, whose
# facts stay: no second scan. With --unsafe-fixes `toolset` is still "a client" as a fact, but it
# is no longer a legacy toolset, and a client fact cannot say which (factsstale.c client_moved):
# its module lost its legacy class, so its importers are scanned again (tests/projects/
# rules-through-imports shows what they can then fix). A file that reads `ComposioToolSet` (a
# legacy class before, nothing after) is analysed against a fact that is no more: scanned again.
STALE_CLIENTS = ("from composio import Composio\nfrom composio_openai import App, ComposioToolSet\n\n"
                 "composio = Composio()\ntoolset = ComposioToolSet()\nAPPS = [App.GITHUB]\n")
STALE_READERS = {
    "app/routes.py": USE_PY,
    "app/agent.py": "from app.clients import toolset  # the composio toolset\n\n\ndef run():\n"
                    "    return toolset.get_tools(apps=[\"github\"])\n",
    "app/ns.py": "import app.clients as c  # composio\n\n\ndef tools(u):\n"
                 "    return c.composio.tools.get(u, toolkits=[\"GITHUB\"])\n",
}
STALE_CASES = [  # (name, extra file, its text, rescans with --fix, with --fix --unsafe-fixes)
    ("unrelated", None, None, False, True),
    ("annotation", "app/typed.py", "from app.clients import ComposioToolSet\n\n\n"
     "def describe(ts: ComposioToolSet):\n    return ts\n", False, True),
    ("module-member", "app/typed.py", "from app import clients\n\n\n"
     "def describe(ts: clients.ComposioToolSet):\n    return ts\n", False, True),
]


def check_stale(binary, tmp, errors):
    for name, extra, text, *rescans in STALE_CASES:
        for flags, want in zip((["--fix"], ["--fix", "--unsafe-fixes"]), rescans):
            top = os.path.join(tmp, "stale-%s%s" % (name, len(flags)))
            put(top, "app/__init__.py", "")
            put(top, "app/clients.py", STALE_CLIENTS)
            for rel, body in STALE_READERS.items():
                put(top, rel, body)
            if extra:
                put(top, extra, text)
            rc, out, err = run(binary, flags + ["."], top, {"DCMIGRATE_PROJECT_STATS": "1"})
            scans = len(re.findall(r"^dcmigrate: project: ", err, re.M))
            if rc not in (0, 1) or scans != (2 if want else 1):
                errors.append("stale %s %s: %d scans (want %d), exit %d:\n%s" % (name, " ".join(flags), scans,
                                                                                 2 if want else 1, rc, err))
            after = tree_files(top)
            if after["app/clients.py"] == STALE_CLIENTS.encode():
                errors.append("stale %s %s: clients.py not fixed (the case proves nothing)" % (name, " ".join(flags)))
            # what a scan again would have found: nothing more to do
            rc2, out2, err2 = run(binary, flags + ["."], top)
            if tree_files(top) != after:
                errors.append("stale %s %s: a second run changed files" % (name, " ".join(flags)))


def bad_inputs(binary, tmp, n_cycle):
    errors = []
    bad_input(binary, tmp, "broken-tsconfig", mixed_tree, break_tsconfig, r"^dcmigrate: warning: tsconfig\.json:3:\d+: not valid JSON", errors)
    bad_input(binary, tmp, "package-json-not-json", mixed_tree, break_package_json,
              r"^dcmigrate: warning: packages/sdk/package\.json:1:\d+: not valid JSON", errors)
    bad_input(binary, tmp, "symlink-loop", mixed_tree, symlink_loop, None, errors)
    check_cycle(binary, tmp, n_cycle, errors)
    check_stale(binary, tmp, errors)
    return errors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(os.path.dirname(ROOT), "build", "dcmigrate"))
    ap.add_argument("--update", action="store_true")
    ap.add_argument("--cycle", type=int, default=10000, help="files in the generated import cycle")
    ap.add_argument("-j", type=int, default=2)
    ap.add_argument("filter", nargs="*")
    a = ap.parse_args()
    binary = os.path.abspath(a.bin)
    names = sorted(n for n in os.listdir(PROJECTS) if os.path.isdir(os.path.join(PROJECTS, n, "tree")))
    if a.filter:
        names = [n for n in names if any(f in n for f in a.filter)]
    tmp = tempfile.mkdtemp(prefix="dc-projects-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
    failed = 0
    try:
        with concurrent.futures.ThreadPoolExecutor(a.j) as ex:
            results = list(ex.map(lambda n: (n, Case(binary, n, a.update, tmp).run()), names))
            if not a.filter:
                results.append(("bad-input", bad_inputs(binary, tmp, a.cycle)))
        for name, errs in results:
            print("%s %s" % ("FAIL" if errs else "ok  ", name))
            for e in errs:
                print("    " + e.replace("\n", "\n    "))
            failed += bool(errs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d of %d failed" % (failed, len(results)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
