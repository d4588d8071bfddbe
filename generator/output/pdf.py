"""Word documents → PDF with LibreOffice (headless), when it is installed; never needed by a build.

All documents go through one soffice call (starting LibreOffice costs seconds, converting a
document a fraction of that). Converted PDFs are cached by the hash of the .docx bytes, so an
unchanged plan is converted once; each cached PDF carries a MAC of the .docx's hash and its own
bytes under this machine's secret (check/trust.py), so a file planted in the cache is never
published. `--no-cache` neither reads nor writes it; the cache is safe to delete.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..check import trust

TIMEOUT = 600


class PdfError(Exception):
    pass


def soffice() -> str | None:
    """The LibreOffice program, unless PLANSITE_PDF=off turns PDF output off."""
    if os.environ.get("PLANSITE_PDF", "").lower() in ("off", "0", "no"):
        return None
    return shutil.which("soffice") or shutil.which("libreoffice")


def available() -> bool:
    return soffice() is not None


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "plansite" / "pdf"


def convert_files(paths: list[Path]) -> list[Path]:
    """Convert each .docx to a PDF beside it, in one LibreOffice run; the PDFs' paths."""
    program = soffice()
    if program is None:
        raise PdfError("LibreOffice is not installed")
    if not paths:
        return []
    with tempfile.TemporaryDirectory(prefix="plansite-lo-") as tmp:
        outdir = Path(tmp) / "out"
        outdir.mkdir()
        # copies with plain ASCII names: one output folder, no clash between equal file names
        staged = []
        for i, path in enumerate(paths):
            copy = Path(tmp) / f"doc{i:05d}.docx"
            shutil.copyfile(path, copy)
            staged.append(copy)
        cmd = [program, f"-env:UserInstallation=file://{Path(tmp) / 'profile'}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(outdir), *map(str, staged)]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired as exc:
            raise PdfError(f"LibreOffice did not finish in {TIMEOUT} s") from exc
        made = []
        for path, copy in zip(paths, staged):
            out = outdir / (copy.stem + ".pdf")
            if not out.exists():
                raise PdfError(f"LibreOffice made no PDF of {path.name}: {proc.stderr.strip()[-300:]}")
            target = path.with_suffix(".pdf")
            shutil.move(str(out), target)
            made.append(target)
        return made


PDF_MAGIC = b"plansite-pdf-1\n"


def _cached_pdf(path: Path, key: str) -> bytes | None:
    """The PDF stored for the .docx whose SHA-256 is key, when its MAC binds it to that .docx
    under this machine's secret (check/trust.py); a planted or foreign file is deleted."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    pdf = trust.unseal(PDF_MAGIC, key, data)
    if pdf is not None:
        return pdf
    path.unlink(missing_ok=True)
    return None


def _store_pdf(path: Path, key: str, pdf: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(f"{path.name}.{os.getpid()}.part")
        part.write_bytes(trust.seal(PDF_MAGIC, key, pdf))
        os.replace(part, path)
    except OSError:
        pass  # a cache that cannot be written only makes the next run slower


def _convert_all(docs: dict[str, bytes]) -> dict[str, bytes]:
    """{name.docx: bytes} → {name.docx: its PDF's bytes}, in one LibreOffice run."""
    with tempfile.TemporaryDirectory(prefix="plansite-pdf-") as tmp:
        paths = []
        for i, data in enumerate(docs.values()):
            path = Path(tmp) / f"{i:05d}.docx"
            path.write_bytes(data)
            paths.append(path)
        return {name: made.read_bytes() for name, made in zip(docs, convert_files(paths))}


def convert_bytes(docs: dict[str, bytes], cache: bool = True) -> dict[str, bytes]:
    """{name.docx: bytes} → {name.pdf: bytes}; one LibreOffice run for those not in the cache
    (with cache False, for all of them: the cache is neither read nor written)."""
    folder = cache_dir()
    keys = {name: hashlib.sha256(data).hexdigest() for name, data in docs.items()}
    found = {name: _cached_pdf(folder / f"{keys[name]}.pdf", keys[name]) if cache else None for name in docs}
    missing = {name: docs[name] for name in docs if found[name] is None}
    if missing:
        made = _convert_all(missing)
        found.update(made)
        if cache:
            for name, pdf in made.items():
                _store_pdf(folder / f"{keys[name]}.pdf", keys[name], pdf)
    return {name[: -len(".docx")] + ".pdf": found[name] for name in docs}  # type: ignore[misc]  # each one made
