"""The phrase index: every indexed page's text and its character pairs, for the search box.

Pagefind cuts Chinese text into words by context, so the same three characters can be cut
differently on two pages and a query typed without spaces misses pages that hold it. This index
does not cut words: for every page it records which pairs of neighbouring characters its indexed
text holds (white space removed, lower case). A page that holds a phrase holds every pair of the
phrase, so the pages listed under all its pairs are a complete candidate set; the search box then
confirms the phrase in the page's own text (written here too) and so lists exactly the pages that
hold it.

The index is in parts, the same parts as Pagefind's bundles (output/search.py): one per district
(its schools' and its own pages) and one for the site-wide pages. The worker that renders a part
writes its phrase index from the pages' bytes it holds (never read back from disk), and a part
whose pages are unchanged is restored from the cache entry that holds its Pagefind bundle. Where
each part goes, beside Pagefind's pagefind/ and pagefind-parts/<district>/:

    search/                         the site-wide part
    search-parts/<district>/        a district's part

and in each part's folder:

    pages.json          [[url, title], …] — a page's id is its place in this list (sorted by URL)
    g/<shard>.json      {pair or single character: postings} for keys whose first character's
                        code point falls in that shard (code point mod SHARDS), so a query loads
                        only the shards of its characters
    g3/<shard>.json     the same for runs of three characters, which a query of three or more
                        characters reads instead: n − 2 shards, not n − 1, and far fewer pages
                        that hold every piece of the phrase but not the phrase
    t/<id>.json         {"x": text, "h": [[offset, anchor, heading], …]} — the page's indexed text
                        with blocks separated by a space, and the headings with an id, for
                        excerpts and links to the section

Postings are page ids as a string of base-36 gaps separated by "," (e.g. "3,a,1" = ids 3, 13, 14).
The search box (the box's data-phrases attribute lists every part's folder) queries each part and
groups the pages it finds by school or site section, ordered within a group by URL where nothing
else tells them apart, as one index would.
The output is deterministic: sorted pages, sorted keys, no dates.

The text is read with one regular-expression pass over the page (no HTML parser, which measured
1.3 times slower on the demo site): it follows
html.parser's reading of tags, attributes, character references, comments and script/style
content, which a test compares on generated pages.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import defaultdict
from html import unescape
from operator import sub
from pathlib import Path
from typing import Any, Callable, Iterator

from ..site.render import PHRASE_PARTS

FOLDER = "search"
VERSION = "4"
"""Changes when the files written for the same pages change (it is part of the cache's key)."""
DISK_CALL = b"plansiteIndex("
"""How each .js twin of an index file starts: search.js defines the function when opened from disk."""
SHARDS = 64
"""Shards of the pair index; a query of n characters loads at most n of them."""

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                  "track", "wbr"})
BLOCK = frozenset({"address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl",
                   "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
                   "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th",
                   "tr", "ul"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
RAW = frozenset({"script", "style"})
"""Elements whose content is not markup (html.parser's CDATA_CONTENT_ELEMENTS)."""
SPACE = re.compile(r"\s+")

_START = r"""<(?P<tag>[a-zA-Z][^\t\n\r\f />\x00]*)(?P<attrs>(?>
    (?:[\s/]*(?:(?<=['"\s/])[^\s/>][^\s/=>]*(?:\s*=+\s*(?:'[^']*'|"[^"]*"|(?!['"])[^>\s]*)\s*)?(?:\s|/(?!>))*)*)?
    \s*))"""
"""A start tag up to its closing ">" as html.parser's locatestarttagend_tolerant finds it."""
_TOKEN = re.compile(rf"""
      (?P<text>[^<]+)
    | {_START}/?>
    | </\s*(?P<end>[a-zA-Z][-.a-zA-Z0-9:_]*)\s*>
    | </(?P<loose>[a-zA-Z][^\t\n\r\f />\x00]*)[^>]*>
    | </[^>]*>
    | <!--.*?--\s*>
    | <!\[(?i:cdata|temp|ignore|include|rcdata)(?![-_.a-zA-Z0-9]).*?\]\s*\]\s*>
    | <!\[(?i:if|else|endif)(?![-_.a-zA-Z0-9]).*?\]\s*>
    | <!(?!--|\[)[^>]*>
    | <\?[^>]*>
    | (?P<lt><)
    """, re.S | re.X)
"""The next piece of a page as html.parser reads it: a text run, a start tag, an end tag,
something skipped (a comment, a marked section, a declaration, a processing instruction), or a
"<" that opens none of them."""
_BARE_TAG = re.compile(_START, re.X)
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ=/")
_NAME = re.compile(r"[a-zA-Z][^\t\n\r\f />\x00]*(?:\s|/(?!>))*")
_ATTR = re.compile(r"""((?<=['"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*('[^']*'|"[^"]*"|(?!['"])[^>\s]*))?(?:\s|/(?!>))*""")
"""html.parser's tag name and attribute patterns, used on the few tags whose attributes matter."""
_WANTED = re.compile(r"data-pagefind|id", re.I)
_CLOSE = {tag: re.compile(rf"</\s*{tag}\s*>", re.I) for tag in RAW}
_NONE: dict[str, str | None] = {}
_OUTSIDE = (False, False, "")


def _unread(html: str, i: int) -> tuple[int, bool]:
    """Where the text ends that html.parser makes of a "<" at i that starts a tag, an end tag, a
    comment or a declaration it cannot finish, and whether it keeps its references as they are: a
    start tag with a bogus end is text up to there, as written; anything else is text up to the
    next ">" (or the next "<"), its references replaced."""
    if html[i + 1:i + 2].isascii() and html[i + 1:i + 2].isalpha():
        j = _BARE_TAG.match(html, i).end()  # type: ignore[union-attr]  # a letter follows the "<"
        if html[j:j + 1] and html[j] not in _LETTERS:
            return j, True
    k = html.find(">", i + 1)
    if k >= 0:
        return k + 1, False
    k = html.find("<", i + 1)
    return (k if k >= 0 else i + 1), False


def _attributes(html: str, start: int, end: int) -> tuple[dict[str, str | None], str]:
    """The attributes of the start tag html[start:end] (from "<" to ">"), as html.parser reads
    them (names in lower case, values unquoted and unescaped), and what follows them: ">", "/>",
    or anything else when html.parser cannot read the tag."""
    k = _NAME.match(html, start + 1).end()  # type: ignore[union-attr]  # a start tag has a name
    names: dict[str, str | None] = {}
    while k < end:
        m = _ATTR.match(html, k)
        if not m:
            break
        name, rest, value = m.group(1, 2, 3)
        if not rest:
            value = None
        elif value[:1] == value[-1:] and value[:1] in ("'", '"'):
            value = value[1:-1]
        names[name.lower()] = unescape(value) if value else value
        k = m.end()
    return names, html[k:end].strip()


class _Reader:
    """The state of one pass over a page (see _read): the open elements, the text so far, the
    section being read, the <title> and the first h1. One method per kind of piece."""

    __slots__ = (
        "anchors",
        "counting",
        "found",
        "h1",
        "h1_text",
        "heading",
        "headings",
        "html",
        "parts",
        "size",
        "stack",
        "tail",
        "title",
        "title_text",
        "top",
    )

    def __init__(self, html: str):
        self.html = html
        self.stack: list[tuple[bool, bool, str]] = []  # (in the body, ignored, anchor) of each open element
        self.top, self.counting = _OUTSIDE, False
        self.parts: list[str] = []
        self.size, self.tail = 0, ""  # the text's length and its last character ("" while it is empty)
        self.found = False
        self.h1: list[str] | None = None
        self.h1_text = ""
        self.heading: tuple[str, int, list[str]] | None = None
        self.headings: list[tuple[int, str, str]] = []
        self.anchors: set[str] = set()
        self.title: list[str] | None = None  # the document's <title>, which names the school
        self.title_text = ""

    def run(self) -> None:
        """Read the page piece by piece; a piece that makes html.parser read on from elsewhere
        (raw text up to its end tag, a "<" read as text) restarts the pieces there."""
        pieces: Iterator[re.Match[str]] | None = _TOKEN.finditer(self.html)
        while pieces is not None:
            current, pieces = pieces, None
            for m in current:
                after = self.piece(m)
                if after is not None:
                    pieces = None if after is _STOP else after
                    break

    def piece(self, m):
        """Take one piece; returns None, or where to read on (or _STOP at an unclosed script)."""
        kind = m.lastgroup
        if kind == "text":
            if self.title is not None or self.counting:
                self.data(m.group(), False)
        elif kind == "attrs":
            return self.start(m)
        elif kind == "end" or kind == "loose":
            self.close(m.group(kind).lower())
        elif kind == "lt":
            return self.lt(m)
        return None

    def start(self, m):
        """A start tag: opened (and closed when it ends with "/>"); a script or style's content is skipped."""
        html = self.html
        tag, attrs = m.group(2, 3)
        tag = tag.lower()
        if (attrs and _WANTED.search(attrs)) or m.group().endswith("/>"):
            names, ending = _attributes(html, m.start(), m.end())
        else:
            names, ending = _NONE, ">"
        if ending != ">" and ending != "/>":  # html.parser reads a tag it cannot take apart as text
            self.data(m.group(), True)
            return None
        self.open(tag, names)
        if ending == "/>":
            self.close(tag)
            return None
        return self.skip_raw(tag, m) if tag in RAW else None

    def skip_raw(self, tag: str, m):
        """A script or style's content, up to its end tag, is not markup: read on after it."""
        html = self.html
        close = _CLOSE[tag].search(html, m.end())
        if close is None:
            return _STOP
        if self.title is not None and close.start() > m.end():
            self.title.append(html[m.end():close.start()])  # ignored text: only a title takes it
        self.close(tag)
        return _TOKEN.finditer(html, close.end())

    def open(self, tag: str, names: dict[str, str | None]) -> None:
        if tag == "title" and not self.title_text:
            self.title = []
        if tag in BLOCK:
            self.gap()
        if tag in VOID:
            return
        body, ignore, anchor = self.inside(tag, names)
        self.top = (body, ignore, "" if tag == "main" else anchor)
        self.stack.append(self.top)
        self.counting = body and not ignore
        if tag in HEADINGS and self.counting:
            self.open_heading(tag, anchor)

    def inside(self, tag: str, names: dict[str, str | None]) -> tuple[bool, bool, str]:
        """Whether an element opened is in the indexed body, whether in an ignored part, and its
        section's anchor (its id, else its parent's; main starts none)."""
        top = self.top
        if not names:
            return top[0], top[1] or tag in RAW, "" if tag == "main" else top[2]
        self.found |= "data-pagefind-body" in names
        return (top[0] or "data-pagefind-body" in names,
                top[1] or "data-pagefind-ignore" in names or tag in RAW,
                names.get("id") or ("" if tag == "main" else top[2]))

    def open_heading(self, tag: str, anchor: str) -> None:
        if anchor and self.heading is None and anchor not in self.anchors:
            self.anchors.add(anchor)
            self.heading = (anchor, self.size, [])
        if tag == "h1" and self.h1 is None:
            self.h1 = []

    def close(self, tag: str) -> None:
        if tag == "title" and self.title is not None:
            self.title_text, self.title = SPACE.sub(" ", "".join(self.title)).strip(), None
        if tag in VOID:
            return
        if tag in HEADINGS and self.counting:
            self.close_heading(tag)
        if self.stack:
            self.stack.pop()
            self.top = self.stack[-1] if self.stack else _OUTSIDE
            self.counting = self.top[0] and not self.top[1]
        if tag in BLOCK:
            self.gap()

    def close_heading(self, tag: str) -> None:
        if self.heading is not None:
            anchor, at, words = self.heading
            self.headings.append((at, anchor, SPACE.sub(" ", "".join(words)).strip()))
            self.heading = None
        if tag == "h1" and self.h1 is not None and not self.h1_text:
            self.h1_text = SPACE.sub(" ", "".join(self.h1)).strip() or " "

    def gap(self) -> None:
        """Blocks are apart: one space between them in the text."""
        if self.counting and self.tail and self.tail != " ":
            self.parts.append(" ")
            self.size, self.tail = self.size + 1, " "

    def lt(self, m):
        """A "<" that opens nothing html.parser can finish: text, up to where html.parser reads on."""
        html, i = self.html, m.start()
        after = html[i + 1:i + 2]
        if after in ("/", "!", "?") or (after.isascii() and after.isalpha()):
            end, raw = _unread(html, i)
            self.data(html[i:end], raw)
            return _TOKEN.finditer(html, end)
        self.data("<", False)
        return None

    def data(self, data: str, raw: bool) -> None:
        if not raw and "&" in data:
            data = unescape(data)
        if self.title is not None:
            self.title.append(data)
        if not self.counting:
            return
        text = self.spaced(data)
        if text:
            self.parts.append(text)
            self.size, self.tail = self.size + len(text), text[-1]
            self.note_heading(data)

    def spaced(self, data: str) -> str:
        """The text as indexed: each run of space one space, none right after a space."""
        if data.isspace():  # most text between tags
            return "" if self.tail == " " else " "
        text = SPACE.sub(" ", data)
        return text.lstrip(" ") if self.tail == " " else text

    def note_heading(self, data: str) -> None:
        """Text read also goes to the section heading open, and to the first h1 while it is open."""
        if self.heading is not None:
            self.heading[2].append(data)
        if self.h1 is not None and not self.h1_text:
            self.h1.append(data)


_STOP = iter(())
"""What a piece returns when nothing after it is read (a script or style that never ends)."""


def _read(html: str) -> tuple[bool, str, list[tuple[int, str, str]], str, str]:
    """The text Pagefind indexes: inside data-pagefind-body, outside data-pagefind-ignore, script
    and style; blocks separated by a space; where each section's first heading starts, with the id
    of the heading or of the element around it (the link target).

    Returns (a data-pagefind-body was found, text, [(offset, anchor, heading)], the document's
    <title>, the first h1). One pass (_Reader): a page has hundreds of tags."""
    reader = _Reader(html)
    reader.run()
    return reader.found, "".join(reader.parts), reader.headings, reader.title_text, reader.h1_text


def page_text(html: str) -> tuple[str, str, list[tuple[int, str, str]]] | None:
    """(text, title, headings) of one page, or None when it has no data-pagefind-body."""
    found, text, headings, title_text, h1_text = _read(html)
    if not found:
        return None
    lead = len(text) - len(text.lstrip(" "))
    headings = [(max(0, at - lead), anchor, words) for at, anchor, words in headings]
    # "页面 · 学校 · 站点" without the site's own name says which school's page it is
    title = " · ".join(title_text.split(" · ")[:-1]) or h1_text.strip()
    return text.strip(" "), title, headings


def squeeze(text: str) -> str:
    """What matching compares: no white space, lower case (as the search box does)."""
    return SPACE.sub("", text).lower()


def keys(flat: str) -> set[str]:
    """The single characters and neighbouring pairs of a page's squeezed text."""
    return set(flat) | {flat[i:i + 2] for i in range(len(flat) - 1)}


def triples(flat: str) -> set[str]:
    """The runs of three neighbouring characters of a page's squeezed text."""
    return {flat[i:i + 3] for i in range(len(flat) - 2)}


def shard(key: str) -> int:
    return ord(key[0]) % SHARDS


def postings(ids: list[int]) -> str:
    """Sorted page ids as base-36 gaps."""
    return ",".join([_GAPS[g] if g < _SMALL else _b36(g) for g in map(sub, ids, [0, *ids])])


def _b36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    s = ""
    while True:
        n, r = divmod(n, 36)
        s = digits[r] + s
        if not n:
            return s


_SMALL = 36 * 36
_GAPS = [_b36(n) for n in range(_SMALL)]
"""The gaps of up to two digits, spelt once (a part's postings are hundreds of thousands of gaps)."""


def url_of(rel: str) -> str:
    """/a/b/ for a/b/index.html, as Pagefind and the site link to it."""
    return "/" + re.sub(r"(^|/)index\.html$", r"\1", rel)


def part_folder(part: str) -> str:
    """Where in the site a part's phrase index goes ("" is the site-wide part)."""
    return FOLDER if not part else f"{PHRASE_PARTS}/{part}"


def _dumped(rel: str, data) -> Iterator[tuple[str, bytes]]:
    """data as JSON (what the search box fetches), and beside it the same as a script (.js), which a
    page opened from disk may load where it may not fetch: (path, bytes) of each."""
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    yield rel, raw
    yield rel.removesuffix(".json") + ".js", DISK_CALL + raw + b");\n"


def read_page(data: bytes) -> tuple[str, str, list[tuple[int, str, str]]] | None:
    """page_text of a page's bytes."""
    return page_text(data.decode("utf-8"))


def write_part(pages: list[tuple[str, bytes]], dest: Path, read: Callable[[bytes], Any] = read_page) -> None:
    """Write one part's phrase index (part_files) into dest, anew."""
    if dest.exists():
        shutil.rmtree(dest)
    for sub_folder in ("g", "g3", "t"):
        (dest / sub_folder).mkdir(parents=True)
    for rel, data in part_files(pages, read):
        (dest / rel).write_bytes(data)


def part_files(pages: list[tuple[str, bytes]], read: Callable[[bytes], Any] = read_page) -> Iterator[tuple[str, bytes]]:
    """The files of one part's phrase index, (path in its folder, bytes), from its pages, (path in the
    site, rendered bytes); pages without a data-pagefind-body element are left out. read gives a
    page's (text, title, headings), as read_page does (output/pagetext.py: from the cache)."""
    found = _indexed_pages(pages, read)
    index: defaultdict[str, list[int]] = defaultdict(list)
    index3: defaultdict[str, list[int]] = defaultdict(list)
    yield from _dumped("pages.json", [[url, title] for url, _, title, _ in found])
    for pid, (_, body, _, headings) in enumerate(found):
        flat = squeeze(body)
        for key in keys(flat):
            index[key].append(pid)
        for key in triples(flat):
            index3[key].append(pid)
        yield from _dumped(f"t/{pid}.json", {"x": body, "h": [list(h) for h in headings]})
    yield from _shards("g", index)
    yield from _shards("g3", index3)


def _indexed_pages(pages: list[tuple[str, bytes]], read: Callable[[bytes], Any]) -> list[tuple[str, str, str, list]]:
    """(URL, indexed text, title, headings) of each page with a data-pagefind-body element, by URL."""
    found: list[tuple[str, str, str, list]] = []
    for rel, data in pages:
        text = read(data)
        if text is not None:
            found.append((url_of(rel), *text))
    found.sort(key=lambda p: p[0])
    return found


def _shards(folder: str, found_keys: dict[str, list[int]]) -> Iterator[tuple[str, bytes]]:
    """The keys' postings in SHARDS files (a key's by its shard) in folder."""
    shards: list[dict[str, str]] = [{} for _ in range(SHARDS)]
    for key in sorted(found_keys):
        shards[shard(key)][key] = postings(found_keys[key])
    for n, held in enumerate(shards):
        yield from _dumped(f"{folder}/{n}.json", held)
