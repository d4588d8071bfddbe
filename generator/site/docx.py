"""The two plans as Word documents in the template's layout: (school, plan|training) → .docx bytes.

The layout follows the official templates (seed 000): the title, the school's header form
(单位名称, 应用模式, 信息化管理团队), then each part of the template under its label as a heading,
with numbered headings 一、（一）1.（1） written as text (so any word processor shows them) and
carrying Word heading styles (so the navigation pane and an import both find them), and the
template's tables. Contact columns (电话, 电子邮箱) stay empty: contacts are never recorded.
Output is deterministic: same plan → same bytes.
"""

from __future__ import annotations

import re

from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt, RGBColor, Twips

from ..core.choices import MODES
from . import docxml

NUMERALS = "一二三四五六七八九十"
SAMPLE_NOTE = "示例数据（生成的演示内容，非真实学校）"
PLAN_PARTS = ("学校信息化教育教学概况", "学校信息化教育教学发展目标", "教师信息技术应用能力建设情况",
              "学校信息化教育教学三年实施安排")
TRAINING_PARTS = ("目标与任务", "教师研修的关键能力点", "校本研修计划", "考核方案", "质量保障")
STATUS_ASPECTS = (("analysis", "在学情分析方面"), ("design", "在教学设计方面"), ("guidance", "在学法指导方面"),
                  ("assessment", "在学业评价方面"), ("innovation", "在融合创新方面"))
SWOT_PARTS = (("strengths", "优势"), ("weaknesses", "劣势"), ("opportunities", "机会"), ("threats", "威胁"))
SUBJECT = "中小学教师信息技术应用能力提升工程 2.0"
BODY_FONT, HEADING_FONT = "Noto Serif CJK SC", "Noto Sans CJK SC"
TEAM_HEAD = ("姓名", "性别", "电话", "职务", "职称", "电子邮箱", "分工")


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text as Word can hold it: control characters (which XML 1.0 forbids, and which YAML lets a
    double-quoted string carry as escapes) are left out; tabs and line breaks stay."""
    return _NOT_XML.sub("", text)


def cn(n: int) -> str:
    """1 → 一, 11 → 十一 (enough for the numbers of a plan's parts)."""
    if n <= 10:
        return NUMERALS[n - 1]
    return ("" if n < 20 else NUMERALS[n // 10 - 1]) + "十" + (NUMERALS[n % 10 - 1] if n % 10 else "")


def _font(style_or_run, east: str, size: float | None = None, bold: bool | None = None) -> None:
    font = style_or_run.font
    font.name = "Times New Roman"
    font.color.rgb = RGBColor(0, 0, 0)
    if size:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    _east_asian(style_or_run.element.get_or_add_rPr(), east)


_THEME_FONTS = [qn(f"w:{name}") for name in ("asciiTheme", "eastAsiaTheme", "hAnsiTheme", "cstheme")]


def _east_asian(rpr, east: str) -> None:
    """Run properties whose Chinese text is set in `east` and marked zh-CN: a theme font would win over
    the named one, and without the language mark LibreOffice falls back to a Japanese face."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for theme in _THEME_FONTS:
        fonts.attrib.pop(theme, None)
    fonts.set(qn("w:eastAsia"), east)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _configure(doc) -> dict:
    """The template's page and styles on a new python-docx document; what a body needs of them: the
    style ids (looked up once: python-docx resolves a style name slowly) and the width between the
    margins, which a table's columns share when no widths are given."""
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.5))
    section.top_margin = section.bottom_margin = Cm(2.5)
    styles = doc.styles
    _east_asian(styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")), BODY_FONT)
    _font(styles["Normal"], BODY_FONT, 12)
    styles["Normal"].paragraph_format.line_spacing = 1.5
    _font(styles["Title"], HEADING_FONT, 20, True)
    for level, size in ((1, 16), (2, 14), (3, 12), (4, 12)):
        _font(styles[f"Heading {level}"], HEADING_FONT, size, True)
        styles[f"Heading {level}"].font.italic = False
        styles[f"Heading {level}"].paragraph_format.space_before = Pt(6)
        styles[f"Heading {level}"].paragraph_format.keep_with_next = True  # never alone at a page's foot
    return {"styles": {name: styles[name].style_id for name in ("Title", "List Bullet", "Heading 1", "Heading 2",
                                                                 "Heading 3", "Heading 4", "Table Grid")},
            "width": Emu(section.page_width - section.left_margin - section.right_margin)}


def _line(spacing: float) -> int:
    """A paragraph's line spacing (a multiple of single) as python-docx writes it, in 240ths."""
    return Emu(int(spacing * Twips(240))).twips


TITLE_LINE, CELL_LINE = _line(1.2), _line(1.0)


class Writer:
    """A document being written, with the template's styles (docxml: made once per process)."""

    def __init__(self):
        self.template = docxml.template(_configure)
        self.style_ids = self.template.values["styles"]
        self.document = self.template.new_document()
        self.body = self.document.find(qn("w:body"))
        self.section = self.body.find(qn("w:sectPr"))  # the page settings stay last
        self.body.remove(self.section)

    def add(self, text: str, style: str | None = None, center: bool = False):
        return docxml.paragraph(self.body, xml_text(text), style=self.style_ids[style] if style else None,
                                center=center)

    def title(self, text: str) -> None:
        docxml.paragraph(self.body, xml_text(text), style=self.style_ids["Title"], line=TITLE_LINE, center=True)

    def heading(self, text: str, level: int) -> None:
        self.add(text, f"Heading {level}")

    def para(self, text: str | None, prefix: str = "") -> None:
        """Markdown text as paragraphs: blank lines part paragraphs, '- ' lines become bullets."""
        if not text and not prefix:
            return
        for i, block in enumerate(re.split(r"\n\s*\n", text or "")):
            lines = block.splitlines() or [""]
            if _is_bullet_list(block, lines):
                self.bullets(lines)
            else:
                self.add((prefix if i == 0 else "") + _joined(lines))

    def bullets(self, lines: list[str]) -> None:
        """One bullet paragraph per '- ' line, its marker left out."""
        for line in lines:
            if line.strip():
                self.add(line.strip()[2:].strip(), "List Bullet")

    def table(self, head: list[str], rows: list[list], widths: list[float] | None = None) -> None:
        """A table with a bold header row repeated on every page; a list in a cell is one line each.
        Columns share the page's width unless `widths` (cm) fix them."""
        grid = [str(Emu(self.template.values["width"] // len(head)).twips)] * len(head)
        cells = [[_cell_lines(value) for value in values] for values in rows]
        docxml.table(self.body, [xml_text(text) for text in head], cells, style=self.style_ids["Table Grid"],
                     grid=grid, widths=[str(Cm(w).twips) for w in widths] if widths else None, line=CELL_LINE)
        docxml.paragraph(self.body)

    def items(self, items, numbered: str = "arabic") -> None:
        """Titled items (vision, goals, tasks, safeguards): 1.title, its text, then (1) sub-points."""
        for n, item in enumerate(items or [], 1):
            if item.title:
                self.heading(_num(n, item.title) + item.title, 4)
                self.para(item.text)
            else:
                self.para(item.text, prefix=_num(n, item.text or ""))
            for k, sub in enumerate(item.items, 1):
                self.para(sub, prefix=f"({k}) ")
            codes = getattr(item, "capabilities", None)
            if codes:
                self.add(f"相关能力点：{'、'.join(codes)}")

    def numbered(self, texts) -> None:
        for n, text in enumerate(texts or [], 1):
            self.para(text, prefix=_num(n, text))

    def to_bytes(self, title: str, date: str | None) -> bytes:
        """The .docx with fixed zip timestamps, so the bytes depend on the content only."""
        self.body.append(self.section)
        try:
            return self.template.package(self.document, docxml.core_properties(title, SUBJECT, date))
        finally:
            self.body.remove(self.section)


def _cell_lines(value) -> list[str]:
    """A table cell's lines: a list one line an item, None as empty, never no line at all."""
    values = value if isinstance(value, list) else [value]
    return [("" if v is None else xml_text(str(v))) for v in values] or [""]


def _joined(lines: list[str]) -> str:
    """A paragraph's lines as one line (Word wraps it)."""
    return " ".join(s.strip() for s in lines)


def _is_bullet_list(block: str, lines: list[str]) -> bool:
    """Whether every line of a non-empty block starts with '- ' or '* '."""
    return bool(block.strip()) and all(line.lstrip().startswith(("- ", "* ")) for line in lines if line.strip())


def _title(school, doc) -> str:
    return doc.title if doc.title.startswith(school.name) else f"{school.name}{doc.title}"


_MONTH = re.compile(r"((?:19|20)\d\d)\s*[年.\-/]\s*(\d{1,2})(?!\d)")


def doc_date(doc) -> str | None:
    """The plan's own date for the document's properties: the month its version names (2021 年 3 月定稿),
    else the month its period starts, as the first of that month; none when neither names one."""
    period = getattr(doc, "period", None)
    for text in (doc.version, period.start if period else None):
        found = _MONTH.search(text or "")
        if found and 1 <= int(found.group(2)) <= 12:
            return f"{found.group(1)}-{int(found.group(2)):02d}-01T00:00:00Z"
    return None


def _finish(w: Writer, school, doc) -> bytes:
    return w.to_bytes(_title(school, doc), doc_date(doc))


def _header(w: Writer, school, doc, sample: bool) -> None:
    """Title, sample mark and the template's header form: school, mode, period, team."""
    w.title(_title(school, doc))
    if sample:
        w.add(SAMPLE_NOTE, center=True)
    marks = "     ".join(("☑" if m == school.mode else "□") + m for m in MODES)
    w.add(f"学校信息化应用模式：{marks}")
    w.add(f"单位名称：{school.name}")
    if doc.period:
        w.add(f"周期：{doc.period.start}-{doc.period.end}")
    if doc.version:
        w.add(f"版本：{doc.version}")


UNNAMED = "其余成员："


def _team(w: Writer, plan) -> None:
    if plan.it_lead:
        w.heading("学校信息化负责人", 1)
        w.table(list(TEAM_HEAD), [_person(plan.it_lead)])
    if plan.team:
        _team_table(w, plan.team)
    if plan.cio:
        w.para(f"首席信息官（CIO）：{plan.cio.name}" + (f"（{plan.cio.post}）" if plan.cio.post else ""))


def _team_table(w: Writer, team) -> None:
    """信息化管理团队: its members, then those it describes without naming them, then its note."""
    w.heading("信息化管理团队", 1)
    w.table(list(TEAM_HEAD), [_person(p) for p in team.members])
    if team.unnamed:  # members the plan describes without naming them
        w.para(UNNAMED + team.unnamed)
    if team.note:
        w.para(team.note)


def _person(p) -> list:
    return [p.name, "", "", p.post or "", p.title or "", "", p.role or ""]


def plan_docx(school, plan, sample: bool = False) -> bytes:
    """学校信息化教育教学发展规划 as a Word document in the template's layout."""
    w = Writer()
    _header(w, school, plan, sample or plan.sample)
    _team(w, plan)
    w.heading(PLAN_PARTS[0], 1)
    _plan_analysis_part(w, school, plan)
    w.heading(PLAN_PARTS[1], 1)
    _plan_goals_part(w, plan)
    w.heading(PLAN_PARTS[2], 1)
    _plan_capability_part(w, plan)
    w.heading(PLAN_PARTS[3], 1)
    w.para(plan.phases_intro)
    for k, phase in enumerate(plan.phases or [], 1):
        w.heading(f"{cn(k)}、{phase.name}（{phase.start}-{phase.end}）{phase.theme or ''}", 2)
        w.numbered(phase.tasks)
    return _finish(w, school, plan)


def _plan_analysis_part(w: Writer, school, plan) -> None:
    """The first part: the school's present state, its problems against its mode, its SWOT."""
    n = 0
    if plan.status:
        n += 1
        _plan_status(w, n, plan.status)
    if plan.problems:
        n += 1
        w.heading(f"{cn(n)}、对标{school.mode}应用模式存在的问题", 2)
        w.para(plan.problems)
    if plan.swot:
        _plan_swot(w, n + 1, plan.swot)


PLAN_GOALS = (("vision", "学校信息化教育教学发展愿景"), ("goals", "学校信息化教育教学发展一年绩效目标"),
              ("tasks", "主要任务"), ("safeguards", "保障措施"))
"""The second part's sections, numbered among those the plan has."""


def _plan_goals_part(w: Writer, plan) -> None:
    """The second part: vision, goals, tasks and safeguards, then the IT share of the budget."""
    present = [(getattr(plan, key), label) for key, label in PLAN_GOALS if getattr(plan, key)]
    for n, (items, label) in enumerate(present, 1):
        w.heading(f"{cn(n)}、{label}", 2)
        w.items(items)
    if plan.budget and not _restated(plan.budget, plan.safeguards):  # the IT share, under the safeguards
        w.para(_budget(plan.budget))


def _plan_status(w: Writer, n: int, status) -> None:
    w.heading(f"{cn(n)}、学校信息化教育教学应用现状", 2)
    k = 0
    for key, label in STATUS_ASPECTS:
        if getattr(status, key):
            k += 1
            w.heading(f"（{cn(k)}）{label}：", 3)
            w.para(getattr(status, key))
    w.para(status.summary)


def _plan_swot(w: Writer, n: int, swot) -> None:
    w.heading(f"{cn(n)}、SWOT 分析", 2)
    if swot.compiled:  # put together from the plan's own sentences: say so, as the page does
        w.para(swot.compiled)
    for k, (key, label) in enumerate(SWOT_PARTS, 1):
        w.heading(f"（{cn(k)}）{label}", 3)
        w.numbered([f"{line.text}（出处：{line.source}）" if line.source else line.text
                    for line in getattr(swot, key)])


def _plan_capability_part(w: Writer, plan) -> None:
    """The third part: the school's infrastructure, and its teachers' capability points."""
    n = 0
    if plan.infrastructure:
        n += 1
        w.heading(f"{cn(n)}、学校教育信息化建设概况", 2)
        _infrastructure(w, plan.infrastructure)
    if plan.capabilities:
        n += 1
        w.heading(f"{cn(n)}、教师信息技术应用能力水平与存在的问题", 2)
        for k, c in enumerate(plan.capabilities, 1):
            name = f"{c.name}（{c.code}）" if c.name else c.code
            w.heading(f"{k}. {name}" + (f"——{c.level}" if c.level else ""), 4)
            w.para(c.text)


def _infrastructure(w: Writer, infrastructure) -> None:
    """Hardware and software, numbered among those the plan describes."""
    present = [(key, label) for key, label in (("hardware", "学校硬件建设情况"), ("software", "学校软件建设情况"))
               if getattr(infrastructure, key)]
    for k, (key, label) in enumerate(present, 1):
        w.heading(f"{k}.{label}", 4)
        w.para(getattr(infrastructure, key))


def training_docx(school, training, sample: bool = False) -> bytes:
    """校本研修与考核方案 as a Word document in the template's layout."""
    w = Writer()
    _header(w, school, training, sample or training.sample)
    t = training
    w.heading(TRAINING_PARTS[0], 1)
    _training_goals_part(w, t)
    if t.key_points:
        w.heading(TRAINING_PARTS[1], 1)
        _key_points(w, t.key_points)
    if t.calendar:
        w.heading(TRAINING_PARTS[2], 1)
        _calendar(w, t.calendar)
    if t.kickoff:
        _kickoff(w, t.kickoff)
    if t.assessment:
        w.heading(TRAINING_PARTS[3], 1)
        _assessment(w, t.assessment)
    if t.safeguards:
        w.heading(TRAINING_PARTS[4], 1)
        _training_safeguards(w, t.safeguards)
    return _finish(w, school, training)


def _training_goals_part(w: Writer, t) -> None:
    """The first part: theme and mode, the goals, the performance goals, the tasks."""
    if t.theme:
        w.para(f"研修主题：{t.theme}")
    if t.mode:
        w.para(f"研修模式：{t.mode}")
    w.para(t.goals_intro)
    w.numbered(t.goals)
    if t.performance_goals:
        _performance_goals(w, t.performance_goals)
    if t.tasks or t.tasks_intro:
        w.heading("主要任务：（学校整体研修活动设计）", 2)
        w.para(t.tasks_intro)
        w.numbered(t.tasks)


def _performance_goals(w: Writer, performance_goals) -> None:
    for key, label in (("basic", "基础绩效目标"), ("optional", "可选绩效目标")):
        goals = getattr(performance_goals, key)
        if goals:
            w.heading(f"{label}：", 3)
            w.numbered(goals)


def _training_safeguards(w: Writer, safeguards) -> None:
    for k, item in enumerate(safeguards, 1):
        w.heading(f"（{cn(k)}）{item.title or ''}", 3)
        w.para(item.text)
        for j, sub in enumerate(item.items, 1):
            w.para(sub, prefix=f"{j}.")


KEY_POINT_COLUMNS = (("学科", 2.2), ("研修专题与目标", 5.0), ("能力点选择", 7.0), ("负责人", 3.0))  # widths in cm


def _key_points(w: Writer, key_points) -> None:
    """The subject groups: subject, topic (when a group has one), the points they chose, who leads them."""
    rows = [[g.subject, g.topic or "", _point_names(g.points), list(g.leads)] for g in key_points]
    columns = list(KEY_POINT_COLUMNS)
    if not any(g.topic for g in key_points):
        columns, rows = columns[:1] + columns[2:], [row[:1] + row[2:] for row in rows]
    _columns_table(w, columns, rows)


def _point_names(points) -> list[str]:
    return [f"{p.code} {p.name}" if p.name else p.code for p in points]


def _columns_table(w: Writer, columns: list[tuple[str, float]], rows: list[list]) -> None:
    """A table whose columns are (heading, width in cm)."""
    w.table([name for name, _ in columns], rows, [width for _, width in columns])


CALENDAR_COLUMNS = (("时间", 2.2), ("内容", 5.2), ("主持人", 1.9), ("参与人", 2.3), ("形式", 1.9), ("地点", 1.7))
"""The calendar table's columns and their widths (cm); then 学时 (1.0) and 线上研修 (1.2) when a row has them."""


def _calendar(w: Writer, calendar) -> None:
    """The calendar table; the hours and online columns only when a row has them."""
    hours = any(r.hours is not None for r in calendar)
    online = any(r.online for r in calendar)
    columns = list(CALENDAR_COLUMNS) + ([("学时", 1.0)] if hours else []) + ([("线上研修", 1.2)] if online else [])
    _columns_table(w, columns, [_calendar_row(r, hours, online) for r in calendar])


def _calendar_row(r, hours: bool, online: bool) -> list:
    row = [r.time, r.content, list(r.host), list(r.participants), list(r.form), list(r.place)]
    row += ([f"{r.hours:g}" if r.hours is not None else ""] if hours else [])
    return row + (["是" if r.online else ""] if online else [])


def _assessment(w: Writer, assessment) -> None:
    w.para(assessment.intro)
    for k, table in enumerate(assessment.tables, 1):
        w.heading(f"（{cn(k)}）{table.title}" + (f"：{table.purpose}" if table.purpose else ""), 3)
        w.table(["序号", "内容", "评分要点", "分值", "自评", "得分"],
                [[i.item, i.content, i.criteria or "", _points(i.points), _points(i.self_score), _points(i.score)]
                 for i in table.items], [1.1, 4.6, 6.0, 1.5, 1.4, 1.4])
        if table.total is not None:
            w.add(f"总分：{_points(table.total)}")
    w.para(assessment.notes)


def _budget(budget) -> str:
    return f"信息化经费投入：每年 {budget.it_percent:g}%" + (f"（{budget.text}）" if budget.text else "")


def _restated(budget, safeguards) -> bool:
    """Whether the safeguards already say the budget's words (the seed's 每年……划出 10%): not said twice."""
    said = "\n".join(f"{i.text or ''}\n" + "\n".join(i.items) for i in safeguards or [])
    return bool(budget.text) and budget.text.replace(" ", "") in said.replace(" ", "")


def _kickoff(w: Writer, k) -> None:
    """全校教师动员会 (seed 004 C17): date, the micro-lecture and who gave it, the guidance training."""
    w.heading("全校教师动员会", 2)
    w.para(f"召开日期：{k.date}；微讲座：{k.speaker}" + (f"（{k.speaker_post}）" if k.speaker_post else ""))
    if k.lecture:
        w.para(k.lecture, prefix="微讲座内容：")
    if k.guidance:
        w.para(k.guidance, prefix="指导培训：")
    if k.evidence:
        w.para("留存材料：" + "、".join(k.evidence))


def _num(n: int, text: str) -> str:
    """'1.' before text; '1. ' when the text starts with a digit, so 8.2019年 is not read as a number."""
    return f"{n}. " if text[:1].isdigit() else f"{n}."


def _points(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value} 分" if isinstance(value, (int, float)) else str(value)
