"""The pieces every part of a Word plan is read with (docx_import.py): the table columns the
templates use, a table's kind and rows, names and numbers in cells, and the Mapper's base with
the readers both plans share (paragraphs, lists, numbered items, the team)."""

from __future__ import annotations

import re

from ..site.docx import UNNAMED
from .docx_read import Block, squash

CODE = r"[A-Z]\d{1,2}|\d-\d{1,2}"
ASPECTS = (("analysis", "学情分析"), ("design", "教学设计"), ("guidance", "学法指导"),
           ("assessment", "学业评价"), ("innovation", "融合创新"))
SWOT_KEYS = (("strengths", "优势|^S"), ("weaknesses", "劣势|^W"), ("opportunities", "机会|^O"),
             ("threats", "威胁|挑战|^T"))
HINTS = ("可从以下方面填写", "可结合本校")
COLUMNS = {
    "time": ("时间", "日期"), "content": ("内容", "研修内容", "活动内容", "考核内容"), "host": ("主持人", "主讲人"),
    "participants": ("参与人", "参加人", "参与对象", "参加对象"), "form": ("形式", "研修形式", "活动形式"),
    "place": ("地点",), "hours": ("学时", "课时"), "online": ("线上研修", "线上"),
    "subject": ("学科", "教研组", "科组"), "topic": ("研修专题与目标", "研修专题", "专题"),
    "points": ("能力点选择", "能力点", "关键能力点"), "leads": ("负责人",),
    "no": ("序号",), "criteria": ("评分要点", "评分标准"), "score_points": ("分值",), "self_score": ("自评",),
    "score": ("得分",), "name": ("姓名",), "post": ("职务",), "title": ("职称",), "role": ("分工", "团队分工", "角色"),
    "phone": ("电话", "手机"), "email": ("电子邮箱", "邮箱"), "sex": ("性别",),
}

def _columns(header: list[str]) -> list[str | None]:
    out = []
    for text in header:
        flat = squash(text)
        out.append(next((key for key, names in COLUMNS.items() if flat in names), None))
    return out


def table_kind(block: Block) -> str | None:
    if not block.rows:
        return None
    cols = set(_columns([" ".join(lines) for _, lines in block.rows[0]]))
    return next((kind for kind, needs in _TABLE_KINDS if any(need <= cols for need in needs)), None)


_TABLE_KINDS = (
    ("rubric", ({"criteria"}, {"no", "score_points"})),
    ("key_points", ({"subject", "points"},)),
    ("calendar", ({"time", "content"},)),
    ("team", ({"name"},)),
    ("capabilities", ({"points"},)),
)
"""A table's kind by its columns: the first kind whose columns (any of its sets) the header has."""


def _records(blocks: list[Block]) -> list[dict]:
    """Rows of one logical table: a table split into parts repeats or omits its header."""
    header = [" ".join(lines) for _, lines in blocks[0].rows[0]]
    cols = _columns(header)
    out = []
    for block in blocks:
        out += [_record(cols, row) for n, row in enumerate(block.rows) if _is_record(n, row, cols)]
    return out


def _is_record(n: int, row: list, cols: list[str | None]) -> bool:
    """Row n of a table part holds a record: it has text and is not the header repeated."""
    texts = [" ".join(lines) for _, lines in row]
    return any(texts) and not (n == 0 and _columns(texts) == cols)


def _record(cols: list[str | None], row: list) -> dict:
    """A table row as the cells' lines under their columns' keys, with the cells' ids."""
    record = {"_ids": [cid for cid, _ in row]}
    for key, (_, lines) in zip(cols, row):
        if key:
            record[key] = lines
    return record


def _names(lines: list[str]):
    items = [x for line in lines for x in re.split(r"[、，,；;]\s*|\s{2,}", line) if x.strip()]
    return items[0] if len(items) == 1 else items


def _number(lines: list[str]):
    text = "".join(lines).strip()
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*分?", text)
    if not match:
        return text or None
    value = float(match.group(1))
    return int(value) if value.is_integer() else value


def _listify(value) -> list:
    return value if isinstance(value, list) else [value] if value else []


def _person(r: dict) -> dict:
    person = {"name": " ".join(r["name"])}
    for key in ("role", "post", "title"):
        if r.get(key) and "".join(r[key]).strip():
            person[key] = " ".join(r[key])
    return person


def _join(parts: list[str]) -> str | None:
    text = ""
    for part in parts:
        if text:
            text += "\n" if part.startswith("- ") and text.splitlines()[-1].startswith("- ") else "\n\n"
        text += part
    return text or None


def _is_body_text(b: Block, skip_hints: bool) -> bool:
    """A body paragraph; with skip_hints, not one of the template's hints on what to write."""
    return b.kind == "p" and b.level == 0 and not (skip_hints and b.text.startswith(HINTS))


def _continues(b: Block, found: list[Block]) -> bool:
    """A table of no kind as wide as the last one found: that table's part on the next page."""
    return bool(found) and table_kind(b) is None and len(b.rows[0]) == len(found[-1].rows[0])


def finished(items: list[dict]) -> list[dict]:
    """Items as the data keeps them: each one's text paragraphs joined, its empty fields left out."""
    for item in items:
        item["text"] = _join(item["text"])
    return [{k: v for k, v in i.items() if v} for i in items]


def _add_item_line(items: list[dict], b: Block, with_codes: bool) -> bool:
    """Files one paragraph of a list of items: a level-4 heading starts an item, a level-5 one is
    a point of it, 相关能力点 its capability codes (with_codes), body text its text. False when
    the paragraph belongs to none."""
    if b.level == 4 and not b.bullet:
        items.append({"title": b.body, "text": [], "items": []})
    elif not items:
        return False
    elif b.level == 5:
        items[-1]["items"].append(b.body)
    elif with_codes and re.match(r"^[（(]?相关能力点[:：]", b.text):
        items[-1]["capabilities"] = re.findall(CODE, b.text)
    elif b.level == 0:
        items[-1]["text"].append(("- " if b.bullet else "") + b.text)
    else:
        return False
    return True


def _add_numbered_line(intro: list[str], entries: list[list[str]], b: Block) -> bool:
    """Files one paragraph: a level-4 one starts an entry, body text continues the last entry (or
    is the intro before the first). False for a paragraph of another level."""
    if b.level == 4:
        entries.append([b.body])
    elif b.level != 0:
        return False
    elif entries:
        entries[-1].append(("- " if b.bullet else "") + b.text)
    else:
        intro.append(b.text)
    return True


def _team_members(grids: list[Block]) -> list[dict]:
    """The people in the team's tables; the one whose role is 组长 is the lead."""
    members = [_person(r) for r in _records(grids) if r.get("name")]
    for m in members:
        if m.get("role") == "组长":
            m["lead"] = True
    return members


def _add_team_note(team: dict, note: str) -> None:
    """The team's note: a paragraph marked as the unnamed members' stands apart from the rest."""
    parts = note.split("\n\n")
    rest = [part for part in parts if not part.startswith(UNNAMED)]
    unnamed = [part[len(UNNAMED):] for part in parts if part.startswith(UNNAMED)]
    if unnamed:
        team["unnamed"] = unnamed[0]
    if rest:
        team["note"] = "\n\n".join(rest)


class MapperBase:
    """What a Mapper holds (the blocks, the plan's kind, the data so far) and the readers every
    section uses; the sections' own readers are in docx_plan.py and docx_training.py."""

    def __init__(self, blocks: list[Block], kind: str):
        self.blocks, self.kind = blocks, kind
        self.data: dict = {}

    def use(self, *blocks: Block) -> None:
        for b in blocks:
            b.used = True

    # ── shared pieces ──
    def paragraphs(self, body: list[Block], skip_hints: bool = True) -> str | None:
        parts = []
        for b in body:
            if _is_body_text(b, skip_hints):
                parts.append(("- " if b.bullet else "") + b.text)
                self.use(b)
        return _join(parts)

    def items(self, body: list[Block], with_codes: bool = False) -> list[dict]:
        items: list[dict] = []
        for b in body:
            if b.kind == "p" and _add_item_line(items, b, with_codes):
                self.use(b)
        return finished(items)

    def numbered(self, body: list[Block]) -> tuple[str | None, list[str | None]]:
        """Text before the first numbered paragraph, then one entry per number (continuations joined)."""
        intro: list[str] = []
        entries: list[list[str]] = []
        for b in body:
            if b.kind == "p" and not b.text.startswith(HINTS) and _add_numbered_line(intro, entries, b):
                self.use(b)
        return _join(intro), [_join(e) for e in entries]

    def tables_of(self, body: list[Block], kind: str) -> list[Block]:
        """The tables of one kind in a section, with parts of them continued on the next page."""
        found: list[Block] = []
        for b in body:
            if b.kind != "t" or not b.rows:
                continue
            if table_kind(b) == kind or _continues(b, found):
                found.append(b)
        self.use(*found)
        return found

    # ── both plans ──
    def any_team(self, head, body) -> None:
        grids = self.tables_of(body, "team")
        if not grids:
            return
        members = _team_members(grids)
        if members:
            self.data["team"] = {"members": members}
        note = self.paragraphs(body)
        if note:
            _add_team_note(self.data.setdefault("team", {"members": []}), note)

    def any_it_lead(self, head, body) -> None:
        grids = self.tables_of(body, "team")
        people = [_person(r) for r in _records(grids) if r.get("name")] if grids else []
        if people:
            self.data["it_lead"] = people[0]

    # ── plan ──
