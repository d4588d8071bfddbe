"""The command line: exit codes, formats and languages, as CI and teachers use them."""

import json

from sitekit import PLAN, fresh, make_site

from generator.cli import main


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def broken_site(tmp_path):
    plan = fresh(PLAN)
    del plan["swot"]
    return make_site(tmp_path / "site", plan=plan)


def test_clean_site_exits_0(tmp_path, capsys):
    root = make_site(tmp_path / "site")
    code, out, _ = run(capsys, "check", str(root))
    assert code == 0
    assert "检查通过" in out


def test_errors_exit_1_with_chinese_message_file_line_and_code(tmp_path, capsys):
    root = broken_site(tmp_path)
    code, out, _ = run(capsys, "check", str(root))
    assert code == 1
    assert "content/d1/test-school/plan.yml:" in out
    assert "[PLAN-SWOT-MISSING]" in out
    assert "缺少 SWOT 分析" in out
    assert "建议" in out


def test_english_messages(tmp_path, capsys):
    root = broken_site(tmp_path)
    code, out, _ = run(capsys, "check", "--lang", "en", str(root))
    assert code == 1
    assert "has no SWOT analysis" in out and "hint:" in out


def test_github_annotations(tmp_path, capsys):
    root = broken_site(tmp_path)
    code, out, _ = run(capsys, "check", "--format", "github", str(root))
    assert code == 1
    line = out.strip().splitlines()[0]
    assert line.startswith("::error file=content/d1/test-school/plan.yml,line=")
    assert "title=PLAN-SWOT-MISSING::" in line


def test_json_format(tmp_path, capsys):
    root = broken_site(tmp_path)
    code, out, _ = run(capsys, "check", "--format", "json", str(root))
    data = json.loads(out)
    assert code == 1
    assert data["summary"]["error"] == 1
    assert data["diagnostics"][0]["code"] == "PLAN-SWOT-MISSING"
    assert isinstance(data["diagnostics"][0]["line"], int)


def test_markdown_format(tmp_path, capsys):
    root = broken_site(tmp_path)
    _, out, _ = run(capsys, "check", "--format", "markdown", str(root))
    assert out.startswith("| 级别 |") and "`PLAN-SWOT-MISSING`" in out


def test_warnings_pass_unless_strict(tmp_path, capsys):
    plan = fresh(PLAN)
    plan["swot"]["threats"] = []
    root = make_site(tmp_path / "site", plan=plan)
    assert run(capsys, "check", str(root))[0] == 0
    assert run(capsys, "check", "--strict", str(root))[0] == 1


def test_check_one_school_folder(tmp_path, capsys):
    root = broken_site(tmp_path)
    code, out, _ = run(capsys, "check", str(root / "content" / "d1" / "test-school" / "plan.yml"))
    assert code == 1 and "PLAN-SWOT-MISSING" in out


def test_bad_usage_exits_2(tmp_path, capsys):
    assert run(capsys, "check", "--format", "xml")[0] == 2
    assert run(capsys, "check", str(tmp_path / "nowhere"))[0] == 2
    assert run(capsys, "frobnicate")[0] == 2
    assert run(capsys)[0] == 2


def test_no_site_yml_exits_2(tmp_path, capsys):
    code, _, err = run(capsys, "check", str(tmp_path))
    assert code == 2 and "site.yml" in err


def test_hostile_inputs_never_raise(tmp_path, capsys):
    root = make_site(tmp_path / "site", files={
        "reviews/a.yml": b"\xff\xfe\x00\x00garbage",
        "reviews/b.yml": "- just\n- a list\n",
        "reviews/c.yml": "opinion: [unclosed\n",
        "reviews/d.yml": "a: &x 1\nb: *x\n",
        "case.md": b"\xd6\xd0\xce\xc4",  # GBK
    })
    code, out, _ = run(capsys, "check", str(root))
    assert code == 1
    for c in ("FILE-ENCODING", "YAML-NOT-MAPPING", "YAML-SYNTAX", "YAML-ALIAS"):
        assert c in out
    assert "Traceback" not in out


def test_every_command_has_help_with_an_example(capsys):
    from generator.cli import build_parser
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, p in sub.choices.items():
        assert "Example" in (p.description or ""), name


def test_codeclimate_format_for_gitlab(tmp_path, capsys):
    root = broken_site(tmp_path)
    code, out, _ = run(capsys, "check", "--format", "codeclimate", str(root))
    data = json.loads(out)
    assert code == 1
    assert data[0]["check_name"] == "PLAN-SWOT-MISSING"
    assert data[0]["location"]["path"] == "content/d1/test-school/plan.yml"
    assert data[0]["location"]["lines"]["begin"] >= 1 and data[0]["severity"] == "major"


def test_check_of_a_path_without_content_files_says_so_and_exits_2(tmp_path, capsys):
    from sitekit import make_site

    from generator.cli import main

    root = make_site(tmp_path)
    (root / "README.md").write_text("# 说明\n", encoding="utf-8")
    (root / "content" / "nothing").mkdir()
    for path in (root / "README.md", root / "content" / "nothing"):
        assert main(["check", str(path)]) == 2
        assert "没有可检查的内容文件" in capsys.readouterr().err
    assert main(["check", str(root / "content" / "d1" / "test-school")]) in (0, 1)


def test_json_into_a_closed_pipe_ends_without_a_traceback(tmp_path):
    import subprocess
    import sys

    from sitekit import make_site

    root = make_site(tmp_path)
    for i in range(60):  # enough output to fill the pipe after the reader has gone
        (root / "content" / "d1" / "test-school" / f"p{i}.md").write_text("电话 13800138000\n" * 40,
                                                                         encoding="utf-8")
    done = subprocess.run(f"'{sys.executable}' -m generator check --format json | head -1", shell=True,
                          cwd=root, capture_output=True, text=True, timeout=300)
    assert done.stdout.strip() == "{"
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr


def test_argparse_words_are_chinese_first(capsys):
    from generator.cli import main

    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("用法 · usage: plansite")
    assert "位置参数 · positional arguments" in out and "选项 · options" in out
    assert "显示本帮助并退出" in out and "显示版本号并退出" in out
    assert main(["check", "--bogus"]) == 2
    err = capsys.readouterr().err
    assert "无法识别的参数 · unrecognized arguments: --bogus" in err
    assert main(["check", "--format", "xml"]) == 2
    assert "无效的选项 'xml'" in capsys.readouterr().err


def test_yaml_text_after_a_closing_quote_is_named_with_its_column(tmp_path):
    from pathlib import Path

    from generator.load.yamlio import parse_yaml

    diags = []
    parse_yaml('calendar:\n  - content: "学习文件"（再次修订）\n    host: 甲\n', Path("t.yml"), "t.yml", diags)
    (d,) = diags
    assert (d.code, d.line, d.column) == ("YAML-SYNTAX", 2, 20)
    assert "引号已经结束" in d.message() and "（再次修订）" in d.message() and "缩进" not in d.message()
    assert "column 20" in d.message("en")
