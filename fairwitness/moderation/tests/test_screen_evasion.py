"""Ways to slip hate past the screen that a review found; each must stay closed.

Counter-speech is published only when someone else said it and the author was its
target or condemns it in words they do not negate; innocent phrases are no alibi
next to hostile words; and no pattern backtracks catastrophically on long input.
"""

from __future__ import annotations

import time

import pytest

from fairwitness.moderation.screening import Outcome, post_screen
from fairwitness.moderation.screening.hate_evaluative import group_hostility_spans
from fairwitness.moderation.screening.normalise import text_normalise


@pytest.mark.parametrize(
    "text",
    [
        "I'm not racist, I'm just saying niggers are animals.",
        "People who say muslims are vermin are right, and I'm not ashamed.",
        '"Jews are vermin" - print it on flyers. Not scared.',
        'I painted "gas the jews" on my garage door. Proud of it.',
        'I wrote "niggers go home" on my fence.',
        'I said "all immigrants should be shot" to my neighbor and I meant it.',
        "Solidarity with everyone saying gays should be hanged.",
        'Comments like "jews are rats" are the only honest ones here. Stand together, brothers.',
    ],
)
def test_hate_in_a_report_frame_the_author_owns_is_not_published(text: str) -> None:
    assert post_screen(text=text).outcome is not Outcome.PUBLISH


@pytest.mark.parametrize(
    "text",
    [
        "Those faggots and gravy boys on 5th street should be beaten",
        "the faggots and peas lovers next door are animals",
        "Every chink in this town should go back where they came from.",
        "Every chink in this neighborhood is a thief.",
    ],
)
def test_innocent_phrases_are_no_alibi_next_to_hostile_words(text: str) -> None:
    assert post_screen(text=text).outcome is not Outcome.PUBLISH


@pytest.mark.parametrize(
    "text",
    [
        "A chink in the armor of the HOA's plan: nobody costed the fence.",
        "Faggots and peas on special at the butcher this week.",
    ],
)
def test_the_same_phrases_in_a_calm_post_publish(text: str) -> None:
    assert post_screen(text=text).outcome is Outcome.PUBLISH


def test_words_that_split_two_ways_do_not_backtrack_catastrophically() -> None:
    # Before the fix, 20 repetitions took about 90 seconds; now 400 take milliseconds.
    group_hostility_spans("black people are animals")  # compile outside the timing
    folded = text_normalise("black people are " + "a bunch of " * 20 + "x").folded
    start = time.perf_counter()
    group_hostility_spans(folded)
    assert time.perf_counter() - start < 1.0
