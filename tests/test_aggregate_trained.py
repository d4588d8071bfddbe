"""The dashboards' sums worked out together: SchoolFacts.trained_on gives trained(day) for many days at
once, a date text is read once; each must say what the
one-at-a-time way says."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from generator.aggregate.facts import Count, SchoolFacts
from generator.model import facts as model_facts
from generator.model.hours import MemberHours
from generator.model.recordfigures import RecordFigures

DAYS = [date(2020, 1, 1) + timedelta(days=n) for n in range(0, 1400, 17)]


def _facts(**kw) -> SchoolFacts:
    base = dict(id="s", name="s", district="d", teachers=None, filed=False, reviewed=False, approved=False,
                verdicts=(), reporting="", hours=(), counts=(), points=(), planned=(), recorded=(), grade=None)
    return SchoolFacts(**{**base, **kw})


def _member(n: int, done: date | None) -> MemberHours:
    return MemberHours(f"m{n}", 10.0, 10.0, 5.0, done)


LEDGER = _facts(reporting="ledger", source="ledger",
                hours=tuple(_member(n, None if n % 4 == 0 else date(2020, 3, 1) + timedelta(days=29 * n))
                            for n in range(30)),
                recorded=(date(2021, 5, 1),))
SNAPSHOTS = _facts(reporting="snapshots", source="snapshots",
                   counts=(Count(date(2020, 6, 30), 50, 10, None, None), Count(date(2020, 6, 30), 50, 12, None, None),
                           Count(date(2021, 6, 30), 50, 30, None, None), Count(date(2022, 12, 31), 50, 44, None, None)))
UNSORTED = _facts(reporting="snapshots", source="snapshots",
                  counts=(Count(date(2022, 1, 1), 50, 40, None, None), Count(date(2020, 1, 1), 50, 5, None, None)))
RECORDS = _facts(reporting="ledger", source="records", hours=LEDGER.hours, recorded=(date(2021, 9, 1),),
                 records=RecordFigures(teachers=40, assessed=30, passed=28, under_hours=4, points=(), groups=()))
RECORDS_ONLY = _facts(reporting="records", source="records",
                      records=RecordFigures(teachers=40, assessed=30, passed=28, under_hours=4, points=(), groups=()))


@pytest.mark.parametrize("facts", [LEDGER, SNAPSHOTS, UNSORTED, RECORDS, RECORDS_ONLY, _facts()],
                         ids=["ledger", "snapshots", "unsorted", "records", "records-only", "none"])
def test_trained_on_is_trained_day_by_day(facts):
    assert facts.trained_on(DAYS) == [facts.trained(day) for day in DAYS]
    backwards = DAYS[::-1]
    assert facts.trained_on(backwards) == [facts.trained(day) for day in backwards]


def test_first_day_reads_a_text_once_and_answers_alike():
    model_facts._first_day_of_text.cache_clear()
    for text in ("2021 年 3 月上旬", "2021.3", "不是日期", "2021-03-05—2021-04-01"):
        assert model_facts.first_day(text) == model_facts.first_day(text)
    assert model_facts.first_day("2021 年 3 月上旬") == date(2021, 3, 1)
    assert model_facts.first_day("不是日期") is None
    assert model_facts.first_day(date(2020, 2, 2)) == date(2020, 2, 2)
    assert model_facts.first_day(None) is None
    assert model_facts._first_day_of_text.cache_info().hits >= 4
