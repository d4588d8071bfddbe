"""plansite build: the whole pipeline — deterministic, atomic, links checked, search indexed."""

import filecmp
import json
import os
import re
from pathlib import Path

import pytest
from sitekit import PLAN, fresh, make_site, school_dir

from generator.cli import main
from generator.output import index, search
from generator.pipeline import build_site

REPO = Path(__file__).resolve().parent.parent


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def same_tree(a: Path, b: Path) -> bool:
    cmp = filecmp.dircmp(a, b)

    def walk(c):
        if c.left_only or c.right_only or c.diff_files or c.funny_files:
            return False
        _, mismatch, errors = filecmp.cmpfiles(c.left, c.right, c.common_files, shallow=False)
        return not mismatch and not errors and all(walk(s) for s in c.subdirs.values())
    return walk(cmp)


def test_build_prints_where_how_many_and_how_to_open(tmp_path, capsys):
    root = make_site(tmp_path / "s")
    out = tmp_path / "public"
    assert main(["build", str(root), "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert str(out) in text or "public" in text
    assert re.search(r"\d+ 个页面", text) and "秒" in text and "plansite serve" in text
    assert (out / "index.html").is_file() and (out / "pagefind" / "pagefind-ui.js").is_file()


def test_demo_builds_twice_byte_identical(built_demo, tmp_path):
    again = tmp_path / "_site"
    assert build_site(REPO, again).ok
    assert same_tree(built_demo, again)


def test_demo_is_self_contained(built_demo):
    outside = re.compile(rb'(src|href)="(https?:)?//')
    for rel, data in tree(built_demo).items():  # every file, plotly.js included
        assert not outside.search(data), rel


def test_demo_has_the_seed_school_and_downloads(built_demo):
    page = (built_demo / "schools/xiangtou-primary/index.html").read_text(encoding="utf-8")
    assert "东莞市大朗镇巷头小学" in page and "智慧教育" in page and "叶艳兰" in page
    plan = (built_demo / "schools/xiangtou-primary/plan/index.html").read_text(encoding="utf-8")
    assert "比上一版进步较大" in plan  # the expert opinion of the plan, at its end
    rows = json.loads((built_demo / "schools.json").read_text(encoding="utf-8"))["schools"]
    seed = next(r for r in rows if r["id"] == "xiangtou-primary")
    assert seed["sample"] is False and seed["mode"] == "智慧教育" and "G8" in seed["capabilities"]
    assert all(r["sample"] for r in rows if r["id"] != "xiangtou-primary")
    assert (built_demo / "schools/xiangtou-primary/calendar.ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


def test_a_failing_index_stage_leaves_the_previous_site(tmp_path, monkeypatch):
    root = make_site(tmp_path / "s")
    out = tmp_path / "_site"
    assert build_site(root, out).ok
    before = tree(out)

    def boom(pages, site, part, cache, language="zh", texts=None):
        (site / "index.html").write_text("half-written")
        raise RuntimeError("killed half-way")
    monkeypatch.setattr(search, "build_part", boom)
    (school_dir(root) / "school.yml").write_text((school_dir(root) / "school.yml").read_text() + "teachers: 9\n")
    with pytest.raises(RuntimeError):
        build_site(root, out)
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site", "s"]


def test_pagefind_failure_is_a_diagnostic_not_a_crash(tmp_path, monkeypatch):
    root = make_site(tmp_path / "s")
    out = tmp_path / "_site"

    def fail(pages, site, part, cache, language="zh", texts=None):
        raise index.PagefindError("no binary")
    monkeypatch.setattr(search, "build_part", fail)
    result = build_site(root, out)
    assert not result.ok and [d.code for d in result.diagnostics] == ["BUILD-INDEX-FAILED"]
    assert not out.exists()


def test_content_errors_fail_without_touching_the_output(tmp_path, capsys):
    plan = fresh(PLAN)
    del plan["swot"]
    root = make_site(tmp_path / "s", plan=plan)
    out = tmp_path / "_site"
    out.mkdir()
    (out / "index.html").write_text("previous")
    (out / ".plansite-output").write_text("plansite build\n")  # a previous build's folder
    assert main(["build", str(root), "--out", str(out)]) == 1
    text = capsys.readouterr().out
    assert "PLAN-SECTION-MISSING" in text or "swot" in text
    assert tree(out) == {"index.html": b"previous", ".plansite-output": b"plansite build\n"}


def test_broken_links_fail_the_build_all_listed_in_one_message(tmp_path, capsys):
    school = make_site(tmp_path / "s", files={"案例.md": "# 案例\n\n见[上一篇](../nope/)与![图](img/a.png)"})
    plan = fresh(PLAN)
    plan["problems"] = "参见[不存在的页](/pages/missing/)"
    (school_dir(school) / "plan.yml").write_text(__import__("yaml").safe_dump(plan, allow_unicode=True))
    out = tmp_path / "_site"
    assert main(["build", str(school), "--out", str(out)]) == 1
    text = capsys.readouterr().out
    assert text.count("BUILD-BROKEN-LINKS") == 1
    assert "3 个站内链接" in text
    for href in ("../nope/", "img/a.png", "/pages/missing/"):
        assert href in text
    assert not out.exists()


def test_extended_pagefind_binary_is_used():
    assert index.extended_binary().name.startswith("pagefind_extended")
    assert os.access(index.extended_binary(), os.X_OK)


def test_a_broken_theme_template_is_a_diagnostic_not_a_traceback(tmp_path, capsys):
    import shutil

    from generator.site.render import BUILTIN_THEMES

    root = make_site(tmp_path / "s")
    shutil.copytree(BUILTIN_THEMES / "default", root / "themes" / "default")
    page = root / "themes" / "default" / "templates" / "404.html"
    text = page.read_text(encoding="utf-8")
    cut = text.rindex("{% endblock %}")  # inside the page's last block, so it is rendered
    page.write_text(text[:cut] + "{{ no_such_value.field }}" + text[cut:], encoding="utf-8")
    out = tmp_path / "public"
    assert main(["build", str(root), "--out", str(out)]) == 1
    text = capsys.readouterr().out
    assert "themes/default/templates/404.html:" in text and "[BUILD-TEMPLATE]" in text
    assert "Traceback" not in text and not out.exists()
