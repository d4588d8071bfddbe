"""generator/site/pages/process.py: each school's filing state, outputs and draws on its view, the
districts' filing counts, and the case library pages."""

from __future__ import annotations

from sitekit import SAMPLE_SCHOOL, produced, two_school_site

from generator.site.pages import process


def test_schools_get_their_filing_state_and_the_district_counts_them(tmp_path):
    prepared, views = produced(two_school_site(tmp_path / "site"), process.produce)
    assert views["test-school"].extras["filing"]["state"] == "未报送"
    assert views["test-school"].extras["filing"]["steps"] == []
    sample = views[SAMPLE_SCHOOL.name].extras
    assert sample["filing"]["steps"] and sample["filing"]["state"] != "未报送"
    assert "outputs" in sample and "outputs" not in views["test-school"].extras  # no outputs.yml, no quota
    district = next(job.context["d"] for job in prepared.jobs if job.template == "district.html")
    assert sum(district["filing_counts"].values()) == 2
    assert district["filing_counts"]["未报送"] >= 1


def test_shared_outputs_fill_the_case_library_by_district(tmp_path):
    prepared, views = produced(two_school_site(tmp_path / "site"), process.produce)
    shared = [item for item in views[SAMPLE_SCHOOL.name].entry.outputs.items if item.shared]
    pages = {job.path: job for job in prepared.jobs if job.template == "cases.html"}
    assert set(pages) == ({"cases/index.html", "districts/d1/cases/index.html"} if shared else {"cases/index.html"})
    rows = pages["cases/index.html"].context["rows"]
    assert sorted(r["item"].title for r in rows) == sorted(item.title for item in shared)
    assert all(r["school"].id == SAMPLE_SCHOOL.name for r in rows)
