"""A school view's page key (site/pagecache.py, Digest._view): its entry as loaded stands for what the
entry decides, and everything else the view shows is written by value. So an unchanged school's view
has the same key under another build date, git history or district neighbour, as long as what it
shows is the same; and anything it shows that changed changes the key."""

import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from sitekit import dump, git_repo

from generator.check.validate import check_site
from generator.gitflow.log import RepoLog
from generator.gitflow.updated import updated_dates
from generator.site import render
from generator.site.pagecache import FROM_ENTRY, FROM_ENTRY_FIELDS, Digest, PageCache
from generator.site.views import Extras, SchoolView

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import make_city  # noqa: E402

EARLY, LATE = "2019-01-01", "2099-12-31"  # before every filing deadline of the city, after all of them


class Walked(Digest):
    """The digest as it was before views were keyed by their entry: every field walked by value."""

    def _view(self, out, obj):
        self._fields(out, obj)


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("pagekeys") / "site"
    root.mkdir()
    (root / "site.yml").write_bytes((ROOT / "site.yml").read_bytes())
    make_city.write(root / "content", make_city.city(2, 3))
    filing = root / "content" / "sample-guihu" / "sample-guihu-01" / "filing.yml"
    data = yaml.safe_load(filing.read_text(encoding="utf-8"))  # its 2023 yearly report not filed: late by LATE
    data["steps"] = [st for st in data["steps"] if not str(st["date"]).startswith("2023")]
    filing.write_text(dump(data), encoding="utf-8")
    return git_repo(root)


@pytest.fixture
def site(made, tmp_path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(made, root)
    return root


def prepare(root: Path, today: str, monkeypatch) -> render.Prepared:
    monkeypatch.setenv("PLANSITE_TODAY", today)
    content, diags = check_site(root, cache=True, jobs=1)
    log = RepoLog.read(root)
    try:
        return render.prepare_site(content, updated=updated_dates(content, log), git=log, diagnostics=diags)
    finally:
        if log is not None:
            log.close()


def views(prepared: render.Prepared) -> dict[str, SchoolView]:
    return {job.context["s"].id: job.context["s"] for job in prepared.jobs if job.template == "school.html"}


def edit(root: Path, school: str, commit: bool = True) -> None:
    plan = next((root / "content").glob(f"*/{school}/plan.yml"))
    plan.write_text(plan.read_text(encoding="utf-8").replace("对标", "对照", 1), encoding="utf-8")
    if commit:
        subprocess.run(["git", "commit", "-qam", "修改"], cwd=root, check=True, capture_output=True)


def derived(view: SchoolView) -> dict:
    """What the entry decides of a view: its FROM_ENTRY_FIELDS, and its extras in FROM_ENTRY."""
    fields = {f.name: getattr(view, f.name) for f in dataclasses.fields(view) if f.name in FROM_ENTRY_FIELDS}
    return {**fields, **{f"extras.{k}": v for k, v in view.extras.items() if k in FROM_ENTRY}}


def test_what_a_view_s_entry_stands_for_is_the_same_under_another_date_history_and_neighbour(site, monkeypatch):
    before = views(prepare(site, EARLY, monkeypatch))
    edit(site, "sample-fenglin-02")  # a neighbour in sample-fenglin, committed: another git history
    after = views(prepare(site, LATE, monkeypatch))
    kept = [sid for sid in before if before[sid].entry.source_key == after[sid].entry.source_key]
    assert "sample-fenglin-02" not in kept and "sample-fenglin-01" in kept and len(kept) == len(before) - 1
    assert all(any(k in FROM_ENTRY for k in before[sid].extras) for sid in kept)
    # the other date shows on the kept schools (a deadline missed, the clock's warnings): not the entry's to decide
    assert Walked().of(before["sample-guihu-01"].extras["filing"]) != Walked().of(after["sample-guihu-01"].extras["filing"])
    assert any(Walked().of([before[sid].notices]) != Walked().of([after[sid].notices]) for sid in kept)
    for sid in kept:
        was, now = derived(before[sid]), derived(after[sid])
        assert was.keys() == now.keys()
        for name in was:
            assert Walked().of(was[name]) == Walked().of(now[name]), (sid, name)


def test_a_view_s_key_reads_its_fields_by_value_and_its_extras_but_not_what_its_entry_decides(site, monkeypatch):
    view = views(prepare(site, EARLY, monkeypatch))["sample-fenglin-01"]
    key = Digest().of(view)
    for name in ("updated", "notices"):  # git's date of its last change; the check's warnings on its files
        assert Digest().of(dataclasses.replace(view, **{name: ["另一个"]})) != key, name
    values, later = view.extras.parts()
    assert FROM_ENTRY & values.keys() and values.keys() - FROM_ENTRY and later
    for name in values:
        other = dataclasses.replace(view, extras=Extras({**values, name: "另一个"}, later))
        assert (Digest().of(other) == key) == (name in FROM_ENTRY), name
    assert Digest().of(dataclasses.replace(view, extras=Extras(values, later[1:]))) != key  # a Later by what makes it
    assert Digest().of(dataclasses.replace(view, name="另一个")) == key  # the entry's to decide: its key stands for it
    assert Walked().of(dataclasses.replace(view, name="另一个")) != Walked().of(view)


def test_a_view_s_key_changes_with_the_build_date_when_what_it_shows_does(site, monkeypatch):
    before, after = views(prepare(site, EARLY, monkeypatch)), views(prepare(site, LATE, monkeypatch))
    late = [sid for sid in before if Walked().of(before[sid]) != Walked().of(after[sid])]
    assert late  # a deadline missed by LATE, a warning of a rule that reads the clock: shown on the school's page
    for sid in late:
        assert before[sid].entry.source_key == after[sid].entry.source_key
        assert Digest().of(before[sid]) != Digest().of(after[sid])
    same = views(prepare(site, EARLY, monkeypatch))
    assert all(Digest().of(before[sid]) == Digest().of(same[sid]) for sid in before)  # read back: the same key


def test_a_view_s_key_changes_with_its_files_site_yml_and_git_history(site, monkeypatch):
    before = views(prepare(site, EARLY, monkeypatch))
    edit(site, "sample-guihu-01", commit=False)
    edited = views(prepare(site, EARLY, monkeypatch))
    assert [sid for sid in before if Digest().of(before[sid]) != Digest().of(edited[sid])] == ["sample-guihu-01"]
    subprocess.run(["git", "commit", "-qam", "修改"], cwd=site, check=True, capture_output=True)
    committed = views(prepare(site, EARLY, monkeypatch))
    changed = [sid for sid in before if Walked().of(edited[sid]) != Walked().of(committed[sid])]
    assert changed  # the commit shows: its date, its history
    assert all(Digest().of(edited[sid]) != Digest().of(committed[sid]) for sid in changed)
    site_yml = site / "site.yml"
    site_yml.write_text(site_yml.read_text(encoding="utf-8") + "individual_rows: true\n", encoding="utf-8")
    rows = views(prepare(site, EARLY, monkeypatch))
    shown = [sid for sid in rows if "records" in rows[sid].extras]
    assert shown and all(rows[sid].extras["records"]["rows"] for sid in shown)  # a teacher's row each
    assert all(Digest().of(rows[sid]) != Digest().of(committed[sid]) for sid in rows)


def test_a_district_page_s_key_changes_with_any_of_its_schools_and_only_theirs(site, monkeypatch):
    def keys(prepared):
        pages = PageCache(site, prepared.env, prepared.common)
        return {job.path: pages.key(job) for job in prepared.jobs}

    first = prepare(site, EARLY, monkeypatch)
    before = keys(first)
    edit(site, "sample-fenglin-02", commit=False)
    after = keys(prepare(site, EARLY, monkeypatch))
    assert None not in before.values()
    assert before["districts/sample-fenglin/index.html"] != after["districts/sample-fenglin/index.html"]
    assert before["districts/sample-guihu/index.html"] == after["districts/sample-guihu/index.html"]
    assert before["schools/sample-fenglin-01/index.html"] == after["schools/sample-fenglin-01/index.html"]
    assert before["schools/sample-fenglin-02/index.html"] != after["schools/sample-fenglin-02/index.html"]


def test_a_view_of_a_school_not_loaded_from_the_cache_is_walked_by_value(site, monkeypatch):
    monkeypatch.setenv("PLANSITE_TODAY", EARLY)
    content, diags = check_site(site, cache=False, jobs=1)
    fresh = views(render.prepare_site(content, diagnostics=diags))
    assert all(v.entry.source_key is None for v in fresh.values())
    assert all(Digest().of(v) == Walked().of(v) for v in fresh.values())


def test_a_view_field_not_named_as_the_entry_s_is_written_by_value():
    """A field added to SchoolView later is in the key by value until it is named in FROM_ENTRY_FIELDS."""
    from generator.site import pagecache

    fields = {f.name for f in dataclasses.fields(SchoolView)} - {"entry", "extras"}
    assert FROM_ENTRY_FIELDS < fields
    assert set(pagecache._by_value(SchoolView)) == fields - FROM_ENTRY_FIELDS == {"updated", "notices"}
    extended = dataclasses.make_dataclass("Extended", [("shown_later", str, dataclasses.field(default=""))],
                                          bases=(SchoolView,), frozen=True)
    assert "shown_later" in pagecache._by_value(extended)


def test_a_dashboard_s_key_changes_with_any_cell_of_its_tables_and_a_district_s_with_its_values(site, monkeypatch):
    prepared = prepare(site, EARLY, monkeypatch)
    dash = next(job for job in prepared.jobs if job.template == "dashboard.html")
    district = next(job for job in prepared.jobs if job.template == "district.html")

    def key(job):
        return PageCache(site, prepared.env, prepared.common).key(job)  # a new digest: nothing remembered

    before = key(dash)
    charts = [chart for value in dash.context.values() for section in getattr(value, "sections", [])
              for chart in section.charts if chart.rows]
    assert charts and before is not None
    cell = charts[-1].rows[-1][-1]
    cell.text, text = cell.text + "1", cell.text
    assert key(dash) != before
    cell.text = text
    assert key(dash) == before
    row = charts[-1].table.rows[-1]
    object.__setattr__(charts[-1].table, "rows", (*charts[-1].table.rows[:-1], (*row[:-1], "变")))
    assert key(dash) != before
    before = key(district)
    values = next(v for v in district.context.values() if isinstance(v, dict) and v)
    name = next(iter(values))
    values[name], old = ["变"], values[name]
    assert key(district) != before
    values[name] = old
    assert key(district) == before
