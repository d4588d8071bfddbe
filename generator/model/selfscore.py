"""selfscore.yml: the school's self-assessment (自评) against a rubric."""

from __future__ import annotations

from .base import SAMPLE_FIELD, F, Markdown, Names, Number, Strict
from .rubric import Code


class SelfScoreItem(Strict):
    """The school's score for one leaf item of the rubric, with its reasons and evidence."""

    code: Code = F("评分项编号（细则中最末一级的项目，如 C2）", "Code of a leaf item of the rubric, e.g. C2")
    score: Number = F("自评得分（0 至该项分值）", "Self-score (0 to the item's points)")
    justification: Markdown | None = F("自评理由（Markdown）", "Why this score (Markdown)", None)
    evidence: Names = F("证明材料：本校文件夹内的文件路径（如 plan.yml、evidence/动员会.md）或 http(s) 链接",
                        "Evidence: paths inside the school's folder (e.g. plan.yml) or http(s) links", [])


class SelfScore(Strict):
    """selfscore.yml · 自评: the school scores itself against a rubric; totals are computed."""

    sample: bool = SAMPLE_FIELD
    rubric: str | None = F("评分细则编号（缺省时用政策配置的细则），如 yantai-2021",
                           "Rubric id (defaults to the profile's rubric), e.g. yantai-2021", None)
    date: str | None = F("自评日期", "Date of the self-assessment", None)
    items: list[SelfScoreItem] = F("各项自评", "Scores, one per leaf item", [])
    total: Number | None = F("总分（可不填：由各项得分计算；填写时须与计算结果一致）",
                             "Total (optional: it is computed; if given it must agree)", None)
    grade: str | None = F("等次（可不填：由总分与基础项计算；填写时须一致）",
                          "Grade (optional: it is computed; if given it must agree)", None)
    note: Markdown | None = F("补充说明", "Further notes", None)
    source: str | None = F("资料出处", "Where the facts come from", None)
