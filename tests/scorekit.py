"""A one-school Yantai site whose plans support every cross-check, and a full self-score for it."""

from __future__ import annotations

from pathlib import Path

from sitekit import PLAN, SITE, TRAINING, dump, fresh, make_site

from generator.load.policy import BUILTIN_SCHEMAS, load_policy

YANTAI_SITE = fresh(SITE) | {"profile": "yantai"}


def yantai_rubric():
    return load_policy(BUILTIN_SCHEMAS.parent, []).rubrics["yantai-2021"]


def yantai_plan() -> dict:
    plan = fresh(PLAN)
    plan["capabilities"] = [{"code": "A1", "text": "现状"}]
    plan["goals"][0]["capabilities"] = []
    plan["swot"] = {
        "strengths": ["全部教室配备交互式一体机，校园网络全覆盖。", "骨干教师队伍稳定。"],
        "weaknesses": ["多数课堂仍以讲授为主。", "校本资源零散，平台使用不多。"],
        "opportunities": ["区里推进智慧校园建设。"],
        "threats": ["新教师比例上升。"],
    }
    plan["budget"] = {"it_percent": 8, "text": "设立能力提升工程专项预算"}  # C8 经费保障
    return plan


def yantai_training() -> dict:
    training = fresh(TRAINING)
    training["key_points"] = [{"subject": "全校", "points": [
        {"code": c} for c in ["A1", "A2", "A3", "A4", "B1", "B2", "B3", "B4"]]}]
    training["calendar"] = [
        {"time": "2021 年 9 月下旬", "content": "网络研修", "host": "甲", "participants": ["全体教师"],
         "form": "线上学习", "place": "省平台", "hours": 25, "online": True},
        {"time": "2021年10月下旬", "content": "课例研磨", "host": "乙", "participants": ["全体教师"],
         "form": "研讨", "place": "课室", "hours": 25},
    ]
    # C10 theme, C11 basic and optional goals, C12 mode, C17 kick-off with the principal's micro-lecture
    training |= {"theme": "数据驱动的精准教学", "mode": "数据驱动",
                 "performance_goals": {"basic": ["全员完成研修"], "optional": ["形成典型案例"]},
                 "kickoff": {"date": "2021-09-06", "speaker": "甲", "speaker_post": "校长"}}
    return training


def full_selfscore(rubric=None, **extra) -> dict:
    """Full marks on every leaf, citing plan.yml wherever the rubric asks for evidence."""
    rubric = rubric or yantai_rubric()
    items = []
    for leaf in rubric.leaves():
        item = {"code": leaf.code, "score": leaf.points, "justification": "见两案"}
        if leaf.evidence_required:
            item["evidence"] = ["plan.yml"]
        items.append(item)
    return {"sample": True, "rubric": rubric.id, "date": "2022-06-30", "items": items} | extra


def yantai_site(root: Path, *, selfscore=None, plan=None, training=None, files=None) -> Path:
    """A Yantai school; selfscore=None writes full marks, False writes no selfscore.yml."""
    files = dict(files or {})
    if selfscore is not False:
        files["selfscore.yml"] = dump(full_selfscore() if selfscore is None else selfscore)
    return make_site(root, site=YANTAI_SITE, plan=plan or yantai_plan(),
                     training=training or yantai_training(), files=files)


def set_score(selfscore: dict, code: str, **fields) -> dict:
    for item in selfscore["items"]:
        if item["code"] == code:
            item.update(fields)
    return selfscore
