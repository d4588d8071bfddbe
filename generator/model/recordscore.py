"""Rubric items scored from teacher and group records: bonuses, deductions and fixed scales.

An item with `scoring` (schemas/rubrics/*.yml) is computed from the facts its records hold
(seed 000 考核方案: “有……即满分”, “每增加 1 个+5”, “获奖案例国家级+8，省级+5，市级+3，镇级+2”,
“缺 1 人扣 2 分”, “每缺 1 课时扣 1 分”, “明显得 10 分，一般得 7 分，不明显为 5 分”):

    score = points + per_extra × (count − full_at) + Σ bonus(award level) − Σ per-unit deductions

floored at 0 and, for a capped item, never above its points (the original does not say whether
bonuses may pass the item's points; plansite caps, as the rubric's `capped` field states). A scale
item's score is the mark of its recorded word. Where the records cannot decide the item (fewer
outputs than `full_at`, whose mark the source does not set; a missing hours figure; a group with
no recorded members) the score is not computed and stays the marker's. Pure arithmetic: nothing
here reads a file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .records import GroupScore, SubjectGroup, Teacher, group_members
from .rubric import AwardLevel, Indicator, ItemScoring, Rubric


@dataclass(frozen=True)
class Facts:
    """What the records say for one item: outputs counted, their award levels, units deducted, a word."""

    count: int | None = None
    awards: tuple[AwardLevel, ...] = ()
    units: Mapping[str, float | None] = field(default_factory=dict)
    word: str | None = None


@dataclass(frozen=True)
class Computed:
    """One item's computed score; `score` is None where the records cannot decide it."""

    score: float | None
    raw: float | None = None                 # before the floor and the cap
    unlisted: tuple[str, ...] = ()           # award levels the item gives no bonus for (counted as 0)

    @property
    def capped(self) -> bool:
        return self.raw is not None and self.score is not None and self.raw > self.score


def compute(item: Indicator, facts: Facts) -> Computed:
    """The score of one item from its facts (see the module docstring for the formula)."""
    rule = item.scoring
    if rule is None:
        return Computed(None)
    if rule.scale:
        mark = rule.mark(facts.word) if facts.word is not None else None
        return Computed(None if mark is None else float(mark))
    value: float | None = float(item.points)
    if rule.counts is not None:
        value = _add_counted(float(item.points), rule, facts)
    if value is not None:
        value = _deduct(value, rule, facts)
    if value is None:
        return Computed(None)
    score = max(0.0, value)
    if item.capped:
        score = min(float(item.points), score)
    return Computed(score, value, _unlisted(rule, facts))


def _add_counted(value: float, rule: ItemScoring, facts: Facts) -> float | None:
    """value with the bonus for outputs beyond full_at and for their awards; None below full_at."""
    if facts.count is None or facts.count < rule.full_at:
        return None
    value += (rule.per_extra or 0) * (facts.count - rule.full_at)
    value += sum(rule.awards.get(level, 0) for level in facts.awards)
    return value


def _deduct(value: float, rule: ItemScoring, facts: Facts) -> float | None:
    """value less each deduction's points per unit; None when a unit is not known."""
    for d in rule.deductions:
        units = facts.units.get(d.per)
        if units is None:
            return None
        value -= d.points * units
    return value


def _unlisted(rule: ItemScoring, facts: Facts) -> tuple[str, ...]:
    """The award levels of counted outputs that the rule gives no bonus for."""
    if rule.counts is None:
        return ()
    return tuple(dict.fromkeys(level for level in facts.awards if level not in rule.awards))


def _outputs(people: list[Any], what: str) -> list[Any]:
    return [o for person in people for o in getattr(person, what)]


def _short(teacher: Teacher, target: float | None) -> bool | None:
    if target is None or teacher.online is None:
        return None
    return teacher.online < target


def _member_units(members: list[Teacher], online_target: float | None) -> dict[str, float | None]:
    if not members:
        return {}
    short = [_short(t, online_target) for t in members]
    return {"member-without-plan": sum(not (t.plan or "").strip() for t in members),
            "member-short-online": None if None in short else sum(bool(s) for s in short),
            "member-without-paper": sum(not t.papers for t in members)}


def _word(marks: list[GroupScore], item: Indicator) -> str | None:
    given = marked(marks, item)
    return given.word if given is not None else None


def marked(marks: list[GroupScore], item: Indicator) -> GroupScore | None:
    """The record's typed mark for an item, named by its code or its name (the first one)."""
    return next((m for m in marks if m.item in (item.code, item.name)), None)


def teacher_facts(item: Indicator, teacher: Teacher, online_target: float | None) -> Facts:
    rule = item.scoring
    outputs = getattr(teacher, rule.counts) if rule and rule.counts else []
    hours = None if teacher.online is None or online_target is None else max(0.0, online_target - teacher.online)
    return Facts(count=len(outputs) if rule and rule.counts else None,
                 awards=tuple(o.award for o in outputs if o.award), units={"hour-short-online": hours},
                 word=_word(teacher.scores, item))


def group_facts(item: Indicator, group: SubjectGroup, teachers: list[Teacher], online_target: float | None) -> Facts:
    rule = item.scoring
    members = group_members(group, group.name, teachers)
    count, outputs = _group_outputs(rule, group, members) if rule and rule.counts else (None, [])
    return Facts(count=count, awards=tuple(o.award for o in outputs if o.award),
                 units=_member_units(members, online_target), word=_word(group.scores, item))


def _group_outputs(rule: ItemScoring, group: SubjectGroup, members: list[Teacher]) -> tuple[int | None, list[Any]]:
    """(how many, the outputs) the rule counts for a group: its members' (None without members) or its own."""
    assert rule.counts is not None  # only for a rule that counts
    if rule.of != "members":
        outputs = list(getattr(group, rule.counts, None) or [])
    elif members:
        outputs = _outputs(members, rule.counts)
    else:
        return None, []
    return len(outputs), outputs


@dataclass(frozen=True)
class ItemResult:
    item: Indicator
    facts: Facts
    computed: Computed
    typed: GroupScore | None

    @property
    def score(self) -> float | None:
        """The item's score: computed where the records decide it, else the typed one."""
        if self.computed.score is not None:
            return self.computed.score
        return None if self.typed is None or self.typed.score is None else float(self.typed.score)


def score_sheet(rubric: Rubric, marks: list[GroupScore], facts_of: Callable[[Indicator], Facts]) -> list[ItemResult]:
    """Every leaf of the rubric with its computed score and the record's typed mark."""
    out = []
    for item in rubric.leaves():
        facts = facts_of(item)
        out.append(ItemResult(item, facts, compute(item, facts), marked(marks, item)))
    return out


def sheet_total(results: list[ItemResult]) -> float | None:
    """The total when every item has a score, else None."""
    scores = [r.score for r in results]
    return None if any(s is None for s in scores) else sum(s for s in scores if s is not None)


def group_sheet(rubric: Rubric, group: SubjectGroup, teachers: list[Teacher],
                online_target: float | None) -> list[ItemResult]:
    return score_sheet(rubric, group.scores, lambda item: group_facts(item, group, teachers, online_target))


def teacher_sheet(rubric: Rubric, teacher: Teacher, online_target: float | None) -> list[ItemResult]:
    return score_sheet(rubric, teacher.scores, lambda item: teacher_facts(item, teacher, online_target))


_UNITS = {"member-without-plan": ("缺个人计划的组员 {n} 人，每人扣 {d} 分", "{n} member(s) without a plan, −{d} each"),
          "member-short-online": ("未完成网络研修学时的组员 {n} 人，每人扣 {d} 分",
                                  "{n} member(s) short of online hours, −{d} each"),
          "member-without-paper": ("没有论文的组员 {n} 人，每人扣 {d} 分", "{n} member(s) without a paper, −{d} each"),
          "hour-short-online": ("网络研修缺 {n} 学时，每学时扣 {d} 分", "{n} online hour(s) short, −{d} each")}
_COUNTED = {"cases": ("案例", "case"), "projects": ("课题", "project"), "papers": ("论文", "paper"),
            "lessons": ("公开课、展示课或讲座", "lesson"), "showcases": ("交流展示", "showcase")}


def num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _explain_counted(rule: ItemScoring, count: int, awards: tuple[AwardLevel, ...], zh: list[str], en: list[str]) -> None:
    """The counted outputs, the bonus for those beyond full_at and for each award, added to zh and en."""
    assert rule.counts is not None  # only for a rule that counts
    what_zh, what_en = _COUNTED[rule.counts]
    zh.append(f"{what_zh} {count} 个")
    en.append(f"{count} {what_en}(s)")
    extra = count - rule.full_at
    if rule.per_extra and extra > 0:
        zh.append(f"每增加 1 个加 {num(rule.per_extra)} 分，共加 {num(rule.per_extra * extra)} 分")
        en.append(f"+{num(rule.per_extra * extra)} for {extra} more")
    for level in awards:
        zh.append(f"{level}获奖加 {num(rule.awards.get(level, 0))} 分")
        en.append(f"{level} award +{num(rule.awards.get(level, 0))}")


def explain(item: Indicator, facts: Facts) -> tuple[str, str]:
    """How a computed score came about, in Chinese and English (for messages; never published)."""
    rule = item.scoring
    if rule is None:
        return "", ""
    if rule.scale:
        return f"“{facts.word}”", f"'{facts.word}'"
    zh, en = [f"分值 {num(item.points)}"], [f"{num(item.points)} points"]
    if rule.counts is not None and facts.count is not None:
        _explain_counted(rule, facts.count, facts.awards, zh, en)
    for d in rule.deductions:
        n = facts.units.get(d.per)
        if n is not None:
            unit_zh, unit_en = _UNITS[d.per]
            zh.append(unit_zh.format(n=num(n), d=num(d.points)))
            en.append(unit_en.format(n=num(n), d=num(d.points)))
    if item.capped:
        zh.append(f"得分在 0 到 {num(item.points)} 分之间")
        en.append(f"kept within 0–{num(item.points)}")
    return "；".join(zh), "; ".join(en)
