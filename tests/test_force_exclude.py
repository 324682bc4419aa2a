#!/usr/bin/env python3
"""--force-exclude (ctest: test_force_exclude): files named on the command line (as pre-commit and
editors name them) are left out when --exclude, .dcmigrate.yml's exclude or a default exclude covers
them; without the flag a named file is always scanned. Also: --version shows the VERSION file."""
import json
import os
import sys
import unittest

import testlib

BIN = None
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PY = 'from devcaster import Devcaster\n\ndc = Devcaster()\ntools = dc.tools.get(user_id="u1", toolkits=["GITHUB"])\n'
ENV = "DEVCASTER_TOOLKIT_VERSION_GITHUB=20250101\n"


def scanned(cwd, *args):
    code, out, _ = testlib.run(BIN, "--format", "json", *args, cwd=cwd)
    return sorted({f["path"] for f in json.loads(out)["findings"]}), code


class TestForceExclude(unittest.TestCase):
    def setUp(self):
        files = {"src/app.py": PY, "legacy/old.py": PY, "node_modules/pkg/x.py": PY, "gen/a_pb.py": PY,
                 ".env": ENV, ".dcmigrate.yml": "exclude: [legacy/]\n"}
        self.tree = testlib.Tree(files, prefix="dc-force-exclude-")
        self.dir = self.tree.dir
        self.named = ["src/app.py", "legacy/old.py", "./node_modules/pkg/x.py", "gen/a_pb.py", ".env"]

    def tearDown(self):
        self.tree.__exit__()

    def test_named_files_scanned_without_the_flag(self):
        got, code = scanned(self.dir, "--exclude", "*_pb.py", *self.named)
        self.assertEqual(got, [".env", "gen/a_pb.py", "legacy/old.py", "node_modules/pkg/x.py", "src/app.py"])
        self.assertEqual(code, 1)

    def test_excludes_apply_with_the_flag(self):
        got, code = scanned(self.dir, "--force-exclude", "--exclude", "*_pb.py", *self.named)
        self.assertEqual(got, [".env", "src/app.py"])
        self.assertEqual(code, 1)

    def test_no_default_excludes_still_honoured(self):
        got, _ = scanned(self.dir, "--force-exclude", "--no-default-excludes", *self.named)
        self.assertEqual(got, [".env", "gen/a_pb.py", "node_modules/pkg/x.py", "src/app.py"])

    def test_all_named_files_excluded_is_a_clean_run(self):
        got, code = scanned(self.dir, "--force-exclude", "legacy/old.py")
        self.assertEqual((got, code), ([], 0))

    def test_directories_unchanged(self):
        # A directory named on the command line is still walked (its own name is not matched).
        got, _ = scanned(self.dir, "--force-exclude", "legacy")
        self.assertEqual(got, ["legacy/old.py"])


class TestVersion(unittest.TestCase):
    def test_version_is_the_version_file(self):
        with open(os.path.join(ROOT, "VERSION")) as f:
            version = f.read().strip()
        code, out, _ = testlib.run(BIN, "--version")
        self.assertEqual((code, out), (0, f"dcmigrate {version}\n"))


if __name__ == "__main__":
    sys.exit(testlib.main(globals(), [TestForceExclude, TestVersion]))
