#!/usr/bin/env python3
"""CI output formats (ctest: test_formats_ci): GitHub workflow-command annotations, SARIF 2.1.0
and JUnit XML.

- Golden outputs of the bundled example project (run from the repo root as
  `dcmigrate --format X examples/devcaster-app`) in tests/golden/formats-ci/, compared exactly;
  `--update` rewrites them. The version string is normalised to @VERSION@.
- SARIF is validated against the pinned official schema (tests/schemas/sarif-2.1.0.json) with
  Ajv through tests/tools/validate_sarif.js. A missing node or validator is a failure, not a
  skip: scripts/bootstrap installs both (npm ci).
- Fingerprints, GitHub escaping and limits, JUnit well-formedness and escaping, and several
  reports from one run.

Rules keep being added, so the goldens change with them: after checking the diff, regenerate with
    python3 tests/test_formats_ci.py --bin build/dcmigrate --update
"""
import difflib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import testlib
from testlib import Tree
import xml.etree.ElementTree as ET

BIN = None
UPDATE = False
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOLDEN = os.path.join(ROOT, "tests", "golden", "formats-ci")
VALIDATOR = os.path.join(ROOT, "tests", "tools", "validate_sarif.js")
SCHEMA = os.path.join(ROOT, "tests", "schemas", "sarif-2.1.0.json")
EXAMPLE = "examples/devcaster-app"
REGEN = "python3 tests/test_formats_ci.py --bin build/dcmigrate --update"
GOLDEN_FILES = {"github": "devcaster-app.github.txt", "sarif": "devcaster-app.sarif",
                "junit": "devcaster-app.junit.xml", "text": "devcaster-app.txt", "json": "devcaster-app.json"}

PY_CLIENT = """from devcaster import Devcaster

dc = Devcaster()
tools = dc.tools.get(user_id="u1", toolkits=["GITHUB"])
"""

# A user rule whose message has every character the formats must escape: %, CR, LF, the
# property separators `:` and `,`, XML specials, and C0 controls (which XML 1.0 forbids); the
# captured argument brings source text (possibly not UTF-8) into the message.
SPECIAL_RULE = r'''id: my-print
severity: {severity}
message: "100% sure\r\nsecond: line, with comma & <tag> \"q\" 'a' \x01\x1b end {{{{arg}}}}"
note: use logging
match:
  language: python
  query: |
    ((call function: (identifier) @f arguments: (argument_list (string) @arg)) @match (#eq? @f "print"))
'''
SPECIAL_MESSAGE = "100% sure\r\nsecond: line, with comma & <tag> \"q\" 'a' \x01\x1b end "


def dc(*args, cwd=None):
    p = subprocess.run([BIN, *args], cwd=cwd, capture_output=True)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def dc_bytes(*args, cwd=None):
    p = subprocess.run([BIN, *args], cwd=cwd, capture_output=True)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def version():
    code, out, _ = dc("--version")
    assert code == 0, out
    return out.split()[1]


def normalise(fmt, text):
    """Goldens must not change with the version: replace it where the tool states it (only in
    the SARIF driver, whose `version` is not the SARIF format's "2.1.0", and the JSON header)."""
    if fmt == "json":
        return text.replace('"version": "%s"' % version(), '"version": "@VERSION@"', 1)
    if fmt != "sarif":
        return text
    v = re.escape(version())
    head, sep, tail = text.partition('"driver"')
    tail = re.sub(r'("(?:version|semanticVersion)": )"' + v + '"', r'\1"@VERSION@"', tail)
    return head + sep + tail


def special_tree(severity="info", extra=None):
    files = {"rules/r.yml": SPECIAL_RULE.format(severity=severity),
             # line 1: one-line finding; lines 2-4: a finding over three lines; line 5: Latin-1 byte
             "a,b:c.py": b'print("x")\nprint(\n  "<&>\x07"\n)\nprint("caf\xe9")\n'}
    files.update(extra or {})
    return Tree(files)


class TestFormatsCi(unittest.TestCase):
    maxDiff = None

    # ---- helpers ---------------------------------------------------------------------------

    def validate_sarif(self, text, expect_valid=True):
        node = shutil.which("node")
        if not node:
            self.fail("node is not installed, so SARIF cannot be validated: run scripts/bootstrap")
        with tempfile.NamedTemporaryFile("w", suffix=".sarif", delete=False) as f:
            f.write(text)
        try:
            p = subprocess.run([node, VALIDATOR, f.name], capture_output=True, text=True)
        finally:
            os.unlink(f.name)
        if p.returncode == 2:
            self.fail(f"the SARIF validator cannot run: {p.stderr.strip()} (run scripts/bootstrap or "
                      "`npm ci --ignore-scripts`)")
        if expect_valid:
            self.assertEqual(p.returncode, 0, "SARIF output does not match the 2.1.0 schema:\n" + p.stdout)
        else:
            self.assertEqual(p.returncode, 1, "the validator accepted an invalid SARIF log:\n" + p.stdout)
        return p.stdout

    def check_golden(self, fmt):
        code, out, err = dc("--format", fmt, EXAMPLE, cwd=ROOT)
        self.assertEqual(code, 1, err)
        got = normalise(fmt, out)
        path = os.path.join(GOLDEN, GOLDEN_FILES[fmt])
        if UPDATE:
            os.makedirs(GOLDEN, exist_ok=True)
            with open(path, "w", newline="") as f:
                f.write(got)
            print(f"updated {os.path.relpath(path, ROOT)}", file=sys.stderr)
            return got
        if not os.path.exists(path):
            self.fail(f"missing golden {os.path.relpath(path, ROOT)}; create it with: {REGEN}")
        with open(path, newline="") as f:
            want = f.read()
        if got != want:
            diff = list(difflib.unified_diff(want.splitlines(), got.splitlines(), "golden/" + GOLDEN_FILES[fmt],
                                             "actual", lineterm="", n=2))
            shown = "\n".join(diff[:150]) + ("\n... (%d more diff lines)" % (len(diff) - 150) if len(diff) > 150 else "")
            self.fail(f"--format {fmt} output differs from {os.path.relpath(path, ROOT)}:\n{shown}\n"
                      f"If the change is intended (a new or changed rule, say), regenerate the goldens with:\n"
                      f"    {REGEN}")
        return got

    def sarif(self, *args, cwd=None):
        code, out, err = dc("--format", "sarif", *args, cwd=cwd)
        self.assertIn(code, (0, 1), err)
        return out, json.loads(out)

    # ---- goldens ---------------------------------------------------------------------------

    def test_golden_github(self):
        self.check_golden("github")

    def test_golden_sarif(self):
        text = self.check_golden("sarif")
        self.validate_sarif(text)

    def test_golden_text(self):
        self.check_golden("text")

    def test_golden_json(self):
        json.loads(self.check_golden("json"))

    def test_golden_junit(self):
        text = self.check_golden("junit")
        ET.fromstring(text.encode())

    # ---- SARIF -----------------------------------------------------------------------------

    def test_schema_is_the_pinned_one(self):
        with open(SCHEMA, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        with open(os.path.join(ROOT, "tests", "schemas", "README.md")) as f:
            self.assertIn(digest, f.read(), "tests/schemas/sarif-2.1.0.json changed without its README record")

    def test_validator_rejects_invalid_sarif(self):
        # the validator must not pass everything: break a valid log in three ways
        _, doc = self.sarif(EXAMPLE, cwd=ROOT)
        bad = json.loads(json.dumps(doc))
        del bad["runs"][0]["tool"]["driver"]["name"]
        self.validate_sarif(json.dumps(bad), expect_valid=False)
        bad = json.loads(json.dumps(doc))
        bad["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
        self.validate_sarif(json.dumps(bad), expect_valid=False)
        bad = json.loads(json.dumps(doc))
        bad["runs"][0]["columnKind"] = "bytes"
        self.validate_sarif(json.dumps(bad), expect_valid=False)

    def test_sarif_matches_the_json_report(self):
        _, doc = self.sarif(EXAMPLE, cwd=ROOT)
        _, jout, _ = dc("--format", "json", EXAMPLE, cwd=ROOT)
        findings = json.loads(jout)["findings"]
        self.assertEqual(doc["version"], "2.1.0")
        self.assertEqual(doc["$schema"], "https://json.schemastore.org/sarif-2.1.0.json")
        run = doc["runs"][0]
        self.assertEqual(run["columnKind"], "unicodeCodePoints")
        driver = run["tool"]["driver"]
        self.assertEqual((driver["name"], driver["version"]), ("dcmigrate", version()))
        rules = driver["rules"]
        for rule in rules:
            for key in ("id", "name", "shortDescription", "fullDescription", "help", "defaultConfiguration"):
                self.assertIn(key, rule)
            self.assertNotIn("{{sdk_", rule["help"]["text"])
            self.assertIn("tags", rule["properties"])
        results = run["results"]
        self.assertEqual(len(results), len(findings))
        levels = {"error": "error", "warning": "warning", "info": "note"}
        for res, f in zip(results, findings):
            self.assertEqual(rules[res["ruleIndex"]]["id"], res["ruleId"])
            self.assertEqual(res["ruleId"], f["rule"])
            self.assertEqual(res["level"], levels[f["severity"]])
            self.assertEqual(res["message"]["text"], f["message"])
            loc = res["locations"][0]["physicalLocation"]
            self.assertEqual(loc["artifactLocation"]["uri"], f["path"])
            self.assertEqual(run["artifacts"][loc["artifactLocation"]["index"]]["location"]["uri"], f["path"])
            region = loc["region"]
            self.assertEqual((region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]),
                             (f["line"], f["column"], f["end_line"], f["end_column"]))
            self.assertNotIn("charOffset", region)  # byte offsets are not character offsets
            fix = f["fix"]
            if fix and fix["applicability"] in ("safe", "unsafe") and fix["edits"]:
                change = res["fixes"][0]["artifactChanges"][0]
                self.assertEqual(change["artifactLocation"]["uri"], f["path"])
                self.assertTrue(res["fixes"][0]["description"]["text"])
                self.assertEqual(len(change["replacements"]), len(fix["edits"]))
                for rep, e in zip(change["replacements"], fix["edits"]):
                    d = rep["deletedRegion"]
                    self.assertEqual((d["startLine"], d["startColumn"], d["endLine"], d["endColumn"]),
                                     (e["line"], e["column"], e["end_line"], e["end_column"]))
                    self.assertEqual(rep.get("insertedContent", {"text": ""})["text"], e["content"])
                self.assertEqual(res["properties"]["applicability"], fix["applicability"])
            else:
                self.assertNotIn("fixes", res)
            self.assertEqual(res["properties"]["confidence"], f["confidence"])

    def test_sarif_odd_paths_bad_utf8_skips_and_empty(self):
        extra = {"dir with space/a b#1.py": PY_CLIENT, "\u00fcn\u00ef.py": PY_CLIENT,
                 "blob.py": b"\x00\x01binary", "clean.py": "x = 1\n"}
        with special_tree(extra=extra) as d:
            text, doc = self.sarif("--rules", "rules", ".", cwd=d)
            self.validate_sarif(text)
            run = doc["runs"][0]
            uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
            self.assertEqual(uris, {"a,b%3Ac.py", "dir%20with%20space/a%20b%231.py", "%C3%BCn%C3%AF.py"})
            # the finding in the Latin-1 line is kept, its bad byte shown as U+FFFD
            mine = [r for r in run["results"] if r["ruleId"] == "my-print"]
            self.assertEqual(len(mine), 3)
            self.assertEqual(mine[2]["message"]["text"], SPECIAL_MESSAGE + '"caf\ufffd"')
            self.assertEqual(mine[1]["message"]["text"], SPECIAL_MESSAGE + '"<&>\x07"')
            notes = run["invocations"][0]["toolExecutionNotifications"]
            self.assertEqual([n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for n in notes],
                             ["blob.py"])
            text, doc = self.sarif("clean.py", cwd=d)
            self.validate_sarif(text)
            self.assertEqual(doc["runs"][0]["results"], [])

    def fingerprints(self, d, name="app.py"):
        _, doc = self.sarif(name, cwd=d)
        return [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"],
                 r["partialFingerprints"]["dcmigrate/v1"]) for r in doc["runs"][0]["results"]]

    def test_fingerprints_stable_when_lines_move(self):
        with Tree({"app.py": PY_CLIENT}) as d:
            before = self.fingerprints(d)
            self.assertEqual(self.fingerprints(d), before, "not stable across runs")
            with open(os.path.join(d, "app.py"), "w") as f:
                f.write("\n\n\n" + PY_CLIENT.replace("dc = Devcaster()\n", "dc = Devcaster()\n\n\n"))
            after = self.fingerprints(d)
            self.assertEqual(len(before), 1)
            self.assertEqual(after[0][1], before[0][1] + 5, "the finding should have moved down")
            self.assertEqual(after[0][2], before[0][2])
            self.assertRegex(before[0][2], r"^[0-9a-f]{16}$")

    def test_fingerprints_distinct(self):
        src = PY_CLIENT + 'tools = dc.tools.get(user_id="u1", toolkits=["GITHUB"])\n' \
                          'other = dc.tools.get(user_id="u2", toolkits=["SLACK"])\n'
        with Tree({"app.py": src, "copy.py": src}) as d:
            fps = self.fingerprints(d, "app.py")
            self.assertEqual(len(fps), 3)
            # the same line twice in a file (occurrence index) and a different line
            self.assertEqual(len({fp for _, _, fp in fps}), 3)
            # the same code in another file
            self.assertTrue({fp for _, _, fp in fps}.isdisjoint({fp for _, _, fp in self.fingerprints(d, "copy.py")}))
        _, doc = self.sarif(EXAMPLE, cwd=ROOT)
        fps = [r["partialFingerprints"]["dcmigrate/v1"] for r in doc["runs"][0]["results"]]
        self.assertEqual(len(fps), len(set(fps)))

    # ---- GitHub ----------------------------------------------------------------------------

    def test_github_escaping_and_multiline(self):
        with special_tree() as d:
            code, out, err = dc_bytes("--format", "github", "--rules", "rules", "a,b:c.py", cwd=d)
            self.assertEqual(code, 0, err)  # info findings do not fail the default gate
            lines = out.split(b"\n")
            # CR and LF go through escapeData (a multi-line annotation); every other control
            # character is escaped C-style first, so no escape sequence reaches the log
            msg = b"100%25 sure%0D%0Asecond: line, with comma & <tag> \"q\" 'a' \\001\\033 end "
            self.assertEqual(lines[0], b"::notice file=a%2Cb%3Ac.py,line=1,col=1,endLine=1,endColumn=11,"
                                       b"title=dcmigrate%3A my-print::" + msg + b'"x"')
            # three lines: no col / endColumn
            self.assertEqual(lines[1], b"::notice file=a%2Cb%3Ac.py,line=2,endLine=4,"
                                       b"title=dcmigrate%3A my-print::" + msg + b'"<&>\\a"')
            self.assertTrue(lines[2].startswith(b"::notice file=a%2Cb%3Ac.py,line=5,col=1,endLine=5,endColumn=14,"))
            self.assertEqual(lines[3], b"dcmigrate: 3 findings (0 errors, 0 warnings, 3 notices) in 1 file; "
                                       b"see the full list with --format text")
            self.assertEqual(lines[4:], [b""])

    def test_github_fix_hints_and_levels(self):
        out = self.example_github()
        self.assertIn("(fix with `dcmigrate --fix`)", out)
        self.assertIn("(unsafe fix with `dcmigrate --fix --unsafe-fixes`: ", out)
        self.assertIn("::notice file=examples/devcaster-app/web/src/server.ts,line=136,", out)
        for line in out.splitlines()[:-1]:
            self.assertRegex(line, r"^::(error|warning|notice) file=[^,]+,line=\d+,(col=\d+,endLine=\d+,endColumn=\d+|"
                                   r"endLine=\d+),title=dcmigrate%3A [a-z0-9-]+::.")

    def example_github(self):
        code, out, err = dc("--format", "github", EXAMPLE, cwd=ROOT)
        self.assertEqual(code, 1, err)
        return out

    def test_github_summary_and_limit(self):
        many = "".join(f'print("{i}")\n' for i in range(12))
        with special_tree(severity="warning", extra={"many.py": many, "b.py": 'print("b")\n',
                                                     "clean.py": "x = 1\n"}) as d:
            code, out, _ = dc("--format", "github", "--rules", "rules", "many.py", "b.py", cwd=d)
            self.assertEqual(code, 1)
            lines = out.splitlines()
            self.assertEqual(len(lines), 14)
            self.assertEqual(lines[-1], "dcmigrate: 13 findings (0 errors, 13 warnings, 0 notices) in 2 files; see the "
                                        "full list with --format text; GitHub annotates only the first 10 of each kind "
                                        "per step, so not all 13 warnings are shown as annotations")
            code, out, _ = dc("--format", "github", "--rules", "rules", "b.py", cwd=d)
            self.assertEqual(out.splitlines()[-1], "dcmigrate: 1 finding (0 errors, 1 warning, 0 notices) in 1 file; "
                                                   "see the full list with --format text")
            code, out, _ = dc("--format", "github", "--rules", "rules", "clean.py", cwd=d)
            self.assertEqual((code, out), (0, "dcmigrate: no findings in 1 file scanned\n"))

    # ---- JUnit -----------------------------------------------------------------------------

    def test_junit_escaping(self):
        with special_tree() as d:
            code, out, err = dc_bytes("--format", "junit", "--rules", "rules", "--fail-on", "info", "a,b:c.py", cwd=d)
            self.assertEqual(code, 1, err)
            out.decode("utf-8")  # strictly UTF-8, even with a Latin-1 source line
            root = ET.fromstring(out)
            self.assertEqual(root.tag, "testsuites")
            suite = root.find("testsuite")
            self.assertEqual((suite.get("name"), suite.get("tests"), suite.get("failures"), suite.get("errors")),
                             ("dcmigrate", "3", "3", "0"))
            cases = suite.findall("testcase")
            self.assertEqual([c.get("name") for c in cases],
                             ["my-print at line 1", "my-print at line 2", "my-print at line 5"])
            self.assertEqual({c.get("classname") for c in cases}, {"dcmigrate.a,b:c.py"})
            clean = SPECIAL_MESSAGE.replace("\x01", "").replace("\x1b", "")  # not allowed in XML 1.0
            fails = [c.find("failure") for c in cases]
            self.assertEqual(fails[0].get("type"), "info")
            # CR and LF survive attribute normalisation because they are written as references
            self.assertEqual(fails[0].get("message"), clean + '"x"')
            self.assertEqual(fails[1].get("message"), clean + '"<&>"')
            self.assertEqual(fails[2].get("message"), clean + '"caf\ufffd"')
            self.assertTrue(fails[1].text.startswith("a,b:c.py:2:1: info[my-print] " + clean + '"<&>"\n'))
            self.assertIn('     1 | print("x")\n', fails[0].text)

    def test_junit_failures_follow_fail_on(self):
        with special_tree() as d:
            code, out, _ = dc_bytes("--format", "junit", "--rules", "rules", "a,b:c.py", cwd=d)
            self.assertEqual(code, 0)
            suite = ET.fromstring(out).find("testsuite")
            self.assertEqual((suite.get("tests"), suite.get("failures")), ("3", "0"))
            for case in suite.findall("testcase"):
                self.assertIsNone(case.find("failure"))
                self.assertIn("info[my-print]", case.find("system-out").text)
        _, out, _ = dc("--format", "junit", EXAMPLE, cwd=ROOT)
        _, jout, _ = dc("--format", "json", EXAMPLE, cwd=ROOT)
        findings = json.loads(jout)["findings"]
        root = ET.fromstring(out.encode())
        gated = sum(1 for f in findings if f["severity"] in ("warning", "error"))
        self.assertEqual((root.get("tests"), root.get("failures")), (str(len(findings)), str(gated)))
        self.assertEqual(len(root.findall("testsuite/testcase/failure")), gated)
        cases = root.findall("testsuite/testcase")
        self.assertEqual([(c.get("classname"), c.get("name")) for c in cases],
                         [("dcmigrate." + f["path"], f"{f['rule']} at line {f['line']}") for f in findings])

    # ---- several reports from one run ------------------------------------------------------

    def test_output_formats_in_one_run(self):
        with tempfile.TemporaryDirectory(prefix="dc-formats-") as d:
            sarif_path, junit_path = os.path.join(d, "out.sarif"), os.path.join(d, "out.xml")
            code, out, err = dc("--format", "github", "--output-format", "sarif:" + sarif_path,
                                "--output-format", "junit:" + junit_path, EXAMPLE, cwd=ROOT)
            self.assertEqual(code, 1, err)
            with open(sarif_path) as f:
                sarif_text = f.read()
            with open(junit_path) as f:
                junit_text = f.read()
        # identical to what each format writes on its own
        self.assertEqual(out, dc("--format", "github", EXAMPLE, cwd=ROOT)[1])
        self.assertEqual(sarif_text, dc("--format", "sarif", EXAMPLE, cwd=ROOT)[1])
        self.assertEqual(junit_text, dc("--format", "junit", EXAMPLE, cwd=ROOT)[1])
        self.validate_sarif(sarif_text)
        # and the three agree on what was found
        gh = [(m.group(2), int(m.group(3)), m.group(4)) for m in
              (re.match(r"^::(\w+) file=([^,]+),line=(\d+),.*?title=dcmigrate%3A ([a-z0-9-]+)::", l)
               for l in out.splitlines()[:-1])]
        sa = [(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
               r["locations"][0]["physicalLocation"]["region"]["startLine"], r["ruleId"])
              for r in json.loads(sarif_text)["runs"][0]["results"]]
        ju = [(c.get("file"), int(c.get("line")), c.get("name").split(" ")[0])
              for c in ET.fromstring(junit_text.encode()).findall("testsuite/testcase")]
        self.assertTrue(gh)
        self.assertEqual(gh, sa)
        self.assertEqual(gh, ju)


def main():
    global UPDATE
    a = testlib.parse_args(globals(), lambda ap: ap.add_argument(
        "--update", action="store_true", help="rewrite tests/golden/formats-ci/ from the current output"))
    UPDATE = a.update
    return testlib.run_cases((TestFormatsCi,), a)


if __name__ == "__main__":
    sys.exit(main())
