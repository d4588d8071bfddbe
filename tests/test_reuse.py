"""A cold build, a build from the cache and a build on several processes give the same site."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sitekit import git_repo

from generator.check import cache as cache_mod
from generator.output import search, stream
from generator.pipeline import build_site
from generator.site import doccache

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import make_city  # noqa: E402


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def city(root: Path) -> Path:
    root.mkdir()
    (root / "site.yml").write_bytes((ROOT / "site.yml").read_bytes())
    make_city.write(root / "content", make_city.city(2, 3))
    git_repo(root)
    plan = sorted((root / "content").glob("sample-*/*/plan.yml"))[0]  # a second revision: history pages
    plan.write_text(plan.read_text(encoding="utf-8").replace("对标", "对照", 1), encoding="utf-8")
    subprocess.run(["git", "commit", "-qam", "修改"], cwd=root, check=True, capture_output=True)
    return root


def test_cold_cached_and_pooled_builds_are_byte_identical(tmp_path, monkeypatch):
    root = city(tmp_path / "site")
    cold = build_site(root, tmp_path / "cold", cache=False, jobs=1)
    assert cold.ok and not (root / cache_mod.DIRNAME).exists()
    assert build_site(root, tmp_path / "first", jobs=1).ok  # fills the cache
    assert build_site(root, tmp_path / "cached", jobs=1).ok
    monkeypatch.setattr(stream, "MIN_POOLED", 0)
    assert build_site(root, tmp_path / "pooled", jobs=2).ok
    expected = tree(tmp_path / "cold")
    assert any("/changes/" in p for p in expected)  # the history pages are part of the comparison
    assert tree(tmp_path / "first") == expected
    assert tree(tmp_path / "cached") == expected
    assert tree(tmp_path / "pooled") == expected


def test_a_corrupted_cache_file_is_rebuilt_and_the_site_unchanged(tmp_path):
    root = city(tmp_path / "site")
    assert build_site(root, tmp_path / "a").ok
    entries = sorted(p for p in (root / cache_mod.DIRNAME / "schools").rglob("*") if p.is_file())
    for i, path in enumerate(entries):
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2] + bytes([data[len(data) // 2] ^ 0xFF]) + data[len(data) // 2 + 1:]
                         if i % 2 else b"not a cache file")
    assert build_site(root, tmp_path / "b").ok
    assert tree(tmp_path / "b") == tree(tmp_path / "a")
    store = cache_mod.SchoolCache(root)
    assert all(store.get(p.name) is not None for p in entries)  # every damaged entry was written anew


def test_a_template_error_in_a_worker_names_the_template_and_line(tmp_path, monkeypatch):
    root = city(tmp_path / "site")
    theme = root / "themes" / "default"
    shutil.copytree(ROOT / "themes" / "default", theme)
    page = theme / "templates" / "training.html"
    lines = page.read_text(encoding="utf-8").splitlines()
    main = lines.index("{% block main %}")
    lines.insert(main + 1, "{{ s.no_such_field.deeper }}")  # rendered on every training page
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(stream, "MIN_POOLED", 0)
    result = build_site(root, tmp_path / "out", jobs=2)
    assert not result.ok and not (tmp_path / "out").exists()
    (diag,) = [d for d in result.diagnostics if d.code == "BUILD-TEMPLATE"]
    assert diag.path == "themes/default/templates/training.html" and diag.line == main + 2


def test_one_changed_school_re_indexes_only_its_districts_search_part(tmp_path, monkeypatch):
    root = city(tmp_path / "site")
    indexed = []
    original = search._index

    async def spy(pages, dest, language):
        indexed.append(dest.name if dest.parent.name != "pagefind-parts" else f"pagefind-parts/{dest.name}")
        await original(pages, dest, language)
    monkeypatch.setattr(search, "_index", spy)
    assert build_site(root, tmp_path / "a", jobs=1).ok
    districts = sorted(p.name for p in (tmp_path / "a" / "pagefind-parts").iterdir())
    assert sorted(indexed) == sorted(["pagefind"] + [f"pagefind-parts/{d}" for d in districts])
    indexed.clear()
    assert build_site(root, tmp_path / "b", jobs=1).ok
    assert indexed == []  # nothing changed: every part from the cache
    assert tree(tmp_path / "b") == tree(tmp_path / "a")
    plan = sorted((root / "content").glob(f"{districts[1]}/*/plan.yml"))[0]
    text = plan.read_text(encoding="utf-8")
    assert "对标" in text
    plan.write_text(text.replace("对标", "参照", 1), encoding="utf-8")
    assert build_site(root, tmp_path / "c", jobs=1).ok
    assert f"pagefind-parts/{districts[1]}" in indexed
    assert f"pagefind-parts/{districts[0]}" not in indexed
    assert set(indexed) <= {"pagefind", f"pagefind-parts/{districts[1]}"}
    cold = build_site(root, tmp_path / "cold", cache=False, jobs=1)
    assert cold.ok and tree(tmp_path / "c") == tree(tmp_path / "cold")


def test_a_damaged_search_part_in_the_cache_is_indexed_again(tmp_path):
    root = city(tmp_path / "site")
    assert build_site(root, tmp_path / "a", jobs=1).ok
    stored = sorted((root / cache_mod.DIRNAME / "search").iterdir())
    for entry in stored:
        victim = sorted(p for p in entry.rglob("*.pf_fragment"))[0]
        victim.write_bytes(victim.read_bytes()[:-3])
    assert build_site(root, tmp_path / "b", jobs=1).ok
    assert tree(tmp_path / "b") == tree(tmp_path / "a")
    assert all(search._cached(entry) for entry in stored)  # stored anew, whole


def test_word_documents_come_from_the_cache_while_their_plan_is_unchanged(tmp_path, monkeypatch):
    root = city(tmp_path / "site")
    assert build_site(root, tmp_path / "a", jobs=1).ok
    made = sorted(p.relative_to(tmp_path / "a").as_posix() for p in (tmp_path / "a").rglob("*.docx"))
    assert made and len(list((root / cache_mod.DIRNAME / "docx").rglob("*"))) >= len(made)

    def refuse(*args):
        raise AssertionError("a Word document was made again")
    monkeypatch.setitem(doccache.MAKERS, "plan", refuse)
    monkeypatch.setitem(doccache.MAKERS, "training", refuse)
    assert build_site(root, tmp_path / "b", jobs=1).ok
    assert tree(tmp_path / "b") == tree(tmp_path / "a")
    plan = sorted((root / "content").glob("*/*/plan.yml"))[-1]
    plan.write_text(plan.read_text(encoding="utf-8").replace("对标", "参照", 1), encoding="utf-8")
    with pytest.raises(AssertionError, match="made again"):  # a changed plan: its document is made anew
        build_site(root, tmp_path / "c", jobs=1)
