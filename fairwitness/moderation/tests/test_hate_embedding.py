"""The sentence model's second opinion: what it holds, what it may never be asked about."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest

from fairwitness.moderation.screening import Outcome, Reason, post_screen
from fairwitness.moderation.screening.hate import hate_assess
from fairwitness.moderation.screening.hate_context import (
    counter_speech_present,
    experienced_racism_present,
    identity_cue_present,
)
from fairwitness.moderation.screening.hate_embedding import (
    HEAD_PATH,
    MAX_SEGMENTS,
    embedding_head_load,
    embedding_segments,
)
from fairwitness.moderation.screening.hate_model import hate_model_load, hate_thresholds_load
from fairwitness.moderation.screening.normalise import text_normalise

META = json.loads(HEAD_PATH.with_suffix(".json").read_text(encoding="utf-8"))

# Written for this test, not taken from any training or evaluation set.
IMPLICIT = (
    "Immigrants moved into the old mill apartments and now the park is a dump, "
    "funny how that works."
)
CALM = (
    "Welcome to the Muslim family who just moved into the corner house!",
    "The trans support group meets Tuesdays at the library.",
    "Immigrants on our street organised the best block party this year.",
)


def test_artifact_is_small_pickle_free_and_matches_its_record() -> None:
    assert HEAD_PATH.stat().st_size < 6_000_000
    assert hashlib.sha256(HEAD_PATH.read_bytes()).hexdigest() == META["head_sha256"]
    with np.load(HEAD_PATH, allow_pickle=False) as data:
        assert set(data.files) == {"support", "dual", "intercept", "gamma", "threshold"}
        assert all(data[name].dtype != object for name in data.files)
    head = embedding_head_load()
    assert head.threshold == META["threshold"]
    assert 0.3 <= head.threshold < 1.0
    assert head.support.shape == (META["support_vectors"], 384)
    # The threshold was chosen so the head adds few false flags on written cases.
    assert META["out_of_source_added_false_positives"] <= META["added_false_positive_limit"]
    assert META["out_of_source_recall_with_head"] > META["out_of_source_recall_rules_only"]


def test_implicit_derogation_the_rules_miss_is_held_for_review_never_rejected() -> None:
    folded = text_normalise(IMPLICIT).folded
    without = hate_assess(
        folded, probs=hate_model_load().predict(folded), thresholds=hate_thresholds_load()
    )
    assert without.outcome is Outcome.PUBLISH  # the rules alone let it through
    screening = post_screen(text=IMPLICIT)
    assert screening.outcome is Outcome.REVIEW
    assert Reason.HATE_MODEL in screening.reasons
    assert screening.scores["hate_embedding"] >= embedding_head_load().threshold


@pytest.mark.parametrize("text", CALM)
def test_calm_mentions_of_groups_publish(text: str) -> None:
    screening = post_screen(text=text)
    assert screening.outcome is Outcome.PUBLISH
    assert screening.scores["hate_embedding"] < embedding_head_load().threshold


@pytest.mark.parametrize(
    "text",
    [
        "I don't think immigrants are to blame for the break-ins, it was a local kid.",
        'Someone wrote "Muslims are vermin" on the bus stop. That is disgusting.',
        "Somali teens wandering around the apartments. Not sure what they want.",
        "Lost grey cat near the school, answers to Pepper.",
    ],
)
def test_never_asked_about_negation_counter_speech_profiling_or_no_group(text: str) -> None:
    asked: list[str] = []

    def spy(folded: str) -> tuple[float, bool]:
        asked.append(folded)
        return 1.0, True

    folded = text_normalise(text).folded
    result = hate_assess(
        folded,
        probs=hate_model_load().predict(folded),
        thresholds=hate_thresholds_load(),
        embedding=spy,
    )
    assert asked == []
    assert "hate_embedding" not in result.scores


def test_an_asked_head_that_holds_gives_review_with_the_model_reason() -> None:
    folded = text_normalise("Trans people moved in next door.").folded

    def holds(text: str) -> tuple[float, bool]:
        return 0.99, True

    result = hate_assess(
        folded,
        probs=hate_model_load().predict(folded),
        thresholds=hate_thresholds_load(),
        embedding=holds,
    )
    assert result.outcome is Outcome.REVIEW
    assert result.reasons == (Reason.HATE_MODEL,)
    assert result.scores["hate_embedding"] == 0.99


def test_a_hateful_sentence_inside_an_ordinary_post_is_read_on_its_own() -> None:
    text = "Anyone know a good plumber? Also those people are a plague on this street."
    assert embedding_segments(text) == [
        text,
        "Anyone know a good plumber?",
        "Also those people are a plague on this street.",
    ]
    assert embedding_segments("One sentence only") == ["One sentence only"]


@pytest.mark.parametrize(
    "text",
    [
        "old people never have anything worthwhile to say",
        "indigenous families on the east side",
        "the roma at the fair",
        "bisexuals and their parade",
        "christians at the bake sale",
        "sikhs in the new development",
    ],
)
def test_more_groups_count_as_identities(text: str) -> None:
    assert identity_cue_present(text)


@pytest.mark.parametrize(
    ("text", "counter", "experienced"),
    [
        ("honestly trans people make my skin crawl.", False, False),
        ("women have no place in the boardroom; keep them at home.", False, False),
        ("hate has no place in our neighbourhood.", True, True),
        ("someone mocked my accent at the bus stop.", False, True),
    ],
)
def test_disgust_and_exclusion_are_not_read_as_counter_speech(
    text: str, counter: bool, experienced: bool
) -> None:
    assert counter_speech_present(text) is counter
    assert experienced_racism_present(text) is experienced


def test_the_numpy_kernel_reproduces_scikit_learns_decisions() -> None:
    from sklearn.svm import SVC

    from fairwitness.moderation.screening.hate_embedding import EmbeddingHead

    rng = np.random.default_rng(3)
    x = rng.normal(size=(120, 384)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    y = x[:, 0] + 0.3 * x[:, 1] > 0
    svc = SVC(C=3.0, kernel="rbf", gamma="scale", class_weight="balanced").fit(x, y)
    head = EmbeddingHead(
        support=svc.support_vectors_.astype(np.float32),
        dual=svc.dual_coef_.reshape(-1).astype(np.float32),
        intercept=float(svc.intercept_[0]),
        gamma=float(svc._gamma),
        threshold=0.5,
    )
    ours = np.asarray([head.decision(v) for v in x[:20]])
    np.testing.assert_allclose(ours, svc.decision_function(x[:20]), atol=1e-4)
    assert (np.asarray([head.probability(v) for v in x[:20]]) >= 0.5).tolist() == svc.predict(
        x[:20]
    ).tolist()


def test_a_post_of_many_sentences_is_read_in_a_bounded_number_of_runs() -> None:
    text = "The immigrants. " * 300
    segments = embedding_segments(text)
    assert len(segments) == 1 + MAX_SEGMENTS
    assert segments[0] == text
    # Every sentence is still read, in order, in one of the runs.
    assert " ".join(segments[1:]).count("The immigrants.") == 300
    ten = " ".join(f"Sentence {i}." for i in range(MAX_SEGMENTS))
    assert embedding_segments(ten)[1:] == [f"Sentence {i}." for i in range(MAX_SEGMENTS)]
