#!/usr/bin/env python3
"""scripts/release (ctest: test_release; issue 18): every artifact of VERSION (the release tarball,
both npm packages, the wheel, the .deb) lands in the output directory with a SHA256SUMS that
verifies; the release tarball holds the binary, the man page and the license and is byte-for-byte
the same when built twice. LICENSE is the MIT license package.json names; CHANGELOG.md has a
section for VERSION (scripts/release refuses to run without one)."""
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import unittest

import channels
import testlib

BIN = None
TMP = OUT = None
RELEASE = None


def setUpModule():
    global TMP, OUT, RELEASE
    TMP = tempfile.mkdtemp(prefix="dc-release-")
    OUT = os.path.join(TMP, "dist")
    RELEASE = subprocess.run([os.path.join(channels.ROOT, "scripts", "release"), "--build", os.path.dirname(BIN),
                              "--out", OUT], capture_output=True, text=True)


def tearDownModule():
    shutil.rmtree(TMP)


class TestRelease(unittest.TestCase):
    def test_every_artifact_with_checksums(self):
        self.assertEqual(RELEASE.returncode, 0, RELEASE.stdout + RELEASE.stderr)
        v = channels.VERSION
        glibc = channels.glibc_needed(BIN).replace(".", "_")
        self.assertEqual(sorted(os.listdir(OUT)), sorted([
            "SHA256SUMS", f"dcmigrate-{v}-linux-x64-gnu.tar.gz", f"dcmigrate-{v}.tgz",
            f"dcmigrate-linux-x64-gnu-{v}.tgz", f"dcmigrate-{v}-py3-none-manylinux_{glibc}_x86_64.whl",
            f"dcmigrate_{v}_amd64.deb"]))
        with open(os.path.join(OUT, "SHA256SUMS")) as f:
            listed = sorted(line.split("  ", 1)[1].strip() for line in f)
        self.assertEqual(listed, sorted(set(os.listdir(OUT)) - {"SHA256SUMS"}))
        p = subprocess.run(["sha256sum", "--strict", "-c", "SHA256SUMS"], cwd=OUT, capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)

    def test_tarball_contents_and_reproducible(self):
        a = channels.pack("tarball", BIN, os.path.join(TMP, "a"))[0]
        b = channels.pack("tarball", BIN, os.path.join(TMP, "b"))[0]
        with open(a, "rb") as fa, open(b, "rb") as fb:
            self.assertEqual(fa.read(), fb.read())
        top = f"dcmigrate-{channels.VERSION}-linux-x64-gnu"
        with tarfile.open(a) as t:
            members = {m.name: m for m in t.getmembers()}
            self.assertEqual(sorted(members), [f"{top}/LICENSE", f"{top}/dcmigrate", f"{top}/dcmigrate.1"])
            self.assertEqual(members[f"{top}/dcmigrate"].mode, 0o755)
            t.extractall(os.path.join(TMP, "x"))
        p = subprocess.run([os.path.join(TMP, "x", top, "dcmigrate"), "--version"], capture_output=True, text=True)
        self.assertEqual(p.stdout, f"dcmigrate {channels.VERSION}\n")

    def test_readme_names_this_version(self):
        # The README's install lines (pipx pins, the .deb name, pre-commit's rev) follow VERSION.
        with open(os.path.join(channels.ROOT, "README.md")) as f:
            readme = f.read()
        named = re.findall(r"dcmigrate==([0-9][\w.]*)|dcmigrate_([0-9][\w.]*)_amd64|rev: v([0-9][\w.]*)", readme)
        versions = {v for groups in named for v in groups if v}
        self.assertEqual(versions, {channels.VERSION})

    def test_license_and_changelog(self):
        with open(os.path.join(channels.ROOT, "package.json")) as f:
            self.assertEqual(json.load(f)["license"], "MIT")
        with open(os.path.join(channels.ROOT, "LICENSE")) as f:
            self.assertTrue(f.read().startswith("MIT License\n"))
        with open(os.path.join(channels.ROOT, "CHANGELOG.md")) as f:
            self.assertIn(f"\n## [{channels.VERSION}]", f.read())


if __name__ == "__main__":
    sys.exit(testlib.main(globals(), [TestRelease]))
