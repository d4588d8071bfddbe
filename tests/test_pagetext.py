"""What the phrase index reads from a page is kept in the cache by the page's bytes: an edit reads
again only the pages it changed, a damaged or foreign entry is read again, and a warm build writes
the same site as a cold one."""

from __future__ import annotations

import json

import pytest
from test_reuse import city, tree

from generator.check import cache as cache_mod
from generator.check import trust
from generator.output import grams, pagetext, stream
from generator.pipeline import build_site

PAGE = ("<html><head><title>计划 · 枫林小学 · 站点</title></head><body><main data-pagefind-body>"
        "<h1 id='top'>枫林小学</h1><p>对标智慧教育应用模式</p><h2 id='aim'>目标</h2><p>全员培训</p>"
        "</main></body></html>").encode()


@pytest.fixture(autouse=True)
def own_secret(tmp_path, monkeypatch):
    """Each test its own secret file, as on a machine of its own."""
    monkeypatch.delenv(trust.ENV, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def counted(monkeypatch) -> list[str]:
    """The pages grams.page_text reads from here on (their text)."""
    read: list[str] = []
    original = grams.page_text

    def spy(html):
        read.append(html)
        return original(html)
    monkeypatch.setattr(grams, "page_text", spy)
    return read


def entry_of(root, data: bytes):
    store = pagetext.TextCache(root)
    key = store.key(data)
    return store.folder / key[:2] / key


def test_a_pages_text_is_read_once_then_taken_from_the_cache(tmp_path, monkeypatch):
    read = counted(monkeypatch)
    first = pagetext.TextCache(tmp_path).text(PAGE)
    assert first == grams.page_text(PAGE.decode()) and first[1] == "计划 · 枫林小学"
    read.clear()
    again = pagetext.TextCache(tmp_path)
    assert again.text(PAGE) == first and read == [] and again.hits == 1
    none = b"<html><body><p>no body</p></body></html>"
    assert pagetext.TextCache(tmp_path).text(none) is None
    read.clear()
    assert pagetext.TextCache(tmp_path).text(none) is None and read == []  # "no body" is kept too


@pytest.mark.parametrize("how", ["damaged", "foreign", "another shape", "another page's"])
def test_a_damaged_or_foreign_entry_is_read_again(tmp_path, monkeypatch, how):
    expected = pagetext.TextCache(tmp_path).text(PAGE)
    entry = entry_of(tmp_path, PAGE)
    stored = entry.read_bytes()
    key = entry.name
    if how == "damaged":
        entry.write_bytes(stored[:-5] + b"xxxxx")
    elif how == "foreign":
        monkeypatch.setenv(trust.ENV, "another machine")
        entry.write_bytes(trust.seal(cache_mod.MAGIC, key, json.dumps(["假", "假", []]).encode()))
        monkeypatch.delenv(trust.ENV)
    elif how == "another shape":  # even with this machine's secret: not what the store writes
        entry.write_bytes(trust.seal(cache_mod.MAGIC, key, json.dumps(["假", 1, [["x", 1, 2]]]).encode()))
    else:  # a sound entry of another page copied over this one
        other = PAGE.replace("全员培训".encode(), "别的页面".encode())
        pagetext.TextCache(tmp_path).text(other)
        entry.write_bytes(entry_of(tmp_path, other).read_bytes())
    read = counted(monkeypatch)
    assert pagetext.TextCache(tmp_path).text(PAGE) == expected and len(read) == 1
    assert entry.read_bytes() == stored  # stored anew
    read.clear()
    assert pagetext.TextCache(tmp_path).text(PAGE) == expected and read == []


def test_another_plansite_reads_the_page_again(tmp_path, monkeypatch):
    pagetext.TextCache(tmp_path).text(PAGE)
    monkeypatch.setattr(pagetext, "code_digest", lambda: "another plansite")
    read = counted(monkeypatch)
    pagetext.TextCache(tmp_path).text(PAGE)
    assert len(read) == 1


def texts_stored(root) -> set[str]:
    return {p.name for p in (root / cache_mod.DIRNAME / "texts").rglob("*") if p.is_file()}


def indexed_keys(root, folder) -> set[str]:
    """The text store's keys of the pages the index holds in a built site."""
    store = pagetext.TextCache(root)
    return {store.key(data) for p, data in tree(folder).items()
            if p.endswith(".html") and b"data-pagefind-body" in data}


def edit(root, plan, old: str, new: str) -> None:
    plan.write_text(plan.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


@pytest.mark.slow  # two builds of a site and one without the cache: in the full suite
@pytest.mark.parametrize("jobs", [1, 2])
def test_an_edit_reads_again_only_the_pages_it_changed_and_the_site_is_the_cold_one(tmp_path, monkeypatch, jobs):
    root = city(tmp_path / "site")
    monkeypatch.setattr(stream, "MIN_POOLED", 0)  # jobs=2: the parts on forked workers, which report their entries
    read = counted(monkeypatch)
    assert build_site(root, tmp_path / "a", jobs=jobs).ok
    assert (read or jobs > 1) and texts_stored(root) == indexed_keys(root, tmp_path / "a")  # workers read unseen
    read.clear()
    plan = sorted((root / "content").glob("*/*/plan.yml"))[-1]
    edit(root, plan, "对标", "参照")
    assert build_site(root, tmp_path / "b", jobs=jobs).ok
    if jobs == 1:
        before = tree(tmp_path / "a")
        changed = {p for p, data in tree(tmp_path / "b").items()
                   if p.endswith(".html") and b"data-pagefind-body" in data and before.get(p) != data}
        assert read and len(read) == len(changed)  # the pages whose bytes changed, no other
        assert all("参照" in html or plan.parent.name in html for html in read)
    cold = build_site(root, tmp_path / "cold", cache=False, jobs=1)
    assert cold.ok and tree(tmp_path / "b") == tree(tmp_path / "cold")
    # the entries of the pages as they were before the edit are pruned; every page of the site keeps its own
    now = indexed_keys(root, tmp_path / "b")
    assert now != indexed_keys(root, tmp_path / "a") and texts_stored(root) == now
    read.clear()
    assert build_site(root, tmp_path / "c", jobs=jobs).ok and read == []
    assert texts_stored(root) == now  # parts taken whole from the search cache keep their pages' entries
