"""The facts a rubric item's score is checked against (`checked_by: {fact, at_least, at_most}`).

One thin table, name → function, over the functions that already compute each figure
(generator/model/recordfigures.py for the records' counts and each teacher's counted hours,
generator/model/facts.py for the offered points, the rates and their labels), so that the rules
and the score cards read the same number and say it as the page does (one rate formatter). A fact the school's files cannot decide
(no teacher records, no hours target) is None: nothing is checked, nothing is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..core.shown import number
from ..load.teachers import teacher_ids
from ..model.facts import figure, percent, rate_text
from ..model.facts import offered_points as offered_codes
from ..model.policy import Profile
from ..model.recordfigures import RecordFigures, school_figures
from ..model.records import Teacher, passed
from ..model.rubric import FactCheck, Indicator


@dataclass(frozen=True)
class Fact:
    """A fact's value and how a page says it, e.g. 教师校本应用考核合格率 96.5 %（56/58 人）."""

    value: float
    text: str
    file: str


def _records(entry, profile: Profile) -> RecordFigures | None:
    """The school's record figures (model/recordfigures.py), the one count of its records."""
    return school_figures(entry, profile.hours)


def rate_shown(value: float) -> str:
    """A rate (a fraction) as every page shows it: the shared formatter (model.facts.rate_text)."""
    return f"{rate_text(percent(value, 1))} %"


def pass_rate(entry, profile: Profile) -> Fact | None:
    figures = _records(entry, profile)
    if figures is None or not figures.assessed:
        return None
    value = figures.passed / figures.assessed
    return Fact(value, f"{figure('pass_rate').label} {rate_shown(value)}（{figures.passed}/{figures.assessed} 人）",
                "teachers.yml")


def case_share(entry, profile: Profile) -> Fact | None:
    """典型案例 in outputs.yml per teacher of the school (school.yml's count, else the records')."""
    teachers = entry.school.teachers if entry.school and entry.school.teachers else len(teacher_ids(entry))
    if not teachers or entry.outputs is None:
        return None
    cases = sum(item.kind == "典型案例" for item in entry.outputs.items)
    value = cases / teachers
    return Fact(value, f"典型案例 {cases} 个，教师 {teachers} 人（{rate_shown(value)}）", "outputs.yml")


def _short_of(entry, profile: Profile, kind: str) -> Fact | None:
    """Teachers whose hours of one kind (online, or counted capped school-based) fall short of the
    profile's, each teacher's hours as the records' figures count them."""
    figures, target = _records(entry, profile), getattr(profile.hours, kind)
    if figures is None or target is None:
        return None
    column, word = {"online": (1, "网络研修"), "school_based": (0, "校本研修")}[kind]
    short = sum(hours[column] < target for hours in figures.hours)
    return Fact(short, f"{word}未达 {number(target)} 学时 {short} 人（共 {figures.teachers} 人）", "teachers.yml")


def under_online_hours(entry, profile: Profile) -> Fact | None:
    return _short_of(entry, profile, "online")


def under_school_hours(entry, profile: Profile) -> Fact | None:
    return _short_of(entry, profile, "school_based")


def unassessed(entry, profile: Profile) -> Fact | None:
    figures = _records(entry, profile)
    if figures is None:
        return None
    left = figures.teachers - figures.assessed
    return Fact(left, f"尚无学校总评结果 {left} 人（共 {figures.teachers} 人）", "teachers.yml")


def offered_points(entry, profile: Profile) -> Fact | None:
    if entry.training is None and entry.plan is None:
        return None
    codes = offered_codes(entry.training, entry.plan)
    return Fact(len(codes), f"学校提供能力点 {len(codes)} 项", "training.yml")


SCHOOL_FACTS: dict[str, Callable[..., Fact | None]] = {
    "pass_rate": pass_rate,
    "case_share": case_share,
    "under_online_hours": under_online_hours,
    "under_school_hours": under_school_hours,
    "unassessed": unassessed,
    "offered_points": offered_points,
}
"""Facts about a school, for school rubrics (selfscore.yml, expert reviews)."""


def teacher_passed(teacher: Teacher) -> Fact | None:
    result = passed(teacher)
    if result is None:
        return None
    return Fact(float(result), "学校总评合格" if result else "学校总评不合格", "teachers.yml")


TEACHER_FACTS: dict[str, Callable[[Teacher], Fact | None]] = {"teacher_passed": teacher_passed}
"""Facts about one teacher, for teacher rubrics (teachers.yml `scores`)."""


FACT_NAMES: dict[str, tuple[str, str]] = {
    "pass_rate": (f"{figure('pass_rate').label}（教师档案）", "pass rate (teacher records)"),
    "case_share": ("典型案例数与教师数之比（成果记录）", "typical cases per teacher (outputs)"),
    "under_online_hours": ("网络研修学时未达标的教师人数（教师档案）", "teachers short of online hours (records)"),
    "under_school_hours": ("校本研修学时未达标的教师人数（教师档案）", "teachers short of school-based hours (records)"),
    "unassessed": ("没有学校总评结果的教师人数（教师档案）", "teachers without a school assessment (records)"),
    "offered_points": ("学校提供的能力点数（研修方案）", "points the school offers (training plan)"),
    "teacher_passed": ("该教师的学校总评是否合格（教师档案）", "the teacher passed the school assessment (records)"),
}
"""What each fact is, in words, for the rubric pages."""


def fact_rule(check: FactCheck) -> tuple[str, str]:
    """The fact and what the item needs of it, in words (zh, en)."""
    zh, en = FACT_NAMES[check.fact]
    need = need_text(check)
    return f"{zh} {need}", f"{en}: {need.replace('至少', 'at least').replace('不超过', 'at most')}"


def school_fact(entry, profile: Profile | None, name: str) -> Fact | None:
    fn = SCHOOL_FACTS.get(name)
    return fn(entry, profile) if fn is not None and profile is not None else None


@dataclass(frozen=True)
class Judged:
    """A fact beside a score: whether it meets the item and whether the score fits it."""

    fact: Fact
    met: bool
    fits: bool
    need: str
    text_en: str = ""  # the fact and the need, for an English page


def need_text(check: FactCheck) -> str:
    """What the item asks of the fact, in words: 至少 98 %, 不超过 0, 8–10."""
    rate = check.fact in ("pass_rate", "case_share")
    low, high = _bound_text(check.at_least, rate), _bound_text(check.at_most, rate)
    if low and high:
        return low if low == high else f"{low}–{high}"
    return f"至少 {low}" if low else f"不超过 {high}"


def _bound_text(value: float | None, rate: bool) -> str | None:
    """A bound as written: a rate in per cent (0.98 → 98 %), a count as it is; None when not set."""
    if value is None:
        return None
    if rate:
        return f"{number(round(value * 100, 4))} %"
    return f"{number(round(value * 1, 4))}"


def judge(item: Indicator, fact: Fact | None, score: float | None) -> Judged | None:
    """The fact against the item's requirement and the given score (None: nothing to judge)."""
    check = item.checked_by
    if check is None or fact is None:
        return None
    met = check.met(fact.value)
    fits = score is None or check.allows(score, item.points, met)
    rate = check.fact in ("pass_rate", "case_share")
    shown = rate_shown(fact.value) if rate else number(fact.value)
    _, en_need = fact_rule(check)
    return Judged(fact, met, fits, need_text(check), f"{en_need.split(':')[0]} = {shown}; needs {en_need.split(': ', 1)[1]}")


def contradiction(item: Indicator, judged: Judged, score: float, who: str, who_en: str) -> dict:
    """The params of SCORE-CONTRADICTED: the score, the fact, what the item needs and allows."""
    assert item.checked_by is not None  # judged: the item has a fact check
    limit = item.checked_by.otherwise_at_most
    return {"who": who, "who_en": who_en, "code": item.code, "name": item.name, "score": number(score),
            "points": number(item.points), "fact": judged.fact.text, "need": judged.need, "file": judged.fact.file,
            "fact_en": judged.text_en,
            "allowed": f"最多 {number(limit)} 分" if limit is not None else "不能得满分",
            "allowed_en": f"at most {number(limit)}" if limit is not None else "less than full points"}
