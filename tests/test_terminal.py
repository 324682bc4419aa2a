#!/usr/bin/env python3
"""Issue 19 section 2, "terminal output people read" (ctest: test_terminal): command-line
ergonomics (did-you-mean, rule selectors, option errors that name the option, flags that cannot
combine), the unsafe fixes --fix reports, the dirty-work-tree guard, the `full` text format and
colour, shell completions. Each test builds its own temp tree."""
import os
import pty
import select
import unicodedata
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

import testlib

BIN = None
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PY = """from devcaster import Devcaster

dc = Devcaster()
tools = dc.tools.get(user_id="u1", toolkits=["GITHUB"])
"""


def dc(*args, cwd=None, stdin=None, env=None, unset=("NO_COLOR", "FORCE_COLOR")):
    """testlib.run, but with NO_COLOR (and FORCE_COLOR) unset unless the test sets them: the colour
    rules are what this file tests. Returns (exit code, stdout, stderr) as text."""
    e = testlib.env_for()
    for k in unset:
        e.pop(k, None)
    if env:
        e.update(env)
    p = subprocess.run([BIN, *args], cwd=cwd, input=stdin, stdin=None if stdin is not None else subprocess.DEVNULL,
                       capture_output=True, env=e)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


read = testlib.read_text
Tree = testlib.Tree


class TestOptions(unittest.TestCase):
    def usage(self, *args, cwd=None):
        code, out, err = dc(*args, cwd=cwd)
        self.assertEqual(code, 2, (args, out, err))
        self.assertEqual(out, "")
        return err

    def test_long_option_errors_name_the_option(self):
        # getopt_long's optopt is the option's id (>= 1000) for a long option: printed as a
        # character it was "-\356"
        err = self.usage("--explain")
        self.assertIn("--explain needs a rule id", err)
        self.assertNotIn("\ufffd", err)
        self.assertIn("--format needs an argument: --format FMT", self.usage("--format"))
        self.assertIn("--select needs an argument", self.usage("--select"))
        self.assertIn("-j needs an argument", self.usage("-j"))
        self.assertIn("--fix takes no argument", self.usage("--fix=yes"))
        self.assertIn("unknown option `-x`", self.usage("-x"))
        # a long option with one dash
        self.assertIn("unknown option `-s` (did you mean `--select`?)", self.usage("-select", "tools-get"))
        self.assertIn("unknown option `-u` (did you mean `--unsafe-fixes`?)", self.usage("-unsafe-fixes"))

    def test_did_you_mean_for_flags(self):
        self.assertIn("unknown option `--selct` (did you mean `--select`?)", self.usage("--selct", "x"))
        # (an abbreviation, --unsafe-fix, is getopt_long's and accepted)
        self.assertIn("unknown option `--unsafe-fixs` (did you mean `--unsafe-fixes`?)", self.usage("--unsafe-fixs"))
        self.assertIn("(did you mean `--fix`?)", self.usage("--fxi"))  # a swap is one edit
        err = self.usage("--zzzzzzzz")
        self.assertIn("unknown option `--zzzzzzzz`", err)
        self.assertNotIn("did you mean", err)
        err = self.usage("--no")
        self.assertIn("option `--no` is ambiguous (could be --no-ignore", err)
        self.assertIn("--no-config", err)

    def test_rule_ids_did_you_mean_and_the_same_error_for_select_and_ignore(self):
        with Tree({"a.py": PY}) as d:
            for flag in ("--select", "--ignore"):
                err = self.usage(flag, "tools-gte", "a.py", cwd=d)
                self.assertIn(f"unknown rule id `tools-gte` in {flag} (did you mean `tools-get`?)", err)
                self.assertNotIn("Found", err)  # stopped before scanning: nothing reported
                err = self.usage(flag, "qqqqqqqq", "a.py", cwd=d)
                self.assertIn("(see --list-rules)", err)
            err = self.usage("--explain", "tools-gt")
            self.assertIn("no rule `tools-gt` (did you mean `tools-get`?)", err)

    def test_prefix_and_all_selection(self):
        with Tree({"a.py": PY}) as d:
            code, out, _ = dc("--select", "ALL", "a.py", cwd=d)
            self.assertEqual(code, 1)
            self.assertIn("warning[tools-get]", out)
            for sel in ("tools", "tools-", "tools-get"):
                code, out, _ = dc("--select", sel, "a.py", cwd=d)
                self.assertIn("warning[tools-get]", out, sel)
            for sel in ("legacy-", "legacy", "dcaf"):
                code, out, err = dc("--select", sel, "a.py", cwd=d)
                self.assertEqual((code, out.count("\n")), (0, 1), (sel, out, err))  # the summary only
            code, out, _ = dc("--ignore", "tools", "a.py", cwd=d)
            self.assertNotIn("tools-get", out)
            # a prefix ends at a word boundary: `tool` and `legacy-g` name no rule
            for sel in ("tool", "legacy-g"):
                self.assertIn(f"unknown rule id `{sel}` in --select", self.usage("--select", sel, "a.py", cwd=d))
            # in .dcmigrate.yml too
            with open(os.path.join(d, ".dcmigrate.yml"), "w") as f:
                f.write("ignore: [tools-]\n")
            code, out, _ = dc("a.py", cwd=d)
            self.assertEqual(code, 0, out)
            with open(os.path.join(d, ".dcmigrate.yml"), "w") as f:
                f.write("select: [legacy-g]\n")
            code, out, err = dc("a.py", cwd=d)
            self.assertEqual(code, 2)
            self.assertIn(".dcmigrate.yml:1:10: unknown rule id `legacy-g` in `select`", err)

    def test_flags_that_cannot_combine(self):
        with Tree({"a.py": PY}) as d:
            cases = [
                (["--stdin-filename", "x.py", "a.py"], "--stdin-filename reads standard input: it cannot be combined with a PATH"),
                (["--stdin-filename", "x.py", "--add-ignore"], "--stdin-filename cannot be combined with --add-ignore"),
                (["--stdin-filename", "x.py", "--shard", "1/2"], "--stdin-filename cannot be combined with --add-ignore or --shard"),
                (["--diff", "-f", "json", "a.py"], "--diff prints a patch: it cannot be combined with --format json"),
                (["--diff", "--output-format", "sarif", "a.py"], "cannot be combined with --format sarif"),
                (["--statistics", "-f", "json", "a.py"], "--statistics is a text report"),
                (["--statistics", "--diff", "a.py"], "--statistics is a text report"),
                (["--explain", "tools-get", "--list-rules"], "--explain and --list-rules cannot be combined"),
                (["--explain", "tools-get", "a.py"], "--explain cannot be combined with a PATH"),
                (["--list-rules", "--fix"], "--list-rules cannot be combined with a PATH, --fix"),
                (["--fix", "--diff", "a.py"], "--fix and --diff cannot be combined"),
                (["--completions", "bash", "--fix"], "--completions prints a script"),
                (["--completions", "bash", "a.py"], "--completions prints a script"),
                (["--interactive", "--stdin-filename", "x.py"], "--interactive cannot be combined with"),
                (["--add-ignore", "--fix", "a.py"], "--add-ignore cannot be combined with --fix or --diff"),
                (["--write-facts", "f.json", "--shard", "1/2"], "--write-facts gathers the facts of the whole tree"),
            ]
            for args, msg in cases:
                self.assertIn(msg, self.usage(*args, cwd=d), args)
            with open(os.path.join(d, "a.py")) as f:
                self.assertEqual(f.read(), PY)
            # what does combine: a report file beside the patch
            code, out, err = dc("--diff", "--output-format", "json:r.json", "a.py", cwd=d)
            self.assertEqual(code, 1, err)
            self.assertTrue(out.startswith("--- a/a.py"))
            self.assertTrue(os.path.exists(os.path.join(d, "r.json")))

    def test_output_format_spellings(self):
        with Tree({"a.py": PY}) as d:
            outs = set()
            for args in (["--output-format", "concise"], ["-f", "concise"], ["--format", "text"], ["-f", "text"]):
                code, out, _ = dc(*args, "a.py", cwd=d)
                self.assertEqual(code, 1)
                outs.add(out)
            self.assertEqual(len(outs), 1)
            self.assertRegex(outs.pop(), r"^a\.py:4:9: warning\[tools-get\] ")
            code, out, _ = dc("--output-format", "json", "a.py", cwd=d)
            self.assertTrue(out.startswith("{"))
            self.assertIn("unknown --output-format `xml`", self.usage("--output-format", "xml"))
            self.assertIn("unknown --format `xml`", self.usage("-f", "xml"))


UNSAFE_FIXTURE = os.path.join(ROOT, "tests", "fixtures", "tools-get", "pos_attribute_chain_fastapi.py")


class TestUnsafeFixesSaid(unittest.TestCase):
    def test_each_unsafe_fix_applied_is_said_with_its_reason(self):
        src = read(UNSAFE_FIXTURE)
        with Tree({"a.py": src}) as d:
            code, out, err = dc("--fix", "a.py", cwd=d)  # both fixes are unsafe: nothing applied
            self.assertNotIn("applied unsafe fix", err)
            self.assertEqual(read(os.path.join(d, "a.py")), src)
            code, out, err = dc("--fix", "--unsafe-fixes", "a.py", cwd=d)
            notes = [l for l in err.splitlines() if "applied unsafe fix" in l]
            self.assertEqual(notes, [
                "dcmigrate: note: a.py:24:13: applied unsafe fix [tools-get]: the receiver is not provably a client of the SDK",
                "dcmigrate: note: a.py:31:9: applied unsafe fix [tools-get]: the session drops search, limit (the "
                "migration guides give sessions no equivalent)",
            ])
            self.assertNotIn("applied unsafe fix", out)  # standard output is the report
            fixed = read(os.path.join(d, "a.py"))
            self.assertNotEqual(fixed, src)
            # --stdin-filename: standard output is the fixed source, the notes are on standard error
            code, out, err = dc("--fix", "--unsafe-fixes", "--stdin-filename", "b.py", cwd=d, stdin=src.encode())
            self.assertEqual(out, fixed)
            self.assertIn("dcmigrate: note: b.py:24:13: applied unsafe fix [tools-get]", err)
            # a second --fix changes nothing and says nothing
            code, out, err = dc("--fix", "--unsafe-fixes", "a.py", cwd=d)
            self.assertNotIn("applied unsafe fix", err)


def git(d, *args):
    subprocess.run(["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args], cwd=d, check=True,
                   capture_output=True)


@unittest.skipUnless(shutil.which("git"), "git not installed")
class TestDirtyWorkTree(unittest.TestCase):
    """--fix and --add-ignore leave files with uncommitted changes alone (cargo fix's convention)."""

    REFUSED = "has changes git has not committed; not written (commit or stash them first, or run with --allow-dirty)"

    def repo(self):
        t = Tree({"clean.py": PY, "modified.py": PY, "staged.py": PY, "sub/clean.py": PY})
        git(t.dir, "init", "-q")
        git(t.dir, "add", ".")
        git(t.dir, "commit", "-qm", "start")
        with open(os.path.join(t.dir, "modified.py"), "a") as f:
            f.write("# work in progress\n")
        with open(os.path.join(t.dir, "staged.py"), "a") as f:
            f.write("# staged\n")
        git(t.dir, "add", "staged.py")
        with open(os.path.join(t.dir, "untracked.py"), "w") as f:
            f.write(PY)
        return t

    def content(self, d, name):
        with open(os.path.join(d, name)) as f:
            return f.read()

    def test_fix_refuses_dirty_files_and_fixes_the_clean_ones(self):
        with self.repo() as d:
            before = {n: self.content(d, n) for n in ("modified.py", "staged.py", "untracked.py")}
            code, out, err = dc("--fix", ".", cwd=d)
            self.assertEqual(code, 2, err)
            for n in before:
                self.assertIn(f"dcmigrate: error: {n}: {self.REFUSED}", err)
                self.assertEqual(self.content(d, n), before[n])
            self.assertNotEqual(self.content(d, "clean.py"), PY)
            self.assertNotEqual(self.content(d, "sub/clean.py"), PY)
            self.assertIn("Fixed 2 findings in 2 files; 3 remaining", out)
            # from a subdirectory, a file named alone, and an absolute path: the same answer
            code, _, err = dc("--fix", "../modified.py", cwd=os.path.join(d, "sub"))
            self.assertIn(self.REFUSED, err)
            code, _, err = dc("--fix", os.path.join(d, "untracked.py"), cwd="/")
            self.assertIn(self.REFUSED, err)
            # --allow-dirty writes them
            code, out, err = dc("--fix", "--allow-dirty", ".", cwd=d)
            self.assertEqual(code, 0, err)
            for n in before:
                self.assertNotEqual(self.content(d, n), before[n])

    def test_add_ignore_refuses_too_and_diff_is_not_concerned(self):
        with self.repo() as d:
            code, out, err = dc("--add-ignore", "modified.py", "clean.py", cwd=d)
            self.assertEqual(code, 2)
            self.assertIn(f"modified.py: {self.REFUSED}", err)
            self.assertNotIn("dcmigrate: ignore", self.content(d, "modified.py"))
            self.assertIn("dcmigrate: ignore", self.content(d, "clean.py"))
            code, out, err = dc("--diff", "modified.py", cwd=d)  # writes nothing: no check
            self.assertEqual(code, 1, err)
            self.assertNotIn(self.REFUSED, err)

    def test_outside_git_and_without_git_it_proceeds(self):
        with Tree({"a.py": PY}) as d:
            code, out, err = dc("--fix", "a.py", cwd=d)
            self.assertEqual((code, err), (0, ""))
        with self.repo() as d:
            empty = tempfile.mkdtemp(prefix="dc-nogit-")
            try:
                code, out, err = dc("--fix", "modified.py", cwd=d, env={"PATH": empty})
            finally:
                os.rmdir(empty)
            self.assertEqual(code, 0, err)
            self.assertIn("dcmigrate: note: git is not installed", err)
            self.assertNotEqual(self.content(d, "modified.py"), PY + "# work in progress\n")


GOLDEN = os.path.join(ROOT, "tests", "golden", "terminal")
ESC = "\x1b["


def on_terminal(*args, cwd=None, env=None):
    """Runs dcmigrate with its standard output on a pseudo-terminal; returns (code, output)."""
    e = testlib.env_for()
    for k in ("NO_COLOR", "FORCE_COLOR", "DCMIGRATE_OUTPUT_FORMAT"):
        e.pop(k, None)
    e.update(env or {})
    master, slave = pty.openpty()
    p = subprocess.Popen([BIN, *args], cwd=cwd, stdout=slave, stderr=subprocess.DEVNULL, env=e)
    os.close(slave)
    out = b""
    while True:
        r, _, _ = select.select([master], [], [], 30)
        if not r:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the other side is closed
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    return p.wait(), out.decode("utf-8", "replace").replace("\r\n", "\n")


def display_width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in s)


class TestFullFormat(unittest.TestCase):
    """The full text format: goldens (plain and coloured) in both languages, with tabs, wide and
    accented characters and multi-line spans; the default by terminal; colour switches."""

    def check_golden(self, name, text):
        path = os.path.join(GOLDEN, name)
        if os.environ.get("DC_UPDATE_GOLDEN"):
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        self.assertEqual(text, read(path), f"{name} differs (DC_UPDATE_GOLDEN=1 rewrites it)")

    def test_goldens(self):
        for src in ("wide.py", "app.ts"):
            code, out, err = dc("--no-config", "-f", "full", "--color", "never", src, cwd=GOLDEN)
            self.assertEqual(code, 1, err)
            self.check_golden(src + ".full.txt", out)
            code, out, err = dc("--no-config", "--output-format", "full", "--color", "always", src, cwd=GOLDEN)
            self.check_golden(src + ".full-color.txt", out)
            self.assertIn(ESC + "1;34m", out)  # the gutter
            self.assertEqual(re.sub(r"\x1b\[[0-9;]*m", "", out), read(os.path.join(GOLDEN, src + ".full.txt")))

    def test_carets_stand_under_the_span(self):
        """Each caret line starts where the span starts on screen: tabs are 4 columns, wide
        characters 2 (the goldens' files put them before spans)."""
        for src in ("wide.py", "app.ts"):
            _, out, _ = dc("--no-config", "-f", "full", src, cwd=GOLDEN)
            lines = out.split("\n")
            source = read(os.path.join(GOLDEN, src)).split("\n")
            checked = 0
            for i, line in enumerate(lines):
                m = re.match(r"^(\S+):(\d+):(\d+): ", line)
                if not m:
                    continue
                lno, col = int(m.group(2)), int(m.group(3))
                k = next(j for j in range(i + 1, len(lines)) if re.match(rf"^ *{lno} \|", lines[j]))
                shown = lines[k].split("|", 1)[1][1:]
                self.assertEqual(shown, source[lno - 1].replace("\t", "    "))
                caret = lines[k + 1].split("|", 1)[1][1:]
                before = source[lno - 1][:col - 1].replace("\t", "    ")
                self.assertEqual(len(caret) - len(caret.lstrip(" ")), display_width(before), (src, lno))
                checked += 1
            self.assertGreaterEqual(checked, 3)

    def test_control_characters_crlf_and_bom(self):
        """An escape sequence in the code is shown escaped (and the carets count the escape), CRLF
        line endings and a BOM are not shown."""
        src = (b'\xef\xbb\xbffrom devcaster import Devcaster\r\n\r\ndc = Devcaster()\r\n'
               b'tools = dc.tools.get(user_id="u\x1b[31m1", toolkits=["GITHUB"])\r\n')
        with Tree({"c.py": src}) as d:
            _, out, _ = dc("-f", "full", "--color", "never", "c.py", cwd=d)
            self.assertNotIn("\x1b", out)
            self.assertNotIn("\r", out)
            shown = 'tools = dc.tools.get(user_id="u\\033[31m1", toolkits=["GITHUB"])'
            self.assertIn("4 | " + shown + "\n", out)
            carets = out.split("4 | " + shown + "\n")[1].split("\n")[0]
            self.assertEqual(carets, "  | " + " " * shown.index("dc.") + "^" * len(shown[shown.index("dc."):]))
            self.assertIn("4 - " + shown + "\n", out)  # the fix's old line, escaped too
        with Tree({"b.py": b'\xef\xbb\xbffrom devcaster import Devcaster\ndc = Devcaster(toolkit_versions={"github": "x"})\n'}) as d:
            _, out, _ = dc("-f", "full", "--color", "never", "b.py", cwd=d)
            self.assertIn("b.py:2:16: ", out)
            self.assertIn("\n1 | from devcaster import Devcaster\n", out)  # no BOM shown

    def test_unsafe_fix_shows_its_reason_and_manual_what_to_do(self):
        with Tree({"a.py": read(UNSAFE_FIXTURE)}) as d:
            _, out, _ = dc("-f", "full", "a.py", cwd=d)
            self.assertIn("   = unsafe fix: use the user's session tools\n"
                          "   = why unsafe: the receiver is not provably a client of the SDK\n", out)
            self.assertIn("24 -     tools = request.app.state.devcaster.tools.get(", out)
        _, out, _ = dc("--no-config", "-f", "full", "app.ts", cwd=GOLDEN)
        self.assertIn("= manual: the statement shares its line with another; split it first", out)
        self.assertNotIn("(manual:", out)  # said once, below the code, not in the first line

    def test_default_is_full_on_a_terminal_and_concise_otherwise(self):
        with Tree({"a.py": PY}) as d:
            code, out, _ = dc("a.py", cwd=d, unset=("NO_COLOR", "FORCE_COLOR", "DCMIGRATE_OUTPUT_FORMAT"))
            self.assertEqual(code, 1)
            self.assertNotIn(" |", out)  # a pipe: one line per finding
            self.assertRegex(out, r"^a\.py:4:9: warning\[tools-get\] .*\[fix\]\nFound 1 finding")
            code, out = on_terminal("a.py", cwd=d)
            self.assertEqual(code, 1)
            self.assertIn("4 |", out)
            self.assertIn(ESC, out)  # colour on a terminal
            code, out = on_terminal("a.py", cwd=d, env={"NO_COLOR": "1"})
            self.assertIn("4 | tools = dc.tools.get(", out)
            self.assertNotIn(ESC, out)
            code, out = on_terminal("a.py", cwd=d, env={"FORCE_COLOR": "0"})
            self.assertNotIn(ESC, out)
            code, out = on_terminal("a.py", cwd=d, env={"DCMIGRATE_OUTPUT_FORMAT": "concise"})
            self.assertNotIn(" |", out)
            code, out = on_terminal("-f", "concise", "a.py", cwd=d, env={"DCMIGRATE_OUTPUT_FORMAT": "full"})
            self.assertNotIn(" |", out)  # the flag wins over the variable
            code, out, _ = dc("a.py", cwd=d, env={"DCMIGRATE_OUTPUT_FORMAT": "full"})
            self.assertIn("4 | tools", out)
            code, out, _ = dc("a.py", cwd=d, env={"DCMIGRATE_OUTPUT_FORMAT": "json"})
            self.assertTrue(out.startswith("{"))
            code, out, err = dc("a.py", cwd=d, env={"DCMIGRATE_OUTPUT_FORMAT": "xml"})
            self.assertEqual(code, 2)
            self.assertIn("DCMIGRATE_OUTPUT_FORMAT=`xml` is not a format", err)
            # a report file gets the concise style unless it asks for full
            on_terminal("-o", "r.txt", "--output-format", "full:f.txt", "a.py", cwd=d)
            self.assertNotIn(" |", read(os.path.join(d, "r.txt")))
            self.assertIn("4 | tools", read(os.path.join(d, "f.txt")))
            self.assertNotIn(ESC, read(os.path.join(d, "f.txt")))

    def test_color_switches(self):
        with Tree({"a.py": PY}) as d:
            self.assertIn(ESC, dc("a.py", cwd=d, env={"FORCE_COLOR": "1"})[1])
            self.assertIn(ESC, dc("a.py", cwd=d, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})[1])
            self.assertNotIn(ESC, dc("a.py", cwd=d, env={"NO_COLOR": "1"})[1])
            self.assertNotIn(ESC, dc("--color", "never", "a.py", cwd=d, env={"FORCE_COLOR": "1"})[1])
            self.assertIn(ESC, dc("--color", "always", "a.py", cwd=d, env={"NO_COLOR": "1"})[1])
            self.assertNotIn(ESC, dc("a.py", cwd=d)[1])  # a pipe
            # --diff in colour, and still a patch without it
            code, out, _ = dc("--diff", "--color", "always", "a.py", cwd=d)
            self.assertIn(ESC + "31m-tools = dc.tools.get(", out)
            self.assertIn(ESC + "32m+tools = session.tools()" + ESC + "0m\n", out)
            self.assertIn(ESC + "36m@@ -1,4 +1,5 @@", out)
            code, out = on_terminal("--diff", "a.py", cwd=d)
            self.assertIn(ESC + "31m-", out)
            code, out, _ = dc("--diff", "a.py", cwd=d)
            self.assertNotIn(ESC, out)
            self.assertTrue(out.startswith("--- a/a.py\n+++ b/a.py\n"))


BASH_DRIVER = r"""
source "$1"
shift
complete -p dcmigrate >/dev/null || exit 3
COMP_WORDS=("$@")
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
COMP_LINE="${COMP_WORDS[*]}"
COMP_POINT=${#COMP_LINE}
_dcmigrate
printf '%s\n' "${COMPREPLY[@]}"
"""


class TestCompletions(unittest.TestCase):
    def script(self, shell):
        code, out, err = dc("--completions", shell, cwd=tempfile.gettempdir())
        self.assertEqual(code, 0, err)
        return out

    def test_every_option_is_in_every_script(self):
        code, helptext, _ = dc("--help")
        flags = re.findall(r"^\s+(?:-\w, )?--([a-z-]+)", helptext, re.M)
        self.assertGreater(len(flags), 30)
        self.assertIn("completions", flags)
        for shell in ("bash", "zsh", "fish"):
            text = self.script(shell)
            for flag in flags:
                self.assertRegex(text, rf"(--|-l ){re.escape(flag)}\b", (shell, flag))
        self.assertIn("unknown --completions `tcsh`", dc("--completions", "tcsh")[2])

    @unittest.skipUnless(shutil.which("bash"), "bash not installed")
    def test_bash_completes(self):
        with Tree({"app.py": "", "apple/x.py": "", "cfg.yml": ""}) as d:
            path = os.path.join(d, "dcmigrate.bash")
            with open(path, "w") as f:
                f.write(self.script("bash"))

            def complete(*words):
                p = subprocess.run(["bash", "--norc", "--noprofile", "-c", BASH_DRIVER, "x", path, "dcmigrate", *words],
                                   cwd=d, capture_output=True, text=True)
                self.assertEqual(p.returncode, 0, p.stderr)
                return sorted(w for w in p.stdout.split("\n") if w)

            self.assertEqual(complete("--sel"), ["--select"])
            self.assertEqual(complete("--unsafe"), ["--unsafe-fixes"])
            self.assertIn("--allow-dirty", complete("--a"))
            self.assertEqual(complete("-f", "con"), ["concise"])
            self.assertEqual(complete("--output-format", ""), sorted("full concise text json github sarif junit markdown html".split()))
            self.assertEqual(complete("--color", "=", ""), ["always", "auto", "never"])
            self.assertEqual(complete("--sdk", "co"), ["composio"])
            self.assertEqual(complete("--completions", ""), ["bash", "fish", "zsh"])
            legacy = complete("--select", "legacy-t")
            self.assertEqual(legacy, ["legacy-terms", "legacy-toolset", "legacy-trigger-listener"])
            self.assertEqual(complete("--ignore", "tools-get,tools-e"), ["tools-get,tools-execute"])
            self.assertEqual(complete("--select", "AL"), ["ALL"])
            self.assertEqual(complete("--rules", "app"), ["apple"])  # directories only
            self.assertEqual(complete("ap"), ["app.py", "apple"])  # paths
            self.assertEqual(complete("-j", ""), [])

    def test_zsh_and_fish_scripts_parse(self):
        for shell, check in (("zsh", ["zsh", "-n"]), ("fish", ["fish", "--no-execute"])):
            text = self.script(shell)
            if not shutil.which(shell):
                print(f"\n  {shell} is not installed: its script's syntax is not checked", file=sys.stderr)
                continue
            with tempfile.NamedTemporaryFile("w", suffix="." + shell, delete=False) as f:
                f.write(text)
            try:
                p = subprocess.run(check + [f.name], capture_output=True, text=True)
                self.assertEqual(p.returncode, 0, p.stderr)
            finally:
                os.unlink(f.name)
        if shutil.which("fish"):
            with Tree({"dcmigrate.fish": self.script("fish")}) as d:
                def complete(line):
                    p = subprocess.run(["fish", "--no-config", "-c", f"source dcmigrate.fish; complete -C '{line}'"],
                                       cwd=d, capture_output=True, text=True)
                    return sorted(l.split("\t")[0] for l in p.stdout.splitlines())
                self.assertEqual(complete("dcmigrate --sel"), ["--select"])
                self.assertEqual(complete("dcmigrate --select legacy-t"),
                                 ["legacy-terms", "legacy-toolset", "legacy-trigger-listener"])
                self.assertEqual(complete("dcmigrate -f con"), ["concise"])
        # what can be checked without the shells: quotes balance on every line of the fish
        # script, and zsh's _arguments specs are single-quoted words
        for line in self.script("fish").splitlines():
            if line.startswith("complete"):
                self.assertEqual(line.replace("\\'", "").count("'") % 2, 0, line)
        zsh = self.script("zsh")
        self.assertTrue(zsh.startswith("#compdef dcmigrate\n"))
        for line in zsh.splitlines():
            if line.startswith("    '"):
                self.assertEqual(line.replace("'\\''", "").count("'") % 2, 0, line)


REVIEW = """from devcaster import Devcaster

dc = Devcaster(toolkit_versions={"github": "20251027_00"})


def a(user_id):
    tools = dc.tools.get(user_id=user_id, toolkits=["GITHUB"])
    return tools


def b(user_id):
    tools = dc.tools.get(user_id=user_id, toolkits=["SLACK"])
    return tools
"""


@unittest.skipUnless(shutil.which("tmux"), "tmux not installed")
class TestInteractive(unittest.TestCase):
    """--interactive in a real terminal: tmux runs it, the test reads the screen (capture-pane)
    and answers with keys (send-keys)."""

    def setUp(self):
        self.sock = f"dc-test-{os.getpid()}-{id(self)}"

    def tmux(self, *args):
        return subprocess.run(["tmux", "-L", self.sock, "-f", "/dev/null", *args], capture_output=True, text=True)

    def tearDown(self):
        self.tmux("kill-server")

    def screen(self):
        return self.tmux("capture-pane", "-p", "-J", "-S", "-2000", "-t", self.t).stdout

    def wait_for(self, text, count=1, timeout=30):
        end = time.time() + timeout
        while time.time() < end:
            s = self.screen()
            if s.count(text) >= count:
                return s
            time.sleep(0.1)
        self.fail(f"never saw {text!r} (x{count}) on the screen:\n{self.screen()}")

    def start(self, d, *args):
        cmd = " ".join([BIN, "--interactive", "--color", "never", *args])
        self.n = getattr(self, "n", 0) + 1
        self.t = f"t{self.n}"  # a session of its own per run
        p = self.tmux("new-session", "-d", "-s", self.t, "-x", "200", "-y", "50", "-c", d,
                      f"env -u DCMIGRATE_OUTPUT_FORMAT {cmd}; echo EXIT=$?; sleep 600")
        self.assertEqual(p.returncode, 0, p.stderr)

    def test_accept_skip_and_accept(self):
        with Tree({"a.py": REVIEW}) as d:
            self.start(d, "a.py")
            s = self.wait_for("[1/3] Apply this fix?")
            self.assertIn("= fix: remove the toolkit version pin", s)
            self.assertIn('3 - dc = Devcaster(toolkit_versions={"github": "20251027_00"})', s)
            self.assertIn("3 + dc = Devcaster()", s)
            self.tmux("send-keys", "-t", self.t, "y")
            s = self.wait_for("[2/3] Apply this fix?")
            self.assertIn("7 - " + '    tools = dc.tools.get(user_id=user_id, toolkits=["GITHUB"])', s)
            self.tmux("send-keys", "-t", self.t, "x")  # not an answer: asked again
            self.wait_for("x: not an answer")
            self.tmux("send-keys", "-t", self.t, "n")
            self.wait_for("[3/3] Apply this fix?")
            self.tmux("send-keys", "-t", self.t, "y")
            s = self.wait_for("EXIT=")
            self.assertIn("Fixed 2 findings in 1 file", s)
            self.assertIn("EXIT=1", s)  # the skipped finding remains
            text = read(os.path.join(d, "a.py"))
            self.assertIn("dc = Devcaster()\n", text)
            self.assertIn('    tools = dc.tools.get(user_id=user_id, toolkits=["GITHUB"])', text)  # skipped
            self.assertIn('session = dc.create(user_id=user_id, toolkits=["slack"])', text)
            self.assertNotIn('toolkits=["SLACK"]', text)

    def test_all_of_a_rule_and_quit(self):
        with Tree({"a.py": REVIEW}) as d:
            self.start(d, "a.py")
            self.wait_for("[1/3] Apply this fix?")
            self.tmux("send-keys", "-t", self.t, "n")
            self.wait_for("[2/3] Apply this fix? [y]es, [n]o, [a]ll of tools-get")
            self.tmux("send-keys", "-t", self.t, "a")  # this one and the next tools-get, unasked
            s = self.wait_for("EXIT=")
            self.assertNotIn("[3/3]", s)
            text = read(os.path.join(d, "a.py"))
            self.assertIn("toolkit_versions", text)
            self.assertEqual(text.count("session = dc.create("), 2)
        with Tree({"a.py": REVIEW}) as d:  # Ctrl-C: nothing is applied, not even what was accepted
            self.start(d, "a.py")
            self.wait_for("[1/3] Apply this fix?")
            self.tmux("send-keys", "-t", self.t, "y")
            self.wait_for("[2/3] Apply this fix?")
            self.tmux("send-keys", "-t", self.t, "C-c")
            s = self.wait_for("EXIT=")
            self.assertIn("EXIT=130", s)
            self.assertEqual(read(os.path.join(d, "a.py")), REVIEW)
        with Tree({"a.py": REVIEW}) as d:
            self.start(d, "a.py")
            self.wait_for("[1/3] Apply this fix?")
            self.tmux("send-keys", "-t", self.t, "q")
            s = self.wait_for("EXIT=")
            self.assertIn("Fixed 0 findings", s)
            self.assertEqual(read(os.path.join(d, "a.py")), REVIEW)

    @unittest.skipUnless(shutil.which("git"), "git not installed")
    def test_fixes_in_dirty_files_are_not_offered(self):
        with Tree({"clean.py": PY, "dirty.py": PY}) as d:
            git(d, "init", "-q")
            git(d, "add", ".")
            git(d, "commit", "-qm", "start")
            with open(os.path.join(d, "dirty.py"), "a") as f:
                f.write("# mine\n")
            self.start(d, ".")
            s = self.wait_for("[1/1] Apply this fix?")
            self.assertIn("1 fix in files with changes git has not committed is not offered", s)
            self.assertIn("clean.py:4:9:", s)
            self.assertNotIn("dirty.py:4:9:", s.split("[1/1]")[0])
            self.tmux("send-keys", "-t", self.t, "y")
            s = self.wait_for("EXIT=")
            self.assertIn("EXIT=1", s)  # dirty.py's finding remains; it was not refused, nothing was asked of it
            self.assertNotIn("not written", s)
            self.assertNotEqual(read(os.path.join(d, "clean.py")), PY)
            self.assertEqual(read(os.path.join(d, "dirty.py")), PY + "# mine\n")

    def test_needs_a_terminal(self):
        with Tree({"a.py": REVIEW}) as d:
            p = subprocess.run([BIN, "--interactive", "a.py"], cwd=d, capture_output=True, text=True,
                               stdin=subprocess.DEVNULL, start_new_session=True)  # no controlling terminal
            self.assertEqual(p.returncode, 2)
            self.assertIn("--interactive needs a terminal", p.stderr)
            self.assertEqual(read(os.path.join(d, "a.py")), REVIEW)
            self.assertIn("--interactive cannot be combined with --diff", dc("--interactive", "--diff", "a.py", cwd=d)[2])


if __name__ == "__main__":
    sys.exit(testlib.main(globals(), [TestOptions, TestUnsafeFixesSaid, TestDirtyWorkTree, TestFullFormat, TestCompletions,
                                      TestInteractive]))
