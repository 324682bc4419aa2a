#!/usr/bin/env python3
"""Writes the seed inputs of fuzz_report into fuzz/seeds/fuzz_report/ (the input format is in
fuzz/fuzz_report.c: NUL-ended fields, a header, then records). Run it after changing the format;
the files it writes are committed, so ctest (fuzz_replay_fuzz_report) replays them."""
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fuzz_report")

COLOR, QUIET, STATS, SHOW_FIXES, FIX, DIFF = 1, 2, 4, 8, 16, 32
NONE, MANUAL, UNSAFE, SAFE = 0, 1, 2, 3


def enc(v):
    return v if isinstance(v, bytes) else str(v).encode()


def header(flags=0, fail_on=1, more_files=0, errors=0, suppressions=0, changed=0):
    return [flags + 64 * fail_on, more_files, errors, suppressions, changed]


def finding(path, rule=0, sev=1, pos=(1, 1, 1, 10), span=(0, 9), message=b"use the new API",
            line_text=b"x = dc.tools.get()", low=False, app=NONE, why=b"", title=b"", edits=()):
    rec = [b"F", path, rule, sev, *pos, *span, message, line_text, int(low) + 2 * app, why, title, len(edits)]
    for start, end, line, col, end_line, end_col, text in edits:
        rec += [start, end, line, col, end_line, end_col, text]
    return rec


def put(name, fields):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(b"\0".join(enc(x) for x in fields))


HOSTILE = [
    b"x\n::error file=README.md,line=1::pwned.py",
    b"\x1b]8;;https://example.com\x07link\x1b]8;;\x07.py",
    b"\x1b[2J\x1b[31mred.ts",
    b"caf\xe9/\xff\xfe.py",
    b"a\rb\x7f\xc2\x85c.js",
    b"dir with spaces/#hash?q=1%0A,colon:comma.py",
    b"<dcf-x onload=alert(1)>/&amp;\"'.tsx",
    b"/abs/olute/\xed\xa0\x80.py",
    b"\\back\\slash\t\"quote\".py",
    b"-- a/x\n+++ b/y\n@@ -1 +1 @@.py",
]

put("one-finding", header() + ["P", "src/app.py", 2] + finding(b"src/app.py"))
put("safe-fix", header(SHOW_FIXES) + finding(
    b"src/app.py", rule=3, sev=2, app=SAFE, title=b"Use sessions",
    edits=[(0, 9, 1, 1, 1, 10, b"session.tools()")]))
put("manual-and-unsafe", header(SHOW_FIXES, fail_on=0) + finding(
    b"a.py", app=MANUAL, why=b"needs a `user_id`") + finding(
    b"", pos=(3, 5, 4, 2), span=(40, 60), app=UNSAFE, why=b"changes behaviour",
    edits=[(40, 45, 3, 5, 3, 10, b"new\nlines\r\n"), (50, 60, 4, 1, 4, 2, b"")]))
fields = header(more_files=3, errors=1)
for i, p in enumerate(HOSTILE):
    fields += ["P", p, i] + finding(p, rule=i, sev=i % 3, message=b"msg of " + p, line_text=p,
                                     app=i % 4, why=p if i % 4 == MANUAL else b"", edits=[(0, 1, 1, 1, 1, 2, p)])
put("hostile-paths", fields)
put("hostile-paths-color", [COLOR + SHOW_FIXES] + fields[1:])
put("hostile-paths-stats", [STATS + 64] + fields[1:])
put("fix-mode", header(FIX, changed=2) + finding(b"x\n::warning::y.py", app=SAFE) + [
    "X", b"x\n::warning::y.py", 3, 2, "X", b"\x1b[1mbold.py", 1, 1, "S", b"skip\nme.bin",
    "not a Python, TypeScript, JavaScript or .env file, skipped", "S", b"caf\xe9\x1b[0m.bin", "binary"])
put("diff-mode", header(DIFF, changed=1) + finding(b"d\x1b.py", app=SAFE) + [
    "D", b"d\x1b.py", b"a\nb\nc\n", b"a\nB\nc\n",
    "D", b"crlf.ts", b"one\r\ntwo\r\n", b"one\r\ntwo\r\nthree",
    "D", b"\xff.js", b"x = 1", b"x = 2\n\x1b[31m\n"])
put("markdown-html", header(SHOW_FIXES) + [
    "P", b"src/a/b.py", 4, "P", b"src/c.py", 0, "P", b"<dcf>/x.py", 1] + finding(
    b"src/a/b.py", message=b"`dc.tools.get` is gone | use <b>sessions</b> & ``code``", app=UNSAFE,
    why=b"```\nfence\n```", edits=[(0, 2, 1, 1, 1, 3, b"<dcf>")]) + finding(
    b"<dcf>/x.py", rule=5, message=b"<dcf>*emph* [link](javascript:alert(1))") + [
    "D", b"src/a/b.py", b"<dcf>\n", b"</dcf>\n"])
put("many-same-line", header() + sum((finding(b"m.py", rule=r % 3, pos=(7, 1 + r, 7, 2 + r))
                                      for r in range(12)), []))
put("empty", header())
put("quiet-suppressions", header(QUIET, suppressions=4, changed=1) + finding(b"q.py"))
print(f"wrote {len(os.listdir(OUT))} seeds to {OUT}")
