"""The form editor's configuration, generated from the models and site.yml's `editor:` block."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from sitekit import SITE, make_site

from generator.core.dates import POINT_PATTERN, DateError, parse_span
from generator.load.content import load_content
from generator.model.files import label
from generator.model.site import Editor
from generator.site.pages import editor as ed

REPO = Path(__file__).resolve().parent.parent
EDITOR = {"host": "gitlab", "repo": "jyj/liangan", "base_url": "https://git.example.edu.cn", "app_id": "abc"}


class _Ctx:
    def __init__(self, content):
        self.content = content


def _produce(tmp_path, **editor):
    root = make_site(tmp_path / "site", site=dict(SITE, editor=dict(EDITOR, **editor)) if editor is not None else SITE)
    content = load_content(root, [])
    return ed.produce(_Ctx(content))[1]


def _config(tmp_path, **editor) -> dict:
    """The configuration Decap CMS is given: what the page's script (editor.py INDEX) does with
    config.json, each school file's fields put in from the shared table."""
    data = json.loads(_produce(tmp_path, **editor)["admin/config.json"])
    shared = data.pop("fields")
    for collection in data["collections"]:
        for file in collection.get("files", []):
            file["fields"] = shared[file["fields"]]
    return data


def _fields(fields, path=""):
    for f in fields:
        yield path + f["name"], f
        yield from _fields(f.get("fields", []), path + f["name"] + ".")


def test_no_editor_without_an_editor_block(tmp_path):
    assert _produce(tmp_path) != {}
    root = make_site(tmp_path / "plain")
    assert ed.produce(_Ctx(load_content(root, [])))[1] == {}


def test_gitlab_signs_in_with_pkce_and_each_save_is_a_merge_request(tmp_path):
    config = _config(tmp_path)
    assert config["publish_mode"] == "editorial_workflow"
    assert config["locale"] == "zh_Hans"
    assert config["backend"] == {**config["backend"], "name": "gitlab", "repo": "jyj/liangan", "branch": "main",
                                 "api_root": "https://git.example.edu.cn/api/v4", "app_id": "abc", "auth_type": "pkce"}
    assert "local_backend" not in config


@pytest.mark.parametrize("host, api", [("gitea", "https://git.example.edu.cn/api/v1"), ("github", None)])
def test_gitea_and_github(host, api):
    backend = ed.backend(Editor(**dict(EDITOR, host=host)))
    assert backend["name"] == host and backend.get("api_root") == api
    assert (backend.get("auth_type") == "pkce") == (host == "gitea")


def test_a_repository_must_be_owner_and_name():
    with pytest.raises(ValueError):
        Editor(host="gitlab", repo="liangan")


def test_every_school_file_has_forms_with_chinese_labels_from_the_model(tmp_path):
    config = _config(tmp_path)
    names = [c["name"] for c in config["collections"]]
    assert names == ["new-d1", "new-d1-plan", "new-d1-training", "school-d1-test-school"]
    school = config["collections"][-1]
    assert [f["file"] for f in school["files"]] == [f"content/d1/test-school/{name}" for name, _, _ in ed.FILES]
    plan = next(f for f in school["files"] if f["name"] == "plan")
    fields = dict(_fields(plan["fields"]))
    from generator.model import Plan
    assert fields["team"]["label"] == label(Plan.model_fields["team"].description) == "信息化管理团队"
    assert fields["team.members"]["widget"] == "list" and fields["team.members"]["default"] == []
    assert fields["team.members.name"].get("required", True)  # a row that is added needs its name
    assert fields["it_lead.name"]["required"] is False  # a block left out asks nothing
    assert fields["problems"]["widget"] == "text"
    assert "sample" not in fields and "source" not in fields
    for _, f in _fields(plan["fields"]):
        assert re.search(r"[\u4e00-\u9fff]", f["label"]), f


def test_capability_codes_are_choices_from_the_schools_catalog_showing_names(tmp_path):
    config = _config(tmp_path)
    plan = next(f for f in config["collections"][-1]["files"] if f["name"] == "plan")
    fields = dict(_fields(plan["fields"]))
    goal_codes = fields["goals.capabilities"]
    assert goal_codes["widget"] == "select" and goal_codes["multiple"] is True
    assert {"label": "G4 基于数据分析的学情诊断", "value": "G4"} in goal_codes["options"]
    assert fields["capabilities.code"]["widget"] == "select" and "multiple" not in fields["capabilities.code"]


def test_fixed_choices_and_dates(tmp_path):
    config = _config(tmp_path)
    school = dict(_fields(config["collections"][0]["fields"]))
    assert school["stage"]["options"][:2] == ["幼儿园", "小学"]
    assert school["id"]["pattern"][0] == r"^[a-z0-9][a-z0-9-]*$"
    plan = dict(_fields(config["collections"][1]["fields"]))
    assert plan["period.start"]["pattern"][0] == POINT_PATTERN


@pytest.mark.parametrize("text", ["2020.9", "2020-10-15", "2020 年 9 月上旬", "2021年3月", "2020", "2020.9.1",
                                  "九月", "2020/9/1/2", "2020 年 旬", "20201"])
def test_the_forms_date_pattern_accepts_the_shapes_the_check_reads(text):
    try:
        parse_span(text)
        readable = True
    except DateError:
        readable = False
    assert bool(re.match(POINT_PATTERN, text)) == readable


def test_the_page_loads_nothing_from_outside(tmp_path):
    files = _produce(tmp_path)
    page = files["admin/index.html"].decode("utf-8")
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", page)
    assert "decap-cms.js?v=" in page and "admin/decap-cms.js" in files
    assert "admin/decap-cms.LICENSE.txt" in files and "admin/decap-cms.sha256" not in files


def test_the_pinned_build_has_its_hash(capsys):
    import importlib.util
    spec = importlib.util.spec_from_file_location("fetch_decap", REPO / "scripts" / "fetch-decap-cms.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.main(["--check"]) == 0
    assert (script.VENDOR / script.LICENCE).read_text(encoding="utf-8").startswith("Decap CMS")


def test_a_changed_file_of_the_build_fails_the_check(tmp_path, capsys):
    import importlib.util
    import shutil
    spec = importlib.util.spec_from_file_location("fetch_decap", REPO / "scripts" / "fetch-decap-cms.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    copy = tmp_path / "decap-cms"
    shutil.copytree(script.VENDOR, copy)
    (copy / "decap-cms.js").write_bytes((copy / "decap-cms.js").read_bytes() + b"\n")
    script.VENDOR, script.MANIFEST = copy, copy / script.MANIFEST.name
    assert script.main(["--check"]) == 1
    assert "decap-cms.js: missing or is not the pinned file" in capsys.readouterr().err


def test_the_fields_of_each_kind_of_file_are_written_once_per_catalog(tmp_path):
    root = make_site(tmp_path / "site", site=dict(SITE, editor=EDITOR))
    for name in ("second-school", "third-school"):
        shutil.copytree(root / "content" / "d1" / "test-school", root / "content" / "d1" / name)
        school = root / "content" / "d1" / name / "school.yml"
        school.write_text(school.read_text(encoding="utf-8").replace("test-school", name), encoding="utf-8")
    raw = json.loads(ed.produce(_Ctx(load_content(root, [])))[1]["admin/config.json"])
    schools = [c for c in raw["collections"] if "files" in c]
    assert len(schools) == 3 and len(raw["fields"]) == len(ed.FILES)
    assert {f["fields"] for c in schools for f in c["files"]} == set(raw["fields"])
