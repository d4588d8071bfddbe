"""The page producers (generator/site/pages/__init__.py PRODUCERS) do not depend on their order:
run backwards they make the same pages and files. They only read the views: one that writes into
a view it shares fails, and what they return is put on the views by render.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import two_school_site

from generator.load.content import load_content
from generator.site.context import Later, Produced
from generator.site.pages import PRODUCERS
from generator.site.render import prepare_site


def rendered(root: Path, producers) -> dict[str, bytes]:
    prepared = prepare_site(load_content(root, []), producers=producers)
    return {**prepared.files, **{job.path: prepared.render(job) for job in prepared.jobs}}


def test_producers_run_backwards_make_the_same_site(tmp_path):
    root = two_school_site(tmp_path / "site")
    forward = rendered(root, PRODUCERS)
    backward = rendered(root, list(reversed(PRODUCERS)))
    assert forward.keys() == backward.keys()
    assert [path for path in forward if forward[path] != backward[path]] == []
    assert "schools-list.json" in forward and "dashboard/index.html" in forward


def test_a_producer_cannot_write_into_the_views_it_shares(tmp_path):
    from dataclasses import FrozenInstanceError

    root = two_school_site(tmp_path / "site")
    content = load_content(root, [])

    def into_extras(ctx):
        ctx.schools[0].extras["score"] = None

    def into_view(ctx):
        ctx.schools[0].name = "另一所学校"

    def into_district(ctx):
        ctx.districts[0]["cases"] = 0

    def into_point(ctx):
        ctx.points[0].name = "另一个能力点"

    for writes, error in ((into_extras, TypeError), (into_view, FrozenInstanceError),
                          (into_district, TypeError), (into_point, FrozenInstanceError)):
        with pytest.raises(error):
            prepare_site(content, producers=[writes])


def test_what_producers_return_is_on_the_views_before_pages_are_rendered(tmp_path):
    root = two_school_site(tmp_path / "site")

    def adds(ctx):
        return Produced([], {}, {s.id: {"note": f"注 {s.id}"} for s in ctx.schools},
                        {d["id"]: {"note": "区注"} for d in ctx.districts})

    prepared = prepare_site(load_content(root, []), producers=[adds])
    views = [job.context["s"] for job in prepared.jobs if job.template == "school.html"]
    assert views and all(s.extras["note"] == f"注 {s.id}" for s in views)
    assert [job.context["d"]["note"] for job in prepared.jobs if job.template == "district.html"] == ["区注"]


def test_two_producers_may_not_give_a_view_the_same_name(tmp_path):
    root = two_school_site(tmp_path / "site")

    def adds(ctx):
        return Produced([], {}, {ctx.schools[0].id: {"note": 1}})

    with pytest.raises(ValueError, match="note"):
        prepare_site(load_content(root, []), producers=[adds, adds])


def _noted(n):
    return {"note": n}


@pytest.mark.parametrize("values", [{"note": 0}, {}])
def test_a_later_value_may_not_give_a_name_a_producer_gave(tmp_path, values):
    """A Later may not give a name the view's values have, nor one another Later gives; it is
    found when a page reads the school's extras."""
    root = two_school_site(tmp_path / "site")

    def adds(ctx):
        return Produced([], {}, {s.id: values for s in ctx.schools}, later={s.id: Later(_noted, (1,)) for s in ctx.schools})

    prepared = prepare_site(load_content(root, []), producers=[adds, adds] if not values else [adds])
    view = next(job.context["s"] for job in prepared.jobs if job.template == "school.html")
    with pytest.raises(ValueError, match=r"gives \['note'\], which another producer gave"):
        dict(view.extras)
