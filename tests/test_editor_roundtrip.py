"""What the form editor saves, plansite reads with the same values.

Decap CMS writes YAML 1.2 with its own formatting (the `yaml` package, version 1: no comments
kept, its own quoting, block strings for Markdown). Every demo file a school writes goes through
that library as Decap CMS uses it (tests/editor/roundtrip.js), and the project's loader must read
the same values from both texts, and the model the same content.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from editorkit import EDITOR, node_modules

from generator.load.yamlio import parse_yaml
from generator.site.pages.editor import FILES

ROOT = Path(__file__).resolve().parent.parent
MODELS = {name: model for name, _, model in FILES}


def _school_files() -> list[Path]:
    return sorted(p for p in (ROOT / "content").glob("*/*/*.yml") if p.name in MODELS)


def _through_the_editor(paths: list[Path]) -> dict[str, str]:
    node_modules()
    out: dict[str, str] = {}
    for start in range(0, len(paths), 100):
        chunk = [str(p) for p in paths[start:start + 100]]
        done = subprocess.run(["node", str(EDITOR / "roundtrip.js"), *chunk], capture_output=True, text=True,
                              timeout=300, check=True)
        out.update(json.loads(done.stdout))
    return out


def _values(text: str, rel: str):
    diags = []
    doc = parse_yaml(text, Path(rel), rel, diags)
    assert doc.ok, [(d.code, d.line, d.message()) for d in diags]
    return doc.data, sorted(d.code for d in diags)


def test_every_kind_of_school_file_is_in_the_demo():
    assert {p.name for p in _school_files()} == set(MODELS)


def test_every_demo_school_file_reads_the_same_after_the_editor_saved_it():
    paths = _school_files()
    saved = _through_the_editor(paths)
    assert len(saved) == len(paths)
    for path in paths:
        rel = str(path.relative_to(ROOT))
        before, before_codes = _values(path.read_text(encoding="utf-8"), rel)
        after, after_codes = _values(saved[str(path)], rel)
        assert after == before, rel
        model = MODELS[path.name]
        assert model.model_validate(after).model_dump() == model.model_validate(before).model_dump(), rel
        assert "YAML-AMBIGUOUS" not in after_codes or "YAML-AMBIGUOUS" in before_codes, rel


@pytest.mark.parametrize("text", [
    "a: 'no'\nb: '2020-09-01'\nc: '010'\nd: 'on'\ne: \"1:20\"\n",
    "text: |-\n  # 标题\n\n  - 第一条：内容\n  - 第二条 “引号” 'single'\n\n  > 引用\n",
    "long: " + "很长的一段文字，" * 40 + "\n",
    "n: 2020.9\nm: '2020.10'\nx: 0.5\ny: -3\nz: null\nt: true\n",
])
def test_yaml_11_and_12_differences_and_markdown_survive(tmp_path, text):
    path = tmp_path / "x.yml"
    path.write_text(text, encoding="utf-8")
    saved = _through_the_editor([path])[str(path)]
    assert _values(saved, "x.yml")[0] == _values(text, "x.yml")[0], saved


def test_an_optional_block_the_form_saved_empty_counts_as_left_out():
    """The editor saves a block the writer never opened with empty values (`kickoff: {date: ""}`):
    that is no block, not a block missing its required fields; a block begun is checked whole."""
    import pydantic
    import pytest as _pytest

    from generator.model.training import Training

    base = Training.model_validate({"kickoff": {"date": "", "speaker": None, "evidence": []}}, strict=False)
    assert base.kickoff is None
    with _pytest.raises(pydantic.ValidationError) as info:
        Training.model_validate({"kickoff": {"date": "2021-09-01"}})
    assert any(e["loc"][:2] == ("kickoff", "speaker") for e in info.value.errors())
