"""plansite as a city installs it: the built wheel in a fresh virtual environment, far from this tree.

The wheel is built once per session (sdist first, then the wheel from the sdist, as `python -m
build` does) from a copy of the source. The venv gets the wheel itself with `--no-deps`; the
dependencies already installed here are put on its path by a .pth file, so no network is needed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path
from site import getsitepackages

import pytest
from sitekit import PLAN, SCHOOL, TRAINING, dump

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ["pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "generator", "themes", "schemas", "templates",
          "docs"]


def run(*args, cwd: Path, check: bool = True, env: dict | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")} | (env or {})
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True)
    if check and done.returncode != 0:
        raise AssertionError(f"{args} → {done.returncode}\n{done.stdout}\n{done.stderr}")
    return done


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    pytest.importorskip("build")
    src = tmp_path_factory.mktemp("source")
    for name in SOURCE:
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(
            ROOT / name, src / name, **({"ignore": shutil.ignore_patterns("__pycache__", "_data")}
                                       if (ROOT / name).is_dir() else {}))
    dist = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "build", "--no-isolation", "--outdir", dist, src, cwd=src)
    return next(dist.glob("plansite-*.whl"))


def new_venv(env: Path, *, with_pip: bool = False) -> Path:
    """A new venv that sees the test environment's packages, the way they were installed here."""
    run(sys.executable, "-m", "venv", *([] if with_pip else ["--without-pip"]), env, cwd=env.parent)
    py = env / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = Path(run(py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=env.parent)
                .stdout.strip())
    # the test environment's packages (and, for a venv made with --system-site-packages, the
    # system's) as plain path entries: their .pth files, an editable plansite's among them, stay unread
    here = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"], *getsitepackages()}
    (site / "_plansite_test_deps.pth").write_text("\n".join(sorted(here)) + "\n", encoding="utf-8")
    return py


@pytest.fixture(scope="session")
def venv(wheel, tmp_path_factory) -> Path:
    """A new venv holding the wheel; its plansite and its generator come from the wheel only."""
    where = tmp_path_factory.mktemp("city-office")
    py = new_venv(where / "venv")
    run(sys.executable, "-m", "pip", "--python", py, "install", "-q", "--no-deps", "--no-index", wheel, cwd=where)
    return where / "venv"


def plansite(venv: Path) -> Path:
    return venv / ("Scripts/plansite.exe" if os.name == "nt" else "bin/plansite")


def test_wheel_and_sdist_carry_theme_schemas_and_templates(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for rel in ["themes/default/templates/base.html", "schemas/profiles/guangdong.yml",
                "schemas/catalogs/guangdong-zhihui.yml", "schemas/rubrics/yantai-2021.yml",
                "schemas/json/plan.schema.json", "schemas/json/formats.cjs",
                "templates/ci/github-actions.yml", "templates/ci/gitea-actions.yml", "templates/site/site.yml",
                "docs/index.md", "docs/guide-teachers.md", "docs/ci.md", "docs/rules.md", "docs/commands.md"]:
        assert f"generator/_data/{rel}" in names, rel
    assert "generator/core/data/messages.yml" in names
    sdist = next(wheel.parent.glob("plansite-*.tar.gz"))
    import tarfile
    members = {m.split("/", 1)[1] for m in tarfile.open(sdist).getnames() if "/" in m}
    assert {"themes/default/templates/base.html", "schemas/profiles/guangdong.yml", "setup.py",
            "templates/ci/gitlab-ci.yml", "docs/guide-teachers.md"} <= members


def test_the_installed_package_is_the_wheel(venv):
    where = venv.parent
    out = run(venv / "bin" / "python", "-c",
              "import generator, generator.core.resources as r; print(generator.__file__); print(r.shipped('themes'))",
              cwd=where).stdout.splitlines()
    assert all(Path(line).resolve().is_relative_to(venv.resolve()) for line in out), out


def add_school(tool: Path, city: Path) -> None:
    """A school added as an office adds one: plansite new, then the three files filled in."""
    run(tool, "new", "--district", "east", "--school", "sunrise-primary", cwd=city)
    folder = city / "content" / "east" / "sunrise-primary"
    school = dict(SCHOOL, id="sunrise-primary", name="朝阳小学")
    for name, data in (("school.yml", school), ("plan.yml", PLAN), ("training.yml", TRAINING)):
        line = (folder / name).read_text(encoding="utf-8").splitlines()[0]
        assert line.startswith("# yaml-language-server: $schema=")
        (folder / name).write_text(line + "\n" + dump(data), encoding="utf-8")
    district = city / "content" / "east" / "_district.yml"
    district.write_text(district.read_text(encoding="utf-8").splitlines()[0] + "\nname: 东区\n", encoding="utf-8")


def test_init_new_check_build_in_the_installed_tool(venv):
    tool, where = plansite(venv), venv.parent
    run(tool, "init", "city", "--city", "东城市", cwd=where)
    city = where / "city"
    assert run(tool, "check", cwd=city).returncode == 0
    add_school(tool, city)
    checked = run(tool, "check", cwd=city, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    run(tool, "build", cwd=city)
    page = (city / "_site" / "schools" / "sunrise-primary" / "index.html").read_text(encoding="utf-8")
    assert "朝阳小学" in page
    assert "朝阳小学" in (city / "_site" / "index.html").read_text(encoding="utf-8")
    assert (city / "_site" / "static" / "vendor" / "plotly-cartesian.min.js").stat().st_size > 1_000_000


def test_the_installed_tool_gives_its_guide(venv):
    tool, where = plansite(venv), venv.parent
    shown = run(tool, "docs", cwd=where).stdout
    assert str(venv.resolve()) in shown and "guide-teachers.md" in shown and "ci.md" in shown
    run(tool, "docs", "--out", "guide", cwd=where)
    for name in ("index.md", "guide-teachers.md", "ci.md", "rules.md", "commands.md"):
        assert (where / "guide" / name).read_bytes() == (ROOT / "docs" / name).read_bytes(), name
    again = run(tool, "docs", "--out", "guide", cwd=where, check=False)
    assert again.returncode == 2 and "不覆盖" in again.stderr


def test_init_from_the_installed_tool_carries_the_wheel_it_was_installed_from(venv, wheel):
    tool, where = plansite(venv), venv.parent
    for name in ("one", "two"):
        run(tool, "init", name, "--host", "gitlab", cwd=where)
    packed = where / "one" / "tools" / wheel.name
    assert packed.read_bytes() == (where / "two" / "tools" / wheel.name).read_bytes()  # no clock in it
    original, copy = zipfile.ZipFile(wheel), zipfile.ZipFile(packed)
    files = sorted(n for n in original.namelist() if not n.endswith("/RECORD"))
    assert files == sorted(n for n in copy.namelist() if not n.endswith("/RECORD"))
    assert all(original.read(n) == copy.read(n) for n in files)


def test_the_wheel_checks_and_builds_the_demo_from_its_content_alone(venv):
    tool, demo = plansite(venv), venv.parent / "demo"
    demo.mkdir()
    shutil.copy(ROOT / "site.yml", demo / "site.yml")
    shutil.copytree(ROOT / "content", demo / "content")
    checked = run(tool, "check", cwd=demo, check=False)
    assert checked.returncode == 0, checked.stdout[-2000:]
    run(tool, "build", cwd=demo)
    assert "东莞市大朗镇巷头小学" in (demo / "_site" / "schools" / "xiangtou-primary" / "index.html").read_text(
        encoding="utf-8")
