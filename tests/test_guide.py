"""plansite docs: the user guide that ships with plansite, shown and copied."""

from pathlib import Path

from generator.authoring.guide import guide_folder, guide_pages
from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_the_guide_is_the_docs_folder_first_page_first():
    pages = guide_pages()
    assert pages[0].name == "index.md" and pages[0].title.startswith("plansite 用户指南")
    assert {"guide-teachers.md", "ci.md", "rules.md", "commands.md"} <= {p.name for p in pages}
    assert sorted(p.name for p in pages) == sorted(p.name for p in (ROOT / "docs").glob("*.md"))
    assert guide_folder().resolve() == (ROOT / "docs").resolve()  # a source checkout reads docs/ in place


def test_docs_shows_where_the_guide_is_and_copies_it_into_a_new_folder_only(tmp_path, capsys):
    assert main(["docs"]) == 0
    out = capsys.readouterr().out
    assert str(guide_folder()) in out and "guide-teachers.md" in out and "持续集成" in out
    assert main(["docs", "--out", str(tmp_path / "guide")]) == 0
    assert (tmp_path / "guide" / "ci.md").read_bytes() == (ROOT / "docs" / "ci.md").read_bytes()
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.md").write_text("我的笔记", encoding="utf-8")
    assert main(["docs", "--out", str(tmp_path / "mine")]) == 2
    assert "不覆盖" in capsys.readouterr().err
    assert [p.name for p in (tmp_path / "mine").iterdir()] == ["notes.md"]
