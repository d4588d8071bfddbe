"""Validate a loaded YAML document against its pydantic model, keeping file and line.

pydantic reports a `loc` for each failure; the YamlDoc knows the line of every loc. The
messages come from our own table, never from `str(ValidationError)`.
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, Mapping

from pydantic import BaseModel, ValidationError

from ..core.diagnostics import Diagnostic
from ..core.shown import number
from ..model.base import CONTACT_KEYS
from .privacy import find_all
from .yamlio import YamlDoc

_TYPE_NAMES = {
    "string": ("文本", "text"),
    "int": ("整数", "a whole number"),
    "float": ("数字", "a number"),
    "bool": ("true 或 false", "true or false"),
    "list": ("列表（每项以“- ”开头）", "a list (items start with '- ')"),
    "dict": ("映射（“键: 值”）", "a mapping ('key: value')"),
    "model": ("映射（“键: 值”）", "a mapping ('key: value')"),
}


def found_type(value: Any) -> tuple[str, str]:
    if value is None:
        return "空值", "nothing"
    if isinstance(value, bool):
        return "布尔值", "a boolean"
    if isinstance(value, (int, float)):
        return f"数字 {number(value)}", f"the number {number(value)}"
    if isinstance(value, str):
        if find_all(value):  # the privacy check reports it, masked; never echo it here
            return "文本（含联系方式，此处不显示）", "text (holding contact details, not shown here)"
        cut = value[:20] + ("…" if len(value) > 20 else "")
        return f"文本“{cut}”", f"the text '{cut}'"
    if isinstance(value, list):
        return "列表", "a list"
    if isinstance(value, dict):
        return "映射", "a mapping"
    return type(value).__name__, type(value).__name__


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types inside Optional/Union/Annotated/list."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        out = []
        for arg in typing.get_args(annotation):
            out.extend(_unwrap(arg))
        return out
    return [annotation]


def model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class that describes the mapping at loc, if any."""
    current: Any = model
    for part in loc:
        current = _child_annotation(current, part)
        if current is None:
            return None
    return next((cand for cand in _unwrap(current) if _is_model(cand)), None)


def _is_model(cand: Any) -> bool:
    return isinstance(cand, type) and issubclass(cand, BaseModel)


def _child_annotation(annotation: Any, part: str | int) -> Any:
    """The annotation of what stands at part (a list index or a field name) inside a value of
    annotation; None when nothing does."""
    for cand in _unwrap(annotation):
        if isinstance(part, int) and typing.get_origin(cand) is list:
            return typing.get_args(cand)[0]
        if isinstance(part, str) and _is_model(cand):
            field = cand.model_fields.get(part)
            if field is not None:
                return field.annotation
    return None


def _field_info(model: type[BaseModel], loc: tuple):
    parent = model_at(model, loc[:-1])
    if parent is None or not isinstance(loc[-1], str):
        return None
    return parent.model_fields.get(loc[-1])


def _describe(info) -> tuple[str, str]:
    if info is None or not info.description:
        return "", ""
    zh, _, en = info.description.partition(" · ")
    return zh, en or zh


def _key_name(loc: tuple[str | int, ...]) -> str:
    parts: list[str] = []
    for p in loc:
        parts.append(f"[{p + 1}]" if isinstance(p, int) else ("." if parts else "") + str(p))
    return "".join(parts)


_UNION_MEMBERS = {"int", "float", "str", "bool", "list[str]", "Number"}


def clean_loc(err: Mapping[str, Any]) -> tuple[str | int, ...]:
    """The error's place in the document, without the validator and union-member names pydantic adds."""
    return tuple(p for p in err["loc"]
                 if not (isinstance(p, str) and (p.startswith(("function-", "union[")) or p in _UNION_MEMBERS)))


def error_to_diagnostic(err: Mapping[str, Any], doc: YamlDoc, model: type[BaseModel]) -> Diagnostic:
    """Turn one pydantic error into one Diagnostic with the right line."""
    loc = clean_loc(err)
    kind = err["type"]
    key = _key_name(loc) or "(根)"
    if kind == "extra_forbidden":
        return _unknown_key(loc, doc, model)
    if kind == "missing":
        zh, en = _describe(_field_info(model, loc))
        return Diagnostic("SCHEMA-MISSING-FIELD", doc.rel, line=doc.line_of(loc[:-1]), params={
            "key": key, "description": zh or key, "description_en": en or key})
    line = doc.line_of(loc)
    if kind.endswith("_type") or kind.endswith("_parsing") or kind == "model_attributes_type":
        return _wrong_type(err, kind, key, doc.rel, line)
    return Diagnostic("SCHEMA-VALUE", doc.rel, line=line,
                      params={"key": key, **_value_problem(err, kind, key, model, loc)})


def _value_problem(err: Mapping[str, Any], kind: str, key: str, model: type[BaseModel],
                   loc: tuple) -> dict[str, str]:
    """What is wrong with a value of the right type, and how to fix it (problem, hint; zh and en)."""
    found_zh, found_en = found_type(err.get("input"))
    if kind == "literal_error":
        allowed = _allowed_values(err, model, loc)
        params = {"problem": f"只能是 {allowed}，实际是{found_zh}",
                  "problem_en": f"must be one of {allowed}, found {found_en}",
                  "hint_zh": "从允许的取值中选择一个。", "hint_en": "Choose one of the allowed values."}
    elif kind == "string_too_short":
        zh, en = _describe(_field_info(model, loc))
        params = {"problem": "不能为空", "problem_en": "must not be empty",
                  "hint_zh": f"请填写{zh or key}。", "hint_en": f"Fill in {en or key}."}
    elif kind == "finite_number":
        params = {"problem": f"是{found_zh}，不是可以计算的数", "problem_en": f"{found_en} is not a usable number",
                  "hint_zh": "写一个普通的数字，如 2 或 1.5。", "hint_en": "Write an ordinary number such as 2 or 1.5."}
    elif kind == "string_pattern_mismatch":
        params = {"problem": f"格式不符（{found_zh}）", "problem_en": f"wrong format ({found_en})",
                  "hint_zh": "只用小写英文字母、数字和连字符，例如 xiangtou-primary。",
                  "hint_en": "Use lower-case ASCII letters, digits and hyphens, e.g. xiangtou-primary."}
    else:
        params = {"problem": f"{found_zh}不符合要求", "problem_en": err.get("msg", kind),
                  "hint_zh": "参照模板和用户指南中该字段的说明。", "hint_en": "See this field in the template and the guide."}
    return params


def _allowed_values(err: Mapping[str, Any], model: type[BaseModel], loc: tuple) -> str:
    """The values a Literal field allows, as the model lists them (else as pydantic says them)."""
    allowed = err.get("ctx", {}).get("expected", "")
    info = _field_info(model, loc)
    literal = next((k for k in _unwrap(info.annotation) if typing.get_origin(k) is typing.Literal), None) \
        if info else None
    if literal is not None:
        allowed = "、".join(map(str, typing.get_args(literal)))
    return allowed


def _unknown_key(loc: tuple, doc: YamlDoc, model: type[BaseModel]) -> Diagnostic:
    """A key the model does not have: a contact field is a privacy error, anything else is named
    with the closest allowed key."""
    name = str(loc[-1])
    line = doc.line_of(loc, key=True)
    if name.lower() in CONTACT_KEYS:
        return Diagnostic("PRIVACY-FIELD", doc.rel, line=line, params={"key": name})
    parent = model_at(model, loc[:-1])
    allowed = sorted(parent.model_fields) if parent else []
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
    return Diagnostic("SCHEMA-UNKNOWN-KEY", doc.rel, line=line, params={
        "key": name,
        "suggest": f"，是否想写“{close[0]}”？" if close else "",
        "suggest_en": f"; did you mean '{close[0]}'?" if close else "",
        "allowed": "、".join(allowed),
    })


def _wrong_type(err: Mapping[str, Any], kind: str, key: str, rel: str, line: int | None) -> Diagnostic:
    """A value of the wrong type, with a hint for the two slips schools make most (a list or a
    mapping where text goes, a mapping where a list goes)."""
    found_zh, found_en = found_type(err.get("input"))
    base = kind.split("_")[0]
    expected = _TYPE_NAMES.get(base, _TYPE_NAMES.get("model" if "model" in kind else base, (base, base)))
    hint_zh, hint_en = "", ""
    if base == "string" and isinstance(err.get("input"), (dict, list)):
        hint_zh = "若要写多行文字，请用“|-”块：在键后写 |- ，下一行缩进后开始写正文。"
        hint_en = "For several lines, write '|-' after the key and indent the text below it."
    if base in ("list",) and isinstance(err.get("input"), dict):
        hint_zh = "这里需要列表：每一项另起一行，以“- ”开头。"
        hint_en = "A list is needed here: start each item on a new line with '- '."
    return Diagnostic("SCHEMA-TYPE", rel, line=line, params={
        "key": key, "expected": expected[0], "expected_en": expected[1],
        "found": found_zh, "found_en": found_en, "hint_zh": hint_zh, "hint_en": hint_en})


def _cut_point(model: type[BaseModel], loc: tuple) -> tuple | None:
    """The deepest key at or above loc whose removal leaves the rest valid in place.

    A key of a mapping can go (its field falls back to its default); a list item cannot,
    since removing it would shift the rows after it and their lines. None: nothing can go.
    """
    for depth in range(len(loc), 0, -1):
        part = loc[depth - 1]
        if not isinstance(part, str):
            continue
        parent = model_at(model, loc[:depth - 1])
        if parent is None:
            return loc[:depth]  # a key of a free mapping
        info = parent.model_fields.get(part)
        if info is None or not info.is_required():
            return loc[:depth]
    return None


def _remove(data: Any, loc: tuple) -> bool:
    """Remove the key at loc from nested data (copying the containers on the way)."""
    node = data
    for part in loc[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return False
    if isinstance(node, dict) and loc[-1] in node:
        del node[loc[-1]]
        return True
    return False


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def validate(doc: YamlDoc, model: type[BaseModel], diags: list[Diagnostic]):
    """Validate doc.data; on failure, retry without the broken keys, as deep as they can be cut.

    Returns (instance or None, the set of top-level keys that held an error). A school sees
    every problem in one run: a broken value does not hide the checks of the rest of its
    section, nor of the other sections.
    """
    if not doc.ok:
        return None, set()
    if not isinstance(doc.data, dict):
        found_zh, found_en = found_type(doc.data)
        diags.append(Diagnostic("YAML-NOT-MAPPING", doc.rel, line=1,
                                params={"found": found_zh, "found_en": found_en}))
        return None, set()
    try:
        return model.model_validate(doc.data), set()
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    _report_errors(errors, doc, model, diags)
    return _validate_without_broken(doc, model, errors)


def _report_errors(errors: list, doc: YamlDoc, model: type[BaseModel], diags: list[Diagnostic]) -> None:
    """One diagnostic per error, the same problem at the same line and key only once."""
    seen = set()
    for err in errors:
        d = error_to_diagnostic(err, doc, model)
        if (d.code, d.line, d.params.get("key")) not in seen:
            seen.add((d.code, d.line, d.params.get("key")))
            diags.append(d)


def _validate_without_broken(doc: YamlDoc, model: type[BaseModel], errors: list):
    """(instance or None, the top-level keys that held an error): validate a copy of doc.data again
    and again, each time without the keys the errors of the last round sit under."""
    data = _copy(doc.data)
    broken: set[str] = set()
    for _ in range(8):  # each round cuts at least one key; nested faults may need a few
        cuts = _cuts(errors, model, broken)
        if cuts is None or not any([_remove(data, cut) for cut in sorted(set(cuts), key=len, reverse=True)]):
            return None, broken
        try:
            return model.model_validate(data), broken
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
    return None, broken


def _cuts(errors: list, model: type[BaseModel], broken: set[str]) -> list[tuple] | None:
    """Where to cut for each error (None if one cannot be cut); the top-level key of each goes to broken."""
    cuts = []
    for err in errors:
        loc = clean_loc(err)
        if loc and isinstance(loc[0], str):
            broken.add(loc[0])
        cut = _cut_point(model, loc)
        if cut is None:
            return None
        cuts.append(cut)
    return cuts
