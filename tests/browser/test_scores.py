"""Score cards and rubric pages in a real browser: sorting, console, 375 px, axe-core."""

from __future__ import annotations

import pytest

DEMO = "/schools/qinghe-no2-middle/"
SEED = "/schools/xiangtou-primary/"
RUBRIC = "/rubrics/yantai-2021/"
PAGES = [DEMO, SEED, RUBRIC, "/rubrics/"]


def column(page, index: int) -> list[str]:
    return page.eval_on_selector_all(
        "table.rubric-schools tbody tr", f"rows => rows.map(r => r.cells[{index}].getAttribute('data-value'))")


def as_numbers(values: list[str]) -> list[float]:
    return [float(v) for v in values if v]


def test_rubric_table_sorts_by_total_on_click(page, site_url):
    page.goto(site_url + RUBRIC, wait_until="networkidle")
    header = page.locator("table.rubric-schools thead th").nth(2)
    button = header.locator("button")
    assert button.is_visible() and "自评总分" in button.inner_text()
    button.click()
    assert header.get_attribute("aria-sort") == "descending"
    totals = as_numbers(column(page, 2))
    assert len(totals) >= 2 and totals == sorted(totals, reverse=True)
    assert "从高到低" in page.locator(".sort-status").inner_text()
    button.click()
    assert header.get_attribute("aria-sort") == "ascending"
    assert as_numbers(column(page, 2)) == sorted(totals)
    expert = page.locator("table.rubric-schools thead th").nth(4)
    expert.locator("button").click()
    assert expert.get_attribute("aria-sort") == "descending" and header.get_attribute("aria-sort") is None
    values = as_numbers(column(page, 4))
    assert values == sorted(values, reverse=True)
    assert page.console_errors == []


def test_rubric_table_is_a_plain_table_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(site_url + RUBRIC)
    assert pg.locator("table.rubric-schools tbody tr").count() >= 2
    assert pg.locator("table.rubric-schools button").count() == 0
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_score_pages_load_without_console_errors_or_outside_requests(page, site_url, path):
    page.goto(site_url + path, wait_until="networkidle")
    assert page.locator("h1").first.is_visible()
    assert page.console_errors == [] and page.outside_requests == []


def test_reasons_and_evidence_open_and_the_evidence_link_resolves(page, site_url):
    page.goto(site_url + DEMO, wait_until="networkidle")
    why = page.locator("#score-C5 details.why")
    why.locator("summary").click()
    link = why.locator("ul.evidence a").first
    assert link.is_visible()
    with page.expect_navigation():
        link.click()
    assert page.locator("h1").first.is_visible() and "/evidence/" in page.url
    assert page.console_errors == []


@pytest.mark.parametrize("path", [DEMO, SEED, RUBRIC])
def test_score_pages_do_not_scroll_sideways_at_375px(browser, site_url, path):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    pg = context.new_page()
    pg.goto(site_url + path, wait_until="networkidle")
    if path == DEMO:
        pg.locator("#score-C5 details.why summary").click()
    assert pg.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
    if path != RUBRIC:
        assert pg.locator("#score").is_visible()
    context.close()


@pytest.mark.parametrize("path", [DEMO, SEED, RUBRIC, "/rubrics/"])
def test_axe_finds_no_serious_or_critical_violation_on_score_pages(page, site_url, path):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(site_url + path, wait_until="networkidle")
    if path == DEMO:
        page.locator("#score-C5 details.why summary").click()
        page.locator("details.review-scores summary").first.click()
    results = Axe().run(page)
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
           for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == []
