"""Each table of a page gets its phone pattern: labelled cards, wrapping pairs, or its own."""

from __future__ import annotations

from generator.site.phonetables import fold_tables

WIDE = ("<table><thead><tr><th>学校</th><th>区</th><th class=\"num\">完成比例<span class=\"visually-hidden\">（%）</span>"
        "</th></tr></thead><tbody><tr><th scope=\"row\">甲校</th><td>大朗</td><td class=\"num\">80%</td></tr>"
        "<tr><td colspan=\"3\">无</td></tr></tbody></table>")


def test_a_table_of_three_columns_becomes_labelled_cards():
    html = fold_tables(WIDE)
    assert '<table data-phone="stack">' in html
    assert '<td data-label="区">大朗</td>' in html
    assert '<td class="num" data-label="完成比例">80%</td>' in html
    assert '<th scope="row" data-label="学校">甲校</th>' in html
    assert '<td colspan="3">无</td>' in html  # a cell across the columns has no one label


def test_a_label_and_value_table_wraps_and_a_table_with_its_own_pattern_is_left_alone():
    pair = "<table><thead><tr><th>指标</th><th>数值</th></tr></thead><tbody><tr><td>a</td><td>1</td></tr></tbody></table>"
    assert fold_tables(pair).startswith('<table data-phone="wrap">')
    own = '<table class="calendar" data-phone="own"><thead><tr><th>a</th><th>b</th><th>c</th></tr></thead></table>'
    assert fold_tables(own) == own
    labelled = WIDE.replace("<td>大朗</td>", '<td data-label="所在区">大朗</td>')
    assert 'data-label="所在区"' in fold_tables(labelled) and 'data-label="区"' not in fold_tables(labelled)
