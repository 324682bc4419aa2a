"""Shared by the distribution-channel tests (tests/test_channel_*.py, issue 18): build an artifact
with packaging/pack.py, a sample project with known findings, and what the binary needs (computed
here from the binary, independently of pack.py)."""
import json
import os
import re
import subprocess
import sys

import testlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
with open(os.path.join(ROOT, "VERSION")) as _f:
    VERSION = _f.read().strip()

PY = 'from devcaster import Devcaster\n\ndc = Devcaster()\ntools = dc.tools.get(user_id="u1", toolkits=["GITHUB"])\n'
SAMPLE = {
    "src/app.py": PY,
    "legacy/old.py": PY,
    ".env": "DEVCASTER_TOOLKIT_VERSION_GITHUB=20250101\n",
    ".dcmigrate.yml": "exclude: [legacy/]\n",
    "README.md": "not scanned\n",
}
# What a scan of the sample's src/ and .env reports: (path, rule)
SAMPLE_FINDINGS = [(".env", "toolkit-version-env"), ("src/app.py", "tools-get")]


def write_tree(root, files):
    """`files` ({relative path: text}) under root (created); returns root."""
    for name, text in files.items():
        testlib.write(os.path.join(root, name), text)
    return root


def pack(what, binary, out):
    """Runs packaging/pack.py WHAT; returns the artifacts it made."""
    p = subprocess.run([sys.executable, os.path.join(ROOT, "packaging", "pack.py"), what, "--bin", binary,
                        "--build", os.path.dirname(binary), "--out", out], capture_output=True, text=True)
    if p.returncode:
        raise AssertionError(f"pack.py {what} failed:\n{p.stdout}{p.stderr}")
    return p.stdout.split()


def glibc_needed(binary):
    """The highest GLIBC_x.y symbol version the binary references (objdump -T); 2.17, the oldest
    manylinux baseline, for a static binary (no dynamic symbols)."""
    out = subprocess.run(["objdump", "-T", binary], capture_output=True, text=True).stdout
    vers = {tuple(int(x) for x in v.split(".")[:2]) for v in re.findall(r"GLIBC_([0-9.]+[0-9])", out)}
    return "%d.%d" % max(vers) if vers else "2.17"


def is_static(binary):
    """No shared library at all (objdump -p lists no NEEDED)."""
    out = subprocess.run(["objdump", "-p", binary], capture_output=True, text=True, check=True).stdout
    return not re.search(r"^\s*NEEDED\s", out, re.M)


def findings(stdout):
    """(path, rule) pairs of a --format json report."""
    return sorted((f["path"], f["rule"]) for f in json.loads(stdout)["findings"])


def clean_error(test, stderr):
    """A launcher's failure: one `dcmigrate: error:` line, no stack trace."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    test.assertEqual(len(lines), 1, stderr)
    test.assertTrue(lines[0].startswith("dcmigrate: error: "), stderr)
    test.assertNotIn("Traceback", stderr)
    test.assertNotRegex(stderr, r"\n\s+at ")
