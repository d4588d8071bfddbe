"""After the plans, for the sample city: each school's yearly summaries and plans with their filing,
the acceptance (整校验收) of the schools whose plans are filed, with their teachers' hours split by
year; and each district's yearly reports.

Called by make_city.py after a school's (or district's) other files are made, from a random stream
of its own ("<seed>/<school>/cycle"), so every other file stays as it was. The yearly deadline of the
Foshan profile (年度总结与计划 by 01-31 every year, from the year after the first filing) is met by
most schools; a few file one late or not at all, so the site shows an overdue report. Everything is
sample data.
"""

from __future__ import annotations

import random

WHAT = "年度总结与计划"
LAST_YEAR = 2023
"""The Foshan profile's yearly deadline runs to 2023 (the summary of 2022, the project's last year)."""

RESULTS = ["完成本年度教师网络研修与校本研修学时", "各教研组开展信息化课例研磨", "形成一批能力点应用典型案例",
           "整校推进阶段总结与展示"]
PROBLEMS = ["部分教师能力点实践证据不够充分", "教研组之间进度不均衡", "数据分析类能力点应用较浅"]
TASKS = [("教师网络研修", "3 月—6 月", "所选能力点课程学习"), ("教研组课例研磨", "4 月—5 月", "组内听课评课"),
         ("能力点实践测评", "6 月", "学校考核与抽测"), ("学年总结与展示", "12 月", "整校推进阶段总结")]


def _first_year(steps: list[dict]) -> int | None:
    years = [int(s["date"][:4]) for s in steps if s.get("what") != WHAT]
    return min(years) if years else None


def _report(rng: random.Random, owner: str, year: int, day: str) -> dict:
    return {"year": year, "date": day,
            "summary": f"**示例数据**：{owner}{year - 1} 年按两案开展整校推进，完成了本年度的培训与考核安排。",
            "results": rng.sample(RESULTS, 2), "problems": rng.sample(PROBLEMS, 1),
            "plan": f"{year} 年继续按两案推进，补齐上一年的不足。",
            "tasks": [{"title": t, "when": f"{year} 年 {w}", "text": x, "owner": "教导处"}
                      for t, w, x in rng.sample(TASKS, 3)]}


def yearly(rng: random.Random, steps: list[dict], owner: str, body: str,
           late: float = 0.12) -> tuple[dict | None, list[dict]]:
    """yearly.yml and the filing steps that file its reports: one report a year from the year after the
    first filing; now and then one filed late (after 01-31) or the last one not filed."""
    first = _first_year(steps)
    if first is None:
        return None, []
    reports, filed = [], []
    for year in range(first + 1, LAST_YEAR + 1):
        roll = rng.random()
        if year == LAST_YEAR and roll < late:
            continue  # not written, not filed: overdue
        day = f"{year}-02-{rng.randint(3, 20):02d}" if roll < late * 2 else f"{year}-01-{rng.randint(8, 28):02d}"
        reports.append(_report(rng, owner, year, day))
        filed.append({"step": "报送", "date": day, "body": body, "what": WHAT})
    return {"sample": True, "reports": reports, "source": "示例数据：年度总结与计划均为虚构。"}, filed


def _merge(steps: list[dict], more: list[dict]) -> list[dict]:
    """The steps in date order (a stable sort: steps on one day keep their order)."""
    return sorted(steps + more, key=lambda s: s["date"])


def _split_hours(rng: random.Random, teachers: list[dict]) -> None:
    """Teachers' hours split over 2021 and 2022 (a training across years is registered year by year)."""
    for t in teachers:
        online, school = t.get("online"), t.get("school_based")
        if online is None or school is None:
            continue
        a, b = round(online * rng.uniform(0.3, 0.6)), round(school * rng.uniform(0.3, 0.6))
        t["years"] = [{"year": 2021, "online": a, "school_based": b},
                      {"year": 2022, "online": online - a, "school_based": school - b}]


def school_cycle(files: dict, sid: str, seed: int) -> dict[str, dict]:
    """The files of one school this adds or changes: filing.yml (yearly steps, acceptance), yearly.yml,
    teachers.yml (hours by year, where the school is accepted)."""
    record = files.get("filing.yml")
    if not record:
        return {}
    rng = random.Random(f"{seed}/{sid}/cycle")
    owner = files["school.yml"]["name"]
    body = record["steps"][0]["body"]
    report, filed = yearly(rng, record["steps"], owner, body)
    out: dict[str, dict] = {}
    record = dict(record, steps=_merge(record["steps"], filed))
    if report and report["reports"]:
        out["yearly.yml"] = report
    filed_plans = any(s["step"] == "备案" and s.get("what") is None for s in record["steps"])
    teachers = files.get("teachers.yml")
    if filed_plans and teachers and rng.random() < 0.4:
        record["acceptance"] = {"date": f"2022-{rng.randint(6, 7):02d}-{rng.randint(1, 28):02d}", "body": body,
                                "result": "通过", "note": "示例数据：整校验收为虚构。"}
        teachers = dict(teachers, teachers=[dict(t) for t in teachers["teachers"]])
        _split_hours(rng, teachers["teachers"])
        out["teachers.yml"] = teachers
    out["filing.yml"] = record
    return out


def district_cycle(plan: dict, did: str, name: str, seed: int) -> dict[str, dict]:
    """A district's yearly reports (yearly.yml) and their filing with the city (district-plan.yml)."""
    rng = random.Random(f"{seed}/{did}/cycle")
    body = plan["filing"][0]["body"]
    report, filed = yearly(rng, plan["filing"], f"{name}", body, late=0.3)
    out = {"district-plan.yml": dict(plan, filing=_merge(plan["filing"], filed))}
    if report and report["reports"]:
        out["yearly.yml"] = report
    return out
