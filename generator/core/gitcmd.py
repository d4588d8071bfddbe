"""Run the real git: one command, its output as text, GitError when git is missing or fails.

Below every stage, so that check (a committed cache) and gitflow (history, reviews) ask git the same way.
"""

from __future__ import annotations

import subprocess
from pathlib import Path


class GitError(RuntimeError):
    pass


def git(root: Path, *args: str) -> str:
    """git -C root args…: its standard output; GitError when git is not installed or the command fails."""
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                              encoding="utf-8", errors="replace", check=False)
    except FileNotFoundError as exc:
        raise GitError("git is not installed") from exc
    if done.returncode != 0:
        raise GitError(done.stderr.strip() or f"git {' '.join(args)} failed")
    return done.stdout
