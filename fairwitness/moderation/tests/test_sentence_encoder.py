"""The numpy sentence encoder reproduces all-MiniLM-L6-v2 as sentence-transformers runs it."""

from __future__ import annotations

import socket

import numpy as np
import pytest

from fairwitness.moderation.screening.sentence_encoder import (
    MAX_TOKENS,
    EncoderUnavailable,
    sentence_encoder_load,
)

# Computed once with sentence-transformers 6.2 on PyTorch 2.13 (CPU) from the same
# wheel, normalize_embeddings=True: the first six of 384 numbers, and the cosine.
REFERENCE = {
    "Has anyone seen a grey cat near Elm Street park?": [
        0.078747,
        0.039318,
        0.067217,
        0.024968,
        -0.06497,
        -0.014672,
    ],
    "The new bakery on Main Street opens on Saturday.": [
        0.067727,
        -0.076718,
        -0.006875,
        -0.03838,
        -0.07144,
        0.043666,
    ],
}
REFERENCE_COSINE = 0.20198077


def test_matches_the_reference_implementation() -> None:
    encoder = sentence_encoder_load()
    vectors = [encoder.encode(text) for text in REFERENCE]
    for vector, expected in zip(vectors, REFERENCE.values(), strict=True):
        assert vector.shape == (384,)
        assert vector.dtype == np.float32
        np.testing.assert_allclose(vector[:6], expected, atol=2e-6)
        assert float(np.linalg.norm(vector)) == pytest.approx(1.0, abs=1e-5)
    assert float(vectors[0] @ vectors[1]) == pytest.approx(REFERENCE_COSINE, abs=1e-5)


def test_similar_sentences_are_closer_than_unrelated_ones() -> None:
    encoder = sentence_encoder_load()
    cat = encoder.encode("My cat went missing near the park")
    lost = encoder.encode("Lost kitten seen by the playground")
    bakery = encoder.encode("The council approved the new budget")
    assert float(cat @ lost) > float(cat @ bakery) + 0.2


def test_long_and_odd_input_is_truncated_not_an_error() -> None:
    encoder = sentence_encoder_load()
    for text in ("", "word " * 5000, "\u202e\u0000 😀 café", "<script>alert(1)</script>"):
        vector = encoder.encode(text)
        assert vector.shape == (384,)
        assert np.isfinite(vector).all()
    assert MAX_TOKENS == 256


@pytest.mark.usefixtures("no_network")
def test_loads_and_encodes_with_sockets_blocked() -> None:
    sentence_encoder_load.cache_clear()
    with pytest.raises(AssertionError):
        socket.socket()
    assert sentence_encoder_load().encode("hello neighbours").shape == (384,)


def test_a_missing_model_fails_the_system_check(monkeypatch: pytest.MonkeyPatch) -> None:
    from fairwitness.moderation import checks

    assert checks.sentence_model_check() == []

    def missing() -> None:
        raise EncoderUnavailable("the sentence model is not installed")

    monkeypatch.setattr(checks, "model_dir", missing)
    errors = checks.sentence_model_check()
    assert [e.id for e in errors] == ["moderation.E001"]
    assert "not installed" in errors[0].msg
