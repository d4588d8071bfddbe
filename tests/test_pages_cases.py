"""Each shared case has a page of its own: title, school, point by name, summary, evidence; the
district's case library links it and both search indexes hold it."""

from __future__ import annotations

import json
import re


def _case_pages(site):
    return sorted(site.glob("schools/*/cases/*/index.html"))


def test_every_shared_case_has_a_page_linked_from_its_district_library(built_demo):
    pages = _case_pages(built_demo)
    assert len(pages) > 20
    library = (built_demo / "districts/sample-fenglin/cases/index.html").read_text(encoding="utf-8")
    linked = re.findall(r'href="\.\./\.\./\.\./(schools/[^"]+/cases/\d+/)"', library)
    assert linked and all((built_demo / link / "index.html").is_file() for link in linked)
    assert len(linked) == library.count('class="case"')  # every case of the library opens


def test_a_case_page_shows_the_case(built_demo):
    page = (built_demo / "schools/sample-fenglin-01/cases/1/index.html").read_text(encoding="utf-8")
    for text in ("用课堂反馈数据调整教学节奏（英语组，示例1）", "典型案例", "G7", "英语", "2022-02-28",
                 "教学设计、课堂实录与反思（示例）", "简介", "data-pagefind-body"):
        assert text in page, text
    assert 'href="../../../../schools/sample-fenglin-01/' in page
    point = re.search(r'<dt>能力点</dt><dd>(.*?)</dd>', page, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", point).strip() != "G7"  # the point by its name, not its code alone


def test_the_phrase_index_finds_a_case_page(built_demo):
    listed = json.loads((built_demo / "search-parts/sample-fenglin/pages.json").read_text(encoding="utf-8"))
    assert any(url.endswith("schools/sample-fenglin-01/cases/1/") for url, _ in listed)


def test_the_school_page_links_its_shared_outputs_to_their_pages(built_demo):
    page = (built_demo / "schools/sample-fenglin-01/index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="\.\./\.\./(schools/sample-fenglin-01/cases/\d+/)">([^<]+)</a>', page)
    assert links
    for link, title in links:
        assert title in (built_demo / link / "index.html").read_text(encoding="utf-8")
