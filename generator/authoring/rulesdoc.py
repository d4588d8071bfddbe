"""Write the user guide's page 规则代码一览 (docs/rules.md) from the message table.

Every row comes from generator/core/data/messages.yml (severity, message in both languages, source);
generator/core/data/rulesdoc.yml only groups the codes into sections with a few lines of
introduction. `plansite schema` writes the page, and a test keeps the committed page equal to what
this module makes, so a new code is documented by adding it to messages.yml.
"""

from __future__ import annotations

import re
from importlib import resources

import yaml

from ..core.messages import MESSAGES, Message

LEVELS = {"error": "错误 error", "warning": "警告 warning", "info": "提示 info"}

TITLE = "# 规则代码一览 · Rule codes\n\n"
GENERATED = ("本页由 `plansite schema` 从 `generator/core/data/messages.yml` 生成，请勿手改 · generated from the\n"
             "message table; do not edit by hand.\n\n")
COLUMNS = "| 代码 code | 级别 level | 含义 meaning | 依据 source |\n|---|---|---|---|\n"


def _layout() -> dict:
    text = resources.files("generator.core").joinpath("data", "rulesdoc.yml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _cell(text: str) -> str:
    """Markdown table text: placeholders shown as ‹name›, pipes escaped, one line."""
    text = re.sub(r"\{(\w+)\}", r"‹\1›", text or "")
    return text.replace("|", "\\|").replace("\n", " ").strip() or "—"


def _row(code: str, message: Message, levels: dict[str, str]) -> str:
    level = levels.get(code) or LEVELS.get(message.severity, message.severity)
    meaning = f"{_cell(message.zh)}<br>{_cell(message.en)}"
    return f"| `{code}` | {level} | {meaning} | {_cell(message.source)} |"


def sections(layout: dict | None = None, messages: dict[str, Message] | None = None) -> list[tuple[dict, list[str]]]:
    """Each section of the layout with its codes: the listed ones that exist, then every code of
    the table that no section lists goes right after the code before it in the table (or at the end)."""
    layout = layout if layout is not None else _layout()
    messages = messages if messages is not None else MESSAGES
    groups = [(s, [c for c in s.get("codes", []) if c in messages]) for s in layout["sections"]]
    _place_unlisted(groups, messages)
    return groups


def _place_unlisted(groups: list[tuple[dict, list[str]]], messages: dict[str, Message]) -> None:
    """Puts each code no section lists right after the code before it in the table, in that code's
    section (the first codes at the end of the last section)."""
    where = {code: codes for _, codes in groups for code in codes}
    previous = None
    for code in messages:
        if code not in where:
            codes = where[previous] if previous else groups[-1][1]
            codes.insert(codes.index(previous) + 1 if previous else len(codes), code)
            where[code] = codes
        previous = code


def rules_markdown() -> str:
    """The whole page."""
    layout = _layout()
    levels = layout.get("levels") or {}
    parts = [TITLE + GENERATED + layout["head"].strip() + "\n"]
    parts += [_section_text(section, codes, levels) for section, codes in sections(layout)]
    return "\n".join(parts)


def _section_text(section: dict, codes: list[str], levels: dict[str, str]) -> str:
    """One section of the page: its title, its intro, the table of its codes, its outro."""
    text = f"## {section['title']}\n\n"
    if section.get("intro"):
        text += section["intro"].strip() + "\n\n"
    text += COLUMNS + "\n".join(_row(c, MESSAGES[c], levels) for c in codes) + "\n"
    if section.get("outro"):
        text += "\n" + section["outro"].strip() + "\n"
    return text
