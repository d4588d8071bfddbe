"""Every rule code has a Chinese and an English message and a source, and is documented; so has every label."""

import re
from pathlib import Path

import yaml

from generator.authoring.rulesdoc import rules_markdown, sections
from generator.core.labels import EN, ZH
from generator.core.messages import MESSAGES

ROOT = Path(__file__).resolve().parent.parent


def test_every_code_used_in_the_code_has_a_message():
    used = set()
    for path in (ROOT / "generator").rglob("*.py"):
        used |= set(re.findall(r'Diagnostic\(\s*"([A-Z]+-[A-Z0-9-]+)"', path.read_text(encoding="utf-8")))
    assert used, "no codes found"
    assert not used - set(MESSAGES), used - set(MESSAGES)


def test_messages_are_complete():
    for code, m in MESSAGES.items():
        assert m.severity in ("error", "warning", "info"), code
        assert m.zh and m.en, code
        assert re.search(r"[\u4e00-\u9fff]", m.zh), code
        assert m.source.strip() and m.source != "—", f"{code} names no source"
        assert bool(m.hint_zh) == bool(m.hint_en), f"{code}: a hint in one language only"


def test_the_tables_are_data_files_with_both_languages_side_by_side():
    data = ROOT / "generator" / "core" / "data"
    messages = yaml.safe_load((data / "messages.yml").read_text(encoding="utf-8"))
    labels = yaml.safe_load((data / "labels.yml").read_text(encoding="utf-8"))
    assert set(messages) == set(MESSAGES) and all(isinstance(code, str) for code in messages)
    assert all({"zh", "en"} <= set(fields) for fields in messages.values())
    assert all(isinstance(key, str) for key in labels), "a label key was read as a YAML boolean or number"
    missing = [key for key, fields in labels.items() if not fields.get("zh") or not fields.get("en")]
    assert not missing, missing
    assert set(ZH) == set(EN) == set(labels)


def test_every_code_is_documented():
    doc = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    missing = [code for code in MESSAGES if f"`{code}`" not in doc]
    assert not missing, missing
    assert doc == rules_markdown(), "run `plansite schema` to refresh docs/rules.md"


def test_a_code_no_section_lists_goes_after_the_code_before_it():
    layout = {"sections": [{"title": "A", "codes": ["X-ONE", "X-TWO"]}, {"title": "B", "codes": ["Y-ONE"]}]}
    table = dict.fromkeys(["X-ONE", "X-NEW", "X-TWO", "Y-ONE", "Y-NEW"], MESSAGES["FILE-BOM"])
    assert [codes for _, codes in sections(layout, table)] == [["X-ONE", "X-NEW", "X-TWO"], ["Y-ONE", "Y-NEW"]]
    first = dict.fromkeys(["Z-FIRST", "X-ONE"], MESSAGES["FILE-BOM"])
    assert [codes for _, codes in sections(layout, first)] == [["X-ONE"], ["Z-FIRST"]]
