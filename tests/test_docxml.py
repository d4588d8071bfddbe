"""The Word documents' body built as XML is what python-docx's own calls build; the package is zipfile's."""

from __future__ import annotations

import io
import zipfile

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm
from hypothesis import given, settings, strategies as st
from lxml import etree

from generator.site import docx, docxml

# text with what python-docx turns into other elements (tabs, line breaks) and edge white space
TEXT = st.text(alphabet=" \t\n\r\u3000a学1-", max_size=8)
CELL = st.one_of(st.none(), TEXT, st.integers(0, 99), st.lists(st.one_of(st.none(), TEXT), max_size=3))


def _reference(head, rows, widths, paragraphs) -> bytes:
    """The same body made with python-docx's document API, the way plansite first made it."""
    doc = Document()
    ids = docx._configure(doc)["styles"]
    for text, style in paragraphs:
        p = doc.add_paragraph(text)
        if style:
            p._p.style = ids[style]
    table = doc.add_table(rows=1, cols=len(head))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, head):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    trpr = table.rows[0]._tr.get_or_add_trPr()
    trpr.append(trpr.makeelement(qn("w:tblHeader"), {}))
    for values in rows:
        for cell, value in zip(table.add_row().cells, values):
            items = [("" if v is None else str(v)) for v in (value if isinstance(value, list) else [value])] or [""]
            cell.paragraphs[0].text = items[0]
            for more in items[1:]:
                cell.add_paragraph(more)
    for row in table.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                p.paragraph_format.line_spacing = 1.0
    if widths:
        table.autofit = False
        for col, w in zip(table.columns, widths):
            col.width = Cm(w)
        for row in table.rows:
            for cell, w in zip(row.cells, widths):
                cell.width = Cm(w)
    doc.add_paragraph()
    return etree.tostring(doc.element.body)


@settings(max_examples=40, deadline=None)
@given(head=st.lists(TEXT, min_size=1, max_size=4),
       rows=st.lists(st.lists(CELL, max_size=5), max_size=4),
       widths=st.one_of(st.none(), st.lists(st.floats(0.5, 9.0), min_size=1, max_size=5)),
       paragraphs=st.lists(st.tuples(TEXT, st.sampled_from([None, "Heading 1", "List Bullet"])), max_size=3))
def test_body_is_what_python_docx_builds(head, rows, widths, paragraphs):
    w = docx.Writer()
    for text, style in paragraphs:
        w.add(text, style)
    w.table(head, rows, widths)
    w.body.append(w.section)
    assert etree.tostring(w.body) == _reference(head, rows, widths, paragraphs)


def test_package_is_the_zip_zipfile_writes_with_the_fixed_time(tmp_path):
    """Every part in python-docx's order, deflated as zipfile does, dated 2020-09-01: the bytes are those
    zipfile writes for the same parts, and python-docx reads the package back."""
    w = docx.Writer()
    w.title("测试小学学校信息化教育教学发展规划")
    w.table(["姓名", "分工"], [["甲", ["统筹", "培训"]]], [3.0, 6.0])
    data = w.to_bytes("测试小学学校信息化教育教学发展规划", None)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = [i.filename for i in src.infolist()]
        for info in src.infolist():
            assert info.date_time == docxml.FIXED_TIME
            fixed = zipfile.ZipInfo(info.filename, date_time=docxml.FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
        assert src.testzip() is None
    assert out.getvalue() == data
    assert names[:5] == ["[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml",
                         docxml.BODY_PART] and "word/styles.xml" in names
    doc = Document(io.BytesIO(data))
    assert doc.paragraphs[0].text == "测试小学学校信息化教育教学发展规划" and doc.paragraphs[0].style.name == "Title"
    assert [[c.text for c in r.cells] for r in doc.tables[0].rows] == [["姓名", "分工"], ["甲", "统筹\n培训"]]
    assert doc.styles["Heading 1"].font.size.pt == 16 and doc.core_properties.revision == 1
    assert w.to_bytes("测试小学学校信息化教育教学发展规划", None) == data  # writing it again gives the same bytes


def test_core_properties_name_plansite_the_document_and_the_plan_s_date_never_python_docx():
    from types import SimpleNamespace

    from sitekit import PLAN, SCHOOL

    from generator.model import Plan, School

    school, plan = School(**SCHOOL), Plan(**dict(PLAN, version="2021 年 3 月定稿"))
    data = docx.plan_docx(school, plan)
    core = zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml").decode()
    assert "python-docx" not in core and "2013" not in core
    props = Document(io.BytesIO(data)).core_properties
    assert props.author == "plansite" and props.last_modified_by == "plansite" and props.language == "zh-CN"
    assert props.title == "测试小学学校信息化教育教学发展规划"
    assert props.created.isoformat() == props.modified.isoformat() == "2021-03-01T00:00:00+00:00"
    assert docx.plan_docx(school, plan) == data  # no clock in it
    undated = SimpleNamespace(version="定稿", period=SimpleNamespace(start="2020.9"))
    assert docx.doc_date(undated) == "2020-09-01T00:00:00Z"
    assert docx.doc_date(SimpleNamespace(version=None, period=None)) is None


def test_extended_properties_name_plansite_as_the_application_not_a_word_for_the_mac():
    """docProps/app.xml is what Word shows as the program that made the file (程序名称): python-docx's
    template says Microsoft Macintosh Word, with one page, no words and a Normal.dotm template."""
    from sitekit import PLAN, SCHOOL

    from generator.model import Plan, School

    data = docx.plan_docx(School(**SCHOOL), Plan(**PLAN))
    app = zipfile.ZipFile(io.BytesIO(data)).read("docProps/app.xml").decode()
    assert "<Application>plansite</Application>" in app
    assert "Microsoft" not in app and "Normal.dotm" not in app and "<Pages>" not in app
    assert Document(io.BytesIO(data)).paragraphs[0].text  # still opens
