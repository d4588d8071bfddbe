"""plansite: the school plans of 能力提升工程 2.0 as a static site.

The package is a one-way pipeline; each stage is a subpackage and imports only from the
stages before it (tests/test_layout.py holds the package to this order):

    core, model          shared below every stage: Diagnostic, messages, labels, dates; content models
    load                 files → YAML with lines → models; policy data; the privacy guard
    check                domain rules and cross-checks → diagnostics; rubric score cards
    aggregate            per-school facts → city and district tables
    gitflow              git history, revisions, changed-since, the pull-request review
    site                 views, pages, templates, downloads, links → {path: bytes}
    output               the build's gate (refusal, lock, manifest), staged atomic write, search index
    authoring            commented templates and the field reference, from the models
    pipeline             the build: the stages in order, failures as diagnostics
    commands, cli        one module per command; exit codes
"""

__version__ = "0.1.0"

STAGES = ("core", "model", "load", "check", "aggregate", "gitflow", "site", "output",
          "authoring", "pipeline", "commands", "cli", "__main__")
