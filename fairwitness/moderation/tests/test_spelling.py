"""Misspelled group names and hostile words are read as meant (spelling.py)."""

from __future__ import annotations

import pytest

from fairwitness.moderation.screening import Outcome, post_screen
from fairwitness.moderation.screening.spelling import spelling_corrected


@pytest.mark.parametrize(
    ("folded", "meant"),
    [
        ("blakc pepole", "black people"),  # swapped letters
        ("imigrants and refugese", "immigrants and refugees"),  # dropped, swapped
        ("jewz", "jews"),  # z plural
        ("womenare scum", "women are scum"),  # run together
        ("ihate gays", "i hate gays"),
        ("i hte muslims", "i hate muslims"),
    ],
)
def test_misspellings_of_targets_are_restored(folded: str, meant: str) -> None:
    assert spelling_corrected(folded) == meant


@pytest.mark.parametrize(
    "folded",
    [
        "lack of sleep",  # "black" minus a letter, but a word
        "back home by six",
        "asking about the gay bar on elm",
        "the blacksmith fixed our gate",
        "i heat the pool in june",
        "a refugee family moved in",  # the singular of a target
    ],
)
def test_real_words_are_left_alone(folded: str) -> None:
    assert spelling_corrected(folded) == folded


@pytest.mark.parametrize("text", ["Mulsims are vermin.", "I hte wmen.", "blackpeople are animals"])
def test_misspelled_hate_is_not_published(text: str) -> None:
    assert post_screen(text=text).outcome in (Outcome.REJECT, Outcome.REVIEW)
