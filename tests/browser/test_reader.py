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


def test_the_contents_stay_in_view_on_a_wide_screen(page, site_url):
    page.goto(site_url + "/schools/xiangtou-primary/plan/", wait_until="load")
    height = page.evaluate("document.scrollingElement.scrollHeight")
    assert height > 4000  # a long document
    for y in (height // 2, height):
        page.evaluate(f"window.scrollTo(0, {y})")
        box = page.evaluate("(() => { const r = document.querySelector('.doc-side .toc').getBoundingClientRect();"
                            " return [r.top, r.bottom, innerHeight]; })()")
        assert box[0] >= 0 and box[1] <= box[2], (y, box)


def test_a_phone_reader_gets_back_to_the_contents_from_anywhere(browser, site_url):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, java_script_enabled=False)
    pg = context.new_page()
    pg.goto(site_url + "/schools/xiangtou-primary/training/", wait_until="load")
    pg.evaluate("window.scrollTo(0, document.scrollingElement.scrollHeight * 0.7)")
    back = pg.locator("a.back-to-toc")
    box = back.bounding_box()
    assert back.is_visible() and box["y"] + box["height"] <= 740 and box["x"] + box["width"] <= 375
    back.click()
    top = pg.evaluate("document.getElementById('contents').getBoundingClientRect().top")
    context.close()
    assert 0 <= top < 100, top
