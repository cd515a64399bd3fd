"""Demeaning words about people in general are held; innocent uses are not;
published counter-speech shows its slurs masked."""

from __future__ import annotations

from typing import Any

import pytest

from fairwitness.moderation.screening import Outcome, Reason, post_screen
from fairwitness.moderation.screening.masking import slurs_mask_complete, slurs_masked
from fairwitness.moderation.tests.conftest import dev_examples


@pytest.mark.parametrize("example", dev_examples("group_slur"), ids=lambda e: e["id"])
def test_a_demeaning_word_about_people_in_general_is_held(example: dict[str, Any]) -> None:
    screening = post_screen(text=example["text"], category=example["category"])
    assert screening.outcome is Outcome.REVIEW
    assert Reason.HATE_GROUP_SLUR in screening.reasons
    assert screening.scores["hate_group_slur"] == 1.0


@pytest.mark.parametrize(
    "text",
    [
        "Lost: my garden hoe, green handle, left by the shed on Elm.",
        "Bring cheese and crackers to the block party on Saturday!",
        "The pothole on Van Dyke Rd is back, watch your tyres.",
        "Found a box of crackers and a lunchbox on the bench by the school.",
        "Honky tonk night at the community hall was a lot of fun.",
    ],
)
def test_innocent_uses_of_the_same_words_publish(text: str) -> None:
    screening = post_screen(text=text)
    assert screening.outcome is Outcome.PUBLISH, screening.reasons


def test_a_plain_insult_asks_for_an_edit_and_one_built_on_a_slur_is_held() -> None:
    plain = post_screen(text="You are a moron for taking my parking spot.")
    assert plain.outcome is Outcome.EDIT
    assert plain.reasons == (Reason.HARASSMENT_INSULT,)
    slur = post_screen(text="You are a stupid bitch for taking my parking spot.")
    assert slur.outcome is Outcome.REVIEW
    assert set(slur.reasons) == {Reason.HARASSMENT_INSULT, Reason.HATE_GROUP_SLUR}


def test_in_group_spellings_of_the_n_word_are_not_group_slurs() -> None:
    # Deliberate (Sap et al. 2019, see docs/moderation.md): holding these would
    # mostly hold Black authors' everyday speech.
    screening = post_screen(text="Me and my niggas cleaned up the park this morning.")
    assert Reason.HATE_GROUP_SLUR not in screening.reasons
    assert screening.outcome is not Outcome.REJECT


def test_a_group_slur_in_counter_speech_is_not_held_for_it() -> None:
    screening = post_screen(
        text="Someone shouted 'dykes' at my daughter and her girlfriend. That's not okay."
    )
    assert Reason.HATE_GROUP_SLUR not in screening.reasons


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("They wrote 'niggers out' on our fence.", "They wrote 'n****** out' on our fence."),
        ("He called my wife a raghead.", "He called my wife a r******."),
        ('The word "n1gg3r" was on the wall.', 'The word "n*****" was on the wall.'),
        ("Someone shouted 'sand nigger' at us.", "Someone shouted 'sand n*****' at us."),
        ("Lost black cat near Elm.", "Lost black cat near Elm."),
        ("Spicy food at the Niger embassy fair.", "Spicy food at the Niger embassy fair."),
    ],
)
def test_strong_slurs_are_masked_after_their_first_letter(text: str, masked: str) -> None:
    assert slurs_masked(text) == masked
    assert slurs_mask_complete(text)


def test_masking_keeps_spacing_and_line_breaks() -> None:
    text = "Line one.\n\nThey wrote  'kike'  here.\tEnd."
    assert slurs_masked(text) == "Line one.\n\nThey wrote  'k***'  here.\tEnd."


def test_a_slur_spelled_out_letter_by_letter_cannot_be_masked_word_by_word() -> None:
    assert not slurs_mask_complete("they spelled n i g g e r on the wall")
