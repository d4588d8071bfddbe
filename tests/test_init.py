"""plansite init writes a site that checks clean, carries schema lines, and pins this plansite in CI."""

import re

import yaml

from generator import __version__
from generator.authoring.editorschema import SCHEMA_LINE
from generator.check.validate import check_site
from generator.cli import main


def init(tmp_path, capsys, *args):
    code = main(["init", str(tmp_path / "city"), *args])
    return code, capsys.readouterr()


def test_init_writes_a_clean_site_with_every_file(tmp_path, capsys):
    code, out = init(tmp_path, capsys, "--profile", "henan", "--city", "信阳市")
    assert code == 0
    root = tmp_path / "city"
    for rel in ["site.yml", "content/example/_district.yml", "README.md", ".gitignore", ".pre-commit-config.yaml",
                ".github/workflows/plansite.yml", ".gitlab-ci.yml", "schemas/json/plan.schema.json",
                "schemas/json/formats.cjs"]:
        assert (root / rel).is_file(), rel
        assert f"+ {rel}" in out.out
    site = yaml.safe_load((root / "site.yml").read_text(encoding="utf-8"))
    assert site["profile"] == "henan" and site["city"] == "信阳市"
    assert site["title"] == "信阳市能力提升工程 2.0 两案公示平台"
    content, diags = check_site(root)
    assert diags == [] and content.schools == []
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "信阳市" in readme and "合并请求" in readme and "plansite new" in readme and "{" not in readme


def test_every_yaml_file_written_has_a_schema_line_that_resolves(tmp_path, capsys):
    init(tmp_path, capsys)
    root = tmp_path / "city"
    files = [p for p in root.rglob("*") if p.suffix in (".yml", ".yaml")]
    assert len(files) == 5
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith(SCHEMA_LINE), path
        target = first.removeprefix(SCHEMA_LINE)
        assert target.startswith("https://") or (path.parent / target).is_file(), (path, target)
        yaml.safe_load(path.read_text(encoding="utf-8"))


def test_ci_files_pin_the_version_that_wrote_them(tmp_path, capsys):
    init(tmp_path, capsys, "--title", "某市两案: 公示")
    root = tmp_path / "city"
    for rel in (".github/workflows/plansite.yml", ".gitlab-ci.yml"):
        text = (root / rel).read_text(encoding="utf-8")
        assert re.findall(r'^\s*PLANSITE_SPEC:\s*"([^"]*)"', text, re.M) == [f"plansite=={__version__}"]
    site = yaml.safe_load((root / "site.yml").read_text(encoding="utf-8"))
    assert site["title"] == "某市两案: 公示" and "city" not in site  # no city given: the key stays a comment


def test_init_refuses_a_folder_with_files_and_an_unknown_profile(tmp_path, capsys):
    (tmp_path / "city").mkdir()
    (tmp_path / "city" / "notes.txt").write_text("x", encoding="utf-8")
    code, out = init(tmp_path, capsys)
    assert code == 2 and "不覆盖" in out.err
    code = main(["init", str(tmp_path / "other"), "--profile", "mars"])
    err = capsys.readouterr().err
    assert code == 2 and "mars" in err and "guangdong" in err and not (tmp_path / "other").exists()


def test_the_new_site_builds_a_home_page_without_schools(tmp_path, capsys):
    init(tmp_path, capsys, "--city", "东城市")
    root = tmp_path / "city"
    assert main(["build", str(root)]) == 0
    home = (root / "_site" / "index.html").read_text(encoding="utf-8")
    assert "东城市能力提升工程 2.0 两案公示平台" in home and "暂无学校" in home
