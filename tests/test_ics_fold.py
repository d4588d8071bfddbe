"""The iCalendar downloads fold their lines at 75 octets (RFC 5545 3.1), never inside a character."""

import random

from generator.site.downloads import fold


def _by_character(line: str) -> str:
    """The folding the standard describes, a character at a time: parts of at most 75 octets, each
    after the first a space and at most 74 octets of the line."""
    out, current, size = [], "", 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > 75:
            out.append(current)
            current, size = " ", 1
        current += ch
        size += n
    out.append(current)
    return "\r\n".join(out)


def test_a_line_is_folded_as_the_standard_folds_it_a_character_at_a_time():
    rng = random.Random(23)
    alphabet = "ab ,;\\é中文研修😀"
    for _ in range(3000):
        line = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 240)))
        assert fold(line) == _by_character(line)


def test_folded_parts_stay_within_75_octets_and_unfold_to_the_line():
    line = "DESCRIPTION:" + "研修活动，" * 40
    folded = fold(line)
    parts = folded.split("\r\n")
    assert len(parts) > 1 and all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert folded.replace("\r\n ", "") == line
    assert fold("short") == "short" and fold("x" * 75) == "x" * 75 and fold("x" * 76) == "x" * 75 + "\r\n x"
