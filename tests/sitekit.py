"""Build small sites in a temporary folder for tests."""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path

import yaml

SITE = {"title": "测试站点", "profile": "foshan", "language": "zh-CN"}

SCHOOL = {"id": "test-school", "name": "测试小学", "stage": "小学", "mode": "智慧教育"}

PLAN = {
    "period": {"start": "2021.9", "end": "2024.8"},
    "team": {"members": [
        {"name": "甲", "post": "校长", "role": "组长", "lead": True},
        {"name": "乙", "post": "教导主任", "role": "副组长"},
        {"name": "丙", "post": "信息技术教师", "role": "成员"},
    ]},
    "status": {"analysis": "现状一", "design": "现状二"},
    "problems": "问题",
    "swot": {"strengths": ["优势"], "weaknesses": ["劣势"], "opportunities": ["机会"], "threats": ["威胁"]},
    "vision": [{"title": "愿景", "text": "正文"}],
    "goals": [{"title": "目标", "text": "正文", "capabilities": ["G4"]}],
    "tasks": [{"title": "任务", "text": "正文"}],
    "safeguards": [{"title": "组织保障", "text": "正文"}],
    "capabilities": [{"code": "G4", "name": "基于数据分析的学情诊断", "level": "有应用", "text": "正文"}],
    "phases": [
        {"name": "第一年", "start": "2021.9", "end": "2022.8", "tasks": ["任务"]},
        {"name": "第二年", "start": "2022.9", "end": "2023.8", "tasks": ["任务"]},
        {"name": "第三年", "start": "2023.9", "end": "2024.8", "tasks": ["任务"]},
    ],
}

TRAINING = {
    "goals": ["目标"],
    "tasks": ["任务"],
    "key_points": [
        {"subject": "语文科", "points": [{"code": "G4"}, {"code": "B1"}], "leads": ["丁"]},
    ],
    "calendar": [
        # the profile's 25 online and 25 school-based hours, so that the baseline meets every
        # cross-check the score page marks (and check prints)
        {"time": "2021 年 9 月上旬", "content": "学习文件", "host": "甲", "participants": ["全体教师"],
         "form": "讲座", "place": "会议室", "hours": 25, "online": True},
        {"time": "2021年10月下旬", "content": "研讨", "host": "乙", "participants": ["全体教师"],
         "form": "研讨", "place": "会议室", "hours": 25},
    ],
    "assessment": {"tables": [{"title": "个人考核", "total": 20, "items": [
        {"item": 1, "content": "计划", "points": 10},
        {"item": 2, "content": "课例", "points": 10},
    ]}]},
    "safeguards": [{"title": "组织保障", "items": ["成立领导小组"]}],
}


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def make_site(root: Path, *, site=None, school=None, plan=None, training=None, files=None) -> Path:
    """Write a one-school site; None keeps the default, False leaves a file out."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "site.yml").write_text(dump(site or SITE), encoding="utf-8")
    folder = root / "content" / "d1" / "test-school"
    folder.mkdir(parents=True, exist_ok=True)
    (root / "content" / "d1" / "_district.yml").write_text(dump({"name": "一区"}), encoding="utf-8")
    for name, default, given in (("school.yml", SCHOOL, school), ("plan.yml", PLAN, plan),
                                 ("training.yml", TRAINING, training)):
        if given is False:
            continue
        (folder / name).write_text(dump(copy.deepcopy(default) if given is None else given), encoding="utf-8")
    for rel, text in (files or {}).items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


def school_dir(root: Path) -> Path:
    return root / "content" / "d1" / "test-school"


def fresh(data):
    return copy.deepcopy(data)


def git_repo(root: Path, message: str = "初稿") -> Path:
    """Make root a git repository with one commit of everything in it."""
    import subprocess

    for args in (["init", "-q", "-b", "main"], ["config", "user.email", "t@example.invalid"],
                 ["config", "user.name", "tester"], ["add", "-A"], ["commit", "-qm", message]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)
    return root


def diags_for(tmp_path: Path, **kw) -> list:
    """Every diagnostic `plansite check` gives on a small site made from make_site's arguments."""
    from generator.check.validate import check_site

    return check_site(make_site(tmp_path / "site", **kw))[1]


def codes(diags) -> list[str]:
    return [d.code for d in diags]


SAMPLE_SCHOOL = Path(__file__).resolve().parent.parent / "content" / "sample-fenglin" / "sample-fenglin-01"
"""A generated Guangdong sample school with filing, outputs, teacher and group records."""


def two_school_site(root: Path) -> Path:
    """make_site's one school (no records) and a copy of SAMPLE_SCHOOL, in district d1."""
    import shutil

    make_site(root)
    shutil.copytree(SAMPLE_SCHOOL, root / "content" / "d1" / SAMPLE_SCHOOL.name)
    return root


def produced(root: Path, *producers):
    """prepare_site with only the given page producers: (Prepared, the school views by id)."""
    from generator.load.content import load_content
    from generator.site.render import prepare_site

    prepared = prepare_site(load_content(root, []), producers=list(producers))
    views = {job.context["s"].id: job.context["s"] for job in prepared.jobs if job.template == "school.html"}
    return prepared, views


def search_entry_files(entry: Path) -> dict[str, bytes]:
    """A search cache entry's files, <output>/<path> → bytes, read from its packs (output/search.py unpack)."""
    found = {}
    for pack in sorted(entry.glob("*.pack")):
        data, i = pack.read_bytes(), 0
        while i < len(data):
            n = int.from_bytes(data[i:i + 4], "big")
            rel, i = data[i + 4:i + 4 + n].decode(), i + 4 + n
            size = int.from_bytes(data[i:i + 8], "big")
            found[f"{pack.stem}/{rel}"], i = data[i + 8:i + 8 + size], i + 8 + size
    return found


def search_entry_digests(entry: Path) -> dict[str, str]:
    """The SHA-256 of each file a search cache entry holds, as its manifest lists them."""
    return {rel: hashlib.sha256(data).hexdigest() for rel, data in search_entry_files(entry).items()}


def write_search_entry(entry: Path, files: dict[str, bytes], reseal: bool = False) -> None:
    """Write a search cache entry's packs anew from files (search_entry_files); reseal: and its manifest
    over them, under the secret in force."""
    from generator.output import search

    for name in {rel.partition("/")[0] for rel in files}:
        records = [(rel.partition("/")[2].encode(), data) for rel, data in sorted(files.items())
                   if rel.partition("/")[0] == name]
        (entry / f"{name}.pack").write_bytes(b"".join(len(r).to_bytes(4, "big") + r + len(d).to_bytes(8, "big") + d
                                                      for r, d in records))
    if reseal:
        (entry / search.MANIFEST).write_text(json.dumps(search._sealed(search_entry_digests(entry), entry.name)))


def cards_by_rubric(content) -> dict:
    """Every school's score card (check/cards.py scorecard), by rubric id, schools in load order:
    what a rubric's page lists, worked out apart from the page producers."""
    from generator.check.cards import scorecard
    from generator.load.content import profile_for

    board: dict = {}
    for entry in content.schools:
        card = scorecard(entry, content.policy, profile_for(entry, content))
        if card.rubric_id and card.rubric is not None:
            board.setdefault(card.rubric_id, []).append(card)
    return board


def render_site(content, *, updated=None, theme: str = "default", diagnostics=None, git=None,
                pdf: bool = False) -> dict[str, bytes]:
    """Every page, asset and download of the site, {relative path: bytes}, in one process: the
    build's own steps (site/render.py prepare_site, then each document and page job)."""
    from generator.site.render import prepare_site

    prepared = prepare_site(content, updated=updated, theme=theme, git=git, diagnostics=diagnostics, pdf=pdf)
    files = dict(prepared.files)
    for doc in prepared.docs:
        files[doc.path] = doc.make(None)
    for job in prepared.jobs:
        files[job.path] = prepared.render(job)
    return dict(sorted(files.items()))


def check_links(files: dict[str, bytes], base_url: str, provided: frozenset[str] = frozenset()) -> list:
    """Every internal href/src in the HTML that does not resolve to a file of `files` or `provided`
    (the build's link check: site/render.py page_links and resolve_link_index)."""
    from generator.site.render import page_links, resolve_link_index

    links = {path: page_links(data) for path, data in files.items() if path.endswith(".html")}
    return resolve_link_index(set(files) | set(provided), links, base_url)[0]
