"""Schools missing from the cache are loaded and checked by a process pool: same diagnostics and
site as one process; a pool that fails or an entry written damaged is not trusted."""

import os
import shutil
import time

import pytest
from test_reuse import city, tree

from generator.check import cache as cache_mod
from generator.check import pool
from generator.check.validate import check_site, school_results, school_rules
from generator.core.diagnostics import FORMATTERS
from generator.pipeline import build_site

ORIGINAL = pool._fill_one


@pytest.fixture
def site(tmp_path, monkeypatch):
    monkeypatch.setattr(pool, "MIN_POOLED", 0)  # the test city has 6 schools: pool them anyway
    return city(tmp_path / "site")


def cold(root):
    shutil.rmtree(root / cache_mod.DIRNAME, ignore_errors=True)
    return root


def shown(diags) -> str:
    """Codes, files, lines and messages, in order."""
    return FORMATTERS["json"](diags, "zh")


def entries(root) -> list:
    return sorted(p for p in (root / cache_mod.DIRNAME / "schools").rglob("*") if p.is_file())


def all_sound(root) -> bool:
    """Whether every school's entry is stored under its key, and sound."""
    store = cache_mod.SchoolCache(root)
    return all(store.get(store.key(p.parent)) is not None for p in root.glob("content/*/*/school.yml"))


def spy_workers(monkeypatch, folder, then=ORIGINAL):
    """Replace the workers' task: note which process ran it, for which school, then run `then`."""
    folder.mkdir()

    def spy(job):
        (folder / f"{os.getpid()}_{time.monotonic_ns()}_{job[1].name}").touch()
        return then(job)
    monkeypatch.setattr(pool, "_fill_one", spy)


def ran(folder) -> list[tuple[str, str]]:
    """(school, process id) of each task the workers ran."""
    return [(p.name.split("_", 2)[2], p.name.split("_", 2)[0]) for p in folder.iterdir()]


def test_a_pooled_cold_check_and_build_equal_one_process(site, tmp_path, monkeypatch):
    plans = sorted(site.glob("content/sample-*/*/plan.yml"))
    text = plans[-1].read_text(encoding="utf-8")  # a problem found while loading, not by a rule
    plans[-1].write_text(text.replace("对标", "对标（联系电话 13800138000）", 1), encoding="utf-8")
    reference_content, reference = check_site(site)  # --no-cache: one process, the reference
    assert not (site / cache_mod.DIRNAME).exists()
    assert "PRIVACY-PHONE" in {d.code for d in reference} and any(d.level == "warning" for d in reference)
    _, single = check_site(cold(site), cache=True, jobs=1)
    spy_workers(monkeypatch, tmp_path / "ran")
    pooled_content, pooled = check_site(cold(site), cache=True, jobs=2)
    assert pooled == single == reference
    assert shown(pooled) == shown(reference)
    jobs = ran(tmp_path / "ran")
    assert sorted(school for school, _ in jobs) == sorted(e.folder.name for e in reference_content.schools)
    assert {pid for _, pid in jobs} and str(os.getpid()) not in {pid for _, pid in jobs}  # by the workers
    assert [e.findings for e in pooled_content.schools] == [e.findings for e in reference_content.schools]
    assert pool.fill(site, None, 2, None) == 0  # now every entry is there: nothing to pool

    plans[-1].write_text(text, encoding="utf-8")  # an error stops the build: without it
    assert build_site(site, tmp_path / "reference", cache=False, jobs=1).ok
    shutil.rmtree(tmp_path / "ran")
    spy_workers(monkeypatch, tmp_path / "ran")
    assert build_site(cold(site), tmp_path / "pooled", jobs=2).ok
    assert len(ran(tmp_path / "ran")) == len(reference_content.schools)
    assert tree(tmp_path / "pooled") == tree(tmp_path / "reference")


def test_a_worker_that_dies_leaves_the_schools_to_one_process(site, tmp_path, monkeypatch):
    _, reference = check_site(site)
    victim = sorted(p.name for p in site.glob("content/sample-*/*") if p.is_dir())[2]

    def dies(job):
        if job[1].name == victim:
            os._exit(3)
        return ORIGINAL(job)
    monkeypatch.setattr(pool, "_fill_one", dies)
    assert pool.fill(cold(site), None, 2, school_rules) == 0
    assert not any(p.name.startswith(".") for p in entries(site))  # no half-written entry left
    _, after = check_site(cold(site), cache=True, jobs=2)
    assert after == reference and shown(after) == shown(reference)
    assert len(entries(site)) == len(list(site.glob("content/*/*/school.yml")))
    assert all_sound(site)


def test_an_entry_a_worker_wrote_damaged_is_computed_again(site, tmp_path, monkeypatch):
    _, reference = check_site(site)

    def damages(job):
        ORIGINAL(job)
        path = cache_mod.SchoolCache(site)._path(job[0])  # the school's slot
        data = bytearray(path.read_bytes())
        data[-1] ^= 0xFF  # the payload no longer matches its digest
        path.write_bytes(bytes(data))
    spy_workers(monkeypatch, tmp_path / "ran", then=damages)
    _, after = check_site(cold(site), cache=True, jobs=2)
    assert ran(tmp_path / "ran")  # the workers did write them
    assert after == reference and shown(after) == shown(reference)
    assert entries(site) and all_sound(site)  # written anew, sound


@pytest.mark.parametrize("jobs, cache, pooled", [("1", True, False), ("2", True, True), ("2", False, False)])
def test_plansite_jobs_1_and_no_cache_never_start_a_pool(site, monkeypatch, jobs, cache, pooled):
    started = []

    def executor(*args, **kwargs):
        started.append(args)
        raise OSError("no pool here")  # and the check still runs, in one process
    monkeypatch.setattr(pool, "ProcessPoolExecutor", executor)
    monkeypatch.setenv("PLANSITE_JOBS", jobs)
    _, reference = check_site(site)
    assert check_site(cold(site), cache=cache)[1] == reference
    assert bool(started) == pooled


def test_few_missing_schools_are_not_worth_a_pool(site, monkeypatch):
    monkeypatch.setattr(pool, "MIN_POOLED", 8)
    schools = len(list(site.glob("content/*/*/school.yml")))
    assert schools < 8
    assert pool.fill(site, None, 2, school_rules) == 0
    assert not (site / cache_mod.DIRNAME).exists()


def test_entries_sealed_under_another_secret_are_pooled_again(site, monkeypatch):
    """Slots holding entries of another secret (another machine's cache, a benchmark's) are no entries:
    the pool computes them on its workers, not the one pass."""
    from generator.check import trust

    monkeypatch.setenv(trust.ENV, "another machine")
    check_site(cold(site), cache=True, jobs=2)
    assert entries(site) and pool.fill(site, None, 2, None) == 0  # the same secret: every entry is there
    monkeypatch.setenv(trust.ENV, "this machine")
    assert pool.fill(site, None, 2, school_results) == len(entries(site))
    assert all_sound(site)


def test_a_warm_check_reads_and_unseals_each_front_once(site, monkeypatch):
    """The pool's walk keeps the fronts it found sound (SchoolCache.hold): the one pass decodes them
    without reading or unsealing the entry again, and finds what a check without the walk finds."""
    _, reference = check_site(site, cache=True, jobs=1)  # fills the cache
    schools = len(entries(site))
    unsealed: list[str] = []
    unseal = cache_mod.trust.unseal

    def spy(stamp, key, data):
        unsealed.append(key)
        return unseal(stamp, key, data)
    monkeypatch.setattr(cache_mod.trust, "unseal", spy)
    content, warm = check_site(site, cache=True, jobs=2)
    assert warm == reference and len(content.schools) == schools
    assert len(unsealed) == len(set(unsealed)) == schools
