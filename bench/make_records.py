"""Sample teacher and subject-group records (teachers.yml, groups.yml) for a generated school.

Teachers are T01…, each in one of the school's 教研组 with that group's key points from
training.yml; hours around the profile's requirement (a few below it, still in progress); one
summary per chosen point for those who are done; 自评 → 互评 → 总评 for those assessed. Deterministic
for a given random stream; everything is sample data (示例数据).
"""

from __future__ import annotations

import random

RESULTS = [("优秀", 0.22), ("良好", 0.38), ("合格", 0.38), ("不合格", 0.02)]
GROUP_ITEMS = [("科组研修方案科学规范、操作性强", 10), ("科组研修活动具有实效", 10), ("组员完成个人提升计划", 10)]
"""Items of a group assessment, after the 科组考核 of the seed school's training plan (sample scores)."""


def _pick(rng: random.Random, weighted):
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def teacher_ids(n: int) -> list[str]:
    return [f"T{i:02d}" if n < 100 else f"T{i:03d}" for i in range(1, n + 1)]


def records(rng: random.Random, training: dict, teachers: int, hours: dict) -> dict[str, dict]:
    """teachers.yml and groups.yml for a school with this training plan and number of teachers."""
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
        scores = [{"item": item, "score": rng.choice([full - 2, full - 1, full]), "max": full} for item, full in GROUP_ITEMS]
        groups.append({"name": gname, "leader": members[0],
                       "plan": f"{gname}研修计划（示例）：围绕{'、'.join(codes)}，每月一次主题研讨，每学期一次课例研磨。",
                       "case": {"title": f"{gname}教学案例（示例）", "video": "课堂实录视频（示例）",
                                "design": "教学设计（示例）", "reflection": "教学反思（示例）"},
                       "scores": scores})
    return {"teachers.yml": {"sample": True, "teachers": rows}, "groups.yml": {"sample": True, "groups": groups}}
