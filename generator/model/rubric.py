"""schemas/rubrics/*.yml: a scoring rubric (考核细则) as a tree of items with points."""

from __future__ import annotations

from typing import Annotated, Any, Iterator, Literal

from pydantic import BeforeValidator

from .base import AlsoAccepts, F, Markdown, Number, Strict


def as_code(value: Any) -> Any:
    """Item codes are text; `code: 1` or `code: 6.1` written without quotes still mean "1", "6.1"."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


Code = Annotated[str, BeforeValidator(as_code), AlsoAccepts(({"type": "number"},))]
"""The code of a rubric item, e.g. C2 or 6.1."""


def _check_ref(value: Any) -> Any:
    return {"id": value} if isinstance(value, str) else value


class CheckRef(Strict):
    """A machine cross-check of the plan attached to an item (see generator/check/crosscheck.py)."""

    id: str = F("核对项编号，如 team-lead、swot、capability-count、calendar-fields、hours",
                "Cross-check id, e.g. team-lead, swot, capability-count, calendar-fields, hours")
    params: dict[str, Any] = F("核对参数（关键词、数量界限、学时等）", "Parameters (keywords, bounds, hours)", {})


class GradeBand(Strict):
    """A grade band: a total at or above `min` (and below the next band) earns this grade."""

    name: str = F("等次名称，如 优秀", "Grade name, e.g. 优秀 (excellent)")
    name_en: str | None = F("英文名称", "Name in English", None)
    min: Number = F("最低分（含）", "Lowest total of the band (inclusive)")


class Indicator(Strict):
    """考核指标: one item of a rubric. A leaf is scored; a parent's points are the sum of its children."""

    code: Code = F("编号，如 A1、B1、C1 或 1、6.1", "Code, e.g. A1, B1, C1 or 1, 6.1")
    name: str = F("考核项目名称", "Name of the item")
    name_en: str | None = F("英文名称", "Name in English", None)
    points: Number = F("分值", "Points", ge=0)
    description: Markdown | None = F("考核内容（评估指标）", "What is assessed", None)
    method: Markdown | None = F("考核方式及计分办法", "How it is assessed and scored", None)
    evidence_required: bool = F("自评给分时是否必须附证明材料", "Whether a self-score must cite evidence", False)
    check: Annotated[CheckRef | None, BeforeValidator(_check_ref), AlsoAccepts(({"type": "string"},))] = F(
        "从两案机器核对的项目（可选）", "Machine cross-check against the plan (optional)", None)
    source: str | None = F("出处（缺省时同上级）", "Source (defaults to the parent's)", None)
    children: list[Indicator] = F("下级项目", "Sub-items", [])

    @property
    def is_leaf(self) -> bool:
        return not self.children


Walk = Iterator[tuple[Indicator, tuple, int]]


class Rubric(Strict):
    """schemas/rubrics/*.yml · A scoring rubric: items with points, a total and grade bands."""

    id: str = F("细则编号（与文件名相同）", "Rubric id (the file name)")
    name: str = F("名称", "Name")
    name_en: str | None = F("英文名称", "Name in English", None)
    scope: Literal["school", "county", "group", "teacher"] = F(
        "评价对象：school 学校、county 县区、group 教研组、teacher 教师",
        "Who is assessed: school, county, group (subject group) or teacher")
    source: str = F("出处", "Source")
    total: Number = F("总分", "Total points")
    grades: list[GradeBand] = F("等次（出处未规定时为空）", "Grade bands (empty where the source sets none)", [])
    base_items: list[Code] = F("基础项：其中任一项扣分，等次即为最低等",
                               "Base items: any deduction in one gives the lowest grade", [])
    base_rule_source: str | None = F("基础项规则的出处", "Source of the base-item rule", None)
    note: Markdown | None = F("说明", "Notes", None)
    items: list[Indicator] = F("考核项目", "Items")

    def model_post_init(self, _ctx) -> None:
        self._by_code = {}
        for item, _, _ in self.walk():
            self._by_code.setdefault(item.code, item)

    def walk(self) -> Walk:
        """Every item depth-first, with its YAML location and depth (roots are depth 0)."""
        def visit(items, loc, depth):
            for i, item in enumerate(items):
                here = loc + (i,)
                yield item, here, depth
                yield from visit(item.children, here + ("children",), depth + 1)
        yield from visit(self.items, ("items",), 0)

    def item(self, code: str) -> Indicator | None:
        return self._by_code.get(code)

    def leaves(self) -> list[Indicator]:
        return [item for item, _, _ in self.walk() if item.is_leaf]

    def lowest_grade(self) -> GradeBand | None:
        return min(self.grades, key=lambda g: g.min) if self.grades else None
