#!/usr/bin/env python3
"""Performance features must not change results (ctest: test_perf_invariants): for every fixture
and the example project, the default run (literal prefilter, and matching only the statements
that hold a witness: analysis/witness.h) reports exactly what a --no-prefilter run (every file
parsed, every tree matched whole) reports, in every output-relevant way; -j N equals -j 1; and the
relaxed merged queries (ruleset/qrelax.h, the default) give byte for byte the report, exit code and
messages that the queries as written give (DCMIGRATE_EXACT_QUERIES=1). No fixture has a site that
the relaxed queries alone take and the rules' predicates keep, so a small generated tree
(KIND_PROBE) adds some: there the same check fails if the engine stops checking the node kinds the
relaxation dropped (engine.c kinds_hold; checked by building without it: 7 extra findings).

One run over all of tests/fixtures per mode, not one per fixture directory: most of a run's CPU
is compiling every rule's queries for each grammar (about 1 s), so 20 directories x 2 modes cost
~40 s of CPU for ~3 s of analysis. The result is the same check: dcmigrate analyses each file on
its own (cli/pool.c: per-file fragments merged in input order; --no-config, so no per-directory
settings), and the findings are still compared directory by directory, so a mismatch names its
rule. The summaries are compared whole (already_migrated, fixable, counts): the prefilter can
only drop a file's findings and its already-migrated mark, never add, so equal totals mean equal
per directory."""
import argparse
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_full(binary, *args, exact=False):
    """(exit code, findings, summary, stdout bytes, stderr bytes); `exact`: the queries as written."""
    env = dict(os.environ, NO_COLOR="1")
    env.pop("DCMIGRATE_EXACT_QUERIES", None)
    if exact:
        env["DCMIGRATE_EXACT_QUERIES"] = "1"
    p = subprocess.run([binary, "--format", "json", *args], capture_output=True, env=env, cwd=ROOT)
    doc = json.loads(p.stdout)
    return p.returncode, doc["findings"], doc["summary"], p.stdout, p.stderr


def run(binary, *args):
    return run_full(binary, *args)[:3]


def by_dir(findings, tree, split):
    """{first path component under tree (or "." for all when not split): [findings in report order]}"""
    out = {}
    for f in findings:
        rel = os.path.relpath(os.path.join(ROOT, f["path"]), tree)
        out.setdefault(rel.split(os.sep)[0] if split and os.sep in rel else ".", []).append(f)
    return out


# legacy-terms wants an Action/App member in a list, an array or an object's pair under a call's
# argument; relaxed, the list is `(_ (attribute ...)) @__kind_list`, which a call whose callee is
# the member (`Action.X()`) also satisfies. Lines 3 (and 4 in TS/JS): only that; 5 and 6: real sites.
KIND_PROBE_PY = """from composio import Action, App

foo(x=Action.GITHUB_STAR_REPO())
foo(y={"k": App.GITHUB.name})
foo(x=Action.GITHUB_STAR_REPO)
foo(y={"k": App.GITHUB})
"""
KIND_PROBE_TS = """import { Action, App } from "composio-core";

foo({ a: Action.GITHUB_STAR_REPO() });
foo({ a: App.GITHUB.name });
foo({ a: [Action.GITHUB_STAR_REPO] });
foo({ a: App.GITHUB });
"""
KIND_PROBE = {"a.py": KIND_PROBE_PY, "b.ts": KIND_PROBE_TS, "c.js": KIND_PROBE_TS, "d.tsx": KIND_PROBE_TS}


def kind_probe(binary):
    """(passed, failed): relaxed and exact agree byte for byte on KIND_PROBE, and find its real sites only."""
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="dcmigrate-kinds-") as tree:
        for name, text in KIND_PROBE.items():
            with open(os.path.join(tree, name), "w") as f:
                f.write(text)
        relaxed = run_full(binary, "--no-config", tree)
        exact = run_full(binary, "--no-config", tree, exact=True)
    if (relaxed[0], relaxed[3], relaxed[4]) == (exact[0], exact[3], exact[4]):
        passed += 1
    else:
        failed += 1
        extra = sorted({(os.path.basename(f["path"]), f["line"], f["rule"]) for f in relaxed[1]} -
                       {(os.path.basename(f["path"]), f["line"], f["rule"]) for f in exact[1]})
        print(f"FAIL kind probe: the relaxed queries report differently from the queries as written; "
              f"extra with the relaxed ones: {extra[:8]} (is engine.c still checking the __kind_ captures?)")
    # the probe still probes: the rule finds the real sites and (as written) nothing else
    want = sorted((name, line, "legacy-terms") for name in KIND_PROBE for line in (5, 6))
    got = sorted((os.path.basename(f["path"]), f["line"], f["rule"]) for f in exact[1])
    if got == want:
        passed += 1
    else:
        failed += 1
        print(f"FAIL kind probe: expected legacy-terms on lines 5 and 6 of each file only, got {got}; "
              f"if the rule changed, find new inputs that the relaxed queries alone would take")
    return passed, failed


def deep_probe(binary):
    """(passed, failed): a call nested deeply enough that the relaxed queries reach the query
    cursor's match limit (they keep more matches in progress); the engine then matches the file
    with the queries as written, so both modes report the same, including the site inside."""
    call = "dc.tools.execute('X', user_id='u', arguments={})"
    for i in reversed(range(90)):
        call = f"f{i}({call})"
    with tempfile.TemporaryDirectory(prefix="dcmigrate-deep-") as tree:
        with open(os.path.join(tree, "deep.py"), "w") as f:
            f.write(f"from devcaster import Devcaster\ndc = Devcaster()\nr = {call}\n")
        relaxed = run_full(binary, "--no-config", tree)
        exact = run_full(binary, "--no-config", tree, exact=True)
    ok = (relaxed[0], relaxed[3], relaxed[4]) == (exact[0], exact[3], exact[4])
    rules = [f["rule"] for f in relaxed[1]]
    if ok and rules == ["tools-execute"] and b"too many rule matches" in relaxed[4]:
        return 1, 0
    print(f"FAIL deep probe: relaxed {rules}, as written {[f['rule'] for f in exact[1]]}; "
          f"the limit warning {'was' if b'too many rule matches' in relaxed[4] else 'was not'} given "
          f"(expected: tools-execute in both, and the warning)")
    return 0, 1


# A file that is parsed, analysed and has its fixes planned (the prefilter lets it through),
# padded with ordinary code so that keeping its tree or arena after the file would show.
RSS_FILE = """from devcaster import Devcaster

dc = Devcaster()
tools = dc.tools.get(user_id="u1", toolkits=["GITHUB"])
""" + "".join(f"def helper_{i}(x):\n    return [x * {i} for _ in range(3)]\n" for i in range(40))


def peak_rss_kb(binary, *args):
    """Peak resident set of one dcmigrate run, from wait4(): the child's own high-water mark, but
    never below the forking Python's (Linux carries the parent's over exec), so small runs read
    as at least the test process's size; the growth test below only compares a run with more."""
    pid = os.posix_spawn(binary, [binary, *args], dict(os.environ, NO_COLOR="1"),
                         file_actions=[(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                                       (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)])
    _, status, usage = os.wait4(pid, 0)
    return os.waitstatus_to_exitcode(status), usage.ru_maxrss


def rss_growth(binary):
    """(passed, failed): memory does not grow with the number of files analysed. 2,700 more
    files that each use the SDK may add their report records and file-list entries (well under a
    KB each), not their trees, node indexes or arenas (tens of KB each): per-file memory is
    released after each file. Skipped under ASan, whose quarantine keeps freed memory on purpose."""
    with open(binary, "rb") as f:
        if b"__asan_init" in f.read():
            print("skip rss growth: sanitizer build")
            return 0, 0
    with tempfile.TemporaryDirectory(prefix="dcmigrate-rss-") as tree:
        for n in (300, 3000):
            d = os.path.join(tree, f"n{n}")
            os.makedirs(d)
            for i in range(n):
                with open(os.path.join(d, f"f{i:04d}.py"), "w") as f:
                    f.write(RSS_FILE)
        small = peak_rss_kb(binary, "--no-config", "-j", "2", os.path.join(tree, "n300"))
        large = peak_rss_kb(binary, "--no-config", "-j", "2", os.path.join(tree, "n3000"))
    growth = large[1] - small[1]
    if small[0] == large[0] == 1 and growth < 6 * 1024:
        return 1, 0
    print(f"FAIL rss growth: 300 files peak {small[1]} KB (exit {small[0]}), 3000 files {large[1]} KB "
          f"(exit {large[0]}): {growth} KB more, expected under 6 MB (exit 1 for both)")
    return 0, 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    a = ap.parse_args()
    binary = os.path.abspath(a.bin)
    roots = [os.path.join(ROOT, "tests", "fixtures")]
    roots += [os.path.join(ROOT, "examples", "devcaster-app")]
    passed = failed = 0
    for tree in roots:
        # relative paths (the cwd is ROOT), so finding paths are too
        relaxed = run_full(binary, "--no-config", os.path.relpath(tree, ROOT))
        with_pf = relaxed[:3]
        without = run(binary, "--no-config", "--no-prefilter", os.path.relpath(tree, ROOT))
        exact = run_full(binary, "--no-config", os.path.relpath(tree, ROOT), exact=True)
        # each fixture directory separately, so a mismatch names its rule
        split = tree == roots[0]
        got_by, want_by = by_dir(with_pf[1], tree, split), by_dir(without[1], tree, split)
        exact_by = by_dir(exact[1], tree, split)
        dirs = sorted(d for d in os.listdir(tree) if os.path.isdir(os.path.join(tree, d))) if split else ["."]
        for d in dirs + sorted((set(got_by) | set(want_by) | set(exact_by)) - set(dirs)):
            label = os.path.relpath(os.path.join(tree, d), ROOT)
            if got_by.get(d, []) == want_by.get(d, []):
                passed += 1
            else:
                failed += 1
                got = {(f["path"], f["line"], f["rule"]) for f in got_by.get(d, [])}
                want = {(f["path"], f["line"], f["rule"]) for f in want_by.get(d, [])}
                print(f"FAIL {label}: prefilter changes the result; "
                      f"missing {sorted(want - got)[:5]}, extra {sorted(got - want)[:5]}")
            # the same directory with the queries as written
            got, want = got_by.get(d, []), exact_by.get(d, [])
            if got == want:
                passed += 1
            else:
                failed += 1
                diff = [(f["path"], f["line"], f["rule"]) for f in got if f not in want]
                diff += [(f["path"], f["line"], f["rule"]) for f in want if f not in got]
                print(f"FAIL {label}: the relaxed queries (ruleset/qrelax.h) report differently from the queries "
                      f"as written (DCMIGRATE_EXACT_QUERIES=1): {len(got)} vs {len(want)} findings; "
                      f"differing: {sorted(set(diff))[:5]}")
        label = os.path.relpath(tree, ROOT)
        if (with_pf[0], with_pf[2]) == (without[0], without[2]):
            passed += 1
        else:
            failed += 1
            print(f"FAIL {label}: prefilter changes the exit code or summary: "
                  f"{with_pf[0]} {with_pf[2]} vs {without[0]} {without[2]}")
        # byte for byte: the whole report (summary, fix edits, order), the exit code, the messages
        if (relaxed[0], relaxed[3], relaxed[4]) == (exact[0], exact[3], exact[4]):
            passed += 1
        else:
            failed += 1
            print(f"FAIL {label}: the relaxed queries change the report, exit code or messages: exit "
                  f"{relaxed[0]} vs {exact[0]} (as written); stdout equal: {relaxed[3] == exact[3]}; "
                  f"stderr: {relaxed[4][-300:]!r} vs {exact[4][-300:]!r}")
        # worker threads: the report is merged in input order, so -j 1 gives the same document
        one = run(binary, "--no-config", "-j", "1", os.path.relpath(tree, ROOT))
        many = run(binary, "--no-config", "-j", "4", os.path.relpath(tree, ROOT))
        if one == many == with_pf:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {label}: -j 1 and -j 4 (and the default) report different results")
    p, f = rss_growth(binary)
    passed, failed = passed + p, failed + f
    p, f = deep_probe(binary)
    passed, failed = passed + p, failed + f
    p, f = kind_probe(binary)
    passed, failed = passed + p, failed + f
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
