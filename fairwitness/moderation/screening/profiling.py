"""Step 1: the profiling guardrail, after Nextdoor's 2016 posting flow.

Contract: a race or ethnicity term describing a person, in a post that
raises suspicion (by its words, or by being a crime or suspicious-activity
post), asks the author to edit when it names no concrete behaviour or gives
fewer than two other descriptors. A structured description that gives race
or ethnicity needs two other descriptors whatever the text says. The step
never rejects and never holds a post: a race term alone changes nothing.
"""

from __future__ import annotations

from fairwitness.moderation.screening.contracts import (
    Outcome,
    PersonDescription,
    PostCategory,
    Reason,
    ScreenInput,
    StepResult,
)
from fairwitness.moderation.screening.normalise import text_normalise
from fairwitness.moderation.screening.profiling_vocabulary import (
    BEHAVIOUR,
    DESCRIPTORS,
    NON_BEHAVIOUR,
    PROFILING_CRITICISED,
    RACE_PERSON,
    REPORTED_SPEECH_BEFORE,
    SELF_OR_KNOWN_BEFORE,
    SUSPICION,
    VICTIM_AFTER,
)

STEP = "profiling"
REQUIRED_OTHER_DESCRIPTORS = 2
_SUSPICION_CATEGORIES = frozenset({PostCategory.CRIME, PostCategory.SUSPICIOUS_ACTIVITY})
_MIN_FREE_BEHAVIOUR_WORDS = 4


def _described_behaviour(description: PersonDescription | None) -> bool:
    """The posting flow's "what did the person do?" answer names an act."""
    if description is None or not description.behaviour.strip():
        return False
    behaviour = text_normalise(description.behaviour).plain
    if BEHAVIOUR.search(behaviour):
        return True
    # Authors word acts in many ways; a longer answer that is not just
    # "walking"/"standing"/"looking around" is taken as behaviour.
    return len(behaviour.split()) >= _MIN_FREE_BEHAVIOUR_WORDS and not NON_BEHAVIOUR.search(
        behaviour
    )


def suspect_race_mentions(plain: str) -> int:
    """Race terms that describe a possible suspect, not the author or a victim, nor
    reported speech in a post that criticises profiling."""
    criticised = bool(PROFILING_CRITICISED.search(plain))
    count = 0
    for match in RACE_PERSON.finditer(plain):
        before = plain[max(0, match.start() - 30) : match.start()]
        after = plain[match.end() : match.end() + 40]
        if (
            SELF_OR_KNOWN_BEFORE.search(before)
            or (criticised and REPORTED_SPEECH_BEFORE.search(before))
            or VICTIM_AFTER.search(after)
        ):
            continue
        count += 1
    return count


def profiling_screen(screen_input: ScreenInput) -> StepResult:
    plain = screen_input.normalised.plain
    description = screen_input.description
    race_terms = suspect_race_mentions(plain)
    structured_race = bool(description and description.race_ethnicity.strip())
    suspicion = bool(SUSPICION.search(plain)) or screen_input.category in _SUSPICION_CATEGORIES
    behaviour = bool(BEHAVIOUR.search(plain)) or _described_behaviour(description)
    text_descriptors = len(set(DESCRIPTORS.findall(plain)))
    structured_descriptors = description.other_descriptor_count() if description else 0
    # max, not sum: the same hoodie is often in both the text and the form.
    descriptors = max(text_descriptors, structured_descriptors)

    reasons: list[Reason] = []
    if (race_terms or structured_race) and (suspicion or structured_race):
        if not behaviour:
            reasons.append(Reason.PROFILING_RACE_WITHOUT_BEHAVIOUR)
        if descriptors < REQUIRED_OTHER_DESCRIPTORS:
            reasons.append(Reason.PROFILING_RACE_FEW_DESCRIPTORS)
    return StepResult(
        step=STEP,
        outcome=Outcome.EDIT if reasons else Outcome.PUBLISH,
        reasons=tuple(reasons),
        scores={
            "profiling_race_terms": float(race_terms + structured_race),
            "profiling_suspicion": float(suspicion),
            "profiling_behaviour": float(behaviour),
            "profiling_descriptors": float(descriptors),
        },
    )
