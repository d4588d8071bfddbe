"""Every built page of the demo speaks plain Chinese: no None, no profile id, no YAML key, no code
standing in for a capability point's name, and no Latin word outside a short list of proper nouns."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from generator.load.policy import BUILTIN_SCHEMAS

PROFILES = sorted(p.stem for p in (BUILTIN_SCHEMAS / "profiles").glob("*.yml"))

ALLOWED = {
    # formats and tools a reader meets by name
    "CSV", "JSON", "PNG", "PDF", "Word", "iCalendar", "JavaScript", "MB", "plansite",
    # the analysis the seeds name (seed 004 C2) and its quadrants' letters
    "SWOT",
    # words of the plans themselves (the seed school and the sample data): devices, software, fields
    "APP", "PPT", "WIFI", "STEAM", "STEM", "VR", "AR", "MR", "AI", "QQ", "Camtasia",
}
"""Latin words a zh-CN page may show."""

LATIN = re.compile(r"[A-Za-z][A-Za-z.\-]*[A-Za-z]")
CODE = r"(?:[A-Z]\d{1,2}|\d-\d{1,2})"
CODE_TWICE = re.compile(rf"(?<![\w-])({CODE})\s*\|?\s*\1(?![\w-])")
KEY_IN_PARENS = re.compile(r"[（(]([a-z][a-z0-9_]*)[）)]")


def visible_text(page: str) -> str:
    page = re.sub(r"(?is)<(script|style|template)\b.*?</\1>", " ", page)
    page = re.sub(r"(?s)<!--.*?-->", " ", page)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def problems(text: str) -> list[str]:
    """What a zh-CN page must not show, as short descriptions."""
    found = [f"None: …{text[max(0, m.start() - 30):m.end() + 10]}…" for m in re.finditer(r"\bNone\b", text)]
    found += [f"profile id {m.group(0)}" for m in re.finditer(rf"\b({'|'.join(PROFILES)})\b", text)]
    found += [f"key {m.group(0)}" for m in KEY_IN_PARENS.finditer(text)]
    found += [f"code for a name: {m.group(0)!r}" for m in CODE_TWICE.finditer(text)]
    found += [f"Latin word {w}" for w in LATIN.findall(text) if w not in ALLOWED and not re.fullmatch(r"[A-Z]\d+", w)]
    return found


@pytest.mark.parametrize("text, bad", [
    ("能力点 None 初步应用", True), ("政策配置 yantai", True), ("SWOT 分析的“威胁”（threats）是空的", True),
    ("1-1 | 1-1", True), ("A10 A10", True), ("见 selfscore 文件", True),
    ("能力点 1-1 根据教学需要自行设计学情问卷", False), ("下载（CSV）", False), ("SWOT 分析（S）", False),
    ("A1 技术支持的学情分析", False)])
def test_the_scan_tells_plain_chinese_from_what_it_must_not_show(text, bad):
    assert bool(problems(text)) is bad


ATTRIBUTES = re.compile(r'\s(?:title|aria-label|alt|placeholder)="([^"]*)"')
"""What a reader meets outside the page text: tooltips, screen-reader labels, image texts."""

BARE_CODE_TAG = re.compile(r'<a class="code-tag"[^>]*>([^<]+)</a>\s*(?=</|<a class="code-tag")')
"""A point's code linked with no name after it, e.g. 相关能力点：G4 G5."""


def test_no_built_page_shows_none_ids_keys_codes_for_names_or_stray_english(built_demo: Path):
    found = {}
    for path in sorted(built_demo.rglob("*.html")):
        page = path.read_text(encoding="utf-8")
        if 'lang="zh-CN"' not in page[:400]:
            continue
        bad = problems(visible_text(page)) + [f"bare code {m.group(1)}" for m in BARE_CODE_TAG.finditer(page)]
        bad += [f"attribute {b}" for v in ATTRIBUTES.findall(page) for b in problems(html.unescape(v))]
        if bad:
            found[path.relative_to(built_demo).as_posix()] = bad[:5]
    assert len(list(built_demo.rglob("*.html"))) > 300
    assert not found, dict(list(found.items())[:10])


def _chosen_on_page(built_demo: Path, path: str) -> int:
    page = (built_demo / path / "index.html").read_text(encoding="utf-8")
    return int(re.search(r"选择该能力点的学校：(\d+)", page).group(1))


def test_the_school_filter_counts_one_catalogs_point_as_its_page_does(built_demo: Path):
    """B1 is 跨学科学习活动设计 in Guangdong's catalog and another point in the national one."""
    import json

    data = json.loads((built_demo / "schools-list.json").read_text(encoding="utf-8"))
    col = data["fields"].index("capabilities")
    keys = [k for s in data["schools"] for k in s[col]]
    assert keys.count("B1") == _chosen_on_page(built_demo, "capabilities/B1")
    assert keys.count("national-2019/B1") == _chosen_on_page(built_demo, "capabilities/national-2019/B1") > 0
    page = (built_demo / "schools" / "index.html").read_text(encoding="utf-8")
    groups = re.findall(r'<optgroup label="([^"]+)">', page)
    assert len(groups) == len(set(groups)) >= 2 and '<option value="national-2019/B1">' in page


def test_the_case_library_says_which_catalog_a_code_belongs_to(built_demo: Path):
    text = visible_text((built_demo / "cases" / "index.html").read_text(encoding="utf-8"))
    assert re.search(r"B2\s+创造真实学习情境\s*（广东省[^）]*）", text)
    assert re.search(r"B2\s+混合教学环境能力点（目录未收录名称）\s*（中小学教师信息技术应用能力校本应用考核规范", text)


def test_the_dashboards_csv_downloads_speak_plain_chinese(built_demo: Path):
    """A zh CSV opened in a spreadsheet: no True/False, no ledger/snapshots, no None; only the id
    columns (编号) and the English-label column hold codes."""
    import csv

    found = {}
    sheets = sorted(built_demo.glob("**/dashboard/*.csv"))
    for sheet in sheets:
        rows = list(csv.reader(sheet.read_text(encoding="utf-8-sig").splitlines()))
        head = rows[0]
        for row in rows[1:]:
            for label, cell in zip(head, row):
                if "编号" in label or "英文" in label:
                    continue
                bad = problems(cell)
                if bad:
                    found.setdefault(sheet.relative_to(built_demo).as_posix(), []).append(f"{label}: {bad[0]}")
    assert len(sheets) > 50
    assert not found, {k: v[:3] for k, v in list(found.items())[:10]}
