"""Errors raised by the vault.

Every message is written for a person and never contains key material, wrapped
keys or plaintext: callers may log and show them as they are.
"""

from __future__ import annotations

from fairwitness.core.errors import ApplicationError


class VaultError(ApplicationError):
    """Base of every vault failure. The server, not the uploader, is at fault."""

    status = 500
    code = "vault_error"


class VaultCorrupt(VaultError):
    """The stored blob or wrapped key failed authentication or is malformed.

    Raised for any altered, reordered, truncated or extended blob, a blob that
    belongs to another clip, and a wrapped key opened under the wrong owner.
    """

    code = "vault_corrupt"


class VaultKeyUnavailable(VaultError):
    """The clip's data key was destroyed, so the clip can never be decrypted."""

    status = 410
    code = "clip_key_destroyed"


class VaultRangeNotSatisfiable(VaultError):
    """A byte range lies outside the clip's plaintext."""

    status = 416
    code = "range_not_satisfiable"
