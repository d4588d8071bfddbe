"""One type for every problem found in content, and the ways to print it."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

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
    labels = _LABELS[lang]
    lines = []
    for d in sorted(diags, key=sort_key):
        lines.append(f"{d.where()}: {labels[d.level]} [{d.code}] {d.message(lang)}")
        hint = d.hint(lang)
        if hint:
            lines.append(f"    {labels['hint']}: {hint}")
    lines.append(summary(diags, lang))
    return "\n".join(lines)


def summary(diags: list[Diagnostic], lang: str = "zh") -> str:
    c = counts(diags)
    if lang == "en":
        if not diags:
            return "No problems found."
        return f"{c['error']} error(s), {c['warning']} warning(s), {c['info']} info."
    if not diags:
        return "检查通过，没有发现问题。"
    return f"共 {c['error']} 个错误、{c['warning']} 个警告、{c['info']} 个提示。"


def _escape_github(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(diags: list[Diagnostic], lang: str = "zh") -> str:
    """Render GitHub Actions workflow commands (annotations on file and line)."""
    kinds = {"error": "error", "warning": "warning", "info": "notice"}
    out = []
    for d in sorted(diags, key=sort_key):
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
        out.append(f"::{kinds[d.level]} {','.join(props)}::{_escape_github(text)}")
    return "\n".join(out)


def format_json(diags: list[Diagnostic], lang: str = "zh") -> str:
    data = {
        "summary": counts(diags),
        "diagnostics": [d.to_dict(lang) for d in sorted(diags, key=sort_key)],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def format_markdown(diags: list[Diagnostic], lang: str = "zh") -> str:
    """Render a table for a pull-request comment."""
    labels = _LABELS[lang]
    head = ("| 级别 | 位置 | 规则 | 问题 | 建议 |" if lang == "zh"
            else "| level | where | rule | problem | hint |")
    rows = [head, "|---|---|---|---|---|"]
    for d in sorted(diags, key=sort_key):
        cells = [labels[d.level], f"`{d.where()}`", f"`{d.code}`", d.message(lang), d.hint(lang)]
        rows.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |")
    return "\n".join(rows + ["", summary(diags, lang)])


def format_codeclimate(diags: list[Diagnostic], lang: str = "zh") -> str:
    """Render a Code Climate report, which GitLab shows on the lines of a merge request."""
    import hashlib
    levels = {"error": "major", "warning": "minor", "info": "info"}
    out = []
    for d in sorted(diags, key=sort_key):
        key = f"{d.code}|{d.path}|{d.line}|{d.message('en')}"
        out.append({
            "description": f"[{d.code}] {d.message(lang)} {d.hint(lang)}".strip(),
            "check_name": d.code,
            "fingerprint": hashlib.sha1(key.encode("utf-8")).hexdigest(),
            "severity": levels[d.level],
            "location": {"path": d.path, "lines": {"begin": d.line or 1}},
        })
    return json.dumps(out, ensure_ascii=False, indent=2)


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
