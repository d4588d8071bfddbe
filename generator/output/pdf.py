"""Word documents → PDF with LibreOffice (headless), when it is installed; never needed by a build.

All documents go through one soffice call (starting LibreOffice costs seconds, converting a
document a fraction of that). Converted PDFs are cached by the hash of the .docx bytes, so an
unchanged plan is converted once; the cache is safe to delete.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

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


def convert_bytes(docs: dict[str, bytes]) -> dict[str, bytes]:
    """{name.docx: bytes} → {name.pdf: bytes}, through the cache; one LibreOffice run for the rest."""
    cache = cache_dir()
    keys = {name: hashlib.sha256(data).hexdigest() for name, data in docs.items()}
    missing = [name for name in docs if not (cache / f"{keys[name]}.pdf").exists()]
    if missing:
        cache.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="plansite-pdf-") as tmp:
            paths = []
            for i, name in enumerate(missing):
                path = Path(tmp) / f"{i:05d}.docx"
                path.write_bytes(docs[name])
                paths.append(path)
            for name, made in zip(missing, convert_files(paths)):
                part = cache / f"{keys[name]}.pdf.part"
                shutil.copyfile(made, part)
                os.replace(part, cache / f"{keys[name]}.pdf")
    return {name[: -len(".docx")] + ".pdf": (cache / f"{keys[name]}.pdf").read_bytes() for name in docs}
