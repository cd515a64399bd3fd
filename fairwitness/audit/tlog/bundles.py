"""C2SP tlog-tiles entry bundles: big-endian uint16 length-prefixed entries."""

from __future__ import annotations

from collections.abc import Sequence

from fairwitness.audit.tlog.errors import FormatError

MAX_ENTRY_SIZE = 0xFFFF


def bundle_encode(entries: Sequence[bytes]) -> bytes:
    """Concatenate entries with 2-byte big-endian length prefixes.

    Raises ValueError for an entry longer than 65,535 bytes: the format cannot
    carry it, so the caller must refuse it before it is sequenced.
    """
    parts: list[bytes] = []
    for entry in entries:
        if len(entry) > MAX_ENTRY_SIZE:
            raise ValueError(f"entry of {len(entry)} bytes exceeds the 65535-byte bundle limit")
        parts.append(len(entry).to_bytes(2, "big"))
        parts.append(entry)
    return b"".join(parts)


def bundle_decode(data: bytes, expected: int | None = None) -> list[bytes]:
    """Split a bundle into entries; FormatError on truncation or a wrong entry count."""
    entries: list[bytes] = []
    pos = 0
    while pos < len(data):
        if pos + 2 > len(data):
            raise FormatError("entry bundle ends inside a length prefix")
        length = int.from_bytes(data[pos : pos + 2], "big")
        pos += 2
        if pos + length > len(data):
            raise FormatError("entry bundle ends inside an entry")
        entries.append(data[pos : pos + length])
        pos += length
    if expected is not None and len(entries) != expected:
        raise FormatError(f"entry bundle holds {len(entries)} entries, expected {expected}")
    return entries
