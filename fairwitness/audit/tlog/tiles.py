"""C2SP tlog-tiles: tile coordinates, paths, and reading node hashes out of tiles.

A tile at level ``L`` holds up to 256 consecutive hashes of complete subtrees of
height ``8 * L``. Level ``-1`` (``ENTRIES_LEVEL``) stands for entry bundles,
which share the ``<N>[.p/<W>]`` path scheme under ``tile/entries/``.

Invariant for a tree of ``size`` leaves: level ``L`` holds ``size >> (8 * L)``
hashes, split into full tiles of 256 and at most one partial tile on the right.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from fairwitness.audit.tlog.errors import FormatError, MissingHashError
from fairwitness.audit.tlog.merkle import HASH_SIZE, NodeId, root_from_leaf_hashes

TILE_HEIGHT = 8
TILE_WIDTH = 1 << TILE_HEIGHT
FULL_TILE_BYTES = TILE_WIDTH * HASH_SIZE
ENTRIES_LEVEL = -1
MAX_LEVEL = 63


@dataclass(frozen=True, order=True)
class Tile:
    """One tile (or entry bundle when ``level == ENTRIES_LEVEL``) of a given width."""

    level: int
    index: int
    width: int = TILE_WIDTH

    def __post_init__(self) -> None:
        if not ENTRIES_LEVEL <= self.level <= MAX_LEVEL:
            raise ValueError(f"tile level {self.level} out of range")
        if self.index < 0 or not 1 <= self.width <= TILE_WIDTH:
            raise ValueError(f"invalid tile index {self.index} or width {self.width}")

    @property
    def is_full(self) -> bool:
        return self.width == TILE_WIDTH

    @property
    def path(self) -> str:
        """The path below the log prefix, e.g. ``tile/0/x001/234`` or ``tile/entries/000.p/7``."""
        level = "entries" if self.level == ENTRIES_LEVEL else str(self.level)
        suffix = "" if self.is_full else f".p/{self.width}"
        return f"tile/{level}/{index_path(self.index)}{suffix}"

    @property
    def start(self) -> int:
        """Index of the first hash (at this tile's level) the tile holds."""
        return self.index * TILE_WIDTH


def index_path(index: int) -> str:
    """Encode a tile index as zero-padded 3-digit elements, all but the last prefixed ``x``."""
    if index < 0:
        raise ValueError("tile index must be non-negative")
    groups = [f"{index % 1000:03d}"]
    index //= 1000
    while index:
        groups.append(f"x{index % 1000:03d}")
        index //= 1000
    return "/".join(reversed(groups))


_TILE_PATH = re.compile(
    r"^tile/(?P<level>entries|0|[1-9][0-9]?)/(?P<index>(?:x[0-9]{3}/)*[0-9]{3})"
    r"(?:\.p/(?P<width>[1-9][0-9]{0,2}))?$"
)


def tile_from_path(path: str) -> Tile:
    """Parse a tile or entry-bundle path; raise FormatError on anything non-canonical."""
    match = _TILE_PATH.match(path)
    if not match:
        raise FormatError(f"not a tile path: {path!r}")
    level_text = match["level"]
    level = ENTRIES_LEVEL if level_text == "entries" else int(level_text)
    index = int(match["index"].replace("x", "").replace("/", ""))
    width = int(match["width"]) if match["width"] else TILE_WIDTH
    if level > MAX_LEVEL or (match["width"] and width >= TILE_WIDTH):
        raise FormatError(f"tile level or width out of range: {path!r}")
    tile = Tile(level, index, width)
    if tile.path != path:
        # Rejects e.g. "x000/001" so every tile has exactly one path.
        raise FormatError(f"non-canonical tile path: {path!r}")
    return tile


def level_count(size: int, level: int) -> int:
    """Number of hashes at tile level ``level`` (entries count as level 0) for ``size``."""
    return size >> (TILE_HEIGHT * max(level, 0))


def tile_at(level: int, index: int, size: int) -> Tile:
    """The tile ``index`` at ``level`` as it exists in a tree of ``size`` (full or partial)."""
    count = level_count(size, level)
    if index * TILE_WIDTH >= count:
        raise ValueError(f"tile {level}/{index} does not exist at tree size {size}")
    return Tile(level, index, min(TILE_WIDTH, count - index * TILE_WIDTH))


def tiles_for_size(size: int) -> list[Tile]:
    """Every hash tile of a tree of ``size`` leaves, level by level (not entry bundles)."""
    tiles: list[Tile] = []
    level = 0
    while (count := level_count(size, level)) > 0:
        tiles.extend(tile_at(level, i, size) for i in range((count + TILE_WIDTH - 1) // TILE_WIDTH))
        level += 1
    return tiles


def bundles_for_size(size: int) -> list[Tile]:
    """Every entry bundle of a tree of ``size`` leaves."""
    return [tile_at(ENTRIES_LEVEL, i, size) for i in range((size + TILE_WIDTH - 1) // TILE_WIDTH)]


def tile_hashes(data: bytes, tile: Tile) -> list[bytes]:
    """Split tile content into hashes; FormatError unless it is exactly ``width`` hashes."""
    if len(data) != tile.width * HASH_SIZE:
        raise FormatError(f"{tile.path} holds {len(data)} bytes, expected {tile.width * HASH_SIZE}")
    return [data[i : i + HASH_SIZE] for i in range(0, len(data), HASH_SIZE)]


def tile_root(hashes: Sequence[bytes]) -> bytes:
    """Hash of a full tile as stored one level up: MTH of its 256 hashes."""
    if len(hashes) != TILE_WIDTH:
        raise ValueError("only full tiles are hashed into the level above")
    return root_from_leaf_hashes(hashes)


TileFetcher = Callable[[Tile], bytes]
"""Returns a tile's content; raises MissingHashError (or any TlogError) if unavailable."""

TilesFetcher = Callable[[Sequence[Tile]], dict[Tile, bytes]]
"""Returns the content of those of the tiles it has, keyed by tile."""


class TileHashReader:
    """A ``HashReader`` over the tiles of a tree of fixed ``size``.

    Complete subtree ``(8 * L + k, i)`` is the MTH of ``2**k`` hashes in the
    level-``L`` tiles, so any stored node costs at most 127 extra node hashes.
    Fetched tiles are cached for the reader's lifetime. A missing partial tile
    falls back to the full tile, as tlog-tiles allows.
    """

    def __init__(
        self, size: int, fetch: TileFetcher, fetch_many: TilesFetcher | None = None
    ) -> None:
        self.size = size
        self._fetch = fetch
        self._fetch_many = fetch_many
        self._cache: dict[Tile, list[bytes]] = {}

    def tile(self, level: int, index: int) -> list[bytes]:
        """Hashes of tile ``index`` at ``level`` as of this reader's tree size."""
        tile = tile_at(level, index, self.size)
        cached = self._cache.get(tile)
        if cached is None:
            cached = self._fetch_hashes(tile)
            self._cache[tile] = cached
        return cached

    def _fetch_hashes(self, tile: Tile) -> list[bytes]:
        try:
            return tile_hashes(self._fetch(tile), tile)
        except MissingHashError:
            if tile.is_full:
                raise
        # A partial tile may be gone once the full tile exists (or was never
        # published at this size); the full tile's prefix holds the same hashes.
        full = Tile(tile.level, tile.index)
        return tile_hashes(self._fetch(full), full)[: tile.width]

    def __call__(self, nodes: Sequence[NodeId]) -> list[bytes]:
        if self._fetch_many is not None:
            self._prefetch(nodes)
        return [self.node(level, index) for level, index in nodes]

    def _prefetch(self, nodes: Sequence[NodeId]) -> None:
        """Fetch every tile the nodes need in one ``fetch_many`` call (e.g. one query).

        Tiles it does not return are fetched one by one later, with the usual
        partial-to-full fallback, so ``fetch_many`` may omit what it lacks.
        """
        assert self._fetch_many is not None
        wanted: set[Tile] = set()
        for level, index in nodes:
            if (index + 1) << level > self.size:
                continue  # node() raises the error for it
            tile_level, k = divmod(level, TILE_HEIGHT)
            tile = tile_at(tile_level, (index << k) // TILE_WIDTH, self.size)
            if tile not in self._cache:
                wanted.add(tile)
        if not wanted:
            return
        for tile, data in self._fetch_many(sorted(wanted)).items():
            if tile in wanted:
                self._cache[tile] = tile_hashes(data, tile)

    def node(self, level: int, index: int) -> bytes:
        """Hash of the complete subtree ``(level, index)``; it must lie within ``size``."""
        if (index + 1) << level > self.size:
            raise MissingHashError(f"node {level}/{index} is not complete at size {self.size}")
        tile_level, k = divmod(level, TILE_HEIGHT)
        first = index << k
        hashes = self.tile(tile_level, first // TILE_WIDTH)
        offset = first % TILE_WIDTH
        span = hashes[offset : offset + (1 << k)]
        return span[0] if k == 0 else root_from_leaf_hashes(span)
