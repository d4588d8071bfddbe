"""No value crashes plansite: the mutation corpus of tests/mutations.py, run through check and build.

Most cases call the library in process (check_site, then render_site when check passes);
a few run the real command line. Every case must end without a traceback; every case the
models reject must give an error naming the mutated file and a line.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from mutations import MISSING, WRONG_VALUES, Mutation, apply, corpus
from sitekit import render_site
from pydantic import ValidationError

from generator.check.validate import check_site
from generator.core.diagnostics import format_human, has_errors
from generator.load import content as load
from generator.load import policy, yamlio
from generator.load.yamlio import parse_yaml
from generator.model import FILE_MODELS

REPO = Path(__file__).resolve().parent.parent
DISTRICT, SCHOOL = "qinghe", "qinghe-experimental-primary"
SCHOOL_DIR = f"content/{DISTRICT}/{SCHOOL}"


def _files(root: Path) -> dict[str, Path]:
    school = root / SCHOOL_DIR
    files = {"site.yml": root / "site.yml", "_district.yml": root / "content" / DISTRICT / "_district.yml"}
    for name in ("school.yml", "plan.yml", "training.yml", "selfscore.yml", "progress.yml"):
        files[name] = school / name
    review = sorted((school / "reviews").glob("*.yml"))[0]
    files[f"reviews/{review.name}"] = review
    return files


def _model(name: str):
    return FILE_MODELS["review" if name.startswith("reviews/") else name]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A one-school copy of the demo, and a check that reuses one loaded policy."""
    root = tmp_path_factory.mktemp("mutations")
    shutil.copy(REPO / "site.yml", root / "site.yml")
    (root / "content" / DISTRICT).mkdir(parents=True)
    shutil.copy(REPO / "content" / DISTRICT / "_district.yml", root / "content" / DISTRICT)
    shutil.copytree(REPO / SCHOOL_DIR, root / SCHOOL_DIR)
    files = _files(root)
    base = {name: parse_yaml(path.read_text(encoding="utf-8"), path, name, []).data for name, path in files.items()}
    return root, files, base


@pytest.fixture
def cached_policy(site, monkeypatch):
    loaded = policy.load_policy(site[0], [])
    monkeypatch.setattr(load, "load_policy", lambda root, diags: loaded)


def _dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10 ** 9)


def _expect_invalid(name: str, text: str) -> bool:
    """Whether the model rejects the document as plansite reads it (YAML 1.2 core types)."""
    if len(text.encode("utf-8")) > yamlio.MAX_BYTES:
        return True
    doc = parse_yaml(text, Path(name), name, [])
    data = doc.data
    if not doc.ok:
        return True
    try:
        _model(name).model_validate(data)
    except ValidationError:
        return True
    return not isinstance(data, dict)


def _run(site, *mutations: Mutation, value=MISSING, render_too: bool = False) -> str | None:
    """Apply mutations (each to a different file), check (and render); the problem found, or None."""
    root, files, base = site
    originals, texts = {}, {}
    for m in mutations:
        path = files[m.file]
        originals[path] = path.read_text(encoding="utf-8")
        if isinstance(value, str) and len(value) > yamlio.MAX_BYTES:  # dumping 10 MB is slow: splice it in
            texts[m] = _dump(apply(base[m.file], m, "@@BIG@@")).replace("@@BIG@@", value, 1)
        else:
            texts[m] = _dump(apply(base[m.file], m, value))
    label = " + ".join(map(str, mutations))
    try:
        for m in mutations:
            files[m.file].write_text(texts[m], encoding="utf-8")
        try:
            content, diags = check_site(root)
            shown = format_human(diags) + "".join(d.message("en") + d.hint("en") for d in diags)
            if render_too and not has_errors(diags):
                render_site(content)
        except Exception as exc:  # noqa: BLE001 - the point is to catch every crash
            return f"{label}: {type(exc).__name__}: {exc}"
        if any(ch in shown for ch in "\x00\x1b\r\x7f\u202e"):
            return f"{label}: a control character reached the terminal output"
        for m in mutations:
            rel = files[m.file].relative_to(root).as_posix()
            if _expect_invalid(m.file, texts[m]) and \
                    not any(d.level == "error" and d.path == rel and d.line for d in diags):
                return f"{m}: rejected by the model, but no error with {rel} and a line"
        return None
    finally:
        for path, text in originals.items():
            path.write_text(text, encoding="utf-8")


def _alone(m: Mutation) -> bool:
    """A fault that stops the rules of every file (no profile to check against): tried alone."""
    return m.file in ("site.yml", "school.yml") and m.loc[:1] == ("profile",) or not m.loc


def _batches(cases: list[Mutation]) -> list[tuple[Mutation, ...]]:
    """One mutation of each file per run, except the faults that would hide the others."""
    by_file: dict[str, list[Mutation]] = {}
    batches = [(m,) for m in cases if _alone(m)]
    for m in cases:
        if not _alone(m):
            by_file.setdefault(m.file, []).append(m)
    rows = itertools.zip_longest(*by_file.values())
    return batches + [tuple(m for m in row if m is not None) for row in rows]


def test_base_site_is_clean(site, cached_policy):
    _, diags = check_site(site[0])
    assert not has_errors(diags), format_human(diags)


def test_every_field_every_wrong_value(site, cached_policy):
    root, files, base = site
    cases = corpus({name: (_model(name), base[name]) for name in files})
    kinds = {m.kind for m in cases}
    assert set(WRONG_VALUES) | {"as-list", "as-mapping"} <= kinds
    assert len({m.file for m in cases}) == len(files)
    failures = []
    for batch in _batches(cases):
        if _run(site, *batch) is not None:  # find which of the batch it was
            failures += [p for p in (_run(site, m) for m in batch) if p] or [_run(site, *batch)]
    assert not failures, f"{len(failures)} of {len(cases)} cases failed:\n" + "\n".join(failures[:30])




def _all_locs(site):
    root, files, base = site
    return sorted({(m.file, m.loc) for m in corpus({n: (_model(n), base[n]) for n in files}) if m.loc}, key=str)


def test_ten_megabyte_string(site, cached_policy):
    """A 10 MB value is refused for its size, with file and line, before it is parsed."""
    locs = _all_locs(site)

    @settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck), database=None,
              phases=[Phase.explicit, Phase.generate])
    @given(st.sampled_from(locs))
    def one(where):
        problem = _run(site, Mutation(where[0], where[1], "string"), value="字" * (10 * 1024 * 1024 // 3))
        assert problem is None, problem

    one()


_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(min_value=-10 ** 400, max_value=10 ** 400),
                     st.floats(), st.text(max_size=40))
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=3)
                       | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8)


def test_random_values_through_check_and_render(site, cached_policy):
    """Values hypothesis makes up, anywhere; what passes check must also render."""
    locs = _all_locs(site)

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None,
              phases=[Phase.explicit, Phase.generate])
    @given(st.sampled_from(locs), _VALUES)
    def one(where, value):
        problem = _run(site, Mutation(where[0], where[1], "string"), value=value, render_too=True)
        assert problem is None, problem

    one()


def _cli(*args, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONUTF8="1")
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("mutation", [
    Mutation("training.yml", ("calendar", 0, "hours"), "string"),
    Mutation("selfscore.yml", ("items", 0, "score"), "nan"),
    Mutation("plan.yml", ("swot",), "as-list"),
], ids=str)
def test_real_command_line(site, tmp_path, mutation):
    """check and build, run as a user runs them: exit 1, the file and a line, no traceback."""
    root, files, base = site
    copy_root = tmp_path / "site"
    shutil.copytree(root, copy_root)
    path = _files(copy_root)[mutation.file]
    path.write_text(_dump(apply(base[mutation.file], mutation)), encoding="utf-8")
    rel = path.relative_to(copy_root).as_posix()
    for args in (("check",), ("build", "--out", str(tmp_path / "out"))):
        done = _cli(*args, cwd=copy_root)
        assert done.returncode == 1, (args, done.stdout, done.stderr)
        assert "Traceback" not in done.stdout + done.stderr
        assert f"{rel}:" in done.stdout, done.stdout
    assert not (tmp_path / "out").exists()


