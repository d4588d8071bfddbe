"""The page cache's digest: equal inputs, equal keys; any difference, another key; unknowns refused."""

import copy
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from generator.site.pagecache import Digest, Uncacheable

values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text() | st.binary(),
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
    | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20)


@dataclass
class View:
    name: str
    items: list
    extras: dict


@given(values)
def test_a_copy_has_the_same_digest(value):
    assert Digest().of([value]) == Digest().of(copy.deepcopy([value]))


@given(values, values)
def test_different_values_have_different_digests(a, b):
    if type(a) is type(b) and repr(a) == repr(b):
        return
    assert Digest().of([a]) != Digest().of([b])


def test_types_order_and_nesting_are_part_of_the_digest():
    d = Digest()
    assert d.of([1]) != d.of([True]) != d.of(["1"]) != d.of([1.0])
    assert d.of(["学校"]) != d.of([Markup("学校")])  # escaped differently by a template
    assert d.of({"a": 1, "b": 2}) != d.of({"b": 2, "a": 1})  # a template iterates in this order
    assert d.of({1, 2, 3}) == d.of({3, 2, 1})
    assert d.of([["a", "b"]]) != d.of([["ab"]])
    assert d.of(View("x", [1], {"k": Path("a")})) == Digest().of(View("x", [1], {"k": Path("a")}))
    assert d.of(View("x", [1], {"k": Path("a")})) != d.of(View("x", [1], {"k": Path("b")}))


def test_shared_objects_are_digested_once_and_the_same_as_copies():
    shared = View("共", list(range(1000)), {})
    d = Digest()
    assert d.of([shared, shared]) == Digest().of([shared, copy.deepcopy(shared)])


def test_what_the_digest_cannot_account_for_makes_a_page_uncacheable():
    with pytest.raises(Uncacheable):
        Digest().of({"lock": threading.Lock()})
    loop = View("环", [], {})
    loop.items.append(loop)
    with pytest.raises(Uncacheable):
        Digest().of(loop)
    with pytest.raises(Uncacheable):
        Digest().of([len])  # a function from outside plansite


def test_a_loaded_file_is_digested_by_its_path_and_text():
    from generator.load.yamlio import parse_yaml
    text = "name: 示例学校\nteachers: 12\n"
    a, b = parse_yaml(text, Path("a.yml"), "a.yml", []), parse_yaml(text, Path("a.yml"), "a.yml", [])
    assert (a.data, a.lines, a.key_lines, a.ok) == (b.data, b.lines, b.key_lines, b.ok)  # what the text decides
    assert Digest().of(a) == Digest().of(b)
    changed = parse_yaml(text.replace("12", "13"), Path("a.yml"), "a.yml", [])
    moved = parse_yaml(text, Path("b.yml"), "b.yml", [])
    assert len({Digest().of(x) for x in (a, changed, moved)}) == 3


@dataclass
class Row:
    """A plain record (Digest._record): every field a plain value."""

    text: object
    flag: object = False


plains = st.none() | st.booleans() | st.integers() | st.floats() | st.text() | st.binary()


@given(plains, plains, plains, plains)
def test_plain_records_are_different_when_a_field_is(a, b, c, e):
    same = type(a) is type(c) and type(b) is type(e) and repr((a, b)) == repr((c, e))
    assert (Digest().of([Row(a, b)]) == Digest().of([Row(c, e)])) == same


def test_a_plain_record_is_written_in_line_and_told_from_other_values(monkeypatch):
    from generator.site.pages.dashboard import Cell
    rows = [[Cell(f"{i}", numeric=True), Cell("学校", fact="f", scope="s")] for i in range(50)]
    calls = []
    real_of = Digest.of
    monkeypatch.setattr(Digest, "of", lambda self, obj: calls.append(obj) or real_of(self, obj))
    key = Digest().of(rows)
    assert len(calls) == 1  # the list alone: the cells are written in it, not digested one by one
    changed = copy.deepcopy(rows)
    changed[49][1].scope = "t"  # one cell's field
    assert Digest().of(changed) != key
    assert Digest().of(copy.deepcopy(rows)) == key
    # a record, a dict of the same fields, a record of another type and one holding a container differ
    assert Digest().of([Row("a")]) != Digest().of([{"text": "a", "flag": False}])
    assert Digest().of([Row("a")]) != Digest().of([View("a", [], {})])
    assert Digest().of([Row(["a"])]) != Digest().of([Row("a")]) != Digest().of([Row(Markup("a"))])
    assert Digest().of([Row(1)]) != Digest().of([Row(True)]) != Digest().of([Row(1.0)])
    assert Digest().of([Row(-0.0)]) != Digest().of([Row(0.0)])


@given(st.dictionaries(st.text(max_size=3), plains, max_size=3), st.dictionaries(st.text(max_size=3), plains, max_size=3))
def test_findings_differ_when_their_params_do(a, b):
    from generator.core.diagnostics import Diagnostic
    same = list(a) == list(b) and all(type(a[k]) is type(b[k]) and repr(a[k]) == repr(b[k]) for k in a)
    assert (Digest().of(Diagnostic("X", "p", 1, params=a)) == Digest().of(Diagnostic("X", "p", 1, params=b))) == same


def test_a_finding_s_params_in_line_are_told_from_others():
    from generator.core.diagnostics import Diagnostic

    def of(params):
        return Digest().of(Diagnostic("X", "p", 1, params=params))
    assert of({"a": "1"}) != of({"a": 1}) != of({"a": Markup("1")}) != of({"a": ["1"]})
    assert of({"a": 1, "b": 2}) != of({"b": 2, "a": 1})


def test_a_model_of_plain_fields_is_a_plain_record_unless_it_holds_extra_values():
    from pydantic import BaseModel, ConfigDict

    class Open(BaseModel):
        model_config = ConfigDict(extra="allow")
        a: object = None

    assert Digest().of([Open(a=1)]) != Digest().of([Open(a="1")]) != Digest().of([Open(a=True)])
    assert Digest().of([Open(a=1)]) == Digest().of([Open(a=1)])
    assert Digest().of([Open(a=1, b=2)]) != Digest().of([Open(a=1, b=3)]) != Digest().of([Open(a=1)])
    assert Digest().of([Open(a=1)]) != Digest().of([Row(1)])
