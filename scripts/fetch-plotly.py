#!/usr/bin/env python3
"""Fetch the pinned plotly.js partial bundle from the npm registry and check it against the hash
committed in generator/site/vendor/plotly-cartesian.sha256.

The dashboards draw only bar, scatter and heatmap traces, all in plotly's own `cartesian` bundle;
the file is a third-party build, shipped as published with its licence. To move to a new version:
change VERSION, run with --update (it rewrites the hash file), read the diff, rebuild, run the
browser tests.

Usage:
  python scripts/fetch-plotly.py            fetch, check the hash, write the bundle and its licence
  python scripts/fetch-plotly.py --check    check the committed bundle against the committed hash (offline)
  python scripts/fetch-plotly.py --update   fetch and write a new hash (after changing VERSION)
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import npmfetch  # the scripts folder, beside this file

PACKAGE = "plotly.js-cartesian-dist-min"
VERSION = "4.1.1"
BUNDLE = "plotly-cartesian.min.js"
VENDOR = Path(__file__).resolve().parent.parent / "generator" / "site" / "vendor"
HASH_FILE = VENDOR / "plotly-cartesian.sha256"
LICENCE = "plotly-cartesian.LICENSE.txt"
TARBALL = f"https://registry.npmjs.org/{PACKAGE}/-/{PACKAGE}-{VERSION}.tgz"


def pinned_hash() -> str:
    return HASH_FILE.read_text(encoding="utf-8").split()[0]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def tarball() -> bytes:
    return npmfetch.tarball(PACKAGE, VERSION)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="only check the committed bundle, offline")
    mode.add_argument("--update", action="store_true", help="write the fetched bundle's hash as the new pin")
    args = parser.parse_args(argv)

    if args.check:
        got = sha256((VENDOR / BUNDLE).read_bytes())
        if got != pinned_hash():
            print(f"{BUNDLE}: sha256 {got} is not the pinned {pinned_hash()}", file=sys.stderr)
            return 1
        print(f"{BUNDLE}: {PACKAGE}@{VERSION}, sha256 as pinned")
        return 0

    files = npmfetch.unpack(tarball())
    bundle = files[BUNDLE]
    got = sha256(bundle)
    if args.update:
        HASH_FILE.write_text(f"{got}  {BUNDLE}\n", encoding="utf-8")
    elif got != pinned_hash():
        print(f"{PACKAGE}@{VERSION}: sha256 {got} is not the pinned {pinned_hash()}; nothing written",
              file=sys.stderr)
        return 1
    (VENDOR / BUNDLE).write_bytes(bundle)
    (VENDOR / LICENCE).write_bytes(files["LICENSE"])
    print(f"{PACKAGE}@{VERSION}: sha256 {got} as pinned; wrote {BUNDLE} and its licence")
    return 0


if __name__ == "__main__":
    sys.exit(main())
