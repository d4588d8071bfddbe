"""The site's search box in Chromium, measured against a plain substring search over the indexed
text: recall and precision for queries a script draws from the demo's own cells and headings,
exact-phrase pages first, excerpts from the page's own text, and the keyboard."""

from __future__ import annotations

import json
import random
import re

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
  // the groups the box left closed are read when opened: open them all, then wait for every one
  const closed = [...document.querySelectorAll('#search details.search-group:not([open])')];
  const groups = closed.length + document.querySelectorAll('#search details.search-group[open]').length;
  closed.forEach(g => { g.open = true; });
  await new Promise(r => setTimeout(r, 50));
  const drawer = document.querySelector('#search .search-drawer');
  const settled = () => !document.querySelector('#search .search-group-wait') && drawer.dataset.state === 'done';
  for (let i = 0; i < 400 && !(closed.length === 0 || settled()); i++) await new Promise(r => setTimeout(r, 25));
  const lists = [...document.querySelectorAll('#search .search-list:not(.search-related)')];
  const exact = lists.flatMap(l => [...l.querySelectorAll('a.search-link')].map(a => new URL(a.href).pathname));
  const excerpts = [...document.querySelectorAll('#search .search-list:not(.search-related) .search-excerpt')]
    .map(p => ({html: p.innerHTML, text: p.textContent}));
  const related = [...document.querySelectorAll('#search .search-related a')].map(a => new URL(a.href).pathname);
  return {status: status.textContent, exact, excerpts, related, groups, closed: closed.length,
          head: (document.querySelector('#search .search-count') || {}).textContent,
          grouped: [...document.querySelectorAll('#search details.search-group')].map(g => ({
            name: g.querySelector('.search-group-name').textContent,
            count: g.querySelector('.search-group-count').textContent,
            pages: [...g.querySelectorAll('a.search-link')].map(a => new URL(a.href).pathname)}))};
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
  const asked = () => performance.getEntriesByType('resource').some(e => /\\/pagefind\\//.test(e.name));
  if (/没有页面/.test(status.textContent)) for (let i = 0; i < 200 && !asked(); i++) await new Promise(r => setTimeout(r, 25));
  return performance.getEntriesByType('resource').map(e => ({url: new URL(e.name).pathname, bytes: e.transferSize}));
}"""


@pytest.mark.parametrize("query", ["大朗镇", "课堂教学", "双师课堂"])
def test_a_query_loads_only_its_shards_and_the_texts_of_its_candidates(browser, gzip_site_url, built_demo, query):
    """The bytes on the wire (gzip, as a static host serves them) for one query, after the page has
    loaded: in every part of the phrase index (the site-wide one and each district's), the pair
    shards of its characters and its list of pages, then the texts of the first groups' candidate
    pages; Pagefind only when no page holds the phrase."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(gzip_site_url + "/", wait_until="networkidle")
    got = page.evaluate(MEASURE, query)
    context.close()
    folders = ["/search/"] + [f"/search-parts/{p.name}/" for p in sorted((built_demo / "search-parts").iterdir())]
    assert len(folders) > 2
    phrase = [r for r in got if r["url"].startswith(("/search/", "/search-parts/"))]
    shards = {r["url"] for r in phrase if "/g/" in r["url"] or "/g3/" in r["url"]}
    texts = {tuple(r["url"].split("t/")) for r in phrase if "/t/" in r["url"]}
    total = sum(r["bytes"] for r in got)
    print(f"{query}: {len(got)} requests, {total} bytes on the wire, {len(shards)} shards, {len(texts)} texts")
    # a query of three characters or more reads the shards of its runs of three (g3/)
    assert shards == {f"{f}g3/{ord(c) % 64}.json" for f in folders for c in query[:-2]}
    pages = indexed_pages(built_demo)
    holding = set()
    for folder in folders:
        names = json.loads((built_demo / folder.strip("/") / "pages.json").read_text(encoding="utf-8"))
        holding |= {(folder, f"{i}.json") for i, (url, _) in enumerate(names) if query in pages[url]}
    # the texts of the first groups only (at most 12 pages): candidates, nearly all holding the phrase
    assert len(texts) <= 12 and (texts or not holding)
    assert len(texts & holding) >= len(texts) - 1
    assert any(r["url"].startswith("/pagefind/") for r in got) == (not holding)
    # a few KB per page that holds the phrase, and per part its shards (and its list of pages when
    # it has candidates); Pagefind's own files only when no page holds the phrase
    assert total < 60_000 + 3_000 * (len(folders) - 1) + 4_000 * len(holding), (total, len(holding))


def test_results_from_every_part_come_in_one_order(searching, built_demo):
    """Pages found in different parts are grouped by school or section, the biggest group first;
    within a group they are listed as one index would list them: the title holding the phrase
    first, then the most hits, then by URL. Each group says how many pages it holds."""
    got = searching("大朗镇")
    pages = indexed_pages(built_demo)
    part, titles = {}, {}
    for folder in ["search"] + [f"search-parts/{p.name}" for p in (built_demo / "search-parts").iterdir()]:
        for url, title in json.loads((built_demo / folder / "pages.json").read_text(encoding="utf-8")):
            part[url], titles[url] = folder, title
    assert len({part[u] for u in got["exact"]}) >= 2  # the site-wide part and a district's
    groups = got["grouped"]
    assert len(groups) >= 2 and got["groups"] == len(groups)
    sizes = [len(g["pages"]) for g in groups]
    assert sizes == sorted(sizes, reverse=True), sizes
    for g in groups:
        assert g["count"] == f"{len(g['pages'])} 页"
        key = [(-int("大朗镇" in titles[u]), -pages[u].count("大朗镇"), u) for u in g["pages"]]
        assert key == sorted(key)
        # a school's pages are in its group, named by the school's home page
        school = {u.split("/")[2] for u in g["pages"] if u.startswith("/schools/") and u != "/schools/"}
        if school:
            assert len(school) == 1
            only = school.pop()
            assert all(u.startswith(f"/schools/{only}/") for u in g["pages"])
    assert "大朗" in " ".join(g["name"] for g in groups)
    assert got["head"].startswith(f"{len(got['exact'])} 个页面") and f"分在 {len(groups)} 处" in got["head"]


def test_the_first_groups_are_read_at_once_and_the_others_when_opened(page, site_url, built_demo):
    """A phrase on many pages: the first groups list their pages; the others show only their count
    until the reader opens one, which then lists the pages of that school that hold the phrase."""
    page.goto(site_url + "/", wait_until="networkidle")
    page.fill("#search input", "整校推进")
    page.wait_for_function("document.querySelector('#search [role=status]').textContent.includes('整校推进')")
    groups = page.locator("#search details.search-group")
    assert groups.count() > 5
    assert page.locator("#search details.search-group:not([open])").count() > 0
    last = groups.nth(groups.count() - 1)
    assert not last.evaluate("g => g.open")
    assert last.locator(".search-group-count").text_content().startswith("至多 ")
    assert "另有至多" in page.locator("#search .search-count").text_content()
    assert last.locator("a.search-link").count() == 0
    before = page.evaluate("performance.getEntriesByType('resource').filter(e => /\\/t\\//.test(e.name)).length")
    assert 0 < before <= 12
    last.locator("summary").click()
    page.wait_for_function("""() => { const g = [...document.querySelectorAll('#search details.search-group')].pop();
      return g.querySelector('a.search-link') && !g.querySelector('.search-group-wait'); }""")
    listed = [page.evaluate("a => new URL(a.href).pathname", a) for a in last.locator("a.search-link").element_handles()]
    pages = indexed_pages(built_demo)
    assert listed and all("整校推进" in pages[u] for u in listed)
    assert last.locator(".search-group-count").text_content() == f"{len(listed)} 页"


def test_a_typing_slip_gets_the_nearest_phrase(page, site_url, built_demo):
    """整校推近 is on no page; the box offers 整校推进 (one character changed), found from the
    shards it has already read, and a tap on it searches for it; 整校校推进 gets it too (one
    character left out)."""
    pages = indexed_pages(built_demo)
    assert not any("整校推近" in t for t in pages.values())
    page.goto(site_url + "/", wait_until="networkidle")
    page.fill("#search input", "整校推近")
    page.wait_for_selector("#search .search-suggestion")
    assert "没有页面" in page.locator("#search .search-count").text_content()
    offered = page.locator("#search .search-suggestion")
    assert offered.first.text_content() == "整校推进"
    offered.first.click()
    assert page.input_value("#search input") == "整校推进"
    page.wait_for_function("document.querySelector('#search [role=status]').textContent.includes('整校推进')")
    assert page.locator("#search a.search-link").count() > 0
    # a character typed twice: the phrase without it
    page.fill("#search input", "整校校推进")
    page.wait_for_selector("#search .search-suggestion")
    assert page.locator("#search .search-suggestion").first.text_content() == "整校推进"
    # a phrase with no near neighbour gets no suggestion
    page.fill("#search input", "鑫鑫鑫鑫")
    page.wait_for_function("document.querySelector('#search [role=status]').textContent.includes('鑫鑫鑫鑫')")
    page.wait_for_timeout(300)
    assert page.locator("#search .search-suggestion").count() == 0
