#!/usr/bin/env python3
"""Fetch the pinned Decap CMS build from the npm registry, check it, and write it to
generator/site/vendor/decap-cms/ (served by the built site at /admin/).

The npm package `decap-cms` ships its browser build in dist/: decap-cms.js, the chunks it loads
on demand (NNN.decap-cms.js, beside it) and two WebAssembly files. Only those are kept (no source
maps, no second `cms.js` copy). The tarball's SHA-256 is pinned below; every written file's hash
goes to decap-cms.sha256 so `--check` can verify the committed copy offline. The package carries
no licence file of its own (package.json says MIT), so the MIT text with Decap's copyright line is
written in front of the bundle's own notices for the code it includes.

To move to a new version: change VERSION, run with --update (it writes the new hashes into the
manifest), read the diff, rebuild, run tests/test_editor_browser.py.

Usage:
  python scripts/fetch-decap-cms.py            fetch, check the tarball's hash, write the files
  python scripts/fetch-decap-cms.py --check    check the committed files against the manifest (offline)
  python scripts/fetch-decap-cms.py --update   fetch and write a new manifest (after changing VERSION)
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import npmfetch  # the scripts folder, beside this file

PACKAGE = "decap-cms"
VERSION = "3.16.3"
VENDOR = Path(__file__).resolve().parent.parent / "generator" / "site" / "vendor" / "decap-cms"
MANIFEST = VENDOR / "decap-cms.sha256"
LICENCE = "decap-cms.LICENSE.txt"
TARBALL = f"https://registry.npmjs.org/{PACKAGE}/-/{PACKAGE}-{VERSION}.tgz"
KEEP = re.compile(r"^dist/(decap-cms\.js|[0-9]+\.decap-cms\.js|[0-9a-f]+\.wasm)$")
MIT = """Decap CMS {version} (npm package "decap-cms"), https://github.com/decaporg/decap-cms

Copyright (c) 2016 Netlify <decap@p-m.si>

MIT License

Permission is hereby granted, free of charge, to any person obtaining
a copy of this software and associated documentation files (the
"Software"), to deal in the Software without restriction, including
without limitation the rights to use, copy, modify, merge, publish,
distribute, sublicense, and/or sell copies of the Software, and to
permit persons to whom the Software is furnished to do so, subject to
the following conditions:

The above copyright notice and this permission notice shall be
included in all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND,
EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF
MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE
LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION
OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION
WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.

----------------------------------------------------------------------
Notices of the code bundled in decap-cms.js (dist/decap-cms.js.LICENSE.txt):

"""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_manifest() -> tuple[str, dict[str, str]]:
    """(the pinned tarball hash, {file name: hash})."""
    tarball_hash, files = "", {}
    for row in MANIFEST.read_text(encoding="utf-8").splitlines():
        digest, name = row.split(None, 1)
        if name == f"{PACKAGE}-{VERSION}.tgz":
            tarball_hash = digest
        else:
            files[name] = digest
    return tarball_hash, files


def tarball() -> bytes:
    return npmfetch.tarball(PACKAGE, VERSION)


def check() -> int:
    _, files = read_manifest()
    bad = [name for name, digest in files.items()
           if not (VENDOR / name).is_file() or sha256((VENDOR / name).read_bytes()) != digest]
    extra = sorted(p.name for p in VENDOR.iterdir() if p.name not in files and p != MANIFEST)
    if bad or extra:
        for name in bad:
            print(f"{name}: missing or is not the pinned file", file=sys.stderr)
        for name in extra:
            print(f"{name}: not part of the pinned build", file=sys.stderr)
        return 1
    print(f"{PACKAGE}@{VERSION}: {len(files)} files, sha256 as pinned")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="only check the committed files, offline")
    mode.add_argument("--update", action="store_true", help="pin the fetched tarball's hash")
    args = parser.parse_args(argv)
    if args.check:
        return check()

    data = tarball()
    got = sha256(data)
    pinned = "" if args.update else read_manifest()[0]
    if not args.update and got != pinned:
        print(f"{PACKAGE}@{VERSION}: sha256 {got} is not the pinned {pinned}; nothing written", file=sys.stderr)
        return 1
    files = npmfetch.unpack(data)
    keep = {name.removeprefix("dist/"): body for name, body in sorted(files.items()) if KEEP.match(name)}
    keep[LICENCE] = MIT.format(version=VERSION).encode("utf-8") + files["dist/decap-cms.js.LICENSE.txt"]
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    VENDOR.mkdir(parents=True)
    rows = [f"{got}  {PACKAGE}-{VERSION}.tgz"]
    for name, body in keep.items():
        (VENDOR / name).write_bytes(body)
        rows.append(f"{sha256(body)}  {name}")
    MANIFEST.write_text("\n".join(rows) + "\n", encoding="utf-8")
    size = sum(len(body) for body in keep.values())
    print(f"{PACKAGE}@{VERSION}: sha256 {got} as pinned; wrote {len(keep)} files, {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
