"""Markdown from pull requests is untrusted: raw HTML escaped, unsafe links dropped."""

import pytest
from markupsafe import Markup

from generator.core.markdown import render_markdown


def test_raw_html_is_escaped():
    html = render_markdown('<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">')
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JavaScript:alert(1)", "java\tscript:alert(1)", " javascript:alert(1)",
    "vbscript:msgbox(1)", "data:text/html;base64,PHNjcmlwdD4=", "data:image/png;base64,AAAA", "file:///etc/passwd",
])
def test_unsafe_link_schemes_are_dropped(url):
    for text in (f"[click]({url})", f"![pic]({url})", f"<{url}>"):
        html = render_markdown(text)
        assert "href=" not in html and "src=" not in html, (text, html)


def test_safe_links_stay_and_remote_images_become_text():
    html = render_markdown("[政策](https://www.moe.gov.cn/) [本站](/pages/about/) ![校徽](https://cdn.example/x.png)")
    assert '<a href="https://www.moe.gov.cn/">政策</a>' in html
    assert '<a href="/pages/about/">本站</a>' in html
    assert "<img" not in html and "校徽" in html


def test_tables_and_markup_type():
    html = render_markdown("| 时间 | 内容 |\n|---|---|\n| 9 月 | 学习 |")
    assert isinstance(html, Markup)
    assert "<table>" in html and "<td>学习</td>" in html


def test_empty_and_cached():
    assert render_markdown(None) == "" and render_markdown("") == ""
    assert render_markdown("**粗体**") == render_markdown("**粗体**") == "<p><strong>粗体</strong></p>\n"
