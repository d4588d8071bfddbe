"""Where the files plansite ships live: the default theme, schemas/, templates/ and the guide in docs/.

An installed wheel carries them inside the package as generator/_data/<name>/ (setup.py copies
them there at build time); a source checkout or an editable install reads them from the
top-level folders of the repository. Nothing else in plansite should know which one it is.
A site's own themes/ and schemas/ are looked up by the callers and override these.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]  # the generator package
SHIPPED = ("themes", "schemas", "templates", "docs")
"""The top-level folders of the repository that the package carries."""


@lru_cache(maxsize=None)
def shipped(name: str) -> Path:
    """The folder plansite ships under this name: packaged data first, else the source tree."""
    if name not in SHIPPED:
        raise ValueError(f"plansite ships no folder named {name!r}")
    packaged = PACKAGE / "_data" / name
    return packaged if packaged.is_dir() else PACKAGE.parent / name


def shown(path: Path) -> str:
    """A shipped file as messages show it: plansite:<folder>/<file>, never a site-packages path."""
    for name in SHIPPED:
        try:
            return f"plansite:{name}/" + path.resolve().relative_to(shipped(name)).as_posix()
        except ValueError:
            continue
    return path.as_posix()
