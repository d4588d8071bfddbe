"""generator/site/pages/charts.py: numbers and words as the dashboards show them, JSON safe in a
script element, plotly's config in the site's language, and which figures draw anything."""

from __future__ import annotations

import json

from generator.site.pages import charts


def test_numbers_show_without_a_trailing_zero_and_nothing_as_a_dash():
    assert charts.fmt(3.0) == "3" and charts.fmt(2.5) == "2.5" and charts.fmt(None) == "—"
    assert charts.fmt(True) == "是" and charts.fmt(7) == "7"


def test_words_follow_the_site_language():
    assert charts.Words("zh-CN")("中", "en") == "中" and charts.Words("en")("中", "en") == "en"
    assert charts.Words("zh-CN").join(["甲", "乙"]) == "甲；乙"


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
