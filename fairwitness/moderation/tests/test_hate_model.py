"""The shipped hate model: small, pickle-free, numpy-only, and documented."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import numpy as np

from fairwitness.moderation.screening.hate_model import (
    MODEL_PATH,
    hate_model_load,
    hate_thresholds_load,
)
from fairwitness.moderation.screening.normalise import text_normalise
from fairwitness.moderation.tests.conftest import REPO

META = json.loads(MODEL_PATH.with_suffix(".json").read_text(encoding="utf-8"))


def test_artifact_is_small_and_matches_its_recorded_hash() -> None:
    assert MODEL_PATH.stat().st_size < 5_000_000
    assert hashlib.sha256(MODEL_PATH.read_bytes()).hexdigest() == META["model_sha256"]
    for key in ("data_sha256", "split_seed", "test_metrics", "review_threshold", "neither_ceiling"):
        assert key in META


def test_artifact_loads_without_pickle() -> None:
    with np.load(MODEL_PATH, allow_pickle=False) as data:
        assert set(data.files) == {"vocabulary", "idf", "coef", "intercept", "classes"}
        assert all(data[name].dtype != object for name in data.files)


def test_inference_does_not_import_scikit_learn() -> None:
    code = (
        "import sys\n"
        "from fairwitness.moderation.screening import post_screen\n"
        "post_screen(text='hello neighbors')\n"
        "assert not any(m.startswith('sklearn') for m in sys.modules), 'sklearn imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


def test_probabilities_are_a_distribution_that_ranks_hate_above_neutral() -> None:
    model = hate_model_load()
    hateful = model.predict(text_normalise("I hate all jews, they are parasites").folded)
    neutral = model.predict(text_normalise("Lost dog near the library, brown lab").folded)
    assert abs(hateful.hate + hateful.offensive + hateful.neither - 1.0) < 1e-9
    assert hateful.hate > 0.5 > neutral.hate
    thresholds = hate_thresholds_load()
    assert hateful.hate >= thresholds.review and hateful.neither <= thresholds.neither_ceiling
    assert neutral.hate < thresholds.review or neutral.neither > thresholds.neither_ceiling
    assert model.predict("").neither > 0.0


def test_recorded_training_data_hash_matches_the_shared_data_set() -> None:
    """The metadata names the exact data the model was trained on (CI has ../shared)."""
    data = REPO / ".." / "shared" / "data" / "davidson-hate-offensive" / "labeled_data.csv"
    assert data.is_file(), f"training data missing at {data}; it must sit beside the repository"
    assert hashlib.sha256(data.read_bytes()).hexdigest() == META["data_sha256"]
