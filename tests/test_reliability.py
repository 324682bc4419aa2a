#!/usr/bin/env python3
"""`dcmigrate --fix` never damages a user's files (ctest: test_reliability; issue 8).

Fault injection and atomicity:
  - SIGKILL at random moments of `--fix` runs over a tree of 100+ files (100+ trials, most on a
    tmpfs, some on the real disk where fsync widens the write window): after every kill each file
    is byte-identical to its original or to its fully fixed form, with mode and owner intact;
    the only debris a kill may leave is a `.<name>.dcmigrate-XXXXXX` temp file; a later normal
    run finishes the job and removes that debris (with a note), leaving no temp file;
  - SIGINT / SIGTERM during `--fix`: the current file is finished or abandoned whole, the run
    stops, says "interrupted by SIG...; N files not processed" and exits 128 + signal;
  - disk full (a 64 KiB tmpfs when mounting is allowed, and RLIMIT_FSIZE) and injected write
    errors (DC_TEST_FAIL_WRITE=write|fsync|rename): the original stays intact, the error is
    reported with the path, exit 2, no temp file is left, the other files are still processed.
Bad-input matrix: one test per hostile input (nonexistent path, unreadable file and directory,
symlink loop, symlink out of the tree, FIFO, device, binary, 50 MB file, empty, BOM only,
invalid UTF-8, NUL bytes, CRLF/mixed line endings, syntax errors near and far from a finding,
10,000 nested brackets, a 1 MB line, broken rule files, a catastrophic regex, a config file that is
a directory): each gets a message naming the path (and line where there is one), the rest of the
run still happens, and the exit code is 2 for errors, 0/1 (by findings) for skips.

Tests marked expectedFailure carry a "BUG:" note: a known defect, reported, kept here so the
suite stays green until it is fixed (then the marker must go: an unexpected success fails).

  tests/test_reliability.py --bin build/dcmigrate [-k PATTERN]
Environment: DC_RELIABILITY_TRIALS (SIGKILL trials on tmpfs, default 110), DC_RELIABILITY_DISK_TRIALS
(on the real disk, default 12), DC_RELIABILITY_SEED (random seed, default: time; printed),
DC_RELIABILITY_BIG_MB (size analysed with --max-file-size 0; default 50, 10 under ASan).
"""
import fcntl
import json
import os
import random
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
import time
import unittest

import testlib
from testlib import env_for, read, temp_files, write


def Tree(files=None, base=None):
    return testlib.Tree(files, prefix="dc-rel-", base=base)

BIN = None
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "tests", "fixtures")
SIDE_EXT = (".expected", ".fixed", ".unsafe", ".args")
SOURCE_EXT = (".py", ".pyi", ".ts", ".mts", ".cts", ".tsx", ".js", ".mjs", ".cjs", ".jsx")
TEMP_RE = re.compile(r"^\..+\.dcmigrate-[A-Za-z0-9]{6}$")
NOBODY = 65534

PINNED = 'from devcaster import Devcaster\n\ndc = Devcaster(api_key="k", toolkit_versions="latest")\n'
UNPINNED = 'from devcaster import Devcaster\n\ndc = Devcaster(api_key="k")\n'
TS_PINNED = ('import { Devcaster } from "@devcaster/core";\n\n'
             'const dc = new Devcaster({ apiKey: "k", toolkitVersions: "latest" });\n')
TS_UNPINNED = 'import { Devcaster } from "@devcaster/core";\n\nconst dc = new Devcaster({ apiKey: "k" });\n'
GOOD_FINDING = "good.py:3:29: warning[toolkit-versions]"

SEED = int(os.environ.get("DC_RELIABILITY_SEED", str(int(time.time()))))


def drop_privileges():
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)


def dc(*args, cwd=None, env=None, timeout=120, as_nobody=False, preexec=None, stdin=subprocess.DEVNULL):
    """Runs dcmigrate; returns (exit code, stdout, stderr) as text."""
    e = env_for(env)
    fn = preexec
    if as_nobody:
        e["HOME"] = "/tmp"
        fn = drop_privileges
    p = subprocess.run([BIN, *args], cwd=cwd, env=e, capture_output=True, timeout=timeout, preexec_fn=fn,
                       stdin=stdin)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def fixture_inputs(exts=None):
    """(relative path, bytes) of every fixture input (ending in one of `exts`, if given), sorted."""
    out = []
    for d in sorted(os.listdir(FIXTURES)):
        full = os.path.join(FIXTURES, d)
        if not os.path.isdir(full):
            continue
        for n in sorted(os.listdir(full)):
            p = os.path.join(full, n)
            if not os.path.isfile(p) or n.endswith(SIDE_EXT):
                continue
            if exts is not None and not n.endswith(exts):
                continue
            if n.endswith(SOURCE_EXT) or n.startswith(".env") or n.endswith(".env"):
                out.append((os.path.join(d, n), read(p)))
    return out


def snapshot(d):
    """{relative path: (bytes, mode, uid, gid)} of the regular files under d."""
    snap = {}
    for root, dirs, files in os.walk(d):
        for n in files:
            p = os.path.join(root, n)
            st = os.lstat(p)
            if stat.S_ISREG(st.st_mode):
                snap[os.path.relpath(p, d)] = (read(p), stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid)
    return snap


# ------------------------------------------------------------------------------------------------
# Fault injection and atomicity
# ------------------------------------------------------------------------------------------------

MODES = (0o644, 0o600, 0o755, 0o640, 0o664, 0o604)


class KillTree:
    """A pristine tree of fixture copies, its fully fixed form, and fast restore between trials."""

    # Python and JavaScript fixtures (and .env): a run compiles the merged rule query of each
    # language it meets, and TypeScript + TSX add about 0.5 s to every run, which would make 100+
    # trials take minutes. What is tested (whole files or nothing) does not depend on the language.
    # DC_RELIABILITY_KILL_ALL_LANGS=1 takes every fixture.
    EXTS = (".py", ".pyi", ".js", ".mjs", ".cjs", ".jsx", ".env")

    def __init__(self, base, changing=100, unchanged=20):
        """`changing` fixture copies that --fix changes and `unchanged` ones it leaves alone."""
        self.base = base
        self.dir = os.path.join(base, "tree")
        self.ref = os.path.join(base, "ref")
        inputs = fixture_inputs(None if os.environ.get("DC_RELIABILITY_KILL_ALL_LANGS") else self.EXTS)
        os.makedirs(self.dir)
        for i, (rel, data) in enumerate(inputs):
            write(os.path.join(self.dir, rel), data, MODES[i % len(MODES)])
        self.drop_auth_facts()
        # the fully fixed form: one uninterrupted run on a copy
        shutil.copytree(self.dir, self.ref, symlinks=True)
        self.fix_ref()
        self.original = snapshot(self.dir)
        self.fixed = snapshot(self.ref)
        rng = random.Random(0)  # the same tree every time
        ch = sorted(r for r in self.original if self.original[r][0] != self.fixed[r][0])
        un = sorted(r for r in self.original if self.original[r][0] == self.fixed[r][0])
        keep = set(rng.sample(ch, min(changing, len(ch))) + rng.sample(un, min(unchanged, len(un))))
        for r in list(self.original):
            if r not in keep:
                os.remove(os.path.join(self.dir, r))
                os.remove(os.path.join(self.ref, r))
                del self.original[r], self.fixed[r]
        # the fixed form of the smaller tree, again from scratch: must be the same bytes
        shutil.rmtree(self.ref)
        shutil.copytree(self.dir, self.ref, symlinks=True)
        self.fix_ref()
        fixed = snapshot(self.ref)
        if fixed != self.fixed:
            raise AssertionError("--fix of a file depends on the other files of the tree: "
                                 + ", ".join(r for r in fixed if fixed[r] != self.fixed.get(r))[:2000])
        self.changing = [r for r in self.original if self.original[r][0] != self.fixed[r][0]]

    def drop_auth_facts(self):
        """Fixtures that prove an auth config (GITHUB_AUTH_CONFIG_ID = "ac_...") give it to every
        session of the tree (issue 15): in a tree of unrelated fixtures that would make one
        file's fix depend on which others were kept, so they are left out."""
        facts = os.path.join(self.base, "facts.json")
        code, _, err = dc("--write-facts", facts, "--no-config", ".", cwd=self.dir)
        if code != 0:
            raise AssertionError(f"--write-facts exited {code}: {err[-2000:]}")
        with open(facts) as f:
            for path in {a["path"] for a in json.load(f).get("auth_configs", [])}:
                os.remove(os.path.join(self.dir, path))

    def fix_ref(self):
        code, out, err = dc("--fix", "--no-config", "-q", "--exit-zero", ".", cwd=self.ref)
        if code != 0:
            raise AssertionError(f"reference --fix run exited {code}: {err[-2000:]}")

    def restore(self):
        for t in temp_files(self.dir):
            os.remove(t)
        for rel, (data, mode, uid, gid) in self.original.items():
            p = os.path.join(self.dir, rel)
            st = os.lstat(p)
            if stat.S_IMODE(st.st_mode) != mode or read(p) != data:
                write(p, data)
                os.chmod(p, mode)

    def check(self, label):
        """Every file original or fully fixed, metadata kept; returns (fixed count, temp files)."""
        now = snapshot(self.dir)
        temps = []
        nfixed = 0
        problems = []
        for rel in sorted(set(now) | set(self.original)):
            if TEMP_RE.match(os.path.basename(rel)):
                temps.append(rel)
                continue
            if rel not in now:
                problems.append(f"{rel}: missing")
                continue
            if rel not in self.original:
                problems.append(f"{rel}: unexpected new file")
                continue
            data, mode, uid, gid = now[rel]
            o, f = self.original[rel], self.fixed[rel]
            if data == f[0] and data != o[0]:
                nfixed += 1
            elif data != o[0]:
                problems.append(f"{rel}: neither the original ({len(o[0])} bytes) nor the fixed form "
                                f"({len(f[0])} bytes): {len(data)} bytes")
            if mode != o[1]:
                problems.append(f"{rel}: mode {oct(mode)}, was {oct(o[1])}")
            if (uid, gid) != (o[2], o[3]):
                problems.append(f"{rel}: owner {uid}:{gid}, was {o[2]}:{o[3]}")
        if problems:
            raise AssertionError(f"{label}: {len(problems)} damaged file(s):\n  " + "\n  ".join(problems[:20]))
        return nfixed, temps

    def run_args(self, jobs):
        return ["--fix", "--no-config", "-q", "--exit-zero", "-j", str(jobs), "."]


class TestKill(unittest.TestCase):
    """SIGKILL at random points: files are always whole, old or new."""

    def trials(self, kt, n, label, rng, env_choices, budget):
        jobs_choices = (1, 2, 4)
        # how long an uninterrupted run takes, per setting, to spread the kills over it
        durations = {}
        for jobs in jobs_choices:
            for envx in env_choices:
                kt.restore()
                t0 = time.monotonic()
                dc(*kt.run_args(jobs), cwd=kt.dir, env=envx)
                durations[(jobs, tuple(sorted(envx.items())))] = time.monotonic() - t0
        stats = {"trials": 0, "untouched": 0, "complete": 0, "partial": 0, "temp_left": 0}
        start = time.monotonic()
        for i in range(n):
            jobs = rng.choice(jobs_choices)
            envx = rng.choice(env_choices)
            full = durations[(jobs, tuple(sorted(envx.items())))]
            kt.restore()
            delay = rng.uniform(0.0, full * 1.05)
            p = subprocess.Popen([BIN, *kt.run_args(jobs)], cwd=kt.dir, env=env_for(envx),
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(delay)
            p.send_signal(signal.SIGKILL)
            p.wait()
            nfixed, temps = kt.check(f"{label} trial {i} (-j {jobs}, {envx or 'no pause'}, kill after {delay:.3f}s)")
            stats["trials"] += 1
            stats["temp_left"] += bool(temps)
            if nfixed == 0:
                stats["untouched"] += 1
            elif nfixed == len(kt.changing):
                stats["complete"] += 1
            else:
                stats["partial"] += 1
            for t in temps:
                # debris of a kill between mkstemp and rename: next to a file that is whole (checked above)
                target = os.path.join(os.path.dirname(t), os.path.basename(t)[1:].rsplit(".dcmigrate-", 1)[0])
                self.assertIn(target, kt.original, f"temp file {t} belongs to no file of the tree")
            if i % 10 == 9 or temps:
                # a later normal run completes the job and leaves no temp file: a kill's leftover
                # sits next to a file that was not replaced yet, so that run writes it and removes it
                code, out, err = dc(*kt.run_args(2), cwd=kt.dir)
                self.assertEqual(code, 0, err[-2000:])
                nf, after = kt.check(f"{label} trial {i}: the normal run after the kill")
                self.assertEqual(nf, len(kt.changing), f"{label} trial {i}: a later run did not finish fixing")
                self.assertEqual(after, [], f"{label} trial {i}: temp files left after the normal run")
                self.assertEqual(err.count("removed stale temp file"), len(temps), err[-2000:])
            if time.monotonic() - start > budget and stats["trials"] >= min(n, 100):
                break
        return stats

    def test_sigkill_tmpfs_tree(self):
        """110 kills of --fix over 120 fixture copies (100 of which the fix changes) on a tmpfs;
        every 10th is followed by a normal run that must finish the job."""
        n = int(os.environ.get("DC_RELIABILITY_TRIALS", "110"))
        rng = random.Random(SEED)
        base = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
        with Tree(base=base) as d:
            kt = KillTree(d, changing=100, unchanged=20)
            self.assertGreaterEqual(len(kt.original), 100)
            self.assertGreaterEqual(len(kt.changing), 90)
            stats = self.trials(kt, n, "tmpfs", rng, [{}, {"DC_TEST_BEFORE_WRITE_SLEEP_MS": "1"}], budget=40)
            print(f"\n  SIGKILL on tmpfs (seed {SEED}): {stats} over {len(kt.original)} files, "
                  f"{len(kt.changing)} of which the fix changes", file=sys.stderr)
            self.assertGreaterEqual(stats["trials"], min(n, 100))
            # the kills must land inside runs, not only before or after them
            self.assertGreater(stats["partial"], stats["trials"] // 5, stats)

    def test_sigkill_disk_tree(self):
        """Kills on the real disk, where fsync makes the write window wide."""
        n = int(os.environ.get("DC_RELIABILITY_DISK_TRIALS", "12"))
        rng = random.Random(SEED + 1)
        with Tree() as d:
            kt = KillTree(d, changing=30, unchanged=0)
            self.assertGreaterEqual(len(kt.changing), 20)
            stats = self.trials(kt, n, "disk", rng, [{}], budget=15)
            print(f"\n  SIGKILL on disk (seed {SEED}): {stats} over {len(kt.original)} files", file=sys.stderr)

    def test_stale_temp_file_removed_by_later_run(self):
        """A SIGKILL between mkstemp() and rename() leaves `.<name>.dcmigrate-XXXXXX` next to the
        file (planted here: a partial temp file, mode 0600, an hour old). A run that only checks
        leaves it; the next --fix that writes <name> removes it with a note. A temp file that
        another process holds flock()ed (as a dcmigrate writing it does) is not stale and stays,
        however old it looks."""
        with Tree({"app.py": PINNED}) as d:
            stale = os.path.join(d, ".app.py.dcmigrate-Ab12Cd")
            busy = os.path.join(d, ".app.py.dcmigrate-Zz9yX8")
            an_hour_ago = time.time() - 3600
            for t in (stale, busy):
                write(t, PINNED[:20], 0o600)
                os.utime(t, (an_hour_ago, an_hour_ago))
            code, out, err = dc("--no-config", ".", cwd=d)
            self.assertEqual(code, 1, err)
            self.assertEqual(sorted(temp_files(d)), sorted([stale, busy]), "a check-only run removed a temp file")
            with open(busy, "rb") as held:
                fcntl.flock(held, fcntl.LOCK_EX)
                code, out, err = dc("--fix", "--no-config", ".", cwd=d)
            self.assertEqual(code, 0, err)
            self.assertEqual(read(os.path.join(d, "app.py")), UNPINNED.encode())
            self.assertEqual(temp_files(d), [busy], "the stale temp file should go, the locked one stay")
            self.assertIn("app.py: removed stale temp file ", err)
            self.assertIn(".app.py.dcmigrate-Ab12Cd, left by an interrupted dcmigrate run", err)
            self.assertNotIn("Zz9yX8", err)


class TestSignals(unittest.TestCase):
    """SIGINT/SIGTERM: stop cleanly between files, say so, exit 128 + signal."""

    def interrupt(self, sig, jobs):
        with Tree() as d:
            files = {}
            for i in range(30):
                name = f"m{i:02d}.py" if i % 2 else f"m{i:02d}.ts"
                files[name] = PINNED if name.endswith(".py") else TS_PINNED
                write(os.path.join(d, name), files[name], MODES[i % len(MODES)])
            p = subprocess.Popen([BIN, "--fix", "--no-config", "-j", str(jobs), "."], cwd=d,
                                 env=env_for({"DC_TEST_BEFORE_WRITE_SLEEP_MS": "100"}),
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            # signal once the run is under way: the first file has been written
            deadline = time.monotonic() + 60 * testlib.slow_factor(BIN)
            while time.monotonic() < deadline and p.poll() is None:
                if any(read(os.path.join(d, n)).decode() in (UNPINNED, TS_UNPINNED) for n in files):
                    break
                time.sleep(0.02)
            self.assertIsNone(p.poll(), "the run ended before it could be interrupted")
            sent = time.monotonic()
            p.send_signal(sig)
            out, err = p.communicate(timeout=30)
            took = time.monotonic() - sent
            out, err = out.decode(), err.decode()
            name = "SIGINT" if sig == signal.SIGINT else "SIGTERM"
            self.assertEqual(p.returncode, 128 + sig, err)
            m = re.search(rf"interrupted by {name}; (\d+) files? not processed", err)
            self.assertTrue(m, err)
            self.assertGreater(int(m.group(1)), 0, "the run was meant to be stopped half way")
            self.assertLess(took, 5 * testlib.slow_factor(BIN), "stopping took too long")
            fixed = 0
            for i, (name_, content) in enumerate(sorted(files.items())):
                got = read(os.path.join(d, name_)).decode()
                want = UNPINNED if name_.endswith(".py") else TS_UNPINNED
                self.assertIn(got, (content, want), name_)
                fixed += got == want
            self.assertGreater(fixed, 0, "some files were meant to be fixed before the signal")
            self.assertLessEqual(fixed, 30 - int(m.group(1)), "a file counted as not processed was changed")
            self.assertEqual(temp_files(d), [])
            # the report still covers what was done
            self.assertIn("fixed", out)

    def test_sigint_serial(self):
        self.interrupt(signal.SIGINT, 1)

    def test_sigterm_serial(self):
        self.interrupt(signal.SIGTERM, 1)

    def test_sigint_parallel(self):
        self.interrupt(signal.SIGINT, 4)

    def test_sigterm_parallel(self):
        self.interrupt(signal.SIGTERM, 3)


class TestWriteFailures(unittest.TestCase):
    """Disk full and write errors: the original stays, the error is reported, exit 2."""

    def check_failed_tree(self, d, code, err, names, why):
        self.assertEqual(code, 2, err)
        for n in names:
            self.assertIn(f"{n}: write failed", err)
            self.assertRegex(err, re.escape(f"{n}: write failed") + r".*" + why)
            self.assertEqual(read(os.path.join(d, n)).decode(), PINNED if n.endswith(".py") else TS_PINNED, n)
        self.assertEqual(temp_files(d), [])

    def test_injected_write_errors(self):
        for step in ("write", "fsync", "rename"):
            with Tree({"a.py": PINNED, "b.ts": TS_PINNED, "sub/c.py": PINNED}) as d:
                os.chmod(os.path.join(d, "b.ts"), 0o600)
                code, out, err = dc("--fix", "--no-config", ".", cwd=d, env={"DC_TEST_FAIL_WRITE": step})
                # every file is attempted (the run continues) and every failure is reported
                self.check_failed_tree(d, code, err, ["a.py", "b.ts", "sub/c.py"], "Input/output error")
                self.assertEqual(stat.S_IMODE(os.stat(os.path.join(d, "b.ts")).st_mode), 0o600)
                self.assertIn("3 errors", out)

    def test_file_size_limit(self):
        """RLIMIT_FSIZE (ulimit -f) smaller than the fixed file: EFBIG, original intact."""
        big = PINNED + "".join(f"x{i} = {i}\n" for i in range(500))

        def limit():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))

        with Tree({"big.py": big, "small.py": PINNED}) as d:
            code, out, err = dc("--fix", "--no-config", ".", cwd=d, preexec=limit)
            self.assertEqual(code, 2, err)
            self.assertRegex(err, r"big\.py: write failed: File too large")
            self.assertEqual(read(os.path.join(d, "big.py")).decode(), big)
            # the small file fits under the limit: the run went on and fixed it
            self.assertEqual(read(os.path.join(d, "small.py")).decode(), UNPINNED)
            self.assertEqual(temp_files(d), [])

    def test_disk_full_tmpfs(self):
        """A 64 KiB tmpfs filled to the last block: ENOSPC, original intact, no temp file."""
        with Tree() as d:
            mnt = os.path.join(d, "mnt")
            os.mkdir(mnt)
            r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mnt], capture_output=True)
            if r.returncode != 0:
                self.skipTest("cannot mount a tmpfs here (not root?): " + r.stderr.decode().strip())
            try:
                src = PINNED + "".join(f"y{i} = {i}\n" for i in range(300))
                write(os.path.join(mnt, "app.py"), src, 0o640)
                write(os.path.join(mnt, "other.ts"), TS_PINNED)
                fd = os.open(os.path.join(mnt, "filler"), os.O_WRONLY | os.O_CREAT, 0o644)
                try:
                    for size in (4096, 1):
                        try:
                            while True:
                                os.write(fd, b"\0" * size)
                        except OSError:
                            pass
                finally:
                    os.close(fd)
                code, out, err = dc("--fix", "--no-config", "app.py", "other.ts", cwd=mnt)
                self.assertEqual(code, 2, err)
                self.assertRegex(err, r"app\.py: write failed: No space left on device")
                self.assertRegex(err, r"other\.ts: write failed: No space left on device")
                self.assertEqual(read(os.path.join(mnt, "app.py")).decode(), src)
                self.assertEqual(stat.S_IMODE(os.stat(os.path.join(mnt, "app.py")).st_mode), 0o640)
                self.assertEqual(temp_files(mnt), [])
                # with room again, the same command succeeds
                os.remove(os.path.join(mnt, "filler"))
                code, out, err = dc("--fix", "--no-config", "app.py", "other.ts", cwd=mnt)
                self.assertEqual(code, 0, err)
                self.assertEqual(read(os.path.join(mnt, "other.ts")).decode(), TS_UNPINNED)
            finally:
                subprocess.run(["umount", mnt], capture_output=True)

    def test_directory_not_writable(self):
        """The temp file cannot be created (unprivileged user, directory not writable)."""
        with Tree({"app.py": PINNED}) as d:
            os.chmod(os.path.join(d, "app.py"), 0o666)
            code, out, err = dc("--fix", "--no-config", "app.py", cwd=d, as_nobody=True)
            self.assertEqual(code, 2, err)
            self.assertIn("app.py: write failed: Permission denied", err)
            self.assertEqual(read(os.path.join(d, "app.py")).decode(), PINNED)
            self.assertEqual(temp_files(d), [])


# ------------------------------------------------------------------------------------------------
# Bad-input matrix
# ------------------------------------------------------------------------------------------------

class TestBadInputs(unittest.TestCase):
    """Every hostile input: a message with the path, the run goes on (good.py is still reported
    and fixed), exit 2 for errors, 0/1 by findings for skips."""

    def run_both(self, d, *paths, extra=(), timeout=120, as_nobody=False, expect=None):
        """A report run and a --fix run (good.py is checked fixed, then put back). `expect`:
        (report exit code, --fix exit code) when given. Returns both (code, out, err)."""
        good = os.path.join(d, "good.py")
        report = dc("--no-config", *extra, *paths, cwd=d, timeout=timeout, as_nobody=as_nobody)
        fix = dc("--fix", "--no-config", *extra, *paths, cwd=d, timeout=timeout, as_nobody=as_nobody)
        if os.path.exists(good):
            self.assertEqual(read(good).decode(), UNPINNED, "the run did not go on to fix good.py: " + fix[2])
            st = os.stat(good)
            write(good, PINNED)
            os.chown(good, st.st_uid, st.st_gid)
        if expect:
            self.assertEqual(report[0], expect[0], "report run: " + report[2][-3000:])
            self.assertEqual(fix[0], expect[1], "--fix run: " + fix[2][-3000:])
        return report, fix

    def assert_goes_on(self, report):
        self.assertIn(GOOD_FINDING, report[1], "the run did not go on to good.py: " + report[2])

    def tree(self, files):
        files = dict(files)
        files.setdefault("good.py", PINNED)
        return Tree(files)

    def test_nonexistent_path(self):
        with self.tree({}) as d:
            report, fix = self.run_both(d, "missing.py", "no/such/dir", "good.py")
            for code, out, err in (report, fix):
                self.assertEqual(code, 2, err)
                self.assertIn("missing.py: no such file or directory", err)
                self.assertIn("no/such/dir: no such file or directory", err)
            self.assert_goes_on(report)

    def test_unreadable_file(self):
        with self.tree({"secret.py": PINNED}) as d:
            for n in ("secret.py", "good.py"):
                os.chown(os.path.join(d, n), NOBODY, NOBODY)
            os.chown(d, NOBODY, NOBODY)
            os.chmod(os.path.join(d, "secret.py"), 0)
            report, fix = self.run_both(d, ".", as_nobody=True)
            for code, out, err in (report, fix):
                self.assertEqual(code, 2, err)
                self.assertIn("secret.py: cannot read: Permission denied", err)
            self.assert_goes_on(report)
            os.chmod(os.path.join(d, "secret.py"), 0o644)
            self.assertEqual(read(os.path.join(d, "secret.py")).decode(), PINNED)

    def test_unreadable_directory(self):
        with self.tree({"locked/inner.py": PINNED}) as d:
            os.chown(d, NOBODY, NOBODY)
            os.chown(os.path.join(d, "good.py"), NOBODY, NOBODY)
            os.chmod(os.path.join(d, "locked"), 0)
            report, fix = self.run_both(d, ".", as_nobody=True)
            for code, out, err in (report, fix):
                self.assertEqual(code, 2, err)
                self.assertIn("locked: cannot read directory: permission denied", err.lower())
            self.assert_goes_on(report)

    def test_symlink_loop(self):
        with self.tree({}) as d:
            os.symlink("b.py", os.path.join(d, "a.py"))
            os.symlink("a.py", os.path.join(d, "b.py"))
            os.makedirs(os.path.join(d, "dir"))
            os.symlink("..", os.path.join(d, "dir", "up"))  # a directory loop: never followed
            # a broken link met while walking is a notice (exit by findings)
            report, fix = self.run_both(d, ".", timeout=30, expect=(1, 0))
            for code, out, err in (report, fix):
                self.assertRegex(err, r"a\.py: .*too many levels of symbolic links")
                self.assertRegex(err, r"b\.py: .*too many levels of symbolic links")
            self.assert_goes_on(report)
            # named on the command line, it is an error
            code, out, err = dc("--no-config", "a.py", "good.py", cwd=d)
            self.assertEqual(code, 2, err)
            self.assertIn("a.py: too many levels of symbolic links", err)
            self.assertIn(GOOD_FINDING, out)

    def test_symlink_outside_tree(self):
        with Tree({"outside/victim.py": PINNED}) as top:
            d = os.path.join(top, "proj")
            write(os.path.join(d, "good.py"), PINNED)
            os.symlink(os.path.join(top, "outside", "victim.py"), os.path.join(d, "link.py"))
            report, fix = self.run_both(d, ".", expect=(1, 0))
            for code, out, err in (report, fix):
                self.assertIn("link.py: symbolic link points outside the scanned tree, skipped", err)
            self.assert_goes_on(report)
            self.assertEqual(read(os.path.join(top, "outside", "victim.py")).decode(), PINNED,
                             "--fix wrote outside the tree")
            self.assertTrue(os.path.islink(os.path.join(d, "link.py")))

    def test_fifo(self):
        with self.tree({}) as d:
            os.mkfifo(os.path.join(d, "pipe.py"))
            report, fix = self.run_both(d, ".", timeout=20, expect=(1, 0))
            for code, out, err in (report, fix):
                self.assertIn("pipe.py: not a regular file, skipped", err)
            self.assert_goes_on(report)
            code, out, err = dc("--fix", "--no-config", "pipe.py", cwd=d, timeout=20)  # named: never opened for a blocking read
            self.assertEqual(code, 2, err)  # named and skipped: an error (issue 14, item 10)
            self.assertIn("error: pipe.py: not a regular file, skipped", err)
            self.assertTrue(stat.S_ISFIFO(os.lstat(os.path.join(d, "pipe.py")).st_mode))

    def test_device_files(self):
        with self.tree({}) as d:
            os.symlink("/dev/null", os.path.join(d, "null.py"))
            try:
                os.mknod(os.path.join(d, "dev.ts"), stat.S_IFCHR | 0o644, os.makedev(1, 3))
            except PermissionError:
                pass
            report, fix = self.run_both(d, ".", timeout=20, expect=(1, 0))
            for code, out, err in (report, fix):
                self.assertRegex(err, r"null\.py: (not a regular file|symbolic link points outside)")
                if os.path.exists(os.path.join(d, "dev.ts")):
                    self.assertIn("dev.ts: not a regular file, skipped", err)
            self.assert_goes_on(report)
            code, out, err = dc("--fix", "--no-config", "null.py", "/dev/zero", cwd=d, timeout=20)
            self.assertEqual(code, 2, err)  # named and skipped: an error (issue 14, item 10)
            self.assertIn("error: null.py: not a regular file, skipped", err)
            self.assertIn("error: /dev/zero: not a regular file, skipped", err)
            self.assertTrue(os.path.islink(os.path.join(d, "null.py")))

    def test_binary_with_source_extension(self):
        blob = b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 40
        with self.tree({"tool.py": blob, "bundle.ts": b"const a = 1;\x00" + PINNED.encode()}) as d:
            report, fix = self.run_both(d, ".", expect=(1, 0))
            for code, out, err in (report, fix):
                self.assertIn("tool.py: binary file (NUL bytes), skipped", err)
                self.assertIn("bundle.ts: binary file (NUL bytes), skipped", err)
            self.assert_goes_on(report)
            self.assertEqual(read(os.path.join(d, "tool.py")), blob)

    def test_50mb_file(self):
        """Skipped by the default size limit with a notice; analysed with --max-file-size 0 (10 MB
        under the sanitizers, which need 3-4x the time and memory) without crashing."""
        head = PINNED
        body = "def f{0}(a, b):\n    return a + b * 2 - [1, 2, 3][0]  # {0}\n\n"
        with self.tree({}) as d:
            p = os.path.join(d, "huge.py")

            def make(mb):
                with open(p, "w") as f:
                    f.write(head)
                    i = 0
                    chunk = []
                    size = len(head)
                    while size < mb * 1024 * 1024:
                        s = body.format(i)
                        chunk.append(s)
                        size += len(s)
                        i += 1
                        if len(chunk) == 10000:
                            f.write("".join(chunk))
                            chunk = []
                    f.write("".join(chunk))

            make(50)
            original_size = os.path.getsize(p)
            t0 = time.monotonic()
            report, fix = self.run_both(d, ".", expect=(1, 0))
            for code, out, err in (report, fix):
                self.assertIn("huge.py: larger than --max-file-size, skipped", err)
            self.assertLess(time.monotonic() - t0, 20 * testlib.slow_factor(BIN), "skipping a large file must not read it")
            self.assertEqual(os.path.getsize(p), original_size)
            self.assert_goes_on(report)
            mb = int(os.environ.get("DC_RELIABILITY_BIG_MB", "10" if testlib.is_sanitized(BIN) else "50"))
            if mb != 50:
                make(mb)
            t0 = time.monotonic()
            code, out, err = dc("--no-config", "--max-file-size", "0", "huge.py", cwd=d, timeout=600)
            took = time.monotonic() - t0
            print(f"\n  {mb} MB Python file analysed in {took:.1f}s", file=sys.stderr)
            self.assertEqual(code, 1, err[-2000:])
            self.assertIn("huge.py:3:29: warning[toolkit-versions]", out)

    def test_empty_file(self):
        with self.tree({"empty.py": b"", "empty.ts": b"", ".env": b""}) as d:
            ino = os.stat(os.path.join(d, "empty.py")).st_ino
            report, fix = self.run_both(d, ".")
            self.assertEqual(report[0], 1, report[2])
            self.assertEqual(fix[0], 0, fix[2])
            self.assertEqual(read(os.path.join(d, "empty.py")), b"")
            self.assertEqual(os.stat(os.path.join(d, "empty.py")).st_ino, ino, "an empty file was rewritten")
            self.assertIn("4 files scanned", report[1])

    def test_bom_only_file(self):
        bom = b"\xef\xbb\xbf"
        with self.tree({"bom.py": bom, "bom.tsx": bom, "bomcrlf.py": bom + PINNED.replace("\n", "\r\n").encode()}) as d:
            report, fix = self.run_both(d, ".")
            self.assertEqual(report[0], 1, report[2])
            self.assertEqual(fix[0], 0, fix[2])
            self.assertEqual(read(os.path.join(d, "bom.py")), bom)
            self.assertEqual(read(os.path.join(d, "bom.tsx")), bom)
            self.assertEqual(read(os.path.join(d, "bomcrlf.py")), bom + UNPINNED.replace("\n", "\r\n").encode())
            self.assertIn("bomcrlf.py:3:29: warning[toolkit-versions]", report[1])  # a BOM is not a column

    INVALID_UTF8 = (b'from devcaster import Devcaster\n\ndc = Devcaster(api_key="k\xff\xfe", toolkit_versions="latest")\n'
                    b'tools = dc.tools.get(user_id="u\xc3", toolkits=["GITHUB\xed\xa0\x80"])  # \xc0\xaf\n')

    def test_invalid_utf8(self):
        with self.tree({"bad.py": self.INVALID_UTF8}) as d:
            report, fix = self.run_both(d, ".")
            self.assertEqual(report[0], 1, report[2])
            self.assertIn("bad.py:3:31: warning[toolkit-versions]", report[1])  # invalid bytes: one column each
            self.assertIn("bad.py:4:9: warning[tools-get]", report[1])
            got = read(os.path.join(d, "bad.py"))
            for chunk in (b'"k\xff\xfe"', b'"u\xc3"', b'\xed\xa0\x80', b"# \xc0\xaf"):
                self.assertIn(chunk, got, "invalid bytes outside the edits must survive --fix")
            write(os.path.join(d, "bad.py"), self.INVALID_UTF8)
            for fmt in ("json", "sarif"):
                code, out, err = dc("--no-config", "--format", fmt, "bad.py", cwd=d)
                self.assertEqual(code, 1, err)
                json.loads(out)
            # an edit that moves invalid bytes stays in the JSON report (once dropped: json_pack
            # refused its content), with U+FFFD for each bad byte, like every other string
            code, out, err = dc("--no-config", "--format", "json", "--unsafe-fixes", "bad.py", cwd=d)
            edits = [e["content"] for f in json.loads(out)["findings"] if f.get("fix") for e in f["fix"]["edits"]]
            self.assertTrue(any('user_id="u\ufffd"' in c for c in edits), edits)
            for fmt in ("junit", "github", "markdown", "html"):
                code, out, err = dc("--no-config", "--format", fmt, "bad.py", cwd=d)
                self.assertEqual(code, 1, f"{fmt}: {err}")

    def test_invalid_utf8_baseline(self):
        """--write-baseline keeps findings whose line holds invalid UTF-8: each bad byte is stored
        as U+FFFD (as in the JSON report), and --baseline normalises the current line the same
        way, so those findings match; a new finding on such a line is still reported."""
        with self.tree({"bad.py": self.INVALID_UTF8}) as d:
            code, out, err = dc("--no-config", "--write-baseline", "bl.json", "bad.py", cwd=d)
            self.assertEqual(code, 0, err)
            self.assertIn("wrote 2 findings", err)
            findings = json.loads(read(os.path.join(d, "bl.json")))["findings"]
            self.assertEqual(len(findings), 2)
            texts = sorted(f["line_text"] for f in findings)
            self.assertEqual(texts[0], 'dc = Devcaster(api_key="k\ufffd\ufffd", toolkit_versions="latest")')
            self.assertEqual(texts[1], 'tools = dc.tools.get(user_id="u\ufffd", toolkits=["GITHUB\ufffd\ufffd\ufffd"])'
                                       ' # \ufffd\ufffd')  # whitespace collapsed, as for any line
            code, out, err = dc("--no-config", "--baseline", "bl.json", "bad.py", cwd=d)
            self.assertEqual(code, 0, out + err)
            write(os.path.join(d, "bad.py"), self.INVALID_UTF8 + b'more = dc.tools.get(user_id="\xff", toolkits=["A"])\n')
            code, out, err = dc("--no-config", "--baseline", "bl.json", "bad.py", cwd=d)
            self.assertEqual(code, 1, out + err)
            self.assertIn("bad.py:5:8: warning[tools-get]", out)
            self.assertNotIn("bad.py:4:", out)

    def test_nul_bytes(self):
        early = b"x = 1\x00\n" + PINNED.encode()
        late = PINNED.encode() + b"#" + b"x" * 9000 + b"\ny = '\x00'\nz = dc.tools.get(user_id='u', toolkits=['A'])\n"
        with self.tree({"early.py": early, "late.py": late, "late.ts": TS_PINNED.encode() + b"/*" + b"x" * 9000 +
                        b"*/\nconst s = '\x00';\n"}) as d:
            report, fix = self.run_both(d, ".")
            for code, out, err in (report, fix):
                self.assertIn(code, (0, 1), err)
                self.assertIn("early.py: binary file (NUL bytes), skipped", err)
            self.assertIn("late.py:3:29: warning[toolkit-versions]", report[1])
            self.assertEqual(read(os.path.join(d, "early.py")), early)
            got = read(os.path.join(d, "late.py"))
            self.assertEqual(got, late.replace(b', toolkit_versions="latest"', b""),
                             "only the finding's bytes may change; the NUL and everything after it stay")
            self.assertTrue(read(os.path.join(d, "late.ts")).endswith(b"*/\nconst s = '\x00';\n"))

    def test_crlf_and_mixed_line_endings(self):
        crlf = PINNED.replace("\n", "\r\n")
        mixed = ('from devcaster import Devcaster\r\n\ndc = Devcaster(api_key="k", toolkit_versions="latest")\n'
                 'a = 1\r\nb = 2\rc = 3\n\r\nd = 4\r\n')
        ts_crlf = TS_PINNED.replace("\n", "\r\n")
        with self.tree({"crlf.py": crlf, "mixed.py": mixed, "crlf.ts": ts_crlf}) as d:
            report, fix = self.run_both(d, ".")
            self.assertEqual(fix[0], 0, fix[2])
            self.assertIn("crlf.py:3:29: warning[toolkit-versions]", report[1])
            self.assertIn("mixed.py:3:29: warning[toolkit-versions]", report[1])
            self.assertEqual(read(os.path.join(d, "crlf.py")).decode(), UNPINNED.replace("\n", "\r\n"))
            self.assertEqual(read(os.path.join(d, "crlf.ts")).decode(), TS_UNPINNED.replace("\n", "\r\n"))
            self.assertEqual(read(os.path.join(d, "mixed.py")).decode(),
                             mixed.replace(', toolkit_versions="latest"', ""))

    def test_syntax_errors_near_and_far(self):
        """A finding inside a broken region is not edited; one away from it is fixed."""
        py = ('from devcaster import Devcaster\n\n'
              'dc = Devcaster(api_key="k", toolkit_versions="latest")\n\n\n'
              'def broken(:\n'
              '    other = Devcaster(toolkit_versions="v1"\n'
              '    return [\n')
        ts = ('import { Devcaster } from "@devcaster/core";\n\n'
              'const dc = new Devcaster({ apiKey: "k", toolkitVersions: "latest" });\n\n'
              'function broken( {\n'
              '  const other = new Devcaster({ toolkitVersions: "v1" ;\n'
              '  return [\n')
        with self.tree({"broken.py": py, "broken.ts": ts}) as d:
            report, fix = self.run_both(d, ".")
            self.assertEqual(report[0], 1, report[2])
            for name in ("broken.py", "broken.ts"):
                self.assertRegex(report[2], re.escape(name) + r":\d+:\d+: syntax error")
                self.assertIn(f"{name}:3:", report[1])
            got_py = read(os.path.join(d, "broken.py")).decode()
            got_ts = read(os.path.join(d, "broken.ts")).decode()
            self.assertEqual(got_py, py.replace('Devcaster(api_key="k", toolkit_versions="latest")',
                                                'Devcaster(api_key="k")'))
            self.assertEqual(got_ts, ts.replace('{ apiKey: "k", toolkitVersions: "latest" }', '{ apiKey: "k" }'))

    def deep(self, name, text, timeout=60):
        with self.tree({name: text}) as d:
            report, fix = self.run_both(d, ".", timeout=timeout * testlib.slow_factor(BIN))
            for code, out, err in (report, fix):
                self.assertIn(code, (0, 1), err[-3000:])
            self.assert_goes_on(report)
            got = read(os.path.join(d, name)).decode()
            write(os.path.join(d, name), text)
            code, out, err = dc("--no-config", "--format", "json", name, cwd=d, timeout=timeout * testlib.slow_factor(BIN))
            self.assertIn(code, (0, 1), err[-3000:])
            json.loads(out)
            return got

    def test_deep_nesting_python(self):
        """10,000 nested brackets of each kind: no stack overflow, the fix elsewhere still made."""
        n = 10000
        text = PINNED + "y = " + "[" * n + "]" * n + "\nz = " + "(" * n + "1" + ")" * n + "\n" + \
            "w = " + "{" * n + "}" * n + "\n" + "u = " + "-" * n + "1\n"
        got = self.deep("deep.py", text)
        self.assertEqual(got, text.replace(', toolkit_versions="latest"', ""))

    def test_deep_nesting_typescript(self):
        n = 10000
        text = TS_PINNED + "const y = " + "[" * n + "]" * n + ";\nconst z = " + "(" * n + "1" + ")" * n + ";\n" + \
            "{" * n + "}" * n + "\nconst o = " + "{a:" * n + "1" + "}" * n + ";\n"
        got = self.deep("deep.ts", text)
        self.assertEqual(got, text.replace(', toolkitVersions: "latest"', ""))

    def deep_cpu(self, name, text):
        """Runs deep() and returns the CPU seconds (user + system) its dcmigrate runs used: CPU
        time, not wall time, so a loaded CI machine does not make the bound flaky; the wall
        timeout only catches a hang."""
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        got = self.deep(name, text, timeout=300)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return got, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

    def test_deep_nested_calls_python(self):
        """10,000 nested calls `f(f(f(...)))`: the query cursor's match limit (engine.c
        DC_QUERY_MATCH_LIMIT) keeps matching linear. Unlimited, every open call kept in-progress
        matches that tree-sitter compared pairwise at each node (3,000 levels took a minute of CPU;
        now 10,000 take about 1 s for the three runs), with a warning that the file's findings may
        be incomplete; the fix elsewhere is still made. The bound is on CPU time, 10x the
        measured cost, far below the quadratic one."""
        n = 10000
        text = PINNED + "v = " + "f(" * n + ")" * n + "\n"
        got, cpu = self.deep_cpu("calls.py", text)
        self.assertLess(cpu, 10 * testlib.slow_factor(BIN), f"{n} nested calls: {cpu:.1f} s of CPU")
        self.assertEqual(got, text.replace(', toolkit_versions="latest"', ""))
        with self.tree({"calls.py": text}) as d:
            # the nested statement holds no witness of any rule (analysis/witness.h), so by
            # default the query does not even run over it; --no-prefilter matches the whole tree
            code, out, err = dc("--no-config", "calls.py", cwd=d, timeout=300)
            self.assertEqual(code, 1, err[-3000:])
            self.assertNotIn("too many rule matches", err)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            code, out, err = dc("--no-config", "--no-prefilter", "calls.py", cwd=d, timeout=300)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            self.assertLess(cpu, 10 * testlib.slow_factor(BIN), f"{n} nested calls matched whole: {cpu:.1f} s of CPU")
            self.assertEqual(code, 1, err[-3000:])
            self.assertIn("calls.py: too many rule matches in progress at once", err)

    def test_deep_nested_calls_typescript(self):
        """The same for TypeScript: 10,000 nested calls (unlimited: about 35 s of CPU), also with
        the whole tree matched (--no-prefilter)."""
        n = 10000
        text = TS_PINNED + "const v = " + "f(" * n + ")" * n + ";\n"
        got, cpu = self.deep_cpu("calls.ts", text)
        self.assertLess(cpu, 10 * testlib.slow_factor(BIN), f"{n} nested calls: {cpu:.1f} s of CPU")
        self.assertEqual(got, text.replace(', toolkitVersions: "latest"', ""))
        with self.tree({"calls.ts": text}) as d:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            code, out, err = dc("--no-config", "--no-prefilter", "calls.ts", cwd=d, timeout=300)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            self.assertLess(cpu, 10 * testlib.slow_factor(BIN), f"{n} nested calls matched whole: {cpu:.1f} s of CPU")
            self.assertEqual(code, 1, err[-3000:])

    def test_one_megabyte_line(self):
        """A finding on a 1 MB line and a 1 MB line next to a finding (both files under 2 MB)."""
        mb = 1 << 20
        py = PINNED + "t = dc.tools.get(user_id='" + "u" * mb + "', toolkits=['A'])\n"
        ts = TS_PINNED + 'const x = "' + "a" * mb + '";\nconst y = [' + "1," * (mb // 4) + "];\n"
        with self.tree({"long.py": py, "long.ts": ts}) as d:
            t0 = time.monotonic()
            report, fix = self.run_both(d, ".", timeout=120 * testlib.slow_factor(BIN))
            self.assertLess(time.monotonic() - t0, 60 * testlib.slow_factor(BIN))
            self.assertEqual(report[0], 1, report[2])
            self.assertIn("long.py:3:29: warning[toolkit-versions]", report[1])
            self.assertIn("long.py:4:5: warning[tools-get]", report[1])
            self.assertIn("long.ts:3:", report[1])
            self.assertEqual(read(os.path.join(d, "long.ts")).decode(), ts.replace(', toolkitVersions: "latest"', ""))
            got = read(os.path.join(d, "long.py")).decode()
            self.assertTrue(got.startswith(UNPINNED), got[:300])
            self.assertIn("u" * mb, got, "the long argument must survive the fix")
            code, out, err = dc("--no-config", "--format", "json", "long.py", cwd=d, timeout=60 * testlib.slow_factor(BIN))
            json.loads(out)

    # ---- rule files ---------------------------------------------------------------------------

    RULE_HEAD = "id: {id}\nseverity: warning\nsummary: s\nmessage: m\nnote: n\n"

    def rules_run(self, rules, src=None):
        files = {f"rules/{k}": v for k, v in rules.items()}
        files.update(src or {})
        with self.tree(files) as d:
            t0 = time.monotonic()
            report, fix = self.run_both(d, "--rules", "rules", ".", timeout=60)
            return report, fix, time.monotonic() - t0

    def test_rule_invalid_yaml(self):
        report, fix, _ = self.rules_run({"bad.yml": "id: x\nseverity: warning\nsummary: [unclosed\n"})
        for code, out, err in (report, fix):
            self.assertEqual(code, 2, err)
            self.assertRegex(err, r"rules/bad\.yml:\d+:\d+: invalid YAML")
        self.assert_goes_on(report)

    def test_rule_unknown_key(self):
        text = self.RULE_HEAD.format(id="unknown-key") + "colour: blue\nmatch:\n  language: python\n  query: \"(call) @match\"\n"
        report, fix, _ = self.rules_run({"u.yml": text})
        for code, out, err in (report, fix):
            self.assertEqual(code, 2, err)
            self.assertIn("rules/u.yml:6:1: unknown key `colour`", err)
        self.assert_goes_on(report)

    def test_rule_bad_query(self):
        text = self.RULE_HEAD.format(id="bad-query") + "match:\n  language: python\n  query: \"(call (no_such_node) @match\"\n"
        report, fix, _ = self.rules_run({"q.yml": text})
        for code, out, err in (report, fix):
            self.assertEqual(code, 2, err)
            self.assertRegex(err, r"rules/q\.yml:8:\d+: invalid query for python")
        self.assert_goes_on(report)

    def test_rule_bad_regex(self):
        text = (self.RULE_HEAD.format(id="bad-regex") +
                "match:\n  language: python\n  query: '((identifier) @match (#match? @match \"(unclosed\"))'\n")
        where = (self.RULE_HEAD.format(id="bad-where") +
                 "match:\n  language: typescript\n  query: '(identifier) @match'\n  where:\n    match: '[z-a]'\n")
        report, fix, _ = self.rules_run({"r.yml": text, "w.yml": where})
        for code, out, err in (report, fix):
            self.assertEqual(code, 2, err)
            self.assertRegex(err, r"rules/r\.yml:8(:\d+)?: invalid regular expression `\(unclosed`")
            self.assertRegex(err, r"rules/w\.yml:1\d(:\d+)?: invalid regular expression `\[z-a\]`")
        self.assert_goes_on(report)

    CATASTROPHIC = ("match:\n  language: python\n  query: '((identifier) @match (#match? @match \"^(a+)+$\"))'\n")

    def test_rule_catastrophic_regex(self):
        text = self.RULE_HEAD.format(id="catastrophic") + self.CATASTROPHIC
        evil = "".join("a" * 28 + f"c{i} = 1\n" for i in range(10))
        report, fix, took = self.rules_run({"c.yml": text}, {"evil.py": evil})
        self.assertLess(took, 20 * testlib.slow_factor(BIN), "PCRE2 limits must stop a catastrophic regex")
        self.assertEqual(report[0], 1, report[2])
        self.assertEqual(fix[0], 0, fix[2])  # every evil identifier hits the limit: no finding of its own
        for code, out, err in (report, fix):
            self.assertIn("evil.py: a rule's regular expression hit the PCRE2 backtracking limit", err)
        self.assert_goes_on(report)

    def test_rule_catastrophic_regex_many_matches(self):
        """The PCRE2 limit is per match (about 3 ms of backtracking each), so after its first hit in
        a file the regex is given up for the rest of that file, with one warning naming the rule
        and the file: 20,000 evil identifiers (740 KB) take well under 5 s of CPU instead of a minute.
        Matches before the hit are reported; later ones are not (hence "may be incomplete")."""
        text = self.RULE_HEAD.format(id="catastrophic") + self.CATASTROPHIC
        evil = "aaaa = 1\n" + "".join("a" * 28 + f"c{i} = 1\n" for i in range(20000)) + "aaa = 2\n"
        with self.tree({"rules/c.yml": text, "evil.py": evil}) as d:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            code, out, err = dc("--no-config", "--rules", "rules", "--select", "catastrophic", "--format", "json",
                                "evil.py", cwd=d, timeout=300)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            # CPU time, not wall time: a loaded machine must not make this fail (measured: 0.3 s)
            self.assertLess(cpu, 5 * testlib.slow_factor(BIN), f"a catastrophic regex over many matches took {cpu:.1f} s of CPU")
            self.assertEqual(code, 1, err)
            self.assertEqual([f["line"] for f in json.loads(out)["findings"]], [1])
            self.assertEqual(err.count("PCRE2 backtracking limit"), 1, err)
            self.assertIn("evil.py: a rule's regular expression hit the PCRE2 backtracking limit (rule catastrophic)", err)

    def test_rule_catastrophic_dotenv_regex_warns(self):
        """A dotenv `regex:` that hits the PCRE2 limit stops searching that file, with a warning
        naming the rule and the file (the exit code is left to the findings)."""
        text = self.RULE_HEAD.format(id="env-catastrophic") + "match:\n  language: dotenv\n  regex: '^(A+)+$'\n"
        report, fix, took = self.rules_run({"e.yml": text}, {"x.env": "A" * 40 + "B\n"})
        self.assertLess(took, 20)
        self.assertIn("x.env: a rule's regular expression hit the PCRE2 backtracking limit (rule env-catastrophic)",
                      report[2])

    def test_rule_duplicate_key(self):
        """A key given twice in any mapping of a rule file (`note:` at the top, `template:` in
        `fix`) is an error at the second one, with file, line and column, like an unknown key;
        the rule is not loaded and the run goes on with the others."""
        text = self.RULE_HEAD.format(id="dup") + "note: again\nmatch:\n  language: python\n  query: '(identifier) @match'\n"
        fix_twice = (self.RULE_HEAD.format(id="dup-fix") + "match:\n  language: python\n  query: '(identifier) @match'\n"
                     "fix:\n  replace: match\n  template: a\n  template: b\n")
        report, fix, _ = self.rules_run({"d.yml": text, "f.yml": fix_twice})
        for code, out, err in (report, fix):
            self.assertEqual(code, 2, err)
            self.assertRegex(err, r"rules/d\.yml:6:1: .*duplicate key `note` \(first given on line 5\)")
            self.assertRegex(err, r"rules/f\.yml:12:3: .*duplicate key `template` \(first given on line 11\)")
            self.assertNotIn("[dup]", out)
            self.assertNotIn("[dup-fix]", out)
        self.assert_goes_on(report)

    def test_config_duplicate_key(self):
        """The same rule for .dcmigrate.yml: a key given twice, at the top or in a nested mapping,
        is an error with its location; like every config error it stops the run before anything
        is scanned (issue 14)."""
        cfg = "fail_on: error\nseverity:\n  tools-get: info\n  tools-get: error\nfail_on: info\n"
        with self.tree({".dcmigrate.yml": cfg}) as d:
            code, out, err = dc(".", cwd=d)
            self.assertEqual(code, 2, err)
            self.assertIn(".dcmigrate.yml:4:3: duplicate key `tools-get` (first given on line 3)", err)
            self.assertIn(".dcmigrate.yml:5:1: duplicate key `fail_on` (first given on line 1)", err)
            self.assertLess(err.index(":4:3:"), err.index(":5:1:"), "reported in file order")
            self.assertEqual(out, "")
            self.assertIn("stopped before scanning because of the configuration errors above", err)

    def test_rules_all_broken_at_once(self):
        """Several broken rule files: every one reported, the good rules still run."""
        rules = {
            "a.yml": "id: a\nseverity: [\n",
            "b.yml": self.RULE_HEAD.format(id="b") + "match:\n  language: cobol\n  query: x\n",
            "c.yml": self.RULE_HEAD.format(id="c") + "match:\n  language: python\n  query: '((call) @match'\n",
            "d.yml": "- just\n- a list\n",
            "e.yml": "",
            "f.yml": b"\xff\xfe\x00\x01",
        }
        report, fix, _ = self.rules_run(rules)
        for code, out, err in (report, fix):
            self.assertEqual(code, 2, err)
            for n in rules:
                self.assertIn(f"rules/{n}", err)
        self.assert_goes_on(report)

    def test_config_is_a_directory(self):
        with self.tree({".dcmigrate.yml/placeholder": ""}) as d:
            for args in ((".",), ("--config", ".dcmigrate.yml", ".")):
                code, out, err = dc(*args, cwd=d)
                self.assertEqual(code, 2, err)
                self.assertIn(".dcmigrate.yml: cannot read config: it is a directory", err)
                self.assertEqual(out, "")  # stopped before scanning (issue 14)
                code, out, err = dc("--fix", *args, cwd=d)
                self.assertEqual(code, 2, err)
                self.assertIn("stopped before scanning", err)
                self.assertEqual(read(os.path.join(d, "good.py")).decode(), PINNED)  # not fixed

    def test_config_is_a_fifo(self):
        """A `.dcmigrate.yml` that is a FIFO (found by walking up from the path) is opened
        O_NONBLOCK and refused as "not a regular file", like a source file, instead of blocking
        the run until a writer appears."""
        with self.tree({}) as d:
            os.mkfifo(os.path.join(d, ".dcmigrate.yml"))
            try:
                code, out, err = dc(".", cwd=d, timeout=3 * testlib.slow_factor(BIN))
            except subprocess.TimeoutExpired:
                self.fail("hangs on a FIFO .dcmigrate.yml")
            self.assertEqual(code, 2, err)
            self.assertIn(".dcmigrate.yml: cannot read config: not a regular file", err)

    def test_rule_file_is_a_fifo(self):
        """A FIFO named *.yml in a --rules directory is refused as "not a regular file" (opened
        O_NONBLOCK, so it cannot block the run); the other rules still run."""
        with self.tree({}) as d:
            os.makedirs(os.path.join(d, "rules"))
            os.mkfifo(os.path.join(d, "rules", "r.yml"))
            try:
                code, out, err = dc("--no-config", "--rules", "rules", "good.py", cwd=d, timeout=3 * testlib.slow_factor(BIN))
            except subprocess.TimeoutExpired:
                self.fail("hangs on a FIFO rule file")
            self.assertEqual(code, 2, err)
            self.assertIn("rules/r.yml: cannot read rule file: not a regular file", err)
            self.assertIn(GOOD_FINDING, out)

    def test_rule_duplicate_where_key(self):
        """A match entry with `where:` twice is a duplicate-key error, caught before the schema
        walk: parse_where() never sees the second mapping (it once overflowed its array there;
        found by fuzz_rules, replayed from fuzz/regressions/fuzz_rules/)."""
        text = self.RULE_HEAD.format(id="dup-where") + ("match:\n  language: python\n  query: '(identifier) @match'\n"
                                                        "  where:\n    match: 'a'\n  where:\n    match: 'b'\n")
        with self.tree({"rules/w.yml": text}) as d:
            code, out, err = dc("--no-config", "--rules", "rules", "good.py", cwd=d)
            self.assertEqual(code, 2, err[-2000:])
            self.assertRegex(err, r"rules/w\.yml:11:3: .*duplicate key `where` \(first given on line 9\)")
            self.assertIn(GOOD_FINDING, out)

    def test_config_error_reported_once(self):
        """A broken .dcmigrate.yml (loaded once, by cli/main.c, for the run-wide settings and the
        first path's group) is reported and counted once, whatever is wrong with it, and stops
        the run before anything is scanned (issue 14); --list-rules still lists and exits 2."""
        with self.tree({".dcmigrate.yml/placeholder": ""}) as d:
            code, out, err = dc(".", ".", cwd=d)
            self.assertEqual(code, 2, err)
            self.assertEqual(err.count("cannot read config"), 1, err)
            self.assertIn("stopped before scanning because of the configuration errors above", err)
            self.assertEqual(out, "")
            code, out, err = dc("--list-rules", cwd=d)
            self.assertEqual(code, 2, err)
            self.assertEqual(err.count("cannot read config"), 1, err)
        with self.tree({".dcmigrate.yml": "sdk: cobol\n"}) as d:
            code, out, err = dc("--format", "json", ".", cwd=d)
            self.assertEqual(code, 2, err)
            self.assertEqual(err.count(".dcmigrate.yml:1:6: sdk must be"), 1, err)
            self.assertEqual(out, "")  # no report: nothing was scanned


def main():
    a = testlib.parse_args(globals())
    print(f"random seed {SEED} (DC_RELIABILITY_SEED to repeat)")

    def summary(res):
        for t, _ in res.expectedFailures:
            print(f"expected failure (known bug, see its BUG: note): {t.id()}")
        for t in res.unexpectedSuccesses:
            print(f"UNEXPECTED SUCCESS (bug fixed? remove its expectedFailure marker): {t.id()}")
    return testlib.run_cases((TestKill, TestSignals, TestWriteFailures, TestBadInputs), a, verbosity=2, summary=summary)


if __name__ == "__main__":
    sys.exit(main())
