"""Parse the dates schools write: "2020 年 9 月上旬", "2021年3月下旬", "2020.9-2021.8", …

A date is read as a span of days (first and last day): a month is all its days, 上旬 the
1st–10th, 中旬 the 11th–20th, 下旬 the 21st to the end. A range "A-B" spans from A's first
day to B's last.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Span:
    start: date
    end: date
    text: str

    def __str__(self) -> str:
        return self.text


class DateError(ValueError):
    """A date that cannot be read; `incomplete` when a part is missing."""

    def __init__(self, value: str, problem: str = "", problem_en: str = "", incomplete: bool = False):
        super().__init__(value)
        self.value = value
        self.problem = problem
        self.problem_en = problem_en
        self.incomplete = incomplete


_TEN_DAYS = {"上旬": (1, 10), "中旬": (11, 20), "下旬": (21, 31), "初": (1, 10), "末": (21, 31)}
_CN = re.compile(
    r"^(?P<y>\d{4})年(?:(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日|(?P<x>上旬|中旬|下旬|初|末)|(?P<bad>旬))?)?$")
_NUM = re.compile(r"^(?P<y>\d{4})(?:[./-](?P<m>\d{1,2})(?:[./-](?P<d>\d{1,2}))?)?$")
POINT_PATTERN = (r"^\s*\d{4}\s*(?:[./-]\s*\d{1,2}\s*(?:[./-]\s*\d{1,2}\s*)?)?$|"
                 r"^\s*\d{4}\s*年\s*(?:\d{1,2}\s*月\s*(?:\d{1,2}\s*日|上旬|中旬|下旬|初|末)?\s*)?$")
"""The shapes of one date parse_span reads, as a pattern a browser's form checks too (JavaScript and
Python read it alike): 2020.9, 2020-10-15, 2020 年 9 月上旬. Whether the month and day exist is the
check's to say."""
_RANGE = re.compile(r"\s*(?:—|–|－|～|~|至|到|-(?=\s*\d{4})|-(?=\s*\d{1,2}\s*月))\s*")


def _month_end(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _one(text: str, original: str) -> tuple[date, date]:
    compact = re.sub(r"\s+", "", text)
    m = _CN.match(compact) or _NUM.match(compact)
    if not m:
        raise DateError(original)
    y = int(m["y"])
    if m.groupdict().get("bad"):
        raise DateError(original, "“旬”前缺少“上”“中”或“下”", "'旬' lacks 上, 中 or 下 before it", True)
    if m["m"] is None:
        return date(y, 1, 1), date(y, 12, 31)
    return _in_month(y, int(m["m"]), m["d"], m.groupdict().get("x"), original)


def _in_month(y: int, mo: int, day: str | None, part: str | None, original: str) -> tuple[date, date]:
    """The span of a date within month mo of year y: a day, a part of the month (上旬…), or the whole month."""
    if not 1 <= mo <= 12:
        raise DateError(original, f"月份 {mo} 不存在", f"there is no month {mo}")
    last = _month_end(y, mo)
    if day:
        d = int(day)
        if not 1 <= d <= last:
            raise DateError(original, f"{y} 年 {mo} 月没有 {d} 日", f"{y}-{mo} has no day {d}")
        return date(y, mo, d), date(y, mo, d)
    if part:
        a, b = _TEN_DAYS[part]
        return date(y, mo, a), date(y, mo, min(b, last))
    return date(y, mo, 1), date(y, mo, last)


def parse_span(value: object) -> Span:
    """Read one date or a range of two; raise DateError when it cannot be read."""
    if isinstance(value, date):
        return Span(value, value, value.isoformat())
    text = str(value).strip()
    if not text:
        raise DateError(text, "日期为空", "the date is empty", True)
    parts = _RANGE.split(text)
    if len(parts) == 1:
        start, end = _one(parts[0], text)
        return Span(start, end, text)
    if len(parts) == 2:
        first = _one(parts[0], text)
        second_text = parts[1]
        # "2021 年 3 月-5 月": the second half borrows the year of the first
        if re.match(r"^\d{1,2}月", re.sub(r"\s+", "", second_text)):
            second_text = f"{first[0].year}年{second_text}"
        second = _one(second_text, text)
        return Span(first[0], second[1], text)
    raise DateError(text)
