"""Offline inference for the hate model, in numpy only.

The artifact ``data/hate_model.npz`` holds ``vocabulary`` (feature strings),
``idf``, ``coef`` (classes x features), ``intercept`` and ``classes``; it is
loaded with ``allow_pickle=False`` so a tampered file cannot run code. The
model is a TF-IDF (sublinear tf, l2 norm) multinomial logistic regression
written by ``scripts/train_hate_model.py``. Nothing is fetched at run time.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from fairwitness.moderation.screening.hate_features import hate_features_extract

MODEL_PATH = Path(__file__).resolve().parent / "data" / "hate_model.npz"


@dataclass(frozen=True, slots=True)
class HateThresholds:
    """When the model alone may hold a post for review.

    Both must hold: ``p(hate) >= review`` and ``p(neither) <= neither_ceiling``.
    The second condition keeps a calm sentence that merely names a group (the
    model's hate score rises with group words) from being held; hateful posts
    are hostile, so the model gives them little "neither" mass. Both values
    are chosen by the training script on validation data only.
    """

    review: float
    neither_ceiling: float


@dataclass(frozen=True, slots=True)
class HateProbabilities:
    hate: float
    offensive: float
    neither: float


class HateModel:
    """A loaded model; ``predict`` is thread-safe because nothing is mutated."""

    def __init__(
        self,
        *,
        vocabulary: dict[str, int],
        idf: NDArray[np.float64],
        coef: NDArray[np.float64],
        intercept: NDArray[np.float64],
        classes: tuple[str, ...],
    ) -> None:
        if coef.shape != (len(classes), len(vocabulary)) or idf.shape != (len(vocabulary),):
            raise ValueError("hate model arrays do not match its vocabulary")
        self._vocabulary = vocabulary
        self._idf = idf
        self._coef_t = np.ascontiguousarray(coef.T)
        self._intercept = intercept
        self._index = {name: i for i, name in enumerate(classes)}

    def known_words(self) -> frozenset[str]:
        """The single words among the model's features: words seen often in training."""
        return frozenset(f[2:] for f in self._vocabulary if f.startswith("w:") and " " not in f)

    @classmethod
    def from_file(cls, path: Path) -> HateModel:
        with np.load(path, allow_pickle=False) as data:
            vocabulary = {str(term): i for i, term in enumerate(data["vocabulary"])}
            return cls(
                vocabulary=vocabulary,
                idf=data["idf"].astype(np.float64),
                coef=data["coef"].astype(np.float64),
                intercept=data["intercept"].astype(np.float64),
                classes=tuple(str(c) for c in data["classes"]),
            )

    def predict(self, folded_text: str) -> HateProbabilities:
        """Class probabilities for one text in the ``folded`` view."""
        counts = Counter(
            idx
            for feature in hate_features_extract(folded_text)
            if (idx := self._vocabulary.get(feature)) is not None
        )
        logits = self._intercept.copy()
        if counts:
            indices = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
            tf = np.fromiter(
                (1.0 + math.log(c) for c in counts.values()), dtype=np.float64, count=len(counts)
            )
            weights = tf * self._idf[indices]
            weights /= np.linalg.norm(weights)
            logits = logits + weights @ self._coef_t[indices]
        exp = np.exp(logits - logits.max())
        probs = exp / exp.sum()
        return HateProbabilities(
            hate=float(probs[self._index["hate"]]),
            offensive=float(probs[self._index["offensive"]]),
            neither=float(probs[self._index["neither"]]),
        )


@lru_cache(maxsize=1)
def hate_thresholds_load() -> HateThresholds:
    """The thresholds recorded beside the shipped model, loaded once per process."""
    meta = json.loads(MODEL_PATH.with_suffix(".json").read_text(encoding="utf-8"))
    return HateThresholds(
        review=float(meta["review_threshold"]),
        neither_ceiling=float(meta["neither_ceiling"]),
    )


@lru_cache(maxsize=1)
def hate_model_load() -> HateModel:
    """The shipped model, loaded once per process."""
    return HateModel.from_file(MODEL_PATH)
