"""The phrase index: every indexed page's text and its character pairs, for the search box.

Pagefind cuts Chinese text into words by context, so the same three characters can be cut
differently on two pages and a query typed without spaces misses pages that hold it. This index
does not cut words: for every page it records which pairs of neighbouring characters its indexed
text holds (white space removed, lower case). A page that holds a phrase holds every pair of the
phrase, so the pages listed under all its pairs are a complete candidate set; the search box then
confirms the phrase in the page's own text (written here too) and so lists exactly the pages that
hold it.

Written into <site>/search/, one index for the whole site, after the pages are staged:

    pages.json          [[url, title], …] — a page's id is its place in this list (sorted by URL)
    g/<shard>.json      {pair or single character: postings} for keys whose first character's
                        code point falls in that shard (code point mod SHARDS), so a query loads
                        only the shards of its characters
    t/<id>.json         {"x": text, "h": [[offset, anchor, heading], …]} — the page's indexed text
                        with blocks separated by a space, and the headings with an id, for
                        excerpts and links to the section

Postings are page ids as a string of base-36 gaps separated by "," (e.g. "3,a,1" = ids 3, 13, 14).
The output is deterministic: sorted pages, sorted keys, no dates.
"""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

FOLDER = "search"
SHARDS = 64
"""Shards of the pair index; a query of n characters loads at most n of them."""

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                  "track", "wbr"})
BLOCK = frozenset({"address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl",
                   "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
                   "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th",
                   "tr", "ul"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
SPACE = re.compile(r"\s+")


class _Indexed(HTMLParser):
    """The text Pagefind indexes: inside data-pagefind-body, outside data-pagefind-ignore, script
    and style; blocks separated by a space; where each section's first heading starts, with the id
    of the heading or of the element around it (the link target)."""

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
        if tag in BLOCK:
            self._gap()
        if tag in VOID:
            return
        names = dict(attrs)
        body = (self.stack[-1][0] if self.stack else False) or "data-pagefind-body" in names
        ignore = (self.stack[-1][1] if self.stack else False) or "data-pagefind-ignore" in names \
            or tag in ("script", "style")
        self.found |= "data-pagefind-body" in names
        inner = self.stack[-1][2] if self.stack else ""
        anchor = names.get("id") or ("" if tag == "main" else inner)
        self.stack.append((body, ignore, "" if tag == "main" else anchor))
        if tag in HEADINGS and self._counting():
            if anchor and self.heading is None and anchor not in self.anchors:
                self.anchors.add(anchor)
                self.heading = (anchor, self.size, [])
            if tag == "h1" and self.h1 is None:
                self.h1 = []

    def handle_endtag(self, tag):
        if tag == "title" and self.title is not None:
            self.title_text, self.title = SPACE.sub(" ", "".join(self.title)).strip(), None
        if tag in VOID:
            return
        if tag in HEADINGS and self._counting():
            if self.heading is not None:
                anchor, at, words = self.heading
                self.headings.append((at, anchor, SPACE.sub(" ", "".join(words)).strip()))
                self.heading = None
            if tag == "h1" and self.h1 is not None and not self.h1_text:
                self.h1_text = SPACE.sub(" ", "".join(self.h1)).strip() or " "
        if self.stack:
            self.stack.pop()
        if tag in BLOCK:
            self._gap()

    def handle_data(self, data):
        if self.title is not None:
            self.title.append(data)
        if not self._counting():
            return
        text = SPACE.sub(" ", data)
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


def page_text(html: str) -> tuple[str, str, list[tuple[int, str, str]]] | None:
    """(text, title, headings) of one page, or None when it has no data-pagefind-body."""
    parser = _Indexed()
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


def squeeze(text: str) -> str:
    """What matching compares: no white space, lower case (as the search box does)."""
    return SPACE.sub("", text).lower()


def keys(text: str) -> set[str]:
    """The single characters and neighbouring pairs of a page's squeezed text."""
    flat = squeeze(text)
    return set(flat) | {flat[i:i + 2] for i in range(len(flat) - 1)}


def shard(key: str) -> int:
    return ord(key[0]) % SHARDS


def postings(ids: list[int]) -> str:
    """Sorted page ids as base-36 gaps."""
    out, last = [], 0
    for i in ids:
        out.append(_b36(i - last))
        last = i
    return ",".join(out)


def _b36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    s = ""
    while True:
        n, r = divmod(n, 36)
        s = digits[r] + s
        if not n:
            return s


def url_of(rel: str) -> str:
    """/a/b/ for a/b/index.html, as Pagefind and the site link to it."""
    return "/" + re.sub(r"(^|/)index\.html$", r"\1", rel)


def _dump(path: Path, data) -> int:
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    path.write_bytes(raw)
    return len(raw)


def write_phrase_index(site: Path) -> dict[str, int]:
    """Write <site>/search/ from the staged HTML; return counts (pages, keys, bytes)."""
    pages: list[tuple[str, str, str, list]] = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.split("/", 1)[0] in ("pagefind", FOLDER):
            continue
        found = page_text(path.read_text(encoding="utf-8"))
        if found is not None:
            pages.append((url_of(rel), *found))
    pages.sort(key=lambda p: p[0])
    folder = site / FOLDER
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "g").mkdir(parents=True)
    (folder / "t").mkdir()
    index: dict[str, list[int]] = {}
    size = _dump(folder / "pages.json", [[url, title] for url, _, title, _ in pages])
    for pid, (_, text, _, headings) in enumerate(pages):
        for key in keys(text):
            index.setdefault(key, []).append(pid)
        size += _dump(folder / "t" / f"{pid}.json", {"x": text, "h": [list(h) for h in headings]})
    shards: dict[int, dict[str, str]] = {}
    for key in sorted(index):
        shards.setdefault(shard(key), {})[key] = postings(index[key])
    for n in range(SHARDS):
        size += _dump(folder / "g" / f"{n}.json", shards.get(n, {}))
    return {"pages": len(pages), "keys": len(index), "bytes": size}
