"""The editor's JSON Schemas agree with plansite check: the demo passes both, each mutation fails both."""

from __future__ import annotations

import copy
import json
import shutil
import string
from functools import lru_cache
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from generator.authoring.editorschema import FORMATS, FORMATS_JS, SCHEMA_LINE, formats_js, schema_comment, schema_of
from generator.check.validate import check_site
from generator.core.diagnostics import Diagnostic
from generator.load.yamlio import load_yaml

ROOT = Path(__file__).resolve().parent.parent
JSON = ROOT / "schemas" / "json"
SEED = "content/dalang/xiangtou-primary"


YAML_11 = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""PyYAML's safe loader, in C where libyaml is installed: the same YAML 1.1 reading, ten times faster over
the demo's 500 files."""


def demo_yaml() -> list[str]:
    files = [ROOT / "site.yml", *(ROOT / "content").rglob("*.yml"), *(ROOT / "schemas").glob("*/*.yml")]
    return sorted(p.relative_to(ROOT).as_posix() for p in files)


def validator(rel: str) -> Draft202012Validator:
    return _validator(schema_of(rel))


@lru_cache(maxsize=None)
def _validator(name: str) -> Draft202012Validator:
    schema = json.loads((JSON / name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def values(path: Path, rel: str):
    """The file's values exactly as check reads them (YAML 1.2: `no` stays a string, as in editors)."""
    diags: list[Diagnostic] = []
    doc = load_yaml(path, rel, diags)
    assert doc.ok and not diags, [d.to_dict() for d in diags]
    return doc.data


def schema_errors(rel: str, data) -> list[str]:
    return [f"{e.json_path}: {e.message}" for e in validator(rel).iter_errors(data)]


@pytest.mark.parametrize("rel", demo_yaml())
def test_demo_file_has_schema_line_and_validates(rel):
    text = (ROOT / rel).read_text(encoding="utf-8")
    assert schema_of(rel), f"{rel}: no schema for this file"
    assert text.startswith(schema_comment(rel)), f"{rel}: first line should be {schema_comment(rel)!r}"
    target = (ROOT / rel).parent / text.splitlines()[0].removeprefix(SCHEMA_LINE)
    assert target.resolve() == (JSON / schema_of(rel)).resolve()
    assert schema_errors(rel, values(ROOT / rel, rel)) == []


def test_schema_of_ignores_what_check_does_not_read():
    assert schema_of("content/pages/about.md") is None
    assert schema_of("content/dalang/xiangtou-primary/evidence/list.yml") is None
    assert schema_of(".gitlab-ci.yml") is None
    assert schema_of("content/dalang/xiangtou-primary/reviews/a.yml") == "review.schema.json"


def test_custom_formats_are_declared_for_strict_validators():
    used = set()
    for path in JSON.glob("*.schema.json"):
        text = path.read_text(encoding="utf-8")
        used |= {f for f in FORMATS if f'"format": "{f}"' in text}
        for line in text.splitlines():
            if '"format":' in line:
                assert line.split('"')[3] in FORMATS, f"{path.name}: undeclared format in {line.strip()}"
        assert '"ge"' not in text and '"le"' not in text, f"{path.name}: pydantic bound left in the schema"
    assert used == set(FORMATS)
    declared = (JSON / FORMATS_JS).read_text(encoding="utf-8")
    assert declared == formats_js()
    for name in FORMATS:
        assert f'ajv.addFormat("{name}", true)' in declared


# ── mutations: each one must fail both the schema and plansite check ─────────

@pytest.fixture(scope="module")
def seed_site(tmp_path_factory) -> Path:
    """A site of the demo's site.yml and the seed school alone."""
    root = tmp_path_factory.mktemp("seed-site")
    shutil.copy(ROOT / "site.yml", root / "site.yml")
    shutil.copytree(ROOT / "content" / "dalang", root / "content" / "dalang")
    return root


def errors_in(root: Path, rel: str) -> list[str]:
    _, diags = check_site(root)
    return [d.code for d in diags if d.level == "error" and d.path == rel]


def both_reject(root: Path, rel: str, data) -> tuple[list[str], list[str]]:
    """Write the mutated file into a copy of the site; what the schema and check say about it."""
    work = root.parent / (root.name + "-mutated")
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(root, work)
    (work / rel).write_text(schema_comment(rel) + yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                            encoding="utf-8")
    return schema_errors(rel, data), errors_in(work, rel)


def _at(node, path):
    for step in path:
        node = node[step]
    return node


def _put(path, value):
    def mutate(data):
        node = _at(data, path[:-1])
        node[path[-1]] = value
    return mutate


def _drop(path):
    return lambda data: _at(data, path[:-1]).pop(path[-1])


# file → kind → mutation; the keys named are required by the models, so by check and the schema alike
MUTATIONS = {
    "school.yml": {"unknown key": _put(("colour",), "红色"), "wrong type": _put(("teachers",), "很多"),
                   "missing required key": _drop(("name",))},
    "plan.yml": {"unknown key": _put(("team", "colour"), "红色"), "wrong type": _put(("swot",), ["优势"]),
                 "missing required key": _drop(("team", "members", 0, "name"))},
    "training.yml": {"unknown key": _put(("key_points", 0, "colour"), "红色"),
                     "wrong type": _put(("key_points", 0, "subject"), ["语文"]),
                     "missing required key": _drop(("key_points", 0, "subject"))},
    "reviews/plan-opinion.yml": {"unknown key": _put(("colour",), "红色"), "wrong type": _put(("opinion",), 3),
                                 "missing required key": _drop(("plan",))},
}
KINDS = ["unknown key", "wrong type", "missing required key"]


SEED_FILES = list(MUTATIONS)


def test_seed_site_is_clean_for_both(seed_site):
    for name in SEED_FILES:
        rel = f"{SEED}/{name}"
        assert schema_errors(rel, values(seed_site / rel, rel)) == []
        assert errors_in(seed_site, rel) == []


@pytest.mark.parametrize("name", SEED_FILES)
@pytest.mark.parametrize("kind", KINDS)
def test_mutation_fails_schema_and_check(seed_site, kind, name):
    rel = f"{SEED}/{name}"
    data = copy.deepcopy(values(seed_site / rel, rel))
    MUTATIONS[name][kind](data)
    by_schema, by_check = both_reject(seed_site, rel, data)
    assert by_schema, f"the schema accepts {kind} in {name}"
    assert by_check, f"plansite check accepts {kind} in {name}"


def _mappings(node, path=()):
    if isinstance(node, dict):
        yield path
        for key, value in node.items():
            yield from _mappings(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _mappings(value, path + (i,))


KEYS = st.text(alphabet=string.ascii_lowercase + "_", min_size=2, max_size=12)


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_unknown_key_anywhere_fails_both(seed_site, data):
    name = data.draw(st.sampled_from(["plan.yml", "training.yml"]), label="file")
    rel = f"{SEED}/{name}"
    doc = copy.deepcopy(values(seed_site / rel, rel))
    # calendar rows are left out: a broken row is the calendar rule's own robustness to test
    # an `original` mapping keeps a mended slip under any field name, so any key is valid there
    places = [m for m in _mappings(doc) if (m[:1] != ("calendar",) or len(m) == 1) and m[-1:] != ("original",)]
    where = data.draw(st.sampled_from(places), label="mapping")
    target = _at(doc, where)
    key = data.draw(KEYS.filter(lambda k: k not in target), label="key")
    target[key] = "多出来的内容"
    by_schema, by_check = both_reject(seed_site, rel, doc)
    assert by_schema and by_check, (where, key, by_schema, by_check)


@pytest.mark.parametrize("rel", demo_yaml())
def test_demo_file_validates_as_a_yaml_1_1_reader_reads_it(rel):
    """PyYAML (YAML 1.1, like many tools built on it) reads `no`, `on` and `yes` keys as booleans."""
    data = yaml.load((ROOT / rel).read_text(encoding="utf-8"), Loader=YAML_11)
    assert schema_errors(rel, data) == []
