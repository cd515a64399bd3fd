"""The sequencer: integrates pending entries into the tree and signs checkpoints.

One batch is one database transaction holding the ``LogHead`` row lock:

1. read up to ``batch`` pending entries (``index IS NULL``) in id order;
2. compute the new and changed hash tiles from the stored right-edge tiles;
3. assign indexes ``size .. size + n - 1`` to exactly those entries;
4. upsert the tiles and bump ``LogHead.size``;
5. prove the new tree consistent with the latest stored checkpoint (refusing
   to sign otherwise), sign the new checkpoint and store it.

The checkpoint is served from the table, so it is persisted (committed) before
anyone can see it. A crash anywhere before the commit leaves the entries
pending for the next run; a crash after it leaves nothing to redo.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import psycopg
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q

from fairwitness.audit.keys import log_origin, log_signer
from fairwitness.audit.models import AuditEntry, Checkpoint, LogHead
from fairwitness.audit.models import Tile as TileRow
from fairwitness.audit.tlog.checkpoint import Checkpoint as CheckpointText
from fairwitness.audit.tlog.errors import MissingHashError, ProofError
from fairwitness.audit.tlog.merkle import (
    EMPTY_ROOT,
    HASH_SIZE,
    consistency_proof,
    leaf_hash,
    verify_consistency,
)
from fairwitness.audit.tlog.note import note_sign
from fairwitness.audit.tlog.sequencing import root_after_append, tiles_append
from fairwitness.audit.tlog.tiles import Tile, TileHashReader

logger = logging.getLogger(__name__)


class SequencerRefused(RuntimeError):
    """The stored tree does not extend the last signed checkpoint; nothing was signed."""


def stored_tile_read(tile: Tile) -> bytes:
    """A hash tile at ``tile.width``: the prefix of the stored (possibly wider) tile."""
    data = (
        TileRow.objects.filter(level=tile.level, index=tile.index)
        .values_list("data", flat=True)
        .first()
    )
    need = tile.width * HASH_SIZE
    if data is None or len(data) < need:
        raise MissingHashError(f"tile {tile.path} is not stored")
    return bytes(data[:need])


def stored_tiles_read(tiles: Sequence[Tile]) -> dict[Tile, bytes]:
    """Those of the hash tiles that are stored, each at its width, in one query."""
    if not tiles:
        return {}
    match = Q()
    for tile in tiles:
        match |= Q(level=tile.level, index=tile.index)
    rows = {
        (level, index): bytes(data)
        for level, index, data in TileRow.objects.filter(match).values_list(
            "level", "index", "data"
        )
    }
    out: dict[Tile, bytes] = {}
    for tile in tiles:
        data = rows.get((tile.level, tile.index))
        if data is not None and len(data) >= tile.width * HASH_SIZE:
            out[tile] = data[: tile.width * HASH_SIZE]
    return out


def log_sequence(*, batch: int | None = None) -> int:
    """Integrate every pending entry, batch by batch; return how many were integrated."""
    limit = batch or int(settings.AUDIT_SEQUENCER_BATCH)
    total = 0
    while True:
        done = _sequence_batch(limit)
        total += done
        if done < limit:
            return total


def _assign_indexes(ids: list[int], first_index: int) -> None:
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    column = connection.ops.quote_name("index")
    if connection.vendor == "postgresql":
        _assign_indexes_unnest(ids, first_index, table=table, column=column)
        return
    marks = ",".join(["%s"] * len(ids))
    # Exactly the selected rows get consecutive indexes in id order, even if an
    # older transaction commits a lower id meanwhile: it stays pending.
    # Only quoted identifiers and placeholders are interpolated.
    sql = (
        f"UPDATE {table} SET {column} = s.rn + %s FROM ("  # noqa: S608
        f"SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS rn FROM {table} "
        f"WHERE id IN ({marks})) AS s WHERE {table}.id = s.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [first_index, *ids])
        if cursor.rowcount != len(ids):
            raise RuntimeError("pending entries changed while they were being integrated")


def _assign_indexes_unnest(ids: list[int], first_index: int, *, table: str, column: str) -> None:
    """The same update with the ids as one binary array parameter, not one per id."""
    connection.ensure_connection()
    # Only quoted identifiers are interpolated; the ids are one parameter.
    sql = (
        f"UPDATE {table} SET {column} = s.n - 1 + %b FROM "  # noqa: S608
        "unnest(%b::bigint[]) WITH ORDINALITY AS s(id, n) "
        f"WHERE {table}.id = s.id AND {table}.{column} IS NULL"
    )
    # Same connection, so the same transaction; server-side binding sends the array in binary.
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, [first_index, ids])
        if cursor.rowcount != len(ids):
            raise RuntimeError("pending entries changed while they were being integrated")


@transaction.atomic
def _sequence_batch(limit: int) -> int:
    # The migration creates row 1; a flushed test database may not have it.
    LogHead.objects.get_or_create(pk=1)
    head = LogHead.objects.select_for_update().get(pk=1)
    pending = list(
        AuditEntry.objects.filter(index__isnull=True)
        .order_by("id")
        .values_list("id", "leaf")[:limit]
    )
    if not pending:
        if not Checkpoint.objects.exists():
            _checkpoint_sign(size=0, root=EMPTY_ROOT, updated={})
        return 0
    old_size = head.size
    new_size = old_size + len(pending)
    updated = tiles_append(
        old_size=old_size,
        leaf_hashes=[leaf_hash(bytes(leaf)) for _, leaf in pending],
        read_tile=stored_tile_read,
    )
    root = root_after_append(new_size=new_size, updated=updated, read_tile=stored_tile_read)
    _assign_indexes([entry_id for entry_id, _ in pending], old_size)
    TileRow.objects.bulk_create(
        [TileRow(level=t.level, index=t.index, data=data) for t, data in updated.items()],
        update_conflicts=True,
        unique_fields=["level", "index"],
        update_fields=["data"],
    )
    head.size = new_size
    head.save(update_fields=["size"])
    _checkpoint_sign(size=new_size, root=root, updated=updated)
    return len(pending)


def _checkpoint_sign(*, size: int, root: bytes, updated: dict[Tile, bytes]) -> Checkpoint:
    latest = Checkpoint.objects.order_by("-size").first()
    if latest is not None:
        if size < latest.size:
            raise SequencerRefused(f"tree size {size} is below the signed size {latest.size}")

        def fetch(tile: Tile) -> bytes:
            data = updated.get(tile)
            return data if data is not None else stored_tile_read(tile)

        try:
            if latest.size == 0:  # every tree extends the empty one
                return _checkpoint_store(size=size, root=root) if size else latest
            proof = consistency_proof(latest.size, size, TileHashReader(size, fetch))
            verify_consistency(latest.size, size, bytes(latest.root_hash), root, proof)
        except (ProofError, MissingHashError) as exc:
            logger.critical("refusing to sign: the stored tree forks from checkpoint %s", latest)
            raise SequencerRefused(
                f"the stored tree at size {size} is not consistent with the signed checkpoint "
                f"at size {latest.size}: {exc}"
            ) from exc
        if size == latest.size:
            return latest
    return _checkpoint_store(size=size, root=root)


def _checkpoint_store(*, size: int, root: bytes) -> Checkpoint:
    note = note_sign(CheckpointText(log_origin(), size, root).text(), [log_signer()])
    checkpoint = Checkpoint.objects.create(size=size, root_hash=root, note=note)
    from fairwitness.audit.tasks import witnesses_push_soon

    transaction.on_commit(witnesses_push_soon, robust=True)
    return checkpoint
