"""The search index in parts: one Pagefind bundle per district, one for the site-wide pages.

Each part is fed the rendered pages directly through Pagefind's Python API (no second reading
of the site). A part whose pages are byte-for-byte those of an earlier build is copied from
the cache instead (.plansite-cache/search/<hash of its pages>/), after its files are checked
against the digests stored with them, whose MAC binds them to this machine's secret
(check/trust.py); a damaged or foreign entry is indexed again. The search box merges
the parts with Pagefind's mergeIndex: the site-wide part is the bundle at pagefind/, the
districts' parts are at pagefind-parts/<district>/.

The same worker writes the part's phrase index (output/grams.py) from the same pages, and the
cache entry holds both: <hash>/pagefind/ (the bundle) and <hash>/phrases/ (the phrase index).
What the phrase index reads from each page is kept by the page's bytes (output/pagetext.py), so a
part written again reads only its changed pages.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path
from typing import Any

from pagefind.service import PagefindService
from pagefind.service.types import InternalResponseType

from ..check import trust
from ..site.render import SEARCH_PARTS as PARTS
from . import grams, write
from .index import PagefindError, extended_binary
from .pagetext import TextCache

SITE_PART = ""
PRIMARY = "pagefind"
MANIFEST = "plansite-manifest.json"
BODY = b"data-pagefind-body"


def part_folder(part: str) -> str:
    """Where in the site a part's bundle goes."""
    return PRIMARY if part == SITE_PART else f"{PARTS}/{part}"


SITE_WIDE = "dashboard"
"""A district's folder the site-wide part holds: its dashboard shows what only the whole site knows
(the grade bands of every school's rubric, the links to every district's dashboard)."""


def part_of(path: str, school_district: dict[str, str], districts) -> str:
    """The part a page is indexed in: its school's or district's (the district's pages that depend
    on its schools alone), else the site-wide one. A district's part is then the same in a build of
    the district's schools only (a part, commands/parts.py) as in the whole site's."""
    head, _, rest = path.partition("/")
    ident, _, inner = rest.partition("/")
    if head == "schools" and ident in school_district:
        return school_district[ident]
    if head == "districts" and ident in districts and inner.split("/", 1)[0] != SITE_WIDE:
        return ident
    return SITE_PART


def indexed(path: str, data: bytes) -> bool:
    """Pages the index holds: as the Pagefind command does on a site that marks its bodies,
    only pages with a data-pagefind-body element."""
    return path.endswith(".html") and BODY in data


class _Service(PagefindService):
    """Pagefind's service, answering as soon as a reply arrives (the packaged reader waits
    0.1 s before each reply, which at thousands of pages is minutes)."""

    def __init__(self, binary: Path):
        super().__init__()
        self._bin = binary

    async def _wait_for_responses(self) -> None:
        try:
            while True:
                assert self._backend.stdout is not None  # started with a pipe
                raw = await self._backend.stdout.readuntil(b",")
                reply = json.loads(base64.b64decode(raw[:-1]))
                if reply is not None:
                    self._answer(reply)
        except (asyncio.IncompleteReadError, ValueError, OSError) as exc:
            for future in self._responses.values():
                if not future.done():
                    future.set_exception(PagefindError(f"Pagefind 意外退出 · Pagefind stopped: {exc}"))

    def _answer(self, reply: Any) -> None:
        """Settle the request a reply answers (found by its message id): its payload, or its error."""
        payload = reply.get("payload") or {}
        ident = reply.get("message_id")
        if ident is None and payload.get("original_message"):
            ident = json.loads(payload["original_message"]).get("message_id")
        future = self._responses.get(ident)
        if future is None or future.done():
            return
        if payload.get("type") == InternalResponseType.ERROR.value:
            future.set_exception(PagefindError(f"Pagefind: {payload.get('message')}"))
        else:
            future.set_result(payload)  # type: ignore[arg-type]  # a reply as pagefind's reader passes it on

    async def close(self) -> None:
        """End the service by closing its input, so it finishes what it writes, then stop reading."""
        assert self._backend.stdin is not None  # started with a pipe
        self._backend.stdin.close()
        try:
            await asyncio.wait_for(self._backend.wait(), 30)
        except asyncio.TimeoutError:
            self._backend.terminate()
            await self._backend.wait()
        self._poll_task.cancel()


def _sizes(folder: Path) -> dict[str, int]:
    return {p.as_posix(): p.stat().st_size for p in folder.rglob("*") if p.is_file()}


async def _settled(folder: Path) -> None:
    """Wait until the bundle's files are all written: Pagefind answers the write request before
    its last files (the UI scripts) have their bytes."""
    before = None
    for _ in range(400):
        now = _sizes(folder)
        if now == before and all(now.values()):
            return
        before = now
        await asyncio.sleep(0.025)
    raise PagefindError(f"Pagefind 没有写完 · Pagefind did not finish writing {folder.name}")


async def _index(pages: list[tuple[str, bytes]], dest: Path, language: str) -> None:
    async with _Service(extended_binary()) as service:
        part = await service.create_index({"force_language": language})
        for path, data in pages:
            await part.add_html_file(content=data.decode("utf-8"), source_path=path)
        await part.write_files(output_path=str(dest))
        await _settled(dest)


def _pagefind_version() -> str:
    try:
        return metadata.version("pagefind_bin_extended")
    except metadata.PackageNotFoundError:
        return str(extended_binary())


def _run(work, *args) -> None:
    """Run an async function to its end, on a thread of its own when this one already runs a loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(work(*args))
        return
    with ThreadPoolExecutor(1) as thread:
        thread.submit(lambda: asyncio.run(work(*args))).result()


def part_hash(pages: list[tuple[str, bytes]], language: str) -> str:
    h = hashlib.sha256(f"{_pagefind_version()}\0{language}\0phrases {grams.VERSION}\0".encode())
    for path, data in pages:
        h.update(path.encode() + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()


def _manifest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != MANIFEST}


def _sealed(files: dict[str, str], key: str) -> dict:
    """The manifest as stored: the files' digests and their MAC under this machine's secret."""
    listing = json.dumps(files, sort_keys=True).encode()
    return {"files": files, "mac": trust.mac(b"search part", key.encode(), listing).hex()}


def _cached(entry: Path) -> dict[str, str] | None:
    """The entry's files and their digests, when it is whole and this machine's: every file it lists,
    with the digest it had when stored, and no other, in a manifest whose MAC (check/trust.py) binds
    it to the entry's key."""
    try:
        listed = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
        files = _manifest(entry)
        return files if isinstance(listed, dict) and listed == _sealed(files, entry.name) else None
    except (OSError, ValueError):
        return None


def build_part(pages: list[tuple[str, bytes]], site: Path, part: str, cache: Path | None,
               language: str = "zh", texts: TextCache | None = None) -> bool:
    """Write the bundle and the phrase index of one part into the staging folder; True when they
    came from the cache.

    pages are (path in the site, rendered bytes), in path order, only those the index holds.
    texts, when given, keeps what the phrase index reads from each page (output/pagetext.py).
    """
    dest = site / part_folder(part)
    outputs = {"pagefind": dest, "phrases": site / grams.part_folder(part)}
    key = part_hash(pages, language)
    entry = cache / key if cache is not None else None
    if entry is not None and _restored(entry, outputs, site):
        if texts is not None:
            texts.keep(pages)
        return True
    _index_part(pages, dest, part, language)
    grams.write_part(pages, outputs["phrases"], texts.text if texts is not None else grams.read_page)
    if entry is not None:
        _store(outputs, entry)
    return False


def _restored(entry: Path, outputs: dict[str, Path], site: Path) -> bool:
    """Copy a stored part's files to their outputs in the staging folder (each unless the output holds
    it already); False when none is stored, or it is damaged (then removed)."""
    if not entry.is_dir():
        return False
    files = _cached(entry)
    if files is None or not all((entry / name).is_dir() for name in outputs):
        shutil.rmtree(entry, ignore_errors=True)
        return False
    for rel, digest in sorted(files.items()):
        name, _, sub = rel.partition("/")
        target = outputs[name] / sub
        if not write.kept(site, target.relative_to(site).as_posix(), digest):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(entry / rel, target)
    return True


def _index_part(pages: list[tuple[str, bytes]], dest: Path, part: str, language: str) -> None:
    """The part's Pagefind bundle into dest; PagefindError when Pagefind fails or writes none."""
    try:
        _run(_index, pages, dest, language)
    except PagefindError:
        raise
    except Exception as exc:  # noqa: BLE001 — whatever Pagefind's service raised, as a diagnostic
        raise PagefindError(f"Pagefind 建立索引失败 · Pagefind failed: {exc}") from exc
    if not (dest / "pagefind.js").is_file():
        raise PagefindError(f"Pagefind 没有生成 · Pagefind did not write {part_folder(part)}/pagefind.js")


def _store(outputs: dict[str, Path], entry: Path) -> None:
    tmp = entry.with_name(f".{entry.name}.{os.getpid()}")
    try:
        shutil.rmtree(tmp, ignore_errors=True)
        for name, folder in outputs.items():
            shutil.copytree(folder, tmp / name)
        (tmp / MANIFEST).write_text(json.dumps(_sealed(_manifest(tmp), entry.name), sort_keys=True), encoding="utf-8")
        os.replace(tmp, entry)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)  # a cache that cannot be written only costs time
