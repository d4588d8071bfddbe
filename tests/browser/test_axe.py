"""axe-core on every page type of the demo: no critical, serious or moderate violation.

Dashboards are checked after every chart has drawn, score cards with their folded parts open, the
search box with a result list showing."""

from __future__ import annotations

import pytest
from test_dashboard import open_dashboard

IMPACTS = ("critical", "serious", "moderate")

PAGES = {
    "home": "/",
    "school list": "/schools/",
    "school list, filtered": "/schools/?district=dalang&q=小学",
    "district": "/districts/dalang/",
    "school": "/schools/xiangtou-primary/",
    "plan": "/schools/xiangtou-primary/plan/",
    "training": "/schools/xiangtou-primary/training/",
    "sample plan": "/schools/qinghe-no2-middle/plan/",
    "capability list": "/capabilities/",
    "capability": "/capabilities/G8/",
    "capability in a district": "/districts/dalang/capabilities/G8/",
    "case library": "/cases/",
    "cases of a district": "/districts/sample-fenglin/cases/",
    "rubric list": "/rubrics/",
    "rubric": "/rubrics/yantai-2021/",
    "school rubric": "/rubrics/xiangtou-group/",
    "score card": "/schools/qinghe-no2-middle/",
    "site page": "/pages/about/",
    "case": "/schools/sample-fenglin-01/cases/1/",
    "not found": "/404.html",
}

DASHBOARDS = {"city dashboard": "/dashboard/", "district dashboard": "/districts/dalang/dashboard/"}


def violations(page) -> list:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in results.response["violations"] if v["impact"] in IMPACTS]


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_no_moderate_or_worse_violation(page, site_url, path):
    page.goto(site_url + path, wait_until="networkidle")
    for summary in page.locator("details:not([open]) > summary").all()[:6]:
        if summary.is_visible():
            summary.click()
    assert violations(page) == []


@pytest.mark.parametrize("path", DASHBOARDS.values(), ids=DASHBOARDS.keys())
def test_no_moderate_or_worse_violation_on_drawn_dashboards(page, site_url, path):
    assert open_dashboard(page, site_url, path) > 0
    assert violations(page) == []


def test_no_moderate_or_worse_violation_with_search_results_showing(page, site_url):
    page.goto(site_url + "/", wait_until="networkidle")
    page.fill("#search input", "大朗镇")
    page.wait_for_function("document.querySelector('#search [role=status]').textContent.includes('大朗镇')")
    assert page.locator("#search a.search-link").count() > 1
    assert violations(page) == []
    page.fill("#search input", "双师课堂")
    page.wait_for_function("document.querySelector('#search [role=status]').textContent.includes('双师课堂')")
    assert violations(page) == []
