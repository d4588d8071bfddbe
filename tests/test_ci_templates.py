"""The ready-to-copy CI files call plansite commands and options that exist."""

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = [ROOT / "templates/ci/github-actions.yml", ROOT / "templates/ci/gitlab-ci.yml",
             ROOT / "templates/ci/gitea-actions.yml", ROOT / "templates/ci/github-actions-parts.yml",
             ROOT / "templates/ci/gitlab-ci-parts.yml"]
COMMENT = ROOT / "templates/ci/github-comment.yml"
INSTALL = ["pip install -r tools/requirements-deps.txt",
           "pip install --no-deps --require-hashes -r tools/requirements-ci.txt"]


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
def test_plansite_is_installed_only_from_the_hashed_wheel_after_its_pinned_dependencies(path):
    text = path.read_text(encoding="utf-8")
    installs = [line.strip().removeprefix("- ") for line in text.splitlines()
                if "pip install" in line and not line.lstrip().startswith("#")]
    assert installs and len(installs) % 2 == 0 and installs == INSTALL * (len(installs) // 2), installs
    assert "PLANSITE_SPEC" not in text and not re.search(r"pip install [\"']?plansite", text)
    assert text.startswith("# yaml-language-server: $schema=https://")


@pytest.mark.parametrize("path", [*TEMPLATES, COMMENT], ids=lambda p: p.name)
def test_templates_validate_against_the_hosts_schemas(path):
    pytest.importorskip("check_jsonschema")
    schema = "vendor.gitlab-ci" if path.name.startswith("gitlab-ci") else "vendor.github-workflows"
    done = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_pull_request_s_workflow_cannot_write_and_its_summary_goes_to_the_job_summary():
    flow = yaml.safe_load(TEMPLATES[0].read_text(encoding="utf-8"))
    check = flow["jobs"]["check"]
    assert flow["permissions"] == {"contents": "read"} and check["permissions"] == {"contents": "read"}
    runs = "\n".join(str(step.get("run", "")) for step in check["steps"])
    assert "gh " not in runs and "GITHUB_TOKEN" not in runs and "github.token" not in str(check)
    assert '>> "$GITHUB_STEP_SUMMARY"' in runs and "plansite-pr.txt" in runs
    build = next(step for step in check["steps"] if "plansite build" in str(step.get("run", "")))
    assert build["if"] == "always()"  # a failed check still gives its preview


def test_the_comment_workflow_posts_from_the_artifact_without_running_the_pull_request_s_code():
    flow = yaml.safe_load(COMMENT.read_text(encoding="utf-8"))
    assert flow[True]["workflow_run"] == {"workflows": ["plansite"], "types": ["completed"]}  # YAML 1.1: on → True
    job = flow["jobs"]["comment"]
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
    steps = job["steps"]
    assert not any("checkout" in step.get("uses", "") for step in steps)
    assert steps[0]["uses"].startswith("actions/download-artifact@") and steps[0]["with"]["name"] == "plansite-review"
    post = steps[1]["run"]
    assert "plansite" not in post.replace("plansite-pr.txt", "").replace("plansite-review.md", "")
    assert "*[!0-9]*" in post and "headRefOid" in post and "$HEAD_SHA" in post


def test_gitlab_posts_only_with_a_token_and_never_fails_on_posting():
    job = yaml.safe_load(TEMPLATES[1].read_text(encoding="utf-8"))["plansite-check"]
    post = next(line for line in job["script"] if "curl" in line)
    assert post.startswith('if [ -n "${PLANSITE_BOT_TOKEN:-}" ]; then')
    assert "|| echo" in post and job["script"][-1] == 'exit "${status:-0}"'
    assert "cat plansite-review.md" in job["script"]  # a fork's merge request: the summary is in the log


def test_full_review_summary_is_kept_as_an_artifact():
    flow = yaml.safe_load(TEMPLATES[0].read_text(encoding="utf-8"))
    steps = flow["jobs"]["check"]["steps"]
    review = next(s for s in steps if "plansite review" in str(s.get("run", "")))
    assert "--full plansite-review-full.md" in review["run"]
    upload = next(s for s in steps if s.get("with", {}).get("name") == "plansite-review")
    assert "plansite-review*.md" in upload["with"]["path"]
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


def test_the_first_push_is_not_red_for_a_pages_setting_nobody_mentioned():
    """actions/deploy-pages fails unless the repository's Pages source is GitHub Actions: the
    workflow and the README init writes say so before the first push to main."""
    github = (ROOT / "templates/ci/github-actions.yml").read_text(encoding="utf-8")
    readme = (ROOT / "templates/site/README.md").read_text(encoding="utf-8")
    for text in (github, readme):
        assert "Settings → Pages" in text and "GitHub Actions" in text
    assert "第一次推送" in readme


def test_the_guide_does_not_promise_a_preview_of_a_plan_with_errors(tmp_path):
    """build refuses a site with errors (one may be a phone number), so the CI's preview step makes
    nothing for a red check: docs/ci.md says so instead of promising a preview."""
    from sitekit import PLAN, fresh, make_site

    from generator.pipeline import build_site
    plan = fresh(PLAN)
    plan["problems"] = "联系电话 13812345678。"
    result = build_site(make_site(tmp_path / "s", plan=plan), tmp_path / "_site", cache=False)
    assert not result.ok and not (tmp_path / "_site").exists()
    guide = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    assert "检查失败时也生成" not in guide and "有错误时不生成预览" in guide


def test_the_published_build_takes_the_pages_address_so_its_404_page_finds_its_styles():
    """A project's Pages site lives under a path (org.github.io/plans/); pages link relatively, but
    404.html, served for any missing path, needs the address: the publishing jobs pass the host's."""
    github = yaml.safe_load((ROOT / "templates/ci/github-actions.yml").read_text(encoding="utf-8"))
    steps = github["jobs"]["publish"]["steps"]
    ids = [s.get("id") for s in steps]
    pages = steps[ids.index("pages")]
    assert pages["uses"].startswith("actions/configure-pages@")
    build = next(s["run"] for s in steps if "plansite build" in s.get("run", ""))
    assert '--base-url "${{ steps.pages.outputs.base_url }}"' in build
    assert ids.index("pages") < [i for i, s in enumerate(steps) if "plansite build" in s.get("run", "")][0]
    gitlab = yaml.safe_load((ROOT / "templates/ci/gitlab-ci.yml").read_text(encoding="utf-8"))
    assert 'plansite build --out public --base-url "${CI_PAGES_URL:-/}"' in gitlab["pages"]["script"]


GITHUB = [ROOT / "templates/ci/github-actions.yml", ROOT / "templates/ci/github-actions-parts.yml"]
GITLAB = [ROOT / "templates/ci/gitlab-ci.yml", ROOT / "templates/ci/gitlab-ci-parts.yml"]
SECRET = "${{ secrets.PLANSITE_CACHE_SECRET }}"


def steps_using(job, action):
    return [s for s in job.get("steps", []) if s.get("uses", "").startswith(action)]


@pytest.mark.parametrize("path", GITHUB, ids=lambda p: p.name)
def test_github_main_reads_and_writes_only_main_s_cache_with_a_secret_of_main_only(path):
    """Caches saved from a pull request's ref are not visible to main; the save step runs on main only;
    the key holds the plansite wheel's hash; the secret comes from the github-pages environment
    (main only) and only jobs on main, in that environment, see it."""
    flow = yaml.safe_load(path.read_text(encoding="utf-8"))
    jobs = flow["jobs"]
    assert not steps_using(jobs["check"], "actions/cache") and SECRET not in str(jobs["check"])
    saving = [job for job in jobs.values() if steps_using(job, "actions/cache/save")]
    assert saving
    for job in jobs.values():
        for step in steps_using(job, "actions/cache"):
            assert step["uses"].split("@")[0] in ("actions/cache/restore", "actions/cache/save")
            assert step["with"]["path"] == ".plansite-cache"
            assert "hashFiles('tools/requirements-*.txt')" in step["with"]["key"]
            if step["uses"].startswith("actions/cache/save"):
                assert step["if"] == "github.ref == 'refs/heads/main'"
        if SECRET in str(job) or steps_using(job, "actions/cache"):
            assert job["if"] == "github.event_name == 'push'" and job["environment"]["name"] == "github-pages"
    assert flow[True]["push"] == {"branches": ["main"]}


@pytest.mark.parametrize("path", GITLAB, ids=lambda p: p.name)
def test_gitlab_caches_per_branch_apart_from_merge_requests(path):
    flow = yaml.safe_load(path.read_text(encoding="utf-8"))
    cached = {name: job for name, job in flow.items() if isinstance(job, dict) and "cache" in job}
    assert "pages" in cached
    for name, job in flow.items():
        if not isinstance(job, dict) or "script" not in job:
            continue
        on_main = job["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
        if name in cached:
            cache = job["cache"]
            assert on_main, name  # a merge request's pipeline neither reads nor writes the cache
            assert "$CI_COMMIT_REF_SLUG" in cache["key"]["prefix"] and "tools/requirements-ci.txt" in cache["key"]["files"]
            assert cache["paths"] == [".plansite-cache/"] and cache["unprotect"] is False
    guide = (ROOT / "docs/ci.md").read_text(encoding="utf-8")
    assert "unprotect: false" in guide and "受保护" in guide


def test_the_matrix_variants_split_into_parts_and_merge_them():
    github = yaml.safe_load(GITHUB[1].read_text(encoding="utf-8"))["jobs"]
    parts = github["parts"]["strategy"]["matrix"]["part"]
    build = next(s["run"] for s in github["parts"]["steps"] if "plansite build" in s.get("run", ""))
    assert f'--part "${{{{ matrix.part }}}}/{len(parts)}"' in build and parts == list(range(1, len(parts) + 1))
    assert github["publish"]["needs"] == "parts"
    merge = next(s["run"] for s in github["publish"]["steps"] if "plansite build" in s.get("run", ""))
    assert "--merge parts/part-*" in merge
    (upload,) = (s["with"] for s in steps_using(github["parts"], "actions/upload-artifact"))
    (download,) = (s["with"] for s in steps_using(github["publish"], "actions/download-artifact"))
    assert upload["name"] == "part-${{ matrix.part }}" and download == {"pattern": "part-*", "path": "parts"}
    gitlab = yaml.safe_load(GITLAB[1].read_text(encoding="utf-8"))
    (matrix,) = gitlab["plansite-part"]["parallel"]["matrix"]
    n = len(matrix["PART"])
    assert matrix["PART"] == [f"{i}/{n}" for i in range(1, n + 1)]
    assert gitlab["plansite-part"]["cache"]["policy"] == "pull" and gitlab["pages"]["needs"] == ["plansite-part"]
    assert any("--merge part-*" in line for line in gitlab["pages"]["script"])


def run_line(line: str, env: dict, cwd: Path) -> int:
    from generator.cli import main
    words = [re.sub(r"\$\{\{ *matrix\.part *\}\}", env["part"], w) for w in shlex.split(line)]
    words = [re.sub(r"\$\{\{[^}]*\}\}|\$\{CI_PAGES_URL:-/\}", "/", w) for w in words]
    words = [re.sub(r"\$(\w+)", lambda m: env[m[1]], w) for w in words]
    expanded = []
    for w in words:
        expanded += sorted(str(p.relative_to(cwd)) for p in cwd.glob(w)) if "*" in w else [w]
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return main(expanded[1:])
    finally:
        os.chdir(old)


@pytest.mark.slow  # five builds for each host
@pytest.mark.parametrize("path", [GITHUB[1], GITLAB[1]], ids=lambda p: p.name)
def test_the_matrix_steps_as_written_make_the_one_machine_site(path, tmp_path, monkeypatch):
    """The parts' and the merge's plansite lines, run as the CI would (on one small site, some parts empty)."""
    from sitekit import make_site

    from generator.check import trust
    from generator.pipeline import build_site
    monkeypatch.setenv(trust.ENV, "main's secret")
    root = make_site(tmp_path / "site")
    assert build_site(root, tmp_path / "one", base_url="/").ok
    text = path.read_text(encoding="utf-8")
    lines = [m.group(0) for m in re.finditer(r"plansite build [^\n#]*", text) if "--part" in m.group(0)
             or "--merge part" in m.group(0) or "--merge parts" in m.group(0)]
    part_line = next(line for line in lines if "--part" in line)
    merge_line = next(line for line in lines if "--merge" in line)
    flow = yaml.safe_load(text)
    if "jobs" in flow:
        slices = [str(i) for i in flow["jobs"]["parts"]["strategy"]["matrix"]["part"]]
        envs = [{"part": i} for i in slices]
        for env in envs:
            shutil.rmtree(root / ".plansite-cache", ignore_errors=True)
            assert run_line(part_line, env, root) == 0
            (root / "parts").mkdir(exist_ok=True)
            shutil.move(root / f"part-{env['part']}", root / "parts" / f"part-{env['part']}")
    else:
        slices = flow["plansite-part"]["parallel"]["matrix"][0]["PART"]
        for i, spec in enumerate(slices, 1):
            shutil.rmtree(root / ".plansite-cache", ignore_errors=True)
            assert run_line(part_line, {"PART": spec, "CI_NODE_INDEX": str(i), "part": ""}, root) == 0
    shutil.rmtree(root / ".plansite-cache", ignore_errors=True)
    merge_line = merge_line.replace("--out _site", "--out out").replace("--out public", "--out out")
    assert run_line(merge_line, {"part": ""}, root) == 0
    files = lambda folder: {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert files(root / "out") == files(tmp_path / "one")
