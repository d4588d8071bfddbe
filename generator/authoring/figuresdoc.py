"""Write the user guide's page 数字的口径 (docs/figures.md) from the figures' definitions.

The definitions are data (generator/core/data/figures.yml, read by generator/model/facts.py);
`plansite schema` writes this page with the JSON Schemas and the field reference, and a test
keeps the committed page equal to what this module makes.
"""

from __future__ import annotations

from ..model.facts import Figure, figures

HEAD = """# 数字的口径

本页由 `plansite schema` 从 `generator/core/data/figures.yml` 生成，请勿手改 · generated from the
figures' definitions; do not edit by hand.

站点上的每个数字——学校页、区与全市的进展看板、CSV/JSON 下载、评分卡、检查的诊断——都由同一个函数计算，
按这里的口径计数。看板上每个数字旁写明它的来源；两份记录说同一件事（研修活动台账与教师研修记录）时，
以政策配置 `sources` 指定的一份为准，不一致的教师由检查报告（`PROGRESS-RECORDS-DISAGREE`）。

比例保留一位小数，多出的位数舍去而不是四舍五入：242 / 247 = 97.98% 显示为 97.9%，不会显示成 98%
而与“目标 98%”混淆；是否达到目标用未经舍入的值判断。

"""


def _cell(text: str) -> str:
    return (text or "—").replace("|", "\\|").replace("\n", " ")


def _section(f: Figure) -> str:
    rows = [("编号 id", f"`{f.id}`"), ("单位", f.unit or "—"), ("计的是", f.numerator)]
    if f.denominator:
        rows.append(("除以", f.denominator))
    rows += [("来源文件", f.source), ("依据", f.seed), ("计算它的函数", f"`{f.function}`")]
    table = "\n".join(f"| {k} | {_cell(v)} |" for k, v in rows)
    return f"## {f.label}\n\n| | |\n|---|---|\n{table}\n"


def figures_markdown() -> str:
    """The whole page, figures in the order the definitions list them."""
    return HEAD + "\n".join(_section(f) for f in figures().values())
