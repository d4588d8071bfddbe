"""Every page type printed through Chromium's own print: each sheet names the page (running header)
and says 第 N 页 共 M 页 at its foot, and no heading is left alone at the bottom of a sheet."""

from __future__ import annotations

import re

import pytest
from test_phone_tables import PAGES
from test_print import _pdftotext

FOOT = re.compile(r"第\d+页共\d+页")


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def printer(browser):
    context = browser.new_context()
    yield context
    context.close()


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_every_sheet_names_the_page_and_numbers_itself(printer, site_url, path, tmp_path):
    pg = printer.new_page()
    pg.goto(site_url + path, wait_until="networkidle")
    pg.emulate_media(media="print")
    title = pg.evaluate("document.title.split(' · ')[0]")
    headings = pg.evaluate("[...document.querySelectorAll('main h1, main h2, main h3, main h4')]"
                           ".filter(h => h.getClientRects().length).map(h => h.textContent)")
    pdf = pg.pdf(prefer_css_page_size=True, print_background=True)
    pg.close()
    sheets = _pdftotext(pdf, tmp_path)
    heads = {_flat(h) for h in headings if _flat(h)}
    alone = []
    for n, text in enumerate(sheets, 1):
        flat = _flat(text)
        assert _flat(title) in flat, (n, text[:200])
        assert f"第{n}页共{len(sheets)}页" in flat, (n, text[-200:])
        lines = [ln for ln in text.splitlines() if ln.strip() and not FOOT.fullmatch(_flat(ln))]
        if n < len(sheets) and lines and _flat(lines[-1]) in heads:
            alone.append((n, lines[-1].strip()))
    assert alone == []
