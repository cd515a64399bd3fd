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

import re
from functools import lru_cache

from fairwitness.moderation.screening.hate_evaluative import evaluation_lists, valences
from fairwitness.moderation.screening.hate_model import hate_model_load

_TOKEN = re.compile(r"[a-z]+")
_MIN_SPLIT = 5
_MAX_SPLIT = 40  # run-together evasions are a few words; longer tokens are not tried
# Short words that run into a target word in joined-up evasions ("ihate", "womenare").
_JOINERS = frozenset(
    [
        "i",
        "we",
        "are",
        "is",
        "all",
        "the",
        "hate",
        "should",
        "be",
        "die",
        "those",
        "these",
        "me",
        "us",
        "them",
        "they",
        "people",
        "so",
        "a",
        "to",
    ]
)


@lru_cache(maxsize=1)
def _targets() -> frozenset[str]:
    return evaluation_lists()["evaluation_typo_targets"]


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    # VADER's entries that are not plain words (":)", "can't") never match a token here.
    vader = set(valences())
    return frozenset(vader | hate_model_load().known_words() | _targets() | _JOINERS)


@lru_cache(maxsize=1)
def _variants() -> dict[str, str]:
    """Misspelling -> word, for every target: swaps, drops (targets of 4+ letters), z plurals."""
    known = _known()
    out: dict[str, str] = {}
    for word in sorted(_targets(), reverse=True):  # "womn" -> "women" before "woman"
        variants = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
        if len(word) >= 4:
            variants |= {word[:i] + word[i + 1 :] for i in range(len(word))}
        if word.endswith("s"):
            variants.discard(word[:-1])  # the singular is a word, not a misspelling
            variants.add(word[:-1] + "z")
        for variant in variants - known:
            out.setdefault(variant, word)
    return out


def _split(token: str, pieces: int) -> list[str] | None:
    """``token`` as ``pieces`` or fewer joiners and targets, at least one a target."""
    variants, parts, targets = _variants(), _JOINERS | _targets(), _targets()
    whole = variants.get(token, token)
    if whole in parts:
        return [whole]
    if pieces == 1:
        return None
    for i in range(1, len(token)):
        left = variants.get(token[:i], token[:i])
        if left not in parts:
            continue
        rest = _split(token[i:], pieces - 1)
        if rest is not None and (left in targets or any(p in targets for p in rest)):
            return [left, *rest]
    return None


def _token_corrected(token: str) -> str:
    known, variants = _known(), _variants()
    if token in known:
        return token
    if token in variants:
        return variants[token]
    if _MIN_SPLIT <= len(token) <= _MAX_SPLIT:
        split = _split(token, 3)
        if split is not None and len(split) > 1:
            return " ".join(split)
    return token


# "i h8 ..." (folded: "hb"), only where a verb goes: "a hb pencil" stays
_TEXTSPEAK = re.compile(r"(?<![a-z])((?:i|we|u|you|they|really|just|so|all)\s+)h[8b](?![a-z])")


def spelling_corrected(folded: str) -> str:
    """``folded`` with misspelled group names and hostile words spelled as meant."""
    folded = _TEXTSPEAK.sub(r"\1hate", folded)
    return _TOKEN.sub(lambda m: _token_corrected(m.group(0)), folded)
