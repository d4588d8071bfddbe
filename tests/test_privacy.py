import contextlib
import io
import shutil
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.load.privacy import find, mask

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("text, code", [
    ("联系电话：13800138000", "PRIVACY-PHONE"),
    ("手机 138 0013 8000", "PRIVACY-PHONE"),
    ("电话 0757-8328 2442", "PRIVACY-PHONE"),
    ("(020)12345678", "PRIVACY-PHONE"),
    ("134225642274", "PRIVACY-PHONE"),
    ("邮箱 teacher.li@school.edu.cn", "PRIVACY-EMAIL"),
    ("身份证 44190019900101123X", "PRIVACY-ID"),
])
def test_personal_details_are_found(text, code):
    assert [c for c, _ in find(text)] == [code]


@pytest.mark.parametrize("text", [
    "2020.9-2021.8", "2021 年 3 月下旬", "21 个教学班", "34 人次", "10%", "2020-09-01", "G4 B1 3-8",
    "教师〔2019〕1号", "第 2 阶段 50 学时",
])
def test_ordinary_numbers_are_not_flagged(text):
    assert list(find(text)) == []


def test_mask_hides_the_middle():
    assert mask("13800138000") == "138******00"


@pytest.mark.parametrize("text, code", [
    ("电话１３８１２３４５６７８", "PRIVACY-PHONE"),          # full-width digits
    ("电话 138.1234.5678", "PRIVACY-PHONE"),              # dots between groups
    ("138\u200b1234\u200b\u200b5678", "PRIVACY-PHONE"),   # zero-width spaces
    ("１３８－１２３４－５６７８", "PRIVACY-PHONE"),          # full-width dashes
    ("1 3 8 1 2 3 4 5 6 7 8", "PRIVACY-PHONE"),           # one digit at a time
    ("+86 138 1234 5678", "PRIVACY-PHONE"),
    ("zhangsan＠example.com", "PRIVACY-EMAIL"),            # full-width at sign
    ("zhangsan @ example.com", "PRIVACY-EMAIL"),
    ("身份证 4419 0019 9001 0112 3X", "PRIVACY-ID"),
    ("身份证 ４４１９００１９９００１０１１２３Ｘ", "PRIVACY-ID"),
])
def test_disguised_details_are_found(text, code):
    assert [c for c, _ in find(text)] == [code]


@pytest.mark.parametrize("text", ["13 14 15 16 17 18", "学时 1.5 1.5 2 2 3", "2021.9.1—2022.8.31"])
def test_lists_of_numbers_are_not_phones(text):
    assert list(find(text)) == []


def test_disguised_phone_in_a_plan_is_an_error_with_line_and_mask(tmp_path):
    from sitekit import PLAN, fresh, make_site

    from generator.check.validate import check_site

    plan = fresh(PLAN)
    plan["problems"] = "联系人电话１３８\u200b１２３４．５６７８，请致电。"
    root = make_site(tmp_path, plan=plan)
    _, diags = check_site(root)
    found = [d for d in diags if d.code == "PRIVACY-PHONE"]
    assert len(found) == 1
    assert found[0].path.endswith("plan.yml") and found[0].line is not None
    text = (root / found[0].path).read_text(encoding="utf-8").splitlines()[found[0].line - 1]
    assert text.startswith("problems:")
    assert "1234" not in found[0].message() and "138" in found[0].message()


def test_a_diagnostic_about_a_value_never_echoes_the_contact_details_in_it(tmp_path):
    from generator.cli import main

    site = tmp_path / "site"
    shutil.copytree(REPO_ROOT / "content", site / "content")
    shutil.copy(REPO_ROOT / "site.yml", site / "site.yml")
    plan = site / "content" / "dalang" / "xiangtou-primary" / "plan.yml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("\nvision:\n", "\nvision:\n  - 电话１３８１２３４５６７８\n", 1), encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["check", str(site)]) == 1
    printed = out.getvalue()
    assert "PRIVACY-PHONE" in printed and "SCHEMA-TYPE" in printed  # both problems are named
    digits = "".join(ch for ch in unicodedata.normalize("NFKC", printed) if ch.isdigit())
    assert "13812345678" not in digits, printed


# what a writer may put in a value: digits of every width, separators, invisible characters,
# at signs, letters, Chinese text, line breaks and quotes
_PIECES = st.sampled_from([
    "1", "3", "8", "0", "5", "9", "１", "３", "８", "０", "①", "⑳", "¹", "٣", " ", "  ", "\t", ".", "-", "·", "—", "－",
    "．", "～", "_", "~", "(", ")", "（", "）", "\u200b", "\u00ad", "\ufeff", "@", "＠", "﹫", "a", "Z", "x", "教师", "电话",
    "，", "：", "\n", "\n\n", "'", '"', "#", ": ", "- ", "+86", "\u3000", "…",
])
_VALUES = st.lists(_PIECES, max_size=30).map("".join)


def _scanned(doc):
    from generator.load.privacy import _strings
    return [text for _, text in _strings(doc.data, ())]


@settings(max_examples=400, deadline=None)
@given(st.lists(_VALUES, min_size=1, max_size=4), st.sampled_from([None, "'", '"', "|", ">"]), st.integers(8, 80))
def test_the_file_prefilter_never_skips_a_detail_the_per_string_scan_finds(values, style, width):
    """may_hold is a whole-file shortcut: when it says no, no scanned string holds a detail."""
    import yaml

    from generator.load.privacy import may_hold, scan_doc
    from generator.load.yamlio import parse_yaml
    text = yaml.safe_dump({"plan": values, "note": values[0]}, allow_unicode=True, default_style=style,
                          width=width)  # a narrow width folds values over several lines
    doc = parse_yaml(text, Path("plan.yml"), "plan.yml", [])
    assert doc.ok
    found = [code for value in _scanned(doc) for code, _ in find(value)]
    reported = [d.code for d in scan_doc(doc)]
    if not may_hold(text):
        assert found == [] and reported == []
    assert Counter(found) <= Counter(reported)  # the plain details, and those the reader sees in them


@settings(max_examples=300, deadline=None)
@given(st.lists(_VALUES, min_size=1, max_size=3), st.lists(st.integers(0, 40), max_size=4))
def test_the_prefilter_sees_details_in_plain_values_folded_over_lines(values, breaks):
    """A plain value written over several lines reads as one line: the digits meet again."""
    from generator.load.privacy import may_hold
    from generator.load.yamlio import parse_yaml
    lines = []
    for value in values:
        plain = " ".join(value.replace("\n", " ").replace("'", " ").replace('"', " ").replace("#", " ")
                         .replace(": ", " ").replace("- ", " ").split())
        for cut in sorted(set(breaks), reverse=True):
            if 0 < cut < len(plain) and plain[cut - 1] != " " and plain[cut] != " ":
                plain = plain[:cut] + "\n    " + plain[cut:]
        lines.append(f"- x{plain}")
    text = "items:\n" + "\n".join("  " + line for line in lines) + "\n"
    doc = parse_yaml(text, Path("plan.yml"), "plan.yml", [])
    if not doc.ok or may_hold(text):
        return
    assert [code for value in _scanned(doc) for code, _ in find(value)] == []


def test_the_prefilter_lets_through_every_kind_of_detail():
    from generator.load.privacy import may_hold
    for text in ["a: 电话１３８\u200b１２３４．５６７８\n", "a: 邮箱 li＠qq.com\n", "a: 0757-8328\n  2442\n",
                 "a: (020)1234\n  5678\n", "a: '4419 0019 9001 0112 3X'\n", 'a: "\\u0031\\u0033\\u0038"\n']:
        assert may_hold(text), text
    assert not may_hold("a: 2020-09-01\nb: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\nc: 教师 21 人\n")


# --- the text as published: Markdown marks, entities, escapes, table cells (issue 24, item 4) ---

from privacy_corpus import CASES, ORDINARY, leaked  # noqa: E402

_CASE_IDS = [name for name, _, _ in CASES]


@pytest.mark.parametrize("name, text, secret", CASES, ids=_CASE_IDS)
def test_every_spelling_of_the_corpus_is_found_on_its_line_and_masked(name, text, secret):
    from generator.load.privacy import scan_text
    page = f"# 联系\n\n前言一段。\n\n{text}\n\n后记。\n"
    diags = scan_text(page, "content/d1/s/about.md")
    assert len(diags) == 1, (name, diags)
    code = "PRIVACY-EMAIL" if "@" in secret else "PRIVACY-PHONE"
    assert diags[0].code == code
    assert diags[0].line == 5 + (2 if name == "table" else 0)  # a table's number is on its row
    assert not leaked(diags[0].message(), secret) and not leaked(diags[0].message("en"), secret)


@pytest.mark.parametrize("text", ORDINARY)
def test_dates_codes_hours_and_years_are_not_flagged_once_rendered(text):
    from generator.load.privacy import scan_text
    assert scan_text(text, "x.md") == []


@pytest.mark.parametrize("name, text, secret", CASES, ids=_CASE_IDS)
def test_a_corpus_spelling_in_a_plan_field_is_an_error_on_the_fields_line(tmp_path, name, text, secret):
    from sitekit import PLAN, fresh, make_site

    from generator.check.validate import check_site
    plan = fresh(PLAN)
    plan["problems"] = "问题分析如下。\n\n" + text + "\n"
    root = make_site(tmp_path, plan=plan)
    _, diags = check_site(root, cache=False)
    found = [d for d in diags if d.code.startswith("PRIVACY-")]
    assert [d.path for d in found] == ["content/d1/test-school/plan.yml"], found
    raw = (root / found[0].path).read_text(encoding="utf-8").splitlines()
    line = raw[found[0].line - 1]
    assert any(piece in line for piece in ("138", "li", "&#", "<sup>")), (line, found[0].line)


# what a writer may put in Markdown: marks, entities, links, cells, brackets, at and dot words
_MD_PIECES = st.sampled_from([
    "1", "3", "8", "0", "5", "9", "１", " ", "*", "**", "_", "`", "\\", "\\-", "-", " - ", "/", "、", "(", ")", "[",
    "](#x)", "]", "|", "\n", "\n\n", "\n|---|---|\n", "&#49;", "&#51;", "&#64;", "&amp;", "@", "#", "li", "at", " at ",
    "dot", " dot ", "[at]", "(at)", ".", "com", "example", "教师", "，",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(_MD_PIECES, max_size=40).map("".join))
def test_the_prefilter_never_skips_a_detail_the_reader_would_see(text):
    from generator.load.privacy import find_published, may_hold
    if not may_hold(text):
        assert list(find_published(text)) == []


def test_check_masks_a_detail_that_another_rule_echoes(tmp_path, capsys):
    """CAP-NAME-DRIFT quotes the name as written; in every format check prints, the number is masked."""
    from sitekit import PLAN, fresh, make_site

    from generator.cli import main
    plan = fresh(PLAN)
    plan["capabilities"][0]["name"] = "基于数据分析 138**0000**0001 的学情诊断"
    root = make_site(tmp_path / "s", plan=plan)
    for fmt in ("human", "github", "json", "markdown", "codeclimate"):
        assert main(["check", str(root), "--format", fmt, "--no-cache"]) == 1
        printed = capsys.readouterr().out
        assert "CAP-NAME-DRIFT" in printed and "138******01" in printed, (fmt, printed)
        assert not leaked(printed, "13800000001"), fmt


@pytest.mark.parametrize("line, shown", [
    ("+  学校设备齐全，联系电话 13812345600，网络全覆盖（2020 年）。",
     "+  学校设备齐全，联系电话 138******00，网络全覆盖（2020 年）。"),
    ("-  电话：１３８１２３４５６００；地址略。", None),  # full-width digits: found in the reader's form
])
def test_a_masked_line_of_a_diff_keeps_the_school_s_own_punctuation(line, shown):
    """The review summary's diff masks a number and nothing else: full-width commas and brackets
    stay as the school wrote them (the reader's NFKC form would turn ，（） into ,())."""
    from generator.load.privacy import mask_text
    masked = mask_text(line)
    assert not leaked(masked, "13812345600")
    if shown is not None:
        assert masked == shown
    assert masked.startswith(line[:3])


# Raw HTML is shown as text on the site, so a reader skips the tags: 138<span>0000</span>0034
# reads as a number; "艾特" is how an @ is said aloud in Chinese.
TAGGED = [
    ("联系电话 138<span>0000</span>0034。", "PRIVACY-PHONE"),
    ("联系电话 138<!-- x -->0000<!-- y -->0035。", "PRIVACY-PHONE"),
    ("联系电话 1<sup>38</sup>00000043", "PRIVACY-PHONE"),
    ("邮箱 li艾特example.com", "PRIVACY-EMAIL"),
    ("邮箱 li 艾特 example 点 com", "PRIVACY-EMAIL"),
]


@pytest.mark.parametrize("text,code", TAGGED)
def test_details_split_by_tags_or_said_in_words_are_found(text, code):
    from generator.load.privacy import find_all, may_hold
    assert may_hold(text)
    assert code in [c for c, _ in find_all(text)]


@pytest.mark.parametrize("text", ["共 3<sup>2</sup> 人", "<b>2021</b> 年 <b>2022</b> 年", "艾特教室 A1、A3"])
def test_tags_between_ordinary_numbers_are_not_details(text):
    from generator.load.privacy import find_all
    assert find_all(text) == []
