"""Every label the site shows, read once from data/labels.yml: Chinese first, English for `language: en`.

Content stays in the language it was written in; only the interface changes.
"""

from __future__ import annotations

from importlib import resources

import yaml


def _load() -> tuple[dict[str, str], dict[str, str]]:
    text = resources.files(__package__).joinpath("data", "labels.yml").read_text(encoding="utf-8")
    table = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return ({key: value["zh"] for key, value in table.items()},
            {key: value["en"] for key, value in table.items() if "en" in value})


ZH, EN = _load()
TABLES = {"zh-CN": ZH, "en": EN}


def labels(language: str) -> dict[str, str]:
    """The label table for a site language; missing English labels fall back to Chinese."""
    table = TABLES.get(language, ZH)
    return table if table is ZH else {**ZH, **table}
