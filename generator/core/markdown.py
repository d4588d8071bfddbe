"""Markdown → safe HTML: the one place where prose fields become markup.

Content comes from pull requests, so it is untrusted: raw HTML is escaped, and links or
images whose scheme is not plainly safe (javascript:, data:, vbscript:, file:) are dropped
and shown as text. The renderer sits behind render_markdown() so it can be swapped.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from markdown_it import MarkdownIt
from markupsafe import Markup, escape

_BAD_SCHEME = re.compile(r"^\s*(javascript|vbscript|data|file)\s*:", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def _safe_link(url: str) -> bool:
    # browsers ignore tabs, newlines and controls inside a scheme ("java\tscript:")
    return not _BAD_SCHEME.match(_CONTROL.sub("", url))


_REMOTE = re.compile(r"^\s*([a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


def _image(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    """Images load from inside the site only: a remote image becomes its alt text."""
    token = tokens[idx]
    if _REMOTE.match(token.attrGet("src") or ""):
        return str(escape(self.renderInlineAsText(token.children or [], options, env)))
    return str(self.image(tokens, idx, options, env))


def _make_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.validateLink = _safe_link  # type: ignore[method-assign]  # markdown-it's own way to set it
    md.add_render_rule("image", _image)
    return md


_MD = _make_parser()
_CACHE: dict[str, str] = {}
_CACHE_LIMIT = 50_000


def render_markdown(text: str | None) -> Markup:
    """Render Markdown to HTML with raw HTML escaped and unsafe links dropped (cached by hash)."""
    if not text:
        return Markup("")
    key = hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()
    html = _CACHE.get(key)
    if html is None:
        html = _MD.render(text)
        if len(_CACHE) >= _CACHE_LIMIT:
            _CACHE.clear()
        _CACHE[key] = html
    return Markup(html)
