"""Sampling above the school (seed 002 三（一）7：“市抽检县、县普查校、校测评教师”): the city's draw
of districts and a district's draw of schools, each recorded with its findings in a reviews/ file
(content/reviews/*.yml for the city, content/<district>/reviews/*.yml for a district)."""

from __future__ import annotations

import random
from typing import Literal

from .base import SAMPLE_FIELD, F, Markdown, Strict


class Finding(Strict):
    """What the inspection found in one drawn district or school."""

    target: str = F("被抽检的区（或学校）的编号", "Id of the drawn district (or school)")
    text: Markdown = F("抽检发现", "What was found")
    follow_up: Markdown | None = F("调整与干预措施", "What is to be adjusted", None)


class Inspection(Strict):
    """reviews/*.yml above the school · 抽检记录：市抽检县（区）或县（区）抽检学校，随机种子公开，结果可复核."""

    sample: bool = SAMPLE_FIELD
    level: Literal["city", "district"] = F("抽检层级：city 市抽检区（县），district 区（县）抽检学校",
                                           "Who draws: city (districts) or district (schools)")
    date: str = F("抽取日期，如 2022-05-10", "Date of the draw, e.g. 2022-05-10")
    body: str | None = F("抽检单位，如 市能力提升工程执行办公室", "The body that draws", None)
    seed: int = F("抽取所用的随机种子（公开，便于复核）", "The stated seed of the draw")
    pool: int = F("抽取范围内的区（或学校）数", "Number of districts (or schools) drawn from", ge=0)
    drawn: list[str] = F("抽中的区（或学校）编号", "Ids of the districts (or schools) drawn", [])
    method: str | None = F("抽取方法说明", "How the draw was made", None)
    findings: list[Finding] = F("抽检发现（按被抽中的区或学校）", "Findings, per drawn district or school", [])
    source: str | None = F("依据", "What the inspection follows", None)


def draw_units(ids: list[str], scope: str, seed: int, count: int) -> list[str]:
    """The reproducible draw above the school, in the teacher draw's discipline (model/sampling.py):
    sort the ids, then random.Random(f"{scope}:{seed}").sample — scope is "city" for the city's
    draw of districts, the district's id for its draw of schools."""
    pool = sorted(set(ids))
    return sorted(random.Random(f"{scope}:{seed}").sample(pool, min(count, len(pool))))
