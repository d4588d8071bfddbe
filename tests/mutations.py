"""A mutation corpus built from the content models: every field, every wrong kind of value.

For each file type the models describe, a valid document of the demo is taken apart: each
field at every depth (following the document where it has data) gets each kind of wrong
value, and each mapping or list is swapped for the other shape.
"""

from __future__ import annotations

import copy
import math
import types
import typing
from dataclasses import dataclass
from typing import Any, Iterator

from pydantic import BaseModel

MISSING = object()

WRONG_VALUES: dict[str, Any] = {
    "missing": MISSING,
    "null": None,
    "string": "一段文字",
    "number": 7,
    "bool": True,
    "list": ["甲", 1],
    "mapping": {"键": "值"},
    "nan": math.nan,
    "inf": math.inf,
    "huge": 1e308,
    "control": "甲\x00乙\x1b[31m\r丙\u202e丁\x7f",
}
"""The kinds of value tried on every field (the 10 MB string is tried on a sample of fields)."""


@dataclass(frozen=True)
class Mutation:
    file: str    # the file inside the school folder, or site.yml / _district.yml
    loc: tuple   # where in the document
    kind: str    # a key of WRONG_VALUES, or "as-list" / "as-mapping"

    def __str__(self) -> str:
        return f"{self.file}:{'.'.join(map(str, self.loc)) or '(root)'}={self.kind}"


def _models_in(annotation: Any) -> list[tuple[type[BaseModel], bool]]:
    """The models an annotation holds, each with whether it sits inside a list or dict."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _models_in(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]
    if origin in (list, dict):
        return [(m, True) for m, _ in _models_in(typing.get_args(annotation)[-1])]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [(annotation, False)]
    return []


def field_locs(model: type[BaseModel], data: Any, loc: tuple = ()) -> Iterator[tuple]:
    """Every field of model at every depth, placed where the document has (or would have) it."""
    for name, info in model.model_fields.items():
        here = loc + (name,)
        yield here
        value = data.get(name) if isinstance(data, dict) else None
        for sub, many in _models_in(info.annotation):
            if many and isinstance(value, list):
                for i, item in enumerate(value[:1]):
                    yield from field_locs(sub, item, here + (i,))
            elif many and isinstance(value, dict) and value:
                first = next(iter(value))
                yield from field_locs(sub, value[first], here + (first,))
            elif not many:
                yield from field_locs(sub, value if isinstance(value, dict) else {}, here)


def shape_locs(data: Any, loc: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Every mapping and list in the document (first item of each list), with the swap to try."""
    if isinstance(data, dict):
        yield loc, "as-list"
        for k, v in data.items():
            yield from shape_locs(v, loc + (k,))
    elif isinstance(data, list):
        yield loc, "as-mapping"
        for i, v in enumerate(data[:1]):
            yield from shape_locs(v, loc + (i,))


def corpus(files: dict[str, tuple[type[BaseModel], Any]]) -> list[Mutation]:
    out = []
    for name, (model, data) in files.items():
        for loc in dict.fromkeys(field_locs(model, data)):
            out.extend(Mutation(name, loc, kind) for kind in WRONG_VALUES)
        out.extend(Mutation(name, loc, kind) for loc, kind in shape_locs(data))
    return out


def apply(data: Any, mutation: Mutation, value: Any = MISSING) -> Any:
    """A copy of data with the mutation applied (parents that are absent are made)."""
    data = copy.deepcopy(data)
    if mutation.kind in ("as-list", "as-mapping"):
        wrap = (lambda v: [v]) if mutation.kind == "as-list" else (lambda v: {"项": v})
        if not mutation.loc:
            return wrap(data)
        parent = _walk(data, mutation.loc[:-1])
        parent[mutation.loc[-1]] = wrap(parent[mutation.loc[-1]])
        return data
    if value is MISSING:
        value = WRONG_VALUES[mutation.kind]
    if mutation.kind != "missing":
        value = copy.deepcopy(value)
    parent = _walk(data, mutation.loc[:-1], make=True)
    last = mutation.loc[-1]
    if value is MISSING:
        if isinstance(parent, dict):
            parent.pop(last, None)
    else:
        parent[last] = value
    return data


def _walk(data: Any, loc: tuple, make: bool = False) -> Any:
    node = data
    for i, part in enumerate(loc):
        nxt_is_index = i + 1 < len(loc) and isinstance(loc[i + 1], int)
        if isinstance(part, int):
            while make and len(node) <= part:
                node.append({})
            if make and not isinstance(node[part], (dict, list)):  # a shorthand, e.g. a SWOT line as text
                node[part] = [] if nxt_is_index else {}
        elif make and (part not in node or not isinstance(node[part], (dict, list))):
            node[part] = [] if nxt_is_index else {}
        node = node[part]
    return node
