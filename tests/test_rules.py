"""Every domain rule: a failing case and a passing case, each on a small one-school site."""

import pytest
from sitekit import PLAN, SITE, TRAINING, fresh, make_site, school_dir

from generator.check.validate import check_site


def diags_for(tmp_path, **kw):
    root = make_site(tmp_path / "site", **kw)
    return check_site(root)[1]


def codes(diags):
    return [d.code for d in diags]


def test_the_baseline_site_is_clean(tmp_path):
    assert diags_for(tmp_path) == []


# --- required sections -------------------------------------------------------------------

@pytest.mark.parametrize("section", ["team", "status", "problems", "vision", "goals", "tasks",
                                     "safeguards", "capabilities", "phases"])
def test_missing_plan_section(tmp_path, section):
    plan = fresh(PLAN)
    del plan[section]
    found = [d for d in diags_for(tmp_path, plan=plan) if d.code == "PLAN-SECTION-MISSING"]
    assert [d.params["section"] for d in found] == [section]
    assert found[0].path.endswith("plan.yml") and found[0].line


@pytest.mark.parametrize("section", ["goals", "tasks", "key_points", "calendar", "assessment", "safeguards"])
def test_missing_training_section(tmp_path, section):
    training = fresh(TRAINING)
    del training[section]
    found = [d for d in diags_for(tmp_path, training=training) if d.code == "PLAN-SECTION-MISSING"]
    assert [d.params["section"] for d in found] == [section]
    assert found[0].path.endswith("training.yml")


def test_empty_section_is_an_error(tmp_path):
    plan = fresh(PLAN)
    plan["problems"] = "  "
    plan["goals"] = []
    found = [d for d in diags_for(tmp_path, plan=plan) if d.code == "PLAN-SECTION-EMPTY"]
    assert sorted(d.params["section"] for d in found) == ["goals", "problems"]


def test_missing_plan_file(tmp_path):
    diags = diags_for(tmp_path, plan=False)
    assert "FILE-MISSING" in codes(diags)


def test_required_sections_come_from_the_profile(tmp_path):
    site = fresh(SITE) | {"profile": "henan"}
    plan = fresh(PLAN)
    del plan["swot"]
    assert "PLAN-SWOT-MISSING" in codes(diags_for(tmp_path, site=site, plan=plan))


# --- SWOT --------------------------------------------------------------------------------------

def test_swot_missing_is_an_error(tmp_path):
    plan = fresh(PLAN)
    del plan["swot"]
    assert codes(diags_for(tmp_path, plan=plan)) == ["PLAN-SWOT-MISSING"]


@pytest.mark.parametrize("quadrant", ["strengths", "weaknesses"])
def test_swot_core_quadrant_empty_is_an_error(tmp_path, quadrant):
    plan = fresh(PLAN)
    plan["swot"][quadrant] = []
    diags = diags_for(tmp_path, plan=plan)
    assert codes(diags) == ["PLAN-SWOT-EMPTY"] and diags[0].level == "error"


@pytest.mark.parametrize("quadrant", ["opportunities", "threats"])
def test_swot_outer_quadrant_empty_is_a_warning(tmp_path, quadrant):
    plan = fresh(PLAN)
    del plan["swot"][quadrant]
    diags = diags_for(tmp_path, plan=plan)
    assert codes(diags) == ["PLAN-SWOT-THIN"] and diags[0].level == "warning"


# --- team --------------------------------------------------------------------------------------

def test_team_too_small(tmp_path):
    plan = fresh(PLAN)
    plan["team"]["members"] = plan["team"]["members"][:2]
    assert codes(diags_for(tmp_path, plan=plan)) == ["PLAN-TEAM-SIZE"]


def test_team_too_large(tmp_path):
    plan = fresh(PLAN)
    plan["team"]["members"] += [{"name": n} for n in "丁戊己"]
    assert codes(diags_for(tmp_path, plan=plan)) == ["PLAN-TEAM-SIZE"]


def test_team_not_led_by_the_principal(tmp_path):
    plan = fresh(PLAN)
    plan["team"]["members"][0]["post"] = "副校长"
    assert codes(diags_for(tmp_path, plan=plan)) == ["PLAN-TEAM-LEAD"]


def test_yantai_has_no_team_size_but_needs_the_principal(tmp_path):
    site = fresh(SITE) | {"profile": "yantai"}
    plan = fresh(PLAN)
    plan["team"]["members"] = plan["team"]["members"][:1]
    assert "PLAN-TEAM-SIZE" not in codes(diags_for(tmp_path, site=site, plan=plan))


# --- capability points -----------------------------------------------------------------------

def test_unknown_code_is_an_error_with_a_suggestion(tmp_path):
    training = fresh(TRAINING)
    training["key_points"][0]["points"][0]["code"] = "G44"
    diags = diags_for(tmp_path, training=training)
    assert codes(diags) == ["CAP-UNKNOWN-CODE"]
    assert "G4" in diags[0].hint()


def test_name_drift_is_a_warning(tmp_path):
    training = fresh(TRAINING)
    training["key_points"][0]["points"][0]["name"] = "基于数据分析学情诊断"
    diags = diags_for(tmp_path, training=training)
    assert codes(diags) == ["CAP-NAME-DRIFT"] and diags[0].level == "warning"
    assert diags[0].params["expected"] == "基于数据分析的学情诊断"


def henan_site():
    return fresh(SITE) | {"profile": "henan"}


def henan_training(groups):
    training = fresh(TRAINING)
    training["key_points"] = [{"subject": f"组{i}", "points": [{"code": c} for c in g]} for i, g in enumerate(groups)]
    return training


def henan_plan(codes_):
    plan = fresh(PLAN)
    plan["capabilities"] = [{"code": c, "text": "现状"} for c in codes_]
    plan["goals"][0]["capabilities"] = []
    return plan


def test_henan_school_offers_two_dimensions(tmp_path):
    # 1-4, 1-5, 1-6 are all 学法指导: one dimension only
    diags = diags_for(tmp_path, site=henan_site(), plan=henan_plan(["1-4"]),
                      training=henan_training([["1-4", "1-5", "1-6"]]))
    assert "CAP-SCHOOL-DIMENSIONS" in codes(diags)


def test_henan_teacher_takes_three_points_one_per_dimension(tmp_path):
    diags = diags_for(tmp_path, site=henan_site(), plan=henan_plan(["1-1"]),
                      training=henan_training([["1-1", "1-4", "1-5"], ["1-1", "1-2"]]))
    found = [d for d in diags if d.code.startswith("CAP-")]
    assert sorted(d.code for d in found) == ["CAP-GROUP-COUNT", "CAP-GROUP-DIMENSIONS", "CAP-GROUP-DIMENSIONS"]


def test_henan_selection_that_holds(tmp_path):
    diags = diags_for(tmp_path, site=henan_site(), plan=henan_plan(["1-1"]),
                      training=henan_training([["1-1", "1-4", "1-5"], ["1-1", "1-6", "2-4"]]))
    assert [d for d in diags if d.code.startswith("CAP-")] == []


def yantai(n):
    codes_ = [f"A{i}" for i in range(1, 8)] + [f"B{i}" for i in range(1, 5)]
    training = fresh(TRAINING)
    training["key_points"] = [{"subject": "全校", "points": [{"code": c} for c in codes_[:n]]}]
    for row in training["calendar"]:
        row["hours"] = 2
    return training


def test_yantai_needs_eight_to_ten_points(tmp_path):
    site = fresh(SITE) | {"profile": "yantai"}
    plan = henan_plan(["A1"])
    assert "CAP-SCHOOL-COUNT" in codes(diags_for(tmp_path / "a", site=site, plan=plan, training=yantai(7)))
    assert "CAP-SCHOOL-COUNT" in codes(diags_for(tmp_path / "b", site=site, plan=plan, training=yantai(11)))
    ok = diags_for(tmp_path / "c", site=site, plan=plan, training=yantai(9))
    assert "CAP-SCHOOL-COUNT" not in codes(ok)
    assert "CAP-SCHOOL-ENVIRONMENTS" not in codes(ok)


def test_yantai_points_across_environments(tmp_path):
    site = fresh(SITE) | {"profile": "yantai"}
    training = yantai(8)
    training["key_points"][0]["points"] = [{"code": f"A{i}"} for i in range(1, 9)]
    assert "CAP-SCHOOL-ENVIRONMENTS" in codes(diags_for(tmp_path, site=site, plan=henan_plan(["A1"]), training=training))


# --- calendar ------------------------------------------------------------------------------------

def test_incomplete_date_is_reported_at_its_line(tmp_path):
    training = fresh(TRAINING)
    training["calendar"][1]["time"] = "2021 年 10 月 旬"
    diags = diags_for(tmp_path, training=training)
    assert codes(diags) == ["DATE-INCOMPLETE"]
    lines = (school_dir(tmp_path / "site") / "training.yml").read_text(encoding="utf-8").splitlines()
    assert "旬" in lines[diags[0].line - 1]


def test_unreadable_date(tmp_path):
    training = fresh(TRAINING)
    training["calendar"][0]["time"] = "开学初"
    assert codes(diags_for(tmp_path, training=training)) == ["DATE-INVALID"]


def test_calendar_out_of_order(tmp_path):
    training = fresh(TRAINING)
    training["calendar"].reverse()
    assert codes(diags_for(tmp_path, training=training)) == ["CAL-ORDER"]


def test_calendar_outside_the_plan_period(tmp_path):
    training = fresh(TRAINING)
    training["calendar"][1]["time"] = "2025 年 3 月"
    assert codes(diags_for(tmp_path, training=training)) == ["CAL-OUT-OF-PERIOD"]


def test_calendar_period_falls_back_to_phases(tmp_path):
    plan = fresh(PLAN)
    del plan["period"]
    training = fresh(TRAINING)
    training["calendar"][0]["time"] = "2021 年 8 月"
    assert codes(diags_for(tmp_path, plan=plan, training=training)) == ["CAL-OUT-OF-PERIOD"]


def test_yantai_calendar_rows_need_place_participants_and_hours(tmp_path):
    site = fresh(SITE) | {"profile": "yantai"}
    training = yantai(8)
    training["key_points"][0]["points"] = [{"code": c} for c in ["A1", "A2", "A3", "A4", "B1", "B2", "B3", "B4"]]
    del training["calendar"][0]["hours"]
    del training["calendar"][1]["place"]
    found = [d for d in diags_for(tmp_path, site=site, plan=henan_plan(["A1"]), training=training)
             if d.code == "CAL-FIELD-MISSING"]
    assert sorted(d.params["field"] for d in found) == ["hours", "place"]


def test_guangdong_calendar_needs_only_time_and_content(tmp_path):
    training = fresh(TRAINING)
    for row in training["calendar"]:
        for key in ("host", "participants", "form", "place", "hours"):
            row.pop(key)
    assert diags_for(tmp_path, training=training) == []


# --- phases ---------------------------------------------------------------------------------------

def test_phase_that_ends_before_it_starts(tmp_path):
    plan = fresh(PLAN)
    plan["phases"][2]["end"] = "2020.12"  # like seed 003's "2022 年 6 月-2020 年 12 月"
    diags = diags_for(tmp_path, plan=plan)
    assert "PHASE-ORDER" in codes(diags)


def test_overlapping_phases_warn(tmp_path):
    plan = fresh(PLAN)
    plan["phases"][1]["start"] = "2022.3"
    diags = diags_for(tmp_path, plan=plan)
    assert codes(diags) == ["PHASE-OVERLAP"] and diags[0].level == "warning"


def test_unreadable_phase_date(tmp_path):
    plan = fresh(PLAN)
    plan["phases"][0]["start"] = "秋季"
    assert "DATE-INVALID" in codes(diags_for(tmp_path, plan=plan))


# --- assessment tables ----------------------------------------------------------------------------

def test_points_must_be_numbers(tmp_path):
    training = fresh(TRAINING)
    training["assessment"]["tables"][0]["items"][1]["points"] = "10 人"  # seed 000's slip
    diags = diags_for(tmp_path, training=training)
    assert codes(diags) == ["RUBRIC-POINTS-NOT-NUMBER"]
    assert "10 人" in diags[0].message()


def test_points_must_add_up_to_the_total(tmp_path):
    training = fresh(TRAINING)
    training["assessment"]["tables"][0]["total"] = 100
    diags = diags_for(tmp_path, training=training)
    assert codes(diags) == ["RUBRIC-TOTAL-MISMATCH"]
    assert diags[0].params["sum"] == "20"


def test_a_rubric_row_numbered_the_old_way_is_read_with_a_warning_at_its_line(tmp_path):
    training = fresh(TRAINING)
    rows = training["assessment"]["tables"][0]["items"]
    rows[1] = {"no": 2, **{k: v for k, v in rows[1].items() if k != "item"}}
    root = make_site(tmp_path, training=training)
    content, diags = check_site(root)
    assert codes(diags) == ["RUBRIC-KEY-NO"]
    lines = (school_dir(root) / "training.yml").read_text(encoding="utf-8").splitlines()
    assert lines[diags[0].line - 1].strip().startswith(("- no:", "- 'no':", "no:", "'no':"))
    assert "item:" in diags[0].hint() and diags[0].level == "warning"
    assert content.schools[0].training.assessment.tables[0].items[1].item == 2  # the number is kept


def test_a_rubric_row_s_number_is_item(tmp_path):
    assert codes(diags_for(tmp_path, training=fresh(TRAINING))) == []
    assert "item" in TRAINING["assessment"]["tables"][0]["items"][0]


def test_score_above_the_items_points(tmp_path):
    training = fresh(TRAINING)
    training["assessment"]["tables"][0]["items"][0]["self_score"] = 12
    assert codes(diags_for(tmp_path, training=training)) == ["RUBRIC-SCORE-RANGE"]


# --- privacy ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, code", [
    ("联系人王老师，电话 13800138000", "PRIVACY-PHONE"),
    ("来信请寄 wang@example.com", "PRIVACY-EMAIL"),
    ("证件 44190019900101123X", "PRIVACY-ID"),
])
def test_contact_details_anywhere_are_errors(tmp_path, text, code):
    plan = fresh(PLAN)
    plan["problems"] = "第一行\n" + text
    diags = diags_for(tmp_path, plan=plan)
    assert codes(diags) == [code]
    lines = (school_dir(tmp_path / "site") / "plan.yml").read_text(encoding="utf-8").splitlines()
    assert text.split()[-1][:5] in lines[diags[0].line - 1]


def test_contact_details_in_markdown_pages(tmp_path):
    diags = diags_for(tmp_path, files={"case.md": "# 案例\n\n联系 13800138000\n"})
    assert [(d.code, d.line) for d in diags] == [("PRIVACY-PHONE", 3)]


# --- site-wide ---------------------------------------------------------------------------------------

def test_unknown_profile(tmp_path):
    diags = diags_for(tmp_path, site=fresh(SITE) | {"profile": "mars"})
    assert codes(diags) == ["POLICY-UNKNOWN-PROFILE"]


def test_duplicate_school_ids(tmp_path):
    root = make_site(tmp_path / "site")
    import shutil
    shutil.copytree(school_dir(root), root / "content" / "d1" / "copy")
    diags = check_site(root)[1]
    assert "SITE-DUPLICATE-ID" in codes(diags)


def test_a_city_adds_a_profile_by_adding_a_file(tmp_path):
    root = make_site(tmp_path / "site", site=fresh(SITE) | {"profile": "mycity"})
    (root / "schemas" / "profiles").mkdir(parents=True)
    (root / "schemas" / "profiles" / "mycity.yml").write_text(
        "id: mycity\nname: 我市\ncatalog: guangdong-zhihui\nteam: {min_size: 4, max_size: 6, lead_title: 校长}\n",
        encoding="utf-8")
    diags = check_site(root)[1]
    assert codes(diags) == ["PLAN-TEAM-SIZE"]
    assert diags[0].params["min"] == 4
