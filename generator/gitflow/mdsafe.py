"""Text from a pull request, placed in a Markdown comment so that it stays text.

Whatever a plan holds must not become a heading, an image, a link, a mention (@all) or the end
of a code block in the review comment: inline text is escaped, code spans and fences are made
longer than any run of backticks inside them, text in HTML is entity-escaped.
"""

from __future__ import annotations

import html
import re

_SPECIAL = re.compile(r"([\\`*_\[\]<>#!|~&])")
_TICKS = re.compile(r"`+")


def inline(text: str) -> str:
    """Text for a line of Markdown: on one line, every mark escaped, no mention."""
    text = " ".join(str(text).split())
    return _SPECIAL.sub(r"\\\1", text).replace("@", "＠")


def html_text(text: str) -> str:
    """Text inside an HTML element of the comment (such as <summary>)."""
    return html.escape(" ".join(str(text).split())).replace("@", "＠")


def _longest_run(texts: list[str]) -> int:
    return max((len(m.group(0)) for t in texts for m in _TICKS.finditer(t)), default=0)


def code(text: str) -> str:
    """A code span that no backtick in the text can close (and no | can split in a table)."""
    text = " ".join(str(text).split()).replace("|", "\\|")
    ticks = "`" * (_longest_run([text]) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def fence(lines: list[str], info: str = "") -> list[str]:
    """The lines in a fenced code block longer than any backtick run they hold."""
    ticks = "`" * max(3, _longest_run(lines) + 1)
    return [ticks + info, *lines, ticks]
