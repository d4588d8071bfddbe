"""Schools read back from the cache a part at a time: the same values, a bounded store, damage survived."""

import dataclasses
import shutil
import sys
from datetime import date
from pathlib import Path

import pytest

from generator.aggregate.dashboards import dashboards
from generator.check import cache as cache_mod
from generator.check import codec, lazy
from generator.check.validate import check_site
from generator.load.content import SchoolEntry, load_school, profile_for
from generator.model.filefacts import file_facts, school_file_facts
from generator.model.recordfigures import record_figures, school_figures
from generator.model.register import register_rows, register_years, school_register
from generator.model.viewfacts import school_view_facts, view_facts
from generator.pipeline import build_site
from generator.check.cards import card_facts, school_card_facts, scorecard
from generator.site.pagecache import Digest
from generator.site.context import SiteContext
from generator.site.downloads import calendar_events, school_events
from generator.site.pages import process
from generator.site.render import prepare_site
from generator.site.views import school_views

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import make_city  # noqa: E402


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("lazy") / "site"
    root.mkdir()
    (root / "site.yml").write_bytes((ROOT / "site.yml").read_bytes())
    make_city.write(root / "content", make_city.city(2, 3))
    first = sorted((root / "content").glob("*/*/school.yml"))[0].parent
    (first / "selfscore.yml").write_bytes((ROOT / "content/sample-qiaoyu/sample-qiaoyu-01/selfscore.yml").read_bytes())
    check_site(root, cache=True, jobs=1)  # the entries, written
    return root


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The names of the sections read back from the store from now on in the test."""
    names: list[str] = []
    real = lazy.LazySchoolEntry._section
    monkeypatch.setattr(lazy.LazySchoolEntry, "_section", lambda self, name: names.append(name) or real(self, name))
    return names


def fields(entry: SchoolEntry) -> dict:
    out = {f.name: getattr(entry, f.name) for f in dataclasses.fields(SchoolEntry)}
    out["docs"] = {name: (doc.rel, doc.text, doc.data, doc.lines, doc.key_lines) for name, doc in entry.docs.items()}
    out["reviews"] = [(doc.rel, review) for doc, review in entry.reviews]
    out["draws"] = [(doc.rel, review) for doc, review in entry.draws]
    out.pop("source_key")
    out.pop("figures")  # worked out by check before storing: test_the_records_figures_are_worked_out_by_check
    out.pop("registered")  # likewise: test_the_hour_register_is_worked_out_by_check
    out.pop("file_facts")  # likewise: test_the_dashboards_read_the_schools_facts_from_their_heads
    out.pop("view_facts")  # likewise: test_the_pages_over_many_schools_read_the_views_facts_from_heads
    out.pop("card_facts")  # likewise: test_what_pages_over_many_schools_show_of_a_card_and_a_calendar_is_read_…
    out.pop("calendar")  # likewise
    return out


def warm(site: Path):
    content, _ = check_site(site, cache=True, jobs=1)
    assert content.schools and all(isinstance(e, lazy.LazySchoolEntry) for e in content.schools)
    return content


def test_a_school_read_back_has_every_value_of_the_school_loaded_from_its_files(site):
    content = warm(site)
    for entry in content.schools:
        plain = load_school(entry.folder, entry.district, site.resolve(), [])
        plain.findings = entry.findings
        assert fields(entry) == fields(plain)
        assert {n: entry.has(n) for n in lazy.FILE_OF} == {n: plain.has(n) for n in lazy.FILE_OF}
        assert fields(entry.materialize()) == fields(plain)
    assert any(e.teachers is not None for e in content.schools)  # the records are among what is compared


def test_a_warm_check_reads_no_more_than_the_heads(site, reads):
    warm(site)
    assert reads == []


def test_the_store_of_sections_stays_within_its_budget_and_gives_the_same_values(site, monkeypatch):
    content = warm(site)
    expected = [(e.plan, e.training, e.teachers) for e in content.schools]
    small = lazy._Recent(budget=1)
    monkeypatch.setattr(lazy, "RECENT", small)
    again = warm(site)
    seen = []
    for e in again.schools:
        seen.append((e.plan, e.training, e.teachers))
        assert len(small.items) <= 1  # the newest section only
    assert seen == expected


def test_a_section_damaged_after_the_head_was_read_is_loaded_again_from_the_files(site, monkeypatch):
    monkeypatch.setattr(lazy, "RECENT", lazy._Recent(lazy.BUDGET))
    content = warm(site)
    entry = next(e for e in content.schools if e.teachers is not None)
    monkeypatch.setattr(lazy, "RECENT", lazy._Recent(lazy.BUDGET))  # nothing read yet
    path = entry._path
    offset, length, _ = entry._index["teachers"]
    data = bytearray(path.read_bytes())
    data[offset + length // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    plain = load_school(entry.folder, entry.district, site.resolve(), [])
    assert entry.teachers == plain.teachers
    assert entry.plan == plain.plan
    assert not path.exists()  # deleted, so the next run stores it anew
    check_site(site, cache=True, jobs=1)
    store = cache_mod.SchoolCache(site)
    assert path.exists() and store.get(store.key(entry.folder)) is not None


def test_a_damaged_document_section_is_loaded_again_from_the_files(site, monkeypatch):
    monkeypatch.setattr(lazy, "RECENT", lazy._Recent(lazy.BUDGET))
    content = warm(site)
    entry = next(e for e in content.schools if e.has("teachers"))
    offset, length, _ = entry._index["doc:teachers.yml"]
    data = bytearray(entry._path.read_bytes())
    data[offset + length // 2] ^= 0xFF
    entry._path.write_bytes(bytes(data))
    plain = load_school(entry.folder, entry.district, site.resolve(), [])
    assert entry.docs["teachers.yml"].text == plain.docs["teachers.yml"].text
    assert entry.docs["teachers.yml"].lines == plain.docs["teachers.yml"].lines
    assert not entry._path.exists()  # deleted, so the next run stores it anew
    check_site(site, cache=True, jobs=1)


def test_the_page_digest_of_a_school_is_the_same_read_back_or_loaded_and_follows_its_findings(site):
    content = warm(site)
    entry = content.schools[0]
    plain = load_school(entry.folder, entry.district, site.resolve(), [])
    plain.findings, plain.source_key = entry.findings, entry.source_key
    assert Digest().of(entry) == Digest().of(plain)
    plain.findings = list(entry.findings or []) + ["one more"]
    assert Digest().of(entry) != Digest().of(plain)


def test_the_records_figures_are_worked_out_by_check_and_read_without_the_records(site, reads):
    content = warm(site)
    with_records = 0
    for entry in content.schools:
        profile = profile_for(entry, content)
        got = school_figures(entry, profile.hours, content.policy.rubrics)
        assert "teachers" not in reads
        plain = load_school(entry.folder, entry.district, site.resolve(), [])
        assert got == record_figures(plain.teachers, plain.groups, profile.hours, content.policy.rubrics)
        with_records += got is not None
    assert with_records  # the city's schools keep records
    other = profile.hours.model_copy(update={"online": (profile.hours.online or 0) + 1})
    entry = next(e for e in content.schools if e.has("teachers"))
    plain = load_school(entry.folder, entry.district, site.resolve(), [])
    # another hours rule than the one check used: worked out from the records
    assert school_figures(entry, other, content.policy.rubrics) == record_figures(
        plain.teachers, plain.groups, other, content.policy.rubrics)
    assert "teachers" in reads


def test_the_rubrics_the_records_score_under_are_read_without_the_records(site, reads):
    content = warm(site)
    found = []
    for entry in content.schools:
        got = entry.record_rubrics()
        plain = load_school(entry.folder, entry.district, site.resolve(), [])
        assert got == plain.record_rubrics()
        found += got
    assert found and not {"teachers", "groups"} & set(reads)


def test_the_hour_register_is_worked_out_by_check_and_read_without_the_records(site, reads):
    content = warm(site)
    registered = 0
    for entry in content.schools:
        profile = profile_for(entry, content)
        got = school_register(entry, profile)
        assert reads == []  # from the head alone
        plain = load_school(entry.folder, entry.district, site.resolve(), [])
        assert got == register_years(register_rows(plain, profile))
        registered += bool(got)
    assert registered  # the city has schools whose hours are registered
    # another profile than the one check used: worked out from the school's records
    other = profile.model_copy(update={"registration": profile.registration.model_copy(
        update={"after_acceptance": not profile.registration.after_acceptance})})
    entry = next(e for e in content.schools if e.has("teachers"))
    plain = load_school(entry.folder, entry.district, site.resolve(), [])
    assert school_register(entry, other) == register_years(register_rows(plain, other))
    assert reads


def test_what_the_dashboards_need_of_a_school_is_worked_out_by_check_and_read_from_its_head(site, reads):
    content = warm(site)
    ledgers = 0
    for entry in content.schools:
        ledger = profile_for(entry, content).ledger
        got = school_file_facts(entry, ledger)
        assert reads == []  # from the head alone
        plain = load_school(entry.folder, entry.district, site.resolve(), [])
        assert got == file_facts(plain, ledger)
        assert codec.loads(codec.dumps(got)) == got
        ledgers += got.reporting == "ledger" and bool(got.earned)
    assert ledgers  # the city has schools that keep a ledger
    # another ledger rule than the one check used: worked out from the school's files
    other = ledger.model_copy(update={"activities": {}})
    entry = next(e for e in content.schools if e.has("progress"))
    plain = load_school(entry.folder, entry.district, site.resolve(), [])
    assert school_file_facts(entry, other) == file_facts(plain, other)
    assert "progress" in reads


def test_the_pages_over_many_schools_read_the_views_facts_from_heads(site, reads):
    content = warm(site)
    for entry in content.schools:
        got = school_view_facts(entry)
        plain = load_school(entry.folder, entry.district, site.resolve(), [])
        assert got == view_facts(plain)
        assert codec.loads(codec.dumps(got)) == got
    assert reads == []  # from the heads alone
    assert any(f.chosen and f.analysed and f.groups and f.activities for f in map(school_view_facts, content.schools))


def test_the_school_views_read_back_equal_those_of_the_schools_loaded_and_read_no_section(site, reads):
    content = warm(site)
    hot = school_views(content, {})
    assert reads == []  # the views of every school: from the heads alone
    cold, _ = check_site(site, cache=False, jobs=1)
    assert all(type(e) is SchoolEntry and e.view_facts is None for e in cold.schools)  # worked out from the files
    shown = [{k: v for k, v in vars(view).items() if k != "entry"} for view in hot]
    assert shown == [{k: v for k, v in vars(view).items() if k != "entry"} for view in school_views(cold, {})]
    assert [(v.reviews, v.pages) for v in hot] == [(v.reviews, v.pages) for v in school_views(cold, {})]


def test_the_dashboards_figures_read_back_equal_those_of_the_schools_loaded_on_each_build_date(site):
    content = warm(site)
    cold, _ = check_site(site, cache=False, jobs=1)
    assert not any(isinstance(e, lazy.LazySchoolEntry) for e in cold.schools)
    seen = []
    for day in (date(2020, 1, 1), date(2023, 3, 1), date(2024, 6, 30), date(2030, 12, 31)):
        hot = dashboards(content, today=day)
        assert hot == dashboards(cold, today=day)
        seen.append(hot)
    assert sum(a != b for a, b in zip(seen, seen[1:])) >= 2  # the build date changes the figures


@pytest.fixture
def school_reads(monkeypatch) -> list[tuple[str, str]]:
    """(school folder, section) of each section read back from the store from now on in the test."""
    got: list[tuple[str, str]] = []
    real = lazy.LazySchoolEntry._section
    monkeypatch.setattr(lazy.LazySchoolEntry, "_section",
                        lambda self, name: got.append((self.folder.name, name)) or real(self, name))
    return got


def _reader(ctx):
    """A producer that reads every school's plan, training plan and reviews, as a page over many schools must not."""
    for s in ctx.schools:
        (s.entry.plan, s.entry.training, s.entry.reviews)
    return [], {}


@pytest.mark.slow
def test_a_build_after_one_school_is_edited_reads_nothing_but_the_heads_of_the_others(site, tmp_path, school_reads,
                                                                                       monkeypatch):
    from generator.site import render

    root = tmp_path / "site"
    shutil.copytree(site, root)
    assert build_site(root, tmp_path / "out", jobs=1).ok
    plan = sorted((root / "content").glob("*/*/plan.yml"))[0]
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text + "\n# 改了一处\n", encoding="utf-8")
    school_reads.clear()
    assert build_site(root, tmp_path / "out", jobs=1).ok
    others = {name for folder, name in school_reads if folder != plan.parent.name}
    assert not others & {"plan", "training", "reviews", "progress", "selfscore", "teachers", "groups", "pages",
                         "filing", "outputs", "yearly"}  # heads only: the cards, calendars and figures are there
    assert all(not name.startswith(lazy.DOC) for name in others)
    # a producer that reads them is seen
    plan.write_text(text, encoding="utf-8")
    monkeypatch.setattr(render, "PRODUCERS", [*render.PRODUCERS, _reader])
    school_reads.clear()
    assert build_site(root, tmp_path / "out", jobs=1).ok
    assert {"plan", "training", "reviews"} <= {name for folder, name in school_reads if folder != plan.parent.name}


def test_what_pages_over_many_schools_show_of_a_card_and_a_calendar_is_read_from_the_heads(site, reads):
    content = warm(site)
    scored = events = 0
    for entry in content.schools:
        got = school_card_facts(entry, content.policy, profile_for(entry, content))
        ics = school_events(entry)
        assert reads == []  # from the head alone
        plain = load_school(entry.folder, entry.district, site.resolve(), [])
        assert got == card_facts(plain, content.policy, profile_for(plain, content))
        assert ics == calendar_events(plain.training)
        assert codec.loads(codec.dumps(got)) == got and codec.loads(codec.dumps(ics)) == ics
        card = scorecard(plain, content.policy, profile_for(plain, content))
        assert (got.self_total, got.self_grade, got.expert_total) == (card.self_total, card.self_grade,
                                                                       card.expert_total)
        scored += got.self_scored and bool(got.evidence)
        events += len(ics)
    assert scored and events  # a school of the city scores itself and cites evidence; calendars have events
    cold, _ = check_site(site, cache=False, jobs=1)
    assert all(e.card_facts is None and e.calendar is None for e in cold.schools)  # worked out from the files


def test_a_files_value_and_its_document_are_read_back_apart(site, reads):
    content = warm(site)
    entry = next(e for e in content.schools if e.has("teachers"))
    plain = load_school(entry.folder, entry.district, site.resolve(), [])
    assert entry.teachers == plain.teachers
    assert reads == ["teachers"]  # the records, not where they stand in teachers.yml
    reads.clear()
    doc = entry.docs["teachers.yml"]
    assert (doc.rel, doc.text, doc.data, doc.lines) == (plain.docs["teachers.yml"].rel, plain.docs["teachers.yml"].text,
                                                       plain.docs["teachers.yml"].data, plain.docs["teachers.yml"].lines)
    assert reads == ["doc:teachers.yml"]


def test_where_a_schools_files_are_is_read_from_the_head(site, reads):
    content = warm(site)
    for entry in content.schools:
        plain = load_school(entry.folder, entry.district, site.resolve(), [])
        names = [*plain.docs, "nothing.yml"]
        assert [entry.file_place(n) for n in names] == [plain.file_place(n) for n in names]
        assert plain.file_place("plan.yml") == (plain.docs["plan.yml"].path, plain.docs["plan.yml"].rel)
    assert reads == []


def test_a_score_card_reads_no_document(site, reads):
    content = warm(site)
    files = 0
    for entry in content.schools:
        card = scorecard(entry, content.policy, profile_for(entry, content))
        plain = load_school(entry.folder, entry.district, site.resolve(), [])
        assert card.self_file == (plain.docs["selfscore.yml"].rel if "selfscore.yml" in plain.docs else None)
        files += card.self_file is not None
    assert files  # a school of the city scores itself
    assert not [name for name in reads if name.startswith(lazy.DOC)]


def test_a_pass_over_more_sections_than_the_store_holds_finds_the_kept_ones_on_the_next_pass():
    store = lazy._Recent(budget=100)
    owner = object()
    names = [f"s{i}" for i in range(30)]  # 300 bytes, three times the budget

    def read(name: str) -> tuple[str, bool]:
        """(the section's value, whether the store had it), as LazySchoolEntry._section reads."""
        value = store.get(owner, name)
        if value is not lazy.MISSING:
            return value, True
        store.put(owner, name, name.upper(), 10)
        return name.upper(), False

    assert not any(held for _, held in map(read, names))
    again = list(map(read, names))
    assert [value for value, _ in again] == [name.upper() for name in names]
    assert sum(held for _, held in again) >= 8  # least recently used out first: none
    assert sum(w for _, _, w in store.items.values()) + sum(w for _, _, w in store.kept.values()) <= 100
    store.clear()
    assert store.get(owner, "s0") is lazy.MISSING


def test_the_plan_history_reads_neither_a_plan_nor_its_document(site, reads):
    from types import SimpleNamespace

    from generator.site.pages import history

    class View:  # as site/views.py's SchoolView: its plan and training are the entry's
        def __init__(self, entry):
            self.entry = entry

        plan = property(lambda self: self.entry.plan)
        training = property(lambda self: self.entry.training)

    content = warm(site)
    ctx = SimpleNamespace(content=SimpleNamespace(root=site.resolve()))
    for entry in content.schools:
        for key in ("plan", "training"):
            assert history._revisions(ctx, None, View(entry), key) == []  # not a git repository
    assert reads == []


def test_a_schools_own_page_values_are_worked_out_when_read_and_keyed_by_what_they_read(site, reads, monkeypatch):
    content = warm(site)
    monkeypatch.setenv("PLANSITE_TODAY", "2031-12-31")
    prepared = prepare_site(content)
    assert not {"filing", "outputs", "yearly", "pages", "plan", "training", "reviews"} & set(reads)  # none read for the pages' keys
    view = next(job.context["s"] for job in prepared.jobs if job.template == "school.html")
    before = Digest().of(view.extras)
    assert view.extras["filing"]["state"] and "filing" in dict(view.extras)
    assert "filing" in reads  # read when its page asked for it
    assert Digest().of(view.extras) == before  # what was worked out is not part of the key
    # the build date the values are worked out for is part of the key
    ctx = SiteContext(content, "", str, {}, tuple(prepared.jobs[0].context["schools"]), (), (), {})
    monkeypatch.setenv("PLANSITE_TODAY", "2020-01-01")
    early = process.produce(ctx).later
    monkeypatch.setenv("PLANSITE_TODAY", "2031-12-31")
    assert Digest().of(early[view.id]) != Digest().of(process.produce(ctx).later[view.id])


# ── a school loaded again after an edit takes its unchanged files from its previous entry (check/perfile.py) ──

EDIT_FROM, EDIT_TO = "对标智慧教育应用模式，", "对标智慧教育应用模式（本轮修订），"


@pytest.fixture
def city(tmp_path) -> Path:
    """Three schools with their records, checked once with the cache (each slot holds an entry)."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "site.yml").write_bytes((ROOT / "site.yml").read_bytes())
    make_city.write(root / "content", make_city.city(1, 3))
    check_site(root, cache=True, jobs=1)
    return root


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """The paths in the site of the YAML files parsed from now on in the test."""
    from generator.load import content as content_mod
    from generator.load import yamlio

    names: list[str] = []
    real = yamlio.parse_yaml

    def parse(text, path, rel, diags):
        names.append(rel)
        return real(text, path, rel, diags)

    monkeypatch.setattr(yamlio, "parse_yaml", parse)
    monkeypatch.setattr(content_mod, "parse_yaml", parse)
    return names


def edited(root: Path, name: str, old: str, new: str, count: int = 1) -> Path:
    """The first school's file name, with its first old (count of them, -1: every one) replaced by
    new; the school's folder."""
    folder = sorted((root / "content").glob("*/*/school.yml"))[0].parent
    text = (folder / name).read_text(encoding="utf-8")
    assert old in text
    (folder / name).write_text(text.replace(old, new, count), encoding="utf-8")
    return folder


def own(parsed: list[str], folder: Path, root: Path) -> list[str]:
    """The files of the school folder among those parsed, by their path in the school."""
    rel = folder.relative_to(root).as_posix() + "/"
    return sorted(p.removeprefix(rel) for p in parsed if p.startswith(rel))


def same_as_loaded_afresh(root: Path, folder: Path) -> list:
    """Check the site with the cache; assert its diagnostics and the school's values are those of a
    run without it (the school loaded from its files); the diagnostics."""
    content, found = check_site(root, cache=True, jobs=1)
    plain_content, plain = check_site(root)
    assert found == plain
    (entry,) = [e for e in content.schools if e.folder == folder]
    (fresh,) = [e for e in plain_content.schools if e.folder == folder]
    assert fields(entry) == fields(fresh)
    return found


def test_a_plan_edit_parses_the_plan_alone_and_checks_as_without_the_cache(city, parsed, monkeypatch):
    folder = edited(city, "plan.yml", EDIT_FROM, EDIT_TO)
    encoded: list[str] = []
    real = codec.dumps
    monkeypatch.setattr(codec, "dumps", lambda value: encoded.append(type(value).__name__) or real(value))
    same_as_loaded_afresh(city, folder)  # the cached run first: it parses before the plain one
    assert "Plan" in encoded and "Teachers" not in encoded  # the records' stored bytes are copied
    names = own(parsed, folder, city)
    assert names.count("plan.yml") == 2  # the cached run, then the run without the cache
    assert names.count("teachers.yml") == 1  # the run without the cache only: the records were reused
    assert sorted(set(names) - {"plan.yml"}) == sorted(n for n in names if n != "plan.yml")  # each once
    parsed.clear()
    (entry,) = [e for e in warm(city).schools if e.folder == folder]  # the entry stored after the reuse
    assert own(parsed, folder, city) == []
    plain = load_school(folder, entry.district, city.resolve(), [])
    plain.findings = entry.findings
    assert fields(entry) == fields(plain)


def test_a_records_edit_parses_the_records_alone(city, parsed):
    folder = edited(city, "teachers.yml", "points: [G4, B2]", "points: [G4, B1]")
    check_site(city, cache=True, jobs=1)
    assert own(parsed, folder, city) == ["teachers.yml"]
    parsed.clear()
    same_as_loaded_afresh(city, folder)


def test_a_rule_that_reads_two_files_runs_on_the_reused_ones(city, parsed):
    """The training plan no longer offers B2: the teachers who chose it are reported in teachers.yml,
    which is not parsed again."""
    folder = edited(city, "training.yml", "- code: B2", "- code: G7", -1)
    _, before = check_site(city, cache=True, jobs=1)
    assert "teachers.yml" not in own(parsed, folder, city) and "training.yml" in own(parsed, folder, city)
    assert any(d.code == "RECORDS-POINT-NOT-OFFERED" and d.path.endswith("/teachers.yml") for d in before)
    assert before == check_site(city)[1]


def test_a_review_edit_reuses_the_other_reviews(city, parsed):
    folder = sorted((city / "content").glob("*/*/reviews/*.yml"))[0].parent.parent
    review = sorted((folder / "reviews").glob("*.yml"))[0]
    review.write_text(review.read_text(encoding="utf-8") + "\n# 改了一处\n", encoding="utf-8")
    check_site(city, cache=True, jobs=1)
    assert own(parsed, folder, city) == [f"reviews/{review.name}"]
    parsed.clear()
    same_as_loaded_afresh(city, folder)


@pytest.mark.parametrize("change", ["site.yml", "code", "district"])
def test_nothing_is_reused_under_another_site_policy_district_or_plansite(city, parsed, monkeypatch, change):
    folder = edited(city, "plan.yml", EDIT_FROM, EDIT_TO)
    if change == "site.yml":
        (city / "site.yml").write_text((city / "site.yml").read_text(encoding="utf-8") + "\n# 改了一处\n",
                                       encoding="utf-8")
    elif change == "district":
        district = folder.parent / "_district.yml"
        district.write_text(district.read_text(encoding="utf-8") + "\n# 改了一处\n", encoding="utf-8")
    else:
        monkeypatch.setattr(cache_mod, "code_digest", lambda: "another plansite")
    check_site(city, cache=True, jobs=1)
    names = own(parsed, folder, city)
    assert "teachers.yml" in names and "school.yml" in names and "plan.yml" in names
    assert len(names) == len(set(names))


def test_a_policy_change_gives_no_reuse(city, parsed):
    from generator.load.policy import schema_dirs

    folder = edited(city, "plan.yml", EDIT_FROM, EDIT_TO)
    before = cache_mod.SchoolCache(city).context(folder)
    (city / "schemas").mkdir(exist_ok=True)
    (city / "schemas" / "notes.md").write_text("本地政策说明\n", encoding="utf-8")
    assert city.resolve() / "schemas" in [d.resolve() for d in schema_dirs(city)]
    assert cache_mod.SchoolCache(city).context(folder) != before
    check_site(city, cache=True, jobs=1)
    assert "teachers.yml" in own(parsed, folder, city)


def slot_of(root: Path, folder: Path) -> Path:
    store = cache_mod.SchoolCache(root)
    path = store._path(store.key(folder))
    assert path is not None and path.is_file()
    return path


def test_a_damaged_previous_entry_gives_no_reuse(city, parsed):
    folder = sorted((city / "content").glob("*/*/school.yml"))[0].parent
    slot = slot_of(city, folder)
    good = slot.read_bytes()
    at = good.index(b'"source_key":"') + 14  # a digit of the key the head names: still a head, but not its MAC's
    slot.write_bytes(good[:at] + (b"0" if good[at:at + 1] != b"0" else b"1") + good[at + 1:])
    edited(city, "plan.yml", EDIT_FROM, EDIT_TO)
    same_as_loaded_afresh(city, folder)
    names = own(parsed, folder, city)
    assert names.count("teachers.yml") == 2 and names.count("school.yml") == 2  # both runs parsed them


def test_a_damaged_section_of_the_previous_entry_is_loaded_from_its_file(city, parsed):
    folder = sorted((city / "content").glob("*/*/school.yml"))[0].parent
    slot = slot_of(city, folder)
    good = slot.read_bytes()
    store = cache_mod.SchoolCache(city)
    where = store.get(store.key(folder))[0]._index["teachers"][0]  # where the records' section starts
    slot.write_bytes(good[:where + 5] + b"#" + good[where + 6:])
    edited(city, "plan.yml", EDIT_FROM, EDIT_TO)
    check_site(city, cache=True, jobs=1)
    assert own(parsed, folder, city) == ["plan.yml", "teachers.yml"]
    parsed.clear()
    same_as_loaded_afresh(city, folder)


def test_another_schools_entry_at_the_slot_gives_no_reuse(city, parsed):
    first, second = [p.parent for p in sorted((city / "content").glob("*/*/school.yml"))[:2]]
    slot_of(city, first).write_bytes(slot_of(city, second).read_bytes())
    edited(city, "plan.yml", EDIT_FROM, EDIT_TO)
    store = cache_mod.SchoolCache(city)
    assert store.earlier(store.key(first)) is None
    same_as_loaded_afresh(city, first)
    assert own(parsed, first, city).count("teachers.yml") == 2


@pytest.mark.slow
def test_a_build_after_a_plan_edit_equals_one_without_the_cache(city, tmp_path, parsed):
    assert build_site(city, tmp_path / "warm", jobs=1).ok
    folder = edited(city, "plan.yml", EDIT_FROM, EDIT_TO)
    parsed.clear()
    assert build_site(city, tmp_path / "warm", jobs=1).ok
    assert own(parsed, folder, city) == ["plan.yml"]
    assert build_site(city, tmp_path / "plain", jobs=1, cache=False).ok
    assert tree(tmp_path / "warm") == tree(tmp_path / "plain")


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_check_pool_reuses_the_unchanged_files_too(tmp_path, monkeypatch):
    import multiprocessing
    import os

    from generator.load import content as content_mod
    from generator.load import yamlio

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("the pool forks")
    root = tmp_path / "site"
    root.mkdir()
    (root / "site.yml").write_bytes((ROOT / "site.yml").read_bytes())
    make_city.write(root / "content", make_city.city(3, 3))
    check_site(root, cache=True, jobs=1)
    plans = sorted((root / "content").glob("*/*/plan.yml"))
    for plan in plans:
        plan.write_text(plan.read_text(encoding="utf-8").replace(EDIT_FROM, EDIT_TO, 1), encoding="utf-8")
    log = tmp_path / "parsed.txt"  # written by the forked workers as well
    real = yamlio.parse_yaml

    def parse(text, path, rel, diags):
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()} {rel}\n")
        return real(text, path, rel, diags)

    monkeypatch.setattr(yamlio, "parse_yaml", parse)
    monkeypatch.setattr(content_mod, "parse_yaml", parse)
    _, found = check_site(root, cache=True, jobs=2)
    lines = [line.split(" ", 1) for line in log.read_text(encoding="utf-8").splitlines()]
    folders = {plan.parent.relative_to(root).as_posix() + "/" for plan in plans}
    schools = [rel for _, rel in lines if rel.startswith(tuple(folders))]
    assert sorted(schools) == sorted(p.relative_to(root).as_posix() for p in plans)  # each plan once, no more
    assert {pid for pid, rel in lines if rel in schools} - {str(os.getpid())}  # parsed by the workers
    monkeypatch.setattr(content_mod, "parse_yaml", real)
    assert found == check_site(root)[1]


def test_reading_a_school_back_leaves_what_its_files_were_loaded_from_undecoded(city, monkeypatch):
    """The head keeps `files` (perfile.py's record of each YAML file's load) as its encoded text:
    reading every school back decodes none of it; a school loaded again (earlier) gets it as data."""
    folder = sorted((city / "content").glob("*/*/school.yml"))[0].parent
    store = cache_mod.SchoolCache(city)
    key = store.key(folder)
    decoded: list[bytes] = []
    real = codec.loads

    def spy(data):
        decoded.append(bytes(data))
        return real(data)
    monkeypatch.setattr(codec, "loads", spy)
    assert store.get_head(key) is not None
    assert decoded and not any(b'"files":{' in d for d in decoded)  # the head's files: a string in it
    edited(city, "plan.yml", EDIT_FROM, EDIT_TO)
    earlier = cache_mod.SchoolCache(city).earlier(store.key(folder))
    assert earlier is not None and set(earlier[2]) == {"context", "loads"} and "plan.yml" in earlier[2]["loads"]


def test_a_heads_file_places_are_text_until_one_is_asked_for(city):
    """Reading a school back makes no Path for its files' places (the head holds them as text);
    file_place makes the one asked for, equal to the loaded school's."""
    folder = sorted((city / "content").glob("*/*/school.yml"))[0].parent
    store = cache_mod.SchoolCache(city)
    entry, _ = store.get_head(store.key(folder))
    assert entry._places and all(isinstance(p, list) and all(isinstance(x, str) for x in p)
                                 for p in entry._places.values())
    plain = load_school(folder, folder.parent.name, city, [])
    assert entry.file_place("plan.yml") == plain.file_place("plan.yml") and entry.file_place("nope.yml") is None
