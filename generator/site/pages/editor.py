"""The form editor at /admin/: Decap CMS, configured from the models.

Schools that never used Git fill in their plans in forms. Decap CMS (pinned in
generator/site/vendor/decap-cms/, scripts/fetch-decap-cms.py) reads its configuration (admin/config.json) and edits the YAML
files in the site's repository on GitLab, Gitea/Forgejo or GitHub; with `editorial_workflow` each
save is a branch and a merge request, so the check in CI and the experts' review work as for a
hand edit. The editor is built only when site.yml has an `editor:` block.

The configuration is generated here from the content models, so the forms say what `plansite check`
says: a field's label is the label its description starts with (model.files.label, as in the JSON
Schemas and the field reference), its hint the rest of the Chinese description; lists of blocks
are lists of rows; the fixed choices of a Literal are choices; capability codes are choices from
the school's own catalog, showing names; dates carry the pattern the check reads (core.dates).

Collections: for each district, "新建学校" creates content/<district>/<id>/school.yml, and two
more create that school's plan.yml and training.yml (the school's folder is the entry's path, so
no key of ours is added to the file); for each school already on the site, one collection with its
files (school, plan, training plan, self-scores, teachers, groups, outputs, filing). Each save is
its own branch: a new school's three merge requests are merged together.
"""

from __future__ import annotations

import hashlib
import json
import typing
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel

from ...core.dates import POINT_PATTERN
from ...load.content import profile_for
from ...model import Filing, Groups, Outputs, Plan, School, SelfScore, Teachers, Training
from ...model.files import label
from ...model.site import Editor
from ..context import Produced

ADMIN = "admin/"
FILES: list[tuple[str, str, type[BaseModel]]] = [
    ("school.yml", "学校基本信息", School), ("plan.yml", "学校信息化教育教学发展规划", Plan),
    ("training.yml", "校本研修与考核方案", Training), ("selfscore.yml", "学校自评", SelfScore),
    ("teachers.yml", "教师档案", Teachers), ("groups.yml", "教研组档案", Groups),
    ("outputs.yml", "研修成果", Outputs), ("filing.yml", "两案的报送、审核与备案记录", Filing)]
"""Every file a school writes, in the order the editor lists them."""

SKIP = frozenset({"sample", "original", "source"})
"""Fields the forms leave out: the sample flag of generated data, the record of a source's own
slips, and where facts were taken from (kept in the file when present: Decap keeps what it does
not show)."""

_DATE_WORDS = ("如 2020.9", "如 2021.8", "如 2020-10-15", "日期")
_CODE_WORDS = "能力点代码"
_API = {"gitlab": "/api/v4", "gitea": "/api/v1", "github": None}

INDEX = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title}</title>
<link rel="icon" href="data:,">
<style>
/* Decap CMS's own colours that are too pale to read (axe: color-contrast), made darker */
[class*="textBadgeDanger"] {{ color: #a3122a !important; }}
[class*="textBadgeSuccess"] {{ color: #14663a !important; }}
[class*="AppHeaderSiteLink"] {{ color: #3a4250 !important; }}
[class*="FieldLabel"] {{ color: #2f3744 !important; background-color: #e3e6ec !important; transition: none !important; }}
[class*="ControlContainer"]:focus-within > [class*="ControlTopbar"] [class*="FieldLabel"] {{
  background-color: #2b4a7a !important; color: #fff !important; }}
.Toastify__toast {{ color: #fff !important; }}
.Toastify__toast-body > div {{ color: #fff !important; }}
.Toastify__toast--success {{ background: #1e6b3a !important; }}
.Toastify__toast--error {{ background: #a3122a !important; }}
.Toastify__toast--info, .Toastify__toast--warning, .Toastify__toast--default {{ background: #2b4a7a !important; }}
</style>
</head>
<body>
<noscript>表单编辑器需要启用 JavaScript。</noscript>
<script>window.CMS_MANUAL_INIT = true;</script>
<script src="decap-cms.js?v={digest}"></script>
<script>
// config.json holds the fields of each kind of school file once per catalog; every school's
// collection names them (a city's hundreds of schools would otherwise repeat them all)
fetch("config.json?v={config_digest}").then(function (r) {{ return r.json(); }}).then(function (config) {{
  var shared = config.fields;
  delete config.fields;
  config.collections.forEach(function (c) {{
    (c.files || []).forEach(function (f) {{ f.fields = shared[f.fields]; }});
  }});
  config.load_config_file = false;
  CMS.init({{config: config}});
}});
</script>
<script>
// Decap CMS's icon buttons of a list row and its drag handles have no name a screen reader can say
new MutationObserver(function () {{
  document.querySelectorAll('[class*="TopBarButton"]:not([aria-label])').forEach(function (b) {{
    b.setAttribute("aria-label", b.nextElementSibling ? "展开或收起这一项" : "删除这一项");
  }});
  document.querySelectorAll('[aria-describedby^="DndDescribedBy"]:not([aria-label])').forEach(function (d) {{
    d.setAttribute("aria-label", "拖动以调整顺序");
  }});
}}).observe(document.documentElement, {{childList: true, subtree: true}});
</script>
</body>
</html>
"""


def _vendor():
    return resources.files("generator.site") / "vendor" / "decap-cms"


@lru_cache(maxsize=1)
def vendor_files() -> dict[str, bytes]:
    """The pinned Decap CMS build, by file name (its licence and manifest included)."""
    return {item.name: item.read_bytes() for item in _vendor().iterdir() if item.is_file()}


def _description(info) -> str:
    return (info.description or "").split(" · ", 1)[0].strip()


def _hint(text: str, shown: str) -> str | None:
    """The whole Chinese description, as the field reference shows it, when it says more than the label."""
    return text if text and text != shown else None


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """(the type inside Annotated and Optional, whether None is allowed)."""
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in _UNIONS:
            args, allows_none = _without_none(annotation)
            optional = optional or allows_none
            if len(args) != 1:
                return _union_type(args), optional
            annotation = args[0]
        else:
            return annotation, optional


_UNIONS = (typing.Union, getattr(__import__("types"), "UnionType", None))


def _without_none(union: Any) -> tuple[list, bool]:
    """A union's types besides None, and whether None was among them."""
    args = [a for a in typing.get_args(union) if a is not type(None)]
    return args, len(args) < len(typing.get_args(union))


def _union_type(args: list) -> type:
    """What a form field of several types holds: a number when any of them is one (int | str,
    Number | str: a number is what the check wants), else text."""
    numbers = [a for a in args if a in (int, float) or typing.get_origin(a) is typing.Union]
    return float if numbers else str


def _is_markdown(annotation: Any) -> bool:
    text = repr(annotation)
    return "'format': 'markdown'" in text


_SCALARS: dict[Any, dict[str, str]] = {
    bool: {"widget": "boolean"},
    int: {"widget": "number", "value_type": "int"},
    float: {"widget": "number", "value_type": "float"},
}
"""The widget of each plain type that is not text."""


def _pattern(info) -> str | None:
    """The pattern a field's value must match, when its metadata sets one."""
    return next((m.pattern for m in info.metadata if getattr(m, "pattern", None)), None)


def _default(default: Any) -> dict:
    """A field's default as the form's, when it is a plain value (not a type, not True/False, not "")."""
    if isinstance(default, (str, int, float)) and not isinstance(default, (bool, type)) and default != "":
        return {"default": default}
    return {}


class Fields:
    """Decap fields from a model, with the capability codes of one catalog as choices."""

    def __init__(self, codes: list[tuple[str, str]]):
        self.codes = codes

    def of(self, model: type[BaseModel], optional: bool = False) -> list[dict]:
        """The fields of model; optional: the block itself may be left out, so nothing in it is
        required of the form (Decap checks a required field even in a block left empty; the
        check still says what a block that is given lacks)."""
        out = []
        for name, info in model.model_fields.items():
            if name in SKIP:
                continue
            field = self.field(info.alias or name, info, optional)
            if field is not None:
                out.append(field)
        return out

    def field(self, key: str, info, optional: bool = False) -> dict | None:
        """A model field's form field: name, label, hint, whether required, its widget, its default."""
        text = _description(info)
        shown = label(info.description) or key
        may_skip = optional or not info.is_required()
        widget = self.widget(info.annotation, text, _pattern(info), may_skip)
        if widget is None:
            return None
        hint = _hint(text, shown)
        return {"name": key, "label": shown, **({"hint": hint} if hint else {}),
                **({"required": False} if may_skip else {}), **widget, **_default(info.default)}

    def widget(self, annotation: Any, text: str, pattern: str | None = None, optional: bool = False) -> dict | None:
        """The widget of a type: a choice, a list, an object of fields, a number, a checkbox or text."""
        inner, _ = _unwrap(annotation)
        origin = typing.get_origin(inner)
        if origin in (Literal, list, dict):
            return self.generic(inner, origin, text)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return {"widget": "object", "collapsed": False, "fields": self.of(inner, optional)}
        if inner in _SCALARS:
            return dict(_SCALARS[inner])
        return self.text(text, pattern, _is_markdown(annotation))

    def generic(self, inner: Any, origin: Any, text: str) -> dict | None:
        """A Literal's choices, a list's widget; none for a dict (the form leaves it out)."""
        if origin is Literal:
            return {"widget": "select", "options": list(typing.get_args(inner))}
        if origin is list:
            (item,) = typing.get_args(inner)
            return self.list_of(item, text)
        return None

    def text(self, text: str, pattern: str | None, markdown: bool) -> dict:
        """A text field: capability codes as choices, Markdown as a text area, else one line,
        checked against its pattern (or the date pattern when the description asks for a date)."""
        if _CODE_WORDS in text and self.codes:
            return self.codes_widget(multiple=False)
        if markdown:
            return {"widget": "text"}
        out: dict[str, Any] = {"widget": "string"}
        if pattern:
            out["pattern"] = [pattern, f"格式不对：{text}"]
        elif any(word in text for word in _DATE_WORDS):
            out["pattern"] = [POINT_PATTERN, "日期写成 2020.9、2020-10-15 或 2020 年 9 月上旬"]
        return out

    def list_of(self, item: Any, text: str) -> dict:
        inner, _ = _unwrap(item)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return self.list_of_objects(inner)
        if _CODE_WORDS in text and self.codes:
            return self.codes_widget(multiple=True)
        widget = "text" if _is_markdown(item) else "string"
        return {"widget": "list", "field": {"name": "item", "label": "一项", "widget": widget}, "default": []}

    def list_of_objects(self, model: type[BaseModel]) -> dict:
        """A list of blocks, collapsed, each summed up by its first field shown as a line or a choice."""
        fields = self.of(model)
        summary = next((f"{{{{fields.{f['name']}}}}}" for f in fields if f["widget"] in ("string", "select")), None)
        # default []: otherwise Decap starts a list inside a block with one empty row
        out = {"widget": "list", "fields": fields, "collapsed": True, "default": []}
        if summary:
            out["summary"] = summary
        return out

    def codes_widget(self, multiple: bool) -> dict:
        options = [{"label": f"{code} {name}".strip(), "value": code} for code, name in self.codes]
        out: dict[str, Any] = {"widget": "select", "options": options}
        if multiple:
            out["multiple"] = True
        return out


def backend(editor: Editor) -> dict:
    """Decap's backend block from site.yml's `editor:`."""
    out: dict[str, Any] = {"name": editor.host, "repo": editor.repo, "branch": editor.branch,
                           "squash_merges": True, "commit_messages": {
                               "create": "新建 {{collection}}：{{slug}}", "update": "修改 {{collection}}：{{slug}}",
                               "delete": "删除 {{collection}}：{{slug}}"}}
    if editor.base_url:
        out["base_url"] = editor.base_url.rstrip("/")
    api = _api_root(editor)
    if api:
        out["api_root"] = api
    if editor.app_id:
        out["app_id"] = editor.app_id
        if editor.host in ("gitlab", "gitea"):
            out["auth_type"] = "pkce"
    if editor.auth_endpoint:
        out["auth_endpoint"] = editor.auth_endpoint
    return out


def _api_root(editor: Editor) -> str | None:
    """The host's API address: as site.yml gives it, else its base_url and the host's API path."""
    if editor.api_root:
        return editor.api_root
    path = _API[editor.host]
    return editor.base_url.rstrip("/") + path if editor.base_url and path else None


def _codes(catalog) -> list[tuple[str, str]]:
    return [(p.code, catalog.point_label(p.code) if catalog else "") for p in (catalog.points if catalog else [])]


def config(content, catalog_of) -> dict:
    """The whole of config.json: backend, workflow, one collection to create schools per district and
    one per school with its files. catalog_of(entry or None) gives the catalog of a school (of the
    site for None)."""
    editor = content.config.editor
    out: dict[str, Any] = {
        "backend": backend(editor), "publish_mode": "editorial_workflow", "locale": "zh_Hans",
        "media_folder": "content/.media", "site_url": "../", "display_url": "返回网站",
        "show_preview_links": False, "search": False,
        "editor": {"preview": False},
    }
    if editor.local_backend:
        out["local_backend"] = True
    site_fields = Fields(_codes(catalog_of(None)))
    collections = [c for did, dentry in sorted(content.districts.items())
                   for c in _new_school_collections(did, dentry.district.name if dentry.district else did, site_fields)]
    shared: dict[str, list] = {}  # the fields of one file with one catalog's choices, written once
    for entry in sorted(content.schools, key=lambda e: (e.district, e.folder.name)):
        collections.append(_school_collection(entry, catalog_of(entry), shared))
    out["collections"] = collections
    out["fields"] = shared
    return out


def _new_school_collections(did: str, name: str, site_fields: Fields) -> list[dict]:
    """A district's collections to create a school: its school.yml, then its plan and training."""
    collections = [{
        "name": f"new-{did}", "label": f"新建学校 · {name}", "label_singular": f"{name}的新学校",
        "description": f"第一步：在{name}新建一所学校，填写学校基本信息并保存。"
                       "第二、三步：在下面两个栏目里为这所学校新建发展规划和研修方案。",
        "folder": f"content/{did}", "path": "{{slug}}/school", "slug": "{{id}}",
        "identifier_field": "id", "summary": "{{name}}", "extension": "yml", "format": "yml",
        "create": True, "delete": False, "fields": Fields([]).of(School)}]
    for file, what, model in FILES[1:3]:
        collections.append({
            "name": f"new-{did}-{file.removesuffix('.yml')}", "label": f"新学校的{what} · {name}",
            "label_singular": what,
            "description": f"为{name}新建的学校填写《{what}》：先在“学校文件夹”里填上学校编号。",
            "folder": f"content/{did}", "extension": "yml", "format": "yml", "create": True, "delete": False,
            "nested": {"depth": 2, "subfolders": False, "summary": "{{title}}"},
            "meta": {"path": {"widget": "string", "label": "学校文件夹（填学校编号）", "index_file": file[:-4]}},
            "identifier_field": "title", "fields": site_fields.of(model)})
    return collections


def _school_collection(entry, catalog, shared: dict[str, list]) -> dict:
    """A school's collection: its files, each naming its fields in `shared` (added there for the
    school's catalog when it is the first school of it)."""
    key = catalog.id if catalog else ""
    if f"{key}/school" not in shared:
        fields = Fields(_codes(catalog))
        shared.update({f"{key}/{file[:-4]}": fields.of(model) for file, _, model in FILES})
    title = entry.school.name if entry.school else entry.folder.name
    files = [{"name": file.removesuffix(".yml"), "label": what, "file": f"{entry.rel}/{file}",
              "fields": f"{key}/{file[:-4]}"} for file, what, model in FILES]
    return {"name": f"school-{entry.district}-{entry.folder.name}", "label": title,
            "files": files, "delete": False, "format": "yml"}


def config_text(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n"


def produce(ctx):
    """admin/: the editor's page, its configuration and the pinned Decap CMS build."""
    content = ctx.content
    if content.config is None or content.config.editor is None:
        return Produced([], {})

    def catalog_of(entry):  # the school's catalog, as its pages show it; the site's for None
        profile = profile_for(entry, content) if entry is not None else \
            content.policy.profiles.get(content.profile_id or "")
        return content.policy.catalog_for(profile) if profile else None

    files = {f"{ADMIN}{name}": data for name, data in vendor_files().items() if not name.endswith(".sha256")}
    digest = _manifest_digest()[:10]
    settings = config_text(config(content, catalog_of)).encode("utf-8")
    files[f"{ADMIN}config.json"] = settings
    files[f"{ADMIN}index.html"] = INDEX.format(title=f"表单编辑器 · {content.config.title}", digest=digest,
                                              config_digest=hashlib.sha256(settings).hexdigest()[:10]).encode("utf-8")
    return Produced([], files)


def _manifest_digest() -> str:
    manifest = vendor_files().get("decap-cms.sha256", b"").decode("utf-8")
    for row in manifest.splitlines():
        digest, name = row.split(None, 1)
        if name == "decap-cms.js":
            return digest
    return "0" * 10  # pragma: no cover - the manifest always lists the bundle


