"""Write commented YAML templates from the models, so a template never drifts from the schema.

Every field gets its Chinese description as a comment (English after ·) and an empty value
of the right shape; `plansite check` on a fresh template lists exactly what is left to fill.
"""

from __future__ import annotations

import json
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from ..load.structure import _unwrap

# Fields a new school does not write: they are optional extras or filled by the office.
SKIP = {"targets", "sample", "source", "version", "scores", "item", "self_score", "score", "output_quotas",
        # stable ids default from the text; the facts only some profiles ask for (plan_facts) and the
        # office's records (designations, certification) are written when needed, as docs/writing.md says
        "id", "cio", "budget", "performance_goals", "kickoff", "designations", "certification",
        "editor"}
# Fields with a default that the checks read, written in every list item that has them: the first
# team member leads (PLAN-TEAM-LEAD), and the calendar counts online and offline hours apart, so its
# template has one row of each (the profiles' hour checks).
ITEM_FLAGS = {"lead": ["true"], "online": ["false", "true"]}


def _model_of(annotation: Any) -> type[BaseModel] | None:
    for cand in _unwrap(annotation):
        if isinstance(cand, type) and issubclass(cand, BaseModel):
            return cand
    return None


def _list_item(annotation: Any) -> Any | None:
    for cand in _unwrap(annotation):
        if typing.get_origin(cand) is list:
            return typing.get_args(cand)[0]
    return None


def _comment(info: FieldInfo) -> str:
    return (info.description or "").replace("\n", " ")


def _scalar(annotation: Any) -> str:
    kinds = _unwrap(annotation)
    if any(k is bool for k in kinds):
        return "false"
    return "" if _number_only(kinds) else '""'


def _number_only(kinds) -> bool:
    """A number field (no text, no fixed set of values): its value is left empty."""
    if any(typing.get_origin(k) is typing.Literal for k in kinds):
        return False
    return any(k in (int, float) for k in kinds) and not any(k is str for k in kinds)


def _item_flag(model: type[BaseModel]) -> str | None:
    return next((name for name in ITEM_FLAGS if name in model.model_fields), None)


def _list_items(name: str, item_model: type[BaseModel], pad: str, indent: int) -> list[str]:
    """A list of models: one commented item, or one per value of the flag the checks read."""
    flag = _item_flag(item_model)
    lines = [f"{pad}{name}:"]
    for value in ITEM_FLAGS[flag] if flag else [None]:
        body = render_model(item_model, indent + 4, {flag: value} if flag else None)
        first = next(i for i, line in enumerate(body) if not line.strip().startswith("#"))
        body[first] = f"{pad}  - " + body[first].lstrip()
        lines.extend(body)
    return lines


def render_model(model: type[BaseModel], indent: int = 0, overrides: dict | None = None) -> list[str]:
    """YAML lines for every field of model, each preceded by its description."""
    pad = " " * indent
    lines: list[str] = []
    overrides = overrides or {}
    for name, info in model.model_fields.items():
        if name not in overrides and _left_to_default(name, info):
            continue
        lines += _field_comments(info, pad)
        if name in overrides:
            lines.append(_given_line(name, overrides[name], pad))
        else:
            lines += _field_value(name, info, pad, indent)
    return lines


def _given_line(name: str, value, pad: str) -> str:
    """A field with the value given for it: a flag's value as it is, any other in JSON (valid YAML)."""
    shown = value if name in ITEM_FLAGS else json.dumps(value, ensure_ascii=False)
    return f"{pad}{name}: {shown}"


def _left_to_default(name: str, info: FieldInfo) -> bool:
    """Optional extras, and fields whose default is already right: not in the template."""
    return name in SKIP or name in ITEM_FLAGS or info.default not in (None, PydanticUndefined, [], "")


def _field_comments(info: FieldInfo, pad: str) -> list[str]:
    """The field's description, and the values it may take when it has a fixed set."""
    lines = [f"{pad}# {_comment(info)}"]
    literal = next((k for k in _unwrap(info.annotation) if typing.get_origin(k) is typing.Literal), None)
    if literal is not None:
        lines.append(f"{pad}# 可选：{' / '.join(map(str, typing.get_args(literal)))}")
    return lines


def _field_value(name: str, info: FieldInfo, pad: str, indent: int) -> list[str]:
    """The field's line with an empty value: a list (of commented items), a nested model, or a scalar."""
    sub = _model_of(info.annotation)
    item = _list_item(info.annotation)
    if item is not None:
        item_model = _model_of(item)
        return _list_items(name, item_model, pad, indent) if item_model is not None else [f"{pad}{name}: []"]
    if sub is not None:
        return [f"{pad}{name}:", *render_model(sub, indent + 2)]
    return [f"{pad}{name}: {_scalar(info.annotation)}".rstrip()]


def template(model: type[BaseModel], title: str, schema: str | None, overrides: dict | None = None) -> str:
    head = []
    if schema:
        head.append(f"# yaml-language-server: $schema={schema}")
    head += [f"# {title}",
             "# 每个字段上方的注释说明要写什么；写完后运行 plansite check，它会列出还没填写的部分。",
             "# 多行文字可写成：键: |-  然后换行、缩进两格再写正文（支持 Markdown）。", ""]
    return "\n".join(head + render_model(model, 0, overrides)) + "\n"


def relative_schema(target: Path, root: Path, name: str) -> str:
    """The path from a content file to schemas/json/name, for editors."""
    depth = len(target.parent.resolve().relative_to(root.resolve()).parts)
    return "/".join([".."] * depth + ["schemas", "json", name])
