"""One module per command: each has add_parser(subparsers) and a run(args) -> exit code."""

from . import check, schema

COMMANDS = [check, schema]
