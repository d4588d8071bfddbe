"""The caches are data bound to this machine: nothing read back runs code, an entry made
elsewhere (another key, another secret, a commit) is recomputed, a committed cache is a check
error, and the rules that read the clock are judged afresh on every run."""

from __future__ import annotations

import hashlib
import pickle
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from sitekit import SITE, dump, git_repo, make_site, school_dir, search_entry_files, write_search_entry

from generator.check import cache as cache_mod
from generator.check import codec, trust
from generator.check.validate import check_site
from generator.load.policy import BUILTIN_SCHEMAS
from generator.output import pdf


@pytest.fixture(autouse=True)
def own_secret(tmp_path, monkeypatch):
    """Each test its own secret file, as on a machine of its own."""
    monkeypatch.delenv(trust.ENV, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def entry_files(root):
    return sorted(p for p in (root / cache_mod.DIRNAME / "schools").rglob("*") if p.is_file())


class Payload:
    """What a crafted pickle entry would run: it touches a file."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (type(self.marker).touch, (self.marker,))


def test_a_pickle_payload_in_the_cache_runs_no_code(tmp_path):
    root = make_site(tmp_path / "site")
    plain = check_site(root)[1]
    check_site(root, cache=True)
    (entry,) = entry_files(root)
    marker = tmp_path / "ran"
    payload = pickle.dumps(Payload(marker))
    crafted = [
        b"plansite-cache-1\n" + hashlib.sha256(payload).digest() + payload,  # the digest anyone can compute
        cache_mod.MAGIC + trust.mac(cache_mod.MAGIC, entry.name.encode(), payload) + payload,  # even with the secret
    ]
    for data in crafted:
        entry.write_bytes(data)
        assert check_site(root, cache=True)[1] == plain
        assert not marker.exists()
        assert entry.read_bytes() != data  # rejected and stored anew


def test_decoding_builds_only_plansites_own_data_classes():
    for data in (b'{"$": "o", "c": "os._wrap_close", "v": {}}', b'{"$": "m", "c": "subprocess.Popen", "v": {}}',
                 b'{"$": "x", "v": 1}', b'{"$": "t", "v": 1}', b"\x80\x04K\x01.",
                 b'{"$": "m", "c": "core.diagnostics.Diagnostic", "v": {}, "u": []}',  # a dataclass, not a model
                 b'{"$": "o", "c": "model.plan.Plan", "v": {}}',  # a model, not a dataclass
                 b'{"$": "m", "c": "model.plan.Plan", "v": {"x": 1}, "u": []}'):  # not the model's fields
        with pytest.raises(codec.CodecError):
            codec.loads(data)
    from generator.core.diagnostics import Diagnostic

    value = ({"a": (1, 2.5, None)}, {3: {"x"}}, [Diagnostic("X", "p", 3, params={"$": b"\x00"})])
    assert codec.loads(codec.dumps(value)) == value


def test_an_entry_stored_under_another_key_is_rejected(tmp_path):
    root = make_site(tmp_path / "site")
    check_site(root, cache=True)
    (old,) = entry_files(root)
    plan = yaml.safe_load((school_dir(root) / "plan.yml").read_text(encoding="utf-8"))
    plan["team"]["members"] = plan["team"]["members"][:1]  # a rule now fails
    (school_dir(root) / "plan.yml").write_text(dump(plan), encoding="utf-8")
    key = cache_mod.SchoolCache(root).key(school_dir(root))
    planted = old.parent.parent / key[:2] / key
    planted.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(old, planted)  # the clean school's entry, claiming the edited school's key
    assert cache_mod.SchoolCache(root).get(key) is None
    shutil.copyfile(old, planted)
    assert check_site(root, cache=True)[1] == check_site(root)[1]


def test_an_entry_written_with_another_secret_is_rejected(tmp_path, monkeypatch):
    root = make_site(tmp_path / "site")
    monkeypatch.setenv(trust.ENV, "the merge request's")
    check_site(root, cache=True)
    (entry,) = entry_files(root)
    written = entry.read_bytes()
    monkeypatch.setenv(trust.ENV, "main's")
    store = cache_mod.SchoolCache(root)
    assert store.get(store.key(school_dir(root))) is None
    entry.write_bytes(written)
    assert check_site(root, cache=True)[1] == check_site(root)[1]
    assert entry.read_bytes() != written and store.get(store.key(school_dir(root))) is not None


def test_the_secret_is_made_once_readable_by_its_owner_only(tmp_path):
    path = trust.secret_path()
    assert not path.exists()
    first = trust.secret()
    assert path.stat().st_mode & 0o777 == 0o600 and len(path.read_bytes()) == trust.SIZE
    trust._file_secret.cache_clear()
    assert trust.secret() == first


def fake_libreoffice(paths):
    made = []
    for path in paths:
        target = path.with_suffix(".pdf")
        target.write_bytes(b"%PDF converted " + hashlib.sha256(path.read_bytes()).digest())
        made.append(target)
    return made


def test_a_pdf_planted_in_the_cache_is_not_published(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(pdf, "convert_files", fake_libreoffice)
    docs = {"plan.docx": b"PK word document"}
    key = hashlib.sha256(docs["plan.docx"]).hexdigest()
    pdf.cache_dir().mkdir(parents=True)
    planted = pdf.cache_dir() / f"{key}.pdf"
    planted.write_bytes(b"%PDF planted")
    made = pdf.convert_bytes(docs)["plan.pdf"]
    assert made.startswith(b"%PDF converted") and planted.read_bytes() != b"%PDF planted"
    assert pdf.convert_bytes(docs)["plan.pdf"] == made  # from the cache, now that it is this machine's


def test_without_the_cache_the_pdf_cache_is_neither_read_nor_written(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(pdf, "convert_files", fake_libreoffice)
    docs = {"plan.docx": b"PK word document"}
    key = hashlib.sha256(docs["plan.docx"]).hexdigest()
    pdf._store_pdf(pdf.cache_dir() / f"{key}.pdf", key, b"%PDF sound but stale")
    assert pdf.convert_bytes(docs)["plan.pdf"] == b"%PDF sound but stale"
    assert pdf.convert_bytes(docs, cache=False)["plan.pdf"].startswith(b"%PDF converted")
    shutil.rmtree(pdf.cache_dir())
    pdf.convert_bytes(docs, cache=False)
    assert not pdf.cache_dir().exists()


def committed(diags):
    return [d for d in diags if d.code == "SITE-CACHE-COMMITTED"]


def test_a_committed_cache_is_a_check_error_until_removed_from_git(tmp_path):
    root = make_site(tmp_path / "site")
    check_site(root, cache=True)
    (root / ".gitignore").write_text(f"{cache_mod.DIRNAME}/\n", encoding="utf-8")
    git_repo(root)
    assert committed(check_site(root)[1]) == []  # an untracked cache is fine
    subprocess.run(["git", "add", "-f", cache_mod.DIRNAME], cwd=root, check=True)
    subprocess.run(["git", "commit", "-qm", "cache"], cwd=root, check=True)
    (found,) = committed(check_site(root)[1])
    assert found.level == "error" and found.path == cache_mod.DIRNAME
    assert f"git rm -r --cached {cache_mod.DIRNAME}" in found.hint("zh") and ".gitignore" in found.hint("zh")
    subprocess.run(["git", "rm", "-rq", "--cached", cache_mod.DIRNAME], cwd=root, check=True)
    assert committed(check_site(root)[1]) == []


def test_a_cache_folder_inside_content_is_a_check_error(tmp_path):
    root = make_site(tmp_path / "site")
    (root / "content" / "d1" / cache_mod.DIRNAME / "schools").mkdir(parents=True)
    (root / "content" / "d1" / cache_mod.DIRNAME / "schools" / "x").write_bytes(b"entry")
    (found,) = committed(check_site(root)[1])
    assert found.path == f"content/d1/{cache_mod.DIRNAME}" and found.params["count"] == 1


def test_the_init_template_ignores_the_cache():
    ignore = Path(__file__).resolve().parent.parent / "templates" / "site" / "gitignore"
    assert f"{cache_mod.DIRNAME}/" in ignore.read_text(encoding="utf-8").splitlines()


# ── the clock ────────────────────────────────────────────────────────────────

LEDGER = {"groups": [{"name": "语文组", "leader": "组长", "members": ["T01", "T02"], "activities": [
    {"type": "研修作业", "date": "2021-03-20", "hours": 5, "participants": ["T01"]}]}]}


def deadline_site(root):
    """A school with a progress ledger and a school deadline (备案 by 2021-03-31) it did not meet."""
    make_site(root, files={"progress.yml": dump(LEDGER)})
    name = f"{SITE['profile']}.yml"  # the profile the test site uses
    profile = yaml.safe_load((BUILTIN_SCHEMAS / "profiles" / name).read_text(encoding="utf-8"))
    profile["filing"]["deadlines"].append({"step": "备案", "by": "2021-03-31", "level": "school", "source": "测试"})
    (root / "schemas" / "profiles").mkdir(parents=True)
    (root / "schemas" / "profiles" / name).write_text(dump(profile), encoding="utf-8")
    return root


@pytest.mark.parametrize("first,then", [("2020-01-01", "2022-01-01"), ("2022-01-01", "2020-01-01")])
def test_the_rules_that_read_the_clock_are_judged_on_every_run(tmp_path, monkeypatch, first, then):
    root = deadline_site(tmp_path / "site")
    monkeypatch.setenv("PLANSITE_TODAY", first)
    early = check_site(root, cache=True)[1]
    monkeypatch.setenv("PLANSITE_TODAY", then)
    warm, cold = check_site(root, cache=True)[1], check_site(root)[1]
    assert warm == cold and warm != early
    expected = {"PROGRESS-FUTURE-DATE"} if then == "2020-01-01" else {"FILING-OVERDUE"}
    assert {d.code for d in warm} & {"PROGRESS-FUTURE-DATE", "FILING-OVERDUE"} == expected


def test_a_renamed_or_copied_school_is_named_by_its_own_folder(tmp_path):
    root = make_site(tmp_path / "site")
    check_site(root, cache=True)
    school_dir(root).rename(school_dir(root).with_name("renamed"))
    warm, cold = check_site(root, cache=True)[1], check_site(root)[1]
    assert warm == cold and not any("test-school" in d.path for d in warm)
    shutil.copytree(school_dir(root).with_name("renamed"), school_dir(root).with_name("copy"))
    warm, cold = check_site(root, cache=True)[1], check_site(root)[1]
    assert warm == cold
    (twice,) = [d for d in warm if d.code == "SITE-DUPLICATE-ID"]  # the copy is named, not its original twice
    assert {twice.path, twice.params["other"]} == {"content/d1/renamed/school.yml", "content/d1/copy/school.yml"}


# ── a whole build ────────────────────────────────────────────────────────────

def test_pages_documents_and_search_parts_written_with_another_secret_are_not_published(tmp_path, monkeypatch):
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    import make_city

    from generator.output import search
    from generator.pipeline import build_site
    from generator.site import pagecache

    def tree(folder):
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}

    root = tmp_path / "site"
    root.mkdir()
    (root / "site.yml").write_bytes((Path(__file__).resolve().parent.parent / "site.yml").read_bytes())
    make_city.write(root / "content", make_city.city(1, 2))
    assert build_site(root, tmp_path / "a", jobs=1).ok
    cache = root / cache_mod.DIRNAME
    monkeypatch.setenv(trust.ENV, "an attacker's")  # what a merge request's job could write
    for kind, forged in (("pages", pagecache.pack(b"<script>alert(1)</script>", [])), ("docx", b"PK forged")):
        store = cache_mod.EntryStore(cache / kind)
        for path in [p for p in (cache / kind).rglob("*") if p.is_file()]:
            store.put_bytes(path.name, forged)
    for entry in (cache / "search").iterdir():
        files = search_entry_files(entry)
        files[next(rel for rel in sorted(files) if rel.endswith(".pf_fragment"))] = b"forged"
        write_search_entry(entry, files, reseal=True)
    monkeypatch.delenv(trust.ENV)
    again = build_site(root, tmp_path / "b", jobs=1)
    assert again.ok and tree(tmp_path / "b") == tree(tmp_path / "a")


# ── one build's worth ────────────────────────────────────────────────────────

def test_the_cache_keeps_only_what_the_last_run_used(tmp_path):
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    import make_city

    from generator.pipeline import build_site

    root = tmp_path / "site"
    root.mkdir()
    (root / "site.yml").write_bytes((Path(__file__).resolve().parent.parent / "site.yml").read_bytes())
    make_city.write(root / "content", make_city.city(1, 2))
    cache = root / cache_mod.DIRNAME

    def counts():
        kinds = ("schools", "pages", "docx", "texts")
        return {kind: sum(1 for p in (cache / kind).rglob("*") if p.is_file()) for kind in kinds}

    assert build_site(root, tmp_path / "a", jobs=1).ok
    first = counts()
    assert all(first.values())
    parts = {p.name for p in (cache / "search").iterdir()}
    for plan in sorted((root / "content").glob("*/*/plan.yml")):  # every school and every page changes
        plan.write_text(plan.read_text(encoding="utf-8").replace("。", "；", 1), encoding="utf-8")
    check_site(root, cache=True)
    assert counts()["schools"] == first["schools"]
    assert build_site(root, tmp_path / "b", jobs=1).ok
    assert counts() == first  # one entry per school, page, document and page text: the old ones are gone
    now = {p.name for p in (cache / "search").iterdir()}
    assert len(now) == len(parts) and now != parts  # the district's part indexed anew, its old entry gone


def test_build_without_the_cache_reads_no_stored_pdf(tmp_path, monkeypatch):
    from generator.pipeline import build_site

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(pdf, "soffice", lambda: "soffice")
    monkeypatch.setattr(pdf, "convert_files", fake_libreoffice)
    root = make_site(tmp_path / "site")
    assert build_site(root, tmp_path / "a", jobs=1).ok
    stored = sorted(pdf.cache_dir().glob("*.pdf"))
    assert stored
    for path in stored:  # sound entries (this machine's) that differ from a fresh conversion
        pdf._store_pdf(path, path.stem, b"%PDF stored earlier")
    published = sorted((tmp_path / "a").rglob("*.pdf"))
    assert published
    assert build_site(root, tmp_path / "b", cache=False, jobs=1).ok
    assert all(p.read_bytes().startswith(b"%PDF converted") for p in (tmp_path / "b").rglob("*.pdf"))
    assert build_site(root, tmp_path / "c", jobs=1).ok
    assert all(p.read_bytes() == b"%PDF stored earlier" for p in (tmp_path / "c").rglob("*.pdf"))


def test_check_fails_on_a_committed_cache(tmp_path, capsys):
    from generator.cli import main

    root = make_site(tmp_path / "site")
    check_site(root, cache=True)
    git_repo(root)  # no .gitignore: the cache is committed with the rest
    assert main(["check", "--no-cache", str(root)]) == 1
    assert "SITE-CACHE-COMMITTED" in capsys.readouterr().out
