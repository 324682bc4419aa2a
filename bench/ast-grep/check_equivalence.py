#!/usr/bin/env python3
"""check_equivalence.py: compare the ast-grep rule set with dcmigrate on the golden fixtures.

    bench/ast-grep/check_equivalence.py [--bin build-bench/dcmigrate] [PATH ...]   (default: tests/fixtures)

Runs both tools on the same files and prints, per dcmigrate rule, how many finding sites
(file, line, rule) both report, only dcmigrate reports, and only ast-grep reports; --list RULE
prints the differing sites of one rule. Expected differences: dcmigrate-only .env findings
(ast-grep has no dotenv language) and ast-grep-only look-alikes in files that import the SDK
(ast-grep has no binding facts). Anything else means the rule sets drifted apart.
"""
import argparse
import collections
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="*", default=[os.path.join(ROOT, "tests", "fixtures")])
    ap.add_argument("--bin", default=os.path.join(ROOT, "build-bench", "dcmigrate"))
    ap.add_argument("--ast-grep", default=os.path.join(ROOT, "node_modules", "@ast-grep", "cli-linux-x64-gnu", "ast-grep"))
    ap.add_argument("--list", metavar="RULE", help="print the sites where the tools differ for RULE")
    a = ap.parse_args()
    paths = [os.path.abspath(p) for p in a.paths]
    dc = subprocess.run([a.bin, "--no-config", "--no-ignore", "-q", "--exit-zero", "--format", "json", *paths],
                        capture_output=True, cwd=ROOT)
    doc = json.loads(dc.stdout)
    d = set()
    for f in doc["findings"]:
        if f["rule"] == "unused-suppression":
            continue
        d.add((os.path.normpath(os.path.join(ROOT, f["path"])), f["line"], f["rule"]))
    cmd = [a.ast_grep, "scan", "-c", os.path.join(HERE, "sgconfig.yml"), "--json=stream"]
    for kind in ["hidden", "dot", "exclude", "global", "parent", "vcs"]:
        cmd += ["--no-ignore", kind]
    sg = subprocess.run(cmd + paths, capture_output=True, cwd=ROOT, check=True)
    s = set()
    for line in sg.stdout.splitlines():
        m = json.loads(line)
        s.add((os.path.normpath(os.path.join(ROOT, m["file"])), m["range"]["start"]["line"] + 1,
               m["ruleId"].split("--")[0]))
    rows = collections.defaultdict(lambda: [0, 0, 0])
    for x in d & s:
        rows[x[2]][0] += 1
    for x in d - s:
        rows[x[2]][1] += 1
    for x in s - d:
        rows[x[2]][2] += 1
    print(f"{'rule':26} {'both':>6} {'dcmigrate only':>15} {'ast-grep only':>14}")
    for r, (b, do, so) in sorted(rows.items()):
        print(f"{r:26} {b:6} {do:15} {so:14}")
    if a.list:
        for tag, xs in (("dcmigrate only", d - s), ("ast-grep only", s - d)):
            for p, line, r in sorted(xs):
                if r == a.list:
                    print(f"{tag}: {os.path.relpath(p, ROOT)}:{line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
