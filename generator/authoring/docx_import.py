"""A school's Word plan → plan.yml or training.yml: blocks from docx_read, mapped by the template.

Takes the blocks of one document; gives an ImportResult: which plan it is, the data (validated by
the model), the header facts (school name, mode), every part that could not be mapped (with its
paragraph or table number) and every personal detail that was cut out. Nothing is invented:
a part the document does not have stays absent, so `plansite check` names it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import yaml

from ..core.choices import MODES
from ..model import Plan, Training
from .docx_plan import PlanParts
from .docx_read import Block, read_docx, squash
from .docx_training import TrainingParts

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
@dataclass
class ImportResult:
    kind: str                                   # "plan" or "training"
    data: dict
    school_name: str | None = None
    mode: str | None = None
    unmapped: list[str] = field(default_factory=list)
    private: list[str] = field(default_factory=list)


class Mapper(PlanParts, TrainingParts):
    """Walks the sections of one document and fills the model's fields."""

    def sections(self) -> list[tuple[str | None, Block | None, list[Block]]]:
        table = PLAN_SECTIONS if self.kind == "plan" else TRAINING_SECTIONS
        out: list[tuple[str | None, Block | None, list[Block]]] = [(None, None, [])]
        for b in self.blocks:
            if self._opens_section(b):
                out.append((next((k for k, pattern in table if re.search(pattern, b.body)), "unknown"), b, []))
            else:
                out[-1][2].append(b)
        return out

    def _opens_section(self, b: Block) -> bool:
        """A part label or a 一、 heading (and in the training plan 主要任务) opens a section."""
        if b.kind != "p":
            return False
        return 1 <= b.level <= 2 or self.kind == "training" and bool(re.match(r"^主要任务", b.text))

    def run(self) -> dict:
        for key, head, body in self.sections():
            handler = getattr(self, f"{self.kind}_{key}", None) or getattr(self, f"any_{key}", None)
            if handler is None:
                continue
            if head is not None:
                self.use(head)
            handler(head, body)
        return self.data


def _kind(blocks: list[Block]) -> str | None:
    """The plan a document is, by the first paragraph near its top that names one."""
    return next((kind for b in blocks[:12] if b.kind == "p" and (kind := _kind_named(b.text))), None)


def _kind_named(text: str) -> str | None:
    if "校本研修" in text and ("方案" in text or "考核" in text):
        return "training"
    return "plan" if "发展规划" in text else None


def _header(blocks: list[Block], result: ImportResult, default_title: str) -> None:
    """Title, sample mark, mode, school name, period and version from the lines before the first part."""
    for b in _header_lines(blocks):
        if _read_header_line(b.text, result):
            b.used = True
    title = result.data.pop("_title", None)
    if title:
        title = _without_school(title, result.school_name)
        if title != default_title:
            result.data["title"] = title


def _header_lines(blocks: list[Block]) -> Iterator[Block]:
    """The body paragraphs before the first part label."""
    for b in blocks:
        if b.kind == "p" and b.level == 1:
            return
        if b.kind == "p" and not b.level:
            yield b


def _read_header_line(text: str, result: ImportResult) -> bool:
    """Takes what one line of the header says into the result; False for a line that says none of it."""
    if not result.data.get("_title") and re.search("发展规划|校本研修与考核方案", text):
        result.data["_title"] = _without_school(re.sub(r"模板$", "", squash(text)), result.school_name)
    elif text.startswith("示例数据"):
        result.data["sample"] = True
    elif re.match(r"^学校信息化应用模式", text):
        marked = re.findall(r"[☑√■✓✔\uf052]\s*(" + "|".join(MODES) + ")", text)
        result.mode = marked[0] if len(marked) == 1 else None
    else:
        return _read_header_field(text, result)
    return True


def _read_header_field(text: str, result: ImportResult) -> bool:
    """A 名称：值 line of the header: the school's name, the period or the version."""
    if m := re.match(r"^单位名称[:：]\s*(.+)$", text):
        result.school_name = m.group(1).strip()
    elif m := re.match(r"^(?:规划)?周期[:：]\s*(\S+?)\s*[-—–~至]+\s*(\S+)$", text):
        result.data["period"] = {"start": m.group(1), "end": m.group(2)}
    elif m := re.match(r"^版本[:：]\s*(.+)$", text):
        result.data["version"] = m.group(1).strip()
    else:
        return False
    return True


def _without_school(title: str, school_name: str | None) -> str:
    """A title without the school's name in front."""
    return title[len(school_name):] if school_name and title.startswith(school_name) else title


def import_blocks(blocks: list[Block], kind: str | None = None) -> ImportResult:
    """Map the blocks of one document onto plan.yml or training.yml."""
    kind = kind or _kind(blocks) or "plan"
    model = Plan if kind == "plan" else Training
    result = ImportResult(kind, {})
    _header(blocks, result, model.model_fields["title"].default)
    head = dict(result.data)
    data = Mapper(blocks, kind).run()
    result.data = {**head, **data}
    result.unmapped += [_unmapped(b) for b in blocks if not b.used]
    result.data = _in_field_order(result.data, model)
    model.model_validate(result.data)
    return result


def _in_field_order(data: dict, model: type[Plan] | type[Training]) -> dict:
    """The data's keys in the order the model lists its fields."""
    order = list(model.model_fields)
    return {k: data[k] for k in sorted(data, key=order.index)}


def _unmapped(b: Block) -> str:
    """Where a block nothing took is and what it says (a table with its header and rows)."""
    if b.kind != "t":
        return f"{b.where}：{b.text}"
    header = "、".join(" ".join(lines) for _, lines in b.rows[0]) if b.rows else ""
    return f"{b.where}（{len(b.rows)} 行，表头：{header}）：" + " / ".join(
        "｜".join(" ".join(lines) for _, lines in row) for row in b.rows)


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
        elif headed and _other_title(b, first):
            return [blocks[:i], blocks[i:]]
    return [blocks]


def _other_title(b: Block, first: str) -> bool:
    """A body line that is the title of a plan of another kind than the first."""
    return b.level == 0 and _title_kind(b.text) not in (None, first)


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
    lines += _private_note(result.private) + _unmapped_note(result.unmapped)
    body = yaml.dump(result.data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)
    return "\n".join(lines) + "\n" + body


def _private_note(private: list[str]) -> list[str]:
    """The comment lines that name the personal details cut out (masked)."""
    if not private:
        return []
    return ["# 导入时发现并删去了个人联系方式（不写入文件）：", *[f"#   {line}" for line in private]]


def _unmapped_note(unmapped: list[str]) -> list[str]:
    """The comment lines that keep the parts no field took, each part's lines indented under its first."""
    if not unmapped:
        return []
    lines = ["# 以下部分未能对应到模板的字段，原文保留在此，请人工放到合适的位置后删除本注释："]
    for entry in unmapped:
        for n, part in enumerate(entry.splitlines() or [""]):
            lines.append(("#   " if n == 0 else "#     ") + part)
    return lines
