"""Which model each content file is, by its JSON Schema's name, and a field's Chinese label.

Below the stages that need them: the editors' schemas (authoring) and the review's section names
(gitflow) read the same table and the same label.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from . import (
    District,
    DistrictPlan,
    Filing,
    Groups,
    Outputs,
    Plan,
    Progress,
    Review,
    School,
    SelfScore,
    SiteConfig,
    Teachers,
    Training,
    Yearly,
)
from .designations import DesignationList
from .inspection import Inspection
from .policy import Catalog, Profile
from .rubric import Rubric

SCHEMAS: dict[str, type[BaseModel]] = {
    "site.schema.json": SiteConfig,
    "district.schema.json": District,
    "school.schema.json": School,
    "plan.schema.json": Plan,
    "training.schema.json": Training,
    "review.schema.json": Review,
    "selfscore.schema.json": SelfScore,
    "progress.schema.json": Progress,
    "filing.schema.json": Filing,
    "outputs.schema.json": Outputs,
    "district-plan.schema.json": DistrictPlan,
    "teachers.schema.json": Teachers,
    "groups.schema.json": Groups,
    "yearly.schema.json": Yearly,
    "catalog.schema.json": Catalog,
    "profile.schema.json": Profile,
    "rubric.schema.json": Rubric,
    "designations.schema.json": DesignationList,
    "inspection.schema.json": Inspection,
}


def label(description: str | None) -> str | None:
    """The Chinese label a field's description starts with: "时间，如 2020 年 9 月" → "时间"."""
    zh = (description or "").split(" · ", 1)[0]
    short = re.split(r"[，,（(；;：:]", zh, maxsplit=1)[0].strip()
    return short if re.search(r"[\u4e00-\u9fff]", short) else None
