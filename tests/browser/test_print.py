"""Plans printed through Chromium's own print (page.pdf honours the page's CSS, as the browser's
print dialog does): A4, a running header naming school, plan and version on every page, "第 N 页 共
M 页" at the foot, table headers kept with their rows, and no half-empty pages from forced breaks."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

PLANS = ["/schools/xiangtou-primary/plan/", "/schools/xiangtou-primary/training/"]


def _pdftotext(pdf: bytes, tmp_path) -> list[str]:
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing (apt-get install poppler-utils)")
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return out.split("\f")[:-1] if out.endswith("\f") else out.split("\f")


def _print(browser, url) -> tuple[bytes, dict]:
    context = browser.new_context()
    pg = context.new_page()
    pg.goto(url, wait_until="networkidle")
    pg.emulate_media(media="print")
    facts = pg.evaluate("""() => ({school: document.querySelector('.doc-head .eyebrow').textContent.trim(),
      title: document.querySelector('.doc-head h1').firstChild.textContent.trim(),
      version: [...document.querySelectorAll('.doc-head .facts div')].map(d => d.textContent).join(' ')})""")
    pdf = pg.pdf(prefer_css_page_size=True, print_background=True)
    context.close()
    return pdf, facts


@pytest.mark.parametrize("path", PLANS)
def test_every_printed_page_names_the_school_the_plan_and_its_number(browser, site_url, path, tmp_path):
    pdf, facts = _print(browser, site_url + path)
    pages = _pdftotext(pdf, tmp_path)
    assert len(pages) >= 2
    for n, text in enumerate(pages, 1):
        flat = re.sub(r"\s+", "", text)
        assert facts["school"] in flat and facts["title"] in flat, (n, text[:200])
        assert f"第{n}页共{len(pages)}页" in flat, (n, text[-200:])
    # A4 portrait: 595 x 842 points
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert box and abs(float(box.group(1)) - 595.3) < 1 and abs(float(box.group(2)) - 841.9) < 1


@pytest.mark.parametrize("path", PLANS)
def test_no_half_empty_page(browser, site_url, path, tmp_path):
    pdf, _ = _print(browser, site_url + path)
    pages = _pdftotext(pdf, tmp_path)
    lines = [len([ln for ln in p.splitlines() if ln.strip()]) for p in pages]
    full = max(lines)
    # every page but the last is at least 60 % full (header and footer lines included)
    assert all(n >= 0.6 * full for n in lines[:-1]), lines


def test_print_css_repeats_table_headers_and_forces_no_breaks(built_demo):
    css = (built_demo / "static/site.css").read_text(encoding="utf-8")
    printing = css[css.index("@media print"):]
    assert "thead { display: table-header-group; }" in printing
    assert not re.search(r"break-before:\s*(page|always)", css)
    assert re.search(r"\n  tr \{ break-inside: avoid", printing)


def test_a_table_continued_on_the_next_page_repeats_its_header(browser, site_url, tmp_path):
    pdf, _ = _print(browser, site_url + "/schools/xiangtou-primary/training/")
    pages = _pdftotext(pdf, tmp_path)
    # the training calendar runs over several pages: each of them starts with its header row
    calendar = [p for p in pages if re.search(r"20\d\d 年 \d+ 月", p)]
    assert len(calendar) >= 2
    for text in calendar:
        body = [ln for ln in text.splitlines()[1:] if ln.strip()]
        first = next(i for i, ln in enumerate(body) if re.search(r"20\d\d 年 \d+ 月", ln))
        assert any(re.search(r"时间\s+内容\s+主持人", ln) for ln in body[:first]), body[:first + 1]
