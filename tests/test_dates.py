from datetime import date

import pytest

from generator.core.dates import DateError, parse_span


@pytest.mark.parametrize("text, start, end", [
    ("2020 年 9 月上旬", date(2020, 9, 1), date(2020, 9, 10)),
    ("2021年3月下旬", date(2021, 3, 21), date(2021, 3, 31)),
    ("2021 年 2 月下旬", date(2021, 2, 21), date(2021, 2, 28)),
    ("2020年11月中旬", date(2020, 11, 11), date(2020, 11, 20)),
    ("2021 年 5 月", date(2021, 5, 1), date(2021, 5, 31)),
    ("2020.9-2021.8", date(2020, 9, 1), date(2021, 8, 31)),
    ("2020-09", date(2020, 9, 1), date(2020, 9, 30)),
    ("2020-09-15", date(2020, 9, 15), date(2020, 9, 15)),
    ("2021 年 3 月-5 月", date(2021, 3, 1), date(2021, 5, 31)),
    ("2020 年 3 月-2020 年 8 月", date(2020, 3, 1), date(2020, 8, 31)),
    ("2022年", date(2022, 1, 1), date(2022, 12, 31)),
])
def test_forms_schools_write(text, start, end):
    span = parse_span(text)
    assert (span.start, span.end) == (start, end)


def test_range_that_ends_before_it_starts_is_kept_for_the_rules():
    span = parse_span("2022 年 6 月-2020 年 12 月")  # seed 003's own slip
    assert span.end < span.start


def test_missing_part_of_ten_days_is_incomplete():
    with pytest.raises(DateError) as exc:
        parse_span("2021 年 1 月 旬")
    assert exc.value.incomplete


@pytest.mark.parametrize("text", ["明年春天", "2021 年 13 月", "2021.2.30", ""])
def test_unreadable_dates(text):
    with pytest.raises(DateError):
        parse_span(text)
