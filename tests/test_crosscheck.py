"""Machine cross-checks of the plans, and the warning when a self-score outruns them."""

import pytest
from scorekit import full_selfscore, set_score, yantai_plan, yantai_rubric, yantai_site, yantai_training
from sitekit import fresh, school_dir

from generator.check.crosscheck import CHECKS, crosschecks, profile_checks, run_check
from generator.check.validate import check_site
from generator.load.content import profile_for
from generator.model.rubric import CheckRef


def load(tmp_path, **kw):
    content, diags = check_site(yantai_site(tmp_path / "site", **kw))
    return content, content.schools[0], diags


def check_of(tmp_path, code, **kw):
    _, entry, _ = load(tmp_path, **kw)
    item = yantai_rubric().item(code)
    return run_check(entry, item.check, code)


def test_every_check_passes_on_a_plan_that_supports_it(tmp_path):
    content, entry, _ = load(tmp_path)
    results = crosschecks(entry, yantai_rubric(), profile_for(entry, content))
    assert [(r.code, r.passed) for r in results] == [(c, True) for c in ("C1", "C2", "C8", "C10", "C11", "C12", "C13", "C14", "C17",
                                                                       "C18", "C19")]


# --- C1 team led by the principal ------------------------------------------------------------------

def test_c1_fails_when_a_deputy_leads(tmp_path):
    plan = yantai_plan()
    plan["team"]["members"][0]["post"] = "副校长"
    result = check_of(tmp_path, "C1", plan=plan)
    assert result.passed is False and "校长" in result.missing[0] and "副校长" in result.found


def test_c1_fails_without_a_team(tmp_path):
    plan = yantai_plan()
    plan["team"] = {"members": []}
    assert check_of(tmp_path, "C1", plan=plan).passed is False


# --- C2 SWOT ----------------------------------------------------------------------------------------

def test_c2_fails_without_a_swot(tmp_path):
    plan = yantai_plan()
    del plan["swot"]
    result = check_of(tmp_path, "C2", plan=plan)
    assert result.passed is False and result.missing == ("SWOT 分析",)


def test_c2_needs_strengths_and_weaknesses(tmp_path):
    plan = yantai_plan()
    plan["swot"]["weaknesses"] = []
    result = check_of(tmp_path, "C2", plan=plan)
    assert result.passed is False and any("劣势" in m for m in result.missing)


@pytest.mark.parametrize("aspect, words", [("硬件配备", ("一体机", "网络")), ("师资情况", ("教师", "队伍")),
                                           ("课堂教学", ("课堂",)), ("资源建设", ("资源", "平台"))])
def test_c2_names_each_aspect_the_swot_leaves_out(tmp_path, aspect, words):
    plan = yantai_plan()
    for key, texts in plan["swot"].items():
        plan["swot"][key] = [t for t in texts if not any(w in t for w in words)] or ["其他"]
    result = check_of(tmp_path, "C2", plan=plan)
    assert result.passed is False
    assert [m for m in result.missing if aspect in m], result.missing


def test_c2_keywords_come_from_the_rubric_data():
    params = yantai_rubric().item("C2").check.params
    assert [a["name"] for a in params["aspects"]] == ["硬件配备", "师资情况", "课堂教学", "资源建设"]


# --- C13 eight to ten points ------------------------------------------------------------------------

@pytest.mark.parametrize("n, passed", [(7, False), (8, True), (10, True), (11, False)])
def test_c13_counts_the_chosen_points(tmp_path, n, passed):
    codes = [f"A{i}" for i in range(1, 12)]
    training = yantai_training()
    training["key_points"] = [{"subject": "全校", "points": [{"code": c} for c in codes[:n]]}]
    result = check_of(tmp_path, "C13", training=training)
    assert result.passed is passed and f"选定 {n} 项" in result.found


# --- C14 calendar rows with their five elements -----------------------------------------------------

def test_c14_names_the_rows_and_fields_missing(tmp_path):
    training = yantai_training()
    del training["calendar"][1]["place"], training["calendar"][1]["hours"]
    result = check_of(tmp_path, "C14", training=training)
    assert result.passed is False and result.missing == ("日程第 2 行的地点、学时",)


def test_c14_fails_without_a_calendar(tmp_path):
    training = yantai_training()
    training["calendar"] = []
    assert check_of(tmp_path, "C14", training=training).passed is False


# --- C18 / C19 planned hours -------------------------------------------------------------------------

def test_c18_and_c19_sum_calendar_hours_by_online(tmp_path):
    training = yantai_training()
    training["calendar"][0]["hours"] = 20
    training["calendar"].append(fresh(training["calendar"][1]) | {"time": "2021 年 11 月", "hours": 3})
    c18 = check_of(tmp_path / "a", "C18", training=training)
    c19 = check_of(tmp_path / "b", "C19", training=training)
    assert (c18.passed, c18.found) == (False, "计划线上 20 学时")
    assert "至少 25" in c18.missing[0]
    assert (c19.passed, c19.found) == (True, "计划线下 28 学时")


def test_hours_cannot_be_checked_on_a_calendar_without_hours(tmp_path):
    training = yantai_training()
    for row in training["calendar"]:
        del row["hours"]
    result = check_of(tmp_path, "C18", training=training)
    assert result.passed is None and "学时" in result.missing[0]


def test_checks_without_the_plans_have_nothing_to_check(tmp_path):
    _, entry, _ = load(tmp_path)
    entry.plan = entry.training = None
    for item in yantai_rubric().walk():
        if item[0].check:
            assert run_check(entry, item[0].check).passed is None


# --- which checks a school gets ---------------------------------------------------------------------

def test_a_profile_without_a_rubric_implies_its_own_checks(tmp_path):
    content, entry, _ = load(tmp_path)
    guangdong = content.policy.profiles["foshan"]
    refs = profile_checks(guangdong)
    assert [(r.id, r.params) for r in refs] == [
        ("team-lead", {"lead_title": "校长"}), ("swot", {}), ("calendar-fields", {"fields": ["time", "content"]}),
        ("hours", {"online": True, "min": 25}), ("hours", {"online": False, "min": 25})]
    results = crosschecks(entry, None, guangdong)
    assert all(r.code is None for r in results) and [r.passed for r in results] == [True] * 5


def test_every_check_has_parameters_as_data():
    assert sorted(CHECKS) == ["calendar-fields", "capability-count", "goal-levels", "hours", "it-budget", "kickoff",
                              "swot", "team-lead", "training-mode", "training-theme"]
    assert run_check(None, CheckRef(id="nope")) is None


# --- SCORE-UNSUPPORTED ------------------------------------------------------------------------------

def test_full_marks_on_c2_without_a_swot_warn_on_the_selfscore_line(tmp_path):
    plan = yantai_plan()
    del plan["swot"]
    root = yantai_site(tmp_path / "site", plan=plan)
    diags = check_site(root)[1]
    found = [d for d in diags if d.code == "SCORE-UNSUPPORTED"]
    assert len(found) == 1
    warning = found[0]
    assert warning.level == "warning" and warning.params["code"] == "C2"
    assert warning.path == "content/d1/test-school/selfscore.yml"
    lines = (school_dir(root) / "selfscore.yml").read_text(encoding="utf-8").splitlines()
    assert lines[warning.line - 1].strip() == "score: 2"
    assert lines[warning.line - 2].strip() == "- code: C2"
    assert "C2" in warning.message() and "SWOT" in warning.message()
    assert "plan.yml" in warning.hint()
    assert "PLAN-SWOT-MISSING" in [d.code for d in diags]  # the plan itself is reported too


def test_no_warning_when_the_score_is_zero(tmp_path):
    plan = yantai_plan()
    del plan["swot"]
    root = yantai_site(tmp_path / "site", plan=plan, selfscore=set_score(full_selfscore(), "C2", score=0))
    assert "SCORE-UNSUPPORTED" not in [d.code for d in check_site(root)[1]]


def test_unsupported_points_on_several_items(tmp_path):
    plan = yantai_plan()
    plan["team"]["members"][0]["post"] = "教导主任"
    training = yantai_training()
    training["calendar"][0]["hours"] = 10
    root = yantai_site(tmp_path / "site", plan=plan, training=training)
    found = sorted(d.params["code"] for d in check_site(root)[1] if d.code == "SCORE-UNSUPPORTED")
    assert found == ["C1", "C18"]
