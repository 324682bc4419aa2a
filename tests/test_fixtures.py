#!/usr/bin/env python3
"""Golden fixture runner (ctest: test_fixtures).

Layout (see tests/fixtures/README.md):
  tests/fixtures/<rule-id>/<case>.<ext>            input (pos_* find something, neg_* must not)
  tests/fixtures/<rule-id>/<case>.<ext>.expected   exact text report of
                                                   `dcmigrate --select <rule-id> --no-color <case>`
  tests/fixtures/<rule-id>/<case>.<ext>.fixed      exact file after `--fix` (absent: --fix changes nothing)
  tests/fixtures/<rule-id>/<case>.<ext>.unsafe     exact file after `--fix --unsafe-fixes`
                                                   (absent: same as .fixed, or unchanged)
  tests/fixtures/<rule-id>/<case>.<ext>.args       extra arguments, one per line (optional)
  tests/fixtures/e2e*/...                          directories not named after a rule run every rule

Checks per case:
  - the report equals .expected (a readable diff is printed on mismatch);
  - `expect: <rule-id>` markers in the input name exactly the lines where findings of that rule
    start (`expect-next: <rule-id>` names the following line, for a finding whose own line a fix
    deletes: a deleted comment would make the fix unsafe) (hand-written, so goldens regenerated with --update cannot silently drift);
  - neg_* cases have no findings at all;
  - --fix output equals .fixed / input; --fix --unsafe-fixes equals .unsafe / .fixed / input;
  - a second --fix on the fixed output changes nothing (idempotence);
  - a fixed .py still parses with python3's ast module, a fixed .ts/.tsx/.js with the TypeScript
    compiler's parser (tests/tools/tsparse.js) with no more diagnostics than the input;
  - the fixed file can be rebuilt from the edits the JSON report lists, pass by pass, which
    proves every byte outside those edits is kept.

  tests/test_fixtures.py --bin build/dcmigrate [--update] [FILTER...]

Cost (the suite runs this twice in CI, once under ASan, where a dcmigrate start costs ~0.1 s of
CPU): the text report and the JSON report come from one run (--output-format json:FILE), the
first pass of the safe-fix rebuild reuses that JSON (same bytes, same arguments), one node
process answers every TypeScript parse check (TsParser), and temporary copies live on a tmpfs
when there is one (--fix fsyncs what it writes). A case with only safe fixes costs 5 dcmigrate
runs (report, --fix, --fix again, --fix --unsafe-fixes, the rebuild's check of the fixed file), a
case --fix leaves alone 3 (the second --fix would repeat the first run exactly).
"""
import argparse
import ast
import concurrent.futures
import io
import threading
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(ROOT, "fixtures")
SOURCE_EXT = (".py", ".pyi", ".ts", ".mts", ".cts", ".tsx", ".js", ".mjs", ".cjs", ".jsx")
SIDE_EXT = (".expected", ".fixed", ".unsafe", ".args")
MARK = re.compile(r"(?:#|//)\s*expect(-next)?:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)")


def is_input(name):
    if name.endswith(SIDE_EXT):
        return False
    return name.endswith(SOURCE_EXT) or name.startswith(".env") or name.endswith(".env")


def run(binary, args, cwd, stdin=None):
    env = dict(os.environ, NO_COLOR="1")
    p = subprocess.run([binary] + args, cwd=cwd, capture_output=True, env=env, input=stdin)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


class TsParser:
    """Parse diagnostics of the TypeScript compiler, from one long-lived `tsparse.js --stdin`
    process shared by the worker threads (a node start per file cost more CPU than the cases'
    dcmigrate runs). diagnostics() is None without node or the typescript module, as before."""

    def __init__(self):
        self.lock = threading.Lock()
        self.proc = None
        self.broken = not shutil.which("node")

    def diagnostics(self, path):
        with self.lock:
            if self.broken:
                return None
            if self.proc is None:
                self.proc = subprocess.Popen(["node", os.path.join(ROOT, "tools", "tsparse.js"), "--stdin"],
                                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                             stderr=subprocess.DEVNULL, text=True)
            try:
                self.proc.stdin.write(path + "\n")
                self.proc.stdin.flush()
                line = self.proc.stdout.readline()
            except OSError:
                line = ""
            if not line:  # node exited (no typescript module, ...): no TypeScript checks
                self.broken = True
                return None
            n = line.rstrip("\n").split("\t")[-1]
            return int(n) if n.isdigit() else None

    def close(self):
        if self.proc is not None:
            self.proc.stdin.close()
            self.proc.wait()


TS = TsParser()


def ts_diagnostics(path):
    """Parse diagnostics of the TypeScript compiler for one file, or None without node."""
    return TS.diagnostics(path)


# --fix fsyncs every file it writes: a tmpfs keeps that off the disk.
TMP_BASE = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None


def apply_reported(data, findings, min_app):
    """Applies the fixes of a JSON report the way the README says dcmigrate does: by first edit,
    skipping a fix that overlaps one taken (or inserts other text at the same offset), applying
    identical edits once. Returns (new bytes, number of fixes applied)."""
    order = {"safe": 3, "unsafe": 2}
    fixes = [f["fix"] for f in findings
             if f["fix"] and order.get(f["fix"]["applicability"], 0) >= min_app and f["fix"]["edits"]]
    fixes.sort(key=lambda fx: min(e["start_byte"] for e in fx["edits"]))
    taken = []

    def clash(e, a):
        if (e["start_byte"], e["end_byte"], e["content"]) == (a["start_byte"], a["end_byte"], a["content"]):
            return False
        ei, ai = e["start_byte"] == e["end_byte"], a["start_byte"] == a["end_byte"]
        if ei and ai:
            return e["start_byte"] == a["start_byte"]
        if ei:
            return a["start_byte"] < e["start_byte"] < a["end_byte"]
        if ai:
            return e["start_byte"] < a["start_byte"] < e["end_byte"]
        return e["start_byte"] < a["end_byte"] and a["start_byte"] < e["end_byte"]

    n = 0
    for fx in fixes:
        if any(clash(e, a) for e in fx["edits"] for a in taken):
            continue
        if any(clash(e, o) for i, e in enumerate(fx["edits"]) for o in fx["edits"][:i]):
            continue
        taken.extend(fx["edits"])
        n += 1
    out, pos, seen = b"", 0, set()
    for e in sorted(taken, key=lambda e: (e["start_byte"], e["end_byte"])):
        key = (e["start_byte"], e["end_byte"], e["content"])
        if key in seen:
            continue
        seen.add(key)
        out += data[pos:e["start_byte"]] + e["content"].encode("utf-8")
        pos = e["end_byte"]
    return out + data[pos:], n


# Cases run in parallel (one dcmigrate process each at a time); each case's messages are
# collected and printed together, in case order, so the log reads as if run serially.
_out = threading.local()


def say(text):
    getattr(_out, "buf", sys.stdout).write(text + "\n")


def show_diff(label, expected, got):
    lines = difflib.unified_diff(expected.splitlines(True), got.splitlines(True), "expected", "got")
    say(f"--- {label}\n" + "".join(lines))


class Runner:
    def __init__(self, binary, update):
        self.bin = os.path.abspath(binary)
        self.update = update
        self.passed = 0
        self.failed = 0
        self.lock = threading.Lock()
        # a directory named after a rule runs that rule alone; any other (e2e/, ...) runs them all
        out = run(self.bin, ["--list-rules"], ROOT)[1]
        self.rule_ids = {line.split()[0] for line in out.splitlines()[1:] if line.strip()}

    def fail(self, case, why):
        with self.lock:
            self.failed += 1
        say(f"FAIL {case}: {why}")

    def ok(self):
        with self.lock:
            self.passed += 1

    def golden(self, case, path, got, binary=False):
        """Compares (or with --update writes) a golden file. Returns True when equal."""
        mode = "rb" if binary else "r"
        if self.update:
            if os.path.exists(path):
                with open(path, mode) as f:
                    if f.read() == got:
                        return True
            with open(path, "wb" if binary else "w") as f:
                f.write(got)
            say(f"updated {os.path.relpath(path, ROOT)}")
            return True
        if not os.path.exists(path):
            self.fail(case, f"missing golden {os.path.relpath(path, ROOT)} (run with --update and review)")
            return False
        with open(path, mode) as f:
            want = f.read()
        if want != got:
            self.fail(case, f"{os.path.basename(path)} differs")
            if binary:
                show_diff(case, want.decode("utf-8", "replace"), got.decode("utf-8", "replace"))
            else:
                show_diff(case, want, got)
            return False
        return True

    def fix_once(self, tmp, name, args):
        code, out, err = run(self.bin, ["--fix", "--no-color", "--exit-zero"] + args + [name], tmp)
        if code == 2:
            return None, err
        with open(os.path.join(tmp, name), "rb") as f:
            return f.read(), err

    def parses(self, case, tmp, name, original, fixed):
        if name.endswith((".py", ".pyi")):
            try:
                ast.parse(original)
            except SyntaxError:
                return True  # a broken input proves nothing here
            try:
                ast.parse(fixed)
            except SyntaxError as e:
                self.fail(case, f"fixed output does not parse with python3 ast: {e}")
                return False
            return True
        if name.endswith(SOURCE_EXT):
            before_path = os.path.join(tmp, "before-" + name)
            with open(before_path, "wb") as f:
                f.write(original)
            before, after = ts_diagnostics(before_path), ts_diagnostics(os.path.join(tmp, name))
            os.remove(before_path)
            if before is not None and after is not None and after > before:
                self.fail(case, f"fixed output has {after} TypeScript parse diagnostics (input: {before})")
                return False
        return True

    def rebuild(self, case, tmp, name, original, fixed, args, min_app, first=None):
        """Rebuilds the fixed file from the JSON report's edits alone, pass by pass. `first`: the
        findings of a JSON report of `original` with these same arguments, if there is one."""
        path = os.path.join(tmp, "rebuild-" + name)
        data = original
        for i in range(12):
            if i == 0 and first is not None:
                findings = first
            else:
                with open(path, "wb") as f:
                    f.write(data)
                code, jout, err = run(self.bin, ["--format", "json"] + args + [os.path.basename(path)], tmp)
                findings = json.loads(jout)["findings"]
            new, n = apply_reported(data, findings, min_app)
            if n == 0 or new == data:
                break
            data = new
        if os.path.exists(path):
            os.remove(path)
        if data != fixed:
            self.fail(case, "the fixed file is not what the reported edits produce")
            show_diff(case, data.decode("utf-8", "replace"), fixed.decode("utf-8", "replace"))
            return False
        return True

    def case(self, rule_dir, name):
        case = f"{rule_dir}/{name}"
        d = os.path.join(FIXTURES, rule_dir)
        src = os.path.join(d, name)
        with open(src, "rb") as f:
            original = f.read()
        args = []
        if os.path.exists(src + ".args"):
            with open(src + ".args") as f:
                args = [l.strip() for l in f if l.strip() and not l.startswith("#")]
        select = ["--select", rule_dir] if rule_dir in self.rule_ids else []
        ok = True

        # 1. the report; the same run writes the JSON report for 2. (and for 3.'s rebuild)
        fd, json_path = tempfile.mkstemp(prefix="dc-fixture-", suffix=".json", dir=TMP_BASE)
        os.close(fd)
        code, out, err = run(self.bin, ["--no-color", "--output-format", "json:" + json_path] + select + args + [name], d)
        with open(json_path) as f:
            jout = f.read()
        os.remove(json_path)
        if code == 2:
            self.fail(case, f"dcmigrate exited 2: {err.strip()}")
            return
        ok &= self.golden(case, src + ".expected", out)

        # 2. markers and negatives, from the JSON report
        findings = json.loads(jout)["findings"]
        text = original.decode("utf-8", "replace")
        marked = {}
        for i, line in enumerate(text.splitlines(), 1):
            m = MARK.search(line)
            if m:
                for rid in re.split(r"\s*,\s*", m.group(2)):
                    marked.setdefault(rid, set()).add(i + 1 if m.group(1) else i)
        if select:
            got_lines = {f["line"] for f in findings if f["rule"] == rule_dir}
            want_lines = marked.get(rule_dir, set())
            if got_lines != want_lines:
                ok = False
                self.fail(case, f"findings start on lines {sorted(got_lines)}, "
                                f"`expect: {rule_dir}` markers are on {sorted(want_lines)}")
        if name.startswith("neg_") and findings:
            ok = False
            self.fail(case, f"negative case has {len(findings)} finding(s)")

        # 3. fixes, idempotence, re-parse
        with tempfile.TemporaryDirectory(prefix="dc-fixture-", dir=TMP_BASE) as tmp:
            shutil.copy2(src, os.path.join(tmp, name))
            fixed, err = self.fix_once(tmp, name, select + args)
            if fixed is None:
                self.fail(case, f"--fix exited 2: {err.strip()}")
                return
            if self.update and fixed == original and os.path.exists(src + ".fixed"):
                os.remove(src + ".fixed")
                say(f"removed {os.path.relpath(src + '.fixed', ROOT)} (--fix changes nothing)")
            elif os.path.exists(src + ".fixed") or self.update and fixed != original:
                ok &= self.golden(case, src + ".fixed", fixed, binary=True)
            elif fixed != original:
                ok = False
                self.fail(case, "--fix changed the file but there is no .fixed golden")
                show_diff(case, original.decode("utf-8", "replace"), fixed.decode("utf-8", "replace"))
            # when --fix changed nothing, the second run would be the first one again (same
            # bytes, same arguments): only a changed file needs the idempotence run
            again = fixed if fixed == original else self.fix_once(tmp, name, select + args)[0]
            if again != fixed:
                ok = False
                self.fail(case, "a second --fix changed the file again (not idempotent)")
                show_diff(case, fixed.decode("utf-8", "replace"), (again or b"").decode("utf-8", "replace"))
            if fixed != original:
                ok &= self.parses(case, tmp, name, original, fixed)
                ok &= self.rebuild(case, tmp, name, original, fixed, select + args, 3, findings)

            shutil.copy2(src, os.path.join(tmp, name))
            unsafe, err = self.fix_once(tmp, name, select + args + ["--unsafe-fixes"])
            base = fixed
            if self.update and unsafe == base and os.path.exists(src + ".unsafe"):
                os.remove(src + ".unsafe")
                say(f"removed {os.path.relpath(src + '.unsafe', ROOT)} (same as --fix)")
            elif os.path.exists(src + ".unsafe") or self.update and unsafe != base:
                ok &= self.golden(case, src + ".unsafe", unsafe, binary=True)
            if unsafe != original and unsafe != base:
                ok &= self.parses(case, tmp, name, original, unsafe)
                shutil.copy2(src, os.path.join(tmp, name))
                ok &= self.rebuild(case, tmp, name, original, unsafe, select + args + ["--unsafe-fixes"], 2)
            elif unsafe != base:
                ok = False
                self.fail(case, "--unsafe-fixes output differs from --fix but there is no .unsafe golden")
                show_diff(case, base.decode("utf-8", "replace"), unsafe.decode("utf-8", "replace"))
        if ok:
            self.ok()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--update", action="store_true", help="rewrite goldens from the current output")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, help="cases run at once")
    ap.add_argument("filter", nargs="*", help="only cases whose rule/name contains one of these")
    a = ap.parse_args()
    r = Runner(a.bin, a.update)
    cases = []
    for rule_dir in sorted(os.listdir(FIXTURES)):
        d = os.path.join(FIXTURES, rule_dir)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if not os.path.isfile(os.path.join(d, name)) or not is_input(name):
                continue
            if a.filter and not any(f in f"{rule_dir}/{name}" for f in a.filter):
                continue
            cases.append((rule_dir, name))

    def one(case):
        _out.buf = io.StringIO()
        r.case(*case)
        return _out.buf.getvalue()

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as ex:
        for text in ex.map(one, cases):
            sys.stdout.write(text)
    TS.close()
    print(f"{r.passed} passed, {r.failed} failed")
    if r.passed == 0 and r.failed == 0:
        print("no fixture cases found")
        return 1
    return 1 if r.failed else 0


if __name__ == "__main__":
    sys.exit(main())
