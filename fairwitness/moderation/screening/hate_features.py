"""Features for the hate model, shared by the training script and inference.

Contract: ``hate_features_extract`` is a pure function of its input string.
Training passes it to scikit-learn as the analyzer and inference calls it
directly, so both see identical features and the exported weights need no
scikit-learn to apply. Input is expected to be the ``folded`` view from
``text_normalise``.
"""

from __future__ import annotations

import re
from itertools import pairwise

_URL = re.compile(r"https?://\S+|www\.\S+")
_HANDLE = re.compile(r"@\w+")
_ENTITY = re.compile(r"&#?\w+;")
_WORD = re.compile(r"[a-z0-9']+")

CHAR_NGRAM_MIN = 3
CHAR_NGRAM_MAX = 5


def hate_features_extract(text: str) -> list[str]:
    """Word uni/bigrams (``w:``) and in-word character 3-5 grams (``c:``)."""
    text = _ENTITY.sub(" ", _HANDLE.sub(" ", _URL.sub(" ", text)))
    words = [w.strip("'") for w in _WORD.findall(text)]
    words = [w for w in words if w and w != "rt"]
    features = [f"w:{w}" for w in words]
    features.extend(f"w:{a} {b}" for a, b in pairwise(words))
    for word in words:
        padded = f" {word} "
        for n in range(CHAR_NGRAM_MIN, CHAR_NGRAM_MAX + 1):
            features.extend(f"c:{padded[i : i + n]}" for i in range(len(padded) - n + 1))
    return features
