"""Word documents made quickly: the template's parts once per process, the body as XML, the package.

python-docx makes the template (its default document, with plansite's page and styles set) and its
core properties, once per process. Every part but the body (styles, settings, theme, numbering …,
about 0.8 MB of XML) is then the same in every document, so it is compressed once; a document is its
body, built here as lxml elements the way python-docx would build them (python-docx's own calls
look up each child's place among its siblings and each table cell's row, which made a document
cost about 0.1 s), serialized by python-docx's serializer, and the package is put together with the
compressed parts in python-docx's order. The package is the zip that `zipfile` writes for the same
entries with the fixed timestamp (tests/test_docx.py compares the two), so the bytes depend on the
content only.
"""

from __future__ import annotations

import copy
import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from functools import lru_cache

from docx import Document
from docx.opc.oxml import serialize_part_xml
from docx.oxml.ns import qn
from lxml import etree

BODY_PART = "word/document.xml"
CORE_PART = "docProps/core.xml"
APP_PART = "docProps/app.xml"
# docProps/app.xml, what Word shows as the program that made the file; python-docx's template names
# Microsoft Macintosh Word, one page, no words and a Normal.dotm template. Word fills in the rest on saving.
APP_XML = (b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
           b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
           b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
           b"<Application>plansite</Application><DocSecurity>0</DocSecurity></Properties>")
FIXED_TIME = (2020, 9, 1, 0, 0, 0)

W_P, W_PPR, W_R, W_RPR, W_T = qn("w:p"), qn("w:pPr"), qn("w:r"), qn("w:rPr"), qn("w:t")
W_VAL, W_TYPE, W_W = qn("w:val"), qn("w:type"), qn("w:w")
W_PSTYLE, W_SPACING, W_LINE, W_LINERULE, W_JC = (qn(f"w:{n}") for n in ("pStyle", "spacing", "line", "lineRule", "jc"))
W_TR, W_TC, W_TCPR, W_TCW, W_B = (qn(f"w:{n}") for n in ("tr", "tc", "tcPr", "tcW", "b"))
_XML_SPACE = qn("xml:space")
_SPECIAL = {"\t": qn("w:tab"), "\n": qn("w:br"), "\r": qn("w:br")}
_SPECIALS = re.compile("([\t\n\r])")  # split on them, each kept as a piece of its own
SubElement = etree.SubElement


def run(p, text: str = "", bold: bool = False):
    """A run (w:r) with `text` as python-docx writes it: a tab is w:tab, a line break w:br, the rest
    w:t (space-preserving when it starts or ends with white space)."""
    r = SubElement(p, W_R)
    if bold:
        SubElement(SubElement(r, W_RPR), W_B)
    for piece in _SPECIALS.split(text):
        if piece in _SPECIAL:
            SubElement(r, _SPECIAL[piece])
        elif piece:
            _t(r, piece)
    return r


def _t(r, text: str) -> None:
    t = SubElement(r, W_T)
    t.text = text
    if len(text.strip()) < len(text):
        t.set(_XML_SPACE, "preserve")


def paragraph(parent, text: str | None = None, *, style: str | None = None, line: int | None = None,
              center: bool = False, empty_run: bool = False, bold: bool = False):
    """A paragraph (w:p): its properties in the schema's order (style, spacing, alignment), then one
    run with the text (none for no text, unless `empty_run`, as python-docx leaves one in a cell)."""
    p = SubElement(parent, W_P)
    if style or line or center:
        _paragraph_properties(SubElement(p, W_PPR), style, line, center)
    if text or empty_run:
        run(p, text or "", bold)
    return p


def _paragraph_properties(ppr, style: str | None, line: int | None, center: bool) -> None:
    if style:
        SubElement(ppr, W_PSTYLE).set(W_VAL, style)
    if line:
        spacing = SubElement(ppr, W_SPACING)
        spacing.set(W_LINE, str(line))
        spacing.set(W_LINERULE, "auto")
    if center:
        SubElement(ppr, W_JC).set(W_VAL, "center")


def _cell(tr, twips: str):
    """A cell (w:tc) of that width (in twips), its paragraphs still to come."""
    tc = SubElement(tr, W_TC)
    tcw = SubElement(SubElement(tc, W_TCPR), W_TCW)
    tcw.set(W_TYPE, "dxa")
    tcw.set(W_W, twips)
    return tc


def table(parent, head: list[str], rows: list[list[list[str]]], *, style: str, grid: list[str],
          widths: list[str] | None, line: int):
    """A table as python-docx makes it with add_table, add_row and the cell, column and table
    settings plansite uses: `grid` is each column's width in twips (the page width shared out),
    `widths` the widths set afterwards (their columns fixed). Each row's cell is a list of lines,
    one paragraph each; the header row is bold, centred and repeated on every page."""
    tbl = SubElement(parent, qn("w:tbl"))
    _table_properties(SubElement(tbl, qn("w:tblPr")), style, fixed=bool(widths))
    cols = list(grid)
    for i, w in enumerate((widths or [])[:len(cols)]):  # a width for each column it names, as zip() gives them
        cols[i] = w
    tblgrid = SubElement(tbl, qn("w:tblGrid"))
    for w in cols:
        SubElement(tblgrid, qn("w:gridCol")).set(W_W, w)
    _header_row(SubElement(tbl, W_TR), cols, head, line)
    for values in rows:
        _row(SubElement(tbl, W_TR), cols, values, line)
    return tbl


TABLE_LOOK = (("firstColumn", "1"), ("firstRow", "1"), ("lastColumn", "0"), ("lastRow", "0"),
              ("noHBand", "0"), ("noVBand", "1"), ("val", "04A0"))


def _table_properties(tblpr, style: str, fixed: bool) -> None:
    """The table's style, automatic width, centred, its layout fixed when widths are set, its look."""
    SubElement(tblpr, qn("w:tblStyle")).set(W_VAL, style)
    tblw = SubElement(tblpr, qn("w:tblW"))
    tblw.set(W_TYPE, "auto")
    tblw.set(W_W, "0")
    SubElement(tblpr, W_JC).set(W_VAL, "center")
    if fixed:
        SubElement(tblpr, qn("w:tblLayout")).set(W_TYPE, "fixed")
    look = SubElement(tblpr, qn("w:tblLook"))
    for name, value in TABLE_LOOK:
        look.set(qn(f"w:{name}"), value)


def _header_row(tr, cols: list[str], head: list[str], line: int) -> None:
    """The header row: bold and centred, repeated on every page."""
    SubElement(SubElement(tr, qn("w:trPr")), qn("w:tblHeader"))
    for w, text in zip(cols, head):
        p = paragraph(_cell(tr, w), line=line, center=True, empty_run=True)
        run(p, text, bold=True)


def _row(tr, cols: list[str], values: list[list[str]], line: int) -> None:
    """A row: each cell's lines one paragraph each; a cell the row gave no value, python-docx's empty paragraph."""
    cells: list[list[str] | None] = list(values[:len(cols)])
    for w, lines in zip(cols, cells + [None] * (len(cols) - len(cells))):
        tc = _cell(tr, w)
        if lines is None:
            paragraph(tc, line=line)
            continue
        paragraph(tc, lines[0], line=line, empty_run=True)
        for more in lines[1:]:
            paragraph(tc, more, line=line)


@dataclass
class _Entry:
    info: zipfile.ZipInfo
    local: bytes  # its local header and compressed data


class Template:
    """The configured python-docx document, saved once: its fixed parts compressed, its body element."""

    def __init__(self, configure):
        doc = Document()
        self.values = configure(doc)
        doc.core_properties.revision = 1
        raw = io.BytesIO()
        doc.save(raw)
        self.document = doc.element
        self.compressed: dict[str, _Entry] = {}
        with zipfile.ZipFile(raw) as src:
            self.names = [info.filename for info in src.infolist()]  # python-docx's order
            for name in self.names:
                data = src.read(name)
                if name == BODY_PART:
                    if data != serialize_part_xml(self.document):  # package() serializes it so
                        raise RuntimeError("python-docx saved its document part in a way plansite does not know")
                else:
                    self.compressed[name] = _compress(name, APP_XML if name == APP_PART else data)

    def new_document(self):
        """A copy of the template's w:document (the body holds only the section settings)."""
        return copy.deepcopy(self.document)

    def package(self, document, core: bytes) -> bytes:
        """The .docx: the document element as the body part, its own core properties, the fixed parts
        as they were saved."""
        own = {BODY_PART: _compress(BODY_PART, serialize_part_xml(document)), CORE_PART: _compress(CORE_PART, core)}
        out, central = [], []
        offset = 0
        for name in self.names:
            entry = own.get(name) or self.compressed[name]
            out.append(entry.local)
            central.append(_central(entry.info, offset))
            offset += len(entry.local)
        directory = b"".join(central)
        end = struct.pack(b"<4s4H2LH", b"PK\005\006", 0, 0, len(central), len(central), len(directory), offset, 0)
        return b"".join(out) + directory + end


_CORE_NS = {"cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            "dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/",
            "xsi": "http://www.w3.org/2001/XMLSchema-instance"}


def core_properties(title: str, subject: str, date: str | None) -> bytes:
    """docProps/core.xml: the document's title, plansite as its maker, and the plan's own date (a
    W3CDTF time, or none): no clock and no python-docx placeholder, so the bytes depend on the content."""
    cp, dc, dcterms, xsi = (f"{{{_CORE_NS[k]}}}" for k in ("cp", "dc", "dcterms", "xsi"))
    root = etree.Element(f"{cp}coreProperties", nsmap=_CORE_NS)
    for tag, text in ((f"{dc}title", title), (f"{dc}subject", subject), (f"{dc}creator", "plansite"),
                      (f"{dc}description", "由 plansite 根据两案的 YAML 文件生成"), (f"{cp}lastModifiedBy", "plansite"),
                      (f"{dc}language", "zh-CN"), (f"{cp}revision", "1")):
        SubElement(root, tag).text = text
    for tag in (f"{dcterms}created", f"{dcterms}modified") if date else ():
        SubElement(root, tag, {f"{xsi}type": "dcterms:W3CDTF"}).text = date
    return serialize_part_xml(root)


@lru_cache(maxsize=None)
def template(configure) -> Template:
    """The template for `configure` (a function that sets a new Document's page and styles), made once."""
    return Template(configure)


def _compress(name: str, data: bytes) -> _Entry:
    """An entry as zipfile.writestr writes it (deflated, the fixed time, rw------- permissions)."""
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    packed = compressor.compress(data) + compressor.flush()
    info.file_size, info.compress_size, info.CRC = len(data), len(packed), zlib.crc32(data)
    return _Entry(info, info.FileHeader(False) + packed)


def _central(info: zipfile.ZipInfo, offset: int) -> bytes:
    """The entry's record in the central directory (no zip64: a document is far below 4 GB)."""
    dt = info.date_time
    dosdate = (dt[0] - 1980) << 9 | dt[1] << 5 | dt[2]
    dostime = dt[3] << 11 | dt[4] << 5 | (dt[5] // 2)
    name = info.filename.encode("ascii")
    return struct.pack("<4s4B4HL2L5H2L", b"PK\001\002", info.create_version, info.create_system,
                       info.extract_version, info.reserved, info.flag_bits, info.compress_type, dostime,
                       dosdate, info.CRC, info.compress_size, info.file_size, len(name), 0, 0, 0,
                       info.internal_attr, info.external_attr, offset) + name
