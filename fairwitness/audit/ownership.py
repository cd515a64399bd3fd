"""A resident's proof that a public log entry records their own act.

A version 2 entry names a resident only by a tag made under a fresh nonce, and
commits to private details that hold the nonce. The proof is the opening of
that commitment (salt and details) next to the public entry: anyone can check
it with ``entries.ownership_check``, and only the resident (or an auditor) can
produce it. Nothing in it is public until the resident chooses to show it.
"""

from __future__ import annotations

from dataclasses import dataclass

from fairwitness.accounts.models import User
from fairwitness.audit.entries import ownership_check
from fairwitness.audit.models import AuditEntry
from fairwitness.core.errors import NotFound


@dataclass(frozen=True)
class OwnershipProof:
    """Everything a third party needs to run ``ownership_check`` on one entry."""

    entry_id: int
    index: int | None
    leaf: str
    user_id: int
    salt: str
    details: str

    def as_json(self) -> dict[str, object]:
        return {
            "format": "fairwitness-entry-ownership/v1",
            "index": self.index,
            "leaf": self.leaf,
            "user_id": self.user_id,
            "salt": self.salt,
            "details": self.details,
        }


def entry_ownership_proof(*, viewer: User, entry_id: int) -> OwnershipProof:
    """The viewer's proof for one entry they made; NotFound for any other entry.

    Entries of version 1 (one HMAC actor id for everyone) and entries someone
    else made have no such proof, and say nothing about why.
    """
    entry = (
        AuditEntry.objects.select_related("private")
        .filter(pk=entry_id, private__actor=viewer)
        .first()
    )
    if entry is None:
        raise NotFound("Nothing is here, or you may not see it.")
    leaf = bytes(entry.leaf)
    salt = bytes(entry.private.salt).hex()
    details = entry.private.details
    if not ownership_check(leaf=leaf, user_id=viewer.pk, salt_hex=salt, details=details):
        raise NotFound("Nothing is here, or you may not see it.")
    return OwnershipProof(
        entry_id=entry.pk,
        index=entry.index,
        leaf=leaf.decode("utf-8"),
        user_id=viewer.pk,
        salt=salt,
        details=details,
    )
