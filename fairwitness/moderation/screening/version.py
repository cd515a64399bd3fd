"""The version string recorded with every screening: which model judged it."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

METADATA_PATH = Path(__file__).resolve().parent / "data" / "hate_model.json"


@lru_cache(maxsize=1)
def screening_model_version() -> str:
    """``hate-<first 12 hex of the model's SHA-256>``; changes whenever the model does."""
    metadata = json.loads(METADATA_PATH.read_text(encoding="utf-8"))
    return f"hate-{str(metadata['model_sha256'])[:12]}"
