"""The loader: lines kept, duplicate keys and aliases refused, encodings reported."""

from pathlib import Path

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
