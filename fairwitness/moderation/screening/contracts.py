"""Plain data that flows through the screening pipeline.

Every value here is frozen: a step reads a ``ScreenInput`` and returns a new
``StepResult``; nothing is mutated in place, so steps can run and be tested
alone and in any subset.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum, StrEnum


class PostCategory(StrEnum):
    CRIME = "crime"
    SUSPICIOUS_ACTIVITY = "suspicious_activity"
    SAFETY = "safety"
    LOST_AND_FOUND = "lost_and_found"
    OTHER = "other"


class Outcome(StrEnum):
    """What happens to a submission, from least to most restrictive.

    ``REJECT`` is reserved for clear hate speech; every other concern either
    asks the author to edit or holds the post for a human moderator.
    """

    PUBLISH = "publish"
    EDIT = "edit"
    REVIEW = "review"
    REJECT = "reject"


class Severity(IntEnum):
    PUBLISH = 0
    EDIT = 1
    REVIEW = 2
    REJECT = 3


OUTCOME_SEVERITY: dict[Outcome, Severity] = {
    Outcome.PUBLISH: Severity.PUBLISH,
    Outcome.EDIT: Severity.EDIT,
    Outcome.REVIEW: Severity.REVIEW,
    Outcome.REJECT: Severity.REJECT,
}


class Reason(StrEnum):
    """Reason codes, spelled ``screen:<family>:<detail>``; they go into the audit log."""

    PROFILING_RACE_WITHOUT_BEHAVIOUR = "screen:profiling:race_without_behaviour"
    PROFILING_RACE_FEW_DESCRIPTORS = "screen:profiling:race_few_descriptors"
    HATE_SLUR = "screen:hate:slur"
    HATE_GROUP_ATTACK = "screen:hate:group_attack"
    HATE_VIOLENT_THREAT = "screen:hate:violent_threat"
    HATE_MODEL = "screen:hate:model"
    HATE_QUOTED_OR_REPORTED = "screen:hate:quoted_or_reported"
    HATE_GROUP_SLUR = "screen:hate:group_slur"
    HATE_GROUP_HOSTILITY = "screen:hate:group_hostility"
    HARASSMENT_INSULT = "screen:harassment:insult"
    HARASSMENT_THREAT = "screen:harassment:threat"
    PERSONAL_INFO_PHONE = "screen:personal_info:phone"
    PERSONAL_INFO_EMAIL = "screen:personal_info:email"
    PERSONAL_INFO_STREET_ADDRESS = "screen:personal_info:street_address"
    PERSONAL_INFO_LICENCE_PLATE = "screen:personal_info:licence_plate"
    PERSONAL_INFO_NAMED_PERSON = "screen:personal_info:named_person"
    LAWFUL_ACTIVITY_ASSEMBLY = "screen:lawful_activity:assembly"

    @property
    def family(self) -> str:
        """The middle part of the code, e.g. ``profiling``; benchmarks group by it."""
        return self.value.split(":")[1]


@dataclass(frozen=True, slots=True)
class PersonDescription:
    """The optional structured description from the posting flow.

    ``behaviour`` is what the person did; ``race_ethnicity`` is only allowed
    together with at least two of the other descriptors (enforced by the
    profiling guardrail, not here).
    """

    behaviour: str = ""
    top: str = ""
    bottom: str = ""
    shoes: str = ""
    hair: str = ""
    build: str = ""
    age_range: str = ""
    vehicle: str = ""
    other: str = ""
    race_ethnicity: str = ""

    def other_descriptor_count(self) -> int:
        """Filled descriptors other than race/ethnicity and behaviour."""
        values = (
            self.top,
            self.bottom,
            self.shoes,
            self.hair,
            self.build,
            self.age_range,
            self.vehicle,
            self.other,
        )
        return sum(1 for value in values if value.strip())


@dataclass(frozen=True, slots=True)
class NormalisedText:
    """Views of one text for matching; the original is never altered.

    ``plain``: case-folded, accents and zero-width characters removed,
    look-alike letters mapped to ASCII. ``folded``: ``plain`` plus leetspeak
    mapped to letters and spaced-out letters joined, used for the hate lexicon.
    """

    original: str
    plain: str
    folded: str


@dataclass(frozen=True, slots=True)
class ScreenInput:
    """One submission to screen. ``category`` is ``None`` for comments."""

    text: str
    normalised: NormalisedText
    category: PostCategory | None = None
    description: PersonDescription | None = None


@dataclass(frozen=True, slots=True)
class StepResult:
    """What one step found: the outcome it asks for, its reasons and scores."""

    step: str
    outcome: Outcome = Outcome.PUBLISH
    reasons: tuple[Reason, ...] = ()
    scores: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Screening:
    """The pipeline's verdict on one submission.

    ``text`` is the author's text exactly as submitted (templates escape it
    when rendering); ``messages`` are plain-words explanations with how to fix,
    one per reason, for the author.
    """

    text: str
    outcome: Outcome
    reasons: tuple[Reason, ...]
    scores: dict[str, float]
    messages: tuple[str, ...]
    steps: tuple[StepResult, ...] = ()
