"""Every table of every page type, measured on a 375 px phone: the key columns lie on the screen and
no cell's text runs past its edge; the page itself never scrolls sideways.

A table's key columns are its first column and those whose header cell carries `data-keycol`.
The tables fold by the pattern each is given (generator/site/phonetables.py and the theme): cards
of labelled values, a label and value that wrap, or the table's own pattern (calendar, score table).
With PLANSITE_SHOTS=<folder> a screenshot of each page type at 375 px is saved there.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest


PAGES = {
    "home": "/",
    "school-list": "/schools/",
    "district": "/districts/dalang/",
    "district-sample": "/districts/sample-fenglin/",
    "school": "/schools/xiangtou-primary/",
    "plan": "/schools/xiangtou-primary/plan/",
    "training": "/schools/xiangtou-primary/training/",
    "sample-plan": "/schools/qinghe-no2-middle/plan/",
    "sample-training": "/schools/qinghe-no2-middle/training/",
    "score-card": "/schools/qinghe-no2-middle/",
    "evidence": "/schools/qinghe-experimental-primary/evidence/research/",
    "capability-list": "/capabilities/",
    "capability": "/capabilities/G8/",
    "capability-in-district": "/districts/dalang/capabilities/G8/",
    "case-library": "/cases/",
    "cases-of-district": "/districts/sample-fenglin/cases/",
    "case": "/schools/sample-fenglin-01/cases/1/",
    "rubric-list": "/rubrics/",
    "rubric": "/rubrics/yantai-2021/",
    "school-rubric": "/rubrics/xiangtou-group/",
    "site-page": "/pages/about/",
    "policy-page": "/pages/policy/",
    "city-dashboard": "/dashboard/",
    "district-dashboard": "/districts/dalang/dashboard/",
    "sample-district-dashboard": "/districts/sample-fenglin/dashboard/",
}

MEASURE = """() => {
  for (const d of document.querySelectorAll('details')) d.open = true;
  const W = innerWidth, bad = [];
  const shown = (node, cell) => {  // text hidden for the eye (a 1 px clipped box) is not measured
    for (let el = node.parentElement; el && el !== cell; el = el.parentElement) {
      if (el.getBoundingClientRect().width <= 1) return false;
    }
    return true;
  };
  const textRight = cell => {
    let right = -Infinity;
    const walk = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      if (!n.textContent.trim() || !shown(n, cell)) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      for (const r of range.getClientRects()) right = Math.max(right, r.right);
    }
    return right;
  };
  const tables = [...document.querySelectorAll('main table')];
  tables.forEach((t, i) => {
    if (!t.getClientRects().length) return;
    const box = t.closest('[aria-label]');
    const name = ((t.caption && t.caption.textContent) || (box && box.getAttribute('aria-label')) || ('#' + i)).trim();
    const head = t.tHead ? t.tHead.rows[t.tHead.rows.length - 1] : null;
    const keys = new Set([0]);
    let c = 0;
    for (const th of head ? head.cells : []) {
      if (th.hasAttribute('data-keycol')) for (let k = 0; k < th.colSpan; k++) keys.add(c + k);
      c += th.colSpan;
    }
    for (const row of t.querySelectorAll(':scope > tbody > tr, :scope > tfoot > tr')) {
      let col = 0;
      for (const cell of row.cells) {
        const key = keys.has(col);
        col += cell.colSpan;
        const r = cell.getBoundingClientRect();
        if (!r.width || !r.height) continue;
        const text = cell.textContent.trim().slice(0, 24);
        if (key && (r.left < -1 || r.right > W + 1)) { bad.push([name, 'key column off screen', text, Math.round(r.right)]); continue; }
        if (r.left >= W) continue;
        if (textRight(cell) > W + 1) bad.push([name, 'text runs past the screen', text, Math.round(textRight(cell))]);
      }
    }
  });
  return {bad, count: tables.length, wide: document.scrollingElement.scrollWidth - W};
}"""


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, device_scale_factor=1)
    yield context
    context.close()


def test_every_table_of_every_page_type_fits_a_phone(phone, site_url):
    shots = os.environ.get("PLANSITE_SHOTS")
    pg = phone.new_page()
    problems, counted = {}, 0
    for name, path in PAGES.items():
        pg.goto(site_url + path, wait_until="load")
        found = pg.evaluate(MEASURE)
        counted += found["count"]
        if found["bad"] or found["wide"] > 1:
            problems[name] = (found["wide"], found["bad"][:5])
        if shots:
            Path(shots).mkdir(parents=True, exist_ok=True)
            pg.screenshot(path=str(Path(shots) / f"{name}.png"), full_page=True)
    pg.close()
    assert counted > 40  # the demo's pages hold tables of every kind
    assert problems == {}


def test_a_table_wider_than_the_phone_fails_the_measure(phone, site_url):
    """The measure itself: a forced wide table puts its key column past the edge and fails."""
    pg = phone.new_page()
    pg.goto(site_url + "/capabilities/", wait_until="load")
    pg.evaluate("""() => { const t = document.querySelector('main table');
      t.removeAttribute('data-phone'); t.style.minWidth = '60rem';
      t.tHead.rows[0].lastElementChild.setAttribute('data-keycol', ''); }""")
    found = pg.evaluate(MEASURE)
    pg.close()
    assert any(kind == "key column off screen" for _, kind, *_ in found["bad"]), found


def test_the_dashboards_first_phone_screen_holds_a_number(phone, site_url):
    pg = phone.new_page()
    for path in ("/dashboard/", "/districts/dalang/dashboard/"):
        pg.goto(site_url + path, wait_until="load")
        top = pg.evaluate("document.querySelector('.kpi-value b').getBoundingClientRect().bottom")
        assert top <= 740, (path, top)
    pg.close()


def test_the_main_menu_shows_every_entry_on_a_phone(phone, site_url):
    pg = phone.new_page()
    pg.goto(site_url + "/", wait_until="load")
    rights = pg.evaluate("[...document.querySelectorAll('.mainnav a')].map(a => a.getBoundingClientRect().right)")
    bottom = pg.evaluate("document.querySelector('header.masthead').getBoundingClientRect().bottom")
    pg.close()
    assert rights and max(rights) <= 375, rights
    assert bottom <= 740 / 4, bottom


@pytest.mark.parametrize("path", ["/districts/dalang/", "/dashboard/", "/schools/xiangtou-primary/training/"])
def test_folded_tables_have_no_serious_violation(phone, site_url, path):
    from test_axe import violations
    pg = phone.new_page()
    pg.goto(site_url + path, wait_until="load")
    found = violations(pg)
    pg.close()
    assert found == []
