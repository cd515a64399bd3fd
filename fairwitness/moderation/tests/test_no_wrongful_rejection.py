"""Acceptance 2: experienced racism, neutral group mentions and counter-speech
are never rejected automatically (the PNAS 2024 finding in DESIGN.md)."""

from __future__ import annotations

from typing import Any

import pytest

from fairwitness.moderation.screening import Outcome, Reason, post_screen
from fairwitness.moderation.screening.masking import slurs_mask_complete, slurs_masked
from fairwitness.moderation.tests.conftest import dev_examples

PROTECTED = dev_examples("experienced_racism", "neutral_group", "counter_speech")


@pytest.mark.parametrize("example", PROTECTED, ids=[e["id"] for e in PROTECTED])
def test_protected_speech_is_not_rejected_and_gets_expected_outcome(
    example: dict[str, Any],
) -> None:
    screening = post_screen(text=example["text"], category=example["category"])
    assert screening.outcome is not Outcome.REJECT
    assert screening.outcome.value == example["expected_outcome"], screening.reasons


def test_a_slur_reported_by_its_target_is_published_and_masked_for_readers() -> None:
    text = 'A man yelled "go back to Mexico, wetback" at my dad while he mowed our lawn.'
    screening = post_screen(text=text)
    assert screening.outcome is Outcome.PUBLISH, screening.reasons
    assert screening.scores["hate_counter_speech_published"] == 1.0
    assert (
        slurs_masked(text)
        == 'A man yelled "go back to Mexico, w******" at my dad while he mowed our lawn.'
    )


def test_quoted_hate_without_condemnation_or_target_goes_to_a_person() -> None:
    screening = post_screen(text="A flyer on my car said 'muslims are vermin'. Thoughts?")
    assert screening.outcome is Outcome.REVIEW
    assert Reason.HATE_QUOTED_OR_REPORTED in screening.reasons


def test_a_reported_slur_that_cannot_be_masked_goes_to_a_person() -> None:
    text = 'A man spelled out "n i g g e r" at my son on the bus. I reported it to the police.'
    assert not slurs_mask_complete(text)
    screening = post_screen(text=text)
    assert screening.outcome is Outcome.REVIEW
    assert Reason.HATE_QUOTED_OR_REPORTED in screening.reasons


def test_saying_i_said_it_is_not_counter_speech() -> None:
    screening = post_screen(text="I said it before: niggers out. Racist? Call it what you like.")
    assert screening.outcome is not Outcome.PUBLISH


def test_the_same_slur_used_directly_is_rejected() -> None:
    screening = post_screen(text="Wetbacks are taking over this street.")
    assert screening.outcome is Outcome.REJECT
    assert Reason.HATE_SLUR in screening.reasons


def test_negated_statement_about_a_group_is_published() -> None:
    screening = post_screen(text="I don't hate Jews or anyone else. Let's keep the feed civil.")
    assert screening.outcome is Outcome.PUBLISH, screening.reasons


@pytest.mark.parametrize("example", dev_examples("hate"), ids=lambda e: e["id"])
def test_clear_hate_is_rejected(example: dict[str, Any]) -> None:
    screening = post_screen(text=example["text"], category=example["category"])
    assert screening.outcome is Outcome.REJECT
    assert screening.scores["hate_score"] >= 0.9


@pytest.mark.parametrize(
    "kind", ["crime", "lost_pet", "personal_info", "lawful_activity", "profiling", "harassment"]
)
def test_other_dev_examples_get_their_expected_outcome(kind: str) -> None:
    for example in dev_examples(kind, f"{kind}_ok"):
        screening = post_screen(text=example["text"], category=example["category"])
        assert screening.outcome.value == example["expected_outcome"], (example, screening.reasons)
