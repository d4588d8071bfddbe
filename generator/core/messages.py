"""The table of rule codes, read once from data/messages.yml: severity, message, hint, source.

Codes are stable: CI configurations, documentation and schools' habits depend on them.
Messages are `str.format` templates filled from a diagnostic's params. The table is read when
first asked for (table(), or MESSAGES), not on import: a command that prints no message needs no YAML.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


class _Safe(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(frozen=True)
class Message:
    severity: str
    zh: str
    en: str
    hint_zh: str = ""
    hint_en: str = ""
    source: str = ""

    def render(self, part: str, lang: str, params: dict[str, object]) -> str:
        if part == "message":
            template = self.en if lang == "en" else self.zh
        else:
            template = self.hint_en if lang == "en" else self.hint_zh
        from .shown import param
        return template.format_map(_Safe({k: param(v) for k, v in params.items()}))


@lru_cache(maxsize=1)
def table() -> dict[str, Message]:
    """Every rule code → its Message."""
    import yaml

    text = resources.files(__package__).joinpath("data", "messages.yml").read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return {code: Message(**fields) for code, fields in yaml.load(text, Loader=loader).items()}


def __getattr__(name: str) -> dict[str, Message]:
    """MESSAGES: the table, read on first use."""
    if name == "MESSAGES":
        return table()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
