"""generator/site/pages/lists.py: the compact school list (schools-list.json) and the capability
pages per district, made by the producer alone (no other producer before it)."""

from __future__ import annotations

import json

import yaml
from sitekit import SAMPLE_SCHOOL, produced, two_school_site

from generator.site.pages import lists


def test_the_school_list_has_one_short_row_per_school_with_its_filing_state(tmp_path):
    prepared, _ = produced(two_school_site(tmp_path / "site"), lists.produce)
    data = json.loads(prepared.files[lists.COMPACT])
    assert data["fields"] == lists.COMPACT_FIELDS and data["districts"] == {"d1": "一区"}
    rows = {row[0]: dict(zip(data["fields"], row)) for row in data["schools"]}
    assert set(rows) == {"test-school", SAMPLE_SCHOOL.name}
    assert rows["test-school"]["state"] == "未报送" and rows["test-school"]["sample"] is False
    steps = yaml.safe_load((SAMPLE_SCHOOL / "filing.yml").read_text(encoding="utf-8"))["steps"]
    assert rows[SAMPLE_SCHOOL.name]["state"] != "未报送" and steps  # its own filing record, not a default
    assert rows[SAMPLE_SCHOOL.name]["sample"] is True


def test_each_chosen_point_has_a_page_and_one_per_district_that_chose_it(tmp_path):
    prepared, _ = produced(two_school_site(tmp_path / "site"), lists.produce)
    points = [job for job in prepared.jobs if job.template == "capability.html"]
    by_district = {job.path: job for job in prepared.jobs if job.template == "capability_district.html"}
    assert points
    for job in points:
        brief = job.context["p"]
        assert [d["path"] for d in brief["districts"]] == [f"districts/d1/{brief['path']}"]
        page = by_district[f"districts/d1/{brief['path']}index.html"]
        chosen = [s["id"] for s, _ in page.context["chosen"]]
        assert len(chosen) == brief["districts"][0]["chosen"] and set(chosen) <= {"test-school", SAMPLE_SCHOOL.name}
