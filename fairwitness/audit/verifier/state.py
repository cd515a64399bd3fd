"""The verifier's memory: the last checkpoint it accepted for each log.

Default location: ``$XDG_STATE_HOME/fairwitness-verify/<origin hash>`` (or
``~/.local/state/...``). The signed note is stored verbatim, written atomically,
and only after every check on it has passed.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from fairwitness.audit.tlog.checkpoint import Checkpoint, checkpoint_open
from fairwitness.audit.tlog.directory_log import file_write_atomic
from fairwitness.audit.tlog.note import NoteVerifier


def state_dir_default(origin: str) -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "fairwitness-verify" / hashlib.sha256(origin.encode()).hexdigest()


class VerifierState:
    """Last accepted checkpoint, in ``directory/checkpoint``."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / "checkpoint"

    def load(self, verifiers: list[NoteVerifier], origin: str) -> Checkpoint | None:
        """The stored checkpoint, re-verified so a tampered state file cannot mislead."""
        if not self.path.exists():
            return None
        return checkpoint_open(self.path.read_bytes(), verifiers, origin=origin).checkpoint

    def save(self, note: str) -> None:
        file_write_atomic(self.path, note.encode("utf-8"))
