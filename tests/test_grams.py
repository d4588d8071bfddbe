"""The phrase index the search box reads: indexed text as Pagefind sees it, complete candidate
sets for any phrase, compact postings, one deterministic output."""

from __future__ import annotations

import json
import string
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.output import grams

PAGE = """<!doctype html><html><head><title>t</title><style>.x{}</style></head><body>
<nav>大朗镇 导航</nav>
<main id="main" data-pagefind-body><h1>东莞市大朗镇巷头小学</h1>
<section id="team"><h2>信息化管理团队</h2><table><tr><td>大朗</td><td>镇</td></tr></table>
<p>不索引<span data-pagefind-ignore>大朗镇隐藏</span><script>var a = "大朗镇";</script></p></section>
</main></body></html>"""


def _decode(text: str) -> list[int]:
    ids, last = [], 0
    for gap in filter(None, text.split(",")):
        last += int(gap, 36)
        ids.append(last)
    return ids


def test_page_text_is_the_indexed_text_with_blocks_apart_and_sections_found():
    text, title, headings = grams.page_text(PAGE)
    assert title == "东莞市大朗镇巷头小学"
    # table cells are separate blocks: no phrase is made up across them in the excerpt text
    assert "大朗 镇" in text
    assert "导航" not in text and "隐藏" not in text and "var" not in text
    assert headings == [(text.index("信息化管理团队"), "team", "信息化管理团队")]
    assert grams.page_text("<html><body><p>无索引区</p></body></html>") is None


def test_keys_are_characters_and_neighbouring_pairs_without_white_space():
    assert grams.keys("大朗 镇A") == {"大", "朗", "镇", "a", "大朗", "朗镇", "镇a"}


def test_postings_are_base36_gaps():
    assert grams.postings([3, 13, 14, 50]) == "3,a,1,10"
    assert _decode(grams.postings([0, 1, 400])) == [0, 1, 400]


def _site(tmp_path: Path, bodies: list[str]) -> Path:
    site = tmp_path / "site"
    for i, body in enumerate(bodies):
        page = site / f"p{i:03d}" / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"<html><body><main data-pagefind-body><h1>第{i}页</h1><p>{body}</p></main></body></html>",
                        encoding="utf-8")
    (site / "pagefind").mkdir(parents=True, exist_ok=True)
    (site / "pagefind" / "x.html").write_text("<div data-pagefind-body>不算</div>", encoding="utf-8")
    return site


def _candidates(site: Path, phrase: str) -> set[int]:
    flat = grams.squeeze(phrase)
    keys = [flat] if len(flat) == 1 else [flat[i:i + 2] for i in range(len(flat) - 1)]
    found = None
    for key in keys:
        shard = json.loads((site / "search" / "g" / f"{grams.shard(key)}.json").read_text(encoding="utf-8"))
        ids = set(_decode(shard.get(key, "")))
        found = ids if found is None else found & ids
    return found or set()


ALPHABET = "大朗镇巷头小学课堂教学翻转 ab1"


@settings(max_examples=40, deadline=None)
@given(bodies=st.lists(st.text(ALPHABET, min_size=0, max_size=30), min_size=1, max_size=6),
       phrase=st.text(ALPHABET.replace(" ", ""), min_size=1, max_size=5))
def test_every_page_holding_a_phrase_is_a_candidate(tmp_path_factory, bodies, phrase):
    site = _site(tmp_path_factory.mktemp("g"), bodies)
    grams.write_phrase_index(site)
    names = json.loads((site / "search" / "pages.json").read_text(encoding="utf-8"))
    assert [u for u, _ in names] == [f"/p{i:03d}/" for i in range(len(bodies))]
    holding = set()
    for i in range(len(bodies)):
        page = json.loads((site / "search" / "t" / f"{i}.json").read_text(encoding="utf-8"))
        if grams.squeeze(phrase) in grams.squeeze(page["x"]):
            holding.add(i)
        assert grams.squeeze(page["x"]) == grams.squeeze(f"第{i}页" + bodies[i])
    found = _candidates(site, phrase)
    assert found >= holding
    if len(grams.squeeze(phrase)) <= 2:
        assert found == holding  # one pair (or one character) is the phrase itself


def test_the_index_is_deterministic_and_replaces_an_old_one(tmp_path):
    bodies = ["".join(string.ascii_lowercase[(i * j) % 26] for j in range(40)) + "大朗镇" * (i % 2)
              for i in range(30)]
    site = _site(tmp_path, bodies)
    (site / "search" / "t").mkdir(parents=True)
    (site / "search" / "t" / "999.json").write_text("{}", encoding="utf-8")
    counts = grams.write_phrase_index(site)
    first = {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted((site / "search").rglob("*.json"))}
    assert "search/t/999.json" not in first
    assert counts["pages"] == 30 and len([p for p in first if p.startswith("search/g/")]) == grams.SHARDS
    grams.write_phrase_index(site)
    again = {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted((site / "search").rglob("*.json"))}
    assert again == first
    assert _candidates(site, "大朗镇") == set(range(1, 30, 2))
