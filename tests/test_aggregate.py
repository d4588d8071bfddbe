"""City and district statistics on a tiny city whose numbers are worked out by hand.

The city (Guangdong profile: 25 h online + 25 h school-based, capped at 25; Foshan's targets):
- d1/a: a ledger, 4 teachers. T01 earns 10+5+5+8+2 = 30 h (counted 25, reached on 2021-05-10)
  with 25 h online → trained in May 2021; T02 earns 28 (counted 25) but has 20 h online; T03
  earns 15; T04 nothing. Plan 通过 and training 修改后通过 → approved.
- d1/b: snapshots, 10 teachers: 3 completed on 2020-12-31; 8 completed, 8 assessed, 7 passed
  on 2021-06-30. Plan 不通过 then 通过; training not reviewed → reviewed, not approved.
- d2/c: no progress.yml, 6 teachers, no review.
All teachers: 4 + 10 + 6 = 20.
"""

import json
from datetime import date
from pathlib import Path

import pytest
from sitekit import PLAN, SCHOOL, SITE, TRAINING, dump, fresh

from generator.aggregate.dashboards import dashboards
from generator.check.validate import check_site

TODAY = date(2022, 8, 31)


def offline(day, hours, who):
    return {"type": "线下活动", "date": day, "hours": hours, "participants": who, "evidence": ["照片"]}


LEDGER = {"groups": [{
    "name": "语文组", "members": ["T01", "T02", "T03", "T04"],
    "activities": [
        offline("2021-03-10", 10, ["T01", "T02", "T03"]),
        {"type": "研修作业", "date": "2021-03-20", "participants": ["T01", "T02"]},
        {"type": "听课评课", "date": "2021-04-15", "participants": ["T01", "T02", "T03"]},
        offline("2021-05-10", 8, ["T01", "T02"]),
        {"type": "教学研讨", "date": "2021-05-20", "participants": ["T01"]},
    ],
    "online_hours": {"T01": 25, "T02": 20, "T03": 25},
}]}

SNAPSHOTS = {"snapshots": [
    {"date": "2020-12-31", "teachers": 10, "completed": 3, "assessed": 0, "passed": 0},
    {"date": "2021-06-30", "teachers": 10, "completed": 8, "assessed": 8, "passed": 7},
]}


def review(plan, day, verdict):
    return {"plan": plan, "date": day, "opinion": "意见", "verdict": verdict}


SCHOOLS = {
    ("d1", "a"): {"teachers": 4, "progress.yml": LEDGER,
                  "reviews/plan.yml": review("plan", "2021-01-10", "通过"),
                  "reviews/training.yml": review("training", "2021-01-10", "修改后通过")},
    ("d1", "b"): {"teachers": 10, "progress.yml": SNAPSHOTS,
                  "reviews/plan-1.yml": review("plan", "2021-01-05", "不通过"),
                  "reviews/plan-2.yml": review("plan", "2021-03-01", "通过")},
    ("d2", "c"): {"teachers": 6},
}


def make_city(root: Path, site=None) -> Path:
    (root / "site.yml").parent.mkdir(parents=True, exist_ok=True)
    (root / "site.yml").write_text(dump(site or SITE), encoding="utf-8")
    for (district, sid), extra in SCHOOLS.items():
        folder = root / "content" / district / sid
        folder.mkdir(parents=True, exist_ok=True)
        (root / "content" / district / "_district.yml").write_text(dump({"name": f"{district}区"}), encoding="utf-8")
        files = {"school.yml": fresh(SCHOOL) | {"id": sid, "teachers": extra["teachers"]},
                 "plan.yml": fresh(PLAN), "training.yml": fresh(TRAINING)}
        files |= {k: v for k, v in extra.items() if k.endswith(".yml")}
        for rel, data in files.items():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_text(dump(data), encoding="utf-8")
    return root


GRADES = {"a": "优秀", "b": "合格"}


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    root = make_city(tmp_path_factory.mktemp("city") / "site")
    content, _ = check_site(root)
    return dashboards(content, today=TODAY, grade=lambda e: GRADES.get(e.slug))


def rows(dash, table_id):
    return dash.table(table_id).records()


def test_the_fixture_city_is_clean(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANSITE_TODAY", TODAY.isoformat())
    assert check_site(make_city(tmp_path / "site"))[1] == []


def test_plans_filed_reviewed_approved(city):
    assert [(r["district"], r["schools"], r["filed"], r["reviewed"], r["approved"]) for r in rows(city.city, "plans")] \
        == [("d1", 2, 0, 2, 1), ("d2", 1, 0, 0, 0)]  # no filing record: 未报送, as for a deadline


def test_teachers_trained_by_month_against_the_target(city):
    got = [(r["month"], r["trained"], r["percent"], r["target"]) for r in rows(city.city, "trained")]
    # a cumulative target stands at the year end when it falls due (30 % by December 2020), never
    # from January on: 2021's 80 % is not yet due in June 2021
    assert got == [("2020-12", 3, 15.0, 30.0), ("2021-01", 3, 15.0, None), ("2021-02", 3, 15.0, None),
                   ("2021-03", 3, 15.0, None), ("2021-04", 3, 15.0, None), ("2021-05", 4, 20.0, None),
                   ("2021-06", 9, 45.0, None)]
    assert {r["teachers"] for r in rows(city.city, "trained")} == {20}


def test_yearly_targets_and_progress(city):
    got = [tuple(r.values()) for r in rows(city.city, "training-years")]
    assert got == [(2020, 30, 30, 3, 3, 15.0), (2021, 50, 80, 6, 9, 45.0), (2022, 20, 100, 0, 9, 45.0)]


def test_hours_distribution(city):
    got = {r["bin"]: (r["school_based"], r["online"]) for r in rows(city.city, "hours")}
    # counted school-based: 25, 25, 15, 0; online: 25, 20, 25, 0
    assert got == {"0–5": (1, 1), "5–10": (0, 0), "10–15": (0, 0), "15–20": (1, 0), "20–25": (0, 1), "≥25": (2, 2)}


def test_capability_points_and_matrix(city):
    # every school offers G4 and B1 (the training.yml of tests/sitekit.py)
    points = {r["code"]: r["schools"] for r in rows(city.city, "points")}
    assert points == {"G4": 3, "G5": 0, "B1": 3, "B2": 0, "B3": 0, "B4": 0, "B5": 0, "B6": 0, "G6": 0, "G7": 0, "G8": 0}
    matrix = [(r["dimension"], r["points"], r["selections"]) for r in rows(city.city, "point-matrix")]
    assert matrix == [("analysis", 2, 3), ("design", 2, 3), ("guidance", 3, 0), ("assessment", 1, 0),
                      ("innovation", 3, 0)]


def test_calendar_activity_per_month(city):
    got = [(r["month"], r["planned"], r["planned_hours"], r["schools"], r["recorded"]) for r in rows(city.city, "calendar")]
    assert got == [("2021-03", 0, 0, 0, 2), ("2021-04", 0, 0, 0, 1), ("2021-05", 0, 0, 0, 2), ("2021-06", 0, 0, 0, 0),
                   ("2021-07", 0, 0, 0, 0), ("2021-08", 0, 0, 0, 0), ("2021-09", 3, 75, 3, 0),
                   ("2021-10", 3, 75, 3, 0)]


def test_grade_bands_by_district_through_the_hook(city):
    table = city.city.table("grades")
    assert table.keys() == ["district", "district_name", "优秀", "合格", "ungraded"]
    assert [r[2:] for r in table.rows] == [(1, 1, 0), (0, 0, 1)]


def test_pass_rate_by_district(city):
    got = [(r["district"], r["schools"], r["teachers"], r["assessed"], r["passed"], r["pass_rate"], r["target"])
           for r in rows(city.city, "assessment")]
    # teachers: of every school, as the district's 教师总数 (the ledger school's 4 and d2's 6 too)
    assert got == [("d1", 1, 14, 8, 7, 87.5, None), ("d2", 0, 6, 0, 0, None, None)]


def test_programmes_default_to_foshans(city):
    got = [(r["programme_name"], r["target"], r["reported"]) for r in rows(city.city, "programmes")]
    assert got[:3] == [("三百计划", 100, None)] * 3 and len(got) == 7


def test_summary(city):
    s = {r["key"]: r["value"] for r in rows(city.city, "summary")}
    assert (s["schools"], s["teachers"], s["filed"], s["reviewed"], s["approved"]) == (3, 20, 0, 2, 1)
    assert (s["as_of"], s["trained"], s["trained_percent"], s["target_percent"]) == ("2021-06", 9, 45.0, 80.0)
    assert (s["pass_rate"], s["ledger_schools"], s["snapshot_schools"]) == (87.5, 1, 1)


def test_district_dashboards(city):
    assert [d.scope for d in city.districts] == ["d1", "d2"]
    d1 = city.districts[0]
    last = rows(d1, "trained")[-1]
    assert (last["trained"], last["teachers"], last["percent"]) == (9, 14, 64.2)  # 64.29, cut: never rounded up
    schools = {r["school"]: r for r in rows(d1, "schools")}
    assert (schools["a"]["trained"], schools["a"]["percent"], schools["a"]["grade"]) == (1, 25.0, "优秀")
    assert (schools["b"]["plan_verdict"], schools["b"]["training_verdict"], schools["b"]["approved"]) == ("通过", None, False)
    assert d1.table("programmes") is None and city.city.table("schools") is None


def test_site_targets_override_and_henan_pass_rate(tmp_path):
    site = fresh(SITE) | {"profile": "henan", "targets": {
        "teachers": 40,
        "programmes": [{"id": "p", "name": "示例计划", "items": [{"name": "课例", "target": 50, "reported": 20}]}]}}
    content, _ = check_site(make_city(tmp_path / "site", site=site))
    dash = dashboards(content, today=TODAY)
    last = rows(dash.city, "trained")[-1]
    assert (last["teachers"], last["percent"], last["target"]) == (40, 22.5, None)  # Xinyang's first target is 2022
    assert rows(dash.city, "assessment")[0]["target"] == 98
    assert [(r["item"], r["target"], r["reported"], r["percent"]) for r in rows(dash.city, "programmes")] == \
        [("课例", 50, 20, 40.0)]


def test_deterministic_and_downloads_hold_the_same_numbers(city, tmp_path):
    root = make_city(tmp_path / "again")
    content, _ = check_site(root)
    again = dashboards(content, today=TODAY, grade=lambda e: GRADES.get(e.slug))
    assert [t.to_json() for t in again.city.tables] == [t.to_json() for t in city.city.tables]
    table = city.city.table("trained")
    assert json.loads(table.to_json())["rows"] == [list(r) for r in table.rows]
    csv = table.to_csv()
    assert csv.startswith("\ufeff月份,已完成人数,") and csv.count("\r\n") == len(table.rows) + 1
    assert "2021-06,9,20,45.0,\r\n" in csv and "2020-12,3,20,15.0,30\r\n" in csv


def test_a_csv_says_codes_and_yes_no_in_words_as_the_page_does():
    """The zh CSV a person opens in a spreadsheet: 是/否 and 研修活动台账, never True or ledger;
    the JSON keeps the codes for programs."""
    from generator.aggregate.tables import Column, Table
    table = Table("schools", "各校进展", "Schools", "table",
                  (Column("school", "学校编号", "school id"), Column("approved", "已通过", "approved"),
                   Column("reporting", "进展报送方式", "progress reported as"), Column("trained", "已完成培训", "trained")),
                  (("s1", True, "ledger", 12), ("s2", False, "snapshots", None)))
    zh, en = table.to_csv(), table.to_csv("en")
    assert "s1,是,研修活动台账,12\r\n" in zh and "s2,否,按日期报人数,\r\n" in zh
    assert "True" not in zh and "ledger" not in zh
    assert "s1,yes,activity ledger,12\r\n" in en
    assert json.loads(table.to_json())["rows"][0] == ["s1", True, "ledger", 12]


def test_every_column_and_tile_that_holds_a_figure_carries_its_defined_label(city):
    """One definition per figure: a dashboard column or headline tile that holds a figure is labelled
    with figures.yml's label (教师数 / 已完成培训 / 合格率 were second names for three of them)."""
    from generator.model.facts import figures
    from generator.site.pages.charts import Words
    from generator.site.pages.dashboard import kpis
    defined = figures()
    wrong = [(t.id, c.key, c.zh, defined[c.fact].label)
             for dash in (city.city, *city.districts) for t in dash.tables for c in t.columns
             if c.fact in defined and c.zh != defined[c.fact].label]
    assert not wrong
    assert any(c.fact == "pass_rate" for t in city.city.tables for c in t.columns)
    tiles = kpis(city.city.table("summary"), Words("zh-CN"), 2)
    assert [(k.fact, k.label) for k in tiles] == [(k.fact, defined[k.fact].label) for k in tiles]
    assert {k.fact for k in tiles} >= {"schools", "teachers", "trained_percent", "approved", "pass_rate"}


def _in_bin(value: float, lo: float, hi: float | None) -> bool:
    """The bins' definition, value by value: [lo, hi), the last bin (hi None) open above; NaN in none."""
    return lo <= value < hi if hi is not None else value >= lo


def test_hours_bins_count_each_teacher_in_the_one_bin_that_holds_their_hours():
    """The hours table looks each value up once among the bins; the counts are those of trying every bin."""
    import random

    from generator.aggregate import trainingtables as tt

    rng = random.Random(7)
    edges = [0, 0.5, 4.9, 5, 10, 24.99, 25, 30, 100, -1, float("nan")]
    for top in (25, 40, 3, 0, 7.5):
        bins = tt._bins(top)
        for _ in range(100):
            members = [(rng.choice(edges + [rng.uniform(-5, 60)]), rng.uniform(-2, 50)) for _ in range(rng.randint(0, 30))]
            each = [(tt._bin_label(lo, hi), lo, hi, sum(_in_bin(s, lo, hi) for s, _ in members),
                     sum(_in_bin(o, lo, hi) for _, o in members)) for lo, hi in bins]
            assert tt._bin_rows(bins, members) == each
