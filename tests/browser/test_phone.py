"""A 375 px phone: the header with the search box takes at most a quarter of the first screen."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("path", ["/", "/schools/", "/schools/xiangtou-primary/plan/", "/dashboard/", "/rubrics/"])
def test_the_header_takes_at_most_a_quarter_of_a_phone_screen(browser, site_url, path):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    pg = context.new_page()
    pg.goto(site_url + path, wait_until="domcontentloaded")
    bottom = pg.evaluate("document.querySelector('header.masthead').getBoundingClientRect().bottom")
    visible = pg.evaluate("getComputedStyle(document.querySelector('#search input')).display") != "none"
    wide = pg.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
    context.close()
    assert visible and wide
    assert bottom <= 740 / 4, bottom
