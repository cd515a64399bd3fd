"""The verification procedure, step by step.

Order (each step raises a ``TlogError`` subclass on failure):

1. fetch the checkpoint and verify the log signature (``SignatureError``);
2. count valid witness cosignatures against the threshold (``SignatureError``);
3. recompute the root from the right-edge tiles (``RootMismatch``);
4. prove consistency with the last accepted checkpoint (``ProofError``: fork
   or rollback);
5. with ``full``: fetch every entry bundle and every tile, recompute all of
   them from the entries, and compare (``RootMismatch``);
6. with ``prove_index``: prove that entry's inclusion (``ProofError``);
7. only then store the checkpoint as the new "last seen".
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from fairwitness.audit.tlog.bundles import bundle_decode
from fairwitness.audit.tlog.checkpoint import Checkpoint, SignedCheckpoint, checkpoint_open
from fairwitness.audit.tlog.errors import (
    MissingHashError,
    ProofError,
    SignatureError,
    TlogError,
)
from fairwitness.audit.tlog.merkle import (
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    tree_root,
    verify_consistency,
    verify_inclusion,
)
from fairwitness.audit.tlog.note import NoteVerifier
from fairwitness.audit.tlog.proof import TlogProof
from fairwitness.audit.tlog.sequencing import root_after_append, tiles_append
from fairwitness.audit.tlog.tiles import (
    ENTRIES_LEVEL,
    TILE_WIDTH,
    Tile,
    TileHashReader,
    bundles_for_size,
    tile_at,
    tiles_for_size,
)
from fairwitness.audit.verifier.fetch import LogClient
from fairwitness.audit.verifier.state import VerifierState

FETCH_THREADS = 8


class RootMismatch(TlogError):
    """Served tiles or entries do not hash to the signed root."""


@dataclass(frozen=True)
class VerifyReport:
    checkpoint: Checkpoint
    previous_size: int | None
    witnesses: int
    entries_checked: int
    proof: TlogProof | None


def witness_count(signed: SignedCheckpoint, witnesses: Sequence[NoteVerifier]) -> int:
    """Number of distinct configured witnesses whose cosignature verifies.

    A signature matching a configured witness's name and key ID that fails to
    verify is an error, per signed-note; unknown signatures are ignored.
    """
    raw = signed.note.text.encode()
    known = {(w.name, w.key_id): w for w in witnesses}
    good: set[tuple[str, int]] = set()
    for sig in signed.note.signatures:
        witness = known.get((sig.name, sig.key_id))
        if witness is None:
            continue
        if not witness.verify(raw, sig.signature):
            raise SignatureError(f"cosignature by witness {sig.name} does not verify")
        good.add((sig.name, sig.key_id))
    return len(good)


def checkpoint_consistency_check(
    previous: Checkpoint, current: Checkpoint, reader: TileHashReader
) -> None:
    """ProofError unless ``current`` extends ``previous`` (no fork, no rollback)."""
    if previous.size > current.size:
        raise ProofError(
            f"log rolled back from size {previous.size} to {current.size}: possible fork"
        )
    if previous.size == 0:
        return
    proof = consistency_proof(previous.size, current.size, reader)
    try:
        verify_consistency(
            previous.size, current.size, previous.root_hash, current.root_hash, proof
        )
    except ProofError as exc:
        raise ProofError(
            f"checkpoint {current.size} is inconsistent with the earlier checkpoint "
            f"{previous.size} (fork or rewritten history): {exc}"
        ) from exc


def _fetch_all(client: LogClient, tiles: Sequence[Tile]) -> list[bytes]:
    with ThreadPoolExecutor(FETCH_THREADS) as pool:
        return list(pool.map(client.tile, tiles))


def _check_full(client: LogClient, checkpoint: Checkpoint) -> int:
    """Recompute every tile and the root from the entries; return the entry count."""
    size = checkpoint.size
    bundles = bundles_for_size(size)
    leaves: list[bytes] = []
    for tile, data in zip(bundles, _fetch_all(client, bundles), strict=True):
        leaves.extend(leaf_hash(entry) for entry in bundle_decode(data, tile.width))
    expected = tiles_append(old_size=0, leaf_hashes=leaves, read_tile=client.tile)
    root = root_after_append(new_size=size, updated=expected, read_tile=client.tile)
    if root != checkpoint.root_hash:
        raise RootMismatch("the entries do not hash to the checkpoint's root hash")
    served = tiles_for_size(size)
    for tile, data in zip(served, _fetch_all(client, served), strict=True):
        if expected.get(tile) != data:
            raise RootMismatch(f"tile {tile.path} does not match the tile computed from entries")
    return size


def _prove(
    client: LogClient, signed: SignedCheckpoint, reader: TileHashReader, index: int
) -> TlogProof:
    checkpoint = signed.checkpoint
    if not 0 <= index < checkpoint.size:
        raise ProofError(f"entry {index} is not in the log of size {checkpoint.size}")
    bundle = tile_at(ENTRIES_LEVEL, index // TILE_WIDTH, checkpoint.size)
    try:
        entries = bundle_decode(client.tile(bundle), bundle.width)
    except MissingHashError:
        if bundle.is_full:
            raise
        full = Tile(ENTRIES_LEVEL, bundle.index)
        entries = bundle_decode(client.tile(full), TILE_WIDTH)
    leaf = leaf_hash(entries[index % TILE_WIDTH])
    path = inclusion_proof(index, checkpoint.size, reader)
    verify_inclusion(index, checkpoint.size, leaf, path, checkpoint.root_hash)
    return TlogProof(index, tuple(path), signed.note.format())


def log_verify(
    *,
    client: LogClient,
    log_keys: Sequence[NoteVerifier],
    origin: str,
    state_dir: Path,
    witnesses: Sequence[NoteVerifier] = (),
    witness_threshold: int = 0,
    full: bool = False,
    prove_index: int | None = None,
) -> VerifyReport:
    """Run every check; store the checkpoint only if all pass. Raises TlogError."""
    note_text = client.checkpoint()
    signed = checkpoint_open(note_text, log_keys, origin=origin)
    count = witness_count(signed, witnesses)
    if count < witness_threshold:
        raise SignatureError(
            f"only {count} of the required {witness_threshold} witness cosignatures verify"
        )
    checkpoint = signed.checkpoint
    reader = TileHashReader(checkpoint.size, client.tile)
    if tree_root(checkpoint.size, reader) != checkpoint.root_hash:
        raise RootMismatch("the served tiles do not hash to the checkpoint's root hash")
    state = VerifierState(state_dir)
    previous = state.load(list(log_keys), origin)
    if previous is not None:
        checkpoint_consistency_check(previous, checkpoint, reader)
    checked = _check_full(client, checkpoint) if full else 0
    proof = _prove(client, signed, reader, prove_index) if prove_index is not None else None
    state.save(signed.note.format())
    return VerifyReport(checkpoint, previous.size if previous else None, count, checked, proof)
