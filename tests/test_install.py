#!/usr/bin/env python3
"""`cmake --install` puts the binary and the man page under the prefix (ctest: test_install)."""
import argparse
import os
import subprocess
import sys
import tempfile

ap = argparse.ArgumentParser()
ap.add_argument("--bin", required=True)
a = ap.parse_args()
build = os.path.dirname(os.path.abspath(a.bin))
failed = 0
with tempfile.TemporaryDirectory(prefix="dc-install-") as prefix:
    p = subprocess.run(["cmake", "--install", build, "--prefix", prefix], capture_output=True, text=True)
    checks = [
        ("cmake --install succeeds", p.returncode == 0),
        ("binary installed", os.access(os.path.join(prefix, "bin", "dcmigrate"), os.X_OK)),
        ("man page installed", os.path.isfile(os.path.join(prefix, "share", "man", "man1", "dcmigrate.1"))),
    ]
    if checks[1][1]:
        v = subprocess.run([os.path.join(prefix, "bin", "dcmigrate"), "--version"], capture_output=True, text=True)
        checks.append(("installed binary runs", v.returncode == 0 and v.stdout.startswith("dcmigrate ")))
    for name, ok in checks:
        print(("ok   " if ok else "FAIL ") + name)
        failed += 0 if ok else 1
    if p.returncode:
        print(p.stdout, p.stderr)
print(f"{len(checks) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
