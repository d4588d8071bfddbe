"""Progress targets: the profiles' defaults from the seeds, site.yml overrides, consistency checks."""

from pathlib import Path

import pytest
from sitekit import SITE, fresh, make_site

from generator.check.validate import check_site
from generator.load.policy import load_policy
from generator.model.targets import Targets, effective_targets

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def profiles():
    diags = []
    policy = load_policy(ROOT, diags)
    assert diags == []
    return policy.profiles


def test_foshan_defaults_are_foshans_annual_shares(profiles):
    training = profiles["foshan"].targets.training
    assert training.kind == "annual"
    assert [(y.year, y.percent) for y in training.years] == [(2020, 30), (2021, 50), (2022, 20)]
    assert training.cumulative() == [(2020, 30), (2021, 80), (2022, 100)]
    assert "《佛山市中小学教师信息技术应用能力提升工程 2.0 实施方案》" in training.source
    assert profiles["foshan"].targets.pass_rate is None  # Foshan sets none


def test_foshan_programmes_are_foshans(profiles):
    progs = {p.name: [i.target for i in p.items] for p in profiles["foshan"].targets.programmes}
    assert progs == {"三百计划": [100, 100, 100], "十百千计划": [10, 100, 1000], "一百计划": [100]}
    assert all(p.source and "佛山市" in p.source for p in profiles["foshan"].targets.programmes)


def test_the_guangdong_profile_holds_the_provinces_rules_only(profiles):
    """Seed 001 sets 25 school-based hours (capped at 25) and no online hours, team, targets or deadlines."""
    gd, fs = profiles["guangdong"], profiles["foshan"]
    assert (gd.hours.online, gd.hours.school_based, gd.hours.school_based_cap) == (None, 25, 25)
    assert (gd.team.min_size, gd.team.max_size, gd.team.lead_title) == (None, None, None)
    assert gd.targets is None and gd.filing.deadlines == []
    assert "佛山" not in (gd.hours.source + gd.team.source + gd.filing.source)
    assert (fs.hours.online, fs.team.lead_title) == (25, "校长") and "佛山" in fs.hours.source


def test_henan_defaults_are_xinyangs(profiles):
    targets = profiles["henan"].targets
    assert targets.training.kind == "cumulative"
    assert targets.training.cumulative() == [(2022, 70), (2023, 100)]
    assert targets.pass_rate.percent == 98 and "《信阳市中小学教师信息技术应用能力提升工程2.0实施方案》" in targets.pass_rate.source


def test_hour_requirements_and_ledger_rules(profiles):
    gd, hn = profiles["foshan"], profiles["henan"]
    assert (gd.hours.online, gd.hours.school_based, gd.hours.school_based_cap) == (25, 25, 25)
    assert (hn.hours.online, hn.hours.school_based, hn.hours.school_based_cap) == (20, 30, None)
    assert {name: t.hours for name, t in gd.ledger.activities.items() if t.hours is not None} == {"教学研讨": 2, "研修作业": 5, "听课评课": 5}
    offline = gd.ledger.activities["线下活动"]
    assert (offline.max, offline.evidence) == (10, True) and "《校本研修指引》" in gd.ledger.source
    share = gd.hours.shares[0]
    assert (share.part, share.min_percent) == ("school_based", 50) and "不少于 50%" in share.source


def test_due_by_year():
    t = Targets.model_validate({"training": {"kind": "annual", "years": [
        {"year": 2020, "percent": 30}, {"year": 2021, "percent": 50}, {"year": 2022, "percent": 20}]}}).training
    assert [t.due(y) for y in (2019, 2020, 2021, 2022, 2023)] == [None, 30, 80, 100, 100]


def test_site_blocks_override_the_profiles_one_by_one(profiles):
    site = Targets.model_validate({
        "teachers": 5000,
        "programmes": [{"id": "sanbai", "name": "三百计划",
                        "items": [{"name": "市级智慧教育领航名教师", "target": 100, "reported": 64}]}]})
    merged = effective_targets(site, profiles["foshan"].targets)
    assert merged.teachers == 5000
    assert merged.training == profiles["foshan"].targets.training  # not given: the profile's
    assert [p.id for p in merged.programmes] == ["sanbai"]  # given: replaces the list
    assert merged.programmes[0].items[0].reported == 64
    assert effective_targets(None, None) == Targets()


def test_site_targets_are_checked_for_structure(tmp_path):
    site = fresh(SITE) | {"targets": {"training": {"kind": "annual", "years": [{"year": 2020, "percent": 130}]},
                                      "pass_rat": {"percent": 98}}}
    diags = check_site(make_site(tmp_path / "site", site=site))[1]
    assert sorted(d.code for d in diags) == ["SCHEMA-UNKNOWN-KEY", "SCHEMA-VALUE"]
    assert all(d.path == "site.yml" and d.line for d in diags)


@pytest.mark.parametrize("training, problem", [
    ({"kind": "annual", "years": [{"year": 2020, "percent": 60}, {"year": 2021, "percent": 50}]}, "超过 100%"),
    ({"kind": "cumulative", "years": [{"year": 2022, "percent": 70}, {"year": 2023, "percent": 60}]}, "低于上一年"),
    ({"kind": "cumulative", "years": [{"year": 2022, "percent": 70}, {"year": 2022, "percent": 80}]}, "出现两次"),
    ({"kind": "annual", "years": [{"year": 2021, "percent": 30}, {"year": 2020, "percent": 30}]}, "排在"),
])
def test_yearly_shares_that_cannot_hold(tmp_path, training, problem):
    site = fresh(SITE) | {"targets": {"training": training}}
    root = make_site(tmp_path / "site", site=site)
    diags = check_site(root)[1]
    assert [d.code for d in diags] == ["TARGET-SHARES"]
    assert problem in diags[0].message()
    lines = (root / "site.yml").read_text(encoding="utf-8").splitlines()
    assert "year:" in lines[diags[0].line - 1]


def test_seed_targets_written_in_site_yml_pass(tmp_path):
    site = fresh(SITE) | {"targets": {
        "teachers": 1200,
        "training": {"kind": "cumulative", "years": [{"year": 2022, "percent": 70}, {"year": 2023, "percent": 100}],
                     "source": "种子 002"},
        "pass_rate": {"percent": 98, "source": "种子 002"}}}
    assert check_site(make_site(tmp_path / "site", site=site))[1] == []
