"""Write a new site repository for a city or district office, from templates/site/ and templates/ci/.

Takes the office's choices (profile, city, title) and gives the list of files written: site.yml,
one example district, README.md for the office, CI files that install this very version of
plansite, .pre-commit-config.yaml, .gitignore and the JSON Schemas the YAML files point to.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..core.resources import shipped
from .editorschema import write_schemas

EXAMPLE_DISTRICT = "example"

# template file (under templates/) → where it goes in the new site
FILES = {
    "site/site.yml": "site.yml",
    "site/district.yml": f"content/{EXAMPLE_DISTRICT}/_district.yml",
    "site/README.md": "README.md",
    "site/gitignore": ".gitignore",
    "site/pre-commit-config.yaml": ".pre-commit-config.yaml",
    "ci/github-actions.yml": ".github/workflows/plansite.yml",
    "ci/gitlab-ci.yml": ".gitlab-ci.yml",
}

_SPEC = re.compile(r'^(\s*PLANSITE_SPEC:\s*).*$', re.M)


@dataclass
class SiteChoices:
    profile: str
    profiles: list[str]
    city: str | None = None
    title: str | None = None

    def fields(self) -> dict[str, str]:
        city = self.city or ""
        title = self.title or f"{city}能力提升工程 2.0 两案公示平台"
        return {"title": title, "city": city or "本地区", "profile": self.profile,
                "profiles": "、".join(self.profiles), "version": __version__}


def _yaml_scalar(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML scalar, whatever it holds


def fill(template: str, text: str, choices: SiteChoices) -> str:
    """One template with the office's choices put in; YAML values are quoted, CI pins this version."""
    values = choices.fields()
    for key, value in values.items():
        if template.endswith((".yml", ".yaml")) and key in ("title", "city", "profile"):
            text = re.sub(rf"^(\s*\w+: ){{{key}}}$", lambda m: m.group(1) + _yaml_scalar(value), text, flags=re.M)
        text = text.replace(f"{{{key}}}", value)
    if template == "site/site.yml" and not choices.city:
        text = re.sub(r"^city: .*$", "# city: 某某市", text, flags=re.M)
    if template.startswith("ci/"):
        text = _SPEC.sub(lambda m: m.group(1) + _yaml_scalar(f"plansite=={__version__}"), text)
    return text


def write_site(target: Path, choices: SiteChoices) -> list[Path]:
    """Write every file of a new site under target; the caller has checked target holds no site."""
    written = []
    base = shipped("templates")
    for template, dest in FILES.items():
        path = target / dest
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(fill(template, (base / template).read_text(encoding="utf-8"), choices), encoding="utf-8")
        written.append(path)
    written += write_schemas(target / "schemas" / "json")
    return written
