"""Nothing the privacy guard flags reaches an output: pages, search index, raw Markdown, Word, CSV."""

from __future__ import annotations

import gzip
import shutil
import zipfile
from pathlib import Path

import pytest
from privacy_corpus import CASES, leaked
from sitekit import PLAN, fresh, make_site

from generator.cli import main
from generator.pipeline import build_site

_IDS = [name for name, _, _ in CASES]


def output_texts(folder: Path):
    """(path, text) of every file under folder: Word and zip files by their members, gzip unpacked."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if data[:2] == b"PK":
            with zipfile.ZipFile(path) as z:
                data = b"\n".join(z.read(name) for name in z.namelist())
        elif data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        elif data[:8] == b"pagefind":  # Pagefind's own header before a gzip stream
            data = gzip.decompress(data[data.index(b"\x1f\x8b"):]) if b"\x1f\x8b" in data else data
        yield path, data.decode("utf-8", errors="ignore")


def _site_with(root: Path, text: str) -> Path:
    plan = fresh(PLAN)
    plan["problems"] = "问题分析如下。\n\n" + text + "\n"
    return make_site(root, plan=plan, files={"about.md": f"# 学校简介\n\n{text}\n"})


@pytest.fixture(scope="module")
def clean_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("clean") / "_site"
    root = make_site(tmp_path_factory.mktemp("clean-src"))
    assert build_site(root, out, cache=False).ok
    return out


@pytest.mark.parametrize("name, text, secret", CASES, ids=_IDS)
def test_a_build_with_any_corpus_spelling_publishes_nothing_of_it(tmp_path, clean_site, name, text, secret):
    out = tmp_path / "_site"
    shutil.copytree(clean_site, out)
    root = _site_with(tmp_path / "src", text)
    result = build_site(root, out, cache=False)
    assert not result.ok
    assert {d.code for d in result.diagnostics if d.level == "error"} <= {"PRIVACY-PHONE", "PRIVACY-EMAIL"}
    for path, shown in output_texts(out):
        assert not leaked(shown, secret), (name, path)


@pytest.mark.parametrize("name, text, secret", CASES[:1] + CASES[-1:], ids=_IDS[:1] + _IDS[-1:])
def test_export_writes_no_word_file_while_a_detail_is_in_the_content(tmp_path, capsys, name, text, secret):
    root = _site_with(tmp_path / "src", text)
    out = tmp_path / "export"
    assert main(["export", str(root), "--out", str(out), "--no-pdf"]) == 1
    printed = capsys.readouterr().out
    assert "PRIVACY-" in printed and not leaked(printed, secret)
    assert not out.exists() or list(output_texts(out)) == []
