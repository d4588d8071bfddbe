"""The review summary fits one pull-request comment; the full text is written beside it."""

import shutil
import subprocess
from pathlib import Path

import pytest
from sitekit import git_repo

from generator.cli import main
from generator.gitflow.review import summarize, to_markdown
from generator.gitflow.reviewfit import fit

ROOT = Path(__file__).resolve().parent.parent
GITHUB_LIMIT = 65_536


@pytest.fixture(scope="module")
def edited(tmp_path_factory) -> tuple[Path, list[str]]:
    """The demo's sample city in a git repository, then one commit editing every school's plan."""
    root = tmp_path_factory.mktemp("review") / "repo"
    root.mkdir()
    shutil.copy(ROOT / "site.yml", root / "site.yml")
    for district in sorted((ROOT / "content").glob("sample-*")):
        shutil.copytree(district, root / "content" / district.name)
    git_repo(root)
    plans = sorted((root / "content").glob("*/*/plan.yml"))
    for plan in plans:
        lines = plan.read_text(encoding="utf-8").splitlines(keepends=True)
        edited = [line.replace("。", "，并逐年复盘。", 1) if line.startswith("  ") else line for line in lines]
        plan.write_text("".join(edited), encoding="utf-8")
    subprocess.run(["git", "commit", "-qam", "各校修改规划"], cwd=root, check=True)
    return root, [p.parent.name for p in plans]


def test_many_edited_schools_fit_one_comment_and_the_full_summary_is_written(edited, tmp_path, capsys):
    root, schools = edited
    full_path = tmp_path / "plansite-review-full.md"
    code = main(["review", "--root", str(root), "--base", "HEAD~1", "--full", str(full_path)])
    comment = capsys.readouterr().out
    full = full_path.read_text(encoding="utf-8")
    assert code == 0 and len(schools) >= 30
    assert len(full) > GITHUB_LIMIT, len(full)  # the case that needs folding
    assert len(comment) < GITHUB_LIMIT
    assert "plansite-review-full.md" in comment and "```diff" not in comment
    for school in schools:
        assert f"/{school}`" in comment, school
        assert f"/{school}`" in full
    rows = [line for line in comment.splitlines() if line.startswith("| ") and "`content/" in line]
    assert len(rows) == len(schools)
    assert all("→" in row for row in rows)


@pytest.fixture(scope="module")
def summary(edited):
    return summarize(edited[0], "HEAD~1")


def test_a_small_summary_is_the_full_one(summary):
    comment, full = fit(summary, "full.md", limit=10_000_000)
    assert comment == full == to_markdown(summary)


def test_past_the_limit_the_table_is_cut_with_a_count(summary):
    comment, full = fit(summary, "full.md", limit=3000)
    assert len(comment) <= 3000 < len(full)
    shown = sum(1 for line in comment.splitlines() if line.startswith("| ") and "`content/" in line)
    assert 0 < shown < len(summary.schools)
    assert f"另有 {len(summary.schools) - shown} 所学校" in comment
