"""A newcomer finds a module's tests by its name: each rule module generator/check/rules/<name>.py has
tests/test_rules_<name>.py and each page module generator/site/pages/<name>.py has tests/test_pages_<name>.py."""

from __future__ import annotations

from pathlib import Path

import pytest

import generator

PACKAGE = Path(generator.__file__).parent
TESTS = Path(__file__).parent

FOLDERS = {"check/rules": "test_rules_", "site/pages": "test_pages_"}
"""The package folders whose modules each have a test module, and the prefix of its name."""


def modules_without_tests(folder: Path, prefix: str, tests: Path) -> list[str]:
    """The modules of folder (helpers starting with _ left out) with no tests/<prefix><name>.py."""
    return [p.name for p in sorted(folder.glob("*.py"))
            if not p.name.startswith("_") and not (tests / f"{prefix}{p.stem}.py").is_file()]


@pytest.mark.parametrize("folder, prefix", FOLDERS.items())
def test_each_module_has_its_test_module(folder, prefix):
    modules = [p for p in (PACKAGE / folder).glob("*.py") if not p.name.startswith("_")]
    assert len(modules) > 5  # the folder is still there and still holds the modules
    assert modules_without_tests(PACKAGE / folder, prefix, TESTS) == []


def test_a_module_without_its_test_module_is_named(tmp_path):
    package, tests = tmp_path / "rules", tmp_path / "tests"
    package.mkdir()
    tests.mkdir()
    for name in ("__init__.py", "_helpers.py", "tested.py", "untested.py"):
        (package / name).write_text("")
    (tests / "test_rules_tested.py").write_text("")
    assert modules_without_tests(package, "test_rules_", tests) == ["untested.py"]
