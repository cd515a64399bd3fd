"""The public entry format: canonical JSON, field checks and the private commitment.

No Django here. An entry (the bytes the Merkle leaf hashes) is the canonical
JSON (sorted keys, no whitespace, UTF-8) of an object holding:

- ``v``: format version (1), ``event``: a ``scope:resource:action`` name,
  ``time``: UTC ISO 8601 to the second;
- ``actor``: HMAC-SHA256 hex of the user id under the installation secret, or null;
- ``agency``: the agency id or null; ``subject``: ids of what the event is about;
- ``commitment``: SHA-256 hex of ``salt || canonical JSON of the private details``;
- the caller's public fields, which must be allow-listed, non-personal codes.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Mapping
from typing import Any

EVENT_NAME = re.compile(r"^[a-z_]+:[a-z_]+:[a-z_]+$")
ENTRY_VERSION = 1
MAX_ENTRY_BYTES = 0xFFFF

# Values of public fields are codes, never prose: no spaces, no "@", at most 128 characters.
_CODE = re.compile(r"^[A-Za-z0-9_.:/+=,-]{0,128}$")
_PHONE = re.compile(r"(?<![0-9A-Za-z])\(?[0-9]{3}\)?[-. ][0-9]{3}[-. ][0-9]{4}(?![0-9A-Za-z])")

# Keys a caller may put in ``public``. Everything personal goes in ``private``.
PUBLIC_FIELDS = frozenset(
    {
        "decision",
        "allowed",
        "rule",
        "policy_hash",
        "policy_version",
        "channel",
        "scope",
        "version",
        "kind",
        "status",
        "outcome",
        "category",
        "offense_category",
        "reason_codes",
        "count",
        "clips",
        "cameras",
        "owners_notified",
        "window_minutes",
        "area_sq_mi",
        "duration_seconds",
        "retention_days",
        "days",
        "deadline",
        "expires_at",
        "starts_at",
        "ends_at",
        "late",
        "tree_size",
        "witnesses",
    }
)
_RESERVED = frozenset({"v", "event", "time", "actor", "subject", "commitment"})


class EntryFieldError(ValueError):
    """A public field is not allowed or looks personal; the message says which and why."""


def canonical_json(value: Any) -> bytes:
    """Sorted keys, no insignificant whitespace, UTF-8: equal values give equal bytes."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def actor_pseudonym(*, secret: str, user_id: int) -> str:
    """HMAC-SHA256 of the user id: stable per person, unlinkable without the secret."""
    return hmac.new(secret.encode(), str(user_id).encode(), hashlib.sha256).hexdigest()


def commitment(*, salt: bytes, details: bytes) -> str:
    """Hex SHA-256 of ``salt || details``; the salt stops guessing short details."""
    return hashlib.sha256(salt + details).hexdigest()


def _scalar_check(where: str, value: Any) -> None:
    if value is None or isinstance(value, bool | int):
        return
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise EntryFieldError(f"{where} must be a finite number")
        return
    if isinstance(value, str):
        if not _CODE.match(value) or _PHONE.search(value):
            raise EntryFieldError(
                f"{where} looks like free text or personal data ({value[:20]!r}...): public "
                "values must be codes of at most 128 letters, digits and _.:/+=,- with no "
                "spaces. Put names, addresses and free text in the private details."
            )
        return
    raise EntryFieldError(f"{where} must be a number, a code string or null")


def _value_check(where: str, value: Any) -> None:
    if isinstance(value, list | tuple):
        if len(value) > 256:
            raise EntryFieldError(f"{where} holds more than 256 items")
        for item in value:
            _scalar_check(where, item)
        return
    _scalar_check(where, value)


def public_fields_check(public: Mapping[str, Any]) -> dict[str, Any]:
    """The caller's public fields, checked; EntryFieldError names the first bad one."""
    out: dict[str, Any] = {}
    for key, value in public.items():
        if key == "agency":
            continue  # audit_record moves an agency id given here into the entry's agency
        if key in _RESERVED:
            raise EntryFieldError(f"public field {key!r} is set by audit_record itself")
        if key not in PUBLIC_FIELDS:
            raise EntryFieldError(
                f"public field {key!r} is not in the allow-list of non-personal fields "
                "(fairwitness.audit.entries.PUBLIC_FIELDS); put it in the private details"
            )
        _value_check(f"public field {key!r}", value)
        out[key] = list(value) if isinstance(value, tuple) else value
    return out


def entry_build(
    *,
    event: str,
    time: str,
    actor: str | None,
    agency: int | None,
    subject: Any,
    commitment_hex: str,
    public: dict[str, Any],
) -> bytes:
    """The entry bytes; ``public`` must already have passed ``public_fields_check``."""
    if not EVENT_NAME.match(event):
        raise EntryFieldError(f"event {event!r} must be spelled scope:resource:action")
    body = {
        **public,
        "v": ENTRY_VERSION,
        "event": event,
        "time": time,
        "actor": actor,
        "agency": agency,
        "subject": subject,
        "commitment": commitment_hex,
    }
    data = canonical_json(body)
    if len(data) > MAX_ENTRY_BYTES:
        raise EntryFieldError(f"the public entry is {len(data)} bytes; the limit is 65535")
    return data
