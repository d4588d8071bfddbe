"""The sections of the two plans, by file: what each is called and what it holds (seed 000)."""

# section key -> (Chinese name, English name, what to write)
SECTIONS = {
    "plan.yml": {
        "team": ("信息化管理团队", "management team", "成员的姓名、职务、分工，由校长领衔", "members with post and role, led by the principal"),
        "status": ("信息化教育教学应用现状", "current state", "学情分析、教学设计、学法指导、学业评价、融合创新五个方面的现状", "the state in the five aspects"),
        "problems": ("对标应用模式存在的问题", "problems against the mode", "对照所选应用模式，学校存在的问题", "the gaps against the chosen mode"),
        "swot": ("SWOT 分析", "SWOT analysis", "优势、劣势、机会、威胁", "strengths, weaknesses, opportunities, threats"),
        "vision": ("三年发展愿景", "three-year vision", "学校三年后的样子", "where the school will be in three years"),
        "goals": ("一年绩效目标", "one-year goals", "具体、可操作的目标，至少一条与教师信息技术应用能力相关", "concrete goals, one tied to teachers' IT capability"),
        "tasks": ("主要任务", "main tasks", "为实现目标要做的工作", "the work that reaches the goals"),
        "safeguards": ("保障措施", "safeguards", "组织、制度、经费、激励", "organisation, rules, budget, incentives"),
        "capabilities": ("教师信息技术应用能力建设情况", "capability status", "各能力点的现状与问题（能力点代码）", "the state of each capability point (with its code)"),
        "phases": ("三年实施安排", "three-year arrangement", "各阶段的起止时间、目标与任务", "each phase's dates, goals and tasks"),
        "infrastructure": ("教育信息化建设概况", "infrastructure", "硬件与软件建设情况", "hardware and software"),
    },
    "training.yml": {
        "goals": ("研修目标", "training goals", "本次校本研修的主要目标", "the aims of the school-based training"),
        "tasks": ("主要任务", "main tasks", "学校整体研修活动设计", "the design of the school's training activities"),
        "key_points": ("关键能力点", "key capability points", "分学科列出研修的能力点和负责人", "points and leads per subject group"),
        "calendar": ("校本研修计划", "training calendar", "每项活动的时间、内容、主持人、参与人、形式、地点", "time, content, host, participants, form, place of each activity"),
        "assessment": ("考核方案", "assessment", "考核表：项目、评分要点、分值", "tables of items, criteria and points"),
        "safeguards": ("质量保障", "quality safeguards", "组织、制度、激励、经费保障", "organisation, rules, incentives, budget"),
    },
}
