"""The search index in parts: one Pagefind bundle per district, one for the site-wide pages.

Each part is fed the rendered pages directly through Pagefind's Python API (no second reading
of the site). A part whose pages are byte-for-byte those of an earlier build is taken from the
cache instead (.plansite-cache/search/<hash of its pages>/): its manifest lists every file's
digest under a MAC that binds it to this machine's secret (check/trust.py), a file the output
holds already (output/write.py keeping) is kept there unread, and each other file is read and
checked against its digest; a damaged or foreign entry is indexed again. A part indexed anew is
written straight into its new cache entry, and only its files whose bytes the output does not
hold are staged: one write of the part, no copy of it. The search box merges
the parts with Pagefind's mergeIndex: the site-wide part is the bundle at pagefind/, the
districts' parts are at pagefind-parts/<district>/.

The same worker writes the part's phrase index (output/grams.py) from the same pages, and the
cache entry holds both, each as one file: <hash>/pagefind.pack (the bundle) and <hash>/phrases.pack
(the phrase index), beside the manifest; a part's thousands of small files are then one write into
the cache and one deletion when the entry is pruned.
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
from typing import Any, Callable, Iterator

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
PACK = ".pack"
"""An output's files in a cache entry: <entry>/pagefind.pack and <entry>/phrases.pack (see unpack)."""
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
    h = hashlib.sha256(f"{_pagefind_version()}\0{language}\0phrases {grams.VERSION}\0packed\0".encode())
    for path, data in pages:
        h.update(path.encode() + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()


def _sealed(files: dict[str, str], key: str) -> dict:
    """The manifest as stored: the files' digests and their MAC under this machine's secret."""
    listing = json.dumps(files, sort_keys=True).encode()
    return {"files": files, "mac": trust.mac(b"search part", key.encode(), listing).hex()}


def _listed(entry: Path) -> dict[str, str] | None:
    """The files an entry lists and their digests, when its manifest's MAC (check/trust.py) binds
    them to the entry's key on this machine; None when there is no such manifest. A file is checked
    against its digest only when it is read (_restored)."""
    try:
        listed = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = listed.get("files") if isinstance(listed, dict) else None
    if not isinstance(files, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
        return None
    return files if listed == _sealed(files, entry.name) else None


def build_part(pages: list[tuple[str, bytes]], site: Path, part: str, cache: Path | None,
               language: str = "zh", texts: TextCache | None = None) -> bool:
    """Write the bundle and the phrase index of one part into the staging folder; True when they
    came from the cache.

    pages are (path in the site, rendered bytes), in path order, only those the index holds.
    texts, when given, keeps what the phrase index reads from each page (output/pagetext.py).
    With a cache, a part indexed anew is written into its cache entry, and only the files the output
    does not hold already are staged (output/write.py keeping).
    """
    outputs = {"pagefind": site / part_folder(part), "phrases": site / grams.part_folder(part)}
    read = texts.text if texts is not None else grams.read_page
    entry = cache / part_hash(pages, language) if cache is not None else None
    if entry is not None and _restored(entry, outputs, site):
        if texts is not None:
            texts.keep(pages)
        return True
    if entry is None or not _indexed_into(pages, entry, outputs, site, (part, language, read)):
        _index_part(pages, outputs["pagefind"], part, language)
        grams.write_part(pages, outputs["phrases"], read)
    return False


def _restored(entry: Path, outputs: dict[str, Path], site: Path) -> bool:
    """Stage a stored part's files the output does not hold already, each checked against the digest
    its manifest lists; False when none is stored, or it is damaged (then removed, and nothing of it
    staged)."""
    files = _listed(entry)
    if files is None or {rel.partition("/")[0] for rel in files} != outputs.keys():
        shutil.rmtree(entry, ignore_errors=True)
        return False
    places = _places(outputs, site)
    targets = {rel: places[rel.partition("/")[0]] + rel.partition("/")[2] for rel in files}
    wanted = {rel for rel, digest in files.items() if not write.holds(site, targets[rel], digest)}
    if not _unpacked(entry, files, {rel: site / targets[rel] for rel in wanted}):
        shutil.rmtree(entry, ignore_errors=True)
        return False
    write.note_kept(site, sorted(targets[rel] for rel in files.keys() - wanted))
    return True


def _places(outputs: dict[str, Path], site: Path) -> dict[str, str]:
    """Each output's folder in the site, as the start of its files' paths there ("pagefind-parts/a/")."""
    return {name: folder.relative_to(site).as_posix() + "/" for name, folder in outputs.items()}


def _unpacked(entry: Path, files: dict[str, str], wanted: dict[str, Path]) -> bool:
    """Write each wanted file of the entry (<output>/<path>, from its output's pack) to its place in the
    staging folder, checked against its digest; False (and none of them left there) when one is
    missing or differs."""
    staged: dict[str, Path] = {}
    for name in sorted({rel.partition("/")[0] for rel in wanted}):
        for rel, data in unpack(entry / f"{name}{PACK}", name, wanted.keys() - staged.keys()):
            if hashlib.sha256(data).hexdigest() != files[rel]:
                break
            staged[rel] = wanted[rel]
            staged[rel].parent.mkdir(parents=True, exist_ok=True)
            staged[rel].write_bytes(data)
    if staged.keys() == wanted.keys():
        return True
    for path in staged.values():
        path.unlink()
    return False


def unpack(pack: Path, name: str, wanted) -> Iterator[tuple[str, bytes]]:
    """The wanted files of an output's pack in a cache entry (<output>/<path>, bytes), in the pack's
    order, the others skipped unread; none when there is no such pack. A pack is its files one after
    the other, each as its path's length (4 bytes), its path, its length (8 bytes) and its bytes."""
    try:
        fh = open(pack, "rb")
    except OSError:
        return
    with fh:
        while head := fh.read(4):
            rel = f"{name}/{fh.read(int.from_bytes(head, 'big')).decode('utf-8', 'replace')}"
            size = int.from_bytes(fh.read(8), "big")
            if rel in wanted:
                yield rel, fh.read(size)
            else:
                fh.seek(size, os.SEEK_CUR)


def _indexed_into(pages: list[tuple[str, bytes]], entry: Path, outputs: dict[str, Path], site: Path,
                  how: tuple[str, str, Callable[[bytes], Any]]) -> bool:
    """Index the part (how: its name, language and page reader) into the staging folder, keeping there
    only the files the output does not hold already, and into a new cache entry (one pack a output);
    False when the cache cannot be written (nothing staged then)."""
    part, language, read = how
    tmp = entry.with_name(f".{entry.name}.{os.getpid()}")
    try:
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        sink = _Sink(tmp, outputs, site)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
        return False
    try:
        _index_part(pages, outputs["pagefind"], part, language)
        sink.take("pagefind")
        for rel, data in grams.part_files(pages, read):
            sink.put("phrases", rel, data)
        sink.seal(entry)
    except OSError:
        for folder in outputs.values():
            shutil.rmtree(folder, ignore_errors=True)
        return False  # a cache that cannot be written only costs time
    finally:
        sink.close()
        shutil.rmtree(tmp, ignore_errors=True)
    return True


class _Sink:
    """A part's files as they are made: each into its output's pack in the new cache entry (tmp), and
    in the staging folder when the output does not hold it already; their digests, for the entry's
    manifest."""

    def __init__(self, tmp: Path, outputs: dict[str, Path], site: Path):
        self.tmp, self.outputs, self.site = tmp, outputs, site
        self.places = _places(outputs, site)
        self.files: dict[str, str] = {}
        self.packs = {name: open(tmp / f"{name}{PACK}", "wb") for name in outputs}

    def put(self, name: str, rel: str, data: bytes) -> None:
        """A file the part's maker holds in memory: into the pack, and staged unless the output holds it."""
        digest = self._packed(name, rel, data)
        write.write_file(self.site, self.places[name] + rel, data, digest)

    def take(self, name: str) -> None:
        """The files a maker wrote into the staging folder: into the pack; those the output holds already
        are kept there, not staged."""
        folder = self.outputs[name]
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            rel = path.relative_to(folder).as_posix()
            if write.kept(self.site, self.places[name] + rel, self._packed(name, rel, path.read_bytes())):
                path.unlink()

    def _packed(self, name: str, rel: str, data: bytes) -> str:
        """Add a file to its output's pack (see unpack); its digest."""
        digest = hashlib.sha256(data).hexdigest()
        self.files[f"{name}/{rel}"] = digest
        path = rel.encode("utf-8")
        self.packs[name].write(len(path).to_bytes(4, "big") + path + len(data).to_bytes(8, "big") + data)
        return digest

    def seal(self, entry: Path) -> None:
        """Write the manifest and put the entry in place (one stored meanwhile by another build stays)."""
        self.close()
        (self.tmp / MANIFEST).write_text(json.dumps(_sealed(self.files, entry.name), sort_keys=True), encoding="utf-8")
        try:
            os.replace(self.tmp, entry)
        except OSError:
            pass  # the same key is the same files: the other build's entry serves as well

    def close(self) -> None:
        for pack in self.packs.values():
            pack.close()


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
