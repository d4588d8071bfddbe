"""The machine cross-checks a rubric item may name (`check: {id, params}`), and their parameters.

The checks themselves run in the check stage (generator/check/crosscheck.py); here is only
what a rubric file may say, so that loading a rubric can tell a broken reference at once.
"""

from __future__ import annotations

from typing import Literal

from pydantic import ValidationError

from .base import F, Number, Strict
from .rubric import CheckRef

# --- parameters of each check ---------------------------------------------------------------------------

class TeamLeadParams(Strict):
    lead_title: str = F("领衔者的职务，如 校长", "Post of the leader, e.g. 校长 (principal)")


class Aspect(Strict):
    name: str = F("方面，如 硬件配备", "Aspect, e.g. hardware")
    name_en: str | None = F("英文名称", "Name in English", None)
    keywords: list[str] = F("关键词：SWOT 文字中出现任一词即视为谈到该方面", "Keywords: any one counts", min_length=1)


class SwotParams(Strict):
    aspects: list[Aspect] = F("SWOT 须谈到的方面", "Aspects the SWOT must cover", [])


class CountParams(Strict):
    min: int | None = F("至少几项", "At least", None)
    max: int | None = F("至多几项", "At most", None)


CalendarField = Literal["time", "content", "host", "participants", "form", "place", "hours"]


class FieldsParams(Strict):
    fields: list[CalendarField] = F("每行必须填写的栏目", "Fields every row must fill", min_length=1)


class HoursParams(Strict):
    online: bool = F("true 核对线上学时，false 核对线下学时", "true: online hours; false: offline hours")
    min: Number = F("计划学时至少多少", "Planned hours at least")


class NoParams(Strict):
    """A check that takes no parameters (the training plan's theme, goal levels, kick-off)."""


class ModeParams(Strict):
    modes: list[str] = F("可选的研修模式", "The modes to choose from", min_length=1)


class KickoffParams(Strict):
    speaker: str = F("作微讲座者的职务，如 校长", "Post of the micro-lecture's speaker", "校长")


class BudgetParams(Strict):
    min_percent: Number | None = F("信息化经费比例至少多少（百分数）；空表示写明即可", "Least share, in percent; null: stated", None)


PARAMS: dict[str, type[Strict]] = {
    "team-lead": TeamLeadParams,
    "swot": SwotParams,
    "capability-count": CountParams,
    "calendar-fields": FieldsParams,
    "hours": HoursParams,
    "training-theme": NoParams,
    "goal-levels": NoParams,
    "training-mode": ModeParams,
    "kickoff": KickoffParams,
    "it-budget": BudgetParams,
}


def check_problem(ref: CheckRef) -> tuple[str, str] | None:
    """Why a rubric's check reference cannot run (unknown id, bad parameters), or None."""
    params = PARAMS.get(ref.id)
    if params is None:
        known = "、".join(PARAMS)
        return f"未知的核对项“{ref.id}”（可用：{known}）", f"unknown check '{ref.id}' (known: {known})"
    try:
        params.model_validate(ref.params)
    except ValidationError as exc:
        where = "; ".join(".".join(map(str, e["loc"])) or "params" for e in exc.errors(include_url=False))
        return f"核对项“{ref.id}”的参数有误：{where}", f"check '{ref.id}' has invalid params: {where}"
    return None
