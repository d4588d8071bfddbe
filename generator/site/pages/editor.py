"""The form editor at /admin/: Decap CMS, configured from the models.

Schools that never used Git fill in their plans in forms. Decap CMS (pinned in
generator/site/vendor/decap-cms/, scripts/fetch-decap-cms.py) reads config.yml and edits the YAML
files in the site's repository on GitLab, Gitea/Forgejo or GitHub; with `editorial_workflow` each
save is a branch and a merge request, so the check in CI and the experts' review work as for a
hand edit. The editor is built only when site.yml has an `editor:` block.

config.yml is generated here from the content models, so the forms say what `plansite check`
says: a field's label is the label its description starts with (model.files.label, as in the JSON
Schemas and the field reference), its hint the rest of the Chinese description; lists of blocks
are lists of rows; the fixed choices of a Literal are choices; capability codes are choices from
the school's own catalog, showing names; dates carry the pattern the check reads (core.dates).

Collections: for each district, "新建学校" creates content/<district>/<id>/school.yml; for each
school already on the site, one collection with its files (school, plan, training plan,
self-scores, teachers, groups, outputs, filing).
"""

from __future__ import annotations

import typing
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel

from ...core.dates import POINT_PATTERN
from ...load.content import profile_for
from ...model import Filing, Groups, Outputs, Plan, School, SelfScore, Teachers, Training
from ...model.files import label
from ...model.site import Editor

ADMIN = "admin/"
FILES = [("school.yml", "学校基本信息", School), ("plan.yml", "学校信息化教育教学发展规划", Plan),
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
<link href="config.yml" type="text/yaml" rel="cms-config-url">
<link rel="icon" href="data:,">
</head>
<body>
<noscript>表单编辑器需要启用 JavaScript。</noscript>
<script src="decap-cms.js?v={digest}"></script>
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
            continue
        if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(annotation))
            if len(args) == 1:
                annotation = args[0]
                continue
            if all(a in (int, float) for a in args):
                return float, optional
            # int | str, Number | str: a number is what the check wants
            numbers = [a for a in args if a in (int, float) or typing.get_origin(a) is typing.Union]
            return (float if numbers else str), optional
        return annotation, optional


def _is_markdown(annotation: Any) -> bool:
    text = repr(annotation)
    return "'format': 'markdown'" in text


class Fields:
    """Decap fields from a model, with the capability codes of one catalog as choices."""

    def __init__(self, codes: list[tuple[str, str]]):
        self.codes = codes

    def of(self, model: type[BaseModel]) -> list[dict]:
        out = []
        for name, info in model.model_fields.items():
            if name in SKIP:
                continue
            field = self.field(info.alias or name, info)
            if field is not None:
                out.append(field)
        return out

    def field(self, key: str, info) -> dict | None:
        text = _description(info)
        shown = label(info.description) or key
        out: dict[str, Any] = {"name": key, "label": shown}
        hint = _hint(text, shown)
        if hint:
            out["hint"] = hint
        if not info.is_required():
            out["required"] = False
        pattern = next((m.pattern for m in info.metadata if getattr(m, "pattern", None)), None)
        widget = self.widget(info.annotation, text, pattern)
        if widget is None:
            return None
        out.update(widget)
        default = info.default
        if isinstance(default, (str, int, float, bool)) and not isinstance(default, type) and key != "title":
            if default not in ("", False):
                out["default"] = default
        return out

    def widget(self, annotation: Any, text: str, pattern: str | None = None) -> dict | None:
        markdown = _is_markdown(annotation)
        inner, _ = _unwrap(annotation)
        origin = typing.get_origin(inner)
        if origin is Literal:
            return {"widget": "select", "options": list(typing.get_args(inner))}
        if origin is list:
            (item,) = typing.get_args(inner)
            return self.list_of(item, text)
        if origin is dict:
            return None
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return {"widget": "object", "collapsed": False, "fields": self.of(inner)}
        if inner is bool:
            return {"widget": "boolean", "default": False}
        if inner is int:
            return {"widget": "number", "value_type": "int"}
        if inner is float:
            return {"widget": "number", "value_type": "float"}
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
            fields = self.of(inner)
            summary = next((f"{{{{fields.{f['name']}}}}}" for f in fields if f["widget"] in ("string", "select")),
                           None)
            out = {"widget": "list", "fields": fields, "collapsed": True}
            if summary:
                out["summary"] = summary
            return out
        if _CODE_WORDS in text and self.codes:
            return self.codes_widget(multiple=True)
        widget = "text" if _is_markdown(item) else "string"
        return {"widget": "list", "field": {"name": "item", "label": "一项", "widget": widget}}

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
    api = editor.api_root or (editor.base_url.rstrip("/") + _API[editor.host]
                              if editor.base_url and _API[editor.host] else None)
    if api:
        out["api_root"] = api
    if editor.app_id:
        out["app_id"] = editor.app_id
        if editor.host in ("gitlab", "gitea"):
            out["auth_type"] = "pkce"
    if editor.auth_endpoint:
        out["auth_endpoint"] = editor.auth_endpoint
    return out


def _codes(catalog) -> list[tuple[str, str]]:
    return [(p.code, catalog.point_label(p.code) if catalog else "") for p in (catalog.points if catalog else [])]


def config(content, catalog_of) -> dict:
    """The whole config.yml: backend, workflow, one collection to create schools per district and
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
    school_fields = Fields([]).of(School)
    collections = []
    for did, dentry in sorted(content.districts.items()):
        name = dentry.district.name if dentry.district else did
        collections.append({
            "name": f"new-{did}", "label": f"新建学校 · {name}", "label_singular": f"{name}的学校",
            "description": f"在{name}新建一所学校：填写学校基本信息并保存，之后在本校的栏目里填写两案。",
            "folder": f"content/{did}", "path": "{{slug}}/school", "slug": "{{id}}",
            "identifier_field": "id", "summary": "{{name}}", "extension": "yml", "format": "yml",
            "create": True, "delete": False, "fields": school_fields})
    for entry in sorted(content.schools, key=lambda e: (e.district, e.folder.name)):
        fields = Fields(_codes(catalog_of(entry)))
        title = entry.school.name if entry.school else entry.folder.name
        files = [{"name": file.removesuffix(".yml"), "label": what, "file": f"{entry.rel}/{file}",
                  "fields": fields.of(model)} for file, what, model in FILES]
        collections.append({"name": f"school-{entry.district}-{entry.folder.name}", "label": title,
                            "files": files, "delete": False, "format": "yml"})
    out["collections"] = collections
    return out


class _Dumper(yaml.SafeDumper):
    """Writes a list used twice out twice: no anchors and aliases, which Decap's reader refuses
    to follow far and plansite's rules refuse in content."""

    def ignore_aliases(self, data):
        return True


def config_text(data: dict) -> str:
    head = ("# 表单编辑器（Decap CMS）的配置，由 plansite build 按两案的数据模型生成，请勿手改。\n"
            "# 代码托管平台在 site.yml 的 editor: 中设置。\n")
    return head + yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


def produce(ctx):
    """admin/: the editor's page, its configuration and the pinned Decap CMS build."""
    content = ctx.content
    if content.config is None or content.config.editor is None:
        return [], {}

    def catalog_of(entry):  # the school's catalog, as its pages show it
        profile = profile_for(entry, content)
        return content.policy.catalog_for(profile) if profile else None

    files = {f"{ADMIN}{name}": data for name, data in vendor_files().items() if not name.endswith(".sha256")}
    digest = _manifest_digest()[:10]
    files[f"{ADMIN}index.html"] = INDEX.format(title=f"表单编辑器 · {content.config.title}",
                                              digest=digest).encode("utf-8")
    files[f"{ADMIN}config.yml"] = config_text(config(content, catalog_of)).encode("utf-8")
    return [], files


def _manifest_digest() -> str:
    manifest = vendor_files().get("decap-cms.sha256", b"").decode("utf-8")
    for row in manifest.splitlines():
        digest, name = row.split(None, 1)
        if name == "decap-cms.js":
            return digest
    return "0" * 10  # pragma: no cover - the manifest always lists the bundle


