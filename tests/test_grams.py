"""The phrase index the search box reads: indexed text as Pagefind sees it, complete candidate
sets for any phrase, compact postings, one deterministic output per search part; the index's own
reading of a page agrees with html.parser's."""

from __future__ import annotations

import json
import string
from html.parser import HTMLParser
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


class _HtmlParserText(HTMLParser):
    """The indexed text as html.parser reads it: the reading the index's own pass must agree with
    (the index's earlier reader, kept here as the reference)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[bool, bool, str]] = []
        self.parts: list[str] = []
        self.size = 0
        self.found = False
        self.h1: list[str] | None = None
        self.h1_text = ""
        self.heading: tuple[str, int, list[str]] | None = None
        self.headings: list[tuple[int, str, str]] = []
        self.anchors: set[str] = set()
        self.title: list[str] | None = None  # the document's <title>, which names the school
        self.title_text = ""

    def _counting(self) -> bool:
        return bool(self.stack) and self.stack[-1][0] and not self.stack[-1][1]

    def _gap(self):
        if self._counting() and self.parts and not self.parts[-1].endswith(" "):
            self.parts.append(" ")
            self.size += 1

    def handle_starttag(self, tag, attrs):
        if tag == "title" and not self.title_text:
            self.title = []
        if tag in grams.BLOCK:
            self._gap()
        if tag in grams.VOID:
            return
        names = dict(attrs)
        body = (self.stack[-1][0] if self.stack else False) or "data-pagefind-body" in names
        ignore = (self.stack[-1][1] if self.stack else False) or "data-pagefind-ignore" in names \
            or tag in ("script", "style")
        self.found |= "data-pagefind-body" in names
        inner = self.stack[-1][2] if self.stack else ""
        anchor = names.get("id") or ("" if tag == "main" else inner)
        self.stack.append((body, ignore, "" if tag == "main" else anchor))
        if tag in grams.HEADINGS and self._counting():
            if anchor and self.heading is None and anchor not in self.anchors:
                self.anchors.add(anchor)
                self.heading = (anchor, self.size, [])
            if tag == "h1" and self.h1 is None:
                self.h1 = []

    def handle_endtag(self, tag):
        if tag == "title" and self.title is not None:
            self.title_text, self.title = grams.SPACE.sub(" ", "".join(self.title)).strip(), None
        if tag in grams.VOID:
            return
        if tag in grams.HEADINGS and self._counting():
            if self.heading is not None:
                anchor, at, words = self.heading
                self.headings.append((at, anchor, grams.SPACE.sub(" ", "".join(words)).strip()))
                self.heading = None
            if tag == "h1" and self.h1 is not None and not self.h1_text:
                self.h1_text = grams.SPACE.sub(" ", "".join(self.h1)).strip() or " "
        if self.stack:
            self.stack.pop()
        if tag in grams.BLOCK:
            self._gap()

    def handle_data(self, data):
        if self.title is not None:
            self.title.append(data)
        if not self._counting():
            return
        text = grams.SPACE.sub(" ", data)
        if self.parts and self.parts[-1].endswith(" "):
            text = text.lstrip(" ")
        if not text:
            return
        self.parts.append(text)
        self.size += len(text)
        if self.heading is not None:
            self.heading[2].append(data)
        if self.h1 is not None and not self.h1_text:
            self.h1.append(data)


def reference_text(html: str) -> tuple[str, str, list[tuple[int, str, str]]] | None:
    """(text, title, headings) of one page, or None when it has no data-pagefind-body."""
    parser = _HtmlParserText()
    parser.feed(html)
    parser.close()
    if not parser.found:
        return None
    text = "".join(parser.parts)
    lead = len(text) - len(text.lstrip(" "))
    headings = [(max(0, at - lead), anchor, words) for at, anchor, words in parser.headings]
    # "页面 · 学校 · 站点" without the site's own name says which school's page it is
    title = " · ".join(parser.title_text.split(" · ")[:-1]) or parser.h1_text.strip()
    return text.strip(" "), title, headings


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


TRICKY = [
    # an ignored element inside an ignored one, and text after both
    "<main data-pagefind-body><div data-pagefind-ignore>甲<p data-pagefind-ignore>乙</p>丙</div>丁</main>",
    # references in text, in a heading and in an id
    "<main data-pagefind-body><h2 id=\"a&amp;b\">A &amp; B&#x4e2d;&lt;</h2><p>&nbsp;x&copy y&#20013;</p></main>",
    # a heading's anchor from the element around it; the same anchor twice; an h1 without one
    "<main data-pagefind-body><h1>题</h1><section id=\"s\"><h2>一</h2><h3>二</h3></section>"
    "<section id=\"s\"><h2>三</h2></section></main>",
    # upper case, self-closing tags, a comment, a "<" that opens no tag, a script holding tags
    "<TITLE>页 · 校 · 站</TITLE><MAIN Data-Pagefind-Body><DIV/>a<br/>b<!-- <p>c</p> -->d < e"
    "<script>document.write('<p>不算</p>')</script>f</MAIN>",
    # attributes: quoted ">" and "/", unquoted values, a value-less id, single quotes
    "<main data-pagefind-body><p title=\"x>y\" id=a/b>一</p><p id>二</p><p id='c'><b>三</b></p>"
    "<div class=x/>四</main>",
    # a comment never closed: text up to the next ">", its references replaced (html.parser's reading)
    "<main data-pagefind-body><!-- open<div id=\"a&amp;b\"></div>x</main>",
    # end tags of elements never opened, and a body that is not main
    "<div></span></span><article data-pagefind-body id=\"top\"><h2>标</h2>文</article>后",
]


def test_the_index_reads_tricky_pages_as_html_parser_does():
    for html in TRICKY:
        assert grams.page_text(html) == reference_text(html), html
    text, _, headings = grams.page_text(TRICKY[1])
    assert headings == [(0, "a&b", "A & B中<")] and "x© y中" in text
    assert grams.page_text(TRICKY[0])[0] == "丁"
    assert grams.page_text(TRICKY[3])[1] == "页 · 校"


TAGS = ["div", "p", "span", "section", "main", "h1", "h2", "h3", "table", "tr", "td", "li", "a", "br",
        "img", "nav", "title", "script", "style", "b", "Div", "H2"]
TEXT = st.text("大朗镇课堂 a&;#x4e2d<>=/\"'-!\n\t", max_size=12)
ATTRIBUTES = st.lists(st.sampled_from([
    " data-pagefind-body", " data-pagefind-ignore", ' id="s1"', " id='s2'", " id=s3", " id", ' class="x"', ' id="s1"',
    ' data-pagefind-ignore="all"', ' title="a>b"', " /", ' id="a&amp;b"', " ID=up",
]), max_size=3).map("".join)


@st.composite
def _markup(draw, depth=0):
    pieces = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["text", "element", "element", "comment", "stray", "end"]))
        if kind == "text":
            pieces.append(draw(TEXT))
        elif kind == "comment":
            pieces.append(f"<!--{draw(TEXT).replace('-', '')}-->")
        elif kind == "stray":
            pieces.append(draw(st.sampled_from([
                "<!doctype html>", "<?x?>", "</>", "< p>", "</ b>", "<br/>", '<d/"', "<a b", "<!-- open", "</p",
                "<?pi", "<![CDATA[x<p>]]>", "<a =b>", "<p/x>", "<a href=x/>", "<p\n>", "</p class=x>", "<!x>",
                "<b c='d'/ e>", "a<", "<h2 id=h>", "</h2>"])))
        elif kind == "end":
            pieces.append(f"</{draw(st.sampled_from(TAGS))}>")
        else:
            tag, attrs = draw(st.sampled_from(TAGS)), draw(ATTRIBUTES)
            inner = draw(TEXT) if tag.lower() in ("script", "style") or depth > 3 else draw(_markup(depth + 1))
            close = draw(st.sampled_from([f"</{tag}>", f"</{tag.upper()}>", ""]))
            pieces.append(f"<{tag}{attrs}>{inner}{close}")
    return "".join(pieces)


@st.composite
def _page(draw):
    """Markup around a body (most pages have one), and a title now and then."""
    title = draw(st.sampled_from(["", "<title>页 · 校 · 站</title>", "<title>", "<title>a<b>c</b></title>"]))
    body = draw(st.sampled_from(["<main data-pagefind-body>", '<div id="d" data-pagefind-body>', "<section>"]))
    return f"{title}{draw(_markup())}{body}{draw(_markup())}</{body[1:].split(' ')[0].rstrip('>')}>{draw(_markup())}"


@settings(max_examples=300, deadline=None)
@given(html=_page())
def test_the_index_reads_generated_markup_as_html_parser_does(html):
    assert grams.page_text(html) == reference_text(html)


def _part(tmp_path: Path, bodies: list[str]) -> Path:
    """A part's phrase index written from pages in memory (with one page the index does not hold)."""
    pages = [(f"p{i:03d}/index.html",
              f"<html><body><main data-pagefind-body><h1>第{i}页</h1><p>{body}</p></main></body></html>".encode())
             for i, body in enumerate(bodies)]
    pages.append(("p999/index.html", "<html><body><p>不算 data-pagefind-body</p></body></html>".encode()))
    dest = tmp_path / "site" / grams.part_folder("")
    grams.write_part(pages[::-1], dest)
    return dest


def _candidates(part: Path, phrase: str, size: int | None = None) -> set[int]:
    """The pages listed under every key of the phrase, as the search box reads them: the phrase
    itself up to two characters, else its runs of three (g3/); size=2 reads its pairs (g/)."""
    flat = grams.squeeze(phrase)
    size = size or (3 if len(flat) > 2 else len(flat))
    keys = [flat] if len(flat) <= size else [flat[i:i + size] for i in range(len(flat) - size + 1)]
    found = None
    for key in keys:
        folder = "g3" if len(key) == 3 else "g"
        shard = json.loads((part / folder / f"{grams.shard(key)}.json").read_text(encoding="utf-8"))
        ids = set(_decode(shard.get(key, "")))
        found = ids if found is None else found & ids
    return found or set()


def test_keys_are_characters_and_neighbouring_pairs_without_white_space():
    assert grams.keys(grams.squeeze("大朗 镇A")) == {"大", "朗", "镇", "a", "大朗", "朗镇", "镇a"}


def test_postings_are_base36_gaps():
    assert grams.postings([3, 13, 14, 50]) == "3,a,1,10"
    assert _decode(grams.postings([0, 1, 400])) == [0, 1, 400]


def test_each_part_has_its_own_folder():
    assert grams.part_folder("") == "search"
    assert grams.part_folder("dalang") == "search-parts/dalang"


ALPHABET = "大朗镇巷头小学课堂教学翻转 ab1"


@settings(max_examples=40, deadline=None)
@given(bodies=st.lists(st.text(ALPHABET, min_size=0, max_size=30), min_size=1, max_size=6),
       phrase=st.text(ALPHABET.replace(" ", ""), min_size=1, max_size=5))
def test_every_page_holding_a_phrase_is_a_candidate(tmp_path_factory, bodies, phrase):
    part = _part(tmp_path_factory.mktemp("g"), bodies)
    names = json.loads((part / "pages.json").read_text(encoding="utf-8"))
    assert [u for u, _ in names] == [f"/p{i:03d}/" for i in range(len(bodies))]  # in URL order
    holding = set()
    for i in range(len(bodies)):
        page = json.loads((part / "t" / f"{i}.json").read_text(encoding="utf-8"))
        if grams.squeeze(phrase) in grams.squeeze(page["x"]):
            holding.add(i)
        assert grams.squeeze(page["x"]) == grams.squeeze(f"第{i}页" + bodies[i])
    found = _candidates(part, phrase)
    assert found >= holding
    if len(grams.squeeze(phrase)) <= 3:
        assert found == holding  # one run of three, one pair or one character is the phrase itself


def test_runs_of_three_leave_out_pages_that_only_hold_the_pairs(tmp_path):
    assert grams.triples(grams.squeeze("大朗 镇A")) == {"大朗镇", "朗镇a"}
    part = _part(tmp_path, ["课堂，堂教", "课堂教学"])
    assert _candidates(part, "课堂教", size=2) == {0, 1}  # every pair of it is on page 0
    assert _candidates(part, "课堂教") == {1}
    assert len(list((part / "g3").glob("*.json"))) == grams.SHARDS


def test_the_index_is_deterministic_and_replaces_an_old_one(tmp_path):
    bodies = ["".join(string.ascii_lowercase[(i * j) % 26] for j in range(40)) + "大朗镇" * (i % 2)
              for i in range(30)]
    stale = tmp_path / "site" / "search" / "t" / "999.json"
    stale.parent.mkdir(parents=True)
    stale.write_text("{}", encoding="utf-8")
    part = _part(tmp_path, bodies)
    first = {p.relative_to(part).as_posix(): p.read_bytes() for p in sorted(part.rglob("*.json"))}
    assert "t/999.json" not in first
    assert len([p for p in first if p.startswith("g/")]) == grams.SHARDS
    assert json.loads(first["pages.json"])[0] == ["/p000/", "第0页"]
    _part(tmp_path, bodies)
    again = {p.relative_to(part).as_posix(): p.read_bytes() for p in sorted(part.rglob("*.json"))}
    assert again == first
    assert _candidates(part, "大朗镇") == set(range(1, 30, 2))
