"""Imports: only into a school folder under content/, files told by their content, bounded
memory, nothing written that check would refuse, hours that are numbers, both plans of a .docx."""

from __future__ import annotations

import contextlib
import copy
import csv
import io
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from docx import Document
from sitekit import make_site, school_dir

from generator.authoring import intake, records_import
from generator.authoring.docx_import import import_docx_all
from generator.authoring.records_import import import_file
from generator.cli import main
from generator.load.content import load_content
from generator.site.docx import plan_docx, training_docx

REPO = Path(__file__).resolve().parent.parent
COLUMNS = {"工号": "id", "姓名": "name", "网络研修学时": "online", "校本研修学时": "school_based"}


def plansite(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """plansite run from cwd in this process: its exit code and what it printed. (A fresh interpreter per case
    cost a second each; an uncaught exception fails the test here as a traceback on stderr would.)"""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return subprocess.CompletedProcess(["plansite", *args], code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> dict[str, bytes]:
    """The test school's two plans as .docx, and one .docx holding both."""
    root = make_site(tmp_path_factory.mktemp("docs") / "s")
    entry = load_content(root, []).schools[0]
    plan, training = plan_docx(entry.school, entry.plan), training_docx(entry.school, entry.training)
    both = Document(io.BytesIO(plan))
    end = both.element.body[-1]  # the section properties stay last
    for element in Document(io.BytesIO(training)).element.body:
        if not element.tag.endswith("sectPr"):
            end.addprevious(copy.deepcopy(element))
    buffer = io.BytesIO()
    both.save(buffer)
    return {"plan": plan, "training": training, "both": buffer.getvalue()}


@pytest.fixture
def site(tmp_path) -> Path:
    root = make_site(tmp_path / "s", plan=False, training=False)
    return root


@pytest.mark.parametrize("school", [".", "..", "{root}", "{root}/content", "{root}/content/d1",
                                    "{root}/content/pages/about", "{root}/content/d1/.hidden", "{outside}"])
def test_import_writes_only_into_a_school_folder_under_content(site, tmp_path, documents, school, capsys,
                                                              monkeypatch):
    source = tmp_path / "plan.docx"
    source.write_bytes(documents["plan"])
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    given = school.format(root=site, outside=outside)
    monkeypatch.chdir(site / "content" / "d1")
    before = sorted(p for p in tmp_path.rglob("*"))
    for command in ("import", "import-teachers"):
        assert main([command, str(source), "--school", given]) == 2
        assert "不是站点中的学校文件夹" in capsys.readouterr().err
    assert sorted(p for p in tmp_path.rglob("*")) == before


@pytest.mark.parametrize("name, data, words", [
    ("空.docx", b"", "文件是空的"),
    ("旧版.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "另存为 .docx"),
    ("图片.docx", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "PNG 图片"),
    ("文本.docx", "学校信息化教育教学发展规划\n一、现状\n".encode(), "文本"),
    ("压缩.docx", None, "缺少 word/document.xml"),
], ids=["empty", "doc", "png", "text", "zip"])
def test_a_file_that_is_not_a_docx_is_one_message(site, tmp_path, name, data, words):
    source = tmp_path / name
    if data is None:
        with zipfile.ZipFile(source, "w") as archive:
            archive.writestr("readme.txt", "x")
    else:
        source.write_bytes(data)
    done = plansite("import", str(source), "--school", str(school_dir(site)), cwd=tmp_path)
    assert done.returncode == 2 and words in done.stderr and "Traceback" not in done.stderr
    assert not (school_dir(site) / "plan.yml").exists()


def test_a_docx_whose_document_inflates_past_the_bound_is_refused(tmp_path, monkeypatch):
    source = tmp_path / "bomb.docx"
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (3 * 1024 * 1024))
    monkeypatch.setattr(intake, "MAX_MEMBER", 1024 * 1024)
    problem = intake.what_file(source, "docx")
    assert problem is not None and "word/document.xml" in problem[0] and "解压后超过 1 MB" in problem[0]


def test_a_docx_holding_both_plans_imports_both(site, tmp_path, documents):
    source = tmp_path / "两案.docx"
    source.write_bytes(documents["both"])
    results = import_docx_all(source)
    assert [r.kind for r in results] == ["plan", "training"]
    for result in results:
        alone = tmp_path / f"{result.kind}.docx"
        alone.write_bytes(documents[result.kind])
        assert result.data == import_docx_all(alone)[0].data
    assert main(["import", str(source), "--school", str(school_dir(site))]) == 0
    assert (school_dir(site) / "plan.yml").is_file() and (school_dir(site) / "training.yml").is_file()


def test_a_docx_too_long_for_check_is_not_written(site, tmp_path, documents, capsys, monkeypatch):
    source = tmp_path / "两案.docx"
    source.write_bytes(documents["both"])
    monkeypatch.setattr("generator.commands.import_docx.MAX_BYTES", 500)  # the plan is larger, the bound small
    assert main(["import", str(source), "--school", str(school_dir(site))]) == 1
    assert "超过检查允许的 500 字节" in capsys.readouterr().err
    assert not (school_dir(site) / "plan.yml").exists() and not (school_dir(site) / "training.yml").exists()


def write_csv(path: Path, rows: list[list]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["工号", "姓名", "网络研修学时", "校本研修学时"], *rows])
    return path


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-5", "NaN", "1e999"])
def test_hours_must_be_finite_and_not_negative(tmp_path, value):
    path = write_csv(tmp_path / "x.csv", [["T1", "甲", 20, 30], ["T2", "乙", value, 30]])
    result = import_file(path, COLUMNS, "x.csv")
    assert [(d.code, d.line) for d in result.diags] == [("IMPORT-BAD-NUMBER", 3)]
    assert "online" not in result.teachers[1] and result.teachers[0]["online"] == 20


def test_an_export_past_the_row_limit_is_refused_without_reading_it_all(tmp_path, monkeypatch):
    monkeypatch.setattr(records_import, "MAX_ROWS", 50)
    path = write_csv(tmp_path / "x.csv", [[f"T{i}", f"教师{i}", 20, 30] for i in range(51)])
    result = import_file(path, COLUMNS, "x.csv")
    assert [d.code for d in result.diags] == ["IMPORT-TOO-LARGE"] and not result.teachers
    assert "超过 50 行" in result.diags[0].message()
    ok = write_csv(tmp_path / "y.csv", [[f"T{i}", f"教师{i}", 20, 30] for i in range(50)])
    assert len(import_file(ok, COLUMNS, "y.csv").teachers) == 50


def test_the_rows_are_read_as_a_stream(tmp_path, monkeypatch):
    """Reading stops just past the limit: rows beyond it are never parsed."""
    monkeypatch.setattr(records_import, "MAX_ROWS", 10)
    seen = []

    def rows():
        for i in range(1000):
            seen.append(i)
            yield [f"T{i}", "甲", "1", "1"]

    with pytest.raises(records_import.TooManyRows):
        records_import._bounded(rows())
    assert len(seen) == 12


@pytest.mark.parametrize("name, data, words", [
    ("名单.csv", b"\x89PNG\r\n\x1a\n\0\0", "PNG 图片"),
    ("名单.csv", b"PK\x03\x04" + b"\0" * 30, "另存为 .csv"),
    ("名单.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "另存为 .xlsx"),
    ("名单.xlsx", "工号,姓名\n".encode(), "不是 Excel"),
    ("名单.csv", b"", "文件是空的"),
], ids=["png-as-csv", "zip-as-csv", "xls", "text-as-xlsx", "empty"])
def test_import_teachers_tells_the_file_by_its_content(tmp_path, name, data, words):
    root = make_site(tmp_path / "s")
    source = tmp_path / name
    source.write_bytes(data)
    done = plansite("import-teachers", str(source), "--school", str(school_dir(root)), cwd=tmp_path)
    assert done.returncode == 2 and words in done.stderr and "Traceback" not in done.stderr
    assert not (school_dir(root) / "teachers.yml").exists()


def test_import_teachers_does_not_write_what_check_would_refuse(tmp_path, monkeypatch, capsys):
    root = make_site(tmp_path / "s", site={"title": "测试站点", "profile": "henan", "language": "zh-CN"})
    monkeypatch.setattr("generator.commands.import_teachers.MAX_BYTES", 2000)
    path = write_csv(tmp_path / "x.csv", [[f"T{i}", f"教师{i}", 20, 30] for i in range(40)])
    columns = yaml.safe_load((REPO / "schemas" / "profiles" / "henan.yml").read_text(encoding="utf-8"))
    assert columns["records"]["columns"]
    assert main(["import-teachers", str(path), "--school", str(school_dir(root))]) == 1
    assert "IMPORT-TOO-LARGE" in capsys.readouterr().out
    assert not (school_dir(root) / "teachers.yml").exists()


def test_import_teachers_reads_the_profile_as_check_does(tmp_path, capsys):
    """An integer too long to read in school.yml is check's finding, not import-teachers' traceback."""
    root = make_site(tmp_path / "s", site={"title": "测试站点", "profile": "henan", "language": "zh-CN"})
    school = school_dir(root) / "school.yml"
    school.write_text(school.read_text(encoding="utf-8") + "teachers_count: " + "9" * 5000 + "\n", encoding="utf-8")
    path = write_csv(tmp_path / "x.csv", [["T1", "甲", 20, 30]])
    assert main(["import-teachers", str(path), "--school", str(school_dir(root))]) == 1
    out = capsys.readouterr().out
    assert "已导入 1 位教师" in out and "YAML-NUMBER-TOO-LONG" in out


def test_a_docx_of_too_many_paragraphs_is_refused_before_it_is_read(tmp_path, monkeypatch):
    """A document of hundreds of thousands of paragraphs kept import busy for many minutes: it is
    counted as a stream first (across read blocks) and refused with one message."""
    source = tmp_path / "long.docx"
    body = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 120 + b'<w:p w:rsidR="1"/>' * 30
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<w:document><w:body>" + body + b"</w:body></w:document>")
    monkeypatch.setattr(intake, "CHUNK", 7)  # blocks that split the tags
    monkeypatch.setattr(intake, "MAX_PARAGRAPHS", 149)
    problem = intake.what_file(source, "docx")
    assert problem is not None and "段落" in problem[0] and "149" in problem[0]
    monkeypatch.setattr(intake, "MAX_PARAGRAPHS", 150)
    assert intake.what_file(source, "docx") is None


@pytest.mark.parametrize("expect", ["docx", "xlsx", "csv"])
def test_a_folder_named_as_the_file_to_import_is_said_in_chinese(tmp_path, expect):
    problem = intake.what_file(tmp_path, expect)
    assert problem is not None and problem[0].startswith("它是文件夹") and "Is a directory" not in problem[0]


@pytest.mark.parametrize("xml", [b"<w:document><w:body><w:p>",  # cut short, prefix undefined
                                 None], ids=["not-xml", "text-run-too-long"])
def test_a_docx_whose_document_cannot_be_parsed_is_one_message(site, tmp_path, xml):
    import docx
    plain = tmp_path / "plain.docx"
    docx.Document().save(plain)
    source = tmp_path / "坏.docx"
    with zipfile.ZipFile(plain) as old, zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "word/document.xml":
                data = xml if xml is not None else data.replace(
                    b"<w:body>", b"<w:body><w:p><w:r><w:t>" + "规划".encode() * 6_000_000 + b"</w:t></w:r></w:p>", 1)
            new.writestr(info.filename, data)
    done = plansite("import", str(source), "--school", str(school_dir(site)), cwd=tmp_path)
    assert done.returncode == 2 and "已损坏" in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert not (school_dir(site) / "plan.yml").exists()
