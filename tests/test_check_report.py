"""A whole check after an edit prints each unchanged school's kept part of the report (check/report.py):
the same report, in every format and language, as a check without the cache; nothing of an unchanged
school formatted or decoded again; a damaged part or entry made again; `--changed-since` asks git
about the site's content only, and still sees new and deleted files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sitekit import git_repo, make_site, school_dir

from generator.check import report
from generator.check.cache import DIRNAME
from generator.check.validate import check_site
from generator.cli import main
from generator.core import diagnostics
from generator.gitflow.changes import changed_scope
from generator.gitflow.gitio import changed_files

FORMATS = sorted(diagnostics.FORMATTERS)


def two_schools(root: Path) -> Path:
    """make_site's school and a copy of it, other-school, whose plan starts with a BOM (a warning)."""
    make_site(root)
    other = root / "content" / "d1" / "other-school"
    shutil.copytree(school_dir(root), other)
    school = other / "school.yml"
    school.write_text(school.read_text(encoding="utf-8").replace("test-school", "other-school"), encoding="utf-8")
    add_bom(other / "plan.yml")
    return root


def add_bom(path: Path) -> None:
    path.write_text("\ufeff" + path.read_text(encoding="utf-8"), encoding="utf-8")


def checked(root: Path, capsys, *flags: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["check", *flags, str(root)])
    return code, capsys.readouterr().out


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_whole_check_after_an_edit_reports_as_a_check_without_the_cache(tmp_path, capsys, fmt):
    root = two_schools(tmp_path / "s")
    for lang in ("zh", "en"):
        first = checked(root, capsys, "--format", fmt, "--lang", lang)
        assert first == checked(root, capsys, "--format", fmt, "--lang", lang, "--no-cache")
    add_bom(school_dir(root) / "plan.yml")  # the edit: a warning in the other school too
    for lang in ("zh", "en"):
        warm = checked(root, capsys, "--format", fmt, "--lang", lang, "--strict")
        assert warm == checked(root, capsys, "--format", fmt, "--lang", lang, "--strict", "--no-cache")
        assert warm[0] == 1 and "FILE-BOM" in warm[1]
        assert "content/d1/test-school/plan.yml" in warm[1] and "content/d1/other-school/plan.yml" in warm[1]


def test_a_check_after_an_edit_formats_and_decodes_the_edited_schools_problems_only(tmp_path, capsys,
                                                                                     monkeypatch):
    root = two_schools(tmp_path / "s")
    checked(root, capsys)  # every school's part of the report kept
    add_bom(school_dir(root) / "plan.yml")
    shown: list[str] = []
    item, join = diagnostics.FORMATS["human"]
    monkeypatch.setitem(diagnostics.FORMATS, "human", (lambda d, lang: shown.append(d.path) or item(d, lang), join))

    def unread(entry):
        raise AssertionError(f"the diagnostics of {entry.rel} were read again")

    monkeypatch.setattr(report, "diagnostics", unread)
    code, out = checked(root, capsys)
    assert "content/d1/other-school/plan.yml" in out and "content/d1/test-school/plan.yml" in out
    assert "content/d1/test-school/plan.yml" in shown
    assert not [p for p in shown if p.startswith("content/d1/other-school/")]


def test_a_damaged_report_part_is_made_again(tmp_path, capsys):
    root = two_schools(tmp_path / "s")
    checked(root, capsys)
    parts = sorted(p for p in (root / DIRNAME / "reports").rglob("*") if p.is_file())
    assert len(parts) == 2
    for part in parts:
        part.write_bytes(part.read_bytes()[:-3] + b"]]]")
    add_bom(school_dir(root) / "plan.yml")
    assert checked(root, capsys) == checked(root, capsys, "--no-cache")


def test_a_school_whose_diagnostics_cannot_be_read_has_the_site_checked_again_in_full(tmp_path, capsys,
                                                                                    monkeypatch):
    root = two_schools(tmp_path / "s")
    checked(root, capsys)
    shutil.rmtree(root / DIRNAME / "reports")

    def damaged(entry):
        raise ValueError("damaged")

    monkeypatch.setattr(report, "diagnostics", damaged)
    add_bom(school_dir(root) / "plan.yml")
    assert checked(root, capsys) == checked(root, capsys, "--no-cache")


def test_a_school_read_back_for_a_check_decodes_few_of_its_heads_facts(tmp_path):
    root = two_schools(tmp_path / "s")
    check_site(root, cache=True, jobs=1)
    kept: list = []
    content, _ = check_site(root, cache=True, jobs=1, kept=kept)
    assert len(kept) == 2 and {id(entry) for _, entry in kept} == {id(e) for e in content.schools}
    for _, entry in kept:
        decoded = set(entry.__dict__.get("_unpacked_values", {}))
        assert not decoded & {"view_facts", "card_facts", "file_facts", "school_doc"}, decoded


def test_changed_since_asks_git_about_the_content_only_and_sees_new_and_deleted_files(tmp_path):
    root = git_repo(two_schools(tmp_path / "s")).resolve()
    (root / "notes.txt").write_text("不是站点内容\n", encoding="utf-8")
    new = root / "content" / "d1" / "new-school"
    shutil.copytree(school_dir(root), new)  # untracked
    gone = root / "content" / "d1" / "other-school" / "plan.yml"
    gone.unlink()
    listed = {p.relative_to(root).as_posix() for p in changed_files(root, "HEAD", [root / "content"])}
    assert "notes.txt" not in listed
    assert {"content/d1/new-school/plan.yml", "content/d1/other-school/plan.yml"} <= listed
    assert "notes.txt" in {p.relative_to(root).as_posix() for p in changed_files(root, "HEAD")}
    assert changed_scope(root, "HEAD", None) == [new, gone.parent]
