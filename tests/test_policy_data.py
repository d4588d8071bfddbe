"""Policy as data: a city states its rules — activity types and their hours, shares of hours — by
editing a profile only, and a school is checked by them (seed 003 一: 校本实践应用学时不少于 50%;
seed 001 二、三: the platform's activity types and hours)."""

from pathlib import Path

import pytest
import yaml
from sitekit import SITE, TRAINING, dump, fresh, make_site

from generator.check.validate import check_site
from generator.model.hours import member_hours
from generator.model.policy import LedgerRule

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def build_day(monkeypatch):
    monkeypatch.setenv("PLANSITE_TODAY", "2022-08-31")


def city_profile() -> dict:
    """Foshan's profile, edited as a city would: its own id, one more activity type (集中培训, 6 hours
    fixed), the 线下活动 maximum lowered to 8, and the school-based share as Foshan states it."""
    data = yaml.safe_load((ROOT / "schemas" / "profiles" / "foshan.yml").read_text(encoding="utf-8"))
    data["id"], data["name"] = "mycity", "某市（能力提升工程 2.0）"
    data["ledger"]["activities"]["集中培训"] = {"hours": 6}
    data["ledger"]["activities"]["线下活动"] = {"max": 8, "evidence": True}
    data["hours"]["shares"] = [{"part": "school_based", "min_percent": 50, "source": "某市方案：校本实践应用学时不少于 50%"}]
    return data


LEDGER = {"groups": [{
    "name": "语文组", "members": ["T01", "T02"],
    "activities": [
        {"type": "集中培训", "date": "2021-03-10", "title": "全员集中培训", "participants": ["T01", "T02"]},
        {"type": "线下活动", "date": "2021-04-15", "title": "集体备课", "hours": 8,
         "participants": ["T01"], "evidence": ["备课记录"]},
    ],
    "online_hours": {"T01": 25},
}]}


def check(tmp_path, *, profile=None, progress=LEDGER, training=None):
    site = dict(SITE, profile="mycity")
    root = make_site(tmp_path / "site", site=site, training=training,
                     files={"progress.yml": dump(progress)})
    (root / "schemas" / "profiles").mkdir(parents=True)
    (root / "schemas" / "profiles" / "mycity.yml").write_text(dump(profile or city_profile()), encoding="utf-8")
    return check_site(root)[1]


def codes(diags):
    return sorted(d.code for d in diags)


def test_a_profile_edited_as_data_accepts_its_own_activity_type(tmp_path):
    assert codes(check(tmp_path)) == []


def test_the_same_ledger_fails_under_a_profile_without_that_type(tmp_path):
    profile = city_profile()
    del profile["ledger"]["activities"]["集中培训"]
    diags = check(tmp_path, profile=profile)
    assert codes(diags) == ["PROGRESS-ACTIVITY-TYPE"]
    assert diags[0].path.endswith("progress.yml") and diags[0].line
    assert "集中培训" in diags[0].message() and "线下活动" in diags[0].hint()


def test_the_types_hours_come_from_the_profile(tmp_path):
    progress = fresh(LEDGER)
    progress["groups"][0]["activities"][0]["hours"] = 4       # 集中培训 is fixed at 6
    progress["groups"][0]["activities"][1]["hours"] = 9       # above the city's 8
    assert codes(check(tmp_path, progress=progress)) == ["PROGRESS-FIXED-HOURS", "PROGRESS-OFFLINE-HOURS"]


def test_hours_are_counted_by_the_profiles_types():
    ledger = LedgerRule.model_validate(city_profile()["ledger"])
    from generator.model.policy import HoursRule
    from generator.model.progress import Progress
    counted = {m.member: m.recorded for m in member_hours(Progress.model_validate(LEDGER), HoursRule(), ledger)}
    assert counted == {"T01": 14, "T02": 6}
    ledger.activities.pop("集中培训")
    counted = {m.member: m.recorded for m in member_hours(Progress.model_validate(LEDGER), HoursRule(), ledger)}
    assert counted == {"T01": 8, "T02": 0}


def test_the_school_based_share_fails_below_half_and_passes_at_half(tmp_path):
    training = fresh(TRAINING)
    training["calendar"][0]["hours"] = 30                     # 30 online, 25 school-based: 45.4 %
    diags = check(tmp_path / "a", training=training)
    assert codes(diags) == ["CAL-HOURS-SHARE"]
    assert diags[0].path.endswith("training.yml") and diags[0].line
    assert "45.4" in diags[0].message() and "50" in diags[0].message()
    assert codes(check(tmp_path / "b")) == []                 # 25 and 25: exactly half


def test_without_a_share_in_the_profile_no_share_is_checked(tmp_path):
    profile = city_profile()
    profile["hours"]["shares"] = []
    training = fresh(TRAINING)
    training["calendar"][0]["hours"] = 30
    assert codes(check(tmp_path, profile=profile, training=training)) == []
