"""The school cache: same results as no cache, stale and damaged entries rebuilt, never trusted."""

from sitekit import PLAN, dump, fresh, make_site, school_dir

from generator.check import cache as cache_mod
from generator.check.validate import check_site


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
    for damage in (good[:-7] + b"garbage", b"", b"plansite-cache-0\n" + good[17:], good[:40]):
        entry.write_bytes(damage)
        store = cache_mod.SchoolCache(root)
        assert store.get(store.key(school_dir(root))) is None  # a damaged entry is never returned
        entry.write_bytes(damage)
        _, again = check_site(root, cache=True)
        assert again == first
        assert entry.read_bytes() == good  # rebuilt and stored again


def test_another_plansite_gives_other_keys(tmp_path, monkeypatch):
    root = make_site(tmp_path / "site")
    check_site(root, cache=True)
    key = cache_mod.SchoolCache(root).key(school_dir(root))
    monkeypatch.setattr(cache_mod, "code_digest", lambda: "another version")
    assert cache_mod.SchoolCache(root).key(school_dir(root)) != key
