"""One fact, one number: each derived figure computed once and shown the same everywhere."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import yaml

from generator.site.render import recent

REPO = Path(__file__).resolve().parent.parent


def test_recent_plans_sort_by_the_date_their_version_names_not_by_its_text():
    schools = [SimpleNamespace(id="a", updated="2021 年 3 月"), SimpleNamespace(id="b", updated="2021 年 10 月"),
               SimpleNamespace(id="c", updated=None), SimpleNamespace(id="d", updated="2022-01-05")]
    assert [s.id for s in recent(schools)] == ["d", "b", "a", "c"]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


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
