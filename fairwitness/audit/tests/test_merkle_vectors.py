"""Every inclusion and consistency vector from transparency-dev/merkle must agree."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from fairwitness.audit.tests.shared_data import MERKLE_TESTDATA, require
from fairwitness.audit.tlog.errors import ProofError
from fairwitness.audit.tlog.merkle import (
    verify_consistency,
    verify_inclusion,
    verify_subtree_inclusion,
)


def _vectors(kind: str) -> list[Path]:
    files = sorted(require(MERKLE_TESTDATA / kind).rglob("*.json"))
    assert files, f"no {kind} vectors found"
    return files


def _b64(value: str) -> bytes:
    return base64.b64decode(value)


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def _ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(MERKLE_TESTDATA)) for p in paths]


INCLUSION = _vectors("inclusion")
CONSISTENCY = _vectors("consistency")


def test_vector_counts_cover_the_whole_corpus() -> None:
    """GIVEN the shared corpus THEN none of its folders is silently skipped."""
    assert len(INCLUSION) >= 90
    assert len(CONSISTENCY) >= 90


@pytest.mark.parametrize("path", INCLUSION, ids=_ids(INCLUSION))
def test_inclusion_vector(path: Path) -> None:
    v = _load(path)
    proof = [_b64(p) for p in v["proof"] or []]

    def run() -> None:
        verify_inclusion(v["leafIdx"], v["treeSize"], _b64(v["leafHash"]), proof, _b64(v["root"]))

    if v["wantErr"]:
        with pytest.raises(ProofError):
            run()
    else:
        run()


@pytest.mark.parametrize("path", CONSISTENCY, ids=_ids(CONSISTENCY))
def test_consistency_vector(path: Path) -> None:
    v = _load(path)
    proof = [_b64(p) for p in v["proof"] or []]

    def run() -> None:
        verify_consistency(v["size1"], v["size2"], _b64(v["root1"]), _b64(v["root2"]), proof)

    if v["wantErr"]:
        with pytest.raises(ProofError):
            run()
    else:
        run()


SUBTREE_INCLUSION = _vectors("subtreeinclusion")


@pytest.mark.parametrize("path", SUBTREE_INCLUSION, ids=_ids(SUBTREE_INCLUSION))
def test_subtree_inclusion_vector(path: Path) -> None:
    v = _load(path)
    proof = [_b64(p) for p in v["proof"] or []]

    def run() -> None:
        verify_subtree_inclusion(
            v["leafIdx"], v["start"], v["end"], _b64(v["leafHash"]), proof, _b64(v["root"])
        )

    if v["wantErr"]:
        with pytest.raises(ProofError):
            run()
    else:
        run()
