"""The pull-request loop on real temporary git repositories."""

import subprocess

import pytest
from sitekit import PLAN, dump, fresh, git_repo, make_site, school_dir

from generator.cli import main


def sh(cwd, *args):
    subprocess.run(args, cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path):
    root = make_site(tmp_path / "repo")
    other = root / "content" / "d1" / "other-school"
    other.mkdir()
    for name in ("school.yml", "plan.yml", "training.yml"):
        text = (school_dir(root) / name).read_text(encoding="utf-8")
        (other / name).write_text(text.replace("test-school", "other-school"), encoding="utf-8")
    return git_repo(root, "first")


def commit(root, message):
    sh(root, "git", "add", "-A")
    sh(root, "git", "commit", "-qm", message)


def run(capsys, *args):
    code = main(list(args))
    return code, capsys.readouterr().out


def delete_swot(root):
    plan = fresh(PLAN)
    del plan["swot"]
    (school_dir(root) / "plan.yml").write_text(dump(plan), encoding="utf-8")


def test_pr_deleting_the_swot_gets_an_annotation_on_that_file(repo, capsys):
    delete_swot(repo)
    commit(repo, "删除 SWOT")
    code, out = run(capsys, "check", str(repo), "--changed-since", "HEAD~1", "--format", "github")
    assert code == 1
    assert out.startswith("::error file=content/d1/test-school/plan.yml,line=")
    assert "PLAN-SWOT-MISSING" in out


def test_changed_since_checks_only_changed_schools(repo, capsys):
    # break the other school without committing it, then look only at a clean commit range
    (repo / "content" / "d1" / "other-school" / "plan.yml").write_text("team: [\n", encoding="utf-8")
    code, out = run(capsys, "check", str(repo), "--changed-since", "HEAD", "--format", "json")
    assert code == 1 and "other-school" in out  # uncommitted changes count as changed
    sh(repo, "git", "checkout", "--", ".")
    code, out = run(capsys, "check", str(repo), "--changed-since", "HEAD")
    assert code == 0


def test_changed_since_still_applies_rules_across_schools(repo, capsys):
    path = repo / "content" / "d1" / "other-school" / "school.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("other-school", "test-school"), encoding="utf-8")
    code, out = run(capsys, "check", str(repo), "--changed-since", "HEAD")
    assert code == 1 and "SITE-DUPLICATE-ID" in out


def test_changed_site_config_checks_everything(repo, capsys):
    delete_swot(repo)
    commit(repo, "删除 SWOT")
    (repo / "site.yml").write_text((repo / "site.yml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    commit(repo, "站点配置")
    code, out = run(capsys, "check", str(repo), "--changed-since", "HEAD~1")
    assert code == 1 and "PLAN-SWOT-MISSING" in out


def test_bad_revision_is_a_usage_error(repo, capsys):
    assert run(capsys, "check", str(repo), "--changed-since", "no-such-rev")[0] == 2


def test_outside_git_is_a_usage_error(tmp_path, capsys):
    root = make_site(tmp_path / "plain")
    assert run(capsys, "check", str(root), "--changed-since", "HEAD")[0] == 2


def test_review_summary_names_school_sections_and_check(repo, capsys):
    delete_swot(repo)
    commit(repo, "删除 SWOT")
    code, out = run(capsys, "review", "--root", str(repo), "--base", "HEAD~1")
    assert code == 0
    assert "### 测试小学" in out
    assert "《发展规划》SWOT 分析（swot）：删除 removed" in out
    assert "✅ 通过（0 错误 · 0 警告） | ❌ 未通过（1 错误 · 0 警告）" in out
    assert "[PLAN-SWOT-MISSING]" in out
    assert "other-school" not in out


def test_review_json(repo, capsys):
    import json
    delete_swot(repo)
    commit(repo, "删除 SWOT")
    code, out = run(capsys, "review", "--root", str(repo), "--base", "HEAD~1", "--format", "json")
    data = json.loads(out)
    assert [s["id"] for s in data["schools"]] == ["test-school"]
    assert data["schools"][0]["sections"][0]["change"] == "removed"


def test_review_of_no_change(repo, capsys):
    code, out = run(capsys, "review", "--root", str(repo), "--base", "HEAD")
    assert code == 0 and "没有学校的两案发生变化" in out


def test_review_summary_shows_the_score_change_of_an_edited_self_score(tmp_path, capsys):
    from scorekit import full_selfscore, yantai_site

    root = git_repo(yantai_site(tmp_path / "repo"), "自评")
    score = full_selfscore()
    c13 = next(i for i in score["items"] if i["code"] == "C13")
    c13["score"] = 0  # a deduction in A2, a base item: the grade falls to 不合格
    (school_dir(root) / "selfscore.yml").write_text(dump(score), encoding="utf-8")
    commit(root, "修改自评")
    code, out = run(capsys, "review", "--root", str(root), "--base", "HEAD~1")
    assert code == 0
    row = next(line for line in out.splitlines() if line.startswith("| 自评"))
    assert "100 分（考核等次：优秀）" in row and "94 分（考核等次：不合格）" in row
    assert "《自评》评分项（items）：修改 changed" in out
    assert "C13" in out and "6 → 0" in out
