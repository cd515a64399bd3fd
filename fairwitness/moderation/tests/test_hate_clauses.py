"""The clause reader (hate_clauses.py): hostility towards a group, read through negation.

Each hostile example is held for review with ``screen:hate:group_hostility`` (or a
stronger hate reason); each calm one is published or at least not held for hate.
"""

from __future__ import annotations

import pytest

from fairwitness.moderation.screening import Outcome, post_screen
from fairwitness.moderation.screening.hate_clauses import clause_hostility_spans
from fairwitness.moderation.screening.normalise import text_normalise
from fairwitness.moderation.screening.spelling import spelling_corrected


def _spans(text: str) -> list[tuple[int, int]]:
    return clause_hostility_spans(spelling_corrected(text_normalise(text).folded))


def _held_for_hate(text: str) -> bool:
    screening = post_screen(text=text)
    return screening.outcome in (Outcome.REVIEW, Outcome.REJECT) and any(
        reason.startswith("screen:hate:") for reason in screening.reasons
    )


HOSTILE = [
    # a negative word after the group, in any sentence shape
    "Refugees ruin every town they settle in.",
    "Lesbians are bitter, it's who they are.",
    "Just my view, but immigrants are a menace to this town.",
    # a list that goes on after a comma
    "Muslims on the council are loud, arrogant and useless.",
    # the author's own feeling, with the group after it
    "Nothing makes me angrier than disabled people.",
    "Honestly I loathe gay men.",
    "Immigrants fill me with nothing but contempt.",
    # negated positives
    "Trans people don't deserve any respect.",
    "I will never trust Muslims.",
    "Women have never contributed anything of value.",
    "There is not a single immigrant here worth talking to.",
    "I think black people are less intelligent.",
    "Women are too emotional to be trusted.",
    # a negator that opens a question does not negate
    "Aren't immigrants just leeches?",
    # references back to the group
    "We have more trans people in town now. They are all perverts.",
    "My new coworker is gay. Those people are degenerates.",
    # commands and insults built on the group's name
    "Kill all gays.",
    "Those goddamn immigrants again.",
    "Get the trans freaks out of the park.",
    # stock phrases of implicit derogation next to a group
    "A Black family moved in on Elm. There goes the neighborhood.",
    "A Jewish family opened a shop downtown, better count your change.",
    "Women belong in the kitchen.",
]

CALM = [
    "There are lots of immigrants on our block.",
    "The Muslims on our street are the kindest people I've ever met.",
    "Gay couples throw the best block parties, no contest.",
    "No Muslim deserves to die.",
    "Immigrants are not criminals.",
    "I don't hate trans people, I just don't know many.",
    "Women are not weak.",
    "Disabled people are not a burden on anyone.",
    # speech about the group, not the group
    "The post about Muslims above is disgusting.",
    "Calling women stupid shows your own ignorance.",
    "Stop describing disabled people as worthless.",
    "People who call immigrants vermin are the real problem.",
    'Someone wrote "immigrants are rats" on the bus stop. Vile.',
    # things done to people are not evaluations of them
    "The Muslim family next door had their car stolen last night.",
    "Two trans women were attacked near the station, please look out.",
    # people seen, not a group
    "A black man broke into the car on Elm, he was aggressive.",
    "Group of teens smashing mailboxes on Oak, they're up to no good.",
    # no group at all
    "These mosquitoes are disgusting, I can't stand them.",
    "Lock your doors, there were break-ins on Pine last night.",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostility_towards_a_group_is_held(text: str) -> None:
    assert _held_for_hate(text), text


@pytest.mark.parametrize("text", CALM)
def test_calm_speech_about_groups_is_not_read_as_hostile(text: str) -> None:
    assert _spans(text) == [], text


@pytest.mark.parametrize("text", CALM[:14])
def test_calm_speech_about_groups_is_not_held_for_hate(text: str) -> None:
    assert not _held_for_hate(text), text


def test_held_for_review_never_rejected_on_the_clause_reader_alone() -> None:
    screening = post_screen(text="Lesbians are bitter, it's who they are.")
    assert screening.outcome is Outcome.REVIEW
    assert "screen:hate:group_hostility" in screening.reasons


def test_spelling_is_corrected_before_reading() -> None:
    for text in (
        "I dsepise immigrants.",
        "Muslimsdisgust me.",
        "I h8 women.",
        "Womn are too weak.",
    ):
        assert _held_for_hate(text), text
    # textspeak is read as "hate" only where a verb goes
    assert spelling_corrected("she has a hb pencil") == "she has a hb pencil"
