#!/usr/bin/env python3
"""Invariants of `--fix --unsafe-fixes` over every fixture and the example project (ctest:
test_invariants; issue 8). Unlike test_fixtures.py, which runs each fixture alone with its own
rule, this runs every rule at once over whole trees (all fixtures together, and the example
project), the way users run it, and checks for every file:

  idempotent      a second `--fix --unsafe-fixes` changes nothing;
  edits-only      the fixed file is what the edits of the JSON report produce, pass by pass
                  (test_fixtures.apply_reported), so every byte outside those edits is kept;
  tree-sitter     the fixed file has no more syntax errors than the input under dcmigrate's own
                  grammars (a report run's "syntax error (N error nodes)" notes);
  python-ast      a fixed .py/.pyi still parses with python3's ast module when the input did;
  typescript      a fixed .ts/.tsx/.js has no more parse diagnostics from the TypeScript compiler
                  (tests/tools/tsparse.js, ts.createSourceFile) than the input;
  unbound         a fixed file uses no name that nothing binds where the input bound it (issue 16,
                  item 14), found independently of dcmigrate's own check (apply/unbound.h): Python
                  with the symtable module (a name referenced in some scope that no enclosing scope,
                  the module or builtins binds), TypeScript/JavaScript with the TypeScript compiler's
                  binder and checker, every file a module, no lib (TS2304 "Cannot find name", TS2448
                  "used before its declaration" ...): the names of the fixed file's diagnostics
                  that the input's lack;
  toolkits        no widened toolkit set (issue 16): every session the fix creates and fetches
                  tools from has the toolkit set of one original fetch it replaces, or (one
                  session, one tools() call: a join of fetched lists) the union of several;
  triggers        the exact text of every trigger call of the input (`X.triggers.Y(...)`, legacy
                  `create_trigger_listener` / `enable_trigger` / `disable_trigger`, `@listener.callback(...)`,
                  `setupTrigger` / `enableTrigger` / `disableTrigger`) still occurs in the output as
                  often, found independently with python3's ast and the TypeScript compiler's AST
                  (a bracket-matching scan for files those cannot parse).

Trees: `fixtures` (every fixture input, with the --auth-config mappings of all .args files),
`fixtures-plain` (the same without them), `example` (examples/devcaster-app).

  tests/test_invariants.py --bin build/dcmigrate [-v]
Prints "N passed, N failed" (one check per file and invariant). KNOWN lists expected failures
(known bugs, each with a BUG note); a KNOWN check that passes is reported so its marker goes.
"""
import argparse
import ast
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import test_fixtures  # noqa: E402  (reused: apply_reported, is_input)

FIXTURES = os.path.join(ROOT, "tests", "fixtures")
EXAMPLE = os.path.join(ROOT, "examples", "devcaster-app")
PY_EXT = (".py", ".pyi")
TS_EXT = (".ts", ".mts", ".cts", ".tsx", ".js", ".mjs", ".cjs", ".jsx")
SYNTAX_NOTE = re.compile(r"^dcmigrate: note: (.+?):\d+:\d+: syntax error \((\d+) error nodes?\)", re.M)

# (invariant, tree, relative path) -> "BUG: ..." for known failures (see the final report).
KNOWN = {}

PY_TRIGGER_METHODS = {"create_trigger_listener", "enable_trigger", "disable_trigger"}
TS_TRIGGER_METHODS = {"setupTrigger", "enableTrigger", "disableTrigger"}

# Trigger calls of TS/JS files with the TypeScript compiler's own AST: prints JSON
# {file: [call text, ...]} (null for a file it cannot read).
TS_TRIGGERS_JS = r"""
const fs = require("fs"), path = require("path");
const ts = require(path.join(process.argv[1], "node_modules", "typescript"));
const kinds = {".ts": ts.ScriptKind.TS, ".mts": ts.ScriptKind.TS, ".cts": ts.ScriptKind.TS, ".tsx": ts.ScriptKind.TSX,
               ".js": ts.ScriptKind.JS, ".mjs": ts.ScriptKind.JS, ".cjs": ts.ScriptKind.JS, ".jsx": ts.ScriptKind.JSX};
const methods = new Set(["setupTrigger", "enableTrigger", "disableTrigger"]);
const out = {};
for (const file of process.argv.slice(2)) {
  let text;
  try { text = fs.readFileSync(file, "utf8"); } catch (e) { out[file] = null; continue; }
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kinds[path.extname(file)] || ts.ScriptKind.TS);
  const calls = [];
  const visit = (n) => {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
      const callee = n.expression, name = callee.name.text;
      const onTriggers = ts.isPropertyAccessExpression(callee.expression) && callee.expression.name.text === "triggers";
      if (onTriggers || methods.has(name)) calls.push(n.getText(sf));
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  out[file] = {calls, diagnostics: (sf.parseDiagnostics || []).length};
}
process.stdout.write(JSON.stringify(out));
"""


# Names the TypeScript checker cannot find, or finds used before their declaration, per file:
# prints JSON {file: [name, ...]} (null for a file it cannot read). Every file is a module
# (moduleDetection: force), so scripts do not see each other's top-level names; no lib and no
# module resolution, so globals and imports' types are unknown the same way before and after.
TS_UNBOUND_JS = r"""
const fs = require("fs"), path = require("path");
const ts = require(path.join(process.argv[1], "node_modules", "typescript"));
const files = process.argv.slice(2).filter((f) => fs.existsSync(f));
const program = ts.createProgram(files, {noLib: true, noResolve: true, allowJs: true, checkJs: true, noEmit: true,
  types: [], moduleDetection: ts.ModuleDetectionKind.Force, jsx: ts.JsxEmit.Preserve, target: ts.ScriptTarget.Latest});
const codes = new Set([2304, 2552, 2448, 2449, 2450, 2454]);
const out = {};
for (const file of process.argv.slice(2)) {
  const sf = program.getSourceFile(file);
  if (!sf) { out[file] = null; continue; }
  const names = [];
  for (const d of program.getSemanticDiagnostics(sf)) {
    if (!codes.has(d.code)) continue;
    const m = /'([^']+)'/.exec(ts.flattenDiagnosticMessageText(d.messageText, " "));
    if (m) names.push(m[1]);
  }
  out[file] = names;
}
process.stdout.write(JSON.stringify(out));
"""


def py_unbound(data):
    """Names a Python file references that no enclosing scope, the module or builtins binds (with
    the symtable module); None when it does not compile, or has a wildcard import."""
    import builtins
    import symtable
    try:
        text = data.decode("utf-8")
        top = symtable.symtable(text, "<fixed>", "exec")
        if any(isinstance(n, ast.ImportFrom) and any(a.name == "*" for a in n.names) for n in ast.walk(ast.parse(text))):
            return None
    except (SyntaxError, UnicodeDecodeError, ValueError):
        return None
    bound = {s.get_name() for s in top.get_symbols() if s.is_assigned() or s.is_imported() or s.is_namespace()}
    out = set()

    def walk(t):
        for s in t.get_symbols():
            n = s.get_name()
            if s.is_referenced() and s.is_global() and n not in bound and not hasattr(builtins, n) and \
                    not (n.startswith("__") and n.endswith("__")):
                out.add(n)
        for c in t.get_children():
            walk(c)
    walk(top)
    return out


def run(binary, args, cwd):
    env = dict(os.environ, NO_COLOR="1")
    p = subprocess.run([binary, *args], cwd=cwd, capture_output=True, env=env)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def read(p):
    with open(p, "rb") as f:
        return f.read()


def files_of(d):
    out = {}
    for root, dirs, files in os.walk(d):
        for n in files:
            p = os.path.join(root, n)
            if os.path.isfile(p) and not os.path.islink(p):
                out[os.path.relpath(p, d)] = read(p)
    return out


def balanced_call(text, open_at):
    """End offset (exclusive) of the call whose '(' is at open_at; strings and comments skipped
    roughly (enough for a fallback). None when unbalanced."""
    depth, i, n = 0, open_at, len(text)
    while i < n:
        c = text[i]
        if c in "\"'`":
            q, i = c, i + 1
            while i < n and text[i] != q:
                i += 2 if text[i] == "\\" else 1
        elif c == "#" or text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
            continue
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return None


FALLBACK = re.compile(r"[A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*|\(\))*\s*\.\s*(?:triggers\s*\.\s*[A-Za-z_$][\w$]*|"
                      r"create_trigger_listener|enable_trigger|disable_trigger|setupTrigger|enableTrigger|disableTrigger)"
                      r"\s*\(")


def fallback_triggers(text):
    calls = []
    for m in FALLBACK.finditer(text):
        end = balanced_call(text, m.end() - 1)
        if end:
            calls.append(text[m.start():end])
    return calls


# ---- no widened toolkit set (issue 16) -----------------------------------------------------------

def known_toolkits():
    with open(os.path.join(ROOT, "rules", "toolkits.txt")) as f:
        return sorted({w.strip() for w in f if w.strip() and not w.startswith("#")}, key=len, reverse=True)


TOOLKITS = known_toolkits()
FETCH = re.compile(r"\.(?:tools(?:\s|(?://|#)[^\n]*\n)*\.\s*get|get_tools|get_actions|getTools)\s*\(")
CREATE = re.compile(r"(?:(?:const|let|var)\s+)?([A-Za-z_$][\w$]*)\s*=\s*(?:await\s+)?[\w$.()]+?\.create\s*\(|"
                    r"\.create\s*\(")
STRING = re.compile(r"""["']([A-Za-z0-9_\-]+)["']""")
ENUM = re.compile(r"\b(?:App|Action)\.([A-Z0-9_]+)")


def toolkit_of_slug(slug):
    s = slug.upper()
    for t in TOOLKITS:
        if s.startswith(t.upper() + "_"):
            return t
    return None


def list_after(call, keys):
    """The items of the first `key=[...]` / `key: [...]` list of the call text, or None."""
    m = re.search(r"\b(?:" + "|".join(keys) + r")\s*[=:]\s*\[", call)
    if not m:
        return None
    end = balanced_call(call, m.end() - 1) or len(call)
    body = call[m.end():end - 1]
    return STRING.findall(body) + ENUM.findall(body)


def fetch_set(call):
    """The toolkit set a direct or legacy fetch call asks for ("*": unrestricted), or None when
    the test cannot tell (computed lists)."""
    out = set()
    kits = list_after(call, ["toolkits", "apps"])
    if kits is not None:
        out |= {k.lower() for k in kits}
    tools = list_after(call, ["tools", "actions"])
    if tools is not None:
        for t in tools:
            tk = toolkit_of_slug(t)
            if not tk:
                return None
            out.add(tk)
    if kits is None and tools is None:
        m = re.search(r"""\(\s*[^,()]+,\s*["']([A-Z][A-Z0-9_]+)["']""", call) or re.search(r"""slug\s*=\s*["']([A-Z0-9_]+)""", call)
        if m and toolkit_of_slug(m.group(1)):
            return {toolkit_of_slug(m.group(1))}
        return {"*"}
    return out


def calls_of(text, pattern):
    out = []
    for m in pattern.finditer(text):
        end = balanced_call(text, m.end() - 1)
        if end:
            out.append((m, text[m.start():end]))
    return out


def widened_sessions(orig, fixed):
    """The sessions `fixed` creates that serve tools for a toolkit set no original fetch (or join)
    asked for: [(session text, its set)]."""
    sets = [fetch_set(c) for _, c in calls_of(orig, FETCH)]
    if any(x is None for x in sets):
        return []
    sets = [frozenset(x) for x in sets]
    bad = []
    creates = calls_of(fixed, CREATE)
    for i, (m, call) in enumerate(creates):
        if orig.count(call) >= fixed.count(call):
            continue  # the code's own session, untouched
        kits = list_after(call, ["toolkits"])
        got = frozenset(k.lower() for k in kits) if kits is not None else frozenset({"*"})
        name = m.group(1)
        after = fixed[m.end():]
        if name:  # its tools() calls up to the next session of that name
            nxt = re.search(r"(?:(?:const|let|var)\s+)?\b" + re.escape(name) + r"\s*=\s*(?:await\s+)?[\w$.()]+?\.create\s*\(", after)
            scope = after[:nxt.start()] if nxt else after
            ntools = len(re.findall(r"\b" + re.escape(name) + r"\s*\.\s*tools\s*\(", scope))
        else:  # expression form: client.create(...).tools()
            ntools = 1 if re.match(r"[^\n]*?\)\s*\)?\s*\.\s*tools\s*\(", fixed[m.start() + len(call) - 1:]) else 0
        if ntools == 0 or got in sets:
            continue
        union_ok = ntools == 1 and "*" not in got and any(
            s <= got for s in sets) and got == frozenset().union(*[s for s in sets if s <= got])
        if not union_ok:
            bad.append((call[:100], sorted(got)))
    return bad


def py_triggers(data):
    """Trigger call texts of a Python file with the ast module; None when it does not parse."""
    try:
        text = data.decode("utf-8")
        tree = ast.parse(text)
    except (SyntaxError, UnicodeDecodeError, ValueError):
        return None
    listeners = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and \
                isinstance(node.value.func, ast.Attribute) and node.value.func.attr == "create_trigger_listener":
            listeners |= {ast.unparse(t) for t in node.targets}
    calls = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        f = node.func
        on_triggers = isinstance(f.value, ast.Attribute) and f.value.attr == "triggers"
        callback = f.attr == "callback" and ast.unparse(f.value) in listeners
        if on_triggers or f.attr in PY_TRIGGER_METHODS or callback:
            seg = ast.get_source_segment(text, node)
            if seg:
                calls.append(seg)
    return calls


class Checker:
    def __init__(self, binary, verbose):
        self.bin = binary
        self.verbose = verbose
        self.passed = self.failed = 0
        self.expected = []
        self.unexpected_ok = []
        self.trigger_calls = 0
        self.have_node = shutil.which("node") is not None and \
            os.path.isdir(os.path.join(ROOT, "node_modules", "typescript"))

    def check(self, invariant, tree, rel, ok, why=""):
        key = (invariant, tree, rel)
        if key in KNOWN:
            if ok:
                self.unexpected_ok.append(key)
                self.failed += 1
                print(f"UNEXPECTED PASS {invariant} [{tree}] {rel}: remove it from KNOWN ({KNOWN[key]})")
            else:
                self.expected.append(key)
                self.passed += 1
            return
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL {invariant} [{tree}] {rel}: {why}")

    def ts_info(self, paths):
        """{path: {"calls": [...], "diagnostics": n}} from the TypeScript compiler (batched)."""
        info = {}
        for i in range(0, len(paths), 200):
            chunk = paths[i:i + 200]
            p = subprocess.run(["node", "-e", TS_TRIGGERS_JS, ROOT, *chunk], capture_output=True, text=True)
            if p.returncode != 0:
                raise RuntimeError("node/typescript failed: " + p.stderr[-2000:])
            info.update(json.loads(p.stdout))
        return info

    def ts_unbound(self, paths):
        """{path: [name, ...]} from the TypeScript checker (TS_UNBOUND_JS), batched."""
        info = {}
        for i in range(0, len(paths), 200):
            chunk = paths[i:i + 200]
            p = subprocess.run(["node", "-e", TS_UNBOUND_JS, ROOT, *chunk], capture_output=True, text=True)
            if p.returncode != 0:
                raise RuntimeError("node/typescript failed: " + p.stderr[-2000:])
            info.update(json.loads(p.stdout))
        return info

    def check_unbound(self, name, rel, before, after):
        if before is None or after is None:
            return
        new = sorted(set(after) - set(before))
        self.check("unbound", name, rel, not new, "the fixed file uses names nothing binds: " + ", ".join(new[:5]))

    def syntax_counts(self, d, args):
        code, out, err = run(self.bin, ["--no-config", "--no-prefilter", "--exit-zero", *args, "."], d)
        if code == 2:
            raise RuntimeError(f"report run exited 2 in {d}: {err[-2000:]}")
        return {m.group(1): int(m.group(2)) for m in SYNTAX_NOTE.finditer(err)}

    def rebuild(self, d, args, data_by_rel):
        """Applies the reported edits pass by pass to the whole tree (in place); returns the result
        and the syntax error counts of the first pass (the input tree; see tree())."""
        current = dict(data_by_rel)
        first_counts = None
        for _ in range(12):
            code, out, err = run(self.bin, ["--no-config", "--format", "json", "--unsafe-fixes", *args, "."], d)
            if code == 2:
                raise RuntimeError(f"JSON report exited 2 in {d}: {err[-2000:]}")
            if first_counts is None:
                first_counts = {m.group(1): int(m.group(2)) for m in SYNTAX_NOTE.finditer(err)}
            by_file = {}
            for f in json.loads(out)["findings"]:
                by_file.setdefault(f["path"], []).append(f)
            changed = False
            for rel, findings in by_file.items():
                if rel not in current:
                    continue
                new, n = test_fixtures.apply_reported(current[rel], findings, 2)
                if n and new != current[rel]:
                    current[rel] = new
                    with open(os.path.join(d, rel), "wb") as fh:
                        fh.write(new)
                    changed = True
            if not changed:
                break
        return current, first_counts

    def tree(self, name, src_dir, args, only_inputs):
        # a tmpfs when there is one: --fix fsyncs every file it writes
        base = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
        with tempfile.TemporaryDirectory(prefix=f"dc-inv-{name}-", dir=base) as tmp:
            orig_dir, fixed_dir, again_dir, rebuild_dir = (os.path.join(tmp, x) for x in ("orig", "fixed", "again", "rebuild"))
            if only_inputs:
                os.makedirs(orig_dir)
                for sub in sorted(os.listdir(src_dir)):
                    full = os.path.join(src_dir, sub)
                    if not os.path.isdir(full):
                        continue
                    for n in sorted(os.listdir(full)):
                        if os.path.isfile(os.path.join(full, n)) and test_fixtures.is_input(n):
                            os.makedirs(os.path.join(orig_dir, sub), exist_ok=True)
                            shutil.copy2(os.path.join(full, n), os.path.join(orig_dir, sub, n))
            else:
                shutil.copytree(src_dir, orig_dir, symlinks=True)
            for d in (fixed_dir, rebuild_dir):
                shutil.copytree(orig_dir, d, symlinks=True)
            original = files_of(orig_dir)

            code, out, err = run(self.bin, ["--no-config", "--fix", "--unsafe-fixes", "--exit-zero", *args, "."], fixed_dir)
            if code != 0:
                self.check("fix-runs", name, ".", False, f"--fix exited {code}: {err[-2000:]}")
                return
            fixed = files_of(fixed_dir)
            scanned = [r for r in original if fixed.get(r) is not None]
            changed = sorted(r for r in scanned if fixed[r] != original[r])
            if self.verbose:
                print(f"[{name}] {len(original)} files, {len(changed)} changed by --fix --unsafe-fixes")

            # idempotence
            shutil.copytree(fixed_dir, again_dir, symlinks=True)
            code, out, err = run(self.bin, ["--no-config", "--fix", "--unsafe-fixes", "--exit-zero", *args, "."], again_dir)
            again = files_of(again_dir)
            for rel in scanned:
                self.check("idempotent", name, rel, code == 0 and again.get(rel) == fixed[rel],
                           f"a second --fix changed it again (exit {code})")

            # bytes outside edits: rebuild from the JSON report's edits
            rebuilt, before = self.rebuild(rebuild_dir, args, original)
            for rel in changed:
                self.check("edits-only", name, rel, rebuilt.get(rel) == fixed[rel],
                           "the fixed file is not what the reported edits produce")

            # tree-sitter: no new syntax errors. `before` comes from the rebuild's first JSON run
            # on the input tree: that run uses the prefilter, but only changed files are checked
            # and a file --fix changed had findings, so it was parsed and its syntax errors noted
            # (one whole-tree run less). `after` needs --no-prefilter: a fixed file may no longer
            # contain any literal the rules look for.
            after = self.syntax_counts(fixed_dir, args)
            for rel in changed:
                b, a = before.get(rel, 0), after.get(rel, 0)
                self.check("tree-sitter", name, rel, a <= b, f"{a} syntax error nodes after --fix, {b} before")

            # no widened toolkit set: each new session has the set of one fetch it replaces
            for rel in changed:
                if rel.endswith(PY_EXT) or rel.endswith(TS_EXT):
                    bad = widened_sessions(original[rel].decode("utf-8", "replace"), fixed[rel].decode("utf-8", "replace"))
                    self.check("toolkits", name, rel, not bad,
                               "a session serves a toolkit set no original fetch asked for: " +
                               "; ".join(f"{c!r} {k}" for c, k in bad[:3]))

            # python3 ast + trigger calls (Python)
            ts_files = []
            for rel in scanned:
                if rel.endswith(PY_EXT):
                    o_calls = py_triggers(original[rel])
                    f_calls = py_triggers(fixed[rel])
                    if rel in changed:
                        self.check("python-ast", name, rel, o_calls is None or f_calls is not None,
                                   "the input parses with ast, the fixed file does not")
                        self.check_unbound(name, rel, py_unbound(original[rel]), py_unbound(fixed[rel]))
                    if o_calls is None:
                        o_calls = fallback_triggers(original[rel].decode("utf-8", "replace"))
                    self.check_triggers(name, rel, o_calls, fixed[rel])
                elif rel.endswith(TS_EXT):
                    ts_files.append(rel)
                else:  # .env and other files: no trigger calls to keep
                    pass

            # TypeScript compiler: parse diagnostics + trigger calls (TS/JS)
            if ts_files and self.have_node:
                o_info = self.ts_info([os.path.join(orig_dir, r) for r in ts_files])
                f_info = self.ts_info([os.path.join(fixed_dir, r) for r in ts_files])
                ts_changed = [r for r in ts_files if r in changed]
                o_unb = self.ts_unbound([os.path.join(orig_dir, r) for r in ts_changed])
                f_unb = self.ts_unbound([os.path.join(fixed_dir, r) for r in ts_changed])
                for rel in ts_changed:
                    self.check_unbound(name, rel, o_unb.get(os.path.join(orig_dir, rel)),
                                       f_unb.get(os.path.join(fixed_dir, rel)))
                for rel in ts_files:
                    oi, fi = o_info.get(os.path.join(orig_dir, rel)), f_info.get(os.path.join(fixed_dir, rel))
                    if rel in changed:
                        self.check("typescript", name, rel, oi is not None and fi is not None and
                                   fi["diagnostics"] <= oi["diagnostics"],
                                   f"{fi and fi['diagnostics']} TypeScript parse diagnostics after --fix, "
                                   f"{oi and oi['diagnostics']} before")
                    calls = oi["calls"] if oi and oi["diagnostics"] == 0 else \
                        fallback_triggers(original[rel].decode("utf-8", "replace"))
                    if oi and oi["diagnostics"]:
                        calls = sorted(set(calls) | set(oi["calls"]))
                    self.check_triggers(name, rel, calls, fixed[rel])
            elif ts_files:
                print("note: node or node_modules/typescript missing: TypeScript checks skipped")

    def check_triggers(self, name, rel, calls, fixed):
        text = fixed.decode("utf-8", "replace")
        lost = [c for c in set(calls) if text.count(c) < calls.count(c)]
        self.trigger_calls += len(calls)
        if calls or lost:
            self.check("triggers", name, rel, not lost,
                       "trigger call text changed: " + "; ".join(repr(c[:120]) for c in lost[:3]))


def auth_args():
    """The --auth-config mappings of every fixture's .args (other flags, like --select, dropped)."""
    args = []
    for root, dirs, files in os.walk(FIXTURES):
        for n in sorted(files):
            if n.endswith(".args"):
                with open(os.path.join(root, n)) as f:
                    words = [w for line in f if not line.startswith("#") for w in line.split()]
                for i, w in enumerate(words):
                    if w == "--auth-config" and i + 1 < len(words) and words[i + 1] not in args:
                        args += [words[i + 1]]
    out = []
    for a in sorted(set(args)):
        out += ["--auth-config", a]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    c = Checker(os.path.abspath(a.bin), a.verbose)
    try:
        c.tree("fixtures", FIXTURES, auth_args(), only_inputs=True)
        c.tree("fixtures-plain", FIXTURES, [], only_inputs=True)
        c.tree("example", EXAMPLE, [], only_inputs=False)
    except RuntimeError as e:
        print(f"FAIL: {e}")
        c.failed += 1
    print(f"({c.trigger_calls} trigger calls checked)")
    for key in c.expected:
        print(f"expected failure {key[0]} [{key[1]}] {key[2]}: {KNOWN[key]}")
    print(f"{c.passed} passed, {c.failed} failed")
    return 1 if c.failed or c.passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
