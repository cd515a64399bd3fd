"""The lexicon's grammar for attacks on groups, and the counter-speech that quotes them.

Each hateful pattern here is written differently from the functional set's
frames, so a rule that only matched those frames would fail.
"""

from __future__ import annotations

import pytest

from fairwitness.moderation.screening import Outcome, Reason, post_screen


@pytest.mark.parametrize(
    ("text", "outcome", "reason"),
    [
        ("We're going to beat up all of those Jews.", Outcome.REJECT, Reason.HATE_VIOLENT_THREAT),
        ("Time to make the immigrants suffer.", Outcome.REJECT, Reason.HATE_VIOLENT_THREAT),
        (
            "Muslims deserve to be shot, every single one.",
            Outcome.REJECT,
            Reason.HATE_VIOLENT_THREAT,
        ),
        (
            "This town would be safer once the gays were gone.",
            Outcome.REJECT,
            Reason.HATE_VIOLENT_THREAT,
        ),
        ("Refugees are primitive and diseased.", Outcome.REJECT, Reason.HATE_GROUP_ATTACK),
        ("Honestly asians are a waste of air.", Outcome.REJECT, Reason.HATE_GROUP_ATTACK),
        ("Black lives don't matter, never did.", Outcome.REJECT, Reason.HATE_GROUP_ATTACK),
        ("Trans women are not real humans.", Outcome.REJECT, Reason.HATE_GROUP_ATTACK),
        ("We will never see Mexicans as equals here.", Outcome.REJECT, Reason.HATE_GROUP_ATTACK),
        ("Jews belong in cages.", Outcome.REJECT, Reason.HATE_GROUP_ATTACK),
        ("Let's drive the Somalis out before summer.", Outcome.REVIEW, Reason.HATE_GROUP_ATTACK),
        ("Lesbians must be locked up.", Outcome.REVIEW, Reason.HATE_GROUP_ATTACK),
    ],
)
def test_attacks_on_groups_are_not_published(text: str, outcome: Outcome, reason: Reason) -> None:
    screening = post_screen(text=text)
    assert screening.outcome is outcome, screening.reasons
    assert reason in screening.reasons


@pytest.mark.parametrize(
    "text",
    [
        "No one should ever say Jews are vermin. Not here, not anywhere.",
        'Comments like "refugees are diseased" are deeply harmful and I am tired of them.',
        "Claiming immigrants are thieves is plain ignorant.",
        "Please stop calling Muslims terrorists, it's hurtful to our neighbors.",
        "We're queer and proud, see you all at the picnic.",
        "Best Ethiopian restaurant in the neighborhood? Looking for takeout tonight.",
    ],
)
def test_counter_speech_and_neutral_mentions_publish(text: str) -> None:
    screening = post_screen(text=text)
    assert screening.outcome is Outcome.PUBLISH, screening.reasons


@pytest.mark.parametrize(
    "text",
    [
        "Keep your dog out of my yard please.",
        "Kick the leaves out of the gutter before it rains.",
        "The kids deserve a better playground.",
        "Drivers who speed on Elm deserve a ticket.",
        "Our street would be safer once the potholes were fixed.",
    ],
)
def test_the_same_grammar_about_no_group_publishes(text: str) -> None:
    screening = post_screen(text=text)
    assert screening.outcome is Outcome.PUBLISH, screening.reasons
