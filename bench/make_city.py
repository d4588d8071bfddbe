"""Write a believable sample city: districts of schools with plans, reviews and progress.

    python bench/make_city.py --out content --districts 3 --schools 10
    python bench/make_city.py --progress-for content/qinghe/qinghe-no2-middle   # one existing sample school

Besides the districts under the site's profile (Foshan), it writes one sample district under
each other profile (henan, yantai: see bench/profile_city.py), so their rules, catalogs, rubrics
and dashboards are on the demo site.

Every file is sample data: after the editor's schema line, its first line says so and it carries `sample: true`; people are
written as 王某某 and teachers as T01…; schools and districts are fictional and end in （示例）.
A fixed seed gives byte-identical files. The generator writes only its own district folders
(ids `sample-*`) and refuses to replace a folder it did not write.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

import cycle_city
import process_city
import yaml

from generator.authoring.editorschema import schema_comment

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fastyaml  # noqa: E402
import make_records  # noqa: E402

MARK = "# 示例数据（生成的演示内容，非真实学校）· sample data\n"
SEED = 2020

DISTRICTS = [("fenglin", "枫林区"), ("guihu", "桂湖区"), ("yunling", "云岭区"), ("songxi", "松溪区"),
             ("liuan", "柳岸区"), ("shiqiao", "石桥区"), ("meigang", "梅岗区"), ("zhuyuan", "竹源区")]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈姚卢钟谭陆汪范廖夏方邹熊邱江薛段雷侯龙陶黎贺顾毛龚邵严覃戴莫孔汤"
STEMS = ["第一", "第二", "第三", "第四", "第五", "实验", "育才", "新城", "东湖", "南山", "西江", "北岭",
         "明德", "启智", "桥头", "沙岗", "滨江", "青山", "文华", "培英"]
STAGES = [("小学", "小学", 0.6), ("初中", "初级中学", 0.25), ("九年一贯制", "九年一贯制学校", 0.15)]
SUBJECTS = {"小学": ["语文组", "数学组", "英语组", "综合组"],
            "初中": ["语文组", "数学组", "英语组", "理化生组", "政史地组", "艺体组"],
            "九年一贯制": ["小学语文组", "小学数学组", "中学语文组", "中学数学组", "英语组", "综合组"]}
POINTS = {"G4": "基于数据分析的学情诊断", "G5": "基于智能反馈的学情分析", "B1": "跨学科学习活动设计",
          "B2": "创造真实学习情境", "B3": "创新解决问题的方法", "B4": "支持学生创造性学习与表达",
          "B5": "基于数据的个别化指导", "B6": "应用或创建数据分析模型", "G6": "智慧教育环境下在线教育开展",
          "G7": "智慧教育背景下教研活动组织或参与", "G8": "智慧教育环境下教学模式创新"}
"""The Guangdong 智慧教育 catalog (schemas/catalogs/guangdong-zhihui.yml), names as there."""

TERM_MONTHS = [(2020, 9), (2020, 10), (2020, 11), (2020, 12), (2021, 1), (2021, 3), (2021, 4), (2021, 5),
               (2021, 6), (2021, 9), (2021, 10), (2021, 11), (2021, 12), (2022, 1), (2022, 3), (2022, 4),
               (2022, 5), (2022, 6)]
COHORTS = [((2020, 9), 0.34), ((2021, 3), 0.36), ((2021, 9), 0.2), ((2022, 3), 0.1)]
"""When teachers start their school-based training, and what share starts then (Foshan's 30/50/20 in mind)."""
SNAPSHOT_CURVE = [("2020-12-31", 0.3, 0.0), ("2021-06-30", 0.58, 0.4), ("2021-12-31", 0.82, 0.7),
                  ("2022-06-30", 0.93, 0.85), ("2022-08-31", 0.96, 0.9)]
"""Dates of reported counts, with the share completed and the share of those assessed."""
GUANGDONG_HOURS = {"online": 25, "school_based": 25}
"""The hours of schemas/profiles/foshan.yml (the site's profile)."""
LEDGER_MAX_TEACHERS = 80
"""Schools up to this size keep a ledger of every teacher; larger ones report counts."""
ACTIVITY_TYPES = [("教学研讨", 0.34), ("研修作业", 0.2), ("听课评课", 0.26), ("线下活动", 0.2)]
TOPICS = {"教学研讨": ["作业数据里的共性错误怎么用", "课堂即时反馈工具的使用心得", "单元学情前测的设计",
                    "平板课堂的常规与组织", "用技术支持学生表达的课例分享"],
          "研修作业": ["所选能力点的教学设计", "一节课的信息化教学反思", "学情分析报告", "微课设计方案"],
          "听课评课": ["组内公开课：数据支持的讲评课", "青年教师汇报课", "跨学科主题学习课例", "平板实验班课例"],
          "线下活动": ["集中备课：单元整体设计", "课例研磨与评课", "能力点实践成果交流", "信息化教学技能工作坊"]}
EVIDENCE = ["活动照片", "研讨记录", "评课表", "教学设计", "签到表", "课例视频"]
VERDICTS = [("通过", 0.62), ("修改后通过", 0.28), ("不通过", 0.1)]


def pick(rng: random.Random, weighted):
    return rng.choices([w[0] for w in weighted], [w[-1] for w in weighted])[0]


def names(rng: random.Random, n: int) -> list[str]:
    return [s + "某某" for s in rng.sample(SURNAMES, n)]


class _Dumper(yaml.SafeDumper):
    """Block style, except lists of short ids and numbers, which stay on one line: [T01, T02]."""

    def represent_list(self, data):
        flow = bool(data) and all(isinstance(v, (int, float)) or (isinstance(v, str) and len(v) <= 12)
                                  for v in data)
        return self.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _Dumper.represent_list)


def dump(data) -> str:
    """The sample mark and the data as YAML (fastyaml's text, PyYAML's where fastyaml does not reproduce it)."""
    text = fastyaml.dump(data)
    if text is None:
        text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return MARK + text


def file_text(rel: str, data) -> str:
    """A file under content/ as written: the editor's schema line, the sample mark, the data."""
    return schema_comment(f"content/{rel}") + dump(data)


STATUS_ANALYSIS = ["教师能用作业平台收集练习数据，但较少据此调整教学。",
                   "部分教师会用课堂即时反馈工具了解学生掌握情况，数据的分析和使用还不多。",
                   "学情分析主要依靠经验和纸笔练习，技术手段用得少。"]
PROBLEMS = ["学校的数据有采集、少分析，学习方式的变化不均衡。",
            "教师用技术支持学生自主、合作学习的能力不足，课堂仍以讲授为主。",
            "设备较新但应用面窄，骨干教师的经验没有在教研组内推开。"]
STRENGTHS = ["有一支信息技术骨干教师队伍，承担过区级信息化教学课题。", "学校长期开展集体备课，教研组活动规范。",
             "已建成校本资源库，积累了一批微课。"]
WEAKNESSES = ["部分教师对数据分析工具不熟悉。", "教师年龄结构偏大，接受新技术较慢。",
              "跨学科的教研活动少，学科之间交流不多。", "校本资源更新慢，缺少审核机制。"]
THREATS = ["教学任务重，教师集中研修的时间难以保证。", "生源变化快，班额较大，个别化指导难度大。",
           "设备更新需要持续经费投入。"]


# ── the two plans ────────────────────────────────────────────────────────────

def school_yml(sid: str, name: str, stage: str, teachers: int, rng: random.Random) -> dict:
    classes = max(6, round(teachers / rng.uniform(2.2, 2.8)))
    return {"id": sid, "name": name, "stage": stage, "mode": "智慧教育", "teachers": teachers, "classes": classes,
            "summary": f"**示例数据**：虚构的{stage}，{classes} 个教学班、{teachers} 名教师，教室均配备多媒体教学设备。"
                       "学校以“数据支持的精准教学”为整校推进的研修主题。",
            "source": "示例数据：为演示本站而生成，人物、数字与事件均为虚构。", "sample": True}


def plan_yml(name: str, codes: list[str], rng: random.Random) -> dict:
    team = names(rng, rng.randint(3, 5))
    posts = ["校长", "副校长", "教导主任", "信息技术教师", "科组长"]
    members = [{"name": n, "role": "组长" if i == 0 else "成员", "post": posts[i], **({"lead": True} if i == 0 else {})}
               for i, n in enumerate(team)]
    level = ["有应用，少分析", "初步应用", "应用较熟练", "刚刚起步"]
    return {
        "sample": True, "title": f"{name}学校信息化教育教学发展规划", "period": {"start": "2020.9", "end": "2023.8"},
        "team": {"members": members},
        "status": {"analysis": rng.choice(STATUS_ANALYSIS),
                   "design": "教师普遍能利用数字资源备课，集体备课中对技术用在哪个环节还不够具体。",
                   "guidance": "学法指导以讲授为主，学生用技术表达学习成果的机会不多。",
                   "assessment": "学业评价以纸笔测验为主，试卷分析多停留在分数统计。",
                   "innovation": "个别学科开展了信息化教学课题，跨学科学习尚在尝试。"},
        "problems": "对标智慧教育应用模式，" + rng.choice(PROBLEMS),
        "swot": {"strengths": [f"全校 {rng.randint(70, 100)}% 的教室配备交互式教学设备，校园网络全覆盖。",
                               rng.choice(STRENGTHS)],
                 "weaknesses": rng.sample(WEAKNESSES, 2),
                 "opportunities": ["区教师发展中心提供能力提升工程 2.0 的跟进指导。"],
                 "threats": [rng.choice(THREATS)]},
        "vision": [{"title": "三年愿景", "text": "建成数据支持精准教学的智慧课堂，教师普遍能用技术改进教与学。"}],
        "goals": [{"title": "教师能力", "text": "全体教师完成 50 学时研修，每人至少完成 3 个能力点的实践测评。",
                   "capabilities": codes[:2]},
                  {"title": "课堂应用", "text": "每个教研组形成 1 个体现所选能力点的优秀课例。"}],
        "tasks": [{"title": "整校推进校本研修", "text": "以教研组为单位，线上学习与线下实践相结合。"},
                  {"title": "建设校本资源", "text": "汇集优秀课例、微课和学情分析案例。"}],
        "safeguards": [{"title": "组织保障", "text": "校长领衔的信息化管理团队统筹研修。"},
                       {"title": "经费保障", "text": "在公用经费中安排研修专项经费。"}],
        "capabilities": [{"code": c, "name": POINTS[c], "level": rng.choice(level), "text": "部分教师已有尝试，尚未形成常规。"}
                         for c in codes],
        "phases": [{"name": "第一年", "start": "2020.9", "end": "2021.8", "theme": "学习与起步", "tasks": ["完成研修计划，开展网络研修。"]},
                   {"name": "第二年", "start": "2021.9", "end": "2022.8", "theme": "实践与打磨", "tasks": ["各组打磨课例，开展能力点测评。"]},
                   {"name": "第三年", "start": "2022.9", "end": "2023.8", "theme": "总结与推广", "tasks": ["总结成果，示范辐射。"]}],
    }


CALENDAR = [
    (["2020 年 9 月上旬", "2020 年 9 月中旬"], "管理团队学习文件，确定研修主题", ["管理团队"], "研讨活动", "会议室", 4),
    (["2020 年 9 月下旬", "2020 年 10 月上旬"], "全体教师动员会，解读两案", ["全体教师"], "讲座", "报告厅", 3),
    (["2020 年 10 月", "2020 年 11 月"], "网络研修（第一阶段）：所选能力点课程", ["全体教师"], "线上学习", "省公服平台", 12),
    (["2020 年 11 月下旬", "2020 年 12 月上旬"], "专题培训：作业数据的导出与分析", ["全体教师"], "专题培训", "电脑室", 6),
    (["2020 年 12 月中旬", "2021 年 1 月上旬"], "教研组课例研磨，组内听课评课", ["各学科教师"], "课例研究", "课室", 10),
    (["2021 年 3 月", "2021 年 4 月"], "网络研修（第二阶段）", ["全体教师"], "线上学习", "省公服平台", 13),
    (["2021 年 4 月下旬", "2021 年 5 月中旬"], "信息化课堂展示周", ["全体教师"], "课堂展示", "课室", 8),
    (["2021 年 6 月中旬", "2021 年 6 月下旬"], "能力点实践测评与学年总结", ["全体教师"], "考核", "会议室", 4),
    (["2021 年 9 月", "2021 年 10 月"], "第二批教师网络研修", ["第二批教师"], "线上学习", "省公服平台", 25),
    (["2021 年 11 月下旬", "2021 年 12 月中旬"], "跨学科主题学习设计工作坊", ["各学科教师"], "工作坊", "创客室", 8),
    (["2022 年 3 月下旬", "2022 年 4 月中旬"], "优秀课例评选", ["全体教师"], "评选", "课室", 6),
    (["2022 年 5 月下旬", "2022 年 6 月下旬"], "整校推进阶段总结", ["全体教师"], "总结会", "会议室", 3),
]
"""Calendar rows, each with the months a school may hold it in (in order, whichever is picked). The
school-based rows plan 52 hours in all, the online ones 50 (two batches of teachers online)."""

CALENDAR_ORDER = {content: i for i, (_, content, *_) in enumerate(CALENDAR)}


def calendar_rows(rng: random.Random, leads: list[str]) -> list[dict]:
    """The calendar rows a school picks. A row left out comes back when the school-based hours would
    otherwise fall below the online ones (Foshan: 校本实践应用学时不少于 50%, the profile's hours.shares)."""
    rows, skipped = [], []
    for times, content, who, form, place, hours in CALENDAR:
        online = form == "线上学习"
        skip = not online and rng.random() > 0.85
        # a row left out draws nothing more from the stream, so every later file stays as it was
        time, host = (times[0], leads[0]) if skip else (rng.choice(times), rng.choice(leads))
        row = {"time": time, "content": content, "host": [host], "participants": who,
               "form": [form], "place": [place], "hours": hours, **({"online": True} if online else {})}
        (skipped if skip else rows).append(row)
    planned = {kind: sum(r["hours"] for r in rows if r.get("online", False) == kind) for kind in (True, False)}
    if planned[False] < planned[True]:
        rows = [r for _, r in sorted((CALENDAR_ORDER[r["content"]], r) for r in rows + skipped)]
    return rows


def training_yml(name: str, groups: list[tuple[str, list[str]]], team: list[str], rng: random.Random) -> dict:
    items = [("个人研修计划", 10), ("网络研修", 25), ("校本研修活动", 25), ("能力点实践测评", 30), ("研修总结", 10)]
    return {
        "sample": True, "title": f"{name}校本研修与考核方案", "period": {"start": "2020.9", "end": "2023.8"},
        "goals": ["全体教师完成 50 学时研修（网络研修 25 学时、校本实践应用 25 学时）。",
                  "每个教研组打磨 1 节体现所选能力点的样板课。"],
        "tasks": ["教师制定个人信息技术应用能力提升计划。", "各教研组每学期开展不少于 3 次主题研修活动。"],
        "key_points": [{"subject": g, "points": [{"code": c, "name": POINTS[c]} for c in codes],
                        "leads": [f"{g}组长"]} for g, codes in groups],
        "calendar": calendar_rows(rng, team),
        "assessment": {"tables": [{"title": "个人考核", "total": 100, "items": [
            {"item": i + 1, "content": c, "points": p} for i, (c, p) in enumerate(items)]}]},
        "safeguards": [{"title": "组织保障", "items": ["校长领衔的管理团队统筹，各教研组长具体落实。"]}],
    }


# ── progress ─────────────────────────────────────────────────────────────────

def _day(rng: random.Random, ym: tuple[int, int]) -> str:
    return date(ym[0], ym[1], rng.randint(5, 26)).isoformat()


def ledger(rng: random.Random, groups: list[str], teachers: int, since: tuple[int, int] = (2020, 9)) -> dict:
    """Activities per 教研组 up to June 2022; teachers start in cohorts and stop near 25–34 h."""
    ids = [f"T{i:02d}" if teachers < 100 else f"T{i:03d}" for i in range(1, teachers + 1)]
    months = [ym for ym in TERM_MONTHS if ym >= since]
    cohorts = [(max(ym, months[0]), w) for ym, w in COHORTS]
    start = {t: pick(rng, cohorts) for t in ids}
    enough = {t: rng.choice([25, 27, 30, 34]) for t in ids}
    keen = {t: 0.3 if rng.random() < 0.06 else 0.9 for t in ids}
    size = -(-teachers // len(groups))
    out = []
    for gi, gname in enumerate(groups):
        members = ids[gi * size:(gi + 1) * size]
        if not members:
            continue
        done = {t: 0 for t in members}
        activities = []
        for ym in months:
            for _ in range(rng.choice([1, 2, 2, 3])):
                kind = pick(rng, ACTIVITY_TYPES)
                hours = {"教学研讨": 2, "研修作业": 5, "听课评课": 5}.get(kind) or rng.choice([3, 4, 6, 8, 10])
                who = [t for t in members if start[t] <= ym and done[t] < enough[t] and rng.random() < keen[t]]
                if not who:
                    continue
                for t in who:
                    done[t] += hours
                offline = kind == "线下活动"  # the leader sets its hours and uploads evidence
                activities.append({
                    "type": kind, "date": _day(rng, ym), "title": rng.choice(TOPICS[kind]),
                    **({"hours": hours} if offline else {}), "participants": who,
                    **({"evidence": [f"{e}（示例）" for e in rng.sample(EVIDENCE, 2)]} if offline else {})})
        activities.sort(key=lambda a: a["date"])
        online = {t: (rng.choice([25, 25, 26, 28, 30]) if keen[t] > 0.5 else rng.randint(8, 24)) for t in members}
        out.append({"name": gname, "leader": "组长", "members": members, "activities": activities,
                    "online_hours": online})
    return {"sample": True, "groups": out}


def snapshots(rng: random.Random, teachers: int, since: tuple[int, int] = (2020, 9)) -> dict:
    """Counts reported every half year after `since`, following SNAPSHOT_CURVE from its start."""
    days = [d for d, _, _ in SNAPSHOT_CURVE if d >= f"{since[0]}-{since[1]:02d}"]
    rows, completed = [], 0
    for day, (_, share, assessed_share) in zip(days, SNAPSHOT_CURVE):
        completed = max(completed, min(teachers, round(teachers * min(1.0, share + rng.uniform(-0.08, 0.06)))))
        assessed = round(completed * assessed_share)
        failed = min(assessed, rng.randint(1, 2)) if rng.random() < 0.4 else 0
        passed = assessed - failed
        rows.append({"date": day, "teachers": teachers, "completed": completed, "assessed": assessed, "passed": passed})
    return {"sample": True, "snapshots": rows}


def progress(rng: random.Random, groups: list[str], teachers: int, since: tuple[int, int] = (2020, 9)) -> dict:
    if teachers <= LEDGER_MAX_TEACHERS:
        return ledger(rng, groups, teachers, since)
    return snapshots(rng, teachers, since)


def progress_for(folder: Path, seed: int = SEED) -> dict:
    """progress.yml for an existing sample school: its teachers, its subject groups, from its period's start."""
    school = yaml.safe_load((folder / "school.yml").read_text(encoding="utf-8"))
    training = yaml.safe_load((folder / "training.yml").read_text(encoding="utf-8"))
    if not school.get("sample"):
        raise SystemExit(f"make_city: {folder} 不是示例学校，不写入 · not a sample school, nothing written")
    year, month = (int(x) for x in str(training["period"]["start"]).split("."))
    groups = [g["subject"] for g in training["key_points"]]
    return progress(random.Random(f"{seed}/{school['id']}"), groups, school["teachers"], (year, month))


# ── reviews ──────────────────────────────────────────────────────────────────

def reviews(rng: random.Random, name: str, district: str) -> dict[str, dict]:
    """File name -> review; a 不通过 is followed by a second review that passes."""
    out = {}
    experts = [{"name": n, "role": r, "affiliation": f"{district}教师发展中心（示例）"}
               for n, r in zip(names(rng, 3), ["组长", "成员", "成员"])]
    for plan, what in (("plan", "发展规划"), ("training", "校本研修与考核方案")):
        verdict = pick(rng, VERDICTS)
        first = {"sample": True, "plan": plan, "date": f"2020-10-{rng.randint(12, 30)}", "experts": experts,
                 "opinion": f"{name}的{what}结构完整，目标具体。" + {
                     "通过": "建议在实施中及时总结课例。",
                     "修改后通过": "建议把一年绩效目标写得更可检查，补充各教研组的分工。",
                     "不通过": "现状分析与所选能力点联系不够，研修安排缺少学时，请修改后重新提交。"}[verdict],
                 "verdict": verdict, "source": "示例数据：专家与意见均为虚构。"}
        out[f"{plan}-1.yml"] = first
        if verdict == "不通过" and rng.random() < 0.6:
            out[f"{plan}-2.yml"] = first | {"date": f"2020-12-{rng.randint(10, 28)}", "verdict": "通过",
                                            "opinion": f"{name}按意见修改了{what}，补充了学时安排，同意通过。"}
    return out


# ── the city ─────────────────────────────────────────────────────────────────

def school_files(rng: random.Random, sid: str, stem: str, district: str) -> dict[str, dict]:
    """Every file of one school, path under the school folder -> data."""
    stage = pick(rng, STAGES)
    name = f"{district}{stem}{next(full for short, full, _ in STAGES if short == stage)}（示例）"
    teachers = rng.randint(35, 110) if stage == "小学" else rng.randint(50, 130)
    order = list(POINTS).index
    codes = sorted(rng.sample(list(POINTS), rng.randint(4, 7)), key=order)
    subjects = SUBJECTS[stage]
    groups = [(g, sorted(rng.sample(codes, rng.randint(2, 3)), key=order)) for g in subjects]
    plan = plan_yml(name, codes, rng)
    team = [m["name"] for m in plan["team"]["members"]]
    files = {"school.yml": school_yml(sid, name, stage, teachers, rng), "plan.yml": plan,
             "training.yml": training_yml(name, groups, team, rng),
             "progress.yml": progress(rng, subjects, teachers)}
    # records from their own stream, so adding them left every other file as it was; every other
    # school keeps them under the seed school's own 科组考核 and 个人考核 (a third stream)
    scored = random.Random(f"{SEED}/{sid}/rubric") if int(sid.rsplit("-", 1)[-1]) % 2 else None
    files.update(make_records.records(random.Random(f"{SEED}/{sid}/records"), files["training.yml"], teachers,
                                      GUANGDONG_HOURS, scored))
    if rng.random() < 0.88:
        files.update({f"reviews/{k}": v for k, v in reviews(rng, name, district).items()})
    return files


def _district(d: int) -> tuple[str, str]:
    """District number d: its folder id and name."""
    slug, dname = DISTRICTS[d] if d < len(DISTRICTS) else (f"d{d + 1:02d}", f"示例{d + 1}区")
    return f"sample-{slug}", dname


def district_head(d: int) -> dict:
    """_district.yml of district number d."""
    did, dname = _district(d)
    return {"name": f"{dname}（示例）", "name_en": did.removeprefix("sample-").capitalize(),
            "description": f"**示例数据**：{dname}是为演示本站而虚构的城区，"
                           "区内学校及其资料均为生成的演示内容。",
            "sample": True}


def school_at(d: int, n: int, seed: int = SEED) -> dict[str, dict]:
    """Every file of school n of district d: path under content/ -> data, from the school's own stream."""
    did, dname = _district(d)
    sid = f"{did}-{n + 1:02d}"
    stem = STEMS[n] if n < len(STEMS) else f"第{n + 1}"
    files = school_files(random.Random(f"{seed}/{sid}"), sid, stem, dname)
    files.update(process_city.school_process(files, sid, dname, "foshan", seed))
    files.update(cycle_city.school_cycle(files, sid, seed))  # yearly reports, acceptance (a stream of its own)
    if d == 0:
        designate(files["school.yml"], n)
    return {f"{did}/{sid}/{rel}": data for rel, data in files.items()}


def district_files(d: int, seed: int = SEED) -> dict[str, dict]:
    """_district.yml, district-plan.yml and yearly.yml of district number d: path under content/ -> data."""
    did, dname = _district(d)
    plan = process_city.district_plan(did, dname, "foshan", seed)
    cycle = cycle_city.district_cycle(plan, did, dname, seed)
    return {f"{did}/_district.yml": district_head(d), **{f"{did}/{rel}": data for rel, data in cycle.items()}}


# ── above the school: designations, certification, the district's draw ─────────

DESIGNATED = {0: {"kind": "试点学校", "level": "市级", "by": "市能力提升工程办公室", "year": 2021},
              2: {"kind": "试点学校", "level": "区级", "by": "区教育局", "year": 2021},
              3: {"kind": "示范学校", "level": "市级", "by": "市能力提升工程办公室", "year": 2023}}
"""Pilot and model schools of the first sample district (seed 002 第四阶段 认证示范学校; seed 004 附件 3)."""
DRAWN_PER_DISTRICT = 3


def designate(school: dict, n: int) -> None:
    """The school's designations (schools 1, 3 and 4 of the district) and its certification totals:
    nine in ten teachers with the three micro-abilities, some with a fourth (no random draws)."""
    if n in DESIGNATED:
        school["designations"] = [{**DESIGNATED[n], "source": "示例数据：称号为虚构。"}]
    certified = school["teachers"] * 9 // 10
    school["certification"] = {"date": "2022-06-30", "teachers": certified,
                               "abilities": certified * 3 + school["teachers"] // 7,
                               "source": "示例数据：按培训平台认证结果汇总的全校数字（虚构）。"}


def district_draw(d: int, schools: int, seed: int) -> dict[str, dict]:
    """The first sample district's draw of its schools (seed 002 三（一）7 县普查校), made as
    `plansite sample --district … --seed … --count 3` makes it, with findings."""
    if d != 0 or not schools:
        return {}
    from generator.model.inspection import draw_units
    did, dname = _district(d)
    pool = [f"{did}-{n + 1:02d}" for n in range(schools)]
    drawn = draw_units(pool, did, seed, min(DRAWN_PER_DISTRICT, schools))
    findings = ["两案已备案，研修日程按计划推进；线下研修佐证材料齐全。",
                "教研组台账记录完整，个别教研组能力点总结上传滞后，已督促补齐。",
                "课例研磨扎实，建议把优秀课例整理为典型案例报送。"]
    return {f"{did}/reviews/school-draw-{seed}.yml": {
        "sample": True, "level": "district", "date": "2022-05-20", "body": f"{dname}能力提升工程办公室（示例）",
        "seed": seed, "pool": len(pool), "drawn": drawn,
        "method": f"编号排序后，random.Random(\"{did}:{seed}\").sample",
        "findings": [{"target": sid, "text": text} for sid, text in zip(drawn, findings)],
        "source": "示例数据；依据《信阳市中小学教师信息技术应用能力提升工程2.0实施方案》三（一）7：县普查校"}}


def city(districts: int = 3, schools: int = 10, seed: int = SEED) -> dict[str, dict]:
    """Every file of the sample city: path under content/ -> data. Each school has its own
    random stream, so adding schools leaves the others unchanged."""
    out: dict[str, dict] = {}
    for d in range(districts):
        out.update(district_files(d, seed))
        for n in range(schools):
            out.update(school_at(d, n, seed))
        out.update(district_draw(d, schools, seed))
    return out


def _generated(folder: Path) -> bool:
    marker = folder / "_district.yml"
    return marker.is_file() and MARK in marker.read_text(encoding="utf-8").splitlines(keepends=True)[:2]


def _clear(out: Path, tops) -> None:
    """Remove the district folders about to be written, refusing any this generator did not write."""
    for top in sorted(set(tops)):
        folder = out / top
        if folder.exists():
            if not _generated(folder):
                raise SystemExit(f"make_city: {folder} 不是生成的示例数据，拒绝覆盖 · not generated here, refusing to replace")
            shutil.rmtree(folder)


def _write_files(out: Path, files: dict[str, dict]) -> list[Path]:
    written, folders = [], set()
    for rel, data in sorted(files.items()):
        path = out / rel
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        path.write_text(file_text(rel, data), encoding="utf-8")
        written.append(path)
    return written


def write(out: Path, files: dict[str, dict]) -> list[Path]:
    """Write the files under out/, replacing only district folders this generator wrote."""
    _clear(out, (rel.split("/")[0] for rel in files))
    return _write_files(out, files)


SCHOOLS_PER_TASK = 25


def _write_schools(out: Path, d: int, first: int, last: int, seed: int) -> int:
    """Make and write schools first … last-1 of district d (one task of the pool); the number of files."""
    return sum(len(_write_files(out, school_at(d, n, seed))) for n in range(first, last))


def write_city(out: Path, districts: int = 3, schools: int = 10, seed: int = SEED, extra: dict | None = None,
               jobs: int | None = None) -> int:
    """Write the files of city(districts, schools, seed) and `extra` under out/, the same files as
    write() of them, without holding the city in memory: the schools are made and written by a pool
    of `jobs` processes (default: one per core), each school from its own random stream, so no file
    depends on which process made it or when. Returns the number of files written."""
    extra = extra or {}
    _clear(out, [_district(d)[0] for d in range(districts)] + [rel.split("/")[0] for rel in extra])
    heads = {}
    for d in range(districts):
        heads.update(district_files(d, seed))
        heads.update(district_draw(d, schools, seed))
    count = len(_write_files(out, {**heads, **extra}))
    tasks = [(d, first, min(first + SCHOOLS_PER_TASK, schools))
             for d in range(districts) for first in range(0, schools, SCHOOLS_PER_TASK)]
    jobs = jobs or (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    if jobs <= 1 or len(tasks) <= 1:
        return count + sum(_write_schools(out, *task, seed) for task in tasks)
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks))) as pool:
        return count + sum(pool.map(_write_schools, *zip(*[(out, *task, seed) for task in tasks])))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="生成示例城市（示例数据）· write a sample city")
    p.add_argument("--out", default="content", help="content 目录 · the content folder")
    p.add_argument("--districts", type=int, default=3)
    p.add_argument("--schools", type=int, default=10, help="每区学校数 · schools per district")
    p.add_argument("--seed", type=int, default=SEED)
    p.add_argument("--jobs", type=int, help="并行的进程数（默认每核一个）· processes writing schools (default: one per core)")
    p.add_argument("--no-profiles", action="store_true",
                   help="不写河南、烟台的示例区 · leave out the Henan and Yantai sample districts")
    p.add_argument("--progress-for", nargs="+", metavar="SCHOOL", type=Path,
                   help="只为这些已有的示例学校写 progress.yml · only write progress.yml for these sample schools")
    args = p.parse_args(argv)
    if args.progress_for:
        for folder in args.progress_for:
            path = folder / "progress.yml"
            if path.exists() and MARK not in path.read_text(encoding="utf-8").splitlines(keepends=True)[:2]:
                raise SystemExit(f"make_city: {path} 不是生成的，拒绝覆盖 · not generated here, refusing to replace")
            path.write_text(file_text("d/s/progress.yml", progress_for(folder, args.seed)), encoding="utf-8")
            print(f"已写入 {path} · wrote {path}")
        return 0
    from profile_city import profile_districts
    written = write_city(Path(args.out), args.districts, args.schools, args.seed,
                         extra={} if args.no_profiles else profile_districts(seed=args.seed), jobs=args.jobs)
    print(f"已写入 {written} 个文件 · wrote {written} files "
          f"({args.districts} × {args.schools} schools) to {args.out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
