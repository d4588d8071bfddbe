"""The built demo site in a real browser: pages, filter, Chinese search, narrow screens, axe-core."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

PAGES = ["/", "/districts/dalang/", "/schools/xiangtou-primary/", "/schools/xiangtou-primary/plan/",
         "/schools/xiangtou-primary/training/", "/schools/", "/capabilities/G8/", "/404.html"]


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_without_console_errors_or_outside_requests(page, site_url, path):
    page.goto(site_url + path, wait_until="networkidle")
    assert page.locator("h1").first.is_visible()
    assert page.console_errors == []
    assert page.outside_requests == []


def test_plan_page_shows_its_calendar_table(page, site_url):
    page.goto(site_url + "/schools/xiangtou-primary/training/")
    table = page.locator("table.calendar")
    assert table.is_visible()
    assert table.locator("tbody tr").count() >= 10
    assert "2020 年 9 月上旬" in table.inner_text()
    page.goto(site_url + "/schools/xiangtou-primary/")
    assert page.locator("table.calendar").is_visible()


def test_filter_narrows_the_list(page, site_url):
    page.goto(site_url + "/schools/", wait_until="networkidle")
    assert page.locator("#filters").is_visible() and page.locator("#by-district").is_visible()
    total = int(page.locator("#filter-count").inner_text().split()[0])
    assert total >= 2
    results = page.locator("#filter-results .school-list > li")
    page.select_option("select[name=district]", "dalang")
    assert 0 < results.count() < total
    assert "巷头小学" in results.first.inner_text()
    assert "district=dalang" in page.url
    assert not page.locator("#by-district").is_visible()
    page.click("button[type=reset]")
    page.wait_for_function("!document.getElementById('by-district').hidden")
    assert results.count() == 0
    page.fill("input[name=q]", "巷头")
    page.wait_for_function("document.querySelectorAll('#filter-results .school-list > li').length === 1")
    assert results.first.locator("a").get_attribute("href") == "../schools/xiangtou-primary/"
    page.goto(site_url + "/schools/?capability=G8", wait_until="networkidle")
    assert 0 < results.count() <= total
    assert page.console_errors == []


def test_plain_lists_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(site_url + "/schools/")
    assert pg.locator("#by-district tbody tr:visible").count() >= 2
    assert not pg.locator("#filters").is_visible()
    pg.locator("#by-district a", has_text="大朗镇").click()
    assert pg.locator(".school-card:visible").count() >= 1 and "巷头小学" in pg.locator("main").inner_text()
    context.close()


def test_search_with_the_keyboard_finds_the_seed_school(page, site_url):
    page.goto(site_url + "/", wait_until="networkidle")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "search-input"
    page.keyboard.type("翻转课堂")
    page.wait_for_function("document.querySelector('#search-drawer').innerText.includes('巷头小学')", timeout=10_000)
    assert page.locator("#search a.search-link").first.is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.search') !== null")


@pytest.mark.parametrize("path", ["/", "/schools/xiangtou-primary/", "/schools/xiangtou-primary/plan/",
                                  "/schools/"])
def test_nothing_scrolls_sideways_at_375px(browser, site_url, path):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    pg = context.new_page()
    pg.goto(site_url + path, wait_until="networkidle")
    assert pg.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
    context.close()


@pytest.mark.parametrize("path", ["/", "/schools/xiangtou-primary/", "/schools/xiangtou-primary/plan/",
                                  "/schools/xiangtou-primary/training/"])
def test_axe_finds_no_serious_or_critical_violation(page, site_url, path):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(site_url + path, wait_until="networkidle")
    results = Axe().run(page)
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
           for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == []


# ── search coverage: Pagefind (extended) against a plain substring search ──────

QUERIES = ["翻转课堂", "智慧教育", "校本研修", "信息技术", "教学模式", "微课", "研讨活动", "学情诊断",
           "科组长", "能力提升"]


class _BodyText(HTMLParser):
    """The text Pagefind indexes: inside data-pagefind-body, outside data-pagefind-ignore."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[bool, bool]] = []
        self.parts: list[str] = []
        self.found = False

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        names = {k for k, _ in attrs}
        body = (self.stack[-1][0] if self.stack else False) or "data-pagefind-body" in names
        ignore = (self.stack[-1][1] if self.stack else False) or "data-pagefind-ignore" in names \
            or tag in ("script", "style")
        self.found |= "data-pagefind-body" in names
        self.stack.append((body, ignore))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] and not self.stack[-1][1]:
            self.parts.append(data)


def indexed_pages(folder):
    pages = {}
    for path in sorted(folder.rglob("*.html")):
        if "pagefind" in path.parts:
            continue
        parser = _BodyText()
        parser.feed(path.read_text(encoding="utf-8"))
        if parser.found:
            rel = path.relative_to(folder).as_posix()
            url = "/" + re.sub(r"(^|/)index\.html$", r"\1", rel)
            pages[url] = re.sub(r"\s+", "", "".join(parser.parts))
    return pages


def test_search_covers_pages_containing_each_query(page, site_url, built_demo):
    pages = indexed_pages(built_demo)
    assert len(pages) >= 10
    page.goto(site_url + "/", wait_until="networkidle")
    page.evaluate("async () => { window.pf = await import('/pagefind/pagefind.js');"
                  " for (const part of JSON.parse(document.getElementById('search').dataset.merge))"
                  " await window.pf.mergeIndex(new URL(part, location.href).href);"  # the districts' parts
                  " await window.pf.init(); }")
    expected_total = found_total = 0
    misses = {}
    for q in QUERIES:
        expected = {url for url, text in pages.items() if q in text}
        assert expected, f"query {q} matches no page: pick queries from the demo content"
        urls = set(page.evaluate(
            "async q => { const r = await window.pf.search(q);"
            " const d = await Promise.all(r.results.map(x => x.data()));"
            " return d.map(x => new URL(x.url, location.href).pathname); }", q))
        hit = expected & urls
        expected_total += len(expected)
        found_total += len(hit)
        if expected - urls:
            misses[q] = sorted(expected - urls)
    coverage = found_total / expected_total
    assert coverage >= 0.99, (coverage, misses)


def test_the_case_library_filters_by_point_and_reads_without_javascript(page, browser, site_url):
    page.goto(site_url + "/cases/", wait_until="networkidle")
    page.locator("main a", has_text="枫林区").first.click()  # the library lists each district's cases
    page.wait_for_url("**/districts/sample-fenglin/cases/")
    items = page.locator(".case-list > li.case")
    total = items.count()
    assert total >= 5 and page.locator("#case-filters").is_visible()
    page.select_option("#case-filters select[name=point]", "G4")
    visible = page.locator(".case-list > li.case:visible")
    assert 0 < visible.count() < total
    assert all(visible.nth(i).get_attribute("data-point") == "G4" for i in range(visible.count()))
    assert page.locator("#case-count").inner_text().startswith(f"{visible.count()} ")
    page.click("#case-filters button[type=reset]")
    page.wait_for_function(f"document.querySelectorAll('.case-list > li.case:not([hidden])').length === {total}")
    assert page.console_errors == []
    context = browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    plain.goto(site_url + "/districts/sample-fenglin/cases/")
    assert plain.locator(".case-list > li.case:visible").count() == total
    assert not plain.locator("#case-filters").is_visible()
    context.close()
