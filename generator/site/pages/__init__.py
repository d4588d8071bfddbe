"""Page producers: each takes the SiteContext and returns (jobs, files).

A producer may also put values on each SchoolView's `extras` for the school and plan pages
to show. Producers run in this order, before any page is rendered.
"""

from __future__ import annotations

from . import dashboard, editor, history, lists, process, records, scores

PRODUCERS: list = [history.produce, scores.produce, process.produce, records.produce, dashboard.produce,
                   lists.produce, editor.produce]
