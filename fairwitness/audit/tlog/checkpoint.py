"""C2SP tlog-checkpoint: the note text naming a log's origin, size and root hash."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from fairwitness.audit.tlog.errors import FormatError
from fairwitness.audit.tlog.merkle import HASH_SIZE
from fairwitness.audit.tlog.note import Note, NoteVerifier, Signature, note_open

_SIZE = re.compile(r"^(0|[1-9][0-9]*)$")
MAX_SIZE = (1 << 63) - 1


@dataclass(frozen=True)
class Checkpoint:
    """A tree head. ``extensions`` are the opaque extra lines, each non-empty."""

    origin: str
    size: int
    root_hash: bytes
    extensions: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if not self.origin or "\n" in self.origin:
            raise FormatError("checkpoint origin must be one non-empty line")
        if not 0 <= self.size <= MAX_SIZE:
            raise FormatError("checkpoint size out of range")
        if len(self.root_hash) != HASH_SIZE:
            raise FormatError("checkpoint root hash must be 32 bytes")
        if any(not line or "\n" in line for line in self.extensions):
            raise FormatError("checkpoint extension lines must be non-empty single lines")

    def text(self) -> str:
        """The note text, ending in a newline."""
        lines = [self.origin, str(self.size), base64.b64encode(self.root_hash).decode()]
        return "\n".join([*lines, *self.extensions]) + "\n"


def checkpoint_parse(text: str) -> Checkpoint:
    """Parse checkpoint note text (no signatures) strictly; FormatError if invalid."""
    if not text.endswith("\n"):
        raise FormatError("checkpoint text must end in a newline")
    lines = text[:-1].split("\n")
    if len(lines) < 3 or any(not line for line in lines):
        raise FormatError("checkpoint needs origin, size and root hash on non-empty lines")
    origin, size_text, root_text, *extensions = lines
    if not _SIZE.match(size_text):
        raise FormatError(f"checkpoint size {size_text!r} is not a canonical decimal")
    try:
        root = base64.b64decode(root_text, validate=True)
    except binascii.Error as exc:
        raise FormatError("checkpoint root hash is not base64") from exc
    checkpoint = Checkpoint(origin, int(size_text), root, tuple(extensions))
    if checkpoint.text() != text:
        raise FormatError("checkpoint root hash is not canonical base64")
    return checkpoint


@dataclass(frozen=True)
class SignedCheckpoint:
    """A checkpoint with the note it came from and the signatures that verified."""

    checkpoint: Checkpoint
    note: Note
    verified: tuple[Signature, ...]


def checkpoint_open(
    data: bytes | str, verifiers: Sequence[NoteVerifier], *, origin: str | None = None
) -> SignedCheckpoint:
    """Verify a signed checkpoint note and parse it.

    Raises SignatureError unless a trusted key signed it, FormatError if the
    text is not a checkpoint or its origin differs from ``origin``.
    """
    note, verified = note_open(data, verifiers)
    checkpoint = checkpoint_parse(note.text)
    if origin is not None and checkpoint.origin != origin:
        raise FormatError(f"checkpoint origin {checkpoint.origin!r} is not {origin!r}")
    return SignedCheckpoint(checkpoint, note, tuple(verified))
