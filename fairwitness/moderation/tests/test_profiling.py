"""Acceptance 1: the profiling guardrail."""

from __future__ import annotations

import pytest

from fairwitness.moderation.screening import (
    Outcome,
    PersonDescription,
    PostCategory,
    Reason,
    post_screen,
)
from fairwitness.moderation.screening.messages import REASON_MESSAGES


def test_race_and_suspicion_without_behaviour_asks_for_edit_with_reasons() -> None:
    """GIVEN a post describing someone only by race and calling them suspicious
    WHEN it is screened THEN it is not published, and the author reads why and how to fix."""
    screening = post_screen(
        text="Suspicious Black man walking around our street tonight.",
        category=PostCategory.SUSPICIOUS_ACTIVITY,
    )
    assert screening.outcome is Outcome.EDIT
    assert Reason.PROFILING_RACE_WITHOUT_BEHAVIOUR in screening.reasons
    assert Reason.PROFILING_RACE_FEW_DESCRIPTORS in screening.reasons
    assert REASON_MESSAGES[Reason.PROFILING_RACE_WITHOUT_BEHAVIOUR] in screening.messages
    assert any("what they did" in message for message in screening.messages)


def test_adding_behaviour_and_two_descriptors_publishes() -> None:
    """GIVEN the same post WHEN behaviour and two other descriptors are added THEN it publishes."""
    screening = post_screen(
        text="Suspicious man on our street tonight.",
        category=PostCategory.SUSPICIOUS_ACTIVITY,
        description=PersonDescription(
            race_ethnicity="Black",
            behaviour="tried the door handles of three parked cars",
            top="red hoodie",
            build="tall, slim",
        ),
    )
    assert screening.outcome is Outcome.PUBLISH, screening.reasons
    assert not screening.reasons


def test_structured_race_with_one_descriptor_is_refused_by_the_server() -> None:
    screening = post_screen(
        text="Person tried to open our gate.",
        category=PostCategory.SUSPICIOUS_ACTIVITY,
        description=PersonDescription(
            race_ethnicity="Hispanic", behaviour="tried to open the side gate", top="grey hoodie"
        ),
    )
    assert screening.outcome is Outcome.EDIT
    assert screening.reasons == (Reason.PROFILING_RACE_FEW_DESCRIPTORS,)


def test_free_text_with_behaviour_and_descriptors_publishes() -> None:
    screening = post_screen(
        text="Black man, about 6 ft, red hoodie and grey sweatpants, tried car doors on Elm.",
        category=PostCategory.CRIME,
    )
    assert screening.outcome is Outcome.PUBLISH


@pytest.mark.parametrize(
    "text",
    [
        "The Black-owned bakery on 5th is open late on Fridays.",
        "Hispanic heritage festival at the park on Saturday.",
        "Our Asian grocery has the best dumplings.",
        "A white van has been parked on Oak for a week.",
        "Guy in a black hoodie was casing houses on Pine.",
    ],
)
def test_race_term_alone_never_holds_or_rejects(text: str) -> None:
    for category in (None, *PostCategory):
        screening = post_screen(text=text, category=category)
        assert screening.outcome in (Outcome.PUBLISH, Outcome.EDIT)
        assert screening.outcome is Outcome.PUBLISH or category in (
            PostCategory.CRIME,
            PostCategory.SUSPICIOUS_ACTIVITY,
        ), (text, category, screening.reasons)


def test_race_of_author_or_victim_is_not_profiling() -> None:
    for text in (
        "As a Black woman I felt unsafe when the guard followed me.",
        "Two Muslim women were harassed at the bus stop on Main.",
    ):
        screening = post_screen(text=text, category=PostCategory.CRIME)
        assert "profiling" not in {reason.family for reason in screening.reasons}, text


def test_race_in_reported_speech_that_the_post_criticises_is_not_a_suspect_description() -> None:
    criticism = post_screen(
        text="Posting that Black teens are 'suspicious' for walking home is racial profiling.",
        category="other",
    )
    assert criticism.outcome is Outcome.PUBLISH, criticism.reasons
    profiling = post_screen(
        text="Black teens walking home past the school, very suspicious.",
        category="suspicious_activity",
    )
    assert Reason.PROFILING_RACE_WITHOUT_BEHAVIOUR in profiling.reasons


@pytest.mark.parametrize(
    "text",
    [
        "Just saying black teens hanging around the park on Elm St. Keep an eye out.",
        "I'm assuming the black guy by the school is up to no good, watch out",
    ],
)
def test_reported_speech_words_do_not_bypass_the_guardrail_without_criticism(text: str) -> None:
    screening = post_screen(text=text, category="suspicious_activity")
    assert screening.outcome is not Outcome.PUBLISH
    assert Reason.PROFILING_RACE_WITHOUT_BEHAVIOUR in screening.reasons
