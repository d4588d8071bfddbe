"""Every command and option is documented in docs/commands.md."""

from pathlib import Path

from generator.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent


def test_every_command_and_option_is_documented():
    doc = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    missing = []
    for name, p in sub.choices.items():
        if f"## plansite {name}" not in doc:
            missing.append(name)
            continue
        section = doc.split(f"## plansite {name}", 1)[1].split("\n## ", 1)[0]
        for action in p._actions:
            for opt in action.option_strings:
                if opt.startswith("--") and opt != "--help" and f"`{opt}`" not in section:
                    missing.append(f"{name} {opt}")
    assert not missing, missing


def test_docs_nav_lists_existing_pages():
    import yaml
    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    for entry in nav:
        page = next(iter(entry.values()))
        assert (ROOT / "docs" / page).is_file(), page
