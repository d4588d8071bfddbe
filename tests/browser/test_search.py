"""The site's search box in Chromium, measured against a plain substring search over the indexed
text: recall and precision for queries a script draws from the demo's own cells and headings,
exact-phrase pages first, excerpts from the page's own text, and the keyboard."""

from __future__ import annotations

import json
import random
import re
from html.parser import HTMLParser

import pytest
from test_site import _BodyText, indexed_pages

NAMED = ["大朗镇", "课堂教学", "翻转课堂"]
"""Queries the issue names; the rest are drawn by `drawn_queries`."""

CJK = re.compile(r"^[\u4e00-\u9fff]{2,8}$")


class _Cells(_BodyText):
    """Indexed text of table cells and headings, one string per element: what a reader types."""

    KINDS = {"th", "td", "h1", "h2", "h3", "h4", "caption", "dt", "dd"}

    def __init__(self):
        super().__init__()
        self.cells: list[str] = []
        self.open: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        super().handle_starttag(tag, attrs)
        if tag in self.KINDS:
            self.open.append([])

    def handle_endtag(self, tag):
        super().handle_endtag(tag)
        if tag in self.KINDS and self.open:
            self.cells.append(re.sub(r"\s+", "", "".join(self.open.pop())))

    def handle_data(self, data):
        before = len(self.parts)
        super().handle_data(data)
        if len(self.parts) > before:
            for buf in self.open:
                buf.append(data)


def drawn_queries(folder, n=24, seed=13) -> list[str]:
    """n Chinese cell or heading texts of 2 to 8 characters from the built site, drawn at random
    (a fixed seed, so a failure can be reproduced)."""
    found = set()
    for path in sorted(folder.rglob("*.html")):
        if "pagefind" in path.parts:
            continue
        parser = _Cells()
        parser.feed(path.read_text(encoding="utf-8"))
        found |= {c for c in parser.cells if CJK.match(c)}
    return random.Random(seed).sample(sorted(found - set(NAMED)), n)


ASK = """async q => {
  const input = document.querySelector('#search input');
  input.focus();
  input.value = '';
  input.dispatchEvent(new Event('input', {bubbles: true}));
  input.value = q;
  input.dispatchEvent(new Event('input', {bubbles: true}));
  const status = document.querySelector('#search [role=status]');
  for (let i = 0; i < 400 && !status.textContent.includes(q); i++) await new Promise(r => setTimeout(r, 25));
  const lists = [...document.querySelectorAll('#search .search-list:not(.search-related)')];
  const exact = lists.flatMap(l => [...l.querySelectorAll('a.search-link')].map(a => new URL(a.href).pathname));
  const excerpts = [...document.querySelectorAll('#search .search-list:not(.search-related) .search-excerpt')]
    .map(p => ({html: p.innerHTML, text: p.textContent}));
  const related = [...document.querySelectorAll('#search .search-related a')].map(a => new URL(a.href).pathname);
  return {status: status.textContent, exact, excerpts, related};
}"""


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


@pytest.fixture
def searching(page, site_url):
    page.goto(site_url + "/", wait_until="networkidle")
    return lambda q: page.evaluate(ASK, q)


def test_recall_and_precision_against_a_substring_search(searching, built_demo):
    pages = indexed_pages(built_demo)
    queries = NAMED + drawn_queries(built_demo)
    assert len(queries) >= 20
    relevant = found = hits = 0
    misses, extra = {}, {}
    for q in queries:
        truth = {url for url, text in pages.items() if squeeze(q) in text.lower()}
        got = searching(q)
        listed = set(got["exact"])
        assert len(listed) == len(got["exact"]), (q, "a page listed twice")
        relevant += len(truth)
        found += len(listed)
        hits += len(truth & listed)
        if truth - listed:
            misses[q] = sorted(truth - listed)
        if listed - truth:
            extra[q] = sorted(listed - truth)
    recall, precision = hits / relevant, hits / found
    print(f"recall {recall:.4f} precision {precision:.4f} over {len(queries)} queries, {relevant} pages")
    assert recall >= 0.995, (recall, misses)
    assert precision >= 0.995, (precision, extra)


def test_daolang_finds_every_page_that_holds_it(searching, built_demo):
    truth = {url for url, text in indexed_pages(built_demo).items() if "大朗镇" in text}
    assert len(truth) >= 10
    got = searching("大朗镇")
    assert set(got["exact"]) == truth
    assert got["status"].startswith(f"{len(truth)} ")


def test_pages_with_the_exact_phrase_come_first_and_the_rest_stay_out(searching, built_demo):
    pages = indexed_pages(built_demo)
    got = searching("课堂教学")
    truth = {url for url, text in pages.items() if "课堂教学" in text}
    assert got["exact"] and set(got["exact"]) == truth and got["related"] == []
    # a phrase on no page: nothing is claimed to hold it; related pages stay under their own heading
    none = searching("双师课堂")
    assert not any("双师课堂" in text for text in pages.values())
    assert none["exact"] == [] and "没有页面" in none["status"]


def test_excerpts_keep_the_texts_punctuation_and_mark_the_whole_phrase(searching):
    for q in ("翻转课堂", "课堂教学", "大朗镇"):
        got = searching(q)
        assert got["excerpts"], q
        for e in got["excerpts"]:
            assert f"<mark>{q}</mark>" in e["html"], (q, e["html"])
            text = e["text"].lstrip("…")
            # no ASCII full stop or comma put between Chinese characters
            assert not re.search(r"[\u4e00-\u9fff][.,]\s*[\u4e00-\u9fff]", text), (q, text)
            # cut at a word: after a punctuation mark or a space of the text, or at the phrase itself
            assert not e["text"].startswith("…") or text.startswith(q) or e["html"].startswith("…")


def test_the_keyboard_works_and_focus_is_always_visible(page, site_url):
    page.goto(site_url + "/", wait_until="networkidle")
    # empty box: Tab from the input leaves the search (no hidden clear button takes focus)
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "search-input"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    assert page.locator("#search button").first.is_hidden()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#search')") is None
    page.keyboard.press("Shift+Tab")
    page.keyboard.type("翻转课堂")
    page.wait_for_function("document.querySelector('#search [role=status]').textContent.includes('翻转课堂')")
    links = page.locator("#search a.search-link")
    assert links.count() >= 1
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('search-link')")
    first = page.evaluate("document.activeElement.href")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    if links.count() > 1:
        page.keyboard.press("ArrowDown")
        assert page.evaluate("document.activeElement.href") == links.nth(1).evaluate("a => a.href")
        page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "search-input"
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.value") == ""
    assert page.locator("#search .search-drawer").is_hidden()
    page.keyboard.type("翻转课堂")
    page.wait_for_function("document.querySelector('#search [role=status]').textContent.includes('翻转课堂')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == first


def test_search_finds_a_case_of_the_case_library(searching, built_demo):
    title = "平板课堂中的小组协作"  # a title the demo's cases share (bench/process_city.py)
    listed = [p for p in sorted(built_demo.glob("districts/*/cases/index.html")) if title in p.read_text(encoding="utf-8")]
    assert listed  # each district's cases are on its own page
    got = searching(title)
    assert any(url.endswith("/cases/") for url in got["exact"]), got["exact"]
    truth = {url for url, text in indexed_pages(built_demo).items() if title in text}
    assert set(got["exact"]) <= truth


MEASURE = """async q => {
  performance.clearResourceTimings();
  const input = document.querySelector('#search input');
  input.focus();
  input.value = q;
  input.dispatchEvent(new Event('input', {bubbles: true}));
  const status = document.querySelector('#search [role=status]');
  for (let i = 0; i < 400 && !status.textContent.includes(q); i++) await new Promise(r => setTimeout(r, 25));
  return performance.getEntriesByType('resource').map(e => ({url: new URL(e.name).pathname, bytes: e.transferSize}));
}"""


@pytest.mark.parametrize("query", ["大朗镇", "课堂教学", "双师课堂"])
def test_a_query_loads_only_its_shards_and_the_texts_of_its_candidates(browser, gzip_site_url, built_demo, query):
    """The bytes on the wire (gzip, as a static host serves them) for one query, after the page has
    loaded: in every part of the phrase index (the site-wide one and each district's), the pair
    shards of its characters, then the text of each candidate page; Pagefind only when no page
    holds the phrase."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(gzip_site_url + "/", wait_until="networkidle")
    page.evaluate(MEASURE, query)
    page.wait_for_load_state("networkidle")  # Pagefind's related pages may follow the answer
    page.wait_for_timeout(300)
    got = page.evaluate("performance.getEntriesByType('resource')"
                        ".map(e => ({url: new URL(e.name).pathname, bytes: e.transferSize}))")
    context.close()
    folders = ["/search/"] + [f"/search-parts/{p.name}/" for p in sorted((built_demo / "search-parts").iterdir())]
    assert len(folders) > 2
    phrase = [r for r in got if r["url"].startswith(("/search/", "/search-parts/"))]
    shards = {r["url"] for r in phrase if "/g/" in r["url"]}
    texts = {tuple(r["url"].split("t/")) for r in phrase if "/t/" in r["url"]}
    total = sum(r["bytes"] for r in got)
    print(f"{query}: {len(got)} requests, {total} bytes on the wire, {len(shards)} shards, {len(texts)} texts")
    pages = indexed_pages(built_demo)
    holding = set()
    for folder in folders:
        names = json.loads((built_demo / folder.strip("/") / "pages.json").read_text(encoding="utf-8"))
        holding |= {(folder, f"{i}.json") for i, (url, _) in enumerate(names) if query in pages[url]}
    # the shards of its pairs' first characters; for a phrase no page holds, the last character's
    # too (the pairs it starts are what "did you mean" offers)
    assert shards == {f"{f}g/{ord(c) % 64}.json" for f in folders for c in (query[:-1] if holding else query)}
    # every page holding the phrase is read, and few that do not
    assert texts >= holding
    assert len(texts) <= max(2 * len(holding), 3)
    assert any(r["url"].startswith("/pagefind/") for r in got) == (not holding)
    # a few KB per page that holds the phrase, and per part its shards (and its list of pages when
    # it has candidates); Pagefind's own files only when no page holds the phrase
    assert total < 60_000 + 3_000 * (len(folders) - 1) + 4_000 * len(holding), (total, len(holding))


def test_results_from_every_part_come_in_one_order(searching, built_demo):
    """Pages found in different parts are ranked as one index would rank them: the title holding
    the phrase first, then the most hits, then by URL; the list shows them grouped by school
    (the groups in the order of their best page, the city's and districts' pages last)."""
    got = searching("大朗镇")
    pages = indexed_pages(built_demo)
    part, titles = {}, {}
    for folder in ["search"] + [f"search-parts/{p.name}" for p in (built_demo / "search-parts").iterdir()]:
        for url, title in json.loads((built_demo / folder / "pages.json").read_text(encoding="utf-8")):
            part[url], titles[url] = folder, title
    assert len({part[u] for u in got["exact"]}) >= 2  # the site-wide part and a district's

    def key(u):
        return (-int("大朗镇" in titles[u]), -pages[u].count("大朗镇"), u)

    def school(u):
        m = re.match(r"/schools/([^/]+)/", u)
        return m.group(1) if m else ""

    ranked = sorted(got["exact"], key=key)
    groups = list(dict.fromkeys(school(u) for u in ranked if school(u))) + [""]
    expected = [u for g in groups for u in ranked if school(u) == g]
    assert got["exact"] == expected
    assert "所学校" in got["status"]


def test_a_phrase_no_page_holds_gets_the_nearest_phrases_of_the_index(page, site_url):
    page.goto(site_url + "/", wait_until="networkidle")
    page.evaluate(ASK, "整校推近")
    page.wait_for_selector("#search .search-suggestion")
    offered = page.locator("#search .search-suggestion").all_inner_texts()
    assert "整校推进" in offered, offered
    page.locator("#search .search-suggestion", has_text="整校推进").click()
    page.wait_for_function("document.querySelector('#search [role=status]').textContent.includes('整校推进')")
    assert page.locator("#search a.search-link").count() > 10
    groups = page.locator("#search .search-group-head").all_inner_texts()
    assert len(groups) > 5 and all("个页面" in g for g in groups), groups[:3]
