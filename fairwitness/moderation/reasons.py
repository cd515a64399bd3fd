"""Moderators' reason codes and how severe a queued item is.

A moderator's decision carries reason codes spelled ``review:<family>:<detail>``.
Approving uses the ``none`` family (no violation, and why); rejecting or asking
for an edit uses a violation family. ``review_reasons_check`` enforces this.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from fairwitness.core.errors import ApplicationError


class ReviewReason(StrEnum):
    NO_VIOLATION = "review:none:no_violation"
    COUNTER_SPEECH = "review:none:counter_speech"
    EXPERIENCED_RACISM = "review:none:experienced_racism"
    LAWFUL_ACTIVITY_NOTICE = "review:none:lawful_activity_notice"
    PROFILING = "review:profiling:race_based_suspicion"
    HATE = "review:hate:hate_speech"
    HARASSMENT = "review:harassment:targets_person"
    PERSONAL_INFO = "review:personal_info:private_person"
    SURVEILLANCE = "review:lawful_activity:surveillance"
    SPAM = "review:other:spam"

    @property
    def approves(self) -> bool:
        return self.value.split(":")[1] == "none"

    @property
    def label(self) -> str:
        return REVIEW_REASON_LABELS[self]


REVIEW_REASON_LABELS: dict[ReviewReason, str] = {
    ReviewReason.NO_VIOLATION: "No rule broken",
    ReviewReason.COUNTER_SPEECH: "Quotes or condemns hate (counter-speech)",
    ReviewReason.EXPERIENCED_RACISM: "Describes racism the author experienced",
    ReviewReason.LAWFUL_ACTIVITY_NOTICE: (
        "Announces or reports lawful activity without watching people"
    ),
    ReviewReason.PROFILING: "Treats people as suspicious because of race",
    ReviewReason.HATE: "Hate speech",
    ReviewReason.HARASSMENT: "Harasses or threatens a person",
    ReviewReason.PERSONAL_INFO: "Personal information about a private person",
    ReviewReason.SURVEILLANCE: "Helps watch people exercising their rights",
    ReviewReason.SPAM: "Spam",
}


def review_reasons_check(*, approve: bool, codes: Iterable[str]) -> tuple[ReviewReason, ...]:
    """Parse ``codes``; approving needs ``none``-family codes, refusing needs violations."""
    parsed: list[ReviewReason] = []
    for code in codes:
        try:
            parsed.append(ReviewReason(code))
        except ValueError:
            raise ApplicationError(
                f"Unknown reason code {code!r}. Choose from the listed reasons.",
                code="review_bad_reason",
            ) from None
    if not parsed:
        raise ApplicationError(
            "Choose at least one reason for the decision.", code="review_reason_required"
        )
    wrong = [reason for reason in parsed if reason.approves is not approve]
    if wrong:
        kind = "say why nothing is wrong" if approve else "name the rule broken"
        raise ApplicationError(
            f"These reasons do not fit the decision: {', '.join(wrong)}. Reasons must {kind}.",
            code="review_reason_mismatch",
        )
    return tuple(dict.fromkeys(parsed))


# Higher is more urgent. Prefixes of screen reason codes and flag codes.
_SEVERITY: tuple[tuple[str, int], ...] = (
    ("flag:racial_profiling", 50),
    ("screen:hate:", 40),
    ("flag:hate", 40),
    ("screen:harassment:threat", 35),
    ("screen:lawful_activity:", 30),
    ("flag:surveillance_of_lawful_activity", 30),
    ("screen:profiling:", 25),
    ("screen:personal_info:", 20),
    ("flag:", 10),
)
SEVERITY_DEFAULT = 5


def severity_of(codes: Iterable[str]) -> int:
    """The queue order of an item: the most severe of its reason or flag codes."""
    best = SEVERITY_DEFAULT
    for code in codes:
        for prefix, value in _SEVERITY:
            if code.startswith(prefix):
                best = max(best, value)
                break
    return best
