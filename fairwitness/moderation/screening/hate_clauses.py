"""Hostility towards a group, read clause by clause with negation.

``hate_evaluative.py`` matches fixed sentence shapes ("X are <negative>").
Hate about groups takes many more shapes ("Nothing fills me with more disgust
than X", "I will never respect X", "X ruin every street they move into").
This reader does not rely on word order beyond three rules. A post is split
into clauses; in each clause it looks for

- a *generic* mention of a protected group (a group noun, "trans people",
  "every Muslim", "the Black families"; not "a Black man" or "two teens",
  which describe people seen, not a group), or, after such a mention, a
  pronoun that refers back to it ("they", "those people", "their kind");
- a strongly valenced word: VADER's list (Hutto and Gilbert 2014) with the
  lexicon's ``evaluation_*`` lists, read through negation as VADER reads it:
  a negated negative is not hostile ("X are not dirty", "no X deserves to
  die"), a negated positive is ("X don't deserve respect", "I will never trust
  X"). A negator that opens a question does not negate ("Aren't X parasites?").

Then the clause is hostile when the negative word follows the group (the
group is what is being described), or when the author speaks of their own
feeling ("I", "me", "we") in the clause. Words for what is done to people
("scared", "harassed", a participle after "were" or "had": "had their car
stolen") are not evaluations. A clause that speaks of speech or of people
who hate ("the post about X is vile", "people who call X vermin are scum",
"calling X stupid is ignorant") is about that speech, not the group.

A post that names a group may also use a stock phrase of implicit derogation
("there goes the neighborhood", "lock your doors", "men in dresses"; the
lexicon's ``evaluation_tropes``), which is hostile in the same sentence as
the group, or in the next one.

Such posts are held for review (``screen:hate:group_hostility``), never
rejected: a person decides. Takes the ``folded`` view after ``spelling.py``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from fairwitness.moderation.screening.hate_clause_words import (
    ABOUT_SPEECH,
    BACK_REFERENCE,
    COPULAS,
    COUNTED,
    DONE_TO,
    EXPERIENCER_VERBS,
    FIRST_PERSON,
    IGNORED,
    LINKS,
    LIST_WORDS,
    MAKES_ME,
    NEGATORS,
    OBJECT_LINKS,
    PLURAL_PEOPLE,
    POSITIVE_END,
    POSITIVE_STATES,
    PREDICATE_NOUNS,
    PREPOSITIONS,
    PRONOUNS,
    QUESTION_OPENERS,
)
from fairwitness.moderation.screening.hate_context import QUOTED
from fairwitness.moderation.screening.hate_evaluative import (
    IDENTITY,
    IDENTITY_NOUN,
    evaluation_lists,
    valences,
)
from fairwitness.moderation.screening.lexicon import hate_lexicon_load, lexicon_terms

_STRONG = 1.5
_SENTENCE = re.compile(r"[^.!?;\n]+[.!?;\n]*")
_CLAUSE_BREAK = re.compile(
    r",|\s-+\s|\s(?=(?:but|although|though|whereas|while|because|since|so\s+that)\s)"
)
_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?")
_PASSIVE_FORM = re.compile(r"[a-z]{3,}(?:ed|en|wn|ht|ck)$")
_REACH = 12  # words between the group and what is said of it, at most
# "nothing but contempt", "nothing fills me with more disgust than": not negations
_NOT_NEGATING = re.compile(
    r"nothing\s+(?:but|(?:\w+\s+){0,5}?(?:more|worse|\w+er)\s+(?:\w+\s+){0,3}?than)"
)


@dataclass(frozen=True)
class _Vocabulary:
    valence: dict[str, float]
    curated: frozenset[str]
    states: frozenset[str]
    tropes: re.Pattern[str]
    group: re.Pattern[str]
    identity: re.Pattern[str]
    labelled: re.Pattern[str]
    commands: frozenset[str]


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    lists = evaluation_lists()
    valence = {w: v for w, v in valences().items() if w not in IGNORED}
    curated = lists["evaluation_negative_extra"] | lists["evaluation_clause_negative"]
    for word in curated:
        valence[word] = min(valence.get(word, 0.0), -2.0)
    for word in lists["evaluation_positive_extra"]:
        valence[word] = max(valence.get(word, 0.0), 2.0)
    tropes = "|".join(
        re.escape(t).replace(r"\ ", r"\s+")
        for t in sorted(lists["evaluation_tropes"], key=len)[::-1]
    )
    groups = hate_lexicon_load().group_alternation
    group = re.compile(
        rf"(?<![a-z])(?:{groups}|{IDENTITY}(?:\s+\w+)?\s+{PLURAL_PEOPLE}|{IDENTITY}s"
        rf"|(?:every|each|any|no|all|not\s+(?:a\s+single|one)|a\s+single)\s+(?:single\s+)?"
        rf"(?:{IDENTITY_NOUN}|{IDENTITY})"
        rf"|(?:the|those|these|that|this|our)\s+{IDENTITY}\s+(?:family|community|crowd|couple"
        rf"|household|lot))(?![a-z])"
    )
    curated_nouns = _alternation_of(
        {w for w in curated if w.endswith("s") and len(w) > 4} | {"scum", "trash", "filth"}
    )
    lexicon = lexicon_terms()
    commands = {
        w for w in lexicon["violent_verbs"] + lexicon["exclusion_verbs"] if " " not in w
    } | {"hate", "nuke", "exterminate", "hang", "lynch"}
    return _Vocabulary(
        commands=frozenset(commands),
        identity=re.compile(rf"(?<![a-z])(?:{groups}|{IDENTITY}|{IDENTITY_NOUN})(?![a-z])"),
        # "trans freaks", "muslim scum", "damn jews": the group named by an insult
        labelled=re.compile(
            rf"(?<![a-z])(?:{IDENTITY}\s+{curated_nouns}"
            rf"|(?:god\s?damn(?:ed)?|damn(?:ed)?|fucking|fuckin|effing|bloody|stinking|filthy)\s+"
            rf"(?:{groups}|{IDENTITY}(?:\s+\w+)?\s+{PLURAL_PEOPLE}|{IDENTITY}s))(?![a-z])"
        ),
        valence=valence,
        curated=frozenset(curated),
        states=lists["evaluation_states"],
        tropes=re.compile(rf"(?<![a-z])(?:{tropes})(?![a-z])"),
        group=group,
    )


def _alternation_of(words: set[str]) -> str:
    return "(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + ")"


def _lemma_valence(word: str, valence: dict[str, float]) -> float:
    if word in valence:
        return valence[word]
    for suffix, repl in (
        ("'s", ""),
        ("s", ""),
        ("es", ""),
        ("ed", ""),
        ("ed", "e"),
        ("d", ""),
        ("ing", ""),
        ("ing", "e"),
        ("ers", ""),
        ("er", ""),
        ("ier", "y"),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: len(word) - len(suffix)] + repl
            if stem in valence:
                return valence[stem]
    return 0.0


_PEOPLE_NAMED = re.compile(
    rf"(?<![a-z]){IDENTITY}\s+(?:\w+\s+)?(?:people|person|folks?|men|man|women|woman|guys?|lady"
    rf"|ladies|kids?|famil(?:y|ies)|couples?|neighbou?rs?|crowd|community|drivers?|workers?"
    rf"|boys?|girls?|teens?|landscapers?)(?![a-z])"
)
_IDIOMS = re.compile(r"(?<![a-z])(?:up\s+to\s+no\s+good|kill(?:ing|ed|s)?\s+it)(?![a-z])")


def _quotes_blanked(folded: str) -> str:
    """Quoted words are someone else's (the lexicon path reads them); idioms are not evaluations."""
    for pattern in (QUOTED, _IDIOMS):
        folded = pattern.sub(lambda m: " " * len(m.group(0)), folded)
    return folded


# "women's bathrooms", "the gay bar", "Muslim community center": places and things, not people
_INSTITUTION = re.compile(
    r"(?:'s?|\s+(?:bathrooms?|restrooms?|locker|clinic|teams?|groups?|class(?:es)?|cent(?:er|re)s?"
    r"|restaurants?|takeaway|shops?|stores?|church|temple|mosque|synagogue|bar|club|league"
    r"|shelter|housing|school|festival|event|market|bakery|deli|food|history|rights|health"
    r"|issues|day|month|parade|roof|hall))(?![a-z])"
)


def _group_mentions(folded: str) -> list[tuple[int, int]]:
    found = []
    for match in _vocabulary().group.finditer(folded):
        if not COUNTED.search(
            folded[max(0, match.start() - 30) : match.start()]
        ) and not _INSTITUTION.match(folded, match.end()):
            found.append(match.span())
    return found


def _clauses(folded: str) -> list[tuple[int, int, bool, int]]:
    """(start, end, in a question, sentence number) for every clause."""
    out = []
    for number, sentence in enumerate(_SENTENCE.finditer(folded)):
        question = sentence.group(0).rstrip().endswith("?")
        start = sentence.start()
        for piece in _CLAUSE_BREAK.split(sentence.group(0)):
            at = folded.index(piece, start) if piece else start
            if piece.strip():
                out.append((at, at + len(piece), question, number))
            start = at + len(piece)
    return out


def _predicated(between: list[str], word: str, *, pronoun: bool) -> bool:
    """Whether the words between the group and an evaluative word make it said *of* the group:
    "X are (all just) W", "X (always) W", "X on our street are W", "X make me W"."""
    words = set(between)
    if not words & COPULAS and word in EXPERIENCER_VERBS:
        return False  # "X hate the new parking rules", "X die at shocking rates": their lot
    if words <= LINKS or ("me" in words and words <= LINKS | MAKES_ME):
        return True
    for i, link in enumerate(between):
        if link in COPULAS:
            head, tail = between[:i], between[i + 1 :]
            if "too" in tail and tail[-2:] in (["to", "be"], ["to"]):  # "are too W to be trusted"
                tail = tail[: tail.index("too")]
            # "X on our street are W"; never for a pronoun ("the war they fled is horrific")
            head_ok = not head or (not pronoun and len(head) <= 4 and head[0] in PREPOSITIONS)
            return head_ok and set(tail) <= LINKS
    return False


def _clause_hostile(
    folded: str, start: int, end: int, *, question: bool, targets: list[tuple[int, int]]
) -> bool:
    """Whether the clause [start, end) speaks of the group at ``targets`` with hostility."""
    vocabulary = _vocabulary()
    text = folded[start:end]
    named = [a for a, b in targets if a < b]
    before_group = text[: min(named) - start] if named else text
    if ABOUT_SPEECH.search(before_group):
        return False  # "the post about X is vile", "calling X stupid", "people who call X ..."
    tokens = [(m.group(0), start + m.start()) for m in _TOKEN.finditer(text)]
    words = [w for w, _ in tokens]
    inside = [any(a <= at < b for a, b in targets) for _, at in tokens]
    negated_from = len(tokens)
    for n, word in enumerate(words):
        if (
            (word.replace("'", "") in NEGATORS)
            and not (question and n == 0 and word in QUESTION_OPENERS)
            and not (word == "nothing" and _NOT_NEGATING.match(text, tokens[n][1] - start))
        ):
            negated_from = n
            break
    # nearest group end before, group start after, and first person before each word
    last_end: list[int | None] = [None] * (len(words) + 1)
    last_author: list[int | None] = [None] * (len(words) + 1)
    for n in range(len(words)):
        ends_here = inside[n] and (n + 1 == len(words) or not inside[n + 1])
        last_end[n + 1] = n if ends_here else last_end[n]
        last_author[n + 1] = n if words[n] in FIRST_PERSON else last_author[n]
    next_start: list[int | None] = [None] * (len(words) + 1)
    for n in range(len(words) - 1, -1, -1):
        next_start[n] = n + 1 if n + 1 < len(words) and inside[n + 1] else next_start[n + 1]
    for index, word in enumerate(words):
        if inside[index]:
            continue
        before = words[index - 1] if index else ""
        if word in PREDICATE_NOUNS and before in ("a", "an"):
            value = -2.0  # "X are a danger", not "X are in danger"
        elif word in vocabulary.states and not (
            before == "me" or (index > 1 and words[index - 2] == "me")
        ):
            continue  # what people feel or suffer, unless it is what they make me feel
        else:
            value = _lemma_valence(word, vocabulary.valence)
        if abs(value) < _STRONG:
            continue
        if (
            value < 0
            and word not in vocabulary.curated
            and _PASSIVE_FORM.match(word)
            and DONE_TO & set(words[max(0, index - 3) : index])
        ):
            continue  # done to them: "had their car stolen", "were attacked"
        negated = negated_from < index or (
            value > 0 and "too" in words[:index] and "to" in words[words.index("too") : index]
        )
        if not (value > 0 if negated else value < 0) or (value > 0 and word in POSITIVE_STATES):
            continue
        # the group, then the word said of it
        if (
            any(a == b for a, b in targets)
            and index <= _REACH
            and _predicated(words[:index], word, pronoun=True)
        ):
            return True  # the clause goes on with the previous clause's group
        group_end = last_end[index]
        if group_end is not None and index - group_end <= _REACH:
            denied_of_other = (
                value > 0 and index + 1 < len(words) and words[index + 1] not in POSITIVE_END
            )  # "X can't trust the police", "X have no safe place": not said of X
            if not denied_of_other and _predicated(
                words[group_end + 1 : index], word, pronoun=words[group_end] in PRONOUNS
            ):
                return True
        # the author (or a command), the word, then the group: "I despise X", "kill all X"
        after = next_start[index]
        if after is None or after - index > _REACH:
            continue
        if not set(words[index + 1 : after]) <= OBJECT_LINKS:
            continue
        if index == 0 or index == negated_from + 1 == 1:
            return True  # "kill all X", "disgusting X everywhere", "never trust X"
        p = last_author[index]
        if p is not None and index - p <= _REACH and set(words[p + 1 : index]) <= LINKS | MAKES_ME:
            return True
    return False


def clause_hostility_spans(folded: str) -> list[tuple[int, int]]:
    """Clauses that speak of a protected group with hostility (see the module docstring)."""
    folded = _quotes_blanked(folded)
    vocabulary = _vocabulary()
    identities = [m.span() for m in vocabulary.identity.finditer(folded)]
    if not identities:
        return []
    mentions = _group_mentions(folded)
    spans = [m.span() for m in vocabulary.labelled.finditer(folded)]
    previous: tuple[int, list[tuple[int, int]]] | None = None
    for start, end, question, sentence in _clauses(folded):
        targets = [(a, b) for a, b in mentions if start <= a < end]
        refers_back = [
            (start + m.start(), start + m.end())
            for m in BACK_REFERENCE.finditer(folded[start:end])
            if (mentions and mentions[0][0] < start + m.start())
            or (m.group(0) not in PRONOUNS and identities[0][0] < start + m.start())
        ]
        if (
            not targets
            and not refers_back
            and previous
            and previous[1]
            and previous[0] == sentence
            and _only_descriptive(folded[start:end])
        ):
            # a list that goes on after a comma: "X are emotional, irrational and useless"
            targets = [(start, start)]
        targets += refers_back
        if targets and _clause_hostile(folded, start, end, question=question, targets=targets):
            spans.append((start, end))
        goes_on = any(a == b for a, b in targets) or _ends_in_description(folded[start:end])
        previous = (sentence, targets if goes_on else [])
    sentences = [m.span() for m in _SENTENCE.finditer(folded)]
    starts = [a for a, _ in sentences]
    people = mentions + [m.span() for m in _PEOPLE_NAMED.finditer(folded)]
    with_identity = {n for n, (a, b) in enumerate(sentences) if any(a <= m < b for m, _ in people)}
    for trope in vocabulary.tropes.finditer(folded):
        n = bisect_right(starts, trope.start()) - 1
        near = {n - 1, n, n + 1} & with_identity
        if near and not any(
            ABOUT_SPEECH.search(folded[sentences[i][0] : sentences[i][1]]) for i in near | {n}
        ):
            spans.append(trope.span())
    return sorted(set(spans))


def _only_descriptive(clause: str) -> bool:
    """Whether a clause is only words that describe ("irrational and useless")."""
    valence = _vocabulary().valence
    words = _TOKEN.findall(clause)
    return bool(words) and all(w in LIST_WORDS or _lemma_valence(w, valence) != 0.0 for w in words)


def _ends_in_description(clause: str) -> bool:
    """Whether a clause ends "are <word>" ("X are emotional"), so a list may go on after it."""
    words = _TOKEN.findall(clause)
    return len(words) >= 2 and (words[-2] in COPULAS or (len(words) >= 3 and words[-3] in COPULAS))


def speech_sentences(folded: str) -> list[tuple[int, int]]:
    """Sentences about speech or acts against a group ("the graffiti targeting X is vile"),
    the group's own names aside."""
    group = _vocabulary().group
    return [
        m.span()
        for m in _SENTENCE.finditer(folded)
        if ABOUT_SPEECH.search(group.sub(lambda g: " " * len(g.group(0)), m.group(0)))
    ]
