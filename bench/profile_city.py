"""Sample districts under the profiles other than the site's: Henan (Xinyang) and Yantai.

    python bench/make_city.py --out content      # writes these beside the Guangdong districts

Each district picks its profile the only way content can: every school.yml names `profile:`.
A Henan school offers points of the 29-point catalog from two or three dimensions, every subject
group takes one point of each offered dimension (at least three), its team of 3–5 is led by the
principal as 首席信息官, its calendar plans 20 online and 30 school-based hours, and it scores
itself against table 3.2. A Yantai school chooses 8–10 points across environments, every
calendar row carries time, place, content, participants and hours (25 online, 25 offline), and
it scores itself and is scored by experts against the A1–C29 rubric; one school loses a point
in a base item (A1–A3), which makes its grade 不合格 whatever its total. Everything is sample
data, marked as such, and deterministic for a seed.
"""

from __future__ import annotations

import random
from pathlib import Path

import make_city as mc
import process_city
import yaml

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"

DISTRICTS = [
    # (profile, folder slug, district name, schools)
    ("henan", "songhe", "淞河区", 4),
    ("yantai", "qiaoyu", "桥屿区", 4),
]

LEVELS = ["有应用，少分析", "初步应用", "应用较熟练", "刚刚起步"]


def _yaml(rel: str) -> dict:
    return yaml.safe_load((SCHEMAS / rel).read_text(encoding="utf-8"))


def _profile(pid: str) -> dict:
    return _yaml(f"profiles/{pid}.yml")


def _leaves(items: list[dict]) -> list[dict]:
    out = []
    for item in items:
        kids = item.get("children") or []
        out.extend(_leaves(kids) if kids else [item])
    return out


# ── capability points ────────────────────────────────────────────────────────

def henan_points(rng: random.Random, catalog: dict, groups: list[str]) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """Points offered from 2–3 dimensions, and each group's points: one per dimension, at least 3."""
    points = catalog["points"]
    dims = sorted(rng.sample([d["id"] for d in catalog["dimensions"]], rng.choice([2, 2, 3])),
                  key=[d["id"] for d in catalog["dimensions"]].index)
    by_dim = {d: [p["code"] for p in points if p["dimension"] == d] for d in dims}
    offered = {d: sorted(rng.sample(codes, min(len(codes), rng.randint(2, 3)))) for d, codes in by_dim.items()}
    order = [p["code"] for p in points]
    pool = sorted({c for codes in offered.values() for c in codes}, key=order.index)
    chosen = []
    for g in groups:
        mine = [rng.choice(offered[d]) for d in dims]
        rest = [c for c in pool if c not in mine]
        while len(mine) < 3 and rest:
            mine.append(rest.pop(rng.randrange(len(rest))))
        chosen.append((g, sorted(mine, key=order.index)))
    return pool, chosen


def yantai_points(rng: random.Random, catalog: dict, groups: list[str]) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """8–10 points across at least two environments, shared out among the groups."""
    points = catalog["points"]
    order = [p["code"] for p in points]
    envs = {}
    for p in points:
        envs.setdefault(p["environment"], []).append(p["code"])
    first, second = rng.sample(sorted(envs), 2)
    n = rng.randint(8, 10)
    picked = rng.sample(envs[first], 4) + rng.sample(envs[second], 2)
    rest = [c for c in order if c not in picked]
    picked += rng.sample(rest, n - len(picked))
    pool = sorted(picked, key=order.index)
    chosen = []
    for i, g in enumerate(groups):
        mine = {pool[(i * 3 + k) % len(pool)] for k in range(3)}
        chosen.append((g, sorted(mine, key=order.index)))
    covered = {c for _, codes in chosen for c in codes}
    if covered != set(pool):  # every chosen point is taken up by some group
        g, codes = chosen[-1]
        chosen[-1] = (g, sorted(set(codes) | (set(pool) - covered), key=order.index))
    return pool, chosen


def _names(catalog: dict) -> dict[str, str | None]:
    return {p["code"]: p.get("name") for p in catalog["points"]}


# ── the two plans ────────────────────────────────────────────────────────────

CALENDAR_STEPS = [
    # (content, participants, form, place — None: the online platform, online)
    ("管理团队学习实施方案与考核要求，确定研修主题与能力点", "管理团队", "研讨活动", "会议室", False),
    ("网络研修（第一阶段）：所选能力点课程", "全体教师", "线上学习", None, True),
    ("各教研组主题研修：能力点的课堂应用", "各学科教师", "主题教研", "课室", False),
    ("课例研磨与听课评课", "各学科教师", "课例研究", "课室", False),
    ("网络研修（第二阶段）", "全体教师", "线上学习", None, True),
    ("信息化课堂展示与研讨交流", "全体教师", "课堂展示", "课室", False),
    ("优秀课例评选与成果交流", "全体教师", "成果交流", "报告厅", False),
    ("能力点校本应用考核与总结", "全体教师", "考核", "会议室", False),
]
"""The activities of a sample calendar, in order; each profile gives their times and hours."""
SCHEDULES = {
    # Henan: 20 h online + 30 h school-based; Yantai: 25 h online + 25 h offline
    "henan": ("网络研修平台", ["2021 年 3 月上旬", "2021 年 3 月下旬", "2021 年 4 月中旬", "2021 年 5 月中旬",
                           "2021 年 9 月下旬", "2021 年 10 月下旬", "2021 年 11 月下旬", "2021 年 12 月下旬"],
              [2, 10, 6, 6, 10, 6, 6, 6]),
    "yantai": ("线上应用平台", ["2021 年 7 月上旬", "2021 年 9 月上旬", "2021 年 9 月下旬", "2021 年 10 月中旬",
                            "2021 年 11 月上旬", "2021 年 11 月下旬", "2021 年 12 月中旬", "2022 年 1 月上旬"],
               [2, 12, 5, 5, 13, 5, 4, 4]),
}
PERIODS = {"henan": ("2021.3", "2023.12"), "yantai": ("2021.7", "2023.12")}


def plans(rng: random.Random, pid: str, name: str, catalog: dict, groups: list[str]) -> tuple[dict, dict]:
    """plan.yml and training.yml of one school under profile `pid`."""
    pool, chosen = (henan_points if pid == "henan" else yantai_points)(rng, catalog, groups)
    names = _names(catalog)
    plan = mc.plan_yml(name, [], rng)
    start, end = PERIODS[pid]
    plan["period"] = {"start": start, "end": end}
    plan["phases"] = [{"name": "第一阶段", "start": start, "end": "2021.12", "theme": "学习与起步",
                       "tasks": ["制定两案，完成网络研修。"]},
                      {"name": "第二阶段", "start": "2022.1", "end": "2022.12", "theme": "实践与考核",
                       "tasks": ["各教研组打磨课例，开展校本应用考核。"]},
                      {"name": "第三阶段", "start": "2023.1", "end": end, "theme": "总结与推广",
                       "tasks": ["总结成果，示范辐射。"]}]
    # Yantai's C2 asks the SWOT to cover hardware, staff, teaching and resources
    plan["swot"]["weaknesses"].append("课堂教学中技术多用于展示，学生用平台和数字资源开展自主学习的机会不多。")
    members = plan["team"]["members"]
    if pid == "henan":  # the principal leads as the school's 首席信息官
        members[0]["role"] = "组长（首席信息官）"
    for g in plan["goals"]:
        g.pop("capabilities", None)
    plan["capabilities"] = [{"code": c, **({"name": names[c]} if names.get(c) else {}),
                             "level": rng.choice(LEVELS), "text": "部分教师已有尝试，尚未形成常规。"} for c in pool]
    team = [m["name"] for m in members]
    training = mc.training_yml(name, [], team, rng)
    training["period"] = {"start": start, "end": end}
    hours = _profile(pid)["hours"]
    training["goals"][0] = (f"全体教师完成 {hours['online'] + hours['school_based']} 学时研修（网络研修 "
                            f"{hours['online']} 学时、校本实践应用 {hours['school_based']} 学时）。")
    training["key_points"] = [{"subject": g, "points": [{"code": c, **({"name": names[c]} if names.get(c) else {})}
                                                        for c in codes], "leads": [f"{g}组长"]} for g, codes in chosen]
    platform, times, hours_per_row = SCHEDULES[pid]
    training["calendar"] = [{"time": t, "content": c, "host": [rng.choice(team)], "participants": [who],
                             "form": [form], "place": [place or platform], "hours": h,
                             **({"online": True} if online else {})}
                            for (c, who, form, place, online), t, h in zip(CALENDAR_STEPS, times, hours_per_row)]
    plan_facts(pid, plan, training, pool)
    return plan, training


YANTAI_MODES = ["优化教学", "翻转课堂", "项目学习", "数据驱动", "在线教学"]
"""Seed 004 附件 4 C12: the five training modes."""


def plan_facts(pid: str, plan: dict, training: dict, pool: list[str]) -> None:
    """The facts each profile's plan_facts asks for, and the trace goal → point → activity
    (no random draws: the rest of the city stays as it was)."""
    members = plan["team"]["members"]
    if pid == "henan":  # 校领导担任首席信息官 (seed 002 二（一）)
        plan["cio"] = {"name": members[0]["name"], "post": members[0]["post"]}
        return
    # Yantai C8 (专项预算), C10–C12, C17; the mode follows from the school's pool, so schools differ
    plan["budget"] = {"it_percent": 8 + len(pool) % 3, "text": "每年设立能力提升工程专项预算，用于教师研修与设备更新。"}
    mode = YANTAI_MODES[sum(map(ord, "".join(pool))) % len(YANTAI_MODES)]
    training["theme"] = f"以{mode}为路径的信息技术与学科教学融合"
    training["mode"] = mode
    training["performance_goals"] = {
        "basic": ["全体教师完成 25 学时线上学习和不少于 25 学时线下实践，校本应用考核合格率 100%。",
                  "每位教师围绕所选能力点完成一节信息化教学课例并提交实践证据。"],
        "optional": ["各教研组形成 1 个能力点应用典型案例。", "建成学校信息化教学资源库。"]}
    training["kickoff"] = {
        "date": "2021-09-03", "speaker": members[0]["name"], "speaker_post": members[0]["post"],
        "lecture": f"围绕学校整体规划安排作微讲座：为什么选{mode}、三年里各阶段做什么。",
        "guidance": "校指导团队为全校教师讲解线上学习平台的使用、能力点的选择与实践证据的提交。",
        "evidence": ["动员会照片", "微讲座 PPT 与讲稿"]}
    # trace: every chosen point served by an offline calendar row, the first goal tied to three points
    offline = [row for row in training["calendar"] if not row.get("online")][1:]
    for i, code in enumerate(pool):
        offline[i % len(offline)].setdefault("points", []).append(code)
    plan["goals"][0]["capabilities"] = pool[:3]
    plan["goals"][0]["id"] = "goal-capability"


# ── scores ───────────────────────────────────────────────────────────────────

def _base_codes(rubric: dict) -> set[str]:
    base = set(rubric.get("base_items") or [])
    return {leaf["code"] for item in rubric["items"] if item["code"] in base for leaf in _leaves([item])}


def selfscore(rng: random.Random, rubric: dict, date: str, *, base_deduction: bool) -> dict:
    """Scores for every leaf: most full, a few a point lower; a base item only when asked."""
    base = _base_codes(rubric)
    items = []
    hit_base = False
    for leaf in _leaves(rubric["items"]):
        full = leaf["points"]
        lose = 0
        if leaf["code"] in base:
            if base_deduction and not hit_base and full >= 2 and not leaf.get("check"):
                lose, hit_base = 1, True
        elif rng.random() < 0.25 and not leaf.get("check"):
            lose = min(full, rng.choice([1, 1, 2]))
        score = full - lose
        evidence = ["training.yml" if "研修" in leaf.get("description", "") else "plan.yml"]
        items.append({"code": leaf["code"], "score": score,
                      "justification": "已按细则完成，见两案。" if not lose else "部分完成，佐证材料尚不齐全。",
                      "evidence": evidence})
    return {"sample": True, "rubric": rubric["id"], "date": date, "items": items,
            "source": "示例数据：自评分数为虚构。"}


def assessment(rng: random.Random, rubric: dict, own: dict, district: str, date: str) -> dict:
    """An expert group's scores: the self-scores, a point lower here and there outside the base items."""
    base = _base_codes(rubric)
    scores = []
    for item in own["items"]:
        lower = item["code"] not in base and item["score"] > 0 and rng.random() < 0.15
        scores.append({"code": item["code"], "score": item["score"] - (1 if lower else 0)})
    experts = [{"name": n, "role": r, "affiliation": f"{district}教师发展中心（示例）"}
               for n, r in zip(mc.names(rng, 2), ["组长", "成员"])]
    return {"sample": True, "plan": "training", "date": date, "experts": experts,
            "opinion": "专家组对照考核细则逐项评分。研修安排与所选能力点衔接清楚，建议补齐课例研磨的过程资料。",
            "verdict": "通过", "scores": scores, "source": "示例数据：专家与评分均为虚构。"}


# ── the districts ────────────────────────────────────────────────────────────

def school_files(rng: random.Random, pid: str, sid: str, stem: str, district: str, n: int) -> dict[str, dict]:
    stage = mc.pick(rng, mc.STAGES)
    name = f"{district}{stem}{next(full for short, full, _ in mc.STAGES if short == stage)}（示例）"
    teachers = rng.randint(35, 75)  # small enough to keep a ledger of every teacher
    profile = _profile(pid)
    catalog = _yaml(f"catalogs/{profile['catalog']}.yml")
    rubric = _yaml(f"rubrics/{profile['rubric']}.yml")
    groups = mc.SUBJECTS[stage]
    plan, training = plans(rng, pid, name, catalog, groups)
    school = mc.school_yml(sid, name, stage, teachers, rng)
    school["profile"] = pid
    own = selfscore(rng, rubric, "2022-01-15", base_deduction=(pid == "yantai" and n == 1))
    year, month = (int(x) for x in PERIODS[pid][0].split("."))
    files = {"school.yml": school, "plan.yml": plan, "training.yml": training, "selfscore.yml": own,
             "progress.yml": mc.progress(rng, groups, teachers, (year, month))}
    files.update(mc.make_records.records(random.Random(f"{mc.SEED}/{sid}/records"), training, teachers,
                                         profile["hours"]))
    files.update({f"reviews/{k}": v for k, v in mc.reviews(rng, name, district).items()})
    files["reviews/assessment-2022.yml"] = assessment(rng, rubric, own, district, "2022-01-20")
    return files


def profile_districts(schools: int | None = None, seed: int = mc.SEED) -> dict[str, dict]:
    """Every file of the Henan and Yantai sample districts: path under content/ -> data."""
    out: dict[str, dict] = {}
    for pid, slug, dname, count in DISTRICTS:
        did = f"sample-{slug}"
        name = _profile(pid)["name"]
        out[f"{did}/_district.yml"] = {
            "name": f"{dname}（示例）", "name_en": slug.capitalize(),
            "description": f"**示例数据**：{dname}是为演示本站而虚构的城区，区内学校按{name}的要求编制和核对两案，"
                           "学校及其资料均为生成的演示内容。",
            "sample": True}
        for n in range(schools or count):
            sid = f"{did}-{n + 1:02d}"
            stem = mc.STEMS[n] if n < len(mc.STEMS) else f"第{n + 1}"
            files = school_files(random.Random(f"{seed}/{sid}"), pid, sid, stem, dname, n)
            files.update(process_city.school_process(files, sid, dname, pid, seed))
            for rel, data in files.items():
                out[f"{did}/{sid}/{rel}"] = data
        out[f"{did}/district-plan.yml"] = process_city.district_plan(did, dname, pid, seed)
    return out
