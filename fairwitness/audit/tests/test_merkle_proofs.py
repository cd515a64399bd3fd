"""Proof generation agrees with verification and with RFC 6962's recursive MTH."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fairwitness.audit.tlog.directory_log import DirectoryLog
from fairwitness.audit.tlog.errors import MissingHashError, ProofError
from fairwitness.audit.tlog.merkle import (
    EMPTY_ROOT,
    NodeId,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    root_from_leaf_hashes,
    subtree_nodes,
    tree_root,
    verify_consistency,
    verify_inclusion,
)
from fairwitness.audit.tlog.tiles import TileHashReader


def mth(leaves: Sequence[bytes]) -> bytes:
    """RFC 6962 section 2.1, literally."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return node_hash(mth(leaves[:k]), mth(leaves[k:]))


LEAVES = [leaf_hash(b"leaf %d" % i) for i in range(70)]


def memory_reader(leaves: Sequence[bytes]):
    def read(nodes: Sequence[NodeId]) -> list[bytes]:
        return [mth(leaves[i << level : (i + 1) << level]) for level, i in nodes]

    return read


def test_root_matches_recursive_definition_for_every_size() -> None:
    for n in range(len(LEAVES) + 1):
        assert root_from_leaf_hashes(LEAVES[:n]) == mth(LEAVES[:n])
        assert tree_root(n, memory_reader(LEAVES)) == mth(LEAVES[:n])
    assert root_from_leaf_hashes([]) == EMPTY_ROOT


def test_subtree_nodes_are_aligned_and_cover_the_range() -> None:
    for lo in range(0, 40):
        for hi in range(lo, 70):
            covered: list[int] = []
            for level, index in subtree_nodes(lo, hi):
                covered.extend(range(index << level, (index + 1) << level))
            assert covered == list(range(lo, hi))


def test_every_inclusion_proof_verifies_and_a_wrong_leaf_fails() -> None:
    read = memory_reader(LEAVES)
    for size in range(1, 40):
        root = mth(LEAVES[:size])
        for index in range(size):
            proof = inclusion_proof(index, size, read)
            verify_inclusion(index, size, LEAVES[index], proof, root)
            with pytest.raises(ProofError):
                verify_inclusion(index, size, LEAVES[(index + 1) % 70], proof, root)


def test_every_consistency_proof_verifies_and_a_fork_fails() -> None:
    read = memory_reader(LEAVES)
    forked = [*LEAVES[:5], leaf_hash(b"rewritten"), *LEAVES[6:]]
    for size in range(1, 40):
        for old in range(1, size + 1):
            proof = consistency_proof(old, size, read)
            verify_consistency(old, size, mth(LEAVES[:old]), mth(LEAVES[:size]), proof)
            if old > 5:
                # The history up to `old` was rewritten: the new tree does not extend it.
                fork_proof = consistency_proof(old, size, memory_reader(forked))
                with pytest.raises(ProofError):
                    verify_consistency(old, size, mth(LEAVES[:old]), mth(forked[:size]), fork_proof)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_proofs_from_tiles_match_memory(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    """GIVEN a tile log built in random batches WHEN proofs are read from tiles THEN they verify."""
    root = Path(tmp_path_factory.mktemp("tiles"))
    log = DirectoryLog(root, "example.test/log")
    entries = [b"entry %d" % i for i in range(700)]
    batches = data.draw(st.lists(st.integers(1, 300), min_size=1, max_size=6))
    pos = 0
    for batch in batches:
        log.append(entries[pos : pos + batch])
        pos += batch
    size = log.size
    leaves = [leaf_hash(e) for e in entries[:size]]
    assert log.checkpoint().root_hash == root_from_leaf_hashes(leaves)
    reader = TileHashReader(size, log.read)
    index = data.draw(st.integers(0, size - 1))
    verify_inclusion(index, size, leaves[index], inclusion_proof(index, size, reader), mth(leaves))
    old = data.draw(st.integers(1, size))
    verify_consistency(
        old, size, mth(leaves[:old]), mth(leaves), consistency_proof(old, size, reader)
    )


def test_tile_reader_reports_missing_tiles(tmp_path: Path) -> None:
    log = DirectoryLog(tmp_path, "example.test/log")
    log.append([b"x"] * 300)
    (tmp_path / "tile" / "1" / "000.p" / "1").unlink()
    with pytest.raises(MissingHashError):
        tree_root(300, TileHashReader(300, log.read))


def test_proof_arguments_are_checked() -> None:
    read = memory_reader(LEAVES)
    with pytest.raises(ValueError):
        inclusion_proof(5, 5, read)
    with pytest.raises(ValueError):
        consistency_proof(6, 5, read)
    assert consistency_proof(0, 5, read) == []
    assert consistency_proof(5, 5, read) == []
