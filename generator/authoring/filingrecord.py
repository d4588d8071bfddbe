"""Record the district's decision on a pull request in the filing records of the schools it changed.

A merge after an approving review is a 审核 with result 通过; "request changes" is a 退回 with the
review's points as reasons (seed 003 六（四）3: 报送、审核及备案制度). `plansite review --record`
appends that step to the filing.yml of every school the pull request changed (the schools of
generator/gitflow/review.py's summary), as text: the file's comments, key order and quoting stay
as they are, and the new step is written in the indentation of the steps already there.

Nothing is written when a step would break an order rule that check enforces (a 审核 or 退回
with no 报送 before it, a date before the previous step's, a 退回 without reasons): the problems
are returned as the check's own diagnostics, placed where the step would go.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..core.choices import DECISIONS
from ..core.diagnostics import Diagnostic
from ..gitflow.review import summarize
from ..load import structure
from ..load.derived import step_problems
from ..load.yamlio import parse_yaml
from ..model.process import PASSING, Filing
from .editorschema import schema_comment

FILE = "filing.yml"


@dataclass
class Planned:
    """The step for one school's filing record: the new text, or the problems that stop it."""

    folder: str                # the school's folder, relative to the site root
    name: str
    path: Path
    rel: str
    text: str | None = None    # the file's new text (None: nothing to write)
    problems: list[Diagnostic] = field(default_factory=list)
    already: bool = False      # the record already ends with this very step


def new_step(decision: str, body: str, day: str, reasons: list[str]) -> dict:
    """The step a decision writes, in the order the field reference lists the keys."""
    step: dict[str, object] = {"step": DECISIONS[decision], "date": day, "body": body}
    if decision == "通过":
        step["result"] = PASSING
    if reasons:
        step["reasons"] = list(reasons)
    return step


def _render(item: dict, dash: int, col: int, plain_dates: bool) -> list[str]:
    """One sequence item: '-' at column dash, its keys at column col."""
    body = yaml.safe_dump(item, allow_unicode=True, sort_keys=False, width=10_000).splitlines()
    if plain_dates:  # the file writes its dates unquoted (read as strings: YAML 1.2 core schema)
        body = [re.sub(r"^date: '(\d{4}-\d{2}-\d{2})'$", r"date: \1", line) for line in body]
    first = " " * dash + "-" + " " * (col - dash - 1) + body[0]
    return [first] + [" " * col + line for line in body[1:]]


def _splice(text: str, key: str, item: dict) -> str | None:
    """text with item appended to the block sequence under the top-level key; None when the file
    has no such sequence to extend in place."""
    seq = _block_sequence(text, key)
    if seq is None:
        return None
    lines = text.splitlines(keepends=True)
    first, last = seq.value[0], seq.value[-1]
    col = first.start_mark.column
    dash = lines[first.start_mark.line].rfind("-", 0, col)
    if dash < 0:
        return None
    end = _item_end(lines, last.start_mark.line, dash)
    plain = bool(re.search(r"^\s*(?:- )?date: \d{4}-", text, re.M))
    if not lines[end].endswith("\n"):
        lines[end] += "\n"
    added = "".join(line + "\n" for line in _render(item, dash, col, plain))
    return "".join(lines[:end + 1]) + added + "".join(lines[end + 1:])


def _block_sequence(text: str, key: str) -> yaml.SequenceNode | None:
    """The non-empty block sequence under the top-level key, None when there is none (or the text is no YAML)."""
    root = _mapping_root(text)
    if root is None:
        return None
    seq = next((v for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)
    if not isinstance(seq, yaml.SequenceNode) or seq.flow_style or not seq.value:
        return None
    return seq


def _mapping_root(text: str) -> yaml.MappingNode | None:
    """The text's top-level mapping, as composed nodes (with their places); None when the text is
    no YAML or its top level is not a mapping."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    return root if isinstance(root, yaml.MappingNode) else None


def _item_end(lines: list[str], start: int, dash: int) -> int:
    """The last line of the item starting on line start: the lines after it indented deeper than
    its '-' (blank lines and comments skipped)."""
    end = start
    for j in range(start + 1, len(lines)):
        stripped = lines[j].strip()
        if not stripped or stripped.startswith("#"):
            continue
        if len(lines[j]) - len(lines[j].lstrip(" ")) <= dash:
            break
        end = j
    return end


def _rewrite(text: str, data: dict, key: str, item: dict) -> str:
    """The whole file written again (its leading comments kept), for a record with no block list."""
    head = []
    for line in text.splitlines(keepends=True):
        if not line.startswith("#"):
            break
        head.append(line)
    data = dict(data)
    data[key] = [*(data.get(key) or []), item]
    return "".join(head) + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def append_item(text: str, key: str, item: dict, data: dict) -> str:
    """text with item appended to the list under key: in place when the text allows it, and only
    if reading the result back gives exactly data with the item added; else the file rewritten."""
    want = dict(data)
    want[key] = [*(data.get(key) or []), item]
    spliced = _splice(text, key, item)
    if spliced is not None:
        doc = parse_yaml(spliced, Path(FILE), FILE, [])
        if doc.ok and doc.data == want:
            return spliced
    return _rewrite(text, data, key, item)


def filing_problems(text: str, path: Path, rel: str) -> tuple[dict | None, list[Diagnostic]]:
    """The data of a filing record's text and what check says about it (reading, fields, order)."""
    diags: list[Diagnostic] = []
    doc = parse_yaml(text, path, rel, diags)
    record, _ = structure.validate(doc, Filing, diags)
    if record is not None:
        diags.extend(step_problems(record.steps, doc))
    return (doc.data if doc.ok and isinstance(doc.data, dict) else None), diags


def _key(d: Diagnostic) -> tuple:
    return d.code, tuple(sorted((k, repr(v)) for k, v in d.params.items()))


def plan_step(root: Path, folder: str, name: str, step: dict) -> Planned:
    """The new text of one school's filing record with step appended, or why it cannot be."""
    path = root / folder / FILE
    rel = f"{folder}/{FILE}"
    planned = Planned(folder, name, path, rel)
    text, data, before = _current_record(path, rel)
    if data is None or _unreadable(before):
        planned.problems = [d for d in before if d.level == "error"]
        return planned
    if _ends_with(data, step):
        planned.already = True
        return planned
    new = append_item(text, "steps", step, data)
    planned.problems = _new_errors(before, filing_problems(new, path, rel)[1])
    if not planned.problems:
        planned.text = new
    return planned


def _ends_with(data: dict, step: dict) -> bool:
    """The record's last step is this very step."""
    steps = data.get("steps") or []
    return bool(steps) and steps[-1] == step


def _current_record(path: Path, rel: str) -> tuple[str, dict | None, list[Diagnostic]]:
    """The record's text, its data and what check says about it. A school with no record yet: the
    schema comment and no data (a 审核 or 退回 cannot be its first step, so this text is only checked)."""
    if not path.is_file():
        return schema_comment(rel), {}, []
    text = path.read_text(encoding="utf-8")
    data, before = filing_problems(text, path, rel)
    return text, data, before


def _unreadable(diags: list[Diagnostic]) -> bool:
    """The record is not a filing record to add to: a YAML or schema error."""
    return any(d.code.startswith(("YAML-", "SCHEMA-")) and d.level == "error" for d in diags)


def _new_errors(before: list[Diagnostic], after: list[Diagnostic]) -> list[Diagnostic]:
    """The errors in after that were not in before (counted: a problem met twice is new the second time)."""
    old = Counter(_key(d) for d in before)
    new = []
    for d in after:
        if old[_key(d)]:
            old[_key(d)] -= 1
        elif d.level == "error":
            new.append(d)
    return new


def plan_record(root: Path, base: str, step: dict) -> list[Planned]:
    """The step for every school the change since base touched (not the ones it removed)."""
    summary = summarize(root, base)
    out = []
    for school in summary.schools:
        if school.status == "removed":
            continue
        out.append(plan_step(root, school.folder, school.name, step))
    return out
