"""The dashboards' tables of assessment: the schools' rubric grades per district, the teachers'
pass rate per district, and each school's progress (generator/aggregate/dashboards.py puts them on
the page)."""

from __future__ import annotations

from typing import Sequence

from ..model.facts import SOURCE_NAMES
from ..model.recordfigures import RecordFigures
from ..model.targets import PassRateTarget
from .facts import Count, SchoolFacts
from .scope import BAND_ORDER, UNGRADED, C, Fc, Scope, _num, _pct, by_district, sources_text, teacher_total
from .tables import Table


def _bands(facts: Sequence[SchoolFacts], bands: Sequence[str] | None) -> list[str]:
    found = {f.grade for f in facts if f.grade is not None}
    order = list(bands) if bands is not None else [b for b in BAND_ORDER if b in found]
    return order + sorted(found - set(order))


def _grades_row(did: str, name: str, fs: Sequence[SchoolFacts], names: list[str]) -> tuple:
    """One district: its schools at each grade, in the order of `names`, then those not graded."""
    return (did, name, *(sum(f.grade == b for f in fs) for b in names), sum(f.grade is None for f in fs))


def grades_table(s: Scope, bands: Sequence[str] | None = None) -> Table:
    names = _bands(s.facts, bands)
    rows = [_grades_row(did, name, fs, names) for did, name, fs in by_district(s)]
    return Table("grades", "学校考核等次分布（按区，单位：所）", "Schools' rubric grades by district (schools)", "stacked-bar",
                 (C("district", "区编号", "district"), C("district_name", "区名", "district name"),
                  *(C(b, b, b) for b in names), C("ungraded", UNGRADED, "not graded")),
                 tuple(rows), roles={"x": "district_name", "y": [*names, "ungraded"]},
                 note="按学校计：每所学校一个等次，取最近一次专家逐项评分依考核细则计算；与“教师校本应用考核合格率”"
                      "（按教师人数计）不是同一指标。",
                 note_en="Of schools: one grade per school from its latest expert scores; not the teachers' pass rate.")


def target_percent(target: PassRateTarget | None) -> float | int | None:
    """The pass-rate target as the tables print it; None when there is none."""
    return _num(target.percent) if target else None


def _assessment_note(s: Scope, target: PassRateTarget | None) -> str:
    sources = sources_text(s.facts) or "来源：无"
    cited = f"目标出处：{target.source}" if target and target.source else ""
    return ("按教师人数计：有教师档案的学校按档案计算（学校总评的结果），"
            "其余学校取最近一次报送的已考核、合格教师人数；两者相加。教师数与已完成培训为报送培训进展的学校，"
            "与培训完成比例同一口径（" + sources + "）。这是教师的合格率，"
            "与“学校考核等次分布”（每所学校一个等次，按学校数计）不是同一指标。" + cited)


def assessment_table(s: Scope) -> Table:
    target = s.targets.pass_rate
    rows = [_assessment_row(s, did, name, fs, target) for did, name, fs in by_district(s)]
    return Table("assessment", "教师校本应用考核合格率（按区，按教师人数）", "Teachers' assessment pass rate by district (of teachers)",
                 "bar",
                 (C("district", "区编号", "district"), C("district_name", "区名", "district name"),
                  C("schools", "报送人数的学校", "schools reporting counts"),
                  C("computed", "按教师档案计算的学校", "schools computed from teacher records"),
                  Fc("teachers", "teachers", "teachers", "人"),
                  Fc("completed", "trained", "completed", "人"),
                  Fc("assessed", "assessed", "assessed", "人"),
                  Fc("passed", "passed", "passed", "人"), Fc("pass_rate", "pass_rate", "pass rate", "%"),
                  C("target", "目标", "target", "%")),
                 tuple(rows), roles={"x": "district_name", "y": ["pass_rate"], "target": "target"},
                 note=_assessment_note(s, target),
                 note_en="Of teachers: computed from the teacher records where a school keeps them, else the latest "
                         "reported counts of assessed and passed teachers. A teachers' rate, "
                         "not the schools' grades shown beside it.")


def _reported_counts(fs: Sequence[SchoolFacts]) -> list[Count]:
    """The latest reported counts of the schools that keep no teacher records (and report counts)."""
    return [c for f in fs if not f.records for c in [f.latest()] if c]


def _assessed(counts: Sequence[Count], computed: Sequence[RecordFigures]) -> int:
    """Teachers assessed: the reported counts plus the records' figures."""
    return sum(c.assessed or 0 for c in counts) + sum(r.assessed for r in computed)


def _passed(counts: Sequence[Count], computed: Sequence[RecordFigures]) -> int:
    """Teachers who passed: the reported counts plus the records' figures."""
    return sum(c.passed or 0 for c in counts) + sum(r.passed for r in computed)


def _trained_reporting(fs: Sequence[SchoolFacts], s: Scope) -> int:
    """Teachers trained by the build date, over the schools that report training progress."""
    return sum(f.trained(s.today) for f in fs if f.source)


def _assessment_row(s: Scope, did: str, name: str, here: Sequence[SchoolFacts],
                    target: PassRateTarget | None) -> tuple:
    """One district: teachers assessed and passed, from the records where a school keeps them,
    else from its latest reported counts."""
    computed = [f.records for f in here if f.records]
    counts = _reported_counts(here)
    assessed, passed = _assessed(counts, computed), _passed(counts, computed)
    return (did, name, len(counts), len(computed), teacher_total(here), _trained_reporting(here, s),
            assessed, passed, _pct(passed, assessed), target_percent(target))


def _pass_basis(f: SchoolFacts) -> tuple[str | None, float | None]:
    """Where the school's teachers' pass rate comes from, and the rate: the records, else the reported counts."""
    latest = f.latest()
    if f.records:
        return "按教师档案计算", f.records.pass_rate
    if latest and latest.assessed is not None:
        return "报送人数", _pct(latest.passed or 0, latest.assessed)
    return None, None


def _school_row(s: Scope, f: SchoolFacts) -> tuple:
    """One school's progress: filing, verdicts, how it reports, teachers trained, its grade and pass rate."""
    verdicts = dict(f.verdicts)
    trained = f.trained(s.today) if f.source else None
    basis, rate = _pass_basis(f)
    return (f.id, f.name, f.teachers, f.filing, verdicts.get("plan"), verdicts.get("training"),
            f.approved, f.reporting or None, SOURCE_NAMES.get(f.source), trained, _pct(trained, f.teachers),
            f.grade, rate, basis)


def schools_table(s: Scope) -> Table:
    rows = [_school_row(s, f) for f in s.facts]
    return Table("schools", "各校进展", "Schools", "table",
                 (C("school", "学校编号", "school id"), C("name", "学校", "school"),
                  Fc("teachers", "teachers", "teachers"),
                  Fc("filing", "filing_state", "filing state"), C("plan_verdict", "规划评审结论", "plan verdict"),
                  C("training_verdict", "研修方案评审结论", "training-plan verdict"), C("approved", "已通过", "approved"),
                  C("reporting", "进展报送方式", "progress reported as"),
                  C("trained_source", "完成培训的来源", "trained: taken from"),
                  Fc("trained", "trained", "trained"),
                  Fc("percent", "trained_percent", "share trained", "%"),
                  Fc("grade", "grade", "grade"),
                  Fc("pass_rate", "pass_rate", "teachers' pass rate", "%"),
                  C("pass_basis", "合格率来源", "pass rate from")),
                 tuple(rows))
