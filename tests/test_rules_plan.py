"""generator/check/rules/plan.py: the plan's required sections, SWOT, team and phases, each rule
failing and passing on a small one-school site."""

import pytest
from sitekit import PLAN, SITE, TRAINING, codes, diags_for, fresh


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
