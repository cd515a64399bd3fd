"""Every vector in the shared merkle-testdata (from transparency-dev/merkle) must agree.

Four folders: RFC 9162 ``inclusion`` and ``consistency``, and the Merkle Tree
Certificates draft's ``subtreeinclusion`` and ``subtreeconsistency``.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from fairwitness.audit.tests.shared_data import MERKLE_TESTDATA, require
from fairwitness.audit.tlog.errors import ProofError
from fairwitness.audit.tlog.merkle import verify_consistency, verify_inclusion
from fairwitness.audit.tlog.subtrees import verify_subtree_consistency, verify_subtree_inclusion


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
SUBTREE_INCLUSION = _vectors("subtreeinclusion")
SUBTREE_CONSISTENCY = _vectors("subtreeconsistency")
KINDS = {
    "inclusion": INCLUSION,
    "consistency": CONSISTENCY,
    "subtreeinclusion": SUBTREE_INCLUSION,
    "subtreeconsistency": SUBTREE_CONSISTENCY,
}


def test_vector_counts_cover_the_whole_corpus() -> None:
    """GIVEN the shared corpus THEN every folder and every vector file in it is tested."""
    folders = {p.name for p in MERKLE_TESTDATA.iterdir() if p.is_dir()}
    assert folders == set(KINDS), f"vector folders without a test: {folders - set(KINDS)}"
    every_file = sorted(MERKLE_TESTDATA.rglob("*.json"))
    assert sorted(p for paths in KINDS.values() for p in paths) == every_file
    assert len(INCLUSION) >= 90
    assert len(CONSISTENCY) >= 90
    assert len(SUBTREE_INCLUSION) >= 200
    assert len(SUBTREE_CONSISTENCY) >= 118


def test_subtree_consistency_vectors_hold_both_verdicts() -> None:
    """GIVEN the subtree consistency folder THEN it has happy paths and attacks alike."""
    verdicts = [_load(p)["wantErr"] for p in SUBTREE_CONSISTENCY]
    assert verdicts.count(False) >= 10
    assert verdicts.count(True) >= 90


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


@pytest.mark.parametrize("path", SUBTREE_CONSISTENCY, ids=_ids(SUBTREE_CONSISTENCY))
def test_subtree_consistency_vector(path: Path) -> None:
    v = _load(path)
    proof = [_b64(p) for p in v["proof"] or []]

    def run() -> None:
        verify_subtree_consistency(
            v["start"], v["end"], v["size"], _b64(v["root1"]), _b64(v["root2"]), proof
        )

    if v["wantErr"]:
        with pytest.raises(ProofError):
            run()
    else:
        run()
