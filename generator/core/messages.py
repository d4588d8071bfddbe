"""The table of rule codes, read once from data/messages.yml: severity, message, hint, source.

Codes are stable: CI configurations, documentation and schools' habits depend on them.
Messages are `str.format` templates filled from a diagnostic's params.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

import yaml


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


def _load() -> dict[str, Message]:
    text = resources.files(__package__).joinpath("data", "messages.yml").read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return {code: Message(**fields) for code, fields in yaml.load(text, Loader=loader).items()}


MESSAGES: dict[str, Message] = _load()
