"""Write a new site repository for a city or district office, from templates/site/ and templates/ci/.

Takes the office's choices (profile, city, title, CI host) and gives the list of files written:
site.yml, one example district, README.md for the office, the CI files of the chosen hosts,
tools/ holding this very plansite's wheel with its SHA-256 and the pinned versions of its
dependencies (what the CI files install), .pre-commit-config.yaml, .gitignore and the JSON Schemas
the YAML files point to.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..core.choices import HOSTS
from ..core.resources import shipped
from .editorschema import write_schemas
from .selfwheel import Wheel, pinned_dependencies

EXAMPLE_DISTRICT = "example"

# template file (under templates/) → where it goes in the new site
FILES = {
    "site/site.yml": "site.yml",
    "site/district.yml": f"content/{EXAMPLE_DISTRICT}/_district.yml",
    "site/README.md": "README.md",
    "site/gitignore": ".gitignore",
    "site/pre-commit-config.yaml": ".pre-commit-config.yaml",
}
# with --parts N: the variants that build the site in N parts on the CI's matrix (docs/ci.md)
PARTS_VARIANTS = {"ci/github-actions.yml": "ci/github-actions-parts.yml", "ci/gitlab-ci.yml": "ci/gitlab-ci-parts.yml"}
TEMPLATE_PARTS = 4
"""How many parts the variants are written for; init --parts N writes N."""
TOOLS = "tools"
WHEEL_REQUIREMENTS = f"{TOOLS}/requirements-ci.txt"
DEPENDENCIES = f"{TOOLS}/requirements-deps.txt"


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
    return text


def with_parts(text: str, n: int) -> str:
    """A parts variant's text for n parts instead of TEMPLATE_PARTS: the matrix lists, the i/N of
    --part and the count in the comments."""
    m = TEMPLATE_PARTS

    def numbers(k: int) -> str:
        return ", ".join(str(i) for i in range(1, k + 1))

    def slices(k: int) -> str:
        return ", ".join(f'"{i}/{k}"' for i in range(1, k + 1))

    text = text.replace(f"part: [{numbers(m)}]", f"part: [{numbers(n)}]")
    text = text.replace(f"PART: [{slices(m)}]", f"PART: [{slices(n)}]")
    text = text.replace(f'}}/{m}"', f'}}/{n}"').replace(f"/{m}）", f"/{n}）")
    text = text.replace(f"分成 {m} 份", f"分成 {n} 份").replace(f"part-1…part-{m}", f"part-1…part-{n}")
    return text


def wheel_requirements(wheel: Wheel) -> str:
    """tools/requirements-ci.txt: the wheel in tools/, pinned by its SHA-256 (pip --require-hashes)."""
    return (f"# plansite {__version__}：本仓库 {TOOLS}/ 中的 wheel，安装时由 pip 核对 SHA-256 ·"
            " plansite itself, checked by its hash:\n"
            f"#   pip install --no-deps --require-hashes -r {WHEEL_REQUIREMENTS}\n"
            "# 改从软件包索引或镜像安装同一个 wheel 时，把下一行换成 · to install the same wheel from an index:\n"
            f"#   plansite=={__version__} --hash=sha256:{wheel.sha256}\n"
            f"./{TOOLS}/{wheel.filename} --hash=sha256:{wheel.sha256}\n")


def dependency_requirements(wheel: Wheel) -> str:
    """tools/requirements-deps.txt: what plansite runs with, each at the version it runs with here."""
    head = (f"# plansite {__version__} 运行所需的软件包，固定为生成本站点时所用的版本 ·"
            " plansite's dependencies, pinned to the versions it was run with:\n"
            f"#   pip install -r {DEPENDENCIES}\n")
    return head + "".join(line + "\n" for line in pinned_dependencies(wheel))


def _write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _templates(hosts: list[str], parts: int) -> list[tuple[str, str]]:
    """(template, where it goes) for every file of a new site: the common ones, then each host's;
    a parts variant in place of the template that has one when the site builds in parts."""
    files = list(FILES.items()) + [pair for host in hosts for pair in HOSTS[host].items()]
    if parts > 1:
        files = [(PARTS_VARIANTS.get(template, template), dest) for template, dest in files]
    return files


def write_site(target: Path, choices: SiteChoices, wheel: Wheel, hosts: list[str], parts: int = 1) -> list[Path]:
    """Write every file of a new site under target; the caller has checked target holds no site.
    parts > 1: the hosts that have one get the workflow that builds the site in that many parts."""
    base = shipped("templates")
    written = []
    for template, dest in _templates(hosts, parts):
        text = fill(template, (base / template).read_text(encoding="utf-8"), choices)
        written.append(_write(target / dest, with_parts(text, parts) if template in PARTS_VARIANTS.values() else text))
    written.append(_write(target / TOOLS / wheel.filename, wheel.data))
    written.append(_write(target / WHEEL_REQUIREMENTS, wheel_requirements(wheel)))
    written.append(_write(target / DEPENDENCIES, dependency_requirements(wheel)))
    written += write_schemas(target / "schemas" / "json")
    return written
