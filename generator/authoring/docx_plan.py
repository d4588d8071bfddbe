"""Reading the development plan's sections (学校信息化教育教学发展规划) from a Word document:
one method per section, named plan_<section> (docx_import.Mapper finds them by name)."""

from __future__ import annotations

import re
from typing import Any

from .docx_parts import ASPECTS, CODE, SWOT_KEYS, MapperBase, _join

_SWOT_SOURCE = re.compile(r"(.*)（出处：(.+)）", re.S)


class PlanParts(MapperBase):
    def plan_part(self, head, body) -> None:
        """A label of the template's form (学校信息化教育教学概况 …): its parts follow as headings."""

    def plan_status(self, head, body) -> None:
        status: dict[str, list[str]]
        status, current = {}, None
        for b in body:
            if b.kind == "p" and b.level == 3:
                current = next((k for k, word in ASPECTS if word in b.text), None)
                if current:
                    self.use(b)
            elif b.kind == "p" and b.level == 0 and re.match(r"^(总的来讲|总的来说|总之|综上|总体)", b.text):
                current = "summary"
                status.setdefault(current, []).append(b.text)
                self.use(b)
            elif b.kind == "p" and b.level == 0 and current:
                status.setdefault(current, []).append(b.text)
                self.use(b)
        if status:
            self.data["status"] = {k: _join(v) for k, v in status.items()}

    def plan_problems(self, head, body) -> None:
        text = self.paragraphs(body)
        if text:
            self.data["problems"] = text

    def plan_swot(self, head, body) -> None:
        swot: dict[str, Any]
        swot, current, note = {}, None, []
        for b in body:
            if b.kind == "p" and b.level == 3:
                current = next((k for k, pattern in SWOT_KEYS if re.search(pattern, b.body)), None)
                if current:
                    swot.setdefault(current, [])
                    self.use(b)
            elif b.kind == "p" and current and b.level in (0, 4):
                line = _SWOT_SOURCE.fullmatch(b.body)  # an excerpt names where it was taken from
                swot[current].append({"text": line[1], "source": line[2]} if line else b.body)
                self.use(b)
            elif b.kind == "p" and current is None and b.level == 0:
                note.append(b.body)  # before the quadrants: how the SWOT was put together
                self.use(b)
        if note:
            swot["compiled"] = "\n\n".join(note)
        if swot:
            self.data["swot"] = swot

    def plan_vision(self, head, body) -> None:
        self._items("vision", body)

    def plan_goals(self, head, body) -> None:
        self._items("goals", body, with_codes=True)

    def plan_tasks(self, head, body) -> None:
        self._items("tasks", body)

    def plan_safeguards(self, head, body) -> None:
        self._items("safeguards", body)

    def _items(self, key: str, body, with_codes: bool = False) -> None:
        items = self.items(body, with_codes)
        if items:
            self.data[key] = items

    def plan_infrastructure(self, head, body) -> None:
        infra: dict[str, list[str]]
        infra, current = {}, None
        for b in body:
            if b.kind == "p" and b.level == 4:
                current = "hardware" if "硬件" in b.text else "software" if re.search("软件|平台", b.text) else None
                if current:
                    self.use(b)
            elif b.kind == "p" and b.level == 0 and current:
                infra.setdefault(current, []).append(b.text)
                self.use(b)
        if infra:
            self.data["infrastructure"] = {k: _join(v) for k, v in infra.items()}

    def plan_capabilities(self, head, body) -> None:
        caps: list[dict[str, Any]] = []
        pattern = re.compile(rf"^(?P<name>.*?)\s*[（(](?P<code>{CODE})[）)]\s*(?:[—–-]+\s*(?P<level>.+))?$")
        for b in body:
            if b.kind != "p":
                continue
            match = pattern.match(b.body) if b.level in (0, 4) else None
            if b.level == 3:
                self.use(b)  # the template's aspect headings: structure, not content
            elif match:
                caps.append({"code": match["code"], "name": match["name"] or None, "level": match["level"],
                             "text": []})
                self.use(b)
            elif b.level == 0 and caps:
                caps[-1]["text"].append(b.text)
                self.use(b)
        for c in caps:
            c["text"] = _join(c["text"])
        if caps:
            self.data["capabilities"] = [{k: v for k, v in c.items() if v} for c in caps]

    def plan_phases(self, head, body) -> None:
        intro = self.paragraphs(body)
        if intro:
            self.data["phases_intro"] = intro

    def plan_phase(self, head, body) -> None:
        match = re.match(r"^(?P<name>第.年)\s*[（(](?P<start>[^-—–~至）)]+?)\s*[-—–~至]+\s*(?P<end>[^）)]+?)[）)]"
                         r"\s*(?P<theme>.*)$", head.body)
        if not match:
            head.used = False
            return
        _, tasks = self.numbered(body)
        phase = {"name": match["name"], "start": match["start"], "end": match["end"],
                 "theme": match["theme"] or None, "tasks": tasks}
        self.data.setdefault("phases", []).append({k: v for k, v in phase.items() if v})

    # ── training ──
