"""The aggregate stage: city and district statistics for the dashboards.

Pure functions over the loaded Content and a profile: the same input gives the same tables,
rows in a fixed order (districts and schools as loaded, months ascending, points in catalog
order). Each chart of a dashboard is one Table (generator/aggregate/tables.py); its rows are exactly the
numbers the chart draws, the table beneath it prints and the CSV/JSON downloads hold.

Definitions: generator/core/data/figures.yml (docs/figures.md, 数字的口径); each figure is
computed once (generator/model/facts.py, SchoolFacts in generator/aggregate/facts.py) and every
table here sums those. A column that is a figure says so (Column.fact), so the consistency crawl
(tests/test_consistency.py) can hold every page and download to one value per figure and scope.
The target line is the cumulative share due by the end of each month's year.
"""

from __future__ import annotations

from datetime import date
from typing import Sequence

from ..check.shared import district_profile, missed
from ..core.clock import build_date
from ..load.content import Content, profile_for
from ..model.facts import FILING_STATES, SOURCE_NAMES, figure
from ..model.policy import Profile
from ..model.targets import effective_targets
from .facts import Grade, SchoolFacts, school_facts
from .scope import BAND_ORDER, UNGRADED, C, CityDashboards, Dashboard, Fc, Scope, _num, _pct, sources_text
from ..model.yearly import WHAT
from .tables import Column, Table
from .trainingtables import calendar_table, hours_table, trained_table, training_years_table

def Yc(key: str, fid: str, en: str, unit: str = "") -> Column:
    """A column holding a defined figure of one year (the row's): the figure's label; not marked as the
    scope's figure, which a row of one year is not."""
    return Column(key, figure(fid).label, en, unit)


# ── tables ────────────────────────────────────────────────────────────────────

def plans_table(s: Scope) -> Table:
    rows = []
    for did, name in s.districts:
        fs = [f for f in s.facts if f.district == did]
        rows.append((did, name, len(fs), sum(f.filed for f in fs), sum(f.reviewed for f in fs),
                     sum(f.approved for f in fs)))
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


def _known_total(values) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def designations_table(s: Scope) -> Table:
    """Pilot and model schools and the micro-abilities certified, per district (seed 004 附件 3, 附件 5;
    seed 002 第四阶段). School totals only: nothing here is a person's."""
    rows = []
    for did, name in s.districts:
        fs = [f for f in s.facts if f.district == did]
        rows.append((did, name, len(fs), sum(f.pilot for f in fs), sum(f.model for f in fs),
                     _known_total(f.certified for f in fs), _known_total(f.certified_teachers for f in fs)))
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


def filing_table(s: Scope) -> Table:
    """Schools by the state of their filing record (报送、审核、备案, seed 003 六（四）3), per district."""
    states = FILING_STATES
    rows = []
    for did, name in s.districts:
        fs = [f for f in s.facts if f.district == did]
        rows.append((did, name, len(fs), *(sum(f.filing == st for f in fs) for st in states),
                     sum(f.filed for f in fs), sum(bool(f.late) for f in fs)))
    return Table("filing", "两案报送、审核与备案（按区，单位：所）", "Schools by filing state, per district (schools)",
                 "table",
                 (C("district", "区编号", "district"), C("district_name", "区名", "district name"),
                  Fc("schools", "schools", "schools"),
                  *(C(f"state_{i}", st, st, fact=f"filing:{st}") for i, st in enumerate(states)),
                  Fc("filed", "filed", "filed"),
                  Fc("overdue", "overdue", "past a deadline")),
                 tuple(rows),
                 note="按各校报送、审核与备案记录的最近一个环节计；没有记录的学校计为“未报送”。逾期：未在政策配置写明的期限前"
                      "办理该环节（只收录政策文件写明的期限）。",
                 note_en="By the latest step of each school's filing record; schools without one count as not "
                         "submitted. Past a deadline: a step not taken by a deadline the region's documents set.")


def overdue_table(s: Scope) -> Table:
    rows = []
    for f in s.facts:
        for late in f.late:
            rows.append((f.id, f.name, f.district, late.step, late.by, late.taken or "", late.source or ""))
    return Table("overdue", "逾期的学校", "Schools past a deadline", "table",
                 (C("school", "学校编号", "school id"), C("name", "学校", "school"), C("district", "区编号", "district"),
                  C("step", "环节", "step"), C("by", "期限", "deadline"), C("taken", "实际办理", "taken on"),
                  C("source", "期限出处", "source of the deadline")),
                 tuple(rows),
                 note="没有学校逾期，或政策配置没有写明期限。" if not rows else "",
                 note_en="No school is past a deadline, or the profile sets none." if not rows else "")


def register_table(s: Scope) -> Table:
    """The hour register per district and year: accepted schools, teachers registered, hours registered
    (seed 001 五 4; seed 003 四（三）5). Counts and sums only: the register itself goes to the office
    (plansite export --register)."""
    years = sorted({r.year for f in s.facts for r in f.register if r.year is not None})
    rows = []
    for did, name in s.districts:
        fs = [f for f in s.facts if f.district == did]
        accepted = sum(f.accepted is not None for f in fs)
        for year in years:
            regs = [r for f in fs for r in f.register if r.year == year]
            if regs:
                rows.append((did, name, year, accepted, sum(r.teachers for r in regs),
                             _num(sum(r.hours for r in regs))))
    return Table("register", "学时登记（按区、按年度）", "Hours registered, per district and year", "table",
                 (C("district", "区编号", "district"), C("district_name", "区名", "district name"),
                  C("year", "年度", "year"), Fc("accepted", "accepted", "schools accepted"),
                  Yc("registered_teachers", "registered_teachers", "teachers registered", "人"),
                  Yc("registered_hours", "registered_hours", "hours registered", "学时")),
                 tuple(rows),
                 note=("学校整校验收通过后才登记学时；跨年度的培训分年度登记。只列人数与合计学时，不列个人。" if rows else
                       "还没有学校登记学时：整校验收通过后才登记。"),
                 note_en=("Hours are registered once a school passes its acceptance, year by year; counts only."
                          if rows else "No school has registered hours yet: they follow the acceptance."))


def yearly_table(s: Scope) -> Table:
    """Year over year: schools with a yearly summary and plan, those that filed it, those past the
    yearly deadline (seed 003 六（二）)."""
    late: dict[int, int] = {}
    for f in s.facts:
        missed = {int(x.by[:4]) for x in f.late if x.what == WHAT and x.by[:4].isdigit()}
        for y in missed:
            late[y] = late.get(y, 0) + 1
    years = sorted({y for f in s.facts for y in (*f.yearly, *f.yearly_filed)} | set(late))
    rows = tuple((y, len(s.facts), sum(y in f.yearly for f in s.facts), sum(y in f.yearly_filed for f in s.facts),
                  late.get(y, 0)) for y in years)
    return Table("yearly", "年度总结与计划（逐年）", "Yearly summaries and plans, year by year", "table",
                 (C("year", "年度", "year"), Fc("schools", "schools", "schools"),
                  Yc("yearly_reports", "yearly_reports", "schools with a report"),
                  Yc("yearly_filed", "yearly_filed", "schools that filed it"),
                  Yc("yearly_overdue", "yearly_overdue", "schools past the deadline")),
                 rows,
                 note=("年度为计划的年度，报告总结的是上一年；逾期按政策配置写明的每年期限和构建日期判断。" if rows else
                       "还没有学校的年度总结与计划，政策配置也没有写明每年的期限。"),
                 note_en=("The year is the year planned; the report sums up the one before. Past the deadline: by "
                          "the profile's yearly deadline and the build date." if rows else
                          "No yearly reports yet, and no yearly deadline in the profile."))


def district_late(content: Content, today: date) -> tuple[list[tuple], list[str]]:
    """The district-level deadlines each district missed by its own record (district-plan.yml), checked
    against the profile its schools follow, as the district-plan rule checks them; and the names of
    the districts with no record, whose steps cannot be judged."""
    rows, unknown = [], []
    for did, dentry in content.districts.items():
        if not any(e.district == did for e in content.schools):
            continue
        name = dentry.district.name if dentry.district else did
        if dentry.plan is None:
            unknown.append(name)
            continue
        profile = district_profile(content, did)
        for late in missed(dentry.plan.filing, profile.filing.deadlines if profile else [], "district", today):
            rows.append((did, name, late.what or "区级规划实施方案", late.step, late.by, late.taken or "未办理",
                         late.source or ""))
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


def points_table(s: Scope) -> Table:
    cat = s.catalog
    counts: dict[str, int] = {}
    for f in s.facts:
        for code in f.points:
            counts[code] = counts.get(code, 0) + 1
    rows = []
    for p in cat.points if cat else []:
        assert cat is not None
        rows.append((p.code, cat.point_label(p.code), cat.dimension_name(p.dimension),
                     cat.environment_name(p.environment), counts.get(p.code, 0)))
    return Table("points", "各能力点选择的学校数", "Schools offering each capability point", "bar",
                 (C("code", "能力点", "point"), C("name", "名称", "name"), C("dimension", "维度", "dimension"),
                  C("environment", "教学环境", "environment"), C("schools", "选择该点的学校数", "schools choosing it")),
                 tuple(rows), roles={"x": "code", "y": ["schools"], "label": "name"},
                 note=(f"能力点目录：{cat.name}。按各校《校本研修与考核方案》的关键能力点计数（没有关键能力点的学校按"
                       "发展规划所列能力点计），与“能力点”页同一口径；发展规划中只作现状分析的能力点不计入。") if cat else "",
                 note_en=(f"Catalog: {cat.name_en or cat.name}. Counted from the training plans' key points, as on "
                          "the capability pages; points only analysed in a plan are not counted.") if cat else "")


def point_matrix_table(s: Scope) -> Table:
    cat = s.catalog
    rows = []
    if cat:
        counts: dict[str, int] = {}
        for f in s.facts:
            for code in f.points:
                counts[code] = counts.get(code, 0) + 1
        envs = [(e.id, e.name) for e in cat.environments] or [("", "（不分环境）")]
        for env_id, env_name in envs:
            for dim in cat.dimensions:
                cell = [p for p in cat.points if p.dimension == dim.id and (p.environment or "") == env_id]
                rows.append((env_id, env_name, dim.id, dim.name, len(cell), sum(counts.get(p.code, 0) for p in cell)))
    return Table("point-matrix", "能力点选择：教学环境 × 维度", "Capability points chosen: environment × dimension",
                 "heatmap",
                 (C("environment", "环境编号", "environment id"), C("environment_name", "教学环境", "environment"),
                  C("dimension", "维度编号", "dimension id"), C("dimension_name", "维度", "dimension"),
                  C("points", "目录中的能力点数", "points in the catalog"),
                  C("selections", "被选择次数（学校 × 能力点）", "selections (schools × points)")),
                 tuple(rows), roles={"x": "dimension_name", "y": "environment_name", "z": "selections"},
                 note="目录中没有能力点的格子，“目录中的能力点数”为 0。",
                 note_en="A cell with no point in the catalog has 0 in 'points in the catalog'.")


def programmes_table(s: Scope) -> Table:
    rows = []
    for prog in s.targets.programmes or []:
        for item in prog.items:
            rows.append((prog.id, prog.name, item.name, item.unit or "", _num(item.target),
                         None if item.reported is None else _num(item.reported), _pct(item.reported, item.target)))
    sources = "；".join(f"{p.name}：{p.source}" for p in s.targets.programmes or [] if p.source)
    sample = any(p.sample for p in s.targets.programmes or [])
    mark, mark_en = ("（示例数据）", " (sample data)") if sample else ("", "")
    return Table("programmes", f"市级项目计数目标与完成数{mark}", f"City programmes: targets and reported counts{mark_en}",
                 "bar",
                 (C("programme", "项目编号", "programme id"), C("programme_name", "项目", "programme"),
                  C("item", "目标内容", "target"), C("unit", "单位", "unit"), C("target", "目标数", "target"),
                  C("reported", f"已报告完成数{mark}", f"reported{mark_en}"),
                  C("percent", f"完成比例{mark}", f"share reached{mark_en}", "%")),
                 tuple(rows), roles={"x": "item", "y": ["reported"], "target": "target", "group": "programme_name"},
                 note=f"出处：{sources}" if sources else "", note_en="Sources as in the profile and site.yml.")


def _bands(facts: Sequence[SchoolFacts], bands: Sequence[str] | None) -> list[str]:
    found = {f.grade for f in facts if f.grade is not None}
    order = list(bands) if bands is not None else [b for b in BAND_ORDER if b in found]
    return order + sorted(found - set(order))


def grades_table(s: Scope, bands: Sequence[str] | None = None) -> Table:
    names = _bands(s.facts, bands)
    rows = []
    for did, name in s.districts:
        fs = [f for f in s.facts if f.district == did]
        rows.append((did, name, *(sum(f.grade == b for f in fs) for b in names), sum(f.grade is None for f in fs)))
    return Table("grades", "学校考核等次分布（按区，单位：所）", "Schools' rubric grades by district (schools)", "stacked-bar",
                 (C("district", "区编号", "district"), C("district_name", "区名", "district name"),
                  *(C(b, b, b) for b in names), C("ungraded", UNGRADED, "not graded")),
                 tuple(rows), roles={"x": "district_name", "y": [*names, "ungraded"]},
                 note="按学校计：每所学校一个等次，取最近一次专家逐项评分依考核细则计算；与“教师校本应用考核合格率”"
                      "（按教师人数计）不是同一指标。",
                 note_en="Of schools: one grade per school from its latest expert scores; not the teachers' pass rate.")


def assessment_table(s: Scope) -> Table:
    target = s.targets.pass_rate
    rows = [_assessment_row(s, did, name, target) for did, name in s.districts]
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
                 note=("按教师人数计：有教师档案的学校按档案计算（学校总评的结果），"
                       "其余学校取最近一次报送的已考核、合格教师人数；两者相加。教师数与已完成培训为报送培训进展的学校，"
                       "与培训完成比例同一口径（" + (sources_text(s.facts) or "来源：无") + "）。这是教师的合格率，"
                       "与“学校考核等次分布”（每所学校一个等次，按学校数计）不是同一指标。"
                       + (f"目标出处：{target.source}" if target and target.source else "")),
                 note_en="Of teachers: computed from the teacher records where a school keeps them, else the latest "
                         "reported counts of assessed and passed teachers. A teachers' rate, "
                         "not the schools' grades shown beside it.")


def _assessment_row(s: Scope, did: str, name: str, target) -> tuple:
    """One district: teachers assessed and passed, from the records where a school keeps them,
    else from its latest reported counts."""
    here = [f for f in s.facts if f.district == did]
    computed = [f.records for f in here if f.records]
    counts = [c for f in here if not f.records for c in [f.latest()] if c]
    assessed = sum(c.assessed or 0 for c in counts) + sum(r.assessed for r in computed)
    passed = sum(c.passed or 0 for c in counts) + sum(r.passed for r in computed)
    reporting = [f for f in here if f.source]
    return (did, name, len(counts), len(computed), _teachers(here), sum(f.trained(s.today) for f in reporting),
            assessed, passed, _pct(passed, assessed), _num(target.percent) if target else None)


def schools_table(s: Scope) -> Table:
    rows = []
    for f in s.facts:
        verdicts = dict(f.verdicts)
        trained = f.trained(s.today) if f.source else None
        latest = f.latest()
        if f.records:
            basis, rate = "按教师档案计算", f.records.pass_rate
        elif latest and latest.assessed is not None:
            basis, rate = "报送人数", _pct(latest.passed or 0, latest.assessed)
        else:
            basis, rate = None, None
        rows.append((f.id, f.name, f.teachers, f.filing, verdicts.get("plan"), verdicts.get("training"),
                     f.approved, f.reporting or None, SOURCE_NAMES.get(f.source), trained, _pct(trained, f.teachers),
                     f.grade, rate, basis))
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


def _year_end_target(s: Scope, month: str):
    """The cumulative share due at the end of the year that `month` (YYYY-MM) is in."""
    training = s.targets.training
    due = training.due(int(month[:4])) if training else None
    return None if due is None else _num(due)


def summary_table(s: Scope, trained: Table, assessment: Table) -> Table:
    figures = [*_plan_figures(s), *_training_figures(s, trained.rows[-1] if trained.rows else None),
               *_assessment_figures(s, assessment), *_record_figures(s)]
    return Table("summary", "概况", "Summary", "figures",
                 (C("key", "指标编号", "key"), C("label", "指标", "figure"), C("label_en", "指标（英文）", "figure (English)"),
                  C("value", "数值", "value")),
                 tuple(figures))


def _plan_figures(s: Scope) -> list[tuple]:
    return [
        ("schools", _fact_label("schools"), "schools", len(s.facts)),
        ("teachers", _fact_label("teachers"), "all teachers", s.teachers),
        ("teachers_unknown", "未报教师人数的学校", "schools with no teacher count",
         sum(f.teachers is None for f in s.facts)),
        ("filed", _fact_label("filed"), "schools that filed both plans", sum(f.filed for f in s.facts)),
        ("reviewed", _fact_label("reviewed"), "schools reviewed", sum(f.reviewed for f in s.facts)),
        ("approved", _fact_label("approved"), "schools approved", sum(f.approved for f in s.facts)),
    ]


def _training_figures(s: Scope, last: tuple | None) -> list[tuple]:
    """The latest month of the trained table: its date, teachers trained, their share, the target due."""
    if last is None:
        month = trained = percent = due = None
    else:
        month, trained, percent, due = last[0], last[1], last[3], _year_end_target(s, last[0])
    return [
        ("as_of", "数据截至", "data as of", month),
        ("trained", _fact_label("trained"), "teachers trained", trained),
        ("trained_source", "已完成培训的来源", "trained: taken from", sources_text(s.facts) or None),
        ("trained_percent", _fact_label("trained_percent"), "share of teachers trained (%)", percent),
        ("target_percent", "当年年底应达到的累计目标（%）", "cumulative target due at this year's end (%)", due),
    ]


def _assessment_figures(s: Scope, assessment: Table) -> list[tuple]:
    assessed, passed = sum(assessment.column("assessed")), sum(assessment.column("passed"))
    return [
        ("pass_rate", _fact_label("pass_rate"), "teachers' assessment pass rate (%, of teachers)",
         _pct(passed, assessed)),
        ("pass_rate_target", "教师考核合格率目标（%）", "teachers' pass-rate target (%)",
         _num(s.targets.pass_rate.percent) if s.targets.pass_rate else None),
    ]


def _record_figures(s: Scope) -> list[tuple]:
    with_records = any(f.records for f in s.facts)
    return [
        ("records_schools", "合格率按教师档案计算的学校", "schools whose pass rate is computed from teacher records",
         sum(f.records is not None for f in s.facts)),
        ("reported_schools", "合格率取报送人数的学校", "schools whose pass rate is reported as counts",
         sum(f.records is None and f.latest() is not None for f in s.facts)),
        ("under_hours", _fact_label("under_hours"), "teachers under the hours target",
         _known_sum(f.under_hours for f in s.facts)),
        ("points_chosen", _fact_label("points_chosen"), "capability points chosen by teachers (from records)",
         len({c for f in s.facts if f.records for c, _ in f.records.points}) if with_records else None),
        ("ledger_schools", "报送台账的学校", "schools reporting a ledger", sum(f.reporting == "ledger" for f in s.facts)),
        ("snapshot_schools", "报送人数的学校", "schools reporting counts", sum(f.reporting == "snapshots" for f in s.facts)),
    ]


# ── dashboards ────────────────────────────────────────────────────────────────

def dashboard(s: Scope, scope: str, name: str, *, bands: Sequence[str] | None = None,
              districts_late: Table | None = None) -> Dashboard:
    """Every table of one dashboard, in the order the page shows them (districts_late: the city's)."""
    trained = trained_table(s)
    assessment = assessment_table(s)
    tables = [summary_table(s, trained, assessment), plans_table(s), filing_table(s),
              designations_table(s), trained, training_years_table(s),
              hours_table(s), points_table(s), point_matrix_table(s), calendar_table(s),
              grades_table(s, bands), assessment, register_table(s), yearly_table(s)]
    if scope == "city":
        tables.insert(4, programmes_table(s))
        if districts_late is not None:
            tables.insert(4, districts_late)
    else:  # the schools past a deadline by name: a district's list; the city's table counts them per district
        tables.insert(3, overdue_table(s))
        tables.append(schools_table(s))
    return Dashboard(scope, name, tuple(tables))


def _fact_label(fid: str) -> str:
    """A figure's label as the summary table prints it: figures.yml's label, with its unit."""
    f = figure(fid)
    return f"{f.label}（{f.unit}）" if f.unit in ("人", "%", "个", "学时") else f.label


def _known_sum(values) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _teachers(facts: Sequence[SchoolFacts]) -> int | None:
    known = [f.teachers for f in facts if f.teachers is not None]
    return sum(known) if known else None


def _same_catalog(content: Content, entry, catalog):
    """The scope's catalog when the school follows it; else None, so a school's points are never
    counted under another catalog's point that happens to share its code (B1 is in two)."""
    own = profile_for(entry, content)
    if own is None or catalog is None:
        return catalog
    mine = content.policy.catalog_for(own)
    return catalog if mine is not None and mine.id == catalog.id else None


def _district_profile(content: Content, did: str) -> Profile | None:
    """The profile every school of a district follows, or None when they differ."""
    found = {p.id: p for e in content.schools if e.district == did for p in [profile_for(e, content)] if p}
    return next(iter(found.values())) if len(found) == 1 else None


def site_profile(content: Content) -> Profile | None:
    return content.policy.profiles.get(content.profile_id) if content.profile_id else None


def dashboards(content: Content, profile: Profile | None = None, *, today: date | None = None,
               grade: Grade | None = None, bands: Sequence[str] | None = None) -> CityDashboards:
    """The city dashboard and one per district, from the loaded (and checked) content.

    profile: the site's profile (default: the one site.yml names); today: the build date
    (default: generator.clock.build_date()); grade: a function giving a school's rubric grade
    or None; bands: the grade names in display order (e.g. from the profile's rubric).
    """
    profile = profile or site_profile(content)
    if profile is None:
        raise ValueError("站点没有可用的政策配置 · the site has no usable profile")
    today = today or build_date()
    catalog = content.policy.catalog_for(profile)
    targets = effective_targets(content.config.targets if content.config else None, profile.targets)
    facts = tuple(school_facts(e, profile_for(e, content) or profile, _same_catalog(content, e, catalog),
                               today=today, grade=grade, rubrics=content.policy.rubrics) for e in content.schools)
    names = tuple((did, d.district.name if d.district else did) for did, d in content.districts.items()
                  if any(f.district == did for f in facts))
    city = Scope(facts, names, targets.teachers or _teachers(facts), targets, catalog, profile, today)
    city_name = (content.config.city or content.config.title) if content.config else "全市"
    districts = [dashboard(_district_scope(content, did, name, facts, city, grade), did, name, bands=bands)
                 for did, name in names]
    late = district_overdue_table(*district_late(content, today))
    return CityDashboards(dashboard(city, "city", city_name, bands=bands, districts_late=late), tuple(districts),
                          targets, today)


def _district_scope(content: Content, did: str, name: str, facts: tuple, city: Scope, grade: Grade | None) -> Scope:
    """A district's scope: the city's, narrowed to its schools; a district whose schools all follow
    another profile is measured by that profile's catalog and targets (site.yml's targets are the
    site profile's)."""
    own = _district_profile(content, did)
    if own is not None and own.id != city.profile.id:
        d_catalog = content.policy.catalog_for(own)
        fs = tuple(school_facts(e, own, d_catalog, today=city.today, grade=grade, rubrics=content.policy.rubrics)
                   for e in content.schools if e.district == did)
        return Scope(fs, ((did, name),), _teachers(fs), effective_targets(None, own.targets), d_catalog, own,
                     city.today)
    fs = tuple(f for f in facts if f.district == did)
    return Scope(fs, ((did, name),), _teachers(fs), city.targets, city.catalog, city.profile, city.today)

