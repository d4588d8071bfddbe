"""The way into a build: refuse an output folder plansite may not replace, hold its lock, and stop
there when the manifest says nothing changed; only a build with work to do goes on (the pipeline).

This module imports nothing heavy (no model, template, chart or document library), so that
`plansite build` with nothing changed answers without loading generator.pipeline: the command
passes a `work` that imports the pipeline when it is called, the pipeline passes its own.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..core.diagnostics import Diagnostic
from . import guard, pdf
from .manifest import Manifest


@dataclass
class BuildResult:
    ok: bool
    out: Path
    diagnostics: list[Diagnostic] = field(default_factory=list)
    pages: int = 0
    files: int = 0
    seconds: float = 0.0
    rendered: set[str] = field(default_factory=set)  # pages rendered, not taken from the page cache
    refused: bool = False  # out is a folder plansite may not replace: nothing was done
    search: dict[str, str] = field(default_factory=dict)  # each search part's cache entry (with the cache)


Work = Callable[..., BuildResult]
"""The rest of a build past the gate: work(root, out, manifest, with_pdf=, started=, **options) → its
result; it gets the manifest read (None without the cache), whether Word documents are also made as
PDFs, when the build started, and the build's options (cache, say, base_url and the others)."""


def quiet(stage: str, stage_en: str) -> None:
    """The default stage reporter: says nothing."""


def build_site(root: Path, out: Path, work: Work, *, cache: bool = True, replace: bool = False,
               say: Callable[[str, str], None] = quiet, base_url: str | None = None, **options: Any) -> BuildResult:
    """Refuse an output folder plansite may not replace; otherwise, holding the output's lock, compare
    the manifest of inputs (nothing changed: the stored result) and else run `work`, which gets the
    manifest, cache, say, base_url and the other options. Returns what happened."""
    refused = guard.refusal(out, root, replace=replace)
    if refused is not None:
        return BuildResult(ok=False, out=out, refused=True, diagnostics=[refusal_diagnostic(out, refused)])
    try:
        with guard.locked(out, on_wait=lambda: say("等待另一个构建写完同一输出文件夹",
                                                   "waiting for another build of the same output folder")):
            started = time.perf_counter()
            with_pdf = pdf.available()
            known = Manifest.read(root, out, options={"base_url": base_url, "pdf": with_pdf}) if cache else None
            done = _up_to_date(known, out, say, started) if known is not None else None
            if done is not None:
                return done
            return work(root, out, known, with_pdf=with_pdf, started=started, cache=cache, say=say,
                        base_url=base_url, **options)
    except guard.Busy:
        return BuildResult(ok=False, out=out, diagnostics=[Diagnostic("BUILD-OUTPUT-BUSY", out.as_posix(), params={
            "seconds": int(guard.lock_wait())})])
    except OSError as exc:  # the lock's folder cannot be made or opened
        return BuildResult(ok=False, out=out, diagnostics=[output_diagnostic(out, exc)])


def _up_to_date(known: Manifest, out: Path, say: Callable[[str, str], None], started: float) -> BuildResult | None:
    """The result of a build with nothing to do (inputs, options and output as last time), else None."""
    done = known.unchanged()
    if done is None:
        return None
    say("内容、设置与输出均未改动，站点不必重新生成", "nothing changed: the site is up to date")
    return BuildResult(ok=True, out=out, diagnostics=done["diagnostics"], pages=done["pages"],
                       files=done["count"], seconds=time.perf_counter() - started)


def refusal_diagnostic(out: Path, refused: guard.Refusal) -> Diagnostic:
    """BUILD-OUT-REFUSED: which folder, why, and whether --replace would do."""
    more, more_en = (("；确认可以整体替换时加 --replace", "; add --replace to replace it whole")
                     if refused.replaceable else ("", ""))
    return Diagnostic("BUILD-OUT-REFUSED", out.as_posix(), params={
        "why": refused.why + more, "why_en": refused.why_en + more_en})


def output_diagnostic(out: Path, exc: OSError) -> Diagnostic:
    """BUILD-OUTPUT-FAILED naming the cause of a failed read or write of the output."""
    zh, en = guard.cause(exc)
    return Diagnostic("BUILD-OUTPUT-FAILED", out.as_posix(), params={"problem": zh, "problem_en": en})
