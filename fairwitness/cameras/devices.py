"""Pairing codes and device credentials: secrets shown once, stored as SHA-256.

A device token carries 256 random bits, so a plain SHA-256 is a safe verifier
(no slow hash is needed, and lookup is one indexed query). Pairing codes are
shorter, to be typed, so they are single-use and expire within minutes.
"""

from __future__ import annotations

import hashlib
import secrets

TOKEN_PREFIX = "fwd_"  # noqa: S105 - a public marker, not a secret
# Crockford-like alphabet without look-alikes (0/O, 1/I/L): easy to read out and type.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12  # about 59 bits


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def device_token_generate() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def pairing_code_generate() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def pairing_code_normalise(code: str) -> str:
    """Upper-case, without spaces or dashes, so ``abcd-efgh-jkmn`` matches ``ABCDEFGHJKMN``."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def pairing_code_display(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
