"""Bounds that every value entering from outside meets: plain text and sane moments.

- Text holds no control characters except tab, newline and carriage return (a browser sends
  a textarea's line breaks as CR LF): no NUL, no escape sequences, no C1 controls.
- A recorded moment (a clip's start, a window, a signature) lies between ``EARLIEST`` and one
  day after now (clocks drift, zones differ). A deadline (the end of a non-disclosure order)
  may lie further ahead, up to ``DEADLINE_HORIZON`` from now.

The ``*_problem`` functions are pure and return the sentence a person reads, or None. The
annotated types apply them to API schemas (a failure is a 422 naming the field, and the
OpenAPI schema carries the text pattern); forms and services call the functions directly.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Annotated

from pydantic import AfterValidator, Field

# Tab (09), line feed (0A) and carriage return (0D) are allowed; every other C0 control,
# DEL and the C1 controls are not.
CONTROL_CLASS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
CONTROL_CHARACTERS = re.compile(f"[{CONTROL_CLASS}]")
PLAIN_TEXT_PATTERN = f"^[^{CONTROL_CLASS}]*$"

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=1)
DEADLINE_HORIZON = timedelta(days=100 * 365)


def text_plain_problem(text: str) -> str | None:
    found = CONTROL_CHARACTERS.search(text)
    if found is None:
        return None
    return (
        f"The text contains a control character (U+{ord(found.group()):04X}) at position "
        f"{found.start() + 1}; only printable characters, tabs and line breaks are allowed."
    )


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def moment_recorded_problem(moment: datetime, *, now: datetime | None = None) -> str | None:
    """None if ``moment`` (timezone-aware) lies between 2000-01-01 and a day after ``now``."""
    latest = _now(now) + FUTURE_SLACK
    if moment < EARLIEST:
        return f"{moment.isoformat()} is before 2000-01-01; give the real date and time."
    if moment > latest:
        return (
            f"{moment.isoformat()} is more than a day in the future; "
            "give a time that has already happened."
        )
    return None


def moment_deadline_problem(moment: datetime, *, now: datetime | None = None) -> str | None:
    """None if ``moment`` lies between 2000-01-01 and ``DEADLINE_HORIZON`` after ``now``."""
    if moment < EARLIEST:
        return f"{moment.isoformat()} is before 2000-01-01; give the real date."
    if moment > _now(now) + DEADLINE_HORIZON:
        return f"{moment.isoformat()} is more than 100 years ahead; give the real date."
    return None


def day_recorded_problem(day: date, *, now: datetime | None = None) -> str | None:
    """A calendar day (a signature's date): from 2000-01-01 to tomorrow."""
    latest = (_now(now) + FUTURE_SLACK).date()
    if day < EARLIEST.date():
        return f"{day.isoformat()} is before 2000-01-01; give the real date."
    if day > latest:
        return f"{day.isoformat()} is in the future; give the date it was signed."
    return None


def _plain(text: str) -> str:
    problem = text_plain_problem(text)
    if problem:
        raise ValueError(problem)
    return text


def _since_earliest(moment: datetime) -> datetime:
    # A naive time is left to the service, which asks for the zone in its own words.
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    if aware < EARLIEST:
        raise ValueError(f"{moment.isoformat()} is before 2000-01-01; give the real date and time.")
    return moment


# For API schemas: ``text: PlainText = Field(..., max_length=...)``.
PlainText = Annotated[
    str, AfterValidator(_plain), Field(json_schema_extra={"pattern": PLAIN_TEXT_PATTERN})
]
# A moment that must not lie before 2000; the service that takes it bounds its future (a
# clip's start: the server's clock tolerance).
MomentSince2000 = Annotated[
    datetime,
    AfterValidator(_since_earliest),
    Field(description="With its time zone; not before 2000-01-01."),
]
