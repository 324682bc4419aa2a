#!/usr/bin/env python3
"""Issue 14, items 4-6 (ctest: test_hardening_cfg): a hostile tree's configuration and file names.

  4. Any .dcmigrate.yml error (a typo, a bad value, an unknown rule id, a refused rule directory)
     stops the run before anything is scanned, in every mode: exit 2, file:line:col, not one
     byte written (--fix, --add-ignore), no report.
  5. Config discovery stops at the repository root (the directory holding `.git`; outside git
     the current directory); a discovered config owned by another user is refused; a rule file
     that replaces a built-in rule says so on every run; the rule directories a config names
     must resolve inside its repository, while --rules on the command line may point anywhere.
  6. Every path printed for people (stderr notices, text, --diff headers, Markdown, GitHub
     annotations, JUnit) is quoted as git quotes paths, so a file named
     `x\\n::error file=README.md::...` cannot start a workflow command and ESC/OSC/C1 never
     reach the terminal; JSON (`raw_path`) and SARIF (`uri`) give the exact bytes back.

  tests/test_hardening_cfg.py --bin build/dcmigrate [-k PATTERN]
"""
import json
import os
import re
import subprocess
import sys
import unittest

import testlib
from testlib import env_for, write


def Tree(files, git=True):
    return testlib.Tree(files, prefix="dc-hcfg-", git=git)
import urllib.parse
import xml.dom.minidom

BIN = None
FOREIGN_UID = 4321  # neither root nor the user running the tests
NOBODY = 65534

PY = ('from devcaster import Devcaster\n\ndc = Devcaster()\n'
      'tools = dc.tools.get(user_id="u1", toolkits=["GITHUB"])\n')
OVERRIDE_RULE = ("id: tools-get\nseverity: info\nmessage: replaced by the tree\nnote: n\nmatch:\n  language: python\n"
                 "  query: |\n    ((call function: (identifier) @f) @match (#eq? @f \"print\"))\n")
STOPPED = "stopped before scanning because of the configuration errors above"


def dc(*args, cwd=None, env=None, preexec=None, stdin=None):
    """Runs dcmigrate; returns (exit code, stdout bytes, stderr bytes)."""
    p = subprocess.run([BIN, *args], cwd=cwd, env=env_for(env), capture_output=True, timeout=120,
                       preexec_fn=preexec, stdin=subprocess.DEVNULL if stdin is None else stdin)
    return p.returncode, p.stdout, p.stderr


def dct(*args, **kw):
    code, out, err = dc(*args, **kw)
    return code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


def snapshot(d):
    """Every file under d (but .git) with its bytes: what "nothing was written" compares."""
    got = {}
    for root, dirs, files in os.walk(d.encode()):
        dirs[:] = [x for x in dirs if x != b".git"]
        for n in files:
            p = os.path.join(root, n)
            if not os.path.islink(p):
                with open(p, "rb") as f:
                    got[os.path.relpath(p, d.encode())] = f.read()
    return got


# ---- item 4 --------------------------------------------------------------------------------------

class TestConfigFailsFast(unittest.TestCase):
    MODES = (("check", []), ("fix", ["--fix"]), ("unsafe", ["--fix", "--unsafe-fixes"]),
             ("add-ignore", ["--add-ignore"]), ("diff", ["--diff"]), ("json", ["--format", "json"]),
             ("sarif-file", ["--output-format", "sarif:out.sarif"]))

    def assert_stopped(self, d, args, where, stdin=None):
        before = snapshot(d)
        code, out, err = dct(*args, cwd=d, stdin=stdin)
        self.assertEqual(code, 2, (args, err))
        self.assertIn(where, err, args)
        self.assertIn(STOPPED, err, args)
        self.assertEqual(out, "", args)  # no report either
        self.assertEqual(snapshot(d), before, f"{args}: a file changed")

    def test_item4_any_config_error_stops_every_mode_before_any_write(self):
        """The reproduction: `exclude: [gen]` + `ignore: [tools-get]` + a typo (`fail-on`) made
        --fix drop the whole config and rewrite gen/ with the ignored rule."""
        cfg = "exclude: [gen]\nignore: [tools-get]\nfail-on: error\n"
        with Tree({".dcmigrate.yml": cfg, "gen/a.py": PY, "b.py": PY}) as d:
            for name, args in self.MODES:
                with self.subTest(mode=name):
                    self.assert_stopped(d, [*args, "."], ".dcmigrate.yml:3:1: unknown key `fail-on`")
            self.assertFalse(os.path.exists(os.path.join(d, "out.sarif")))
            with open(os.path.join(d, "b.py"), "rb") as f:
                for args in (["--stdin-filename", "b.py"], ["--fix", "--stdin-filename", "b.py"]):
                    f.seek(0)
                    self.assert_stopped(d, args, ".dcmigrate.yml:3:1:", stdin=f)

    def test_item4_unknown_rule_ids_are_located_and_stop_the_run(self):
        """Issue 19's CI-gate part: an unknown rule id in `select`, `ignore` or `severity` has
        its file:line:col, and stops the run like any other config error."""
        cfg = "select: [tools-get, tools-gte]\nignore:\n  - tools-execute\n  - nope\nseverity:\n  tools-exec: error\n"
        with Tree({".dcmigrate.yml": cfg, "b.py": PY}) as d:
            for args in (["."], ["--fix", "."]):
                self.assert_stopped(d, args, ".dcmigrate.yml:1:21: unknown rule id `tools-gte` in `select`")
                _, _, err = dct(*args, cwd=d)
                self.assertIn(".dcmigrate.yml:4:5: unknown rule id `nope` in `ignore`", err)
                self.assertIn(".dcmigrate.yml:6:3: unknown rule id `tools-exec` in `severity`", err)
                self.assertNotIn("tools-execute`", err)
            # --list-rules still lists (it is how to find the right id), and exits 2
            code, out, err = dct("--list-rules", cwd=d)
            self.assertEqual(code, 2, err)
            self.assertIn("tools-get", out)

    def test_item4_second_roots_broken_config_stops_the_first_root_too(self):
        """Every root's config is loaded before the first file is read: `--fix a b` with b's
        config broken leaves a untouched as well."""
        with Tree({"a/.dcmigrate.yml": "ignore: [tools-execute]\n", "a/x.py": PY,
                   "b/.dcmigrate.yml": "sdk: cobol\n", "b/y.py": PY}) as d:
            self.assert_stopped(d, ["--fix", "a", "b"], "b/.dcmigrate.yml:1:6: sdk must be")

    def test_item4_missing_rule_directory_is_a_config_error(self):
        with Tree({".dcmigrate.yml": "rules: [ci/rulez]\n", "b.py": PY}) as d:
            self.assert_stopped(d, ["--fix", "."], ".dcmigrate.yml:1:9: cannot read rules directory `ci/rulez`")


# ---- item 5 --------------------------------------------------------------------------------------

class TestConfigComesFromTheTree(unittest.TestCase):
    IGNORE = "ignore: [tools-get]\n"

    def rules_found(self, *args, cwd):
        code, out, err = dct("--format", "json", *args, cwd=cwd)
        self.assertIn(code, (0, 1), err)
        return sorted({f["rule"] for f in json.loads(out)["findings"]})

    def test_item5_discovery_stops_at_the_repository_root(self):
        with Tree({".dcmigrate.yml": self.IGNORE, "repo/app.py": PY, "repo/sub/b.py": PY,
                   "wt/.git": "gitdir: /elsewhere\n", "wt/c.py": PY, "proj/src/d.py": PY, "other/keep": ""},
                  git=False) as d:
            os.mkdir(os.path.join(d, "repo", ".git"))
            # the config above the repository (and above a worktree whose .git is a file) is not its config
            self.assertEqual(self.rules_found("repo", cwd=d), ["tools-get"])
            self.assertEqual(self.rules_found("sub", cwd=os.path.join(d, "repo")), ["tools-get"])
            self.assertEqual(self.rules_found(".", cwd=os.path.join(d, "wt")), ["tools-get"])
            # inside the repository the walk up still finds the repository's own
            write(os.path.join(d, "repo", ".dcmigrate.yml"), self.IGNORE)
            self.assertEqual(self.rules_found("sub", cwd=os.path.join(d, "repo")), [])
            # outside git: up to the current directory, not above it
            self.assertEqual(self.rules_found("src", cwd=os.path.join(d, "proj")), ["tools-get"])
            self.assertEqual(self.rules_found("proj/src", cwd=d), [])
            # ... and at the path itself when it is not under the current directory
            self.assertEqual(self.rules_found(os.path.join(d, "proj", "src"), cwd=os.path.join(d, "other")),
                             ["tools-get"])

    def test_item5_config_of_another_user_is_refused(self):
        if os.geteuid() != 0:
            self.skipTest("needs root to give a file to another user")
        with Tree({".dcmigrate.yml": self.IGNORE, "b.py": PY}) as d:
            cfg = os.path.join(d, ".dcmigrate.yml")
            os.chown(cfg, FOREIGN_UID, FOREIGN_UID)
            before = snapshot(d)
            code, out, err = dct("--fix", ".", cwd=d)
            self.assertEqual(code, 2, err)
            self.assertRegex(err, r"\.dcmigrate\.yml: owned by uid 4321, neither you \(uid 0\) nor root; refused")
            self.assertIn(STOPPED, err)
            self.assertEqual(snapshot(d), before)
            # named on the command line it is the user's choice
            self.assertEqual(self.rules_found("--config", ".dcmigrate.yml", ".", cwd=d), [])
            self.assertEqual(self.rules_found("--no-config", ".", cwd=d), ["tools-get"])
            # root's own config is trusted by everyone (a system-wide checkout, a container)
            os.chown(cfg, 0, 0)
            os.chmod(d, 0o755)

            def nobody():
                os.setgroups([])
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            code, out, err = dct("--format", "json", ".", cwd=d, preexec=nobody)
            self.assertEqual(json.loads(out)["findings"], [], err)

    def test_item5_symlinked_config_out_of_the_repository_is_refused(self):
        with Tree({"outside/cfg.yml": self.IGNORE, "repo/b.py": PY}, git=False) as d:
            repo = os.path.join(d, "repo")
            os.mkdir(os.path.join(repo, ".git"))
            os.symlink(os.path.join(d, "outside", "cfg.yml"), os.path.join(repo, ".dcmigrate.yml"))
            code, out, err = dct(".", cwd=repo)
            self.assertEqual(code, 2, err)
            self.assertIn(".dcmigrate.yml: a symbolic link out of the repository", err)
            self.assertIn(STOPPED, err)

    def test_item5_replacing_a_builtin_rule_is_said_every_run(self):
        with Tree({".dcmigrate.yml": "rules: [ci/rules]\n", "ci/rules/tools-get.yml": OVERRIDE_RULE,
                   "b.py": PY + "print(1)\n"}) as d:
            for args in (["."], ["--format", "json", "."], ["--diff", "."], ["--fix", "."]):
                code, out, err = dct(*args, cwd=d)
                self.assertIn(code, (0, 1), err)
                self.assertEqual(err.count("rule `tools-get` replaces the built-in rule of that id"), 1, (args, err))
                self.assertIn("ci/rules/tools-get.yml: rule `tools-get` replaces", err)

    def test_item5_config_rule_dirs_stay_in_the_repository(self):
        with Tree({"elsewhere/tools-get.yml": OVERRIDE_RULE, "repo/b.py": PY}, git=False) as d:
            repo = os.path.join(d, "repo")
            os.mkdir(os.path.join(repo, ".git"))
            cfg = os.path.join(repo, ".dcmigrate.yml")
            elsewhere = os.path.join(d, "elsewhere")
            cases = {"rules: [../elsewhere]\n": "../elsewhere",
                     f"rules: ['{elsewhere}']\n": elsewhere,
                     "rules: [ci/linked]\n": "ci/linked"}
            os.makedirs(os.path.join(repo, "ci"))
            os.symlink(elsewhere, os.path.join(repo, "ci", "linked"))
            for text, name in cases.items():
                with self.subTest(config=text):
                    write(cfg, text)
                    before = snapshot(repo)
                    code, out, err = dct("--fix", ".", cwd=repo)
                    self.assertEqual(code, 2, err)
                    self.assertIn(f".dcmigrate.yml:1:9: rule directory `{name}` leads out of the repository", err)
                    self.assertIn("only --rules on the command line may name rules from elsewhere", err)
                    self.assertIn(STOPPED, err)
                    self.assertEqual(snapshot(repo), before)
            # a rule file inside an in-repository directory that links out is not read
            os.makedirs(os.path.join(repo, "ci", "rules"))
            os.symlink(os.path.join(elsewhere, "tools-get.yml"), os.path.join(repo, "ci", "rules", "x.yml"))
            write(cfg, "rules: [ci/rules]\n")
            code, out, err = dct(".", cwd=repo)
            self.assertEqual(code, 2, err)
            self.assertIn("ci/rules/x.yml: a symbolic link out of the repository", err)
            self.assertNotIn("replaced by the tree", out)
            # --rules on the command line: the user's own choice, from anywhere
            code, out, err = dct("--no-config", "--rules", elsewhere, ".", cwd=repo)
            self.assertEqual(code, 0, err)
            self.assertIn("replaces the built-in rule of that id", err)


# ---- item 6 --------------------------------------------------------------------------------------

HOSTILE = {
    b"x\n::error file=README.md::pwned.py": b'"x\\n::error file=README.md::pwned.py"',
    b"esc\x1b]0;TITLE\x07.py": b'"esc\\033]0;TITLE\\a.py"',
    b"c1\xc2\x9b31m.py": b'"c1\\302\\23331m.py"',
    b"latin\xe9.py": b'"latin\\351.py"',
    b"cr\rdel\x7f.py": b'"cr\\rdel\\177.py"',
}
C1 = re.compile(rb"\xc2[\x80-\x9f]")


class TestHostileNames(unittest.TestCase):
    def tree(self):
        files = {name: PY for name in HOSTILE}
        files[b"ok.py"] = PY
        files[b"bin\nary.py"] = b"\x00\x01binary"
        return Tree(files)

    def assert_clean(self, data, what):
        """No byte a terminal or the runner acts on: no C0 control but the line ends, no DEL, no
        C1, and no line that starts a workflow command unless the report writes one."""
        bad = [c for c in data if (c < 0x20 and c != 0x0A) or c == 0x7F]
        self.assertEqual(bad, [], f"{what}: raw control bytes")
        self.assertIsNone(C1.search(data), f"{what}: a raw C1 control")
        data.decode("utf-8")  # strict: bytes that are not UTF-8 were escaped

    def test_item6_text_stderr_and_fix_quote_paths(self):
        with self.tree() as d:
            code, out, err = dc(".", cwd=d)
            self.assertEqual(code, 1, err)
            self.assert_clean(out, "text")
            self.assert_clean(err, "stderr")
            for line in out.split(b"\n") + err.split(b"\n"):
                self.assertFalse(line.startswith(b"::"), line)
            for name, quoted in HOSTILE.items():
                self.assertIn(quoted + b":4:9: warning[tools-get]", out)
            self.assertIn(b"ok.py:4:9: warning[tools-get]", out)  # an ordinary path as it always was
            self.assertIn(b'dcmigrate: note: "bin\\nary.py": binary file (NUL bytes), skipped', err)
            # a value from a hostile config is escaped in the message too
            write(os.path.join(d, ".dcmigrate.yml"), 'sdk: "\\e]0;pwned\\a"\n')
            code, out, err = dc(".", cwd=d)
            self.assertEqual(code, 2)
            self.assert_clean(err, "config error")
            self.assertIn(b"sdk must be devcaster, composio or auto, not `\\033]0;pwned\\a`", err)
            os.unlink(os.path.join(d, ".dcmigrate.yml"))
            code, out, err = dc("--fix", ".", cwd=d)
            self.assertEqual(code, 0, err)
            self.assert_clean(out, "--fix")
            self.assertIn(b'fixed "x\\n::error file=README.md::pwned.py": tools-get (1)', out)

    def test_item6_github_annotations_cannot_inject_a_command(self):
        with self.tree() as d:
            code, out, err = dc("--format", "github", ".", cwd=d)
            self.assertEqual(code, 1, err)
            self.assert_clean(out, "github")
            lines = out.decode().splitlines()
            self.assertEqual(len(lines), len(HOSTILE) + 2)  # one per finding, the summary
            self.assertTrue(all(ln.startswith("::warning file=") for ln in lines[:-1]), lines)
            self.assertIn('::warning file="x\\n%3A%3Aerror file=README.md%3A%3Apwned.py",line=4,', out.decode())
            self.assertIn('::warning file="esc\\033]0;TITLE\\a.py",line=4,', out.decode())

    def test_item6_diff_headers_are_quoted_and_git_applies_them(self):
        with self.tree() as d:
            code, patch, err = dc("--diff", ".", cwd=d)
            self.assertEqual(code, 1, err)
            headers = [ln for ln in patch.split(b"\n") if ln.startswith((b"--- ", b"+++ "))]
            self.assertEqual(len(headers), 2 * (len(HOSTILE) + 1))
            self.assert_clean(b"\n".join(headers), "--diff headers")
            self.assertIn(b'--- "a/x\\n::error file=README.md::pwned.py"', headers)
            self.assertIn(b'+++ "b/latin\\351.py"', headers)
            self.assertIn(b"--- a/ok.py", headers)
            # git reads the quoted names back: the patch applies to exactly these files
            subprocess.run(["git", "init", "-q", d], check=True)
            p = subprocess.run(["git", "apply", "-"], cwd=d, input=patch, capture_output=True)
            self.assertEqual(p.returncode, 0, p.stderr)
            for name in HOSTILE:
                with open(os.path.join(d.encode(), name), "rb") as f:
                    self.assertIn(b"session.tools()", f.read(), name)

    def test_item6_markdown_and_junit_quote_paths(self):
        with self.tree() as d:
            code, out, err = dc("--format", "markdown", ".", cwd=d)
            self.assert_clean(out, "markdown")
            self.assertIn(b'<code>"x&#92;n::error file=README.md::pwned.py"</code>', out)  # \\ as an entity
            code, out, err = dc("--format", "junit", ".", cwd=d)
            self.assert_clean(out, "junit")
            doc = xml.dom.minidom.parseString(out)
            files = {tc.getAttribute("file") for tc in doc.getElementsByTagName("testcase")}
            self.assertIn('"x\\n::error file=README.md::pwned.py"', files)
            self.assertIn("ok.py", files)

    def test_item6_json_and_sarif_keep_exact_bytes(self):
        with self.tree() as d:
            code, out, err = dc("--format", "json", ".", cwd=d)
            report = json.loads(out)
            seen = set()
            for f in report["findings"]:
                if "raw_path" in f:
                    name = urllib.parse.unquote_to_bytes(f["raw_path"])
                    self.assertIn("\ufffd", f["path"])
                else:
                    name = f["path"].encode("utf-8")  # valid UTF-8: `path` is exact (JSON escapes controls)
                seen.add(name)
            self.assertEqual(seen, set(HOSTILE) | {b"ok.py"})
            self.assertEqual([f for f in report["findings"] if f["path"] == "ok.py"][0].get("raw_path"), None)
            skipped = report["summary"]["skipped"]
            self.assertEqual([s["path"] for s in skipped], ["bin\nary.py"])
            code, out, err = dc("--format", "sarif", ".", cwd=d)
            run = json.loads(out)["runs"][0]
            uris = {urllib.parse.unquote_to_bytes(a["location"]["uri"]) for a in run["artifacts"]}
            self.assertEqual(uris, set(HOSTILE) | {b"ok.py"})


def main():
    return testlib.main(globals(), (TestConfigFailsFast, TestConfigComesFromTheTree, TestHostileNames), verbosity=2)


if __name__ == "__main__":
    sys.exit(main())
