"""A tlog-tiles log stored as static files in a directory.

The directory is exactly what a web server serves under the log prefix:
``checkpoint``, ``tile/<L>/...`` and ``tile/entries/...``. It suits small
installations, tests and benchmarks; the Django sequencer keeps the same
tiles in its database instead.

Invariant: the ``checkpoint`` file is rewritten last, after every tile it
needs is on disk, so a reader never sees a checkpoint without its tiles.
Single writer only: callers serialise ``append`` and ``checkpoint_publish``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from fairwitness.audit.tlog.checkpoint import Checkpoint, checkpoint_parse
from fairwitness.audit.tlog.errors import MissingHashError
from fairwitness.audit.tlog.merkle import leaf_hash
from fairwitness.audit.tlog.note import NoteSigner, note_parse, note_sign
from fairwitness.audit.tlog.sequencing import bundles_append, root_after_append, tiles_append
from fairwitness.audit.tlog.tiles import Tile

_SIZE_FILE = ".size"


def file_write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a fsynced temp file and ``os.replace``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


class DirectoryLog:
    """Append entries and publish signed checkpoints into ``root``."""

    def __init__(self, root: Path, origin: str) -> None:
        self.root = root
        self.origin = origin
        size_path = root / _SIZE_FILE
        self.size = int(size_path.read_text()) if size_path.exists() else 0

    def read(self, tile: Tile) -> bytes:
        path = self.root / tile.path
        try:
            return path.read_bytes()
        except FileNotFoundError as exc:
            raise MissingHashError(f"tile {tile.path} is not stored") from exc

    def append(self, entries: Sequence[bytes]) -> int:
        """Integrate ``entries``; return the new size. Tiles are durable on return."""
        if not entries:
            return self.size
        updated = tiles_append(
            old_size=self.size, leaf_hashes=[leaf_hash(e) for e in entries], read_tile=self.read
        )
        updated.update(bundles_append(old_size=self.size, entries=entries, read_bundle=self.read))
        for tile, data in updated.items():
            file_write_atomic(self.root / tile.path, data)
        self.size += len(entries)
        file_write_atomic(self.root / _SIZE_FILE, str(self.size).encode())
        return self.size

    def checkpoint(self) -> Checkpoint:
        """The current tree head (unsigned)."""
        root = root_after_append(new_size=self.size, updated={}, read_tile=self.read)
        return Checkpoint(self.origin, self.size, root)

    def checkpoint_publish(self, signers: Iterable[NoteSigner]) -> str:
        """Sign the current tree head and make it the served ``checkpoint``."""
        signed = note_sign(self.checkpoint().text(), signers)
        file_write_atomic(self.root / "checkpoint", signed.encode())
        return signed

    def published(self) -> Checkpoint | None:
        """The checkpoint currently served, if any."""
        path = self.root / "checkpoint"
        if not path.exists():
            return None
        return checkpoint_parse(note_parse(path.read_bytes()).text)
