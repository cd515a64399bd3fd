# ruff: noqa: RUF001 -- the look-alike letters below are the point of this module.
"""Fold look-alike spellings so that screening sees what a reader sees.

Contract: ``text_normalise`` never raises on any ``str`` and is idempotent on
its ``plain`` view. It handles Unicode compatibility forms (full-width and
mathematical letters), zero-width and soft-hyphen characters, accents,
Cyrillic/Greek letters that look Latin, leetspeak digits and symbols inside
words, and letters spelled out with separators ("n i g g e r", "s.l.u.r").
"""

from __future__ import annotations

import re
import unicodedata

from fairwitness.moderation.screening.contracts import NormalisedText

# Characters that render as nothing; used to split words invisibly.
_INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e"
        "\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067"
        "\u2068\u2069\ufeff",
    ),
    None,
)

# Letters from other scripts that are drawn like Latin letters. NFKC does not
# fold these because they are distinct letters, not compatibility forms.
_HOMOGLYPHS = str.maketrans(
    {
        "а": "a",
        "в": "b",
        "е": "e",
        "ё": "e",
        "к": "k",
        "м": "m",
        "н": "h",
        "о": "o",
        "р": "p",
        "с": "c",
        "т": "t",
        "у": "y",
        "х": "x",
        "ѕ": "s",
        "і": "i",
        "ї": "i",
        "ј": "j",
        "ԁ": "d",
        "ɡ": "g",
        "ԛ": "q",
        "ԝ": "w",
        "һ": "h",
        "ӏ": "l",
        "ɑ": "a",
        "α": "a",
        "β": "b",
        "ε": "e",
        "η": "n",
        "ι": "i",
        "κ": "k",
        "ν": "v",
        "ο": "o",
        "ρ": "p",
        "τ": "t",
        "υ": "u",
        "χ": "x",
        "γ": "y",
        "ω": "w",
        "ѵ": "v",
        "ɩ": "i",
        "ı": "i",
        "ȷ": "j",
        "ℓ": "l",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ø": "o",
        "đ": "d",
        "ł": "l",
        "þ": "th",
        # Typographic quotes fold to ASCII so quote detection and "don't" match.
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
    }
)

# Applied only inside words that also contain a letter, so phone numbers,
# prices and times stay intact.
_LEET = str.maketrans(
    {
        "0": "o",
        "1": "i",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "8": "b",
        "9": "g",
        "@": "a",
        "$": "s",
        "!": "i",
        "|": "i",
        "€": "e",
        "£": "l",
        "+": "t",
    }
)

_WORD_WITH_SYMBOLS = re.compile(r"[^\s]+")
_HAS_LETTER = re.compile(r"[a-z]")
# Three or more single letters separated by spaces or punctuation: "n i g g a".
_SPELLED_OUT = re.compile(r"(?<![a-z0-9])(?:[a-z*][\s.\-_,/\\]+){2,}[a-z*](?![a-z0-9])")
_SEPARATORS = re.compile(r"[\s.\-_,/\\]+")
_LONG_RUN = re.compile(r"(.)\1{2,}")
_SPACES = re.compile(r"\s+")


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE)
    text = _strip_accents(text).casefold().translate(_HOMOGLYPHS)
    # Other control characters become spaces so words on either side stay apart.
    text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    return _SPACES.sub(" ", text).strip()


def _unleet_word(match: re.Match[str]) -> str:
    word = match.group(0)
    if not _HAS_LETTER.search(word):
        return word
    core = word.rstrip(".,!?;:)\"'")
    tail = word[len(core) :]
    return core.translate(_LEET) + tail


def _join_spelled_out(match: re.Match[str]) -> str:
    return _SEPARATORS.sub("", match.group(0))


def _folded(plain: str) -> str:
    text = _WORD_WITH_SYMBOLS.sub(_unleet_word, plain)
    text = _SPELLED_OUT.sub(_join_spelled_out, text)
    # "niiiiice" and "slurrrr": three or more repeats shrink to two, which the
    # lexicon patterns accept as one or more.
    return _LONG_RUN.sub(r"\1\1", text)


def text_normalise(text: str) -> NormalisedText:
    """Return the matching views of ``text``; ``original`` is ``text`` unchanged."""
    plain = _plain(text)
    return NormalisedText(original=text, plain=plain, folded=_folded(plain))
