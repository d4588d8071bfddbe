"""One module per command: each has add_parser(subparsers) and a run(args) -> exit code."""

from . import build, check, docs, export, import_docx, import_teachers, init, new, review, sample, schema, serve

COMMANDS = [check, new, review, schema]
COMMANDS += [build, serve, init, import_docx, import_teachers, export, sample, docs]
