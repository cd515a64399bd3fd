"""RFC 6962 / RFC 9162 Merkle tree hashing, proof generation and verification.

Node naming: a *complete subtree* is identified by ``(level, index)``; it
covers leaves ``[index * 2**level, (index + 1) * 2**level)``. Level 0 nodes are
leaf hashes. Only complete subtrees are ever stored; every other hash (roots of
ragged trees, proof elements on the right edge) is folded from them.

Proof generation never touches the whole tree: it asks a ``HashReader`` for the
few complete subtrees it needs, in one batch, so a database or a tile store can
serve a proof in a 1M-entry log with about 2*log2(n) stored hashes.

Subtrees in the sense of Merkle Tree Certificates (and their proofs) are in
``subtrees``, built on ``split_point`` and ``range_hashes`` from here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

from fairwitness.audit.tlog.errors import ProofError

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()

NodeId = tuple[int, int]
"""``(level, index)`` of a complete subtree."""

HashReader = Callable[[Sequence[NodeId]], Sequence[bytes]]
"""Returns the stored hashes of the given complete subtrees, in the same order.

Implementations raise ``MissingHashError`` when a hash is not available.
"""


def leaf_hash(entry: bytes) -> bytes:
    """SHA-256(0x00 || entry)."""
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """SHA-256(0x01 || left || right)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def subtree_nodes(lo: int, hi: int) -> list[NodeId]:
    """Decompose the leaf range ``[lo, hi)`` into maximal complete subtrees, left to right.

    For ``lo == 0`` this is the "right border" of a tree of size ``hi``: one node
    per set bit of ``hi``, largest first. Folding their hashes right to left with
    ``node_hash`` gives MTH(D[lo:hi]) whenever ``[lo, hi)`` is a range RFC 6962
    itself splits off (which is the case for every range proofs use).
    """
    if not 0 <= lo <= hi:
        raise ValueError(f"invalid range [{lo}, {hi})")
    nodes: list[NodeId] = []
    while lo < hi:
        # The largest aligned power of two starting at lo that fits in [lo, hi).
        level = (lo & -lo).bit_length() - 1 if lo else (hi - lo).bit_length() - 1
        while (1 << level) > hi - lo:
            level -= 1
        nodes.append((level, lo >> level))
        lo += 1 << level
    return nodes


def fold_right(hashes: Sequence[bytes]) -> bytes:
    """Fold subtree hashes (left to right order) into one root, from the right.

    Precondition: ``hashes`` are the ``subtree_nodes`` of a range, in order.
    """
    if not hashes:
        return EMPTY_ROOT
    acc = hashes[-1]
    for h in reversed(hashes[:-1]):
        acc = node_hash(h, acc)
    return acc


def root_from_leaf_hashes(leaves: Sequence[bytes]) -> bytes:
    """MTH of the given leaf hashes, computed bottom-up in O(n) hashes."""
    if not leaves:
        return EMPTY_ROOT
    level = list(leaves)
    while len(level) > 1:
        nxt = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])
        level = nxt
    return level[0]


def split_point(n: int) -> int:
    """Largest power of two strictly less than ``n`` (RFC 6962's k), for n >= 2."""
    return 1 << ((n - 1).bit_length() - 1)


def _inclusion_ranges(index: int, lo: int, hi: int) -> list[tuple[int, int]]:
    """Leaf ranges whose hashes form PATH(index, D[lo:hi]), leaf sibling first."""
    ranges: list[tuple[int, int]] = []
    while hi - lo > 1:
        k = split_point(hi - lo)
        if index < lo + k:
            ranges.append((lo + k, hi))
            hi = lo + k
        else:
            ranges.append((lo, lo + k))
            lo = lo + k
    ranges.reverse()
    return ranges


def _consistency_ranges(m: int, n: int) -> list[tuple[int, int]]:
    """Leaf ranges whose hashes form PROOF(m, D[0:n]) per RFC 6962 section 2.1.2."""
    ranges: list[tuple[int, int]] = []
    lo, hi, complete = 0, n, True
    while True:
        size = hi - lo
        if m - lo == size:
            if not complete:
                ranges.append((lo, hi))
            break
        k = split_point(size)
        if m - lo <= k:
            ranges.append((lo + k, hi))
            hi = lo + k
        else:
            ranges.append((lo, lo + k))
            lo, complete = lo + k, False
    ranges.reverse()
    return ranges


def range_hashes(ranges: Sequence[tuple[int, int]], read: HashReader) -> list[bytes]:
    """MTH of each range, reading all needed complete subtrees in one batch."""
    per_range = [subtree_nodes(lo, hi) for lo, hi in ranges]
    wanted = [node for nodes in per_range for node in nodes]
    stored = read(wanted) if wanted else []
    if len(stored) != len(wanted):
        raise ValueError("hash reader returned the wrong number of hashes")
    out: list[bytes] = []
    pos = 0
    for nodes in per_range:
        out.append(fold_right(stored[pos : pos + len(nodes)]))
        pos += len(nodes)
    return out


def tree_root(size: int, read: HashReader) -> bytes:
    """MTH(D[0:size]) from the stored complete subtrees of the right border."""
    return range_hashes([(0, size)], read)[0] if size else EMPTY_ROOT


def inclusion_proof(index: int, size: int, read: HashReader) -> list[bytes]:
    """The RFC 6962 audit path for leaf ``index`` in the tree of ``size`` leaves."""
    if not 0 <= index < size:
        raise ValueError(f"leaf index {index} is outside a tree of size {size}")
    return range_hashes(_inclusion_ranges(index, 0, size), read)


def consistency_proof(old_size: int, size: int, read: HashReader) -> list[bytes]:
    """The RFC 6962 consistency proof from ``old_size`` to ``size`` (empty if equal or 0)."""
    if not 0 <= old_size <= size:
        raise ValueError(f"cannot prove consistency from size {old_size} to {size}")
    if old_size in (0, size):
        return []
    return range_hashes(_consistency_ranges(old_size, size), read)


def root_from_inclusion_proof(index: int, size: int, leaf: bytes, proof: Sequence[bytes]) -> bytes:
    """The root implied by an audit path (RFC 9162 section 2.1.3.2); raises ProofError."""
    if not 0 <= index < size:
        raise ProofError(f"leaf index {index} is outside a tree of size {size}")
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if len(p) != HASH_SIZE:
            raise ProofError("inclusion proof element is not a SHA-256 hash")
        if sn == 0:
            raise ProofError("inclusion proof is too long")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("inclusion proof is too short")
    return r


def verify_inclusion(
    index: int, size: int, leaf: bytes, proof: Sequence[bytes], root: bytes
) -> None:
    """Raise ProofError unless ``proof`` shows leaf hash ``leaf`` at ``index`` under ``root``."""
    if len(leaf) != HASH_SIZE or len(root) != HASH_SIZE:
        raise ProofError("leaf hash and root must be SHA-256 hashes")
    if root_from_inclusion_proof(index, size, leaf, proof) != root:
        raise ProofError(f"inclusion proof for leaf {index} does not match the root")


def verify_consistency(
    old_size: int, size: int, old_root: bytes, root: bytes, proof: Sequence[bytes]
) -> None:
    """Raise ProofError unless the tree ``(size, root)`` extends ``(old_size, old_root)``.

    Follows RFC 9162 section 2.1.4.2. A proof from the empty tree is rejected
    (it proves nothing); callers that accept "old size 0" handle it themselves,
    as the witness protocol does.
    """
    if old_size > size:
        raise ProofError(f"old size {old_size} is larger than new size {size}")
    if old_size == 0:
        raise ProofError("a consistency proof from the empty tree proves nothing")
    if old_size == size:
        if proof:
            raise ProofError("consistency proof between equal sizes must be empty")
        if old_root != root:
            raise ProofError("same tree size but different root hashes: the log forked")
        return
    if not proof:
        raise ProofError("consistency proof is empty")
    if any(len(p) != HASH_SIZE for p in proof):
        raise ProofError("consistency proof element is not a SHA-256 hash")
    path = list(proof)
    if old_size & (old_size - 1) == 0:
        path.insert(0, old_root)
    fn, sn = old_size - 1, size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("consistency proof is too long")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("consistency proof is too short")
    if fr != old_root:
        raise ProofError("consistency proof does not match the old root")
    if sr != root:
        raise ProofError("consistency proof does not match the new root")
