#!/usr/bin/env python3
"""npm channel (ctest: test_channel_npm; issue 18): packaging/pack.py npm makes the launcher
package `dcmigrate` and the platform package `dcmigrate-linux-x64-gnu` with `npm pack`; both
tarballs are installed into an empty directory offline (a throwaway npm cache, an unreachable
registry: no network) and `npx dcmigrate` runs the binary: --version, a real scan, exit codes and
signals passed through. Bad input: an unsupported platform, a missing platform package, a
missing or corrupt binary each give one clear error line (exit 2), never a stack trace."""
import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import unittest

import channels
import testlib

BIN = None
TMP = APP = None
TARBALLS = []


def npm_env(home):
    return dict(os.environ, npm_config_cache=os.path.join(home, ".npm-cache"), npm_config_offline="true",
                npm_config_registry="http://127.0.0.1:9/", npm_config_audit="false", npm_config_fund="false",
                npm_config_update_notifier="false", HOME=home, NO_COLOR="1")


def npm_install(where, tarballs):
    os.makedirs(where)
    channels.write_tree(where, {"package.json": '{"name": "app", "version": "1.0.0", "private": true}\n'})
    p = subprocess.run(["npm", "install", "--offline", *tarballs], cwd=where, env=npm_env(where),
                       capture_output=True, text=True)
    if p.returncode:
        raise AssertionError("npm install failed:\n" + p.stdout + p.stderr)
    return where


def npx(where, *args, env=None):
    e = npm_env(where)
    e.update(env or {})
    return subprocess.run(["npx", "--offline", "--no-install", "dcmigrate", *args], cwd=where, env=e,
                          capture_output=True, text=True)


class launcher(subprocess.Popen):
    """The launcher itself (what npx runs), for the tests that signal it: in a session of its own,
    and everything left of it killed at the end, so a failure cannot leave a child holding ctest's
    output pipe."""

    def __init__(self, where, *args, env=None, **kw):
        e = npm_env(where)
        e.update(env or {})
        js = os.path.join(where, "node_modules", "dcmigrate", "bin", "dcmigrate.js")
        super().__init__(["node", js, *args], cwd=where, env=e, start_new_session=True, **kw)

    def __exit__(self, *exc):
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        return super().__exit__(*exc)


def setUpModule():
    global TMP, APP, TARBALLS
    TMP = tempfile.mkdtemp(prefix="dc-npm-")
    TARBALLS = channels.pack("npm", BIN, os.path.join(TMP, "dist"))
    APP = npm_install(os.path.join(TMP, "app"), TARBALLS)
    channels.write_tree(os.path.join(APP, "sample"), channels.SAMPLE)


def tearDownModule():
    shutil.rmtree(TMP)


class TestPackages(unittest.TestCase):
    def manifest(self, tarball):
        with tarfile.open(tarball) as t:
            names = {m.name: m for m in t.getmembers()}
            return names, json.load(t.extractfile("package/package.json"))

    def test_two_tarballs_named_by_version(self):
        self.assertEqual([os.path.basename(t) for t in TARBALLS],
                         [f"dcmigrate-{channels.VERSION}.tgz", f"dcmigrate-linux-x64-gnu-{channels.VERSION}.tgz"])

    def test_launcher_package(self):
        names, pkg = self.manifest(TARBALLS[0])
        self.assertEqual(pkg["version"], channels.VERSION)
        self.assertEqual(pkg["bin"], {"dcmigrate": "bin/dcmigrate.js"})
        self.assertEqual(pkg["optionalDependencies"], {"dcmigrate-linux-x64-gnu": channels.VERSION})
        self.assertIn("package/LICENSE", names)
        self.assertFalse(any("dcmigrate.js" not in n and n.startswith("package/bin/") for n in names))

    def test_platform_package_describes_the_binary(self):
        names, pkg = self.manifest(TARBALLS[1])
        self.assertEqual((pkg["os"], pkg["cpu"], pkg["libc"]), (["linux"], ["x64"], ["glibc"]))
        self.assertEqual(pkg["version"], channels.VERSION)
        self.assertEqual(pkg["dcmigrate"]["glibc"], channels.glibc_needed(BIN))
        member = names["package/bin/dcmigrate"]
        self.assertEqual(member.mode & 0o111, 0o111)
        self.assertEqual(member.size, pkg["dcmigrate"]["size"])


class TestInstalled(unittest.TestCase):
    def test_npx_version(self):
        p = npx(APP, "--version")
        self.assertEqual((p.returncode, p.stdout, p.stderr), (0, f"dcmigrate {channels.VERSION}\n", ""))

    def test_npx_scan(self):
        p = npx(os.path.join(APP, "sample"), "--format", "json", "src", ".env")
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertEqual(channels.findings(p.stdout), channels.SAMPLE_FINDINGS)

    def test_npx_fix(self):
        work = shutil.copytree(os.path.join(APP, "sample"), os.path.join(APP, "fixme"))
        p = npx(work, "--fix", "src")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        with open(os.path.join(work, "src", "app.py")) as f:
            self.assertIn("session.tools()", f.read())

    def test_exit_code_and_signal_passed_through(self):
        sh = {"DCMIGRATE_BINARY": "/bin/sh"}
        self.assertEqual(npx(APP, "-c", "exit 3", env=sh).returncode, 3)
        with launcher(APP, "-c", "kill -TERM $$", env=sh) as p:
            self.assertEqual(p.wait(timeout=30), -signal.SIGTERM)

    def test_sigint_forwarded_to_the_binary(self):
        script = 'trap "exit 7" INT; echo ready; while :; do sleep 0.05; done'
        with launcher(APP, "-c", script, env={"DCMIGRATE_BINARY": "/bin/sh"}, stdout=subprocess.PIPE, text=True) as p:
            self.assertEqual(p.stdout.readline(), "ready\n")
            p.send_signal(signal.SIGINT)  # the launcher only, not its process group
            self.assertEqual(p.wait(timeout=30), 7)


class TestBadInput(unittest.TestCase):
    def broken_copy(self, name, damage):
        where = shutil.copytree(APP, os.path.join(TMP, name), symlinks=True)
        damage(os.path.join(where, "node_modules", "dcmigrate-linux-x64-gnu", "bin", "dcmigrate"))
        return where

    def assert_clean_failure(self, p, *words):
        self.assertEqual(p.returncode, 2, p.stderr)
        channels.clean_error(self, p.stderr)
        for w in words:
            self.assertIn(w, p.stderr)

    def test_unsupported_platform(self):
        fake = os.path.join(TMP, "arm64.js")
        with open(fake, "w") as f:
            f.write('Object.defineProperty(process, "arch", { value: "arm64" });\n')
        p = npx(APP, "--version", env={"NODE_OPTIONS": f"--require {fake}"})
        self.assert_clean_failure(p, "linux-arm64-gnu", "Prebuilt binaries exist for: linux-x64-gnu",
                                  "scripts/bootstrap", "DCMIGRATE_BINARY")

    def fake_libc(self, name, version):
        fake = os.path.join(TMP, name + ".js")
        with open(fake, "w") as f:
            f.write("const real = process.report.getReport.bind(process.report);\n"
                    "process.report.getReport = () => { const r = real(); "
                    f"r.header.glibcVersionRuntime = {version}; return r; }};\n")
        return {"NODE_OPTIONS": f"--require {fake}"}

    def test_musl(self):
        p = npx(APP, "--version", env=self.fake_libc("musl", "undefined"))
        self.assert_clean_failure(p, "linux-x64-musl", "Prebuilt binaries exist for: linux-x64-gnu")

    def test_glibc_too_old(self):
        p = npx(APP, "--version", env=self.fake_libc("old-glibc", '"2.5"'))
        self.assert_clean_failure(p, f"needs glibc {channels.glibc_needed(BIN)} or newer", "has 2.5",
                                  "scripts/bootstrap")

    def test_platform_package_not_installed(self):
        where = npm_install(os.path.join(TMP, "launcher-only"), TARBALLS[:1])
        self.assertFalse(os.path.exists(os.path.join(where, "node_modules", "dcmigrate-linux-x64-gnu")))
        self.assert_clean_failure(npx(where, "--version"), "dcmigrate-linux-x64-gnu", "is not installed")

    def test_binary_missing(self):
        self.assert_clean_failure(npx(self.broken_copy("missing", os.unlink), "--version"), "missing")

    def test_binary_truncated(self):
        def truncate(path):
            os.truncate(path, os.path.getsize(path) // 2)
        self.assert_clean_failure(npx(self.broken_copy("truncated", truncate), "--version"), "corrupt")

    def test_binary_overwritten(self):
        def garbage(path):
            size = os.path.getsize(path)
            with open(path, "wb") as f:
                f.write(b"#!/bin/sh\necho pwned\n".ljust(size, b"\0"))
        p = npx(self.broken_copy("garbage", garbage), "--version")
        self.assert_clean_failure(p, "corrupt")
        self.assertNotIn("pwned", p.stdout)

    def test_binary_bad_elf(self):
        def flip(path):
            with open(path, "r+b") as f:
                f.seek(0x20)  # e_phoff: the kernel cannot load it, same size and magic
                f.write(b"\xff" * 8)
        self.assert_clean_failure(npx(self.broken_copy("badelf", flip), "--version"), "corrupt")


if __name__ == "__main__":
    sys.exit(testlib.main(globals(), [TestPackages, TestInstalled, TestBadInput]))
