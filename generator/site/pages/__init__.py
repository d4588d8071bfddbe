"""Page producers: each takes the SiteContext and returns (jobs, files).

A producer may also put values on each SchoolView's `extras` (and on the district dicts) for the
templates to show. No producer reads what another one put there: each reads the views render.py made
and works out the rest itself, a school's ScoreCard through scores.card_of (computed once, by whichever
producer asks first). So their order below is not load-bearing; tests/test_pages_order.py runs
them in reverse and compares every page.
"""

from __future__ import annotations

from . import census, cycle, dashboard, editor, history, lists, process, records, scores

PRODUCERS: list = [history.produce, scores.produce, process.produce, cycle.produce, census.produce, records.produce,
                   dashboard.produce, lists.produce, editor.produce]
