"""argparse's own words (usage, option titles, usage errors), Chinese first, English after.

argparse looks its strings up through gettext at call time; plansite supplies the
translations itself instead of relying on a locale being installed.
"""

from __future__ import annotations

import argparse

WORDS = {
    "usage: ": "用法 · usage: ",
    "positional arguments": "位置参数 · positional arguments",
    "options": "选项 · options",
    "show this help message and exit": "显示本帮助并退出 · show this help message and exit",
    "show program's version number and exit": "显示版本号并退出 · show the version and exit",
    "unrecognized arguments: %s": "无法识别的参数 · unrecognized arguments: %s",
    "the following arguments are required: %s": "缺少必需的参数 · the following arguments are required: %s",
    "one of the arguments %s is required": "必须给出下列参数之一 · one of the arguments %s is required",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "无效的选项 %(value)r，可选：%(choices)s · invalid choice %(value)r (choose from %(choices)s)",
    "invalid %(type)s value: %(value)r": "无效的值 %(value)r · invalid %(type)s value: %(value)r",
    "expected one argument": "需要一个值 · expected one argument",
    "expected at least one argument": "至少需要一个值 · expected at least one argument",
    "expected at most one argument": "最多只能有一个值 · expected at most one argument",
    "ambiguous option: %(option)s could match %(matches)s":
        "选项 %(option)s 有歧义，可能是 %(matches)s · ambiguous option: %(option)s could match %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用 · not allowed with argument %s",
    "ignored explicit argument %r": "多余的值 %r 被忽略 · ignored explicit argument %r",
    "unexpected option string: %s": "意外的选项 · unexpected option string: %s",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s · can't open '%(filename)s': %(error)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误 · error: %(message)s\n",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "未知的命令 %(parser_name)r，可选：%(choices)s · unknown command %(parser_name)r (choices: %(choices)s)",
}
PLURALS = {
    "expected %s argument": "需要 %s 个值 · expected %s argument(s)",
}


def gettext(message: str) -> str:
    return WORDS.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    if singular in PLURALS:
        return PLURALS[singular]
    return singular if n == 1 else plural


def install() -> None:
    """Make argparse speak Chinese first (it reads these two names from its module at call time)."""
    argparse._ = gettext  # type: ignore[attr-defined]  # argparse's own module globals
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
