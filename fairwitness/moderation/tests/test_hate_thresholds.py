"""The model's review path: when the hate model alone may hold a post.

Acceptance 5 (hateful recall without wrongful holds): the model holds a
hostile post whose hate score passes ``review`` only while its "neither"
score stays under ``neither_ceiling``; calm mentions of a group, negated
statements and counter-speech are never held on the model's word alone.
"""

from __future__ import annotations

import json

import pytest

from fairwitness.moderation.screening import Outcome, Reason
from fairwitness.moderation.screening.hate import hate_assess, model_hold_allowed
from fairwitness.moderation.screening.hate_model import (
    MODEL_PATH,
    HateProbabilities,
    HateThresholds,
    hate_thresholds_load,
)
from fairwitness.moderation.screening.normalise import text_normalise

THRESHOLDS = HateThresholds(review=0.3, neither_ceiling=0.4)
HOSTILE = HateProbabilities(hate=0.5, offensive=0.45, neither=0.05)
CALM = HateProbabilities(hate=0.5, offensive=0.05, neither=0.45)


def _folded(text: str) -> str:
    return text_normalise(text).folded


def test_shipped_thresholds_come_from_the_training_metadata() -> None:
    meta = json.loads(MODEL_PATH.with_suffix(".json").read_text(encoding="utf-8"))
    thresholds = hate_thresholds_load()
    assert thresholds.review == meta["review_threshold"]
    assert thresholds.neither_ceiling == meta["neither_ceiling"]
    assert 0.0 < thresholds.review < 1.0
    assert 0.0 < thresholds.neither_ceiling < 1.0


def test_hostile_model_score_holds_for_review_without_rejecting() -> None:
    result = hate_assess(_folded("those gays again smh"), probs=HOSTILE, thresholds=THRESHOLDS)
    assert result.outcome is Outcome.REVIEW
    assert result.reasons == (Reason.HATE_MODEL,)


def test_calm_text_with_a_high_hate_score_is_not_held() -> None:
    """GIVEN a score driven by a group word but plenty of 'neither' mass."""
    result = hate_assess(
        _folded("Immigrants are welcome at the meeting"), probs=CALM, thresholds=THRESHOLDS
    )
    assert result.outcome is Outcome.PUBLISH
    assert result.reasons == ()


def test_score_below_the_review_threshold_is_not_held() -> None:
    low = HateProbabilities(hate=0.29, offensive=0.7, neither=0.01)
    result = hate_assess(_folded("whatever man"), probs=low, thresholds=THRESHOLDS)
    assert result.outcome is Outcome.PUBLISH


@pytest.mark.parametrize(
    "text",
    [
        "I don't think disabled people are lowlifes at all.",
        "Nobody should say immigrants are dangerous.",
        "Someone said awful things about my family because we're Muslim.",
        "Calling gay men parasites is hate speech.",
    ],
)
def test_negation_counter_speech_and_experience_block_a_model_only_hold(text: str) -> None:
    folded = _folded(text)
    assert not model_hold_allowed(folded)
    result = hate_assess(folded, probs=HOSTILE, thresholds=THRESHOLDS)
    assert Reason.HATE_MODEL not in result.reasons


def test_hostile_text_naming_a_group_allows_a_model_hold() -> None:
    assert model_hold_allowed(_folded("those mexicans ruin everything, smh"))


@pytest.mark.parametrize(
    "text",
    [
        "Her number is 555-440-9123, tell her to stop parking in front of my house.",
        "Those people ruin everything, smh.",
    ],
)
def test_text_naming_no_identity_is_not_held_on_the_model_alone(text: str) -> None:
    assert not model_hold_allowed(_folded(text))
    result = hate_assess(_folded(text), probs=HOSTILE, thresholds=THRESHOLDS)
    assert Reason.HATE_MODEL not in result.reasons


def test_insult_at_one_person_asks_for_an_edit_not_a_hate_hold() -> None:
    """Abuse of an individual is harassment, not hate (HateCheck's F23)."""
    folded = _folded("You are a pathetic loser, white boy, for stealing a kid's bike.")
    assert not model_hold_allowed(folded)
    result = hate_assess(folded, probs=HOSTILE, thresholds=THRESHOLDS)
    assert result.outcome is Outcome.EDIT
    assert result.reasons == (Reason.HARASSMENT_INSULT,)


@pytest.mark.parametrize(
    "text",
    [
        "Lost black cat with one white paw near the high school.",
        "Our husky got out. Grey and white, blue eyes, very fast.",
        "Car stolen from a driveway overnight. It was a white Honda Civic.",
        "Black SUV parked in front of my house every night.",
    ],
)
def test_colours_of_pets_and_cars_name_no_one_so_the_model_never_holds_them(text: str) -> None:
    assert not model_hold_allowed(_folded(text))
    result = hate_assess(_folded(text), probs=HOSTILE, thresholds=THRESHOLDS)
    assert result.outcome is Outcome.PUBLISH


@pytest.mark.parametrize(
    "text",
    ["white people ruin everything", "black and brown folks again", "the whites", "black guys"],
)
def test_colours_naming_people_still_let_the_model_hold(text: str) -> None:
    assert model_hold_allowed(_folded(text))


@pytest.mark.parametrize(
    "text",
    [
        "Suspicious black guy outside the school.",
        "Hispanic male, late teens, black backpack, smashed a car window.",
        "Middle Eastern looking man sitting in a car near the school.",
    ],
)
def test_one_person_described_by_race_is_left_to_the_profiling_guardrail(text: str) -> None:
    assert not model_hold_allowed(_folded(text))
