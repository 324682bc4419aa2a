#!/usr/bin/env python3
"""apt channel (ctest: test_channel_deb; issue 18): CPack (cmake/package.cmake) makes
dcmigrate_V_ARCH.deb from this build. Its metadata is checked with dpkg-deb -I (name, version from
VERSION, architecture, maintainer, section, description, Depends computed by dpkg-shlibdeps and
satisfied on this machine, libc6 at least the glibc the binary needs); its files with dpkg-deb -c
(the binary, the man page, the copyright file, nothing else). Then it is installed with `dpkg -i`
into a private dpkg root (`dpkg --root`: this machine's own package database is never touched),
`dcmigrate --version` and a scan run from there, and `dpkg -r` removes every file again.
DC_DEB_SYSTEM_INSTALL=1 (a throwaway CI machine, as root, dcmigrate not installed) also runs a real
`dpkg -i` + `dcmigrate --version` + `man -w dcmigrate` + `dpkg -r`."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import channels
import testlib

BIN = None
TMP = DEB = None


def setUpModule():
    global TMP, DEB
    TMP = tempfile.mkdtemp(prefix="dc-deb-")
    (DEB,) = channels.pack("deb", BIN, os.path.join(TMP, "dist"))


def tearDownModule():
    shutil.rmtree(TMP)


def out(*cmd, **kw):
    return subprocess.run(list(cmd), capture_output=True, text=True, check=True, **kw).stdout


def fields():
    control = out("dpkg-deb", "-f", DEB)
    return dict(re.findall(r"^([\w-]+): (.*)$", control, re.M))


def host_satisfies(dep):
    """One `pkg (op version)` of Depends, checked against this machine's installed packages."""
    m = re.match(r"^(\S+?)(?::\S+)?(?: \((\S+) (\S+)\))?$", dep.strip())
    p = subprocess.run(["dpkg-query", "-W", "-f=${Status}|${Version}", m.group(1)], capture_output=True, text=True)
    status, _, ver = p.stdout.partition("|")
    if p.returncode or "install ok installed" not in status:
        return False
    if not m.group(2):
        return True
    op = {">=": "ge", "<=": "le", "=": "eq", ">>": "gt", "<<": "lt"}[m.group(2)]
    return subprocess.run(["dpkg", "--compare-versions", ver, op, m.group(3)]).returncode == 0


class TestMetadata(unittest.TestCase):
    def test_fields(self):
        f = fields()
        arch = out("dpkg", "--print-architecture").strip()
        self.assertEqual(os.path.basename(DEB), f"dcmigrate_{channels.VERSION}_{arch}.deb")
        self.assertEqual((f["Package"], f["Version"], f["Architecture"]), ("dcmigrate", channels.VERSION, arch))
        self.assertEqual((f["Section"], f["Priority"]), ("devel", "optional"))
        self.assertRegex(f["Maintainer"], r"^[^<>]+ <[^@<>\s]+@[^@<>\s]+>$")
        self.assertIn("Devcaster", f["Description"])
        long_desc = out("dpkg-deb", "-f", DEB, "Description").splitlines()[1:]
        self.assertTrue(long_desc and all(line.startswith(" ") for line in long_desc), long_desc)

    def test_depends_computed_and_satisfiable_here(self):
        f = fields()
        deps = [d.strip() for d in f["Depends"].split(",")] if "Depends" in f else []
        libc = [d for d in deps if d.startswith("libc6 ")]
        if channels.is_static(BIN):
            self.assertEqual(deps, [])  # a static binary depends on nothing
        else:
            self.assertEqual(libc, [f"libc6 (>= {channels.glibc_needed(BIN)})"])
        for dep in deps:
            self.assertTrue(any(host_satisfies(alt) for alt in dep.split("|")), dep)

    def test_files(self):
        listing = out("dpkg-deb", "-c", DEB)
        files = sorted(line.split()[-1] for line in listing.splitlines() if not line.startswith("d"))
        self.assertEqual(files, ["./usr/bin/dcmigrate", "./usr/share/doc/dcmigrate/copyright",
                                 "./usr/share/man/man1/dcmigrate.1"])
        self.assertRegex(listing, r"-rwxr-xr-x root/root +\d+ .* \./usr/bin/dcmigrate\n")


class TestInstall(unittest.TestCase):
    def test_extracted_binary_runs(self):
        root = os.path.join(TMP, "x")
        out("dpkg-deb", "-x", DEB, root)
        exe = os.path.join(root, "usr", "bin", "dcmigrate")
        self.assertEqual(out(exe, "--version"), f"dcmigrate {channels.VERSION}\n")
        self.assertNotIn(".symtab", out("readelf", "-S", exe))  # stripped (CPACK_STRIP_FILES)
        with open(os.path.join(root, "usr", "share", "man", "man1", "dcmigrate.1")) as f:
            self.assertTrue(f.read().startswith(".TH DCMIGRATE 1"))

    def test_dpkg_install_and_remove_in_a_private_root(self):
        root = os.path.join(TMP, "root")
        admin = os.path.join(root, "var", "lib", "dpkg")
        for d in ("info", "updates", "triggers"):
            os.makedirs(os.path.join(admin, d))
        open(os.path.join(admin, "status"), "w").close()
        dpkg = ["dpkg", f"--root={root}", "--force-not-root", "--force-script-chrootless"]
        # the private root has no libc6 package: the dependencies are this machine's (checked above)
        p = subprocess.run(dpkg + ["--force-depends", "-i", DEB], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        status = out(*dpkg, "-s", "dcmigrate")
        self.assertIn("Status: install ok installed", status)
        self.assertIn(f"Version: {channels.VERSION}", status)
        exe = os.path.join(root, "usr", "bin", "dcmigrate")
        self.assertEqual(out(exe, "--version"), f"dcmigrate {channels.VERSION}\n")
        sample = channels.write_tree(os.path.join(TMP, "sample"), channels.SAMPLE)
        p = subprocess.run([exe, "--format", "json", "src", ".env"], cwd=sample, capture_output=True, text=True)
        self.assertEqual((p.returncode, channels.findings(p.stdout)), (1, channels.SAMPLE_FINDINGS))
        p = subprocess.run(dpkg + ["-r", "dcmigrate"], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        left = [os.path.join(d, f) for d, _, fs in os.walk(os.path.join(root, "usr")) for f in fs]
        self.assertEqual(left, [])

    @unittest.skipUnless(os.environ.get("DC_DEB_SYSTEM_INSTALL") == "1", "set DC_DEB_SYSTEM_INSTALL=1 (CI only)")
    def test_system_dpkg_install(self):
        if subprocess.run(["dpkg-query", "-W", "dcmigrate"], capture_output=True).returncode == 0:
            self.skipTest("a dcmigrate package is already installed here")
        subprocess.run(["dpkg", "-i", DEB], check=True, capture_output=True)
        try:
            self.assertEqual(out("/usr/bin/dcmigrate", "--version"), f"dcmigrate {channels.VERSION}\n")
            if shutil.which("man"):
                self.assertTrue(out("man", "-w", "dcmigrate").strip().endswith("dcmigrate.1"))
            self.assertTrue(os.path.isfile("/usr/share/man/man1/dcmigrate.1"))
        finally:
            subprocess.run(["dpkg", "-r", "dcmigrate"], check=True, capture_output=True)


if __name__ == "__main__":
    sys.exit(testlib.main(globals(), [TestMetadata, TestInstall]))
