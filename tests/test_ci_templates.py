"""The ready-to-copy CI files call plansite commands and options that exist."""

import re
import shlex
from pathlib import Path

import pytest
import yaml

from generator.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = [ROOT / "templates/ci/github-actions.yml", ROOT / "templates/ci/gitlab-ci.yml"]


def plansite_lines(path):
    text = path.read_text(encoding="utf-8")
    yaml.safe_load(text)  # the file itself is valid YAML
    for line in text.splitlines():
        found = re.search(r"\bplansite (check|build|review|serve|new|schema)\b[^|>&;]*", line)
        if found:
            yield found.group(0)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_every_plansite_call_parses(path):
    parser = build_parser()
    calls = list(plansite_lines(path))
    assert calls, "no plansite call found"
    for call in calls:
        words = [re.sub(r"\$\{\{[^}]*\}\}|\$\{?\w+\}?", "x", w) for w in shlex.split(call)[1:]]
        args = parser.parse_args(words)
        assert callable(args.run), call


def test_github_workflow_checks_changed_plans_with_annotations():
    flow = yaml.safe_load(TEMPLATES[0].read_text(encoding="utf-8"))
    steps = " ".join(str(s.get("run", "")) for s in flow["jobs"]["check"]["steps"])
    assert "--changed-since" in steps and "--format github" in steps and "plansite review" in steps


def test_gitlab_reports_code_quality():
    flow = yaml.safe_load(TEMPLATES[1].read_text(encoding="utf-8"))
    job = flow["plansite-check"]
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality.json"
    assert any("--format codeclimate" in line for line in job["script"])


def test_pre_commit_hook_definition():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hooks[0]["id"] == "plansite-check" and hooks[0]["entry"] == "plansite check"
    assert hooks[0]["language"] == "python"


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_plansite_is_installed_only_as_the_pinned_spec(path):
    from generator import __version__

    text = path.read_text(encoding="utf-8")
    installs = [line.strip() for line in text.splitlines()
                if "pip install" in line and not line.lstrip().startswith("#")]
    assert installs and all(line.endswith('pip install "$PLANSITE_SPEC"') for line in installs), installs
    specs = re.findall(r'^\s*PLANSITE_SPEC:\s*"([^"]*)"', text, re.M)
    assert specs == [f"plansite=={__version__}"]
    assert "pip install plansite" not in text
    assert text.startswith("# yaml-language-server: $schema=https://")


def test_full_review_summary_is_kept_as_an_artifact():
    flow = yaml.safe_load(TEMPLATES[0].read_text(encoding="utf-8"))
    steps = flow["jobs"]["check"]["steps"]
    review = next(s for s in steps if "plansite review" in str(s.get("run", "")))
    assert "--full plansite-review-full.md" in review["run"]
    upload = next(s for s in steps if s.get("with", {}).get("name") == "plansite-review")
    assert upload["uses"].startswith("actions/upload-artifact") and upload["if"] == "always()"
    gitlab = yaml.safe_load(TEMPLATES[1].read_text(encoding="utf-8"))["plansite-check"]
    assert "plansite-review-full.md" in gitlab["artifacts"]["paths"]
    assert any("--full plansite-review-full.md" in line for line in gitlab["script"])


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_the_merge_step_says_how_the_review_is_recorded(path):
    calls = [c for c in plansite_lines(path) if "--record" in c]
    assert calls and all("--body" in c for c in calls)
    args = build_parser().parse_args(shlex.split(calls[0])[1:])
    assert args.record == "通过" and args.body
