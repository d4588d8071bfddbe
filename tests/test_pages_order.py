"""The page producers (generator/site/pages/__init__.py PRODUCERS) do not depend on their order:
run backwards they make the same pages and files."""

from __future__ import annotations

from pathlib import Path

from sitekit import two_school_site

from generator.load.content import load_content
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
