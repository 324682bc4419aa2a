#!/usr/bin/env python3
"""GitHub Action (ctest: test_channel_action; issue 18): action.yml's steps are run as GitHub
runs a composite action: its inputs (with their defaults) and the `github.*` values substituted
into each `run` step's env and script, the step run with `bash -e` and the variables a runner sets
(GITHUB_WORKSPACE, RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP, RUNNER_TOOL_CACHE, GITHUB_OUTPUT,
GITHUB_PATH, GITHUB_ACTION_PATH). The "release" it downloads is a local directory made by
packaging/pack.py tarball + a SHA256SUMS (a file:// release-url): no network. Checked: findings
fail the step with annotations, fail-on and baseline gate, SARIF is written and handed to the
upload step, the binary is cached and put on PATH; an unsupported runner, a missing release and a
tampered download fail clearly (exit 2, an ::error:: line)."""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import yaml

import channels
import testlib

BIN = None
TMP = RELEASE = None
ACTION = None


def setUpModule():
    global TMP, RELEASE, ACTION
    TMP = tempfile.mkdtemp(prefix="dc-action-")
    RELEASE = os.path.join(TMP, "release", "v" + channels.VERSION)
    (tarball,) = channels.pack("tarball", BIN, RELEASE)
    with open(tarball, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    with open(os.path.join(RELEASE, "SHA256SUMS"), "w") as f:
        f.write(f"{digest}  {os.path.basename(tarball)}\n")
    with open(os.path.join(channels.ROOT, "action.yml")) as f:
        ACTION = yaml.safe_load(f)


def tearDownModule():
    shutil.rmtree(TMP)


class Runner:
    """One job on a fresh runner: a workspace with the sample project, empty temp and tool cache."""

    def __init__(self, name, os_="Linux", arch="X64"):
        self.dir = os.path.join(TMP, name)
        self.workspace = channels.write_tree(os.path.join(self.dir, "ws"), channels.SAMPLE)
        for d in ("temp", "toolcache"):
            os.makedirs(os.path.join(self.dir, d))
        self.output = os.path.join(self.dir, "output")
        self.path = os.path.join(self.dir, "path")
        self.env = {"PATH": "/usr/bin:/bin", "HOME": self.dir, "GITHUB_ACTIONS": "true", "CI": "true",
                    "GITHUB_WORKSPACE": self.workspace, "RUNNER_OS": os_, "RUNNER_ARCH": arch,
                    "RUNNER_TEMP": os.path.join(self.dir, "temp"),
                    "RUNNER_TOOL_CACHE": os.path.join(self.dir, "toolcache"),
                    "GITHUB_OUTPUT": self.output, "GITHUB_PATH": self.path,
                    "GITHUB_ACTION_PATH": channels.ROOT, "NO_COLOR": "1"}

    def expr(self, text, inputs, outputs):
        def value(m):
            e = m.group(1).strip()
            if e.startswith("inputs."):
                return inputs[e[len("inputs."):]]
            if e.startswith("steps.run.outputs."):
                return outputs.get(e[len("steps.run.outputs."):], "")
            return {"github.action_path": channels.ROOT, "github.action_repository": "example/dcmigrate"}[e]
        return re.sub(r"\$\{\{(.*?)\}\}", value, str(text))

    @staticmethod
    def condition(text, inputs, outputs):
        """The `if:` of a step: terms joined by &&, each always(), `X == 'v'` or `X != 'v'`."""
        text = re.fullmatch(r"\$\{\{(.*)\}\}", text.strip()).group(1)
        ok = True
        for term in text.split("&&"):
            term = term.strip()
            if term == "always()":
                continue
            left, op, right = re.fullmatch(r"(\S+) (==|!=) '(.*)'", term).groups()
            value = inputs[left[7:]] if left.startswith("inputs.") else outputs.get(left[len("steps.run.outputs."):], "")
            ok = ok and ((value == right) == (op == "=="))
        return ok

    def run(self, **given):
        """Runs the action's steps; returns (exit code, stdout, outputs, the upload step's `with`)."""
        inputs = {k: str(v.get("default", "")) for k, v in ACTION["inputs"].items()}
        unknown = set(given) - set(inputs)
        assert not unknown, unknown
        inputs.update({k: str(v) for k, v in given.items()})
        for f in (self.output, self.path):
            open(f, "w").close()
        code, stdout, outputs, upload = 0, "", {}, None
        for step in ACTION["runs"]["steps"]:
            if "run" in step:
                env = dict(self.env, **{k: self.expr(v, inputs, outputs) for k, v in step.get("env", {}).items()})
                script = os.path.join(self.dir, "step.sh")
                with open(script, "w") as f:
                    f.write(self.expr(step["run"], inputs, outputs))
                p = subprocess.run(["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", script],
                                   cwd=self.workspace, env=env, capture_output=True, text=True)
                code, stdout = p.returncode, p.stdout + p.stderr
                with open(self.output) as f:
                    outputs = dict(line.rstrip("\n").split("=", 1) for line in f if "=" in line)
            else:
                assert step["uses"].startswith("github/codeql-action/upload-sarif@"), step
                if self.condition(step["if"], inputs, outputs):
                    upload = {k: self.expr(v, inputs, outputs) for k, v in step["with"].items()}
        return code, stdout, outputs, upload


def release_url():
    return "file://" + os.path.dirname(RELEASE) + "/v{version}"


class TestAction(unittest.TestCase):
    def test_findings_fail_the_step_with_annotations_and_sarif(self):
        r = Runner("gate")
        code, log, outputs, upload = r.run(**{"release-url": release_url(), "sarif": "true", "paths": "src .env"})
        self.assertEqual(code, 1, log)
        self.assertIn("::warning file=src/app.py,line=4", log)
        self.assertIn("::warning file=.env,line=1", log)
        self.assertEqual(outputs["exit-code"], "1")
        self.assertEqual(outputs["version"], channels.VERSION)
        sarif_path = os.path.join(r.workspace, "dcmigrate.sarif")
        self.assertEqual(outputs["sarif-file"], sarif_path)
        self.assertEqual(upload, {"sarif_file": sarif_path, "category": "dcmigrate"})
        with open(sarif_path) as f:
            sarif = json.load(f)
        self.assertEqual(sarif["version"], "2.1.0")
        rules = sorted(res["ruleId"] for res in sarif["runs"][0]["results"])
        self.assertEqual(rules, ["toolkit-version-env", "tools-get"])
        with open(r.path) as f:
            path_dir = f.read().strip()
        self.assertTrue(path_dir.startswith(r.env["RUNNER_TOOL_CACHE"]))
        self.assertEqual(subprocess.run([os.path.join(path_dir, "dcmigrate"), "--version"], capture_output=True,
                                        text=True).stdout, f"dcmigrate {channels.VERSION}\n")

    def test_default_paths_respect_the_config(self):
        code, log, outputs, upload = Runner("defaults").run(**{"release-url": release_url(), "format": "json"})
        self.assertEqual(code, 1, log)
        self.assertEqual(channels.findings(log[log.index("{"):log.rindex("}") + 1]), channels.SAMPLE_FINDINGS)
        self.assertIsNone(upload)  # sarif defaults to false

    def test_fail_on_and_baseline_gate(self):
        r = Runner("fail-on")
        code, log, outputs, _ = r.run(**{"release-url": release_url(), "fail-on": "error"})
        self.assertEqual((code, outputs["exit-code"]), (0, "0"), log)
        subprocess.run([BIN, "--write-baseline", "base.json", "."], cwd=r.workspace, check=True, capture_output=True)
        code, log, _, _ = r.run(**{"release-url": release_url(), "baseline": "base.json"})
        self.assertEqual(code, 0, log)

    def test_args_and_working_directory(self):
        r = Runner("args")
        code, log, _, _ = r.run(**{"release-url": release_url(), "working-directory": "src", "paths": "app.py",
                                   "format": "text", "args": "--diff --quiet"})
        self.assertEqual(code, 1, log)
        self.assertIn("+session = dc.create(user_id=\"u1\"", log)

    def test_cached_binary_reused_without_download(self):
        r = Runner("cache")
        self.assertEqual(r.run(**{"release-url": release_url()})[0], 1)
        code, log, _, _ = r.run(**{"release-url": "file:///nonexistent/v{version}"})
        self.assertEqual(code, 1, log)


class TestBadInput(unittest.TestCase):
    def assert_error(self, code, log, outputs, *words):
        self.assertEqual(code, 2, log)
        self.assertEqual(outputs.get("exit-code"), "2")
        self.assertRegex(log, r"(?m)^::error title=dcmigrate::")
        for w in words:
            self.assertIn(w, log)

    def test_unsupported_runner(self):
        code, log, outputs, _ = Runner("macos", "macOS", "ARM64").run(**{"release-url": release_url()})
        self.assert_error(code, log, outputs, "macOS/ARM64", "Linux/X64", "build from source")

    def test_version_not_released(self):
        code, log, outputs, _ = Runner("noversion").run(**{"release-url": release_url(), "version": "9.9.9"})
        self.assert_error(code, log, outputs, "cannot download", "9.9.9")

    def test_tampered_download(self):
        bad = shutil.copytree(os.path.dirname(RELEASE), os.path.join(TMP, "tampered"))
        name = f"dcmigrate-{channels.VERSION}-linux-x64-gnu.tar.gz"
        with open(os.path.join(bad, "v" + channels.VERSION, name), "ab") as f:
            f.write(b"\0")
        code, log, outputs, _ = Runner("tampered").run(**{"release-url": "file://" + bad + "/v{version}"})
        self.assert_error(code, log, outputs, "does not match its SHA256SUMS")


if __name__ == "__main__":
    sys.exit(testlib.main(globals(), [TestAction, TestBadInput]))
