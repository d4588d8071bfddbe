"""plansite init writes a site that checks clean, carries schema lines, and pins this plansite in CI."""

import hashlib
import re
import zipfile
from importlib import metadata

import pytest
import yaml

from generator import __version__
from generator.authoring.editorschema import SCHEMA_LINE
from generator.authoring.selfwheel import WheelError, _from_installation, this_wheel
from generator.check.validate import check_site
from generator.cli import main


def init(tmp_path, capsys, *args):
    code = main(["init", str(tmp_path / "city"), *args])
    return code, capsys.readouterr()


@pytest.mark.slow
def test_init_writes_a_clean_site_with_every_file(tmp_path, capsys):
    code, out = init(tmp_path, capsys, "--profile", "henan", "--city", "信阳市")
    assert code == 0
    root = tmp_path / "city"
    for rel in ["site.yml", "content/example/_district.yml", "README.md", ".gitignore", ".pre-commit-config.yaml",
                ".github/workflows/plansite.yml", ".github/workflows/plansite-comment.yml", ".gitlab-ci.yml",
                ".gitea/workflows/plansite.yml", ".forgejo/workflows/plansite.yml", "tools/requirements-ci.txt",
                "tools/requirements-deps.txt", f"tools/plansite-{__version__}-py3-none-any.whl",
                "schemas/json/plan.schema.json", "schemas/json/formats.cjs"]:
        assert (root / rel).is_file(), rel
        assert f"+ {rel}" in out.out
    site = yaml.safe_load((root / "site.yml").read_text(encoding="utf-8"))
    assert site["profile"] == "henan" and site["city"] == "信阳市"
    assert site["title"] == "信阳市能力提升工程 2.0 两案公示平台"
    content, diags = check_site(root)
    assert diags == [] and content.schools == []
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "信阳市" in readme and "合并请求" in readme and "plansite new" in readme and "{" not in readme
    assert "plansite docs" in readme and "docs/" not in readme  # the guide comes with plansite, not a folder


def test_no_file_init_writes_points_to_a_docs_folder_it_does_not_have(tmp_path, capsys):
    init(tmp_path, capsys)
    root = tmp_path / "city"
    for path in [p for p in root.rglob("*") if p.suffix in (".yml", ".yaml", ".md")]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(?<![\w/])docs/\w", text), path
        if "ci.md" in text or "commands.md" in text:
            assert "plansite docs" in text, path


def test_every_yaml_file_written_has_a_schema_line_that_resolves(tmp_path, capsys):
    init(tmp_path, capsys)
    root = tmp_path / "city"
    files = [p for p in root.rglob("*") if p.suffix in (".yml", ".yaml")]
    assert len(files) == 8  # site, district, pre-commit, and the CI files of four hosts
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith(SCHEMA_LINE), path
        target = first.removeprefix(SCHEMA_LINE)
        assert target.startswith("https://") or (path.parent / target).is_file(), (path, target)
        yaml.safe_load(path.read_text(encoding="utf-8"))


def test_ci_files_install_the_wheel_in_tools_checked_by_its_hash(tmp_path, capsys):
    init(tmp_path, capsys, "--title", "某市两案: 公示")
    root = tmp_path / "city"
    wheel = root / "tools" / f"plansite-{__version__}-py3-none-any.whl"
    lines = [ln for ln in (root / "tools/requirements-ci.txt").read_text(encoding="utf-8").splitlines()
             if ln and not ln.startswith("#")]
    assert lines == [f"./tools/{wheel.name} --hash=sha256:{hashlib.sha256(wheel.read_bytes()).hexdigest()}"]
    assert "generator/_data/docs/guide-teachers.md" in zipfile.ZipFile(wheel).namelist()
    pins = [ln for ln in (root / "tools/requirements-deps.txt").read_text(encoding="utf-8").splitlines()
            if ln and not ln.startswith("#")]
    names = {re.split(r"==", ln)[0] for ln in pins}
    assert {"jinja2", "pydantic", "pydantic-core", "pyyaml", "pagefind-bin-extended"} <= names
    assert all(re.fullmatch(r"[a-z0-9-]+==[\w.+!-]+( ; .+)?", ln) for ln in pins), pins
    assert all(ln.split(" ; ")[0] == f"{n}=={metadata.version(n)}" for ln, n in zip(pins, sorted(names)))
    site = yaml.safe_load((root / "site.yml").read_text(encoding="utf-8"))
    assert site["title"] == "某市两案: 公示" and "city" not in site  # no city given: the key stays a comment


@pytest.mark.parametrize("host, files", [
    ("gitlab", [".gitlab-ci.yml"]),
    ("gitea", [".gitea/workflows/plansite.yml"]),
    ("github", [".github/workflows/plansite.yml", ".github/workflows/plansite-comment.yml"]),
])
def test_host_writes_that_host_s_ci_files_only(tmp_path, capsys, host, files):
    code, _ = init(tmp_path, capsys, "--host", host)
    root = tmp_path / "city"
    ci = {p.relative_to(root).as_posix() for p in root.rglob("*")
          if p.is_file() and (p.name == ".gitlab-ci.yml" or "workflows" in p.parts)}
    assert code == 0 and ci == set(files)


def test_the_wheel_packed_from_an_installation_is_the_wheel_installed_and_refuses_a_changed_file(tmp_path):
    built = this_wheel()
    installed = tmp_path / "site-packages"
    zipfile.ZipFile(__import__("io").BytesIO(built.data)).extractall(installed)  # what pip puts in place
    dist = metadata.PathDistribution(installed / f"plansite-{__version__}.dist-info")
    assert _from_installation(dist) == built  # the same bytes, file name and hash
    (installed / "generator" / "_data" / "docs" / "ci.md").write_text("改过的指南", encoding="utf-8")
    with pytest.raises(WheelError, match="generator/_data/docs/ci.md"):
        _from_installation(dist)


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


def test_the_next_step_init_prints_runs_as_written(tmp_path, capsys):
    """A new user copies the printed plansite new line: it makes a school in the example district
    (a placeholder such as --district 区 is refused by new), and the branch the CI publishes is named."""
    code, out = init(tmp_path, capsys)
    assert code == 0
    line = next(x for x in out.out.splitlines() if x.startswith("下一步"))
    args = re.search(r"plansite (new [-a-z0-9 ]+)", line).group(1).split()
    assert main([*args, "--root", str(tmp_path / "city")]) == 0, capsys.readouterr()
    assert "git init -b main" in line


def test_what_the_commands_and_the_ci_write_is_ignored_by_git(tmp_path, capsys):
    """A city's IT person builds, exports and runs the CI steps in the repository, then git add -A:
    nothing written by plansite (site, Word/PDF export, summaries, code quality report) is added."""
    import subprocess
    code, _ = init(tmp_path, capsys)
    root = tmp_path / "city"
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    written = ["_site/index.html", "_export/d/s/plan.docx", "public/index.html", "plansite-review.md",
               "plansite-review-full.md", "plansite-pr.txt", "gl-code-quality.json", ".plansite-cache/x"]
    for rel in written:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x", encoding="utf-8")
    ignored = subprocess.run(["git", "check-ignore", *written], cwd=root, capture_output=True, text=True).stdout
    assert sorted(ignored.split()) == sorted(written)


def test_init_parts_writes_the_matrix_variants_for_n_parts(tmp_path, capsys):
    code, _ = init(tmp_path, capsys, "--parts", "6")
    assert code == 0
    root = tmp_path / "city"
    github = yaml.safe_load((root / ".github/workflows/plansite.yml").read_text(encoding="utf-8"))["jobs"]
    assert github["parts"]["strategy"]["matrix"]["part"] == [1, 2, 3, 4, 5, 6]
    assert '/6"' in str(github["parts"]["steps"]) and '/4"' not in str(github["parts"]["steps"])
    gitlab = yaml.safe_load((root / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert gitlab["plansite-part"]["parallel"]["matrix"] == [{"PART": [f"{i}/6" for i in range(1, 7)]}]
    assert "--merge" not in (root / ".gitea/workflows/plansite.yml").read_text(encoding="utf-8")
    assert main(["init", str(tmp_path / "other"), "--parts", "0"]) == 2
