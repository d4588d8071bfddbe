"""plansite review --record: the district's decision on a pull request, appended to the schools' filing records."""

from __future__ import annotations

import subprocess

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from sitekit import git_repo, make_site, school_dir

from generator.authoring.filingrecord import append_item
from generator.check.validate import check_site
from generator.cli import main
from generator.load.yamlio import parse_yaml

SUBMITTED = """\
# yaml-language-server: $schema=../../../schemas/json/filing.schema.json
# 两案的报送、审核与备案（区教育局填写）
steps:
  # 学校报送
  - step: 报送
    date: 2021-03-01   # 开学后报送
    body: 一区教育局
    note: |
      发展规划与校本研修方案。

# 出处
source: 一区教育局的登记簿
"""


@pytest.fixture(autouse=True)
def _in_2021(monkeypatch):
    """The decisions recorded here are of spring 2021: judged on a day of that year, before the first
    yearly summary falls due (31 January of the year after a school first filed), as the office saw them."""
    monkeypatch.setenv("PLANSITE_TODAY", "2021-06-30")


def sh(cwd, *args):
    subprocess.run(args, cwd=cwd, check=True, capture_output=True)


def _repo(tmp_path, filing: str | None = SUBMITTED, other_filing: str | None = SUBMITTED):
    """main: two schools (each with `filing`); branch pr: test-school's plan edited."""
    root = make_site(tmp_path / "repo", files={"filing.yml": filing} if filing is not None else {})
    other = root / "content" / "d1" / "other-school"
    other.mkdir()
    for name in ("school.yml", "plan.yml", "training.yml"):
        text = (school_dir(root) / name).read_text(encoding="utf-8")
        (other / name).write_text(text.replace("test-school", "other-school"), encoding="utf-8")
    if other_filing is not None:
        (other / "filing.yml").write_text(other_filing, encoding="utf-8")
    git_repo(root, "first")
    sh(root, "git", "checkout", "-qb", "pr")
    edit_plan(school_dir(root))
    sh(root, "git", "commit", "-qam", "修改问题分析")
    return root


def edit_plan(folder):
    plan = folder / "plan.yml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("problems: 问题", "problems: 问题：设备老化"),
                    encoding="utf-8")


def record(capsys, root, *args):
    code = main(["review", "--root", str(root), "--base", "main", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_an_approval_appends_exactly_one_review_step_and_check_passes(tmp_path, capsys):
    root = _repo(tmp_path)
    path = school_dir(root) / "filing.yml"
    other = root / "content" / "d1" / "other-school" / "filing.yml"
    code, out, err = record(capsys, root, "--record", "通过", "--body", "一区教育局", "--date", "2021-03-20")
    assert code == 0, err
    assert "content/d1/test-school/filing.yml" in out and "检查通过" in out
    text = path.read_text(encoding="utf-8")
    added = "  - step: 审核\n    date: 2021-03-20\n    body: 一区教育局\n    result: 通过\n"
    assert text == SUBMITTED.replace("      发展规划与校本研修方案。\n", "      发展规划与校本研修方案。\n" + added)
    steps = _read(text)["steps"]
    assert len(steps) == 2 and steps[1] == {"step": "审核", "date": "2021-03-20", "body": "一区教育局", "result": "通过"}
    assert other.read_text(encoding="utf-8") == SUBMITTED  # the pull request did not touch it
    content, diags = check_site(root)
    assert not [d for d in diags if d.level == "error"]
    assert main(["check", str(root / "content" / "d1" / "test-school")]) == 0
    entry = next(e for e in content.schools if e.slug == "test-school")
    assert [s.step for s in entry.filing.steps] == ["报送", "审核"]
    # run again (the filing record is now part of the change): the same step is not added twice
    code, out, _ = record(capsys, root, "--record", "通过", "--body", "一区教育局", "--date", "2021-03-20")
    assert code == 0 and "已有这一环节" in out and path.read_text(encoding="utf-8") == text


def test_a_review_without_a_submission_is_refused_and_nothing_is_written(tmp_path, capsys):
    no_steps = "# 两案的报送记录（尚未报送）\nsteps: []\n"
    root = _repo(tmp_path, filing=no_steps)
    code, out, err = record(capsys, root, "--record", "通过", "--body", "一区教育局", "--date", "2021-03-20")
    assert code == 1 and "Traceback" not in err
    assert "content/d1/test-school/filing.yml:" in err and "[FILING-NOT-SUBMITTED]" in err
    assert "建议" in err and "没有写入任何文件" in err
    assert (school_dir(root) / "filing.yml").read_text(encoding="utf-8") == no_steps
    sh(root, "git", "diff", "--exit-code")  # the working tree is as committed


def test_a_school_with_no_filing_record_is_refused_too(tmp_path, capsys):
    root = _repo(tmp_path, filing=None)
    code, _, err = record(capsys, root, "--record", "通过", "--body", "一区教育局")
    assert code == 1 and "[FILING-NOT-SUBMITTED]" in err
    assert not (school_dir(root) / "filing.yml").exists()


def test_a_return_needs_reasons_and_a_date_in_order(tmp_path, capsys):
    root = _repo(tmp_path)
    path = school_dir(root) / "filing.yml"
    code, _, err = record(capsys, root, "--record", "退回", "--body", "一区教育局", "--date", "2021-03-20")
    assert code == 1 and "[FILING-NO-REASONS]" in err and path.read_text(encoding="utf-8") == SUBMITTED
    code, _, err = record(capsys, root, "--record", "退回", "--body", "一区教育局", "--date", "2021-02-20",
                          "--reason", "研修日程缺少学时")
    assert code == 1 and "[FILING-ORDER]" in err and path.read_text(encoding="utf-8") == SUBMITTED
    code, _, err = record(capsys, root, "--record", "退回", "--body", "一区教育局", "--date", "2021-03-20",
                          "--reason", "研修日程缺少学时", "--reason", "SWOT: 过于简略")
    assert code == 0, err
    steps = _read(path.read_text(encoding="utf-8"))["steps"]
    assert steps[-1] == {"step": "退回", "date": "2021-03-20", "body": "一区教育局",
                         "reasons": ["研修日程缺少学时", "SWOT: 过于简略"]}
    assert not [d for d in check_site(root)[1] if d.code.startswith("FILING")]


def test_one_refused_school_stops_the_record_for_all(tmp_path, capsys):
    root = _repo(tmp_path, other_filing="steps: []\n")
    edit_plan(root / "content" / "d1" / "other-school")
    sh(root, "git", "commit", "-qam", "两校都改")
    code, _, err = record(capsys, root, "--record", "通过", "--body", "一区教育局", "--date", "2021-03-20")
    assert code == 1 and "content/d1/other-school/filing.yml" in err
    assert (school_dir(root) / "filing.yml").read_text(encoding="utf-8") == SUBMITTED


def test_record_needs_the_body_and_a_change(tmp_path, capsys):
    root = _repo(tmp_path)
    code, _, err = record(capsys, root, "--record", "通过")
    assert code == 2 and "--body" in err
    sh(root, "git", "checkout", "-q", "main")
    code, _, err = record(capsys, root, "--record", "通过", "--body", "一区教育局")
    assert code == 2 and "没有可记录的审核" in err


# ── appending to a list as text ──────────────────────────────────────────────

STEP = {"step": "审核", "date": "2021-03-20", "body": "一区教育局", "result": "通过"}


def _read(text):
    doc = parse_yaml(text, None, "filing.yml", [])
    assert doc.ok
    return doc.data


def test_a_flow_list_is_rewritten_keeping_the_head_comments():
    text = "# 头注释\nsteps: [{step: 报送, date: '2021-03-01', body: 一区}]\nsource: 登记\n"
    new = append_item(text, "steps", STEP, _read(text))
    assert new.startswith("# 头注释\n")
    assert _read(new)["steps"][-1] == STEP and _read(new)["source"] == "登记"


texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30)


@settings(max_examples=80, deadline=None)
@given(bodies=st.lists(texts, min_size=1, max_size=4), note=st.one_of(st.none(), texts),
       indent=st.sampled_from([0, 2, 4]), after=st.booleans(), comment=st.booleans())
def test_appending_keeps_every_value_and_adds_exactly_the_step(bodies, note, indent, after, comment):
    steps = [{"step": "报送", "date": "2021-03-01", "body": b, **({"note": note} if note else {})} for b in bodies]
    data = {"steps": steps, **({"source": "登记"} if after else {})}
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, indent=2)
    if indent:  # the list indented under its key, as people write it by hand
        text = yaml.dump(data, Dumper=_Indented, allow_unicode=True, sort_keys=False, indent=indent)
    if comment:
        text = "# 记录\n" + text
    before = _read(text)  # PyYAML writes YAML 1.1: a text like 0E0 is left plain and read back as a number
    new = append_item(text, "steps", STEP, before)
    assert _read(new) == {**before, "steps": [*before["steps"], STEP]}
    old, lines = text.splitlines(), new.splitlines()
    assert len(lines) == len(old) + 4  # written in place: every old line kept, four added
    at = next(i for i, line in enumerate(lines) if line.strip().split() == ["-", "step:", "审核"])
    assert lines[:at] + lines[at + 4:] == old


class _Indented(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)

