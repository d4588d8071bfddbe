"""Any host, any path: links relative to each page; the site's own theme file by file, sandboxed;
site.yml's base_url validated (issue 25 items 2 and 4, issue 24 item 5)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from sitekit import SITE, check_links, make_site, render_site

from generator.check.validate import check_site
from generator.output import index
from generator.pipeline import build_site
from generator.site.render import BUILTIN_THEMES, ROOT_MARK

ROOT_ABSOLUTE = re.compile(r"""\b(?:href|src|action|poster|data-[a-z-]+)\s*=\s*["']/(?!/)""")


def render(root: Path, **kw) -> dict[str, bytes]:
    content, diags = check_site(root, cache=False)
    assert not [d for d in diags if d.level == "error"], [d.to_dict() for d in diags]
    return render_site(content, **kw)


def root_absolute(files: dict[str, bytes]) -> list[str]:
    """The pages (404.html apart: a host serves it at any depth) with a root-absolute internal URL."""
    return [path for path, data in files.items() if path.endswith(".html") and path != "404.html"
            and ROOT_ABSOLUTE.search(data.decode("utf-8"))]


def theme_file(root: Path, rel: str, text: str) -> Path:
    path = root / "themes" / "default" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ── relative links ───────────────────────────────────────────────────────────

def test_every_page_links_relative_to_itself(tmp_path):
    files = render(make_site(tmp_path / "s", site={**SITE, "base_url": "/plans/"}))
    assert root_absolute(files) == []
    assert not [p for p, data in files.items() if ROOT_MARK.encode() in data]
    home, school = files["index.html"].decode(), files["schools/test-school/index.html"].decode()
    assert 'href="./schools/test-school/"' in home and 'href="./static/site.css?v=' in home
    assert 'href="../../static/site.css?v=' in school and 'href="../../capabilities/"' in school
    assert 'src="../../static/search.js?v=' in school
    assert check_links(files, "/plans/", index.PROVIDED) == []


def test_404_page_and_downloads_use_the_published_address(tmp_path):
    site = {**SITE, "base_url": "https://example.org/plans/"}
    files = render(make_site(tmp_path / "s", site=site))
    assert 'href="/plans/static/site.css?v=' in files["404.html"].decode()  # served at any depth
    assert not [p for p, data in files.items() if p.endswith(".html") and b"example.org" in data]  # no asset from a host
    assert '"url": "https://example.org/plans/schools/test-school/"' in files["schools.json"].decode()
    assert check_links(files, site["base_url"], index.PROVIDED) == []


def test_the_demo_site_has_no_root_absolute_url(built_demo):
    files = {p.relative_to(built_demo).as_posix(): p.read_bytes()
             for p in built_demo.rglob("*.html")}
    assert len(files) > 100
    assert root_absolute(files) == []
    assert not [p for p, data in files.items() if ROOT_MARK.encode() in data]


def test_every_phrase_index_file_has_a_script_twin(built_demo):
    """What search.js reads from disk, where it may load a script but not fetch a file."""
    files = sorted(p for folder in ("search", "search-parts") for p in (built_demo / folder).rglob("*.json"))
    assert len(files) > 100
    for path in files:
        assert path.with_suffix(".js").read_bytes() == b"plansiteIndex(" + path.read_bytes() + b");\n", path


# ── the site's own theme, file by file ───────────────────────────────────────

def test_one_overridden_template_builds_and_shows(tmp_path):
    root = make_site(tmp_path / "s")
    theme_file(root, "templates/school.html",
               '{% extends "base.html" %}{% block title %}{{ s.name }}{% endblock %}'
               '{% block main %}<h1>本市专用学校页：{{ s.name }}</h1>{% endblock %}')
    result = build_site(root, tmp_path / "out", cache=False)
    assert result.ok, [d.to_dict() for d in result.diagnostics if d.level == "error"]
    page = (tmp_path / "out" / "schools" / "test-school" / "index.html").read_text(encoding="utf-8")
    assert "本市专用学校页：测试小学" in page and 'href="../../static/site.css?v=' in page
    assert (tmp_path / "out" / "districts" / "d1" / "index.html").is_file()
    assert (tmp_path / "out" / "static" / "favicon.svg").is_file()  # no static/ in the site's theme


def test_one_overridden_static_file_replaces_only_itself(tmp_path):
    root = make_site(tmp_path / "s")
    theme_file(root, "static/site.css", "body { color: #123456; }\n")
    files = render(root)
    assert files["static/site.css"] == b"body { color: #123456; }\n"
    assert b"use strict" in files["static/search.js"] and "static/favicon.svg" in files


def test_a_broken_override_is_a_diagnostic_with_file_and_line(tmp_path):
    cases = {
        "syntax": ("templates/school.html", '{% extends "base.html" %}\n{% block main %}\n{{ s.name }\n{% endblock %}',
                   3, "模板语法有误"),
        "filter": ("templates/school.html", '{% extends "base.html" %}\n{% block main %}\n{{ s.name|nosuch }}\n'
                   '{% endblock %}', 3, "没有名为“nosuch”的过滤器"),
        "block": ("templates/base.html", '<!doctype html>\n<title>{% block title %}{% endblock %}</title>\n'
                  '{% block lede required %}{% endblock %}\n{% block main %}{% endblock %}\n', 3, "缺少必需的块“lede”"),
        "value": ("templates/school.html", '{% extends "base.html" %}\n{% block main %}\n{{ s.nosuch.name }}\n'
                  '{% endblock %}', 3, "不存在的值"),
        "asset": ("templates/school.html", '{% extends "base.html" %}\n{% block main %}\n'
                  '<img src="{{ asset(\'logo.png\') }}">\n{% endblock %}', 3, "static/logo.png"),
    }
    for name, (rel, text, line, meaning) in cases.items():
        root = make_site(tmp_path / name)
        theme_file(root, rel, text)
        out = tmp_path / f"{name}-out"
        result = build_site(root, out, cache=False)
        assert not result.ok, name
        [diag] = [d for d in result.diagnostics if d.level == "error"]
        assert (diag.code, diag.path, diag.line) == ("BUILD-TEMPLATE", f"themes/default/{rel}", line), (name, diag)
        assert diag.message("zh").startswith("主题模板出错：") and meaning in diag.message("zh"), (name, diag.message())
        assert diag.hint("zh"), name
        assert not out.exists(), name


def test_an_override_that_fails_while_rendering_or_is_not_utf8_is_a_diagnostic_not_a_traceback(tmp_path):
    """A city's IT person edits school.html in Notepad (saved as GBK) or writes an expression that
    fails when it runs: BUILD-TEMPLATE with the file and line, as for a syntax error."""
    cases = {
        "runtime": ('{% extends "base.html" %}\n{% block main %}\n{{ 1 / 0 }}\n{% endblock %}'.encode(), 3,
                    "模板中的表达式运行出错"),
        "type": ('{% extends "base.html" %}\n{% block main %}\n\n{{ s.name + 1 }}\n{% endblock %}'.encode(), 4,
                 "模板中的表达式运行出错"),
        "gbk": ('{% extends "base.html" %}\n{% block main %}\n<p>本市学校</p>\n{% endblock %}'.encode("gbk"), 3,
                "UTF-8"),
        "if": ('{% extends "base.html" %}\n{% block main %}\n{% if %}x{% endif %}\n{% endblock %}'.encode(), 3,
               "模板语法有误"),
        "include": ('{% extends "base.html" %}\n{% block main %}\n{% include "nosuch.html" %}\n{% endblock %}'.encode(),
                    3, "找不到模板文件“nosuch.html”"),
    }
    for name, (data, line, meaning) in cases.items():
        root = make_site(tmp_path / name)
        theme_file(root, "templates/school.html", "").write_bytes(data)
        out = tmp_path / f"{name}-out"
        result = build_site(root, out, cache=False)
        assert not result.ok, name
        [diag] = [d for d in result.diagnostics if d.level == "error"]
        assert (diag.code, diag.path, diag.line) == ("BUILD-TEMPLATE", "themes/default/templates/school.html",
                                                     line), (name, diag)
        assert meaning in diag.message("zh"), (name, diag.message())
        assert diag.message("zh").count("（") <= 2, diag.message()  # one explanation, not a wrong second one
        assert not out.exists(), name


# ── the sandbox ──────────────────────────────────────────────────────────────

HOSTILE = [
    "{{ cycler.__init__.__globals__.os.system('touch PWNED') }}",
    "{{ joiner.__init__.__globals__.os.popen('touch PWNED').read() }}",
    "{{ self._TemplateReference__context.cycler.__init__.__globals__.os.system('touch PWNED') }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ url.__globals__['__builtins__']['__import__']('os').system('touch PWNED') }}",
    "{{ (1).__class__.__base__.__subclasses__() }}",
]


def test_a_hostile_theme_template_runs_nothing(tmp_path, monkeypatch):
    for i, expression in enumerate(HOSTILE):
        root = make_site(tmp_path / f"s{i}")
        monkeypatch.chdir(root)
        shutil.copytree(BUILTIN_THEMES / "default", root / "themes" / "default")  # a whole theme, as before
        theme_file(root, "templates/school.html",
                   '{% extends "base.html" %}{% block main %}' + expression + "{% endblock %}")
        result = build_site(root, tmp_path / f"out{i}", cache=False)
        assert not (root / "PWNED").exists(), expression
        assert not result.ok, expression
        [diag] = [d for d in result.diagnostics if d.level == "error"]
        assert (diag.code, diag.path) == ("BUILD-TEMPLATE", "themes/default/templates/school.html"), expression
        assert "模板只能显示数据" in diag.message("zh"), diag.message()


# ── site.yml's base_url ──────────────────────────────────────────────────────

def test_base_url_must_be_a_path_or_an_http_address(tmp_path):
    bad = ["javascript:alert(document.domain)//", "data:text/html,x", "//evil.example/", "plans/",
           "https://user:pw@example.org/", "/plans/\"><script>", "vbscript:x", "https:///x", "/p?x=1"]
    good = ["/", "/plans/", "/plans", "https://example.org/plans/", "http://127.0.0.1:8000/"]
    for i, value in enumerate(bad + good):
        root = make_site(tmp_path / f"s{i}", site={**SITE, "description": "站点简介", "base_url": value})
        _, diags = check_site(root, cache=False)
        found = [d for d in diags if d.code == "SITE-BASE-URL"]
        if value in good:
            assert found == [], value
            continue
        assert [(d.path, d.line, d.level) for d in found] == [("site.yml", 5, "error")], value
        assert "base_url" in found[0].message("zh") and found[0].hint("zh"), value


def test_a_script_base_url_reaches_no_page(tmp_path):
    site = {**SITE, "base_url": "javascript:alert(document.domain)//"}
    root = make_site(tmp_path / "s", site=site)
    content, _ = check_site(root, cache=False)
    files = render_site(content)  # even rendered without the check, nothing carries it
    assert not [p for p, data in files.items() if b"javascript:" in data or b"alert(document" in data]
    result = build_site(root, tmp_path / "out", cache=False)
    assert not result.ok and "SITE-BASE-URL" in [d.code for d in result.diagnostics]
    assert not (tmp_path / "out").exists()


def test_build_base_url_option_overrides_and_is_checked(tmp_path):
    root = make_site(tmp_path / "s")
    result = build_site(root, tmp_path / "bad", cache=False, base_url="data:text/html,x")
    errors = [(d.code, d.path) for d in result.diagnostics if d.level == "error"]
    assert errors == [("SITE-BASE-URL", "--base-url")]
    result = build_site(root, tmp_path / "out", cache=False, base_url="/city-plans/")
    assert result.ok
    assert 'href="/city-plans/static/site.css' in (tmp_path / "out" / "404.html").read_text(encoding="utf-8")
    assert '"url": "/city-plans/schools/test-school/"' in (tmp_path / "out" / "schools.json").read_text(encoding="utf-8")
