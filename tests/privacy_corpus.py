"""Every spelling of a phone number or e-mail address that once passed check and was published.

Each case is (name, Markdown text, what must never appear in any output: the digits of the
number, or the e-mail's local part and domain). Tests of check, build, imports and review reuse
this one list.
"""

from __future__ import annotations

import html

# the sixteen spellings (#24), each with its own number so that a leak names its case
CASES: list[tuple[str, str, str]] = [
    ("strong", "联系电话 138**0000**0001，欢迎来电。", "13800000001"),
    ("em", "联系电话 138*0000*0002，欢迎来电。", "13800000002"),
    ("table", "| 姓名 | 电话 | 号段 | 尾号 |\n|---|---|---|---|\n| 张三 | 138 | 0000 | 0003 |", "13800000003"),
    ("spaced-dash", "联系电话 138 - 0000 - 0011。", "13800000011"),
    ("slash", "联系电话 138/0000/0013。", "13800000013"),
    ("entities", "联系电话 &#49;&#51;&#56;&#48;&#48;&#48;&#48;&#48;&#48;&#49;&#52;。", "13800000014"),
    ("escaped-dash", "联系电话 138\\-0000\\-0015。", "13800000015"),
    ("code-spans", "联系电话 `138` `0000` `0017`。", "13800000017"),
    ("link-text", "联系电话 [138](#x)[0000](#y)[0019](#z)。", "13800000019"),
    ("brackets", "联系电话 (138)0000-0021。", "13800000021"),
    ("dunhao", "联系电话 138、0000、0023。", "13800000023"),
    ("at-brackets", "邮箱 li [at] example.com", "li@example.com"),
    ("hash", "邮箱 li#example.com", "li@example.com"),
    ("at-parens", "邮箱 li(at)example.com", "li@example.com"),
    ("at-dot-words", "邮箱 li at example dot com", "li@example.com"),
    ("at-entity", "邮箱 li&#64;example.com", "li@example.com"),
    # found in the acceptance pass: raw HTML is shown as text, and a reader skips its tags
    ("span-tags", "联系电话 138<span>0000</span>0034。", "13800000034"),
    ("html-comments", "联系电话 138<!-- x -->0000<!-- y -->0035。", "13800000035"),
    ("sup-tags", "联系电话 1<sup>38</sup>00000043。", "13800000043"),
]

# what the site must publish as it is: dates, school ids, hours, capability codes, years
ORDINARY = [
    "2021-03-15 至 2021-06-30", "2021.9-2022.8", "学校代码 4419001234", "共 50 学时，其中 25 学时线上",
    "能力点 A1、A3、B2、G4", "2021 年、2022 年、2023 年", "| 2021 | 2022 | 2023 |\n|---|---|---|\n| 12 | 18 | 20 |",
    "第 1 / 3 / 5 周", "（2021）第 3 号", "C# 编程入门", "在 at 教室开展研讨", "课时 1 - 2 - 3",
    "| 序号 | 学时 |\n|---|---|\n| 1 | 3 |\n| 2 | 8 |",
    # counts and years side by side are grouped as 138 | 1234 | 5678 is: the table does not speak of a phone
    "| 教师数 | 学生数 | 年份 |\n|---|---|---|\n| 135 | 2100 | 2021 |",
    "| 序号 | 年份 | 学时 |\n|---|---|---|\n| 001 | 2021 | 1000 |", "| 区号 | 年份 | 人数 |\n|---|---|---|\n| 020 | 2021 | 1000 |",
    "编号 010/120/3000",
]


def leaked(text: str, secret: str) -> bool:
    """True if text shows the secret: the digit run of a number, or an e-mail's two halves together.

    Entities are decoded first (twice: a page escapes the & of an entity written in a plan).
    """
    text = html.unescape(html.unescape(text))
    if "@" in secret:
        local, domain = secret.split("@")
        squeezed = "".join(text.split()).lower()
        return f"{local}@{domain}" in squeezed or f"{local}#{domain.split('.')[0]}" in squeezed \
            or (f"{local}[at]" in squeezed or f"{local}(at)" in squeezed or f"{local}at{domain.split('.')[0]}"
                in squeezed) or "li&#64;" in squeezed
    return secret in "".join(ch for ch in text if ch.isdigit())
