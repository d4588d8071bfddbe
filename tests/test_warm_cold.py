"""Warm equals cold: after each kind of change, check and build with the cache give exactly what
they give without it (issue "One fact, one number", Deliver 4).

On a copy of part of the demo (the real school, Guangdong, Henan and Yantai schools, a district
plan), with a school filing deadline added so that the build date matters to two rules: a date
change, a folder rename, a folder copy, a comment in schemas/, another plansite, every school's
plan edited. After each, `plansite check --format json` and `plansite build` run warm (the
cache filled by the runs before) and with `--no-cache`: same diagnostics, same site, file by file.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml
from sitekit import dump

from generator.check import cache as cache_mod
from generator.cli import main
from generator.output import manifest as manifest_mod
from generator.pipeline import build_site
from generator.site import doccache, pagecache

REPO = Path(__file__).resolve().parent.parent
KEEP = {"dalang": None, "qinghe": None, "pages": None, "sample-songhe": 1, "sample-qiaoyu": 1}
"""The demo's folders copied (None: all of it; n: its district files and its first n schools)."""


def demo_part(root: Path) -> Path:
    root.mkdir()
    shutil.copy(REPO / "site.yml", root / "site.yml")
    shutil.copytree(REPO / "schemas", root / "schemas")
    for name, schools in KEEP.items():
        source = REPO / "content" / name
        if schools is None:
            shutil.copytree(source, root / "content" / name)
            continue
        (root / "content" / name).mkdir(parents=True)
        for path in sorted(source.iterdir()):
            if path.is_file():
                shutil.copy(path, root / "content" / name / path.name)
        for path in sorted(p for p in source.iterdir() if p.is_dir())[:schools]:
            shutil.copytree(path, root / "content" / name / path.name)
    profile = root / "schemas" / "profiles" / "guangdong.yml"
    data = yaml.safe_load(profile.read_text(encoding="utf-8"))
    data["filing"]["deadlines"].append({"step": "备案", "by": "2021-06-30", "level": "school", "source": "测试用的期限"})
    profile.write_text(dump(data), encoding="utf-8")
    return root


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def checked(root: Path, capsys, *flags: str) -> list[dict]:
    capsys.readouterr()
    main(["check", "--format", "json", *flags, str(root)])
    return json.loads(capsys.readouterr().out)["diagnostics"]


def same_warm_and_cold(root: Path, out: Path, capsys, build: bool = True) -> list[dict]:
    warm = checked(root, capsys)
    assert warm == checked(root, capsys, "--no-cache")
    if build:
        hot, cold = build_site(root, out / "warm", jobs=1), build_site(root, out / "cold", cache=False, jobs=1)
        assert hot.ok and cold.ok, [d.to_dict() for d in hot.diagnostics if d.level == "error"]
        assert tree(out / "warm") == tree(out / "cold")
    return warm


def codes(diags: list[dict]) -> dict[str, int]:
    found: dict[str, int] = {}
    for d in diags:
        found[d["code"]] = found.get(d["code"], 0) + 1
    return found


def test_warm_equals_cold_after_each_kind_of_change(tmp_path, monkeypatch, capsys):
    root = demo_part(tmp_path / "site")
    out = tmp_path / "out"
    monkeypatch.setenv("PLANSITE_TODAY", "2020-01-01")
    before = same_warm_and_cold(root, out, capsys)
    assert codes(before).get("PROGRESS-FUTURE-DATE") and not codes(before).get("FILING-OVERDUE")

    monkeypatch.setenv("PLANSITE_TODAY", "2030-12-31")  # a date change
    after = same_warm_and_cold(root, out, capsys)
    assert not codes(after).get("PROGRESS-FUTURE-DATE") and codes(after).get("FILING-OVERDUE")

    school = root / "content" / "qinghe" / "qinghe-no2-middle"  # a folder renamed
    school.rename(school.with_name("qinghe-no2-renamed"))
    found = same_warm_and_cold(root, out, capsys)
    assert not any("qinghe-no2-middle/" in d["file"] for d in found)

    original = root / "content" / "sample-songhe" / "sample-songhe-01"  # a folder copied
    copy = original.with_name("sample-songhe-01-copy")
    shutil.copytree(original, copy)
    twice = [d for d in same_warm_and_cold(root, out, capsys, build=False) if d["code"] == "SITE-DUPLICATE-ID"]
    assert len(twice) == 1 and "sample-songhe-01-copy/" in twice[0]["file"] + twice[0]["message"]
    record = copy / "school.yml"  # the copy given its own id (and no sampling draw of the other's), to build
    record.write_text(record.read_text(encoding="utf-8").replace("sample-songhe-01", "sample-songhe-01-copy"),
                      encoding="utf-8")
    shutil.rmtree(copy / "reviews", ignore_errors=True)
    same_warm_and_cold(root, out, capsys)

    profile = root / "schemas" / "profiles" / "guangdong.yml"  # a comment in schemas/
    profile.write_text(profile.read_text(encoding="utf-8") + "\n# 注释\n", encoding="utf-8")
    same_warm_and_cold(root, out, capsys)

    for module in (cache_mod, pagecache, doccache, manifest_mod):  # another plansite
        monkeypatch.setattr(module, "code_digest", lambda: "another plansite")
    same_warm_and_cold(root, out, capsys)

    plans = sorted((root / "content").glob("*/*/plan.yml"))  # every school's plan edited
    for plan in plans:
        text = plan.read_text(encoding="utf-8")
        assert "。" in text
        plan.write_text(text.replace("。", "；", 1), encoding="utf-8")
    same_warm_and_cold(root, out, capsys)
