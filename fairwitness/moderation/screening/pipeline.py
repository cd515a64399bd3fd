"""The ordered screening pipeline and ``post_screen``, its entry point.

Steps run in this order, each a pure function of the ``ScreenInput``:
profiling guardrail, hate and harassment, personal information, lawful
activity. Every step runs on every post so the reasons are complete. The
outcome is the most restrictive any step asked for, with one cap: when the
lawful-activity step fires, REJECT becomes REVIEW, because protest-related
posts are never removed without a person looking.
"""

from __future__ import annotations

from collections.abc import Callable

from fairwitness.core.input_bounds import text_plain_problem
from fairwitness.moderation.screening.contracts import (
    Outcome,
    PersonDescription,
    PostCategory,
    Reason,
    Screening,
    ScreenInput,
    StepResult,
)
from fairwitness.moderation.screening.errors import (
    MAX_TEXT_LENGTH,
    MIN_TEXT_LENGTH,
    ScreeningInputError,
)
from fairwitness.moderation.screening.hate import hate_screen
from fairwitness.moderation.screening.lawful_activity import lawful_activity_screen
from fairwitness.moderation.screening.messages import reason_messages
from fairwitness.moderation.screening.normalise import text_normalise
from fairwitness.moderation.screening.personal_info import personal_info_screen
from fairwitness.moderation.screening.profiling import profiling_screen

Step = Callable[[ScreenInput], StepResult]

STEPS: tuple[Step, ...] = (
    profiling_screen,
    hate_screen,
    personal_info_screen,
    lawful_activity_screen,
)

_ORDER = list(Outcome)


def _category_parse(category: PostCategory | str | None) -> PostCategory | None:
    if category is None or isinstance(category, PostCategory):
        return category
    try:
        return PostCategory(category)
    except ValueError:
        allowed = ", ".join(c.value for c in PostCategory)
        raise ScreeningInputError(
            f"Unknown category {category!r}. Choose one of: {allowed}.",
            code="screening_bad_category",
        ) from None


def text_check(text: object) -> str:
    """The text as given if it can be screened; ScreeningInputError says how to fix it.

    The one check of a submission's text: the feed runs it when a draft is saved,
    the screen again before screening.
    """
    if not isinstance(text, str):
        raise ScreeningInputError("The post text must be a string.", code="screening_bad_text")
    if len(text.strip()) < MIN_TEXT_LENGTH:
        raise ScreeningInputError(
            "The post is empty. Write what happened before posting.", code="screening_empty"
        )
    if len(text) > MAX_TEXT_LENGTH:
        raise ScreeningInputError(
            f"The post is {len(text):,} characters long; the limit is {MAX_TEXT_LENGTH:,}. "
            "Shorten it or split it into several posts.",
            code="screening_too_long",
            detail={"length": len(text), "limit": MAX_TEXT_LENGTH},
        )
    problem = text_plain_problem(text)
    if problem:
        raise ScreeningInputError(problem, code="text_control_character")
    return text


def outcome_combine(results: tuple[StepResult, ...]) -> Outcome:
    """Most restrictive outcome of the steps, with lawful activity capping REJECT."""
    outcome = max((r.outcome for r in results), key=_ORDER.index, default=Outcome.PUBLISH)
    lawful = any(Reason.LAWFUL_ACTIVITY_ASSEMBLY in r.reasons for r in results)
    if lawful and outcome is Outcome.REJECT:
        return Outcome.REVIEW
    return outcome


def post_screen(
    *,
    text: str,
    category: PostCategory | str | None = None,
    description: PersonDescription | None = None,
) -> Screening:
    """Screen one post or comment before publication.

    Raises ``ScreeningInputError`` when the text is empty (only whitespace),
    longer than ``MAX_TEXT_LENGTH`` characters, or the category is unknown.
    The returned ``Screening.text`` is ``text`` unchanged: HTML in it is not
    stripped here, the templates escape it when it is shown.
    """
    checked = text_check(text)
    screen_input = ScreenInput(
        text=checked,
        normalised=text_normalise(checked),
        category=_category_parse(category),
        description=description,
    )
    results = tuple(step(screen_input) for step in STEPS)
    reasons = tuple(dict.fromkeys(r for result in results for r in result.reasons))
    scores = {key: value for result in results for key, value in result.scores.items()}
    return Screening(
        text=checked,
        outcome=outcome_combine(results),
        reasons=reasons,
        scores=scores,
        messages=reason_messages(reasons),
        steps=results,
    )
