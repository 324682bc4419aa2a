#!/usr/bin/env python3
"""Auth configs carried into sessions (ctest: test_auth_configs; issue 15 item 4): where each
carried id came from in the finding's message (a file:line, the config file's line, or
--auth-config), precedence (the command line above the config above the code), the unsafe fix's
reason naming both ids of an ambiguous toolkit with their places, and the project-wide map
(cli/authphase.h): ids from other modules and .env files, whichever order the files come in,
the same for any -j, under --fix (read before the scan) as under --diff (planned again), and
through --write-facts / --facts / --shard. The fixed text of single files is in the golden
fixtures (tests/fixtures/*/pos_fix_auth_*); this checks what the goldens do not show."""
import json
import os
import sys
import unittest

import testlib
from testlib import Tree

BIN = None

PY = ('from devcaster import Devcaster\n'
      'dc = Devcaster()\n'
      'GITHUB_AUTH_CONFIG_ID = "ac_code_gh"\n'
      'def f(uid):\n'
      '    return dc.tools.get(uid, toolkits=["GITHUB"])\n')


def dcm(*args, cwd):
    return testlib.run(BIN, *args, cwd=cwd)


def run(*args, cwd):
    sel = () if "." in args else ("--select", "tools-get")
    return json.loads(testlib.run(BIN, "--format", "json", *sel, *args, cwd=cwd)[1])["findings"]


def edits(f):
    return "".join(e["content"] for e in f["fix"]["edits"])


class TestProvenance(unittest.TestCase):
    def test_code_fact_names_its_line(self):
        with Tree({"app.py": PY}) as d:
            (f,) = run("app.py", cwd=d)
            self.assertIn("auth configs carried into the session: github=ac_code_gh (app.py:3)", f["message"])
            self.assertEqual(f["fix"]["applicability"], "safe")
            self.assertIn('"github": "ac_code_gh"', edits(f))

    def test_config_file_wins_over_code_and_names_its_line(self):
        cfg = "sdk: devcaster\nauth_configs:\n  ac_cfg_gh: github\n"
        with Tree({".dcmigrate.yml": cfg, "app.py": PY}) as d:
            (f,) = run("app.py", cwd=d)
            self.assertIn("github=ac_cfg_gh (", f["message"])
            self.assertIn(".dcmigrate.yml:3)", f["message"])
            self.assertEqual(f["fix"]["applicability"], "safe")  # explicit wins: not ambiguous
            self.assertNotIn("ac_code_gh", edits(f))

    def test_command_line_wins_over_config(self):
        cfg = "auth_configs: {ac_cfg_gh: github}\n"
        with Tree({".dcmigrate.yml": cfg, "app.py": PY}) as d:
            (f,) = run("--auth-config", "ac_flag_gh=GITHUB", "app.py", cwd=d)
            self.assertIn("github=ac_flag_gh (--auth-config)", f["message"])
            self.assertIn('"github": "ac_flag_gh"', edits(f))

    def test_two_explicit_ids_for_one_toolkit_are_ambiguous(self):
        with Tree({"app.py": PY}) as d:
            (f,) = run("--auth-config", "ac_a=github", "--auth-config", "ac_b=github", "app.py", cwd=d)
            self.assertEqual(f["fix"]["applicability"], "unsafe")
            self.assertIn("github has two auth configs, ac_a (--auth-config) and ac_b (--auth-config)",
                          f["fix"]["message"])


class TestAmbiguity(unittest.TestCase):
    def test_reason_names_both_ids_and_places(self):
        src = PY + 'AUTH_CONFIGS = {"github": "ac_other_gh"}\n'
        with Tree({"app.py": src}) as d:
            (f,) = run("app.py", cwd=d)
            self.assertEqual(f["fix"]["applicability"], "unsafe")
            self.assertEqual(f["fix"]["message"],
                             "github has two auth configs, ac_code_gh (app.py:3) and ac_other_gh (app.py:6): "
                             "the session leaves it out; add the right one to auth_configs")
            self.assertNotIn("ac_code_gh", edits(f))
            self.assertNotIn("ac_other_gh", edits(f))
            # without --unsafe-fixes nothing is applied
            code, _, _ = dcm("--fix", "--select", "tools-get", "app.py", cwd=d)
            self.assertIn(b"tools.get", testlib.read(os.path.join(d, "app.py")))
            self.assertEqual(code, 1)

    def test_the_same_id_twice_is_not_ambiguous(self):
        src = PY + 'AUTH_CONFIGS = {"github": "ac_code_gh"}\n'
        with Tree({"app.py": src}) as d:
            (f,) = run("app.py", cwd=d)
            self.assertEqual(f["fix"]["applicability"], "safe")
            self.assertIn("github=ac_code_gh (app.py:3)", f["message"])  # the first place


APP = ('from devcaster import Devcaster\n'
       'dc = Devcaster()\n'
       'def tools_for(uid):\n'
       '    return dc.tools.get(uid, toolkits=["GITHUB", "SLACK"])\n'
       'def connect(uid):\n'
       '    return dc.connected_accounts.link(uid, "ac_gh_main")\n')
# after app/app.py in the sorted file list, and no SDK name in it: read all the same
CONSTANTS = 'GITHUB_AUTH_CONFIG_ID = "ac_gh_main"\nHVAC_MODE = "ac_cool"\n'
ENV = "SLACK_AUTH_CONFIG_ID=ac_slack_main\n"


class TestProject(unittest.TestCase):
    def tree(self, **extra):
        files = {"app/app.py": APP, "app/zconfig.py": CONSTANTS, ".env": ENV}
        files.update(extra)
        return Tree(files)

    def test_ids_from_other_files_in_any_order_and_any_jobs(self):
        with self.tree() as d:
            f1 = run("-j", "1", ".", cwd=d)
            f4 = run("-j", "4", ".", cwd=d)
            self.assertEqual(f1, f4)
            get, link = f1
            self.assertIn("auth configs carried into the session: github=ac_gh_main (app/zconfig.py:1), "
                          "slack=ac_slack_main (.env:1)", get["message"])
            self.assertEqual(get["fix"]["applicability"], "safe")
            self.assertIn('auth_configs={"github": "ac_gh_main", "slack": "ac_slack_main"}', edits(get))
            # the link's id is proven to be github's: fixable, and safe
            self.assertIn("ac_gh_main is the github auth config (app/zconfig.py:1)", link["message"])
            self.assertEqual(link["fix"]["applicability"], "safe")
            self.assertNotIn("ac_cool", edits(get))

    def test_fix_reads_the_facts_first_and_equals_the_diff(self):
        with self.tree() as d:
            code, diff, _ = dcm("--diff", ".", cwd=d)
            self.assertEqual(code, 1)
            self.assertIn('+        auth_configs={"github": "ac_gh_main", "slack": "ac_slack_main"},', diff)
            code, _, err = dcm("--fix", ".", cwd=d)
            self.assertEqual(code, 0, err)
            fixed = open(os.path.join(d, "app/app.py")).read()
            self.assertIn('auth_configs={"github": "ac_gh_main", "slack": "ac_slack_main"}', fixed)
            self.assertIn('session = dc.create(user_id=uid, auth_configs={"github": "ac_gh_main"})', fixed)

    def test_ambiguity_across_files_names_both_places(self):
        with self.tree(**{".env.production": "GITHUB_AUTH_CONFIG_ID=ac_gh_prod\n"}) as d:
            get, link = run(".", cwd=d)
            self.assertEqual(get["fix"]["applicability"], "unsafe")
            self.assertEqual(get["fix"]["message"],
                             "github has two auth configs, ac_gh_prod (.env.production:1) and ac_gh_main "
                             "(app/zconfig.py:1): the session leaves it out; add the right one to auth_configs")
            self.assertIn("slack=ac_slack_main (.env:1)", get["message"])
            self.assertNotIn('"github": ', edits(get))
            # the link's id is one of the two, and both say github: still proven
            self.assertEqual(link["fix"]["applicability"], "safe")

    def test_explicit_entry_settles_ambiguity(self):
        with self.tree(**{".env.production": "GITHUB_AUTH_CONFIG_ID=ac_gh_prod\n"}) as d:
            get, _ = run("--auth-config", "ac_gh_prod=github", ".", cwd=d)
            self.assertEqual(get["fix"]["applicability"], "safe")
            self.assertIn("github=ac_gh_prod (--auth-config)", get["message"])

    def test_facts_file_and_shards(self):
        with self.tree() as d:
            whole = run(".", cwd=d)
            code, _, err = dcm("--write-facts", "facts.json", ".", cwd=d)
            self.assertEqual(code, 0, err)
            doc = json.load(open(os.path.join(d, "facts.json")))
            self.assertEqual(sorted((a["path"], a["toolkit"], a["kind"]) for a in doc["auth_configs"]),
                             [(".env", "slack", "ENV"), ("app/zconfig.py", "github", "NAME")])
            shards = []
            for i in (1, 2, 3):
                shards += run("--facts", "facts.json", "--shard", f"{i}/3", ".", cwd=d)
            self.assertEqual(sorted(json.dumps(f, sort_keys=True) for f in shards),
                             sorted(json.dumps(f, sort_keys=True) for f in whole))

    def test_broken_facts_file_entry_is_an_error_and_the_run_goes_on(self):
        with self.tree() as d:
            with open(os.path.join(d, "facts.json"), "w") as f:
                json.dump({"tool": "dcmigrate", "facts_version": 1, "files": [],
                           "auth_configs": [{"toolkit": "github"}]}, f)
            code, out, err = dcm("--format", "json", "--facts", "facts.json", ".", cwd=d)
            self.assertEqual(code, 2)
            self.assertIn("facts.json: facts file: auth_configs[0] is not an auth config fact", err)
            self.assertEqual(len(json.loads(out)["findings"]), 2)


TS_USE = ('import {{ dc }} from "./client";\n'
          'export async function t{i}(userId: string) {{\n'
          '  return await dc.tools.get(userId, {{ toolkits: ["GITHUB", "SLACK", "NOTION"] }});\n'
          '}}\n')
PY_LOCAL = ('from devcaster import Devcaster\n'
            'dc = Devcaster()\n'
            'def t{i}(uid):\n'
            '    return dc.tools.get(uid, toolkits=["GITHUB", "SLACK", "NOTION"])\n')
PY_USE = ('from pkg.client import dc\n'
          'def t{i}(uid):\n'
          '    return dc.tools.get(uid, toolkits=["GITHUB", "SLACK", "NOTION"])\n')


class TestDeterminism(unittest.TestCase):
    """The auth results are the same bytes for any -j: 60 consumers of both languages around the
    modules and .env files that prove the ids (sorted first, in the middle and last), with one
    toolkit (notion) ambiguous, so some workers plan a file before the facts it needs are read.
    Consumers of an imported client wait for the project's facts anyway; a file with a client of
    its own (every third Python file) is planned at once, and again once the auth configs are whole."""

    def files(self):
        files = {"pkg/__init__.py": "", "pkg/client.py": "from devcaster import Devcaster\ndc = Devcaster()\n",
                 "src/client.ts": 'import { Devcaster } from "@devcaster/core";\nexport const dc = new Devcaster();\n',
                 "a_first/auth.py": 'GITHUB_AUTH_CONFIG_ID = "ac_gh_1"\n',
                 "m_middle/auth.ts": 'export const authConfigs = { notion: "ac_notion_a" };\n',
                 "z_last/.env.local": "SLACK_AUTH_CONFIG_ID=ac_slack_1\nNOTION_AUTH_CONFIG_ID=ac_notion_b\n"}
        for i in range(30):
            files[f"pkg/use{i:02d}.py"] = (PY_LOCAL if i % 3 == 0 else PY_USE).format(i=i)
            files[f"src/use{i:02d}.ts"] = TS_USE.format(i=i)
        return files

    def outputs(self, jobs):
        with Tree(self.files()) as d:
            rep = dcm("--format", "json", "-j", str(jobs), ".", cwd=d)
            diff = dcm("--diff", "--unsafe-fixes", "-j", str(jobs), ".", cwd=d)
            dcm("--write-facts", "facts.json", "-j", str(jobs), ".", cwd=d)
            facts = json.load(open(os.path.join(d, "facts.json")))["auth_configs"]
            os.remove(os.path.join(d, "facts.json"))
            dcm("--fix", "--unsafe-fixes", "-j", str(jobs), ".", cwd=d)
            fixed = {n: open(os.path.join(d, n)).read() for n in self.files()}
            return rep, diff, facts, fixed

    def test_j1_equals_j2(self):
        one, two = self.outputs(1), self.outputs(2)
        for name, a, b in zip(("report", "--diff", "--write-facts", "--fix"), one, two):
            self.assertEqual(a, b, name)
        findings = json.loads(one[0][1])["findings"]
        self.assertEqual(len(findings), 60)
        for f in findings:
            self.assertIn("github=ac_gh_1 (a_first/auth.py:1), slack=ac_slack_1 (z_last/.env.local:1)", f["message"])
            self.assertEqual(f["fix"]["applicability"], "unsafe")
            self.assertIn("notion has two auth configs, ac_notion_a (m_middle/auth.ts:1) and ac_notion_b "
                          "(z_last/.env.local:2)", f["fix"]["message"])
        self.assertEqual(one[3]["src/use07.ts"].count('authConfigs: { github: "ac_gh_1", slack: "ac_slack_1" }'), 1)
        self.assertIn('auth_configs={"github": "ac_gh_1", "slack": "ac_slack_1"}', one[3]["pkg/use29.py"])


def main():
    return testlib.main(globals(), (TestProvenance, TestAmbiguity, TestProject, TestDeterminism))


if __name__ == "__main__":
    sys.exit(main())
