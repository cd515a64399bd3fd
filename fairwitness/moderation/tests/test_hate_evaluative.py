"""Hostility towards a group read from how a post evaluates it (hate_evaluative.py).

Written apart from the functional sets; each case names the rule it checks.
"""

from __future__ import annotations

import pytest

from fairwitness.moderation.screening import Outcome, Reason, post_screen
from fairwitness.moderation.screening.hate_evaluative import group_hostility_spans
from fairwitness.moderation.screening.normalise import text_normalise
from fairwitness.moderation.screening.spelling import spelling_corrected


def _hostile(text: str) -> bool:
    return bool(group_hostility_spans(spelling_corrected(text_normalise(text).folded)))


@pytest.mark.parametrize(
    "text",
    [
        "Refugees are so dishonest, every single one.",  # description, VADER word
        "Somali families are basically crooks.",  # identity + people noun, extra word
        "The lesbians on our block make me want to vomit.",  # felt
        "Hindus disgust us.",  # felt verb
        "I'm so tired of these Haitians.",  # fed up with
        "We got new Chinese neighbors. They are rude and filthy.",  # pronoun reference
        "Arabs are animals, not people.",  # not people
        "Muslims aren't decent neighbors and never will be.",  # negated positive
        "Why are migrants always so violent?",  # question
        "I'll torch every Jewish shop on Main.",  # intent + harm
        "Trans people should be run over.",  # should be + violent participle
        "Our park would be nicer once the immigrants were driven out.",  # normative
        "Mexcians are dirty.",  # misspelled group, corrected
        "The Somalis who moved in by the church are thieves.",  # words between group and verb
        "Another pack of Haitian savages at the bus stop.",  # pack of X <negative>
        "Sikhs on Elm St: I'm going to smash your windows.",  # threat by pronoun after the group
        "Jews on our street should just disappear.",  # wished away
        "The Arabs by the station make me sick, their kind makes me sick.",  # felt, pronoun
        "The only good refugee is a dead one.",  # wished dead
    ],
)
def test_hostile_evaluations_of_groups_are_held_for_review(text: str) -> None:
    assert _hostile(text)
    screening = post_screen(text=text)
    assert screening.outcome in (Outcome.REVIEW, Outcome.REJECT), screening.reasons
    assert screening.scores["hate_group_hostility"] == 1.0


@pytest.mark.parametrize(
    "text",
    [
        "Muslims are scared after the attack on the mosque.",  # a state, not an evaluation
        "Immigrants at the shelter were harassed again last night.",  # done to them
        "Jews are not greedy, that is an old lie.",  # negated
        "I don't think refugees are violent at all.",  # negated
        "Refugees are welcome here.",  # positive
        "Saying migrants are filthy is plain cruel.",  # counter-speech, reported and condemned
        "We're Black and we're tired of being followed in the store.",  # experienced
        "The dogs on our block are so violent, watch out.",  # no group
        "Lost: black cat, very sneaky, answers to Pepper.",  # colour, no people
    ],
)
def test_states_negations_counter_speech_and_non_groups_are_not_held(text: str) -> None:
    screening = post_screen(text=text)
    assert Reason.HATE_GROUP_HOSTILITY not in screening.reasons, screening.reasons
    assert screening.outcome is not Outcome.REJECT


def test_hostility_is_held_never_rejected_on_its_own() -> None:
    screening = post_screen(text="Honestly Sikhs are sneaky and dishonest.")
    assert screening.outcome is Outcome.REVIEW
    assert screening.reasons == (Reason.HATE_GROUP_HOSTILITY,)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("I honestly resent Muslims, always have.", Reason.HATE_GROUP_ATTACK),
        ("Nothing but hatred for immigrants in this house.", Reason.HATE_GROUP_ATTACK),
    ],
)
def test_hate_verbs_and_nouns_for_groups_are_attacks(text: str, reason: Reason) -> None:
    screening = post_screen(text=text)
    assert screening.outcome is Outcome.REJECT, screening.reasons
    assert reason in screening.reasons


@pytest.mark.parametrize(
    "text",
    [
        "Faggots and peas on special at the butcher on High St this week.",
        "Lost: grey Maine Coon, very shy, answers to Biscuit.",
        "Nipped out for a fag and the whole street was flooded.",
        "The dyke march leaves from the library at noon.",
        "Posts that say immigrants should be deported are vile, report them every time.",
    ],
)
def test_innocent_phrases_and_reported_hate_are_not_rejected_or_held(text: str) -> None:
    screening = post_screen(text=text)
    assert screening.outcome is Outcome.PUBLISH, screening.reasons
