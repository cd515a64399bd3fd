"""Compiled patterns from the curated hate lexicon (``data/hate_lexicon.json``).

Patterns run on the ``folded`` view. A lexicon letter matches a run of that
letter (``niiigger``), a doubled letter needs at least two (so a different
word with one letter, like the country Niger, does not match), and words of a
phrase may be joined by spaces or hyphens. Every term also matches its plural.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from pathlib import Path
from typing import Any

LEXICON_PATH = Path(__file__).resolve().parent / "data" / "hate_lexicon.json"
_MASK = frozenset("*#_%")
_TOKEN = re.compile(r"[a-z*#_%']+")
_FUZZY_MIN_LENGTH = 6


def _letters(word: str) -> str:
    parts = []
    for letter, run in groupby(word):
        count = len(list(run))
        escaped = re.escape(letter)
        parts.append(escaped * count + "+")
    return "".join(parts)


def _term_pattern(term: str) -> str:
    return r"[\s\-]*".join(_letters(word) for word in term.split())


def _alternation(terms: list[str], *, plural: bool = True) -> str:
    ordered = sorted(set(terms), key=len, reverse=True)
    suffix = "(?:e?s)?" if plural else ""
    return "(?:" + "|".join(_term_pattern(t) + suffix for t in ordered) + ")"


def _bounded(body: str) -> re.Pattern[str]:
    return re.compile(r"(?<![a-z])" + body + r"(?![a-z])")


_FILLER = (
    r"(?:(?:all|just|nothing but|such|so|fucking|fuckin|literally|basically|a bunch of|"
    r"like|no better than|worse than|total|complete|dirty|filthy|disgusting|the|mostly)\s+)*+"
)
_PARTICIPLES = (
    "die|killed|murdered|exterminated|gassed|shot|hanged|hung|lynched|burned|burnt|eradicated|"
    "slaughtered|wiped out|purged|beaten|stabbed|bombed|drowned|rounded up|executed|eliminated|"
    "destroyed|hurt|attacked|put down|sterili[sz]ed|shot on sight"
)
_GROUP_DETERMINER = r"(?:those|these|them|dem|y'?all|all|all the|all these|all those|bunch of|such)"
_IDENTITY_ADJECTIVE = (
    r"(?:black|brown|white|asian|latino|latina|hispanic|mexican|arab|jewish|muslim|gay|trans"
    r"|indigenous|native|immigrant|disabled|queer)"
)
_EXCLUSION_PARTICIPLES = "deported|banned|removed|expelled|kicked out|thrown out|kept out|sent back"


@dataclass(frozen=True, slots=True)
class HateLexicon:
    """Compiled matchers; see the module docstring for the matching rules."""

    strong_slur: re.Pattern[str]
    ambiguous_slur: re.Pattern[str]
    group_attack: re.Pattern[str]
    violent_threat: re.Pattern[str]
    exclusion: re.Pattern[str]
    insult_directed: re.Pattern[str]
    group_slur: re.Pattern[str]
    group_slur_word: re.Pattern[str]
    group_slur_innocent: re.Pattern[str]
    hostile_context: re.Pattern[str]
    group_alternation: str
    fuzzy_slurs: frozenset[str]
    lookalike_allow: frozenset[str]
    mask_slurs: tuple[str, ...]

    def slur_near_miss(self, token: str) -> bool:
        """A strong slur with one letter dropped, two letters swapped, or letters masked."""
        token = token.removesuffix("s") if len(token) > _FUZZY_MIN_LENGTH else token
        if token in self.lookalike_allow or token in self.fuzzy_slurs:
            return False
        if any(ch in _MASK for ch in token):
            return any(_mask_match(token, slur) for slur in self.mask_slurs)
        return token in self.fuzzy_slurs_variants

    def strong_slur_spans(self, folded: str) -> list[tuple[int, int]]:
        """Where a strong slur, or a near miss of one, occurs in ``folded``."""
        spans = [m.span() for m in self.strong_slur.finditer(folded)]
        spans.extend(
            m.span() for m in _TOKEN.finditer(folded) if self.slur_near_miss(m.group(0).strip("'"))
        )
        return spans

    @property
    def fuzzy_slurs_variants(self) -> frozenset[str]:
        return _variants(self.fuzzy_slurs)


def _mask_match(token: str, slur: str) -> bool:
    if len(token) != len(slur):
        return False
    known = [(a, b) for a, b in zip(token, slur, strict=True) if a not in _MASK]
    return len(known) * 2 >= len(slur) and all(a == b for a, b in known)


@lru_cache(maxsize=8)
def _variants(slurs: frozenset[str]) -> frozenset[str]:
    out: set[str] = set()
    for slur in slurs:
        out.update(slur[:i] + slur[i + 1 :] for i in range(len(slur)))
        out.update(slur[:i] + slur[i + 1] + slur[i] + slur[i + 2 :] for i in range(len(slur) - 1))
    return frozenset(out - slurs)


@lru_cache(maxsize=1)
def lexicon_terms() -> dict[str, Any]:
    """The shipped lexicon's lists as written (read once per process)."""
    terms: dict[str, Any] = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    return terms


@lru_cache(maxsize=1)
def hate_lexicon_load() -> HateLexicon:
    """The shipped lexicon, compiled once per process."""
    raw = lexicon_terms()
    strong: list[str] = raw["strong_slurs"]
    groups = _alternation(raw["group_terms"], plural=False)
    group_or_slur = f"(?:{groups}|{_alternation(strong)})"
    dehumanising = _alternation(raw["dehumanising"], plural=False)
    violent = _alternation(raw["violent_verbs"], plural=False)
    exclusion = _alternation(raw["exclusion_verbs"], plural=False)
    insults = _alternation(raw["insults"])
    # "X are vermin", "I hate X", "X don't belong here", "death to X".
    group_attack = (
        rf"{group_or_slur}\s+(?:are|r|is|=)\s+{_FILLER}{dehumanising}"
        rf"|(?:i|we)\s+(?:really\s+|fucking\s+|just\s+|\w+ly\s+)?(?:hate|despise|detest|loathe|resent"
        rf"|can'?t\s+stand|don'?t\s+respect|will\s+never\s+trust|never\s+trust)"
        rf"\s+(?:all\s+|the\s+|those\s+|these\s+|fucking\s+)*{group_or_slur}"
        rf"|{group_or_slur}\s+(?:don'?t|do not|dont)\s+belong"
        rf"|(?:hatred|loathing|contempt|disgust|hate)\s+(?:for|of|towards?)\s+(?:all\s+|the\s+)?"
        rf"{group_or_slur}"
        rf"|{group_or_slur}\s+belong\s+in\s+(?:a\s+|the\s+)?(?:zoo|cage|cages|jungle|sewer|gutter|trash)"
        rf"|(?:{group_or_slur}|{_IDENTITY_ADJECTIVE})(?:'s)?\s+lives\s+(?:do\s+not|don'?t|dont)"
        rf"\s+matter"
        rf"|{group_or_slur}\s+(?:are|r)\s+not\s+(?:real\s+)?(?:people|humans?|human\s+beings)"
        rf"|(?:i|we)\s+(?:will\s+)?never\s+(?:treat|see|accept)\s+{group_or_slur}\s+as\s+"
        rf"(?:equals?|people|humans?)"
        rf"|go\s+back\s+to\s+(?:your|their|ur)\s+(?:own\s+)?(?:country|countries|jungle|desert|cave)"
    )
    # "every one of those X", "all of the X", "any X".
    quantified = r"(?:(?:every\s+(?:one|single\s+one)|each|all|any|most|some)\s+of\s+)?"
    threat = (
        rf"{violent}\s+{quantified}(?:all|every|each|the|those|these|them|some|more|fucking|\s)*"
        rf"{group_or_slur}"
        rf"|make\s+(?:all\s+|the\s+|those\s+|these\s+)*{group_or_slur}\s+(?:pay|suffer|bleed)"
        rf"|{group_or_slur}\s+(?:all\s+)?(?:deserve|deserves)\s+(?:to\s+(?:be\s+)?"
        rf"(?:die|{_PARTICIPLES})|death|a\s+bullet)"
        rf"|(?:better|safer|cleaner)\s+(?:off\s+)?(?:if|when|once)\s+(?:all\s+|the\s+)?"
        rf"{group_or_slur}\s+(?:were|was|are|got|get)\s+(?:all\s+)?(?:{_PARTICIPLES}|dead|gone)"
        rf"|{group_or_slur}\s+(?:should|must|need to|ought to|deserve to|have to|gotta|will)\s+"
        rf"(?:all\s+|just\s+)?(?:be\s+)?(?:{_PARTICIPLES})"
        rf"|death\s+to\s+(?:all\s+)?{group_or_slur}"
    )
    exclusion_pattern = (
        rf"{exclusion}\s+(?:all|every|the|those|these|them|\s)*{group_or_slur}"
        rf"|{group_or_slur}\s+(?:should|must|need to|ought to|have to|gotta)\s+"
        rf"(?:all\s+)?(?:be\s+)?(?:{_EXCLUSION_PARTICIPLES})"
        rf"|no\s+{group_or_slur}\s+allowed"
        rf"|(?:keep|get|kick|throw|drive|run|chase|force)\s+(?:all\s+|the\s+|those\s+|these\s+)*"
        rf"{group_or_slur}\s+out"
        rf"|{group_or_slur}\s+(?:should|must|need to|ought to)\s+(?:all\s+)?be\s+"
        rf"(?:kept\s+on\s+a\s+leash|locked\s+(?:up|away)|caged|kept\s+in\s+cages|segregated)"
    )
    person = (
        r"(?:you|u|ya|ur|you'?re|youre|you are|your|yo)"
        r"|(?:my|our|the|that|this)\s+(?:\w+\s+)?(?:neighbou?r|landlord|guy|lady|woman|man|dude|"
        r"kid|driver|mailman|owner|tenant|roommate|ex|wife|husband|girl|boy)\s+(?:is|was|=)"
    )
    insult_directed = (
        rf"(?:{person})\s+(?:a\s+|an\s+|such\s+a\s+|one\s+|total\s+|complete\s+|fucking\s+|"
        rf"stupid\s+|dumb\s+|fat\s+|ugly\s+|little\s+|lazy\s+|worthless\s+|disgusting\s+"
        rf"|pathetic\s+|useless\s+|sorry\s+|miserable\s+|nasty\s+)*{insults}"
        r"|(?:fuck|screw)\s+(?:you|u|him|her|them|that\s+\w+)"
    )
    # A demeaning word about people in general: plural ("hoes", "crackers") or after a
    # word that picks out a group ("those bitch ass ..."), or a term that is always plural
    # in meaning ("whitey", "white trash").
    group_slur = (
        rf"(?:{_GROUP_DETERMINER}\s+(?:\w+\s+)?){_alternation(raw['group_slurs'], plural=False)}"
        rf"|{_alternation(raw['group_slurs'], plural=False)}(?:e?s|z)"
        rf"|{_alternation(raw['group_slurs_any_form'])}"
    )
    fuzzy = frozenset(t for t in strong if " " not in t and len(t) >= _FUZZY_MIN_LENGTH)
    return HateLexicon(
        strong_slur=_bounded(_alternation(strong)),
        ambiguous_slur=_bounded(_alternation(raw["ambiguous_slurs"])),
        group_attack=_bounded(f"(?:{group_attack})"),
        violent_threat=_bounded(f"(?:{threat})"),
        exclusion=_bounded(f"(?:{exclusion_pattern})"),
        insult_directed=_bounded(f"(?:{insult_directed})"),
        group_slur=_bounded(f"(?:{group_slur})"),
        group_slur_word=_bounded(
            _alternation([*raw["group_slurs"], *raw["group_slurs_any_form"], "faggot", "fag"])
        ),
        group_slur_innocent=_bounded(_alternation(raw["group_slur_innocent_phrases"])),
        hostile_context=_bounded(
            rf"(?:{violent}|{dehumanising}|{_PARTICIPLES}|go\s+back|should\s+(?:all\s+)?be"
            r"|get\s+out|thie(?:f|ves)|criminals?|hate|die)"
        ),
        group_alternation=groups,
        fuzzy_slurs=fuzzy - {"tranny", "trannie"},
        lookalike_allow=frozenset(raw["strong_slur_lookalike_allow"]),
        mask_slurs=tuple(t for t in strong if " " not in t and len(t) >= 4),
    )
