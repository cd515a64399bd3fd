"""Proofs read all the tiles they need in one batch: the same proofs, fewer round trips."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fairwitness.audit.models import Checkpoint
from fairwitness.audit.selectors import inclusion_proof_read
from fairwitness.audit.sequencer import log_sequence
from fairwitness.audit.services import AuditEventRecord, audit_record_many
from fairwitness.audit.subjects import Subject
from fairwitness.audit.tests.factories import SampleEvent
from fairwitness.audit.tlog.errors import MissingHashError
from fairwitness.audit.tlog.merkle import (
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    verify_inclusion,
)
from fairwitness.audit.tlog.sequencing import root_after_append, tiles_append
from fairwitness.audit.tlog.tiles import Tile, TileHashReader

SIZE = 70_000  # three tile levels, with a partial tile on each


class StoredTiles:
    """Tiles kept as the database keeps them (newest width), counting every read."""

    def __init__(self, size: int) -> None:
        hashes = [leaf_hash(b"entry %d" % n) for n in range(size)]
        self.leaves = hashes
        self.data = {
            (t.level, t.index): d
            for t, d in tiles_append(old_size=0, leaf_hashes=hashes, read_tile=self.one).items()
        }
        self.single: list[Tile] = []
        self.batches: list[list[Tile]] = []

    def one(self, tile: Tile) -> bytes:
        self.single.append(tile)
        data = self.data.get((tile.level, tile.index), b"")
        if len(data) < tile.width * 32:
            raise MissingHashError(tile.path)
        return data[: tile.width * 32]

    def many(self, tiles: Sequence[Tile]) -> dict[Tile, bytes]:
        self.batches.append(list(tiles))
        return {t: self.data[(t.level, t.index)][: t.width * 32] for t in tiles}


@pytest.fixture(scope="module")
def stored() -> StoredTiles:
    return StoredTiles(SIZE)


@pytest.mark.parametrize("index", [0, 255, 256, 65_535, 65_536, 69_999])
def test_batched_reader_gives_the_same_inclusion_proof_with_one_batch(
    stored: StoredTiles, index: int
) -> None:
    stored.single.clear()
    stored.batches.clear()
    plain = inclusion_proof(index, SIZE, TileHashReader(SIZE, stored.one))
    assert len(stored.single) >= 2
    stored.single.clear()
    batched = inclusion_proof(index, SIZE, TileHashReader(SIZE, stored.one, stored.many))
    assert batched == plain
    assert stored.single == [] and len(stored.batches) == 1
    root = root_after_append(
        new_size=SIZE,
        updated=tiles_append(old_size=0, leaf_hashes=stored.leaves, read_tile=stored.one),
        read_tile=stored.one,
    )
    verify_inclusion(index, SIZE, stored.leaves[index], batched, root)


def test_tiles_missing_from_a_batch_are_read_one_by_one(stored: StoredTiles) -> None:
    """GIVEN a batch fetcher that has nothing WHEN a proof is built THEN single reads fill in."""
    expected = consistency_proof(1000, SIZE, TileHashReader(SIZE, stored.one))
    stored.single.clear()
    proof = consistency_proof(1000, SIZE, TileHashReader(SIZE, stored.one, lambda tiles: {}))
    assert proof == expected and stored.single


@pytest.mark.django_db
def test_an_inclusion_proof_costs_three_queries_whatever_the_tiles_it_reads() -> None:
    """GIVEN a 600-entry log (partial tiles on two levels) WHEN proving any entry THEN one
    query reads the checkpoint, one the entry and one all the tiles."""
    for start in (0, 300):
        audit_record_many(
            records=[
                AuditEventRecord(
                    event=SampleEvent.CLIP_VIEWED,
                    actor=None,
                    subject=[Subject("clip", n)],
                    public={},
                    private={},
                )
                for n in range(start, start + 300)
            ]
        )
        log_sequence()
    checkpoint = Checkpoint.objects.get(size=600)
    for index in (0, 300, 599):
        with CaptureQueriesContext(connection) as queries:
            proof = inclusion_proof_read(index=index)
        assert len(queries) == 3, [q["sql"] for q in queries]
        verify_inclusion(index, 600, proof.leaf_hash, proof.path, bytes(checkpoint.root_hash))
