"""A second opinion on group hostility: a linear head on sentence embeddings.

The rules read wording they know; the TF-IDF model reads tweets' words. This
head reads meaning: a logistic regression over the 384 numbers of the
sentence encoder (``sentence_encoder.py``), trained by
``scripts/train_hate_embedding.py`` on functional hate cases written for the
project and on the synthetic calm sentences, never on the evaluation sets.
Its artifact ``data/hate_embedding.npz`` holds ``coef`` (384), ``intercept``
and ``threshold``; ``hate_embedding.json`` beside it records how they were
chosen. It only ever holds a post for review, and only where the TF-IDF
model may (``hate.model_hold_allowed``): a post that names a group and is not
negated, counter-speech or about speech.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from fairwitness.moderation.screening.sentence_encoder import sentence_encoder_load

HEAD_PATH = Path(__file__).resolve().parent / "data" / "hate_embedding.npz"


@dataclass(frozen=True, slots=True)
class EmbeddingHead:
    coef: NDArray[np.float32]
    intercept: float
    threshold: float

    @classmethod
    def from_file(cls, path: Path) -> EmbeddingHead:
        with np.load(path, allow_pickle=False) as data:
            coef = data["coef"].astype(np.float32).reshape(-1)
            if coef.shape != (384,):
                raise ValueError("the embedding head does not match the sentence encoder")
            return cls(
                coef=coef,
                intercept=float(data["intercept"]),
                threshold=float(data["threshold"]),
            )

    def probability(self, embedding: NDArray[np.float32]) -> float:
        logit = float(embedding @ self.coef) + self.intercept
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, logit))))


@lru_cache(maxsize=1)
def embedding_head_load() -> EmbeddingHead:
    return EmbeddingHead.from_file(HEAD_PATH)


_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")


def embedding_segments(text: str) -> list[str]:
    """What the head reads: the whole post, and each sentence when there are several.

    A hateful sentence inside an ordinary post ("Anyone know a plumber? Also
    I loathe those people") is diluted when the post is read as a whole.
    """
    sentences = [s for s in (part.strip() for part in _SENTENCE_END.split(text)) if s]
    return [text, *sentences] if len(sentences) > 1 else [text]


def embedding_hate_verdict(text: str) -> tuple[float, bool]:
    """The head's probability for ``text`` (the corrected folded view), the highest
    over its segments, and whether it reaches the review threshold."""
    head = embedding_head_load()
    encoder = sentence_encoder_load()
    probability = max(head.probability(encoder.encode(s)) for s in embedding_segments(text))
    return probability, probability >= head.threshold
