"""Browser fixtures: the built demo site served on 127.0.0.1, and Debian's Chromium via Playwright.

Playwright's own browsers are never downloaded. Without /usr/bin/chromium these tests skip,
unless CI=true, where a missing browser is a failure.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("PLANSITE_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def _need_browser():
    problem = None
    if not CHROMIUM.exists() and not shutil.which(str(CHROMIUM)):
        problem = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "playwright is not installed (pip install -e '.[test]')"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests need a browser in CI: {problem}")
        pytest.skip(problem)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _serve(handler, folder):
    """Serve folder on a free local port; yields its URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def site_url(built_demo):
    """The demo site, served from its build folder on a free local port."""
    yield from _serve(_Quiet, built_demo)


@pytest.fixture(scope="session")
def browser():
    _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, site_url):
    """A fresh page that records console errors and refuses every request leaving 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.console_errors = []
    pg.outside_requests = []
    pg.on("console", lambda m: pg.console_errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))

    def guard(route):
        if route.request.url.startswith(site_url):
            return route.continue_()
        pg.outside_requests.append(route.request.url)
        return route.abort()
    pg.route("**/*", guard)
    yield pg
    context.close()


class _Gzipping(_Quiet):
    """A static host as the hosting guide sets one up: text gzipped on the wire, 404.html for what
    is missing."""

    TEXT = (".html", ".js", ".css", ".json", ".svg", ".txt", ".csv", ".pf_meta", "/")

    def do_GET(self):  # noqa: N802 (http.server API)
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            path, code = Path(self.directory) / "404.html", 404
        else:
            code = 200
        body = path.read_bytes()
        ctype = self.guess_type(str(path))
        zipped = "gzip" in self.headers.get("Accept-Encoding", "") and str(path).endswith(self.TEXT)
        if zipped:
            body = gzip.compress(body, 6, mtime=0)
        self.send_response(code)
        self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") else ""))
        if zipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser gave up a request the page no longer needs (a search superseded by the next)


@pytest.fixture(scope="session")
def gzip_site_url(built_demo):
    """The demo site served as a static host with gzip would serve it."""
    yield from _serve(_Gzipping, built_demo)
