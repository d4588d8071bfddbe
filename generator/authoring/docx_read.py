"""Read a .docx into numbered blocks: paragraphs with a heading level, and tables as rows of cells.

Takes a file; gives a flat list of Block in document order. The template's form tables (a
label such as 学校信息化教育教学概况 in the first column, the part's text in the next) are opened:
the label becomes a heading and the cell's paragraphs and tables follow it. Merged cells are
read once. Phone numbers, e-mails and ID numbers are cut out of every text as it is read and
reported in `found` (never passed on).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docx import Document
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from ..load import privacy

PART_LABELS = (
    "学校信息化负责人", "信息化管理团队", "学校信息化教育教学概况", "学校信息化教育教学发展目标",
    "教师信息技术应用能力建设情况", "学校信息化教育教学三年实施安排",
    "目标与任务", "教师研修的关键能力点", "校本研修计划", "考核方案", "质量保障",
)
PRIVACY_LABELS = {"PRIVACY-PHONE": "电话号码", "PRIVACY-EMAIL": "电子邮箱", "PRIVACY-ID": "身份证号码"}
_NUM = "一二三四五六七八九十"
LEVELS = (
    (2, re.compile(rf"^[{_NUM}]+\s*[、.．]\s*")),
    (3, re.compile(rf"^[（(]\s*[{_NUM}]+\s*[）)]\s*")),
    (4, re.compile(r"^\d{1,2}\s*[.．、]\s*(?!\d)")),
    (5, re.compile(r"^[（(]\s*\d{1,2}\s*[）)]\s*")),
)


@dataclass
class Block:
    kind: str                 # "p" paragraph, "t" table
    where: str                # 段落 12 / 表格 3, for the user
    text: str = ""            # the paragraph (numbering kept)
    level: int = 0            # 1 part label, 2 一、 3 （一） 4 1. 5 （1）, 0 body text
    bullet: bool = False
    rows: list = field(default_factory=list)  # table: [[(cell id, [lines])]]
    used: bool = False

    @property
    def body(self) -> str:
        """The text without its leading number."""
        for level, pattern in LEVELS:
            if level == self.level:
                return pattern.sub("", self.text, count=1).strip()
        return self.text.strip()


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def part_label(text: str) -> str | None:
    flat = squash(text).rstrip("：:")
    return next((label for label in PART_LABELS if flat == label), None)


def heading_level(text: str, style: str) -> int:
    if part_label(text):
        return 1
    for level, pattern in LEVELS:
        if pattern.match(text):
            return level
    return _style_level(style)


def _style_level(style: str) -> int:
    """The level a Word heading style names (Heading 2, 标题 2); 0 for any other style."""
    match = re.match(r"(?:Heading|标题)\s*(\d)", style or "")
    return int(match.group(1)) if match else 0


class Reader:
    def __init__(self, document):
        self.document = document
        self.blocks: list[Block] = []
        self.found: list[str] = []
        self.paragraphs = 0
        self.tables = 0

    def clean(self, text: str, where: str) -> str:
        text = text.replace("\u3000", " ").replace("\xa0", " ")
        text, details = privacy.withhold(text)
        for code, hit in details:
            self.found.append(f"{where}：{PRIVACY_LABELS[code]} {privacy.mask(hit)}（未写入）")
        return text.strip()

    def paragraph(self, p: Paragraph) -> None:
        self.paragraphs += 1
        where = f"段落 {self.paragraphs}"
        text = self.clean(p.text, where)
        if not text:
            return
        style = p.style.name if p.style is not None else ""
        level = heading_level(text, style)
        bullet = "List Bullet" in style or "列表" in style
        self.blocks.append(Block("p", where, text, level, bullet))

    def container(self, element) -> None:
        """Paragraphs and tables of the body or of a cell, in order."""
        for child in element.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                self.paragraph(Paragraph(child, self.document))
            elif tag == "tbl":
                self.table(Table(child, self.document))

    def cell_lines(self, cell: _Cell, where: str) -> list[str]:
        lines = [self.clean(p.text, where) for p in cell.paragraphs]
        return [line for line in lines if line]

    def table(self, table: Table) -> None:
        self.tables += 1
        where = f"表格 {self.tables}"
        rows = [_distinct_cells(row) for row in table.rows]
        if not any(part_label(_text(cells[0])) for cells in rows if cells):
            self.blocks.append(Block("t", where, rows=[self.cells_row(cells, where) for cells in rows]))
            return
        self.form(rows, where)

    def form(self, rows: list[list[_Cell]], where: str) -> None:
        """The template's form: a label cell, then the part's content or a grid of people."""
        grid: Block | None = None
        last_label = None
        for cells in rows:
            if not cells:
                continue
            label = part_label(_text(cells[0]))
            rest = cells[1:] if label else cells
            if grid is not None and id(cells[0]._tc) == last_label:
                grid.rows.append(self.cells_row(rest, where))  # the label cell merged over more rows
                continue
            grid = None
            if label:
                last_label = id(cells[0]._tc)
                grid = self.form_part(label, rest, where)
            else:
                self.unlabelled_row(rest, where, after_part=last_label is not None)

    def form_part(self, label: str, rest: list[_Cell], where: str) -> Block | None:
        """A template part: its label as a heading, then its cells' content, or the grid of people
        it starts (returned: the rows below it may continue it)."""
        self.blocks.append(Block("p", f"{where}（{label}）", label, 1))
        if len(rest) > 2:  # 姓名 性别 电话 …: a grid of people below the label
            self.tables += 1
            grid = Block("t", f"表格 {self.tables}", rows=[self.cells_row(rest, where)])
            self.blocks.append(grid)
            return grid
        self.containers(rest)
        return None

    def unlabelled_row(self, rest: list[_Cell], where: str, after_part: bool) -> None:
        """A row whose first cell is a short label of no template part: after a part, a part of its
        own (listed); before one, a 名称：值 line. Any other row: its cells' content."""
        if len(rest) < 2 or len(_text(rest[0])) > 12:
            self.containers(rest)
            return
        self.paragraphs += 1
        if after_part:
            self.blocks.append(Block("p", f"段落 {self.paragraphs}", squash(_text(rest[0])), 1))
            self.containers(rest[1:])
        else:
            text = self.clean(f"{squash(_text(rest[0])).rstrip('：:')}：" + " ".join(
                _text(c) for c in rest[1:]), f"段落 {self.paragraphs}")
            self.blocks.append(Block("p", f"段落 {self.paragraphs}", text, 0))

    def cells_row(self, cells: list[_Cell], where: str) -> list[tuple[int, list[str]]]:
        """A table row as it is kept: each cell's id with its lines."""
        return [(id(c._tc), self.cell_lines(c, where)) for c in cells]

    def containers(self, cells: list[_Cell]) -> None:
        for cell in cells:
            self.container(cell._tc)


def _distinct_cells(row) -> list[_Cell]:
    """A row's cells, a cell merged across columns read once."""
    seen, cells = set(), []
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            cells.append(cell)
    return cells


def _text(cell: _Cell) -> str:
    return "\n".join(p.text for p in cell.paragraphs).strip()


def read_docx(path) -> tuple[list[Block], list[str]]:
    """The blocks of a .docx and the personal details cut out of it."""
    document = Document(str(path))
    reader = Reader(document)
    reader.container(document.element.body)
    return reader.blocks, reader.found
