#!/usr/bin/env python3
"""Reviewer formats (ctest: test_formats_review): `--format markdown` (a PR comment) and
`--format html` (one self-contained page).

Goldens of both on the bundled example live in tests/golden/formats-review/ (the version string
normalised). They change whenever a rule, a message or a fix changes; after checking the diff,
refresh them with

    python3 tests/test_formats_review.py --bin build/dcmigrate --update

which also refreshes the screenshot docs/report-example.png when chromium is installed.

The rest: escaping of hostile messages and paths (a user rule via --rules), invalid UTF-8, the
Markdown size cap, the HTML's lack of external references, the progress figures against the
JSON report, the per-directory chart, and a headless-browser run of the example's HTML in
Debian's chromium through playwright-core (skipped, loudly, when /usr/bin/chromium is absent)."""
import difflib
import html.parser
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

BIN = None
UPDATE = False
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOLDEN = os.path.join(ROOT, "tests", "golden", "formats-review")
EXAMPLE = "examples/devcaster-app"
CHROMIUM = "/usr/bin/chromium"
RENDER = os.path.join(ROOT, "tests", "tools", "render_html.js")
SCREENSHOT = os.path.join(ROOT, "docs", "report-example.png")
UPDATE_HINT = ("If the change is intended (a new or changed rule, message or fix), review the diff above and "
               "update the goldens with:\n    python3 tests/test_formats_review.py --bin build/dcmigrate --update")
SKIPS = []

PY_GET = """from devcaster import Devcaster

dc = Devcaster()
tools = dc.tools.get(user_id="u1", toolkits=["GITHUB"])
"""
PY_EXECUTE = """from devcaster import Devcaster

dc = Devcaster()
r = dc.tools.execute("GITHUB_CREATE_ISSUE", {"title": "x"}, user_id="u1")
"""
PY_MIGRATED = ("from devcaster import Devcaster\ndc = Devcaster()\n"
               "s = dc.create(user_id='u')\nt = dc.tool_router.create(user_id='u')\n")

# A user rule whose every text field is hostile to Markdown tables and to HTML.
ODD_RULE = r"""id: odd-rule
severity: warning
summary: "Summary with | pipe, `tick` and <b>tag</b> & amp"
message: "Message | with `code|span` and <script>alert(1)</script> & \"quotes\" 'apos' [link](x) *em*"
note: "Note <b>bold</b> & stuff | pipe"
match:
  - language: python
    query: |
      ((call function: (identifier) @_f) @match (#eq? @_f "marker"))
"""
ODD_DIR = "odd|dir"
ODD_FILE = "a`b<c>&d'e\".py"
ODD_SOURCE = b"marker()  # caf\xe9 <b> | `x`\n"


_EXAMPLE_RUNS = {}


def dc(*args, cwd=ROOT):
    # runs on the bundled example are read-only and deterministic: run each command line once
    key = args if cwd == ROOT and EXAMPLE in args else None
    if key in _EXAMPLE_RUNS:
        return _EXAMPLE_RUNS[key]
    p = subprocess.run([BIN, *args], cwd=cwd, capture_output=True)
    res = p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")
    if key:
        _EXAMPLE_RUNS[key] = res
    return res


def normalise(text):
    return re.sub(r"dcmigrate \d+\.\d+\.\d+", "dcmigrate VERSION", text)


def odd_tree():
    return Tree({"rules/odd.yml": ODD_RULE, f"src/{ODD_DIR}/{ODD_FILE}": ODD_SOURCE})


def example_json():
    code, out, err = dc("--format", "json", EXAMPLE)
    assert code in (0, 1), err
    return json.loads(out)


def expected_progress(doc):
    fixable = sum(1 for f in doc["findings"] if f["fix"] and f["fix"]["applicability"] in ("safe", "unsafe"))
    manual = sum(1 for f in doc["findings"]
                 if f["severity"] != "info" and (f["fix"] is None or f["fix"]["applicability"] == "manual"))
    return doc["summary"]["already_migrated"] + fixable, manual


class TagCollector(html.parser.HTMLParser):
    """Start tags with their attributes, and text, of an HTML document."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse_html(doc):
    p = TagCollector()
    p.feed(doc)
    p.close()
    return p


HTML_TAGS = {"html", "head", "meta", "title", "script", "style", "body", "header", "div", "h1", "h2", "h3", "p", "span",
             "main", "section", "ul", "li", "code", "table", "thead", "tbody", "tr", "th", "td", "a", "form", "label",
             "select", "option", "fieldset", "legend", "input", "button", "noscript", "article", "figure",
             "figcaption", "mark", "details", "summary", "pre", "strong", "footer"}


class TestGoldens(unittest.TestCase):
    def check_golden(self, fmt, name):
        code, out, err = dc("--format", fmt, EXAMPLE)
        self.assertEqual(code, 1, err)
        got = normalise(out.decode("utf-8"))
        path = os.path.join(GOLDEN, name)
        if UPDATE:
            os.makedirs(GOLDEN, exist_ok=True)
            with open(path, "w") as f:
                f.write(got)
            return
        self.assertTrue(os.path.exists(path), f"{path} is missing.\n{UPDATE_HINT}")
        with open(path) as f:
            want = f.read()
        if got != want:
            diff = list(difflib.unified_diff(want.splitlines(), got.splitlines(), f"golden/{name}",
                                             f"dcmigrate --format {fmt} {EXAMPLE}", lineterm="", n=2))
            shown = "\n".join(diff[:120]) + (f"\n... ({len(diff) - 120} more diff lines)" if len(diff) > 120 else "")
            self.fail(f"--format {fmt} differs from tests/golden/formats-review/{name}:\n{shown}\n\n{UPDATE_HINT}")

    def test_markdown_golden(self):
        self.check_golden("markdown", "devcaster-app.md")

    def test_html_golden(self):
        self.check_golden("html", "devcaster-app.html")


class TestMarkdown(unittest.TestCase):
    def test_sections_and_progress_match_json(self):
        doc = example_json()
        code, out, _ = dc("--format", "markdown", EXAMPLE)
        md = out.decode("utf-8")
        done, manual = expected_progress(doc)
        pct = done * 100 // (done + manual)
        self.assertIn(f"**Progress: {done} sites migrated or fixable, {manual} manual ({pct}%)**", md)
        self.assertTrue(md.startswith("## dcmigrate report\n"))
        for heading in ("### Findings by rule", f"### Manual migration ({manual})", "### Proposed fixes ("):
            self.assertIn(heading, md)
        for rid, n in doc["summary"]["by_rule"].items():
            self.assertRegex(md, rf"\| <code>{re.escape(rid)}</code> \| \w+ \| {n} \|")
        # a manual site links to its line, relative to the repository
        f = next(f for f in doc["findings"] if f["fix"] and f["fix"]["applicability"] == "manual")
        self.assertIn(f"]({f['path']}#L{f['line']})", md)
        self.assertIn("<details><summary><code>", md)
        self.assertIn("```diff\n--- a/", md)

    def test_table_rows_keep_their_columns(self):
        for args in (("--format", "markdown", EXAMPLE),):
            md = dc(*args)[1].decode("utf-8")
            self.assertTrue(self.table_rows_ok(md))
        with odd_tree() as d:
            md = dc("--rules", "rules", "--format", "markdown", "src", cwd=d)[1].decode("utf-8")
            self.assertTrue(self.table_rows_ok(md))

    def table_rows_ok(self, md):
        """Every row of a table has as many unescaped pipes as its header."""
        lines = md.splitlines()
        for i, line in enumerate(lines):
            if i + 1 < len(lines) and re.match(r"^\|(-+:?\|)+$|^\|(---:?\|)+", lines[i + 1] or ""):
                want = len(re.findall(r"(?<!\\)\|", line))
                j = i + 2
                while j < len(lines) and lines[j].startswith("|"):
                    self.assertEqual(len(re.findall(r"(?<!\\)\|", lines[j])), want, lines[j])
                    j += 1
        return True

    def test_escaping(self):
        with odd_tree() as d:
            code, out, err = dc("--rules", "rules", "--format", "markdown", "src", cwd=d)
            self.assertEqual(code, 1, err)
            md = out.decode("utf-8")  # strict: invalid bytes must have been replaced
            self.assertNotIn("<script>", md)
            self.assertNotIn("<b>", md)
            self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", md)
            self.assertIn("Message \\| with <code>code&#124;span</code>", md)
            self.assertIn("\\[link\\](x) \\*em\\*", md)
            self.assertIn("&lt;b&gt;tag&lt;/b&gt; &amp; amp", md)
            # the path: link text quoted as git quotes paths (it has a `"`) and as entities,
            # link target percent-encoded
            self.assertIn("[<code>\"src/odd&#124;dir/a&#96;b&lt;c&gt;&amp;d'e&#92;\".py\":1</code>]"
                          "(src/odd%7Cdir/a%60b%3Cc%3E%26d%27e%22.py#L1)", md)

    def test_size_is_capped_for_big_runs(self):
        files = {f"pkg{i % 7}/mod_{i:04d}.py": PY_GET + "\n" + PY_EXECUTE.split("\n", 3)[3] + "# padding " * 30 + "\n"
                 for i in range(400)}
        with Tree(files) as d:
            code, out, err = dc("--format", "markdown", ".", cwd=d)
            self.assertEqual(code, 1, err)
            md = out.decode("utf-8")
            self.assertLessEqual(len(out), 60 * 1024, "a PR comment must stay under GitHub's 65,536 characters")
            self.assertRegex(md, r"- \.\.\. and \d+ more")
            self.assertRegex(md, r"\.\.\. and \d+ more files: run `dcmigrate --diff`")
            self.assertEqual(len(re.findall(r"^```", md, re.M)) % 2, 0, "unbalanced code fences")
            self.assertEqual(md.count("<details>"), md.count("</details>"))
            self.assertTrue(md.rstrip("\n").splitlines()[-1].startswith("<sub>dcmigrate"))

    def test_fence_is_longer_than_backticks_in_the_diff(self):
        src = PY_GET.replace('user_id="u1"', 'user_id="```"')
        with Tree({"a.py": src}) as d:
            md = dc("--format", "markdown", ".", cwd=d)[1].decode("utf-8")
            self.assertIn("````diff\n", md)


class TestHtml(unittest.TestCase):
    def test_structure_and_progress_match_json(self):
        doc = example_json()
        page = dc("--format", "html", EXAMPLE)[1].decode("utf-8")
        p = parse_html(page)
        ids = {a.get("id") for _, a in p.tags if a.get("id")}
        for i in ("totals", "overall", "progress", "progress-chart", "rules", "findings", "filters", "filter-rule"):
            self.assertIn(i, ids)
        findings = [a for t, a in p.tags if t == "article"]
        self.assertEqual(len(findings), len(doc["findings"]))
        self.assertEqual({a["data-rule"] for a in findings}, set(doc["summary"]["by_rule"]))
        done, manual = expected_progress(doc)
        overall = next(a["aria-label"] for t, a in p.tags if t == "div" and a.get("aria-label", "").startswith("All files"))
        self.assertEqual(overall, f"All files: {doc['summary']['already_migrated']} already on sessions, "
                                  f"{done - doc['summary']['already_migrated']} fixable, {manual} manual")
        self.assertIn(f"<strong>{done * 100 // (done + manual)}%</strong>", page)
        self.assertEqual(set(t for t, _ in p.tags) - HTML_TAGS, set())

    def test_escaping_and_invalid_utf8(self):
        with odd_tree() as d:
            code, out, err = dc("--rules", "rules", "--format", "html", "src", cwd=d)
            self.assertEqual(code, 1, err)
            page = out.decode("utf-8")  # strict
            p = parse_html(page)
            self.assertEqual(set(t for t, _ in p.tags) - HTML_TAGS, set(), "text from the run became markup")
            self.assertEqual(sum(1 for t, _ in p.tags if t == "script"), 2, "only the report's own scripts")
            text = "".join(p.text)
            self.assertIn("Message | with code|span and <script>alert(1)</script> & \"quotes\" 'apos'", text)
            self.assertIn(f"src/{ODD_DIR}/{ODD_FILE}:1:1", text)
            self.assertIn("caf\ufffd <b> | `x`", text)
            self.assertIn("Note <b>bold</b> & stuff | pipe", text)
            self.assertIn("&#39;apos&#39;", page)
            self.assertIn("&quot;quotes&quot;", page)
            art = next(a for t, a in p.tags if t == "article")
            self.assertEqual((art["data-rule"], art["data-fix"]), ("odd-rule", "none"))

    def assert_self_contained(self, page):
        self.assertNotRegex(page, r"(?i)<link\b", "no <link> (stylesheets, fonts, icons)")
        self.assertNotRegex(page, r"(?i)<script[^>]*\bsrc\s*=", "no <script src>")
        self.assertNotRegex(page, r"(?i)\b(src|href|action|srcset|poster)\s*=\s*[\"']?\s*(https?:|//)")
        self.assertNotRegex(page, r"(?i)@import|url\(\s*[\"']?\s*(https?:|//)")
        self.assertNotRegex(page, r"(?i)<(img|iframe|object|embed|video|audio|source)\b")

    def test_no_external_references(self):
        self.assert_self_contained(dc("--format", "html", EXAMPLE)[1].decode("utf-8"))
        with odd_tree() as d:
            self.assert_self_contained(dc("--rules", "rules", "--format", "html", "src", cwd=d)[1].decode("utf-8"))

    def test_chart_groups_by_directory_below_the_common_prefix(self):
        files = {"proj/app/a.py": PY_GET, "proj/app/migrated.py": PY_MIGRATED, "proj/lib/x/b.py": PY_EXECUTE,
                 "proj/top.py": "print('hi')\n"}
        with Tree(files) as d:
            for target, prefix in (("proj", "proj/"), (os.path.join(d, "proj"), os.path.join(d, "proj") + "/")):
                page = dc("--format", "html", target, cwd=d)[1].decode("utf-8")
                p = parse_html(page)
                chart = [a["aria-label"] for t, a in p.tags if t == "div" and a.get("class") == "bar"]
                self.assertEqual(chart, ["app/: 2 already on sessions, 1 fixable, 0 manual",
                                         "lib/: 0 already on sessions, 0 fixable, 1 manual",
                                         "top-level files: 0 already on sessions, 0 fixable, 0 manual"])
                self.assertIn(f"Directories under <code>{prefix}</code>", page)
            md = dc("--format", "markdown", "proj", cwd=d)[1].decode("utf-8")
            self.assertIn("**Progress: 3 sites migrated or fixable, 1 manual (75%)**", md)

    def test_output_format_writes_the_same_reports(self):
        with tempfile.TemporaryDirectory() as d:
            md, page = os.path.join(d, "r.md"), os.path.join(d, "r.html")
            code, out, err = dc("--output-format", f"markdown:{md}", "--output-format", f"html:{page}", EXAMPLE)
            self.assertEqual(code, 1, err)
            with open(md, "rb") as f:
                self.assertEqual(f.read(), dc("--format", "markdown", EXAMPLE)[1])
            with open(page, "rb") as f:
                self.assertEqual(f.read(), dc("--format", "html", EXAMPLE)[1])

    def test_no_findings(self):
        with Tree({"a.py": "print('hi')\n"}) as d:
            code, out, _ = dc("--format", "html", ".", cwd=d)
            self.assertEqual(code, 0)
            self.assertIn("No findings", out.decode())
            code, out, _ = dc("--format", "markdown", ".", cwd=d)
            self.assertIn("**Progress: 0 sites migrated or fixable, 0 manual (100%)**", out.decode())


class TestBrowser(unittest.TestCase):
    """The example's report in a real browser: content, filters, no console errors, a screenshot."""

    def render(self, html_path, *extra):
        if not os.path.exists(CHROMIUM):
            msg = (f"SKIPPED: {CHROMIUM} is not installed, so the HTML report was NOT checked in a browser. "
                   "Install it with: apt-get install -y --no-install-recommends chromium fonts-liberation")
            SKIPS.append(msg)
            self.skipTest(msg)
        node = shutil.which("node")
        self.assertIsNotNone(node, "node is needed for the browser test (scripts/bootstrap installs it)")
        self.assertTrue(os.path.isdir(os.path.join(ROOT, "node_modules", "playwright-core")),
                        "playwright-core is missing: run npm ci --ignore-scripts")
        p = subprocess.run([node, RENDER, "--html", html_path, "--chromium", CHROMIUM, *extra], cwd=ROOT,
                           capture_output=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr.decode("utf-8", "replace"))
        return json.loads(p.stdout)

    def test_example_report_in_chromium(self):
        doc = example_json()
        by_rule = doc["summary"]["by_rule"]
        rule = max(sorted(by_rule), key=lambda r: by_rule[r])
        _, diff, _ = dc("--diff", EXAMPLE)
        changed = [l for l in diff.decode().splitlines() if l[:1] in "+-" and l[:3] not in ("+++", "---")]
        with tempfile.TemporaryDirectory() as d:
            page, shot = os.path.join(d, "report.html"), os.path.join(d, "report.png")
            with open(page, "wb") as f:
                f.write(dc("--format", "html", EXAMPLE)[1])
            r = self.render(page, "--rule", rule, "--screenshot", shot, "--height", "1700")
            self.assertEqual([m for m in r["console"] if m["type"] in ("error", "warning")], [])
            self.assertEqual(r["pageErrors"], [])
            self.assertEqual(r["requests"], [], "the report must not fetch anything")
            s = doc["summary"]
            self.assertIn(f"{s['files_scanned']}\nfiles scanned", r["totalsText"])
            self.assertIn(f"{s['findings']}\nfindings", r["totalsText"])
            self.assertIsNotNone(r["chart"], "#progress-chart missing")
            self.assertGreaterEqual(r["chart"]["rows"], 1)
            self.assertGreater(r["chart"]["width"], 600)
            self.assertEqual(r["findings"], s["findings"])
            self.assertIn(rule, r["ruleOptions"])
            self.assertIn(changed[0], r["diffAdded"] + r["diffDeleted"])
            self.assertTrue(r["filtersVisible"])
            self.assertLessEqual(r["scrollWidth"], 1280, "no horizontal scrolling at 1280px")
            flt = r["filter"]
            for how in ("bySelect", "byBadge"):
                self.assertEqual(flt[how]["rules"], [rule], how)
                self.assertEqual(flt[how]["visible"], by_rule[rule], how)
                self.assertEqual(flt[how]["countText"], f"{by_rule[rule]} of {s['findings']} findings shown")
            self.assertEqual(flt["selectValue"], rule)
            self.assertEqual(flt["afterReset"]["visible"], s["findings"])
            self.assertEqual(flt["noInfo"], 0)
            with open(shot, "rb") as f:
                self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
            if UPDATE:
                os.makedirs(os.path.dirname(SCREENSHOT), exist_ok=True)
                shutil.copyfile(shot, SCREENSHOT)

    def test_without_javascript_everything_is_visible(self):
        with tempfile.TemporaryDirectory() as d:
            page = os.path.join(d, "report.html")
            with open(page, "wb") as f:
                f.write(dc("--format", "html", EXAMPLE)[1])
            r = self.render(page, "--nojs", "1")
            self.assertFalse(r["filtersVisible"], "filters do nothing without JS: hide them")
            self.assertEqual(r["findings"], example_json()["summary"]["findings"])
            self.assertIn("Migration progress by directory", r["bodyText"])


def main():
    global UPDATE
    a = testlib.parse_args(globals(), lambda ap: ap.add_argument(
        "--update", action="store_true", help="rewrite the goldens (and docs/report-example.png)"))
    UPDATE = a.update

    def summary(res):
        for msg in sorted(set(SKIPS)):
            print("\n" + "!" * 100 + f"\n!! {msg}\n" + "!" * 100, file=sys.stderr)
        if UPDATE:
            print(f"updated {os.path.relpath(GOLDEN, ROOT)}/" + (" and docs/report-example.png" if not SKIPS else ""))
    return testlib.run_cases((TestGoldens, TestMarkdown, TestHtml, TestBrowser), a, summary=summary)


if __name__ == "__main__":
    sys.exit(main())
