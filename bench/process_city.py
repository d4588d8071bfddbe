"""The process around the sample schools' plans: filing records, outputs, sampling draws and each
sample district's own plan (with the county team's scores in the Henan district).

Called by make_city.py and profile_city.py after a school's files are made, from a random
stream of its own ("<seed>/<school>/process"), so the other files stay as they were. The
records agree with the school's reviews: the district's 审核 passes only after the experts'
latest review of both plans approves, and 备案 follows it; a plan the experts turned down is
returned with their reasons. Sampling draws use plansite's own method, so check accepts them.
Everything is sample data.
"""

from __future__ import annotations

import functools
import math
import random
from datetime import date, timedelta
from pathlib import Path

import yaml

from generator.load.derived import sample_sizes
from generator.model.policy import Profile
from generator.model.sampling import draw_teachers

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
APPROVED = ("通过", "修改后通过")
KINDS = ["典型案例", "课例", "课题", "论文"]
TITLES = {"典型案例": ["用课堂反馈数据调整教学节奏", "单元学情前测的设计与使用", "平板课堂中的小组协作"],
          "课例": ["《认识分数》智慧课堂课例", "古诗群文阅读的在线讨论", "用数据分析改进作业讲评"],
          "课题": ["信息技术支持下的分层作业研究", "智慧课堂中的学情诊断研究"],
          "论文": ["浅谈即时反馈工具在课堂中的使用", "数据驱动的作业讲评策略"]}


@functools.cache
def _profile(pid: str) -> Profile:  # read once per process: every school of a city asks for it
    return Profile(**yaml.safe_load((SCHEMAS / "profiles" / f"{pid}.yml").read_text(encoding="utf-8")))


def _plus(day: str, days: int) -> str:
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


def _latest(files: dict, plan: str) -> dict | None:
    found = [v for k, v in files.items() if k.startswith(f"reviews/{plan}-")]
    return max(found, key=lambda r: r["date"]) if found else None


def filing(rng: random.Random, files: dict, district: str) -> dict | None:
    """filing.yml: 报送 before the first review; 审核 and 备案 after both plans are approved."""
    reviews = [v for k, v in files.items() if k.startswith("reviews/")]
    if rng.random() < 0.1:
        return None  # some schools have no filing record yet
    first = min((r["date"] for r in reviews), default="2020-10-20")
    body = f"{district}教育局（示例）"
    steps = [{"step": "报送", "date": _plus(first, -rng.randint(3, 9)), "body": f"{district}教育局（示例）",
              "note": "学校报送发展规划与校本研修与考核方案。"}]
    latest = [_latest(files, p) for p in ("plan", "training")]
    if all(latest):
        last = max(r["date"] for r in latest)
        if all(r["verdict"] in APPROVED for r in latest):
            steps.append({"step": "审核", "date": _plus(last, rng.randint(3, 10)), "body": body, "result": "通过"})
            steps.append({"step": "备案", "date": _plus(steps[-1]["date"], rng.randint(2, 8)), "body": body})
        else:
            failed = next(r for r in latest if r["verdict"] not in APPROVED)
            steps.append({"step": "退回", "date": _plus(last, rng.randint(3, 10)), "body": body,
                          "reasons": [failed["opinion"]]})
    return {"sample": True, "steps": steps, "source": "示例数据：办理环节与日期均为虚构。"}


def outputs(rng: random.Random, files: dict, per_teachers: int | None) -> dict:
    """outputs.yml: a few outputs on the school's own points and subjects; enough cases for a quota."""
    school, training = files["school.yml"], files["training.yml"]
    groups = [(g["subject"], [p["code"] for p in g["points"]]) for g in training.get("key_points", [])]
    cases = math.ceil(school["teachers"] / per_teachers) if per_teachers else 1
    kinds = ["典型案例"] * cases + [rng.choice(KINDS) for _ in range(rng.randint(1, 4))]
    items = []
    for i, kind in enumerate(kinds):
        subject, points = groups[rng.randrange(len(groups))]
        items.append({"kind": kind, "title": f"{rng.choice(TITLES[kind])}（{subject}，示例{i + 1}）",
                      "point": rng.choice(points), "subject": subject.removesuffix("组"),
                      "date": f"{rng.choice([2021, 2022])}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                      "evidence": ["教学设计、课堂实录与反思（示例）"], "shared": kind in ("典型案例", "课例")})
    return {"sample": True, "items": items, "source": "示例数据：成果题目与材料均为虚构。"}


def sampling(rng: random.Random, files: dict, sid: str, profile: Profile) -> dict | None:
    """A sampling review drawn exactly as plansite sample draws it, from the school's teacher records
    (teachers.yml) when it has them, else from its ledger's members (generator/load/teachers.py)."""
    records = (files.get("teachers.yml") or {}).get("teachers") or []
    groups = (files.get("progress.yml") or {}).get("groups") or []
    ids = sorted({t["id"] for t in records} if records else {m for g in groups for m in g["members"]})
    if not ids:
        return None
    seed = rng.randint(1, 9999)
    need, low, _ = sample_sizes(profile, len(ids))
    recheck, observe = draw_teachers(ids, sid, seed, need, low)
    return {"sample": True, "plan": "training", "date": "2022-06-20",
            "opinion": f"按考核细则抽测：从教师名单 {len(ids)} 名教师中随机抽取 {len(recheck)} 名复核实践证据、"
                       f"{len(observe)} 名现场检测能力点应用水平；抽取所用的随机数为 {seed}。",
            "source": "示例数据：抽测为演示而作。",
            "sampling": {"seed": seed, "pool": len(ids), "recheck": recheck, "observe": observe,
                         "method": f"教师编号排序后，random.Random(\"{sid}:{seed}\").sample 先抽复核、再抽现场抽测"}}


def school_process(files: dict, sid: str, district: str, pid: str, seed: int) -> dict[str, dict]:
    """The process files of one school: path under the school folder -> data."""
    rng = random.Random(f"{seed}/{sid}/process")
    profile = _profile(pid)
    quota = next((q.per_teachers for q in profile.outputs.quotas if q.kind == "典型案例"), None)
    out = {"outputs.yml": outputs(rng, files, quota)}
    record = filing(rng, files, district)
    if record:
        out["filing.yml"] = record
    draw = sampling(rng, files, sid, profile)
    if draw:
        out["reviews/sampling.yml"] = draw
    return out


def district_plan(did: str, name: str, pid: str, seed: int) -> dict:
    """district-plan.yml: the district's own plan with the city, and (Henan) the county team's scores."""
    rng = random.Random(f"{seed}/{did}/plan")
    body = "市能力提升工程执行办公室（示例）"
    sent = f"2020-06-{rng.randint(1, 20):02d}"
    steps = []
    if pid == "foshan":  # the only deadline a seed gives: the leadership list by 2020-04-17
        steps.append({"step": "报送", "date": f"2020-04-{rng.randint(8, 16):02d}", "body": body, "what": "领导小组名单"})
    steps += [{"step": "报送", "date": sent, "body": body, "what": "区级规划实施方案"},
              {"step": "审核", "date": _plus(sent, rng.randint(10, 20)), "body": body, "result": "通过",
               "what": "区级规划实施方案"}]
    steps.append({"step": "备案", "date": _plus(steps[-1]["date"], rng.randint(3, 9)), "body": body,
                  "what": "区级规划实施方案"})
    plan = {"sample": True, "title": f"{name}能力提升工程 2.0 规划实施方案（示例）", "period": "2020.9-2022.12",
            "summary": f"**示例数据**：{name}统筹辖区学校整校推进，组织区级培训团队指导学校制订两案并审核备案。",
            "filing": steps}
    if pid == "henan":
        rubric = yaml.safe_load((SCHEMAS / "rubrics" / "henan-county.yml").read_text(encoding="utf-8"))

        def leaves(items):
            for item in items:
                yield from leaves(item["children"]) if item.get("children") else [item]
        plan["county_scores"] = {
            "rubric": "henan-county", "date": "2022-07-10", "body": body,
            "scores": [{"code": it["code"], "score": it["points"] - rng.randint(0, 3)} for it in leaves(rubric["items"])],
            "source": "示例数据：评分为虚构。"}
    plan["source"] = "示例数据：区级方案与办理环节均为虚构。"
    return plan
