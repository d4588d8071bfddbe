"""Reading the development plan's sections (学校信息化教育教学发展规划) from a Word document:
one method per section, named plan_<section> (docx_import.Mapper finds them by name)."""

from __future__ import annotations

import re
from typing import Any, Callable

from .docx_parts import ASPECTS, CODE, SWOT_KEYS, MapperBase, _join, finished

_SWOT_SOURCE = re.compile(r"(.*)（出处：(.+)）", re.S)
_SUMMARY = re.compile(r"^(总的来讲|总的来说|总之|综上|总体)")
_CAPABILITY = re.compile(rf"^(?P<name>.*?)\s*[（(](?P<code>{CODE})[）)]\s*(?:[—–-]+\s*(?P<level>.+))?$")


class PlanParts(MapperBase):
    def plan_part(self, head, body) -> None:
        """A label of the template's form (学校信息化教育教学概况 …): its parts follow as headings."""

    def plan_status(self, head, body) -> None:
        status = self._grouped_paragraphs(body, 3, _aspect_of, _summary_of)
        if status:
            self.data["status"] = status

    def _grouped_paragraphs(self, body, heading_level: int, group_of: Callable[[str], str | None],
                            restart: Callable[[str], str | None] = lambda text: None) -> dict[str, str | None]:
        """The body paragraphs joined per group: a heading at heading_level names the group
        (group_of, None for a heading of no group) and `restart` a paragraph opening a group itself."""
        groups: dict[str, list[str]] = {}
        current: str | None = None
        for b in body:
            if b.kind == "p" and b.level == heading_level:
                current = group_of(b.text)
                if current:
                    self.use(b)
            elif b.kind == "p" and b.level == 0:
                current = restart(b.text) or current
                if current:
                    groups.setdefault(current, []).append(b.text)
                    self.use(b)
        return {k: _join(v) for k, v in groups.items()}

    def plan_problems(self, head, body) -> None:
        text = self.paragraphs(body)
        if text:
            self.data["problems"] = text

    def plan_swot(self, head, body) -> None:
        swot, note = self._swot_quadrants(body)
        if note:
            swot["compiled"] = "\n\n".join(note)
        if swot:
            self.data["swot"] = swot

    def _swot_quadrants(self, body) -> tuple[dict[str, Any], list[str]]:
        """Each quadrant's lines under its heading, and the paragraphs before the quadrants (how
        the SWOT was put together)."""
        swot: dict[str, Any] = {}
        note: list[str] = []
        current = None
        for b in body:
            if b.kind != "p":
                continue
            if b.level == 3:
                current = self._swot_heading(b, swot)
            elif current and b.level in (0, 4):
                swot[current].append(_swot_line(b.body))
                self.use(b)
            elif current is None and b.level == 0:
                note.append(b.body)
                self.use(b)
        return swot, note

    def _swot_heading(self, b, swot: dict[str, Any]) -> str | None:
        """The quadrant a heading opens (its list started), None for another heading."""
        key = _swot_key(b.body)
        if key:
            swot.setdefault(key, [])
            self.use(b)
        return key

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
        infra = self._grouped_paragraphs(body, 4, _infrastructure_part)
        if infra:
            self.data["infrastructure"] = infra

    def plan_capabilities(self, head, body) -> None:
        caps = self._capability_entries(body)
        if caps:
            self.data["capabilities"] = finished(caps)

    def _capability_entries(self, body) -> list[dict[str, Any]]:
        """Each capability the section names, with the body paragraphs under it."""
        caps: list[dict[str, Any]] = []
        for b in body:
            if b.kind != "p":
                continue
            cap = _capability(b)
            if b.level == 3:
                pass  # the template's aspect headings: structure, not content
            elif cap:
                caps.append(cap)
            elif b.level == 0 and caps:
                caps[-1]["text"].append(b.text)
            else:
                continue
            self.use(b)
        return caps

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


def _aspect_of(heading: str) -> str | None:
    """The aspect of the status a heading names (学情分析 …), None for another heading."""
    return next((k for k, word in ASPECTS if word in heading), None)


def _summary_of(text: str) -> str | None:
    """"summary" for a paragraph that sums the status up (总的来讲 …): it opens the summary."""
    return "summary" if _SUMMARY.match(text) else None


def _infrastructure_part(heading: str) -> str | None:
    """hardware or software for the infrastructure's headings, None for another heading."""
    return "hardware" if "硬件" in heading else "software" if re.search("软件|平台", heading) else None


def _swot_key(heading: str) -> str | None:
    """The SWOT quadrant a heading names (优势 or S …), None for another heading."""
    return next((k for k, pattern in SWOT_KEYS if re.search(pattern, heading)), None)


def _swot_line(text: str) -> str | dict[str, str]:
    """A line of a quadrant; an excerpt names where it was taken from."""
    line = _SWOT_SOURCE.fullmatch(text)
    return {"text": line[1], "source": line[2]} if line else text


def _capability(b) -> dict[str, Any] | None:
    """A paragraph naming a capability (名称（代码）— 水平) as a new entry, None for any other."""
    match = _CAPABILITY.match(b.body) if b.level in (0, 4) else None
    if not match:
        return None
    return {"code": match["code"], "name": match["name"] or None, "level": match["level"], "text": []}
