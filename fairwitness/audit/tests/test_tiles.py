"""C2SP tlog-tiles paths, tile sets, entry bundles and incremental tile building."""

from __future__ import annotations

import pytest

from fairwitness.audit.tlog.bundles import bundle_decode, bundle_encode
from fairwitness.audit.tlog.errors import FormatError
from fairwitness.audit.tlog.merkle import leaf_hash, root_from_leaf_hashes
from fairwitness.audit.tlog.sequencing import bundles_append, root_after_append, tiles_append
from fairwitness.audit.tlog.tiles import (
    ENTRIES_LEVEL,
    Tile,
    bundles_for_size,
    index_path,
    tile_from_path,
    tiles_for_size,
)


def test_index_path_matches_spec_example() -> None:
    assert index_path(1234067) == "x001/x234/067"
    assert index_path(0) == "000"
    assert index_path(1000) == "x001/000"


@pytest.mark.parametrize(
    "tile",
    [Tile(0, 0), Tile(3, 1234067, 17), Tile(ENTRIES_LEVEL, 5), Tile(ENTRIES_LEVEL, 1000, 255)],
)
def test_tile_paths_round_trip(tile: Tile) -> None:
    assert tile_from_path(tile.path) == tile


@pytest.mark.parametrize(
    "path",
    [
        "tile/0/x000/001",
        "tile/00/001",
        "tile/64/001",
        "tile/0/1",
        "tile/0/001.p/256",
        "tile/0/001.p/0",
        "tile/0/001.p/07",
        "tile/data/001",
        "tile/0/001/",
    ],
)
def test_non_canonical_tile_paths_are_rejected(path: str) -> None:
    with pytest.raises(FormatError):
        tile_from_path(path)


def test_tiles_for_size_matches_spec_examples() -> None:
    tiles = tiles_for_size(70_000)
    level0 = [t for t in tiles if t.level == 0]
    assert sum(t.is_full for t in level0) == 273
    assert [t.width for t in level0 if not t.is_full] == [112]
    assert [(t.level, t.width) for t in tiles if t.level > 0] == [(1, 256), (1, 17), (2, 1)]
    assert tiles_for_size(256) == [Tile(0, 0), Tile(1, 0, 1)]
    assert tiles_for_size(0) == []
    assert bundles_for_size(513) == [Tile(-1, 0), Tile(-1, 1), Tile(-1, 2, 1)]


def test_bundles_round_trip_and_reject_truncation() -> None:
    entries = [b"", b"a", b"x" * 65535]
    data = bundle_encode(entries)
    assert data[:2] == b"\x00\x00" and data[2:5] == b"\x00\x01a"
    assert bundle_decode(data, 3) == entries
    with pytest.raises(FormatError):
        bundle_decode(data[:-1])
    with pytest.raises(FormatError):
        bundle_decode(data, 2)
    with pytest.raises(ValueError):
        bundle_encode([b"x" * 65536])


def test_incremental_tiles_equal_one_shot_tiles() -> None:
    """GIVEN batches of odd sizes WHEN appended one by one THEN tiles match a single append."""
    leaves = [leaf_hash(b"%d" % i) for i in range(66_000)]
    store: dict[Tile, bytes] = {}
    size = 0
    for batch in (1, 254, 1, 300, 65_280, 164):
        store.update(
            tiles_append(
                old_size=size, leaf_hashes=leaves[size : size + batch], read_tile=store.__getitem__
            )
        )
        size += batch
    assert size == len(leaves)
    one_shot = tiles_append(old_size=0, leaf_hashes=leaves, read_tile=store.__getitem__)
    for tile, data in one_shot.items():
        assert store[tile] == data
    assert root_after_append(new_size=size, updated={}, read_tile=store.__getitem__) == (
        root_from_leaf_hashes(leaves)
    )


def test_bundles_append_extends_the_partial_bundle() -> None:
    store: dict[Tile, bytes] = {}
    store.update(bundles_append(old_size=0, entries=[b"a"] * 200, read_bundle=store.__getitem__))
    update = bundles_append(old_size=200, entries=[b"b"] * 100, read_bundle=store.__getitem__)
    assert set(update) == {Tile(ENTRIES_LEVEL, 0), Tile(ENTRIES_LEVEL, 1, 44)}
    assert bundle_decode(update[Tile(ENTRIES_LEVEL, 0)]) == [b"a"] * 200 + [b"b"] * 56
