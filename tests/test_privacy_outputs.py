"""Nothing the privacy guard flags reaches an output: pages, search index, raw Markdown, Word, CSV."""

from __future__ import annotations

import gzip
import shutil
import zipfile
from pathlib import Path

import pytest
from privacy_corpus import CASES, leaked
from sitekit import PLAN, fresh, make_site

from generator.cli import main
from generator.pipeline import build_site

_IDS = [name for name, _, _ in CASES]


def output_texts(folder: Path):
    """(path, text) of every file under folder: Word and zip files by their members, gzip unpacked."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if data[:2] == b"PK":
            with zipfile.ZipFile(path) as z:
                data = b"\n".join(z.read(name) for name in z.namelist())
        elif data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        elif data[:8] == b"pagefind":  # Pagefind's own header before a gzip stream
            data = gzip.decompress(data[data.index(b"\x1f\x8b"):]) if b"\x1f\x8b" in data else data
        yield path, data.decode("utf-8", errors="ignore")


def _site_with(root: Path, text: str) -> Path:
    plan = fresh(PLAN)
    plan["problems"] = "问题分析如下。\n\n" + text + "\n"
    return make_site(root, plan=plan, files={"about.md": f"# 学校简介\n\n{text}\n"})


@pytest.fixture(scope="module")
def clean_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("clean") / "_site"
    root = make_site(tmp_path_factory.mktemp("clean-src"))
    assert build_site(root, out, cache=False).ok
    return out


@pytest.mark.parametrize("name, text, secret", CASES, ids=_IDS)
def test_a_build_with_any_corpus_spelling_publishes_nothing_of_it(tmp_path, clean_site, name, text, secret):
    out = tmp_path / "_site"
    shutil.copytree(clean_site, out)
    root = _site_with(tmp_path / "src", text)
    result = build_site(root, out, cache=False)
    assert not result.ok
    assert {d.code for d in result.diagnostics if d.level == "error"} <= {"PRIVACY-PHONE", "PRIVACY-EMAIL"}
    for path, shown in output_texts(out):
        assert not leaked(shown, secret), (name, path)


@pytest.mark.parametrize("name, text, secret", CASES[:1] + CASES[-1:], ids=_IDS[:1] + _IDS[-1:])
def test_export_writes_no_word_file_while_a_detail_is_in_the_content(tmp_path, capsys, name, text, secret):
    root = _site_with(tmp_path / "src", text)
    out = tmp_path / "export"
    assert main(["export", str(root), "--out", str(out), "--no-pdf"]) == 1
    printed = capsys.readouterr().out
    assert "PRIVACY-" in printed and not leaked(printed, secret)
    assert not out.exists() or list(output_texts(out)) == []


# --- imports run the same guard: a teacher list's cells, a Word document's paragraphs ---

IMPORT_CASES = [("sun-ba", "孙八 138**1234**5678", "13812345678")] + CASES


@pytest.mark.parametrize("name, text, secret", IMPORT_CASES, ids=[c[0] for c in IMPORT_CASES])
def test_a_teacher_list_cell_with_any_spelling_is_reported_by_row_and_not_stored(name, text, secret):
    from generator.authoring.records_import import import_rows
    rows = [["工号", "姓名", "网络研修学时"], ["T01", "张三", "20"], ["T02", text, "20"]]
    result = import_rows(rows, {"工号": "id", "姓名": "name", "网络研修学时": "online"}, "名单.csv", "名单.csv")
    assert [(d.code, d.line) for d in result.diags] == [("IMPORT-PERSONAL", 3)]
    assert not leaked(repr(result.teachers), secret) and not leaked(result.diags[0].message(), secret)


def test_import_teachers_does_not_store_sun_ba(tmp_path):
    import csv
    import subprocess
    import sys
    root = make_site(tmp_path / "site")
    folder = root / "content" / "d1" / "test-school"
    path = tmp_path / "名单.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["工号", "姓名", "网络研修学时"], ["T01", "孙八 138**1234**5678", "20"]])
    run = subprocess.run([sys.executable, "-m", "generator", "import-teachers", str(path), "--school", str(folder)],
                         capture_output=True, text=True, check=False)
    assert "第 2 行" in run.stdout + run.stderr, run
    assert not leaked(run.stdout + run.stderr, "13812345678")
    stored = folder / "teachers.yml"
    assert not stored.exists() or not leaked(stored.read_text(encoding="utf-8"), "13812345678")


def test_a_word_paragraph_with_any_spelling_is_named_and_not_written(tmp_path):
    from docx import Document

    from generator.authoring.docx_import import import_docx_all, to_yaml
    doc = Document()
    doc.add_paragraph("学校信息化教育教学发展规划")
    doc.add_paragraph("一、学校信息化教育教学概况")
    for _, text, _ in IMPORT_CASES:
        if "|" not in text:
            doc.add_paragraph("教师工作室联系方式：" + text)
    doc.save(str(tmp_path / "plan.docx"))
    result = import_docx_all(tmp_path / "plan.docx")[0]
    written = to_yaml(result, "plan.docx") + repr(result.private)
    for name, text, secret in IMPORT_CASES:
        if "|" not in text:
            assert not leaked(written, secret), name
    assert len(result.private) == len(IMPORT_CASES) - 1
    assert all(p.startswith("段落 ") for p in result.private), result.private
