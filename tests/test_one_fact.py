"""One fact, one number: each derived figure computed once and shown the same everywhere."""

from __future__ import annotations

from types import SimpleNamespace

from generator.site.render import recent


def test_recent_plans_sort_by_the_date_their_version_names_not_by_its_text():
    schools = [SimpleNamespace(id="a", updated="2021 年 3 月"), SimpleNamespace(id="b", updated="2021 年 10 月"),
               SimpleNamespace(id="c", updated=None), SimpleNamespace(id="d", updated="2022-01-05")]
    assert [s.id for s in recent(schools)] == ["d", "b", "a", "c"]
