"""Batch screening of JSON Lines, for operators and re-screening.

Input: one JSON object per line, ``{"id": ..., "text": ..., "category": optional}``.
Output: one line per non-blank input line, in order. A screened line is
``{"id", "outcome", "reasons", "scores"}``; a line that cannot be screened is
``{"id" (or null), "line", "error", "message"}`` and the batch goes on. No
input ever produces a traceback.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, TextIO

from fairwitness.moderation.screening.errors import ScreeningInputError
from fairwitness.moderation.screening.pipeline import post_screen


@dataclass(frozen=True, slots=True)
class BatchSummary:
    screened: int
    errors: int


def _error(line_number: int, post_id: Any, code: str, message: str) -> dict[str, Any]:
    return {"id": post_id, "line": line_number, "error": code, "message": message}


def _line_screen(line_number: int, raw: str) -> dict[str, Any]:
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as exc:
        return _error(line_number, None, "bad_json", f"Line {line_number} is not JSON: {exc.msg}.")
    if not isinstance(record, dict):
        return _error(line_number, None, "bad_record", f"Line {line_number} is not a JSON object.")
    post_id = record.get("id")
    if post_id is None or isinstance(post_id, (dict, list)):
        return _error(
            line_number, None, "missing_id", f'Line {line_number} needs an "id" (string or number).'
        )
    text = record.get("text")
    if not isinstance(text, str):
        return _error(
            line_number, post_id, "missing_text", f'Line {line_number} needs a "text" string.'
        )
    category = record.get("category")
    if category is not None and not isinstance(category, str):
        return _error(
            line_number, post_id, "bad_category", f'Line {line_number}: "category" must be text.'
        )
    try:
        screening = post_screen(text=text, category=category)
    except ScreeningInputError as exc:
        return _error(line_number, post_id, exc.code, f"Line {line_number}: {exc.message}")
    return {
        "id": post_id,
        "outcome": screening.outcome.value,
        "reasons": [reason.value for reason in screening.reasons],
        "scores": screening.scores,
    }


def screen_jsonl(*, input: TextIO, output: TextIO) -> BatchSummary:
    """Screen every non-blank line of ``input`` and write one line each to ``output``."""
    screened = errors = 0
    for line_number, raw in enumerate(input, start=1):
        if not raw.strip():
            continue
        result = _line_screen(line_number, raw)
        if "error" in result:
            errors += 1
        else:
            screened += 1
        output.write(json.dumps(result, ensure_ascii=False, sort_keys=False) + "\n")
    return BatchSummary(screened=screened, errors=errors)
