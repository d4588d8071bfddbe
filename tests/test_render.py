"""The render stage: every page present, every value escaped, labels by language, links checked."""

import json

from sitekit import PLAN, SCHOOL, SITE, TRAINING, check_links, fresh, make_site, render_site

from generator.check.validate import check_site


def render(root, **kw):
    content, diags = check_site(root)
    assert not [d for d in diags if d.level == "error"], [d.to_dict() for d in diags]
    return render_site(content, **kw)


def test_every_kind_of_page_is_rendered(tmp_path):
    files = render(make_site(tmp_path / "s", files={"案例.md": "# 一节好课\n\n正文"}))
    for path in ["index.html", "404.html", "schools/index.html", "districts/d1/index.html",
                 "schools/test-school/index.html", "schools/test-school/plan/index.html",
                 "schools/test-school/training/index.html", "schools/test-school/calendar.ics",
                 "capabilities/index.html", "capabilities/G4/index.html", "capabilities/B1/index.html",
                 "schools/test-school/pages/案例/index.html", "schools.csv", "schools.json", "static/site.css"]:
        assert path in files, path
    assert "一节好课" in files["schools/test-school/pages/案例/index.html"].decode()


def test_values_are_escaped_everywhere(tmp_path):
    school = {**fresh(SCHOOL), "name": '<script>alert("x")</script>小学', "summary": "<b>粗</b>"}
    plan = fresh(PLAN)
    plan["team"]["members"][0]["name"] = "<img src=x onerror=alert(1)>"
    files = render(make_site(tmp_path / "s", school=school, plan=plan))
    for path, data in files.items():
        if path.endswith(".html"):
            html = data.decode()
            assert "<script>alert" not in html and "<img src=x" not in html and "<b>粗" not in html, path
    page = files["schools/test-school/index.html"].decode()
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;小学" in page


def test_plan_pages_render_every_section(tmp_path):
    files = render(make_site(tmp_path / "s"))
    plan = files["schools/test-school/plan/index.html"].decode()
    for text in ["信息化管理团队", "现状一", "SWOT 分析", "优势", "威胁", "三年发展愿景", "一年绩效目标",
                 "主要任务", "保障措施", "教师信息技术应用能力水平与存在的问题", "三年实施安排", "第三年"]:
        assert text in plan, text
    training = files["schools/test-school/training/index.html"].decode()
    for text in ["研修目标", "教师研修的关键能力点", "语文科", "校本研修计划", "学习文件", "考核方案",
                 "个人考核", "质量保障", "成立领导小组", '<table class="calendar" data-phone="own">']:
        assert text in training, text


def test_sample_badge_wherever_a_sample_school_shows(tmp_path):
    files = render(make_site(tmp_path / "s", school={**fresh(SCHOOL), "sample": True}))
    for path in ["index.html", "schools/index.html", "districts/d1/index.html", "schools/test-school/index.html",
                 "schools/test-school/plan/index.html", "capabilities/G4/index.html",
                 "districts/d1/capabilities/G4/index.html"]:
        assert "示例数据" in files[path].decode(), path


def test_english_labels_and_base_url(tmp_path):
    site = {**SITE, "language": "en", "base_url": "/plans/"}
    files = render(make_site(tmp_path / "s", site=site))
    home = files["index.html"].decode()
    assert '<html lang="en">' in home and "Recently updated plans" in home
    assert 'href="./schools/test-school/"' in home  # relative to the page: any host, any path
    assert 'href="/plans/static/site.css' in files["404.html"].decode()  # served at any depth
    assert not check_links(files, "/plans/", frozenset({"pagefind/pagefind-ui.js", "pagefind/pagefind-ui.css"}))


def test_output_is_sorted_and_repeatable(tmp_path):
    root = make_site(tmp_path / "s")
    first, second = render(root), render(root)
    assert first == second and list(first) == sorted(first)


def test_check_links_lists_every_broken_link():
    files = {
        "index.html": b'<a href="/schools/">ok</a><a href="/nope/">x</a><img src="/static/missing.png">',
        "schools/index.html": b'<a href="../">up</a><a href="a/">rel</a><a href="#top">frag</a>'
                              b'<a href="https://example.org/">ext</a><a href="/index.html?q=1#x">q</a>',
    }
    broken = check_links(files, "/")
    assert broken == [("index.html", "/nope/"), ("index.html", "/static/missing.png"), ("schools/index.html", "a/")]


def test_downloads_csv_and_json(tmp_path):
    files = render(make_site(tmp_path / "s"))
    data = json.loads(files["schools.json"])
    row = data["schools"][0]
    assert row["id"] == "test-school" and row["capabilities"] == ["G4", "B1"]
    assert row["url"] == "/schools/test-school/" and row["calendar_url"].endswith("calendar.ics")
    assert row["activities"] == 2 and row["hours"] == 50 and row["sample"] is False
    csv_text = files["schools.csv"].decode("utf-8-sig")
    header, line = csv_text.split("\r\n")[:2]
    assert header.split(",")[:3] == ["id", "name", "short_name"]
    assert line.startswith("test-school,测试小学,") and "G4;B1" in line


def test_calendar_ics_is_valid_rfc5545(tmp_path):
    training = fresh(TRAINING)
    training["calendar"][0]["content"] = "很长的内容，" * 30 + "含分号; 与逗号, 的文字"
    files = render(make_site(tmp_path / "s", training=training))
    raw = files["schools/test-school/calendar.ics"]
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    lines = raw.split(b"\r\n")[:-1]
    for line in lines:
        assert len(line) <= 75, line
        line.decode("utf-8")  # folding never splits a character
    unfolded = raw.replace(b"\r\n ", b"").decode("utf-8").split("\r\n")
    assert unfolded[0] == "BEGIN:VCALENDAR" and unfolded[-2] == "END:VCALENDAR"
    assert "VERSION:2.0" in unfolded and any(x.startswith("PRODID:") for x in unfolded)
    assert unfolded.count("BEGIN:VEVENT") == unfolded.count("END:VEVENT") == 2
    assert "DTSTART;VALUE=DATE:20210901" in unfolded and "DTEND;VALUE=DATE:20210911" in unfolded
    assert "DTSTART;VALUE=DATE:20211021" in unfolded and "DTEND;VALUE=DATE:20211101" in unfolded
    assert len([x for x in unfolded if x.startswith("UID:")]) == 2
    assert all(x == "DTSTAMP:20211031T000000Z" for x in unfolded if x.startswith("DTSTAMP:"))
    assert any("含分号\\; 与逗号\\, 的文字" in x for x in unfolded if x.startswith("DESCRIPTION:"))
