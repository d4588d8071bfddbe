"""The table of rule codes: severity, message and hint in Chinese and English.

Codes are stable: CI configurations, documentation and schools' habits depend on them.
Messages are `str.format` templates filled from a diagnostic's params.
"""

from __future__ import annotations

from dataclasses import dataclass


class _Safe(dict):
    def __missing__(self, key):
        return "{" + key + "}"


@dataclass(frozen=True)
class Message:
    severity: str
    zh: str
    en: str
    hint_zh: str = ""
    hint_en: str = ""

    def render(self, part: str, lang: str, params: dict) -> str:
        if part == "message":
            template = self.en if lang == "en" else self.zh
        else:
            template = self.hint_en if lang == "en" else self.hint_zh
        from .shown import param
        return template.format_map(_Safe({k: param(v) for k, v in params.items()}))


def _m(severity, zh, en, hint_zh="", hint_en=""):
    return Message(severity, zh, en, hint_zh, hint_en)


MESSAGES: dict[str, Message] = {
    # --- files and YAML -------------------------------------------------------------
    "FILE-ENCODING": _m(
        "error",
        "文件不是 UTF-8 编码（第 {line} 行附近出现无法识别的字节{guess}）",
        "The file is not UTF-8 (undecodable bytes near line {line}{guess_en})",
        "请用编辑器把文件“另存为 UTF-8”后再提交（Windows 记事本：另存为 → 编码选 UTF-8）。",
        "Save the file as UTF-8 in your editor and commit it again.",
    ),
    "FILE-BOM": _m(
        "warning",
        "文件开头有 BOM 标记（EF BB BF），已忽略",
        "The file starts with a byte-order mark, which was ignored",
        "请保存为“UTF-8 无 BOM”。",
        "Save the file as UTF-8 without BOM.",
    ),
    "FILE-TOO-LARGE": _m(
        "error",
        "文件过大（{size} 字节，上限 {limit} 字节），未读取",
        "The file is too large ({size} bytes, limit {limit}); it was not read",
        "两案内容不应如此之大；请检查是否误放了其他文件。",
        "Plan files are never this large; check that the right file was committed.",
    ),
    "FILE-UNREADABLE": _m(
        "error",
        "无法读取文件：{reason}",
        "The file cannot be read: {reason}",
        "检查文件是否存在、是否有读取权限。",
        "Check that the file exists and is readable.",
    ),
    "FILE-MISSING": _m(
        "error",
        "缺少文件 {name}",
        "The file {name} is missing",
        "{hint_zh}",
        "{hint_en}",
    ),
    "FILE-OUTSIDE": _m(
        "error",
        "路径 {target} 不在允许的目录内",
        "The path {target} lies outside the allowed folder",
        "只能使用 content 文件夹以内的文件与链接（本校资料放在本校文件夹中），不要用符号链接或“../”指向外面。",
        "Use only files and links inside the content folder (a school's material in its own folder); no symbolic links or '../' leading out.",
    ),
    "FILE-IGNORED": _m(
        "info",
        "{kind}没有读取：{why}",
        "The {kind_en} was not read: {why_en}",
        "需要发布的内容请放在不以“.”开头的文件夹中，并使用约定的文件名（school.yml、plan.yml、training.yml 等）。",
        "Put what should be published in folders whose names do not start with '.', under the agreed file names.",
    ),
    "YAML-SYNTAX": _m(
        "error",
        "YAML 格式错误：{problem}",
        "YAML syntax error: {problem_en}",
        "检查这一行及上一行的缩进、冒号后的空格和引号是否成对。",
        "Check the indentation, the space after each colon and that quotes are paired on this line and the one before.",
    ),
    "YAML-DUPLICATE-KEY": _m(
        "error",
        "键“{key}”重复出现（第一次在第 {first} 行）",
        "The key '{key}' appears twice (first on line {first})",
        "同一层级的键只能写一次；请合并两处内容或删除其中一处。",
        "A key may appear once per mapping; merge the two entries or delete one.",
    ),
    "YAML-ALIAS": _m(
        "error",
        "不支持 YAML 锚点与别名（& 和 *）",
        "YAML anchors and aliases (& and *) are not supported",
        "请直接写出内容，不要用 & 和 * 引用。",
        "Write the content out in full instead of referring to it with & and *.",
    ),
    "YAML-AMBIGUOUS": _m(
        "warning",
        "“{value}”在部分 YAML 解析器中会被读成{meaning}",
        "'{value}' would be read as {meaning_en} by some YAML parsers",
        "请加引号，写成 \"{value}\"。",
        "Quote it: \"{value}\".",
    ),
    "YAML-NOT-MAPPING": _m(
        "error",
        "文件顶层应是“键: 值”的映射，实际是{found}",
        "The top level of the file must be a mapping of keys to values, found {found_en}",
        "参照模板，从“键: 值”开始写。",
        "Start from the template: the file begins with 'key: value' lines.",
    ),
    # --- structure (pydantic) ----------------------------------------------------------
    "SCHEMA-UNKNOWN-KEY": _m(
        "error",
        "未知的字段“{key}”{suggest}",
        "Unknown field '{key}'{suggest_en}",
        "可用的字段：{allowed}",
        "Allowed fields: {allowed}",
    ),
    "SCHEMA-MISSING-FIELD": _m(
        "error",
        "缺少必填字段“{key}”",
        "The required field '{key}' is missing",
        "请补上“{key}”（{description}）。",
        "Add '{key}' ({description_en}).",
    ),
    "SCHEMA-TYPE": _m(
        "error",
        "“{key}”的值类型不对：应为{expected}，实际是{found}",
        "The value of '{key}' has the wrong type: expected {expected_en}, found {found_en}",
        "{hint_zh}",
        "{hint_en}",
    ),
    "SCHEMA-VALUE": _m(
        "error",
        "“{key}”的值不符合要求：{problem}",
        "The value of '{key}' is not valid: {problem_en}",
        "{hint_zh}",
        "{hint_en}",
    ),
    # --- privacy -----------------------------------------------------------------------
    "PRIVACY-PHONE": _m(
        "error",
        "内容中出现电话号码（{masked}），联系方式不得公开",
        "A phone number ({masked}) appears in the content; contact details are never published",
        "删除电话号码；需要联系学校时请通过项目办的内部渠道。",
        "Delete the phone number; contacts go through the project office's internal channels.",
    ),
    "PRIVACY-EMAIL": _m(
        "error",
        "内容中出现电子邮箱（{masked}），联系方式不得公开",
        "An e-mail address ({masked}) appears in the content; contact details are never published",
        "删除电子邮箱地址。",
        "Delete the e-mail address.",
    ),
    "PRIVACY-ID": _m(
        "error",
        "内容中出现身份证号码（{masked}），个人证件号码不得公开",
        "An ID number ({masked}) appears in the content; ID numbers are never published",
        "删除身份证号码。",
        "Delete the ID number.",
    ),
    "PRIVACY-FIELD": _m(
        "error",
        "字段“{key}”是个人联系方式，不能写入公开内容",
        "The field '{key}' holds personal contact details, which are never published",
        "删除这个字段；管理团队只需写姓名、职务、职称和分工。",
        "Delete this field; the team needs only name, post, title and role.",
    ),
    # --- policy files --------------------------------------------------------------------
    "POLICY-UNKNOWN-PROFILE": _m(
        "error",
        "找不到政策配置“{name}”",
        "No profile named '{name}'",
        "可用的配置：{available}",
        "Available profiles: {available}",
    ),
    "POLICY-UNKNOWN-CATALOG": _m(
        "error",
        "政策配置引用的能力点目录“{name}”不存在",
        "The profile refers to a capability catalog '{name}' that does not exist",
        "可用的目录：{available}",
        "Available catalogs: {available}",
    ),
    "POLICY-CATALOG": _m(
        "error",
        "能力点目录有误：{problem}",
        "The capability catalog is invalid: {problem_en}",
        "检查 schemas/catalogs/ 下的文件。",
        "Check the files under schemas/catalogs/.",
    ),
    # --- site and school folders ------------------------------------------------------
    "SITE-DUPLICATE-ID": _m(
        "error",
        "学校编号“{id}”重复（另见 {other}）",
        "The school id '{id}' is used twice (see also {other})",
        "每所学校的 id 必须唯一。",
        "Every school needs a unique id.",
    ),
    "SITE-ID-MISMATCH": _m(
        "warning",
        "学校编号“{id}”与文件夹名“{folder}”不一致",
        "The school id '{id}' differs from its folder name '{folder}'",
        "建议让 id 与文件夹名相同，便于查找。",
        "Use the folder name as the id so that both are easy to find.",
    ),
    # --- plan sections -----------------------------------------------------------------
    "PLAN-SECTION-MISSING": _m(
        "error",
        "{doc}缺少必需的部分“{section_zh}”（{section}）",
        "The {doc_en} lacks the required section '{section_en}' ({section})",
        "按模板补写“{section_zh}”：{what}",
        "Add the section '{section_en}' as in the template: {what_en}",
    ),
    "PLAN-SECTION-EMPTY": _m(
        "error",
        "{doc}的“{section_zh}”（{section}）是空的",
        "The section '{section_en}' ({section}) of the {doc_en} is empty",
        "按模板填写“{section_zh}”：{what}",
        "Fill in '{section_en}' as in the template: {what_en}",
    ),
    "PLAN-SWOT-MISSING": _m(
        "error",
        "发展规划缺少 SWOT 分析（swot）",
        "The development plan has no SWOT analysis (swot)",
        "按优势（strengths）、劣势（weaknesses）、机会（opportunities）、威胁（threats）四项分析学校信息化现状。",
        "Analyse the school's current state as strengths, weaknesses, opportunities and threats.",
    ),
    "PLAN-SWOT-EMPTY": _m(
        "error",
        "SWOT 分析的“{quadrant_zh}”（{quadrant}）是空的",
        "The SWOT quadrant '{quadrant_en}' ({quadrant}) is empty",
        "至少写一条{quadrant_zh}；可从“现状”与“存在的问题”中提炼。",
        "Write at least one {quadrant_en}; the current state and the problems are good sources.",
    ),
    "PLAN-SWOT-THIN": _m(
        "warning",
        "SWOT 分析的“{quadrant_zh}”（{quadrant}）是空的",
        "The SWOT quadrant '{quadrant_en}' ({quadrant}) is empty",
        "建议补充{quadrant_zh}，使分析完整（烟台细则 C2 要求全面评估现状）。",
        "Consider adding {quadrant_en} to make the analysis complete (Yantai C2 asks for a full assessment).",
    ),
    "PLAN-TEAM-SIZE": _m(
        "error",
        "管理团队有 {size} 人，{profile}要求 {min}–{max} 人",
        "The management team has {size} member(s); {profile_en} requires {min}–{max}",
        "管理团队应由校长领衔，教学主任、信息技术骨干教师等组成。",
        "The team is led by the principal, with the head of teaching and IT-skilled teachers.",
    ),
    "PLAN-TEAM-UNNAMED": _m(
        "warning",
        "管理团队点名的只有 {size} 人，其余成员原文只作描述（{unnamed}），无法判断团队是否为 {min}–{max} 人",
        "The management team names only {size} member(s) and only describes the others ({unnamed}); "
        "whether it has {min}–{max} members cannot be decided",
        "原文列出了其余成员的姓名时，把他们写进 members；原文没有列出时保留 unnamed，不要补写原文没有的人。",
        "If the source names the other members, list them under members; if it does not, keep unnamed "
        "and add no one the source does not name.",
    ),
    "PLAN-TEAM-LEAD": _m(
        "error",
        "管理团队不是由{lead}领衔",
        "The management team is not led by the {lead_en}",
        "把{lead}列为团队第一人，并写 lead: true。",
        "List the {lead_en} first in the team with lead: true.",
    ),
    # --- capability points ----------------------------------------------------------------
    "CHECK-NOT-MET": _m(
        "warning",
        "机器核对“{name}”不符合：缺少 {missing}",
        "The cross-check '{name_en}' is not met: missing {missing_en}",
        "站点的评分页会把这一项标为“不符合”；按缺少的内容补充两案。",
        "The site's score page marks this check as not met; add what is missing to the plans.",
    ),
    "CAP-UNKNOWN-CODE": _m(
        "error",
        "能力点代码“{code}”不在目录《{catalog}》中",
        "The capability code '{code}' is not in the catalog '{catalog}'",
        "{suggest}可用代码：{available}",
        "{suggest_en}Available codes: {available}",
    ),
    "CAP-NAME-DRIFT": _m(
        "warning",
        "能力点 {code} 的名称“{name}”与目录中的“{expected}”不一致",
        "The name '{name}' of capability point {code} differs from the catalog's '{expected}'",
        "按目录写作“{expected}”。",
        "Write it as in the catalog: '{expected}'.",
    ),
    "CAP-SCHOOL-DIMENSIONS": _m(
        "error",
        "学校提供的能力点只覆盖 {found} 个维度（{dims}），{profile}要求至少 {min} 个",
        "The school's capability points cover {found} dimension(s) ({dims}); {profile_en} requires at least {min}",
        "从更多维度（学情分析、教学设计、学法指导、学业评价）中选择能力点。",
        "Choose points from more dimensions (analysis, design, guidance, assessment).",
    ),
    "CAP-SCHOOL-COUNT": _m(
        "error",
        "学校选定 {found} 个能力点，{profile}要求 {min}–{max} 个",
        "The school selected {found} capability point(s); {profile_en} requires {min}–{max}",
        "调整研修的关键能力点数量。",
        "Adjust the number of key capability points.",
    ),
    "CAP-SCHOOL-ENVIRONMENTS": _m(
        "error",
        "学校选定的能力点只覆盖 {found} 类教学环境，{profile}要求至少 {min} 类",
        "The selected points cover {found} teaching environment(s); {profile_en} requires at least {min}",
        "兼顾多媒体、混合、智慧三类教学环境。",
        "Consider the multimedia, blended and smart environments.",
    ),
    "CAP-GROUP-COUNT": _m(
        "error",
        "“{group}”只选了 {found} 个能力点，{profile}要求每位教师至少 {min} 个",
        "'{group}' selected {found} point(s); {profile_en} requires at least {min} per teacher",
        "每个学科组至少选择 {min} 个能力点。",
        "Each subject group needs at least {min} points.",
    ),
    "CAP-GROUP-DIMENSIONS": _m(
        "error",
        "“{group}”没有覆盖学校提供的维度：{missing}",
        "'{group}' does not cover the dimensions the school offers: {missing_en}",
        "{profile}要求每个维度至少选 1 个能力点。",
        "{profile_en} requires at least one point per dimension offered.",
    ),
    "CAP-UNVERIFIED": _m(
        "info",
        "能力点 {codes} 在目录中没有记载维度，无法核对维度要求",
        "The catalog records no dimension for {codes}; dimension rules cannot be checked for them",
        "项目办可在 schemas/catalogs/ 中补全目录（附出处）。",
        "The project office can complete the catalog in schemas/catalogs/ (with its source).",
    ),
    # --- dates, calendar, phases -----------------------------------------------------------
    "DATE-INVALID": _m(
        "error",
        "无法识别的日期“{value}”",
        "Unrecognised date '{value}'",
        "可写作“2020 年 9 月上旬”“2021年3月下旬”“2021 年 5 月”“2020.9-2021.8”或“2020-09-01”。",
        "Write it like '2020 年 9 月上旬', '2021 年 5 月', '2020.9-2021.8' or '2020-09-01'.",
    ),
    "DATE-INCOMPLETE": _m(
        "error",
        "日期“{value}”不完整：{problem}",
        "The date '{value}' is incomplete: {problem_en}",
        "补全上旬、中旬或下旬，或只写到月份（如“2021 年 1 月”）。",
        "Complete it with 上旬, 中旬 or 下旬, or give the month only (e.g. '2021 年 1 月').",
    ),
    "CAL-FIELD-MISSING": _m(
        "error",
        "研修计划第 {row} 行缺少“{field_zh}”（{field}）",
        "Row {row} of the calendar lacks '{field_en}' ({field})",
        "{profile}要求每行写明：{required}",
        "{profile_en} requires each row to give: {required_en}",
    ),
    "CAL-ORDER": _m(
        "error",
        "研修计划第 {row} 行（{value}）早于上一行（{previous}），顺序颠倒",
        "Calendar row {row} ({value}) comes before the row above it ({previous})",
        "按时间先后排列研修活动。",
        "List activities in date order.",
    ),
    "CAL-OUT-OF-PERIOD": _m(
        "error",
        "研修计划第 {row} 行的时间“{value}”不在方案周期 {period} 内",
        "Calendar row {row} ({value}) lies outside the plan period {period}",
        "核对年份，或调整方案周期（period）。",
        "Check the year, or the plan period.",
    ),
    "PHASE-ORDER": _m(
        "error",
        "阶段“{name}”结束（{end}）早于开始（{start}）",
        "The phase '{name}' ends ({end}) before it starts ({start})",
        "核对起止年份和月份。",
        "Check the start and end year and month.",
    ),
    "PHASE-OVERLAP": _m(
        "warning",
        "阶段“{name}”在上一阶段结束（{previous_end}）之前开始（{start}）",
        "The phase '{name}' starts ({start}) before the previous one ends ({previous_end})",
        "核对各阶段的起止时间。",
        "Check the dates of the phases.",
    ),
    "PERIOD-MISSING": _m(
        "warning",
        "无法确定方案周期，未核对日期范围",
        "The plan period is unknown, so dates were not checked against it",
        "在 plan.yml 写 period: {{start: \"2020.9\", end: \"2023.8\"}}，或写出各阶段的起止时间。",
        "Give period: {{start: \"2020.9\", end: \"2023.8\"}} in plan.yml, or dates for each phase.",
    ),
    # --- assessment tables ----------------------------------------------------------------
    "RUBRIC-POINTS-NOT-NUMBER": _m(
        "error",
        "考核表“{table}”第 {item} 项的分值“{value}”不是数字",
        "Item {item} of the table '{table}' has points '{value}', which is not a number",
        "分值只写数字，例如 10。",
        "Points are a number only, e.g. 10.",
    ),
    "RUBRIC-TOTAL-MISMATCH": _m(
        "error",
        "考核表“{table}”各项分值合计 {sum}，与总分 {total} 不符",
        "The items of the table '{table}' add up to {sum}, not its total of {total}",
        "核对各项分值或总分。",
        "Check the items' points or the total.",
    ),
    "RUBRIC-SCORE-RANGE": _m(
        "error",
        "考核表“{table}”第 {item} 项的得分 {score} 超出 0–{points}",
        "Item {item} of the table '{table}' is scored {score}, outside 0–{points}",
        "得分不能为负，也不能超过该项分值。",
        "A score lies between 0 and the item's points.",
    ),
    # --- build (plansite build) ------------------------------------------------------
    "BUILD-BROKEN-LINKS": _m(
        "error",
        "生成的页面中有 {count} 个站内链接指向不存在的文件：\n{links}",
        "{count} internal link(s) in the built pages point to no file:\n{links}",
        "检查 Markdown 中的相对链接与图片路径；站内链接须指向本站生成的页面。",
        "Check relative links and image paths in the Markdown; internal links must point to built pages.",
    ),
    "BUILD-INDEX-FAILED": _m(
        "error",
        "建立搜索索引失败，未更新站点：{problem}",
        "The search index could not be built; the site was not updated: {problem}",
        "确认已安装 pagefind[extended]（pip install 'pagefind[extended]'）。",
        "Make sure pagefind[extended] is installed (pip install 'pagefind[extended]').",
    ),
    # --- progress.yml (seed 001 ledger, counts) ----------------------------------------
    "PROGRESS-OFFLINE-HOURS": _m(
        "error",
        "线下活动“{title}”记 {hours} 学时，超过上限 {max} 学时",
        "The offline activity '{title}' records {hours} hours, above the maximum of {max}",
        "{profile}：线下活动的学时由组长设定，最高 {max} 学时；超出的活动请拆分为多次活动分别记录。",
        "{profile_en}: the leader sets an offline activity's hours, at most {max}; split a longer one into several.",
    ),
    "PROGRESS-OFFLINE-EVIDENCE": _m(
        "error",
        "线下活动“{title}”没有佐证材料（evidence）",
        "The offline activity '{title}' lists no evidence",
        "线下活动由组长上传佐证材料后才算完成，如照片、研讨记录、评课表；在 evidence 下逐项列出。",
        "An offline activity counts once its leader uploads evidence (photos, minutes, review forms); list it under evidence.",
    ),
    "PROGRESS-FIXED-HOURS": _m(
        "error",
        "{type}“{title}”记 {hours} 学时，而{type}固定为 {fixed} 学时",
        "The {type} activity '{title}' records {hours} hours; this type always earns {fixed}",
        "{profile}：{type}为固定学时，删去 hours 或改为 {fixed}。",
        "{profile_en}: delete hours or write {fixed}.",
    ),
    "PROGRESS-NO-HOURS": _m(
        "error",
        "{type}“{title}”没有写学时（hours）",
        "The {type} activity '{title}' gives no hours",
        "写明组长设定的学时，如 hours: 4。",
        "Give the hours the leader set, e.g. hours: 4.",
    ),
    "PROGRESS-NOT-MEMBER": _m(
        "error",
        "“{id}”出现在{where}中，但不是“{group}”的成员",
        "'{id}' appears in the {where_en} but is not a member of '{group}'",
        "把 {id} 加入该组的 members，或更正编号。",
        "Add {id} to the group's members, or correct the id.",
    ),
    "PROGRESS-MEMBER-ID": _m(
        "error",
        "成员编号“{id}”不是匿名编号：{problem}",
        "The member id '{id}' is not anonymous: {problem_en}",
        "台账公开发布，只写匿名编号（如 T01、YW-03），不写教师姓名；编号与姓名的对照表留在学校内部。",
        "The ledger is published: use anonymous ids such as T01 or YW-03, never names; keep the list of who is who inside the school.",
    ),
    "PROGRESS-COUNT-EXCEEDS": _m(
        "error",
        "{date} 的{field_zh}（{field}）{value} 人，多于{other_zh}（{other}）{limit} 人",
        "On {date}, {field} ({value}) exceeds {other} ({limit})",
        "核对人数：完成、考核人数不能超过教师总数，合格人数不能超过考核人数。",
        "Check the counts: completed and assessed cannot exceed teachers, passed cannot exceed assessed.",
    ),
    "PROGRESS-FUTURE-DATE": _m(
        "warning",
        "日期“{value}”晚于构建日期 {today}",
        "The date '{value}' is after the build date {today}",
        "进展只记录已经发生的活动和已统计的人数；核对年份，或在活动完成后再记录。",
        "Progress records what has happened; check the year, or record the activity once it has taken place.",
    ),
    # --- targets (site.yml) ---------------------------------------------------------------
    "TARGET-SHARES": _m(
        "error",
        "逐年培训目标有误：{problem}",
        "The yearly training targets are inconsistent: {problem_en}",
        "annual（逐年）各年比例之和不超过 100%；cumulative（累计）逐年不减；年份按先后排列、不重复。",
        "Annual shares add up to at most 100 %; cumulative shares never fall; list each year once, in order.",
    ),
    # --- rubric files (schemas/rubrics) -------------------------------------------------
    "POLICY-UNKNOWN-RUBRIC": _m(
        "error",
        "找不到评分细则“{name}”",
        "No rubric named '{name}'",
        "可用的细则：{available}。细则文件放在 schemas/rubrics/，编号与文件名相同。",
        "Available rubrics: {available}. Rubric files live in schemas/rubrics/, named by their id.",
    ),
    "RUBRIC-FILE-SUM": _m(
        "error",
        "{what}的下级分值合计 {sum}，与它的分值 {points} 不符",
        "The parts of {what_en} add up to {sum}, not its {points} points",
        "核对各下级项目的分值，或上级项目（总分）的分值。",
        "Check the points of the sub-items, or of the item (or total) above them.",
    ),
    "RUBRIC-FILE-DUPLICATE": _m(
        "error",
        "项目编号 {code} 重复（第一次在第 {first} 行）",
        "The item code {code} appears twice (first on line {first})",
        "同一细则内每个编号只能用一次，评分时才能对上号。",
        "Each code is used once per rubric, so that scores can name their item.",
    ),
    "RUBRIC-FILE-BASE": _m(
        "error",
        "基础项 {code} 不是本细则中的项目",
        "The base item {code} is not an item of this rubric",
        "base_items 只列本文件 items 中出现的编号，例如 [A1, A2, A3]。",
        "List in base_items only codes found in this file's items, e.g. [A1, A2, A3].",
    ),
    "RUBRIC-FILE-GRADES": _m(
        "error",
        "等次的最低分（{mins}）有误：须各不相同、最低一档为 0、都不超过总分 {total}",
        "The grade bands' minimums ({mins}) are invalid: they must differ, start at 0 and not exceed the total {total}",
        "例如 优秀 90、合格 80、不合格 0；出处没有等次时写 grades: []。",
        "For example 优秀 90, 合格 80, 不合格 0; write grades: [] where the source sets none.",
    ),
    "RUBRIC-FILE-CHECK": _m(
        "error",
        "项目 {code} 的机器核对设置有误：{problem}",
        "The cross-check of item {code} is invalid: {problem_en}",
        "核对项与参数见用户指南的“机器核对”一节。",
        "See the guide's section on cross-checks for the ids and their parameters.",
    ),
    # --- self-scores and expert scores ----------------------------------------------------
    "SCORE-NO-RUBRIC": _m(
        "error",
        "不知道按哪套评分细则打分：文件没有写 rubric，{profile}也没有指定细则",
        "No rubric to score against: the file names none and {profile_en} sets none",
        "在 selfscore.yml 写 rubric: 细则编号（可用：{available}）。",
        "Name one in selfscore.yml with rubric: <id> (available: {available}).",
    ),
    "SCORE-UNKNOWN-ITEM": _m(
        "error",
        "评分项“{code}”不在细则《{rubric}》中{suggest}",
        "The item '{code}' is not in the rubric '{rubric}'{suggest_en}",
        "按细则中最末一级项目的编号打分（如烟台细则的 C1–C29）。",
        "Score the leaf items of the rubric by their codes (e.g. C1–C29 in Yantai's).",
    ),
    "SCORE-PARENT-ITEM": _m(
        "error",
        "“{code} {name}”的得分由下级项目 {children} 相加得出，不能直接打分",
        "'{code} {name}' is the sum of its sub-items {children}; it cannot be scored directly",
        "改为给 {children} 逐项打分；合计由 plansite 计算。",
        "Score {children} one by one instead; plansite adds them up.",
    ),
    "SCORE-DUPLICATE-ITEM": _m(
        "error",
        "评分项 {code} 打了两次分（第一次在第 {first} 行）",
        "The item {code} is scored twice (first on line {first})",
        "每项只打一次分；删去其中一处。",
        "Score each item once; delete one of the two.",
    ),
    "SCORE-RANGE": _m(
        "error",
        "{code} {name} 的得分 {score} 超出 0–{points}",
        "{code} {name} is scored {score}, outside 0–{points}",
        "得分不能为负，也不能超过该项分值 {points}。",
        "A score lies between 0 and the item's {points} points.",
    ),
    "SCORE-MISSING-ITEM": _m(
        "error",
        "细则《{rubric}》有 {count} 项没有打分：{codes}",
        "{count} item(s) of the rubric '{rubric}' are not scored: {codes}",
        "每一项都要打分（不得分的写 score: 0）；全部打分后才能算出总分和等次。",
        "Score every item (write score: 0 where none is earned); the total and grade need all of them.",
    ),
    "SCORE-EVIDENCE-MISSING": _m(
        "error",
        "{code} {name} 自评 {score} 分，但没有附证明材料（evidence）",
        "{code} {name} is self-scored {score} but cites no evidence",
        "该项的考核方式是“{method}”。在 evidence 下列出本校文件夹内的文件（如 plan.yml）或 http(s) 链接。",
        "The item is assessed by: {method}. List files inside the school's folder (e.g. plan.yml) or http(s) links under evidence.",
    ),
    "SCORE-EVIDENCE-NOT-FOUND": _m(
        "error",
        "证明材料“{path}”不存在",
        "The evidence file '{path}' does not exist",
        "路径相对于本校文件夹，例如 evidence/动员会.md；检查拼写，并把文件一并提交。",
        "Paths are relative to the school's folder, e.g. evidence/kickoff.md; check the spelling and commit the file too.",
    ),
    "SCORE-EVIDENCE-LINK": _m(
        "error",
        "证明材料“{value}”既不是 http(s) 链接，也不是本校文件夹内的路径",
        "The evidence '{value}' is neither an http(s) link nor a path inside the school's folder",
        "只能写 http:// 或 https:// 开头的链接，或本校文件夹内的文件路径。",
        "Use a link starting with http:// or https://, or a path inside the school's folder.",
    ),
    "SCORE-TOTAL-MISMATCH": _m(
        "error",
        "填写的总分 {typed} 与各项得分之和 {computed} 不符",
        "The total given, {typed}, differs from the sum of the item scores, {computed}",
        "总分由 plansite 计算，可以删去 total；若保留，须与计算结果一致。",
        "plansite computes the total: delete total, or make it agree.",
    ),
    "SCORE-GRADE-MISMATCH": _m(
        "error",
        "填写的等次“{typed}”与计算结果“{computed}”不符{why}",
        "The grade given, '{typed}', differs from the computed '{computed}'{why_en}",
        "等次由总分和基础项计算，可以删去 grade；若保留，须与计算结果一致。",
        "plansite computes the grade from the total and the base items: delete grade, or make it agree.",
    ),
    "SCORE-UNSUPPORTED": _m(
        "warning",
        "{code} {name} 自评 {score} 分，但两案中找不到依据：{missing}",
        "{code} {name} is self-scored {score}, but the plans do not support it: {missing_en}",
        "在 {file} 中补上所缺内容，或按计分办法降低该项自评分。",
        "Add what is missing to {file}, or lower the self-score as the rubric's scoring rule says.",
    ),
    "BUILD-TEMPLATE": _m(
        "error",
        "主题模板出错：{problem}",
        "A theme template failed: {problem}",
        "检查这个模板文件的这一行；若改过主题，可先删去站点自己的 themes/ 改用自带主题。",
        "Check this line of the template; if you changed the theme, remove the site's own themes/ to use the built-in one.",
    ),
}
