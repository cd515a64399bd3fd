"""Errors raised for input that cannot be screened."""

from __future__ import annotations

from fairwitness.core.errors import ApplicationError

MIN_TEXT_LENGTH = 1
MAX_TEXT_LENGTH = 5000


class ScreeningInputError(ApplicationError):
    """The submission cannot be screened as given; ``message`` says how to fix it."""

    code = "screening_invalid_input"
