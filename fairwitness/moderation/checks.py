"""System checks: the screen's offline artifacts are installed, so posts are never screened half."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error

from fairwitness.moderation.screening.sentence_encoder import EncoderUnavailable, model_dir


def sentence_model_check(**kwargs: Any) -> list[CheckMessage]:
    try:
        directory = model_dir()
    except EncoderUnavailable as exc:
        return [Error(str(exc), id="moderation.E001")]
    missing = [
        name for name in ("model.safetensors", "tokenizer.json") if not (directory / name).is_file()
    ]
    if missing:
        return [
            Error(f"the sentence model is incomplete: {', '.join(missing)}", id="moderation.E001")
        ]
    return []
