"""The loader: lines kept, duplicate keys and aliases refused, encodings reported."""

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.load.yamlio import load_yaml, parse_yaml


def parse(text):
    diags = []
    doc = parse_yaml(text, Path("x.yml"), "x.yml", diags)
    return doc, diags


def test_lines_are_kept_for_keys_values_and_list_items():
    doc, diags = parse("a: 1\nb:\n  - x\n  - y: 2\n")
    assert not diags
    assert doc.lines[("a",)] == 1
    assert doc.lines[("b", 1)] == 4
    assert doc.key_lines[("b", 1, "y")] == 4
    assert doc.line_of(("b", 1, "missing")) == 4


def test_block_scalar_text_starts_below_its_key():
    doc, _ = parse("a: |-\n  first\n  second\n")
    assert doc.lines[("a",)] == 2
    assert doc.key_lines[("a",)] == 1


def test_duplicate_key_is_an_error_with_both_lines():
    doc, diags = parse("name: 甲\nrole: 组长\nname: 乙\n")
    assert [d.code for d in diags] == ["YAML-DUPLICATE-KEY"]
    assert diags[0].line == 3
    assert diags[0].params["first"] == 1
    assert not doc.ok


def test_nested_duplicate_key_is_found():
    _, diags = parse("team:\n  members: []\n  members: []\n")
    assert [(d.code, d.line) for d in diags] == [("YAML-DUPLICATE-KEY", 3)]


def test_aliases_are_refused():
    _, diags = parse("a: &x [1, 2]\nb: *x\n")
    assert [d.code for d in diags] == ["YAML-ALIAS"]
    assert diags[0].line == 2


def test_billion_laughs_is_refused_quickly():
    text = "a: &a [x, x]\n" + "".join(f"{c}: &{c} [*{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
    doc, diags = parse(text)
    assert any(d.code == "YAML-ALIAS" for d in diags)


def test_yaml11_surprises_stay_text():
    doc, diags = parse("a: no\nb: 2020-09\nc: 2020-09-01\nd: 1:20\ne: on\nf: 010\n")
    assert doc.data == {"a": "no", "b": "2020-09", "c": "2020-09-01", "d": "1:20", "e": "on", "f": 10}
    assert sorted(d.params["value"] for d in diags if d.code == "YAML-AMBIGUOUS") == ["no", "on"]


def test_core_schema_values():
    doc, diags = parse("a: true\nb: null\nc: 3.5\nd: ~\ne: '10'\n")
    assert doc.data == {"a": True, "b": None, "c": 3.5, "d": None, "e": "10"}
    assert not diags


def test_syntax_error_has_line_and_chinese_problem():
    _, diags = parse("a: 1\nb: [1, 2\nc: 3\n")
    assert diags[0].code == "YAML-SYNTAX"
    assert diags[0].line is not None


def test_tab_indentation_is_explained():
    _, diags = parse("a:\n\tb: 1\n")
    assert diags[0].code == "YAML-SYNTAX"
    assert "制表符" in diags[0].message()


def test_gbk_file_is_reported_not_raised(tmp_path):
    path = tmp_path / "plan.yml"
    path.write_bytes("title: 学校信息化教育教学发展规划\n".encode("gbk"))
    diags = []
    doc = load_yaml(path, "plan.yml", diags)
    assert [d.code for d in diags] == ["FILE-ENCODING"]
    assert "GBK" in diags[0].message()
    assert diags[0].line == 1
    assert not doc.ok


def test_bom_is_ignored_with_a_warning(tmp_path):
    path = tmp_path / "a.yml"
    path.write_bytes(b"\xef\xbb\xbfname: x\n")
    diags = []
    doc = load_yaml(path, "a.yml", diags)
    assert doc.data == {"name": "x"}
    assert [d.code for d in diags] == ["FILE-BOM"]
    assert diags[0].level == "warning"


def test_too_large_file_is_not_read(tmp_path):
    path = tmp_path / "a.yml"
    path.write_bytes(b"a: " + b"x" * (1024 * 1024 + 10))
    diags = []
    load_yaml(path, "a.yml", diags)
    assert [d.code for d in diags] == ["FILE-TOO-LARGE"]


def test_empty_file_is_an_empty_mapping():
    doc, diags = parse("")
    assert doc.ok and doc.data == {} and not diags


def _node_lines(node, loc=(), lines=None, key_lines=None):
    """The line of every node and key, straight from libyaml's nodes (as the tables must say)."""
    import yaml
    lines = {} if lines is None else lines
    key_lines = {} if key_lines is None else key_lines
    lines[loc] = node.start_mark.line + 1 + (isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"))
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            key_lines[loc + (key.value,)] = key.start_mark.line + 1
            _node_lines(value, loc + (key.value,), lines, key_lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _node_lines(item, loc + (i,), lines, key_lines)
    return lines, key_lines


_TREES = st.recursive(
    st.none() | st.booleans() | st.integers(-10 ** 29, 10 ** 29) | st.text(alphabet="ab 1\n:-教", max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(alphabet="abc教", max_size=3), inner, max_size=3),
    max_leaves=15)


@settings(max_examples=300, deadline=None)
@given(_TREES, st.sampled_from([None, "|", "'"]), st.booleans())
def test_line_tables_hold_the_line_of_every_node_and_key(value, style, flow):
    import pickle

    import yaml
    text = yaml.safe_dump({"root": value}, allow_unicode=True, default_style=style, default_flow_style=flow)
    doc, diags = parse(text)
    assert doc.ok and not [d for d in diags if d.code != "YAML-AMBIGUOUS"]
    lines, key_lines = _node_lines(yaml.compose(text))
    assert doc.lines == lines and doc.key_lines == key_lines
    again = pickle.loads(pickle.dumps(doc))  # the check's cache stores loaded files
    for loc in list(lines) + [loc + ("none",) for loc in lines] + [loc + (7,) for loc in lines]:
        want = next(lines[loc[:i]] for i in range(len(loc), -1, -1) if loc[:i] in lines)
        assert doc.line_of(loc) == again.line_of(loc) == want
        if loc in key_lines:
            assert doc.line_of(loc, key=True) == key_lines[loc]
        elif loc:
            assert doc.line_of(loc, key=True) == next(lines[loc[:i]] for i in range(len(loc) - 1, -1, -1)
                                                       if loc[:i] in lines)


def test_an_empty_or_broken_file_puts_everything_on_line_one():
    for text in ("", "# only a comment\n", "a: [1\n"):
        doc, _ = parse(text)
        assert doc.lines == {} and doc.line_of(("a", 0)) == 1 and doc.line_of((), key=True) == 1


def test_an_alias_is_reported_at_the_key_that_uses_it():
    _, diags = parse("a: &x 1\nb:\n  - 2\n  - *x\nc: *x\n")
    # a list item has no key: the shared node's own line is its anchor's
    assert [(d.code, d.line) for d in diags] == [("YAML-ALIAS", 1), ("YAML-ALIAS", 5)]


def test_untagged_and_tagged_scalars_follow_the_core_schema():
    doc, diags = parse("a: ! 12\nb: !note 12\nc: '<<'\nd: <<\n'<<': 1\ne: .inf\nf: +1\ng: 1.\n")
    assert doc.data == {"a": 12, "b": "12", "c": "<<", "d": "<<", "<<": 1, "e": float("inf"), "f": 1, "g": 1.0}
    _, diags = parse("<<: {a: 1}\n")
    assert [d.code for d in diags] == ["YAML-ALIAS"]
