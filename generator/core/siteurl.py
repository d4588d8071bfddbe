"""site.yml's base_url: what a valid one is, and its path (what 404.html's links start with).

Pages link each other and their assets relative to themselves, so base_url is never where a page
loads anything from; it only says where the site is published (the links in schools.csv,
schools.json and the calendars, and 404.html, which a host serves at any depth). A valid value is
a path (/ or /plans/) or an http(s) address of the site (https://example.org/plans/).
"""

from __future__ import annotations

from urllib.parse import SplitResult, urlsplit

_UNSAFE = set("\\\"'<>`^{}|") | {" ", "\t"}


def base_url_problem(value: str) -> tuple[str, str] | None:
    """Why base_url is not a plain path or an http(s) address (in Chinese, in English); None when it is."""
    if any(ord(c) < 32 or c in _UNSAFE for c in value):
        return ("含有空格、引号、尖括号、反斜杠等不能出现在网址中的字符",
                "it holds a space, quote, angle bracket, backslash or other character no address may hold")
    parts = urlsplit(value)
    problem = _address_problem(parts) if parts.scheme else _path_problem(value)
    if problem is None and _holds_query(parts, value):
        return ("含有 ? 或 #", "it holds ? or #")
    return problem


def _holds_query(parts: SplitResult, value: str) -> bool:
    """Whether the value holds a query or a fragment, or a bare ? or #."""
    return bool(parts.query or parts.fragment or "?" in value or "#" in value)


def _address_problem(parts: SplitResult) -> tuple[str, str] | None:
    """Why an address (with a scheme) is not the http(s) address of a host; None when it is."""
    if parts.scheme not in ("http", "https"):
        return (f"以“{parts.scheme}:”开头；只能是以 / 开头的路径或 http(s) 网址",
                f"it starts with '{parts.scheme}:'; only a path starting with / or an http(s) address will do")
    if not parts.hostname or "@" in parts.netloc:
        return ("网址中没有主机名，或含有用户名、密码", "the address has no host, or holds a user name or password")
    return None


def _path_problem(value: str) -> tuple[str, str] | None:
    """Why a value without a scheme is not a path of this host; None when it is."""
    if not value.startswith("/") or value.startswith("//"):
        return ("不是以 / 开头的路径（以 // 开头的会指向别的网站）",
                "it is not a path starting with / (one starting with // names another host)")
    return None


def published_base(value: str) -> str:
    """base_url ending in /, or / when it is not valid (check reports it)."""
    base = value if base_url_problem(value) is None else "/"
    return base if base.endswith("/") else base + "/"


def base_path(value: str) -> str:
    """The path of base_url, ending in /."""
    return urlsplit(published_base(value)).path or "/"
