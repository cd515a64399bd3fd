"""The clause reader's grammar words (``hate_clauses.py``): negators, copulas, linking words,
and the word patterns for pronouns, counted people and talk about speech.

Function words, not hate terms: the curated hate vocabulary lives in
``data/hate_lexicon.json``. Kept apart so the reader's logic reads on its own.
"""

from __future__ import annotations

import re

NEGATORS = frozenset(
    [
        "not",
        "no",
        "never",
        "none",
        "nobody",
        "nothing",
        "neither",
        "nor",
        "without",
        "hardly",
        "cannot",
        "cant",
        "dont",
        "doesnt",
        "didnt",
        "isnt",
        "arent",
        "wasnt",
        "werent",
        "wont",
        "wouldnt",
        "shouldnt",
        "couldnt",
        "aint",
        "havent",
        "hasnt",
        "hadnt",
        "noone",
        "less",
        "lacking",
        "lack",
        "lacks",
    ]
)
QUESTION_OPENERS = frozenset(
    [
        "aren't",
        "isn't",
        "don't",
        "doesn't",
        "wouldn't",
        "shouldn't",
        "won't",
        "can't",
        "didn't",
        "arent",
        "isnt",
        "dont",
        "doesnt",
        "wouldnt",
        "shouldnt",
        "wont",
        "cant",
        "didnt",
    ]
)
FIRST_PERSON = frozenset(
    [
        "i",
        "i'm",
        "i'd",
        "i'll",
        "i've",
        "me",
        "my",
        "we",
        "we're",
        "we'd",
        "we'll",
        "us",
        "our",
        "im",
    ]
)
# Bare pronouns refer back only to a generic mention; "those people" also to "is gay".
PRONOUNS = frozenset(["they", "they're", "theyre", "them"])
DONE_TO = frozenset(
    [
        "was",
        "were",
        "been",
        "being",
        "got",
        "get",
        "gets",
        "getting",
        "had",
        "has",
        "have",
        "having",
        "is",
        "are",
        "be",
    ]
)
COPULAS = frozenset(
    [
        "are",
        "is",
        "were",
        "was",
        "be",
        "been",
        "being",
        "'re",
        "'s",
        "am",
        "seem",
        "seems",
        "look",
        "looks",
        "act",
        "acts",
        "become",
        "remain",
    ]
)
LINKS = COPULAS | frozenset(
    [
        "all",
        "just",
        "so",
        "such",
        "really",
        "very",
        "truly",
        "basically",
        "always",
        "nothing",
        "but",
        "completely",
        "totally",
        "the",
        "a",
        "an",
        "most",
        "more",
        "too",
        "pretty",
        "absolutely",
        "utterly",
        "fucking",
        "damn",
        "inherently",
        "naturally",
        "simply",
        "literally",
        "mostly",
        "and",
        "or",
        "also",
        "still",
        "only",
        "even",
        "ever",
        "never",
        "not",
        "no",
        "don't",
        "dont",
        "do",
        "does",
        "did",
        "doesn't",
        "doesnt",
        "didn't",
        "didnt",
        "aren't",
        "arent",
        "isn't",
        "isnt",
        "won't",
        "wont",
        "can't",
        "cant",
        "cannot",
        "will",
        "would",
        "can",
        "could",
        "should",
        "must",
        "deserve",
        "deserves",
        "deserved",
        "contribute",
        "contributes",
        "contributed",
        "belong",
        "belongs",
        "any",
        "single",
        "one",
        "of",
        "them",
        "bunch",
        "pack",
        "lot",
        "load",
        "herd",
        "total",
        "complete",
        "absolute",
        "to",
        "i'm",
        "im",
        "am",
        "honestly",
        "have",
        "has",
        "had",
        "anything",
        "less",
        "hardly",
        "without",
        "here",
        "there",
        "around",
    ]
)
LIST_WORDS = frozenset(
    ["and", "or", "so", "very", "really", "too", "just", "also", "totally", "completely", "utterly"]
)
PREPOSITIONS = frozenset(
    ["on", "in", "at", "from", "around", "near", "of", "across", "along", "down", "up", "over"]
)
EXPERIENCER_VERBS = frozenset(
    [
        "hate",
        "hates",
        "fear",
        "fears",
        "suffer",
        "suffers",
        "die",
        "dies",
        "face",
        "faces",
        "lose",
        "loses",
        "miss",
        "misses",
        "dread",
        "dreads",
        "worry",
        "worries",
    ]
)
# Denied, these are what the group lacks, not what it is ("X aren't safe here").
POSITIVE_STATES = frozenset(
    [
        "safe",
        "comfortable",
        "happy",
        "secure",
        "okay",
        "ok",
        "well",
        "free",
        "welcomed",
        "supported",
        "protected",
    ]
)
MAKES_ME = frozenset(
    ["make", "makes", "made", "me", "feel", "fill", "fills", "filled", "with", "want", "my", "skin"]
)
OBJECT_LINKS = frozenset(
    [
        "all",
        "the",
        "those",
        "these",
        "every",
        "each",
        "any",
        "of",
        "them",
        "single",
        "one",
        "than",
        "no",
    ]
)
# What may follow a denied positive word said of the group ("X are not decent people").
POSITIVE_END = frozenset(
    [
        "to",
        "for",
        "in",
        "at",
        "here",
        "there",
        "anymore",
        "and",
        "or",
        "as",
        "people",
        "humans",
        "human",
        "beings",
        "persons",
        "members",
        "citizens",
        "neighbors",
        "neighbours",
        "whatsoever",
        "ever",
        "listening",
        "talking",
        "respecting",
        "trusting",
        "knowing",
        "having",
    ]
)
PREDICATE_NOUNS = frozenset(["danger", "problem", "risk", "menace", "threat", "burden"])
IGNORED = frozenset(
    [
        "like",
        "kind",
        "pretty",
        "please",
        "yes",
        "ok",
        "okay",
        "well",
        "sure",
        "free",
        "fine",
        "care",
        "help",
        "no",
        "joke",
        "lol",
        "haha",
        "want",
        "wants",
        "wanted",
        "alright",
        "block",
        "blocks",
        "blocked",
    ]
)

BACK_REFERENCE = re.compile(
    r"(?<![a-z])(?:they|they're|theyre|them|their\s+kind|those\s+people|these\s+people"
    r"|such\s+people|people\s+like\s+(?:that|them)|that\s+lot|those\s+types?|that\s+kind)(?![a-z])"
)
PLURAL_PEOPLE = (
    r"(?:people|peoples|ppl|folks|men|women|kids|children|families|guys|girls|boys|adults"
    r"|neighbou?rs|couples|parents|teens|students|workers|owners|ladies|crowd|community"
    r"|communities|population|types)"
)
# Numbers and indefinite articles pick out people seen, not a group.
COUNTED = re.compile(
    r"(?:^|\s)(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+|couple\s+of|pair\s+of"
    r"|several|few)\s+(?:\w+\s+)?$"
)
# The clause speaks of speech, of acts against the group, or of people who hate.
ABOUT_SPEECH = re.compile(
    r"(?<![a-z])(?:posts?|posting|posted|comments?|statements?|notes?|letters?|graffiti|remarks?|jokes?|slurs?|words?|saying|said|says|(?<!i'd\s)(?<!i\s)(?<!would\s)say"
    r"|calling|called|call|tweets?|tweeting|messages?|signs?|flyers?|stereotyp\w*|rhetoric|claims?"
    r"|racis[mt]\w*|sexis[mt]\w*|bigot\w*|\w*phob\w*|ableis[mt]\w*|antisemit\w*|misogyn\w*"
    r"|discriminat\w*|prejudice\w*|harass\w*|threat\w*|targeting|targeted|vandal\w*"
    r"|hate\s+crimes?|speech|language|mock\w*|insulting|compar\w+|describ\w+|label+\w*|portray\w*"
    r"|repeating|defending|lie|lies|myths?|attacks?\s+on|attacking|treatment"
    r"|treat(?:ed|ing)?|(?:people|anyone|those|someone|whoever|folks|men|guys)\s+who"
    r"|anyone\s+that|people\s+that|those\s+that)(?![a-z])"
)
