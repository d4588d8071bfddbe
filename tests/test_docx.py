"""Word in, Word out: export to .docx, import from .docx (documents made here), LibreOffice."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm
from hypothesis import given, settings, strategies as st

from generator.authoring.docx_import import import_blocks, import_docx_all, to_yaml
from generator.authoring.docx_read import Block
from generator.cli import main
from generator.load.content import load_content
from generator.load.privacy import mask
from generator.model import Plan, Training
from generator.site.docx import plan_docx, training_docx
from sitekit import make_site, school_dir

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "content" / "dalang" / "xiangtou-primary"


@pytest.fixture(scope="module")
def seed():
    content = load_content(REPO, [], only=[SEED])
    return next(e for e in content.schools if e.slug == "xiangtou-primary")


def _without_provenance(value):
    """Drop `original` (the slip a value was mended from): provenance, not part of the document."""
    if isinstance(value, dict):
        return {k: _without_provenance(v) for k, v in value.items() if k != "original"}
    if isinstance(value, list):
        return [_without_provenance(v) for v in value]
    return value


def _values(doc):
    # `source` notes where a member was named in the seed: provenance, not part of the document;
    # `output_quotas` restate the words of a task (全校共产生 4个典型案例…), which the document carries;
    # so does `budget` the words of a safeguard (每年在教育经费中划出 10%投入信息化建设)
    exclude = {"team": {"members": {"__all__": {"source"}}}}
    if isinstance(doc, Training):
        exclude["output_quotas"] = True
    else:
        exclude["budget"] = True
    return _without_provenance(doc.model_dump(exclude=exclude))


def test_seed_round_trip_gives_back_the_same_values(seed, tmp_path):
    for kind, make, model in (("plan", plan_docx, Plan), ("training", training_docx, Training)):
        path = tmp_path / f"{kind}.docx"
        path.write_bytes(make(seed.school, getattr(seed, kind)))
        result = import_docx_all(path)[0]
        assert result.kind == kind
        assert result.unmapped == [] and result.private == []
        assert result.school_name == seed.school.name and result.mode == seed.school.mode
        assert _values(model.model_validate(result.data)) == _values(getattr(seed, kind))


def test_export_is_deterministic_and_in_the_template_layout(seed, tmp_path):
    data = plan_docx(seed.school, seed.plan)
    assert data == plan_docx(seed.school, seed.plan)
    (tmp_path / "p.docx").write_bytes(data)
    doc = Document(str(tmp_path / "p.docx"))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "东莞市大朗镇巷头小学学校信息化教育教学发展规划"
    assert "学校信息化应用模式：☑智慧教育     □多技术融合" in texts
    heads = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert heads[:4] == ["信息化管理团队", "学校信息化教育教学概况", "一、学校信息化教育教学应用现状", "（一）在学情分析方面："]
    assert "一、第一年（2020.9-2021.8）培训先行，校本研修" in heads
    team = doc.tables[0]
    assert [c.text for c in team.rows[0].cells] == ["姓名", "性别", "电话", "职务", "职称", "电子邮箱", "分工"]
    assert [c.text for c in team.rows[1].cells][:1] == ["叶艳兰"]



def test_exported_tables_keep_their_cells_repeated_header_and_widths(seed):
    """The calendar table as the template has it: a bold header row repeated on every page, one row per
    activity with a line per host, and the template's column widths on the grid and on every cell."""
    doc = Document(io.BytesIO(training_docx(seed.school, seed.training)))
    calendar = next(t for t in doc.tables if t.rows[0].cells[0].text == "时间")
    head = calendar.rows[0]
    assert [c.text for c in head.cells][:6] == ["时间", "内容", "主持人", "参与人", "形式", "地点"]
    assert head._tr.trPr is not None and head._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(run.bold for c in head.cells for run in c.paragraphs[0].runs if run.text)
    assert not any(r._tr.trPr is not None for r in calendar.rows[1:])  # only the header repeats
    rows = calendar.rows[1:]
    assert [r.cells[1].text for r in rows] == [r.content for r in seed.training.calendar]
    assert [[p.text for p in r.cells[2].paragraphs] for r in rows] == [list(r.host) or [""] for r in seed.training.calendar]
    widths = [Cm(w) for w in (2.2, 5.2, 1.9, 2.3, 1.9, 1.7)]
    grid = [int(g.get(qn("w:w"))) for g in calendar._tbl.tblGrid.gridCol_lst]
    assert grid[:6] == [w.twips for w in widths]
    for row in calendar.rows:
        assert [c.width.twips for c in row.cells][:6] == [w.twips for w in widths]
    assert not calendar.autofit  # fixed columns: Word keeps the widths
    assert all(t.style.name == "Table Grid" for t in doc.tables)


# ── documents of our own making ──

def _unstyled_plan(path: Path, *, phone: str = "") -> None:
    """A plan as schools type it: plain (some bold) paragraphs numbered 一、（一）1., no heading styles."""
    doc = Document()
    doc.add_paragraph("学校信息化教育教学发展规划")
    doc.add_paragraph("学校信息化应用模式：√智慧教育  □多技术融合")
    doc.add_paragraph("单位名称：测试小学")
    doc.add_paragraph("通讯地址：某市某路 1 号")
    for text, bold in [("学校信息化教育教学概况", True), ("一、学校信息化教育教学应用现状", True),
                       ("（一）在学情分析方面：", True), ("教师会用问卷收集学情。" + phone, False),
                       ("（二）在教学设计方面：", True), ("教师用平台资源备课。", False),
                       ("二、对标智慧教育应用模式存在的问题", True), ("数据分析少。", False),
                       ("学校信息化教育教学发展目标", True), ("一、学校信息化教育教学发展愿景", True),
                       ("1.建设智慧校园", False), ("三年内全校使用平台。", False),
                       ("二、学校信息化教育教学发展一年绩效目标", True), ("1.推动数据诊断", False),
                       ("教师用数据调整教学。", False), ("三、主要任务", True), ("1.组建团队", False),
                       ("(1) 制定规划；", False), ("四、保障措施", True), ("1.成立推进小组", False),
                       ("学校信息化教育教学三年实施安排", True), ("学校分三年推进。", False),
                       ("一、第一年（2021.9-2022.8）培训先行", True), ("1.全员培训。", False),
                       ("二、第二年（2022.9-2023.8）实践应用", True), ("1.课堂实践。", False),
                       ("三、第三年（2023.9-2024.8）示范引领", True), ("1.总结推广。", False)]:
        doc.add_paragraph().add_run(text).bold = bold
    doc.save(str(path))


def test_unstyled_numbered_headings_import_and_check_names_only_what_is_missing(tmp_path, capsys):
    root = make_site(tmp_path)
    folder = school_dir(root)
    (folder / "plan.yml").unlink()
    source = tmp_path / "规划.docx"
    _unstyled_plan(source, phone="联系电话 13812345678")
    assert main(["import", str(source), "--school", str(folder)]) == 0
    out = capsys.readouterr().out
    text = (folder / "plan.yml").read_text(encoding="utf-8")
    assert "13812345678" not in text and mask("13812345678") in out  # reported, not written
    assert "段落 4：通讯地址：某市某路 1 号" in text and "段落 4：通讯地址" in out  # unmapped: listed and kept
    plan = Plan.model_validate(__import__("yaml").safe_load(text))
    assert plan.status.analysis.startswith("教师会用问卷收集学情") and plan.status.design == "教师用平台资源备课。"
    assert plan.vision[0].title == "建设智慧校园" and plan.vision[0].text == "三年内全校使用平台。"
    assert plan.tasks[0].items == ["制定规划；"]
    assert [p.name for p in plan.phases] == ["第一年", "第二年", "第三年"] and plan.phases[0].start == "2021.9"
    assert plan.phases_intro == "学校分三年推进。"
    # the document has no team, SWOT, capability status or infrastructure: check names exactly those
    main(["check", str(folder), "--format", "json"])
    codes = {d["code"] for d in __import__("json").loads(capsys.readouterr().out)["diagnostics"]
             if d["file"].endswith("plan.yml")}
    assert "PLAN-SWOT-MISSING" in codes
    assert not any(c.startswith(("SCHEMA", "YAML", "PRIVACY")) for c in codes), codes
    assert "PLAN-PHASES-MISSING" not in codes and "PLAN-GOALS-MISSING" not in codes


def _styled_training(path: Path) -> Document:
    """A training plan with Word heading styles and no numbers, a merged subject cell and a split calendar."""
    doc = Document()
    doc.add_paragraph("测试小学校本研修与考核方案", style="Title")
    doc.add_paragraph("目标与任务", style="Heading 1")
    doc.add_paragraph("本次研修的目标是：")
    doc.add_paragraph("1.提高全体教师的信息技术应用能力。")
    doc.add_paragraph("教师研修的关键能力点", style="Heading 1")
    table = doc.add_table(rows=4, cols=3)
    for cell, text in zip(table.rows[0].cells, ["学科", "能力点选择", "负责人"]):
        cell.text = text
    merged = table.cell(1, 0).merge(table.cell(2, 0))
    merged.text = "语文科"
    table.cell(1, 1).text, table.cell(1, 2).text = "G4 基于数据分析的学情诊断", "甲"
    table.cell(2, 1).text, table.cell(2, 2).text = "B1 跨学科学习活动设计", "乙"
    table.cell(3, 0).text, table.cell(3, 1).text, table.cell(3, 2).text = "数学科", "G8 智慧教育环境下教学模式创新", "丙"
    doc.add_paragraph("校本研修计划", style="Heading 1")
    head = ["时间", "内容", "主持人", "参与人", "形式", "地点", "学时"]
    first = doc.add_table(rows=1, cols=7)
    for cell, text in zip(first.rows[0].cells, head):
        cell.text = text
    for n in range(1, 41):  # long enough to run over a page
        cells = first.add_row().cells
        for cell, text in zip(cells, [f"2021 年 {n % 12 + 1} 月", f"第 {n} 次教研", "甲", "全体教师", "研讨", "会议室", "2"]):
            cell.text = text
    doc.add_page_break()
    second = doc.add_table(rows=2, cols=7)  # the same table continued after a page break, header repeated
    for cell, text in zip(second.rows[0].cells, head):
        cell.text = text
    for cell, text in zip(second.rows[1].cells, ["2022 年 5 月", "验收", "乙", "全体教师", "评估", "办公室", "1"]):
        cell.text = text
    doc.save(str(path))
    return doc


def test_styled_headings_merged_cells_and_a_split_table(tmp_path):
    path = tmp_path / "方案.docx"
    _styled_training(path)
    result = import_docx_all(path)[0]
    assert result.kind == "training" and result.unmapped == []
    training = Training.model_validate(result.data)
    assert training.goals_intro == "本次研修的目标是：" and training.goals == ["提高全体教师的信息技术应用能力。"]
    assert [(g.subject, [p.code for p in g.points], g.leads) for g in training.key_points] == [
        ("语文科", ["G4", "B1"], ["甲", "乙"]), ("数学科", ["G8"], ["丙"])]
    assert len(training.calendar) == 41 and training.calendar[-1].content == "验收"
    assert training.calendar[0].hours == 2 and training.calendar[0].participants == ["全体教师"]


def test_form_table_layout_as_in_the_official_template(tmp_path):
    """The template's form: label cell on the left, the part in the cell beside it, a grid of people."""
    doc = Document()
    doc.add_paragraph("学校信息化教育教学发展规划模板")
    form = doc.add_table(rows=4, cols=4)
    form.cell(0, 0).text, form.cell(0, 1).text = "信息化管理团队", "姓名"
    form.cell(0, 2).text, form.cell(0, 3).text = "电话", "职务"
    label = form.cell(0, 0).merge(form.cell(1, 0))
    label.text = "信息化管理团队"
    form.cell(1, 1).text, form.cell(1, 2).text, form.cell(1, 3).text = "甲", "13912345678", "校长"
    form.cell(2, 0).text = "学校信息化教育教学概况"
    cell = form.cell(2, 1).merge(form.cell(2, 3))
    cell.text = "一、对标智慧教育应用模式存在的问题"
    cell.add_paragraph("缺少数据分析。")
    form.cell(3, 0).text = "没有这一栏"
    form.cell(3, 1).merge(form.cell(3, 3)).text = "随便写的内容"
    doc.save(str(tmp_path / "form.docx"))
    result = import_docx_all(tmp_path / "form.docx")[0]
    assert result.data["team"]["members"] == [{"name": "甲", "post": "校长"}]
    assert result.data["problems"] == "缺少数据分析。"
    assert any("139" in p for p in result.private) and "13912345678" not in to_yaml(result, "form.docx")
    assert any("随便写的内容" in u for u in result.unmapped)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=30), st.integers(0, 5), st.booleans()), max_size=25))
def test_any_paragraphs_import_without_crashing_and_nothing_is_dropped(items):
    blocks = [Block("p", f"段落 {i}", text.strip() or "x", level, bullet)
              for i, (text, level, bullet) in enumerate(items, 1)]
    result = import_blocks(blocks, "plan")
    text = to_yaml(result, "x.docx")
    for b in blocks:  # every paragraph is either mapped (used) or listed
        assert b.used or any(u.startswith(b.where + "：") for u in result.unmapped)
    assert text.startswith("#")


def test_build_offers_the_word_documents_on_the_plan_pages(built_demo):
    assert (built_demo / "schools" / "xiangtou-primary" / "plan.docx").stat().st_size > 10_000
    page = (built_demo / "schools" / "xiangtou-primary" / "training" / "index.html").read_text(encoding="utf-8")
    assert "training.docx" in page and "下载 Word 文档" in page
    assert "training.pdf" not in page  # PDF is off in these builds: no link to a file that is not there


# ── LibreOffice, once ──

def _soffice() -> str:
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (libreoffice-writer) is needed in CI")
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    return program


def test_styles_set_chinese_in_simplified_chinese_faces_and_keep_headings_with_what_follows(seed):
    doc = Document(io.BytesIO(plan_docx(seed.school, seed.plan, False)))
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for rpr, face in [(defaults, "Noto Serif CJK SC"), (doc.styles["Normal"].element.rPr, "Noto Serif CJK SC"),
                      *[(doc.styles[f"Heading {n}"].element.rPr, "Noto Sans CJK SC") for n in (1, 2, 3, 4)]]:
        fonts = rpr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == face
        assert fonts.get(qn("w:eastAsiaTheme")) is None  # a theme font would override the face
        assert rpr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    assert all(doc.styles[f"Heading {n}"].paragraph_format.keep_with_next for n in (1, 2, 3, 4))


def test_libreoffice_opens_and_prints_every_exported_document(seed, tmp_path, monkeypatch):
    _soffice()
    monkeypatch.setenv("PLANSITE_PDF", "on")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    from generator.output import pdf
    docs = {"plan.docx": plan_docx(seed.school, seed.plan, False),
            "training.docx": training_docx(seed.school, seed.training, False)}
    _styled_training(tmp_path / "own.docx")
    docs["own.docx"] = (tmp_path / "own.docx").read_bytes()
    pdfs = pdf.convert_bytes(docs)  # one LibreOffice run for all three
    assert sorted(pdfs) == ["own.pdf", "plan.pdf", "training.pdf"]
    for name, data in pdfs.items():
        assert data.startswith(b"%PDF-"), name
    (tmp_path / "plan.pdf").write_bytes(pdfs["plan.pdf"])
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "plan.pdf"), "-"], capture_output=True,
                              text=True).stdout
        assert "一、学校信息化教育教学应用现状" in text and "叶艳兰" in text
        assert text.count("\f") >= 5  # the plan runs over several pages
    if shutil.which("pdffonts"):  # the Chinese text in the faces the styles ask for, not a Japanese fallback
        fonts = subprocess.run(["pdffonts", str(tmp_path / "plan.pdf")], capture_output=True, text=True).stdout
        assert "NotoSerifCJK" in fonts and "NotoSansCJK" in fonts, fonts  # body serif, headings sans
    assert pdf.convert_bytes(docs) == pdfs  # from the cache, no second conversion


@settings(max_examples=25, deadline=None)
@given(st.text(alphabet="\x00\x01\x08\x0b\x0c\x12\x1b\x1fab09学校研修", min_size=1, max_size=12))
def test_any_text_in_a_plan_makes_a_word_document_without_its_control_characters(seed, text):
    """YAML lets a double-quoted string carry control characters as escapes; Word (XML 1.0) cannot
    hold them: the document leaves them out and keeps the rest of the text."""
    plan = seed.plan.model_copy(update={"status": seed.plan.status.model_copy(update={"guidance": text + "（现状）"})})
    doc = Document(io.BytesIO(plan_docx(seed.school, plan)))
    body = "\n".join(p.text for p in doc.paragraphs)
    kept = "".join(ch for ch in text if ord(ch) >= 0x20)
    # (a vertical tab or form feed parts lines, like a line break: compare without the spaces)
    assert kept + "（现状）" in "".join(body.split())
    assert not any(ord(ch) < 0x20 and ch not in "\t\n\r" for ch in body)
