"""plansite's command line: thin commands over the library; exit codes live here only.

Exit codes: 0 no error, 1 errors found (or the build failed), 2 bad usage.
"""

from __future__ import annotations

import argparse
import atexit
import gc
import os
import sys

from .commands import COMMANDS, cliwords

cliwords.install()
atexit.register(gc.freeze)  # last of all at exit: the interpreter's final collection then walks nothing
# the command left in memory (after a one-edit build of 301 schools it took about 0.4 CPU-s)


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # bad usage: exit 2 with a bilingual line, never a traceback
        self.print_usage(sys.stderr)
        print(f"plansite: 用法错误 · usage error: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="plansite",
        description="能力提升工程 2.0 两案站点生成器 · Static site generator for the school plans of the "
                    "Teacher IT Application Capability Improvement Project 2.0",
    )
    parser.add_argument("--version", action="version", version=f"plansite {__import__('generator').__version__}",
                        help="显示版本号并退出 · show the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in COMMANDS:
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or bad usage (2)
        return int(exc.code or 0)
    if not args.command:
        parser.print_help()
        return 2
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("已中断 · interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `plansite check --format json | head -1`: the reader has gone
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so that the final flush at exit fails silently
        return 1


if __name__ == "__main__":
    sys.exit(main())
