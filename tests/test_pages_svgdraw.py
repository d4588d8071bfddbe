"""generator/site/pages/svgdraw.py: the primitives of the dashboards' still charts."""

from __future__ import annotations

from generator.site.pages import svgdraw


def test_axes_place_categories_at_their_centres_and_values_along_their_range():
    cats = svgdraw.Axis({}, "category", ["a", "b"], start=0, end=100)
    assert cats.place("a") == 25 and cats.place("b") == 75 and cats.place("c") is None
    assert cats.band() == 50
    cats.reversed = True
    assert cats.place("a") == 75
    values = svgdraw.Axis({}, "linear", lo=0, hi=10, start=100, end=0)
    assert values.place(5) == 50 and values.place(None) is None


def test_chinese_text_is_wider_than_latin_and_lines_break_at_br():
    assert svgdraw.text_width("学校") > svgdraw.text_width("ab")
    assert svgdraw.text_lines("一<br>二") == ["一", "二"]


def test_ticks_are_round_steps_within_the_range_or_the_given_step():
    assert svgdraw.nice_ticks(0, 87) == [0, 20, 40, 60, 80]
    assert svgdraw.nice_ticks(0, 100) == [0, 20, 40, 60, 80, 100]
    assert svgdraw.nice_ticks(0, 5, 1) == [0, 1, 2, 3, 4, 5]


def test_the_drawing_is_hidden_from_screen_readers_and_escapes_its_text():
    d = svgdraw.Drawing(100, 50)
    d.text(1, 2, "<b>粗</b> & <x>")
    svg = str(d.svg())
    assert 'aria-hidden="true"' in svg and "&amp;" in svg and "<x>" not in svg
