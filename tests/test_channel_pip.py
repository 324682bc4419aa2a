#!/usr/bin/env python3
"""pip channel (ctest: test_channel_pip; issue 18): packaging/pack.py wheel builds, with Debian's
python3-build (--no-isolation: no PyPI), a wheel tagged py3-none-manylinux_2_XX_<arch> where 2.XX
is the glibc the binary needs (its highest GLIBC_ symbol version); the binary sits in the wheel's
.data/scripts like ruff's. Installed into a fresh venv with `pip install --no-index`, `dcmigrate`
is the binary itself (--version, a real scan, --fix); `python -m dcmigrate` runs it too. Bad input:
with the binary missing or corrupt, `python -m dcmigrate` gives one clear error line (exit 2)."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import zipfile

import channels
import testlib

BIN = None
TMP = WHEEL = VENV = None


def venv_python():
    """A Python with venv + ensurepip (Debian: python3-venv) to make the clean environment with."""
    for py in (sys.executable, "/usr/bin/python3"):
        if os.path.exists(py) and subprocess.run([py, "-c", "import ensurepip, venv"],
                                                 capture_output=True).returncode == 0:
            return py
    raise AssertionError("no python3 with venv and ensurepip: apt install python3-venv (scripts/bootstrap)")


def setUpModule():
    global TMP, WHEEL, VENV
    TMP = tempfile.mkdtemp(prefix="dc-pip-")
    (WHEEL,) = channels.pack("wheel", BIN, os.path.join(TMP, "dist"))
    VENV = os.path.join(TMP, "venv")
    subprocess.run([venv_python(), "-m", "venv", VENV], check=True)
    env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INDEX="1")
    p = subprocess.run([os.path.join(VENV, "bin", "pip"), "install", "--no-index", WHEEL], env=env,
                       capture_output=True, text=True)
    if p.returncode:
        raise AssertionError("pip install failed:\n" + p.stdout + p.stderr)
    channels.write_tree(os.path.join(TMP, "sample"), channels.SAMPLE)


def tearDownModule():
    shutil.rmtree(TMP)


def run(*cmd, cwd=None):
    return subprocess.run(list(cmd), cwd=cwd, capture_output=True, text=True, env=dict(os.environ, NO_COLOR="1"))


class TestWheel(unittest.TestCase):
    def test_tag_is_the_glibc_the_binary_needs(self):
        major, minor = channels.glibc_needed(BIN).split(".")
        self.assertEqual(os.path.basename(WHEEL),
                         f"dcmigrate-{channels.VERSION}-py3-none-manylinux_{major}_{minor}_x86_64.whl")
        with zipfile.ZipFile(WHEEL) as z:
            wheel_meta = z.read(f"dcmigrate-{channels.VERSION}.dist-info/WHEEL").decode()
        self.assertIn(f"Tag: py3-none-manylinux_{major}_{minor}_x86_64\n", wheel_meta)
        self.assertIn("Root-Is-Purelib: false\n", wheel_meta)

    def test_binary_in_data_scripts_executable(self):
        with zipfile.ZipFile(WHEEL) as z:
            info = z.getinfo(f"dcmigrate-{channels.VERSION}.data/scripts/dcmigrate")
            self.assertEqual(z.read(info)[:4], b"\x7fELF")
            self.assertEqual((info.external_attr >> 16) & 0o111, 0o111)
            meta = z.read(f"dcmigrate-{channels.VERSION}.dist-info/METADATA").decode()
        self.assertIn(f"Version: {channels.VERSION}\n", meta)
        self.assertIn("License: MIT\n", meta)


class TestInstalled(unittest.TestCase):
    def test_console_script_is_the_binary(self):
        exe = os.path.join(VENV, "bin", "dcmigrate")
        with open(exe, "rb") as f:
            self.assertEqual(f.read(4), b"\x7fELF")
        p = run(exe, "--version")
        self.assertEqual((p.returncode, p.stdout), (0, f"dcmigrate {channels.VERSION}\n"))

    def test_scan(self):
        p = run(os.path.join(VENV, "bin", "dcmigrate"), "--format", "json", "src", ".env",
                cwd=os.path.join(TMP, "sample"))
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertEqual(channels.findings(p.stdout), channels.SAMPLE_FINDINGS)

    def test_python_m(self):
        p = run(os.path.join(VENV, "bin", "python"), "-m", "dcmigrate", "--version")
        self.assertEqual((p.returncode, p.stdout), (0, f"dcmigrate {channels.VERSION}\n"))
        work = shutil.copytree(os.path.join(TMP, "sample"), os.path.join(TMP, "fixme"))
        p = run(os.path.join(VENV, "bin", "python"), "-m", "dcmigrate", "--fix", "src", cwd=work)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        with open(os.path.join(work, "src", "app.py")) as f:
            self.assertIn("session.tools()", f.read())


class TestBadInput(unittest.TestCase):
    def broken_venv(self, name, damage):
        venv = shutil.copytree(VENV, os.path.join(TMP, name), symlinks=True)
        damage(os.path.join(venv, "bin", "dcmigrate"))
        # the copy's scripts directory is found through its own interpreter (sysconfig)
        return run(os.path.join(venv, "bin", "python"), "-m", "dcmigrate", "--version")

    def test_binary_missing(self):
        p = self.broken_venv("missing", os.unlink)
        self.assertEqual(p.returncode, 2, p.stderr)
        channels.clean_error(self, p.stderr)
        self.assertIn("not installed", p.stderr)

    def test_binary_corrupt(self):
        def garbage(path):
            with open(path, "wb") as f:
                f.write(b"#!/bin/sh\necho pwned\n")
        p = self.broken_venv("garbage", garbage)
        self.assertEqual(p.returncode, 2, p.stderr)
        channels.clean_error(self, p.stderr)
        self.assertIn("corrupt", p.stderr)
        self.assertNotIn("pwned", p.stdout)


if __name__ == "__main__":
    sys.exit(testlib.main(globals(), [TestWheel, TestInstalled, TestBadInput]))
