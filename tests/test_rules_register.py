"""整校验收 and the hour register: hours registered only after a passing acceptance where the profile
says so (seed 001 五 4), split by year (seed 003 四（三）5), handed to the office as a CSV and shown on
the site as counts only."""

import csv

import pytest
from sitekit import dump, fresh, make_site

from generator.check.validate import check_site
from generator.cli import main
from generator.load.content import load_content, profile_for
from generator.model.register import register_rows, register_years

FILED = [
    {"step": "报送", "date": "2021-10-10", "body": "一区教育局"},
    {"step": "审核", "date": "2021-10-20", "body": "一区教育局", "result": "通过"},
    {"step": "备案", "date": "2021-10-25", "body": "一区教育局"},
]
ACCEPTED = {"date": "2022-06-20", "body": "一区教育局", "result": "通过"}

TEACHERS = {"teachers": [
    {"id": "T01", "name": "张老师", "online": 25, "school_based": 30,          # capped at 25
     "years": [{"year": 2021, "online": 10, "school_based": 20}, {"year": 2022, "online": 15, "school_based": 10}]},
    {"id": "T02", "online": 25, "school_based": 25},                          # no years: the acceptance's year
    {"id": "T03", "online": 25, "school_based": 25,
     "assessment": [{"stage": "自评", "result": "合格"}, {"stage": "互评", "result": "合格"},
                    {"stage": "总评", "result": "不合格"}]},                   # failed: not registered
    {"id": "T04", "online": 10, "school_based": 25},                          # hours not met
]}


@pytest.fixture(autouse=True)
def build_day(monkeypatch):
    monkeypatch.setenv("PLANSITE_TODAY", "2022-08-31")


def site(tmp_path, *, acceptance=ACCEPTED, steps=FILED, teachers=TEACHERS, extra=None):
    filing = {"steps": steps}
    if acceptance is not None:
        filing["acceptance"] = acceptance
    files = {"filing.yml": dump(filing), "teachers.yml": dump(teachers), **(extra or {})}
    return make_site(tmp_path / "site", files=files)


def rows_of(root):
    content = load_content(root, [])
    entry = content.schools[0]
    return register_rows(entry, profile_for(entry, content))


def codes(diags):
    return sorted(d.code for d in diags)


def test_after_a_passing_acceptance_hours_are_registered_by_year(tmp_path):
    rows = rows_of(site(tmp_path))
    assert [(r.teacher, r.year, r.online, r.school_based) for r in rows] == [
        ("T01", 2021, 10, 20), ("T01", 2022, 15, 5),      # 30 school-based hours: 25 counted
        ("T02", 2022, 25, 25)]
    years = register_years(rows)
    assert [(y.year, y.teachers, y.hours) for y in years] == [(2021, 1, 30), (2022, 2, 70)]


@pytest.mark.parametrize("acceptance", [None, dict(ACCEPTED, result="不通过")])
def test_without_a_passing_acceptance_nothing_is_registered(tmp_path, acceptance):
    root = site(tmp_path, acceptance=acceptance)
    assert rows_of(root) == []
    waiting = register_rows(*_entry_profile(root), waiting=True)
    assert {r.teacher for r in waiting} == {"T01", "T02"}   # what the acceptance would register


def _entry_profile(root):
    content = load_content(root, [])
    entry = content.schools[0]
    return entry, profile_for(entry, content)


def test_a_profile_that_does_not_wait_for_the_acceptance_registers_at_once(tmp_path):
    from sitekit import SITE
    root = make_site(tmp_path / "site", site=dict(SITE, profile="henan"), files={"teachers.yml": dump(TEACHERS)})
    assert {r.teacher for r in rows_of(root)} == {"T01"}          # Henan: 20 online + 30 school-based
    content = load_content(root, [])
    assert profile_for(content.schools[0], content).registration.after_acceptance is False


def test_years_that_do_not_add_up_are_an_error_with_file_and_line(tmp_path):
    teachers = fresh(TEACHERS)
    teachers["teachers"][0]["years"][1]["online"] = 12
    root = site(tmp_path, teachers=teachers)
    found = [d for d in check_site(root)[1] if d.code == "REGISTER-YEARS-SUM"]
    assert len(found) == 1 and found[0].path.endswith("teachers.yml")
    lines = (root / "content" / "d1" / "test-school" / "teachers.yml").read_text(encoding="utf-8").splitlines()
    assert lines[found[0].line - 1].strip().startswith("years")
    assert "22" in found[0].message() and "25" in found[0].message()
    assert "REGISTER-YEARS-SUM" not in codes(check_site(site(tmp_path / "ok"))[1])


def test_an_acceptance_before_the_plans_are_filed_is_a_warning(tmp_path):
    diags = check_site(site(tmp_path, steps=FILED[:1]))[1]
    found = [d for d in diags if d.code == "ACCEPT-NOT-FILED"]
    assert len(found) == 1 and found[0].level == "warning" and found[0].line
    assert "ACCEPT-NOT-FILED" not in codes(check_site(site(tmp_path / "ok"))[1])


def test_an_unreadable_acceptance_date_is_reported(tmp_path):
    diags = check_site(site(tmp_path, acceptance=dict(ACCEPTED, date="六月")))[1]
    assert any(d.code.startswith("DATE-") and d.path.endswith("filing.yml") for d in diags)


def test_a_ledger_school_registers_school_based_hours_in_the_year_of_each_activity(tmp_path):
    from sitekit import SITE
    ledger = {"groups": [{"name": "语文组", "members": ["T01"], "online_hours": {"T01": 25}, "activities": [
        {"type": "线下活动", "date": "2021-11-10", "title": "甲", "hours": 10, "participants": ["T01"],
         "evidence": ["记录"]},
        {"type": "线下活动", "date": "2022-03-10", "title": "乙", "hours": 10, "participants": ["T01"],
         "evidence": ["记录"]},
        {"type": "研修作业", "date": "2022-04-10", "participants": ["T01"]},
    ]}]}
    root = make_site(tmp_path / "site", site=dict(SITE, profile="foshan"), files={
        "filing.yml": dump({"steps": FILED, "acceptance": ACCEPTED}), "progress.yml": dump(ledger)})
    rows = rows_of(root)
    assert [(r.year, r.online, r.school_based) for r in rows] == [(2021, 0, 10), (2022, 25, 15)]


def test_export_register_writes_the_profiles_columns_outside_the_site(tmp_path, capsys):
    root = site(tmp_path)
    out = tmp_path / "office"
    assert main(["export", str(root), "--register", "--out", str(out)]) == 0
    text = (out / "学时登记表.csv").read_text(encoding="utf-8-sig")
    table = list(csv.reader(text.splitlines()))
    assert table[0] == ["区县", "学校", "教师编号", "姓名", "年度", "网络研修学时", "校本研修学时", "合计学时", "整校验收日期"]
    assert table[1] == ["一区", "测试小学", "T01", "张老师", "2021", "10", "20", "30", "2022-06-20"]
    assert len(table) == 4
