"""generator/site/pages/records.py: the figures computed from teachers.yml and groups.yml on the
school's view, and no row per teacher unless site.yml asks for them."""

from __future__ import annotations

import yaml
from sitekit import SAMPLE_SCHOOL, SITE, fresh, produced, two_school_site

from generator.site.pages import records


def test_a_school_with_records_gets_their_figures_and_one_without_gets_none(tmp_path):
    _, views = produced(two_school_site(tmp_path / "site"), records.produce)
    assert "records" not in views["test-school"].extras
    shown = views[SAMPLE_SCHOOL.name].extras["records"]
    teachers = yaml.safe_load((SAMPLE_SCHOOL / "teachers.yml").read_text(encoding="utf-8"))["teachers"]
    assert shown["figures"].teachers == len(teachers)
    assert shown["rows"] is None and shown["min_assessed"] == records.MIN_ASSESSED


def test_individual_rows_only_when_the_site_asks(tmp_path):
    root = two_school_site(tmp_path / "site")
    site = fresh(SITE) | {"individual_rows": True}
    (root / "site.yml").write_text(yaml.safe_dump(site, allow_unicode=True), encoding="utf-8")
    _, views = produced(root, records.produce)
    rows = views[SAMPLE_SCHOOL.name].extras["records"]["rows"]
    teachers = yaml.safe_load((SAMPLE_SCHOOL / "teachers.yml").read_text(encoding="utf-8"))["teachers"]
    assert [r.id for r in rows] == [t["id"] for t in teachers]
