"""A cold build, a build from the cache and a build on several processes give the same site."""

import fnmatch
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from sitekit import git_repo, search_entry_digests, search_entry_files, write_search_entry

from generator.check import cache as cache_mod
from generator.output import grams, search, stream, write
from generator.pipeline import build_site
from generator.site import doccache, pagecache

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


def pages_of(folder: Path) -> set[str]:
    return {p for p in tree(folder) if p.endswith(".html")}


def test_cold_cached_and_pooled_builds_are_byte_identical(tmp_path, monkeypatch):
    root = city(tmp_path / "site")
    cold = build_site(root, tmp_path / "cold", cache=False, jobs=1)
    assert cold.ok and not (root / cache_mod.DIRNAME).exists()
    first = build_site(root, tmp_path / "first", jobs=1)  # fills the cache
    cached = build_site(root, tmp_path / "cached", jobs=1)
    assert first.ok and cached.ok
    expected = tree(tmp_path / "cold")
    assert cold.rendered == first.rendered == pages_of(tmp_path / "cold")
    assert cached.rendered == set()  # every page from the page cache
    monkeypatch.setattr(stream, "MIN_POOLED", 0)
    makers = tmp_path / "makers"
    makers.mkdir()
    for kind, make in list(doccache.MAKERS.items()):
        def spy(*args, make=make):  # which process made each Word document
            (makers / f"{os.getpid()}-{time.monotonic_ns()}").touch()
            return make(*args)
        monkeypatch.setitem(doccache.MAKERS, kind, spy)
    assert build_site(root, tmp_path / "pooled-cold", cache=False, jobs=2).ok
    assert build_site(root, tmp_path / "pooled", jobs=2).ok
    assert any("/changes/" in p for p in expected)  # the history pages are part of the comparison
    assert sum(p.endswith(".docx") for p in expected) >= 6  # and the Word documents
    assert tree(tmp_path / "first") == expected
    assert tree(tmp_path / "cached") == expected
    assert tree(tmp_path / "pooled-cold") == expected
    assert tree(tmp_path / "pooled") == expected
    pids = {p.name.split("-")[0] for p in makers.iterdir()}
    assert len(list(makers.iterdir())) == sum(p.endswith(".docx") for p in expected)  # the cold one made each once
    assert pids and str(os.getpid()) not in pids  # by the workers, none by the main process


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
    assert all(store.get(store.key(p.parent)) is not None  # every damaged entry was written anew
               for p in root.glob("content/*/*/school.yml"))
    assert sorted(p for p in (root / cache_mod.DIRNAME / "schools").rglob("*") if p.is_file()) == entries


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
    indexed, phrased, pages_of = [], [], {}
    original, part_files = search._index_part, grams.part_files

    def spy(pages, dest, part, language):
        indexed.append(search.part_folder(part))
        pages_of[indexed[-1]] = [path for path, _ in pages]
        original(pages, dest, part, language)

    def phrases(pages, read):
        phrased.append([path for path, _ in pages])
        return part_files(pages, read)
    monkeypatch.setattr(search, "_index_part", spy)
    monkeypatch.setattr(grams, "part_files", phrases)
    assert build_site(root, tmp_path / "a", jobs=1).ok
    districts = sorted(p.name for p in (tmp_path / "a" / "pagefind-parts").iterdir())
    assert sorted(indexed) == sorted(["pagefind"] + [f"pagefind-parts/{d}" for d in districts])
    assert phrased == [pages_of[folder] for folder in indexed]  # each part's pages, Pagefind's and the phrases' once
    assert sorted(p.name for p in (tmp_path / "a" / "search-parts").iterdir()) == districts
    indexed.clear()
    phrased.clear()
    assert build_site(root, tmp_path / "b", jobs=1).ok
    assert indexed == [] and phrased == []  # nothing changed: every part from the cache
    assert tree(tmp_path / "b") == tree(tmp_path / "a")
    plan = sorted((root / "content").glob(f"{districts[1]}/*/plan.yml"))[0]
    text = plan.read_text(encoding="utf-8")
    assert "对标" in text
    plan.write_text(text.replace("对标", "参照", 1), encoding="utf-8")
    assert build_site(root, tmp_path / "c", jobs=1).ok
    assert f"pagefind-parts/{districts[1]}" in indexed
    assert f"pagefind-parts/{districts[0]}" not in indexed
    assert set(indexed) <= {"pagefind", f"pagefind-parts/{districts[1]}"}
    # the phrase index of exactly the parts Pagefind indexed again, from the same pages
    assert indexed and phrased == [pages_of[folder] for folder in indexed]
    cold = build_site(root, tmp_path / "cold", cache=False, jobs=1)
    assert cold.ok and tree(tmp_path / "c") == tree(tmp_path / "cold")


@pytest.mark.parametrize("damage", ["pagefind/*.pf_fragment", "phrases/t/*.json", "phrases/pages.json", "phrases.pack"])
def test_a_damaged_search_part_in_the_cache_is_indexed_again(tmp_path, damage):
    root = city(tmp_path / "site")
    assert build_site(root, tmp_path / "a", jobs=1).ok
    stored = sorted((root / cache_mod.DIRNAME / "search").iterdir())
    assert all({p.name for p in entry.iterdir()} == {"pagefind.pack", "phrases.pack", search.MANIFEST} for entry in stored)
    for entry in stored:
        if damage.endswith(".pack"):  # a pack lost: the part is indexed again
            (entry / damage).unlink()
            continue
        files = search_entry_files(entry)
        victim = sorted(rel for rel in files if fnmatch.fnmatch(rel, damage))[0]
        files[victim] = files[victim][:-3]
        write_search_entry(entry, files)
    assert build_site(root, tmp_path / "b", jobs=1).ok
    assert tree(tmp_path / "b") == tree(tmp_path / "a")
    assert all(search._listed(entry) == search_entry_digests(entry) for entry in stored)  # stored anew, whole


def test_search_parts_read_and_stage_only_the_files_the_output_lacks(tmp_path, monkeypatch):
    """A stored part's files the output holds are not read from the cache (a file the output lost is,
    and checked); a part indexed again is written into its cache entry, and of its files only those
    whose bytes the output lacks are staged."""
    root = city(tmp_path / "site")
    out = tmp_path / "out"
    assert build_site(root, out, jobs=1).ok
    districts = sorted(p.name for p in (out / "pagefind-parts").iterdir())
    lost = [f"pagefind-parts/{districts[0]}/pagefind-entry.json", f"search-parts/{districts[0]}/t/0.json"]
    for rel in lost:
        (out / rel).unlink()
    plan = sorted((root / "content").glob(f"{districts[1]}/*/plan.yml"))[0]
    plan.write_text(plan.read_text(encoding="utf-8").replace("对标", "参照", 1), encoding="utf-8")
    before = tree(out)
    read, staged = [], []
    unpack, commit = search.unpack, write.commit

    def reading(pack, name, wanted):
        for rel, data in unpack(pack, name, wanted):
            read.append(rel)
            yield rel, data

    def committing(tmp, *args, **kwargs):
        staged.extend(rel for rel in write.files_of(tmp) if "-parts/" in rel)
        return commit(tmp, *args, **kwargs)
    monkeypatch.setattr(search, "unpack", reading)
    monkeypatch.setattr(write, "commit", committing)
    assert build_site(root, out, jobs=1).ok
    monkeypatch.undo()
    assert sorted(read) == ["pagefind/pagefind-entry.json", "phrases/t/0.json"]
    after = tree(out)
    changed = {rel for rel, data in after.items() if "-parts/" in rel and before.get(rel) != data}
    assert set(lost) < changed and any(districts[1] in rel for rel in changed)
    assert sorted(staged) == sorted(changed)  # the edited district's part: only its files that changed
    assert len(changed) < sum(1 for rel in after if f"-parts/{districts[1]}/" in rel) / 2
    assert build_site(root, tmp_path / "cold", cache=False, jobs=1).ok
    assert after == tree(tmp_path / "cold")


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


def test_one_edited_school_re_renders_its_pages_and_the_aggregates_only(tmp_path):
    root = city(tmp_path / "site")
    assert build_site(root, tmp_path / "a", jobs=1).ok
    plan = sorted((root / "content").glob("*/*/plan.yml"))[-1]
    school, district = plan.parent.name, plan.parent.parent.name
    plan.write_text(plan.read_text(encoding="utf-8").replace("对标", "参照", 1), encoding="utf-8")
    edited = build_site(root, tmp_path / "b", jobs=1)
    assert edited.ok
    own = {p for p in pages_of(tmp_path / "b") if p.startswith(f"schools/{school}/")}
    cases = {p for p in own if f"schools/{school}/cases/" in p}  # a case's page shows the case, not the plan
    assert own - cases and own - cases <= edited.rendered  # every page of the edited school that shows its plan
    assert not cases & edited.rendered
    others = {p for p in edited.rendered if p.startswith("schools/") and p not in own and p != "schools/index.html"}
    assert others == set()  # no page of another school, not even of its own district
    assert {"index.html", "schools/index.html", f"districts/{district}/index.html"} <= edited.rendered
    assert len(edited.rendered) < len(pages_of(tmp_path / "b")) / 2
    cold = build_site(root, tmp_path / "cold", cache=False, jobs=1)
    assert cold.ok and tree(tmp_path / "b") == tree(tmp_path / "cold")


def test_a_damaged_or_foreign_page_cache_entry_is_rendered_again(tmp_path, monkeypatch):
    root = city(tmp_path / "site")
    assert build_site(root, tmp_path / "a", jobs=1).ok
    entries = sorted(p for p in (root / cache_mod.DIRNAME / "pages").rglob("*") if p.is_file())
    assert len(entries) == len(pages_of(tmp_path / "a"))
    damaged = entries[::2]
    for i, path in enumerate(damaged):
        data = path.read_bytes()
        middle = len(data) // 2
        path.write_bytes(data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1:] if i % 2 else data[:-1])
    again = build_site(root, tmp_path / "b", jobs=1)
    assert again.ok and tree(tmp_path / "b") == tree(tmp_path / "a")
    assert len(again.rendered) == len(damaged)  # exactly the damaged ones, rendered and stored anew
    assert all(cache_mod.EntryStore(path.parent.parent).get_bytes(path.name) is not None for path in damaged)
    monkeypatch.setattr(pagecache, "code_digest", lambda: "another plansite")
    foreign = build_site(root, tmp_path / "c", jobs=1)
    assert foreign.ok and foreign.rendered == pages_of(tmp_path / "c")  # another version: nothing reused
    assert tree(tmp_path / "c") == tree(tmp_path / "a")


def test_without_the_cache_every_page_is_rendered_whatever_the_cache_holds(tmp_path):
    root = city(tmp_path / "site")
    assert build_site(root, tmp_path / "a", jobs=1).ok
    store = cache_mod.EntryStore(root / cache_mod.DIRNAME / "pages")
    for path in (root / cache_mod.DIRNAME / "pages").rglob("*"):
        if path.is_file():  # well-formed entries with other bytes: only a build that trusts the cache shows them
            store.put_bytes(path.name, pagecache.pack(b"<html>forged</html>", []))
    bypass = build_site(root, tmp_path / "b", cache=False, jobs=1)
    assert bypass.ok and bypass.rendered == pages_of(tmp_path / "b")
    assert tree(tmp_path / "b") == tree(tmp_path / "a")
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--no-cache"], cwd=root,
                            capture_output=True, text=True, env={**os.environ, "PLANSITE_PDF": "off"})
    assert result.returncode == 0, result.stderr
    assert tree(root / "_site") == tree(tmp_path / "a")


def test_pooled_workers_make_a_pdf_beside_every_word_document(tmp_path, monkeypatch):
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        pytest.skip("LibreOffice is not installed")
    root = tmp_path / "site"
    root.mkdir()
    (root / "site.yml").write_bytes((ROOT / "site.yml").read_bytes())
    make_city.write(root / "content", make_city.city(2, 1))
    monkeypatch.setenv("PLANSITE_PDF", "on")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(stream, "MIN_POOLED", 0)
    assert build_site(root, tmp_path / "out", jobs=2).ok  # the pages link the PDFs: the link check found them
    docs = {p.with_suffix("") for p in (tmp_path / "out").rglob("*.docx")}
    pdfs = {p.with_suffix("") for p in (tmp_path / "out").rglob("*.pdf")}
    assert len(docs) == 4 and pdfs == docs
    assert all(p.with_suffix(".pdf").read_bytes().startswith(b"%PDF-") for p in pdfs)


def test_the_values_a_school_page_works_out_later_follow_the_build_date_warm_as_cold(tmp_path, monkeypatch):
    # the filing deadlines a school missed are worked out when its page is made (context.Later),
    # with the build date its page's key covers: a page made on one day is never reused on another
    root = city(tmp_path / "site")
    profile = yaml.safe_load((ROOT / "schemas/profiles/foshan.yml").read_text(encoding="utf-8"))  # site.yml's
    profile["filing"]["deadlines"].append({"step": "备案", "by": "2021-03-31", "level": "school", "source": "测试"})
    (root / "schemas/profiles").mkdir(parents=True)
    (root / "schemas/profiles/foshan.yml").write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("PLANSITE_TODAY", "2020-01-01")
    assert build_site(root, tmp_path / "early", jobs=1).ok
    monkeypatch.setenv("PLANSITE_TODAY", "2031-12-31")
    late = build_site(root, tmp_path / "late", jobs=1)
    assert late.ok and build_site(root, tmp_path / "cold", cache=False, jobs=1).ok
    assert tree(tmp_path / "late") == tree(tmp_path / "cold")
    early, cold = tree(tmp_path / "early"), tree(tmp_path / "cold")
    changed = {p for p in cold if p.startswith("schools/") and p.endswith("/index.html") and early.get(p) != cold[p]}
    assert changed and changed <= late.rendered  # the school pages the day changes, made again


def test_a_dashboard_is_drawn_only_when_its_page_is_rendered(tmp_path, monkeypatch):
    """A chart's figure and still SVG are worked out as its page is rendered (dashboard.Chart.drawn):
    after an edit, the dashboards taken from the page cache draw nothing (the edited school's district's
    is rendered: its context holds the district's school views); another build date, which the
    tables follow, draws them again, and the site equals a cold build's."""
    from generator.site.pages import dashboard

    drawn = []
    real = dashboard.figure_json
    monkeypatch.setattr(dashboard, "figure_json", lambda figure: drawn.append(1) or real(figure))
    monkeypatch.setenv("PLANSITE_TODAY", "2024-05-01")
    root = city(tmp_path / "site")
    out = tmp_path / "out"
    assert build_site(root, out, jobs=1).ok
    cold = len(drawn)
    boards = {p for p in pages_of(out) if p.endswith("dashboard/index.html")}
    assert cold and len(boards) > 2
    drawn.clear()
    plan = sorted((root / "content").glob("*/*/plan.yml"))[-1]
    plan.write_text(plan.read_text(encoding="utf-8").replace("对标", "参照", 1), encoding="utf-8")
    edited = build_site(root, out, jobs=1)
    assert edited.ok and edited.rendered
    again = boards & edited.rendered
    assert again == {f"districts/{plan.parent.parent.name}/dashboard/index.html"}
    charts = (out / next(iter(again))).read_text(encoding="utf-8").count('class="chart-downloads"')
    assert 0 < len(drawn) <= charts < cold
    drawn.clear()
    monkeypatch.setenv("PLANSITE_TODAY", "2024-09-01")
    later = build_site(root, out, jobs=1)
    assert later.ok and boards & later.rendered and drawn
    assert build_site(root, tmp_path / "cold", cache=False, jobs=1).ok
    assert tree(out) == tree(tmp_path / "cold")
