"""Designations as data: the Yantai pilot list transcribed from seed 004 附件 3, a school's
designations checked against it, and certification counted per school."""

from sitekit import SCHOOL, dump, fresh, make_site

from generator.check.validate import check_site
from generator.load.policy import load_policy

HEADINGS = {"芝罘区": 14, "福山区": 9, "莱山区": 6, "牟平区": 7, "蓬莱区": 4, "海阳市": 11, "莱阳市": 9, "栖霞市": 9,
            "龙口市": 12, "招远市": 8, "莱州市": 13, "开发区": 13, "高新区": 1, "长岛综试区": 1, "市直属": 8}
"""The district headings of seed 004 附件 3, in its order, with the numbers they state."""


def test_the_yantai_pilot_list_is_the_seed_s_125_schools_in_15_districts(tmp_path):
    policy = load_policy(tmp_path, diags := [])
    pilots = policy.designations["yantai-pilots-2021"]
    assert not diags
    assert len(pilots.districts) == 15 and pilots.listed == 125
    assert all(d.count == len(d.schools) for d in pilots.districts)
    assert "烟台赫尔曼·格迈纳尔中学" in pilots.names()
    assert [(d.name, len(d.schools)) for d in pilots.districts] == list(HEADINGS.items())
    first, last = pilots.districts[0].schools, pilots.districts[-1].schools
    assert (first[0], first[-1], last[-1]) == ("烟台第五中学", "芝罘区实验幼儿园", "烟台市市级机关幼儿园")
    xinyang = policy.designations["xinyang-pilots-2021"]
    assert xinyang.total == 11 and xinyang.districts == []  # the seed names none of them


def test_a_miscounted_list_is_reported_at_its_line(tmp_path):
    root = make_site(tmp_path / "s")
    folder = root / "schemas" / "designations"
    folder.mkdir(parents=True)
    data = {"id": "x", "name": "名单", "kind": "试点学校", "source": "出处",
            "districts": [{"name": "一区", "count": 3, "schools": ["甲校", "乙校"]}]}
    (folder / "x.yml").write_text(dump(data), encoding="utf-8")
    ds = [d for d in check_site(root)[1] if d.code == "DESIGNATION-COUNT"]
    assert len(ds) == 1 and ds[0].path.endswith("x.yml") and ds[0].line == 7


def yantai_school(**kw):
    return fresh(SCHOOL) | {"name": "烟台第五中学", "stage": "初中", "teachers": 80} | kw


def test_a_listed_pilot_school_passes(tmp_path):
    school = yantai_school(designations=[{"kind": "试点学校", "level": "市级", "year": 2021,
                                          "list": "yantai-pilots-2021"}])
    assert check_site(make_site(tmp_path / "s", school=school))[1] == []


def test_a_school_not_on_the_list(tmp_path):
    school = yantai_school(name="烟台第九十九中学", designations=[{"kind": "试点学校", "list": "yantai-pilots-2021"}])
    ds = check_site(make_site(tmp_path / "s", school=school))[1]
    assert [d.code for d in ds] == ["DESIGNATION-NOT-LISTED"]


def test_an_unknown_list_and_a_wrong_kind(tmp_path):
    school = yantai_school(designations=[{"kind": "试点学校", "list": "nope"},
                                         {"kind": "示范学校", "list": "yantai-pilots-2021"}])
    ds = check_site(make_site(tmp_path / "s", school=school))[1]
    assert [d.code for d in ds] == ["DESIGNATION-UNKNOWN-LIST", "DESIGNATION-KIND"]


def test_certification_counts(tmp_path):
    over = yantai_school(certification={"date": "2022-06-30", "abilities": 300, "teachers": 90})
    assert [d.code for d in check_site(make_site(tmp_path / "a", school=over))[1]] == ["CERT-TEACHERS-OVER"]
    few = yantai_school(certification={"date": "2022-06-30", "abilities": 100, "teachers": 40})
    assert [d.code for d in check_site(make_site(tmp_path / "b", school=few))[1]] == ["CERT-ABILITIES-FEW"]
    ok = yantai_school(certification={"date": "2022-06-30", "abilities": 200, "teachers": 60})
    assert check_site(make_site(tmp_path / "c", school=ok))[1] == []


def test_the_dashboard_counts_pilot_and_model_schools_and_certifications(tmp_path):
    from generator.aggregate.dashboards import dashboards
    school = yantai_school(designations=[{"kind": "试点学校", "list": "yantai-pilots-2021"},
                                         {"kind": "示范学校", "level": "区级", "year": 2023}],
                           certification={"date": "2022-06-30", "abilities": 200, "teachers": 60})
    content, _ = check_site(make_site(tmp_path / "s", school=school))
    board = dashboards(content)
    row = board.city.table("designations").records()[0]
    assert (row["pilot"], row["model"], row["certified"], row["certified_teachers"]) == (1, 1, 200, 60)
    bare, _ = check_site(make_site(tmp_path / "b"))
    row = dashboards(bare).city.table("designations").records()[0]
    assert (row["pilot"], row["model"], row["certified"]) == (0, 0, None)
