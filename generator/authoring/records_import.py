"""A training platform's export (.csv or .xlsx) → teachers.yml, columns mapped by the profile.

Each row becomes one teacher with `source: {file, row}`, so every later message names the
export's row. Cells that hold contact details are left out and reported; hours that are not
numbers are left out and reported; nothing is guessed.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..core.diagnostics import Diagnostic
from ..load.privacy import find_all as find_personal
from ..load.privacy import mask

_SPLIT = re.compile(r"[、，,;；/\s]+")
_STAGE = {"self": "自评", "peer": "互评", "final": "总评"}
_RESULTS = ("优秀", "良好", "不合格", "合格")


@dataclass
class Imported:
    teachers: list[dict] = field(default_factory=list)
    diags: list[Diagnostic] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)  # header cells no field takes


MAX_ROWS = 5000
"""The most rows an export may have (a school has a few hundred teachers at most); reading stops
just past it, so a huge export never fills memory."""


class TooManyRows(ValueError):
    """The export has more rows than MAX_ROWS."""


def read_table(path: Path) -> list[list[str]]:
    """The rows of the first sheet (xlsx) or of the CSV (UTF-8, else GBK), as text cells, read as a
    stream and no further than MAX_ROWS rows below the header (then TooManyRows)."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _sheet_rows(path)
    return _csv_rows(path)


def _sheet_rows(path: Path) -> list[list[str]]:
    """The rows of a workbook's first sheet, as text cells."""
    from openpyxl import load_workbook
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        return _bounded(["" if v is None else _cell(v) for v in row] for row in sheet.iter_rows(values_only=True))
    finally:
        book.close()


def _csv_rows(path: Path) -> list[list[str]]:
    """The rows of a CSV file in UTF-8 (with or without BOM), else in GBK (GB 18030)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            with path.open(encoding=encoding, newline="") as fh:
                return _bounded(csv.reader(fh))
        except UnicodeDecodeError:
            continue
    raise ValueError("既不是 UTF-8 也不是 GBK 编码 · neither UTF-8 nor GBK")


def _bounded(rows) -> list[list[str]]:
    out: list[list[str]] = []
    for row in rows:
        if len(out) > MAX_ROWS:
            raise TooManyRows(MAX_ROWS)
        out.append(row)
    return out


def _cell(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _number(text: str):
    """A number of hours or points: finite and not negative (else ValueError)."""
    value = float(text)
    if not math.isfinite(value) or value < 0:
        raise ValueError(text)
    return int(value) if value.is_integer() else value


def _step(stage: str, text: str) -> dict:
    result = next((r for r in _RESULTS if r in text), None)
    if result:
        return {"stage": stage, "result": result}
    return {"stage": stage, "score": _number(text)}


def import_rows(rows: list[list[str]], columns: dict[str, str], name: str, rel: str) -> Imported:
    """Teachers from the rows (the first is the header); `rel` is the export's path for messages."""
    out = Imported()
    if not rows:
        out.diags.append(Diagnostic("IMPORT-UNREADABLE", rel, params={"reason": "表格是空的 · the table is empty"}))
        return out
    header = [h.strip() for h in rows[0]]
    fields = _fields_of(header, columns)
    out.unmapped = _unread_columns(header, fields)
    if not fields:
        out.diags.append(Diagnostic("IMPORT-NO-COLUMNS", rel, line=1, params={"header": "、".join(header)}))
        return out
    for n, row in _filled_rows(rows):
        _import_row(out, n, row, header, fields, name, rel)
    return out


def _fields_of(header: list[str], columns: dict[str, str]) -> dict[int, str]:
    """The field each known column holds, by the column's index."""
    return {i: columns[h] for i, h in enumerate(header) if h in columns}


def _unread_columns(header: list[str], fields: dict[int, str]) -> list[str]:
    """The named columns no field is read from."""
    return [h for i, h in enumerate(header) if h and i not in fields]


def _filled_rows(rows: list[list[str]]) -> Iterator[tuple[int, list[str]]]:
    """The rows below the header that hold anything, with their line numbers (the header is line 1)."""
    for n, row in enumerate(rows[1:], start=2):
        if any(c.strip() for c in row):
            yield n, row


def _import_row(out: Imported, n: int, row: list[str], header: list[str], fields: dict[int, str], name: str,
                rel: str) -> None:
    """Row n as a teacher record on `out` (or its problems on out.diags)."""
    teacher: dict = {}
    steps: dict[str, dict] = {}
    for i, key in fields.items():
        text = row[i].strip() if i < len(row) else ""
        if text:
            _import_cell(out, n, header[i], key, text, teacher, steps, rel)
    if "id" not in teacher and "name" in teacher:
        teacher["id"] = teacher["name"]
    if "id" not in teacher:
        out.diags.append(Diagnostic("IMPORT-NO-ID", rel, line=n, params={"row": n}))
        return
    out.teachers.append(_teacher_record(teacher, steps, name, n))


def _teacher_record(teacher: dict, steps: dict[str, dict], name: str, n: int) -> dict:
    """The teacher's record: the id first, the assessment steps in stage order, the row it came from last."""
    record = {"id": teacher.pop("id"), **teacher}
    if steps:
        record["assessment"] = [steps[k] for k in _STAGE if k in steps]
    record["source"] = {"file": name, "row": n}
    return record


def _import_cell(out: Imported, n: int, column: str, key: str, text: str, teacher: dict, steps: dict,
                 rel: str) -> None:
    """One cell into the teacher's fields or assessment steps; never a personal detail."""
    personal = find_personal(text)
    if personal:
        out.diags.append(Diagnostic("IMPORT-PERSONAL", rel, line=n, params={
            "row": n, "column": column, "masked": mask(personal[0][1])}))
    elif key == "points":
        teacher["points"] = [p for p in _SPLIT.split(text) if p]
    elif _is_number(key, text):
        _import_number(out, n, column, key, text, teacher, steps, rel)
    elif key in _STAGE:
        steps[key] = _step(_STAGE[key], text)
    else:
        teacher.setdefault(key, text)


def _is_number(key: str, text: str) -> bool:
    """A cell read as a number: the hours, or a stage's score (not its result, such as 合格)."""
    return key in ("online", "school_based") or (key in _STAGE and not any(r in text for r in _RESULTS))


def _import_number(out: Imported, n: int, column: str, key: str, text: str, teacher: dict, steps: dict,
                   rel: str) -> None:
    """A number cell into the teacher's hours or a stage's score; a cell that is no number is a problem."""
    try:
        value = _number(text)
    except ValueError:
        out.diags.append(Diagnostic("IMPORT-BAD-NUMBER", rel, line=n, params={
            "row": n, "column": column, "value": text}))
        return
    if key in _STAGE:
        steps[key] = {"stage": _STAGE[key], "score": value}
    else:
        teacher[key] = value


def import_file(path: Path, columns: dict[str, str], rel: str) -> Imported:
    """Read an export and import its rows; an unreadable file is one diagnostic, never a traceback."""
    try:
        rows = read_table(path)
    except TooManyRows:
        out = Imported()
        out.diags.append(Diagnostic("IMPORT-TOO-LARGE", rel, params={
            "what": f"超过 {MAX_ROWS} 行", "what_en": f"more than {MAX_ROWS} rows"}))
        return out
    except Exception as exc:  # openpyxl and csv raise many kinds; all mean "cannot read"
        out = Imported()
        out.diags.append(Diagnostic("IMPORT-UNREADABLE", rel, params={"reason": f"{type(exc).__name__}: {exc}"[:200]}))
        return out
    return import_rows(rows, columns, path.name, rel)
