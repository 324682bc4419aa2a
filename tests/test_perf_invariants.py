#!/usr/bin/env python3
"""Performance features must not change results (ctest: test_perf_invariants): for every fixture
and the example project, the default run (literal prefilter, and matching only the statements
that hold a witness: analyzer/witness.h) reports exactly what a --no-prefilter run (every file
parsed, every tree matched whole) reports, in every output-relevant way; and -j N equals -j 1.

One run over all of tests/fixtures per mode, not one per fixture directory: most of a run's CPU
is compiling every rule's queries for each grammar (about 1 s), so 20 directories x 2 modes cost
~40 s of CPU for ~3 s of analysis. The result is the same check: dcmigrate analyses each file on
its own (cli/run.c: per-file fragments merged in input order; --no-config, so no per-directory
settings), and the findings are still compared directory by directory, so a mismatch names its
rule. The summaries are compared whole (already_migrated, fixable, counts): the prefilter can
only drop a file's findings and its already-migrated mark, never add, so equal totals mean equal
per directory."""
import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(binary, *args):
    p = subprocess.run([binary, "--format", "json", *args], capture_output=True, env=dict(os.environ, NO_COLOR="1"),
                       cwd=ROOT)
    doc = json.loads(p.stdout)
    return p.returncode, doc["findings"], doc["summary"]


def by_dir(findings, tree, split):
    """{first path component under tree (or "." for all when not split): [findings in report order]}"""
    out = {}
    for f in findings:
        rel = os.path.relpath(os.path.join(ROOT, f["path"]), tree)
        out.setdefault(rel.split(os.sep)[0] if split and os.sep in rel else ".", []).append(f)
    return out


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
        with_pf = run(binary, "--no-config", os.path.relpath(tree, ROOT))
        without = run(binary, "--no-config", "--no-prefilter", os.path.relpath(tree, ROOT))
        # each fixture directory separately, so a mismatch names its rule
        split = tree == roots[0]
        got_by, want_by = by_dir(with_pf[1], tree, split), by_dir(without[1], tree, split)
        dirs = sorted(d for d in os.listdir(tree) if os.path.isdir(os.path.join(tree, d))) if split else ["."]
        for d in dirs + sorted((set(got_by) | set(want_by)) - set(dirs)):
            label = os.path.relpath(os.path.join(tree, d), ROOT)
            if got_by.get(d, []) == want_by.get(d, []):
                passed += 1
            else:
                failed += 1
                got = {(f["path"], f["line"], f["rule"]) for f in got_by.get(d, [])}
                want = {(f["path"], f["line"], f["rule"]) for f in want_by.get(d, [])}
                print(f"FAIL {label}: prefilter changes the result; "
                      f"missing {sorted(want - got)[:5]}, extra {sorted(got - want)[:5]}")
        label = os.path.relpath(tree, ROOT)
        if (with_pf[0], with_pf[2]) == (without[0], without[2]):
            passed += 1
        else:
            failed += 1
            print(f"FAIL {label}: prefilter changes the exit code or summary: "
                  f"{with_pf[0]} {with_pf[2]} vs {without[0]} {without[2]}")
        # worker threads: the report is merged in input order, so -j 1 gives the same document
        one = run(binary, "--no-config", "-j", "1", os.path.relpath(tree, ROOT))
        many = run(binary, "--no-config", "-j", "4", os.path.relpath(tree, ROOT))
        if one == many == with_pf:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {label}: -j 1 and -j 4 (and the default) report different results")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
