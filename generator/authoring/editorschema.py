"""The JSON Schemas editors read, exported from the models so they say what `plansite check` says.

pydantic's own export needs two repairs to be a schema any strict validator loads: a numeric
bound on a union type (`int | None`, `int | float`) comes out as pydantic's `ge`/`le`, which is
no JSON Schema keyword, so it is turned into `minimum`/`maximum` on the numeric branches; and
the custom formats (Markdown text) are listed in FORMATS and declared for ajv in
schemas/json/formats.cjs. What a model accepts besides its declared type (one name for a list
of names) is declared on the model itself, with base.AlsoAccepts. An editor or a form shows a
schema's titles, so they are Chinese: a field's title is the label its description starts with (the
same description the field reference shows), a nested block's title is the label of the field that
holds it, and a file's title is the name of the file's content.
"""

from __future__ import annotations

import json
import re
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema

from ..load.structure import _unwrap
from ..model.files import SCHEMAS, label  # noqa: F401  (commands import them from here)

TITLES = {
    "site.schema.json": "站点配置", "district.schema.json": "区（镇、县）", "school.schema.json": "学校基本信息",
    "plan.schema.json": "学校信息化教育教学发展规划", "training.schema.json": "校本研修与考核方案",
    "review.schema.json": "专家指导意见", "selfscore.schema.json": "学校自评", "progress.schema.json": "培训进展",
    "filing.schema.json": "两案的报送、审核与备案记录", "outputs.schema.json": "研修成果",
    "district-plan.schema.json": "区（县）级规划", "teachers.schema.json": "教师档案", "groups.schema.json": "教研组档案",
    "yearly.schema.json": "年度总结与计划",
    "catalog.schema.json": "能力点目录", "profile.schema.json": "政策配置", "rubric.schema.json": "考核细则",
    "designations.schema.json": "试点、示范学校名单", "inspection.schema.json": "市、区抽检记录",
}
"""What each file holds, as an editor shows it above the file."""

FORMATS = {"markdown": "Markdown 文本（不渲染原始 HTML）· Markdown text (raw HTML is not rendered)"}
"""Formats of our own: any string is valid; the format tells an editor how to show it."""

FORMATS_JS = "formats.cjs"
DRAFT = "https://json-schema.org/draft/2020-12/schema"

_BOUNDS = {"ge": "minimum", "le": "maximum", "gt": "exclusiveMinimum", "lt": "exclusiveMaximum"}
_NUMERIC = ("integer", "number")


def _move_bounds(node: dict) -> None:
    bounds = {_BOUNDS[k]: node.pop(k) for k in list(node) if k in _BOUNDS}
    if not bounds:
        return
    for branch in _numeric_branches(node):
        branch.update(bounds)


def _numeric_branches(node: dict) -> list[dict]:
    """Where a number's bounds go: the number types of a union (anyOf), else the node itself."""
    return [b for b in node.get("anyOf", []) if b.get("type") in _NUMERIC] or [node]


def _repair(node: Any) -> Any:
    if isinstance(node, dict):
        _move_bounds(node)
        for value in node.values():
            _repair(value)
    elif isinstance(node, list):
        for value in node:
            _repair(value)
    return node


class EditorSchema(GenerateJsonSchema):
    """pydantic's JSON Schema with every keyword a strict validator knows."""

    def generate(self, schema, mode="validation"):
        out = _repair(super().generate(schema, mode=mode))
        out["$schema"] = DRAFT
        return out


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    found = []
    for t in _unwrap(annotation):
        if typing.get_origin(t) in (list, dict):
            found += [m for arg in typing.get_args(t) for m in _models_in(arg)]
        elif isinstance(t, type) and issubclass(t, BaseModel):
            found.append(t)
    return found


def _titles(root: type[BaseModel], title: str | None) -> dict[str, tuple[str | None, dict[str, str | None]]]:
    """For root and every model inside it, by name: its title and its fields' titles (by key)."""
    out: dict[str, tuple[str | None, dict[str, str | None]]] = {}
    queue: list[tuple[type[BaseModel], str | None]] = [(root, title)]
    while queue:
        model, model_title = queue.pop(0)
        if model.__name__ in out:
            continue
        out[model.__name__] = (model_title, _field_titles(model))
        for name, info in model.model_fields.items():
            queue += [(sub, label(info.description)) for sub in _models_in(info.annotation)]
    return out


def _field_titles(model: type[BaseModel]) -> dict[str, str | None]:
    """Each field's title (the Chinese label of its description), by its key in the file."""
    return {info.alias or name: label(info.description) for name, info in model.model_fields.items()}


_CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _put_model_title(node: dict, title: str) -> None:
    """The model's Chinese title, also put before its English description: an editor shows the
    description on hover, and a field's description reads the same way ("学校全称 · Full name")."""
    node["title"] = title
    if node.get("description") and not _CHINESE.search(node["description"][:12]):
        node["description"] = f"{title} · {node['description']}"


def _put_titles(node: dict, titles: tuple[str | None, dict[str, str | None]]) -> None:
    title, fields = titles
    node.pop("title", None)
    if title:
        _put_model_title(node, title)
    for key, prop in node.get("properties", {}).items():
        prop.pop("title", None)
        if fields.get(key):
            prop["title"] = fields[key]


def render(model) -> str:
    """The JSON Schema of one content model as the text of a .schema.json file, with Chinese titles."""
    schema = model.model_json_schema(schema_generator=EditorSchema)
    titles = _titles(model, next((TITLES[name] for name, m in SCHEMAS.items() if m is model), None))
    _put_titles(schema, titles[model.__name__])
    for name, node in schema.get("$defs", {}).items():
        _put_titles(node, titles.get(name, (None, {})))
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def formats_js() -> str:
    """An ajv module declaring our formats, for `ajv -c ./schemas/json/formats.cjs`."""
    lines = ["// plansite 自定义的 JSON Schema 格式 · custom formats of plansite's JSON Schemas",
             "// 用法 usage: ajv validate --spec=draft2020 -c ./schemas/json/formats.cjs -s 模式 -d 文件",
             "module.exports = function (ajv) {"]
    for name, what in sorted(FORMATS.items()):
        lines.append(f"  ajv.addFormat({json.dumps(name)}, true); // {what}")
    lines += ["  return ajv;", "};"]
    return "\n".join(lines) + "\n"


def write_schemas(out: Path) -> list[Path]:
    """Write every schema and the formats module into out; gives the files written."""
    out.mkdir(parents=True, exist_ok=True)
    files = {name: render(model) for name, model in SCHEMAS.items()}
    files[FORMATS_JS] = formats_js()
    written = []
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")
        written.append(out / name)
    return written


SCHEMA_LINE = "# yaml-language-server: $schema="
_FIXED = {"site.yml": "site", "_district.yml": "district", "school.yml": "school", "plan.yml": "plan",
          "training.yml": "training", "selfscore.yml": "selfscore", "progress.yml": "progress",
          "filing.yml": "filing", "outputs.yml": "outputs",
          "teachers.yml": "teachers", "groups.yml": "groups", "yearly.yml": "yearly"}
_DISTRICT_FILES = {"_district.yml": "district", "district-plan.yml": "district-plan", "yearly.yml": "yearly"}
_POLICY = {"catalogs": "catalog", "profiles": "profile", "rubrics": "rubric", "designations": "designations"}


def schema_of(rel: str) -> str | None:
    """The schema file of a site's YAML file (path from the site root), None for YAML check does not read."""
    parts = rel.split("/")
    if parts[0] == "schemas" and len(parts) == 3 and parts[1] in _POLICY:
        return f"{_POLICY[parts[1]]}.schema.json"
    if parts == ["site.yml"]:
        return "site.schema.json"
    if parts[0] != "content":
        return None
    return _content_schema(parts)


def _content_schema(parts: list[str]) -> str | None:
    """The schema file of a YAML file under content/ (its path split at the slashes)."""
    if len(parts) == 5 and parts[3] == "reviews":
        return "review.schema.json"
    if len(parts) in (3, 4) and parts[-2] == "reviews":
        return "inspection.schema.json"  # the city's draws of districts, a district's draws of schools
    if len(parts) == 3:
        return _schema_file(_DISTRICT_FILES.get(parts[2]))
    if len(parts) == 4 and parts[3] != "_district.yml":
        return _schema_file(_FIXED.get(parts[3]))
    return None


def _schema_file(name: str | None) -> str | None:
    return f"{name}.schema.json" if name else None


def schema_comment(rel: str) -> str:
    """The `# yaml-language-server: $schema=…` line for that file, pointing into the site's schemas/json/."""
    name = schema_of(rel)
    if name is None:
        return ""
    if rel.startswith("schemas/"):
        return f"{SCHEMA_LINE}../json/{name}\n"
    depth = rel.count("/")
    return SCHEMA_LINE + "/".join([".."] * depth + ["schemas", "json", name]) + "\n"
