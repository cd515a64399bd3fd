"""Durable per-log witness state: the latest checkpoint the witness cosigned.

One file per log, named by the lowercase hex SHA-256 of the origin, holding the
full cosigned checkpoint note (the same bytes the monitoring endpoint serves).
Writes go through a fsynced temp file and ``os.replace``, so a crash leaves
either the old or the new checkpoint, never a torn one. ``locked`` serialises
the check-then-write across threads and processes (``fcntl.flock``), which the
spec requires to prevent a slower request from rolling the size back.
"""

from __future__ import annotations

import fcntl
import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fairwitness.audit.tlog.checkpoint import Checkpoint, checkpoint_parse
from fairwitness.audit.tlog.directory_log import file_write_atomic
from fairwitness.audit.tlog.note import note_parse


def origin_hash(origin: str) -> str:
    """Lowercase hex SHA-256 of the origin, as in the monitoring URL."""
    return hashlib.sha256(origin.encode()).hexdigest()


class WitnessStore:
    """Latest cosigned checkpoint per origin, in ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self._thread_lock = threading.Lock()

    def _path(self, origin: str) -> Path:
        return self.root / f"{origin_hash(origin)}.checkpoint"

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the store's lock (threads and processes) for a check-and-update."""
        with self._thread_lock, (self.root / ".lock").open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def note_text(self, origin: str) -> str | None:
        """The cosigned checkpoint note last stored for ``origin``, if any."""
        path = self._path(origin)
        return path.read_text(encoding="utf-8") if path.exists() else None

    def latest(self, origin: str) -> Checkpoint | None:
        """The checkpoint last cosigned for ``origin``, if any."""
        text = self.note_text(origin)
        return None if text is None else checkpoint_parse(note_parse(text).text)

    def note_text_by_hash(self, hex_hash: str) -> str | None:
        """Stored note for a monitoring request, addressed by origin hash."""
        if len(hex_hash) != 64 or any(c not in "0123456789abcdef" for c in hex_hash):
            return None
        path = self.root / f"{hex_hash}.checkpoint"
        return path.read_text(encoding="utf-8") if path.exists() else None

    def save(self, origin: str, note_text: str) -> None:
        """Durably replace the stored note for ``origin``. Call inside ``locked``."""
        file_write_atomic(self._path(origin), note_text.encode("utf-8"))
