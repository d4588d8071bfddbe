"""One module per command: each has add_parser(subparsers) and a run(args) -> exit code."""

from . import check, new, schema

COMMANDS = [check, new, schema]
