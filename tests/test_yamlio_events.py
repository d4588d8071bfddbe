"""The lean event walk reads YAML exactly as composing nodes does: the same values, the same line
of every node and key, the same diagnostics (file, line, column, message values) — on every YAML
file of the demo and on broken variants of them; and it is the path the plain files take."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from generator.load import yamlio

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted((ROOT / "content").rglob("*.yml")) + sorted((ROOT / "schemas").rglob("*.yml")) + [ROOT / "site.yml"]


def read(fn, text: str):
    diags = []
    doc = fn(text, Path("f.yml"), "content/x/f.yml", diags)
    return (repr(doc.data), doc.ok, list(doc.node_lines), list(doc.node_key_lines), list(doc.node_sizes),
            [(d.code, d.path, d.line, d.column, repr(sorted(d.params.items()))) for d in diags])


def same(text: str) -> None:
    assert read(yamlio.parse_yaml, text) == read(yamlio.compose_yaml, text)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_file_of_the_demo_reads_the_same_both_ways(path):
    same(path.read_text(encoding="utf-8"))


def test_the_plain_files_take_the_event_walk(monkeypatch):
    """Only what the walk leaves (anchors, tags, errors…) is composed; the demo has none of it."""
    composed = []
    real = yamlio.compose_yaml
    monkeypatch.setattr(yamlio, "compose_yaml", lambda *a: composed.append(a[2]) or real(*a))
    for path in (ROOT / "content").rglob("*.yml"):
        yamlio.parse_yaml(path.read_text(encoding="utf-8"), path, path.name, [])
    assert composed == []
    yamlio.parse_yaml("a: &x 1\nb: *x\n", Path("f.yml"), "anchored.yml", [])
    assert composed == ["anchored.yml"]


CASES = [
    "", "# only a comment\n", "---\n", "a: 1\n---\nb: 2\n", "a: 1\na: 2\n", "a: &x [1]\nb: *x\n",
    "- &x 1\n- *x\n", "<<: {a: 1}\n", "a: !!str 3\n", "a: !custom x\n", "? [a]\n: 1\n", "a: 'open\n",
    "a:\n\t- 1\n", "a: b: c\n", "a: yes\nb: no\nc: on\n", "n: 1234567890123456789012345678901234567890\n",
    "a: |\n  block\n  text\nb: >\n  folded\n", "a: [1, 2\n", "a: {b: 1\n", "- a\nb: 1\n", "a: \"x\"（尾）\n",
    "a: 0x1F\nb: 1e3\nc: .5\nd: -.inf\ne: .NaN\nf: ~\ng: Null\nh: 2020-09-01\ni: '1'\n",
    "a:\n  - b: 1\n    c: [x, y, {d: 2}]\n  - - nested\n    - list\n", "&a a: 1\n", "a: *undefined\n",
    "a: @x\n", "a: `x`\n", "x: \x07\n", "a:\n  b: 1\n a: 2\n", "- 1\n - 2\n", "[1, 2]: x\n",
    "'<<': 1\n", "a: !!map {b: 1}\n", "%YAML 1.1\n---\na: 1\n", "a: 1\n...\n", "a: 1\n--- \n",
]


@pytest.mark.parametrize("text", CASES)
def test_each_kind_of_input_reads_the_same_both_ways(text):
    same(text)


MUTATIONS = [
    lambda lines, r, i: lines[:i] + lines[i + 1:],                                   # a line gone
    lambda lines, r, i: lines[:i] + [lines[i]] + lines[i:],                          # a line twice
    lambda lines, r, i: lines[:i] + ["\t" + lines[i]] + lines[i + 1:],              # a tab
    lambda lines, r, i: lines[:i] + [" " + lines[i]] + lines[i + 1:],               # indented one more
    lambda lines, r, i: lines[:i] + [lines[i].replace(": ", ": &a ", 1), "zz: *a"] + lines[i + 1:],
    lambda lines, r, i: lines[:i] + [lines[i].replace(": ", ": !!str ", 1)] + lines[i + 1:],
    lambda lines, r, i: lines[:i] + [lines[i].replace(": ", ": '", 1)] + lines[i + 1:],  # an open quote
    lambda lines, r, i: lines[:i] + ["---"] + lines[i:],                             # a second document
    lambda lines, r, i: lines[:i] + [lines[i].split(":")[0] + ": no"] + lines[i + 1:],
    lambda lines, r, i: lines[:i] + [lines[i] + " # 注释"] + lines[i + 1:],
]


def test_broken_variants_of_the_demo_read_the_same_both_ways():
    r = random.Random(23)
    sources = [p for p in FILES if p.stat().st_size < 40_000]
    for n in range(400):
        lines = r.choice(sources).read_text(encoding="utf-8").split("\n")
        i = r.randrange(len(lines))
        mutated = r.choice(MUTATIONS)(lines, r, i)
        same("\n".join(mutated))
