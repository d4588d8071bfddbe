"""The SHA-256 of a policy object's text, worked out once per object: what a value worked out by check
(a school's record figures, its hour register) was worked out under."""

from __future__ import annotations

import hashlib
from typing import Any, Callable

_DIGESTS: dict[int, tuple[object, str]] = {}


def digest_of(obj: object, text: Callable[[Any], str]) -> str:
    """The SHA-256 of text(obj), once per object (policy objects live as long as the build)."""
    hit = _DIGESTS.get(id(obj))
    if hit is None or hit[0] is not obj:
        hit = _DIGESTS[id(obj)] = (obj, hashlib.sha256(text(obj).encode()).hexdigest())  # kept: ids stay unique
    return hit[1]
