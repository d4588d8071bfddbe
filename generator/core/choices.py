"""The choices and bounds the command line offers, in a module that imports nothing heavy.

Making the parser (cli.py, commands/*.add_parser) must not load pydantic, YAML or a renderer:
the models, the site's initialiser, the filing record and the review comment take these from here.
"""

from __future__ import annotations

from typing import Literal, get_args

SLUG = r"^[a-z0-9][a-z0-9-]*$"
"""What a district's or school's folder name (its id) may be."""

Mode = Literal["智慧教育", "多技术融合"]
MODES: tuple[Mode, ...] = get_args(Mode)
"""The school's application mode (信息化应用模式)."""

HOSTS = {
    "github": {"ci/github-actions.yml": ".github/workflows/plansite.yml",
               "ci/github-comment.yml": ".github/workflows/plansite-comment.yml"},
    "gitlab": {"ci/gitlab-ci.yml": ".gitlab-ci.yml"},
    "gitea": {"ci/gitea-actions.yml": ".gitea/workflows/plansite.yml"},
    "forgejo": {"ci/gitea-actions.yml": ".forgejo/workflows/plansite.yml"},
}
"""The CI files `plansite init` writes for each host (template under templates/ → where it goes);
Gitea and Forgejo read the same workflow from their own folders."""

DECISIONS = {"通过": "审核", "退回": "退回"}
"""`plansite review --record`'s words → the filing step they write."""

LIMIT = 60_000
"""Characters in the review comment: under GitHub's 65,536 with room for what CI adds around it."""
