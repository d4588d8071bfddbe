"""Stage 5, gitflow: git history, revisions, changed-since and the pull-request review."""
