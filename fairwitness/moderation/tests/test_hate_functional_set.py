"""The functional evaluation set stays apart from the training templates.

``benchmarks/data/hate_functional.jsonl`` is scored by the benchmark as data
the model never trained on; that claim holds only while no evaluation
sentence, and no evaluation sentence frame, comes from
``scripts/hate_synthetic.py``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from fairwitness.moderation.screening.normalise import text_normalise
from fairwitness.moderation.tests.conftest import REPO
from scripts import hate_synthetic

FUNCTIONAL = REPO / "benchmarks" / "data" / "hate_functional.jsonl"
WRITTEN_BLIND = [
    REPO / "benchmarks" / "data" / name
    for name in (
        "hate_functional_fresh.jsonl",
        "hate_functional_blind2.jsonl",
        "hate_functional_blind3.jsonl",
        "hate_functional_blind4.jsonl",
    )
]
SETS = pytest.mark.parametrize("path", [FUNCTIONAL, *WRITTEN_BLIND], ids=lambda p: p.stem)
_PUNCT = re.compile(r"[^a-z{} ]+")


def _cases(path: Path = FUNCTIONAL) -> list[dict[str, str | None]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def _frame(text: str, group: str | None) -> str:
    text = text.lower()
    if group:
        text = text.replace(group, "{g}")
    return " ".join(_PUNCT.sub(" ", text).split())


def test_functional_set_is_balanced_enough_to_mean_something() -> None:
    cases = _cases()
    labels = {case["label"] for case in cases}
    assert labels == {"hateful", "non_hateful"}
    functionalities = {case["functionality"] for case in cases}
    for needed in (
        "slur",
        "dehumanisation",
        "direct_threat",
        "negated_hate",
        "counter_quote",
        "neutral_identity",
        "reclaimed_slur",
        "spelling_leet",
    ):
        assert needed in functionalities
    assert len({case["id"] for case in cases}) == len(cases)


@SETS
def test_no_evaluation_sentence_is_a_training_sentence(path: Path) -> None:
    training = {
        text_normalise(text).folded
        for part in ("train", "validation")
        for text, _ in hate_synthetic.synthetic_examples(seed=1, part=part, with_hate=True)
    }
    overlap = [c["text"] for c in _cases(path) if text_normalise(str(c["text"])).folded in training]
    assert overlap == []


@SETS
def test_no_evaluation_frame_is_a_training_frame(path: Path) -> None:
    frames = {
        _frame(frame, None)
        for name in dir(hate_synthetic)
        if name.endswith(("_FRAMES", "_SENTENCES"))
        for frame in getattr(hate_synthetic, name)
    }
    shared = [c["text"] for c in _cases(path) if _frame(str(c["text"]), c["target"]) in frames]
    assert shared == []


@pytest.mark.parametrize("path", WRITTEN_BLIND, ids=lambda p: p.stem)
def test_blind_written_sets_are_well_formed_and_cover_both_labels(path: Path) -> None:
    cases = _cases(path)
    assert len(cases) >= 250
    assert len({case["id"] for case in cases}) == len(cases)
    assert {case["label"] for case in cases} == {"hateful", "non_hateful"}
    functionalities = {str(case["functionality"]) for case in cases}
    assert len(functionalities) >= 20
    assert any("counter" in f for f in functionalities)
