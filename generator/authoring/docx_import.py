"""A school's Word plan → plan.yml or training.yml: blocks from docx_read, mapped by the template.

Takes the blocks of one document; gives an ImportResult: which plan it is, the data (validated by
the model), the header facts (school name, mode), every part that could not be mapped (with its
paragraph or table number) and every personal detail that was cut out. Nothing is invented:
a part the document does not have stays absent, so `plansite check` names it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..model import Plan, Training
from ..model.site import MODES
from ..site.docx import UNNAMED
from .docx_read import Block, read_docx, squash

CODE = r"[A-Z]\d{1,2}|\d-\d{1,2}"
PLAN_SECTIONS = (  # heading keyword → section; the order settles headings that hold two keywords
    ("phase", r"第[一二三四五12345]年"), ("capabilities", r"能力水平"), ("status", r"应用现状"),
    ("problems", r"存在的?问题"), ("swot", r"SWOT|优势.*劣势"), ("vision", r"愿景"),
    ("goals", r"绩效目标"), ("tasks", r"主要任务"), ("safeguards", r"保障措施"),
    ("infrastructure", r"建设概况"), ("phases", r"实施安排"), ("team", r"管理团队"),
    ("it_lead", r"信息化负责人"), ("part", r"教育教学概况|发展目标$|能力建设情况"),
)
TRAINING_SECTIONS = (
    ("key_points", r"关键能力点"), ("calendar", r"校本研修计划|研修日程"), ("assessment", r"考核方案"),
    ("safeguards", r"质量保障"), ("tasks", r"^主要任务"), ("goals", r"目标与任务|研修目标"),
    ("team", r"管理团队"), ("it_lead", r"信息化负责人"),
)
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


@dataclass
class ImportResult:
    kind: str                                   # "plan" or "training"
    data: dict
    school_name: str | None = None
    mode: str | None = None
    unmapped: list[str] = field(default_factory=list)
    private: list[str] = field(default_factory=list)


_SWOT_SOURCE = re.compile(r"(.*)（出处：(.+)）", re.S)


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
    if "criteria" in cols or {"no", "score_points"} <= cols:
        return "rubric"
    if "subject" in cols and "points" in cols:
        return "key_points"
    if {"time", "content"} <= cols:
        return "calendar"
    if "name" in cols:
        return "team"
    if "points" in cols:
        return "capabilities"
    return None


def _records(blocks: list[Block]) -> list[dict]:
    """Rows of one logical table: a table split into parts repeats or omits its header."""
    header = [" ".join(lines) for _, lines in blocks[0].rows[0]]
    cols = _columns(header)
    out = []
    for block in blocks:
        for n, row in enumerate(block.rows):
            texts = [" ".join(lines) for _, lines in row]
            if n == 0 and _columns(texts) == cols:
                continue
            if not any(texts):
                continue
            record = {"_ids": [cid for cid, _ in row]}
            for key, (_, lines) in zip(cols, row):
                if key:
                    record[key] = lines
            out.append(record)
    return out


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


class Mapper:
    """Walks the sections of one document and fills the model's fields."""

    def __init__(self, blocks: list[Block], kind: str):
        self.blocks, self.kind = blocks, kind
        self.data: dict = {}

    def use(self, *blocks: Block) -> None:
        for b in blocks:
            b.used = True

    def sections(self) -> list[tuple[str | None, Block | None, list[Block]]]:
        table = PLAN_SECTIONS if self.kind == "plan" else TRAINING_SECTIONS
        out: list[tuple[str | None, Block | None, list[Block]]] = [(None, None, [])]
        for b in self.blocks:
            key = None
            if b.kind == "p" and 1 <= b.level <= 2 or (b.kind == "p" and self.kind == "training"
                                                       and re.match(r"^主要任务", b.text)):
                key = next((k for k, pattern in table if re.search(pattern, b.body)), "unknown")
            if key:
                out.append((key, b, []))
            else:
                out[-1][2].append(b)
        return out

    def run(self) -> dict:
        for key, head, body in self.sections():
            handler = getattr(self, f"{self.kind}_{key}", None) or getattr(self, f"any_{key}", None)
            if handler is None:
                continue
            if head is not None:
                self.use(head)
            handler(head, body)
        return self.data

    # ── shared pieces ──
    def paragraphs(self, body: list[Block], skip_hints: bool = True) -> str | None:
        parts = []
        for b in body:
            if b.kind == "p" and b.level == 0 and not (skip_hints and b.text.startswith(HINTS)):
                parts.append(("- " if b.bullet else "") + b.text)
                self.use(b)
        return _join(parts)

    def items(self, body: list[Block], with_codes: bool = False) -> list[dict]:
        items: list[dict] = []
        for b in body:
            if b.kind != "p":
                continue
            if b.level == 4 and not b.bullet:
                items.append({"title": b.body, "text": [], "items": []})
            elif not items:
                continue
            elif b.level == 5:
                items[-1]["items"].append(b.body)
            elif with_codes and re.match(r"^[（(]?相关能力点[:：]", b.text):
                items[-1]["capabilities"] = re.findall(CODE, b.text)
            elif b.level == 0:
                items[-1]["text"].append(("- " if b.bullet else "") + b.text)
            else:
                continue
            self.use(b)
        for item in items:
            item["text"] = _join(item["text"])
        return [{k: v for k, v in i.items() if v} for i in items]

    def numbered(self, body: list[Block]) -> tuple[str | None, list[str | None]]:
        """Text before the first numbered paragraph, then one entry per number (continuations joined)."""
        intro, entries = [], []
        for b in body:
            if b.kind != "p" or b.text.startswith(HINTS):
                continue
            if b.level == 4:
                entries.append([b.body])
            elif b.level == 0 and entries:
                entries[-1].append(("- " if b.bullet else "") + b.text)
            elif b.level == 0:
                intro.append(b.text)
            else:
                continue
            self.use(b)
        return _join(intro), [_join(e) for e in entries]

    def tables_of(self, body: list[Block], kind: str) -> list[Block]:
        """The tables of one kind in a section, with parts of them continued on the next page."""
        found: list[Block] = []
        for b in body:
            if b.kind != "t" or not b.rows:
                continue
            if table_kind(b) == kind:
                found.append(b)
            elif found and table_kind(b) is None and len(b.rows[0]) == len(found[-1].rows[0]):
                found.append(b)
        self.use(*found)
        return found

    # ── both plans ──
    def any_team(self, head, body) -> None:
        grids = self.tables_of(body, "team")
        if not grids:
            return
        members = [_person(r) for r in _records(grids) if r.get("name")]
        for m in members:
            if m.get("role") == "组长":
                m["lead"] = True
        if members:
            self.data["team"] = {"members": members}
        note = self.paragraphs(body)
        if note:
            team = self.data.setdefault("team", {"members": []})
            rest = [part for part in note.split("\n\n") if not part.startswith(UNNAMED)]
            unnamed = [part[len(UNNAMED):] for part in note.split("\n\n") if part.startswith(UNNAMED)]
            if unnamed:
                team["unnamed"] = unnamed[0]
            if rest:
                team["note"] = "\n\n".join(rest)

    def any_it_lead(self, head, body) -> None:
        grids = self.tables_of(body, "team")
        people = [_person(r) for r in _records(grids) if r.get("name")] if grids else []
        if people:
            self.data["it_lead"] = people[0]

    # ── plan ──
    def plan_part(self, head, body) -> None:
        """A label of the template's form (学校信息化教育教学概况 …): its parts follow as headings."""

    def plan_status(self, head, body) -> None:
        status: dict[str, list[str]] = {}
        current = None
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
        swot: dict[str, Any] = {}
        current, note = None, []
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
        infra: dict[str, list[str]] = {}
        current = None
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
            row: dict[str, Any] = {"time": " ".join(r.get("time", [])), "content": _join(r.get("content", []))}
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
        assessment: dict = {"tables": []}
        intro: list[str] = []
        notes: list[str] = []
        title = None
        groups: list[list[Block]] = []
        for b in body:
            if b.kind == "p" and b.level == 3:
                title = b.body
                self.use(b)
            elif b.kind == "t" and table_kind(b) == "rubric":
                groups.append([b])
                name, _, purpose = (title or f"考核表 {len(groups)}").partition("：")
                assessment["tables"].append({"title": name.strip(), "purpose": purpose.strip() or None,
                                             "items": [], "_blocks": groups[-1]})
                title = None
                self.use(b)
            elif b.kind == "t" and groups and not title and len(b.rows[0]) == len(groups[-1][0].rows[0]):
                groups[-1].append(b)  # the same table continued on the next page
                self.use(b)
            elif b.kind == "p" and b.level == 0 and re.match(r"^总分[:：]", b.text) and assessment["tables"]:
                assessment["tables"][-1]["total"] = _number([b.text.split("：", 1)[-1].split(":", 1)[-1]])
                self.use(b)
            elif b.kind == "p" and b.level == 0:
                (notes if groups else intro).append(b.text)
                self.use(b)
        for table in assessment["tables"]:
            for r in _records(table.pop("_blocks")):
                no = "".join(r.get("no", []))
                item = {"item": int(no) if no.isdigit() else no or None, "content": "".join(r.get("content", [])),
                        "criteria": "".join(r.get("criteria", [])) or None,
                        "points": _number(r.get("score_points", [])),
                        "self_score": _number(r.get("self_score", [])), "score": _number(r.get("score", []))}
                table["items"].append({k: v for k, v in item.items() if v is not None})
        assessment.update(intro=_join(intro), notes=_join(notes))
        self.data["assessment"] = {k: v for k, v in assessment.items() if v}
        for table in assessment["tables"]:
            if table.get("purpose") is None:
                table.pop("purpose")

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


def _kind(blocks: list[Block]) -> str | None:
    for b in blocks[:12]:
        if b.kind == "p" and "校本研修" in b.text and ("方案" in b.text or "考核" in b.text):
            return "training"
        if b.kind == "p" and "发展规划" in b.text:
            return "plan"
    return None


def _header(blocks: list[Block], result: ImportResult, default_title: str) -> None:
    """Title, sample mark, mode, school name, period and version from the lines before the first part."""
    for b in blocks:
        if b.kind != "p" or b.level:
            if b.kind == "p" and b.level == 1:
                break
            continue
        text = b.text
        if not result.data.get("_title") and re.search("发展规划|校本研修与考核方案", text):
            title = re.sub(r"模板$", "", squash(text))
            if result.school_name and title.startswith(result.school_name):
                title = title[len(result.school_name):]
            result.data["_title"] = title
        elif text.startswith("示例数据"):
            result.data["sample"] = True
        elif re.match(r"^学校信息化应用模式", text):
            marked = re.findall(r"[☑√■✓✔\uf052]\s*(" + "|".join(MODES) + ")", text)
            result.mode = marked[0] if len(marked) == 1 else None
        elif m := re.match(r"^单位名称[:：]\s*(.+)$", text):
            result.school_name = m.group(1).strip()
        elif m := re.match(r"^(?:规划)?周期[:：]\s*(\S+?)\s*[-—–~至]+\s*(\S+)$", text):
            result.data["period"] = {"start": m.group(1), "end": m.group(2)}
        elif m := re.match(r"^版本[:：]\s*(.+)$", text):
            result.data["version"] = m.group(1).strip()
        else:
            continue
        b.used = True
    title = result.data.pop("_title", None)
    if title:
        if result.school_name and title.startswith(result.school_name):
            title = title[len(result.school_name):]
        if title != default_title:
            result.data["title"] = title


def import_blocks(blocks: list[Block], kind: str | None = None) -> ImportResult:
    """Map the blocks of one document onto plan.yml or training.yml."""
    kind = kind or _kind(blocks) or "plan"
    model = Plan if kind == "plan" else Training
    result = ImportResult(kind, {})
    _header(blocks, result, model.model_fields["title"].default)
    head = dict(result.data)
    data = Mapper(blocks, kind).run()
    result.data = {**head, **data}
    for b in blocks:
        if not b.used:
            if b.kind == "t":
                header = "、".join(" ".join(lines) for _, lines in b.rows[0]) if b.rows else ""
                result.unmapped.append(f"{b.where}（{len(b.rows)} 行，表头：{header}）：" + " / ".join(
                    "｜".join(" ".join(lines) for _, lines in row) for row in b.rows))
            else:
                result.unmapped.append(f"{b.where}：{b.text}")
    order = list(model.model_fields)
    result.data = {k: result.data[k] for k in sorted(result.data, key=order.index)}
    model.model_validate(result.data)
    return result


def import_docx(path) -> ImportResult:
    """The first (or only) plan of a .docx."""
    return import_docx_all(path)[0]


def import_docx_all(path) -> list[ImportResult]:
    """Each plan of a .docx: one, or both when the document holds the development plan and the
    training plan one after the other (each under its own title)."""
    blocks, found = read_docx(path)
    results = [import_blocks(part) for part in split_documents(blocks)]
    results[0].private = found
    return results


_TITLES = (("training", re.compile(r"校本研修.{0,6}(方案|考核)(（?模板）?)?$")),
           ("plan", re.compile(r"发展规划(（?模板）?)?$")))


def _title_kind(text: str) -> str | None:
    """"plan" or "training" when the text is a document's title line (short, ends with its name)."""
    flat = squash(text)
    if len(flat) > 40:
        return None
    return next((kind for kind, pattern in _TITLES if pattern.search(flat)), None)


def split_documents(blocks: list[Block]) -> list[list[Block]]:
    """The blocks of each plan: split before a title of the other kind that follows the first
    plan's headings; one part when there is none."""
    first = _kind(blocks) or "plan"
    headed = False
    for i, b in enumerate(blocks):
        if b.kind != "p":
            continue
        if b.level in (1, 2):
            headed = True
        elif headed and b.level == 0 and _title_kind(b.text) not in (None, first):
            return [blocks[:i], blocks[i:]]
    return [blocks]


# ── YAML out ──

class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def to_yaml(result: ImportResult, source: str, schema: str | None = None) -> str:
    """The YAML file: a head comment, the unmapped parts as a note, then the data."""
    title = "学校信息化教育教学发展规划" if result.kind == "plan" else "校本研修与考核方案"
    lines = [f"# yaml-language-server: $schema={schema}"] if schema else []
    lines += [f"# {title}，由 Word 文件《{source}》导入；请核对后再提交。"]
    if result.private:
        lines.append("# 导入时发现并删去了个人联系方式（不写入文件）：")
        lines += [f"#   {line}" for line in result.private]
    if result.unmapped:
        lines.append("# 以下部分未能对应到模板的字段，原文保留在此，请人工放到合适的位置后删除本注释：")
        for entry in result.unmapped:
            for n, part in enumerate(entry.splitlines() or [""]):
                lines.append(("#   " if n == 0 else "#     ") + part)
    body = yaml.dump(result.data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)
    return "\n".join(lines) + "\n" + body
