"""C2SP signed-note: parsing, formatting, signing and opening notes.

A note is UTF-8 text ending in a newline, a blank line, then signature lines
``— <name> base64(key ID || signature)``. ``note_open`` applies the spec's
rules: signatures from unknown (name, key ID) pairs are ignored, a known key
whose signature fails rejects the whole note, and at least one known key must
verify.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from fairwitness.audit.tlog.errors import FormatError, SignatureError

SIG_ED25519 = 0x01
SIG_COSIGNATURE_V1 = 0x04
MAX_SIGNATURES = 100
_DASH = "\u2014 "


@dataclass(frozen=True)
class Signature:
    """One signature line: key name, 32-bit key ID and the raw signature bytes after it."""

    name: str
    key_id: int
    signature: bytes

    def line(self) -> str:
        blob = self.key_id.to_bytes(4, "big") + self.signature
        return f"{_DASH}{self.name} {base64.b64encode(blob).decode()}\n"


@dataclass(frozen=True)
class Note:
    """Note text (with its final newline) and its signatures in order."""

    text: str
    signatures: tuple[Signature, ...]

    def format(self) -> str:
        return self.text + "\n" + "".join(s.line() for s in self.signatures)


class NoteVerifier(Protocol):
    """A trusted key: verifies signatures whose (name, key_id) match it."""

    @property
    def name(self) -> str: ...

    @property
    def key_id(self) -> int: ...

    def verify(self, text: bytes, signature: bytes) -> bool: ...


class NoteSigner(Protocol):
    """A private key producing note signatures under (name, key_id)."""

    @property
    def name(self) -> str: ...

    @property
    def key_id(self) -> int: ...

    def sign(self, text: bytes) -> bytes: ...


def key_id(name: str, sig_type: int, public_key: bytes) -> int:
    """SHA-256(name || 0x0A || type || public key)[:4] as a big-endian uint32."""
    digest = hashlib.sha256(name.encode() + b"\n" + bytes([sig_type]) + public_key).digest()
    return int.from_bytes(digest[:4], "big")


def key_name_check(name: str) -> str:
    """Return ``name`` if it is a valid key name (non-empty, no spaces, no ``+``)."""
    if not name or "+" in name or any(c.isspace() for c in name) or not name.isprintable():
        raise FormatError(f"invalid key name {name!r}")
    return name


def _check_characters(text: str) -> None:
    if any(c < " " and c != "\n" for c in text):
        raise FormatError("note contains a control character")


def note_parse(data: bytes | str) -> Note:
    """Split a signed note into text and signatures; FormatError if malformed."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise FormatError("note is not valid UTF-8") from exc
    _check_characters(data)
    split = data.rfind("\n\n")
    if split < 0 or not data.endswith("\n"):
        raise FormatError("note has no blank line before its signatures")
    text, sig_block = data[: split + 1], data[split + 2 :]
    lines = sig_block[:-1].split("\n")
    if len(lines) > MAX_SIGNATURES:
        raise FormatError("note carries too many signatures")
    return Note(text, tuple(_signature_parse(line) for line in lines))


def _signature_parse(line: str) -> Signature:
    if not line.startswith(_DASH):
        raise FormatError(f"malformed signature line {line!r}")
    name, sep, b64 = line[len(_DASH) :].partition(" ")
    if not sep:
        raise FormatError(f"malformed signature line {line!r}")
    key_name_check(name)
    try:
        blob = base64.b64decode(b64, validate=True)
    except binascii.Error as exc:
        raise FormatError(f"signature for {name} is not valid base64") from exc
    if len(blob) < 5:
        raise FormatError(f"signature for {name} is too short")
    return Signature(name, int.from_bytes(blob[:4], "big"), blob[4:])


def note_sign(text: str, signers: Iterable[NoteSigner]) -> str:
    """Sign note ``text`` (which must end in a newline) with every signer."""
    if not text.endswith("\n"):
        raise FormatError("note text must end in a newline")
    _check_characters(text)
    raw = text.encode()
    sigs = tuple(Signature(s.name, s.key_id, s.sign(raw)) for s in signers)
    if not sigs:
        raise ValueError("a note needs at least one signer")
    return Note(text, sigs).format()


def note_open(data: bytes | str, verifiers: Sequence[NoteVerifier]) -> tuple[Note, list[Signature]]:
    """Parse and verify a note; return it with the signatures that verified.

    Raises SignatureError if a signature from a known key fails, or if no known
    key signed the note.
    """
    note = note_parse(data)
    known = {(v.name, v.key_id): v for v in verifiers}
    raw = note.text.encode()
    verified: list[Signature] = []
    for sig in note.signatures:
        verifier = known.get((sig.name, sig.key_id))
        if verifier is None:
            continue
        if not verifier.verify(raw, sig.signature):
            raise SignatureError(f"signature by {sig.name} ({sig.key_id:08x}) does not verify")
        verified.append(sig)
    if not verified:
        raise SignatureError("note is not signed by any trusted key")
    return note, verified


@dataclass(frozen=True)
class Ed25519NoteVerifier:
    """Signature type 0x01: plain Ed25519 over the note text."""

    name: str
    public_key: bytes

    @property
    def key_id(self) -> int:
        return key_id(self.name, SIG_ED25519, self.public_key)

    def verify(self, text: bytes, signature: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.public_key).verify(signature, text)
        except (InvalidSignature, ValueError):
            return False
        return True


@dataclass(frozen=True)
class Ed25519NoteSigner:
    """Signature type 0x01 signer from a 32-byte Ed25519 seed."""

    name: str
    seed: bytes

    @property
    def public_key(self) -> bytes:
        return Ed25519PrivateKey.from_private_bytes(self.seed).public_key().public_bytes_raw()

    @property
    def key_id(self) -> int:
        return key_id(self.name, SIG_ED25519, self.public_key)

    def sign(self, text: bytes) -> bytes:
        return Ed25519PrivateKey.from_private_bytes(self.seed).sign(text)
