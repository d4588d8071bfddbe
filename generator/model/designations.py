"""Designations of schools as data: the lists of pilot and model schools a city names
(schemas/designations/*.yml), and the designations a school records of itself (school.yml).

Sources: seed 004 正文二 and 附件 3 (烟台市 125 所市级试点学校, 15 个区市); seed 002 三（一）6
(信阳市 2021 年遴选 11 所试点学校 — the seed does not name them) and 第四阶段 (2023 年 认证示范学校).
"""

from __future__ import annotations

from typing import Literal, get_args

from .base import F, Markdown, Strict

Kind = Literal["试点学校", "示范学校"]
KINDS: tuple[Kind, ...] = get_args(Kind)


class ListedDistrict(Strict):
    """One district's part of a list, as the source prints it."""

    name: str = F("区市名称，照原文", "District, as the source writes it")
    count: int | None = F("原文标题中的所数，如“芝罘区（14 所）”写 14", "The number the source's heading states", None, ge=0)
    schools: list[str] = F("学校名称，照原文", "School names, as the source writes them", [])


class DesignationList(Strict):
    """schemas/designations/*.yml · A list of pilot or model schools a body named."""

    id: str = F("名单编号（与文件名相同）", "List id (the file name)")
    name: str = F("名单名称", "Name of the list")
    kind: Kind = F("类别：试点学校 或 示范学校", "Kind: pilot or model schools")
    level: str | None = F("级别，如 市级、省级", "Level, e.g. city", None)
    body: str | None = F("遴选或认定的机构", "The body that named them", None)
    year: int | None = F("年份", "Year", None)
    total: int | None = F("原文说明的总所数（原文未列校名时只记此数）",
                          "The total the source states (alone where it names no schools)", None, ge=0)
    source: str = F("出处", "Source")
    note: Markdown | None = F("说明", "Notes", None)
    districts: list[ListedDistrict] = F("按区市列出的学校", "Schools by district", [])

    def names(self) -> set[str]:
        return {name for d in self.districts for name in d.schools}

    @property
    def listed(self) -> int:
        return sum(len(d.schools) for d in self.districts)


class Designation(Strict):
    """A designation the school holds: pilot or model school, by whom and when."""

    kind: Kind = F("类别：试点学校 或 示范学校", "Kind: pilot or model school")
    level: str | None = F("级别，如 市级、县级", "Level, e.g. city, county", None)
    by: str | None = F("遴选或认定的机构", "The body that named the school", None)
    year: int | None = F("年份", "Year", None)
    list: str | None = F("所在名单的编号（schemas/designations/ 中的文件名），填写时检查会核对校名在名单中",
                         "The list naming the school (a file of schemas/designations/); the name is checked against it",
                         None)
    source: str | None = F("出处", "Source", None)
