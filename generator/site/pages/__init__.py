"""Page producers: each takes the SiteContext and returns what it adds (context.Produced): its
jobs and files, and values for the views, by school id ({name: value}, shown as s.extras.<name>)
and by district id (shown as d.<name>). A producer that adds no values returns (jobs, files).

Producers only read the views: the SchoolViews and Points are frozen, a view's `extras` and the
district dicts are read-only (MappingProxyType) while they run. render.py alone writes: it puts
each school's CardFacts on its view before they run (scores.score_of reads it), and what they
return once all have run, before any page is rendered. So no producer reads what another one
made, their order below is not load-bearing, and tests/test_pages_order.py runs them in reverse
and compares every page.

What only a school's own pages show (its filing timeline, outputs, yearly reports) a producer
returns as a context.Later: worked out when one of those pages is made, so a school whose pages
come from the page cache is not read back for them. The pages over many schools read the
schools' heads (model/viewfacts.py, model/filefacts.py).
"""

from __future__ import annotations

from . import census, cycle, dashboard, editor, history, lists, process, records, scores

PRODUCERS: list = [history.produce, scores.produce, process.produce, cycle.produce, census.produce, records.produce,
                   dashboard.produce, lists.produce, editor.produce]
