"""Reading the training plan's sections (校本研修与考核方案) from a Word document: one method per
section, named training_<section> (docx_import.Mapper finds them by name)."""

from __future__ import annotations

import re

from .docx_parts import CODE, MapperBase, _join, _listify, _names, _number, _records, table_kind
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
        groups: list[dict] = []
        tables = self.tables_of(body, "key_points")
        if not tables:
            return
        for r in _records(tables):
            subject = " ".join(r.get("subject", []))
            if groups and r["_ids"][0] == groups[-1]["_id"]:
                group = groups[-1]   # the subject cell is merged over several rows
            else:
                group = {"_id": r["_ids"][0], "subject": subject, "points": [], "leads": [], "topic": []}
                groups.append(group)
            for line in r.get("points", []):
                for code, name in re.findall(rf"({CODE})\s*([^A-Z\d、，,；;]*)", line):
                    group["points"].append({"code": code, "name": name.strip() or None})
            group["leads"] += [n for n in _listify(_names(r.get("leads", []))) if n not in group["leads"]]
            group["topic"] += r.get("topic", [])
        self.data["key_points"] = [{"subject": g["subject"], "topic": _join(g["topic"]),
                                    "points": [{k: v for k, v in p.items() if v} for p in g["points"]],
                                    "leads": g["leads"]} for g in groups]
        for g in self.data["key_points"]:
            if not g["topic"]:
                del g["topic"]

    def training_calendar(self, head, body) -> None:
        tables = self.tables_of(body, "calendar")
        if not tables:
            return
        rows = []
        for r in _records(tables):
            row: dict[str, object] = {"time": " ".join(r.get("time", [])), "content": _join(r.get("content", []))}
            for key in ("host", "participants", "form", "place"):
                if r.get(key):
                    row[key] = _names(r[key])
            if r.get("hours"):
                row["hours"] = _number(r["hours"])
            if "".join(r.get("online", [])).strip() in ("是", "√", "✓", "线上"):
                row["online"] = True
            rows.append(row)
        self.data["calendar"] = rows

    def training_assessment(self, head, body) -> None:
        assessment, intro, notes = self._assessment_tables(body)
        for table in assessment["tables"]:
            table["items"] = [_rubric_item(r) for r in _records(table.pop("_blocks"))]
        assessment.update(intro=_join(intro), notes=_join(notes))
        self.data["assessment"] = {k: v for k, v in assessment.items() if v}
        for table in assessment["tables"]:
            if table.get("purpose") is None:
                table.pop("purpose")

    def _assessment_tables(self, body) -> tuple[dict, list[str], list[str]]:
        """The rubric tables (each with its title and the blocks it spans), and the paragraphs
        before them (intro) and after (notes)."""
        assessment: dict = {"tables": []}
        intro: list[str] = []
        notes: list[str] = []
        title = None
        groups: list[list[Block]] = []
        for b in body:
            if b.kind == "p" and b.level == 3:
                title = b.body
            elif b.kind == "t" and table_kind(b) == "rubric":
                groups.append([b])
                name, _, purpose = (title or f"考核表 {len(groups)}").partition("：")
                assessment["tables"].append({"title": name.strip(), "purpose": purpose.strip() or None,
                                             "items": [], "_blocks": groups[-1]})
                title = None
            elif b.kind == "t" and groups and not title and len(b.rows[0]) == len(groups[-1][0].rows[0]):
                groups[-1].append(b)  # the same table continued on the next page
            elif b.kind == "p" and b.level == 0 and re.match(r"^总分[:：]", b.text) and assessment["tables"]:
                assessment["tables"][-1]["total"] = _number([b.text.split("：", 1)[-1].split(":", 1)[-1]])
            elif b.kind == "p" and b.level == 0:
                (notes if groups else intro).append(b.text)
            else:
                continue
            self.use(b)
        return assessment, intro, notes

    def training_safeguards(self, head, body) -> None:
        items: list[dict] = []
        for b in body:
            if b.kind != "p":
                continue
            if b.level == 3:
                items.append({"title": b.body, "text": [], "items": []})
            elif not items:
                continue
            elif b.level == 4:
                items[-1]["items"].append(b.body)
            elif b.level == 0 and items[-1]["items"]:
                sep = "\n" if b.bullet and items[-1]["items"][-1].splitlines()[-1].startswith("- ") else "\n\n"
                items[-1]["items"][-1] += sep + ("- " if b.bullet else "") + b.text
            elif b.level == 0:
                items[-1]["text"].append(b.text)
            else:
                continue
            self.use(b)
        for item in items:
            item["text"] = _join(item["text"])
        if items:
            self.data["safeguards"] = [{k: v for k, v in i.items() if v} for i in items]


def _rubric_item(r: dict) -> dict:
    """One row of a rubric table as an item of the school's assessment table."""
    no = "".join(r.get("no", []))
    item = {"item": int(no) if no.isdigit() else no or None, "content": "".join(r.get("content", [])),
            "criteria": "".join(r.get("criteria", [])) or None,
            "points": _number(r.get("score_points", [])),
            "self_score": _number(r.get("self_score", [])), "score": _number(r.get("score", []))}
    return {k: v for k, v in item.items() if v is not None}
