"""A reader without scripts, or on paper: the school list names the schools; the filter only adds."""

from __future__ import annotations


def test_the_school_list_names_schools_with_scripts_off(browser, site_url):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 740})
    pg = context.new_page()
    pg.goto(site_url + "/schools/", wait_until="load")
    names = pg.locator("#school-names .name-list a:visible")
    count = names.count()
    text = pg.locator("main").inner_text()
    context.close()
    assert count >= 40  # the demo's schools, each a link
    assert "用上面的筛选" not in text


def test_the_filter_replaces_the_list_with_its_matches(page, site_url):
    page.goto(site_url + "/schools/", wait_until="networkidle")
    assert page.locator("#school-names").is_visible()
    page.fill("#filters input[name=q]", "巷头")
    page.wait_for_function("document.getElementById('school-names').hidden")
    assert page.locator("#filter-results .school-list li").count() >= 1
