"""plansite as a city installs it: the built wheel in a fresh virtual environment, far from this tree.

The wheel is built once per session (sdist first, then the wheel from the sdist, as `python -m
build` does) from a copy of the source. The venv gets the wheel itself with `--no-deps`; the
dependencies already installed here are put on its path by a .pth file, so no network is needed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path
from site import getsitepackages

import pytest
import yaml
from sitekit import PLAN, SCHOOL, TRAINING, dump, git_repo

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


def ci_env(venv: Path, extra: dict) -> dict:
    """What a CI job's shell sees here: the job's venv first on PATH, pip offline (dependencies are installed)."""
    path = f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}"
    return {"PATH": path, "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1", **extra}


PULL_REQUEST = {"github.base_ref": "main", "github.event.pull_request.number": "7"}


def github_steps(workflow: Path, job: str, values: dict) -> list[tuple[str, dict]]:
    """The run steps of one job, with the ${{ … }} expressions the test gives put in."""
    def put(text: str) -> str:
        return re.sub(r"\$\{\{\s*([\w.]+)\s*\}\}", lambda m: values[m.group(1)], str(text))
    steps = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"][job]["steps"]
    return [(put(s["run"]), {k: put(v) for k, v in s.get("env", {}).items()}) for s in steps if "run" in s]


def pull_request(tool: Path, where: Path) -> tuple[Path, str]:
    """An init'ed site as a host holds it (upstream.git), and a clone whose branch adds a school."""
    run(tool, "init", "city", "--city", "东城市", cwd=where)
    git_repo(where / "city")
    run("git", "clone", "-q", "--bare", "city", "upstream.git", cwd=where)
    run("git", "clone", "-q", "upstream.git", "work", cwd=where)
    work = where / "work"
    base = run("git", "rev-parse", "HEAD", cwd=work).stdout.strip()
    run("git", "checkout", "-q", "-b", "add-school", cwd=work)
    add_school(tool, work)
    for args in (["config", "user.email", "t@example.invalid"], ["config", "user.name", "tester"],
                 ["add", "-A"], ["commit", "-qm", "朝阳小学的两案"]):
        run("git", *args, cwd=work)
    return work, base


@pytest.mark.slow
def test_the_generated_ci_steps_run_green_by_hand_with_the_hash_checked(venv, tmp_path):
    work, base = pull_request(plansite(venv), tmp_path)
    job = tmp_path / "job-venv"
    new_venv(job, with_pip=True)
    summary = tmp_path / "step-summary.md"
    for script, env in github_steps(work / ".github/workflows/plansite.yml", "check", PULL_REQUEST):
        done = run("bash", "-e", "-c", script, cwd=work, env=ci_env(job, {"GITHUB_STEP_SUMMARY": str(summary), **env}))
        assert done.returncode == 0, (script, done.stdout[-2000:], done.stderr[-2000:])
    installed = run(job / "bin/python", "-c", "import generator; print(generator.__file__)", cwd=work).stdout
    assert Path(installed.strip()).resolve().is_relative_to(job.resolve())
    assert "朝阳小学" in summary.read_text(encoding="utf-8") and (work / "plansite-pr.txt").read_text().strip() == "7"
    assert "朝阳小学" in (work / "_site/schools/sunrise-primary/index.html").read_text(encoding="utf-8")

    gitlab = yaml.safe_load((work / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    script = "\n".join(gitlab["default"]["before_script"] + gitlab["plansite-check"]["script"])
    variables = {"CI_MERGE_REQUEST_DIFF_BASE_SHA": base,  # a fork's merge request: no PLANSITE_BOT_TOKEN
                 "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main"}
    done = run("bash", "-e", "-c", script, cwd=work, env=ci_env(job, variables))
    assert done.returncode == 0, (done.stdout[-2000:], done.stderr[-2000:])
    assert "朝阳小学" in done.stdout and json.loads((work / "gl-code-quality.json").read_text()) == []
    done = run("bash", "-e", "-c", "\n".join(gitlab["pages"]["script"]), cwd=work, env=ci_env(job, {}))
    assert done.returncode == 0 and (work / "public/schools/sunrise-primary/index.html").is_file(), done.stderr


@pytest.mark.slow
def test_the_ci_install_step_refuses_a_wheel_that_is_not_the_one_init_wrote(venv, tmp_path):
    tool = plansite(venv)
    run(tool, "init", "city", "--host", "github", cwd=tmp_path)
    city = tmp_path / "city"
    install = github_steps(city / ".github/workflows/plansite.yml", "check", PULL_REQUEST)[0][0]
    wheel = next((city / "tools").glob("plansite-*.whl"))
    wheel.write_bytes(wheel.read_bytes() + b"\0")  # one byte more than init wrote
    job = tmp_path / "job-venv"
    new_venv(job, with_pip=True)
    done = run("bash", "-e", "-c", install, cwd=city, env=ci_env(job, {}), check=False)
    assert done.returncode != 0 and "HASHES" in done.stderr
    assert "No module named" in run(job / "bin/python", "-c", "import generator", cwd=city, check=False).stderr
