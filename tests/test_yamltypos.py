"""Hand-edit mistakes: each is named by its character, on the line where it stands, all in one run."""

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.load.yamlio import parse_yaml

ROOT = Path(__file__).resolve().parent.parent
TYPO_CODES = {"YAML-FULLWIDTH-COLON", "YAML-NO-SPACE", "YAML-ODD-SPACE", "YAML-CURLY-QUOTE"}


def parse(text):
    diags = []
    doc = parse_yaml(text, Path("school.yml"), "school.yml", diags)
    return doc, diags


# the five mistakes of a teacher editing in the Git host's web editor, on lines 2, 4, 6, 8 and 10
FIVE = """id: xiangtou-primary
name：东莞市大朗镇巷头小学
stage: 小学
mode:智慧教育
team:
  -name: 张三
    role: 校长
  - name: 李四
  \u3000role: 副校长
summary: "巷头小学选择智慧教育应用模式”
classes: 21
"""


def test_five_mistakes_give_five_messages_each_on_its_line_naming_the_character():
    doc, diags = parse(FIVE)
    assert not doc.ok
    assert [(d.code, d.line) for d in diags] == [
        ("YAML-FULLWIDTH-COLON", 2), ("YAML-NO-SPACE", 4), ("YAML-NO-SPACE", 6),
        ("YAML-ODD-SPACE", 9), ("YAML-CURLY-QUOTE", 10)]
    messages = [d.message() for d in diags]
    assert "“：”是全角冒号" in messages[0]
    assert "“:”后面缺少空格" in messages[1]
    assert "“-”后面缺少空格" in messages[2]
    assert "全角空格“\u3000”（U+3000）" in messages[3]
    assert "开头是半角双引号 \"，结尾是中文右引号 ”" in messages[4]
    assert all(d.hint() for d in diags)


def test_a_no_break_space_and_a_curly_opening_quote_are_named_too():
    _, diags = parse("a:\u00a0x\nb:\n\u00a0 - 甲\nc: “文字\"\n")
    assert [(d.code, d.line) for d in diags] == [
        ("YAML-ODD-SPACE", 1), ("YAML-ODD-SPACE", 3), ("YAML-CURLY-QUOTE", 4)]
    assert "不换行空格" in diags[0].message() and "冒号“:”后面" in diags[0].message()
    assert "开头是中文左引号 “" in diags[2].message()


def test_the_same_characters_in_prose_comments_and_quotes_are_fine():
    text = ("# 说明：这里可以写全角冒号：和“中文引号”\n"
            "summary: |-\n"
            "  \u3000\u3000我校概况：共有教师 60 人。\n"
            "  目标：“一师一优课”\n"
            "  -注意：列表写法\n"
            "title: \"“数字校园”建设\"\n"
            "note: 时间 10:30，网址 https://example.org/a:b\n"
            "quote: '教师’s 成长'\n"
            "items:\n"
            "  - “智慧课堂”\n"
            "  - -1\n")
    doc, diags = parse(text)
    assert not diags, [(d.code, d.line, d.message()) for d in diags]
    assert doc.ok and doc.data["summary"].startswith("\u3000\u3000我校概况：")


def test_a_value_that_begins_with_a_paragraph_indent_is_text_but_one_in_place_of_the_space_is_named():
    """Two full-width spaces open a Chinese paragraph: after "- " or ": " they are the value's start.
    Right after the dash, where YAML needs a plain space, one is a mistake."""
    doc, diags = parse("items:\n  - \u3000\u3000本校共有教师 60 人\nnote: \u3000\u3000概况\n")
    assert not diags, [(d.code, d.line) for d in diags]
    assert doc.ok and doc.data["items"] == ["\u3000\u3000本校共有教师 60 人"]
    doc, diags = parse("items:\n  -\u3000本校共有教师 60 人\n")
    assert [(d.code, d.line, d.column) for d in diags] == [("YAML-ODD-SPACE", 2, 4)]


def test_every_syntax_error_of_a_file_in_one_run():
    text = "a: 1\nb: [1, 2\nc: 3\nd: {x: 1\ne: 5\n"
    _, diags = parse(text)
    assert [d.code for d in diags] == ["YAML-SYNTAX", "YAML-SYNTAX"]
    assert len({d.line for d in diags}) == 2


def test_an_unclosed_quote_is_reported_where_it_opens():
    text = "a: 1\nb: \"未闭合\n" + "".join(f"k{i}: {i}\n" for i in range(20))
    _, diags = parse(text)
    assert diags[0].code == "YAML-SYNTAX" and diags[0].line == 2


def test_typos_and_other_syntax_errors_are_reported_together():
    text = "name：甲\nlist: [1, 2\nother: 3\n"
    _, diags = parse(text)
    assert [(d.code, d.line) for d in diags][:2] == [("YAML-FULLWIDTH-COLON", 1), ("YAML-SYNTAX", 2)]


# the property: one such character put into any key line of any demo file is reported on that line

def _demo_key_lines():
    found = []
    for path in sorted((ROOT / "content").rglob("*.yml"))[:60]:
        text = path.read_text(encoding="utf-8")
        doc, _ = parse(text)
        if not doc.ok:
            continue
        rows = text.split("\n")
        for line in sorted(set(doc.key_lines.values())):
            row = rows[line - 1]
            if re.match(r"^[ ]*(?:- )?[A-Za-z_]\w*: \S", row):
                found.append((str(path.relative_to(ROOT)), line))
    return found


KEY_LINES = _demo_key_lines()
MUTATIONS = ["fullwidth-colon", "ideographic-space-after-colon", "no-break-space-after-colon", "no-space",
             "indent"]


def _mutate(row: str, kind: str) -> str | None:
    at = re.match(r"^[ ]*(?:- )?[A-Za-z_]\w*", row).end()
    if kind == "fullwidth-colon":
        return row[:at] + "：" + row[at + 2:]
    if kind == "ideographic-space-after-colon":
        return row[:at] + ":\u3000" + row[at + 2:]
    if kind == "no-break-space-after-colon":
        return row[:at] + ":\u00a0" + row[at + 2:]
    if kind == "no-space":
        return row[:at] + ":" + row[at + 2:] if row[at + 2] not in ":/" else None
    if row.startswith("  "):
        return "\u3000" + row[2:]
    return None


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(KEY_LINES), st.sampled_from(MUTATIONS))
def test_one_mistake_in_any_demo_key_line_is_reported_at_that_line(where, kind):
    rel, line = where
    rows = (ROOT / rel).read_text(encoding="utf-8").split("\n")
    changed = _mutate(rows[line - 1], kind)
    if changed is None:
        return
    rows[line - 1] = changed
    doc, diags = parse("\n".join(rows))
    assert not doc.ok
    assert any(d.code in TYPO_CODES and d.line == line for d in diags), (rel, line, kind, changed)


def test_a_word_and_a_full_width_colon_as_a_list_item_is_text():
    """`- a：` in a list of text is a value ending in a full-width colon, not a mistyped key."""
    doc, diags = parse("note: a：\nplan:\n- a：\n- 主要措施：\n")
    assert not diags, [(d.code, d.line) for d in diags]
    assert doc.ok and doc.data == {"note": "a：", "plan": ["a：", "主要措施："]}


def test_any_key_written_wrongly_among_a_mappings_keys_is_named_whatever_its_name():
    """Capability codes, teacher ids and other keys that are no field's name: a line among them
    with no space after the colon, or a full-width one, is a mistyped key (a line before or after it
    at the same column is `key: …`)."""
    doc, diags = parse("online_hours:\n  T40: 1\n  T41:28\n  T42: 3\n")
    assert not doc.ok and [(d.code, d.line) for d in diags] == [("YAML-NO-SPACE", 3)]
    doc, diags = parse("online_hours:\n  T41：28\n  T42: 3\n")
    assert not doc.ok and [(d.code, d.line) for d in diags] == [("YAML-FULLWIDTH-COLON", 2)]
    doc, diags = parse("groups:\n  - name: 语文组\n    T41:28\n")
    assert [(d.code, d.line) for d in diags] == [("YAML-NO-SPACE", 3)]
    # a new list item after a mapping's item is not among its keys; nor is a value's further line
    doc, diags = parse("links:\n- name: 平台\n- a:1\nnote: 一段\n  很长的文字 C:1\n")
    assert not diags and doc.ok and doc.data["links"][1] == "a:1"
