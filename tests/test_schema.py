"""The committed JSON Schemas match the models."""

from pathlib import Path

from generator.authoring.editorschema import FORMATS_JS, SCHEMAS, render

ROOT = Path(__file__).resolve().parent.parent


def test_committed_schemas_are_fresh():
    stale = [name for name, model in SCHEMAS.items()
             if not (ROOT / "schemas" / "json" / name).is_file()
             or (ROOT / "schemas" / "json" / name).read_text(encoding="utf-8") != render(model)]
    assert not stale, f"run `plansite schema` to refresh: {stale}"


def test_committed_field_reference_is_fresh():
    from generator.authoring.docgen import reference
    assert (ROOT / "docs" / "reference.md").read_text(encoding="utf-8") == reference(), \
        "run `plansite schema` to refresh docs/reference.md"


def test_schema_descriptions_are_bilingual():
    schema = SCHEMAS["plan.schema.json"].model_json_schema()
    assert " · " in schema["properties"]["swot"]["description"]


def test_schema_command_writes_files(tmp_path, capsys):
    from generator.cli import main
    assert main(["schema", "--out", str(tmp_path / "json"), "--docs", str(tmp_path / "ref.md")]) == 0
    assert sorted(p.name for p in (tmp_path / "json").iterdir()) == sorted([*SCHEMAS, FORMATS_JS])
    assert "## plan.yml" in (tmp_path / "ref.md").read_text(encoding="utf-8")


def _titles(node, path=""):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "title" and isinstance(value, str):
                yield path, value
            else:
                yield from _titles(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _titles(value, f"{path}/{i}")


def test_every_title_an_editor_shows_is_chinese():
    import json
    import re
    for name, model in SCHEMAS.items():
        schema = json.loads(render(model))
        english = [(path, title) for path, title in _titles(schema) if not re.search(r"[\u4e00-\u9fff]", title)]
        assert not english, (name, english[:5])
    training = json.loads(render(SCHEMAS["training.schema.json"]))
    assert training["title"] == "校本研修与考核方案"
    row = training["$defs"]["CalendarRow"]
    assert row["title"] == "校本研修计划" and row["properties"]["time"]["title"] == "时间"
    plan = json.loads(render(SCHEMAS["plan.schema.json"]))
    assert plan["properties"]["phases_intro"]["title"] == "三年实施安排的总体思路"


def _descriptions(node, path=""):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "description" and isinstance(value, str):
                yield path, value
            elif key not in ("enum", "const", "default", "examples"):
                yield from _descriptions(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _descriptions(value, f"{path}/{i}")


def test_every_description_an_editor_shows_starts_in_chinese():
    """An editor shows a block's description on hover: the model's own (English) docstring follows
    the block's Chinese name, as a field's description does ("学校全称 · Full name")."""
    import json
    import re
    for name, model in SCHEMAS.items():
        schema = json.loads(render(model))
        english = [(path, text) for path, text in _descriptions(schema)
                   if not re.search(r"[\u4e00-\u9fff]", text[:12])]  # Chinese from the start
        assert not english, (name, english[:5])
    school = json.loads(render(SCHEMAS["school.schema.json"]))
    assert school["description"] == "学校基本信息 · school.yml · A school's identity."


def _schema(tmp_path, *args):
    """`plansite schema` run from tmp_path in this process: its exit code and what it printed. (A fresh
    interpreter per run cost a second each; an uncaught exception fails the test as a traceback would.)"""
    import contextlib
    import io
    import subprocess

    from generator.cli import main
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(tmp_path), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["schema", *args])
    return subprocess.CompletedProcess(["plansite", "schema", *args], code, out.getvalue(), err.getvalue())


def test_schema_never_overwrites_what_it_did_not_write(tmp_path):
    """`plansite schema --out .` wrote 17 files among the user's own, --docs overwrote any file,
    --out naming a file was a traceback: now each is refused, nothing written."""
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "plan.schema.json").write_text("my own", encoding="utf-8")
    (mine / "notes.txt").write_text("keep", encoding="utf-8")
    (tmp_path / "afile").write_text("keep", encoding="utf-8")
    pages = ["--docs", str(tmp_path / "d" / "ref.md"), "--figures", str(tmp_path / "d" / "fig.md")]
    for args in (["--out", str(mine), *pages], ["--out", str(tmp_path / "afile"), *pages],
                 ["--out", "/dev/null", *pages], ["--out", str(tmp_path / "new"), "--docs", str(tmp_path / "afile")],
                 ["--out", str(tmp_path / "new"), "--figures", "/dev/null"],
                 ["--out", str(tmp_path / "new"), "--rules", str(tmp_path / "afile")]):
        done = _schema(tmp_path, *args)
        assert done.returncode == 2 and "Traceback" not in done.stderr, (args, done.stderr)
        assert "不覆盖" in done.stderr or "不是文件夹" in done.stderr, (args, done.stderr)
    assert (mine / "plan.schema.json").read_text(encoding="utf-8") == "my own"
    assert (tmp_path / "afile").read_text(encoding="utf-8") == "keep"
    assert not (tmp_path / "new").exists() and not (tmp_path / "d").exists()
    for _ in range(2):  # its own files it writes again
        done = _schema(tmp_path, "--out", str(tmp_path / "json"), *pages)
        assert done.returncode == 0, done.stderr
