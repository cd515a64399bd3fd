"""C2SP tlog-proof: a self-contained inclusion proof with its checkpoint.

Layout: ``c2sp.org/tlog-proof@v1``, optional ``extra <base64>``, ``index <n>``,
the audit path (one base64 hash per line), a blank line, then the signed
checkpoint verbatim.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Sequence
from dataclasses import dataclass

from fairwitness.audit.tlog.checkpoint import SignedCheckpoint, checkpoint_open
from fairwitness.audit.tlog.errors import FormatError
from fairwitness.audit.tlog.merkle import HASH_SIZE, verify_inclusion
from fairwitness.audit.tlog.note import NoteVerifier

HEADER = "c2sp.org/tlog-proof@v1"
_INDEX = re.compile(r"^index (0|[1-9][0-9]*)$")


@dataclass(frozen=True)
class TlogProof:
    """An entry index, its audit path, the signed checkpoint text and optional extra data."""

    index: int
    path: tuple[bytes, ...]
    checkpoint: str
    extra: bytes | None = None

    def format(self) -> str:
        lines = [HEADER]
        if self.extra is not None:
            lines.append("extra " + base64.b64encode(self.extra).decode())
        lines.append(f"index {self.index}")
        lines.extend(base64.b64encode(h).decode() for h in self.path)
        return "\n".join(lines) + "\n\n" + self.checkpoint


def _b64(text: str, what: str) -> bytes:
    try:
        value = base64.b64decode(text, validate=True)
    except binascii.Error as exc:
        raise FormatError(f"{what} is not valid base64") from exc
    if base64.b64encode(value).decode() != text:
        raise FormatError(f"{what} is not canonical base64")
    return value


def proof_parse(text: str) -> TlogProof:
    """Parse a tlog-proof strictly; FormatError if any line is out of place."""
    head, sep, checkpoint = text.partition("\n\n")
    if not sep or not checkpoint:
        raise FormatError("tlog-proof has no blank line before the checkpoint")
    lines = head.split("\n")
    if lines[0] != HEADER:
        raise FormatError("tlog-proof must start with " + HEADER)
    pos = 1
    extra: bytes | None = None
    if pos < len(lines) and lines[pos].startswith("extra "):
        extra = _b64(lines[pos][len("extra ") :], "extra data")
        pos += 1
    match = _INDEX.match(lines[pos]) if pos < len(lines) else None
    if not match:
        raise FormatError("tlog-proof needs an 'index <n>' line")
    path = tuple(_b64(line, "proof hash") for line in lines[pos + 1 :])
    if any(len(h) != HASH_SIZE for h in path):
        raise FormatError("tlog-proof hashes must be 32 bytes")
    return TlogProof(int(match.group(1)), path, checkpoint, extra)


def proof_verify(
    proof: TlogProof, leaf: bytes, verifiers: Sequence[NoteVerifier], *, origin: str
) -> SignedCheckpoint:
    """Check the checkpoint signature and that ``leaf`` (a leaf hash) is included.

    Witness quorum policy is the caller's: inspect ``verified`` on the result.
    """
    signed = checkpoint_open(proof.checkpoint, verifiers, origin=origin)
    cp = signed.checkpoint
    verify_inclusion(proof.index, cp.size, leaf, proof.path, cp.root_hash)
    return signed
