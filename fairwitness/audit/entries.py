"""The public entry format: canonical JSON, field checks and the private commitment.

No Django here. An entry (the bytes the Merkle leaf hashes) is the canonical
JSON (sorted keys, no whitespace, UTF-8) of an object holding, in version 2:

- ``v``: format version (2), ``event``: a ``scope:resource:action`` name,
  ``time``: UTC ISO 8601, to the hour (``...T14:00:00Z``);
- ``actor``: null for the system; for a resident ``{"role": "resident", "tag": T}``
  where ``T = resident_tag(nonce, user id)`` under a fresh random nonce per entry
  (kept in the private details); for an official ``{"role": R, "pseudonym": P}``
  with ``P`` stable for one person within one role and agency (``official_pseudonym``);
- ``agency``: the agency id or null;
- ``subject``: only subjects whose kind its app registered as public
  (``subjects.Publicity``): requests, posts, policy versions, agencies; grants
  only in entries no resident made; never a camera, clip, device or owner;
- ``commitment``: SHA-256 hex of ``salt || canonical JSON of the private details``;
- the caller's public fields, which must be allow-listed, non-personal codes.

Version 1 entries (still in the log, still verifying) carried ``actor`` as
``HMAC-SHA256(secret, user id)`` for everyone, all subject ids, and the time to
the second. ``docs/audit-log.md`` says what they reveal.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

EVENT_NAME = re.compile(r"^[a-z_]+:[a-z_]+:[a-z_]+$")
ENTRY_VERSION = 2
# Every version the log holds; entries are never rewritten, so old ones stay.
ENTRY_VERSIONS = frozenset({1, 2})
MAX_ENTRY_BYTES = 0xFFFF

# Values of public fields are codes, never prose: no spaces, no "@", at most 128 characters.
_CODE = re.compile(r"^[A-Za-z0-9_.:/+=,-]{0,128}$")
_PHONE = re.compile(r"(?<![0-9A-Za-z])\(?[0-9]{3}\)?[-. ][0-9]{3}[-. ][0-9]{4}(?![0-9A-Za-z])")

# Keys a caller may put in ``public``. Everything personal goes in ``private``.
# Each is a code from a small set, a count, or a fact of an agency's or the
# policy's: none can single out a resident (docs/audit-log.md gives the reason
# for each). Exact times, clip lengths, retention periods and camera counts are
# left out on purpose: they could match a resident's footage or a public post.
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
        "owners_notified",
        "window_minutes",
        "area_sq_mi",
        "days",
        "late",
        "tree_size",
        "witnesses",
        "declined",
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
    """Version 1's actor: HMAC-SHA256 of the user id, the same in all of a person's entries.

    No longer written (it let anyone link a resident's entries); kept so that
    version 1 entries can still be explained and checked by auditors.
    """
    return hmac.new(secret.encode(), str(user_id).encode(), hashlib.sha256).hexdigest()


RESIDENT_ROLE = "resident"
_TAG_DOMAIN = b"fairwitness/audit/resident-tag/v2\0"
_PSEUDONYM_DOMAIN = "fairwitness/audit/official/v2"


def resident_tag(*, nonce: bytes, user_id: int) -> str:
    """A resident's per-entry pseudonym: hex SHA-256 of a fresh 32-byte nonce and the user id.

    The nonce is new for every entry and kept only in the private details, so two
    tags of one resident look unrelated; whoever holds the nonce (the resident,
    an auditor) can show the tag is that resident's (``resident_tag_matches``).
    """
    if len(nonce) < 16:
        raise ValueError("the nonce must hold at least 16 random bytes")
    return hashlib.sha256(_TAG_DOMAIN + nonce + str(user_id).encode()).hexdigest()


def resident_tag_matches(*, tag: str, nonce_hex: str, user_id: int) -> bool:
    """Does ``tag`` open to ``user_id`` under ``nonce_hex``? False for any malformed input."""
    try:
        nonce = bytes.fromhex(nonce_hex)
        return hmac.compare_digest(resident_tag(nonce=nonce, user_id=user_id), tag)
    except (ValueError, TypeError):
        return False


def official_pseudonym(*, secret: str, role: str, agency_id: int | None, user_id: int) -> str:
    """An official's pseudonym: the same for one person in one role and agency, 24 hex digits.

    HMAC-SHA256 under the installation's pseudonym secret of the role, the agency
    and the user id. The public sees that one officer filed twenty requests; only
    those holding the secret (oversight auditors, through the private details)
    learn who. A new secret starts new pseudonyms that cannot be linked to the old.
    """
    message = f"{_PSEUDONYM_DOMAIN}\0{role}\0{agency_id or 0}\0{user_id}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:24]


def time_public(moment: datetime) -> str:
    """The entry's time in UTC, cut to the hour: no exact time to match with public posts."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:00:00Z")


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
    actor: dict[str, str] | None,
    agency: int | None,
    subject: Any,
    commitment_hex: str,
    public: dict[str, Any],
) -> bytes:
    """The version 2 entry bytes.

    ``public`` must already have passed ``public_fields_check`` and ``subject``
    must hold only public subjects (``subjects.subjects_public_body``); ``actor``
    is built by the caller from ``resident_tag`` or ``official_pseudonym``.
    """
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


def ownership_check(*, leaf: bytes, user_id: int, salt_hex: str, details: str) -> bool:
    """Does this opening of an entry's commitment prove the entry is ``user_id``'s own act?

    True only when all hold: ``leaf`` is a version 2 entry whose actor is a
    resident tag; ``SHA-256(salt || details)`` is its commitment; the details
    name ``user_id`` as the actor; and the nonce in the details opens the tag to
    ``user_id``. Anyone can run it on a proof the resident hands over; nobody
    without the nonce and salt (kept privately) can make one.
    """
    try:
        body = json.loads(leaf)
        opened = json.loads(details)
        salt = bytes.fromhex(salt_hex)
    except (ValueError, TypeError):
        return False
    actor = body.get("actor") if isinstance(body, dict) else None
    said = opened.get("actor") if isinstance(opened, dict) else None
    if body.get("v") != 2 or not isinstance(actor, dict) or not isinstance(said, dict):
        return False
    if not hmac.compare_digest(
        commitment(salt=salt, details=details.encode()), str(body.get("commitment"))
    ):
        return False
    return said.get("id") == user_id and resident_tag_matches(
        tag=str(actor.get("tag")), nonce_hex=str(said.get("nonce")), user_id=user_id
    )
