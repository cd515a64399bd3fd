"""Step 4: protests and similar activity go to human review, never removal."""

from __future__ import annotations

import pytest

from fairwitness.moderation.screening import Outcome, Reason, post_screen


@pytest.mark.parametrize(
    "text",
    [
        "Rally at City Hall on Saturday for safer bike lanes.",
        "There's a protest at Main and 3rd, anyone have a camera pointed there?",
        "Candlelight vigil tonight at Memorial Park.",
        "Teachers are on strike Monday.",
        "Peaceful march for climate action down Broadway on Sunday.",
        "Picket line outside the grocery store on Elm.",
    ],
)
def test_lawful_activity_goes_to_review(text: str) -> None:
    screening = post_screen(text=text)
    assert screening.outcome is Outcome.REVIEW
    assert Reason.LAWFUL_ACTIVITY_ASSEMBLY in screening.reasons


def test_lawful_activity_caps_rejection_at_review() -> None:
    screening = post_screen(text="Kill all the muslims at the rally tomorrow.")
    assert Reason.HATE_VIOLENT_THREAT in screening.reasons
    assert screening.outcome is Outcome.REVIEW


@pytest.mark.parametrize(
    "text",
    [
        "In March we had three break-ins on our block.",
        "Lightning strike took down a tree on Pine.",
        "The market rallied after the news.",
    ],
)
def test_ordinary_uses_of_the_words_publish(text: str) -> None:
    assert post_screen(text=text).outcome is Outcome.PUBLISH
