"""Rubrics as data: the shipped files add up and match the seeds; a broken rubric file is reported."""

from pathlib import Path

import pytest
import yaml
from sitekit import SITE, dump, fresh, make_site

from generator.check.validate import check_site
from generator.load.policy import BUILTIN_SCHEMAS, load_policy

ROOT = Path(__file__).resolve().parent.parent
RUBRICS = sorted(p.stem for p in (BUILTIN_SCHEMAS / "rubrics").glob("*.yml"))


@pytest.fixture(scope="module")
def policy():
    diags = []
    loaded = load_policy(ROOT, diags)
    assert diags == []
    return loaded


def test_every_rubric_named_in_the_brief_ships(policy):
    assert RUBRICS == ["henan-county", "henan-school", "henan-teacher", "xiangtou-group",
                       "xiangtou-teacher", "yantai-2021"]
    assert sorted(policy.rubrics) == RUBRICS


@pytest.mark.parametrize("rid", RUBRICS)
def test_each_shipped_rubric_adds_up_to_its_total(policy, rid):
    rubric = policy.rubrics[rid]
    assert rubric.total == 100
    assert sum(item.points for item in rubric.items) == rubric.total
    for item, _, _ in rubric.walk():
        if item.children:
            assert sum(c.points for c in item.children) == item.points, item.code


@pytest.mark.parametrize("rid", RUBRICS)
def test_every_file_and_item_carries_its_source(policy, rid):
    rubric = policy.rubrics[rid]
    # cited by the documents' own titles, the way a reader of the public page can look them up
    assert "《" in rubric.source and "种子" not in rubric.source
    for item, _, _ in rubric.walk():
        assert item.source and "《" in item.source and "种子" not in item.source, item.code
    assert rubric.id == rid


def test_yantai_rubric_is_complete(policy):
    rubric = policy.rubrics["yantai-2021"]
    codes = [item.code for item, _, _ in rubric.walk()]
    assert [c for c in codes if c[0] == "A"] == ["A1", "A2", "A3", "A4"]
    assert [c for c in codes if c[0] == "B"] == [f"B{i}" for i in range(1, 10)]
    assert [leaf.code for leaf in rubric.leaves()] == [f"C{i}" for i in range(1, 30)]
    assert [(i.code, i.points) for i in rubric.items] == [("A1", 15), ("A2", 45), ("A3", 20), ("A4", 20)]
    points = {leaf.code: leaf.points for leaf in rubric.leaves()}
    assert (points["C2"], points["C13"], points["C14"], points["C19"], points["C29"]) == (2, 6, 8, 10, 6)
    assert [(g.name, g.min) for g in rubric.grades] == [("优秀", 90), ("合格", 80), ("不合格", 0)]
    assert rubric.base_items == ["A1", "A2", "A3"]
    assert all(leaf.description for leaf in rubric.leaves())
    # the seed's extraction lost C10's scoring method; nothing is invented for it
    assert [leaf.code for leaf in rubric.leaves() if not leaf.method] == ["C10"]
    checked = {item.code: item.check.id for item, _, _ in rubric.walk() if item.check}
    assert checked == {"C1": "team-lead", "C2": "swot", "C8": "it-budget", "C10": "training-theme", "C11": "goal-levels",
                       "C12": "training-mode", "C13": "capability-count", "C14": "calendar-fields",
                       "C17": "kickoff", "C18": "hours", "C19": "hours"}


def test_henan_tables(policy):
    county, school, teacher = (policy.rubrics[f"henan-{k}"] for k in ("county", "school", "teacher"))
    assert [(i.code, i.points) for i in county.items] == [
        ("1", 15), ("2", 15), ("3", 15), ("4", 15), ("5", 20), ("6", 20)]
    assert [c.points for c in county.item("6").children] == [10, 10]
    assert [(i.code, i.points) for i in school.items] == [
        ("1", 15), ("2", 5), ("3", 18), ("4", 18), ("5", 16), ("6", 18), ("7", 10)]
    assert [c.points for c in school.item("5").children] == [10, 6]
    assert [i.points for i in teacher.items] == [5, 20, 15, 9, 42, 9]
    assert county.grades == school.grades == teacher.grades == []  # the seed sets no bands


@pytest.mark.parametrize("rid, title", [("xiangtou-group", "科组考核"), ("xiangtou-teacher", "个人考核")])
def test_seed_000_tables_add_up_to_100_and_match_the_seed_school(policy, rid, title):
    rubric = policy.rubrics[rid]
    assert sum(i.points for i in rubric.items) == 100
    training = yaml.safe_load((ROOT / "content/dalang/xiangtou-primary/training.yml").read_text(encoding="utf-8"))
    table = next(t for t in training["assessment"]["tables"] if t["title"] == title)
    assert [(i.name, i.points) for i in rubric.items] == [(i["content"], i["points"]) for i in table["items"]]


def test_the_ten_people_slip_is_ten_points_with_the_original_quoted():
    text = (BUILTIN_SCHEMAS / "rubrics" / "xiangtou-group.yml").read_text(encoding="utf-8")
    assert "“10 人”" in text
    assert yaml.safe_load(text)["items"][4]["points"] == 10


def test_profiles_name_their_rubrics(policy):
    assert policy.profiles["yantai"].rubric == "yantai-2021"
    assert policy.profiles["henan"].rubric == "henan-school"
    assert policy.profiles["guangdong"].rubric is None
    assert policy.rubrics[policy.profiles["yantai"].rubric].name.startswith("烟台市")


# --- a rubric file is itself checked -----------------------------------------------------------

GOOD = {
    "id": "mycity", "name": "我市细则", "scope": "school", "source": "测试", "total": 10,
    "grades": [{"name": "合格", "min": 6}, {"name": "不合格", "min": 0}],
    "base_items": ["X1"],
    "items": [
        {"code": "X1", "name": "甲", "points": 6, "children": [
            {"code": "Y1", "name": "甲一", "points": 4},
            {"code": "Y2", "name": "甲二", "points": 2, "check": {"id": "swot"}},
        ]},
        {"code": "X2", "name": "乙", "points": 4},
    ],
}


def rubric_diags(tmp_path, rubric):
    root = make_site(tmp_path / "site")
    folder = root / "schemas" / "rubrics"
    folder.mkdir(parents=True)
    (folder / "mycity.yml").write_text(dump(rubric), encoding="utf-8")
    diags = [d for d in check_site(root)[1] if d.code.startswith(("RUBRIC-FILE", "POLICY", "SCHEMA"))]
    return diags, (folder / "mycity.yml").read_text(encoding="utf-8").splitlines()


def test_a_good_rubric_file_passes(tmp_path):
    assert rubric_diags(tmp_path, GOOD)[0] == []


def test_children_that_do_not_add_up(tmp_path):
    bad = fresh(GOOD)
    bad["items"][0]["children"][0]["points"] = 5
    diags, lines = rubric_diags(tmp_path, bad)
    assert [d.code for d in diags] == ["RUBRIC-FILE-SUM"]  # the total counts X1 as stated
    inner = diags[0]
    assert inner.params["what"] == "项目 X1"
    assert inner.path == "schemas/rubrics/mycity.yml" and "points: 6" in lines[inner.line - 1]
    assert (inner.params["sum"], inner.params["points"]) == ("7", "6")


def test_roots_that_do_not_add_up_to_the_total(tmp_path):
    bad = fresh(GOOD) | {"total": 100}
    diags, lines = rubric_diags(tmp_path, bad)
    assert [d.code for d in diags] == ["RUBRIC-FILE-SUM"]
    assert lines[diags[0].line - 1].startswith("total:")


def test_duplicate_codes(tmp_path):
    bad = fresh(GOOD)
    bad["items"][1]["code"] = "Y1"
    diags, lines = rubric_diags(tmp_path, bad)
    dup = [d for d in diags if d.code == "RUBRIC-FILE-DUPLICATE"]
    assert len(dup) == 1 and "code: Y1" in lines[dup[0].line - 1]
    assert "code: Y1" in lines[dup[0].params["first"] - 1] and dup[0].params["first"] < dup[0].line


def test_unknown_base_item(tmp_path):
    diags, _ = rubric_diags(tmp_path, fresh(GOOD) | {"base_items": ["X9"]})
    assert [d.code for d in diags] == ["RUBRIC-FILE-BASE"]


@pytest.mark.parametrize("grades", [
    [{"name": "合格", "min": 6}, {"name": "不合格", "min": 1}],   # no band for a total of 0
    [{"name": "合格", "min": 6}, {"name": "良", "min": 6}, {"name": "不合格", "min": 0}],
    [{"name": "优秀", "min": 11}, {"name": "不合格", "min": 0}],  # above the total
])
def test_bad_grade_bands(tmp_path, grades):
    diags, _ = rubric_diags(tmp_path, fresh(GOOD) | {"grades": grades})
    assert [d.code for d in diags] == ["RUBRIC-FILE-GRADES"]


@pytest.mark.parametrize("check", [{"id": "telepathy"}, {"id": "hours", "params": {"online": True}},
                                   {"id": "swot", "params": {"aspects": [{"name": "硬件", "keywords": []}]}}])
def test_bad_cross_check_reference(tmp_path, check):
    bad = fresh(GOOD)
    bad["items"][0]["children"][1]["check"] = check
    diags, lines = rubric_diags(tmp_path, bad)
    assert [d.code for d in diags] == ["RUBRIC-FILE-CHECK"]
    assert "check:" in lines[diags[0].line - 1]


def test_profile_naming_a_missing_rubric(tmp_path):
    root = make_site(tmp_path / "site", site=fresh(SITE) | {"profile": "mycity"})
    (root / "schemas" / "profiles").mkdir(parents=True)
    (root / "schemas" / "profiles" / "mycity.yml").write_text(
        "id: mycity\nname: 我市\ncatalog: guangdong-zhihui\nrubric: nowhere\n", encoding="utf-8")
    diags = [d for d in check_site(root)[1] if d.code == "POLICY-UNKNOWN-RUBRIC"]
    assert [(d.path, d.line) for d in diags] == [("schemas/profiles/mycity.yml", 4)]


def test_a_site_overrides_a_shipped_rubric(tmp_path):
    local = fresh(GOOD) | {"id": "yantai-2021", "name": "本地烟台细则"}
    root = make_site(tmp_path / "site")
    (root / "schemas" / "rubrics").mkdir(parents=True)
    (root / "schemas" / "rubrics" / "yantai-2021.yml").write_text(dump(local), encoding="utf-8")
    policy = load_policy(root, [])
    assert policy.rubrics["yantai-2021"].name == "本地烟台细则"
    assert "henan-school" in policy.rubrics


@pytest.mark.parametrize("where, checked_by, ok", [
    ("leaf", {"fact": "pass_rate", "at_least": 0.98}, True),
    ("leaf", {"fact": "teacher_passed", "at_least": 1}, False),   # a teacher's fact in a school rubric
    ("parent", {"fact": "pass_rate", "at_least": 0.98}, False),   # a parent's score is its children's sum
    ("leaf", {"fact": "pass_rate"}, False),                       # no requirement
])
def test_a_fact_a_rubric_item_is_checked_against(tmp_path, where, checked_by, ok):
    rubric = fresh(GOOD)
    item = rubric["items"][0] if where == "parent" else rubric["items"][0]["children"][0]
    item["checked_by"] = checked_by
    diags, lines = rubric_diags(tmp_path, rubric)
    if ok:
        assert diags == []
    else:
        assert [d.code for d in diags] == ["RUBRIC-FILE-CHECK"] and "checked_by:" in lines[diags[0].line - 1]
