"""A build in parts (issue "The build as map and reduce", Deliver 4): three parts built in separate
cache folders and merged give exactly the one-machine site, the merge reuses the parts' work, and
a part that is foreign, incomplete, overlapping, tampered or crafted changes nothing published and
runs no code."""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path

import pytest
from sitekit import search_entry_files, write_search_entry
from test_warm_cold import demo_part, tree

from generator.check import cache as cache_mod
from generator.check import perfile, trust
from generator.cli import main
from generator.commands import parts

PARTS = ("1/3", "2/3", "3/3")


class Payload:
    """What a crafted pickle entry would run: it touches a file."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (type(self.marker).touch, (self.marker,))


def fresh_cache(root: Path) -> None:
    """Another machine: an empty cache folder (the same secret, as a CI's main branch jobs share)."""
    shutil.rmtree(root / cache_mod.DIRNAME, ignore_errors=True)


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    """A copy of part of the demo, its one-machine build and its three parts, each from an empty cache."""
    base = tmp_path_factory.mktemp("parts")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(trust.ENV, "the main branch's secret")
        root = demo_part(base / "site")
        folders = one_and_parts(root, base)
    return {"base": base, "root": root, "one": tree(base / "one"), "parts": folders}


def one_and_parts(root: Path, base: Path) -> list[Path]:
    """The site built on one machine into base/one, and its parts into base/part-i, each from an empty cache."""
    assert main(["build", str(root), "--out", str(base / "one")]) == 0
    folders = []
    for i, spec in enumerate(PARTS, 1):
        fresh_cache(root)
        folders.append(base / f"part-{i}")
        assert main(["build", str(root), "--part", spec, "--out", str(folders[-1])]) == 0
    fresh_cache(root)
    return folders


@pytest.fixture
def secret(monkeypatch):
    monkeypatch.setenv(trust.ENV, "the main branch's secret")


@pytest.fixture
def loads(monkeypatch):
    """The schools loaded from their files (not taken from the cache) by this process."""
    monkeypatch.setenv("PLANSITE_JOBS", "1")  # every school this process loads is counted
    seen: list[str] = []
    real = perfile.load_school

    def counting(folder, *args, **kwargs):
        seen.append(Path(folder).name)
        return real(folder, *args, **kwargs)

    monkeypatch.setattr(perfile, "load_school", counting)  # a school that misses the cache
    return seen


def merge(city, tmp_path, folders) -> tuple[int, Path]:
    fresh_cache(city["root"])
    out = tmp_path / "merged"
    code = main(["build", str(city["root"]), "--out", str(out), "--merge", *map(str, folders)])
    return code, out


def test_the_parts_cover_every_school_once(city):
    root = city["root"]
    every = parts.school_folders(root)
    sliced = [parts.select(root, spec) for spec in ("1/3", "2/3", "3/3")]
    assert sorted(f for part in sliced for f in part) == every and all(sliced)
    assert parts.select(root, "dalang,qinghe") == [f for f in every if f.split("/")[1] in ("dalang", "qinghe")]
    manifests = [json.loads((f / parts.MANIFEST).read_text(encoding="utf-8")) for f in city["parts"]]
    assert [m["schools"] for m in manifests] == sliced
    for folder in city["parts"]:  # school entries, pages, documents, page texts, search parts; no build manifest
        assert {"schools", "pages", "docx", "texts"} <= {p.name for p in (folder / parts.CACHE).iterdir()} <= {
            "schools", "pages", "docx", "texts", "search"}


def test_slices_are_cut_between_districts_unless_that_unbalances_them():
    def folders(**sizes):
        return [f"content/{d}/s{k:02}" for d, n in sizes.items() for k in range(n)]

    def sliced(every, n):
        return [parts._slice(every, i, n, f"{i}/{n}") for i in range(1, n + 1)]

    whole = sliced(folders(a=1, b=10, c=10, d=10, e=10), 4)  # the even cuts (10, 20, 30) a school from a start
    assert [sorted({f.split("/")[1] for f in s}) for s in whole] == [["a", "b"], ["c"], ["d"], ["e"]]
    assert [len(s) for s in sliced(folders(a=40, b=1), 4)] == [10, 10, 10, 11]  # a large district is cut
    every = folders(a=3, b=2, c=7)
    for n in (1, 2, 3, 5, 12):
        assert [f for s in sliced(every, n) for f in s] == every and all(sliced(every, n))


def test_three_parts_merged_equal_the_one_machine_build_and_reuse_the_parts_work(city, tmp_path, secret, loads,
                                                                                 monkeypatch, capsys):
    from generator import pipeline

    results = []
    real = pipeline.build_site
    monkeypatch.setattr("generator.commands.build.build_site",
                        lambda *a, **k: results.append(real(*a, **k)) or results[-1])
    code, out = merge(city, tmp_path, city["parts"])
    assert code == 0
    assert tree(out) == city["one"]  # every file, byte for byte
    assert loads == []  # no school read from its files: every one came from the parts
    (result,) = results
    rendered = result.rendered  # the pages over the whole site only: every school's pages came from a part
    assert rendered and not any(p.startswith("schools/") and p != "schools/index.html" for p in rendered)
    assert "已导入各部分的" in capsys.readouterr().out


def whole_districts(city) -> set[str]:
    """The districts one part holds every school of."""
    held = [{f.split("/")[1] for f in parts.select(city["root"], spec)} for spec in PARTS]
    return {d for d in set().union(*held) if sum(d in h for h in held) == 1}


@pytest.fixture
def indexed(monkeypatch):
    """The search parts this process indexed with Pagefind (not taken from the cache)."""
    from generator.output import search

    monkeypatch.setenv("PLANSITE_JOBS", "1")
    seen: list[str] = []
    real = search._index_part
    monkeypatch.setattr(search, "_index_part", lambda pages, dest, part, language: (
        seen.append(part), real(pages, dest, part, language))[1])
    return seen


def test_the_merge_reuses_the_search_part_of_a_district_one_part_holds_whole(city, tmp_path, secret, indexed):
    whole = whole_districts(city)
    assert {"dalang", "qinghe"} <= whole
    code, out = merge(city, tmp_path, city["parts"])
    assert code == 0 and tree(out) == city["one"]
    assert indexed and not whole & set(indexed)  # the site-wide part (and a district cut in two) indexed again
    carried = {p.name for f in city["parts"] for p in (f / parts.CACHE / "search").iterdir()}
    assert len(carried) == len(whole)  # only those: the others' pages differ in the whole site
    assert carried <= {p.name for p in (city["root"] / cache_mod.DIRNAME / "search").iterdir()}  # each kept: used


def test_a_tampered_search_part_is_indexed_again_and_changes_nothing_published(city, tmp_path, secret, indexed,
                                                                             monkeypatch):
    """Each carried search part spoilt (a file changed; the first even sealed again, under a secret other
    than main's): each is a miss, indexed again, and the site is byte-identical."""
    from generator.output import search

    crafted = [tmp_path / f"part-{i}" for i in (1, 2, 3)]
    for source, target in zip(city["parts"], crafted):
        shutil.copytree(source, target)
    spoilt = 0
    for entry in (e for p in crafted for e in (p / parts.CACHE / "search").iterdir()):
        files = search_entry_files(entry)
        meta = next(rel for rel in sorted(files) if rel.startswith("pagefind/pagefind.") and rel.endswith(".pf_meta"))
        files[meta] = files[meta][:-3] + b"bad"
        with monkeypatch.context() as m:
            m.setenv(trust.ENV, "a merge request's guess")
            write_search_entry(entry, files, reseal=not spoilt)
        spoilt += 1
    code, out = merge(city, tmp_path, crafted)
    assert code == 0 and tree(out) == city["one"]
    assert spoilt and set(indexed) >= whole_districts(city)  # no spoilt part used: each indexed again


def test_a_part_lists_every_district_of_the_site_even_one_without_its_file(city, tmp_path):
    """The search box's parts (every page has the list): in a part as in the whole site, a district
    without a _district.yml that has schools outside the part among them."""
    from generator.load.content import load_content
    from generator.site import render

    root = tmp_path / "site"
    shutil.copytree(city["root"], root, ignore=shutil.ignore_patterns(cache_mod.DIRNAME))
    (root / "content" / "sample-songhe" / "_district.yml").unlink()
    part = load_content(root, [], only=[root / f for f in parts.select(root, "1/3")])
    assert "sample-songhe" not in {s.district for s in part.schools}
    ids = sorted({f.split("/")[1] for f in parts.school_folders(root)})
    assert "sample-songhe" in ids and [d["id"] for d in render._district_dicts(part, [])] == ids


DRAW = """level: district
date: '2022-05-20'
body: 清河区教育局
seed: 2020
pool: 2
drawn:
- qinghe-experimental-primary
method: 编号排序后，random.Random("qinghe:2020").sample
findings:
- target: qinghe-experimental-primary
  text: 两案已备案。
source: 测试
"""


def test_a_district_s_draw_of_schools_is_on_its_pages_in_every_part(city, tmp_path, secret, indexed):
    """A district's draw (its reviews/ folder) lists schools of one part: the other parts render the district's
    page too, with links to pages only the whole site has (the merge checks them); the part that holds the
    district's schools renders its pages as the whole site does, and the merge reuses that search part."""
    root = tmp_path / "site"
    shutil.copytree(city["root"], root, ignore=shutil.ignore_patterns(cache_mod.DIRNAME))
    (root / "content" / "qinghe" / "reviews").mkdir()
    (root / "content" / "qinghe" / "reviews" / "school-draw-2020.yml").write_text(DRAW, encoding="utf-8")
    folders = one_and_parts(root, tmp_path)
    indexed.clear()
    assert main(["build", str(root), "--out", str(tmp_path / "merged"), "--merge", *map(str, folders)]) == 0
    assert tree(tmp_path / "merged") == tree(tmp_path / "one")
    assert "qinghe-experimental-primary" in (tmp_path / "one" / "districts" / "qinghe" / "index.html").read_text(
        encoding="utf-8") and "qinghe" not in indexed


def test_a_part_of_another_plansite_or_site_is_refused(city, tmp_path, secret, capsys):
    for field_, value in (("code", "0" * 64), ("plansite", "0.0.0"), ("site", "1" * 64)):
        part = tmp_path / f"foreign-{field_}"
        shutil.copytree(city["parts"][0], part)
        data = json.loads((part / parts.MANIFEST).read_text(encoding="utf-8"))
        data[field_] = value
        (part / parts.MANIFEST).write_text(json.dumps(data), encoding="utf-8")
        capsys.readouterr()
        code, out = merge(city, tmp_path, [part, *city["parts"][1:]])
        err = capsys.readouterr().err
        assert code == 2 and "BUILD-PART-FOREIGN" in err and "Traceback" not in err
        assert not out.exists() and not (city["root"] / cache_mod.DIRNAME).exists()  # nothing imported


def test_overlapping_or_incomplete_parts_are_refused(city, tmp_path, secret, capsys):
    code, out = merge(city, tmp_path, [city["parts"][0], city["parts"][0]])
    assert code == 2 and "BUILD-PART-OVERLAP" in capsys.readouterr().err and not out.exists()
    part = tmp_path / "unfinished"
    shutil.copytree(city["parts"][1], part)
    (part / parts.MANIFEST).unlink()
    code, out = merge(city, tmp_path, [city["parts"][0], part])
    assert code == 2 and "BUILD-PART-INCOMPLETE" in capsys.readouterr().err and not out.exists()
    (part / parts.MANIFEST).write_text("{not json", encoding="utf-8")
    code, out = merge(city, tmp_path, [part])
    assert code == 2 and "BUILD-PART-INCOMPLETE" in capsys.readouterr().err


def test_a_bad_part_specification_is_a_diagnostic(city, tmp_path, capsys):
    for spec in ("4/3", "0/2", "nowhere", ","):
        assert main(["build", str(city["root"]), "--part", spec, "--out", str(tmp_path / "p")]) == 2
        err = capsys.readouterr().err
        assert "BUILD-PART-SPEC" in err and "Traceback" not in err
    other = tmp_path / "busy"
    other.mkdir()
    (other / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["build", str(city["root"]), "--part", "1/3", "--out", str(other)]) == 2
    assert "BUILD-PART-OUT" in capsys.readouterr().err and (other / "notes.txt").read_text(encoding="utf-8") == "mine"


def school_entries(part: Path) -> list[Path]:
    return sorted(p for p in (part / parts.CACHE / "schools").rglob("*") if p.is_file())


def test_tampered_crafted_or_foreign_entries_are_computed_again_and_run_nothing(city, tmp_path, secret, loads):
    """A tampered entry, a pickle payload (with the digest anyone can compute, and even with a MAC under
    the right secret: still not data), an entry copied under another school's key: each is a miss,
    recomputed; no code runs and the site is byte-identical."""
    crafted = [tmp_path / f"part-{i}" for i in (1, 2, 3)]
    for source, target in zip(city["parts"], crafted):
        shutil.copytree(source, target)
    entries = [e for p in crafted for e in school_entries(p)]
    assert len(entries) == 5
    marker = tmp_path / "ran"
    payload = pickle.dumps(Payload(marker))
    tampered = bytearray(entries[0].read_bytes())
    tampered[tampered.index(b'"head"') + 9] ^= 1  # in the sealed front: the sections' index
    entries[0].write_bytes(bytes(tampered))
    entries[1].write_bytes(b"plansite-cache-1\n" + payload)  # the digest-only format of old
    entries[2].write_bytes(cache_mod.MAGIC + trust.mac(cache_mod.MAGIC, entries[2].name.encode(), payload) + payload)
    entries[3].write_bytes(entries[4].read_bytes())  # claims another school's key
    stray = crafted[2] / parts.CACHE / "schools" / "ab" / ("ab" + "0" * 62)  # a key no school has
    stray.parent.mkdir(exist_ok=True)
    stray.write_bytes(payload)
    code, out = merge(city, tmp_path, crafted)
    assert code == 0
    assert not marker.exists()
    assert tree(out) == city["one"]
    assert len(loads) == 4  # the four schools whose entries were spoilt, and only those


def test_a_part_sealed_with_another_secret_is_all_recomputed(city, tmp_path, monkeypatch, loads):
    monkeypatch.setenv(trust.ENV, "a merge request's job has another key")
    code, out = merge(city, tmp_path, city["parts"])
    assert code == 0
    assert tree(out) == city["one"]
    assert len(loads) == len(parts.school_folders(city["root"]))


def test_crafted_entries_in_the_site_s_own_cache_run_nothing_and_change_nothing_published(city, tmp_path, secret,
                                                                                         monkeypatch):
    """In .plansite-cache/ itself: in every store (schools, pages, Word documents), a pickle payload sealed
    with a secret other than main's (all a merge request's job can do), and an entry copied under another
    entry's key; in the stores of values (schools, pages), a pickle payload even under main's own secret
    (not data: refused). The build recomputes them; the site is byte-identical and the payload never ran."""
    root = city["root"]
    fresh_cache(root)
    assert main(["build", str(root), "--out", str(tmp_path / "warm")]) == 0
    marker = tmp_path / "ran"
    payload = pickle.dumps(Payload(marker))
    crafted = 0
    for store in ("schools", "pages", "docx"):
        files = sorted(p for p in (root / cache_mod.DIRNAME / store).rglob("*") if p.is_file())
        assert len(files) >= 4, store
        files[1].write_bytes(files[2].read_bytes())
        if store != "docx":
            files[3].write_bytes(cache_mod.MAGIC + trust.mac(cache_mod.MAGIC, files[3].name.encode(), payload) + payload)
            crafted += 1
        with monkeypatch.context() as m:
            m.setenv(trust.ENV, "a merge request's guess")
            files[0].write_bytes(cache_mod.MAGIC + trust.mac(cache_mod.MAGIC, files[0].name.encode(), payload) + payload)
        crafted += 2
    assert crafted == 8
    assert main(["build", str(root), "--out", str(tmp_path / "again")]) == 0
    assert not marker.exists()
    assert tree(tmp_path / "again") == city["one"]
    fresh_cache(root)
