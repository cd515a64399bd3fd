"""Incremental tile and bundle updates for a log sequencer.

A sequencer integrating a batch calls ``tiles_append`` with the leaf hashes of
the new entries. Only the right-edge partial tile of each level is read; every
leaf is hashed once into level 0 and each completed tile costs 255 node hashes
into the level above, so integration is O(batch), never O(tree).

The returned mapping holds every tile whose content is new at the new size:
completed full tiles (immutable from now on) and the new partial tiles. A
caller persists all of them in one transaction before it signs a checkpoint.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from fairwitness.audit.tlog.bundles import bundle_decode, bundle_encode
from fairwitness.audit.tlog.merkle import HASH_SIZE, tree_root
from fairwitness.audit.tlog.tiles import (
    ENTRIES_LEVEL,
    FULL_TILE_BYTES,
    TILE_WIDTH,
    Tile,
    TileFetcher,
    TileHashReader,
    level_count,
    tile_hashes,
    tile_root,
)

TileReader = Callable[[Tile], bytes]


def tiles_append(
    *, old_size: int, leaf_hashes: Sequence[bytes], read_tile: TileReader
) -> dict[Tile, bytes]:
    """New and changed hash tiles after appending ``leaf_hashes`` to a tree of ``old_size``.

    ``read_tile`` must return the stored content of the partial tiles of the
    tree at ``old_size`` (it is never asked for anything else).
    """
    if any(len(h) != HASH_SIZE for h in leaf_hashes):
        raise ValueError("leaf hashes must be 32 bytes")
    out: dict[Tile, bytes] = {}
    new_hashes = list(leaf_hashes)
    level = 0
    while new_hashes:
        old_count = level_count(old_size, level)
        first_tile, width = divmod(old_count, TILE_WIDTH)
        existing = b""
        if width:
            tile = Tile(level, first_tile, width)
            existing = read_tile(tile)
            tile_hashes(existing, tile)  # validates the stored length
        data = existing + b"".join(new_hashes)
        completed: list[bytes] = []
        for n, offset in enumerate(range(0, len(data), FULL_TILE_BYTES)):
            chunk = data[offset : offset + FULL_TILE_BYTES]
            tile = Tile(level, first_tile + n, len(chunk) // HASH_SIZE)
            out[tile] = chunk
            if tile.is_full:
                completed.append(tile_root(tile_hashes(chunk, tile)))
        new_hashes = completed
        level += 1
    return out


def bundles_append(
    *, old_size: int, entries: Sequence[bytes], read_bundle: TileReader
) -> dict[Tile, bytes]:
    """New and changed entry bundles after appending ``entries`` to a log of ``old_size``."""
    first, width = divmod(old_size, TILE_WIDTH)
    pending: list[bytes] = []
    if width:
        pending = bundle_decode(read_bundle(Tile(ENTRIES_LEVEL, first, width)), width)
    pending.extend(entries)
    out: dict[Tile, bytes] = {}
    for n, offset in enumerate(range(0, len(pending), TILE_WIDTH)):
        chunk = pending[offset : offset + TILE_WIDTH]
        out[Tile(ENTRIES_LEVEL, first + n, len(chunk))] = bundle_encode(chunk)
    return out


def root_after_append(
    *, new_size: int, updated: dict[Tile, bytes], read_tile: TileFetcher
) -> bytes:
    """Root hash at ``new_size``, reading ``updated`` tiles first, then stored ones."""

    def fetch(tile: Tile) -> bytes:
        data = updated.get(tile)
        return data if data is not None else read_tile(tile)

    return tree_root(new_size, TileHashReader(new_size, fetch))
