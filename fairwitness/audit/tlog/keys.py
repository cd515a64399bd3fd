"""Key strings: verifier keys (vkeys) and signer keys, for both supported key types.

- vkey: ``<name>+<hex key ID>+base64(type || public key)`` (C2SP signed-note).
- signer key: ``PRIVATE+KEY+<name>+<hex key ID>+base64(type || 32-byte seed)``,
  the encoding used by the Go ``sumdb/note`` package and its tools, so keys move
  between this project and other C2SP software unchanged.

Type 0x01 keys sign log checkpoints; type 0x04 keys are witness cosigners.
"""

from __future__ import annotations

import base64
import binascii
import secrets

from fairwitness.audit.tlog.cosignature import CosignatureSigner, CosignatureVerifier
from fairwitness.audit.tlog.errors import FormatError
from fairwitness.audit.tlog.note import (
    SIG_COSIGNATURE_V1,
    SIG_ED25519,
    Ed25519NoteSigner,
    Ed25519NoteVerifier,
    key_name_check,
)

_SUPPORTED = (SIG_ED25519, SIG_COSIGNATURE_V1)
_PRIVATE_PREFIX = "PRIVATE+KEY+"

AnyVerifier = Ed25519NoteVerifier | CosignatureVerifier
AnySigner = Ed25519NoteSigner | CosignatureSigner


def _split_key(text: str, what: str) -> tuple[str, int, int, bytes]:
    parts = text.strip().split("+", 2)
    if len(parts) != 3:
        raise FormatError(f"{what} must be <name>+<hex key ID>+<base64 key>")
    name, hex_id, b64 = parts
    key_name_check(name)
    if len(hex_id) != 8 or hex_id != hex_id.lower():
        raise FormatError(f"{what} key ID must be 8 lowercase hex digits")
    try:
        kid = int(hex_id, 16)
        blob = base64.b64decode(b64, validate=True)
    except (ValueError, binascii.Error) as exc:
        raise FormatError(f"{what} is not valid hex/base64") from exc
    if len(blob) != 33 or blob[0] not in _SUPPORTED:
        raise FormatError(f"{what} is not a 32-byte Ed25519 key of type 0x01 or 0x04")
    return name, kid, blob[0], blob[1:]


def verifier_from_vkey(vkey: str) -> AnyVerifier:
    """Parse a vkey; FormatError if malformed or its key ID does not match its key."""
    name, kid, sig_type, public = _split_key(vkey, "verifier key")
    verifier: AnyVerifier = (
        Ed25519NoteVerifier(name, public)
        if sig_type == SIG_ED25519
        else CosignatureVerifier(name, public)
    )
    if verifier.key_id != kid:
        raise FormatError("verifier key ID does not match the key")
    return verifier


def vkey_format(verifier: AnyVerifier | AnySigner) -> str:
    """The vkey string for a verifier (or the public half of a signer)."""
    sig_type = (
        SIG_ED25519
        if isinstance(verifier, Ed25519NoteVerifier | Ed25519NoteSigner)
        else SIG_COSIGNATURE_V1
    )
    blob = base64.b64encode(bytes([sig_type]) + verifier.public_key).decode()
    return f"{verifier.name}+{verifier.key_id:08x}+{blob}"


def signer_from_skey(skey: str) -> AnySigner:
    """Parse a ``PRIVATE+KEY+...`` string; FormatError if malformed or inconsistent."""
    skey = skey.strip()
    if not skey.startswith(_PRIVATE_PREFIX):
        raise FormatError("signer key must start with PRIVATE+KEY+")
    name, kid, sig_type, seed = _split_key(skey[len(_PRIVATE_PREFIX) :], "signer key")
    signer: AnySigner = (
        Ed25519NoteSigner(name, seed) if sig_type == SIG_ED25519 else CosignatureSigner(name, seed)
    )
    if signer.key_id != kid:
        raise FormatError("signer key ID does not match the key")
    return signer


def skey_format(signer: AnySigner) -> str:
    """The ``PRIVATE+KEY+...`` string for a signer. Treat the result as a secret."""
    sig_type = SIG_ED25519 if isinstance(signer, Ed25519NoteSigner) else SIG_COSIGNATURE_V1
    blob = base64.b64encode(bytes([sig_type]) + signer.seed).decode()
    return f"{_PRIVATE_PREFIX}{signer.name}+{signer.key_id:08x}+{blob}"


def signer_generate(name: str, *, cosigner: bool = False) -> AnySigner:
    """A fresh random key: a log signer (type 0x01) or a witness cosigner (type 0x04)."""
    key_name_check(name)
    seed = secrets.token_bytes(32)
    return CosignatureSigner(name, seed) if cosigner else Ed25519NoteSigner(name, seed)
