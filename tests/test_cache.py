"""The school cache: same results as no cache, stale and damaged entries rebuilt, never trusted,
one entry file per school."""

import pickle
import shutil
from pathlib import Path

import pytest

from sitekit import PLAN, SAMPLE_SCHOOL, dump, fresh, make_site, school_dir, two_school_site

from generator.check import cache as cache_mod
from generator.check import lazy, trust
from generator.check.validate import check_site
from generator.load.content import load_school


def entries(root):
    return sorted((root / cache_mod.DIRNAME / "schools").rglob("*"))


def files_of(root):
    return [p for p in entries(root) if p.is_file()]


def test_cached_check_gives_the_same_diagnostics_and_content(tmp_path):
    plan = fresh(PLAN)
    plan["team"]["members"] = plan["team"]["members"][:1]  # a rule fails: its diagnostic must be cached too
    root = make_site(tmp_path / "site", plan=plan)
    plain_content, plain = check_site(root)
    assert plain and not (root / cache_mod.DIRNAME).exists()
    _, cold = check_site(root, cache=True)
    assert len(files_of(root)) == 1
    warm_content, warm = check_site(root, cache=True)
    assert plain == cold == warm
    assert warm_content.schools[0].plan == plain_content.schools[0].plan


def test_an_edit_gives_a_new_key_and_fresh_results(tmp_path):
    root = make_site(tmp_path / "site")
    _, before = check_site(root, cache=True)
    plan = fresh(PLAN)
    plan["team"]["members"] = plan["team"]["members"][:1]
    (school_dir(root) / "plan.yml").write_text(dump(plan), encoding="utf-8")
    _, after = check_site(root, cache=True)
    assert after == check_site(root)[1]
    assert after != before
    assert len(files_of(root)) == 1  # the old entry, not used by this run, is pruned


def test_a_damaged_entry_is_detected_and_rebuilt(tmp_path):
    root = make_site(tmp_path / "site")
    _, first = check_site(root, cache=True)
    (entry,) = files_of(root)
    good = entry.read_bytes()
    store = cache_mod.SchoolCache(root)
    front = len(store._magic(store.key(school_dir(root)))) + cache_mod._DIGEST + len(store._payload(
        store.key(school_dir(root))))
    head_damage = good[:front - 9] + b"garbage" + good[front - 2:]
    for damage in (head_damage, b"", b"plansite-cache-0\n" + good[17:], good[:40], good[:front - 1]):
        entry.write_bytes(damage)
        store = cache_mod.SchoolCache(root)
        assert store.get(store.key(school_dir(root))) is None  # a damaged entry is never returned
        entry.write_bytes(damage)
        _, again = check_site(root, cache=True)
        assert again == first
        assert entry.read_bytes() == good  # rebuilt and stored again


def test_only_the_front_of_an_entry_is_read_to_read_a_school_back(tmp_path):
    """The MAC covers the format, the index and the head; the index binds the other sections by their
    SHA-256, checked when one is read (tests/test_lazy.py): damage past the head does not touch the head."""
    root = make_site(tmp_path / "site")
    _, first = check_site(root, cache=True)
    (entry,) = files_of(root)
    good = entry.read_bytes()
    entry.write_bytes(good[:-7] + b"garbage")
    store = cache_mod.SchoolCache(root)
    found = store.get(store.key(school_dir(root)))
    assert found is not None and found[0].school is not None
    assert check_site(root, cache=True)[1] == first


def test_another_plansite_gives_other_keys(tmp_path, monkeypatch):
    root = make_site(tmp_path / "site")
    check_site(root, cache=True)
    key = cache_mod.SchoolCache(root).key(school_dir(root))
    monkeypatch.setattr(cache_mod, "code_digest", lambda: "another version")
    assert cache_mod.SchoolCache(root).key(school_dir(root)) != key


def edit_plan(root):
    plan = fresh(PLAN)
    plan["team"]["members"] = plan["team"]["members"][:1]
    (school_dir(root) / "plan.yml").write_text(dump(plan), encoding="utf-8")


def test_an_edit_writes_over_the_schools_one_entry_file(tmp_path):
    root = make_site(tmp_path / "site")
    check_site(root, cache=True)
    (slot,) = files_of(root)
    before = slot.read_bytes()
    edit_plan(root)
    store = cache_mod.SchoolCache(root)
    key = store.key(school_dir(root))
    assert not store.has(key) and store.get(key) is None
    assert slot.read_bytes() == before  # a miss leaves the slot to the entry written over it
    _, after = check_site(root, [school_dir(root)], cache=True)  # a run on one school prunes nothing
    assert after == check_site(root)[1]
    assert files_of(root) == [slot] and slot.read_bytes() != before  # the same file, new bytes
    assert slot.read_bytes().startswith(cache_mod.MAGIC + key.encode()) and store.has(key)


class Payload:
    """What a crafted pickle entry would run: it touches a file."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (type(self.marker).touch, (self.marker,))


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_a_file_crafted_at_a_schools_slot_is_recomputed_and_changes_nothing_published(tmp_path):
    from generator.pipeline import build_site

    root = two_school_site(tmp_path / "site")
    plain = check_site(root)[1]
    assert build_site(root, tmp_path / "published", jobs=1).ok
    published = tree(tmp_path / "published")
    store = cache_mod.SchoolCache(root)
    key = store.key(school_dir(root))
    slot, other = store._path(key), store._path(store.key(root / "content" / "d1" / SAMPLE_SCHOOL.name))
    assert slot is not None and other is not None and slot != other
    good = slot.read_bytes()
    stamp = cache_mod.MAGIC + key.encode()
    marker = tmp_path / "ran"
    payload = pickle.dumps(Payload(marker))
    crafted = {
        "wrong MAC": good[:len(stamp)] + bytes([good[len(stamp)] ^ 1]) + good[len(stamp) + 1:],
        "another school's key": other.read_bytes(),
        "a pickle payload": stamp + trust.mac(stamp, key.encode(), payload) + payload,  # even with the secret
        "a pickle payload, no MAC": stamp + bytes(trust.MAC_SIZE) + payload,
    }
    for name, data in crafted.items():
        slot.write_bytes(data)
        assert cache_mod.SchoolCache(root).get(key) is None, name
        slot.write_bytes(data)
        assert build_site(root, tmp_path / name, jobs=1).ok
        assert tree(tmp_path / name) == published, name
        assert check_site(root, cache=True)[1] == plain
        assert not marker.exists()
        assert slot.read_bytes() == good, name  # rejected and stored anew


def test_a_renamed_or_deleted_schools_slot_is_pruned(tmp_path):
    root = two_school_site(tmp_path / "site")
    check_site(root, cache=True)
    assert len(files_of(root)) == 2
    shutil.rmtree(root / "content" / "d1" / SAMPLE_SCHOOL.name)
    check_site(root, cache=True)
    (old,) = files_of(root)
    renamed = school_dir(root).with_name("renamed")
    school_dir(root).rename(renamed)
    check_site(root, cache=True)
    (slot,) = files_of(root)
    store = cache_mod.SchoolCache(root)
    key = store.key(renamed)
    assert slot != old and slot == store._path(key) and store.get(key) is not None


def test_a_school_read_back_while_its_slot_is_written_over_keeps_the_new_entry(tmp_path, monkeypatch):
    root = make_site(tmp_path / "site")
    check_site(root, cache=True)
    monkeypatch.setattr(lazy, "RECENT", lazy._Recent(lazy.BUDGET))
    (entry,) = check_site(root, cache=True)[0].schools
    assert isinstance(entry, lazy.LazySchoolEntry) and entry._path == files_of(root)[0]
    edit_plan(root)
    check_site(root, cache=True)  # the school's next entry, written over the slot
    newer = entry._path.read_bytes()
    assert entry.plan == load_school(entry.folder, entry.district, root.resolve(), []).plan  # from its files
    assert entry._path.read_bytes() == newer  # the slot's new entry is kept
    store = cache_mod.SchoolCache(root)
    assert store.get(store.key(school_dir(root))) is not None
