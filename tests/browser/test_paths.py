"""Any host, any path: the built demo served under /city-plans/ and opened from disk (file://).

The site is built once, with the default base_url (/): nothing in it names the path it is
served under. Served under a sub-path, every link, asset and script of every page is found,
styles apply, search answers and charts are drawn; opened from disk, styles apply, links lead to
files that exist, charts are drawn and search finds the pages holding a phrase.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
import urllib.error
import urllib.request
from collections import deque
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest
from test_dashboard import ALL_DRAWN, DRAW_ALL

PREFIX = "/city-plans/"
URL_ATTR = re.compile(r"""\b(?:href|src|data-src|data-plotly-src)\s*=\s*"([^"]*)\"""")
KINDS = ["", "schools/", "districts/dalang/", "schools/xiangtou-primary/", "schools/xiangtou-primary/plan/",
         "capabilities/", "dashboard/", "rubrics/", "cases/"]
MASTHEAD_STYLED = "getComputedStyle(document.querySelector('.masthead')).backgroundColor !== 'rgba(0, 0, 0, 0)'"


class _SubPath(http.server.SimpleHTTPRequestHandler):
    """A host that serves the site under /city-plans/ only, as a project's Pages site is."""

    def log_message(self, *args):
        pass

    def translate_path(self, path):
        clean = urlsplit(path).path
        if not clean.startswith(PREFIX):
            return str(Path(self.directory) / "\0missing")
        return super().translate_path("/" + clean[len(PREFIX):])


@pytest.fixture(scope="module")
def sub_url(built_demo):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_SubPath, directory=str(built_demo)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def site_url(sub_url):
    """The conftest's page fixture lets requests to this host through (and refuses all others)."""
    return sub_url.removesuffix(PREFIX)


def _status(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def test_every_link_asset_and_script_of_every_page_is_found_under_a_sub_path(sub_url):
    """A crawl from the home page: every internal href/src (and the scripts' data paths) of every
    page it reaches answers 200, and every page of the site is reached."""
    seen, broken, pages = {sub_url}, [], 0
    queue = deque([sub_url])
    while queue:
        url = queue.popleft()
        code, body = _status(url)
        if code != 200:
            broken.append(url)
            continue
        if not (url.endswith("/") or url.endswith(".html")):
            continue
        pages += 1
        for raw in URL_ATTR.findall(body.decode("utf-8", "replace")):
            target = urldefrag(urljoin(url, unescape(raw)))[0]
            if not target.startswith(sub_url.split(PREFIX)[0]) or target in seen:
                continue  # outside the host (none are expected; the page test below refuses them)
            seen.add(target)
            queue.append(target)
    assert broken == []
    assert pages > 300 and len(seen) > 600


@pytest.mark.parametrize("path", KINDS)
def test_pages_under_a_sub_path_load_everything_and_are_styled(page, sub_url, path):
    failed = []
    page.on("response", lambda r: failed.append((r.status, r.url)) if r.status >= 400 else None)
    page.on("requestfailed", lambda r: failed.append((0, r.url)))
    page.goto(sub_url + path, wait_until="networkidle")
    assert page.evaluate(MASTHEAD_STYLED)
    if path == "dashboard/":
        assert page.evaluate(DRAW_ALL) > 0
        assert page.evaluate(ALL_DRAWN)
    assert failed == [] and page.console_errors == [] and page.outside_requests == []


@pytest.mark.parametrize("query, expected", [("翻转课堂", "巷头小学")])
def test_search_answers_under_a_sub_path(page, sub_url, query, expected):
    page.goto(sub_url + "schools/xiangtou-primary/plan/", wait_until="networkidle")
    page.fill("#search-input", query)
    page.wait_for_function(f"document.querySelector('#search-drawer').innerText.includes('{expected}')",
                           timeout=15_000)
    first = page.locator("#search a.search-link").first
    assert first.get_attribute("href").startswith(sub_url)
    first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.startswith(sub_url) and page.locator("h1").first.is_visible()
    assert page.console_errors == []


def test_search_falls_back_to_pagefind_under_a_sub_path(page, sub_url):
    """A phrase no page holds: Pagefind's own results, its bundle and parts found under the path."""
    page.goto(sub_url, wait_until="networkidle")
    page.fill("#search-input", "双师课堂")  # no page holds it
    page.wait_for_selector(".search-related a.search-link", timeout=20_000)
    hrefs = page.eval_on_selector_all(".search-related a.search-link", "as => as.map(a => a.href)")
    assert hrefs and all(h.startswith(sub_url) for h in hrefs)
    assert all(_status(urldefrag(h)[0])[0] == 200 for h in hrefs)
    assert page.console_errors == []


# ── opened from disk ─────────────────────────────────────────────────────────

@pytest.fixture
def disk_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.console_errors, pg.failed = [], []
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))
    pg.on("requestfailed", lambda r: pg.failed.append(r.url))
    yield pg
    context.close()


def _on_disk(href: str) -> Path | None:
    parts = urlsplit(href)
    return Path(unquote(parts.path)) if parts.scheme == "file" else None


@pytest.mark.parametrize("path", ["index.html", "schools/xiangtou-primary/index.html",
                                  "schools/xiangtou-primary/plan/index.html"])
def test_pages_opened_from_disk_are_styled_and_link_to_existing_files(disk_page, built_demo, path):
    disk_page.goto((built_demo / path).as_uri(), wait_until="load")
    assert disk_page.evaluate(MASTHEAD_STYLED)
    hrefs = disk_page.eval_on_selector_all("a[href], link[href], script[src]",
                                           "es => es.map(e => e.href || e.src)")
    files = [p for p in map(_on_disk, hrefs) if p is not None]
    assert len(files) > 20
    missing = sorted({str(p) for p in files if not p.is_file()})
    assert missing == []  # folders' links lead to their index.html
    assert disk_page.failed == [] and disk_page.console_errors == []


def test_search_works_from_disk(disk_page, built_demo):
    """The phrase index is read through its .js twins (a page from disk may not fetch); results
    link files that exist; Pagefind, which only fetches, is left out and the box says so."""
    disk_page.goto((built_demo / "schools/xiangtou-primary/plan/index.html").as_uri(), wait_until="load")
    disk_page.fill("#search-input", "翻转课堂")
    disk_page.wait_for_function("document.querySelector('#search-drawer').innerText.includes('巷头小学')",
                                timeout=15_000)
    # the school's group is named first; its pages are listed once their texts are read (.js twins)
    disk_page.wait_for_selector("#search a.search-link", timeout=15_000)
    hrefs = disk_page.eval_on_selector_all("#search a.search-link", "as => as.map(a => a.href)")
    assert hrefs and all(_on_disk(h) is not None and _on_disk(h).is_file() for h in hrefs)
    disk_page.locator("#search a.search-link").first.click()
    disk_page.wait_for_load_state("load")
    assert disk_page.url.startswith("file:") and disk_page.evaluate(MASTHEAD_STYLED)
    disk_page.fill("#search-input", "双师课堂")  # no page holds it
    note = disk_page.locator("#search .search-offline-note")
    note.wait_for(timeout=15_000)
    assert "本机" in note.inner_text() and not re.search(r"[A-Za-z]", note.inner_text())  # plain Chinese
    assert disk_page.failed == [] and disk_page.console_errors == []


def test_a_link_followed_from_disk_opens_its_page(disk_page, built_demo):
    disk_page.goto((built_demo / "index.html").as_uri(), wait_until="load")
    disk_page.locator(".mainnav a", has_text="学校").first.click()
    disk_page.wait_for_load_state("load")
    assert disk_page.url.endswith("/schools/index.html")
    assert disk_page.evaluate(MASTHEAD_STYLED) and disk_page.locator("h1").first.is_visible()


def test_charts_are_drawn_from_disk(disk_page, built_demo):
    disk_page.goto((built_demo / "dashboard" / "index.html").as_uri(), wait_until="load")
    assert disk_page.evaluate(DRAW_ALL) > 0
    assert disk_page.evaluate(ALL_DRAWN)
    assert disk_page.failed == [] and disk_page.console_errors == []
