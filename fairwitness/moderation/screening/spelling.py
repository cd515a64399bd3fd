"""Misspelled group names and hostile words, read as meant.

HateCheck-style evasions misspell the words a screen looks for: letters
swapped ("Mulsims"), a letter dropped ("wmen", "imigrants"), a "z" plural
("jewz"), or words run together ("womenare", "ihate"). ``spelling_corrected``
rewrites such tokens to the intended word so that the hate rules see it. Only
the words in the lexicon's ``evaluation_typo_targets`` are restored, and never
onto a token that is a word in its own right: the guard is the VADER word list
plus the single words the hate model saw often in training ("lack" stays
"lack", never "black"). Takes and returns the ``folded`` view; the result may
differ in length, so spans found in it refer to it, not to the input.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib.resources import files

from fairwitness.moderation.screening.hate_model import hate_model_load
from fairwitness.moderation.screening.lexicon import LEXICON_PATH

_TOKEN = re.compile(r"[a-z]+")
_MIN_SPLIT = 5
# Short words that run into a target word in joined-up evasions ("ihate", "womenare").
_JOINERS = frozenset(
    ["i", "we", "are", "is", "all", "the", "hate", "should", "be", "die", "those", "these"]
)


@lru_cache(maxsize=1)
def _targets() -> frozenset[str]:
    raw = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    return frozenset(raw["evaluation_typo_targets"])


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    text = files("vaderSentiment").joinpath("vader_lexicon.txt").read_text(encoding="utf-8")
    vader = {line.split("\t", 1)[0].lower() for line in text.splitlines()}
    return frozenset(vader | hate_model_load().known_words() | _targets() | _JOINERS)


@lru_cache(maxsize=1)
def _variants() -> dict[str, str]:
    """Misspelling -> word, for every target: swaps, drops (targets of 4+ letters), z plurals."""
    known = _known()
    out: dict[str, str] = {}
    for word in sorted(_targets()):
        variants = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
        if len(word) >= 4:
            variants |= {word[:i] + word[i + 1 :] for i in range(len(word))}
        if word.endswith("s"):
            variants.discard(word[:-1])  # the singular is a word, not a misspelling
            variants.add(word[:-1] + "z")
        for variant in variants - known:
            out.setdefault(variant, word)
    return out


def _token_corrected(token: str) -> str:
    known, variants = _known(), _variants()
    if token in known:
        return token
    if token in variants:
        return variants[token]
    if len(token) >= _MIN_SPLIT:
        parts = _JOINERS | _targets()
        for i in range(1, len(token)):
            left, right = token[:i], token[i:]
            left = variants.get(left, left)
            right = variants.get(right, right)
            if left in parts and right in parts and (left in _targets() or right in _targets()):
                return f"{left} {right}"
    return token


def spelling_corrected(folded: str) -> str:
    """``folded`` with misspelled group names and hostile words spelled as meant."""
    return _TOKEN.sub(lambda m: _token_corrected(m.group(0)), folded)
