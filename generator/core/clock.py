"""The build date: today, unless PLANSITE_TODAY names another day (for tests and rebuilds)."""

from __future__ import annotations

import os
from datetime import date

from .dates import DateError, parse_span

ENV = "PLANSITE_TODAY"


def build_date(value: str | None = None) -> date:
    """The day a build or check runs: `value`, else $PLANSITE_TODAY, else today.

    A month or a year (e.g. "2022-08") means its last day.
    """
    value = value if value is not None else os.environ.get(ENV)
    if not value:
        return date.today()
    try:
        return parse_span(value).end
    except DateError:
        raise ValueError(f"{ENV}={value!r} 不是可识别的日期 · is not a readable date (e.g. 2022-08-31)") from None
