"""Write the field reference of every content file from the models (docs/reference.md)."""

from __future__ import annotations

import typing

from pydantic import BaseModel

from ..load.structure import _unwrap
from ..model import District, Groups, Plan, Progress, Review, School, SelfScore, SiteConfig, Teachers, Training
from ..model.designations import DesignationList
from ..model.rubric import Rubric

FILES: list[tuple[str, type[BaseModel]]] = [
    ("site.yml", SiteConfig), ("content/<区>/_district.yml", District), ("school.yml", School),
    ("plan.yml", Plan), ("training.yml", Training), ("selfscore.yml", SelfScore),
    ("progress.yml", Progress), ("teachers.yml", Teachers), ("groups.yml", Groups), ("reviews/*.yml", Review),
    ("schemas/rubrics/*.yml", Rubric), ("schemas/designations/*.yml", DesignationList),
]


def _type_name(annotation) -> str:
    names = [_one_type_name(t) for t in _unwrap(annotation) if t is not type(None)]
    return " 或 ".join(dict.fromkeys(names)) or "—"


_SCALAR_NAMES = {"str": "文本 text", "int": "整数 integer", "float": "数字 number", "bool": "true / false"}


def _one_type_name(t) -> str:
    """One type of a field as the reference names it: a list of …, the values it may take, a model, a scalar."""
    origin = typing.get_origin(t)
    if origin is list:
        return f"列表 list of {_type_name(typing.get_args(t)[0])}"
    if origin is typing.Literal:
        return " / ".join(map(str, typing.get_args(t)))
    if isinstance(t, type) and issubclass(t, BaseModel):
        return t.__name__
    if isinstance(t, type):
        return _SCALAR_NAMES.get(t.__name__, t.__name__)
    return str(t)


def _nested(annotation) -> list[type[BaseModel]]:
    out = []
    for t in _unwrap(annotation):
        if typing.get_origin(t) is list:
            out += _nested(typing.get_args(t)[0])
        elif isinstance(t, type) and issubclass(t, BaseModel):
            out.append(t)
    return out


def _table(model: type[BaseModel]) -> list[str]:
    rows = ["| 字段 field | 类型 type | 必填 required | 说明 description |", "|---|---|---|---|"]
    for name, info in model.model_fields.items():
        desc = (info.description or "").replace("|", "\\|").replace(" · ", "<br>")
        rows.append(f"| `{name}` | {_type_name(info.annotation)} | {'是 yes' if info.is_required() else ''} | {desc} |")
    return rows


def reference() -> str:
    out = ["# 字段参考 · Field reference", "",
           "本页由 `plansite schema` 根据数据模型自动生成，请勿手改。"
           "“必填”指文件中必须出现的字段；两案中哪些部分必须填写，由政策配置（profile）的 required_sections 决定。",
           "", "*Generated from the models by `plansite schema`; do not edit by hand.*", ""]
    seen: set[type] = set()
    for title, root in FILES:
        out += [f"## {title}", "", (root.__doc__ or "").strip().splitlines()[0], ""] + _table(root) + [""]
        queue = _nested_all(root)
        for model in queue:
            if model in seen:
                continue
            seen.add(model)
            out += [f"### {model.__name__}", "", (model.__doc__ or "").strip().splitlines()[0], ""]
            out += _table(model) + [""]
    return "\n".join(out).rstrip() + "\n"


def _nested_all(root: type[BaseModel]) -> list[type[BaseModel]]:
    order: list[type[BaseModel]] = []
    stack = [root]
    while stack:
        model = stack.pop(0)
        for info in model.model_fields.values():
            for sub in _nested(info.annotation):
                if sub not in order and sub is not root:
                    order.append(sub)
                    stack.append(sub)
    return order
