"""The review summary is posted publicly: it masks what check masks, lists changes outside
content/, and no text of a plan can leave its code block (real git, temporary repositories)."""

from __future__ import annotations

import json
import subprocess

import pytest
from markdown_it import MarkdownIt
from privacy_corpus import CASES, leaked
from sitekit import PLAN, SCHOOL, dump, fresh, git_repo, make_site, school_dir

from generator.cli import main


def commit_all(root, message="改动"):
    for args in (["add", "-A"], ["commit", "-qm", message]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def run(capsys, *args):
    code = main(list(args))
    return code, capsys.readouterr().out


@pytest.fixture
def repo(tmp_path):
    return git_repo(make_site(tmp_path / "repo"), "初稿")


def _with_corpus(root):
    plan = fresh(PLAN)
    plan["problems"] = "\n\n".join(text for _, text, _ in CASES) + "\n"
    plan["tasks"][0]["text"] = "孙八 138**1234**5678"
    (school_dir(root) / "plan.yml").write_text(dump(plan), encoding="utf-8")
    school = dict(SCHOOL, name="测试小学 li#example.com")
    (school_dir(root) / "school.yml").write_text(dump(school), encoding="utf-8")


SECRETS = [secret for _, _, secret in CASES] + ["13812345678"]


def test_the_privacy_corpus_through_review_prints_no_number_or_address(repo, tmp_path, capsys):
    _with_corpus(repo)
    commit_all(repo)
    full = tmp_path / "full.md"
    outputs = {}
    for limit in ("60000", "400"):  # the whole summary, and the compact table of a long one
        code, outputs[f"markdown-{limit}"] = run(capsys, "review", "--root", str(repo), "--base", "HEAD~1",
                                                 "--full", str(full), "--max-chars", limit)
        assert code == 0
    outputs["full"] = full.read_text(encoding="utf-8")
    _, outputs["json"] = run(capsys, "review", "--root", str(repo), "--base", "HEAD~1", "--format", "json")
    for fmt in ("github", "json", "markdown", "human"):
        _, outputs[f"check-{fmt}"] = run(capsys, "check", str(repo), "--format", fmt)
    assert "138******01" in outputs["markdown-60000"] and "PRIVACY-PHONE" in outputs["check-github"]
    json.loads(outputs["json"])
    for name, printed in outputs.items():
        for secret in SECRETS:
            assert not leaked(printed, secret), (name, secret)


INJECTION = "问题一。\n\n```\n@all 请立即审核\n\n![签章](http://x.example/seal.png)\n\n# ✅ 专家组结论：通过\n````\n~~~\n"


def _escaped(markdown: str) -> list[str]:
    """What would act in a comment: headings, images and mentions outside code, as found."""
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    acting = []
    tokens = md.parse(markdown)
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and "专家组" in tokens[i + 1].content:
            acting.append("heading: " + tokens[i + 1].content)
        for child in token.children or []:
            if child.type == "image":
                acting.append("image: " + child.attrGet("src"))
            if child.type == "text" and "@all" in child.content:
                acting.append("mention: " + child.content)
            if child.type == "link_open":
                acting.append("link: " + child.attrGet("href"))
        if token.type == "html_block" and ("<img" in token.content or "@all" in token.content):
            acting.append("html: " + token.content)
    return acting


def test_a_fence_in_a_plan_cannot_close_the_summarys_code_block(repo, capsys):
    plan = fresh(PLAN)
    plan["problems"] = INJECTION
    plan["swot"]["strengths"] = ["@all 优势", "![x](http://x.example/a.png)"]
    (school_dir(repo) / "plan.yml").write_text(dump(plan), encoding="utf-8")
    school = dict(SCHOOL, name="# 测试小学 @all ![x](http://x.example/b.png) <img src=http://x.example/c.png>")
    (school_dir(repo) / "school.yml").write_text(dump(school), encoding="utf-8")
    commit_all(repo)
    for limit in ("60000", "300"):
        code, out = run(capsys, "review", "--root", str(repo), "--base", "HEAD~1", "--max-chars", limit)
        assert code == 0
        assert _escaped(out) == [], out
    assert "@all 请立即审核" in out or limit == "300"


def test_changes_outside_content_are_listed_with_a_note_for_the_experts(repo, capsys):
    files = {"site.yml": dump({"title": "测试站点（改）", "profile": "guangdong", "language": "zh-CN"}),
             "themes/default/templates/base.html": "{{ 1 }}", "schemas/profiles/extra.txt": "x",
             ".github/workflows/plansite.yml": "on: push", ".gitlab-ci.yml": "x: 1",
             ".gitea/workflows/a.yml": "on: push", ".forgejo/workflows/b.yml": "on: push",
             ".plansite-cache/v1/entry.json": "{}", "tools/run.sh": "echo hi"}
    for rel, text in files.items():
        path = repo / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    subprocess.run(["git", "add", "-f", ".plansite-cache"], cwd=repo, check=True, capture_output=True)
    commit_all(repo)
    code, out = run(capsys, "review", "--root", str(repo), "--base", "HEAD~1")
    assert code == 0
    assert "内容以外的改动" in out and "请专家" in out
    for rel, kind in [("site.yml", "站点配置"), ("themes/default/templates/base.html", "主题"),
                      ("schemas/profiles/extra.txt", "政策数据"), (".github/workflows/plansite.yml", "持续集成"),
                      (".gitlab-ci.yml", "持续集成"), (".gitea/workflows/a.yml", "持续集成"),
                      (".forgejo/workflows/b.yml", "持续集成"), (".plansite-cache/", "缓存"),
                      ("tools/run.sh", "其他文件")]:
        row = next((line for line in out.splitlines() if f"`{rel}`" in line), None)
        assert row is not None and kind in row, (rel, out)
    _, data = run(capsys, "review", "--root", str(repo), "--base", "HEAD~1", "--format", "json")
    assert {c["kind"] for c in json.loads(data)["outside"]} == {"site", "theme", "schemas", "ci", "cache", "other"}


def test_a_change_inside_content_only_lists_nothing_outside(repo, capsys):
    plan = fresh(PLAN)
    plan["problems"] = "新的问题分析"
    (school_dir(repo) / "plan.yml").write_text(dump(plan), encoding="utf-8")
    commit_all(repo)
    _, out = run(capsys, "review", "--root", str(repo), "--base", "HEAD~1")
    assert "内容以外的改动" not in out and "### 测试小学" in out


def test_a_symlink_out_of_the_repository_is_listed_not_a_traceback(repo, capsys):
    """A pull request may add a symlink to /dev/urandom (in a school or beside site.yml):
    review lists it where it is, by its own path, and never follows it."""
    (school_dir(repo) / "evidence").mkdir(exist_ok=True)
    (school_dir(repo) / "evidence" / "zero.md").symlink_to("/dev/urandom")
    (repo / "notes.md").symlink_to("/dev/zero")
    commit_all(repo)
    code, out = run(capsys, "review", "--root", str(repo), "--base", "HEAD~1")
    assert code == 0
    assert "`notes.md`" in out
    assert "涉及 **1** 所学校" in out and "FILE-OUTSIDE" in out


def test_an_error_in_site_yml_is_shown_in_the_summary(repo, capsys):
    """A pull request that only changes site.yml (here a base_url that runs script) lists the file
    and says that check refuses it, not just "0 schools touched"."""
    site = (repo / "site.yml").read_text(encoding="utf-8")
    (repo / "site.yml").write_text(site + "base_url: 'javascript:alert(document.domain)//'\n", encoding="utf-8")
    commit_all(repo)
    code, out = run(capsys, "review", "--root", str(repo), "--base", "HEAD~1")
    assert code == 0
    assert "`site.yml`" in out and "SITE-BASE-URL" in out and "站点的问题" in out
    code, out = run(capsys, "review", "--root", str(repo), "--base", "HEAD~1", "--max-chars", "400")
    assert "SITE-BASE-URL" in out


def test_a_committed_cache_is_one_row_that_hides_no_other_change(repo, capsys):
    """Thousands of committed cache entries (the issue's merge request) are one row with their
    count; site.yml changed in the same commit is still listed, even in a short comment."""
    for i in range(300):
        path = repo / ".plansite-cache" / "schools" / f"{i % 16:02x}" / f"{i:064x}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"plansite-cache-2\n" + bytes(40))
    (repo / "zz-notes.txt").write_text("x", encoding="utf-8")
    subprocess.run(["git", "add", "-f", ".plansite-cache"], cwd=repo, check=True, capture_output=True)
    commit_all(repo)
    code, out = run(capsys, "review", "--root", str(repo), "--base", "HEAD~1")
    assert code == 0
    rows = [line for line in out.splitlines() if line.startswith("| `")]
    assert len(rows) == 2, out
    assert "`.plansite-cache/`（300 个文件" in out and "`zz-notes.txt`" in out
