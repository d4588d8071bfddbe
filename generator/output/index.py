"""The index stage: Pagefind's *extended* binary over the staged site, before it is swapped in.

The extended binary segments Chinese text; the standard one finds few matches for queries
typed without spaces. We refuse to fall back to the standard binary.
"""

from __future__ import annotations

import subprocess
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


def run_pagefind(site: Path, language: str = "zh") -> str:
    """Index the HTML under site into site/pagefind/; return Pagefind's output."""
    binary = extended_binary()
    cmd = [str(binary), "--site", str(site), "--force-language", language, "--quiet"]
    done = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", errors="replace", check=False)
    if done.returncode != 0:
        raise PagefindError(f"Pagefind 建立索引失败 · Pagefind failed ({done.returncode}):\n"
                          f"{done.stdout}{done.stderr}".strip())
    missing = [p for p in sorted(PROVIDED) if not (site / p).is_file()]
    if missing:
        raise PagefindError(f"Pagefind 没有生成 · Pagefind did not write: {', '.join(missing)}")
    return done.stdout
