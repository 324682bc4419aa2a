#!/usr/bin/env python3
"""dcmigrate on hostile code: crashes, bounds, signals, line endings (ctest: test_hardening_robust;
issue 14, items 7, 8, 9, 10).

  7. A crash in one file's fixer never takes down the run: the test hook DC_TEST_FIXER_FAULT=KIND:NAME
     (fixes/plan.c) makes fix planning crash on files named NAME (a null write, a stack overflow);
     that file is reported as an internal error (exit 2), and every other file's report and fixes
     are byte for byte those of a run without it. Sanitizer builds install no crash handler (so
     that ASan reports the crash): those cases are skipped there.
  8. Deep nesting (nested calls 20,000 deep, JSX 50,000 deep) is analysed with a warning that the
     findings may be incomplete, and what lies outside the deep part is still found and fixed;
     SIGINT/SIGTERM stop a file in the middle of its work (the hook's `hang`, a walk that never
     ends but polls), and a second SIGINT exits at once with 130 (the hook's `spin`, which does
     not poll). CPU time is bounded with RLIMIT_CPU only as a hang guard; the bounds themselves
     are measured in bench/pathological (bench/README.md).
  9. Running out of memory in one file (the hook's `nomem`; `budget`: more than the per-file
     budget) skips that file with a message and the run goes on; a 100,000-line Python file with
     100 fixable calls is fixed in under 200 MB of peak RSS (the fresh-name picking allocated an
     array as long as the file per fix site: 756 MB).
 10. SIGHUP and SIGQUIT are handled like SIGTERM (exit 128 + signal, no temp file left: the signal
     comes while the run waits at DC_TEST_BEFORE_WRITE=FILE, between reading and writing); a fix
     and --add-ignore keep each line's own line ending (the goldens tools-get/pos_fix_mixed_eol*.py
     cover the fixers' output too).

  tests/test_hardening_robust.py --bin build/dcmigrate [-k PATTERN]
"""
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

import testlib
from testlib import Tree, env_for, read, temp_files

BIN = None

PY_FIXABLE = 'from devcaster import Devcaster\n\ndc = Devcaster()\ntools = dc.tools.get(user_id="u1", toolkits=["GITHUB"])\n'
TS_FIXABLE = ('import { Devcaster } from "@devcaster/core";\n\nconst dc = new Devcaster();\n'
              'const tools = await dc.tools.get("u1", { toolkits: ["GITHUB"] });\n')
PY_CALL = 'dc.tools.get(user_id="u1", toolkits=["GITHUB"])'
TS_CALL = 'dc.tools.get("u1", { toolkits: ["GITHUB"] })'
DEEP_WARNING = "nests deeper than 1000 levels here; what lies deeper is not analysed, so findings in this file may be incomplete"


def escape_env(extra):
    """The environment of a run in which a file's work is abandoned (an escape from its recovery
    point: stop signal, out of memory). What the abandoned frames had allocated is leaked by design
    (common/recover.h), which LeakSanitizer would turn into a failing exit code."""
    e = dict(extra)
    if testlib.is_sanitized(BIN):
        e["ASAN_OPTIONS"] = ":".join(x for x in (os.environ.get("ASAN_OPTIONS", ""), "detect_leaks=0") if x)
    return e


def cpu_guard(seconds):
    """RLIMIT_CPU for the child: a hang guard, generous (never a timing assertion)."""
    limit = int(seconds * testlib.slow_factor(BIN))

    def apply():
        resource.setrlimit(resource.RLIMIT_CPU, (limit, limit + 5))
    return apply


def dc(*args, cwd=None, env=None, timeout=120, cpu=60):
    """Runs dcmigrate; returns (exit code, stdout, stderr) as text."""
    p = subprocess.run([BIN, *args], cwd=cwd, env=env_for(env), capture_output=True, timeout=timeout * testlib.slow_factor(BIN),
                       preexec_fn=cpu_guard(cpu), stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def snapshot(d):
    return {n: read(os.path.join(d, n)) for n in sorted(os.listdir(d)) if os.path.isfile(os.path.join(d, n))}


def lines_about(text, names):
    """The report lines that name one of `names` (the other files' part of a report)."""
    return [ln for ln in text.splitlines() if any(ln.startswith(n + ":") for n in names)]


def cpu_seconds(pid):
    """User + system CPU seconds of a running process (/proc/PID/stat), 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def start(args, cwd, env):
    return subprocess.Popen([BIN, *args], cwd=cwd, env=env_for(env), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, preexec_fn=cpu_guard(120))


def wait_busy(test, p, seconds=0.3):
    """Until the run has spent `seconds` of CPU: on these tiny trees it can only be in the hook's
    endless loop then (the condition is the process's own state, not a sleep that hopes)."""
    deadline = time.monotonic() + 60 * testlib.slow_factor(BIN)
    while cpu_seconds(p.pid) < seconds * testlib.slow_factor(BIN):
        if p.poll() is not None:
            test.fail("the run ended before it reached the hook: %r" % (p.stderr.read(),))
        test.assertLess(time.monotonic(), deadline, "the run never got busy")
        time.sleep(0.01)


# ------------------------------------------------------------------------------------------------
# 7. Crash isolation
# ------------------------------------------------------------------------------------------------

OTHERS = {"a.py": PY_FIXABLE, "b.ts": TS_FIXABLE, "c.py": "x = 1\n"}


class TestCrashIsolation(unittest.TestCase):
    def setUp(self):
        if testlib.is_sanitized(BIN):
            self.skipTest("sanitizer builds install no crash handler, so that ASan reports the crash")

    def check_isolated(self, kind, signame):
        names = sorted(OTHERS)
        with Tree(OTHERS) as ref:
            ref_check = dc("--no-config", ".", cwd=ref)
            ref_fix = dc("--fix", "--no-config", ".", cwd=ref)
            ref_files = snapshot(ref)
        for fix in (False, True):
            with self.subTest(kind=kind, fix=fix), Tree(dict(OTHERS, **{"crash.py": PY_FIXABLE})) as d:
                args = (["--fix"] if fix else []) + ["--no-config", "-j", "2", "."]
                code, out, err = dc(*args, cwd=d, env={"DC_TEST_FIXER_FAULT": f"{kind}:crash.py"})
                self.assertEqual(code, 2, err)
                self.assertRegex(err, r"dcmigrate: error: crash\.py: internal error \(signal %d, [^)]*\) while analysing "
                                      r"this file; it was skipped and the run went on" % signame)
                self.assertEqual(err.count("crash.py"), 1, err)
                self.assertNotIn("crash.py:", out)
                ref_out = (ref_fix if fix else ref_check)[1]
                self.assertEqual(lines_about(out, names), lines_about(ref_out, names))
                self.assertEqual(read(os.path.join(d, "crash.py")), PY_FIXABLE.encode())
                files = snapshot(d)
                del files["crash.py"]
                self.assertEqual(files, ref_files if fix else {n: c.encode() for n, c in OTHERS.items()})
                self.assertEqual(temp_files(d), [])

    def test_null_write_in_a_fixer(self):
        self.check_isolated("segv", signal.SIGSEGV)

    def test_stack_overflow_in_a_fixer(self):
        self.check_isolated("stack", signal.SIGSEGV)

    def test_hook_on_another_file_changes_nothing(self):
        """The hook is harmless when the file it names is not in the run."""
        with Tree(OTHERS) as d:
            code, out, err = dc("--no-config", ".", cwd=d, env={"DC_TEST_FIXER_FAULT": "segv:absent.py"})
            self.assertEqual(code, 1, err)
            self.assertNotIn("internal error", err)


class TestCrashRegression(unittest.TestCase):
    def test_agents_provider_statement(self):
        """The fuzzer's segfault (issue 14, item 7): the fixer asked for the parent of the root."""
        src = ('import { OpenAIProvider } from "@devcaster/openai";\nimport { Agent } from "@openai/agents";\n'
               'new OpenAIProvider();\n')
        with Tree({"a.ts": src, "b.py": PY_FIXABLE}) as d:
            for args in (["--no-config", "."], ["--fix", "--unsafe-fixes", "--no-config", "."]):
                code, out, err = dc(*args, cwd=d)
                self.assertIn(code, (0, 1), err)
                self.assertNotIn("internal error", err)


# ------------------------------------------------------------------------------------------------
# 8. Deep nesting, and stop signals inside a file
# ------------------------------------------------------------------------------------------------

class TestDeepNesting(unittest.TestCase):
    def check_deep(self, name, text, line_of_deep, line_of_call, fixed_marker):
        with Tree({name: text}) as d:
            code, out, err = dc("--no-config", name, cwd=d)
            self.assertEqual(code, 1, err)
            self.assertIn(f"dcmigrate: warning: {name}:{line_of_deep}: the code {DEEP_WARNING}", err)
            self.assertEqual(err.count(DEEP_WARNING), 1, err)
            self.assertRegex(out, r"%s:%d:\d+: warning\[tools-get\]" % (re.escape(name), line_of_call))
            code, out, err = dc("--fix", "--no-config", name, cwd=d)
            self.assertEqual(code, 0, err)
            after = read(os.path.join(d, name)).decode()
            self.assertIn(fixed_marker, after)
            self.assertTrue(after.startswith(text.split("\n")[0]))

    def test_nested_calls_20000_deep(self):
        n = 20000
        text = ('from devcaster import Devcaster\n\ndc = Devcaster()\nv = ' + "f(" * n + "1" + ")" * n + "\n"
                f"tools = {PY_CALL}\n")
        self.check_deep("calls.py", text, 4, 5, "session.tools()")

    def test_jsx_50000_deep(self):
        n = 50000
        text = ('import { Devcaster } from "@devcaster/core";\n\nconst dc = new Devcaster();\n'
                'const v = ' + "<a>" * n + "{x}" + "</a>" * n + ";\n"
                f"const tools = await {TS_CALL};\n")
        self.check_deep("deep.tsx", text, 4, 5, "session.tools()")

    def test_shallow_code_has_no_warning(self):
        with Tree({"a.py": "v = " + "f(" * 300 + "1" + ")" * 300 + "\n" + PY_FIXABLE}) as d:  # ~600 levels
            code, out, err = dc("--no-config", ".", cwd=d)
            self.assertEqual(code, 1, err)
            self.assertNotIn("nests deeper", err)


class TestStopInsideAFile(unittest.TestCase):
    def stop(self, sig):
        with Tree({"slow.py": PY_FIXABLE}) as d:
            p = start(["--fix", "--no-config", "-j", "1", "."], d, escape_env({"DC_TEST_FIXER_FAULT": "hang:slow.py"}))
            try:
                wait_busy(self, p)
                p.send_signal(sig)
                out, err = p.communicate(timeout=30 * testlib.slow_factor(BIN))
            finally:
                if p.poll() is None:
                    p.kill()
                    p.wait()
            err = err.decode()
            self.assertEqual(p.returncode, 128 + sig, err)
            self.assertIn(f"interrupted by {signal.Signals(sig).name}; 1 file not processed", err)
            self.assertEqual(read(os.path.join(d, "slow.py")), PY_FIXABLE.encode())
            self.assertEqual(temp_files(d), [])

    def test_sigint_stops_a_file_in_progress(self):
        self.stop(signal.SIGINT)

    def test_sigterm_stops_a_file_in_progress(self):
        self.stop(signal.SIGTERM)

    def test_second_sigint_exits_at_once(self):
        """Work that does not poll (the hook's `spin`) ignores the first SIGINT; the second exits 130."""
        with Tree({"slow.py": PY_FIXABLE}) as d:
            p = start(["--fix", "--no-config", "-j", "1", "."], d, escape_env({"DC_TEST_FIXER_FAULT": "spin:slow.py"}))
            try:
                wait_busy(self, p)
                p.send_signal(signal.SIGINT)
                before = cpu_seconds(p.pid)
                while cpu_seconds(p.pid) < before + 0.2 * testlib.slow_factor(BIN):  # still spinning after the first
                    if p.poll() is not None:
                        self.fail("the first SIGINT ended the run: %r" % (p.stderr.read(),))
                    time.sleep(0.01)
                p.send_signal(signal.SIGINT)
                out, err = p.communicate(timeout=30 * testlib.slow_factor(BIN))
            finally:
                if p.poll() is None:
                    p.kill()
                    p.wait()
            err = err.decode()
            self.assertEqual(p.returncode, 130, err)
            self.assertIn("dcmigrate: interrupted again; exiting now", err)
            self.assertEqual(read(os.path.join(d, "slow.py")), PY_FIXABLE.encode())
            self.assertEqual(temp_files(d), [])


# ------------------------------------------------------------------------------------------------
# 9. Memory
# ------------------------------------------------------------------------------------------------

class TestMemory(unittest.TestCase):
    def test_out_of_memory_skips_the_file(self):
        with Tree(dict(OTHERS, **{"big.py": PY_FIXABLE})) as d:
            code, out, err = dc("--fix", "--no-config", ".", cwd=d, env=escape_env({"DC_TEST_FIXER_FAULT": "nomem:big.py"}))
            self.assertEqual(code, 2, err)
            self.assertIn("dcmigrate: error: big.py: out of memory while analysing this file; it was skipped", err)
            self.assertEqual(read(os.path.join(d, "big.py")), PY_FIXABLE.encode())
            self.assertIn("session.tools()", read(os.path.join(d, "a.py")).decode())  # the run went on
            self.assertIn("session.tools()", read(os.path.join(d, "b.ts")).decode())

    def test_memory_budget_skips_the_file(self):
        if testlib.is_sanitized(BIN):
            self.skipTest("no heap meter without jemalloc (sanitizer builds): no per-file budget")
        with Tree(dict(OTHERS, **{"big.py": PY_FIXABLE})) as d:
            env = {"DC_TEST_FIXER_FAULT": "budget:big.py"}
            code, out, err = dc("--fix", "--no-config", ".", cwd=d, env=env)
            self.assertEqual(code, 0, err)  # found by walking: a warning, like --max-file-size
            self.assertRegex(err, r"dcmigrate: warning: big\.py: analysing this file needs more than \d+ MB of "
                                  r"memory \(deeply nested or very dense code\); it was skipped")
            self.assertEqual(read(os.path.join(d, "big.py")), PY_FIXABLE.encode())
            self.assertIn("session.tools()", read(os.path.join(d, "a.py")).decode())
            code, out, err = dc("--no-config", "big.py", "a.py", cwd=d, env=env)
            self.assertEqual(code, 2, err)  # named on the command line: an error
            self.assertIn("dcmigrate: error: big.py: analysing this file needs more than", err)

    def test_parse_over_the_budget_is_skipped_with_a_message(self):
        """2 MB of nested calls: tree-sitter's parse stack alone takes ~430 MB. The parse is cancelled
        at the budget and the file skipped with a warning (it used to be analysed as empty, silently)."""
        if testlib.is_sanitized(BIN):
            self.skipTest("no heap meter without jemalloc (sanitizer builds): no per-file budget")
        head = 'import { Devcaster } from "@devcaster/core";\n\nconst dc = new Devcaster();\nconst v = '
        n = (1_999_000 - len(head)) // 3
        with Tree({"calls.ts": head + "f(" * n + "1" + ")" * n + ";\n", "a.py": PY_FIXABLE}) as d:
            code, out, err = dc("--no-config", ".", cwd=d)
            self.assertEqual(code, 1, err)
            self.assertRegex(err, r"dcmigrate: warning: calls\.ts: analysing this file needs more than \d+ MB of memory")
            self.assertIn("a.py:4:", out)

    def test_100000_lines_100_fixes_under_200_mb(self):
        """Peak RSS (ru_maxrss of the child alone) of the fix on item 9's file."""
        if testlib.is_sanitized(BIN):
            self.skipTest("the sanitizers' shadow memory and quarantine are not dcmigrate's")
        lines = ['from devcaster import Devcaster\n\ndc = Devcaster()\n']
        for i in range(100_000):
            lines.append(f'tools{i} = dc.tools.get(user_id="u{i}", toolkits=["GITHUB"])\n' if i % 1000 == 500
                         else f"x{i} = {i}\n")
        with Tree({"lines.py": "".join(lines)}) as d:
            p = subprocess.Popen([BIN, "--fix", "--no-config", "-j", "1", "lines.py"], cwd=d, env=env_for(),
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                 preexec_fn=cpu_guard(120))
            err = p.stderr.read().decode()
            _, status, usage = os.wait4(p.pid, 0)
            p.returncode = os.waitstatus_to_exitcode(status)
            self.assertEqual(p.returncode, 0, err)
            after = read(os.path.join(d, "lines.py")).decode()
            self.assertEqual(after.count(".tools()"), 100)
            self.assertLess(usage.ru_maxrss, 200 * 1024, "peak RSS %d KiB" % usage.ru_maxrss)


# ------------------------------------------------------------------------------------------------
# 10. SIGHUP and SIGQUIT like SIGTERM; each line's own line ending
# ------------------------------------------------------------------------------------------------

class TestHangupAndQuit(unittest.TestCase):
    def stop_before_write(self, sig):
        with Tree({"a.py": PY_FIXABLE, "b.py": PY_FIXABLE, "c.py": PY_FIXABLE}) as d:
            flag_dir = tempfile.mkdtemp(prefix="dc-hook-")
            flag = os.path.join(flag_dir, "paused")
            p = start(["--fix", "--no-config", "-j", "1", "."], d, escape_env({"DC_TEST_BEFORE_WRITE": flag}))
            try:
                deadline = time.monotonic() + 60 * testlib.slow_factor(BIN)
                while not os.path.exists(flag):
                    if p.poll() is not None:
                        self.fail("the run ended before the hook: %r" % (p.stderr.read(),))
                    self.assertLess(time.monotonic(), deadline, "the run never reached the hook")
                    time.sleep(0.005)
                p.send_signal(sig)
                os.unlink(flag)
                out, err = p.communicate(timeout=30 * testlib.slow_factor(BIN))
            finally:
                if p.poll() is None:
                    p.kill()
                    p.wait()
                shutil.rmtree(flag_dir, ignore_errors=True)
            err = err.decode()
            self.assertEqual(p.returncode, 128 + sig, err)
            m = re.search(r"interrupted by %s; (\d+) files? not processed \(every file is either as it was or "
                          r"completely fixed\)" % signal.Signals(sig).name, err)
            self.assertTrue(m, err)
            self.assertEqual(temp_files(d), [])
            fixed = [n for n in ("a.py", "b.py", "c.py") if read(os.path.join(d, n)) != PY_FIXABLE.encode()]
            for n in fixed:
                self.assertIn("session.tools()", read(os.path.join(d, n)).decode())
            self.assertEqual(len(fixed), 1, "the file being written finishes, no other starts")
            self.assertEqual(int(m.group(1)), 2)

    def test_sighup(self):
        self.stop_before_write(signal.SIGHUP)

    def test_sigquit(self):
        self.stop_before_write(signal.SIGQUIT)


class TestLineEndings(unittest.TestCase):
    def test_fix_keeps_each_lines_ending(self):
        # the first line ends in CRLF, the rest in LF: the inserted session line ends in LF
        src = ('"""mixed"""\r\n' + PY_FIXABLE)
        with Tree({"a.py": src}) as d:
            code, out, err = dc("--fix", "--no-config", "a.py", cwd=d)
            self.assertEqual(code, 0, err)
            after = read(os.path.join(d, "a.py"))
            self.assertTrue(after.startswith(b'"""mixed"""\r\n'))
            self.assertEqual(after.count(b"\r\n"), 1, after)
            self.assertIn(b"session = dc.create(", after)
        # and the other way round: LF first, the call on a CRLF line
        src = PY_FIXABLE.replace("\n", "\r\n").replace("from devcaster import Devcaster\r\n", "from devcaster import Devcaster\n")
        with Tree({"a.py": src}) as d:
            code, out, err = dc("--fix", "--no-config", "a.py", cwd=d)
            self.assertEqual(code, 0, err)
            after = read(os.path.join(d, "a.py"))
            self.assertTrue(after.startswith(b"from devcaster import Devcaster\n\r\n"), after)
            self.assertEqual(after.replace(b"\r\n", b"").count(b"\n"), 1, after)  # only the first line is LF

    def test_add_ignore_keeps_each_lines_ending(self):
        src = '"""mixed"""\r\n' + PY_FIXABLE
        with Tree({"a.py": src}) as d:
            code, out, err = dc("--add-ignore", "--no-config", "a.py", cwd=d)
            self.assertEqual(code, 0, err)
            after = read(os.path.join(d, "a.py"))
            self.assertIn(b"dcmigrate: ignore[tools-get]", after)
            self.assertEqual(after.count(b"\r\n"), 1, after)


def main():
    return testlib.main(globals(), (TestCrashIsolation, TestCrashRegression, TestDeepNesting, TestStopInsideAFile,
                                    TestMemory, TestHangupAndQuit, TestLineEndings), verbosity=2)


if __name__ == "__main__":
    sys.exit(main())
