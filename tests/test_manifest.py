"""Nothing changed ⇒ nothing written: the build's manifest of inputs and the output's record.

A rebuild whose inputs (content, settings, policy, theme, plansite, options, the date, the Git
commit) are those of the last build, into an output that still holds what that build wrote,
touches no file; an edit rewrites only the files whose bytes change; a manifest that does not
hold (another key, a hand-edited output, a forged entry) is a normal build.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import subprocess
from pathlib import Path

import pytest
from sitekit import git_repo, make_site, school_dir

from generator.check import trust
from generator.check.cache import DIRNAME
from generator.cli import main
from generator.output import manifest as manifest_mod
from generator.pipeline import build_site


@pytest.fixture(autouse=True)
def own_secret(tmp_path, monkeypatch):
    monkeypatch.delenv(trust.ENV, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("PLANSITE_TODAY", "2024-05-01")


def state(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file of the output: (mtime_ns, inode, bytes)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            st = path.stat()
            found[path.relative_to(folder).as_posix()] = (st.st_mtime_ns, st.st_ino, path.read_bytes())
    return found


def tree(folder: Path) -> dict[str, bytes]:
    return {rel: data for rel, (_, _, data) in state(folder).items()}


def summary(text: str) -> list[str]:
    """The build's stdout without its time."""
    return [line.split("用时")[0] for line in text.splitlines()]


def test_nothing_changed_writes_nothing_and_says_the_same(tmp_path, capsys):
    root = make_site(tmp_path / "s")
    out = tmp_path / "_site"
    assert main(["build", str(root), "--out", str(out)]) == 0
    first = capsys.readouterr()
    before = state(out)
    assert main(["build", str(root), "--out", str(out)]) == 0
    again = capsys.readouterr()
    assert state(out) == before  # not one file written: same times, same inodes
    assert "检查内容" not in again.err and "未改动" in again.err
    assert summary(again.out)[:2] == summary(first.out)[:2]


def test_an_edit_rewrites_only_the_files_whose_bytes_changed(tmp_path):
    root = make_site(tmp_path / "s")
    out = tmp_path / "_site"
    assert build_site(root, out).ok
    before = state(out)
    (school_dir(root) / "案例.md").write_text("# 案例\n\n新的一页\n", encoding="utf-8")
    result = build_site(root, out)
    assert result.ok and result.rendered
    after = state(out)
    touched = {rel for rel in after if rel not in before or after[rel][:2] != before[rel][:2]}
    assert "schools/test-school/pages/案例/index.html" in touched
    assert touched == {rel for rel in after if rel not in before or after[rel][2] != before[rel][2]}
    assert len(touched) < len(after) // 2
    cold = build_site(root, tmp_path / "cold", cache=False)
    assert cold.ok and tree(tmp_path / "cold") == tree(out)
    (school_dir(root) / "案例.md").unlink()  # and a page gone is a file gone
    assert build_site(root, out).ok
    assert tree(out) == {rel: data for rel, (_, _, data) in before.items()}


def test_what_the_manifest_holds_each_make_a_new_build(tmp_path, monkeypatch):
    root = git_repo(make_site(tmp_path / "s"))
    out = tmp_path / "_site"
    assert build_site(root, out).ok

    def rebuilt(**options) -> bool:
        said = []
        assert build_site(root, out, say=lambda zh, en: said.append(zh), **options).ok
        return "检查内容" in said

    assert not rebuilt()
    monkeypatch.setenv("PLANSITE_TODAY", "2024-05-02")  # the build date: clock rules and pages
    assert rebuilt() and not rebuilt()
    assert rebuilt(base_url="https://example.org/plans/") and rebuilt()  # an option
    subprocess.run(["git", "commit", "-q", "--allow-empty", "-m", "空"], cwd=root, check=True, capture_output=True)
    assert rebuilt() and not rebuilt()  # another commit: history pages, "updated" dates
    theme = root / "themes" / "default" / "templates"
    theme.mkdir(parents=True)
    (theme / "unused.html").write_text("{# 未用 #}", encoding="utf-8")
    assert rebuilt() and not rebuilt()  # a theme file
    monkeypatch.setattr(manifest_mod, "code_digest", lambda: "another plansite")
    assert rebuilt() and not rebuilt()
    same = school_dir(root) / "plan.yml"
    data = same.read_bytes()
    same.write_bytes(data)  # touched, not changed: read again, same key
    os.utime(same, ns=(1, 1))
    assert not rebuilt()


def test_a_hand_edited_output_is_rebuilt_though_the_manifest_says_up_to_date(tmp_path):
    root = make_site(tmp_path / "s")
    out = tmp_path / "_site"
    assert build_site(root, out).ok
    before = tree(out)
    page = out / "index.html"
    st = page.stat()
    page.write_bytes(page.read_bytes().replace("测试".encode(), "篡改".encode()))
    os.utime(page, ns=(st.st_atime_ns, st.st_mtime_ns))  # even with its old time
    (out / "extra.html").write_text("planted")
    assert build_site(root, out).ok
    assert tree(out) == before


def forgeries(entry: Path, marker: Path):
    """Crafted stand-ins for a sealed entry, each a pickle that would touch marker if it were ever
    unpickled: under a digest anyone computes, and under a MAC of another secret. A generator: each
    is made from the entry as it stands when asked for (the run before may have stored it again)."""

    class Payload:
        def __reduce__(self):
            return (Path.touch, (marker,))

    payload = pickle.dumps(Payload())
    yield b"plansite-cache-1\n" + hashlib.sha256(payload).digest() + payload  # a digest anyone computes
    yield entry.read_bytes()[:17] + trust.mac(b"x", entry.name.encode(), payload) + payload


def test_a_forged_manifest_runs_no_code_and_changes_nothing(tmp_path):
    root = make_site(tmp_path / "s")
    out = tmp_path / "_site"
    assert build_site(root, out).ok
    before = tree(out)
    (entry,) = [p for p in (root / DIRNAME / "builds").rglob("*") if p.is_file()]
    marker = tmp_path / "ran"
    (out / "index.html").write_text("planted")
    for data in forgeries(entry, marker):
        entry.write_bytes(data)
        said: list[str] = []
        assert build_site(root, out, say=lambda zh, en, said=said: said.append(zh)).ok
        assert "检查内容" in said and not marker.exists()
        assert tree(out) == before
        (out / "index.html").write_text("planted")


def test_the_manifest_of_an_output_folder_now_gone_is_pruned(tmp_path):
    root = make_site(tmp_path / "s")
    assert build_site(root, tmp_path / "a").ok and build_site(root, tmp_path / "b").ok
    store = root / DIRNAME / "builds"
    assert len([p for p in store.rglob("*") if p.is_file()]) == 2
    shutil.rmtree(tmp_path / "a")
    (school_dir(root) / "案例.md").write_text("# 案例\n", encoding="utf-8")
    assert build_site(root, tmp_path / "b").ok
    assert len([p for p in store.rglob("*") if p.is_file()]) == 1


def test_a_pooled_incremental_build_equals_a_cold_one(tmp_path, monkeypatch):
    from generator.output import stream

    monkeypatch.setattr(stream, "MIN_POOLED", 0)
    root = make_site(tmp_path / "s")
    out = tmp_path / "_site"
    assert build_site(root, out, jobs=2).ok
    before = state(out)
    (school_dir(root) / "案例.md").write_text("# 案例\n\n新的一页\n", encoding="utf-8")
    assert build_site(root, out, jobs=2).ok
    after = state(out)
    kept = {rel for rel in after if rel in before and after[rel][:2] == before[rel][:2]}
    assert "index.html" in kept and any(rel.startswith("pagefind/") for rel in kept)
    assert build_site(root, tmp_path / "cold", cache=False, jobs=1).ok
    assert tree(out) == tree(tmp_path / "cold")


def test_a_site_pages_body_is_rendered_into_its_own_page_only(tmp_path):
    root = make_site(tmp_path / "s")
    pages = root / "content" / "pages"
    pages.mkdir()
    (pages / "about.md").write_text("# 关于\n\n第一版说明。\n", encoding="utf-8")
    out = tmp_path / "_site"
    first = build_site(root, out)
    assert first.ok and "pages/about/index.html" in first.rendered
    (pages / "about.md").write_text("# 关于\n\n第二版说明，内容改了。\n", encoding="utf-8")
    again = build_site(root, out)
    assert again.ok and again.rendered == {"pages/about/index.html"}  # the menus show its title only
    assert "第二版说明" in (out / "pages" / "about" / "index.html").read_text("utf-8")
    (pages / "about.md").write_text("# 关于本站\n\n第二版说明，内容改了。\n", encoding="utf-8")
    retitled = build_site(root, out)
    assert retitled.ok and len(retitled.rendered) > 2  # its title is in every page's menu


def checked(root: Path, capsys, *flags: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["check", *flags, str(root)])
    return code, capsys.readouterr().out


def test_a_check_with_nothing_changed_prints_the_last_report_and_any_change_checks_again(tmp_path, capsys,
                                                                                       monkeypatch):
    root = make_site(tmp_path / "s")
    plan = school_dir(root) / "plan.yml"  # a warning (FILE-BOM): --strict fails on it
    plan.write_text("\ufeff" + plan.read_text(encoding="utf-8"), encoding="utf-8")
    first = checked(root, capsys, "--strict")
    assert first[0] == 1 and "FILE-BOM" in first[1]
    store = root / DIRNAME / "checks"
    (entry,) = [p for p in store.rglob("*") if p.is_file()]
    kept = entry.stat().st_mtime_ns
    assert checked(root, capsys, "--strict") == first  # the stored report: the entry not written again
    assert entry.stat().st_mtime_ns == kept
    assert checked(root, capsys) == (0, first[1])
    assert checked(root, capsys, "--format", "json")[1] == checked(root, capsys, "--format", "json", "--no-cache")[1]
    monkeypatch.setenv("PLANSITE_TODAY", "2030-01-01")  # the rules that read the date run again
    assert checked(root, capsys) == checked(root, capsys, "--no-cache")
    plan.write_text(plan.read_text(encoding="utf-8").lstrip("\ufeff"), encoding="utf-8")
    again = checked(root, capsys, "--strict")
    assert "FILE-BOM" not in again[1] and again == checked(root, capsys, "--strict", "--no-cache")


def test_a_forged_check_entry_runs_no_code_and_is_not_printed(tmp_path, capsys):
    root = make_site(tmp_path / "s")
    first = checked(root, capsys)
    (entry,) = [p for p in (root / DIRNAME / "checks").rglob("*") if p.is_file()]
    marker = tmp_path / "ran"
    for data in forgeries(entry, marker):
        entry.write_bytes(data)
        assert checked(root, capsys) == first and not marker.exists()


def test_the_schools_keys_take_the_digests_the_manifest_read(tmp_path, monkeypatch):
    """After one edit, the build finds each school's cache key from the manifest's digests: no file is
    read again for a key; and a key made from them is the key made by reading the files."""
    from generator.check import cache as cache_mod
    from generator.load import filekind

    monkeypatch.setattr(filekind, "RACY_NS", -10**12)  # every file counts as settled
    root = make_site(tmp_path / "s")
    shutil.copytree(school_dir(root), root / "content" / "d1" / "other")
    other = root / "content" / "d1" / "other" / "school.yml"
    other.write_text(other.read_text(encoding="utf-8").replace("id: ", "id: other-", 1), encoding="utf-8")
    out = tmp_path / "_site"
    assert build_site(root, out, jobs=1).ok
    (school_dir(root) / "案例.md").write_text("# 案例\n\n新的一页\n", encoding="utf-8")
    read: list[str] = []
    real = cache_mod.hash_into
    monkeypatch.setattr(cache_mod, "hash_into", lambda h, path: read.append(str(path)) or real(h, path))
    assert build_site(root, out, jobs=1).ok
    assert read == []
    known = manifest_mod.Manifest.read(root, out, options={})
    folder = (root / "content" / "d1" / "other").resolve()
    assert cache_mod.SchoolCache(root, known.digests).key(folder) == cache_mod.SchoolCache(root).key(folder)
    assert read  # the second: read from the files
    lie = {path: "0" * 64 for path in known.digests}
    assert cache_mod.SchoolCache(root, lie).key(folder) != cache_mod.SchoolCache(root).key(folder)
    assert build_site(root, tmp_path / "cold", cache=False, jobs=1).ok
    assert tree(out) == tree(tmp_path / "cold")


def _resolved(monkeypatch) -> list[set[str]]:
    """The pages whose links each build resolves (pipeline → render.resolve_link_index)."""
    from generator.site import render
    seen: list[set[str]] = []
    real = render.resolve_link_index
    monkeypatch.setattr(render, "resolve_link_index", lambda known, links, base: seen.append(set(links))
                        or real(known, links, base))
    return seen


def test_an_edit_resolves_the_links_of_the_pages_it_changed_only(tmp_path, monkeypatch):
    seen = _resolved(monkeypatch)
    root = make_site(tmp_path / "s")
    out = tmp_path / "_site"
    assert build_site(root, out).ok
    every = {rel for rel in tree(out) if rel.endswith(".html")}
    assert seen[-1] == every  # no targets known yet: every page
    before = state(out)
    (school_dir(root) / "案例.md").write_text("# 案例\n\n新的一页\n", encoding="utf-8")
    assert build_site(root, out).ok
    after = state(out)
    changed = {rel for rel in after if rel.endswith(".html") and (rel not in before or after[rel][:2] != before[rel][:2])}
    assert "schools/test-school/pages/案例/index.html" in changed
    assert seen[-1] == changed and len(changed) < len(every)


def test_a_link_to_a_file_gone_is_found_though_its_page_is_kept(tmp_path):
    """When a file the last build's links led to is no longer made, every page's links are resolved."""
    from types import SimpleNamespace

    from generator import pipeline
    from generator.output import write

    tmp = tmp_path / "stage"
    tmp.mkdir()
    (tmp / write.KEPT).write_bytes(b"a/index.html\n")
    links = {"a/index.html": ["../b/"], "c/index.html": ["../d/"]}
    made = SimpleNamespace(written={"a/index.html", "c/index.html", "d/index.html"}, links=links)
    known = SimpleNamespace(link_targets=["b/index.html", "d/index.html"])
    broken, _ = pipeline._checked_links(tmp, made, "https://x.example/", known)
    assert broken == [("a/index.html", "../b/")]  # b/ gone: a's links resolved again, though a is kept
    made.written.add("b/index.html")
    broken, targets = pipeline._checked_links(tmp, made, "https://x.example/", known)
    assert broken == [] and targets == ["b/index.html", "d/index.html"]
    made.links = {"a/index.html": ["../gone/"], "c/index.html": ["../d/"]}  # what a kept page is not: resolved no more
    assert pipeline._checked_links(tmp, made, "https://x.example/", known)[0] == []
    assert pipeline._checked_links(tmp, made, "https://x.example/", None)[0] == [("a/index.html", "../gone/")]


def test_a_build_gives_back_to_the_collector_what_it_froze(tmp_path, monkeypatch):
    """The build keeps what it loaded out of the collector's full passes while it runs (pipeline._long_lived),
    and gives it all back when it ends, built or failed: a process that builds again (plansite serve) frees it."""
    import gc

    from generator import pipeline

    frozen = []
    real = pipeline._prepare
    monkeypatch.setattr(pipeline, "_prepare", lambda *a, **k: frozen.append(gc.get_freeze_count()) or real(*a, **k))
    before = gc.get_freeze_count()
    root = make_site(tmp_path / "s")
    assert build_site(root, tmp_path / "_site").ok
    assert frozen and frozen[0] > before  # the loaded schools were frozen before the views were made
    assert gc.get_freeze_count() == before
    (school_dir(root) / "school.yml").write_text("name: [\n", encoding="utf-8")  # a failed build too
    assert not build_site(root, tmp_path / "_site").ok
    assert gc.get_freeze_count() == before
