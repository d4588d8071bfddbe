"""generator/check/rules/calendar.py: dates readable, the training calendar in order, inside the
plan's period and with the fields the profile asks for, each rule failing and passing on a small
one-school site."""

from sitekit import PLAN, SITE, TRAINING, codes, diags_for, fresh, school_dir
from test_rules_capabilities import henan_plan, yantai


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
