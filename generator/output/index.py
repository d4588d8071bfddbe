"""Pagefind for the index stage: its *extended* binary, and the files it adds to the site.

The extended binary segments Chinese text; the standard one finds few matches for queries
typed without spaces. We refuse to fall back to the standard binary. The parts of the index
are built in generator/output/search.py.
"""

from __future__ import annotations

from pathlib import Path

PROVIDED = frozenset({"pagefind/pagefind-ui.js", "pagefind/pagefind-ui.css", "pagefind/pagefind.js"})
"""Files the index stage adds, which pages may link to before it runs."""


class PagefindError(RuntimeError):
    """Pagefind is missing or failed."""


def extended_binary() -> Path:
    """The pagefind_extended executable from the pip package pagefind[extended]."""
    try:
        from pagefind_bin_extended import get_executable
    except ImportError as exc:
        raise PagefindError("找不到 Pagefind 扩展版，请安装：pip install 'pagefind[extended]' · "
                          "the extended Pagefind binary is missing: pip install 'pagefind[extended]'") from exc
    return Path(get_executable())
