"""Shared pieces of the content models."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from types import NoneType, UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator


def F(zh: str, en: str, default: Any = ..., **kw: Any) -> Any:
    """A field whose description is Chinese first, then English."""
    return Field(default, description=f"{zh} · {en}", **kw)


class Strict(BaseModel):
    """A content block: unknown keys are errors, so typos are caught."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=False, allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _blank_blocks_are_absent(cls, data: Any) -> Any:
        """An optional block holding nothing (as a form saves a block the writer never opened:
        `kickoff: {date: ""}`) counts as left out, not as a block missing its required fields."""
        if not isinstance(data, dict):
            return data
        blank = [key for key in optional_blocks(cls) if key in data and _blank(data[key])]
        return {k: (None if k in blank else v) for k, v in data.items()} if blank else data


@cache
def optional_blocks(model: type[BaseModel]) -> tuple[str, ...]:
    """The keys of a model's fields that hold an optional nested block (`X | None` of a model)."""
    keys = []
    for name, info in model.model_fields.items():
        args = get_args(info.annotation) if get_origin(info.annotation) in (Union, UnionType) else ()
        if NoneType in args and any(isinstance(a, type) and issubclass(a, BaseModel) for a in args):
            keys.append(info.alias or name)
    return tuple(keys)


def _blank(value: Any) -> bool:
    """Nothing written: None, an empty text, list or mapping, or a mapping of such."""
    if value is None or value == "" or value == [] or value == {}:
        return True
    return isinstance(value, dict) and all(_blank(v) for v in value.values())


def _as_list(value: Any) -> Any:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return value


@dataclass(frozen=True)
class AlsoAccepts:
    """Mark a type whose before-validator also takes these shapes, so the JSON Schema accepts them too."""

    shapes: tuple[dict[str, Any], ...]

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> dict[str, Any]:
        return {"anyOf": [*self.shapes, handler(core_schema)]}


Markdown = Annotated[str, Field(json_schema_extra={"format": "markdown"})]
"""Free text written in Markdown (raw HTML is not rendered)."""

Names = Annotated[list[str], BeforeValidator(_as_list), AlsoAccepts(({"type": "string"}, {"type": "null"}))]
"""One name or a list of names."""

Number = int | float


class Item(Strict):
    """A titled paragraph, optionally with numbered sub-points."""

    title: str | None = F("标题", "Title", None)
    text: Markdown | None = F("正文（Markdown）", "Body text (Markdown)", None)
    items: list[Markdown] = F("分项要点", "Sub-points", [])


class Person(Strict):
    """A named person in a team. Contacts (phone, e-mail) are never recorded."""

    name: str = F("姓名", "Name")
    role: str | None = F("在团队中的分工，如 组长、副组长、成员", "Role in the team, e.g. leader, deputy, member", None)
    post: str | None = F("职务，如 校长、教导主任", "Post, e.g. principal, head of teaching", None)
    title: str | None = F("职称，如 高级教师", "Professional title, e.g. senior teacher", None)
    lead: bool = F("是否为团队负责人（领衔）", "Whether this person leads the team", False)
    source: str | None = F("出处说明（可选）", "Where this entry comes from (optional)", None)


class Period(Strict):
    """The time a plan covers."""

    start: str = F("开始，如 2020.9", "Start, e.g. 2020.9")
    end: str = F("结束，如 2023.8", "End, e.g. 2023.8")


def ORIGINAL_FIELD() -> Any:
    """A row's slips as the source document wrote them: field name → the original text."""
    return F("原文写法：已更正的笔误，按字段名记下原文，如 {time: 2021 年 1 月 旬}",
             "The source's own wording of a mended slip, by field name", {})


SAMPLE_FIELD = F("是否为示例数据（演示用，不是真实学校的资料）",
                 "Whether this is generated sample data rather than a real school's", False)

CONTACT_KEYS = frozenset({
    "phone", "tel", "telephone", "mobile", "email", "e-mail", "mail", "wechat", "qq",
    "id_number", "idcard", "id_card", "电话", "手机", "邮箱", "电子邮箱", "身份证", "身份证号",
})
"""Keys that would hold contact details: reported as a privacy error, never as a typo."""
