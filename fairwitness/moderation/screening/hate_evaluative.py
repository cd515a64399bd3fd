"""Hostility towards a group, read from how the post evaluates it.

The lexicon's grammar (``lexicon.py``) knows fixed attacks ("X are vermin");
this module generalises them with the VADER sentiment lexicon (Hutto and
Gilbert 2014, shipped inside the ``vaderSentiment`` wheel; only its word list
is used). A post is hostile to a group when it

- describes the group with a strongly negative word ("Muslims are greedy",
  "trans folks are liars", "they are all crooks" after naming the group),
- says the group stirs a strongly negative feeling ("immigrants make me
  sick", "gay men disgust me"),
- denies the group a strongly positive one ("Jews are not honest people"),
- or says the author means to harm people named by the group ("I'm going to
  hurt the next Asian I see").
Misspellings are corrected before (``spelling.py``).

Such a post is held for review (``screen:hate:group_hostility``), never
rejected: these are heuristics, and a person decides. Words for what is done
*to* people ("scared", "harassed", "homeless") are not evaluations of them
and never count. The word lists beside VADER's are ``evaluation_*`` in
``data/hate_lexicon.json``. All functions take the ``folded`` view.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files

from fairwitness.moderation.screening.lexicon import hate_lexicon_load, lexicon_terms

_NEGATIVE_AT_MOST = -1.5
_POSITIVE_AT_LEAST = 1.5

_INTENSIFIERS = (
    # Possessive (*+): words that could be split two ways ("a bunch of") must not make
    # the engine try every split when the rest fails (catastrophic backtracking).
    r"(?:(?:all|just|so|such|really|basically|naturally|always|nothing\s+but"
    r"|literally|truly|completely|totally|inherently|born|mostly|very|pretty|super|too|the"
    r"|most|more|far|way|incredibly|utterly|absolutely|fucking|damn|goddamn|a|an|of|them"
    r"|pack|load|herd|bunch|nothing\s+more\s+than|no\s+better\s+than)\s+)*+"
)
_PEOPLE_NOUNS = (
    r"(?:people|peoples|ppl|folks?|men|women|kids|families|family|guys|crowd|community"
    r"|neighbou?rs?|immigrants?|couples?|parents|teens|students|workers|person|man|woman|guy"
    r"|kid|lady|boy|girl|owners?)"
)
_VIOLENT_PARTICIPLE = (
    r"(?:hunted(?:\s+down)?|killed|shot|stabbed|beaten|lynched|hanged|hung|burned|burnt|gassed"
    r"|stoned|dragged(?:\s+out)?|tortured|whipped|run\s+over|strung\s+up|set\s+on\s+fire"
    r"|driven\s+out|wiped\s+out|exterminated|eliminated|executed|murdered|slaughtered|smashed"
    r"|run\s+out|put\s+to\s+death|put\s+down|euthani[sz]ed|thrown\s+out|chased\s+out)"
)
IDENTITY_NOUN = (
    r"(?:woman|girl|jew|muslim|immigrant|migrant|refugee|lesbian|gay|asian|mexican|arab|latino"
    r"|latina|black\s+(?:person|man|woman)|trans\s+(?:person|woman|man)|disabled\s+person)"
)
IDENTITY = (
    r"(?:black|brown|asian|latino|latina|latinx|hispanic|mexican|arab|jewish|muslim|gay"
    r"|lesbian|trans|transgender|queer|immigrant|migrant|refugee|disabled|indigenous|native"
    r"|chinese|indian|african|somali|haitian|sikh|hindu)"
)


@lru_cache(maxsize=1)
def evaluation_lists() -> dict[str, frozenset[str]]:
    """The ``evaluation_*`` word lists of the lexicon (see its ``_about``)."""
    return {
        key: frozenset(words)
        for key, words in lexicon_terms().items()
        if key.startswith("evaluation_")
    }


@lru_cache(maxsize=1)
def valences() -> dict[str, float]:
    text = files("vaderSentiment").joinpath("vader_lexicon.txt").read_text(encoding="utf-8")
    scores: dict[str, float] = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].isalpha():
            scores[parts[0].lower()] = float(parts[1])
    return scores


def _alternation(words: set[str] | frozenset[str]) -> str:
    return "(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + ")"


@lru_cache(maxsize=1)
def _group_cue() -> re.Pattern[str]:
    """Any group or identity word: posts without one skip the patterns below."""
    groups = hate_lexicon_load().group_alternation
    return re.compile(rf"(?<![a-z])(?:{groups}|{IDENTITY}|{IDENTITY_NOUN})")


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], ...]:
    lists = evaluation_lists()
    negative = {w for w, v in valences().items() if v <= _NEGATIVE_AT_MOST}
    negative |= lists["evaluation_negative_extra"]
    neg = _alternation(negative - lists["evaluation_states"])
    felt = _alternation(negative | {"furious", "angry", "mad", "sick", "ill"})
    pos = _alternation(
        {w for w, v in valences().items() if v >= _POSITIVE_AT_LEAST}
        | lists["evaluation_positive_extra"]
    )
    group = (
        rf"(?:{hate_lexicon_load().group_alternation}|{IDENTITY}\s+(?:\w+\s+)?{_PEOPLE_NOUNS}"
        rf"|{IDENTITY}s|(?:every|each|any)\s+(?:single\s+)?{IDENTITY_NOUN})"
    )
    not_negated = r"(?:(?!not\b|never\b|no\b|n't\b)\w+\s+)?"
    copula = r"(?:are|r|is|were|be|seem|seem\s+to\s+be|look|act|remain|become|get|'re)"
    quantified = (
        r"(?:(?:every|each|any|all|most)\s+(?:one\s+)?(?:of\s+)?(?:the\s+|those\s+|them\s+)?)?"
    )
    harm = (
        r"(?:kill|shoot|stab|beat(?:\s+up)?|hurt|burn(?:\s+down)?|torch|run\s+over|hunt(?:\s+down)?"
        r"|lynch|smash|attack|punch|bash|slap|drown|hang|string\s+up|bleed|gas|bomb|poison"
        r"|drag|stone|whip|cut|jump|rob|firebomb|break|push|throw|put)"
    )
    intent = (
        r"(?:i'?ll|i\s+will|i'?m\s+(?:going\s+to|gonna|gon)|im\s+(?:going\s+to|gonna)"
        r"|i\s+am\s+(?:going\s+to|gonna)|we'?ll|we\s+will|we'?re\s+(?:going\s+to|gonna)"
        r"|we\s+are\s+(?:going\s+to|gonna)|i\s+want\s+to|i\s+plan\s+to|gonna|let'?s"
        r"|someone\s+(?:should|needs\s+to|ought\s+to)|somebody\s+(?:should|needs\s+to|ought\s+to)"
        r"|(?:i|we)\s+(?:should|must|need\s+to)"
        r"|(?:i'?m|im|i\s+am|we'?re|we\s+are)(?=\s+(?:beating|smashing|torching|shooting|stabbing"
        r"|killing|hurting|burning|putting|breaking|running\s+over)))"
    )
    return (
        # "X are greedy", "all X are basically liars"
        re.compile(
            rf"(?<![a-z]){group}\s+(?:(?!and\b|but\b)[a-z0-9']+\s+){{0,6}}?{copula}\s+"
            rf"{_INTENSIFIERS}{not_negated}{neg}(?![a-z])"
            rf"|(?<![a-z])(?:pack|bunch|herd|horde|swarm|gang)\s+of\s+(?:\w+\s+)?{IDENTITY}\s+"
            rf"(?:\w+\s+)?{neg}(?![a-z])"
            rf"|(?<![a-z])(?:why|how\s+come)\s+(?:are|is|do|does)\s+(?:all\s+)?{group}\s+"
            rf"{_INTENSIFIERS}{not_negated}{neg}(?![a-z])"
        ),
        # "X make me sick", "X disgust me", "I'm fed up with X"
        re.compile(
            rf"(?<![a-z]){group}\s+(?:\w+\s+){{0,5}}?(?:make|makes|made)\s+(?:me|my\s+skin)\s+"
            rf"(?:feel\s+)?{_INTENSIFIERS}(?:want\s+to\s+)?(?:{felt}|crawl|throw\s+up|puke|vomit)"
            rf"(?![a-z])"
            rf"|(?<![a-z]){group}\s+(?:\w+\s+)?(?:disgust|repulse|sicken|nauseate|revolt|creep)"
            rf"(?:s)?\s+(?:me|us)(?![a-z])"
            rf"|(?<![a-z]){group}\s+(?:\w+\s+)?fills?\s+me\s+with\s+{_INTENSIFIERS}{felt}"
            rf"|(?<![a-z])(?:i'?m|i\s+am|we'?re|we\s+are)\s+(?:so\s+|really\s+)?(?:fed\s+up|sick"
            rf"|tired|done)\s+(?:of|with)\s+(?:all\s+|the\s+|these\s+|those\s+)*{group}"
        ),
        # "X ... . they are all crooks", "... can't stand them"
        re.compile(
            rf"(?<![a-z]){group}(?![a-z]).{{0,160}}?(?<![a-z])(?:they|they'?re|them|their\s+kind)"
            rf"\s+(?:{copula}\s+)?{_INTENSIFIERS}{not_negated}{neg}(?![a-z])"
            rf"|(?<![a-z]){group}(?![a-z]).{{0,160}}?(?<![a-z])(?:they|their\s+kind|those\s+people"
            rf"|these\s+people)\s+(?:\w+\s+)?(?:make|makes|made)\s+me\s+(?:feel\s+)?{_INTENSIFIERS}"
            rf"(?:want\s+to\s+)?(?:{felt}|throw\s+up|puke|vomit)(?![a-z])"
            rf"|(?<![a-z]){group}(?![a-z]).{{0,160}}?(?<![a-z])(?:i|we)\s+(?:\w+\s+)?(?:hate|despise"
            rf"|loathe|detest)\s+(?:every\s+(?:single\s+)?one\s+of\s+)?them(?![a-z])"
            rf"|(?<![a-z]){group}(?![a-z]).{{0,160}}?(?<![a-z])(?:can'?t|cannot)\s+stand\s+"
            rf"(?:any\s+of\s+|all\s+of\s+)?them(?![a-z])"
        ),
        # "X are things, not people", "X can't be trusted"
        re.compile(
            rf"(?<![a-z]){group}\s+{copula}\s+(?:\w+\s+){{0,3}}?\w+,?\s+not\s+(?:real\s+)?"
            rf"(?:people|humans?|human\s+beings|persons)(?![a-z])"
            rf"|(?<![a-z]){group}\s+(?:\w+\s+)?(?:can'?t|cannot|can\s+not|shouldn'?t|should\s+not"
            rf"|should\s+never)\s+be\s+trusted(?![a-z])"
        ),
        # "X are not honest people", "X will never be valid"
        re.compile(
            rf"(?<![a-z]){group}\s+(?:are|is|r|were)(?:\s+not|\s+never|n'?t)\s+{_INTENSIFIERS}"
            rf"(?:\w+\s+)?{pos}(?![a-z])"
            rf"|(?<![a-z]){group}\s+(?:will|can|could)\s+never\s+be\s+{_INTENSIFIERS}{pos}(?![a-z])"
        ),
        # "I'm going to hurt every one of the X", "someone should burn down that X bar"
        re.compile(
            rf"(?<![a-z]){intent}\s+(?:\w+\s+)?(?:{harm}|make|drive|teach)\s+(?:\w+\s+){{0,4}}"
            rf"{quantified}"
            rf"(?:the\s+|that\s+|this\s+|those\s+|these\s+|any\s+|every\s+|next\s+|an?\s+)*"
            rf"(?:{group}|{IDENTITY}|{IDENTITY_NOUN})(?![a-z])"
            rf"(?:.{{0,60}}?(?<![a-z])(?:bleed|pay|suffer|out|lesson|{harm}\w*))?"
            rf"|(?<![a-z]){group}(?![a-z]).{{0,120}}?(?<![a-z]){intent}\s+(?:\w+\s+){{0,2}}?{harm}\w*"
            rf"\s+(?:\w+\s+)?(?:them|you|your)(?![a-z])"
        ),
        # "X should be hunted down", "better if the X were driven out", "whoever attacks X ... hero"
        re.compile(
            rf"(?<![a-z]){group}\s+(?:\w+\s+){{0,6}}?(?:should|must|need\s+to|ought\s+to|deserve"
            rf"|deserves)\s+(?:all\s+)?(?:to\s+)?(?:just\s+)?(?:be\s+{_VIOLENT_PARTICIPLE}|die|disappear"
            rf"|(?:a\s+)?(?:good\s+)?(?:beating|bullet|death))"
            rf"|(?:good|great)\s+(?:thing|day|idea)\s+(?:\w+\s+){{0,3}}?if\s+(?:someone|somebody|we"
            rf"|they)\s+(?:\w+\s+)?{harm}\w*\s+(?:all\s+)?(?:the\s+|those\s+)?{group}"
            rf"|(?:better|safer|cleaner|nicer|good\s+thing|great\s+thing|good\s+day|great\s+day)"
            rf"\s+(?:\w+\s+){{0,4}}?(?:if|when|once)\s+(?:all\s+)?(?:the\s+|those\s+)?{group}"
            rf"\s+(?:\w+\s+){{0,4}}?(?:were|was|got|get|are)\s+(?:all\s+)?{_VIOLENT_PARTICIPLE}"
            rf"|whoever\s+{harm}s?\s+(?:the\s+|those\s+|any\s+)?{group}.{{0,60}}?hero"
            rf"|the\s+only\s+good\s+(?:{IDENTITY_NOUN}|{IDENTITY})\s+(?:\w+\s+)?is\s+a\s+dead"
            rf"|(?:any|every)\s+{IDENTITY_NOUN}\s+(?:\w+\s+){{0,6}}?will\s+be\s+{_VIOLENT_PARTICIPLE}"
        ),
    )


def group_hostility_spans(folded: str) -> list[tuple[int, int]]:
    """Where the post evaluates a group with strong hostility (see the module docstring).

    The caller corrects spelling first (``spelling.py``).
    """
    if not _group_cue().search(folded):
        return []
    return sorted({m.span() for pattern in _patterns() for m in pattern.finditer(folded)})
