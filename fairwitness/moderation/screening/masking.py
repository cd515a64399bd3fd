"""Strong slurs masked for display: "n*****".

Counter-speech and reports of experienced hate are published (see hate.py),
but the slurs they quote are shown masked, so a report of hate does not
repeat it to every reader. Masking works word by word on the original text,
so the author's words and spacing stay as written. ``slurs_mask_complete``
tells whether the masked text is free of strong slurs; the screen publishes
such a post only when it is (a slur spelled out letter by letter, say,
cannot be masked word by word and goes to a moderator instead).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from fairwitness.moderation.screening.lexicon import LEXICON_PATH, hate_lexicon_load
from fairwitness.moderation.screening.normalise import text_normalise

_WORD = re.compile(r"\S+")
_CORE = re.compile(r"^(\W*)(.*?)(\W*)$", re.DOTALL)
_LONGEST_SLUR_WORDS = 3


def _has_slur(text: str) -> bool:
    return bool(hate_lexicon_load().strong_slur_spans(text_normalise(text).folded))


@lru_cache(maxsize=4096)
def _word_folded(word: str) -> str:
    return text_normalise(word).folded.strip()


@lru_cache(maxsize=1)
def _phrase_words() -> frozenset[str]:
    """First words of the strong slurs written as phrases."""
    raw = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    return frozenset(term.split()[0] for term in raw["strong_slurs"] if " " in term)


def _mask_word(word: str) -> str:
    match = _CORE.match(word)
    assert match is not None  # the pattern matches any string
    lead, core, trail = match.groups()
    if len(core) <= 1:
        return word
    return lead + core[0] + "*" * (len(core) - 1) + trail


def slurs_masked(text: str) -> str:
    """``text`` with every word of a strong slur masked after its first letter."""
    if not _has_slur(text):
        return text
    lexicon = hate_lexicon_load()
    words = list(_WORD.finditer(text))
    folded = [_word_folded(word.group(0)) for word in words]
    masked = [bool(lexicon.strong_slur_spans(f)) for f in folded]
    # Phrases ("porch monkey") need windows, but only where a phrase's word begins one.
    starts = _phrase_words()
    for size in range(2, _LONGEST_SLUR_WORDS + 1):
        for first in range(len(words) - size + 1):
            window = range(first, first + size)
            if folded[first] not in starts or any(masked[i] for i in window):
                continue
            if lexicon.strong_slur_spans(" ".join(folded[i] for i in window)):
                for i in window:
                    masked[i] = True
    if not any(masked):
        return text
    parts: list[str] = []
    position = 0
    for word, hide in zip(words, masked, strict=True):
        parts.append(text[position : word.start()])
        parts.append(_mask_word(word.group(0)) if hide else word.group(0))
        position = word.end()
    parts.append(text[position:])
    return "".join(parts)


def slurs_mask_complete(text: str) -> bool:
    """Whether ``slurs_masked(text)`` shows no strong slur at all."""
    return not _has_slur(slurs_masked(text))
