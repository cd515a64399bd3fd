"""Step 2: hate and harassment screen, fully offline.

Contract: ``hate_screen`` returns REJECT only for clear hate — a strong slur,
an attack on a protected group or a call for violence against one — that is
not quoted, reported or condemned. Quoted or reported hate that the author
condemns or was the target of is PUBLISHED with its slurs masked for readers
(``masking.py``; if a slur cannot be masked, REVIEW); other quoted or reported
hate goes to REVIEW. A demeaning word used about people in general ("those
hoes", "crackers") is held for REVIEW, and so is a strongly negative
evaluation of a group ("Muslims are greedy", "immigrants make me sick";
``hate_evaluative.py``, ``hate_clauses.py``). The statistical models (the
TF-IDF model, then the sentence model's head, ``hate_embedding.py``) never
reject: a high hate probability holds the post for review, unless the post
describes experienced racism or counter-speech. Insults aimed at a person ask
for an edit; threats against a person go to review. Group names alone never
trigger anything.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from fairwitness.moderation.screening.contracts import Outcome, Reason, ScreenInput, StepResult
from fairwitness.moderation.screening.hate_clauses import (
    clause_hostility_spans,
    speech_sentences,
)
from fairwitness.moderation.screening.hate_context import (
    counter_speech_clear,
    counter_speech_present,
    experienced_racism_present,
    identity_cue_present,
    span_is_quoted,
)
from fairwitness.moderation.screening.hate_embedding import embedding_hate_verdict
from fairwitness.moderation.screening.hate_evaluative import group_hostility_spans
from fairwitness.moderation.screening.hate_model import (
    HateProbabilities,
    HateThresholds,
    hate_model_load,
    hate_thresholds_load,
)
from fairwitness.moderation.screening.lexicon import hate_lexicon_load
from fairwitness.moderation.screening.masking import slurs_mask_complete
from fairwitness.moderation.screening.profiling import suspect_race_mentions
from fairwitness.moderation.screening.spelling import spelling_corrected

STEP = "hate"
_THREAT = re.compile(
    r"(?<![a-z])(?:i'?ll|i\s+will|i'?m\s+(?:gonna|going\s+to)|im\s+(?:gonna|going\s+to)"
    r"|i\s+am\s+going\s+to|we'?ll|we\s+will|we'?re\s+gonna|gonna)\s+(?:\w+\s+)?"
    r"(?:kill|shoot|stab|beat|hurt|murder|burn|jump|smash|strangle|choke|end)\s+"
    r"(?!\w+\s+a\s+(?:message|text|note|email|dm|line)\b)"
    r"(?:you|u|him|her|them|whoever|that\s+\w+|those\s+\w+|his\s+\w+|the\s+(?:guy|man|woman|kid|kids"
    r"|dude|thief|thieves|person|people|neighbou?rs?|driver|owner|bastard|asshole))(?![a-z])"
)
# "I don't hate X", "X are not vermin": the model reads words, not negation,
# so a negated statement must not be held on the model's score alone.
_NEGATED = re.compile(
    r"(?<![a-z])(?:don'?t|do\s+not|never|doesn'?t|does\s+not|didn'?t|aren'?t|are\s+not|isn'?t"
    r"|is\s+not|no\s+one\s+should|nobody\s+should|not|no)\s+(?:\w+\s+){0,4}"
    r"(?:hate|despise|hating|be\s+hated|vermin|animals|inferior|evil|criminals|terrorists|dangerous"
    r"|belongs?|deserves?|scum|trash|garbage|parasites|subhuman|worthless|disgusting|lowlifes"
    r"|degenerates|a\s+threat|a\s+burden|dirty|lazy|stupid)(?![a-z])"
)


def hate_screen(screen_input: ScreenInput) -> StepResult:
    folded = screen_input.normalised.folded
    probs = hate_model_load().predict(folded)
    return hate_assess(
        folded,
        probs=probs,
        thresholds=hate_thresholds_load(),
        text=screen_input.text,
        embedding=embedding_hate_verdict,
    )


def _innocent_blanked(folded: str) -> str:
    """``folded`` with innocent uses of slur-like words ("a garden hoe") blanked out.

    Only in a calm post: next to hostile words ("... lovers next door are animals",
    "... should be beaten") the phrase is no alibi and the text is read in full.
    """
    lexicon = hate_lexicon_load()
    if lexicon.hostile_context.search(folded):
        return folded
    return lexicon.group_slur_innocent.sub(lambda m: " " * len(m.group(0)), folded)


def model_hold_allowed(folded: str) -> bool:
    """Whether the model's score alone may hold this post for review.

    Not for counter-speech, reports of experienced racism or negated
    statements; not for an insult aimed at one person (harassment asks for
    an edit instead); and only when the post names an identity or uses a
    slur-like word, since hate targets a group.
    """
    folded = _innocent_blanked(folded)
    return (
        identity_cue_present(folded)
        and not hate_lexicon_load().insult_directed.search(folded)
        and not (
            speech_sentences(folded)
            or counter_speech_present(folded)
            or experienced_racism_present(folded)
            or _NEGATED.search(folded)
        )
    )


def embedding_may_hold(folded: str) -> bool:
    """Whether the sentence model may be asked, beyond ``model_hold_allowed``.

    Not about a post that describes people by race as possible suspects
    ("Somali teens wandering around, not sure what they want"): the profiling
    guardrail asks its author for behaviour and descriptors, which a hold
    for review would hide from them.
    """
    return not suspect_race_mentions(folded)


def hate_assess(
    folded: str,
    *,
    probs: HateProbabilities,
    thresholds: HateThresholds,
    text: str | None = None,
    embedding: Callable[[str], tuple[float, bool]] | None = None,
) -> StepResult:
    """The step's verdict for a ``folded`` text and its model probabilities.

    Split from ``hate_screen`` so the training script picks thresholds with
    the very rules the product applies. Misspelled group names and hostile words
    are corrected first (``spelling.py``). ``text`` is the original text:
    counter-speech is published only when every strong slur in it can be
    masked for display (checked only for such posts; without ``text``, the
    folded view is assumed maskable). ``embedding`` is the sentence
    model's second opinion (``hate_embedding.py``): it is asked only about
    a post nothing else flagged and the models may hold, and returns its
    probability and whether that holds the post.
    """
    folded = spelling_corrected(folded)
    calm = _innocent_blanked(folded)  # once: strong slurs, group slurs and slur insults use it
    lexicon = hate_lexicon_load()
    counter = counter_speech_present(folded)
    experienced = experienced_racism_present(folded)

    found: dict[Reason, list[tuple[int, int]]] = {
        Reason.HATE_SLUR: lexicon.strong_slur_spans(calm),
        Reason.HATE_GROUP_ATTACK: [m.span() for m in lexicon.group_attack.finditer(folded)],
        Reason.HATE_VIOLENT_THREAT: [m.span() for m in lexicon.violent_threat.finditer(folded)],
    }
    exclusion = [m.span() for m in lexicon.exclusion.finditer(folded)]
    hits = {reason: spans for reason, spans in found.items() if spans}
    all_spans = [span for spans in hits.values() for span in spans] + exclusion
    group_slurs = [m.span() for m in lexicon.group_slur.finditer(calm)]
    about_speech = speech_sentences(folded)
    hostility = [
        span
        for span in ([] if _NEGATED.search(folded) else group_hostility_spans(folded))
        if not any(a <= span[0] < b for a, b in about_speech)
    ]
    hostility += clause_hostility_spans(folded)  # it never reads inside quotes
    quoted = bool(all_spans) and all(span_is_quoted(folded, a, b) for a, b in all_spans)

    reasons: list[Reason] = []
    outcome = Outcome.PUBLISH
    embedding_score = None
    published_counter_speech = False
    if hits and not (quoted or counter):
        outcome, reasons = Outcome.REJECT, list(hits)
    elif (
        all_spans
        and counter_speech_clear(folded, all_spans)
        and (text is None or slurs_mask_complete(text))
    ):
        # Quoted or reported hate that the author condemns or was targeted by:
        # published, with any slur masked for readers (masking.py).
        published_counter_speech = True
    elif all_spans:
        # Quoted or reported hate without a clear condemnation, or talk of excluding
        # a group: a person decides, because counter-speech must not be removed by a machine.
        outcome = Outcome.REVIEW
        reasons = [Reason.HATE_QUOTED_OR_REPORTED] if quoted or counter else []
        if exclusion and not (quoted or counter):
            reasons.append(Reason.HATE_GROUP_ATTACK)
    elif group_slurs and not counter_speech_clear(folded, group_slurs):
        # Unlike a strong slur, the bare mention of reporting ("said") is not enough here:
        # the demeaning word must be quoted or reported and condemned, or it is held.
        outcome, reasons = Outcome.REVIEW, [Reason.HATE_GROUP_SLUR]
    elif hostility and not (counter_speech_clear(folded, hostility) or experienced):
        outcome, reasons = Outcome.REVIEW, [Reason.HATE_GROUP_HOSTILITY]
    elif model_hold_allowed(folded):
        if probs.hate >= thresholds.review and probs.neither <= thresholds.neither_ceiling:
            outcome, reasons = Outcome.REVIEW, [Reason.HATE_MODEL]
        elif embedding is not None and embedding_may_hold(folded):
            embedding_score, embedding_holds = embedding(folded)
            if embedding_holds:
                outcome, reasons = Outcome.REVIEW, [Reason.HATE_MODEL]

    if _THREAT.search(folded):
        reasons.append(Reason.HARASSMENT_THREAT)
        outcome = max(outcome, Outcome.REVIEW, key=_rank)
    insult = None if quoted else lexicon.insult_directed.search(folded)
    if insult is not None:
        reasons.append(Reason.HARASSMENT_INSULT)
        outcome = max(outcome, Outcome.EDIT, key=_rank)
        if lexicon.group_slur_word.search(calm):
            # An insult built on a slur ("you fag", "stupid bitch") attacks the person
            # for their gender, sexuality or disability: a moderator reads it.
            if Reason.HATE_GROUP_SLUR not in reasons:
                reasons.append(Reason.HATE_GROUP_SLUR)
            outcome = max(outcome, Outcome.REVIEW, key=_rank)

    lexicon_score = 0.95 if hits else (0.6 if all_spans else 0.0)
    scores = {
        "hate_model_hate": round(probs.hate, 4),
        "hate_model_offensive": round(probs.offensive, 4),
        "hate_lexicon": lexicon_score,
        "hate_score": round(max(lexicon_score, probs.hate, embedding_score or 0.0), 4),
        "hate_counter_speech": float(counter or quoted),
        "hate_counter_speech_published": float(published_counter_speech),
        "hate_group_slur": float(bool(group_slurs)),
        "hate_group_hostility": float(bool(hostility)),
        "hate_experienced_racism": float(experienced),
    }
    if embedding_score is not None:
        scores["hate_embedding"] = round(embedding_score, 4)
    return StepResult(step=STEP, outcome=outcome, reasons=tuple(reasons), scores=scores)


def hate_flagged(result: StepResult) -> bool:
    """Whether the step holds or rejects the post for hate (not only harassment)."""
    return result.outcome in (Outcome.REJECT, Outcome.REVIEW) and any(
        r.family == "hate" for r in result.reasons
    )


def _rank(outcome: Outcome) -> int:
    return list(Outcome).index(outcome)
