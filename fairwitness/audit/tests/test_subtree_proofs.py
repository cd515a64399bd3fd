"""Subtree consistency proofs (Merkle Tree Certificates draft) against brute-force roots."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fairwitness.audit.tests.test_merkle_proofs import LEAVES, memory_reader, mth
from fairwitness.audit.tlog.directory_log import DirectoryLog
from fairwitness.audit.tlog.errors import ProofError
from fairwitness.audit.tlog.merkle import (
    EMPTY_ROOT,
    NodeId,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
)
from fairwitness.audit.tlog.subtrees import (
    subtree_consistency_proof,
    subtree_is_valid,
    verify_subtree_consistency,
)
from fairwitness.audit.tlog.tiles import TileHashReader


def valid_subtrees(size: int) -> list[tuple[int, int]]:
    """Every non-empty subtree [start, end) of a tree of ``size`` leaves, by brute force."""
    out = []
    for start in range(size):
        for end in range(start + 1, size + 1):
            width = 1
            while width < end - start:
                width *= 2
            if start % width == 0:
                out.append((start, end))
    return out


def test_subtree_validity_matches_the_definition() -> None:
    """GIVEN every range up to 70 THEN valid means 'start is a multiple of BIT_CEIL(size)'."""
    for size in range(0, 71):
        found = [
            (s, e) for s in range(size) for e in range(s + 1, size + 1) if subtree_is_valid(s, e)
        ]
        assert found == valid_subtrees(size)
    assert subtree_is_valid(5, 5)  # BIT_CEIL(0) is 1: every empty range is a subtree
    assert not subtree_is_valid(3, 2)
    assert not subtree_is_valid(-1, 0)
    assert not subtree_is_valid(0, (1 << 63) + 1)


def test_every_subtree_proof_verifies_against_brute_force_roots() -> None:
    """GIVEN each subtree of each tree up to 40 leaves WHEN proved THEN the proof verifies."""
    read = memory_reader(LEAVES)
    checked = 0
    for size in range(1, 41):
        root = mth(LEAVES[:size])
        for start, end in valid_subtrees(size):
            proof = subtree_consistency_proof(start, end, size, read)
            verify_subtree_consistency(start, end, size, mth(LEAVES[start:end]), root, proof)
            checked += 1
    assert checked > 500


def test_subtree_proofs_reduce_to_rfc_6962_proofs() -> None:
    """The draft's identities: [0, end) gives PROOF(end, D_n); [i, i+1) gives PATH(i, D_n)."""
    read = memory_reader(LEAVES)
    for size in range(1, 40):
        for end in range(1, size + 1):
            assert subtree_consistency_proof(0, end, size, read) == consistency_proof(
                end, size, read
            )
        for index in range(size):
            assert subtree_consistency_proof(index, index + 1, size, read) == inclusion_proof(
                index, size, read
            )


def test_the_drafts_worked_examples() -> None:
    """[4, 8) and [8, 13) in a tree of 14, as drawn in the draft's figures."""
    read = memory_reader(LEAVES)
    assert subtree_consistency_proof(4, 8, 14, read) == [mth(LEAVES[0:4]), mth(LEAVES[8:14])]
    assert subtree_consistency_proof(8, 13, 14, read) == [
        LEAVES[12],
        LEAVES[13],
        mth(LEAVES[8:12]),
        mth(LEAVES[0:8]),
    ]


def _mutations(proof: Sequence[bytes]) -> list[list[bytes]]:
    """Every single-element change a forger could try: flip, drop, duplicate, pad, swap."""
    out: list[list[bytes]] = []
    for i, h in enumerate(proof):
        out.append([*proof[:i], bytes([h[0] ^ 1]) + h[1:], *proof[i + 1 :]])
        out.append([*proof[:i], *proof[i + 1 :]])
        out.append([*proof[:i], h, h, *proof[i + 1 :]])
    out.append([*proof, proof[-1] if proof else EMPTY_ROOT])
    out.append([EMPTY_ROOT, *proof])
    if len(proof) > 1 and proof[0] != proof[1]:
        out.append([proof[1], proof[0], *proof[2:]])
    return out


def test_every_mutated_proof_fails() -> None:
    """GIVEN a valid proof WHEN any element is changed, dropped, added or moved THEN it fails."""
    read = memory_reader(LEAVES)
    for size in range(1, 34):
        root = mth(LEAVES[:size])
        for start, end in valid_subtrees(size):
            node = mth(LEAVES[start:end])
            proof = subtree_consistency_proof(start, end, size, read)
            for bad in _mutations(proof):
                with pytest.raises(ProofError):
                    verify_subtree_consistency(start, end, size, node, root, bad)


def test_a_rewritten_leaf_fails_on_either_side() -> None:
    """GIVEN a leaf rewritten inside the subtree THEN neither the old nor the new hash passes."""
    read = memory_reader(LEAVES)
    for size in range(2, 34):
        root = mth(LEAVES[:size])
        for start, end in valid_subtrees(size):
            forged = [*LEAVES[:size]]
            forged[start] = leaf_hash(b"rewritten")
            proof = subtree_consistency_proof(start, end, size, read)
            with pytest.raises(ProofError):
                verify_subtree_consistency(start, end, size, mth(forged[start:end]), root, proof)
            forged_proof = subtree_consistency_proof(start, end, size, memory_reader(forged))
            with pytest.raises(ProofError):
                verify_subtree_consistency(
                    start, end, size, mth(LEAVES[start:end]), mth(forged), forged_proof
                )


def test_wrong_positions_fail() -> None:
    """A proof for one subtree or tree size is no proof for another."""
    read = memory_reader(LEAVES)
    proof = subtree_consistency_proof(8, 13, 14, read)
    node, root = mth(LEAVES[8:13]), mth(LEAVES[:14])
    for start, end, size in [(8, 13, 15), (8, 12, 14), (0, 13, 14), (8, 13, 12), (9, 13, 14)]:
        with pytest.raises(ProofError):
            verify_subtree_consistency(start, end, size, node, root, proof)


def test_empty_subtree_rules() -> None:
    """An empty subtree needs an empty proof and the empty hash, whatever the tree's root."""
    verify_subtree_consistency(3, 3, 7, EMPTY_ROOT, mth(LEAVES[:7]), [])
    with pytest.raises(ProofError):
        verify_subtree_consistency(3, 3, 7, LEAVES[0], mth(LEAVES[:7]), [])
    with pytest.raises(ProofError):
        verify_subtree_consistency(3, 3, 7, EMPTY_ROOT, mth(LEAVES[:7]), [LEAVES[0]])
    assert subtree_consistency_proof(3, 3, 7, memory_reader(LEAVES)) == []


def test_generation_refuses_bad_arguments() -> None:
    read = memory_reader(LEAVES)
    with pytest.raises(ValueError):
        subtree_consistency_proof(2, 5, 8, read)
    with pytest.raises(ValueError):
        subtree_consistency_proof(8, 13, 12, read)


def draw_subtree(data: st.DataObject, size: int) -> tuple[int, int]:
    """A random non-empty subtree of a tree of ``size`` leaves, of any width."""
    level = data.draw(st.integers(0, (size - 1).bit_length()), label="level")
    width = 1 << level
    length = data.draw(st.integers(width // 2 + 1, min(width, size)), label="length")
    start = width * data.draw(st.integers(0, (size - length) // width), label="slot")
    assert subtree_is_valid(start, start + length)
    return start, start + length


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_random_subtree_proofs_verify_and_tampering_fails(data: st.DataObject) -> None:
    """GIVEN a random tree and subtree THEN its proof verifies and a flipped bit anywhere fails."""
    size = data.draw(st.integers(1, 300), label="size")
    leaves = [leaf_hash(b"random %d" % i) for i in range(size)]
    start, end = draw_subtree(data, size)
    node, root = mth(leaves[start:end]), mth(leaves)
    proof = subtree_consistency_proof(start, end, size, memory_reader(leaves))
    verify_subtree_consistency(start, end, size, node, root, proof)
    target = data.draw(st.integers(0, len(proof) + 1), label="target")
    bit = data.draw(st.integers(0, 255), label="bit")

    def flip(h: bytes) -> bytes:
        return (int.from_bytes(h, "big") ^ (1 << bit)).to_bytes(32, "big")

    if target < len(proof):
        bad_proof = [*proof]
        bad_proof[target] = flip(proof[target])
        args = (node, root, bad_proof)
    elif target == len(proof):
        args = (flip(node), root, proof)
    else:
        args = (node, flip(root), proof)
    with pytest.raises(ProofError):
        verify_subtree_consistency(start, end, size, *args)


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_subtree_proofs_from_tiles_match_memory(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    """GIVEN a tile log WHEN a subtree proof is read from tiles THEN it equals the in-memory one."""
    log = DirectoryLog(Path(tmp_path_factory.mktemp("tiles")), "example.test/log")
    size = data.draw(st.integers(1, 700), label="size")
    entries = [b"entry %d" % i for i in range(size)]
    log.append(entries)
    leaves = [leaf_hash(e) for e in entries]
    start, end = draw_subtree(data, size)
    reader = TileHashReader(size, log.read)
    proof = subtree_consistency_proof(start, end, size, reader)
    assert proof == subtree_consistency_proof(start, end, size, memory_reader(leaves))
    verify_subtree_consistency(start, end, size, mth(leaves[start:end]), mth(leaves), proof)


def test_proof_reads_its_hashes_in_one_batch() -> None:
    calls: list[Sequence[NodeId]] = []
    read = memory_reader(LEAVES)

    def counting(nodes: Sequence[NodeId]) -> Sequence[bytes]:
        calls.append(nodes)
        return read(nodes)

    subtree_consistency_proof(8, 13, 14, counting)
    assert len(calls) == 1
