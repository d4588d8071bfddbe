"""The search box merges one Pagefind bundle per district into the site-wide one: a school of
every district is found by its name."""

from __future__ import annotations

import json

from test_search import ASK


def test_a_school_of_every_district_is_found_through_the_merged_parts(page, site_url, built_demo):
    rows = json.loads((built_demo / "schools.json").read_text(encoding="utf-8"))["schools"]
    first = {}
    for row in sorted(rows, key=lambda r: r["id"]):
        first.setdefault(row["district"], row)
    parts = sorted(p.name for p in (built_demo / "pagefind-parts").iterdir())
    assert sorted(first) == parts and len(parts) > 1
    page.goto(site_url + "/", wait_until="networkidle")
    merged = json.loads(page.get_attribute("#search", "data-merge"))
    assert merged == [f"pagefind-parts/{d}/" for d in parts]  # from the root: search.js finds it from its own URL
    for district, row in sorted(first.items()):
        got = page.evaluate(ASK, row["name"])
        own = [u for u in got["exact"] if u.startswith(f"/schools/{row['id']}/")]
        assert own, (district, row["name"], got)  # its pages are only in its district's part
    assert page.console_errors == [] and page.outside_requests == []
