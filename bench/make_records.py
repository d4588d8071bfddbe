"""Sample teacher and subject-group records (teachers.yml, groups.yml) for a generated school.

Teachers are T01…, each in one of the school's 教研组 with that group's key points from
training.yml; hours around the profile's requirement (a few below it, still in progress); one
summary per chosen point for those who are done; 自评 → 互评 → 总评 for those assessed. Deterministic
for a given random stream; everything is sample data (示例数据).

With a second stream (`scored`), the records follow the seed school's own rubrics (xiangtou-group
科组考核, xiangtou-teacher 个人考核): each teacher gets a personal plan, cases, projects, papers and
lessons with generated award levels and a 明显/一般/不明显 mark, each group its projects, cases and
showcases; only the items the rubric cannot compute are given a typed score (the rest is computed
by check). The first stream is drawn exactly as without it, so the other fields stay the same.
"""

from __future__ import annotations

import random

RESULTS = [("优秀", 0.22), ("良好", 0.38), ("合格", 0.38), ("不合格", 0.02)]
GROUP_ITEMS = [("科组研修方案科学规范、操作性强", 10), ("科组研修活动具有实效", 10), ("组员完成个人提升计划", 10)]
"""Items of a group assessment, after the 科组考核 of the seed school's training plan (sample scores)."""


CASE_AWARDS = [(None, 0.7), ("镇级", 0.15), ("市级", 0.1), ("省级", 0.04), ("国家级", 0.01)]
RESULT_AWARDS = [(None, 0.75), ("镇级", 0.13), ("市级", 0.09), ("省级", 0.03)]  # the items list no 国家级 bonus
GROWTH = [("明显", 0.5), ("一般", 0.42), ("不明显", 0.08)]


def _pick(rng: random.Random, weighted):
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def teacher_ids(n: int) -> list[str]:
    return [f"T{i:02d}" if n < 100 else f"T{i:03d}" for i in range(1, n + 1)]


def _outputs(rng: random.Random, n: int, what: str, awards) -> list:
    out = []
    for i in range(n):
        award = _pick(rng, awards)
        out.append({"title": f"{what}{i + 1}（示例）", **({"award": award} if award else {})})
    return out


def _mark(rng: random.Random) -> int:
    return rng.choice([8, 9, 10])


def _teacher_facts(rng: random.Random, row: dict) -> None:
    """Plan, outputs and the hand-marked items of 个人考核 (xiangtou-teacher) for one teacher."""
    if rng.random() < 0.97:
        row["plan"] = f"{row['id']} 个人能力提升计划（示例）"
    row["cases"] = _outputs(rng, 1 if rng.random() < 0.85 else 2, "能力提升教学案例", CASE_AWARDS)
    row["projects"] = _outputs(rng, int(rng.random() < 0.5), "信息化教学课题", RESULT_AWARDS)
    row["papers"] = _outputs(rng, int(rng.random() < 0.9), "信息化论文", RESULT_AWARDS)
    row["lessons"] = _outputs(rng, rng.choice([0, 1, 1, 2]), "公开课", [(None, 1)])
    if row["assessment"][-1]["stage"] != "总评":
        return  # still training: not marked yet
    scores = [{"item": "1", "score": _mark(rng)}, {"item": "3", "score": _mark(rng)}]
    # an item with nothing recorded is left to the marker (the rubric sets no mark below "有……即满分")
    scores += [{"item": code, "score": 0} for code, key in (("5", "projects"), ("6", "papers"), ("7", "lessons"))
               if not row[key]]
    scores.append({"item": "8", "word": _pick(rng, GROWTH)})
    row["scores"] = scores


def _group_facts(rng: random.Random, group: dict, members: list[dict]) -> None:
    """Projects, cases, showcases and the hand-marked items of 科组考核 (xiangtou-group) for one group."""
    group["projects"] = _outputs(rng, int(rng.random() < 0.8), f"{group['name']}信息化教学课题", RESULT_AWARDS)
    group["cases"] = _outputs(rng, rng.choice([1, 1, 2]), f"{group['name']}典型案例", CASE_AWARDS)
    group["showcases"] = _outputs(rng, rng.choice([0, 1, 1, 2]), f"{group['name']}交流展示", [(None, 1)])
    scores = [{"item": code, "score": _mark(rng)} for code in ("1", "2", "5")]
    scores += [{"item": code, "score": 0} for code, empty in (
        ("6", not group["projects"]), ("7", not any(m.get("papers") for m in members)),
        ("9", not group["showcases"])) if empty]
    group["scores"] = scores


def records(rng: random.Random, training: dict, teachers: int, hours: dict,
            scored: random.Random | None = None) -> dict[str, dict]:
    """teachers.yml and groups.yml for a school with this training plan and number of teachers;
    with `scored`, under the xiangtou rubrics."""
    key_points = [(k["subject"], [p["code"] for p in k["points"]]) for k in training.get("key_points") or []]
    if not key_points:
        return {}
    online, school_based = hours.get("online") or 25, hours.get("school_based") or 25
    ids = teacher_ids(teachers)
    size = -(-teachers // len(key_points))
    rows, groups = [], []
    for gi, (gname, codes) in enumerate(key_points):
        members = ids[gi * size:(gi + 1) * size]
        if not members:
            continue
        for t in members:
            behind = rng.random() < 0.04
            row = {"id": t, "group": gname, "role": "教研组组长" if t == members[0] else "教师", "points": list(codes),
                   "online": rng.randint(8, online - 1) if behind else online + rng.choice([0, 0, 1, 2, 5]),
                   "school_based": school_based + rng.choice([0, 2, 5, 9])}
            if behind:
                row["assessment"] = [{"stage": "自评", "date": "2022-05-16", "result": "合格"}]
            else:
                row["summaries"] = [{"point": c,
                                     "evidence": [f"{c} 提升总结与课堂实录（示例）"]} for c in codes]
                final = _pick(rng, RESULTS)
                row["assessment"] = [{"stage": "自评", "date": "2022-05-16", "result": "合格" if final == "不合格" else final},
                                     {"stage": "互评", "date": "2022-05-30", "result": final},
                                     {"stage": "总评", "date": "2022-06-15", "result": final}]
            rows.append(row)
            if scored is not None:
                _teacher_facts(scored, row)
        scores = [{"item": item, "score": rng.choice([full - 2, full - 1, full]), "max": full} for item, full in GROUP_ITEMS]
        groups.append({"name": gname, "leader": members[0],
                       "plan": f"{gname}研修计划（示例）：围绕{'、'.join(codes)}，每月一次主题研讨，每学期一次课例研磨。",
                       "case": {"title": f"{gname}教学案例（示例）", "video": "课堂实录视频（示例）",
                                "design": "教学设计（示例）", "reflection": "教学反思（示例）"},
                       "scores": scores})
        if scored is not None:
            _group_facts(scored, groups[-1], [r for r in rows if r["group"] == gname])
    if scored is None:
        return {"teachers.yml": {"sample": True, "teachers": rows}, "groups.yml": {"sample": True, "groups": groups}}
    return {"teachers.yml": {"sample": True, "rubric": "xiangtou-teacher", "teachers": rows},
            "groups.yml": {"sample": True, "rubric": "xiangtou-group", "groups": groups}}
