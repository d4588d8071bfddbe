"""The sampling draw of a school's teachers (seed 004 整校推进绩效考核细则 C22, C23)."""

from __future__ import annotations

import random

from .base import F, Names, Strict


class Draw(Strict):
    """The teachers drawn to re-check and to observe, and how (seed 004 C22, C23)."""

    seed: int = F("抽取所用的随机种子（公开，便于复核）", "The stated seed of the draw")
    pool: int = F("抽取范围内的教师人数", "Number of teachers drawn from", ge=0)
    recheck: Names = F("抽取复核实践证据的教师（匿名编号）", "Teachers whose evidence is re-checked (anonymous ids)", [])
    observe: Names = F("现场抽测的教师（匿名编号）", "Teachers observed on site (anonymous ids)", [])
    method: str | None = F("抽取方法说明", "How the draw was made", None)


def draw_teachers(ids: list[str], school: str, seed: int, recheck: int, observe: int) -> tuple[list[str], list[str]]:
    """The reproducible draw: sort the ids, then random.Random(f"{school}:{seed}").sample.

    Python's random.Random seeded with a str is stable across versions (version 2 seeding, the
    default since 3.2); `sample` draws the re-check set first and the observed set next, from
    the same generator, so one (school, seed, ids) gives one answer.
    """
    pool = sorted(set(ids))
    rng = random.Random(f"{school}:{seed}")
    first = rng.sample(pool, min(recheck, len(pool)))
    second = rng.sample(pool, min(observe, len(pool)))
    return sorted(first), sorted(second)
