"""A second opinion on group hostility: a kernel classifier on sentence embeddings.

The rules read wording they know; the TF-IDF model reads tweets' words. This
head reads meaning: a support-vector classifier (RBF kernel) over the 384
numbers of the sentence encoder (``sentence_encoder.py``), trained by
``scripts/train_hate_embedding.py`` on functional hate cases written for the
project and on the synthetic calm sentences, never on the evaluation sets.
Its artifact ``data/hate_embedding.npz`` holds the ``support`` vectors, their
``dual`` coefficients, ``intercept``, ``gamma`` and ``threshold``;
``hate_embedding.json`` beside it records how they were chosen. The score is
the logistic of the decision value. It only ever holds a post for review, and
only where the TF-IDF model may (``hate.model_hold_allowed``): a post that
names a group and is not negated, counter-speech or about speech.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from fairwitness.moderation.screening.sentence_encoder import SentenceEncoder, sentence_encoder_load

HEAD_PATH = Path(__file__).resolve().parent / "data" / "hate_embedding.npz"


@dataclass(frozen=True, slots=True)
class EmbeddingHead:
    support: NDArray[np.float32]  # (n, 384)
    dual: NDArray[np.float32]  # (n,)
    intercept: float
    gamma: float
    threshold: float
    _support_norms: NDArray[np.float32] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.support.ndim != 2 or self.support.shape[1] != SentenceEncoder.dimensions:
            raise ValueError("the embedding head does not match the sentence encoder")
        if self.dual.shape != (self.support.shape[0],):
            raise ValueError("the embedding head's coefficients do not match its vectors")
        object.__setattr__(self, "_support_norms", (self.support**2).sum(axis=1))

    @classmethod
    def from_file(cls, path: Path) -> EmbeddingHead:
        with np.load(path, allow_pickle=False) as data:
            return cls(
                support=data["support"].astype(np.float32),
                dual=data["dual"].astype(np.float32).reshape(-1),
                intercept=float(data["intercept"]),
                gamma=float(data["gamma"]),
                threshold=float(data["threshold"]),
            )

    def decision(self, embedding: NDArray[np.float32]) -> float:
        """The classifier's decision value: sum of dual * exp(-gamma |x - s|^2), plus intercept."""
        distances = self._support_norms - 2.0 * (self.support @ embedding) + embedding @ embedding
        kernel = np.exp(-self.gamma * np.maximum(distances, 0.0))
        return float(self.dual @ kernel) + self.intercept

    def probability(self, embedding: NDArray[np.float32]) -> float:
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, self.decision(embedding)))))


@lru_cache(maxsize=1)
def embedding_head_load() -> EmbeddingHead:
    return EmbeddingHead.from_file(HEAD_PATH)


MAX_SEGMENTS = 8
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")


def embedding_segments(text: str) -> list[str]:
    """What the head reads: the whole post, and each sentence when there are several.

    A hateful sentence inside an ordinary post ("Anyone know a plumber? Also
    I loathe those people") is diluted when the post is read as a whole.
    """
    sentences = [s for s in (part.strip() for part in _SENTENCE_END.split(text)) if s]
    if len(sentences) > MAX_SEGMENTS:
        # A long post is read in MAX_SEGMENTS runs of whole sentences, so a post
        # of a thousand one-word sentences costs what a post of ten does.
        size = math.ceil(len(sentences) / MAX_SEGMENTS)
        sentences = [" ".join(sentences[i : i + size]) for i in range(0, len(sentences), size)]
    return [text, *sentences] if len(sentences) > 1 else [text]


def embedding_hate_verdict(text: str) -> tuple[float, bool]:
    """The head's probability for ``text`` (the corrected folded view), the highest
    over its segments, and whether it reaches the review threshold."""
    head = embedding_head_load()
    encoder = sentence_encoder_load()
    probability = max(head.probability(encoder.encode(s)) for s in embedding_segments(text))
    return probability, probability >= head.threshold
