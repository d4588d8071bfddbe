"""Every rule code has a Chinese and an English message, and is documented."""

import re
from pathlib import Path

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


def test_every_code_is_documented():
    doc = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    missing = [code for code in MESSAGES if f"`{code}`" not in doc]
    assert not missing, missing
