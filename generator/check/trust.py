"""The secret that binds plansite's cache entries to this machine (or to one CI's own runs).

Every entry plansite stores (a school, a page, a Word document, a search part, a PDF) carries
the HMAC-SHA256 of what it is stored under and of its bytes, under a secret kept outside the
site: $PLANSITE_CACHE_SECRET when it is set (so a CI can give its main branch's runs their own
secret), else 32 random bytes made on first use in $XDG_CONFIG_HOME/plansite/cache-secret
(default ~/.config/plansite/cache-secret), readable by its owner only. A cache folder
committed to the repository, copied from another machine or written by a merge request's job
does not know the secret: its entries fail the check and are computed again.

When the secret file can neither be read nor made (a read-only home), the process uses a
random secret of its own: nothing stored earlier is trusted, nothing is lost but time.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from functools import lru_cache
from pathlib import Path

ENV = "PLANSITE_CACHE_SECRET"
SIZE = 32
MAC_SIZE = hashlib.sha256().digest_size


def secret_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "plansite" / "cache-secret"


def secret() -> bytes:
    """The key of the MACs: from $PLANSITE_CACHE_SECRET, else this user's secret file."""
    given = os.environ.get(ENV)
    if given:
        return hashlib.sha256(b"plansite cache secret\0" + given.encode("utf-8", "surrogatepass")).digest()
    return _file_secret(str(secret_path()))


@lru_cache(maxsize=4)
def _file_secret(path: str) -> bytes:
    """The secret in path, made there (mode 0600, written whole before it appears) when missing."""
    target = Path(path)
    try:
        data = target.read_bytes()
        if len(data) >= SIZE:
            return data
    except OSError:
        pass
    try:
        return _make(target)
    except OSError:
        return os.urandom(SIZE)  # not kept: this process's entries are trusted by this process only


def _make(target: Path) -> bytes:
    made = os.urandom(SIZE)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = target.with_name(f".cache-secret.{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(made)
    try:
        if target.exists():
            os.replace(tmp, target)  # too short to be a secret (an interrupted write): replaced
            return made
        os.link(tmp, target)  # fails when another process made it meanwhile: then theirs is used
        return made
    except FileExistsError:
        data = target.read_bytes()
        return data if len(data) >= SIZE else made
    finally:
        tmp.unlink(missing_ok=True)


def mac(*parts: bytes) -> bytes:
    """The HMAC-SHA256 of the parts (each length-prefixed, so no two lists give the same bytes)."""
    h = hmac.new(secret(), digestmod=hashlib.sha256)
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.digest()


def verify(expected: bytes, *parts: bytes) -> bool:
    return hmac.compare_digest(expected, mac(*parts))


def seal(magic: bytes, key: str, payload: bytes) -> bytes:
    """An entry's bytes as stored: its format's magic, the MAC binding payload to key, the payload."""
    return magic + mac(magic, key.encode(), payload) + payload


def unseal(magic: bytes, key: str, data: bytes) -> bytes | None:
    """The payload of a sealed entry, when it is of this format and its MAC is key's under this
    machine's secret; else None."""
    n = len(magic)
    tag, payload = data[n:n + MAC_SIZE], data[n + MAC_SIZE:]
    if data[:n] == magic and verify(tag, magic, key.encode(), payload):
        return payload
    return None
