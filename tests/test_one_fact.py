"""One fact, one number: each derived figure computed once and shown the same everywhere."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from sitekit import SITE, make_site

from generator.aggregate.dashboards import dashboards
from generator.aggregate.facts import school_facts
from generator.authoring.figuresdoc import figures_markdown
from generator.check.validate import check_site
from generator.load.content import profile_for
from generator.model.facts import figures, percent, rate_text, share, shown_percent
from generator.site.views import recent

REPO = Path(__file__).resolve().parent.parent


def test_recent_plans_sort_by_the_date_their_version_names_not_by_its_text():
    schools = [SimpleNamespace(id="a", updated="2021 年 3 月"), SimpleNamespace(id="b", updated="2021 年 10 月"),
               SimpleNamespace(id="c", updated=None), SimpleNamespace(id="d", updated="2022-01-05")]
    assert [s.id for s in recent(schools)] == ["d", "b", "a", "c"]
    # versions as the demo's plans write them: a date, then what the version is
    schools = [SimpleNamespace(id="e", updated="2021 年 3 月定稿"), SimpleNamespace(id="f", updated="2021 年 10 月初稿"),
               SimpleNamespace(id="g", updated="2020 年 11 月修改稿（按专家意见修改）"),
               SimpleNamespace(id="h", updated="2021.10 修订稿")]
    assert [s.id for s in recent(schools)] == ["h", "f", "e", "g"]


def test_the_demo_home_page_lists_the_latest_plans_first(built_demo):
    home = (built_demo / "index.html").read_text(encoding="utf-8")
    recent_part = home[home.index("最近更新的两案"):]
    march, october = recent_part.find("2021 年 3 月定稿"), recent_part.find("2021 年 10 月初稿")
    assert 0 <= october < march


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.slow
def test_rubrics_page_counts_the_schools_whose_records_score_under_a_rubric(built_demo):
    """15 school pages print group scores computed with 科组考核: /rubrics/ must not say 0 schools use it."""
    using: dict[str, set[str]] = {}
    for path in sorted(REPO.glob("content/*/*/*.yml")):
        if path.name in ("groups.yml", "teachers.yml"):
            rubric = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("rubric")
            if rubric:
                using.setdefault(rubric, set()).add(path.parent.name)
    assert using.get("xiangtou-group")
    for rid, schools in using.items():
        page = (built_demo / "rubrics" / rid / "index.html").read_text(encoding="utf-8")
        title = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1).strip()
        listing = _text((built_demo / "rubrics" / "index.html").read_text(encoding="utf-8"))
        card = listing[listing.index(_text(title).strip()):]
        assert re.search(r"(\d+) 所学校使用", card).group(1) == str(len(schools)), rid


# ── ledger vs teachers' records ──────────────────────────────────────────────

LEDGER = {"groups": [{"name": "语文组", "leader": "组长", "members": ["T01", "T02"],
                      "online_hours": {"T01": 30, "T02": 30},
                      "activities": [{"type": "研修作业", "date": f"2021-0{m}-10", "title": "作业",
                                      "participants": ["T01", "T02"]} for m in range(1, 7)]}]}
"""Six 研修作业 of 5 h: both members reach 25 h school-based and 30 h online in the ledger."""


def _records(t02_school_based: float) -> dict:
    return {"teachers": [{"id": "T01", "group": "语文组", "online": 30, "school_based": 30},
                         {"id": "T02", "group": "语文组", "online": 30, "school_based": t02_school_based}]}


def _two_records_site(tmp_path, t02_school_based: float, sources: str | None = None):
    files = {"progress.yml": yaml.safe_dump(LEDGER, allow_unicode=True),
             "teachers.yml": yaml.safe_dump(_records(t02_school_based), allow_unicode=True)}
    root = make_site(tmp_path, files=files)
    if sources:
        shutil.copytree(REPO / "schemas", root / "schemas")
        path = root / "schemas" / "profiles" / f"{SITE['profile']}.yml"  # the profile the test site uses
        path.write_text(path.read_text(encoding="utf-8").replace("hours: records ", f"hours: {sources} "),
                        encoding="utf-8")
        assert f"hours: {sources} " in path.read_text(encoding="utf-8")  # the edit took
    return root


def test_a_teacher_finished_in_the_ledger_and_not_in_the_records_is_a_warning_naming_both(tmp_path):
    _, diags = check_site(_two_records_site(tmp_path, 10))
    found = [d for d in diags if d.code == "PROGRESS-RECORDS-DISAGREE"]
    assert len(found) == 1, [d.code for d in diags]
    d = found[0]
    assert d.level == "warning" and d.path.endswith("teachers.yml") and d.line
    assert d.params["id"] == "T02" and d.params["ledger"].endswith("progress.yml") and d.params["ledger_line"] != "?"
    assert "progress.yml" in d.message("zh") and "T02" in d.message("zh")


def test_records_that_agree_with_the_ledger_give_no_warning(tmp_path):
    _, diags = check_site(_two_records_site(tmp_path / "a", 30))
    assert not [d for d in diags if d.code == "PROGRESS-RECORDS-DISAGREE"]


def _trained(root, today=date(2022, 1, 1)):
    content, _ = check_site(root)
    entry = content.schools[0]
    profile = profile_for(entry, content)
    facts = school_facts(entry, profile, content.policy.catalog_for(profile), today=today,
                         rubrics=content.policy.rubrics)
    return facts


def test_the_profile_says_which_record_counts_and_every_figure_follows_it(tmp_path):
    by_records = _trained(_two_records_site(tmp_path / "r", 10))
    assert by_records.source == "records" and by_records.trained(date(2022, 1, 1)) == 1
    assert by_records.under_hours == 1
    by_ledger = _trained(_two_records_site(tmp_path / "l", 10, sources="ledger"))
    assert by_ledger.source == "ledger" and by_ledger.trained(date(2022, 1, 1)) == 2
    assert by_ledger.under_hours == 0


def test_one_dashboard_shows_one_trained_figure_and_names_its_source(tmp_path):
    content, _ = check_site(_two_records_site(tmp_path, 10))
    board = dashboards(content, today=date(2022, 1, 1)).districts[0]
    summary = {r[0]: r[3] for r in board.table("summary").rows}
    assessment = board.table("assessment").records()[0]
    assert summary["trained"] == assessment["completed"] == 1
    assert summary["trained_source"] == "来源：教师研修记录（1 所）"
    assert "来源：教师研修记录" in board.table("trained").note
    # the hours chart counts the same record: T02's 10 school-based hours, not the ledger's 30
    hours = {r["from"]: r["school_based"] for r in board.table("hours").records()}
    assert hours[10] == 1 and "来源：教师研修记录" in board.table("hours").note


# ── rates and the definitions ────────────────────────────────────────────────

def test_a_rate_below_its_target_never_prints_as_the_target():
    exact = percent(242, 247)
    assert round(exact, 2) == 97.98 and exact < 98
    assert shown_percent(exact) == 97.9 and rate_text(exact) == "97.9"
    assert share(242, 247) == 97.9 and share(98, 100) == 98.0 and percent(98, 100) >= 98
    assert shown_percent(0.3) == 0.3 and share(1, 3) == 33.3 and share(None, 3) is None and share(1, 0) is None


def test_the_guide_page_on_figures_is_generated_from_the_definitions():
    assert (REPO / "docs" / "figures.md").read_text(encoding="utf-8") == figures_markdown(), \
        "run `plansite schema` to refresh docs/figures.md"
    assert "figures.md" in (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "(figures.md)" in (REPO / "docs" / "index.md").read_text(encoding="utf-8")
    for f in figures().values():
        assert f.label and f.source and f.seed and f.function, f.id
        assert f"## {f.label}" in figures_markdown()


def test_each_definition_names_a_function_that_exists():
    """figures.yml says which function computes each figure: the name must lead to the code."""
    import importlib

    for f in figures().values():
        for part in re.split(r"[；;]", f.function):
            where, _, name = part.strip().rpartition(" ")
            module = where.removesuffix(".py").replace("/", ".") if where else "generator.model.facts"
            target = importlib.import_module(module)
            for attr in name.split("."):
                target = getattr(target, attr)
            assert callable(target) or isinstance(target, property), (f.id, part)


def test_the_school_page_labels_its_record_figures_from_the_definitions(built_demo):
    """The teacher-records section of a school page says 已考核 / 合格 / the pass rate under the
    figures' own labels (figures.yml), and marks them for the consistency crawl."""
    page = (built_demo / "schools" / "sample-songhe-02" / "index.html").read_text(encoding="utf-8")
    section = page[page.index('id="h-records"'):page.index("</dl>", page.index('id="h-records"'))]
    for fid, value in (("assessed", "58"), ("passed", "56"), ("pass_rate", "96.5")):
        assert re.search(rf'<dt>{figures()[fid].label}</dt><dd><span data-fact="{fid}" '
                         rf'data-scope="school:sample-songhe-02">{value}</span>', section), fid
    assert f"<dt>{figures()['points_chosen'].label}</dt>" in section
