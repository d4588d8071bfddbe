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
    return gits(root, args)[0]


def gits(root: Path, *commands: tuple[str, ...]) -> list[str]:
    """Several git commands that only read, run at once: their standard outputs, in order; GitError for
    the first (in order) that fails, or when git is not installed."""
    try:
        running = [subprocess.Popen(["git", "-C", str(root), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    text=True, encoding="utf-8", errors="replace") for args in commands]
    except FileNotFoundError as exc:
        raise GitError("git is not installed") from exc
    outputs = [proc.communicate() for proc in running]
    for args, proc, (_, err) in zip(commands, running, outputs):
        if proc.returncode != 0:
            raise GitError(err.strip() or f"git {' '.join(args)} failed")
    return [out for out, _ in outputs]
