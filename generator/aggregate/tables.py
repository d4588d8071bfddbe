"""A table of numbers behind one dashboard chart, and its CSV and JSON downloads.

The dashboard draws each chart from a Table, prints the same rows in an HTML table beneath it,
and offers them as CSV and JSON: one set of numbers, three views.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..core.csvfile import csv_text
from ..model.facts import figures

VALUE_WORDS = {"reporting": {"ledger": ("研修活动台账", "activity ledger"), "snapshots": ("按日期报人数", "dated counts"),
                             "records": ("教师研修记录", "teacher records")}}
"""Codes in a column shown as words (the HTML table and the CSV a person opens; JSON keeps the codes)."""


YES_NO = {True: ("是", "yes"), False: ("否", "no")}
"""A yes/no value in words (Chinese, English)."""


def cell_words(key: str, value, en: bool = False):
    """A value as a person reads it: a code of VALUE_WORDS in words, yes/no in words, else the value."""
    words = VALUE_WORDS.get(key, {})
    lang = 1 if en else 0
    if isinstance(value, str) and value in words:
        return words[value][lang]
    if isinstance(value, bool):
        return YES_NO[value][lang]
    return value


@dataclass(frozen=True)
class Column:
    """A column: a stable key (CSV/JSON), a Chinese label and an English one; `fact` names the
    figure (generator/core/data/figures.yml) its values are, per row's scope, where it is one."""

    key: str
    zh: str
    en: str
    unit: str = ""  # "%", "人", "学时" … for labels and axes
    fact: str = ""


@dataclass(frozen=True)
class Table:
    """The rows behind one chart. `chart` suggests how to draw it (see ROLES below)."""

    id: str
    title: str
    title_en: str
    chart: str
    columns: tuple[Column, ...]
    rows: tuple[tuple, ...]
    roles: dict[str, Any] = field(default_factory=dict)  # which columns are x, y, series, target …
    note: str = ""
    note_en: str = ""

    def keys(self) -> list[str]:
        return [c.key for c in self.columns]

    def column(self, key: str) -> list:
        """The values of one column, in row order."""
        i = self.keys().index(key)
        return [row[i] for row in self.rows]

    def facts(self, scope: str) -> list[list[tuple[str, str]]]:
        """Per row, per column, the (fact, scope) its value is — ("", "") where it is none. A row's
        scope is its school or district where the table has such a column, else the table's own
        (`scope`: "city" or "district:<id>"); a "figures" table's values are the facts its keys name."""
        keys = self.keys()
        return [self._row_facts(row, _row_scope(keys, row, scope)) for row in self.rows]

    def _row_facts(self, row: tuple, where: str) -> list[tuple[str, str]]:
        """Per column of one row, the (fact, scope) its value is."""
        facts = [self._cell_fact(c, row) for c in self.columns]
        return [(fact, where if fact else "") for fact in facts]

    def _cell_fact(self, c: Column, row: tuple) -> str:
        """The figure a cell is: its column's, or in a "figures" table the figure the row's key names."""
        if c.fact:
            return c.fact
        return row[0] if self.chart == "figures" and c.key == "value" and row[0] in figures() else ""

    def records(self) -> list[dict]:
        keys = self.keys()
        return [dict(zip(keys, row)) for row in self.rows]

    def to_dict(self) -> dict:
        return {
            "id": self.id, "title": self.title, "title_en": self.title_en, "chart": self.chart,
            "columns": [{"key": c.key, "zh": c.zh, "en": c.en, "unit": c.unit, **({"fact": c.fact} if c.fact else {})}
                        for c in self.columns],
            "rows": [list(r) for r in self.rows], "roles": self.roles,
            "note": self.note, "note_en": self.note_en,
        }

    def to_json(self) -> str:
        """The table as JSON: columns with labels, then the rows as lists."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n"

    def to_csv(self, lang: str = "zh") -> str:
        """The rows as CSV with a header of labels, codes and yes/no in words (as the HTML table shows
        them); UTF-8 BOM so spreadsheets read the Chinese."""
        keys, en = self.keys(), lang == "en"
        rows = [[cell_words(k, v, en) for k, v in zip(keys, row)] for row in self.rows]
        return csv_text([c.en if en else c.zh for c in self.columns], rows)


def _row_scope(keys: list[str], row: tuple, scope: str) -> str:
    """A row's scope: its school or district where the table has such a column, else the table's."""
    if "school" in keys:
        return f"school:{row[keys.index('school')]}"
    return f"district:{row[keys.index('district')]}" if "district" in keys else scope


ROLES = {
    "figures": "headline numbers: one row per figure (key, label, value)",
    "bar": "x = roles['x']; one bar series per key in roles['y']",
    "stacked-bar": "as bar, stacked",
    "line": "x = roles['x']; one line per key in roles['y']; roles['target'] a stepped target line",
    "histogram": "pre-binned: x = roles['x'] (bin label); one bar series per key in roles['y']",
    "heatmap": "x = roles['x'], y = roles['y'], z = roles['z'] (long format, every cell present)",
    "table": "no chart: the table only",
}
"""How a renderer reads `Table.chart` and `Table.roles`."""
