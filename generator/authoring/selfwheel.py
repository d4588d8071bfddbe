"""The wheel of the plansite that is running, for a new site's CI to install with its hash checked.

Installed from a wheel, plansite packs that wheel again from the installed files its RECORD lists,
each checked against the hash RECORD holds (a changed installation is refused, never packed), in a
fixed order with fixed timestamps: the same installation always gives the same bytes. Run from a
source checkout (an editable install, or PYTHONPATH), it builds the wheel with pip from a copy of
the checkout, so the checkout itself is left as it was, and packs it the same way: installing that
wheel and packing it again gives the same bytes. Either way the caller gets the wheel's file
name, its bytes and its SHA-256, and the pinned versions of the dependencies it runs with here.
"""

from __future__ import annotations

import base64
import email
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from ..core.resources import PACKAGE, SHIPPED

NAME = "plansite"
EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip file can hold: no clock in the wheel
LEFT_OUT = ("INSTALLER", "REQUESTED", "direct_url.json", "RECORD")  # written by the installer, not the wheel
SOURCE = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "generator", *SHIPPED)


class WheelError(Exception):
    """plansite cannot give the wheel it runs from; the message says why, in Chinese."""


@dataclass(frozen=True)
class Wheel:
    filename: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def requires(self) -> list[Requirement]:
        """plansite's own dependencies as its METADATA declares them, extras' dependencies left out."""
        reqs = [Requirement(line) for line in _requires_dist(self.data)]
        return [r for r in reqs if not _under_extra(r)]


def _requires_dist(wheel: bytes) -> list[str]:
    """The Requires-Dist lines of a wheel's METADATA."""
    with zipfile.ZipFile(io.BytesIO(wheel)) as zf:
        name = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        meta = email.message_from_bytes(zf.read(name))
    return meta.get_all("Requires-Dist") or []


def _under_extra(req: Requirement) -> bool:
    """The requirement's marker names an extra: a dependency of that extra only."""
    return req.marker is not None and "extra" in str(req.marker)


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _zip(files: dict[str, bytes], dist_info: str) -> bytes:
    """A wheel holding these files: sorted, fixed timestamps and modes, RECORD written last."""
    record = "".join(f"{name},{_record_hash(data)},{len(data)}\n" for name, data in sorted(files.items()))
    record += f"{dist_info}/RECORD,,\n"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        order = sorted(files, key=lambda n: (n.startswith(dist_info + "/"), n))
        for name, data in [(n, files[n]) for n in order] + [(f"{dist_info}/RECORD", record.encode())]:
            info = zipfile.ZipInfo(name, date_time=EPOCH)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return out.getvalue()


def _installed_files(dist: metadata.Distribution) -> dict[str, bytes]:
    """The files the installed wheel put in place, each checked against the hash in RECORD."""
    return {entry.as_posix(): _checked_bytes(dist, entry) for entry in dist.files or [] if not _left_out(entry)}


def _left_out(entry: metadata.PackagePath) -> bool:
    """Console scripts the installer made, compiled files, and the dist-info files a wheel is built without."""
    name = entry.as_posix()
    if name.startswith("..") or "__pycache__" in entry.parts or name.endswith(".pyc"):
        return True
    return entry.parent.name.endswith(".dist-info") and entry.name in LEFT_OUT


def _checked_bytes(dist: metadata.Distribution, entry: metadata.PackagePath) -> bytes:
    """An installed file's bytes, refused when they do not match the hash RECORD has for them."""
    data = Path(str(dist.locate_file(entry))).read_bytes()
    if entry.hash is None or entry.hash.mode != "sha256" or _record_hash(data) != f"sha256={entry.hash.value}":
        raise WheelError(f"安装的 plansite 文件 {entry.as_posix()} 与安装时的记录不符（被改动过），不能据此打包；"
                         "请重新安装 plansite 的 wheel 后再运行")
    return data


def _from_installation(dist: metadata.Distribution) -> Wheel:
    files = _installed_files(dist)
    dist_info = next(n.split("/")[0] for n in files if n.split("/")[0].endswith(".dist-info"))
    wheel_meta = email.message_from_bytes(files[f"{dist_info}/WHEEL"])
    tag = wheel_meta.get_all("Tag")[0]  # type: ignore[index]  # every WHEEL file names its tag
    return Wheel(f"{dist_info.removesuffix('.dist-info')}-{tag}.whl", _zip(files, dist_info))


def _from_source(root: Path) -> Wheel:
    """Build the wheel of a source checkout with pip, from a copy so the checkout stays untouched."""
    with tempfile.TemporaryDirectory(prefix="plansite-wheel-") as tmp:
        src, out = Path(tmp) / "src", Path(tmp) / "dist"
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "_data")
        for name in SOURCE:
            path = root / name
            if path.is_dir():
                shutil.copytree(path, src / name, ignore=ignore)
            else:
                src.mkdir(exist_ok=True)
                shutil.copy(path, src / name)
        env = dict(os.environ, SOURCE_DATE_EPOCH="315532800")  # 1980-01-01: no clock in the wheel
        done = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                               "--no-index", "--wheel-dir", str(out), str(src)],
                              env=env, capture_output=True, text=True)
        built = sorted(out.glob(f"{NAME}-*.whl"))
        if done.returncode != 0 or not built:
            raise WheelError("从源代码打包 plansite 的 wheel 失败（需要 pip 与 setuptools）：" + done.stderr.strip()[-500:])
        return _repacked(built[0].name, built[0].read_bytes())


def _repacked(filename: str, data: bytes) -> Wheel:
    """A built wheel packed the way an installed one is: the same files give the same bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        files = {n: zf.read(n) for n in zf.namelist() if not n.endswith(".dist-info/RECORD")}
    dist_info = next(n.split("/")[0] for n in files if n.split("/")[0].endswith(".dist-info"))
    return Wheel(filename, _zip(files, dist_info))


def _is_source_checkout() -> bool:
    return not (PACKAGE / "_data").is_dir() and (PACKAGE.parent / "pyproject.toml").is_file()


@lru_cache(maxsize=1)
def this_wheel() -> Wheel:
    """The wheel of the running plansite (built once per process)."""
    if _is_source_checkout():
        return _from_source(PACKAGE.parent)
    try:
        dist = metadata.distribution(NAME)
    except metadata.PackageNotFoundError:
        dist = None
    if dist is None or Path(str(dist.locate_file("generator/__init__.py"))).resolve() != PACKAGE / "__init__.py":
        raise WheelError("找不到运行中的 plansite 的安装记录，无法打包它的 wheel；请用 pip 安装 plansite 的 wheel")
    return _from_installation(dist)


def pinned_dependencies(wheel: Wheel) -> list[str]:
    """Every dependency plansite runs with here, its dependencies' too, pinned to the installed version.

    A requirement's environment marker (e.g. Windows only) is kept on its line; one whose marker does
    not hold here and is not installed cannot be pinned and is left to pip.
    """
    pins: dict[str, str] = {}
    seen: set[tuple[str, str]] = set()
    todo = [(r, "") for r in wheel.requires()]  # a requirement, and the extra its marker is read under
    while todo:
        req, extra = todo.pop()
        dist = _installed(req.name) if _asked_for(req, extra) else None
        if dist is None:
            continue
        key = canonicalize_name(req.name)
        _pin(pins, key, dist.version, _kept_marker(req))
        todo += _requirements_to_follow(dist, req, key, seen)
    return [pins[k] for k in sorted(pins)]


def _asked_for(req: Requirement, extra: str) -> bool:
    """Whether a requirement counts: one under an extra's marker only when that extra was asked for."""
    if req.marker is None or "extra" not in str(req.marker):
        return True
    return req.marker.evaluate({"extra": extra})


def _installed(name: str) -> metadata.Distribution | None:
    try:
        return metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return None


def _kept_marker(req: Requirement) -> str:
    """The requirement's environment marker as its pin keeps it (an extra's marker is not kept)."""
    return "" if req.marker is None or _under_extra(req) else f" ; {req.marker}"


def _pin(pins: dict[str, str], key: str, version: str, marker: str) -> None:
    """Pins a package; a pin without a marker replaces one with a marker."""
    if key not in pins or (not marker and " ; " in pins[key]):
        pins[key] = f"{key}=={version}{marker}"


def _requirements_to_follow(dist: metadata.Distribution, req: Requirement, key: str,
                            seen: set[tuple[str, str]]) -> list[tuple[Requirement, str]]:
    """The installed package's own requirements, once for each extra of it not followed before."""
    follow: list[tuple[Requirement, str]] = []
    for wanted in {"", *req.extras} - {w for k, w in seen if k == key}:
        seen.add((key, wanted))
        follow += [(Requirement(line), wanted) for line in dist.requires or []]
    return follow
