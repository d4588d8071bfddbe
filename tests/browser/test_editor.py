"""The form editor in Chromium against a real Git repository (Decap CMS's decap-server, local Git backend).

A new school is created through the forms, its required sections are filled in and saved: each save
is a branch of the repository (editorial workflow: one merge request per change), which the test
merges as the project office would; then `plansite check` passes and `plansite build` lists the
school. axe-core finds no serious violation on the editor's forms.

Set PLANSITE_SCREENSHOTS to a folder (docs/img) to keep the screenshots the teachers' guide shows.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import _Quiet, _serve
from editorkit import node_modules
from sitekit import SITE, git_repo, make_site

REPO = Path(__file__).resolve().parents[2]
PROFILE = "editor-test"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout


def _plansite(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO), PLANSITE_PDF="off")
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=root, env=env, capture_output=True, check=False,
                          text=True, timeout=600)


def _site_repo(root: Path) -> Path:
    """A one-school site in a git repository, with the editor on and a profile asking for two sections
    (the demo's Foshan profile otherwise: the test fills in forms, not the whole plan)."""
    site = dict(SITE, profile=PROFILE, editor={"host": "gitlab", "repo": "jyj/liangan", "local_backend": True})
    make_site(root, site=site)
    (root / ".gitignore").write_text(".plansite-cache/\n", encoding="utf-8")
    profile = yaml.safe_load((REPO / "schemas" / "profiles" / "foshan.yml").read_text(encoding="utf-8"))
    profile.update(id=PROFILE, name="表单编辑器测试", required_sections={"plan": ["goals"], "training": ["calendar"]})
    (root / "schemas" / "profiles").mkdir(parents=True)
    (root / "schemas" / "profiles" / f"{PROFILE}.yml").write_text(
        yaml.safe_dump(profile, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return git_repo(root)


def _build(root: Path, out: Path, api_port: int) -> None:
    done = _plansite(root, "build", "--out", str(out), "--replace")
    assert done.returncode == 0, done.stdout + done.stderr
    path = out / "admin" / "config.json"
    config = json.loads(path.read_text(encoding="utf-8"))
    assert config["publish_mode"] == "editorial_workflow" and config["local_backend"] is True
    # decap-server listens on a free port here, not on its default 8081
    config["local_backend"] = {"url": f"http://localhost:{api_port}/api/v1"}
    path.write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def editor(browser, tmp_path):
    modules = node_modules()
    root = _site_repo(tmp_path / "repo")
    out = tmp_path / "site"
    api_port = _free_port()
    _build(root, out, api_port)
    server = subprocess.Popen(["node", str(modules / "decap-server" / "dist" / "index.js")],
                              env=dict(os.environ, PORT=str(api_port), GIT_REPO_DIRECTORY=str(root), MODE="git",
                                       LOG_LEVEL="error"),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.time() + 30
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", api_port)) == 0:
                break
        time.sleep(0.2)
    serving = _serve(_Quiet, out)
    url = next(serving).replace("127.0.0.1", "localhost")  # Decap talks to its local backend only from localhost
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.outside = []

    def guard(route):
        if route.request.url.startswith(("http://localhost:", "data:", "blob:")):
            return route.continue_()
        page.outside.append(route.request.url)
        return route.abort()
    page.route("**/*", guard)
    try:
        yield page, url + "/admin/", root, lambda: _build(root, out, api_port)
    finally:
        context.close()
        server.terminate()
        server.wait(timeout=10)
        next(serving, None)


def _shot(page, name: str) -> None:
    folder = os.environ.get("PLANSITE_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / name))


def _save(page) -> None:
    """Save a new entry: done when the editor has moved from …/new to the saved entry's address."""
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url(lambda url: not url.endswith("/new"), timeout=30000)
    page.get_by_text("修改已保存").wait_for(timeout=30000)


def _merge(root: Path) -> list[str]:
    """Merge every branch the editor opened, as the office merges the merge requests; gives their names."""
    branches = [b.strip() for b in _git(root, "branch", "--format=%(refname:short)").splitlines()
                if b.strip().startswith("cms/")]
    for branch in branches:
        _git(root, "merge", "--no-ff", "-q", "-m", f"合并 {branch}", branch)
        _git(root, "branch", "-D", branch)
    return branches


def _choose(page, label: str, value: str) -> None:
    page.get_by_label(label, exact=True).fill(value)
    page.keyboard.press("Enter")


def _open(page, admin: str, route: str) -> None:
    page.goto(admin + "#/" + route)
    page.locator("label").first.wait_for(timeout=30000)


def _new_row(page, admin: str, collection: str, rows: str) -> None:
    """A new file of the new school in one of its district's collections, with one row added to a list."""
    _open(page, admin, f"collections/{collection}/new")
    page.get_by_label("学校文件夹（填学校编号）").fill("new-school")
    page.get_by_role("button", name=f"新增{rows}").click()


def _violations(page) -> list:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [(v["id"], [n["target"] for n in v["nodes"]][:3])
            for v in results.response["violations"] if v["impact"] in ("critical", "serious")]


def test_a_new_school_filled_in_through_the_forms_passes_the_check_and_is_published(editor):
    page, admin, root, rebuild = editor
    page.goto(admin)
    page.get_by_role("button", name="登录").click()
    page.get_by_text("新建学校 · 一区").first.wait_for(timeout=30000)
    page.get_by_text("测试小学").last.wait_for(timeout=30000)
    page.wait_for_timeout(1500)
    _shot(page, "editor-collections.png")

    # 1. the school, in its district's "new school" collection
    _open(page, admin, "collections/new-d1/new")
    page.get_by_label("学校编号").fill("new-school")
    page.get_by_label("学校全称").fill("新建小学")
    _choose(page, "学段", "小学")
    _choose(page, "学校信息化应用模式", "智慧教育")
    page.get_by_label("教师人数 (可选)", exact=True).fill("36")
    _shot(page, "editor-new-school.png")
    assert _violations(page) == []
    _save(page)

    # 2. its plan and its training plan, in the district's two collections for new schools
    _new_row(page, admin, "new-d1-plan", "一年绩效目标")
    page.get_by_label("标题 (可选)", exact=True).last.fill("提升教师数据分析能力")
    page.get_by_label("正文 (可选)", exact=True).last.fill("全体教师完成 G4 能力点的研修。\n\n- 每人提交一份作业")
    _choose(page, "相关能力点代码 (可选)", "G4")
    _shot(page, "editor-plan-goal.png")
    assert _violations(page) == []
    _save(page)

    _new_row(page, admin, "new-d1-training", "校本研修计划")
    page.get_by_label("时间", exact=True).last.fill("2021 年 9 月上旬")
    page.get_by_label("内容", exact=True).last.fill("信息技术应用能力提升工程 2.0 动员会")
    page.get_by_label("学时 (可选)").last.fill("2")
    _save(page)

    # each save is a branch (a merge request); the office merges the new school's three together
    assert len(_merge(root)) == 3
    folder = root / "content" / "d1" / "new-school"
    school = yaml.safe_load((folder / "school.yml").read_text(encoding="utf-8"))
    # what was filled in; a list left empty is saved as [] (the editor's list widget), which check reads as none
    assert {k: v for k, v in school.items() if v != []} == {
        "id": "new-school", "name": "新建小学", "stage": "小学", "mode": "智慧教育", "teachers": 36}
    plan = yaml.safe_load((folder / "plan.yml").read_text(encoding="utf-8"))
    assert plan["goals"][0]["capabilities"] == ["G4"] and plan["goals"][0]["title"] == "提升教师数据分析能力"
    training = yaml.safe_load((folder / "training.yml").read_text(encoding="utf-8"))
    assert training["calendar"][0]["time"] == "2021 年 9 月上旬" and training["calendar"][0]["hours"] == 2

    check = _plansite(root, "check", "content/d1/new-school")
    assert check.returncode == 0, check.stdout + check.stderr
    rebuild()
    home = (root.parent / "site" / "index.html").read_text(encoding="utf-8")
    assert "新建小学" in home

    # 3. from now on the school edits its files in a collection of its own (the editor loaded again)
    page.goto("about:blank")
    _open(page, admin, "collections/school-d1-new-school/entries/plan")
    assert page.get_by_text("提升教师数据分析能力").count() >= 1
    assert page.outside == []
