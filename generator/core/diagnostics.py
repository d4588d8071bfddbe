"""One type for every problem found in content, and the ways to print it."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from .messages import Message, table

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True, eq=False)
class Diagnostic:
    """A problem in one file: a stable code, where it is, and the values its message needs.

    Two diagnostics are the same only when their values are the same too: several problems
    on one line (three sections missing before the same key) stay three diagnostics.
    """

    code: str
    path: str
    line: int | None = None
    column: int | None = None
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    severity: str | None = None  # overrides the code's default severity

    def _identity(self) -> tuple[object, ...]:
        return (self.code, self.path, self.line, self.column, self.severity,
                tuple(sorted((str(k), repr(v)) for k, v in self.params.items())))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Diagnostic):
            return NotImplemented
        return self._identity() == other._identity()

    def __hash__(self) -> int:
        return hash(self._identity())

    @property
    def spec(self) -> Message:
        return table()[self.code]

    @property
    def level(self) -> str:
        return self.severity or self.spec.severity

    def message(self, lang: str = "zh") -> str:
        return self.spec.render("message", lang, self.params)

    def hint(self, lang: str = "zh") -> str:
        return self.spec.render("hint", lang, self.params)

    def where(self) -> str:
        if self.line is None:
            return self.path
        return f"{self.path}:{self.line}"

    def to_dict(self, lang: str = "zh") -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.level,
            "file": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message(lang),
            "hint": self.hint(lang),
        }


_KEY_IN_PARENS = re.compile(r"（[A-Za-z0-9_.\- ]+）")


def public_message(d: Diagnostic) -> str:
    """A check message as the public reads it: without the file keys some messages name, e.g. （threats）."""
    return _KEY_IN_PARENS.sub("", d.message("zh"))


def sort_key(d: Diagnostic) -> tuple[str, int, int, str]:
    return (d.path, d.line or 0, d.column or 0, d.code)


def has_errors(diags: Iterable[Diagnostic]) -> bool:
    return any(d.level == "error" for d in diags)


def counts(diags: Iterable[Diagnostic]) -> dict[str, int]:
    out = {s: 0 for s in SEVERITIES}
    for d in diags:
        out[d.level] += 1
    return out


_LABELS = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示", "hint": "建议"},
    "en": {"error": "error", "warning": "warning", "info": "info", "hint": "hint"},
}


def format_human(diags: list[Diagnostic], lang: str = "zh") -> str:
    """Render diagnostics for a terminal: one block per problem and a summary line."""
    return render("human", diags, lang)


def summary(diags: list[Diagnostic], lang: str = "zh") -> str:
    return summary_of(counts(diags), lang)


def summary_of(found: dict[str, int], lang: str = "zh") -> str:
    """The summary line of a report that found these counts (by severity)."""
    c = found
    if lang == "en":
        if not any(c.values()):
            return "No problems found."
        return f"{c['error']} error(s), {c['warning']} warning(s), {c['info']} info."
    if not any(c.values()):
        return "检查通过，没有发现问题。"
    return f"共 {c['error']} 个错误、{c['warning']} 个警告、{c['info']} 个提示。"


def _escape_github(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def _item_human(d: Diagnostic, lang: str) -> str:
    labels = _LABELS[lang]
    line = f"{d.where()}: {labels[d.level]} [{d.code}] {d.message(lang)}"
    hint = d.hint(lang)
    return f"{line}\n    {labels['hint']}: {hint}" if hint else line


def _join_human(items: list[str], found: dict[str, int], lang: str) -> str:
    return "\n".join([*items, summary_of(found, lang)])


def _item_github(d: Diagnostic, lang: str) -> str:
    """A GitHub Actions workflow command (an annotation on file and line)."""
    kinds = {"error": "error", "warning": "warning", "info": "notice"}
    props = [f"file={_escape_github(d.path, True)}"]
    if d.line is not None:
        props.append(f"line={d.line}")
    if d.column is not None:
        props.append(f"col={d.column}")
    props.append(f"title={_escape_github(d.code, True)}")
    text = d.message(lang)
    hint = d.hint(lang)
    if hint:
        text += ("\n建议：" if lang == "zh" else "\nHint: ") + hint
    return f"::{kinds[d.level]} {','.join(props)}::{_escape_github(text)}"


def _join_lines(items: list[str], found: dict[str, int], lang: str) -> str:
    return "\n".join(items)


def _indented(text: str, by: str) -> str:
    return "\n".join(by + line for line in text.split("\n"))


def _item_json(d: Diagnostic, lang: str) -> str:
    """One diagnostic as json.dumps(…, indent=2) writes it inside the report's list."""
    return _indented(json.dumps(d.to_dict(lang), ensure_ascii=False, indent=2), "    ")


def _join_json(items: list[str], found: dict[str, int], lang: str) -> str:
    """What json.dumps({"summary": …, "diagnostics": […]}, indent=2) writes, from the items."""
    head = json.dumps({"summary": found}, ensure_ascii=False, indent=2)[:-2]
    listed = "[\n" + ",\n".join(items) + "\n  ]" if items else "[]"
    return f'{head},\n  "diagnostics": {listed}\n}}'


def _item_markdown(d: Diagnostic, lang: str) -> str:
    """A table row for a pull-request comment."""
    labels = _LABELS[lang]
    cells = [labels[d.level], f"`{d.where()}`", f"`{d.code}`", d.message(lang), d.hint(lang)]
    return "| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |"


def _join_markdown(items: list[str], found: dict[str, int], lang: str) -> str:
    head = ("| 级别 | 位置 | 规则 | 问题 | 建议 |" if lang == "zh"
            else "| level | where | rule | problem | hint |")
    return "\n".join([head, "|---|---|---|---|---|", *items, "", summary_of(found, lang)])


def _item_codeclimate(d: Diagnostic, lang: str) -> str:
    """One issue of a Code Climate report (GitLab shows them on a merge request's lines)."""
    import hashlib
    levels = {"error": "major", "warning": "minor", "info": "info"}
    key = f"{d.code}|{d.path}|{d.line}|{d.message('en')}"
    issue = {
        "description": f"[{d.code}] {d.message(lang)} {d.hint(lang)}".strip(),
        "check_name": d.code,
        "fingerprint": hashlib.sha1(key.encode("utf-8")).hexdigest(),
        "severity": levels[d.level],
        "location": {"path": d.path, "lines": {"begin": d.line or 1}},
    }
    return _indented(json.dumps(issue, ensure_ascii=False, indent=2), "  ")


def _join_codeclimate(items: list[str], found: dict[str, int], lang: str) -> str:
    return "[\n" + ",\n".join(items) + "\n]" if items else "[]"


Item = Callable[[Diagnostic, str], str]
Join = Callable[[list[str], dict[str, int], str], str]
FORMATS: dict[str, tuple[Item, Join]] = {
    "human": (_item_human, _join_human),
    "github": (_item_github, _join_lines),
    "json": (_item_json, _join_json),
    "markdown": (_item_markdown, _join_markdown),
    "codeclimate": (_item_codeclimate, _join_codeclimate),
}
"""Each report format: one diagnostic's text (item) and the report from the items in order and the
counts by severity (join). A report is its items joined, so a check can keep each school's items
and print the report without formatting an unchanged school's problems again (check/report.py)."""


def render(fmt: str, diags: list[Diagnostic], lang: str = "zh") -> str:
    """The report of diags in the format fmt: each diagnostic's item in sort order, joined."""
    item, join = FORMATS[fmt]
    return join([item(d, lang) for d in sorted(diags, key=sort_key)], counts(diags), lang)


def format_github(diags: list[Diagnostic], lang: str = "zh") -> str:
    """Render GitHub Actions workflow commands (annotations on file and line)."""
    return render("github", diags, lang)


def format_json(diags: list[Diagnostic], lang: str = "zh") -> str:
    return render("json", diags, lang)


def format_markdown(diags: list[Diagnostic], lang: str = "zh") -> str:
    """Render a table for a pull-request comment."""
    return render("markdown", diags, lang)


def format_codeclimate(diags: list[Diagnostic], lang: str = "zh") -> str:
    """Render a Code Climate report, which GitLab shows on the lines of a merge request."""
    return render("codeclimate", diags, lang)


FORMATTERS = {
    "human": format_human,
    "github": format_github,
    "json": format_json,
    "markdown": format_markdown,
    "codeclimate": format_codeclimate,
}


def relpath(path: Path, root: Path) -> str:
    """Show a path relative to the site root, with forward slashes."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
