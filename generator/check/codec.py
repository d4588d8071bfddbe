"""The caches' value format: JSON with type tags, decoded into an allow-list of types only.

Nothing read back from a cache can run code: a value is plain JSON (str, int, float, bool,
None, lists, objects with string keys), and anything else is a JSON object tagged with "$":

    {"$": "t", "v": [...]}                tuple          {"$": "s", "v": [...]}   set
    {"$": "f", "v": [...]}                frozenset      {"$": "k", "v": [[k, v], ...]}  other dict
    {"$": "p", "v": "a/b"}                Path           {"$": "d", "v": "2024-05-01"}    date
    {"$": "b", "v": "<base64>"}           bytes          {"$": "a", "c": "I", "v": "<base64>"} array
    {"$": "m", "c": "plan.Plan", "v": {...}, "u": [...]}  one of plansite's pydantic models
    {"$": "o", "c": "diagnostics.Diagnostic", "v": {...}}  one of plansite's dataclasses

A model or dataclass is named by its module (below `generator.`) and class; decoding looks the
name up among the data classes of plansite's own modules listed in MODULES (importing only the
module it names: a diagnostic read back loads no model), and sets the fields it finds (no constructor, validator or __setstate__ runs). A tag or a class it does not
know, or a value of the wrong shape, raises CodecError: the caller treats the entry as missing.
"""

from __future__ import annotations

import base64
import dataclasses
import importlib
import json
import pkgutil
import sys
from array import array
from datetime import date, datetime
from enum import Enum
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, TypeGuard

if TYPE_CHECKING:
    from pydantic import BaseModel

MODULES = ("generator.core.diagnostics", "generator.load.yamlio", "generator.load.content",
           "generator.model")
"""Where the data classes a cache may hold are defined (a package: each of its modules)."""


class CodecError(ValueError):
    """A value that cannot be stored, or stored data that is not a value of the allow-list."""


@lru_cache(maxsize=1024)
def allowed(name: str) -> type | None:
    """The data class named "module.Class" (module below `generator.`) when its module is one of
    MODULES or a module of a package there; else None."""
    parts = name.split(".")
    for i in range(len(parts) - 1, 0, -1):
        full = "generator." + ".".join(parts[:i])
        if _listed(full):
            found = [cls for cls in _data_classes(importlib.import_module(full)) if _name(cls) == name]
            return found[0] if found else None
    return None


def _listed(full: str) -> bool:
    """Whether the module `full` is in MODULES, or a module of a package there."""
    if full in MODULES:
        return True
    parent, _, child = full.rpartition(".")
    if parent not in MODULES:
        return False
    package = importlib.import_module(parent)
    return hasattr(package, "__path__") and child in {m.name for m in pkgutil.iter_modules(package.__path__)}


def _is_model(cls: type) -> TypeGuard[type[BaseModel]]:
    """Whether cls is a pydantic model (none is while pydantic is not imported)."""
    pydantic = sys.modules.get("pydantic")
    return pydantic is not None and issubclass(cls, pydantic.BaseModel)


def _data_classes(mod) -> list[type]:
    """The data classes, models and enums a module defines (not those it imports)."""
    return [cls for cls in vars(mod).values()
            if isinstance(cls, type) and cls.__module__ == mod.__name__
            and (dataclasses.is_dataclass(cls) or issubclass(cls, Enum) or _is_model(cls))]


def _name(cls: type) -> str:
    return f"{cls.__module__.removeprefix('generator.')}.{cls.__qualname__}"


def _class(name) -> type:
    cls = allowed(name) if isinstance(name, str) else None
    if cls is None:
        raise CodecError(f"not a data class of plansite: {name!r}")
    return cls


@lru_cache(maxsize=1024)
def _shape(name: str) -> tuple[Any, str, frozenset[str]]:
    """(the class, "m" for a model or "o" for a dataclass or "e", its field names) of an allowed
    class name: looked up once per process, not once per decoded value."""
    cls = _class(name)
    if _is_model(cls):
        return cls, "m", frozenset(cls.model_fields)
    if dataclasses.is_dataclass(cls):
        return cls, "o", frozenset(f.name for f in dataclasses.fields(cls))
    return cls, "e", frozenset()


# ── encoding ─────────────────────────────────────────────────────────────────

def _plain(obj):
    return obj


_SCALARS = frozenset({str, int, bool, float, type(None)})
"""The types JSON writes as they are: a list (or a dict's values) of only these needs no encoding."""


def _list(obj):
    if all(type(v) in _SCALARS for v in obj):  # a row of numbers and strings (a manifest's file rows)
        return obj if type(obj) is list else list(obj)
    return [encode(v) for v in obj]


def _dict(obj: dict):
    if all(type(k) is str for k in obj) and "$" not in obj:
        if all(type(v) in _SCALARS for v in obj.values()):
            return obj
        return {k: encode(v) for k, v in obj.items()}
    return {"$": "k", "v": [[encode(k), encode(v)] for k, v in obj.items()]}


_ENCODE = {
    str: _plain, int: _plain, bool: _plain, float: _plain, type(None): _plain,
    list: _list, dict: _dict,
    tuple: lambda o: {"$": "t", "v": _list(o)},
    set: lambda o: {"$": "s", "v": _list(o)},
    frozenset: lambda o: {"$": "f", "v": _list(o)},
    bytes: lambda o: {"$": "b", "v": base64.b64encode(o).decode("ascii")},
    array: lambda o: {"$": "a", "c": o.typecode, "v": base64.b64encode(o.tobytes()).decode("ascii")},
    date: lambda o: {"$": "d", "v": o.isoformat()},
    datetime: lambda o: {"$": "dt", "v": o.isoformat()},
}


def encode(obj):
    """obj as JSON-ready values with tags; CodecError for a value outside the allow-list."""
    fn = _ENCODE.get(type(obj))
    if fn is not None:
        return fn(obj)
    if isinstance(obj, PurePosixPath):
        return {"$": "p", "v": str(obj)}
    return _encode_instance(obj, _allowed_name(obj))


def _allowed_name(obj) -> str:
    """The name obj's class has in the allow-list; CodecError when it is not there."""
    name = _name(type(obj))
    if allowed(name) is not type(obj):
        raise CodecError(f"cannot store a {type(obj).__module__}.{type(obj).__qualname__}")
    return name


def _encode_instance(obj, name: str) -> dict:
    """A model, an enum member or a data class instance of the allow-list, tagged with its class."""
    if _is_model(type(obj)):
        return _encode_model(obj, name)
    if isinstance(obj, Enum):
        return {"$": "e", "c": name, "v": encode(obj.value)}
    state = {f.name: encode(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    return {"$": "o", "c": name, "v": state}


@lru_cache(maxsize=None)
def _field_names(cls: type[BaseModel]) -> tuple[str, ...]:
    """A model's field names in order, looked up once per class (pydantic's lookup is slow)."""
    return tuple(cls.model_fields)


def _encode_model(obj: BaseModel, name: str) -> dict:
    """A model's field values, and the names of the fields it was not given (left to their defaults)."""
    state = obj.__dict__
    values = {k: encode(state[k]) for k in _field_names(type(obj))}
    unset = [k for k in values if k not in obj.__pydantic_fields_set__]
    return {"$": "m", "c": name, "v": values, "u": unset}


def dumps(obj) -> bytes:
    """obj as UTF-8 JSON (CodecError when it holds something the format does not allow)."""
    try:
        return json.dumps(encode(obj), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except (ValueError, TypeError, RecursionError) as exc:  # e.g. an integer too long to write
        raise CodecError(str(exc)) from exc


# ── decoding ─────────────────────────────────────────────────────────────────

def _model(d: dict):
    cls, fields = _known(d["c"], "m", "not a model")
    values, unset = d["v"], d.get("u", [])
    if not (isinstance(values, dict) and isinstance(unset, list)):
        raise CodecError("not a model")
    if values.keys() != fields:
        raise CodecError(f"{d['c']}: other fields than the model's")
    obj = cls.__new__(cls)
    object.__setattr__(obj, "__dict__", values)
    object.__setattr__(obj, "__pydantic_fields_set__", set(values) - set(unset))
    object.__setattr__(obj, "__pydantic_extra__", None)
    object.__setattr__(obj, "__pydantic_private__", None)
    return obj


def _known(name, kind: str, wrong: str) -> tuple[Any, frozenset[str]]:
    """(class, field names) of a stored class name of this kind ("m" or "o"); CodecError for any other."""
    if not isinstance(name, str):
        raise CodecError(f"not a data class of plansite: {name!r}")
    cls, found, fields = _shape(name)
    if found != kind:
        raise CodecError(wrong)
    return cls, fields


def _dataclass(d: dict):
    cls, names = _known(d["c"], "o", "not a dataclass")
    values = d["v"]
    if not isinstance(values, dict):
        raise CodecError("not a dataclass")
    if values.keys() != names:
        raise CodecError(f"{d['c']}: other fields than the class's")
    obj = cls.__new__(cls)
    for k, v in values.items():
        object.__setattr__(obj, k, v)
    return obj


def _enum(d: dict):
    cls = _class(d["c"])
    if not issubclass(cls, Enum):
        raise CodecError("not an enum")
    return cls(d["v"])


def _array(d: dict) -> array:
    code = d["c"]
    if code not in ("b", "B", "h", "H", "i", "I", "l", "L", "q", "Q", "f", "d"):
        raise CodecError("not an array type")
    return array(code, base64.b64decode(d["v"], validate=True))


def _pairs(v) -> dict:
    if not all(isinstance(p, list) and len(p) == 2 for p in v):
        raise CodecError("not a list of pairs")
    return {k: x for k, x in v}


_DECODE = {
    "t": tuple, "s": set, "f": frozenset, "k": _pairs,
    "p": lambda v: Path(v), "d": date.fromisoformat, "dt": datetime.fromisoformat,
    "b": lambda v: base64.b64decode(v, validate=True),
}
_OBJECTS = {"m": _model, "o": _dataclass, "e": _enum, "a": _array}
_SHAPE = {"t": list, "s": list, "f": list, "k": list, "p": str, "d": str, "dt": str, "b": str}


def _hook(d: dict):
    tag = d.get("$")
    if tag is None:
        return d
    fn = _DECODE.get(tag)
    if fn is not None:
        v = d.get("v")
        if not isinstance(v, _SHAPE[tag]) or len(d) != 2:
            raise CodecError(f"a malformed {tag!r} value")
        return fn(v)
    fn = _OBJECTS.get(tag)
    if fn is None:
        raise CodecError(f"an unknown tag {tag!r}")
    return fn(d)


def loads(data: bytes):
    """The value stored by dumps; CodecError for anything else (whatever the bytes are)."""
    try:
        return json.loads(data, object_hook=_hook)
    except CodecError:
        raise
    except (ValueError, TypeError, KeyError, RecursionError, UnicodeDecodeError) as exc:
        raise CodecError(str(exc)) from exc
