"""Rule modules are found in their package: a new module runs without being listed anywhere."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from generator.check import registry, rules
from generator.check.validate import RULE_MODULES, discover_rules


def test_every_module_of_the_rules_package_is_loaded():
    on_disk = sorted(p.stem for p in Path(rules.__file__).parent.glob("*.py") if not p.name.startswith("_"))
    assert RULE_MODULES == on_disk
    for name in on_disk:
        assert f"{rules.__name__}.{name}" in sys.modules


def test_a_new_module_registers_its_rule_without_being_listed(tmp_path, monkeypatch):
    package = tmp_path / "newrules"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "fresh.py").write_text(
        "from generator.check.registry import rule\n\n@rule('a-fresh-rule')\ndef fresh(ctx):\n    return []\n")
    (package / "_private.py").write_text("raise RuntimeError('helpers starting with _ are not rule modules')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(registry, "RULES", dict(registry.RULES))
    assert "a-fresh-rule" not in registry.RULES
    assert discover_rules(importlib.import_module("newrules")) == ["fresh"]
    assert "a-fresh-rule" in registry.RULES


def test_the_helpers_later_stages_use_register_no_rule():
    """aggregate/, site/, authoring/ and gitflow/ take the rules' helpers from load/derived.py and
    model/sections.py: importing those, in a fresh interpreter, leaves the registry empty."""
    import subprocess

    code = ("import generator.load.derived, generator.model.sections, generator.aggregate.dashboards, "
            "generator.aggregate.facts, generator.site.pages.process, generator.gitflow.sectiondiff\n"
            "from generator.check.registry import RULES, SITE_RULES, CLOCK_RULES\n"
            "print(len(RULES) + len(SITE_RULES) + len(CLOCK_RULES))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"
