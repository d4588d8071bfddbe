"""One module per command: each has add_parser(subparsers) and a run(args) -> exit code."""

from . import check, new, review, schema
from . import build, init, serve

COMMANDS = [check, new, review, schema]
COMMANDS += [build, serve, init]
