"""One verdict: every ✓/✗ the score page shows agrees with what check printed."""

from __future__ import annotations

from sitekit import PLAN, TRAINING, fresh, make_site

from generator.check.validate import check_site
from generator.load.content import profile_for
from generator.check.cards import scorecard


def _card(root):
    content, diags = check_site(root)
    entry = content.schools[0]
    return scorecard(entry, content.policy, profile_for(entry, content)), diags


def test_hours_under_target_are_printed_by_check_and_marked_on_the_page(tmp_path):
    training = fresh(TRAINING)
    for row in training["calendar"]:
        row["hours"] = 2
    card, diags = _card(make_site(tmp_path, training=training))
    failed = {c.id for c in card.checks if c.passed is False}
    printed = [d for d in diags if d.code == "CHECK-NOT-MET"]
    assert failed and {d.params["check"] for d in printed} == failed
    assert all(d.path.endswith("training.yml") and d.line for d in printed)


def test_an_empty_threats_quadrant_is_one_diagnostic_and_a_cross_on_the_page(tmp_path):
    plan = fresh(PLAN)
    plan["swot"]["threats"] = []
    card, diags = _card(make_site(tmp_path, plan=plan))
    swot = next(c for c in card.checks if c.id == "swot")
    assert swot.passed is False
    assert [d.code for d in diags if "SWOT" in d.code or d.code == "CHECK-NOT-MET"
            and d.params["check"] == "swot"] == ["PLAN-SWOT-THIN"]


def test_a_clean_check_means_every_mark_is_a_tick_or_undecided(tmp_path):
    training = fresh(TRAINING)
    training["calendar"][0].update(hours=30, online=True)
    training["calendar"][1]["hours"] = 30
    card, diags = _card(make_site(tmp_path, training=training))
    assert not [d for d in diags if d.level in ("error", "warning")], [d.code for d in diags]
    assert all(c.passed is not False for c in card.checks)


def test_the_online_hours_mark_gives_its_own_reason_not_the_offline_shortfall(tmp_path):
    """Two hours checks (online, offline) share one check id: each mark carries its own verdict."""
    training = fresh(TRAINING)
    training["calendar"][0].update(hours=60, online=True)
    training["calendar"][1].update(hours=1, online=False)
    card, diags = _card(make_site(tmp_path, training=training))
    online = next(c for c in card.checks if c.id == "hours" and c.name == "计划线上学时")
    offline = next(c for c in card.checks if c.id == "hours" and c.name == "计划线下学时")
    assert offline.passed is False
    assert online.passed is True, online.missing
