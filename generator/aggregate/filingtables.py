"""The dashboards' tables of the schools' paperwork, per district: plans filed, reviewed and
approved, designations, filing states and deadlines missed (by schools and by districts), the hour
register and the yearly summaries (generator/aggregate/dashboards.py puts them on the page)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Sequence

from ..load.content import Content, DistrictEntry
from ..load.derived import district_profile, missed
from ..model import DistrictPlan
from ..model.facts import FILING_STATES, Late
from ..model.register import RegisterYear
from ..model.yearly import WHAT
from .facts import SchoolFacts
from .scope import C, Fc, Scope, Yc, _num, by_district, known_sum, note_for, totals
from .tables import Table


def plans_table(s: Scope) -> Table:
    rows = [(did, name, len(fs), *totals(fs, "filed", "reviewed", "approved")) for did, name, fs in by_district(s)]
    return Table("plans", "两案报送、评审与通过", "Plans filed, reviewed and approved", "bar",
                 (C("district", "区编号", "district"), C("district_name", "区名", "district name"),
                  Fc("schools", "schools", "schools"), Fc("filed", "filed", "filed"),
                  Fc("reviewed", "reviewed", "reviewed"),
                  Fc("approved", "approved", "approved")),
                 tuple(rows), roles={"x": "district_name", "y": ["filed", "reviewed", "approved"]},
                 note="已报送两案：报送记录的最近一个环节不是“未报送”（没有报送记录的学校计为未报送，与逾期同一口径）；"
                      "已通过：两案最近一次评审结论均为“通过”或“修改后通过”。",
                 note_en="Filed: the filing record is past 未报送 (a school without a record has not filed); approved: "
                         "the latest review of each says 通过 or 修改后通过.")


def _designations_row(did: str, name: str, fs: Sequence[SchoolFacts]) -> tuple:
    """One district: its schools, pilot and model schools, the certifications its schools report."""
    return (did, name, len(fs), *totals(fs, "pilot", "model"), known_sum(f.certified for f in fs),
            known_sum(f.certified_teachers for f in fs))


def designations_table(s: Scope) -> Table:
    """Pilot and model schools and the micro-abilities certified, per district (seed 004 附件 3, 附件 5;
    seed 002 第四阶段). School totals only: nothing here is a person's."""
    rows = [_designations_row(did, name, fs) for did, name, fs in by_district(s)]
    return Table("designations", "试点学校、示范学校与微能力认证", "Pilot and model schools, certification", "bar",
                 (C("district", "区编号", "district"), C("district_name", "区名", "district name"),
                  Fc("schools", "schools", "schools"), Fc("pilot", "pilot_schools", "pilot schools"),
                  Fc("model", "model_schools", "model schools"),
                  Fc("certified", "certified_abilities", "micro-abilities certified"),
                  Fc("certified_teachers", "certified_teachers", "teachers with three certifications")),
                 tuple(rows), roles={"x": "district_name", "y": ["pilot", "model"]},
                 note="称号取各校自己记录的称号；认证数是各校报告的全校汇总数，没有报告的学校不计，不公开任何教师个人的认证情况。",
                 note_en="Designations as each school records them; certifications are the schools' own totals, "
                         "never a teacher's.")


def _filing_row(did: str, name: str, fs: Sequence[SchoolFacts]) -> tuple:
    """One district: its schools, how many are at each filing state, have filed, are past a deadline."""
    return (did, name, len(fs), *(sum(f.filing == st for f in fs) for st in FILING_STATES),
            *totals(fs, "filed"), sum(bool(f.late) for f in fs))


def filing_table(s: Scope) -> Table:
    """Schools by the state of their filing record (报送、审核、备案, seed 003 六（四）3), per district."""
    rows = [_filing_row(did, name, fs) for did, name, fs in by_district(s)]
    return Table("filing", "两案报送、审核与备案（按区，单位：所）", "Schools by filing state, per district (schools)",
                 "table",
                 (C("district", "区编号", "district"), C("district_name", "区名", "district name"),
                  Fc("schools", "schools", "schools"),
                  *(C(f"state_{i}", st, st, fact=f"filing:{st}") for i, st in enumerate(FILING_STATES)),
                  Fc("filed", "filed", "filed"),
                  Fc("overdue", "overdue", "past a deadline")),
                 tuple(rows),
                 note="按各校报送、审核与备案记录的最近一个环节计；没有记录的学校计为“未报送”。逾期：未在政策配置写明的期限前"
                      "办理该环节（只收录政策文件写明的期限）。",
                 note_en="By the latest step of each school's filing record; schools without one count as not "
                         "submitted. Past a deadline: a step not taken by a deadline the region's documents set.")


def _school_late_row(f: SchoolFacts, late: Late) -> tuple:
    """A school's missed deadline: the school, the step, the deadline, when it was taken and the source."""
    return (f.id, f.name, f.district, late.step, late.by, late.taken or "", late.source or "")


def overdue_table(s: Scope) -> Table:
    rows = [_school_late_row(f, late) for f in s.facts for late in f.late]
    note, note_en = note_for(rows, ("", ""), ("没有学校逾期，或政策配置没有写明期限。",
                                              "No school is past a deadline, or the profile sets none."))
    return Table("overdue", "逾期的学校", "Schools past a deadline", "table",
                 (C("school", "学校编号", "school id"), C("name", "学校", "school"), C("district", "区编号", "district"),
                  C("step", "环节", "step"), C("by", "期限", "deadline"), C("taken", "实际办理", "taken on"),
                  C("source", "期限出处", "source of the deadline")),
                 tuple(rows), note=note, note_en=note_en)


def _register_years(facts: Sequence[SchoolFacts]) -> list[int]:
    """The years some school has registered hours for, ascending."""
    return sorted({r.year for f in facts for r in f.register if r.year is not None})


def _year_register(fs: Sequence[SchoolFacts], year: int) -> list[RegisterYear]:
    """The schools' registers of one year."""
    return [r for f in fs for r in f.register if r.year == year]


def _register_sums(regs: Sequence[RegisterYear]) -> tuple[int, float | int]:
    """Teachers registered and hours registered, summed over the schools' registers."""
    return sum(r.teachers for r in regs), _num(sum(r.hours for r in regs))


def _register_rows(did: str, name: str, fs: Sequence[SchoolFacts], years: list[int]) -> list[tuple]:
    """One district's rows, one per year with registered hours: its accepted schools, the sums."""
    accepted = sum(f.accepted is not None for f in fs)
    rows = []
    for year in years:
        regs = _year_register(fs, year)
        if regs:
            rows.append((did, name, year, accepted, *_register_sums(regs)))
    return rows


def register_table(s: Scope) -> Table:
    """The hour register per district and year: accepted schools, teachers registered, hours registered
    (seed 001 五 4; seed 003 四（三）5). Counts and sums only: the register itself goes to the office
    (plansite export --register)."""
    years = _register_years(s.facts)
    rows = [row for did, name, fs in by_district(s) for row in _register_rows(did, name, fs, years)]
    note, note_en = note_for(rows, ("学校整校验收通过后才登记学时；跨年度的培训分年度登记。只列人数与合计学时，不列个人。",
                                    "Hours are registered once a school passes its acceptance, year by year; counts only."),
                             ("还没有学校登记学时：整校验收通过后才登记。",
                              "No school has registered hours yet: they follow the acceptance."))
    return Table("register", "学时登记（按区、按年度）", "Hours registered, per district and year", "table",
                 (C("district", "区编号", "district"), C("district_name", "区名", "district name"),
                  C("year", "年度", "year"), Fc("accepted", "accepted", "schools accepted"),
                  Yc("registered_teachers", "registered_teachers", "teachers registered", "人"),
                  Yc("registered_hours", "registered_hours", "hours registered", "学时")),
                 tuple(rows), note=note, note_en=note_en)


def _yearly_missed(f: SchoolFacts) -> set[int]:
    """The years whose yearly deadline the school missed."""
    return {int(x.by[:4]) for x in f.late if x.what == WHAT and x.by[:4].isdigit()}


def _yearly_years(facts: Sequence[SchoolFacts], late: Counter[int]) -> list[int]:
    """Every year with a yearly report, a filing of one or a missed deadline, ascending."""
    return sorted({y for f in facts for y in (*f.yearly, *f.yearly_filed)} | set(late))


def _yearly_row(facts: Sequence[SchoolFacts], year: int, late: Counter[int]) -> tuple:
    """One year: the schools, those with a report for it, those that filed it, those past the deadline."""
    return (year, len(facts), sum(year in f.yearly for f in facts), sum(year in f.yearly_filed for f in facts),
            late.get(year, 0))


def yearly_table(s: Scope) -> Table:
    """Year over year: schools with a yearly summary and plan, those that filed it, those past the
    yearly deadline (seed 003 六（二）)."""
    late = Counter(y for f in s.facts for y in _yearly_missed(f))
    rows = tuple(_yearly_row(s.facts, y, late) for y in _yearly_years(s.facts, late))
    note, note_en = note_for(rows, ("年度为计划的年度，报告总结的是上一年；逾期按政策配置写明的每年期限和构建日期判断。",
                                    "The year is the year planned; the report sums up the one before. Past the deadline: "
                                    "by the profile's yearly deadline and the build date."),
                             ("还没有学校的年度总结与计划，政策配置也没有写明每年的期限。",
                              "No yearly reports yet, and no yearly deadline in the profile."))
    return Table("yearly", "年度总结与计划（逐年）", "Yearly summaries and plans, year by year", "table",
                 (C("year", "年度", "year"), Fc("schools", "schools", "schools"),
                  Yc("yearly_reports", "yearly_reports", "schools with a report"),
                  Yc("yearly_filed", "yearly_filed", "schools that filed it"),
                  Yc("yearly_overdue", "yearly_overdue", "schools past the deadline")),
                 rows, note=note, note_en=note_en)


def district_name(did: str, dentry: DistrictEntry) -> str:
    """A district's name as district.yml gives it, else its id."""
    return dentry.district.name if dentry.district else did


def _districts_with_schools(content: Content) -> list[tuple[str, DistrictEntry]]:
    """The districts some school of the site is in, as loaded."""
    return [(did, d) for did, d in content.districts.items() if any(e.district == did for e in content.schools)]


def _district_late_row(did: str, name: str, late: Late) -> tuple:
    """A district's missed deadline: the district, what, the step, the deadline, when taken, the source."""
    return (did, name, late.what or "区级规划实施方案", late.step, late.by, late.taken or "未办理", late.source or "")


def _district_missed(content: Content, did: str, name: str, plan: DistrictPlan, today: date) -> list[tuple]:
    """The deadlines of the district's own record it missed, by the profile its schools follow."""
    profile = district_profile(content, did)
    deadlines = profile.filing.deadlines if profile else []
    return [_district_late_row(did, name, late) for late in missed(plan.filing, deadlines, "district", today)]


def district_late(content: Content, today: date) -> tuple[list[tuple], list[str]]:
    """The district-level deadlines each district missed by its own record (district-plan.yml), checked
    against the profile its schools follow, as the district-plan rule checks them; and the names of
    the districts with no record, whose steps cannot be judged."""
    rows: list[tuple] = []
    unknown: list[str] = []
    for did, dentry in _districts_with_schools(content):
        name = district_name(did, dentry)
        if dentry.plan is None:
            unknown.append(name)
            continue
        rows += _district_missed(content, did, name, dentry.plan, today)
    return rows, unknown


def district_overdue_table(rows: list[tuple], unknown: list[str]) -> Table:
    """Districts past a deadline set for the district itself (seed 003: the leadership list by 2020-04-17)."""
    note = "" if rows else "没有区错过区级材料的报送期限，或政策配置没有写明区级期限。"
    note_en = "" if rows else "No district is past a district-level deadline, or the profile sets none."
    if unknown:
        note += f"{'、'.join(unknown)}没有区级报送记录，无法判断是否按期办理，未列入。"
        note_en += f" {len(unknown)} district(s) have no district-level record and are not listed."
    return Table("district-overdue", "逾期的区（区级材料）", "Districts past a district-level deadline", "table",
                 (C("district", "区编号", "district"), C("district_name", "区名", "district name"),
                  C("what", "材料", "what"), C("step", "环节", "step"), C("by", "期限", "deadline"),
                  C("taken", "实际办理", "taken on"), C("source", "期限出处", "source of the deadline")),
                 tuple(rows), note=note, note_en=note_en.strip())
