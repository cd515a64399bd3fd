"""The pipeline's contracts: step order, outcome combination, messages."""

from __future__ import annotations

from fairwitness.moderation.screening import STEPS, Outcome, Reason, post_screen
from fairwitness.moderation.screening.contracts import StepResult
from fairwitness.moderation.screening.messages import REASON_MESSAGES
from fairwitness.moderation.screening.pipeline import outcome_combine


def test_steps_run_in_the_documented_order() -> None:
    screening = post_screen(text="Lost cat near the school.")
    assert [s.step for s in screening.steps] == [
        "profiling",
        "hate",
        "personal_info",
        "lawful_activity",
    ]
    assert len(STEPS) == 4


def test_every_reason_has_a_message_and_a_scoped_code() -> None:
    assert set(REASON_MESSAGES) == set(Reason)
    for reason in Reason:
        scope, family, detail = reason.value.split(":")
        assert scope == "screen" and family and detail


def test_most_restrictive_outcome_wins() -> None:
    results = (
        StepResult(step="a", outcome=Outcome.EDIT),
        StepResult(step="b", outcome=Outcome.REVIEW),
        StepResult(step="c"),
    )
    assert outcome_combine(results) is Outcome.REVIEW
    assert outcome_combine(()) is Outcome.PUBLISH


def test_several_concerns_report_every_reason() -> None:
    screening = post_screen(
        text="Suspicious black guy outside 1423 Maple Ave, call the owner at 555-201-9988.",
        category="suspicious_activity",
    )
    families = {reason.family for reason in screening.reasons}
    assert families == {"profiling", "personal_info"}
    assert screening.outcome is Outcome.EDIT
    assert len(screening.messages) == len(screening.reasons)


def test_scores_are_floats_for_the_moderator_queue() -> None:
    screening = post_screen(text="Kill all the muslims.")
    assert all(isinstance(v, float) for v in screening.scores.values())
    assert screening.scores["hate_score"] >= 0.9
