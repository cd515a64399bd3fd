"""Offline screening of neighbor posts before publication (pure, no Django).

Use ``post_screen(*, text, category, description)`` for one submission and
``screen_jsonl(*, input, output)`` for batches. See docs/moderation.md.
"""

from fairwitness.moderation.screening.batch import BatchSummary, screen_jsonl
from fairwitness.moderation.screening.contracts import (
    Outcome,
    PersonDescription,
    PostCategory,
    Reason,
    Screening,
)
from fairwitness.moderation.screening.errors import (
    MAX_TEXT_LENGTH,
    MIN_TEXT_LENGTH,
    ScreeningInputError,
)
from fairwitness.moderation.screening.pipeline import STEPS, post_screen, text_check

__all__ = [
    "MAX_TEXT_LENGTH",
    "MIN_TEXT_LENGTH",
    "STEPS",
    "BatchSummary",
    "Outcome",
    "PersonDescription",
    "PostCategory",
    "Reason",
    "Screening",
    "ScreeningInputError",
    "post_screen",
    "screen_jsonl",
    "text_check",
]
