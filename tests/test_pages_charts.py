"""generator/site/pages/charts.py: numbers and words as the dashboards show them, JSON safe in a
script element, plotly's config in the site's language, and which figures draw anything."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from generator.core.labels import labels
from generator.site.pages import charts, dashviews


def test_numbers_show_without_a_trailing_zero_and_nothing_as_a_dash():
    assert charts.fmt(3.0) == "3" and charts.fmt(2.5) == "2.5" and charts.fmt(None) == "—"
    assert charts.fmt(True) == "是" and charts.fmt(7) == "7"


def test_words_follow_the_site_language():
    zh, en = charts.Words("zh-CN"), charts.Words("en")
    assert zh("dash_stop") == "。" and en("dash_stop") == "."
    assert zh.join(["甲", "乙"]) == "甲；乙" and en.series(["a", "b"]) == "a, b"
    assert zh("dash_target", value="80") == "目标 80%" and en("dash_target", value="80") == "target 80%"
    assert zh("dash_tip_schools", y="1") == "%{y} 所学校"  # plotly's own %{…} is left alone
    assert zh.only_in_chinese("所") == "所" and en.only_in_chinese("所") == ""


SITE = Path(__file__).resolve().parents[1] / "generator" / "site"
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")  # Chinese characters and punctuation


def _literal(node: ast.expr) -> str | None:
    """The text of a string literal, f-string or concatenation of them (None: not text)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    if isinstance(node, ast.BinOp):
        left, right = _literal(node.left), _literal(node.right)
        return None if left is None and right is None else (left or "") + (right or "")
    if isinstance(node, ast.IfExp):
        body, orelse = _literal(node.body), _literal(node.orelse)
        return None if body is None and orelse is None else (body or "") + (orelse or "")
    return None


def _second_mechanisms(source: str) -> list[int]:
    """The lines of calls that carry their own Chinese/English pair instead of a label key:
    w("中文", "English"), or any call passing Chinese text followed by English text."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else ""
        texts = [_literal(a) for a in node.args]
        pairs = [(a, b) for a, b in zip(texts, texts[1:])
                 if a is not None and b is not None and CJK.search(a) and not CJK.search(b)]
        if pairs or (name == "w" and len(node.args) > 1):
            found.append(node.lineno)
    return found


def test_the_site_has_one_i18n_mechanism_the_labels_file():
    """Words in two languages live in generator/core/data/labels.yml only: no module of
    generator/site carries an inline w("中文", "English") pair or another pair-taking call."""
    found = [f"{path.relative_to(SITE.parent.parent)}:{line}" for path in sorted(SITE.rglob("*.py"))
             for line in _second_mechanisms(path.read_text(encoding="utf-8"))]
    assert not found, found
    assert _second_mechanisms('w("暂无数据。", "No data yet.")\nsay(f"共 {n} 项", f"{n} items")\nw(zh, en)\nsep("。", ".")') == [1, 2, 3, 4]
    assert _second_mechanisms('w("dash_no_data")\nw("dash_rows", title=t.title, n=2)') == []


def test_every_label_key_the_dashboards_name_is_in_the_labels_file():
    keys = set(labels("zh-CN"))
    for name in ("dashboard.py", "dashviews.py", "charts.py"):
        for node in ast.walk(ast.parse((SITE / "pages" / name).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "w" and node.args:
                key = node.args[0]
                if isinstance(key, ast.Constant):
                    assert key.value in keys, f"{name}:{node.lineno}: {key.value}"
    assert {f"dash_section_{sid}" for sid in (*dashviews.SECTIONS, dashviews.OTHER.section)} <= keys


def test_script_json_cannot_close_its_script_element():
    text = str(charts.script_json({"a": "</script><b>&"}))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><b>&"}


def test_plotly_speaks_chinese_on_a_chinese_site_and_shows_no_mode_bar():
    zh, en = charts.plotly_config("zh-CN"), charts.plotly_config("en")
    assert zh["locale"] == "zh-CN" and "locale" not in en
    assert zh["displayModeBar"] is False and zh["plotlyServerURL"] == ""


def test_a_figure_of_zeros_draws_nothing():
    assert not charts.draws_something({"data": [{"type": "bar", "y": [0, None]}]})
    assert charts.draws_something({"data": [{"type": "bar", "orientation": "h", "x": [0, 2]}]})
    assert charts.draws_something({"data": [{"type": "heatmap", "z": [[0], [1]]}]})
