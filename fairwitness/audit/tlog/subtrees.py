"""Subtrees of a Merkle tree: validity, subtree inclusion and subtree consistency proofs.

The definitions follow draft-ietf-plants-merkle-tree-certs ("Merkle Tree
Certificates"), section "Subtrees", which the C2SP tlog-cosignature and
tlog-witness ``sign-subtree`` formats refer to:

- ``[start, end)`` is a *subtree* when ``0 <= start <= end`` and ``start`` is a
  multiple of ``BIT_CEIL(end - start)``. Its hash is MTH(D[start:end]) built over
  those leaves as an independent list. ``[x, x)`` is a valid (empty) subtree.
- A *subtree consistency proof* shows that the subtree hash and the root of a
  tree of ``size`` leaves were built from the same leaves ``D[start:end]``.

A subtree proof uses the same node ids and ``HashReader`` as ``merkle``, so the
sequencer's tiles can serve it.
"""

from __future__ import annotations

from collections.abc import Sequence

from fairwitness.audit.tlog.errors import ProofError
from fairwitness.audit.tlog.merkle import (
    EMPTY_ROOT,
    HASH_SIZE,
    HashReader,
    node_hash,
    range_hashes,
    split_point,
    verify_inclusion,
)

MAX_TREE_SIZE = 1 << 63
"""Positions are uint64 on the wire; larger trees are refused rather than guessed at."""


def subtree_is_valid(start: int, end: int) -> bool:
    """Whether ``[start, end)`` is a subtree: ``start`` is a multiple of BIT_CEIL(end - start)."""
    if not 0 <= start <= end or end > MAX_TREE_SIZE:
        return False
    if start == end:
        return True  # BIT_CEIL(0) is 1, so every empty range [x, x) is a subtree
    return start % (1 << (end - start - 1).bit_length()) == 0


def verify_subtree_inclusion(
    index: int, start: int, end: int, leaf: bytes, proof: Sequence[bytes], root: bytes
) -> None:
    """Raise ProofError unless ``leaf`` at ``index`` is in subtree ``[start, end)`` with ``root``.

    A subtree is itself an RFC 6962 tree over its leaves, so this is an
    ordinary inclusion proof at offset ``index - start``.
    """
    if not subtree_is_valid(start, end):
        raise ProofError(f"[{start}, {end}) is not a valid subtree")
    if not start <= index < end:
        raise ProofError(f"leaf {index} is outside the subtree [{start}, {end})")
    verify_inclusion(index - start, end - start, leaf, proof, root)


def _subtree_consistency_ranges(start: int, end: int, size: int) -> list[tuple[int, int]]:
    """Leaf ranges whose hashes form SUBTREE_PROOF(start, end, D[0:size]), in proof order.

    The draft's recursive SUBTREE_SUBPROOF, unrolled: ``[lo, hi)`` is the node
    being descended into, ``known`` the draft's flag ``b`` (whether the verifier
    already holds the hash the descent ends at). Each step records the sibling
    the verifier needs; the proof lists them deepest first.
    """
    ranges: list[tuple[int, int]] = []
    lo, hi, known = 0, size, True
    while not (start == lo and end == hi):
        k = lo + split_point(hi - lo)
        if end <= k:
            ranges.append((k, hi))
            hi = k
        elif k <= start:
            ranges.append((lo, k))
            lo = k
        else:
            # start < k < end, which for a valid subtree means start == lo: the
            # subtree's right part is a node of the tree the verifier lacks.
            ranges.append((lo, k))
            lo = start = k
            known = False
    if not known:
        ranges.append((lo, hi))
    ranges.reverse()
    return ranges


def subtree_consistency_proof(start: int, end: int, size: int, read: HashReader) -> list[bytes]:
    """SUBTREE_PROOF(start, end, D[0:size]): the subtree ``[start, end)`` is in the tree.

    Reads every stored hash it needs in one batch through ``read``. For
    ``start == 0`` this equals RFC 6962's PROOF(end, D[0:size]); for
    ``end == start + 1`` it equals PATH(start, D[0:size]).
    """
    if not subtree_is_valid(start, end):
        raise ValueError(f"[{start}, {end}) is not a valid subtree")
    if end > size:
        raise ValueError(f"subtree [{start}, {end}) is not inside a tree of size {size}")
    if start == end:
        return []
    return range_hashes(_subtree_consistency_ranges(start, end, size), read)


def verify_subtree_consistency(
    start: int, end: int, size: int, subtree_root: bytes, root: bytes, proof: Sequence[bytes]
) -> None:
    """Raise ProofError unless ``proof`` puts subtree ``[start, end)`` in tree ``(size, root)``.

    The draft's "Verifying a Subtree Consistency Proof", step by step: ``fn``,
    ``sn`` and ``tn`` are the positions of the subtree's first and last leaf and
    of the tree's last leaf, right-shifted as the walk climbs; ``fr`` rebuilds
    the subtree hash and ``sr`` the tree root from the same proof hashes.
    """
    if not subtree_is_valid(start, end):
        raise ProofError(f"[{start}, {end}) is not a valid subtree")
    if end > size:
        raise ProofError(f"subtree [{start}, {end}) ends past the tree size {size}")
    if start == end:
        if proof:
            raise ProofError("the proof for an empty subtree must be empty")
        if subtree_root != EMPTY_ROOT:
            raise ProofError("an empty subtree's hash must be SHA-256 of the empty string")
        return
    if any(len(c) != HASH_SIZE for c in proof):
        raise ProofError("subtree consistency proof element is not a SHA-256 hash")
    fn, sn, tn = start, end - 1, size - 1
    if sn == tn:
        while fn != sn:
            fn, sn, tn = fn >> 1, sn >> 1, tn >> 1
    else:
        while fn != sn and sn & 1:
            fn, sn, tn = fn >> 1, sn >> 1, tn >> 1
    path = list(proof)
    if fn == sn:
        fr = sr = subtree_root
    else:
        if not path:
            raise ProofError("subtree consistency proof is empty")
        fr = sr = path.pop(0)
    for c in path:
        if tn == 0:
            raise ProofError("subtree consistency proof is too long")
        if sn & 1 or sn == tn:
            if fn < sn:
                fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while sn and not sn & 1:
                fn, sn, tn = fn >> 1, sn >> 1, tn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn, tn = fn >> 1, sn >> 1, tn >> 1
    if tn != 0:
        raise ProofError("subtree consistency proof is too short")
    if fr != subtree_root:
        raise ProofError(f"subtree consistency proof does not match the hash of [{start}, {end})")
    if sr != root:
        raise ProofError("subtree consistency proof does not match the tree root")
