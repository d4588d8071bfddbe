"""Fetch a pinned package's tarball from the npm registry: shared by the fetch-*.py scripts."""

from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
import tempfile
import urllib.request
from pathlib import Path


def tarball(package: str, version: str, timeout: int = 300) -> bytes:
    """The package's tarball: by `npm pack` when npm is there, else straight from the registry."""
    if shutil.which("npm"):
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(["npm", "pack", f"{package}@{version}", "--silent", "--pack-destination", tmp],
                           check=True, stdout=subprocess.DEVNULL)
            return next(Path(tmp).glob("*.tgz")).read_bytes()
    name = package.rsplit("/", 1)[-1]
    with urllib.request.urlopen(f"https://registry.npmjs.org/{package}/-/{name}-{version}.tgz",
                                timeout=timeout) as response:
        return response.read()


def unpack(data: bytes) -> dict[str, bytes]:
    """The tarball's files by their path inside the package."""
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        return {m.name.removeprefix("package/"): tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}
