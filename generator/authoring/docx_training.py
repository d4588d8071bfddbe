"""Reading the training plan's sections (校本研修与考核方案) from a Word document: one method per
section, named training_<section> (docx_import.Mapper finds them by name)."""

from __future__ import annotations

import re

from .docx_parts import CODE, MapperBase, _join, _listify, _names, _number, _records, finished, table_kind
from .docx_read import Block


class TrainingParts(MapperBase):
    def training_goals(self, head, body) -> None:
        intro, goals = self.numbered(body)
        if intro:
            self.data["goals_intro"] = intro
        if goals:
            self.data["goals"] = goals

    def training_tasks(self, head, body) -> None:
        intro, tasks = self.numbered(body)
        if intro:
            self.data["tasks_intro"] = intro
        if tasks:
            self.data["tasks"] = tasks

    def training_key_points(self, head, body) -> None:
        tables = self.tables_of(body, "key_points")
        if tables:
            self.data["key_points"] = [_key_point(g) for g in _key_point_groups(_records(tables))]

    def training_calendar(self, head, body) -> None:
        tables = self.tables_of(body, "calendar")
        if not tables:
            return
        self.data["calendar"] = [_calendar_row(r) for r in _records(tables)]

    def training_assessment(self, head, body) -> None:
        assessment, intro, notes = self._assessment_tables(body)
        for table in assessment["tables"]:
            _finish_rubric_table(table)
        assessment.update(intro=_join(intro), notes=_join(notes))
        self.data["assessment"] = {k: v for k, v in assessment.items() if v}

    def _assessment_tables(self, body) -> tuple[dict, list[str], list[str]]:
        """The rubric tables (each with its title and the blocks it spans), and the paragraphs
        before them (intro) and after (notes)."""
        found = _AssessmentBlocks()
        for b in body:
            if found.take(b):
                self.use(b)
        return found.assessment, found.intro, found.notes

    def training_safeguards(self, head, body) -> None:
        items: list[dict] = []
        for b in body:
            if b.kind == "p" and _add_safeguard_line(items, b):
                self.use(b)
        if items:
            self.data["safeguards"] = finished(items)


def _calendar_row(r: dict) -> dict[str, object]:
    """One row of the training calendar: time and content, the names in its cells, hours, online or not."""
    row: dict[str, object] = {"time": " ".join(r.get("time", [])), "content": _join(r.get("content", []))}
    for key in ("host", "participants", "form", "place"):
        if r.get(key):
            row[key] = _names(r[key])
    if r.get("hours"):
        row["hours"] = _number(r["hours"])
    if "".join(r.get("online", [])).strip() in ("是", "√", "✓", "线上"):
        row["online"] = True
    return row


def _key_point_groups(records: list[dict]) -> list[dict]:
    """The key-point table's rows grouped by subject (the subject cell is merged over several rows)."""
    groups: list[dict] = []
    for r in records:
        if not groups or r["_ids"][0] != groups[-1]["_id"]:
            groups.append({"_id": r["_ids"][0], "subject": " ".join(r.get("subject", [])),
                           "points": [], "leads": [], "topic": []})
        _add_key_point_row(groups[-1], r)
    return groups


def _add_key_point_row(group: dict, r: dict) -> None:
    """One row's capability points, leads (each named once) and topic added to its subject's group."""
    for line in r.get("points", []):
        group["points"] += _coded_points(line)
    group["leads"] += [n for n in _listify(_names(r.get("leads", []))) if n not in group["leads"]]
    group["topic"] += r.get("topic", [])


def _coded_points(line: str) -> list[dict]:
    """The capability points a cell line names, each a code with the name after it (if any)."""
    return [{"code": code, "name": name.strip() or None}
            for code, name in re.findall(rf"({CODE})\s*([^A-Z\d、，,；;]*)", line)]


def _key_point(group: dict) -> dict:
    """One subject's key points as the school's data (no topic when the table has none)."""
    entry = {"subject": group["subject"], "topic": _join(group["topic"]),
             "points": [{k: v for k, v in p.items() if v} for p in group["points"]], "leads": group["leads"]}
    if not entry["topic"]:
        del entry["topic"]
    return entry


class _AssessmentBlocks:
    """The assessment section read block by block: rubric tables under their titles, the
    paragraphs before the first table (intro) and after it (notes)."""

    def __init__(self) -> None:
        self.assessment: dict = {"tables": []}
        self.intro: list[str] = []
        self.notes: list[str] = []
        self.title: str | None = None
        self.groups: list[list[Block]] = []

    def take(self, b: Block) -> bool:
        """Files one block; False when it is not part of the assessment."""
        if b.kind == "p":
            return self._paragraph(b)
        if b.kind == "t":
            return self._table(b)
        return False

    def _table(self, b: Block) -> bool:
        if table_kind(b) == "rubric":
            self._start_table(b)
            return True
        if self.groups and not self.title and len(b.rows[0]) == len(self.groups[-1][0].rows[0]):
            self.groups[-1].append(b)  # the same table continued on the next page
            return True
        return False

    def _start_table(self, b: Block) -> None:
        self.groups.append([b])
        name, _, purpose = (self.title or f"考核表 {len(self.groups)}").partition("：")
        self.assessment["tables"].append({"title": name.strip(), "purpose": purpose.strip() or None,
                                          "items": [], "_blocks": self.groups[-1]})
        self.title = None

    def _paragraph(self, b: Block) -> bool:
        if b.level == 3:
            self.title = b.body
        elif b.level != 0:
            return False
        elif re.match(r"^总分[:：]", b.text) and self.assessment["tables"]:
            self.assessment["tables"][-1]["total"] = _number([b.text.split("：", 1)[-1].split(":", 1)[-1]])
        else:
            (self.notes if self.groups else self.intro).append(b.text)
        return True


def _add_safeguard_line(items: list[dict], b: Block) -> bool:
    """Files one paragraph of the safeguards: a level-3 heading starts a safeguard, a level-4 one
    is an item of it, body text continues the last item (or the safeguard's text). False when
    the paragraph belongs to none."""
    if b.level == 3:
        items.append({"title": b.body, "text": [], "items": []})
    elif not items or b.level not in (0, 4):
        return False
    elif b.level == 4:
        items[-1]["items"].append(b.body)
    elif items[-1]["items"]:
        _continue_item(items[-1]["items"], b)
    else:
        items[-1]["text"].append(b.text)
    return True


def _continue_item(lines: list[str], b: Block) -> None:
    """A body paragraph added to the last item: a bullet after a bullet on the next line, else a new paragraph."""
    sep = "\n" if b.bullet and lines[-1].splitlines()[-1].startswith("- ") else "\n\n"
    lines[-1] += sep + ("- " if b.bullet else "") + b.text


def _finish_rubric_table(table: dict) -> None:
    """A rubric table's rows read as its items; no purpose when its title gives none."""
    table["items"] = [_rubric_item(r) for r in _records(table.pop("_blocks"))]
    if table.get("purpose") is None:
        table.pop("purpose")


def _rubric_item(r: dict) -> dict:
    """One row of a rubric table as an item of the school's assessment table."""
    no = "".join(r.get("no", []))
    item = {"item": int(no) if no.isdigit() else no or None, "content": "".join(r.get("content", [])),
            "criteria": "".join(r.get("criteria", [])) or None,
            "points": _number(r.get("score_points", [])),
            "self_score": _number(r.get("self_score", [])), "score": _number(r.get("score", []))}
    return {k: v for k, v in item.items() if v is not None}
