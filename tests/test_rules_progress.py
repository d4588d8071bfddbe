"""progress.yml: each rule a failing and a passing case; hours counted as seed 001 says."""

from datetime import date

import pytest
from sitekit import dump, fresh, make_site, school_dir

from generator.check.validate import check_site
from generator.cli import main
from generator.core.clock import build_date
from generator.model.hours import member_hours
from generator.model.policy import HoursRule, LedgerRule
from generator.model.progress import Progress

LEDGER = {
    "groups": [{
        "name": "语文组",
        "leader": "组长",
        "members": ["T01", "T02", "T03"],
        "activities": [
            {"type": "教学研讨", "date": "2021-03-10", "title": "作业数据研讨", "participants": ["T01", "T02"]},
            {"type": "研修作业", "date": "2021-03-20", "hours": 5, "participants": ["T01"]},
            {"type": "线下活动", "date": "2021-04-15", "title": "集中备课", "hours": 8,
             "participants": ["T01", "T02", "T03"], "evidence": ["活动照片", "备课记录"]},
        ],
        "online_hours": {"T01": 25, "T02": 20},
    }],
}

SNAPSHOTS = {"snapshots": [
    {"date": "2020-12-31", "teachers": 40, "completed": 12, "assessed": 0, "passed": 0},
    {"date": "2021-06-30", "teachers": 40, "completed": 30, "assessed": 20, "passed": 19},
]}


@pytest.fixture(autouse=True)
def build_day(monkeypatch):
    monkeypatch.setenv("PLANSITE_TODAY", "2022-08-31")


def check(tmp_path, progress, **kw):
    root = make_site(tmp_path / "site", files={"progress.yml": dump(progress)}, **kw)
    return [d for d in check_site(root)[1]]


def codes(diags):
    return [d.code for d in diags]


def line_text(tmp_path, diag) -> str:
    return (school_dir(tmp_path / "site") / "progress.yml").read_text(encoding="utf-8").splitlines()[diag.line - 1]


def test_a_clean_ledger_and_clean_snapshots(tmp_path):
    assert check(tmp_path / "a", LEDGER) == []
    assert check(tmp_path / "b", SNAPSHOTS) == []


def test_every_progress_problem_has_file_and_line(tmp_path):
    ledger = fresh(LEDGER)
    group = ledger["groups"][0]
    group["members"].append("王小明")
    group["activities"][0]["hours"] = 3
    group["activities"][2]["hours"] = 12
    group["activities"][2]["evidence"] = []
    group["activities"][1]["participants"].append("T09")
    diags = check(tmp_path, ledger)
    assert sorted(codes(diags)) == ["PROGRESS-FIXED-HOURS", "PROGRESS-MEMBER-ID", "PROGRESS-NOT-MEMBER",
                                    "PROGRESS-OFFLINE-EVIDENCE", "PROGRESS-OFFLINE-HOURS"]
    assert all(d.path.endswith("progress.yml") and d.line for d in diags)


# --- 线下活动 ---------------------------------------------------------------------------------------

def test_offline_activity_of_12_hours_fails_check_with_file_and_line(tmp_path, capsys):
    ledger = fresh(LEDGER)
    ledger["groups"][0]["activities"].append(
        {"type": "线下活动", "date": "2021-05-12", "title": "课例研磨", "hours": 12,
         "participants": ["T01"], "evidence": ["评课表"]})
    root = make_site(tmp_path / "site", files={"progress.yml": dump(ledger)})
    assert main(["check", str(root)]) == 1
    out = capsys.readouterr().out
    found = [line for line in out.splitlines() if "[PROGRESS-OFFLINE-HOURS]" in line]
    assert len(found) == 1 and found[0].startswith("content/d1/test-school/progress.yml:")
    line = int(found[0].split(":")[1])
    assert "hours: 12" in (school_dir(root) / "progress.yml").read_text(encoding="utf-8").splitlines()[line - 1]
    assert "12" in found[0] and "10" in found[0]


def test_offline_activity_of_10_hours_passes(tmp_path):
    ledger = fresh(LEDGER)
    ledger["groups"][0]["activities"][2]["hours"] = 10
    assert check(tmp_path, ledger) == []


def test_offline_activity_without_evidence(tmp_path):
    ledger = fresh(LEDGER)
    del ledger["groups"][0]["activities"][2]["evidence"]
    diags = check(tmp_path, ledger)
    assert codes(diags) == ["PROGRESS-OFFLINE-EVIDENCE"]
    assert "type: 线下活动" in line_text(tmp_path, diags[0])


def test_offline_activity_without_hours(tmp_path):
    ledger = fresh(LEDGER)
    del ledger["groups"][0]["activities"][2]["hours"]
    assert codes(check(tmp_path, ledger)) == ["PROGRESS-NO-HOURS"]


# --- fixed hours -------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind, wrong", [("教学研讨", 3), ("研修作业", 2), ("听课评课", 10)])
def test_fixed_hour_activity_with_other_hours(tmp_path, kind, wrong):
    ledger = fresh(LEDGER)
    ledger["groups"][0]["activities"][0] |= {"type": kind, "hours": wrong}
    diags = check(tmp_path, ledger)
    assert codes(diags) == ["PROGRESS-FIXED-HOURS"]
    assert f"hours: {wrong}" in line_text(tmp_path, diags[0])


@pytest.mark.parametrize("kind, right", [("教学研讨", 2), ("研修作业", 5), ("听课评课", 5)])
def test_fixed_hour_activity_with_its_hours_or_none(tmp_path, kind, right):
    ledger = fresh(LEDGER)
    ledger["groups"][0]["activities"][0] |= {"type": kind, "hours": right}
    assert check(tmp_path / "given", ledger) == []
    del ledger["groups"][0]["activities"][0]["hours"]
    assert check(tmp_path / "implied", ledger) == []


def test_an_activity_type_the_profile_does_not_list_is_an_error(tmp_path):
    ledger = fresh(LEDGER)
    ledger["groups"][0]["activities"][0]["type"] = "讲座"
    diags = check(tmp_path, ledger)
    assert codes(diags) == ["PROGRESS-ACTIVITY-TYPE"] and "线下活动" in diags[0].hint()
    assert "type: 讲座" in line_text(tmp_path, diags[0])


# --- members ------------------------------------------------------------------------------------------

def test_participant_not_in_the_group(tmp_path):
    ledger = fresh(LEDGER)
    ledger["groups"][0]["activities"][0]["participants"].append("T07")
    diags = check(tmp_path, ledger)
    assert codes(diags) == ["PROGRESS-NOT-MEMBER"] and diags[0].params["id"] == "T07"
    assert "T07" in line_text(tmp_path, diags[0])


def test_online_hours_of_someone_not_in_the_group(tmp_path):
    ledger = fresh(LEDGER)
    ledger["groups"][0]["online_hours"]["T08"] = 25
    diags = check(tmp_path, ledger)
    assert codes(diags) == ["PROGRESS-NOT-MEMBER"]
    assert line_text(tmp_path, diags[0]).strip().startswith("T08:")


@pytest.mark.parametrize("member", ["王小明", "Zhang Wei", "wangfang", "张老师01"])
def test_member_ids_that_look_like_names(tmp_path, member):
    ledger = fresh(LEDGER)
    ledger["groups"][0]["members"][2] = member
    ledger["groups"][0]["activities"][2]["participants"][2] = member
    diags = check(tmp_path, ledger)
    assert codes(diags) == ["PROGRESS-MEMBER-ID", "PROGRESS-MEMBER-ID"]  # both places it is published
    assert {d.level for d in diags} == {"error"}


@pytest.mark.parametrize("member", ["T01", "t1", "YW-03", "SX_12", "ENG0042", "7"])
def test_anonymous_ids_pass(tmp_path, member):
    ledger = fresh(LEDGER)
    ledger["groups"][0]["members"] = [member]
    ledger["groups"][0]["activities"] = [{"type": "教学研讨", "date": "2021-03-10", "participants": [member]}]
    ledger["groups"][0]["online_hours"] = {member: 25}
    assert check(tmp_path, ledger) == []


def test_phone_number_as_a_member_id_is_reported_once_per_place(tmp_path):
    ledger = fresh(LEDGER)
    ledger["groups"][0]["members"][2] = "13800138000"
    ledger["groups"][0]["activities"][2]["participants"][2] = "13800138000"
    ledger["groups"][0]["online_hours"]["13800138000"] = 25
    diags = check(tmp_path, ledger)
    assert codes(diags) == ["PRIVACY-PHONE"] * 3
    assert all("138" in line_text(tmp_path, d) for d in diags)


# --- snapshots ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("field, value", [("completed", 41), ("assessed", 41), ("passed", 21)])
def test_counts_that_exceed_their_whole(tmp_path, field, value):
    snaps = fresh(SNAPSHOTS)
    snaps["snapshots"][1][field] = value
    diags = check(tmp_path, snaps)
    assert codes(diags) == ["PROGRESS-COUNT-EXCEEDS"]
    assert diags[0].params["field"] == field
    assert f"{field}: {value}" in line_text(tmp_path, diags[0])


def test_passed_without_assessed_is_held_against_teachers(tmp_path):
    snaps = {"snapshots": [{"date": "2021-06-30", "teachers": 40, "completed": 30, "passed": 41}]}
    assert codes(check(tmp_path, snaps)) == ["PROGRESS-COUNT-EXCEEDS"]


def test_counts_equal_to_their_whole_pass(tmp_path):
    snaps = {"snapshots": [{"date": "2021-06-30", "teachers": 40, "completed": 40, "assessed": 40, "passed": 40}]}
    assert check(tmp_path, snaps) == []


# --- dates ------------------------------------------------------------------------------------------------

def test_a_date_after_the_build_date_warns(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANSITE_TODAY", "2021-06-01")
    diags = check(tmp_path, SNAPSHOTS)
    assert codes(diags) == ["PROGRESS-FUTURE-DATE"] and diags[0].level == "warning"
    assert "2021-06-30" in line_text(tmp_path, diags[0])


def test_an_activity_after_the_build_date_warns(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANSITE_TODAY", "2021-04-01")
    diags = check(tmp_path, LEDGER)
    assert codes(diags) == ["PROGRESS-FUTURE-DATE"]
    assert "2021-04-15" in line_text(tmp_path, diags[0])


def test_unreadable_progress_date(tmp_path):
    ledger = fresh(LEDGER)
    ledger["groups"][0]["activities"][0]["date"] = "上周三"
    assert codes(check(tmp_path, ledger)) == ["DATE-INVALID"]


def test_build_date_is_injectable():
    assert build_date("2022-08-31") == date(2022, 8, 31)
    assert build_date("2022-08") == date(2022, 8, 31)
    with pytest.raises(ValueError):
        build_date("明天")


# --- hours -------------------------------------------------------------------------------------------------

GD_HOURS = HoursRule(online=25, school_based=25, school_based_cap=25)
HN_HOURS = HoursRule(online=20, school_based=30)
SEED_001 = LedgerRule(activities={"教学研讨": {"hours": 2}, "研修作业": {"hours": 5}, "听课评课": {"hours": 5},
                                  "线下活动": {"max": 10, "evidence": True}})


def ledger_of(activities, online=None, members=("T01",)):
    return Progress.model_validate({"groups": [{
        "name": "组", "members": list(members), "activities": activities, "online_hours": online or {}}]})


def offline(day, hours, who=("T01",), evidence=("照片",)):
    return {"type": "线下活动", "date": day, "hours": hours, "participants": list(who), "evidence": list(evidence)}


def test_thirty_school_based_hours_count_as_twenty_five():
    progress = ledger_of([offline("2021-03-01", 10), offline("2021-04-01", 10), offline("2021-05-01", 10)],
                         {"T01": 25})
    (m,) = member_hours(progress, GD_HOURS, SEED_001)
    assert (m.recorded, m.school_based, m.online) == (30, 25, 25)
    assert m.completed == date(2021, 5, 1)  # 10 + 10 + 10 reaches 25 on the third activity


def test_henan_has_no_cap_and_needs_thirty_plus_twenty():
    progress = ledger_of([offline("2021-03-01", 10), offline("2021-04-01", 10), offline("2021-05-01", 10)],
                         {"T01": 20})
    (m,) = member_hours(progress, HN_HOURS, SEED_001)
    assert (m.school_based, m.completed) == (30, date(2021, 5, 1))
    (m,) = member_hours(ledger_of([offline("2021-03-01", 10)] * 3, {"T01": 19}), HN_HOURS, SEED_001)
    assert m.completed is None  # online hours short


def test_fixed_hours_are_implied_and_override_what_is_written():
    acts = [{"type": "教学研讨", "date": "2021-03-01", "participants": ["T01"]},
            {"type": "研修作业", "date": "2021-03-02", "hours": 9, "participants": ["T01"]},
            {"type": "听课评课", "date": "2021-03-03", "participants": ["T01"]}]
    (m,) = member_hours(ledger_of(acts), GD_HOURS, SEED_001)
    assert m.recorded == 12


def test_offline_hours_count_up_to_the_maximum_and_only_with_evidence():
    acts = [offline("2021-03-01", 12), offline("2021-03-02", 6, evidence=())]
    (m,) = member_hours(ledger_of(acts), GD_HOURS, SEED_001)
    assert m.recorded == 10


def test_activities_after_the_build_date_and_non_members_earn_nothing():
    acts = [offline("2021-03-01", 8, who=("T01", "T09")), offline("2022-09-01", 8)]
    hours = member_hours(ledger_of(acts), GD_HOURS, SEED_001, until=date(2022, 8, 31))
    assert [(m.member, m.recorded) for m in hours] == [("T01", 8)]
