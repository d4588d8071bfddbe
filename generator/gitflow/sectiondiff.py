"""Compare two versions of a content file section by section, as their authors wrote them."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from ..load.yamlio import YamlDoc
from ..model.files import SCHEMAS, label
from ..model.sections import SECTIONS
from .sectionprose import Prose, describe, ordinal

DOC_NAMES = {"plan.yml": ("发展规划", "development plan"), "training.yml": ("校本研修与考核方案", "training plan"),
             "selfscore.yml": ("自评", "self-score"), "progress.yml": ("研修进度", "progress"),
             "teachers.yml": ("教师档案", "teachers"), "groups.yml": ("教研组档案", "subject groups"),
             "school.yml": ("学校信息", "school"), "filing.yml": ("报送记录", "filing"),
             "outputs.yml": ("成果登记", "outputs")}
MAX_DIFF_LINES = 40
OTHER_SECTIONS = {
    "selfscore.yml": {"items": "评分项", "rubric": "考核细则", "date": "自评日期", "total": "总分", "grade": "等级"},
    "progress.yml": {"groups": "教研组研修台账", "snapshots": "进度快照"},
    "teachers.yml": {"teachers": "教师"},
    "groups.yml": {"groups": "教研组"},
    "school.yml": {"name": "学校名称", "stage": "学段", "mode": "应用模式", "summary": "学校简介"},
}


@dataclass
class SectionChange:
    file: str
    section: str
    label: str
    change: str  # added | removed | changed
    diff: list[str] = field(default_factory=list)
    prose: Prose | None = None  # the change in words (sectionprose), for public pages

    @property
    def heading(self) -> str:
        """The label as a public page shows it: the section's Chinese name, without its key."""
        suffix = f"（{self.section}）"
        return self.label[: -len(suffix)] if self.label.endswith(suffix) else self.label

    @property
    def title(self) -> str:
        """The section's name as the document numbers it ("三、对标应用模式存在的问题"), without the
        document's name: a history page is about one document."""
        keys = list(SECTIONS.get(self.file, {}))
        name = SECTIONS[self.file][self.section][0] if self.section in keys else self.heading
        return f"{ordinal(keys.index(self.section) + 1)}、{name}" if self.section in keys else name


def sections_of(doc: YamlDoc | None) -> dict[str, str]:
    """The raw text of each top-level section of a file, as its author wrote it."""
    if doc is None or not doc.text:
        return {}
    lines = doc.text.splitlines()
    starts = _top_level_keys(doc)
    out = {}
    for i, (line, key) in enumerate(starts):
        end = starts[i + 1][0] - 1 if i + 1 < len(starts) else len(lines)
        out[key] = "\n".join(_without_trailing_comments(lines[line - 1:end]))
    return out


def _top_level_keys(doc: YamlDoc) -> list[tuple[int, str]]:
    """(line, key) of each top-level key of the file, in the order they stand."""
    return sorted((line, key[0]) for key, line in doc.key_lines.items() if len(key) == 1)


def _without_trailing_comments(block: list[str]) -> list[str]:
    """A section's lines without the blank lines and comments at its end: comments just above
    the next key belong to it."""
    while block and (not block[-1].strip() or block[-1].lstrip().startswith("#")):
        block.pop()
    return block


REVIEW_NAMES = {"plan-opinion": "发展规划的专家意见", "training-opinion": "校本研修与考核方案的专家意见"}


def _doc_name(file: str) -> str | None:
    if file.startswith("reviews/"):  # two files of one school: say whose opinion it is
        stem = file.rsplit("/", 1)[-1].removesuffix(".yml")
        return REVIEW_NAMES.get(stem, f"专家意见 {stem}")
    return DOC_NAMES[file][0] if file in DOC_NAMES else None


def _field_label(file: str, key: str) -> str:
    """The Chinese label of a top-level field (its description's first part), or the key."""
    model = SCHEMAS.get("review.schema.json" if file.startswith("reviews/") else file.replace(".yml", ".schema.json"))
    for name, info in (model.model_fields.items() if model is not None else ()):
        if key in (name, info.alias):
            return label(info.description) or key
    return key


def _label(file: str, key: str) -> str:
    zh = SECTIONS.get(file, {}).get(key, (OTHER_SECTIONS.get(file, {}).get(key) or _field_label(file, key),))[0]
    doc = _doc_name(file)
    return f"《{doc}》{zh}（{key}）" if doc else f"{file} {key}"


def _value(doc: YamlDoc | None, key: str):
    return doc.data.get(key) if doc is not None and isinstance(doc.data, dict) else None


def compare_docs(file: str, old: YamlDoc | None, new: YamlDoc | None) -> list[SectionChange]:
    a, b = sections_of(old), sections_of(new)
    changes = []
    for key in list(dict.fromkeys([*b, *a])):
        kind = _change_kind(key, a, b)
        if kind is None:
            continue
        changes.append(SectionChange(file, key, _label(file, key), kind, _diff(a.get(key, ""), b.get(key, "")),
                                     describe(_value(old, key), _value(new, key))))
    return changes


def _change_kind(key: str, a: dict[str, str], b: dict[str, str]) -> str | None:
    """added, removed or changed from a to b; None for a section unchanged (or the sample mark)."""
    if key in ("sample",):
        return None
    if key not in a:
        return "added"
    if key not in b:
        return "removed"
    return "changed" if a[key] != b[key] else None


def _diff(old: str, new: str) -> list[str]:
    """A section's unified diff (one line of context), cut after MAX_DIFF_LINES lines."""
    diff = list(difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=1))[2:]
    if len(diff) > MAX_DIFF_LINES:
        diff = diff[:MAX_DIFF_LINES] + [f"… （另有 {len(diff) - MAX_DIFF_LINES} 行 · more lines）"]
    return diff
