"""generator/site/pages/dashviews.py: every dashboard table's view names a section of the page,
and each carries its own summary sentence."""

from __future__ import annotations

from generator.aggregate.tables import Column, Table
from generator.site.pages import dashviews
from generator.site.pages.charts import Words
from generator.site.pages.dashboard import _summary


def test_every_view_sits_in_a_section_the_page_has():
    sections = set(dashviews.SECTIONS)
    assert {v.section for v in dashviews.VIEWS.values()} <= sections
    assert dashviews.OTHER.section not in sections  # a table without a view goes last, under 其他


def test_each_table_speaks_through_its_own_sentence_and_an_empty_one_says_so():
    plans = Table("plans", "两案", "Plans", "bar", (Column("district_name", "区", "District"),
                                                   Column("filed", "已报送", "Filed")), ())
    assert _summary(plans, Words("zh-CN")) == "暂无数据。"
    seen = []
    view = dashviews.TableView("plans", lambda t, rows, w: seen.append(t.id) or "句子")
    assert view.sentence(plans, [], Words("zh-CN")) == "句子" and seen == ["plans"]
    assert dashviews.VIEWS["district-overdue"].empty_too
