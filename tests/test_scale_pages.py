"""No page grows with the size of the province: only downloads, and a district's own pages with
that district's schools, get longer when the city gets more schools (issue: lists that scale).

Two generated cities are rendered: a small one, and one with more districts and many more
schools per district. Every page the two share is compared: a page may grow by a few rows per
added district (a district's line in a table, its part of the search box) and a district's pages
by a card per school it gained, never by a line per school of the city.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from sitekit import render_site

from generator.check.validate import check_site
from generator.core.diagnostics import has_errors
from generator.site.pages.lists import SCHOOLS_PER_PAGE, school_pages

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import make_city  # noqa: E402

PER_DISTRICT = 2000
"""Bytes a page may gain for each added district (its rows in the site-wide tables, selects and charts)."""
PER_SCHOOL = 3000
"""Bytes a district's page may gain for each school that district gained (its card, its rows)."""
PER_DISTRICT_DASHBOARD = 8000
"""The city dashboard draws one row per district in several tables and charts, each chart twice
(the figure for plotly and its still drawing), each cell labelled for phones, and has tables of the
hour register, designations and district deadlines: more bytes per district (measured: 6.6 KB in
eight tables), still nothing per school (the schools past a deadline are named on district pages)."""
PER_LISTED = 400
"""Bytes the school list gains for each school it names (a link and the stage), until its first page is
full (SCHOOLS_PER_PAGE); later schools go to further pages of the same bounded size."""
SMALL, LARGE = (2, 5), (3, 16)  # (districts, schools per district); the home page's 8 recent schools fit in both


def render_city(root: Path, districts: int, schools: int) -> dict[str, bytes]:
    root.mkdir(parents=True)
    shutil.copy(ROOT / "site.yml", root / "site.yml")
    make_city.write(root / "content", make_city.city(districts, schools))
    content, diags = check_site(root)
    assert not has_errors(diags)
    return render_site(content, diagnostics=diags)


def district_of(path: str) -> str | None:
    m = re.match(r"districts/([^/]+)/", path)
    return m.group(1) if m else None


def schools_per_district(files: dict[str, bytes]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for path in files:
        m = re.match(r"schools/(sample-[a-z0-9]+)-\d+/index\.html$", path)
        if m:
            counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    return counts


@pytest.fixture(scope="module")
def cities(tmp_path_factory) -> tuple[dict[str, bytes], dict[str, bytes]]:
    base = tmp_path_factory.mktemp("cities")
    return render_city(base / "small", *SMALL), render_city(base / "large", *LARGE)


def test_no_page_grows_with_the_number_of_schools(cities):
    small, large = cities
    added_districts = LARGE[0] - SMALL[0]
    before, after = schools_per_district(small), schools_per_district(large)
    assert sum(after.values()) == LARGE[0] * LARGE[1] and sum(before.values()) == SMALL[0] * SMALL[1]
    shared = sorted(p for p in small if p.endswith(".html") and p in large)
    assert len(shared) > 20
    grown = []
    for path in shared:
        allowed = added_districts * (PER_DISTRICT_DASHBOARD if path == "dashboard/index.html" else PER_DISTRICT)
        if path == "schools/index.html":
            allowed += (min(SCHOOLS_PER_PAGE, sum(after.values())) - min(SCHOOLS_PER_PAGE, sum(before.values()))) * PER_LISTED
        district = district_of(path)
        if district is not None:
            allowed += (after.get(district, 0) - before.get(district, 0)) * PER_SCHOOL
        growth = len(large[path]) - len(small[path])
        if growth > allowed:
            grown.append(f"{path}: {len(small[path])} → {len(large[path])} bytes (allowed +{allowed})")
    assert not grown, "pages that grow with the city:\n" + "\n".join(grown)
    # every kind of page of the large city is one the small city has too (no page per N schools)
    kinds = {re.sub(r"sample-[a-z0-9-]+", "*", p) for p in small if p.endswith(".html")}
    assert {re.sub(r"sample-[a-z0-9-]+", "*", p) for p in large if p.endswith(".html")} <= kinds


def test_the_list_pages_link_what_they_no_longer_list(cities):
    files = cities[0]
    listing = files["schools/index.html"].decode()
    for d in ("sample-fenglin", "sample-guihu"):
        assert f'href="../districts/{d}/"' in listing
        district = files[f"districts/{d}/index.html"].decode()
        assert all(f'href="../../schools/{d}-0{i}/"' in district for i in range(1, SMALL[1] + 1))
    # the list names each school (by district, a bounded page at a time)
    assert all(f'href="../schools/sample-fenglin-0{i}/"' in listing for i in range(1, SMALL[1] + 1))
    point = next(p for p in files if re.fullmatch(r"capabilities/[A-Z][0-9]+/index\.html", p))
    page = files[point].decode()
    assert "/schools/sample-" not in page
    links = re.findall(r'href="\.\./\.\./(districts/[^/]+/capabilities/[^"]+)"', page)
    assert links and all(f"{link}index.html" in files for link in links)
    cases = files["cases/index.html"].decode()
    assert 'class="case"' not in cases and 'href="../districts/sample-fenglin/cases/"' in cases
    assert 'class="case"' in files["districts/sample-fenglin/cases/index.html"].decode()


def test_the_school_list_of_a_province_is_pages_of_a_bounded_size():
    class School:
        def __init__(self, i):
            self.id, self.district_id = f"s{i:05d}", f"d{i % 40:02d}"
    districts = [{"id": f"d{i:02d}", "name": f"区{i}", "schools": []} for i in range(40)]
    pages = school_pages([School(i) for i in range(10_000)], districts)
    sizes = [sum(len(members) for _, members in p["groups"]) for p in pages]
    assert len(pages) == -(-10_000 // SCHOOLS_PER_PAGE) and max(sizes) == SCHOOLS_PER_PAGE and sum(sizes) == 10_000
    assert pages[0]["path"] == "schools/" and pages[1]["path"] == "schools/page/2/"
    assert pages[0]["first"] == "区0" and [d["id"] for d, _ in pages[0]["groups"]] == ["d00", "d01"]


def test_a_school_list_longer_than_a_page_links_its_other_pages(tmp_path, monkeypatch):
    from generator.site.pages import lists
    monkeypatch.setattr(lists, "SCHOOLS_PER_PAGE", 4)
    files = render_city(tmp_path / "paged", *SMALL)
    first = files["schools/index.html"].decode()
    assert 'href="../schools/page/2/"' in first and 'href="../schools/page/3/"' in first
    named = [re.findall(r'href="(?:\.\./)+schools/(sample-[a-z0-9-]+)/"', files[p].decode())
             for p in ("schools/index.html", "schools/page/2/index.html", "schools/page/3/index.html")]
    assert [len(set(n)) for n in named] == [4, 4, 2]
    assert "第 2 页" in files["schools/page/2/index.html"].decode()
