"""How the policy writes numbers for people: durations, areas and lists."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import timedelta

SQ_M_PER_SQ_MI = 1609.344**2


def duration_text(value: timedelta) -> str:
    """Write a duration as "6 h 1 min", "15 min", "30 days" or "2 days 3 h".

    Days are written only from four days up, because deadlines such as "48 h"
    and "72 h" are set and read in hours. Seconds are
    written only when present, so that 6 h 0 min 30 s never reads as "6 h".
    """
    total = int(value.total_seconds())
    sign = "-" if total < 0 else ""
    total = abs(total)
    days, rest = divmod(total, 86400)
    parts: list[str] = []
    if days >= 4:
        parts.append(f"{days} days")
    else:
        rest += days * 86400
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        parts.append(f"{hours} h")
    if minutes:
        parts.append(f"{minutes} min")
    if seconds or not parts:
        parts.append(f"{seconds} s")
    return sign + " ".join(parts)


def days_text(days: int) -> str:
    return "1 day" if days == 1 else f"{days} days"


def area_text(sq_mi: float, *, beside: float | None = None) -> str:
    """Write an area in square miles.

    With ``beside`` (the limit it is compared to) the value gets enough
    decimals not to print the same as the limit, so a reason never says
    "0.25 sq mi is more than 0.25 sq mi".
    """
    for decimals in range(3, 10):
        text = f"{sq_mi:.{decimals}f}".rstrip("0").rstrip(".")
        if beside is None or not math.isclose(float(text), beside, rel_tol=0, abs_tol=1e-12):
            return f"{text} sq mi"
        if sq_mi == beside:
            return f"{text} sq mi"
    return f"{sq_mi!r} sq mi"


def list_text(items: Sequence[str], *, conjunction: str = "and") -> str:
    """Join as "a, b and c" (or "a, b or c")."""
    if not items:
        return "none"
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]
